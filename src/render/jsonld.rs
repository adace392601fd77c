//! ClaimReview JSON-LD (schema.org, as search engines and fact-check
//! aggregators read it), and the build's checks of what a claim page carries.

use serde_json::{Value, json};

use crate::diagnostics::Diagnostic;
use crate::model::{Claim, Site, Stance};

/// Longer `claimReviewed` texts are cut in search results.
pub const CLAIM_REVIEWED_MAX: usize = 75;

/// The absolute URL of a path of the site.
pub fn absolute(site: &Site, path: &str) -> String {
    format!(
        "{}/{path}",
        site.config.base_url.get_ref().trim_end_matches('/')
    )
}

/// The ClaimReview of `claim`.
pub fn claim_review(site: &Site, claim: &Claim) -> Value {
    let ratings = &site.config.ratings;
    let rating = &ratings[claim.rating];
    let values = ratings.iter().map(|r| *r.value.get_ref());
    let publisher = match &site.config.publisher {
        Some(p) => {
            let mut org = json!({"@type": "Organization", "name": p.name});
            if let Some(url) = &p.url {
                org["url"] = json!(url.get_ref());
            }
            org
        }
        None => json!({"@type": "Organization", "name": site.config.title}),
    };
    // Where the claim appears: the articles whose passages assert it.
    let mut appearances: Vec<(Option<&str>, Value)> = Vec::new();
    for ev in claim
        .evidence
        .iter()
        .filter(|e| e.stance == Stance::Asserts)
    {
        let a = &site.articles[ev.span.article];
        let url = a
            .url
            .clone()
            .unwrap_or_else(|| absolute(site, &format!("articles/{}/", a.slug)));
        if appearances.iter().any(|(_, v)| v["url"] == url) {
            continue;
        }
        let mut work = json!({"@type": "CreativeWork", "url": url, "headline": a.title});
        if let Some(outlet) = a.original_outlet.as_ref().or(a.outlet.as_ref()) {
            work["publisher"] = json!({"@type": "Organization", "name": outlet});
        }
        if let Some(d) = &a.published {
            work["datePublished"] = json!(d.0);
        }
        appearances.push((a.published.as_ref().map(|d| d.0.as_str()), work));
    }
    let first = appearances
        .iter()
        .filter(|(d, _)| d.is_some())
        .min_by_key(|(d, _)| *d)
        .or(appearances.first())
        .map(|(_, v)| v.clone());
    let mut item = json!({
        "@type": "Claim",
        "author": {
            "@type": if claim.claimant_is_person { "Person" } else { "Organization" },
            "name": claim.claimant,
        },
    });
    if let Some(d) = &claim.claim_date {
        item["datePublished"] = json!(d.0);
    }
    if !appearances.is_empty() {
        item["appearance"] = Value::Array(appearances.into_iter().map(|(_, v)| v).collect());
    }
    if let Some(f) = first {
        item["firstAppearance"] = f;
    }
    let mut review = json!({
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": absolute(site, &format!("claims/{}/", claim.slug)),
        "claimReviewed": claim.claim,
        "datePublished": claim.published.0,
        "author": publisher,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": rating.value.get_ref(),
            "bestRating": values.clone().max().unwrap_or(0),
            "worstRating": values.min().unwrap_or(0),
            "alternateName": rating.label,
        },
        "itemReviewed": item,
    });
    if let Some(m) = claim.modified() {
        review["dateModified"] = json!(m.0);
    }
    // Who the evidence cites: the registry's sources, each once, with its
    // page (the claim's `author` stays the claimant).
    let mut cited: Vec<usize> = claim
        .evidence
        .iter()
        .flat_map(|e| e.cited.iter().filter_map(|c| c.source))
        .collect();
    cited.sort_unstable();
    cited.dedup();
    if !cited.is_empty() {
        review["mentions"] = Value::Array(
            cited
                .into_iter()
                .map(|i| {
                    let s = &site.sources.sources[i];
                    let kind = if s.kind.as_deref() == Some("person") {
                        "Person"
                    } else {
                        "Organization"
                    };
                    json!({
                        "@type": kind,
                        "name": s.name,
                        "url": absolute(site, &format!("sources/{}/", s.slug)),
                    })
                })
                .collect(),
        );
    }
    review
}

/// JSON for a `<script type="application/ld+json">`, compact (machines
/// read it; indenting it would add a tenth to each claim page): no `<`, `>` or `&`
/// stands in it raw (they are written `\u003c`, `\u003e`, `\u0026`), so
/// no text of the site can end the script or open a comment in it.
pub fn script_text(v: &Value) -> String {
    let text = serde_json::to_string(v).unwrap_or_default();
    let mut out = String::with_capacity(text.len());
    // They can only stand inside JSON strings, where the escapes mean the same.
    for c in text.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            c => out.push(c),
        }
    }
    out
}

