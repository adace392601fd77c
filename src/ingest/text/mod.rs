//! Text seeds: every non-empty line of a seed is one block. Ingest never changes a word:
//! it only decides what each line is (title, heading, paragraph, caption,
//! embedded post, or furniture to hide) and numbers the readable passages.
//! The heuristics are deliberately small and each says why it exists.
//!
//! This module splits a seed into lines and runs the rules over them; the
//! rules are in [`rules`], and [`words`] counts the words of a line.

use std::ops::Range;

use super::{Block, BlockKind, Ingested};
use crate::text::normalize;
use rules::{body_kind, chrome_reason, mark_captions, mark_embeds, mark_title_zone};
use words::words_up_to;

mod rules;
mod words;

/// Lines longer than this are running text: no chrome or masthead is that long,
/// so they are not normalised for phrase comparisons.
const SHORT_LINE_WORDS: usize = 40;
/// Lines longer than this in bytes are running text too, whatever their
/// spaces (a paragraph without any, or a blob pasted on one line).
const SHORT_LINE_BYTES: usize = 4096;

/// A non-empty line before classification.
struct Line<'a> {
    text: &'a str,
    /// `normalize(text)` for short lines, for phrase comparisons; empty for long ones.
    norm: String,
    /// `words(text)`, counted once, up to `SHORT_LINE_WORDS + 1`.
    words: usize,
    number: usize,
    range: Range<usize>,
    /// A blank line separates it from the previous non-empty line.
    blank_before: bool,
}

/// A decided classification: kind and, for furniture, the reason.
type Class = (BlockKind, Option<&'static str>);

const FURNITURE: BlockKind = BlockKind::Furniture;

/// Splits a seed into blocks and classifies them.
pub fn ingest(text: &str, extra_furniture: &[&str]) -> Ingested {
    let lines = split_lines(text);
    let mut classes: Vec<Option<Class>> = vec![None; lines.len()];
    let unmatched_furniture = mark_listed(&lines, &mut classes, extra_furniture);
    for (line, class) in lines.iter().zip(&mut classes) {
        if class.is_none() {
            *class = chrome_reason(line).map(|why| (FURNITURE, Some(why)));
        }
    }
    mark_embeds(&lines, &mut classes);
    mark_captions(&lines, &mut classes);
    mark_title_zone(&lines, &mut classes);
    let mut next = 0u32;
    let blocks = lines
        .iter()
        .zip(classes)
        .map(|(line, class)| {
            let (kind, hidden_because) =
                class.unwrap_or_else(|| (body_kind(line.text, line.words), None));
            let numbered = matches!(
                kind,
                BlockKind::Paragraph | BlockKind::Caption | BlockKind::Embed
            );
            let number = numbered.then(|| {
                next += 1;
                next
            });
            Block {
                kind,
                line: u32::try_from(line.number).unwrap_or(u32::MAX),
                range: line.range.clone(),
                number,
                hidden_because,
            }
        })
        .collect();
    Ingested {
        blocks,
        unmatched_furniture,
    }
}

/// The non-empty lines of `text`, trimmed, with their byte ranges.
fn split_lines(text: &str) -> Vec<Line<'_>> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut start = text.len() - body.len();
    let mut lines = Vec::new();
    let mut blank_before = false;
    // `memchr` finds the line ends many bytes at a time.
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).chain([text.len()]);
    for (i, end) in ends.enumerate() {
        let raw = &text[start..end];
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let trimmed = line.trim();
        if trimmed.is_empty() {
            blank_before = true;
        } else {
            let from = start + (line.len() - line.trim_start().len());
            let range = from..from + trimmed.len();
            let words = if trimmed.len() > SHORT_LINE_BYTES {
                SHORT_LINE_WORDS + 1
            } else {
                words_up_to(trimmed, SHORT_LINE_WORDS)
            };
            let norm = if words <= SHORT_LINE_WORDS {
                normalize(trimmed)
            } else {
                String::new()
            };
            lines.push(Line {
                text: trimmed,
                norm,
                words,
                number: i + 1,
                range,
                blank_before,
            });
            blank_before = false;
        }
        start += raw.len() + 1;
    }
    lines
}

