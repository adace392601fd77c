//! Write: the built site goes into a temporary sibling directory, which
//! replaces the output directory only once every file is written. A failed
//! build leaves the previous output exactly as it was.

use std::fs;
use std::io::{self, Write as _};
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::load::StaticFile;
use crate::render::OutputFile;

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
        let dir = root.join(p);
        if out.starts_with(&dir) {
            return refuse(format!("it is inside the site's {p}/"));
        }
    }
    if out.is_file() {
        return refuse("it is a file".to_string());
    }
    if out.is_dir() && !out.join(MARKER).is_file() {
        let empty = fs::read_dir(&out)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty {
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
    }
    Ok(())
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

/// Writes `files` and `statics` into a fresh directory and swaps it in for `out`.
pub fn write_site(out: &Path, files: &[OutputFile], statics: &[StaticFile]) -> io::Result<()> {
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
    let pid = std::process::id();
    let tmp = parent.join(format!(".{name}.attest-new-{pid}"));
    let old = parent.join(format!(".{name}.attest-old-{pid}"));
    let _ = fs::remove_dir_all(&tmp);
    let result = fill(&tmp, files, statics).and_then(|()| swap(&tmp, &out, &old));
    if result.is_err() {
        let _ = fs::remove_dir_all(&tmp);
    }
    result
}

fn fill(tmp: &Path, files: &[OutputFile], statics: &[StaticFile]) -> io::Result<()> {
    fs::create_dir_all(tmp)?;
    let mut dirs: Vec<PathBuf> = files
        .iter()
        .map(|f| f.path.as_str())
        .chain(statics.iter().map(|s| s.rel.as_str()))
        .filter_map(|p| Path::new(p).parent().map(Path::to_path_buf))
        .collect();
    dirs.sort();
    dirs.dedup();
    for d in dirs {
        fs::create_dir_all(tmp.join(d))?;
    }
    files.par_iter().try_for_each(|f| {
        let mut file = fs::File::create(tmp.join(&f.path))?;
        file.write_all(&f.contents)
    })?;
    statics
        .par_iter()
        .try_for_each(|s| fs::copy(&s.path, tmp.join(&s.rel)).map(|_| ()))?;
    fs::write(tmp.join(MARKER), MARKER_TEXT)
}

fn swap(tmp: &Path, out: &Path, old: &Path) -> io::Result<()> {
    if out.exists() {
        let _ = fs::remove_dir_all(old);
        fs::rename(out, old)?;
        if let Err(e) = fs::rename(tmp, out) {
            let _ = fs::rename(old, out);
            return Err(e);
        }
        let _ = fs::remove_dir_all(old);
        Ok(())
    } else {
        fs::rename(tmp, out)
    }
}
