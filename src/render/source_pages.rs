//! Source pages: `/sources/` (the registry as a tree) and
//! `/sources/<slug>/` (what a source is, its parent and parts, and every
//! passage citing it or its parts, grouped by claim).

use serde::Serialize;

use super::pages::{current, home_crumb};
use super::views::*;
use super::{Ctx, claim_page::cited_links};
use crate::diagnostics::Diagnostic;
use crate::model::{Site, Source, independence};

/// A source in the index or linked from another source's page.
#[derive(Clone, Debug, Serialize)]
pub struct SourceSummary {
    pub href: String,
    pub label: String,
    pub kind: Option<String>,
    pub affiliation: Option<String>,
    /// 1 for a top source, 2 for its parts, ...
    pub depth: usize,
    /// Passages citing it or one of its parts (copies folded).
    pub passages: usize,
}

/// One passage citing the source, on its page.
#[derive(Clone, Debug, Serialize)]
pub struct SourcePassage {
    pub stance: &'static str,
    pub stance_label: &'static str,
    pub exact: String,
    /// The passage on its article page.
    pub href: String,
    /// "Fixture Wire, ¶7, 2024-10-18".
    pub cite: String,
    /// Who the passage names, when not the source itself (one of its parts).
    pub who: Vec<LinkView>,
    /// The evidence entry on the claim page.
    pub claim_href: String,
}

/// A claim with the passages of the source it links.
#[derive(Clone, Debug, Serialize)]
pub struct SourceClaim {
    pub href: String,
    pub title: String,
    pub rating: RatingView,
    pub passages: Vec<SourcePassage>,
}

#[derive(Clone, Debug, Serialize)]
pub struct SourceView {
    pub site: SiteView,
    pub breadcrumbs: Vec<LinkView>,
    pub title: String,
    pub description: String,
    /// The source's own page; empty on the index.
    pub kind: Option<String>,
    pub affiliation: Option<LinkView>,
    pub aliases: Vec<String>,
    /// Its parents, nearest first.
    pub part_of: Vec<LinkView>,
    pub parts: Vec<SourceSummary>,
    /// The source it counts as in the claims' summaries, when another.
    pub counted_as: Option<LinkView>,
    pub body_html: String,
    pub claims: Vec<SourceClaim>,
    /// The index: every source, as a tree (parents before their parts).
    pub sources: Vec<SourceSummary>,
}

/// `source` and every source part of it, at any depth.
fn family(site: &Site, source: usize) -> Vec<usize> {
    let mut out = vec![source];
    let mut i = 0;
    while i < out.len() {
        out.extend(&site.sources.sources[out[i]].parts);
        i += 1;
    }
    out
}

/// The evidence entries citing `source` or its parts, copies folded, in
/// the order of the claims.
fn citing(site: &Site, source: usize) -> Vec<(usize, usize)> {
    let fam = family(site, source);
    let mut out: Vec<(usize, usize)> = fam
        .iter()
        .flat_map(|&s| site.cited_in[s].iter().copied())
        .collect();
    out.sort_by_key(|&(ci, ei)| (site.rank[ci], ei));
    out.dedup();
    let mut shown: Vec<(usize, Vec<usize>)> = Vec::new();
    out.retain(|&(ci, ei)| {
        let pos = match shown.iter().position(|(c, _)| *c == ci) {
            Some(p) => p,
            None => {
                shown.push((ci, independence::shown_as(site, &site.claims[ci])));
                shown.len() - 1
            }
        };
        shown[pos].1[ei] == ei
    });
    out
}

fn summary(site: &Site, i: usize, root: &str) -> SourceSummary {
    let s = &site.sources.sources[i];
    SourceSummary {
        href: format!("{root}sources/{}/", s.slug),
        label: s.name.clone(),
        kind: s.kind.clone(),
        affiliation: s
            .affiliation
            .map(|a| site.config.affiliations[a].label.clone()),
        depth: s.depth,
        passages: citing(site, i).len(),
    }
}

fn link(s: &Source, root: &str) -> LinkView {
    LinkView {
        href: format!("{root}sources/{}/", s.slug),
        label: s.name.clone(),
    }
}

