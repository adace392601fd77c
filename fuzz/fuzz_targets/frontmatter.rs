#![no_main]
//! The front matter parser, on any text: split at `+++`, checked against
//! the claim schema, every problem rendered. Nothing may panic.

use std::sync::Arc;

use attest::diagnostics::Diagnostics;
use attest::load::{CLAIM_SCHEMA, ClaimFront, frontmatter};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let file = "content/claims/fuzz.md";
    let mut diags = Diagnostics::new();
    let source: Arc<str> = Arc::from(text);
    diags.add_source(file, source.clone());
    match frontmatter::split(file, source) {
        Ok(doc) => {
            let _: Option<ClaimFront> = frontmatter::parse(&doc, &CLAIM_SCHEMA, &mut diags);
        }
        Err(d) => diags.push(d),
    }
    let _ = diags.render(false);
});
