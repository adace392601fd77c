//! A good fixture site, built into a temp dir: links resolve, every evidence
//! span is on its article page with exactly the matched text, untrusted seed
//! text is escaped, and builds are byte-identical.

mod common;

use std::fs;

use attest::build::build;
use common::*;

#[test]
fn the_good_fixture_builds_without_problems() {
    let site = fixture("good");
    let report = build_site(site.path());
    assert!(report.succeeded, "{}", messages(&report));
    assert_eq!(messages(&report), "", "no warnings expected");
    assert_eq!((report.claims, report.articles, report.evidence), (2, 2, 9));
    let out = site.path().join("public");
    for page in [
        "index.html",
        "about/index.html",
        "claims/port-troops/index.html",
        "claims/harbour-quiet/index.html",
        "articles/report/index.html",
        "articles/calm/index.html",
        "style.css",
        ".attest-output",
    ] {
        assert!(out.join(page).is_file(), "missing {page}");
    }
}

#[test]
fn every_internal_link_and_fragment_resolves() {
    let site = fixture("good");
    assert!(build_site(site.path()).succeeded);
    let broken = broken_links(&site.path().join("public"));
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

/// Only the canonical link, the feed link and the 404 page (served at
/// any depth) use absolute URLs.
#[test]
fn every_link_is_relative() {
    let site = fixture("good");
    assert!(build_site(site.path()).succeeded);
    for (path, bytes) in files(&site.path().join("public")) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        for href in attr_values(&html, "href") {
            let allowed = html.contains(&format!("rel=\"canonical\" href=\"{href}\""))
                || href == "https://fixture.example/checks/atom.xml";
            let absolute = href.starts_with('/') || href.contains("fixture.example");
            if path == "404.html" {
                let ok =
                    href.starts_with("https://fixture.example/checks/") || href.starts_with('#');
                assert!(ok, "404.html: {href}");
            } else {
                assert!(allowed || !absolute, "{path}: absolute link {href}");
            }
        }
    }
}

/// Each evidence span holds exactly the seed's own characters.
#[test]
fn evidence_spans_hold_exactly_the_matched_original_text() {
    let site = fixture("good");
    assert!(build_site(site.path()).succeeded);
    let out = site.path().join("public");
    let report = fs::read_to_string(out.join("articles/report/index.html")).unwrap();
    let calm = fs::read_to_string(out.join("articles/calm/index.html")).unwrap();
    let expect = |html: &str, id: &str, pieces: &[&str]| {
        assert!(
            attr_values(html, "id").contains(&id.to_string()),
            "no element with id {id}"
        );
        assert_eq!(evidence_pieces(html, id), pieces, "text of {id}");
    };
    // Straight quotes and hyphens typed; curly quotes and en dashes in the seed.
    expect(
        &report,
        "ev-port-troops-1",
        &["it was “very likely” that officers – two of them – were killed"],
    );
    // Plain spaces typed; a no-break space and a double space in the seed.
    expect(
        &report,
        "ev-port-troops-2",
        &["1,500\u{a0}troops had  moved to the port city"],
    );
    // An ellipsis gap covers the text between.
    expect(
        &report,
        "ev-port-troops-3",
        &[
            "The ministry said it was “very likely” that officers – two of them – were killed near the front",
        ],
    );
    // A prefix picks the second of two identical phrases.
    expect(&report, "ev-port-troops-4", &["said troops moved"]);
    assert!(
        report
            .contains("Later, the minister <mark class=\"ev ev-asserts\" id=\"ev-port-troops-4\"")
    );
    // A quote across two paragraphs: one piece in each.
    expect(
        &report,
        "ev-port-troops-5",
        &["ends here.", "The second part begins here"],
    );
    // Markup in a seed is text.
    expect(
        &report,
        "ev-port-troops-6",
        &["<script>alert(\"pwned\")</script> and <b>bold</b> & more"],
    );
    // A BOM and CRLF line ends change nothing.
    expect(
        &calm,
        "ev-port-troops-7",
        &["No troops were seen by anyone"],
    );
    // Overlapping spans of two claims are both there.
    expect(
        &report,
        "ev-harbour-quiet-2",
        &["officers – two of them – were killed", " near the front"],
    );
}

