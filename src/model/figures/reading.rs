//! How a passage's figure is read: the editor's `figure`, `low`/`high` or
//! `figure = false` in its `[[evidence]]` entry, checked; else the number
//! the passage states for the claim's quantity, read with `crate::numbers`.

use std::ops::Range;

use rayon::prelude::*;

use super::super::Claim;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{ClaimFront, EvidenceFront, Figure, Parsed};
use crate::numbers::{self, Number, Qualifier};

/// What the `[[evidence]]` entry says of its passage's figure.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FigureSetting {
    /// Nothing: the build reads it.
    Read,
    /// `figure = 1500`, or `low` and `high`.
    Value { low: f64, high: f64 },
    /// `figure = false`: the number in it is about something else.
    Off,
}

/// The figure an evidence passage states for its claim's quantity.
#[derive(Clone, Debug, PartialEq)]
pub enum PassageFigure {
    /// The claim has no `[figure]`, or the passage states no counted number.
    None,
    /// `figure = false`.
    Off,
    Stated(StatedFigure),
    /// Several numbers, and neither the claim's figure nor its unit tells
    /// which one is the quantity's: each candidate.
    Ambiguous(Vec<StatedFigure>),
}

impl PassageFigure {
    pub fn stated(&self) -> Option<&StatedFigure> {
        match self {
            PassageFigure::Stated(s) => Some(s),
            _ => None,
        }
    }
}

/// One figure: a value or a range, with its qualifier.
#[derive(Clone, Debug, PartialEq)]
pub struct StatedFigure {
    pub low: f64,
    pub high: f64,
    /// "about", "more than", "up to": as written before the number.
    pub qualifier: Option<Qualifier>,
    /// ISO 4217 code, for money.
    pub currency: Option<&'static str>,
    /// The bytes of the seed text the figure was read from, qualifier
    /// included ("almost 11,000"); `None` when the editor's value does not
    /// stand in the passage.
    pub written: Option<Range<usize>>,
    /// The bytes of the words after it naming what is counted ("troops").
    pub unit: Option<Range<usize>>,
    /// Set by the editor in the `[[evidence]]` entry.
    pub by_editor: bool,
}

impl StatedFigure {
    /// A figure the editor wrote, not read from any words.
    pub(crate) fn set_by_editor(low: f64, high: f64) -> StatedFigure {
        StatedFigure {
            low,
            high,
            qualifier: None,
            currency: None,
            written: None,
            unit: None,
            by_editor: true,
        }
    }

    fn from_number(n: &Number, offset: usize, by_editor: bool) -> StatedFigure {
        StatedFigure {
            low: n.low,
            high: n.high,
            qualifier: n.qualifier,
            currency: n.currency,
            written: Some(n.span.start + offset..n.span.end + offset),
            unit: n.unit.as_ref().map(|u| u.start + offset..u.end + offset),
            by_editor,
        }
    }

    /// The interval the figure means, widened by its qualifier.
    pub fn interval(&self) -> (f64, f64) {
        let n = Number {
            span: 0..0,
            figure: 0..0,
            low: self.low,
            high: self.high,
            qualifier: self.qualifier,
            kind: numbers::Kind::Count,
            currency: self.currency,
            unit: None,
        };
        n.interval()
    }
}

/// The value or range of a claim's `[figure]`.
pub fn claim_range(f: &Figure) -> Option<(f64, f64)> {
    match (f.value, f.low, f.high) {
        (Some(v), _, _) => Some((v, v)),
        (None, Some(l), Some(h)) => Some((l, h)),
        _ => None,
    }
}

/// Words that name what the claim's figure counts: from its `unit` and its
/// `quantity` slug, lower-case.
fn counted_words(f: &Figure) -> Vec<String> {
    let mut words: Vec<String> = f
        .unit
        .iter()
        .flat_map(|u| u.split(|c: char| !c.is_alphabetic()))
        .chain(f.quantity.split('-'))
        .filter(|w| w.len() >= 3)
        .map(str::to_lowercase)
        .collect();
    words.sort();
    words.dedup();
    words
}

