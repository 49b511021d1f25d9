//! Mines the shipped Chinese → English terminology from the bilingual IPC titles:
//! `cargo run --release -p silkport-search --example mine_ipc_terms -- IPC.tsv.gz OUT.tsv.gz`
//! (IPC.tsv.gz: ../shared/data/patents/ipc_cpc_schemes/ipc_bilingual_zh_en.tsv.gz).
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
    let (Some(input), Some(output)) = (args.get(1), args.get(2)) else {
        return Err("usage: mine_ipc_terms IPC_BILINGUAL.tsv.gz OUT.tsv.gz".into());
    };
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
