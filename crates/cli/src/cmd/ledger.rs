//! `silkport ledger …`, `audit`, `receipt` and `verify`: the verifiable rights ledger. The
//! work is `silkport_ledger`'s; this module opens things, prints and sets exit statuses.

use crate::args::LedgerCommand;
use crate::render;
use anyhow::{bail, Context};
use silkport_ledger::receipt::{verify, Receipt, Trust};
use silkport_ledger::{Ledger, DEFAULT_ORIGIN};
use silkport_store::Store;
use silkport_tlog::{CosignatureVerifier, Ed25519Verifier};
use std::path::Path;
use std::process::ExitCode;

pub fn run(
    data: &Path,
    store: impl FnOnce() -> anyhow::Result<Box<dyn Store>>,
    cmd: LedgerCommand,
) -> anyhow::Result<ExitCode> {
    let dir = Ledger::dir_in(data);
    match cmd {
        LedgerCommand::Init { origin, json } => {
            let ledger = Ledger::init(&dir, &origin)?;
            let out = serde_json::json!({ "origin": ledger.log().origin(), "log_key": ledger.log().verifier_key(),
                                          "dir": dir.display().to_string() });
            print(json, &out, || render::ledger_init(&out))
        }
        LedgerCommand::Sync { batch, json } => {
            let mut store = store()?;
            let ledger = Ledger::open_or_init(&dir, DEFAULT_ORIGIN)?;
            let report = ledger.sync_with(store.as_mut(), batch, &mut |_| {})?;
            print(json, &serde_json::to_value(&report)?, || render::sync_report(&report))
        }
        LedgerCommand::Status { json } => {
            let mut store = store()?;
            let ledger = Ledger::open_read_only(&dir)?;
            let cp = ledger.log().checkpoint();
            let out = serde_json::json!({
                "origin": ledger.log().origin(), "tree_size": cp.checkpoint.size,
                "root_hash": cp.checkpoint.hash.to_base64(), "checkpoint": String::from_utf8_lossy(&cp.note),
                "log_keys": ledger.public_keys()?, "pending": store.ledger_pending_count()?,
            });
            print(json, &out, || render::ledger_status(&out))
        }
        LedgerCommand::History { id, json } => {
            let mut store = store()?;
            let right = super::get::resolve_one(store.as_mut(), &id)?;
            let ledger = Ledger::open_read_only(&dir)?;
            let history = ledger.history(store.as_mut(), &right)?;
            let items: Vec<_> = history
                .iter()
                .map(|(i, e)| serde_json::json!({ "index": i, "entry": String::from_utf8_lossy(&e.encode().unwrap_or_default()) }))
                .collect();
            let out = serde_json::json!({ "right": right.as_str(), "entries": items });
            print(json, &out, || render::ledger_history(right.as_str(), &history))
        }
        LedgerCommand::RotateKey => {
            let rotation = Ledger::rotate_key(&dir)?;
            println!("retired log key: {}\nnew log key:     {}", rotation.old, rotation.new);
            println!("give verifiers and witnesses the new key; keep the retired one for older receipts");
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn print(json: bool, value: &serde_json::Value, human: impl FnOnce()) -> anyhow::Result<ExitCode> {
    if json {
        println!("{}", serde_json::to_string_pretty(value)?);
    } else {
        human();
    }
    Ok(ExitCode::SUCCESS)
}

/// `silkport audit`: exit status 1 when the registry and the log diverge.
pub fn audit(data: &Path, mut store: Box<dyn Store>, json: bool) -> anyhow::Result<ExitCode> {
    let ledger = Ledger::open_read_only(&Ledger::dir_in(data))?;
    let report = ledger.audit(store.as_mut())?;
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        render::audit(&report);
    }
    Ok(if report.divergences.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

pub fn receipt(data: &Path, mut store: Box<dyn Store>, id: &str, out: &Path) -> anyhow::Result<ExitCode> {
    let ledger = Ledger::open_read_only(&Ledger::dir_in(data))?;
    let receipt = ledger.receipt(store.as_mut(), id)?;
    let text = serde_json::to_string_pretty(&receipt)? + "\n";
    std::fs::write(out, text).with_context(|| format!("cannot write {}", out.display()))?;
    println!("receipt for log entry {} (tree size {}) written to {}", receipt.index, receipt.tree_size, out.display());
    println!("verify it with: silkport verify {} --log-key <log key or file>", out.display());
    Ok(ExitCode::SUCCESS)
}

/// `silkport verify`: exit status 0 when everything verified, 1 when anything did not.
pub fn verify_receipt(
    path: &Path,
    log_keys: &[String],
    witness_keys: &[String],
    quorum: Option<usize>,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let receipt: Receipt =
        serde_json::from_str(&text).with_context(|| format!("{} is not a silkport receipt", path.display()))?;
    let log_keys = keys(log_keys)?.iter().map(|k| Ed25519Verifier::parse(k)).collect::<Result<Vec<_>, _>>()?;
    let witnesses = keys(witness_keys)?.iter().map(|k| CosignatureVerifier::parse(k)).collect::<Result<Vec<_>, _>>()?;
    let quorum = quorum.unwrap_or(witnesses.len());
    match verify(&receipt, &Trust { log_keys, witnesses, quorum }) {
        Ok(v) => {
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&serde_json::json!({ "verified": true, "verification": v }))?
                );
            } else {
                render::verification(&v);
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            if json {
                println!("{}", serde_json::json!({ "verified": false, "error": e.to_string() }));
            } else {
                println!("NOT VERIFIED: {e}");
            }
            Ok(ExitCode::from(1))
        }
    }
}

/// Key strings given on the command line: each argument is a key, or a file of keys one per
/// line (as `log.pub` and `log.pub.retired` are).
pub fn keys(args: &[String]) -> anyhow::Result<Vec<String>> {
    let mut out = Vec::new();
    for arg in args {
        let path = Path::new(arg);
        if path.is_file() {
            let text = std::fs::read_to_string(path).with_context(|| format!("cannot read key file {arg}"))?;
            out.extend(text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string));
        } else if arg.contains('+') {
            out.push(arg.clone());
        } else {
            bail!("{arg:?} is neither a key file nor a key string (name+keyid+base64)");
        }
    }
    Ok(out)
}
