//! Write: pages go into a staging directory next to the output, which
//! replaces the output directory only once the whole build succeeded, in
//! one step where the system can exchange two directories ([`swap`]). A
//! failed build leaves the previous output exactly as it was. One build at
//! a time writes an output directory ([`lock`]).
//!
//! The staging directory is the output of the build before last, kept as
//! `.<name>.attest-prev`: pages whose bytes did not change are not written
//! again, files no longer built are removed, and no tree is ever deleted
//! whole. Rebuilds write only what changed; unchanged files keep their times.
//!
//! Each of these directories has a manifest beside it (see [`manifest_of`]):
//! the hash, length and modification time of each of its files. A file
//! whose length and time are still the recorded ones is known by its hash
//! without being read back. The manifest stays out of the directory, so
//! the output holds the site's files only, the same bytes on every build.

use std::collections::{HashMap, HashSet};
use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError};

use crate::diagnostics::Diagnostic;
pub use lock::{OutputLock, Wait};
pub use manifest::manifest_of;
use manifest::{Entry, Manifest, Stat, write_manifest, xxh3_128};
use swap::Exchanged;

pub mod lock;
mod manifest;
pub mod swap;

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
    /// Files present when it was opened, with what the manifest knows of them.
    existing: HashMap<String, Option<Entry>>,
    /// Folders that were empty when it was opened.
    empty_dirs: Vec<PathBuf>,
    /// What each file put by this build holds: the next manifest.
    recorded: Mutex<HashMap<String, Entry>>,
    /// It is a previous build's output, worth keeping for the next build.
    reused: bool,
    /// A file could not be written into it (a full disk, say).
    write_error: AtomicBool,
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
            move_manifest(&prev, &dir)?;
        }
        if dir.is_dir() && !is_ours_or_empty(&dir) {
            // Not ours (or a crashed first build): start from nothing.
            fs::remove_dir_all(&dir)?;
            remove_if_there(&manifest_of(&dir))?;
        }
        let reused = dir.join(MARKER).is_file();
        fs::create_dir_all(&dir)?;
        let (existing, empty_dirs) = list(&dir, &Manifest::read(&manifest_of(&dir)));
        Ok(Staging {
            dir,
            out,
            prev,
            existing,
            empty_dirs,
            recorded: Mutex::default(),
            reused,
            write_error: AtomicBool::new(false),
        })
    }

    /// Puts one file of the site (path relative to the output, `/` separators).
    pub fn put(&self, rel: &str, contents: &[u8]) -> io::Result<()> {
        let hash = xxh3_128(contents);
        let path = self.dir.join(rel);
        let stat = match self.existing.get(rel) {
            // The manifest vouches for the file on disk: its hash decides.
            Some(Some(old)) if old.hash == hash => old.stat,
            Some(None) => match unchanged(&path, contents) {
                Some(stat) => stat,
                None => self.write(&path, contents)?,
            },
            _ => self.write(&path, contents)?,
        };
        self.record(rel, Entry { hash, stat });
        Ok(())
    }

    /// Puts a file as `write` makes it, never whole in memory: written
    /// beside its place while hashed, then renamed into place, or dropped
    /// if the manifest vouches for the same contents on disk.
    pub fn put_with(
        &self,
        rel: &str,
        write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let path = self.dir.join(rel);
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let part = path.with_file_name(format!(".{}.part", name.unwrap_or_default()));
        let mut put = || {
            let file = create_file(&part)?;
            let mut out = Hashing {
                file: io::BufWriter::with_capacity(1 << 20, file),
                hash: xxhash_rust::xxh3::Xxh3::new(),
            };
            write(&mut out)?;
            let hash = out.hash.digest128();
            let file = out
                .file
                .into_inner()
                .map_err(io::IntoInnerError::into_error)?;
            let stat = match self.existing.get(rel) {
                Some(Some(old)) if old.hash == hash => {
                    fs::remove_file(&part)?;
                    old.stat
                }
                _ => {
                    let stat = Stat::of(&file.metadata()?)?;
                    fs::rename(&part, &path)?;
                    stat
                }
            };
            Ok::<_, io::Error>((hash, stat))
        };
        match put() {
            Ok((hash, stat)) => {
                self.record(rel, Entry { hash, stat });
                Ok(())
            }
            Err(e) => {
                let _ = fs::remove_file(&part);
                self.write_error.store(true, Ordering::Relaxed);
                Err(e)
            }
        }
    }

    /// Notes what file `rel` holds, for the next manifest.
    fn record(&self, rel: &str, entry: Entry) {
        let mut recorded = self.recorded.lock().unwrap_or_else(PoisonError::into_inner);
        recorded.insert(rel.to_owned(), entry);
    }

    fn write(&self, path: &Path, contents: &[u8]) -> io::Result<Stat> {
        write_file(path, contents).inspect_err(|_| self.write_error.store(true, Ordering::Relaxed))
    }

    /// Copies a file from the site's `static/`.
    pub fn copy(&self, rel: &str, from: &Path) -> io::Result<()> {
        self.put(rel, &fs::read(from)?)
    }

    /// Removes what this build did not put, writes the manifest, marks the
    /// directory as ours and swaps it in for the output directory. If that
    /// fails, the staging directory is removed and the output is as it was.
    pub fn commit(self, built: &HashSet<String>) -> io::Result<()> {
        let swapped = self.swap_in(built);
        if swapped.is_err() {
            self.discard();
        }
        swapped
    }

    /// Gives up after a failed build; the output was never touched. A
    /// previous build's directory goes back to being kept for the next
    /// build, unless writing failed: then it goes, and frees its disk space
    /// (a full disk is freed again), as does a directory this build began.
    pub fn abandon(self) {
        if !self.reused || self.write_error.load(Ordering::Relaxed) {
            return self.discard();
        }
        if !self.prev.exists() && fs::rename(&self.dir, &self.prev).is_ok() {
            let _ = move_manifest(&self.dir, &self.prev);
        }
    }

    /// Removes the staging directory and its manifest.
    fn discard(&self) {
        let _ = fs::remove_dir_all(&self.dir);
        let _ = remove_if_there(&manifest_of(&self.dir));
    }

    fn swap_in(&self, built: &HashSet<String>) -> io::Result<()> {
        self.remove_stale(built)?;
        let recorded =
            std::mem::take(&mut *self.recorded.lock().unwrap_or_else(PoisonError::into_inner));
        write_manifest(&manifest_of(&self.dir), recorded)?;
        fs::write(self.dir.join(MARKER), MARKER_TEXT)?;
        if !self.out.exists() {
            fs::rename(&self.dir, &self.out)?;
            return move_manifest(&self.dir, &self.out);
        }
        // Normally gone already: the staging directory was opened from it.
        let _ = fs::remove_dir_all(&self.prev);
        match swap::exchange(&self.dir, &self.out)? {
            Exchanged::Yes => {
                // The new site is in. What follows readies the next build,
                // which copes with whatever is left (a directory without its
                // manifest is compared by bytes), so it cannot fail this one.
                let _ = move_manifest(&self.out, &self.prev);
                if fs::rename(manifest_of(&self.dir), manifest_of(&self.out)).is_err() {
                    let _ = remove_if_there(&manifest_of(&self.dir));
                }
                // The old site, now at the staging path, is the next build's staging directory.
                let _ = fs::rename(&self.dir, &self.prev);
                Ok(())
            }
            Exchanged::Unsupported => rename_twice(&self.dir, &self.out, &self.prev),
        }
    }

    /// Removes the files not built, then the folders that are left empty.
    fn remove_stale(&self, built: &HashSet<String>) -> io::Result<()> {
        let mut emptied: HashSet<&Path> = self.empty_dirs.iter().map(PathBuf::as_path).collect();
        for stale in self.existing.keys().filter(|f| !built.contains(*f)) {
            fs::remove_file(self.dir.join(stale))?;
            emptied.extend(Path::new(stale).parent());
        }
        remove_empty_dirs(&self.dir, emptied)
    }
}

