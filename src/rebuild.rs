//! Rebuilds for `attest serve`: the last good build stays in memory, and a
//! change to claim files, article files or seeds redoes only what depends
//! on it. Anything else (config, templates, pages, static files, a file
//! added or removed, a new tag) rebuilds everything. Either way the output
//! is the same, byte for byte, as a full build of the same files.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::build::{self, BuildOptions, BuildReport, Kept};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{self, ClaimFront, Parsed};
use crate::model::{self, Site};
use crate::render::lists::List;
use crate::render::{Job, Work, publish};
use crate::serve::watch::{Change, ChangeKind};
use crate::{articles, discover, resolve, search, write};

/// A build kept between rebuilds.
pub struct Session {
    options: BuildOptions,
    kept: Option<Kept>,
    /// Changes not yet built: the rebuild that saw them failed.
    pending: BTreeSet<Change>,
}

/// What an incremental rebuild redoes.
#[derive(Debug, Default)]
struct Plan {
    /// Claims whose file changed, or which cite a changed article.
    claims: BTreeSet<usize>,
    /// Articles whose seed or article file changed.
    articles: BTreeSet<usize>,
}

impl Session {
    pub fn new(options: BuildOptions) -> Session {
        Session {
            options,
            kept: None,
            pending: BTreeSet::new(),
        }
    }

    /// The last good build, if there is one.
    pub fn kept(&self) -> Option<&Kept> {
        self.kept.as_ref()
    }

    /// Rebuilds after `changes` (paths relative to the root); with none,
    /// or nothing kept, a full build.
    pub fn rebuild(&mut self, changes: &[Change]) -> BuildReport {
        self.rebuild_then(changes, |_| {})
    }

    /// As [`Session::rebuild`]; an incremental rebuild calls `first_pages`
    /// as soon as the pages of the changed files are on disk, with their
    /// paths (`claims/x/index.html`), while the pages that show them are
    /// still being made.
    pub fn rebuild_then(
        &mut self,
        changes: &[Change],
        first_pages: impl FnMut(&[String]),
    ) -> BuildReport {
        self.pending.extend(changes.iter().cloned());
        // Held while this rebuild writes: an `attest build` into the same output waits.
        let _lock = match build::lock_output(&self.options) {
            Ok(lock) => lock,
            Err(d) => {
                let mut diags = Diagnostics::new();
                diags.push(d);
                return failure(diags, Instant::now());
            }
        };
        let plan = self
            .kept
            .as_ref()
            .and_then(|k| plan(&k.site, &self.pending));
        let report = match plan {
            Some(plan) => self
                .update(plan, first_pages)
                .unwrap_or_else(|| self.full()),
            None => self.full(),
        };
        if report.succeeded {
            self.pending.clear();
        }
        report
    }

    fn full(&mut self) -> BuildReport {
        // Free the old model before the new one is built.
        self.kept = None;
        let (report, kept) = build::build_locked(&self.options);
        self.kept = kept;
        report
    }

