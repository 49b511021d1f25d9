//! One module per subcommand, plus the store adapter they share.

mod demo;
mod eval;
mod export;
mod get;
mod indicators;
mod ingest;
mod ledger;
mod navigate;
mod reindex;
mod search;
mod serve;
mod similar;
mod stats;
mod tm_search;

use crate::args::{Args, Command, UserCommand};
use anyhow::Context;
use silkport_search::SearchIndex;
use silkport_store::Store;
use std::process::ExitCode;

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    match args.command {
        Command::Ingest { formats: true, .. } => ingest::list_formats(),
        Command::Ingest { paths, json, no_index, .. } => {
            let store = open_store(&args.data, args.database_url.as_deref())?;
            ingest::run(store, open_index_writer(&args.data, no_index)?, &paths, json)
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
        Command::Demo { size, seed, json, no_index } => {
            let store = open_store(&args.data, args.database_url.as_deref())?;
            demo::run(store, open_index_writer(&args.data, no_index)?, size, seed, json)
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
        Command::ServeLog { addr, witness_keys, sync_interval_ms, push_witnesses } => serve::serve_log(
            &args.data,
            open_store(&args.data, args.database_url.as_deref())?,
            serve::ServeLogArgs {
                addr,
                witness_keys: &witness_keys,
                sync_interval_ms,
                push_witnesses: &push_witnesses,
            },
        ),
        Command::User { command: UserCommand::Add { name, role, display_name } } => {
            // Holder names are bound and verified by an administrator in the portal.
            let mut store = open_store(&args.data, args.database_url.as_deref())?;
            let password = silkport_accounts::secret::new_password()?;
            let holder_names = Vec::new();
            let req = silkport_portal::accounts::CreateUser {
                name,
                display_name,
                role,
                password: password.clone(),
                holder_names,
            };
            let user = silkport_portal::accounts::create_user(store.as_mut(), None, &req)
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("created {} {} (id {}); password, shown once: {password}", user.role.as_str(), user.name, user.id);
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve { addr, import_root, insecure_cookies, pool, demo, demo_size, trusted_proxies, origins } => {
            let mut config = silkport_portal::Config::new(&args.data);
            config.database_url = args.database_url.clone();
            config.import_root = import_root;
            config.secure_cookies = !insecure_cookies;
            config.trusted_proxies = trusted_proxies;
            config.allowed_origins = origins;
            config.pool_size = pool.unwrap_or(if args.database_url.is_some() { 8 } else { 4 });
            serve::portal(config, addr, demo.then_some(demo_size))
        }
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
        Command::Search { query, lang, limit, offset, sort, plain, no_translate, group_family, json } => {
            let opts =
                search::Options { lang, limit, offset, sort, plain, translate: !no_translate, group_family, json };
            search::run(&args.data, &query, &opts)
        }
        Command::TmSearch { mark, classes, groups, limit, json } => {
            // The registry only names and checks the groups asked for.
            let store =
                (!groups.is_empty()).then(|| open_store(&args.data, args.database_url.as_deref()).ok()).flatten();
            tm_search::run(&args.data, store, &mark, &classes, &groups, limit, json)
        }
        Command::Similar { id, text, lang, limit, no_translate, json } => {
            let opts = similar::Options { lang, limit, translate: !no_translate, json };
            match (id, text) {
                (Some(id), _) => {
                    similar::by_id(&args.data, open_store(&args.data, args.database_url.as_deref())?, &id, &opts)
                }
                (None, Some(text)) => similar::by_text(&args.data, &text, &opts),
                (None, None) => {
                    anyhow::bail!("give a right's id or --text \"a paragraph\" / 请给出文献号或 --text 文本")
                }
            }
        }
        Command::Export { query, format, out, sort, lang, plain, no_translate } => {
            let opts = export::Options { format, out, sort, lang, plain, translate: !no_translate };
            export::run(&args.data, &query, &opts)
        }
        Command::Reindex { json } => reindex::run(
            open_store(&args.data, args.database_url.as_deref())?,
            &silkport_search::index_dir(&args.data),
            json,
        ),
        Command::Eval { shared, json } => eval::run(&args.data, &shared, json),
    }
}

fn open_store(data: &std::path::Path, url: Option<&str>) -> anyhow::Result<Box<dyn Store>> {
    let what = match url {
        Some(_) => "cannot open the PostgreSQL registry (check --database-url / SILKPORT_DATABASE_URL and that the server runs)".to_string(),
        None => format!("cannot open the registry in {} (choose another with --data or SILKPORT_DATA)", data.display()),
    };
    silkport_store::open(data, url).context(what)
}

/// The search index writer that ingest keeps in step with the registry, unless disabled.
fn open_index_writer(data: &std::path::Path, disabled: bool) -> anyhow::Result<Option<ingest::IndexFeed>> {
    if disabled {
        return Ok(None);
    }
    let dir = silkport_search::index_dir(data);
    let index = SearchIndex::open(&dir).with_context(|| {
        format!(
            "cannot open the search index in {} (rebuild it with `silkport reindex`, or pass --no-index)",
            dir.display()
        )
    })?;
    Ok(Some(ingest::IndexFeed::new(Box::new(index.writer()?))))
}

/// The search index for reading, or an error saying how to build it.
pub(crate) fn open_index(data: &std::path::Path) -> anyhow::Result<SearchIndex> {
    let dir = silkport_search::index_dir(data);
    if !dir.exists() {
        anyhow::bail!(
            "no search index in {} yet: run `silkport reindex` (or ingest data) / 尚无检索索引，请先运行 silkport reindex",
            dir.display()
        );
    }
    Ok(SearchIndex::open(&dir)?)
}

pub(crate) use ingest::StoreLoader;
