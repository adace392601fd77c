//! Model: the linked graph of claims, evidence and articles that every page
//! is rendered from. No HTML here; only what the pages show, checked.

mod articles;
mod claims;
pub mod figures;
pub mod independence;
pub mod sources;

pub use articles::build_article;
use articles::check_copy_cycles;
pub use claims::{build_claim, stance_counts};
use std::collections::BTreeMap;

use crate::articles::SourceArticle;
use crate::diagnostics::{Diagnostic, Diagnostics, valid_values_help};
use crate::ingest::{Block, Metadata};
use crate::load::frontmatter::Date;
use crate::load::{ClaimFront, Config, Figure, PageFront, Parsed, Seed, SiteSource};
use crate::resolve::{ClaimSpans, Span};
pub use sources::{Cited, Registry, Source};

/// What a passage says about a claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stance {
    Asserts,
    Denies,
    Qualifies,
}

impl Stance {
    pub const ALL: [Stance; 3] = [Stance::Asserts, Stance::Denies, Stance::Qualifies];

    pub fn id(self) -> &'static str {
        match self {
            Stance::Asserts => "asserts",
            Stance::Denies => "denies",
            Stance::Qualifies => "qualifies",
        }
    }

    fn parse(s: &str) -> Option<Stance> {
        Stance::ALL.into_iter().find(|st| st.id() == s)
    }
}

/// The whole site, linked.
#[derive(Clone, Debug)]
pub struct Site {
    pub config: Config,
    pub home: Page,
    pub pages: Vec<Page>,
    /// Sorted by slug.
    pub articles: Vec<Article>,
    /// Sorted by slug.
    pub claims: Vec<Claim>,
    /// Claim indices, newest check first: the order of listings and of
    /// previous/next links.
    pub order: Vec<usize>,
    /// For each claim, its position in `order`.
    pub rank: Vec<usize>,
    /// Tags and claimants, by slug, with their claims in `order`.
    pub tags: Vec<Group>,
    pub claimants: Vec<Group>,
    /// Every quantity a claim's `[figure]` counts, by slug, with its figures.
    pub quantities: Vec<figures::Quantity>,
    /// The sources registry (`content/sources/`), sorted by slug.
    pub sources: Registry,
    /// For each source, every evidence entry citing it (claim index,
    /// evidence index), in claim order.
    pub cited_in: Vec<Vec<(usize, usize)>>,
}

/// Claims sharing a tag or a claimant.
#[derive(Clone, Debug)]
pub struct Group {
    pub slug: String,
    /// As first written in a claim file.
    pub name: String,
    pub claims: Vec<usize>,
}

/// The slug of a tag or claimant: from its name, or, for a name with no
/// ASCII letter or digit ("Кремль"), a stable code made from it.
pub fn group_slug(name: &str) -> String {
    if name.chars().any(|c| c.is_ascii_alphanumeric()) {
        return crate::slug::suggest(name);
    }
    // FNV-1a: the same name gives the same slug on every build.
    let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("n-{:08x}", hash as u32)
}

/// Groups the claims by `key` (tags or claimant), slugs made from the names.
fn groups<'a>(
    claims: &'a [Claim],
    order: &[usize],
    key: impl Fn(&'a Claim) -> Vec<&'a str>,
) -> Vec<Group> {
    let mut by_slug: BTreeMap<String, Group> = BTreeMap::new();
    for &ci in order {
        for name in key(&claims[ci]) {
            let slug = group_slug(name);
            let g = by_slug.entry(slug.clone()).or_insert_with(|| Group {
                slug,
                name: name.to_string(),
                claims: Vec::new(),
            });
            if !g.claims.contains(&ci) {
                g.claims.push(ci);
            }
        }
    }
    by_slug.into_values().collect()
}

/// Where the page's metadata filled in a key the article file leaves out:
/// the source of each filled key ("JSON-LD NewsArticle.datePublished").
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FromPage {
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
}

/// The home page or a free page.
#[derive(Clone, Debug)]
pub struct Page {
    pub slug: String,
    pub title: String,
    pub description: Option<String>,
    pub body: String,
    pub file: Option<String>,
    /// Byte offset of the body in its file, to locate problems in it.
    pub body_start: usize,
}

/// A seed article with its metadata and the evidence that cites it.
#[derive(Clone, Debug)]
pub struct Article {
    pub slug: String,
    pub title: String,
    /// The title is the site's own: the collected text states none (no
    /// title line, no headline), so it comes from the article file or is
    /// the seed's file name.
    pub title_is_ours: bool,
    pub outlet: Option<String>,
    pub original_outlet: Option<String>,
    pub url: Option<String>,
    pub published: Option<Date>,
    /// Index of the article this one is a copy of.
    pub copy_of: Option<usize>,
    /// Indices of the articles that are copies of this one.
    pub copies: Vec<usize>,
    /// The article whose report this is: itself, or the end of its `copy_of` chain.
    pub origin: usize,
    /// `copy_of` as written in the article file.
    copy_of_slug: Option<String>,
    pub seed: Seed,
    pub blocks: Vec<Block>,
    /// What the web page says about itself (empty for text seeds).
    pub metadata: Metadata,
    /// Which of title, outlet, url and published the page gave, and from where.
    pub from_page: FromPage,
    /// The editor's note, markdown.
    pub note: String,
    pub file: Option<String>,
    /// Byte offset of the note in its file.
    pub body_start: usize,
    /// (claim index, evidence index) of every span on this article, by position.
    pub cited_by: Vec<(usize, usize)>,
}

