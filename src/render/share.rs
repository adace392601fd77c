//! What a page says of itself when it is shared: the Open Graph and Twitter
//! card tags every page carries (templates/share.html, included by
//! base.html), made from the page's own facts: "Newsweek report, reposted:
//! 26 passages cited by 11 claims".

use serde::Serialize;

use crate::model::figures::Quantity;
use crate::model::{Article, Group, Site};

/// The title, description and kind of a shared page.
#[derive(Clone, Debug, Serialize)]
pub struct ShareView {
    /// Open Graph's `og:type`: `website`, or `article` for claims and articles.
    pub kind: &'static str,
    pub title: String,
    pub description: String,
}

/// What every page says unless it says more: the site itself.
pub fn site(site: &Site) -> ShareView {
    let c = &site.config;
    ShareView {
        kind: "website",
        title: c.title.clone(),
        description: if c.description.is_empty() {
            checked(site)
        } else {
            c.description.clone()
        },
    }
}

/// "18 claims checked against 5 articles."
pub fn checked(site: &Site) -> String {
    format!(
        "{} checked against {}.",
        count(site.claims.len(), "claim", "claims"),
        count(site.articles.len(), "article", "articles")
    )
}

/// An article: who published it, whether this is a repost, and how much of
/// it the claims cite.
pub fn article(a: &Article) -> ShareView {
    let who = a.original_outlet.as_ref().or(a.outlet.as_ref());
    let mut description = match who {
        Some(w) => format!("{w} report"),
        None => "Report".to_string(),
    };
    let reposted = a.copy_of.is_some()
        || matches!((&a.outlet, &a.original_outlet), (Some(o), Some(f)) if o != f);
    if reposted {
        description.push_str(", reposted");
    }
    let mut claims: Vec<usize> = a.cited_by.iter().map(|&(ci, _)| ci).collect();
    claims.sort_unstable();
    claims.dedup();
    if a.cited_by.is_empty() {
        description.push_str(": no passage cited yet");
    } else {
        description.push_str(&format!(
            ": {} cited by {}",
            count(a.cited_by.len(), "passage", "passages"),
            count(claims.len(), "claim", "claims")
        ));
    }
    if let Some(date) = &a.published {
        description.push_str(&format!(" (published {date})"));
    }
    description.push('.');
    ShareView {
        kind: "article",
        title: a.title.clone(),
        description,
    }
}

/// A listing of claims: how many, and how they were rated, best first:
/// "5 claims tagged “troop numbers”: 2 Likely, 3 Unproven."
pub fn claims(site: &Site, title: &str, what: &str, claims: &[usize]) -> ShareView {
    let mut by_rating = vec![0usize; site.config.ratings.len()];
    for &ci in claims {
        by_rating[site.claims[ci].rating] += 1;
    }
    let ratings: Vec<String> = by_rating
        .iter()
        .zip(&site.config.ratings)
        .filter(|(n, _)| **n > 0)
        .map(|(n, r)| format!("{n} {}", r.label))
        .collect();
    let mut description = format!("{} {what}", count(claims.len(), "claim", "claims"));
    if !ratings.is_empty() {
        description.push_str(": ");
        description.push_str(&ratings.join(", "));
    }
    description.push('.');
    ShareView {
        kind: "website",
        title: title.to_string(),
        description,
    }
}

/// A listing of tags or claimants.
pub fn groups(title: &str, groups: &[Group], one: &str, many: &str, of: &str) -> ShareView {
    ShareView {
        kind: "website",
        title: title.to_string(),
        description: format!("{} {of}.", count(groups.len(), one, many)),
    }
}

/// All the articles and how much of them is cited.
pub fn articles(site: &Site, title: &str) -> ShareView {
    let passages: usize = site.articles.iter().map(|a| a.cited_by.len()).sum();
    ShareView {
        kind: "website",
        title: title.to_string(),
        description: format!(
            "{}, with the {} that the claims cite.",
            count(site.articles.len(), "source article", "source articles"),
            count(passages, "passage", "passages")
        ),
    }
}

/// The search page.
pub fn search(site: &Site) -> ShareView {
    let passages: usize = site.claims.iter().map(|c| c.evidence.len()).sum();
    ShareView {
        kind: "website",
        title: format!("Search · {}", site.config.title),
        description: format!(
            "Search {}, {} and {}.",
            count(site.claims.len(), "claim", "claims"),
            count(passages, "cited passage", "cited passages"),
            count(site.articles.len(), "source article", "source articles"),
        ),
    }
}

/// A page with a title and, if it has one, a description of its own.
pub fn page(site: &Site, title: &str, description: Option<&str>) -> ShareView {
    ShareView {
        kind: "website",
        title: title.to_string(),
        description: description
            .filter(|d| !d.is_empty())
            .map_or_else(|| self::site(site).description, str::to_string),
    }
}

/// The sources index: how many sources the passages name.
pub fn sources(site: &Site) -> ShareView {
    ShareView {
        kind: "website",
        title: format!("Sources · {}", site.config.title),
        description: format!(
            "{} that the cited passages name, who they are and what each said about the claims.",
            count(site.sources.sources.len(), "source", "sources")
        ),
    }
}

/// A source: what it is, and how often the evidence quotes it.
pub fn source(site: &Site, i: usize, passages: usize, claims: usize) -> ShareView {
    let s = &site.sources.sources[i];
    let what = s
        .kind
        .as_deref()
        .map(|k| format!(" ({k})"))
        .unwrap_or_default();
    ShareView {
        kind: "website",
        title: s.name.clone(),
        description: if passages == 0 {
            format!("{}{what}: no cited passage names this source yet.", s.name)
        } else {
            format!(
                "{}{what}: {} on {}.",
                s.name,
                count(passages, "passage", "passages"),
                count(claims, "claim", "claims")
            )
        },
    }
}

/// The figures index: the quantities and how many figures they hold.
pub fn figures(site: &Site) -> ShareView {
    let points: usize = site.quantities.iter().map(|q| q.points.len()).sum();
    ShareView {
        kind: "website",
        title: format!("Figures · {}", site.config.title),
        description: format!(
            "{} the claims count, with {} by date and source.",
            count(site.quantities.len(), "quantity", "quantities"),
            count(points, "figure", "figures")
        ),
    }
}

/// A quantity: its trend in words.
pub fn quantity(q: &Quantity, trend: String) -> ShareView {
    ShareView {
        kind: "website",
        title: q.name(),
        description: trend,
    }
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
