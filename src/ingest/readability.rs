//! The main text as a port of Mozilla's Readability sees it: which of the
//! page's text nodes it keeps, found by matching its output to the page.

use dom_query::{Document, NodeData};

use super::html::{MAX_ELEMENTS_FOR_READABILITY, Raw, TextNode, collapse};

/// The text of every text node that Readability keeps, in order, or `None`
/// when it finds no article.
pub(super) fn readability_keys(doc: Document) -> Option<Vec<String>> {
    let cfg = dom_smoothie::Config {
        max_elements_to_parse: MAX_ELEMENTS_FOR_READABILITY,
        disable_json_ld: true,
        ..dom_smoothie::Config::default()
    };
    let mut r = dom_smoothie::Readability::with_document(doc, None, Some(cfg)).ok()?;
    let article = r.parse().ok()?;
    let content = Document::from(article.content);
    let mut keys = Vec::new();
    for n in content.root().descendants_it() {
        if let Some(Some(t)) = n.query(|t| match &t.data {
            NodeData::Text { contents } => Some(contents.to_string()),
            _ => None,
        }) && !t.trim().is_empty()
        {
            keys.push(collapse(&t));
        }
    }
    Some(keys)
}

/// Texts this long are nearly always unique on a page: they anchor the match.
const ANCHOR_BYTES: usize = 25;

/// Marks the page's text nodes that Readability kept, matching its text
/// nodes to the page's in order: long texts first as anchors, then the short
/// ones between two anchors.
pub(super) fn mark_kept(keys: &[String], nodes: &mut [TextNode], raws: &mut [Raw]) {
    use std::collections::HashMap;
    let mut by_key: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, n) in nodes.iter().enumerate() {
        if n.key.len() >= ANCHOR_BYTES {
            by_key.entry(n.key.as_str()).or_default().push(i);
        }
    }
    let mut matched: Vec<Option<usize>> = vec![None; keys.len()];
    let mut after = 0;
    for (ki, key) in keys.iter().enumerate() {
        if key.len() < ANCHOR_BYTES {
            continue;
        }
        if let Some(list) = by_key.get(key.as_str()) {
            let at = list.partition_point(|&i| i < after);
            if let Some(&i) = list.get(at) {
                matched[ki] = Some(i);
                after = i + 1;
            }
        }
    }
    // The rest, in order, within the gap their anchors leave: a text equal
    // to one of the page's, or several of the page's run together
    // (Readability merges neighbours when it unwraps a link).
    let mut runs: Vec<std::ops::Range<usize>> = Vec::new();
    let mut lo = 0;
    let mut ki = 0;
    while ki < keys.len() {
        if let Some(i) = matched[ki] {
            lo = i + 1;
            ki += 1;
            continue;
        }
        let hi = matched[ki..]
            .iter()
            .flatten()
            .next()
            .copied()
            .unwrap_or(nodes.len());
        let mut cur = lo;
        while ki < keys.len() && matched[ki].is_none() {
            if let Some(run) = find_run(nodes, cur.min(hi)..hi, &keys[ki]) {
                cur = run.end;
                runs.push(run);
            }
            ki += 1;
        }
        lo = cur;
    }
    let singles = matched.into_iter().flatten().map(|i| i..i + 1);
    for run in singles.chain(runs) {
        for i in run {
            for &(b, bytes) in &nodes[i].parts {
                if let Some(r) = raws.get_mut(b) {
                    r.kept += bytes;
                }
            }
        }
    }
}

/// How far to look for a short text before giving it up.
const SEARCH_WINDOW: usize = 400;

/// The first run of consecutive text nodes in `within` whose texts, joined
/// by single spaces or nothing, make `key`.
fn find_run(
    nodes: &[TextNode],
    within: std::ops::Range<usize>,
    key: &str,
) -> Option<std::ops::Range<usize>> {
    let end = within.end.min(within.start + SEARCH_WINDOW);
    for i in within.start..end {
        let first = nodes[i].key.as_str();
        if first.is_empty() || !key.starts_with(first) {
            continue;
        }
        let mut pos = first.len();
        let mut j = i + 1;
        while pos < key.len() && j < within.end {
            let rest = &key[pos..];
            let rest_trimmed = rest.strip_prefix(' ').unwrap_or(rest);
            let next = nodes[j].key.as_str();
            if rest_trimmed.starts_with(next) {
                pos = key.len() - rest_trimmed.len() + next.len();
                j += 1;
            } else {
                break;
            }
        }
        if pos >= key.len() {
            return Some(i..j);
        }
    }
    None
}