#[test]
fn claim_pages_link_to_the_exact_spot_and_articles_link_back() {
    let site = fixture("good");
    assert!(build_site(site.path()).succeeded);
    let out = site.path().join("public");
    let claim = fs::read_to_string(out.join("claims/port-troops/index.html")).unwrap();
    let hrefs = attr_values(&claim, "href");
    for k in 1..=6 {
        assert!(
            hrefs.contains(&format!("../../articles/report/#ev-port-troops-{k}")),
            "link {k}"
        );
    }
    assert!(hrefs.contains(&"../../articles/calm/#ev-port-troops-7".to_string()));
    let article = fs::read_to_string(out.join("articles/report/index.html")).unwrap();
    let back = attr_values(&article, "href");
    assert!(back.contains(&"../../claims/port-troops/#e1".to_string()));
    assert!(back.contains(&"../../claims/harbour-quiet/#e2".to_string()));
    // Furniture is hidden from the text and listed at the end.
    let (text, furniture) = article.split_once("class=\"furniture\"").unwrap();
    assert!(!text_of(text).contains("Source link"));
    assert!(text_of(furniture).contains("Source link"));
}

#[test]
fn seed_markup_never_reaches_a_page_unescaped() {
    let site = fixture("good");
    assert!(build_site(site.path()).succeeded);
    for (path, bytes) in files(&site.path().join("public")) {
        let page = String::from_utf8_lossy(&bytes);
        if path.ends_with(".json") || path.ends_with(".jsonld") {
            // In JSON the seed's text is data: it must parse and keep the text whole.
            let value: serde_json::Value = serde_json::from_str(&page).unwrap();
            if path == "claims.json" {
                assert!(
                    value
                        .to_string()
                        .contains(r#"<script>alert(\"pwned\")</script>"#)
                );
            }
            continue;
        }
        if path.ends_with("/text.txt") {
            // The text as attest reads it, plain text: the markup is the seed's words.
            continue;
        }
        assert!(
            !page.contains("<script>alert"),
            "{path} has the seed's script tag"
        );
        assert!(!page.contains("<b>bold"), "{path} has the seed's b tag");
    }
}

#[test]
fn two_builds_are_byte_identical_whatever_the_thread_count() {
    let a = fixture("good");
    let b = fixture("good");
    assert!(build_site(a.path()).succeeded);
    let one_thread = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let report = one_thread.install(|| build(&options(b.path())));
    assert!(report.succeeded);
    assert_eq!(
        files(&a.path().join("public")),
        files(&b.path().join("public"))
    );
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = fixture("good");
    assert!(build_site(site.path()).succeeded);
    let out = site.path().join("public");
    let before = files(&out);
    let claim = site.path().join("content/claims/port-troops.md");
    let good = fs::read_to_string(&claim).unwrap();
    fs::write(
        &claim,
        good.replace("stance = \"denies\"", "stance = \"deny\""),
    )
    .unwrap();
    let beside = || {
        let mut names: Vec<_> = fs::read_dir(site.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("public"))
            .collect();
        names.sort();
        names
    };
    let report = build_site(site.path());
    assert!(!report.succeeded);
    assert_eq!(files(&out), before);
    // The staging directory the failed build began is gone; only the
    // output's manifest of hashes and the lock file are left beside it.
    assert_eq!(
        beside(),
        [".public.attest-lock", ".public.attest-manifest", "public"]
    );
    // The build before last is kept for the next build, failed or not.
    fs::write(&claim, &good).unwrap();
    assert!(build_site(site.path()).succeeded);
    assert!(build_site(site.path()).succeeded);
    let before = files(&out);
    fs::write(
        &claim,
        good.replace("stance = \"denies\"", "stance = \"deny\""),
    )
    .unwrap();
    assert!(!build_site(site.path()).succeeded);
    assert_eq!(files(&out), before);
    assert_eq!(
        beside(),
        [
            ".public.attest-lock",
            ".public.attest-manifest",
            ".public.attest-prev",
            ".public.attest-prev-manifest",
            "public"
        ]
    );
}

#[test]
fn rebuilds_rewrite_only_the_pages_that_changed() {
    let site = fixture("good");
    let out = site.path().join("public");
    let mtime = |p: &str| fs::metadata(out.join(p)).unwrap().modified().unwrap();
    assert!(build_site(site.path()).succeeded);
    let about = mtime("about/index.html");
    let claim = mtime("claims/harbour-quiet/index.html");
    std::thread::sleep(std::time::Duration::from_millis(20));
    let path = site.path().join("content/claims/harbour-quiet.md");
    let text = fs::read_to_string(&path)
        .unwrap()
        .replace("rating = \"true\"", "rating = \"false\"");
    fs::write(&path, text).unwrap();
    // The third build reuses the first one's directory as its staging area.
    assert!(build_site(site.path()).succeeded);
    assert!(build_site(site.path()).succeeded);
    assert_eq!(
        mtime("about/index.html"),
        about,
        "an unchanged page was rewritten"
    );
    assert_ne!(
        mtime("claims/harbour-quiet/index.html"),
        claim,
        "a changed page was not rewritten"
    );
    let page = fs::read_to_string(out.join("claims/harbour-quiet/index.html")).unwrap();
    assert!(page.contains("rating-false"));
}

#[test]
fn a_rebuild_replaces_the_output_whole() {
    let site = fixture("good");
    assert!(build_site(site.path()).succeeded);
    let out = site.path().join("public");
    fs::write(out.join("stale.html"), "old").unwrap();
    fs::remove_file(site.path().join("content/pages/about.md")).unwrap();
    let index = site.path().join("content/_index.md");
    fs::write(&index, "+++\n+++\nNo links any more.\n").unwrap();
    for _ in 0..3 {
        assert!(build_site(site.path()).succeeded);
        assert!(!out.join("stale.html").exists());
        assert!(!out.join("about/index.html").exists());
        assert!(!out.join("about").exists());
    }
}

#[test]
fn a_site_template_overrides_one_default_and_static_is_copied() {
    let site = fixture("good");
    fs::create_dir_all(site.path().join("templates")).unwrap();
    fs::write(
        site.path().join("templates/page.html"),
        "{% extends \"base.html\" %}{% block content %}<h1>CUSTOM {{ title }}</h1>{% endblock content %}",
    )
    .unwrap();
    fs::create_dir_all(site.path().join("static/img")).unwrap();
    fs::write(site.path().join("static/img/logo.svg"), "<svg/>").unwrap();
    fs::write(site.path().join("static/.hidden"), "x").unwrap();
    let report = build_site(site.path());
    assert!(report.succeeded, "{}", messages(&report));
    let out = site.path().join("public");
    let about = fs::read_to_string(out.join("about/index.html")).unwrap();
    assert!(about.contains("<h1>CUSTOM About</h1>"));
    let claim = fs::read_to_string(out.join("claims/port-troops/index.html")).unwrap();
    assert!(
        claim.contains("class=\"evidence\""),
        "other templates stay the defaults"
    );
    assert_eq!(fs::read(out.join("img/logo.svg")).unwrap(), b"<svg/>");
    assert!(!out.join(".hidden").exists());
}

#[test]
fn check_writes_nothing() {
    let site = fixture("good");
    let mut opts = options(site.path());
    opts.check_only = true;
    let report = build(&opts);
    assert!(report.succeeded);
    assert!(!site.path().join("public").exists());
}

#[test]
fn drafts_are_built_only_when_asked() {
    let site = fixture("good");
    let claim = site.path().join("content/claims/harbour-quiet.md");
    let text = fs::read_to_string(&claim).unwrap().replace(
        "published = 2024-11-02",
        "published = 2024-11-02\ndraft = true",
    );
    fs::write(&claim, text).unwrap();
    assert_eq!(build_site(site.path()).claims, 1);
    let mut opts = options(site.path());
    opts.drafts = true;
    assert_eq!(build(&opts).claims, 2);
}

#[test]
fn the_output_dir_must_not_hold_the_sources() {
    let site = fixture("good");
    let root = site.path();
    for bad in [
        root.to_path_buf(),
        root.join("content"),
        root.join("seeds/out"),
        root.join("static"),
        root.parent().unwrap().to_path_buf(),
    ] {
        let mut opts = options(root);
        opts.output_dir = Some(bad.clone());
        let report = build(&opts);
        assert!(!report.succeeded, "built into {}", bad.display());
        assert!(
            messages(&report).contains("error[output-dir-refused]"),
            "{}",
            messages(&report)
        );
    }
    assert!(root.join("content/claims/port-troops.md").is_file());
}

#[test]
fn a_non_empty_dir_without_the_marker_is_not_replaced() {
    let site = fixture("good");
    let out = tempfile::tempdir().unwrap();
    fs::write(out.path().join("thesis.docx"), "precious").unwrap();
    let mut opts = options(site.path());
    opts.output_dir = Some(out.path().to_path_buf());
    let report = build(&opts);
    assert!(!report.succeeded);
    assert!(messages(&report).contains("not empty and was not built by attest"));
    assert_eq!(
        fs::read(out.path().join("thesis.docx")).unwrap(),
        b"precious"
    );
}

/// The demo builds without a single warning, even under `--strict`: every
/// passage discovery points at is linked or settled with `[[not_evidence]]`.
#[test]
fn the_demo_site_builds_clean_even_under_strict() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let mut opts = options(root);
    opts.output_dir = Some(out.path().join("public"));
    opts.strict = true;
    let report = build(&opts);
    assert!(report.succeeded, "{}", messages(&report));
    assert_eq!(messages(&report), "", "the demo has warnings");
    let broken = broken_links(&out.path().join("public"));
    assert!(broken.is_empty(), "{broken:?}");
}

