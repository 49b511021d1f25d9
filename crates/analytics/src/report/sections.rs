//! Building a report's sections from landscapes: for each part of the landscape, findings
//! written from its figures, a chart, a table, its data, and the method note. Which parts a
//! report has, and in what order, depends on its type (GB/T 39551-2020).

use super::i18n::ReportLang;
use super::svg::{num, pct, rta_text, Bars, Cycle, Lines, Mix, Network, Rta};
use super::{Figure, Report, ReportKind, Section, Table};
use crate::filter::Filter;
use crate::landscape::{self, ClassRow, Landscape, Phase};
use crate::names::gloss;
use serde::Serialize;

/// Rows a chart shows.
const CHART_ROWS: usize = 15;
/// Rows a table shows on the page (the CSV has all).
const TABLE_ROWS: usize = 20;

/// What a report is built from.
pub struct Inputs<'a> {
    pub kind: ReportKind,
    pub lang: ReportLang,
    /// The landscape of the report's set against its baseline.
    pub main: &'a Landscape,
    /// For enterprise reports: the landscape of the enterprise's main fields, to rank competitors.
    pub competitors: Option<&'a Landscape>,
}

struct Ctx<'a> {
    lang: ReportLang,
    l: &'a Landscape,
    /// The set's name in running text (`甘肃`, `H01M`, `兰州大学`).
    subject: String,
    /// The baseline's name (`全国`, `登记库全部专利`).
    base: String,
    figures: usize,
}

impl Ctx<'_> {
    fn t<'b>(&self, zh: &'b str, en: &'b str) -> &'b str {
        self.lang.pick(zh, en)
    }

    fn figure(&mut self, stem: &str, title: String, svg: String, table: Table, data: impl Serialize) -> Figure {
        self.figures += 1;
        Figure {
            id: format!("fig{:02}-{stem}", self.figures),
            title,
            svg,
            shown_rows: TABLE_ROWS,
            table,
            data: serde_json::to_value(data).unwrap_or(serde_json::Value::Null),
        }
    }

    /// `H01M 电池` / `H01M Batteries`: the code and its title up to the first explanation.
    fn ipc_label(&self, row: &ClassRow) -> String {
        let title =
            if self.lang.zh() { row.title_zh.as_ref().or(row.title_en.as_ref()) } else { row.title_en.as_ref() };
        match title {
            Some(t) if row.level == "field" => t.clone(),
            Some(t) => format!("{} {}", row.code, short_title(t)),
            None => row.code.clone(),
        }
    }
}

