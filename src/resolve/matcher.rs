//! Finding a quote in an article's visible text, exactly after normalisation.

use std::ops::Range;

use crate::ingest::{Block, BlockKind};
use crate::text::{Normalized, normalize};

/// An article's visible text (title, headings, paragraphs, captions, embeds;
/// no furniture), normalised once, with where each block lies in it.
#[derive(Clone, Debug)]
pub struct ArticleText {
    pub norm: Normalized,
    /// For each visible block: its index among the article's blocks and its
    /// range in the normalised text.
    pub blocks: Vec<(usize, Range<usize>)>,
}

impl ArticleText {
    pub fn new(text: &str, blocks: &[Block]) -> Self {
        let mut norm = Normalized::default();
        let mut visible = Vec::new();
        let mut prev_end: Option<usize> = None;
        for (i, b) in blocks.iter().enumerate() {
            if b.kind == BlockKind::Furniture {
                continue;
            }
            if let Some(end) = prev_end {
                norm.push_separator(end..b.range.start);
            }
            let start = norm.text.len();
            norm.push_str(&text[b.range.clone()], b.range.start);
            visible.push((i, start..norm.text.len()));
            prev_end = Some(b.range.end);
        }
        ArticleText {
            norm,
            blocks: visible,
        }
    }

    /// The position in `blocks` of the visible block holding normalised byte `pos`
    /// (a separator belongs to the block after it).
    pub fn block_at(&self, pos: usize) -> usize {
        self.blocks
            .partition_point(|(_, r)| r.end <= pos)
            .min(self.blocks.len().saturating_sub(1))
    }
}

/// A quote as typed, split at its ` ... ` gaps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quote {
    pub segments: Vec<String>,
    pub prefix: Option<String>,
    pub suffix: Option<String>,
}

impl Quote {
    pub fn new(quote: &str, prefix: Option<&str>, suffix: Option<&str>) -> Self {
        let norm = normalize(quote);
        let segments = norm.split(" ... ").map(|s| s.trim().to_string()).collect();
        Quote {
            segments,
            prefix: prefix.map(normalize).filter(|p| !p.is_empty()),
            suffix: suffix.map(normalize).filter(|s| !s.is_empty()),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.segments.iter().all(|s| s.is_empty())
    }

    pub fn has_gap(&self) -> bool {
        self.segments.len() > 1
    }

    /// The words that anchor the quote: its own, gaps left out, and those
    /// of its prefix and suffix, counted by [`words`].
    pub fn anchor_words(&self) -> usize {
        self.segments.iter().map(|s| words(s)).sum::<usize>()
            + self.prefix.as_deref().map_or(0, words)
            + self.suffix.as_deref().map_or(0, words)
    }
}

/// How many characters of a script written without spaces make about one
/// word: Chinese and Japanese words are one to three characters long, and
/// Thai, Lao, Khmer and Burmese ones three to six.
fn chars_per_word(c: char) -> Option<usize> {
    match c {
        '\u{3005}' | '\u{3007}' // 々 〇
        | '\u{3040}'..='\u{30FF}' // Hiragana, Katakana
        | '\u{31F0}'..='\u{31FF}' // Katakana extensions
        | '\u{3400}'..='\u{4DBF}' // CJK extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK unified ideographs
        | '\u{F900}'..='\u{FAFF}' // CJK compatibility ideographs
        | '\u{FF66}'..='\u{FF9F}' // half-width Katakana
        | '\u{20000}'..='\u{3134F}' => Some(2), // CJK extensions B to G
        '\u{0E00}'..='\u{0EFF}' // Thai, Lao
        | '\u{1000}'..='\u{109F}' // Myanmar
        | '\u{1780}'..='\u{17FF}' => Some(4), // Khmer
        _ => None,
    }
}

/// The words of a normalised text: the pieces between spaces, except that
/// a run of characters of a script written without spaces counts one word
/// for every [`chars_per_word`] of them (rounded up), so that a Japanese
/// sentence is not "one word".
pub fn words(s: &str) -> usize {
    let mut count = 0;
    for token in s.split(' ').filter(|w| !w.is_empty()) {
        // Characters of the current run without spaces, and its script's size of a word.
        let mut run: (usize, usize) = (0, 1);
        let mut other = false;
        for c in token.chars() {
            match chars_per_word(c) {
                Some(per) => run = (run.0 + 1, per),
                None => {
                    count += run.0.div_ceil(run.1);
                    run = (0, 1);
                    other |= c.is_alphanumeric();
                }
            }
        }
        count += run.0.div_ceil(run.1);
        // The rest of the token (Latin letters, digits) is one word.
        if other || !token.chars().any(|c| chars_per_word(c).is_some()) {
            count += 1;
        }
    }
    count
}

/// One place a quote matches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Match {
    /// Range in the normalised visible text.
    pub norm: Range<usize>,
    /// Range in the seed's original text.
    pub orig: Range<usize>,
}

