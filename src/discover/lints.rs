//! Lints where the links and the analysis disagree, and copies nobody
//! declared. All are warnings (`--strict` makes them errors), located in
//! the claim or article file, with the passage and what to write.
//!
//! - `analysis-quotes-unlinked`: the analysis quotes words ("…") that
//!   stand in a passage the claim neither links nor settles;
//! - `denial-unlinked`: a denial or caveat within two paragraphs of a
//!   passage linked as asserting (or elsewhere in its article, clearly on
//!   the claim's topic) is neither linked nor settled;
//! - `figure-mismatch`: a passage linked as asserting states another
//!   figure for the claim's `[figure]` quantity (as the model reads it);
//! - `figure-ambiguous`: a passage states several numbers and nothing
//!   says which one is the quantity's;
//! - `possible-copy`: most of an article's text is in another one, and no
//!   `copy_of` joins them.

use std::collections::BTreeSet;
use std::ops::Range;

use rayon::prelude::*;

use super::index::Index;
use super::passages::CueKind;
use super::rank;
use super::suggest::{evidence_block, figure_text, toml_string};
use super::twins;
use crate::diagnostics::Diagnostic;
use crate::model::figures::{self as model_figures, PassageFigure};
use crate::model::{Claim, Site, Stance};
use crate::resolve::matcher::{self, ArticleText, Quote};

/// The codes of the lints, every one a warning.
pub const CODES: [&str; 5] = [
    "analysis-quotes-unlinked",
    "denial-unlinked",
    "figure-ambiguous",
    "figure-mismatch",
    "possible-copy",
];

/// Quotes of the analysis shorter than this are words, not quotations.
const MIN_QUOTED_WORDS: usize = 3;
/// A denial this many paragraphs from an asserting passage stands next to it.
const NEXT_TO: u32 = 2;
/// How much of a denial's weighted words must be the claim's: next to the
/// asserting passage, and elsewhere in its article.
const NEAR_TOPIC: f64 = 0.1;
const FAR_TOPIC: f64 = 0.4;
/// A word in at most one passage in this many (and at least in this
/// few) is specific enough to tie a denial to a claim.
const SPECIFIC_SHARE: usize = 50;
const SPECIFIC_MIN: usize = 40;

/// Every lint of the given claims (all, with `None`); `possible-copy` only
/// when all are asked for.
pub fn lints(site: &Site, index: &Index, claims: Option<&[usize]>) -> Vec<Diagnostic> {
    let all: Vec<usize>;
    let claims = match claims {
        Some(c) => c,
        None => {
            all = (0..site.claims.len()).collect();
            &all
        }
    };
    let mut out: Vec<Diagnostic> = claims
        .par_iter()
        .flat_map_iter(|&ci| {
            let claim = &site.claims[ci];
            let mut d = analysis_quotes(site, index, claim);
            d.extend(denials(site, index, claim));
            d.extend(figures(site, claim));
            d
        })
        .collect();
    if claims.len() == site.claims.len() {
        out.extend(copies(site, index));
    }
    out
}

/// Whether bytes `r` of article `a` overlap a span the claim links or settles.
fn linked_or_settled(claim: &Claim, a: usize, r: &Range<usize>) -> bool {
    claim
        .evidence
        .iter()
        .map(|e| &e.span)
        .chain(claim.not_evidence.iter().map(|s| &s.span))
        .any(|s| s.article == a && s.orig.start < r.end && r.start < s.orig.end)
}

/// Whether the claim links or settles a passage in block `block` of article `a`.
fn block_linked(claim: &Claim, a: usize, block: usize) -> bool {
    claim
        .evidence
        .iter()
        .map(|e| &e.span)
        .chain(claim.not_evidence.iter().map(|s| &s.span))
        .any(|s| s.article == a && s.first_block <= block && block <= s.last_block)
}

/// The quotations of a markdown body: text between “ and ”, or between
/// two straight double quotes, as byte ranges of the body (inside the marks).
fn quotations(body: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < body.len() {
        let rest = &body[i..];
        let Some(open) = rest.find(['“', '"']) else {
            break;
        };
        let mark = rest[open..].chars().next().unwrap_or('"');
        let start = i + open + mark.len_utf8();
        let close = if mark == '“' { '”' } else { '"' };
        let Some(len) = body[start..].find(close) else {
            break;
        };
        // A quotation stays within one paragraph.
        let inner = &body[start..start + len];
        if !inner.contains("\n\n") {
            out.push(start..start + len);
        }
        i = start + len + close.len_utf8();
    }
    out
}

