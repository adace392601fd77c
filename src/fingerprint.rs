//! A file's length and hash when first read, to read it again later only
//! if it is still that file: what was built from its text (offsets, line
//! numbers) holds for no other. Seeds and content files are read again
//! this way instead of being kept in memory on large sites.

use std::fs::File;
use std::io::Read;
use std::path::Path;

/// The length and hash of a text first read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fingerprint {
    len: usize,
    hash: u64,
}

impl Fingerprint {
    pub fn of(text: &str) -> Fingerprint {
        Fingerprint {
            len: text.len(),
            hash: hash(text.as_bytes()),
        }
    }

    /// The length of the text, in bytes.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The text of the file at `path` if it is still the text first read;
    /// `None` if it changed or cannot be read.
    pub fn read_again(&self, path: &Path) -> Option<String> {
        // A 100,000-article build reads seeds again 490,000 times: no
        // `stat` for the length (it is known: room for one byte more shows
        // a file that grew), and no copy of the text once checked.
        let mut bytes = Vec::with_capacity(self.len + 1);
        File::open(path)
            .ok()?
            .take(self.len as u64 + 1)
            .read_to_end(&mut bytes)
            .ok()?;
        // The hash first: a changed file is not checked as text.
        if bytes.len() != self.len || hash(&bytes) != self.hash {
            return None;
        }
        crate::utf8::string(bytes)
    }
}

fn hash(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_read_again_only_while_it_is_the_text_first_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "é one").unwrap();
        let first = Fingerprint::of("é one");
        assert_eq!(first.read_again(&path).as_deref(), Some("é one"));
        // Same length, other bytes.
        std::fs::write(&path, "é two").unwrap();
        assert_eq!(first.read_again(&path), None);
        // The text first read, and more after it; less of it.
        std::fs::write(&path, "é one more").unwrap();
        assert_eq!(first.read_again(&path), None);
        std::fs::write(&path, "é on").unwrap();
        assert_eq!(first.read_again(&path), None);
        // The same bytes again: read as before.
        std::fs::write(&path, "é one").unwrap();
        assert_eq!(first.read_again(&path).as_deref(), Some("é one"));
        std::fs::remove_file(&path).unwrap();
        assert_eq!(first.read_again(&path), None);
    }
}
