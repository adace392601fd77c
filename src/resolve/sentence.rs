//! The sentence(s) around a quote: what a claim page shows of the passage,
//! found once while the seed's text is at hand.

use std::ops::Range;

/// Where sentences end in `text[range]`: `.`, `!`, `?` or `…`, closing
/// quotes or brackets, white space, then a capital or an opening quote.
fn sentence_breaks(text: &str, range: Range<usize>) -> Vec<usize> {
    let s = &text[range.clone()];
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut breaks = Vec::new();
    for (i, &(_, c)) in chars.iter().enumerate() {
        if !matches!(c, '.' | '!' | '?' | '…') {
            continue;
        }
        let mut j = i + 1;
        while j < chars.len() && matches!(chars[j].1, '"' | '\'' | '”' | '’' | ')' | ']') {
            j += 1;
        }
        let end = chars.get(j).map_or(s.len(), |c| c.0);
        let mut k = j;
        while k < chars.len() && chars[k].1.is_whitespace() {
            k += 1;
        }
        if k > j
            && chars
                .get(k)
                .is_some_and(|c| c.1.is_uppercase() || matches!(c.1, '“' | '‘' | '"' | '('))
        {
            breaks.push(range.start + end);
        }
    }
    breaks
}

/// The bytes of `text` from the start of the sentence where `quote` begins
/// to the end of the sentence where it ends, within `blocks` (the visible
/// blocks the quote touches, in order); never less than the quote.
pub fn window(text: &str, blocks: &[Range<usize>], quote: Range<usize>) -> Range<usize> {
    let (Some(first), Some(last)) = (blocks.first(), blocks.last()) else {
        return quote;
    };
    let start = sentence_breaks(text, first.clone())
        .into_iter()
        .rev()
        .find(|&x| x <= quote.start)
        .map_or(first.start, |x| {
            x + text[x..].len() - text[x..].trim_start().len()
        });
    let end = sentence_breaks(text, last.clone())
        .into_iter()
        .find(|&x| x >= quote.end)
        .unwrap_or(last.end);
    start.min(quote.start)..end.max(quote.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sentence_around_a_quote() {
        let t = "He spoke. Then 1,500 troops moved to Vladivostok. Later, more came.";
        let q = t.find("1,500").unwrap()..t.find(" to Vlad").unwrap();
        let w = window(t, std::slice::from_ref(&(0..t.len())), q);
        assert_eq!(&t[w], "Then 1,500 troops moved to Vladivostok.");
    }

    #[test]
    fn a_quote_across_paragraphs_keeps_both_sentences() {
        let t = "One. Two starts here.\n\nAnd ends here. Three.";
        let (a, b) = (0..21, 23..t.len());
        let q = t.find("starts").unwrap()..t.find("ends").unwrap() + 4;
        let w = window(t, &[a, b], q);
        assert_eq!(&t[w], "Two starts here.\n\nAnd ends here.");
    }
}
