//! attest: a static site generator for fact-checks.
//!
//! The build is a pipeline of stages, each a module with one job and a data
//! type at its edge; data flows one way:
//!
//! load (config, seeds, content) -> ingest (seed text to numbered passages)
//! -> resolve (quotes to spans) -> model (the linked graph) -> render
//! (markdown, templates) -> write (atomic output).

// A `Diagnostic` is the error type for user input; it is rare, so its size
// matters less than keeping every message whole.
#![allow(clippy::result_large_err)]

pub mod articles;
pub mod build;
pub mod diagnostics;
pub mod discover;
pub mod eight_bytes;
pub mod fingerprint;
pub mod ingest;
pub mod init;
pub mod load;
pub mod model;
pub mod numbers;
pub mod rebuild;
pub mod render;
pub mod resolve;
pub mod scaffold;
pub mod search;
pub mod seed_text;
pub mod serve;
pub mod slug;
pub mod suggest;
pub mod text;
pub mod url;
pub mod utf8;
pub mod write;
