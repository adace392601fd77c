//! Web pages: a saved page becomes blocks of its visible text, the main
//! text told from the page's furniture.
//!
//! The page is parsed as a browser parses it (html5ever) and walked once:
//! every block-level element, line break and table cell starts a new block,
//! white space collapses as a browser renders it, and nothing that a browser
//! would not show (scripts, styles, templates, hidden elements, form
//! controls, embedded frames and objects) gives text. The main text is the
//! part that a Readability port keeps ([`dom_smoothie`]), corrected by the
//! page's own markup (navigation, footers, comments, share and cookie
//! bars are furniture; headlines, bylines and captions are kept).

use dom_query::{Document, NodeData, NodeRef};

use super::classify::classify;
use super::furniture::{EMBED_WORDS, furniture_marker, furniture_reasons, marker_words};
use super::readability::{mark_kept, readability_keys};
use super::{Block, Ingested, Reading, mark_listed_blocks, metadata, number_blocks};

/// Readability gives up on pages with more elements than this (its scoring
/// is not linear); the page is then read with attest's own rules only.
pub(super) const MAX_ELEMENTS_FOR_READABILITY: usize = 60_000;

/// What an element does to the text around it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Display {
    /// Not shown at all (with its content).
    None,
    /// Starts and ends a block.
    Block,
    /// Part of the running text.
    Inline,
    /// `<br>`: ends the line.
    Break,
}

fn display(tag: &str) -> Display {
    match tag {
        "head" | "script" | "style" | "noscript" | "template" | "iframe" | "object" | "embed"
        | "svg" | "math" | "canvas" | "video" | "audio" | "map" | "select" | "datalist"
        | "textarea" | "input" | "title" | "frameset" | "frame" | "noframes" | "applet"
        | "param" | "source" | "track" | "img" | "picture" | "area" | "meta" | "link" | "base"
        | "dialog" | "slot" | "portal" | "fencedframe" => Display::None,
        "br" => Display::Break,
        "address" | "article" | "aside" | "blockquote" | "body" | "button" | "caption"
        | "center" | "dd" | "details" | "dir" | "div" | "dl" | "dt" | "fieldset" | "figcaption"
        | "figure" | "footer" | "form" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "header"
        | "hgroup" | "hr" | "html" | "legend" | "li" | "listing" | "main" | "menu" | "nav"
        | "ol" | "p" | "plaintext" | "pre" | "section" | "summary" | "table" | "tbody" | "td"
        | "tfoot" | "th" | "thead" | "tr" | "ul" | "xmp" | "search" | "optgroup" | "option"
        | "label" => Display::Block,
        _ => Display::Inline,
    }
}

/// What the markup says a block is, gathered from the element and its ancestors.
#[derive(Clone, Copy, Default)]
pub(super) struct Context {
    /// The innermost element marked as furniture (navigation, comments,
    /// ...), an index into the page's markers.
    pub(super) marker: Option<usize>,
    /// Inside an `<h1>`–`<h6>`: its level.
    pub(super) heading: u8,
    pub(super) caption: bool,
    /// Inside a `<figure>`: its text other than the caption is about the picture.
    pub(super) figure: bool,
    /// Marked as a photo credit or a caption's source.
    pub(super) credit: bool,
    pub(super) embed: bool,
    /// Inside a byline, dateline or `<time>`.
    pub(super) byline: bool,
    /// Inside `<pre>`: white space is kept.
    pub(super) pre: bool,
    /// Text set in bold only (`<b>`, `<strong>`).
    pub(super) bold: bool,
    /// Inside a link.
    pub(super) link: bool,
}

/// A block of visible text, before classification.
pub(super) struct Raw {
    pub(super) text: String,
    pub(super) ctx: Context,
    /// Whether every character of the block is set in bold.
    pub(super) all_bold: bool,
    /// Whether every character of the block is marked as a credit.
    pub(super) all_credit: bool,
    /// Bytes of the block's text inside links.
    pub(super) link_bytes: usize,
    /// Bytes of the block's text that the main-content detection kept.
    pub(super) kept: usize,
}

