//! Generates a large site in attest's content format, for benchmarks.
//!
//!     cargo run --release --example gen_site -- --articles 10000 --claims 5000 --seed 1 --out /tmp/big
//!
//! Seeds look like the real ones: a title line, about 40 paragraphs of about
//! 60 words, curly quotes and dashes, a few furniture lines. Every claim has
//! 5 evidence quotes (mixed stances; some with ` ... `, some needing a
//! `prefix`, some typed with straight quotes where the seed has curly ones),
//! and every quote is checked to resolve. Same arguments, same bytes.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use attest::ingest::{self, BlockKind};
use attest::resolve::matcher::{ArticleText, Quote, filter_context, find_all};

const WORDS: &str = "the a of to in and that for on with as by from at said officials troops soldiers army \
    border city region ministry defence intelligence service report reports reported agency sources \
    according statement minister president government forces military units training camp port ships \
    convoy supplies munitions shells missiles drones artillery equipment uniforms documents border crossing \
    winter summer autumn spring week month year morning evening night early late recent previous \
    confirmed denied estimated claimed suggested warned announced rejected described showed indicated \
    western eastern northern southern local foreign regional national international independent \
    analysts experts observers journalists diplomats spokesman spokeswoman commander general officer \
    satellite images photographs footage video evidence testimony interview briefing meeting summit \
    talks agreement treaty pact clause assistance cooperation support pressure sanctions embargo \
    panel monitors council resolution vote veto renewal mandate deployment transfer arrival departure \
    casualties losses wounded killed captured missing deserted retreated advanced attacked defended \
    several many few some most thousands hundreds dozens about nearly almost more than less \
    could would might should must will may can not only but also however although while because \
    railway highway airfield harbour depot warehouse barracks headquarters frontline trenches positions";

const NAMES: &[&str] = &[
    "Kim Yong-hyun",
    "Dmitry Peskov",
    "Kyrylo Budanov",
    "Mark Rutte",
    "Edward Howell",
    "Nico Lange",
    "Andrei Lankov",
    "Farah Dakhallah",
    "Lee Sung-kwon",
    "Charles Flynn",
];
const OUTLETS: &[&str] = &[
    "Al Jazeera",
    "DW",
    "Newsweek",
    "Reuters",
    "AP",
    "Yonhap",
    "BBC",
    "Kyiv Independent",
];
const CHROME: &[&str] = &[
    "Source link",
    "Leave a Comment",
    "close",
    "Your email address will not be published. Required fields are marked *",
];
const STANCES: &[&str] = &["asserts", "asserts", "denies", "qualifies", "asserts"];
const RATINGS: &[&str] = &["confirmed", "likely", "unproven", "disputed", "false"];

/// SplitMix64: small, fast, and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

struct Args {
    articles: usize,
    claims: usize,
    seed: u64,
    out: PathBuf,
}

fn args() -> Args {
    let mut a = Args {
        articles: 1000,
        claims: 500,
        seed: 1,
        out: PathBuf::from("gen-site"),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it
            .next()
            .unwrap_or_else(|| usage(&format!("{flag} needs a value")));
        match flag.as_str() {
            "--articles" => {
                a.articles = value
                    .parse()
                    .unwrap_or_else(|_| usage("--articles takes a number"))
            }
            "--claims" => {
                a.claims = value
                    .parse()
                    .unwrap_or_else(|_| usage("--claims takes a number"))
            }
            "--seed" => {
                a.seed = value
                    .parse()
                    .unwrap_or_else(|_| usage("--seed takes a number"))
            }
            "--out" => a.out = PathBuf::from(value),
            _ => usage(&format!("unknown flag {flag}")),
        }
    }
    a
}

fn usage(problem: &str) -> ! {
    eprintln!("error: {problem}\nusage: gen_site --articles N --claims M --seed S --out DIR");
    std::process::exit(2)
}

fn sentence(rng: &mut Rng, words: &[&str], len: usize) -> String {
    let mut s = String::new();
    for i in 0..len {
        let w = rng.pick(words);
        if i == 0 {
            let mut c = w.chars();
            s.extend(c.next().map(|f| f.to_ascii_uppercase()));
            s.push_str(c.as_str());
        } else {
            s.push(' ');
            s.push_str(w);
        }
        if i > 2 && i + 3 < len && rng.chance(6) {
            s.push(',');
        }
    }
    s
}

