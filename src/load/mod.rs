//! Load: read `config.toml`, `seeds/`, `content/`, `templates/` and `static/`
//! of a site root into a [`SiteSource`], reporting every problem found.

mod charset;
mod config;
pub mod content;
pub mod frontmatter;
pub mod page;
mod seeds;
mod texts;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::slug;
use config::load_config;
pub use content::*;
use frontmatter::{Document, Schema};
use seeds::load_seeds;
pub use seeds::{MAX_SEED_LINE, SEED_READ_CODES, load_seed, read_seed_file};
pub use texts::{SeedText, changed_seeds, keep_no_texts, report_changed_seeds};

/// A seed article as collected: its file name and its text.
#[derive(Clone, Debug)]
pub struct Seed {
    /// File name under `seeds/`, e.g. `000_940354af2434b6c9.txt`.
    pub name: String,
    /// The text the seed's blocks index into. A text seed's file as it is
    /// (BOM and line ends kept), so offsets are offsets into the file; for a
    /// web page, its visible text, which ingest reads from `page` (empty
    /// until then). A text seed's is read again from its file when needed.
    pub text: SeedText,
    /// A web page's HTML, decoded; `None` for text seeds and once ingested.
    pub page: Option<Arc<str>>,
    /// The warning reading the file gave (a page read in another charset
    /// than it declares), until the loader reports it.
    pub warning: Option<Diagnostic>,
}

/// How a seed is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SeedFormat {
    /// UTF-8 text, one block per non-empty line (`.txt`).
    Text,
    /// A saved web page (`.html`, `.htm`, `.html.gz`).
    Html,
}

impl Seed {
    /// The path relative to the site root.
    pub fn file(&self) -> String {
        format!("seeds/{}", self.name)
    }

    pub fn format(&self) -> SeedFormat {
        if page::is_web_page(&self.name) {
            SeedFormat::Html
        } else {
            SeedFormat::Text
        }
    }

    /// The slug made from the file stem, for a seed with no article file.
    pub fn default_slug(&self) -> String {
        default_slug(&self.name)
    }
}

/// The slug of the article of the seed file `name` when it has no article file.
pub fn default_slug(name: &str) -> String {
    let stem = (name.strip_suffix(".txt"))
        .or_else(|| page::stem(name))
        .unwrap_or(name);
    slug::suggest(stem)
}

/// A file of `static/`, copied verbatim.
#[derive(Clone, Debug)]
pub struct StaticFile {
    /// Path relative to `static/`, with `/` separators.
    pub rel: String,
    pub path: PathBuf,
}

/// Everything a site is made of, as read from disk.
#[derive(Clone, Debug)]
pub struct SiteSource {
    pub root: PathBuf,
    pub config: Config,
    pub config_doc: Document,
    pub home: Option<Parsed<PageFront>>,
    pub pages: Vec<Parsed<PageFront>>,
    pub articles: Vec<Parsed<ArticleFront>>,
    pub claims: Vec<Parsed<ClaimFront>>,
    /// `content/sources/`: the registry of who says things (may be empty).
    pub sources: Vec<Parsed<SourceFront>>,
    pub seeds: Vec<Seed>,
    /// The seeds that could not be read or decoded (file names): each has
    /// its error, and what depends on it is skipped, not reported again.
    pub unreadable_seeds: Vec<String>,
    /// The site's own templates (name, source); they override the defaults.
    pub templates: Vec<(String, String)>,
    pub static_files: Vec<StaticFile>,
}

/// What to load.
#[derive(Clone, Debug, Default)]
pub struct LoadOptions {
    /// Include claims and pages marked `draft = true`.
    pub drafts: bool,
    /// Replaces `base_url` of config.toml (`--base-url`, for a preview
    /// deployment at another address).
    pub base_url: Option<String>,
}

/// Reads the site at `root`. Returns the site if nothing stopped it from
/// being read whole; every problem found is in `diags`.
pub fn load(root: &Path, options: LoadOptions, diags: &mut Diagnostics) -> Option<SiteSource> {
    match rayon::ThreadPoolBuilder::new()
        .num_threads(READERS.max(rayon::current_num_threads()))
        .thread_name(|i| format!("attest-read-{i}"))
        .build()
    {
        Ok(pool) => pool.install(|| load_all(root, options, diags)),
        Err(_) => load_all(root, options, diags),
    }
}

