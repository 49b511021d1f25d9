//! Checkpoints, cosignatures and witness decisions.
//!
//! Spec examples are copied from C2SP: the checkpoint of `tlog-checkpoint.md`, the
//! cosigned checkpoint and signed message of `tlog-cosignature.md`, and the add-checkpoint
//! request body of `tlog-witness.md` (c2sp.org). Their keys are not published, so they
//! check formats and parsing; signatures are checked with keys made here.

use silkport_tlog::witness::{
    check_add_checkpoint, observe, AddCheckpoint, Alarm, Observation, Refusal, TreeHead, Witness, WitnessedLog,
};
use silkport_tlog::{
    cosignature_timestamp, cosigned_message, key_id, leaf_hash, open_checkpoint, parse_note, prove_consistency,
    sign_checkpoint, sign_note, stored_hashes, tree_hash, Checkpoint, CosignatureSigner, CosignatureVerifier,
    Ed25519Signer, Hash, TlogError, Verifier, ALG_COSIGNATURE_V1, ALG_ED25519,
};

const SPEC_CHECKPOINT: &str = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
const SPEC_LOG_SIG: &str = "— example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n";
const SPEC_COSIG: &str = "— witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==\n";
const SPEC_COSIGNED_MESSAGE: &str = "cosignature/v1\ntime 1679315147\nexample.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
const SPEC_ADD_CHECKPOINT_HEAD: &str = "old 20852014\nPlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=\njrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk=\n5+pKlUdi2LeF/BcMHBn+Ku6yhPGNCswZZD1X/6QgPd8=\n/6WVhPs2CwSsb5rYBH5cjHV/wSmA79abXAwhXw3Kj/0=\n\n";

#[test]
fn spec_checkpoint_parses_and_formats_back() {
    let cp = Checkpoint::parse(SPEC_CHECKPOINT).unwrap();
    assert_eq!((cp.origin.as_str(), cp.size), ("example.com/behind-the-sofa", 20852163));
    assert_eq!(cp.to_text(), SPEC_CHECKPOINT);
    let note = parse_note(format!("{SPEC_CHECKPOINT}\n{SPEC_LOG_SIG}").as_bytes()).unwrap();
    assert_eq!(note.text, SPEC_CHECKPOINT);
    assert_eq!((note.unverified[0].name.as_str(), note.unverified[0].sig.len()), ("example.com/behind-the-sofa", 64));
    assert_eq!(note.unverified[0].line(), SPEC_LOG_SIG);
}

#[test]
fn malformed_checkpoints_are_refused() {
    let h = "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=";
    for bad in [
        format!("\n1\n{h}\n"),
        format!("o\n01\n{h}\n"),
        format!("o\n-1\n{h}\n"),
        format!("o\n+1\n{h}\n"),
        format!("o\n1\n{h}"),
        format!("o\n1\n{h}\n\next\n"),
        format!("o\n18446744073709551616\n{h}\n"),
        "o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I\n".to_string(),
        "o\n1\n".to_string(),
    ] {
        assert!(Checkpoint::parse(&bad).is_err(), "accepted {bad:?}");
    }
    assert_eq!(Checkpoint::parse(&format!("o\n0\n{h}\n")).unwrap().size, 0);
}

/// tlog-cosignature: the cosignature line carries key ID, the timestamp 1679315147 of the
/// spec's signed-message example, and 64 signature bytes.
#[test]
fn spec_cosignature_shape() {
    let note = parse_note(format!("{SPEC_CHECKPOINT}\n{SPEC_LOG_SIG}{SPEC_COSIG}").as_bytes()).unwrap();
    let cosig = &note.unverified[1];
    assert_eq!(cosig.name, "witness.example.com/w1");
    assert_eq!(cosignature_timestamp(&cosig.sig), Some(1679315147));
    assert_eq!(cosigned_message(SPEC_CHECKPOINT, 1679315147), SPEC_COSIGNED_MESSAGE.as_bytes());
}

fn keys() -> (Ed25519Signer, CosignatureSigner) {
    (
        Ed25519Signer::from_seed("ipport.example/ledger", &[7; 32]).unwrap(),
        CosignatureSigner::from_seed("witness.example/w1", &[9; 32]).unwrap(),
    )
}

