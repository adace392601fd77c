//! Figures across sources: for every quantity a claim's `[figure]` names,
//! each figure stated for it, by the claims and by the passages they link,
//! with its date (and which date that is), its primary source, its article
//! and whether that article is a copy. Passages are read with the same
//! number reading discovery uses (`crate::numbers`); the editor's
//! `figure`, `low`/`high` and `as_of` in an `[[evidence]]` entry win.

use std::collections::BTreeMap;

mod reading;

pub use reading::{
    FigureSetting, PassageFigure, StatedFigure, claim_range, evidence_setting, read_evidence,
    read_passage,
};

use super::{Claim, Evidence, Site, Stance};
use crate::load::frontmatter::Date;
use crate::numbers;

/// Which date a figure is placed at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DateFrom {
    /// The `as_of` of the claim's `[figure]` or of the `[[evidence]]` entry.
    AsOf,
    /// The claim's `claim_date`: when the claimant said it.
    ClaimDate,
    /// A day the passage states ("between October 8 and 13").
    Passage,
    /// The article's published date.
    Published,
    /// No date is known.
    Undated,
}

impl DateFrom {
    /// How the table says where the date comes from.
    pub fn label(self) -> &'static str {
        match self {
            DateFrom::AsOf => "as of",
            DateFrom::ClaimDate => "claim date",
            DateFrom::Passage => "stated in the passage",
            DateFrom::Published => "article published",
            DateFrom::Undated => "undated",
        }
    }
}

/// One data point of a quantity.
#[derive(Clone, Debug)]
pub struct Point {
    pub figure: StatedFigure,
    pub date: Option<Date>,
    pub date_from: DateFrom,
    pub claim: usize,
    /// Index into the claim's `evidence`; `None` for the claim's own figure.
    pub evidence: Option<usize>,
    /// Other (claim, evidence) links to the same passage stating the same figure.
    pub also: Vec<(usize, usize)>,
    /// Whom the figure comes from.
    pub source: Option<FigureSource>,
    /// The article of a passage's figure.
    pub article: Option<usize>,
    /// The index (in the quantity's points) of the same figure from the same
    /// source in the article this one's article is a copy of: a copy is
    /// drawn as its origin.
    pub folded_into: Option<usize>,
}

impl Point {
    /// The name of whom the figure comes from.
    pub fn source_name(&self) -> Option<&str> {
        self.source.as_ref().map(|s| s.name.as_str())
    }

    /// The words in which a passage states the figure ("around 1,500"):
    /// from its quote when the quote holds them, else from its seed.
    pub fn written_words(&self, site: &Site) -> Option<String> {
        let (a, w) = (self.article?, self.figure.written.as_ref()?);
        let text = &site.articles[a].seed.text;
        Some(match self.evidence {
            Some(ei) => site.claims[self.claim].evidence[ei].span.words(w, text),
            None => text.get().get(w.clone()).unwrap_or_default().to_string(),
        })
    }

    pub fn stance(&self, site: &Site) -> Option<Stance> {
        self.evidence
            .map(|ei| site.claims[self.claim].evidence[ei].stance)
    }
}

/// Every figure stated for one quantity.
#[derive(Clone, Debug)]
pub struct Quantity {
    /// The `quantity` slug of the claims' `[figure]`.
    pub slug: String,
    /// The slug in words, each written as the claims write it ("North
    /// Korean troops in Russia").
    pub name: String,
    /// The `unit` of its first claim (by slug) that gives one.
    pub unit: Option<String>,
    /// The claims whose `[figure]` counts it, in the order of listings.
    pub claims: Vec<usize>,
    /// Dated points first, by date, then by value; undated last.
    pub points: Vec<Point>,
}

impl Quantity {
    pub fn name(&self) -> String {
        self.name.clone()
    }
}

/// The words of `slug`, each as `texts` write it (in lower case if they
/// ever do, else as first written: "Korean", not "In" at a sentence's
/// start), the first one capitalised.
fn name_from(slug: &str, texts: &[&str]) -> String {
    let words: Vec<String> = slug
        .split('-')
        .map(|w| {
            let mut written = texts
                .iter()
                .flat_map(|t| t.split(|c: char| !c.is_alphanumeric()))
                .filter(|t| t.eq_ignore_ascii_case(w) && t.len() == w.len());
            let first = written.next();
            let lower = first == Some(w) || written.any(|t| t == w);
            match first {
                Some(t) if !lower => t.to_string(),
                _ => w.to_string(),
            }
        })
        .collect();
    let s = words.join(" ");
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => s,
    }
}

/// Whom a figure comes from: its name, and its page in the sources
/// registry when it is one source the registry knows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FigureSource {
    pub name: String,
    pub source: Option<usize>,
}

