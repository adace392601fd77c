//! The claim page's view: the verdict first, the evidence at a glance,
//! then every passage by stance, the same passage in copies shown once.

use super::pages::{current, figure_text, home_crumb};
use super::views::*;
use super::{Ctx, passage};
use crate::diagnostics::Diagnostic;
use crate::model::{Claim, Evidence, Site, Stance, independence};
use crate::resolve::visible_ranges;

/// Where an evidence entry's passage is: "¶7", "the headline".
fn location(site: &Site, ev: &Evidence) -> String {
    let a = &site.articles[ev.span.article];
    a.blocks[ev.span.first_block].label(&a.seed.text)
}

/// The names of an entry's `attributed_to`, linked to their source pages.
pub fn cited_links(site: &Site, ev: &Evidence, root: &str) -> Vec<LinkView> {
    ev.cited
        .iter()
        .map(|c| match c.source {
            Some(s) => {
                let src = &site.sources.sources[s];
                LinkView {
                    href: format!("{root}sources/{}/", src.slug),
                    label: src.name.clone(),
                }
            }
            None => LinkView {
                href: String::new(),
                label: c.name.clone(),
            },
        })
        .collect()
}

impl Ctx<'_> {
    pub(super) fn claim_view(&self, c: &Claim, problems: &mut Vec<Diagnostic>) -> ClaimView {
        let root = "../../";
        let site = self.site;
        let mut groups: Vec<StanceGroup> = Stance::ALL
            .iter()
            .map(|&s| StanceGroup {
                stance: s.id(),
                label: stance_label(s),
                count: 0,
                items: Vec::new(),
            })
            .collect();
        let shown = independence::shown_as(site, c);
        for (i, ev) in c.evidence.iter().enumerate() {
            if shown[i] != i {
                continue;
            }
            let a = &site.articles[ev.span.article];
            // The quote's paragraphs, cut to its sentence(s), as bytes of the sentence.
            let at = ev.span.sentence_start;
            let end = at + ev.span.sentence.len();
            let pieces: Vec<std::ops::Range<usize>> =
                visible_ranges(&a.blocks[ev.span.first_block..=ev.span.last_block])
                    .into_iter()
                    .map(|b| b.start.clamp(at, end) - at..b.end.clamp(at, end) - at)
                    .collect();
            let also_in = (0..c.evidence.len())
                .filter(|&j| j != i && shown[j] == i)
                .map(|j| {
                    let other = &c.evidence[j];
                    let oa = &site.articles[other.span.article];
                    AlsoInView {
                        anchor: format!("e{}", other.k),
                        href: format!("{root}articles/{}/#ev-{}-{}", oa.slug, c.slug, other.k),
                        label: format!(
                            "{}, {}",
                            oa.outlet.as_deref().unwrap_or(&oa.title),
                            location(site, other)
                        ),
                    }
                })
                .collect();
            let view = EvidenceView {
                anchor: format!("e{}", ev.k),
                k: ev.k,
                stance: ev.stance.id(),
                in_sentence_html: passage::in_sentence_html(
                    &ev.span.sentence,
                    &pieces,
                    ev.span.orig.start.saturating_sub(at)..ev.span.orig.end.saturating_sub(at),
                ),
                exact: ev.span.exact().to_string(),
                article_title: a.title.clone(),
                article_title_is_ours: a.title_is_ours,
                article_href: format!("{root}articles/{}/", a.slug),
                outlet: a.outlet.clone(),
                location: location(site, ev),
                href: format!("{root}articles/{}/#ev-{}-{}", a.slug, c.slug, ev.k),
                attributed_to: ev.attributed_to.clone(),
                sources: cited_links(site, ev, root),
                attribution_inferred: ev.attribution_inferred,
                note_html: ev
                    .note
                    .as_ref()
                    .map(|(n, at)| self.inline_markdown(n, &c.file, *at, root, problems)),
                copy_of: a.copy_of.map(|i| article_link(site, i, root)),
                also_in,
                figure: super::figures::evidence_figure_link(site, c, i, root),
            };
            let g = &mut groups[independence::stance_index(ev.stance)];
            g.count += 1;
            g.items.push(view);
        }
        let glance = glance(site, c, &shown);
        // Claims are sorted by slug: find this one's index, then its rank.
        let index = site
            .claims
            .binary_search_by(|x| x.slug.as_str().cmp(&c.slug))
            .ok();
        let position = index.map(|i| site.rank[i]);
        let neighbour = |ci: Option<&usize>| {
            ci.map(|&ci| LinkView {
                href: format!("{root}claims/{}/", site.claims[ci].slug),
                label: site.claims[ci].title.clone(),
            })
        };
        let rating = &site.config.ratings[c.rating];
        let verdict_html = c.verdict.as_ref().map(|v| {
            // The verdict is one or two sentences in the front matter:
            // inline markdown, located at the claim file's start.
            self.inline_markdown(v, &c.file, 0, root, problems)
        });
        let mut site_view = self.site_view(root, &format!("claims/{}/", c.slug));
        site_view.share = super::share::ShareView {
            kind: "article",
            title: format!("{} ({})", c.title, rating.label),
            description: match &c.verdict {
                Some(v) => format!("{}: {v}", rating.label),
                None => format!("{}: {}", rating.label, c.claim),
            },
        };
        ClaimView {
            site: site_view,
            breadcrumbs: vec![
                home_crumb(root),
                LinkView {
                    href: format!("{root}claims/"),
                    label: "Claims".to_string(),
                },
                current(&c.title),
            ],
            jsonld: super::jsonld::script_text(&super::jsonld::claim_review(site, c)),
            share_description: match &c.verdict {
                Some(v) => format!("{}: {v}", rating.label),
                None => format!("{}: {}", rating.label, c.claim),
            },
            title: c.title.clone(),
            claim: c.claim.clone(),
            claimant: c.claimant.clone(),
            claimant_href: format!("{root}claimants/{}/", crate::model::group_slug(&c.claimant)),
            modified: c.modified().map(ToString::to_string),
            changes: c
                .changes
                .iter()
                .rev()
                .map(|ch| ChangeView {
                    date: ch.date.to_string(),
                    note_html: self.inline_markdown(&ch.note, &c.file, ch.note_at, root, problems),
                    claim: None,
                })
                .collect(),
            prev: position
                .and_then(|p| p.checked_sub(1))
                .and_then(|p| neighbour(site.order.get(p))),
            next: position.and_then(|p| neighbour(site.order.get(p + 1))),
            claim_date: c.claim_date.as_ref().map(ToString::to_string),
            published: c.published.to_string(),
            updated: c.updated.as_ref().map(ToString::to_string),
            tags: c
                .tags
                .iter()
                .map(|t| LinkView {
                    href: format!("{root}tags/{}/", crate::model::group_slug(t)),
                    label: t.clone(),
                })
                .collect(),
            rating: rating_view(site, c.rating),
            ratings: (0..site.config.ratings.len())
                .map(|i| rating_view(site, i))
                .collect(),
            figure: c.figure.as_ref().map(figure_text),
            figure_href: c
                .figure
                .as_ref()
                .map(|f| format!("{root}figures/{}/", f.quantity)),
            body_html: self.markdown(&c.body, Some(&c.file), c.body_start, root, problems),
            counts: counts(site, c),
            groups,
            sources_summary: sources_summary(site, c),
            verdict_html,
            glance,
            methodology_href: site
                .pages
                .iter()
                .any(|p| p.slug == "methodology")
                .then(|| format!("{root}methodology/")),
        }
    }
}

