//! The passages discovery works on: the sentences of an article's numbered
//! blocks, and what a reader notices in each one: a denial or a caveat, an
//! attribution ("… said", "according to …"), what makes it worth checking.

use std::ops::Range;

use super::words::{WordSet, for_each_word};
use crate::numbers::{self, Kind};

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
    let mut cuts = vec![0];
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
        cuts.push(text.len() - rest.len());
    }
    cuts.push(text.len());
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut last_words = 0;
    for w in cuts.windows(2) {
        let piece = &text[w[0]..w[1]];
        let start = w[0] + (piece.len() - piece.trim_start().len());
        let end = w[0] + piece.trim_end().len();
        if start >= end {
            continue;
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
    }
    out
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
    word.len() <= 5 && SET.contains(&word.to_ascii_lowercase())
}

/// What a passage says against or around a claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CueKind {
    /// Denies or dismisses: "rejected", "denied", "fake news", "no evidence".
    Denial,
    /// Hedges: "could not be verified", "speculation", "if … were deployed".
    Caveat,
}

/// A denial or caveat found in a passage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cue {
    pub kind: CueKind,
    /// The words that carry it, as a byte range of the passage text.
    pub range: Range<usize>,
    /// Only "alleged" or "allegedly": a hedge on one word of the passage,
    /// enough to suggest it, not to warn about it.
    pub weak: bool,
}

const DENIAL_WORDS: &[&str] = &[
    "baseless",
    "denial",
    "denials",
    "denied",
    "denies",
    "deny",
    "denying",
    "dismiss",
    "dismissed",
    "dismisses",
    "dismissing",
    "fabricated",
    "fabrication",
    "fake",
    "false",
    "groundless",
    "refute",
    "refuted",
    "refutes",
    "reject",
    "rejected",
    "rejects",
    "unfounded",
    "untrue",
];

const CAVEAT_WORDS: &[&str] = &[
    "alleged",
    "allegedly",
    "caution",
    "cautioned",
    "cautions",
    "rumor",
    "rumors",
    "rumour",
    "rumours",
    "speculation",
    "speculative",
    "unclear",
    "unconfirmed",
    "unverifiable",
    "unverified",
    "vague",
];

static DENIALS: WordSet = WordSet::new(DENIAL_WORDS);
static CAVEATS: WordSet = WordSet::new(CAVEAT_WORDS);
static NEGATION_SET: WordSet = WordSet::new(NEGATIONS);

/// Words that, shortly before "confirmed" or "verify", make it a caveat.
const NEGATIONS: &[&str] = &["cannot", "neither", "never", "no", "nor", "not", "unable"];

fn is_confirm(w: &str) -> bool {
    ["confirm", "verif", "corroborat", "acknowledg"]
        .iter()
        .any(|p| w.starts_with(p))
}

/// Whether `b` starts with the bytes `p` (compared as one fixed-size
/// array: no call per word).
fn starts<const N: usize>(b: &[u8], p: &[u8; N]) -> bool {
    b.len() >= N && b[..N] == *p
}

/// Words after which a passage is read for denials and caveats (a cheap
/// first look: [`cues`] decides).
pub fn may_cue(w: &str) -> bool {
    let b = w.as_bytes();
    match b.first() {
        Some(b'a') => starts(b, b"allege") || starts(b, b"acknowl"),
        Some(b'b') => b == b"baseless",
        Some(b'c') => starts(b, b"confirm") || starts(b, b"corrob") || starts(b, b"caution"),
        Some(b'd') => starts(b, b"deni") || starts(b, b"deny") || starts(b, b"dismiss"),
        Some(b'e') => b == b"evidence",
        Some(b'f') => b == b"fake" || b == b"false" || starts(b, b"fabricat"),
        Some(b'g') => b == b"groundless",
        Some(b'h') => b == b"hardly",
        Some(b'i') => b == b"if",
        Some(b'o') => b == b"observed",
        Some(b'p') => b == b"proof",
        Some(b'r') => starts(b, b"reject") || starts(b, b"refut") || starts(b, b"rumo"),
        Some(b's') => starts(b, b"specul"),
        Some(b'u') => {
            starts(b, b"unclear")
                || starts(b, b"unconf")
                || starts(b, b"unveri")
                || starts(b, b"unfound")
                || b == b"untrue"
        }
        Some(b'v') => starts(b, b"verif") || b == b"vague",
        _ => false,
    }
}

