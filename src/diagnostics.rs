//! Diagnostics: every problem of a run, collected, sorted and printed like
//! rustc, with `file:line`, what is wrong and what to write instead.

mod sources;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use sources::{Reader, Sources, Text};

/// How bad a problem is. Warnings fail the build only under `--strict`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem, located in a file of the site.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable name for the kind of problem, e.g. `quote-not-found`.
    pub code: &'static str,
    pub message: String,
    /// Path relative to the site root, with `/` separators.
    pub file: Option<String>,
    /// Byte range in the file's text.
    pub span: Option<Range<usize>>,
    /// A short label under the source excerpt.
    pub label: String,
    pub notes: Vec<String>,
    pub help: Vec<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message)
    }

    fn new(severity: Severity, code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            code,
            message: message.into(),
            file: None,
            span: None,
            label: String::new(),
            notes: Vec::new(),
            help: Vec::new(),
        }
    }

    /// Locates the problem in `file` (relative to the site root) at `span`.
    pub fn at(mut self, file: &str, span: Range<usize>) -> Self {
        self.file = Some(file.to_string());
        self.span = Some(span);
        self
    }

    /// Names the file without pointing into it.
    pub fn in_file(mut self, file: &str) -> Self {
        self.file = Some(file.to_string());
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help.push(help.into());
        self
    }
}

/// The problems of one run and the text of the files they point into.
#[derive(Clone, Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    sources: Sources,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    /// Remembers the text of `file`, so that diagnostics can quote it.
    pub fn add_source(&mut self, file: &str, text: Arc<str>) {
        self.sources.add(file, text);
    }

    /// Forgets the text of every file (under `root`) that has no problem
    /// yet, to be read again from the file if one turns up later: the
    /// content files' texts are some 200 MB at 100,000 articles.
    pub fn forget_texts(&mut self, root: &Path) {
        let with_problems: BTreeSet<&str> = self
            .items
            .iter()
            .filter_map(|d| d.file.as_deref())
            .collect();
        self.sources
            .forget(root, |file| with_problems.contains(file));
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
        self.sources.extend(other.sources);
    }

    /// Adds `note` to the first error in `file`, if there is one.
    pub fn add_note(&mut self, file: &str, note: String) {
        let first = self
            .items
            .iter_mut()
            .find(|d| d.severity == Severity::Error && d.file.as_deref() == Some(file));
        if let Some(d) = first {
            d.notes.push(note);
        }
    }

    /// Drops the problems found in the given files (about to be checked
    /// again); problems of other files and of no file stay.
    pub fn forget_files(&mut self, files: &BTreeSet<String>) {
        self.items
            .retain(|d| d.file.as_ref().is_none_or(|f| !files.contains(f)));
    }

    /// Drops the problems `found_again` says will be checked again.
    pub fn forget_where(&mut self, found_again: impl Fn(&Diagnostic) -> bool) {
        self.items.retain(|d| !found_again(d));
    }

    pub fn error_count(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warning_count(&self) -> usize {
        self.count(Severity::Warning)
    }

    /// Counts what is printed: the same problem found twice counts once.
    fn count(&self, severity: Severity) -> usize {
        self.sorted()
            .into_iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Turns every warning into an error (`--strict`).
    pub fn make_warnings_errors(&mut self) {
        for d in &mut self.items {
            d.severity = Severity::Error;
        }
    }

    /// The diagnostics, sorted by file, position, severity and message.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut v: Vec<&Diagnostic> = self.items.iter().collect();
        v.sort_by(|a, b| {
            let key = |d: &Diagnostic| {
                (
                    d.file.clone().unwrap_or_default(),
                    d.span.as_ref().map_or(0, |s| s.start),
                    d.severity,
                    d.code,
                    d.message.clone(),
                )
            };
            key(a).cmp(&key(b))
        });
        v.dedup_by(|a, b| a == b);
        v
    }

    /// 1-based line and column of a byte offset in `file`.
    pub fn line_col(&self, file: &str, offset: usize) -> Option<(usize, usize)> {
        match self.sources.text(file) {
            Text::Known(text) => Some(line_col(&text, offset)),
            Text::Changed | Text::Unknown => None,
        }
    }

    /// Renders every diagnostic, sorted; `color` adds terminal colours.
    pub fn render(&self, color: bool) -> String {
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let mut out = String::new();
        let mut reader = Reader::new(&self.sources);
        for d in self.sorted() {
            let text = reader.text(d.file.as_deref());
            out.push_str(&render_one(d, text, &renderer));
            out.push_str("\n\n");
        }
        out
    }

    /// One line per diagnostic: `file:line:col: severity[code]: message`.
    pub fn short_lines(&self) -> Vec<String> {
        let mut reader = Reader::new(&self.sources);
        self.sorted()
            .into_iter()
            .map(|d| {
                let mut s = String::new();
                if let Some(file) = &d.file {
                    s.push_str(file);
                    if let (Some(span), Text::Known(text)) = (&d.span, reader.text(Some(file))) {
                        let (l, c) = line_col(&text, span.start);
                        let _ = write!(s, ":{l}:{c}");
                    }
                    s.push_str(": ");
                }
                let sev = match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                };
                let _ = write!(s, "{sev}[{}]: {}", d.code, d.message);
                s
            })
            .collect()
    }
}

