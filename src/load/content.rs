//! The files of a site as written: `config.toml` and the front matter of
//! every markdown file, with the schema each one is checked against.

use serde::Deserialize;
use toml::Spanned;

use super::frontmatter::{Date, Document, Schema};

/// `config.toml`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub base_url: Spanned<String>,
    #[serde(default = "default_language")]
    pub language: String,
    pub publisher: Option<Publisher>,
    pub ratings: Vec<Rating>,
    #[serde(default)]
    pub markdown: MarkdownConfig,
    /// How primary sources are counted (`[independence]`).
    #[serde(default)]
    pub independence: Independence,
    /// The labels a source's `affiliation` may take (`[[affiliations]]`).
    #[serde(default)]
    pub affiliations: Vec<Affiliation>,
}

/// `[independence]`: the level of the `part_of` tree at which primary
/// sources are counted.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Independence {
    /// 1: every source counts as its topmost parent (Zelenskyy and Ukraine's
    /// military intelligence are one source, the Government of Ukraine); 2:
    /// the parts directly under a top source count apart; and so on.
    #[serde(default = "default_level_spanned")]
    pub level: Spanned<i64>,
}

impl Default for Independence {
    fn default() -> Self {
        Independence {
            level: Spanned::new(0..0, default_level()),
        }
    }
}

fn default_level() -> i64 {
    1
}

fn default_level_spanned() -> Spanned<i64> {
    Spanned::new(0..0, default_level())
}

/// One `[[affiliations]]` entry: a label the desk gives sources ("party to
/// the conflict", "independent").
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Affiliation {
    pub id: Spanned<String>,
    pub label: String,
    #[serde(default)]
    pub description: String,
}

/// `[markdown]`: how the markdown of claims, articles and pages is rendered.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarkdownConfig {
    /// Pass raw HTML written in markdown through to the pages (sanitised).
    /// Off by default: raw HTML is shown as text.
    #[serde(default)]
    pub unsafe_html: bool,
}

fn default_language() -> String {
    "en".to_string()
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Publisher {
    pub name: String,
    pub url: Option<Spanned<String>>,
}

/// One step of the rating scale, best first in `config.toml`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rating {
    pub id: Spanned<String>,
    pub label: String,
    pub value: Spanned<i64>,
    #[serde(default)]
    pub description: String,
}

pub static CONFIG_SCHEMA: Schema = Schema {
    what: "config.toml",
    required: &[
        (
            "title",
            "title = \"North Korean troops in Russia: the claims, checked\"",
        ),
        ("base_url", "base_url = \"https://example.org/fact-check\""),
        (
            "ratings",
            "[[ratings]] with id, label, value and description",
        ),
    ],
    optional: &["description", "language"],
    tables: &[
        ("publisher", &PUBLISHER_SCHEMA),
        ("ratings", &RATING_SCHEMA),
        ("independence", &INDEPENDENCE_SCHEMA),
        ("affiliations", &AFFILIATION_SCHEMA),
        ("markdown", &MARKDOWN_SCHEMA),
    ],
};

static INDEPENDENCE_SCHEMA: Schema = Schema {
    what: "[independence]",
    required: &[],
    optional: &["level"],
    tables: &[],
};

static AFFILIATION_SCHEMA: Schema = Schema {
    what: "an [[affiliations]] entry",
    required: &[
        ("id", "id = \"party\""),
        ("label", "label = \"Party to the conflict\""),
    ],
    optional: &["description"],
    tables: &[],
};

static MARKDOWN_SCHEMA: Schema = Schema {
    what: "[markdown]",
    required: &[],
    optional: &["unsafe_html"],
    tables: &[],
};

static PUBLISHER_SCHEMA: Schema = Schema {
    what: "[publisher]",
    required: &[("name", "name = \"Example Fact Desk\"")],
    optional: &["url"],
    tables: &[],
};

static RATING_SCHEMA: Schema = Schema {
    what: "a [[ratings]] entry",
    required: &[
        ("id", "id = \"unproven\""),
        ("label", "label = \"Unproven\""),
        ("value", "value = 3"),
    ],
    optional: &["description"],
    tables: &[],
};

/// `content/_index.md` and `content/pages/<slug>.md`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageFront {
    pub title: Option<String>,
    pub description: Option<String>,
    #[serde(default)]
    pub draft: bool,
}

