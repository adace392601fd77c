//! Benchmark of hostile seed text: one seed with a very long line (a
//! scraping accident: a whole page, or a blob of zero-width spaces, on one
//! line) and one claim whose quote has a typo, so the build searches the
//! article for the closest passage.
//!
//! cargo run --release --example hostile_seed -- [--mb N] [--zwsp] [--runs N]
//!
//! Builds (check only: nothing is written) a site in a temporary folder and
//! prints the wall time of each run, the median, and the first lines of the
//! build's message. `--mb` sets the length of the long line (default 10);
//! `--zwsp` makes it zero-width spaces instead of words; `--exact` quotes
//! the paragraph without the typo; `--write` builds into an output folder
//! (pages and all) instead of only checking.

use std::fs;
use std::time::{Duration, Instant};

use attest::build::{BuildOptions, build};

const CONFIG: &str = r#"title = "Hostile seeds"
base_url = "https://example.org/checks"

[[ratings]]
id = "unproven"
label = "Unproven"
value = 1
"#;

const ARTICLE: &str = "+++\nseed = \"long.txt\"\ntitle = \"A long line\"\n+++\n";

/// The quote of the seed's last paragraph, with one word mistyped.
const CLAIM: &str = r#"+++
title = "Troops moved"
claim = "Troops moved to the port city."
claimant = "Officials"
rating = "unproven"
published = 2024-11-01

[[evidence]]
article = "long"
stance = "asserts"
quote = "1,500 soldiers had moved to the port city by Friday"
+++
"#;

fn main() {
    let mut mb = 10usize;
    let mut zwsp = false;
    let mut runs = 3usize;
    let mut exact = false;
    let mut write = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--mb" => mb = args.next().and_then(|n| n.parse().ok()).unwrap_or(mb),
            "--zwsp" => zwsp = true,
            "--exact" => exact = true,
            "--write" => write = true,
            "--runs" => runs = args.next().and_then(|n| n.parse().ok()).unwrap_or(runs),
            _ => {
                eprintln!("usage: hostile_seed [--mb N] [--zwsp] [--exact] [--write] [--runs N]");
                std::process::exit(2);
            }
        }
    }
    let root = tempfile::tempdir().expect("a temporary folder");
    let dir = root.path();
    for d in ["seeds", "content/articles", "content/claims"] {
        fs::create_dir_all(dir.join(d)).expect("folders");
    }
    fs::write(dir.join("config.toml"), CONFIG).expect("config");
    fs::write(dir.join("content/articles/long.md"), ARTICLE).expect("article");
    let claim = if exact {
        CLAIM.replace("soldiers", "troops")
    } else {
        CLAIM.to_string()
    };
    fs::write(dir.join("content/claims/typo.md"), claim).expect("claim");
    let seed = seed_text(mb << 20, zwsp);
    fs::write(dir.join("seeds/long.txt"), &seed).expect("seed");
    println!(
        "seed: {} bytes, its long line {} MiB of {}",
        seed.len(),
        mb,
        if zwsp { "zero-width spaces" } else { "words" }
    );
    let mut times = Vec::new();
    for run in 0..runs {
        let mut options = BuildOptions::new(dir);
        options.check_only = !write;
        let start = Instant::now();
        let report = build(&options);
        let took = start.elapsed();
        times.push(took);
        println!("run {}: {:.3} s", run + 1, took.as_secs_f64());
        if run == 0 {
            let text = report.diagnostics.render(false);
            for line in text.lines().take(12) {
                println!("    {}", cut(line, 160));
            }
            print!("{}", report.timings_table());
        }
    }
    times.sort();
    let median: Duration = times[times.len() / 2];
    println!("median of {runs}: {:.3} s", median.as_secs_f64());
}

/// A title, the long line, and the paragraph the claim misquotes.
fn seed_text(len: usize, zwsp: bool) -> String {
    let mut s = String::with_capacity(len + 200);
    s.push_str("Troops reach the port\n\n");
    if zwsp {
        while s.len() < len {
            s.push('\u{200B}');
        }
    } else {
        const WORDS: [&str; 8] = [
            "the",
            "ministry",
            "said",
            "convoy",
            "harbour",
            "officials",
            "report",
            "moved",
        ];
        let mut x: u32 = 1;
        while s.len() < len {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            s.push_str(WORDS[(x >> 16) as usize % WORDS.len()]);
            s.push(' ');
        }
    }
    s.push_str("\n\n1,500 troops had moved to the port city by Friday, officials said.\n");
    s
}

fn cut(line: &str, max: usize) -> String {
    match line.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &line[..i]),
        None => line.to_string(),
    }
}
