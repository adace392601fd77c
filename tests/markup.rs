//! Hostile text in every field of a site's files never becomes markup: the
//! built pages are parsed as a browser parses them (html5ever) and hold no
//! script, event handler or `javascript:` link but the site's own, every
//! page keeps its whole body, and every JSON-LD block parses. Links with a
//! refused scheme are located errors.

mod common;

use std::fs;
use std::path::Path;

use attest::build::{BuildReport, build};
use common::*;
use scraper::{Html, Selector};

/// Payloads that break out of text, attributes, comments and scripts if
/// they reach a page unescaped. No `'`: they go into TOML literal strings.
const PAYLOADS: &[&str] = &[
    "Ships moved troops <!--<script> to Vladivostok.",
    "</script><script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "\"><svg onload=alert(3)>",
    "<iframe src=javascript:alert(4)></iframe>",
    "]]><!-- & &amp; \\u003c",
];

fn payload() -> String {
    PAYLOADS.join(" ")
}

/// Replaces `from` (which must be there) by `to` in `root/rel`.
fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join(rel);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} has no {from:?}");
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// The good fixture with a payload in every text field and body.
fn hostile_site(extra_config: &str) -> tempfile::TempDir {
    let site = fixture("good");
    let root = site.path();
    let p = payload();
    let lit = |s: &str| format!("'{s}'");
    edit(
        root,
        "config.toml",
        "title = \"Fixture desk\"",
        &format!("title = {}", lit(&p)),
    );
    edit(
        root,
        "config.toml",
        "name = \"Fixture Desk\"",
        &format!("name = {}", lit(&p)),
    );
    edit(
        root,
        "config.toml",
        "label = \"Unproven\"",
        &format!("label = {}", lit(&p)),
    );
    let config = fs::read_to_string(root.join("config.toml")).unwrap();
    fs::write(
        root.join("config.toml"),
        format!("{config}\n{extra_config}"),
    )
    .unwrap();
    let claim = "content/claims/port-troops.md";
    edit(
        root,
        claim,
        "title = \"1,500 troops moved to the port city\"",
        &format!("title = {}", lit(&p)),
    );
    edit(
        root,
        claim,
        "claim = \"1,500 troops moved to the port city on Friday.\"",
        &format!("claim = {}", lit(PAYLOADS[0])),
    );
    edit(
        root,
        claim,
        "claimant = \"Officials\"",
        &format!("claimant = {}", lit(&p)),
    );
    edit(
        root,
        claim,
        "tags = [\"troops\"]",
        &format!("tags = [\"troops\", {}]", lit(&p)),
    );
    edit(
        root,
        claim,
        "attributed_to = \"Officials\"",
        &format!("attributed_to = {}", lit(&p)),
    );
    edit(
        root,
        claim,
        "note = \"Typed with plain spaces; the seed has a no-break space and a double space.\"",
        &format!("note = {}", lit(&p)),
    );
    edit(
        root,
        claim,
        "\n[[evidence]]",
        &format!(
            "\n[[changes]]\ndate = 2024-12-30\nnote = {}\n\n[[evidence]]",
            lit(&p)
        ),
    );
    edit(
        root,
        claim,
        "The analysis, with",
        &format!("{p}\n\n# Heading {{#h .c onclick=alert(5)}}\n\nThe analysis, with"),
    );
    edit(
        root,
        "content/articles/report.md",
        "outlet = \"Fixture Wire\"",
        &format!("outlet = {}\ntitle = {}", lit(&p), lit(&p)),
    );
    edit(
        root,
        "content/articles/report.md",
        "A report with every",
        &format!("{p}\n\nA report with every"),
    );
    edit(
        root,
        "content/pages/about.md",
        "About the fixture.",
        &format!("{p}\n\nAbout the fixture."),
    );
    edit(
        root,
        "content/_index.md",
        "A fixture site.",
        &format!("{p}\n\nA fixture site."),
    );
    edit(
        root,
        "seeds/report.txt",
        "close\n",
        &format!("close\n\n{p}\n"),
    );
    site
}

fn built(site: &tempfile::TempDir) -> BuildReport {
    let report = build(&options(site.path()));
    assert!(report.succeeded, "{}", messages(&report));
    report
}

/// Elements that hostile text could bring in: only the search page has a form.
const FORBIDDEN: &[&str] = &[
    "svg", "iframe", "img", "object", "embed", "form", "base", "math",
];

