//! The closest passage to a quote that was not found, ranked the way
//! annotation tools re-anchor: quote similarity first, then context.

use std::ops::Range;

use super::matcher::{ArticleText, Quote};

/// The best approximate match of a quote in one block.
#[derive(Clone, Debug, PartialEq)]
pub struct Closest {
    /// Position in `ArticleText::blocks`.
    pub block: usize,
    /// Range in the normalised text.
    pub norm: Range<usize>,
    /// 0.0 to 1.0: one minus edits per character of the quote.
    pub similarity: f64,
    /// Similarity of the text around it to `prefix`/`suffix`, if given.
    pub context: f64,
}

/// How many characters of `prefix` and `suffix` nearest the quote, and of
/// the text beside a passage, are compared to break ties: enough for any
/// prefix a reader would write, and one machine word of the bit-parallel
/// search, so that a tie among every block of a long, repetitive article
/// costs a few word operations per block whatever the context's length.
pub const CONTEXT_CHARS: usize = 64;

/// The passages closest to `quote`, best first (at most `limit`).
///
/// Every block's fewest edits come from one bit-parallel pass over the
/// text; the window and the context are worked out only for the blocks
/// that can be returned: the best `limit`, and (when `prefix` or `suffix`
/// breaks ties) every block as close as the last of them.
pub fn closest(text: &ArticleText, quote: &Quote, limit: usize) -> Vec<Closest> {
    let needle: Vec<char> = quote.segments.join(" ").chars().collect();
    if needle.is_empty() || limit == 0 {
        return Vec::new();
    }
    let hay = &text.norm.text;
    let forward = Peq::new(needle.iter().copied());
    // Blocks by fewest edits (that is, by similarity), then in reading order.
    let mut ranked: Vec<(usize, usize, usize)> = text
        .blocks
        .iter()
        .enumerate()
        .filter_map(|(i, (_, range))| {
            let (dist, end) = best_end(&forward, &hay[range.clone()]);
            (dist < needle.len()).then_some((dist, i, end))
        })
        .collect();
    ranked.sort_unstable();
    let Some(&(cutoff, _, _)) = ranked.get(limit - 1).or(ranked.last()) else {
        return Vec::new();
    };
    let context = Context::new(quote);
    let kept = if context.is_some() {
        ranked.partition_point(|&(dist, _, _)| dist <= cutoff)
    } else {
        limit.min(ranked.len())
    };
    let backward = Peq::new(needle.iter().rev().copied());
    let mut found: Vec<Closest> = ranked[..kept]
        .iter()
        .map(|&(dist, i, end)| {
            let range = &text.blocks[i].1;
            let block = &hay[range.clone()];
            let window = whole_words(block, window(&backward, block, dist, end));
            let norm = range.start + window.start..range.start + window.end;
            Closest {
                block: i,
                context: context.as_ref().map_or(0.0, |c| c.similarity(hay, &norm)),
                norm,
                similarity: 1.0 - dist as f64 / needle.len() as f64,
            }
        })
        .collect();
    found.sort_by(|a, b| {
        b.similarity
            .total_cmp(&a.similarity)
            .then(b.context.total_cmp(&a.context))
            .then(a.block.cmp(&b.block))
    });
    found.truncate(limit);
    found
}

/// Edit distance of the best substring of `hay` to `needle`, and that
/// substring's byte range in `hay` (see [`window`]).
#[cfg(test)]
fn best_window(needle: &[char], hay: &str) -> (usize, Range<usize>) {
    let (dist, end) = best_end(&Peq::new(needle.iter().copied()), hay);
    let backward = Peq::new(needle.iter().rev().copied());
    (dist, window(&backward, hay, dist, end))
}

/// The byte range of the best window of `hay`, which ends at char `end`
/// and is `dist` edits from the quote (`backward`: the quote reversed):
/// the best substring of `hay` in Sellers' semantics (it may start and end
/// anywhere), of those at the fewest edits the one that ends first, and of
/// those the longest.
///
/// Both ends come from Myers' bit-parallel algorithm (in Hyyrö's form for
/// quotes longer than a machine word): the end in O(length of `hay` ×
/// ⌈quote / 64⌉) word operations, whatever the line lengths, and the start
/// from a backward search over at most the quote's length plus its edits
/// before the end. (A plain table costs the quote's length per character
/// of the article: a minute for a 10 MB line.)
fn window(backward: &Peq, hay: &str, dist: usize, end: usize) -> Range<usize> {
    let end_byte = hay.char_indices().nth(end).map_or(hay.len(), |(i, _)| i);
    let before = &hay[..end_byte];
    let len = window_len(backward, before, dist);
    let start_byte = match len.checked_sub(1) {
        Some(back) => before.char_indices().rev().nth(back).map_or(0, |(i, _)| i),
        None => end_byte,
    };
    start_byte..end_byte
}

