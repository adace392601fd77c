//! What the site publishes for machines and readers arriving from elsewhere:
//! ClaimReview JSON-LD (checked against schema.org's definitions), W3C Web
//! Annotations (checked against the W3C JSON Schemas), claims.json, the
//! Atom feed, the sitemap, robots.txt, the 404 page, search and listings.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use common::*;
use serde_json::Value;

const BASE: &str = "https://fixture.example/checks";

/// The good fixture, built; returns (site dir guard, output dir).
fn built() -> (tempfile::TempDir, PathBuf) {
    let site = fixture("good");
    let report = build_site(site.path());
    assert!(report.succeeded, "{}", messages(&report));
    let out = site.path().join("public");
    (site, out)
}

fn read(out: &Path, rel: &str) -> String {
    fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The JSON-LD objects of a page.
fn json_ld(html: &str) -> Vec<Value> {
    attest::render::jsonld::scripts_in(html)
        .into_iter()
        .map(|r| r.expect("JSON-LD parses"))
        .collect()
}

// ---------------------------------------------------------------- schema.org

/// schema.org's definitions (tests/fixtures/schemaorg): each type's
/// supertypes, and each property's domains and ranges.
struct SchemaOrg {
    supertypes: BTreeMap<String, Vec<String>>,
    properties: BTreeMap<String, (Vec<String>, Vec<String>)>,
}

fn csv_rows(text: &str) -> Vec<Vec<String>> {
    // RFC 4180: quoted fields, "" for a quote, line breaks inside quotes.
    let mut rows = Vec::new();
    let (mut row, mut field, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => row.push(std::mem::take(&mut field)),
            ('\n', false) => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (c, _) => field.push(c),
        }
    }
    rows
}

fn short(uri: &str) -> String {
    uri.trim()
        .trim_start_matches("https://schema.org/")
        .to_string()
}

fn list(field: &str) -> Vec<String> {
    field
        .split(',')
        .filter(|s| !s.trim().is_empty())
        .map(short)
        .collect()
}

impl SchemaOrg {
    fn load() -> Self {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schemaorg");
        let types = csv_rows(&fs::read_to_string(dir.join("types.csv")).unwrap());
        let props = csv_rows(&fs::read_to_string(dir.join("properties.csv")).unwrap());
        SchemaOrg {
            supertypes: types[1..]
                .iter()
                .map(|r| (short(&r[0]), list(&r[2])))
                .collect(),
            properties: props[1..]
                .iter()
                .map(|r| (short(&r[0]), (list(&r[6]), list(&r[7]))))
                .collect(),
        }
    }

    /// `t` and all its supertypes.
    fn lineage(&self, t: &str) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        let mut todo = vec![t.to_string()];
        while let Some(t) = todo.pop() {
            if out.insert(t.clone()) {
                todo.extend(self.supertypes.get(&t).cloned().unwrap_or_default());
            }
        }
        out
    }

    /// Every problem of `v`, an object of type `@type`, against the definitions.
    fn check(&self, v: &Value, at: &str, problems: &mut Vec<String>) {
        let Some(t) = v["@type"].as_str() else {
            problems.push(format!("{at}: no @type"));
            return;
        };
        if !self.supertypes.contains_key(t) {
            problems.push(format!("{at}: {t} is not a schema.org type"));
            return;
        }
        let lineage = self.lineage(t);
        for (key, value) in v.as_object().unwrap() {
            if key.starts_with('@') {
                continue;
            }
            let Some((domains, ranges)) = self.properties.get(key) else {
                problems.push(format!("{at}.{key}: not a schema.org property"));
                continue;
            };
            if !domains.iter().any(|d| lineage.contains(d)) {
                problems.push(format!(
                    "{at}.{key}: not a property of {t} (domains {domains:?})"
                ));
            }
            let values = match value {
                Value::Array(items) => items.iter().collect(),
                v => vec![v],
            };
            for item in values {
                match item {
                    Value::Object(_) => {
                        let it = item["@type"].as_str().unwrap_or("");
                        if !self.lineage(it).iter().any(|x| ranges.contains(x)) {
                            problems.push(format!("{at}.{key}: {it} not in range {ranges:?}"));
                        }
                        self.check(item, &format!("{at}.{key}"), problems);
                    }
                    Value::String(s) => {
                        let textual = ["Text", "URL", "Date", "DateTime"];
                        if !ranges.iter().any(|r| textual.contains(&r.as_str())) {
                            problems
                                .push(format!("{at}.{key}: text {s:?} not in range {ranges:?}"));
                        }
                    }
                    Value::Number(_) => {
                        if !ranges
                            .iter()
                            .any(|r| ["Number", "Integer", "Float", "Text"].contains(&r.as_str()))
                        {
                            problems.push(format!("{at}.{key}: number not in range {ranges:?}"));
                        }
                    }
                    other => problems.push(format!("{at}.{key}: unexpected {other}")),
                }
            }
        }
    }
}

