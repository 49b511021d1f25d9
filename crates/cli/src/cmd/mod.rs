//! One module per subcommand, plus the store adapter they share.

mod demo;
mod get;
mod indicators;
mod ingest;
mod navigate;
mod stats;

use crate::args::{Args, Command};
use anyhow::Context;
use silkport_store::Store;
use std::process::ExitCode;

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    match args.command {
        Command::Ingest { formats: true, .. } => ingest::list_formats(),
        Command::Ingest { paths, json, .. } => {
            ingest::run(open_store(&args.data, args.database_url.as_deref())?, &paths, json)
        }
        Command::Get { id, json } => get::run(open_store(&args.data, args.database_url.as_deref())?, &id, json),
        Command::Stats { json } => stats::run(open_store(&args.data, args.database_url.as_deref())?, json),
        Command::Navigate { kind, region, ipc, applicant, years, query, out, lang, json } => {
            let req = navigate::request(&kind, &lang, region, ipc, applicant, years, query)?;
            navigate::run(open_store(&args.data, args.database_url.as_deref())?, &req, &out, json)
        }
        Command::Indicators { region, year, json, html, lang } => indicators::run(
            open_store(&args.data, args.database_url.as_deref())?,
            region.as_deref(),
            year,
            json,
            html.as_deref(),
            &lang,
        ),
        Command::Demo { size, seed, json } => {
            demo::run(open_store(&args.data, args.database_url.as_deref())?, size, seed, json)
        }
    }
}

fn open_store(data: &std::path::Path, url: Option<&str>) -> anyhow::Result<Box<dyn Store>> {
    let what = match url {
        Some(_) => "cannot open the PostgreSQL registry (check --database-url / SILKPORT_DATABASE_URL and that the server runs)".to_string(),
        None => format!("cannot open the registry in {} (choose another with --data or SILKPORT_DATA)", data.display()),
    };
    silkport_store::open(data, url).context(what)
}

pub(crate) use ingest::StoreLoader;
