//! TOML front matter between `+++` lines: split, key-check and deserialise,
//! reporting every problem with the line in the file (not in the front matter).

use std::ops::Range;
use std::sync::Arc;

use serde::de::DeserializeOwned;
use toml::de::{DeTable, DeValue};

use crate::diagnostics::{Diagnostic, Diagnostics, nearest};

/// A markdown file split into front matter and body.
#[derive(Clone, Debug)]
pub struct Document {
    /// Path relative to the site root, with `/` separators.
    pub file: String,
    pub source: Arc<str>,
    /// Byte range of the TOML between the `+++` lines.
    pub front: Range<usize>,
    /// Byte range of the markdown after the closing `+++`.
    pub body: Range<usize>,
}

impl Document {
    pub fn front_text(&self) -> &str {
        &self.source[self.front.clone()]
    }

    pub fn body_text(&self) -> &str {
        &self.source[self.body.clone()]
    }

    /// A span in the front matter, made a span in the file.
    pub fn span(&self, front_span: Range<usize>) -> Range<usize> {
        self.front.start + front_span.start..self.front.start + front_span.end
    }
}

/// Splits `source` at its `+++` lines.
pub fn split(file: &str, source: Arc<str>) -> Result<Document, Diagnostic> {
    let start = if source.starts_with('\u{feff}') { 3 } else { 0 };
    let first_end = source[start..]
        .find('\n')
        .map_or(source.len(), |i| start + i);
    if source[start..first_end].trim_end() != "+++" {
        return Err(Diagnostic::error(
            "front-matter-missing",
            "the file does not start with front matter",
        )
        .at(file, start..first_end)
        .label("expected `+++` on the first line")
        .help("start the file with TOML front matter between two `+++` lines, e.g.\n+++\ntitle = \"...\"\n+++"));
    }
    let front_start = (first_end + 1).min(source.len());
    let mut line_start = front_start;
    while line_start < source.len() {
        let line_end = source[line_start..]
            .find('\n')
            .map_or(source.len(), |i| line_start + i);
        if source[line_start..line_end].trim_end() == "+++" {
            return Ok(Document {
                file: file.to_string(),
                front: front_start..line_start,
                body: (line_end + 1).min(source.len())..source.len(),
                source,
            });
        }
        line_start = line_end + 1;
    }
    Err(
        Diagnostic::error("front-matter-unclosed", "the front matter is never closed")
            .at(file, start..first_end)
            .label("front matter opened here")
            .help("add a line with `+++` after the last key of the front matter"),
    )
}

/// The keys a table of front matter may have.
pub struct Schema {
    /// What the table is, for messages: "a claim", "an [[evidence]] entry".
    pub what: &'static str,
    /// Required keys with an example line to paste.
    pub required: &'static [(&'static str, &'static str)],
    pub optional: &'static [&'static str],
    /// Keys holding a table (`[figure]`) or array of tables (`[[evidence]]`).
    pub tables: &'static [(&'static str, &'static Schema)],
}

impl Schema {
    fn valid_keys(&self) -> Vec<&'static str> {
        let mut keys: Vec<&str> = self.required.iter().map(|(k, _)| *k).collect();
        keys.extend(self.optional);
        keys.extend(self.tables.iter().map(|(k, _)| *k));
        let mut seen = Vec::new();
        keys.retain(|k| {
            let new = !seen.contains(k);
            seen.push(*k);
            new
        });
        keys
    }
}

/// Parses the front matter of `doc` against `schema`, then into `T`.
/// Every problem found is pushed to `diags`; `None` if there was any.
pub fn parse<T: DeserializeOwned>(
    doc: &Document,
    schema: &Schema,
    diags: &mut Diagnostics,
) -> Option<T> {
    let front = doc.front_text();
    let table = match DeTable::parse(front) {
        Ok(t) => t,
        Err(e) => {
            diags.push(toml_error(doc, &e, "toml-syntax"));
            return None;
        }
    };
    let before = diags.error_count();
    // Missing top-level keys are reported at the opening `+++` line.
    let opening = doc.source[..doc.front.start].trim_end().len();
    let opening = doc.source[..opening].rfind('\n').map_or(0, |i| i + 1)..opening;
    let whole = if doc.front.start == 0 { 0..0 } else { opening };
    check_table(doc, table.get_ref(), whole, schema, diags);
    if diags.error_count() > before {
        return None;
    }
    // From the table already parsed: the front matter is not parsed twice.
    match T::deserialize(toml::de::Deserializer::from(table)) {
        Ok(v) => Some(v),
        Err(e) => {
            diags.push(toml_error(doc, &e, "invalid-value"));
            None
        }
    }
}

