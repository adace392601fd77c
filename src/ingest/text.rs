//! Text seeds: every non-empty line of a seed is one block. Ingest never changes a word:
//! it only decides what each line is (title, heading, paragraph, caption,
//! embedded post, or furniture to hide) and numbers the readable passages.
//! The heuristics are deliberately small and each says why it exists.

use std::ops::Range;

use super::{Block, BlockKind, Ingested};
use crate::text::normalize;

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
                line: line.number,
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

/// Why a line is web-page chrome whatever its position, if it is.
fn chrome_reason(line: &Line) -> Option<&'static str> {
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
fn mark_embeds(lines: &[Line], classes: &mut [Option<Class>]) {
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
fn mark_captions(lines: &[Line], classes: &mut [Option<Class>]) {
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
fn mark_title_zone(lines: &[Line], classes: &mut [Option<Class>]) {
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
fn body_kind(text: &str, words: usize) -> BlockKind {
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

/// Words, not counting lone dashes and symbols.
fn words(text: &str) -> usize {
    words_up_to(text, usize::MAX)
}

/// Like [`words`], but stops counting past `cap`: long lines need no exact count.
fn words_up_to(text: &str, cap: usize) -> usize {
    let bytes = text.as_bytes();
    let mut count = 0;
    // Whether the word since the last white space is counted yet.
    let mut counted = false;
    let mut i = 0;
    while i < bytes.len() && count <= cap {
        // Eight ASCII bytes at a time; else ASCII bytes are classified
        // directly and other characters decoded.
        if let Some(block) = bytes.get(i..i + 8) {
            let block = u64::from_le_bytes(block.try_into().expect("eight bytes"));
            if block & HIGH_BITS == 0 {
                let (words, ends_counted) = ascii_words(block, counted);
                count += words;
                counted = ends_counted;
                i += 8;
                continue;
            }
        }
        let b = bytes[i];
        let (space, alnum) = if b.is_ascii() {
            i += 1;
            (b.is_ascii_whitespace(), b.is_ascii_alphanumeric())
        } else {
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            i += c.len_utf8();
            (c.is_whitespace(), is_word_char(c))
        };
        count += usize::from(alnum && !counted);
        counted = (counted || alnum) && !space;
    }
    // A block may count past `cap`.
    count.min(cap.saturating_add(1))
}

const LOW_BITS: u64 = 0x0101_0101_0101_0101;
const HIGH_BITS: u64 = LOW_BITS * 0x80;

/// The words that start in eight ASCII bytes, and whether the word at their
/// end is counted, given whether the word at their start was.
fn ascii_words(block: u64, counted: bool) -> (usize, bool) {
    let alnum = in_range(block | (LOW_BITS * 0x20), b'a', b'z') | in_range(block, b'0', b'9');
    let space = in_range(block, b' ', b' ')
        | (in_range(block, b'\t', b'\r') & !in_range(block, 0x0B, 0x0B));
    // Other bytes keep the state before them: it is carried through their
    // runs in three doubling steps.
    let other = !(alnum | space) & HIGH_BITS;
    let carry = u64::from(counted) << 7;
    let mut done = alnum | (other & carry);
    let mut keep = other;
    for shift in [8, 16, 32] {
        done |= (done << shift) & keep;
        keep &= keep << shift;
    }
    let first = alnum & !((done << 8) | carry);
    // The high bits summed into the top byte, as a popcount instruction may be missing.
    let words = (first >> 7).wrapping_mul(LOW_BITS) >> 56;
    (words as usize, done >> 63 == 1)
}

/// The high bit of each byte of an ASCII `block` that lies in `lo..=hi`.
fn in_range(block: u64, lo: u8, hi: u8) -> u64 {
    // No carry crosses bytes: they are all below 0x80.
    let at_least_lo = block + LOW_BITS * u64::from(0x80 - lo);
    let above_hi = block + LOW_BITS * u64::from(0x7F - hi);
    at_least_lo & !above_hi & HIGH_BITS
}

/// `char::is_alphanumeric`, without its table lookups for the quotes and
/// dashes of General Punctuation, none of which is a letter or digit.
fn is_word_char(c: char) -> bool {
    !matches!(c, '\u{2000}'..='\u{206F}') && c.is_alphanumeric()
}

#[cfg(test)]
mod tests {
    use super::*;
    use BlockKind::*;

    const SEEDS: [&str; 5] = [
        include_str!("../../seeds/000_940354af2434b6c9.txt"),
        include_str!("../../seeds/001_611a5efe8aee0550.txt"),
        include_str!("../../seeds/002_ce3c4f6a4555c1bb.txt"),
        include_str!("../../seeds/003_cf46bfd772648756.txt"),
        include_str!("../../seeds/004_c660a855ca50e628.txt"),
    ];

    /// Asserts the kind (and furniture reason) of each listed line of a seed.
    fn check(seed: usize, expected: &[(usize, BlockKind, Option<&str>)]) {
        let blocks = ingest(SEEDS[seed], &[]).blocks;
        for &(line, kind, why) in expected {
            let block = blocks
                .iter()
                .find(|b| b.line == line)
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
            assert_eq!((block.line, &text[block.range.clone()]), (index + 1, line));
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

    /// Words the slow way: split at white space (ASCII white space has no
    /// vertical tab), kept if they hold a letter or digit.
    fn words_slowly(text: &str) -> usize {
        let space = |c: char| {
            if c.is_ascii() {
                c.is_ascii_whitespace()
            } else {
                c.is_whitespace()
            }
        };
        (text.split(space))
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count()
    }

    #[test]
    fn general_punctuation_has_no_word_characters() {
        assert!(('\u{2000}'..='\u{206F}').all(|c| !c.is_alphanumeric()));
    }

    proptest::proptest! {
        #[test]
        fn words_are_counted_as_the_slow_way(
            text in "[a-zA-Z0-9 .,'()\\t\\n\\x0b\\x01’“—é€\u{a0}\u{2009}З]{0,100}",
            cap in 0usize..50,
        ) {
            let slowly = words_slowly(&text);
            proptest::prop_assert_eq!(words(&text), slowly);
            proptest::prop_assert_eq!(words_up_to(&text, cap), slowly.min(cap + 1));
        }

        #[test]
        fn never_panics_and_keeps_invariants(text in "[a-zA-Z0-9 .?:(@)—–\\-\u{feff}\r\n’”é€\u{301}]{0,200}") {
            check_invariants(&text);
        }
    }
}
