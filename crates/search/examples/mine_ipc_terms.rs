//! Mines the shipped Chinese → English terminology from the bilingual IPC titles, and
//! writes the Chinese subclass and group titles that classification bridging reads:
//! `cargo run --release -p silkport-search --example mine_ipc_terms -- IPC.tsv.gz TERMS.tsv.gz TITLES.tsv.gz`
//! (IPC.tsv.gz: ../shared/data/patents/ipc_cpc_schemes/ipc_bilingual_zh_en.tsv.gz; the outputs
//! are crates/search/data/ipc_terms_zh_en.tsv.gz and ipc_titles_zh.tsv.gz).
//! Chinese titles are segmented with jieba in search mode, so both compounds (燃料电池)
//! and their parts (燃料, 电池) get translations.

use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use silkport_search::xlang::mine;
use std::io::{BufReader, Write};
use tantivy_jieba::jieba_rs::Jieba;

/// EM rounds: the estimates barely move after ten.
const ITERATIONS: usize = 10;
const MIN_COUNT: usize = 2;
const MIN_PROB: f32 = 0.1;
const TOP: usize = 3;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(input), Some(output), Some(titles)) = (args.get(1), args.get(2), args.get(3)) else {
        return Err("usage: mine_ipc_terms IPC_BILINGUAL.tsv.gz TERMS.tsv.gz TITLES.tsv.gz".into());
    };
    write_titles(input, titles)?;
    let jieba = Jieba::new();
    let segment = |s: &str| jieba.cut_for_search(s, true).into_iter().map(|t| t.word.to_string()).collect::<Vec<_>>();
    let file = std::fs::File::open(input)?;
    let pairs = mine::ipc_pairs(BufReader::new(GzDecoder::new(file)), &segment);
    eprintln!("{} aligned title pairs", pairs.len());
    let t = mine::ibm1(&pairs, ITERATIONS);
    let lines = mine::entries(&pairs, &t, MIN_COUNT, MIN_PROB, TOP);
    eprintln!("{} dictionary lines", lines.len());
    let mut out = GzEncoder::new(std::fs::File::create(output)?, flate2::Compression::best());
    writeln!(out, "# Chinese → English terms mined with IBM Model 1 from the aligned zh/en IPC titles")?;
    writeln!(out, "# (WIPO IPC 2026.01; regenerate with the mine_ipc_terms example). zh, en, lang, t(en|zh)")?;
    for l in lines {
        writeln!(out, "{l}")?;
    }
    out.finish()?;
    Ok(())
}

/// `symbol<TAB>title` of the subclasses, main groups and subgroups, references in
/// parentheses removed.
fn write_titles(input: &str, output: &str) -> Result<(), Box<dyn std::error::Error>> {
    use std::io::BufRead;
    let lines = BufReader::new(GzDecoder::new(std::fs::File::open(input)?)).lines();
    let mut out = GzEncoder::new(std::fs::File::create(output)?, flate2::Compression::best());
    writeln!(out, "# Chinese titles of the IPC subclasses and groups (WIPO IPC 2026.01), for")?;
    writeln!(out, "# classification bridging; regenerate with the mine_ipc_terms example.")?;
    for line in lines.skip(1) {
        let line = line?;
        let cols: Vec<&str> = line.split('\t').collect();
        if let (Some(symbol), Some(level), Some(zh)) = (cols.first(), cols.get(1), cols.get(2)) {
            if matches!(*level, "subclass" | "main_group" | "subgroup") {
                writeln!(out, "{symbol}\t{}", mine::strip_parens(zh).trim())?;
            }
        }
    }
    out.finish()?;
    Ok(())
}
