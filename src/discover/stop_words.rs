//! Function words ("the", "of", "would"): words that say nothing about
//! what a passage is about, left out of discovery's terms.

use super::word_set::WordSet;

/// Function words: they say nothing about what a passage is about.
pub(super) const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "even",
    "ever",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "however",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "may",
    "me",
    "might",
    "more",
    "most",
    "must",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "per",
    "s",
    "same",
    "shall",
    "she",
    "should",
    "so",
    "some",
    "still",
    "such",
    "t",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "upon",
    "very",
    "via",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "yet",
    "you",
    "your",
    "yours",
    "yourself",
];

/// Whether a lower-case word is a function word.
pub fn is_stop_word(word: &str) -> bool {
    // No function word is longer than "themselves".
    word.len() <= 10 && STOP_SET.contains(word)
}

/// [`is_stop_word`] of a word packed by [`super::word_set::pack`] (0: not packed).
pub fn is_stop_packed(packed: u128) -> bool {
    // No function word is longer than "themselves": ten bytes.
    packed != 0 && packed >> 80 == 0 && STOP_SET.contains_packed(packed)
}

static STOP_SET: WordSet = WordSet::new(STOP_WORDS);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_function_word_is_in_the_set_and_no_longer_word() {
        for w in STOP_WORDS {
            assert!(STOP_SET.contains(w), "{w}");
            assert!(!STOP_SET.contains(&format!("{w}q")), "{w}q");
        }
    }

    #[test]
    fn stop_words_are_sorted() {
        let mut sorted = STOP_WORDS.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, STOP_WORDS);
    }
}
