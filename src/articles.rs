//! Ingest for a whole site: pairs article files with seeds and turns each
//! seed into classified, numbered blocks.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics, nearest};
use crate::ingest::{self, Block, BlockKind, Metadata};
use crate::load::{ArticleFront, ClaimFront, Parsed, Seed, SiteSource};

/// A seed article with its article file (if any) and its blocks.
#[derive(Clone, Debug)]
pub struct SourceArticle {
    pub slug: String,
    pub seed: Seed,
    pub file: Option<Parsed<ArticleFront>>,
    pub blocks: Vec<Block>,
    /// What a web page says about itself (empty for text seeds).
    pub metadata: Metadata,
    /// The seed's title line, read with its blocks: a large site's seed
    /// text is not kept to read it again.
    title_line: Option<String>,
}

impl SourceArticle {
    /// The text of a block as it stands in the seed.
    pub fn block_text(&self, block: &Block) -> String {
        self.seed.text.get()[block.range.clone()].to_string()
    }

    /// What resolving quotes needs of the article.
    pub fn as_ref(&self) -> crate::resolve::ArticleRef<'_> {
        crate::resolve::ArticleRef {
            slug: &self.slug,
            text: &self.seed.text,
            blocks: &self.blocks,
        }
    }

    /// The seed's title line, if it has one.
    pub fn seed_title(&self) -> Option<String> {
        self.title_line.clone()
    }
}

/// An article left out because its seed could not be read or decoded: the
/// seed's error says so once, and nothing that follows from it is reported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    pub slug: String,
    /// The seed, relative to the site root (`seeds/x.txt`).
    pub seed_file: String,
    /// The article file, if the seed has one.
    pub article_file: Option<String>,
}

/// The articles whose seed could not be read or decoded.
pub fn skipped(site: &SiteSource) -> Vec<Skipped> {
    site.unreadable_seeds
        .iter()
        .map(|name| {
            let file = site
                .articles
                .iter()
                .find(|a| a.front.seed.get_ref() == name);
            Skipped {
                slug: file.map_or_else(|| crate::load::default_slug(name), |a| a.slug.clone()),
                seed_file: format!("seeds/{name}"),
                article_file: file.map(|a| a.doc.file.clone()),
            }
        })
        .collect()
}

/// Adds to each unreadable seed's error one note: which article and which
/// claims were skipped because of it.
pub fn note_skipped(skipped: &[Skipped], claims: &[Parsed<ClaimFront>], diags: &mut Diagnostics) {
    for s in skipped {
        let citing: Vec<&str> = claims
            .iter()
            .filter(|c| {
                c.front
                    .evidence
                    .iter()
                    .any(|e| e.article.get_ref() == &s.slug)
            })
            .map(|c| c.doc.file.as_str())
            .collect();
        let article = match &s.article_file {
            Some(file) => format!("article `{}` ({file})", s.slug),
            None => format!("article `{}`", s.slug),
        };
        let claims = match citing.as_slice() {
            [] => String::new(),
            [one] => format!(" and the evidence that cites it, in 1 claim ({one}),"),
            many => {
                let shown = many.iter().take(3).copied().collect::<Vec<_>>().join(", ");
                let more = if many.len() > 3 { ", …" } else { "" };
                format!(
                    " and the evidence that cites it, in {} claims ({shown}{more}),",
                    many.len()
                )
            }
        };
        let verb = if citing.is_empty() { "was" } else { "were" };
        diags.add_note(
            &s.seed_file,
            format!(
                "so {article}{claims} {verb} not checked, and will be once the seed can be read"
            ),
        );
    }
}