impl Article {
    /// `copy_of` as written in the article file.
    pub fn copy_of_slug(&self) -> Option<&str> {
        self.copy_of_slug.as_deref()
    }

    /// What resolving quotes needs of the article.
    pub fn as_ref(&self) -> crate::resolve::ArticleRef<'_> {
        crate::resolve::ArticleRef {
            slug: &self.slug,
            text: &self.seed.text,
            blocks: &self.blocks,
        }
    }

    pub fn block_text(&self, block: &Block) -> String {
        self.seed.text.get()[block.range.clone()].to_string()
    }
}

/// A checked claim.
#[derive(Clone, Debug)]
pub struct Claim {
    pub slug: String,
    pub title: String,
    pub claim: String,
    /// Byte range of the `claim` value in the claim file, for diagnostics.
    pub claim_span: std::ops::Range<usize>,
    pub claimant: String,
    pub claimant_is_person: bool,
    pub claim_date: Option<Date>,
    /// Index into `config.ratings`.
    pub rating: usize,
    /// One or two sentences about this claim, shown first.
    pub verdict: Option<String>,
    pub published: Date,
    pub updated: Option<Date>,
    pub tags: Vec<String>,
    pub figure: Option<Figure>,
    pub evidence: Vec<Evidence>,
    /// Passages settled as not evidence: read by discovery, never rendered.
    pub not_evidence: Vec<Settled>,
    /// Pairs of evidence entries (indices, first < second) quoting twin
    /// passages in different articles: filled in by discovery.
    pub twins: Vec<(usize, usize)>,
    /// For each evidence entry, the entry it is shown under (copies
    /// folded), set with `twins`; empty until then.
    pub shown_as: Vec<usize>,
    /// Corrections and updates, oldest first.
    pub changes: Vec<Change>,
    /// The analysis, markdown.
    pub body: String,
    pub file: String,
    /// Byte offset of the analysis in its file.
    pub body_start: usize,
}

/// A dated correction or update of a claim.
#[derive(Clone, Debug)]
pub struct Change {
    pub date: Date,
    /// Markdown.
    pub note: String,
    /// Byte offset of the note in the claim file.
    pub note_at: usize,
}

impl Claim {
    /// When the check last changed: the latest of `updated` and the changes.
    pub fn modified(&self) -> Option<&Date> {
        self.changes
            .iter()
            .map(|c| &c.date)
            .chain(self.updated.as_ref())
            .max()
    }
}

/// One resolved evidence link between a claim and a passage.
#[derive(Clone, Debug)]
pub struct Evidence {
    /// 1-based position in the claim file.
    pub k: usize,
    pub stance: Stance,
    pub span: Span,
    /// Byte range of the quote's value in the claim file, for diagnostics.
    pub quote_at: std::ops::Range<usize>,
    /// `attributed_to` as written, its names joined with "; ".
    pub attributed_to: Option<String>,
    /// `attributed_to` is the editor's inference, not named in the passage.
    pub attribution_inferred: bool,
    /// Each name of `attributed_to`, resolved in the registry if it can be.
    pub cited: Vec<Cited>,
    /// The note, markdown, and its byte offset in the claim file.
    pub note: Option<(String, usize)>,
    /// The entry's `figure`, `low` and `high`.
    pub figure_setting: figures::FigureSetting,
    /// The entry's `as_of`: the date the passage's figure refers to.
    pub as_of: Option<Date>,
    /// The figure the passage states for the claim's quantity (read when
    /// the claims are linked).
    pub figure: figures::PassageFigure,
}

/// A passage the editor read and settled as not evidence for the claim
/// (`[[not_evidence]]`).
#[derive(Clone, Debug)]
pub struct Settled {
    /// 1-based position among the claim's `[[not_evidence]]` entries.
    pub k: usize,
    pub span: Span,
    pub reason: String,
    /// Byte range of the quote's value in the claim file.
    pub quote_at: std::ops::Range<usize>,
}

