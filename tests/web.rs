//! Saved web pages as seeds: a fixture site of pages written for the
//! purpose (a news page, a blog, windows-1252 and Shift_JIS pages), hostile
//! pages, `attest text`, and the extraction eval when it is there.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use attest::ingest::{BlockKind, SeedFormat};
use common::*;
use dom_query::Document;

/// Runs the binary: (exit code, stdout, stderr).
fn attest(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_attest"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn built() -> tempfile::TempDir {
    let site = fixture("web");
    let report = build_site(site.path());
    assert!(report.succeeded, "{}", messages(&report));
    // A Japanese quote is not "one word": the site builds without a warning.
    let warnings = messages(&report);
    assert_eq!(warnings.matches("warning[").count(), 0, "{warnings}");
    site
}

#[test]
fn every_quote_of_the_saved_pages_highlights_exactly() {
    let site = built();
    let out = site.path().join("public");
    let page =
        |slug: &str| fs::read_to_string(out.join(format!("articles/{slug}/index.html"))).unwrap();
    let news = page("harbour-news");
    let expect = |html: &str, id: &str, pieces: &[&str]| {
        assert_eq!(evidence_pieces(html, id), pieces, "text of {id}");
    };
    // Entities decoded: a no-break space, curly quotes.
    expect(
        &news,
        "ev-troops-at-harbour-1",
        &[
            "About 1,500\u{a0}troops arrived at the port of Vladivostok on Tuesday, officials said, in what they called “the largest movement” of the year.",
        ],
    );
    // Inline markup and a link are text; the link's address is not.
    expect(
        &news,
        "ev-troops-at-harbour-2",
        &[
            "it was very likely that the soldiers – most of them young – would move on by train. Read the ministry's statement",
        ],
    );
    expect(
        &news,
        "ev-troops-at-harbour-3",
        &["columns of lorries leaving the port at night & that the roads were closed"],
    );
    expect(
        &news,
        "ev-troops-at-harbour-4",
        &["Long convoy on the coast road tonight, never seen so many trucks."],
    );
    let blog = page("coast-blog");
    // A line break ends a block: the quote is the first line of its paragraph.
    expect(
        &blog,
        "ev-troops-at-harbour-5",
        &["I could see soldiers sitting in rows, most of them very young."],
    );
    expect(
        &blog,
        "ev-troops-at-harbour-6",
        &["Tuesday: none at all, the road was quiet again."],
    );
    expect(
        &page("minato"),
        "ev-troops-at-harbour-7",
        &["火曜日、約千五百人の兵士が港に到着した"],
    );
    let cafe = page("cafe");
    expect(
        &cafe,
        "ev-cafe-trade-1",
        &["business fell by a third – “the worst autumn in years” – after the port closed."],
    );
    expect(
        &cafe,
        "ev-cafe-trade-2",
        &["Prices rose by 12\u{a0}€ per crate"],
    );
    let broken = broken_links(&out);
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn the_page_fills_what_the_article_file_leaves_out_and_says_from_where() {
    let site = built();
    let out = site.path().join("public");
    let news = fs::read_to_string(out.join("articles/harbour-news/index.html")).unwrap();
    let dl = |html: &str| {
        let doc = Document::from(html);
        let mut out = Vec::new();
        for d in doc.select("dt, dd").nodes() {
            out.push(d.text().split_whitespace().collect::<Vec<_>>().join(" "));
        }
        out.join(" | ")
    };
    let text = dl(&news);
    assert!(news.contains("<h1>Troops seen at the harbour</h1>"));
    for shown in [
        "Found at | Harbour Times (from the page: JSON-LD NewsArticle.publisher)",
        "Published | 2024-10-24 (from the page: JSON-LD NewsArticle.datePublished)",
        "(from the page: <link rel=\"canonical\">)",
        "Author | Jane Doe, Ken Roe (from JSON-LD NewsArticle.author)",
        "Modified | 2024-10-25T10:00:00+02:00 (from JSON-LD NewsArticle.dateModified)",
        "Language | en-GB (from JSON-LD NewsArticle.inLanguage)",
    ] {
        assert!(text.contains(shown), "not shown: {shown}\n{text}");
    }
    assert!(news.contains("href=\"https://harbour-times.example/2024/10/troops-seen\""));
    // The article file wins over the page.
    let blog = dl(&fs::read_to_string(out.join("articles/coast-blog/index.html")).unwrap());
    assert!(blog.contains("Found at | A coastal blog |"), "{blog}");
    assert!(
        blog.contains("Published | 2024-10-23 (from the page: <meta name=\"date\">)"),
        "{blog}"
    );
}

#[test]
fn the_text_as_read_is_published_and_offsets_refer_to_it() {
    let site = built();
    let out = site.path().join("public");
    let claims: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("claims.json")).unwrap()).unwrap();
    let mut checked = 0;
    for claim in claims["claims"].as_array().unwrap() {
        for ev in claim["evidence"].as_array().unwrap() {
            let slug = ev["article"].as_str().unwrap();
            let text = fs::read_to_string(out.join(format!("articles/{slug}/text.txt"))).unwrap();
            let (s, e) = (
                ev["start_char"].as_u64().unwrap() as usize,
                ev["end_char"].as_u64().unwrap() as usize,
            );
            let by_chars: String = text.chars().skip(s).take(e - s).collect();
            assert_eq!(by_chars, ev["exact"].as_str().unwrap());
            checked += 1;
        }
    }
    assert_eq!(checked, 9);
    // Text seeds are published as they are.
    let good = fixture("good");
    assert!(build_site(good.path()).succeeded);
    assert_eq!(
        fs::read(good.path().join("public/articles/report/text.txt")).unwrap(),
        fs::read(good.path().join("seeds/report.txt")).unwrap()
    );
}

