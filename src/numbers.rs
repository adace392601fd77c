//! Numbers in text, read as a reader takes them: figures in any notation
//! ("11,000", "1500", "1.5 thousand", "three thousand", "$2,000"), ranges
//! ("10,000 to 12,000", "10,000-12,000", "between 10,000 and 12,000"),
//! the qualifier in front ("about", "some", "more than", "up to", "at
//! least"), the word naming what is counted, and what the number is (a
//! count, money, a percentage, a year, a day of a date, an ordinal). Every
//! number keeps the exact bytes it was read from, so it can be shown and
//! highlighted as it stands.
//!
//! This is a low module: it knows nothing of claims or articles. Discovery
//! compares figures with it; figure pages read evidence with it.

use std::ops::Range;

/// Every number read in one text, in text order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Reading {
    pub numbers: Vec<Number>,
}

/// One number or range, as it stands in the text.
#[derive(Clone, Debug, PartialEq)]
pub struct Number {
    /// The whole expression: qualifier, figure, scale word ("about $2,000",
    /// "between 10,000 and 12,000", "some 1.5 thousand").
    pub span: Range<usize>,
    /// The figure without its qualifier: the digits or number words, a
    /// currency sign or word, a scale word, the range and its connectors.
    /// Reading this text alone gives the same `low` and `high`.
    pub figure: Range<usize>,
    /// The value; for a range, its lower end.
    pub low: f64,
    /// The upper end of a range; `low` for a single number.
    pub high: f64,
    pub qualifier: Option<Qualifier>,
    pub kind: Kind,
    /// ISO 4217 code of the currency, for money ("USD" for "$2,000").
    pub currency: Option<&'static str>,
    /// One or two lower-case words right after the number that name what
    /// is counted: "troops" in "1,500 North Korean troops", "infantry
    /// troops" in "11,000 infantry troops". Capitalised words (names,
    /// nationalities) in between are skipped; a function word ("are",
    /// "of") ends the search; a second word ending in -ed, -ing or -ly
    /// ("troops transported") is left out.
    pub unit: Option<Range<usize>>,
}

impl Number {
    /// A range ("10,000 to 12,000") rather than one number.
    pub fn is_range(&self) -> bool {
        self.high > self.low
    }

    /// What the number means, as an interval: a range's ends, widened by
    /// the qualifier ("more than 3,000" is at least 3,000; "about 10,000"
    /// is 10% either side; "up to 12,000" is at most 12,000).
    pub fn interval(&self) -> (f64, f64) {
        let (lo, hi) = (self.low, self.high);
        match self.qualifier {
            None => (lo, hi),
            Some(Qualifier::About) => (lo * 0.9, hi * 1.1),
            Some(Qualifier::Almost) => (lo * 0.9, hi),
            Some(Qualifier::MoreThan | Qualifier::AtLeast) => (lo, f64::INFINITY),
            Some(Qualifier::UpTo | Qualifier::LessThan | Qualifier::AtMost) => (0.0, hi),
        }
    }

    /// Whether the figure is the same as `low..=high` as written (a single
    /// number when they are equal), ignoring the qualifier.
    pub fn same_figure(&self, low: f64, high: f64) -> bool {
        close(self.low, low) && close(self.high, high)
    }
}

/// Equal up to rounding in the last written digit.
fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// The words in front of a number that bound it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    /// about, around, roughly, approximately, some, an estimated, close to
    About,
    /// almost, nearly, just under
    Almost,
    /// more than, over, greater than, upwards of, in excess of
    MoreThan,
    /// at least, at the very least, no fewer than
    AtLeast,
    /// up to, as many as
    UpTo,
    /// less than, fewer than, under, below
    LessThan,
    /// at most, no more than
    AtMost,
}

/// What a number is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A quantity: "1,500 troops", "three thousand", "2.5 years".
    Count,
    /// An amount with a currency: "$2,000", "1,850 euros".
    Money,
    /// "50%", "12 per cent".
    Percent,
    /// A year: "in 2024", "September 2023".
    Year,
    /// The day of a date: "October 8", "8 October", "Dec. 30".
    Date,
    /// "2nd", "24th".
    Ordinal,
}