/// The main content of a page, for snapshots.
fn main_of(html: &str) -> &str {
    let start = html.find("<main").unwrap();
    let end = html.find("</main>").unwrap() + "</main>".len();
    &html[start..end]
}

#[test]
fn claim_and_article_pages_match_their_snapshots() {
    let site = fixture("good");
    assert!(build_site(site.path()).succeeded);
    let out = site.path().join("public");
    let claim = fs::read_to_string(out.join("claims/port-troops/index.html")).unwrap();
    insta::assert_snapshot!("claim_page_main", main_of(&claim));
    let article = fs::read_to_string(out.join("articles/report/index.html")).unwrap();
    insta::assert_snapshot!("article_page_main", main_of(&article));
}

/// A title the collected text does not state, and an attribution the
/// passage does not name, are both marked as the site's own on the page.
#[test]
fn an_inferred_attribution_and_a_title_of_our_own_are_marked() {
    let site = fixture("good");
    let root = site.path();
    fs::write(
        root.join("seeds/untitled.txt"),
        "Officials are said to have closed the harbour to every ship for the whole weekend after the storm.\n",
    )
    .unwrap();
    fs::write(
        root.join("content/articles/untitled.md"),
        "+++\nseed = \"untitled.txt\"\ntitle = \"The harbour closed\"\n+++\n",
    )
    .unwrap();
    let claim = "+++\ntitle = \"The harbour was closed\"\nclaim = \"The harbour was closed for the weekend.\"\nclaimant = \"Officials\"\nrating = \"unproven\"\npublished = 2024-11-01\n\n[[evidence]]\narticle = \"untitled\"\nstance = \"asserts\"\nquote = \"Officials are said to have closed the harbour\"\nattributed_to = \"The port authority\"\nattribution_inferred = true\n\n[[evidence]]\narticle = \"report\"\nstance = \"asserts\"\nquote = \"1,500 troops had moved to the port city\"\nattributed_to = \"Officials\"\n+++\nThe analysis.\n";
    fs::write(root.join("content/claims/harbour-closed.md"), claim).unwrap();
    let report = build_site(root);
    assert!(report.succeeded, "{}", messages(&report));
    assert_eq!(messages(&report), "", "no warnings expected");
    let out = root.join("public");
    let page = fs::read_to_string(out.join("claims/harbour-closed/index.html")).unwrap();
    let inferred = "(our inference: the passage does not name its source)";
    assert_eq!(page.matches(inferred).count(), 1, "{page}");
    assert!(page.contains(&format!(
        "Attributed to The port authority <span class=\"inferred\">{inferred}"
    )));
    // Only the untitled article's title is ours; the report states its own.
    assert_eq!(page.matches("(our title: the text has none)").count(), 1);
    assert!(page.contains("The harbour closed, ¶1</a> <span class=\"title-ours\">"));
    let ours = "ours: the collected text has none";
    let untitled = fs::read_to_string(out.join("articles/untitled/index.html")).unwrap();
    assert!(untitled.contains(ours));
    let titled = fs::read_to_string(out.join("articles/report/index.html")).unwrap();
    assert!(!titled.contains(ours));
    let data: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("claims.json")).unwrap()).unwrap();
    let claim = data["claims"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["slug"] == "harbour-closed")
        .unwrap();
    let flags: Vec<_> = claim["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["attribution_inferred"].as_bool())
        .collect();
    assert_eq!(flags, [Some(true), Some(false)]);

    // Inferred from no one: a warning that points at the key.
    let alone = claim_without_source(claim_text_of(root));
    fs::write(root.join("content/claims/harbour-closed.md"), alone).unwrap();
    let report = build_site(root);
    let text = messages(&report);
    assert!(
        text.contains("warning[inferred-without-attribution]"),
        "{text}"
    );
    assert!(
        text.contains("content/claims/harbour-closed.md:12:24"),
        "{text}"
    );
}