/// An IPC title without its references and examples, in sentence case when the scheme
/// writes it in capitals.
fn short_title(t: &str) -> String {
    let cut = t
        .find(['（', '(', '；', ';', '〔', '['])
        .into_iter()
        .chain(t.find(", e.g."))
        .chain(t.find("，例如"))
        .min()
        .unwrap_or(t.len());
    let s = t[..cut].trim().trim_end_matches([',', '，', '、']);
    if s.chars().any(|c| c.is_ascii_lowercase()) || !s.is_ascii() {
        return s.to_string();
    }
    let lower = s.to_lowercase();
    let mut c = lower.chars();
    c.next().map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

fn table(headers: &[&str], rows: Vec<Vec<String>>) -> Table {
    Table { headers: headers.iter().map(|h| h.to_string()).collect(), rows }
}

/// A bar chart of application counts, the report's most common figure.
fn count_bars(cx: &Ctx, title: &str, rows: Vec<(String, f64)>) -> String {
    Bars { title, axis: cx.t("申请量（件）", "Applications"), rows, value_label: &|v| num(v) }.svg()
}

/// The report: title, facts about the data, summary, and the sections its type has.
pub fn build(inputs: &Inputs) -> Report {
    let l = inputs.main;
    let lang = inputs.lang;
    let mut cx =
        Ctx { lang, l, subject: subject(&l.scope.set, lang), base: base_name(&l.scope.base, lang), figures: 0 };
    let mut sections = vec![overview(&mut cx)];
    use ReportKind::*;
    let order: &[fn(&mut Ctx) -> Option<Section>] = match inputs.kind {
        Regional => &[
            technology,
            specialisation,
            applicants,
            geography,
            talent,
            collaboration,
            status,
            life_cycle,
            white_space,
            early_warning,
            citations,
        ],
        Industry => &[
            life_cycle,
            technology,
            geography,
            applicants,
            early_warning,
            citations,
            white_space,
            talent,
            status,
            collaboration,
        ],
        Enterprise => &[
            technology,
            specialisation,
            talent,
            collaboration,
            status,
            geography,
            citations,
            early_warning,
            white_space,
        ],
        Rd => &[life_cycle, technology, citations, white_space, talent, applicants, early_warning, status],
        // The indicators page is built by `dashboard`, not from a landscape.
        Indicators => &[],
    };
    for part in order {
        sections.extend(part(&mut cx));
    }
    if let Some(c) = inputs.competitors {
        sections.insert(3.min(sections.len()), competitors(&mut cx, c));
    }
    sections.push(method_section(&cx));
    let summary = sections.iter().filter(|s| s.id != "method").filter_map(|s| s.findings.first().cloned()).collect();
    Report {
        kind: inputs.kind,
        lang,
        title: format!("{}：{}", cx.subject, lang.report_kind(inputs.kind)).replace("：", lang.pick("：", ": ")),
        subtitle: lang
            .pick("依据 GB/T 39551-2020《专利导航指南》，由丝绸之路国际知识产权港 silkport 从登记库数据计算生成", "After GB/T 39551-2020 (Guidelines for patent navigation); computed by silkport, Silk Road International IP Port, from its registry")
            .to_string(),
        facts: facts(&cx),
        summary,
        sections,
    }
}

fn subject(f: &Filter, lang: ReportLang) -> String {
    let mut parts = Vec::new();
    if let Some(r) = &f.region {
        parts.push(r.label(lang.zh()));
    } else if f.domestic {
        parts.push(lang.pick("全国", "China").to_string());
    }
    if !f.ipc.is_empty() {
        parts.push(f.ipc.join(" / "));
    }
    if let Some(a) = &f.applicant {
        parts.push(a.clone());
    }
    if let Some((a, b)) = f.years {
        parts.push(if a == b { a.to_string() } else { format!("{a}–{b}") });
    }
    if parts.is_empty() {
        parts.push(lang.pick("登记库全部专利", "All patents in the registry").to_string());
    }
    parts.join(lang.pick(" · ", " · "))
}

fn base_name(f: &Filter, lang: ReportLang) -> String {
    if f.domestic && f.region.is_none() && f.ipc.is_empty() {
        lang.pick("全国（国内申请人）", "the nation (Chinese applicants)").to_string()
    } else if f == &Filter::all() {
        lang.pick("登记库全部专利", "all patents in the registry").to_string()
    } else {
        subject(f, lang)
    }
}

fn facts(cx: &Ctx) -> Vec<(String, String)> {
    let s = &cx.l.scope;
    let date = |d: Option<silkport_model::Date>| d.map_or_else(|| "—".to_string(), |d| d.to_string());
    let sources = s
        .sources
        .iter()
        .map(|k| format!("{} {}", k.key, num(k.count as f64)))
        .collect::<Vec<_>>()
        .join(cx.lang.list_sep());
    let mut out = vec![
        (cx.t("分析对象", "Set").to_string(), cx.subject.clone()),
        (cx.t("对比基准", "Baseline").to_string(), cx.base.clone()),
        (
            cx.t("专利申请 / 公开文献", "Applications / documents").to_string(),
            format!("{} / {}", num(s.applications as f64), num(s.documents as f64)),
        ),
        (cx.t("基准申请量", "Baseline applications").to_string(), num(s.base_applications as f64)),
        (
            cx.t("公开日期范围", "Publication dates").to_string(),
            format!("{} – {}", date(s.first_publication), date(s.last_publication)),
        ),
        (cx.t("数据来源（文献数）", "Sources (documents)").to_string(), sources),
        (cx.t("登记库中读取的权利", "Rights read from the registry").to_string(), num(s.scanned as f64)),
    ];
    if s.synthetic > 0 {
        out.push((
            cx.t("合成数据", "Synthetic data").to_string(),
            format!(
                "{} {}",
                num(s.synthetic as f64),
                cx.t("件为演示用合成记录，不是真实数据", "documents are synthetic demo records, not real data")
            ),
        ));
    }
    out
}

fn overview(cx: &mut Ctx) -> Section {
    let l = cx.l;
    let s = &l.scope;
    let mut findings = vec![if cx.lang.zh() {
        format!(
            "{}在登记库中有 {} 件专利申请（{} 件公开文献），占{}的 {}。",
            cx.subject,
            num(s.applications as f64),
            num(s.documents as f64),
            cx.base,
            pct(landscape_share(s.applications, s.base_applications))
        )
    } else {
        format!(
            "{} has {} patent applications ({} published documents) in the registry, {} of {}.",
            cx.subject,
            num(s.applications as f64),
            num(s.documents as f64),
            pct(landscape_share(s.applications, s.base_applications)),
            cx.base
        )
    }];
    if let Some(peak) = l.trends.filing.iter().max_by_key(|y| (y.count, y.year)) {
        findings.push(if cx.lang.zh() {
            format!("按申请年统计，申请最多的年份是 {} 年（{} 件）。", peak.year, num(peak.count as f64))
        } else {
            format!("By filing year, the most applications were filed in {} ({}).", peak.year, num(peak.count as f64))
        });
    }
    if s.single_window {
        findings.push(if cx.lang.zh() {
            format!(
                "注意：这些文献都在 {} 至 {} 之间公开，属于同一公开窗口的横截面；申请年分布反映的是公开滞后（发明申请自申请日起约 18 个月公开），而不是申请活动的变化。",
                date_text(s.first_publication),
                date_text(s.last_publication)
            )
        } else {
            format!(
                "Note: all these documents were published between {} and {}, a cross-section of one publication window; their filing years show the publication delay (invention applications are published about 18 months after filing), not changes in filing activity.",
                date_text(s.first_publication),
                date_text(s.last_publication)
            )
        });
    }
    let series = vec![
        (cx.t("申请量（按申请年）", "Applications (filing year)").to_string(), points(&l.trends.filing)),
        (cx.t("公开量（按公开年）", "Publications (publication year)").to_string(), points(&l.trends.publication)),
        (cx.t("授权量（按授权年）", "Grants (grant year)").to_string(), points(&l.trends.grant)),
    ];
    let svg = Lines {
        title: cx.t("专利申请、公开与授权趋势", "Filing, publication and grant trends"),
        y_axis: cx.t("件数", "Documents"),
        x_axis: cx.t("年份", "Year"),
        series: series.into_iter().filter(|s| !s.1.is_empty()).collect(),
        incomplete_from: s.incomplete_from,
        incomplete_label: cx
            .t("阴影：申请年数据不完整（尚未全部公开）", "Shaded: filing years not yet fully published"),
    }
    .svg();
    let years: std::collections::BTreeSet<u16> =
        l.trends.filing.iter().chain(&l.trends.publication).chain(&l.trends.grant).map(|y| y.year).collect();
    let get = |v: &[landscape::YearCount], y: u16| v.iter().find(|c| c.year == y).map_or(0, |c| c.count);
    let rows = years
        .iter()
        .map(|&y| {
            let (f, b) = (get(&l.trends.filing, y), get(&l.trends.base_filing, y));
            vec![
                y.to_string(),
                num(f as f64),
                num(get(&l.trends.publication, y) as f64),
                num(get(&l.trends.grant, y) as f64),
                num(b as f64),
                pct(landscape_share(f, b)),
            ]
        })
        .collect();
    let headers = [
        cx.t("年份", "Year"),
        cx.t("申请量", "Applications"),
        cx.t("公开量", "Publications"),
        cx.t("授权量", "Grants"),
        cx.t("基准申请量", "Baseline applications"),
        cx.t("占基准比例", "Share of baseline"),
    ];
    let fig =
        cx.figure("trends", cx.t("申请、公开与授权趋势", "Trends").to_string(), svg, table(&headers, rows), &l.trends);
    let mut figures = vec![fig];
    if l.kinds.len() > 1 {
        figures.push(mix_figure(cx, "kinds", cx.t("专利类型构成", "Kinds of patent"), &l.kinds, |lang, k| {
            lang.kind(k).to_string()
        }));
    }
    Section {
        id: "overview".into(),
        title: cx.t("总体态势", "Overview").into(),
        findings,
        figures,
        method: vec![
            cx.t("申请量按申请（同一申请号的 A、B 文献只计一次）和申请年统计；无申请日时用公开年或授权年。公开量和授权量按文献统计。", "Applications count each application once (A and B documents sharing an application number are one) by filing year, or publication/grant year where no filing date is known. Publications and grants count documents.").into(),
            cx.t("申请年的最后若干年不完整：发明申请一般在申请日后 18 个月公开，因此最近公开日之前 18 个月内的申请年以阴影标出。", "The latest filing years are incomplete: invention applications are published about 18 months after filing, so filing years ending less than 18 months before the latest publication are shaded.").into(),
        ],
    }
}

fn date_text(d: Option<silkport_model::Date>) -> String {
    d.map_or_else(|| "—".into(), |d| d.to_string())
}

fn landscape_share(n: u64, total: u64) -> f64 {
    if total == 0 {
        0.0
    } else {
        n as f64 / total as f64
    }
}

fn points(v: &[landscape::YearCount]) -> Vec<(u16, f64)> {
    v.iter().map(|y| (y.year, y.count as f64)).collect()
}

fn mix_figure(
    cx: &mut Ctx,
    stem: &str,
    title: &str,
    rows: &[landscape::KeyCount],
    label: impl Fn(ReportLang, &str) -> String,
) -> Figure {
    let parts: Vec<(String, f64)> = rows.iter().map(|k| (label(cx.lang, &k.key), k.count as f64)).collect();
    let svg = Mix { title, parts }.svg();
    let t = table(
        &[cx.t("类别", "Category"), cx.t("件数", "Count"), cx.t("占比", "Share")],
        rows.iter().map(|k| vec![label(cx.lang, &k.key), num(k.count as f64), pct(k.share)]).collect(),
    );
    cx.figure(stem, title.to_string(), svg, t, rows)
}

fn class_table(cx: &Ctx, rows: &[ClassRow], with_rta: bool) -> Table {
    let mut headers = vec![
        cx.t("代码", "Code"),
        cx.t("名称", "Title"),
        cx.t("申请量", "Applications"),
        cx.t("占比", "Share"),
        cx.t("基准申请量", "Baseline"),
        cx.t("基准占比", "Baseline share"),
    ];
    if with_rta {
        headers.push(cx.t("专业化指数 RTA", "RTA"));
    }
    let body = rows
        .iter()
        .map(|r| {
            let title = if cx.lang.zh() { r.title_zh.as_ref().or(r.title_en.as_ref()) } else { r.title_en.as_ref() };
            let mut row = vec![
                r.code.clone(),
                title.map(|t| short_title(t)).unwrap_or_default(),
                num(r.count as f64),
                pct(r.share),
                num(r.base_count as f64),
                pct(r.base_share),
            ];
            if with_rta {
                row.push(r.rta.map_or_else(|| "—".into(), rta_text));
            }
            row
        })
        .collect();
    table(&headers, body)
}

fn class_bars(cx: &mut Ctx, stem: &str, title: &str, rows: &[ClassRow]) -> Figure {
    let bars: Vec<(String, f64)> = rows.iter().take(CHART_ROWS).map(|r| (cx.ipc_label(r), r.count as f64)).collect();
    let svg = count_bars(cx, title, bars);
    let t = class_table(cx, rows, false);
    cx.figure(stem, title.to_string(), svg, t, rows)
}

fn technology(cx: &mut Ctx) -> Option<Section> {
    let ipc = &cx.l.ipc;
    if ipc.classified == 0 {
        return None;
    }
    let mut findings = Vec::new();
    if let Some(top) = ipc.sections.first() {
        findings.push(if cx.lang.zh() {
            format!("按主分类号，{}最多的技术部是 {}（{}）。", cx.subject, cx.ipc_label(top), pct(top.share))
        } else {
            format!("By main IPC, the largest section of {} is {} ({}).", cx.subject, cx.ipc_label(top), pct(top.share))
        });
    }
    let top_classes: Vec<String> =
        ipc.classes.iter().take(3).map(|r| format!("{}（{}）", cx.ipc_label(r), pct(r.share))).collect();
    if !top_classes.is_empty() {
        findings.push(if cx.lang.zh() {
            format!("申请最多的大类：{}。", top_classes.join("、"))
        } else {
            format!("The largest classes: {}.", top_classes.join(", ").replace('（', " (").replace('）', ")"))
        });
    }
    let mut figures = vec![
        class_bars(cx, "ipc-sections", cx.t("IPC 部构成", "IPC sections"), &cx.l.ipc.sections),
        class_bars(cx, "ipc-classes", cx.t("IPC 大类（前 15）", "IPC classes (top 15)"), &cx.l.ipc.classes),
        class_bars(cx, "ipc-subclasses", cx.t("IPC 小类（前 15）", "IPC subclasses (top 15)"), &cx.l.ipc.subclasses),
        class_bars(cx, "ipc-groups", cx.t("IPC 大组（前 15）", "IPC main groups (top 15)"), &cx.l.ipc.groups),
    ];
    if !cx.l.ipc.fields.is_empty() {
        let mut fields = cx.l.ipc.fields.clone();
        fields.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.code.cmp(&b.code)));
        fields.retain(|f| f.count > 0);
        figures.push(class_bars(
            cx,
            "wipo-fields",
            cx.t("WIPO 35 个技术领域", "The 35 WIPO technology fields"),
            &fields,
        ));
    }
    Some(Section {
        id: "technology".into(),
        title: cx.t("技术构成", "Technology composition").into(),
        findings,
        figures,
        method: vec![
            cx.t("每件申请按主分类号（无主分类号时取第一个分类号）计入部、大类、小类和大组各一次；占比的分母是有分类号的申请。", "Each application counts once at each level (section, class, subclass, main group) of its main IPC symbol (the first symbol when none is marked main); shares are of classified applications.").into(),
            cx.t("技术领域按 WIPO IPC–技术领域对照表（Schmoch 2008，35 个领域）从主分类号的大组或小类确定。", "Technology fields follow the WIPO IPC–technology concordance (Schmoch 2008, 35 fields), by the main symbol's main group, else its subclass.").into(),
        ],
    })
}

