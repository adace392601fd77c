//! `attest new`: start a claim or an article file with every key of the
//! content format, the optional ones commented out.
//!
//! A new claim passes `attest check` as it is, with one warning,
//! `no-evidence`, until its `[[evidence]]` entry (written commented out,
//! with every key explained) is filled in. A new article is complete: only
//! `seed` is required, and its title comes from the seed's title line.
//! Neither ever replaces an existing file.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics, nearest};
use crate::ingest::{BlockKind, Metadata};
use crate::slug;

/// A file `attest new` wrote.
#[derive(Clone, Debug)]
pub struct Created {
    /// Where, absolute or as the root was given.
    pub path: PathBuf,
    /// Relative to the site root, with `/` separators.
    pub rel: String,
    /// What to do next, in one line.
    pub next: String,
}

fn one(d: Diagnostic) -> Diagnostics {
    let mut ds = Diagnostics::new();
    ds.push(d);
    ds
}

/// Writes `content/claims/<slug>.md` under `root`, dated `today`
/// (`YYYY-MM-DD`).
pub fn new_claim(root: &Path, slug: &str, today: &str) -> Result<Created, Diagnostics> {
    let rel = format!("content/claims/{slug}.md");
    check_slug(slug, &rel, "claim")?;
    let ratings = rating_ids(root);
    let articles = article_slugs(root);
    let text = claim_text(today, &ratings, &articles);
    write_new(root, &rel, &text)?;
    Ok(Created {
        path: root.join(&rel),
        rel: rel.clone(),
        next: "fill in title, claim, claimant and rating, add [[evidence]], then run \
               `attest check` (until then it warns `no-evidence`)"
            .to_string(),
    })
}

/// Writes `content/articles/<slug>.md` for the seed `seed` (a file name in
/// `seeds/`, or a path to one), its slug from the seed's file name unless
/// `slug` is given.
pub fn new_article(root: &Path, seed: &Path, slug: Option<&str>) -> Result<Created, Diagnostics> {
    let seed_name = find_seed(root, seed)?;
    let stem = (seed_name.strip_suffix(".txt"))
        .or_else(|| crate::load::page::stem(&seed_name))
        .unwrap_or(&seed_name);
    let slug = match slug {
        Some(s) => s.to_string(),
        None => slug::suggest(stem),
    };
    let rel = format!("content/articles/{slug}.md");
    check_slug(&slug, &rel, "article")?;
    if let Some(other) = article_of_seed(root, &seed_name) {
        return Err(one(Diagnostic::error(
            "seed-has-article",
            format!("seeds/{seed_name} already has an article file: {other}"),
        )
        .in_file(&other)
        .note("each seed belongs to one article file")
        .help(format!("edit {other} instead"))));
    }
    let mut diags = Diagnostics::new();
    let Some(seed) = crate::load::load_seed(root, &seed_name, &mut diags) else {
        return Err(diags);
    };
    let (seed, reading) = crate::articles::read_seed(&seed, &[]);
    let title = reading
        .ingested
        .blocks
        .iter()
        .find(|b| b.kind == BlockKind::Title)
        .map(|b| seed.text.get()[b.range.clone()].to_string());
    let body = article_text(&seed_name, title.as_deref(), &reading.metadata);
    write_new(root, &rel, &body)?;
    Ok(Created {
        path: root.join(&rel),
        rel,
        next: "uncomment and fill in outlet and the other keys you know, then run `attest check`"
            .to_string(),
    })
}

/// A bad slug is refused with the slug to use, as the build refuses it.
fn check_slug(slug: &str, rel: &str, what: &str) -> Result<(), Diagnostics> {
    slug::check(slug, rel).map_err(|mut d| {
        let good = slug::suggest(slug);
        d.help = vec![match what {
            "claim" => format!("use `attest new claim {good}`"),
            _ => format!("use `--slug {good}`"),
        }];
        one(d)
    })
}

