//! When a web page's bytes do not fit the charset it declares: the charset
//! they do fit, UTF-8 or as a browser's detector (chardetng) guesses it from
//! the bytes, if the page then decodes without a single replacement.

use encoding_rs::Encoding;

/// A page read in another charset than it declares.
pub(super) struct Fallback {
    pub encoding: &'static Encoding,
    pub text: String,
    /// For a page declared (or taken) as UTF-8 that is UTF-8 but for some
    /// bytes: how many bytes were read as `encoding`. 0 when the whole page
    /// was.
    pub stray_bytes: usize,
}

/// A piece of a page read as UTF-8: valid text, or bytes that are not UTF-8.
enum Piece<'a> {
    Text(&'a str),
    Stray(&'a [u8]),
}

/// The page's pieces of UTF-8 text and of other bytes, in order.
fn utf8_pieces(bytes: &[u8]) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut rest = bytes;
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(text) => {
                pieces.push(Piece::Text(text));
                break;
            }
            Err(e) => {
                let (valid, after) = rest.split_at(e.valid_up_to());
                if let Ok(text) = std::str::from_utf8(valid) {
                    pieces.push(Piece::Text(text));
                }
                let bad = e.error_len().unwrap_or(after.len()).min(after.len());
                pieces.push(Piece::Stray(&after[..bad]));
                rest = &after[bad..];
            }
        }
    }
    pieces
}

/// Decodes, or `None` if a byte does not fit.
fn decode(encoding: &'static Encoding, bytes: &[u8]) -> Option<String> {
    encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|text| text.into_owned())
}

/// The page read in the charset its bytes fit, when they do not fit the
/// `declared` one; `None` if no charset reads it without a replacement.
///
/// A page taken as UTF-8 is often UTF-8 but for a few bytes in a legacy
/// charset (a template or a database in windows-1252): the detector looks
/// at those bytes only, and if the page has UTF-8 text too, the text stays
/// UTF-8 and only the stray bytes are read in the single-byte charset
/// found. A page with no UTF-8 text at all is read wholly in the charset
/// found. A page declaring another charset is read as UTF-8 if it is valid
/// UTF-8, and not otherwise.
pub(super) fn detect_and_decode(declared: &'static Encoding, bytes: &[u8]) -> Option<Fallback> {
    if declared != encoding_rs::UTF_8 {
        // Guessing another legacy charset from a page that mostly fits its
        // own would misread all of it: only UTF-8, which is never valid by
        // chance, overrules the declaration.
        return std::str::from_utf8(bytes).ok().map(|text| Fallback {
            encoding: encoding_rs::UTF_8,
            text: text.to_string(),
            stray_bytes: 0,
        });
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    let pieces = utf8_pieces(bytes);
    // What the detector sees: the ASCII of the text and the stray bytes.
    let mut sample = Vec::new();
    let mut has_utf8_text = false;
    let mut stray_bytes = 0;
    for piece in &pieces {
        match piece {
            Piece::Text(t) => {
                has_utf8_text |= !t.is_ascii();
                sample.extend(t.bytes().filter(u8::is_ascii));
            }
            Piece::Stray(b) => {
                stray_bytes += b.len();
                sample.extend_from_slice(b);
            }
        }
    }
    detector.feed(&sample, true);
    let encoding = detector.guess(None, chardetng::Utf8Detection::Deny);
    if !has_utf8_text {
        return decode(encoding, bytes).map(|text| Fallback {
            encoding,
            text,
            stray_bytes: 0,
        });
    }
    if !encoding.is_single_byte() {
        return None;
    }
    let mut text = String::with_capacity(bytes.len() + stray_bytes);
    for piece in pieces {
        match piece {
            Piece::Text(t) => text.push_str(t),
            Piece::Stray(b) => text.push_str(&decode(encoding, b)?),
        }
    }
    Some(Fallback {
        encoding,
        text,
        stray_bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_latin1_page_taken_as_utf8_is_read_as_windows_1252() {
        let page = "<p>Stra\u{df}e und Br\u{fc}cke, caf\u{e9} cr\u{e8}me</p>";
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(page);
        let read = detect_and_decode(encoding_rs::UTF_8, &bytes).unwrap();
        assert_eq!(read.encoding, encoding_rs::WINDOWS_1252);
        assert_eq!((read.text.as_str(), read.stray_bytes), (page, 0));
    }

    #[test]
    fn utf8_with_stray_latin1_bytes_keeps_its_utf8() {
        let mut bytes = "<p>Grüße aus München</p><img alt=\"K".as_bytes().to_vec();
        bytes.push(0xFC); // ü in windows-1252
        bytes.extend_from_slice(b"chenblogs\">");
        let read = detect_and_decode(encoding_rs::UTF_8, &bytes).unwrap();
        assert_eq!(read.encoding, encoding_rs::WINDOWS_1252);
        assert_eq!(
            read.text,
            "<p>Grüße aus München</p><img alt=\"Küchenblogs\">"
        );
        assert_eq!(read.stray_bytes, 1);
    }

    #[test]
    fn a_utf8_page_declared_as_shift_jis_is_read_as_utf8() {
        let page = "<meta charset=shift_jis><p>東京の港</p>";
        let read = detect_and_decode(encoding_rs::SHIFT_JIS, page.as_bytes()).unwrap();
        assert_eq!(read.encoding, encoding_rs::UTF_8);
        assert_eq!(read.text, page);
    }
}