/// A TOML error as a diagnostic located in the file: `toml-syntax` when the
/// TOML does not parse, `invalid-value` when a value has the wrong type.
pub fn toml_error(doc: &Document, e: &toml::de::Error, code: &'static str) -> Diagnostic {
    let span = e.span().map_or(doc.span(0..0), |s| doc.span(s));
    let message = e.message().trim_end();
    let help = if code == "toml-syntax" {
        "the front matter is TOML: `key = \"value\"`, one per line; strings in double quotes, dates as 2024-10-18"
    } else if message.contains("datetime") || message.contains("a date") {
        "write the date without quotes, as year-month-day: published = 2024-11-01"
    } else {
        "see docs/content-format.md for the type of each key"
    };
    Diagnostic::error(code, format!("invalid TOML: {}", first_line(message)))
        .at(&doc.file, span)
        .label(first_line(message).to_string())
        .help(help)
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or(s)
}

fn check_table(
    doc: &Document,
    table: &DeTable<'_>,
    table_span: Range<usize>,
    schema: &Schema,
    diags: &mut Diagnostics,
) {
    let valid = schema.valid_keys();
    for (key, value) in table.iter() {
        let name = key.get_ref().as_ref();
        let span = doc.span(key.span());
        if let Some((_, sub)) = schema.tables.iter().find(|(k, _)| *k == name) {
            check_subtable(doc, value, span, sub, diags);
        } else if !valid.contains(&name) {
            let mut d = Diagnostic::error(
                "unknown-key",
                format!("unknown key `{name}` in {}", schema.what),
            )
            .at(&doc.file, span)
            .label("unknown key");
            if let Some(n) = nearest(name, valid.iter().copied()) {
                d = d.help(format!("did you mean `{n}`?"));
            }
            d = d.note(format!("valid keys: {}", valid.join(", ")));
            diags.push(d);
        }
    }
    for (key, example) in schema.required {
        if !table.iter().any(|(k, _)| k.get_ref().as_ref() == *key) {
            diags.push(
                Diagnostic::error("missing-key", format!("{} needs `{key}`", schema.what))
                    .at(&doc.file, table_span.clone())
                    .label(format!("`{key}` missing"))
                    .help(format!("add a line such as: {example}")),
            );
        }
    }
}

fn check_subtable(
    doc: &Document,
    value: &toml::Spanned<DeValue<'_>>,
    key_span: Range<usize>,
    schema: &Schema,
    diags: &mut Diagnostics,
) {
    match value.get_ref() {
        DeValue::Table(t) => check_table(doc, t, key_span, schema, diags),
        DeValue::Array(items) => {
            for item in items.iter() {
                if let DeValue::Table(t) = item.get_ref() {
                    let header = header_span(doc, item.span(), key_span.clone());
                    check_table(doc, t, header, schema, diags);
                }
            }
        }
        _ => {}
    }
}

/// The `[[name]]` header line of an array-of-tables entry, for pointing at it.
fn header_span(doc: &Document, item: Range<usize>, fallback: Range<usize>) -> Range<usize> {
    let span = doc.span(item);
    let text = &doc.source[span.clone()];
    match text.find('\n') {
        Some(i) if i > 0 => span.start..span.start + i,
        _ if !span.is_empty() => span,
        _ => fallback,
    }
}

/// A `YYYY-MM-DD` date from TOML, kept as text for display and sorting.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct Date(pub String);

impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let dt = toml::value::Datetime::deserialize(d)?;
        match (dt.date, dt.time, dt.offset) {
            (Some(date), None, None) => Ok(Date(date.to_string())),
            _ => Err(serde::de::Error::custom(format!(
                "expected a date such as 2024-10-18, found `{dt}`"
            ))),
        }
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
