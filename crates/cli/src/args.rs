//! Every flag and subcommand, each defined once with its help text.

use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// silkport: the Silk Road International IP Port (丝绸之路国际知识产权港).
#[derive(Debug, Parser)]
#[command(name = "silkport", version, about, long_about = None)]
pub struct Args {
    /// Data directory holding the embedded SQLite registry.
    #[arg(long, global = true, env = "SILKPORT_DATA", default_value = "./silkport-data")]
    pub data: PathBuf,

    /// Use PostgreSQL instead of the embedded SQLite store (postgres://user@host:port/db).
    #[arg(long, global = true, env = "SILKPORT_DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Load office data files or directories into the registry (format detected, .gz read transparently).
    Ingest {
        /// Files or directories (searched recursively).
        #[arg(required_unless_present = "formats")]
        paths: Vec<PathBuf>,
        /// Print the summary as JSON (stable; see docs/cli-json.md).
        #[arg(long)]
        json: bool,
        /// List the formats silkport reads and exit.
        #[arg(long)]
        formats: bool,
        /// Do not update the search index (rebuild it later with `silkport reindex`).
        #[arg(long)]
        no_index: bool,
    },
    /// Show one right with every field, its texts per language and its events timeline.
    Get {
        /// Any publication-number variant (US 8,087,209 B2, US08087209B2), an application
        /// number (CN201410005532.4) or a register id (EU-GI-PDO-IT-0628).
        id: String,
        /// Print the record as JSON (the generic JSONL record format, events included).
        #[arg(long)]
        json: bool,
    },
    /// Count rights by kind, office, year and language.
    Stats {
        #[arg(long)]
        json: bool,
    },
    /// Generate the deterministic synthetic demo world, load it, and show what is there.
    Demo {
        /// Number of rights to generate.
        #[arg(long, default_value_t = 10_000)]
        size: u64,
        /// Seed; the same seed and size always give the same world.
        #[arg(long, default_value_t = 2018)]
        seed: u64,
        #[arg(long)]
        json: bool,
        /// Do not update the search index (rebuild it later with `silkport reindex`).
        #[arg(long)]
        no_index: bool,
    },
    /// Search the registry with the examiner query language (docs/query-language.md) or free text.
    Search {
        /// The query: free text, or field codes and operators (TI=, IPC=H01M*, AND, ADJ2, PD=2010..2015…).
        query: String,
        /// Only documents with text in this language (ISO 639-1: zh, en, de…).
        #[arg(long)]
        lang: Option<String>,
        /// Hits per page.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Hits to skip (the page starts after them).
        #[arg(long, default_value_t = 0)]
        offset: usize,
        /// Order: relevance, or publication date (newest or oldest first).
        #[arg(long, value_enum, default_value_t = SortArg::Relevance)]
        sort: SortArg,
        /// Read the query as plain words: no operators, field codes or truncation.
        #[arg(long)]
        plain: bool,
        /// Search only in the query's own language (no cross-lingual dictionary).
        #[arg(long)]
        no_translate: bool,
        /// Print the results as JSON (see docs/cli-json.md).
        #[arg(long)]
        json: bool,
    },
    /// Rebuild the search index from the registry.
    Reindex {
        #[arg(long)]
        json: bool,
    },
    /// Measure retrieval quality on the dev sets (Recall@10, MRR@10; system and BM25 baseline).
    Eval {
        /// The shared data directory holding eval/ and patents/.
        #[arg(long, default_value = "../shared/data")]
        shared: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

/// `--sort` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SortArg {
    Relevance,
    Newest,
    Oldest,
}
