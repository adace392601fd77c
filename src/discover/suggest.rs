//! Suggestions: each ranked passage with its location, the reasons it was
//! suggested, and a ready-to-paste `[[evidence]]` block whose quote
//! resolves to exactly this passage under the build's own rules.

use std::collections::BTreeMap;
use std::ops::Range;

use rayon::prelude::*;

use super::figures::{FigureRelation, FigureSource};
use super::index::Index;
use super::passages::{self, CueKind};
use super::rank::{self, CuePlace, Ranked, Signals, Source};
use super::words;
use crate::model::{Claim, Site};
use crate::numbers;
use crate::resolve::matcher::{self, ArticleText, Quote};

/// One passage suggested for one claim.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Suggestion {
    /// The claim's slug.
    pub claim: String,
    /// The article's slug.
    pub article: String,
    /// The seed file the offsets refer to.
    pub seed: String,
    /// The paragraph number (`¶n`) of the block the passage is in.
    pub paragraph: Option<u32>,
    /// Where the passage is, as the claim page says it: "¶6".
    pub location: String,
    pub start_byte: usize,
    pub end_byte: usize,
    pub start_char: usize,
    pub end_char: usize,
    /// The passage exactly as it stands in the seed.
    pub exact: String,
    /// Higher is better (see the ranking's documentation).
    pub score: f64,
    pub reasons: Vec<Reason>,
    /// The quote to paste: it resolves to exactly this passage.
    pub quote: String,
    /// A `prefix` that picks this passage where the quote alone is ambiguous.
    pub prefix: Option<String>,
    /// Who the passage attributes the statement to, guessed from its
    /// wording ("… said", "according to …"): check it.
    pub attributed_to: Option<String>,
    /// The `[[evidence]]` block to paste into the claim file.
    pub toml: String,
    /// The claim file, for the text output.
    #[serde(skip)]
    pub claim_file: String,
    /// The line of the seed where the passage starts.
    #[serde(skip)]
    pub line: usize,
}

/// One reason a passage was suggested.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Reason {
    /// `twin`, `figure`, `topic`, `denial` or `caveat`.
    pub signal: &'static str,
    /// What it adds to the score.
    pub weight: f64,
    /// The reason in words.
    pub text: String,
    /// The evidence entry (`k`, from 1) it refers to, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<usize>,
}

/// Rounds a score for output: three decimals are plenty and read the same
/// everywhere.
pub fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// "10,000", "2.5", "10,000–12,000".
pub fn figure_text(low: f64, high: f64) -> String {
    fn one(x: f64) -> String {
        if x.fract() == 0.0 && x.abs() < 1e15 {
            crate::numbers::grouped(x as i64)
        } else {
            format!("{x}")
        }
    }
    if high > low {
        format!("{}–{}", one(low), one(high))
    } else {
        one(low)
    }
}

/// A TOML string, as `attest` writes them in messages.
pub fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// The quote and prefix that pick exactly `range` of an article under the
/// build's rules, or `None` if no prefix of up to twelve words does.
pub fn unique_quote(
    text: &ArticleText,
    orig: &str,
    range: &Range<usize>,
) -> Option<(String, Option<String>)> {
    let exact = &orig[range.clone()];
    let quote = Quote::new(exact, None, None);
    if quote.is_empty() {
        return None;
    }
    let all = matcher::find_all(text, &quote);
    let ours = all.iter().position(|m| m.orig == *range)?;
    if all.len() == 1 {
        return Some((exact.to_string(), None));
    }
    let prefix = matcher::distinguishing_prefixes(text, orig, &all, ours + 1)
        .into_iter()
        .nth(ours)
        .flatten()?;
    let with = Quote::new(exact, Some(&prefix), None);
    let picked = matcher::filter_context(text, &with, &all);
    (picked.len() == 1 && picked[0].orig == *range).then(|| (exact.to_string(), Some(prefix)))
}

/// The `[[evidence]]` block for a passage.
fn evidence_toml(
    article: &str,
    quote: &str,
    prefix: Option<&str>,
    attributed_to: Option<&str>,
    cue: Option<(CueKind, &str)>,
    stances: &str,
) -> String {
    let mut t = String::from("[[evidence]]\n");
    t.push_str(&format!("article = {}\n", toml_string(article)));
    let hint = match cue {
        Some((CueKind::Denial, words)) => format!(" (it says “{words}”)"),
        Some((CueKind::Caveat, words)) => format!(" (it hedges: “{words}”)"),
        None => String::new(),
    };
    t.push_str(&format!("stance = \"TODO\"  # {stances}{hint}\n"));
    t.push_str(&format!("quote = {}\n", toml_string(quote)));
    if let Some(p) = prefix {
        t.push_str(&format!("prefix = {}\n", toml_string(p)));
    }
    if let Some(who) = attributed_to {
        t.push_str(&format!(
            "attributed_to = {}  # a guess from the passage's wording: check it\n",
            toml_string(who)
        ));
    }
    t
}

