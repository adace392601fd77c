//! The JSON Schemas of docs/schemas/ (draft 2020-12): every data file the
//! demo and the fixture sites publish validates against the schema the site
//! publishes beside it (schemas/), and so does the JSON of `attest text` for
//! every seed. A real validator (the jsonschema crate), no network.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use attest::build::{BuildOptions, build};
use serde_json::Value;

const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";

/// The data files of a site and the schema of each.
const DATA_FILES: &[(&str, &str)] = &[
    ("claims.json", "claims.v1.json"),
    ("annotations.jsonld", "annotations.v1.json"),
    ("figures.json", "figures.v1.json"),
];

/// The JSON files of the search index (the postings files are binary).
fn search_index_files(out: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for kind in ["claims", "passages"] {
        for entry in fs::read_dir(out.join("search-index").join(kind)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|x| x == "json") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn json(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .build(schema)
        .unwrap_or_else(|e| panic!("{}: {e}", schema["$id"]))
}

/// Every error of `instance` against `schema`, with where it is.
fn errors(schema: &Value, instance: &Value) -> Vec<String> {
    validator(schema)
        .iter_errors(instance)
        .take(10)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

/// The schemas of docs/schemas/, by file name.
fn schemas() -> Vec<(String, Value)> {
    let mut out: Vec<(String, Value)> = fs::read_dir(repo().join("docs/schemas"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                json(&p),
            )
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[test]
fn every_schema_is_a_draft_2020_12_schema() {
    let all = schemas();
    assert!(
        all.len() >= 4,
        "{:?}",
        all.iter().map(|s| &s.0).collect::<Vec<_>>()
    );
    for (name, schema) in &all {
        assert_eq!(schema["$schema"], DRAFT, "{name}");
        assert!(
            jsonschema::meta::is_valid(schema),
            "{name} is not a valid schema"
        );
        validator(schema);
    }
}

/// Builds `root` into a temporary directory.
fn built(root: &Path) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let mut options = BuildOptions::new(root);
    options.output_dir = Some(out.path().to_path_buf());
    let report = build(&options);
    assert!(report.succeeded, "{}", common::messages(&report));
    out
}

#[test]
fn every_data_file_of_the_demo_and_the_fixtures_validates_against_its_published_schema() {
    let good = common::fixture("good");
    let web = common::fixture("web");
    for (site, root) in [
        ("the demo", repo()),
        ("tests/fixtures/good", good.path().to_path_buf()),
        ("tests/fixtures/web", web.path().to_path_buf()),
    ] {
        let out = built(&root);
        // The default templates' article pages are read by the fast scan.
        for entry in fs::read_dir(out.path().join("articles")).unwrap() {
            let page = entry.unwrap().path().join("index.html");
            if let Ok(html) = fs::read_to_string(&page) {
                assert!(
                    attest::render::anchors::scan_page(&html).is_some(),
                    "{site}: {} is left to the parser",
                    page.display()
                );
            }
        }
        for (file, schema_name) in DATA_FILES {
            let published = out.path().join("schemas").join(schema_name);
            assert_eq!(
                fs::read(&published).unwrap_or_default(),
                fs::read(repo().join("docs/schemas").join(schema_name)).unwrap(),
                "{site}: schemas/{schema_name} is not the schema of docs/schemas/"
            );
            let errors = errors(&json(&published), &json(&out.path().join(file)));
            assert!(errors.is_empty(), "{site}: {file}:\n{}", errors.join("\n"));
        }
        let schema = json(&out.path().join("schemas/search-index.v1.json"));
        let files = search_index_files(out.path());
        // Two manifests, two shards and two records files at least.
        assert!(files.len() >= 6, "{site}: {files:?}");
        for file in files {
            let errors = errors(&schema, &json(&file));
            assert!(
                errors.is_empty(),
                "{site}: {}:\n{}",
                file.display(),
                errors.join("\n")
            );
        }
    }
}

#[test]
fn the_schemas_reject_what_readers_could_not_use() {
    let good = common::fixture("good");
    let out = built(good.path());
    let schema = |name: &str| json(&repo().join("docs/schemas").join(name));
    let mut claims = json(&out.path().join("claims.json"));
    claims["claims"][0]["evidence"][0]["stance"] = "maybe".into();
    claims["claims"][0]["evidence"][0]["start_char"] = Value::Null;
    let found = errors(&schema("claims.v1.json"), &claims);
    assert_eq!(found.len(), 2, "{found:?}");
    let mut annotations = json(&out.path().join("annotations.jsonld"));
    let target = &mut annotations["first"]["items"][0]["target"];
    target[1]["selector"][0]["value"] = "chars=1,2".into();
    target[0]["selector"][1]["prefix"] = "".into();
    let found = errors(&schema("annotations.v1.json"), &annotations);
    assert_eq!(found.len(), 2, "{found:?}");
    let index = out.path().join("search-index/claims");
    let mut manifest = json(&index.join("index.json"));
    manifest["shards"][0][1] = "../../claims.json".into();
    assert!(!errors(&schema("search-index.v1.json"), &manifest).is_empty());
    let first_shard = json(&index.join("index.json"))["shards"][0][1].clone();
    let mut shard = json(&index.join(first_shard.as_str().unwrap()));
    shard["terms"][0][1] = 0.into();
    assert!(!errors(&schema("search-index.v1.json"), &shard).is_empty());
}

#[test]
fn attest_text_json_of_every_seed_validates() {
    let schema = json(&repo().join("docs/schemas/text.v1.json"));
    let mut seeds = 0;
    for dir in [
        repo().join("seeds"),
        repo().join("tests/fixtures/good/seeds"),
        repo().join("tests/fixtures/web/seeds"),
    ] {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let Ok((text, _warnings)) = attest::seed_text::read(&path) else {
                continue; // a seed the fixture keeps to fail on purpose
            };
            let errors = errors(&schema, &serde_json::from_str(&text.to_json()).unwrap());
            assert!(
                errors.is_empty(),
                "{}:\n{}",
                path.display(),
                errors.join("\n")
            );
            seeds += 1;
        }
    }
    assert!(seeds >= 10, "only {seeds} seeds read");
}

#[test]
fn an_article_template_without_marks_gives_page_targets_their_id_alone() {
    let site = common::fixture("good");
    fs::create_dir_all(site.path().join("templates")).unwrap();
    fs::write(
        site.path().join("templates/article.html"),
        "{% extends \"base.html\" %}{% block content %}<h1>{{ title }}</h1>\
         {% for b in blocks %}<p id=\"{{ b.anchor }}\">{{ b.number }}</p>{% endfor %}{% endblock content %}",
    )
    .unwrap();
    let out = built(site.path());
    let annotations = json(&out.path().join("annotations.jsonld"));
    let schema = json(&repo().join("docs/schemas/annotations.v1.json"));
    let errors = errors(&schema, &annotations);
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    for a in annotations["first"]["items"].as_array().unwrap() {
        let page = &a["target"][0]["selector"];
        assert_eq!(page.as_array().unwrap().len(), 1, "{}", a["id"]);
        assert_eq!(page[0]["type"], "FragmentSelector");
        assert_eq!(a["target"][1]["selector"].as_array().unwrap().len(), 3);
    }
}