/// The primary source of a passage's figure (`ev` given) or of a claim's
/// own figure: the sources its `attributed_to` names, or the claimant,
/// each as the registry names it. The one place that says where a
/// figure's source comes from.
pub fn primary_source(site: &Site, claim: &Claim, ev: Option<&Evidence>) -> Option<FigureSource> {
    let named = |name: &str, source: Option<usize>| match source {
        Some(i) => site.sources.sources[i].name.clone(),
        None => name.to_string(),
    };
    match ev {
        Some(ev) if !ev.cited.is_empty() => {
            let names: Vec<String> = ev.cited.iter().map(|c| named(&c.name, c.source)).collect();
            Some(FigureSource {
                name: names.join("; "),
                source: match ev.cited.as_slice() {
                    [one] => one.source,
                    _ => None,
                },
            })
        }
        Some(ev) => ev
            .attributed_to
            .clone()
            .map(|name| FigureSource { name, source: None }),
        None => {
            let source = site.sources.find(&claim.claimant);
            Some(FigureSource {
                name: named(&claim.claimant, source),
                source,
            })
        }
    }
}

/// `YYYY-MM-DD` as numbers.
fn ymd(d: &Date) -> Option<(i32, u32, u32)> {
    let mut it = d.0.split('-');
    Some((
        it.next()?.parse().ok()?,
        it.next()?.parse().ok()?,
        it.next()?.parse().ok()?,
    ))
}

/// The latest day the passage states that is not after the article's
/// publication (a stated day without its year takes the published year,
/// or the year before when that would put it after publication).
fn passage_date(text: &str, published: Option<&Date>) -> Option<Date> {
    let (py, pm, pd) = published.and_then(ymd)?;
    numbers::stated_dates(text)
        .into_iter()
        .filter_map(|d| {
            let year = d.year.unwrap_or(if (d.month, d.day) > (pm, pd) {
                py - 1
            } else {
                py
            });
            let key = (year, d.month, d.day);
            (key <= (py, pm, pd) && (1900..=2200).contains(&year)).then_some(key)
        })
        .max()
        .map(|(y, m, d)| Date(format!("{y:04}-{m:02}-{d:02}")))
}

/// Every quantity of the site, by slug, with its points.
pub fn quantities(site: &Site) -> Vec<Quantity> {
    let mut by_slug: BTreeMap<&str, Quantity> = BTreeMap::new();
    for &ci in &site.order {
        let c = &site.claims[ci];
        let Some(f) = &c.figure else { continue };
        let q = by_slug
            .entry(f.quantity.as_str())
            .or_insert_with(|| Quantity {
                slug: f.quantity.clone(),
                name: String::new(),
                unit: None,
                claims: Vec::new(),
                points: Vec::new(),
            });
        q.claims.push(ci);
    }
    for q in by_slug.values_mut() {
        let mut claims = q.claims.clone();
        claims.sort_by(|&a, &b| site.claims[a].slug.cmp(&site.claims[b].slug));
        q.unit = claims
            .iter()
            .find_map(|&ci| site.claims[ci].figure.as_ref()?.unit.clone());
        // The claims' words, then their passages' ("Korean" where the claims say "Korea").
        let texts: Vec<&str> = claims
            .iter()
            .flat_map(|&ci| {
                [
                    site.claims[ci].title.as_str(),
                    site.claims[ci].claim.as_str(),
                ]
            })
            .chain(
                claims
                    .iter()
                    .flat_map(|&ci| &site.claims[ci].evidence)
                    .map(|ev| ev.span.exact()),
            )
            .collect();
        q.name = name_from(&q.slug, &texts);
        // Passages by (article, bytes of the figure): one point each.
        let mut passages: BTreeMap<(usize, usize, usize), usize> = BTreeMap::new();
        for ci in claims {
            let c = &site.claims[ci];
            let Some(f) = &c.figure else { continue };
            if let Some((low, high)) = claim_range(f) {
                let (date, date_from) = match (&f.as_of, &c.claim_date) {
                    (Some(d), _) => (Some(d.clone()), DateFrom::AsOf),
                    (None, Some(d)) => (Some(d.clone()), DateFrom::ClaimDate),
                    (None, None) => (None, DateFrom::Undated),
                };
                q.points.push(Point {
                    figure: StatedFigure::set_by_editor(low, high),
                    date,
                    date_from,
                    claim: ci,
                    evidence: None,
                    also: Vec::new(),
                    source: primary_source(site, c, None),
                    article: None,
                    folded_into: None,
                });
            }
            for (ei, ev) in c.evidence.iter().enumerate() {
                let Some(s) = ev.figure.stated() else {
                    continue;
                };
                let a = &site.articles[ev.span.article];
                let at = s.written.clone().unwrap_or(ev.span.orig.clone());
                let key = (ev.span.article, at.start, at.end);
                if let Some(&pi) = passages.get(&key) {
                    let p: &mut Point = &mut q.points[pi];
                    // An editor's date on any link to the passage wins over a read one.
                    if let (Some(d), false) = (&ev.as_of, p.date_from == DateFrom::AsOf) {
                        p.date = Some(d.clone());
                        p.date_from = DateFrom::AsOf;
                    }
                    // The asserting link, if any, speaks for the point.
                    if ev.stance == Stance::Asserts && p.stance(site) != Some(Stance::Asserts) {
                        let old = (p.claim, p.evidence.unwrap_or(0));
                        p.claim = ci;
                        p.evidence = Some(ei);
                        p.also.push(old);
                    } else {
                        p.also.push((ci, ei));
                    }
                    continue;
                }
                let text = ev.span.exact();
                // A copy without a date of its own is as old as its original.
                let published = a
                    .published
                    .as_ref()
                    .or(site.articles[a.origin].published.as_ref());
                let (date, date_from) = match (&ev.as_of, passage_date(text, published)) {
                    (Some(d), _) => (Some(d.clone()), DateFrom::AsOf),
                    (None, Some(d)) => (Some(d), DateFrom::Passage),
                    (None, None) => match published {
                        Some(d) => (Some(d.clone()), DateFrom::Published),
                        None => (None, DateFrom::Undated),
                    },
                };
                passages.insert(key, q.points.len());
                q.points.push(Point {
                    figure: s.clone(),
                    date,
                    date_from,
                    claim: ci,
                    evidence: Some(ei),
                    also: Vec::new(),
                    source: primary_source(site, c, Some(ev)),
                    article: Some(ev.span.article),
                    folded_into: None,
                });
            }
        }
        for p in &mut q.points {
            p.also.sort_unstable();
            p.also.dedup();
        }
        q.points.sort_by(|a, b| {
            let undated = |p: &Point| p.date.is_none();
            undated(a)
                .cmp(&undated(b))
                .then(a.date.cmp(&b.date))
                .then(a.figure.low.total_cmp(&b.figure.low))
                .then(a.figure.high.total_cmp(&b.figure.high))
                .then(a.evidence.is_some().cmp(&b.evidence.is_some()))
                .then(site.claims[a.claim].slug.cmp(&site.claims[b.claim].slug))
                .then(a.evidence.cmp(&b.evidence))
        });
        fold_copies(site, &mut q.points);
    }
    by_slug.into_values().collect()
}

