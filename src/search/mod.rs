//! Search: the full-text index that the site's search page queries in the
//! reader's browser, over every claim and every passage of every article.
//!
//! Two indexes, each a folder under `search-index/` with a small manifest
//! (`index.json`), term shards, postings files and records:
//!
//! - `claims/`: every claim's title, claim, claimant, rating and tags. A
//!   claim's document id is its place in the listing (newest check first).
//! - `passages/`: every numbered passage of every article, and per article
//!   its title, headings and outlets. Articles are ranked newest first; the
//!   document id of passage `n` of the article ranked `r` is
//!   `r << paragraph_bits | n` (`n` = 0: the article itself), so results come
//!   in that order and a query can stop after the first page. The passage
//!   texts are not copied: the browser reads them from the article pages.
//!
//! The passages index depends on the articles only, so a rebuild after a
//! claim edit leaves it as it is. Formats: docs/data.md.

mod index;
pub mod terms;

use rayon::prelude::*;
use serde_json::{Value, json};

use crate::ingest::BlockKind;
use crate::model::Site;
pub use index::{CLAIMS_HEAD, HEAD, decode_chunk, short_hash};

/// Version of the index format (docs/data.md); `search.js` checks it.
pub const VERSION: u32 = 1;
/// The folder of the index in the output.
pub const DIR: &str = "search-index";
/// Records (claims or articles) per records file.
const RECORDS_PER_FILE: usize = 64;
/// Articles whose terms are collected at once, in parallel, before they are
/// added to the index: bounds the memory held by the collection.
const ARTICLES_PER_BATCH: usize = 256;
/// Articles read by one parallel task.
const ARTICLES_PER_TASK: usize = 16;

/// One file of the index: its path in the output and its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct File {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Which of the two indexes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Part {
    Claims,
    Passages,
}

impl Part {
    pub const ALL: [Part; 2] = [Part::Claims, Part::Passages];

    /// The folder of its files; every file in it belongs to this part.
    pub fn dir(self) -> &'static str {
        match self {
            Part::Claims => "search-index/claims",
            Part::Passages => "search-index/passages",
        }
    }

    /// Every file of this part of the index, by path.
    pub fn files(self, site: &Site) -> Vec<File> {
        let mut files = Vec::new();
        self.each_file(site, &mut |f| files.push(f));
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }

    /// Hands every file of this part of the index to `emit` as soon as it
    /// is made: the postings files, most of the index, are not all held.
    pub fn each_file(self, site: &Site, emit: &mut dyn FnMut(File)) {
        match self {
            Part::Claims => claims(site, emit),
            Part::Passages => passages(site, emit),
        }
    }
}

/// The claims index: one document per claim, in `site.order`.
fn claims(site: &Site, emit: &mut dyn FnMut(File)) {
    let dir = Part::Claims.dir();
    let mut builder = index::Builder::new(index::CLAIMS_HEAD);
    let mut terms = terms::Terms::new();
    let mut batch = index::Batch::default();
    for (doc, &ci) in site.order.iter().enumerate() {
        let c = &site.claims[ci];
        let rating = &site.config.ratings[c.rating];
        let doc = doc as u64;
        // The quantity its figure counts: "troops in Russia" finds the claims and their figure page.
        let quantity = c
            .figure
            .as_ref()
            .and_then(|f| site.quantity(&f.quantity))
            .map(|qi| &site.quantities[qi].name);
        for text in [&c.title, &c.claim, &c.claimant, &rating.label]
            .into_iter()
            .chain(&c.tags)
            .chain(quantity)
        {
            terms.each(text, |t| batch.add(doc, t));
        }
    }
    builder.add(batch);
    let records = site.order.iter().map(|&ci| {
        let c = &site.claims[ci];
        let r = &site.config.ratings[c.rating];
        let quantity = c
            .figure
            .as_ref()
            .and_then(|f| site.quantity(&f.quantity))
            .map(|qi| {
                let q = &site.quantities[qi];
                json!([q.slug, q.name])
            });
        json!([
            c.slug,
            c.title,
            c.claim,
            c.claimant,
            r.label,
            r.id.get_ref(),
            c.rating + 1,
            quantity
        ])
    });
    finish(
        dir,
        "claims",
        builder,
        records,
        json!({"docs": site.claims.len(), "head": index::CLAIMS_HEAD}),
        emit,
    )
}

/// Articles in the order of search results: newest first (undated last),
/// then by slug.
pub fn article_ranks(site: &Site) -> Vec<usize> {
    let mut order: Vec<usize> = (0..site.articles.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&site.articles[a], &site.articles[b]);
        let date = |x: &crate::model::Article| x.published.as_ref().map(|d| d.0.clone());
        match (date(a), date(b)) {
            (Some(x), Some(y)) => y.cmp(&x),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
        .then_with(|| a.slug.cmp(&b.slug))
    });
    order
}

/// Bits of a passage document id that hold the paragraph number.
fn paragraph_bits(site: &Site) -> u32 {
    let most = site
        .articles
        .iter()
        .flat_map(|a| a.blocks.iter().filter_map(|b| b.number))
        .max()
        .unwrap_or(0);
    (u32::BITS - most.leading_zeros()).max(1)
}