/// Said when a problem's lines are left out because its file changed.
const CHANGED_NOTE: &str = "the file changed while the site was built: its lines are not shown";

fn render_one(d: &Diagnostic, text: Text, renderer: &Renderer) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let title = level.primary_title(d.message.as_str()).id(d.code);
    // Lives as long as the group that shows it.
    let shown: std::borrow::Cow<'_, str>;
    let mut group: Group;
    match (&d.file, &d.span, &text) {
        (Some(file), Some(span), Text::Known(text)) => {
            let span = clamp_span(text, span.clone());
            let (line, _) = line_col(text, span.start);
            let (excerpt, base, first_line) = excerpt(text, span.clone(), line);
            let local;
            (shown, local) = shorten(excerpt, span.start - base..span.end - base);
            let mut annotation = AnnotationKind::Primary.span(local);
            if !d.label.is_empty() {
                annotation = annotation.label(d.label.as_str());
            }
            group = title.element(
                Snippet::source(shown.as_ref())
                    .line_start(first_line)
                    .path(file.as_str())
                    .annotation(annotation),
            );
        }
        (Some(file), _, _) => {
            group = title.element(annotate_snippets::Origin::path(file.as_str()));
        }
        _ => group = Group::with_title(title),
    }
    for note in &d.notes {
        group = group.element(Level::NOTE.message(note.as_str()));
    }
    if d.span.is_some() && matches!(text, Text::Changed) {
        group = group.element(Level::NOTE.message(CHANGED_NOTE));
    }
    for help in &d.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    renderer.render(&[group])
}