/// The fewest edits that turn the quote (`peq`) into a substring of `hay`,
/// and the first end (in chars) of such a substring.
fn best_end(peq: &Peq, hay: &str) -> (usize, usize) {
    let mut best = (peq.len, 0);
    bottom_row(peq, hay.chars(), false, |j, score| {
        if score < best.0 {
            best = (score, j + 1);
        }
    });
    best
}

/// Runs Myers' algorithm with the quote (`peq`) down the rows and `text`
/// across, and calls `column(j, score)` after each character `j` with the
/// edits between the whole quote and the text up to it. `anchored`: the
/// quote's match must start at the text's start (the top row counts the
/// characters skipped) rather than anywhere (Sellers: a top row of zeros).
fn bottom_row(
    peq: &Peq,
    text: impl Iterator<Item = char>,
    anchored: bool,
    mut column: impl FnMut(usize, usize),
) {
    let m = peq.len;
    if m == 0 {
        // An empty quote is as many edits from a text as the text is long.
        for (j, _) in text.enumerate() {
            column(j, if anchored { j + 1 } else { 0 });
        }
        return;
    }
    let words = peq.words;
    // Vertical deltas of the current column: all +1 down the first one.
    let mut pv = vec![!0u64; words];
    let mut mv = vec![0u64; words];
    // The last word reports the row of the quote's last character.
    let last_row = 1u64 << ((m - 1) % 64);
    let mut score = m;
    for (j, c) in text.enumerate() {
        let eq = peq.of(c);
        let mut h = isize::from(anchored);
        for w in 0..words {
            let high = if w + 1 == words { last_row } else { 1 << 63 };
            h = advance(&mut pv[w], &mut mv[w], eq[w], h, high);
        }
        score = score.wrapping_add_signed(h);
        column(j, score);
    }
}
/// One column step of Myers' algorithm for one 64-row word of the table:
/// `h` is the horizontal delta entering at its top row (-1, 0 or +1); the
/// delta leaving at row `high` is returned.
fn advance(pv: &mut u64, mv: &mut u64, eq: u64, h: isize, high: u64) -> isize {
    let (p, m) = (*pv, *mv);
    let xv = eq | m;
    let eq = if h < 0 { eq | 1 } else { eq };
    let xh = ((eq & p).wrapping_add(p) ^ p) | eq;
    let mut ph = m | !(xh | p);
    let mut mh = p & xh;
    let out = if ph & high != 0 {
        1
    } else if mh & high != 0 {
        -1
    } else {
        0
    };
    ph <<= 1;
    mh <<= 1;
    if h < 0 {
        mh |= 1;
    } else if h > 0 {
        ph |= 1;
    }
    *pv = mh | !(xv | ph);
    *mv = ph & xv;
    out
}

/// For each character, the rows of the quote where it stands, as bits.
struct Peq {
    /// The quote's length in characters.
    len: usize,
    words: usize,
    ascii: Vec<u64>,
    other: std::collections::HashMap<char, Vec<u64>>,
    none: Vec<u64>,
}

impl Peq {
    fn new(needle: impl Iterator<Item = char>) -> Peq {
        let needle: Vec<char> = needle.collect();
        let words = needle.len().div_ceil(64);
        let mut peq = Peq {
            len: needle.len(),
            words,
            ascii: vec![0; 128 * words],
            other: std::collections::HashMap::new(),
            none: vec![0; words],
        };
        for (i, &c) in needle.iter().enumerate() {
            let (w, bit) = (i / 64, 1u64 << (i % 64));
            if c.is_ascii() {
                peq.ascii[c as usize * words + w] |= bit;
            } else {
                peq.other.entry(c).or_insert_with(|| vec![0; words])[w] |= bit;
            }
        }
        peq
    }

    fn of(&self, c: char) -> &[u64] {
        if c.is_ascii() {
            let at = c as usize * self.words;
            &self.ascii[at..at + self.words]
        } else {
            self.other.get(&c).map_or(&self.none, Vec::as_slice)
        }
    }
}

/// How many characters at the end of `before` the best window holds: the
/// most of those whose edit distance to the quote is `dist` (the fewest).
/// `backward` is the quote reversed: the search runs back from the end,
/// anchored there, over at most the quote's length plus `dist` characters
/// (longer windows are more than `dist` edits away).
fn window_len(backward: &Peq, before: &str, dist: usize) -> usize {
    let back = before.chars().rev().take(backward.len + dist);
    // Some length up to the quote's plus `dist` has exactly `dist` edits:
    // the search found it.
    let mut len = 0;
    bottom_row(backward, back, true, |k, score| {
        if score == dist {
            len = k + 1;
        }
    });
    len
}

