//! Ranking: the passages a claim does not link, each scored by four
//! signals, and how they combine.
//!
//! - *twin*: the passage is a near-copy of a passage the claim links (in
//!   another article): its similarity, 0.45 to 1 (see [`twins`]);
//! - *figure*: it states the claim's `[figure]`, a figure of the claim's
//!   text or of a linked passage, in any notation: 1 for the same figure,
//!   0.8 for a figure within the claim's range, 0.6 for a range that holds
//!   the figure, 0.25 for another figure of what the `[figure]` counts (its
//!   `unit` or `quantity` words, or those of the same figure in a linked
//!   passage, right after the number: "11,000 North Korean troops");
//! - *topic*: BM25 relevance to the claim's text and title (weight 1), its
//!   tags (weight 0.5) and its linked quotes (0.75), divided by the best topic
//!   score among the claim's candidates (0 to 1);
//! - *denial or caveat*: it denies, dismisses or hedges, and stands within
//!   three paragraphs of a linked passage and shares a word with the claim
//!   (1) or of a strong suggestion (a twin, or the same figure: 0.8);
//!   elsewhere in a linked article (topic at least 0.1: 0.8) or anywhere on
//!   the claim's topic (topic at least 0.2: 0.75), these two scaled by
//!   topic / 0.4 up to 1.
//!
//! score = twin + 0.6 × figure + 0.45 × denial + 0.3 × topic
//!
//! Any one of the first three signals outweighs topic alone, so a passage
//! that merely shares many words with the claim ranks below one that
//! copies, counts or denies it.

use std::collections::BTreeMap;
use std::ops::Range;

use super::figures::{FigureMatch, FigureRelation, counted_words, figure_matches, targets};
use super::index::{self, Index};
use super::passages::{self, CueKind, MIN_WORDS};
use super::twins;
use super::words;
use crate::model::{Claim, Site};

/// BM25's term-frequency saturation and length normalisation.
const K1: f64 = 1.2;
const B: f64 = 0.75;
/// Topic candidates scored per claim.
const TOPIC_CANDIDATES: usize = 200;

pub const WEIGHT_FIGURE: f64 = 0.6;
pub const WEIGHT_CUE: f64 = 0.45;
pub const WEIGHT_TOPIC: f64 = 0.3;
/// Topic share at which a denial counts as being about the claim.
const CUE_TOPIC_MIN: f64 = 0.2;
/// Topic share at which a denial in a linked article counts.
const CUE_ARTICLE_MIN: f64 = 0.1;
/// Below this topic share, a passage with no other signal is not suggested.
const TOPIC_MIN: f64 = 0.1;

/// What a claim is about, as weighted term keys (sorted by key).
#[derive(Clone, Debug, Default)]
pub struct Query {
    pub keys: Vec<(u32, f64)>,
}

impl Query {
    pub fn for_claim(claim: &Claim) -> Query {
        let mut weights: BTreeMap<u32, f64> = BTreeMap::new();
        let mut add = |text: &str, w: f64| {
            for t in words::terms(text) {
                let e = weights.entry(words::key(t)).or_insert(0.0);
                *e = (*e + w).min(3.0);
            }
        };
        add(&claim.claim, 1.0);
        add(&claim.title, 1.0);
        for tag in &claim.tags {
            add(tag, 0.5);
        }
        for ev in &claim.evidence {
            add(ev.span.exact(), 0.75);
        }
        Query {
            keys: weights.into_iter().collect(),
        }
    }

    /// The keys alone, sorted.
    pub fn key_list(&self) -> Vec<u32> {
        self.keys.iter().map(|&(k, _)| k).collect()
    }
}

/// The BM25 score of a passage for a query.
pub fn bm25(index: &Index, query: &Query, unit: usize) -> f64 {
    let terms = index.unit_terms(unit);
    let len = terms.len() as f64;
    let norm = K1 * (1.0 - B + B * len / index.avg_len());
    let mut score = 0.0;
    let (mut i, mut j) = (0, 0);
    while i < query.keys.len() && j < terms.len() {
        let (k, w) = query.keys[i];
        match k.cmp(&terms[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                let mut tf = 0.0;
                while j < terms.len() && terms[j] == k {
                    tf += 1.0;
                    j += 1;
                }
                score += w * index.idf(k) * tf * (K1 + 1.0) / (tf + norm);
                i += 1;
            }
        }
    }
    score
}

