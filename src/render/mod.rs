//! Render: the model to output files, every page from precomputed views,
//! in parallel, in a deterministic order.

pub mod escape;
pub mod markdown;
pub mod passage;
pub mod templates;
pub mod views;

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::ingest::BlockKind;
use crate::model::{Article, Claim, Site, Stance};
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
    let mut jobs: Vec<Job> = vec![Job::Home];
    jobs.extend((0..site.pages.len()).map(Job::Page));
    jobs.extend((0..site.claims.len()).map(Job::Claim));
    jobs.extend((0..site.articles.len()).map(Job::Article));
    let results: Vec<Result<String, Vec<Diagnostic>>> = jobs
        .par_iter()
        .map(|j| {
            let (path, html) = ctx.render_job(*j)?;
            sink(&path, html.as_bytes()).map_err(|e| vec![write_failed(&path, &e)])?;
            Ok(path)
        })
        .collect();
    let mut paths = Vec::with_capacity(results.len() + templates.assets.len());
    for r in results {
        match r {
            Ok(p) => paths.push(p),
            Err(ds) => ds.into_iter().for_each(|d| diags.push(d)),
        }
    }
    for (name, text) in &templates.assets {
        match sink(name, text.as_bytes()) {
            Ok(()) => paths.push(name.clone()),
            Err(e) => diags.push(write_failed(name, &e)),
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
}

struct Ctx<'a> {
    site: &'a Site,
    templates: &'a Templates,
    slugs: &'a Slugs,
    overrides: &'a [(String, String)],
}

