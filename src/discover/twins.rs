//! Near-copies: a passage's twins in other articles (the same sentence in
//! a copy, a translation or a spun version of a report), and articles
//! that are mostly contained in another (copies nobody declared).

use std::ops::Range;

use rayon::prelude::*;

use super::index::{self, Index, KeyMap};
use super::words;
use crate::model::Site;

/// Passages this alike are twins: about half their weighted words shared.
pub const TWIN_MIN: f64 = 0.45;
/// Candidates looked at for each linked passage: the twin shares its
/// rarest words, so it is among the first found.
const TWIN_CANDIDATES: usize = 60;
/// Articles with fewer sampled word triples than this (about 250 words)
/// find their copies through their rarest words.
const SHORT_SAMPLES: usize = 16;
/// An article this much contained in another is a possible copy.
pub const COPY_MIN: f64 = 0.5;

/// The distinct term keys of a text, sorted.
pub fn keys(text: &str) -> Vec<u32> {
    let mut k: Vec<u32> = words::terms(text).into_iter().map(words::key).collect();
    k.sort_unstable();
    k.dedup();
    k
}

/// How alike two passages are: the Dice coefficient of their distinct
/// terms, each weighted by its rarity (idf). 1 for the same words; a
/// sentence that is half of a longer one scores about 0.67 at best.
pub fn similarity(index: &Index, a: &[u32], b: &[u32]) -> f64 {
    let mass = |ks: &[u32]| ks.iter().map(|&k| index.idf(k)).sum::<f64>();
    let (ma, mb) = (mass(a), mass(b));
    if ma <= 0.0 || mb <= 0.0 {
        return 0.0;
    }
    let (mut i, mut j, mut shared) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += index.idf(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * shared / (ma + mb)
}

/// The distinct keys of a passage of the index.
pub fn unit_keys(index: &Index, unit: usize) -> Vec<u32> {
    let mut k = index.unit_terms(&index.units[unit]).to_vec();
    k.dedup();
    k
}

/// Passages of the index that hold some of `keys`, rarest keys first, up
/// to about `limit`: a key whose passages would overflow the limit four
/// times is passed over.
pub fn candidates(index: &Index, keys: &[u32], limit: usize) -> Vec<usize> {
    let mut by_rarity: Vec<(u32, u32)> = keys
        .iter()
        .filter_map(|&k| index.postings(k).map(|p| (p.len() as u32, k)))
        .collect();
    by_rarity.sort_unstable();
    let mut seen: KeyMap<u32, ()> = KeyMap::default();
    let mut out = Vec::new();
    for (n, k) in by_rarity {
        if out.len() >= limit {
            break;
        }
        if out.len() + n as usize > 4 * limit.max(1) {
            continue;
        }
        for &u in index.postings(k).unwrap_or_default() {
            if seen.insert(u, ()).is_none() {
                out.push(u as usize);
            }
        }
    }
    out
}

/// The twins of the passage `range` of article `article`: passages of
/// other articles at least [`TWIN_MIN`] alike, best first.
pub fn twins_of(
    site: &Site,
    index: &Index,
    article: usize,
    range: &Range<usize>,
) -> Vec<(usize, f64)> {
    let text = &site.articles[article].seed.text[range.clone()];
    let linked = keys(text);
    if linked.len() < 3 {
        return Vec::new();
    }
    let mut out: Vec<(usize, f64)> = candidates(index, &linked, TWIN_CANDIDATES)
        .into_iter()
        .filter(|&u| index.units[u].article as usize != article)
        .filter_map(|u| {
            let theirs = unit_keys(index, u);
            if theirs.len() < 3 {
                return None;
            }
            let sim = similarity(index, &linked, &theirs);
            (sim >= TWIN_MIN).then_some((u, sim))
        })
        .collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    out
}

/// An article mostly contained in another, with no `copy_of` between them.
#[derive(Clone, Debug, PartialEq)]
pub struct PossibleCopy {
    /// The article contained.
    pub copy: usize,
    /// The article that contains it.
    pub of: usize,
    /// The share of the copy's word triples found in the other (0 to 1).
    pub containment: f64,
}

/// Articles whose word triples are mostly in another article that no
/// `copy_of` chain joins them to. The sampled triples of the index find
/// the candidates (near-linear: a triple found in more than one article in
/// a hundred is boilerplate and left out); each candidate pair is then
/// measured on all its triples.
pub fn possible_copies(site: &Site, index: &Index) -> Vec<PossibleCopy> {
    let n = site.articles.len();
    let cap = 100.max(n / 100);
    // Every sampled triple with the article holding it, sorted: the holders
    // of one triple are a run. (No map of lists: one allocation in all.)
    let mut held: Vec<(u64, u32)> = index
        .samples
        .iter()
        .enumerate()
        .flat_map(|(a, samples)| samples.iter().map(move |&s| (s, a as u32)))
        .collect();
    held.par_sort_unstable();
    // For each article, the articles it shares a triple with, once per triple.
    let mut shared: Vec<(u32, u32)> = Vec::new();
    for run in held.chunk_by(|x, y| x.0 == y.0) {
        if run.len() < 2 || run.len() > cap {
            continue;
        }
        for x in run {
            for y in run {
                if x.1 != y.1 {
                    shared.push((x.1, y.1));
                }
            }
        }
    }
    drop(held);
    shared.par_sort_unstable();
    let mut counts: Vec<Vec<(usize, usize)>> = vec![Vec::new(); index.samples.len()];
    for run in shared.chunk_by(|x, y| x == y) {
        counts[run[0].0 as usize].push((run[0].1 as usize, run.len()));
    }
    drop(shared);
    let pairs: Vec<(usize, usize)> = counts
        .into_par_iter()
        .enumerate()
        .flat_map_iter(|(a, shared)| {
            let samples = &index.samples[a];
            let need = ((samples.len() as f64) * COPY_MIN * 0.6).max(2.0);
            let mut found: Vec<usize> = shared
                .into_iter()
                .filter(|&(_, c)| c as f64 >= need)
                .map(|(b, _)| b)
                .collect();
            // A short article has too few sampled triples to go by: look
            // for the articles that hold its rarest words instead.
            if samples.len() < SHORT_SAMPLES {
                let mut keys: Vec<u32> = index
                    .article_units(a)
                    .flat_map(|u| unit_keys(index, u))
                    .collect();
                keys.sort_unstable();
                keys.dedup();
                found.extend(
                    candidates(index, &keys, 64)
                        .into_iter()
                        .map(|u| index.units[u].article as usize)
                        .filter(|&b| b != a),
                );
                found.sort_unstable();
                found.dedup();
            }
            found.into_iter().map(move |b| (a, b))
        })
        .collect();
    let mut found: Vec<PossibleCopy> = pairs
        .into_par_iter()
        .filter(|&(a, b)| site.articles[a].origin != site.articles[b].origin)
        .filter_map(|(a, b)| {
            let mine = index::all_shingles(&site.articles[a]);
            let theirs = index::all_shingles(&site.articles[b]);
            if mine.is_empty() {
                return None;
            }
            let inside = mine
                .iter()
                .filter(|s| theirs.binary_search(s).is_ok())
                .count();
            let containment = inside as f64 / mine.len() as f64;
            (containment >= COPY_MIN).then_some(PossibleCopy {
                copy: a,
                of: b,
                containment,
            })
        })
        .collect();
    // Each pair once: where both contain each other, the more contained one.
    found.sort_by_key(|c| (c.copy, c.of));
    let keep: Vec<PossibleCopy> = found
        .iter()
        .filter(|c| {
            !found.iter().any(|o| {
                o.copy == c.of
                    && o.of == c.copy
                    && (o.containment > c.containment
                        || (o.containment == c.containment && o.copy < c.copy))
            })
        })
        .cloned()
        .collect();
    keep
}

/// The pairs of a claim's evidence entries (first < second) whose quotes
/// in different articles are twins: the same sentence reported twice.
pub fn claim_twins(site: &Site, index: &Index, claim: &crate::model::Claim) -> Vec<(usize, usize)> {
    let keys: Vec<Vec<u32>> = claim
        .evidence
        .iter()
        .map(|e| keys(&site.articles[e.span.article].seed.text[e.span.orig.clone()]))
        .collect();
    let mut out = Vec::new();
    for a in 0..keys.len() {
        for b in a + 1..keys.len() {
            let (ea, eb) = (&claim.evidence[a], &claim.evidence[b]);
            if ea.span.article == eb.span.article || keys[a].len() < 3 || keys[b].len() < 3 {
                continue;
            }
            if similarity(index, &keys[a], &keys[b]) >= TWIN_MIN {
                out.push((a, b));
            }
        }
    }
    out
}

/// Every claim's twins ([`claim_twins`]), in the order of `site.claims`:
/// computed beside the rendering of the pages that do not show them, and
/// set with [`set_twins`].
pub fn all_claim_twins(site: &Site, index: &Index) -> Vec<Vec<(usize, usize)>> {
    site.claims
        .par_iter()
        .map(|c| claim_twins(site, index, c))
        .collect()
}

/// Sets every claim's `twins` and, from them, which entries are shown
/// under another (the model's copies and independence counts read them).
pub fn set_twins(site: &mut Site, twins: Vec<Vec<(usize, usize)>>) {
    for (c, t) in site.claims.iter_mut().zip(twins) {
        c.twins = t;
        c.shown_as.clear();
    }
    let shown: Vec<Vec<usize>> = site
        .claims
        .par_iter()
        .map(|c| crate::model::independence::fold_copies(site, c))
        .collect();
    for (c, s) in site.claims.iter_mut().zip(shown) {
        c.shown_as = s;
    }
}

/// Fills every claim's `twins` and `shown_as`: [`all_claim_twins`], then
/// [`set_twins`].
pub fn link_twins(site: &mut Site, index: &Index) {
    let twins = all_claim_twins(site, index);
    set_twins(site, twins);
}
