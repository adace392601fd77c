//! The machine-readable files of the site: the Atom feed, the sitemap,
//! robots.txt, `claims.json` and the W3C Web Annotations. The search
//! index is `crate::search`.

use std::io::{self, Write};

use rayon::prelude::*;
use serde_json::{Value, json};

use super::anchors::PageAnchors;
use super::escape;
use super::jsonld::absolute;
use crate::model::{Claim, Site};

/// `claims.json` and the Web Annotations are serialised this many claims at
/// a time, in parallel, and written before the next: neither file is ever
/// whole in memory (the annotations: 310 MB at 100,000 articles).
const CLAIMS_AT_A_TIME: usize = 1024;

/// The lines `lines` makes of each claim, claims in the given order (the
/// site's, `Site::order`): made in parallel [`CLAIMS_AT_A_TIME`] claims at a
/// time, each batch given in order before the next is made.
pub(super) fn claim_lines<'a, I>(
    order: &'a [usize],
    lines: impl Fn(usize) -> I + Sync + 'a,
) -> impl Iterator<Item = String> + 'a
where
    I: IntoIterator<Item = String>,
{
    order.chunks(CLAIMS_AT_A_TIME).flat_map(move |batch| {
        batch
            .par_iter()
            .flat_map_iter(|&ci| lines(ci))
            .collect::<Vec<String>>()
    })
}

/// Version of the `claims.json` format (docs/data.md). Bump on any change
/// that could break a reader.
pub const CLAIMS_JSON_VERSION: u32 = 1;

/// The JSON Schemas of the data files, published under `schemas/`.
const CLAIMS_SCHEMA: &str = include_str!("../../docs/schemas/claims.v1.json");
const ANNOTATIONS_SCHEMA: &str = include_str!("../../docs/schemas/annotations.v1.json");
const SEARCH_INDEX_SCHEMA: &str = include_str!("../../docs/schemas/search-index.v1.json");
const FIGURES_SCHEMA: &str = include_str!("../../docs/schemas/figures.v1.json");

/// Which file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum File {
    Atom,
    Sitemap,
    Robots,
    ClaimsJson,
    Annotations,
    ClaimsSchema,
    AnnotationsSchema,
    SearchIndexSchema,
    FiguresJson,
    FiguresSchema,
}

impl File {
    pub const ALL: [File; 10] = [
        File::Atom,
        File::Sitemap,
        File::Robots,
        File::ClaimsJson,
        File::Annotations,
        File::ClaimsSchema,
        File::AnnotationsSchema,
        File::SearchIndexSchema,
        File::FiguresJson,
        File::FiguresSchema,
    ];

    pub fn path(self) -> &'static str {
        match self {
            File::Atom => "atom.xml",
            File::Sitemap => "sitemap.xml",
            File::Robots => "robots.txt",
            File::ClaimsJson => "claims.json",
            File::Annotations => "annotations.jsonld",
            File::ClaimsSchema => "schemas/claims.v1.json",
            File::AnnotationsSchema => "schemas/annotations.v1.json",
            File::SearchIndexSchema => "schemas/search-index.v1.json",
            File::FiguresJson => "figures.json",
            File::FiguresSchema => "schemas/figures.v1.json",
        }
    }

    /// Writes the file to `out`: `claims.json` and the Web Annotations a
    /// claim at a time, as they are made. `pages` are the paths of every
    /// HTML page built, `anchors` where the passages stand on the article
    /// pages.
    pub fn write(
        self,
        site: &Site,
        pages: &[String],
        anchors: &PageAnchors,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let text = match self {
            File::Atom => atom(site),
            File::Sitemap => sitemap(site, pages),
            File::Robots => format!(
                "User-agent: *\nAllow: /\n\nSitemap: {}\n",
                absolute(site, "sitemap.xml")
            ),
            File::ClaimsJson => return claims_json(site, out),
            File::Annotations => return super::annotations::write(site, anchors, out),
            File::ClaimsSchema => CLAIMS_SCHEMA.to_string(),
            File::AnnotationsSchema => ANNOTATIONS_SCHEMA.to_string(),
            File::SearchIndexSchema => SEARCH_INDEX_SCHEMA.to_string(),
            File::FiguresJson => super::figures::figures_json(site),
            File::FiguresSchema => FIGURES_SCHEMA.to_string(),
        };
        out.write_all(text.as_bytes())
    }
}

