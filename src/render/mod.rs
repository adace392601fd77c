//! Render: the model to output files, every page from precomputed views,
//! in parallel, in a deterministic order.

pub mod escape;
pub mod jsonld;
pub mod lists;
pub mod markdown;
pub mod pages;
pub mod passage;
pub mod publish;
pub mod templates;
pub mod views;

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::model::Site;
use lists::List;
use markdown::Links;
use templates::Templates;
use views::*;

/// Where rendered files go, as soon as each is rendered: the write stage's
/// staging directory, or nowhere for `attest check`. Arguments: the path
/// relative to the output (`/` separators) and the bytes.
pub type Sink<'a> = dyn Fn(&str, &[u8]) -> std::io::Result<()> + Sync + 'a;

/// Everything `@/` links may point to.
struct Slugs {
    claims: Vec<String>,
    articles: Vec<String>,
    pages: Vec<String>,
}

impl Slugs {
    fn links<'a>(&'a self, root: &'a str) -> Links<'a> {
        Links {
            claims: &self.claims,
            articles: &self.articles,
            pages: &self.pages,
            root,
        }
    }
}

/// Renders every page of `site` with the site's template overrides and
/// hands each to `sink`. Returns the paths of all files, in a fixed order.
pub fn render(
    site: &Site,
    overrides: &[(String, String)],
    sink: &Sink<'_>,
    diags: &mut Diagnostics,
) -> Vec<String> {
    let templates = match templates::compile(overrides) {
        Ok(t) => t,
        Err(ds) => {
            ds.into_iter().for_each(|d| diags.push(d));
            return Vec::new();
        }
    };
    let slugs = Slugs {
        claims: site.claims.iter().map(|c| c.slug.clone()).collect(),
        articles: site.articles.iter().map(|a| a.slug.clone()).collect(),
        pages: site.pages.iter().map(|p| p.slug.clone()).collect(),
    };
    let ctx = Ctx {
        site,
        templates: &templates,
        slugs: &slugs,
        overrides,
    };
    let mut jobs: Vec<Job> = vec![Job::Home, Job::Search, Job::NotFound];
    jobs.extend((0..site.pages.len()).map(Job::Page));
    if !site.pages.iter().any(|p| p.slug == "corrections") {
        jobs.push(Job::Corrections);
    }
    jobs.extend((0..site.claims.len()).map(Job::Claim));
    jobs.extend((0..site.articles.len()).map(Job::Article));
    jobs.extend([List::Claims, List::Articles, List::Tags, List::Claimants].map(Job::List));
    jobs.extend((0..site.tags.len()).map(|i| Job::List(List::Tag(i))));
    jobs.extend((0..site.claimants.len()).map(|i| Job::List(List::Claimant(i))));
    let results: Vec<(Option<String>, Vec<Diagnostic>)> = jobs
        .par_iter()
        .map(|j| {
            let (page, mut problems) = ctx.render_job(*j);
            let Some((path, html)) = page else {
                return (None, problems);
            };
            match sink(&path, html.as_bytes()) {
                Ok(()) => (Some(path), problems),
                Err(e) => {
                    problems.push(write_failed(&path, &e));
                    (None, problems)
                }
            }
        })
        .collect();
    let mut paths = Vec::with_capacity(results.len() + templates.assets.len() + 8);
    for (path, problems) in results {
        paths.extend(path);
        problems.into_iter().for_each(|d| diags.push(d));
    }
    let files: Vec<(String, String)> = publish::File::ALL
        .par_iter()
        .map(|f| (f.path().to_string(), f.render(site, &paths)))
        .collect();
    let assets = templates.assets.iter().map(|(n, t)| (n.clone(), t.clone()));
    for (name, text) in files.into_iter().chain(assets) {
        match sink(&name, text.as_bytes()) {
            Ok(()) => paths.push(name),
            Err(e) => diags.push(write_failed(&name, &e)),
        }
    }
    paths
}

/// A file of the output that could not be written.
pub fn write_failed(path: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        "write-failed",
        format!("cannot write {path} into the output: {e}"),
    )
    .help("check the permissions and free space of the output directory's disk")
}

#[derive(Clone, Copy, Debug)]
enum Job {
    Home,
    Page(usize),
    Claim(usize),
    Article(usize),
    List(List),
    Search,
    NotFound,
    Corrections,
}

struct Ctx<'a> {
    site: &'a Site,
    templates: &'a Templates,
    slugs: &'a Slugs,
    overrides: &'a [(String, String)],
}

impl Ctx<'_> {
    /// Renders one page: its path and HTML unless an error stops it, and
    /// every problem found on the way.
    fn render_job(&self, job: Job) -> (Option<(String, String)>, Vec<Diagnostic>) {
        let mut problems = Vec::new();
        let (path, html) = match job {
            Job::Home => {
                let v = self.home_view(&mut problems);
                (
                    "index.html".to_string(),
                    self.render_template("home.html", &v),
                )
            }
            Job::Page(i) => {
                let v = self.page_view(i, &mut problems);
                let path = format!("{}/index.html", self.site.pages[i].slug);
                (path, self.render_template("page.html", &v))
            }
            Job::Claim(i) => {
                let c = &self.site.claims[i];
                let v = self.claim_view(c, &mut problems);
                let html = self.render_template("claim.html", &v);
                if let Ok(html) = &html {
                    problems.extend(jsonld::check(self.site, c, html));
                }
                (format!("claims/{}/index.html", c.slug), html)
            }
            Job::Article(i) => {
                let a = &self.site.articles[i];
                let v = self.article_view(a, &mut problems);
                let path = format!("articles/{}/index.html", a.slug);
                (path, self.render_template("article.html", &v))
            }
            Job::List(list) => {
                let v = self.list_view(list);
                (
                    format!("{}index.html", list.path(self)),
                    self.render_template("list.html", &v),
                )
            }
            Job::Search => (
                "search/index.html".to_string(),
                self.render_template("search.html", &self.search_view()),
            ),
            Job::NotFound => (
                "404.html".to_string(),
                self.render_template("404.html", &self.not_found_view()),
            ),
            Job::Corrections => {
                let v = self.corrections_view(&mut problems);
                (
                    "corrections/index.html".to_string(),
                    self.render_template("page.html", &v),
                )
            }
        };
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
        self.templates
            .tera
            .render(name, &context)
            .map_err(|e| templates::template_error(&e, self.overrides))
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
                href: p.url.clone().unwrap_or_default(),
                label: p.name.clone(),
            }),
            nav: [
                ("Claims", "claims/"),
                ("Articles", "articles/"),
                ("Search", "search/"),
            ]
            .into_iter()
            .map(|(label, href)| LinkView {
                href: format!("{root}{href}"),
                label: label.to_string(),
            })
            .chain(self.site.pages.iter().map(|p| LinkView {
                href: format!("{root}{}/", p.slug),
                label: p.title.clone(),
            }))
            .collect(),
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
        let (html, ps) =
            markdown::render(md, file.unwrap_or(""), body_start, &self.slugs.links(root));
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
