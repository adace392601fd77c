//! The figures of the site: a page per quantity (chart, table, claims),
//! the `/figures/` index, one CSV per quantity and `figures.json`.

use serde::Serialize;

mod data;

pub use data::{CSV_COLUMNS, FIGURES_JSON_VERSION, figures_json, quantity_csv};

use super::Ctx;
use super::chart::{self, ChartPoint};
use super::pages::{current, home_crumb};
use super::views::*;
use crate::model::figures::{Point, Quantity};
use crate::model::{Site, Stance};
use crate::numbers::Qualifier;

/// A quantity in a listing.
#[derive(Clone, Debug, Serialize)]
pub struct QuantitySummary {
    pub href: String,
    pub label: String,
    pub unit: Option<String>,
    /// How many figures, dated or not.
    pub count: usize,
    /// "1,500 to 12,000".
    pub span: String,
    /// "2024-10-13 to 2024-12-23", or none.
    pub dates: Option<String>,
}

/// One row of a quantity's table.
#[derive(Clone, Debug, Serialize)]
pub struct PointRow {
    pub anchor: String,
    pub date: Option<String>,
    /// Which date it is: "as of", "stated in the passage", ...
    pub date_from: &'static str,
    /// The figure: "about 3,000", "10,000–12,000".
    pub figure: String,
    /// The words it was read from, as they stand.
    pub written: Option<String>,
    pub by_editor: bool,
    pub source: String,
    /// The source's page in the registry, when it is one.
    pub source_href: Option<String>,
    pub shape_html: String,
    /// A claim's own figure rather than a passage's.
    pub is_claim: bool,
    pub claim: LinkView,
    pub rating: String,
    pub stance: Option<&'static str>,
    pub stance_label: Option<&'static str>,
    pub article: Option<LinkView>,
    /// The passage: "¶7", linking to its spot on the article page.
    pub passage: Option<LinkView>,
    pub copy_of: Option<LinkView>,
    /// Drawn as the same figure in the article this one copies.
    pub folded: bool,
    pub charted: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct LegendItem {
    pub icon_html: String,
    pub label: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct QuantityView {
    pub site: SiteView,
    pub breadcrumbs: Vec<LinkView>,
    pub title: String,
    pub description: String,
    pub unit: Option<String>,
    pub chart_html: String,
    /// The trend in words (also the chart's description).
    pub trend: String,
    pub legend: Vec<LegendItem>,
    pub claim_icon: String,
    pub passage_icon: String,
    pub rows: Vec<PointRow>,
    pub uncharted: usize,
    pub claims: Vec<ClaimSummary>,
    pub csv_href: String,
    pub json_href: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct FiguresView {
    pub site: SiteView,
    pub breadcrumbs: Vec<LinkView>,
    pub title: String,
    pub description: String,
    pub quantities: Vec<QuantitySummary>,
    pub json_href: String,
}

/// "about 3,000", "more than 3,000", "10,000–12,000", "$2,000".
pub fn figure_label(
    low: f64,
    high: f64,
    qualifier: Option<Qualifier>,
    currency: Option<&str>,
) -> String {
    let sign = match currency {
        Some("USD") => "$",
        Some("EUR") => "€",
        Some("GBP") => "£",
        _ => "",
    };
    let value = if high > low {
        format!(
            "{sign}{}–{sign}{}",
            chart::number_text(low),
            chart::number_text(high)
        )
    } else {
        format!("{sign}{}", chart::number_text(low))
    };
    let q = match qualifier {
        None => "",
        Some(Qualifier::About) => "about ",
        Some(Qualifier::Almost) => "almost ",
        Some(Qualifier::MoreThan) => "more than ",
        Some(Qualifier::AtLeast) => "at least ",
        Some(Qualifier::UpTo) => "up to ",
        Some(Qualifier::LessThan) => "less than ",
        Some(Qualifier::AtMost) => "at most ",
    };
    let code = match currency {
        Some(c) if sign.is_empty() => format!(" {c}"),
        _ => String::new(),
    };
    format!("{q}{value}{code}")
}

/// Where a quantity's page is, from the root.
pub fn quantity_path(q: &Quantity) -> String {
    format!("figures/{}/", q.slug)
}

/// Where a quantity's CSV is, from the root.
pub fn csv_path(q: &Quantity) -> String {
    format!("figures/{}.csv", q.slug)
}

fn point_label(p: &Point) -> String {
    figure_label(
        p.figure.low,
        p.figure.high,
        p.figure.qualifier,
        p.figure.currency,
    )
}

/// The link of a point: its passage on the article page, or the claim.
fn point_href(site: &Site, p: &Point, root: &str) -> String {
    let c = &site.claims[p.claim];
    match (p.evidence, p.article) {
        (Some(ei), Some(ai)) => format!(
            "{root}articles/{}/#ev-{}-{}",
            site.articles[ai].slug, c.slug, c.evidence[ei].k
        ),
        _ => format!("{root}claims/{}/", c.slug),
    }
}

fn day_of(date: &str) -> Option<i64> {
    let mut it = date.split('-');
    let y: i64 = it.next()?.parse().ok()?;
    let m: u32 = it.next()?.parse().ok()?;
    let d: u32 = it.next()?.parse().ok()?;
    Some(chart::days(y, m, d))
}

/// The sources of the charted points, in order of first appearance: their shapes.
fn chart_sources(q: &Quantity) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for p in q.points.iter().filter(|p| charted(p)) {
        let s = source_name(p);
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

fn charted(p: &Point) -> bool {
    p.date.is_some() && p.folded_into.is_none()
}

fn source_name(p: &Point) -> String {
    p.source_name().unwrap_or("unattributed").to_string()
}

/// The trend in words: first and last figures, lowest and highest, how many.
pub fn trend(q: &Quantity) -> String {
    let dated: Vec<&Point> = q.points.iter().filter(|p| charted(p)).collect();
    let unit = q
        .unit
        .as_deref()
        .map(|u| format!(" {u}"))
        .unwrap_or_default();
    let (Some(first), Some(last)) = (dated.first(), dated.last()) else {
        return format!("No dated figure of {} yet.", q.name().to_lowercase());
    };
    let say = |p: &Point| {
        format!(
            "{}{unit} ({}, {})",
            point_label(p),
            source_name(p),
            p.date.as_ref().map(|d| d.0.as_str()).unwrap_or("")
        )
    };
    let sources = chart_sources(q).len();
    let mid = |p: &Point| (p.figure.low + p.figure.high) / 2.0;
    let direction = if mid(last) > mid(first) * 1.05 {
        "rising"
    } else if mid(last) < mid(first) * 0.95 {
        "falling"
    } else {
        "about level"
    };
    let low = dated
        .iter()
        .min_by(|a, b| a.figure.low.total_cmp(&b.figure.low))
        .map(|p| chart::number_text(p.figure.low))
        .unwrap_or_default();
    let high = dated
        .iter()
        .max_by(|a, b| a.figure.high.total_cmp(&b.figure.high))
        .map(|p| chart::number_text(p.figure.high))
        .unwrap_or_default();
    if dated.len() == 1 {
        return format!("One dated figure: {}.", say(first));
    }
    format!(
        "{} figures from {sources} source{} between {} and {}, {direction}: from {} to {}. The lowest is {low}, the highest {high}.",
        dated.len(),
        if sources == 1 { "" } else { "s" },
        first.date.as_ref().map(|d| d.0.as_str()).unwrap_or(""),
        last.date.as_ref().map(|d| d.0.as_str()).unwrap_or(""),
        say(first),
        say(last)
    )
}

pub fn quantity_summary(q: &Quantity, root: &str) -> QuantitySummary {
    let low = q
        .points
        .iter()
        .map(|p| p.figure.low)
        .fold(f64::INFINITY, f64::min);
    let high = q
        .points
        .iter()
        .map(|p| p.figure.high)
        .fold(f64::NEG_INFINITY, f64::max);
    let span = if q.points.is_empty() {
        String::new()
    } else if high > low {
        format!(
            "{} to {}",
            chart::number_text(low),
            chart::number_text(high)
        )
    } else {
        chart::number_text(low)
    };
    let dates: Vec<&str> = q
        .points
        .iter()
        .filter_map(|p| p.date.as_ref().map(|d| d.0.as_str()))
        .collect();
    QuantitySummary {
        href: format!("{root}{}", quantity_path(q)),
        label: q.name(),
        unit: q.unit.clone(),
        count: q.points.len(),
        span,
        dates: match (dates.iter().min(), dates.iter().max()) {
            (Some(a), Some(b)) if a != b => Some(format!("{a} to {b}")),
            (Some(a), _) => Some(a.to_string()),
            _ => None,
        },
    }
}

fn stance_word(s: Stance) -> &'static str {
    match s {
        Stance::Asserts => "Asserts",
        Stance::Denies => "Denies",
        Stance::Qualifies => "Qualifies",
    }
}

/// The figure evidence `ei` of claim `c` states for the claim's quantity,
/// linking to its row (`#f<n>`) on the quantity's page.
pub fn evidence_figure_link(
    site: &Site,
    c: &crate::model::Claim,
    ei: usize,
    root: &str,
) -> Option<LinkView> {
    let s = c.evidence[ei].figure.stated()?;
    let q = &site.quantities[site.quantity(&c.figure.as_ref()?.quantity)?];
    let ci = site
        .claims
        .binary_search_by(|x| x.slug.as_str().cmp(&c.slug))
        .ok()?;
    let row = q
        .points
        .iter()
        .position(|p| (p.claim == ci && p.evidence == Some(ei)) || p.also.contains(&(ci, ei)))?;
    Some(LinkView {
        href: format!("{root}{}#f{}", quantity_path(q), row + 1),
        label: figure_label(s.low, s.high, s.qualifier, s.currency),
    })
}

impl Ctx<'_> {
    pub(super) fn figures_view(&self) -> FiguresView {
        let root = "../";
        let mut site_view = self.site_view(root, "figures/");
        site_view.share = super::share::figures(self.site);
        FiguresView {
            site: site_view,
            breadcrumbs: vec![home_crumb(root), current("Figures")],
            title: "Figures".to_string(),
            description: "Every quantity the claims count, with each figure the claims and their passages state for it, by date and source.".to_string(),
            quantities: self
                .site
                .quantities
                .iter()
                .map(|q| quantity_summary(q, root))
                .collect(),
            json_href: format!("{root}figures.json"),
        }
    }

    pub(super) fn quantity_view(&self, qi: usize) -> QuantityView {
        let root = "../../";
        let site = self.site;
        let q = &site.quantities[qi];
        let sources = chart_sources(q);
        let shape = |p: &Point| {
            let name = source_name(p);
            sources.iter().position(|s| *s == name)
        };
        let unit = q
            .unit
            .as_deref()
            .map(|u| format!(" {u}"))
            .unwrap_or_default();
        let mut rows = Vec::new();
        let mut points = Vec::new();
        for (i, p) in q.points.iter().enumerate() {
            let c = &site.claims[p.claim];
            let stance = p.stance(site);
            let article = p.article.map(|ai| &site.articles[ai]);
            let written = p.written_words(site);
            let passage_text = match (p.evidence, article) {
                (Some(ei), Some(_)) => c.evidence[ei].span.exact().to_string(),
                _ => c.claim.clone(),
            };
            let label = point_label(p);
            let href = point_href(site, p, root);
            let location = match (p.evidence, article) {
                (Some(ei), Some(a)) => Some(LinkView {
                    href: href.clone(),
                    label: a.blocks[c.evidence[ei].span.first_block].label(&a.seed.text),
                }),
                _ => None,
            };
            if let Some(day) = p
                .date
                .as_ref()
                .and_then(|d| day_of(&d.0))
                .filter(|_| charted(p))
            {
                points.push(ChartPoint {
                    day,
                    low: p.figure.low,
                    high: p.figure.high,
                    qualifier: p.figure.qualifier,
                    claim: p.evidence.is_none(),
                    source: shape(p).unwrap_or(0),
                    label: label.clone(),
                    href: href.clone(),
                    title: format!(
                        "{label}{unit}: {}, {} ({}){}",
                        source_name(p),
                        p.date.as_ref().map(|d| d.0.as_str()).unwrap_or(""),
                        p.date_from.label(),
                        match article {
                            Some(a) => format!(", in “{}”", a.title),
                            None => format!(", the figure of the claim “{}”", c.title),
                        }
                    ),
                    passage: passage_text,
                });
            }
            rows.push(PointRow {
                anchor: format!("f{}", i + 1),
                date: p.date.as_ref().map(ToString::to_string),
                date_from: p.date_from.label(),
                figure: label,
                written,
                by_editor: p.figure.by_editor && p.evidence.is_some(),
                source: source_name(p),
                source_href: p
                    .source
                    .as_ref()
                    .and_then(|s| s.source)
                    .map(|i| format!("{root}sources/{}/", site.sources.sources[i].slug)),
                shape_html: shape(p)
                    .map(|s| chart::shape_icon(s, p.evidence.is_none()))
                    .unwrap_or_default(),
                is_claim: p.evidence.is_none(),
                claim: LinkView {
                    href: format!("{root}claims/{}/", c.slug),
                    label: c.title.clone(),
                },
                rating: site.config.ratings[c.rating].label.clone(),
                stance: stance.map(Stance::id),
                stance_label: stance.map(stance_word),
                article: p.article.map(|ai| article_link(site, ai, root)),
                passage: location,
                copy_of: article
                    .and_then(|a| a.copy_of)
                    .map(|ai| article_link(site, ai, root)),
                folded: p.folded_into.is_some(),
                charted: charted(p),
            });
        }
        let title = q.name();
        let trend = trend(q);
        let mut site_view = self.site_view(root, &quantity_path(q));
        site_view.share = super::share::quantity(q, trend.clone());
        QuantityView {
            site: site_view,
            breadcrumbs: vec![
                home_crumb(root),
                LinkView {
                    href: format!("{root}figures/"),
                    label: "Figures".to_string(),
                },
                current(&title),
            ],
            description: format!(
                "{} figures of {} from the claims and the passages they link, by date and source.",
                q.points.len(),
                title.to_lowercase()
            ),
            chart_html: if points.is_empty() {
                String::new()
            } else {
                chart::svg(&format!("{title}: every figure by date"), &trend, &points)
            },
            trend,
            title,
            unit: q.unit.clone(),
            legend: sources
                .iter()
                .enumerate()
                .map(|(i, s)| LegendItem {
                    icon_html: chart::shape_icon(i, false),
                    label: s.clone(),
                })
                .collect(),
            claim_icon: chart::shape_icon(0, true),
            passage_icon: chart::shape_icon(0, false),
            uncharted: rows.iter().filter(|r| !r.charted).count(),
            rows,
            claims: q
                .claims
                .iter()
                .map(|&ci| claim_summary(site, &site.claims[ci], root))
                .collect(),
            csv_href: format!("../{}.csv", q.slug),
            json_href: format!("{root}figures.json"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figure_labels() {
        assert_eq!(
            figure_label(3000.0, 3000.0, Some(Qualifier::About), None),
            "about 3,000"
        );
        assert_eq!(figure_label(10000.0, 12000.0, None, None), "10,000–12,000");
        assert_eq!(figure_label(2000.0, 2000.0, None, Some("USD")), "$2,000");
        assert_eq!(figure_label(2000.0, 2000.0, None, Some("KRW")), "2,000 KRW");
    }
}
