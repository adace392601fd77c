//! `attest new claim` and `attest new article`, as users run them, and what
//! `attest check` says about the files they write.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::fixture;

/// Runs the binary with `--root root`: (exit code, stdout, stderr).
fn attest(root: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_attest"))
        .args(args)
        .args(["--root", root.to_str().unwrap()])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Uncomments the lines `# key = ...` of `keys` (the first of each).
fn uncomment(text: &str, keys: &[&str]) -> String {
    let mut out = String::new();
    let mut done: Vec<&str> = Vec::new();
    for line in text.lines() {
        let key = keys
            .iter()
            .find(|k| !done.contains(k) && line.starts_with(&format!("# {k} ")))
            .or_else(|| {
                keys.iter()
                    .find(|k| !done.contains(k) && line == format!("# {k}"))
            });
        match key {
            Some(k) => {
                done.push(k);
                out.push_str(&line[2..]);
            }
            None => out.push_str(line),
        }
        out.push('\n');
    }
    assert_eq!(
        done.len(),
        keys.len(),
        "not all of {keys:?} found in\n{text}"
    );
    out
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

#[test]
fn a_new_claim_has_every_key_and_passes_check_but_for_its_evidence() {
    let site = fixture("good");
    let root = site.path();
    let (code, stdout, stderr) = attest(root, &["new", "claim", "troop-ships"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("content/claims/troop-ships.md"), "{stdout}");
    let path = root.join("content/claims/troop-ships.md");
    let text = fs::read_to_string(&path).unwrap();
    for key in [
        "title = ",
        "claim = ",
        "claimant = ",
        "# claim_date = ",
        "rating = \"unproven\"",
        "published = ",
        "# updated = ",
        "# tags = ",
        "draft = false",
        "# [figure]",
        "# quantity = ",
        "# value = ",
        "low = ",
        "# unit = ",
        "# as_of = ",
        "# [[evidence]]",
        "# article = \"calm\"",
        "# stance = \"asserts\"",
        "# quote = ",
        "# attributed_to = ",
        "# note = ",
        "# prefix = ",
        "# suffix = ",
    ] {
        assert!(text.contains(key), "{key} missing:\n{text}");
    }
    // The ratings of config.toml are listed; the articles too.
    assert!(text.contains("true, unproven, false"), "{text}");
    assert!(text.contains("calm, report"), "{text}");
    let published = text
        .lines()
        .find_map(|l| l.strip_prefix("published = "))
        .unwrap();
    assert!(is_date(&published[..10]), "{published}");

    // `attest check` passes, with one warning that says what to fill in.
    let (code, stdout, stderr) = attest(root, &["check"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("checked 3 claims"), "{stdout}");
    assert!(stdout.contains("1 warning"), "{stdout}\n{stderr}");
    assert!(
        stderr.starts_with("warning[no-evidence]: claim `troop-ships` links to no passage"),
        "{stderr}"
    );
    assert!(
        stderr.contains("--> content/claims/troop-ships.md"),
        "{stderr}"
    );
    assert!(stderr.contains("[[evidence]]"), "{stderr}");
    let (code, _, _) = attest(root, &["check", "--strict"]);
    assert_eq!(code, 1);

    // Every commented key is a valid one: uncommented (with a real quote
    // and article), the claim checks clean.
    let filled = uncomment(
        &text,
        &[
            "claim_date",
            "updated",
            "tags",
            "[figure]",
            "quantity",
            "value",
            "unit",
            "as_of",
            "[[evidence]]",
            "article",
            "stance",
            "quote",
            "attributed_to",
            "note",
        ],
    )
    .replace(
        "quote = \"the words as they stand in the article\"",
        "quote = \"No troops were seen by anyone\"",
    );
    fs::write(&path, filled).unwrap();
    let (code, stdout, stderr) = attest(root, &["check", "--strict"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("0 warnings"), "{stdout}");
}

#[test]
fn new_never_replaces_a_file() {
    let site = fixture("good");
    let root = site.path();
    let path = root.join("content/claims/harbour-quiet.md");
    let before = fs::read(&path).unwrap();
    let (code, stdout, stderr) = attest(root, &["new", "claim", "harbour-quiet"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stderr.starts_with("error[file-exists]: content/claims/harbour-quiet.md already exists"),
        "{stderr}"
    );
    assert_eq!(fs::read(&path).unwrap(), before);

    // An article: the seed's own article file is named.
    let (code, _, stderr) = attest(root, &["new", "article", "seeds/report.txt"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("error[seed-has-article]"), "{stderr}");
    assert!(stderr.contains("content/articles/report.md"), "{stderr}");

    // An article file of that slug exists for another seed.
    fs::remove_file(root.join("content/articles/calm.md")).unwrap();
    let report = fs::read(root.join("content/articles/report.md")).unwrap();
    let (code, _, stderr) = attest(root, &["new", "article", "calm.txt", "--slug", "report"]);
    assert_eq!(code, 1);
    assert!(
        stderr.starts_with("error[file-exists]: content/articles/report.md already exists"),
        "{stderr}"
    );
    assert_eq!(
        fs::read(root.join("content/articles/report.md")).unwrap(),
        report
    );
}

#[test]
fn bad_slugs_are_refused_with_the_slug_to_use() {
    let site = fixture("good");
    let root = site.path();
    let (code, _, stderr) = attest(root, &["new", "claim", "Troop Ships_2024"]);
    assert_eq!(code, 1);
    assert!(
        stderr.starts_with("error[bad-slug]: `Troop Ships_2024` is not a valid slug"),
        "{stderr}"
    );
    assert!(
        stderr.contains("help: use `attest new claim troop-ships-2024`"),
        "{stderr}"
    );
    assert!(!root.join("content/claims/Troop Ships_2024.md").exists());

    fs::remove_file(root.join("content/articles/calm.md")).unwrap();
    let (code, _, stderr) = attest(root, &["new", "article", "calm.txt", "--slug", "Calm Day"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("error[bad-slug]"), "{stderr}");
    assert!(stderr.contains("help: use `--slug calm-day`"), "{stderr}");
    let count = fs::read_dir(root.join("content/articles")).unwrap().count();
    assert_eq!(count, 1, "nothing written");
}

#[test]
fn a_new_article_takes_its_title_from_the_seed() {
    let site = fixture("good");
    let root = site.path();
    fs::remove_file(root.join("content/articles/calm.md")).unwrap();
    let (code, stdout, stderr) = attest(root, &["new", "article", "seeds/calm.txt"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("content/articles/calm.md"), "{stdout}");
    let path = root.join("content/articles/calm.md");
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains("seed = \"calm.txt\""), "{text}");
    assert!(
        text.contains("title = \"A calm day in the harbour\""),
        "{text}"
    );
    for key in [
        "# outlet = ",
        "# original_outlet = ",
        "# url = ",
        "# published = ",
        "# copy_of = ",
        "# furniture = ",
    ] {
        assert!(text.contains(key), "{key} missing:\n{text}");
    }
    let (code, stdout, stderr) = attest(root, &["check", "--strict"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("checked 2 claims, 2 articles"), "{stdout}");

    // The commented keys are valid ones (the placeholders of copy_of and
    // furniture name nothing real, so they stay commented).
    let filled = uncomment(&text, &["outlet", "original_outlet", "url", "published"]);
    fs::write(&path, filled).unwrap();
    let (code, _, stderr) = attest(root, &["check", "--strict"]);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn the_article_slug_comes_from_the_seed_file_name_or_slug() {
    let site = fixture("good");
    let root = site.path();
    fs::copy(
        root.join("seeds/calm.txt"),
        root.join("seeds/Harbour Report_2024.txt"),
    )
    .unwrap();
    let (code, _, stderr) = attest(root, &["new", "article", "Harbour Report_2024.txt"]);
    assert_eq!(code, 0, "{stderr}");
    let text = fs::read_to_string(root.join("content/articles/harbour-report-2024.md")).unwrap();
    assert!(
        text.contains("seed = \"Harbour Report_2024.txt\""),
        "{text}"
    );

    fs::copy(root.join("seeds/calm.txt"), root.join("seeds/again.txt")).unwrap();
    let (code, _, stderr) = attest(
        root,
        &["new", "article", "again.txt", "--slug", "calm-again"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(root.join("content/articles/calm-again.md").is_file());
}

#[test]
fn a_seed_must_exist_in_seeds() {
    let site = fixture("good");
    let root = site.path();
    let (code, _, stderr) = attest(root, &["new", "article", "clam.txt"]);
    assert_eq!(code, 1);
    assert!(stderr.starts_with("error[unknown-seed]"), "{stderr}");
    assert!(stderr.contains("did you mean `calm.txt`?"), "{stderr}");

    let elsewhere = tempfile::tempdir().unwrap();
    let outside = elsewhere.path().join("story.txt");
    fs::write(&outside, "A story\n\nIt happened on a day like this one.\n").unwrap();
    let (code, _, stderr) = attest(root, &["new", "article", outside.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(stderr.starts_with("error[seed-not-in-seeds]"), "{stderr}");
    assert!(!root.join("content/articles/story.md").exists());
}
