//! What `attest suggest` prints: text that reads like the build's
//! diagnostics, or versioned JSON (schemas in `docs/schemas/`).

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;

use super::coverage::ArticleCoverage;
use super::suggest::Suggestion;
use crate::model::Site;

/// Version of the suggestions JSON (`docs/schemas/suggest.v1.json`). Bump
/// on any change that could break a reader.
pub const SUGGEST_JSON_VERSION: u32 = 1;
/// Version of the coverage JSON (`docs/schemas/coverage.v1.json`).
pub const COVERAGE_JSON_VERSION: u32 = 1;

/// The JSON documents are written a piece at a time, one item a line:
/// `{"version":1,"suggestions":[` … `]}`.
pub fn json_head(key: &str, version: u32) -> String {
    format!("{{\"version\":{version},\"{key}\":[\n")
}

/// One item of the array, with the separator before it unless it is the first.
pub fn json_item<T: Serialize>(item: &T, first: bool) -> String {
    let mut s = String::new();
    if !first {
        s.push_str(",\n");
    }
    s.push_str(&serde_json::to_string(item).unwrap_or_default());
    s
}

pub fn json_tail(empty: bool) -> &'static str {
    if empty { "]}\n" } else { "\n]}\n" }
}

fn renderer(color: bool) -> Renderer {
    if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
}

/// One suggestion, like a diagnostic: the passage in its seed file, the
/// reasons, and the block to paste.
pub fn suggestion_text(site: &Site, s: &Suggestion, color: bool) -> String {
    let signals: Vec<&str> = s.reasons.iter().map(|r| r.signal).collect();
    let title = format!(
        "`{}` {} for claim `{}` (score {})",
        s.article, s.location, s.claim, s.score
    );
    let id = signals.join(", ");
    let seed_path = format!("seeds/{}", s.seed);
    let article = site.articles.iter().find(|a| a.slug == s.article);
    let seed_text = article.map(|a| a.seed.text.get());
    let mut group: Group;
    let head = Level::HELP
        .with_name("suggestion")
        .primary_title(title.as_str())
        .id(id.as_str());
    match seed_text.as_deref() {
        Some(text) => {
            // The line of the seed that holds the passage.
            let line_start = text[..s.start_byte].rfind('\n').map_or(0, |i| i + 1);
            let line_end = text[s.end_byte..]
                .find('\n')
                .map_or(text.len(), |i| s.end_byte + i);
            let source = text[line_start..line_end].trim_end_matches('\r');
            let local = s.start_byte - line_start..(s.end_byte - line_start).min(source.len());
            group = head.element(
                Snippet::source(source)
                    .line_start(s.line)
                    .path(seed_path.as_str())
                    .annotation(AnnotationKind::Primary.span(local)),
            );
        }
        None => group = Group::with_title(head),
    }
    for r in &s.reasons {
        group = group.element(Level::NOTE.with_name(r.signal).message(r.text.as_str()));
    }
    let help = format!(
        "to link it, add to {}:\n{}",
        s.claim_file,
        s.toml.trim_end()
    );
    group = group.element(Level::HELP.message(help.as_str()));
    let settle = format!(
        "or, read and not evidence: the same `article` and `quote` under [[not_evidence]], with a `reason`{}",
        s.prefix
            .as_ref()
            .map_or(String::new(), |_| " (and the `prefix`)".to_string())
    );
    group = group.element(Level::NOTE.message(settle.as_str()));
    renderer(color).render(&[group])
}

/// Every suggestion, one after another, as text.
pub fn suggestions_text(site: &Site, suggestions: &[Suggestion], color: bool) -> String {
    let mut out = String::new();
    for s in suggestions {
        out.push_str(&suggestion_text(site, s, color));
        out.push_str("\n\n");
    }
    out
}

/// The coverage of every article as text: a line per article, and each
/// passage no claim covers.
pub fn coverage_text(articles: &[ArticleCoverage], color: bool) -> String {
    let mut out = String::new();
    for a in articles {
        let title = format!(
            "`{}`: {} of {} check-worthy passages cited{}",
            a.article,
            a.cited,
            a.check_worthy,
            if a.settled > 0 {
                format!(", {} settled as not evidence", a.settled)
            } else {
                String::new()
            }
        );
        let path = a
            .file
            .clone()
            .unwrap_or_else(|| format!("seeds/{}", a.seed));
        let mut group = Level::INFO
            .with_name("coverage")
            .primary_title(title.as_str())
            .element(annotate_snippets::Origin::path(path.as_str()));
        let lines: Vec<String> = a
            .passages
            .iter()
            .map(|p| {
                format!(
                    "{} ({}): “{}”",
                    p.location,
                    p.worth.join(", "),
                    shorten(&p.exact)
                )
            })
            .collect();
        for l in &lines {
            group = group.element(Level::NOTE.with_name("not covered").message(l.as_str()));
        }
        out.push_str(&renderer(color).render(&[group]));
        out.push_str("\n\n");
    }
    out
}

fn shorten(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() > 30 {
        format!("{} …", words[..30].join(" "))
    } else {
        words.join(" ")
    }
}