/// How many files are read at once. Reading a site is waiting on the disk
/// more than computing: 25,000 files (266 MB) read cold in 1.4-1.8 s with
/// 16 readers, 3.3-6.9 s with 2 (one per core of the machine measured).
const READERS: usize = 16;

fn load_all(root: &Path, options: LoadOptions, diags: &mut Diagnostics) -> Option<SiteSource> {
    // The seeds, the article files and the rest are read at once, each part
    // with problems of its own, merged in this order: on a cold disk, one
    // folder's reads do not wait for the last reads of the folder before.
    let (
        ((config, (seeds, unreadable_seeds), d1), (home, mut pages, d2)),
        (articles_part, claims_part),
    ) = rayon::join(
        || {
            rayon::join(
                || {
                    let mut d = Diagnostics::new();
                    let config = load_config(root, options.base_url.as_deref(), &mut d);
                    (config, load_seeds(root, &mut d), d)
                },
                || {
                    let mut d = Diagnostics::new();
                    let home = read_markdown(root, "content/_index.md", &mut d)
                        .and_then(|doc| parse_doc(doc, "_index", &HOME_SCHEMA, &mut d));
                    let pages: Vec<Parsed<PageFront>> =
                        load_dir(root, "content/pages", &PAGE_SCHEMA, &mut d);
                    (home, pages, d)
                },
            )
        },
        || {
            rayon::join(
                || {
                    let mut d = Diagnostics::new();
                    let articles: Vec<Parsed<ArticleFront>> =
                        load_dir(root, "content/articles", &ARTICLE_SCHEMA, &mut d);
                    articles.iter().for_each(|a| check_article(a, &mut d));
                    (articles, d)
                },
                || {
                    let mut d = Diagnostics::new();
                    let claims: Vec<Parsed<ClaimFront>> =
                        load_dir(root, "content/claims", &CLAIM_SCHEMA, &mut d);
                    let sources = load_dir(root, "content/sources", &SOURCE_SCHEMA, &mut d);
                    let templates = load_templates(root, &mut d);
                    let static_files = load_static(root, &mut d);
                    (claims, sources, templates, static_files, d)
                },
            )
        },
    );
    let (articles, d3) = articles_part;
    let (mut claims, sources, templates, static_files, d4) = claims_part;
    [d1, d2, d3, d4].into_iter().for_each(|d| diags.extend(d));
    if !options.drafts {
        pages.retain(|p| !p.front.draft);
        claims.retain(|c| !c.front.draft);
    }
    let (config, config_doc) = config?;
    Some(SiteSource {
        root: root.to_path_buf(),
        config,
        config_doc,
        home,
        pages,
        articles,
        claims,
        sources,
        seeds,
        unreadable_seeds,
        templates,
        static_files,
    })
}

fn read_text(root: &Path, rel: &str, diags: &mut Diagnostics) -> Option<Arc<str>> {
    text_of(rel, std::fs::read(root.join(rel)), diags)
}

/// The text of file `rel` as read (`read`), its source kept for the
/// problems found in it; `None`, with the problem, if it could not be read
/// or is not UTF-8.
fn text_of(rel: &str, read: std::io::Result<Vec<u8>>, diags: &mut Diagnostics) -> Option<Arc<str>> {
    match read {
        Ok(bytes) => match decode_utf8(rel, bytes).map(Arc::<str>::from) {
            Ok(text) => {
                diags.add_source(rel, text.clone());
                Some(text)
            }
            Err((d, shown)) => {
                diags.add_source(rel, shown);
                diags.push(d);
                None
            }
        },
        Err(e) => {
            diags.push(
                Diagnostic::error("unreadable-file", format!("cannot read {rel}: {e}"))
                    .in_file(rel),
            );
            None
        }
    }
}

/// The text of a file that must be UTF-8; if it is not, the error, located
/// at the first invalid byte of the text as far as it can be shown (with
/// `�` for each invalid sequence).
fn decode_utf8(rel: &str, bytes: Vec<u8>) -> Result<String, (Diagnostic, Arc<str>)> {
    match crate::utf8::checked(bytes) {
        Ok(s) => Ok(s),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let d = not_utf8(rel, offset, e.as_bytes());
            // Up to the first invalid byte, the shown text and the file agree byte for byte.
            let shown = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let at = offset..offset + '\u{FFFD}'.len_utf8();
            Err((d.at(rel, at), Arc::from(shown)))
        }
    }
}