#[test]
fn the_news_page_keeps_its_text_and_hides_its_furniture() {
    let site = built();
    let news =
        fs::read_to_string(site.path().join("public/articles/harbour-news/index.html")).unwrap();
    let doc = Document::from(news.as_str());
    let shown = doc.select(".article-text").text().to_string();
    let hidden = doc.select(".furniture-list").text().to_string();
    for kept in [
        "Troops seen at the harbour",
        "By Jane Doe and Ken Roe",
        "October 24, 2024",
        "Ships at the quay on Tuesday. Photo: Harbour Times/Staff",
        "What the residents saw",
        "Officials did not say where the trains would go next.",
    ] {
        assert!(shown.contains(kept), "not in the text: {kept}");
    }
    for gone in [
        "We use cookies",
        "Politics",
        "Share on X",
        "Sign up for our morning newsletter",
        "Navy exercise ends early",
        "Reader Bob",
        "All rights reserved",
    ] {
        assert!(!shown.contains(gone), "in the text: {gone}");
        assert!(hidden.contains(gone), "not listed as furniture: {gone}");
    }
    for reason in [
        "cookie banner",
        "navigation",
        "share buttons",
        "subscription banner",
        "related links",
        "comments",
        "page footer",
    ] {
        assert!(hidden.contains(reason), "no furniture for {reason}");
    }
    assert!(!news.contains("script text must not show"));
}

/// Every element and attribute of an output page, for safety checks.
fn assert_nothing_from_the_page_runs_or_loads(html: &str, page: &str, seed_page: bool) {
    let doc = Document::from(html);
    for el in doc.select("*").nodes() {
        let name = el.node_name().unwrap_or_default().to_string();
        // The site's own head and icons may use these; nothing of the page may.
        let forbidden = [
            "iframe", "img", "form", "base", "object", "embed", "input", "button",
        ];
        assert!(
            !seed_page || !forbidden.contains(&name.as_str()),
            "{page}: <{name}>"
        );
        if ["script", "style", "svg"].contains(&name.as_str()) {
            let markup = el.html().to_string();
            assert!(
                !markup.contains("evil.example") && !markup.contains("alert("),
                "{page}: {markup}"
            );
        }
        for attr in el.attrs() {
            let key = attr.name.local.to_string();
            let value = attr.value.to_string().to_ascii_lowercase();
            assert!(!key.starts_with("on"), "{page}: event handler {key}");
            if [
                "href",
                "src",
                "action",
                "data",
                "srcset",
                "formaction",
                "poster",
            ]
            .contains(&key.as_str())
            {
                assert!(!value.contains("javascript:"), "{page}: {key}={value}");
                assert!(!value.contains("evil.example"), "{page}: {key}={value}");
            }
        }
        if name == "meta" {
            assert!(el.attr("http-equiv").is_none(), "{page}: meta http-equiv");
        }
    }
}

