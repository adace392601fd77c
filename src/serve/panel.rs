//! The suggestions panel: on a claim page served by `attest serve`, the
//! passages that claim does not link yet, each with a button that copies
//! its `[[evidence]]` block (and one for a `[[not_evidence]]` block). It is
//! computed when the page is served, from the last good build, so it is new
//! after every rebuild; it exists only in what the server sends, never in
//! the output directory.

use std::sync::{Arc, Mutex};

use crate::discover::{self, Suggestion};
use crate::rebuild::Session;
use crate::render::escape::html;

/// The id of the panel element.
pub const PANEL_ID: &str = "attest-suggestions";
/// Passages shown per claim.
pub const LIMIT: usize = 10;

/// The claim slug of an output file: `claims/<slug>/index.html`.
pub fn claim_of(rel: &str) -> Option<&str> {
    let slug = rel.strip_prefix("claims/")?.strip_suffix("/index.html")?;
    (!slug.is_empty() && !slug.contains('/')).then_some(slug)
}

/// The suggestions for one claim from the last good build; `None` while
/// a rebuild holds the session (the page reloads when it is done), or if
/// there is no such claim.
pub fn suggestions(session: &Mutex<Session>, slug: &str) -> Option<Vec<Suggestion>> {
    let session = session.try_lock().ok()?;
    let kept = session.kept()?;
    let ci = kept
        .site
        .claims
        .binary_search_by(|c| c.slug.as_str().cmp(slug))
        .ok()?;
    Some(discover::suggest(&kept.site, &kept.index, &[ci], LIMIT))
}

/// The panel's HTML for a page, or nothing for a page that is not a claim's.
pub fn for_page(session: &Arc<Mutex<Session>>, rel: &str) -> String {
    let Some(slug) = claim_of(rel) else {
        return String::new();
    };
    match suggestions(session, slug) {
        Some(list) => render(&list),
        None => String::new(),
    }
}

/// The `[[not_evidence]]` block that settles a suggested passage.
pub fn settle_toml(s: &Suggestion) -> String {
    let mut t = String::from("[[not_evidence]]\n");
    t.push_str(&format!(
        "article = {}\n",
        discover::suggest::toml_string(&s.article)
    ));
    t.push_str(&format!(
        "quote = {}\n",
        discover::suggest::toml_string(&s.quote)
    ));
    if let Some(p) = &s.prefix {
        t.push_str(&format!("prefix = {}\n", discover::suggest::toml_string(p)));
    }
    t.push_str("reason = \"TODO: why it is not evidence for this claim\"\n");
    t
}

/// The panel: a collapsed box at the bottom of the page, every string
/// escaped (seed text is untrusted).
pub fn render(list: &[Suggestion]) -> String {
    let mut h = String::new();
    h.push_str(&format!(
        "<aside id=\"{PANEL_ID}\" aria-label=\"Suggestions (development server)\" \
         style=\"position:fixed;right:.75rem;bottom:.75rem;z-index:2147483646;max-width:min(40rem,calc(100vw - 1.5rem));\
         max-height:70vh;overflow:auto;background:#fffdf5;color:#1a1a1a;border:2px solid #8a6d00;border-radius:.5rem;\
         box-shadow:0 .25rem 1rem rgba(0,0,0,.25);font:15px/1.45 system-ui,sans-serif\">\
         <details><summary style=\"cursor:pointer;padding:.5rem .75rem;font-weight:bold\">{} suggested passage{} \
         for this claim <span style=\"font-weight:normal\">(attest serve)</span></summary>\
         <div style=\"padding:0 .75rem .75rem\">",
        list.len(),
        if list.len() == 1 { "" } else { "s" }
    ));
    if list.is_empty() {
        h.push_str("<p>Nothing to suggest: every passage that bears on this claim is linked or settled.</p>");
    }
    for (i, s) in list.iter().enumerate() {
        let id = format!("{PANEL_ID}-{}", i + 1);
        h.push_str("<section style=\"border-top:1px solid #d8c98f;padding:.5rem 0\">");
        h.push_str(&format!(
            "<h2 style=\"font-size:1rem;margin:.25rem 0\">{}. <code>{}</code> {} <span style=\"font-weight:normal\">(score {})</span></h2>",
            i + 1,
            html(&s.article),
            html(&s.location),
            s.score
        ));
        h.push_str(&format!(
            "<blockquote style=\"margin:.25rem 0 .5rem;padding-left:.5rem;border-left:3px solid #8a6d00\">{}</blockquote><ul style=\"margin:0 0 .5rem;padding-left:1.25rem\">",
            html(&s.exact)
        ));
        for r in &s.reasons {
            h.push_str(&format!(
                "<li><strong>{}</strong>: {}</li>",
                html(r.signal),
                html(&r.text.replace('`', ""))
            ));
        }
        h.push_str("</ul>");
        for (kind, label, text) in [
            ("link", "Copy [[evidence]]", s.toml.clone()),
            ("settle", "Copy [[not_evidence]]", settle_toml(s)),
        ] {
            h.push_str(&format!(
                "<pre id=\"{id}-{kind}\" style=\"white-space:pre-wrap;font:13px/1.4 ui-monospace,monospace;background:#f3efe0;\
                 padding:.4rem;margin:.25rem 0\">{}</pre>\
                 <button type=\"button\" data-attest-copy=\"{id}-{kind}\" style=\"margin:0 .5rem .5rem 0\">{label}</button>",
                html(&text)
            ));
        }
        h.push_str("</section>");
    }
    h.push_str("</div></details></aside>\n");
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_claim_pages_get_a_panel() {
        assert_eq!(
            claim_of("claims/port-troops/index.html"),
            Some("port-troops")
        );
        assert_eq!(claim_of("claims/index.html"), None);
        assert_eq!(claim_of("articles/report/index.html"), None);
        assert_eq!(claim_of("claims/a/b/index.html"), None);
    }

    #[test]
    fn seed_text_is_escaped() {
        let s = Suggestion {
            claim: "c".into(),
            article: "a".into(),
            seed: "a.txt".into(),
            paragraph: Some(1),
            location: "¶1".into(),
            start_byte: 0,
            end_byte: 10,
            start_char: 0,
            end_char: 10,
            exact: "<script>alert(1)</script> & more".into(),
            score: 1.0,
            reasons: Vec::new(),
            quote: "<script>alert(1)</script> & more".into(),
            prefix: None,
            attributed_to: None,
            toml: "quote = \"<script>\"".into(),
            claim_file: String::new(),
            line: 1,
        };
        let out = render(&[s]);
        assert!(!out.contains("<script>"), "{out}");
        assert!(out.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more"));
    }
}
