//! Negative fixtures: the good fixture with one mistake each. Every kind of
//! mistake gets a located, helpful message (snapshot-tested) and no output.

mod common;

use std::fs;
use std::path::Path;

use attest::build::{BuildReport, build};
use common::*;

enum Edit<'a> {
    /// Replace the first occurrence of `from` by `to` in a file.
    Replace(&'a str, &'a str, &'a str),
    Write(&'a str, &'a str),
    WriteBytes(&'a str, &'a [u8]),
    Remove(&'a str),
}

fn apply(root: &Path, edits: &[Edit<'_>]) {
    for e in edits {
        match e {
            Edit::Replace(file, from, to) => {
                let path = root.join(file);
                let text = fs::read_to_string(&path).unwrap();
                assert!(text.contains(from), "{file} has no {from:?}");
                fs::write(&path, text.replacen(from, to, 1)).unwrap();
            }
            Edit::Write(file, text) => {
                let path = root.join(file);
                fs::create_dir_all(path.parent().unwrap()).unwrap();
                fs::write(path, text).unwrap();
            }
            Edit::WriteBytes(file, bytes) => fs::write(root.join(file), bytes).unwrap(),
            Edit::Remove(file) => fs::remove_file(root.join(file)).unwrap(),
        }
    }
}

/// Builds the good fixture with `edits`; returns the report and its messages.
fn build_with(edits: &[Edit<'_>], strict: bool) -> (BuildReport, String) {
    let site = fixture("good");
    apply(site.path(), edits);
    let mut opts = options(site.path());
    opts.strict = strict;
    let report = build(&opts);
    let text = messages(&report).replace(&site.path().display().to_string(), "[ROOT]");
    (report, text)
}

/// The build fails, writes nothing, and says `code`; the message is snapshotted.
fn fails(name: &str, edits: &[Edit<'_>], code: &str) {
    let (report, text) = build_with(edits, false);
    assert!(!report.succeeded, "{name}: the build should fail");
    assert!(
        text.contains(&format!("error[{code}]")),
        "{name}: no {code} in\n{text}"
    );
    insta::assert_snapshot!(name, text);
}

const CLAIM: &str = "content/claims/port-troops.md";
const ARTICLE: &str = "content/articles/report.md";

#[test]
fn unknown_key_names_the_nearest_valid_key() {
    fails(
        "unknown_key",
        &[Edit::Replace(
            CLAIM,
            "attributed_to = \"Officials\"",
            "atributed_to = \"Officials\"",
        )],
        "unknown-key",
    );
}

#[test]
fn missing_key_says_what_to_add() {
    fails(
        "missing_key",
        &[Edit::Replace(CLAIM, "claimant = \"Officials\"\n", "")],
        "missing-key",
    );
}

#[test]
fn toml_syntax_error_points_at_the_line_in_the_file() {
    fails(
        "toml_syntax",
        &[Edit::Replace(
            CLAIM,
            "rating = \"unproven\"",
            "rating = unproven",
        )],
        "toml-syntax",
    );
}

#[test]
fn wrong_value_type_is_located() {
    fails(
        "invalid_value",
        &[Edit::Replace(
            CLAIM,
            "published = 2024-11-01",
            "published = \"last week\"",
        )],
        "invalid-value",
    );
}

#[test]
fn unknown_stance_lists_the_stances() {
    fails(
        "unknown_stance",
        &[Edit::Replace(
            CLAIM,
            "stance = \"denies\"",
            "stance = \"deny\"",
        )],
        "unknown-stance",
    );
}

#[test]
fn unknown_rating_lists_the_scale() {
    fails(
        "unknown_rating",
        &[Edit::Replace(
            CLAIM,
            "rating = \"unproven\"",
            "rating = \"unprovn\"",
        )],
        "unknown-rating",
    );
}

#[test]
fn unknown_article_suggests_the_nearest_slug() {
    fails(
        "unknown_article",
        &[Edit::Replace(
            CLAIM,
            "article = \"calm\"",
            "article = \"clam\"",
        )],
        "unknown-article",
    );
}

#[test]
fn quote_not_found_shows_the_closest_passage() {
    fails(
        "quote_not_found",
        &[Edit::Replace(
            CLAIM,
            "quote = \"1,500 troops had moved",
            "quote = \"1,500 soldiers had moved",
        )],
        "quote-not-found",
    );
}

#[test]
fn quote_not_found_names_the_article_that_has_it() {
    fails(
        "quote_in_other_article",
        &[Edit::Replace(
            CLAIM,
            "article = \"calm\"",
            "article = \"report\"",
        )],
        "quote-not-found",
    );
}

#[test]
fn a_gap_does_not_cross_paragraphs() {
    fails(
        "gap_across_paragraphs",
        &[Edit::Replace(
            CLAIM,
            "quote = \"ends here. The second part begins here\"",
            "quote = \"statement ... second part\"",
        )],
        "quote-not-found",
    );
}

#[test]
fn ambiguous_quote_lists_every_match_with_a_prefix() {
    fails(
        "ambiguous_quote",
        &[Edit::Replace(CLAIM, "prefix = \"the minister\"\n", "")],
        "ambiguous-quote",
    );
}

#[test]
fn a_prefix_that_fits_no_match_is_an_error() {
    fails(
        "context_not_found",
        &[Edit::Replace(
            CLAIM,
            "prefix = \"the minister\"",
            "prefix = \"the general\"",
        )],
        "context-not-found",
    );
}

#[test]
fn empty_quote_is_an_error() {
    fails(
        "empty_quote",
        &[Edit::Replace(
            CLAIM,
            "quote = \"No troops were seen by anyone\"",
            "quote = \"  \"",
        )],
        "empty-quote",
    );
}

#[test]
fn bad_slug_names_the_slug_to_use() {
    fails(
        "bad_slug",
        &[Edit::Write(
            "content/pages/About Us.md",
            "+++\ntitle = \"About us\"\n+++\n",
        )],
        "bad-slug",
    );
}

#[test]
fn a_seed_that_is_not_utf8_names_the_byte_offset() {
    fails(
        "not_utf8",
        &[Edit::WriteBytes("seeds/latin1.txt", b"Caf\xe9 au lait\n")],
        "not-utf8",
    );
}

#[test]
fn a_seed_line_over_a_megabyte_is_warned_about() {
    let mut seed = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good/seeds/calm.txt"),
    )
    .unwrap();
    seed.push_str(&"<div>scraped </div>".repeat(60_000));
    seed.push('\n');
    let (report, text) = build_with(&[Edit::Write("seeds/calm.txt", &seed)], false);
    assert!(report.succeeded, "{text}");
    assert_eq!(report.diagnostics.warning_count(), 1, "{text}");
    insta::assert_snapshot!("long_seed_line", text);
}

#[test]
fn a_mistyped_quote_next_to_a_huge_line_gets_a_short_message() {
    // A line of zero-width spaces has no word boundary in two megabytes.
    let blob = "\u{200B}".repeat(700_000);
    let (report, text) = build_with(
        &[
            Edit::Replace("seeds/report.txt", "close\n", &format!("close\n\n{blob}\n")),
            Edit::Replace(
                CLAIM,
                "quote = \"1,500 troops had moved",
                "quote = \"\u{200B}1,500 soldiers had moved",
            ),
        ],
        false,
    );
    assert!(!report.succeeded);
    assert!(text.contains("error[quote-not-found]"), "{text}");
    assert!(text.contains("warning[long-seed-line]"), "{text}");
    assert!(text.len() < 4000, "{} bytes of messages", text.len());
}

#[test]
fn one_bad_byte_in_a_cited_seed_is_one_located_error() {
    let mut seed = fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good/seeds/report.txt"),
    )
    .unwrap();
    let at = seed.windows(6).position(|w| w == b"Friday").unwrap();
    seed[at + 2] = 0xE9;
    let (report, text) = build_with(&[Edit::WriteBytes("seeds/report.txt", &seed)], false);
    assert!(!report.succeeded);
    // Not `unknown-seed` (the file is there), nor `unknown-article` for the
    // claims and the copy that cite it: the one cause, once.
    assert_eq!(report.diagnostics.error_count(), 1, "{text}");
    assert_eq!(report.diagnostics.warning_count(), 0, "{text}");
    insta::assert_snapshot!("not_utf8_cited", text);
}

#[test]
fn unknown_seed_suggests_the_nearest_file() {
    fails(
        "unknown_seed",
        &[Edit::Replace(
            ARTICLE,
            "seed = \"report.txt\"",
            "seed = \"reprot.txt\"",
        )],
        "unknown-seed",
    );
}

#[test]
fn furniture_that_matches_no_line_is_an_error() {
    fails(
        "furniture_not_found",
        &[Edit::Replace(
            ARTICLE,
            "published = 2024-10-18",
            "published = 2024-10-18\nfurniture = [\"Sourse link\"]",
        )],
        "furniture-not-found",
    );
}

#[test]
fn unknown_copy_of_is_an_error() {
    fails(
        "unknown_copy_of",
        &[Edit::Replace(
            "content/articles/calm.md",
            "copy_of = \"report\"",
            "copy_of = \"reports\"",
        )],
        "unknown-article",
    );
}

#[test]
fn front_matter_must_open_the_file() {
    fails(
        "front_matter_missing",
        &[Edit::Write(
            "content/pages/about.md",
            "title = \"About\"\nText.\n",
        )],
        "front-matter-missing",
    );
}

#[test]
fn front_matter_must_be_closed() {
    fails(
        "front_matter_unclosed",
        &[Edit::Write(
            "content/pages/about.md",
            "+++\ntitle = \"About\"\nText.\n",
        )],
        "front-matter-unclosed",
    );
}

#[test]
fn broken_internal_link_is_located() {
    fails(
        "broken_link",
        &[Edit::Replace(
            "content/_index.md",
            "@/claims/port-troops.md",
            "@/claims/port-troop.md",
        )],
        "broken-link",
    );
}

#[test]
fn a_broken_link_in_a_change_note_is_located() {
    fails(
        "broken_link_in_change",
        &[Edit::Replace(
            "content/claims/harbour-quiet.md",
            "published = 2024-11-02\n",
            "published = 2024-11-02\n\n[[changes]]\ndate = 2024-12-30\nnote = \"See [the report](@/articles/reprot.md).\"\n",
        )],
        "broken-link",
    );
}

#[test]
fn a_javascript_link_is_a_located_error() {
    fails(
        "unsafe_url",
        &[Edit::Replace(
            CLAIM,
            "The analysis, with",
            "See [the video](javascript:alert(document.cookie)). The analysis, with",
        )],
        "unsafe-url",
    );
}

#[test]
fn a_data_url_in_an_article_file_is_a_located_error() {
    fails(
        "unsafe_url_field",
        &[Edit::Replace(
            ARTICLE,
            "outlet = \"Fixture Wire\"",
            "outlet = \"Fixture Wire\"\nurl = \"data:text/html;base64,PHNjcmlwdD4=\"",
        )],
        "unsafe-url",
    );
}

#[test]
fn raw_html_is_shown_as_text_with_a_warning() {
    let (report, text) = build_with(
        &[Edit::Replace(
            CLAIM,
            "The analysis, with",
            "<iframe src=\"https://example.org/video\"></iframe>\n\nThe analysis, with <b>bold</b>",
        )],
        false,
    );
    assert!(report.succeeded, "{text}");
    assert_eq!(report.diagnostics.warning_count(), 1, "{text}");
    insta::assert_snapshot!("raw_html", text);
}

#[test]
fn template_error_points_into_the_template() {
    fails(
        "template_error",
        &[Edit::Write(
            "templates/page.html",
            "{% extends \"base.html\" %}\n{% block content %}\n{% if %}\n{% endblock content %}\n",
        )],
        "template",
    );
}

#[test]
fn config_errors_are_all_reported() {
    fails(
        "config_errors",
        &[
            Edit::Replace(
                "config.toml",
                "https://fixture.example/checks",
                "fixture.example",
            ),
            Edit::Replace("config.toml", "value = 2", "value = 7"),
        ],
        "bad-base-url",
    );
}

#[test]
fn a_page_cannot_take_a_section_name() {
    fails(
        "reserved_slug",
        &[Edit::Write(
            "content/pages/claims.md",
            "+++\ntitle = \"Claims\"\n+++\n",
        )],
        "reserved-slug",
    );
}

#[test]
fn a_static_file_cannot_overwrite_a_page() {
    fails(
        "static_collision",
        &[Edit::Write("static/index.html", "<p>mine</p>")],
        "static-collision",
    );
}

#[test]
fn bad_figure_is_an_error() {
    fails(
        "bad_figure",
        &[Edit::Replace(
            CLAIM,
            "tags = [\"troops\"]",
            "tags = [\"troops\"]\n\n[figure]\nquantity = \"troops\"\nlow = 12000\nhigh = 10000",
        )],
        "bad-figure",
    );
}

#[test]
fn no_config_says_where_to_run() {
    let (report, text) = build_with(&[Edit::Remove("config.toml")], false);
    assert!(!report.succeeded);
    assert!(
        text.contains("error[missing-config]: no config.toml in [ROOT]"),
        "{text}"
    );
}

#[test]
fn every_problem_of_a_run_is_reported_sorted_by_file_and_line() {
    let (report, text) = build_with(
        &[
            Edit::Replace(CLAIM, "stance = \"denies\"", "stance = \"deny\""),
            Edit::Replace(CLAIM, "rating = \"unproven\"", "rating = \"unprovn\""),
            Edit::Replace(
                "content/claims/harbour-quiet.md",
                "quote = \"the port city",
                "quote = \"the harbour city",
            ),
            Edit::Replace(
                "config.toml",
                "https://fixture.example/checks",
                "fixture.example",
            ),
        ],
        false,
    );
    assert!(!report.succeeded);
    assert_eq!(report.diagnostics.error_count(), 4, "{text}");
    let lines = report.diagnostics.short_lines();
    let files: Vec<&str> = lines.iter().map(|l| l.split(':').next().unwrap()).collect();
    assert_eq!(
        files,
        [
            "config.toml",
            "content/claims/harbour-quiet.md",
            "content/claims/port-troops.md",
            "content/claims/port-troops.md"
        ]
    );
    assert!(
        lines[2].contains("unknown-rating") && lines[3].contains("unknown-stance"),
        "{lines:#?}"
    );
}

#[test]
fn warnings_pass_but_fail_under_strict() {
    let edits = [
        Edit::Remove("content/articles/calm.md"),
        Edit::Replace(
            CLAIM,
            "article = \"calm\"",
            "article = \"calm\"\n# the seed's default slug",
        ),
        Edit::Replace(
            "content/claims/harbour-quiet.md",
            "quote = \"officers – two of them – were killed near the front\"",
            "quote = \"Friday that 1,500\"",
        ),
    ];
    let (report, text) = build_with(&edits, false);
    assert!(report.succeeded, "{text}");
    assert_eq!(report.diagnostics.warning_count(), 2, "{text}");
    insta::assert_snapshot!("warnings", text);
    let (strict, strict_text) = build_with(&edits, true);
    assert!(!strict.succeeded);
    assert!(
        strict_text.contains("error[seed-without-article]"),
        "{strict_text}"
    );
    assert!(strict_text.contains("error[short-quote]"), "{strict_text}");
}

const MINISTRY: &str = "content/sources/ministry.md";
const MINISTRY_FILE: &str = "+++\nname = \"The ministry\"\naliases = [\"Defence ministry\"]\nkind = \"ministry\"\npart_of = \"government\"\n+++\nThe country's defence ministry.\n";
const GOVERNMENT: &str = "content/sources/government.md";
const GOVERNMENT_FILE: &str = "+++\nname = \"The government\"\nkind = \"government\"\n+++\n";

#[test]
fn an_unknown_source_is_a_warning_with_the_nearest_source_and_the_file_to_write() {
    let edits = [
        Edit::Write(MINISTRY, MINISTRY_FILE),
        Edit::Write(GOVERNMENT, GOVERNMENT_FILE),
        Edit::Replace(
            CLAIM,
            "attributed_to = \"The ministry\"",
            "attributed_to = \"The ministyr\"",
        ),
    ];
    let (report, text) = build_with(&edits, false);
    assert!(report.succeeded, "{text}");
    assert!(text.contains("warning[unknown-source]"), "{text}");
    // "Officials" is unknown too: the nearest source may not be near.
    assert_eq!(report.diagnostics.warning_count(), 2, "{text}");
    insta::assert_snapshot!("unknown_source", text);
    let (strict, strict_text) = build_with(&edits, true);
    assert!(!strict.succeeded);
    assert!(
        strict_text.contains("error[unknown-source]"),
        "{strict_text}"
    );
}

#[test]
fn a_site_without_sources_keeps_free_text_attributions() {
    let (report, text) = build_with(&[], true);
    assert!(report.succeeded, "{text}");
}

#[test]
fn an_alias_naming_two_sources_is_an_error() {
    fails(
        "duplicate_alias",
        &[
            Edit::Write(MINISTRY, MINISTRY_FILE),
            Edit::Write(
                GOVERNMENT,
                "+++\nname = \"The government\"\naliases = [\"Officials\", \"defence  Ministry\"]\n+++\n",
            ),
        ],
        "duplicate-alias",
    );
}

#[test]
fn a_part_of_circle_is_an_error() {
    fails(
        "part_of_cycle",
        &[
            Edit::Write(MINISTRY, MINISTRY_FILE),
            Edit::Write(
                GOVERNMENT,
                "+++\nname = \"The government\"\npart_of = \"ministry\"\n+++\n",
            ),
        ],
        "part-of-cycle",
    );
}

#[test]
fn an_unknown_part_of_suggests_the_nearest_slug() {
    fails(
        "unknown_part_of",
        &[
            Edit::Write(MINISTRY, MINISTRY_FILE),
            Edit::Write("content/sources/governments.md", GOVERNMENT_FILE),
        ],
        "unknown-part-of",
    );
}

#[test]
fn an_unknown_affiliation_lists_the_desks_labels() {
    fails(
        "unknown_affiliation",
        &[
            Edit::Write(
                GOVERNMENT,
                "+++\nname = \"The government\"\naffiliation = \"partyy\"\n+++\n",
            ),
            Edit::Replace(
                "config.toml",
                "[publisher]",
                "[[affiliations]]\nid = \"party\"\nlabel = \"Party to the conflict\"\n\n[publisher]",
            ),
        ],
        "unknown-affiliation",
    );
}

#[test]
fn an_independence_level_below_one_is_an_error() {
    fails(
        "bad_independence_level",
        &[Edit::Replace(
            "config.toml",
            "[publisher]",
            "[independence]\nlevel = 0\n\n[publisher]",
        )],
        "bad-independence-level",
    );
}

#[test]
fn a_missing_home_file_or_a_folder_in_its_place_is_no_problem() {
    let (report, text) = build_with(&[Edit::Remove("content/_index.md")], false);
    assert!(report.succeeded, "{text}");
    assert!(!text.contains("content/_index.md"), "{text}");
    let site = fixture("good");
    let home = site.path().join("content/_index.md");
    fs::remove_file(&home).unwrap();
    fs::create_dir(&home).unwrap();
    let report = build(&options(site.path()));
    let text = messages(&report);
    assert!(report.succeeded, "{text}");
    assert!(!text.contains("content/_index.md"), "{text}");
}
