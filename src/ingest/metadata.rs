//! What a web page says about itself: headline, author, publisher, dates,
//! address and language, each with where it was found.
//!
//! Sources are tried in a fixed order of trust, the first that has a value
//! wins (docs/content-format.md §7.6): JSON-LD of an article type, then Open
//! Graph, then other `<meta>` and `<link>` tags, then `<time>`, `<title>` and
//! `<html lang>`.

use dom_query::Document;
use serde::Serialize;
use serde_json::Value;

/// One value and where it came from ("JSON-LD NewsArticle.datePublished").
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Found {
    pub value: String,
    pub source: String,
}

impl Found {
    fn new(value: &str, source: impl Into<String>) -> Option<Found> {
        let value = tidy(value);
        (!value.is_empty()).then(|| Found {
            value,
            source: source.into(),
        })
    }

    /// The date a date value starts with (`2024-10-24T08:00:00Z` gives `2024-10-24`).
    pub fn date(&self) -> Option<&str> {
        let d = self.value.get(..10)?;
        let b = d.as_bytes();
        let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        let month = d[5..7].parse::<u8>().ok()?;
        let day = d[8..10].parse::<u8>().ok()?;
        (digits(0..4)
            && b[4] == b'-'
            && b[7] == b'-'
            && digits(5..7)
            && digits(8..10)
            && (1..=12).contains(&month)
            && (1..=31).contains(&day))
        .then_some(d)
    }
}

/// What a page says about itself; every field is optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Metadata {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub headline: Option<Found>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<Found>,
    /// The publisher or, failing that, the site's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<Found>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<Found>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub modified: Option<Found>,
    /// The canonical address (http or https only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<Found>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<Found>,
}

impl Metadata {
    pub fn is_empty(&self) -> bool {
        self.fields().iter().all(|(_, f)| f.is_none())
    }