fn claim_text_of(root: &std::path::Path) -> String {
    fs::read_to_string(root.join("content/claims/harbour-closed.md")).unwrap()
}

fn claim_without_source(text: String) -> String {
    text.replacen("attributed_to = \"The port authority\"\n", "", 1)
}

/// The sources fixture: one wire story (NIS), its declared copy, a spun
/// version nobody declared (a twin), two parts of Ukraine's government in
/// one article, and Moscow's denial.
fn sources_site() -> (tempfile::TempDir, std::path::PathBuf) {
    let site = fixture("sources");
    let report = build_site(site.path());
    assert!(report.succeeded, "{}", messages(&report));
    assert_eq!(
        report.diagnostics.warning_count(),
        0,
        "{}",
        messages(&report)
    );
    let out = site.path().join("public");
    (site, out)
}

#[test]
fn independence_folds_copies_twins_and_the_parts_of_one_government() {
    let (_site, out) = sources_site();
    let html = fs::read_to_string(out.join("claims/port-troops/index.html")).unwrap();
    let text = text_of(&html);
    // Copies and the spun twin are one report; Zelenskyy and the HUR are
    // Ukraine; the NIS counts as South Korea's government at level 1.
    assert!(
        text.contains(
            "For (asserts): 2 primary sources (Government of South Korea, Government of Ukraine) in 2 reports"
        ),
        "{text}"
    );
    assert!(
        text.contains("Against (denies): 1 primary source (Government of Russia) in 1 report"),
        "{text}"
    );
    assert!(
        text.contains("Caveats (qualifies): 1 report, naming no source"),
        "{text}"
    );
    // The same passage in the copy is shown once, with where else it is.
    assert!(text.contains("4 asserts"), "{text}");
    assert!(text.contains("1 qualifies"), "{text}");
    assert!(text.contains("Also in: Reposts Daily, ¶1"), "{text}");
    // The verdict comes before the analysis, the scale's meaning behind it.
    let verdict = html.find("Two governments say so").unwrap();
    assert!(verdict < html.find("analysis-heading").unwrap());
    assert!(html.contains("<details class=\"rating-meaning\">"));
    let broken = broken_links(&out);
    assert!(broken.is_empty(), "{broken:?}");
}