/// A paragraph of about 60 words: plain sentences, a quote in curly marks,
/// a clause between dashes, a figure.
fn paragraph(rng: &mut Rng, words: &[&str]) -> String {
    let mut p = String::new();
    let mut count = 0;
    while count < 55 {
        let len = 8 + rng.below(10);
        let mut s = sentence(rng, words, len);
        match rng.below(6) {
            0 => {
                let name = rng.pick(NAMES);
                let n = 6 + rng.below(6);
                let quoted = sentence(rng, words, n);
                s = format!("“{quoted},” {name} told reporters");
            }
            1 => {
                let n = 3 + rng.below(3);
                let aside = sentence(rng, words, n).to_lowercase();
                s.push_str(&format!(
                    " – {aside} – {}",
                    sentence(rng, words, 3).to_lowercase()
                ));
            }
            2 => s.push_str(&format!(
                " about {},{:03} {}",
                1 + rng.below(20),
                rng.below(1000),
                rng.pick(words)
            )),
            3 => s.push_str(&format!(" in the city’s {}", rng.pick(words))),
            _ => {}
        }
        s.push('.');
        count += s.split(' ').count();
        if !p.is_empty() {
            p.push(' ');
        }
        p.push_str(&s);
    }
    p
}

/// A seed's text, and the boilerplate sentence it repeats (for prefix quotes).
fn seed_text(rng: &mut Rng, words: &[&str], i: usize) -> (String, String) {
    let mut t = String::new();
    if rng.chance(30) {
        t.push_str(rng.pick(CHROME));
        t.push_str("\n\n");
    }
    let _ = writeln!(
        t,
        "{} {} {}\n",
        sentence(rng, words, 7),
        rng.pick(OUTLETS),
        i
    );
    let repeated = format!(
        "The {} {} said the {} {} had been {}.",
        rng.pick(words),
        rng.pick(words),
        rng.pick(words),
        rng.pick(words),
        rng.pick(words)
    );
    let paragraphs = 36 + rng.below(9);
    for k in 0..paragraphs {
        let mut p = paragraph(rng, words);
        if k == 5 || k == 20 {
            p.push(' ');
            p.push_str(&repeated);
        }
        t.push_str(&p);
        t.push_str("\n\n");
        if k == 12 && rng.chance(20) {
            t.push_str("Advertisement\n\n");
        }
    }
    t.push_str("Source link\n\nLeave a Comment\n");
    if rng.chance(30) {
        t.push_str("\n4bWBU ZBk9A q7YbS YrUK1\n");
    }
    (t, repeated)
}

struct Article {
    slug: String,
    text: String,
    repeated: String,
    visible: ArticleText,
    paragraphs: Vec<std::ops::Range<usize>>,
}