/// Creates `rel` under `root` with `text`; never replaces a file.
fn write_new(root: &Path, rel: &str, text: &str) -> Result<(), Diagnostics> {
    let path = root.join(rel);
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(|e| write_failed(rel, &e))?;
    }
    let file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path);
    match file {
        Ok(mut f) => f
            .write_all(text.as_bytes())
            .map_err(|e| write_failed(rel, &e)),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(one(Diagnostic::error(
            "file-exists",
            format!("{rel} already exists"),
        )
        .in_file(rel)
        .note("attest new never replaces a file")
        .help("edit the file, or choose another slug"))),
        Err(e) => Err(write_failed(rel, &e)),
    }
}

fn write_failed(rel: &str, e: &io::Error) -> Diagnostics {
    one(Diagnostic::error("write-failed", format!("cannot write {rel}: {e}")).in_file(rel))
}

/// The file name (in `seeds/`) of the seed the user named.
fn find_seed(root: &Path, seed: &Path) -> Result<String, Diagnostics> {
    let seeds = root.join("seeds");
    let name = seed
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // The path as given (relative to the current directory), else relative
    // to the root, else a name in seeds/.
    let candidates = [seed.to_path_buf(), root.join(seed), seeds.join(&name)];
    let Some(found) = candidates.iter().find(|p| p.is_file()) else {
        let names = seed_names(root);
        let mut d = Diagnostic::error(
            "unknown-seed",
            format!("there is no seed `{}`", seed.display()),
        )
        .note("a seed is a .txt file directly in seeds/ under the site root");
        if let Some(n) = nearest(&name, names.iter().map(String::as_str)) {
            d = d.help(format!("did you mean `{n}`?"));
        } else if names.is_empty() {
            d = d.help("put the collected text into seeds/ first");
        }
        return Err(one(d));
    };
    let in_seeds = match (
        found.parent().map(fs::canonicalize),
        fs::canonicalize(&seeds),
    ) {
        (Some(Ok(dir)), Ok(seeds)) => dir == seeds,
        _ => false,
    };
    if !in_seeds {
        return Err(one(Diagnostic::error(
            "seed-not-in-seeds",
            format!("{} is not in the site's seeds/ folder", found.display()),
        )
        .note("attest reads the seeds directly in seeds/ under the site root, and never edits them")
        .help(format!(
            "copy it there first, e.g. `cp {} {}/`, then run `attest new article {name}`",
            found.display(),
            seeds.display()
        ))));
    }
    if !name.ends_with(".txt") && !crate::load::page::is_web_page(&name) {
        return Err(one(Diagnostic::error(
            "not-a-seed",
            format!("seeds/{name} does not end in .txt, .html, .htm or .html.gz"),
        )
        .in_file(&format!("seeds/{name}"))
        .note("attest reads only the files of seeds/ that are text (.txt) or saved web pages (.html, .htm, .html.gz)")
        .help("rename the file to end in .txt")));
    }
    Ok(name)
}

fn seed_names(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(root.join("seeds"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    names
}

/// The markdown files directly in `content/<section>/`, sorted.
fn content_files(root: &Path, section: &str) -> Vec<(String, PathBuf)> {
    let mut files: Vec<(String, PathBuf)> = fs::read_dir(root.join("content").join(section))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let stem = name.strip_suffix(".md")?.to_string();
            (!name.starts_with('.')).then(|| (stem, e.path()))
        })
        .collect();
    files.sort();
    files
}

fn article_slugs(root: &Path) -> Vec<String> {
    content_files(root, "articles")
        .into_iter()
        .map(|(stem, _)| stem)
        .filter(|s| slug::is_valid(s))
        .collect()
}

/// The article file (relative path) whose `seed` is `name`, if any.
fn article_of_seed(root: &Path, name: &str) -> Option<String> {
    content_files(root, "articles")
        .into_iter()
        .find(|(_, path)| {
            fs::read_to_string(path)
                .ok()
                .and_then(|text| front_matter(&text))
                .and_then(|front| front.parse::<toml::Table>().ok())
                .and_then(|t| t.get("seed").and_then(|s| s.as_str().map(str::to_string)))
                .is_some_and(|s| s == name)
        })
        .map(|(stem, _)| format!("content/articles/{stem}.md"))
}

/// The TOML between the `+++` lines, if the file has them.
fn front_matter(text: &str) -> Option<String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split('\n');
    if lines.next()?.trim_end() != "+++" {
        return None;
    }
    let mut front = Vec::new();
    for line in lines {
        if line.trim_end() == "+++" {
            return Some(front.join("\n"));
        }
        front.push(line);
    }
    None
}