fn specialisation(cx: &mut Ctx) -> Option<Section> {
    let sp = &cx.l.specialisation;
    if cx.l.scope.set == cx.l.scope.base {
        return None;
    }
    let list = |rows: &[ClassRow], cx: &Ctx| {
        rows.iter()
            .take(5)
            .map(|r| {
                let (label, rta, n) = (cx.ipc_label(r), r.rta.map_or("—".into(), rta_text), num(r.count as f64));
                if cx.lang.zh() {
                    format!("{label}（RTA {rta}，{n} 件）")
                } else {
                    format!("{label} (RTA {rta}, {n} applications)")
                }
            })
            .collect::<Vec<_>>()
            .join(cx.lang.list_sep())
    };
    let mut findings = Vec::new();
    findings.push(if sp.strengths.is_empty() {
        cx.t(
            "没有达到优势标准（RTA ≥ 1.2 且至少 5 件）的大类。",
            "No class meets the strength rule (RTA ≥ 1.2 with at least 5 applications).",
        )
        .to_string()
    } else if cx.lang.zh() {
        format!("{}相对{}的技术优势（专业化）领域：{}。", cx.subject, cx.base, list(&sp.strengths, cx))
    } else {
        format!("Where {} is specialised relative to {}: {}.", cx.subject, cx.base, list(&sp.strengths, cx))
    });
    findings.push(if sp.lags.is_empty() {
        cx.t(
            "没有落后于基准的重要大类（基准占比 ≥ 1% 且 RTA ≤ 0.5）。",
            "No important baseline class lags (baseline share ≥ 1% with RTA ≤ 0.5).",
        )
        .to_string()
    } else if cx.lang.zh() {
        format!("在{}占比较大、而{}明显偏弱的领域：{}。", cx.base, cx.subject, list(&sp.lags, cx))
    } else {
        format!("Fields large in {} where {} lags: {}.", cx.base, cx.subject, list(&sp.lags, cx))
    });
    let mut figures = Vec::new();
    let fields: Vec<&ClassRow> = sp.fields.iter().filter(|r| r.count > 0 || r.base_count > 0).collect();
    if !fields.is_empty() {
        let mut rows: Vec<&ClassRow> = fields.iter().copied().filter(|r| r.rta.is_some()).collect();
        rows.sort_by(|a, b| b.rta.partial_cmp(&a.rta).unwrap_or(std::cmp::Ordering::Equal));
        let svg = Rta {
            title: cx.t("WIPO 技术领域专业化指数（RTA，对数刻度）", "Specialisation by WIPO field (RTA, log scale)"),
            axis: cx.t(
                "RTA = 本地占比 ÷ 基准占比；>1 为相对优势",
                "RTA = share in set ÷ share in baseline; > 1 is an advantage",
            ),
            rows: rows
                .iter()
                .map(|r| (format!("{} ({})", cx.ipc_label(r), num(r.count as f64)), r.rta.unwrap_or(0.0)))
                .collect(),
        }
        .svg();
        let owned: Vec<ClassRow> = rows.iter().map(|r| (*r).clone()).collect();
        let t = class_table(cx, &owned, true);
        figures.push(cx.figure(
            "rta-fields",
            cx.t("技术领域专业化指数", "Specialisation by field").into(),
            svg,
            t,
            &owned,
        ));
    }
    let strengths = sp.strengths.clone();
    let svg = Rta {
        title: cx.t("优势大类（RTA ≥ 1.2，至少 5 件）", "Strong classes (RTA ≥ 1.2, at least 5 applications)"),
        axis: cx.t("RTA（对数刻度）", "RTA (log scale)"),
        rows: strengths.iter().take(CHART_ROWS).map(|r| (cx.ipc_label(r), r.rta.unwrap_or(0.0))).collect(),
    };
    let svg = if strengths.is_empty() { String::new() } else { svg.svg() };
    let t = class_table(cx, &strengths, true);
    figures.push(cx.figure("strengths", cx.t("优势大类", "Strong classes").into(), svg, t, &strengths));
    let lags = sp.lags.clone();
    let svg = if lags.is_empty() {
        String::new()
    } else {
        Bars {
            title: cx
                .t("落后于基准的重要大类：基准占比", "Important baseline classes where the set lags: baseline share"),
            axis: cx.t("基准占比", "Share of baseline"),
            rows: lags
                .iter()
                .take(CHART_ROWS)
                .map(|r| (format!("{} (RTA {})", cx.ipc_label(r), r.rta.map_or("—".into(), rta_text)), r.base_share))
                .collect(),
            value_label: &|v| pct(v),
        }
        .svg()
    };
    let t = class_table(cx, &lags, true);
    figures.push(cx.figure("lags", cx.t("落后领域", "Lagging classes").into(), svg, t, &lags));
    Some(Section {
        id: "specialisation".into(),
        title: cx.t("技术优势与短板（与基准对比）", "Strengths and gaps against the baseline").into(),
        findings,
        figures,
        method: vec![
            cx.t("专业化指数（显示性技术优势 RTA）= 该领域在分析对象中的申请占比 ÷ 该领域在基准中的申请占比；RTA > 1 表示相对集中。", "Specialisation (revealed technological advantage, RTA) = the field's share of the set's applications ÷ its share of the baseline's; RTA > 1 means the set concentrates on it.").into(),
            cx.t("优势：RTA ≥ 1.2 且至少 5 件申请，按 RTA 排序。短板：在基准中占比 ≥ 1% 且 RTA ≤ 0.5 的大类，按基准申请量排序。小样本的 RTA 波动大，应结合件数阅读。", "Strengths: RTA ≥ 1.2 with at least 5 applications, by RTA. Gaps: classes with at least 1% of the baseline and RTA ≤ 0.5, by baseline size. RTA on small counts is volatile; read it with the counts.").into(),
        ],
    })
}

