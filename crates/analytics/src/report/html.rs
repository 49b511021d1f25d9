//! The report as one self-contained HTML page: no scripts, fonts or images from outside;
//! charts are inline SVG; each figure's CSV and JSON, and the whole report's JSON, are
//! `data:` links.

use super::svg::{esc, CHART_CSS};
use super::{Figure, Report, Section};
use std::fmt::Write;

const PAGE_CSS: &str = "body{font-family:'Noto Sans CJK SC','Noto Sans SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',system-ui,sans-serif;\
color:#222;margin:0;background:#fafafa;line-height:1.55}main{max-width:980px;margin:0 auto;padding:24px 28px 60px;background:#fff}\
h1{font-size:26px;margin:8px 0 4px}h2{font-size:20px;border-bottom:2px solid #0072B2;padding-bottom:4px;margin-top:36px}\
h3{font-size:15px;margin:18px 0 6px;color:#333}.sub{color:#555;margin:0 0 12px}\
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;font-size:14px;background:#f4f7fb;padding:10px 14px;border-radius:6px}\
dl.facts dt{color:#555}dl.facts dd{margin:0}nav ol{columns:2;font-size:14px}ul.findings li{margin:4px 0}\
figure{margin:18px 0 26px}figcaption{font-size:13px;color:#555}table{border-collapse:collapse;font-size:13px;margin:6px 0;width:100%}\
th,td{border:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top}th{background:#f0f3f7}\
td.n{text-align:right;white-space:nowrap}.dl{font-size:13px}.dl a{margin-right:12px}.method{font-size:13px;color:#444;background:#fbfbf4;padding:6px 14px;border-left:3px solid #E69F00}\
.empty{color:#777;font-style:italic}";

/// `data:` URI of UTF-8 text: percent-encoded, so no byte of the page is binary.
fn data_uri(mime: &str, text: &str) -> String {
    let mut out = format!("data:{mime};charset=utf-8,");
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~!$'()*+,;=:@/?".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn is_number(cell: &str) -> bool {
    let t = cell.trim_start_matches(['×', '-', '+']).trim_end_matches('%');
    !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.')
}

fn figure(out: &mut String, f: &Figure, report: &Report) {
    let zh = report.lang.zh();
    let _ = write!(out, r#"<figure id="{}">"#, esc(&f.id));
    if f.svg.is_empty() && f.table.rows.is_empty() {
        let _ = write!(
            out,
            r#"<h3>{}</h3><p class="empty">{}</p>"#,
            esc(&f.title),
            if zh { "无数据。" } else { "No data." }
        );
    } else if f.svg.is_empty() {
        let _ = write!(out, "<h3>{}</h3>", esc(&f.title));
    } else {
        out.push_str(&f.svg);
    }
    if !f.table.rows.is_empty() {
        out.push_str("<table><thead><tr>");
        for h in &f.table.headers {
            let _ = write!(out, "<th>{}</th>", esc(h));
        }
        out.push_str("</tr></thead><tbody>");
        for row in f.table.rows.iter().take(f.shown_rows) {
            out.push_str("<tr>");
            for c in row {
                let class = if is_number(c) { r#" class="n""# } else { "" };
                let _ = write!(out, "<td{class}>{}</td>", esc(c));
            }
            out.push_str("</tr>");
        }
        out.push_str("</tbody></table>");
        if f.table.rows.len() > f.shown_rows {
            let _ = write!(
                out,
                "<figcaption>{}</figcaption>",
                if zh {
                    format!("表中显示前 {} 行，共 {} 行（见 CSV）。", f.shown_rows, f.table.rows.len())
                } else {
                    format!("First {} of {} rows shown (all in the CSV).", f.shown_rows, f.table.rows.len())
                }
            );
        }
    }
    // A byte-order mark makes spreadsheet programs read the CSV as UTF-8.
    let csv = format!("\u{FEFF}{}", f.table.csv());
    let json = serde_json::to_string_pretty(&f.data).unwrap_or_default();
    let _ = write!(
        out,
        r#"<p class="dl"><a download="{id}.csv" href="{}">CSV</a><a download="{id}.json" href="{}">JSON</a></p></figure>"#,
        esc(&data_uri("text/csv", &csv)),
        esc(&data_uri("application/json", &json)),
        id = esc(&f.id)
    );
}

fn section(out: &mut String, n: usize, s: &Section, report: &Report) {
    let _ = write!(out, r#"<section id="{}"><h2>{n}. {}</h2>"#, esc(&s.id), esc(&s.title));
    if !s.findings.is_empty() {
        out.push_str(r#"<ul class="findings">"#);
        for f in &s.findings {
            let _ = write!(out, "<li>{}</li>", esc(f));
        }
        out.push_str("</ul>");
    }
    for f in &s.figures {
        figure(out, f, report);
    }
    if !s.method.is_empty() {
        let _ =
            write!(out, r#"<div class="method"><h3>{}</h3><ul>"#, if report.lang.zh() { "方法说明" } else { "Method" });
        for m in &s.method {
            let _ = write!(out, "<li>{}</li>", esc(m));
        }
        out.push_str("</ul></div>");
    }
    out.push_str("</section>");
}

/// The whole page.
pub fn render(report: &Report) -> String {
    let zh = report.lang.zh();
    let mut out = String::with_capacity(1 << 20);
    let _ = write!(
        out,
        r#"<!DOCTYPE html><html lang="{}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>{}</title><style>{PAGE_CSS}{CHART_CSS}</style></head><body><main>"#,
        report.lang.html(),
        esc(&report.title)
    );
    let _ = write!(
        out,
        r#"<header><h1>{}</h1><p class="sub">{}</p><dl class="facts">"#,
        esc(&report.title),
        esc(&report.subtitle)
    );
    for (k, v) in &report.facts {
        let _ = write!(out, "<dt>{}</dt><dd>{}</dd>", esc(k), esc(v));
    }
    out.push_str("</dl></header>");
    let _ = write!(out, "<nav><h2>{}</h2><ol>", if zh { "目录" } else { "Contents" });
    for s in &report.sections {
        let _ = write!(out, r##"<li><a href="#{}">{}</a></li>"##, esc(&s.id), esc(&s.title));
    }
    out.push_str("</ol></nav>");
    let _ =
        write!(out, r#"<section id="summary"><h2>{}</h2><ul class="findings">"#, if zh { "要点" } else { "Summary" });
    for s in &report.summary {
        let _ = write!(out, "<li>{}</li>", esc(s));
    }
    out.push_str("</ul></section>");
    for (i, s) in report.sections.iter().enumerate() {
        section(&mut out, i + 1, s, report);
    }
    let json = serde_json::to_string(report).unwrap_or_default();
    let _ = write!(
        out,
        r#"<footer class="dl"><p><a download="report.json" href="{}">{}</a></p></footer></main></body></html>"#,
        esc(&data_uri("application/json", &json)),
        if zh { "整份报告的全部数据（JSON）" } else { "All data of this report (JSON)" }
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_uris_are_ascii_and_round_trip_the_bytes() {
        let uri = data_uri("text/csv", "申请人,件\r\n兰州大学,64\r\n");
        assert!(uri.is_ascii());
        assert!(uri.starts_with("data:text/csv;charset=utf-8,%E7%94%B3"));
        assert!(is_number("1,076") && is_number("12.5%") && is_number("×2.0") && !is_number("H01M"));
    }
}
