//! Incremental rebuilds (`attest serve`): after a change to a claim, an
//! article file or a seed, the output and the problems reported are exactly
//! those of a full build of the same files.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use attest::build::{BuildOptions, BuildReport, build};
use attest::rebuild::Session;
use common::{assert_same_files, demo_site, files, modified};

/// A session that has made its first, full build of the site at `root`.
fn built(root: &Path) -> Session {
    let mut session = Session::new(BuildOptions::new(root));
    assert!(session.rebuild(&[]).succeeded);
    session
}

/// Replaces `from` (which must be there) by `to` in the file at `root/rel`.
fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join(rel);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} does not contain {from:?}");
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// Asserts that `report` came from an incremental rebuild that succeeded,
/// and that the site at `root` as built in `root/public` is byte for byte
/// what a full build of the same files gives, problems included.
fn assert_same_as_full(root: &Path, report: &BuildReport) {
    assert!(report.succeeded, "{}", report.diagnostics.render(false));
    assert!(
        report.first_written.is_some(),
        "the rebuild was not incremental"
    );
    let full_out: PathBuf = root.join("full");
    let mut options = BuildOptions::new(root);
    options.output_dir = Some(full_out.clone());
    let full = build(&options);
    assert!(full.succeeded, "{}", full.diagnostics.render(false));
    assert_eq!(
        report.diagnostics.render(false),
        full.diagnostics.render(false)
    );
    let visible = |dir: &Path| {
        let mut f = files(dir);
        f.retain(|p, _| !p.split('/').any(|part| part.starts_with('.')));
        f
    };
    let incremental = visible(&root.join("public"));
    let full = visible(&full_out);
    assert_same_files(&full, &incremental, "differs from a full build");
    fs::remove_dir_all(&full_out).unwrap();
}

#[test]
fn a_claim_edit_rebuilds_to_the_same_site_as_a_full_build() {
    let site = demo_site();
    let root = site.path();
    let mut session = built(root);
    let claim = "content/claims/vladivostok-1500-troops.md";
    // Title (shown on neighbours, lists, articles), rating and date (the
    // claim moves in the order), a new tag that exists, a change note.
    edit(root, claim, "title = \"", "title = \"Edited: ");
    edit(root, claim, "rating = \"unproven\"", "rating = \"false\"");
    edit(root, claim, "published = 2024-", "published = 2023-");
    let report = session.rebuild(&[modified(claim)]);
    assert_same_as_full(root, &report);
    let page =
        fs::read_to_string(root.join("public/claims/vladivostok-1500-troops/index.html")).unwrap();
    assert!(page.contains("Edited: "));
}

#[test]
fn a_seed_edit_reingests_it_and_resolves_the_claims_that_cite_it() {
    let site = demo_site();
    let root = site.path();
    let mut session = built(root);
    // A sentence added at the end of the seed's first paragraph line: every
    // span after it moves.
    let seed = "seeds/000_940354af2434b6c9.txt";
    let text = fs::read_to_string(root.join(seed)).unwrap();
    let long_line = text.lines().find(|l| l.len() > 200).unwrap().to_string();
    edit(
        root,
        seed,
        &long_line,
        &format!("{long_line} An added sentence."),
    );
    let report = session.rebuild(&[modified(seed)]);
    assert_same_as_full(root, &report);
}

#[test]
fn a_seed_line_too_long_is_warned_about_until_it_is_removed() {
    let site = demo_site();
    let root = site.path();
    let mut session = built(root);
    let seed = "seeds/000_940354af2434b6c9.txt";
    let text = fs::read_to_string(root.join(seed)).unwrap();
    let blob = "x".repeat(attest::load::MAX_SEED_LINE + 1);
    fs::write(root.join(seed), format!("{text}\n{blob}\n")).unwrap();
    let report = session.rebuild(&[modified(seed)]);
    assert!(
        report
            .diagnostics
            .render(false)
            .contains("warning[long-seed-line]"),
        "{}",
        report.diagnostics.render(false)
    );
    assert_same_as_full(root, &report);
    fs::write(root.join(seed), &text).unwrap();
    let report = session.rebuild(&[modified(seed)]);
    assert!(!report.diagnostics.render(false).contains("long-seed-line"));
    assert_same_as_full(root, &report);
}