fn analysis_quotes(site: &Site, index: &Index, claim: &Claim) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for q in quotations(&claim.body) {
        let quoted = claim.body[q.clone()].trim();
        let quoted = quoted.trim_end_matches([',', '.', ';', ':']);
        if quoted.split_whitespace().count() < MIN_QUOTED_WORDS {
            continue;
        }
        let quote = Quote::new(quoted, None, None);
        if quote.is_empty() || quote.has_gap() {
            continue;
        }
        // The articles holding the quote's rarest words, then an exact look.
        let keys = twins::keys(quoted);
        let mut articles: BTreeSet<usize> = BTreeSet::new();
        for u in twins::candidates(index, &keys, 200) {
            articles.insert(index.units[u].article as usize);
        }
        let mut found: Vec<(usize, Range<usize>)> = Vec::new();
        let mut any_linked = false;
        for a in articles {
            let article = &site.articles[a];
            let text = ArticleText::new(&article.seed.text.get(), &article.blocks);
            for m in matcher::find_all(&text, &quote) {
                // Words from a paragraph the claim links are the claim's own.
                let block = text.blocks[text.block_at(m.norm.start)].0;
                if linked_or_settled(claim, a, &m.orig) || block_linked(claim, a, block) {
                    any_linked = true;
                } else {
                    found.push((a, m.orig));
                }
            }
        }
        if any_linked || found.is_empty() {
            continue;
        }
        let at = claim.body_start + q.start..claim.body_start + q.end;
        let (first_a, first_r) = &found[0];
        let mut d = Diagnostic::warning(
            "analysis-quotes-unlinked",
            format!(
                "the analysis quotes `{}` {}, a passage the claim does not link",
                site.articles[*first_a].slug,
                location(site, *first_a, first_r.start)
            ),
        )
        .at(&claim.file, at)
        .label("quoted in the analysis");
        for (a, r) in &found {
            let (_, passage) = passage_of(site, index, *a, r);
            d = d.note(format!(
                "the words stand in `{}` {}: “{}”",
                site.articles[*a].slug,
                location(site, *a, r.start),
                excerpt(&passage)
            ));
        }
        let (a, r) = &found[0];
        let (unit, _) = passage_of(site, index, *a, r);
        let range = unit.map_or(r.clone(), |u| index.units[u].range());
        match evidence_block(site, *a, &range, "asserts, denies or qualifies", None) {
            Some(block) => {
                d = d.help(format!(
                    "link the passage the analysis relies on:\n{}",
                    block.trim_end()
                ));
            }
            None => {
                d = d.help("link the passage the analysis relies on with an [[evidence]] entry")
            }
        }
        d = d.help("or, if it is not evidence for this claim, settle it: the same article and quote under [[not_evidence]], with a reason");
        out.push(d);
    }
    out
}

/// The passage (unit) of the index holding byte `r.start` of article `a`,
/// and its text.
fn passage_of(site: &Site, index: &Index, a: usize, r: &Range<usize>) -> (Option<usize>, String) {
    let unit = index.unit_at(a, r.start);
    let range = unit.map_or(r.clone(), |u| index.units[u].range());
    (unit, site.articles[a].seed.text.get()[range].to_string())
}

/// "¶7" for the block holding byte `at` of article `a`.
fn location(site: &Site, a: usize, at: usize) -> String {
    let article = &site.articles[a];
    let i = article
        .blocks
        .partition_point(|b| b.range.end <= at)
        .min(article.blocks.len().saturating_sub(1));
    article
        .blocks
        .get(i)
        .map_or_else(String::new, |b| b.label(&article.seed.text))
}

/// A passage shortened for a note: at most 40 words.
fn excerpt(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() > 40 {
        format!("{} …", words[..40].join(" "))
    } else {
        words.join(" ")
    }
}

/// The share of a passage's weighted words that are the claim's, and
/// whether one of the shared words is specific: found in few passages (one
/// in fifty at most). In text where every word is common, as in a random
/// one, sharing words is chance, not topic.
fn topic_share(index: &Index, claim_keys: &[u32], unit: usize) -> (f64, bool) {
    let limit = specific_limit(index);
    let (mut total, mut shared, mut specific) = (0.0, 0.0, false);
    let mut last = None;
    for &k in index.unit_terms(unit).iter() {
        if last == Some(k) {
            continue;
        }
        last = Some(k);
        let idf = index.idf(k);
        total += idf;
        if claim_keys.binary_search(&k).is_ok() {
            shared += idf;
            specific |= index.df(k) <= limit;
        }
    }
    if total <= 0.0 {
        return (0.0, false);
    }
    (shared / total, specific)
}

/// A word in at most this many passages is specific.
fn specific_limit(index: &Index) -> u32 {
    (index.units.len() / SPECIFIC_SHARE).max(SPECIFIC_MIN) as u32
}

