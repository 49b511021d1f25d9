//! The indicators dashboard: IP statistics for China or a province (official statistics
//! tables and the registry), one chart and table per indicator, and the page to download.

use super::i18n::UiLang;
use super::layout::{document, Section};
use super::navigation::{downloads, report_file, report_lang, requested_lang, view};
use super::{error_message, Ctx};
use crate::api::extract::Q;
use crate::api::nav::indicators_key;
use crate::auth::require;
use crate::{AppState, Error};
use axum::extract::State;
use axum::response::Response;
use maud::html;
use serde::{Deserialize, Serialize};
use silkport_accounts::Action;
use silkport_analytics::indicators::compute;
use silkport_analytics::report::{dashboard, html as report_html, Report, ReportLang};

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct IndParams {
    #[serde(default)]
    pub region: Option<String>,
    #[serde(default)]
    pub year: Option<String>,
    #[serde(default)]
    pub rlang: Option<String>,
    #[serde(default)]
    pub lang: Option<String>,
}

impl IndParams {
    fn region(&self) -> Result<Option<String>, Error> {
        match self.region.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(r) if r.len() > 64 => Err(Error::bad_request("region is a province name").zh("地区应为省份名称")),
            other => Ok(other.map(str::to_string)),
        }
    }

    fn year(&self) -> Result<Option<u16>, Error> {
        match self.year.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => Ok(None),
            Some(y) => y
                .parse::<u16>()
                .ok()
                .filter(|y| (1900..=2100).contains(y))
                .map(Some)
                .ok_or_else(|| Error::bad_request("year is a year such as 2020").zh("年份格式如 2020")),
        }
    }

    fn download_url(&self, lang: UiLang) -> String {
        let mut p = self.clone();
        p.rlang = Some(lang.code().into());
        p.lang = None;
        format!("/indicators/report?{}", serde_urlencoded::to_string(&p).unwrap_or_default())
    }
}

/// The dashboard of the indicators, which the portal's cache keeps (shared with the API,
/// and warmed for China at start).
async fn build(state: &AppState, p: &IndParams, lang: ReportLang) -> Result<Report, Error> {
    let (region, year) = (p.region()?, p.year()?);
    let key = indicators_key(region.as_deref(), year);
    let ind = state.cached(key, move |s| compute(s, region.as_deref(), year)).await?;
    Ok(dashboard::build(&ind, lang))
}

pub async fn page(ctx: Ctx, State(state): State<AppState>, Q(p): Q<IndParams>) -> Result<Response, Error> {
    require(ctx.user.as_ref(), Action::Navigate)?;
    let t = ctx.t();
    let outcome = match build(&state, &p, report_lang(ctx.lang)).await {
        Ok(r) => Ok(r),
        Err(e) if matches!(e.code(), "bad_request" | "unprocessable") => Err(error_message(&ctx, &e)),
        Err(e) => return Err(e),
    };
    let body = html! {
        h1 { (t.ind_title) }
        p.lead { (t.ind_intro) }
        form.panel.inline-form method="get" action="/indicators" {
            div.field {
                label for="region" { (t.ind_region) }
                input #region type="text" name="region" value=(p.region.as_deref().unwrap_or("")) placeholder=(t.region_placeholder)
                    maxlength="64" aria-describedby="region-help";
                p.hint #region-help { (t.ind_region_help) }
            }
            div.field {
                label for="year" { (t.ind_year) }
                input #year type="text" inputmode="numeric" name="year" value=(p.year.as_deref().unwrap_or("")) maxlength="4"
                    aria-describedby="year-help";
                p.hint #year-help { (t.ind_year_help) }
            }
            button type="submit" { (t.ind_submit) }
        }
        @match &outcome {
            Err(message) => { p.error role="alert" { (message) } }
            Ok(report) => {
                (downloads(&ctx, |l| p.download_url(l)))
                (view(&ctx, report))
            }
        }
    };
    Ok(super::private(document(&ctx, Section::Indicators, t.ind_title, body)))
}

/// `GET /indicators/report`: the dashboard as a self-contained HTML file.
pub async fn download(ctx: Ctx, State(state): State<AppState>, Q(p): Q<IndParams>) -> Result<Response, Error> {
    require(ctx.user.as_ref(), Action::Navigate)?;
    let lang = requested_lang(&ctx, p.rlang.as_deref())?;
    let report = build(&state, &p, lang).await?;
    Ok(report_file(report_html::render(&report), &format!("indicators-{}.html", if lang.zh() { "zh" } else { "en" })))
}
