//! The `attest` binary as users run it: exit codes, the summary line, and
//! the errors on stderr.

mod common;

use std::fs;
use std::process::Command;

use common::*;

fn attest(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_attest"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn a_build_prints_one_summary_line() {
    let site = fixture("good");
    let root = site.path().to_str().unwrap();
    let (ok, stdout, stderr) = attest(&["--root", root]);
    assert!(ok, "{stderr}");
    assert_eq!(stderr, "");
    let line = stdout.trim_end();
    assert_eq!(line.lines().count(), 1, "{stdout}");
    assert!(
        line.starts_with("built 2 claims, 2 articles, 9 evidence links, 0 warnings in "),
        "{line}"
    );
    assert!(site.path().join("public/index.html").is_file());
}

#[test]
fn check_prints_the_summary_and_writes_nothing() {
    let site = fixture("good");
    let (ok, stdout, _) = attest(&["check", "--root", site.path().to_str().unwrap()]);
    assert!(ok);
    assert!(stdout.starts_with("checked 2 claims"), "{stdout}");
    assert!(!site.path().join("public").exists());
}

#[test]
fn options_work_before_and_after_the_subcommand() {
    let site = fixture("good");
    fs::remove_file(site.path().join("content/articles/calm.md")).unwrap();
    let claim = site.path().join("content/claims/port-troops.md");
    let root = site.path().to_str().unwrap();
    assert!(
        fs::read_to_string(&claim)
            .unwrap()
            .contains("article = \"calm\"")
    );
    for args in [
        ["--strict", "build", "--root", root],
        ["build", "--strict", "--root", root],
    ] {
        let (ok, stdout, stderr) = attest(&args);
        assert!(!ok, "{args:?}: {stdout}");
        assert!(stderr.contains("error[seed-without-article]"), "{stderr}");
    }
    let (ok, _, stderr) = attest(&["build", "--root", root]);
    assert!(ok, "{stderr}");
    assert!(stderr.contains("warning[seed-without-article]"), "{stderr}");
}

#[test]
fn a_failed_build_says_so_and_keeps_the_output() {
    let site = fixture("good");
    let root = site.path().to_str().unwrap();
    assert!(attest(&["--root", root]).0);
    let claim = site.path().join("content/claims/harbour-quiet.md");
    let text = fs::read_to_string(&claim)
        .unwrap()
        .replace("rating = \"true\"", "rating = \"ture\"");
    fs::write(&claim, text).unwrap();
    let (ok, stdout, stderr) = attest(&["--root", root]);
    assert!(!ok);
    assert_eq!(stdout, "");
    let stderr = stderr.replace(root, "[ROOT]");
    insta::assert_snapshot!("cli_failed_build", stderr);
}

#[test]
fn two_seeds_with_the_same_default_slug_are_an_error() {
    let site = fixture("good");
    fs::write(
        site.path().join("seeds/new_report.txt"),
        "A headline for the new report\n\nSome text here.\n",
    )
    .unwrap();
    fs::write(
        site.path().join("seeds/new-report.txt"),
        "Another headline for a report\n\nMore text here.\n",
    )
    .unwrap();
    let (ok, _, stderr) = attest(&["--root", site.path().to_str().unwrap()]);
    assert!(!ok);
    assert!(stderr.contains("error[slug-taken]: seeds `new-report.txt` and `new_report.txt` both get the default slug `new-report`"), "{stderr}");
}
