#![no_main]
//! Seed ingest and quote resolution, on any seed (read as a text seed or as
//! a saved web page) and any quote (often a piece of the seed, so it
//! resolves): the seed is split into passages, the quote resolved against
//! them, and every problem rendered. Nothing may panic or hang (libFuzzer's
//! -timeout), whatever the line lengths.

use attest::diagnostics::Diagnostics;
use attest::ingest::{self, SeedFormat};
use attest::resolve::{self, ArticleRef};
use attest_fuzz::{QuoteChoice, claim_file, parse_claim};
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input {
    seed: String,
    /// Read as a saved web page rather than as text.
    web_page: bool,
    quote: QuoteChoice,
    prefix: Option<String>,
    suffix: Option<String>,
    furniture: Vec<String>,
}

fuzz_target!(|input: Input| {
    let furniture: Vec<&str> = input.furniture.iter().map(String::as_str).collect();
    let format = if input.web_page {
        SeedFormat::Html
    } else {
        SeedFormat::Text
    };
    let reading = ingest::read(&input.seed, format, &furniture);
    // A web page's blocks index into its visible text.
    let text = reading.text.as_deref().unwrap_or(&input.seed);
    let blocks = &reading.ingested.blocks;
    for b in blocks {
        assert!(text.get(b.range.clone()).is_some(), "{b:?}");
        let _ = b.label(text);
    }
    let quote = input.quote.text(text);
    let file = claim_file(&quote, input.prefix.as_deref(), input.suffix.as_deref());
    let mut diags = Diagnostics::new();
    let Some(claim) = parse_claim(&file, &mut diags) else {
        return;
    };
    let article = ArticleRef {
        slug: "a",
        text,
        blocks,
    };
    let spans = resolve::resolve(&[claim], &[article], &[], &mut diags);
    if let Some(Some(span)) = spans.first().and_then(|s| s.evidence.first()) {
        // A span is a range of the seed's own text, on character boundaries.
        assert!(text.get(span.orig.clone()).is_some(), "{span:?}");
    }
    let _ = diags.render(false);
});
