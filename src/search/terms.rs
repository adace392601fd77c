//! The words of the search index: how text becomes terms.
//!
//! The same rules run in the reader's browser (`templates/search.js`), on
//! the query and on the passages it marks, so both sides must agree; the
//! rules are spelled out in docs/data.md.
//!
//! - Text is folded one character at a time: lower case, compatibility
//!   decomposition (NFKD), combining marks removed. "Été" and "ete" are one term.
//! - A term is a run of letters and digits. Everything else separates terms,
//!   apostrophes and hyphens included ("Yong-hyun" is `yong` and `hyun`),
//!   but an apostrophe and `s` that end a word are left out: "Russia’s" is
//!   `russia`.
//! - A number is read with its thousands separators and decimals: "1,500"
//!   and "1500" are both `1500`, "1.50" is `1.5`. Digits right after a
//!   number start a new term ("15th" is `15` and `th`).
//! - A number followed by a scale ("1.5 thousand", "2 million", "3bn", "10k")
//!   also gives the value: `1500`, `2000000`, `3000000000`, `10000`.

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

use crate::eight_bytes;

/// Scale words after a number, and the power of ten they stand for.
const SCALE_WORDS: [(&str, u32); 4] = [
    ("thousand", 3),
    ("million", 6),
    ("billion", 9),
    ("trillion", 12),
];
/// Scales written right after the digits ("10k", "5m", "3bn").
const SCALE_SUFFIXES: [(&str, u32); 3] = [("k", 3), ("m", 6), ("bn", 9)];

/// Reads the terms of texts, reusing its buffers.
#[derive(Default)]
pub struct Terms {
    /// The folded text: ASCII lower-cased, other letters and digits folded,
    /// any other character [`OTHER`].
    folded: String,
    number: String,
    scaled: String,
}

/// Stands for a folded character that is neither a letter, a digit, a
/// space nor a hyphen: it only separates terms.
const OTHER: char = '\u{1}';

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
        fold(text, &mut self.folded);
        scan(&self.folded, query, &mut self.number, &mut self.scaled, f);
    }
}

/// The terms of `text`, in order.
pub fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    Terms::new().each(text, |t| out.push(t.to_string()));
    out
}

/// Folds `text` into `out`: ASCII by lower case, every other character by
/// lower case, NFKD and no combining marks.
fn fold(text: &str, out: &mut String) {
    out.clear();
    out.reserve(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        // Runs of ASCII, the bulk of most text, are copied whole.
        let ascii = ascii_run(rest.as_bytes());
        let start = out.len();
        out.push_str(&rest[..ascii]);
        out[start..].make_ascii_lowercase();
        rest = &rest[ascii..];
        let Some(c) = rest.chars().next() else {
            break;
        };
        rest = &rest[c.len_utf8()..];
        match c {
            // Curly quotes and dashes, in most news text: as `fold_char` folds them, without its tables.
            '\u{2018}' | '\u{2019}' => out.push('\''),
            '\u{201C}' | '\u{201D}' | '\u{2013}' | '\u{2014}' => out.push(OTHER),
            _ => fold_char(c, out),
        }
    }
}

/// Folds one character that is not ASCII: lower case, NFKD, no combining marks.
fn fold_char(c: char, out: &mut String) {
    for lower in c.to_lowercase() {
        decompose_compatible(lower, |d| {
            if is_combining_mark(d) {
            } else if matches!(d, '\u{2018}' | '\u{2019}') {
                // Curly apostrophes are apostrophes.
                out.push('\'');
            } else if d.is_ascii() || d.is_alphanumeric() {
                out.push(d);
            } else {
                out.push(OTHER);
            }
        });
    }
}

/// A byte of a term: an ASCII letter or digit, or part of a folded letter or digit.
fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

