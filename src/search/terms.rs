//! The words of the search index: how text becomes terms.
//!
//! The same rules run in the reader's browser (`templates/search.js`), on
//! the query and on the passages it marks, so both sides must agree; the
//! rules are spelled out in docs/data.md.
//!
//! - Text is folded one character at a time: lower case, compatibility
//!   decomposition (NFKD), combining marks removed. "Été" and "ete" are one term.
//! - A term is a run of letters and digits. Everything else separates terms,
//!   apostrophes and hyphens included: "Russia's" is `russia` and `s`.
//! - A number is read with its thousands separators and decimals: "1,500"
//!   and "1500" are both `1500`, "1.50" is `1.5`. Digits right after a
//!   number start a new term ("15th" is `15` and `th`).
//! - A number followed by a scale ("1.5 thousand", "2 million", "3bn", "10k")
//!   also gives the value: `1500`, `2000000`, `3000000000`, `10000`.

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// Scale words after a number, and the power of ten they stand for.
const SCALE_WORDS: [(&str, u32); 4] = [
    ("thousand", 3),
    ("million", 6),
    ("billion", 9),
    ("trillion", 12),
];
/// Scales written right after the digits ("10k", "5m", "3bn").
const SCALE_SUFFIXES: [(&str, u32); 3] = [("k", 3), ("m", 6), ("bn", 9)];

/// A folded character: what the scanner reads.
trait Unit: Copy {
    fn is_word(self) -> bool;
    fn is_digit(self) -> bool;
    fn is(self, c: char) -> bool;
    fn push(self, s: &mut String);
}

impl Unit for u8 {
    fn is_word(self) -> bool {
        self.is_ascii_alphanumeric()
    }
    fn is_digit(self) -> bool {
        self.is_ascii_digit()
    }
    fn is(self, c: char) -> bool {
        self as char == c
    }
    fn push(self, s: &mut String) {
        s.push(self as char);
    }
}

impl Unit for char {
    fn is_word(self) -> bool {
        self.is_alphanumeric()
    }
    fn is_digit(self) -> bool {
        self.is_ascii_digit()
    }
    fn is(self, c: char) -> bool {
        self == c
    }
    fn push(self, s: &mut String) {
        s.push(self);
    }
}

/// Reads the terms of texts, reusing its buffers.
#[derive(Default)]
pub struct Terms {
    folded: Vec<char>,
    ascii: Vec<u8>,
    term: String,
    number: String,
}

impl Terms {
    pub fn new() -> Terms {
        Terms::default()
    }

    /// Calls `f` with every term of `text`, in order, repeats included; a
    /// number with a scale gives its value after the number itself.
    pub fn each(&mut self, text: &str, f: impl FnMut(&str)) {
        self.scan(text, false, f);
    }

    /// The terms of a query: as [`Terms::each`], but a number with a
    /// scale gives only its value ("1.5 thousand" is `1500` alone), so that
    /// it finds "1,500" too.
    pub fn query(&mut self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        self.scan(text, true, |t| out.push(t.to_string()));
        out
    }

    fn scan(&mut self, text: &str, query: bool, f: impl FnMut(&str)) {
        if text.is_ascii() {
            // Most text is ASCII: lower case is all the folding it needs.
            let mut ascii = std::mem::take(&mut self.ascii);
            ascii.clear();
            ascii.extend(text.bytes().map(|b| b.to_ascii_lowercase()));
            scan(&ascii, query, &mut self.term, &mut self.number, f);
            self.ascii = ascii;
        } else {
            let mut folded = std::mem::take(&mut self.folded);
            folded.clear();
            for c in text.chars() {
                fold(c, &mut folded);
            }
            scan(&folded, query, &mut self.term, &mut self.number, f);
            self.folded = folded;
        }
    }
}

/// The terms of `text`, in order.
pub fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    Terms::new().each(text, |t| out.push(t.to_string()));
    out
}

/// Folds one character: lower case, NFKD, no combining marks.
fn fold(c: char, out: &mut Vec<char>) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    for lower in c.to_lowercase() {
        decompose_compatible(lower, |d| {
            if !is_combining_mark(d) {
                out.push(d);
            }
        });
    }
}

fn scan<U: Unit>(
    u: &[U],
    query: bool,
    term: &mut String,
    number: &mut String,
    mut f: impl FnMut(&str),
) {
    let n = u.len();
    let mut i = 0;
    while i < n {
        if !u[i].is_word() {
            i += 1;
            continue;
        }
        if !u[i].is_digit() {
            let end = word_end(u, i);
            term.clear();
            u[i..end].iter().for_each(|c| c.push(term));
            f(term);
            i = end;
            continue;
        }
        let end = read_number(u, i, number);
        // A scale: attached ("3bn") or after spaces or a hyphen ("1.5 thousand").
        let mut scale = None;
        if end < n && u[end].is_word() {
            let word_to = word_end(u, end);
            scale = scale_of(&u[end..word_to], &SCALE_SUFFIXES).map(|p| (p, word_to));
        } else {
            let mut k = end;
            while k < n && (u[k].is(' ') || u[k].is('-')) {
                k += 1;
            }
            if k > end && k < n && u[k].is_word() && !u[k].is_digit() {
                let word_to = word_end(u, k);
                scale = scale_of(&u[k..word_to], &SCALE_WORDS).map(|p| (p, word_to));
            }
        }
        match scale {
            Some((power, word_to)) => {
                if !query {
                    f(number);
                }
                scaled(number, power, term);
                f(term);
                // The index keeps the scale word as a term; a query drops it.
                i = if query { word_to } else { end };
            }
            None => {
                f(number);
                i = end;
            }
        }
    }
}