/// A passage that bears on the claim: linked (`evidence[i]`), or a strong
/// suggestion (a passage of the index).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Evidence(usize),
    Suggested(usize),
}

/// A near-copy of a passage that bears on the claim.
#[derive(Clone, Copy, Debug)]
pub struct TwinMatch {
    pub of: Source,
    pub similarity: f64,
    /// For a copy of a suggestion: that suggestion's score.
    pub seed_score: f64,
}

/// A twin of a suggestion counts this much of a twin of a linked passage.
const SECOND_HAND: f64 = 0.8;

impl TwinMatch {
    /// What it adds to the score: its similarity for a copy of a linked
    /// passage; for a copy of a suggestion, the similarity times that
    /// suggestion's own score (at most [`SECOND_HAND`]).
    pub fn strength(&self) -> f64 {
        match self.of {
            Source::Evidence(_) => self.similarity,
            Source::Suggested(_) => self.similarity * self.seed_score.min(SECOND_HAND),
        }
    }
}

/// Where a denial or caveat stands, seen from the claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CuePlace {
    /// Within three paragraphs of a linked passage or a strong suggestion.
    Near(Source),
    /// Elsewhere in the article of linked passage `evidence[i]`.
    SameArticle(usize),
    /// Anywhere, on the claim's topic.
    Topic,
}

#[derive(Clone, Copy, Debug)]
pub struct CueMatch {
    pub kind: CueKind,
    pub place: CuePlace,
}

impl CueMatch {
    /// How much it counts, given the passage's topic share: next to a
    /// passage that bears on the claim, fully; elsewhere, as far as it is
    /// on the claim's topic.
    pub fn strength(&self, topic: f64) -> f64 {
        let on_topic = (topic / CUE_FULL_TOPIC).min(1.0);
        match self.place {
            CuePlace::Near(Source::Evidence(_)) => 1.0,
            CuePlace::Near(Source::Suggested(_)) => SECOND_HAND,
            CuePlace::SameArticle(_) => 0.8 * on_topic,
            CuePlace::Topic => 0.75 * on_topic,
        }
    }
}

/// The topic share at which a denial away from linked passages counts fully.
const CUE_FULL_TOPIC: f64 = 0.4;

/// Why a passage is suggested.
#[derive(Clone, Debug, Default)]
pub struct Signals {
    pub twin: Option<TwinMatch>,
    pub figure: Option<FigureMatch>,
    /// Topic relevance, 0 to 1 (BM25 over the best of the claim's candidates).
    pub topic: f64,
    /// Shares at least one word with the claim's query.
    pub shares_words: bool,
    pub cue: Option<CueMatch>,
}

impl Signals {
    /// Strong enough to count as linked for its neighbours and copies.
    fn is_strong(&self) -> bool {
        self.twin
            .is_some_and(|t| matches!(t.of, Source::Evidence(_)))
            || self
                .cue
                .is_some_and(|c| !matches!(c.place, CuePlace::Near(Source::Suggested(_))))
            || self
                .figure
                .is_some_and(|f| f.relation.strength() >= FigureRelation::Holds.strength())
    }

    pub fn score(&self) -> f64 {
        let rest = WEIGHT_FIGURE * self.figure.map_or(0.0, |f| f.relation.strength())
            + WEIGHT_CUE * self.cue.map_or(0.0, |c| c.strength(self.topic))
            + WEIGHT_TOPIC * self.topic;
        match self.twin {
            Some(
                t @ TwinMatch {
                    of: Source::Evidence(_),
                    ..
                },
            ) => t.strength() + rest,
            // A copy of a suggestion is worth what the suggestion is, not more:
            // the better of its own signals and its copy's.
            Some(t) => rest.max(t.strength() + WEIGHT_TOPIC * self.topic),
            None => rest,
        }
    }
}

/// A passage ranked for a claim.
#[derive(Clone, Debug)]
pub struct Ranked {
    pub unit: usize,
    pub score: f64,
    pub signals: Signals,
}

/// The spans a claim already links or has settled: their passages are not suggested.
fn taken(claim: &Claim) -> Vec<(usize, Range<usize>)> {
    claim
        .evidence
        .iter()
        .map(|e| &e.span)
        .chain(claim.not_evidence.iter().map(|s| &s.span))
        .map(|s| (s.article, s.orig.clone()))
        .collect()
}

