//! Throughput of the USPTO XML parser on real files: the parser alone (input already
//! decompressed in memory) and end to end from the file (gunzip, split, parse, collect).
//!
//! `cargo run --release -p silkport-ingest --example uspto_xml_throughput -- FILE...`

use silkport_ingest::formats::uspto_xml::UsptoXml;
use silkport_ingest::{collect, open, Context, Format, Item};
use std::io::Read;
use std::path::Path;
use std::time::Instant;

fn main() {
    for arg in std::env::args().skip(1) {
        let path = Path::new(&arg);
        let mut bytes = Vec::new();
        open(path).and_then(|mut r| r.read_to_end(&mut bytes).map_err(|e| io_error(path, e))).expect("readable file");
        let mb = bytes.len() as f64 / 1e6;

        let start = Instant::now();
        let mut rights = 0;
        let mut input = &bytes[..];
        UsptoXml
            .parse(&mut input, &Context::default(), &mut |item| {
                rights += usize::from(matches!(item, Ok(Item::Right(_))));
                Ok(())
            })
            .expect("parse");
        let parse = start.elapsed().as_secs_f64();

        let start = Instant::now();
        collect(path).expect("collect");
        let total = start.elapsed().as_secs_f64();
        println!(
            "{arg}: {rights} rights, {mb:.1} MB; parser {:.0} MB/s; end to end {:.0} MB/s",
            mb / parse,
            mb / total
        );
    }
}

fn io_error(path: &Path, source: std::io::Error) -> silkport_ingest::IngestError {
    silkport_ingest::IngestError::Io { path: path.display().to_string(), source }
}
