//! The rules that classify the lines of a text seed: site chrome, comment
//! forms, view counters and random tokens; embedded posts; photo captions
//! and credits; the title and the masthead around it; headings.

use super::words::words;
use super::{Class, FURNITURE, Line, SHORT_LINE_WORDS, listed, starts_listed, words_up_to};
use crate::ingest::BlockKind;
use crate::text::normalize;

// Phrase lists are `|`-separated and compared with normalised lines.
/// Whole-line navigation and sharing chrome of news sites.
const SITE_CHROME: &str = "close|menu|search|home|share|share this|share this article|tweet|\
    print|email|advertisement|sponsored|skip to content|skip to main content|source link|source|\
    read more|read next|continue reading|related|related articles|related posts|\
    you may also like|recommended|subscribe|sign up|sign in|log in|follow us|back to top|loading|\
    toggle navigation";
/// Starts of short chrome lines ("Read more: ...", "Share on Facebook").
const SITE_CHROME_STARTS: &str = "read more:|related:|also read:|see also:|share this |share on |\
    follow us on |subscribe to |sign up for |click here |copyright ©|© ";
/// Whole-line headings of the comment form under blog-hosted articles.
const COMMENT_FORM: &str = "leave a comment|leave a reply|leave a response|post a comment|\
    add a comment|comments|cancel reply|post comment|submit comment";
/// Starts of the comment form's fine print.
const COMMENT_FORM_STARTS: &str = "your email address will not be published|\
    required fields are marked|you must be logged in to post|save my name, email|comments are closed";
/// Fallback text of embedded video players.
const VIDEO_PLAYER: &str = "enable javascript|html5 video|browser does not support the video";
/// Words of view counters ("Visited 1 times, 1 visit(s) today", "1,234 views").
const COUNTER_WORDS: &str =
    "views|view|visits|visit|visited|reads|hits|times|time|today|total|this|week|month";
/// How agency photo captions begin.
const CAPTION_STARTS: &str = "in this photo|in this image|in this picture|in this handout|\
    in this file photo|in this undated|in this screen grab|in this still";
/// Words that identify a standalone photo credit line ("AP", "Getty Images").
const CREDIT_WORDS: &str = "getty|reuters|shutterstock|alamy|associated press";
const MONTHS: &str =
    "january|february|march|april|may|june|july|august|september|october|november|december";
/// Labels of photo credits at the end of a caption ("...soldiers.Image: dpa"); case matters.
const CREDIT_LABELS: &str = "Image:|Photo:|Photograph:|Picture:|Credit:|Foto:";
/// A post on X is at most 280 characters; allow for the text layout.
const POST_MAX_CHARS: usize = 320;

/// Why a line is web-page chrome whatever its position, if it is.
pub(super) fn chrome_reason(line: &Line) -> Option<&'static str> {
    if line.words > SHORT_LINE_WORDS {
        return None;
    }
    let norm = line.norm.as_str();
    let bare = norm.trim_matches(|c: char| !c.is_alphanumeric());
    // Counted once, and only as far as the largest limit below.
    let norm_words = words_up_to(norm, 40);
    // Prefixes like "share on " only count on short lines, not in a sentence.
    let short = norm_words <= 12;
    if listed(SITE_CHROME, bare) || (short && starts_listed(SITE_CHROME_STARTS, norm)) {
        Some("site chrome")
    } else if listed(COMMENT_FORM, bare) || starts_listed(COMMENT_FORM_STARTS, norm) {
        Some("comment form")
    } else if norm_words <= 40 && VIDEO_PLAYER.split('|').any(|p| norm.contains(p)) {
        Some("video player")
    } else if is_view_counter(norm) {
        Some("view counter")
    } else if is_random_tokens(line.text) {
        Some("random tokens")
    } else {
        None
    }
}

/// Only numbers and counter words, with at least one word that counts visits.
fn is_view_counter(norm: &str) -> bool {
    let norm = norm.replace("(s)", "s");
    let tokens: Vec<&str> = norm
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    let is_number = |w: &str| {
        w.starts_with(|c: char| c.is_ascii_digit())
            && w.chars().all(|c| c.is_ascii_digit() || ",.km".contains(c))
    };
    let counts = tokens
        .iter()
        .any(|w| listed("views|visits|visited|reads|hits", w));
    tokens.len() <= 8
        && counts
        && tokens.iter().any(|w| is_number(w))
        && tokens
            .iter()
            .all(|w| is_number(w) || listed(COUNTER_WORDS, w))
}

/// Scrapers leave lines of random keys: alphanumeric words, two thirds of them gibberish.
fn is_random_tokens(text: &str) -> bool {
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let alphanumeric = tokens
        .iter()
        .all(|t| t.chars().all(|c| c.is_ascii_alphanumeric()));
    let gibberish = tokens.iter().filter(|t| is_gibberish(t)).count();
    tokens.len() >= 2 && alphanumeric && gibberish * 3 >= tokens.len() * 2
}

