//! Render: the model to output files, every page from precomputed views,
//! in parallel, in a deterministic order.

pub mod anchors;
mod annotations;
pub mod chart;
pub mod claim_page;
mod ctx;
pub mod escape;
pub mod figures;
pub mod jsonld;
pub mod lists;
pub mod markdown;
pub mod pages;
pub mod passage;
mod permits;
pub mod publish;
pub mod sanitize;
pub mod scripts;
pub mod share;
pub mod source_pages;
pub mod templates;
pub mod text_section;
pub mod views;

use rayon::prelude::*;

pub use anchors::{ArticleAnchors, PageAnchors};

use crate::diagnostics::Diagnostic;
use crate::model::Site;
use crate::search;
use lists::List;
use markdown::Links;
use templates::Templates;

use ctx::Ctx;

/// Where rendered files go, as soon as each is rendered: the write stage's
/// staging directory, nowhere for `attest check`, or memory for an
/// incremental rebuild, which writes them after checking them all. Paths
/// are relative to the output, with `/` separators.
pub trait Sink: Sync {
    /// Puts a whole file.
    fn put(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()>;

    /// Puts a file as `write` makes it (by default made in memory first).
    fn put_with(&self, rel: &str, write: &mut WriteFile<'_>) -> std::io::Result<()> {
        let mut bytes = Vec::new();
        write(&mut bytes)?;
        self.put(rel, &bytes)
    }
}

/// Writes a file's contents to the writer given.
pub type WriteFile<'a> = dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()> + 'a;

impl<F: Fn(&str, &[u8]) -> std::io::Result<()> + Sync> Sink for F {
    fn put(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        self(rel, bytes)
    }
}

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

/// The compiled templates and the site's slugs: what rendering needs
/// besides the model. Kept between the rebuilds of `attest serve`.
pub struct Renderer {
    templates: Templates,
    slugs: Slugs,
    overrides: Vec<(String, String)>,
}

/// One rendered file: where it goes, whether it was handed to the sink, and
/// the problems found on the way.
#[derive(Debug)]
pub struct Rendered {
    pub path: String,
    pub written: bool,
    pub problems: Vec<Diagnostic>,
    /// An article page: where its passages stand in its text.
    pub anchors: Option<ArticleAnchors>,
}

impl Renderer {
    /// Compiles the templates (the site's overrides over the defaults).
    pub fn new(site: &Site, overrides: &[(String, String)]) -> Result<Renderer, Vec<Diagnostic>> {
        let templates = templates::compile(overrides)?;
        Ok(Renderer {
            templates,
            slugs: Slugs {
                claims: site.claims.iter().map(|c| c.slug.clone()).collect(),
                articles: site.articles.iter().map(|a| a.slug.clone()).collect(),
                pages: site.pages.iter().map(|p| p.slug.clone()).collect(),
            },
            overrides: overrides.to_vec(),
        })
    }

    fn ctx<'a>(&'a self, site: &'a Site) -> Ctx<'a> {
        Ctx {
            site,
            templates: &self.templates,
            slugs: &self.slugs,
            overrides: &self.overrides,
            big_pages: permits::Permits::per_core(),
        }
    }

    /// Every page of the site, in a fixed order.
    pub fn all_pages(&self, site: &Site) -> Vec<Job> {
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
        jobs.extend((0..site.config.ratings.len()).map(|i| Job::List(List::Rating(i))));
        if !site.sources.is_empty() {
            jobs.push(Job::Sources);
            jobs.extend((0..site.sources.sources.len()).map(Job::Source));
        }
        if !site.quantities.is_empty() {
            jobs.push(Job::Figures);
            jobs.extend((0..site.quantities.len()).map(Job::Quantity));
        }
        jobs
    }

    /// Every page and data file of the site, in a fixed order.
    pub fn all_work(&self, site: &Site) -> Vec<Work> {
        // An article's text right after its page: its seed is read once
        // for both (a large site's texts are not all kept in memory).
        let mut work: Vec<Work> = Vec::new();
        for job in self.all_pages(site) {
            work.push(Work::Page(job));
            if let Job::Article(i) = job {
                work.push(Work::ArticleText(i));
            }
        }
        work.extend((0..site.quantities.len()).map(Work::QuantityCsv));
        work.extend(publish::File::ALL.map(Work::File));
        work.extend(search::Part::ALL.map(Work::Search));
        work
    }

