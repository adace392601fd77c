//! Discovery, the stage after the model: for each claim the passages it
//! does not link yet (ranked, with reasons and a block to paste), for each
//! article the check-worthy passages no claim covers, and the lints where
//! links and analysis disagree. It works on the model the build already
//! has, through an [`Index`] built once per run.
//!
//! - [`words`], [`passages`]: how seed text is read (terms, sentences,
//!   denials and caveats, attributions, what is worth checking), with
//!   `word_set` (sets of short words) and `stop_words` (function words);
//! - [`index`]: the passages of every article, their terms and figures;
//!   `postings`: which passages hold each term, counted as they are indexed;
//! - [`twins`]: near-copies of passages, and copies of whole articles;
//! - [`rank`]: the four signals and how they combine;
//! - [`suggest`], [`coverage`], [`lints`]: what the build, `attest suggest`
//!   and `attest serve` get; [`output`]: text and JSON.

pub mod coverage;
pub mod figures;
pub mod index;
pub mod lints;
pub mod output;
pub mod passages;
mod postings;
pub mod rank;
mod stop_words;
pub mod suggest;
pub mod twins;
mod word_set;
pub mod words;

pub use coverage::{ArticleCoverage, coverage};
pub use index::Index;
pub use lints::lints;
pub use suggest::{Reason, Suggestion, suggest};
