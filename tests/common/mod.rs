//! Helpers shared by the integration tests: fixture sites in temp dirs,
//! builds, and a small reader for the HTML the build writes.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use attest::build::{BuildOptions, BuildReport, build};

/// A copy of `tests/fixtures/<name>` in a fresh temporary directory.
pub fn fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    copy_dir(&src, dir.path());
    dir
}

/// A copy of the demo site (the repository's config, content and seeds)
/// in a fresh temporary directory.
pub fn demo_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    fs::copy(repo.join("config.toml"), dir.path().join("config.toml")).unwrap();
    for sub in ["content", "seeds"] {
        fs::create_dir_all(dir.path().join(sub)).unwrap();
        copy_dir(&repo.join(sub), &dir.path().join(sub));
    }
    dir
}

/// A file of the site (relative to its root) saved in place, as the
/// watcher of `attest serve` reports it.
pub fn modified(path: &str) -> attest::serve::watch::Change {
    attest::serve::watch::Change {
        path: path.to_string(),
        kind: attest::serve::watch::ChangeKind::Modified,
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&dest).unwrap();
        } else {
            fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// Builds the site at `root` into `root/public`.
pub fn build_site(root: &Path) -> BuildReport {
    build(&BuildOptions::new(root))
}

pub fn options(root: &Path) -> BuildOptions {
    BuildOptions::new(root)
}

/// The plain-text diagnostics of a build, with the temp path removed.
pub fn messages(report: &BuildReport) -> String {
    report.diagnostics.render(false)
}

/// Every file under `dir`: path relative to it -> bytes.
pub fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.insert(rel, fs::read(entry.path()).unwrap());
        }
    }
    out
}

/// Asserts that two trees (from [`files`]) hold the same paths with the same
/// bytes; a file that is not is named, followed by `differs`.
pub fn assert_same_files(
    a: &BTreeMap<String, Vec<u8>>,
    b: &BTreeMap<String, Vec<u8>>,
    differs: &str,
) {
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in a {
        assert!(b[path] == *bytes, "{path} {differs}");
    }
}

/// The values of attribute `name` in `html` (double-quoted, as the build writes them).
pub fn attr_values(html: &str, name: &str) -> Vec<String> {
    let needle = format!(" {name}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        rest = &rest[i + needle.len()..];
        let end = rest.find('"').unwrap();
        out.push(unescape(&rest[..end]));
        rest = &rest[end..];
    }
    out
}

pub fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

/// Text of `html` with tags removed and entities decoded.
pub fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    unescape(&out)
}

/// The text of every `<mark ... data-ev="id">` piece of evidence `id`, in order.
pub fn evidence_pieces(html: &str, id: &str) -> Vec<String> {
    let needle = format!("data-ev=\"{id}\">");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        rest = &rest[i + needle.len()..];
        // Find the matching </mark>, counting nested marks.
        let mut depth = 1;
        let mut pos = 0;
        while depth > 0 {
            let open = rest[pos..].find("<mark").map(|j| pos + j);
            let close = rest[pos..].find("</mark>").map(|j| pos + j).unwrap();
            match open {
                Some(o) if o < close => {
                    depth += 1;
                    pos = o + 5;
                }
                _ => {
                    depth -= 1;
                    pos = close + 7;
                }
            }
        }
        out.push(text_of(&rest[..pos - 7]));
    }
    out
}

/// Every internal link of every page that does not resolve to a file of
/// the output (or to an element id on it, for `#fragment`s).
pub fn broken_links(out: &Path) -> Vec<String> {
    let all = files(out);
    let mut broken = Vec::new();
    for (path, bytes) in &all {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        let base = Path::new(path)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        for href in attr_values(&html, "href")
            .into_iter()
            .chain(attr_values(&html, "src"))
        {
            if href.starts_with("http://")
                || href.starts_with("https://")
                || href.starts_with("mailto:")
            {
                continue;
            }
            let (target, fragment) = match href.split_once('#') {
                Some((t, f)) => (t.to_string(), Some(f.to_string())),
                None => (href.clone(), None),
            };
            let target_path = if target.is_empty() {
                PathBuf::from(path)
            } else {
                let mut p = normalise(&base.join(&target));
                if target.ends_with('/')
                    || !all.contains_key(&p.to_string_lossy().to_string()) && !target.contains('.')
                {
                    p = p.join("index.html");
                }
                p
            };
            let key = target_path.to_string_lossy().replace('\\', "/");
            let Some(target_bytes) = all.get(&key) else {
                broken.push(format!("{path}: {href} (no file {key})"));
                continue;
            };
            if let Some(f) = fragment {
                let target_html = String::from_utf8_lossy(target_bytes);
                if !attr_values(&target_html, "id").contains(&f) {
                    broken.push(format!("{path}: {href} (no id {f:?} in {key})"));
                }
            }
        }
    }
    broken
}

fn normalise(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                assert!(
                    out.pop(),
                    "link climbs above the site root: {}",
                    p.display()
                );
            }
            std::path::Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}
