//! Independence: how many reports and primary sources stand behind each
//! stance of a claim, once copies, twins and the parts of one source are
//! folded; and which evidence entries are the same passage shown twice.

use super::{Claim, Site, Stance};

/// What the methodology page says is counted; `tests/site.rs` holds the
/// demo's and the starter's methodology pages to it, and its tests on the
/// `sources` fixture hold the code to each sentence.
pub const METHOD: &str = "For each stance (for, against, caveats), the summary counts independent reports and independent primary sources. Reports: an article and its copies count as one report, and so do articles whose quoted passages are near-copies of each other. Primary sources: each passage names the sources it cites from our list of sources, and the parts of one source (a minister and the government, a spokesperson and the alliance) count as the source they belong to. A passage that names no source adds a report, not a source. The same passage quoted in copies of one report is shown once and counted once.";

/// A union-find over evidence entries.
struct Sets(Vec<usize>);

impl Sets {
    fn new(n: usize) -> Sets {
        Sets((0..n).collect())
    }
    fn find(&mut self, mut x: usize) -> usize {
        while self.0[x] != x {
            self.0[x] = self.0[self.0[x]];
            x = self.0[x];
        }
        x
    }
    fn join(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        // The smaller index stays the root: the first entry represents the set.
        if a < b {
            self.0[b] = a;
        } else if b < a {
            self.0[a] = b;
        }
    }
}

fn is_twin(claim: &Claim, a: usize, b: usize) -> bool {
    let pair = (a.min(b), a.max(b));
    claim.twins.binary_search(&pair).is_ok()
}

/// The same passage in copies of one report: same stance, same report
/// (the articles share an origin), and the same words or twin passages.
fn same_passage(site: &Site, claim: &Claim, a: usize, b: usize) -> bool {
    let (x, y) = (&claim.evidence[a], &claim.evidence[b]);
    if x.stance != y.stance {
        return false;
    }
    let (ax, ay) = (
        &site.articles[x.span.article],
        &site.articles[y.span.article],
    );
    if ax.origin != ay.origin {
        return false;
    }
    if x.span.article == y.span.article {
        return x.span.orig == y.span.orig;
    }
    let text = |e: &super::Evidence| crate::text::normalize(e.span.exact());
    is_twin(claim, a, b) || text(x) == text(y)
}

/// For each evidence entry, the entry it is shown under (itself, or the
/// first entry quoting the same passage in a copy of the same report),
/// preferring the entry in the original article. Kept in the claim once
/// its twins are known ([`Claim::shown_as`]).
pub fn shown_as(site: &Site, claim: &Claim) -> Vec<usize> {
    if claim.shown_as.len() == claim.evidence.len() {
        return claim.shown_as.clone();
    }
    fold_copies(site, claim)
}

/// Whether the claim's twins can change [`shown_as`] (and so the counts
/// readers see): only if two entries of one stance quote different
/// articles of one report. Otherwise [`shown_as`] is known before the twins.
pub fn shown_depends_on_twins(site: &Site, claim: &Claim) -> bool {
    let ev = &claim.evidence;
    (0..ev.len()).any(|a| {
        (a + 1..ev.len()).any(|b| {
            let (x, y) = (&ev[a], &ev[b]);
            x.stance == y.stance
                && x.span.article != y.span.article
                && site.articles[x.span.article].origin == site.articles[y.span.article].origin
        })
    })
}

/// Computes [`shown_as`].
pub fn fold_copies(site: &Site, claim: &Claim) -> Vec<usize> {
    let n = claim.evidence.len();
    let mut sets = Sets::new(n);
    for a in 0..n {
        for b in a + 1..n {
            if same_passage(site, claim, a, b) {
                sets.join(a, b);
            }
        }
    }
    // The representative: the entry in the original article if there is one.
    let mut rep: Vec<usize> = (0..n).map(|i| sets.find(i)).collect();
    let mut best: Vec<Option<usize>> = vec![None; n];
    for (i, &root) in rep.iter().enumerate() {
        let is_origin = |e: usize| {
            let a = claim.evidence[e].span.article;
            site.articles[a].origin == a
        };
        match best[root] {
            Some(b) if is_origin(b) || !is_origin(i) => {}
            _ => best[root] = Some(i),
        }
    }
    for r in rep.iter_mut() {
        *r = best[*r].unwrap_or(*r);
    }
    rep
}

/// How many evidence entries each stance shows once folded: the counts
/// readers see on claim pages, the home page and listings.
pub fn shown_counts(site: &Site, claim: &Claim) -> [usize; 3] {
    let shown = shown_as(site, claim);
    let mut counts = [0; 3];
    for (i, ev) in claim.evidence.iter().enumerate() {
        if shown[i] == i {
            counts[stance_index(ev.stance)] += 1;
        }
    }
    counts
}

pub fn stance_index(s: Stance) -> usize {
    Stance::ALL.iter().position(|x| *x == s).unwrap_or(0)
}

