//! Discovery on a fixture site: a claim links one passage; the seeds also
//! hold its twin in a spun copy, the same figure in another notation, a
//! denial next to it, and an unrelated passage that shares many words.
//! Suggestions, settling, lints, copies and the JSON forms.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use attest::build::{BuildOptions, BuildReport, build};
use attest::suggest::{Format, SuggestOptions, SuggestReport, suggest};
use common::*;
use serde_json::Value;

const CLAIM: &str = "content/claims/port-troops.md";

fn replace(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} has no {from:?}");
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

fn write(root: &Path, file: &str, text: &str) {
    fs::write(root.join(file), text).unwrap();
}

fn check(root: &Path) -> BuildReport {
    let mut opts = BuildOptions::new(root);
    opts.check_only = true;
    build(&opts)
}

struct Run {
    report: SuggestReport,
    output: String,
}

fn run(root: &Path, format: Format, coverage: bool) -> Run {
    let mut out = Vec::new();
    let report = suggest(
        &SuggestOptions {
            build: BuildOptions::new(root),
            claims: Vec::new(),
            limit: 10,
            format,
            coverage,
            color: false,
        },
        &mut out,
    );
    Run {
        report,
        output: String::from_utf8(out).unwrap(),
    }
}

fn suggestions(root: &Path) -> Vec<Value> {
    let r = run(root, Format::Json, false);
    assert!(r.report.succeeded, "{}", r.report.diagnostics.render(false));
    let doc: Value = serde_json::from_str(&r.output).unwrap();
    doc["suggestions"].as_array().unwrap().clone()
}

/// The rank (from 0) of the suggestion for the passage starting with
/// `start` in `article`, and its signals.
fn find(list: &[Value], article: &str, start: &str) -> Option<(usize, Vec<String>)> {
    list.iter().enumerate().find_map(|(i, s)| {
        (s["article"] == article && s["exact"].as_str().unwrap().starts_with(start)).then(|| {
            let signals = s["reasons"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["signal"].as_str().unwrap().to_string())
                .collect();
            (i, signals)
        })
    })
}

fn codes(report: &BuildReport) -> Vec<&'static str> {
    report.diagnostics.sorted().iter().map(|d| d.code).collect()
}

#[test]
fn the_twin_the_figure_and_the_denial_rank_above_an_unrelated_passage() {
    let site = fixture("discover");
    let list = suggestions(site.path());
    let (twin, why) = find(&list, "spun", "Authorities mentioned").expect("the twin");
    assert!(why.contains(&"twin".to_string()), "{why:?}");
    let (figure, why) = find(&list, "wire", "Some 1.5 thousand").expect("the figure");
    assert!(why.contains(&"figure".to_string()), "{why:?}");
    let (denial, why) = find(&list, "report", "The defence ministry denied").expect("the denial");
    assert!(why.contains(&"denial".to_string()), "{why:?}");
    let (unrelated, why) = find(&list, "festival", "Harbourton's port city").expect("the festival");
    assert_eq!(why, ["topic"]);
    for (name, rank) in [("twin", twin), ("figure", figure), ("denial", denial)] {
        assert!(
            rank < unrelated,
            "{name} ranks {rank}, the festival {unrelated}"
        );
    }
    // The linked passage itself is never suggested.
    assert!(find(&list, "report", "Officials said on Friday").is_none());
}

#[test]
fn every_suggested_block_resolves_to_its_passage() {
    let site = fixture("discover");
    let list = suggestions(site.path());
    assert!(!list.is_empty());
    for s in &list {
        // Paste the block, choose the stance, and the build finds exactly this passage.
        let toml = s["toml"]
            .as_str()
            .unwrap()
            .replace("stance = \"TODO\"", "stance = \"qualifies\"");
        let fresh = fixture("discover");
        replace(
            fresh.path(),
            CLAIM,
            "+++\nOfficials say",
            &format!("{toml}+++\nOfficials say"),
        );
        let report = check(fresh.path());
        assert!(report.succeeded, "{toml}\n{}", messages(&report));
        let seed = fs::read(fresh.path().join("seeds").join(s["seed"].as_str().unwrap())).unwrap();
        let (start, end) = (
            s["start_byte"].as_u64().unwrap(),
            s["end_byte"].as_u64().unwrap(),
        );
        let exact = std::str::from_utf8(&seed[start as usize..end as usize])
            .unwrap()
            .to_string();
        assert_eq!(exact, s["exact"].as_str().unwrap());
        let text = String::from_utf8(seed).unwrap();
        let chars: String = text
            .chars()
            .skip(s["start_char"].as_u64().unwrap() as usize)
            .take((s["end_char"].as_u64().unwrap() - s["start_char"].as_u64().unwrap()) as usize)
            .collect();
        assert_eq!(chars, exact);
    }
}

