//! The indicators as a page: one chart, table and data link per indicator, grouped by
//! source (official tables, the registry, international), in Chinese or English.

use super::i18n::ReportLang;
use super::svg::{num, pct, Lines};
use super::{Figure, Report, ReportKind, Section, Table};
use crate::indicators::{Group, Indicators, Series, UNAVAILABLE};

/// Units that are rates: region and nation (or world) are comparable on one axis.
fn is_rate(s: &Series) -> bool {
    s.unit_en.starts_with('%') || s.unit_en.starts_with("per ")
}

fn comparison_name(group: Group, lang: ReportLang) -> &'static str {
    match group {
        Group::International => lang.pick("世界", "World"),
        _ => lang.pick("全国", "China"),
    }
}

fn figure(s: &Series, n: usize, ind: &Indicators, lang: ReportLang) -> Figure {
    let zh = lang.zh();
    let (name, unit) = if zh { (s.name_zh, s.unit_zh) } else { (s.name_en, s.unit_en) };
    let region = if zh { ind.region_zh.clone() } else { ind.region.clone() };
    let other = comparison_name(s.group, lang);
    let mut lines = vec![(region.clone(), s.points.iter().map(|p| (p.year, p.value)).collect::<Vec<_>>())];
    if is_rate(s) {
        let national: Vec<(u16, f64)> = s.points.iter().filter_map(|p| Some((p.year, p.national?))).collect();
        if !national.is_empty() {
            lines.push((other.to_string(), national));
        }
    }
    let title = format!("{name}（{unit}）");
    let title = if zh { title } else { format!("{name} ({unit})") };
    let svg = if s.points.is_empty() {
        String::new()
    } else {
        Lines {
            title: &title,
            y_axis: unit,
            x_axis: lang.pick("年份", "Year"),
            series: lines,
            incomplete_from: s.incomplete_from,
            incomplete_label: lang.pick("阴影：数据不完整的年份", "shaded: years the data do not cover in full"),
        }
        .svg()
    };
    let has_national = s.points.iter().any(|p| p.national.is_some());
    let mut headers = vec![lang.pick("年份", "Year").to_string(), format!("{region}（{unit}）")];
    if has_national {
        headers.push(other.to_string());
        if !is_rate(s) {
            headers.push(lang.pick("占比", "Share").to_string());
        }
    }
    let rows = s
        .points
        .iter()
        .map(|p| {
            let mut row = vec![p.year.to_string(), num(p.value)];
            if has_national {
                row.push(p.national.map_or_else(String::new, num));
                if !is_rate(s) {
                    row.push(p.national.filter(|n| *n > 0.0).map_or_else(String::new, |n| pct(p.value / n)));
                }
            }
            row
        })
        .collect();
    Figure {
        id: format!("ind{n:02}-{}", s.id.replace('_', "-")),
        title,
        svg,
        table: Table { headers, rows },
        shown_rows: 30,
        data: serde_json::to_value(s).unwrap_or_default(),
    }
}

/// The latest complete year's value and its change on the year before; years the data do
/// not cover in full are named apart, never compared with whole ones.
fn finding(s: &Series, lang: ReportLang) -> Option<String> {
    let complete = |y: u16| s.incomplete_from.is_none_or(|from| y < from);
    let whole: Vec<_> = s.points.iter().filter(|p| complete(p.year)).collect();
    let name = lang.pick(s.name_zh, s.name_en);
    let unit = lang.pick(s.unit_zh, s.unit_en);
    let partial = s.incomplete_from.filter(|_| s.points.last().is_some_and(|p| !complete(p.year)));
    let Some(last) = whole.last() else {
        let from = partial?;
        return Some(match lang.zh() {
            true => format!("{name}：数据只覆盖 {from} 年起的不完整年份，不作年度比较。"),
            false => format!("{name}: the data cover only incomplete years from {from}, so no yearly figure is given."),
        });
    };
    let prev = whole.iter().rev().nth(1);
    let change = prev.filter(|p| p.value != 0.0).map(|p| format!("{:+.1}%", (last.value / p.value - 1.0) * 100.0));
    let mut line = match (lang.zh(), change) {
        (true, Some(c)) => format!("{name}：{} 年 {} {unit}（较上一年度 {c}）", last.year, num(last.value)),
        (true, None) => format!("{name}：{} 年 {} {unit}", last.year, num(last.value)),
        (false, Some(c)) => format!("{name}: {} {unit} in {} ({c} on the year before)", num(last.value), last.year),
        (false, None) => format!("{name}: {} {unit} in {}", num(last.value), last.year),
    };
    if let Some(from) = partial {
        line.push_str(lang.pick("；", "; "));
        line.push_str(&match lang.zh() {
            true => format!("{from} 年起数据不完整，未计入比较"),
            false => format!("the data for {from} on are incomplete and not compared"),
        });
    }
    line.push_str(lang.pick("。", "."));
    Some(line)
}