/// The denials and caveats of a passage.
pub fn cues(text: &str) -> Vec<Cue> {
    let mut list = WordList::default();
    for_each_word(text, |w| list.push(&w));
    cues_in(&list)
}

/// The lower-cased words of a passage with where they stand, kept to be
/// read more than once.
#[derive(Clone, Debug, Default)]
pub struct WordList {
    buffer: String,
    spans: Vec<(Range<usize>, Range<usize>)>,
}

impl WordList {
    pub fn clear(&mut self) {
        self.buffer.clear();
        self.spans.clear();
    }

    pub fn push(&mut self, w: &super::words::Word<'_>) {
        let at = self.buffer.len();
        self.buffer.push_str(w.lower);
        self.spans.push((at..self.buffer.len(), w.range.clone()));
    }
}

/// The denials and caveats of a passage whose words are `list`.
pub fn cues_in(list: &WordList) -> Vec<Cue> {
    let words: Vec<(&str, Range<usize>)> = list
        .spans
        .iter()
        .map(|(b, r)| (&list.buffer[b.clone()], r.clone()))
        .collect();
    let mut out = Vec::new();
    // "yet" negates only as "yet to": "have yet to confirm", not "yet another".
    let is_negation = |j: usize| {
        let w = words[j].0;
        NEGATION_SET.contains(w)
            || w == "t"
            || (w == "yet" && words.get(j + 1).is_some_and(|(n, _)| *n == "to"))
    };
    let negated = |i: usize, within: usize| (i.saturating_sub(within)..i).any(is_negation);
    for (i, (w, range)) in words.iter().enumerate() {
        let w = *w;
        if !may_cue(w) {
            continue;
        }
        // "fake IDs", "false flag": an adjective of something else, not a denial.
        let says_untrue = !matches!(w, "fake" | "false")
            || words.get(i + 1).is_some_and(|(n, _)| {
                matches!(
                    *n,
                    "news"
                        | "story"
                        | "stories"
                        | "report"
                        | "reports"
                        | "claim"
                        | "claims"
                        | "information"
                )
            })
            || (i > 0
                && matches!(
                    words[i - 1].0,
                    "is" | "was" | "are" | "were" | "a" | "another" | "completely" | "entirely"
                ));
        if says_untrue && DENIALS.contains(w) {
            // "neither confirmed nor denied" does not deny.
            let kind = if negated(i, 2) {
                CueKind::Caveat
            } else {
                CueKind::Denial
            };
            out.push(Cue {
                kind,
                range: range.clone(),
                weak: false,
            });
        } else if CAVEATS.contains(w) {
            out.push(Cue {
                kind: CueKind::Caveat,
                range: range.clone(),
                weak: w.starts_with("allege"),
            });
        } else if is_confirm(w) && negated(i, 6) {
            let from = (i.saturating_sub(6)..i)
                .rev()
                .find(|&j| is_negation(j))
                .map_or(range.start, |j| words[j].1.start);
            out.push(Cue {
                kind: CueKind::Caveat,
                range: from..range.end,
                weak: false,
            });
        } else if matches!(w, "evidence" | "proof") && negated(i, 4) {
            // "no evidence" denies; "have not made public any evidence" hedges.
            let (from, neg) = (i.saturating_sub(4)..i)
                .rev()
                .find(|&j| is_negation(j))
                .map_or((range.start, ""), |j| (words[j].1.start, words[j].0));
            let direct = i >= 1 && words[i - 1].0 == "no";
            out.push(Cue {
                kind: if direct && neg == "no" {
                    CueKind::Denial
                } else {
                    CueKind::Caveat
                },
                range: from..range.end,
                weak: false,
            });
        } else if w == "hardly" || (w == "observed" && negated(i, 4)) {
            out.push(Cue {
                kind: CueKind::Caveat,
                range: range.clone(),
                weak: false,
            });
        } else if w == "if" {
            // "if North Korean troops were actually deployed": a condition on the claim.
            let rest = &words[i + 1..(i + 8).min(words.len())];
            if rest.iter().any(|(w, _)| *w == "were" || *w == "actually") {
                out.push(Cue {
                    kind: CueKind::Caveat,
                    range: range.clone(),
                    weak: false,
                });
            }
        }
    }
    out
}