/// Every problem a browser would see in the built pages of `out`;
/// `allowed` are elements of `FORBIDDEN` the site may hold.
fn markup_problems(out: &Path, allowed: &[&str]) -> Vec<String> {
    let any = Selector::parse("*").unwrap();
    let body_end = Selector::parse("body > footer").unwrap();
    let scripts = Selector::parse("script").unwrap();
    let mut problems = Vec::new();
    for (path, bytes) in files(out) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = Html::parse_document(&String::from_utf8(bytes).unwrap());
        if html.select(&body_end).next().is_none() {
            problems.push(format!("{path}: the body lost its footer"));
        }
        for script in html.select(&scripts) {
            let kind = script.value().attr("type").unwrap_or("");
            let src = script.value().attr("src").unwrap_or("");
            if kind == "application/ld+json" {
                let text: String = script.text().collect();
                if let Err(e) = serde_json::from_str::<serde_json::Value>(&text) {
                    problems.push(format!("{path}: JSON-LD does not parse: {e}"));
                }
            } else if !src.ends_with("search.js") && !src.ends_with("filter.js") {
                problems.push(format!("{path}: a script {}", script.html()));
            }
        }
        for el in html.select(&any) {
            let name = el.value().name();
            let search_form = name == "form" && path == "search/index.html";
            if FORBIDDEN.contains(&name) && !allowed.contains(&name) && !search_form {
                problems.push(format!("{path}: an element <{name}>"));
            }
            for (attr, value) in el.value().attrs() {
                if attr.starts_with("on") {
                    problems.push(format!("{path}: <{name} {attr}={value:?}>"));
                }
                if ["href", "src", "action", "formaction", "xlink:href"].contains(&attr)
                    && attest::url::refused_scheme(value).is_some()
                {
                    problems.push(format!("{path}: <{name} {attr}={value:?}>"));
                }
            }
        }
    }
    problems
}

#[test]
fn hostile_text_in_every_field_stays_text() {
    let site = hostile_site("");
    let report = built(&site);
    let out = site.path().join("public");
    assert_eq!(markup_problems(&out, &[]), Vec::<String>::new());
    // The claim and its analysis are there, as text.
    let page = fs::read_to_string(out.join("claims/port-troops/index.html")).unwrap();
    let doc = Html::parse_document(&page);
    let main: String = doc
        .select(&Selector::parse("main").unwrap())
        .flat_map(|m| m.text())
        .collect();
    assert!(main.contains(PAYLOADS[0]), "{main}");
    assert!(main.contains("<img src=x onerror=alert(2)>"), "{main}");
    assert!(main.contains("The analysis, with a link to"), "{main}");
    // Raw HTML is shown as text, and said so once per text that holds it.
    let text = messages(&report);
    assert!(text.contains("warning[raw-html]"), "{text}");
    let mut data: Vec<std::path::PathBuf> =
        vec![out.join("claims.json"), out.join("annotations.jsonld")];
    data.extend(
        walkdir::WalkDir::new(out.join("search-index"))
            .into_iter()
            .map(|e| e.unwrap().into_path())
            .filter(|p| p.extension().is_some_and(|x| x == "json")),
    );
    assert!(data.len() > 2, "the search index has JSON files");
    for file in data {
        let bytes = fs::read(&file).unwrap();
        serde_json::from_slice::<serde_json::Value>(&bytes)
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    }
    for xml in ["atom.xml", "sitemap.xml"] {
        let text = fs::read_to_string(out.join(xml)).unwrap();
        roxmltree::Document::parse(&text).unwrap();
    }
}

#[test]
fn opted_in_html_is_sanitised_everywhere() {
    let site = hostile_site("[markdown]\nunsafe_html = true\n");
    edit(
        site.path(),
        "content/claims/harbour-quiet.md",
        "Two claims cite",
        "<mark class=\"kept\">Kept</mark> <a href=\"https://example.org/\" onmouseover=\"x()\">a</a>\n\nTwo claims cite",
    );
    let report = built(&site);
    assert!(
        !messages(&report).contains("raw-html"),
        "{}",
        messages(&report)
    );
    let out = site.path().join("public");
    // `<img src=x onerror=...>` keeps its image, without the handler.
    assert_eq!(markup_problems(&out, &["img"]), Vec::<String>::new());
    let page = fs::read_to_string(out.join("claims/harbour-quiet/index.html")).unwrap();
    assert!(page.contains("<mark class=\"kept\">Kept</mark>"), "{page}");
    assert!(page.contains("href=\"https://example.org/\""), "{page}");
}