#[test]
fn an_article_file_edit_rebuilds_to_the_same_site_as_a_full_build() {
    let site = demo_site();
    let root = site.path();
    let mut session = built(root);
    // The original of a copy: its title shows on the copy's page and on
    // the claim pages that cite the copy.
    let article = "content/articles/aljazeera-explainer.md";
    edit(root, article, "title = \"", "title = \"Edited: ");
    let report = session.rebuild(&[modified(article)]);
    assert_same_as_full(root, &report);
}

#[test]
fn a_broken_claim_keeps_the_last_good_site_and_its_fix_rebuilds_incrementally() {
    let site = demo_site();
    let root = site.path();
    let mut session = built(root);
    let before = files(&root.join("public"));
    let claim = "content/claims/vladivostok-1500-troops.md";
    let good = fs::read_to_string(root.join(claim)).unwrap();
    edit(
        root,
        claim,
        "quote = \"",
        "quote = \"Not in the article at all ",
    );
    let report = session.rebuild(&[modified(claim)]);
    assert!(!report.succeeded);
    let text = report.diagnostics.render(false);
    assert!(text.contains("error[quote-not-found]"), "{text}");
    assert!(text.contains(claim), "{text}");
    assert_eq!(files(&root.join("public")), before, "the output changed");
    fs::write(
        root.join(claim),
        good.replacen("title = \"", "title = \"Fixed: ", 1),
    )
    .unwrap();
    let report = session.rebuild(&[modified(claim)]);
    assert_same_as_full(root, &report);
}

#[test]
fn other_changes_rebuild_everything() {
    let site = demo_site();
    let root = site.path();
    let mut session = built(root);
    edit(root, "config.toml", "title = \"", "title = \"Edited ");
    let report = session.rebuild(&[modified("config.toml")]);
    assert!(report.succeeded);
    assert!(
        report.first_written.is_none(),
        "a config change must rebuild all"
    );
    let home = fs::read_to_string(root.join("public/index.html")).unwrap();
    assert!(home.contains("Edited "));
}

#[test]
fn a_rebuild_holds_the_output_lock() {
    let site = demo_site();
    let root = site.path();
    let mut session = built(root);
    let out = attest::write::absolute(&root.join("public"));
    let lock = attest::write::OutputLock::acquire(&out, attest::write::Wait::NoWait, &|_| {})
        .expect("the session holds the lock only while it rebuilds");
    let mut options = BuildOptions::new(root);
    options.wait = attest::write::Wait::NoWait;
    let mut other = Session::new(options);
    let report = other.rebuild(&[]);
    assert!(!report.succeeded);
    assert!(
        report
            .diagnostics
            .render(false)
            .contains("error[output-locked]"),
        "{}",
        report.diagnostics.render(false)
    );
    drop(lock);
    edit(
        root,
        "content/claims/vladivostok-1500-troops.md",
        "title = \"",
        "title = \"Edited: ",
    );
    let report = session.rebuild(&[modified("content/claims/vladivostok-1500-troops.md")]);
    assert_same_as_full(root, &report);
}

/// A copy of the web-page fixture site (saved pages as seeds).
fn web_site() -> tempfile::TempDir {
    common::fixture("web")
}

#[test]
fn a_web_page_seed_edit_rebuilds_to_the_same_site_as_a_full_build() {
    let site = web_site();
    let root = site.path();
    let mut session = built(root);
    // Text that moves every span after it, and the headline the article
    // takes its title from (its file leaves the title out).
    let seed = "seeds/harbour-news.html";
    edit(
        root,
        seed,
        "<p>About 1,500",
        "<p>An added first paragraph, with words.</p><p>About 1,500",
    );
    edit(
        root,
        seed,
        "\"headline\": \"Troops seen",
        "\"headline\": \"Edited: Troops seen",
    );
    edit(root, seed, "<h1>Troops seen", "<h1>Edited: Troops seen");
    let report = session.rebuild(&[modified(seed)]);
    assert_same_as_full(root, &report);
    let page = fs::read_to_string(root.join("public/articles/harbour-news/index.html")).unwrap();
    assert!(page.contains("Edited: Troops seen"));
}

