//! Furniture by markup: what a page's tags, roles and class names say is
//! navigation, comments, banners and the like, and which such marks to
//! believe.

use dom_query::NodeRef;

use super::html::{Marker, Raw};

/// The words of an element's id and class names ("article-comments" gives
/// "article", "comments").
pub(super) fn marker_words(node: &NodeRef) -> Vec<String> {
    let mut words = Vec::new();
    for attr in ["id", "class"] {
        if let Some(v) = node.attr(attr) {
            let v = v.to_ascii_lowercase();
            words.extend(
                v.split(|c: char| !c.is_ascii_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .map(str::to_string),
            );
        }
    }
    words
}

/// Why an element and everything in it is furniture, by its tag, role and
/// class or id words.
pub(super) fn furniture_marker(
    tag: &str,
    role: Option<&str>,
    words: &[String],
) -> Option<&'static str> {
    match tag {
        "nav" => return Some("navigation"),
        "footer" => return Some("page footer"),
        "aside" => return Some("sidebar"),
        "form" | "button" | "label" | "fieldset" | "option" | "optgroup" => return Some("form"),
        _ => {}
    }
    match role {
        Some("navigation" | "menubar" | "menu" | "search") => return Some("navigation"),
        Some("contentinfo") => return Some("page footer"),
        Some("complementary") => return Some("sidebar"),
        Some("dialog" | "alertdialog") => return Some("pop-up"),
        _ => {}
    }
    let has = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
    if has(&[
        "comment",
        "comments",
        "commentlist",
        "disqus",
        "respond",
        "replies",
    ]) {
        Some("comments")
    } else if has(&["cookie", "cookies", "consent", "gdpr", "cmp", "onetrust"]) {
        Some("cookie banner")
    } else if has(&[
        "related",
        "recommended",
        "recommendations",
        "readmore",
        "morestories",
        "outbrain",
        "taboola",
    ]) {
        Some("related links")
    } else if has(&[
        "share", "sharing", "sharebar", "social", "socials", "shariff",
    ]) {
        Some("share buttons")
    } else if has(&[
        "newsletter",
        "subscribe",
        "subscription",
        "paywall",
        "signup",
        "promo",
    ]) {
        Some("subscription banner")
    } else if has(&[
        "nav",
        "navbar",
        "navigation",
        "menu",
        "breadcrumb",
        "breadcrumbs",
        "pagination",
        "pager",
        "skip",
    ]) {
        Some("navigation")
    } else if has(&["authorbox", "authorbio", "saboxplugin"])
        || (has(&["author"])
            && has(&["box", "bio", "biography", "about", "description", "profile"]))
    {
        Some("author box")
    } else if has(&["tags", "tagcloud", "postmetadata", "categories"])
        || (has(&["tag", "cat", "category"]) && has(&["links", "list"]))
        || (has(&["entry"]) && has(&["utility"]))
    {
        Some("tags and categories")
    } else if has(&["sidebar", "widget", "widgets"]) {
        Some("sidebar")
    } else if has(&["footer"]) {
        Some("page footer")
    } else if has(&[
        "ad",
        "ads",
        "advert",
        "advertisement",
        "adsbygoogle",
        "sponsored",
        "sponsor",
    ]) {
        Some("advertisement")
    } else if has(&["sronly", "visuallyhidden", "screenreader"])
        || (has(&["sr"]) && has(&["only"]))
        || (has(&["visually"]) && has(&["hidden"]))
    {
        Some("hidden text")
    } else {
        None
    }
}

/// Embedded posts of social networks, as their embed codes mark them.
pub(super) const EMBED_WORDS: &[&str] = &[
    "twitter",
    "tweet",
    "instagram",
    "tiktok",
    "bluesky",
    "mastodon",
    "facebook",
    "fb",
    "embed",
    "embedded",
];

/// A marked element holding this share of the main text or more is a
/// wrapper whose class names say little ("has-sidebar", "show-navbar").
const WRAPPER_SHARE: f64 = 0.25;

/// For each block, why its markup makes it furniture, if it does: the
/// innermost marker around it that is not a wrapper of the main text.
pub(super) fn furniture_reasons(raws: &[Raw], markers: &[Marker]) -> Vec<Option<&'static str>> {
    let mut kept = vec![0usize; markers.len()];
    let mut total_kept = 0;
    for r in raws {
        total_kept += r.kept;
        if let Some(m) = r.ctx.marker {
            kept[m] += r.kept;
        }
    }
    // Parents come before their children: sum upwards from the last.
    for m in (0..markers.len()).rev() {
        if let Some(p) = markers[m].parent {
            kept[p] += kept[m];
        }
    }
    let wrapper = |m: usize| total_kept > 0 && kept[m] as f64 >= WRAPPER_SHARE * total_kept as f64;
    let mut effective: Vec<Option<usize>> = Vec::with_capacity(markers.len());
    for (m, marker) in markers.iter().enumerate() {
        let e = if wrapper(m) {
            marker.parent.and_then(|p| effective[p])
        } else {
            Some(m)
        };
        effective.push(e);
    }
    raws.iter()
        .map(|r| {
            r.ctx
                .marker
                .and_then(|m| effective[m])
                .map(|m| markers[m].reason)
        })
        .collect()
}