/// A figure from a copy is folded into the same figure, from the same
/// source, in the article it copies (or an earlier copy of the same origin).
fn fold_copies(site: &Site, points: &mut [Point]) {
    // The points of one report (an original and its copies) stating one figure from one source.
    type Key<'a> = (usize, u64, u64, Option<&'a str>);
    let mut reports: BTreeMap<Key<'_>, Vec<usize>> = BTreeMap::new();
    for (i, p) in points.iter().enumerate() {
        if let Some(ai) = p.article {
            let key = (
                site.articles[ai].origin,
                p.figure.low.to_bits(),
                p.figure.high.to_bits(),
                p.source_name(),
            );
            reports.entry(key).or_default().push(i);
        }
    }
    let mut folds: Vec<(usize, usize)> = Vec::new();
    for ((origin, ..), members) in &reports {
        let article = |i: usize| points[i].article.unwrap_or(*origin);
        // Drawn as the original's point, else as the first copy's.
        let Some(&into) = members
            .iter()
            .find(|&&i| article(i) == *origin)
            .or(members.first())
        else {
            continue;
        };
        for &i in members {
            if i != into && site.articles[article(i)].copy_of.is_some() {
                folds.push((i, into));
            }
        }
    }
    for (i, into) in folds {
        points[i].folded_into = Some(into);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quantity_is_named_as_its_claims_write_it() {
        let name = name_from(
            "north-korean-troops-in-russia",
            &["In Russia, 1,500 North Korean troops", "troops in Kursk"],
        );
        assert_eq!(name, "North Korean troops in Russia");
        assert_eq!(name_from("x-y", &[]), "X y");
    }

    #[test]
    fn a_passage_date_is_the_latest_day_it_states_before_publication() {
        let published = Date("2024-10-25".to_string());
        let d = passage_date("between October 8 and 13", Some(&published));
        assert_eq!(d, Some(Date("2024-10-13".to_string())));
        // December without a year, in an article of October: last year's.
        let d = passage_date("on December 2", Some(&published));
        assert_eq!(d, Some(Date("2023-12-02".to_string())));
        assert_eq!(passage_date("on Monday", Some(&published)), None);
        assert_eq!(passage_date("October 8", None), None);
    }
}
