//! Resolve: every evidence quote of every claim becomes a span of its
//! article's seed text, or a located error that says what to write instead.

pub mod matcher;
pub mod sentence;
pub mod similar;

use std::ops::Range;
use std::sync::OnceLock;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics, valid_values_help};
use crate::ingest::{Block, BlockKind};
use crate::load::{ClaimFront, Parsed, QuoteFront};
use matcher::{ArticleText, Match, Quote};

/// Quotes with fewer words than this may match by chance.
pub const SHORT_QUOTE_WORDS: usize = 4;

/// Where one evidence quote was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    /// Index of the article in the site's (slug-sorted) articles.
    pub article: usize,
    /// Byte range in the seed's text.
    pub orig: Range<usize>,
    /// The same range in characters (Unicode code points), for exports.
    pub chars: Range<usize>,
    /// Indices into the article's blocks of the first and last block touched.
    pub first_block: usize,
    pub last_block: usize,
    /// The sentence(s) around the quote as the seed has them, from byte
    /// `sentence_start` of its text: kept, so that the pages and lints
    /// showing a quote need not read its seed again.
    pub sentence: Box<str>,
    pub sentence_start: usize,
}

impl Span {
    /// The quoted words as the seed has them (`text[orig]`).
    pub fn exact(&self) -> &str {
        self.sentence_words(&self.orig).unwrap_or_default()
    }

    /// The words of `range` (bytes of the seed's text) if the sentence holds them.
    fn sentence_words(&self, range: &Range<usize>) -> Option<&str> {
        let at = self.sentence_start;
        (range.start >= at)
            .then(|| {
                self.sentence
                    .get(range.start - at..range.end.checked_sub(at)?)
            })
            .flatten()
    }

    /// The seed's words at `range` (bytes of its text): from the sentence
    /// when it holds them (a figure read from the quote), else from the seed.
    pub fn words(&self, range: &Range<usize>, text: &crate::load::SeedText) -> String {
        match self.sentence_words(range) {
            Some(w) => w.to_string(),
            None => text
                .get()
                .get(range.clone())
                .unwrap_or_default()
                .to_string(),
        }
    }
}

/// What resolving needs of an article: its slug, seed text and blocks.
/// Both the ingested articles of a build and the model's articles (kept by
/// `attest serve` between rebuilds) give these.
#[derive(Clone, Copy, Debug)]
pub struct ArticleRef<'a> {
    pub slug: &'a str,
    pub text: &'a crate::load::SeedText,
    pub blocks: &'a [Block],
}

/// The spans of a claim's `[[evidence]]` and `[[not_evidence]]` entries, in
/// file order; `None` where a quote did not resolve (and an error says why).
#[derive(Clone, Debug, Default)]
pub struct ClaimSpans {
    pub evidence: Vec<Option<Span>>,
    pub not_evidence: Vec<Option<Span>>,
}

/// Which list of a claim file an entry is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum List {
    Evidence,
    NotEvidence,
}

/// The quote entries of a claim, evidence first, each with its list and
/// position.
fn entries(claim: &ClaimFront) -> impl Iterator<Item = (List, usize, QuoteFront<'_>)> {
    let evidence = claim
        .evidence
        .iter()
        .enumerate()
        .map(|(i, e)| (List::Evidence, i, e.quote_front()));
    let settled = claim
        .not_evidence
        .iter()
        .enumerate()
        .map(|(i, e)| (List::NotEvidence, i, e.quote_front()));
    evidence.chain(settled)
}

fn entry(claim: &ClaimFront, list: List, i: usize) -> QuoteFront<'_> {
    match list {
        List::Evidence => claim.evidence[i].quote_front(),
        List::NotEvidence => claim.not_evidence[i].quote_front(),
    }
}

/// Articles' normalised texts, built when first asked for: only the error
/// path ("the quote is found in article ...") needs other articles' texts.
pub struct LazyTexts<'a> {
    articles: &'a [ArticleRef<'a>],
    cache: Vec<OnceLock<ArticleText>>,
}

