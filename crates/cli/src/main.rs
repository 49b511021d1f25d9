//! `silkport`: the command-line entry point. Parses arguments and dispatches; the work
//! happens in the library crates.

mod args;
mod cmd;
mod help_zh;
mod render;

use clap::{CommandFactory, FromArgMatches};

/// Parsing and loading run on two threads that hand allocations to each other; glibc's
/// allocator serialises that on an arena lock, mimalloc does not.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = parse_args();
    match cmd::run(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// The arguments, with help and errors in Chinese when the locale (or `SILKPORT_LANG`) asks.
fn parse_args() -> args::Args {
    let mut cmd = args::Args::command();
    if help_zh::wanted() {
        cmd = help_zh::localize(cmd);
    }
    let matches = cmd.get_matches();
    args::Args::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
}