#[test]
fn every_claim_page_has_one_claimreview_that_fits_schema_org() {
    let (_site, out) = built();
    let vocab = SchemaOrg::load();
    for slug in ["port-troops", "harbour-quiet"] {
        let html = read(&out, &format!("claims/{slug}/index.html"));
        let reviews: Vec<Value> = json_ld(&html)
            .into_iter()
            .filter(|v| v["@type"] == "ClaimReview")
            .collect();
        assert_eq!(reviews.len(), 1, "{slug}");
        let r = &reviews[0];
        assert_eq!(r["@context"], "https://schema.org");
        let mut problems = Vec::new();
        vocab.check(r, "ClaimReview", &mut problems);
        assert!(problems.is_empty(), "{slug}:\n{}", problems.join("\n"));
        // What search engines require of a fact check.
        assert_eq!(r["url"], format!("{BASE}/claims/{slug}/"));
        for key in [
            "claimReviewed",
            "datePublished",
            "author",
            "reviewRating",
            "itemReviewed",
        ] {
            assert!(!r[key].is_null(), "{slug}: no {key}");
        }
        let rating = &r["reviewRating"];
        let (v, b, w) = (
            rating["ratingValue"].as_i64().unwrap(),
            rating["bestRating"].as_i64().unwrap(),
            rating["worstRating"].as_i64().unwrap(),
        );
        assert!(w <= v && v <= b);
        assert_eq!((b, w), (3, 1));
    }
    let html = read(&out, "claims/port-troops/index.html");
    let r = &json_ld(&html)[0];
    assert_eq!(
        r["claimReviewed"],
        "1,500 troops moved to the port city on Friday."
    );
    assert_eq!(r["reviewRating"]["alternateName"], "Unproven");
    assert_eq!(r["reviewRating"]["ratingValue"], 2);
    assert_eq!(r["author"]["name"], "Fixture Desk");
    let item = &r["itemReviewed"];
    assert_eq!(item["@type"], "Claim");
    assert_eq!(item["author"]["name"], "Officials");
    assert_eq!(item["datePublished"], "2024-10-18");
    // Appearances: the articles with asserting passages (only `report`).
    assert_eq!(item["appearance"].as_array().unwrap().len(), 1);
    assert_eq!(
        item["firstAppearance"]["url"],
        format!("{BASE}/articles/report/")
    );
    assert!(r.get("dateModified").is_none());
}

#[test]
fn claim_pages_carry_share_metadata_and_canonical_links() {
    let (_site, out) = built();
    let html = read(&out, "claims/port-troops/index.html");
    let head = &html[..html.find("</head>").unwrap()];
    insta::assert_snapshot!("claim_page_head", head);
    assert!(head.contains("<meta property=\"og:description\" content=\"Unproven: 1,500 troops moved to the port city on Friday.\">"));
    for (path, bytes) in files(&out) {
        if path.ends_with(".html") {
            let page = String::from_utf8(bytes).unwrap();
            let canonical = attr_values(&page, "href")
                .into_iter()
                .filter(|h| page.contains(&format!("rel=\"canonical\" href=\"{h}\"")))
                .count();
            assert_eq!(canonical, 1, "{path}");
        }
    }
}