/// The figure of passage `text` (at byte `offset` of its article's text)
/// for the claim's figure `f`, as the `[[evidence]]` entry sets it or, if
/// it does not, as read: the only counted number in it; of several, the one
/// equal to the claim's figure, else the one whose unit names what the
/// claim's figure counts; else it is ambiguous.
pub fn read_passage(
    text: &str,
    offset: usize,
    f: Option<&Figure>,
    setting: FigureSetting,
) -> PassageFigure {
    let Some(f) = f else {
        return PassageFigure::None;
    };
    let numbers = numbers::read(text).numbers;
    match setting {
        FigureSetting::Off => PassageFigure::Off,
        FigureSetting::Value { low, high } => {
            let written = numbers.iter().find(|n| n.same_figure(low, high));
            PassageFigure::Stated(match written {
                Some(n) => StatedFigure::from_number(n, offset, true),
                None => StatedFigure::set_by_editor(low, high),
            })
        }
        FigureSetting::Read => {
            let candidates: Vec<&Number> = numbers.iter().filter(|n| n.counted()).collect();
            let pick =
                |n: &Number| PassageFigure::Stated(StatedFigure::from_number(n, offset, false));
            match candidates.as_slice() {
                [] => return PassageFigure::None,
                [n] => return pick(n),
                _ => {}
            }
            if let Some((low, high)) = claim_range(f) {
                let same: Vec<&&Number> = candidates
                    .iter()
                    .filter(|n| n.same_figure(low, high))
                    .collect();
                if let [n] = same.as_slice() {
                    return pick(n);
                }
            }
            let words = counted_words(f);
            let named: Vec<&&Number> = candidates
                .iter()
                .filter(|n| {
                    n.unit.as_ref().is_some_and(|u| {
                        text[u.clone()]
                            .split(|c: char| !c.is_alphabetic())
                            .any(|w| words.binary_search(&w.to_lowercase()).is_ok())
                    })
                })
                .collect();
            if let [n] = named.as_slice() {
                return pick(n);
            }
            PassageFigure::Ambiguous(
                candidates
                    .iter()
                    .map(|n| StatedFigure::from_number(n, offset, false))
                    .collect(),
            )
        }
    }
}

/// Reads the figure of every evidence passage of every claim, from the
/// quote each span keeps (no seed is read again).
pub fn read_evidence(claims: &mut [Claim]) {
    claims.par_iter_mut().for_each(|c| {
        let claim_figure = c.figure.as_ref();
        for ev in &mut c.evidence {
            ev.figure = read_passage(
                ev.span.exact(),
                ev.span.orig.start,
                claim_figure,
                ev.figure_setting,
            );
        }
    });
}

