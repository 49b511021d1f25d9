//! Measures the Rust side of CNIPA ingest without a store, on one thread: parsing, then
//! parsing plus what the parsing thread does to each right (`Incoming::prepare`: its JSON
//! document and fingerprint), then parsing plus what the writer builds before SQLite sees
//! it (`RightRow` with packed classifications and parties). Run it pinned to one core:
//! `cargo build --release -p silkport-portal --example cnipa_prepare &&
//!  taskset -c 0 target/release/examples/cnipa_prepare [path]`

use silkport_ingest::formats::cnipa_tsv::CnipaTsv;
use silkport_ingest::{open, shared_data, Context, Format, Item};
use silkport_store::{Incoming, RightRow};
use std::io::Read;
use std::time::Instant;

/// A stage's name, and what it does to each parsed item (returns 1 when it made a right).
type Stage = (&'static str, fn(Item) -> usize);

fn main() {
    let path = std::env::args()
        .nth(1)
        .map(Into::into)
        .unwrap_or_else(|| shared_data().join("patents/cn_cnipa_bibliographic_2017/cn_bibliographic_2017.tsv.gz"));
    let ctx = Context { file: path.display().to_string() };
    let mut plain = Vec::new();
    open(&path).expect("open").read_to_end(&mut plain).expect("read");

    let stages: [Stage; 3] = [
        ("parse", |_| 1),
        ("parse + prepare", |item| match item {
            Item::Right(r) => usize::from(matches!(Incoming::Right(r).prepare(), Incoming::Prepared(_))),
            _ => 0,
        }),
        ("parse + writer's row", |item| match item {
            Item::Right(r) => {
                let row = RightRow::new(&r, String::new()).expect("row");
                let packed = (row.packed_classes().expect("classes"), row.packed_parties().expect("parties"));
                usize::from(packed.0.is_some() || packed.1.is_some())
            }
            _ => 0,
        }),
    ];
    for (label, stage) in stages {
        let mut done = 0usize;
        let t = Instant::now();
        let mut sink = |item: Result<Item, _>| {
            done += item.map(stage).unwrap_or(0);
            Ok(())
        };
        CnipaTsv.parse(&mut plain.as_slice(), &ctx, &mut sink).expect("parse");
        let secs = t.elapsed().as_secs_f64();
        println!("{label:22} {done} rights, {secs:.3} s, {:.0} records/s", done as f64 / secs);
    }
}
