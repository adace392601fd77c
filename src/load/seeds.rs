//! Reading the seeds: bytes, decoded to text, checked; one cause, one error.

use super::*;

/// The seeds that could be read, and the names of those that could not.
pub(super) fn load_seeds(root: &Path, diags: &mut Diagnostics) -> (Vec<Seed>, Vec<String>) {
    let files = list_dir(root, "seeds", diags);
    // Read in parallel; problems are merged in file order.
    let read: Vec<(String, SeedRead)> = files
        .into_par_iter()
        .map(|(name, rel)| (name.clone(), read_seed(root, name, &rel)))
        .collect();
    let mut seeds = Vec::with_capacity(read.len());
    let mut unreadable = Vec::new();
    for (name, r) in read {
        let failed = r.problems.iter().any(|d| d.severity == Severity::Error);
        match r.report(diags) {
            Some(seed) => seeds.push(seed),
            None if failed => unreadable.push(name),
            None => {}
        }
    }
    super::texts::fit_cache(seeds.iter().map(|s| s.text.len()).sum());
    (seeds, unreadable)
}

/// What reading one seed gave: the seed, unless it could not be read or
/// decoded, and its problems, with the text they point into.
struct SeedRead {
    rel: String,
    seed: Option<Seed>,
    problems: Vec<Diagnostic>,
    /// The text the problems point into (as far as it could be decoded).
    shown: Option<Arc<str>>,
}

impl SeedRead {
    fn failed(rel: &str, problem: Diagnostic, shown: Option<Arc<str>>) -> SeedRead {
        SeedRead {
            rel: rel.to_string(),
            seed: None,
            problems: vec![problem],
            shown,
        }
    }

    /// Hands the problems to `diags`; the seed, if there is one.
    fn report(mut self, diags: &mut Diagnostics) -> Option<Seed> {
        if let Some(text) = self.shown {
            diags.add_source(&self.rel, text);
        }
        self.problems.into_iter().for_each(|d| diags.push(d));
        if let Some(w) = self.seed.as_mut().and_then(|s| s.warning.take()) {
            diags.push(w);
        }
        self.seed
    }
}

/// Reads a seed in three steps: the file's bytes, decoded to text (UTF-8
/// for a text seed, the declared charset for a web page), checked.
fn read_seed(root: &Path, name: String, rel: &str) -> SeedRead {
    let web_page = page::is_web_page(&name);
    if !web_page && !name.ends_with(".txt") {
        let ignored = Diagnostic::warning(
            "ignored-file",
            format!("{rel} is not a seed (.txt, .html, .htm or .html.gz) and is ignored"),
        )
        .in_file(rel)
        .help("seeds are UTF-8 text files ending in .txt, or web pages saved from a browser (.html, .htm, .html.gz)");
        return SeedRead::failed(rel, ignored, None);
    }
    let bytes = match std::fs::read(root.join(rel)) {
        Ok(bytes) => bytes,
        Err(e) => {
            let unreadable =
                Diagnostic::error("unreadable-file", format!("cannot read {rel}: {e}"))
                    .in_file(rel);
            return SeedRead::failed(rel, unreadable, None);
        }
    };
    if web_page {
        return match page::decode_page(rel, bytes) {
            Ok(page) => SeedRead {
                rel: rel.to_string(),
                seed: Some(Seed {
                    name,
                    text: SeedText::default(),
                    page: Some(Arc::from(page.text)),
                    warning: page.warning,
                }),
                problems: Vec::new(),
                shown: None,
            },
            Err(d) => SeedRead::failed(rel, d, None),
        };
    }
    let text = match decode_utf8(rel, bytes) {
        Ok(text) => Arc::new(text),
        Err((d, shown)) => return SeedRead::failed(rel, d, Some(shown)),
    };
    let problems = long_lines(rel, &text);
    SeedRead {
        rel: rel.to_string(),
        shown: (!problems.is_empty()).then(|| Arc::from(text.as_str())),
        seed: Some(Seed {
            text: SeedText::of_file(root.join(rel), text),
            name,
            page: None,
            warning: None,
        }),
        problems,
    }
}

/// The codes of the problems found when a seed is read (not when it is
/// paired with its article file).
pub const SEED_READ_CODES: [&str; 9] = [
    "ignored-file",
    "unreadable-file",
    "not-utf8",
    "long-seed-line",
    "undecodable-page",
    "page-charset-mismatch",
    "page-too-large",
    "page-too-deep",
    "bad-gzip",
];

/// Seed lines longer than this are reported (`long-seed-line`): no article
/// has a paragraph of a megabyte; such a line is a scraping accident.
pub const MAX_SEED_LINE: usize = 1 << 20;

/// A warning at the first line of `text` longer than [`MAX_SEED_LINE`], if any.
fn long_lines(rel: &str, text: &str) -> Vec<Diagnostic> {
    if text.len() <= MAX_SEED_LINE {
        return Vec::new();
    }
    let mut long = Vec::new();
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).chain([text.len()]);
    for (i, end) in ends.enumerate() {
        if end - start > MAX_SEED_LINE {
            long.push((i + 1, start, end - start));
        }
        start = end + 1;
    }
    let Some(&(line, at, bytes)) = long.first() else {
        return Vec::new();
    };
    let first = text[at..].chars().next().map_or(0, char::len_utf8);
    let more = match long.len() {
        1 => String::new(),
        n => format!(" (and {} more such lines)", n - 1),
    };
    vec![
        Diagnostic::warning(
            "long-seed-line",
            format!(
                "line {line} of {rel} is {:.1} MB long{more}",
                bytes as f64 / 1e6
            ),
        )
        .at(rel, at..at + first)
        .label(format!("a line of {bytes} bytes"))
        .note(format!(
            "no article has a paragraph over {} MiB: such a line is a scraping accident (a page's data or scripts on one line); it is published as one paragraph",
            MAX_SEED_LINE >> 20
        ))
        .help("collect the article's text again, or remove the line from the seed"),
    ]
}

/// Reads a seed file from anywhere (for `attest text`), as [`load`] reads
/// `seeds/<name>`; problems name the path as given.
pub fn read_seed_file(path: &Path, name: &str, diags: &mut Diagnostics) -> Option<Seed> {
    let rel = path.to_string_lossy().replace('\\', "/");
    read_seed(Path::new(""), name.to_string(), &rel).report(diags)
}

/// Reads one seed again (`seeds/<name>`), as [`load`] does.
pub fn load_seed(root: &Path, name: &str, diags: &mut Diagnostics) -> Option<Seed> {
    read_seed(root, name.to_string(), &format!("seeds/{name}")).report(diags)
}
