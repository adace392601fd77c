//! `annotations.jsonld`: every evidence link as a W3C Web Annotation
//! (docs/data.md §3), one a line.
//!
//! The annotations are typed structs, not `json!` values: a 10,000-article
//! site has 25,000 of them, and building each as a tree of maps cost more
//! than writing it. Each struct declares its fields in the order of their
//! names, the order the file has always had (a JSON object's keys sorted).

use std::io::{self, Write};

use serde::Serialize;
use serde_json::json;

use super::anchors::{Anchor, PageAnchors};
use super::jsonld::absolute;
use super::publish::{claim_lines, claim_url, json_with_lines, timestamp};
use crate::model::Site;

const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

#[derive(Serialize)]
struct Annotation<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    body: (Assessment<'a>, ClaimBody),
    created: String,
    id: String,
    motivation: &'static str,
    target: Vec<Target<'a>>,
    #[serde(rename = "type")]
    kind: &'static str,
}

/// The stance, as the assessment the annotation makes.
#[derive(Serialize)]
struct Assessment<'a> {
    format: &'static str,
    purpose: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    value: &'a str,
}

/// The claim's evidence entry on its page.
#[derive(Serialize)]
struct ClaimBody {
    format: &'static str,
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
}

#[derive(Serialize)]
struct Target<'a> {
    selector: Vec<Selector<'a>>,
    source: String,
    #[serde(rename = "type")]
    kind: &'static str,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Selector<'a> {
    Fragment {
        #[serde(rename = "conformsTo")]
        conforms_to: &'static str,
        #[serde(rename = "type")]
        kind: &'static str,
        value: String,
    },
    Quote {
        exact: &'a str,
        #[serde(skip_serializing_if = "str::is_empty")]
        prefix: &'a str,
        #[serde(skip_serializing_if = "str::is_empty")]
        suffix: &'a str,
        #[serde(rename = "type")]
        kind: &'static str,
    },
    Position {
        end: usize,
        start: usize,
        #[serde(rename = "type")]
        kind: &'static str,
    },
}

fn fragment<'a>(conforms_to: &'static str, value: String) -> Selector<'a> {
    Selector::Fragment {
        conforms_to,
        kind: "FragmentSelector",
        value,
    }
}

/// A passage's TextQuoteSelector (context only where it is needed to tell
/// it from another place) and TextPositionSelector.
fn quote_and_position(a: &Anchor) -> [Selector<'_>; 2] {
    [
        Selector::Quote {
            exact: &a.exact,
            prefix: &a.prefix,
            suffix: &a.suffix,
            kind: "TextQuoteSelector",
        },
        Selector::Position {
            end: a.end,
            start: a.start,
            kind: "TextPositionSelector",
        },
    ]
}

fn resource(source: String, selector: Vec<Selector<'_>>) -> Target<'_> {
    Target {
        selector,
        source,
        kind: "SpecificResource",
    }
}

/// Every evidence link as a W3C Web Annotation, in one AnnotationCollection.
/// Each targets the passage twice: on the article page, and in the
/// article's text.txt. Claims are serialised in parallel, a batch at a time.
pub(super) fn write(site: &Site, anchors: &PageAnchors, out: &mut dyn Write) -> io::Result<()> {
    let collection = absolute(site, "annotations.jsonld");
    let total: usize = site.claims.iter().map(|c| c.evidence.len()).sum();
    let annotations_of = |ci: usize| {
        let c = &site.claims[ci];
        let collection = &collection;
        c.evidence.iter().enumerate().map(move |(ei, ev)| {
            let a = &site.articles[ev.span.article];
            let id = format!("ev-{}-{}", c.slug, ev.k);
            let found = anchors.get(ev.span.article).and_then(|x| x.get(ci, ei));
            let page = absolute(site, &format!("articles/{}/", a.slug));
            let mut page_selectors =
                vec![fragment("http://tools.ietf.org/rfc/rfc3236", id.clone())];
            let mut target = Vec::with_capacity(2);
            match found {
                Some((on_page, in_text)) => {
                    if let Some(p) = on_page {
                        page_selectors.extend(quote_and_position(p));
                    }
                    let mut text_selectors = vec![fragment(
                        "http://tools.ietf.org/rfc/rfc5147",
                        format!("char={},{}", in_text.start, in_text.end),
                    )];
                    text_selectors.extend(quote_and_position(in_text));
                    target.push(resource(page, page_selectors));
                    target.push(resource(
                        absolute(site, &format!("articles/{}/text.txt", a.slug)),
                        text_selectors,
                    ));
                }
                None => target.push(resource(page, page_selectors)),
            }
            let annotation = Annotation {
                context: CONTEXT,
                body: (
                    Assessment {
                        format: "text/plain",
                        purpose: "assessing",
                        kind: "TextualBody",
                        value: ev.stance.id(),
                    },
                    ClaimBody {
                        format: "text/html",
                        id: format!("{}#e{}", claim_url(site, c), ev.k),
                        kind: "Text",
                    },
                ),
                created: timestamp(&c.published.0),
                id: format!("{collection}#{id}"),
                motivation: "assessing",
                target,
                kind: "Annotation",
            };
            serde_json::to_string(&annotation).unwrap_or_default()
        })
    };
    let head = json!({
        "@context": CONTEXT,
        "id": collection,
        "type": "AnnotationCollection",
        "label": format!("Evidence links of {}", site.config.title),
        "total": total,
        "first": {
            "@context": CONTEXT,
            "id": format!("{collection}#page1"),
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": [],
        },
    });
    let lines = claim_lines(&site.order, annotations_of);
    json_with_lines(head, &["first", "items"], lines, out)
}