#[test]
fn a_settled_passage_is_not_suggested_again() {
    let site = fixture("discover");
    replace(
        site.path(),
        CLAIM,
        "+++\nOfficials say",
        "[[not_evidence]]\narticle = \"wire\"\nquote = \"Some 1.5 thousand soldiers came ashore\"\nreason = \"A northern harbour, not Harbourton.\"\n+++\nOfficials say",
    );
    let report = check(site.path());
    assert!(report.succeeded, "{}", messages(&report));
    let list = suggestions(site.path());
    assert!(find(&list, "wire", "Some 1.5 thousand").is_none());
    assert!(find(&list, "spun", "Authorities mentioned").is_some());
}

#[test]
fn a_settled_quote_that_no_longer_resolves_is_an_error() {
    let site = fixture("discover");
    replace(
        site.path(),
        CLAIM,
        "+++\nOfficials say",
        "[[not_evidence]]\narticle = \"wire\"\nquote = \"Some 1,500 soldiers came ashore\"\nreason = \"A northern harbour, not Harbourton.\"\n+++\nOfficials say",
    );
    let report = check(site.path());
    assert!(!report.succeeded);
    let text = messages(&report).replace(&site.path().display().to_string(), "[ROOT]");
    assert!(text.contains("error[quote-not-found]"), "{text}");
    insta::assert_snapshot!("settled_quote_not_found", text);
    // Suggest stops too, with the same error.
    let s = run(site.path(), Format::Text, false);
    assert!(!s.report.succeeded);
    assert!(s.output.is_empty());
    assert!(
        s.report
            .diagnostics
            .render(false)
            .contains("quote-not-found")
    );
}

#[test]
fn a_settled_passage_never_reaches_the_site() {
    let site = fixture("discover");
    replace(
        site.path(),
        CLAIM,
        "+++\nOfficials say",
        "[[not_evidence]]\narticle = \"wire\"\nquote = \"Some 1.5 thousand soldiers came ashore\"\nreason = \"UNIQUE-REASON a northern harbour.\"\n+++\nOfficials say",
    );
    let report = build_site(site.path());
    assert!(report.succeeded, "{}", messages(&report));
    for (path, bytes) in files(&site.path().join("public")) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("UNIQUE-REASON"), "{path}");
        assert!(!text.contains("not_evidence"), "{path}");
    }
    let wire = fs::read_to_string(site.path().join("public/articles/wire/index.html")).unwrap();
    assert!(
        !wire.contains("port-troops"),
        "the wire page cites no claim"
    );
}

#[test]
fn possible_copy_fires_on_a_copy_and_not_on_two_reports_of_one_event() {
    let site = fixture("discover");
    // Two independent reports of the same movement: no warning.
    assert!(!codes(&check(site.path())).contains(&"possible-copy"));
    // A reposted copy of the report, typography changed, nothing declared.
    let report_text = fs::read_to_string(site.path().join("seeds/report.txt")).unwrap();
    let copy =
        report_text.replace("said", "said ").replace('’', "'") + "\nRead more on our site.\n";
    write(site.path(), "seeds/repost.txt", &copy);
    write(
        site.path(),
        "content/articles/repost.md",
        "+++\nseed = \"repost.txt\"\noutlet = \"Aggregator\"\n+++\nA repost.\n",
    );
    let report = check(site.path());
    let text = messages(&report).replace(&site.path().display().to_string(), "[ROOT]");
    assert!(text.contains("warning[possible-copy]"), "{text}");
    insta::assert_snapshot!("possible_copy", text);
    // Declared, it is quiet.
    replace(
        site.path(),
        "content/articles/repost.md",
        "outlet",
        "copy_of = \"report\"\noutlet",
    );
    assert!(!codes(&check(site.path())).contains(&"possible-copy"));
}