fn is_taken(index: &Index, taken: &[(usize, Range<usize>)], unit: usize) -> bool {
    let u = &index.units[unit];
    taken.iter().any(|(a, r)| {
        *a == u.article as usize && r.start < u.end as usize && (u.start as usize) < r.end
    })
}

/// Paragraph number of a passage's block (0 if it has none).
pub fn paragraph(site: &Site, index: &Index, unit: usize) -> u32 {
    let u = &index.units[unit];
    site.articles[u.article as usize].blocks[u.block(site)]
        .number
        .unwrap_or(0)
}

/// The passages the claim `ci` does not link, best first, at most `limit`.
pub fn rank(site: &Site, index: &Index, ci: usize, limit: usize) -> Vec<Ranked> {
    let claim = &site.claims[ci];
    let query = Query::for_claim(claim);
    let taken = taken(claim);
    let mut signals: BTreeMap<usize, Signals> = BTreeMap::new();

    for u in twins::candidates(index, &query.key_list(), TOPIC_CANDIDATES) {
        signals.entry(u).or_default();
    }
    for (i, ev) in claim.evidence.iter().enumerate() {
        let twins = twins::twins_of(site, index, ev.span.article, &ev.span.orig);
        add_twins(&mut signals, twins, Source::Evidence(i), 1.0);
    }
    let counted = counted_words(claim);
    for (u, m) in figure_matches(index, &targets(claim), &counted) {
        signals.entry(u).or_default().figure = Some(m);
    }
    for (i, ev) in claim.evidence.iter().enumerate() {
        let s = &ev.span;
        let near = paragraphs_around(site, s.article, s.first_block, s.last_block);
        add_cues_near(
            &mut signals,
            site,
            index,
            s.article,
            near,
            Source::Evidence(i),
        );
        // Denials and caveats elsewhere in a linked article.
        for u in index.article_units(s.article) {
            if let Some(kind) = cue_kind(&index.units[u]) {
                let e = signals.entry(u).or_default();
                if e.cue.is_none() {
                    e.cue = Some(CueMatch {
                        kind,
                        place: CuePlace::SameArticle(i),
                    });
                }
            }
        }
    }
    signals.retain(|&u, _| !is_taken(index, &taken, u) && long_enough(index, u));
    let best = score_topics(index, &query, &mut signals, None);
    for s in signals.values_mut() {
        gate_cue(s);
    }

    // The strongest suggestions count as linked passages for what stands
    // next to them and for their own copies: a caveat next to a passage
    // that states the claim's figure bears on the claim too.
    let mut strong: Vec<(f64, usize)> = signals
        .iter()
        .filter(|(_, s)| s.is_strong())
        .map(|(&u, s)| (s.score(), u))
        .collect();
    strong.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    strong.truncate(STRONG_SEEDS);
    let before: Vec<usize> = signals.keys().copied().collect();
    for &(seed_score, su) in &strong {
        let unit = &index.units[su];
        let a = unit.article as usize;
        let block = unit.block(site);
        let near = paragraphs_around(site, a, block, block);
        add_cues_near(&mut signals, site, index, a, near, Source::Suggested(su));
        let twins = twins::twins_of(site, index, a, &unit.range());
        add_twins(&mut signals, twins, Source::Suggested(su), seed_score);
    }
    signals.retain(|&u, _| !is_taken(index, &taken, u) && long_enough(index, u));
    let fresh: Vec<usize> = signals
        .keys()
        .filter(|u| before.binary_search(u).is_err())
        .copied()
        .collect();
    score_topics(index, &query, &mut signals, Some((best, &fresh)));

    for s in signals.values_mut() {
        gate_cue(s);
    }
    let mut ranked: Vec<Ranked> = signals
        .into_iter()
        .filter(|(_, s)| {
            s.twin.is_some() || s.figure.is_some() || s.cue.is_some() || s.topic >= TOPIC_MIN
        })
        .map(|(unit, signals)| Ranked {
            unit,
            score: signals.score(),
            signals,
        })
        .collect();
    ranked.sort_by(|a, b| {
        b.score.total_cmp(&a.score).then_with(|| {
            let (ua, ub) = (&index.units[a.unit], &index.units[b.unit]);
            (ua.article, ua.start).cmp(&(ub.article, ub.start))
        })
    });
    ranked.truncate(limit);
    ranked
}

/// Suggestions strong enough to count as linked, for their neighbours.
const STRONG_SEEDS: usize = 5;

