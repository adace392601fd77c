//! The ways around the site: listings of claims, articles, tags and
//! claimants, the search page, the 404 page and the corrections log.

use super::pages::{current, home_crumb};
use super::views::*;
use super::{Ctx, share};
use crate::diagnostics::Diagnostic;
use crate::model::Group;

/// Which listing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum List {
    Claims,
    Articles,
    Tags,
    Tag(usize),
    Claimants,
    Claimant(usize),
    /// The claims of one rating, `/ratings/<id>/`: a filter of `/claims/`.
    Rating(usize),
}

impl List {
    /// The page's path in the output, without `index.html`.
    pub(super) fn path(self, ctx: &Ctx<'_>) -> String {
        match self {
            List::Claims => "claims/".to_string(),
            List::Articles => "articles/".to_string(),
            List::Tags => "tags/".to_string(),
            List::Tag(i) => format!("tags/{}/", ctx.site.tags[i].slug),
            List::Claimants => "claimants/".to_string(),
            List::Claimant(i) => format!("claimants/{}/", ctx.site.claimants[i].slug),
            List::Rating(i) => format!("ratings/{}/", ctx.site.config.ratings[i].id.get_ref()),
        }
    }
}

/// The claims rated `rating`, newest first.
pub(super) fn rated(site: &crate::model::Site, rating: usize) -> Vec<usize> {
    site.order
        .iter()
        .copied()
        .filter(|&ci| site.claims[ci].rating == rating)
        .collect()
}