/// The most places a quote is looked for: a quote found this often is
/// ambiguous whatever its `prefix` (and would take long to describe).
pub const MAX_MATCHES: usize = 1000;

/// Every place `quote` matches in `text`, before `prefix`/`suffix` are
/// applied; at most [`MAX_MATCHES`].
pub fn find_all(text: &ArticleText, quote: &Quote) -> Vec<Match> {
    find(text, quote, true)
}

/// Like [`find_all`], but also the matches that start or end inside the
/// expansion of one original character (which cannot be highlighted).
pub fn find_unchecked(text: &ArticleText, quote: &Quote) -> Vec<Match> {
    find(text, quote, false)
}

fn find(text: &ArticleText, quote: &Quote, checked: bool) -> Vec<Match> {
    let hay = text.norm.text.as_str();
    let first = &quote.segments[0];
    if first.is_empty() {
        return Vec::new();
    }
    // Overlapping occurrences count too: "aa" is twice in "aaa".
    let finder = memchr::memmem::Finder::new(first.as_bytes());
    let mut out = Vec::new();
    let mut from = 0;
    let mut gaps = vec![None; quote.segments.len() - 1];
    while let Some(pos) = finder.find(&hay.as_bytes()[from..]) {
        let start = from + pos;
        if let Some(end) = match_rest(text, quote, start, start + first.len(), &mut gaps)
            && (!checked || (text.norm.is_boundary(start) && text.norm.is_boundary(end)))
        {
            out.push(Match {
                norm: start..end,
                orig: text.norm.to_original(start..end),
            });
            if out.len() == MAX_MATCHES {
                break;
            }
        }
        from = start + hay[start..].chars().next().map_or(1, char::len_utf8);
    }
    out
}

/// The last search for one segment after a gap: from where, in the block
/// ending where, and where it was found.
#[derive(Clone, Copy)]
struct GapSearch {
    block_end: usize,
    from: usize,
    at: Option<usize>,
}

/// Matches the segments after the first, each after the one before and all
/// within the block where the first one starts. `gaps` remembers each
/// segment's last search: matches come in order, so a search need not be
/// done again (each segment costs one pass over the block, not one per
/// place the first segment matches).
fn match_rest(
    text: &ArticleText,
    quote: &Quote,
    start: usize,
    mut end: usize,
    gaps: &mut [Option<GapSearch>],
) -> Option<usize> {
    if !quote.has_gap() {
        return Some(end);
    }
    let block = &text.blocks[text.block_at(start)].1;
    if end > block.end {
        return None;
    }
    let hay = &text.norm.text[..block.end];
    for (seg, last) in quote.segments[1..].iter().zip(gaps.iter_mut()) {
        if seg.is_empty() {
            return None;
        }
        let at = match *last {
            // The first place at or after `from` is the first at or after `end` too.
            Some(g)
                if g.block_end == block.end && g.from <= end && g.at.is_none_or(|a| a >= end) =>
            {
                g.at
            }
            _ => {
                let at = hay[end..].find(seg.as_str()).map(|p| end + p);
                *last = Some(GapSearch {
                    block_end: block.end,
                    from: end,
                    at,
                });
                at
            }
        };
        end = at? + seg.len();
    }
    Some(end)
}

