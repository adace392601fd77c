//! Benchmark of the search index: how long the build takes to make it, and
//! how big it is.
//!
//!     cargo run --release --example search_index -- --root DIR [--runs N]
//!
//! Builds the site at DIR once (into a temporary directory), then makes each
//! part of the index N times (default 5) and prints the median and range of
//! the time, the number of files and their size, raw and gzipped.

use std::io::Write as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use attest::build::{BuildOptions, build_kept};
use attest::search::Part;

// As the attest binary: the index is made of many small strings.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut root = None;
    let mut runs = 5;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--root" => root = args.next().map(PathBuf::from),
            "--runs" => runs = args.next().and_then(|n| n.parse().ok()).unwrap_or(runs),
            _ => usage(),
        }
    }
    let Some(root) = root else { usage() };
    let out = tempfile::tempdir().expect("a temporary directory");
    let mut options = BuildOptions::new(&root);
    options.output_dir = Some(out.path().join("public"));
    let (report, kept) = build_kept(&options);
    assert!(report.succeeded, "{}", report.diagnostics.render(false));
    let site = kept.expect("a successful build").site;
    println!(
        "{} claims, {} articles, {} passages",
        site.claims.len(),
        site.articles.len(),
        site.articles
            .iter()
            .map(|a| a.blocks.iter().filter(|b| b.number.is_some()).count())
            .sum::<usize>()
    );
    for part in Part::ALL {
        let mut times: Vec<Duration> = Vec::new();
        let mut files = Vec::new();
        for _ in 0..runs {
            let start = Instant::now();
            files = part.files(&site);
            times.push(start.elapsed());
        }
        times.sort();
        let raw: usize = files.iter().map(|f| f.bytes.len()).sum();
        let gzipped: usize = files
            .iter()
            .map(|f| {
                let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
                gz.write_all(&f.bytes).expect("gzip");
                gz.finish().expect("gzip").len()
            })
            .sum();
        println!(
            "{}: {} ms median ({}-{} ms over {runs} runs); {} files, {:.1} MiB ({:.1} MiB gzipped)",
            part.dir(),
            times[times.len() / 2].as_millis(),
            times[0].as_millis(),
            times[times.len() - 1].as_millis(),
            files.len(),
            raw as f64 / 1048576.0,
            gzipped as f64 / 1048576.0
        );
    }
}

fn usage() -> ! {
    eprintln!("usage: search_index --root DIR [--runs N]");
    std::process::exit(2)
}
