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

mod parse;
mod tokens;

use parse::expression;
pub use tokens::NUMBER_WORDS;
use tokens::tokens;

/// A whole number as pages write it, thousands grouped: "12,000", "-1,500".
pub fn grouped(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A month's full name, in lower case ("october"; not "oct").
pub fn is_month_name(w: &str) -> bool {
    tokens::MONTHS.contains(&w)
}

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

    /// Whether the number counts something: a count of ten or more (or
    /// with a decimal part), an amount of money or a percentage; not a
    /// date, a year or an ordinal. Smaller counts are mostly words of
    /// the prose ("two battalions", "four miles").
    pub fn counted(&self) -> bool {
        match self.kind {
            Kind::Count => self.high >= 10.0 || self.low.fract() != 0.0,
            Kind::Money | Kind::Percent => true,
            Kind::Year | Kind::Date | Kind::Ordinal => false,
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

/// A day a text states: "October 13", "8 October", "Dec. 30, 2023".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatedDate {
    /// 1 to 12.
    pub month: u32,
    /// 1 to 31; for a range of days ("October 8 to 13"), the last.
    pub day: u32,
    /// The year when the text gives it.
    pub year: Option<i32>,
    /// The bytes of the day (and year), without the month.
    pub span: Range<usize>,
}

/// Every day `text` states with its month, in text order.
pub fn stated_dates(text: &str) -> Vec<StatedDate> {
    let numbers = read(text).numbers;
    let mut out = Vec::new();
    for (i, n) in numbers.iter().enumerate() {
        if n.kind != Kind::Date || n.high > 31.0 || n.low < 1.0 || n.high.fract() != 0.0 {
            continue;
        }
        let before = text[..n.figure.start].trim_end().trim_end_matches('.');
        let word_before = before
            .rsplit(|c: char| !c.is_alphabetic())
            .next()
            .unwrap_or("");
        let after = text[n.figure.end..].trim_start();
        let word_after = after
            .split(|c: char| !c.is_alphabetic())
            .next()
            .unwrap_or("");
        // "October 8 and 13": the reading joined the second day to the first.
        let Some(month) = tokens::month_number(word_before)
            .or_else(|| tokens::month_number(word_after))
            .or_else(|| out.last().map(|d: &StatedDate| d.month))
        else {
            continue;
        };
        // ", 2024" right after the day.
        let year = numbers.get(i + 1).filter(|y| {
            y.kind == Kind::Year
                && text[n.figure.end..y.figure.start]
                    .chars()
                    .all(|c| c == ',' || c.is_whitespace())
                && y.figure.start - n.figure.end <= 3
        });
        out.push(StatedDate {
            month,
            day: n.high as u32,
            year: year.map(|y| y.low as i32),
            span: n.figure.start..year.map_or(n.figure.end, |y| y.figure.end),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_are_grouped_in_thousands() {
        let got: Vec<String> = [0, 7, 999, 1000, 12_000, 1_234_567, -1500, i64::MIN]
            .into_iter()
            .map(grouped)
            .collect();
        assert_eq!(
            got,
            [
                "0",
                "7",
                "999",
                "1,000",
                "12,000",
                "1,234,567",
                "-1,500",
                "-9,223,372,036,854,775,808"
            ]
        );
    }

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
    fn counted_numbers_leave_out_dates_and_small_words() {
        let counted = |t: &str| -> Vec<f64> {
            read(t)
                .numbers
                .iter()
                .filter(|n| n.counted())
                .map(|n| n.low)
                .collect()
        };
        assert_eq!(
            counted("on October 18, 2024, four miles from 1,500 troops, 12% and $2,000"),
            [1500.0, 12.0, 2000.0]
        );
        assert_eq!(counted("2.5 tonnes"), [2.5]);
    }

    #[test]
    fn stated_dates_with_and_without_years() {
        let d = stated_dates("between October 8 and 13, then on Dec. 30, 2023 and 8 November");
        let got: Vec<(u32, u32, Option<i32>)> =
            d.iter().map(|d| (d.month, d.day, d.year)).collect();
        assert_eq!(
            got,
            [
                (10, 8, None),
                (10, 13, None),
                (12, 30, Some(2023)),
                (11, 8, None)
            ]
        );
        assert_eq!(stated_dates("from October 8 to 13")[0].day, 13);
        let text = "on December 23, 2024 he said";
        assert_eq!(&text[stated_dates(text)[0].span.clone()], "23, 2024");
        assert!(stated_dates("the 2nd Corps, 1,500 troops, in 2024").is_empty());
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
