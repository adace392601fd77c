//! The passages discovery works on: the sentences of an article's numbered
//! blocks, and what a reader notices in each one: a denial or a caveat
//! ([`cues`]), an attribution ([`attribution`]), what makes it worth
//! checking.

use std::ops::Range;

use super::words::{WordSet, for_each_word};
use crate::numbers::{self, Kind};

mod attribution;
mod cues;

pub use attribution::attribution;
pub use cues::{Cue, CueKind, WordList, cues, cues_in, may_cue};

/// Sentences shorter than this join the sentence before them: a quote
/// needs four words to be safe ("short-quote").
pub const MIN_WORDS: usize = crate::resolve::SHORT_QUOTE_WORDS;

/// Abbreviations whose full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "apr", "aug", "capt", "co", "col", "corp", "dec", "dr", "etc", "feb", "gen", "gov", "inc",
    "jan", "jr", "jul", "jun", "lt", "ltd", "maj", "mar", "mr", "mrs", "ms", "no", "nov", "oct",
    "prof", "rep", "sen", "sep", "sept", "sgt", "sr", "st", "vs",
];

/// The sentences of `text` (one block), as byte ranges, trimmed. Sentences
/// of fewer than [`MIN_WORDS`] words are joined to a neighbour.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    sentences_into(text, &mut out);
    out
}

/// [`sentences`] into `out` (cleared first), reusing its room.
pub fn sentences_into(text: &str, out: &mut Vec<Range<usize>>) {
    out.clear();
    let mut last_words = 0;
    // Each piece between two cuts, trimmed, is a sentence or joins the last one.
    let mut piece = |from: usize, to: usize| {
        let piece = &text[from..to];
        let start = from + (piece.len() - piece.trim_start().len());
        let end = from + piece.trim_end().len();
        if start >= end {
            return;
        }
        let words = word_count(&text[start..end]);
        match out.last_mut() {
            Some(last) if words < MIN_WORDS || last_words < MIN_WORDS => {
                last.end = end;
                last_words += words;
            }
            _ => {
                out.push(start..end);
                last_words = words;
            }
        }
    };
    let mut cut = 0;
    for i in memchr::memchr3_iter(b'.', b'?', b'!', text.as_bytes()) {
        // Closing quotes and brackets stay with their sentence.
        let mut end = i + 1;
        while let Some(ch) = text[end..].chars().next() {
            if matches!(ch, '”' | '’' | '"' | '\'' | ')' | '»') {
                end += ch.len_utf8();
            } else {
                break;
            }
        }
        let Some(space) = text[end..].chars().next() else {
            continue;
        };
        if !space.is_whitespace() {
            continue;
        }
        let rest = text[end..].trim_start();
        let Some(next) = rest.chars().next() else {
            continue;
        };
        if !(next.is_uppercase() || next.is_ascii_digit() || matches!(next, '“' | '"' | '‘' | '('))
        {
            continue;
        }
        if text.as_bytes()[i] == b'.' && is_abbreviation(&text[..i]) {
            continue;
        }
        let next_cut = text.len() - rest.len();
        piece(cut, next_cut);
        cut = next_cut;
    }
    piece(cut, text.len());
}

/// Words of a text, counted at ASCII white space (enough to tell a
/// fragment from a sentence).
fn word_count(s: &str) -> usize {
    let mut count = 0;
    let mut in_word = false;
    for &b in s.as_bytes() {
        let space = b.is_ascii_whitespace();
        if !space && !in_word {
            count += 1;
            // Only whether a piece is short matters: a long one is not read to its end.
            if count >= MIN_WORDS {
                return count;
            }
        }
        in_word = !space;
    }
    count
}

/// Whether the text before a full stop ends with an abbreviation: a
/// single letter ("U.S.", "J."), or one of [`ABBREVIATIONS`].
fn is_abbreviation(before: &str) -> bool {
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic())
        .last()
        .map_or(before.len(), |(i, _)| i);
    let word = &before[start..];
    if word.chars().count() == 1 {
        return true;
    }
    static SET: WordSet = WordSet::new(ABBREVIATIONS);
    // Lower-cased on the stack: asked at every full stop.
    let mut lower = [0u8; 5];
    let Some(lower) = lower.get_mut(..word.len()) else {
        return false;
    };
    lower.copy_from_slice(word.as_bytes());
    lower.make_ascii_lowercase();
    std::str::from_utf8(lower).is_ok_and(|w| SET.contains(w))
}