/// A JSON document whose array at `path` holds a long list of items, already
/// serialised: the head and tail are written around them, one per line, so
/// the whole document never exists in memory.
pub(super) fn json_with_lines(
    head: Value,
    path: &[&str],
    lines: impl Iterator<Item = String>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let (before, after) = skeleton(head, path);
    out.write_all(before.as_bytes())?;
    out.write_all(b"[\n")?;
    for (i, line) in lines.enumerate() {
        if i > 0 {
            out.write_all(b",\n")?;
        }
        out.write_all(line.as_bytes())?;
    }
    out.write_all(b"\n]")?;
    out.write_all(after.as_bytes())?;
    out.write_all(b"\n")
}

/// `head` written as JSON, split where the array at `path` goes.
fn skeleton(mut head: Value, path: &[&str]) -> (String, String) {
    const HOLE: &str = "\"__ITEMS__\"";
    let mut slot = &mut head;
    for key in path {
        slot = &mut slot[*key];
    }
    *slot = json!("__ITEMS__");
    let skeleton = serde_json::to_string(&head).unwrap_or_default();
    let (before, after) = skeleton.split_once(HOLE).unwrap_or((&skeleton, ""));
    (before.to_string(), after.to_string())
}

/// An RFC 3339 time for a date: midnight UTC.
pub(super) fn timestamp(date: &str) -> String {
    format!("{date}T00:00:00Z")
}

pub(super) fn claim_url(site: &Site, c: &Claim) -> String {
    absolute(site, &format!("claims/{}/", c.slug))
}

/// The Atom feed: one entry per claim, newest change first.
fn atom(site: &Site) -> String {
    let mut claims: Vec<&Claim> = site.claims.iter().collect();
    let updated = |c: &Claim| c.modified().unwrap_or(&c.published).0.clone();
    claims.sort_by(|a, b| updated(b).cmp(&updated(a)).then(a.slug.cmp(&b.slug)));
    let feed_updated = claims
        .first()
        .map(|c| updated(c))
        .unwrap_or_else(|| "1970-01-01".to_string());
    let e = escape::html;
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n",
    );
    x.push_str(&format!("  <title>{}</title>\n", e(&site.config.title)));
    if !site.config.description.is_empty() {
        x.push_str(&format!(
            "  <subtitle>{}</subtitle>\n",
            e(&site.config.description)
        ));
    }
    x.push_str(&format!("  <id>{}</id>\n", e(&absolute(site, ""))));
    x.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        e(&absolute(site, ""))
    ));
    x.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        e(&absolute(site, "atom.xml"))
    ));
    x.push_str(&format!(
        "  <updated>{}</updated>\n",
        timestamp(&feed_updated)
    ));
    let author = site
        .config
        .publisher
        .as_ref()
        .map_or(site.config.title.as_str(), |p| p.name.as_str());
    x.push_str(&format!("  <author><name>{}</name></author>\n", e(author)));
    x.push_str("  <generator>attest</generator>\n");
    for c in claims {
        let url = claim_url(site, c);
        let rating = &site.config.ratings[c.rating].label;
        x.push_str("  <entry>\n");
        x.push_str(&format!(
            "    <title>{}</title>\n",
            e(&format!("{rating}: {}", c.title))
        ));
        x.push_str(&format!("    <id>{}</id>\n", e(&url)));
        x.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            e(&url)
        ));
        x.push_str(&format!(
            "    <published>{}</published>\n",
            timestamp(&c.published.0)
        ));
        x.push_str(&format!(
            "    <updated>{}</updated>\n",
            timestamp(&updated(c))
        ));
        for tag in &c.tags {
            x.push_str(&format!("    <category term=\"{}\"/>\n", e(tag)));
        }
        let mut summary = format!("{rating}. {} Claimed by {}.", c.claim, c.claimant);
        for ch in c.changes.iter().rev() {
            summary.push_str(&format!(" Update {}: {}", ch.date, ch.note));
        }
        x.push_str(&format!("    <summary>{}</summary>\n", e(&summary)));
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    x
}