/// The passages index: per article, document 0 (title, headings, outlets)
/// and one document per numbered passage.
fn passages(site: &Site, emit: &mut dyn FnMut(File)) {
    let dir = Part::Passages.dir();
    let ranks = article_ranks(site);
    let bits = paragraph_bits(site);
    let mut builder = index::Builder::new(index::HEAD);
    // The terms of the next articles are collected while those of the
    // last are added: adding is sequential, and would leave a core idle.
    let mut collected: Vec<index::Batch> = Vec::new();
    for (n, articles) in ranks.chunks(ARTICLES_PER_BATCH).enumerate() {
        let first = n * ARTICLES_PER_BATCH;
        let add = std::mem::take(&mut collected);
        // Collected in parallel, a few articles per task, then added in rank order.
        let collect = || {
            articles
                .par_chunks(ARTICLES_PER_TASK)
                .enumerate()
                .map(|(k, group)| {
                    let mut terms = terms::Terms::new();
                    let bytes = group.iter().map(|&ai| site.articles[ai].seed.text.len());
                    let mut batch = index::Batch::for_text(bytes.sum());
                    for (j, &ai) in group.iter().enumerate() {
                        let rank = (first + k * ARTICLES_PER_TASK + j) as u64;
                        article_terms(site, ai, rank << bits, &mut terms, &mut batch);
                    }
                    batch
                })
                .collect()
        };
        let builder = &mut builder;
        (collected, ()) = rayon::join(collect, move || {
            add.into_iter().for_each(|b| builder.add(b))
        });
    }
    collected.into_iter().for_each(|b| builder.add(b));
    let records = ranks.iter().map(|&ai| {
        let a = &site.articles[ai];
        let original = a.copy_of.map(|o| &site.articles[o]);
        json!([
            a.slug,
            a.title,
            a.outlet,
            a.original_outlet,
            a.published.as_ref().map(|d| &d.0),
            original.map(|o| &o.slug),
            original.map(|o| &o.title),
        ])
    });
    finish(
        dir,
        "passages",
        builder,
        records,
        json!({"docs": site.articles.len(), "head": index::HEAD, "paragraph_bits": bits}),
        emit,
    )
}

/// The terms of one article: its title, headings and outlets as document
/// `base`, and passage `n` as document `base | n`.
fn article_terms(
    site: &Site,
    ai: usize,
    base: u64,
    terms: &mut terms::Terms,
    batch: &mut index::Batch,
) {
    let a = &site.articles[ai];
    terms.each(&a.title, |t| batch.add(base, t));
    for outlet in a.outlet.iter().chain(&a.original_outlet) {
        terms.each(outlet, |t| batch.add(base, t));
    }
    let text = a.seed.text.get();
    for b in &a.blocks {
        if matches!(b.kind, BlockKind::Title | BlockKind::Heading) {
            terms.each(&text[b.range.clone()], |t| batch.add(base, t));
        }
    }
    for b in &a.blocks {
        if let Some(n) = b.number {
            let doc = base | u64::from(n);
            terms.each(&text[b.range.clone()], |t| batch.add(doc, t));
        }
    }
}

/// The index files, the records files and the manifest of one part, each
/// handed to `emit` when made.
fn finish(
    dir: &str,
    kind: &str,
    builder: index::Builder,
    records: impl Iterator<Item = Value>,
    extra: Value,
    emit: &mut dyn FnMut(File),
) {
    let shards = builder.finish(dir, emit);
    let mut record_files = Vec::new();
    let mut chunk: Vec<Value> = Vec::with_capacity(RECORDS_PER_FILE);
    let mut records = records.peekable();
    while let Some(r) = records.next() {
        chunk.push(r);
        if chunk.len() < RECORDS_PER_FILE && records.peek().is_some() {
            continue;
        }
        let mut text = String::from("[\n");
        for (i, r) in chunk.drain(..).enumerate() {
            if i > 0 {
                text.push_str(",\n");
            }
            text.push_str(&serde_json::to_string(&r).unwrap_or_default());
        }
        text.push_str("\n]\n");
        let bytes = text.into_bytes();
        let name = format!("r{}.{}.json", record_files.len(), short_hash(&bytes));
        emit(File {
            path: format!("{dir}/{name}"),
            bytes,
        });
        record_files.push(name);
    }
    let mut manifest = json!({
        "version": VERSION,
        "kind": kind,
        "records_per_file": RECORDS_PER_FILE,
        "records": record_files,
        "shards": shards.iter().map(|s| json!([s.first, s.file])).collect::<Vec<_>>(),
    });
    if let (Some(m), Some(e)) = (manifest.as_object_mut(), extra.as_object()) {
        m.extend(e.clone());
    }
    emit(File {
        path: format!("{dir}/index.json"),
        bytes: (serde_json::to_string(&manifest).unwrap_or_default() + "\n").into_bytes(),
    });
}
