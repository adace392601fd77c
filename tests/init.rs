//! `attest init`, as a new desk runs it: a site that builds at once, with
//! no warning, and the full demo with `--example`.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

/// Runs the binary in `cwd`: (exit code, stdout, stderr).
fn attest(cwd: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_attest"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn a_new_site_builds_at_once_without_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, out, err) = attest(tmp.path(), &["init", "my-desk"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "wrote a new site in my-desk/ (12 files)\n\
         next: cd my-desk && attest serve --open, then adapt config.toml and content/pages/, and replace the example claim\n"
    );
    let site = tmp.path().join("my-desk");
    let (code, out, err) = attest(&site, &["build", "--strict"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(err, "");
    assert!(
        out.starts_with("built 1 claim, 1 article, 3 evidence links, 0 warnings in "),
        "{out}"
    );
    for page in [
        "index.html",
        "about/index.html",
        "methodology/index.html",
        "corrections/index.html",
        "claims/example-claim/index.html",
        "articles/example-article/index.html",
    ] {
        assert!(site.join("public").join(page).is_file(), "{page}");
    }
    let gitignore = fs::read_to_string(site.join(".gitignore")).unwrap();
    assert!(gitignore.lines().any(|l| l == "/public"), "{gitignore}");
    // The template pages name the IFCN commitments a desk must cover.
    let pages: String = ["about", "methodology", "corrections"]
        .iter()
        .map(|p| fs::read_to_string(site.join(format!("content/pages/{p}.md"))).unwrap())
        .collect();
    for topic in [
        "## Who funds us",
        "## Fair to everyone",
        "## How we find and link the evidence",
        "## The ratings",
        "## Reporting a mistake",
    ] {
        assert!(pages.contains(topic), "{topic}");
    }
}

#[test]
fn init_in_the_current_folder_and_beside_a_git_folder() {
    let tmp = tempfile::tempdir().unwrap();
    fs::create_dir(tmp.path().join(".git")).unwrap();
    fs::write(tmp.path().join(".gitignore"), "/target\n").unwrap();
    let (code, out, err) = attest(tmp.path(), &["init"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("wrote a new site in the current folder (11 files)\n"),
        "{out}"
    );
    assert!(out.contains("kept the .gitignore that was there"), "{out}");
    assert!(out.contains("next: attest serve --open"), "{out}");
    assert_eq!(
        fs::read_to_string(tmp.path().join(".gitignore")).unwrap(),
        "/target\n"
    );
    assert!(tmp.path().join("config.toml").is_file());
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    fs::create_dir(&site).unwrap();
    fs::write(site.join("notes.txt"), "mine").unwrap();
    let (code, out, err) = attest(tmp.path(), &["init", "site"]);
    assert_eq!(code, 1);
    assert_eq!(out, "");
    assert_eq!(
        err,
        "error[init-not-empty]: site is not empty: it holds notes.txt\n |\n \
         = note: attest init writes only into a new or empty folder, and never replaces a file\n \
         = help: name a new folder: `attest init my-site`\n\n"
    );
    assert_eq!(fs::read_to_string(site.join("notes.txt")).unwrap(), "mine");
    assert_eq!(fs::read_dir(&site).unwrap().count(), 1);
}

#[test]
fn init_example_builds_the_demo_byte_for_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, out, err) = attest(tmp.path(), &["init", "demo", "--example"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("wrote the demo site in demo/ ("), "{out}");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let ours = tmp.path().join("out-repo");
    let theirs = tmp.path().join("out-init");
    let repo_out = ours.to_str().unwrap();
    let (code, _, err) = attest(repo, &["build", "--output-dir", repo_out]);
    assert_eq!(code, 0, "{err}");
    let init_out = theirs.to_str().unwrap();
    let (code, _, err) = attest(
        &tmp.path().join("demo"),
        &["build", "--output-dir", init_out],
    );
    assert_eq!(code, 0, "{err}");
    let (a, b) = (common::files(&ours), common::files(&theirs));
    assert!(a.len() > 50, "{} files", a.len());
    common::assert_same_files(&a, &b, "differs");
}