/// Links the resolved pieces into a [`Site`]; checks ratings, stances and figures.
pub fn build(
    site: &SiteSource,
    articles: Vec<SourceArticle>,
    spans: Vec<ClaimSpans>,
    diags: &mut Diagnostics,
) -> Option<Site> {
    let registry = Registry::build(&site.config, &site.sources, diags);
    let mut claims = Vec::new();
    for (c, spans) in site.claims.iter().zip(spans) {
        if let Some(claim) = build_claim(&site.config, &registry, c, spans, diags) {
            claims.push(claim);
        }
    }
    let mut model_articles: Vec<Article> = articles.into_iter().map(build_article).collect();
    for i in 0..model_articles.len() {
        // Articles are sorted by slug: find the original by binary search.
        let copy_of = model_articles[i].copy_of_slug.as_deref().and_then(|c| {
            model_articles
                .binary_search_by(|a| a.slug.as_str().cmp(c))
                .ok()
        });
        model_articles[i].copy_of = copy_of;
        if let Some(j) = copy_of {
            model_articles[j].copies.push(i);
        }
    }
    check_copy_cycles(site, &model_articles, diags);
    for i in 0..model_articles.len() {
        let mut origin = i;
        // Bounded: a cycle is an error reported above.
        for _ in 0..model_articles.len() {
            match model_articles[origin].copy_of {
                Some(next) => origin = next,
                None => break,
            }
        }
        model_articles[i].origin = origin;
    }
    let home = match &site.home {
        Some(h) => page(h, site.config.title.clone()),
        None => Page {
            slug: String::new(),
            title: site.config.title.clone(),
            description: None,
            body: String::new(),
            file: None,
            body_start: 0,
        },
    };
    let mut pages: Vec<Page> = site.pages.iter().map(|p| page(p, p.slug.clone())).collect();
    pages.sort_by(|a, b| a.slug.cmp(&b.slug));
    check_page_slugs(&pages, diags);
    if diags.error_count() > 0 {
        return None;
    }
    let mut site = Site {
        config: site.config.clone(),
        home,
        pages,
        articles: model_articles,
        claims,
        order: Vec::new(),
        rank: Vec::new(),
        tags: Vec::new(),
        claimants: Vec::new(),
        quantities: Vec::new(),
        sources: registry,
        cited_in: Vec::new(),
    };
    site.link_claims();
    Some(site)
}

impl Site {
    /// Derives everything that follows from the claims: which passages cite
    /// each article, the order of claims, and the tag and claimant groups.
    /// Run after the claims change.
    pub fn link_claims(&mut self) {
        figures::read_evidence(&mut self.claims);
        let claims = &self.claims;
        for a in &mut self.articles {
            a.cited_by.clear();
        }
        for (ci, claim) in claims.iter().enumerate() {
            for (ei, ev) in claim.evidence.iter().enumerate() {
                self.articles[ev.span.article].cited_by.push((ci, ei));
            }
        }
        for a in &mut self.articles {
            a.cited_by.sort_by_key(|&(ci, ei)| {
                let s = &claims[ci].evidence[ei].span.orig;
                (s.start, std::cmp::Reverse(s.end), ci, ei)
            });
        }
        let mut order: Vec<usize> = (0..claims.len()).collect();
        // Newest check first; on one day, the newest claim, then by title.
        order.sort_by(|&a, &b| {
            claims[b]
                .published
                .cmp(&claims[a].published)
                .then(claims[b].claim_date.cmp(&claims[a].claim_date))
                .then(claims[a].title.cmp(&claims[b].title))
                .then(claims[a].slug.cmp(&claims[b].slug))
        });
        let mut rank = vec![0; order.len()];
        for (pos, &ci) in order.iter().enumerate() {
            rank[ci] = pos;
        }
        self.tags = groups(claims, &order, |c| {
            c.tags.iter().map(String::as_str).collect()
        });
        self.claimants = groups(claims, &order, |c| vec![c.claimant.as_str()]);
        let mut cited_in = vec![Vec::new(); self.sources.sources.len()];
        for &ci in &order {
            for (ei, ev) in claims[ci].evidence.iter().enumerate() {
                let mut seen: Vec<usize> = ev.cited.iter().filter_map(|c| c.source).collect();
                seen.sort_unstable();
                seen.dedup();
                for s in seen {
                    cited_in[s].push((ci, ei));
                }
            }
        }
        self.cited_in = cited_in;
        self.order = order;
        self.rank = rank;
        self.quantities = figures::quantities(self);
    }

    /// The quantity `slug`, if a claim's `[figure]` counts it.
    pub fn quantity(&self, slug: &str) -> Option<usize> {
        self.quantities
            .binary_search_by(|q| q.slug.as_str().cmp(slug))
            .ok()
    }
}

fn page(p: &Parsed<PageFront>, default_title: String) -> Page {
    Page {
        slug: p.slug.clone(),
        title: p.front.title.clone().unwrap_or(default_title),
        description: p.front.description.clone(),
        body: p.doc.body_text().to_string(),
        file: Some(p.doc.file.clone()),
        body_start: p.doc.body.start,
    }
}

/// Page slugs that would collide with the site's own sections.
const RESERVED_SLUGS: &[&str] = &[
    "claims",
    "sources",
    "ratings",
    "articles",
    "tags",
    "claimants",
    "search",
    "static",
    "figures",
];

fn check_page_slugs(pages: &[Page], diags: &mut Diagnostics) {
    for p in pages {
        if RESERVED_SLUGS.contains(&p.slug.as_str()) {
            diags.push(
                Diagnostic::error(
                    "reserved-slug",
                    format!("a page cannot be called `{}`", p.slug),
                )
                .in_file(p.file.as_deref().unwrap_or_default())
                .note(format!("/{}/ holds the site's {}", p.slug, p.slug))
                .help(format!(
                    "rename the file, e.g. content/pages/about-{}.md",
                    p.slug
                )),
            );
        }
    }
}