fn not_utf8(rel: &str, offset: usize, bytes: &[u8]) -> Diagnostic {
    Diagnostic::error(
        "not-utf8",
        format!(
            "{rel} is not valid UTF-8: invalid byte 0x{:02X} at byte offset {offset}",
            bytes[offset]
        ),
    )
    .label("not UTF-8 (shown as �)")
    .help(format!(
        "convert the file to UTF-8, e.g. `iconv -f WINDOWS-1252 -t UTF-8 {rel} > {rel}.utf8 && mv {rel}.utf8 {rel}` (use the file's real encoding)"
    ))
}

/// The files directly in `root/dir`, sorted by name, hidden and backup
/// files left out: (file name, path relative to root).
fn list_dir(root: &Path, dir: &str, diags: &mut Diagnostics) -> Vec<(String, String)> {
    walk_files(root, dir, Some(1), diags)
        .into_iter()
        .map(|(name, _)| {
            let rel = format!("{dir}/{name}");
            (name, rel)
        })
        .collect()
}

/// Editor leftovers and hidden files are never content.
fn is_ignored(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name.starts_with('#')
}

fn read_markdown(root: &Path, rel: &str, diags: &mut Diagnostics) -> Option<Document> {
    let read = std::fs::read(root.join(rel));
    // What is not a file (a missing home page, a folder) is nothing to read:
    // asked only once reading failed, not of every file.
    if read.is_err() && !root.join(rel).is_file() {
        return None;
    }
    let text = text_of(rel, read, diags)?;
    match frontmatter::split(rel, text) {
        Ok(doc) => Some(doc),
        Err(d) => {
            diags.push(d);
            None
        }
    }
}

fn parse_doc<T: DeserializeOwned>(
    doc: Document,
    slug: &str,
    schema: &Schema,
    diags: &mut Diagnostics,
) -> Option<Parsed<T>> {
    let front = frontmatter::parse(&doc, schema, diags)?;
    Some(Parsed {
        slug: slug.to_string(),
        doc,
        front,
    })
}

fn load_dir<T: DeserializeOwned + Send>(
    root: &Path,
    dir: &str,
    schema: &Schema,
    diags: &mut Diagnostics,
) -> Vec<Parsed<T>> {
    let files = list_dir(root, dir, diags);
    // Read and parse in parallel; problems are merged in file order.
    let parsed: Vec<(Option<Parsed<T>>, Diagnostics)> = files
        .into_par_iter()
        .map(|(name, rel)| {
            let mut local = Diagnostics::new();
            let parsed = parse_file(root, &name, &rel, schema, &mut local);
            (parsed, local)
        })
        .collect();
    let mut out = Vec::with_capacity(parsed.len());
    for (p, local) in parsed {
        diags.extend(local);
        out.extend(p);
    }
    out
}

/// Reads and parses one content file (`name` in the folder, `rel` from the root).
fn parse_file<T: DeserializeOwned>(
    root: &Path,
    name: &str,
    rel: &str,
    schema: &Schema,
    diags: &mut Diagnostics,
) -> Option<Parsed<T>> {
    let Some(stem) = name.strip_suffix(".md") else {
        diags.push(
            Diagnostic::warning(
                "ignored-file",
                format!("{rel} is not a markdown file and is ignored"),
            )
            .in_file(rel)
            .help("content files end in .md"),
        );
        return None;
    };
    if let Err(d) = slug::check(stem, rel) {
        diags.push(d);
        return None;
    }
    read_markdown(root, rel, diags).and_then(|doc| parse_doc(doc, stem, schema, diags))
}

/// Reads one claim file again (`content/claims/<name>`), as [`load`] does.
pub fn load_claim(root: &Path, name: &str, diags: &mut Diagnostics) -> Option<Parsed<ClaimFront>> {
    parse_file(
        root,
        name,
        &format!("content/claims/{name}"),
        &CLAIM_SCHEMA,
        diags,
    )
}

/// Reads one article file again (`content/articles/<name>`), as [`load`] does.
pub fn load_article(
    root: &Path,
    name: &str,
    diags: &mut Diagnostics,
) -> Option<Parsed<ArticleFront>> {
    let article = parse_file(
        root,
        name,
        &format!("content/articles/{name}"),
        &ARTICLE_SCHEMA,
        diags,
    );
    article.iter().for_each(|a| check_article(a, diags));
    article
}

