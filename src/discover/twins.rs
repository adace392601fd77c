//! Near-copies: a passage's twins in other articles (the same sentence in
//! a copy, a translation or a spun version of a report), and articles
//! that are mostly contained in another (copies nobody declared).

use std::ops::Range;

use rayon::prelude::*;

use super::index::{self, Index, KeyMap, Triple};
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
    let mut k = index.unit_terms(unit).into_owned();
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
    let text = &site.articles[article].seed.text.get()[range.clone()];
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

/// A sampled word triple held by more articles than this is boilerplate
/// (a byline, a standard phrase), not a sign of copying, and is left out.
/// A fixed number, not a share of the site: a cap that grew with the site
/// would make the search grow with its square (a triple held by 1,000 of
/// 100,000 articles alone gives a million pairs).
pub const COPY_TRIPLE_MAX: usize = 100;

/// A sampled triple held by at most this many articles counts for each
/// pair of them. One held by more (up to [`COPY_TRIPLE_MAX`]) counts only
/// along with the other triples held by exactly the same articles: a
/// family of copies shares many such triples; a phrase common by chance
/// (in a big site, many are) shares its holders with no other triple.
/// Each triple counted alone costs the square of its holders: this keeps
/// the search linear as the site grows.
const LIGHT_TRIPLE_MAX: usize = 16;

/// How many parts the sampled triples are sorted in, by value: only one
/// part's (triple, article) pairs exist at a time.
const TRIPLE_PARTS: Triple = 16;

/// The shared sampled triples, each counted for every pair of its
/// holders: one entry per triple held by 2 to [`LIGHT_TRIPLE_MAX`]
/// articles (`keys[i]` is entry `i`'s triple; `keys` sorted), then one
/// entry per set of more holders that several triples share, weighing as
/// many triples. The holders of entry `i` are
/// `holders[starts[i]..starts[i + 1]]`; `of_article[a]`, the entries
/// article `a` holds.
struct SharedTriples {
    keys: Vec<Triple>,
    weights: Vec<u32>,
    starts: Vec<u32>,
    holders: Vec<u32>,
    of_article: Vec<Vec<u32>>,
}

impl SharedTriples {
    fn new(samples: &[Vec<Triple>]) -> SharedTriples {
        let mut shared = SharedTriples {
            keys: Vec::new(),
            weights: Vec::new(),
            starts: vec![0],
            holders: Vec::new(),
            of_article: vec![Vec::new(); samples.len()],
        };
        // The heavier triples by their holders: how many share each set.
        let mut heavy: std::collections::HashMap<Vec<u32>, u32, foldhash::fast::FixedState> =
            Default::default();
        let part = Triple::MAX / TRIPLE_PARTS + 1;
        for p in 0..TRIPLE_PARTS {
            let (low, high) = (p * part, (p * part).saturating_add(part - 1));
            // Each article's samples are sorted: the part is a slice of them.
            let mut held: Vec<(Triple, u32)> = samples
                .iter()
                .enumerate()
                .flat_map(|(a, s)| {
                    let from = s.partition_point(|&x| x < low);
                    let to = s.partition_point(|&x| x <= high);
                    s[from..to].iter().map(move |&x| (x, a as u32))
                })
                .collect();
            held.par_sort_unstable();
            for run in held.chunk_by(|x, y| x.0 == y.0) {
                if run.len() < 2 || run.len() > COPY_TRIPLE_MAX {
                    continue;
                }
                let articles = run.iter().map(|x| x.1);
                if run.len() > LIGHT_TRIPLE_MAX {
                    *heavy.entry(articles.collect()).or_insert(0) += 1;
                    continue;
                }
                shared.keys.push(run[0].0);
                shared.push(articles, 1);
            }
        }
        // In the order of their holders, so that runs are reproducible.
        let mut families: Vec<(Vec<u32>, u32)> =
            heavy.into_iter().filter(|(_, n)| *n > 1).collect();
        families.sort_unstable();
        for (articles, n) in families {
            shared.push(articles.into_iter(), n);
        }
        shared
    }

    /// Adds an entry: its holders (in increasing order), weighing `weight` triples.
    fn push(&mut self, articles: impl Iterator<Item = u32>, weight: u32) {
        let entry = self.weights.len() as u32;
        for a in articles {
            self.of_article[a as usize].push(entry);
            self.holders.push(a);
        }
        self.weights.push(weight);
        self.starts.push(self.holders.len() as u32);
    }

    /// The articles holding entry `i`.
    fn run(&self, i: u32) -> &[u32] {
        let i = i as usize;
        &self.holders[self.starts[i] as usize..self.starts[i + 1] as usize]
    }

    /// The articles holding `triple`, if it counts alone (none if it is
    /// held by one, or by more than [`LIGHT_TRIPLE_MAX`]).
    #[cfg(test)]
    fn holders(&self, triple: Triple) -> &[u32] {
        match self.keys.binary_search(&triple) {
            Ok(i) => self.run(i as u32),
            Err(_) => &[],
        }
    }
}

/// Finds the possible copies now, while discovery has the cores, and
/// drops the sampled triples (200 MB at 100,000 articles) that only this
/// needs: the lints report what it found.
pub fn find_copies(site: &Site, index: &mut Index) {
    let copies = possible_copies(site, index);
    index.copies = Some(copies);
    index.samples = Vec::new();
}