/// An applicant in the report's language: the alias table's name where it has one; in
/// English reports, other Chinese names glossed (see `names::gloss`).
fn applicant_name(cx: &Ctx, a: &landscape::ApplicantRow) -> String {
    let alias = if cx.lang.zh() { a.name_zh.as_ref() } else { a.name_en.as_ref() };
    alias.cloned().unwrap_or_else(|| name_in(cx, &a.name))
}

/// A person's or organisation's name as filed, glossed in English reports.
/// The ranking chart of the first applicants, shared by the applicants and competitors sections.
fn applicant_bars(cx: &Ctx, title: &str, applicants: &[landscape::ApplicantRow]) -> String {
    let bars = applicants.iter().take(CHART_ROWS).map(|a| (applicant_name(cx, a), a.count as f64)).collect();
    count_bars(cx, title, bars)
}

/// The leading cells of an applicant ranking row; [`applicant_headers`] names them.
fn applicant_cells(cx: &Ctx, i: usize, a: &landscape::ApplicantRow) -> Vec<String> {
    vec![
        (i + 1).to_string(),
        applicant_name(cx, a),
        a.name.clone(),
        cx.lang.org_type(a.org_type).to_string(),
        num(a.count as f64),
        pct(a.share),
    ]
}

fn applicant_headers(cx: &Ctx) -> Vec<&'static str> {
    vec![
        cx.t("排名", "Rank"),
        cx.t("申请人", "Applicant"),
        cx.t("申请文件中的名称", "Name as filed"),
        cx.t("类型", "Type"),
        cx.t("申请量", "Applications"),
        cx.t("占比", "Share"),
    ]
}

fn name_in(cx: &Ctx, name: &str) -> String {
    if cx.lang.zh() {
        name.to_string()
    } else {
        gloss(name)
    }
}

fn applicants(cx: &mut Ctx) -> Option<Section> {
    let l = cx.l;
    if l.applicants.is_empty() {
        return None;
    }
    let top10: u64 = l.applicants.iter().take(10).map(|a| a.count).sum();
    let lead: Vec<String> =
        l.applicants.iter().take(5).map(|a| format!("{}（{}）", applicant_name(cx, a), num(a.count as f64))).collect();
    let by_type = |t: crate::names::OrgType| l.applicants.iter().take(10).filter(|a| a.org_type == t).count();
    use crate::names::OrgType::*;
    let mut findings = vec![if cx.lang.zh() {
        format!(
            "主要申请人：{}。前 10 名申请人共有 {} 件申请，占 {}；其中高校 {} 家、科研院所 {} 家、企业 {} 家。",
            lead.join("、"),
            num(top10 as f64),
            pct(landscape_share(top10, l.scope.applications)),
            by_type(University),
            by_type(Institute),
            by_type(Company)
        )
    } else {
        format!(
            "Leading applicants: {}. The top 10 hold {} applications ({}); among them universities: {}, research institutes: {}, companies: {}.",
            lead.join(", ").replace('（', " (").replace('）', ")"),
            num(top10 as f64),
            pct(landscape_share(top10, l.scope.applications)),
            by_type(University),
            by_type(Institute),
            by_type(Company)
        )
    }];
    let types: Vec<String> =
        l.applicant_types.iter().map(|k| format!("{} {}", cx.lang.org_type_str(&k.key), pct(k.share))).collect();
    findings.push(format!(
        "{}{}{}",
        cx.t("申请人类型（按申请计）：", "By applicant type (share of applications): "),
        types.join(cx.lang.list_sep()),
        cx.t("。", ".")
    ));
    let svg = applicant_bars(cx, cx.t("申请人排名（前 15）", "Applicant ranking (top 15)"), &l.applicants);
    let rows = l
        .applicants
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let mut row = applicant_cells(cx, i, a);
            row.extend([
                years_text(a.first_year, a.last_year),
                if cx.lang.zh() {
                    [a.province_zh.as_deref(), a.city_zh.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" ")
                } else {
                    [a.city.as_deref(), a.province.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(", ")
                },
                a.country.clone().unwrap_or_default(),
                a.spellings.to_string(),
            ]);
            row
        })
        .collect();
    let mut headers = applicant_headers(cx);
    headers.extend([
        cx.t("申请年份", "Filing years"),
        cx.t("省 / 市", "Province / city"),
        cx.t("国家", "Country"),
        cx.t("合并的名称写法", "Spellings merged"),
    ]);
    let fig = cx.figure(
        "applicants",
        cx.t("申请人排名", "Applicant ranking").into(),
        svg,
        table(&headers, rows),
        &l.applicants,
    );
    let types_fig = mix_figure(
        cx,
        "applicant-types",
        cx.t("申请人类型构成", "Applicant types"),
        &l.applicant_types,
        |lang, k| lang.org_type_str(k).to_string(),
    );
    let mut method = vec![
            cx.t("申请人名称经归一化后合并：去掉企业组织形式后缀（股份有限公司、有限公司、有限责任公司、集团、株式会社、Inc.、Corp.、Co., Ltd.、GmbH、AG、S.A.、B.V. 等），统一全半角、大小写和标点；同一企业的中外文名称按别名表合并（表中每一行都在数据中以两种语言出现）。显示最常用的写法。", "Applicant names are merged after normalisation: legal-form suffixes (股份有限公司, 有限公司, 有限责任公司, 集团, 株式会社, Inc., Corp., Co., Ltd., GmbH, AG, S.A., B.V. …) are removed and width, case and punctuation folded; names of one company in two languages are merged by the alias table (every row occurs in the data in both languages). The most used spelling is shown.").into(),
            cx.t("权利人：有受让人（专利权人）记录时取受让人，否则取申请人。申请人类型按名称规则判定：含“大学”为高校；含“研究院/研究所/科学院/研究中心/设计院/实验室”为科研院所；含“学院/学校”为高校；含“医院”为医院；含“公司/集团/厂/企业/株式会社”或外文公司后缀为企业；2–4 个汉字的姓名为个人。", "Owners are the assignees where recorded, else the applicants. Types follow name rules: 大学/University → university; 研究院/研究所/科学院/研究中心/设计院/实验室/Research/Institut → institute; 学院/学校/College → university; 医院/Hospital → hospital; 公司/集团/厂/企业/株式会社 or a legal form → company; a 2–4-character Chinese name or 'Surname, Given' → individual.").into(),
    ];
    if !cx.lang.zh() {
        method.push("Chinese names are glossed in English by machine (a glossary of organisation words, provinces in English, other characters in pinyin); they are not official English names. The tables give each name as filed.".into());
    }
    Some(Section {
        id: "applicants".into(),
        title: cx.t("创新主体", "Applicants").into(),
        findings,
        figures: vec![fig, types_fig],
        method,
    })
}

