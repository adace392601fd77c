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

/// The passages closest to `quote`, best first (at most `limit`).
pub fn closest(text: &ArticleText, quote: &Quote, limit: usize) -> Vec<Closest> {
    let needle: Vec<char> = quote.segments.join(" ").chars().collect();
    if needle.is_empty() {
        return Vec::new();
    }
    let hay = &text.norm.text;
    let mut found: Vec<Closest> = text
        .blocks
        .iter()
        .enumerate()
        .filter_map(|(i, (_, range))| {
            let block = &hay[range.clone()];
            let (dist, window) = best_window(&needle, block);
            let window = whole_words(block, window);
            let norm = range.start + window.start..range.start + window.end;
            let similarity = 1.0 - dist as f64 / needle.len() as f64;
            (similarity > 0.0).then(|| Closest {
                block: i,
                context: context_similarity(hay, quote, &norm),
                norm,
                similarity,
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

/// Edit distance of the best substring of `hay` to `needle` (Sellers'
/// semantics: the substring may start and end anywhere), and that
/// substring's byte range in `hay`: of those at the fewest edits, the one
/// that ends first, and of those the longest.
///
/// The end comes from Myers' bit-parallel algorithm (in Hyyrö's form for
/// quotes longer than a machine word): O(length of `hay` × ⌈quote / 64⌉)
/// word operations, whatever the line lengths. The start then comes from a
/// small table over at most the quote's length plus its edits before the
/// end. (A plain table costs the quote's length per character of the
/// article: a minute for a 10 MB line.)
fn best_window(needle: &[char], hay: &str) -> (usize, Range<usize>) {
    let (dist, end) = best_end(needle, hay);
    let end_byte = hay.char_indices().nth(end).map_or(hay.len(), |(i, _)| i);
    let before = &hay[..end_byte];
    let len = window_len(needle, before, dist);
    let start_byte = match len.checked_sub(1) {
        Some(back) => before.char_indices().rev().nth(back).map_or(0, |(i, _)| i),
        None => end_byte,
    };
    (dist, start_byte..end_byte)
}

/// The fewest edits that turn `needle` into a substring of `hay`, and the
/// first end (in chars) of such a substring.
fn best_end(needle: &[char], hay: &str) -> (usize, usize) {
    let m = needle.len();
    let words = m.div_ceil(64);
    let peq = Peq::new(needle, words);
    // Vertical deltas of the current column: all +1 down the first one.
    let mut pv = vec![!0u64; words];
    let mut mv = vec![0u64; words];
    // The last word reports the row of the quote's last character.
    let last_row = 1u64 << ((m - 1) % 64);
    let mut score = m;
    let mut best = (m, 0);
    for (j, c) in hay.chars().enumerate() {
        let eq = peq.of(c);
        // Sellers: the top row is all zeros, so nothing enters from above.
        let mut h = 0;
        for w in 0..words {
            let high = if w + 1 == words { last_row } else { 1 << 63 };
            h = advance(&mut pv[w], &mut mv[w], eq[w], h, high);
        }
        score = score.wrapping_add_signed(h);
        if score < best.0 {
            best = (score, j + 1);
        }
    }
    best
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
    words: usize,
    ascii: Vec<u64>,
    other: std::collections::HashMap<char, Vec<u64>>,
    none: Vec<u64>,
}

impl Peq {
    fn new(needle: &[char], words: usize) -> Peq {
        let mut peq = Peq {
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
/// most of those whose edit distance to `needle` is `dist` (the fewest).
fn window_len(needle: &[char], before: &str, dist: usize) -> usize {
    let m = needle.len();
    // Longer windows are more than `dist` edits away.
    let back: Vec<char> = before.chars().rev().take(m + dist).collect();
    // col[i]: edits between the last i characters of the quote and the
    // last k characters of `before`, for the current k.
    let mut col: Vec<usize> = (0..=m).collect();
    // Some k up to m + dist has exactly `dist` edits: the search found it.
    let mut len = 0;
    for (k, &c) in back.iter().enumerate() {
        let mut diag = col[0];
        col[0] = k + 1;
        for i in 1..=m {
            let sub = diag + usize::from(needle[m - i] != c);
            diag = col[i];
            col[i] = sub.min(col[i] + 1).min(col[i - 1] + 1);
        }
        if col[m] == dist {
            len = k + 1;
        }
    }
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

fn context_similarity(hay: &str, quote: &Quote, norm: &Range<usize>) -> f64 {
    let mut score = 0.0;
    if let Some(p) = &quote.prefix {
        let before = hay[..norm.start].trim_end();
        let tail: String = before
            .chars()
            .rev()
            .take(p.chars().count())
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        score += strsim::normalized_levenshtein(p, &tail);
    }
    if let Some(s) = &quote.suffix {
        let head: String = hay[norm.end..]
            .trim_start()
            .chars()
            .take(s.chars().count())
            .collect();
        score += strsim::normalized_levenshtein(s, &head);
    }
    score
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

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
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
}
