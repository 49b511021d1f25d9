//! `silkport indicators`: IP statistics indicators as a table, JSON, or an HTML page.

use anyhow::Context;
use silkport_analytics::indicators::{compute, Indicators};
use silkport_analytics::report::{dashboard, html, ReportLang};
use silkport_store::Store;
use std::path::Path;
use std::process::ExitCode;

pub fn run(
    mut store: Box<dyn Store>,
    region: Option<&str>,
    year: Option<u16>,
    json: bool,
    page: Option<&Path>,
    lang: &str,
) -> anyhow::Result<ExitCode> {
    let lang = ReportLang::parse(lang).context("--lang must be zh or en")?;
    let ind = compute(store.as_mut(), region, year)?;
    if let Some(path) = page {
        let text = html::render(&dashboard::build(&ind, lang));
        std::fs::write(path, text)
            .with_context(|| format!("cannot write {} (choose another --html)", path.display()))?;
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&ind)?);
    } else {
        print_table(&ind, lang);
        if let Some(path) = page {
            println!("\nwrote {}", path.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The latest year of each indicator (or the year asked for), one line each.
fn print_table(ind: &Indicators, lang: ReportLang) {
    let zh = lang.zh();
    println!(
        "{}",
        if zh {
            format!("{} 知识产权统计指标", ind.region_zh)
        } else {
            format!("{}: IP statistics indicators", ind.region)
        }
    );
    for s in &ind.series {
        let name = if zh { s.name_zh } else { s.name_en };
        let unit = if zh { s.unit_zh } else { s.unit_en };
        let mark = if s.founding { "*" } else { " " };
        match s.points.last() {
            Some(p) => {
                let national = p
                    .national
                    .map(|n| format!("  ({} {})", if zh { "对比" } else { "vs" }, fmt(n)))
                    .unwrap_or_default();
                println!("{mark} {} {:>6}  {:>16} {unit}{national}", pad(name, 44), p.year, fmt(p.value));
            }
            None => println!("{mark} {} {:>6}  {:>16}", pad(name, 44), "—", if zh { "无数据" } else { "no data" }),
        }
    }
    println!("{}", if zh { "* 创建文件所列指标" } else { "* charted by the founding document" });
}

/// `s` padded to `width` terminal columns (CJK characters take two).
fn pad(s: &str, width: usize) -> String {
    let used: usize = s.chars().map(|c| if (c as u32) >= 0x2E80 { 2 } else { 1 }).sum();
    format!("{s}{}", " ".repeat(width.saturating_sub(used)))
}

fn fmt(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}
