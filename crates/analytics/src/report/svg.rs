//! Charts as inline SVG, written by hand: horizontal bars (rankings, compositions), lines
//! over years (trends, indicators), diverging bars around 1 (specialisation), a connected
//! scatter (life cycle), a 100 % bar (mixes) and a circular network. Every chart has its
//! title, axis labels and units in the report's language, passed in by the caller.

use std::fmt::Write;

/// Series colours (colour-blind safe, Okabe–Ito), cycled.
pub const COLOURS: [&str; 8] = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"];

const WIDTH: f64 = 860.0;
const FONT: f64 = 13.0;

/// Escapes text for SVG and HTML.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Approximate rendered width of text: CJK characters are one em, others about half.
pub fn text_width(s: &str, size: f64) -> f64 {
    s.chars().map(|c| if (c as u32) >= 0x2E80 { size } else { size * 0.56 }).sum()
}

/// `s` cut to fit `max` pixels, with an ellipsis when cut.
pub fn fit(s: &str, max: f64, size: f64) -> String {
    if text_width(s, size) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    for c in s.chars() {
        if text_width(&out, size) + text_width(&c.to_string(), size) + size > max {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// `12345` → `12,345`; `0.1234` → `0.12`.
pub fn num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        let s = format!("{}", v.abs() as u64);
        let mut out = String::new();
        for (i, c) in s.chars().enumerate() {
            if i > 0 && (s.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        return if v < 0.0 { format!("-{out}") } else { out };
    }
    let text = if v.abs() >= 100.0 {
        return num(v.round());
    } else if v.abs() >= 1.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.3}")
    };
    // 0.500 → 0.5, 1.50 → 1.5
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A share as a percentage: one decimal, two below 1 % (so 0.03 % does not read as 0.0 %).
pub fn pct(v: f64) -> String {
    if v != 0.0 && v.abs() < 0.01 {
        format!("{:.2}%", v * 100.0)
    } else {
        format!("{:.1}%", v * 100.0)
    }
}

/// A "nice" upper bound for an axis and its tick step: the smallest of 1, 1.25, 1.5, 2,
/// 2.5, 3, 4, 5, 6, 8 × 10ⁿ at or above `max`, in four to six ticks.
fn nice_max(max: f64) -> (f64, f64) {
    if max <= 0.0 {
        return (1.0, 0.25);
    }
    let mag = 10f64.powf(max.log10().floor());
    const STEPS: [(f64, f64); 11] = [
        (1.0, 0.25),
        (1.25, 0.25),
        (1.5, 0.25),
        (2.0, 0.5),
        (2.5, 0.5),
        (3.0, 0.5),
        (4.0, 1.0),
        (5.0, 1.0),
        (6.0, 1.0),
        (8.0, 2.0),
        (10.0, 2.0),
    ];
    let (m, step) = STEPS.iter().copied().find(|(m, _)| m * mag >= max * (1.0 - 1e-9)).unwrap_or((10.0, 2.0));
    (m * mag, step * mag)
}

/// An axis for values between `min` and `max`: from 0 when the values reach down to half
/// the maximum, else from a round number below `min`, so clustered points spread out.
fn nice_range(min: f64, max: f64) -> (f64, f64, f64) {
    if min <= max / 2.0 || max <= 0.0 {
        let (top, step) = nice_max(max);
        return (0.0, top, step);
    }
    let (_, step) = nice_max(max - min);
    let lo = (min / step).floor() * step;
    let hi = (max / step).ceil() * step;
    (lo, hi.max(lo + step), step)
}

fn open(w: f64, h: f64, title: &str) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="100%" role="img" aria-label="{t}" class="chart"><title>{t}</title><text x="0" y="18" class="ct">{t}</text>"#,
        t = esc(title)
    );
    s
}

fn text(s: &mut String, x: f64, y: f64, anchor: &str, class: &str, body: &str) {
    let _ = write!(s, r#"<text x="{x:.1}" y="{y:.1}" text-anchor="{anchor}" class="{class}">{}</text>"#, esc(body));
}

/// Horizontal bars: one row per label, value labels at the bar ends. `value_label` formats
/// the value (count, share, RTA).
pub struct Bars<'a> {
    pub title: &'a str,
    pub axis: &'a str,
    pub rows: Vec<(String, f64)>,
    pub value_label: &'a dyn Fn(f64) -> String,
}

