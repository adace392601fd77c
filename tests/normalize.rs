//! Property tests for text normalisation, the offset map back to the
//! original, and quote matching built on them.

use attest::ingest::{Block, BlockKind};
use attest::resolve::matcher::{ArticleText, Quote, find_all};
use attest::resolve::sentence::window;
use attest::text::{Normalized, normalize};
use proptest::prelude::*;

/// Words like those of scraped news text: curly quotes, dashes, accents,
/// combining marks, ligatures, no-break spaces, non-Latin scripts.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z]{1,9}",
        "[0-9]{1,3}(,[0-9]{3})?",
        Just("“very".to_string()),
        Just("likely”".to_string()),
        Just("it’s".to_string()),
        Just("–".to_string()),
        Just("—".to_string()),
        Just("café".to_string()),
        Just("cafe\u{301}".to_string()),
        Just("ﬁne".to_string()),
        Just("Зеленський".to_string()),
        Just("İstanbul".to_string()),
        Just("…".to_string()),
        Just("\u{a0}".to_string()),
    ]
}

fn separator() -> impl Strategy<Value = &'static str> {
    prop_oneof![Just(" "), Just("  "), Just("\u{a0}"), Just(" \t")]
}

fn sentence() -> impl Strategy<Value = String> {
    prop::collection::vec((word(), separator()), 1..12).prop_map(|ws| {
        let mut s = String::new();
        for (w, sep) in ws {
            s.push_str(&w);
            s.push_str(sep);
        }
        s.trim().to_string()
    })
}

fn paragraphs(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut pos = 0;
    for (i, line) in text.split('\n').enumerate() {
        let trimmed = line.trim();
        if !trimmed.is_empty() {
            let start = pos + (line.len() - line.trim_start().len());
            blocks.push(Block {
                kind: BlockKind::Paragraph,
                line: i as u32 + 1,
                range: start..start + trimmed.len(),
                number: Some(blocks.len() as u32 + 1),
                hidden_because: None,
            });
        }
        pos += line.len() + 1;
    }
    blocks
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, max_global_rejects: 8192, ..ProptestConfig::default() })]

    /// Any input: no panic, and every normalised range maps to a range of
    /// the original that lies on char boundaries.
    #[test]
    fn offset_map_lands_on_char_boundaries(s in "\\PC{0,60}", cuts in prop::collection::vec(any::<prop::sample::Index>(), 2)) {
        let mut n = Normalized::default();
        n.push_str(&s, 0);
        let bounds: Vec<usize> = n.text.char_indices().map(|(i, _)| i).chain([n.text.len()]).collect();
        let (a, b) = (cuts[0].get(&bounds), cuts[1].get(&bounds));
        let (a, b) = (*a.min(b), *a.max(b));
        let r = n.to_original(a..b);
        prop_assert!(r.start <= r.end && r.end <= s.len());
        prop_assert!(s.is_char_boundary(r.start) && s.is_char_boundary(r.end));
    }

    /// The normalised form is plain: trimmed, single spaces, no curly quotes
    /// or long dashes, no capitals.
    #[test]
    fn normalised_text_is_plain(s in "\\PC{0,80}") {
        let n = normalize(&s);
        prop_assert_eq!(n.trim(), n.as_str());
        prop_assert!(!n.contains("  "));
        let forbidden = ['“', '”', '‘', '’', '–', '—', '\u{a0}', '\n', '\t'];
        prop_assert!(!n.contains(forbidden), "{:?}", n);
        prop_assert!(!n.chars().any(|c| c.is_ascii_uppercase()));
    }

    /// Normalising twice changes nothing more.
    #[test]
    fn normalisation_is_idempotent(s in sentence()) {
        let once = normalize(&s);
        prop_assert_eq!(normalize(&once), once);
    }

    /// Any run of whole words copied from an article is found, and the
    /// span it maps to holds those very words.
    #[test]
    fn any_copied_passage_is_found_where_it_stands(
        paras in prop::collection::vec(sentence(), 1..5),
        pick in any::<prop::sample::Index>(),
        len in 1usize..8,
    ) {
        let text = paras.join("\n\n");
        let blocks = paragraphs(&text);
        let article = ArticleText::new(&text, &blocks);
        let words: Vec<(usize, &str)> = text
            .split_whitespace()
            .map(|w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
            .collect();
        prop_assume!(!words.is_empty());
        let first = pick.index(words.len());
        let last = (first + len).min(words.len()) - 1;
        let span = words[first].0..words[last].0 + words[last].1.len();
        let quote = Quote::new(&text[span.clone()], None, None);
        prop_assume!(!quote.is_empty() && !quote.has_gap());
        let found = find_all(&article, &quote);
        prop_assert!(!found.is_empty(), "{:?} not found in {:?}", &text[span.clone()], text);
        prop_assert!(found.iter().all(|m| normalize(&text[m.orig.clone()]) == quote.segments[0]));
    }

    /// The sentence(s) a claim page shows around any quote hold the quote,
    /// stay within the quote's paragraphs and cut the text on characters.
    #[test]
    fn the_sentence_around_a_quote_holds_it(
        paras in prop::collection::vec(prop::collection::vec(sentence(), 1..4), 1..4),
        picks in prop::collection::vec(any::<prop::sample::Index>(), 2),
    ) {
        let text = paras
            .iter()
            .map(|p| p.join(". "))
            .collect::<Vec<_>>()
            .join("\n\n");
        let blocks = paragraphs(&text);
        let ranges: Vec<std::ops::Range<usize>> = blocks.iter().map(|b| b.range.clone()).collect();
        let inside: Vec<(usize, usize)> = ranges
            .iter()
            .enumerate()
            .flat_map(|(i, r)| {
                let text = &text;
                r.clone().filter(move |&at| text.is_char_boundary(at)).map(move |at| (i, at))
            })
            .collect();
        prop_assume!(!inside.is_empty());
        let (a, b) = (picks[0].get(&inside), picks[1].get(&inside));
        let (first, last) = (*a.min(b), *a.max(b));
        let quote = first.1..last.1;
        let around = window(&text, &ranges[first.0..=last.0], quote.clone());
        prop_assert!(around.start <= quote.start && quote.end <= around.end);
        prop_assert!(ranges[first.0].start <= around.start && around.end <= ranges[last.0].end);
        prop_assert!(text.is_char_boundary(around.start) && text.is_char_boundary(around.end));
    }

    /// Typing a passage with straight quotes, hyphens, other spacing and
    /// other case finds the same place.
    #[test]
    fn typing_differences_do_not_matter(s in sentence()) {
        let typed: String = s
            .replace(['“', '”'], "\"")
            .replace('’', "'")
            .replace(['–', '—'], "-")
            .replace('\u{a0}', " ")
            .to_uppercase();
        prop_assert_eq!(normalize(&typed).to_lowercase(), normalize(&s).to_lowercase());
    }
}