    /// The paths of every page, which the sitemap lists.
    pub fn page_paths(&self, site: &Site) -> Vec<String> {
        let ctx = self.ctx(site);
        self.all_pages(site)
            .into_iter()
            .map(|j| ctx.job_path(j))
            .collect()
    }

    /// Where a page or a data file goes in the output; for the search
    /// index, the folder that holds all its files.
    pub fn path(&self, site: &Site, work: Work) -> String {
        match work {
            Work::Page(j) => self.ctx(site).job_path(j),
            Work::File(f) => f.path().to_string(),
            Work::ArticleText(i) => article_text_path(&site.articles[i]),
            Work::QuantityCsv(i) => figures::csv_path(&site.quantities[i]),
            Work::Search(part) => part.dir().to_string(),
        }
    }

    /// Renders `work` in parallel and hands each file to `sink` as soon as
    /// it is made. Results come in the order of `work`; the search index
    /// gives one result per file. Article pages leave the anchors of their
    /// passages in `anchors`; the Web Annotations, made from them, are
    /// rendered after every other file.
    pub fn render(
        &self,
        site: &Site,
        work: &[Work],
        page_paths: &[String],
        anchors: &mut PageAnchors,
        sink: &dyn Sink,
    ) -> Vec<Rendered> {
        self.render_each(site, work, page_paths, anchors, sink)
            .into_iter()
            .flatten()
            .collect()
    }

    /// Like [`Renderer::render`], with the results of each piece of work
    /// apart. Anchors accumulate over calls: the Web Annotations hold the
    /// anchors of every article page rendered into `anchors` so far.
    pub fn render_each(
        &self,
        site: &Site,
        work: &[Work],
        page_paths: &[String],
        anchors: &mut PageAnchors,
        sink: &dyn Sink,
    ) -> Vec<Vec<Rendered>> {
        let ctx = self.ctx(site);
        let is_annotations = |w: &Work| *w == Work::File(publish::File::Annotations);
        let mut out: Vec<Vec<Rendered>> = work
            .par_iter()
            .map(|w| {
                if is_annotations(w) {
                    Vec::new()
                } else {
                    self.render_one(&ctx, *w, page_paths, None, sink)
                }
            })
            .collect();
        for (w, r) in work.iter().zip(&mut out) {
            if let (Work::Page(Job::Article(i)), Some(r)) = (w, r.first_mut())
                && let Some(a) = r.anchors.take()
            {
                anchors.set(*i, a);
            }
        }
        for (w, r) in work.iter().zip(&mut out) {
            if is_annotations(w) {
                *r = self.render_one(&ctx, *w, page_paths, Some(anchors), sink);
            }
        }
        out
    }

    /// Whether a piece of work shows what the claims' twins decide: the
    /// twins themselves (claim and source pages), or the passages and
    /// reports they fold into one (the counts on claim summaries, which
    /// listings, the home page and the pages of the articles a claim cites
    /// show; the data files). The rest can be rendered while discovery
    /// finds the twins.
    pub fn needs_twins(&self, site: &Site, work: Work) -> bool {
        match work {
            Work::ArticleText(_) | Work::QuantityCsv(_) | Work::Search(_) => false,
            Work::Page(Job::Article(i)) => site.articles[i].cited_by.iter().any(|&(ci, _)| {
                crate::model::independence::shown_depends_on_twins(site, &site.claims[ci])
            }),
            _ => true,
        }
    }

