//! Counting the words of a line of a text seed, fast: most lines are
//! ASCII, read eight bytes at a time.

/// Words, not counting lone dashes and symbols.
pub(super) fn words(text: &str) -> usize {
    words_up_to(text, usize::MAX)
}

/// Like [`words`], but stops counting past `cap`: long lines need no exact count.
pub(super) fn words_up_to(text: &str, cap: usize) -> usize {
    let bytes = text.as_bytes();
    let mut count = 0;
    // Whether the word since the last white space is counted yet.
    let mut counted = false;
    let mut i = 0;
    while i < bytes.len() && count <= cap {
        // Eight ASCII bytes at a time; else ASCII bytes are classified
        // directly and other characters decoded.
        if let Some(block) = bytes.get(i..i + 8) {
            let block = u64::from_le_bytes(block.try_into().expect("eight bytes"));
            if block & HIGH_BITS == 0 {
                let (words, ends_counted) = ascii_words(block, counted);
                count += words;
                counted = ends_counted;
                i += 8;
                continue;
            }
        }
        let b = bytes[i];
        let (space, alnum) = if b.is_ascii() {
            i += 1;
            (b.is_ascii_whitespace(), b.is_ascii_alphanumeric())
        } else {
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            i += c.len_utf8();
            (c.is_whitespace(), is_word_char(c))
        };
        count += usize::from(alnum && !counted);
        counted = (counted || alnum) && !space;
    }
    // A block may count past `cap`.
    count.min(cap.saturating_add(1))
}

const LOW_BITS: u64 = 0x0101_0101_0101_0101;
const HIGH_BITS: u64 = LOW_BITS * 0x80;

/// The words that start in eight ASCII bytes, and whether the word at their
/// end is counted, given whether the word at their start was.
fn ascii_words(block: u64, counted: bool) -> (usize, bool) {
    let alnum = in_range(block | (LOW_BITS * 0x20), b'a', b'z') | in_range(block, b'0', b'9');
    let space = in_range(block, b' ', b' ')
        | (in_range(block, b'\t', b'\r') & !in_range(block, 0x0B, 0x0B));
    // Other bytes keep the state before them: it is carried through their
    // runs in three doubling steps.
    let other = !(alnum | space) & HIGH_BITS;
    let carry = u64::from(counted) << 7;
    let mut done = alnum | (other & carry);
    let mut keep = other;
    for shift in [8, 16, 32] {
        done |= (done << shift) & keep;
        keep &= keep << shift;
    }
    let first = alnum & !((done << 8) | carry);
    // The high bits summed into the top byte, as a popcount instruction may be missing.
    let words = (first >> 7).wrapping_mul(LOW_BITS) >> 56;
    (words as usize, done >> 63 == 1)
}

/// The high bit of each byte of an ASCII `block` that lies in `lo..=hi`.
fn in_range(block: u64, lo: u8, hi: u8) -> u64 {
    // No carry crosses bytes: they are all below 0x80.
    let at_least_lo = block + LOW_BITS * u64::from(0x80 - lo);
    let above_hi = block + LOW_BITS * u64::from(0x7F - hi);
    at_least_lo & !above_hi & HIGH_BITS
}

/// `char::is_alphanumeric`, without its table lookups for the quotes and
/// dashes of General Punctuation, none of which is a letter or digit.
fn is_word_char(c: char) -> bool {
    !matches!(c, '\u{2000}'..='\u{206F}') && c.is_alphanumeric()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words the slow way: split at white space (ASCII white space has no
    /// vertical tab), kept if they hold a letter or digit.
    fn words_slowly(text: &str) -> usize {
        let space = |c: char| {
            if c.is_ascii() {
                c.is_ascii_whitespace()
            } else {
                c.is_whitespace()
            }
        };
        (text.split(space))
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count()
    }

    #[test]
    fn general_punctuation_has_no_word_characters() {
        assert!(('\u{2000}'..='\u{206F}').all(|c| !c.is_alphanumeric()));
    }

    proptest::proptest! {
        #[test]
        fn words_are_counted_as_the_slow_way(
            text in "[a-zA-Z0-9 .,'()\\t\\n\\x0b\\x01’“—é€\u{a0}\u{2009}З]{0,100}",
            cap in 0usize..50,
        ) {
            let slowly = words_slowly(&text);
            proptest::prop_assert_eq!(words(&text), slowly);
            proptest::prop_assert_eq!(words_up_to(&text, cap), slowly.min(cap + 1));
        }
    }
}
