//! The chart of a quantity, drawn at build time as inline SVG: time on x,
//! value on y, ranges as vertical bars, each point a link to its passage,
//! its source told by shape (never by colour alone), claim figures hollow
//! and passage figures filled. Colours are CSS classes of style.css, so the
//! chart follows the dark scheme and prints in black.

use std::fmt::Write;

use super::escape::html as esc;
use crate::numbers::Qualifier;

/// One point to draw.
#[derive(Clone, Debug)]
pub struct ChartPoint {
    /// Days since 1970-01-01.
    pub day: i64,
    pub low: f64,
    pub high: f64,
    pub qualifier: Option<Qualifier>,
    /// A claim's figure (hollow) rather than a passage's (filled).
    pub claim: bool,
    /// Index into the chart's sources: its shape.
    pub source: usize,
    /// The short label beside the point ("about 3,000").
    pub label: String,
    /// Where the point links: the passage, or the claim.
    pub href: String,
    /// What hovering or focusing the point says: figure, source, date, words.
    pub title: String,
    /// The passage's words, shown under the chart by the script.
    pub passage: String,
}

/// The shapes sources are told apart by, in order.
pub const SHAPES: [&str; 8] = [
    "circle", "square", "triangle", "diamond", "down", "plus", "cross", "star",
];

const W: f64 = 640.0;
const LEFT: f64 = 72.0;
const RIGHT: f64 = 620.0;
const TOP: f64 = 24.0;
const BOTTOM: f64 = 300.0;
const H: f64 = 348.0;

/// The path of `shape` centred on (x, y), radius `r`.
pub fn shape_path(shape: usize, x: f64, y: f64, r: f64) -> String {
    let p = |pts: &[(f64, f64)]| {
        let mut s = String::new();
        for (i, (dx, dy)) in pts.iter().enumerate() {
            let _ = write!(
                s,
                "{}{:.1} {:.1}",
                if i == 0 { "M" } else { "L" },
                x + dx * r,
                y + dy * r
            );
        }
        s.push('Z');
        s
    };
    match SHAPES[shape % SHAPES.len()] {
        "circle" => format!(
            "M{:.1} {:.1}a{r:.1} {r:.1} 0 1 0 {:.1} 0a{r:.1} {r:.1} 0 1 0 {:.1} 0Z",
            x - r,
            y,
            2.0 * r,
            -2.0 * r
        ),
        "square" => p(&[(-0.85, -0.85), (0.85, -0.85), (0.85, 0.85), (-0.85, 0.85)]),
        "triangle" => p(&[(0.0, -1.1), (1.0, 0.8), (-1.0, 0.8)]),
        "diamond" => p(&[(0.0, -1.15), (1.0, 0.0), (0.0, 1.15), (-1.0, 0.0)]),
        "down" => p(&[(-1.0, -0.8), (1.0, -0.8), (0.0, 1.1)]),
        "plus" => p(&[
            (-0.35, -1.0),
            (0.35, -1.0),
            (0.35, -0.35),
            (1.0, -0.35),
            (1.0, 0.35),
            (0.35, 0.35),
            (0.35, 1.0),
            (-0.35, 1.0),
            (-0.35, 0.35),
            (-1.0, 0.35),
            (-1.0, -0.35),
            (-0.35, -0.35),
        ]),
        "cross" => p(&[
            (-0.75, -1.0),
            (0.0, -0.25),
            (0.75, -1.0),
            (1.0, -0.75),
            (0.25, 0.0),
            (1.0, 0.75),
            (0.75, 1.0),
            (0.0, 0.25),
            (-0.75, 1.0),
            (-1.0, 0.75),
            (-0.25, 0.0),
            (-1.0, -0.75),
        ]),
        _ => {
            let mut pts = Vec::new();
            for k in 0..10 {
                let a = std::f64::consts::PI * (k as f64) / 5.0 - std::f64::consts::FRAC_PI_2;
                let rr = if k % 2 == 0 { 1.15 } else { 0.5 };
                pts.push((a.cos() * rr, a.sin() * rr));
            }
            p(&pts)
        }
    }
}

