//! `attest suggest`: the stages up to the model, as a build runs them,
//! then discovery; the suggestions (or the coverage of articles) as text
//! or JSON. Nothing is written.

use std::io::Write;

use crate::build::{self, BuildOptions};
use crate::diagnostics::{Diagnostic, Diagnostics, valid_values_help};
use crate::discover::{self, output};

/// Suggestions per claim unless asked otherwise.
pub const DEFAULT_LIMIT: usize = 10;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

/// What to suggest.
#[derive(Clone, Debug)]
pub struct SuggestOptions {
    /// The site and `--drafts`; the output directory is not used.
    pub build: BuildOptions,
    /// Only these claims (slugs); all when empty.
    pub claims: Vec<String>,
    /// At most this many passages per claim.
    pub limit: usize,
    pub format: Format,
    /// The coverage of articles instead of suggestions for claims.
    pub coverage: bool,
    /// Colours in the text form.
    pub color: bool,
}

/// What `attest suggest` found.
#[derive(Debug, Default)]
pub struct SuggestReport {
    /// Problems that stopped it (the build's errors, an unknown claim).
    pub diagnostics: Diagnostics,
    /// One line: how many passages for how many claims, and the time.
    pub summary: String,
    pub succeeded: bool,
}

/// Claims (or articles) worked on at a time: the output is written as it
/// is made, and only one chunk's suggestions are in memory.
const CHUNK: usize = 256;

/// Runs `attest suggest`, writing the suggestions (or the coverage) to `out`.
pub fn suggest(options: &SuggestOptions, out: &mut dyn Write) -> SuggestReport {
    let start = std::time::Instant::now();
    let mut diags = Diagnostics::new();
    let (_, site) = build::model_stages(&options.build, &mut diags, &mut |_| {});
    let mut report = SuggestReport::default();
    let Some(site) = site.filter(|_| diags.error_count() == 0) else {
        report.diagnostics = diags;
        return report;
    };
    let mut claims = Vec::new();
    let slugs: Vec<&str> = site.claims.iter().map(|c| c.slug.as_str()).collect();
    let mut unknown = Diagnostics::new();
    for wanted in &options.claims {
        match site
            .claims
            .binary_search_by(|c| c.slug.as_str().cmp(wanted))
        {
            Ok(i) => claims.push(i),
            Err(_) => unknown.push(
                Diagnostic::error("unknown-claim", format!("no claim `{wanted}`"))
                    .help(valid_values_help(wanted, &slugs)),
            ),
        }
    }
    if !unknown.is_empty() {
        report.diagnostics = unknown;
        return report;
    }
    if claims.is_empty() {
        claims = (0..site.claims.len()).collect();
    }
    claims.sort_unstable();
    claims.dedup();
    let index = discover::Index::build(&site);
    let json = options.format == Format::Json;
    let written = if options.coverage {
        let articles: Vec<usize> = (0..site.articles.len()).collect();
        let (mut worthy, mut covered) = (0, 0);
        let result = write_chunks(
            out,
            json,
            "articles",
            output::COVERAGE_JSON_VERSION,
            &articles,
            |chunk| {
                let list = discover::coverage(&site, &index, chunk);
                worthy += list.iter().map(|a| a.check_worthy).sum::<usize>();
                covered += list.iter().map(|a| a.cited + a.settled).sum::<usize>();
                let text = output::coverage_text(&list, options.color);
                (list, text)
            },
        );
        report.summary = format!(
            "{covered} of {worthy} check-worthy passages in {} articles cited or settled in {} ms",
            articles.len(),
            start.elapsed().as_millis()
        );
        result
    } else {
        let mut count = 0;
        let result = write_chunks(
            out,
            json,
            "suggestions",
            output::SUGGEST_JSON_VERSION,
            &claims,
            |chunk| {
                let list = discover::suggest(&site, &index, chunk, options.limit);
                count += list.len();
                let text = output::suggestions_text(&site, &list, options.color);
                (list, text)
            },
        );
        report.summary = format!(
            "suggested {count} {} for {} {} in {} ms",
            if count == 1 { "passage" } else { "passages" },
            claims.len(),
            if claims.len() == 1 { "claim" } else { "claims" },
            start.elapsed().as_millis()
        );
        result
    };
    if let Err(e) = written {
        report.diagnostics.push(
            Diagnostic::error("write-failed", format!("cannot write the output: {e}"))
                .help("check where standard output goes"),
        );
        return report;
    }
    report.succeeded = true;
    report
}

/// Writes what `make` gives for each chunk of `items`: JSON items in one
/// versioned document, or text.
fn write_chunks<T: serde::Serialize>(
    out: &mut dyn Write,
    json: bool,
    key: &str,
    version: u32,
    items: &[usize],
    mut make: impl FnMut(&[usize]) -> (Vec<T>, String),
) -> std::io::Result<()> {
    if json {
        out.write_all(output::json_head(key, version).as_bytes())?;
    }
    let mut first = true;
    for chunk in items.chunks(CHUNK) {
        let (list, text) = make(chunk);
        if json {
            for item in &list {
                out.write_all(output::json_item(item, first).as_bytes())?;
                first = false;
            }
        } else {
            out.write_all(text.as_bytes())?;
        }
    }
    if json {
        out.write_all(output::json_tail(first).as_bytes())?;
    }
    out.flush()
}
