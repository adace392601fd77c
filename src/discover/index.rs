//! The index discovery builds once per run from the model: every passage
//! (a sentence of a paragraph, caption or embedded post; a headline or
//! heading) with its terms, denials and caveats and figures; which
//! passages hold each rare term; and a sample of every article's word
//! triples for finding copies.
//!
//! BM25 is computed here and in [`super::rank`] rather than with a crate:
//! the crates at hand keep a map per passage and a set per term, far more
//! than the 1.7 million passages of a 10,000-article site can afford, and
//! cannot leave common terms out of the postings.
//!
//! It reads each article's seed text once, as the model gives it (a text
//! seed's is read again from its file when not in memory).

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

use rayon::prelude::*;

use super::passages::{self, CueKind};
use super::postings::Counter;
use super::words::{self, for_each_word};
use crate::ingest::BlockKind;
use crate::load::SeedText;
use crate::model::{Article, Site};
use crate::numbers::{self, Kind};

/// A term's passages are kept only if at most this many passages hold it,
/// or one in [`COMMON_SHARE`] if that is more: a word found everywhere
/// finds nothing, and its list would be most of the index.
const MIN_COMMON: usize = 2000;
const COMMON_SHARE: usize = 50;

/// Articles indexed at a time.
const CHUNK: usize = 256;

/// One triple of words in `SAMPLE` is kept to find copies.
pub const SAMPLE: u64 = 16;

/// A sampled word triple: the high half of its hash (the low half chose
/// it). Half the size of the whole hash: 27 million are kept at 100,000
/// articles; a chance collision only proposes a pair, which is then
/// compared word for word.
pub type Triple = u32;

