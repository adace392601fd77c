//! Where each evidence passage stands in the text annotation clients read:
//! the text of a rendered article page (its `document.body` text nodes, in
//! document order, as the HTML parser builds them) and the article's plain
//! text. The Web Annotations' TextQuote and TextPosition selectors are made
//! from these, so that a client finds each passage once, exactly.

use std::ops::Range;

use dom_query::{Document, NodeData, NodeRef};
use html5ever::tendril::TendrilSink;
use memchr::memmem;

use crate::model::{Article, Site};

/// The anchors of every evidence passage of one article: on its page and
/// in its text, in the order of the article's `cited_by`.
#[derive(Clone, Debug, Default)]
pub struct ArticleAnchors {
    /// (claim index, evidence index) of each passage, sorted.
    keys: Vec<(usize, usize)>,
    /// On the article page; `None` when the page shows no mark of it (a
    /// site's own template may leave the marks out).
    page: Vec<Option<Anchor>>,
    /// In `articles/<slug>/text.txt`.
    text: Vec<Anchor>,
}

impl ArticleAnchors {
    /// The anchors of the rendered page `html` of article `a` and of its text.
    pub fn of(site: &Site, a: &Article, html: &str) -> ArticleAnchors {
        let page = read_page(html);
        let (text, bom) = match a.seed.text.strip_prefix('\u{feff}') {
            Some(rest) => (rest, '\u{feff}'.len_utf8()),
            None => (&*a.seed.text, 0),
        };
        let mut out = ArticleAnchors::default();
        let mut order: Vec<(usize, usize)> = a.cited_by.clone();
        order.sort_unstable();
        for &(ci, ei) in &order {
            let c = &site.claims[ci];
            let ev = &c.evidence[ei];
            let id = format!("ev-{}-{}", c.slug, ev.k);
            out.keys.push((ci, ei));
            out.page
                .push(page.range_of(&id).map(|r| anchor(&page.text, r)));
            let r = ev.span.orig.start.saturating_sub(bom)..ev.span.orig.end.saturating_sub(bom);
            out.text.push(anchor(text, r));
        }
        out
    }

    /// The passage of evidence `ei` of claim `ci`: on the page, and in the text.
    pub fn get(&self, ci: usize, ei: usize) -> Option<(Option<&Anchor>, &Anchor)> {
        let i = self.keys.binary_search(&(ci, ei)).ok()?;
        Some((self.page[i].as_ref(), &self.text[i]))
    }
}

/// The anchors of every article, by article index: filled as article pages
/// are rendered, kept between the rebuilds of `attest serve` for the pages
/// not rendered again.
#[derive(Debug, Default)]
pub struct PageAnchors(pub Vec<Option<ArticleAnchors>>);

impl PageAnchors {
    pub fn new(articles: usize) -> PageAnchors {
        PageAnchors(vec![None; articles])
    }

    pub fn set(&mut self, article: usize, anchors: ArticleAnchors) {
        if article >= self.0.len() {
            self.0.resize(article + 1, None);
        }
        self.0[article] = Some(anchors);
    }

    pub fn get(&self, article: usize) -> Option<&ArticleAnchors> {
        self.0.get(article)?.as_ref()
    }
}

/// The text of a rendered page as annotation clients read it, and where
/// the marks of each evidence lie in it.
#[derive(Debug, Default)]
pub struct PageText {
    /// The data of every text node of `<body>`, in document order.
    pub text: String,
    /// Each evidence id (`data-ev` of its `<mark>`s), with the byte range
    /// from the start of its first mark to the end of its last, in order of
    /// the first mark.
    pub marks: Vec<(String, Range<usize>)>,
}

impl PageText {
    /// The byte range of the marks of evidence `id`.
    pub fn range_of(&self, id: &str) -> Option<Range<usize>> {
        self.marks
            .iter()
            .find(|(m, _)| m == id)
            .map(|(_, r)| r.clone())
    }
}