/// Where the run of letters and digits starting at `i` ends.
fn word_end<U: Unit>(u: &[U], i: usize) -> usize {
    let mut j = i;
    while j < u.len() && u[j].is_word() {
        j += 1;
    }
    j
}

/// The power of ten of a scale word, if `word` is one of `table`.
fn scale_of<U: Unit>(word: &[U], table: &[(&str, u32)]) -> Option<u32> {
    table.iter().find_map(|&(w, p)| {
        (w.len() == word.len() && w.chars().zip(word).all(|(a, &b)| b.is(a))).then_some(p)
    })
}

/// Reads the number at `i` (ASCII digits first) into `out`, in its canonical
/// form; returns where it ends. Commas group thousands only in groups of
/// exactly three digits after a first group of one to three.
fn read_number<U: Unit>(u: &[U], i: usize, out: &mut String) -> usize {
    let n = u.len();
    let digits_end = |from: usize| {
        let mut j = from;
        while j < n && u[j].is_digit() {
            j += 1;
        }
        j
    };
    let mut int = String::new();
    let mut j = digits_end(i);
    u[i..j].iter().for_each(|c| c.push(&mut int));
    if j - i <= 3 {
        while j < n && u[j].is(',') && digits_end(j + 1) == j + 4 {
            u[j + 1..j + 4].iter().for_each(|c| c.push(&mut int));
            j += 4;
        }
    }
    let mut frac = String::new();
    if j + 1 < n && u[j].is('.') && u[j + 1].is_digit() {
        let end = digits_end(j + 1);
        u[j + 1..end].iter().for_each(|c| c.push(&mut frac));
        j = end;
    }
    canonical(&int, &frac, out);
    j
}

/// `int.frac` without leading zeros in the integer part, trailing zeros in
/// the fraction, or a point without a fraction.
fn canonical(int: &str, frac: &str, out: &mut String) {
    out.clear();
    let int = int.trim_start_matches('0');
    out.push_str(if int.is_empty() { "0" } else { int });
    let frac = frac.trim_end_matches('0');
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
}

/// The canonical number `number` times ten to the `power`, into `out`.
fn scaled(number: &str, power: u32, out: &mut String) {
    let (int, frac) = number.split_once('.').unwrap_or((number, ""));
    let shift = (power as usize).min(frac.len());
    let mut digits = String::with_capacity(int.len() + power as usize);
    digits.push_str(int);
    digits.push_str(&frac[..shift]);
    digits.extend(std::iter::repeat_n('0', power as usize - shift));
    canonical(&digits, &frac[shift..], out);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(text: &str) -> Vec<String> {
        Terms::new().query(text)
    }

    #[test]
    fn words_are_folded_and_split_at_everything_else() {
        assert_eq!(
            terms("Russia's “Kim Yong-hyun” ÉTÉ naïve ﬁle COVID19"),
            [
                "russia", "s", "kim", "yong", "hyun", "ete", "naive", "file", "covid19"
            ]
        );
    }

    #[test]
    fn numbers_match_across_notations() {
        assert_eq!(terms("1,500 troops"), ["1500", "troops"]);
        assert_eq!(terms("1500"), ["1500"]);
        assert_eq!(terms("12,000,000.50 and 007"), ["12000000.5", "and", "7"]);
        assert_eq!(terms("1.5 thousand"), ["1.5", "1500", "thousand"]);
        assert_eq!(terms("2.35 billion"), ["2.35", "2350000000", "billion"]);
        assert_eq!(
            terms("$3bn, 10k and 0.5 million"),
            [
                "3",
                "3000000000",
                "bn",
                "10",
                "10000",
                "k",
                "and",
                "0.5",
                "500000",
                "million"
            ]
        );
        assert_eq!(q("1.5 thousand troops"), ["1500", "troops"]);
        assert_eq!(q("1,500"), ["1500"]);
        assert_eq!(q("1.2345 thousand"), ["1234.5"]);
    }

    #[test]
    fn commas_group_only_thousands() {
        assert_eq!(
            terms("1,50 and 1,5000 and 2023,2024"),
            ["1", "50", "and", "1", "5000", "and", "2023", "2024"]
        );
        assert_eq!(terms("in 2024. Then"), ["in", "2024", "then"]);
        assert_eq!(terms("version 1.2.3"), ["version", "1.2", "3"]);
        assert_eq!(terms("15th 4bWBU"), ["15", "th", "4", "bwbu"]);
    }
}