/// The swap without an exchange: the old output `out` moved to `prev`, then
/// the new one (`dir`) in; for a moment there is no output directory.
fn rename_twice(dir: &Path, out: &Path, prev: &Path) -> io::Result<()> {
    fs::rename(out, prev)?;
    move_manifest(out, prev)?;
    if let Err(e) = fs::rename(dir, out) {
        let _ = fs::rename(prev, out);
        let _ = move_manifest(prev, out);
        return Err(e);
    }
    move_manifest(dir, out)
}

/// Moves the manifest of a directory that was renamed from `from` to `to`;
/// without one, `to` has none either.
fn move_manifest(from: &Path, to: &Path) -> io::Result<()> {
    match fs::rename(manifest_of(from), manifest_of(to)) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => remove_if_there(&manifest_of(to)),
        other => other,
    }
}

fn remove_if_there(path: &Path) -> io::Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

/// The stat of the file at `path` if it already holds exactly `contents`.
fn unchanged(path: &Path, contents: &[u8]) -> Option<Stat> {
    let mut file = File::open(path).ok()?;
    let stat = Stat::of(&file.metadata().ok()?).ok()?;
    if stat.len != contents.len() as u64 {
        return None;
    }
    let mut old = Vec::with_capacity(contents.len());
    file.read_to_end(&mut old).ok()?;
    (old == contents).then_some(stat)
}

