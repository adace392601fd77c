#![no_main]
//! Seed ingest and quote resolution, on any seed text and any quote (often
//! a piece of the seed, so it resolves): the seed is split into passages,
//! the quote resolved against them, and every problem rendered. Nothing may
//! panic or hang (libFuzzer's -timeout), whatever the line lengths.

use attest::diagnostics::Diagnostics;
use attest::ingest;
use attest::resolve::{self, ArticleRef};
use attest_fuzz::{QuoteChoice, claim_file, parse_claim};
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input {
    seed: String,
    quote: QuoteChoice,
    prefix: Option<String>,
    suffix: Option<String>,
    furniture: Vec<String>,
}

fuzz_target!(|input: Input| {
    let furniture: Vec<&str> = input.furniture.iter().map(String::as_str).collect();
    let ingested = ingest::ingest(&input.seed, &furniture);
    for b in &ingested.blocks {
        let _ = b.label(&input.seed);
    }
    let quote = input.quote.text(&input.seed);
    let file = claim_file(&quote, input.prefix.as_deref(), input.suffix.as_deref());
    let mut diags = Diagnostics::new();
    let Some(claim) = parse_claim(&file, &mut diags) else {
        return;
    };
    let article = ArticleRef {
        slug: "a",
        text: &input.seed,
        blocks: &ingested.blocks,
    };
    let spans = resolve::resolve(&[claim], &[article], &[], &mut diags);
    if let Some(Some(span)) = spans.first().and_then(|s| s.first()) {
        // A span is a range of the seed's own text, on character boundaries.
        assert!(input.seed.get(span.orig.clone()).is_some(), "{span:?}");
    }
    let _ = diags.render(false);
});
