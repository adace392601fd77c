//! Reading a saved web page: gunzip, size and nesting limits, and the
//! charset the page declares (docs/content-format.md §6.3).

use encoding_rs::{DecoderResult, Encoding};
use std::io::Read;

use super::charset;
use crate::diagnostics::Diagnostic;

/// Larger pages are refused: a page saved as "HTML only" is rarely over a
/// few MiB, and reading one costs about ten times its size in memory.
pub const MAX_PAGE_BYTES: usize = 16 << 20;

/// Deeper nesting is refused: an HTML5 parser's time grows with the square
/// of the depth (real pages stay under 100).
pub const MAX_NESTING: usize = 1000;

/// Whether a seed's file name makes it a web page.
pub fn is_web_page(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".html", ".htm", ".html.gz", ".htm.gz"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// The stem of a web page's file name (`report.html.gz` gives `report`).
pub fn stem(name: &str) -> Option<&str> {
    let lower = name.to_ascii_lowercase();
    [".html.gz", ".htm.gz", ".html", ".htm"]
        .iter()
        .find(|ext| lower.ends_with(*ext))
        .map(|ext| &name[..name.len() - ext.len()])
}

/// The codes of the warnings reading a web page can give (a rebuild that
/// reads the page again finds them again).
pub const READING_WARNINGS: &[&str] = &["page-charset-mismatch"];

/// A web page decoded, and the warning when its bytes did not fit the
/// charset it declares but fit another one.
#[derive(Debug)]
pub struct DecodedPage {
    pub text: String,
    pub warning: Option<Diagnostic>,
}

/// A web page's bytes, decompressed and decoded, or the error that says why not.
pub fn decode_page(rel: &str, bytes: Vec<u8>) -> Result<DecodedPage, Diagnostic> {
    let bytes = if rel.to_ascii_lowercase().ends_with(".gz") {
        gunzip(rel, &bytes)?
    } else {
        bytes
    };
    if bytes.len() > MAX_PAGE_BYTES {
        return Err(too_large(rel, bytes.len()));
    }
    let (encoding, declared_by) = sniff(&bytes);
    let start = encoding.for_bom_len(&bytes).unwrap_or_default();
    let (text, warning) = match decode_strict(encoding, &bytes[start..]) {
        Ok(text) => (text, None),
        Err(at) => {
            let at = start + at;
            // A byte-order mark is never wrong; a <meta> or the default may be.
            let fallback = (start == 0)
                .then(|| charset::detect_and_decode(encoding, &bytes))
                .flatten();
            let Some(read) = fallback else {
                return Err(undecodable(rel, &bytes, at, encoding, declared_by));
            };
            let warning = charset_mismatch(rel, &bytes, at, encoding, declared_by, &read);
            (read.text, Some(warning))
        }
    };
    if let Some(at) = too_deep(&text) {
        let (line, col) = line_col(text.as_bytes(), at);
        return Err(Diagnostic::error(
            "page-too-deep",
            format!("{rel}:{line}:{col}: the page nests elements more than {MAX_NESTING} deep"),
        )
        .in_file(rel)
        .note("attest does not read pages nested this deep: reading them takes too long")
        .help("save the page again from the browser, or copy its text into a .txt seed"));
    }
    Ok(DecodedPage { text, warning })
}

trait BomLen {
    fn for_bom_len(self, bytes: &[u8]) -> Option<usize>;
}

impl BomLen for &'static Encoding {
    fn for_bom_len(self, bytes: &[u8]) -> Option<usize> {
        Encoding::for_bom(bytes)
            .filter(|(e, _)| *e == self)
            .map(|(_, n)| n)
    }
}

fn too_large(rel: &str, len: usize) -> Diagnostic {
    Diagnostic::error(
        "page-too-large",
        format!(
            "{rel} is {} MiB, more than the {} MiB attest reads of a web page",
            len >> 20,
            MAX_PAGE_BYTES >> 20
        ),
    )
    .in_file(rel)
    .help("save the page as \"Web page, HTML only\" (without images), or copy its text into a .txt seed")
}

