//! TODO: nice format (placeholder until its parser lands; claims no file).

use crate::{Context, Format, IngestError, Sink};
use std::io::BufRead;

pub struct Nice;

impl Format for Nice {
    fn name(&self) -> &'static str {
        "nice"
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