/// The passages of article `a` that hold a specific word of `keys`: the
/// only ones [`topic_share`] can find on the topic. Read from the words'
/// postings (a specific word is never common: its passages are all
/// listed), not by splitting every passage again.
fn holding_specific(index: &Index, a: usize, keys: &[u32]) -> Vec<u32> {
    let limit = specific_limit(index);
    let units = index.article_units(a);
    let (from, to) = (units.start as u32, units.end as u32);
    let mut found: Vec<u32> = keys
        .iter()
        .filter(|&&k| index.df(k) <= limit)
        .filter_map(|&k| index.postings(k))
        .flat_map(|p| {
            let start = p.partition_point(|&u| u < from);
            let end = p.partition_point(|&u| u < to);
            &p[start..end]
        })
        .copied()
        .collect();
    found.sort_unstable();
    found.dedup();
    found
}

fn denials(site: &Site, index: &Index, claim: &Claim) -> Vec<Diagnostic> {
    let claim_keys = twins::keys(&format!(
        "{} {} {}",
        claim.claim,
        claim.title,
        claim.tags.join(" ")
    ));
    let mut out = Vec::new();
    let mut reported: BTreeSet<usize> = BTreeSet::new();
    for ev in claim
        .evidence
        .iter()
        .filter(|e| e.stance == Stance::Asserts)
    {
        let a = ev.span.article;
        let article = &site.articles[a];
        let (Some(first), Some(last)) = (
            article.blocks[ev.span.first_block]
                .number
                .or(article.blocks[ev.span.last_block].number),
            article.blocks[ev.span.last_block]
                .number
                .or(article.blocks[ev.span.first_block].number),
        ) else {
            continue;
        };
        let mut keys = claim_keys.clone();
        keys.extend(twins::keys(ev.span.exact()));
        keys.sort_unstable();
        keys.dedup();
        let holding = holding_specific(index, a, &keys);
        for u in index.article_units(a) {
            let Some(kind) = rank::cue_kind(&index.units[u]) else {
                continue;
            };
            if !index.units[u].has_strong_cue() {
                continue;
            }
            let range = index.units[u].range();
            if reported.contains(&u) || linked_or_settled(claim, a, &range) {
                continue;
            }
            let p = rank::paragraph(site, index, u);
            let next_to = p > 0 && p + NEXT_TO >= first && p <= last + NEXT_TO;
            if holding.binary_search(&(u as u32)).is_err() {
                continue;
            }
            let (share, specific) = topic_share(index, &keys, u);
            let on_topic = if next_to {
                share >= NEAR_TOPIC
            } else {
                share >= FAR_TOPIC
            };
            if !on_topic || !specific {
                continue;
            }
            reported.insert(u);
            let text = &article.seed.text.get()[range.clone()];
            let words = rank::cue_words(text, kind).unwrap_or_default();
            let (what, stance) = match kind {
                CueKind::Denial => ("a denial", "denies"),
                CueKind::Caveat => ("a caveat", "qualifies"),
            };
            let place = if next_to {
                "next to"
            } else {
                "in the same article as"
            };
            let mut d = Diagnostic::warning(
                "denial-unlinked",
                format!(
                    "{what} {place} evidence #{} is not linked: `{}` {}",
                    ev.k,
                    article.slug,
                    location(site, a, range.start)
                ),
            )
            .at(&claim.file, ev.quote_at.clone())
            .label(format!("asserts; {what} stands {place} it"))
            .note(format!("“{}” (“{words}”)", excerpt(text)));
            let offered = format!("{stance} or qualifies, if that is what it does");
            let offered = if stance == "qualifies" {
                "qualifies or denies".to_string()
            } else {
                offered
            };
            match evidence_block(site, a, &range, &offered, Some(kind)) {
                Some(block) => d = d.help(format!("link it:\n{}", block.trim_end())),
                None => d = d.help("link it with an [[evidence]] entry"),
            }
            d = d.help("or, if it does not bear on this claim, settle it: the same article and quote under [[not_evidence]], with a reason");
            out.push(d);
        }
    }
    out
}

