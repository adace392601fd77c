//! Coverage of articles: the check-worthy passages of each article (a
//! figure, a named source with a verb of saying, a quotation, a date) and
//! which of them a claim cites or settles.

use rayon::prelude::*;

use super::index::Index;
use super::passages::{self, Worth};
use super::suggest::{evidence_block_in, round3};
use crate::model::Site;
use crate::resolve::matcher::ArticleText;

/// The coverage of one article.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct ArticleCoverage {
    /// The article's slug.
    pub article: String,
    pub seed: String,
    pub title: String,
    /// Check-worthy passages in the article.
    pub check_worthy: usize,
    /// Of those, passages some claim links as evidence.
    pub cited: usize,
    /// Of those, passages some claim settles as not evidence (and none cites).
    pub settled: usize,
    /// The share of check-worthy passages cited or settled, 0 to 1.
    pub covered: f64,
    /// The check-worthy passages no claim cites or settles, in text order.
    pub passages: Vec<Uncovered>,
    /// The article file, for the text output.
    #[serde(skip)]
    pub file: Option<String>,
}

/// A check-worthy passage no claim cites or settles.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Uncovered {
    pub paragraph: Option<u32>,
    pub location: String,
    pub start_byte: usize,
    pub end_byte: usize,
    pub start_char: usize,
    pub end_char: usize,
    pub exact: String,
    /// Why it is worth checking: `number`, `attribution`, `quotation`, `date`.
    pub worth: Vec<&'static str>,
    /// An `[[evidence]]` block for it, to paste into the claim it bears on.
    pub toml: Option<String>,
    #[serde(skip)]
    pub line: usize,
}

/// The coverage of the articles `articles` (indices, in the order given).
pub fn coverage(site: &Site, index: &Index, articles: &[usize]) -> Vec<ArticleCoverage> {
    // Every span any claim links or settles, by article.
    let mut cited: Vec<Vec<std::ops::Range<usize>>> = vec![Vec::new(); site.articles.len()];
    let mut settled: Vec<Vec<std::ops::Range<usize>>> = vec![Vec::new(); site.articles.len()];
    for c in &site.claims {
        for e in &c.evidence {
            cited[e.span.article].push(e.span.orig.clone());
        }
        for s in &c.not_evidence {
            settled[s.span.article].push(s.span.orig.clone());
        }
    }
    let overlaps = |spans: &[std::ops::Range<usize>], r: &std::ops::Range<usize>| {
        spans.iter().any(|s| s.start < r.end && r.start < s.end)
    };
    articles
        .par_iter()
        .map(|&a| {
            let article = &site.articles[a];
            let mut out = ArticleCoverage {
                article: article.slug.clone(),
                seed: article.seed.name.clone(),
                title: article.title.clone(),
                check_worthy: 0,
                cited: 0,
                settled: 0,
                covered: 1.0,
                passages: Vec::new(),
                file: article.file.clone(),
            };
            // Normalised once, and only for an article with a passage to list.
            let mut normalised: Option<ArticleText> = None;
            for u in index.article_units(a) {
                let unit = &index.units[u];
                let block = &article.blocks[unit.block(site)];
                if block.number.is_none() {
                    continue;
                }
                let range = unit.range();
                let text = &article.seed.text.get()[range.clone()];
                let worth = passages::worth(text);
                if worth.is_empty() {
                    continue;
                }
                out.check_worthy += 1;
                if overlaps(&cited[a], &range) {
                    out.cited += 1;
                    continue;
                }
                if overlaps(&settled[a], &range) {
                    out.settled += 1;
                    continue;
                }
                let start_char = index.char_start(site, u);
                out.passages.push(Uncovered {
                    paragraph: block.number,
                    location: block.label(&article.seed.text),
                    start_byte: range.start,
                    end_byte: range.end,
                    start_char,
                    end_char: start_char + text.chars().count(),
                    exact: text.to_string(),
                    worth: worth.iter().map(|w: &Worth| w.id()).collect(),
                    toml: evidence_block_in(
                        site,
                        a,
                        normalised.get_or_insert_with(|| {
                            ArticleText::new(&article.seed.text.get(), &article.blocks)
                        }),
                        &range,
                        "asserts, denies or qualifies",
                        None,
                    ),
                    line: block.line as usize,
                });
            }
            if out.check_worthy > 0 {
                out.covered = round3((out.cited + out.settled) as f64 / out.check_worthy as f64);
            }
            out
        })
        .collect()
}
