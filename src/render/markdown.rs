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
/// Broken `@/` links and links with a refused scheme are reported as
/// diagnostics pointing at the link. Raw HTML (and heading attributes other
/// than an id and classes) is shown as text, with a warning, unless
/// `unsafe_html`: then it is kept, and the whole result goes through the
/// sanitiser.
pub fn render(
    md: &str,
    file: &str,
    body_start: usize,
    links: &Links<'_>,
    unsafe_html: bool,
) -> (String, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut events = Vec::new();
    let mut code: Option<(String, String)> = None;
    // Raw HTML written in the markdown: the first place, and how many.
    let mut raw: Option<(std::ops::Range<usize>, usize)> = None;
    let span = |range: std::ops::Range<usize>| body_start + range.start..body_start + range.end;
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
            Event::Html(html) | Event::InlineHtml(html) => {
                let end = range.start + md[range.clone()].trim_end().len();
                raw.get_or_insert((span(range.start..end), 0)).1 += 1;
                if unsafe_html {
                    events.push(Event::InlineHtml(html));
                } else {
                    // Shown as the text it is; pulldown-cmark escapes it.
                    events.push(Event::Text(html));
                }
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) if !attrs.is_empty() => {
                // Attributes are raw HTML too: dropped, or kept for the sanitiser.
                raw.get_or_insert((span(range), 0)).1 += 1;
                let attrs = if unsafe_html { attrs } else { Vec::new() };
                events.push(Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let url = link_url(&dest_url, links, span(range), file, &mut problems);
                events.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url: url.map_or(dest_url, CowStr::from),
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                // Images keep `@/` as written; only their scheme is checked.
                let url = refused_url(&dest_url, span(range), file, &mut problems);
                events.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url: url.map_or(dest_url, CowStr::from),
                    title,
                    id,
                }));
            }
            other => events.push(other),
        }
    }
    let mut html = String::with_capacity(md.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    if let Some((at, n)) = raw {
        if unsafe_html {
            html = super::sanitize::clean(&html);
        } else {
            problems.push(raw_html_shown(file, at, n));
        }
    }
    (html, problems)
}

/// The address a link or image goes to, if it is not `dest` as written
/// (an `@/` link made relative, or `#` for a refused one, which is reported).
fn link_url(
    dest: &str,
    links: &Links<'_>,
    span: std::ops::Range<usize>,
    file: &str,
    problems: &mut Vec<Diagnostic>,
) -> Option<String> {
    if dest.starts_with("@/") {
        return Some(match links.resolve(dest) {
            Ok(u) => u,
            Err(why) => {
                problems.push(
                    Diagnostic::error("broken-link", format!("broken internal link `{dest}`"))
                        .at(file, span)
                        .label(why)
                        .help("internal links are written @/claims/<slug>.md, @/articles/<slug>.md#p3 or @/pages/<slug>.md"),
                );
                String::from("#")
            }
        });
    }
    refused_url(dest, span, file, problems)
}

/// `#` for a link or image whose scheme is refused (and reported).
fn refused_url(
    dest: &str,
    span: std::ops::Range<usize>,
    file: &str,
    problems: &mut Vec<Diagnostic>,
) -> Option<String> {
    let scheme = crate::url::refused_scheme(dest)?;
    problems.push(
        Diagnostic::error(
            "unsafe-url",
            format!("a `{scheme}:` link cannot be published"),
        )
        .at(file, span)
        .label(format!("`{scheme}:` is not http:, https: or mailto:"))
        .note(crate::url::why(&scheme))
        .help(crate::url::help()),
    );
    Some(String::from("#"))
}

fn raw_html_shown(file: &str, at: std::ops::Range<usize>, n: usize) -> Diagnostic {
    let what = if n == 1 {
        "raw HTML in markdown is shown as text".to_string()
    } else {
        format!("raw HTML in markdown is shown as text ({n} places in this text)")
    };
    Diagnostic::warning("raw-html", what)
        .at(file, at)
        .label("shown as written, not as HTML")
        .note("raw HTML (tags, comments, and heading attributes other than {#id .class}) is not passed through unless config.toml opts in")
        .help("write it in markdown, or add `[markdown]` with `unsafe_html = true` to config.toml: HTML then passes through a sanitiser that keeps text formatting, tables, links and images, and drops scripts, styles, forms, frames and event handlers")
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
        let (html, _) = render(
            "```rust\nfn main() {}\n```\n",
            "x.md",
            0,
            &links(&[], ""),
            false,
        );
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
            false,
        );
        assert!(html.contains("href=\"../../claims/kursk/#e1\""), "{html}");
        assert!(problems.is_empty());
    }

    #[test]
    fn raw_html_is_text_unless_the_site_opts_in() {
        let md = "<p onclick=\"x()\">a</p>\n\n# H {#h .c onclick=y}\n\nb <b>c</b>";
        let (html, problems) = render(md, "c.md", 4, &links(&[], ""), false);
        assert!(
            html.contains("&lt;p onclick=\"x()\"&gt;a&lt;/p&gt;"),
            "{html}"
        );
        assert!(html.contains("<h1 id=\"h\" class=\"c\">H</h1>"), "{html}");
        assert!(html.contains("b &lt;b&gt;c&lt;/b&gt;"), "{html}");
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].code, "raw-html");
        assert_eq!(problems[0].span, Some(4..4 + 22));
        assert!(
            problems[0].message.contains("4 places"),
            "{}",
            problems[0].message
        );
        let (html, problems) = render(md, "c.md", 4, &links(&[], ""), true);
        assert!(problems.is_empty());
        assert!(
            html.contains("<p>a</p>") && html.contains("<b>c</b>"),
            "{html}"
        );
        assert!(!html.contains("onclick"), "{html}");
    }

    #[test]
    fn links_and_images_with_other_schemes_are_refused() {
        let md = "[a](https://x.org) [b](mailto:d@x.org) [c](../x/) [d](javascript:alert(1))\n\n![e](DATA:image/png;base64,x)";
        let (html, problems) = render(md, "c.md", 0, &links(&[], ""), false);
        let codes: Vec<_> = problems.iter().map(|p| (p.code, p.span.clone())).collect();
        assert_eq!(
            codes,
            [("unsafe-url", Some(50..74)), ("unsafe-url", Some(76..105))]
        );
        assert!(
            !html.to_lowercase().contains("javascript") && !html.contains("DATA:"),
            "{html}"
        );
        assert!(html.contains("href=\"https://x.org\"") && html.contains("href=\"../x/\""));
    }

    #[test]
    fn broken_internal_links_are_located() {
        let claims = vec!["kursk".to_string()];
        let (_, problems) = render(
            "text\n\n[see](@/claims/kursc.md)",
            "c.md",
            10,
            &links(&claims, ""),
            false,
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