/// Verbs of attribution: "X said", "X told reporters".
const SAY_VERBS: &[&str] = &[
    "acknowledged",
    "added",
    "adds",
    "announced",
    "argued",
    "asserted",
    "believes",
    "cautioned",
    "claimed",
    "confirmed",
    "denied",
    "dismissed",
    "estimated",
    "estimates",
    "explained",
    "insisted",
    "noted",
    "posted",
    "rejected",
    "reported",
    "said",
    "say",
    "says",
    "stated",
    "tells",
    "told",
    "warned",
    "warns",
    "wrote",
];

static SAYING: WordSet = WordSet::new(SAY_VERBS);

/// Words between a name and its verb: "X has said", "X also told".
const BETWEEN_NAME_AND_VERB: &[&str] = &[
    "again",
    "also",
    "earlier",
    "had",
    "has",
    "have",
    "initially",
    "later",
    "previously",
    "recently",
    "reportedly",
    "then",
];

const PRONOUNS: &[&str] = &[
    "he", "her", "his", "i", "it", "she", "the", "their", "they", "this", "we", "you",
];

/// Who a passage attributes its statement to, when it says so plainly:
/// "Kremlin spokesman Dmitry Peskov told reporters", "according to the
/// BBC", "said Kim". A guess, for the editor to check.
pub fn attribution(text: &str) -> Option<String> {
    let mut words: Vec<(String, Range<usize>)> = Vec::new();
    for_each_word(text, |w| words.push((w.lower.to_string(), w.range)));
    for (i, (w, range)) in words.iter().enumerate() {
        // "neither Kim nor Putin have confirmed": nobody said it.
        let negated = words[i.saturating_sub(8)..i]
            .iter()
            .any(|(b, _)| matches!(b.as_str(), "neither" | "nor" | "not" | "never" | "t"));
        if SAYING.contains(w) && !negated {
            if let Some(who) = name_before(text, range.start) {
                return Some(who);
            }
            // "…,” said Kremlin spokesman Dmitry Peskov.
            let before = text[..range.start].trim_end();
            if before.ends_with([',', '”', '"']) || before.is_empty() {
                if let Some(who) = name_after(text, range.end) {
                    return Some(who);
                }
            }
        }
        if w == "according" && words.get(i + 1).is_some_and(|(n, _)| n == "to") {
            if let Some(who) = name_after(text, words[i + 1].1.end) {
                return Some(who);
            }
        }
    }
    None
}