/// Writes `contents` to `path`, creating its folders, and returns its new stat.
fn write_file(path: &Path, contents: &[u8]) -> io::Result<Stat> {
    let mut file = create_file(path)?;
    file.write_all(contents)?;
    Stat::of(&file.metadata()?)
}

/// Creates the file at `path`, and its folders if they are missing.
fn create_file(path: &Path) -> io::Result<File> {
    match File::create(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent)?;
            }
            File::create(path)
        }
        other => other,
    }
}

/// A file being written, and the hash of what was written so far.
struct Hashing {
    file: io::BufWriter<File>,
    hash: xxhash_rust::xxh3::Xxh3,
}

impl Write for Hashing {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.file.write(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// Writes one file of the live output in place (incremental rebuilds): to a
/// temporary file beside it, renamed over it, so a server never sends half a
/// page. Returns the old bytes (`None`: there were none) for
/// [`restore_file`]; writes nothing if they are the same.
pub fn replace_file(out: &Path, rel: &str, bytes: &[u8]) -> io::Result<Option<Vec<u8>>> {
    let path = out.join(rel);
    let old = match fs::read(&path) {
        Ok(old) if old == bytes => return Ok(Some(old)),
        Ok(old) => Some(old),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    put_atomically(&path, bytes)?;
    Ok(old)
}

/// Removes one file of the live output (incremental rebuilds), and returns
/// its bytes for [`restore_file`]; `None` if it was not there.
pub fn remove_file(out: &Path, rel: &str) -> io::Result<Option<Vec<u8>>> {
    let path = out.join(rel);
    let old = match fs::read(&path) {
        Ok(old) => old,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    fs::remove_file(&path)?;
    Ok(Some(old))
}

/// Puts back what [`replace_file`] replaced.
pub fn restore_file(out: &Path, rel: &str, old: Option<&[u8]>) -> io::Result<()> {
    let path = out.join(rel);
    match old {
        Some(bytes) => put_atomically(&path, bytes),
        None => fs::remove_file(&path),
    }
}

fn put_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.attest-tmp"));
    let written = write_file(&tmp, bytes).and_then(|_| fs::rename(&tmp, path));
    if written.is_err() {
        // Half a file on a full disk is no use to anyone.
        let _ = fs::remove_file(&tmp);
    }
    written
}

/// The files under `dir` (but the marker), each with the
/// manifest's entry if it vouches for it, and the folders that are empty.
fn list(dir: &Path, manifest: &Manifest) -> (HashMap<String, Option<Entry>>, Vec<PathBuf>) {
    let mut files = HashMap::new();
    let mut empty = Vec::new();
    // The walk lists a folder right before its children: one followed by no child is empty.
    let mut last_dir: Option<(PathBuf, usize)> = None;
    for e in walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .filter_map(Result::ok)
    {
        if let Some((d, depth)) = last_dir.take()
            && e.depth() <= depth
        {
            empty.push(d);
        }
        let Ok(rel) = e.path().strip_prefix(dir) else {
            continue;
        };
        if e.file_type().is_dir() {
            last_dir = Some((rel.to_path_buf(), e.depth()));
        } else if e.file_type().is_file() {
            let rel = rel.to_string_lossy().replace('\\', "/");
            if rel != MARKER {
                let entry = manifest.vouch(&rel, &e);
                files.insert(rel, entry);
            }
        }
    }
    empty.extend(last_dir.map(|(d, _)| d));
    (files, empty)
}

/// Removes each of `dirs` (relative to `root`) that is empty, then its
/// parents while they are empty; never `root` itself.
fn remove_empty_dirs<'a>(root: &Path, dirs: impl IntoIterator<Item = &'a Path>) -> io::Result<()> {
    for dir in dirs {
        for d in dir.ancestors().take_while(|d| !d.as_os_str().is_empty()) {
            match fs::remove_dir(root.join(d)) {
                Ok(()) => {}
                // Not empty, or already removed with its parents from another child.
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::DirectoryNotEmpty | io::ErrorKind::NotFound
                    ) =>
                {
                    break;
                }
                Err(e) => return Err(e),
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::thread::sleep;
    use std::time::{Duration, SystemTime};

    use super::manifest::parse_line;
    use super::*;

    /// Longer than a file system clock tick, so files written before it are older than the manifest.
    const TICK: Duration = Duration::from_millis(30);

    /// A whole build: every file put, then committed.
    fn build(out: &Path, files: &[(&str, &str)]) {
        let staging = Staging::open(out).unwrap();
        for (rel, text) in files {
            staging.put(rel, text.as_bytes()).unwrap();
        }
        sleep(TICK);
        let built = files.iter().map(|(rel, _)| rel.to_string()).collect();
        staging.commit(&built).unwrap();
    }

    /// Every file under `dir` but the manifest: path -> contents.
    fn tree(dir: &Path) -> BTreeMap<String, String> {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy();
                (rel.into_owned(), fs::read_to_string(e.path()).unwrap())
            })
            .collect()
    }

    /// The tree a build of `files` must leave.
    fn expected(files: &[(&str, &str)]) -> BTreeMap<String, String> {
        let mut tree: BTreeMap<_, _> = files
            .iter()
            .map(|(rel, text)| (rel.to_string(), text.to_string()))
            .collect();
        tree.insert(MARKER.into(), MARKER_TEXT.into());
        tree
    }

    fn mtime(path: &Path) -> SystemTime {
        fs::metadata(path).unwrap().modified().unwrap()
    }

    fn dirs(dir: &Path) -> Vec<String> {
        let mut dirs: Vec<String> = walkdir::WalkDir::new(dir)
            .min_depth(1)
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_dir())
            .map(|e| {
                e.path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        dirs.sort();
        dirs
    }

    const SITE: &[(&str, &str)] = &[
        ("index.html", "home"),
        ("a/index.html", "page a"),
        ("a/b/index.html", "page b"),
        ("style.css", "body {}"),
    ];

    #[test]
    fn an_identical_rebuild_rewrites_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        build(&out, SITE);
        let first = mtime(&out.join("a/b/index.html"));
        build(&out, SITE);
        let second = mtime(&out.join("a/b/index.html"));
        sleep(TICK);
        // The third and fourth builds reuse the first's and second's directories.
        build(&out, SITE);
        assert_eq!(mtime(&out.join("a/b/index.html")), first);
        assert_eq!(tree(&out), expected(SITE));
        build(&out, SITE);
        assert_eq!(mtime(&out.join("a/b/index.html")), second);
        assert_eq!(tree(&out), expected(SITE));
    }

    #[test]
    fn a_file_written_as_it_is_made_is_kept_when_unchanged_and_replaced_when_not() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let streamed = |out: &Path, text: &str| {
            let staging = Staging::open(out).unwrap();
            for (rel, text) in SITE {
                staging.put(rel, text.as_bytes()).unwrap();
            }
            let mut write = |w: &mut dyn Write| {
                // In pieces, as the big data files are written.
                text.split_inclusive(',')
                    .try_for_each(|p| w.write_all(p.as_bytes()))
            };
            staging.put_with("data/claims.json", &mut write).unwrap();
            sleep(TICK);
            let mut built: HashSet<String> = SITE.iter().map(|(rel, _)| rel.to_string()).collect();
            built.insert("data/claims.json".to_string());
            staging.commit(&built).unwrap();
        };
        streamed(&out, "[1,2,3]");
        streamed(&out, "[1,2,3]");
        let second = mtime(&out.join("data/claims.json"));
        streamed(&out, "[1,2,3]");
        streamed(&out, "[1,2,3]");
        // The fourth build reuses the second's directory: the same bytes stay.
        assert_eq!(mtime(&out.join("data/claims.json")), second);
        streamed(&out, "[1,2,4]");
        let mut want = expected(SITE);
        want.insert("data/claims.json".to_string(), "[1,2,4]".to_string());
        // Nothing else is left beside it.
        assert_eq!(tree(&out), want);
    }

    #[test]
    fn the_manifest_vouches_for_untouched_files_only() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        build(&out, SITE);
        build(&out, SITE);
        let prev = tmp.path().join(".public.attest-prev");
        fs::write(prev.join("a/index.html"), "page A").unwrap();
        let staging = Staging::open(&out).unwrap();
        assert!(!staging.existing.contains_key(MARKER));
        // The manifest lives beside the directory, never in the site.
        assert!(manifest_of(&tmp.path().join(".public.attest-staging")).is_file());
        assert!(!staging.existing.keys().any(|f| f.contains("manifest")));
        let vouched = |rel: &str| staging.existing[rel].is_some();
        assert!(vouched("index.html") && vouched("a/b/index.html"));
        assert!(!vouched("a/index.html"), "edited since the manifest");
    }