impl Ctx<'_> {
    fn render_job(&self, job: Job) -> Result<(String, String), Vec<Diagnostic>> {
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
                let p = &self.site.pages[i];
                let v = self.page_view(i, &mut problems);
                (
                    format!("{}/index.html", p.slug),
                    self.render_template("page.html", &v),
                )
            }
            Job::Claim(i) => {
                let c = &self.site.claims[i];
                let v = self.claim_view(c, &mut problems);
                (
                    format!("claims/{}/index.html", c.slug),
                    self.render_template("claim.html", &v),
                )
            }
            Job::Article(i) => {
                let a = &self.site.articles[i];
                let v = self.article_view(a, &mut problems);
                (
                    format!("articles/{}/index.html", a.slug),
                    self.render_template("article.html", &v),
                )
            }
        };
        match html {
            Ok(html) if problems.is_empty() => Ok((path, html)),
            Ok(_) => Err(problems),
            Err(d) => {
                problems.push(d);
                Err(problems)
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

    fn site_view(&self, root: &str, path: &str) -> SiteView {
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
            canonical: format!("{}/{path}", c.base_url.get_ref().trim_end_matches('/')),
            publisher: c.publisher.as_ref().map(|p| LinkView {
                href: p.url.clone().unwrap_or_default(),
                label: p.name.clone(),
            }),
            nav: self
                .site
                .pages
                .iter()
                .map(|p| LinkView {
                    href: format!("{root}{}/", p.slug),
                    label: p.title.clone(),
                })
                .collect(),
        }
    }

    fn markdown(
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
    fn inline_markdown(
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

    fn home_view(&self, problems: &mut Vec<Diagnostic>) -> HomeView {
        let root = "";
        let home = &self.site.home;
        HomeView {
            site: self.site_view(root, ""),
            title: home.title.clone(),
            description: home.description.clone(),
            body_html: self.markdown(
                &home.body,
                home.file.as_deref(),
                home.body_start,
                root,
                problems,
            ),
            claims: {
                // Newest checks first; the slug keeps the order total.
                let mut claims: Vec<&Claim> = self.site.claims.iter().collect();
                claims.sort_by(|a, b| b.published.cmp(&a.published).then(a.slug.cmp(&b.slug)));
                claims
                    .iter()
                    .map(|c| claim_summary(self.site, c, root))
                    .collect()
            },
            articles: self
                .site
                .articles
                .iter()
                .map(|a| article_summary(self.site, a, root))
                .collect(),
            ratings: (0..self.site.config.ratings.len())
                .map(|i| rating_view(self.site, i))
                .collect(),
        }
    }

    fn page_view(&self, i: usize, problems: &mut Vec<Diagnostic>) -> PageView {
        let root = "../";
        let p = &self.site.pages[i];
        PageView {
            site: self.site_view(root, &format!("{}/", p.slug)),
            title: p.title.clone(),
            description: p.description.clone(),
            body_html: self.markdown(&p.body, p.file.as_deref(), p.body_start, root, problems),
        }
    }

    fn claim_view(&self, c: &Claim, problems: &mut Vec<Diagnostic>) -> ClaimView {
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
        for ev in &c.evidence {
            let a = &site.articles[ev.span.article];
            let first = &a.blocks[ev.span.first_block];
            let blocks: Vec<std::ops::Range<usize>> = a.blocks
                [ev.span.first_block..=ev.span.last_block]
                .iter()
                .filter(|b| b.kind != BlockKind::Furniture)
                .map(|b| b.range.clone())
                .collect();
            let view = EvidenceView {
                anchor: format!("e{}", ev.k),
                k: ev.k,
                stance: ev.stance.id(),
                in_sentence_html: passage::in_sentence_html(
                    &a.seed.text,
                    &blocks,
                    ev.span.orig.clone(),
                ),
                exact: a.seed.text[ev.span.orig.clone()].to_string(),
                article_title: a.title.clone(),
                article_href: format!("{root}articles/{}/", a.slug),
                outlet: a.outlet.clone(),
                location: first.label(&a.seed.text),
                href: format!("{root}articles/{}/#ev-{}-{}", a.slug, c.slug, ev.k),
                attributed_to: ev.attributed_to.clone(),
                note_html: ev
                    .note
                    .as_ref()
                    .map(|(n, at)| self.inline_markdown(n, &c.file, *at, root, problems)),
                copy_of: a.copy_of.map(|i| article_link(site, i, root)),
            };
            let g = &mut groups[Stance::ALL
                .iter()
                .position(|s| *s == ev.stance)
                .unwrap_or(0)];
            g.count += 1;
            g.items.push(view);
        }
        ClaimView {
            site: self.site_view(root, &format!("claims/{}/", c.slug)),
            title: c.title.clone(),
            claim: c.claim.clone(),
            claimant: c.claimant.clone(),
            claim_date: c.claim_date.as_ref().map(ToString::to_string),
            published: c.published.to_string(),
            updated: c.updated.as_ref().map(ToString::to_string),
            tags: c.tags.clone(),
            rating: rating_view(site, c.rating),
            ratings: (0..site.config.ratings.len())
                .map(|i| rating_view(site, i))
                .collect(),
            figure: c.figure.as_ref().map(figure_text),
            body_html: self.markdown(&c.body, Some(&c.file), c.body_start, root, problems),
            counts: counts(c),
            groups,
            sources_summary: sources_summary(site, c),
        }
    }

    fn article_view(&self, a: &Article, problems: &mut Vec<Diagnostic>) -> ArticleView {
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
        let blocks = a
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
                    html: passage::block_html(&a.seed.text, b.range.clone(), &near),
                    cites,
                }
            })
            .collect();
        let mut citing: Vec<usize> = a.cited_by.iter().map(|&(ci, _)| ci).collect();
        citing.dedup();
        citing.sort_unstable();
        citing.dedup();
        ArticleView {
            site: self.site_view(root, &format!("articles/{}/", a.slug)),
            title: a.title.clone(),
            outlet: a.outlet.clone(),
            original_outlet: a.original_outlet.clone(),
            url: a.url.clone(),
            published: a.published.as_ref().map(ToString::to_string),
            seed: a.seed.name.clone(),
            copy_of: a.copy_of.map(|i| article_link(site, i, root)),
            copies: a
                .copies
                .iter()
                .map(|&i| article_link(site, i, root))
                .collect(),
            note_html: self.markdown(&a.note, a.file.as_deref(), a.body_start, root, problems),
            blocks,
            furniture: a
                .blocks
                .iter()
                .filter(|b| b.kind == BlockKind::Furniture)
                .map(|b| FurnitureView {
                    line: b.line,
                    text: a.block_text(b).to_string(),
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

fn figure_text(f: &crate::load::Figure) -> String {
    let num = |x: f64| {
        if x.fract() == 0.0 && x.abs() < 1e15 {
            group_thousands(x as i64)
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

fn group_thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}
