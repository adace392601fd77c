//! Bytes made a `String` after one fast check, without a copy: for the
//! texts a build reads again and the pages it renders, checked by the
//! hundred thousand.

/// `bytes` as a `String` if they are UTF-8, checked by simdutf8 (several
/// times faster than std's check); `None` if they are not.
pub fn string(bytes: Vec<u8>) -> Option<String> {
    checked(bytes).ok()
}

/// As `String::from_utf8`, checked by simdutf8 first: std's slower check
/// runs only on bytes that are not UTF-8, for its error's offset.
pub fn checked(bytes: Vec<u8>) -> Result<String, std::string::FromUtf8Error> {
    if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: `bytes` was just checked to be UTF-8.
        return Ok(unsafe { String::from_utf8_unchecked(bytes) });
    }
    String::from_utf8(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_kept_and_other_bytes_refused() {
        assert_eq!(
            string("é “one” 🙂".as_bytes().to_vec()).as_deref(),
            Some("é “one” 🙂")
        );
        assert_eq!(string(Vec::new()).as_deref(), Some(""));
        assert_eq!(checked("é “one”".as_bytes().to_vec()).unwrap(), "é “one”");
        // A lone continuation byte, a cut sequence, an encoded surrogate.
        for bad in [&b"a\x80b"[..], &b"caf\xC3"[..], &b"\xED\xA0\x80"[..]] {
            assert_eq!(string(bad.to_vec()), None, "{bad:?}");
            let offset = std::str::from_utf8(bad).unwrap_err().valid_up_to();
            let err = checked(bad.to_vec()).unwrap_err();
            assert_eq!(err.utf8_error().valid_up_to(), offset, "{bad:?}");
            assert_eq!(err.as_bytes(), bad);
        }
    }
}