const HOSTILE: &str = r#"<!DOCTYPE html><html><head><base href="https://evil.example/">
<meta http-equiv="refresh" content="0;url=https://evil.example/">
<link rel="stylesheet" href="https://evil.example/x.css"><link rel="preload" href="https://evil.example/f.woff">
<script>alert("head script")</script><style>p{display:none}</style>
<script type="application/ld+json">{"@type":"NewsArticle","headline":"<script>alert(1)</script> headline","url":"javascript:alert(1)","publisher":{"name":"<img src=https://evil.example/p.png onerror=alert(1)>"}}</script>
</head><body onload="alert('body')">
<h1 onclick="alert(1)">A hostile <script>alert("inline")</script>page</h1>
<p>First paragraph with <a href="javascript:alert('link')">a javascript link</a> and <img src="https://evil.example/i.png" onerror="alert(1)"> an image, long enough to be the article text of this page.</p>
<svg onload="alert(1)"><script>alert("svg")</script><text>svg text</text></svg>
<iframe src="https://evil.example/frame"></iframe><object data="https://evil.example/o"></object>
<form action="https://evil.example/post"><input name="q" value="x"><button>Send it</button></form>
<p>Second paragraph: &lt;script&gt;alert("escaped")&lt;/script&gt; stays text, as do <b onmouseover="alert(1)">bold words</b> and more words to make it long.</p>
<p>Third paragraph <a href="https://evil.example/">with an address</a> that must not become a link on the article page.</p>
</body></html>"#;

#[test]
fn nothing_from_a_hostile_page_runs_or_loads() {
    let site = fixture("web");
    fs::write(site.path().join("seeds/hostile.html"), HOSTILE).unwrap();
    let report = build_site(site.path());
    assert!(report.succeeded, "{}", messages(&report));
    let out = site.path().join("public");
    for (path, bytes) in files(&out) {
        if path.ends_with(".html") {
            let seed_page = path.starts_with("articles/");
            assert_nothing_from_the_page_runs_or_loads(
                &String::from_utf8(bytes).unwrap(),
                &path,
                seed_page,
            );
        }
    }
    let page = fs::read_to_string(out.join("articles/hostile/index.html")).unwrap();
    let text = Document::from(page.as_str())
        .select(".article-text")
        .text()
        .to_string();
    assert!(
        text.contains("<script>alert(\"escaped\")</script> stays text"),
        "{text}"
    );
    assert!(text.contains("with an address that must not"), "{text}");
    assert!(
        !text.contains("svg text")
            && !text.contains("head script")
            && !text.contains("alert(\"inline\")")
    );
}

#[test]
fn deep_and_huge_pages_fail_fast_with_a_located_error() {
    let site = fixture("web");
    let deep = format!("<html><body>{}deep</body></html>", "<div>".repeat(100_000));
    fs::write(site.path().join("seeds/deep.html"), &deep).unwrap();
    let big = format!(
        "<html><body>{}</body></html>",
        "<p>filler words here</p>\n".repeat(2_200_000)
    );
    assert!(big.len() > 50_000_000);
    fs::write(site.path().join("seeds/huge.html"), &big).unwrap();
    let start = std::time::Instant::now();
    let report = build_site(site.path());
    let text = messages(&report);
    assert!(!report.succeeded);
    assert!(
        text.contains("error[page-too-deep]: seeds/deep.html:1:5013:"),
        "{text}"
    );
    assert!(
        text.contains("error[page-too-large]: seeds/huge.html is 52 MiB"),
        "{text}"
    );
    // Bounded: far below what parsing 100,000 nested elements takes (about 40 s).
    assert!(start.elapsed().as_secs() < 20, "{:?}", start.elapsed());
}

