//! What the fuzz targets share: inputs made from the fuzzer's bytes, small
//! sites built from them, and the check that a built page holds no markup
//! the input smuggled in.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use arbitrary::Arbitrary;
use attest::diagnostics::Diagnostics;
use attest::load::{CLAIM_SCHEMA, ClaimFront, Parsed, frontmatter};
use scraper::{Html, Selector};

/// A quote: typed, or a piece of the seed (so that it often resolves).
#[derive(Arbitrary, Debug)]
pub enum QuoteChoice {
    Typed(String),
    FromSeed { start: u16, len: u8 },
}

impl QuoteChoice {
    pub fn text(&self, seed: &str) -> String {
        match self {
            QuoteChoice::Typed(q) => q.clone(),
            QuoteChoice::FromSeed { start, len } => {
                let chars: Vec<char> = seed.chars().collect();
                let start = usize::from(*start).min(chars.len());
                // Never empty where the seed is not: an empty quote is an error.
                let end = (start + 1 + usize::from(*len)).min(chars.len());
                chars[start..end].iter().collect()
            }
        }
    }
}

/// A TOML string holding `s` exactly.
pub fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// A claim file citing article `a` with one quote.
pub fn claim_file(quote: &str, prefix: Option<&str>, suffix: Option<&str>) -> String {
    let mut f = String::from(
        "+++\ntitle = \"T\"\nclaim = \"C\"\nclaimant = \"X\"\nrating = \"r\"\npublished = 2024-01-01\n\n[[evidence]]\narticle = \"a\"\nstance = \"asserts\"\n",
    );
    f.push_str(&format!("quote = {}\n", toml_str(quote)));
    if let Some(p) = prefix {
        f.push_str(&format!("prefix = {}\n", toml_str(p)));
    }
    if let Some(s) = suffix {
        f.push_str(&format!("suffix = {}\n", toml_str(s)));
    }
    f.push_str("+++\n");
    f
}

/// Parses a claim file as the build does.
pub fn parse_claim(text: &str, diags: &mut Diagnostics) -> Option<Parsed<ClaimFront>> {
    let file = "content/claims/c.md";
    let source: Arc<str> = Arc::from(text);
    diags.add_source(file, source.clone());
    let doc = match frontmatter::split(file, source) {
        Ok(doc) => doc,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let front = frontmatter::parse(&doc, &CLAIM_SCHEMA, diags)?;
    Some(Parsed {
        slug: "c".into(),
        doc,
        front,
    })
}

/// A small site: every text field and body from the fuzzer.
#[derive(Arbitrary, Debug)]
pub struct SiteInput {
    pub seed: String,
    pub quote: QuoteChoice,
    pub title: String,
    pub claim: String,
    pub claimant: String,
    pub tag: String,
    pub note: String,
    pub change_note: String,
    pub body: String,
    pub article_title: String,
    pub outlet: String,
    pub article_url: Option<String>,
    pub article_note: String,
    pub page_body: String,
    /// The whole claim file instead, to reach the parser's errors.
    pub raw_claim: Option<String>,
    pub unsafe_html: bool,
}

impl SiteInput {
    /// Writes the site into `root`.
    pub fn write(&self, root: &Path) -> std::io::Result<()> {
        let t = toml_str;
        for d in [
            "seeds",
            "content/articles",
            "content/claims",
            "content/pages",
        ] {
            fs::create_dir_all(root.join(d))?;
        }
        fs::write(
            root.join("config.toml"),
            format!(
                "title = \"Fuzz\"\nbase_url = \"https://fuzz.example/s\"\n\n[markdown]\nunsafe_html = {}\n\n[[ratings]]\nid = \"r\"\nlabel = \"R\"\nvalue = 1\n",
                self.unsafe_html
            ),
        )?;
        fs::write(root.join("seeds/a.txt"), &self.seed)?;
        fs::write(
            root.join("content/articles/a.md"),
            format!(
                "+++\nseed = \"a.txt\"\ntitle = {}\noutlet = {}\n{}+++\n{}",
                t(&self.article_title),
                t(&self.outlet),
                self.article_url
                    .as_ref()
                    .map_or(String::new(), |u| format!("url = {}\n", t(u))),
                self.article_note
            ),
        )?;
        let claim = match &self.raw_claim {
            Some(raw) => raw.clone(),
            None => format!(
                "+++\ntitle = {}\nclaim = {}\nclaimant = {}\nrating = \"r\"\npublished = 2024-01-01\ntags = [{}]\n\n[[changes]]\ndate = 2024-02-01\nnote = {}\n\n[[evidence]]\narticle = \"a\"\nstance = \"asserts\"\nquote = {}\nnote = {}\n+++\n{}",
                t(&self.title),
                t(&self.claim),
                t(&self.claimant),
                t(&self.tag),
                t(&self.change_note),
                t(&self.quote.text(&self.seed)),
                t(&self.note),
                self.body
            ),
        };
        fs::write(root.join("content/claims/c.md"), claim)?;
        fs::write(
            root.join("content/pages/p.md"),
            format!("+++\ntitle = \"P\"\n+++\n{}", self.page_body),
        )
    }
}

/// Elements a page may hold: the default templates' and markdown's, and
/// with `unsafe_html` the sanitiser's allow-list.
fn allowed_elements(unsafe_html: bool) -> BTreeSet<&'static str> {
    let mut allowed: BTreeSet<&str> = [
        // The templates.
        "html",
        "head",
        "body",
        "meta",
        "title",
        "link",
        "style",
        "script",
        "header",
        "nav",
        "main",
        "footer",
        "article",
        "section",
        "aside",
        "div",
        "span",
        "p",
        "a",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "mark",
        "time",
        "small",
        "strong",
        "em",
        "form",
        "label",
        "input",
        "button",
        "svg",
        "path",
        "details",
        "summary",
        "figure",
        "figcaption",
        "noscript",
        "output",
        "abbr",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "caption",
        "br",
        "hr",
        "code",
        "pre",
        "cite",
        "q",
        "template",
        "search",
        "b",
        "i",
        "s",
        "sup",
        "sub",
        "img",
        "del",
    ]
    .into_iter()
    .collect();
    if unsafe_html {
        allowed.extend(attest::render::sanitize::TAGS);
    }
    allowed
}

