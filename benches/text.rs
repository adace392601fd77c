//! Micro-benchmarks of the text work every build does per article: run with
//! `cargo bench --bench text`. Inputs are the five real seeds, repeated.

use attest::ingest;
use attest::resolve::matcher::{ArticleText, Quote, filter_context, find_all};
use attest::text::Normalized;
use divan::counter::{BytesCount, ItemsCount};
use divan::{Bencher, black_box};

fn main() {
    divan::main();
}

const SEEDS: [&str; 5] = [
    include_str!("../seeds/000_940354af2434b6c9.txt"),
    include_str!("../seeds/001_611a5efe8aee0550.txt"),
    include_str!("../seeds/002_ce3c4f6a4555c1bb.txt"),
    include_str!("../seeds/003_cf46bfd772648756.txt"),
    include_str!("../seeds/004_c660a855ca50e628.txt"),
];

/// The five seeds, concatenated ten times (about 290 KB).
fn corpus() -> String {
    SEEDS.concat().repeat(10)
}

#[divan::bench]
fn normalise(bencher: Bencher) {
    let text = corpus();
    bencher.counter(BytesCount::new(text.len())).bench(|| {
        let mut n = Normalized::default();
        n.push_str(black_box(&text), 0);
        n.text.len()
    });
}

/// Classifying the lines of each of the five seeds.
#[divan::bench]
fn ingest_seeds(bencher: Bencher) {
    let seeds = SEEDS;
    let bytes: usize = seeds.iter().map(|s| s.len()).sum();
    bencher.counter(BytesCount::new(bytes)).bench(|| {
        seeds
            .iter()
            .map(|s| ingest::text::ingest(black_box(s), &[]).blocks.len())
            .sum::<usize>()
    });
}

/// Resolving quotes in a normalised article: the 149 quotes of the demo site
/// are typical; here, 40 quotes of 8 to 20 words taken from the seed 002.
#[divan::bench]
fn resolve_quotes(bencher: Bencher) {
    let text = include_str!("../seeds/002_ce3c4f6a4555c1bb.txt");
    let blocks = ingest::text::ingest(text, &[]).blocks;
    let article = ArticleText::new(text, &blocks);
    let words: Vec<&str> = text.split_whitespace().collect();
    let quotes: Vec<Quote> = (0..40)
        .map(|i| {
            let start = (i * 29) % (words.len() - 20);
            Quote::new(&words[start..start + 8 + i % 12].join(" "), None, None)
        })
        .collect();
    bencher.counter(ItemsCount::new(quotes.len())).bench(|| {
        quotes
            .iter()
            .map(|q| filter_context(&article, q, &find_all(&article, black_box(q))).len())
            .sum::<usize>()
    });
}

/// Reading the terms of the search index (folding, numbers) out of the seeds.
#[divan::bench]
fn search_terms(bencher: Bencher) {
    let text = corpus();
    let lines: Vec<&str> = text.lines().collect();
    bencher.counter(BytesCount::new(text.len())).bench(|| {
        let mut terms = attest::search::terms::Terms::new();
        let mut n = 0;
        for l in &lines {
            terms.each(black_box(l), |t| n += t.len());
        }
        n
    });
}

/// Reading a saved web page (the fixture news page): parse, visible text,
/// main text and furniture, metadata. For real pages, pages per second are
/// measured by `cargo run --release --example extraction_eval`.
#[divan::bench]
fn ingest_web_page(bencher: Bencher) {
    let page = include_str!("../tests/fixtures/web/seeds/harbour-news.html");
    bencher.counter(ItemsCount::new(1usize)).bench(|| {
        ingest::read(black_box(page), ingest::SeedFormat::Html, &[])
            .ingested
            .blocks
            .len()
    });
}