/// For, against and caveats at a glance: each stance's independent
/// sources and its first passages from one or two different reports, in
/// the order the claim file lists them (the editor lists the strongest
/// first).
fn glance(site: &Site, c: &Claim, shown: &[usize]) -> Vec<GlanceView> {
    independence::count(site, c)
        .into_iter()
        .filter(|s| s.passages > 0)
        .map(|s| {
            let report = independence::reports(site, c);
            let mut top: Vec<GlanceQuote> = Vec::new();
            let mut reports: Vec<usize> = Vec::new();
            for (i, ev) in c.evidence.iter().enumerate() {
                if ev.stance != s.stance || shown[i] != i || top.len() == 2 {
                    continue;
                }
                let a = &site.articles[ev.span.article];
                if reports.contains(&report[i]) {
                    continue;
                }
                reports.push(report[i]);
                let who = cited_links(site, ev, "");
                top.push(GlanceQuote {
                    href: format!("#e{}", ev.k),
                    exact: ev.span.exact().to_string(),
                    cite: format!(
                        "{}, {}",
                        (a.original_outlet.as_deref())
                            .or(a.outlet.as_deref())
                            .unwrap_or(&a.title),
                        location(site, ev)
                    ),
                    who: (!who.is_empty()).then(|| {
                        who.into_iter()
                            .map(|l| l.label)
                            .collect::<Vec<_>>()
                            .join(", ")
                    }),
                });
            }
            GlanceView {
                stance: s.stance.id(),
                heading: independence::stance_heading(s.stance),
                sources_line: s.line(site),
                count: s.passages,
                top,
            }
        })
        .collect()
}