/// Hashes `u32` keys (already well mixed) and packed terms quickly; the
/// same everywhere, so runs are reproducible.
#[derive(Default, Clone, Copy)]
pub struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.0 = (self.0 ^ u64::from(n)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0 ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

pub type KeyMap<K, V> = HashMap<K, V, BuildHasherDefault<KeyHasher>>;

/// One passage: a sentence of a paragraph, caption or embedded post, or a
/// whole headline or heading. Sixteen bytes: a 100,000-article site has
/// 17 million of them.
#[derive(Clone, Debug)]
pub struct Unit {
    pub article: u32,
    /// Byte range in the seed text.
    pub start: u32,
    pub end: u32,
    /// Words, up to 65,535.
    pub words: u16,
    /// Bit 0: holds a denial; bit 1: a caveat; bit 2: a denial or a caveat
    /// that is not weak (see [`passages::Cue`]).
    pub cues: u8,
}

/// Where a passage's terms are in [`Index::terms`], and its start in
/// characters: kept by the full index only (suggestions need them; the
/// lints do not).
#[derive(Clone, Debug, Default)]
struct Placed {
    char_start: u32,
    terms_at: u32,
    terms_len: u16,
}

impl Placed {
    fn terms(&self) -> Range<usize> {
        let at = self.terms_at as usize;
        at..at + self.terms_len as usize
    }
}

impl Unit {
    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Index of its block among its article's blocks.
    pub fn block(&self, site: &Site) -> usize {
        let blocks = &site.articles[self.article as usize].blocks;
        blocks
            .partition_point(|b| b.range.end <= self.start as usize)
            .min(blocks.len().saturating_sub(1))
    }

    pub fn has_cue(&self, kind: CueKind) -> bool {
        self.cues & cue_bit(kind) != 0
    }

    /// Holds a denial or caveat strong enough to warn about.
    pub fn has_strong_cue(&self) -> bool {
        self.cues & STRONG != 0
    }
}

const STRONG: u8 = 4;

fn cue_bit(kind: CueKind) -> u8 {
    match kind {
        CueKind::Denial => 1,
        CueKind::Caveat => 2,
    }
}

/// A figure stated in a passage.
#[derive(Clone, Debug)]
pub struct FigureAt {
    pub low: f64,
    pub high: f64,
    pub unit: u32,
    pub kind: Kind,
    pub currency: Option<&'static str>,
    /// The keys of the words naming what is counted ("troops"); 0 for none.
    pub unit_keys: [u32; 2],
}

/// The keys of a number's unit words, for comparing what two figures count.
pub fn unit_keys(text: &str, n: &numbers::Number) -> [u32; 2] {
    let mut keys = [0u32; 2];
    if let Some(u) = &n.unit {
        for (slot, t) in keys.iter_mut().zip(words::terms(&text[u.clone()])) {
            *slot = words::key(t);
        }
    }
    keys
}

/// The index: see the module documentation.
#[derive(Default)]
pub struct Index {
    pub units: Vec<Unit>,
    /// Per passage, where its terms are (the full index only).
    placed: Vec<Placed>,
    /// Article `a`'s passages are `units[article_units[a]..article_units[a + 1]]`.
    article_units: Vec<u32>,
    /// The keys of every passage's terms, sorted, a key repeated as often
    /// as the term is. Empty in the lints' index, which reads a passage's
    /// terms again from `texts` when it needs them.
    terms: Vec<u32>,
    /// The lints' index: every article's text, shared with the model.
    texts: Option<Vec<SeedText>>,
    /// How many passages hold each key, and its idf (computed once).
    df: KeyMap<u32, (u32, f64)>,
    /// The passages holding each key that is not common.
    postings: KeyMap<u32, Vec<u32>>,
    avg_len: f64,
    /// Every counted figure (counts, money, percentages) by value.
    pub figures: Vec<FigureAt>,
    /// For each unit word key, the figures (indices into `figures`) that count it.
    pub figures_by_unit: KeyMap<u32, Vec<u32>>,
    /// Per article: the sampled word triples, sorted; dropped once the
    /// copies are found (see [`super::twins::find_copies`]).
    pub samples: Vec<Vec<Triple>>,
    /// The articles mostly contained in another, once found.
    pub copies: Option<Vec<super::twins::PossibleCopy>>,
}

/// What indexing one article gives.
struct Indexed {
    units: Vec<Unit>,
    placed: Vec<Placed>,
    terms: Vec<u32>,
    figures: Vec<FigureAt>,
    samples: Vec<Triple>,
}

impl Index {
    /// Indexes every article of the site, in parallel.
    pub fn build(site: &Site) -> Index {
        Index::build_with(site, true)
    }

    /// What the build's lints need, and no more: no figures, no character
    /// offsets (suggestions need them; lints do not).
    pub fn build_for_lints(site: &Site) -> Index {
        Index::build_with(site, false)
    }

    fn build_with(site: &Site, full: bool) -> Index {
        let mut index = Index::default();
        // Room for about one term in six bytes of text, so the big arrays
        // are not copied as they grow.
        let text: usize = site.articles.iter().map(|a| a.seed.text.len()).sum();
        // Each chunk's terms are counted as it is indexed; the lints' index
        // then drops them: all at once they are about as big as the text.
        let mut counter = Counter::new(text, common_cap);
        if full {
            index.terms.reserve(text / 6);
        }
        index.units.reserve(text / 110);
        // Articles are indexed in parallel a chunk at a time: only one
        // chunk's pieces exist besides the index.
        let mut first = 0;
        for chunk in site.articles.chunks(CHUNK) {
            let parts: Vec<Indexed> = chunk
                .par_iter()
                .enumerate()
                .map(|(i, a)| index_article(first + i, a, full))
                .collect();
            first += chunk.len();
            for p in parts {
                index.article_units.push(index.units.len() as u32);
                let base = index.units.len() as u32;
                let term_base = index.terms.len() as u32;
                counter.add(base, p.placed.iter().map(|pl| &p.terms[pl.terms()]));
                if full {
                    index.terms.extend(p.terms);
                    index.placed.extend(p.placed.into_iter().map(|mut pl| {
                        pl.terms_at += term_base;
                        pl
                    }));
                }
                index.units.extend(p.units);
                index.figures.extend(p.figures.into_iter().map(|mut f| {
                    f.unit += base;
                    f
                }));
                index.samples.push(p.samples);
            }
        }
        index.units.shrink_to_fit();
        index.placed.shrink_to_fit();
        index.terms.shrink_to_fit();
        index.article_units.push(index.units.len() as u32);
        // The lints read the terms of a few passages only: they read them
        // again (the same keys, see `read_terms`) rather than keep them all.
        let texts: Option<Vec<SeedText>> =
            (!full).then(|| site.articles.iter().map(|a| a.seed.text.clone()).collect());
        let read = |u: usize| match &texts {
            Some(texts) => {
                let unit = &index.units[u];
                read_terms(&texts[unit.article as usize].get()[unit.range()])
            }
            None => index.terms[index.placed[u].terms()].to_vec(),
        };
        let terms = counter.terms;
        let (df, postings) = counter.finish(index.units.len(), index.common_cap(), read);
        index.set_counts(df, postings, terms);
        index.texts = texts;
        index.figures.sort_by(|a, b| {
            a.low
                .total_cmp(&b.low)
                .then(a.high.total_cmp(&b.high))
                .then(a.unit.cmp(&b.unit))
        });
        for (i, f) in index.figures.iter().enumerate() {
            for &k in f.unit_keys.iter().filter(|&&k| k != 0) {
                index.figures_by_unit.entry(k).or_default().push(i as u32);
            }
        }
        index
    }

    /// Sets how many passages hold each key, the passages of those not
    /// common, and the number of terms of all passages.
    fn set_counts(&mut self, df: KeyMap<u32, u32>, postings: KeyMap<u32, Vec<u32>>, terms: u64) {
        let units = self.units.len();
        self.avg_len = if units == 0 {
            1.0
        } else {
            (terms as f64 / units as f64).max(1.0)
        };
        let n = units as f64;
        self.df = df
            .into_iter()
            .map(|(k, d)| (k, (d, idf(n, f64::from(d)))))
            .collect();
        self.postings = postings;
    }

    /// Passages holding more terms than this are common (not in postings).
    fn common_cap(&self) -> usize {
        common_cap(self.units.len())
    }

    /// The passages of article `a`, as indices into `units`.
    pub fn article_units(&self, a: usize) -> Range<usize> {
        self.article_units[a] as usize..self.article_units[a + 1] as usize
    }

    /// The keys of passage `u`'s terms, sorted, with repeats.
    pub fn unit_terms(&self, u: usize) -> Cow<'_, [u32]> {
        match &self.texts {
            Some(texts) => {
                let unit = &self.units[u];
                Cow::Owned(read_terms(
                    &texts[unit.article as usize].get()[unit.range()],
                ))
            }
            None => Cow::Borrowed(&self.terms[self.placed[u].terms()]),
        }
    }

    /// Where passage `u` starts, in characters of its article's text.
    pub fn char_start(&self, site: &Site, u: usize) -> usize {
        match self.placed.get(u) {
            Some(p) => p.char_start as usize,
            None => {
                let unit = &self.units[u];
                let text = site.articles[unit.article as usize].seed.text.get();
                text[..unit.start as usize].chars().count()
            }
        }
    }

    /// How many passages hold a key.
    pub fn df(&self, key: u32) -> u32 {
        self.df.get(&key).map_or(0, |d| d.0)
    }

    /// Inverse document frequency (BM25's, never negative).
    pub fn idf(&self, key: u32) -> f64 {
        match self.df.get(&key) {
            Some(d) => d.1,
            None => idf(self.units.len() as f64, 0.0),
        }
    }

    pub fn avg_len(&self) -> f64 {
        self.avg_len
    }

    /// The passages holding a key, if it is not common.
    pub fn postings(&self, key: u32) -> Option<&[u32]> {
        self.postings.get(&key).map(Vec::as_slice)
    }

    /// The passage holding byte `at` of article `a`, if any.
    pub fn unit_at(&self, a: usize, at: usize) -> Option<usize> {
        let range = self.article_units(a);
        let units = &self.units[range.clone()];
        let i = units.partition_point(|u| (u.end as usize) <= at);
        (i < units.len() && (units[i].start as usize) <= at).then_some(range.start + i)
    }

    /// The passages of article `a` that overlap bytes `r`.
    pub fn units_overlapping(&self, a: usize, r: &Range<usize>) -> Range<usize> {
        let range = self.article_units(a);
        let units = &self.units[range.clone()];
        let from = units.partition_point(|u| (u.end as usize) <= r.start);
        let to = units.partition_point(|u| (u.start as usize) < r.end);
        range.start + from..range.start + to.max(from)
    }
}

