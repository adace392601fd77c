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
/// algorithm), and that substring's byte range in `hay`.
fn best_window(needle: &[char], hay: &str) -> (usize, Range<usize>) {
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

/// `window` widened to the nearest word boundaries of `text`.
fn whole_words(text: &str, window: Range<usize>) -> Range<usize> {
    let start = text[..window.start].rfind(' ').map_or(0, |i| i + 1);
    let end = text[window.end..]
        .find(' ')
        .map_or(text.len(), |i| window.end + i);
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
    use super::*;

    #[test]
    fn finds_the_window_with_fewest_edits() {
        let needle: Vec<char> = "naval ships".chars().collect();
        let hay = "said russian navy ships had moved";
        let (dist, r) = best_window(&needle, hay);
        assert_eq!(dist, 2);
        assert_eq!(&hay[r], "navy ships");
    }
}
