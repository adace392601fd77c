//! Benchmark of the work a build does over every passage of every article:
//! the lints' index, the lints, the claims' twins and the passages' search
//! index, each on one thread, so that CPU time is what is compared.
//!
//!     cargo run --release --example discover_cost -- --root DIR [--runs N]
//!     ONLY=copies cargo run --release --example discover_cost -- --root DIR
//!
//! Loads the site at DIR once (load to model, nothing written), then runs
//! each job N times (default 3), or only those whose name holds `ONLY`, and
//! prints the median of the CPU seconds (user and system) each took. The
//! lints are timed without the copy search, timed on its own as in a build.

use std::path::PathBuf;

use attest::build::{BuildOptions, model_stages};
use attest::diagnostics::Diagnostics;
use attest::discover::{self, Index};
use attest::search::Part;

// As the attest binary.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut root = None;
    let mut runs = 3;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--root" => root = args.next().map(PathBuf::from),
            "--runs" => runs = args.next().and_then(|n| n.parse().ok()).unwrap_or(runs),
            _ => usage(),
        }
    }
    let Some(root) = root else { usage() };
    let options = BuildOptions::new(&root);
    let mut diags = Diagnostics::default();
    let (_, site) = model_stages(&options, &mut diags, &mut |_| {});
    let Some(site) = site else {
        eprintln!("{}", diags.render(false));
        std::process::exit(1);
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a thread pool");
    let mut index = Index::build_for_lints(&site);
    println!(
        "{} articles, {} passages; CPU seconds on one thread, median of {runs}",
        site.articles.len(),
        index.units.len()
    );
    let time = |name: &str, job: &(dyn Fn() -> usize + Sync)| {
        let mut secs: Vec<f64> = (0..runs)
            .map(|_| {
                let before = cpu_seconds();
                std::hint::black_box(pool.install(job));
                cpu_seconds() - before
            })
            .collect();
        secs.sort_by(f64::total_cmp);
        println!("{name:<16} {:>7.2} s", secs[secs.len() / 2]);
    };
    let only = std::env::var("ONLY").unwrap_or_default();
    let time = |name: &str, job: &(dyn Fn() -> usize + Sync)| {
        if only.is_empty() || name.contains(only.as_str()) {
            time(name, job)
        }
    };
    time("lints' index", &|| {
        Index::build_for_lints(&site).units.len()
    });
    time("copies", &|| {
        discover::twins::possible_copies(&site, &index).len()
    });
    // As a build does: the copies found once, before the lints.
    discover::twins::find_copies(&site, &mut index);
    time("lints", &|| discover::lints(&site, &index, None).len());
    time("twins", &|| {
        discover::twins::all_claim_twins(&site, &index).len()
    });
    time("search passages", &|| Part::Passages.files(&site).len());
}

/// User and system CPU time of this process so far, from /proc/self/stat.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which may hold spaces) start after ')'.
    let after = stat.rsplit_once(')').map_or("", |(_, s)| s);
    let f: Vec<f64> = after
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0.0))
        .collect();
    // utime and stime are fields 14 and 15 of the line: 12 and 13 here.
    let ticks = f.get(11).unwrap_or(&0.0) + f.get(12).unwrap_or(&0.0);
    ticks / 100.0
}

fn usage() -> ! {
    eprintln!("usage: discover_cost --root DIR [--runs N]");
    std::process::exit(2);
}
