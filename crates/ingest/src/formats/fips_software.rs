//! TODO: fips_software format (placeholder until its parser lands; claims no file).

use crate::{Context, Format, IngestError, Sink};
use std::io::BufRead;

pub struct FipsSoftware;

impl Format for FipsSoftware {
    fn name(&self) -> &'static str {
        "fips-software"
    }
    fn describe(&self) -> &'static str {
        "not implemented yet"
    }
    fn sniff(&self, _name: &str, _head: &[u8]) -> bool {
        false
    }
    fn parse(&self, _input: &mut dyn BufRead, _ctx: &Context, _sink: &mut Sink) -> Result<(), IngestError> {
        Ok(())
    }
}
