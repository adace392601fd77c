//! Converts an attest site into a comparable Hugo site, for benchmarks
//! (`benches/hugo.sh`): the same claim and article pages with the same texts,
//! the same listings (home, all claims, all articles, tags, claimants), one
//! feed and a sitemap, rendered by the small theme in `benches/hugo/`.
//!
//!     cargo run --release --example hugo_site -- --root /tmp/site10k --out /tmp/hugo10k
//!
//! The site is read by attest's own stages (load to model), so Hugo gets the
//! article texts attest shows: every block but the furniture, as markdown
//! paragraphs, and each claim's evidence with the exact quoted passage. What
//! attest works out while building (which claims cite an article, the
//! paragraph a quote is in) is written into the front matter, so that Hugo's
//! templates only print, as attest's do.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use attest::build::{BuildOptions, model_stages};
use attest::diagnostics::Diagnostics;
use attest::ingest::BlockKind;

/// The theme: layouts and the stylesheet, embedded so the Hugo site stands alone.
const THEME: &[(&str, &str)] = &[
    (
        "layouts/_default/baseof.html",
        include_str!("../benches/hugo/layouts/_default/baseof.html"),
    ),
    (
        "layouts/_default/list.html",
        include_str!("../benches/hugo/layouts/_default/list.html"),
    ),
    (
        "layouts/_default/terms.html",
        include_str!("../benches/hugo/layouts/_default/terms.html"),
    ),
    (
        "layouts/_default/single.html",
        include_str!("../benches/hugo/layouts/_default/single.html"),
    ),
    (
        "layouts/index.html",
        include_str!("../benches/hugo/layouts/index.html"),
    ),
    (
        "layouts/index.rss.xml",
        include_str!("../benches/hugo/layouts/index.rss.xml"),
    ),
    (
        "layouts/claims/single.html",
        include_str!("../benches/hugo/layouts/claims/single.html"),
    ),
    (
        "layouts/articles/single.html",
        include_str!("../benches/hugo/layouts/articles/single.html"),
    ),
    ("static/style.css", include_str!("../templates/style.css")),
];