/// Every HTML page of the site, with the date of the last change of claims.
fn sitemap(site: &Site, pages: &[String]) -> String {
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut pages: Vec<&String> = pages.iter().filter(|p| p.ends_with("index.html")).collect();
    pages.sort();
    for p in pages {
        let path = p.trim_end_matches("index.html");
        x.push_str(&format!(
            "  <url><loc>{}</loc>",
            escape::html(&absolute(site, path))
        ));
        let claim = path
            .strip_prefix("claims/")
            .map(|s| s.trim_end_matches('/'))
            .and_then(|slug| {
                site.claims
                    .binary_search_by(|c| c.slug.as_str().cmp(slug))
                    .ok()
            })
            .map(|i| &site.claims[i]);
        if let Some(c) = claim {
            x.push_str(&format!(
                "<lastmod>{}</lastmod>",
                c.modified().unwrap_or(&c.published)
            ));
        }
        x.push_str("</url>\n");
    }
    x.push_str("</urlset>\n");
    x
}

/// Per stance: passages shown, independent reports and primary sources.
fn independence_json(site: &Site, c: &Claim) -> Vec<Value> {
    crate::model::independence::count(site, c)
        .into_iter()
        .map(|s| {
            let primary: Vec<Value> = s
                .primary
                .iter()
                .map(|p| match p {
                    crate::model::independence::Primary::Known(i) => {
                        let src = &site.sources.sources[*i];
                        json!({"source": src.slug, "name": src.name})
                    }
                    crate::model::independence::Primary::Named(_, name) => {
                        json!({"source": null, "name": name})
                    }
                })
                .collect();
            json!({
                "stance": s.stance.id(),
                "passages": s.passages,
                "reports": s.reports,
                "primary_sources": primary,
                "summary": s.line(site),
            })
        })
        .collect()
}

/// One evidence link in `claims.json` (docs/data.md §2.6): a typed struct,
/// not a `json!` tree, as there is one for each of the site's links. Its
/// fields are declared in the order of their names, the order the file has
/// always had (a JSON object's keys sorted).
#[derive(serde::Serialize)]
struct EvidenceJson<'a> {
    article: &'a str,
    attributed_to: Option<&'a str>,
    attribution_inferred: bool,
    end_byte: usize,
    end_char: usize,
    exact: &'a str,
    figure: Value,
    id: String,
    k: usize,
    location: String,
    note: Option<&'a str>,
    paragraph: Option<u32>,
    seed: &'a str,
    sources: Vec<CitedJson<'a>>,
    stance: &'static str,
    start_byte: usize,
    start_char: usize,
    url: String,
}

#[derive(serde::Serialize)]
struct CitedJson<'a> {
    name: &'a str,
    source: Option<&'a str>,
}

