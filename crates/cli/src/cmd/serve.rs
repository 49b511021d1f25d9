//! `silkport serve-log` and `silkport witness`: long-running processes over the server and
//! witness libraries.

use super::ledger::keys;
use anyhow::Context;
use silkport_ledger::{Ledger, DEFAULT_ORIGIN};
use silkport_server::log::LogApi;
use silkport_server::witness::WitnessApi;
use silkport_store::Store;
use silkport_tlog::{CosignatureVerifier, Ed25519Verifier};
use silkport_witness::{Follower, Step, Submitted, Submitter, WitnessError, WitnessState};
use std::io::Write;
use std::net::SocketAddr;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

pub struct ServeLogArgs<'a> {
    pub addr: SocketAddr,
    pub witness_keys: &'a [String],
    pub sync_interval_ms: u64,
    pub push_witnesses: &'a [String],
}

/// Syncs once, then serves the log while a thread keeps syncing the registry into it and
/// pushing each new checkpoint to the push witnesses.
pub fn serve_log(data: &Path, mut store: Box<dyn Store>, a: ServeLogArgs) -> anyhow::Result<ExitCode> {
    let witnesses =
        keys(a.witness_keys)?.iter().map(|k| CosignatureVerifier::parse(k)).collect::<Result<Vec<_>, _>>()?;
    let ledger = Arc::new(Ledger::open_or_init(&Ledger::dir_in(data), DEFAULT_ORIGIN)?);
    let first = ledger.sync(store.as_mut())?;
    eprintln!("log {}: {} entries ({} appended now)", ledger.log().origin(), first.tree_size, first.appended);
    let submitters: Vec<Submitter> = a.push_witnesses.iter().map(|url| Submitter::new(url)).collect();
    push_checkpoint(&ledger, &submitters, &witnesses);
    if a.sync_interval_ms > 0 {
        let ledger = Arc::clone(&ledger);
        let witnesses = witnesses.clone();
        std::thread::spawn(move || loop {
            std::thread::sleep(Duration::from_millis(a.sync_interval_ms));
            match ledger.sync(store.as_mut()) {
                Ok(r) if r.appended > 0 => eprintln!("logged {} changes; tree size {}", r.appended, r.tree_size),
                Ok(_) => {}
                Err(e) => eprintln!("sync failed (retrying): {e}"),
            }
            push_checkpoint(&ledger, &submitters, &witnesses);
        });
    }
    let router = silkport_server::log::router(Arc::new(LogApi { ledger, witnesses }));
    silkport_server::serve(a.addr, router, |bound| announce(&format!("serving the log at http://{bound}")))?;
    Ok(ExitCode::SUCCESS)
}

/// `silkport serve`: the portal, after loading the demo world and accounts with `--demo`.
pub fn portal(config: silkport_portal::Config, addr: SocketAddr, demo: Option<u64>) -> anyhow::Result<ExitCode> {
    if let Some(size) = demo {
        eprintln!("preparing the demo (first start: generating and indexing {size} synthetic rights)…");
        let bar = super::ingest::Bar::new();
        let done = silkport_portal::serve::bootstrap_demo(&config, size, DEMO_SEED, &bar)
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        bar.finish();
        if done.loaded > 0 {
            eprintln!("loaded and indexed the demo world: {} synthetic rights", done.loaded);
        }
        if let Some(path) = done.accounts_file {
            eprintln!("demo accounts (admin, holder, bank, examiner) and their passwords: {}", path.display());
        }
    }
    let state = silkport_portal::serve::open(config).map_err(|e| anyhow::anyhow!("{e}"))?;
    silkport_portal::serve::keep_ledger_in_step(&state);
    silkport_portal::serve::run(state, addr, |bound| announce(&format!("silkport portal at http://{bound}/")))
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(ExitCode::SUCCESS)
}

/// The demo world's seed: the same as `silkport demo`'s default, so both build one world.
const DEMO_SEED: u64 = 2018;

/// Pushes the log's latest checkpoint to each witness (C2SP tlog-witness) and keeps the
/// cosignatures; a witness that is down or refuses is reported and tried again next round.
fn push_checkpoint(ledger: &Ledger, submitters: &[Submitter], witnesses: &[CosignatureVerifier]) {
    if submitters.is_empty() {
        return;
    }
    let latest = ledger.log().checkpoint();
    let size = latest.checkpoint.size;
    let prove = |old| ledger.log().prove_consistency(old, size);
    for s in submitters {
        let kept =
            s.submit(&latest.note, size, prove).map_err(anyhow::Error::from).and_then(|submitted| match submitted {
                Submitted::Cosigned(note) => Ok(Some(ledger.add_cosignatures(&note, witnesses)?)),
                Submitted::AlreadyCosigned => Ok(None),
            });
        match kept {
            Ok(Some(names)) => eprintln!("witness {} cosigned size {size} ({})", s.url(), names.join(", ")),
            Ok(None) => {}
            Err(e) => eprintln!("pushing the checkpoint of size {size} to {} failed (retrying): {e:#}", s.url()),
        }
    }
}

/// Prints a line on stdout at once (tests and scripts read the bound address from it).
fn announce(line: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}

pub struct WitnessArgs<'a> {
    pub log: &'a str,
    pub log_key: &'a str,
    pub state: &'a Path,
    pub name: &'a str,
    pub once: bool,
    pub interval_ms: u64,
    pub listen: Option<SocketAddr>,
}

/// Follows the log; exit status 3 on an alarm.
pub fn witness(a: WitnessArgs) -> anyhow::Result<ExitCode> {
    let log_key = keys(&[a.log_key.to_string()])?.into_iter().next().context("no log key given")?;
    let log_key = Ed25519Verifier::parse(&log_key)?;
    let state = Arc::new(WitnessState::open(a.state, a.name)?);
    eprintln!("witness key: {}", state.vkey());
    if let Some(listen) = a.listen {
        let api = Arc::new(WitnessApi { state: Arc::clone(&state), logs: vec![log_key.clone()] });
        std::thread::spawn(move || {
            let served = silkport_server::serve(listen, silkport_server::witness::router(api), |bound| {
                announce(&format!("witness answering add-checkpoint at http://{bound}"))
            });
            if let Err(e) = served {
                eprintln!("witness endpoint failed: {e}");
            }
        });
    }
    let follower = Follower::new(a.log, log_key, &state);
    loop {
        let now = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
        match follower.poll(now) {
            Ok(step) => announce(&describe(step)),
            Err(e @ WitnessError::Alarm(_)) => {
                eprintln!("{e}");
                return Ok(ExitCode::from(3));
            }
            Err(e) if a.once => return Err(e.into()),
            Err(e) => eprintln!("poll failed (retrying): {e}"),
        }
        if a.once {
            return Ok(ExitCode::SUCCESS);
        }
        std::thread::sleep(Duration::from_millis(a.interval_ms));
    }
}

fn describe(step: Step) -> String {
    let sent = |d: bool| if d { "cosignature sent to the log" } else { "the log did not take the cosignature" };
    match step {
        Step::First { size, delivered } => format!("cosigned first checkpoint, size {size}; {}", sent(delivered)),
        Step::Advanced { from, to, delivered } => {
            format!("cosigned size {to}, consistent with {from}; {}", sent(delivered))
        }
        Step::Unchanged { size } => format!("unchanged at size {size}"),
        Step::Raced => "state moved meanwhile; polling again".into(),
    }
}