#[test]
fn cosignatures_verify_and_bind_time_and_key_type() {
    let (log, w) = keys();
    let cp = Checkpoint::new("ipport.example/ledger", 5, leaf_hash(b"root"));
    let signed = sign_checkpoint(&cp, &log).unwrap();
    let note = parse_note(&signed).unwrap();
    let cosigned = sign_note(&note, &[&w.at(1_700_000_000)]).unwrap();
    let (lv, wv) = (log.verifier(), w.verifier());
    let opened = open_checkpoint(&cosigned, "ipport.example/ledger", &lv, &[&wv]).unwrap();
    assert_eq!(opened.checkpoint, cp);
    assert_eq!(opened.cosigned_by, vec![("witness.example/w1".to_string(), 1_700_000_000)]);
    // The cosigner's key ID uses type 0x04, so the same key as a plain note key differs.
    let public = wv.vkey();
    assert!(public.starts_with("witness.example/w1+"));
    assert_eq!(CosignatureVerifier::parse(&public).unwrap().key_id(), wv.key_id());
    let raw = silkport_tlog::parse_vkey(&public).unwrap().3;
    assert_ne!(key_id("witness.example/w1", ALG_COSIGNATURE_V1, &raw), key_id("witness.example/w1", ALG_ED25519, &raw));
    // A changed timestamp breaks the cosignature.
    let mut tampered = parse_note(&cosigned).unwrap();
    tampered.unverified[1].sig[7] ^= 1;
    let text = format!("{}\n{}{}", tampered.text, tampered.unverified[0].line(), tampered.unverified[1].line());
    assert!(matches!(
        open_checkpoint(text.as_bytes(), "ipport.example/ledger", &lv, &[&wv]),
        Err(TlogError::InvalidSignature { .. })
    ));
    // The log's own signature is required; cosignatures alone do not do.
    let only_cosig = format!("{}\n{}", tampered.text, parse_note(&cosigned).unwrap().unverified[1].line());
    assert!(matches!(
        open_checkpoint(only_cosig.as_bytes(), "ipport.example/ledger", &lv, &[&wv]),
        Err(TlogError::UnverifiedNote)
    ));
    assert!(matches!(open_checkpoint(&signed, "other.example/log", &lv, &[]), Err(TlogError::WrongOrigin { .. })));
}

#[test]
fn spec_add_checkpoint_body_parses() {
    let body = format!("{SPEC_ADD_CHECKPOINT_HEAD}{SPEC_CHECKPOINT}\n{SPEC_LOG_SIG}");
    let req = AddCheckpoint::parse(body.as_bytes()).unwrap();
    assert_eq!((req.old_size, req.proof.len()), (20852014, 4));
    assert_eq!(req.checkpoint, format!("{SPEC_CHECKPOINT}\n{SPEC_LOG_SIG}").into_bytes());
    assert_eq!(req.to_bytes(), body.into_bytes());
    assert!(AddCheckpoint::parse(b"old 01\n\nx").is_err());
    assert!(AddCheckpoint::parse(b"new 1\n\nx").is_err());
    let too_many = format!("old 1\n{}\nx", "PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=\n".repeat(64));
    assert!(AddCheckpoint::parse(too_many.as_bytes()).is_err());
}

/// Stored hashes of a log whose records are `"{prefix} {i}"`.
fn history(prefix: &str, n: u64) -> Vec<Hash> {
    let mut stored = Vec::new();
    for i in 0..n {
        let new = stored_hashes(i, leaf_hash(format!("{prefix} {i}").as_bytes()), &stored).unwrap();
        stored.extend(new);
    }
    stored
}

fn head(stored: &[Hash], size: u64) -> TreeHead {
    TreeHead { size, hash: tree_hash(size, stored).unwrap() }
}

#[test]
fn follower_observations() {
    let (a, b) = (history("a", 40), history("b", 40));
    let seen = head(&a, 20);
    assert_eq!(observe(None, &seen, &[]), Ok(Observation::First));
    assert_eq!(observe(Some(&seen), &seen, &[]), Ok(Observation::Unchanged));
    let grown = head(&a, 30);
    assert_eq!(observe(Some(&seen), &grown, &prove_consistency(30, 20, &a).unwrap()), Ok(Observation::Advanced));
    let back = head(&a, 10);
    assert_eq!(observe(Some(&seen), &back, &[]), Err(Alarm::Rollback { seen, offered: back }));
    let other = head(&b, 20);
    assert_eq!(observe(Some(&seen), &other, &[]), Err(Alarm::SplitView { seen, offered: other }));
    let other_grown = head(&b, 30);
    let proof_b = prove_consistency(30, 20, &b).unwrap();
    assert_eq!(observe(Some(&seen), &other_grown, &proof_b), Err(Alarm::Inconsistent { seen, offered: other_grown }));
}

