//! A right's life as an SVG picture: one row per dated happening (filing, publication,
//! grant, legal events, expiry) in date order, each a marker at its date on a common time
//! axis, so gaps read as gaps. The same rows follow as a table for screen readers and for
//! reading the details.

use maud::{html, Markup};
use silkport_model::Date;

/// What a row stands for (its colour).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Dates of the right itself: filing, priority, publication, grant, expiry.
    Life,
    /// A change of ownership, licence or pledge.
    Deal,
    /// Fees, lapses and other procedure.
    Procedure,
}

#[derive(Debug, Clone)]
pub struct Point {
    pub date: Date,
    pub label: String,
    pub mark: Mark,
}

/// Rows drawn at most; the table below lists every one.
pub const MAX_ROWS: usize = 40;
const WIDTH: f64 = 820.0;
const LEFT: f64 = 16.0;
const RIGHT: f64 = 16.0;
const ROW: f64 = 22.0;
const TOP: f64 = 12.0;
const AXIS: f64 = 34.0;

/// Okabe–Ito colours (safe for colour-blind readers), each ≥ 3:1 against white.
fn colour(m: Mark) -> &'static str {
    match m {
        Mark::Life => "#0072B2",
        Mark::Deal => "#B35900",
        Mark::Procedure => "#5F6B73",
    }
}

/// Sorts by date (stable, so same-day rows keep their order) and draws the picture.
pub fn svg(points: &mut [Point], title: &str, desc: &str) -> Markup {
    points.sort_by_key(|p| p.date);
    let shown = &points[..points.len().min(MAX_ROWS)];
    let (Some(first), Some(last)) = (shown.first(), shown.last()) else { return html! {} };
    let (y0, y1) = (first.date.year(), last.date.year() + 1);
    let start = Date::new(y0, 1, 1).map_or(first.date.to_days(), Date::to_days);
    let end = Date::new(y1, 1, 1).map_or(last.date.to_days() + 1, Date::to_days);
    let span = (end - start).max(1) as f64;
    let x = |d: Date| LEFT + (d.to_days() - start) as f64 / span * (WIDTH - LEFT - RIGHT);
    let height = TOP + ROW * shown.len() as f64 + AXIS;
    let axis_y = TOP + ROW * shown.len() as f64 + 4.0;
    let step = year_step(y1 - y0);
    html! {
        svg.timeline xmlns="http://www.w3.org/2000/svg" viewBox=(format!("0 0 {WIDTH} {height}")) width="100%"
            role="img" aria-labelledby="tl-title tl-desc" focusable="false" {
            title #tl-title { (title) }
            desc #tl-desc { (desc) }
            @for year in (y0..=y1).filter(|y| (y - y0) % step == 0) {
                @if let Some(d) = Date::new(year, 1, 1) {
                    line.grid x1=(fmt(x(d))) x2=(fmt(x(d))) y1=(fmt(TOP - 6.0)) y2=(fmt(axis_y)) {}
                    text.tick x=(fmt(x(d))) y=(fmt(axis_y + 16.0)) text-anchor="middle" { (year) }
                }
            }
            line.axisline x1=(fmt(LEFT)) x2=(fmt(WIDTH - RIGHT)) y1=(fmt(axis_y)) y2=(fmt(axis_y)) {}
            @for (i, p) in shown.iter().enumerate() {
                @let cx = x(p.date);
                @let cy = TOP + ROW * i as f64 + ROW / 2.0;
                @let right_half = cx > WIDTH / 2.0;
                g {
                    circle cx=(fmt(cx)) cy=(fmt(cy)) r="5" fill=(colour(p.mark)) {
                        title { (p.date) " " (p.label) }
                    }
                    text.lbl x=(fmt(if right_half { cx - 10.0 } else { cx + 10.0 })) y=(fmt(cy + 4.0))
                        text-anchor=(if right_half { "end" } else { "start" }) {
                        (p.date) " " (p.label)
                    }
                }
            }
        }
    }
}

/// Years between grid lines so that at most about 12 are drawn.
fn year_step(years: u16) -> u16 {
    match years {
        0..=12 => 1,
        13..=24 => 2,
        25..=60 => 5,
        _ => 10,
    }
}

fn fmt(v: f64) -> String {
    format!("{v:.1}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn rows_are_in_date_order_and_text_is_escaped() {
        let mut pts = vec![
            Point { date: d("2012-05-01"), label: "grant <b>".into(), mark: Mark::Life },
            Point { date: d("2008-06-16"), label: "filing".into(), mark: Mark::Life },
            Point { date: d("2018-11-13"), label: "pledge".into(), mark: Mark::Deal },
        ];
        let svg = svg(&mut pts, "t", "d").into_string();
        let filing = svg.find("2008-06-16 filing").unwrap();
        let grant = svg.find("2012-05-01 grant &lt;b&gt;").unwrap();
        let pledge = svg.find("2018-11-13 pledge").unwrap();
        assert!(filing < grant && grant < pledge);
        assert!(!svg.contains("<b>"));
        // The axis runs from the first year to the year after the last.
        assert!(svg.contains(">2008<") && svg.contains(">2019<"));
    }
}
