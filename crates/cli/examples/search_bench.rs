//! The silkport side of the search benchmark (bench/search.sh, docs/benchmarks.md):
//!
//! - `export DATA OUT.jsonl`: every right of the registry in DATA as one JSON line with the
//!   fields the baselines index (SQLite FTS5 and Lucene get exactly these documents);
//! - `query DATA QUERIES.tsv OUT.tsv [--passes N] [--full] [--translate]`: opens the index
//!   once, runs the queries `--warmup W` times (1) to warm up, then N timed passes on this one thread, and
//!   writes `qid, total, wall microseconds, thread CPU microseconds` per timed run. A run is what a page of results costs:
//!   the top 10 by BM25 with the exact total count and each hit's stored id and title;
//!   `--full` adds the facet counts and snippets that `silkport search` also shows
//!   (`--facets` or `--snippets` add one of them).

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use anyhow::{bail, Context};
use silkport_model::{ClassScheme, IpcSymbol, Lang, LocalizedText, PartyRole, Right};
use silkport_search::{Dictionary, SearchIndex, SearchRequest};
use std::io::{BufWriter, Write};
use std::path::Path;
use std::time::Instant;

/// Rights read from the registry per page while exporting.
const PAGE: usize = 2000;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("export") if args.len() == 3 => export(Path::new(&args[1]), Path::new(&args[2])),
        Some("query") if args.len() >= 4 => query(Path::new(&args[1]), Path::new(&args[2]), Path::new(&args[3]), &args[4..]),
        _ => bail!(
            "usage: search_bench export DATA OUT.jsonl | query DATA QUERIES.tsv OUT.tsv [--passes N] [--warmup W] [--full | --facets | --snippets] [--translate]"
        ),
    }
}

fn export(data: &Path, out: &Path) -> anyhow::Result<()> {
    let started = Instant::now();
    let mut store = silkport_store::open(data, None).with_context(|| format!("cannot open {}", data.display()))?;
    let mut w = BufWriter::new(std::fs::File::create(out)?);
    let mut after: Option<String> = None;
    let mut count = 0usize;
    loop {
        let page = store.rights_page(after.as_deref(), PAGE)?;
        let Some(last) = page.last() else { break };
        after = Some(last.id.to_string());
        for r in &page {
            serde_json::to_writer(&mut w, &export_doc(r))?;
            w.write_all(b"\n")?;
        }
        count += page.len();
    }
    w.flush()?;
    eprintln!("exported {count} rights in {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}

/// One right with the fields every engine indexes: the four text sections (all languages,
/// one line each), applicants, inventors, IPC/CPC symbols with every level above them (so
/// `H01M` finds `H01M10/0525` by one term, as in silkport), countries, kinds, languages,
/// status, publication date (else grant) as YYYYMMDD, and the title shown for a hit.
fn export_doc(r: &Right) -> serde_json::Value {
    let t = &r.texts;
    let join = |list: &[LocalizedText]| list.iter().map(|x| x.text.as_str()).collect::<Vec<_>>().join("\n");
    let claims: Vec<String> = t.claims.iter().map(|c| silkport_search::doc::claims_text(&c.claims)).collect();
    let names = |roles: &[PartyRole]| {
        let names = r.parties.iter().filter(|p| roles.contains(&p.role)).flat_map(|p| p.names.iter());
        names.map(|n| n.text.as_str()).collect::<Vec<_>>().join("; ")
    };
    let classes = |scheme: ClassScheme| {
        let mut out: Vec<String> = r
            .classifications
            .iter()
            .filter(|c| c.scheme == scheme)
            .filter_map(|c| IpcSymbol::parse(&c.symbol).ok())
            .flat_map(|s| s.hierarchy())
            .collect();
        out.sort();
        out.dedup();
        out
    };
    let mut countries = vec![r.office.clone()];
    countries.extend(r.publication.as_ref().map(|p| p.country().to_string()));
    countries.dedup();
    let mut kinds = vec![r.kind.as_str().to_string()];
    kinds.extend(r.publication.as_ref().and_then(|p| p.kind()).map(str::to_string));
    let mut langs: Vec<Lang> = t.languages();
    langs.extend(r.lang);
    langs.sort();
    langs.dedup();
    let pd = r.dates.publication.or(r.dates.grant);
    let title = t.titles.iter().find(|x| Some(x.lang) == r.lang).or_else(|| t.titles.first());
    serde_json::json!({
        "id": r.id.as_str(),
        "ti": join(&t.titles),
        "ab": join(&t.abstracts),
        "cl": claims.join("\n"),
        "desc": join(&t.descriptions),
        "pa": names(&[PartyRole::Applicant, PartyRole::Assignee, PartyRole::Holder]),
        "in": names(&[PartyRole::Inventor, PartyRole::Author]),
        "ipc": classes(ClassScheme::Ipc),
        "cpc": classes(ClassScheme::Cpc),
        "cc": countries,
        "kind": kinds,
        "lang": langs.iter().map(|l| l.as_str()).collect::<Vec<_>>(),
        "status": r.status.map(|s| s.as_str()),
        "pd": pd.map(|d| u32::from(d.year()) * 10_000 + u32::from(d.month()) * 100 + u32::from(d.day())),
        "title": title.map(|x| x.text.as_str()),
        "synthetic": r.synthetic,
    })
}

/// One benchmark query: its id and silkport's query (the second and third TSV columns).
struct BenchQuery {
    id: String,
    text: String,
}

/// CPU time of this thread: on a shared machine, wall time also counts the time the
/// scheduler gave the core to someone else.
fn thread_cpu_micros() -> f64 {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
    t.tv_sec as f64 * 1e6 + t.tv_nsec as f64 / 1e3
}

fn read_queries(path: &Path) -> anyhow::Result<Vec<BenchQuery>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut out = Vec::new();
    for line in text.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 3 {
            bail!("{}: a query line needs qid, category and the silkport query: {line}", path.display());
        }
        out.push(BenchQuery { id: cols[0].to_string(), text: cols[2].to_string() });
    }
    Ok(out)
}

