//! The claims of the model, from their files and the spans of their quotes.

use super::*;

/// One claim of the model from its file and the spans of its evidence;
/// `None` (and errors) if a rating, stance or span is missing.
pub fn build_claim(
    config: &Config,
    registry: &Registry,
    c: &Parsed<ClaimFront>,
    spans: ClaimSpans,
    diags: &mut Diagnostics,
) -> Option<Claim> {
    let file = &c.doc.file;
    let f = &c.front;
    let ratings: Vec<&str> = config
        .ratings
        .iter()
        .map(|r| r.id.get_ref().as_str())
        .collect();
    let rating = ratings.iter().position(|r| r == f.rating.get_ref());
    if rating.is_none() {
        diags.push(
            Diagnostic::error(
                "unknown-rating",
                format!("no rating `{}` in config.toml", f.rating.get_ref()),
            )
            .at(file, c.doc.span(f.rating.span()))
            .label("not a rating id")
            .help(valid_values_help(f.rating.get_ref(), &ratings)),
        );
    }
    check_figure(c, diags);
    if let Some(t) = &f.claimant_type
        && !matches!(t.get_ref().as_str(), "person" | "organization")
    {
        diags.push(
            Diagnostic::error(
                "unknown-claimant-type",
                format!("no claimant type `{}`", t.get_ref()),
            )
            .at(file, c.doc.span(t.span()))
            .help(valid_values_help(t.get_ref(), &["person", "organization"])),
        );
    }
    let mut evidence = Vec::new();
    let mut ok = rating.is_some();
    let not_evidence: Vec<Settled> = f
        .not_evidence
        .iter()
        .zip(spans.not_evidence)
        .enumerate()
        .filter_map(|(i, (ne, span))| {
            Some(Settled {
                k: i + 1,
                span: span?,
                reason: ne.reason.get_ref().clone(),
                quote_at: c.doc.span(ne.quote.span()),
            })
        })
        .collect();
    if not_evidence.len() < f.not_evidence.len() {
        ok = false;
    }
    for (i, (ev, span)) in f.evidence.iter().zip(spans.evidence).enumerate() {
        let stance = Stance::parse(ev.stance.get_ref());
        if stance.is_none() {
            let ids: Vec<&str> = Stance::ALL.iter().map(|s| s.id()).collect();
            diags.push(
                Diagnostic::error(
                    "unknown-stance",
                    format!("no stance `{}`", ev.stance.get_ref()),
                )
                .at(file, c.doc.span(ev.stance.span()))
                .label("not a stance")
                .help(valid_values_help(ev.stance.get_ref(), &ids)),
            );
        }
        let inferred = ev.attribution_inferred.as_ref().filter(|b| *b.get_ref());
        if let (Some(b), None) = (inferred, &ev.attributed_to) {
            diags.push(
                Diagnostic::warning(
                    "inferred-without-attribution",
                    "`attribution_inferred` marks no attribution: the entry has no `attributed_to`",
                )
                .at(file, c.doc.span(b.span()))
                .label("inferred from whom?")
                .help("add attributed_to = \"...\" with the source you infer, or remove attribution_inferred"),
            );
        }
        let figure_setting = figures::evidence_setting(c, i + 1, ev, diags);
        match (stance, span) {
            (Some(stance), Some(span)) => evidence.push(Evidence {
                figure_setting,
                as_of: ev.as_of.clone(),
                figure: figures::PassageFigure::None,
                k: i + 1,
                stance,
                span,
                quote_at: c.doc.span(ev.quote.span()),
                attributed_to: ev
                    .attributed_to
                    .as_ref()
                    .map(|a| a.get_ref().names().join("; ")),
                cited: ev.attributed_to.as_ref().map_or(Vec::new(), |a| {
                    registry.cite(a, file, c.doc.span(a.span()), diags)
                }),
                attribution_inferred: inferred.is_some() && ev.attributed_to.is_some(),
                note: ev
                    .note
                    .as_ref()
                    .map(|n| (n.get_ref().clone(), c.doc.span(n.span()).start + 1)),
            }),
            _ => ok = false,
        }
    }
    if f.evidence.is_empty() {
        diags.push(
            Diagnostic::warning(
                "no-evidence",
                format!("claim `{}` links to no passage", c.slug),
            )
            .in_file(file)
            .help("add an [[evidence]] entry with article, stance and quote"),
        );
    }
    if !ok {
        return None;
    }
    Some(Claim {
        slug: c.slug.clone(),
        title: f.title.clone(),
        claim: f.claim.get_ref().clone(),
        claim_span: c.doc.span(f.claim.span()),
        claimant_is_person: f
            .claimant_type
            .as_ref()
            .is_some_and(|t| t.get_ref() == "person"),
        claimant: f.claimant.clone(),
        claim_date: f.claim_date.clone(),
        rating: rating?,
        verdict: f.verdict.clone(),
        published: f.published.clone(),
        updated: f.updated.clone(),
        tags: f.tags.clone(),
        figure: f.figure.as_ref().map(|fig| fig.get_ref().clone()),
        evidence,
        not_evidence,
        twins: Vec::new(),
        shown_as: Vec::new(),
        changes: {
            let mut changes: Vec<Change> = f
                .changes
                .iter()
                .map(|ch| Change {
                    date: ch.date.clone(),
                    note: ch.note.get_ref().clone(),
                    note_at: c.doc.span(ch.note.span()).start + 1,
                })
                .collect();
            changes.sort_by(|a, b| a.date.cmp(&b.date));
            changes
        },
        body: c.doc.body_text().to_string(),
        file: file.clone(),
        body_start: c.doc.body.start,
    })
}

fn check_figure(c: &Parsed<ClaimFront>, diags: &mut Diagnostics) {
    let Some(fig) = &c.front.figure else { return };
    let span = c.doc.span(fig.span());
    let f = fig.get_ref();
    let finite = [f.value, f.low, f.high]
        .iter()
        .flatten()
        .all(|x| x.is_finite());
    let problem = match (f.value, f.low, f.high) {
        _ if !finite => Some("a figure is a number: not `nan` or `inf`"),
        (Some(_), None, None) => None,
        (None, Some(lo), Some(hi)) if lo <= hi => None,
        (None, Some(_), Some(_)) => Some("`low` is greater than `high`"),
        (Some(_), _, _) => Some("give either `value` or `low` and `high`, not both"),
        (None, _, _) => Some("a figure needs `value`, or `low` and `high` for a range"),
    };
    if let Some(p) = problem {
        diags.push(
            Diagnostic::error("bad-figure", p)
                .at(&c.doc.file, span.clone())
                .help("e.g. value = 1500, or low = 10000 and high = 12000"),
        );
    }
    if !crate::slug::is_valid(&f.quantity) {
        diags.push(
            Diagnostic::error(
                "bad-slug",
                format!("`{}` is not a valid quantity slug", f.quantity),
            )
            .at(&c.doc.file, span)
            .help(format!(
                "use quantity = \"{}\"",
                crate::slug::suggest(&f.quantity)
            )),
        );
    }
}

/// Counts evidence by stance, for listings.
pub fn stance_counts(claim: &Claim) -> BTreeMap<Stance, usize> {
    let mut m = BTreeMap::new();
    for ev in &claim.evidence {
        *m.entry(ev.stance).or_insert(0) += 1;
    }
    m
}
