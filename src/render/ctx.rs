//! One page from its view: where it goes, its view made into HTML by its
//! template, and what every view shares (the site's header, markdown with
//! the site's links). [`super::Renderer`] schedules the pages; this renders
//! each.

use serde::Serialize;

use super::templates::Templates;
use super::views::*;
use super::{Job, Slugs, figures, jsonld, markdown, permits, share, templates};
use crate::diagnostics::{Diagnostic, Severity};
use crate::model::Site;

/// What rendering any page needs.
pub(super) struct Ctx<'a> {
    pub(super) site: &'a Site,
    pub(super) templates: &'a Templates,
    pub(super) slugs: &'a Slugs,
    pub(super) overrides: &'a [(String, String)],
    /// Taken by the listings and feeds while they are made and written.
    pub(super) big_pages: permits::Permits,
}

/// A page's first allocation: most article pages fit (28 KB at 10,000 articles).
const PAGE_BYTES: usize = 32 << 10;

impl Ctx<'_> {
    /// Where a page goes in the output.
    pub(super) fn job_path(&self, job: Job) -> String {
        match job {
            Job::Home => "index.html".to_string(),
            Job::Page(i) => format!("{}/index.html", self.site.pages[i].slug),
            Job::Claim(i) => format!("claims/{}/index.html", self.site.claims[i].slug),
            Job::Article(i) => format!("articles/{}/index.html", self.site.articles[i].slug),
            Job::List(list) => format!("{}index.html", list.path(self)),
            Job::Search => "search/index.html".to_string(),
            Job::NotFound => "404.html".to_string(),
            Job::Corrections => "corrections/index.html".to_string(),
            Job::Figures => "figures/index.html".to_string(),
            Job::Quantity(i) => format!(
                "{}index.html",
                figures::quantity_path(&self.site.quantities[i])
            ),
            Job::Sources => "sources/index.html".to_string(),
            Job::Source(i) => format!("sources/{}/index.html", self.site.sources.sources[i].slug),
        }
    }

    /// Renders one page: its path and HTML unless an error stops it, and
    /// every problem found on the way.
    pub(super) fn render_job(&self, job: Job) -> (Option<(String, String)>, Vec<Diagnostic>) {
        let mut problems = Vec::new();
        let html = match job {
            Job::Home => self.render_template("home.html", &self.home_view(&mut problems)),
            Job::Page(i) => self.render_template("page.html", &self.page_view(i, &mut problems)),
            Job::Claim(i) => {
                let c = &self.site.claims[i];
                let html = self.render_template("claim.html", &self.claim_view(c, &mut problems));
                if let Ok(html) = &html {
                    problems.extend(jsonld::check(self.site, c, html));
                }
                html
            }
            Job::Article(i) => {
                let a = &self.site.articles[i];
                self.render_template("article.html", &self.article_view(a, &mut problems))
            }
            Job::List(list) => self.render_template("list.html", &self.list_view(list)),
            Job::Search => self.render_template("search.html", &self.search_view()),
            Job::NotFound => self.render_template("404.html", &self.not_found_view()),
            Job::Corrections => {
                self.render_template("page.html", &self.corrections_view(&mut problems))
            }
            Job::Figures => self.render_template("figures.html", &self.figures_view()),
            Job::Quantity(i) => self.render_template("quantity.html", &self.quantity_view(i)),
            Job::Sources => self.render_template("source.html", &self.sources_index_view()),
            Job::Source(i) => {
                self.render_template("source.html", &self.source_view(i, &mut problems))
            }
        };
        let path = self.job_path(job);
        let failed = problems.iter().any(|d| d.severity == Severity::Error);
        match html {
            Ok(html) if !failed => (Some((path, html)), problems),
            Ok(_) => (None, problems),
            Err(d) => {
                problems.push(d);
                (None, problems)
            }
        }
    }

    fn render_template<T: Serialize>(&self, name: &str, view: &T) -> Result<String, Diagnostic> {
        let context = tera::Context::from_serialize(view)
            .map_err(|e| templates::template_error(&e, self.overrides))?;
        // Room for an article page at once; checked as UTF-8 by simdutf8,
        // not by std as `Tera::render` does (1% of a build's samples).
        let mut page = Vec::with_capacity(PAGE_BYTES);
        self.templates
            .tera
            .render_to(name, &context, &mut page)
            .map_err(|e| templates::template_error(&e, self.overrides))?;
        // Tera writes only text: unreachable, but not a panic.
        crate::utf8::string(page).ok_or_else(|| {
            Diagnostic::error(
                "template",
                format!("template error in {name}: it wrote bytes that are not UTF-8"),
            )
            .in_file(&format!("templates/{name}"))
        })
    }

    pub(super) fn site_view(&self, root: &str, path: &str) -> SiteView {
        let c = &self.site.config;
        SiteView {
            title: c.title.clone(),
            description: c.description.clone(),
            language: c.language.clone(),
            root: root.to_string(),
            home: if root.is_empty() {
                "./".to_string()
            } else {
                root.to_string()
            },
            base_url: c.base_url.get_ref().trim_end_matches('/').to_string(),
            inline_css: None,
            canonical: format!("{}/{path}", c.base_url.get_ref().trim_end_matches('/')),
            publisher: c.publisher.as_ref().map(|p| LinkView {
                href: p
                    .url
                    .as_ref()
                    .map(|u| u.get_ref().clone())
                    .unwrap_or_default(),
                label: p.name.clone(),
            }),
            nav: [
                ("Claims", "claims/"),
                ("Articles", "articles/"),
                ("Sources", "sources/"),
                ("Figures", "figures/"),
                ("Search", "search/"),
            ]
            .into_iter()
            .filter(|(label, _)| *label != "Sources" || !self.site.sources.is_empty())
            .filter(|(label, _)| *label != "Figures" || !self.site.quantities.is_empty())
            .map(|(label, href)| LinkView {
                href: format!("{root}{href}"),
                label: label.to_string(),
            })
            .chain(self.site.pages.iter().map(|p| LinkView {
                href: format!("{root}{}/", p.slug),
                label: p.title.clone(),
            }))
            .collect(),
            share: share::site(self.site),
        }
    }

    pub(super) fn markdown(
        &self,
        md: &str,
        file: Option<&str>,
        body_start: usize,
        root: &str,
        problems: &mut Vec<Diagnostic>,
    ) -> String {
        let unsafe_html = self.site.config.markdown.unsafe_html;
        let links = self.slugs.links(root);
        let (html, ps) = markdown::render(md, file.unwrap_or(""), body_start, &links, unsafe_html);
        problems.extend(ps);
        html
    }

    /// A one-line markdown note, without its paragraph.
    pub(super) fn inline_markdown(
        &self,
        md: &str,
        file: &str,
        at: usize,
        root: &str,
        problems: &mut Vec<Diagnostic>,
    ) -> String {
        let html = self.markdown(md, Some(file), at, root, problems);
        let t = html.trim();
        t.strip_prefix("<p>")
            .and_then(|t| t.strip_suffix("</p>"))
            .unwrap_or(t)
            .to_string()
    }
}