fn gunzip(rel: &str, bytes: &[u8]) -> Result<Vec<u8>, Diagnostic> {
    let mut out = Vec::new();
    // One byte past the limit is enough to know the page is too large.
    let limit = MAX_PAGE_BYTES as u64 + 1;
    match flate2::read::GzDecoder::new(bytes)
        .take(limit)
        .read_to_end(&mut out)
    {
        Ok(_) if out.len() > MAX_PAGE_BYTES => Err(too_large(rel, out.len())),
        Ok(_) => Ok(out),
        Err(e) => Err(Diagnostic::error(
            "bad-gzip",
            format!("{rel} is not a readable gzip file: {e}"),
        )
        .in_file(rel)
        .help("decompress it (`gunzip`) and keep the .html file, or save the page again")),
    }
}

/// The page's encoding and what declared it: a byte-order mark, a
/// `<meta>` charset, or nothing (UTF-8).
fn sniff(bytes: &[u8]) -> (&'static Encoding, Option<String>) {
    if let Some((enc, _)) = Encoding::for_bom(bytes) {
        return (enc, Some("its byte-order mark".to_string()));
    }
    if let Some((enc, how)) = meta_charset(bytes) {
        return (enc, Some(how));
    }
    (encoding_rs::UTF_8, None)
}

/// Browsers look for the declaration in the first 1024 bytes; saved pages
/// sometimes carry long comments first, so attest looks a little further.
const PRESCAN_BYTES: usize = 16 * 1024;

/// The charset of the first `<meta charset>` or `<meta http-equiv="Content-Type">`.
fn meta_charset(bytes: &[u8]) -> Option<(&'static Encoding, String)> {
    let head = &bytes[..bytes.len().min(PRESCAN_BYTES)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(at) = memchr::memmem::find(&lower[from..], b"<meta") {
        let start = from + at;
        let end = memchr::memchr(b'>', &lower[start..]).map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        from = end;
        let Some(c) = memchr::memmem::find(tag, b"charset") else {
            continue;
        };
        let rest = &tag[c + 7..];
        let rest = rest.trim_ascii_start();
        let Some(rest) = rest.strip_prefix(b"=") else {
            continue;
        };
        let rest = rest.trim_ascii_start();
        let rest = rest
            .strip_prefix(b"\"")
            .or_else(|| rest.strip_prefix(b"'"))
            .unwrap_or(rest);
        let label_end = rest
            .iter()
            .position(|b| matches!(b, b'"' | b'\'' | b';' | b' ' | b'/' | b'\t' | b'\n' | b'\r'))
            .unwrap_or(rest.len());
        let label = &rest[..label_end];
        let how = if memchr::memmem::find(tag, b"http-equiv").is_some() {
            "<meta http-equiv=\"Content-Type\">"
        } else {
            "<meta charset>"
        };
        let enc = Encoding::for_label(label)?;
        // A page read as bytes cannot be UTF-16 if its <meta> was readable as ASCII (WHATWG).
        let enc = if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
            encoding_rs::UTF_8
        } else if enc == encoding_rs::X_USER_DEFINED {
            encoding_rs::WINDOWS_1252
        } else {
            enc
        };
        return Some((enc, format!("{how} ({})", String::from_utf8_lossy(label))));
    }
    None
}

/// Decodes, or gives the byte offset of the first byte that does not fit.
fn decode_strict(encoding: &'static Encoding, bytes: &[u8]) -> Result<String, usize> {
    if encoding == encoding_rs::UTF_8 {
        return std::str::from_utf8(bytes)
            .map(str::to_string)
            .map_err(|e| e.valid_up_to());
    }
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len() * 3);
    let mut out = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut out, true);
    match result {
        DecoderResult::InputEmpty => Ok(out),
        DecoderResult::Malformed(bad, after) => {
            Err(read.saturating_sub(bad as usize + after as usize))
        }
        DecoderResult::OutputFull => Err(read),
    }
}

/// 1-based line and column (in bytes) of a byte offset.
fn line_col(bytes: &[u8], at: usize) -> (usize, usize) {
    let before = &bytes[..at.min(bytes.len())];
    let line = memchr::memchr_iter(b'\n', before).count() + 1;
    let col = at - memchr::memrchr(b'\n', before).map_or(0, |n| n + 1) + 1;
    (line, col)
}

