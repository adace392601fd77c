//! The sanitiser for raw HTML in markdown, for sites that opt in with
//! `[markdown] unsafe_html = true`: what an analysis or a note may need
//! (text formatting, quotations, lists, tables, figures, links and images),
//! nothing that runs or restyles the page (scripts, styles, forms, frames,
//! embeds, event handlers, `style` attributes), and links and images only
//! to `http:`, `https:` and `mailto:` addresses or relative paths.

use std::sync::OnceLock;

use ammonia::Builder;

/// The elements a fact-check's prose may use.
pub const TAGS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "var",
    "wbr",
];

/// Attributes any of them may carry: `id` for anchors, `class` for the site's own styles.
const GENERIC_ATTRIBUTES: &[&str] = &["class", "dir", "id", "lang", "title"];

/// Attributes of particular elements, beyond ammonia's defaults.
const TAG_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("details", &["open"]),
    ("time", &["datetime"]),
    ("data", &["value"]),
    ("ol", &["start", "reversed"]),
];

fn builder() -> &'static Builder<'static> {
    static BUILDER: OnceLock<Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| {
        let mut b = Builder::default();
        b.tags(TAGS.iter().copied().collect())
            .generic_attributes(GENERIC_ATTRIBUTES.iter().copied().collect())
            .url_schemes(crate::url::ALLOWED_SCHEMES.iter().copied().collect())
            .strip_comments(true);
        for (tag, attrs) in TAG_ATTRIBUTES {
            b.add_tag_attributes(tag, attrs.iter().copied());
        }
        b
    })
}

/// `html` with everything outside the allow-list removed.
pub fn clean(html: &str) -> String {
    builder().clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_prose_and_drops_what_runs() {
        let html = clean(
            "<p class=\"x\" onclick=\"alert(1)\">A <em>b</em> <a href=\"javascript:alert(1)\">c</a> \
             <a href=\"https://example.org/\">d</a> <img src=\"data:image/svg+xml,x\" alt=\"i\" \
             onerror=\"alert(2)\"></p><script>alert(3)</script><style>p{}</style>\
             <iframe src=\"https://example.org\"></iframe><form><input></form><!-- hidden -->\
             <table><tr><td colspan=\"2\">t</td></tr></table><svg onload=\"alert(4)\"></svg>",
        );
        for gone in [
            "onclick",
            "javascript",
            "onerror",
            "data:",
            "<script",
            "alert(3)",
            "<style",
            "<iframe",
            "<form",
            "<input",
            "hidden",
            "<svg",
            "onload",
        ] {
            assert!(!html.contains(gone), "{gone} in {html}");
        }
        for kept in [
            "<p class=\"x\">",
            "<em>b</em>",
            "href=\"https://example.org/\"",
            "alt=\"i\"",
            "<td colspan=\"2\">t</td>",
        ] {
            assert!(html.contains(kept), "{kept} not in {html}");
        }
    }
}