fn scan(
    text: &str,
    query: bool,
    number: &mut String,
    scaled: &mut String,
    mut f: impl FnMut(&str),
) {
    let u = text.as_bytes();
    let n = u.len();
    let mut i = 0;
    while i < n {
        if !is_word(u[i]) {
            i += 1;
            continue;
        }
        if !u[i].is_ascii_digit() {
            // A term starts and ends next to ASCII or at an end: on character boundaries.
            let end = word_end(u, i);
            f(&text[i..end]);
            i = end;
            // The possessive ("Russia's"): not a term of its own.
            if u.get(i) == Some(&b'\'')
                && u.get(i + 1) == Some(&b's')
                && !u.get(i + 2).is_some_and(|&b| is_word(b))
            {
                i += 2;
            }
            continue;
        }
        let end = read_number(u, i, number);
        // A scale: attached ("3bn") or after spaces or a hyphen ("1.5 thousand").
        let mut scale = None;
        if end < n && is_word(u[end]) {
            let word_to = word_end(u, end);
            scale = scale_of(&u[end..word_to], &SCALE_SUFFIXES).map(|p| (p, word_to));
        } else {
            let mut k = end;
            while k < n && (u[k] == b' ' || u[k] == b'-') {
                k += 1;
            }
            if k > end && k < n && is_word(u[k]) && !u[k].is_ascii_digit() {
                let word_to = word_end(u, k);
                scale = scale_of(&u[k..word_to], &SCALE_WORDS).map(|p| (p, word_to));
            }
        }
        match scale {
            Some((power, word_to)) => {
                if !query {
                    f(number);
                }
                scale_number(number, power, scaled);
                f(scaled);
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

/// How many bytes `u` starts with are ASCII, eight at a time.
fn ascii_run(u: &[u8]) -> usize {
    let mut i = 0;
    while i < u.len() {
        let high = eight_bytes::load(u, i) & eight_bytes::HIGH;
        if high != 0 {
            return (i + high.trailing_zeros() as usize / 8).min(u.len());
        }
        i += 8;
    }
    u.len()
}

/// Where the run of letters and digits starting at `i` ends: as a loop of
/// [`is_word`], eight bytes at a time (a byte loop mispredicts the end of
/// nearly every word).
fn word_end(u: &[u8], i: usize) -> usize {
    let mut j = i;
    while j < u.len() {
        let v = eight_bytes::load(u, j);
        // ASCII letters and digits, and the bytes of letters past ASCII.
        let word = eight_bytes::letters(v) | eight_bytes::digits(v) | (v & eight_bytes::HIGH);
        let k = eight_bytes::first_unmarked(word);
        if k < 8 {
            // Zeros past the end are not word bytes: the run ends by then.
            return j + k;
        }
        j += 8;
    }
    u.len()
}

/// The power of ten of a scale word, if `word` is one of `table`.
fn scale_of(word: &[u8], table: &[(&str, u32)]) -> Option<u32> {
    table
        .iter()
        .find_map(|&(w, p)| (w.as_bytes() == word).then_some(p))
}

/// Reads the number at `i` (ASCII digits first) into `out`, in its canonical
/// form; returns where it ends. Commas group thousands only in groups of
/// exactly three digits after a first group of one to three.
fn read_number(u: &[u8], i: usize, out: &mut String) -> usize {
    let n = u.len();
    let digits_end = |from: usize| {
        let mut j = from;
        while j < n && u[j].is_ascii_digit() {
            j += 1;
        }
        j
    };
    out.clear();
    let mut j = digits_end(i);
    push_ascii(out, &u[i..j]);
    if j - i <= 3 {
        while j < n && u[j] == b',' && digits_end(j + 1) == j + 4 {
            push_ascii(out, &u[j + 1..j + 4]);
            j += 4;
        }
    }
    let int_len = out.len();
    if j + 1 < n && u[j] == b'.' && u[j + 1].is_ascii_digit() {
        let end = digits_end(j + 1);
        out.push('.');
        push_ascii(out, &u[j + 1..end]);
        j = end;
    }
    canonical(out, int_len);
    j
}

fn push_ascii(out: &mut String, digits: &[u8]) {
    out.extend(digits.iter().map(|&b| b as char));
}

/// Makes `number` (digits, then `.` and digits from `int_len` on) canonical:
/// no leading zeros in the integer part, no trailing zeros in the fraction,
/// no point without a fraction.
fn canonical(number: &mut String, int_len: usize) {
    if number.len() > int_len {
        let kept = number.trim_end_matches('0').trim_end_matches('.').len();
        number.truncate(kept.max(int_len));
    }
    let zeros = number[..int_len].bytes().take_while(|&b| b == b'0').count();
    let zeros = zeros.min(int_len.saturating_sub(1));
    number.drain(..zeros);
}

/// The canonical number `number` times ten to the `power`, into `out`.
fn scale_number(number: &str, power: u32, out: &mut String) {
    let (int, frac) = number.split_once('.').unwrap_or((number, ""));
    let shift = (power as usize).min(frac.len());
    out.clear();
    out.push_str(int);
    out.push_str(&frac[..shift]);
    out.extend(std::iter::repeat_n('0', power as usize - shift));
    let int_len = out.len();
    if shift < frac.len() {
        out.push('.');
        out.push_str(&frac[shift..]);
    }
    canonical(out, int_len);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punctuation_folds_as_the_tables_fold_it() {
        for c in [
            '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2013}', '\u{2014}',
        ] {
            let (mut quick, mut slow) = (String::new(), String::new());
            fold(&c.to_string(), &mut quick);
            fold_char(c, &mut slow);
            assert_eq!(quick, slow, "{c}");
        }
    }

    proptest::proptest! {
        #[test]
        fn runs_end_where_a_byte_loop_ends(
            u in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..40),
            i in 0usize..40,
        ) {
            let i = i.min(u.len());
            let mut end = i;
            while end < u.len() && is_word(u[end]) {
                end += 1;
            }
            proptest::prop_assert_eq!(word_end(&u, i), end);
            let ascii = u.iter().take_while(|b| b.is_ascii()).count();
            proptest::prop_assert_eq!(ascii_run(&u), ascii);
        }
    }

    #[test]
    fn word_runs_of_every_byte() {
        for b in 0..=255u8 {
            for len in 0..20 {
                let mut u = vec![b'x'; len];
                u.extend([b, b'9', b'a']);
                let end = if is_word(b) { len + 3 } else { len };
                assert_eq!(word_end(&u, 0), end, "byte {b:#x} after {len}");
                let ascii = if b.is_ascii() { len + 3 } else { len };
                assert_eq!(ascii_run(&u), ascii, "byte {b:#x} after {len}");
            }
        }
    }

    fn q(text: &str) -> Vec<String> {
        Terms::new().query(text)
    }

    #[test]
    fn words_are_folded_and_split_at_everything_else() {
        assert_eq!(
            terms("Russia's “Kim Yong-hyun” ÉTÉ naïve ﬁle COVID19"),
            [
                "russia", "kim", "yong", "hyun", "ete", "naive", "file", "covid19"
            ]
        );
        assert_eq!(
            terms("Ukraine’s don’t O'Brien 1990's 's"),
            ["ukraine", "don", "t", "o", "brien", "1990", "s", "s"]
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
        assert_eq!(
            q("0.5 thousand and 0.0 and 000.000"),
            ["500", "and", "0", "and", "0"]
        );
        assert_eq!(terms("0.05k"), ["0.05", "50", "k"]);
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