/// An article page lists the claims that cite it with their counts (a
/// site's template may show them), folded as on the claim's page: a passage
/// reworded in a declared copy (a twin) is shown once.
#[test]
fn article_pages_count_a_claims_passages_with_their_twins_folded() {
    let site = fixture("sources");
    let spun = site.path().join("content/articles/spun.md");
    let text = fs::read_to_string(&spun).unwrap();
    fs::write(
        &spun,
        text.replacen(
            "outlet = \"Spun News\"\n",
            "outlet = \"Spun News\"\ncopy_of = \"wire\"\n",
            1,
        ),
    )
    .unwrap();
    fs::create_dir_all(site.path().join("templates")).unwrap();
    fs::write(
        site.path().join("templates/article.html"),
        "{% for c in claims %}{{ c.title }}:{% for s in c.counts %} {{ s.count }} {{ s.stance }}{% endfor %}\n{% endfor %}",
    )
    .unwrap();
    let report = build_site(site.path());
    assert!(report.succeeded, "{}", messages(&report));
    let out = site.path().join("public");
    let claim = text_of(&fs::read_to_string(out.join("claims/port-troops/index.html")).unwrap());
    // wire, its copy and the spun copy's twin are one passage; kyiv's two.
    assert!(claim.contains("3 asserts"), "{claim}");
    for article in ["wire", "wire-copy", "spun", "kyiv"] {
        let page = fs::read_to_string(out.join(format!("articles/{article}/index.html"))).unwrap();
        assert!(
            page.contains("1,500 troops moved to the port: 3 asserts 1 denies 1 qualifies"),
            "{article}: {page}"
        );
    }
}

