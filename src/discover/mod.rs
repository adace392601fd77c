//! Discovery: the passages a claim does not link yet, the passages no
//! claim covers, and the lints where links and analysis disagree.

pub mod index;
pub mod lints;
pub mod passages;
pub mod rank;
pub mod suggest;
pub mod twins;
pub mod words;

pub use index::Index;
pub use lints::lints;
pub use suggest::{Reason, Suggestion};
