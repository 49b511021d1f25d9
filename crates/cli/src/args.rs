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
    /// Patent navigation report (GB/T 39551-2020) as one self-contained HTML page with charts,
    /// tables, method notes and the data of every figure.
    Navigate {
        /// Report type: regional (区域), industry (产业), enterprise (企业) or rd (研发).
        #[arg(long = "type", value_parser = ["regional", "industry", "enterprise", "rd"])]
        kind: String,
        /// Province or city, in Chinese or English (甘肃, Gansu, 兰州); needed by regional reports.
        #[arg(long)]
        region: Option<String>,
        /// IPC prefix (H01M, H01M10/); repeat for several. Needed by industry and R&D reports.
        #[arg(long)]
        ipc: Vec<String>,
        /// Applicant name (any spelling; matches the normalised name). Needed by enterprise reports.
        #[arg(long)]
        applicant: Option<String>,
        /// Filing years: 2017 or 2010-2017.
        #[arg(long)]
        years: Option<String>,
        /// A query in the retrieval language (needs the search index).
        #[arg(long)]
        query: Option<String>,
        /// Where to write the HTML report.
        #[arg(long, default_value = "report.html")]
        out: std::path::PathBuf,
        /// Report language: zh (中文) or en.
        #[arg(long, default_value = "zh", value_parser = ["zh", "en"])]
        lang: String,
        /// Also print the report's data as JSON (see docs/cli-json.md).
        #[arg(long)]
        json: bool,
    },
    /// IP statistics indicators per year for China or a province, from the registry and the
    /// official statistics tables loaded by `silkport ingest` (stat-tables format).
    Indicators {
        /// China (default) or a province in Chinese or English (甘肃, Gansu).
        #[arg(long)]
        region: Option<String>,
        /// Only this year.
        #[arg(long)]
        year: Option<u16>,
        /// Print the indicators as JSON (see docs/cli-json.md).
        #[arg(long)]
        json: bool,
        /// Also write a self-contained HTML page with a chart per indicator.
        #[arg(long)]
        html: Option<std::path::PathBuf>,
        /// Language of the text and the HTML page: zh (中文) or en.
        #[arg(long, default_value = "zh", value_parser = ["zh", "en"])]
        lang: String,
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
    },
}
