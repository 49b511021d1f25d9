//! `silkport navigate`: a patent navigation report written to one HTML file.

use anyhow::Context;
use silkport_analytics::navigate::{navigate, Request};
use silkport_analytics::report::{html, ReportKind, ReportLang};
use silkport_store::Store;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

pub fn request(
    kind: &str,
    lang: &str,
    region: Option<String>,
    ipc: Vec<String>,
    applicant: Option<String>,
    years: Option<String>,
    query: Option<String>,
) -> anyhow::Result<Request> {
    Ok(Request {
        kind: ReportKind::parse(kind).context("--type must be regional, industry, enterprise or rd")?,
        lang: ReportLang::parse(lang).context("--lang must be zh or en")?,
        region,
        ipc,
        applicant,
        years,
        query,
    })
}

pub fn run(mut store: Box<dyn Store>, req: &Request, out: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let report = navigate(store.as_mut(), req)?;
    let page = html::render(&report);
    std::fs::write(out, &page).with_context(|| format!("cannot write {} (choose another --out)", out.display()))?;
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!("{}", report.title);
        for s in &report.summary {
            println!("  - {s}");
        }
        println!(
            "wrote {} ({} KB, {} sections) in {:.1} s",
            out.display(),
            page.len() / 1024,
            report.sections.len(),
            started.elapsed().as_secs_f64()
        );
    }
    Ok(ExitCode::SUCCESS)
}
