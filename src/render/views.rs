//! View structs: everything a template shows, precomputed. Templates loop
//! and print; they never recompute links, counts or labels.

use serde::Serialize;

use crate::ingest::BlockKind;
use crate::model::{Article, Claim, Site, Stance, stance_counts};

/// What every page gets: the site and where the page is.
#[derive(Clone, Debug, Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: String,
    pub language: String,
    /// Relative prefix from this page to the site root: "", "../", "../../".
    pub root: String,
    /// Link to the home page from this page: "./", "../", "../../".
    pub home: String,
    /// Absolute URL of this page (from `base_url`).
    pub canonical: String,
    /// `base_url` without a trailing `/`.
    pub base_url: String,
    /// The stylesheet, for pages that cannot link to it (404).
    pub inline_css: Option<String>,
    pub publisher: Option<LinkView>,
    /// The free pages, for the navigation.
    pub nav: Vec<LinkView>,
    /// What the page says of itself when shared (Open Graph, Twitter card).
    pub share: super::share::ShareView,
}

#[derive(Clone, Debug, Serialize)]
pub struct LinkView {
    pub href: String,
    pub label: String,
}

/// A dated correction or update of a claim.
#[derive(Clone, Debug, Serialize)]
pub struct ChangeView {
    pub date: String,
    pub note_html: String,
    /// The claim it belongs to (in the site-wide log).
    pub claim: Option<LinkView>,
}

/// A tag or claimant in a listing.
#[derive(Clone, Debug, Serialize)]
pub struct GroupSummary {
    pub href: String,
    pub label: String,
    pub count: usize,
}

/// A listing page: all claims, all articles, tags, claimants, one tag or one claimant.
#[derive(Clone, Debug, Serialize)]
pub struct ListView {
    pub site: SiteView,
    pub title: String,
    pub description: String,
    pub breadcrumbs: Vec<LinkView>,
    pub claims: Vec<ClaimSummary>,
    pub articles: Vec<ArticleSummary>,
    pub groups: Vec<GroupSummary>,
}

/// The search page.
#[derive(Clone, Debug, Serialize)]
pub struct SearchView {
    pub site: SiteView,
    pub title: String,
    pub breadcrumbs: Vec<LinkView>,
}

#[derive(Clone, Debug, Serialize)]
pub struct RatingView {
    pub id: String,
    pub label: String,
    pub value: i64,
    pub description: String,
    /// 1 for the best step of the scale.
    pub step: usize,
    pub steps: usize,
    /// The highest and lowest values of the scale.
    pub best: i64,
    pub worst: i64,
}

#[derive(Clone, Debug, Serialize)]
pub struct StanceCount {
    pub stance: &'static str,
    pub label: &'static str,
    pub count: usize,
}

/// A claim in a listing.
#[derive(Clone, Debug, Serialize)]
pub struct ClaimSummary {
    pub href: String,
    pub title: String,
    pub claim: String,
    pub claimant: String,
    pub published: String,
    pub rating: RatingView,
    pub counts: Vec<StanceCount>,
}

