//! Text normalisation for quote matching, with a map back to the original.
//!
//! A quote and an article are compared after (content format, "How a quote
//! finds its passage"): Unicode NFKC; curly quotes and apostrophes made
//! straight; dashes made `-`; every run of white space made one space; case
//! ignored. [`Normalized`] keeps, for every byte of the normalised text, where
//! it came from, so a match can be highlighted on exactly the original
//! characters.

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::canonical_combining_class;

use crate::eight_bytes;

/// Normalises a quote, prefix, suffix or line for comparison.
pub fn normalize(s: &str) -> String {
    let mut n = Normalized::default();
    n.push_str(s, 0);
    n.text
}

/// A piece of the offset map: normalised bytes from `norm` on come from
/// original bytes from `orig` on, either byte for byte (`block_end` is
/// `None`) or all together from the chunk `orig..block_end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Run {
    norm: usize,
    orig: usize,
    block_end: Option<usize>,
}

/// Normalised text and its offset map back to the original text.
#[derive(Clone, Debug, Default)]
pub struct Normalized {
    /// The normalised text.
    pub text: String,
    runs: Vec<Run>,
    /// Original range of white space seen but not yet written as a space.
    pending_space: Option<Range<usize>>,
}

impl Normalized {
    /// Appends the normalisation of `s`, which starts at byte `base` of the
    /// original text. White space at either end of `s` is dropped.
    pub fn push_str(&mut self, s: &str, base: usize) {
        self.pending_space = None;
        let bytes = s.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b.is_ascii() && !b.is_ascii_whitespace() {
                // ASCII fast path: a run of plain ASCII words with single
                // spaces between them maps byte for byte; it is copied in one
                // go, lower-cased. Its last byte stays out if a combining
                // mark follows, or if it is a vertical tab before other
                // non-ASCII (which `push_chunk` has always taken for white
                // space), and a trailing space is left to `space`.
                let mut end = plain_run_end(bytes, i);
                let tab =
                    bytes[end - 1] == b'\x0B' && bytes.get(end).is_some_and(|b| !b.is_ascii());
                if tab || chunk_end(s, end - 1) > end {
                    end -= 1;
                    while end > i && bytes[end - 1] == b' ' {
                        end -= 1;
                    }
                }
                if end > i {
                    self.flush_space();
                    self.push_ascii(&s[i..end], base + i);
                    i = end;
                    continue;
                }
            } else if b.is_ascii_whitespace() && chunk_end(s, i) == i + 1 {
                // White space with no combining mark after it.
                self.space(base + i..base + i + 1);
                i += 1;
                continue;
            }
            let end = chunk_end(s, i);
            self.push_chunk(&s[i..end], base + i);
            i = end;
        }
        self.pending_space = None;
    }

    /// Appends one space standing for the original range `orig`, as between
    /// two blocks of an article, unless the text is empty so far.
    pub fn push_separator(&mut self, orig: Range<usize>) {
        self.pending_space = None;
        if !self.text.is_empty() && !self.text.ends_with(' ') {
            self.push_block(" ", orig);
        }
    }

    /// The original byte range a normalised byte range came from.
    ///
    /// `norm` must lie on char boundaries of [`Self::text`]; the result always
    /// lies on char boundaries of the original.
    pub fn to_original(&self, norm: Range<usize>) -> Range<usize> {
        let start = self.orig_start(norm.start);
        let end = if norm.end > norm.start {
            self.orig_end(norm.end)
        } else {
            start
        };
        start..end.max(start)
    }

    /// Whether a match may start or end at normalised byte `pos`: not inside
    /// the expansion of one original character (`ﬁ` -> `fi`), which could
    /// not be highlighted exactly.
    pub fn is_boundary(&self, pos: usize) -> bool {
        pos >= self.text.len()
            || self
                .run_at(pos)
                .is_none_or(|r| r.block_end.is_none() || r.norm == pos)
    }

    fn run_at(&self, pos: usize) -> Option<&Run> {
        let i = self.runs.partition_point(|r| r.norm <= pos);
        i.checked_sub(1).map(|i| &self.runs[i])
    }

    fn orig_start(&self, pos: usize) -> usize {
        match self.run_at(pos) {
            Some(r) if r.block_end.is_none() => r.orig + (pos - r.norm),
            Some(r) => r.orig,
            None => 0,
        }
    }

    /// The original end of the normalised bytes before `end`.
    fn orig_end(&self, end: usize) -> usize {
        match self.run_at(end - 1) {
            Some(r) => match r.block_end {
                None => r.orig + (end - r.norm),
                Some(block_end) => block_end,
            },
            None => 0,
        }
    }

    fn space(&mut self, orig: Range<usize>) {
        self.pending_space = Some(match self.pending_space.take() {
            Some(p) => p.start..orig.end,
            None => orig,
        });
    }

    fn flush_space(&mut self) {
        if let Some(p) = self.pending_space.take()
            && !self.text.is_empty()
            && !self.text.ends_with(' ')
        {
            if p.len() == 1 {
                self.push_linear(' ', p.start);
            } else {
                self.push_block(" ", p);
            }
        }
    }

    /// Appends plain ASCII (no white space), lower-cased, mapped byte for byte.
    fn push_ascii(&mut self, run: &str, orig: usize) {
        let norm = self.text.len();
        self.map_linear(orig);
        self.text.push_str(run);
        if let Some(tail) = self.text.get_mut(norm..) {
            tail.make_ascii_lowercase();
        }
    }

    fn push_linear(&mut self, c: char, orig: usize) {
        self.map_linear(orig);
        self.text.push(c);
    }

    /// Maps what is appended next byte for byte from `orig`: the current
    /// run goes on if it already does, else a new run starts.
    fn map_linear(&mut self, orig: usize) {
        let norm = self.text.len();
        let continues = self
            .runs
            .last()
            .is_some_and(|r| r.block_end.is_none() && r.orig + (norm - r.norm) == orig);
        if !continues {
            self.runs.push(Run {
                norm,
                orig,
                block_end: None,
            });
        }
    }

    fn push_block(&mut self, s: &str, orig: Range<usize>) {
        if s.is_empty() {
            return;
        }
        self.runs.push(Run {
            norm: self.text.len(),
            orig: orig.start,
            block_end: Some(orig.end),
        });
        self.text.push_str(s);
    }

    /// Normalises one chunk: a character and the combining marks after it.
    fn push_chunk(&mut self, chunk: &str, orig: usize) {
        let orig_range = orig..orig + chunk.len();
        let mut chars = chunk.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            // Fast paths for a lone character that NFKC leaves alone: no
            // allocation, and no NFKC lookup for the quotes and dashes.
            match fold_char(c) {
                Folded::Str(s) => {
                    self.flush_space();
                    self.push_block(s, orig_range);
                    return;
                }
                Folded::One(c) if !c.is_whitespace() && is_nfkc_itself(c) => {
                    self.flush_space();
                    let mut lower = c.to_lowercase();
                    match (lower.next(), lower.next()) {
                        (Some(l), None) if l.len_utf8() == c.len_utf8() => {
                            self.push_linear(l, orig)
                        }
                        _ => {
                            let s: String = c.to_lowercase().collect();
                            self.push_block(&s, orig_range)
                        }
                    }
                    return;
                }
                Folded::One(_) => {}
            }
        }
        self.push_nfkc(chunk, orig);
    }

    /// The general path of [`Self::push_chunk`], through NFKC.
    fn push_nfkc(&mut self, chunk: &str, orig: usize) {
        let orig_range = orig..orig + chunk.len();
        let mut out = String::with_capacity(chunk.len());
        for c in chunk.nfkc() {
            match fold_char(c) {
                Folded::One(c) => out.extend(c.to_lowercase()),
                Folded::Str(s) => out.push_str(s),
            }
        }
        if !out.is_empty() && out.chars().all(char::is_whitespace) {
            self.space(orig_range);
            return;
        }
        // A chunk whose output has inner white space keeps it as one space.
        let mut collapsed = String::with_capacity(out.len());
        for c in out.chars() {
            if c.is_whitespace() {
                if !collapsed.ends_with(' ') {
                    collapsed.push(' ');
                }
            } else {
                collapsed.push(c);
            }
        }
        let collapsed = collapsed.trim();
        if collapsed.is_empty() {
            return;
        }
        self.flush_space();
        let mut chars = collapsed.chars();
        let single_char_in = chunk.chars().nth(1).is_none();
        match (chars.next(), chars.next()) {
            (Some(c), None) if single_char_in && c.len_utf8() == chunk.len() => {
                self.push_linear(c, orig)
            }
            _ => self.push_block(collapsed, orig_range),
        }
    }
}