/// A term found in more than this many of `units` passages is common.
fn common_cap(units: usize) -> usize {
    MIN_COMMON.max(units / COMMON_SHARE)
}

/// BM25's inverse document frequency of a term in `df` of `n` passages.
fn idf(n: f64, df: f64) -> f64 {
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// The keys of a passage's terms as indexing keeps them: sorted, with
/// repeats, at most 65,535.
fn read_terms(text: &str) -> Vec<u32> {
    let mut terms: Vec<u32> = words::terms(text)
        .into_iter()
        .take(u16::MAX as usize)
        .map(words::key)
        .collect();
    terms.sort_unstable();
    terms
}

fn index_article(ai: usize, a: &Article, full: bool) -> Indexed {
    let text = a.seed.text.get();
    let text: &str = &text;
    let mut out = Indexed {
        units: Vec::new(),
        placed: Vec::new(),
        terms: Vec::new(),
        figures: Vec::new(),
        samples: Vec::new(),
    };
    // Seeds past 4 GiB are not indexed: offsets are 32-bit.
    if text.len() > u32::MAX as usize {
        return out;
    }
    // A passage's words, kept for reading its denials and caveats without splitting it again.
    let mut list = passages::WordList::default();
    // A block's sentences, in a list reused from block to block.
    let mut pieces: Vec<std::ops::Range<usize>> = Vec::new();
    let mut shingle = [0u64; 2];
    let mut shingle_words = 0usize;
    let mut chars_before = 0usize;
    let mut counted_to = 0usize;
    for block in &a.blocks {
        let block_text = &text[block.range.clone()];
        match block.kind {
            BlockKind::Paragraph | BlockKind::Caption | BlockKind::Embed => {
                passages::sentences_into(block_text, &mut pieces)
            }
            BlockKind::Title | BlockKind::Heading => {
                pieces.clear();
                pieces.push(0..block_text.len());
            }
            BlockKind::Furniture => continue,
        };
        for sentence in pieces.drain(..) {
            let start = block.range.start + sentence.start;
            let end = block.range.start + sentence.end;
            if full {
                chars_before += text[counted_to..start].chars().count();
            }
            counted_to = start;
            let unit_text = &text[start..end];
            let terms_at = out.terms.len();
            let mut has_number = false;
            let mut may_have_cue = false;
            let mut word_count = 0u32;
            list.clear();
            for_each_word(unit_text, |w| {
                may_have_cue |= list.push(&w, unit_text);
                if let Some(t) = w.term {
                    out.terms.push(words::key(t));
                }
                // Once known, not asked again for the passage's other words;
                // figures are not asked for at all by the lints.
                has_number = has_number || (full && (w.is_number || words::is_number_word(&w)));
                word_count += 1;
                // The same words, whole, in threes, for finding copies.
                let h = words::word_hash(&w);
                if shingle_words >= 2 {
                    let s = words::shingle(shingle[0], shingle[1], h);
                    if s.is_multiple_of(SAMPLE) {
                        out.samples.push((s >> 32) as Triple);
                    }
                }
                shingle = [shingle[1], h];
                shingle_words += 1;
            });
            // At most 65,535 terms a passage: a longer "sentence" is cut short.
            let len = (out.terms.len() - terms_at).min(u16::MAX as usize);
            out.terms.truncate(terms_at + len);
            // Suggestions read a passage's terms sorted; the lints' count needs no order.
            if full {
                out.terms[terms_at..].sort_unstable();
            }
            let mut cues = 0;
            if may_have_cue {
                for c in passages::cues_in(&list, unit_text) {
                    cues |= cue_bit(c.kind) | if c.weak { 0 } else { STRONG };
                }
            }
            let unit = out.units.len() as u32;
            if has_number && full {
                for n in numbers::read(unit_text).numbers {
                    if counted(&n) {
                        out.figures.push(FigureAt {
                            low: n.low,
                            high: n.high,
                            unit,
                            kind: n.kind,
                            currency: n.currency,
                            unit_keys: unit_keys(unit_text, &n),
                        });
                    }
                }
            }
            out.units.push(Unit {
                article: ai as u32,
                start: start as u32,
                end: end as u32,
                words: word_count.min(u32::from(u16::MAX)) as u16,
                cues,
            });
            out.placed.push(Placed {
                char_start: chars_before as u32,
                terms_at: terms_at as u32,
                terms_len: len as u16,
            });
        }
    }
    out.samples.sort_unstable();
    out.samples.dedup();
    out
}

/// Figures that say how many or how much: counts of ten or more (smaller
/// ones are "two countries", "one of them"), money, percentages.
pub fn counted(n: &numbers::Number) -> bool {
    n.counted()
}

/// Every word triple of an article's visible text, for measuring how much
/// of it another article holds.
pub fn all_shingles(a: &Article) -> Vec<u64> {
    let text = a.seed.text.get();
    let text: &str = &text;
    let mut out = Vec::new();
    let mut prev = [0u64; 2];
    let mut n = 0usize;
    for block in &a.blocks {
        if block.kind == BlockKind::Furniture {
            continue;
        }
        for_each_word(&text[block.range.clone()], |w| {
            let h = words::word_hash(&w);
            if n >= 2 {
                out.push(words::shingle(prev[0], prev[1], h));
            }
            prev = [prev[1], h];
            n += 1;
        });
    }
    out.sort_unstable();
    out.dedup();
    out
}