fn query(data: &Path, queries: &Path, out: &Path, flags: &[String]) -> anyhow::Result<()> {
    let passes: usize = match flags.iter().position(|f| f == "--passes") {
        Some(i) => flags.get(i + 1).context("--passes takes a number")?.parse()?,
        None => 3,
    };
    let warmup: usize = match flags.iter().position(|f| f == "--warmup") {
        Some(i) => flags.get(i + 1).context("--warmup takes a number")?.parse()?,
        None => 1,
    };
    let full = flags.iter().any(|f| f == "--full");
    let facets = full || flags.iter().any(|f| f == "--facets");
    let snippets = full || flags.iter().any(|f| f == "--snippets");
    let dict = if flags.iter().any(|f| f == "--translate") {
        Some(Dictionary::with_user_files(&silkport_search::terms_dir(data))?)
    } else {
        None
    };
    let index = SearchIndex::open(&silkport_search::index_dir(data))?;
    let queries = read_queries(queries)?;
    let request = |q: &BenchQuery| {
        let mut req = SearchRequest::new(q.text.clone());
        req.facets = facets;
        req.snippets = snippets;
        req
    };
    for _ in 0..warmup {
        for q in &queries {
            index.search(&request(q), dict.as_ref()).with_context(|| format!("query {}: {}", q.id, q.text))?;
        }
    }
    let mut w = BufWriter::new(std::fs::File::create(out)?);
    for _ in 0..passes {
        for q in &queries {
            let req = request(q);
            let (cpu0, started) = (thread_cpu_micros(), Instant::now());
            let results = index.search(&req, dict.as_ref())?;
            let micros = started.elapsed().as_secs_f64() * 1e6;
            let cpu = thread_cpu_micros() - cpu0;
            std::hint::black_box(&results);
            writeln!(w, "{}\t{}\t{:.0}\t{:.0}", q.id, results.total, micros, cpu)?;
        }
    }
    w.flush()?;
    Ok(())
}
