//! Measures the CNIPA TSV parser: records per second from the decompressed file in memory
//! (parser alone) and from the gzip file (parser plus decompression).
//! `cargo run --release -p silkport-ingest --example cnipa_throughput [path]`

use silkport_ingest::formats::cnipa_tsv::CnipaTsv;
use silkport_ingest::{open, shared_data, Context, Format, Item};
use std::io::Read;
use std::time::Instant;

fn main() {
    let path = std::env::args()
        .nth(1)
        .map(Into::into)
        .unwrap_or_else(|| shared_data().join("patents/cn_cnipa_bibliographic_2017/cn_bibliographic_2017.tsv.gz"));
    let ctx = Context { file: path.display().to_string() };

    let t = Instant::now();
    let mut plain = Vec::new();
    open(&path).expect("open").read_to_end(&mut plain).expect("read");
    let gunzip = t.elapsed().as_secs_f64();
    println!("gunzip only: {:.3} s, {:.1} MB", gunzip, plain.len() as f64 / 1e6);

    for (label, from_gzip) in [("parser, in memory", false), ("parser + gunzip", true)] {
        let (mut rights, mut errors) = (0u64, 0u64);
        let t = Instant::now();
        let mut sink = |item: Result<Item, _>| {
            match item {
                Ok(Item::Right(_)) => rights += 1,
                _ => errors += 1,
            }
            Ok(())
        };
        if from_gzip {
            CnipaTsv.parse(&mut open(&path).expect("open"), &ctx, &mut sink).expect("parse");
        } else {
            CnipaTsv.parse(&mut plain.as_slice(), &ctx, &mut sink).expect("parse");
        }
        let secs = t.elapsed().as_secs_f64();
        println!("{label}: {rights} rights, {errors} errors/skips, {secs:.3} s, {:.0} records/s", rights as f64 / secs);
    }
}