/// A primary source behind a stance.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Primary {
    /// A source of the registry, as counted (its parent at the level set).
    Known(usize),
    /// A name the registry does not know, normalised, as first written.
    Named(String, String),
}

/// What stands behind one stance of a claim.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StanceSources {
    pub stance: Stance,
    /// Evidence entries shown (copies folded).
    pub passages: usize,
    /// Independent reports: copy chains and twins folded.
    pub reports: usize,
    /// Independent primary sources, parts folded into the counted level.
    pub primary: Vec<Primary>,
    /// Reports none of whose passages names a source.
    pub unattributed_reports: usize,
}

/// For each evidence entry, its report: the first entry of the same
/// stance in the same report (a `copy_of` chain) or joined to it by twins.
pub fn reports(site: &Site, claim: &Claim) -> Vec<usize> {
    let n = claim.evidence.len();
    let mut sets = Sets::new(n);
    for a in 0..n {
        for b in a + 1..n {
            let (ea, eb) = (&claim.evidence[a], &claim.evidence[b]);
            if ea.stance != eb.stance {
                continue;
            }
            let same_report =
                site.articles[ea.span.article].origin == site.articles[eb.span.article].origin;
            if same_report || is_twin(claim, a, b) {
                sets.join(a, b);
            }
        }
    }
    (0..n).map(|i| sets.find(i)).collect()
}

/// Reports and primary sources for each stance of `claim`, in the order
/// of [`Stance::ALL`]; a stance with no evidence has zero of everything.
pub fn count(site: &Site, claim: &Claim) -> Vec<StanceSources> {
    let shown = shown_as(site, claim);
    let report = reports(site, claim);
    Stance::ALL
        .iter()
        .map(|&stance| {
            let entries: Vec<usize> = (0..claim.evidence.len())
                .filter(|&i| claim.evidence[i].stance == stance)
                .collect();
            let mut reports: Vec<usize> = entries.iter().map(|&i| report[i]).collect();
            reports.sort_unstable();
            reports.dedup();
            let attributed: Vec<usize> = entries
                .iter()
                .filter(|&&i| !claim.evidence[i].cited.is_empty())
                .map(|&i| report[i])
                .collect();
            let unattributed_reports = reports.iter().filter(|r| !attributed.contains(r)).count();
            let mut primary: Vec<Primary> = entries
                .iter()
                .flat_map(|&i| &claim.evidence[i].cited)
                .map(|c| match c.source {
                    Some(s) => Primary::Known(site.sources.sources[s].counted_as),
                    None => Primary::Named(crate::text::normalize(&c.name), c.name.clone()),
                })
                .collect();
            primary.sort();
            primary.dedup_by(|a, b| match (&*a, &*b) {
                (Primary::Named(x, _), Primary::Named(y, _)) => x == y,
                (x, y) => x == y,
            });
            StanceSources {
                stance,
                passages: entries.iter().filter(|&&i| shown[i] == i).count(),
                reports: reports.len(),
                primary,
                unattributed_reports,
            }
        })
        .collect()
}

/// How the summary names a stance.
pub fn stance_heading(s: Stance) -> &'static str {
    match s {
        Stance::Asserts => "For",
        Stance::Denies => "Against",
        Stance::Qualifies => "Caveats",
    }
}

impl StanceSources {
    /// The names of the primary sources, as the registry names them.
    pub fn names(&self, site: &Site) -> Vec<String> {
        let mut names: Vec<String> = self
            .primary
            .iter()
            .map(|p| match p {
                Primary::Known(s) => site.sources.sources[*s].name.clone(),
                Primary::Named(_, name) => name.clone(),
            })
            .collect();
        names.sort_by_key(|n| crate::text::normalize(n));
        names
    }

    /// "1 primary source (South Korea's National Intelligence Service) in 3
    /// reports", "2 reports, naming no source".
    pub fn line(&self, site: &Site) -> String {
        let n = self.primary.len();
        let reports = format!(
            "{} {}",
            self.reports,
            plural(self.reports, "report", "reports")
        );
        if n == 0 {
            return format!("{reports}, naming no source");
        }
        let mut s = format!(
            "{n} primary {} ({}) in {reports}",
            plural(n, "source", "sources"),
            self.names(site).join(", ")
        );
        if self.unattributed_reports > 0 {
            s.push_str(&format!(
                ", {} of which {} no source",
                self.unattributed_reports,
                plural(self.unattributed_reports, "names", "name")
            ));
        }
        s
    }
}

/// The claim's source summary, one sentence per stance with evidence:
/// "For: 1 primary source (NIS) in 3 reports. Against: 2 primary sources
/// (Russia, North Korea) in 2 reports."
pub fn summary(site: &Site, claim: &Claim) -> String {
    count(site, claim)
        .iter()
        .filter(|s| s.reports > 0)
        .map(|s| format!("{}: {}.", stance_heading(s.stance), s.line(site)))
        .collect::<Vec<_>>()
        .join(" ")
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}