fn years_text(a: Option<u16>, b: Option<u16>) -> String {
    match (a, b) {
        (Some(a), Some(b)) if a == b => a.to_string(),
        (Some(a), Some(b)) => format!("{a}–{b}"),
        _ => String::new(),
    }
}

fn geography(cx: &mut Ctx) -> Option<Section> {
    let g = &cx.l.geography;
    let regional = cx.l.scope.set.region.is_some();
    let mut figures = Vec::new();
    let mut findings = Vec::new();
    let place_fig = |cx: &mut Ctx, stem: &str, title: &str, rows: &[landscape::PlaceCount]| {
        let bars: Vec<(String, f64)> =
            rows.iter().take(CHART_ROWS).map(|k| (place_name(cx, k), k.count as f64)).collect();
        let svg = count_bars(cx, title, bars);
        let t = table(
            &[cx.t("地区", "Place"), cx.t("申请量", "Applications"), cx.t("占比", "Share")],
            rows.iter().map(|k| vec![place_name(cx, k), num(k.count as f64), pct(k.share)]).collect(),
        );
        cx.figure(stem, title.to_string(), svg, t, rows)
    };
    if regional {
        if let Some(top) = g.cities.first() {
            findings.push(if cx.lang.zh() {
                format!("{}的申请主要集中在{}（{}）。", cx.subject, place_name(cx, top), pct(top.share))
            } else {
                format!("Within {}, applications concentrate in {} ({}).", cx.subject, top.key, pct(top.share))
            });
        }
        figures.push(place_fig(
            cx,
            "cities",
            cx.t("按城市（第一申请人地址）", "By city (first applicant's address)"),
            &g.cities,
        ));
    } else {
        if let Some(top) = g.countries.first() {
            findings.push(if cx.lang.zh() {
                format!("申请人所在国家以 {} 为主（{}）；“unknown”为来源未记录国家。", top.key, pct(top.share))
            } else {
                format!(
                    "Most first owners are in {} ({}); 'unknown' means the source records no country.",
                    top.key,
                    pct(top.share)
                )
            });
        }
        figures.push(place_fig(
            cx,
            "countries",
            cx.t("按国家（第一权利人）", "By country (first owner)"),
            &g.countries,
        ));
        if !g.provinces.is_empty() {
            if let Some(top) = g.provinces.first() {
                findings.push(if cx.lang.zh() {
                    format!("国内申请中{}最多（{}）。", place_name(cx, top), pct(top.share))
                } else {
                    format!("Among Chinese applicants, {} leads ({}).", top.key, pct(top.share))
                });
            }
            figures.push(place_fig(
                cx,
                "provinces",
                cx.t("国内申请按省份", "Chinese applications by province"),
                &g.provinces,
            ));
        }
    }
    if figures.is_empty() {
        return None;
    }
    Some(Section {
        id: "geography".into(),
        title: cx.t("地域分布", "Geography").into(),
        findings,
        figures,
        method: vec![cx.t("地域按第一权利人的地址：国家取来源记录的国家代码；中国地址的省和地级市由地址文本（必要时邮编）识别，城市为拼音名。", "Places are the first owner's: the country code the source records; for Chinese addresses the province and prefecture-level city found in the address text (or postcode), cities in pinyin.").into()],
    })
}

/// A place in the report's language: Chinese provinces and cities by their Chinese name in zh.
fn place_name(cx: &Ctx, p: &landscape::PlaceCount) -> String {
    match (&p.name_zh, cx.lang.zh()) {
        (Some(zh), true) => zh.clone(),
        _ => p.key.clone(),
    }
}

fn first_only_share(cx: &Ctx) -> f64 {
    let cnipa = cx.l.scope.sources.iter().find(|k| k.key == "cnipa-tsv").map_or(0, |k| k.count);
    landscape_share(cnipa, cx.l.scope.documents)
}

/// The applicant an inventor files with, or "individual" when the inventor is the applicant
/// (a person filing alone: CNIPA's individual applicants), not the name repeated.
fn affiliation_label(cx: &Ctx, i: &crate::landscape::InventorRow) -> String {
    match i.affiliation.as_deref() {
        Some(a) if a == i.name => cx.t("个人申请", "individual applicant").to_string(),
        a => name_in(cx, a.unwrap_or("")),
    }
}

fn talent(cx: &mut Ctx) -> Option<Section> {
    let inv = &cx.l.inventors;
    if inv.is_empty() {
        return None;
    }
    let lead: Vec<String> = inv
        .iter()
        .take(5)
        .map(|i| {
            let (n, a) = (name_in(cx, &i.name), affiliation_label(cx, i));
            if cx.lang.zh() {
                format!("{n}（{a}，{}）", num(i.count as f64))
            } else {
                format!("{n} ({a}, {})", num(i.count as f64))
            }
        })
        .collect();
    let mut findings = vec![if cx.lang.zh() {
        format!("申请最多的发明人：{}。", lead.join("；"))
    } else {
        format!("Most active inventors: {}.", lead.join("; "))
    }];
    let first_only = first_only_share(cx);
    if first_only > 0.0 {
        findings.push(if cx.lang.zh() {
            format!("{} 的文献来自 CNIPA 著录项目文件，该文件只记录第一发明人，因此排名只反映第一发明人。", pct(first_only))
        } else {
            format!("{} of the documents come from the CNIPA bibliographic file, which records only the first inventor, so the ranking reflects first inventors only.", pct(first_only))
        });
    }
    let bars: Vec<(String, f64)> = inv
        .iter()
        .take(CHART_ROWS)
        .map(|i| (format!("{} · {}", name_in(cx, &i.name), affiliation_label(cx, i)), i.count as f64))
        .collect();
    let svg = count_bars(cx, cx.t("发明人（人才）排名（前 15）", "Inventor (talent) ranking (top 15)"), bars);
    let rows = inv
        .iter()
        .enumerate()
        .map(|(n, i)| {
            let affiliation = i.affiliation.clone().unwrap_or_default();
            let mut row =
                vec![(n + 1).to_string(), name_in(cx, &i.name), affiliation_label(cx, i), num(i.count as f64)];
            if !cx.lang.zh() {
                row.extend([i.name.clone(), affiliation]);
            }
            row
        })
        .collect();
    let mut headers = vec![
        cx.t("排名", "Rank"),
        cx.t("发明人", "Inventor"),
        cx.t("所属申请人", "Applicant"),
        cx.t("申请量", "Applications"),
    ];
    if !cx.lang.zh() {
        headers.extend(["Inventor as filed", "Applicant as filed"]);
    }
    let t = table(&headers, rows);
    let fig = cx.figure("inventors", cx.t("发明人排名", "Inventor ranking").into(), svg, t, inv);
    Some(Section {
        id: "talent".into(),
        title: cx.t("创新人才", "Inventors (talent)").into(),
        findings,
        figures: vec![fig],
        method: vec![cx.t("发明人按姓名和第一权利人区分（不同单位的同名发明人视为不同的人），计其参与的申请数；发明人字段中的机构名称（企业、高校、院所、医院）不计入。", "Inventors are told apart by name and first owner (namesakes at different applicants are different people); each counts the applications naming them. Organisations' names in the inventor field (companies, universities, institutes, hospitals) are not counted.").into()],
    })
}