impl Bars<'_> {
    pub fn svg(&self) -> String {
        let row_h = 24.0;
        let label_w = self.rows.iter().map(|(l, _)| text_width(l, FONT)).fold(80.0f64, f64::max).min(300.0);
        let (x0, top) = (label_w + 12.0, 34.0);
        let plot_w = WIDTH - x0 - 70.0;
        let h = top + row_h * self.rows.len().max(1) as f64 + 40.0;
        let max = self.rows.iter().map(|r| r.1).fold(0.0, f64::max);
        let (axis_max, step) = nice_max(max);
        let mut s = open(WIDTH, h, self.title);
        let bottom = top + row_h * self.rows.len().max(1) as f64;
        let mut t = 0.0;
        while t <= axis_max + 1e-9 {
            let x = x0 + plot_w * t / axis_max;
            let _ = write!(s, r##"<line x1="{x:.1}" y1="{top}" x2="{x:.1}" y2="{bottom}" class="grid"/>"##);
            text(&mut s, x, bottom + 16.0, "middle", "tick", &(self.value_label)(t));
            t += step;
        }
        text(&mut s, x0 + plot_w / 2.0, bottom + 34.0, "middle", "axis", self.axis);
        for (i, (label, v)) in self.rows.iter().enumerate() {
            let y = top + row_h * i as f64;
            let w = (plot_w * v / axis_max).max(0.0);
            let _ = write!(
                s,
                r#"<rect x="{x0:.1}" y="{:.1}" width="{w:.1}" height="{:.1}" fill="{}"><title>{}: {}</title></rect>"#,
                y + 4.0,
                row_h - 8.0,
                COLOURS[0],
                esc(label),
                esc(&(self.value_label)(*v))
            );
            text(&mut s, x0 - 6.0, y + row_h / 2.0 + 4.5, "end", "lbl", &fit(label, label_w, FONT));
            text(&mut s, x0 + w + 4.0, y + row_h / 2.0 + 4.5, "start", "val", &(self.value_label)(*v));
        }
        s.push_str("</svg>");
        s
    }
}

/// Lines over years. Years from `incomplete_from` on are shaded and labelled.
pub struct Lines<'a> {
    pub title: &'a str,
    pub y_axis: &'a str,
    pub x_axis: &'a str,
    pub series: Vec<(String, Vec<(u16, f64)>)>,
    pub incomplete_from: Option<u16>,
    pub incomplete_label: &'a str,
}

