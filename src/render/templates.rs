//! The template set: the defaults compiled into the binary, overridden file
//! by file by the site's own `templates/`.

use tera::Tera;

use crate::diagnostics::Diagnostic;

/// The default templates, from this repository's `templates/`.
pub const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("home.html", include_str!("../../templates/home.html")),
    ("claim.html", include_str!("../../templates/claim.html")),
    ("article.html", include_str!("../../templates/article.html")),
    ("page.html", include_str!("../../templates/page.html")),
    ("list.html", include_str!("../../templates/list.html")),
    ("source.html", include_str!("../../templates/source.html")),
    (
        "claim_card.html",
        include_str!("../../templates/claim_card.html"),
    ),
    ("search.html", include_str!("../../templates/search.html")),
    ("404.html", include_str!("../../templates/404.html")),
    ("figures.html", include_str!("../../templates/figures.html")),
    (
        "quantity.html",
        include_str!("../../templates/quantity.html"),
    ),
    ("share.html", include_str!("../../templates/share.html")),
];

/// Files of `templates/` copied to the output root as they are.
pub const DEFAULT_ASSETS: &[(&str, &str)] = &[
    ("style.css", include_str!("../../templates/style.css")),
    ("search.js", include_str!("../../templates/search.js")),
    ("chart.js", include_str!("../../templates/chart.js")),
    ("filter.js", include_str!("../../templates/filter.js")),
    ("favicon.svg", include_str!("../../templates/favicon.svg")),
];

/// A compiled template set and the assets that go with it.
pub struct Templates {
    pub tera: Tera,
    pub assets: Vec<(String, String)>,
    /// Whether a page template is the site's own (not a default as it
    /// is): it may read what the default ones leave out of their views.
    pub own_pages: bool,
}

/// Compiles the defaults with the site's overrides (name, source) on top.
pub fn compile(overrides: &[(String, String)]) -> Result<Templates, Vec<Diagnostic>> {
    let mut sources: Vec<(String, String)> = DEFAULT_TEMPLATES
        .iter()
        .map(|(n, s)| (n.to_string(), s.to_string()))
        .collect();
    let mut assets: Vec<(String, String)> = DEFAULT_ASSETS
        .iter()
        .map(|(n, s)| (n.to_string(), s.to_string()))
        .collect();
    let own_pages = overrides.iter().any(|(name, source)| {
        name.ends_with(".html") && !DEFAULT_TEMPLATES.contains(&(name.as_str(), source.as_str()))
    });
    for (name, source) in overrides {
        let list = if name.ends_with(".html") {
            &mut sources
        } else {
            &mut assets
        };
        match list.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = source.clone(),
            None => list.push((name.clone(), source.clone())),
        }
    }
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html"]);
    match tera.add_raw_templates(sources.iter().map(|(n, s)| (n.as_str(), s.as_str()))) {
        Ok(()) => Ok(Templates {
            tera,
            assets,
            own_pages,
        }),
        Err(e) => Err(vec![template_error(&e, overrides)]),
    }
}

/// A tera error as a diagnostic pointing into the template file.
pub fn template_error(e: &tera::Error, overrides: &[(String, String)]) -> Diagnostic {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    let report = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => Some(r),
        _ => None,
    };
    let first = message
        .lines()
        .next()
        .unwrap_or("template error")
        .to_string();
    let mut d = Diagnostic::error("template", first);
    if let Some(r) = report {
        let name = r.filename();
        let file = format!("templates/{name}");
        let overridden = overrides.iter().any(|(n, _)| n == name);
        let span = r.span();
        d.message = format!("template error in {name}: {}", r.message());
        if overridden {
            d = d
                .at(&file, span.range.clone())
                .label(r.message().to_string());
        } else {
            d = d
                .in_file(&file)
                .note("this is one of attest's default templates");
        }
    }
    d.help("fix the template, or delete the site's copy to use the default")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_of_a_default_template_is_not_the_sites_own() {
        let owned = |overrides: &[(String, String)]| {
            compile(overrides).map(|t| t.own_pages).unwrap_or_default()
        };
        let copies: Vec<(String, String)> = DEFAULT_TEMPLATES
            .iter()
            .map(|(n, s)| (n.to_string(), s.to_string()))
            .collect();
        assert!(!owned(&[]));
        assert!(!owned(&copies));
        let mut changed = copies.clone();
        changed[0].1.push_str("\n<!-- ours -->");
        assert!(owned(&changed));
        assert!(owned(&[("extra.html".to_string(), "x".to_string())]));
        assert!(!owned(&[("extra.js".to_string(), "x".to_string())]));
    }
}
