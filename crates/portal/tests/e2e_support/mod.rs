//! The world the end-to-end test and the page-timing example serve: the demo world, an EPO
//! grant, USPTO assignments and the provincial statistics tables from ../shared/data, the
//! ledger synced, one administrator; and the portal served on 127.0.0.1:0.

use silkport_ingest::run::{expand, ingest, Quiet};
use silkport_ledger::{Ledger, DEFAULT_ORIGIN};
use silkport_portal::accounts::{create_user, CreateUser};
use silkport_portal::load::{load_demo, IndexFeed, StoreLoader};
use silkport_portal::{AppState, Config};
use silkport_search::SearchIndex;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub const ADMIN_PASSWORD: &str = "tortoise-quartz-7319-river";

pub fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data")
}

/// The world: `demo_rights` demo rights, real files, ledger synced, one administrator.
pub fn build_world(data: &Path, demo_rights: u64) -> Config {
    let mut config = Config::new(data);
    config.secure_cookies = false;
    config.pool_size = 2;
    config.import_root = Some(shared().join("patents/ep_publication_server_xml/raw"));
    let store = silkport_store::open(data, None).expect("store");
    let index = SearchIndex::open(&silkport_search::index_dir(data)).expect("index");
    let mut loader = StoreLoader { store, index: Some(IndexFeed::new(Box::new(index.writer().expect("writer")))) };
    load_demo(&mut loader, demo_rights, 7, &Quiet).expect("demo world");
    let d = shared();
    let files = [
        d.join("patents/ep_publication_server_xml/raw/grant_v1-5-B1.xml.gz"),
        d.join("rights/uspto_assignment_api_sample/assignments.jsonl"),
        d.join("rights/china_provincial_sci_tech_ip_stats"),
    ];
    let files = expand(&files).expect("real data files");
    ingest(&files, &mut loader, &Quiet).expect("ingest");
    loader.finish().expect("index commit");
    let mut store = loader.store;
    let req = CreateUser {
        name: "admin".into(),
        display_name: Some("E2E 管理员".into()),
        role: "admin".into(),
        password: ADMIN_PASSWORD.into(),
        holder_names: Vec::new(),
    };
    create_user(store.as_mut(), None, &req).expect("administrator");
    let ledger = Ledger::open_or_init(&Ledger::dir_in(data), DEFAULT_ORIGIN).expect("ledger");
    ledger.sync(store.as_mut()).expect("ledger sync");
    config
}

/// Serves the portal on a thread of its own; returns its base URL and state.
pub fn serve(config: Config) -> (String, AppState) {
    let state = silkport_portal::serve::open(config).expect("open the portal");
    let (tx, rx) = std::sync::mpsc::channel::<SocketAddr>();
    let server = state.clone();
    std::thread::spawn(move || {
        let addr: SocketAddr = "127.0.0.1:0".parse().expect("address");
        let _ = silkport_portal::serve::run(server, addr, |bound| {
            let _ = tx.send(bound);
        });
    });
    let addr = rx.recv_timeout(Duration::from_secs(30)).expect("the portal listens");
    (format!("http://{addr}"), state)
}