impl Lines<'_> {
    pub fn svg(&self) -> String {
        let points = || self.series.iter().flat_map(|(_, p)| p.iter());
        let (Some(y_min), Some(y_max)) = (points().map(|p| p.0).min(), points().map(|p| p.0).max()) else {
            return String::new();
        };
        let (axis_max, step) = nice_max(points().map(|p| p.1).fold(0.0, f64::max));
        // Room for the longest tick label ("2,000,000") between the axis title and the plot.
        let x0 = 70.0_f64.max(34.0 + 6.5 * num(axis_max).chars().count() as f64);
        let (top, h) = (52.0, 330.0);
        let plot_w = WIDTH - x0 - 20.0;
        let bottom = h - 50.0;
        let span = f64::from((y_max - y_min).max(1));
        let x = |year: u16| x0 + plot_w * f64::from(year - y_min) / span;
        let y = |v: f64| bottom - (bottom - top) * v / axis_max;
        let mut s = open(WIDTH, h, self.title);
        self.legend(&mut s);
        if let Some(from) = self.incomplete_from.filter(|f| *f <= y_max) {
            let left = x(from.max(y_min)) - if from > y_min { plot_w / span / 2.0 } else { 0.0 };
            let _ = write!(
                s,
                r#"<rect x="{left:.1}" y="{top}" width="{:.1}" height="{:.1}" class="shade"/>"#,
                x0 + plot_w - left + 4.0,
                bottom - top
            );
            text(&mut s, x0 + plot_w, top + 12.0, "end", "note", self.incomplete_label);
        }
        let mut t = 0.0;
        while t <= axis_max + 1e-9 {
            let _ = write!(
                s,
                r#"<line x1="{x0}" y1="{:.1}" x2="{:.1}" y2="{:.1}" class="grid"/>"#,
                y(t),
                x0 + plot_w,
                y(t)
            );
            text(&mut s, x0 - 6.0, y(t) + 4.0, "end", "tick", &num(t));
            t += step;
        }
        let every = ((y_max - y_min) / 12 + 1).max(1);
        for year in (y_min..=y_max).filter(|yr| (yr - y_min) % every == 0) {
            text(&mut s, x(year), bottom + 16.0, "middle", "tick", &year.to_string());
        }
        text(&mut s, x0 + plot_w / 2.0, bottom + 36.0, "middle", "axis", self.x_axis);
        let _ = write!(
            s,
            r#"<text x="14" y="{:.1}" transform="rotate(-90 14 {:.1})" text-anchor="middle" class="axis">{}</text>"#,
            (top + bottom) / 2.0,
            (top + bottom) / 2.0,
            esc(self.y_axis)
        );
        for (i, (name, pts)) in self.series.iter().enumerate() {
            let colour = COLOURS[i % COLOURS.len()];
            let path: Vec<String> = pts.iter().map(|(yr, v)| format!("{:.1},{:.1}", x(*yr), y(*v))).collect();
            let _ = write!(
                s,
                r#"<polyline points="{}" fill="none" stroke="{colour}" stroke-width="2.2"/>"#,
                path.join(" ")
            );
            for (yr, v) in pts {
                let _ = write!(
                    s,
                    r#"<circle cx="{:.1}" cy="{:.1}" r="3" fill="{colour}"><title>{} {yr}: {}</title></circle>"#,
                    x(*yr),
                    y(*v),
                    esc(name),
                    num(*v)
                );
            }
        }
        s.push_str("</svg>");
        s
    }

    fn legend(&self, s: &mut String) {
        let mut lx = 0.0;
        for (i, (name, _)) in self.series.iter().enumerate() {
            let colour = COLOURS[i % COLOURS.len()];
            let _ = write!(s, r#"<rect x="{lx:.1}" y="28" width="14" height="4" fill="{colour}"/>"#);
            text(s, lx + 18.0, 34.0, "start", "lbl", name);
            lx += 30.0 + text_width(name, FONT);
        }
    }
}

/// Revealed technological advantage around 1 on a log₂ scale wide enough for the values
/// (at least ¼ to 4, at most 1/32 to 32; zero is drawn at the left edge). Values are
/// labelled right of the 1 line, so labels never run into the row names.
pub struct Rta<'a> {
    pub title: &'a str,
    pub axis: &'a str,
    pub rows: Vec<(String, f64)>,
}

/// The chart's log₂ range: whole powers of two covering the positive values.
fn rta_range(values: impl Iterator<Item = f64>) -> (i32, i32) {
    let (mut lo, mut hi) = (-2, 2);
    for v in values.filter(|v| *v > 0.0) {
        lo = lo.min(v.log2().floor() as i32).max(-5);
        hi = hi.max(v.log2().ceil() as i32).min(5);
    }
    (lo, hi)
}

pub fn rta_text(v: f64) -> String {
    format!("{v:.2}")
}