    /// One piece of work: one file, or the files of a part of the search index.
    fn render_one(
        &self,
        ctx: &Ctx<'_>,
        w: Work,
        page_paths: &[String],
        anchors: Option<&PageAnchors>,
        sink: &dyn Sink,
    ) -> Vec<Rendered> {
        let site = ctx.site;
        let deliver = |path: String,
                       bytes: &[u8],
                       mut problems: Vec<Diagnostic>,
                       anchors: Option<ArticleAnchors>| {
            let written = match sink.put(&path, bytes) {
                Ok(()) => true,
                Err(e) => {
                    problems.push(write_failed(&path, &e));
                    false
                }
            };
            Rendered {
                path,
                written,
                problems,
                anchors,
            }
        };
        // Held until the page is written.
        let _permit = w.is_big().then(|| ctx.big_pages.take());
        let mut page_anchors = None;
        let (file, problems) = match w {
            Work::Page(j) => {
                let (file, problems) = ctx.render_job(j);
                if let (Job::Article(i), Some((_, html))) = (j, &file) {
                    page_anchors = Some(ArticleAnchors::of(site, &site.articles[i], html));
                }
                (file, problems)
            }
            Work::File(f) => {
                let default = PageAnchors::default();
                let anchors = anchors.unwrap_or(&default);
                let path = f.path().to_string();
                let result =
                    sink.put_with(&path, &mut |out| f.write(site, page_paths, anchors, out));
                let problems = match result {
                    Ok(()) => Vec::new(),
                    Err(e) => vec![write_failed(&path, &e)],
                };
                return vec![Rendered {
                    written: problems.is_empty(),
                    path,
                    problems,
                    anchors: None,
                }];
            }
            Work::ArticleText(i) => {
                // Written from the text as held, not from a copy of it.
                let a = &site.articles[i];
                let text = a.seed.text.get();
                return vec![deliver(
                    article_text_path(a),
                    text.as_bytes(),
                    Vec::new(),
                    None,
                )];
            }
            Work::QuantityCsv(i) => {
                let q = &site.quantities[i];
                (
                    Some((figures::csv_path(q), figures::quantity_csv(site, q))),
                    Vec::new(),
                )
            }
            Work::Search(part) => {
                // Written as made: the index is not held whole in memory.
                let mut written = Vec::new();
                part.each_file(site, &mut |f| {
                    written.push(deliver(f.path, &f.bytes, Vec::new(), None))
                });
                written.sort_by(|a, b| a.path.cmp(&b.path));
                return written;
            }
        };
        match file {
            Some((path, text)) => vec![deliver(path, text.as_bytes(), problems, page_anchors)],
            None => vec![Rendered {
                path: self.path(site, w),
                written: false,
                problems,
                anchors: page_anchors,
            }],
        }
    }

    /// Hands the stylesheet, script and icon to `sink`.
    pub fn write_assets(&self, sink: &dyn Sink) -> Vec<Rendered> {
        self.templates
            .assets
            .iter()
            .map(|(name, text)| match sink.put(name, text.as_bytes()) {
                Ok(()) => Rendered {
                    path: name.clone(),
                    written: true,
                    problems: Vec::new(),
                    anchors: None,
                },
                Err(e) => Rendered {
                    path: name.clone(),
                    written: false,
                    problems: vec![write_failed(name, &e)],
                    anchors: None,
                },
            })
            .collect()
    }
}

/// Where an article's text as attest reads it is published, beside its page.
pub fn article_text_path(a: &crate::model::Article) -> String {
    format!("articles/{}/text.txt", a.slug)
}

/// A file of the output that could not be written.
pub fn write_failed(path: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        "write-failed",
        format!("cannot write {path} into the output: {e}"),
    )
    .help("check the permissions and free space of the output directory's disk")
}

/// One unit of the parallel render: a page, a data file, or one part of
/// the search index (many files).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Work {
    Page(Job),
    File(publish::File),
    /// `articles/<slug>/text.txt`: an article's text as attest reads it.
    ArticleText(usize),
    /// `figures/<quantity>.csv`: a quantity's figures for spreadsheets.
    QuantityCsv(usize),
    /// The search index's files.
    Search(search::Part),
}

impl Work {
    /// Whether it holds much in memory while made: a listing (of every
    /// claim, at most) or the feed and sitemap, also of every page.
    fn is_big(self) -> bool {
        matches!(
            self,
            Work::Page(Job::List(_)) | Work::File(publish::File::Atom | publish::File::Sitemap)
        )
    }
}

/// One page of the site.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Job {
    Home,
    Page(usize),
    Claim(usize),
    Article(usize),
    List(List),
    Search,
    NotFound,
    Corrections,
    /// `/figures/`: every quantity.
    Figures,
    /// `/figures/<quantity>/`: one quantity's chart and table.
    Quantity(usize),
    /// `/sources/`: the registry.
    Sources,
    /// `/sources/<slug>/`.
    Source(usize),
}
