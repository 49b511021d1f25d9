//! `silkport export`: every result of a query as JSON Lines or CSV, streamed to a file or
//! standard output (a closed pipe, as with `| head`, ends the export quietly).

use crate::args::{ExportFormat, ExportSort};
use anyhow::Context;
use silkport_model::Lang;
use silkport_search::export::{write_csv, write_jsonl, ExportOrder};
use silkport_search::{Dictionary, SearchError, SearchRequest};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub struct Options {
    pub format: ExportFormat,
    pub out: Option<PathBuf>,
    pub sort: ExportSort,
    pub lang: Option<String>,
    pub plain: bool,
    pub translate: bool,
}

pub fn run(data: &Path, query: &str, o: &Options) -> anyhow::Result<ExitCode> {
    let index = super::open_index(data)?;
    let dict = if o.translate { Some(Dictionary::with_user_files(&silkport_search::terms_dir(data))?) } else { None };
    let mut req = SearchRequest::new(query);
    req.plain = o.plain;
    req.lang = o.lang.as_deref().map(Lang::parse).transpose().context("--lang takes a two-letter code such as en")?;
    let order = match o.sort {
        ExportSort::Index => ExportOrder::Index,
        ExportSort::Relevance => ExportOrder::Relevance,
        ExportSort::Newest => ExportOrder::DateDesc,
        ExportSort::Oldest => ExportOrder::DateAsc,
    };
    let rows = index.export(&req, dict.as_ref(), order)?;
    let mut sink: Box<dyn Write> =
        match &o.out {
            Some(p) => Box::new(std::fs::File::create(p).with_context(|| {
                format!("cannot write {} (check the directory exists and is writable)", p.display())
            })?),
            None => Box::new(std::io::stdout().lock()),
        };
    let mut out = BufWriter::new(&mut sink);
    let written = match o.format {
        ExportFormat::Jsonl => write_jsonl(rows, &mut out),
        ExportFormat::Csv => write_csv(rows, &mut out),
    };
    let flushed = out.flush();
    match (written, flushed) {
        (Ok(n), Ok(())) => {
            if let Some(p) = &o.out {
                eprintln!("exported {n} results to {}", p.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        (Err(e), _) if broken_pipe(&e) => Ok(ExitCode::SUCCESS),
        (Ok(_), Err(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        (Err(e), _) => Err(e.into()),
        (Ok(_), Err(e)) => Err(e.into()),
    }
}

/// The reader went away (`silkport export … | head`): not an error of the export.
fn broken_pipe(e: &SearchError) -> bool {
    matches!(e, SearchError::Io { source, .. } if source.kind() == std::io::ErrorKind::BrokenPipe)
}
