//! Property tests of reading text for discovery: no text makes reading
//! numbers or passages panic, and every number found maps back to its exact
//! characters.

use attest::numbers::read;
use proptest::prelude::*;

/// Pieces of news text around figures: digits with separators, number
/// words, ranges, qualifiers, currencies, dates, and text that is not a
/// figure but looks like one.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9]{1,5}",
        "[0-9]{1,3}(,[0-9]{3}){0,2}(\\.[0-9]{1,2})?",
        "[a-zA-Z]{1,8}",
        "[ \\-–—,.%$€:’'()]",
        prop::sample::select(vec![
            "about",
            "some",
            "more than",
            "up to",
            "at least",
            "between",
            "and",
            "to",
            "from",
            "three",
            "twenty",
            "-",
            "five",
            "hundred",
            "thousand",
            "million",
            "a",
            "dozen",
            "October",
            "Dec.",
            "troops",
            "North Korean",
            "per",
            "cent",
            "euros",
            "US",
            "k",
            "bn",
            "m",
            "nd",
            "th",
            "\u{a0}",
            "\u{202f}",
            "Hwasong-11",
            "é",
            "Зеленський",
            "…",
            "’s",
        ])
        .prop_map(str::to_string),
        any::<char>().prop_map(|c| c.to_string()),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec((piece(), prop::sample::select(vec!["", " ", "  "])), 0..24)
        .prop_map(|parts| parts.into_iter().map(|(p, s)| p + s).collect())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    /// Spans lie on character boundaries, in order, the figure inside the
    /// expression; the figure read alone gives the same number.
    #[test]
    fn every_number_maps_back_to_its_characters(text in text()) {
        let reading = read(&text);
        let mut last_end = 0;
        for n in &reading.numbers {
            prop_assert!(text.is_char_boundary(n.span.start) && text.is_char_boundary(n.span.end));
            prop_assert!(text.is_char_boundary(n.figure.start) && text.is_char_boundary(n.figure.end));
            prop_assert!(n.span.start <= n.figure.start && n.figure.end == n.span.end);
            prop_assert!(n.span.start >= last_end, "overlapping numbers in {:?}", text);
            prop_assert!(n.low <= n.high && n.low.is_finite() && n.high.is_finite());
            if let Some(u) = &n.unit {
                prop_assert!(u.start >= n.span.end && text.is_char_boundary(u.start) && text.is_char_boundary(u.end));
            }
            last_end = n.span.end;
            let figure = &text[n.figure.clone()];
            let again = read(figure);
            prop_assert_eq!(again.numbers.len(), 1, "{:?} in {:?}", figure, text);
            prop_assert!(again.numbers[0].same_figure(n.low, n.high), "{:?} in {:?}", figure, text);
        }
    }

    /// Any text at all: no panic.
    #[test]
    fn any_text_reads_without_panic(text in any::<String>()) {
        let _ = read(&text);
        let _ = attest::numbers::stated_dates(&text);
    }

    /// The days a text states are days, at their own characters.
    #[test]
    fn stated_dates_are_days_at_their_characters(text in text()) {
        for d in attest::numbers::stated_dates(&text) {
            prop_assert!((1..=12).contains(&d.month) && (1..=31).contains(&d.day));
            prop_assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
            let digits: String = text[d.span.clone()].chars().take_while(char::is_ascii_digit).collect();
            prop_assert!(digits.is_empty() || digits.parse::<u32>().is_ok());
        }
    }
}

/// Text as scraped: quotes of every kind, dashes, stops, accents, digits.
fn scraped() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            "[a-zA-Z]{1,8}",
            "[0-9]{1,5}",
            prop::sample::select(vec![
                " ",
                "  ",
                ".",
                ". ",
                "? ",
                "!",
                "“",
                "”",
                "\"",
                "’",
                "'",
                "‘",
                ",",
                "–",
                "(",
                ")",
                "said",
                "told",
                "according to",
                "denied",
                "not",
                "confirmed",
                "if",
                "were",
                "no",
                "evidence",
                "fake",
                "news",
                "Jan.",
                "U.S.",
                "é",
                "\u{a0}",
                "\n",
                "…",
            ])
            .prop_map(str::to_string),
            any::<char>().prop_map(|c| c.to_string()),
        ],
        0..40,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    /// Reading passages never panics, and what it finds lies in the text.
    #[test]
    fn passages_are_read_without_panic(text in scraped()) {
        use attest::discover::passages::{attribution, cues, sentences, worth};
        let mut last = 0;
        for r in sentences(&text) {
            prop_assert!(r.start >= last && r.start < r.end && r.end <= text.len());
            prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
            last = r.end;
        }
        for c in cues(&text) {
            prop_assert!(text.is_char_boundary(c.range.start) && text.is_char_boundary(c.range.end));
        }
        if let Some(who) = attribution(&text) {
            prop_assert!(!who.is_empty());
        }
        let _ = worth(&text);
    }
}
