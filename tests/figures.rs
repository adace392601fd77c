//! Figures across sources on a fixture site: the quantity page (chart and
//! table), its CSV and figures.json read with real parsers, the evidence
//! overrides, the ambiguity warning and the errors of a bad override.

mod common;

use std::fs;
use std::path::Path;

use common::*;

const QUANTITY: &str = "figures/troops-in-harbourton";
const PLAN: &str = "content/claims/plan-10000-12000.md";

fn built() -> (tempfile::TempDir, attest::build::BuildReport) {
    let site = fixture("figures");
    let report = build_site(site.path());
    assert!(report.succeeded, "{}", messages(&report));
    (site, report)
}

fn read(site: &Path, path: &str) -> String {
    fs::read_to_string(site.join("public").join(path)).unwrap()
}

fn replace(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} has no {from:?}");
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

fn check(root: &Path) -> attest::build::BuildReport {
    let mut opts = options(root);
    opts.check_only = true;
    attest::build::build(&opts)
}

/// The figures of figures.json's only quantity: (date, low, high, kind).
fn json_points(site: &Path) -> Vec<serde_json::Value> {
    let json: serde_json::Value = serde_json::from_str(&read(site, "figures.json")).unwrap();
    json["quantities"][0]["points"].as_array().unwrap().clone()
}

#[test]
fn the_quantity_page_charts_every_dated_figure_each_linked_to_its_passage() {
    let (site, report) = built();
    assert_eq!(report.diagnostics.render(false), "");
    let html = read(site.path(), &format!("{QUANTITY}/index.html"));
    let start = html.find("<div class=\"chart-frame\">").unwrap();
    let end = start + html[start..].find("</svg></div>").unwrap() + "</svg></div>".len();
    let chart = &html[start..end];
    insta::assert_snapshot!("chart", chart.replace("><", ">\n<"));
    assert!(chart.contains("role=\"img\""));
    // Eight figures; the repost's 1,500 is drawn as the wire's.
    assert_eq!(html.matches("<tr id=\"f").count(), 8);
    assert_eq!(chart.matches("<a class=\"chart-point\"").count(), 7);
    assert!(html.contains("drawn as the original"));
    // Every point links to a passage mark (or claim page) that exists.
    for href in attr_values(chart, "href") {
        let (page, anchor) = href.split_once('#').unwrap_or((&href, ""));
        let path = Path::new(QUANTITY).join(page).join("index.html");
        let target = fs::read_to_string(site.path().join("public").join(&path))
            .unwrap_or_else(|_| panic!("{href} leads nowhere"));
        if !anchor.is_empty() {
            assert!(target.contains(&format!("id=\"{anchor}\"")), "{href}");
        }
    }
    // The table says which date each figure has and the words it was read from.
    assert!(html.contains("stated in the passage"));
    assert!(html.contains("“some 11,000”"));
    assert!(html.contains("set by the editor"));
    // Claim pages link their quantity; the home page and the index list it.
    let claim = read(site.path(), "claims/landed-1500/index.html");
    assert!(claim.contains("href=\"../../figures/troops-in-harbourton/\""));
    // Each passage shows the figure read from it, linking to its row.
    let plan = read(site.path(), "claims/plan-10000-12000/index.html");
    assert!(
        plan.contains("Figure: <a href=\"../../figures/troops-in-harbourton/#f"),
        "{plan}"
    );
    assert!(plan.contains(">more than 3,000</a>"));
    for href in attr_values(&plan, "href")
        .iter()
        .filter(|h| h.contains("figures/troops-in-harbourton/#f"))
    {
        let anchor = href.split_once('#').unwrap().1;
        assert!(html.contains(&format!("<tr id=\"{anchor}\"")), "{href}");
    }
    let home = read(site.path(), "index.html");
    assert!(home.contains("href=\"figures/troops-in-harbourton/\""));
    let index = read(site.path(), "figures/index.html");
    assert!(index.contains("Troops in Harbourton"));
    let sitemap = read(site.path(), "sitemap.xml");
    assert!(sitemap.contains("/figures/troops-in-harbourton/</loc>"));
    assert!(sitemap.contains("/figures/</loc>"));
}