fn collaboration(cx: &mut Ctx) -> Option<Section> {
    let c = &cx.l.collaboration;
    let mut findings = vec![if cx.lang.zh() {
        format!(
            "{} 件申请（{}）有两个或以上权利人，共 {} 对合作关系。",
            num(c.co_owned as f64),
            pct(c.share),
            num(c.pairs as f64)
        )
    } else {
        format!(
            "{} applications ({}) have two or more owners, in {} distinct pairs.",
            num(c.co_owned as f64),
            pct(c.share),
            num(c.pairs as f64)
        )
    }];
    let first_only = first_only_share(cx);
    if first_only > 0.0 {
        findings.push(if cx.lang.zh() {
            format!("{} 的文献来自 CNIPA 著录项目文件，该文件只记录第一申请人，合作关系因此被低估；USPTO、EPO 和演示数据记录全部申请人。", pct(first_only))
        } else {
            format!("{} of the documents come from the CNIPA bibliographic file, which records only the first applicant, so co-ownership is undercounted; USPTO, EPO and demo data record every applicant.", pct(first_only))
        });
    }
    let edges: Vec<&landscape::Edge> = c.edges.iter().take(30).collect();
    let mut nodes: Vec<(String, f64)> = Vec::new();
    let index = |name: &str, w: f64, nodes: &mut Vec<(String, f64)>| match nodes.iter().position(|n| n.0 == name) {
        Some(i) => {
            nodes[i].1 += w;
            i
        }
        None => {
            nodes.push((name.to_string(), w));
            nodes.len() - 1
        }
    };
    let links: Vec<(usize, usize, f64)> = edges
        .iter()
        .map(|e| {
            let (a, b) = (name_in(cx, &e.a), name_in(cx, &e.b));
            (index(&a, e.count as f64, &mut nodes), index(&b, e.count as f64, &mut nodes), e.count as f64)
        })
        .collect();
    let svg = if links.is_empty() {
        String::new()
    } else {
        Network {
            title: cx.t("共同申请网络（最强 30 条关系）", "Co-applicant network (30 strongest ties)"),
            nodes,
            edges: links,
        }
        .svg()
    };
    let rows = c.edges.iter().map(|e| vec![name_in(cx, &e.a), name_in(cx, &e.b), num(e.count as f64)]).collect();
    let t = table(
        &[cx.t("权利人 A", "Owner A"), cx.t("权利人 B", "Owner B"), cx.t("共同申请", "Joint applications")],
        rows,
    );
    let fig = cx.figure("collaboration", cx.t("共同申请关系", "Co-applicant ties").into(), svg, t, c);
    Some(Section {
        id: "collaboration".into(),
        title: cx.t("合作网络", "Collaboration").into(),
        findings,
        figures: vec![fig],
        method: vec![cx.t("同一申请的每两个（归一化后不同的）权利人构成一条合作关系，权重为共同申请数；超过 20 个权利人的申请不计入。", "Every two distinct (normalised) owners of one application are a tie, weighted by joint applications; applications with more than 20 owners are left out.").into()],
    })
}

fn status(cx: &mut Ctx) -> Option<Section> {
    let st = &cx.l.status;
    if st.is_empty() {
        return None;
    }
    let parts: Vec<String> = st.iter().map(|k| format!("{} {}", cx.lang.status(&k.key), pct(k.share))).collect();
    let findings =
        vec![format!("{}{}{}", cx.t("法律状态：", "Legal status: "), parts.join(cx.lang.list_sep()), cx.t("。", "."))];
    let fig = mix_figure(cx, "status", cx.t("法律状态构成", "Legal status mix"), st, |lang, k| {
        lang.status(k).to_string()
    });
    Some(Section {
        id: "status".into(),
        title: cx.t("法律状态", "Legal status").into(),
        findings,
        figures: vec![fig],
        method: vec![cx.t("法律状态取登记库记录的当前状态：CNIPA 的 A 文献为审查中，B 文献为有效（以公开时为准）；有年费、失效、转让等事件的数据按事件更新。", "Legal status is the registry's current status: CNIPA A documents are pending and B documents in force as published; sources with fee, lapse or transfer events update it.").into()],
    })
}

fn life_cycle(cx: &mut Ctx) -> Option<Section> {
    let lc = &cx.l.lifecycle;
    if lc.points.is_empty() {
        return None;
    }
    let findings = vec![match (lc.phase, lc.reason) {
        (Phase::Undetermined, Some("single_publication_window")) => cx.t("技术生命周期无法判定：数据只覆盖一个公开窗口（不足 3 年），各申请年的件数反映公开滞后而非技术发展。", "The life-cycle phase cannot be determined: the data cover one publication window (under 3 years), so counts per filing year reflect publication delay, not the technology's development.").to_string(),
        (Phase::Undetermined, _) => cx.t("技术生命周期无法判定：完整的申请年少于 6 年。", "The life-cycle phase cannot be determined: fewer than 6 complete filing years.").to_string(),
        (phase, _) => {
            let (e, l) = lc.windows.unwrap_or((0, 0));
            let g = |v: Option<f64>| v.map_or("—".into(), |x| format!("{:+.0}%", x * 100.0));
            if cx.lang.zh() {
                format!(
                    "{}处于{}：{}–{} 年与 {}–{} 年相比，申请量变化 {}，申请人数变化 {}。",
                    cx.subject, cx.lang.phase(phase), l, l + 2, e, e + 2, g(lc.growth_applications), g(lc.growth_applicants)
                )
            } else {
                format!(
                    "{} is in the {} phase: {}–{} against {}–{}, applications changed {} and applicants {}.",
                    cx.subject, cx.lang.phase(phase), l, l + 2, e, e + 2, g(lc.growth_applications), g(lc.growth_applicants)
                )
            }
        }
    }];
    let svg = Cycle {
        title: cx.t(
            "技术生命周期：申请量与申请人数（空心点为不完整年份）",
            "Life cycle: applications against applicants (hollow: incomplete years)",
        ),
        x_axis: cx.t("申请量（件）", "Applications"),
        y_axis: cx.t("申请人数", "Applicants"),
        points: lc.points.iter().map(|p| (p.year, p.applications as f64, p.applicants as f64, p.complete)).collect(),
    }
    .svg();
    let rows = lc
        .points
        .iter()
        .map(|p| {
            vec![
                p.year.to_string(),
                num(p.applications as f64),
                num(p.applicants as f64),
                if p.complete { cx.t("是", "yes") } else { cx.t("否", "no") }.to_string(),
            ]
        })
        .collect();
    let t = table(
        &[
            cx.t("申请年", "Filing year"),
            cx.t("申请量", "Applications"),
            cx.t("申请人数", "Applicants"),
            cx.t("数据完整", "Complete"),
        ],
        rows,
    );
    let fig = cx.figure("life-cycle", cx.t("技术生命周期", "Technology life cycle").into(), svg, t, lc);
    Some(Section {
        id: "life-cycle".into(),
        title: cx.t("技术生命周期", "Technology life cycle").into(),
        findings,
        figures: vec![fig],
        method: vec![cx.t("取最近 6 个完整申请年，比较后 3 年与前 3 年的申请量 A 与申请人数 P（逐年去重后相加）：前 3 年不足 10 件且后 3 年增加为萌芽期；A 与 P 均增长 ≥ 20% 为发展期；A 下降 ≥ 20% 为衰退期；其余为成熟期。公开跨度不足 3 年的数据不判定。", "Over the last 6 complete filing years, the last 3 are compared with the 3 before for applications A and applicants P (distinct per year, summed): fewer than 10 applications before and more after is emerging; A and P both up at least 20% is growth; A down at least 20% is decline; anything else is mature. Data whose publications span under 3 years are not judged.").into()],
    })
}

