//! Slugs: a file's stem, lower-case ASCII letters, digits and `-` only.

use crate::diagnostics::Diagnostic;

/// Whether `s` is a valid slug.
pub fn is_valid(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The slug to use instead of `s`: lower case, every other run of
/// characters made one `-`, no `-` at either end.
pub fn suggest(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-').to_string();
    if out.is_empty() {
        "page".to_string()
    } else {
        out
    }
}

/// Checks the stem of the file `rel`; the error names the slug to use.
pub fn check(stem: &str, rel: &str) -> Result<(), Diagnostic> {
    if is_valid(stem) {
        return Ok(());
    }
    let good = suggest(stem);
    let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
    Err(Diagnostic::error("bad-slug", format!("`{stem}` is not a valid slug"))
        .in_file(rel)
        .note("a slug (the file name without .md) may only hold lower-case ASCII letters, digits and `-`")
        .help(format!("rename the file to {dir}/{good}.md")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_a_valid_slug() {
        assert_eq!(suggest("Kursk Troops_2024"), "kursk-troops-2024");
        assert_eq!(suggest("000_940354af2434b6c9"), "000-940354af2434b6c9");
        assert_eq!(suggest("--"), "page");
        assert!(is_valid(&suggest("Ünïcode ßlug!")));
    }
}
