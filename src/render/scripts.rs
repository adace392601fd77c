//! The `<script>` elements of a page, found as a browser's HTML tokenizer
//! finds them (WHATWG HTML, "script data" states): comments and the raw
//! text of `<style>`, `<title>`, `<textarea>` and the like are skipped, and
//! inside a script, `<!--` followed by `<script` makes a later `</script>`
//! not end it. A plain search for `</script>` misses that, and the rest of
//! the page ends up inside the script.

/// One script element of a page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Script<'a> {
    /// The value of its `type` attribute ("" if none).
    pub kind: String,
    /// Its text, up to where the tokenizer ends it.
    pub text: &'a str,
    /// Whether an end tag ends it (not the end of the page).
    pub closed: bool,
}

/// Elements whose text is raw: no tag starts inside them.
const RAW_TEXT: [&str; 7] = [
    "style", "title", "textarea", "xmp", "iframe", "noembed", "noframes",
];

/// Every script element of `html`, in order.
pub fn scripts(html: &str) -> Vec<Script<'_>> {
    let bytes = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(lt) = memchr::memchr(b'<', &bytes[i..]) {
        i += lt;
        if bytes[i..].starts_with(b"<!--") {
            // A comment ends at `-->` (or at once, as `<!-->` and `<!--->`).
            let body = i + 4;
            let end = if bytes[body..].starts_with(b">") {
                body + 1
            } else if bytes[body..].starts_with(b"->") {
                body + 2
            } else {
                find(bytes, body, b"-->").map_or(bytes.len(), |e| e + 3)
            };
            i = end;
            continue;
        }
        let Some((name, tag_end)) = start_tag(bytes, i) else {
            i += 1;
            continue;
        };
        if name.eq_ignore_ascii_case(b"script") {
            let body = tag_end;
            let (end, closed) = match script_end(bytes, body) {
                Some(e) => (e, true),
                None => (bytes.len(), false),
            };
            out.push(Script {
                kind: attribute(&html[i..tag_end], "type").unwrap_or_default(),
                text: &html[body..end],
                closed,
            });
            i = end;
        } else if let Some(raw) = RAW_TEXT
            .iter()
            .find(|raw| name.eq_ignore_ascii_case(raw.as_bytes()))
        {
            i = end_tag(bytes, tag_end, raw.as_bytes()).unwrap_or(bytes.len());
        } else {
            i = tag_end;
        }
    }
    out
}

/// A start tag at `at`: its name (in any case) and where it ends (after `>`).
fn start_tag(bytes: &[u8], at: usize) -> Option<(&[u8], usize)> {
    let mut j = at + 1;
    if !bytes.get(j)?.is_ascii_alphabetic() {
        return None;
    }
    while bytes
        .get(j)
        .is_some_and(|b| !is_space(*b) && *b != b'/' && *b != b'>')
    {
        j += 1;
    }
    let name = &bytes[at + 1..j];
    // Attribute values may hold `>` inside quotes.
    let mut quote = None;
    while let Some(&b) = bytes.get(j) {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if b == q => quote = None,
            (None, b'>') => return Some((name, j + 1)),
            _ => {}
        }
        j += 1;
    }
    Some((name, bytes.len()))
}

/// The value of attribute `name` in the start tag `tag` (`<script ...>`).
fn attribute(tag: &str, name: &str) -> Option<String> {
    let inner = tag.trim_start_matches('<').trim_end_matches('>');
    let mut rest = inner.split_once(|c: char| c.is_ascii_whitespace())?.1;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
        if rest.is_empty() {
            return None;
        }
        let key_end = rest
            .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '/')
            .unwrap_or(rest.len());
        let key = &rest[..key_end];
        rest = rest[key_end..].trim_start();
        let value = if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (value, next) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let close = after[1..].find(q).map_or(after.len(), |e| e + 1);
                    (&after[1..close], after.get(close + 1..).unwrap_or(""))
                }
                _ => {
                    let end = after
                        .find(|c: char| c.is_ascii_whitespace())
                        .unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            rest = next;
            value
        } else {
            ""
        };
        if key.eq_ignore_ascii_case(name) {
            return Some(value.to_string());
        }
    }
}