#[test]
fn independence_level_two_counts_the_parts_of_a_government_apart() {
    let site = fixture("sources");
    let config = site.path().join("config.toml");
    let text = fs::read_to_string(&config).unwrap();
    fs::write(&config, text.replace("level = 1", "level = 2")).unwrap();
    assert!(build_site(site.path()).succeeded);
    let html =
        fs::read_to_string(site.path().join("public/claims/port-troops/index.html")).unwrap();
    let text = text_of(&html);
    assert!(
        text.contains("For (asserts): 3 primary sources (South Korea's National Intelligence Service, Ukraine's Defence Intelligence Directorate, Volodymyr Zelenskyy) in 2 reports"),
        "{text}"
    );
}

#[test]
fn the_methodology_pages_say_what_the_summary_counts() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for page in [
        "content/pages/methodology.md",
        "src/init/starter/content/pages/methodology.md",
    ] {
        let text = fs::read_to_string(root.join(page)).unwrap();
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            flat.contains(attest::model::independence::METHOD),
            "{page} does not say what the summary counts:\n{}",
            attest::model::independence::METHOD
        );
    }
}

#[test]
fn the_claims_listing_filters_by_rating_and_tag_with_static_pages() {
    let (_site, out) = sources_site();
    let all = fs::read_to_string(out.join("claims/index.html")).unwrap();
    assert!(all.contains("href=\"../ratings/likely/\""), "{all}");
    assert!(all.contains("href=\"../tags/troops/\""), "{all}");
    // One published date: the newer claim first, then by title.
    let quiet = all.find("No troops reached the front").unwrap();
    let port = all.find("1,500 troops moved to the port").unwrap();
    assert!(quiet < port);
    let likely = fs::read_to_string(out.join("ratings/likely/index.html")).unwrap();
    assert!(likely.contains("1,500 troops moved to the port"));
    assert!(!likely.contains("No troops reached the front</a>"));
    assert!(likely.contains("aria-current=\"page\">Likely"), "{likely}");
    // The source pages: who said what, linked to the exact passage.
    let ukraine = fs::read_to_string(out.join("sources/ukraine/index.html")).unwrap();
    let text = text_of(&ukraine);
    assert!(
        text.contains("the first units had reached the front line"),
        "{text}"
    );
    assert!(
        ukraine.contains("../../articles/kyiv/#ev-quiet-1"),
        "{ukraine}"
    );
    assert!(ukraine.contains("../../sources/zelenskyy/"));
    let index = fs::read_to_string(out.join("sources/index.html")).unwrap();
    assert!(index.contains("sources/hur/"));
    let sitemap = fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("/sources/ukraine/</loc>"));
    assert!(sitemap.contains("/ratings/likely/</loc>"));
    let data: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("claims.json")).unwrap()).unwrap();
    let port = data["claims"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["slug"] == "port-troops")
        .unwrap();
    assert!(
        port["verdict"]
            .as_str()
            .unwrap()
            .starts_with("Two governments")
    );
    assert_eq!(port["independence"][0]["reports"], 2);
    assert_eq!(
        port["evidence"].as_array().unwrap().len(),
        8,
        "claims.json keeps every entry"
    );
    assert_eq!(port["evidence"][4]["sources"][0]["source"], "hur");
    let broken = broken_links(&out);
    assert!(broken.is_empty(), "{broken:?}");
}

