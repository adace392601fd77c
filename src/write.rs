//! Write: pages go into a staging directory next to the output, which
//! replaces the output directory only once the whole build succeeded. A
//! failed build leaves the previous output exactly as it was.
//!
//! The staging directory is the output of the build before last, kept as
//! `.<name>.attest-prev`: pages whose bytes did not change are not written
//! again, files no longer built are removed, and no tree is ever deleted
//! whole. Rebuilds write only what changed; unchanged files keep their times.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use crate::diagnostics::Diagnostic;

/// The file that marks a directory as attest's output, safe to replace.
pub const MARKER: &str = ".attest-output";
const MARKER_TEXT: &str = "This directory is built by attest and is replaced on every build.\n";

/// Checks that `out` may be replaced by a build of the site at `root`.
pub fn check_output_dir(root: &Path, out: &Path) -> Result<(), Diagnostic> {
    let root = absolute(root);
    let out = absolute(out);
    let protected = ["content", "seeds", "templates", "static"];
    let refuse = |why: String| {
        Err(Diagnostic::error(
            "output-dir-refused",
            format!("refusing to build into {}: {why}", out.display()),
        )
        .help("pass another --output-dir, such as public/ under the site root"))
    };
    if out == root || root.starts_with(&out) {
        return refuse("it holds the site root".to_string());
    }
    for p in protected {
        if out.starts_with(root.join(p)) {
            return refuse(format!("it is inside the site's {p}/"));
        }
    }
    if out.is_file() {
        return refuse("it is a file".to_string());
    }
    if out.is_dir() && !is_ours_or_empty(&out) {
        return Err(Diagnostic::error(
            "output-dir-refused",
            format!(
                "refusing to replace {}: it is not empty and was not built by attest",
                out.display()
            ),
        )
        .note(format!(
            "attest only replaces a directory that holds its marker file {MARKER}"
        ))
        .help("empty or remove the directory yourself, or pass another --output-dir"));
    }
    Ok(())
}

fn is_ours_or_empty(dir: &Path) -> bool {
    dir.join(MARKER).is_file() || fs::read_dir(dir).is_ok_and(|mut d| d.next().is_none())
}

/// `path` made absolute and normalised, without touching the file system
/// beyond the current directory (the path may not exist yet).
pub fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            c => out.push(c),
        }
    }
    // Resolve symlinks where the path exists, so aliases compare equal.
    fs::canonicalize(&out).unwrap_or(out)
}

/// A staging directory being filled; [`Staging::commit`] swaps it in.
pub struct Staging {
    dir: PathBuf,
    out: PathBuf,
    prev: PathBuf,
    /// Files present in the staging directory when it was opened.
    existing: HashSet<String>,
}

impl Staging {
    /// Opens the staging directory for `out`: the previous build's, if
    /// there is one of ours, else a new one.
    pub fn open(out: &Path) -> io::Result<Staging> {
        let out = absolute(out);
        let parent = out
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        fs::create_dir_all(&parent)?;
        let dir = parent.join(format!(".{name}.attest-staging"));
        let prev = parent.join(format!(".{name}.attest-prev"));
        if !dir.is_dir() && prev.join(MARKER).is_file() {
            fs::rename(&prev, &dir)?;
        }
        if dir.is_dir() && !is_ours_or_empty(&dir) {
            // Not ours (or a crashed first build): start from nothing.
            fs::remove_dir_all(&dir)?;
        }
        fs::create_dir_all(&dir)?;
        let existing = list_files(&dir);
        Ok(Staging {
            dir,
            out,
            prev,
            existing,
        })
    }

    /// Puts one file of the site (path relative to the output, `/` separators).
    pub fn put(&self, rel: &str, contents: &[u8]) -> io::Result<()> {
        let path = self.dir.join(rel);
        if self.existing.contains(rel) && same_contents(&path, contents) {
            return Ok(());
        }
        match fs::write(&path, contents) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                if let Some(parent) = path.parent() {
                    fs::create_dir_all(parent)?;
                }
                fs::write(&path, contents)
            }
            other => other,
        }
    }

    /// Copies a file from the site's `static/`.
    pub fn copy(&self, rel: &str, from: &Path) -> io::Result<()> {
        self.put(rel, &fs::read(from)?)
    }

    /// Removes what this build did not put, marks the directory as ours and
    /// swaps it in for the output directory.
    pub fn commit(self, built: &HashSet<String>) -> io::Result<()> {
        for stale in self
            .existing
            .iter()
            .filter(|f| !built.contains(*f) && *f != MARKER)
        {
            fs::remove_file(self.dir.join(stale))?;
        }
        remove_empty_dirs(&self.dir)?;
        fs::write(self.dir.join(MARKER), MARKER_TEXT)?;
        if self.out.exists() {
            let _ = fs::remove_dir_all(&self.prev);
            fs::rename(&self.out, &self.prev)?;
            if let Err(e) = fs::rename(&self.dir, &self.out) {
                let _ = fs::rename(&self.prev, &self.out);
                return Err(e);
            }
            Ok(())
        } else {
            fs::rename(&self.dir, &self.out)
        }
    }
}

fn same_contents(path: &Path, contents: &[u8]) -> bool {
    fs::metadata(path).is_ok_and(|m| m.len() == contents.len() as u64)
        && fs::read(path).is_ok_and(|old| old == contents)
}

fn list_files(dir: &Path) -> HashSet<String> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(dir).ok()?;
            Some(rel.to_string_lossy().replace('\\', "/"))
        })
        .collect()
}

/// Removes the directories left empty under `dir` (deepest first).
fn remove_empty_dirs(dir: &Path) -> io::Result<()> {
    let mut dirs: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .contents_first(true)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_dir())
        .map(|e| e.into_path())
        .collect();
    dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
    for d in dirs {
        if fs::read_dir(&d)?.next().is_none() {
            fs::remove_dir(&d)?;
        }
    }
    Ok(())
}
