//! An article's text as its page shows it: each visible block with its
//! number, its marked passages and the claims citing them. Made once in
//! Rust (`text_html`), the markup the default `article.html` printed block
//! by block: most of an article page, and most of what rendering it cost
//! in the template engine.

use super::views::BlockView;
use crate::ingest::BlockKind;

/// The blocks' markup, as the default template wrote it from `blocks`.
pub fn html(blocks: &[BlockView]) -> String {
    let bytes: usize = blocks.iter().map(|b| b.html.len() + 160).sum();
    let mut out = Vec::with_capacity(bytes);
    for b in blocks {
        push(&mut out, b);
    }
    // Every piece is UTF-8: the escaper passes the rest through.
    String::from_utf8(out).unwrap_or_default()
}

fn push(out: &mut Vec<u8>, b: &BlockView) {
    let kind = kind(b.kind);
    out.extend_from_slice(b"\n<div class=\"block block-");
    out.extend_from_slice(kind.as_bytes());
    out.extend_from_slice(b"\" id=\"");
    escaped(out, &b.anchor);
    out.extend_from_slice(b"\">");
    // A template's `if` is false for 0 as for none.
    if let Some(n) = b.number.filter(|&n| n != 0) {
        out.extend_from_slice(b"<a class=\"pnum\" href=\"#");
        escaped(out, &b.anchor);
        out.extend_from_slice(format!("\" aria-label=\"Paragraph {n}\">{n}</a>").as_bytes());
    }
    let (open, close): (&[u8], &[u8]) = match b.kind {
        BlockKind::Heading => (b"<h3 class=\"block-text\">", b"</h3>"),
        BlockKind::Embed => (
            b"<blockquote class=\"block-text\"><p>",
            b"</p></blockquote>",
        ),
        _ => (b"<p class=\"block-text\">", b"</p>"),
    };
    out.extend_from_slice(open);
    out.extend_from_slice(b.html.as_bytes());
    out.extend_from_slice(close);
    if !b.cites.is_empty() {
        out.extend_from_slice(b"<ul class=\"cites\" aria-label=\"Claims citing this passage\">");
        for c in &b.cites {
            out.extend_from_slice(b"<li class=\"cite stance-");
            escaped(out, c.stance);
            out.extend_from_slice(b"\"><a href=\"#");
            escaped(out, &c.span_id);
            out.extend_from_slice(b"\" class=\"stance-label\">");
            escaped(out, c.stance_label);
            out.extend_from_slice(b"</a> <a href=\"");
            escaped(out, &c.href);
            out.extend_from_slice(b"\">");
            escaped(out, &c.claim_title);
            out.extend_from_slice(b"</a> <span class=\"rating-label\">(");
            escaped(out, &c.rating_label);
            out.extend_from_slice(b")</span></li>");
        }
        out.extend_from_slice(b"</ul>");
    }
    out.extend_from_slice(b"</div>");
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
fn escaped(out: &mut Vec<u8>, s: &str) {
    // Writing to a vector cannot fail.
    let _ = tera::escape_html(s, out);
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