/// The name that ends right before byte `at`: capitalised words, with the
/// role words and connectors inside it ("Kremlin spokesman Dmitry Peskov",
/// "South Korea's National Intelligence Service").
fn name_before(text: &str, at: usize) -> Option<String> {
    let mut before = text[..at].trim_end();
    // Skip "has", "also", "reportedly" between the name and the verb.
    loop {
        let last = before.rsplit(char::is_whitespace).next().unwrap_or("");
        if BETWEEN_NAME_AND_VERB.contains(&last.to_lowercase().as_str()) && !last.is_empty() {
            before = before[..before.len() - last.len()].trim_end();
        } else {
            break;
        }
    }
    // "on Wednesday", "last week", "in March": when, not who.
    loop {
        let words: Vec<&str> = before.rsplitn(3, char::is_whitespace).collect();
        let (last, prev) = (
            words.first().copied().unwrap_or(""),
            words.get(1).copied().unwrap_or(""),
        );
        let when = |w: &str| {
            let w = w.trim_end_matches(['.', ',']).to_lowercase();
            WEEKDAYS.binary_search(&w.as_str()).is_ok()
                || matches!(
                    w.as_str(),
                    "week" | "month" | "year" | "today" | "yesterday"
                )
                || crate::numbers::read(&w)
                    .numbers
                    .iter()
                    .any(|n| n.kind == crate::numbers::Kind::Year)
                || is_month_name(&w)
        };
        let lead = matches!(
            prev.to_lowercase().as_str(),
            "on" | "in" | "last" | "this" | "since"
        );
        if when(last) && lead {
            let cut = before.len() - last.len();
            before = before[..cut].trim_end();
            before = before[..before.len() - prev.len()].trim_end();
        } else if last.chars().all(|c| c.is_ascii_digit())
            && !last.is_empty()
            && is_month_name(&prev.to_lowercase())
        {
            // "on October 18"
            let cut = before.len() - last.len();
            before = before[..cut].trim_end();
        } else {
            break;
        }
    }
    // "(NIS)" after a name.
    if before.ends_with(')') {
        if let Some(open) = before.rfind('(') {
            before = before[..open].trim_end();
        }
    }
    // "Edward Howell, a lecturer at …, told": the name is before the apposition.
    if let Some(inner) = before.strip_suffix(',') {
        let open = inner.rfind(',')?;
        before = inner[..open].trim_end();
    }
    let mut taken: Vec<&str> = Vec::new();
    for word in before.rsplit(char::is_whitespace) {
        let bare = word.trim_end_matches(['’', '\'']);
        if bare.is_empty() || taken.len() >= 10 {
            break;
        }
        let first = bare.chars().next()?;
        let plain = bare
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '’' | '\'' | '.'));
        if !plain {
            break;
        }
        let lower = bare.to_lowercase();
        let connector = matches!(lower.as_str(), "of" | "the" | "for" | "and");
        if first.is_uppercase() || connector || !super::words::is_stop_word(&lower) {
            taken.push(word);
        } else {
            break;
        }
    }
    // "the Ukrainian military said": a role word may end the name.
    tidy_name(taken.into_iter().rev().collect(), true)
}

fn is_month_name(w: &str) -> bool {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    MONTHS.contains(&w)
}

/// The name that starts right after byte `at`, up to punctuation.
fn name_after(text: &str, at: usize) -> Option<String> {
    let mut taken: Vec<&str> = Vec::new();
    for word in text[at..].split_whitespace() {
        let bare = word.trim_end_matches([',', '.', ';', ':', '”', '"', ')']);
        let ends = bare.len() < word.len();
        if bare.is_empty() || taken.len() >= 10 {
            break;
        }
        let lower = bare.to_lowercase();
        let first = bare.chars().next()?;
        let connector = matches!(lower.as_str(), "of" | "the" | "for" | "and");
        if first.is_uppercase()
            || connector
            || (!taken.is_empty() && !super::words::is_stop_word(&lower))
        {
            taken.push(bare);
        } else {
            break;
        }
        if ends {
            break;
        }
    }
    tidy_name(taken, false)
}