/// Digits among letters, more than one camel hump (not "iPhone", "McDonald"), or
/// a lower-case word of four letters without a vowel.
fn is_gibberish(token: &str) -> bool {
    let chars: Vec<char> = token.chars().collect();
    let has = |f: fn(&char) -> bool| chars.iter().any(f);
    let humps = chars
        .windows(2)
        .filter(|p| p[0].is_ascii_lowercase() && p[1].is_ascii_uppercase());
    let no_vowel = !chars.iter().any(|c| "aeiouyAEIOUY".contains(*c));
    (has(char::is_ascii_digit) && has(char::is_ascii_alphabetic))
        || humps.count() >= 2
        || (chars.len() >= 4 && no_vowel && has(char::is_ascii_lowercase))
}

/// Embedded posts end in a signature; the lines just above it are the post.
pub(super) fn mark_embeds(lines: &[Line], classes: &mut [Option<Class>]) {
    for sig in 0..lines.len() {
        let Some(own_chars) = post_signature(lines[sig].text) else {
            continue;
        };
        if classes[sig].is_some() {
            continue;
        }
        classes[sig] = Some((BlockKind::Embed, None));
        // Walk up while the lines still fit in one post, stopping at a blank line.
        let mut budget = POST_MAX_CHARS.saturating_sub(own_chars);
        let mut i = sig;
        while i > 0 && !lines[i].blank_before && classes[i - 1].is_none() {
            let Some(left) = budget.checked_sub(lines[i - 1].text.chars().count()) else {
                break;
            };
            budget = left;
            i -= 1;
            classes[i] = Some((BlockKind::Embed, None));
        }
    }
}

/// For "— Name (@handle) Month D, YYYY": the length of any post text before the dash.
fn post_signature(text: &str) -> Option<usize> {
    // Most lines have no `@`: a byte scan rules them out first.
    memchr::memchr(b'@', text.as_bytes())?;
    let at = text.rfind("(@")?;
    let close = at + text[at..].find(')')?;
    let handle = &text[at + 2..close];
    let handle_ok = !handle.is_empty()
        && handle
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !handle_ok || !is_date(&text[close + 1..]) {
        return None;
    }
    let before = &text[..at];
    let dash = ["—", "–", "- ", "&mdash;"]
        .iter()
        .filter_map(|d| before.rfind(d))
        .max()?;
    Some(before[..dash].trim().chars().count())
}

/// "December 23, 2024", "Dec 23, 2024" or "23 December 2024".
fn is_date(text: &str) -> bool {
    let tokens: Vec<String> = text
        .split_whitespace()
        .map(|t| t.trim_end_matches([',', '.']).to_lowercase())
        .collect();
    let is_month = |t: &str| {
        MONTHS
            .split('|')
            .any(|m| m == t || (t.len() == 3 && m.starts_with(t)))
    };
    let is_day = |t: &str| (1..=2).contains(&t.len()) && t.chars().all(|c| c.is_ascii_digit());
    let is_year = |t: &str| t.len() == 4 && t.chars().all(|c| c.is_ascii_digit());
    match tokens.as_slice() {
        [a, b, year] => is_year(year) && ((is_month(a) && is_day(b)) || (is_day(a) && is_month(b))),
        _ => false,
    }
}

/// Photo captions: credited lines, agency caption openings, their alt text and credits.
pub(super) fn mark_captions(lines: &[Line], classes: &mut [Option<Class>]) {
    let caption = Some((BlockKind::Caption, None));
    for (line, class) in lines.iter().zip(classes.iter_mut()) {
        if class.is_none() && (has_credit(line.text) || starts_listed(CAPTION_STARTS, &line.norm)) {
            *class = caption;
        }
    }
    for i in 0..lines.len() {
        // Alt text sits directly above a credited caption and is not a sentence.
        let above_credit = lines
            .get(i + 1)
            .is_some_and(|next| !next.blank_before && has_credit(next.text));
        let alt =
            above_credit && classes[i + 1] == caption && last_mark(lines[i].text) != Some('.');
        // A bare credit ("AP") follows its caption, perhaps after blank lines.
        let credit = i > 0 && classes[i - 1] == caption && is_credit_line(lines[i].text);
        if classes[i].is_none() && (alt || credit) {
            classes[i] = caption;
        }
    }
}

/// "...soldiers.Image: Vladimir Smirnov/dpa": a credit label and a few names at the end.
fn has_credit(text: &str) -> bool {
    // Every label ends in `:`; a byte scan rules most lines out first.
    if memchr::memchr(b':', text.as_bytes()).is_none() {
        return false;
    }
    CREDIT_LABELS.split('|').any(|label| {
        text.rfind(label).is_some_and(|at| {
            let rest = &text[at + label.len()..];
            (1..=8).contains(&words(rest)) && (rest.contains('/') || names_only(rest))
        })
    })
}