fn toml_str(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn main() {
    let args = args();
    let mut rng = Rng(args.seed);
    let words: Vec<&str> = WORDS.split_whitespace().collect();
    let root = &args.out;
    for dir in [
        "seeds",
        "content/articles",
        "content/claims",
        "content/pages",
    ] {
        fs::create_dir_all(root.join(dir)).expect("cannot create the output directory");
    }
    write(root, "config.toml", CONFIG);
    write(
        root,
        "content/_index.md",
        "+++\ntitle = \"Generated desk\"\n+++\nA generated site for benchmarks.\n",
    );
    write(
        root,
        "content/pages/about.md",
        "+++\ntitle = \"About\"\n+++\nGenerated.\n",
    );

    let mut articles = Vec::with_capacity(args.articles);
    for i in 0..args.articles {
        let (text, repeated) = seed_text(&mut rng, &words, i);
        let name = format!("{i:06}.txt");
        write(root, &format!("seeds/{name}"), &text);
        let slug = format!("article-{i:06}");
        let mut front = format!(
            "+++\nseed = \"{name}\"\noutlet = \"{} (copy)\"\noriginal_outlet = \"{}\"\npublished = 2024-{:02}-{:02}\n",
            rng.pick(OUTLETS),
            rng.pick(OUTLETS),
            1 + rng.below(12),
            1 + rng.below(28)
        );
        if i > 0 && rng.chance(10) {
            let _ = writeln!(front, "copy_of = \"article-{:06}\"", rng.below(i));
        }
        if text.contains("Advertisement") {
            front.push_str("furniture = [\"Advertisement\"]\n");
        }
        front.push_str("+++\nAn editor's note on this copy.\n");
        write(root, &format!("content/articles/{slug}.md"), &front);
        let blocks = ingest::text::ingest(&text, &["Advertisement"]).blocks;
        let visible = ArticleText::new(&text, &blocks);
        let paragraphs = blocks
            .iter()
            .filter(|b| b.kind == BlockKind::Paragraph)
            .map(|b| b.range.clone())
            .collect();
        articles.push(Article {
            slug,
            text,
            repeated,
            visible,
            paragraphs,
        });
    }

    for c in 0..args.claims {
        let mut front = format!(
            "+++\ntitle = {}\nclaim = {}\nclaimant = {}\nclaim_date = 2024-10-{:02}\nrating = \"{}\"\npublished = 2024-11-{:02}\ntags = [\"{}\"]\n",
            toml_str(&sentence(&mut rng, &words, 8)),
            toml_str(&short_claim(&mut rng, &words)),
            toml_str(rng.pick(NAMES)),
            1 + rng.below(28),
            rng.pick(RATINGS),
            1 + rng.below(28),
            rng.pick(&words),
        );
        for k in 0..5 {
            let a = &articles[rng.below(articles.len())];
            let (quote, prefix) = pick_quote(&mut rng, a, k);
            let _ = write!(
                front,
                "\n[[evidence]]\narticle = \"{}\"\nstance = \"{}\"\nquote = {}\n",
                a.slug,
                STANCES[(c + k) % 5],
                toml_str(&quote)
            );
            if let Some(p) = prefix {
                let _ = writeln!(front, "prefix = {}", toml_str(&p));
            }
            if rng.chance(50) {
                let _ = writeln!(front, "attributed_to = {}", toml_str(rng.pick(NAMES)));
            }
        }
        front.push_str("+++\n");
        for _ in 0..5 {
            front.push_str(&paragraph(&mut rng, &words));
            front.push_str("\n\n");
        }
        write(root, &format!("content/claims/claim-{c:05}.md"), &front);
    }
    eprintln!(
        "wrote {} articles and {} claims to {}",
        args.articles,
        args.claims,
        root.display()
    );
}

/// A claim short enough for search results (ClaimReview's claimReviewed).
fn short_claim(rng: &mut Rng, words: &[&str]) -> String {
    loop {
        let n = 6 + rng.below(4);
        let claim = format!("{}.", sentence(rng, words, n));
        // A claim states the claim, never the verdict.
        let has_label = RATINGS
            .iter()
            .any(|r| claim.to_lowercase().split([' ', '.', ',']).any(|w| w == *r));
        if claim.chars().count() <= 75 && !has_label {
            return claim;
        }
    }
}

/// A quote of the article that resolves to exactly one place: the `k`th
/// evidence of a claim uses a different way of quoting.
fn pick_quote(rng: &mut Rng, a: &Article, k: usize) -> (String, Option<String>) {
    for attempt in 0.. {
        assert!(
            attempt < 1000,
            "no unique quote found in {} (way {k})",
            a.slug
        );
        let candidate = match k {
            // The sentence the seed repeats: needs a prefix, as short as will do.
            1 => {
                let at = a.text.rfind(&a.repeated).expect("repeated sentence");
                let before: Vec<&str> = a.text[..at].split_whitespace().rev().take(12).collect();
                let prefix = (2..=before.len())
                    .map(|n| {
                        before[..n]
                            .iter()
                            .rev()
                            .copied()
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .find(|p| {
                        let q = Quote::new(&a.repeated, Some(p), None);
                        filter_context(&a.visible, &q, &find_all(&a.visible, &q)).len() == 1
                    })
                    .expect("a unique prefix");
                (a.repeated.clone(), Some(prefix))
            }
            // Words around a gap, within one paragraph.
            2 => {
                let p = &a.text[a.paragraphs[rng.below(a.paragraphs.len())].clone()];
                let w: Vec<&str> = p.split(' ').collect();
                let start = rng.below(w.len().saturating_sub(20).max(1));
                (
                    format!(
                        "{} ... {}",
                        w[start..start + 5].join(" "),
                        w[start + 12..start + 17].join(" ")
                    ),
                    None,
                )
            }
            // A run of words, typed with straight quotes and hyphens.
            _ => {
                let p = &a.text[a.paragraphs[rng.below(a.paragraphs.len())].clone()];
                let w: Vec<&str> = p.split(' ').collect();
                let len = 10 + rng.below(10);
                let start = rng.below(w.len().saturating_sub(len).max(1));
                let q = w[start..(start + len).min(w.len())].join(" ");
                (
                    q.replace(['“', '”'], "\"")
                        .replace('’', "'")
                        .replace('–', "-"),
                    None,
                )
            }
        };
        let quote = Quote::new(&candidate.0, candidate.1.as_deref(), None);
        let all = find_all(&a.visible, &quote);
        if filter_context(&a.visible, &quote, &all).len() == 1
            && (candidate.1.is_some() || all.len() == 1)
        {
            return candidate;
        }
        if attempt == 999 {
            eprintln!("{:?}", candidate);
        }
    }
    unreachable!()
}

fn write(root: &Path, rel: &str, text: &str) {
    fs::write(root.join(rel), text).unwrap_or_else(|e| panic!("cannot write {rel}: {e}"));
}

const CONFIG: &str = r#"title = "Generated desk"
description = "A generated site for benchmarks."
base_url = "https://example.org/generated"

[publisher]
name = "Generated Desk"

[[ratings]]
id = "confirmed"
label = "Confirmed"
value = 5
description = "Independent evidence shows it."

[[ratings]]
id = "likely"
label = "Likely"
value = 4
description = "Several sources support it."

[[ratings]]
id = "unproven"
label = "Unproven"
value = 3
description = "No evidence made public."

[[ratings]]
id = "disputed"
label = "Disputed"
value = 2
description = "Sources contradict each other."

[[ratings]]
id = "false"
label = "False"
value = 1
description = "The evidence shows it is not so."
"#;
