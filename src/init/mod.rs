//! `attest init`: a new site that builds at once.
//!
//! The starter site (src/init/starter/ in the repository) has a commented
//! `config.toml` with a rating scale, a home page, about, methodology and
//! corrections pages written as templates for a desk to adapt, and one
//! example claim on one example article. `--example` writes the full demo
//! site of the repository instead. Both are embedded in the binary (see
//! build.rs), so `attest init` needs nothing but the binary.
//!
//! It writes only into a new or empty folder (hidden entries such as `.git`
//! allowed), and never replaces a file.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics};

mod sites {
    include!(concat!(env!("OUT_DIR"), "/sites.rs"));
}

/// The starter site's files: (path relative to the site root, bytes).
/// `gitignore` is written as `.gitignore`.
pub fn starter_files() -> &'static [(&'static str, &'static [u8])] {
    sites::STARTER
}

/// The demo site's files, as in the repository.
pub fn demo_files() -> &'static [(&'static str, &'static [u8])] {
    sites::DEMO
}

/// Which site to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Template {
    /// A small site to adapt: one example claim, template pages.
    Starter,
    /// The repository's demo site, whole.
    Example,
}

/// What `attest init` wrote.
#[derive(Clone, Debug)]
pub struct Initialised {
    pub dir: PathBuf,
    pub template: Template,
    /// Paths relative to `dir`, `/` separators, in the order written.
    pub files: Vec<String>,
    /// A `.gitignore` was there already and was left as it was.
    pub kept_gitignore: bool,
}

impl Initialised {
    /// What to tell the user, one line each: what was written, and what to do next.
    pub fn report(&self) -> Vec<String> {
        let here = self.dir.as_os_str().is_empty() || self.dir == Path::new(".");
        let (what, cd) = if here {
            ("the current folder".to_string(), String::new())
        } else {
            let shown = self.dir.display().to_string();
            (
                format!("{}/", shown.trim_end_matches('/')),
                format!("cd {shown} && "),
            )
        };
        let site = match self.template {
            Template::Starter => "a new site",
            Template::Example => "the demo site",
        };
        let mut lines = vec![format!(
            "wrote {site} in {what} ({} files)",
            self.files.len()
        )];
        if self.kept_gitignore {
            lines.push(
                "kept the .gitignore that was there: add /public and /.public.* to it".into(),
            );
        }
        lines.push(match self.template {
            Template::Starter => format!(
                "next: {cd}attest serve --open, then adapt config.toml and content/pages/, and replace the example claim"
            ),
            Template::Example => format!("next: {cd}attest serve --open"),
        });
        lines
    }
}

fn one(d: Diagnostic) -> Diagnostics {
    let mut ds = Diagnostics::new();
    ds.push(d);
    ds
}

/// Writes the site into `dir`, creating it if needed; refuses a folder that
/// holds anything but hidden entries.
pub fn init(dir: &Path, template: Template) -> Result<Initialised, Diagnostics> {
    check_empty(dir)?;
    let gitignore: &[u8] = starter_files()
        .iter()
        .find(|(rel, _)| *rel == "gitignore")
        .map(|(_, bytes)| *bytes)
        .unwrap_or_default();
    let site: Vec<(&str, &[u8])> = match template {
        Template::Starter => starter_files()
            .iter()
            .map(|&(rel, bytes)| {
                (
                    if rel == "gitignore" {
                        ".gitignore"
                    } else {
                        rel
                    },
                    bytes,
                )
            })
            .collect(),
        Template::Example => demo_files()
            .iter()
            .copied()
            .chain(std::iter::once((".gitignore", gitignore)))
            .collect(),
    };
    let mut done = Initialised {
        dir: dir.to_path_buf(),
        template,
        files: Vec::new(),
        kept_gitignore: false,
    };
    for (rel, bytes) in site {
        match write_new(&dir.join(rel), bytes) {
            Ok(()) => done.files.push(rel.to_string()),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && rel == ".gitignore" => {
                done.kept_gitignore = true;
            }
            Err(e) => {
                return Err(one(Diagnostic::error(
                    "write-failed",
                    format!("cannot write {}: {e}", dir.join(rel).display()),
                )
                .help("check the folder's permissions and the disk's free space")));
            }
        }
    }
    Ok(done)
}

/// A new folder, or one with nothing but hidden entries (`.git`, say).
fn check_empty(dir: &Path) -> Result<(), Diagnostics> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => {
            let what = if dir.is_file() {
                format!("{} is a file, not a folder", dir.display())
            } else {
                format!("cannot read {}: {e}", dir.display())
            };
            return Err(one(Diagnostic::error("init-not-empty", what)
                .help("name a new folder: `attest init my-site`")));
        }
    };
    let mut visible: Vec<String> = entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    if visible.is_empty() {
        return Ok(());
    }
    visible.sort();
    let shown = if visible.len() > 3 {
        format!("{}, … ({} in all)", visible[..3].join(", "), visible.len())
    } else {
        visible.join(", ")
    };
    Err(one(Diagnostic::error(
        "init-not-empty",
        format!("{} is not empty: it holds {shown}", shown_dir(dir)),
    )
    .note("attest init writes only into a new or empty folder, and never replaces a file")
    .help("name a new folder: `attest init my-site`")))
}

fn shown_dir(dir: &Path) -> String {
    if dir.as_os_str().is_empty() || dir == Path::new(".") {
        "the current folder".to_string()
    } else {
        dir.display().to_string()
    }
}

/// Creates `path` (and its folders) with `bytes`; never replaces a file.
fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    let mut f = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    f.write_all(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file of `entries` under `base`, hidden ones left out, as build.rs walks them.
    fn on_disk(base: &Path, entries: &[&str]) -> Vec<(String, Vec<u8>)> {
        let mut files = Vec::new();
        for e in entries {
            for entry in walkdir::WalkDir::new(base.join(e))
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| {
                    e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.')
                })
                .flatten()
                .filter(|e| e.file_type().is_file())
            {
                let rel = entry.path().strip_prefix(base).unwrap();
                let rel = rel.to_string_lossy().replace('\\', "/");
                files.push((rel, fs::read(entry.path()).unwrap()));
            }
        }
        files.sort();
        files
    }

    fn embedded(list: &[(&str, &[u8])]) -> Vec<(String, Vec<u8>)> {
        list.iter()
            .map(|(r, b)| (r.to_string(), b.to_vec()))
            .collect()
    }

    #[test]
    fn the_embedded_demo_is_the_repositorys() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let disk = on_disk(root, &["config.toml", "content", "seeds", "static"]);
        let names = |l: &[(String, Vec<u8>)]| l.iter().map(|(r, _)| r.clone()).collect::<Vec<_>>();
        assert_eq!(names(&embedded(demo_files())), names(&disk));
        for ((rel, a), (_, b)) in embedded(demo_files()).iter().zip(&disk) {
            assert!(
                a == b,
                "{rel}: the embedded copy differs from the repository's (rebuild)"
            );
        }
        assert!(disk.iter().any(|(r, _)| r.starts_with("content/claims/")));
    }

    #[test]
    fn the_embedded_starter_is_src_init_starter() {
        let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/init/starter");
        assert_eq!(embedded(starter_files()), on_disk(&base, &["."]));
    }
}