#[test]
fn the_clean_explainer_is_mostly_contained_in_the_machine_translated_one() {
    // The demo's two copies of the Al Jazeera explainer: without copy_of,
    // possible-copy names them with a containment of about 0.70.
    let site = demo_site();
    replace(
        site.path(),
        "content/articles/aljazeera-explainer-machine-translated.md",
        "copy_of = \"aljazeera-explainer\"\n",
        "",
    );
    let report = check(site.path());
    let copies: Vec<String> = report
        .diagnostics
        .sorted()
        .iter()
        .filter(|d| d.code == "possible-copy")
        .map(|d| d.message.clone())
        .collect();
    assert_eq!(
        copies,
        [
            "70% of `aljazeera-explainer` is contained in `aljazeera-explainer-machine-translated`, and no `copy_of` joins them"
        ]
    );
}

#[test]
fn denial_unlinked_fires_until_the_denial_is_linked_or_settled() {
    let site = fixture("discover");
    let report = check(site.path());
    assert_eq!(codes(&report), ["denial-unlinked"]);
    let text = messages(&report).replace(&site.path().display().to_string(), "[ROOT]");
    insta::assert_snapshot!("denial_unlinked", text);
    let denial = "\n[[evidence]]\narticle = \"report\"\nstance = \"denies\"\nquote = \"The defence ministry denied that any soldiers had been sent to the port.\"\n+++\nOfficials say";
    replace(site.path(), CLAIM, "\n+++\nOfficials say", denial);
    assert!(codes(&check(site.path())).is_empty());
    let site = fixture("discover");
    let settled = "\n[[not_evidence]]\narticle = \"report\"\nquote = \"The defence ministry denied that any soldiers had been sent to the port.\"\nreason = \"Read; not about this movement.\"\n+++\nOfficials say";
    replace(site.path(), CLAIM, "\n+++\nOfficials say", settled);
    assert!(codes(&check(site.path())).is_empty());
}

#[test]
fn analysis_quotes_unlinked_fires_on_words_of_an_unlinked_passage_only() {
    // Quoting the linked passage is fine (the fixture); quoting another is not.
    let site = fixture("discover");
    assert!(!codes(&check(site.path())).contains(&"analysis-quotes-unlinked"));
    replace(
        site.path(),
        CLAIM,
        "Officials say the troops moved",
        "The harbour master said ferries \"kept their usual timetable all week\". Officials say the troops moved",
    );
    let report = check(site.path());
    let text = messages(&report).replace(&site.path().display().to_string(), "[ROOT]");
    assert!(text.contains("warning[analysis-quotes-unlinked]"), "{text}");
    insta::assert_snapshot!("analysis_quotes_unlinked", text);
    // Settled, the quotation is the editor's choice.
    replace(
        site.path(),
        CLAIM,
        "\n+++\nThe harbour master",
        "\n[[not_evidence]]\narticle = \"report\"\nquote = \"Ferries to the islands kept their usual timetable all week\"\nreason = \"Colour, not evidence.\"\n+++\nThe harbour master",
    );
    assert!(!codes(&check(site.path())).contains(&"analysis-quotes-unlinked"));
}

#[test]
fn figure_mismatch_fires_on_an_asserting_passage_with_another_figure() {
    let site = fixture("discover");
    write(
        site.path(),
        "seeds/count.txt",
        "Later count\n\nA later count put the number at 2,000 troops in Harbourton, officials said.\n",
    );
    write(
        site.path(),
        "content/articles/count.md",
        "+++\nseed = \"count.txt\"\noutlet = \"Harbour Wire\"\n+++\nA later report.\n",
    );
    let other = "\n[[evidence]]\narticle = \"count\"\nstance = \"asserts\"\nquote = \"A later count put the number at 2,000 troops in Harbourton\"\n+++\nOfficials say";
    replace(site.path(), CLAIM, "\n+++\nOfficials say", other);
    let report = check(site.path());
    let text = messages(&report).replace(&site.path().display().to_string(), "[ROOT]");
    assert!(text.contains("warning[figure-mismatch]"), "{text}");
    insta::assert_snapshot!("figure_mismatch", text);
    // The same figure in another notation is no mismatch.
    let site = fixture("discover");
    let same = "\n[[evidence]]\narticle = \"wire\"\nstance = \"asserts\"\nquote = \"Some 1.5 thousand soldiers came ashore at a northern harbour late last week\"\n+++\nOfficials say";
    replace(site.path(), CLAIM, "\n+++\nOfficials say", same);
    assert!(!codes(&check(site.path())).contains(&"figure-mismatch"));
}

