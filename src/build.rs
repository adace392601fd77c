//! The pipeline: load -> ingest -> resolve -> model -> render -> write.

use std::path::PathBuf;
use std::time::Instant;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{self, LoadOptions};
use crate::render::OutputFile;
use crate::{articles, model, render, resolve, write};

/// How to build.
#[derive(Clone, Debug)]
pub struct BuildOptions {
    /// The site root: `config.toml`, `content/`, `seeds/`.
    pub root: PathBuf,
    /// Where the site goes; `None` means `public/` under the root.
    pub output_dir: Option<PathBuf>,
    pub drafts: bool,
    /// Warnings fail the build.
    pub strict: bool,
    /// Check only: write nothing.
    pub check_only: bool,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            output_dir: None,
            drafts: false,
            strict: false,
            check_only: false,
        }
    }

    pub fn output_dir(&self) -> PathBuf {
        self.output_dir
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}

/// What a build did.
#[derive(Clone, Debug, Default)]
pub struct BuildReport {
    pub claims: usize,
    pub articles: usize,
    pub evidence: usize,
    pub pages: usize,
    pub files: usize,
    pub millis: u128,
    /// Every problem found; warnings only when the build succeeded.
    pub diagnostics: Diagnostics,
    pub succeeded: bool,
}

impl BuildReport {
    /// The one summary line a build prints.
    pub fn summary(&self, check_only: bool) -> String {
        let warnings = self.diagnostics.warning_count();
        let verb = if check_only { "checked" } else { "built" };
        format!(
            "{verb} {} {}, {} {}, {} evidence {}, {} {} in {} ms",
            self.claims,
            plural(self.claims, "claim", "claims"),
            self.articles,
            plural(self.articles, "article", "articles"),
            self.evidence,
            plural(self.evidence, "link", "links"),
            warnings,
            plural(warnings, "warning", "warnings"),
            self.millis
        )
    }
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

/// Builds the site: every problem of the run is collected; output is
/// written only if there is no error (no warning either, under `strict`).
pub fn build(options: &BuildOptions) -> BuildReport {
    let start = Instant::now();
    let mut diags = Diagnostics::new();
    let mut report = BuildReport::default();
    let out = options.output_dir();
    if !options.check_only {
        if let Err(d) = write::check_output_dir(&options.root, &out) {
            diags.push(d);
        }
    }
    let files = run(options, &mut diags, &mut report);
    if options.strict {
        diags.make_warnings_errors();
    }
    if diags.error_count() == 0 && !options.check_only {
        if let Some((files, statics)) = files {
            if let Err(e) = write::write_site(&out, &files, &statics) {
                diags.push(Diagnostic::error(
                    "write-failed",
                    format!("cannot write {}: {e}", out.display()),
                ));
            }
        }
    }
    report.succeeded = diags.error_count() == 0;
    report.diagnostics = diags;
    report.millis = start.elapsed().as_millis();
    report
}

type Built = (Vec<OutputFile>, Vec<load::StaticFile>);

fn run(options: &BuildOptions, diags: &mut Diagnostics, report: &mut BuildReport) -> Option<Built> {
    let source = load::load(
        &options.root,
        LoadOptions {
            drafts: options.drafts,
        },
        diags,
    )?;
    let articles = articles::ingest_site(&source, diags);
    let (_texts, spans) = resolve::resolve(&source.claims, &articles, diags);
    let site = model::build(&source, articles, spans, diags)?;
    report.claims = site.claims.len();
    report.articles = site.articles.len();
    report.evidence = site.claims.iter().map(|c| c.evidence.len()).sum();
    report.pages = site.pages.len();
    let files = render::render(&site, &source.templates, diags);
    check_static_collisions(&files, &source.static_files, diags);
    report.files = files.len() + source.static_files.len();
    Some((files, source.static_files))
}

fn check_static_collisions(
    files: &[OutputFile],
    statics: &[load::StaticFile],
    diags: &mut Diagnostics,
) {
    for s in statics {
        if files.iter().any(|f| f.path == s.rel) {
            diags.push(
                Diagnostic::error("static-collision", format!("static/{} would overwrite a page the build writes", s.rel))
                    .in_file(&format!("static/{}", s.rel))
                    .help("rename the file, or override the template instead (templates/ holds style.css and the page templates)"),
            );
        }
    }
}