#[cfg(unix)]
#[test]
fn symbolic_links_are_followed_inside_the_site_only() {
    use std::os::unix::fs::symlink;
    let site = fixture("good");
    let root = site.path();
    fs::create_dir_all(root.join("shared")).unwrap();
    fs::write(
        root.join("shared/team.md"),
        "+++\ntitle = \"The team\"\n+++\nWho we are.\n",
    )
    .unwrap();
    // Inside the site: read as the file it leads to.
    symlink("../../shared/team.md", root.join("content/pages/team.md")).unwrap();
    symlink("report.txt", root.join("seeds/report-copy.txt")).unwrap();
    // Outside, broken, a loop, a folder: skipped, each with a warning.
    let outside = tempfile::tempdir().unwrap();
    fs::write(
        outside.path().join("secret.txt"),
        "Private notes, not for the site.\n",
    )
    .unwrap();
    symlink(
        outside.path().join("secret.txt"),
        root.join("seeds/secret.txt"),
    )
    .unwrap();
    symlink("/etc/passwd", root.join("seeds/passwd.txt")).unwrap();
    symlink("nothing.txt", root.join("seeds/broken.txt")).unwrap();
    symlink("loop.txt", root.join("seeds/loop.txt")).unwrap();
    fs::create_dir_all(root.join("static")).unwrap();
    symlink("../content", root.join("static/sources")).unwrap();
    // An editor's lock file is a dangling link too: ignored, as hidden files are.
    symlink(
        "user@host.1234",
        root.join("content/claims/.#port-troops.md"),
    )
    .unwrap();

    let report = build_site(root);
    let text = messages(&report);
    assert!(report.succeeded, "{text}");
    let skipped: Vec<String> = report
        .diagnostics
        .short_lines()
        .into_iter()
        .filter(|l| l.contains("warning[symlink-skipped]"))
        .collect();
    assert_eq!(skipped.len(), 5, "{skipped:#?}");
    for (file, why) in [
        ("seeds/broken.txt", "leads nowhere"),
        ("seeds/loop.txt", "loops"),
        ("seeds/passwd.txt", "outside the site"),
        ("seeds/secret.txt", "outside the site"),
        ("static/sources", "not a file"),
    ] {
        assert!(
            skipped
                .iter()
                .any(|l| l.starts_with(file) && l.contains(why)),
            "{file}: {skipped:#?}"
        );
    }
    let out = root.join("public");
    assert!(out.join("team/index.html").is_file());
    assert!(out.join("articles/report-copy/index.html").is_file());
    let everything: Vec<u8> = files(&out).into_values().flatten().collect();
    let everything = String::from_utf8_lossy(&everything);
    assert!(!everything.contains("Private notes"));
    assert!(!everything.contains("root:x:0:0"));
    assert!(!out.join("sources").exists());
}

