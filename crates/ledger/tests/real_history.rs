//! The ledger on real USPTO assignment and PEDS data: a real chain of title logged, proven
//! with receipts, audited, and reconciled after a simulated crash.

mod common;

use silkport_ledger::receipt::{verify, Trust};
use silkport_ledger::{Ledger, DEFAULT_ORIGIN};
use silkport_model::RightId;
use silkport_tlog::{CosignatureSigner, Ed25519Verifier, Entry, Note};

fn trust(ledger: &Ledger) -> Trust {
    Trust { log_keys: ledger.log_verifiers().unwrap(), witnesses: vec![], quorum: 0 }
}

fn refs_at<'a>(history: &'a [(u64, Entry)], reel_frame: &str) -> Vec<&'a Entry> {
    let prefix = format!("uspto-assignment:{reel_frame}:");
    history.iter().map(|(_, e)| e).filter(|e| e.reference.as_deref().is_some_and(|r| r.starts_with(&prefix))).collect()
}

fn party<'a>(e: &'a Entry, role: &str) -> Vec<&'a str> {
    e.parties.iter().filter(|p| p.role == role).map(|p| p.name.as_str()).collect()
}

#[test]
fn real_chain_of_title_is_logged_proven_audited_and_reconciled() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = common::registry(dir.path());
    common::load(store.as_mut(), common::HISTORY);
    let ledger = Ledger::init(&Ledger::dir_in(dir.path()), DEFAULT_ORIGIN).unwrap();
    let report = ledger.sync(store.as_mut()).unwrap();
    assert!(report.appended > 7_000, "{report:?}");
    assert_eq!(report.refused, 0, "{:?}", report.problems);
    assert_eq!((report.tree_size, report.checkpoint_size), (report.appended, report.appended));

    // US10020711: assigned to US Well Services, then pledged and released again and again.
    let us10020711 = RightId::parse("US10020711").unwrap();
    let history = ledger.history(store.as_mut(), &us10020711).unwrap();
    let kinds: Vec<(&str, &str)> = history.iter().map(|(_, e)| (e.date.as_str(), e.event.as_str())).collect();
    assert_eq!(kinds.first(), Some(&("2017-04-19", "transfer")));
    for (reel_frame, event, role, name) in [
        ("049342/0819", "pledge", "pledgee", "U.S. BANK NATIONAL ASSOCIATION, AS ADMINSTRATIVE AGENT"),
        ("048041/0605", "pledge", "pledgee", "PIPER JAFFRAY FINANCE, LLC"),
        ("049107/0392", "pledge", "pledgee", "CLMG CORP."),
        ("049111/0583", "pledge", "pledgee", "BANK OF AMERICA, N.A., AS ADMINISTRATIVE AGENT"),
        ("049110/0319", "release", "pledgee", "PIPER JAFFRAY FINANCE, LLC"),
        ("061835/0778", "release", "pledgee", "CLMG CORP."),
        ("061875/0260", "release", "pledgee", "BANK OF AMERICA, N.A."),
    ] {
        let at = refs_at(&history, reel_frame);
        assert_eq!(at.len(), 1, "{reel_frame}");
        assert_eq!((at[0].event.as_str(), at[0].right.as_str()), (event, "US10020711"));
        assert_eq!(party(at[0], role), [name], "{reel_frame}");
        assert_eq!(party(at[0], "pledgor"), ["U.S. WELL SERVICES, LLC"], "{reel_frame}");
    }
    assert!(history.windows(2).all(|w| w[0].0 < w[1].0));
    // Nothing was re-logged, so the registry's record of the latest entries is the whole history.
    assert_eq!(ledger.current_entries(store.as_mut(), &us10020711).unwrap(), history);

    // Entegris and SAES Pure Gas pledged 817 applications to Goldman Sachs (048811/0679),
    // which assigned the security interest to Morgan Stanley (050965/0035): 817 entries each.
    let all = all_entries(&ledger);
    let pledge = refs_at(&all, "048811/0679");
    assert_eq!(pledge.len(), 817);
    for e in &pledge {
        assert_eq!((e.event.as_str(), e.date.as_str()), ("pledge", "2018-11-13"));
        assert_eq!(party(e, "pledgee"), ["GOLDMAN SACHS BANK USA"]);
        assert_eq!(party(e, "pledgor"), ["ENTEGRIS, INC.", "SAES PURE GAS, INC."]);
    }
    let moved = refs_at(&all, "050965/0035");
    assert_eq!(moved.len(), 817);
    assert!(moved.iter().all(|e| party(e, "pledgee") == ["MORGAN STANLEY SENIOR FUNDING, INC."]));

    // A receipt for one of them verifies offline with the log key alone.
    let key = "uspto-assignment:048811/0679:US-APP-12520138";
    let receipt = ledger.receipt(store.as_mut(), key).unwrap();
    let v = verify(&receipt, &trust(&ledger)).unwrap();
    assert_eq!((v.right.as_str(), v.event.as_str(), v.reference.as_deref()), ("US8778210", "pledge", Some(key)));
    assert_eq!(v.tree_size, report.tree_size);
    let mut forged = receipt.clone();
    forged.entry = forged.entry.replace("GOLDMAN SACHS BANK USA", "SOMEONE ELSE");
    assert!(verify(&forged, &trust(&ledger)).is_err());
    let mut moved_index = receipt.clone();
    moved_index.index += 1;
    assert!(verify(&moved_index, &trust(&ledger)).is_err());

    // Idempotent: syncing again or re-ingesting appends nothing.
    assert_eq!(ledger.sync(store.as_mut()).unwrap().appended, 0);
    common::load(store.as_mut(), &["rights/uspto_assignment_api_sample"]);
    assert_eq!(ledger.sync(store.as_mut()).unwrap().appended, 0);

    // The registry and the log agree; then the registry is edited behind the log's back.
    let clean = ledger.audit(store.as_mut()).unwrap();
    assert_eq!(clean.divergences, vec![], "{clean:?}");
    assert_eq!(clean.matching, report.appended);
    let released = "uspto-assignment:061875/0260:US-APP-15487656";
    let sql = rusqlite::Connection::open(dir.path().join("registry.sqlite")).unwrap();
    sql.execute("UPDATE events SET doc = replace(doc, 'GOLDMAN SACHS BANK USA', 'SOMEONE ELSE') WHERE key = ?1", [key])
        .unwrap();
    sql.execute("DELETE FROM events WHERE key = ?1", [released]).unwrap();
    let tampered = ledger.audit(store.as_mut()).unwrap();
    let found: Vec<(&str, &str)> =
        tampered.divergences.iter().map(|d| (d.reference.as_str(), d.right.as_str())).collect();
    assert_eq!(found.len(), 2, "{tampered:?}");
    assert!(found.contains(&(key, "US8778210")));
    assert!(found.contains(&(released, "US10020711")));
    let changed = tampered.divergences.iter().find(|d| d.reference == key).unwrap();
    assert!(changed.detail.contains("log: party pledgee GOLDMAN SACHS BANK USA"), "{}", changed.detail);
    assert!(changed.detail.contains("registry: party pledgee SOMEONE ELSE"), "{}", changed.detail);

    // A crash after the append and before the registry recorded it: the last 100 entries are
    // in the log, unknown to the registry, and their changes still queued. Sync finds them
    // and appends nothing twice.
    let size = ledger.log().size();
    sql.execute("DELETE FROM ledger_entries WHERE log_index >= ?1", [size as i64 - 100]).unwrap();
    for e in &all[all.len() - 100..] {
        sql.execute(
            "INSERT OR REPLACE INTO ledger_outbox VALUES ('event', ?1, 1000000)",
            [e.1.reference.as_deref().unwrap()],
        )
        .unwrap();
    }
    let after_crash = ledger.sync(store.as_mut()).unwrap();
    assert_eq!((after_crash.reconciled, after_crash.appended), (100, 0), "{after_crash:?}");
    assert_eq!(ledger.log().size(), size);
}

