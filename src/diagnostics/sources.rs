//! The texts of the files diagnostics point into.
//!
//! Only the files with a problem need their text, to quote it and to tell
//! line and column; at 100,000 articles the text of every content file
//! (some 200 MB, held by nothing else once the model is built) is too much
//! to keep for the few. A text is held, or forgotten: then it is read
//! again from its file when a diagnostic needs it, and used only if the
//! file is still the one first read (same length and hash), so that a
//! line number is never taken from another text.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use crate::fingerprint::Fingerprint;

/// Every file's text, by path relative to the site root.
#[derive(Clone, Debug, Default)]
pub(super) struct Sources(BTreeMap<String, Source>);

#[derive(Clone, Debug)]
enum Source {
    Held(Arc<str>),
    /// In the file `root/<path>`, if it is still the text first read.
    Forgotten {
        root: Arc<Path>,
        first: Fingerprint,
    },
}

/// What is known of a file's text when a diagnostic quotes it.
#[derive(Clone, Debug)]
pub(super) enum Text {
    /// The text the build read.
    Known(Arc<str>),
    /// The file is no longer the one the build read, or cannot be read.
    Changed,
    /// No text was kept for the file.
    Unknown,
}

impl Sources {
    pub(super) fn add(&mut self, file: &str, text: Arc<str>) {
        self.0.insert(file.to_string(), Source::Held(text));
    }

    pub(super) fn extend(&mut self, other: Sources) {
        self.0.extend(other.0);
    }

    /// Forgets the text of every file under `root` but those `keep` names.
    pub(super) fn forget(&mut self, root: &Path, keep: impl Fn(&str) -> bool) {
        let root: Arc<Path> = Arc::from(root);
        for (file, source) in &mut self.0 {
            if let Source::Held(text) = source
                && !keep(file)
            {
                *source = Source::Forgotten {
                    root: root.clone(),
                    first: Fingerprint::of(text),
                };
            }
        }
    }

    /// The text of `file`, read again if it was forgotten.
    pub(super) fn text(&self, file: &str) -> Text {
        match self.0.get(file) {
            None => Text::Unknown,
            Some(Source::Held(text)) => Text::Known(text.clone()),
            Some(Source::Forgotten { root, first }) => match first.read_again(&root.join(file)) {
                Some(text) => Text::Known(Arc::from(text)),
                None => Text::Changed,
            },
        }
    }
}

/// Reads the texts of the diagnostics in turn, each file once while its
/// diagnostics (sorted by file) follow each other.
pub(super) struct Reader<'a> {
    sources: &'a Sources,
    last: Option<(&'a str, Text)>,
}

impl<'a> Reader<'a> {
    pub(super) fn new(sources: &'a Sources) -> Self {
        Reader {
            sources,
            last: None,
        }
    }

    pub(super) fn text(&mut self, file: Option<&'a str>) -> Text {
        let Some(file) = file else {
            return Text::Unknown;
        };
        match &self.last {
            Some((last, text)) if *last == file => text.clone(),
            _ => {
                let text = self.sources.text(file);
                self.last = Some((file, text.clone()));
                text
            }
        }
    }
}