/// A small SVG of one shape, for the legend and the table.
pub fn shape_icon(shape: usize, claim: bool) -> String {
    format!(
        "<svg class=\"chart-icon\" viewBox=\"0 0 16 16\" width=\"16\" height=\"16\" aria-hidden=\"true\"><path class=\"{}\" d=\"{}\"/></svg>",
        if claim { "pt-claim" } else { "pt-passage" },
        shape_path(shape, 8.0, 8.0, 5.5)
    )
}

/// A number as the chart's labels write it: "12,000", "1.5", "2.5 million".
pub fn number_text(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        crate::numbers::grouped(x as i64)
    } else {
        format!("{}", (x * 100.0).round() / 100.0)
    }
}

/// A tick step of 1, 2 or 5 times a power of ten giving about `n` steps.
fn nice_step(span: f64, n: f64) -> f64 {
    let raw = (span / n).max(f64::MIN_POSITIVE);
    let mag = 10f64.powf(raw.log10().floor());
    let f = raw / mag;
    mag * if f <= 1.0 {
        1.0
    } else if f <= 2.0 {
        2.0
    } else if f <= 5.0 {
        5.0
    } else {
        10.0
    }
}

/// (year, month, day) of a day count since 1970-01-01.
pub fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Days since 1970-01-01 of a civil date.
pub fn days(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// The chart: a drawing (`role="img"`, named by `title` and `desc`, the
/// trend in words; the table beside it is the full text alternative) and,
/// laid over it, a layer of links, one per point, which keyboard and
/// pointer reach (an image's children are not interactive).
pub fn svg(title: &str, desc: &str, points: &[ChartPoint]) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        "<div class=\"chart-frame\"><svg class=\"chart\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-labelledby=\"chart-title chart-desc\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"chart-title\">{}</title><desc id=\"chart-desc\">{}</desc>",
        esc(title),
        esc(desc)
    );
    if points.is_empty() {
        s.push_str("</svg></div>");
        return s;
    }
    let mut links = format!(
        "<svg class=\"chart-links\" viewBox=\"0 0 {W} {H}\" xmlns=\"http://www.w3.org/2000/svg\">"
    );
    // Scales: y from 0 to a round number above the highest value.
    let max = points.iter().map(|p| p.high).fold(0.0, f64::max).max(1.0);
    let step = nice_step(max, 5.0);
    let top = (max / step).ceil() * step;
    let y = |v: f64| BOTTOM - (v / top) * (BOTTOM - TOP);
    let (mut d0, mut d1) = points.iter().fold((i64::MAX, i64::MIN), |(a, b), p| {
        (a.min(p.day), b.max(p.day))
    });
    // A week of margin either side, so the first and last points are not on the axes.
    let pad = ((d1 - d0) / 12).max(7);
    d0 -= pad;
    d1 += pad;
    let x = |d: i64| LEFT + (d - d0) as f64 / (d1 - d0) as f64 * (RIGHT - LEFT);
    // Grid and y labels.
    s.push_str("<g class=\"chart-grid\" aria-hidden=\"true\">");
    let mut v = 0.0;
    while v <= top + step / 2.0 {
        let yy = y(v);
        let _ = write!(
            s,
            "<line x1=\"{LEFT}\" x2=\"{RIGHT}\" y1=\"{yy:.1}\" y2=\"{yy:.1}\"/><text class=\"chart-tick\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            LEFT - 8.0,
            yy + 5.0,
            number_text(v)
        );
        v += step;
    }
    // X ticks: the first of each month (every second or third on long
    // spans); on a span of under two months, every day, two days or week.
    let span = d1 - d0;
    let mut ticks: Vec<(i64, String)> = Vec::new();
    if span < 60 {
        let step = [1, 2, 7, 14]
            .into_iter()
            .find(|s| span / s <= 7)
            .unwrap_or(14);
        let mut d = d0 + 1;
        let mut last_month = 0;
        while d < d1 {
            let (_, m, day) = civil(d);
            let label = if m != last_month {
                format!("{day} {}", MONTHS[m as usize - 1])
            } else {
                day.to_string()
            };
            last_month = m;
            ticks.push((d, label));
            d += step;
        }
    } else {
        let (y0, m0, _) = civil(d0);
        let months = span / 30;
        let every = if months > 18 {
            3
        } else if months > 8 {
            2
        } else {
            1
        };
        let (mut ty, mut tm) = (y0, m0);
        let mut k = 0;
        loop {
            tm += 1;
            if tm > 12 {
                tm = 1;
                ty += 1;
            }
            let d = days(ty, tm, 1);
            if d > d1 {
                break;
            }
            if k % every == 0 {
                let label = if tm == 1 || ticks.is_empty() {
                    format!("{} {ty}", MONTHS[tm as usize - 1])
                } else {
                    MONTHS[tm as usize - 1].to_string()
                };
                ticks.push((d, label));
            }
            k += 1;
        }
    }
    for (d, label) in &ticks {
        let xx = x(*d);
        let _ = write!(
            s,
            "<line class=\"chart-xtick\" x1=\"{xx:.1}\" x2=\"{xx:.1}\" y1=\"{BOTTOM}\" y2=\"{:.1}\"/><text class=\"chart-tick\" x=\"{xx:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{label}</text>",
            BOTTOM + 6.0,
            BOTTOM + 24.0
        );
    }
    // The year, once, when the ticks do not say it.
    if span < 60 {
        let (y, _, _) = civil(d0 + span / 2);
        let _ = write!(
            s,
            "<text class=\"chart-tick\" x=\"{RIGHT}\" y=\"{:.1}\" text-anchor=\"end\">{y}</text>",
            BOTTOM + 40.0
        );
    }
    let _ = write!(
        s,
        "<line class=\"chart-axis\" x1=\"{LEFT}\" x2=\"{RIGHT}\" y1=\"{BOTTOM}\" y2=\"{BOTTOM}\"/></g>"
    );
    // Points: ranges as bars, open-ended qualifiers as arrows, then markers
    // and labels; points at the same place are set side by side.
    // Points of one day that would cover each other are set side by side,
    // centred on the day.
    let mut placed: Vec<(f64, f64)> = points
        .iter()
        .map(|p| (x(p.day), y((p.low + p.high) / 2.0)))
        .collect();
    let mut order: Vec<usize> = (0..points.len()).collect();
    order.sort_by(|&a, &b| {
        points[a]
            .day
            .cmp(&points[b].day)
            .then(placed[a].1.total_cmp(&placed[b].1))
            .then(a.cmp(&b))
    });
    let mut i = 0;
    while i < order.len() {
        let mut j = i + 1;
        while j < order.len()
            && points[order[j]].day == points[order[i]].day
            && placed[order[j]].1 - placed[order[j - 1]].1 < 13.0
        {
            j += 1;
        }
        let n = j - i;
        for (k, &pi) in order[i..j].iter().enumerate() {
            placed[pi].0 += (k as f64 - (n as f64 - 1.0) / 2.0) * 11.0;
        }
        i = j;
    }
    let mut labels: Vec<(f64, f64, f64, f64)> = Vec::new();
    s.push_str("<g class=\"chart-points\" aria-hidden=\"true\">");
    for (p, &(cx, cy)) in points.iter().zip(&placed) {
        let kind = if p.claim { "pt-claim" } else { "pt-passage" };
        let _ = write!(
            links,
            "<a class=\"chart-point\" href=\"{}\" data-passage=\"{}\"><title>{}</title><circle cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"11\"/></a>",
            esc(&p.href),
            esc(&p.passage),
            esc(&p.title)
        );
        if p.high > p.low {
            let (yl, yh) = (y(p.low), y(p.high));
            let _ = write!(
                s,
                "<path class=\"chart-range {kind}-range\" d=\"M{cx:.1} {yl:.1}V{yh:.1}M{:.1} {yl:.1}h10M{:.1} {yh:.1}h10\"/>",
                cx - 5.0,
                cx - 5.0
            );
        }
        let arrow = match p.qualifier {
            Some(Qualifier::MoreThan | Qualifier::AtLeast) => Some(-1.0),
            Some(Qualifier::UpTo | Qualifier::LessThan | Qualifier::AtMost) => Some(1.0),
            _ => None,
        };
        if let Some(dir) = arrow {
            let from = if dir < 0.0 { y(p.high) } else { y(p.low) };
            let to = from + dir * 22.0;
            let _ = write!(
                s,
                "<path class=\"chart-range {kind}-range\" d=\"M{cx:.1} {from:.1}V{to:.1}M{:.1} {:.1}L{cx:.1} {to:.1}L{:.1} {:.1}\"/>",
                cx - 4.0,
                to - dir * 5.0,
                cx + 4.0,
                to - dir * 5.0
            );
        }
        let _ = write!(
            s,
            "<path class=\"{kind}\" d=\"{}\"/>",
            shape_path(p.source, cx, cy, 6.5)
        );
        // The label beside the point: right, left, above or below, where it
        // does not cover another label; none if it would (the table has it).
        let w = p.label.chars().count() as f64 * 7.4 + 4.0;
        let tries = [
            (cx + 11.0, cy + 5.0, "start"),
            (cx - 11.0, cy + 5.0, "end"),
            (cx, cy - 13.0, "middle"),
            (cx, cy + 22.0, "middle"),
        ];
        for (tx, ty, anchor) in tries {
            let x0 = match anchor {
                "start" => tx,
                "end" => tx - w,
                _ => tx - w / 2.0,
            };
            let boxed = (x0, ty - 13.0, x0 + w, ty + 3.0);
            let inside = boxed.0 >= 0.0 && boxed.2 <= W && boxed.1 >= 0.0 && boxed.3 <= BOTTOM;
            let free = labels
                .iter()
                .all(|b| boxed.2 < b.0 || boxed.0 > b.2 || boxed.3 < b.1 || boxed.1 > b.3)
                && placed.iter().all(|(px, py)| {
                    *px + 6.0 < boxed.0
                        || *px - 6.0 > boxed.2
                        || *py + 6.0 < boxed.1
                        || *py - 6.0 > boxed.3
                });
            if inside && free {
                labels.push(boxed);
                let _ = write!(
                    s,
                    "<text class=\"chart-label\" x=\"{tx:.1}\" y=\"{ty:.1}\" text-anchor=\"{anchor}\">{}</text>",
                    esc(&p.label)
                );
                break;
            }
        }
    }
    s.push_str("</g></svg>");
    s.push_str(&links);
    s.push_str("</svg></div>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_civil_dates_agree() {
        assert_eq!(days(1970, 1, 1), 0);
        assert_eq!(days(2024, 10, 13), 20_009);
        for d in [-1000, 0, 20_009, 20_089, 30_000] {
            let (y, m, dd) = civil(d);
            assert_eq!(days(y, m, dd), d);
        }
    }

    #[test]
    fn ticks_are_round() {
        assert_eq!(nice_step(12000.0, 5.0), 5000.0);
        assert_eq!(nice_step(3000.0, 5.0), 1000.0);
        assert_eq!(number_text(12000.0), "12,000");
        assert_eq!(number_text(2.5), "2.5");
    }

    #[test]
    fn every_point_is_a_link_with_a_title_and_text_is_escaped() {
        let p = ChartPoint {
            day: 20_009,
            low: 10000.0,
            high: 12000.0,
            qualifier: Some(Qualifier::UpTo),
            claim: false,
            source: 2,
            label: "<b>10,000–12,000</b>".to_string(),
            href: "../../articles/a/#ev-c-1".to_string(),
            title: "NIS & co".to_string(),
            passage: "\"quoted\"".to_string(),
        };
        let svg = svg("T", "D", &[p.clone(), p]);
        assert_eq!(svg.matches("<a class=\"chart-point\"").count(), 2);
        assert!(svg.contains("NIS &amp; co"));
        assert!(!svg.contains("<b>"));
        assert!(svg.contains("role=\"img\""));
    }
}