#[test]
fn the_csv_and_figures_json_agree_with_the_table() {
    let (site, _) = built();
    let csv_text = read(site.path(), &format!("{QUANTITY}.csv"));
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, attest::render::figures::CSV_COLUMNS);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let points = json_points(site.path());
    assert_eq!(rows.len(), points.len());
    assert_eq!(rows.len(), 8);
    for (row, p) in rows.iter().zip(&points) {
        assert_eq!(row[0], *p["date"].as_str().unwrap_or(""));
        assert_eq!(row[3].parse::<f64>().unwrap(), p["low"].as_f64().unwrap());
        assert_eq!(row[4].parse::<f64>().unwrap(), p["high"].as_f64().unwrap());
        assert_eq!(&row[12], p["url"].as_str().unwrap());
    }
    // The range has no single value; the copy names its original.
    let range = rows
        .iter()
        .find(|r| &r[10] == "asserts" && &r[3] == "10000")
        .unwrap();
    assert_eq!(
        (&range[2], &range[4], &range[1]),
        ("", "12000", "published")
    );
    let copy = rows.iter().find(|r| &r[8] == "repost").unwrap();
    assert_eq!(
        (&copy[9], &copy[1], &copy[0]),
        ("wire", "passage", "2024-10-13")
    );
    let more = rows.iter().find(|r| &r[5] == "more_than").unwrap();
    assert_eq!((&more[3], &more[7]), ("3000", "A local paper"));

    let schema: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/schemas/figures.v1.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let json: serde_json::Value = serde_json::from_str(&read(site.path(), "figures.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&json)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    // claims.json knows each claim's figure and each passage's.
    let claims: serde_json::Value =
        serde_json::from_str(&read(site.path(), "claims.json")).unwrap();
    let plan = claims["claims"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["slug"] == "plan-10000-12000")
        .unwrap();
    assert_eq!(plan["figure"]["low"], 10000.0);
    assert_eq!(plan["evidence"][2]["figure"]["written"], "some 11,000");
    assert_eq!(plan["evidence"][2]["figure"]["set_by_editor"], true);
}

#[test]
fn an_ambiguous_passage_is_a_located_warning_that_says_what_to_write() {
    let site = fixture("figures");
    replace(site.path(), PLAN, "figure = 11000\n", "");
    let report = check(site.path());
    let text = messages(&report).replace(&site.path().display().to_string(), "[ROOT]");
    assert!(text.contains("warning[figure-ambiguous]"), "{text}");
    insta::assert_snapshot!("figure_ambiguous", text);
    // Built, the passage is left out until the editor says which.
    let report = build_site(site.path());
    assert!(report.succeeded);
    assert_eq!(json_points(site.path()).len(), 7);
}

#[test]
fn the_editor_sets_a_range_or_turns_a_figure_off() {
    let site = fixture("figures");
    replace(
        site.path(),
        PLAN,
        "figure = 11000\n",
        "low = 11000\nhigh = 13000\n",
    );
    replace(
        site.path(),
        PLAN,
        "attributed_to = \"A local paper\"\n",
        "attributed_to = \"A local paper\"\nfigure = false\n",
    );
    let report = build_site(site.path());
    assert_eq!(report.diagnostics.render(false), "");
    let points = json_points(site.path());
    assert_eq!(points.len(), 7);
    let set = points.iter().find(|p| p["set_by_editor"] == true).unwrap();
    assert_eq!(
        (set["low"].as_f64(), set["high"].as_f64()),
        (Some(11000.0), Some(13000.0))
    );
    assert_eq!(set["written"], serde_json::Value::Null);
    assert!(points.iter().all(|p| p["qualifier"] != "more_than"));
}

#[test]
fn a_bad_evidence_figure_is_an_error_in_its_file() {
    for (from, to, says) in [
        (
            "figure = 11000\n",
            "figure = true\n",
            "`figure = true` says no number",
        ),
        ("figure = 11000\n", "figure = 11000\nlow = 1\n", "not both"),
        (
            "figure = 11000\n",
            "low = 13000\nhigh = 11000\n",
            "`low` is greater than `high`",
        ),
        (
            "figure = 11000\n",
            "low = 11000\n",
            "needs both `low` and `high`",
        ),
    ] {
        let site = fixture("figures");
        let file = if from.starts_with("value") {
            "content/claims/landed-1500.md"
        } else {
            PLAN
        };
        replace(site.path(), file, from, to);
        let report = check(site.path());
        let text = messages(&report);
        assert!(!report.succeeded, "{to}");
        assert!(
            text.contains("error[bad-figure]") && text.contains(says),
            "{text}"
        );
        assert!(
            text.contains("content/claims/plan-10000-12000.md:"),
            "{text}"
        );
    }
    let site = fixture("figures");
    replace(
        site.path(),
        PLAN,
        "[figure]\nquantity = \"troops-in-harbourton\"\nlow = 10000\nhigh = 12000\nunit = \"troops\"\n",
        "",
    );
    let text = messages(&check(site.path()));
    assert!(text.contains("the claim has no [figure]"), "{text}");
}

#[test]
fn the_demo_charts_every_troop_figure_from_1500_to_12000_dated_and_linked() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let mut opts = options(root);
    opts.output_dir = Some(out.path().to_path_buf());
    let report = attest::build::build(&opts);
    assert!(report.succeeded, "{}", messages(&report));
    let page = "figures/north-korean-troops-in-russia";
    let html = fs::read_to_string(out.path().join(page).join("index.html")).unwrap();
    let csv_text = fs::read_to_string(out.path().join(format!("{page}.csv"))).unwrap();
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    // Every figure reported, each dated: 1,500, 3,000, about 10,000, 10,000–11,000,
    // almost 11,000, 10,000–12,000 and up to 12,000.
    let mut figures: Vec<(String, String)> = rows
        .iter()
        .map(|r| (r[3].to_string(), r[4].to_string()))
        .collect();
    figures.sort();
    figures.dedup();
    for (low, high) in [
        ("1500", "1500"),
        ("3000", "3000"),
        ("10000", "10000"),
        ("10000", "11000"),
        ("11000", "11000"),
        ("10000", "12000"),
        ("12000", "12000"),
    ] {
        assert!(
            figures.contains(&(low.to_string(), high.to_string())),
            "{low}–{high}: {figures:?}"
        );
    }
    assert!(
        rows.iter().all(|r| !r[0].is_empty()),
        "an undated troop figure"
    );
    // The table has a row per CSV line, in the same order, and the chart a
    // link per point not folded into its original, each to an existing mark.
    assert_eq!(html.matches("<tr id=\"f").count(), rows.len());
    let start = html.find("<svg class=\"chart-links\"").unwrap();
    let links = &html[start..start + html[start..].find("</svg>").unwrap()];
    let hrefs = attr_values(links, "href");
    assert_eq!(hrefs.len(), rows.len());
    for (href, row) in hrefs.iter().zip(&rows) {
        let url = &row[12];
        assert!(
            url.ends_with(href.trim_start_matches("../../")),
            "{href} vs {url}"
        );
        let (path, anchor) = href
            .trim_start_matches("../../")
            .split_once('#')
            .unwrap_or((href, ""));
        let target = fs::read_to_string(
            out.path()
                .join(path.trim_start_matches("../../"))
                .join("index.html"),
        )
        .unwrap();
        assert!(
            anchor.is_empty() || target.contains(&format!("id=\"{anchor}\"")),
            "{href}"
        );
    }
}
