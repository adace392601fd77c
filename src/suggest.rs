//! `attest suggest`: the stages up to the model, as a build runs them,
//! then discovery; the suggestions (or the coverage of articles) as text
//! or JSON. Nothing is written.

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
    /// The suggestions or the coverage, for standard output.
    pub output: String,
    /// Problems that stopped it (the build's errors, an unknown claim).
    pub diagnostics: Diagnostics,
    /// One line: how many passages for how many claims, and the time.
    pub summary: String,
    pub succeeded: bool,
}

pub fn suggest(options: &SuggestOptions) -> SuggestReport {
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
    if options.coverage {
        let articles = discover::coverage(&site, &index);
        report.output = match options.format {
            Format::Text => output::coverage_text(&articles, options.color),
            Format::Json => output::coverage_json(&articles),
        };
        let worthy: usize = articles.iter().map(|a| a.check_worthy).sum();
        let covered: usize = articles.iter().map(|a| a.cited + a.settled).sum();
        report.summary = format!(
            "{covered} of {worthy} check-worthy passages in {} articles cited or settled in {} ms",
            articles.len(),
            start.elapsed().as_millis()
        );
    } else {
        let suggestions = discover::suggest(&site, &index, &claims, options.limit);
        report.output = match options.format {
            Format::Text => output::suggestions_text(&site, &suggestions, options.color),
            Format::Json => output::suggestions_json(&suggestions),
        };
        report.summary = format!(
            "suggested {} {} for {} {} in {} ms",
            suggestions.len(),
            if suggestions.len() == 1 {
                "passage"
            } else {
                "passages"
            },
            claims.len(),
            if claims.len() == 1 { "claim" } else { "claims" },
            start.elapsed().as_millis()
        );
    }
    report.succeeded = true;
    report
}