/// An element whose markup says it is furniture.
pub(super) struct Marker {
    pub(super) reason: &'static str,
    /// The marker around it.
    pub(super) parent: Option<usize>,
}

/// A text node of the page, for matching against what Readability kept.
pub(super) struct TextNode {
    pub(super) key: String,
    /// (block index, bytes the node gave that block).
    pub(super) parts: Vec<(usize, usize)>,
}

/// Reads a decoded web page.
pub fn read(html: &str, extra_furniture: &[&str]) -> Reading {
    if crate::load::page::too_deep(html).is_some() {
        // Parsing is quadratic in the nesting depth: such a page gives no
        // text (loading it reports the error first).
        return Reading {
            text: Some(String::new()),
            ..Reading::default()
        };
    }
    let doc = Document::from(html);
    let metadata = metadata::read(&doc);
    let (mut raws, mut nodes, markers, elements) = walk(&doc);
    let kept = if elements <= MAX_ELEMENTS_FOR_READABILITY {
        readability_keys(doc)
    } else {
        None
    };
    match kept {
        Some(keys) => mark_kept(&keys, &mut nodes, &mut raws),
        // Without Readability's verdict, everything not marked as furniture is main text.
        None => raws.iter_mut().for_each(|r| r.kept = r.text.len()),
    }
    let furniture = furniture_reasons(&raws, &markers);
    let kinds = classify(
        &raws,
        &furniture,
        metadata.headline.as_ref().map(|h| h.value.as_str()),
    );
    let mut text = String::new();
    let mut blocks = Vec::with_capacity(raws.len());
    for (i, (raw, (kind, why))) in raws.iter().zip(kinds).enumerate() {
        if i > 0 {
            text.push_str("\n\n");
        }
        let start = text.len();
        text.push_str(&raw.text);
        blocks.push(Block {
            kind,
            line: u32::try_from(2 * i + 1).unwrap_or(u32::MAX),
            range: start..text.len(),
            number: None,
            hidden_because: why,
        });
    }
    let unmatched_furniture = mark_listed_blocks(&text, &mut blocks, extra_furniture);
    number_blocks(&mut blocks);
    Reading {
        text: Some(text),
        ingested: Ingested {
            blocks,
            unmatched_furniture,
        },
        metadata,
    }
}

/// The blocks of visible text in document order, the text nodes they came
/// from, and the number of elements. Iterative: pages may nest deeply.
fn walk(doc: &Document) -> (Vec<Raw>, Vec<TextNode>, Vec<Marker>, usize) {
    let mut markers: Vec<Marker> = Vec::new();
    let mut raws: Vec<Raw> = Vec::new();
    let mut nodes: Vec<TextNode> = Vec::new();
    let mut elements = 0;
    let mut current = Builder::default();
    // Contexts of the open elements; `Exit` pops one.
    let mut contexts: Vec<(Context, Display)> = vec![(Context::default(), Display::Block)];
    enum Step<'a> {
        Enter(NodeRef<'a>),
        Exit,
    }
    let root = doc.root();
    let mut stack: Vec<Step> = vec![Step::Enter(root)];
    while let Some(step) = stack.pop() {
        let node = match step {
            Step::Exit => {
                let (_, d) = contexts.pop().unwrap_or_default_ctx();
                if d == Display::Block {
                    current.flush(&mut raws, top(&contexts));
                }
                continue;
            }
            Step::Enter(n) => n,
        };
        enum Kind {
            Text(String),
            Element(String),
            Container,
            Other,
        }
        let kind = node
            .query(|t| match &t.data {
                NodeData::Text { contents } => Kind::Text(contents.to_string()),
                NodeData::Element(e) => Kind::Element(e.name.local.to_string()),
                NodeData::Document | NodeData::Fragment => Kind::Container,
                _ => Kind::Other,
            })
            .unwrap_or(Kind::Other);
        match kind {
            Kind::Other => {}
            Kind::Text(s) => {
                let mut parts = current.push_text(&s, top(&contexts), &mut raws);
                if !s.trim().is_empty() {
                    parts.retain(|(_, n)| *n > 0);
                    nodes.push(TextNode {
                        key: collapse(&s),
                        parts,
                    });
                }
            }
            Kind::Container => push_children(node, &mut stack, Step::Enter),
            Kind::Element(tag) => {
                elements += 1;
                let d = display(&tag);
                if d == Display::None || is_hidden(&node) {
                    continue;
                }
                if d == Display::Break {
                    current.flush(&mut raws, top(&contexts));
                    continue;
                }
                let parent = top(&contexts);
                let ctx = context_of(&node, &tag, parent, &mut markers);
                if d == Display::Block {
                    current.flush(&mut raws, parent);
                }
                contexts.push((ctx, d));
                stack.push(Step::Exit);
                push_children(node, &mut stack, Step::Enter);
            }
        }
    }
    current.flush(&mut raws, Context::default());
    (raws, nodes, markers, elements)
}