fn figures(site: &Site, claim: &Claim) -> Vec<Diagnostic> {
    let Some(f) = &claim.figure else {
        return Vec::new();
    };
    let Some((low, high)) = model_figures::claim_range(f) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for ev in &claim.evidence {
        let text = site.articles[ev.span.article].seed.text.get();
        let written = |s: &model_figures::StatedFigure| {
            s.written
                .clone()
                .map_or_else(|| figure_text(s.low, s.high), |w| text[w].to_string())
        };
        match &ev.figure {
            PassageFigure::Stated(s) if ev.stance == Stance::Asserts => {
                let (lo, hi) = s.interval();
                if hi >= low && lo <= high {
                    continue;
                }
                out.push(
                    Diagnostic::warning(
                        "figure-mismatch",
                        format!(
                            "evidence #{} asserts the claim but states “{}{}”; the claim's figure is {}",
                            ev.k,
                            written(s),
                            s.unit.clone().map_or(String::new(), |u| format!(" {}", &text[u])),
                            figure_text(low, high)
                        ),
                    )
                    .at(&claim.file, ev.quote_at.clone())
                    .label(format!("states {}", figure_text(s.low, s.high)))
                    .note(format!(
                        "[figure] counts {}{}",
                        f.quantity,
                        f.unit.as_ref().map_or(String::new(), |u| format!(" ({u})"))
                    ))
                    .help("if the passage gives another figure for the same quantity, link it as `qualifies` (or `denies`)")
                    .help("if the claim's figure is wrong, correct [figure]")
                    .help("if the number is about something else, write in this [[evidence]] entry: figure = false"),
                );
            }
            PassageFigure::Ambiguous(candidates) => {
                let list = candidates
                    .iter()
                    .map(|c| format!("“{}”", written(c)))
                    .collect::<Vec<_>>()
                    .join(", ");
                let options = candidates
                    .iter()
                    .map(|c| {
                        if c.high > c.low {
                            format!(
                                "low = {} and high = {}",
                                toml_number(c.low),
                                toml_number(c.high)
                            )
                        } else {
                            format!("figure = {}", toml_number(c.low))
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(", or ");
                out.push(
                    Diagnostic::warning(
                        "figure-ambiguous",
                        format!(
                            "evidence #{} states {} numbers ({list}); which one counts {}?",
                            ev.k,
                            candidates.len(),
                            f.quantity
                        ),
                    )
                    .at(&claim.file, ev.quote_at.clone())
                    .label(format!("{} numbers, none the claim's figure or named by its unit", candidates.len()))
                    .note("the passage's figure is a point on the quantity's chart and table; until it is set, the passage is left out of them")
                    .help(format!(
                        "write in this [[evidence]] entry the one it states for the quantity: {options}"
                    ))
                    .help("or, if none of them is, write: figure = false"),
                );
            }
            _ => {}
        }
    }
    out
}

/// A number as TOML writes it: `1500`, `2.5`.
fn toml_number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

fn copies(site: &Site, index: &Index) -> Vec<Diagnostic> {
    let found;
    let copies = match &index.copies {
        Some(c) => c,
        None => {
            found = twins::possible_copies(site, index);
            &found
        }
    };
    copies
        .iter()
        .map(|c| {
            let copy = &site.articles[c.copy];
            let of = &site.articles[c.of];
            let percent = (c.containment * 100.0).floor();
            let mut d = Diagnostic::warning(
                "possible-copy",
                format!(
                    "{percent}% of `{}` is contained in `{}`, and no `copy_of` joins them",
                    copy.slug, of.slug
                ),
            )
            .note("counted in runs of three words of the articles' visible text; copies are counted as one source");
            d = match &copy.file {
                Some(file) => d.in_file(file).help(format!(
                    "if `{}` is a copy, add to {file}: copy_of = {}",
                    copy.slug,
                    toml_string(&of.slug)
                )),
                None => d.in_file(&copy.seed.file()).help(format!(
                    "if `{}` is a copy, write content/articles/{}.md with seed = {} and copy_of = {}",
                    copy.slug,
                    copy.slug,
                    toml_string(&copy.seed.name),
                    toml_string(&of.slug)
                )),
            };
            let other = of.file.clone().unwrap_or_else(|| format!("content/articles/{}.md", of.slug));
            d.help(format!(
                "if `{}` is the copy instead, add to {other}: copy_of = {}",
                of.slug,
                toml_string(&copy.slug)
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::{BuildOptions, model_stages};

    /// The passages the denial lint weighs are found from postings: they
    /// must be exactly those that share a specific word with the claim and
    /// its asserting passage, as splitting each passage again finds them.
    #[test]
    fn the_passages_holding_a_specific_word_are_those_splitting_finds() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut diags = crate::diagnostics::Diagnostics::new();
        let (_, site) = model_stages(&BuildOptions::new(root), &mut diags, &mut |_| {});
        let site = site.expect("the demo site builds");
        let index = Index::build_for_lints(&site);
        let mut checked = 0;
        for claim in &site.claims {
            for ev in &claim.evidence {
                let a = ev.span.article;
                let mut keys = twins::keys(&format!("{} {}", claim.claim, claim.title));
                keys.extend(twins::keys(ev.span.exact()));
                keys.sort_unstable();
                keys.dedup();
                let holding = holding_specific(&index, a, &keys);
                for u in index.article_units(a) {
                    let (_, specific) = topic_share(&index, &keys, u);
                    assert_eq!(
                        holding.binary_search(&(u as u32)).is_ok(),
                        specific,
                        "passage {u} of `{}`",
                        site.articles[a].slug
                    );
                    checked += usize::from(specific);
                }
            }
        }
        assert!(
            checked > 100,
            "only {checked} passages hold a specific word"
        );
    }
}