/// A name from its words: no leading or trailing connectors, no leading
/// lower-case words (nor trailing ones unless `lower_end`); at least one
/// capitalised word; not a pronoun.
fn tidy_name(mut words: Vec<&str>, lower_end: bool) -> Option<String> {
    let capital = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let connector = |w: &str| matches!(w.to_lowercase().as_str(), "of" | "the" | "for" | "and");
    while words.first().is_some_and(|w| !capital(w) || connector(w)) {
        words.remove(0);
    }
    while words
        .last()
        .is_some_and(|w| connector(w) || (!capital(w) && !lower_end))
    {
        words.pop();
    }
    if words.is_empty() {
        return None;
    }
    let name = words.join(" ");
    let name = name.trim_end_matches(['’', '\'']).to_string();
    let lower = name.to_lowercase();
    if PRONOUNS.contains(&lower.as_str()) {
        return None;
    }
    Some(name)
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

const WEEKDAYS: &[&str] = &[
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
        for list in [
            ABBREVIATIONS,
            DENIAL_WORDS,
            CAVEAT_WORDS,
            SAY_VERBS,
            WEEKDAYS,
        ] {
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
    fn denials_and_caveats() {
        let kinds = |t: &str| cues(t).into_iter().map(|c| c.kind).collect::<Vec<_>>();
        assert_eq!(
            kinds("However, Russia has rejected the accusation"),
            [CueKind::Denial]
        );
        assert_eq!(
            kinds("Moscow has neither confirmed nor denied the presence"),
            [CueKind::Caveat, CueKind::Caveat]
        );
        assert_eq!(
            kinds("Al Jazeera has not been able to independently verify the figures."),
            [CueKind::Caveat]
        );
        assert_eq!(
            kinds("allies “have no evidence that North Korean soldiers are involved”"),
            [CueKind::Denial]
        );
        assert_eq!(
            kinds("if North Korean troops were actually deployed to fight"),
            [CueKind::Caveat]
        );
        assert!(kinds("If North Korea receives half of that amount").is_empty());
        assert!(kinds("They were given fake IDs to disguise them").is_empty());
        assert_eq!(
            kinds("“This is yet another fake news story,” he said."),
            [CueKind::Denial]
        );
        assert_eq!(
            kinds("Ukraine and South Korea have not released any evidence to support their claims"),
            [CueKind::Caveat]
        );
        assert!(kinds("Officials confirmed the transfer on Friday.").is_empty());
        let text = "Neither Russia nor North Korea have yet officially confirmed the results.";
        let c = &cues(text)[0];
        assert_eq!(
            &text[c.range.clone()],
            "nor North Korea have yet officially confirmed"
        );
        assert_eq!(kinds("They have yet to confirm it."), [CueKind::Caveat]);
    }

    #[test]
    fn attributions() {
        let who = |t: &str| attribution(t);
        assert_eq!(
            who("“This looks like yet another fake news,” Kremlin spokesman Dmitry Peskov told reporters earlier this month.").as_deref(),
            Some("Kremlin spokesman Dmitry Peskov")
        );
        assert_eq!(
            who("“We cannot rule it out,” Edward Howell, a professor at the University of Oxford, told Al Jazeera.").as_deref(),
            Some("Edward Howell")
        );
        assert_eq!(
            who("And on Friday, October 18, South Korea's National Intelligence Service said Russian ships moved troops.").as_deref(),
            Some("South Korea's National Intelligence Service")
        );
        assert_eq!(
            who("There are now almost 11,000 troops there, Kyiv’s Defense Intelligence Directorate has said.").as_deref(),
            Some("Kyiv’s Defense Intelligence Directorate")
        );
        assert_eq!(
            who("On October 9, the Ukrainian military said it had attacked an arsenal.").as_deref(),
            Some("Ukrainian military")
        );
        assert_eq!(
            who("Troops moved, according to Yonhap, a major South Korean news agency.").as_deref(),
            Some("Yonhap")
        );
        assert_eq!(
            who("“It is over,” said Kim Yong-hyun.").as_deref(),
            Some("Kim Yong-hyun")
        );
        assert_eq!(who("He said Ukrainian intelligence had found it."), None);
        assert_eq!(
            who("So far, neither Kim Jong Un nor Vladimir Putin have confirmed arms deliveries."),
            None
        );
        assert_eq!(
            who("The three countries on Wednesday announced a new team.").as_deref(),
            None
        );
        assert_eq!(
            who("NATO spokeswoman Farah Dakhallah told DW in Brussels on Wednesday that it was.")
                .as_deref(),
            Some("NATO spokeswoman Farah Dakhallah")
        );
        assert_eq!(
            who("According to a report published last Friday, it wants more."),
            None
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