/// The rating ids of `config.toml`, best first (empty if it cannot be read).
fn rating_ids(root: &Path) -> Vec<String> {
    fs::read_to_string(root.join("config.toml"))
        .ok()
        .and_then(|t| t.parse::<toml::Table>().ok())
        .and_then(|t| t.get("ratings").and_then(|r| r.as_array().cloned()))
        .unwrap_or_default()
        .iter()
        .filter_map(|r| r.get("id")?.as_str().map(str::to_string))
        .collect()
}

/// `s` as a TOML basic string, quotes and escapes included.
fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn claim_text(today: &str, ratings: &[String], articles: &[String]) -> String {
    // The middle of the scale: a placeholder that is valid but says nothing.
    let rating = ratings
        .get(ratings.len().saturating_sub(1) / 2)
        .cloned()
        .unwrap_or_else(|| "unproven".to_string());
    let rating_note = if ratings.is_empty() {
        "an id of [[ratings]] in config.toml".to_string()
    } else {
        format!("one of: {} (config.toml, best first)", ratings.join(", "))
    };
    let article = articles
        .first()
        .cloned()
        .unwrap_or_else(|| "article-slug".to_string());
    let article_note = match articles.len() {
        0 => "a file in content/articles/ (`attest new article <seed>` makes one)".to_string(),
        n if n <= 6 => format!("a file in content/articles/: {}", articles.join(", ")),
        n => format!(
            "a file in content/articles/: {}, … ({n} in all)",
            articles[..5].join(", ")
        ),
    };
    let mut t = String::from("+++\n");
    let mut line = |code: &str, comment: &str| t.push_str(&commented(code, comment));
    line(
        "# A checked claim: fill in every value, then run `attest check`.",
        "",
    );
    line(
        "# Lines that start with `# key =` are optional: remove the `# ` to use one.",
        "",
    );
    line(r#"title = "TODO: the headline of this check""#, "");
    line(r#"claim = "TODO: the claim itself, as checked""#, "");
    line(r#"claimant = "TODO: who made the claim""#, "");
    line(
        &format!("# claim_date = {today}"),
        "when the claimant said it",
    );
    line(&format!("rating = {}", toml_string(&rating)), &rating_note);
    line(
        &format!("published = {today}"),
        "when this check is published",
    );
    line(
        &format!("# updated = {today}"),
        "when this check was last updated",
    );
    line(r#"# tags = ["a tag", "another tag"]"#, "");
    line(
        "draft = false",
        "true: left out of the site unless built with --drafts",
    );
    line("", "");
    line(
        "# A number the claim states (optional): uncomment the table.",
        "",
    );
    line("# [figure]", "");
    line(
        r#"# quantity = "a-slug-for-this-quantity""#,
        "shared by every claim about the same quantity",
    );
    line("# value = 1500", "or a range: low = 1000 and high = 2000");
    line(r#"# unit = "troops""#, "");
    line(
        &format!("# as_of = {today}"),
        "the date the figure refers to",
    );
    line("", "");
    line(
        "# The evidence: one [[evidence]] entry per quoted passage, the quote typed as",
        "",
    );
    line(
        "# it stands in the article (quotes, dashes, spaces and case may differ;",
        "",
    );
    line(
        "# ` ... ` skips words within one paragraph). Uncomment this entry, fill it in,",
        "",
    );
    line(
        "# and copy it for each further passage. Until then `attest check` warns",
        "",
    );
    line("# `no-evidence`.", "");
    line("# [[evidence]]", "");
    line(
        &format!("# article = {}", toml_string(&article)),
        &article_note,
    );
    line(r#"# stance = "asserts""#, "asserts | denies | qualifies");
    line(r#"# quote = "the words as they stand in the article""#, "");
    line(
        r#"# attributed_to = "who the article says said it""#,
        "optional: counts primary sources",
    );
    line(
        r#"# note = "an editor's note on this passage""#,
        "optional, markdown",
    );
    line(
        r#"# prefix = "the words just before the quote""#,
        "optional: picks one of several matches",
    );
    line(
        r#"# suffix = "the words just after the quote""#,
        "optional: the same, after it",
    );
    t.push_str("+++\n");
    t.push_str("TODO: the analysis, in markdown: what was claimed, what the sources say, and why the rating.\n");
    t
}

/// `code`, then `# comment` from column 51 (or after one space).
fn commented(code: &str, comment: &str) -> String {
    if comment.is_empty() {
        return format!("{code}\n");
    }
    let width = code.chars().count();
    let pad = if width < 50 { 50 - width } else { 1 };
    format!("{code}{}# {comment}\n", " ".repeat(pad))
}

fn article_text(seed: &str, title: Option<&str>, found: &Metadata) -> String {
    let mut t = String::from("+++\n");
    let mut line = |code: &str, comment: &str| t.push_str(&commented(code, comment));
    line(
        "# An article: a seed and what is known about it. Only `seed` is required;",
        "",
    );
    line(
        "# lines that start with `# key =` are optional: remove the `# ` to use one.",
        "",
    );
    line(
        &format!("seed = {}", toml_string(seed)),
        "the file in seeds/",
    );
    let from = |f: &crate::ingest::Found| format!("from the page: {}", f.source);
    match (&found.headline, title) {
        (Some(h), _) => line(&format!("title = {}", toml_string(&h.value)), &from(h)),
        (None, Some(title)) => line(
            &format!("title = {}", toml_string(title)),
            "the seed's title line",
        ),
        (None, None) => {
            line(
                "# The seed has no title line: write one, or the page shows the file name.",
                "",
            );
            line(r#"# title = "The headline of the article""#, "");
        }
    }
    match &found.publisher {
        Some(p) => line(&format!("outlet = {}", toml_string(&p.value)), &from(p)),
        None => line(
            r#"# outlet = "Where this copy was found""#,
            "shown as \"Found at\"",
        ),
    }
    line(
        r#"# original_outlet = "Who first published it""#,
        "shown as \"First published by\"",
    );
    match &found.url {
        Some(u) => line(&format!("url = {}", toml_string(&u.value)), &from(u)),
        None => line(
            r#"# url = "https://example.org/the-article""#,
            "the address it was collected from",
        ),
    }
    match found.published.as_ref().and_then(|p| Some((p, p.date()?))) {
        Some((p, date)) => line(&format!("published = {date}"), &from(p)),
        None => line("# published = 2024-10-18", "when the article was published"),
    }
    line(
        r#"# copy_of = "another-article-slug""#,
        "this text copies that article's (a repost)",
    );
    line(
        r#"# furniture = ["Share this article"]"#,
        "whole lines of the seed to hide",
    );
    line(
        "# After the closing +++ line: the editor's note on this source, in markdown.",
        "",
    );
    t.push_str("+++\n");
    t
}

/// Today's date, `YYYY-MM-DD`, in the local time zone where it can be
/// known (Unix), else in UTC.
pub fn today() -> String {
    #[cfg(unix)]
    if let Some(d) = local_today() {
        return d;
    }
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400) as i64;
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(unix)]
fn local_today() -> Option<String> {
    // SAFETY: `time` with a null pointer only returns the time;
    // `localtime_r` writes into the `tm` we own and is thread-safe.
    unsafe {
        let now = libc::time(std::ptr::null_mut());
        let mut tm: libc::tm = std::mem::zeroed();
        if libc::localtime_r(&now, &mut tm).is_null() {
            return None;
        }
        Some(format!(
            "{:04}-{:02}-{:02}",
            tm.tm_year + 1900,
            tm.tm_mon + 1,
            tm.tm_mday
        ))
    }
}

/// The proleptic Gregorian date of a day count since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        let t = today();
        assert_eq!(t.len(), 10, "{t}");
    }

    #[test]
    fn front_matter_is_found() {
        assert_eq!(
            front_matter("+++\nseed = \"a.txt\"\n+++\nbody"),
            Some("seed = \"a.txt\"".to_string())
        );
        assert_eq!(front_matter("no front matter"), None);
    }

    #[test]
    fn strings_are_toml_strings() {
        for s in ["a \"b\" \\ c", "it's “quoted” – x", "line\nbreak"] {
            let t: toml::Table = format!("k = {}", toml_string(s)).parse().unwrap();
            assert_eq!(t["k"].as_str(), Some(s));
        }
    }
}