#[test]
fn lints_are_errors_under_strict() {
    let site = fixture("discover");
    let mut opts = BuildOptions::new(site.path());
    opts.strict = true;
    let report = build(&opts);
    assert!(!report.succeeded);
    assert!(messages(&report).contains("error[denial-unlinked]"));
    assert!(!site.path().join("public").exists());
}

fn validator(name: &str) -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("docs/schemas")
        .join(name);
    let schema: Value = serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .build(&schema)
        .unwrap()
}

fn assert_valid(v: &jsonschema::Validator, doc: &Value) {
    let errors: Vec<String> = v
        .iter_errors(doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn the_json_forms_validate_against_their_schemas() {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = fixture("discover");
    for root in [site.path(), demo] {
        let s = run(root, Format::Json, false);
        assert!(s.report.succeeded);
        let doc: Value = serde_json::from_str(&s.output).unwrap();
        assert!(!doc["suggestions"].as_array().unwrap().is_empty());
        assert_valid(&validator("suggest.v1.json"), &doc);
        let c = run(root, Format::Json, true);
        let doc: Value = serde_json::from_str(&c.output).unwrap();
        assert_valid(&validator("coverage.v1.json"), &doc);
    }
    // The schemas can fail: a suggestion without its quote does not validate.
    let s = run(site.path(), Format::Json, false);
    let mut doc: Value = serde_json::from_str(&s.output).unwrap();
    doc["suggestions"][0]
        .as_object_mut()
        .unwrap()
        .remove("quote");
    assert!(!validator("suggest.v1.json").is_valid(&doc));
}

#[test]
fn the_output_is_the_same_on_one_thread_or_many() {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let many = run(demo, Format::Json, false).output;
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap()
        .install(|| run(demo, Format::Json, false).output);
    assert_eq!(many, one);
    assert_eq!(many, run(demo, Format::Json, false).output);
    let text = run(demo, Format::Text, true).output;
    assert_eq!(text, run(demo, Format::Text, true).output);
}

#[test]
fn the_command_prints_suggestions_and_names_an_unknown_claim() {
    let site = fixture("discover");
    let root = site.path().to_str().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_attest"))
        .args([
            "suggest",
            "--root",
            root,
            "--claim",
            "port-troops",
            "--limit",
            "2",
        ])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    insta::assert_snapshot!("suggest_text", stdout);
    assert!(
        stderr.starts_with("suggested 2 passages for 1 claim in "),
        "{stderr}"
    );
    let out = Command::new(env!("CARGO_BIN_EXE_attest"))
        .args(["suggest", "--root", root, "--claim", "port-trops"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("error[unknown-claim]: no claim `port-trops`"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `port-troops`?"), "{stderr}");
}

#[test]
fn the_lints_index_reads_the_same_terms_again_that_the_full_index_keeps() {
    // The lints' index does not keep every passage's terms (they are about
    // as big as the text): it reads a passage's again when a lint asks. The
    // lints must see the very terms the full index keeps, or their
    // warnings would change with the command that runs them.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut diags = attest::diagnostics::Diagnostics::new();
    let (_, site) = attest::build::model_stages(&BuildOptions::new(root), &mut diags, &mut |_| {});
    let site = site.expect("the demo site builds");
    let full = attest::discover::Index::build(&site);
    let lints = attest::discover::Index::build_for_lints(&site);
    assert!(full.units.len() > 100);
    assert_eq!(full.units.len(), lints.units.len());
    for u in 0..full.units.len() {
        assert_eq!(full.unit_terms(u), lints.unit_terms(u));
        assert_eq!(full.char_start(&site, u), lints.char_start(&site, u));
        assert_eq!(full.units[u].block(&site), lints.units[u].block(&site));
        // Counted as each chunk is indexed, not from every term at once.
        for &k in full.unit_terms(u).iter() {
            assert_eq!(full.df(k), lints.df(k));
            assert_eq!(full.postings(k), lints.postings(k));
        }
    }
    assert_eq!(full.avg_len(), lints.avg_len());
}