/// The warning for a page read in another charset than it declares.
fn charset_mismatch(
    rel: &str,
    bytes: &[u8],
    at: usize,
    declared: &'static Encoding,
    declared_by: Option<String>,
    read: &charset::Fallback,
) -> Diagnostic {
    let (line, col) = line_col(bytes, at);
    let byte = bytes.get(at).copied().unwrap_or(0);
    let (name, used) = (declared.name(), read.encoding.name());
    let declares = match declared_by {
        Some(how) => format!("the page declares {name} in {how}"),
        None => format!("the page declares no charset, so it is read as {name}"),
    };
    let (how, help) = if read.stray_bytes > 0 {
        let (count, those, fit) = match read.stray_bytes {
            1 => ("1 byte is".to_string(), "that byte", "fits"),
            n => (format!("{n} bytes are"), "those bytes", "fit"),
        };
        (
            format!(
                "{declares}, but {count} not {name}: attest read the rest as {name} and {those} as {used}, the charset {those} {fit}"
            ),
            format!(
                "check the words around {those} in the article's text; to silence this, correct {those} to {name} in the file"
            ),
        )
    } else if read.encoding == encoding_rs::UTF_8 {
        (
            format!("{declares}, but it is UTF-8: attest read it as UTF-8"),
            "check the article's text; to silence this, correct the declaration to <meta charset=\"utf-8\">".to_string(),
        )
    } else {
        (
            format!("{declares}, but its bytes fit {used}: attest read it as {used}"),
            format!(
                "check the article's text; to silence this, declare the page's real charset (<meta charset=\"{used}\">) or convert the file: `iconv -f {used} -t UTF-8 {rel} > {rel}.utf8 && mv {rel}.utf8 {rel}`"
            ),
        )
    };
    Diagnostic::warning(
        "page-charset-mismatch",
        format!("{rel}:{line}:{col}: byte 0x{byte:02X} (byte offset {at}) is not valid {name}; read as {used}"),
    )
    .in_file(rel)
    .note(how)
    .help(help)
}

fn undecodable(
    rel: &str,
    bytes: &[u8],
    at: usize,
    encoding: &'static Encoding,
    declared_by: Option<String>,
) -> Diagnostic {
    let (line, col) = line_col(bytes, at);
    let byte = bytes.get(at).copied().unwrap_or(0);
    let name = encoding.name();
    let d = Diagnostic::error(
        "undecodable-page",
        format!("{rel}:{line}:{col}: byte 0x{byte:02X} (byte offset {at}) is not valid {name}"),
    )
    .in_file(rel);
    match declared_by {
        Some(how) => d
            .note(format!("the page declares {name} in {how}"))
            .help("save the page again from the browser; if the declaration is wrong, correct it to the page's real charset"),
        None => d
            .note("the page declares no charset, so it is read as UTF-8")
            .help(format!("add the page's real charset at the top of its <head>, e.g. <meta charset=\"windows-1252\">, or convert it: `iconv -f WINDOWS-1252 -t UTF-8 {rel} > {rel}.utf8 && mv {rel}.utf8 {rel}`")),
    }
}

/// Where an estimate of the page's element nesting first passes
/// [`MAX_NESTING`]: open tags minus close tags, not counting void elements
/// and those whose end tag may be left out, skipping comments and the raw
/// text of scripts and styles. It can only overestimate a well-formed
/// page's depth by its unclosed elements.
pub fn too_deep(html: &str) -> Option<usize> {
    let b = html.as_bytes();
    let mut depth: usize = 0;
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'<', &b[i..]) {
        let at = i + off;
        let rest = &b[at + 1..];
        if rest.starts_with(b"!--") {
            i = memchr::memmem::find(&rest[3..], b"-->").map_or(b.len(), |e| at + 4 + e + 3);
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_start = usize::from(closing);
        let name_len = rest[name_start..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-')
            .count();
        if name_len == 0 || !rest[name_start].is_ascii_alphabetic() {
            i = at + 1;
            continue;
        }
        let name = rest[name_start..name_start + name_len].to_ascii_lowercase();
        let end = tag_end(b, at + 1 + name_start + name_len);
        let self_closing = end >= 2 && b[end - 2] == b'/';
        i = end;
        if closing {
            if !optional_end(&name) {
                depth = depth.saturating_sub(1);
            }
            continue;
        }
        if let Some(raw) = raw_text_end(&name) {
            // Skip to the closing tag of script, style and the like.
            let lower_from = i;
            i = find_ci(&b[lower_from..], raw).map_or(b.len(), |e| lower_from + e);
            continue;
        }
        if self_closing || void(&name) || optional_end(&name) {
            continue;
        }
        depth += 1;
        if depth > MAX_NESTING {
            return Some(at);
        }
    }
    None
}

/// The byte after the `>` that ends a tag, quotes respected.
fn tag_end(b: &[u8], mut i: usize) -> usize {
    let mut quote = None;
    while i < b.len() {
        match (quote, b[i]) {
            (None, b'>') => return i + 1,
            (None, q @ (b'"' | b'\'')) => quote = Some(q),
            (Some(q), c) if c == q => quote = None,
            _ => {}
        }
        i += 1;
    }
    b.len()
}

fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

fn raw_text_end(name: &[u8]) -> Option<&'static [u8]> {
    Some(match name {
        b"script" => b"</script",
        b"style" => b"</style",
        b"textarea" => b"</textarea",
        b"title" => b"</title",
        b"xmp" => b"</xmp",
        b"iframe" => b"</iframe",
        b"noembed" => b"</noembed",
        b"noframes" => b"</noframes",
        b"plaintext" => b"\0never",
        _ => return None,
    })
}

