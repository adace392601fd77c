//! Watching a site's sources for `attest serve`.
//!
//! The truth is a *snapshot*: the length, modification time (and, on Unix,
//! inode and change time) of every file of `config.toml`, `content/`,
//! `seeds/`, `templates/` and `static/`. A change is a difference between
//! the snapshot and the files as they are now, so every way of saving a file
//! looks the same: written in place, written to a temporary file and renamed
//! over the old one, deleted and created again.
//!
//! Native file events (inotify, FSEvents, ReadDirectoryChangesW through the
//! `notify` crate) name the paths that changed: only those are looked at
//! again (a file is stat'ed, a folder listed), and a burst of events (an
//! editor's save, a `git checkout`) is over when none came for
//! [`EVENT_QUIET`] and, where the system reports it (Linux), every file
//! written to was closed. A save is seen a few milliseconds after it ends,
//! whatever the size of the site.
//!
//! A whole new snapshot is taken only when events cannot be trusted: an
//! overflowed event queue or an error of the native watcher, and the polls
//! that back native events up (network drives, container bind mounts, file
//! systems without events) or replace them (`--poll`). A poll's interval is
//! 20 times the time the last snapshot took (40 times when native events
//! work), at least [`MIN_POLL`] and at most [`MAX_POLL`]. After a poll finds
//! a difference, the watcher keeps taking snapshots until one finds nothing
//! new for [`QUIET`], at most [`MAX_SETTLE`], and reports every file that
//! changed in the burst. Hidden files, editor swap and backup files and the
//! output directory are not watched.

mod files;

use std::collections::{BTreeSet, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

pub use files::{Change, ChangeKind, ROOT_FILES, Scope, Snapshot, Stamp, TREES, ignored_name};

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
/// Native events that ask for a whole snapshot never make snapshots more
/// frequent than this.
const MIN_EVENT_GAP: Duration = Duration::from_millis(50);
/// A burst of changes found by polling is over when nothing changed for this long.
pub const QUIET: Duration = Duration::from_millis(120);
/// A burst of native events is over when none came for this long (and no
/// file is still open for writing): an editor's save, temporary file and
/// rename included, takes a few milliseconds.
pub const EVENT_QUIET: Duration = Duration::from_millis(20);
/// A burst is reported after this long even if files keep changing.
pub const MAX_SETTLE: Duration = Duration::from_secs(3);

/// How the watcher learns of changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Native events where they can be had, polling as well.
    Native,
    /// Polling only (`--poll`).
    Poll,
}

