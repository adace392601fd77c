//! The pipeline: load -> ingest -> resolve -> model -> render -> write.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use std::time::Instant;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{self, LoadOptions};
use crate::{articles, discover, model, render, resolve, write};

/// How to build.
#[derive(Clone, Debug)]
pub struct BuildOptions {
    /// The site root: `config.toml`, `content/`, `seeds/`.
    pub root: PathBuf,
    /// Where the site goes; `None` means `public/` under the root.
    pub output_dir: Option<PathBuf>,
    pub drafts: bool,
    /// Warnings fail the build.
    pub strict: bool,
    /// Check only: write nothing.
    pub check_only: bool,
    /// Replaces config.toml's `base_url` (`--base-url`).
    pub base_url: Option<String>,
    /// If another build is writing the same output: wait for it, or fail at once.
    pub wait: write::Wait,
    /// Told once when the build has to wait for another one: the output
    /// directory and the other build's process id, if known.
    pub on_wait: Option<fn(&Path, Option<u32>)>,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            output_dir: None,
            drafts: false,
            strict: false,
            check_only: false,
            base_url: None,
            wait: write::Wait::Block,
            on_wait: None,
        }
    }

    pub fn output_dir(&self) -> PathBuf {
        self.output_dir
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}

/// What a build did.
#[derive(Clone, Debug, Default)]
pub struct BuildReport {
    pub claims: usize,
    pub articles: usize,
    pub evidence: usize,
    pub pages: usize,
    pub files: usize,
    pub millis: u128,
    /// Time spent in each stage, in pipeline order.
    pub timings: Vec<(&'static str, std::time::Duration)>,
    /// The process's peak memory when each stage ended, in bytes, by stage:
    /// which stage raised it.
    pub peaks: Vec<(&'static str, u64)>,
    /// Every problem found; warnings only when the build succeeded.
    pub diagnostics: Diagnostics,
    pub succeeded: bool,
    /// An incremental rebuild: when the pages of the changed files were on disk.
    pub first_written: Option<std::time::Duration>,
}

impl BuildReport {
    /// The one summary line a build prints.
    pub fn summary(&self, check_only: bool) -> String {
        let warnings = self.diagnostics.warning_count();
        let verb = if check_only { "checked" } else { "built" };
        format!(
            "{verb} {} {}, {} {}, {} evidence {}, {} {} in {} ms",
            self.claims,
            plural(self.claims, "claim", "claims"),
            self.articles,
            plural(self.articles, "article", "articles"),
            self.evidence,
            plural(self.evidence, "link", "links"),
            warnings,
            plural(warnings, "warning", "warnings"),
            self.millis
        )
    }
}

impl BuildReport {
    /// Per-stage times and peak memory, for `--timings`.
    pub fn timings_table(&self) -> String {
        let mut s = String::new();
        for (stage, d) in &self.timings {
            s.push_str(&format!(
                "  {stage:<8} {:>9.1} ms",
                d.as_secs_f64() * 1000.0
            ));
            if let Some((_, peak)) = self.peaks.iter().find(|(s, _)| s == stage) {
                s.push_str(&format!("   peak so far {:>7.1} MiB", *peak as f64 / MIB));
            }
            s.push('\n');
        }
        let peak = peak_memory_bytes().map_or("unknown".to_string(), |b| {
            format!("{:.1} MiB", b as f64 / MIB)
        });
        s.push_str(&format!(
            "  {:<8} {:>9} ms\n  peak memory {peak}\n",
            "total", self.millis
        ));
        s
    }
}

const MIB: f64 = 1024.0 * 1024.0;

/// The peak resident memory of this process (Linux: VmHWM), if known.
pub fn peak_memory_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

/// Builds the site: every problem of the run is collected; the output is
/// replaced only if there is no error (no warning either, under `strict`).
pub fn build(options: &BuildOptions) -> BuildReport {
    build_inner(options, false).0
}

/// What a successful build leaves in memory for the next, incremental one.
pub struct Kept {
    pub site: model::Site,
    /// Discovery's index of the site's passages.
    pub index: discover::Index,
    pub renderer: render::Renderer,
    /// The paths of every page, for the sitemap.
    pub page_paths: Vec<String>,
    /// The problems found before rendering, with the files they quote.
    pub early: Diagnostics,
    /// The problems found while rendering each file, by output path.
    pub late: BTreeMap<String, Vec<Diagnostic>>,
    /// Where the passages stand on the article pages, for the Web Annotations.
    pub anchors: render::PageAnchors,
}

/// Like [`build`]; a successful build also returns what it made, so that
/// the next build can redo only what changed.
pub fn build_kept(options: &BuildOptions) -> (BuildReport, Option<Kept>) {
    build_inner(options, true)
}

/// A build under the output's lock; with `keep`, what it made stays.
fn build_inner(options: &BuildOptions, keep: bool) -> (BuildReport, Option<Kept>) {
    let start = Instant::now();
    // Nothing to lock for a check, or for an output the build will refuse anyway.
    let refused = write::check_output_dir(&options.root, &options.output_dir()).is_err();
    let _lock = if options.check_only || refused {
        None
    } else {
        match lock_output(options) {
            Ok(lock) => Some(lock),
            Err(d) => return (failure(d, start), None),
        }
    };
    build_unlocked(options, keep)
}

/// Takes the lock of the output directory, which a build holds from before
/// it opens the staging directory until after the swap (see
/// [`write::lock`]). [`build`] takes it itself; `attest serve` holds it
/// around each rebuild.
pub fn lock_output(options: &BuildOptions) -> Result<write::OutputLock, Diagnostic> {
    let out = write::absolute(&options.output_dir());
    let on_wait = |holder: Option<u32>| {
        if let Some(tell) = options.on_wait {
            tell(&out, holder);
        }
    };
    write::OutputLock::acquire(&out, options.wait, &on_wait)
}

/// A build that stopped before it began, with one problem.
fn failure(d: Diagnostic, start: Instant) -> BuildReport {
    let mut diagnostics = Diagnostics::new();
    diagnostics.push(d);
    BuildReport {
        diagnostics,
        millis: start.elapsed().as_millis(),
        ..BuildReport::default()
    }
}

/// [`build_kept`] for a caller that already holds the output's lock (see
/// [`lock_output`]), or that only checks.
pub fn build_locked(options: &BuildOptions) -> (BuildReport, Option<Kept>) {
    build_unlocked(options, true)
}

fn build_unlocked(options: &BuildOptions, keep: bool) -> (BuildReport, Option<Kept>) {
    let start = Instant::now();
    let mut diags = Diagnostics::new();
    let mut report = BuildReport::default();
    let out = options.output_dir();
    let mut staging = None;
    let prepare_start = Instant::now();
    if !options.check_only {
        match write::check_output_dir(&options.root, &out) {
            Ok(()) => match write::Staging::open(&out) {
                Ok(s) => staging = Some(s),
                Err(e) => diags.push(write_failed(&out, &e)),
            },
            Err(d) => diags.push(d),
        }
    }
    let open_time = prepare_start.elapsed();
    let mut kept = None;
    let built = run(
        options,
        keep,
        staging.as_ref(),
        &mut diags,
        &mut report,
        &mut kept,
    );
    let commit_start = Instant::now();
    if options.strict {
        diags.make_warnings_errors();
    }
    match (staging, built, diags.error_count()) {
        (Some(staging), Some(built), 0) => {
            if let Err(e) = staging.commit(&built) {
                diags.push(write_failed(&out, &e));
            }
        }
        (Some(staging), _, _) => staging.abandon(),
        _ => {}
    }
    // Opening the staging directory (listing the previous output) is writing work too.
    report
        .timings
        .push(("write", commit_start.elapsed() + open_time));
    report.succeeded = diags.error_count() == 0;
    report.diagnostics = diags;
    report.millis = start.elapsed().as_millis();
    let kept = kept.filter(|_| report.succeeded && !options.check_only);
    (report, kept)
}

fn write_failed(out: &std::path::Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        "write-failed",
        format!("cannot write {}: {e}", out.display()),
    )
    .help("check the permissions and free space of the output directory's disk")
}

/// Runs load, ingest, resolve and model; `lap` is called after each stage
/// with its name. The source is `None` if loading failed, the model `None`
/// if any stage found an error or a seed changed while they ran (then
/// `seed-changed` is all that is reported).
pub fn model_stages(
    options: &BuildOptions,
    diags: &mut Diagnostics,
    lap: &mut dyn FnMut(&'static str),
) -> (Option<load::SiteSource>, Option<model::Site>) {
    let load_options = LoadOptions {
        drafts: options.drafts,
        base_url: options.base_url.clone(),
    };
    let source = load::load(&options.root, load_options, diags);
    lap("load");
    let Some(source) = source else {
        return (None, None);
    };
    let skipped = articles::skipped(&source);
    let articles = articles::ingest_site(&source, &skipped, diags);
    lap("ingest");
    let refs: Vec<resolve::ArticleRef> = articles.iter().map(|a| a.as_ref()).collect();
    let skipped_slugs: Vec<&str> = skipped.iter().map(|s| s.slug.as_str()).collect();
    let spans = resolve::resolve(&source.claims, &refs, &skipped_slugs, diags);
    articles::note_skipped(&skipped, &source.claims, diags);
    drop(refs);
    lap("resolve");
    let site = model::build(&source, articles, spans, diags);
    lap("model");
    // A seed saved meanwhile was read blank: what was found is of no text.
    if load::report_changed_seeds(source.seeds.iter(), diags) {
        return (Some(source), None);
    }
    (Some(source), site)
}

/// How many threads render and write: a cold build's writes wait on the
/// disk (creating 27,000 files and 15,000 folders at 10,000 articles).
const WRITERS: usize = 8;

/// Runs the stages up to render; returns the paths of every file built.
fn run(
    options: &BuildOptions,
    keep: bool,
    staging: Option<&write::Staging>,
    diags: &mut Diagnostics,
    report: &mut BuildReport,
    kept: &mut Option<Kept>,
) -> Option<HashSet<String>> {
    let mut clock = Instant::now();
    let mut lap = |report: &mut BuildReport, stage: &'static str| {
        report.timings.push((stage, clock.elapsed()));
        report.peaks.extend(peak_memory_bytes().map(|b| (stage, b)));
        clock = Instant::now();
    };
    let (source, site) = model_stages(options, diags, &mut |stage| lap(report, stage));
    let (source, mut site) = (source?, site?);
    // The model has what it needs of the claim and article files: only
    // what rendering and writing read of the files stays. (Moved into the
    // block, the rest of the source is dropped at its end, not the run's.)
    let (templates, static_files, seeds) = {
        let source = source;
        (source.templates, source.static_files, source.seeds)
    };
    // Nothing holds their texts now but the diagnostics, which need only
    // those of the files with a problem.
    diags.forget_texts(&options.root);
    report.claims = site.claims.len();
    report.articles = site.articles.len();
    report.evidence = site.claims.iter().map(|c| c.evidence.len()).sum();
    report.pages = site.pages.len();
    // A build that is kept (attest serve) suggests from its index later.
    let build_index = |site: &model::Site| {
        if keep {
            discover::Index::build(site)
        } else {
            discover::Index::build_for_lints(site)
        }
    };
    let renderer = match render::Renderer::new(&site, &templates) {
        Ok(r) => r,
        Err(ds) => {
            let index = build_index(&site);
            discover::lints(&site, &index, None)
                .into_iter()
                .for_each(|d| diags.push(d));
            ds.into_iter().for_each(|d| diags.push(d));
            return None;
        }
    };
    // Pages go to the staging directory as soon as each is rendered.
    let sink = ToStaging(staging);
    let page_paths = renderer.page_paths(&site);
    let mut anchors = render::PageAnchors::new(site.articles.len());
    let work = renderer.all_work(&site);
    // What does not show the claims' twins (most article pages, their
    // texts, the claims' search index) is rendered while discovery indexes
    // the passages and finds the twins; the rest once the twins are set,
    // while the lints run. The passages' search index, the largest thing
    // built in memory, comes last, once the lints have dropped discovery's
    // index: the two are never held at once (at 100,000 articles, each is
    // hundreds of megabytes).
    let is_last = |w: render::Work| w == render::Work::Search(crate::search::Part::Passages);
    let (last, rest): (Vec<usize>, Vec<usize>) = (0..work.len()).partition(|&i| is_last(work[i]));
    let (after, before): (Vec<usize>, Vec<usize>) = rest
        .into_iter()
        .partition(|&i| renderer.needs_twins(&site, work[i]));
    let pick = |ids: &[usize]| ids.iter().map(|&i| work[i]).collect::<Vec<render::Work>>();
    let (before_work, after_work, last_work) = (pick(&before), pick(&after), pick(&last));
    // More threads than cores: while some wait for their files to be
    // written, the others go on rendering. Discovery gets as many threads
    // of its own: the cores are shared between the two, and discovery, whose
    // twins the other pages wait for, is not left one thread in nine.
    let pool = |name: &'static str| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(WRITERS.max(rayon::current_num_threads()))
            .thread_name(move |i| format!("attest-{name}-{i}"))
            .build()
            .ok()
    };
    let (render_pool, discover_pool) = (pool("render"), pool("discover"));
    let pools = (discover_pool.as_ref(), render_pool.as_ref());
    let find = || {
        let start = Instant::now();
        let mut index = build_index(&site);
        discover::twins::find_copies(&site, &mut index);
        let twins = discover::twins::all_claim_twins(&site, &index);
        (index, twins, (start.elapsed(), peak_memory_bytes()))
    };
    let render_before =
        || renderer.render_each(&site, &before_work, &page_paths, &mut anchors, &sink);
    let ((index, twins, discover_time), rendered_before) = beside(pools, find, render_before);
    discover::twins::set_twins(&mut site, twins);
    // The lints read only the model and the index: they run beside the
    // rest of rendering.
    let lint = || {
        let start = Instant::now();
        let lints = discover::lints(&site, &index, None);
        // Only an incremental rebuild needs the index again: it goes
        // while the pages are still being rendered.
        let index = keep.then_some(index);
        (lints, index, (start.elapsed(), peak_memory_bytes()))
    };
    let render_after =
        || renderer.render_each(&site, &after_work, &page_paths, &mut anchors, &sink);
    let ((lints, index, lints_time), rendered_after) = beside(pools, lint, render_after);
    drop(discover_pool);
    // Once the Web Annotations are written, only an incremental rebuild
    // needs the passages' anchors (100 MB at 100,000 articles).
    if !keep {
        anchors = render::PageAnchors::new(0);
    }
    // One thread a core: the search index waits on nothing, and each
    // thread's allocator holds memory of its own (at 100,000 articles the
    // peak was 1,811–1,856 MiB on two threads, 1,945–1,975 MiB on
    // rendering's eight, 1,914 MiB on discovery's eight).
    let rendered_last = in_pool(None, || {
        renderer.render_each(&site, &last_work, &page_paths, &mut anchors, &sink)
    });
    // Back in the order of the work, as if rendered at once.
    let mut each: Vec<Vec<render::Rendered>> = (0..work.len()).map(|_| Vec::new()).collect();
    for (ids, results) in [
        (before, rendered_before),
        (after, rendered_after),
        (last, rendered_last),
    ] {
        for (i, r) in ids.into_iter().zip(results) {
            each[i] = r;
        }
    }
    let mut rendered: Vec<render::Rendered> = each.into_iter().flatten().collect();
    lints.into_iter().for_each(|d| diags.push(d));
    let early = diags.clone();
    rendered.extend(renderer.write_assets(&sink));
    let mut paths = Vec::with_capacity(rendered.len());
    let mut late = BTreeMap::new();
    for r in rendered {
        r.problems.iter().for_each(|d| diags.push(d.clone()));
        if r.written {
            paths.push(r.path.clone());
        }
        late.insert(r.path, r.problems);
    }
    if load::report_changed_seeds(seeds.iter(), diags) {
        return None;
    }
    check_static_collisions(&paths, &static_files, diags);
    let copied: Vec<Result<String, Diagnostic>> = static_files
        .par_iter()
        .map(
            |f| match staging.map_or(Ok(()), |s| s.copy(&f.rel, &f.path)) {
                Ok(()) => Ok(f.rel.clone()),
                Err(e) => Err(render::write_failed(&f.rel, &e)),
            },
        )
        .collect();
    let mut built: HashSet<String> = paths.into_iter().collect();
    for c in copied {
        match c {
            Ok(rel) => {
                built.insert(rel);
            }
            Err(d) => diags.push(d),
        }
    }
    report.files = built.len();
    // Discovery and the lints ran beside rendering: their own times, then
    // the render's whole.
    for (stage, (time, peak)) in [("discover", discover_time), ("lints", lints_time)] {
        report.timings.push((stage, time));
        report.peaks.extend(peak.map(|b| (stage, b)));
    }
    lap(report, "render");
    let Some(index) = index else {
        return Some(built);
    };
    *kept = Some(Kept {
        site,
        index,
        renderer,
        page_paths,
        early,
        late,
        anchors,
    });
    Some(built)
}

