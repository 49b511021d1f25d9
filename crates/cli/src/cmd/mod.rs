//! One module per subcommand, plus the store adapter they share.

mod demo;
mod get;
mod ingest;
mod ledger;
mod serve;
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
        Command::Demo { size, seed, json } => {
            demo::run(open_store(&args.data, args.database_url.as_deref())?, size, seed, json)
        }
        Command::Ledger { command } => {
            ledger::run(&args.data, || open_store(&args.data, args.database_url.as_deref()), command)
        }
        Command::Audit { json } => {
            ledger::audit(&args.data, open_store(&args.data, args.database_url.as_deref())?, json)
        }
        Command::Receipt { id, out } => {
            ledger::receipt(&args.data, open_store(&args.data, args.database_url.as_deref())?, &id, &out)
        }
        Command::Verify { receipt, log_keys, witness_keys, quorum, json } => {
            ledger::verify_receipt(&receipt, &log_keys, &witness_keys, quorum, json)
        }
        Command::ServeLog { addr, witness_keys, sync_interval_ms } => serve::serve_log(
            &args.data,
            open_store(&args.data, args.database_url.as_deref())?,
            addr,
            &witness_keys,
            sync_interval_ms,
        ),
        Command::Witness { log, log_key, state, name, once, interval_ms, listen } => {
            serve::witness(serve::WitnessArgs {
                log: &log,
                log_key: &log_key,
                state: &state,
                name: &name,
                once,
                interval_ms,
                listen,
            })
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