/// Native file events: the paths they name are looked at again.
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
    /// Whole snapshots taken after the first.
    snapshots: usize,
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
            snapshots: 0,
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

    /// How many whole snapshots were taken since the watcher started.
    pub fn snapshots(&self) -> usize {
        self.snapshots
    }

    fn rescan(&mut self) -> Snapshot {
        self.snapshots += 1;
        let start = Instant::now();
        let snap = self.scope.snapshot();
        self.scan_cost = start.elapsed();
        self.last_scan = Instant::now();
        if let Some(native) = &mut self.native {
            native.watch_new_trees(&self.scope);
        }
        snap
    }

    /// Waits up to `timeout` for native events that concern the site.
    fn wait_event(&mut self, timeout: Duration) -> Wake {
        let Some(native) = &self.native else {
            std::thread::sleep(timeout);
            return Wake::Timeout;
        };
        let deadline = Instant::now() + timeout;
        let mut burst = Burst::default();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match native.events.recv_timeout(left) {
                Ok(event) => {
                    if burst.add(&self.scope, event) {
                        return Wake::Events(burst);
                    }
                }
                Err(RecvTimeoutError::Timeout) => return Wake::Timeout,
                Err(RecvTimeoutError::Disconnected) => {
                    self.native = None;
                    std::thread::sleep(left);
                    return Wake::Timeout;
                }
            }
        }
    }

    /// Gathers the rest of a burst of native events: until none came for
    /// [`EVENT_QUIET`] and no file is open for writing, at most [`MAX_SETTLE`].
    fn gather(&mut self, mut burst: Burst) -> Burst {
        let start = Instant::now();
        let Some(native) = &self.native else {
            return burst;
        };
        while start.elapsed() < MAX_SETTLE {
            match native.events.recv_timeout(EVENT_QUIET) {
                Ok(event) => {
                    burst.add(&self.scope, event);
                }
                Err(RecvTimeoutError::Timeout) if burst.open.is_empty() => break,
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => {
                    burst.rescan = true;
                    break;
                }
            }
        }
        burst
    }

    /// Blocks until some watched files changed and the burst of changes is
    /// over; returns the files that changed (compared with the previous
    /// call), sorted by path.
    pub fn wait(&mut self) -> Vec<Change> {
        loop {
            let wake = self.wait_event(self.poll_interval());
            if let Wake::Events(burst) = wake {
                let burst = self.gather(burst);
                if !burst.rescan {
                    let changes = self.refresh(&burst.paths);
                    if !changes.is_empty() {
                        return changes;
                    }
                    continue;
                }
                // The events cannot be trusted: a whole snapshot, as a poll.
                let since = self.last_scan.elapsed();
                if since < MIN_EVENT_GAP {
                    std::thread::sleep(MIN_EVENT_GAP - since);
                }
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

    /// Looks again at the files and folders events named: a file is
    /// stat'ed, a folder listed, a path gone is removed with everything
    /// under it. Updates the snapshot; returns what changed, sorted.
    fn refresh(&mut self, paths: &BTreeSet<PathBuf>) -> Vec<Change> {
        let mut changes: Vec<Change> = Vec::new();
        let mut note = |scope: &Scope, path: &Path, kind: ChangeKind| {
            changes.push(Change {
                path: scope.relative(path),
                kind,
            })
        };
        for path in paths {
            match fs::metadata(path) {
                Ok(m) if m.is_file() => {
                    let stamp = Stamp::of(&m);
                    match self.snapshot.insert(path.clone(), stamp) {
                        None => note(&self.scope, path, ChangeKind::Added),
                        Some(old) if old != stamp => note(&self.scope, path, ChangeKind::Modified),
                        Some(_) => {}
                    }
                }
                Ok(m) if m.is_dir() => {
                    let mut now = Snapshot::new();
                    self.scope.scan(path, &mut now);
                    let gone: Vec<PathBuf> = self
                        .snapshot
                        .keys()
                        .filter(|k| k.starts_with(path) && !now.contains_key(*k))
                        .cloned()
                        .collect();
                    for k in gone {
                        self.snapshot.remove(&k);
                        note(&self.scope, &k, ChangeKind::Removed);
                    }
                    for (k, stamp) in now {
                        match self.snapshot.insert(k.clone(), stamp) {
                            None => note(&self.scope, &k, ChangeKind::Added),
                            Some(old) if old != stamp => {
                                note(&self.scope, &k, ChangeKind::Modified)
                            }
                            Some(_) => {}
                        }
                    }
                    if let Some(native) = &mut self.native {
                        native.watch_new_trees(&self.scope);
                    }
                }
                _ => {
                    let gone: Vec<PathBuf> = self
                        .snapshot
                        .keys()
                        .filter(|k| k.starts_with(path))
                        .cloned()
                        .collect();
                    for k in gone {
                        self.snapshot.remove(&k);
                        note(&self.scope, &k, ChangeKind::Removed);
                    }
                }
            }
        }
        changes.sort();
        changes.dedup_by(|a, b| a.path == b.path);
        changes
    }

    /// Takes snapshots until one equals the one before it, [`QUIET`] apart;
    /// returns the last.
    fn settle(&mut self, mut snap: Snapshot) -> Snapshot {
        let start = Instant::now();
        while start.elapsed() < MAX_SETTLE {
            // Native events in the quiet window only delay the next look.
            let mut window = Instant::now();
            while !matches!(
                self.wait_event(QUIET.saturating_sub(window.elapsed())),
                Wake::Timeout
            ) {
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

/// What woke the watcher.
enum Wake {
    /// Native events that concern the site.
    Events(Burst),
    /// Nothing before the time to poll.
    Timeout,
}

/// The native events of one burst.
#[derive(Debug, Default)]
struct Burst {
    /// The files and folders they named.
    paths: BTreeSet<PathBuf>,
    /// They cannot be trusted (an overflowed queue, an error): take a
    /// whole snapshot.
    rescan: bool,
    /// Files written to and not closed yet: looked at once closed. Only
    /// Linux reports the closing.
    open: HashSet<PathBuf>,
}

impl Burst {
    /// Adds an event; returns whether it concerns the site.
    fn add(&mut self, scope: &Scope, event: notify::Result<notify::Event>) -> bool {
        use notify::EventKind;
        use notify::event::{AccessKind, AccessMode, ModifyKind};
        let event = match event {
            Ok(e) if !e.need_rescan() => e,
            // An error of the native watcher (e.g. an overflowed queue):
            // a snapshot is always right.
            _ => {
                self.rescan = true;
                return true;
            }
        };
        let closed = matches!(
            event.kind,
            EventKind::Access(AccessKind::Close(AccessMode::Write))
        );
        // Opening and reading files and folders changes nothing.
        if matches!(event.kind, EventKind::Access(_)) && !closed {
            return false;
        }
        let mut concerns = false;
        for path in event.paths.iter().filter(|p| scope.concerns(p)) {
            concerns = true;
            if path == scope.root() {
                self.rescan = true;
            }
            if closed {
                self.open.remove(path);
            } else if cfg!(target_os = "linux")
                && matches!(event.kind, EventKind::Modify(ModifyKind::Data(_)))
            {
                self.open.insert(path.clone());
            }
            self.paths.insert(path.clone());
        }
        concerns
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
            .watch(scope.root(), notify::RecursiveMode::NonRecursive)
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
            let dir = scope.root().join(t);
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

    /// `w.wait()` in a thread, given `limit` to return: a test never hangs.
    fn wait_within(w: Watcher, limit: Duration) -> (Watcher, Vec<Change>) {
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut w = w;
            let changes = w.wait();
            let _ = tx.send((w, changes));
        });
        rx.recv_timeout(limit)
            .expect("the watcher saw no change in time")
    }

    fn changed(path: &str, kind: ChangeKind) -> Change {
        Change {
            path: path.into(),
            kind,
        }
    }

    #[test]
    fn a_save_by_rename_is_seen_from_its_events_alone() {
        let dir = site();
        let p = dir.path();
        let w = Watcher::new(Scope::new(p, &p.join("public")), Mode::Native);
        assert!(w.is_native(), "this system has native file events");
        let claim = p.join("content/claims/a.md");
        // As editors save: a new file beside the old one, renamed over it.
        let tmp = p.join("content/claims/a.md.tmp-1234");
        fs::write(&tmp, "a").unwrap();
        fs::rename(&tmp, &claim).unwrap();
        let (w, changes) = wait_within(w, Duration::from_secs(20));
        assert_eq!(
            changes,
            [changed("content/claims/a.md", ChangeKind::Modified)]
        );
        assert_eq!(w.snapshots(), 0, "only the named paths were looked at");
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn a_burst_of_saves_is_one_set_of_changes() {
        let dir = site();
        let p = dir.path();
        let w = Watcher::new(Scope::new(p, &p.join("public")), Mode::Native);
        let writer = {
            let p = p.to_path_buf();
            std::thread::spawn(move || {
                use std::io::Write as _;
                // A file open for writing holds the burst open, however slow
                // the writer (Linux reports the closing).
                let mut open = fs::File::create(p.join("content/claims/a.md")).unwrap();
                open.write_all(b"chan").unwrap();
                for i in 0..5 {
                    std::thread::sleep(EVENT_QUIET / 4);
                    fs::write(p.join(format!("content/claims/n{i}.md")), "new").unwrap();
                }
                fs::remove_file(p.join("seeds/a.txt")).unwrap();
                // A new folder, its file written before it is watched.
                fs::create_dir_all(p.join("content/pages")).unwrap();
                fs::write(p.join("content/pages/about.md"), "about").unwrap();
                std::thread::sleep(EVENT_QUIET * 3);
                fs::write(p.join("content/claims/late.md"), "late").unwrap();
                open.write_all(b"ged").unwrap();
            })
        };
        let (w, changes) = wait_within(w, Duration::from_secs(20));
        writer.join().unwrap();
        let mut want = vec![
            changed("content/claims/a.md", ChangeKind::Modified),
            changed("content/claims/late.md", ChangeKind::Added),
            changed("content/pages/about.md", ChangeKind::Added),
            changed("seeds/a.txt", ChangeKind::Removed),
        ];
        want.extend((0..5).map(|i| changed(&format!("content/claims/n{i}.md"), ChangeKind::Added)));
        want.sort();
        assert_eq!(changes, want);
        assert_eq!(w.snapshots(), 0);
        // The snapshot now holds the new files: a poll finds nothing more.
        assert!(w.scope.diff(&w.snapshot, &w.scope.snapshot()).is_empty());
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
