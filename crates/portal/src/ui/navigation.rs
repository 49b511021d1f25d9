//! Patent navigation (GB/T 39551-2020): a form for the report type and its subject (region,
//! IPC, applicant, years), the report's sections with their charts and tables on the page,
//! and the self-contained HTML report to download in Chinese or English. The report view
//! (`report`) also serves the indicators dashboard.

use super::i18n::{fill, UiLang};
use super::layout::{analytics_svg, document, Section};
use super::{error_message, Ctx};
use crate::api::extract::Q;
use crate::api::nav::report_key;
use crate::auth::{require, Client};
use crate::ratelimit::Bucket;
use crate::{AppState, Error};
use axum::extract::State;
use axum::response::Response;
use maud::{html, Markup};
use serde::{Deserialize, Serialize};
use silkport_accounts::Action;
use silkport_analytics::navigate::{navigate, Request};
use silkport_analytics::report::{html as report_html, Report, ReportKind, ReportLang};
use std::sync::Arc;

/// Longest value of any field of the form.
const MAX_FIELD: usize = 200;
/// IPC prefixes one report takes.
const MAX_IPC: usize = 8;

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct NavParams {
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub region: Option<String>,
    /// IPC prefixes separated by commas or spaces.
    #[serde(default)]
    pub ipc: Option<String>,
    #[serde(default)]
    pub applicant: Option<String>,
    #[serde(default)]
    pub years: Option<String>,
    /// The downloaded report's language (`zh`/`en`); the page uses the UI's.
    #[serde(default)]
    pub rlang: Option<String>,
    /// The UI language switch; read by the UI layer.
    #[serde(default)]
    pub lang: Option<String>,
}

fn filled(v: &Option<String>) -> Option<String> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

impl NavParams {
    fn submitted(&self) -> bool {
        filled(&self.kind).is_some()
    }

    /// The analytics request, after checking every bound.
    fn request(&self, lang: ReportLang) -> Result<Request, Error> {
        let kind = filled(&self.kind).unwrap_or_default();
        let kind = ReportKind::parse(&kind).filter(|k| *k != ReportKind::Indicators).ok_or_else(|| {
            Error::bad_request("type is regional, industry, enterprise or rd")
                .zh("报告类型为 regional、industry、enterprise 或 rd")
        })?;
        for v in [&self.region, &self.ipc, &self.applicant, &self.years].into_iter().flatten() {
            if v.len() > MAX_FIELD {
                return Err(Error::bad_request(format!("a field is longer than {MAX_FIELD} bytes")).zh("字段过长"));
            }
        }
        let ipc: Vec<String> = filled(&self.ipc)
            .map(|s| s.split([',', ' ', '，', ';']).filter(|p| !p.is_empty()).map(str::to_string).collect())
            .unwrap_or_default();
        if ipc.len() > MAX_IPC {
            return Err(
                Error::bad_request(format!("at most {MAX_IPC} IPC prefixes")).zh(format!("最多 {MAX_IPC} 个 IPC 分类"))
            );
        }
        Ok(Request {
            kind,
            lang,
            region: filled(&self.region),
            ipc,
            applicant: filled(&self.applicant),
            years: filled(&self.years),
            query: None,
        })
    }

    /// The download link of the report in `lang`.
    fn download_url(&self, lang: UiLang) -> String {
        let mut p = self.clone();
        p.rlang = Some(lang.code().to_string());
        p.lang = None;
        format!("/navigation/report?{}", serde_urlencoded::to_string(&p).unwrap_or_default())
    }
}

pub fn report_lang(lang: UiLang) -> ReportLang {
    match lang {
        UiLang::Zh => ReportLang::Zh,
        UiLang::En => ReportLang::En,
    }
}

