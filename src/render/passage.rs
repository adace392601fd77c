//! Passages to HTML: a block's text, escaped, with every evidence span on
//! it marked, however the spans overlap; and a quote inside its sentence.

use std::ops::Range;

use super::escape::push_html;

/// An evidence span to mark on an article page.
#[derive(Clone, Debug)]
pub struct Mark<'a> {
    /// Element id, `ev-<claim>-<k>`; the first piece of the span carries it.
    pub id: &'a str,
    /// CSS class suffix: the stance.
    pub stance: &'a str,
    /// Byte range in the seed text.
    pub range: Range<usize>,
}

/// The HTML of the block `block` of `text`, with the parts of `marks` that
/// fall inside it marked. Marks are well nested: where two spans overlap
/// without one holding the other, the inner one is closed and reopened.
pub fn block_html(text: &str, block: Range<usize>, marks: &[Mark<'_>]) -> String {
    // Clip to the block; remember whether each piece starts its span.
    let mut pieces: Vec<(Range<usize>, &Mark<'_>)> = marks
        .iter()
        .filter(|m| m.range.start < block.end && m.range.end > block.start)
        .map(|m| {
            (
                m.range.start.max(block.start)..m.range.end.min(block.end),
                m,
            )
        })
        .filter(|(r, _)| !r.is_empty())
        .collect();
    pieces.sort_by_key(|(r, m)| (r.start, std::cmp::Reverse(r.end), m.id));
    let mut out = String::with_capacity(block.len() + pieces.len() * 80);
    let mut open: Vec<(Range<usize>, &Mark<'_>)> = Vec::new();
    let mut started: Vec<&str> = Vec::new();
    let mut pos = block.start;
    let mut next = 0;
    let mut points: Vec<usize> = pieces.iter().flat_map(|(r, _)| [r.start, r.end]).collect();
    points.push(block.end);
    points.sort_unstable();
    points.dedup();
    for p in points {
        push_html(&mut out, &text[pos..p]);
        pos = p;
        // Close what ends here (and everything inside it); reopen the
        // inner pieces that go on past this point.
        if let Some(depth) = open.iter().position(|(r, _)| r.end == p) {
            let tail: Vec<_> = open.drain(depth..).collect();
            for _ in &tail {
                out.push_str("</mark>");
            }
            for (r, m) in tail.into_iter().filter(|(r, _)| r.end > p) {
                open_tag(&mut out, m, &mut started, false);
                open.push((r, m));
            }
        }
        while next < pieces.len() && pieces[next].0.start == p {
            let (r, m) = pieces[next].clone();
            let first = m.range.start >= block.start && !started.contains(&m.id);
            open_tag(&mut out, m, &mut started, first);
            open.push((r, m));
            next += 1;
        }
    }
    out
}

fn open_tag<'a>(out: &mut String, m: &Mark<'a>, started: &mut Vec<&'a str>, first: bool) {
    out.push_str("<mark class=\"ev ev-");
    out.push_str(m.stance);
    out.push('"');
    if first {
        out.push_str(" id=\"");
        out.push_str(m.id);
        out.push('"');
        started.push(m.id);
    }
    out.push_str(" data-ev=\"");
    out.push_str(m.id);
    out.push_str("\">");
}

/// A quote inside its sentence(s): `sentence` is the seed's text from the
/// start of the quote's first sentence to the end of its last, `pieces` the
/// parts of it in each paragraph (in order) and `quote` the quoted bytes,
/// all relative to `sentence`. Paragraphs are joined by a pilcrow, as the
/// quote crosses them.
pub fn in_sentence_html(sentence: &str, pieces: &[Range<usize>], quote: Range<usize>) -> String {
    let mut out = String::new();
    for (i, p) in pieces.iter().enumerate() {
        if i > 0 {
            out.push_str(" <span class=\"pilcrow\" title=\"new paragraph\">¶</span> ");
        }
        let q = quote.start.clamp(p.start, p.end)..quote.end.clamp(p.start, p.end);
        push_html(&mut out, &sentence[p.start..q.start]);
        if !q.is_empty() {
            out.push_str("<mark>");
            push_html(&mut out, &sentence[q.clone()]);
            out.push_str("</mark>");
        }
        push_html(&mut out, &sentence[q.end..p.end]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark<'a>(id: &'a str, range: Range<usize>) -> Mark<'a> {
        Mark {
            id,
            stance: "asserts",
            range,
        }
    }

    #[test]
    fn marks_and_escapes() {
        let t = "a <b> c";
        assert_eq!(
            block_html(t, 0..t.len(), &[mark("ev-x-1", 2..5)]),
            "a <mark class=\"ev ev-asserts\" id=\"ev-x-1\" data-ev=\"ev-x-1\">&lt;b&gt;</mark> c"
        );
    }

    #[test]
    fn overlapping_spans_stay_well_nested() {
        let t = "one two three four";
        let html = block_html(t, 0..t.len(), &[mark("a", 0..7), mark("b", 4..13)]);
        assert_eq!(
            html,
            "<mark class=\"ev ev-asserts\" id=\"a\" data-ev=\"a\">one \
             <mark class=\"ev ev-asserts\" id=\"b\" data-ev=\"b\">two</mark></mark>\
             <mark class=\"ev ev-asserts\" data-ev=\"b\"> three</mark> four"
        );
    }

    #[test]
    fn a_span_from_an_earlier_block_has_no_id_here() {
        let t = "first\n\nsecond part";
        let html = block_html(t, 7..t.len(), &[mark("a", 2..13)]);
        assert_eq!(
            html,
            "<mark class=\"ev ev-asserts\" data-ev=\"a\">second</mark> part"
        );
    }

    #[test]
    fn quote_in_its_sentence() {
        let t = "Then 1,500 troops <moved> to Vladivostok.";
        let q = t.find("1,500").unwrap()..t.find(" to Vlad").unwrap();
        assert_eq!(
            in_sentence_html(t, std::slice::from_ref(&(0..t.len())), q),
            "Then <mark>1,500 troops &lt;moved&gt;</mark> to Vladivostok."
        );
    }

    #[test]
    fn quote_across_paragraphs() {
        let t = "Two starts here.\n\nAnd ends here.";
        let q = t.find("starts").unwrap()..t.find("ends").unwrap() + 4;
        let pieces = [0..16, 18..t.len()];
        assert_eq!(
            in_sentence_html(t, &pieces, q),
            "Two <mark>starts here.</mark> <span class=\"pilcrow\" title=\"new paragraph\">¶</span> <mark>And ends</mark> here."
        );
    }
}