/// What in the built pages under `out` an input could have smuggled in,
/// judged as a browser parses the pages; empty if nothing.
pub fn smuggled(out: &Path, unsafe_html: bool) -> Vec<String> {
    static SELECT: OnceLock<(Selector, Selector, Selector)> = OnceLock::new();
    let (any, footer, scripts) = SELECT.get_or_init(|| {
        (
            Selector::parse("*").unwrap(),
            Selector::parse("body > footer").unwrap(),
            Selector::parse("script").unwrap(),
        )
    });
    let allowed = allowed_elements(unsafe_html);
    let mut found = Vec::new();
    for entry in walk(out) {
        let rel = entry
            .strip_prefix(out)
            .unwrap_or(&entry)
            .to_string_lossy()
            .into_owned();
        let Ok(bytes) = fs::read(&entry) else {
            continue;
        };
        if rel.ends_with(".json") || rel.ends_with(".jsonld") {
            if serde_json::from_slice::<serde_json::Value>(&bytes).is_err() {
                found.push(format!("{rel}: not JSON"));
            }
            continue;
        }
        if !rel.ends_with(".html") {
            continue;
        }
        let html = Html::parse_document(&String::from_utf8_lossy(&bytes));
        if html.select(footer).next().is_none() {
            found.push(format!("{rel}: the body lost its footer"));
        }
        for s in html.select(scripts) {
            let kind = s.value().attr("type").unwrap_or("");
            let src = s.value().attr("src").unwrap_or("");
            if kind == "application/ld+json" {
                let text: String = s.text().collect();
                if serde_json::from_str::<serde_json::Value>(&text).is_err() {
                    found.push(format!("{rel}: JSON-LD does not parse"));
                }
            } else if !own_script(src) || s.text().any(|t| !t.trim().is_empty()) {
                found.push(format!("{rel}: a script"));
            }
        }
        for el in html.select(any) {
            let name = el.value().name();
            if !allowed.contains(name) {
                found.push(format!("{rel}: an element <{name}>"));
            }
            for (attr, value) in el.value().attrs() {
                if attr.starts_with("on") || attr == "style" && !unsafe_html {
                    found.push(format!("{rel}: <{name} {attr}>"));
                }
                if ["href", "src", "action", "formaction", "srcset"].contains(&attr)
                    && attest::url::refused_scheme(value).is_some()
                {
                    found.push(format!("{rel}: <{name} {attr}={value:?}>"));
                }
            }
        }
    }
    found
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return out;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// The site's own scripts (search, the listings' filters, the charts'
/// passages), linked relatively from the templates, with no inline text.
fn own_script(src: &str) -> bool {
    let name = src.trim_start_matches("../");
    ["search.js", "filter.js", "chart.js"].contains(&name)
}
