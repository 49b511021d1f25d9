//! Every flag and subcommand, each defined once with its help text.

use clap::{Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;

/// silkport: the Silk Road International IP Port (丝绸之路国际知识产权港).
#[derive(Debug, Parser)]
#[command(name = "silkport", version, long_about = None)]
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
        /// One hit per patent family (its best document, with the other matching members);
        /// --limit and --offset then count families.
        #[arg(long)]
        group_family: bool,
        /// Print the results as JSON (see docs/cli-json.md).
        #[arg(long)]
        json: bool,
    },
    /// Trademark search: rank the trademarks and geographical indications that may conflict
    /// with a mark (exact, prefix, fuzzy, pinyin and phonetic matching), by Nice class and
    /// similar-goods group (docs/trademark-search.md).
    TmSearch {
        /// The mark's words as filed: 丝路驼铃, Silu, Champagne.
        mark: String,
        /// Nice class (1 to 45); repeat for several. Without --class or --group: every class.
        #[arg(long = "class")]
        classes: Vec<String>,
        /// Similar-goods group (类似群, four digits, e.g. 3001); repeat for several.
        #[arg(long = "group")]
        groups: Vec<String>,
        /// Candidates shown.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Print the candidates with their reasons as JSON (see docs/cli-json.md).
        #[arg(long)]
        json: bool,
    },
    /// More like this: documents similar to a right or to a pasted paragraph in any supported
    /// language (prior-art candidates).
    Similar {
        /// The right to start from (any number variant); or give --text.
        #[arg(required_unless_present = "text", conflicts_with = "text")]
        id: Option<String>,
        /// A paragraph to start from instead of a right.
        #[arg(long)]
        text: Option<String>,
        /// The paragraph's language (ISO 639-1); guessed from the text when not given.
        #[arg(long)]
        lang: Option<String>,
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Only the source's own language (no cross-lingual dictionary).
        #[arg(long)]
        no_translate: bool,
        /// Print the results with the terms they rest on as JSON (see docs/cli-json.md).
        #[arg(long)]
        json: bool,
    },
    /// Export every result of a query (no cap) as JSON Lines or CSV, streamed.
    Export {
        /// The query, as for `silkport search`.
        query: String,
        #[arg(long, value_enum, default_value_t = ExportFormat::Jsonl)]
        format: ExportFormat,
        /// Write to this file instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Row order: as indexed (streamed in constant memory), relevance, newest or oldest.
        #[arg(long, value_enum, default_value_t = ExportSort::Index)]
        sort: ExportSort,
        /// Only documents with text in this language (ISO 639-1).
        #[arg(long)]
        lang: Option<String>,
        /// Read the query as plain words.
        #[arg(long)]
        plain: bool,
        /// Search only in the query's own language.
        #[arg(long)]
        no_translate: bool,
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
    /// The verifiable rights ledger: log the registry's changes, keys, a right's history.
    Ledger {
        #[command(subcommand)]
        command: LedgerCommand,
    },
    /// Re-derive every right's history from the log and report where the registry diverges.
    Audit {
        #[arg(long)]
        json: bool,
    },
    /// Export one log entry, with its inclusion proof and the best-witnessed checkpoint, as a
    /// self-contained evidence receipt (docs/ledger.md).
    Receipt {
        /// A log index, an event key or an entry reference (grant:US8087209B2).
        id: String,
        /// Where to write the receipt (JSON).
        #[arg(long)]
        out: PathBuf,
    },
    /// Verify an evidence receipt offline against trusted keys, and say what was verified.
    Verify {
        /// The receipt file.
        receipt: PathBuf,
        /// The log's public key: a key string, or a file of them one per line (current and
        /// retired keys). Repeatable.
        #[arg(long = "log-key", required = true)]
        log_keys: Vec<String>,
        /// A trusted witness's public key (key string or file). Repeatable.
        #[arg(long = "witness-key")]
        witness_keys: Vec<String>,
        /// How many distinct trusted witnesses must have cosigned (default: all given).
        #[arg(long)]
        quorum: Option<usize>,
        #[arg(long)]
        json: bool,
    },
    /// Portal accounts: create one (the password is generated and shown once).
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Serve the portal: the web UI, the JSON API (/api/v1) and the ledger's tiles (/log/).
    Serve {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8000")]
        addr: SocketAddr,
        /// Ingest jobs may read files under this directory only (default: none, uploads only).
        #[arg(long)]
        import_root: Option<PathBuf>,
        /// Send the session cookie without `Secure` (plain-HTTP development off localhost only).
        #[arg(long)]
        insecure_cookies: bool,
        /// Store connections to keep open (default 4 with SQLite, 8 with PostgreSQL, whose
        /// round trips leave a connection idle part of the time).
        #[arg(long)]
        pool: Option<usize>,
        /// On an empty registry, load the demo world (and index it); on a registry without
        /// accounts, create one demo account per role (passwords in DATA/demo-accounts.txt, 0600).
        #[arg(long)]
        demo: bool,
        /// Demo world size (with --demo).
        #[arg(long, default_value_t = 10_000)]
        demo_size: u64,
        /// A reverse proxy in front of the portal (IP address): its X-Forwarded-For header
        /// then names the client for rate limits. Repeatable.
        #[arg(long = "trusted-proxy")]
        trusted_proxies: Vec<std::net::IpAddr>,
        /// The origin users reach the portal at (https://ipport.example), allowed to post forms;
        /// default: the request's own Host. Repeatable.
        #[arg(long = "origin")]
        origins: Vec<String>,
    },
    /// Serve the transparency log over HTTP (C2SP tlog-tiles) and keep logging the registry's
    /// changes into it.
    ServeLog {
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
        /// Witnesses whose cosignatures the log keeps (key string or file). Repeatable.
        #[arg(long = "witness-key")]
        witness_keys: Vec<String>,
        /// How often to log the registry's queued changes, in milliseconds (0: only at start).
        #[arg(long, default_value_t = 1000)]
        sync_interval_ms: u64,
        /// Push each new checkpoint to this witness's C2SP tlog-witness endpoint and keep its
        /// cosignature (its key must be among --witness-key). Repeatable.
        #[arg(long = "push-witness")]
        push_witnesses: Vec<String>,
    },
    /// Follow a log as a witness: check each new checkpoint against the last one cosigned,
    /// cosign, and raise an alarm (exit status 3) on a rollback or split view.
    Witness {
        /// The log's URL prefix (where /checkpoint and /tile/ are).
        #[arg(long)]
        log: String,
        /// The log's public key (key string or file; its name is the log's origin).
        #[arg(long = "log-key")]
        log_key: String,
        /// The witness's directory: its key (0600) and state, kept across restarts.
        #[arg(long)]
        state: PathBuf,
        /// The witness key's name, used when the key is first generated.
        #[arg(long, default_value = "witness.silkroad-ipport.example")]
        name: String,
        /// Poll once and exit.
        #[arg(long)]
        once: bool,
        #[arg(long, default_value_t = 5000)]
        interval_ms: u64,
        /// Also answer C2SP tlog-witness add-checkpoint requests on this address.
        #[arg(long)]
        listen: Option<SocketAddr>,
    },
}

