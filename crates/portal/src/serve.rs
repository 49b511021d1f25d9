//! `silkport serve`: open the registry, the search index and the ledger, keep the ledger in
//! step with the registry, and serve the portal until the process ends.

use crate::state::{Search, StorePool};
use crate::{AppState, Config, Error};
use silkport_ledger::{Ledger, DEFAULT_ORIGIN};
use silkport_search::{Dictionary, SearchIndex};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

/// How often the registry's queued changes are logged.
const LEDGER_SYNC_EVERY: Duration = Duration::from_secs(2);

/// Opens what the portal serves from.
pub fn open(config: Config) -> Result<AppState, Error> {
    let stores = StorePool::open(&config)?;
    let search = open_search(&config)?;
    let ledger = open_ledger(&config);
    Ok(AppState::new(config, stores, Some(search), ledger))
}

fn open_search(config: &Config) -> Result<Search, Error> {
    let index = SearchIndex::open(&silkport_search::index_dir(&config.data_dir))?;
    let dict = Dictionary::with_user_files(&silkport_search::terms_dir(&config.data_dir))?;
    Ok(Search { index, dict })
}

/// The ledger for writing (this process logs the registry's changes), or for reading when
/// another process (`silkport serve-log`) holds it; none when it cannot be opened at all.
fn open_ledger(config: &Config) -> Option<Arc<Ledger>> {
    let dir = Ledger::dir_in(&config.data_dir);
    match Ledger::open_or_init(&dir, DEFAULT_ORIGIN) {
        Ok(l) => Some(Arc::new(l)),
        Err(e) => {
            eprintln!("ledger opened read-only ({e})");
            Ledger::open_read_only(&dir).ok().map(Arc::new)
        }
    }
}

/// Logs the registry's queued changes now and then, on a thread of its own.
pub fn keep_ledger_in_step(state: &AppState) {
    let Some(ledger) = state.ledger().cloned() else { return };
    let state = state.clone();
    std::thread::spawn(move || loop {
        match state.pool().with(|s| ledger.sync(s)) {
            Ok(r) if r.appended > 0 => eprintln!("ledger: logged {} changes; tree size {}", r.appended, r.tree_size),
            Ok(_) => {}
            Err(e) => eprintln!("ledger sync failed (retrying): {e}"),
        }
        std::thread::sleep(LEDGER_SYNC_EVERY);
    });
}

/// Serves `state` on `addr` until the process ends; `on_bound` gets the bound address.
pub fn run(state: AppState, addr: SocketAddr, on_bound: impl FnOnce(SocketAddr)) -> Result<(), Error> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_io()
        .enable_time()
        .build()
        .map_err(|e| Error::internal(format!("cannot start the runtime: {e}")))?;
    runtime
        .block_on(async move {
            let listener = tokio::net::TcpListener::bind(addr).await?;
            on_bound(listener.local_addr()?);
            let app = crate::app(state).into_make_service_with_connect_info::<SocketAddr>();
            axum::serve(listener, app).await
        })
        .map_err(|e| Error::internal(format!("cannot serve on {addr}: {e}")))
}