#[test]
fn every_page_type_carries_open_graph_and_twitter_card_tags_that_say_something() {
    let (_site, out) = built();
    let meta = |page: &str, attr: &str, name: &str| -> Vec<String> {
        let key = format!("<meta {attr}=\"{name}\" content=\"");
        page.match_indices(&key)
            .map(|(i, _)| {
                let rest = &page[i + key.len()..];
                unescape(&rest[..rest.find('"').unwrap()])
            })
            .collect()
    };
    let mut pages = 0;
    for (path, bytes) in files(&out) {
        if !path.ends_with(".html") {
            continue;
        }
        pages += 1;
        let page = String::from_utf8(bytes).unwrap();
        for (attr, name) in [
            ("property", "og:type"),
            ("property", "og:site_name"),
            ("property", "og:title"),
            ("property", "og:description"),
            ("property", "og:url"),
            ("name", "twitter:card"),
            ("name", "twitter:title"),
            ("name", "twitter:description"),
        ] {
            let values = meta(&page, attr, name);
            assert_eq!(values.len(), 1, "{path}: {name} {values:?}");
            assert!(!values[0].trim().is_empty(), "{path}: empty {name}");
        }
        let canonical = page
            .split("<link rel=\"canonical\" href=\"")
            .nth(1)
            .unwrap();
        assert_eq!(
            meta(&page, "property", "og:url")[0],
            unescape(&canonical[..canonical.find('"').unwrap()]),
            "{path}"
        );
    }
    assert!(pages > 10);
    let description = |rel: &str| meta(&read(&out, rel), "property", "og:description")[0].clone();
    assert_eq!(
        description("articles/report/index.html"),
        "Fixture Wire report: 7 passages cited by 2 claims (published 2024-10-18)."
    );
    assert_eq!(
        description("claims/index.html"),
        "2 claims checked, newest first: 1 True, 1 Unproven."
    );
    assert_eq!(
        description("tags/troops/index.html"),
        "1 claim tagged “troops”: 1 Unproven."
    );
    assert_eq!(
        description("search/index.html"),
        "Search 2 claims, 9 cited passages and 2 source articles."
    );
}

#[test]
fn source_and_figure_pages_say_what_they_hold_when_shared() {
    // The demo has sources and figures; each page type describes itself.
    let out = tempfile::tempdir().unwrap();
    let mut options = attest::build::BuildOptions::new(Path::new(env!("CARGO_MANIFEST_DIR")));
    options.output_dir = Some(out.path().to_path_buf());
    assert!(attest::build::build(&options).succeeded);
    let description = |rel: &str| {
        let page = read(out.path(), rel);
        let key = "<meta property=\"og:description\" content=\"";
        let rest = &page[page.find(key).unwrap_or_else(|| panic!("{rel}")) + key.len()..];
        rest[..rest.find('"').unwrap()].to_string()
    };
    assert_eq!(
        description("sources/index.html"),
        "29 sources that the cited passages name, who they are and what each said about the claims."
    );
    assert_eq!(
        description("figures/index.html"),
        "6 quantities the claims count, with 26 figures by date and source."
    );
    assert!(
        description("figures/north-korean-troops-in-russia/index.html")
            .starts_with("13 figures from 4 sources between 2024-10-13 and"),
        "{}",
        description("figures/north-korean-troops-in-russia/index.html")
    );
    let nis = description("sources/south-korea-nis/index.html");
    assert!(
        nis.contains("passages on") && nis.contains("claims."),
        "{nis}"
    );
}

// ---------------------------------------------------------------- W3C Web Annotations

/// Resolves the W3C schemas' references by bare file name.
struct W3cDefinitions(BTreeMap<String, Value>);

impl jsonschema::Retrieve for W3cDefinitions {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let name = uri
            .path()
            .as_str()
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_string();
        self.0
            .get(&name)
            .cloned()
            .ok_or_else(|| format!("no W3C schema {name}").into())
    }
}

/// The `must` assertion schemas under `dir`, compiled.
fn w3c_musts(dir: &str) -> Vec<(String, jsonschema::Validator)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/web-annotation-schemas");
    let load =
        |p: &Path| -> Value { serde_json::from_str(&fs::read_to_string(p).unwrap()).unwrap() };
    let definitions: BTreeMap<String, Value> = fs::read_dir(root.join("definitions"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                load(&p),
            )
        })
        .collect();
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(root.join(dir))
        .max_depth(if dir == "annotations" { 3 } else { 1 })
        .sort_by_file_name()
    {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let schema = load(entry.path());
        if schema["assertionType"] != "must" {
            continue;
        }
        let validator = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft4)
            .with_base_uri("https://w3c.example/schemas/")
            .with_retriever(W3cDefinitions(definitions.clone()))
            .build(&schema)
            .unwrap_or_else(|e| panic!("{}: {e}", entry.path().display()));
        out.push((entry.file_name().to_string_lossy().into_owned(), validator));
    }
    assert!(!out.is_empty());
    out
}