#[test]
fn an_article_file_edit_over_a_web_page_seed_rebuilds_to_the_same_site_as_a_full_build() {
    let site = web_site();
    let root = site.path();
    let mut session = built(root);
    // A title over the page's own, and a block listed as furniture.
    let article = "content/articles/harbour-news.md";
    edit(
        root,
        article,
        "seed = \"harbour-news.html\"",
        "seed = \"harbour-news.html\"\ntitle = \"Edited title\"\nfurniture = [\"Officials did not say where the trains would go next.\"]",
    );
    let report = session.rebuild(&[modified(article)]);
    assert_same_as_full(root, &report);
    let page = fs::read_to_string(root.join("public/articles/harbour-news/index.html")).unwrap();
    assert!(page.contains("Edited title"));
}

#[test]
fn a_web_page_read_in_another_charset_warns_once_after_a_rebuild() {
    let site = web_site();
    let root = site.path();
    let seed = "seeds/harbour-news.html";
    // A stray windows-1252 byte in a UTF-8 page: a warning, not an error.
    let mut bytes = fs::read(root.join(seed)).unwrap();
    let at = bytes.windows(5).position(|w| w == b"next.").unwrap();
    bytes.splice(at..at, b"Caf\xE9 ".iter().copied());
    fs::write(root.join(seed), &bytes).unwrap();
    let mut session = built(root);
    // Text added before that byte moves it.
    let from = bytes
        .windows(14)
        .position(|w| w == b"<p>About 1,500")
        .unwrap();
    bytes.splice(
        from..from,
        b"<p>An added first paragraph.</p>".iter().copied(),
    );
    fs::write(root.join(seed), &bytes).unwrap();
    let report = session.rebuild(&[modified(seed)]);
    assert_same_as_full(root, &report);
    let text = report.diagnostics.render(false);
    assert_eq!(
        text.matches("warning[page-charset-mismatch]").count(),
        1,
        "{text}"
    );
}

#[test]
fn a_figure_edit_rebuilds_the_figure_pages_as_a_full_build_does() {
    let site = demo_site();
    let root = site.path();
    let mut session = built(root);
    let claim = "content/claims/vladivostok-1500-troops.md";
    edit(root, claim, "value = 1500", "value = 1600");
    edit(root, claim, "as_of = 2024-10-18", "as_of = 2024-10-19");
    let report = session.rebuild(&[modified(claim)]);
    assert_same_as_full(root, &report);
    let csv =
        fs::read_to_string(root.join("public/figures/north-korean-troops-in-russia.csv")).unwrap();
    assert!(csv.contains("2024-10-13,as_of,1600,"), "{csv}");
    assert!(csv.contains("2024-10-19,as_of,1500,"), "{csv}");
}

#[test]
fn a_warning_in_a_file_not_read_again_still_quotes_its_lines_after_rebuilds() {
    let site = common::fixture("discover");
    let root = site.path();
    let mut session = built(root);
    // The claim's denial-unlinked warning is found again from the model;
    // its file is not read again, but its lines are quoted as before.
    let quoted = "--> content/claims/port-troops.md:17:9";
    for word in ["crowds", "dancers"] {
        edit(root, "seeds/festival.txt", word, &format!("{word} again"));
        let report = session.rebuild(&[modified("seeds/festival.txt")]);
        let text = report.diagnostics.render(false);
        assert!(text.contains(quoted), "{text}");
        assert!(text.contains("17 | quote = \"Officials said"), "{text}");
        assert_same_as_full(root, &report);
    }
}
