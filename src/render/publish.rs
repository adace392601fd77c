//! The machine-readable files of the site: the Atom feed, the sitemap,
//! robots.txt, `claims.json` and the W3C Web Annotations. The search
//! index is `crate::search`.

use serde_json::{Value, json};

use super::escape;
use super::jsonld::absolute;
use crate::model::{Claim, Site};

/// Version of the `claims.json` format (docs/data.md). Bump on any change
/// that could break a reader.
pub const CLAIMS_JSON_VERSION: u32 = 1;

/// Characters of context around a quote in a TextQuoteSelector.
const CONTEXT_CHARS: usize = 32;

/// Which file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum File {
    Atom,
    Sitemap,
    Robots,
    ClaimsJson,
    Annotations,
}

impl File {
    pub const ALL: [File; 5] = [
        File::Atom,
        File::Sitemap,
        File::Robots,
        File::ClaimsJson,
        File::Annotations,
    ];

    pub fn path(self) -> &'static str {
        match self {
            File::Atom => "atom.xml",
            File::Sitemap => "sitemap.xml",
            File::Robots => "robots.txt",
            File::ClaimsJson => "claims.json",
            File::Annotations => "annotations.jsonld",
        }
    }

    /// The file's contents; `pages` are the paths of every HTML page built.
    pub fn render(self, site: &Site, pages: &[String]) -> String {
        match self {
            File::Atom => atom(site),
            File::Sitemap => sitemap(site, pages),
            File::Robots => format!(
                "User-agent: *\nAllow: /\n\nSitemap: {}\n",
                absolute(site, "sitemap.xml")
            ),
            File::ClaimsJson => claims_json(site),
            File::Annotations => annotations(site),
        }
    }
}

/// A JSON document whose `key` holds a long array: the head and tail are
/// written around the items, one per line, each serialised as soon as it is
/// made, so the whole document never exists as a tree in memory.
fn json_with_items(head: Value, path: &[&str], items: impl Iterator<Item = Value>) -> String {
    const HOLE: &str = "\"__ITEMS__\"";
    let mut head = head;
    let mut slot = &mut head;
    for key in path {
        slot = &mut slot[*key];
    }
    *slot = json!("__ITEMS__");
    let skeleton = serde_json::to_string(&head).unwrap_or_default();
    let (before, after) = skeleton.split_once(HOLE).unwrap_or((&skeleton, ""));
    let mut out = String::from(before);
    out.push_str("[\n");
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.push_str(",\n");
        }
        out.push_str(&serde_json::to_string(&item).unwrap_or_default());
    }
    out.push_str("\n]");
    out.push_str(after);
    out.push('\n');
    out
}

/// An RFC 3339 time for a date: midnight UTC.
fn timestamp(date: &str) -> String {
    format!("{date}T00:00:00Z")
}

fn claim_url(site: &Site, c: &Claim) -> String {
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

/// Up to `n` characters of `text` before byte `end`, and after byte `start`.
fn context(text: &str, start: usize, end: usize) -> (String, String) {
    let before: Vec<char> = text[..start].chars().rev().take(CONTEXT_CHARS).collect();
    let prefix: String = before.into_iter().rev().collect();
    let suffix: String = text[end..].chars().take(CONTEXT_CHARS).collect();
    (prefix, suffix)
}

/// `claims.json`: every claim with its rating and resolved evidence.
fn claims_json(site: &Site) -> String {
    let ratings: Vec<Value> = site
        .config
        .ratings
        .iter()
        .map(|r| json!({"id": r.id.get_ref(), "label": r.label, "value": r.value.get_ref(), "description": r.description}))
        .collect();
    let claims = site.order.iter().map(|&ci| {
            let c = &site.claims[ci];
            let rating = &site.config.ratings[c.rating];
            let evidence: Vec<Value> = c
                .evidence
                .iter()
                .map(|ev| {
                    let a = &site.articles[ev.span.article];
                    let block = &a.blocks[ev.span.first_block];
                    let text = &a.seed.text;
                    let (start, end) = (ev.span.orig.start, ev.span.orig.end);
                    json!({
                        "k": ev.k,
                        "id": format!("ev-{}-{}", c.slug, ev.k),
                        "url": absolute(site, &format!("articles/{}/#ev-{}-{}", a.slug, c.slug, ev.k)),
                        "article": a.slug,
                        "seed": a.seed.name,
                        "paragraph": block.number,
                        "location": block.label(text),
                        "stance": ev.stance.id(),
                        "attributed_to": ev.attributed_to,
                        "attribution_inferred": ev.attribution_inferred,
                        "note": ev.note.as_ref().map(|(n, _)| n),
                        "exact": &text[start..end],
                        "start_byte": start,
                        "end_byte": end,
                        "start_char": ev.span.chars.start,
                        "end_char": ev.span.chars.end,
                    })
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
                "changes": c.changes.iter().map(|ch| json!({"date": ch.date, "note": ch.note})).collect::<Vec<_>>(),
                "evidence": evidence,
            })
        });
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
    let head = json!({
        "version": CLAIMS_JSON_VERSION,
        "site": {"title": site.config.title, "url": absolute(site, "")},
        "ratings": ratings,
        "articles": articles,
        "claims": [],
    });
    json_with_items(head, &["claims"], claims)
}

/// Every evidence link as a W3C Web Annotation, in one AnnotationCollection.
fn annotations(site: &Site) -> String {
    let collection = absolute(site, "annotations.jsonld");
    let total: usize = site.claims.iter().map(|c| c.evidence.len()).sum();
    let items = site.order.iter().flat_map(|&ci| {
        let c = &site.claims[ci];
        let collection = collection.clone();
        c.evidence.iter().map(move |ev| {
            let a = &site.articles[ev.span.article];
            let text = &a.seed.text;
            let (start, end) = (ev.span.orig.start, ev.span.orig.end);
            let (prefix, suffix) = context(text, start, end);
            let id = format!("ev-{}-{}", c.slug, ev.k);
            json!({
                "@context": "http://www.w3.org/ns/anno.jsonld",
                "id": format!("{collection}#{id}"),
                "type": "Annotation",
                "motivation": "assessing",
                "created": timestamp(&c.published.0),
                "body": [
                    {"type": "TextualBody", "purpose": "assessing", "value": ev.stance.id(), "format": "text/plain"},
                    {"id": format!("{}#e{}", claim_url(site, c), ev.k), "type": "Text", "format": "text/html"},
                ],
                "target": {
                    "type": "SpecificResource",
                    "source": absolute(site, &format!("articles/{}/", a.slug)),
                    "selector": [
                        {"type": "FragmentSelector", "conformsTo": "http://tools.ietf.org/rfc/rfc3236", "value": id},
                        {"type": "TextQuoteSelector", "exact": &text[start..end], "prefix": prefix, "suffix": suffix},
                        {"type": "TextPositionSelector", "start": ev.span.chars.start, "end": ev.span.chars.end},
                    ],
                },
            })
        })
    });
    let head = json!({
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": collection,
        "type": "AnnotationCollection",
        "label": format!("Evidence links of {}", site.config.title),
        "total": total,
        "first": {
            "@context": "http://www.w3.org/ns/anno.jsonld",
            "id": format!("{collection}#page1"),
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": [],
        },
    });
    json_with_items(head, &["first", "items"], items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_is_counted_in_characters() {
        let text = "ééé abc ééé";
        let (p, s) = context(text, "ééé ".len(), "ééé abc".len());
        assert_eq!((p.as_str(), s.as_str()), ("ééé ", " ééé"));
    }
}