/// What an article file's keys must hold beyond their types.
fn check_article(a: &Parsed<ArticleFront>, diags: &mut Diagnostics) {
    if let Some(url) = &a.front.url {
        check_url(url, &a.doc, diags);
    }
}

/// A `url` key may only hold an address a reader can safely follow.
fn check_url(url: &toml::Spanned<String>, doc: &Document, diags: &mut Diagnostics) {
    if let Some(scheme) = crate::url::refused_scheme(url.get_ref()) {
        diags.push(
            Diagnostic::error(
                "unsafe-url",
                format!("a `{scheme}:` address cannot be published"),
            )
            .at(&doc.file, doc.span(url.span()))
            .label(format!("`{scheme}:` is not http:, https: or mailto:"))
            .note(crate::url::why(&scheme))
            .help("write the web address, starting with https:// (or http://)"),
        );
    }
}

fn load_templates(root: &Path, diags: &mut Diagnostics) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (rel, _) in walk_files(root, "templates", None, diags) {
        if let Some(text) = read_text(root, &format!("templates/{rel}"), diags) {
            out.push((rel, text.to_string()));
        }
    }
    out
}

fn load_static(root: &Path, diags: &mut Diagnostics) -> Vec<StaticFile> {
    walk_files(root, "static", None, diags)
        .into_iter()
        .map(|(rel, path)| StaticFile { rel, path })
        .collect()
}

/// Whether the symbolic link at `link` leads to a regular file inside the
/// site (`site`, canonical); if not, where it leads instead, in words.
fn link_to_site_file(link: &Path, site: Option<&Path>) -> Result<(), String> {
    let target = match std::fs::canonicalize(link) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err("that leads nowhere (its target does not exist)".into());
        }
        Err(e) if is_loop(&e) => return Err("that loops (it leads back to itself)".into()),
        Err(e) => return Err(format!("that cannot be followed ({e})")),
    };
    if !site.is_some_and(|s| target.starts_with(s)) {
        return Err(format!("to {}, outside the site", target.display()));
    }
    if !target.is_file() {
        return Err(format!("to {}, which is not a file", target.display()));
    }
    Ok(())
}

/// Too many levels of symbolic links (ELOOP).
fn is_loop(e: &std::io::Error) -> bool {
    #[cfg(unix)]
    return e.raw_os_error() == Some(libc::ELOOP);
    #[cfg(not(unix))]
    return false;
}

fn symlink_skipped(rel: &str, why: &str) -> Diagnostic {
    Diagnostic::warning(
        "symlink-skipped",
        format!("{rel} is a symbolic link {why}; it is skipped"),
    )
    .in_file(rel)
    .note("a symbolic link is read as the file it leads to only when that is a file inside the site's folder, so a build never publishes files from elsewhere on the machine")
    .help("copy the file into the site, or point the link at a file inside the site")
}

/// Every file under `root/dir` (down to `max_depth`, if given), sorted,
/// hidden and editor files left out: (path relative to `dir` with `/`
/// separators, full path). A symbolic link counts as the file it leads to
/// if that is a file inside the site; any other is skipped with the warning
/// `symlink-skipped` (outside the site, to a folder, broken, a loop).
fn walk_files(
    root: &Path,
    dir: &str,
    max_depth: Option<usize>,
    diags: &mut Diagnostics,
) -> Vec<(String, PathBuf)> {
    let base = root.join(dir);
    let mut out = Vec::new();
    if !base.is_dir() {
        return out;
    }
    let walk = walkdir::WalkDir::new(&base)
        .min_depth(1)
        .sort_by_file_name();
    let walk = walk.max_depth(max_depth.unwrap_or(usize::MAX));
    // Links may lead anywhere inside the site, nowhere outside it.
    let site = std::fs::canonicalize(root).ok();
    for entry in walk {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.push(Diagnostic::error(
                    "unreadable-file",
                    format!("cannot read {dir}/: {e}"),
                ));
                continue;
            }
        };
        let kind = entry.file_type();
        if !kind.is_file() && !kind.is_symlink() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(&base)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        if rel.split('/').any(is_ignored) {
            continue;
        }
        if kind.is_symlink()
            && let Err(why) = link_to_site_file(entry.path(), site.as_deref())
        {
            diags.push(symlink_skipped(&format!("{dir}/{rel}"), &why));
            continue;
        }
        out.push((rel, entry.into_path()));
    }
    out
}