#[derive(Debug, Subcommand)]
pub enum LedgerCommand {
    /// Create the ledger: a transparency log with a new Ed25519 key (0600) under the data directory.
    Init {
        /// The log's origin, also its key name: a schema-less URL such as ipport.example/ledger.
        #[arg(long, default_value = silkport_ledger::DEFAULT_ORIGIN)]
        origin: String,
        #[arg(long)]
        json: bool,
    },
    /// Log every registry change not yet in the log, after reconciling with the log.
    Sync {
        /// Queued changes per batch (one append and one registry transaction each).
        #[arg(long, default_value_t = silkport_ledger::sync::BATCH)]
        batch: usize,
        #[arg(long)]
        json: bool,
    },
    /// The log's size, checkpoint, keys and the registry's queued changes.
    Status {
        #[arg(long)]
        json: bool,
    },
    /// A right's history as the log tells it.
    History {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Replace the log's signing key (the old public key stays trusted for old receipts).
    RotateKey,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account with a generated password, printed once on standard output.
    Add {
        /// User name: 3-64 letters, digits, '.', '-', '_'.
        name: String,
        /// holder, bank, examiner or admin.
        #[arg(long, value_parser = ["holder", "bank", "examiner", "admin"])]
        role: String,
        /// Name shown in the portal (default: the user name).
        #[arg(long)]
        display_name: Option<String>,
    },
}

/// `--sort` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SortArg {
    Relevance,
    Newest,
    Oldest,
}

/// `export --format` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Jsonl,
    Csv,
}

/// `export --sort` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportSort {
    Index,
    Relevance,
    Newest,
    Oldest,
}
