//! The views of the site's main pages: home, free pages, claims, articles.

use super::views::*;
use super::{Ctx, passage, share, text_section};
use crate::diagnostics::Diagnostic;
use crate::ingest::BlockKind;
use crate::model::Article;

/// The home page lists at most this many claims (the latest) and
/// articles, and links to the full lists: listing every one made a
/// 62 MB home page at 100,000 articles, slow to build and to read.
pub(super) const HOME_LIST_MAX: usize = 50;

/// The first breadcrumb: the home page.
pub(super) fn home_crumb(root: &str) -> LinkView {
    LinkView {
        href: if root.is_empty() {
            "./".to_string()
        } else {
            root.to_string()
        },
        label: "Home".to_string(),
    }
}

/// The last breadcrumb: this page (no link).
pub(super) fn current(label: &str) -> LinkView {
    LinkView {
        href: String::new(),
        label: label.to_string(),
    }
}

impl Ctx<'_> {
    /// Every change of every claim, newest first: the corrections log.
    pub(super) fn change_log(&self, root: &str, problems: &mut Vec<Diagnostic>) -> Vec<ChangeView> {
        let site = self.site;
        let mut log: Vec<ChangeView> = site
            .claims
            .iter()
            .flat_map(|c| c.changes.iter().map(move |ch| (c, ch)))
            .map(|(c, ch)| ChangeView {
                date: ch.date.to_string(),
                note_html: self.inline_markdown(&ch.note, &c.file, ch.note_at, root, problems),
                claim: Some(LinkView {
                    href: format!("{root}claims/{}/", c.slug),
                    label: c.title.clone(),
                }),
            })
            .collect();
        log.sort_by(|a, b| {
            b.date.cmp(&a.date).then(
                a.claim
                    .as_ref()
                    .map(|l| &l.href)
                    .cmp(&b.claim.as_ref().map(|l| &l.href)),
            )
        });
        log
    }

    pub(super) fn home_view(&self, problems: &mut Vec<Diagnostic>) -> HomeView {
        let root = "";
        let home = &self.site.home;
        let (claims_total, articles_total) = (self.site.order.len(), self.site.articles.len());
        let all = |total: usize, what: &str, href: &str| {
            (total > HOME_LIST_MAX).then(|| LinkView {
                href: format!("{root}{href}"),
                label: format!("All {} {what}", crate::numbers::grouped(total as i64)),
            })
        };
        let mut site = self.site_view(root, "");
        site.share = share::page(self.site, &home.title, home.description.as_deref());
        HomeView {
            site,
            breadcrumbs: Vec::new(),
            title: home.title.clone(),
            description: home.description.clone(),
            body_html: self.markdown(
                &home.body,
                home.file.as_deref(),
                home.body_start,
                root,
                problems,
            ),
            claims: self
                .site
                .order
                .iter()
                .take(HOME_LIST_MAX)
                .map(|&ci| claim_summary(self.site, &self.site.claims[ci], root))
                .collect(),
            claims_total,
            all_claims: all(claims_total, "claims", "claims/"),
            articles: self
                .site
                .articles
                .iter()
                .take(HOME_LIST_MAX)
                .map(|a| article_summary(self.site, a, root))
                .collect(),
            articles_total,
            all_articles: all(articles_total, "source articles", "articles/"),
            figures: self
                .site
                .quantities
                .iter()
                .map(|q| super::figures::quantity_summary(q, root))
                .collect(),
            ratings: (0..self.site.config.ratings.len())
                .map(|i| rating_view(self.site, i))
                .collect(),
        }
    }

    pub(super) fn page_view(&self, i: usize, problems: &mut Vec<Diagnostic>) -> PageView {
        let root = "../";
        let p = &self.site.pages[i];
        let mut site = self.site_view(root, &format!("{}/", p.slug));
        site.share = share::page(self.site, &p.title, p.description.as_deref());
        PageView {
            site,
            title: p.title.clone(),
            description: p.description.clone(),
            body_html: self.markdown(&p.body, p.file.as_deref(), p.body_start, root, problems),
            breadcrumbs: vec![home_crumb(root), current(&p.title)],
            changes: if p.slug == "corrections" {
                self.change_log(root, problems)
            } else {
                Vec::new()
            },
        }
    }

    pub(super) fn article_view(&self, a: &Article, problems: &mut Vec<Diagnostic>) -> ArticleView {
        let root = "../../";
        let site = self.site;
        let ids: Vec<String> = a
            .cited_by
            .iter()
            .map(|&(ci, ei)| {
                format!(
                    "ev-{}-{}",
                    site.claims[ci].slug, site.claims[ci].evidence[ei].k
                )
            })
            .collect();
        let marks: Vec<passage::Mark<'_>> = a
            .cited_by
            .iter()
            .zip(&ids)
            .map(|(&(ci, ei), id)| {
                let ev = &site.claims[ci].evidence[ei];
                passage::Mark {
                    id,
                    stance: ev.stance.id(),
                    range: ev.span.orig.clone(),
                }
            })
            .collect();
        let mut headings = 0;
        let text = a.seed.text.get();
        let blocks: Vec<BlockView> = a
            .blocks
            .iter()
            .enumerate()
            .filter(|(_, b)| b.kind != BlockKind::Furniture)
            .map(|(bi, b)| {
                let anchor = match (b.kind, b.number) {
                    (_, Some(n)) => format!("p{n}"),
                    (BlockKind::Title, _) => "headline".to_string(),
                    _ => {
                        headings += 1;
                        format!("h{headings}")
                    }
                };
                let near: Vec<passage::Mark<'_>> = marks
                    .iter()
                    .filter(|m| m.range.start < b.range.end && m.range.end > b.range.start)
                    .cloned()
                    .collect();
                let cites = a
                    .cited_by
                    .iter()
                    .zip(&ids)
                    .filter(|&(&(ci, ei), _)| site.claims[ci].evidence[ei].span.first_block == bi)
                    .map(|(&(ci, ei), id)| {
                        let c = &site.claims[ci];
                        let ev = &c.evidence[ei];
                        CiteView {
                            href: format!("{root}claims/{}/#e{}", c.slug, ev.k),
                            claim_title: c.title.clone(),
                            stance: ev.stance.id(),
                            stance_label: stance_label(ev.stance),
                            rating_label: site.config.ratings[c.rating].label.clone(),
                            span_id: id.clone(),
                        }
                    })
                    .collect();
                BlockView {
                    kind: b.kind,
                    anchor,
                    number: b.number,
                    html: passage::block_html(&text, b.range.clone(), &near),
                    cites,
                }
            })
            .collect();
        let text_html = text_section::html(&blocks);
        let blocks = if self.templates.own_pages {
            blocks
        } else {
            Vec::new()
        };
        let mut citing: Vec<usize> = a.cited_by.iter().map(|&(ci, _)| ci).collect();
        citing.dedup();
        citing.sort_unstable();
        citing.dedup();
        ArticleView {
            breadcrumbs: vec![
                home_crumb(root),
                LinkView {
                    href: format!("{root}articles/"),
                    label: "Articles".to_string(),
                },
                current(&a.title),
            ],
            site: {
                let mut view = self.site_view(root, &format!("articles/{}/", a.slug));
                view.share = share::article(a);
                view
            },
            title: a.title.clone(),
            outlet: a.outlet.clone(),
            original_outlet: a.original_outlet.clone(),
            url: a.url.clone(),
            published: a.published.as_ref().map(ToString::to_string),
            seed: a.seed.name.clone(),
            text_href: "text.txt".to_string(),
            title_from: a.from_page.title.clone(),
            title_is_ours: a.title_is_ours,
            outlet_from: a.from_page.outlet.clone(),
            url_from: a.from_page.url.clone(),
            published_from: a.from_page.published.clone(),
            page_facts: a
                .metadata
                .fields()
                .into_iter()
                .filter_map(|(label, found)| {
                    let f = found.as_ref()?;
                    Some(PageFactView {
                        label: page_fact_label(label),
                        value: f.value.clone(),
                        source: f.source.clone(),
                    })
                })
                .collect(),
            copy_of: a.copy_of.map(|i| article_link(site, i, root)),
            copies: a
                .copies
                .iter()
                .map(|&i| article_link(site, i, root))
                .collect(),
            note_html: self.markdown(&a.note, a.file.as_deref(), a.body_start, root, problems),
            text_html,
            blocks,
            furniture: a
                .blocks
                .iter()
                .filter(|b| b.kind == BlockKind::Furniture)
                .map(|b| FurnitureView {
                    line: b.line as usize,
                    text: a.block_text(b),
                    reason: b.hidden_because.unwrap_or("page furniture").to_string(),
                })
                .collect(),
            claims: citing
                .iter()
                .map(|&ci| claim_summary(site, &site.claims[ci], root))
                .collect(),
            evidence_count: a.cited_by.len(),
        }
    }
}

/// How the article page names a metadata field.
fn page_fact_label(field: &str) -> &'static str {
    match field {
        "headline" => "Headline",
        "author" => "Author",
        "publisher" => "Publisher",
        "published" => "Published",
        "modified" => "Modified",
        "url" => "Address",
        _ => "Language",
    }
}

pub(super) fn figure_text(f: &crate::load::Figure) -> String {
    let num = |x: f64| {
        if x.fract() == 0.0 && x.abs() < 1e15 {
            crate::numbers::grouped(x as i64)
        } else {
            x.to_string()
        }
    };
    let value = match (f.value, f.low, f.high) {
        (Some(v), _, _) => num(v),
        (None, Some(l), Some(h)) => format!("{}–{}", num(l), num(h)),
        _ => String::new(),
    };
    let mut s = value;
    if let Some(u) = &f.unit {
        s.push(' ');
        s.push_str(u);
    }
    if let Some(d) = &f.as_of {
        s.push_str(&format!(" (as of {d})"));
    }
    s
}