/// How far a window is widened to a word boundary: a "word" of a megabyte
/// (a line of zero-width spaces) is not taken whole.
const WIDEN: usize = 64;

/// `window` widened to the nearest word boundaries of `text`, at most
/// [`WIDEN`] bytes on either side.
fn whole_words(text: &str, window: Range<usize>) -> Range<usize> {
    let mut from = window.start.saturating_sub(WIDEN);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let start = match text[from..window.start].rfind(' ') {
        Some(i) => from + i + 1,
        None if from == 0 => 0,
        None => window.start,
    };
    let mut to = (window.end + WIDEN).min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    let end = match text[window.end..to].find(' ') {
        Some(i) => window.end + i,
        None if to == text.len() => to,
        None => window.end,
    };
    start..end
}

/// The prefix and suffix of a quote, as far as they break ties: their
/// [`CONTEXT_CHARS`] characters nearest the quote.
struct Context {
    prefix: Option<Peq>,
    suffix: Option<Peq>,
}

impl Context {
    fn new(quote: &Quote) -> Option<Context> {
        let nearest = |s: &str, from_end: bool| {
            let chars: Vec<char> = s.chars().collect();
            let n = chars.len().min(CONTEXT_CHARS);
            let kept = if from_end {
                &chars[chars.len() - n..]
            } else {
                &chars[..n]
            };
            Peq::new(kept.iter().copied())
        };
        let prefix = quote.prefix.as_deref().map(|p| nearest(p, true));
        let suffix = quote.suffix.as_deref().map(|s| nearest(s, false));
        (prefix.is_some() || suffix.is_some()).then_some(Context { prefix, suffix })
    }

    /// How well the text before and after `norm` in `hay` fits the prefix
    /// and suffix: the sum of their similarities (one minus edits per
    /// character of the longer of the two strings compared).
    fn similarity(&self, hay: &str, norm: &Range<usize>) -> f64 {
        let mut score = 0.0;
        if let Some(p) = &self.prefix {
            let tail: Vec<char> = hay[..norm.start]
                .trim_end()
                .chars()
                .rev()
                .take(p.len)
                .collect();
            score += normalized_distance(p, tail.into_iter().rev());
        }
        if let Some(s) = &self.suffix {
            let head = hay[norm.end..].trim_start().chars().take(s.len);
            score += normalized_distance(s, head);
        }
        score
    }
}

