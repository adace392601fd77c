//! Attributions: who a passage says is speaking ("… said", "… told",
//! "according to …"), guessed for the editor to check.

use std::ops::Range;

use super::super::words::{WordSet, for_each_word};
use super::WEEKDAYS;

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
            if (before.ends_with([',', '”', '"']) || before.is_empty())
                && let Some(who) = name_after(text, range.end)
            {
                return Some(who);
            }
        }
        if w == "according"
            && words.get(i + 1).is_some_and(|(n, _)| n == "to")
            && let Some(who) = name_after(text, words[i + 1].1.end)
        {
            return Some(who);
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
                || crate::numbers::is_month_name(&w)
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
            && crate::numbers::is_month_name(&prev.to_lowercase())
        {
            // "on October 18"
            let cut = before.len() - last.len();
            before = before[..cut].trim_end();
        } else {
            break;
        }
    }
    // "(NIS)" after a name.
    if before.ends_with(')')
        && let Some(open) = before.rfind('(')
    {
        before = before[..open].trim_end();
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
        if first.is_uppercase() || connector || !super::super::words::is_stop_word(&lower) {
            taken.push(word);
        } else {
            break;
        }
    }
    // "the Ukrainian military said": a role word may end the name.
    tidy_name(taken.into_iter().rev().collect(), true)
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
            || (!taken.is_empty() && !super::super::words::is_stop_word(&lower))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted() {
        let mut sorted = SAY_VERBS.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, SAY_VERBS);
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
}