/// The indicators the data cannot give, in the page's language (the JSON keeps both).
fn unavailable_names(ind: &Indicators, lang: ReportLang) -> String {
    let named = UNAVAILABLE.iter().filter(|u| ind.unavailable.contains(&u.en_with_zh));
    named.map(|u| lang.pick(u.zh, u.en)).collect::<Vec<_>>().join(lang.pick("；", "; "))
}

/// The page for a set of indicators.
pub fn build(ind: &Indicators, lang: ReportLang) -> Report {
    let groups = [
        (
            Group::Official,
            lang.pick("官方统计（中国科技统计年鉴）", "Official statistics (China S&T Statistical Yearbook)"),
            "official",
        ),
        (Group::Registry, lang.pick("登记库统计", "Counted in the registry"), "registry"),
        (
            Group::International,
            lang.pick("国际比较（NCSES、OWID、世界银行）", "International (NCSES, OWID, World Bank)"),
            "international",
        ),
    ];
    let mut n = 0;
    let mut sections = Vec::new();
    for (group, title, id) in groups {
        let members: Vec<&Series> = ind.series.iter().filter(|s| s.group == group).collect();
        if members.is_empty() {
            continue;
        }
        let figures = members
            .iter()
            .map(|s| {
                n += 1;
                figure(s, n, ind, lang)
            })
            .collect();
        let mut method: Vec<String> = Vec::new();
        for s in &members {
            let name = lang.pick(s.name_zh, s.name_en);
            let mut line = format!(
                "{name}: {}",
                if s.source.is_empty() { lang.pick("（表未载入）", "(table not loaded)") } else { &s.source }
            );
            if let Some(d) = s.derivation {
                line.push_str(&format!("; {d}"));
            }
            if s.founding {
                line.push_str(lang.pick("；创建文件所列指标", "; charted by the founding document"));
            }
            method.push(line);
        }
        sections.push(Section {
            id: id.into(),
            title: title.into(),
            findings: members.iter().filter_map(|s| finding(s, lang)).collect(),
            figures,
            method,
        });
    }
    let region = if lang.zh() { &ind.region_zh } else { &ind.region };
    Report {
        kind: ReportKind::Indicators,
        lang,
        title: format!("{region}{}", lang.pick("知识产权统计指标", ": IP statistics indicators")),
        subtitle: lang
            .pick("由 silkport 从登记库与官方统计表计算；人均指标的人口取自 data/population.csv（国家统计局公报与 2020 年人口普查）", "Computed by silkport from the registry and the official statistics tables; per-capita figures use data/population.csv (NBS communiqués and the 2020 census)")
            .into(),
        facts: vec![
            (lang.pick("地区", "Region").into(), region.clone()),
            (lang.pick("年份", "Year").into(), ind.year.map_or_else(|| lang.pick("全部", "all").into(), |y| y.to_string())),
            (lang.pick("指标数", "Indicators").into(), ind.series.len().to_string()),
            (lang.pick("无数据的指标", "Not in the data").into(), unavailable_names(ind, lang)),
        ],
        summary: ind.series.iter().filter(|s| s.founding).filter_map(|s| finding(s, lang)).collect(),
        sections,
    }
}
