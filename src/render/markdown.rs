//! Markdown bodies to HTML: fenced code highlighted with CSS classes, and
//! `@/claims/<slug>.md` style links made relative links to the right page.

use std::sync::OnceLock;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use crate::diagnostics::Diagnostic;

/// Loaded once per process: parsing the bundled syntaxes is the costly part.
fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// What `@/` links may point to, and where the page being rendered is.
pub struct Links<'a> {
    pub claims: &'a [String],
    pub articles: &'a [String],
    pub pages: &'a [String],
    /// `../..`-style prefix from the current page to the site root, ending in `/` (or empty).
    pub root: &'a str,
}

impl Links<'_> {
    /// The relative URL for `@/section/slug.md#fragment`, or why there is none.
    fn resolve(&self, dest: &str) -> Result<String, String> {
        let path = dest.trim_start_matches("@/");
        let (path, fragment) = match path.split_once('#') {
            Some((p, f)) => (p, format!("#{f}")),
            None => (path, String::new()),
        };
        if path == "_index.md" || path.is_empty() {
            return Ok(format!(
                "{}{fragment}",
                if self.root.is_empty() {
                    "./"
                } else {
                    self.root
                }
            ));
        }
        let (section, file) = path.split_once('/').ok_or_else(|| {
            "expected @/claims/<slug>.md, @/articles/<slug>.md or @/pages/<slug>.md".to_string()
        })?;
        let slug = file.strip_suffix(".md").unwrap_or(file);
        let (known, url) = match section {
            "claims" => (self.claims, format!("claims/{slug}/")),
            "articles" => (self.articles, format!("articles/{slug}/")),
            "pages" => (self.pages, format!("{slug}/")),
            _ => {
                return Err(format!(
                    "no section `{section}`: use claims, articles or pages"
                ));
            }
        };
        if !known.iter().any(|k| k == slug) {
            let hint = crate::diagnostics::nearest(slug, known.iter().map(String::as_str))
                .map(|n| format!("; did you mean `@/{section}/{n}.md`?"))
                .unwrap_or_default();
            return Err(format!("no {section} file `{slug}.md`{hint}"));
        }
        Ok(format!("{}{url}{fragment}", self.root))
    }
}

/// Renders `md` (the body of `file`, starting at byte `body_start` of it).
/// Broken `@/` links are reported as diagnostics pointing at the link.
pub fn render(
    md: &str,
    file: &str,
    body_start: usize,
    links: &Links<'_>,
) -> (String, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut events = Vec::new();
    let mut code: Option<(String, String)> = None;
    for (event, range) in Parser::new_ext(md, options).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(l) => {
                        l.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
            }
            Event::Text(t) if code.is_some() => {
                if let Some((_, buf)) = code.as_mut() {
                    buf.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((lang, buf)) = code.take() {
                    events.push(Event::Html(CowStr::from(highlight(&lang, &buf))));
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if dest_url.starts_with("@/") => {
                let url = match links.resolve(&dest_url) {
                    Ok(u) => u,
                    Err(why) => {
                        let span = body_start + range.start..body_start + range.end;
                        problems.push(
                            Diagnostic::error("broken-link", format!("broken internal link `{dest_url}`"))
                                .at(file, span)
                                .label(why)
                                .help("internal links are written @/claims/<slug>.md, @/articles/<slug>.md#p3 or @/pages/<slug>.md"),
                        );
                        String::from("#")
                    }
                };
                events.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url: CowStr::from(url),
                    title,
                    id,
                }));
            }
            other => events.push(other),
        }
    }
    let mut html = String::with_capacity(md.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    (html, problems)
}

/// A fenced code block with `hl-` classes, or plain escaped code for an
/// unknown language.
fn highlight(lang: &str, code: &str) -> String {
    let set = syntaxes();
    let lang_class = super::escape::html(lang);
    let syntax = (!lang.is_empty())
        .then(|| set.find_syntax_by_token(lang))
        .flatten();
    let Some(syntax) = syntax else {
        return format!(
            "<pre class=\"code\"><code class=\"language-{lang_class}\">{}</code></pre>\n",
            super::escape::html(code)
        );
    };
    let mut generator = ClassedHTMLGenerator::new_with_class_style(
        syntax,
        set,
        ClassStyle::SpacedPrefixed { prefix: "hl-" },
    );
    for line in LinesWithEndings::from(code) {
        if generator
            .parse_html_for_line_which_includes_newline(line)
            .is_err()
        {
            return format!(
                "<pre class=\"code\"><code>{}</code></pre>\n",
                super::escape::html(code)
            );
        }
    }
    format!(
        "<pre class=\"code\"><code class=\"language-{lang_class}\">{}</code></pre>\n",
        generator.finalize()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links<'a>(claims: &'a [String], root: &'a str) -> Links<'a> {
        Links {
            claims,
            articles: &[],
            pages: &[],
            root,
        }
    }

    #[test]
    fn highlights_fenced_code_with_classes() {
        let (html, _) = render("```rust\nfn main() {}\n```\n", "x.md", 0, &links(&[], ""));
        assert!(
            html.contains("<span class=\"hl-source hl-rust\">"),
            "{html}"
        );
        assert!(!html.contains("style="), "{html}");
    }

    #[test]
    fn internal_links_become_relative() {
        let claims = vec!["kursk".to_string()];
        let (html, problems) = render(
            "[see](@/claims/kursk.md#e1)",
            "x.md",
            0,
            &links(&claims, "../../"),
        );
        assert!(html.contains("href=\"../../claims/kursk/#e1\""), "{html}");
        assert!(problems.is_empty());
    }

    #[test]
    fn broken_internal_links_are_located() {
        let claims = vec!["kursk".to_string()];
        let (_, problems) = render(
            "text\n\n[see](@/claims/kursc.md)",
            "c.md",
            10,
            &links(&claims, ""),
        );
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].span, Some(16..40));
        assert!(
            problems[0]
                .label
                .contains("did you mean `@/claims/kursk.md`")
        );
    }
}
