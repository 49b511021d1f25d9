//! `silkport search`: run a query against the index, print a page of hits with snippets
//! and the facet counts.

use crate::args::SortArg;
use anyhow::Context;
use silkport_model::Lang;
use silkport_search::family::FamilyResults;
use silkport_search::{Dictionary, Hit, SearchRequest, SearchResults, Sort};
use std::path::Path;
use std::process::ExitCode;

pub struct Options {
    pub lang: Option<String>,
    pub limit: usize,
    pub offset: usize,
    pub sort: SortArg,
    pub plain: bool,
    pub translate: bool,
    pub group_family: bool,
    pub json: bool,
}

pub fn run(data: &Path, query: &str, o: &Options) -> anyhow::Result<ExitCode> {
    let index = super::open_index(data)?;
    let dict = if o.translate { Some(Dictionary::with_user_files(&silkport_search::terms_dir(data))?) } else { None };
    let mut req = SearchRequest::new(query);
    req.limit = o.limit;
    req.offset = o.offset;
    req.plain = o.plain;
    req.lang = o.lang.as_deref().map(Lang::parse).transpose().context("--lang takes a two-letter code such as en")?;
    req.sort = match o.sort {
        SortArg::Relevance => Sort::Relevance,
        SortArg::Newest => Sort::DateDesc,
        SortArg::Oldest => Sort::DateAsc,
    };
    if o.group_family {
        let results = index.search_families(&req, dict.as_ref())?;
        if o.json {
            println!("{}", serde_json::to_string_pretty(&results)?);
        } else {
            render_families(&results, o.offset);
        }
        return Ok(ExitCode::SUCCESS);
    }
    let results = index.search(&req, dict.as_ref())?;
    if o.json {
        println!("{}", serde_json::to_string_pretty(&results)?);
    } else {
        render(&results, o.offset);
    }
    Ok(ExitCode::SUCCESS)
}

fn render(r: &SearchResults, offset: usize) {
    println!("{} results", r.total);
    for (i, h) in r.hits.iter().enumerate() {
        render_hit(h, offset + i + 1);
    }
    render_facets(&r.facets);
}

fn render_families(r: &FamilyResults, offset: usize) {
    println!("{} results in {} families", r.total, r.total_families);
    for (i, f) in r.hits.iter().enumerate() {
        render_hit(&f.hit, offset + i + 1);
        if !f.family_members.is_empty() {
            println!("     family: {}", f.family_members.join(", "));
        }
    }
    render_facets(&r.facets);
}

fn render_hit(h: &Hit, n: usize) {
    let score = h.score.map(|s| format!("{s:.2}")).unwrap_or_default();
    println!("\n{:>3}. {}  {}  {}", n, h.id, score, h.title.as_deref().unwrap_or(""));
    if let Some(s) = &h.snippet {
        println!("     {}", s.replace("<em>", "[").replace("</em>", "]"));
    }
}

fn render_facets(facets: &std::collections::BTreeMap<String, Vec<silkport_search::FacetValue>>) {
    for (name, values) in facets.iter().filter(|(_, v)| !v.is_empty()) {
        let list: Vec<String> = values.iter().map(|v| format!("{} ({})", v.key, v.count)).collect();
        println!("\n{name}: {}", list.join(", "));
    }
}