    /// Redoes `plan`; `None` if it turns out to need a full build.
    fn update(
        &mut self,
        plan: Plan,
        mut first_pages: impl FnMut(&[String]),
    ) -> Option<BuildReport> {
        let start = Instant::now();
        let mut clock = Instant::now();
        let mut timings: Vec<(&'static str, Duration)> = Vec::new();
        let mut lap = |stage: &'static str| {
            timings.push((stage, clock.elapsed()));
            clock = Instant::now();
        };
        let root = self.options.root.clone();
        let kept = self.kept.as_mut()?;
        let mut fresh = Diagnostics::new();
        // Files whose problems are found again; seeds have none in a good build
        // but `seed-without-article`, which does not change with their text,
        // and the warnings of reading them, found again with it.
        let mut redone = Redone::default();

        let mut sources = Vec::new();
        for &ai in &plan.articles {
            let old = &kept.site.articles[ai];
            let seed = load::load_seed(&root, &old.seed.name, &mut fresh);
            redone.seeds.insert(old.seed.file());
            let file = match &old.file {
                Some(path) => {
                    redone.files.insert(path.clone());
                    let name = path.strip_prefix("content/articles/")?;
                    let parsed = load::load_article(&root, name, &mut fresh);
                    if let Some(p) = &parsed {
                        let copy_of = p.front.copy_of.as_ref().map(|c| c.get_ref().as_str());
                        if p.front.seed.get_ref() != &old.seed.name || copy_of != old.copy_of_slug()
                        {
                            return None;
                        }
                    }
                    Some(parsed)
                }
                None => None,
            };
            sources.push((ai, seed, file));
        }
        let mut claim_files: Vec<Parsed<ClaimFront>> = Vec::new();
        let mut loaded = true;
        for &ci in &plan.claims {
            let file = &kept.site.claims[ci].file;
            redone.files.insert(file.clone());
            let name = file.strip_prefix("content/claims/")?;
            match load::load_claim(&root, name, &mut fresh) {
                Some(c) if c.front.draft && !self.options.drafts => return None,
                Some(c) => claim_files.push(c),
                None => loaded = false,
            }
        }
        lap("load");
        if !loaded || fresh.error_count() > 0 {
            return Some(failed(kept, &redone, fresh, &self.options, start));
        }

        let mut new_articles = Vec::new();
        for (ai, seed, file) in sources {
            let old = &kept.site.articles[ai];
            let (Some(seed), Some(file)) = (seed, file.map_or(Some(None), |f| f.map(Some))) else {
                return Some(failed(kept, &redone, fresh, &self.options, start));
            };
            let source = articles::reingest(&old.slug, &seed, file.as_ref(), &mut fresh);
            let mut article = model::build_article(source);
            article.copy_of = old.copy_of;
            article.copies = old.copies.clone();
            article.origin = old.origin;
            new_articles.push((ai, article));
        }
        lap("ingest");

        let mut refs: Vec<resolve::ArticleRef> =
            kept.site.articles.iter().map(|a| a.as_ref()).collect();
        for (ai, a) in &new_articles {
            refs[*ai] = a.as_ref();
        }
        let spans = resolve::resolve(&claim_files, &refs, &[], &mut fresh);
        drop(refs);
        lap("resolve");

        let mut new_claims = Vec::new();
        for ((&ci, file), spans) in plan.claims.iter().zip(&claim_files).zip(spans) {
            match model::build_claim(
                &kept.site.config,
                &kept.site.sources,
                file,
                spans,
                &mut fresh,
            ) {
                Some(claim) => new_claims.push((ci, claim)),
                None => return Some(failed(kept, &redone, fresh, &self.options, start)),
            }
        }
        if fresh.error_count() > 0 {
            return Some(failed(kept, &redone, fresh, &self.options, start));
        }
        let before = Around::of(&kept.site, &plan);
        let groups = |s: &Site| {
            let slugs = |g: &[model::Group]| g.iter().map(|g| g.slug.clone()).collect::<Vec<_>>();
            let quantities: Vec<String> = s.quantities.iter().map(|q| q.slug.clone()).collect();
            (slugs(&s.tags), slugs(&s.claimants), quantities)
        };
        let old_groups = groups(&kept.site);
        for (ai, a) in new_articles {
            kept.site.articles[ai] = a;
        }
        for (ci, c) in new_claims {
            kept.site.claims[ci] = c;
        }
        kept.site.link_claims();
        // A new or vanished tag, claimant or quantity adds or removes pages.
        if groups(&kept.site) != old_groups {
            return None;
        }
        let after = Around::of(&kept.site, &plan);
        lap("model");
        // Discovery: a changed article changes the index and may change any
        // claim's lints and any copy; a changed claim, its own lints only
        // (in its file, whose problems are found again).
        if plan.articles.is_empty() {
            let claims: Vec<usize> = plan.claims.iter().copied().collect();
            discover::lints(&kept.site, &kept.index, Some(&claims))
                .into_iter()
                .for_each(|d| fresh.push(d));
        } else {
            kept.index = discover::Index::build(&kept.site);
            discover::lints(&kept.site, &kept.index, None)
                .into_iter()
                .for_each(|d| fresh.push(d));
            redone.lints = true;
        }
        discover::twins::link_twins(&mut kept.site, &kept.index);
        lap("discover");

        let (first, rest) = dirty(&kept.site, &plan, &before, &after);
        let mut early = kept.early.clone();
        redone.forget(&mut early);
        early.extend(fresh);
        // Kept until the next rebuild: the texts of the files read again go too.
        early.forget_texts(&root);
        let out = self.options.output_dir();
        let mut written: Vec<(String, Option<Vec<u8>>)> = Vec::new();
        let mut late_updates: BTreeMap<String, Vec<Diagnostic>> = BTreeMap::new();
        let mut removed: Vec<String> = Vec::new();
        let mut first_written = None;
        for (phase, work) in [first, rest].into_iter().enumerate() {
            let files = Mutex::new(Vec::new());
            let sink = |rel: &str, bytes: &[u8]| {
                if let Ok(mut f) = files.lock() {
                    f.push((rel.to_string(), bytes.to_vec()));
                }
                Ok(())
            };
            let rendered = kept.renderer.render(
                &kept.site,
                &work,
                &kept.page_paths,
                &mut kept.anchors,
                &sink,
            );
            for r in rendered {
                late_updates.insert(r.path, r.problems);
            }
            let report = report_of(&early, &kept.late, &late_updates, &self.options);
            let mut files = files.into_inner().unwrap_or_default();
            files.sort();
            // A seed read again that changed meanwhile was rendered blank.
            let mut problems = load::changed_seeds(kept.site.articles.iter().map(|a| &a.seed));
            if report.error_count() == 0 && problems.is_empty() {
                for (rel, bytes) in &files {
                    match write::replace_file(&out, rel, bytes) {
                        Ok(old) => written.push((rel.clone(), old)),
                        Err(e) => problems.push(crate::render::write_failed(rel, &e)),
                    }
                }
                // A part of the search index is a folder of files named by
                // their contents: the files it no longer has go.
                for part in work.iter().filter_map(|w| match w {
                    Work::Search(part) => Some(*part),
                    _ => None,
                }) {
                    let prefix = format!("{}/", part.dir());
                    let stale: Vec<String> = kept
                        .late
                        .range(prefix.clone()..)
                        .map(|(p, _)| p)
                        .take_while(|p| p.starts_with(&prefix))
                        .filter(|p| !late_updates.contains_key(*p))
                        .cloned()
                        .collect();
                    for rel in stale {
                        match write::remove_file(&out, &rel) {
                            Ok(Some(old)) => written.push((rel.clone(), Some(old))),
                            Ok(None) => {}
                            Err(e) => problems.push(crate::render::write_failed(&rel, &e)),
                        }
                        removed.push(rel);
                    }
                }
            }
            if phase == 0 {
                first_written = Some(start.elapsed());
            }
            if report.error_count() > 0 || !problems.is_empty() {
                // Put back what this rebuild wrote: the last good site stays whole.
                for (rel, old) in written.iter().rev() {
                    let _ = write::restore_file(&out, rel, old.as_deref());
                }
                let mut diags = report;
                problems.into_iter().for_each(|d| diags.push(d));
                load::report_changed_seeds(kept.site.articles.iter().map(|a| &a.seed), &mut diags);
                // The model now holds the failed change: start over next time.
                self.kept = None;
                return Some(failure(diags, start));
            }
            if phase == 0 {
                let pages: Vec<String> = files.iter().map(|(rel, _)| rel.clone()).collect();
                first_pages(&pages);
            }
            lap(if phase == 0 { "render" } else { "render+" });
        }
        for rel in &removed {
            kept.late.remove(rel);
        }
        kept.late.extend(late_updates);
        kept.early = early;
        let diagnostics = report_of(&kept.early, &kept.late, &BTreeMap::new(), &self.options);
        let site = &kept.site;
        Some(BuildReport {
            claims: site.claims.len(),
            articles: site.articles.len(),
            evidence: site.claims.iter().map(|c| c.evidence.len()).sum(),
            pages: site.pages.len(),
            files: written.len(),
            millis: start.elapsed().as_millis(),
            timings,
            peaks: Vec::new(),
            diagnostics,
            succeeded: true,
            first_written,
        })
    }
}

