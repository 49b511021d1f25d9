//! The store's JSON writer (`silkport_store::json`) against serde_json on every record of the
//! real data and on the demo world: the documents must be the same bytes, or a re-ingest of
//! a store written before the writer existed would see every right as changed.

use serde::Serialize;
use silkport_ingest::{detect_path, open, run::expand, shared_data, Context, Item};

fn assert_same<T: Serialize>(what: &str, value: &T) {
    let ours = silkport_store::json::to_string(value, 0).unwrap();
    let theirs = serde_json::to_string(value).unwrap();
    assert_eq!(ours, theirs, "{what}");
}

#[test]
fn every_real_record_encodes_as_serde_json_does() {
    let (mut rights, mut events, mut references, mut files) = (0u64, 0u64, 0u64, 0u64);
    for (path, _) in expand(&[shared_data()]).unwrap() {
        let Ok(format) = detect_path(&path) else { continue };
        let Ok(mut input) = open(&path) else { continue };
        let ctx = Context { file: path.display().to_string() };
        files += 1;
        // Corrupt fixtures stop part-way; what they yielded before still counts.
        let _ = format.parse(&mut input, &ctx, &mut |item| {
            match item {
                Ok(Item::Right(r)) => {
                    assert_same(r.id.as_str(), &r);
                    rights += 1;
                }
                Ok(Item::Event(e)) => {
                    assert_same("event", &e);
                    events += 1;
                }
                Ok(Item::Reference(r)) => {
                    assert_same("reference", &r);
                    references += 1;
                }
                _ => {}
            }
            Ok(())
        });
    }
    // The CNIPA 2017 file alone holds 239,857 records (its manifest), each a right.
    assert!(files >= 100, "{files} files read");
    assert!(rights >= 239_857, "{rights} rights");
    assert!(events > 1_000 && references > 1_000, "{events} events, {references} references");
}

#[test]
fn the_demo_world_encodes_as_serde_json_does() {
    for right in silkport_demo::World::new(7).rights(3_000) {
        assert_same(right.id.as_str(), &right);
    }
}