/// Where a build's files go: the staging directory, or nowhere (`attest
/// check`).
struct ToStaging<'a>(Option<&'a write::Staging>);

impl render::Sink for ToStaging<'_> {
    fn put(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.0.map_or(Ok(()), |s| s.put(rel, bytes))
    }

    fn put_with(&self, rel: &str, write: &mut render::WriteFile<'_>) -> std::io::Result<()> {
        self.0.map_or(Ok(()), |s| s.put_with(rel, write))
    }
}

/// Runs `a` in the first pool, on a thread of its own, and `b` in the
/// second, at the same time.
fn beside<A: Send, B: Send>(
    (pool_a, pool_b): (Option<&rayon::ThreadPool>, Option<&rayon::ThreadPool>),
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B + Send,
) -> (A, B) {
    std::thread::scope(|scope| {
        let a = scope.spawn(|| in_pool(pool_a, a));
        let b = in_pool(pool_b, b);
        // Neither panics; if one did, so does the build.
        let a = a.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
        (a, b)
    })
}

/// Runs `job` in `pool` if there is one, else in rayon's global pool.
fn in_pool<T: Send>(pool: Option<&rayon::ThreadPool>, job: impl FnOnce() -> T + Send) -> T {
    match pool {
        Some(pool) => pool.install(job),
        None => job(),
    }
}

fn check_static_collisions(
    paths: &[String],
    statics: &[load::StaticFile],
    diags: &mut Diagnostics,
) {
    for s in statics {
        let folder = format!("{}/", s.rel);
        if paths.iter().any(|p| *p == s.rel || p.starts_with(&folder)) {
            diags.push(
                Diagnostic::error(
                    "static-collision",
                    format!("static/{} would overwrite a page the build writes", s.rel),
                )
                .in_file(&format!("static/{}", s.rel))
                .help("rename the file, or override the template instead (templates/ holds style.css and the page templates)"),
            );
        }
    }
}