#[test]
fn bytes_that_fit_no_charset_are_an_error_at_the_byte() {
    let site = fixture("web");
    // A UTF-8 byte-order mark is never overruled.
    fs::write(
        site.path().join("seeds/bad.html"),
        b"\xEF\xBB\xBF<p>ok</p>\n<p>caf\xE9 au lait</p>",
    )
    .unwrap();
    let report = build_site(site.path());
    assert!(!report.succeeded);
    let text = messages(&report);
    assert!(text.contains("error[undecodable-page]: seeds/bad.html:2:7: byte 0xE9 (byte offset 19) is not valid UTF-8"), "{text}");
    assert!(
        text.contains("the page declares UTF-8 in its byte-order mark"),
        "{text}"
    );
}

#[test]
fn a_page_whose_bytes_fit_another_charset_is_read_in_it_with_a_warning() {
    let site = fixture("web");
    // Declared UTF-8, but written in windows-1252 throughout.
    fs::write(
        site.path().join("seeds/latin.html"),
        b"<meta charset=utf-8>\n<h1>Caf\xE9 au lait</h1><p>Der Stra\xDFenverkehr in M\xFCnchen \
          ruhte am Sonntag, als die Stadt den Caf\xE9s die Stra\xDFen \xFCberlie\xDF.</p>",
    )
    .unwrap();
    // UTF-8 but for one byte of windows-1252 (a template's): the UTF-8 stays.
    fs::write(
        site.path().join("seeds/mixed.html"),
        b"<meta charset=utf-8>\n<h1>Gr\xC3\xBC\xC3\x9Fe aus M\xC3\xBCnchen</h1>\
          <p>Die Stra\xC3\x9Fen waren leer.</p><p>K\xFCchenblog</p>",
    )
    .unwrap();
    let report = build_site(site.path());
    assert!(report.succeeded, "{}", messages(&report));
    let text = messages(&report);
    assert!(text.contains("warning[page-charset-mismatch]: seeds/latin.html:2:8: byte 0xE9 (byte offset 28) is not valid UTF-8; read as windows-1252"), "{text}");
    assert!(text.contains("the page declares UTF-8 in <meta charset> (utf-8), but its bytes fit windows-1252: attest read it as windows-1252"), "{text}");
    assert!(
        text.contains("warning[page-charset-mismatch]: seeds/mixed.html:2:"),
        "{text}"
    );
    assert!(
        text.contains(
            "but 1 byte is not UTF-8: attest read the rest as UTF-8 and that byte as windows-1252"
        ),
        "{text}"
    );
    let latin = fs::read_to_string(site.path().join("public/articles/latin/text.txt")).unwrap();
    assert!(
        latin.contains("Der Straßenverkehr in München ruhte"),
        "{latin}"
    );
    let mixed = fs::read_to_string(site.path().join("public/articles/mixed/text.txt")).unwrap();
    assert!(
        mixed.contains("Grüße aus München") && mixed.contains("Küchenblog"),
        "{mixed}"
    );
    // Strict builds refuse it.
    let mut options = attest::build::BuildOptions::new(site.path());
    options.strict = true;
    assert!(!attest::build::build(&options).succeeded);
}

#[test]
fn attest_text_shows_what_attest_reads() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/web/seeds");
    let schema: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/schemas/text.v1.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for seed in [
        "harbour-news.html",
        "blog-post.htm",
        "cafe-1252.html",
        "minato-sjis.html",
    ] {
        let path = dir.join(seed);
        let (code, text, err) = attest(&["text", path.to_str().unwrap()]);
        assert_eq!(code, 0, "{err}");
        insta::assert_snapshot!(format!("text_{seed}"), text);
        let (code, json, err) = attest(&["text", "--format", "json", path.to_str().unwrap()]);
        assert_eq!(code, 0, "{err}");
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{seed}: {errors:?}");
        if seed == "harbour-news.html" {
            insta::assert_snapshot!("text_json_harbour-news", json);
        }
    }
    // A text seed too, outside any site.
    let report = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good/seeds/report.txt");
    let (code, json, _) = attest(&["text", "--format", "json", report.to_str().unwrap()]);
    assert_eq!(code, 0);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(validator.is_valid(&value));
    assert_eq!(value["format"], "text");
    // Inside a site, the article file's furniture list applies.
    let (_, text, _) = attest(&["text", dir.join("blog-post.htm").to_str().unwrap()]);
    assert!(text.contains("Update  [line"), "{text}");
}