/// Keeps the matches that `prefix` and `suffix` (if given) stand next to.
pub fn filter_context(text: &ArticleText, quote: &Quote, matches: &[Match]) -> Vec<Match> {
    let hay = text.norm.text.as_str();
    matches
        .iter()
        .filter(|m| {
            quote
                .prefix
                .as_ref()
                .is_none_or(|p| hay[..m.norm.start].trim_end().ends_with(p.as_str()))
                && quote
                    .suffix
                    .as_ref()
                    .is_none_or(|s| hay[m.norm.end..].trim_start().starts_with(s.as_str()))
        })
        .cloned()
        .collect()
}

/// For each of the first `limit` matches, the shortest run of words before
/// it (in the original text) that tells it apart from all the others: a
/// `prefix` to paste.
pub fn distinguishing_prefixes(
    text: &ArticleText,
    orig: &str,
    matches: &[Match],
    limit: usize,
) -> Vec<Option<String>> {
    let hay = text.norm.text.as_str();
    let word_starts = |end: usize| -> Vec<usize> {
        // Starts of the words before `end`, nearest first.
        let before = hay[..end].trim_end();
        let mut starts = Vec::new();
        let mut i = before.len();
        while i > 0 && starts.len() < 12 {
            let s = before[..i].rfind(' ').map_or(0, |j| j + 1);
            starts.push(s);
            i = s.saturating_sub(1);
            if s == 0 {
                break;
            }
        }
        starts
    };
    matches
        .iter()
        .take(limit)
        .map(|m| {
            let starts = word_starts(m.norm.start);
            let end = hay[..m.norm.start].trim_end().len();
            // Two words at least, where there are two: one word is brittle.
            for &s in starts.iter().skip(usize::from(starts.len() > 1)) {
                let candidate = &hay[s..end];
                let unique = matches
                    .iter()
                    .filter(|o| hay[..o.norm.start].trim_end().ends_with(candidate))
                    .count()
                    == 1;
                if unique {
                    let r = text.norm.to_original(s..end);
                    return Some(orig[r].split_whitespace().collect::<Vec<_>>().join(" "));
                }
            }
            None
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::BlockKind;

    fn article(lines: &[&str]) -> (String, Vec<Block>) {
        let text = lines.join("\n\n");
        let mut blocks = Vec::new();
        let mut pos = 0;
        for (i, l) in lines.iter().enumerate() {
            blocks.push(Block {
                kind: BlockKind::Paragraph,
                line: (i * 2 + 1) as u32,
                range: pos..pos + l.len(),
                number: Some(i as u32 + 1),
                hidden_because: None,
            });
            pos += l.len() + 2;
        }
        (text, blocks)
    }

    fn find(text: &str, blocks: &[Block], q: &str, prefix: Option<&str>) -> Vec<String> {
        let at = ArticleText::new(text, blocks);
        let quote = Quote::new(q, prefix, None);
        let all = find_all(&at, &quote);
        filter_context(&at, &quote, &all)
            .into_iter()
            .map(|m| text[m.orig].to_string())
            .collect()
    }

    /// What `find_all` finds, searched the plain way: each gap from scratch.
    fn find_all_plainly(text: &ArticleText, quote: &Quote) -> Vec<Range<usize>> {
        let hay = text.norm.text.as_str();
        let mut out = Vec::new();
        let first = quote.segments[0].as_str();
        for start in
            (0..hay.len()).filter(|&i| hay.is_char_boundary(i) && hay[i..].starts_with(first))
        {
            let block = &text.blocks[text.block_at(start)].1;
            let mut end = start + quote.segments[0].len();
            let mut ok = end <= block.end || !quote.has_gap();
            for seg in &quote.segments[1..] {
                if !ok {
                    break;
                }
                match hay[..block.end]
                    .get(end..)
                    .and_then(|h| h.find(seg.as_str()))
                {
                    Some(p) => end += p + seg.len(),
                    None => ok = false,
                }
            }
            if ok && text.norm.is_boundary(start) && text.norm.is_boundary(end) {
                out.push(start..end);
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn gaps_are_matched_as_if_searched_afresh(
            lines in proptest::collection::vec("[ab ]{1,30}", 1..4),
            quote in "[ab]{1,3}( [ab]{1,2})?( \\.\\.\\. [ab]{1,3}){0,2}",
        ) {
            let lines: Vec<&str> = lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()).collect();
            proptest::prop_assume!(!lines.is_empty());
            let (t, b) = article(&lines);
            let at = ArticleText::new(&t, &b);
            let q = Quote::new(&quote, None, None);
            proptest::prop_assume!(q.segments.iter().all(|s| !s.is_empty()));
            let found: Vec<Range<usize>> = find_all(&at, &q).into_iter().map(|m| m.norm).collect();
            proptest::prop_assert_eq!(found, find_all_plainly(&at, &q));
        }
    }

    #[test]
    fn words_of_scripts_without_spaces_count_by_their_length() {
        assert_eq!(words("has denied"), 2);
        assert_eq!(words("- a - b"), 4);
        // Japanese: two characters make about one word; punctuation ends a run.
        assert_eq!(words("港の部隊"), 2);
        assert_eq!(words("火曜日、約千五百人の兵士が港に到着した"), 2 + 8);
        // Digits and Latin letters beside them are a word of their own.
        assert_eq!(words("3,000人"), 2);
        assert_eq!(words("nato軍"), 2);
        // Thai: four characters make about one word.
        assert_eq!(words("สวัสดีครับ"), 3);
        // Korean is written with spaces.
        assert_eq!(words("서울 시청"), 2);
    }

    #[test]
    fn straight_quotes_find_curly_ones() {
        let (t, b) = article(&["It was “very likely” that officers – two – died."]);
        assert_eq!(
            find(&t, &b, "\"very  likely\" that officers - two", None),
            ["“very likely” that officers – two"]
        );
    }

    #[test]
    fn a_quote_may_cross_paragraphs() {
        let (t, b) = article(&["First ends here.", "Second starts here."]);
        assert_eq!(
            find(&t, &b, "ends here. Second", None),
            ["ends here.\n\nSecond"]
        );
    }

    #[test]
    fn a_gap_stays_inside_one_paragraph() {
        let (t, b) = article(&["Alpha beta gamma.", "Delta epsilon."]);
        assert_eq!(find(&t, &b, "Alpha ... gamma", None), ["Alpha beta gamma"]);
        assert!(find(&t, &b, "Alpha ... epsilon", None).is_empty());
        assert_eq!(find(&t, &b, "alpha … gamma", None), ["Alpha beta gamma"]);
    }

    #[test]
    fn prefix_picks_one_of_several() {
        let (t, b) = article(&["Seoul said troops moved.", "Kyiv said troops moved."]);
        assert_eq!(find(&t, &b, "troops moved", None).len(), 2);
        assert_eq!(
            find(&t, &b, "said troops moved", Some("Kyiv")),
            ["said troops moved"]
        );
    }

    #[test]
    fn suggests_distinguishing_prefixes() {
        let (t, b) = article(&["Seoul said troops moved.", "Kyiv said troops moved."]);
        let at = ArticleText::new(&t, &b);
        let all = find_all(&at, &Quote::new("troops moved", None, None));
        let p = distinguishing_prefixes(&at, &t, &all, 10);
        assert_eq!(
            p,
            [
                Some("Seoul said".to_string()),
                Some("Kyiv said".to_string())
            ]
        );
    }
}
