//! What is watched: the source files of a site, what is known of each
//! (its stamp), and the differences between two snapshots of them.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// The folders of a site that the build reads, relative to the root.
pub const TREES: [&str; 4] = ["content", "seeds", "templates", "static"];
/// The files directly in the root that the build reads.
pub const ROOT_FILES: [&str; 1] = ["config.toml"];
/// What is known of one file: enough to see that it changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    /// Unix: inode number and change time, so that a file replaced by a
    /// rename within the same second (same length) is still seen.
    ino: u64,
    ctime: (i64, i64),
}

impl Stamp {
    pub(super) fn of(m: &fs::Metadata) -> Stamp {
        #[cfg(unix)]
        let (ino, ctime) = {
            use std::os::unix::fs::MetadataExt;
            (m.ino(), (m.ctime(), m.ctime_nsec()))
        };
        #[cfg(not(unix))]
        let (ino, ctime) = (0, (0, 0));
        Stamp {
            len: m.len(),
            modified: m.modified().ok(),
            ino,
            ctime,
        }
    }
}

/// Every watched file of a site: absolute path -> stamp.
pub type Snapshot = HashMap<PathBuf, Stamp>;

/// How a file changed between two snapshots.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    Added,
    Modified,
    Removed,
}

/// One changed file.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Change {
    /// Relative to the site root, with `/` separators (`content/claims/x.md`).
    pub path: String,
    pub kind: ChangeKind,
}

/// Whether a file or folder name is one the watcher (and the build) skips:
/// hidden files, editor swap, lock and backup files.
pub fn ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swo")
        || name.ends_with(".swx")
        || name.ends_with(".kate-swp")
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
        // vim writes and deletes `4913` to test whether it may write a folder.
        || name == "4913"
}

/// What to watch: the root and the folders (and files) to skip.
#[derive(Clone, Debug)]
pub struct Scope {
    root: PathBuf,
    /// Folders never entered: the output directory and its siblings.
    skip: Vec<PathBuf>,
}

impl Scope {
    /// The sources of the site at `root`, without the output directory `out`.
    pub fn new(root: &Path, out: &Path) -> Scope {
        let root = crate::write::absolute(root);
        let out = crate::write::absolute(out);
        Scope {
            root,
            skip: vec![out],
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Takes a snapshot of every watched file.
    pub fn snapshot(&self) -> Snapshot {
        let mut snap = Snapshot::new();
        for f in ROOT_FILES {
            let p = self.root.join(f);
            if let Ok(m) = fs::metadata(&p)
                && m.is_file()
            {
                snap.insert(p, Stamp::of(&m));
            }
        }
        for t in TREES {
            self.scan(&self.root.join(t), &mut snap);
        }
        snap
    }

    pub(super) fn scan(&self, dir: &Path, snap: &mut Snapshot) {
        if self.skip.iter().any(|s| s == dir) {
            return;
        }
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            if ignored_name(&name.to_string_lossy()) {
                continue;
            }
            // `DirEntry::metadata` stats relative to the open folder: no
            // path lookup from the root for each of 25,000 files. Links to
            // files are followed, as the build follows them; links to
            // folders are not (nor by the build), so a loop cannot recurse.
            let Ok(file_type) = entry.file_type() else {
                continue;
            };
            let path = entry.path();
            let meta = if file_type.is_symlink() {
                fs::metadata(&path)
            } else {
                entry.metadata()
            };
            let Ok(meta) = meta else { continue };
            if meta.is_dir() && !file_type.is_symlink() {
                self.scan(&path, snap);
            } else if meta.is_file() {
                snap.insert(path, Stamp::of(&meta));
            }
        }
    }

    /// Whether a path reported by a native event may matter to the build.
    pub(super) fn concerns(&self, path: &Path) -> bool {
        let Ok(rel) = path.strip_prefix(&self.root) else {
            return false;
        };
        if self.skip.iter().any(|s| path.starts_with(s)) {
            return false;
        }
        let mut parts = rel.components();
        let Some(first) = parts.next() else {
            // The root itself: something may have been renamed into it.
            return true;
        };
        let first = first.as_os_str().to_string_lossy();
        let top_level = parts.clone().next().is_none();
        if top_level {
            return ROOT_FILES.contains(&first.as_ref()) || TREES.contains(&first.as_ref());
        }
        TREES.contains(&first.as_ref())
            && !parts.any(|c| ignored_name(&c.as_os_str().to_string_lossy()))
    }

    pub(super) fn relative(&self, path: &Path) -> String {
        path.strip_prefix(&self.root)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/")
    }

    /// The files that differ between two snapshots, sorted by path.
    pub fn diff(&self, old: &Snapshot, new: &Snapshot) -> Vec<Change> {
        let mut changes = Vec::new();
        for (path, stamp) in new {
            match old.get(path) {
                None => changes.push(Change {
                    path: self.relative(path),
                    kind: ChangeKind::Added,
                }),
                Some(s) if s != stamp => changes.push(Change {
                    path: self.relative(path),
                    kind: ChangeKind::Modified,
                }),
                Some(_) => {}
            }
        }
        for path in old.keys() {
            if !new.contains_key(path) {
                changes.push(Change {
                    path: self.relative(path),
                    kind: ChangeKind::Removed,
                });
            }
        }
        changes.sort();
        changes
    }
}