/// What a rebuild checks again: its problems from the last build go.
#[derive(Default)]
struct Redone {
    /// Claim and article files, all of whose problems are found again.
    files: BTreeSet<String>,
    /// Seeds read again: the problems of reading them are found again.
    seeds: BTreeSet<String>,
    /// Every discovery lint is found again (an article changed).
    lints: bool,
}

impl Redone {
    fn forget(&self, diags: &mut Diagnostics) {
        diags.forget_files(&self.files);
        diags.forget_where(|d| {
            d.file.as_ref().is_some_and(|f| self.seeds.contains(f))
                && load::SEED_READ_CODES.contains(&d.code)
        });
        if self.lints {
            diags.forget_where(|d| discover::lints::CODES.contains(&d.code));
        }
    }
}

/// A failed incremental rebuild: the problems a full build would print
/// before rendering. Nothing was written and nothing kept changes.
fn failed(
    kept: &Kept,
    redone: &Redone,
    fresh: Diagnostics,
    options: &BuildOptions,
    start: Instant,
) -> BuildReport {
    let mut diags = kept.early.clone();
    redone.forget(&mut diags);
    diags.extend(fresh);
    if options.strict {
        diags.make_warnings_errors();
    }
    load::report_changed_seeds(kept.site.articles.iter().map(|a| &a.seed), &mut diags);
    failure(diags, start)
}