/// Where the script whose text starts at `from` ends (the `<` of the
/// `</script` that ends it), as the tokenizer's script data states decide.
fn script_end(bytes: &[u8], from: usize) -> Option<usize> {
    #[derive(Clone, Copy)]
    enum State {
        Data,
        Escaped,
        DoubleEscaped,
    }
    let mut state = State::Data;
    let mut i = from;
    while i < bytes.len() {
        let rest = &bytes[i..];
        match state {
            State::Data => {
                if rest.starts_with(b"</") && is_end_tag(bytes, i + 2, b"script") {
                    return Some(i);
                }
                if rest.starts_with(b"<!--") {
                    state = State::Escaped;
                    // `<!--` then `-->` at once: the dashes may be shared (`<!-->`).
                    i += 2;
                    continue;
                }
            }
            State::Escaped => {
                if rest.starts_with(b"-->") {
                    state = State::Data;
                    i += 3;
                    continue;
                }
                if rest.starts_with(b"</") && is_end_tag(bytes, i + 2, b"script") {
                    return Some(i);
                }
                if rest.starts_with(b"<") && is_end_tag(bytes, i + 1, b"script") {
                    state = State::DoubleEscaped;
                    i += 7;
                    continue;
                }
            }
            State::DoubleEscaped => {
                if rest.starts_with(b"-->") {
                    state = State::Data;
                    i += 3;
                    continue;
                }
                if rest.starts_with(b"</") && is_end_tag(bytes, i + 2, b"script") {
                    // Back to escaped: this `</script>` does not end the script.
                    state = State::Escaped;
                    i += 8;
                    continue;
                }
            }
        }
        i += 1;
    }
    None
}

/// Whether `name` (lower case) stands at `at`, case-insensitively, followed
/// by white space, `/` or `>`, as a tag name the tokenizer recognises.
fn is_end_tag(bytes: &[u8], at: usize, name: &[u8]) -> bool {
    bytes
        .get(at..at + name.len())
        .is_some_and(|n| n.eq_ignore_ascii_case(name))
        && bytes
            .get(at + name.len())
            .is_some_and(|b| is_space(*b) || *b == b'/' || *b == b'>')
}

/// The end of raw text started at `from`: after the `</name ...>` that ends it.
fn end_tag(bytes: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut i = from;
    while let Some(lt) = find(bytes, i, b"</") {
        if is_end_tag(bytes, lt + 2, name) {
            return Some(memchr::memchr(b'>', &bytes[lt..]).map_or(bytes.len(), |g| lt + g + 1));
        }
        i = lt + 2;
    }
    None
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(&bytes[from..], needle).map(|i| from + i)
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(html: &str) -> Vec<(String, &str, bool)> {
        scripts(html)
            .into_iter()
            .map(|s| (s.kind, s.text, s.closed))
            .collect()
    }

    #[test]
    fn a_script_ends_at_its_end_tag() {
        assert_eq!(
            texts(
                "<p>a</p><script type=\"application/ld+json\">{\"a\": 1}</script ><p>b</p><SCRIPT src=x.js></SCRIPT>"
            ),
            [
                ("application/ld+json".to_string(), "{\"a\": 1}", true),
                (String::new(), "", true)
            ]
        );
    }

    #[test]
    fn comment_then_script_inside_a_script_moves_its_end() {
        // The browser's view: the first `</script>` does not end the script.
        let html = "<script type='application/ld+json'>{\"c\": \"<!--<script>\"}</script><main>page</main><footer></footer>";
        assert_eq!(
            texts(html),
            [("application/ld+json".to_string(), &html[35..], false)]
        );
        // A comment that closes before `<script` changes nothing.
        let html = "<script>a <!-- b --> <script> c</script><p>";
        assert_eq!(
            texts(html),
            [(String::new(), "a <!-- b --> <script> c", true)]
        );
        // Back from double-escaped by `</script>`, then ended by the next one.
        let html = "<script><!--<script></script>x</script>y";
        assert_eq!(
            texts(html),
            [(String::new(), "<!--<script></script>x", true)]
        );
    }

    #[test]
    fn comments_and_raw_text_hold_no_scripts() {
        let html = "<!-- <script>x</script> --><title><script>t</script></title><textarea></textarea><style>s{}</style><script>real</script>";
        assert_eq!(texts(html), [(String::new(), "real", true)]);
        assert_eq!(texts("<scripts>no</scripts><p title='<script>'>"), []);
    }

    #[test]
    fn tag_names_are_read_in_any_case() {
        let html = "<TITLE><script>t</script></Title><SCRIPT type=x>a</SCRIPT><Script>b</script>";
        assert_eq!(
            texts(html),
            [("x".to_string(), "a", true), (String::new(), "b", true)]
        );
    }
}