/// Articles whose word triples are mostly in another article that no
/// `copy_of` chain joins them to. The sampled triples of the index find
/// the candidates (linear: a triple held by more than
/// [`COPY_TRIPLE_MAX`] articles is boilerplate and left out, one held by
/// more than [`LIGHT_TRIPLE_MAX`] counts only with the others its holders
/// share); each candidate pair is then measured on all its triples.
pub fn possible_copies(site: &Site, index: &Index) -> Vec<PossibleCopy> {
    let shared = SharedTriples::new(&index.samples);
    let n = index.samples.len();
    let pairs: Vec<(usize, usize)> = (0..n)
        .into_par_iter()
        .map_init(
            // How many triples each other article shares with this one: a
            // count per article, and the articles counted, to reset them.
            // (Counting in place: at 100,000 articles one article meets
            // thousands of holders of its triples, too many to sort.)
            || (vec![0u32; n], Vec::new()),
            |(counts, met), a| {
                // The shared triples of the article, found when they were
                // sorted: no search for each of its samples.
                for &t in &shared.of_article[a] {
                    let weight = shared.weights[t as usize];
                    for &b in shared.run(t) {
                        if b as usize != a {
                            if counts[b as usize] == 0 {
                                met.push(b);
                            }
                            counts[b as usize] += weight;
                        }
                    }
                }
                let samples = &index.samples[a];
                let need = ((samples.len() as f64) * COPY_MIN * 0.6).max(2.0);
                let mut found: Vec<usize> = Vec::new();
                for b in met.drain(..) {
                    if f64::from(counts[b as usize]) >= need {
                        found.push(b as usize);
                    }
                    counts[b as usize] = 0;
                }
                found.sort_unstable();
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
                found.into_iter().map(move |b| (a, b)).collect::<Vec<_>>()
            },
        )
        .flatten_iter()
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
    let reverse = |c: &PossibleCopy| {
        found
            .binary_search_by_key(&(c.of, c.copy), |o| (o.copy, o.of))
            .ok()
            .map(|i| &found[i])
    };
    let keep: Vec<PossibleCopy> = found
        .iter()
        .filter(|c| {
            !reverse(c).is_some_and(|o| {
                o.containment > c.containment || (o.containment == c.containment && o.copy < c.copy)
            })
        })
        .cloned()
        .collect();
    keep
}

/// The pairs of a claim's evidence entries (first < second) whose quotes
/// in different articles are twins: the same sentence reported twice.
pub fn claim_twins(index: &Index, claim: &crate::model::Claim) -> Vec<(usize, usize)> {
    let keys: Vec<Vec<u32>> = claim
        .evidence
        .iter()
        .map(|e| keys(e.span.exact()))
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
        .map(|c| claim_twins(index, c))
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

#[cfg(test)]
mod tests {
    use super::*;

    /// `holders` articles, each holding `triple` besides a triple of its own.
    fn held_by(samples: &mut Vec<Vec<Triple>>, triple: Triple, holders: usize) {
        for _ in 0..holders {
            let own = 16 * (samples.len() as Triple + 1);
            let mut s = vec![triple, own];
            s.sort_unstable();
            samples.push(s);
        }
    }

    #[test]
    fn a_triple_held_by_more_than_the_cap_is_boilerplate_however_big_the_site() {
        // The cap does not grow with the site: at 100,000 articles a triple
        // held by 101 of them is as much boilerplate as at 1,000, and
        // keeping it would cost the square of its holders in pairs.
        let (light, past_cap) = (Triple::MAX - 15, 1 << 28);
        let mut samples = Vec::new();
        held_by(&mut samples, light, LIGHT_TRIPLE_MAX);
        held_by(&mut samples, past_cap, COPY_TRIPLE_MAX + 1);
        samples.resize(20_000, Vec::new());
        let shared = SharedTriples::new(&samples);
        let holders: Vec<u32> = (0..LIGHT_TRIPLE_MAX as u32).collect();
        assert_eq!(shared.holders(light), holders.as_slice());
        assert!(shared.holders(past_cap).is_empty());
        // A triple of one article is shared with nobody.
        assert!(shared.holders(16).is_empty());
        // Each article knows the shared triples it holds.
        assert_eq!(shared.of_article[0].len(), 1);
        assert_eq!(shared.run(shared.of_article[0][0]), holders.as_slice());
        assert!(shared.of_article[LIGHT_TRIPLE_MAX].is_empty());
    }

    #[test]
    fn many_copies_of_one_text_count_together_and_a_common_phrase_not_at_all() {
        // Forty copies of one text share its triples (here three); forty
        // other articles share one phrase by chance.
        let family: Vec<Triple> = vec![16, 32, 48];
        let mut samples: Vec<Vec<Triple>> = vec![family.clone(); 40];
        for i in 0..40 {
            samples.push(vec![64, 16 * (100 + i)]);
        }
        let shared = SharedTriples::new(&samples);
        // The family: one entry weighing its three triples, held by all forty.
        assert_eq!(shared.of_article[0].len(), 1);
        let entry = shared.of_article[0][0];
        assert_eq!(shared.weights[entry as usize], 3);
        assert_eq!(shared.run(entry), (0..40).collect::<Vec<u32>>().as_slice());
        // The phrase, held by more than a few and sharing its holders with no
        // other triple, counts for nobody.
        assert!(shared.of_article[40].is_empty());
        assert!(shared.holders(64).is_empty());
    }
}