fn all_entries(ledger: &Ledger) -> Vec<(u64, Entry)> {
    let size = ledger.log().size();
    let entries = ledger.log().entries_range(0..size).unwrap();
    (0..size).zip(entries).map(|(i, b)| (i, Entry::decode(&b).unwrap())).collect()
}

/// A witness's cosignature kept by the ledger goes into receipts and counts for the quorum;
/// a checkpoint this log never had is refused.
#[test]
fn cosigned_receipts_meet_a_witness_quorum() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = common::registry(dir.path());
    common::load(store.as_mut(), &["rights/uspto_assignment_api_sample"]);
    let ledger = Ledger::init(&Ledger::dir_in(dir.path()), "ipport.example/ledger-test").unwrap();
    ledger.sync(store.as_mut()).unwrap();
    let witness = CosignatureSigner::from_seed("witness.example/one", &[7; 32]).unwrap();
    let served = ledger.latest_checkpoint().unwrap();
    let note = silkport_tlog::parse_note(&served.note).unwrap();
    let cosigned = silkport_tlog::sign_note(
        &Note { text: note.text.clone(), sigs: vec![], unverified: note.unverified.clone() },
        &[&witness.at(1_700_000_000)],
    )
    .unwrap();
    assert_eq!(ledger.add_cosignatures(&cosigned, &[witness.verifier()]).unwrap(), ["witness.example/one"]);
    assert_eq!(ledger.latest_checkpoint().unwrap().cosignatures, 1);
    // Unknown witness key, or a checkpoint of another tree: refused.
    assert!(ledger.add_cosignatures(&cosigned, &[]).is_err());
    let log_key = silkport_tlogstore::load_signer(&Ledger::dir_in(dir.path()).join("log/log.key")).unwrap();
    let mut other = silkport_tlog::Checkpoint::parse(&note.text).unwrap();
    other.hash = silkport_tlog::leaf_hash(b"another tree");
    let split = silkport_tlog::sign_checkpoint(&other, &log_key).unwrap();
    let split = silkport_tlog::sign_note(
        &Note {
            text: other.to_text(),
            sigs: vec![],
            unverified: silkport_tlog::parse_note(&split).unwrap().unverified,
        },
        &[&witness.at(1_700_000_001)],
    )
    .unwrap();
    let refused = ledger.add_cosignatures(&split, &[witness.verifier()]).unwrap_err();
    assert!(refused.to_string().contains("not this log's tree"), "{refused}");

    let receipt = ledger.receipt(store.as_mut(), "0").unwrap();
    let mut trust = Trust {
        log_keys: vec![Ed25519Verifier::parse(&ledger.log().verifier_key()).unwrap()],
        witnesses: vec![witness.verifier()],
        quorum: 1,
    };
    let v = verify(&receipt, &trust).unwrap();
    assert_eq!(v.witnesses.len(), 1);
    assert_eq!(v.witnesses[0].timestamp, 1_700_000_000);
    trust.quorum = 2;
    assert!(verify(&receipt, &trust).is_err());
}