/// Pairs every article file with its seed, gives every other seed a default
/// article, and ingests them all. Sorted by slug. Articles whose seed could
/// not be read (`skipped`) are left out without another error.
pub fn ingest_site(
    site: &SiteSource,
    skipped: &[Skipped],
    diags: &mut Diagnostics,
) -> Vec<SourceArticle> {
    let seed_names: Vec<&str> = site.seeds.iter().map(|s| s.name.as_str()).collect();
    let mut paired: Vec<(String, &Seed, Option<&Parsed<ArticleFront>>)> = Vec::new();
    let mut used: Vec<Option<&str>> = vec![None; site.seeds.len()];
    let seed_index: HashMap<&str, usize> = site
        .seeds
        .iter()
        .enumerate()
        .map(|(i, s)| (s.name.as_str(), i))
        .collect();
    for a in &site.articles {
        let seed_name = a.front.seed.get_ref();
        let span = a.doc.span(a.front.seed.span());
        let Some(&i) = seed_index.get(seed_name.as_str()) else {
            if site.unreadable_seeds.contains(seed_name) {
                continue;
            }
            let mut d =
                Diagnostic::error("unknown-seed", format!("no seed `{seed_name}` in seeds/"))
                    .at(&a.doc.file, span)
                    .label("not a file in seeds/");
            d = match nearest(seed_name, seed_names.iter().copied()) {
                Some(n) => d.help(format!("did you mean `{n}`?")),
                None if seed_names.is_empty() => d.help("put the article's text file into seeds/"),
                None => d.note(format!("seeds: {}", seed_names.join(", "))),
            };
            diags.push(d);
            continue;
        };
        if let Some(other) = used[i] {
            diags.push(
                Diagnostic::error(
                    "seed-used-twice",
                    format!("seed `{seed_name}` already belongs to article `{other}`"),
                )
                .at(&a.doc.file, span)
                .label("used twice")
                .help("each seed has exactly one article file; remove one of the two"),
            );
            continue;
        }
        used[i] = Some(&a.slug);
        paired.push((a.slug.clone(), &site.seeds[i], Some(a)));
    }
    for (i, seed) in site.seeds.iter().enumerate() {
        if used[i].is_some() {
            continue;
        }
        let slug = seed.default_slug();
        if let Some((_, other, None)) = paired.iter().find(|(s, _, _)| *s == slug) {
            diags.push(
                Diagnostic::error(
                    "slug-taken",
                    format!("seeds `{}` and `{}` both get the default slug `{slug}`", other.name, seed.name),
                )
                .in_file(&seed.file())
                .help(format!("write an article file for one of them, e.g. content/articles/{slug}-2.md with seed = \"{}\"", seed.name)),
            );
            continue;
        }
        if let Some((_, _, Some(a))) = paired.iter().find(|(s, _, _)| *s == slug) {
            diags.push(
                Diagnostic::error(
                    "slug-taken",
                    format!(
                        "seed `{}` has no article file, and its default slug `{slug}` is taken",
                        seed.name
                    ),
                )
                .in_file(&a.doc.file)
                .help(format!(
                    "write content/articles/<slug>.md with seed = \"{}\"",
                    seed.name
                )),
            );
            continue;
        }
        diags.push(
            Diagnostic::warning("seed-without-article", format!("seed `{}` has no article file; it is published as `{slug}`", seed.name))
                .in_file(&seed.file())
                .help(format!(
                    "write content/articles/{slug}.md with seed = \"{}\", the outlet and an editor's note",
                    seed.name
                )),
        );
        paired.push((slug, seed, None));
    }
    paired.sort_by(|a, b| a.0.cmp(&b.0));

    let ingested: Vec<(SourceArticle, Vec<usize>)> = paired
        .par_iter()
        .map(|(slug, seed, file)| ingest_article(slug, seed, *file))
        .collect();
    let (articles, unmatched): (Vec<SourceArticle>, Vec<Vec<usize>>) = ingested.into_iter().unzip();
    for (a, unmatched) in articles.iter().zip(&unmatched) {
        let Some(f) = &a.file else { continue };
        for &i in unmatched {
            diags.push(furniture_not_found(a, f, i));
        }
        check_copy_of(f, &articles, skipped, diags);
    }
    articles
}

