//! A seed's text, held only while something reads it.
//!
//! A text seed's text is its file as it is, so it need not stay in memory
//! for the whole build (two gigabytes at 100,000 articles): it is read
//! again from `seeds/<name>` when asked for and not held by anyone, which
//! is a copy from the page cache. The texts read last stay in a cache of
//! bounded size, so that a stage asking for the same few articles again
//! and again (a claim's evidence, the lints) does not read a file each
//! time, and a small site is read once.
//!
//! A file read again must be the file first read (same length and hash):
//! the blocks and spans index into it. If it changed while the site was
//! built, the text given is blank (spaces, every offset a character
//! boundary) and [`SeedText::changed`] says so, for the build to fail.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, Weak};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::fingerprint::Fingerprint;

/// How many bytes of texts the cache keeps alive, besides those in use,
/// when the site's seeds fit in it all: a small site's are read once.
const CACHED_BYTES: usize = 256 << 20;

/// The same for a site whose seeds do not fit: the cache holds those read
/// last, for a stage going back to the same article (most reads are of
/// articles all over the site, which no cache of a useful size holds).
const CACHED_BYTES_LARGE_SITE: usize = 32 << 20;

/// The text of a seed: in memory, or in its file.
#[derive(Clone)]
pub struct SeedText(Repr);

#[derive(Clone)]
enum Repr {
    /// A web page's visible text, made by ingest, or a text kept whole.
    Held(Arc<String>),
    /// A text seed, read again from its file when needed.
    File(Arc<FileText>),
}

struct FileText {
    path: PathBuf,
    first: Fingerprint,
    /// The text while anyone holds it. (A `String`: a weak reference to a
    /// `str` would keep its bytes.)
    last: Mutex<Weak<String>>,
    /// The file no longer holds the text first read.
    changed: AtomicBool,
}

impl std::fmt::Debug for SeedText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Repr::Held(t) => f.debug_tuple("Held").field(&t.len()).finish(),
            Repr::File(t) => f.debug_tuple("File").field(&t.path).finish(),
        }
    }
}

impl Default for SeedText {
    fn default() -> Self {
        SeedText::held(Arc::default())
    }
}

impl SeedText {
    /// A text kept in memory for as long as the seed is.
    pub fn held(text: Arc<String>) -> SeedText {
        SeedText(Repr::Held(text))
    }

    /// The text of the file at `path`, just read as `text`: read again
    /// from the file when no longer in memory.
    pub fn of_file(path: PathBuf, text: Arc<String>) -> SeedText {
        let file = FileText {
            path,
            first: Fingerprint::of(&text),
            last: Mutex::new(Arc::downgrade(&text)),
            changed: AtomicBool::new(false),
        };
        keep(text);
        SeedText(Repr::File(Arc::new(file)))
    }

    /// The text.
    pub fn get(&self) -> Arc<String> {
        match &self.0 {
            Repr::Held(t) => t.clone(),
            Repr::File(f) => f.get(),
        }
    }

    /// Its length in bytes.
    pub fn len(&self) -> usize {
        match &self.0 {
            Repr::Held(t) => t.len(),
            Repr::File(f) => f.first.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether the file changed since it was first read (its text was then
    /// given blank).
    pub fn changed(&self) -> bool {
        match &self.0 {
            Repr::Held(_) => false,
            Repr::File(f) => f.changed.load(Ordering::Relaxed),
        }
    }
}

impl FileText {
    fn get(&self) -> Arc<String> {
        // Held while reading: two threads asking at once read the file once.
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(text) = last.upgrade() {
            return text;
        }
        let text = Arc::new(self.first.read_again(&self.path).unwrap_or_else(|| {
            self.changed.store(true, Ordering::Relaxed);
            " ".repeat(self.first.len())
        }));
        *last = Arc::downgrade(&text);
        drop(last);
        keep(text.clone());
        text
    }
}

/// An error for each of `seeds` whose file changed while the site was
/// built: what was built from it is not the seed as it is now.
pub fn changed_seeds<'a>(seeds: impl Iterator<Item = &'a super::Seed>) -> Vec<Diagnostic> {
    seeds
        .filter(|s| s.text.changed())
        .map(|s| {
            let file = s.file();
            Diagnostic::error(
                "seed-changed",
                format!("{file} changed while the site was built"),
            )
            .in_file(&file)
            .note("the build reads a seed again when it needs its text, and found it no longer as it was first read")
            .note("what else the build found is not shown: it may come from the text that changed")
            .help("build again once the seed is saved")
        })
        .collect()
}

/// If any of `seeds` changed while the site was built, the build reports
/// that alone: their texts were read blank, and any other problem found
/// (quotes not found in them, above all) may come from that, not from the
/// site. Returns whether one did.
pub fn report_changed_seeds<'a>(
    seeds: impl Iterator<Item = &'a super::Seed>,
    diags: &mut Diagnostics,
) -> bool {
    let changed = changed_seeds(seeds);
    if changed.is_empty() {
        return false;
    }
    *diags = Diagnostics::new();
    changed.into_iter().for_each(|d| diags.push(d));
    true
}

/// The texts read last, oldest first, their bytes, and how many bytes it
/// keeps.
static CACHE: Mutex<Cache> = Mutex::new(Cache {
    texts: VecDeque::new(),
    bytes: 0,
    room: CACHED_BYTES,
});

struct Cache {
    texts: VecDeque<Arc<String>>,
    bytes: usize,
    room: usize,
}

impl Cache {
    fn forget_oldest(&mut self) {
        while self.bytes > self.room
            && let Some(old) = self.texts.pop_front()
        {
            self.bytes -= old.len();
        }
    }
}

/// Keeps `text` in memory a while, forgetting the oldest texts kept.
fn keep(text: Arc<String>) {
    let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    cache.bytes += text.len();
    cache.texts.push_back(text);
    cache.forget_oldest();
}

/// Sizes the cache for a site whose text seeds hold `bytes` bytes.
pub fn fit_cache(bytes: usize) {
    let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    cache.room = if bytes <= CACHED_BYTES {
        CACHED_BYTES
    } else {
        CACHED_BYTES_LARGE_SITE
    };
    cache.forget_oldest();
}

/// Forgets the texts kept, and keeps none from now on (until a site's
/// seeds are loaded again): every text is read again from its file when
/// asked for, as on a site far bigger than the cache. For tests of a seed
/// saved while a site is built.
#[doc(hidden)]
pub fn keep_no_texts() {
    let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    cache.room = 0;
    cache.forget_oldest();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_read_again_is_the_text_first_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        let body = "\u{feff}Title\r\nA line.\n".to_string();
        std::fs::write(&path, &body).unwrap();
        let text = SeedText::of_file(path, Arc::new(body.clone()));
        // Nothing else holds it: forget it, as a large site would.
        if let Repr::File(f) = &text.0 {
            *f.last.lock().unwrap() = Weak::new();
        }
        assert_eq!(*text.get(), body);
        assert!(!text.changed());
    }

    #[test]
    fn a_file_changed_since_it_was_read_is_told() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "é one").unwrap();
        let text = SeedText::of_file(path.clone(), Arc::new("é one".to_string()));
        std::fs::write(&path, "é two").unwrap();
        if let Repr::File(f) = &text.0 {
            *f.last.lock().unwrap() = Weak::new();
        }
        let read = text.get();
        assert_eq!(read.len(), "é one".len());
        assert!(read.is_char_boundary(1));
        assert!(text.changed());
    }
}