fn add_twins(
    signals: &mut BTreeMap<usize, Signals>,
    twins: Vec<(usize, f64)>,
    of: Source,
    seed_score: f64,
) {
    for (u, similarity) in twins {
        let m = TwinMatch {
            of,
            similarity,
            seed_score,
        };
        let s = signals.entry(u).or_default();
        if s.twin.is_none_or(|old| m.strength() > old.strength()) {
            s.twin = Some(m);
        }
    }
}

/// Paragraphs this close to a passage stand next to it.
const NEAR: u32 = 3;

/// The paragraph numbers within [`NEAR`] of blocks `first..=last` of an article.
fn paragraphs_around(site: &Site, a: usize, first: usize, last: usize) -> Option<(u32, u32)> {
    let blocks = &site.articles[a].blocks;
    let (f, l) = (blocks[first].number, blocks[last].number);
    let (Some(f), Some(l)) = (f.or(l), l.or(f)) else {
        return None;
    };
    Some((f.saturating_sub(NEAR), l + NEAR))
}

fn add_cues_near(
    signals: &mut BTreeMap<usize, Signals>,
    site: &Site,
    index: &Index,
    a: usize,
    near: Option<(u32, u32)>,
    of: Source,
) {
    let Some((from, to)) = near else { return };
    for u in index.article_units(a) {
        let p = paragraph(site, index, u);
        if p == 0 || p < from || p > to || Source::Suggested(u) == of {
            continue;
        }
        let Some(kind) = cue_kind(&index.units[u]) else {
            continue;
        };
        let m = CueMatch {
            kind,
            place: CuePlace::Near(of),
        };
        let s = signals.entry(u).or_default();
        if s.cue.is_none_or(|old| m.strength(1.0) > old.strength(1.0)) {
            s.cue = Some(m);
        }
    }
}

/// Fills in the topic of every candidate (or, with `fresh`, of the new
/// ones, against the best score found before); returns the best score.
fn score_topics(
    index: &Index,
    query: &Query,
    signals: &mut BTreeMap<usize, Signals>,
    fresh: Option<(f64, &[usize])>,
) -> f64 {
    let units: Vec<usize> = match fresh {
        Some((_, f)) => f.to_vec(),
        None => signals.keys().copied().collect(),
    };
    let raw: Vec<(usize, f64)> = units.iter().map(|&u| (u, bm25(index, query, u))).collect();
    let best = match fresh {
        Some((best, _)) => best,
        None => raw.iter().map(|r| r.1).fold(0.0, f64::max),
    };
    for (u, score) in raw {
        if let Some(s) = signals.get_mut(&u) {
            s.topic = if best > 0.0 {
                (score / best).min(1.0)
            } else {
                0.0
            };
            s.shares_words = score > 0.0;
        }
    }
    best
}

/// Keeps a denial or caveat only where it bears on the claim: next to a
/// linked passage and sharing a word with the claim, next to a strong
/// suggestion, in a linked article with some topic, or on the topic.
fn gate_cue(s: &mut Signals) {
    let keep = match s.cue.map(|c| c.place) {
        Some(CuePlace::Near(Source::Evidence(_))) => s.shares_words,
        Some(CuePlace::Near(Source::Suggested(_))) => true,
        Some(CuePlace::SameArticle(_)) => s.topic >= CUE_ARTICLE_MIN,
        Some(CuePlace::Topic) | None => true,
    };
    let kind = s.cue.map(|c| c.kind);
    if !keep {
        s.cue = None;
    }
    if s.cue.is_none() && s.topic >= CUE_TOPIC_MIN {
        s.cue = kind.map(|kind| CueMatch {
            kind,
            place: CuePlace::Topic,
        });
    }
}

pub fn cue_kind(unit: &index::Unit) -> Option<CueKind> {
    if unit.has_cue(CueKind::Denial) {
        Some(CueKind::Denial)
    } else if unit.has_cue(CueKind::Caveat) {
        Some(CueKind::Caveat)
    } else {
        None
    }
}

fn long_enough(index: &Index, unit: usize) -> bool {
    usize::from(index.units[unit].words) >= MIN_WORDS
}

/// The cue words of a passage, for reasons ("rejected").
pub fn cue_words(text: &str, kind: CueKind) -> Option<String> {
    passages::cues(text)
        .into_iter()
        .find(|c| c.kind == kind)
        .map(|c| text[c.range].to_string())
}