/// The report, from the portal's cache (shared with the API) when it is there; computing one
/// counts against the caller's rate limit.
async fn build(state: &AppState, ctx: &Ctx, client: &Client, req: Request) -> Result<Arc<Report>, Error> {
    let key = report_key(&req);
    if let Some(hit) = state.cache().get::<Report>(&key) {
        return Ok(hit);
    }
    state.limits().check(Bucket::Expensive, &client.key(ctx.user.as_ref()))?;
    state.cached(key, move |s| navigate(s, &req)).await
}

pub async fn page(
    ctx: Ctx,
    client: Client,
    State(state): State<AppState>,
    Q(p): Q<NavParams>,
) -> Result<Response, Error> {
    require(ctx.user.as_ref(), Action::Navigate)?;
    let outcome = if p.submitted() {
        let result = match p.request(report_lang(ctx.lang)) {
            Ok(req) => build(&state, &ctx, &client, req).await,
            Err(e) => Err(e),
        };
        match result {
            Ok(r) => Some(Ok(r)),
            Err(e) if matches!(e.code(), "bad_request" | "unprocessable") => Some(Err(error_message(&ctx, &e))),
            Err(e) => return Err(e),
        }
    } else {
        None
    };
    let t = ctx.t();
    let body = html! {
        h1 { (t.nav_title) }
        p.lead { (t.nav_intro) }
        (form(&ctx, &p))
        @match &outcome {
            None => {}
            Some(Err(message)) => { p.error role="alert" { (message) } }
            Some(Ok(report)) => {
                (downloads(&ctx, |l| p.download_url(l)))
                (view(&ctx, report))
            }
        }
    };
    Ok(super::private(document(&ctx, Section::Navigation, t.nav_title, body)))
}

fn form(ctx: &Ctx, p: &NavParams) -> Markup {
    let t = ctx.t();
    let kind = filled(&p.kind).unwrap_or_else(|| "regional".into());
    let text = |id: &str, label: &str, value: &Option<String>, help: &str, placeholder: &str| {
        html! {
            div.field {
                label for=(id) { (label) }
                input #(id) type="text" name=(id) value=(value.as_deref().unwrap_or("")) maxlength="200"
                    aria-describedby=(format!("{id}-help")) placeholder=(placeholder);
                p.hint #(format!("{id}-help")) { (help) }
            }
        }
    };
    html! {
        form.panel method="get" action="/navigation" {
            fieldset {
                legend { (t.nav_type) }
                @for (value, label, help) in [
                    ("regional", t.nav_regional, t.nav_regional_help),
                    ("industry", t.nav_industry, t.nav_industry_help),
                    ("enterprise", t.nav_enterprise, t.nav_enterprise_help),
                    ("rd", t.nav_rd, t.nav_rd_help),
                ] {
                    div.radio {
                        input #(format!("type-{value}")) type="radio" name="type" value=(value) checked[kind == value];
                        label for=(format!("type-{value}")) { strong { (label) } " – " (help) }
                    }
                }
            }
            div.grid {
                (text("region", t.nav_region, &p.region, t.nav_region_help, t.region_placeholder))
                (text("ipc", t.nav_ipc, &p.ipc, t.nav_ipc_help, "H01M, A01"))
                (text("applicant", t.nav_applicant, &p.applicant, t.nav_applicant_help, ""))
                (text("years", t.nav_years, &p.years, t.nav_years_help, "2010-2020"))
            }
            button type="submit" { (t.nav_submit) }
        }
    }
}

/// The download links of a report in both languages.
pub fn downloads(ctx: &Ctx, url: impl Fn(UiLang) -> String) -> Markup {
    let t = ctx.t();
    html! {
        p.downloads {
            (t.report_download) ": "
            a.button href=(url(UiLang::Zh)) download hreflang="zh-CN" { (t.report_html_zh) } " "
            a.button href=(url(UiLang::En)) download hreflang="en" { (t.report_html_en) }
        }
    }
}