fn failure(diagnostics: Diagnostics, start: Instant) -> BuildReport {
    BuildReport {
        millis: start.elapsed().as_millis(),
        diagnostics,
        succeeded: false,
        ..BuildReport::default()
    }
}

/// Every problem of the site: before rendering, and of each rendered file
/// (`updates` replacing what was `kept`).
fn report_of(
    early: &Diagnostics,
    kept: &BTreeMap<String, Vec<Diagnostic>>,
    updates: &BTreeMap<String, Vec<Diagnostic>>,
    options: &BuildOptions,
) -> Diagnostics {
    let mut diags = early.clone();
    for (path, problems) in kept {
        if !updates.contains_key(path) {
            problems.iter().for_each(|d| diags.push(d.clone()));
        }
    }
    for problems in updates.values() {
        problems.iter().for_each(|d| diags.push(d.clone()));
    }
    if options.strict {
        diags.make_warnings_errors();
    }
    diags
}

/// Which rebuild a set of changed files needs: `None` for a full one.
fn plan(site: &Site, changes: &BTreeSet<Change>) -> Option<Plan> {
    let mut plan = Plan::default();
    for c in changes {
        if c.kind != ChangeKind::Modified {
            return None;
        }
        if let Some(ci) = site.claims.iter().position(|x| x.file == c.path) {
            plan.claims.insert(ci);
        } else if let Some(name) = c.path.strip_prefix("seeds/") {
            plan.articles
                .insert(site.articles.iter().position(|a| a.seed.name == name)?);
        } else if c.path.starts_with("content/articles/") {
            let ai = site
                .articles
                .iter()
                .position(|a| a.file.as_deref() == Some(c.path.as_str()))?;
            plan.articles.insert(ai);
        } else {
            return None;
        }
    }
    for &ai in &plan.articles {
        plan.claims
            .extend(site.articles[ai].cited_by.iter().map(|&(ci, _)| ci));
    }
    Some(plan)
}

/// What the redone claims touch in a model: their neighbours in the claim
/// order, the articles they cite, and their claimant pages.
#[derive(Debug, Default)]
struct Around {
    claims: BTreeSet<usize>,
    articles: BTreeSet<usize>,
    claimants: BTreeSet<usize>,
}

