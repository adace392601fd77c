//! The articles of the model, from their ingested seeds; copies checked.

use super::*;

/// One article of the model from its ingested seed; its links to copies
/// and citing claims are filled in by the caller.
pub fn build_article(a: SourceArticle) -> Article {
    let front = a.file.as_ref().map(|f| &f.front);
    let m = &a.metadata;
    let mut from_page = FromPage::default();
    // A headline from <title> or og:title often carries the site's name
    // ("… | Harper's Magazine"): the headline in the page's text is better.
    let text_title = a.seed_title();
    let headline = m.headline.as_ref().filter(|h| match &text_title {
        Some(t) => {
            let (norm, t) = (crate::text::normalize(&h.value), crate::text::normalize(t));
            h.source != "<title>" && (norm == t || !norm.contains(&t))
        }
        None => true,
    });
    let title_is_ours = text_title.is_none() && headline.is_none();
    let title = match (front.and_then(|f| f.title.clone()), headline) {
        (Some(t), _) => t,
        (None, Some(h)) => {
            from_page.title = Some(h.source.clone());
            h.value.clone()
        }
        (None, None) => text_title.clone().unwrap_or_else(|| a.seed.name.clone()),
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
        title_is_ours,
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

pub(super) fn check_copy_cycles(site: &SiteSource, articles: &[Article], diags: &mut Diagnostics) {
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