impl Ctx<'_> {
    /// The claims listing's filters, by rating and by tag: plain links to
    /// static pages (`filter.js` filters in place where it runs).
    fn filters(&self, list: List, root: &str) -> Vec<FilterGroup> {
        let site = self.site;
        let all = FilterLink {
            href: format!("{root}claims/"),
            label: "All".to_string(),
            count: site.claims.len(),
            current: list == List::Claims,
            key: String::new(),
        };
        let mut ratings = vec![all.clone()];
        ratings.extend(
            (0..site.config.ratings.len())
                .map(|i| {
                    let r = &site.config.ratings[i];
                    FilterLink {
                        href: format!("{root}ratings/{}/", r.id.get_ref()),
                        label: r.label.clone(),
                        count: rated(site, i).len(),
                        current: list == List::Rating(i),
                        key: r.id.get_ref().clone(),
                    }
                })
                .filter(|l| l.count > 0),
        );
        let mut tags = vec![FilterLink {
            current: false,
            ..all
        }];
        tags[0].current = list == List::Claims;
        // A tag page lists only its own tag: every tag on each of hundreds
        // of tag pages would grow the site with the square of the tags.
        let on_tag = |i: usize| !matches!(list, List::Tag(_)) || list == List::Tag(i);
        tags.extend(
            site.tags
                .iter()
                .enumerate()
                .filter(|&(i, _)| on_tag(i))
                .map(|(i, t)| FilterLink {
                    href: format!("{root}tags/{}/", t.slug),
                    label: t.name.clone(),
                    count: t.claims.len(),
                    current: list == List::Tag(i),
                    key: t.slug.clone(),
                }),
        );
        vec![
            FilterGroup {
                kind: "rating",
                label: "Rating",
                links: ratings,
            },
            FilterGroup {
                kind: "tag",
                label: "Tag",
                links: tags,
            },
        ]
    }

    pub(super) fn list_view(&self, list: List) -> ListView {
        let path = list.path(self);
        let root = "../".repeat(path.matches('/').count());
        let site = self.site;
        let all_claims = |claims: &[usize]| -> Vec<ClaimSummary> {
            claims
                .iter()
                .map(|&ci| claim_summary(site, &site.claims[ci], &root))
                .collect()
        };
        let groups = |groups: &[Group], section: &str| -> Vec<GroupSummary> {
            groups
                .iter()
                .map(|g| GroupSummary {
                    href: format!("{root}{section}/{}/", g.slug),
                    label: g.name.clone(),
                    count: g.claims.len(),
                })
                .collect()
        };
        let section = |label: &str, href: &str| LinkView {
            href: format!("{root}{href}"),
            label: label.to_string(),
        };
        let (title, description, mut crumbs, claims, articles, group_list) = match list {
            List::Claims => (
                "All claims".to_string(),
                "Every claim checked on this site, newest first.".to_string(),
                vec![],
                all_claims(&site.order),
                vec![],
                vec![],
            ),
            List::Articles => (
                "Source articles".to_string(),
                "Every collected article, with where this copy was found and who first published it.".to_string(),
                vec![],
                vec![],
                site.articles.iter().map(|a| article_summary(site, a, &root)).collect(),
                vec![],
            ),
            List::Tags => (
                "Tags".to_string(),
                "The topics of the claims.".to_string(),
                vec![],
                vec![],
                vec![],
                groups(&site.tags, "tags"),
            ),
            List::Tag(i) => (
                format!("Claims tagged “{}”", site.tags[i].name),
                format!("Every claim tagged “{}”.", site.tags[i].name),
                vec![section("Tags", "tags/")],
                all_claims(&site.tags[i].claims),
                vec![],
                vec![],
            ),
            List::Claimants => (
                "Claimants".to_string(),
                "Who made the claims checked here.".to_string(),
                vec![],
                vec![],
                vec![],
                groups(&site.claimants, "claimants"),
            ),
            List::Rating(i) => {
                let r = &site.config.ratings[i];
                (
                    format!("Claims rated “{}”", r.label),
                    r.description.clone(),
                    vec![section("Claims", "claims/")],
                    all_claims(&rated(site, i)),
                    vec![],
                    vec![],
                )
            }
            List::Claimant(i) => (
                format!("Claims by {}", site.claimants[i].name),
                format!("Every claim by {} checked on this site.", site.claimants[i].name),
                vec![section("Claimants", "claimants/")],
                all_claims(&site.claimants[i].claims),
                vec![],
                vec![],
            ),
        };
        let shared = match list {
            List::Claims => share::claims(site, &title, "checked, newest first", &site.order),
            List::Articles => share::articles(site, &title),
            List::Tags => share::groups(&title, &site.tags, "tag", "tags", "of the claims checked"),
            List::Claimants => share::groups(
                &title,
                &site.claimants,
                "claimant",
                "claimants",
                "whose claims were checked",
            ),
            List::Tag(i) => share::claims(
                site,
                &title,
                &format!("tagged “{}”", site.tags[i].name),
                &site.tags[i].claims,
            ),
            List::Claimant(i) => share::claims(
                site,
                &title,
                &format!("by {} checked", site.claimants[i].name),
                &site.claimants[i].claims,
            ),
            List::Rating(i) => share::claims(
                site,
                &title,
                &format!("rated “{}”", site.config.ratings[i].label),
                &rated(site, i),
            ),
        };
        crumbs.insert(0, home_crumb(&root));
        crumbs.push(current(&title));
        let filters = match list {
            List::Claims | List::Rating(_) | List::Tag(_) => self.filters(list, &root),
            _ => Vec::new(),
        };
        let mut site_view = self.site_view(&root, &path);
        site_view.share = shared;
        ListView {
            filters,
            site: site_view,
            title,
            description,
            breadcrumbs: crumbs,
            claims,
            articles,
            groups: group_list,
        }
    }

    pub(super) fn search_view(&self) -> SearchView {
        let mut site = self.site_view("../", "search/");
        site.share = share::search(self.site);
        SearchView {
            site,
            title: "Search".to_string(),
            breadcrumbs: vec![home_crumb("../"), current("Search")],
        }
    }

    /// The 404 page is served at any depth: its links are absolute URLs
    /// from `base_url` and its stylesheet is inline, so it works wherever
    /// the missing page was.
    pub(super) fn not_found_view(&self) -> PageView {
        let root = format!(
            "{}/",
            self.site.config.base_url.get_ref().trim_end_matches('/')
        );
        let mut site = self.site_view(&root, "404.html");
        site.share.title = "Page not found".to_string();
        site.home = root.clone();
        site.inline_css = self
            .templates
            .assets
            .iter()
            .find(|(n, _)| n == "style.css")
            .map(|(_, css)| css.clone());
        PageView {
            site,
            title: "Page not found".to_string(),
            description: None,
            body_html: String::new(),
            breadcrumbs: vec![home_crumb(&root), current("Page not found")],
            changes: Vec::new(),
        }
    }

    /// The corrections log, for a site with no `content/pages/corrections.md`.
    pub(super) fn corrections_view(&self, problems: &mut Vec<Diagnostic>) -> PageView {
        let root = "../";
        let title = "Corrections and updates";
        let description = "Every correction and update of the claims on this site.";
        let mut site = self.site_view(root, "corrections/");
        site.share = share::page(self.site, title, Some(description));
        PageView {
            site,
            title: title.to_string(),
            description: Some(description.to_string()),
            body_html: String::new(),
            breadcrumbs: vec![home_crumb(root), current("Corrections and updates")],
            changes: self.change_log(root, problems),
        }
    }
}