impl Around {
    fn of(site: &Site, plan: &Plan) -> Around {
        let mut around = Around::default();
        for &ci in &plan.claims {
            let rank = site.rank[ci];
            around.claims.extend(
                [rank.checked_sub(1), Some(rank + 1)]
                    .into_iter()
                    .flatten()
                    .filter_map(|r| site.order.get(r)),
            );
            around
                .articles
                .extend(site.claims[ci].evidence.iter().map(|e| e.span.article));
        }
        let has_any = |claims: &[usize]| claims.iter().any(|c| plan.claims.contains(c));
        around.claimants = (0..site.claimants.len())
            .filter(|&i| has_any(&site.claimants[i].claims))
            .collect();
        for &ai in &plan.articles {
            let a = &site.articles[ai];
            around.articles.extend(a.copy_of);
            around.articles.extend(&a.copies);
            // Claim pages name the original of each copy they cite.
            for &copy in &a.copies {
                around
                    .claims
                    .extend(site.articles[copy].cited_by.iter().map(|&(ci, _)| ci));
            }
        }
        around
    }
}

/// The files to render again: first the pages of what changed (the ones
/// the editor is looking at), then every page and data file that shows it.
fn dirty(site: &Site, plan: &Plan, before: &Around, after: &Around) -> (Vec<Work>, Vec<Work>) {
    let mut first: Vec<Work> = plan
        .claims
        .iter()
        .map(|&ci| Work::Page(Job::Claim(ci)))
        .collect();
    first.extend(plan.articles.iter().map(|&ai| Work::Page(Job::Article(ai))));
    first.extend(plan.articles.iter().map(|&ai| Work::ArticleText(ai)));
    let mut rest: Vec<Work> = Vec::new();
    let claims: BTreeSet<usize> = before.claims.union(&after.claims).copied().collect();
    rest.extend(
        claims
            .difference(&plan.claims)
            .map(|&ci| Work::Page(Job::Claim(ci))),
    );
    let articles: BTreeSet<usize> = before.articles.union(&after.articles).copied().collect();
    rest.extend(
        articles
            .difference(&plan.articles)
            .map(|&ai| Work::Page(Job::Article(ai))),
    );
    rest.push(Work::Page(Job::Home));
    rest.extend(
        [List::Claims, List::Articles, List::Tags, List::Claimants]
            .map(|l| Work::Page(Job::List(l))),
    );
    // Every tag page shows the filters' counts, which any claim may change.
    rest.extend((0..site.tags.len()).map(|i| Work::Page(Job::List(List::Tag(i)))));
    let claimants: BTreeSet<usize> = before.claimants.union(&after.claimants).copied().collect();
    rest.extend(
        claimants
            .into_iter()
            .map(|i| Work::Page(Job::List(List::Claimant(i)))),
    );
    rest.extend((0..site.config.ratings.len()).map(|i| Work::Page(Job::List(List::Rating(i)))));
    // Source pages list passages of many claims: few, so all are redone.
    if !site.sources.is_empty() {
        rest.push(Work::Page(Job::Sources));
        rest.extend((0..site.sources.sources.len()).map(|i| Work::Page(Job::Source(i))));
    }
    match site.pages.iter().position(|p| p.slug == "corrections") {
        Some(i) => rest.push(Work::Page(Job::Page(i))),
        None => rest.push(Work::Page(Job::Corrections)),
    }
    // Any claim or article may move a figure: the figure pages are few.
    if !site.quantities.is_empty() {
        rest.push(Work::Page(Job::Figures));
        rest.extend((0..site.quantities.len()).map(|i| Work::Page(Job::Quantity(i))));
        rest.extend((0..site.quantities.len()).map(Work::QuantityCsv));
    }
    rest.extend(publish::File::ALL.map(Work::File));
    rest.push(Work::Search(search::Part::Claims));
    // The passages index is made of the articles alone.
    if !plan.articles.is_empty() {
        rest.push(Work::Search(search::Part::Passages));
    }
    (first, rest)
}