impl Rta<'_> {
    pub fn svg(&self) -> String {
        let row_h = 22.0;
        let label_w = self.rows.iter().map(|(l, _)| text_width(l, FONT)).fold(80.0f64, f64::max).min(320.0);
        let (x0, top) = (label_w + 12.0, 34.0);
        let plot_w = WIDTH - x0 - 60.0;
        let bottom = top + row_h * self.rows.len().max(1) as f64;
        let h = bottom + 44.0;
        let (lo, hi) = rta_range(self.rows.iter().map(|r| r.1));
        let span = f64::from(hi - lo);
        let xpos = |r: f64| {
            let l = if r > 0.0 { r.log2().clamp(f64::from(lo), f64::from(hi)) } else { f64::from(lo) };
            x0 + plot_w * (l - f64::from(lo)) / span
        };
        let mut s = open(WIDTH, h, self.title);
        for e in lo..=hi {
            let t = 2f64.powi(e);
            let class = if e == 0 { "axisline" } else { "grid" };
            let _ = write!(
                s,
                r#"<line x1="{:.1}" y1="{top}" x2="{:.1}" y2="{bottom}" class="{class}"/>"#,
                xpos(t),
                xpos(t)
            );
            let label = if e < 0 { format!("1/{}", 1u32 << (-e)) } else { num(t) };
            text(&mut s, xpos(t), bottom + 16.0, "middle", "tick", &label);
        }
        text(&mut s, x0 + plot_w / 2.0, bottom + 36.0, "middle", "axis", self.axis);
        let one = xpos(1.0);
        for (i, (label, r)) in self.rows.iter().enumerate() {
            let y = top + row_h * i as f64;
            let b = xpos(*r);
            let colour = if *r >= 1.0 { COLOURS[2] } else { COLOURS[3] };
            let _ = write!(
                s,
                r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="{colour}"><title>{}: {}</title></rect>"#,
                one.min(b),
                y + 4.0,
                (b - one).abs().max(1.0),
                row_h - 8.0,
                esc(label),
                rta_text(*r)
            );
            text(&mut s, x0 - 6.0, y + row_h / 2.0 + 4.5, "end", "lbl", &fit(label, label_w, FONT));
            let vx = if *r >= 1.0 { b + 4.0 } else { one + 4.0 };
            text(&mut s, vx, y + row_h / 2.0 + 4.5, "start", "val", &rta_text(*r));
        }
        s.push_str("</svg>");
        s
    }
}

/// Parts of a whole as one 100 % bar with a legend below.
pub struct Mix<'a> {
    pub title: &'a str,
    pub parts: Vec<(String, f64)>,
}

impl Mix<'_> {
    pub fn svg(&self) -> String {
        let total: f64 = self.parts.iter().map(|p| p.1).sum();
        let per_row = 3usize;
        let rows = self.parts.len().div_ceil(per_row);
        let h = 90.0 + 22.0 * rows as f64;
        let mut s = open(WIDTH, h, self.title);
        let mut x = 0.0;
        for (i, (label, v)) in self.parts.iter().enumerate() {
            let w = if total > 0.0 { WIDTH * v / total } else { 0.0 };
            let colour = COLOURS[i % COLOURS.len()];
            let _ = write!(
                s,
                r#"<rect x="{x:.1}" y="30" width="{w:.1}" height="28" fill="{colour}"><title>{}: {} ({})</title></rect>"#,
                esc(label),
                num(*v),
                pct(v / total.max(1e-9))
            );
            x += w;
        }
        for (i, (label, v)) in self.parts.iter().enumerate() {
            let (col, row) = (i % per_row, i / per_row);
            let (lx, ly) = (col as f64 * WIDTH / per_row as f64, 80.0 + 22.0 * row as f64);
            let _ = write!(
                s,
                r#"<rect x="{lx:.1}" y="{:.1}" width="12" height="12" fill="{}"/>"#,
                ly - 10.0,
                COLOURS[i % COLOURS.len()]
            );
            let body = format!("{label}: {} ({})", num(*v), pct(v / total.max(1e-9)));
            text(&mut s, lx + 18.0, ly, "start", "lbl", &fit(&body, WIDTH / per_row as f64 - 24.0, FONT));
        }
        s.push_str("</svg>");
        s
    }
}

/// Applicants (y) against applications (x) per year, joined in time order: the life cycle.
pub struct Cycle<'a> {
    pub title: &'a str,
    pub x_axis: &'a str,
    pub y_axis: &'a str,
    /// (year, applications, applicants, complete)
    pub points: Vec<(u16, f64, f64, bool)>,
}

