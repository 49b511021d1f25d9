//! `silkport navigate`: choose the set and baseline for a report type, compute the
//! landscapes, label them, and build the report.

use crate::filter::Filter;
use crate::landscape::{self, Landscape, Spec};
use crate::report::{self, Report, ReportKind, ReportLang};
use crate::AnalyticsError;
use silkport_store::Store;

/// What the user asked for.
#[derive(Debug, Clone)]
pub struct Request {
    pub kind: ReportKind,
    pub lang: ReportLang,
    pub region: Option<String>,
    pub ipc: Vec<String>,
    pub applicant: Option<String>,
    pub years: Option<String>,
    pub query: Option<String>,
}

/// Subclasses an enterprise's competitors are sought in.
pub const COMPETITOR_FIELDS: usize = 3;

/// The set and baseline of each report type:
/// - regional: the region against the nation (both narrowed by any IPC or years given);
/// - industry: the IPC field (in the region, if given) against the registry (the nation's field, with a region);
/// - enterprise: the applicant against the registry, plus a second landscape of its main fields;
/// - R&D: the IPC field (of the applicant or region, if given) against the registry.
pub fn specs(req: &Request) -> Result<Spec, AnalyticsError> {
    if req.query.is_some() {
        return Err(AnalyticsError::QueryNeedsSearch);
    }
    let narrow = |mut f: Filter| -> Result<Filter, AnalyticsError> {
        for p in &req.ipc {
            f = f.with_ipc(p)?;
        }
        if let Some(y) = &req.years {
            f = f.with_years(y)?;
        }
        Ok(f)
    };
    let mut set = narrow(Filter::all())?;
    if let Some(r) = &req.region {
        set = set.with_region(r)?;
    }
    if let Some(a) = &req.applicant {
        set = set.with_applicant(a);
    }
    let missing = |what| AnalyticsError::Missing { report: req.kind.as_str(), what };
    let base = match req.kind {
        ReportKind::Regional if req.region.is_none() => return Err(missing("--region (a province or city)")),
        ReportKind::Regional => narrow(Filter::nation())?,
        ReportKind::Industry | ReportKind::Rd if req.ipc.is_empty() => {
            return Err(missing("--ipc (the field's IPC prefix)"))
        }
        ReportKind::Industry if req.region.is_some() => narrow(Filter::nation())?,
        ReportKind::Enterprise if req.applicant.is_none() => return Err(missing("--applicant")),
        _ => Filter::all(),
    };
    Ok(Spec { set, base })
}

/// Computes and labels a landscape.
fn landscape(store: &mut dyn Store, spec: &Spec) -> Result<Landscape, AnalyticsError> {
    let mut l = landscape::from_store(store, spec)?;
    l.label(store)?;
    Ok(l)
}

/// The report the request asks for.
pub fn navigate(store: &mut dyn Store, req: &Request) -> Result<Report, AnalyticsError> {
    let spec = specs(req)?;
    let main = landscape(store, &spec)?;
    let competitors = match req.kind {
        ReportKind::Enterprise => Some(competitor_landscape(store, &main)?),
        _ => None,
    };
    let competitors = competitors.flatten();
    Ok(report::build(&report::Inputs {
        kind: req.kind,
        lang: req.lang,
        main: &main,
        competitors: competitors.as_ref(),
    }))
}

/// Everyone filing in the enterprise's largest subclasses.
fn competitor_landscape(store: &mut dyn Store, main: &Landscape) -> Result<Option<Landscape>, AnalyticsError> {
    let fields: Vec<&str> = main.ipc.subclasses.iter().take(COMPETITOR_FIELDS).map(|r| r.code.as_str()).collect();
    if fields.is_empty() {
        return Ok(None);
    }
    let mut set = Filter::all();
    for f in fields {
        set = set.with_ipc(f)?;
    }
    Ok(Some(landscape(store, &Spec { set, base: Filter::all() })?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(kind: ReportKind) -> Request {
        Request { kind, lang: ReportLang::Zh, region: None, ipc: vec![], applicant: None, years: None, query: None }
    }

    #[test]
    fn each_report_needs_its_subject() {
        assert!(matches!(specs(&req(ReportKind::Regional)), Err(AnalyticsError::Missing { .. })));
        assert!(matches!(specs(&req(ReportKind::Industry)), Err(AnalyticsError::Missing { .. })));
        assert!(matches!(specs(&req(ReportKind::Enterprise)), Err(AnalyticsError::Missing { .. })));
        let q = Request { query: Some("电池".into()), ..req(ReportKind::Rd) };
        assert!(matches!(specs(&q), Err(AnalyticsError::QueryNeedsSearch)));
        let gansu = Request { region: Some("甘肃".into()), ..req(ReportKind::Regional) };
        let spec = specs(&gansu).unwrap();
        assert_eq!(spec.set.region.as_ref().map(|r| r.province.as_str()), Some("Gansu"));
        assert!(spec.base.domestic);
    }
}
