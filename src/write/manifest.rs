//! The write manifest: beside each output or staging directory, the hash,
//! length and modification time of each of its files. A file whose length
//! and time are still the recorded ones is known by its hash without being
//! read back.

use std::collections::HashMap;
use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// The manifest of the output directory or of one of its staging
/// directories: a hidden file beside it (`public` -> `.public.attest-manifest`,
/// `.public.attest-prev` -> `.public.attest-prev-manifest`). Lines are
/// `hash length mtime-in-nanoseconds path`, sorted by path.
pub fn manifest_of(dir: &Path) -> PathBuf {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let file = if name.starts_with('.') {
        format!("{name}-manifest")
    } else {
        format!(".{name}.attest-manifest")
    };
    dir.with_file_name(file)
}

/// What a file holds (its hash) and how it looked on disk when that was known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Entry {
    pub(super) hash: u128,
    pub(super) stat: Stat,
}

/// The length and modification time of a file, which change when it is edited.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Stat {
    pub(super) len: u64,
    /// Nanoseconds since the Unix epoch (negative before it).
    pub(super) mtime: i128,
}

impl Stat {
    pub(super) fn of(meta: &fs::Metadata) -> io::Result<Stat> {
        Ok(Stat {
            len: meta.len(),
            mtime: nanos(meta.modified()?),
        })
    }
}

pub(super) fn nanos(time: SystemTime) -> i128 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(after) => after.as_nanos() as i128,
        Err(before) => -(before.duration().as_nanos() as i128),
    }
}

pub(super) fn xxh3_128(contents: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(contents)
}

/// A directory's manifest as read at open; empty if missing or unreadable.
#[derive(Default)]
pub(super) struct Manifest {
    pub(super) entries: HashMap<String, Entry>,
    /// When the manifest was written (its own mtime, in nanoseconds).
    written: i128,
}

impl Manifest {
    pub(super) fn read(path: &Path) -> Manifest {
        Self::try_read(path).unwrap_or_default()
    }

    pub(super) fn try_read(path: &Path) -> Option<Manifest> {
        let mut file = File::open(path).ok()?;
        let written = Stat::of(&file.metadata().ok()?).ok()?.mtime;
        let mut text = String::new();
        file.read_to_string(&mut text).ok()?;
        // A manifest cut short (a crash while writing it) is not trusted.
        if !text.is_empty() && !text.ends_with('\n') {
            return None;
        }
        let entries = text
            .split_terminator('\n')
            .map(parse_line)
            .collect::<Option<_>>()?;
        Some(Manifest { entries, written })
    }

    /// The recorded entry of `rel`, if the file on disk is still the one it describes.
    pub(super) fn vouch(&self, rel: &str, file: &walkdir::DirEntry) -> Option<Entry> {
        let old = self.entries.get(rel)?;
        let now = Stat::of(&file.metadata().ok()?).ok()?;
        // As git's racy-clean rule: an edit in the clock tick the manifest was written in keeps the mtime.
        (now == old.stat && now.mtime < self.written).then_some(*old)
    }
}

pub(super) fn parse_line(line: &str) -> Option<(String, Entry)> {
    let mut fields = line.splitn(4, ' ');
    let hash = u128::from_str_radix(fields.next()?, 16).ok()?;
    let len = fields.next()?.parse().ok()?;
    let mtime = fields.next()?.parse().ok()?;
    let stat = Stat { len, mtime };
    Some((fields.next()?.to_owned(), Entry { hash, stat }))
}

pub(super) fn write_manifest(path: &Path, recorded: HashMap<String, Entry>) -> io::Result<()> {
    // A path with a line break cannot be a line; that file is just compared by bytes.
    let mut lines: Vec<_> = recorded
        .into_iter()
        .filter(|(rel, _)| !rel.contains('\n'))
        .collect();
    lines.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    // Built in memory and written in one call: a 15,000-page site's is 1.5 MB.
    let mut text = Vec::with_capacity(lines.len() * 100);
    for (rel, Entry { hash, stat }) in lines {
        writeln!(text, "{hash:032x} {} {} {rel}", stat.len, stat.mtime)?;
    }
    fs::write(path, text)
}