fn white_space(cx: &mut Ctx) -> Option<Section> {
    let ws = &cx.l.white_space;
    let findings = vec![if ws.is_empty() {
        cx.t("未发现空白点：没有申请达到 10 件的小类中，与活跃大组相邻而本身至多 1 件的大组。", "No white space found: no main group with at most 1 application next to a busy group, in subclasses with at least 10 applications.").to_string()
    } else {
        let first: Vec<String> = ws.iter().take(3).map(|w| w.group.clone()).collect();
        if cx.lang.zh() {
            format!("发现 {} 个技术空白点（活跃大组旁的冷门大组），如 {}。", ws.len(), first.join("、"))
        } else {
            format!("{} white-space groups (quiet groups next to busy ones), e.g. {}.", ws.len(), first.join(", "))
        }
    }];
    let rows = ws
        .iter()
        .map(|w| {
            let title = if cx.lang.zh() { w.title_zh.as_ref().or(w.title_en.as_ref()) } else { w.title_en.as_ref() };
            vec![
                w.group.clone(),
                title.map(|t| short_title(t)).unwrap_or_default(),
                num(w.count as f64),
                w.neighbour.clone(),
                num(w.neighbour_count as f64),
                num(w.subclass_count as f64),
                num(w.base_count as f64),
            ]
        })
        .collect();
    let t = table(
        &[
            cx.t("冷门大组", "Quiet group"),
            cx.t("名称", "Title"),
            cx.t("申请量", "Applications"),
            cx.t("相邻活跃大组", "Busy neighbour"),
            cx.t("其申请量", "Its applications"),
            cx.t("所在小类申请量", "Subclass applications"),
            cx.t("基准中的申请量", "Baseline applications"),
        ],
        rows,
    );
    let svg = if ws.is_empty() {
        String::new()
    } else {
        Bars {
            title: cx.t("空白点：基准中的活跃度", "White space: activity in the baseline"),
            axis: cx.t("基准申请量（件）", "Baseline applications"),
            rows: ws
                .iter()
                .take(CHART_ROWS)
                .map(|w| (format!("{} ← {}", w.group, w.neighbour), w.base_count as f64))
                .collect(),
            value_label: &|v| num(v),
        }
        .svg()
    };
    let fig = cx.figure("white-space", cx.t("技术空白点", "White space").into(), svg, t, ws);
    Some(Section {
        id: "white-space".into(),
        title: cx.t("技术空白点", "White space").into(),
        findings,
        figures: vec![fig],
        method: vec![cx.t("在分析对象中至少 10 件申请的小类内，将分析对象或基准出现过的大组按编号排序；本身至多 1 件、而相邻大组至少有 max(3, 小类件数的 10%) 件的大组为空白点，按其在基准中的申请量排序（基准中越活跃，越值得关注）。", "In subclasses with at least 10 of the set's applications, the main groups seen in the set or baseline are put in scheme order; a group with at most 1 application next to one with at least max(3, 10% of the subclass) is white space, ranked by its baseline applications (activity elsewhere).").into()],
    })
}

fn early_warning(cx: &mut Ctx) -> Option<Section> {
    let w = &cx.l.early_warning;
    let findings = vec![if cx.l.scope.single_window {
        cx.t(
            "无法预警：数据只覆盖一个公开窗口，无法比较逐年申请。",
            "No early warning: the data cover one publication window, so years cannot be compared.",
        )
        .to_string()
    } else if w.is_empty() {
        cx.t(
            "最近一个完整申请年没有申请人在某一小类的申请量激增。",
            "No applicant's filings in a subclass surged in the last complete filing year.",
        )
        .to_string()
    } else {
        let s = &w[0];
        if cx.lang.zh() {
            format!(
                "{} 个申请量激增信号；最显著的是 {} 在 {}（{} 年 {} 件，前两年平均 {} 件）。",
                w.len(),
                s.applicant,
                s.field,
                s.year,
                num(s.count as f64),
                num(s.previous_mean)
            )
        } else {
            format!(
                "{} surges; the largest is {} in {} ({} in {}, against a mean of {} in the two years before).",
                w.len(),
                gloss(&s.applicant),
                s.field,
                num(s.count as f64),
                s.year,
                num(s.previous_mean)
            )
        }
    }];
    let rows = w
        .iter()
        .map(|s| {
            let title = if cx.lang.zh() { s.field_zh.clone().or(s.field_en.clone()) } else { s.field_en.clone() };
            vec![
                name_in(cx, &s.applicant),
                s.field.clone(),
                title.map(|t| short_title(&t)).unwrap_or_default(),
                s.year.to_string(),
                num(s.count as f64),
                num(s.previous_mean),
                format!("×{:.1}", s.ratio),
            ]
        })
        .collect();
    let t = table(
        &[
            cx.t("申请人", "Applicant"),
            cx.t("小类", "Subclass"),
            cx.t("名称", "Title"),
            cx.t("年份", "Year"),
            cx.t("申请量", "Applications"),
            cx.t("前两年平均", "Mean of 2 years before"),
            cx.t("倍数", "Ratio"),
        ],
        rows,
    );
    let svg = if w.is_empty() {
        String::new()
    } else {
        Bars {
            title: cx.t(
                "申请激增（最近完整年相对前两年平均的倍数）",
                "Filing surges (last complete year over the mean of the two before)",
            ),
            axis: cx.t("倍数", "Ratio"),
            rows: w
                .iter()
                .take(CHART_ROWS)
                .map(|s| (format!("{} · {}", name_in(cx, &s.applicant), s.field), s.ratio))
                .collect(),
            value_label: &|v| format!("×{v:.1}"),
        }
        .svg()
    };
    let fig = cx.figure("early-warning", cx.t("预警：申请激增", "Early warning: filing surges").into(), svg, t, w);
    Some(Section {
        id: "early-warning".into(),
        title: cx.t("竞争预警", "Early warning").into(),
        findings,
        figures: vec![fig],
        method: vec![cx.t("对最近一个完整申请年 Y，申请人在某小类（按主分类号）的申请量至少 5 件、且至少为 Y−1 与 Y−2 两年平均值（至少按 1 计）的 2 倍，即为激增，按增加的件数排序。", "For the last complete filing year Y, an applicant's applications in a subclass (by main IPC) surge when there are at least 5 and at least twice the mean of Y−1 and Y−2 (taken as at least 1); ranked by the increase.").into()],
    })
}