impl<'a> LazyTexts<'a> {
    pub fn new(articles: &'a [ArticleRef<'a>]) -> Self {
        LazyTexts {
            articles,
            cache: articles.iter().map(|_| OnceLock::new()).collect(),
        }
    }

    pub fn get(&self, i: usize) -> &ArticleText {
        self.cache[i].get_or_init(|| {
            let a = &self.articles[i];
            ArticleText::new(&a.text.get(), a.blocks)
        })
    }
}

/// Resolves the evidence (and not-evidence) quotes of every claim against
/// the articles. A quote that cites a `skipped` article (one whose seed
/// could not be read) is left unresolved without an error: the seed's
/// error says why.
///
/// Work goes article by article: each article is normalised once, all the
/// quotes that cite it are matched, and its normalised text is dropped.
pub fn resolve(
    claims: &[Parsed<ClaimFront>],
    articles: &[ArticleRef<'_>],
    skipped: &[&str],
    diags: &mut Diagnostics,
) -> Vec<ClaimSpans> {
    let mut spans: Vec<ClaimSpans> = claims
        .iter()
        .map(|c| ClaimSpans {
            evidence: vec![None; c.front.evidence.len()],
            not_evidence: vec![None; c.front.not_evidence.len()],
        })
        .collect();
    let mut by_article: Vec<Vec<(usize, List, usize)>> = vec![Vec::new(); articles.len()];
    for (ci, c) in claims.iter().enumerate() {
        for (list, i, q) in entries(&c.front) {
            let slug = q.article.get_ref();
            match articles.binary_search_by(|a| a.slug.cmp(slug)) {
                Ok(ai) => by_article[ai].push((ci, list, i)),
                Err(_) if skipped.contains(&slug.as_str()) => {}
                Err(_) => {
                    let slugs: Vec<&str> = articles.iter().map(|a| a.slug).collect();
                    diags.push(
                        Diagnostic::error("unknown-article", format!("no article `{slug}`"))
                            .at(&c.doc.file, c.doc.span(q.article.span()))
                            .label("not an article slug")
                            .help(valid_values_help(slug, &slugs)),
                    );
                }
            }
        }
    }
    let others = LazyTexts::new(articles);
    type Resolved = (usize, List, usize, Option<Span>, Vec<Diagnostic>);
    let results: Vec<Vec<Resolved>> = by_article
        .par_iter()
        .enumerate()
        .filter(|(_, jobs)| !jobs.is_empty())
        .map(|(ai, jobs)| {
            let a = &articles[ai];
            // Held while its quotes are matched: the messages read it again.
            let full = a.text.get();
            let text = ArticleText::new(&full, a.blocks);
            let mut resolved: Vec<Resolved> = jobs
                .iter()
                .map(|&(ci, list, i)| {
                    let claim = &claims[ci];
                    let mut out = Vec::new();
                    let q = entry(&claim.front, list, i);
                    let span = resolve_one(claim, q, ai, &text, articles, &others, &mut out);
                    (ci, list, i, span, out)
                })
                .collect();
            count_chars(&full, &mut resolved);
            for (_, _, _, span, _) in &mut resolved {
                if let Some(s) = span {
                    let blocks = visible_ranges(&a.blocks[s.first_block..=s.last_block]);
                    let around = sentence::window(&full, &blocks, s.orig.clone());
                    s.sentence = full[around.clone()].into();
                    s.sentence_start = around.start;
                }
            }
            resolved
        })
        .collect();
    for (ci, list, i, span, out) in results.into_iter().flatten() {
        match list {
            List::Evidence => spans[ci].evidence[i] = span,
            List::NotEvidence => spans[ci].not_evidence[i] = span,
        }
        out.into_iter().for_each(|d| diags.push(d));
    }
    spans
}

/// The ranges of the blocks a reader sees (furniture is hidden).
pub fn visible_ranges(blocks: &[Block]) -> Vec<Range<usize>> {
    blocks
        .iter()
        .filter(|b| b.kind != BlockKind::Furniture)
        .map(|b| b.range.clone())
        .collect()
}

/// Fills in the character offsets of the spans of one article, counting
/// the text once, from one span boundary to the next.
#[allow(clippy::type_complexity)]
fn count_chars(text: &str, resolved: &mut [(usize, List, usize, Option<Span>, Vec<Diagnostic>)]) {
    let mut bounds: Vec<(usize, usize, bool)> = Vec::new();
    for (i, (_, _, _, span, _)) in resolved.iter().enumerate() {
        if let Some(s) = span {
            bounds.push((s.orig.start, i, false));
            bounds.push((s.orig.end, i, true));
        }
    }
    bounds.sort_unstable();
    let (mut byte, mut chars) = (0, 0);
    for (at, i, is_end) in bounds {
        chars += text[byte..at].chars().count();
        byte = at;
        if let Some(s) = &mut resolved[i].3 {
            if is_end {
                s.chars.end = chars;
            } else {
                s.chars.start = chars;
            }
        }
    }
}

fn resolve_one(
    claim: &Parsed<ClaimFront>,
    ev: QuoteFront<'_>,
    ai: usize,
    text: &ArticleText,
    articles: &[ArticleRef<'_>],
    others: &LazyTexts<'_>,
    out: &mut Vec<Diagnostic>,
) -> Option<Span> {
    let file = &claim.doc.file;
    let quote_span = claim.doc.span(ev.quote.span());
    let quote = Quote::new(
        ev.quote.get_ref(),
        ev.prefix.map(|p| p.get_ref().as_str()),
        ev.suffix.map(|s| s.get_ref().as_str()),
    );
    if quote.is_empty() {
        out.push(
            Diagnostic::error("empty-quote", "the quote is empty")
                .at(file, quote_span)
                .help("copy the words of the passage from the article, as they stand"),
        );
        return None;
    }
    let article = &articles[ai];
    let all = matcher::find_all(text, &quote);
    if all.len() >= matcher::MAX_MATCHES {
        // Not all places were looked at: no prefix can be trusted to pick one.
        out.push(ambiguous(claim, ev, article, text, &all));
        return None;
    }
    let picked = matcher::filter_context(text, &quote, &all);
    match picked.as_slice() {
        [m] => {
            if quote.anchor_words() < SHORT_QUOTE_WORDS {
                out.push(
                    Diagnostic::warning("short-quote", match quote.anchor_words() {
                        1 => "a quote of 1 word could match by chance".to_string(),
                        n => format!("a quote of {n} words could match by chance"),
                    })
                        .at(file, quote_span)
                        .label("very short quote")
                        .help(format!("quote at least {SHORT_QUOTE_WORDS} words, so the link stays right when the article is re-collected")),
                );
            }
            let first = text.blocks[text.block_at(m.norm.start)].0;
            let last = text.blocks[text.block_at(m.norm.end - 1)].0;
            Some(Span {
                article: ai,
                orig: m.orig.clone(),
                chars: 0..0,
                first_block: first,
                last_block: last,
                sentence: Box::default(),
                sentence_start: m.orig.start,
            })
        }
        [] if all.is_empty() => {
            out.push(not_found(claim, ev, &quote, ai, text, articles, others));
            None
        }
        [] => {
            out.push(context_picks_none(claim, ev, &quote, article, text, &all));
            None
        }
        many => {
            out.push(ambiguous(claim, ev, article, text, many));
            None
        }
    }
}

fn block_label(article: &ArticleRef<'_>, block: &Block) -> String {
    block.label(article.text)
}

/// The longest excerpt shown in a message, in characters.
const EXCERPT_CHARS: usize = 300;

/// The text of `range` for a message: white space made single spaces, its
/// first 20 and last 12 words if it is longer than 40, and at most
/// [`EXCERPT_CHARS`] characters whatever the word lengths. Only its ends
/// are read, however long the range.
fn excerpt(article: &ArticleRef<'_>, range: Range<usize>) -> String {
    let full = article.text.get();
    let text = &full[range];
    // 40 words of any sane length fit in 4 KB; beyond that only the ends are shown.
    let (head, tail) = if text.len() > 4096 {
        (
            cut_at(text, 2048, false),
            cut_at(text, text.len() - 1024, true),
        )
    } else {
        (text, "")
    };
    let mut words: Vec<&str> = head.split_whitespace().collect();
    let long = !tail.is_empty() || words.len() > 40;
    let shown = if long {
        let mut last: Vec<&str> = tail.split_whitespace().collect();
        if tail.is_empty() {
            last = words.split_off(words.len() - 12);
        }
        words.truncate(20);
        let last = &last[last.len().saturating_sub(12)..];
        format!("{} … {}", words.join(" "), last.join(" "))
    } else {
        words.join(" ")
    };
    match shown.char_indices().nth(EXCERPT_CHARS) {
        Some((i, _)) => format!("{} …", &shown[..i]),
        None => shown,
    }
}

/// `text` cut at byte `at`, moved to a character boundary: what comes
/// before it, or (`after`) what comes after it.
fn cut_at(text: &str, mut at: usize, after: bool) -> &str {
    while !text.is_char_boundary(at) {
        at += 1;
    }
    if after { &text[at..] } else { &text[..at] }
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn not_found(
    claim: &Parsed<ClaimFront>,
    ev: QuoteFront<'_>,
    quote: &Quote,
    ai: usize,
    text: &ArticleText,
    articles: &[ArticleRef<'_>],
    others: &LazyTexts<'_>,
) -> Diagnostic {
    let article = &articles[ai];
    let mut d = Diagnostic::error(
        "quote-not-found",
        format!("quote not found in article `{}`", article.slug),
    )
    .at(&claim.doc.file, claim.doc.span(ev.quote.span()))
    .label(format!("not in the text of `{}`", article.slug));
    if let Some(best) = similar::closest(text, quote, 1).first() {
        let block = &article.blocks[text.blocks[best.block].0];
        let orig = text.norm.to_original(best.norm.clone());
        d = d.note(format!(
            "closest passage: {} ({}% similar): “{}”",
            block_label(article, block),
            (best.similarity * 100.0).floor() as i64,
            excerpt(article, orig)
        ));
    }
    if !matcher::find_unchecked(text, quote).is_empty() {
        d = d.note("the quote starts or ends inside one character of the article that stands for several (a ligature such as “ﬁ”, or “…” for three dots); quote that character whole");
    }
    if let Some(hidden) = in_furniture(article, quote) {
        d = d.note(format!(
            "the quote is on line {} of the seed, which is hidden as furniture ({})",
            hidden.line,
            hidden.hidden_because.unwrap_or("page furniture")
        ));
    }
    if quote.has_gap() {
        d = d.note("a ` ... ` gap stands for text within one paragraph; quote each paragraph as its own evidence, or the whole passage without a gap");
    }
    let found_in: Vec<String> = (0..articles.len())
        .into_par_iter()
        .filter(|&i| i != ai)
        .map(|i| (&articles[i], others.get(i)))
        .filter_map(|(a, t)| {
            let m = matcher::find_all(t, quote);
            let first = m.first()?;
            let block = &a.blocks[t.blocks[t.block_at(first.norm.start)].0];
            Some(format!("`{}` ({})", a.slug, block_label(a, block)))
        })
        .collect();
    if let Some(first) = found_in.first() {
        let slug = first.split('`').nth(1).unwrap_or_default();
        d = d.help(format!(
            "the quote is found in article {}; did you mean article = {}?",
            found_in.join(", "),
            toml_string(slug)
        ));
    } else {
        let raw = ev.quote.get_ref().trim();
        if raw.starts_with("...")
            || raw.starts_with('…')
            || raw.ends_with("...")
            || raw.ends_with('…')
        {
            d = d.help("an ellipsis only stands for a gap between words (` ... ` with a space on each side); drop it at the start or end of a quote");
        } else {
            d = d.help("copy the words as they stand in the article page; quotes, dashes, spaces and case may differ, nothing else");
        }
    }
    d
}

fn in_furniture<'a>(article: &ArticleRef<'a>, quote: &Quote) -> Option<&'a Block> {
    let first = quote.segments.first()?;
    let text = article.text.get();
    article.blocks.iter().find(|b| {
        b.kind == BlockKind::Furniture
            && crate::text::normalize(&text[b.range.clone()]).contains(first.as_str())
    })
}

/// Matches listed one by one in a message; the rest are counted.
const LISTED_MATCHES: usize = 10;

fn describe_matches(
    article: &ArticleRef<'_>,
    text: &ArticleText,
    matches: &[Match],
) -> Vec<String> {
    let prefixes =
        matcher::distinguishing_prefixes(text, &article.text.get(), matches, LISTED_MATCHES);
    let mut lines: Vec<String> = matches
        .iter()
        .zip(prefixes)
        .map(|(m, prefix)| {
            let block = &article.blocks[text.blocks[text.block_at(m.norm.start)].0];
            let context = excerpt(article, context_start(text, m)..m.orig.end);
            match prefix {
                Some(p) => format!(
                    "{}: “{}”; to pick it, add prefix = {}",
                    block_label(article, block),
                    context,
                    toml_string(&p)
                ),
                None => format!("{}: “{}”", block_label(article, block), context),
            }
        })
        .collect();
    if matches.len() > LISTED_MATCHES {
        let more = if matches.len() >= matcher::MAX_MATCHES {
            format!(
                "and at least {} other places",
                matches.len() - LISTED_MATCHES
            )
        } else {
            format!("and {} other places", matches.len() - LISTED_MATCHES)
        };
        lines.push(more);
    }
    lines
}

/// Where to start showing a match: up to eight words before it, in its block.
fn context_start(text: &ArticleText, m: &Match) -> usize {
    let block_start = text.blocks[text.block_at(m.norm.start)].1.start;
    let before = &text.norm.text[block_start..m.norm.start];
    let mut start = m.norm.start;
    let mut spaces = 0;
    for (i, _) in before.trim_end().rmatch_indices(' ').take(8) {
        start = block_start + i + 1;
        spaces += 1;
    }
    if spaces < 8 {
        start = block_start;
    }
    text.norm.to_original(start..start).start
}

fn ambiguous(
    claim: &Parsed<ClaimFront>,
    ev: QuoteFront<'_>,
    article: &ArticleRef<'_>,
    text: &ArticleText,
    matches: &[Match],
) -> Diagnostic {
    let places = if matches.len() >= matcher::MAX_MATCHES {
        format!("at least {}", matcher::MAX_MATCHES)
    } else {
        matches.len().to_string()
    };
    let mut d = Diagnostic::error(
        "ambiguous-quote",
        format!(
            "quote matches {places} places in article `{}`",
            article.slug
        ),
    )
    .at(&claim.doc.file, claim.doc.span(ev.quote.span()))
    .label("matches more than once");
    for line in describe_matches(article, text, matches) {
        d = d.note(line);
    }
    if matches.len() >= matcher::MAX_MATCHES {
        return d.help(format!(
            "a quote found {} times or more cannot be told apart by a prefix or suffix: quote a longer passage",
            matcher::MAX_MATCHES
        ));
    }
    d.help("add a `prefix` (text just before the quote) or a `suffix` (text just after it) that picks one, or quote a longer passage")
}

fn context_picks_none(
    claim: &Parsed<ClaimFront>,
    ev: QuoteFront<'_>,
    quote: &Quote,
    article: &ArticleRef<'_>,
    text: &ArticleText,
    all: &[Match],
) -> Diagnostic {
    let (what, span) = match (ev.prefix, ev.suffix) {
        (Some(p), _) if quote.prefix.is_some() => ("prefix", p.span()),
        (_, Some(s)) => ("suffix", s.span()),
        _ => ("quote", ev.quote.span()),
    };
    let mut d = Diagnostic::error(
        "context-not-found",
        format!(
            "the {what} fits {} the quote matches in `{}`",
            if all.len() == 1 {
                "not the one place".to_string()
            } else {
                format!("none of the {} places", all.len())
            },
            article.slug
        ),
    )
    .at(&claim.doc.file, claim.doc.span(span))
    .label(format!("no match has this {what} next to it"));
    for line in describe_matches(article, text, all) {
        d = d.note(line);
    }
    d.help(format!(
        "a {what} must stand immediately next to the quote in the article text"
    ))
}