fn main() {
    let mut root = None;
    let mut out = None;
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        match (flag.as_str(), it.next()) {
            ("--root", Some(v)) => root = Some(PathBuf::from(v)),
            ("--out", Some(v)) => out = Some(PathBuf::from(v)),
            _ => usage(),
        }
    }
    let (Some(root), Some(out)) = (root, out) else {
        usage()
    };
    let mut diags = Diagnostics::new();
    let (_, site) = model_stages(&BuildOptions::new(&root), &mut diags, &mut |_| {});
    let Some(site) = site else {
        eprintln!(
            "{} does not build: {} errors",
            root.display(),
            diags.error_count()
        );
        std::process::exit(1);
    };
    let _ = fs::remove_dir_all(&out);
    for (rel, text) in THEME {
        write(&out, rel, text);
    }
    let config = &site.config;
    write(
        &out,
        "hugo.toml",
        &format!(
            "baseURL = {}\ntitle = {}\nlanguageCode = \"en\"\n{HUGO_CONFIG}",
            toml_str(config.base_url.get_ref()),
            toml_str(&config.title)
        ),
    );
    write(
        &out,
        "content/_index.md",
        &format!(
            "+++\ntitle = {}\n+++\n{}\n",
            toml_str(&site.home.title),
            site.home.body
        ),
    );
    write(
        &out,
        "content/claims/_index.md",
        "+++\ntitle = \"Claims\"\n+++\n",
    );
    write(
        &out,
        "content/articles/_index.md",
        "+++\ntitle = \"Articles\"\n+++\n",
    );
    for p in &site.pages {
        write(
            &out,
            &format!("content/{}.md", p.slug),
            &format!("+++\ntitle = {}\n+++\n{}\n", toml_str(&p.title), p.body),
        );
    }
    let rating = |i: usize| &config.ratings[i];
    for c in &site.claims {
        let r = rating(c.rating);
        let mut fm = format!(
            "+++\ntitle = {}\nclaim = {}\nclaimant = {}\nclaimants = [{}]\nrating = {}\nrating_id = {}\ndate = {}\ntags = [{}]\n",
            toml_str(&c.title),
            toml_str(&c.claim),
            toml_str(&c.claimant),
            toml_str(&c.claimant),
            toml_str(&r.label),
            toml_str(r.id.get_ref()),
            c.published.0,
            c.tags
                .iter()
                .map(|t| toml_str(t))
                .collect::<Vec<_>>()
                .join(", "),
        );
        for e in &c.evidence {
            let a = &site.articles[e.span.article];
            let block = &a.blocks[e.span.first_block];
            let _ = write!(
                fm,
                "\n[[evidence]]\narticle = {}\narticle_title = {}\nanchor = \"p{}\"\nstance = \"{}\"\nquote = {}\n",
                toml_str(&a.slug),
                toml_str(&a.title),
                block.number.unwrap_or(0),
                e.stance.id(),
                toml_str(e.span.exact()),
            );
            if let Some(who) = &e.attributed_to {
                let _ = writeln!(fm, "attributed_to = {}", toml_str(who));
            }
        }
        fm.push_str("+++\n");
        fm.push_str(&c.body);
        write(&out, &format!("content/claims/{}.md", c.slug), &fm);
    }
    for a in &site.articles {
        let mut fm = format!(
            "+++\ntitle = {}\nseed = {}\n",
            toml_str(&a.title),
            toml_str(&a.seed.name)
        );
        if let Some(o) = &a.outlet {
            let _ = writeln!(fm, "outlet = {}", toml_str(o));
        }
        if let Some(o) = &a.original_outlet {
            let _ = writeln!(fm, "original_outlet = {}", toml_str(o));
        }
        if let Some(d) = &a.published {
            let _ = writeln!(fm, "date = {}", d.0);
        }
        if let Some(i) = a.copy_of {
            let o = &site.articles[i];
            let _ = writeln!(
                fm,
                "copy_of = {}\ncopy_of_title = {}",
                toml_str(&o.slug),
                toml_str(&o.title)
            );
        }
        for &(ci, ei) in &a.cited_by {
            let c = &site.claims[ci];
            let e = &c.evidence[ei];
            let _ = write!(
                fm,
                "\n[[cited]]\nclaim = {}\ntitle = {}\nrating = {}\nstance = \"{}\"\nanchor = \"p{}\"\n",
                toml_str(&c.slug),
                toml_str(&c.title),
                toml_str(&rating(c.rating).label),
                e.stance.id(),
                a.blocks[e.span.first_block].number.unwrap_or(0),
            );
        }
        fm.push_str("+++\n");
        if !a.note.is_empty() {
            let _ = write!(fm, "*Editor’s note:* {}\n\n", a.note.trim());
        }
        for b in &a.blocks {
            let text = a.block_text(b);
            match b.kind {
                BlockKind::Furniture | BlockKind::Title => {}
                BlockKind::Heading => {
                    let _ = write!(fm, "### {text}\n\n");
                }
                // The paragraph's anchor, as on attest's page (a Goldmark block attribute).
                _ => match b.number {
                    Some(n) => {
                        let _ = write!(fm, "{text}\n{{#p{n}}}\n\n");
                    }
                    None => {
                        let _ = write!(fm, "{text}\n\n");
                    }
                },
            }
        }
        write(&out, &format!("content/articles/{}.md", a.slug), &fm);
    }
    eprintln!(
        "wrote a Hugo site of {} claims and {} articles to {}",
        site.claims.len(),
        site.articles.len(),
        out.display()
    );
}

/// Taxonomies as attest lists them; one feed (the home page's, claims only),
/// as attest's atom.xml; no feeds for every section and term. Block
/// attributes give paragraphs their `#p<n>` anchors.
const HUGO_CONFIG: &str = r#"disableHugoGeneratorInject = true
enableRobotsTXT = true
[markup.goldmark.parser.attribute]
  block = true
[taxonomies]
  tag = "tags"
  claimant = "claimants"
[outputs]
  home = ["HTML", "RSS"]
  section = ["HTML"]
  taxonomy = ["HTML"]
  term = ["HTML"]
"#;

fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    }
    fs::write(&path, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

fn usage() -> ! {
    eprintln!("usage: hugo_site --root ATTEST-SITE --out HUGO-SITE");
    std::process::exit(2)
}
