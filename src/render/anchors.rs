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
/// in its text, by (claim, evidence) index.
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
        let seed = a.seed.text.get();
        let (text, bom) = match seed.strip_prefix('\u{feff}') {
            Some(rest) => (rest, '\u{feff}'.len_utf8()),
            None => (seed.as_str(), 0),
        };
        let mut out = ArticleAnchors::default();
        let mut order: Vec<(usize, usize)> = a.cited_by.clone();
        order.sort_unstable();
        let (mut on_page, mut in_text) = (Vec::new(), Vec::new());
        for &(ci, ei) in &order {
            let c = &site.claims[ci];
            let ev = &c.evidence[ei];
            let id = format!("ev-{}-{}", c.slug, ev.k);
            out.keys.push((ci, ei));
            on_page.push(page.range_of(&id));
            in_text
                .push(ev.span.orig.start.saturating_sub(bom)..ev.span.orig.end.saturating_sub(bom));
        }
        let found: Vec<Range<usize>> = on_page.iter().flatten().cloned().collect();
        let mut found = anchors(&page.text, &found).into_iter();
        out.page = on_page
            .iter()
            .map(|r| r.as_ref().and_then(|_| found.next()))
            .collect();
        out.text = anchors(text, &in_text);
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
#[derive(Debug, Default, PartialEq, Eq)]
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

/// The text of the body of `html` as a browser reads it. Text nodes count
/// whatever they hold: the white space between tags, the text of `<script>`
/// and `<style>` elements in the body. Pages made of the plain markup attest's
/// templates write are read by a scan of the markup ([`scan_page`], about
/// twenty times faster); any other page by the HTML5 parser.
pub fn read_page(html: &str) -> PageText {
    scan_page(html).unwrap_or_else(|| parse_page(html))
}

