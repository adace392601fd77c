//! Denials and caveats: the words by which a passage denies, dismisses or
//! hedges ("denied", "rejected", "fake news", "no evidence", "could not
//! independently confirm", "neither … confirmed", "if … were deployed").

use std::ops::Range;

use super::super::words::{WordSet, for_each_word};

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

/// The starts of the words after which a passage is read for denials and
/// caveats, and whether the word must be the whole start.
const CUE_STARTS: [(&[u8], bool); 29] = [
    (b"acknowl", false),
    (b"allege", false),
    (b"baseless", true),
    (b"caution", false),
    (b"confirm", false),
    (b"corrob", false),
    (b"deni", false),
    (b"deny", false),
    (b"dismiss", false),
    (b"evidence", true),
    (b"fabricat", false),
    (b"fake", true),
    (b"false", true),
    (b"groundless", true),
    (b"hardly", true),
    (b"if", true),
    (b"observed", true),
    (b"proof", true),
    (b"refut", false),
    (b"reject", false),
    (b"rumo", false),
    (b"specul", false),
    (b"unclear", false),
    (b"unconf", false),
    (b"unfound", false),
    (b"untrue", true),
    (b"unveri", false),
    (b"vague", true),
    (b"verif", false),
];

/// A word's first three bytes, five bits of each: the same number for the
/// same three lower-case letters (and for a few other bytes, which the
/// second look turns away); `None` if it has fewer.
const fn three_letters(b: &[u8]) -> Option<usize> {
    if b.len() < 3 {
        return None;
    }
    Some(((b[0] & 31) as usize) << 10 | ((b[1] & 31) as usize) << 5 | (b[2] & 31) as usize)
}

/// Which first three letters a start of [`CUE_STARTS`] has, one bit each:
/// most words are turned away by one look at it.
static CUE_THREE: [u64; 512] = {
    let mut bits = [0u64; 512];
    let mut i = 0;
    while i < CUE_STARTS.len() {
        if let Some(n) = three_letters(CUE_STARTS[i].0) {
            bits[n / 64] |= 1 << (n % 64);
        }
        i += 1;
    }
    bits
};

/// Where the starts of [`CUE_STARTS`] (sorted) with each first byte begin,
/// and end at the next.
static CUE_FIRST: [u8; 257] = {
    let mut at = [0u8; 257];
    let mut byte = 0;
    while byte < 256 {
        let mut i = 0;
        while i < CUE_STARTS.len() && (CUE_STARTS[i].0[0] as usize) < byte {
            i += 1;
        }
        at[byte] = i as u8;
        byte += 1;
    }
    at[256] = CUE_STARTS.len() as u8;
    at
};

/// Words after which a passage is read for denials and caveats (a cheap
/// first look: [`cues`] decides).
pub fn may_cue(w: &str) -> bool {
    let b = w.as_bytes();
    match three_letters(b) {
        Some(n) if CUE_THREE[n / 64] & (1 << (n % 64)) != 0 => {}
        // The one start shorter than three letters.
        None => return b == b"if",
        Some(_) => return false,
    }
    let first = b[0] as usize;
    let starts = &CUE_STARTS[CUE_FIRST[first] as usize..CUE_FIRST[first + 1] as usize];
    starts.iter().any(|&(start, whole)| {
        if whole {
            b == start
        } else {
            b.starts_with(start)
        }
    })
}

/// The denials and caveats of a passage.
pub fn cues(text: &str) -> Vec<Cue> {
    let mut list = WordList::default();
    for_each_word(text, |w| {
        list.push(&w, text);
    });
    cues_in(&list, text)
}

/// The lower-cased words of a passage with where they stand, kept to be
/// read more than once. A word that is its own lower case (most are) is
/// not copied: it is read from the passage.
#[derive(Clone, Debug, Default)]
pub struct WordList {
    /// The lower case of the words that are not their own.
    buffer: String,
    /// Per word: its byte range in the passage, and that of its lower case
    /// in `buffer` ([`OWN`]: the passage's).
    spans: Vec<[u32; 4]>,
    /// The words that [`may_cue`]: the only ones [`cues_in`] starts from.
    may_cue: Vec<usize>,
}

/// The start of a word's lower case that is the word itself.
const OWN: u32 = u32::MAX;

impl WordList {
    pub fn clear(&mut self) {
        self.buffer.clear();
        self.spans.clear();
        self.may_cue.clear();
    }

    /// Adds word `w` of `passage`; whether it [`may_cue`].
    pub fn push(&mut self, w: &super::super::words::Word<'_>, passage: &str) -> bool {
        let may = may_cue(w.lower);
        if may {
            self.may_cue.push(self.spans.len());
        }
        // Its own lower case: the very bytes of the passage (compared as
        // addresses, not read).
        let own = w.lower.len() == w.range.len()
            && std::ptr::eq(
                w.lower.as_ptr(),
                passage.as_ptr().wrapping_add(w.range.start),
            );
        let (from, to) = if own {
            (OWN, OWN)
        } else {
            let at = self.buffer.len() as u32;
            self.buffer.push_str(w.lower);
            (at, self.buffer.len() as u32)
        };
        self.spans
            .push([w.range.start as u32, w.range.end as u32, from, to]);
        may
    }