fn ingest_article(
    slug: &str,
    seed: &Seed,
    file: Option<&Parsed<ArticleFront>>,
) -> (SourceArticle, Vec<usize>) {
    let extra: Vec<&str> = file
        .map(|f| {
            f.front
                .furniture
                .iter()
                .map(|l| l.get_ref().as_str())
                .collect()
        })
        .unwrap_or_default();
    let (seed, reading) = read_seed(seed, &extra);
    // Kept for the whole build, with no room to spare: a growing list can
    // hold half as much again (100 MB at 100,000 articles).
    let mut blocks = Vec::with_capacity(reading.ingested.blocks.len());
    blocks.extend(reading.ingested.blocks);
    let title_line = blocks
        .iter()
        .find(|b| b.kind == BlockKind::Title)
        .map(|b| seed.text.get()[b.range.clone()].to_string());
    let article = SourceArticle {
        slug: slug.to_string(),
        seed,
        file: file.cloned(),
        blocks,
        metadata: reading.metadata,
        title_line,
    };
    (article, reading.ingested.unmatched_furniture)
}

/// Ingests one seed: the seed as its blocks index into it (a web page's
/// visible text in place of its HTML) and what ingest read.
pub fn read_seed(seed: &Seed, extra_furniture: &[&str]) -> (Seed, ingest::Reading) {
    match &seed.page {
        Some(html) => {
            let mut reading = ingest::read(html, ingest::SeedFormat::Html, extra_furniture);
            let text = reading.text.take().unwrap_or_default();
            let seed = Seed {
                name: seed.name.clone(),
                text: crate::load::SeedText::held(Arc::new(text)),
                page: None,
                warning: None,
            };
            (seed, reading)
        }
        None => (
            seed.clone(),
            ingest::read(&seed.text.get(), ingest::SeedFormat::Text, extra_furniture),
        ),
    }
}

/// Ingests one article again after its seed or article file changed (its
/// slug, seed name and `copy_of` unchanged), with the problems of its file.
pub fn reingest(
    slug: &str,
    seed: &Seed,
    file: Option<&Parsed<ArticleFront>>,
    diags: &mut Diagnostics,
) -> SourceArticle {
    let (article, unmatched) = ingest_article(slug, seed, file);
    if let Some(f) = &article.file {
        for &i in &unmatched {
            diags.push(furniture_not_found(&article, f, i));
        }
    }
    article
}

fn furniture_not_found(a: &SourceArticle, f: &Parsed<ArticleFront>, i: usize) -> Diagnostic {
    let entry = &f.front.furniture[i];
    let line = entry.get_ref();
    let mut d = Diagnostic::error("furniture-not-found", format!("no line of `{}` reads {line:?}", a.seed.name))
        .at(&f.doc.file, f.doc.span(entry.span()))
        .label("matches no line of the seed")
        .note("a furniture entry hides a whole line; it is compared like a quote (case, quotes, dashes and spaces ignored)");
    let text = a.seed.text.get();
    let texts: Vec<&str> = a.blocks.iter().map(|b| &text[b.range.clone()]).collect();
    if let Some(n) = nearest(line, texts.iter().copied()) {
        d = d.help(format!("the closest line is {n:?}"));
    }
    d
}

fn check_copy_of(
    f: &Parsed<ArticleFront>,
    articles: &[SourceArticle],
    skipped: &[Skipped],
    diags: &mut Diagnostics,
) {
    let Some(copy_of) = &f.front.copy_of else {
        return;
    };
    let target = copy_of.get_ref();
    let span = f.doc.span(copy_of.span());
    if target == &f.slug {
        diags.push(
            Diagnostic::error("copy-of-itself", "an article cannot be a copy of itself")
                .at(&f.doc.file, span)
                .help("name the article this text was copied from, or remove copy_of"),
        );
    } else if articles
        .binary_search_by(|a| a.slug.as_str().cmp(target))
        .is_err()
        && !skipped.iter().any(|s| &s.slug == target)
    {
        let slugs: Vec<&str> = articles.iter().map(|a| a.slug.as_str()).collect();
        diags.push(
            Diagnostic::error("unknown-article", format!("no article `{target}`"))
                .at(&f.doc.file, span)
                .label("copy_of names no article")
                .help(crate::diagnostics::valid_values_help(target, &slugs)),
        );
    }
}