/// Reads `html` as a browser does (the HTML5 tree builder, scripting on, as
/// in a browser that runs the page's scripts) and returns the text of its
/// body. Text nodes count whatever they hold: the white space between tags,
/// the text of `<script>` and `<style>` elements in the body.
pub fn read_page(html: &str) -> PageText {
    let opts = html5ever::ParseOpts {
        tree_builder: html5ever::tree_builder::TreeBuilderOpts {
            scripting_enabled: true,
            ..Default::default()
        },
        ..Default::default()
    };
    let doc = html5ever::parse_document(Document::default(), opts).one(html);
    let mut page = PageText::default();
    let Some(body) = doc.body() else {
        return page;
    };
    enum Step<'a> {
        Enter(NodeRef<'a>),
        /// The end of a `<mark>` of this evidence id.
        LeaveMark(String),
    }
    let mut stack = vec![Step::Enter(body)];
    while let Some(step) = stack.pop() {
        let node = match step {
            Step::LeaveMark(id) => {
                let end = page.text.len();
                if let Some((_, r)) = page.marks.iter_mut().rev().find(|(m, _)| *m == id) {
                    r.end = end;
                }
                continue;
            }
            Step::Enter(node) => node,
        };
        enum Kind {
            Element,
            Mark(String),
            Other,
        }
        let kind = node
            .query(|n| match &n.data {
                NodeData::Text { contents } => {
                    page.text.push_str(contents);
                    Kind::Other
                }
                NodeData::Element(e) => match e.attr("data-ev") {
                    Some(id) if &*e.name.local == "mark" => Kind::Mark(id.to_string()),
                    _ => Kind::Element,
                },
                _ => Kind::Other,
            })
            .unwrap_or(Kind::Other);
        let mark = match kind {
            Kind::Other => continue,
            Kind::Element => {
                push_children(node, &mut stack, Step::Enter);
                continue;
            }
            Kind::Mark(id) => id,
        };
        let start = page.text.len();
        if !page.marks.iter().any(|(m, _)| *m == mark) {
            page.marks.push((mark.clone(), start..start));
        }
        stack.push(Step::LeaveMark(mark));
        push_children(node, &mut stack, Step::Enter);
    }
    page
}

fn push_children<'a, S>(node: NodeRef<'a>, stack: &mut Vec<S>, step: impl Fn(NodeRef<'a>) -> S) {
    let mut child = node.last_child();
    while let Some(c) = child {
        child = c.prev_sibling();
        stack.push(step(c));
    }
}

/// A passage as a TextQuoteSelector and a TextPositionSelector describe it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Anchor {
    pub exact: String,
    /// The context before `exact` that makes the quote unique in its text;
    /// empty when `exact` occurs only once.
    pub prefix: String,
    /// The context after `exact`, likewise.
    pub suffix: String,
    /// Code points before the passage, and to its end.
    pub start: usize,
    pub end: usize,
}

/// The anchor of the passage `range` (bytes, on character boundaries) of
/// `text`: the shortest prefix and suffix that make it the only place where
/// prefix, passage and suffix follow each other (overlapping places count,
/// as clients search them), and its position in code points.
pub fn anchor(text: &str, range: Range<usize>) -> Anchor {
    let (before, after) = unique_context(text, range.clone());
    let start = text[..range.start].chars().count();
    Anchor {
        exact: text[range.clone()].to_string(),
        prefix: text[before..range.start].to_string(),
        suffix: text[range.end..after].to_string(),
        start,
        end: start + text[range.clone()].chars().count(),
    }
}