/// The `figure`, `low` and `high` of evidence entry `k`, checked: a number
/// or `false`, or a range, and only in a claim with a `[figure]`.
pub fn evidence_setting(
    c: &Parsed<ClaimFront>,
    k: usize,
    ev: &EvidenceFront,
    diags: &mut Diagnostics,
) -> FigureSetting {
    use crate::load::FigureSetting as Written;
    let file = &c.doc.file;
    let first = ev
        .figure
        .as_ref()
        .map(|f| f.span())
        .or(ev.low.as_ref().map(|l| l.span()))
        .or(ev.high.as_ref().map(|h| h.span()));
    let Some(first) = first else {
        return FigureSetting::Read;
    };
    let problem = |what: String, help: &str| {
        Diagnostic::error("bad-figure", what)
            .at(file, c.doc.span(first.clone()))
            .help(help.to_string())
    };
    if c.front.figure.is_none() {
        diags.push(
            problem(
                format!("evidence #{k} sets a figure, but the claim has no [figure]"),
                "add a [figure] with the quantity it counts, or remove the evidence's figure",
            )
            .note("an evidence figure is a data point of the claim's [figure] quantity"),
        );
        return FigureSetting::Read;
    }
    match (
        ev.figure.as_ref().map(|f| *f.get_ref()),
        ev.low.as_ref().map(|l| *l.get_ref()),
        ev.high.as_ref().map(|h| *h.get_ref()),
    ) {
        (Some(Written::Value(v)), None, None) if v.is_finite() => {
            FigureSetting::Value { low: v, high: v }
        }
        (Some(Written::Flag(false)), None, None) => FigureSetting::Off,
        (Some(Written::Flag(true)), None, None) => {
            diags.push(problem(
                format!("evidence #{k}: `figure = true` says no number"),
                "write the number the passage states for the quantity, e.g. figure = 1500, or figure = false if none is",
            ));
            FigureSetting::Read
        }
        (None, Some(l), Some(h)) if l <= h && l.is_finite() && h.is_finite() => {
            FigureSetting::Value { low: l, high: h }
        }
        (None, Some(l), Some(h)) if l <= h => {
            diags.push(problem(
                format!("evidence #{k}: a figure is a number: not `nan` or `inf`"),
                "e.g. low = 10000 and high = 12000",
            ));
            FigureSetting::Read
        }
        (Some(Written::Value(_)), None, None) => {
            diags.push(problem(
                format!("evidence #{k}: a figure is a number: not `nan` or `inf`"),
                "e.g. figure = 1500",
            ));
            FigureSetting::Read
        }
        (None, Some(_), Some(_)) => {
            diags.push(problem(
                format!("evidence #{k}: `low` is greater than `high`"),
                "e.g. low = 10000 and high = 12000",
            ));
            FigureSetting::Read
        }
        (Some(_), _, _) => {
            diags.push(problem(
                format!("evidence #{k}: give either `figure`, or `low` and `high`, not both"),
                "e.g. figure = 1500, or low = 10000 and high = 12000",
            ));
            FigureSetting::Read
        }
        (None, _, _) => {
            diags.push(problem(
                format!("evidence #{k}: a range needs both `low` and `high`"),
                "e.g. low = 10000 and high = 12000",
            ));
            FigureSetting::Read
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figure(value: Option<f64>, range: Option<(f64, f64)>, unit: &str, quantity: &str) -> Figure {
        Figure {
            quantity: quantity.to_string(),
            value,
            low: range.map(|r| r.0),
            high: range.map(|r| r.1),
            unit: Some(unit.to_string()).filter(|u| !u.is_empty()),
            as_of: None,
        }
    }

    fn read(text: &str, f: &Figure, s: FigureSetting) -> PassageFigure {
        read_passage(text, 0, Some(f), s)
    }

    #[test]
    fn one_counted_number_is_the_figure_with_its_qualifier() {
        let f = figure(
            Some(1500.0),
            None,
            "troops",
            "north-korean-troops-in-russia",
        );
        let text = "with around 1,500 North Korean troops transported on October 13";
        let PassageFigure::Stated(s) = read(text, &f, FigureSetting::Read) else {
            panic!()
        };
        assert_eq!((s.low, s.qualifier), (1500.0, Some(Qualifier::About)));
        assert_eq!(&text[s.written.unwrap()], "around 1,500");
        assert_eq!(
            read("Russia denied it.", &f, FigureSetting::Read),
            PassageFigure::None
        );
    }

    #[test]
    fn of_several_the_claims_figure_then_its_unit_decides() {
        let f = figure(Some(2000.0), None, "US dollars per soldier", "payment");
        let text = "receives $2,000 (1,850 euros) per month plus up to $20,000";
        assert_eq!(
            read(text, &f, FigureSetting::Read).stated().unwrap().low,
            2000.0
        );
        let f = figure(
            Some(3000.0),
            None,
            "troops",
            "north-korean-troops-in-russia",
        );
        let text = "of 12 battalions, 11,000 troops are training";
        assert_eq!(
            read(text, &f, FigureSetting::Read).stated().unwrap().low,
            11000.0
        );
        let text = "roughly 100 had been killed and 1,000 had been injured";
        let PassageFigure::Ambiguous(c) = read(text, &f, FigureSetting::Read) else {
            panic!()
        };
        assert_eq!(c.len(), 2);
    }

    #[test]
    fn the_editor_sets_or_turns_off_the_figure() {
        let f = figure(None, Some((10000.0, 12000.0)), "troops", "q");
        let text = "roughly 100 had been killed and 1,000 had been injured";
        let set = read(
            text,
            &f,
            FigureSetting::Value {
                low: 1100.0,
                high: 1100.0,
            },
        );
        let s = set.stated().unwrap();
        assert_eq!(
            (s.low, s.written.clone(), s.by_editor),
            (1100.0, None, true)
        );
        let set = read(
            text,
            &f,
            FigureSetting::Value {
                low: 1000.0,
                high: 1000.0,
            },
        );
        assert_eq!(
            &text[set.stated().unwrap().written.clone().unwrap()],
            "1,000"
        );
        assert_eq!(
            read("12,000 soldiers", &f, FigureSetting::Off),
            PassageFigure::Off
        );
        assert_eq!(
            read_passage("12,000 soldiers", 0, None, FigureSetting::Read),
            PassageFigure::None
        );
    }
}
