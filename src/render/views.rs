//! View structs: everything a template shows, precomputed. Templates loop
//! and print; they never recompute links, counts or labels.

use serde::Serialize;

use crate::ingest::BlockKind;
use crate::model::{Article, Claim, Site, Stance, independence};

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
    /// Filters of the claims listing (by rating, by tag); empty elsewhere.
    pub filters: Vec<FilterGroup>,
}

/// One way of filtering the claims listing.
#[derive(Clone, Debug, Serialize)]
pub struct FilterGroup {
    /// `rating` or `tag`: the `data-` attribute of claim cards it filters on.
    pub kind: &'static str,
    pub label: &'static str,
    pub links: Vec<FilterLink>,
}

/// A link to a filtered listing: a static page.
#[derive(Clone, Debug, Serialize)]
pub struct FilterLink {
    pub href: String,
    pub label: String,
    pub count: usize,
    /// The page shown now.
    pub current: bool,
    /// The rating id or tag slug; empty for "All".
    pub key: String,
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
    /// Its tags' slugs, separated by spaces, for filtering in place.
    pub tag_slugs: String,
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
    /// The latest checks, at most [`super::pages::HOME_LIST_MAX`].
    pub claims: Vec<ClaimSummary>,
    pub claims_total: usize,
    /// The link to every claim, when some are left out.
    pub all_claims: Option<LinkView>,
    /// The first articles, at most [`super::pages::HOME_LIST_MAX`].
    pub articles: Vec<ArticleSummary>,
    pub articles_total: usize,
    /// The link to every article, when some are left out.
    pub all_articles: Option<LinkView>,
    /// Every quantity the claims count.
    pub figures: Vec<super::figures::QuantitySummary>,
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
    /// The names of `attributed_to`, linked to their source pages (an
    /// empty `href` for a name the registry does not know).
    pub sources: Vec<LinkView>,
    pub note_html: Option<String>,
    /// Set when the article is a copy of another.
    pub copy_of: Option<LinkView>,
    /// The same passage in copies of the report, shown once here:
    /// "<copy title>, ¶7", linking to the passage.
    pub also_in: Vec<AlsoInView>,
    /// The figure the passage states for the claim's quantity ("about
    /// 1,500"), linking to its row on the quantity's page.
    pub figure: Option<LinkView>,
}

/// A copy's entry folded under the passage it repeats.
#[derive(Clone, Debug, Serialize)]
pub struct AlsoInView {
    /// The folded entry's own anchor (`e<k>`), kept for links to it.
    pub anchor: String,
    pub href: String,
    pub label: String,
}

/// One stance in the compact summary above the analysis.
#[derive(Clone, Debug, Serialize)]
pub struct GlanceView {
    pub stance: &'static str,
    /// "For", "Against", "Caveats".
    pub heading: &'static str,
    /// "1 primary source (…) in 3 reports".
    pub sources_line: String,
    /// Passages shown in the stance's group (copies folded).
    pub count: usize,
    /// The first one or two passages, from different reports.
    pub top: Vec<GlanceQuote>,
}

#[derive(Clone, Debug, Serialize)]
pub struct GlanceQuote {
    /// `#e<k>` on the claim page.
    pub href: String,
    pub exact: String,
    /// "Al Jazeera, ¶7" or the article's title.
    pub cite: String,
    pub who: Option<String>,
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
    /// The figure's quantity page.
    pub figure_href: Option<String>,
    pub body_html: String,
    pub counts: Vec<StanceCount>,
    pub groups: Vec<StanceGroup>,
    /// Independent reports and primary sources, per stance.
    pub sources_summary: String,
    /// One or two sentences about this claim, markdown made HTML.
    pub verdict_html: Option<String>,
    /// The compact summary: for, against, caveats.
    pub glance: Vec<GlanceView>,
    /// The methodology page, if the site has one.
    pub methodology_href: Option<String>,
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
    /// Every visible block's markup, made once (see [`super::text_section`]).
    pub text_html: String,
    /// The same block by block, for a site's own templates; empty with the
    /// default ones, which print `text_html`.
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

/// Passages by stance as readers see them: the same passage in copies of
/// one report counted once.
pub fn counts(site: &Site, claim: &Claim) -> Vec<StanceCount> {
    let m = independence::shown_counts(site, claim);
    Stance::ALL
        .iter()
        .map(|&s| StanceCount {
            stance: s.id(),
            label: stance_label(s),
            count: m[independence::stance_index(s)],
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
        counts: counts(site, claim),
        tag_slugs: claim
            .tags
            .iter()
            .map(|t| crate::model::group_slug(t))
            .collect::<Vec<_>>()
            .join(" "),
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

/// "For: 1 primary source (…) in 3 reports. Against: …": see
/// [`independence::summary`].
pub fn sources_summary(site: &Site, claim: &Claim) -> String {
    independence::summary(site, claim)
}