#[test]
fn links_with_a_refused_scheme_are_located_errors() {
    let claim = "content/claims/port-troops.md";
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            claim,
            "The analysis, with",
            "[x](javascript:alert(1)) The analysis, with",
            "javascript",
        ),
        (
            claim,
            "The analysis, with",
            "![x](data:image/svg+xml,y) The analysis, with",
            "data",
        ),
        (
            claim,
            "The analysis, with",
            "[x][r] The analysis, with",
            "javascript",
        ),
        (
            claim,
            "The analysis, with",
            "<vbscript:msgbox> The analysis, with",
            "vbscript",
        ),
        (
            claim,
            "note = \"Typed with",
            "note = \"See [this](JaVaScRiPt:alert(1)). Typed with",
            "javascript",
        ),
        (
            claim,
            "\n[[evidence]]",
            "\n[[changes]]\ndate = 2024-12-30\nnote = \"[x](<java\\tscript:alert(1)>)\"\n\n[[evidence]]",
            "javascript",
        ),
        (
            "content/articles/report.md",
            "outlet = \"Fixture Wire\"",
            "outlet = \"Fixture Wire\"\nurl = \"javascript:alert(1)\"",
            "javascript",
        ),
        (
            "config.toml",
            "name = \"Fixture Desk\"",
            "name = \"Fixture Desk\"\nurl = \"data:text/html,x\"",
            "data",
        ),
    ];
    for (file, from, to, scheme) in cases {
        let site = fixture("good");
        edit(site.path(), file, from, to);
        if to.contains("[x][r]") {
            let path = site.path().join(file);
            let text = fs::read_to_string(&path).unwrap();
            fs::write(&path, format!("{text}\n[r]: javascript:alert(1)\n")).unwrap();
        }
        let report = build(&options(site.path()));
        assert!(!report.succeeded, "{to}");
        let lines = report.diagnostics.short_lines();
        let wanted = format!("error[unsafe-url]: a `{scheme}:`");
        let line = lines
            .iter()
            .find(|l| l.contains(&wanted))
            .unwrap_or_else(|| panic!("{to}: no {wanted} in {lines:#?}"));
        // Located: file:line:col.
        let at = line.split(": ").next().unwrap();
        let parts: Vec<&str> = at.split(':').collect();
        assert_eq!(parts.len(), 3, "{line}");
        assert_eq!(parts[0], *file, "{line}");
        assert!(!site.path().join("public").exists());
    }
}

/// Markdown made of text and the pieces that break out of HTML and URLs.
fn hostile_markdown() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let piece = prop_oneof![
        "[a-z ]{0,12}",
        Just("<script>alert(1)</script>".to_string()),
        Just("<!--<script>".to_string()),
        Just("<img src=x onerror=alert(2)>".to_string()),
        Just("<a href=\"javascript:alert(3)\">x</a>".to_string()),
        Just("[x](javascript:alert(4))".to_string()),
        Just("[x](<java\tscript:alert(5)>)".to_string()),
        Just("![x](data:image/svg+xml,y)".to_string()),
        Just("<svg onload=alert(6)>".to_string()),
        Just("\n# H {onclick=alert(7)}\n".to_string()),
        Just("<style>*{}</style>".to_string()),
        Just("`<b>`".to_string()),
        Just("\n```\n<script>\n```\n".to_string()),
        Just("\n\n".to_string()),
        Just("&#106;avascript:".to_string()),
        Just("\"'>".to_string()),
    ];
    proptest::collection::vec(piece, 0..12).prop_map(|p| p.concat())
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
    #[test]
    fn no_markdown_becomes_a_script_a_handler_or_a_script_link(
        md in hostile_markdown(),
        unsafe_html in proptest::bool::ANY,
    ) {
        let links = attest::render::markdown::Links { claims: &[], articles: &[], pages: &[], root: "" };
        let (html, _) = attest::render::markdown::render(&md, "c.md", 0, &links, unsafe_html);
        let doc = Html::parse_fragment(&html);
        for el in doc.select(&Selector::parse("*").unwrap()) {
            let name = el.value().name();
            proptest::prop_assert!(
                !["script", "style", "svg", "iframe", "object", "embed", "form"].contains(&name),
                "<{}> from {:?}: {}", name, md, html
            );
            proptest::prop_assert!(unsafe_html || name != "img" || el.value().attr("src").is_none_or(|s| s != "x"));
            for (attr, value) in el.value().attrs() {
                proptest::prop_assert!(!attr.starts_with("on"), "{} from {:?}: {}", attr, md, html);
                proptest::prop_assert!(
                    !(["href", "src"].contains(&attr) && attest::url::refused_scheme(value).is_some()),
                    "{}={:?} from {:?}", attr, value, md
                );
            }
        }
    }
}
