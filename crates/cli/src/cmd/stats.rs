//! `silkport stats`: what the registry holds.

use crate::render;
use silkport_store::Store;
use std::process::ExitCode;

pub fn run(mut store: Box<dyn Store>, json: bool) -> anyhow::Result<ExitCode> {
    let stats = store.stats()?;
    if json {
        println!("{}", serde_json::to_string_pretty(&stats)?);
    } else {
        render::stats(&stats, store.backend());
    }
    Ok(ExitCode::SUCCESS)
}
