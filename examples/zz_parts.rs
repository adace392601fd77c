use attest::build::{BuildOptions, model_stages};
use attest::diagnostics::Diagnostics;
use attest::discover::{passages, words};
use std::time::Instant;
fn main() {
    let root = std::env::args().nth(1).unwrap();
    let mut d = Diagnostics::new();
    let (_, site) = model_stages(&BuildOptions::new(&root), &mut d, &mut |_| {});
    let site = site.unwrap();
    let mut blocks: Vec<&str> = Vec::new();
    for a in &site.articles {
        for b in &a.blocks {
            blocks.push(&a.seed.text[b.range.clone()]);
        }
    }
    let bytes: usize = blocks.iter().map(|b| b.len()).sum();
    eprintln!("{} MB", bytes / 1_000_000);
    let t = Instant::now();
    let mut n = 0;
    for b in &blocks {
        words::for_each_word(b, |w| {
            n += w.lower.len();
        });
    }
    eprintln!("words {:?} {n}", t.elapsed());
    let t = Instant::now();
    let mut n = 0u64;
    for b in &blocks {
        words::for_each_word(b, |w| {
            n ^= words::word_hash(w.lower);
        });
    }
    eprintln!("words+hash {:?} {n}", t.elapsed());
    let t = Instant::now();
    let mut sents = Vec::new();
    for b in &blocks {
        for r in passages::sentences(b) {
            sents.push(&b[r]);
        }
    }
    eprintln!("sentences {:?} {}", t.elapsed(), sents.len());
    let t = Instant::now();
    let mut n = 0;
    for s in &sents {
        n += passages::cues(s).len();
    }
    eprintln!("cues all {:?} {n}", t.elapsed());
    let t = Instant::now();
    let mut n = 0;
    for s in &sents {
        if s.bytes().any(|b| b.is_ascii_digit()) {
            n += attest::numbers::read(s).numbers.len();
        }
    }
    eprintln!("numbers on digit sentences {:?} {n}", t.elapsed());
    let t = Instant::now();
    let mut n = 0;
    for s in &sents {
        n += s.chars().count();
    }
    eprintln!("chars {:?} {n}", t.elapsed());
}
