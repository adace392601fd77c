//! The tokens of a text as numbers are read from it: numeric literals
//! (digits with separators, a decimal part, a glued suffix), runs of
//! letters and single other characters; and the word lists the reading
//! uses.

use std::ops::Range;

#[derive(Clone, Debug)]
pub(super) struct Tok {
    pub(super) range: Range<usize>,
    pub(super) kind: TokKind,
}

#[derive(Clone, Debug)]
pub(super) enum TokKind {
    /// A numeric literal: digits with separators, a decimal part, and a
    /// suffix read with it.
    Num(Literal),
    /// A run of letters.
    Word,
    /// One other visible character.
    Punct(char),
}

#[derive(Clone, Debug)]
pub(super) struct Literal {
    pub(super) value: f64,
    /// Integer digits written, without separators.
    pub(super) digits: usize,
    /// Written with thousands separators.
    pub(super) grouped: bool,
    pub(super) decimal: bool,
    pub(super) ordinal: bool,
    pub(super) percent: bool,
    /// A multiplier written onto the digits: "12k", "1.5bn", "$2m".
    pub(super) suffix: Option<Suffix>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Suffix {
    Thousand,
    Billion,
    /// `m`/`mn`: millions, but only after a currency sign (else metres).
    Million,
}

pub(super) fn is_sep_space(c: char) -> bool {
    matches!(c, '\u{a0}' | '\u{202f}' | '\u{2009}')
}

pub(super) fn tokens(text: &str) -> Vec<Tok> {
    let mut toks = Vec::new();
    let mut chars = text.char_indices().peekable();
    let mut prev: Option<char> = None;
    let mut prev2: Option<char> = None;
    while let Some(&(start, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            prev2 = prev;
            prev = Some(c);
            continue;
        }
        if c.is_ascii_digit() {
            // A digit glued to a word ("Hwasong-11", "F-16", "4NAxE") is a name, not a figure.
            let glued = prev.is_some_and(char::is_alphanumeric)
                || (prev == Some('-') && prev2.is_some_and(char::is_alphabetic));
            let (end, literal) = literal(text, start);
            // Skip the rest of the run.
            while chars.peek().is_some_and(|&(i, _)| i < end) {
                chars.next();
            }
            let last = text[..end].chars().next_back();
            prev2 = text[..end].chars().rev().nth(1);
            prev = last;
            match literal {
                Some(l) if !glued => toks.push(Tok {
                    range: start..end,
                    kind: TokKind::Num(l),
                }),
                _ => toks.push(Tok {
                    range: start..end,
                    kind: TokKind::Punct('#'),
                }),
            }
            continue;
        }
        if c.is_alphabetic() {
            let mut end = start;
            while let Some(&(i, ch)) = chars.peek() {
                if ch.is_alphabetic() || (ch.is_alphanumeric() && !ch.is_ascii_digit()) {
                    end = i + ch.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            // Letters run into digits ("A4"): the digits belong to the word.
            while let Some(&(i, ch)) = chars.peek() {
                if ch.is_alphanumeric() {
                    end = i + ch.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            prev2 = text[..end].chars().rev().nth(1);
            prev = text[..end].chars().next_back();
            toks.push(Tok {
                range: start..end,
                kind: TokKind::Word,
            });
            continue;
        }
        chars.next();
        prev2 = prev;
        prev = Some(c);
        toks.push(Tok {
            range: start..start + c.len_utf8(),
            kind: TokKind::Punct(c),
        });
    }
    toks
}

/// Reads the numeric literal at `start` (an ASCII digit): returns where
/// the run ends and the literal, or `None` if the run is not a figure
/// (a time "10:30", an ISO date, digits run into letters).
pub(super) fn literal(text: &str, start: usize) -> (usize, Option<Literal>) {
    let b = text.as_bytes();
    let digits_from = |mut i: usize| {
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        i
    };
    let mut end = digits_from(start);
    let first_group = end - start;
    let mut int_digits: String = text[start..end].to_string();
    let mut grouped = false;
    // Thousands separators: a comma, or a no-break or thin space, before exactly three digits.
    if first_group <= 3 {
        loop {
            let (sep_len, ok) = match text[end..].chars().next() {
                Some(',') => (1, true),
                Some(c) if is_sep_space(c) => (c.len_utf8(), true),
                _ => (0, false),
            };
            if !ok {
                break;
            }
            let g = end + sep_len;
            let ge = digits_from(g);
            if ge - g == 3 {
                int_digits.push_str(&text[g..ge]);
                end = ge;
                grouped = true;
            } else {
                break;
            }
        }
    }
    let mut value_text = int_digits.clone();
    let mut decimal = false;
    if b.get(end) == Some(&b'.') && b.get(end + 1).is_some_and(u8::is_ascii_digit) {
        let de = digits_from(end + 1);
        value_text.push('.');
        value_text.push_str(&text[end + 1..de]);
        end = de;
        decimal = true;
    }
    // Run end: letters glued on.
    let mut word_end = end;
    while let Some(c) = text[word_end..].chars().next() {
        if c.is_alphanumeric() {
            word_end += c.len_utf8();
        } else {
            break;
        }
    }
    let glued = text[end..word_end].to_ascii_lowercase();
    // "10:30": a time; "2024-12-23": an ISO date.
    if b.get(end) == Some(&b':') && b.get(end + 1).is_some_and(u8::is_ascii_digit) {
        let e = digits_from(end + 1);
        return (e, None);
    }
    if !grouped
        && !decimal
        && first_group == 4
        && b.get(end) == Some(&b'-')
        && text.len() >= end + 6
        && b[end + 1..end + 3].iter().all(u8::is_ascii_digit)
        && b[end + 3] == b'-'
        && b[end + 4..end + 6].iter().all(u8::is_ascii_digit)
    {
        return (end + 6, None);
    }
    let Ok(value) = value_text.parse::<f64>() else {
        return (word_end.max(end), None);
    };
    let mut lit = Literal {
        value,
        digits: int_digits.len(),
        grouped,
        decimal,
        ordinal: false,
        percent: false,
        suffix: None,
    };
    match glued.as_str() {
        "" => {}
        "st" | "nd" | "rd" | "th" if !decimal && !grouped => lit.ordinal = true,
        "k" => lit.suffix = Some(Suffix::Thousand),
        "bn" => lit.suffix = Some(Suffix::Billion),
        "m" | "mn" => lit.suffix = Some(Suffix::Million),
        // The plural of a figure: "1990s".
        "s" => {}
        _ => return (word_end, None),
    }
    end = word_end;
    if b.get(end) == Some(&b'%') {
        lit.percent = true;
        end += 1;
    }
    (end, Some(lit))
}

pub(super) fn word<'a>(text: &'a str, toks: &[Tok], i: usize) -> Option<&'a str> {
    match toks.get(i) {
        Some(Tok {
            kind: TokKind::Word,
            range,
        }) => Some(&text[range.clone()]),
        _ => None,
    }
}

pub(super) fn word_is(text: &str, toks: &[Tok], i: usize, options: &[&str]) -> bool {
    word(text, toks, i).is_some_and(|w| options.iter().any(|o| w.eq_ignore_ascii_case(o)))
}

pub(super) fn punct(toks: &[Tok], i: usize) -> Option<char> {
    match toks.get(i) {
        Some(Tok {
            kind: TokKind::Punct(c),
            ..
        }) => Some(*c),
        _ => None,
    }
}

/// No white space between token `i - 1` and token `i`.
pub(super) fn glued(toks: &[Tok], i: usize) -> bool {
    i > 0 && i < toks.len() && toks[i - 1].range.end == toks[i].range.start
}

/// Every word of a number written in words, in order: zero to nineteen,
/// the tens, the scales, and "dozen". Discovery looks for them before it
/// reads a passage's numbers.
pub const NUMBER_WORDS: [&str; 34] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "thousand",
    "million",
    "billion",
    "trillion",
    "dozen",
];
const ONES: &[&str] = NUMBER_WORDS.split_at(20).0;
const TENS: &[&str] = NUMBER_WORDS.split_at(28).0.split_at(20).1;
const SCALES: &[&str] = NUMBER_WORDS.split_at(33).0.split_at(28).1;
const SCALE_VALUES: [f64; 5] = [100.0, 1e3, 1e6, 1e9, 1e12];

pub(super) fn scale_word(w: &str) -> Option<f64> {
    SCALES
        .iter()
        .position(|s| s.len() == w.len() && s.eq_ignore_ascii_case(w))
        .map(|i| SCALE_VALUES[i])
}

pub(super) fn small_word(w: &str) -> Option<f64> {
    if w.len() < 3 || w.len() > 9 {
        return None;
    }
    if let Some(i) = ONES.iter().position(|o| o.eq_ignore_ascii_case(w)) {
        return Some(i as f64);
    }
    TENS.iter()
        .position(|t| t.eq_ignore_ascii_case(w))
        .map(|i| (i as f64 + 2.0) * 10.0)
}

pub(super) const MONTHS: [&str; 12] = [
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

/// 1 to 12 for a month's name or abbreviation ("October", "Oct", "Sept").
pub(super) fn month_number(w: &str) -> Option<u32> {
    if w.len() < 3 || w.len() > 9 {
        return None;
    }
    let w = w.to_ascii_lowercase();
    let w = if w == "sept" { "sep".to_string() } else { w };
    MONTHS
        .iter()
        .position(|m| *m == w || (w.len() == 3 && m.starts_with(&w)))
        .map(|i| i as u32 + 1)
}

pub(super) fn is_month(w: &str) -> bool {
    let w = w.to_ascii_lowercase();
    MONTHS.contains(&w.as_str())
        || matches!(
            w.as_str(),
            "jan"
                | "feb"
                | "mar"
                | "apr"
                | "jun"
                | "jul"
                | "aug"
                | "sep"
                | "sept"
                | "oct"
                | "nov"
                | "dec"
        )
}

/// Words that end the search for a unit: what follows them is not what is counted.
pub(super) const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "from", "with", "and", "or",
    "but", "as", "per", "is", "are", "was", "were", "be", "been", "being", "has", "have", "had",
    "will", "would", "could", "should", "may", "might", "can", "that", "this", "these", "those",
    "which", "who", "whom", "it", "its", "than", "then", "so", "if", "not", "no", "into", "onto",
    "since", "until", "after", "before", "during", "while", "when", "where", "each", "every",
    "more", "less", "over", "under", "about", "between", "among", "said", "says",
];

pub(super) fn is_function_word(w: &str) -> bool {
    FUNCTION_WORDS.iter().any(|f| f.eq_ignore_ascii_case(w))
}

pub(super) fn currency_sign(c: char) -> Option<&'static str> {
    match c {
        '$' => Some("USD"),
        '€' => Some("EUR"),
        '£' => Some("GBP"),
        '¥' => Some("JPY"),
        '₩' => Some("KRW"),
        '₽' => Some("RUB"),
        _ => None,
    }
}

pub(super) fn currency_word(w: &str) -> Option<&'static str> {
    if w.len() > 8 {
        return None;
    }
    match w.to_ascii_lowercase().as_str() {
        "dollars" | "dollar" => Some("USD"),
        "euros" | "euro" => Some("EUR"),
        "rubles" | "roubles" | "ruble" | "rouble" => Some("RUB"),
        "yuan" => Some("CNY"),
        "yen" => Some("JPY"),
        _ => None,
    }
}
