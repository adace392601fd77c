//! An article's text as its page shows it: each visible block with its
//! number, its marked passages and the claims citing them. Made once in
//! Rust (`text_html`), the markup the default `article.html` printed block
//! by block: most of an article page, and most of what rendering it cost
//! in the template engine.

use std::fmt::Write as _;

use super::views::BlockView;
use crate::ingest::BlockKind;

/// The blocks' markup, as the default template wrote it from `blocks`.
pub fn html(blocks: &[BlockView]) -> String {
    let bytes: usize = blocks.iter().map(|b| b.html.len() + 160).sum();
    let mut out = String::with_capacity(bytes);
    let mut scratch = Vec::new();
    for b in blocks {
        push(&mut out, &mut scratch, b);
    }
    out
}

fn push(out: &mut String, scratch: &mut Vec<u8>, b: &BlockView) {
    let kind = kind(b.kind);
    out.push_str("\n<div class=\"block block-");
    out.push_str(kind);
    out.push_str("\" id=\"");
    escaped(out, scratch, &b.anchor);
    out.push_str("\">");
    // A template's `if` is false for 0 as for none.
    if let Some(n) = b.number.filter(|&n| n != 0) {
        out.push_str("<a class=\"pnum\" href=\"#");
        escaped(out, scratch, &b.anchor);
        // Writing to a String cannot fail.
        let _ = write!(out, "\" aria-label=\"Paragraph {n}\">{n}</a>");
    }
    let (open, close) = match b.kind {
        BlockKind::Heading => ("<h3 class=\"block-text\">", "</h3>"),
        BlockKind::Embed => ("<blockquote class=\"block-text\"><p>", "</p></blockquote>"),
        _ => ("<p class=\"block-text\">", "</p>"),
    };
    out.push_str(open);
    out.push_str(&b.html);
    out.push_str(close);
    if !b.cites.is_empty() {
        out.push_str("<ul class=\"cites\" aria-label=\"Claims citing this passage\">");
        for c in &b.cites {
            out.push_str("<li class=\"cite stance-");
            escaped(out, scratch, c.stance);
            out.push_str("\"><a href=\"#");
            escaped(out, scratch, &c.span_id);
            out.push_str("\" class=\"stance-label\">");
            escaped(out, scratch, c.stance_label);
            out.push_str("</a> <a href=\"");
            escaped(out, scratch, &c.href);
            out.push_str("\">");
            escaped(out, scratch, &c.claim_title);
            out.push_str("</a> <span class=\"rating-label\">(");
            escaped(out, scratch, &c.rating_label);
            out.push_str(")</span></li>");
        }
        out.push_str("</ul>");
    }
    out.push_str("</div>");
}

/// The block kind as the views name it.
fn kind(k: BlockKind) -> &'static str {
    match k {
        BlockKind::Title => "title",
        BlockKind::Heading => "heading",
        BlockKind::Paragraph => "paragraph",
        BlockKind::Caption => "caption",
        BlockKind::Embed => "embed",
        BlockKind::Furniture => "furniture",
    }
}

/// Escaped as the templates escape a printed value.
fn escaped(out: &mut String, scratch: &mut Vec<u8>, s: &str) {
    scratch.clear();
    // Writing to a vector cannot fail; the escaper passes UTF-8 through.
    let _ = tera::escape_html(s, scratch);
    out.push_str(std::str::from_utf8(scratch).unwrap_or_default());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_named_as_the_views_serialize_them() {
        for k in [
            BlockKind::Title,
            BlockKind::Heading,
            BlockKind::Paragraph,
            BlockKind::Caption,
            BlockKind::Embed,
            BlockKind::Furniture,
        ] {
            assert_eq!(
                serde_json::to_string(&k).unwrap(),
                format!("\"{}\"", kind(k))
            );
        }
    }
}
