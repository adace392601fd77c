#![no_main]
//! A whole build of a small site whose seed, claim, notes, bodies and
//! article fields come from the fuzzer. Nothing may panic or hang, and a
//! site that builds must hold, as a browser parses its pages, no element,
//! script, event handler or link the input smuggled in, every page its
//! whole body, and every JSON-LD block and data file valid JSON.

use std::sync::atomic::{AtomicUsize, Ordering};

use attest::build::{BuildOptions, build};
use attest_fuzz::{SiteInput, smuggled};
use libfuzzer_sys::fuzz_target;

/// Inputs tried, and those whose site built (and so had its pages checked).
static TRIED: AtomicUsize = AtomicUsize::new(0);
static BUILT: AtomicUsize = AtomicUsize::new(0);

fuzz_target!(|input: SiteInput| {
    let tried = TRIED.fetch_add(1, Ordering::Relaxed) + 1;
    if tried % 10_000 == 0 {
        eprintln!(
            "site: {} of {tried} inputs built and were checked",
            BUILT.load(Ordering::Relaxed)
        );
    }
    // A RAM disk where there is one: a build per input writes files.
    let tmp = tempfile::Builder::new()
        .tempdir_in("/dev/shm")
        .or_else(|_| tempfile::tempdir())
        .expect("a temporary folder");
    input.write(tmp.path()).expect("the site");
    let report = build(&BuildOptions::new(tmp.path()));
    let _ = report.diagnostics.render(false);
    if report.succeeded {
        BUILT.fetch_add(1, Ordering::Relaxed);
        let found = smuggled(&tmp.path().join("public"), input.unsafe_html);
        assert!(found.is_empty(), "{found:#?}");
    }
});
