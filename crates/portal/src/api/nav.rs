//! Patent navigation and statistics (silkport-analytics): the landscape report as JSON, the
//! report as one self-contained HTML page in Chinese or English, and the indicators as JSON
//! or an HTML dashboard. Reports scan the registry: rate-limited as expensive, and kept
//! (`crate::cache`) until the registry changes.

use super::extract::Q;
use crate::auth::{require, Client, User};
use crate::ratelimit::Bucket;
use crate::{AppState, Error};
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use silkport_accounts::Action;
use silkport_analytics::indicators::{compute, Indicators};
use silkport_analytics::navigate::{navigate, Request};
use silkport_analytics::report::{dashboard, html, Report, ReportKind, ReportLang};
use std::sync::Arc;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NavParams {
    /// `regional`, `industry`, `enterprise` or `rd`.
    #[serde(rename = "type")]
    pub kind: String,
    pub region: Option<String>,
    /// Comma-separated IPC prefixes (`H01M,H01G`).
    pub ipc: Option<String>,
    pub applicant: Option<String>,
    /// `2017` or `2010-2017`.
    pub years: Option<String>,
    /// `zh` (default) or `en`.
    pub lang: Option<String>,
}

fn lang(l: Option<&str>) -> Result<ReportLang, Error> {
    ReportLang::parse(l.unwrap_or("zh"))
        .ok_or_else(|| Error::bad_request("lang must be zh or en").zh("lang 须为 zh 或 en"))
}

fn bounded(field: &str, v: &Option<String>) -> Result<(), Error> {
    if v.as_ref().is_some_and(|s| s.len() > 200 || s.chars().any(char::is_control)) {
        return Err(Error::bad_request(format!("{field}: at most 200 characters, no control characters")));
    }
    Ok(())
}

impl NavParams {
    fn request(&self) -> Result<Request, Error> {
        for (f, v) in
            [("region", &self.region), ("ipc", &self.ipc), ("applicant", &self.applicant), ("years", &self.years)]
        {
            bounded(f, v)?;
        }
        let kind = ReportKind::parse(&self.kind).ok_or_else(|| {
            Error::bad_request("type must be regional, industry, enterprise or rd")
                .zh("type 须为 regional、industry、enterprise 或 rd")
        })?;
        let ipc = self
            .ipc
            .as_deref()
            .map(|s| s.split(',').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect())
            .unwrap_or_default();
        Ok(Request {
            kind,
            lang: lang(self.lang.as_deref())?,
            region: self.region.clone(),
            ipc,
            applicant: self.applicant.clone(),
            years: self.years.clone(),
            query: None,
        })
    }
}

async fn report(
    state: &AppState,
    user: Option<&User>,
    client: &Client,
    params: &NavParams,
) -> Result<Arc<Report>, Error> {
    require(user, Action::Navigate)?;
    state.limits().check(Bucket::Expensive, &client.key(user))?;
    let req = params.request()?;
    state.cached(report_key(&req), move |s| navigate(s, &req)).await
}

/// The cache key of a navigation report (the UI's pages share the API's answers).
pub fn report_key(req: &Request) -> String {
    format!("navigate\0{req:?}")
}

/// A JSON answer from a value kept behind an `Arc`.
fn json_of<T: serde::Serialize>(value: &T) -> Result<Response, Error> {
    let body = serde_json::to_vec(value).map_err(|e| Error::internal(e.to_string()))?;
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

/// `GET /api/v1/navigation/landscape`: the report's data (sections, figures, tables) as JSON.
pub async fn landscape(
    State(state): State<AppState>,
    user: Option<User>,
    client: Client,
    Q(params): Q<NavParams>,
) -> Result<Response, Error> {
    json_of(&*report(&state, user.as_ref(), &client, &params).await?)
}

/// An HTML page to download, named after what it shows.
fn html_download(page: String, name: &str) -> Response {
    let disposition = format!("attachment; filename=\"{name}\"");
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, disposition),
            // The report is self-contained and trusted, but never framed by other sites.
            (header::CONTENT_SECURITY_POLICY, "frame-ancestors 'none'".to_string()),
        ],
        page,
    )
        .into_response()
}

/// `GET /api/v1/navigation/report`: the report as one self-contained HTML page (zh or en).
pub async fn report_html(
    State(state): State<AppState>,
    user: Option<User>,
    client: Client,
    Q(params): Q<NavParams>,
) -> Result<Response, Error> {
    let report = report(&state, user.as_ref(), &client, &params).await?;
    let name = format!("silkport-{}-{}.html", params.kind, params.lang.as_deref().unwrap_or("zh"));
    Ok(html_download(html::render(&report), &name))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorParams {
    /// China (default) or a province (甘肃, Gansu).
    pub region: Option<String>,
    pub year: Option<u16>,
    pub lang: Option<String>,
}

async fn indicators(state: &AppState, user: Option<&User>, p: &IndicatorParams) -> Result<Arc<Indicators>, Error> {
    require(user, Action::Navigate)?;
    bounded("region", &p.region)?;
    let (region, year) = (p.region.clone(), p.year);
    state.cached(indicators_key(region.as_deref(), year), move |s| compute(s, region.as_deref(), year)).await
}

/// The cache key of the indicators of a region and year.
pub fn indicators_key(region: Option<&str>, year: Option<u16>) -> String {
    format!("indicators\0{region:?}\0{year:?}")
}

/// Computes the national indicators (the dashboard's first view) into the cache, on a thread
/// of its own, so the first visitor does not wait for them.
pub fn warm_indicators(state: &AppState) {
    let state = state.clone();
    std::thread::spawn(move || {
        let generation = state.cache().generation();
        if let Ok(ind) = state.pool().with(|s| compute(s, None, None)) {
            state.cache().put(indicators_key(None, None), generation, Arc::new(ind));
        }
    });
}

/// `GET /api/v1/indicators`.
pub async fn indicators_json(
    State(state): State<AppState>,
    user: Option<User>,
    Q(p): Q<IndicatorParams>,
) -> Result<Response, Error> {
    json_of(&*indicators(&state, user.as_ref(), &p).await?)
}

/// `GET /api/v1/indicators/report`: the dashboard as one HTML page (zh or en).
pub async fn indicators_html(
    State(state): State<AppState>,
    user: Option<User>,
    Q(p): Q<IndicatorParams>,
) -> Result<Response, Error> {
    let l = lang(p.lang.as_deref())?;
    let ind = indicators(&state, user.as_ref(), &p).await?;
    let name = format!("silkport-indicators-{}.html", p.lang.as_deref().unwrap_or("zh"));
    Ok(html_download(html::render(&dashboard::build(&ind, l)), &name))
}