    #[test]
    fn the_manifest_is_sorted_and_matches_the_files() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        build(&out, SITE);
        let text = fs::read_to_string(manifest_of(&out)).unwrap();
        let paths: Vec<&str> = text
            .lines()
            .map(|l| l.splitn(4, ' ').nth(3).unwrap())
            .collect();
        assert_eq!(
            paths,
            ["a/b/index.html", "a/index.html", "index.html", "style.css"]
        );
        for line in text.lines() {
            let (rel, entry) = parse_line(line).unwrap();
            let meta = fs::metadata(out.join(&rel)).unwrap();
            assert_eq!(entry.stat, Stat::of(&meta).unwrap(), "{rel}");
            assert_eq!(entry.hash, xxh3_128(&fs::read(out.join(&rel)).unwrap()));
        }
    }

    #[test]
    fn a_file_edited_by_hand_is_rebuilt() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        build(&out, SITE);
        build(&out, SITE);
        // Same length, so only the modification time tells.
        fs::write(out.join("a/index.html"), "page A").unwrap();
        build(&out, SITE);
        build(&out, SITE);
        assert_eq!(
            fs::read_to_string(out.join("a/index.html")).unwrap(),
            "page a"
        );
        assert_eq!(tree(&out), expected(SITE));
    }

    #[test]
    fn a_file_changed_in_the_tick_of_the_manifest_is_not_trusted() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        build(&out, SITE);
        build(&out, SITE);
        let prev = tmp.path().join(".public.attest-prev");
        let manifest = File::options()
            .write(true)
            .open(manifest_of(&prev))
            .unwrap();
        let written = mtime(&prev.join("style.css"));
        manifest.set_modified(written).unwrap();
        let older: Vec<bool> = SITE
            .iter()
            .map(|(rel, _)| mtime(&prev.join(rel)) < written)
            .collect();
        let staging = Staging::open(&out).unwrap();
        for ((rel, _), older) in SITE.iter().zip(older) {
            assert_eq!(staging.existing[*rel].is_some(), older, "{rel}");
        }
        assert!(staging.existing["style.css"].is_none());
    }

    #[test]
    fn stale_files_and_the_folders_they_empty_are_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let old = [
            ("index.html", "home"),
            ("gone/index.html", "x"),
            ("gone/deep/er/index.html", "y"),
            ("keep/a.html", "a"),
            ("keep/b.html", "b"),
        ];
        let new = [("index.html", "home"), ("keep/a.html", "a")];
        build(&out, &old);
        build(&out, &old);
        // A folder left empty by hand goes as it always did.
        fs::create_dir_all(out.join("empty/inside")).unwrap();
        build(&out, &new);
        assert_eq!(tree(&out), expected(&new));
        assert_eq!(dirs(&out), ["keep"]);
        build(&out, &new);
        assert_eq!(tree(&out), expected(&new));
        assert_eq!(dirs(&out), ["keep"]);
    }

    #[test]
    fn a_missing_or_corrupt_manifest_falls_back_to_comparing_bytes() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let prev = tmp.path().join(".public.attest-prev");
        build(&out, SITE);
        build(&out, SITE);
        let text = fs::read_to_string(manifest_of(&prev)).unwrap();
        fs::write(manifest_of(&prev), &text[..text.len() - 1]).unwrap();
        fs::remove_file(manifest_of(&out)).unwrap();
        // Edited without a manifest to tell: the bytes must.
        fs::write(prev.join("a/index.html"), "page A").unwrap();
        fs::write(out.join("a/b/index.html"), "page B").unwrap();
        let untouched = mtime(&prev.join("index.html"));
        let changed = [
            ("index.html", "home"),
            ("a/index.html", "page a"),
            ("new.html", "n"),
        ];
        for _ in 0..2 {
            let staging = Staging::open(&out).unwrap();
            assert!(staging.existing.values().all(Option::is_none));
            drop(staging);
            build(&out, &changed);
            assert_eq!(tree(&out), expected(&changed));
        }
        assert_eq!(mtime(&prev.join("index.html")), untouched);
        // The rebuilt manifests are whole again.
        for dir in [&out, &prev] {
            assert!(Manifest::try_read(&manifest_of(dir)).unwrap().entries.len() == 3);
        }
    }

    #[test]
    fn the_output_path_never_goes_missing_during_swaps() {
        use std::sync::Arc;
        use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        build(&out, SITE);
        let done = Arc::new(AtomicBool::new(false));
        let (looks, misses) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let reader = {
            let (done, looks, misses) = (done.clone(), looks.clone(), misses.clone());
            let index = out.join("index.html");
            std::thread::spawn(move || {
                while !done.load(Ordering::Relaxed) {
                    if fs::metadata(&index).is_err() {
                        misses.fetch_add(1, Ordering::Relaxed);
                    }
                    looks.fetch_add(1, Ordering::Relaxed);
                }
            })
        };
        for i in 0..100 {
            let staging = Staging::open(&out).unwrap();
            for (rel, text) in SITE {
                staging.put(rel, text.as_bytes()).unwrap();
            }
            staging
                .put("n.html", format!("build {i}").as_bytes())
                .unwrap();
            let mut built: HashSet<String> = SITE.iter().map(|(r, _)| r.to_string()).collect();
            built.insert("n.html".into());
            staging.commit(&built).unwrap();
        }
        done.store(true, Ordering::Relaxed);
        reader.join().unwrap();
        assert!(looks.load(Ordering::Relaxed) > 100);
        assert_eq!(
            misses.load(Ordering::Relaxed),
            0,
            "the output was missing in {} of {} looks",
            misses.load(Ordering::Relaxed),
            looks.load(Ordering::Relaxed)
        );
        assert_eq!(fs::read_to_string(out.join("n.html")).unwrap(), "build 99");
        let prev = tmp.path().join(".public.attest-prev");
        assert_eq!(fs::read_to_string(prev.join("n.html")).unwrap(), "build 98");
        // Each manifest describes the directory beside it.
        for dir in [&out, &prev] {
            let m = Manifest::try_read(&manifest_of(dir)).unwrap();
            for (rel, entry) in &m.entries {
                assert_eq!(entry.hash, xxh3_128(&fs::read(dir.join(rel)).unwrap()));
            }
        }
    }

    #[test]
    fn without_an_exchange_two_renames_swap_the_output() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        build(&out, SITE);
        let changed = [("index.html", "home again")];
        let staging = Staging::open(&out).unwrap();
        staging.put("index.html", b"home again").unwrap();
        write_manifest(&manifest_of(&staging.dir), HashMap::new()).unwrap();
        fs::write(staging.dir.join(MARKER), MARKER_TEXT).unwrap();
        staging
            .remove_stale(&["index.html".to_string()].into())
            .unwrap();
        rename_twice(&staging.dir, &out, &staging.prev).unwrap();
        assert_eq!(tree(&out), expected(&changed));
        assert_eq!(tree(&staging.prev), expected(SITE));
        assert!(manifest_of(&out).is_file() && manifest_of(&staging.prev).is_file());
        assert!(!staging.dir.exists() && !manifest_of(&staging.dir).exists());
    }

    #[test]
    fn an_abandoned_build_keeps_the_build_before_last_unless_writing_failed() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let prev = tmp.path().join(".public.attest-prev");
        let staging_dir = tmp.path().join(".public.attest-staging");
        build(&out, SITE);
        build(&out, SITE);
        let staging = Staging::open(&out).unwrap();
        staging.put("index.html", b"HOME").unwrap();
        staging.abandon();
        assert!(!staging_dir.exists() && prev.join(MARKER).is_file());
        build(&out, SITE);
        assert_eq!(tree(&out), expected(SITE));

        // A write that fails (here: a folder where a file goes) frees it all.
        let staging = Staging::open(&out).unwrap();
        assert!(staging.put("a/index.html/x", b"x").is_err());
        staging.abandon();
        assert!(!staging_dir.exists() && !prev.exists());
        assert!(!manifest_of(&staging_dir).exists() && !manifest_of(&prev).exists());
        assert_eq!(tree(&out), expected(SITE));
        // As does one this build began.
        let staging = Staging::open(&out).unwrap();
        staging.put("index.html", b"HOME").unwrap();
        staging.abandon();
        assert!(!staging_dir.exists() && !prev.exists());
        build(&out, SITE);
        build(&out, SITE);
        assert_eq!(tree(&out), expected(SITE));
    }

    #[test]
    fn a_failed_build_leaves_the_output_untouched() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        build(&out, SITE);
        build(&out, SITE);
        let before = tree(&out);
        let manifest = fs::read(manifest_of(&out)).unwrap();
        let staging = Staging::open(&out).unwrap();
        staging.put("index.html", b"HOME").unwrap();
        staging.put("a/index.html", b"changed page a").unwrap();
        staging.put("new/index.html", b"new").unwrap();
        drop(staging);
        assert_eq!(tree(&out), before);
        assert_eq!(fs::read(manifest_of(&out)).unwrap(), manifest);
        // The next build repairs what the failed one left in its staging directory.
        build(&out, SITE);
        assert_eq!(tree(&out), expected(SITE));
        build(&out, SITE);
        assert_eq!(tree(&out), expected(SITE));
    }
}
