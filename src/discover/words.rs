//! Words of seed text as discovery compares them.
//!
//! Two views of the same words, made in one pass:
//!
//! - *terms*, for relevance and twins: content words only (function words
//!   left out), lower-cased, a possessive `'s` dropped, cut to their first
//!   five letters ("troops" and "troopers" are both `troop`, "Ukraine" and
//!   "Ukrainian" both `ukrai`), numbers as their value ("11,000" and
//!   "11000" are one term). Cutting words short is a cheap stemmer that
//!   does about as well as a real one for English retrieval, and it also
//!   catches the look-alike words synonym spinners put in.
//! - *shingle words*, for copies: every word, lower-cased but whole, so
//!   that three words in a row are the same only when the texts are.
//!
//! A term is a `u64`: an ASCII term of up to five letters is its bytes,
//! anything else a hash of its text (with a tag bit, so the two never
//! meet).

use std::ops::Range;

use crate::eight_bytes;

pub use super::stop_words::{is_stop_packed, is_stop_word};
pub use super::word_set::{WordSet, pack};

/// A term key: see the module documentation.
pub type Term = u64;

const HASHED: u64 = 1 << 63;
/// Letters a term keeps.
pub const TERM_LETTERS: usize = 5;

/// The ASCII letters `bytes[start..end]` lower-cased and packed as [`pack`]
/// packs them; 0 if there are more than sixteen. Sixteen bytes are read at
/// once where the text has them.
fn pack_lower(bytes: &[u8], start: usize, end: usize) -> u128 {
    let len = end - start;
    if len > 16 {
        return 0;
    }
    let raw = match bytes.get(start..start + 16) {
        Some(b) => u128::from_le_bytes(b.try_into().unwrap_or([0; 16])),
        None => pack(&bytes[start..end]).unwrap_or(0),
    };
    let keep = if len == 16 {
        u128::MAX
    } else {
        (1u128 << (8 * len)) - 1
    };
    // `| 0x20` lower-cases an ASCII letter.
    (raw | 0x2020_2020_2020_2020_2020_2020_2020_2020) & keep
}

/// Words of a number written in words (a cheap first look:
/// [`crate::numbers::read`] decides).
pub fn is_number_word(w: &Word<'_>) -> bool {
    // Every number word is 3 to 9 letters long and starts with one of these.
    let b = w.lower.as_bytes();
    if b.len() < 3
        || b.len() > 9
        || !matches!(
            b[0],
            b'z' | b'o' | b't' | b'f' | b's' | b'e' | b'n' | b'h' | b'm' | b'b' | b'd'
        )
    {
        return false;
    }
    static WORDS: WordSet = WordSet::new(&crate::numbers::NUMBER_WORDS);
    if w.packed != 0 {
        WORDS.contains_packed(w.packed)
    } else {
        WORDS.contains(w.lower)
    }
}

/// One word of a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word<'a> {
    /// Byte range in the text.
    pub range: Range<usize>,
    /// The word lower-cased (a number: its digits, without separators).
    pub lower: &'a str,
    /// Its term, or `None` for a function word.
    pub term: Option<Term>,
    pub is_number: bool,
    /// An ASCII word of up to sixteen letters, lower-cased, as [`pack`]
    /// gives it; 0 for any other word.
    pub packed: u128,
}