#[test]
fn new_article_writes_what_the_page_says() {
    let site = fixture("web");
    fs::remove_file(site.path().join("content/articles/harbour-news.md")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_attest"))
        .args([
            "new",
            "article",
            "seeds/harbour-news.html",
            "--root",
            site.path().to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = fs::read_to_string(site.path().join("content/articles/harbour-news.md")).unwrap();
    for line in [
        "title = \"Troops seen at the harbour\"",
        "outlet = \"Harbour Times\"",
        "url = \"https://harbour-times.example/2024/10/troops-seen\"",
        "published = 2024-10-24",
    ] {
        assert!(
            text.lines().any(|l| l.starts_with(line)),
            "missing {line}:\n{text}"
        );
    }
    assert!(
        text.contains("from the page: JSON-LD NewsArticle.datePublished"),
        "{text}"
    );
    assert!(build_site(site.path()).succeeded);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
    #[test]
    fn arbitrary_bytes_as_a_web_page_never_panic(
        bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..600),
        markup in "(<[a-z]{1,6}( [a-z]+=\"[^\"]{0,8}\")?>|</[a-z]{1,6}>|<br>|&[a-z]{2,5};|[a-zA-Z .,\n]{0,12}){0,40}",
    ) {
        for input in [bytes.clone(), markup.into_bytes()] {
            if let Ok(page) = attest::load::page::decode_page("p.html", input) {
                let reading = attest::ingest::read(&page.text, SeedFormat::Html, &["x"]);
                let text = reading.text.unwrap();
                let mut last_end = 0;
                for b in &reading.ingested.blocks {
                    let block = &text[b.range.clone()];
                    proptest::prop_assert!(!block.is_empty() && !block.contains('\n'));
                    proptest::prop_assert!(b.range.start >= last_end);
                    last_end = b.range.end;
                    proptest::prop_assert_eq!(b.hidden_because.is_some(), b.kind == BlockKind::Furniture);
                }
            }
        }
    }
}

/// The measured F1 on the extraction eval, less a margin for rounding.
const EVAL_F1_FLOOR: f64 = 0.93;

#[path = "../examples/extraction_eval.rs"]
#[allow(dead_code)]
mod eval;

#[test]
fn extraction_quality_on_real_pages_stays_above_the_floor() {
    let Some(dir) = eval::find_eval_dir() else {
        eprintln!("no shared/extraction-eval beside the repository: skipped");
        return;
    };
    let s = eval::score(&dir, false, false).all;
    assert_eq!(s.pages, 250);
    assert!(
        s.f1() >= EVAL_F1_FLOOR,
        "F1 {:.4} (precision {:.4}, recall {:.4}) is below {EVAL_F1_FLOOR}",
        s.f1(),
        s.precision(),
        s.recall()
    );
}

#[test]
fn a_headline_with_the_site_name_gives_way_to_the_headline_in_the_text() {
    let site = fixture("web");
    let page = r#"<html><head><meta property="og:title" content="Ships leave the port | Quay Weekly"></head>
<body><h1>Ships leave the port</h1><p>The last ships left the port on Friday morning, harbour officials said, ahead of the storm.</p></body></html>"#;
    fs::write(site.path().join("seeds/ships.html"), page).unwrap();
    let report = build_site(site.path());
    assert!(report.succeeded, "{}", messages(&report));
    let html = fs::read_to_string(site.path().join("public/articles/ships/index.html")).unwrap();
    assert!(html.contains("<h1>Ships leave the port</h1>"), "{html}");
}