enum Folded {
    One(char),
    Str(&'static str),
}

/// Quotes, apostrophes and dashes made plain; everything else kept. NFKC
/// keeps every character made plain here (it turns `‑` into `‐`, `″` into
/// `′′` before this), so a lone one needs no NFKC.
fn fold_char(c: char) -> Folded {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{02BC}' | '\u{2032}' => {
            Folded::Str("'")
        }
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' => Folded::Str("\""),
        '\u{2010}' | '\u{2012}'..='\u{2015}' | '\u{2212}' => Folded::Str("-"),
        c => Folded::One(c),
    }
}

/// Whether NFKC maps `c`, standing alone, to itself.
fn is_nfkc_itself(c: char) -> bool {
    use unicode_normalization::{IsNormalized, is_nfkc_quick};
    match is_nfkc_quick(std::iter::once(c)) {
        IsNormalized::Yes => true,
        IsNormalized::No => false,
        IsNormalized::Maybe => c.nfkc().eq(std::iter::once(c)),
    }
}

/// The end of the chunk starting at `start`: one char and every combining
/// mark after it, so that NFKC never needs to look across chunks.
fn chunk_end(s: &str, start: usize) -> usize {
    let mut chars = s[start..].char_indices();
    chars.next();
    for (off, c) in chars {
        if !continues_chunk(c) {
            return start + off;
        }
    }
    s.len()
}