impl Cycle<'_> {
    pub fn svg(&self) -> String {
        let (x0, top, h) = (70.0, 34.0, 380.0);
        let (plot_w, bottom) = (WIDTH - x0 - 30.0, h - 50.0);
        let range = |get: fn(&(u16, f64, f64, bool)) -> f64| {
            let min = self.points.iter().map(get).fold(f64::INFINITY, f64::min);
            let max = self.points.iter().map(get).fold(0.0, f64::max);
            nice_range(if min.is_finite() { min } else { 0.0 }, max)
        };
        let (xlo, xhi, xstep) = range(|p| p.1);
        let (ylo, yhi, ystep) = range(|p| p.2);
        let x = |v: f64| x0 + plot_w * (v - xlo) / (xhi - xlo);
        let y = |v: f64| bottom - (bottom - top) * (v - ylo) / (yhi - ylo);
        let mut s = open(WIDTH, h, self.title);
        let mut t = xlo;
        while t <= xhi + 1e-9 {
            let _ = write!(s, r#"<line x1="{:.1}" y1="{top}" x2="{:.1}" y2="{bottom}" class="grid"/>"#, x(t), x(t));
            text(&mut s, x(t), bottom + 16.0, "middle", "tick", &num(t));
            t += xstep;
        }
        let mut t = ylo;
        while t <= yhi + 1e-9 {
            let _ = write!(
                s,
                r#"<line x1="{x0}" y1="{:.1}" x2="{:.1}" y2="{:.1}" class="grid"/>"#,
                y(t),
                x0 + plot_w,
                y(t)
            );
            text(&mut s, x0 - 6.0, y(t) + 4.0, "end", "tick", &num(t));
            t += ystep;
        }
        text(&mut s, x0 + plot_w / 2.0, bottom + 36.0, "middle", "axis", self.x_axis);
        let mid = (top + bottom) / 2.0;
        let _ = write!(
            s,
            r#"<text x="14" y="{mid:.1}" transform="rotate(-90 14 {mid:.1})" text-anchor="middle" class="axis">{}</text>"#,
            esc(self.y_axis)
        );
        let path: Vec<String> = self.points.iter().map(|p| format!("{:.1},{:.1}", x(p.1), y(p.2))).collect();
        let _ = write!(
            s,
            r#"<polyline points="{}" fill="none" stroke="{}" stroke-width="1.6"/>"#,
            path.join(" "),
            COLOURS[0]
        );
        // Year labels on the first and last points and a few between, so they do not pile up.
        let label_every = (self.points.len() / 5).max(1);
        for (i, (year, a, p, complete)) in self.points.iter().enumerate() {
            let fill = if *complete { COLOURS[0] } else { "#fff" };
            let _ = write!(
                s,
                r#"<circle cx="{:.1}" cy="{:.1}" r="4" fill="{fill}" stroke="{}" stroke-width="1.5"><title>{year}: {} / {}</title></circle>"#,
                x(*a),
                y(*p),
                COLOURS[0],
                num(*a),
                num(*p)
            );
            if i % label_every == 0 || i + 1 == self.points.len() {
                text(&mut s, x(*a) + 6.0, y(*p) - 6.0, "start", "tick", &year.to_string());
            }
        }
        s.push_str("</svg>");
        s
    }
}

/// Nodes on a circle, sized by weight; edges drawn with width by weight.
pub struct Network<'a> {
    pub title: &'a str,
    pub nodes: Vec<(String, f64)>,
    pub edges: Vec<(usize, usize, f64)>,
}