pub static PAGE_SCHEMA: Schema = Schema {
    what: "a page",
    required: &[("title", "title = \"About this site\"")],
    optional: &["description", "draft"],
    tables: &[],
};

pub static HOME_SCHEMA: Schema = Schema {
    what: "the home page",
    required: &[],
    optional: &["title", "description", "draft"],
    tables: &[],
};

/// `content/articles/<slug>.md`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleFront {
    pub seed: Spanned<String>,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub original_outlet: Option<String>,
    pub url: Option<Spanned<String>>,
    pub published: Option<Date>,
    pub copy_of: Option<Spanned<String>>,
    #[serde(default)]
    pub furniture: Vec<Spanned<String>>,
}

pub static ARTICLE_SCHEMA: Schema = Schema {
    what: "an article",
    required: &[("seed", "seed = \"000_940354af2434b6c9.txt\"")],
    optional: &[
        "title",
        "outlet",
        "original_outlet",
        "url",
        "published",
        "copy_of",
        "furniture",
    ],
    tables: &[],
};

/// `content/claims/<slug>.md`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimFront {
    pub title: String,
    pub claim: Spanned<String>,
    pub claimant: String,
    /// `person` or `organization` (the default), for the ClaimReview's `Claim.author`.
    pub claimant_type: Option<Spanned<String>>,
    pub claim_date: Option<Date>,
    pub rating: Spanned<String>,
    /// One or two sentences about this claim, shown first.
    pub verdict: Option<String>,
    pub published: Date,
    pub updated: Option<Date>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub draft: bool,
    pub figure: Option<Spanned<Figure>>,
    #[serde(default)]
    pub evidence: Vec<EvidenceFront>,
    /// Passages read and settled as not evidence for the claim: never
    /// published, never suggested again.
    #[serde(default)]
    pub not_evidence: Vec<NotEvidenceFront>,
    /// Corrections and updates, shown on the claim page and in the log.
    #[serde(default)]
    pub changes: Vec<ChangeFront>,
}

/// One `[[changes]]` entry: a dated correction or update.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeFront {
    pub date: Date,
    pub note: Spanned<String>,
}

/// `[figure]`: a number the claim states.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    pub quantity: String,
    pub value: Option<f64>,
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub unit: Option<String>,
    pub as_of: Option<Date>,
}

/// One `[[evidence]]` entry: a quote from an article and its stance.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceFront {
    pub article: Spanned<String>,
    pub stance: Spanned<String>,
    pub quote: Spanned<String>,
    pub attributed_to: Option<Spanned<Attribution>>,
    pub note: Option<Spanned<String>>,
    pub prefix: Option<Spanned<String>>,
    pub suffix: Option<Spanned<String>>,
    /// The passage's figure for the claim's quantity, as the editor reads
    /// it: a number, or `false` when its number is about something else.
    pub figure: Option<Spanned<FigureSetting>>,
    /// A range instead of `figure`.
    pub low: Option<Spanned<f64>>,
    pub high: Option<Spanned<f64>>,
    /// The date the passage's figure refers to.
    pub as_of: Option<Date>,
}

/// `figure = 1500` or `figure = false` in an `[[evidence]]` entry.
#[derive(Clone, Copy, Debug, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum FigureSetting {
    Value(f64),
    Flag(bool),
}

/// Who a passage says said it: one name, or a list of names for a
/// statement made jointly. Each is a source's slug or alias when the site
/// has `content/sources/`.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum Attribution {
    One(String),
    Many(Vec<String>),
}

impl Attribution {
    pub fn names(&self) -> Vec<&str> {
        match self {
            Attribution::One(s) => vec![s.as_str()],
            Attribution::Many(v) => v.iter().map(String::as_str).collect(),
        }
    }
}

/// `content/sources/<slug>.md`: who says things, once.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceFront {
    pub name: String,
    /// Other spellings, as written in `attributed_to` and in the seeds.
    #[serde(default)]
    pub aliases: Vec<Spanned<String>>,
    /// government, ministry, military, intelligence service, international
    /// organisation, media outlet, research group, person, ...
    pub kind: Option<String>,
    /// The slug of the source this one is part of or speaks for.
    pub part_of: Option<Spanned<String>>,
    /// An id of `[[affiliations]]` in config.toml.
    pub affiliation: Option<Spanned<String>>,
}