/// Where the prefix starts and the suffix ends (bytes) so that `range` is
/// told from every other occurrence of its text: for each occurrence still
/// matching, the side that needs fewer bytes to differ is extended, as
/// Apache Annotator's `describeTextQuote` does.
fn unique_context(text: &str, range: Range<usize>) -> (usize, usize) {
    let (mut before, mut after) = (range.start, range.end);
    let bytes = text.as_bytes();
    let exact = &bytes[range.clone()];
    if exact.is_empty() {
        return (before, after);
    }
    let finder = memmem::Finder::new(exact);
    let mut from = 0;
    while let Some(i) = finder.find(&bytes[from..]) {
        let other = from + i;
        from = other + 1;
        if other == range.start {
            continue;
        }
        // How far the text around the other occurrence agrees with ours.
        let same_before = bytes[..range.start]
            .iter()
            .rev()
            .zip(bytes[..other].iter().rev())
            .take_while(|(a, b)| a == b)
            .count();
        let other_end = other + exact.len();
        let same_after = bytes[range.end..]
            .iter()
            .zip(&bytes[other_end..])
            .take_while(|(a, b)| a == b)
            .count();
        if range.start - before > same_before || after - range.end > same_after {
            continue; // already told apart
        }
        let grow_before = (same_before < range.start)
            .then(|| floor_char_boundary(text, range.start - same_before - 1));
        let grow_after = (range.end + same_after < text.len())
            .then(|| ceil_char_boundary(text, range.end + same_after + 1));
        match (grow_before, grow_after) {
            (Some(b), Some(a)) if range.start - b <= a - range.end => before = b,
            (Some(b), None) => before = b,
            (_, Some(a)) => after = a,
            (None, None) => {} // the same text all round: cannot be told apart
        }
    }
    (before.min(range.start), after.max(range.end))
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_char_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    /// How often prefix + exact + suffix occurs in `text`, overlaps counted.
    fn occurrences(text: &str, a: &Anchor) -> usize {
        let pattern = format!("{}{}{}", a.prefix, a.exact, a.suffix);
        (0..text.len())
            .filter(|&i| text.is_char_boundary(i) && text[i..].starts_with(&pattern))
            .count()
    }

    #[test]
    fn a_unique_quote_needs_no_context() {
        let t = "one two three";
        let a = anchor(t, 4..7);
        assert_eq!((a.prefix.as_str(), a.suffix.as_str()), ("", ""));
        assert_eq!((a.start, a.end), (4, 7));
    }

    #[test]
    fn context_grows_until_the_quote_is_unique() {
        let t = "the troops moved. The troops moved. the troops stayed.";
        for start in [0, 18, 36] {
            let end = start + "the troops".len();
            let a = anchor(t, start..end);
            assert_eq!(occurrences(t, &a), 1, "{a:?}");
        }
        let a = anchor(t, 0..10);
        assert_eq!((a.prefix.as_str(), a.suffix.as_str()), ("", " m"));
    }

    #[test]
    fn overlapping_occurrences_count() {
        let t = "aaaa";
        for s in 0..3 {
            let a = anchor(t, s..s + 2);
            assert_eq!(occurrences(t, &a), 1, "{s}: {a:?}");
        }
    }

    #[test]
    fn context_is_whole_characters_and_positions_are_code_points() {
        let t = "é x — é x";
        let second = t.rfind("é x").unwrap();
        let a = anchor(t, second..t.len());
        assert_eq!(a.prefix, " ");
        assert_eq!(occurrences(t, &a), 1);
        assert_eq!((a.start, a.end), (6, 9));
    }

    #[test]
    fn page_text_is_every_body_text_node_and_marks_span_blocks() {
        let html = "<!DOCTYPE html><html><head><title>T</title></head>\n<body>\n<p>a &amp; <mark id=\"ev-x-1\" data-ev=\"ev-x-1\">b</mark></p>\n<p><mark data-ev=\"ev-x-1\">c</mark> d</p><script>var s = 1;</script>\n</body>\n</html>\n";
        let page = read_page(html);
        assert_eq!(page.text, "\na & b\nc dvar s = 1;\n\n\n");
        let r = page.range_of("ev-x-1").unwrap();
        assert_eq!(&page.text[r], "b\nc");
    }

    #[test]
    fn noscript_is_text_as_in_a_browser_that_runs_scripts() {
        let page = read_page("<body><noscript><p>x</p></noscript></body>");
        assert_eq!(page.text, "<p>x</p>");
    }
}
