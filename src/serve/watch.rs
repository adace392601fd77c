//! Watching a site's sources for `attest serve`.
//!
//! The truth is a *snapshot*: the length, modification time (and, on Unix,
//! inode and change time) of every file of `config.toml`, `content/`,
//! `seeds/`, `templates/` and `static/`. A change is a difference between
//! two snapshots, so every way of saving a file looks the same: written in
//! place, written to a temporary file and renamed over the old one, deleted
//! and created again.
//!
//! Two things make the watcher take a new snapshot:
//!
//! - native file events (inotify, FSEvents, ReadDirectoryChangesW through
//!   the `notify` crate), which arrive at once where they work;
//! - a poll, which works everywhere (network drives, container bind mounts,
//!   file systems without events). Its interval is 20 times the time the last
//!   snapshot took (40 times when native events work), at least
//!   [`MIN_POLL`] and at most [`MAX_POLL`]: a small site is polled 4 times a
//!   second, and a large one spends about 5% of one core on polling (2.5%
//!   with native events).
//!
//! After a first difference the watcher keeps taking snapshots until one
//! finds nothing new for [`QUIET`] (a burst of saves, a `git checkout`), at
//! most [`MAX_SETTLE`], and reports every file that changed in the burst.
//! Hidden files, editor swap and backup files and the output directory are
//! not watched.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant, SystemTime};

/// The folders of a site that the build reads, relative to the root.
pub const TREES: [&str; 4] = ["content", "seeds", "templates", "static"];
/// The files directly in the root that the build reads.
pub const ROOT_FILES: [&str; 1] = ["config.toml"];

