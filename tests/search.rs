//! The search index as a reader's browser uses it: the files under
//! `search-index/` are read here the way `search.js` reads them (manifest,
//! term shard, postings chunks, records), and what a query finds is checked
//! against the article pages it links to.

mod common;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

use attest::build::{BuildOptions, build, build_kept};
use attest::search::terms::{Terms, terms};
use common::{demo_site, files, fixture, text_of};
use serde_json::Value;

/// One part of the index in a built site, read as the browser reads it.
struct Index {
    dir: PathBuf,
    manifest: Value,
    shards: HashMap<String, Value>,
}

impl Index {
    fn open(out: &Path, part: &str) -> Index {
        let dir = out.join("search-index").join(part);
        let manifest: Value =
            serde_json::from_slice(&fs::read(dir.join("index.json")).unwrap()).unwrap();
        assert_eq!(manifest["version"], attest::search::VERSION);
        Index {
            dir,
            manifest,
            shards: HashMap::new(),
        }
    }

    /// Every document holding `term`, from the head and every chunk.
    fn postings(&mut self, term: &str) -> Vec<u64> {
        let shards = self.manifest["shards"].as_array().unwrap();
        let at = shards
            .iter()
            .rposition(|s| s[0].as_str().unwrap() <= term)
            .unwrap_or(0);
        let file = shards[at][1].as_str().unwrap().to_string();
        let dir = self.dir.clone();
        let shard = self.shards.entry(file.clone()).or_insert_with(|| {
            serde_json::from_slice(&fs::read(dir.join(&file)).unwrap()).unwrap()
        });
        let Some(entry) = shard["terms"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e[0] == term)
        else {
            return Vec::new();
        };
        let mut docs = Vec::new();
        let mut prev = 0;
        for gap in entry[2].as_array().unwrap() {
            prev += gap.as_u64().unwrap();
            docs.push(prev);
        }
        for r in entry.get(3).and_then(Value::as_array).into_iter().flatten() {
            let r: Vec<u64> = r
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_u64().unwrap())
                .collect();
            let name = shard["files"][r[0] as usize].as_str().unwrap();
            let bytes = fs::read(self.dir.join(name)).unwrap();
            let chunk = attest::search::decode_chunk(&bytes[r[1] as usize..(r[1] + r[2]) as usize]);
            assert_eq!((chunk[0], *chunk.last().unwrap()), (r[3], r[4]));
            docs.extend(chunk);
        }
        assert_eq!(
            docs.len() as u64,
            entry[1].as_u64().unwrap(),
            "df of {term}"
        );
        assert!(
            docs.windows(2).all(|w| w[0] < w[1]),
            "{term}: postings in order"
        );
        docs
    }

    /// The documents holding every word of `query`.
    fn query(&mut self, query: &str) -> Vec<u64> {
        let words = Terms::new().query(query);
        assert!(!words.is_empty(), "{query:?} has no words");
        let mut found: Option<BTreeSet<u64>> = None;
        for w in words {
            let docs: BTreeSet<u64> = self.postings(&w).into_iter().collect();
            found = Some(match found {
                Some(f) => f.intersection(&docs).copied().collect(),
                None => docs,
            });
        }
        found.unwrap_or_default().into_iter().collect()
    }

    /// Record `n` (a claim or an article, in result order).
    fn record(&self, n: u64) -> Value {
        let per = self.manifest["records_per_file"].as_u64().unwrap();
        let file = self.manifest["records"][(n / per) as usize]
            .as_str()
            .unwrap();
        let records: Value =
            serde_json::from_slice(&fs::read(self.dir.join(file)).unwrap()).unwrap();
        records[(n % per) as usize].clone()
    }
}

/// A passage found: its article's slug and its paragraph number (0: the article itself).
fn passages(index: &mut Index, query: &str) -> Vec<(String, u64)> {
    let bits = index.manifest["paragraph_bits"].as_u64().unwrap();
    index
        .query(query)
        .into_iter()
        .map(|d| {
            let slug = index.record(d >> bits)[0].as_str().unwrap().to_string();
            (slug, d & ((1 << bits) - 1))
        })
        .collect()
}