trait PopCtx {
    fn unwrap_or_default_ctx(self) -> (Context, Display);
}

impl PopCtx for Option<(Context, Display)> {
    fn unwrap_or_default_ctx(self) -> (Context, Display) {
        self.unwrap_or((Context::default(), Display::Inline))
    }
}

fn top(contexts: &[(Context, Display)]) -> Context {
    contexts.last().map(|c| c.0).unwrap_or_default()
}

fn push_children<'a, S>(node: NodeRef<'a>, stack: &mut Vec<S>, step: impl Fn(NodeRef<'a>) -> S) {
    let mut child = node.last_child();
    while let Some(c) = child {
        child = c.prev_sibling();
        stack.push(step(c));
    }
}

/// The text of the block being read, white space collapsed as it comes.
#[derive(Default)]
struct Builder {
    text: String,
    /// Bytes set in bold, to tell bold-only lines (sub-headings).
    bold_bytes: usize,
    /// Bytes marked as a credit.
    credit_bytes: usize,
    /// Bytes inside links, to tell lists of links from prose.
    link_bytes: usize,
    /// The context of the block's first text.
    ctx: Option<Context>,
    /// White space seen since the last word: one space before the next.
    pending_space: bool,
}

impl Builder {
    /// Appends a text node; returns (block index, bytes) for each block it went into.
    fn push_text(&mut self, s: &str, ctx: Context, raws: &mut Vec<Raw>) -> Vec<(usize, usize)> {
        let mut gave = Vec::new();
        if ctx.pre {
            // Preformatted text keeps its spaces; each line is a block.
            let mut lines = s.split('\n').peekable();
            while let Some(line) = lines.next() {
                let line = line.strip_suffix('\r').unwrap_or(line);
                let before = self.text.len();
                self.append_raw(line, ctx);
                gave.push((raws.len(), self.text.len() - before));
                if lines.peek().is_some() {
                    self.flush(raws, ctx);
                }
            }
            return gave;
        }
        let before = self.text.len();
        for (i, word) in s.split(is_html_space).enumerate() {
            if i > 0 {
                self.pending_space = true;
            }
            if word.is_empty() {
                continue;
            }
            if self.pending_space && !self.text.is_empty() {
                self.text.push(' ');
                if ctx.bold {
                    self.bold_bytes += 1;
                }
                if ctx.credit {
                    self.credit_bytes += 1;
                }
            }
            self.pending_space = false;
            self.append_raw(word, ctx);
        }
        gave.push((raws.len(), self.text.len() - before));
        gave
    }

