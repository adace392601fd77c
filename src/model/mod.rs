//! Model: the linked graph of claims, evidence and articles that every page
//! is rendered from. No HTML here; only what the pages show, checked.

pub mod figures;
pub mod independence;
pub mod sources;

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

    pub fn block_text(&self, block: &Block) -> &str {
        &self.seed.text[block.range.clone()]
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
        figures::read_evidence(&self.articles, &mut self.claims);
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

/// One article of the model from its ingested seed; its links to copies
/// and citing claims are filled in by the caller.
pub fn build_article(a: SourceArticle) -> Article {
    let front = a.file.as_ref().map(|f| &f.front);
    let m = &a.metadata;
    let mut from_page = FromPage::default();
    // A headline from <title> or og:title often carries the site's name
    // ("… | Harper's Magazine"): the headline in the page's text is better.
    let text_title = a.seed_title();
    let headline = m.headline.as_ref().filter(|h| match text_title {
        Some(t) => {
            let (norm, t) = (crate::text::normalize(&h.value), crate::text::normalize(t));
            h.source != "<title>" && (norm == t || !norm.contains(&t))
        }
        None => true,
    });
    let title = match (front.and_then(|f| f.title.clone()), headline) {
        (Some(t), _) => t,
        (None, Some(h)) => {
            from_page.title = Some(h.source.clone());
            h.value.clone()
        }
        (None, None) => a
            .seed_title()
            .map(str::to_string)
            .unwrap_or_else(|| a.seed.name.clone()),
    };
    fn fill(
        own: Option<String>,
        found: Option<(&str, &str)>,
        slot: &mut Option<String>,
    ) -> Option<String> {
        own.or_else(|| {
            let (value, source) = found?;
            *slot = Some(source.to_string());
            Some(value.to_string())
        })
    }
    fn source(f: &Option<crate::ingest::Found>) -> Option<(&str, &str)> {
        f.as_ref().map(|f| (f.value.as_str(), f.source.as_str()))
    }
    let outlet = fill(
        front.and_then(|f| f.outlet.clone()),
        source(&m.publisher),
        &mut from_page.outlet,
    );
    // A page's own address is untrusted text: only one a reader may follow.
    let page_url = source(&m.url).filter(|(u, _)| crate::url::refused_scheme(u).is_none());
    let url = fill(
        front.and_then(|f| f.url.as_ref().map(|u| u.get_ref().clone())),
        page_url,
        &mut from_page.url,
    );
    let page_date = m
        .published
        .as_ref()
        .and_then(|p| Some((p.date()?, p.source.as_str())));
    let published = fill(
        front.and_then(|f| f.published.clone()).map(|d| d.0),
        page_date,
        &mut from_page.published,
    )
    .map(Date);
    Article {
        title,
        outlet,
        original_outlet: front.and_then(|f| f.original_outlet.clone()),
        url,
        published,
        copy_of: None,
        copies: Vec::new(),
        origin: 0,
        copy_of_slug: front.and_then(|f| f.copy_of.as_ref().map(|c| c.get_ref().clone())),
        note: a
            .file
            .as_ref()
            .map(|f| f.doc.body_text().to_string())
            .unwrap_or_default(),
        file: a.file.as_ref().map(|f| f.doc.file.clone()),
        body_start: a.file.as_ref().map_or(0, |f| f.doc.body.start),
        slug: a.slug,
        seed: a.seed,
        blocks: a.blocks,
        metadata: a.metadata,
        from_page,
        cited_by: Vec::new(),
    }
}

fn check_copy_cycles(site: &SiteSource, articles: &[Article], diags: &mut Diagnostics) {
    for (i, a) in articles.iter().enumerate() {
        let mut seen = vec![i];
        // A copy of itself is reported when the article file is read.
        let mut cur = a.copy_of.filter(|&j| j != i);
        while let Some(j) = cur {
            if seen.contains(&j) {
                if j == i {
                    let file = site.articles.iter().find(|f| f.slug == a.slug);
                    let mut d = Diagnostic::error(
                        "copy-of-cycle",
                        format!("`copy_of` goes round in a circle from `{}`", a.slug),
                    )
                    .help("one article in the chain must be the original, with no copy_of");
                    if let Some(f) = file.and_then(|f| f.front.copy_of.as_ref().map(|c| (f, c))) {
                        d = d.at(&f.0.doc.file, f.0.doc.span(f.1.span()));
                    }
                    diags.push(d);
                }
                break;
            }
            seen.push(j);
            cur = articles[j].copy_of;
        }
    }
}

/// One claim of the model from its file and the spans of its evidence;
/// `None` (and errors) if a rating, stance or span is missing.
pub fn build_claim(
    config: &Config,
    registry: &Registry,
    c: &Parsed<ClaimFront>,
    spans: ClaimSpans,
    diags: &mut Diagnostics,
) -> Option<Claim> {
    let file = &c.doc.file;
    let f = &c.front;
    let ratings: Vec<&str> = config
        .ratings
        .iter()
        .map(|r| r.id.get_ref().as_str())
        .collect();
    let rating = ratings.iter().position(|r| r == f.rating.get_ref());
    if rating.is_none() {
        diags.push(
            Diagnostic::error(
                "unknown-rating",
                format!("no rating `{}` in config.toml", f.rating.get_ref()),
            )
            .at(file, c.doc.span(f.rating.span()))
            .label("not a rating id")
            .help(valid_values_help(f.rating.get_ref(), &ratings)),
        );
    }
    check_figure(c, diags);
    if let Some(t) = &f.claimant_type
        && !matches!(t.get_ref().as_str(), "person" | "organization")
    {
        diags.push(
            Diagnostic::error(
                "unknown-claimant-type",
                format!("no claimant type `{}`", t.get_ref()),
            )
            .at(file, c.doc.span(t.span()))
            .help(valid_values_help(t.get_ref(), &["person", "organization"])),
        );
    }
    let mut evidence = Vec::new();
    let mut ok = rating.is_some();
    let not_evidence: Vec<Settled> = f
        .not_evidence
        .iter()
        .zip(spans.not_evidence)
        .enumerate()
        .filter_map(|(i, (ne, span))| {
            Some(Settled {
                k: i + 1,
                span: span?,
                reason: ne.reason.get_ref().clone(),
                quote_at: c.doc.span(ne.quote.span()),
            })
        })
        .collect();
    if not_evidence.len() < f.not_evidence.len() {
        ok = false;
    }
    for (i, (ev, span)) in f.evidence.iter().zip(spans.evidence).enumerate() {
        let stance = Stance::parse(ev.stance.get_ref());
        if stance.is_none() {
            let ids: Vec<&str> = Stance::ALL.iter().map(|s| s.id()).collect();
            diags.push(
                Diagnostic::error(
                    "unknown-stance",
                    format!("no stance `{}`", ev.stance.get_ref()),
                )
                .at(file, c.doc.span(ev.stance.span()))
                .label("not a stance")
                .help(valid_values_help(ev.stance.get_ref(), &ids)),
            );
        }
        let figure_setting = figures::evidence_setting(c, i + 1, ev, diags);
        match (stance, span) {
            (Some(stance), Some(span)) => evidence.push(Evidence {
                figure_setting,
                as_of: ev.as_of.clone(),
                figure: figures::PassageFigure::None,
                k: i + 1,
                stance,
                span,
                quote_at: c.doc.span(ev.quote.span()),
                attributed_to: ev
                    .attributed_to
                    .as_ref()
                    .map(|a| a.get_ref().names().join("; ")),
                cited: ev.attributed_to.as_ref().map_or(Vec::new(), |a| {
                    registry.cite(a, file, c.doc.span(a.span()), diags)
                }),
                note: ev
                    .note
                    .as_ref()
                    .map(|n| (n.get_ref().clone(), c.doc.span(n.span()).start + 1)),
            }),
            _ => ok = false,
        }
    }
    if f.evidence.is_empty() {
        diags.push(
            Diagnostic::warning(
                "no-evidence",
                format!("claim `{}` links to no passage", c.slug),
            )
            .in_file(file)
            .help("add an [[evidence]] entry with article, stance and quote"),
        );
    }
    if !ok {
        return None;
    }
    Some(Claim {
        slug: c.slug.clone(),
        title: f.title.clone(),
        claim: f.claim.get_ref().clone(),
        claim_span: c.doc.span(f.claim.span()),
        claimant_is_person: f
            .claimant_type
            .as_ref()
            .is_some_and(|t| t.get_ref() == "person"),
        claimant: f.claimant.clone(),
        claim_date: f.claim_date.clone(),
        rating: rating?,
        verdict: f.verdict.clone(),
        published: f.published.clone(),
        updated: f.updated.clone(),
        tags: f.tags.clone(),
        figure: f.figure.as_ref().map(|fig| fig.get_ref().clone()),
        evidence,
        not_evidence,
        twins: Vec::new(),
        shown_as: Vec::new(),
        changes: {
            let mut changes: Vec<Change> = f
                .changes
                .iter()
                .map(|ch| Change {
                    date: ch.date.clone(),
                    note: ch.note.get_ref().clone(),
                    note_at: c.doc.span(ch.note.span()).start + 1,
                })
                .collect();
            changes.sort_by(|a, b| a.date.cmp(&b.date));
            changes
        },
        body: c.doc.body_text().to_string(),
        file: file.clone(),
        body_start: c.doc.body.start,
    })
}

fn check_figure(c: &Parsed<ClaimFront>, diags: &mut Diagnostics) {
    let Some(fig) = &c.front.figure else { return };
    let span = c.doc.span(fig.span());
    let f = fig.get_ref();
    let finite = [f.value, f.low, f.high]
        .iter()
        .flatten()
        .all(|x| x.is_finite());
    let problem = match (f.value, f.low, f.high) {
        _ if !finite => Some("a figure is a number: not `nan` or `inf`"),
        (Some(_), None, None) => None,
        (None, Some(lo), Some(hi)) if lo <= hi => None,
        (None, Some(_), Some(_)) => Some("`low` is greater than `high`"),
        (Some(_), _, _) => Some("give either `value` or `low` and `high`, not both"),
        (None, _, _) => Some("a figure needs `value`, or `low` and `high` for a range"),
    };
    if let Some(p) = problem {
        diags.push(
            Diagnostic::error("bad-figure", p)
                .at(&c.doc.file, span.clone())
                .help("e.g. value = 1500, or low = 10000 and high = 12000"),
        );
    }
    if !crate::slug::is_valid(&f.quantity) {
        diags.push(
            Diagnostic::error(
                "bad-slug",
                format!("`{}` is not a valid quantity slug", f.quantity),
            )
            .at(&c.doc.file, span)
            .help(format!(
                "use quantity = \"{}\"",
                crate::slug::suggest(&f.quantity)
            )),
        );
    }
}

/// Counts evidence by stance, for listings.
pub fn stance_counts(claim: &Claim) -> BTreeMap<Stance, usize> {
    let mut m = BTreeMap::new();
    for ev in &claim.evidence {
        *m.entry(ev.stance).or_insert(0) += 1;
    }
    m
}