/// The demo site of the repository, built into a temporary directory.
fn demo() -> (tempfile::TempDir, PathBuf) {
    let dir = demo_site();
    let report = build(&BuildOptions::new(dir.path()));
    assert!(report.succeeded, "{}", report.diagnostics.render(false));
    let out = dir.path().join("public");
    (dir, out)
}

/// The block `#p<n>` of an article page: its HTML.
fn block(page: &str, n: u64) -> &str {
    let start = page
        .find(&format!("id=\"p{n}\""))
        .unwrap_or_else(|| panic!("no #p{n}"));
    let end = page[start..].find("</div>").unwrap();
    &page[start..start + end]
}

#[test]
fn passages_are_found_by_name_and_by_number_in_any_notation_cited_or_not() {
    let (_dir, out) = demo();
    let mut index = Index::open(&out, "passages");
    let flynn = passages(&mut index, "Flynn");
    assert!(!flynn.is_empty(), "Flynn is in the demo's seeds");
    let mut uncited = 0;
    for (slug, n) in &flynn {
        assert!(*n > 0, "Flynn is in a passage, not a title");
        let page = fs::read_to_string(out.join(format!("articles/{slug}/index.html"))).unwrap();
        let b = block(&page, *n);
        assert!(text_of(b).contains("Flynn"), "{slug} #p{n}: {}", text_of(b));
        uncited += usize::from(!b.contains("class=\"ev "));
    }
    assert!(uncited > 0, "Flynn is only in uncited passages of the demo");

    let with_comma = passages(&mut index, "1,500");
    assert_eq!(passages(&mut index, "1500"), with_comma);
    assert_eq!(passages(&mut index, "1.5 thousand"), with_comma);
    assert!(with_comma.len() >= 3, "{with_comma:?}");
    for (slug, n) in &with_comma {
        let page = fs::read_to_string(out.join(format!("articles/{slug}/index.html"))).unwrap();
        assert!(text_of(block(&page, *n)).contains("1,500"), "{slug} #p{n}");
    }
}

#[test]
fn every_word_of_every_passage_and_claim_is_found() {
    let dir = fixture("good");
    let out = dir.path().join("public");
    let (report, kept) = build_kept(&BuildOptions::new(dir.path()));
    assert!(report.succeeded);
    let site = kept.unwrap().site;
    let mut index = Index::open(&out, "passages");
    let bits = index.manifest["paragraph_bits"].as_u64().unwrap();
    let ranks = attest::search::article_ranks(&site);
    let mut checked = 0;
    for (rank, &ai) in ranks.iter().enumerate() {
        let a = &site.articles[ai];
        assert_eq!(index.record(rank as u64)[0], a.slug.as_str());
        for b in &a.blocks {
            let Some(n) = b.number else { continue };
            let doc = (rank as u64) << bits | u64::from(n);
            for t in terms(&a.block_text(b)) {
                assert!(index.postings(&t).contains(&doc), "{} ¶{n}: {t}", a.slug);
                checked += 1;
            }
        }
        for t in terms(&a.title) {
            assert!(index.postings(&t).contains(&((rank as u64) << bits)));
        }
    }
    assert!(checked > 80, "{checked} words checked");
    // Furniture is not the article's text.
    assert!(
        index
            .postings("pwned")
            .iter()
            .all(|d| d & ((1 << bits) - 1) > 0)
    );
    assert!(index.postings("comment").is_empty());

    let mut claims = Index::open(&out, "claims");
    for (rank, &ci) in site.order.iter().enumerate() {
        let c = &site.claims[ci];
        assert_eq!(claims.record(rank as u64)[0], c.slug.as_str());
        for t in terms(&c.title).into_iter().chain(terms(&c.claimant)) {
            assert!(
                claims.postings(&t).contains(&(rank as u64)),
                "{}: {t}",
                c.slug
            );
        }
    }
    // A claim is found by its rating, and by a number however it is written.
    let port = site
        .order
        .iter()
        .position(|&ci| site.claims[ci].slug == "port-troops")
        .unwrap() as u64;
    assert!(claims.query("1500 unproven").contains(&port));
    assert!(claims.query("Flynn").is_empty());
}