/// A downloaded report's language: `rlang` if given, else the page's.
pub fn requested_lang(ctx: &Ctx, rlang: Option<&str>) -> Result<ReportLang, Error> {
    match rlang.map(ReportLang::parse) {
        Some(Some(l)) => Ok(l),
        Some(None) => Err(Error::bad_request("rlang is zh or en").zh("报告语言为 zh 或 en")),
        None => Ok(report_lang(ctx.lang)),
    }
}

/// A number-like cell (right-aligned).
fn numeric(cell: &str) -> bool {
    let t = cell.trim_start_matches(['×', '-', '+']).trim_end_matches('%');
    !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.')
}

/// A report's title, facts, summary and sections with their charts and tables.
pub fn view(ctx: &Ctx, r: &Report) -> Markup {
    let t = ctx.t();
    html! {
        article.report lang=(r.lang.html()) {
            h2 { (r.title) }
            p.sub { (r.subtitle) }
            @if !r.facts.is_empty() {
                dl.facts { @for (k, v) in &r.facts { dt { (k) } dd { (v) } } }
            }
            @if !r.summary.is_empty() {
                section.summary {
                    h3 { (t.report_summary) }
                    ul { @for s in &r.summary { li { (s) } } }
                }
            }
            nav.toc aria-label=(t.record_contents) {
                ol { @for s in &r.sections { li { a href=(format!("#{}", s.id)) { (s.title) } } } }
            }
            @for s in &r.sections {
                section.report-section #(s.id) aria-labelledby=(format!("h-{}", s.id)) {
                    h3 #(format!("h-{}", s.id)) { (s.title) }
                    @if !s.findings.is_empty() { ul.findings { @for f in &s.findings { li { (f) } } } }
                    @for f in &s.figures {
                        figure #(f.id) {
                            @if f.svg.is_empty() {
                                h4 { (f.title) }
                                @if f.table.rows.is_empty() { p.empty { (t.no_data) } }
                            } @else {
                                (analytics_svg(&f.svg))
                            }
                            @if !f.table.rows.is_empty() {
                                div.table-wrap {
                                    table {
                                        caption { (f.title) @if f.table.rows.len() > f.shown_rows { " " (fill(t.rows_shown, &[&f.shown_rows.to_string(), &f.table.rows.len().to_string()])) } }
                                        thead { tr { @for h in &f.table.headers { th scope="col" { (h) } } } }
                                        tbody {
                                            @for row in f.table.rows.iter().take(f.shown_rows) {
                                                tr {
                                                    @for (i, c) in row.iter().enumerate() {
                                                        @if i == 0 { th scope="row" { (c) } }
                                                        @else if numeric(c) { td.n { (c) } }
                                                        @else { td { (c) } }
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    @if !s.method.is_empty() {
                        details.method {
                            summary { (t.report_method) }
                            ul { @for m in &s.method { li { (m) } } }
                        }
                    }
                }
            }
        }
    }
}

/// `GET /navigation/report`: the self-contained report page as a file.
pub async fn download(
    ctx: Ctx,
    client: Client,
    State(state): State<AppState>,
    Q(p): Q<NavParams>,
) -> Result<Response, Error> {
    require(ctx.user.as_ref(), Action::Navigate)?;
    let lang = requested_lang(&ctx, p.rlang.as_deref())?;
    let req = p.request(lang)?;
    let name = format!("navigation-{}-{}.html", req.kind.as_str(), if lang.zh() { "zh" } else { "en" });
    let report = build(&state, &ctx, &client, req).await?;
    Ok(report_file(report_html::render(&report), &name))
}

/// A downloaded report: its own inline styles are allowed, scripts and fetches are not.
pub fn report_file(html: String, name: &str) -> Response {
    let mut r = super::download(html, "text/html; charset=utf-8", name);
    r.headers_mut().insert(
        axum::http::header::CONTENT_SECURITY_POLICY,
        axum::http::HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'; img-src data:"),
    );
    r
}