impl Ctx<'_> {
    pub(super) fn sources_index_view(&self) -> SourceView {
        let root = "../";
        let site = self.site;
        // Depth first from each top source; tops and parts by name.
        let by_name = |mut v: Vec<usize>| {
            v.sort_by_key(|&i| crate::text::normalize(&site.sources.sources[i].name));
            v.reverse();
            v
        };
        let mut order = Vec::new();
        let mut stack: Vec<usize> = by_name(
            (0..site.sources.sources.len())
                .filter(|&i| site.sources.sources[i].part_of.is_none())
                .collect(),
        );
        while let Some(i) = stack.pop() {
            order.push(i);
            stack.extend(by_name(site.sources.sources[i].parts.clone()));
        }
        let title = "Sources".to_string();
        let mut site_view = self.site_view(root, "sources/");
        site_view.share = super::share::sources(site);
        SourceView {
            site: site_view,
            breadcrumbs: vec![home_crumb(root), current(&title)],
            description: "Who the quoted passages say said it: governments, their ministries and spokespeople, organisations, outlets and people. Parts are listed under the source they belong to.".to_string(),
            title,
            kind: None,
            affiliation: None,
            aliases: Vec::new(),
            part_of: Vec::new(),
            parts: Vec::new(),
            counted_as: None,
            body_html: String::new(),
            claims: Vec::new(),
            sources: order.into_iter().map(|i| summary(site, i, root)).collect(),
        }
    }

    pub(super) fn source_view(&self, i: usize, problems: &mut Vec<Diagnostic>) -> SourceView {
        let root = "../../";
        let site = self.site;
        let s = &site.sources.sources[i];
        let mut claims: Vec<SourceClaim> = Vec::new();
        for (ci, ei) in citing(site, i) {
            let c = &site.claims[ci];
            let ev = &c.evidence[ei];
            let a = &site.articles[ev.span.article];
            let mut cite = format!(
                "{}, {}",
                (a.original_outlet.as_deref())
                    .or(a.outlet.as_deref())
                    .unwrap_or(&a.title),
                a.blocks[ev.span.first_block].label(&a.seed.text)
            );
            if let Some(d) = &a.published {
                cite.push_str(&format!(", {d}"));
            }
            let who: Vec<LinkView> = cited_links(site, ev, root)
                .into_iter()
                .filter(|l| l.href != format!("{root}sources/{}/", s.slug))
                .collect();
            let passage = SourcePassage {
                stance: ev.stance.id(),
                stance_label: stance_label(ev.stance),
                exact: ev.span.exact().to_string(),
                href: format!("{root}articles/{}/#ev-{}-{}", a.slug, c.slug, ev.k),
                cite,
                who,
                claim_href: format!("{root}claims/{}/#e{}", c.slug, ev.k),
            };
            match claims.last_mut() {
                Some(last) if last.href == format!("{root}claims/{}/", c.slug) => {
                    last.passages.push(passage)
                }
                _ => claims.push(SourceClaim {
                    href: format!("{root}claims/{}/", c.slug),
                    title: c.title.clone(),
                    rating: rating_view(site, c.rating),
                    passages: vec![passage],
                }),
            }
        }
        let parents = site.sources.ancestors(i);
        let counted = s.counted_as;
        let mut site_view = self.site_view(root, &format!("sources/{}/", s.slug));
        let passages = claims.iter().map(|c| c.passages.len()).sum();
        site_view.share = super::share::source(site, i, passages, claims.len());
        SourceView {
            site: site_view,
            breadcrumbs: vec![
                home_crumb(root),
                LinkView {
                    href: format!("{root}sources/"),
                    label: "Sources".to_string(),
                },
                current(&s.name),
            ],
            title: s.name.clone(),
            description: format!(
                "{}: what it is, and every passage that cites it, by claim.",
                s.name
            ),
            kind: s.kind.clone(),
            affiliation: s.affiliation.map(|a| {
                let a = &site.config.affiliations[a];
                LinkView {
                    href: String::new(),
                    label: if a.description.is_empty() {
                        a.label.clone()
                    } else {
                        format!("{}: {}", a.label, a.description)
                    },
                }
            }),
            aliases: s.aliases.clone(),
            part_of: parents[1..]
                .iter()
                .map(|&p| link(&site.sources.sources[p], root))
                .collect(),
            parts: s.parts.iter().map(|&p| summary(site, p, root)).collect(),
            counted_as: (counted != i).then(|| link(&site.sources.sources[counted], root)),
            body_html: self.markdown(&s.description, Some(&s.file), s.body_start, root, problems),
            claims,
            sources: Vec::new(),
        }
    }
}