#[test]
fn add_checkpoint_rules() {
    let a = history("a", 40);
    let (h10, h20) = (head(&a, 10), head(&a, 20));
    assert_eq!(check_add_checkpoint(None, 0, &[], &h10), Ok(()));
    assert_eq!(check_add_checkpoint(None, 5, &[], &h10), Err(Refusal::StaleOldSize { latest: 0 }));
    assert_eq!(check_add_checkpoint(Some(&h10), 0, &[], &h20), Err(Refusal::StaleOldSize { latest: 10 }));
    assert_eq!(check_add_checkpoint(Some(&h20), 20, &[], &h10), Err(Refusal::OldSizeTooLarge));
    assert_eq!(check_add_checkpoint(None, 0, &[h10.hash], &h10), Err(Refusal::BadProof));
    let proof = prove_consistency(20, 10, &a).unwrap();
    assert_eq!(check_add_checkpoint(Some(&h10), 10, &proof, &h20), Ok(()));
    assert_eq!(check_add_checkpoint(Some(&h10), 10, &proof[1..], &h20), Err(Refusal::BadProof));
    assert_eq!(check_add_checkpoint(Some(&h20), 20, &[], &h20), Ok(()));
}

/// The split-view test: one witness is shown two different checkpoints, signed by the same
/// log key, for the same tree size and then for a larger tree of the other history.
#[test]
fn witness_detects_a_split_view() {
    let (log, w) = keys();
    let (a, b) = (history("a", 40), history("b", 40));
    let origin = "ipport.example/ledger";
    let mut witness = Witness { signer: w, logs: Default::default() };
    witness.logs.insert(origin.into(), WitnessedLog { verifier: Box::new(log.verifier()), latest: None });
    let submit = |witness: &mut Witness, stored: &[Hash], old: u64, size: u64, proof: Vec<Hash>| {
        let cp = Checkpoint::new(origin, size, tree_hash(size, stored).unwrap());
        let req = AddCheckpoint { old_size: old, proof, checkpoint: sign_checkpoint(&cp, &log).unwrap() };
        witness.add_checkpoint(&req, 1_700_000_000 + size)
    };

    let cosig = submit(&mut witness, &a, 0, 20, vec![]).unwrap();
    assert_eq!(cosig.len(), 1);
    assert_eq!(cosignature_timestamp(&cosig[0].sig), Some(1_700_000_020));
    submit(&mut witness, &a, 20, 30, prove_consistency(30, 20, &a).unwrap()).unwrap();
    assert_eq!(witness.logs[origin].latest, Some(head(&a, 30)));

    // History b, same size: the same key signed two different trees of 30 records.
    let refused = submit(&mut witness, &b, 30, 30, vec![]).unwrap_err();
    assert_eq!(refused, Refusal::SplitView(Alarm::SplitView { seen: head(&a, 30), offered: head(&b, 30) }));
    // History b, larger: b's own consistency proof cannot connect it to a's tree.
    let refused = submit(&mut witness, &b, 30, 40, prove_consistency(40, 30, &b).unwrap()).unwrap_err();
    assert_eq!(refused, Refusal::BadProof);
    // Nothing of b was recorded; a goes on.
    assert_eq!(witness.logs[origin].latest, Some(head(&a, 30)));
    submit(&mut witness, &a, 30, 40, prove_consistency(40, 30, &a).unwrap()).unwrap();

    // A checkpoint of an unknown log, or signed by another key.
    let stranger = Ed25519Signer::from_seed(origin, &[1; 32]).unwrap();
    let cp = Checkpoint::new(origin, 41, leaf_hash(b"x"));
    let req = AddCheckpoint { old_size: 40, proof: vec![], checkpoint: sign_checkpoint(&cp, &stranger).unwrap() };
    assert_eq!(witness.add_checkpoint(&req, 0), Err(Refusal::NotSignedByLog));
    let cp = Checkpoint::new("other.example/log", 1, leaf_hash(b"x"));
    let req = AddCheckpoint { old_size: 0, proof: vec![], checkpoint: sign_checkpoint(&cp, &log).unwrap() };
    assert_eq!(witness.add_checkpoint(&req, 0), Err(Refusal::UnknownLog));
}
