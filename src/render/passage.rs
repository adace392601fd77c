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

/// Where sentences end: `.`, `!`, `?` or `…`, closing quotes or brackets,
/// white space, then a capital or an opening quote.
fn sentence_breaks(text: &str, range: Range<usize>) -> Vec<usize> {
    let s = &text[range.clone()];
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut breaks = Vec::new();
    for (i, &(_, c)) in chars.iter().enumerate() {
        if !matches!(c, '.' | '!' | '?' | '…') {
            continue;
        }
        let mut j = i + 1;
        while j < chars.len() && matches!(chars[j].1, '"' | '\'' | '”' | '’' | ')' | ']') {
            j += 1;
        }
        let end = chars.get(j).map_or(s.len(), |c| c.0);
        let mut k = j;
        while k < chars.len() && chars[k].1.is_whitespace() {
            k += 1;
        }
        if k > j
            && chars
                .get(k)
                .is_some_and(|c| c.1.is_uppercase() || matches!(c.1, '“' | '‘' | '"' | '('))
        {
            breaks.push(range.start + end);
        }
    }
    breaks
}

/// A quote inside its sentence(s): the sentence around `quote` within the
/// blocks `blocks` (in order), the quoted part marked. Blocks are joined by
/// a pilcrow, as the quote crosses paragraphs.
pub fn in_sentence_html(text: &str, blocks: &[Range<usize>], quote: Range<usize>) -> String {
    let mut out = String::new();
    let last = blocks.len().saturating_sub(1);
    for (i, b) in blocks.iter().enumerate() {
        let start = if i == 0 {
            let breaks = sentence_breaks(text, b.clone());
            let before = breaks.iter().rev().find(|&&x| x <= quote.start).copied();
            before.map_or(b.start, |x| {
                x + text[x..].len() - text[x..].trim_start().len()
            })
        } else {
            b.start
        };
        let end = if i == last {
            let breaks = sentence_breaks(text, b.clone());
            breaks
                .iter()
                .find(|&&x| x >= quote.end)
                .copied()
                .unwrap_or(b.end)
        } else {
            b.end
        };
        if i > 0 {
            out.push_str(" <span class=\"pilcrow\" title=\"new paragraph\">¶</span> ");
        }
        let q = quote.start.clamp(start, end)..quote.end.clamp(start, end);
        push_html(&mut out, &text[start..q.start]);
        if !q.is_empty() {
            out.push_str("<mark>");
            push_html(&mut out, &text[q.clone()]);
            out.push_str("</mark>");
        }
        push_html(&mut out, &text[q.end..end]);
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
        let t = "He spoke. Then 1,500 troops moved to Vladivostok. Later, more came.";
        let q = t.find("1,500").unwrap()..t.find(" to Vlad").unwrap();
        assert_eq!(
            in_sentence_html(t, std::slice::from_ref(&(0..t.len())), q),
            "Then <mark>1,500 troops moved</mark> to Vladivostok."
        );
    }
}
