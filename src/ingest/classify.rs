//! Which blocks of a web page are its main text, and of which kind: what
//! Readability kept and the page's markup did not mark as furniture, the
//! headline found, and the prose Readability left out between headline and
//! text taken back.

use super::BlockKind;
use super::credits::is_photo_credit;
use super::ending::hide_calls_to_action;
use super::html::Raw;
use crate::text::normalize;

/// Sentences end so; headings and labels do not.
fn ends_sentence(text: &str) -> bool {
    matches!(
        text.trim_end_matches(['"', '\'', '”', '’', '»', ')'])
            .chars()
            .next_back(),
        Some('.' | '!' | '?' | ':' | ';' | '…')
    )
}

pub(super) fn word_count(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// The kind of every block, and for furniture the reason.
pub(super) fn classify(
    raws: &[Raw],
    furniture: &[Option<&'static str>],
    headline: Option<&str>,
) -> Vec<(BlockKind, Option<&'static str>)> {
    let main: Vec<bool> = raws
        .iter()
        .zip(furniture)
        .map(|(r, f)| f.is_none() && r.kept * 2 >= r.text.len())
        .collect();
    let title = find_title(raws, furniture, &main, headline);
    let first_main = main.iter().position(|&m| m);
    // Prose Readability left out between the headline and the end of the
    // main text is main text too (it sometimes starts or scores a level
    // too deep).
    let last_main = main.iter().rposition(|&m| m);
    let from = title.or(first_main);
    let mut main = main;
    if let (Some(from), Some(to)) = (from, last_main) {
        for i in from..to {
            if !main[i] && furniture[i].is_none() && is_prose(&raws[i]) {
                main[i] = true;
            }
        }
    }
    // The standfirst: a sentence or two between the headline and the text,
    // which Readability often leaves with the headline.
    if let (Some(t), Some(m)) = (title, main.iter().position(|&m| m)) {
        for i in t + 1..m {
            if furniture[i].is_none() && is_standfirst(&raws[i]) {
                main[i] = true;
            }
        }
    }
    let first_main = main.iter().position(|&m| m).or(first_main);
    let mut out = Vec::with_capacity(raws.len());
    for (i, r) in raws.iter().enumerate() {
        let words = word_count(&r.text);
        let class = if Some(i) == title {
            (BlockKind::Title, None)
        } else if words == 0 {
            (BlockKind::Furniture, Some("no words"))
        } else if let Some(why) = furniture[i] {
            (BlockKind::Furniture, Some(why))
        } else if main[i] && is_photo_credit(r) {
            (BlockKind::Furniture, Some("photo credit"))
        } else if main[i] {
            (body_kind(r, words), None)
        } else if r.ctx.byline
            && words <= 20
            && title.is_some_and(|t| t < i)
            && first_main.is_some_and(|m| i < m)
        {
            // The byline and dateline between the headline and the text.
            (BlockKind::Heading, None)
        } else {
            (BlockKind::Furniture, Some("not part of the main text"))
        };
        out.push(class);
    }
    hide_calls_to_action(raws, &mut out);
    hide_orphan_headings(&mut out);
    out
}

/// A heading introduces what follows it: one followed by furniture and
/// then by another heading or the end of the page heads furniture
/// ("Related articles", "About the author", "Comments"). Headings in a row
/// (a byline and its dateline, a section and its first subsection) share
/// the fate of the last; headings just before the headline head nothing.
fn hide_orphan_headings(out: &mut [(BlockKind, Option<&'static str>)]) {
    // Whether the next block that is not furniture is text or a heading
    // kept, and whether furniture comes before it.
    let mut next_heads_text = false;
    let mut next_is_text = false;
    let mut furniture_between = false;
    for i in (0..out.len()).rev() {
        match out[i].0 {
            BlockKind::Furniture => furniture_between = true,
            BlockKind::Heading | BlockKind::Title => {
                let keep = next_is_text || (next_heads_text && !furniture_between);
                if out[i].0 == BlockKind::Title {
                    // What comes before the headline heads nothing of the article.
                    next_heads_text = false;
                    next_is_text = false;
                    furniture_between = false;
                } else if !keep {
                    out[i] = (BlockKind::Furniture, Some("heading of furniture"));
                    furniture_between = true;
                } else {
                    next_heads_text = true;
                    next_is_text = false;
                    furniture_between = false;
                }
            }
            _ => {
                next_heads_text = true;
                next_is_text = true;
                furniture_between = false;
            }
        }
    }
}

/// Running text: long, ends like a sentence, mostly not links.
pub(super) fn is_prose(r: &Raw) -> bool {
    word_count(&r.text) >= PROSE_WORDS && ends_sentence(&r.text) && r.link_bytes * 4 < r.text.len()
}

/// A standfirst: not a byline or a picture's caption, long enough to be a
/// sentence, mostly not links.
fn is_standfirst(r: &Raw) -> bool {
    !r.ctx.byline
        && !r.ctx.caption
        && !r.ctx.figure
        && word_count(&r.text) >= STANDFIRST_WORDS
        && r.link_bytes * 4 < r.text.len()
}

/// A standfirst has at least this many words.
const STANDFIRST_WORDS: usize = 8;

/// A block of prose has at least this many words.
const PROSE_WORDS: usize = 20;

/// What a block of the main text is, by its markup.
fn body_kind(r: &Raw, words: usize) -> BlockKind {
    // Lines of preformatted text (code, poems) are never labels.
    let short_label = words <= 14 && !ends_sentence(&r.text) && !r.ctx.pre;
    if r.ctx.embed {
        BlockKind::Embed
    } else if r.ctx.caption {
        BlockKind::Caption
    } else if r.ctx.heading > 0 || (r.all_bold && short_label) || (r.ctx.byline && short_label) {
        BlockKind::Heading
    } else {
        BlockKind::Paragraph
    }
}

/// The headline: the first `<h1>` (or other heading) that reads like the
/// page's headline, else the first `<h1>` before or in the main text.
fn find_title(
    raws: &[Raw],
    furniture: &[Option<&'static str>],
    main: &[bool],
    headline: Option<&str>,
) -> Option<usize> {
    let usable = |i: usize| furniture[i].is_none() && word_count(&raws[i].text) > 0;
    if let Some(h) = headline.map(normalize).filter(|h| !h.is_empty()) {
        let same = |r: &Raw| {
            let t = normalize(&r.text);
            !t.is_empty()
                && (t == h
                    || (t.len() >= 12 && h.contains(&t))
                    || (h.len() >= 12 && t.contains(&h) && t.len() <= h.len() * 2))
        };
        // An `<h1>` that says exactly what the page says its headline is
        // is the headline, whatever the class names around it ("sidebar"
        // for a layout's left column).
        let exact = |i: usize| {
            raws[i].ctx.heading == 1
                && word_count(&raws[i].text) > 0
                && normalize(&raws[i].text) == h
        };
        let found = (0..raws.len())
            .find(|&i| exact(i))
            .or_else(|| {
                (0..raws.len()).find(|&i| usable(i) && raws[i].ctx.heading == 1 && same(&raws[i]))
            })
            .or_else(|| {
                (0..raws.len()).find(|&i| usable(i) && raws[i].ctx.heading > 0 && same(&raws[i]))
            });
        if found.is_some() {
            return found;
        }
    }
    let last_main = main.iter().rposition(|&m| m)?;
    (0..=last_main).find(|&i| usable(i) && raws[i].ctx.heading == 1)
}

#[cfg(test)]
mod tests {
    use super::BlockKind::{self, *};

    const PROSE: &str = "The harbour authority said on Tuesday that three ships had left the port \
        before dawn, and that the fourth would follow once the storm had passed the coast.";

    /// The kind (and reason, for furniture) of each block of a page.
    fn kinds(body: &str) -> Vec<(String, BlockKind, Option<&'static str>)> {
        let page = format!(
            "<html><head><title>Ships leave</title></head><body><article>\
             <h1>Ships leave the port</h1>{body}</article></body></html>"
        );
        let reading = crate::ingest::html::read(&page, &[]);
        let text = reading.text.unwrap();
        (reading.ingested.blocks.iter())
            .map(|b| (text[b.range.clone()].to_string(), b.kind, b.hidden_because))
            .collect()
    }

    fn kind_of(
        blocks: &[(String, BlockKind, Option<&'static str>)],
        text: &str,
    ) -> (BlockKind, Option<&'static str>) {
        let b = blocks
            .iter()
            .find(|b| b.0 == text)
            .unwrap_or_else(|| panic!("no block {text:?} in {blocks:?}"));
        (b.1, b.2)
    }

    #[test]
    fn calls_to_action_and_their_links_are_furniture_and_the_text_goes_on() {
        let body = format!(
            "<p>{PROSE}</p><p>Read more:</p><p><a href=/x>Storm warnings for the coast</a></p>\
             <p>{PROSE} Again.</p><p>Our newsletter reported the sailing times first.</p>\
             <p>{PROSE} Once more.</p><p>{PROSE} And last.</p>\
             <p>If you enjoyed this article, subscribe to our newsletter.</p>\
             <p><a href=/f>Facebook</a> | <a href=/t>Twitter</a></p>"
        );
        let blocks = kinds(&body);
        let cta = (Furniture, Some("call to action"));
        assert_eq!(kind_of(&blocks, "Read more:"), cta);
        assert_eq!(kind_of(&blocks, "Storm warnings for the coast"), cta);
        assert_eq!(
            kind_of(&blocks, &format!("{PROSE} Again.")),
            (Paragraph, None)
        );
        // A sentence within the text that names a newsletter is the article's own.
        assert_eq!(
            kind_of(&blocks, "Our newsletter reported the sailing times first."),
            (Paragraph, None)
        );
        assert_eq!(
            kind_of(
                &blocks,
                "If you enjoyed this article, subscribe to our newsletter."
            ),
            cta
        );
        assert_eq!(kind_of(&blocks, "Facebook | Twitter"), cta);
    }

    #[test]
    fn the_standfirst_under_the_headline_is_text() {
        let page = format!(
            "<html><body><div class=top><h1>Ships leave the port</h1>\
             <p>Three ships sailed before the storm, and a fourth waits at the quay</p>\
             <p class=byline>By Jane Doe</p></div><article><p>{PROSE}</p><p>{PROSE} Again.</p>\
             <p>{PROSE} Once more.</p></article></body></html>"
        );
        let reading = crate::ingest::html::read(&page, &[]);
        let text = reading.text.unwrap();
        let kind = |t: &str| {
            let b = (reading.ingested.blocks.iter())
                .find(|b| &text[b.range.clone()] == t)
                .unwrap();
            (b.kind, b.hidden_because)
        };
        assert_eq!(kind("Ships leave the port"), (Title, None));
        assert_eq!(
            kind("Three ships sailed before the storm, and a fourth waits at the quay"),
            (Paragraph, None)
        );
    }

    #[test]
    fn the_headline_the_page_states_is_the_title_whatever_its_class_names() {
        let page = format!(
            "<html><head><meta property=og:title content='Ships leave the port'></head><body>\
             <div id=sidebar><h1>Ships leave the port</h1></div><article><p>{PROSE}</p>\
             <p>{PROSE} Again.</p><h1>While you are here</h1><p>{PROSE} Once more.</p>\
             </article></body></html>"
        );
        let reading = crate::ingest::html::read(&page, &[]);
        let text = reading.text.unwrap();
        let title = (reading.ingested.blocks.iter())
            .find(|b| b.kind == Title)
            .unwrap();
        assert_eq!(&text[title.range.clone()], "Ships leave the port");
    }

    #[test]
    fn a_heading_of_furniture_is_furniture() {
        let body = format!(
            "<p>{PROSE}</p><h2>What the harbour master said</h2><p>{PROSE}</p>\
             <h2>More from the coast</h2><div class=related><p><a href=/a>Gulls return</a></p></div>"
        );
        let blocks = kinds(&body);
        assert_eq!(
            kind_of(&blocks, "What the harbour master said"),
            (Heading, None)
        );
        assert_eq!(
            kind_of(&blocks, "More from the coast"),
            (Furniture, Some("heading of furniture"))
        );
    }

    #[test]
    fn credits_author_boxes_and_tags_are_furniture() {
        let body = format!(
            "<figure><img src=a.jpg><figcaption>Ships at the quay on Monday.</figcaption>\
             <figcaption>Foto: Sascha Klahn</figcaption></figure><p>{PROSE}</p>\
             <p>{PROSE} Again.</p><pre><b>let ships = 3;</b></pre>\
             <div class=author-box><p>Jane Doe writes about the sea and the people who work on it \
             for the Harbour Times.</p></div><div class=tags><p>Ships</p></div>"
        );
        let blocks = kinds(&body);
        assert_eq!(
            kind_of(&blocks, "Ships at the quay on Monday."),
            (Caption, None)
        );
        assert_eq!(
            kind_of(&blocks, "Foto: Sascha Klahn"),
            (Furniture, Some("photo credit"))
        );
        assert_eq!(kind_of(&blocks, "let ships = 3;"), (Paragraph, None));
        assert_eq!(
            kind_of(
                &blocks,
                "Jane Doe writes about the sea and the people who work on it for the Harbour Times."
            ),
            (Furniture, Some("author box"))
        );
        assert_eq!(
            kind_of(&blocks, "Ships"),
            (Furniture, Some("tags and categories"))
        );
    }

    #[test]
    fn soft_hyphens_are_not_text_and_inline_bold_makes_labels() {
        let body = format!(
            "<p>{PROSE}</p><div style='font-weight: bold'>What the port said</div>\
             <p>The Ver&shy;ant&shy;wort&shy;ung lies with the port. {PROSE}</p>"
        );
        let blocks = kinds(&body);
        assert_eq!(kind_of(&blocks, "What the port said"), (Heading, None));
        assert!(
            blocks
                .iter()
                .any(|b| b.0.starts_with("The Verantwortung lies")),
            "{blocks:?}"
        );
    }
}