fn citations(cx: &mut Ctx) -> Option<Section> {
    let c = &cx.l.citations;
    let mut findings = Vec::new();
    if c.citing_documents == 0 && c.key_patents.is_empty() {
        findings.push(cx.t("这些文献的来源未记录引文（CNIPA 著录项目文件与演示数据均无引文），无法做引证分析。", "The sources of these documents record no citations (the CNIPA bibliographic file and the demo world have none), so there is no citation analysis.").to_string());
    } else {
        findings.push(if cx.lang.zh() {
            format!(
                "{} 件文献引用了 {} 次专利文献；分析对象内部的引证关系 {} 条。",
                num(c.citing_documents as f64),
                num(c.citations as f64),
                num(c.network_size as f64)
            )
        } else {
            format!(
                "{} documents make {} patent citations; {} citations link two members of the set.",
                num(c.citing_documents as f64),
                num(c.citations as f64),
                num(c.network_size as f64)
            )
        });
        if let Some(k) = c.key_patents.first() {
            findings.push(if cx.lang.zh() {
                format!("被引最多的核心专利是 {}（被登记库中 {} 件文献引用）。", k.id, k.forward)
            } else {
                format!("The most cited key patent is {} (cited by {} documents in the registry).", k.id, k.forward)
            });
        }
    }
    let mut figures = Vec::new();
    let kp = &c.key_patents;
    let svg = if kp.is_empty() {
        String::new()
    } else {
        Bars {
            title: cx.t("核心专利：被引次数（前 15）", "Key patents: forward citations (top 15)"),
            axis: cx.t("被引次数", "Citations received"),
            rows: kp.iter().take(CHART_ROWS).map(|k| (k.id.clone(), f64::from(k.forward))).collect(),
            value_label: &|v| num(v),
        }
        .svg()
    };
    let t = table(
        &[
            cx.t("文献", "Document"),
            cx.t("公开号（无类型）", "Publication key"),
            cx.t("被引次数", "Forward citations"),
            cx.t("申请年", "Filing year"),
        ],
        kp.iter()
            .map(|k| {
                vec![
                    k.id.clone(),
                    k.pub_key.clone(),
                    num(f64::from(k.forward)),
                    k.year.map(|y| y.to_string()).unwrap_or_default(),
                ]
            })
            .collect(),
    );
    figures.push(cx.figure("key-patents", cx.t("核心专利", "Key patents").into(), svg, t, kp));
    let mc = &c.most_cited;
    let svg = if mc.is_empty() {
        String::new()
    } else {
        Bars {
            title: cx.t("被分析对象引用最多的文献（前 15）", "Documents the set cites most (top 15)"),
            axis: cx.t("被引次数", "Citations"),
            rows: mc.iter().take(CHART_ROWS).map(|k| (k.key.clone(), k.count as f64)).collect(),
            value_label: &|v| num(v),
        }
        .svg()
    };
    let t = table(
        &[cx.t("被引文献", "Cited document"), cx.t("次数", "Citations")],
        mc.iter().map(|k| vec![k.key.clone(), num(k.count as f64)]).collect(),
    );
    figures.push(cx.figure("most-cited", cx.t("最常被引用的现有技术", "Most cited prior art").into(), svg, t, mc));
    let t = table(
        &[cx.t("引用文献", "Citing"), cx.t("被引文献", "Cited")],
        c.network.iter().map(|e| vec![e.citing.clone(), e.cited.clone()]).collect(),
    );
    figures.push(cx.figure(
        "citation-network",
        cx.t("内部引证网络（边）", "Citation network within the set (edges)").into(),
        String::new(),
        t,
        &c.network,
    ));
    Some(Section {
        id: "citations".into(),
        title: cx.t("引证分析", "Citations").into(),
        findings,
        figures,
        method: vec![cx.t("引文按被引文献的公开号（去掉文献类型代码）统计。核心专利：分析对象中被登记库全部文献引用最多的文献（前向引用）。最常被引用的文献：分析对象的文献引用最多的文献（后向引用）。内部引证网络：引用方和被引方都在分析对象中的引用。", "Citations are counted by the cited document's publication key (number without kind code). Key patents: the set's documents most cited by any document in the registry (forward citations). Most cited prior art: documents the set's documents cite most (backward citations). The network: citations whose citing and cited documents are both in the set.").into()],
    })
}

fn competitors(cx: &mut Ctx, c: &Landscape) -> Section {
    let own_key = cx.l.scope.set.applicant.clone().unwrap_or_default();
    let rank = c.applicants.iter().position(|a| a.key.contains(&own_key)).map(|i| i + 1);
    let fields = c.scope.set.ipc.join(cx.lang.list_sep());
    let findings = vec![match rank {
        Some(r) if cx.lang.zh() => format!("在其主要技术领域（{}）中，{}排名第 {}。", fields, cx.subject, r),
        Some(r) => format!("In its main fields ({}), {} ranks {}.", fields, cx.subject, r),
        None if cx.lang.zh() => {
            format!("在其主要技术领域（{}）中，{}不在前 {} 名。", fields, cx.subject, landscape::TOP)
        }
        None => format!("In its main fields ({}), {} is not among the top {}.", fields, cx.subject, landscape::TOP),
    }];
    let svg = applicant_bars(cx, cx.t("主要技术领域的竞争者排名", "Competitors in the main fields"), &c.applicants);
    let rows = c.applicants.iter().enumerate().map(|(i, a)| applicant_cells(cx, i, a)).collect();
    let t = table(&applicant_headers(cx), rows);
    let fig = cx.figure("competitors", cx.t("竞争者", "Competitors").into(), svg, t, &c.applicants);
    Section {
        id: "competitors".into(),
        title: cx.t("竞争格局", "Competitors").into(),
        findings,
        figures: vec![fig],
        method: vec![cx.t("主要技术领域为该企业申请量最多的 3 个 IPC 小类；竞争者为这些小类中的全部申请人，按申请量排序。", "The main fields are the enterprise's 3 largest IPC subclasses; competitors are all applicants in them, by applications.").into()],
    }
}

fn method_section(cx: &Ctx) -> Section {
    Section {
        id: "method".into(),
        title: cx.t("方法与数据说明", "Method and data").into(),
        findings: vec![],
        figures: vec![],
        method: vec![
            cx.t("所有数字都由 silkport 从登记库（权利、分类、当事人、引文、参考表）实时计算，不含人工录入的数字；每张图的 CSV 和 JSON 数据可在图下载取。", "Every figure is computed by silkport from the registry (rights, classifications, parties, citations, reference tables) when the report is made; none is typed in. Each chart's CSV and JSON are linked under it.").into(),
            cx.t("分析对象与基准均只含发明专利和实用新型（除非另行指定），不含只凭编号知道的权利（存根）。", "The set and the baseline hold invention patents and utility models (unless told otherwise), never rights known only by number (stubs).").into(),
            cx.t("区域按第一权利人地址确定。CNIPA 2017 著录项目数据只含第一申请人及其地址、第一发明人，且为 2017 年 3–8 月 28 个周的公开文献（部分周缺失），不是全部申请。", "Regions are the first owner's. The CNIPA 2017 bibliographic data hold only the first applicant with address and the first inventor, for documents published in 28 weeks of March–August 2017 (some weeks missing), not all applications.").into(),
            cx.t("完整的定义和规则见 docs/navigation.md。", "Full definitions and rules: docs/navigation.md.").into(),
        ],
    }
}
