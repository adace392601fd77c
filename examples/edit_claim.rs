//! Benchmark of the editor's loop: the time from saving a claim file to its
//! new page on disk, with the incremental rebuild `attest serve` runs.
//!
//! cargo run --release --example edit_claim -- --root DIR [--edits N]
//!
//! DIR is a site root, e.g. one made by `gen_site`. The claim files of DIR
//! are edited (a suffix added to a title, then removed) and put back as
//! they were at the end. Prints the full build's time, then the median,
//! minimum and maximum over N edits of: the time to the claim page on disk,
//! and the time to the whole rebuild (home, listings, feeds).

use std::fs;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use attest::build::BuildOptions;
use attest::rebuild::Session;
use attest::serve::watch::{Change, ChangeKind};

fn main() {
    let mut root = None;
    let mut edits = 20;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--root" => root = args.next().map(PathBuf::from),
            "--edits" => edits = args.next().and_then(|n| n.parse().ok()).unwrap_or(edits),
            _ => {
                eprintln!("usage: edit_claim --root DIR [--edits N]");
                std::process::exit(2);
            }
        }
    }
    let Some(root) = root else {
        eprintln!("usage: edit_claim --root DIR [--edits N]");
        std::process::exit(2);
    };
    let mut session = Session::new(BuildOptions::new(&root));
    let start = Instant::now();
    let report = session.rebuild(&[]);
    assert!(report.succeeded, "{}", report.diagnostics.render(false));
    println!(
        "full build: {} ms ({} claims, {} articles)",
        start.elapsed().as_millis(),
        report.claims,
        report.articles
    );

    let mut claims: Vec<String> = fs::read_dir(root.join("content/claims"))
        .expect("content/claims")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md"))
        .collect();
    claims.sort();
    let mut to_page = Vec::new();
    let mut to_all = Vec::new();
    for i in 0..edits {
        // Spread the edits over the site, a different claim each time.
        let name = &claims[(i * 7919) % claims.len()];
        let rel = format!("content/claims/{name}");
        let path = root.join(&rel);
        let original = fs::read_to_string(&path).expect("claim file");
        let marker = format!(" (edit {i})");
        let edited = original.replacen("\"\ncla", &format!("{marker}\"\ncla"), 1);
        assert_ne!(edited, original, "{rel}: no `title` line before `claim`");

        let saved = Instant::now();
        fs::write(&path, &edited).expect("write claim");
        let rebuild = Instant::now();
        let report = session.rebuild(&[Change {
            path: rel.clone(),
            kind: ChangeKind::Modified,
        }]);
        let all = saved.elapsed();
        assert!(report.succeeded, "{}", report.diagnostics.render(false));
        let first = report.first_written.expect("an incremental rebuild");
        if i == 0 {
            println!("stages of the first edit:\n{}", report.timings_table());
        }
        to_page.push(rebuild - saved + first);
        to_all.push(all);
        let page = root.join(format!(
            "public/claims/{}/index.html",
            name.trim_end_matches(".md")
        ));
        let html = fs::read_to_string(&page).expect("claim page");
        assert!(html.contains(&marker), "{}: not rebuilt", page.display());

        fs::write(&path, &original).expect("restore claim");
        let report = session.rebuild(&[Change {
            path: rel,
            kind: ChangeKind::Modified,
        }]);
        assert!(report.succeeded);
    }
    println!(
        "claim page on disk after a save ({edits} edits): {}",
        stats(&mut to_page)
    );
    println!(
        "whole rebuild after a save:              {}",
        stats(&mut to_all)
    );
}

fn stats(times: &mut [Duration]) -> String {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    format!(
        "median {:.1} ms, min {:.1} ms, max {:.1} ms",
        ms(times[times.len() / 2]),
        ms(times[0]),
        ms(times[times.len() - 1])
    )
}