fn failures(validators: &[(String, jsonschema::Validator)], instance: &Value) -> Vec<String> {
    validators
        .iter()
        .filter(|(_, v)| !v.is_valid(instance))
        .map(|(name, _)| name.clone())
        .collect()
}

#[test]
fn web_annotations_pass_every_w3c_must() {
    let (_site, out) = built();
    let collection: Value = serde_json::from_str(&read(&out, "annotations.jsonld")).unwrap();
    let failed = failures(&w3c_musts("collections"), &collection);
    assert!(failed.is_empty(), "collection fails {failed:?}");
    let page = &collection["first"];
    let failed = failures(&w3c_musts("collections/pages"), page);
    assert!(failed.is_empty(), "page fails {failed:?}");
    let annotation_musts = w3c_musts("annotations");
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 9);
    assert_eq!(collection["total"], 9);
    for a in items {
        let failed = failures(&annotation_musts, a);
        assert!(failed.is_empty(), "{} fails {failed:?}", a["id"]);
    }
    // Every annotation targets its passage on the article page and in the
    // article's text.txt; each selector picks out the passage, once.
    let claims: Value = serde_json::from_str(&read(&out, "claims.json")).unwrap();
    let evidence: BTreeMap<String, &Value> = claims["claims"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["evidence"].as_array().unwrap())
        .map(|e| (e["id"].as_str().unwrap().to_string(), e))
        .collect();
    for a in items {
        let id = a["id"].as_str().unwrap().rsplit('#').next().unwrap();
        let ev = evidence[id];
        let article = ev["article"].as_str().unwrap();
        let targets = a["target"].as_array().unwrap();
        assert_eq!(targets.len(), 2, "{id}");
        let (page, text) = (&targets[0], &targets[1]);
        assert_eq!(page["source"], format!("{BASE}/articles/{article}/"));
        assert_eq!(
            text["source"],
            format!("{BASE}/articles/{article}/text.txt")
        );
        let by_type = |t: &Value, ty: &str| -> Value {
            t["selector"]
                .as_array()
                .unwrap()
                .iter()
                .find(|s| s["type"] == ty)
                .cloned()
                .unwrap_or_else(|| panic!("{id}: no {ty}"))
        };
        // The page: its text as annotation clients read it.
        let fragment = by_type(page, "FragmentSelector");
        assert_eq!(fragment["value"], id);
        assert_eq!(fragment["conformsTo"], "http://tools.ietf.org/rfc/rfc3236");
        let html = read(&out, &format!("articles/{article}/index.html"));
        let page_text = attest::render::anchors::parse_page(&html);
        assert_eq!(
            attest::render::anchors::scan_page(&html).as_ref(),
            Some(&page_text),
            "{article}: the default templates' pages are read by the fast scan, as the parser reads them"
        );
        let marked = page_text.range_of(id).unwrap();
        let chars = |s: &str| s.chars().count();
        let (quote, position) = (
            by_type(page, "TextQuoteSelector"),
            by_type(page, "TextPositionSelector"),
        );
        assert_anchors_once(id, &page_text.text, &quote, &position);
        assert_eq!(
            position["start"].as_u64().unwrap() as usize,
            chars(&page_text.text[..marked.start]),
            "{id}: the page position is not the start of its first mark"
        );
        assert_eq!(quote["exact"].as_str().unwrap(), &page_text.text[marked]);
        // text.txt, as a client decodes it (without a byte-order mark).
        let file = read(&out, &format!("articles/{article}/text.txt"));
        let decoded = file.strip_prefix('\u{feff}').unwrap_or(&file);
        let (quote, position) = (
            by_type(text, "TextQuoteSelector"),
            by_type(text, "TextPositionSelector"),
        );
        assert_eq!(quote["exact"], ev["exact"], "{id}");
        assert_anchors_once(id, decoded, &quote, &position);
        let bom = usize::from(file.starts_with('\u{feff}'));
        assert_eq!(
            position["start"].as_u64().unwrap() as usize + bom,
            ev["start_char"].as_u64().unwrap() as usize,
            "{id}: claims.json counts the byte-order mark, the annotation does not"
        );
        let fragment = by_type(text, "FragmentSelector");
        assert_eq!(fragment["conformsTo"], "http://tools.ietf.org/rfc/rfc5147");
        assert_eq!(
            fragment["value"],
            format!("char={},{}", position["start"], position["end"])
        );
    }
    let a = items
        .iter()
        .find(|a| a["id"] == format!("{BASE}/annotations.jsonld#ev-port-troops-1"))
        .unwrap();
    assert_eq!(a["motivation"], "assessing");
    assert!(
        a["body"]
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["value"] == "asserts")
    );
}

