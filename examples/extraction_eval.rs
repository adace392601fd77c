//! Scores how well attest reads saved web pages: the extraction eval's 250
//! real pages, each with snippets its main text must keep and must drop.
//!
//! ```sh
//! cargo run --release --example extraction_eval [-- DIR] [--verbose]
//! ```
//!
//! DIR defaults to the first `shared/extraction-eval` found beside the
//! repository or one of its parents. The pages are read as a seed is
//! (charset, limits) and ingested; the main text is the visible blocks (not
//! the furniture) joined by spaces. Scoring follows the eval's README:
//! white space collapsed, a kept `with` snippet is a true positive, a kept
//! `without` snippet a false positive; F1 = 2TP / (2TP + FP + FN).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use attest::ingest::{BlockKind, SeedFormat};

/// Totals over the eval.
#[derive(Clone, Debug, Default)]
pub struct Score {
    pub pages: usize,
    /// Pages attest refused to read (undecodable, too large, too deep).
    pub refused: usize,
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
    pub tn: usize,
    /// Time spent decoding and ingesting, all pages.
    pub time: Duration,
}

impl Score {
    pub fn precision(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fp).max(1) as f64
    }
    pub fn recall(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fn_).max(1) as f64
    }
    pub fn f1(&self) -> f64 {
        2.0 * self.tp as f64 / (2 * self.tp + self.fp + self.fn_).max(1) as f64
    }
    pub fn pages_per_second(&self) -> f64 {
        self.pages as f64 / self.time.as_secs_f64().max(1e-9)
    }
}

/// The eval folder, looked for beside the repository and its parents.
pub fn find_eval_dir() -> Option<PathBuf> {
    let mut dir = Some(Path::new(env!("CARGO_MANIFEST_DIR")));
    while let Some(d) = dir {
        let candidate = d.join("shared").join("extraction-eval");
        if candidate.join("evaldata.json").is_file() {
            return Some(candidate);
        }
        dir = d.parent();
    }
    None
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The main text of a page as attest reads it, or `None` if it refuses the page.
pub fn main_text(name: &str, bytes: Vec<u8>) -> Option<String> {
    let html = attest::load::page::decode_page(name, bytes).ok()?;
    let reading = attest::ingest::read(&html, SeedFormat::Html, &[]);
    let text = reading.text.unwrap_or_default();
    let parts: Vec<&str> = (reading.ingested.blocks.iter())
        .filter(|b| b.kind != BlockKind::Furniture)
        .map(|b| &text[b.range.clone()])
        .collect();
    Some(parts.join(" "))
}

/// Scores attest on every page of the eval; with `verbose`, prints each miss.
pub fn score(dir: &Path, verbose: bool) -> Score {
    let data: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("evaldata.json")).expect("evaldata.json is readable"),
    )
    .expect("evaldata.json is JSON");
    let mut s = Score::default();
    let mut entries: Vec<(&String, &serde_json::Value)> =
        data.as_object().expect("an object").iter().collect();
    entries.sort_by_key(|(url, _)| *url);
    for (_, page) in entries {
        let file = page["file"].as_str().expect("a file name");
        let bytes = std::fs::read(dir.join("pages").join(file)).expect("the page is readable");
        let start = Instant::now();
        let text = main_text(file, bytes);
        s.time += start.elapsed();
        s.pages += 1;
        if text.is_none() {
            s.refused += 1;
            if verbose {
                println!("{file}: refused");
            }
        }
        let text = collapse(&text.unwrap_or_default());
        let snippets = |key: &str| -> Vec<String> {
            page[key]
                .as_array()
                .map(|a| a.iter().filter_map(|v| v.as_str()).map(collapse).collect())
                .unwrap_or_default()
        };
        for w in snippets("with") {
            if text.contains(&w) {
                s.tp += 1;
            } else {
                s.fn_ += 1;
                if verbose {
                    println!("{file}: missing {w:?}");
                }
            }
        }
        for w in snippets("without") {
            if text.contains(&w) {
                s.fp += 1;
                if verbose {
                    println!("{file}: kept {w:?}");
                }
            } else {
                s.tn += 1;
            }
        }
    }
    s
}

#[allow(dead_code)]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let verbose = args.iter().any(|a| a == "--verbose");
    let dir = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .or_else(find_eval_dir)
        .expect("no extraction-eval folder found; pass its path");
    let s = score(&dir, verbose);
    println!(
        "{} pages ({} refused): F1 {:.4}, precision {:.4}, recall {:.4} (TP {}, FP {}, FN {}, TN {}); {:.0} pages/s",
        s.pages,
        s.refused,
        s.f1(),
        s.precision(),
        s.recall(),
        s.tp,
        s.fp,
        s.fn_,
        s.tn,
        s.pages_per_second()
    );
}
