//! Scores how well attest reads saved web pages: the extraction eval's 250
//! real pages, each with snippets its main text must keep and must drop.
//!
//! ```sh
//! cargo run --release --example extraction_eval [-- DIR] [--verbose] [--why]
//! ```
//!
//! DIR defaults to the first `shared/extraction-eval` found beside the
//! repository or one of its parents. The pages are read as a seed is
//! (charset, limits) and ingested; the main text is the visible blocks (not
//! the furniture) joined by spaces. Scoring follows the eval's README:
//! white space collapsed, a kept `with` snippet is a true positive, a kept
//! `without` snippet a false positive; F1 = 2TP / (2TP + FP + FN).
//!
//! The pages, sorted by address, are scored as two halves too: the even
//! ones (0, 2, …), on which rules are tuned, and the odd ones, held out to
//! check that a rule is general. `--verbose` prints every miss; `--why`
//! adds the block each one is in (its kind, and why furniture is hidden).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use attest::ingest::{BlockKind, SeedFormat};

/// Totals over a set of pages.
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
    fn add(&mut self, o: &Score) {
        self.pages += o.pages;
        self.refused += o.refused;
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
        self.tn += o.tn;
        self.time += o.time;
    }
    fn line(&self) -> String {
        format!(
            "{} pages ({} refused): F1 {:.4}, precision {:.4}, recall {:.4} (TP {}, FP {}, FN {}, TN {})",
            self.pages,
            self.refused,
            self.f1(),
            self.precision(),
            self.recall(),
            self.tp,
            self.fp,
            self.fn_,
            self.tn,
        )
    }
}

/// The whole eval and its two halves.
#[derive(Clone, Debug, Default)]
pub struct Scores {
    pub all: Score,
    /// Pages 0, 2, 4, … in address order: the tuning half.
    pub even: Score,
    /// Pages 1, 3, 5, …: the held-out half.
    pub odd: Score,
    /// With `why`: how many snippets of each outcome are in each kind of block.
    pub tally: std::collections::BTreeMap<String, usize>,
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

/// One block of a page as attest reads it, white space collapsed.
pub struct PageBlock {
    pub kind: BlockKind,
    pub hidden_because: Option<&'static str>,
    pub text: String,
}

/// Every block of a page as attest reads it, or `None` if it refuses the page.
pub fn blocks(name: &str, bytes: Vec<u8>) -> Option<Vec<PageBlock>> {
    let html = attest::load::page::decode_page(name, bytes).ok()?.text;
    let reading = attest::ingest::read(&html, SeedFormat::Html, &[]);
    let text = reading.text.unwrap_or_default();
    Some(
        (reading.ingested.blocks.iter())
            .map(|b| PageBlock {
                kind: b.kind,
                hidden_because: b.hidden_because,
                text: collapse(&text[b.range.clone()]),
            })
            .collect(),
    )
}

/// The main text of a page: its blocks that are not furniture, joined by spaces.
pub fn main_text(blocks: &[PageBlock]) -> String {
    let parts: Vec<&str> = (blocks.iter())
        .filter(|b| b.kind != BlockKind::Furniture)
        .map(|b| b.text.as_str())
        .collect();
    parts.join(" ")
}

/// Which block of the page holds a snippet, for `--why`.
fn where_is(blocks: &[PageBlock], snippet: &str) -> String {
    let mut all = String::new();
    let mut starts = Vec::with_capacity(blocks.len());
    for b in blocks {
        if !all.is_empty() {
            all.push(' ');
        }
        starts.push(all.len());
        all.push_str(&b.text);
    }
    let Some(at) = all.find(snippet) else {
        return "not in the page's text".to_string();
    };
    let i = starts.partition_point(|&s| s <= at) - 1;
    let b = &blocks[i];
    let spans = at + snippet.len() > starts[i] + b.text.len();
    format!(
        "in {:?}{}{}",
        b.kind,
        b.hidden_because
            .map(|w| format!(" ({w})"))
            .unwrap_or_default(),
        if spans { ", and the next blocks" } else { "" }
    )
}

/// Scores attest on every page of the eval; with `verbose`, prints each
/// miss, and with `why`, the block it is in.
pub fn score(dir: &Path, verbose: bool, why: bool) -> Scores {
    let data: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("evaldata.json")).expect("evaldata.json is readable"),
    )
    .expect("evaldata.json is JSON");
    let mut scores = Scores::default();
    let mut entries: Vec<(&String, &serde_json::Value)> =
        data.as_object().expect("an object").iter().collect();
    entries.sort_by_key(|(url, _)| *url);
    for (index, (_, page)) in entries.into_iter().enumerate() {
        let mut s = Score::default();
        let file = page["file"].as_str().expect("a file name");
        let bytes = std::fs::read(dir.join("pages").join(file)).expect("the page is readable");
        let start = Instant::now();
        let read = blocks(file, bytes);
        s.time += start.elapsed();
        s.pages += 1;
        let half = if index % 2 == 0 { "even" } else { "odd" };
        if read.is_none() {
            s.refused += 1;
            if verbose {
                println!("{half} {file}: refused");
            }
        }
        let read = read.unwrap_or_default();
        let text = main_text(&read);
        let snippets = |key: &str| -> Vec<String> {
            page[key]
                .as_array()
                .map(|a| a.iter().filter_map(|v| v.as_str()).map(collapse).collect())
                .unwrap_or_default()
        };
        let because = |w: &str| {
            if why {
                format!(" [{}]", where_is(&read, w))
            } else {
                String::new()
            }
        };
        let mut tally = |outcome: &str, w: &str| {
            if why {
                let at = where_is(&read, w);
                let kind = at.split(" (").next().unwrap_or_default();
                let kind = kind.trim_end_matches(", and the next blocks");
                *scores.tally.entry(format!("{outcome} {kind}")).or_default() += 1;
            }
        };
        for w in snippets("with") {
            if text.contains(&w) {
                s.tp += 1;
                tally("kept   (TP)", &w);
            } else {
                tally("missed (FN)", &w);
                s.fn_ += 1;
                if verbose {
                    println!("{half} {file}: missing {w:?}{}", because(&w));
                }
            }
        }
        for w in snippets("without") {
            if text.contains(&w) {
                s.fp += 1;
                tally("kept   (FP)", &w);
                if verbose {
                    println!("{half} {file}: kept {w:?}{}", because(&w));
                }
            } else {
                s.tn += 1;
            }
        }
        scores.all.add(&s);
        if index % 2 == 0 {
            scores.even.add(&s);
        } else {
            scores.odd.add(&s);
        }
    }
    scores
}

#[allow(dead_code)]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let why = args.iter().any(|a| a == "--why");
    let verbose = why || args.iter().any(|a| a == "--verbose");
    let dir = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .or_else(find_eval_dir)
        .expect("no extraction-eval folder found; pass its path");
    let s = score(&dir, verbose, why);
    for (what, n) in &s.tally {
        println!("{n:4} {what}");
    }
    println!(
        "all:  {}; {:.0} pages/s",
        s.all.line(),
        s.all.pages_per_second()
    );
    println!("even: {} (tuning half)", s.even.line());
    println!("odd:  {} (held-out half)", s.odd.line());
}