/// `quote` and `position` select the same passage of `text`, and prefix,
/// exact and suffix occur together there once (overlaps counted, as
/// annotation clients search).
fn assert_anchors_once(id: &str, text: &str, quote: &Value, position: &Value) {
    let exact = quote["exact"].as_str().unwrap();
    let prefix = quote["prefix"].as_str().unwrap_or("");
    let suffix = quote["suffix"].as_str().unwrap_or("");
    assert!(
        quote.get("prefix").is_none() || !prefix.is_empty(),
        "{id}: empty prefix written"
    );
    let chars: Vec<char> = text.chars().collect();
    let (start, end) = (
        position["start"].as_u64().unwrap() as usize,
        position["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(chars[start..end].iter().collect::<String>(), exact, "{id}");
    let pattern = format!("{prefix}{exact}{suffix}");
    let places: Vec<usize> = (0..text.len())
        .filter(|&i| text.is_char_boundary(i) && text[i..].starts_with(&pattern))
        .map(|i| text[..i].chars().count() + prefix.chars().count())
        .collect();
    assert_eq!(
        places,
        vec![start],
        "{id}: the quote does not pick out one place"
    );
}

// ---------------------------------------------------------------- claims.json

#[test]
fn claims_json_has_every_claim_and_exact_offsets_into_the_seeds() {
    let (site, out) = built();
    let data: Value = serde_json::from_str(&read(&out, "claims.json")).unwrap();
    assert_eq!(data["version"], 1);
    let claims = data["claims"].as_array().unwrap();
    assert_eq!(claims.len(), 2);
    assert_eq!(data["ratings"].as_array().unwrap().len(), 3);
    let mut links = 0;
    for c in claims {
        assert!(c["url"].as_str().unwrap().starts_with(BASE));
        assert!(c["rating"]["id"].is_string());
        for ev in c["evidence"].as_array().unwrap() {
            links += 1;
            let seed =
                fs::read_to_string(site.path().join("seeds").join(ev["seed"].as_str().unwrap()))
                    .unwrap();
            let (s, e) = (
                ev["start_byte"].as_u64().unwrap() as usize,
                ev["end_byte"].as_u64().unwrap() as usize,
            );
            assert_eq!(&seed[s..e], ev["exact"].as_str().unwrap());
            let chars: Vec<char> = seed.chars().collect();
            let (cs, ce) = (
                ev["start_char"].as_u64().unwrap() as usize,
                ev["end_char"].as_u64().unwrap() as usize,
            );
            assert_eq!(
                chars[cs..ce].iter().collect::<String>(),
                ev["exact"].as_str().unwrap()
            );
            assert!(["asserts", "denies", "qualifies"].contains(&ev["stance"].as_str().unwrap()));
        }
    }
    assert_eq!(links, 9);
    // The seed saved with a BOM: offsets count the BOM, as the file does.
    let calm = claims
        .iter()
        .flat_map(|c| c["evidence"].as_array().unwrap())
        .find(|e| e["exact"] == "No troops were seen by anyone")
        .unwrap();
    assert_eq!(
        (calm["article"].as_str(), calm["paragraph"].as_u64()),
        (Some("calm"), Some(2))
    );
    assert_eq!(
        calm["start_byte"].as_u64().unwrap() - calm["start_char"].as_u64().unwrap(),
        2,
        "the BOM is 3 bytes, 1 char"
    );
}

// ---------------------------------------------------------------- feeds and discovery

#[test]
fn the_atom_feed_lists_every_claim_newest_change_first() {
    let site = fixture("good");
    let claim = site.path().join("content/claims/harbour-quiet.md");
    let text = fs::read_to_string(&claim).unwrap().replace(
        "published = 2024-11-02\n",
        "published = 2024-11-02\n\n[[changes]]\ndate = 2024-12-30\nnote = \"Added the second passage.\"\n",
    );
    fs::write(&claim, text).unwrap();
    assert!(build_site(site.path()).succeeded);
    let out = site.path().join("public");
    let xml = read(&out, "atom.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().name(), "feed");
    assert_eq!(
        feed.tag_name().namespace(),
        Some("http://www.w3.org/2005/Atom")
    );
    let child = |n: roxmltree::Node<'_, '_>, name: &str| {
        n.children()
            .find(|c| c.tag_name().name() == name)
            .and_then(|c| c.text())
            .map(str::to_string)
    };
    assert_eq!(child(feed, "title").unwrap(), "Fixture desk");
    assert_eq!(child(feed, "updated").unwrap(), "2024-12-30T00:00:00Z");
    let entries: Vec<_> = feed
        .children()
        .filter(|c| c.tag_name().name() == "entry")
        .collect();
    assert_eq!(entries.len(), 2);
    assert_eq!(
        child(entries[0], "id").unwrap(),
        format!("{BASE}/claims/harbour-quiet/")
    );
    assert_eq!(
        child(entries[0], "updated").unwrap(),
        "2024-12-30T00:00:00Z"
    );
    assert!(
        child(entries[0], "summary")
            .unwrap()
            .contains("Added the second passage.")
    );
    assert_eq!(
        child(entries[1], "title").unwrap(),
        "Unproven: 1,500 troops moved to the port city"
    );
    // The change is on the claim page, in dateModified, and in the site's log.
    let page = read(&out, "claims/harbour-quiet/index.html");
    assert!(page.contains("Added the second passage."));
    assert_eq!(json_ld(&page)[0]["dateModified"], "2024-12-30");
    let log = read(&out, "corrections/index.html");
    assert!(
        log.contains("Added the second passage.")
            && log.contains("href=\"../claims/harbour-quiet/\"")
    );
}

#[test]
fn the_sitemap_lists_every_page_and_robots_points_to_it() {
    let (_site, out) = built();
    let xml = read(&out, "sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let locs: BTreeSet<String> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "loc")
        .filter_map(|n| n.text())
        .map(str::to_string)
        .collect();
    let pages: BTreeSet<String> = files(&out)
        .keys()
        .filter(|p| p.ends_with("index.html"))
        .map(|p| format!("{BASE}/{}", p.trim_end_matches("index.html")))
        .collect();
    assert_eq!(locs, pages);
    assert!(locs.contains(&format!("{BASE}/claims/port-troops/")));
    assert!(read(&out, "robots.txt").contains(&format!("Sitemap: {BASE}/sitemap.xml")));
}

#[test]
fn the_404_page_works_at_any_depth() {
    let (_site, out) = built();
    let page = read(&out, "404.html");
    assert!(page.contains("<style>"), "the stylesheet is inline");
    assert!(!page.contains("rel=\"stylesheet\""));
    for href in attr_values(&page, "href") {
        assert!(
            href.starts_with(BASE) || href.starts_with('#'),
            "relative link {href} breaks below the root"
        );
    }
}

// ---------------------------------------------------------------- search and ways around

#[test]
fn search_has_an_index_a_script_and_a_message_without_javascript() {
    let (_site, out) = built();
    let page = read(&out, "search/index.html");
    assert!(page.contains("<noscript>"));
    assert!(page.contains("<label for=\"search-query\">"));
    assert!(page.contains("src=\"../search.js\""));
    assert!(
        !page.contains("http://")
            && !attr_values(&page, "src")
                .iter()
                .any(|s| s.starts_with("https://"))
    );
    // Without JavaScript, the page says so and links the listings.
    let noscript = &page[page.find("<noscript>").unwrap()..page.find("</noscript>").unwrap()];
    assert!(noscript.contains("needs JavaScript"));
    assert!(noscript.contains("href=\"../claims/\"") && noscript.contains("href=\"../articles/\""));
    assert!(page.contains("data-index=\"../search-index/\""));
    for part in ["claims", "passages"] {
        let manifest: Value =
            serde_json::from_str(&read(&out, &format!("search-index/{part}/index.json"))).unwrap();
        assert_eq!(manifest["kind"], part);
        for file in manifest["records"]
            .as_array()
            .unwrap()
            .iter()
            .chain(manifest["shards"].as_array().unwrap().iter().map(|s| &s[1]))
        {
            assert!(
                out.join("search-index")
                    .join(part)
                    .join(file.as_str().unwrap())
                    .is_file()
            );
        }
    }
    assert!(!out.join("search-index.json").exists());
    assert!(out.join("search.js").is_file());
}

#[test]
fn tags_claimants_and_listings_link_every_claim() {
    let (_site, out) = built();
    let tag = read(&out, "tags/troops/index.html");
    assert!(tag.contains("href=\"../../claims/port-troops/\""));
    let claimant = read(&out, "claimants/officials/index.html");
    assert!(claimant.contains("href=\"../../claims/port-troops/\""));
    let claims = read(&out, "claims/index.html");
    assert!(
        claims.contains("href=\"../claims/harbour-quiet/\"")
            && claims.contains("href=\"../claims/port-troops/\"")
    );
    let articles = read(&out, "articles/index.html");
    assert!(articles.contains("first published by Fixture Wire"));
    // Previous and next between claims, newest first.
    let newest = read(&out, "claims/harbour-quiet/index.html");
    assert!(newest.contains("rel=\"next\" href=\"../../claims/port-troops/\""));
    assert!(broken_links(&out).is_empty(), "{:?}", broken_links(&out));
}

// ---------------------------------------------------------------- the build's own checks

#[test]
fn long_claims_and_verdicts_in_claims_are_warned_about() {
    let site = fixture("good");
    let claim = site.path().join("content/claims/port-troops.md");
    let text = fs::read_to_string(&claim).unwrap().replace(
        "claim = \"1,500 troops moved to the port city on Friday.\"",
        "claim = \"It is unproven that 1,500 troops moved to the port city on Friday, officials said in a statement.\"",
    );
    fs::write(&claim, text).unwrap();
    let report = build_site(site.path());
    assert!(report.succeeded);
    let text = messages(&report);
    assert!(text.contains("warning[long-claim]"), "{text}");
    assert!(
        text.contains("warning[claim-has-rating]: the claim contains its rating label `Unproven`"),
        "{text}"
    );
    assert!(text.contains("content/claims/port-troops.md:3:9"), "{text}");
}

#[test]
fn a_template_without_exactly_one_claimreview_fails_the_build() {
    let site = fixture("good");
    fs::create_dir_all(site.path().join("templates")).unwrap();
    let claim = include_str!("../templates/claim.html").replace(
        "<script type=\"application/ld+json\">{{ jsonld | safe }}</script>",
        "<script type=\"application/ld+json\">{{ jsonld | safe }}</script>\n<script type=\"application/ld+json\">{{ jsonld | safe }}</script>",
    );
    fs::write(site.path().join("templates/claim.html"), claim).unwrap();
    let report = build_site(site.path());
    assert!(!report.succeeded);
    assert!(
        messages(&report).contains("error[claimreview-count]"),
        "{}",
        messages(&report)
    );
}

#[test]
fn tags_without_ascii_letters_get_pages_of_their_own() {
    let site = fixture("good");
    let claim = site.path().join("content/claims/port-troops.md");
    let text = fs::read_to_string(&claim)
        .unwrap()
        .replace("tags = [\"troops\"]", "tags = [\"Кремль\", \"ДНР\"]");
    fs::write(&claim, text).unwrap();
    assert!(build_site(site.path()).succeeded);
    let out = site.path().join("public");
    let tags: Vec<String> = fs::read_dir(out.join("tags"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "index.html")
        .collect();
    assert_eq!(tags.len(), 2, "{tags:?}");
    let titles: BTreeSet<String> = tags
        .iter()
        .map(|t| read(&out, &format!("tags/{t}/index.html")))
        .map(|p| p[p.find("<h1>").unwrap()..p.find("</h1>").unwrap()].to_string())
        .collect();
    assert_eq!(titles.len(), 2);
}

#[test]
fn a_claim_with_a_comment_and_a_script_tag_keeps_its_page_whole() {
    let site = fixture("good");
    let claim = site.path().join("content/claims/port-troops.md");
    let text = fs::read_to_string(&claim).unwrap().replace(
        "claim = \"1,500 troops moved to the port city on Friday.\"",
        "claim = \"Ships moved troops <!--<script> to Vladivostok.\"",
    );
    fs::write(&claim, text).unwrap();
    let report = build_site(site.path());
    assert!(report.succeeded, "{}", messages(&report));
    let page = read(&site.path().join("public"), "claims/port-troops/index.html");
    // As a browser parses it: the body is whole and the ClaimReview parses.
    let doc = scraper::Html::parse_document(&page);
    let select = |s: &str| scraper::Selector::parse(s).unwrap();
    assert!(doc.select(&select("body > footer")).next().is_some());
    let scripts: Vec<String> = doc
        .select(&select("script[type=\"application/ld+json\"]"))
        .map(|s| s.text().collect())
        .collect();
    assert_eq!(scripts.len(), 1);
    let review: Value = serde_json::from_str(&scripts[0]).unwrap();
    assert_eq!(
        review["claimReviewed"],
        "Ships moved troops <!--<script> to Vladivostok."
    );
    let main: String = doc.select(&select("main")).flat_map(|e| e.text()).collect();
    assert!(
        main.contains("Ships moved troops <!--<script> to Vladivostok."),
        "{main}"
    );
}

// ---------------------------------------------------------------- --base-url

/// `--base-url` publishes the site at another address (a preview deployment):
/// the output is byte for byte that of a config.toml with that base_url, and
/// the configured address appears nowhere in it.
#[test]
fn base_url_override_moves_every_absolute_url() {
    const PREVIEW: &str = "https://deploy-preview-7.example.net/sub/path";
    let site = fixture("good");
    let mut options = options(site.path());
    options.base_url = Some(PREVIEW.to_string());
    options.output_dir = Some(site.path().join("preview"));
    let report = attest::build::build(&options);
    assert!(report.succeeded, "{}", messages(&report));
    let preview = files(&site.path().join("preview"));

    let config = site.path().join("config.toml");
    let text = fs::read_to_string(&config).unwrap().replace(BASE, PREVIEW);
    fs::write(&config, text).unwrap();
    let report = build_site(site.path());
    assert!(report.succeeded, "{}", messages(&report));
    let configured = files(&site.path().join("public"));
    assert_same_files(&preview, &configured, "differs");
    for (rel, bytes) in &preview {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains("fixture.example"),
            "{rel} still names the configured base_url"
        );
    }
    let sitemap = String::from_utf8_lossy(&preview["sitemap.xml"]).into_owned();
    assert!(
        sitemap.contains(&format!("<loc>{PREVIEW}/claims/")),
        "{sitemap}"
    );
    let feed = String::from_utf8_lossy(&preview["atom.xml"]).into_owned();
    assert!(
        feed.contains(&format!("href=\"{PREVIEW}/claims/")),
        "{feed}"
    );
    let (claim, html) = preview
        .iter()
        .find(|(rel, _)| {
            rel.starts_with("claims/")
                && rel.ends_with("/index.html")
                && rel.matches('/').count() == 2
        })
        .unwrap();
    let html = String::from_utf8_lossy(html);
    let page = format!("{PREVIEW}/{}", claim.trim_end_matches("index.html"));
    assert!(
        html.contains(&format!("<link rel=\"canonical\" href=\"{page}\">")),
        "{claim}"
    );
    let reviews = json_ld(&html);
    assert_eq!(reviews[0]["url"], Value::String(page.clone()), "{claim}");
}

#[test]
fn a_bad_base_url_override_is_an_error() {
    let site = fixture("good");
    let mut options = options(site.path());
    options.base_url = Some("preview.example.net".to_string());
    let report = attest::build::build(&options);
    assert!(!report.succeeded);
    assert_eq!(
        messages(&report),
        "error[bad-base-url]: --base-url `preview.example.net` is not an absolute URL\n |\n = help: give the address the site will be published at, e.g. --base-url https://preview.example.org/fact-check\n\n"
    );
}