/// An article in a listing.
#[derive(Clone, Debug, Serialize)]
pub struct ArticleSummary {
    pub href: String,
    pub title: String,
    pub outlet: Option<String>,
    pub original_outlet: Option<String>,
    pub copy_of: Option<LinkView>,
    pub published: Option<String>,
    pub evidence_count: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct HomeView {
    pub site: SiteView,
    pub breadcrumbs: Vec<LinkView>,
    pub title: String,
    pub description: Option<String>,
    pub body_html: String,
    pub claims: Vec<ClaimSummary>,
    pub articles: Vec<ArticleSummary>,
    pub ratings: Vec<RatingView>,
}

#[derive(Clone, Debug, Serialize)]
pub struct PageView {
    pub site: SiteView,
    pub title: String,
    pub description: Option<String>,
    pub body_html: String,
    pub breadcrumbs: Vec<LinkView>,
    /// The site's corrections log, on the `corrections` page only.
    pub changes: Vec<ChangeView>,
}

/// One evidence link on a claim page.
#[derive(Clone, Debug, Serialize)]
pub struct EvidenceView {
    /// Anchor on the claim page: `e<k>`.
    pub anchor: String,
    pub k: usize,
    pub stance: &'static str,
    /// The quote inside its sentence, the quoted part in `<mark>`; escaped.
    pub in_sentence_html: String,
    /// The exact matched text.
    pub exact: String,
    pub article_title: String,
    /// The article's title is the site's own, not the collected text's.
    pub article_title_is_ours: bool,
    pub article_href: String,
    pub outlet: Option<String>,
    /// "¶7", "the headline", ...
    pub location: String,
    /// Link to the span on the article page.
    pub href: String,
    pub attributed_to: Option<String>,
    /// `attributed_to` is the editor's inference, not named in the passage.
    pub attribution_inferred: bool,
    pub note_html: Option<String>,
    /// Set when the article is a copy of another.
    pub copy_of: Option<LinkView>,
}

#[derive(Clone, Debug, Serialize)]
pub struct StanceGroup {
    pub stance: &'static str,
    pub label: &'static str,
    pub count: usize,
    pub items: Vec<EvidenceView>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ClaimView {
    pub site: SiteView,
    pub breadcrumbs: Vec<LinkView>,
    /// The ClaimReview JSON-LD, safe to put inside `<script>`.
    pub jsonld: String,
    /// For link previews: "Rating: the claim".
    pub share_description: String,
    pub title: String,
    pub claim: String,
    pub claimant: String,
    pub claimant_href: String,
    /// The latest of `updated` and the dates of the changes.
    pub modified: Option<String>,
    /// Newest first.
    pub changes: Vec<ChangeView>,
    pub prev: Option<LinkView>,
    pub next: Option<LinkView>,
    pub claim_date: Option<String>,
    pub published: String,
    pub updated: Option<String>,
    pub tags: Vec<LinkView>,
    pub rating: RatingView,
    pub ratings: Vec<RatingView>,
    pub figure: Option<String>,
    pub body_html: String,
    pub counts: Vec<StanceCount>,
    pub groups: Vec<StanceGroup>,
    /// How many passages, articles, independent reports and primary sources.
    pub sources_summary: String,
}

/// A claim citing a passage, listed under it on the article page.
#[derive(Clone, Debug, Serialize)]
pub struct CiteView {
    pub href: String,
    pub claim_title: String,
    pub stance: &'static str,
    pub stance_label: &'static str,
    pub rating_label: String,
    /// The span's id on this page.
    pub span_id: String,
}

/// One visible block of an article.
#[derive(Clone, Debug, Serialize)]
pub struct BlockView {
    pub kind: BlockKind,
    pub anchor: String,
    pub number: Option<u32>,
    /// The text, escaped, evidence spans marked.
    pub html: String,
    /// The claims citing spans that start in this block.
    pub cites: Vec<CiteView>,
}

#[derive(Clone, Debug, Serialize)]
pub struct FurnitureView {
    pub line: usize,
    pub text: String,
    pub reason: String,
}

/// One value a web page gives about itself, and where it was found.
#[derive(Clone, Debug, Serialize)]
pub struct PageFactView {
    pub label: &'static str,
    pub value: String,
    pub source: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct ArticleView {
    pub site: SiteView,
    pub breadcrumbs: Vec<LinkView>,
    pub title: String,
    pub outlet: Option<String>,
    pub original_outlet: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    pub seed: String,
    /// The article's text as attest reads it (`text.txt`, beside the page).
    pub text_href: String,
    /// Where the page (not the article file) gave the title, outlet, url and date.
    pub title_from: Option<String>,
    /// The title is the site's own: the collected text states none.
    pub title_is_ours: bool,
    pub outlet_from: Option<String>,
    pub url_from: Option<String>,
    pub published_from: Option<String>,
    /// Everything the web page says about itself (empty for text seeds).
    pub page_facts: Vec<PageFactView>,
    pub copy_of: Option<LinkView>,
    pub copies: Vec<LinkView>,
    pub note_html: String,
    pub blocks: Vec<BlockView>,
    pub furniture: Vec<FurnitureView>,
    pub claims: Vec<ClaimSummary>,
    pub evidence_count: usize,
}

pub fn stance_label(s: Stance) -> &'static str {
    match s {
        Stance::Asserts => "Asserts",
        Stance::Denies => "Denies",
        Stance::Qualifies => "Qualifies",
    }
}

pub fn rating_view(site: &Site, i: usize) -> RatingView {
    let r = &site.config.ratings[i];
    RatingView {
        id: r.id.get_ref().clone(),
        label: r.label.clone(),
        value: *r.value.get_ref(),
        description: r.description.clone(),
        step: i + 1,
        steps: site.config.ratings.len(),
        best: site
            .config
            .ratings
            .iter()
            .map(|r| *r.value.get_ref())
            .max()
            .unwrap_or(0),
        worst: site
            .config
            .ratings
            .iter()
            .map(|r| *r.value.get_ref())
            .min()
            .unwrap_or(0),
    }
}

pub fn counts(claim: &Claim) -> Vec<StanceCount> {
    let m = stance_counts(claim);
    Stance::ALL
        .iter()
        .map(|&s| StanceCount {
            stance: s.id(),
            label: stance_label(s),
            count: m.get(&s).copied().unwrap_or(0),
        })
        .collect()
}

pub fn claim_summary(site: &Site, claim: &Claim, root: &str) -> ClaimSummary {
    ClaimSummary {
        href: format!("{root}claims/{}/", claim.slug),
        title: claim.title.clone(),
        claim: claim.claim.clone(),
        claimant: claim.claimant.clone(),
        published: claim.published.to_string(),
        rating: rating_view(site, claim.rating),
        counts: counts(claim),
    }
}

pub fn article_summary(site: &Site, a: &Article, root: &str) -> ArticleSummary {
    ArticleSummary {
        href: format!("{root}articles/{}/", a.slug),
        title: a.title.clone(),
        outlet: a.outlet.clone(),
        original_outlet: a.original_outlet.clone(),
        copy_of: a.copy_of.map(|i| article_link(site, i, root)),
        published: a.published.as_ref().map(ToString::to_string),
        evidence_count: a.cited_by.len(),
    }
}

pub fn article_link(site: &Site, i: usize, root: &str) -> LinkView {
    let a = &site.articles[i];
    LinkView {
        href: format!("{root}articles/{}/", a.slug),
        label: a.title.clone(),
    }
}

/// "5 passages in 4 articles (3 independent reports; 1 is a copy of
/// another). The asserting passages go back to 1 primary source: the NIS."
pub fn sources_summary(site: &Site, claim: &Claim) -> String {
    let mut articles: Vec<usize> = claim.evidence.iter().map(|e| e.span.article).collect();
    articles.sort_unstable();
    articles.dedup();
    let mut origins: Vec<usize> = articles.iter().map(|&a| site.articles[a].origin).collect();
    origins.sort_unstable();
    origins.dedup();
    let n = claim.evidence.len();
    let mut s = format!(
        "{n} {} in {} {}",
        plural(n, "passage", "passages"),
        articles.len(),
        plural(articles.len(), "article", "articles")
    );
    let copies = articles.len() - origins.len();
    if copies > 0 {
        s.push_str(&format!(
            " ({} independent {}; {copies} {} a copy of another)",
            origins.len(),
            plural(origins.len(), "report", "reports"),
            plural(copies, "is", "are"),
        ));
    }
    s.push('.');
    // Who stands behind the claim: the sources the asserting passages cite.
    let mut primary: Vec<(String, &str)> = claim
        .evidence
        .iter()
        .filter(|e| e.stance == Stance::Asserts)
        .filter_map(|e| e.attributed_to.as_deref())
        .map(|s| (crate::text::normalize(s), s))
        .collect();
    primary.sort();
    primary.dedup_by(|a, b| a.0 == b.0);
    if !primary.is_empty() {
        let names: Vec<&str> = primary.iter().map(|(_, s)| *s).collect();
        s.push_str(&format!(
            " The asserting passages go back to {} primary {}: {}.",
            primary.len(),
            plural(primary.len(), "source", "sources"),
            names.join("; ")
        ));
    }
    s
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}
