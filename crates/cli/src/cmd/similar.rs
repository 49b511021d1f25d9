//! `silkport similar`: prior-art candidates like a right of the registry or a pasted
//! paragraph, in any language the dictionary bridges.

use anyhow::Context;
use silkport_model::Lang;
use silkport_search::similar::{SimilarResults, SimilarSource};
use silkport_search::Dictionary;
use silkport_store::Store;
use std::path::Path;
use std::process::ExitCode;

pub struct Options {
    pub lang: Option<String>,
    pub limit: usize,
    pub translate: bool,
    pub json: bool,
}

pub fn by_id(data: &Path, mut store: Box<dyn Store>, input: &str, o: &Options) -> anyhow::Result<ExitCode> {
    let id = super::get::resolve_one(store.as_mut(), input)?;
    let Some(right) = store.get(&id)? else { anyhow::bail!("{id} disappeared while reading; run the command again") };
    run(data, SimilarSource::Right(&right), o)
}

pub fn by_text(data: &Path, text: &str, o: &Options) -> anyhow::Result<ExitCode> {
    let lang = o.lang.as_deref().map(Lang::parse).transpose().context("--lang takes a two-letter code such as en")?;
    run(data, SimilarSource::Text { text, lang }, o)
}

fn run(data: &Path, source: SimilarSource, o: &Options) -> anyhow::Result<ExitCode> {
    let index = super::open_index(data)?;
    let dict = if o.translate { Some(Dictionary::with_user_files(&silkport_search::terms_dir(data))?) } else { None };
    let results = index.similar(source, dict.as_ref(), o.limit)?;
    if o.json {
        println!("{}", serde_json::to_string_pretty(&results)?);
    } else {
        render(&results);
    }
    Ok(ExitCode::SUCCESS)
}

fn render(r: &SimilarResults) {
    let terms: Vec<String> = r.terms.iter().take(12).map(|t| format!("{} ({})", t.term, t.lang)).collect();
    println!("like {} [{}]: {}", r.source.as_deref().unwrap_or("the text"), r.lang, terms.join(", "));
    for (i, h) in r.hits.iter().enumerate() {
        let family = if h.same_family { "  [same family]" } else { "" };
        println!("{:>3}. {}  {:.2}  {}{family}", i + 1, h.id, h.score, h.title.as_deref().unwrap_or(""));
    }
}
