//! `silkport`: the command-line entry point. Parses arguments and dispatches; the work
//! happens in the library crates.

mod args;
mod cmd;
mod render;

use clap::Parser;

/// Parsing and loading run on two threads that hand allocations to each other; glibc's
/// allocator serialises that on an arena lock, mimalloc does not.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = args::Args::parse();
    match cmd::run(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}
