//! Benchmark of the suggestions panel of `attest serve`: the time to one
//! claim's suggestions, computed as the server does when a claim page is
//! requested (from the build kept in memory, with its index).
//!
//! cargo run --release --example suggest_claim -- --root DIR [--claims N]
//!
//! DIR is a site root, e.g. one made by `gen_site`. Builds it once into
//! DIR/public (as `attest serve` does), then asks for the suggestions of N
//! claims spread over the site, one at a time, and prints the median, the
//! 90th percentile and the maximum.

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use attest::build::BuildOptions;
use attest::rebuild::Session;
use attest::serve::panel;

fn main() {
    let mut root = None;
    let mut claims = 50;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--root" => root = args.next().map(PathBuf::from),
            "--claims" => claims = args.next().and_then(|n| n.parse().ok()).unwrap_or(claims),
            _ => {
                eprintln!("usage: suggest_claim --root DIR [--claims N]");
                std::process::exit(2);
            }
        }
    }
    let Some(root) = root else {
        eprintln!("usage: suggest_claim --root DIR [--claims N]");
        std::process::exit(2);
    };
    let mut session = Session::new(BuildOptions::new(&root));
    let start = Instant::now();
    let report = session.rebuild(&[]);
    assert!(report.succeeded, "{}", report.diagnostics.render(false));
    println!("full build: {:.2} s", start.elapsed().as_secs_f64());
    let slugs: Vec<String> = session
        .kept()
        .map(|k| k.site.claims.iter().map(|c| c.slug.clone()).collect())
        .unwrap_or_default();
    let session = Mutex::new(session);
    let step = (slugs.len() / claims.max(1)).max(1);
    let mut times: Vec<Duration> = Vec::new();
    let mut found = 0;
    for slug in slugs.iter().step_by(step).take(claims) {
        let t = Instant::now();
        let list = panel::suggestions(&session, slug).expect("the build is kept");
        times.push(t.elapsed());
        found += list.len();
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "one claim's suggestions ({} claims, {found} passages): median {:.1} ms, 90th percentile {:.1} ms, max {:.1} ms",
        times.len(),
        ms(times[times.len() / 2]),
        ms(times[times.len() * 9 / 10]),
        ms(times[times.len() - 1]),
    );
}
