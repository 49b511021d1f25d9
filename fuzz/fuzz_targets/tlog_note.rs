#![no_main]
//! The transparency log's parsers of untrusted text: signed notes, checkpoints, witness
//! add-checkpoint requests, ledger entries, tile paths and entry bundles never panic, and
//! whatever parses formats back to the same bytes.

use silkport_tlog::witness::AddCheckpoint;
use silkport_tlog::{decode_bundle, open_note, parse_note, parse_tile_path, Checkpoint, Ed25519Verifier, Entry, TilePath};

/// The public key of Go's sumdb/note tests, so signature checking runs on fuzzed notes.
const PETER_VKEY: &str = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(note) = parse_note(data) {
        let _ = Checkpoint::parse(&note.text).map(|cp| assert_eq!(cp.to_text(), note.text));
    }
    let peter = Ed25519Verifier::parse(PETER_VKEY).expect("valid key");
    let _ = open_note(data, &[&peter]);
    if let Ok(req) = AddCheckpoint::parse(data) {
        assert_eq!(req.to_bytes(), data);
    }
    if let Ok(entry) = Entry::decode(data) {
        assert_eq!(entry.encode().expect("decoded entries encode"), data);
    }
    let _ = decode_bundle(data);
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = Checkpoint::parse(s).map(|cp| assert_eq!(cp.to_text(), s));
        let _ = Ed25519Verifier::parse(s);
        match parse_tile_path(s) {
            Ok(TilePath::Hashes(t)) => assert_eq!(t.path(), s),
            Ok(TilePath::Entries(b)) => assert_eq!(b.path(), s),
            Err(_) => {}
        }
    }
});