/// Reads every number of `text`.
pub fn read(text: &str) -> Reading {
    let toks = tokens(text);
    let mut numbers: Vec<Number> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match expression(text, &toks, i, &numbers) {
            Some((n, next)) => {
                numbers.push(n);
                i = next;
            }
            None => i += 1,
        }
    }
    Reading { numbers }
}

// ---------------------------------------------------------------- tokens

#[derive(Clone, Debug)]
struct Tok {
    range: Range<usize>,
    kind: TokKind,
}

#[derive(Clone, Debug)]
enum TokKind {
    /// A numeric literal: digits with separators, a decimal part, and a
    /// suffix read with it.
    Num(Literal),
    /// A run of letters.
    Word,
    /// One other visible character.
    Punct(char),
}

#[derive(Clone, Debug)]
struct Literal {
    value: f64,
    /// Integer digits written, without separators.
    digits: usize,
    /// Written with thousands separators.
    grouped: bool,
    decimal: bool,
    ordinal: bool,
    percent: bool,
    /// A multiplier written onto the digits: "12k", "1.5bn", "$2m".
    suffix: Option<Suffix>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Suffix {
    Thousand,
    Billion,
    /// `m`/`mn`: millions, but only after a currency sign (else metres).
    Million,
}

fn is_sep_space(c: char) -> bool {
    matches!(c, '\u{a0}' | '\u{202f}' | '\u{2009}')
}

fn tokens(text: &str) -> Vec<Tok> {
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
fn literal(text: &str, start: usize) -> (usize, Option<Literal>) {
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

// ---------------------------------------------------------------- words

fn word<'a>(text: &'a str, toks: &[Tok], i: usize) -> Option<&'a str> {
    match toks.get(i) {
        Some(Tok {
            kind: TokKind::Word,
            range,
        }) => Some(&text[range.clone()]),
        _ => None,
    }
}

fn word_is(text: &str, toks: &[Tok], i: usize, options: &[&str]) -> bool {
    word(text, toks, i).is_some_and(|w| options.iter().any(|o| w.eq_ignore_ascii_case(o)))
}

fn punct(toks: &[Tok], i: usize) -> Option<char> {
    match toks.get(i) {
        Some(Tok {
            kind: TokKind::Punct(c),
            ..
        }) => Some(*c),
        _ => None,
    }
}

/// No white space between token `i - 1` and token `i`.
fn glued(toks: &[Tok], i: usize) -> bool {
    i > 0 && i < toks.len() && toks[i - 1].range.end == toks[i].range.start
}

const ONES: [&str; 20] = [
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
];
const TENS: [&str; 8] = [
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

fn scale_word(w: &str) -> Option<f64> {
    [
        ("hundred", 100.0),
        ("thousand", 1e3),
        ("million", 1e6),
        ("billion", 1e9),
        ("trillion", 1e12),
    ]
    .iter()
    .find(|(s, _)| s.len() == w.len() && s.eq_ignore_ascii_case(w))
    .map(|&(_, v)| v)
}

fn small_word(w: &str) -> Option<f64> {
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

fn is_month(w: &str) -> bool {
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
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "from", "with", "and", "or",
    "but", "as", "per", "is", "are", "was", "were", "be", "been", "being", "has", "have", "had",
    "will", "would", "could", "should", "may", "might", "can", "that", "this", "these", "those",
    "which", "who", "whom", "it", "its", "than", "then", "so", "if", "not", "no", "into", "onto",
    "since", "until", "after", "before", "during", "while", "when", "where", "each", "every",
    "more", "less", "over", "under", "about", "between", "among", "said", "says",
];

fn is_function_word(w: &str) -> bool {
    FUNCTION_WORDS.iter().any(|f| f.eq_ignore_ascii_case(w))
}

fn currency_sign(c: char) -> Option<&'static str> {
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

fn currency_word(w: &str) -> Option<&'static str> {
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

// ------------------------------------------------------------- parsing

/// One number before ranges are looked for.
#[derive(Clone, Debug)]
struct Single {
    /// One past the last token.
    next: usize,
    value: f64,
    /// A scale word or suffix was applied ("1.5 thousand").
    scaled: bool,
    currency: Option<&'static str>,
    percent: bool,
    ordinal: bool,
    /// Written as a plain four-digit integer (a possible year).
    year_like: bool,
}

/// The single number starting at token `i`.
fn single(text: &str, toks: &[Tok], i: usize) -> Option<Single> {
    let mut currency = None;
    let mut at = i;
    // "US$", "$", "€".
    if word_is(text, toks, at, &["US"]) && punct(toks, at + 1) == Some('$') && glued(toks, at + 1) {
        at += 1;
    }
    if let Some(c) = punct(toks, at).and_then(currency_sign) {
        if matches!(
            toks.get(at + 1),
            Some(Tok {
                kind: TokKind::Num(_),
                ..
            })
        ) && glued(toks, at + 1)
        {
            currency = Some(c);
            at += 1;
        } else {
            return None;
        }
    } else if at != i {
        return None;
    }
    let mut s = match &toks.get(at)?.kind {
        TokKind::Num(l) => {
            let mut value = l.value;
            let mut scaled = false;
            match l.suffix {
                Some(Suffix::Thousand) => {
                    value *= 1e3;
                    scaled = true;
                }
                Some(Suffix::Billion) => {
                    value *= 1e9;
                    scaled = true;
                }
                Some(Suffix::Million) if currency.is_some() => {
                    value *= 1e6;
                    scaled = true;
                }
                Some(Suffix::Million) => return None,
                None => {}
            }
            Single {
                next: at + 1,
                value,
                scaled,
                currency,
                percent: l.percent,
                ordinal: l.ordinal,
                year_like: !l.grouped && !l.decimal && l.digits == 4 && l.suffix.is_none(),
            }
        }
        TokKind::Word => {
            let (value, next) = number_words(text, toks, at)?;
            Single {
                next,
                value,
                scaled: false,
                currency,
                percent: false,
                ordinal: false,
                year_like: false,
            }
        }
        TokKind::Punct(_) => return None,
    };
    if s.ordinal {
        return Some(s);
    }
    // "1.5 thousand", "3 million".
    if !s.percent && !s.scaled && matches!(toks[at].kind, TokKind::Num(_)) {
        if let Some(m) = word(text, toks, s.next).and_then(scale_word) {
            s.value *= m;
            s.scaled = true;
            s.year_like = false;
            s.next += 1;
        }
    }
    // "12 percent", "12 per cent".
    if !s.percent && s.currency.is_none() {
        if word_is(text, toks, s.next, &["percent"]) {
            s.percent = true;
            s.next += 1;
        } else if word_is(text, toks, s.next, &["per"])
            && word_is(text, toks, s.next + 1, &["cent"])
        {
            s.percent = true;
            s.next += 2;
        }
    }
    // "1,850 euros", "2,000 US dollars".
    if !s.percent && s.currency.is_none() {
        let us = usize::from(word_is(text, toks, s.next, &["US"]));
        if let Some(c) = word(text, toks, s.next + us).and_then(currency_word) {
            s.currency = Some(c);
            s.next += 1 + us;
        }
    }
    if s.currency.is_some() || s.percent {
        s.year_like = false;
    }
    Some(s)
}

/// Number words from token `i`: "three thousand", "twenty-five", "a
/// hundred and fifty", "two dozen". Returns the value and the next token.
fn number_words(text: &str, toks: &[Tok], i: usize) -> Option<(f64, usize)> {
    let mut total = 0.0;
    let mut current = 0.0;
    let mut seen_number = false;
    let mut j = i;
    let mut last_end = i;
    // "a hundred", "a thousand", "a dozen".
    if word_is(text, toks, j, &["a"]) {
        let next = word(text, toks, j + 1)?;
        if scale_word(next).is_none() && !next.eq_ignore_ascii_case("dozen") {
            return None;
        }
        current = 1.0;
        j += 1;
    }
    let mut prev_small = false;
    while let Some(w) = word(text, toks, j) {
        if let Some(v) = small_word(w) {
            // "twenty-five": a hyphen joins tens and ones; two small words in a row do not.
            if prev_small && !(glued(toks, j) && punct(toks, j - 1) == Some('-')) {
                break;
            }
            current += v;
            seen_number = true;
            prev_small = true;
        } else if let Some(m) = scale_word(w) {
            if !seen_number && current == 0.0 {
                break;
            }
            if m == 100.0 {
                current = current.max(1.0) * 100.0;
            } else {
                total += current.max(1.0) * m;
                current = 0.0;
            }
            seen_number = true;
            prev_small = false;
        } else if w.eq_ignore_ascii_case("dozen") && (seen_number || current > 0.0) {
            current = current.max(1.0) * 12.0;
            seen_number = true;
            prev_small = false;
        } else if w.eq_ignore_ascii_case("and")
            && seen_number
            && !prev_small
            && word(text, toks, j + 1).and_then(small_word).is_some()
        {
            j += 1;
            continue;
        } else {
            break;
        }
        last_end = j + 1;
        j += 1;
        // Tens and ones may be joined by a hyphen: "twenty-five".
        if prev_small
            && punct(toks, j) == Some('-')
            && glued(toks, j)
            && glued(toks, j + 1)
            && word(text, toks, j + 1).and_then(small_word).is_some()
        {
            j += 1;
        }
    }
    if !seen_number {
        return None;
    }
    Some((total + current, last_end))
}

/// The number expression at token `i`: a single number or a range, its
/// qualifier, kind and unit.
fn expression(text: &str, toks: &[Tok], i: usize, before: &[Number]) -> Option<(Number, usize)> {
    // "between 10,000 and 12,000", "from 8 to 13".
    let opener = if word_is(text, toks, i, &["between"]) {
        Some("and")
    } else if word_is(text, toks, i, &["from"]) {
        Some("to")
    } else {
        None
    };
    if let Some(joiner) = opener {
        if let Some(first) = single(text, toks, i + 1) {
            if let Some((low, high, next)) = range_end(text, toks, &first, Some(joiner)) {
                return Some(finish(text, toks, i, next, low, high, before));
            }
        }
        return None;
    }
    let first = single(text, toks, i)?;
    if let Some((low, high, next)) = range_end(text, toks, &first, None) {
        return Some(finish(text, toks, i, next, low, high, before));
    }
    let next = first.next;
    Some(finish(text, toks, i, next, first.clone(), first, before))
}

/// The second number of a range after `first`: "-", "to", or the joiner
/// of the opener ("and" after "between"). Returns both ends (scale and
/// currency shared) and the next token.
fn range_end(
    text: &str,
    toks: &[Tok],
    first: &Single,
    joiner: Option<&str>,
) -> Option<(Single, Single, usize)> {
    if first.ordinal {
        return None;
    }
    let j = first.next;
    let at = match joiner {
        Some(w) => word_is(text, toks, j, &[w]).then_some(j + 1)?,
        None => {
            let dash = matches!(punct(toks, j), Some('-' | '–' | '—'));
            if !dash && !word_is(text, toks, j, &["to"]) {
                return None;
            }
            j + 1
        }
    };
    let mut low = first.clone();
    let mut high = single(text, toks, at)?;
    if high.ordinal {
        return None;
    }
    // "10 to 12 thousand": the scale belongs to both.
    if high.scaled && !low.scaled {
        let raw_high = match &toks[at].kind {
            TokKind::Num(l) => l.value,
            _ => high.value,
        };
        if raw_high > 0.0 && low.value <= raw_high {
            low.value *= high.value / raw_high;
            low.scaled = true;
        }
    }
    if low.currency.is_none() {
        low.currency = high.currency;
    }
    if high.currency.is_none() {
        high.currency = low.currency;
    }
    low.percent |= high.percent;
    if high.value <= low.value {
        return None;
    }
    let next = high.next;
    Some((low, high, next))
}

fn finish(
    text: &str,
    toks: &[Tok],
    expr_first: usize,
    next: usize,
    low: Single,
    high: Single,
    before: &[Number],
) -> (Number, usize) {
    let figure = toks[expr_first].range.start..toks[next - 1].range.end;
    let (qualifier, qualifier_start) = qualifier_before(text, toks, expr_first);
    let span_start = qualifier_start.map_or(figure.start, |q| toks[q].range.start);
    let kind = kind_of(text, toks, expr_first, next, &low, &high, before);
    let currency = low.currency.or(high.currency);
    let unit = if matches!(kind, Kind::Date | Kind::Year | Kind::Ordinal) {
        None
    } else {
        unit_after(text, toks, next)
    };
    (
        Number {
            span: span_start..figure.end,
            figure,
            low: low.value,
            high: high.value,
            qualifier,
            kind,
            currency,
            unit,
        },
        next,
    )
}

fn kind_of(
    text: &str,
    toks: &[Tok],
    first: usize,
    next: usize,
    low: &Single,
    high: &Single,
    before: &[Number],
) -> Kind {
    if low.ordinal {
        return Kind::Ordinal;
    }
    if low.percent || high.percent {
        return Kind::Percent;
    }
    if low.currency.is_some() {
        return Kind::Money;
    }
    // "October 8", "Dec. 30", "Friday, October 18": a month right before.
    let mut k = first;
    if punct(toks, k.wrapping_sub(1)) == Some('.') {
        k -= 1;
    }
    if k > 0 && word(text, toks, k - 1).is_some_and(is_month) {
        // "September 2023" is a year, not a day.
        return if low.year_like {
            Kind::Year
        } else {
            Kind::Date
        };
    }
    // "8 October".
    if word(text, toks, next).is_some_and(is_month) && !low.year_like {
        return Kind::Date;
    }
    // "October 8 and 13", "December 23, 2024": after a date.
    if let Some(prev) = before.last() {
        let joined = first >= 1
            && (word_is(text, toks, first - 1, &["and", "or"])
                || matches!(punct(toks, first - 1), Some(',' | '-' | '–')))
            && first >= 2
            && toks[first - 2].range.end == prev.span.end;
        if joined && prev.kind == Kind::Date {
            return if low.year_like {
                Kind::Year
            } else {
                Kind::Date
            };
        }
    }
    if low.year_like && (1800.0..=2100.0).contains(&low.value) {
        // "2000 soldiers" counts soldiers; "in 2024 the" is a year.
        let counted = word(text, toks, next).is_some_and(|w| {
            w.chars().next().is_some_and(char::is_lowercase) && !is_function_word(w)
        });
        if !counted {
            return Kind::Year;
        }
    }
    Kind::Count
}

/// The qualifier right before token `i`, and the token it starts at.
fn qualifier_before(text: &str, toks: &[Tok], i: usize) -> (Option<Qualifier>, Option<usize>) {
    use Qualifier::*;
    // Longest phrases first, each as lower-case words ending right before the number.
    const PHRASES: &[(&[&str], Qualifier)] = &[
        (&["at", "the", "very", "least"], AtLeast),
        (&["in", "excess", "of"], MoreThan),
        (&["no", "fewer", "than"], AtLeast),
        (&["no", "less", "than"], AtLeast),
        (&["no", "more", "than"], AtMost),
        (&["as", "many", "as"], UpTo),
        (&["an", "estimated"], About),
        (&["close", "to"], About),
        (&["just", "under"], Almost),
        (&["more", "than"], MoreThan),
        (&["greater", "than"], MoreThan),
        (&["upwards", "of"], MoreThan),
        (&["at", "least"], AtLeast),
        (&["at", "most"], AtMost),
        (&["up", "to"], UpTo),
        (&["less", "than"], LessThan),
        (&["fewer", "than"], LessThan),
        (&["about"], About),
        (&["around"], About),
        (&["roughly"], About),
        (&["approximately"], About),
        (&["some"], About),
        (&["estimated"], About),
        (&["nearly"], Almost),
        (&["almost"], Almost),
        (&["over"], MoreThan),
        (&["under"], LessThan),
        (&["below"], LessThan),
    ];
    for (words, q) in PHRASES {
        let n = words.len();
        if i < n {
            continue;
        }
        let start = i - n;
        let all = words
            .iter()
            .enumerate()
            .all(|(k, w)| word_is(text, toks, start + k, &[w]));
        if all {
            return (Some(*q), Some(start));
        }
    }
    (None, None)
}

/// The unit after token `next`: skip capitalised words, take one or two
/// lower-case words that are not function words.
fn unit_after(text: &str, toks: &[Tok], next: usize) -> Option<Range<usize>> {
    let mut j = next;
    let mut skipped = 0;
    while skipped < 4 {
        match toks.get(j).map(|t| &t.kind) {
            Some(TokKind::Word) => {
                let w = &text[toks[j].range.clone()];
                let upper = w.chars().next().is_some_and(char::is_uppercase);
                if upper {
                    j += 1;
                    skipped += 1;
                    continue;
                }
                if is_function_word(w) || is_month(w) {
                    return None;
                }
                let mut end = toks[j].range.end;
                if let Some(w2) = word(text, toks, j + 1) {
                    let lower = w2.chars().next().is_some_and(char::is_lowercase);
                    // A verb or adverb after the noun is not part of it:
                    // "troops transported", "another militarily".
                    let verbish = ["ed", "ing", "ly"].iter().any(|e| w2.ends_with(e));
                    if lower && !verbish && !is_function_word(w2) && !glued(toks, j + 1) {
                        end = toks[j + 1].range.end;
                    }
                }
                return Some(toks[j].range.start..end);
            }
            // Hyphens inside names: "Kim Yong-hyun".
            Some(TokKind::Punct('-')) if glued(toks, j) && glued(toks, j + 1) => {
                j += 1;
            }
            _ => return None,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Number {
        let r = read(text);
        assert_eq!(r.numbers.len(), 1, "{text:?}: {:?}", r.numbers);
        r.numbers.into_iter().next().unwrap()
    }

    fn values(text: &str) -> Vec<(f64, f64, Kind)> {
        read(text)
            .numbers
            .iter()
            .map(|n| (n.low, n.high, n.kind))
            .collect()
    }

    #[test]
    fn digits_with_and_without_separators() {
        assert_eq!(one("11,000 troops").low, 11000.0);
        assert_eq!(one("1500 troops").low, 1500.0);
        assert_eq!(one("1,250,000 shells").low, 1_250_000.0);
        assert_eq!(one("10\u{a0}000 soldiers").low, 10000.0);
        assert_eq!(one("2.5 years").low, 2.5);
        let n = one("almost 11,000 North Korean infantry troops");
        assert_eq!(
            &"almost 11,000 North Korean infantry troops"[n.figure],
            "11,000"
        );
    }

    #[test]
    fn scale_words_and_suffixes() {
        assert_eq!(one("1.5 thousand").low, 1500.0);
        assert_eq!(one("3 million shells").low, 3e6);
        assert_eq!(one("12k").low, 12000.0);
        assert_eq!(one("$1.5m").low, 1.5e6);
        assert_eq!(one("$1.5m").kind, Kind::Money);
        // "5m" without a currency may be metres: not read as millions.
        assert!(read("a 5m wall").numbers.is_empty());
    }

    #[test]
    fn number_words() {
        assert_eq!(one("three thousand soldiers").low, 3000.0);
        assert_eq!(one("twenty-five troops").low, 25.0);
        assert_eq!(one("a hundred and fifty men").low, 150.0);
        assert_eq!(one("two dozen").low, 24.0);
        assert_eq!(one("a thousand").low, 1000.0);
        assert_eq!(one("one hundred thousand").low, 100_000.0);
        let text = "Eighteen soldiers deserted";
        let n = one(text);
        assert_eq!((n.low, &text[n.figure.clone()]), (18.0, "Eighteen"));
        // "a" alone is not a number.
        assert!(read("a report").numbers.is_empty());
    }

    #[test]
    fn ranges_in_every_notation() {
        for text in [
            "10,000 to 12,000 troops",
            "10,000-12,000 troops",
            "10,000–12,000 troops",
            "between 10,000 and 12,000 troops",
            "from 10,000 to 12,000 troops",
            "10 to 12 thousand troops",
        ] {
            let n = one(text);
            assert_eq!((n.low, n.high), (10000.0, 12000.0), "{text}");
            assert!(n.is_range());
            assert_eq!(&text[n.unit.clone().unwrap()], "troops", "{text}");
        }
        let text = "planning to deploy between 10,000 and 12,000 troops";
        let n = one(text);
        assert_eq!(&text[n.figure], "between 10,000 and 12,000");
        // A falling "range" is two numbers (a score, say).
        assert_eq!(read("won 8-3").numbers.len(), 2);
    }

    #[test]
    fn qualifiers() {
        for (text, q) in [
            ("about 3,000", Qualifier::About),
            ("some 10,000 troopers", Qualifier::About),
            ("around 1,500", Qualifier::About),
            ("an estimated 18 soldiers", Qualifier::About),
            ("more than 3,000", Qualifier::MoreThan),
            ("greater than 3,000", Qualifier::MoreThan),
            ("over 3,000", Qualifier::MoreThan),
            ("up to 12,000 soldiers", Qualifier::UpTo),
            ("at least 1,100", Qualifier::AtLeast),
            ("at the very least 1,100", Qualifier::AtLeast),
            ("almost 11,000", Qualifier::Almost),
            ("nearly 11,000", Qualifier::Almost),
            ("fewer than 100", Qualifier::LessThan),
            ("no more than 100", Qualifier::AtMost),
        ] {
            let n = one(text);
            assert_eq!(n.qualifier, Some(q), "{text}");
            assert_eq!(n.span.start, 0, "{text}");
            assert!(
                text[n.span.clone()].ends_with(&text[n.figure.clone()]),
                "{text}"
            );
        }
        let n = one("up to 12,000");
        assert_eq!(n.interval(), (0.0, 12000.0));
        assert!(one("more than 3,000").interval().1.is_infinite());
    }

    #[test]
    fn money() {
        let text = "$2,000 (1,850 euros) per month";
        let r = read(text);
        assert_eq!(r.numbers.len(), 2);
        assert_eq!(
            (r.numbers[0].low, r.numbers[0].kind, r.numbers[0].currency),
            (2000.0, Kind::Money, Some("USD"))
        );
        assert_eq!(&text[r.numbers[0].figure.clone()], "$2,000");
        assert_eq!(
            (r.numbers[1].low, r.numbers[1].currency),
            (1850.0, Some("EUR"))
        );
        assert_eq!(&text[r.numbers[1].figure.clone()], "1,850 euros");
        assert_eq!(one("US$20,000").currency, Some("USD"));
        assert_eq!(one("2,000 US dollars").low, 2000.0);
    }

    #[test]
    fn dates_years_ordinals_and_percentages() {
        assert_eq!(
            values("between October 8 and 13"),
            [(8.0, 8.0, Kind::Date), (13.0, 13.0, Kind::Date)]
        );
        assert_eq!(values("October 8 to 13"), [(8.0, 13.0, Kind::Date)]);
        assert_eq!(
            values("December 23, 2024"),
            [(23.0, 23.0, Kind::Date), (2024.0, 2024.0, Kind::Year)]
        );
        assert_eq!(
            values("on Dec. 30, 2023"),
            [(30.0, 30.0, Kind::Date), (2023.0, 2023.0, Kind::Year)]
        );
        assert_eq!(values("8 October"), [(8.0, 8.0, Kind::Date)]);
        assert_eq!(values("in September 2023"), [(2023.0, 2023.0, Kind::Year)]);
        assert_eq!(values("since 2006, and"), [(2006.0, 2006.0, Kind::Year)]);
        assert_eq!(values("2000 soldiers"), [(2000.0, 2000.0, Kind::Count)]);
        assert_eq!(values("the 2nd Corps"), [(2.0, 2.0, Kind::Ordinal)]);
        assert_eq!(values("50% of them"), [(50.0, 50.0, Kind::Percent)]);
        assert_eq!(values("12 per cent"), [(12.0, 12.0, Kind::Percent)]);
    }

    #[test]
    fn names_times_and_junk_are_not_figures() {
        assert!(read("a Hwasong-11 missile").numbers.is_empty());
        assert!(read("F-16 jets").numbers.is_empty());
        assert!(read("Ufxqu fKVkM 4NAxE 5cvBX").numbers.is_empty());
        assert!(read("at 10:30").numbers.is_empty());
        assert!(read("on 2024-12-23").numbers.is_empty());
        assert!(read("the U.N. panel").numbers.is_empty());
    }

    #[test]
    fn units_skip_names_and_stop_at_function_words() {
        let text = "transferred 1,500 North Korean troops to Vladivostok";
        assert_eq!(&text[one(text).unit.unwrap()], "troops");
        let text = "Of these, 1,500 are said to have disembarked";
        assert_eq!(one(text).unit, None);
        let text = "some 6,700 containers carrying munitions";
        assert_eq!(&text[one(text).unit.unwrap()], "containers");
        let text = "almost 11,000 North Korean infantry troops";
        assert_eq!(&text[one(text).unit.unwrap()], "infantry troops");
        let text = "reports of thousands: 1000’s of troopers";
        assert_eq!(one(text).low, 1000.0);
    }

    #[test]
    fn spans_map_to_the_exact_characters() {
        let text = "“Almost 11,000” – or between 10,000 and 12,000 – of them; $2,000 each.";
        for n in read(text).numbers {
            let again = read(&text[n.figure.clone()]);
            assert_eq!(again.numbers.len(), 1, "{:?}", &text[n.figure.clone()]);
            assert!(again.numbers[0].same_figure(n.low, n.high));
        }
    }
}