    fn append_raw(&mut self, s: &str, ctx: Context) {
        // A soft hyphen shows only where a browser breaks the line there,
        // which attest's text never does: quotes are typed without it.
        let without_shy;
        let s = if s.contains(SOFT_HYPHEN) {
            without_shy = s.replace(SOFT_HYPHEN, "");
            without_shy.as_str()
        } else {
            s
        };
        if s.is_empty() {
            return;
        }
        if self.ctx.is_none() {
            self.ctx = Some(ctx);
        }
        self.text.push_str(s);
        if ctx.bold {
            self.bold_bytes += s.len();
        }
        if ctx.credit {
            self.credit_bytes += s.len();
        }
        if ctx.link {
            self.link_bytes += s.len();
        }
    }

    /// Ends the block, if it has visible text.
    fn flush(&mut self, raws: &mut Vec<Raw>, fallback: Context) {
        let text = std::mem::take(&mut self.text);
        let ctx = self.ctx.take().unwrap_or(fallback);
        let bold = std::mem::take(&mut self.bold_bytes);
        let credit = std::mem::take(&mut self.credit_bytes);
        let link_bytes = std::mem::take(&mut self.link_bytes);
        self.pending_space = false;
        // No-break and other spaces at the ends are not visible either.
        let trimmed = text.trim_matches(char::is_whitespace);
        if trimmed.is_empty() {
            return;
        }
        raws.push(Raw {
            all_bold: bold >= text.len(),
            all_credit: credit >= text.len(),
            link_bytes,
            text: trimmed.to_string(),
            ctx,
            kept: 0,
        });
    }
}

const SOFT_HYPHEN: char = '\u{ad}';

/// HTML's white space (a no-break space is text, not space).
fn is_html_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0C')
}

pub(super) fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split(is_html_space).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// `hidden`, or an inline style that hides the element.
fn is_hidden(node: &NodeRef) -> bool {
    if node.has_attr("hidden") {
        return true;
    }
    node.attr("style").is_some_and(|s| {
        let s: String = s
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        s.contains("display:none") || s.contains("visibility:hidden")
    })
}

/// An inline style that sets the text in bold (`font-weight: bold` or 700 and over).
fn is_bold_style(node: &NodeRef) -> bool {
    node.attr("style").is_some_and(|s| {
        let s = s.to_ascii_lowercase();
        s.split(';').any(|decl| {
            decl.split_once(':').is_some_and(|(k, v)| {
                k.trim() == "font-weight"
                    && matches!(
                        v.trim().trim_end_matches("!important").trim(),
                        "bold" | "bolder" | "700" | "800" | "900"
                    )
            })
        })
    })
}

fn context_of(node: &NodeRef, tag: &str, parent: Context, markers: &mut Vec<Marker>) -> Context {
    let mut ctx = parent;
    let words = marker_words(node);
    let role = node.attr("role").map(|r| r.to_ascii_lowercase());
    let is_embed = (tag == "blockquote" || tag == "div")
        && words.iter().any(|w| EMBED_WORDS.contains(&w.as_str()));
    if let Some(reason) = furniture_marker(tag, role.as_deref(), &words).filter(|_| !is_embed) {
        markers.push(Marker {
            reason,
            parent: parent.marker,
        });
        ctx.marker = Some(markers.len() - 1);
    }
    match tag {
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => ctx.heading = tag.as_bytes()[1] - b'0',
        "figcaption" | "caption" => ctx.caption = true,
        "figure" => ctx.figure = true,
        "pre" | "listing" | "plaintext" | "xmp" => ctx.pre = true,
        "b" | "strong" => ctx.bold = true,
        "a" => ctx.link = true,
        "time" => ctx.byline = true,
        _ => {}
    }
    if is_bold_style(node) {
        ctx.bold = true;
    }
    let has = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
    if has(&["caption", "credit", "credits", "figcaption"]) {
        ctx.caption = true;
    }
    if has(&["credit", "credits", "copyright", "photographer"])
        || (ctx.caption && has(&["source", "quelle"]))
    {
        ctx.credit = true;
    }
    if has(&[
        "byline",
        "author",
        "dateline",
        "date",
        "timestamp",
        "published",
        "pubdate",
    ]) {
        ctx.byline = true;
    }
    if is_embed {
        ctx.embed = true;
    }
    ctx
}