    /// The fields with their names, in the order pages show them.
    pub fn fields(&self) -> [(&'static str, &Option<Found>); 7] {
        [
            ("headline", &self.headline),
            ("author", &self.author),
            ("publisher", &self.publisher),
            ("published", &self.published),
            ("modified", &self.modified),
            ("url", &self.url),
            ("language", &self.language),
        ]
    }
}

/// Values are page text: one line, collapsed, and no longer than a headline needs.
const MAX_VALUE_CHARS: usize = 400;

fn tidy(s: &str) -> String {
    let decoded = decode_entities(s);
    let collapsed = decoded.split_whitespace().collect::<Vec<_>>().join(" ");
    match collapsed.char_indices().nth(MAX_VALUE_CHARS) {
        Some((at, _)) => format!("{}…", &collapsed[..at]),
        None => collapsed,
    }
}

/// Character references left in JSON-LD strings (`&#8222;`, `&amp;`), which
/// some publishing systems write there as if it were HTML.
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        // A reference is short; the look-ahead stops on a character boundary.
        let mut ahead = rest.len().min(12);
        while !rest.is_char_boundary(ahead) {
            ahead -= 1;
        }
        let end = rest[..ahead].find(';');
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => {
                    let code = if let Some(hex) =
                        name.strip_prefix("#x").or_else(|| name.strip_prefix("#X"))
                    {
                        u32::from_str_radix(hex, 16).ok()
                    } else {
                        name.strip_prefix('#').and_then(|d| d.parse().ok())
                    };
                    code.and_then(char::from_u32).filter(|c| *c != '\0')
                }
            };
            c.map(|c| (c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// schema.org types whose JSON-LD describes the article itself.
const ARTICLE_TYPES: &[&str] = &[
    "NewsArticle",
    "Article",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "ReviewNewsArticle",
    "BlogPosting",
    "LiveBlogPosting",
    "SocialMediaPosting",
    "ScholarlyArticle",
    "TechArticle",
    "Report",
];

/// Reads the metadata of a parsed page.
pub fn read(doc: &Document) -> Metadata {
    let mut m = Metadata::default();
    json_ld(doc, &mut m);
    open_graph_and_meta(doc, &mut m);
    if m.published.is_none() {
        let time = doc.select("time[datetime]");
        if let Some(t) = time.nodes().first() {
            m.published = t
                .attr("datetime")
                .and_then(|v| Found::new(&v, "<time datetime>"));
        }
    }
    if m.headline.is_none() {
        m.headline = doc
            .select("head title")
            .nodes()
            .first()
            .and_then(|t| Found::new(&t.text(), "<title>"));
    }
    if m.language.is_none() {
        m.language = doc
            .select("html[lang]")
            .nodes()
            .first()
            .and_then(|h| h.attr("lang"))
            .and_then(|v| Found::new(&v, "<html lang>"));
    }
    m.url = m.url.filter(|u| is_web_address(&u.value));
    m
}

/// Only http and https addresses may become links.
pub fn is_web_address(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && !url.contains(char::is_whitespace)
}

fn set(slot: &mut Option<Found>, value: Option<Found>) {
    if slot.is_none() {
        *slot = value;
    }
}

fn json_ld(doc: &Document, m: &mut Metadata) {
    let mut documents = Vec::new();
    for script in doc.select(r#"script[type="application/ld+json"]"#).nodes() {
        let raw = script.text();
        let raw = raw.trim();
        let raw = raw.strip_prefix("<!--").unwrap_or(raw);
        let raw = raw.strip_suffix("-->").unwrap_or(raw);
        if let Ok(v) = serde_json::from_str::<Value>(raw.trim()) {
            documents.push(v);
        }
    }
    let mut objects = Vec::new();
    for v in &documents {
        collect_objects(v, &mut objects, 0);
    }
    let article = objects.iter().find_map(|o| {
        let ty = types(o).into_iter().find(|t| ARTICLE_TYPES.contains(t))?;
        Some((ty, *o))
    });
    if let Some((ty, a)) = article {
        let src = |field: &str| format!("JSON-LD {ty}.{field}");
        set(
            &mut m.headline,
            string(a.get("headline")).and_then(|v| Found::new(&v, src("headline"))),
        );
        set(
            &mut m.headline,
            string(a.get("name")).and_then(|v| Found::new(&v, src("name"))),
        );
        set(
            &mut m.author,
            names(a.get("author")).and_then(|v| Found::new(&v, src("author"))),
        );
        set(
            &mut m.publisher,
            names(a.get("publisher")).and_then(|v| Found::new(&v, src("publisher"))),
        );
        set(
            &mut m.published,
            string(a.get("datePublished")).and_then(|v| Found::new(&v, src("datePublished"))),
        );
        set(
            &mut m.modified,
            string(a.get("dateModified")).and_then(|v| Found::new(&v, src("dateModified"))),
        );
        let url = string(a.get("url")).filter(|u| is_web_address(u));
        set(&mut m.url, url.and_then(|v| Found::new(&v, src("url"))));
        let main = a
            .get("mainEntityOfPage")
            .and_then(|v| string(Some(v)).or_else(|| string(v.get("@id"))));
        set(
            &mut m.url,
            main.filter(|u| is_web_address(u))
                .and_then(|v| Found::new(&v, src("mainEntityOfPage"))),
        );
        set(
            &mut m.language,
            string(a.get("inLanguage")).and_then(|v| Found::new(&v, src("inLanguage"))),
        );
    }
    let site = objects.iter().find(|o| types(o).contains(&"WebSite"));
    if let Some(site) = site {
        set(
            &mut m.publisher,
            string(site.get("name")).and_then(|v| Found::new(&v, "JSON-LD WebSite.name")),
        );
    }
}

/// The JSON objects of a JSON-LD document: arrays and `@graph` flattened
/// (to a small depth: the data is the page's).
fn collect_objects<'a>(v: &'a Value, out: &mut Vec<&'a Value>, depth: usize) {
    if depth > 4 || out.len() > 200 {
        return;
    }
    match v {
        Value::Array(items) => items
            .iter()
            .for_each(|i| collect_objects(i, out, depth + 1)),
        Value::Object(o) => {
            out.push(v);
            if let Some(g) = o.get("@graph") {
                collect_objects(g, out, depth + 1);
            }
        }
        _ => {}
    }
}

fn types(o: &Value) -> Vec<&str> {
    match o.get("@type") {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

fn string(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Array(a) => a.iter().find_map(|x| x.as_str().map(str::to_string)),
        _ => None,
    }
}

/// A name, an object with a `name`, or a list of them, joined with ", ".
fn names(v: Option<&Value>) -> Option<String> {
    let one = |x: &Value| match x {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o.get("name").and_then(|n| string(Some(n))),
        _ => None,
    };
    let all: Vec<String> = match v? {
        Value::Array(a) => a.iter().take(20).filter_map(one).collect(),
        x => one(x).into_iter().collect(),
    };
    let all: Vec<String> = all.into_iter().filter(|n| !n.trim().is_empty()).collect();
    (!all.is_empty()).then(|| all.join(", "))
}

fn open_graph_and_meta(doc: &Document, m: &mut Metadata) {
    let metas: Vec<(String, String)> = doc
        .select("meta[content]")
        .nodes()
        .iter()
        .filter_map(|n| {
            let key = n
                .attr("property")
                .or_else(|| n.attr("name"))
                .or_else(|| n.attr("itemprop"))?;
            Some((key.to_ascii_lowercase(), n.attr("content")?.to_string()))
        })
        .collect();
    let meta = |keys: &[&str], label: &str| {
        keys.iter().find_map(|k| {
            let (key, v) = metas.iter().find(|(key, _)| key == k)?;
            let source = match label {
                "og" => format!("Open Graph {key}"),
                _ => format!("<meta name=\"{key}\">"),
            };
            Found::new(v, source)
        })
    };
    set(&mut m.headline, meta(&["og:title"], "og"));
    set(
        &mut m.author,
        meta(&["article:author"], "og").filter(|a| !is_web_address(&a.value)),
    );
    set(&mut m.publisher, meta(&["og:site_name"], "og"));
    set(&mut m.published, meta(&["article:published_time"], "og"));
    set(
        &mut m.modified,
        meta(&["article:modified_time", "og:updated_time"], "og"),
    );
    let canonical = doc
        .select(r#"link[rel="canonical"][href]"#)
        .nodes()
        .first()
        .and_then(|l| l.attr("href"))
        .filter(|u| is_web_address(u))
        .and_then(|v| Found::new(&v, "<link rel=\"canonical\">"));
    set(&mut m.url, canonical);
    set(
        &mut m.url,
        meta(&["og:url"], "og").filter(|u| is_web_address(&u.value)),
    );
    set(&mut m.language, meta(&["og:locale"], "og"));

    set(
        &mut m.headline,
        meta(&["twitter:title", "dc.title", "citation_title"], "meta"),
    );
    set(
        &mut m.author,
        meta(
            &[
                "author",
                "dc.creator",
                "citation_author",
                "parsely-author",
                "byl",
                "sailthru.author",
            ],
            "meta",
        )
        .filter(|a| !is_web_address(&a.value)),
    );
    set(
        &mut m.publisher,
        meta(
            &[
                "publisher",
                "dc.publisher",
                "citation_publisher",
                "application-name",
                "twitter:site",
            ],
            "meta",
        ),
    );
    set(
        &mut m.published,
        meta(
            &[
                "datepublished",
                "date",
                "dc.date",
                "dc.date.issued",
                "dcterms.created",
                "pubdate",
                "publish-date",
                "publishdate",
                "article.published",
                "sailthru.date",
                "parsely-pub-date",
                "citation_publication_date",
                "citation_date",
            ],
            "meta",
        ),
    );
    set(
        &mut m.modified,
        meta(
            &[
                "datemodified",
                "last-modified",
                "dcterms.modified",
                "article.updated",
            ],
            "meta",
        ),
    );
    set(
        &mut m.language,
        meta(&["language", "dc.language", "content-language"], "meta"),
    );
    let http_language = doc
        .select(r#"meta[http-equiv][content]"#)
        .nodes()
        .iter()
        .find(|n| {
            n.attr("http-equiv")
                .is_some_and(|h| h.eq_ignore_ascii_case("content-language"))
        })
        .and_then(|n| n.attr("content"))
        .and_then(|v| Found::new(&v, "<meta http-equiv=\"content-language\">"));
    set(&mut m.language, http_language);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn character_references_in_values_are_decoded() {
        assert_eq!(
            decode_entities("Atim: &#8222;The King&#8220; &amp; co &#x2013; &bogus; &"),
            "Atim: „The King“ & co – &bogus; &"
        );
        // Found by fuzzing: a multi-byte character where the look-ahead ends.
        let page_text = "&/xti\u{FFFD}&`\u{FB2C}`iden";
        assert_eq!(decode_entities(page_text), page_text);
    }

    #[test]
    fn dates_must_start_with_a_real_date() {
        let f = |v: &str| Found::new(v, "x").unwrap();
        assert_eq!(f("2024-10-24T08:00:00Z").date(), Some("2024-10-24"));
        assert_eq!(f("2024-13-01").date(), None);
        assert_eq!(f("October 24, 2024").date(), None);
        assert_eq!(f("2024-1").date(), None);
    }
}
