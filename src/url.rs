//! Which link addresses a site may publish: `http:`, `https:` and `mailto:`
//! addresses, relative paths and fragments, and `@/` internal links. Any
//! other scheme is refused: `javascript:` and `data:` links run code or
//! show made-up pages in the reader's browser, and the others (`file:`,
//! `vbscript:`, app schemes) have no place in a fact-check.

/// The schemes a link may have.
pub const ALLOWED_SCHEMES: [&str; 3] = ["http", "https", "mailto"];

/// Why `url` may not be published, or `None` if it may. `url` is the
/// address as it will stand in the page (entities already decoded).
///
/// The scheme is read as a browser reads it: leading and trailing control
/// characters and spaces are ignored, tabs and line breaks anywhere are
/// dropped, and case does not matter (`JaVaScRiPt:` is `javascript:`).
pub fn refused_scheme(url: &str) -> Option<String> {
    let trimmed = url.trim_matches(|c: char| c <= ' ');
    let seen: String = trimmed
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take(64)
        .collect();
    let scheme = scheme_of(&seen)?.to_ascii_lowercase();
    (!ALLOWED_SCHEMES.contains(&scheme.as_str())).then_some(scheme)
}

/// The scheme of an absolute URL (`https` in `https://x`); `None` for a
/// relative one (a path, `//host/path`, `#fragment`, `@/claims/x.md`).
fn scheme_of(url: &str) -> Option<&str> {
    let colon = url.find(':')?;
    let scheme = &url[..colon];
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some(scheme)
}

/// What to tell the user about a link with a refused scheme.
pub fn help() -> &'static str {
    "link to an http:, https: or mailto: address, a relative path, or a page of the site with @/claims/<slug>.md"
}

/// Why the scheme matters, in a line.
pub fn why(scheme: &str) -> String {
    match scheme {
        "javascript" | "vbscript" => {
            format!("a `{scheme}:` address runs code in the reader's browser when followed")
        }
        "data" => "a `data:` address shows a page made up on the spot, under no site's name".into(),
        _ => format!("only http:, https: and mailto: addresses are published, not `{scheme}:`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_and_mail_schemes_and_relative_links_pass() {
        for ok in [
            "https://example.org/a?b=c#d",
            "HTTP://EXAMPLE.ORG",
            "mailto:desk@example.org",
            "../claims/x/",
            "claims/x/#e1",
            "#p3",
            "//example.org/x",
            "@/claims/x.md",
            "a/b:c",
            "?q=a:b",
            "",
            "java script:alert(1)",
            "javascript&colon;alert(1)",
        ] {
            assert_eq!(refused_scheme(ok), None, "{ok}");
        }
        for (bad, scheme) in [
            ("javascript:alert(1)", "javascript"),
            ("JaVaScRiPt:alert(1)", "javascript"),
            (" \u{1}javascript:alert(1)", "javascript"),
            ("java\tscr\nipt:alert(1)", "javascript"),
            ("data:text/html,<script>x</script>", "data"),
            ("vbscript:x", "vbscript"),
            ("file:///etc/passwd", "file"),
            ("c:\\windows", "c"),
        ] {
            assert_eq!(refused_scheme(bad).as_deref(), Some(scheme), "{bad}");
        }
    }
}
