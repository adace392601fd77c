//! HTML escaping for text that reaches pages outside the template engine
//! (seed passages with their highlights). Seed text is untrusted.

use crate::eight_bytes;

/// Escapes `&`, `<`, `>`, `"` and `'` for text and attribute values.
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    push_html(&mut out, s);
    out
}

/// Appends `s` to `out`, escaped.
pub fn push_html(out: &mut String, s: &str) {
    // Copy the text between special characters in chunks: most text has
    // none, and eight bytes without one are passed over at once.
    let b = s.as_bytes();
    let mut from = 0;
    let mut i = 0;
    while i < b.len() {
        if !has_special(eight_bytes::load(b, i)) {
            // Zeros past the end are not special: the loop ends.
            i += 8;
            continue;
        }
        let entity = match b[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&s[from..i]);
        out.push_str(entity);
        i += 1;
        from = i;
    }
    out.push_str(&s[from..]);
}

/// Whether one of eight bytes is `&`, `<`, `>`, `"` or `'`.
fn has_special(v: u64) -> bool {
    [b'&', b'<', b'>', b'"', b'\'']
        .into_iter()
        .fold(false, |any, c| any | eight_bytes::holds(v, c))
}

#[cfg(test)]
mod tests {
    proptest::proptest! {
        #[test]
        fn escapes_as_one_character_at_a_time(s in "[a-z&<>\"' é]{0,40}") {
            let mut slow = String::new();
            for c in s.chars() {
                match c {
                    '&' => slow.push_str("&amp;"),
                    '<' => slow.push_str("&lt;"),
                    '>' => slow.push_str("&gt;"),
                    '"' => slow.push_str("&quot;"),
                    '\'' => slow.push_str("&#39;"),
                    c => slow.push(c),
                }
            }
            proptest::prop_assert_eq!(super::html(&s), slow);
        }
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(
            super::html("<script>alert('x&y')</script>"),
            "&lt;script&gt;alert(&#39;x&amp;y&#39;)&lt;/script&gt;"
        );
    }
}
