//! Loading config.toml and checking what it says.

use super::*;

pub(super) fn load_config(
    root: &Path,
    base_url: Option<&str>,
    diags: &mut Diagnostics,
) -> Option<(Config, Document)> {
    let rel = "config.toml";
    if !root.join(rel).is_file() {
        diags.push(
            Diagnostic::error("missing-config", format!("no config.toml in {}", root.display()))
                .help("run attest in a site root (a folder with config.toml, content/ and seeds/), or pass --root DIR"),
        );
        return None;
    }
    let text = read_text(root, rel, diags)?;
    let doc = Document {
        file: rel.to_string(),
        front: 0..text.len(),
        body: text.len()..text.len(),
        source: text,
    };
    let mut config: Config = frontmatter::parse(&doc, &CONFIG_SCHEMA, diags)?;
    match base_url {
        Some(url) => {
            if !is_absolute_url(url) {
                diags.push(
                    Diagnostic::error("bad-base-url", format!("--base-url `{url}` is not an absolute URL"))
                        .help("give the address the site will be published at, e.g. --base-url https://preview.example.org/fact-check"),
                );
            }
            config.base_url = toml::Spanned::new(config.base_url.span(), url.to_string());
        }
        None => check_base_url(&config, &doc, diags),
    }
    check_config(&config, &doc, diags);
    Some((config, doc))
}

/// `http://` or `https://` and a host.
fn is_absolute_url(base: &str) -> bool {
    let host = base.split_once("://").map_or("", |(_, rest)| {
        rest.split(['/', '?', '#']).next().unwrap_or("")
    });
    (base.starts_with("https://") || base.starts_with("http://")) && !host.is_empty()
}

fn check_base_url(config: &Config, doc: &Document, diags: &mut Diagnostics) {
    let base = config.base_url.get_ref();
    if !is_absolute_url(base) {
        diags.push(
            Diagnostic::error("bad-base-url", format!("base_url `{base}` is not an absolute URL"))
                .at(&doc.file, config.base_url.span())
                .help("write the address the site will be published at, e.g. base_url = \"https://example.org/fact-check\""),
        );
    }
}

fn check_config(config: &Config, doc: &Document, diags: &mut Diagnostics) {
    let level = &config.independence.level;
    if *level.get_ref() < 1 {
        diags.push(
            Diagnostic::error(
                "bad-independence-level",
                format!("[independence] level is {}; it counts from 1", level.get_ref()),
            )
            .at(&doc.file, level.span())
            .help("level = 1 counts every source as its topmost parent (the government, the alliance); 2 counts their direct parts apart"),
        );
    }
    for (i, a) in config.affiliations.iter().enumerate() {
        let id = a.id.get_ref();
        if !crate::slug::is_valid(id) {
            diags.push(
                Diagnostic::error(
                    "bad-slug",
                    format!("affiliation id `{id}` is not a valid slug"),
                )
                .at(&doc.file, a.id.span())
                .help(format!("use id = \"{}\"", crate::slug::suggest(id))),
            );
        }
        if config.affiliations[..i]
            .iter()
            .any(|o| o.id.get_ref() == id)
        {
            diags.push(
                Diagnostic::error(
                    "duplicate-affiliation",
                    format!("affiliation id `{id}` is defined twice"),
                )
                .at(&doc.file, a.id.span())
                .help("give every affiliation its own id"),
            );
        }
    }
    if let Some(url) = config.publisher.as_ref().and_then(|p| p.url.as_ref()) {
        check_url(url, doc, diags);
    }
    if config.ratings.is_empty() {
        diags.push(
            Diagnostic::error("no-ratings", "config.toml defines no [[ratings]]")
                .in_file(&doc.file)
                .help("add the rating scale, best first: [[ratings]] with id, label, value and description"),
        );
    }
    for (i, r) in config.ratings.iter().enumerate() {
        let id = r.id.get_ref();
        if !crate::slug::is_valid(id) {
            diags.push(
                Diagnostic::error("bad-slug", format!("rating id `{id}` is not a valid slug"))
                    .at(&doc.file, r.id.span())
                    .help(format!("use id = \"{}\"", crate::slug::suggest(id))),
            );
        }
        if config.ratings[..i].iter().any(|o| o.id.get_ref() == id) {
            diags.push(
                Diagnostic::error(
                    "duplicate-rating",
                    format!("rating id `{id}` is defined twice"),
                )
                .at(&doc.file, r.id.span())
                .help("give every step of the scale its own id"),
            );
        }
        if let Some(prev) = i.checked_sub(1).map(|p| &config.ratings[p])
            && *r.value.get_ref() >= *prev.value.get_ref()
        {
            diags.push(
                Diagnostic::error(
                    "rating-order",
                    format!(
                        "rating `{id}` has value {} but comes after a rating of value {}",
                        r.value.get_ref(),
                        prev.value.get_ref()
                    ),
                )
                .at(&doc.file, r.value.span())
                .label("not lower than the rating before")
                .help("list the scale best first, each value lower than the one before"),
            );
        }
    }
}