/// `claims.json`: every claim with its rating and resolved evidence.
fn claims_json(site: &Site, out: &mut dyn Write) -> io::Result<()> {
    let ratings: Vec<Value> = site
        .config
        .ratings
        .iter()
        .map(|r| json!({"id": r.id.get_ref(), "label": r.label, "value": r.value.get_ref(), "description": r.description}))
        .collect();
    let claim_line = |ci: usize| -> String {
        let c = &site.claims[ci];
        let rating = &site.config.ratings[c.rating];
        let evidence: Vec<EvidenceJson> = c
            .evidence
            .iter()
            .map(|ev| {
                let a = &site.articles[ev.span.article];
                let block = &a.blocks[ev.span.first_block];
                EvidenceJson {
                    article: &a.slug,
                    attributed_to: ev.attributed_to.as_deref(),
                    attribution_inferred: ev.attribution_inferred,
                    end_byte: ev.span.orig.end,
                    end_char: ev.span.chars.end,
                    exact: ev.span.exact(),
                    figure: evidence_figure(ev, &a.seed.text),
                    id: format!("ev-{}-{}", c.slug, ev.k),
                    k: ev.k,
                    location: block.label(&a.seed.text),
                    note: ev.note.as_ref().map(|(n, _)| n.as_str()),
                    paragraph: block.number,
                    seed: &a.seed.name,
                    sources: ev
                        .cited
                        .iter()
                        .map(|c| CitedJson {
                            name: &c.name,
                            source: c.source.map(|i| site.sources.sources[i].slug.as_str()),
                        })
                        .collect(),
                    stance: ev.stance.id(),
                    start_byte: ev.span.orig.start,
                    start_char: ev.span.chars.start,
                    url: absolute(
                        site,
                        &format!("articles/{}/#ev-{}-{}", a.slug, c.slug, ev.k),
                    ),
                }
            })
            .collect();
        json!({
            "slug": c.slug,
            "url": claim_url(site, c),
            "title": c.title,
            "claim": c.claim,
            "claimant": c.claimant,
            "claim_date": c.claim_date,
            "published": c.published,
            "modified": c.modified(),
            "tags": c.tags,
            "rating": {"id": rating.id.get_ref(), "label": rating.label, "value": rating.value.get_ref()},
            "verdict": c.verdict,
            "independence": independence_json(site, c),
            "changes": c.changes.iter().map(|ch| json!({"date": ch.date, "note": ch.note})).collect::<Vec<_>>(),
            "figure": c.figure.as_ref().map(|f| json!({
                "quantity": f.quantity,
                "url": absolute(site, &format!("figures/{}/", f.quantity)),
                "value": f.value,
                "low": f.low.or(f.value),
                "high": f.high.or(f.value),
                "unit": f.unit,
                "as_of": f.as_of,
            })),
            "evidence": evidence,
        })
        .to_string()
    };
    let articles: Vec<Value> = site
        .articles
        .iter()
        .map(|a| {
            json!({
                "slug": a.slug,
                "url": absolute(site, &format!("articles/{}/", a.slug)),
                "title": a.title,
                "seed": a.seed.name,
                "outlet": a.outlet,
                "original_outlet": a.original_outlet,
                "source_url": a.url,
                "published": a.published,
                "copy_of": a.copy_of.map(|i| &site.articles[i].slug),
            })
        })
        .collect();
    let sources: Vec<Value> = site
        .sources
        .sources
        .iter()
        .map(|s| {
            json!({
                "slug": s.slug,
                "url": absolute(site, &format!("sources/{}/", s.slug)),
                "name": s.name,
                "aliases": s.aliases,
                "kind": s.kind,
                "part_of": s.part_of.map(|p| &site.sources.sources[p].slug),
                "counted_as": site.sources.sources[s.counted_as].slug,
                "affiliation": s.affiliation.map(|a| site.config.affiliations[a].id.get_ref()),
            })
        })
        .collect();
    let head = json!({
        "version": CLAIMS_JSON_VERSION,
        "site": {"title": site.config.title, "url": absolute(site, "")},
        "ratings": ratings,
        "sources": sources,
        "articles": articles,
        "claims": [],
    });
    // The last big file of a build: made on every core.
    let lines = claim_lines(&site.order, |ci| std::iter::once(claim_line(ci)));
    json_with_lines(head, &["claims"], lines, out)
}

/// The figure an evidence passage states for its claim's quantity, in
/// `claims.json`: `null` when the claim has no `[figure]` or the passage
/// states no number; else its `status` (`stated`, `off` for `figure =
/// false`, `ambiguous`) and, when stated, the figure.
fn evidence_figure(ev: &crate::model::Evidence, text: &crate::load::SeedText) -> Value {
    use crate::model::figures::PassageFigure;
    let status = |s: &str| json!({"status": s, "low": null, "high": null, "qualifier": null, "currency": null, "written": null, "set_by_editor": false});
    match &ev.figure {
        PassageFigure::None => Value::Null,
        PassageFigure::Off => status("off"),
        PassageFigure::Ambiguous(_) => status("ambiguous"),
        PassageFigure::Stated(s) => json!({
            "status": "stated",
            "low": s.low,
            "high": s.high,
            "qualifier": s.qualifier,
            "currency": s.currency,
            "written": s.written.as_ref().map(|w| ev.span.words(w, text)),
            "set_by_editor": s.by_editor,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claim_lines_keep_the_order_across_batches() {
        // Three batches and a bit, in an order that is not the claims' own.
        let order: Vec<usize> = (0..3 * CLAIMS_AT_A_TIME + 5).rev().collect();
        let lines: Vec<String> =
            claim_lines(&order, |ci| (0..ci % 3).map(move |k| format!("{ci}.{k}"))).collect();
        let expected: Vec<String> = order
            .iter()
            .flat_map(|&ci| (0..ci % 3).map(move |k| format!("{ci}.{k}")))
            .collect();
        assert_eq!(lines, expected);
    }
}