impl Network<'_> {
    pub fn svg(&self) -> String {
        let h = 560.0;
        let (cx, cy, r) = (WIDTH / 2.0, h / 2.0 + 14.0, 190.0);
        let n = self.nodes.len().max(1) as f64;
        let pos = |i: usize| {
            let a = std::f64::consts::TAU * i as f64 / n - std::f64::consts::FRAC_PI_2;
            (cx + r * a.cos(), cy + r * a.sin(), a)
        };
        let max_node = self.nodes.iter().map(|n| n.1).fold(1.0, f64::max);
        let max_edge = self.edges.iter().map(|e| e.2).fold(1.0, f64::max);
        let mut s = open(WIDTH, h, self.title);
        for (a, b, w) in &self.edges {
            let ((x1, y1, _), (x2, y2, _)) = (pos(*a), pos(*b));
            let _ = write!(
                s,
                r##"<line x1="{x1:.1}" y1="{y1:.1}" x2="{x2:.1}" y2="{y2:.1}" stroke="#888" stroke-opacity="0.6" stroke-width="{:.1}"><title>{} – {}: {}</title></line>"##,
                1.0 + 5.0 * w / max_edge,
                esc(&self.nodes[*a].0),
                esc(&self.nodes[*b].0),
                num(*w)
            );
        }
        for (i, (name, w)) in self.nodes.iter().enumerate() {
            let (x, y, a) = pos(i);
            let rad = 4.0 + 10.0 * (w / max_node).sqrt();
            let _ = write!(
                s,
                r#"<circle cx="{x:.1}" cy="{y:.1}" r="{rad:.1}" fill="{}"><title>{}: {}</title></circle>"#,
                COLOURS[0],
                esc(name),
                num(*w)
            );
            let (lx, ly) = (x + (rad + 4.0) * a.cos(), y + (rad + 4.0) * a.sin() + 4.0);
            let anchor = if a.cos() > 0.2 {
                "start"
            } else if a.cos() < -0.2 {
                "end"
            } else {
                "middle"
            };
            text(&mut s, lx, ly, anchor, "lbl", &fit(name, 200.0, FONT));
        }
        s.push_str("</svg>");
        s
    }
}

/// The style every chart uses; the page includes it once.
pub const CHART_CSS: &str = ".chart{font-family:inherit;max-width:860px;display:block;margin:8px 0 4px}\
.chart .ct{font-size:15px;font-weight:600;fill:#222}.chart .lbl{font-size:13px;fill:#333}\
.chart .val{font-size:12px;fill:#333}.chart .tick{font-size:11px;fill:#555}.chart .axis{font-size:12px;fill:#444}\
.chart .note{font-size:11px;fill:#777}.chart .grid{stroke:#e3e3e3;stroke-width:1}\
.chart .axisline{stroke:#555;stroke-width:1.2}.chart .shade{fill:#f2f2f2}";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_widths() {
        assert_eq!(num(1234567.0), "1,234,567");
        assert_eq!(num(12.0), "12");
        assert_eq!(num(1.5), "1.5");
        assert_eq!(num(0.5), "0.5");
        assert_eq!(num(0.446), "0.446");
        assert_eq!(pct(0.1234), "12.3%");
        assert_eq!(pct(0.00028), "0.03%");
        assert_eq!(pct(0.0), "0.0%");
        assert_eq!(nice_max(87.0), (100.0, 20.0));
        assert_eq!(nice_max(1076.0), (1250.0, 250.0));
        assert_eq!(nice_max(574.0), (600.0, 100.0));
        assert_eq!(rta_range([0.01, 5.4].into_iter()), (-5, 3));
        assert_eq!(rta_range([0.5, 1.5].into_iter()), (-2, 2));
        assert_eq!(nice_range(0.0, 87.0), (0.0, 100.0, 20.0));
        assert_eq!(nice_range(6284.0, 6623.0), (6200.0, 6700.0, 100.0));
        assert!(text_width("兰州大学", 13.0) > text_width("Lanzhou", 13.0));
        assert_eq!(fit("兰州大学", 200.0, 13.0), "兰州大学");
        assert!(fit("中国科学院兰州化学物理研究所的一个很长的名字", 80.0, 13.0).ends_with('…'));
        assert_eq!(esc("<a&b>"), "&lt;a&amp;b&gt;");
    }

    #[test]
    fn charts_are_svg_with_their_labels() {
        let bars =
            Bars {
                title: "申请人", axis: "件", rows: vec![("兰州大学".into(), 64.0)], value_label: &|v| num(v)
            }
            .svg();
        assert!(
            bars.starts_with("<svg") && bars.ends_with("</svg>") && bars.contains("兰州大学") && bars.contains(">64<")
        );
        let lines = Lines {
            title: "t",
            y_axis: "y",
            x_axis: "x",
            series: vec![("a".into(), vec![(2015, 1.0), (2016, 3.0)])],
            incomplete_from: Some(2016),
            incomplete_label: "incomplete",
        }
        .svg();
        assert!(lines.contains("polyline") && lines.contains("incomplete") && lines.contains(">2015<"));
    }
}