/// A short line naming an agency: an all-capital word, a slash or an agency's name.
fn is_credit_line(text: &str) -> bool {
    if words(text) > 6 {
        return false;
    }
    let norm = normalize(text);
    let capitals = |t: &str| t.chars().count() >= 2 && t.chars().all(char::is_uppercase);
    let agency = text.split_whitespace().any(capitals)
        || text.contains('/')
        || CREDIT_WORDS.split('|').any(|w| norm.contains(w));
    let sentence = matches!(last_mark(text), Some('!' | '?' | ':' | ';' | ','));
    agency && names_only(text) && !sentence
}

/// Credits are names: no lower-case word but the joining ones ("AFP via Getty Images").
fn names_only(text: &str) -> bool {
    let lower = |t: &str| t.starts_with(char::is_lowercase) && !listed("via|and|of|for|dpa", t);
    !text.split_whitespace().any(lower)
}

/// The lines before the first paragraph hold the title and the site's masthead.
pub(super) fn mark_title_zone(lines: &[Line], classes: &mut [Option<Class>]) {
    let open: Vec<usize> = (0..lines.len()).filter(|&i| classes[i].is_none()).collect();
    let Some(end) = open
        .iter()
        .position(|&i| is_paragraph_like(lines[i].text, lines[i].words))
    else {
        // No paragraph at all: only the first line can be a title.
        if let Some(&first) = open.first() {
            classes[first] = Some((BlockKind::Title, None));
        }
        return;
    };
    let zone = &open[..end];
    // Sites print the title twice; else titles are sentences, mastheads are not.
    let norm = |i: usize| lines[i].norm.as_str();
    let repeated =
        |&i: &usize| words(norm(i)) > 1 && lines[i + 1..].iter().any(|l| l.norm == norm(i));
    let title = (zone.iter().find(|i| repeated(i)))
        .or_else(|| zone.iter().find(|&&i| words(norm(i)) >= 5))
        .or(zone.first());
    let Some(&title) = title else { return };
    classes[title] = Some((BlockKind::Title, None));
    for (line, class) in lines.iter().zip(classes.iter_mut()).skip(title + 1) {
        if line.norm == norm(title) {
            *class = Some((FURNITURE, Some("repeated title")));
        }
    }
    // Site names, taglines and section labels around the title are short.
    for &i in zone {
        if classes[i].is_none() && words(norm(i)) <= 8 {
            classes[i] = Some((FURNITURE, Some("masthead")));
        }
    }
}

/// Running text rather than a label: long, or ends like a sentence.
fn is_paragraph_like(text: &str, words: usize) -> bool {
    words >= 15 || matches!(last_mark(text), Some('.' | '!' | ':' | ';' | '…'))
}

/// Short lines that do not end like a sentence are headings; the rest paragraphs.
pub(super) fn body_kind(text: &str, words: usize) -> BlockKind {
    let sentence_end = matches!(last_mark(text), Some('.' | '!' | ':' | ';' | ',' | '…'));
    if words <= 14 && !sentence_end {
        BlockKind::Heading
    } else {
        BlockKind::Paragraph
    }
}

/// The last character of a line, looking through closing quotes.
fn last_mark(text: &str) -> Option<char> {
    text.trim_end_matches(['"', '\'', '”', '’', '»'])
        .chars()
        .next_back()
}

#[cfg(test)]
mod tests {
    use super::super::ingest;
    use super::*;
    use BlockKind::*;

    #[test]
    fn plain_english_is_never_random_tokens() {
        for line in [
            "the cat sat on the mat and slept",
            "We saw the old dog run off fast",
            "NATO and the G7 met in 2024 too",
        ] {
            assert!(!is_random_tokens(line), "{line}");
        }
        assert!(is_random_tokens("x7Gq2 kPwZt 9aBcD"));
    }

    #[test]
    fn post_signatures_in_other_styles() {
        assert_eq!(post_signature("- Jane Doe (@jane_doe) 3 May 2023"), Some(0));
        assert_eq!(
            post_signature("Hello there &mdash; Jane (@jd) Jan 5, 2021"),
            Some(11)
        );
        assert_eq!(post_signature("He wrote to Jane (@jd) on Monday"), None);
        // A blank line ends the post.
        let text =
            "Long enough paragraph that came before.\n\nShort post.\n— Jane (@jd) May 3, 2023";
        let kinds: Vec<BlockKind> = ingest(text, &[]).blocks.iter().map(|b| b.kind).collect();
        assert_eq!(kinds, [Paragraph, Embed, Embed]);
    }

    #[test]
    fn credits_are_names() {
        assert!(has_credit(
            "Troops at a parade.Image: Vladimir Smirnov/POOL/TASS/dpa"
        ));
        assert!(has_credit("Troops at a parade Photo: AFP via Getty Images"));
        assert!(!has_credit("The Bigger Picture: what we know"));
        assert!(is_credit_line("AP") && is_credit_line("Getty Images"));
        assert!(!is_credit_line("Europe’s failure") && !is_credit_line("NATO responds"));
    }

    #[test]
    fn view_counters_need_counter_words_only() {
        assert!(is_view_counter(&normalize("1,234 views")));
        assert!(!is_view_counter(&normalize("Putin visited 2 countries")));
    }
}