/// Calls `f` with every word of `text`, in order.
pub fn for_each_word(text: &str, mut f: impl FnMut(Word<'_>)) {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut lower = String::new();
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_digit() {
            let start = i;
            lower.clear();
            while i < bytes.len() {
                let c = bytes[i];
                if c.is_ascii_digit() {
                    lower.push(c as char);
                    i += 1;
                } else if (c == b',' || c == b'.')
                    && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
                {
                    if c == b'.' {
                        lower.push('.');
                    }
                    i += 1;
                } else {
                    break;
                }
            }
            f(Word {
                range: start..i,
                term: Some(hash_term(&lower, 1)),
                lower: &lower,
                is_number: true,
                packed: 0,
            });
            continue;
        }
        if b.is_ascii_alphabetic() {
            let start = i;
            let upper;
            (i, upper) = letter_run(bytes, start);
            let packed = pack_lower(bytes, start, i);
            // U+2000 to U+203F (bytes E2 80 ..: quotes, dashes, spaces) hold no letter.
            let goes_on = bytes.get(i).is_some_and(|&b| b >= 0x80)
                && !(bytes[i] == 0xE2 && bytes.get(i + 1) == Some(&0x80))
                && text[i..].chars().next().is_some_and(char::is_alphanumeric);
            if goes_on {
                // A word that goes on in other letters ("café"): the general path.
                i = start;
            } else {
                // A lower-case word is its own text; another is its packed
                // bytes (lower case already), or lower-cased into the reused
                // buffer. None allocates.
                let packed_bytes = packed.to_le_bytes();
                let lower_str: &str = if !upper {
                    &text[start..i]
                } else if let Some(Ok(word)) =
                    (packed != 0).then(|| std::str::from_utf8(&packed_bytes[..i - start]))
                {
                    word
                } else {
                    lower.clear();
                    lower.push_str(&text[start..i]);
                    lower.make_ascii_lowercase();
                    &lower
                };
                let stop = if packed != 0 {
                    is_stop_packed(packed)
                } else {
                    is_stop_word(lower_str)
                };
                let term = (!stop).then(|| {
                    if packed != 0 {
                        packed_term(packed, i - start)
                    } else {
                        ascii_term(lower_str.as_bytes())
                    }
                });
                f(Word {
                    range: start..i,
                    term,
                    lower: lower_str,
                    is_number: false,
                    packed,
                });
                i = skip_possessive(bytes, i);
                continue;
            }
        } else if b < 0x80 {
            // Space or punctuation: not part of a word.
            i += 1;
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        if c.is_alphabetic() {
            let start = i;
            lower.clear();
            let mut end = i;
            for (off, ch) in text[i..].char_indices() {
                if ch.is_alphabetic() || (ch.is_alphanumeric() && !ch.is_ascii_digit()) {
                    lower.extend(ch.to_lowercase());
                    end = i + off + ch.len_utf8();
                } else {
                    break;
                }
            }
            i = end;
            let term = if lower.is_ascii() {
                (!is_stop_word(&lower)).then(|| ascii_term(lower.as_bytes()))
            } else {
                let cut: String = lower.chars().take(TERM_LETTERS).collect();
                Some(hash_term(&cut, 2))
            };
            f(Word {
                range: start..end,
                term,
                lower: &lower,
                is_number: false,
                packed: 0,
            });
            i = skip_possessive(bytes, i);
            continue;
        }
        i += c.len_utf8();
    }
}

/// Where the run of ASCII letters at `start` ends, and whether one of them
/// is upper case. Eight bytes at a time: a loop byte by byte mispredicts
/// the end of nearly every word.
fn letter_run(bytes: &[u8], start: usize) -> (usize, bool) {
    let mut i = start;
    let mut upper = false;
    loop {
        let v = eight_bytes::load(bytes, i);
        let others = !eight_bytes::letters(v) & eight_bytes::HIGH;
        let uppers = eight_bytes::uppers(v);
        if others == 0 {
            upper |= uppers != 0;
            i += 8;
            continue;
        }
        // The upper-case letters before the first byte that is not a letter.
        upper |= uppers & ((others & others.wrapping_neg()) - 1) != 0;
        return (i + others.trailing_zeros() as usize / 8, upper);
    }
}

/// After a word: skip `'s` or `’s`, which says whose, not what.
fn skip_possessive(bytes: &[u8], i: usize) -> usize {
    let after = |n: usize| {
        let j = i + n;
        (bytes.get(j).is_some_and(|&b| b == b's' || b == b'S')
            && !bytes.get(j + 1).is_some_and(u8::is_ascii_alphanumeric))
        .then_some(j + 1)
    };
    match bytes.get(i) {
        Some(b'\'') => after(1).unwrap_or(i),
        Some(0xE2) if bytes.get(i + 1) == Some(&0x80) && bytes.get(i + 2) == Some(&0x99) => {
            after(3).unwrap_or(i)
        }
        _ => i,
    }
}

/// The term of a lower-case ASCII word: its first five bytes.
fn ascii_term(word: &[u8]) -> Term {
    word.iter()
        .take(TERM_LETTERS)
        .fold(0u64, |acc, &b| (acc << 8) | u64::from(b))
}

/// [`ascii_term`] of a word of `len` bytes packed by [`pack`]: its first
/// five bytes, the first highest, without a loop.
fn packed_term(packed: u128, len: usize) -> Term {
    let n = len.min(TERM_LETTERS);
    ((packed as u64) << (8 * (8 - n))).swap_bytes()
}

fn hash_term(s: &str, tag: u64) -> Term {
    // Two tag bits keep numbers and other hashed terms apart from each other.
    (xxhash_rust::xxh3::xxh3_64_with_seed(s.as_bytes(), tag) >> 2) | HASHED | (tag << 61)
}

/// The key of a term in the index: 32 bits. Two rare words share a key
/// about once in four billion pairs; a shared key only adds a little
/// relevance.
pub fn key(t: Term) -> u32 {
    (t.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as u32
}

/// The terms of `text`, in order, with repeats.
pub fn terms(text: &str) -> Vec<Term> {
    let mut out = Vec::new();
    for_each_word(text, |w| out.extend(w.term));
    out
}

/// A hash of one whole word, for shingles: a word of up to sixteen ASCII
/// letters (most are) from its packed bytes, any other from its text.
pub fn word_hash(w: &Word<'_>) -> u64 {
    if w.packed != 0 {
        let (low, high) = (w.packed as u64, (w.packed >> 64) as u64);
        let h =
            (low ^ high.wrapping_mul(0xC2B2_AE3D_27D4_EB4F)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        h ^ (h >> 29)
    } else {
        xxhash_rust::xxh3::xxh3_64(w.lower.as_bytes())
    }
}

/// The hash of three words in a row.
pub fn shingle(a: u64, b: u64, c: u64) -> u64 {
    let mut h = a.rotate_left(42) ^ b.rotate_left(21) ^ c;
    // A final mix (splitmix64), so that the low bits used for sampling are uniform.
    h = (h ^ (h >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    h ^ (h >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn general_punctuation_holds_no_letter() {
        for c in '\u{2000}'..='\u{203F}' {
            assert!(!c.is_alphanumeric(), "{c:?}");
            let mut b = [0; 4];
            assert_eq!(&c.encode_utf8(&mut b).as_bytes()[..2], [0xE2, 0x80]);
        }
    }

    proptest::proptest! {
        #[test]
        fn a_packed_term_is_the_term_of_its_bytes(word in "[a-z]{1,16}") {
            let packed = pack(word.as_bytes()).unwrap();
            proptest::prop_assert_eq!(packed_term(packed, word.len()), ascii_term(word.as_bytes()));
        }
    }

    #[test]
    fn a_word_hashes_the_same_in_any_case_and_unlike_other_words() {
        let mut hashes = Vec::new();
        for_each_word("Troops troops TROOPS troop café Café", |w| {
            hashes.push(word_hash(&w))
        });
        assert_eq!(hashes[0], hashes[1]);
        assert_eq!(hashes[1], hashes[2]);
        assert_ne!(hashes[2], hashes[3]);
        assert_eq!(hashes[4], hashes[5]);
        assert_ne!(hashes[3], hashes[4]);
    }

    fn lower_words(text: &str) -> Vec<String> {
        let mut v = Vec::new();
        for_each_word(text, |w| v.push(w.lower.to_string()));
        v
    }

    proptest::proptest! {
        #[test]
        fn letter_runs_end_where_a_byte_loop_ends(
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..40),
            start in 0usize..40,
        ) {
            let start = start.min(bytes.len());
            let mut end = start;
            let mut upper = false;
            while end < bytes.len() && bytes[end].is_ascii_alphabetic() {
                upper |= bytes[end].is_ascii_uppercase();
                end += 1;
            }
            proptest::prop_assert_eq!(letter_run(&bytes, start), (end, upper));
        }
    }

    #[test]
    fn letter_runs_of_every_byte() {
        for b in 0..=255u8 {
            for len in 0..20 {
                let mut bytes = vec![b'x'; len];
                bytes.push(b);
                bytes.extend_from_slice(b"Yz");
                let letter = b.is_ascii_alphabetic();
                let end = if letter { len + 3 } else { len };
                assert_eq!(
                    letter_run(&bytes, 0),
                    (end, letter),
                    "byte {b:#x} after {len}"
                );
            }
        }
    }

    #[test]
    fn words_numbers_and_possessives() {
        assert_eq!(
            lower_words("South Korea’s 11,000 troops, Zelenskyy's “plan” 2.5 Зеленський café"),
            [
                "south",
                "korea",
                "11000",
                "troops",
                "zelenskyy",
                "plan",
                "2.5",
                "зеленський",
                "café"
            ]
        );
    }

    #[test]
    fn terms_cut_words_and_leave_function_words_out() {
        assert_eq!(terms("the troops"), terms("troopers"));
        assert_eq!(terms("Ukraine"), terms("ukrainian"));
        assert_eq!(terms("11,000"), terms("11000"));
        assert_ne!(terms("11,000"), terms("1,100"));
        assert!(terms("of the and").is_empty());
        assert_eq!(terms("Зеленського"), terms("зеленський"));
    }

    #[test]
    fn every_number_word_is_found_in_any_case() {
        for n in crate::numbers::NUMBER_WORDS {
            let text = format!("{n} {}", n.to_uppercase());
            let mut found = 0;
            for_each_word(&text, |w| found += usize::from(is_number_word(&w)));
            assert_eq!(found, 2, "{n}");
        }
        let mut found = 0;
        for_each_word("tenth onerous troops", |w| {
            found += usize::from(is_number_word(&w))
        });
        assert_eq!(found, 0);
    }

    #[test]
    fn packed_words_are_their_lower_case() {
        let text = "The THEMSELVES troops, Ourselves; seventeenletterword Café x";
        let mut got = Vec::new();
        for_each_word(text, |w| {
            got.push((w.lower.to_string(), w.packed, w.term.is_none()))
        });
        for (lower, packed, stop) in got {
            let expected = if lower.is_ascii() {
                pack(lower.as_bytes()).unwrap_or(0)
            } else {
                0
            };
            assert_eq!(packed, expected, "{lower}");
            assert_eq!(stop, is_stop_word(&lower), "{lower}");
            assert_eq!(
                packed != 0 && is_stop_packed(packed),
                is_stop_word(&lower),
                "{lower}"
            );
        }
        // Every function word is found packed, whatever its length.
        assert!(
            super::super::stop_words::STOP_WORDS
                .iter()
                .all(|w| is_stop_packed(pack(w.as_bytes()).unwrap_or(0)))
        );
    }

    #[test]
    fn ranges_are_the_words_as_written() {
        let text = "Kim’s army – 1,500 men";
        let mut got = Vec::new();
        for_each_word(text, |w| got.push(&text[w.range]));
        assert_eq!(got, ["Kim", "army", "1,500", "men"]);
    }
}