/// One minus the edit distance between the string of `peq` and `text` per
/// character of the longer one (1.0 for two empty strings).
fn normalized_distance(peq: &Peq, text: impl Iterator<Item = char>) -> f64 {
    let mut n = 0;
    let mut dist = peq.len;
    bottom_row(peq, text, true, |j, score| {
        n = j + 1;
        dist = score;
    });
    match peq.len.max(n) {
        0 => 1.0,
        longest => 1.0 - dist as f64 / longest as f64,
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// The plain table the bit-parallel search replaces: same answers, O(quote × text).
    fn best_window_by_table(needle: &[char], hay: &str) -> (usize, Range<usize>) {
        let offsets: Vec<usize> = hay
            .char_indices()
            .map(|(i, _)| i)
            .chain([hay.len()])
            .collect();
        let m = needle.len();
        // Each cell: (cost, start char index of the window ending here).
        let mut prev: Vec<(usize, usize)> = (0..=m).map(|i| (i, 0)).collect();
        let mut best = (m, 0usize, 0usize);
        for (j, c) in hay.chars().enumerate() {
            let mut cur = Vec::with_capacity(m + 1);
            cur.push((0, j + 1));
            for i in 1..=m {
                let sub = (
                    prev[i - 1].0 + usize::from(needle[i - 1] != c),
                    prev[i - 1].1,
                );
                let del = (prev[i].0 + 1, prev[i].1);
                let ins = (cur[i - 1].0 + 1, cur[i - 1].1);
                cur.push(sub.min(del).min(ins));
            }
            if cur[m].0 < best.0 {
                best = (cur[m].0, cur[m].1, j + 1);
            }
            prev = cur;
        }
        (best.0, offsets[best.1]..offsets[best.2])
    }

    /// An article of one paragraph per line.
    fn article(lines: &[&str]) -> (String, ArticleText) {
        let text = lines.join("\n\n");
        let mut blocks = Vec::new();
        let mut pos = 0;
        for (i, l) in lines.iter().enumerate() {
            blocks.push(crate::ingest::Block {
                kind: crate::ingest::BlockKind::Paragraph,
                line: (i * 2 + 1) as u32,
                range: pos..pos + l.len(),
                number: Some(i as u32 + 1),
                hidden_because: None,
            });
            pos += l.len() + 2;
        }
        let at = ArticleText::new(&text, &blocks);
        (text, at)
    }

    /// What `closest` finds, worked out the plain way: every block's window
    /// by the table, and the whole prefix and suffix compared by `strsim`.
    fn closest_plainly(text: &ArticleText, quote: &Quote, limit: usize) -> Vec<Closest> {
        let needle: Vec<char> = quote.segments.join(" ").chars().collect();
        let hay = &text.norm.text;
        let mut found: Vec<Closest> = text
            .blocks
            .iter()
            .enumerate()
            .filter_map(|(i, (_, range))| {
                let block = &hay[range.clone()];
                let (dist, window) = best_window_by_table(&needle, block);
                let window = whole_words(block, window);
                let norm = range.start + window.start..range.start + window.end;
                let similarity = 1.0 - dist as f64 / needle.len() as f64;
                let mut context = 0.0;
                if let Some(p) = &quote.prefix {
                    let before: Vec<char> = hay[..norm.start].trim_end().chars().collect();
                    let n = p.chars().count().min(before.len());
                    let tail: String = before[before.len() - n..].iter().collect();
                    context += strsim::normalized_levenshtein(p, &tail);
                }
                if let Some(s) = &quote.suffix {
                    let head: String = hay[norm.end..]
                        .trim_start()
                        .chars()
                        .take(s.chars().count())
                        .collect();
                    context += strsim::normalized_levenshtein(s, &head);
                }
                (similarity > 0.0).then_some(Closest {
                    block: i,
                    norm,
                    similarity,
                    context,
                })
            })
            .collect();
        found.sort_by(|a, b| {
            b.similarity
                .total_cmp(&a.similarity)
                .then(b.context.total_cmp(&a.context))
                .then(a.block.cmp(&b.block))
        });
        found.truncate(limit);
        found
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn closest_ranks_as_the_plain_search_does(
            lines in proptest::collection::vec("[ab]{1,4}( [ab ]{1,8})?", 1..8),
            quote in "[ab]{1,5}( [ab]{1,4})?",
            prefix in proptest::option::of("[ab ]{1,10}"),
            suffix in proptest::option::of("[ab ]{1,10}"),
            limit in 1usize..4,
        ) {
            let lines: Vec<&str> = lines.iter().map(|l| l.trim()).collect();
            let (_, at) = article(&lines);
            let q = Quote::new(&quote, prefix.as_deref(), suffix.as_deref());
            prop_assert_eq!(closest(&at, &q, limit), closest_plainly(&at, &q, limit));
        }

        #[test]
        fn the_bit_parallel_distance_is_levenshteins(
            a in "[ab cé]{0,64}",
            b in "[ab cé✓]{0,80}",
        ) {
            let peq = Peq::new(a.chars());
            prop_assert_eq!(
                normalized_distance(&peq, b.chars()),
                strsim::normalized_levenshtein(&a, &b)
            );
        }

        #[test]
        fn the_bit_parallel_search_finds_what_the_table_finds(
            needle in "[ab cé]{1,150}",
            hay in "[ab cé✓]{0,300}",
        ) {
            let needle: Vec<char> = needle.chars().collect();
            prop_assert_eq!(best_window(&needle, &hay), best_window_by_table(&needle, &hay));
        }
    }

    #[test]
    fn finds_the_window_with_fewest_edits() {
        let needle: Vec<char> = "naval ships".chars().collect();
        let hay = "said russian navy ships had moved";
        let (dist, r) = best_window(&needle, hay);
        assert_eq!(dist, 2);
        assert_eq!(&hay[r], "navy ships");
    }

    /// A long, repetitive article in which every paragraph is as close to
    /// a long mistyped quote as every other, and a long prefix and suffix
    /// to break the tie: comparing them whole at every paragraph took
    /// minutes (quadratic in their length, once per paragraph).
    #[test]
    fn long_context_breaks_ties_among_many_paragraphs_quickly() {
        let line = "ships moved to the port";
        let mut lines = vec![line; 2000];
        lines.insert(1500, "on monday:");
        let quote = format!("{}zzz", format!("{line} ").repeat(120));
        let prefix = format!("{}on monday:", format!("{line} ").repeat(120));
        let suffix = format!("{line} ").repeat(120);
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let (_, at) = article(&lines);
            let q = Quote::new(&quote, Some(&prefix), Some(&suffix));
            let best = closest(&at, &q, 1);
            let _ = sender.send(best.first().map(|c| (c.block, c.context)));
        });
        // Well under a second now; before, minutes.
        let best = receiver
            .recv_timeout(std::time::Duration::from_secs(60))
            .expect("closest ran within its budget");
        // The paragraph after "on monday:" is the one the prefix stands before.
        assert_eq!(best, Some((1501, 2.0)));
    }
}
