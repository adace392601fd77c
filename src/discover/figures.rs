//! The figure signal: the figures a claim states (its `[figure]`, the
//! figures of its text and of its linked passages) and the passages that
//! state one of them, in any notation.

use std::collections::BTreeMap;

use super::index::{self, Index};
use super::words;
use crate::model::Claim;
use crate::numbers::{self, Kind};

/// A figure found in more passages than this is too common to suggest by.
const MAX_FIGURE_MATCHES: usize = 400;

/// Where a figure a passage states comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FigureSource {
    /// The claim's `[figure]`.
    ClaimFigure,
    /// A figure in the claim's text.
    ClaimText,
    /// A figure in linked passage `evidence[i]`.
    Evidence(usize),
}

/// How a passage's figure matches one of the claim's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FigureRelation {
    Same,
    /// A single figure within the claim's range.
    Within,
    /// A range that holds the claim's figure.
    Holds,
    /// Another figure of what the claim's `[figure]` counts.
    Other,
}

impl FigureRelation {
    pub fn strength(self) -> f64 {
        match self {
            FigureRelation::Same => 1.0,
            FigureRelation::Within => 0.8,
            FigureRelation::Holds => 0.6,
            FigureRelation::Other => 0.25,
        }
    }
}

#[derive(Clone, Copy, Debug)]
pub struct FigureMatch {
    pub relation: FigureRelation,
    pub source: FigureSource,
    /// The figure it matches.
    pub low: f64,
    pub high: f64,
    /// The passage's own figure.
    pub found_low: f64,
    pub found_high: f64,
}

/// A figure the claim states: its value and kind (`None`: any count or money).
pub struct Target {
    low: f64,
    high: f64,
    kind: Option<Kind>,
    currency: Option<&'static str>,
    source: FigureSource,
}

/// The keys of the words that name what the claim's `[figure]` counts: its
/// `unit` and `quantity`, and the unit words of the same figure in the
/// linked passages.
pub fn counted_words(claim: &Claim) -> Vec<u32> {
    let Some(f) = &claim.figure else {
        return Vec::new();
    };
    let mut keys: Vec<u32> = words::terms(f.unit.as_deref().unwrap_or_default())
        .into_iter()
        .chain(words::terms(&f.quantity.replace('-', " ")))
        .map(words::key)
        .collect();
    let (low, high) = match (f.value, f.low, f.high) {
        (Some(v), _, _) => (v, v),
        (None, Some(l), Some(h)) => (l, h),
        _ => (f64::NAN, f64::NAN),
    };
    for ev in &claim.evidence {
        let text = ev.span.exact();
        for n in numbers::read(text).numbers {
            if n.low >= low && n.high <= high {
                keys.extend(index::unit_keys(text, &n).into_iter().filter(|&k| k != 0));
            }
        }
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

pub fn targets(claim: &Claim) -> Vec<Target> {
    let mut out = Vec::new();
    if let Some(f) = &claim.figure {
        let (low, high) = match (f.value, f.low, f.high) {
            (Some(v), _, _) => (v, v),
            (None, Some(l), Some(h)) => (l, h),
            _ => (f64::NAN, f64::NAN),
        };
        if low.is_finite() && high.is_finite() {
            out.push(Target {
                low,
                high,
                kind: None,
                currency: None,
                source: FigureSource::ClaimFigure,
            });
        }
    }
    let mut from_text = |text: &str, source: FigureSource| {
        for n in numbers::read(text).numbers {
            if index::counted(&n) {
                out.push(Target {
                    low: n.low,
                    high: n.high,
                    kind: Some(n.kind),
                    currency: n.currency,
                    source,
                });
            }
        }
    };
    from_text(&claim.claim, FigureSource::ClaimText);
    for (i, ev) in claim.evidence.iter().enumerate() {
        from_text(ev.span.exact(), FigureSource::Evidence(i));
    }
    out
}

fn kinds_match(t: &Target, f: &index::FigureAt) -> bool {
    match t.kind {
        None => matches!(f.kind, Kind::Count | Kind::Money),
        Some(k) => {
            k == f.kind
                && (k != Kind::Money
                    || t.currency.is_none()
                    || f.currency.is_none()
                    || t.currency == f.currency)
        }
    }
}

/// The passages stating one of the claim's figures, with the best match each.
pub fn figure_matches(
    index: &Index,
    targets: &[Target],
    counted: &[u32],
) -> BTreeMap<usize, FigureMatch> {
    let mut out: BTreeMap<usize, FigureMatch> = BTreeMap::new();
    // Other figures of what the claim's [figure] counts.
    if let Some(t) = targets
        .iter()
        .find(|t| t.source == FigureSource::ClaimFigure)
    {
        let mut seen: Vec<u32> = Vec::new();
        for k in counted {
            let Some(list) = index.figures_by_unit.get(k) else {
                continue;
            };
            if list.len() > MAX_FIGURE_MATCHES {
                continue;
            }
            seen.extend(list);
        }
        seen.sort_unstable();
        seen.dedup();
        for fi in seen {
            let f = &index.figures[fi as usize];
            if kinds_match(t, f) {
                out.insert(
                    f.unit as usize,
                    FigureMatch {
                        relation: FigureRelation::Other,
                        source: t.source,
                        low: t.low,
                        high: t.high,
                        found_low: f.low,
                        found_high: f.high,
                    },
                );
            }
        }
    }
    let figures = &index.figures;
    for t in targets {
        // Figures whose low end lies in the target's span, and ranges holding a single target.
        let from = figures.partition_point(|f| f.low < t.low);
        let to = figures.partition_point(|f| f.low <= t.high);
        let mut matches: Vec<(usize, FigureRelation, &index::FigureAt)> = Vec::new();
        if to - from <= MAX_FIGURE_MATCHES {
            for f in &figures[from..to] {
                if !kinds_match(t, f) {
                    continue;
                }
                let same = numbers_close(f.low, t.low) && numbers_close(f.high, t.high);
                let relation = if same {
                    FigureRelation::Same
                } else if t.high > t.low && f.high <= t.high && f.low == f.high {
                    FigureRelation::Within
                } else {
                    continue;
                };
                matches.push((f.unit as usize, relation, f));
            }
        }
        if t.low == t.high {
            // Ranges whose low end is below the figure and high end above it.
            let below = figures.partition_point(|f| f.low < t.low);
            let start = below.saturating_sub(MAX_FIGURE_MATCHES);
            for f in &figures[start..below] {
                if f.high > t.low && f.low < f.high && kinds_match(t, f) {
                    matches.push((f.unit as usize, FigureRelation::Holds, f));
                }
            }
        }
        for (u, relation, f) in matches {
            let m = FigureMatch {
                relation,
                source: t.source,
                low: t.low,
                high: t.high,
                found_low: f.low,
                found_high: f.high,
            };
            let better = out
                .get(&u)
                .is_none_or(|old| m.relation.strength() > old.relation.strength());
            if better {
                out.insert(u, m);
            }
        }
    }
    out
}

fn numbers_close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}