/// The `[[evidence]]` block that links bytes `range` of article `a`, the
/// stance left for the editor with `stances` offered in a comment; `None`
/// if no quote (with a prefix) picks exactly this passage.
pub fn evidence_block(
    site: &Site,
    a: usize,
    range: &Range<usize>,
    stances: &str,
    cue: Option<CueKind>,
) -> Option<String> {
    let article = &site.articles[a];
    let text = ArticleText::new(&article.seed.text.get(), &article.blocks);
    evidence_block_in(site, a, &text, range, stances, cue)
}

/// [`evidence_block`] with the article's normalised text at hand.
pub fn evidence_block_in(
    site: &Site,
    a: usize,
    text: &ArticleText,
    range: &Range<usize>,
    stances: &str,
    cue: Option<CueKind>,
) -> Option<String> {
    let article = &site.articles[a];
    let (quote, prefix) = unique_quote(text, &article.seed.text.get(), range)?;
    let exact = &article.seed.text.get()[range.clone()];
    let who = passages::attribution(exact);
    let cue_words = cue.and_then(|k| rank::cue_words(exact, k).map(|w| (k, w)));
    Some(evidence_toml(
        &article.slug,
        &quote,
        prefix.as_deref(),
        who.as_deref(),
        cue_words.as_ref().map(|(k, w)| (*k, w.as_str())),
        stances,
    ))
}

/// The words of a passage that match the claim's query, rarest first (up to four).
fn shared_words(index: &Index, query: &rank::Query, text: &str) -> Vec<String> {
    let mut found: BTreeMap<u32, (f64, String)> = BTreeMap::new();
    words::for_each_word(text, |w| {
        let Some(t) = w.term else { return };
        let k = words::key(t);
        if query.keys.binary_search_by(|(q, _)| q.cmp(&k)).is_ok() && !found.contains_key(&k) {
            found.insert(k, (index.idf(k), text[w.range.clone()].to_string()));
        }
    });
    let mut v: Vec<(f64, String)> = found.into_values().collect();
    v.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    v.into_iter().take(4).map(|(_, w)| w).collect()
}

fn reasons(
    site: &Site,
    index: &Index,
    claim: &Claim,
    query: &rank::Query,
    signals: &Signals,
    text: &str,
) -> Vec<Reason> {
    let mut out = Vec::new();
    let evidence_label = |i: usize| {
        let ev = &claim.evidence[i];
        let a = &site.articles[ev.span.article];
        let where_ = a.blocks[ev.span.first_block].label(&a.seed.text);
        (ev.k, format!("evidence #{} (`{}` {where_})", ev.k, a.slug))
    };
    let source_label = |s: Source| match s {
        Source::Evidence(i) => {
            let (k, label) = evidence_label(i);
            (Some(k), label)
        }
        Source::Suggested(u) => {
            let unit = &index.units[u];
            let a = &site.articles[unit.article as usize];
            let where_ = a.blocks[unit.block(site)].label(&a.seed.text);
            (
                None,
                format!("the passage `{}` {where_}, suggested too", a.slug),
            )
        }
    };
    if let Some(t) = signals.twin {
        let (k, label) = source_label(t.of);
        out.push(Reason {
            signal: "twin",
            weight: round3(t.strength()),
            text: format!(
                "a near-copy of {label}: {}% alike in its words",
                (t.similarity * 100.0).round()
            ),
            evidence: k,
        });
    }
    if let Some(f) = signals.figure {
        let written = numbers::read(text)
            .numbers
            .into_iter()
            .find(|n| n.same_figure(f.found_low, f.found_high))
            .map(|n| text[n.span].to_string())
            .unwrap_or_else(|| figure_text(f.found_low, f.found_high));
        let target = figure_text(f.low, f.high);
        let (whose, k) = match f.source {
            FigureSource::ClaimFigure => ("the claim's figure".to_string(), None),
            FigureSource::ClaimText => ("a figure in the claim's text".to_string(), None),
            FigureSource::Evidence(i) => {
                let (k, label) = evidence_label(i);
                (format!("a figure of {label}"), Some(k))
            }
        };
        let relation = match f.relation {
            FigureRelation::Same => format!("the same as {whose} ({target})"),
            FigureRelation::Within => format!("within {whose} ({target})"),
            FigureRelation::Holds => format!("a range that holds {whose} ({target})"),
            FigureRelation::Other => {
                format!("another figure of what {whose} counts ({target})")
            }
        };
        out.push(Reason {
            signal: "figure",
            weight: round3(rank::WEIGHT_FIGURE * f.relation.strength()),
            text: format!("states “{written}”, {relation}"),
            evidence: k,
        });
    }
    if let Some(c) = signals.cue {
        let words = rank::cue_words(text, c.kind).unwrap_or_default();
        let (signal, verb) = match c.kind {
            CueKind::Denial => ("denial", "denies or dismisses"),
            CueKind::Caveat => ("caveat", "hedges"),
        };
        let (where_, k) = match c.place {
            CuePlace::Near(source) => {
                let (k, label) = source_label(source);
                (format!("within three paragraphs of {label}"), k)
            }
            CuePlace::SameArticle(i) => {
                let (k, label) = evidence_label(i);
                (format!("in the same article as {label}"), Some(k))
            }
            CuePlace::Topic => ("on the claim's topic".to_string(), None),
        };
        out.push(Reason {
            signal,
            weight: round3(rank::WEIGHT_CUE * c.strength(signals.topic)),
            text: format!("{verb} (“{words}”), {where_}"),
            evidence: k,
        });
    }
    if signals.topic > 0.0 {
        let shared = shared_words(index, query, text);
        let words = shared
            .iter()
            .map(|w| format!("“{w}”"))
            .collect::<Vec<_>>()
            .join(", ");
        out.push(Reason {
            signal: "topic",
            weight: round3(rank::WEIGHT_TOPIC * signals.topic),
            text: format!(
                "on the claim's topic ({}% of the best match): shares {words}",
                (signals.topic * 100.0).round()
            ),
            evidence: None,
        });
    }
    out
}