/// The editor's list wins over every heuristic; returns the entries that matched nothing.
fn mark_listed(lines: &[Line], classes: &mut [Option<Class>], listed: &[&str]) -> Vec<usize> {
    let mut unmatched = Vec::new();
    for (index, entry) in listed.iter().enumerate() {
        let wanted = normalize(entry);
        // A short entry can only equal a short line, whose form is at hand.
        let short_entry = words_up_to(entry, SHORT_LINE_WORDS) <= SHORT_LINE_WORDS;
        let mut found = false;
        for (line, class) in lines.iter().zip(classes.iter_mut()) {
            let matches = if line.words <= SHORT_LINE_WORDS || short_entry {
                line.norm == wanted
            } else {
                normalize(line.text) == wanted
            };
            if !wanted.is_empty() && matches {
                *class = Some((FURNITURE, Some("listed in the article file")));
                found = true;
            }
        }
        if !found {
            unmatched.push(index);
        }
    }
    unmatched
}

/// Whether `s` is one of the `|`-separated phrases.
fn listed(phrases: &str, s: &str) -> bool {
    phrases.split('|').any(|p| p == s)
}

/// Whether `s` starts with one of the `|`-separated phrases.
fn starts_listed(phrases: &str, s: &str) -> bool {
    phrases.split('|').any(|p| s.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;
    use BlockKind::*;

    const SEEDS: [&str; 5] = [
        include_str!("../../../seeds/000_940354af2434b6c9.txt"),
        include_str!("../../../seeds/001_611a5efe8aee0550.txt"),
        include_str!("../../../seeds/002_ce3c4f6a4555c1bb.txt"),
        include_str!("../../../seeds/003_cf46bfd772648756.txt"),
        include_str!("../../../seeds/004_c660a855ca50e628.txt"),
    ];

    /// Asserts the kind (and furniture reason) of each listed line of a seed.
    fn check(seed: usize, expected: &[(usize, BlockKind, Option<&str>)]) {
        let blocks = ingest(SEEDS[seed], &[]).blocks;
        for &(line, kind, why) in expected {
            let block = blocks
                .iter()
                .find(|b| b.line as usize == line)
                .expect("a block for the line");
            assert_eq!(
                (block.kind, block.hidden_because),
                (kind, why),
                "seed {seed} line {line}"
            );
        }
    }

    /// The invariants every ingest keeps, whatever the text.
    fn check_invariants(text: &str) {
        let blocks = ingest(text, &[]).blocks;
        let body = text.strip_prefix('\u{feff}').unwrap_or(text);
        let lines: Vec<(usize, &str)> = (body.split('\n').map(|l| l.trim()).enumerate())
            .filter(|(_, l)| !l.is_empty())
            .collect();
        assert_eq!(blocks.len(), lines.len());
        let mut next = 1;
        for (block, (index, line)) in blocks.iter().zip(lines) {
            assert_eq!(
                (block.line as usize, &text[block.range.clone()]),
                (index + 1, line)
            );
            let numbered = matches!(block.kind, Paragraph | Caption | Embed);
            assert_eq!(block.number, numbered.then_some(next));
            next += u32::from(numbered);
            assert_eq!(block.hidden_because.is_some(), block.kind == Furniture);
        }
    }

    #[test]
    fn seeds_keep_every_line_and_number_passages_in_order() {
        for seed in SEEDS {
            check_invariants(seed);
            let titles = ingest(seed, &[])
                .blocks
                .iter()
                .filter(|b| b.kind == Title)
                .count();
            assert!(titles <= 1);
        }
    }

    #[test]
    fn seed_000_random_tokens_questions_and_comment_form() {
        let chrome = Some("site chrome");
        check(
            0,
            &[
                (1, Furniture, Some("random tokens")),
                (3, Title, None),
                (6, Paragraph, None),
            ],
        );
        check(
            0,
            &[
                (10, Paragraph, None),
                (12, Heading, None),
                (14, Paragraph, None),
            ],
        );
        check(
            0,
            &[
                (48, Heading, None),
                (64, Heading, None),
                (82, Heading, None),
            ],
        );
        check(
            0,
            &[
                (94, Furniture, chrome),
                (96, Furniture, Some("comment form")),
            ],
        );
        check(0, &[(98, Furniture, Some("random tokens"))]);
    }

    #[test]
    fn seed_001_without_blank_lines() {
        check(
            1,
            &[
                (1, Title, None),
                (2, Paragraph, None),
                (4, Heading, None),
                (20, Paragraph, None),
            ],
        );
        let blocks = ingest(SEEDS[1], &[]).blocks;
        assert_eq!(blocks.last().and_then(|b| b.number), Some(18));
    }

    #[test]
    fn seed_002_masthead_captions_and_video() {
        let masthead = Some("masthead");
        check(
            2,
            &[
                (1, Furniture, Some("site chrome")),
                (2, Furniture, Some("site chrome")),
            ],
        );
        check(
            2,
            &[
                (4, Furniture, masthead),
                (6, Furniture, masthead),
                (9, Furniture, masthead),
            ],
        );
        check(
            2,
            &[
                (8, Title, None),
                (11, Furniture, Some("repeated title")),
                (13, Paragraph, None),
            ],
        );
        check(
            2,
            &[
                (19, Heading, None),
                (21, Furniture, Some("video player")),
                (23, Heading, None),
            ],
        );
        for line in [39, 40, 60, 61, 79, 80] {
            check(2, &[(line, Caption, None)]);
        }
        check(
            2,
            &[
                (42, Heading, None),
                (63, Heading, None),
                (73, Heading, None),
            ],
        );
        check(
            2,
            &[(94, Paragraph, None), (96, Furniture, Some("comment form"))],
        );
        check(2, &[(98, Furniture, Some("comment form"))]);
    }

    #[test]
    fn seed_003_embedded_post_and_no_title() {
        check(
            3,
            &[
                (1, Paragraph, None),
                (4, Heading, None),
                (10, Heading, None),
            ],
        );
        check(
            3,
            &[
                (11, Paragraph, None),
                (12, Paragraph, None),
                (17, Paragraph, None),
            ],
        );
        for line in 13..=16 {
            check(3, &[(line, Embed, None)]);
        }
        check(
            3,
            &[
                (21, Heading, None),
                (29, Heading, None),
                (33, Heading, None),
            ],
        );
    }

    #[test]
    fn seed_004_photo_credit_and_view_counter() {
        check(
            4,
            &[
                (1, Title, None),
                (3, Furniture, Some("masthead")),
                (5, Paragraph, None),
            ],
        );
        check(
            4,
            &[
                (29, Caption, None),
                (32, Caption, None),
                (34, Paragraph, None),
            ],
        );
        check(
            4,
            &[
                (50, Furniture, Some("site chrome")),
                (52, Furniture, Some("view counter")),
            ],
        );
        check(
            4,
            &[
                (54, Furniture, Some("comment form")),
                (56, Furniture, Some("comment form")),
            ],
        );
    }

    #[test]
    fn crlf_and_bom_shift_ranges_only() {
        let crlf = format!("\u{feff}{}", SEEDS[2].replace('\n', "\r\n"));
        let (plain, windows) = (ingest(SEEDS[2], &[]).blocks, ingest(&crlf, &[]).blocks);
        assert_eq!(plain.len(), windows.len());
        for (a, b) in plain.iter().zip(&windows) {
            assert_eq!(
                (a.kind, a.line, a.number, a.hidden_because),
                (b.kind, b.line, b.number, b.hidden_because)
            );
            assert_eq!(&SEEDS[2][a.range.clone()], &crlf[b.range.clone()]);
        }
        check_invariants(&crlf);
        assert_eq!(windows[0].range, 3..8);
    }

    #[test]
    fn listed_furniture_matches_after_normalisation() {
        let text =
            "A title of five words\n\n“Don’t miss our newsletter” — sign up\n\nA paragraph.\n";
        let got = ingest(
            text,
            &[
                "\"Don't  miss our NEWSLETTER\" - sign up",
                "not in the text",
            ],
        );
        assert_eq!(got.blocks[1].kind, Furniture);
        assert_eq!(
            got.blocks[1].hidden_because,
            Some("listed in the article file")
        );
        assert_eq!(got.unmatched_furniture, vec![1]);
        // The list wins over the heuristics, even for the title.
        let got = ingest(text, &["a title of five words"]);
        assert_eq!(
            got.blocks[0].hidden_because,
            Some("listed in the article file")
        );
    }

    #[test]
    fn empty_texts_give_no_blocks() {
        for text in ["", "\n", " \r\n\t\n", "\u{feff}", "\u{feff}\r\n"] {
            assert_eq!(ingest(text, &[]), Ingested::default());
        }
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_keeps_invariants(text in "[a-zA-Z0-9 .?:(@)—–\\-\u{feff}\r\n’”é€\u{301}]{0,200}") {
            check_invariants(&text);
        }
    }
}