fn void(name: &[u8]) -> bool {
    matches!(
        name,
        b"area"
            | b"base"
            | b"br"
            | b"col"
            | b"embed"
            | b"hr"
            | b"img"
            | b"input"
            | b"link"
            | b"meta"
            | b"param"
            | b"source"
            | b"track"
            | b"wbr"
            | b"keygen"
            | b"basefont"
            | b"bgsound"
            | b"frame"
            | b"image"
            | b"isindex"
            | b"menuitem"
    )
}

fn optional_end(name: &[u8]) -> bool {
    matches!(
        name,
        b"p" | b"li"
            | b"dt"
            | b"dd"
            | b"option"
            | b"optgroup"
            | b"tr"
            | b"td"
            | b"th"
            | b"thead"
            | b"tbody"
            | b"tfoot"
            | b"colgroup"
            | b"caption"
            | b"rb"
            | b"rt"
            | b"rtc"
            | b"rp"
            | b"html"
            | b"head"
            | b"body"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_is_estimated_without_comments_scripts_or_void_elements() {
        let deep = "<div>".repeat(MAX_NESTING + 1);
        assert_eq!(too_deep(&deep), Some(5 * MAX_NESTING));
        let fine = "<div></div>".repeat(5000) + &"<p><br><img src=x>".repeat(5000);
        assert_eq!(too_deep(&fine), None);
        let hidden = format!("<!--{deep}--><script>{deep}</script><div title='<div>'></div>");
        assert_eq!(too_deep(&hidden), None);
    }

    #[test]
    fn charsets_from_bom_and_meta() {
        let page = b"<html><head><meta charset=\"windows-1252\"></head><body>caf\xE9</body></html>";
        assert!(
            decode_page("p.html", page.to_vec())
                .unwrap()
                .text
                .contains("café")
        );
        let page = b"<meta http-equiv=Content-Type content='text/html; charset=Shift_JIS'>\x93\xfa\x96\x7b";
        assert!(
            decode_page("p.html", page.to_vec())
                .unwrap()
                .text
                .contains("日本")
        );
        let page = b"\xEF\xBB\xBF<meta charset=windows-1252>\xC3\xA9";
        assert!(
            decode_page("p.html", page.to_vec())
                .unwrap()
                .text
                .contains('é')
        );
    }

    #[test]
    fn a_page_that_is_utf8_whatever_it_declares_is_read_as_utf8_with_a_warning() {
        let page = "<meta charset=shift_jis>\n<p>日本語のページ</p>";
        let read = decode_page("p.html", page.as_bytes().to_vec()).unwrap();
        assert_eq!(read.text, page);
        let warning = format!("{:?}", read.warning.unwrap());
        assert!(warning.contains("p.html:2:"), "{warning}");
        assert!(
            warning.contains("but it is UTF-8: attest read it as UTF-8"),
            "{warning}"
        );
    }

    #[test]
    fn undecodable_bytes_are_located() {
        // A byte-order mark is never overruled.
        let page = b"\xEF\xBB\xBF<p>ok</p>\n<p>caf\xE9</p>";
        let d = decode_page("seeds/p.html", page.to_vec()).unwrap_err();
        let text = format!("{d:?}");
        assert!(text.contains("seeds/p.html:2:7"), "{text}");
        assert!(text.contains("0xE9"), "{text}");
        let sjis = b"<meta charset=shift_jis>\n\x93\xfa\x81";
        let d = decode_page("p.html", sjis.to_vec()).unwrap_err();
        assert!(format!("{d:?}").contains("p.html:2:3"), "{d:?}");
    }
}