/// Suggestions for the given claims (indices into `site.claims`), each
/// claim's best first, at most `limit` each; claims in the order given.
pub fn suggest(site: &Site, index: &Index, claims: &[usize], limit: usize) -> Vec<Suggestion> {
    let ranked: Vec<Vec<Ranked>> = claims
        .par_iter()
        .map(|&ci| rank::rank(site, index, ci, limit))
        .collect();
    // Each article is normalised once, for all the passages suggested in it.
    let mut by_article: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for r in ranked.iter().flatten() {
        by_article
            .entry(index.units[r.unit].article as usize)
            .or_default()
            .push(r.unit);
    }
    let quotes: BTreeMap<usize, Option<(String, Option<String>)>> = by_article
        .into_par_iter()
        .flat_map_iter(|(ai, mut units)| {
            units.sort_unstable();
            units.dedup();
            let a = &site.articles[ai];
            let text = ArticleText::new(&a.seed.text.get(), &a.blocks);
            units
                .into_iter()
                .map(|u| {
                    (
                        u,
                        unique_quote(&text, &a.seed.text.get(), &index.units[u].range()),
                    )
                })
                .collect::<Vec<_>>()
        })
        .collect();
    claims
        .par_iter()
        .zip(ranked)
        .flat_map_iter(|(&ci, ranked)| {
            let claim = &site.claims[ci];
            let query = rank::Query::for_claim(claim);
            ranked
                .into_iter()
                .filter_map(|r| {
                    let (quote, prefix) = quotes.get(&r.unit)?.clone()?;
                    Some(suggestion(site, index, claim, &query, &r, quote, prefix))
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

fn suggestion(
    site: &Site,
    index: &Index,
    claim: &Claim,
    query: &rank::Query,
    r: &Ranked,
    quote: String,
    prefix: Option<String>,
) -> Suggestion {
    let unit = &index.units[r.unit];
    let a = &site.articles[unit.article as usize];
    let range = unit.range();
    let exact = a.seed.text.get()[range.clone()].to_string();
    let block = &a.blocks[unit.block(site)];
    let attributed_to = passages::attribution(&exact);
    let cue = r
        .signals
        .cue
        .and_then(|c| rank::cue_words(&exact, c.kind).map(|w| (c.kind, w)));
    let toml = evidence_toml(
        &a.slug,
        &quote,
        prefix.as_deref(),
        attributed_to.as_deref(),
        cue.as_ref().map(|(k, w)| (*k, w.as_str())),
        "asserts, denies or qualifies",
    );
    let start_char = index.char_start(site, r.unit);
    Suggestion {
        claim: claim.slug.clone(),
        article: a.slug.clone(),
        seed: a.seed.name.clone(),
        paragraph: block.number,
        location: block.label(&a.seed.text),
        start_byte: range.start,
        end_byte: range.end,
        start_char,
        end_char: start_char + exact.chars().count(),
        reasons: reasons(site, index, claim, query, &r.signals, &exact),
        exact,
        score: round3(r.score),
        quote,
        prefix,
        attributed_to,
        toml,
        claim_file: claim.file.clone(),
        line: block.line as usize,
    }
}