    fn len(&self) -> usize {
        self.spans.len()
    }

    /// Word `j` of `passage`, lower-cased.
    fn word<'a>(&'a self, passage: &'a str, j: usize) -> &'a str {
        match self.spans[j] {
            [start, end, OWN, _] => &passage[start as usize..end as usize],
            [_, _, from, to] => &self.buffer[from as usize..to as usize],
        }
    }

    /// Where word `j` stands in the passage.
    fn range(&self, j: usize) -> Range<usize> {
        let [start, end, ..] = self.spans[j];
        start as usize..end as usize
    }
}

/// The denials and caveats of `passage`, whose words are `list`.
pub fn cues_in(list: &WordList, passage: &str) -> Vec<Cue> {
    let mut out = Vec::new();
    let word = |j: usize| list.word(passage, j);
    // "yet" negates only as "yet to": "have yet to confirm", not "yet another".
    let is_negation = |j: usize| {
        let w = word(j);
        // Every negation starts with `c`, `n` or `u`: most words are not looked up.
        (matches!(w.as_bytes().first(), Some(b'c' | b'n' | b'u')) && NEGATION_SET.contains(w))
            || w == "t"
            || (w == "yet" && j + 1 < list.len() && word(j + 1) == "to")
    };
    let negated = |i: usize, within: usize| (i.saturating_sub(within)..i).any(is_negation);
    for &i in &list.may_cue {
        let w = word(i);
        let range = list.range(i);
        // "fake IDs", "false flag": an adjective of something else, not a denial.
        let says_untrue = !matches!(w, "fake" | "false")
            || (i + 1 < list.len()
                && matches!(
                    word(i + 1),
                    "news"
                        | "story"
                        | "stories"
                        | "report"
                        | "reports"
                        | "claim"
                        | "claims"
                        | "information"
                ))
            || (i > 0
                && matches!(
                    word(i - 1),
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
                range,
                weak: false,
            });
        } else if CAVEATS.contains(w) {
            out.push(Cue {
                kind: CueKind::Caveat,
                range,
                weak: w.starts_with("allege"),
            });
        } else if is_confirm(w) && negated(i, 6) {
            let from = (i.saturating_sub(6)..i)
                .rev()
                .find(|&j| is_negation(j))
                .map_or(range.start, |j| list.range(j).start);
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
                .map_or((range.start, ""), |j| (list.range(j).start, word(j)));
            let direct = i >= 1 && word(i - 1) == "no";
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
                range,
                weak: false,
            });
        } else if w == "if" {
            // "if North Korean troops were actually deployed": a condition on the claim.
            let rest = i + 1..(i + 8).min(list.len());
            if rest.map(word).any(|w| w == "were" || w == "actually") {
                out.push(Cue {
                    kind: CueKind::Caveat,
                    range,
                    weak: false,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`may_cue`] without its first look, every start compared: the look
    /// at the first three letters must turn away no word this takes.
    fn may_cue_plainly(w: &str) -> bool {
        let b = w.as_bytes();
        CUE_STARTS.iter().any(|&(start, whole)| {
            if whole {
                b == start
            } else {
                b.starts_with(start)
            }
        })
    }

    #[test]
    fn words_in_capitals_are_read_in_lower_case() {
        let kinds = |t: &str| cues(t).into_iter().map(|c| c.kind).collect::<Vec<_>>();
        assert_eq!(kinds("Moscow DENIED the report"), [CueKind::Denial]);
        assert_eq!(
            kinds("Moscow has NEITHER confirmed NOR Denied it"),
            [CueKind::Caveat, CueKind::Caveat]
        );
        assert_eq!(kinds("There is No Evidence of it"), [CueKind::Denial]);
    }

    #[test]
    fn only_if_is_shorter_than_three_letters() {
        for (start, _) in CUE_STARTS {
            assert!(start.len() >= 3 || start == b"if");
            assert!(start.iter().all(u8::is_ascii_lowercase));
        }
        let mut sorted = CUE_STARTS.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, CUE_STARTS);
    }

    #[test]
    fn the_first_look_turns_away_no_cue_word() {
        for (start, whole) in CUE_STARTS {
            let start = std::str::from_utf8(start).unwrap();
            assert!(may_cue(start), "{start}");
            let longer = format!("{start}ed");
            assert_eq!(may_cue(&longer), !whole, "{longer}");
            for cut in 0..start.len() {
                assert_eq!(may_cue(&start[..cut]), may_cue_plainly(&start[..cut]));
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn may_cue_is_the_plain_reading(
            start in proptest::sample::select(CUE_STARTS.iter().map(|s| std::str::from_utf8(s.0).unwrap()).collect::<Vec<_>>()),
            cut in 0usize..12,
            rest in "[a-zA-Z0-9é]{0,4}",
        ) {
            let w = format!("{}{rest}", &start[..cut.min(start.len())]);
            proptest::prop_assert_eq!(may_cue(&w), may_cue_plainly(&w));
        }
    }

    #[test]
    fn lists_are_sorted() {
        for list in [DENIAL_WORDS, CAVEAT_WORDS] {
            let mut sorted = list.to_vec();
            sorted.sort_unstable();
            assert_eq!(sorted, list);
        }
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
}
