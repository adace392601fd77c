//! Scanning text eight bytes at a time, each byte's answer in its high bit.
//!
//! The word splitters, the escaper and the normaliser ask of every byte
//! whether it is a letter, a digit, ASCII, markup or space. A loop byte by
//! byte mispredicts the end of nearly every word; these read eight bytes as
//! one integer instead. No sum here carries from one byte into the next.

/// The high bit of each of eight bytes.
pub const HIGH: u64 = 0x8080_8080_8080_8080;
/// One in each of eight bytes.
const EACH: u64 = 0x0101_0101_0101_0101;

/// Bytes `i..i + 8` of `u` as one integer (byte `i` lowest), zeros past the
/// end: a zero is neither a letter, a digit, non-ASCII nor markup.
#[inline]
pub fn load(u: &[u8], i: usize) -> u64 {
    // Eight bytes there are read at once; only the end of a text is copied
    // into zeros (copying every load into an array made them 8% slower).
    match u.get(i..i + 8).and_then(|b| <[u8; 8]>::try_from(b).ok()) {
        Some(b) => u64::from_le_bytes(b),
        None => load_end(u, i),
    }
}

/// [`load`] at the end of a text.
#[cold]
fn load_end(u: &[u8], i: usize) -> u64 {
    let mut chunk = [0u8; 8];
    let rest = u.get(i..).unwrap_or_default();
    let n = rest.len().min(8);
    chunk[..n].copy_from_slice(&rest[..n]);
    u64::from_le_bytes(chunk)
}

/// The high bit of each byte of `x` in `from..=to`; every byte of `x` must
/// be below 0x80.
#[inline]
fn in_range(x: u64, from: u8, to: u8) -> u64 {
    (x + (0x80 - u64::from(from)) * EACH) & !(x + (0x7F - u64::from(to)) * EACH) & HIGH
}

/// The high bit of each ASCII letter of `v`.
#[inline]
pub fn letters(v: u64) -> u64 {
    // `c | 0x20` lower-cases an ASCII letter; non-ASCII bytes are dropped.
    in_range((v & !HIGH) | (0x20 * EACH), b'a', b'z') & !v
}

/// The high bit of each ASCII digit of `v`.
#[inline]
pub fn digits(v: u64) -> u64 {
    in_range(v & !HIGH, b'0', b'9') & !v
}

/// The high bit of each upper-case ASCII letter of `v`.
#[inline]
pub fn uppers(v: u64) -> u64 {
    // A letter whose 0x20 bit is clear.
    letters(v) & !(v << 2)
}

/// The high bit of each byte of `v` that is not ASCII or is at most a space
/// (white space, control characters, a zero past the end).
#[inline]
pub fn not_above_space(v: u64) -> u64 {
    // `c + 0x5F` reaches 0x80 for `c` above a space: 0x7F + 0x5F < 0x100.
    (v | !((v & !HIGH) + 0x5F * EACH)) & HIGH
}

/// The high bit of each byte of `v` that is `c`.
#[inline]
pub fn equal(v: u64, c: u8) -> u64 {
    let x = v ^ (EACH * u64::from(c));
    // A byte of `x` is zero where `v` holds `c`: neither its low seven bits
    // nor its high bit is set.
    !(((x & !HIGH) + !HIGH) | x) & HIGH
}

/// Whether a byte of `v` is `c`: what [`equal`] tells of any byte, in fewer
/// steps (the escaper asks it five times of every eight bytes).
#[inline]
pub fn holds(v: u64, c: u8) -> bool {
    let x = v ^ (EACH * u64::from(c));
    // Exact as to whether any byte is zero (a false mark needs a true one below it).
    x.wrapping_sub(EACH) & !x & HIGH != 0
}

/// Where in `v` the first byte whose high bit `marks` leaves clear is
/// (8 if none).
#[inline]
pub fn first_unmarked(marks: u64) -> usize {
    (!marks & HIGH).trailing_zeros() as usize / 8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_byte_is_classed_as_one_at_a_time() {
        for b in 0..=255u8 {
            for at in 0..8 {
                let mut bytes = [b'-'; 8];
                bytes[at] = b;
                let v = u64::from_le_bytes(bytes);
                let bit = 0x80u64 << (8 * at);
                assert_eq!(letters(v) & bit != 0, b.is_ascii_alphabetic(), "{b:#x}");
                assert_eq!(digits(v) & bit != 0, b.is_ascii_digit(), "{b:#x}");
                assert_eq!(uppers(v) & bit != 0, b.is_ascii_uppercase(), "{b:#x}");
                assert_eq!(holds(v, b'&'), b == b'&', "{b:#x}");
                assert_eq!(equal(v, b' ') & bit != 0, b == b' ', "{b:#x}");
                assert_eq!(
                    not_above_space(v) & bit != 0,
                    !b.is_ascii() || b <= b' ',
                    "{b:#x}"
                );
            }
        }
        assert_eq!(load(b"abc", 1), u64::from_le_bytes(*b"bc\0\0\0\0\0\0"));
        assert_eq!(load(b"abc", 3), 0);
        assert_eq!(load(b"abc", 9), 0, "past the end: nothing, not a panic");
        assert_eq!(first_unmarked(letters(load(b"word, ", 0))), 4);
        assert_eq!(first_unmarked(HIGH), 8);
    }
}
