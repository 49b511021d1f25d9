//! `silkport serve`: on first start with `--demo`, load the demo world and create one demo
//! account per role; then open the registry, the search index and the ledger, keep the
//! ledger in step with the registry, and serve the portal until the process ends.

use crate::accounts::{create_user, CreateUser};
use crate::load::{load_demo, IndexFeed, StoreLoader};
use crate::state::{Search, StorePool};
use crate::{AppState, Config, Error};
use silkport_accounts::{owners, Role};
use silkport_ingest::run::Progress;
use silkport_ledger::{Ledger, DEFAULT_ORIGIN};
use silkport_search::{Dictionary, SearchIndex};
use silkport_store::Store;
use std::collections::BTreeMap;
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// How often the registry's queued changes are logged.
const LEDGER_SYNC_EVERY: Duration = Duration::from_secs(2);

/// Opens what the portal serves from, and warms the search index up.
pub fn open(config: Config) -> Result<AppState, Error> {
    let stores = StorePool::open(&config)?;
    let search = open_search(&config)?;
    warm_up(&search);
    let ledger = open_ledger(&config);
    let state = AppState::new(config, stores, Some(search), ledger);
    crate::api::nav::warm_indicators(&state);
    Ok(state)
}

/// One search through every part a real one uses (term dictionaries, postings, fast fields
/// for facets and dates, stored texts for snippets, the cross-lingual dictionary), so the
/// first visitor does not pay for loading them (about 200 ms of CPU at demo scale).
fn warm_up(search: &Search) {
    let mut req = silkport_search::SearchRequest::new("电池 battery");
    req.sort = silkport_search::Sort::DateDesc;
    // An empty or unreadable index answers an error here and again to the first visitor.
    let _ = search.index.search(&req, Some(&search.dict));
    req.sort = silkport_search::Sort::Relevance;
    let _ = search.index.search(&req, Some(&search.dict));
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

/// What `bootstrap_demo` did.
#[derive(Debug, Default)]
pub struct Bootstrap {
    /// Rights loaded now (0: the registry already held data).
    pub loaded: u64,
    /// The 0600 file holding the demo accounts' passwords, when they were created now.
    pub accounts_file: Option<PathBuf>,
}

/// The demo accounts' file in the data directory.
pub fn accounts_file(data_dir: &std::path::Path) -> PathBuf {
    data_dir.join("demo-accounts.txt")
}

/// On an empty registry, loads the demo world of `size` rights (registry and search index,
/// progress on `progress`); on a registry without accounts, creates one demo account per
/// role with random passwords, written only to a 0600 file in the data directory.
pub fn bootstrap_demo(config: &Config, size: u64, seed: u64, progress: &dyn Progress) -> Result<Bootstrap, Error> {
    let mut store = silkport_store::open(&config.data_dir, config.database_url.as_deref())?;
    let mut done = Bootstrap::default();
    if store.stats()?.rights == 0 {
        let index = SearchIndex::open(&silkport_search::index_dir(&config.data_dir))?;
        let mut loader = StoreLoader { store, index: Some(IndexFeed::new(Box::new(index.writer()?))) };
        load_demo(&mut loader, size, seed, progress).map_err(Error::internal)?;
        done.loaded = size;
        store = loader.store;
    }
    if store.users()?.is_empty() {
        done.accounts_file = Some(create_demo_accounts(store.as_mut(), &config.data_dir)?);
    }
    Ok(done)
}

/// The owner name most frequent among the first rights: the demo rights holder's name, so
/// that it owns several rights.
fn busiest_owner(store: &mut dyn Store) -> Result<Option<String>, Error> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for right in store.rights_page(None, 2_000)? {
        for party in owners(&right) {
            *counts.entry(party.name().to_string()).or_default() += 1;
        }
    }
    Ok(counts.into_iter().max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0))).map(|(name, _)| name))
}

fn create_demo_accounts(store: &mut dyn Store, data_dir: &std::path::Path) -> Result<PathBuf, Error> {
    let holder_name = busiest_owner(store)?;
    let mut admin_id = None;
    let mut lines =
        vec!["# silkport demo accounts: role, user name, password (this file is mode 0600; delete it once read)"
            .to_string()];
    for (role, name, display) in [
        (Role::Admin, "admin", "管理员 Administrator"),
        (Role::Holder, "holder", "权利人 Rights holder"),
        (Role::Bank, "bank", "银行 Bank"),
        (Role::Examiner, "examiner", "审查员 Examiner"),
    ] {
        let password = silkport_accounts::secret::new_password()?;
        let holder_names = match (role, &holder_name) {
            (Role::Holder, Some(n)) => vec![n.clone()],
            _ => Vec::new(),
        };
        let req = CreateUser {
            name: name.into(),
            display_name: Some(display.into()),
            role: role.as_str().into(),
            password: password.clone(),
            holder_names: holder_names.clone(),
        };
        let created = create_user(store, None, &req)?;
        if role == Role::Admin {
            admin_id = Some(created.id);
        }
        for n in &holder_names {
            // Verified in the demo administrator's name, as an administrator would.
            store.holder_name_put(created.id, n, admin_id, crate::accounts::now())?;
            let detail = serde_json::json!({ "name": n, "verified_for": "demo" });
            crate::accounts::audit(store, None, "holder_name_verified", Some(format!("user:{}", created.id)), detail)?;
        }
        let owns = holder_names.first().map(|n| format!("  (holder name: {n})")).unwrap_or_default();
        lines.push(format!("{:<9} {name:<9} {password}{owns}", role.as_str()));
    }
    let path = accounts_file(data_dir);
    write_private(&path, &(lines.join("\n") + "\n"))?;
    Ok(path)
}

/// Writes a file only its owner can read (created 0600, never world-readable in between).
fn write_private(path: &std::path::Path, text: &str) -> Result<(), Error> {
    let fail = |e: std::io::Error| Error::internal(format!("cannot write {}: {e}", path.display()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(fail)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600)).map_err(fail)?;
    }
    file.write_all(text.as_bytes()).map_err(fail)?;
    file.sync_all().map_err(fail)
}
