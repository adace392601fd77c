//! Ingest: a seed becomes classified, numbered blocks.
//!
//! A text seed is split into lines ([`text`]); a saved web page is read as
//! a browser shows it, its main text told from its furniture ([`html`]), and
//! its metadata collected ([`metadata`]). Either way ingest never changes a
//! word: it decides what each block is and numbers the readable passages.

mod classify;
mod credits;
mod ending;
mod furniture;
pub mod html;
pub mod metadata;
mod readability;
pub mod text;

use std::ops::Range;

pub use crate::load::SeedFormat;
pub use metadata::{Found, Metadata};

/// What a block of a seed is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BlockKind {
    Title,
    Heading,
    Paragraph,
    Caption,
    Embed,
    Furniture,
}

/// One block of a seed: a non-empty line of a text seed, or one block of a
/// web page's visible text (which is one line of the text attest reads).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    /// 1-based line number in the seed's text (32 bits: millions of blocks
    /// are held at once on a large site).
    pub line: u32,
    /// Byte range of the block in the seed's text: no line end, no BOM,
    /// no white space at either end.
    pub range: Range<usize>,
    /// Paragraph number (paragraphs, captions and embeds, from 1 in reading order).
    pub number: Option<u32>,
    /// For furniture: why it is hidden, in a few words.
    pub hidden_because: Option<&'static str>,
}

// Millions of blocks are held at once on a large site.
const _: () = assert!(std::mem::size_of::<Block>() <= 48);

impl Block {
    /// Where the block is, for readers: "¶7", "the headline", "the heading “…”".
    /// Only a heading's label quotes its seed's text, which is read for it alone.
    pub fn label(&self, text: &crate::load::SeedText) -> String {
        match (self.kind, self.number) {
            (_, Some(n)) => format!("¶{n}"),
            (BlockKind::Title, _) => "the headline".to_string(),
            (BlockKind::Heading, _) => {
                format!("the heading “{}”", &text.get()[self.range.clone()])
            }
            _ => format!("line {}", self.line),
        }
    }

    /// Paragraphs, captions and embeds are numbered passages.
    pub fn is_numbered(kind: BlockKind) -> bool {
        matches!(
            kind,
            BlockKind::Paragraph | BlockKind::Caption | BlockKind::Embed
        )
    }
}

/// The blocks of one seed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ingested {
    pub blocks: Vec<Block>,
    /// Indices into `extra_furniture` of the entries that matched no block.
    pub unmatched_furniture: Vec<usize>,
}

/// What ingest reads from one seed.
#[derive(Clone, Debug, Default)]
pub struct Reading {
    /// For a web page, its visible text, one block per line with a blank
    /// line between blocks; the blocks' ranges index into it. `None` for a
    /// text seed, whose blocks index into the seed's own text.
    pub text: Option<String>,
    pub ingested: Ingested,
    /// What the page says about itself (empty for text seeds).
    pub metadata: Metadata,
}

/// Reads a seed: `source` is a text seed's text, or a web page's decoded HTML.
pub fn read(source: &str, format: SeedFormat, extra_furniture: &[&str]) -> Reading {
    match format {
        SeedFormat::Text => Reading {
            text: None,
            ingested: text::ingest(source, extra_furniture),
            metadata: Metadata::default(),
        },
        SeedFormat::Html => html::read(source, extra_furniture),
    }
}

/// Marks the blocks equal to an entry of the article file's `furniture`
/// list, compared as quotes are; returns the entries that matched none.
pub(crate) fn mark_listed_blocks(text: &str, blocks: &mut [Block], listed: &[&str]) -> Vec<usize> {
    let norms: Vec<String> = if listed.is_empty() {
        Vec::new()
    } else {
        blocks
            .iter()
            .map(|b| crate::text::normalize(&text[b.range.clone()]))
            .collect()
    };
    let mut unmatched = Vec::new();
    for (index, entry) in listed.iter().enumerate() {
        let wanted = crate::text::normalize(entry);
        let mut found = false;
        for (block, norm) in blocks.iter_mut().zip(&norms) {
            if !wanted.is_empty() && *norm == wanted {
                block.kind = BlockKind::Furniture;
                block.hidden_because = Some("listed in the article file");
                found = true;
            }
        }
        if !found {
            unmatched.push(index);
        }
    }
    unmatched
}

/// Numbers the passages from 1 in reading order.
pub(crate) fn number_blocks(blocks: &mut [Block]) {
    let mut next = 0;
    for b in blocks {
        b.number = Block::is_numbered(b.kind).then(|| {
            next += 1;
            next
        });
        if b.kind != BlockKind::Furniture {
            b.hidden_because = None;
        }
    }
}
