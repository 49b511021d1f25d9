//! Shared body of the fuzz targets: feed arbitrary bytes to one format's parser and
//! require that it returns (records or record errors) without panicking.

use silkport_ingest::{formats::ALL, Context};

/// Parses `data` as the named format, discarding the output.
pub fn parse(format: &str, data: &[u8]) {
    let f = ALL.iter().find(|f| f.name() == format).expect("fuzz target names a known format");
    let mut input = data;
    let ctx = Context { file: "fuzz".into() };
    let _ = f.parse(&mut input, &ctx, &mut |_| Ok(()));
}
