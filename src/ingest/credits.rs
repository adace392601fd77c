//! Photo credits: the line under a picture that names who took it ("Foto:
//! Sascha Klahn", "(© AFP/Jane Doe)") is about the picture, not part of the
//! article's text.

use super::html::Raw;

/// Labels a credit starts with, compared in lower case, before a `:`.
const CREDIT_LABELS: &[&str] = &[
    "foto",
    "fotos",
    "fotografie",
    "photo",
    "photos",
    "photograph",
    "picture",
    "image",
    "images",
    "bild",
    "bilder",
    "credit",
    "credits",
    "quelle",
    "source",
    "illustration",
    "grafik",
];

/// Credits are short: a label and a few names.
const CREDIT_MAX_WORDS: usize = 10;

/// Whether a block of a page is a photo credit: marked so by its class, or
/// in a caption or figure and reading like one.
pub(super) fn is_photo_credit(r: &Raw) -> bool {
    r.all_credit || ((r.ctx.caption || r.ctx.figure) && reads_like_credit(&r.text))
}

/// "Foto: Sascha Klahn", "© dpa", "(Photo: AP)", "Judy Eddy/WENN.com".
pub(super) fn reads_like_credit(text: &str) -> bool {
    let t = text
        .trim()
        .trim_start_matches(['(', '['])
        .trim_end_matches([')', ']'])
        .trim();
    let words: Vec<&str> = t.split_whitespace().collect();
    if words.is_empty() || words.len() > CREDIT_MAX_WORDS {
        return false;
    }
    let lower = t.to_lowercase();
    if lower.starts_with('©') || lower.starts_with("(c)") || lower.starts_with("copyright") {
        return true;
    }
    let labelled = lower.split_once(':').is_some_and(|(label, rest)| {
        CREDIT_LABELS.contains(&label.trim()) && !rest.trim().is_empty()
    });
    // Agency and photographer joined by a slash, names only.
    let names = words.len() <= 6
        && t.contains('/')
        && words
            .iter()
            .all(|w| !w.starts_with(char::is_lowercase) || matches!(*w, "via" | "and" | "und"));
    labelled || names
}

#[cfg(test)]
mod tests {
    use super::reads_like_credit;

    #[test]
    fn credits_are_labels_and_names() {
        for credit in [
            "Foto: Sascha Klahn",
            "(© FEI/Christophe Taniere)",
            "Judy Eddy/WENN.com",
            "Photo: AFP via Getty Images",
            "© dpa",
            "Bild: picture alliance/dpa",
        ] {
            assert!(reads_like_credit(credit), "{credit}");
        }
        for caption in [
            "Soldiers at the border on Tuesday.",
            "Photo: the harbour at dawn, seen from the ferry that brought the troops on Tuesday morning",
            "Kiev/Kyiv is the capital of Ukraine",
            "Image",
        ] {
            assert!(!reads_like_credit(caption), "{caption}");
        }
    }
}
