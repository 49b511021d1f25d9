//! Navigation reports after GB/T 39551-2020 (专利导航指南): regional (区域规划), industry
//! (产业规划), enterprise (企业经营) and R&D (研发活动). A report is built from one or two
//! landscapes into sections of findings, charts, tables and method notes, then rendered as
//! one self-contained HTML page (`html`) with every figure's data as CSV and JSON inside.

pub mod dashboard;
pub mod html;
pub mod i18n;
mod sections;
pub mod svg;

pub use i18n::ReportLang;
pub use sections::{build, Inputs};

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportKind {
    Regional,
    Industry,
    Enterprise,
    Rd,
    /// Not a navigation report: the statistics indicators page.
    Indicators,
}

impl ReportKind {
    pub fn parse(s: &str) -> Option<ReportKind> {
        match s {
            "regional" => Some(ReportKind::Regional),
            "industry" => Some(ReportKind::Industry),
            "enterprise" => Some(ReportKind::Enterprise),
            "rd" | "r&d" => Some(ReportKind::Rd),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ReportKind::Regional => "regional",
            ReportKind::Industry => "industry",
            ReportKind::Enterprise => "enterprise",
            ReportKind::Rd => "rd",
            ReportKind::Indicators => "indicators",
        }
    }
}

/// A table: header cells and rows of text cells (numbers already formatted).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// CSV (RFC 4180 quoting) of the whole table.
    pub fn csv(&self) -> String {
        let line = |cells: &[String]| cells.iter().map(|c| csv_cell(c)).collect::<Vec<_>>().join(",");
        let mut out = line(&self.headers);
        out.push_str("\r\n");
        for r in &self.rows {
            out.push_str(&line(r));
            out.push_str("\r\n");
        }
        out
    }
}

fn csv_cell(c: &str) -> String {
    if c.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", c.replace('"', "\"\""))
    } else {
        c.to_string()
    }
}

/// One figure: a chart (may be empty when there is nothing to draw), its table, and its
/// data as JSON.
#[derive(Debug, Clone, Serialize)]
pub struct Figure {
    /// File-name stem of its CSV/JSON (`fig03-applicants`).
    pub id: String,
    pub title: String,
    #[serde(skip)]
    pub svg: String,
    pub table: Table,
    /// Rows of the table shown on the page (the CSV has all of them).
    #[serde(skip)]
    pub shown_rows: usize,
    pub data: serde_json::Value,
}

#[derive(Debug, Clone, Serialize)]
pub struct Section {
    pub id: String,
    pub title: String,
    /// Findings in sentences, computed from the figures.
    pub findings: Vec<String>,
    pub figures: Vec<Figure>,
    /// How the figures were computed.
    pub method: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub kind: ReportKind,
    pub lang: ReportLang,
    pub title: String,
    pub subtitle: String,
    /// Facts about the data (sources, counts, dates) shown under the title.
    pub facts: Vec<(String, String)>,
    pub summary: Vec<String>,
    pub sections: Vec<Section>,
}
