//! The discovery measurement on the demo: every claim is stripped to its
//! first `[[evidence]]` entry, `attest suggest` runs on what is left, and
//! each claim's removed passages are looked for among its top
//! max(10, 2 × removed) suggestions.
//!
//!     cargo run --release --example suggest_recall            # the demo
//!     cargo run --release --example suggest_recall -- --root DIR --misses
//!
//! A removed passage counts as found when a suggestion for the claim
//! overlaps it in the same article. Prints one line per claim, the overall
//! share, and (with --misses) every passage not found.

use std::fs;
use std::path::{Path, PathBuf};

use attest::build::{BuildOptions, model_stages};
use attest::diagnostics::Diagnostics;
use attest::discover::{Index, suggest::suggest};
use attest::model::Site;

fn model(root: &Path) -> Site {
    let mut diags = Diagnostics::new();
    let (_, site) = model_stages(&BuildOptions::new(root), &mut diags, &mut |_| {});
    site.unwrap_or_else(|| {
        eprint!("{}", diags.render(false));
        panic!("the site at {} does not build", root.display())
    })
}

/// A claim file with every `[[evidence]]` entry after the first removed,
/// and every `[[not_evidence]]` entry.
fn strip(text: &str) -> String {
    let mut out = String::new();
    let mut seen = 0;
    let mut skipping = false;
    let mut in_front = false;
    for line in text.split_inclusive('\n') {
        let t = line.trim();
        if t == "+++" {
            in_front = !in_front;
            skipping = false;
        } else if in_front && t.starts_with('[') {
            if t == "[[evidence]]" {
                seen += 1;
                skipping = seen > 1;
            } else if t == "[[not_evidence]]" {
                // Settled passages are the editor's reading, which the
                // measurement starts without.
                skipping = true;
            } else {
                skipping = false;
            }
        }
        if !skipping {
            out.push_str(line);
        }
    }
    out
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.expect("readable");
        let rel = entry.path().strip_prefix(from).expect("inside");
        let first = rel
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().to_string());
        if matches!(
            first.as_deref(),
            Some("target" | "public" | ".git" | "node_modules")
        ) {
            continue;
        }
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&dest).expect("mkdir");
        } else {
            fs::copy(entry.path(), &dest).expect("copy");
        }
    }
}

fn main() {
    let mut root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut misses = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--root" => root = PathBuf::from(args.next().expect("--root DIR")),
            "--misses" => misses = true,
            _ => panic!("usage: suggest_recall [--root DIR] [--misses]"),
        }
    }
    let full = model(&root);
    let work = std::env::temp_dir().join(format!("attest-recall-{}", std::process::id()));
    let _ = fs::remove_dir_all(&work);
    for dir in ["content", "seeds"] {
        copy_dir(&root.join(dir), &work.join(dir));
    }
    fs::copy(root.join("config.toml"), work.join("config.toml")).expect("config");
    for c in &full.claims {
        let path = work.join(&c.file);
        let text = fs::read_to_string(&path).expect("claim");
        fs::write(&path, strip(&text)).expect("write");
    }
    let stripped = model(&work);
    let index = Index::build(&stripped);
    let (mut found_all, mut removed_all) = (0, 0);
    let mut missed = Vec::new();
    for (ci, c) in full.claims.iter().enumerate() {
        let removed: Vec<_> = c.evidence.iter().skip(1).collect();
        if removed.is_empty() {
            println!("{:<42} removed 0", c.slug);
            continue;
        }
        let k = 10.max(2 * removed.len());
        let sci = stripped
            .claims
            .iter()
            .position(|s| s.slug == c.slug)
            .expect("same claims");
        let suggestions = suggest(&stripped, &index, &[sci], if misses { 400 } else { k });
        let mut found = 0;
        if std::env::var("SHOW").is_ok_and(|v| v == c.slug) {
            for (r, s) in suggestions.iter().take(k).enumerate() {
                let hit = removed.iter().any(|ev| {
                    full.articles[ev.span.article].slug == s.article
                        && s.start_byte < ev.span.orig.end
                        && ev.span.orig.start < s.end_byte
                });
                let why: Vec<String> = s
                    .reasons
                    .iter()
                    .map(|x| format!("{}={}", x.signal, x.weight))
                    .collect();
                println!(
                    "  {}{:>2} {:.3} {} {} [{}] {}",
                    if hit { "*" } else { " " },
                    r + 1,
                    s.score,
                    s.article,
                    s.location,
                    why.join(" "),
                    s.exact.chars().take(90).collect::<String>()
                );
            }
        }
        for ev in &removed {
            let slug = &full.articles[ev.span.article].slug;
            let hit = suggestions.iter().position(|s| {
                &s.article == slug
                    && s.start_byte < ev.span.orig.end
                    && ev.span.orig.start < s.end_byte
            });
            match hit {
                Some(r) if r < k => found += 1,
                _ => {
                    let rank = hit.map_or("not ranked".to_string(), |r| {
                        let s = &suggestions[r];
                        let why: Vec<&str> = s.reasons.iter().map(|x| x.signal).collect();
                        format!("rank {} score {} {}", r + 1, s.score, why.join("+"))
                    });
                    let a = &full.articles[ev.span.article];
                    missed.push(format!(
                        "{} #{} [{rank}] {:?} {} {}: {}",
                        c.slug,
                        ev.k,
                        ev.stance,
                        slug,
                        a.blocks[ev.span.first_block].label(&a.seed.text),
                        ev.span.exact()
                    ));
                }
            }
        }
        println!(
            "{:<42} removed {:>2}, found {:>2} in the top {:>2} ({:.0}%)",
            c.slug,
            removed.len(),
            found,
            k,
            100.0 * found as f64 / removed.len() as f64
        );
        found_all += found;
        removed_all += removed.len();
        let _ = ci;
    }
    println!(
        "overall: {found_all} of {removed_all} removed passages found ({:.1}%)",
        100.0 * found_all as f64 / removed_all.max(1) as f64
    );
    if misses {
        println!("\nmissed:");
        for m in missed {
            println!("  {m}");
        }
    }
    let _ = fs::remove_dir_all(&work);
}