pub static SOURCE_SCHEMA: Schema = Schema {
    what: "a source",
    required: &[("name", "name = \"Government of Ukraine\"")],
    optional: &["aliases", "kind", "part_of", "affiliation"],
    tables: &[],
};

/// One `[[not_evidence]]` entry: a passage the editor read and decided is
/// not evidence for the claim, and why. Its quote resolves like an
/// evidence quote, so it breaks loudly when the seed changes.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotEvidenceFront {
    pub article: Spanned<String>,
    pub quote: Spanned<String>,
    pub reason: Spanned<String>,
    pub prefix: Option<Spanned<String>>,
    pub suffix: Option<Spanned<String>>,
}

/// What locating a quote needs of an `[[evidence]]` or `[[not_evidence]]`
/// entry: the article, the quote and its context, with their spans.
#[derive(Clone, Copy, Debug)]
pub struct QuoteFront<'a> {
    pub article: &'a Spanned<String>,
    pub quote: &'a Spanned<String>,
    pub prefix: Option<&'a Spanned<String>>,
    pub suffix: Option<&'a Spanned<String>>,
}

impl EvidenceFront {
    pub fn quote_front(&self) -> QuoteFront<'_> {
        QuoteFront {
            article: &self.article,
            quote: &self.quote,
            prefix: self.prefix.as_ref(),
            suffix: self.suffix.as_ref(),
        }
    }
}

impl NotEvidenceFront {
    pub fn quote_front(&self) -> QuoteFront<'_> {
        QuoteFront {
            article: &self.article,
            quote: &self.quote,
            prefix: self.prefix.as_ref(),
            suffix: self.suffix.as_ref(),
        }
    }
}

pub static CLAIM_SCHEMA: Schema = Schema {
    what: "a claim",
    required: &[
        (
            "title",
            "title = \"Russia shipped 1,500 North Korean troops to Vladivostok\"",
        ),
        (
            "claim",
            "claim = \"Russian navy ships moved 1,500 North Korean troops to Vladivostok.\"",
        ),
        (
            "claimant",
            "claimant = \"South Korea's National Intelligence Service\"",
        ),
        ("rating", "rating = \"unproven\""),
        ("published", "published = 2024-11-01"),
    ],
    optional: &[
        "claim_date",
        "updated",
        "tags",
        "draft",
        "claimant_type",
        "verdict",
    ],
    tables: &[
        ("figure", &FIGURE_SCHEMA),
        ("evidence", &EVIDENCE_SCHEMA),
        ("not_evidence", &NOT_EVIDENCE_SCHEMA),
        ("changes", &CHANGE_SCHEMA),
    ],
};

static CHANGE_SCHEMA: Schema = Schema {
    what: "a [[changes]] entry",
    required: &[
        ("date", "date = 2024-12-30"),
        ("note", "note = \"Corrected the date of the NIS briefing.\""),
    ],
    optional: &[],
    tables: &[],
};

static FIGURE_SCHEMA: Schema = Schema {
    what: "[figure]",
    required: &[("quantity", "quantity = \"north-korean-troops-in-russia\"")],
    optional: &["value", "low", "high", "unit", "as_of"],
    tables: &[],
};

static EVIDENCE_SCHEMA: Schema = Schema {
    what: "an [[evidence]] entry",
    required: &[
        ("article", "article = \"aljazeera-explainer\""),
        ("stance", "stance = \"asserts\""),
        (
            "quote",
            "quote = \"...the words as they stand in the article...\"",
        ),
    ],
    optional: &[
        "attributed_to",
        "note",
        "prefix",
        "suffix",
        "figure",
        "low",
        "high",
        "as_of",
    ],
    tables: &[],
};

static NOT_EVIDENCE_SCHEMA: Schema = Schema {
    what: "a [[not_evidence]] entry",
    required: &[
        ("article", "article = \"aljazeera-explainer\""),
        (
            "quote",
            "quote = \"...the words as they stand in the article...\"",
        ),
        (
            "reason",
            "reason = \"Background on the pact, not about troop numbers.\"",
        ),
    ],
    optional: &["prefix", "suffix"],
    tables: &[],
};

/// A parsed markdown file: where it is, its front matter and its body.
#[derive(Clone, Debug)]
pub struct Parsed<T> {
    pub slug: String,
    pub doc: Document,
    pub front: T,
}
