//! Numbers from tokens: a single number (digits or words, a currency, a
//! scale), a range, the qualifier before it, what kind it is and the word
//! after it that names what is counted.

use std::ops::Range;

use super::tokens::*;
use super::{Kind, Number, Qualifier};

/// One number before ranges are looked for.
#[derive(Clone, Debug)]
pub(super) struct Single {
    /// One past the last token.
    pub(super) next: usize,
    pub(super) value: f64,
    /// A scale word or suffix was applied ("1.5 thousand").
    pub(super) scaled: bool,
    pub(super) currency: Option<&'static str>,
    pub(super) percent: bool,
    pub(super) ordinal: bool,
    /// Written as a plain four-digit integer (a possible year).
    pub(super) year_like: bool,
}

/// The single number starting at token `i`.
pub(super) fn single(text: &str, toks: &[Tok], i: usize) -> Option<Single> {
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
    if !s.percent
        && !s.scaled
        && matches!(toks[at].kind, TokKind::Num(_))
        && let Some(m) = word(text, toks, s.next).and_then(scale_word)
    {
        s.value *= m;
        s.scaled = true;
        s.year_like = false;
        s.next += 1;
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
pub(super) fn number_words(text: &str, toks: &[Tok], i: usize) -> Option<(f64, usize)> {
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
pub(super) fn expression(
    text: &str,
    toks: &[Tok],
    i: usize,
    before: &[Number],
) -> Option<(Number, usize)> {
    // "between 10,000 and 12,000", "from 8 to 13".
    let opener = if word_is(text, toks, i, &["between"]) {
        Some("and")
    } else if word_is(text, toks, i, &["from"]) {
        Some("to")
    } else {
        None
    };
    if let Some(joiner) = opener {
        if let Some(first) = single(text, toks, i + 1)
            && let Some((low, high, next)) = range_end(text, toks, &first, Some(joiner))
        {
            return Some(finish(text, toks, i, next, low, high, before));
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
pub(super) fn range_end(
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

pub(super) fn finish(
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

pub(super) fn kind_of(
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
pub(super) fn qualifier_before(
    text: &str,
    toks: &[Tok],
    i: usize,
) -> (Option<Qualifier>, Option<usize>) {
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
pub(super) fn unit_after(text: &str, toks: &[Tok], next: usize) -> Option<Range<usize>> {
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