/// The JSON-LD objects in the `application/ld+json` scripts of `html`, each
/// script's text taken as a browser's tokenizer takes it.
pub fn scripts_in(html: &str) -> Vec<Result<Value, String>> {
    super::scripts::scripts(html)
        .into_iter()
        .filter(|s| s.kind.trim().eq_ignore_ascii_case("application/ld+json"))
        .map(|s| {
            serde_json::from_str(s.text).map_err(|e| {
                if s.closed && !s.text.contains("<!--") {
                    e.to_string()
                } else {
                    format!("{e} (a browser ends this script late: `<!--` followed by `<script` in a script moves its end past `</script>`)")
                }
            })
        })
        .collect()
}

/// What search engines require of a claim page, checked on the page as
/// rendered (a site's own template may change it).
pub fn check(site: &Site, claim: &Claim, html: &str) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let file = claim.file.as_str();
    let mut reviews = Vec::new();
    for script in scripts_in(html) {
        match script {
            Ok(v) if v["@type"] == "ClaimReview" => reviews.push(v),
            Ok(_) => {}
            Err(e) => problems.push(
                Diagnostic::error(
                    "bad-jsonld",
                    format!(
                        "the claim page of `{}` has JSON-LD that does not parse: {e}",
                        claim.slug
                    ),
                )
                .in_file("templates/claim.html")
                .help("fix the ld+json script of the claim template"),
            ),
        }
    }
    if reviews.len() != 1 {
        problems.push(
            Diagnostic::error(
                "claimreview-count",
                format!(
                    "the claim page of `{}` has {} ClaimReviews; it needs exactly one",
                    claim.slug,
                    reviews.len()
                ),
            )
            .in_file("templates/claim.html")
            .help("keep `{{ jsonld | safe }}` once in the claim template's head block"),
        );
        return problems;
    }
    let review = &reviews[0];
    let base = site.config.base_url.get_ref();
    if !review["url"]
        .as_str()
        .is_some_and(|u| host(u) == host(base) && !host(u).is_empty())
    {
        problems.push(
            Diagnostic::error(
                "claimreview-url",
                format!(
                    "the ClaimReview url of `{}` is not on the host of base_url ({})",
                    claim.slug,
                    host(base)
                ),
            )
            .in_file("templates/claim.html")
            .help("the url must be the claim page's own address, from base_url"),
        );
    }
    let r = &review["reviewRating"];
    let (value, best, worst) = (
        r["ratingValue"].as_i64(),
        r["bestRating"].as_i64(),
        r["worstRating"].as_i64(),
    );
    if !matches!((value, best, worst), (Some(v), Some(b), Some(w)) if w <= v && v <= b) {
        problems.push(
            Diagnostic::error(
                "claimreview-rating",
                format!(
                    "the ClaimReview of `{}` needs worstRating <= ratingValue <= bestRating",
                    claim.slug
                ),
            )
            .in_file("templates/claim.html")
                .help("keep `{{ jsonld | safe }}` in the claim template: the build writes the ratings as numbers"),
        );
    }
    let reviewed = review["claimReviewed"].as_str().unwrap_or_default();
    if reviewed.chars().count() > CLAIM_REVIEWED_MAX {
        problems.push(
            Diagnostic::warning("long-claim", format!("the claim is {} characters long; search results show about {CLAIM_REVIEWED_MAX}", reviewed.chars().count()))
                .at(file, claim.claim_span.clone())
                .label("becomes the ClaimReview's claimReviewed")
                .help("state the claim itself, short; put details in the analysis"),
        );
    }
    let label = &site.config.ratings[claim.rating].label;
    if contains_word(reviewed, label) {
        problems.push(
            Diagnostic::warning(
                "claim-has-rating",
                format!("the claim contains its rating label `{label}`"),
            )
            .at(file, claim.claim_span.clone())
            .label("claimReviewed should state the claim, not the verdict")
            .help("remove the verdict from `claim`; the rating carries it"),
        );
    }
    problems
}

/// The host of an absolute URL ("" if none).
fn host(url: &str) -> &str {
    let rest = url.split_once("://").map_or("", |(_, r)| r);
    rest.split(['/', '?', '#']).next().unwrap_or("")
}

fn contains_word(text: &str, word: &str) -> bool {
    let (text, word) = (text.to_lowercase(), word.to_lowercase());
    text.match_indices(&word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_and_words() {
        assert_eq!(host("https://example.org/nk/claims/x/"), "example.org");
        assert!(contains_word("This is False, they say", "false"));
        assert!(!contains_word("Falsehoods abound", "false"));
    }

    #[test]
    fn script_text_cannot_close_the_script_or_open_a_comment() {
        let value = json!({"claim": "Ships moved troops <!--<script> to </script> & back"});
        let text = script_text(&value);
        assert!(!text.contains(['<', '>', '&']), "{text}");
        assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), value);
        let page = format!("<script type=\"application/ld+json\">{text}</script><footer>");
        assert_eq!(scripts_in(&page), [Ok(value)]);
    }

    #[test]
    fn the_check_reads_scripts_as_a_browser_does() {
        // What a template that writes the claim raw would give: the script
        // swallows the rest of the page.
        let page =
            "<script type=\"application/ld+json\">{\"c\": \"<!--<script>\"}</script><main></main>";
        let found = scripts_in(page);
        assert_eq!(found.len(), 1);
        let e = found[0].as_ref().unwrap_err();
        assert!(e.contains("ends this script late"), "{e}");
    }
}