/// Reads `html` with the HTML5 tree builder, scripting on as in a browser
/// that runs the page's scripts.
pub fn parse_page(html: &str) -> PageText {
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

/// Reads `html` by scanning its markup, without building a tree; `None`
/// when the page holds anything whose text the HTML5 tree builder could
/// move, drop or read otherwise (tables, templates, `<pre>`, raw-text
/// elements but script and style, unknown character references, a carriage
/// return, text or body content before `<body>`...): the parser reads it.
pub fn scan_page(html: &str) -> Option<PageText> {
    let b = html.as_bytes();
    if memchr::memchr2(b'\r', 0, b).is_some() {
        return None;
    }
    let mut page = PageText {
        text: String::with_capacity(html.len() / 2),
        marks: Vec::new(),
    };
    let mut i = 0;
    let mut in_body = false;
    // The evidence ids of the open marks; `None` for a mark without one.
    let mut marks: Vec<Option<String>> = Vec::new();
    while i < b.len() {
        let Some(lt) = memchr::memchr2(b'<', b'&', &b[i..]).map(|j| i + j) else {
            text(&mut page, in_body, &html[i..])?;
            break;
        };
        text(&mut page, in_body, &html[i..lt])?;
        i = lt;
        if b[i] == b'&' {
            let (decoded, len) = reference(&html[i..])?;
            if in_body {
                page.text.push(decoded);
            } else if !decoded.is_ascii_whitespace() {
                return None;
            }
            i += len;
            continue;
        }
        let rest = &b[i + 1..];
        match rest.first() {
            Some(b'!') if rest.starts_with(b"!--") => {
                if rest.starts_with(b"!-->") || rest.starts_with(b"!--->") {
                    return None;
                }
                let end = memmem::find(&rest[3..], b"-->")?;
                if memmem::find(&rest[3..3 + end + 1], b"--!>").is_some() {
                    return None; // `--!>` ends a comment too
                }
                i += 1 + 3 + end + 3;
            }
            Some(b'!' | b'?') => i += 1 + memchr::memchr(b'>', rest)? + 1,
            // `</>` and `</` before anything but a letter: no tag, no text either.
            Some(b'/') if !rest.get(1).is_some_and(u8::is_ascii_alphabetic) => return None,
            Some(b'/') if rest.get(1).is_some_and(u8::is_ascii_alphabetic) => {
                let (name, len) = tag(&html[i + 2..])?;
                if !marks.is_empty() && !INLINE.contains(&name.as_ref()) {
                    return None; // it would close the mark early
                }
                if name == "mark"
                    && let Some(id) = marks.pop()?
                {
                    let end = page.text.len();
                    if let Some((_, r)) = page.marks.iter_mut().rev().find(|(m, _)| *m == id) {
                        r.end = end;
                    }
                }
                i += 2 + len;
            }
            Some(c) if c.is_ascii_alphabetic() => {
                let (name, len) = tag(&html[i + 1..])?;
                let attrs = &html[i + 1..i + 1 + len];
                i += 1 + len;
                match name.as_ref() {
                    "body" if !in_body => in_body = true,
                    "html" | "head" | "meta" | "link" | "base" if !in_body => {}
                    "title" if !in_body => i = raw_text_end(b, i, "title")?.1,
                    "script" | "style" => {
                        let (at, after) = raw_text_end(b, i, name.as_ref())?;
                        let content = &html[i..at];
                        if content.contains("<!--") {
                            return None;
                        }
                        if in_body {
                            text(&mut page, true, content)?;
                        }
                        i = after;
                    }
                    _ if !marks.is_empty() && !INLINE.contains(&name.as_ref()) => return None,
                    _ if !in_body => return None,
                    "mark" => {
                        let id = data_ev(attrs)?;
                        if let Some(id) = &id {
                            let start = page.text.len();
                            if !page.marks.iter().any(|(m, _)| m == id) {
                                page.marks.push((id.clone(), start..start));
                            }
                        }
                        marks.push(id);
                    }
                    "body" | "html" | "head" | "table" | "caption" | "colgroup" | "col"
                    | "tbody" | "thead" | "tfoot" | "tr" | "td" | "th" | "template" | "select"
                    | "option" | "optgroup" | "pre" | "listing" | "textarea" | "plaintext"
                    | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" | "math" | "svg"
                    | "frameset" | "frame" | "title" | "image" => return None,
                    _ => {}
                }
            }
            _ => {
                // A `<` that opens no tag is text.
                text(&mut page, in_body, "<")?;
                i += 1;
            }
        }
    }
    // A mark still open at the end closes there for the parser: rare enough to leave to it.
    (in_body && marks.is_empty()).then_some(page)
}

/// Text of the page: kept in the body; before it, only white space (which
/// the parser puts outside the body) may stand.
fn text(page: &mut PageText, in_body: bool, s: &str) -> Option<()> {
    if in_body {
        page.text.push_str(s); // NUL, which the parser drops, was ruled out at the start
    } else if !s.bytes().all(|c| c.is_ascii_whitespace()) {
        return None;
    }
    Some(())
}

/// A tag after its `<` or `</`: its lowercased name and its length up to and
/// including the `>`, quoted attribute values skipped.
fn tag(s: &str) -> Option<(std::borrow::Cow<'_, str>, usize)> {
    let b = s.as_bytes();
    let name_end = b
        .iter()
        .position(|c| c.is_ascii_whitespace() || *c == b'/' || *c == b'>')?;
    let name = &s[..name_end];
    let name = if name.bytes().any(|c| c.is_ascii_uppercase()) {
        std::borrow::Cow::Owned(name.to_ascii_lowercase())
    } else {
        std::borrow::Cow::Borrowed(name)
    };
    let mut i = name_end;
    while i < b.len() {
        match b[i] {
            b'>' => return Some((name, i + 1)),
            q @ (b'"' | b'\'') => {
                // Only a value (after `=`) is quoted; a quote elsewhere is an error.
                let before = b[..i].iter().rev().find(|c| !c.is_ascii_whitespace());
                if before != Some(&b'=') {
                    return None;
                }
                i += 1 + memchr::memchr(q, &b[i + 1..])? + 1;
            }
            b'<' | b'`' => return None,
            _ => i += 1,
        }
    }
    None
}

/// The `data-ev` value of a mark's attributes (`Some(None)` without one);
/// `None` when it cannot be read simply.
fn data_ev(attrs: &str) -> Option<Option<String>> {
    // How often `data-ev` occurs in any case: once, as attest writes it, or not at all.
    let named = attrs
        .as_bytes()
        .windows(7)
        .filter(|w| w.eq_ignore_ascii_case(b"data-ev"))
        .count();
    let Some(at) = memmem::find(attrs.as_bytes(), b" data-ev=\"") else {
        return (named == 0).then_some(None);
    };
    let value = &attrs[at + " data-ev=\"".len()..];
    let value = &value[..memchr::memchr(b'"', value.as_bytes())?];
    if value.contains('&') || named > 1 {
        return None;
    }
    Some(Some(value.to_string()))
}

/// The elements that may open inside a mark without the parser closing
/// and reopening it elsewhere.
const INLINE: &[&str] = &[
    "mark", "a", "span", "em", "strong", "b", "i", "u", "s", "q", "cite", "code", "abbr", "time",
    "small", "sub", "sup", "br", "wbr", "img",
];

/// Where the raw text of element `name` that starts at `from` ends: where
/// its end tag starts, and after it. `None` for an end tag with anything
/// before its `>`.
fn raw_text_end(b: &[u8], from: usize, name: &str) -> Option<(usize, usize)> {
    let mut i = from;
    loop {
        let at = i + memmem::find(&b[i..], b"</")?;
        let candidate = b.get(at + 2..at + 2 + name.len())?;
        if candidate.eq_ignore_ascii_case(name.as_bytes()) {
            return match b.get(at + 2 + name.len()) {
                Some(b'>') => Some((at, at + 2 + name.len() + 1)),
                Some(c) if c.is_ascii_whitespace() || *c == b'/' => None,
                _ => {
                    i = at + 2;
                    continue;
                }
            };
        }
        i = at + 2;
    }
}

/// A character reference at the start of `s` (which starts with `&`): the
/// character and the reference's length. A lone `&` is itself; a reference
/// other than the few attest's escaping and templates write is `None`.
fn reference(s: &str) -> Option<(char, usize)> {
    let b = s.as_bytes();
    match b.get(1) {
        Some(c) if c.is_ascii_alphanumeric() || *c == b'#' => {}
        _ => return Some(('&', 1)),
    }
    for (name, c) in [
        ("&amp;", '&'),
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&quot;", '"'),
        ("&apos;", '\''),
        ("&nbsp;", '\u{a0}'),
    ] {
        if s.starts_with(name) {
            return Some((c, name.len()));
        }
    }
    let (digits, radix, skip) = match (b.get(1), b.get(2)) {
        (Some(b'#'), Some(b'x' | b'X')) => (&s[3..], 16, 3),
        (Some(b'#'), _) => (&s[2..], 10, 2),
        _ => return None,
    };
    let len = digits.bytes().take_while(|c| c.is_ascii_hexdigit()).count();
    if len == 0 || len > 6 || digits.as_bytes().get(len) != Some(&b';') {
        return None;
    }
    let n = u32::from_str_radix(&digits[..len], radix).ok()?;
    // Only characters the parser keeps as they are: no controls, C1 remaps,
    // surrogates or noncharacters.
    let plain = matches!(n, 0x9 | 0xA | 0x20..=0x7E | 0xA0..=0xFDCF | 0xFDF0..=0x10FFFF)
        && n & 0xFFFE != 0xFFFE;
    let c = char::from_u32(n).filter(|_| plain)?;
    Some((c, skip + len + 1))
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

/// The anchors of the passages `ranges` of `text`, in their order; the
/// code points before each are counted once for all.
pub fn anchors(text: &str, ranges: &[Range<usize>]) -> Vec<Anchor> {
    let mut by_start: Vec<usize> = (0..ranges.len()).collect();
    by_start.sort_by_key(|&i| ranges[i].start);
    let mut starts = vec![0; ranges.len()];
    let (mut byte, mut chars) = (0, 0);
    for i in by_start {
        let start = ranges[i].start;
        chars += text[byte..start].chars().count();
        byte = start;
        starts[i] = chars;
    }
    ranges
        .iter()
        .zip(starts)
        .map(|(r, start)| {
            let (before, after) = unique_context(text, r.clone());
            Anchor {
                exact: text[r.clone()].to_string(),
                prefix: text[before..r.start].to_string(),
                suffix: text[r.end..after].to_string(),
                start,
                end: start + text[r.clone()].chars().count(),
            }
        })
        .collect()
}

/// The anchor of the passage `range` (bytes, on character boundaries) of
/// `text`: the shortest prefix and suffix that make it the only place where
/// prefix, passage and suffix follow each other (overlapping places count,
/// as clients search them), and its position in code points.
pub fn anchor(text: &str, range: Range<usize>) -> Anchor {
    anchors(text, std::slice::from_ref(&range)).remove(0)
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
    fn positions_of_many_passages_in_any_order() {
        let t = "é one — é two — é three";
        let ranges: Vec<Range<usize>> = ["three", "one", "two"]
            .iter()
            .map(|w| t.find(w).unwrap()..t.find(w).unwrap() + w.len())
            .collect();
        for (a, r) in anchors(t, &ranges).iter().zip(&ranges) {
            assert_eq!(a.start, t[..r.start].chars().count());
            assert_eq!(a.end, t[..r.end].chars().count());
        }
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

    /// The scan reads a page as the parser does, or leaves it to the parser.
    fn same_as_parser(html: &str) -> bool {
        match scan_page(html) {
            Some(scanned) => {
                assert_eq!(scanned, parse_page(html), "{html:?}");
                true
            }
            None => false,
        }
    }

    #[test]
    fn the_scan_reads_plain_pages_as_the_parser_does() {
        for html in [
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>A &amp; B</title>\n<style>p { color: red }</style>\n</head>\n<body>\n<p class=\"x\" title='it&#39;s'>a &lt;b&gt; &quot;c&quot; &#x27;d&#39; &nbsp;e & f</p>\n<!-- note --><p>caf\u{e9} <mark class=\"ev\" id=\"ev-a-1\" data-ev=\"ev-a-1\">g <mark data-ev=\"ev-b-2\">h</mark></mark><mark data-ev=\"ev-b-2\"> i</mark></p>\n<script>var x = \"</p>\";</script>\n</body>\n</html>\n",
            "<body><p>a < b</p><br/><img alt=\"x > y\"></body>",
            "<html><body>x</body></html>  trailing\n",
        ] {
            assert!(same_as_parser(html), "not scanned: {html:?}");
        }
    }

    #[test]
    fn the_scan_leaves_tricky_pages_to_the_parser() {
        for html in [
            "<body><table><tr><td>a</td></tr>b</table></body>",
            "<body><pre>\nx</pre></body>",
            "<body><p>&notin; &copy</p></body>",
            "<p>before body</p><body>x</body>",
            "<body>a\r\nb</body>",
            "<body><template>x</template></body>",
            "<body><noscript>x</noscript></body>",
            "<body><mark data-ev=\"a\">x<div>y</div></mark></body>",
            "<body><script><!-- x --></script></body>",
        ] {
            assert!(!same_as_parser(html), "scanned: {html:?}");
        }
    }

    proptest::proptest! {
        /// Pages built from pieces of markup, mostly plain, some tricky:
        /// whenever the scan reads one, it reads it as the parser does.
        #[test]
        fn the_scan_never_disagrees_with_the_parser(pieces in proptest::collection::vec(piece(), 0..40)) {
            let mut html = String::from("<!DOCTYPE html><html><head><title>t</title></head>\n<body>\n");
            for p in pieces {
                html.push_str(p);
            }
            same_as_parser(&html);
        }
    }

    fn piece() -> impl proptest::strategy::Strategy<Value = &'static str> {
        use proptest::prelude::*;
        prop_oneof![
            12 => proptest::sample::select(PLAIN),
            1 => proptest::sample::select(TRICKY),
        ]
    }

    const PLAIN: &[&str] = &[
        "text ",
        "\n  ",
        "&amp;",
        "&lt;",
        "&#39;",
        "&#x27;",
        "&nbsp;",
        "& ",
        "<p>",
        "</p>",
        "<div class=\"block\">",
        "</div>",
        "<h3>",
        "</h3>",
        "<ul>",
        "<li>",
        "</li>",
        "</ul>",
        "<a href=\"#x\">",
        "</a>",
        "<mark class=\"ev\" id=\"ev-a-1\" data-ev=\"ev-a-1\">",
        "<mark data-ev=\"ev-b-2\">",
        "<mark>",
        "</mark>",
        "<span>",
        "</span>",
        "<br>",
        "<!-- c -->",
        "<script>s()</script>",
        "<style>x{}</style>",
        "</body>",
        "</html>",
        "<b>",
        "</b>",
        "<i>",
        "</p></p>",
        "<q>",
        "</q>",
        "<",
        ">",
        "\"",
        "'",
        "<blockquote>",
        "</blockquote>",
        "<dl>",
        "<dt>",
        "<dd>",
        "<section>",
        "</section>",
        "caf\u{e9} ",
    ];

    const TRICKY: &[&str] = &[
        "</>",
        "</ x>",
        "<!-- a --!> b -->",
        "<!-->",
        "&copy;",
        "&#0;",
        "&#128;",
        "<table>",
        "<td>",
        "</table>",
        "<pre>",
        "\r",
        "<body>",
        "<textarea>",
        "<select>",
        "<option>",
        "<noscript>",
        "<template>",
        "</template>",
        "<svg>",
    ];

    #[test]
    fn noscript_is_text_as_in_a_browser_that_runs_scripts() {
        let page = parse_page("<body><noscript><p>x</p></noscript></body>");
        assert_eq!(page.text, "<p>x</p>");
    }
}
