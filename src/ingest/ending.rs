//! Calls to action: what sites put under and between an article's
//! paragraphs to make the reader do something else ("Share this article",
//! "Subscribe to our newsletter", "Read more:", "If you enjoyed reading this
//! post…"), with the links and labels that follow them.

use super::BlockKind;
use super::classify::{is_prose, word_count};
use super::html::Raw;
use crate::text::normalize;

/// Phrases of calls to action, as [`normalize`] writes them (lower case,
/// straight apostrophes), in the languages of most saved pages: English,
/// German, French, Spanish and Italian.
const CALLS_TO_ACTION: &[&str] = &[
    // Sharing.
    "share this",
    "share on ",
    "share the article",
    "artikel teilen",
    "beitrag teilen",
    "zu teilen",
    "mit anderen teilen",
    "teilen sie",
    "partagez",
    "partager cet",
    "comparte",
    "compartir en",
    "condividi",
    // Subscribing, following, supporting.
    "subscribe",
    "newsletter",
    "sign up for",
    "abonnieren",
    "abonnez",
    "suscríbete",
    "iscriviti",
    "follow us",
    "folgen sie uns",
    "folge uns",
    "suivez-nous",
    "síguenos",
    "seguici",
    "support our",
    "support us",
    "unterstützen sie",
    "jetzt unterstützen",
    "soutenez",
    "donate",
    // Liking, rating, commenting.
    "enjoyed this",
    "enjoyed reading",
    "like this article",
    "like this post",
    "artikel gefallen",
    "beitrag gefallen",
    "rate this",
    "leave a comment",
    "post a comment",
    "kommentar schreiben",
    "laisser un commentaire",
    // The blog's filing of the post.
    "this entry was posted",
    "bookmark the permalink",
    "posted in ",
    "filed under",
    "category :",
    "category:",
    "categories:",
    "kategorie:",
    "kategorien:",
    "schlagwörter",
    // Reading on, and whom to ask.
    "more information",
    "for more information",
    "weitere informationen",
    "mehr informationen",
    "plus d'informations",
    "más información",
    "contact:",
    "kontakt:",
    "pressekontakt",
    "read more",
    "read also",
    "weiterlesen",
    "mehr zum thema",
    "lesen sie auch",
    "lire aussi",
    "lee también",
    "leggi anche",
];

/// A call to action is short.
const CALL_MAX_WORDS: usize = 25;

/// Within the text, a call to action is a label: at most this many words,
/// not ending in a full stop (a sentence that names a newsletter there is
/// the article's own).
const LABEL_MAX_WORDS: usize = 15;

/// In the last part of the main text (less than this share of its words
/// after it), a call to action may also be a sentence.
const TAIL_SHARE: f64 = 0.2;

/// Marks every call to action in the main text as furniture, with the
/// blocks after it up to where the text goes on: a call to action is
/// followed by its links and labels, and prose after them means the
/// article continues.
pub(super) fn hide_calls_to_action(raws: &[Raw], out: &mut [(BlockKind, Option<&'static str>)]) {
    let main: Vec<usize> = (0..out.len())
        .filter(|&i| !matches!(out[i].0, BlockKind::Furniture | BlockKind::Title))
        .collect();
    let words: Vec<usize> = main.iter().map(|&i| word_count(&raws[i].text)).collect();
    let total: usize = words.iter().sum();
    // Whether the text goes on at each block of main text: prose, or
    // headings whose next block is prose.
    let mut goes_on = vec![false; main.len()];
    for m in (0..main.len()).rev() {
        goes_on[m] = if out[main[m]].0 == BlockKind::Heading {
            goes_on.get(m + 1).copied().unwrap_or(false)
        } else {
            is_prose(&raws[main[m]])
        };
    }
    let mut after = 0;
    let mut is_call = vec![false; main.len()];
    for m in (0..main.len()).rev() {
        let text = &raws[main[m]].text;
        let in_tail = (after as f64) < TAIL_SHARE * total as f64;
        let label = words[m] <= LABEL_MAX_WORDS && !ends_with_full_stop(text);
        is_call[m] = words[m] <= CALL_MAX_WORDS && (in_tail || label) && is_call_to_action(text);
        after += words[m];
    }
    let mut hiding = false;
    for m in 0..main.len() {
        if is_call[m] {
            hiding = true;
        } else if goes_on[m] {
            hiding = false;
        }
        if hiding {
            out[main[m]] = (BlockKind::Furniture, Some("call to action"));
        }
    }
}

fn ends_with_full_stop(text: &str) -> bool {
    text.trim_end_matches(['"', '\'', '”', '’', '»', ')'])
        .ends_with(['.', '…'])
}

/// Whether a phrase of [`CALLS_TO_ACTION`] starts a word of the text
/// ("unsubscribe" is not "subscribe").
fn is_call_to_action(text: &str) -> bool {
    let norm = normalize(text);
    CALLS_TO_ACTION.iter().any(|p| {
        norm.match_indices(p).any(|(at, _)| {
            !norm[..at]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
        })
    })
}
