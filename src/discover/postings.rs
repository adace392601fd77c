//! How many passages hold each term, and which ones, counted as the
//! articles are indexed, a chunk of articles at a time: so that the lints'
//! index, which keeps no passage's terms, need never hold them all at once
//! (about as big as the text).
//!
//! A term's passages are listed until it is found in more than a bound
//! passages, then forgotten: it will be common. The bound is set from the
//! size of the text, above the share of passages that makes a term common
//! at the end; should the site's passages be shorter than that assumes,
//! the passages of the terms forgotten too soon are gathered again.

use rayon::prelude::*;

use super::index::KeyMap;

/// Passages are assumed at least this long, in bytes of text, on average:
/// 115 in the bench sites.
const MIN_PASSAGE_BYTES: usize = 64;

/// A term's count and, while it may be rare, its passages.
#[derive(Default)]
struct Count {
    passages: u32,
    /// The last passage counted, plus one (0: none): a term repeated in a
    /// passage counts once, without the passage's terms being sorted.
    last: u32,
    listed: Vec<u32>,
}

/// The counts so far.
pub struct Counter {
    counts: KeyMap<u32, Count>,
    /// Terms found in more passages than this are no longer listed.
    bound: u32,
    /// The terms counted, with repeats.
    pub terms: u64,
}

impl Counter {
    /// A counter for a site of `text_bytes` bytes of text, whose terms are
    /// common when found in more than `common(passages)` passages.
    pub fn new(text_bytes: usize, common: impl Fn(usize) -> usize) -> Counter {
        Counter::with_bound(common(text_bytes / MIN_PASSAGE_BYTES))
    }

    fn with_bound(bound: usize) -> Counter {
        Counter {
            counts: KeyMap::default(),
            bound: bound.min(u32::MAX as usize - 1) as u32,
            terms: 0,
        }
    }

    /// Counts the passages whose terms (in any order, with repeats)
    /// `passages` gives, the first numbered `first`.
    pub fn add<'a>(&mut self, first: u32, passages: impl Iterator<Item = &'a [u32]>) {
        for (i, keys) in passages.enumerate() {
            let ui = first + i as u32;
            self.terms += keys.len() as u64;
            for &k in keys {
                let c = self.counts.entry(k).or_default();
                if c.last == ui + 1 {
                    continue;
                }
                c.last = ui + 1;
                c.passages += 1;
                if c.passages <= self.bound {
                    c.listed.push(ui);
                } else if c.passages == self.bound + 1 {
                    c.listed = Vec::new();
                }
            }
        }
    }

    /// How many of the `units` passages hold each term, and the passages
    /// of each term found in at most `cap` of them. `read` gives a
    /// passage's terms again (sorted), for the terms forgotten too soon, if any.
    pub fn finish(
        self,
        units: usize,
        cap: usize,
        read: impl Fn(usize) -> Vec<u32> + Sync,
    ) -> (KeyMap<u32, u32>, KeyMap<u32, Vec<u32>>) {
        let cap = cap.min(u32::MAX as usize) as u32;
        let mut df = KeyMap::default();
        df.reserve(self.counts.len());
        let mut postings = KeyMap::default();
        let mut forgotten = KeyMap::default();
        for (k, mut c) in self.counts {
            df.insert(k, c.passages);
            if c.passages > cap {
                continue;
            }
            if c.passages > self.bound {
                forgotten.insert(k, ());
                continue;
            }
            c.listed.shrink_to_fit();
            postings.insert(k, c.listed);
        }
        if !forgotten.is_empty() {
            gather(units, &forgotten, &read, &mut postings);
        }
        (df, postings)
    }
}

/// Lists again the passages of the terms `keys`, reading each of the
/// `units` passages' terms with `read`.
fn gather(
    units: usize,
    keys: &KeyMap<u32, ()>,
    read: &(impl Fn(usize) -> Vec<u32> + Sync),
    postings: &mut KeyMap<u32, Vec<u32>>,
) {
    let found: Vec<Vec<(u32, u32)>> = (0..units.div_ceil(4096))
        .into_par_iter()
        .map(|ci| {
            let mut out = Vec::new();
            for ui in ci * 4096..((ci + 1) * 4096).min(units) {
                let mut terms = read(ui);
                let ui = ui as u32;
                terms.dedup();
                out.extend(
                    terms
                        .into_iter()
                        .filter(|k| keys.contains_key(k))
                        .map(|k| (k, ui)),
                );
            }
            out
        })
        .collect();
    for (k, ui) in found.into_iter().flatten() {
        postings.entry(k).or_default().push(ui);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_term_forgotten_too_soon_is_listed_again() {
        // Passage i holds terms 1..=i+1, unsorted and the last twice: term
        // 1 is in all four passages, term 4 in one.
        let lists: Vec<Vec<u32>> = (1..=4)
            .map(|n| (1..=n).rev().chain([n]).collect())
            .collect();
        // As the index reads them again: sorted.
        let read = |u: usize| {
            let mut terms = lists[u].clone();
            terms.sort_unstable();
            terms
        };
        for bound in [1, 2, 4] {
            let mut counter = Counter::with_bound(bound);
            counter.add(0, lists[..2].iter().map(Vec::as_slice));
            counter.add(2, lists[2..].iter().map(Vec::as_slice));
            assert_eq!(counter.terms, 14);
            let (df, postings) = counter.finish(lists.len(), 3, read);
            assert_eq!((df[&1], df[&2], df[&3], df[&4]), (4, 3, 2, 1));
            assert_eq!(postings.get(&1), None, "common at 3");
            assert_eq!(postings[&2], [1, 2, 3], "with bound {bound}");
            assert_eq!(postings[&3], [2, 3]);
            assert_eq!(postings[&4], [3]);
        }
    }
}