/// Why a passage is worth checking.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Worth {
    /// It states a figure.
    Number,
    /// It names who says so: "X said", "according to X".
    Attribution,
    /// It quotes someone's words.
    Quotation,
    /// It dates an event.
    Date,
}

impl Worth {
    pub fn id(self) -> &'static str {
        match self {
            Worth::Number => "number",
            Worth::Attribution => "attribution",
            Worth::Quotation => "quotation",
            Worth::Date => "date",
        }
    }
}

pub(super) const WEEKDAYS: &[&str] = &[
    "friday",
    "monday",
    "saturday",
    "sunday",
    "thursday",
    "tuesday",
    "wednesday",
];

/// What makes a passage worth checking; empty if nothing does.
pub fn worth(text: &str) -> Vec<Worth> {
    let mut out = Vec::new();
    let reading = numbers::read(text);
    let figure = reading.numbers.iter().any(|n| match n.kind {
        Kind::Count => {
            let written = &text[n.figure.clone()];
            written.chars().any(|c| c.is_ascii_digit()) || n.low >= 10.0
        }
        Kind::Money | Kind::Percent => true,
        _ => false,
    });
    if figure {
        out.push(Worth::Number);
    }
    if attribution(text).is_some() {
        out.push(Worth::Attribution);
    }
    if quotation(text) {
        out.push(Worth::Quotation);
    }
    let mut dated = reading
        .numbers
        .iter()
        .any(|n| matches!(n.kind, Kind::Date | Kind::Year));
    if !dated {
        for_each_word(text, |w| {
            dated |= WEEKDAYS.binary_search(&w.lower).is_ok();
        });
    }
    if dated {
        out.push(Worth::Date);
    }
    out
}

/// Whether the text quotes at least three words in quotation marks.
fn quotation(text: &str) -> bool {
    let mut rest = text;
    while let Some(open) = rest.find(['“', '"']) {
        let mark = rest[open..].chars().next().unwrap_or('"');
        let after = &rest[open + mark.len_utf8()..];
        let Some(close) = after.find(['”', '"']) else {
            // An unclosed quotation runs to the end of the passage.
            return after.split_whitespace().count() >= 3;
        };
        if after[..close].split_whitespace().count() >= 3 {
            return true;
        }
        let close_len = after[close..].chars().next().map_or(1, char::len_utf8);
        rest = &after[close + close_len..];
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn lists_are_sorted() {
        for list in [ABBREVIATIONS, WEEKDAYS] {
            let mut sorted = list.to_vec();
            sorted.sort_unstable();
            assert_eq!(sorted, list);
        }
    }

    #[test]
    fn sentences_split_at_full_stops_not_abbreviations() {
        assert_eq!(
            split(
                "He said more weapons were used on Jan. 2. The U.S. said so too. “We know,” he said."
            ),
            [
                "He said more weapons were used on Jan. 2.",
                "The U.S. said so too.",
                "“We know,” he said."
            ]
        );
        // A fragment joins its neighbour; no space after a stop, no split.
        assert_eq!(
            split("Yes. It was there. of weapons.Image: dpa"),
            ["Yes. It was there. of weapons.Image: dpa"]
        );
        assert_eq!(
            split("“Is it?” She asked them twice."),
            ["“Is it?” She asked them twice."]
        );
    }

    #[test]
    fn check_worthy_passages() {
        assert_eq!(
            worth("Officials said on Friday that 1,500 troops had moved."),
            [Worth::Number, Worth::Attribution, Worth::Date]
        );
        assert_eq!(
            worth("“This is not what we have observed so far,” he said."),
            [Worth::Quotation]
        );
        assert!(worth("Western restraint").is_empty());
    }
}