/// Combining marks, and Hangul vowel and trailing jamo, compose with the
/// character before them. Characters below the first combining mark and
/// those of General Punctuation (quotes, dashes) never do: no lookup.
fn continues_chunk(c: char) -> bool {
    c >= '\u{300}'
        && !matches!(c, '\u{2000}'..='\u{206F}')
        && (canonical_combining_class(c) != 0 || matches!(c, '\u{1160}'..='\u{11FF}'))
}

/// The end of the run of plain ASCII starting at `start` (a plain byte):
/// the first byte that is not ASCII, or is white space other than one space
/// before a plain byte.
fn plain_run_end(bytes: &[u8], start: usize) -> usize {
    let plain = |b: u8| b.is_ascii() && !b.is_ascii_whitespace();
    let continues = |p: usize| {
        let b = bytes[p];
        plain(b) || (b == b' ' && bytes.get(p + 1).is_some_and(|&n| plain(n)))
    };
    let mut end = start + 1;
    // Eight bytes at a time: only a byte not above a space may stop the run,
    // and a space only if the byte after it is not above a space either.
    while end + 9 <= bytes.len() {
        let here = eight_bytes::load(bytes, end);
        let next = eight_bytes::load(bytes, end + 1);
        let candidates = eight_bytes::not_above_space(here)
            & !(eight_bytes::equal(here, b' ') & !eight_bytes::not_above_space(next));
        if candidates == 0 {
            end += 8;
            continue;
        }
        end += candidates.trailing_zeros() as usize / 8;
        if !continues(end) {
            return end;
        }
        end += 1;
    }
    while end < bytes.len() && continues(end) {
        end += 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_quotes_dashes_space_and_case() {
        assert_eq!(
            normalize("  “Very   Likely” – it’s\u{a0}TRUE\n"),
            "\"very likely\" - it's true"
        );
    }

    #[test]
    fn nfkc_folds_ellipsis_and_ligatures() {
        assert_eq!(normalize("ﬁne…"), "fine...");
    }

    #[test]
    fn maps_back_to_original_characters() {
        let orig = "He said: “It’s   here.”";
        let mut n = Normalized::default();
        n.push_str(orig, 0);
        let start = n.text.find("it's here").unwrap();
        let range = n.to_original(start..start + "it's here".len());
        assert_eq!(&orig[range], "It’s   here");
    }

    #[test]
    fn separator_maps_to_the_gap_between_blocks() {
        let orig = "First line.\n\nSecond line.";
        let mut n = Normalized::default();
        n.push_str(&orig[..11], 0);
        n.push_separator(11..13);
        n.push_str(&orig[13..], 13);
        assert_eq!(n.text, "first line. second line.");
        let r = n.to_original(6..18);
        assert_eq!(&orig[r], "line.\n\nSecond");
    }

    #[test]
    fn no_boundary_inside_an_expanded_character() {
        let mut n = Normalized::default();
        n.push_str("ﬁne", 0);
        assert_eq!(n.text, "fine");
        assert!(n.is_boundary(0) && !n.is_boundary(1) && n.is_boundary(2));
    }

    #[test]
    fn vertical_tab_is_kept_only_inside_plain_ascii() {
        assert_eq!(normalize("a\u{b}b"), "a\u{b}b");
        assert_eq!(normalize("a\u{b}’b\u{b}é"), "a 'b é");
    }

    #[test]
    fn fast_paths_skip_no_lookup_they_need() {
        for c in char::MIN..=char::MAX {
            if let Folded::Str(_) = fold_char(c) {
                assert!(is_nfkc_itself(c), "{c:?}");
            }
        }
        for c in ('\0'..'\u{300}').chain('\u{2000}'..='\u{206F}') {
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
        }
    }

    /// Every chunk through NFKC, with none of the fast paths.
    fn nfkc_only(s: &str) -> Normalized {
        let mut n = Normalized::default();
        let mut i = 0;
        while i < s.len() {
            let end = chunk_end(s, i);
            n.push_nfkc(&s[i..end], i);
            i = end;
        }
        n.pending_space = None;
        n
    }

    fn fragment() -> impl proptest::strategy::Strategy<Value = String> {
        proptest::prop_oneof![
            "[a-zA-Z0-9.,]{1,12}",
            "[ \\t\\n\\r\\x01]{1,2}",
            "[’‘“”–—‑″′−ʼ]",
            "[\u{301}\u{20dd}\u{1100}\u{1161}\u{a0}\u{2009}ﬁéİȺ…]",
        ]
    }

    proptest::proptest! {
        /// The fast paths give the very text and offset map of the general
        /// path (the vertical tab, above, aside).
        #[test]
        fn fast_paths_map_as_nfkc_does(parts in proptest::collection::vec(fragment(), 0..40)) {
            let s = parts.concat();
            let mut fast = Normalized::default();
            fast.push_str(&s, 0);
            let slow = nfkc_only(&s);
            proptest::prop_assert_eq!((fast.text, fast.runs), (slow.text, slow.runs));
        }
    }

    #[test]
    fn combining_marks_stay_with_their_base() {
        let orig = "cafe\u{301} noir";
        let mut n = Normalized::default();
        n.push_str(orig, 0);
        assert_eq!(n.text, "café noir");
        let r = n.to_original(0.."café".len());
        assert_eq!(&orig[r], "cafe\u{301}");
    }
}