#[test]
fn a_home_page_lists_the_latest_claims_and_links_to_every_one() {
    // A year of checks on one home page was tens of megabytes: it lists the
    // latest fifty, and the listing pages hold them all.
    let dir = fixture("good");
    let claim = fs::read_to_string(dir.path().join("content/claims/harbour-quiet.md")).unwrap();
    for i in 0..60 {
        let day = format!("published = 2024-12-{:02}", 1 + i % 28);
        let text = claim
            .replace("published = 2024-11-02", &day)
            .replace("The harbour was quiet", &format!("Check number {i}"));
        fs::write(
            dir.path().join(format!("content/claims/check-{i:02}.md")),
            text,
        )
        .unwrap();
    }
    let report = build_site(dir.path());
    assert!(report.succeeded, "{}", report.diagnostics.render(false));
    let out = dir.path().join("public");
    let home = fs::read_to_string(out.join("index.html")).unwrap();
    assert_eq!(home.matches(r#"<li class="claim-card""#).count(), 50);
    assert!(home.contains(r#"Claims checked <span class="count">(62)</span>"#));
    assert!(home.contains(r#"<p class="more"><a href="claims/">All 62 claims</a></p>"#));
    // The newest check is shown; the two oldest, of November, are not.
    assert!(
        home.contains("Check number 27"),
        "the 28 December checks come first"
    );
    assert!(!home.contains("The harbour was quiet"));
    // Two articles: all listed, no link to more.
    assert!(!home.contains("All 2 source articles"));
    let all = fs::read_to_string(out.join("claims/index.html")).unwrap();
    assert_eq!(all.matches(r#"<li class="claim-card""#).count(), 62);
}

/// The default article template prints the text made once (`text_html`); a
/// site's own template still gets every block (`blocks`) and, looping over
/// them as the default template once did, writes the very same site.
#[test]
fn a_template_printing_the_blocks_one_by_one_writes_the_same_site() {
    let looping = include_str!("../templates/article.html").replacen(
        "{{ text_html | safe }}\n",
        r##"{% for b in blocks %}
<div class="block block-{{ b.kind }}" id="{{ b.anchor }}">
{%- if b.number %}<a class="pnum" href="#{{ b.anchor }}" aria-label="Paragraph {{ b.number }}">{{ b.number }}</a>{% endif %}
{%- if b.kind == "heading" %}<h3 class="block-text">{{ b.html | safe }}</h3>{% elif b.kind == "embed" %}<blockquote class="block-text"><p>{{ b.html | safe }}</p></blockquote>{% else %}<p class="block-text">{{ b.html | safe }}</p>{% endif %}
{%- if b.cites %}<ul class="cites" aria-label="Claims citing this passage">{% for c in b.cites %}<li class="cite stance-{{ c.stance }}"><a href="#{{ c.span_id }}" class="stance-label">{{ c.stance_label }}</a> <a href="{{ c.href }}">{{ c.claim_title }}</a> <span class="rating-label">({{ c.rating_label }})</span></li>{% endfor %}</ul>{% endif %}</div>
{%- endfor %}
"##,
        1,
    );
    assert!(looping.contains("{% for b in blocks %}"));
    // The demo (text seeds), and web pages (headings, captions, embeds).
    for site in [common::demo_site(), fixture("web")] {
        let report = build_site(site.path());
        assert!(report.succeeded, "{}", messages(&report));
        let default = files(&site.path().join("public"));
        fs::create_dir_all(site.path().join("templates")).unwrap();
        fs::write(site.path().join("templates/article.html"), &looping).unwrap();
        let report = build_site(site.path());
        assert!(report.succeeded, "{}", messages(&report));
        let own = files(&site.path().join("public"));
        let pages = default
            .keys()
            .filter(|p| p.starts_with("articles/"))
            .count();
        assert!(pages >= 3, "{pages} article files");
        assert_same_files(&default, &own, "differs with the blocks printed one by one");
    }
}