#[test]
fn results_link_to_passages_that_exist() {
    let (_dir, out) = demo();
    let mut index = Index::open(&out, "passages");
    let mut pages: BTreeMap<String, String> = BTreeMap::new();
    for q in [
        "troops",
        "Vladivostok",
        "Kursk",
        "Budanov",
        "North Korean soldiers",
    ] {
        let found = passages(&mut index, q);
        assert!(!found.is_empty(), "{q}");
        for (slug, n) in found {
            let page = pages.entry(slug.clone()).or_insert_with(|| {
                fs::read_to_string(out.join(format!("articles/{slug}/index.html"))).unwrap()
            });
            if n > 0 {
                // The link search.js makes: articles/<slug>/#p<n>.
                let b = block(page, n);
                let words: Vec<String> = terms(&text_of(b));
                for w in Terms::new().query(q) {
                    assert!(words.contains(&w), "{slug} #p{n} lacks {w}");
                }
            }
        }
    }
}

/// A site of many articles: enough to be indexed in several parallel batches.
fn many_articles() -> tempfile::TempDir {
    let dir = fixture("good");
    let seeds = dir.path().join("seeds");
    let report = fs::read_to_string(seeds.join("report.txt")).unwrap();
    for i in 0..300 {
        let text = report.replace("1,500", &format!("{},{:03}", 1 + i % 9, i));
        fs::write(seeds.join(format!("extra-{i:03}.txt")), text).unwrap();
    }
    dir
}

#[test]
fn the_index_is_the_same_whatever_the_thread_count() {
    let a = many_articles();
    let b = many_articles();
    assert!(build(&BuildOptions::new(a.path())).succeeded);
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    assert!(
        one.install(|| build(&BuildOptions::new(b.path())))
            .succeeded
    );
    let index = |d: &Path| {
        let mut f = files(&d.join("public"));
        f.retain(|p, _| p.starts_with("search-index/"));
        f
    };
    let (ia, ib) = (index(a.path()), index(b.path()));
    assert!(
        ia.keys().any(|p| p.ends_with(".bin")),
        "long lists have chunks"
    );
    assert_eq!(ia, ib);
    // And the 300 copies are all found, each by its own number.
    let mut idx = Index::open(&a.path().join("public"), "passages");
    let troops = passages(&mut idx, "troops");
    assert!(troops.iter().filter(|(_, n)| *n > 0).count() > 300);
    assert_eq!(passages(&mut idx, "5,004").len(), 1);
    assert_eq!(passages(&mut idx, "5004").len(), 1);
}

/// The fixture that `search.js` is checked against (tests/e2e/static.test.mjs):
/// the Rust side of the same rules. With UPDATE_SEARCH_TERMS=1, rewrites it.
#[test]
fn the_term_rules_match_the_fixture_the_script_is_checked_against() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/search-terms.json");
    let mut fixture: Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
    let mut wrong = Vec::new();
    for (kind, query) in [("index", false), ("query", true)] {
        for case in fixture[kind].as_array_mut().unwrap() {
            let text = case[0].as_str().unwrap().to_string();
            let got = if query {
                Terms::new().query(&text)
            } else {
                terms(&text)
            };
            if case[1] != serde_json::json!(got) {
                wrong.push(format!("{kind} {text:?}: {got:?}, fixture {}", case[1]));
                case[1] = serde_json::json!(got);
            }
        }
    }
    if std::env::var_os("UPDATE_SEARCH_TERMS").is_some() {
        let text = serde_json::to_string_pretty(&fixture).unwrap() + "\n";
        fs::write(&path, text).unwrap();
        return;
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}
