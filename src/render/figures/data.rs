//! The figures as data: one CSV per quantity, for spreadsheets, and
//! `figures.json` (docs/data.md §10).

use serde_json::{Value, json};

use super::{csv_path, point_href, quantity_path};
use crate::model::figures::{DateFrom, Quantity};
use crate::model::{Site, Stance};
use crate::numbers::Qualifier;
use crate::render::jsonld::absolute;

/// Version of the `figures.json` format (docs/data.md). Bump on any change
/// that could break a reader.
pub const FIGURES_JSON_VERSION: u32 = 1;

/// The columns of a quantity's CSV.
pub const CSV_COLUMNS: [&str; 13] = [
    "date",
    "date_source",
    "value",
    "low",
    "high",
    "qualifier",
    "unit",
    "source",
    "article",
    "copy_of",
    "stance",
    "claim",
    "url",
];

/// One CSV field: quoted when it holds a comma, quote or line break; text
/// that a spreadsheet would run as a formula gets a leading apostrophe.
fn csv_field(s: &str, text: bool) -> String {
    let s = if text && s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

fn number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

fn qualifier_id(q: Option<Qualifier>) -> &'static str {
    match q {
        None => "",
        Some(Qualifier::About) => "about",
        Some(Qualifier::Almost) => "almost",
        Some(Qualifier::MoreThan) => "more_than",
        Some(Qualifier::AtLeast) => "at_least",
        Some(Qualifier::UpTo) => "up_to",
        Some(Qualifier::LessThan) => "less_than",
        Some(Qualifier::AtMost) => "at_most",
    }
}

fn date_source_id(d: DateFrom) -> &'static str {
    match d {
        DateFrom::AsOf => "as_of",
        DateFrom::ClaimDate => "claim_date",
        DateFrom::Passage => "passage",
        DateFrom::Published => "published",
        DateFrom::Undated => "",
    }
}

/// `figures/<quantity>.csv`: one row per figure, in the table's order.
pub fn quantity_csv(site: &Site, q: &Quantity) -> String {
    let mut out = CSV_COLUMNS.join(",");
    out.push_str("\r\n");
    for p in &q.points {
        let c = &site.claims[p.claim];
        let article = p.article.map(|ai| &site.articles[ai]);
        let fields = [
            (
                p.date.as_ref().map(|d| d.0.clone()).unwrap_or_default(),
                false,
            ),
            (date_source_id(p.date_from).to_string(), false),
            (
                if p.figure.high > p.figure.low {
                    String::new()
                } else {
                    number(p.figure.low)
                },
                false,
            ),
            (number(p.figure.low), false),
            (number(p.figure.high), false),
            (qualifier_id(p.figure.qualifier).to_string(), false),
            (q.unit.clone().unwrap_or_default(), true),
            (p.source_name().unwrap_or_default().to_string(), true),
            (article.map(|a| a.slug.clone()).unwrap_or_default(), true),
            (
                article
                    .and_then(|a| a.copy_of)
                    .map(|ai| site.articles[ai].slug.clone())
                    .unwrap_or_default(),
                true,
            ),
            (
                p.stance(site).map_or("claim", Stance::id).to_string(),
                false,
            ),
            (c.slug.clone(), true),
            (absolute(site, &point_href(site, p, "")), true),
        ];
        let row: Vec<String> = fields.iter().map(|(f, t)| csv_field(f, *t)).collect();
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}

/// `figures.json`: every quantity with its points.
pub fn figures_json(site: &Site) -> String {
    let quantities: Vec<Value> = site
        .quantities
        .iter()
        .map(|q| {
            let points: Vec<Value> = q
                .points
                .iter()
                .map(|p| {
                    let c = &site.claims[p.claim];
                    let article = p.article.map(|ai| &site.articles[ai]);
                    let written = p.written_words(site);
                    json!({
                        "kind": if p.evidence.is_some() { "passage" } else { "claim" },
                        "date": p.date,
                        "date_source": match p.date_from { DateFrom::Undated => None, d => Some(date_source_id(d)) },
                        "value": (p.figure.high <= p.figure.low).then_some(p.figure.low),
                        "low": p.figure.low,
                        "high": p.figure.high,
                        "qualifier": p.figure.qualifier,
                        "currency": p.figure.currency,
                        "written": written,
                        "set_by_editor": p.figure.by_editor && p.evidence.is_some(),
                        "source": p.source_name(),
                        "source_url": p.source.as_ref().and_then(|s| s.source).map(|i| absolute(site, &format!("sources/{}/", site.sources.sources[i].slug))),
                        "claim": c.slug,
                        "evidence": p.evidence.map(|ei| c.evidence[ei].k),
                        "stance": p.stance(site).map(Stance::id),
                        "also": p.also.iter().map(|&(ci, ei)| json!({"claim": site.claims[ci].slug, "evidence": site.claims[ci].evidence[ei].k})).collect::<Vec<_>>(),
                        "article": article.map(|a| &a.slug),
                        "copy_of": article.and_then(|a| a.copy_of).map(|ai| &site.articles[ai].slug),
                        "folded_into": p.folded_into,
                        "url": absolute(site, &point_href(site, p, "")),
                    })
                })
                .collect();
            json!({
                "slug": q.slug,
                "name": q.name(),
                "unit": q.unit,
                "url": absolute(site, &quantity_path(q)),
                "csv": absolute(site, &csv_path(q)),
                "claims": q.claims.iter().map(|&ci| &site.claims[ci].slug).collect::<Vec<_>>(),
                "points": points,
            })
        })
        .collect();
    let doc = json!({
        "version": FIGURES_JSON_VERSION,
        "site": {"title": site.config.title, "url": absolute(site, "")},
        "quantities": quantities,
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_formulas_defused() {
        assert_eq!(csv_field("plain", true), "plain");
        assert_eq!(csv_field("a, \"b\"", true), "\"a, \"\"b\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(1)", true), "'=HYPERLINK(1)");
        assert_eq!(csv_field("-5", false), "-5");
    }
}