fn clamp_span(text: &str, span: Range<usize>) -> Range<usize> {
    let mut start = span.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = span.end.clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

/// The lines around `span` (at most the span's own lines), their start
/// offset in `text` and the number of the first one.
fn excerpt(text: &str, span: Range<usize>, line: usize) -> (&str, usize, usize) {
    let start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let end = text[span.end..]
        .find('\n')
        .map_or(text.len(), |i| span.end + i);
    (&text[start..end], start, line)
}

/// Bytes of an excerpt kept on either side of the span (and of the span itself).
const EXCERPT_KEEP: usize = 256;

/// A long excerpt made short enough to print, whatever its characters: what
/// lies well after the span is cut off, and what lies well before it is
/// blanked (as many spaces as it had characters, which the renderer elides
/// as `...`), so that the column shown stays right even in a megabyte line of
/// zero-width characters, which the renderer would print whole.
fn shorten(excerpt: &str, local: Range<usize>) -> (std::borrow::Cow<'_, str>, Range<usize>) {
    if excerpt.len() <= 4 * EXCERPT_KEEP {
        return (excerpt.into(), local);
    }
    let span_end = ceil_boundary(excerpt, local.end.min(local.start + EXCERPT_KEEP));
    let cut = ceil_boundary(excerpt, (span_end + EXCERPT_KEEP).min(excerpt.len()));
    let blank = floor_boundary(excerpt, local.start.saturating_sub(EXCERPT_KEEP));
    let mut short: String = excerpt[..blank]
        .chars()
        .map(|c| if c == '\n' { c } else { ' ' })
        .collect();
    let shift = blank - short.len();
    short.push_str(&excerpt[blank..cut]);
    (short.into(), local.start - shift..span_end - shift)
}

fn ceil_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// 1-based line and column (in chars) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(&word.to_lowercase(), &c.to_lowercase());
        if score >= 0.7 && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

/// "valid values: a, b, c; did you mean `b`?" for an unknown value.
pub fn valid_values_help(word: &str, valid: &[&str]) -> String {
    if valid.is_empty() {
        return "there are no valid values yet".to_string();
    }
    let list = valid
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ");
    match nearest(word, valid.iter().copied()) {
        Some(n) => format!("did you mean `{n}`? valid values: {list}"),
        None => format!("valid values: {list}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_file_line_and_help() {
        let mut ds = Diagnostics::new();
        let text: Arc<str> = Arc::from("+++\ntitle = \"x\"\nstnace = \"asserts\"\n+++\n");
        ds.add_source("content/claims/x.md", text.clone());
        let start = text.find("stnace").unwrap();
        ds.push(
            Diagnostic::error("unknown-key", "unknown key `stnace`")
                .at("content/claims/x.md", start..start + 6)
                .label("not a key of a claim")
                .help("did you mean `stance`?"),
        );
        let out = ds.render(false);
        assert!(
            out.contains("error[unknown-key]: unknown key `stnace`"),
            "{out}"
        );
        assert!(out.contains("content/claims/x.md:3:1"), "{out}");
        assert!(out.contains("help: did you mean `stance`?"), "{out}");
    }

    #[test]
    fn a_huge_line_of_zero_width_characters_is_shown_short_with_the_right_column() {
        let mut ds = Diagnostics::new();
        let line = "\u{200B}".repeat(1_000_000);
        let text: Arc<str> = Arc::from(format!("title\n{line}x{line}\n"));
        ds.add_source("seeds/x.txt", text.clone());
        let x = text.find('x').unwrap();
        ds.push(Diagnostic::warning("long", "at the start").at("seeds/x.txt", 6..9));
        ds.push(Diagnostic::warning("deep", "in the middle").at("seeds/x.txt", x..x + 1));
        let out = ds.render(false);
        assert!(out.len() < 4000, "{} bytes", out.len());
        assert!(out.contains("seeds/x.txt:2:1"), "{out}");
        assert!(out.contains("seeds/x.txt:2:1000001"), "{out}");
    }

    /// A site with one claim file, its text held, and a warning in it.
    fn claim_with_a_warning(root: &Path) -> (Diagnostics, Diagnostic) {
        let rel = "content/claims/x.md";
        let text = "+++\ntitle = \"x\"\n+++\nA body, with a typo: teh end.\n";
        std::fs::create_dir_all(root.join("content/claims")).unwrap();
        std::fs::write(root.join(rel), text).unwrap();
        let mut ds = Diagnostics::new();
        ds.add_source(rel, Arc::from(text));
        let start = text.find("teh").unwrap();
        let warning = Diagnostic::warning("typo", "`teh` is not a word")
            .at(rel, start..start + 3)
            .label("here")
            .help("write `the`");
        (ds, warning)
    }

    #[test]
    fn a_forgotten_text_is_quoted_as_the_held_one() {
        let dir = tempfile::tempdir().unwrap();
        let (mut held, warning) = claim_with_a_warning(dir.path());
        let mut forgotten = held.clone();
        forgotten.forget_texts(dir.path());
        held.push(warning.clone());
        forgotten.push(warning);
        assert!(held.render(false).contains("content/claims/x.md:4:22"));
        assert_eq!(forgotten.render(false), held.render(false));
        assert_eq!(forgotten.render(true), held.render(true));
        assert_eq!(forgotten.short_lines(), held.short_lines());
        assert_eq!(forgotten.line_col("content/claims/x.md", 30), Some((4, 11)));
        let mut extended = Diagnostics::new();
        extended.extend(forgotten.clone());
        assert_eq!(extended.render(false), held.render(false));
    }

    #[test]
    fn a_file_changed_after_its_text_was_forgotten_is_named_without_its_lines() {
        let dir = tempfile::tempdir().unwrap();
        let (mut ds, warning) = claim_with_a_warning(dir.path());
        ds.forget_texts(dir.path());
        ds.push(warning);
        // One line fewer: the same offset is now on another line.
        let file = dir.path().join("content/claims/x.md");
        std::fs::write(
            &file,
            "+++\ntitle = \"x\"\n+++ A body, with a typo: teh end.\n",
        )
        .unwrap();
        let out = ds.render(false);
        assert!(out.contains("warning[typo]: `teh` is not a word"), "{out}");
        assert!(out.contains("--> content/claims/x.md\n"), "{out}");
        assert!(!out.contains("x.md:"), "{out}");
        assert!(!out.contains("teh end"), "{out}");
        assert!(
            out.contains("note: the file changed while the site was built"),
            "{out}"
        );
        assert!(out.contains("help: write `the`"), "{out}");
        assert_eq!(
            ds.short_lines(),
            ["content/claims/x.md: warning[typo]: `teh` is not a word"]
        );
        assert_eq!(ds.line_col("content/claims/x.md", 30), None);
        std::fs::remove_file(&file).unwrap();
        assert!(ds.render(false).contains("the file changed while"));
    }

    #[test]
    fn a_file_with_a_problem_keeps_its_text() {
        let dir = tempfile::tempdir().unwrap();
        let (mut ds, warning) = claim_with_a_warning(dir.path());
        ds.push(warning);
        let before = ds.render(false);
        ds.forget_texts(dir.path());
        std::fs::remove_file(dir.path().join("content/claims/x.md")).unwrap();
        assert_eq!(ds.render(false), before);
    }

    #[test]
    fn sorts_by_file_then_position() {
        let mut ds = Diagnostics::new();
        ds.push(Diagnostic::error("b", "second").at("b.md", 5..6));
        ds.push(Diagnostic::error("a", "first").at("a.md", 9..10));
        ds.push(Diagnostic::warning("a", "zeroth").at("a.md", 1..2));
        let order: Vec<_> = ds.sorted().iter().map(|d| d.message.clone()).collect();
        assert_eq!(order, ["zeroth", "first", "second"]);
    }

    #[test]
    fn suggests_the_nearest_value() {
        assert_eq!(
            nearest("deny", ["asserts", "denies", "qualifies"]),
            Some("denies")
        );
        assert_eq!(nearest("zzz", ["asserts", "denies"]), None);
    }
}