/// Shortest time between two polls.
pub const MIN_POLL: Duration = Duration::from_millis(250);
/// Longest time between two polls, however large the site.
pub const MAX_POLL: Duration = Duration::from_secs(5);
/// Polls are spaced by this many times the cost of one snapshot: about 5%
/// of one core when polling is all there is...
const POLL_COST_FACTOR: u32 = 20;
/// ...and about 2.5% when native events come first and polls only back
/// them up.
const BACKUP_POLL_COST_FACTOR: u32 = 40;
/// Native events never make snapshots more frequent than this.
const MIN_EVENT_GAP: Duration = Duration::from_millis(50);
/// A burst of changes is over when nothing changed for this long.
pub const QUIET: Duration = Duration::from_millis(120);
/// A burst is reported after this long even if files keep changing.
pub const MAX_SETTLE: Duration = Duration::from_secs(3);

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
    fn of(m: &fs::Metadata) -> Stamp {
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

    fn scan(&self, dir: &Path, snap: &mut Snapshot) {
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
    fn concerns(&self, path: &Path) -> bool {
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

    fn relative(&self, path: &Path) -> String {
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

/// How the watcher learns of changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Native events where they can be had, polling as well.
    Native,
    /// Polling only (`--poll`).
    Poll,
}

/// Native file events, used only as a signal to take a snapshot now.
struct Native {
    _watcher: notify::RecommendedWatcher,
    events: Receiver<notify::Result<notify::Event>>,
    /// The folders being watched recursively.
    watched: Vec<PathBuf>,
}

/// Watches a site; [`Watcher::wait`] blocks until files changed.
pub struct Watcher {
    scope: Scope,
    snapshot: Snapshot,
    native: Option<Native>,
    /// Cost of the last snapshot.
    scan_cost: Duration,
    /// When the last snapshot was taken.
    last_scan: Instant,
}

impl Watcher {
    /// Starts watching: takes the first snapshot (changes from now on are
    /// reported) and subscribes to native events unless `mode` is `Poll`.
    pub fn new(scope: Scope, mode: Mode) -> Watcher {
        let start = Instant::now();
        let snapshot = scope.snapshot();
        let scan_cost = start.elapsed();
        let native = match mode {
            Mode::Native => Native::start(&scope),
            Mode::Poll => None,
        };
        Watcher {
            scope,
            snapshot,
            native,
            scan_cost,
            last_scan: Instant::now(),
        }
    }

    /// Whether native events are in use.
    pub fn is_native(&self) -> bool {
        self.native.is_some()
    }

    /// Number of files watched.
    pub fn files(&self) -> usize {
        self.snapshot.len()
    }

    /// How long one snapshot of the site takes (the last one).
    pub fn scan_cost(&self) -> Duration {
        self.scan_cost
    }

    /// The time between two polls: 20 times the cost of a snapshot (40
    /// times with native events), within [`MIN_POLL`, `MAX_POLL`].
    pub fn poll_interval(&self) -> Duration {
        let factor = if self.native.is_some() {
            BACKUP_POLL_COST_FACTOR
        } else {
            POLL_COST_FACTOR
        };
        (self.scan_cost * factor).clamp(MIN_POLL, MAX_POLL)
    }

    fn rescan(&mut self) -> Snapshot {
        let start = Instant::now();
        let snap = self.scope.snapshot();
        self.scan_cost = start.elapsed();
        self.last_scan = Instant::now();
        if let Some(native) = &mut self.native {
            native.watch_new_trees(&self.scope);
        }
        snap
    }

    /// Waits up to `timeout` for a native event that concerns the site;
    /// returns whether one came.
    fn wait_event(&mut self, timeout: Duration) -> bool {
        let Some(native) = &self.native else {
            std::thread::sleep(timeout);
            return false;
        };
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match native.events.recv_timeout(left) {
                Ok(Ok(event)) => {
                    // Opening and reading files and folders (the snapshot
                    // itself reads the folders) changes nothing.
                    let access = matches!(event.kind, notify::EventKind::Access(_));
                    if event.need_rescan()
                        || (!access && event.paths.iter().any(|p| self.scope.concerns(p)))
                    {
                        return true;
                    }
                }
                // An error of the native watcher (e.g. an overflowed queue):
                // take a snapshot, which is always right.
                Ok(Err(_)) => return true,
                Err(RecvTimeoutError::Timeout) => return false,
                Err(RecvTimeoutError::Disconnected) => {
                    self.native = None;
                    std::thread::sleep(left);
                    return false;
                }
            }
        }
    }

    /// Blocks until some watched files changed and the burst of changes is
    /// over; returns the files that changed (compared with the previous
    /// call), sorted by path.
    pub fn wait(&mut self) -> Vec<Change> {
        loop {
            let woke = self.wait_event(self.poll_interval());
            // Events never make snapshots more frequent than this, whatever
            // produces them.
            let since = self.last_scan.elapsed();
            if woke && since < MIN_EVENT_GAP {
                std::thread::sleep(MIN_EVENT_GAP - since);
            }
            let snap = self.rescan();
            if self.scope.diff(&self.snapshot, &snap).is_empty() {
                continue;
            }
            let settled = self.settle(snap);
            let changes = self.scope.diff(&self.snapshot, &settled);
            self.snapshot = settled;
            if !changes.is_empty() {
                return changes;
            }
        }
    }

    /// Takes snapshots until one equals the one before it, [`QUIET`] apart;
    /// returns the last.
    fn settle(&mut self, mut snap: Snapshot) -> Snapshot {
        let start = Instant::now();
        while start.elapsed() < MAX_SETTLE {
            // Native events in the quiet window only delay the next look.
            let mut window = Instant::now();
            while self.wait_event(QUIET.saturating_sub(window.elapsed())) {
                if start.elapsed() >= MAX_SETTLE {
                    break;
                }
                window = Instant::now();
            }
            let next = self.rescan();
            if next == snap {
                break;
            }
            snap = next;
        }
        snap
    }
}

impl Native {
    fn start(scope: &Scope) -> Option<Native> {
        use notify::Watcher as _;
        let (tx, events) = channel();
        let mut watcher = notify::recommended_watcher(tx).ok()?;
        // The root itself, not recursively: config.toml, and folders that
        // are created or renamed later.
        watcher
            .watch(&scope.root, notify::RecursiveMode::NonRecursive)
            .ok()?;
        let mut native = Native {
            _watcher: watcher,
            events,
            watched: Vec::new(),
        };
        native.watch_new_trees(scope);
        Some(native)
    }

    /// Watches the folders of the site that exist and are not watched yet
    /// (`static/` created after the server started, say).
    fn watch_new_trees(&mut self, scope: &Scope) {
        use notify::Watcher as _;
        self.watched.retain(|d| d.is_dir());
        for t in TREES {
            let dir = scope.root.join(t);
            if dir.is_dir() && !self.watched.contains(&dir) {
                // On failure (too many watches, say), polling still sees it.
                if self
                    ._watcher
                    .watch(&dir, notify::RecursiveMode::Recursive)
                    .is_ok()
                {
                    self.watched.push(dir);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path();
        fs::create_dir_all(p.join("content/claims")).unwrap();
        fs::create_dir_all(p.join("seeds")).unwrap();
        fs::create_dir_all(p.join("public")).unwrap();
        fs::write(p.join("config.toml"), "title = \"x\"\n").unwrap();
        fs::write(p.join("content/claims/a.md"), "a").unwrap();
        fs::write(p.join("seeds/a.txt"), "a").unwrap();
        fs::write(p.join("public/index.html"), "x").unwrap();
        dir
    }

    #[test]
    fn the_snapshot_holds_the_sources_only() {
        let dir = site();
        let p = dir.path();
        fs::write(p.join("content/claims/.a.md.swp"), "x").unwrap();
        fs::write(p.join("content/claims/a.md~"), "x").unwrap();
        fs::write(p.join("notes.txt"), "x").unwrap();
        let scope = Scope::new(p, &p.join("public"));
        let snap = scope.snapshot();
        let mut rel: Vec<String> = snap.keys().map(|k| scope.relative(k)).collect();
        rel.sort();
        assert_eq!(rel, ["config.toml", "content/claims/a.md", "seeds/a.txt"]);
    }

    #[test]
    fn diff_reports_added_modified_and_removed_files() {
        let dir = site();
        let p = dir.path();
        let scope = Scope::new(p, &p.join("public"));
        let before = scope.snapshot();
        fs::write(p.join("content/claims/a.md"), "longer").unwrap();
        fs::remove_file(p.join("seeds/a.txt")).unwrap();
        fs::write(p.join("seeds/b.txt"), "b").unwrap();
        // A save by rename: same length, new inode.
        fs::write(p.join("config.tmp"), "title = \"y\"\n").unwrap();
        fs::rename(p.join("config.tmp"), p.join("config.toml")).unwrap();
        let after = scope.snapshot();
        let changes = scope.diff(&before, &after);
        let got: Vec<(&str, ChangeKind)> =
            changes.iter().map(|c| (c.path.as_str(), c.kind)).collect();
        #[cfg(unix)]
        assert_eq!(
            got,
            [
                ("config.toml", ChangeKind::Modified),
                ("content/claims/a.md", ChangeKind::Modified),
                ("seeds/a.txt", ChangeKind::Removed),
                ("seeds/b.txt", ChangeKind::Added),
            ]
        );
        #[cfg(not(unix))]
        assert!(got.contains(&("seeds/b.txt", ChangeKind::Added)));
    }

    #[test]
    fn events_outside_the_sources_do_not_count() {
        let dir = site();
        let p = dir.path();
        let scope = Scope::new(p, &p.join("public"));
        let root = scope.root().to_path_buf();
        assert!(scope.concerns(&root.join("config.toml")));
        assert!(scope.concerns(&root.join("content/claims/a.md")));
        assert!(scope.concerns(&root.join("static")));
        assert!(!scope.concerns(&root.join("public/index.html")));
        assert!(!scope.concerns(&root.join("public")));
        assert!(!scope.concerns(&root.join(".public.attest-prev/x.html")));
        assert!(!scope.concerns(&root.join("content/claims/.a.md.swp")));
        assert!(!scope.concerns(&root.join("notes.txt")));
    }

    #[test]
    fn polling_alone_sees_a_change() {
        let dir = site();
        let p = dir.path();
        let mut w = Watcher::new(Scope::new(p, &p.join("public")), Mode::Poll);
        assert!(!w.is_native());
        let claim = p.join("content/claims/a.md");
        let t = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(50));
            fs::write(claim, "changed").unwrap();
        });
        let changes = w.wait();
        t.join().unwrap();
        assert_eq!(
            changes,
            [Change {
                path: "content/claims/a.md".into(),
                kind: ChangeKind::Modified
            }]
        );
    }
}
