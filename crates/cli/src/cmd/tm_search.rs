//! `silkport tm-search`: trademark conflict candidates for a mark, with the reasons each
//! was found, restricted by Nice class and similar-goods group.

use silkport_search::marks::nice::NiceScope;
use silkport_search::marks::{MarkQuery, MarkResults};
use silkport_store::Store;
use std::path::Path;
use std::process::ExitCode;

pub fn run(
    data: &Path,
    store: Option<Box<dyn Store>>,
    mark: &str,
    classes: &[String],
    groups: &[String],
    limit: usize,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let scope = NiceScope::parse(classes, groups)?;
    let names = group_names(store, &scope)?;
    let index = super::open_index(data)?;
    let results = index.trademark_search(&MarkQuery { mark: mark.to_string(), scope, limit })?;
    if json {
        println!("{}", serde_json::to_string_pretty(&results)?);
    } else {
        render(&results, &names);
    }
    Ok(ExitCode::SUCCESS)
}

/// The names of the requested groups from the similar-goods table loaded in the registry;
/// a group the loaded table does not have is refused. Without the table (or registry),
/// groups are taken as given.
fn group_names(store: Option<Box<dyn Store>>, scope: &NiceScope) -> anyhow::Result<Vec<(String, String)>> {
    let Some(mut store) = store else { return Ok(Vec::new()) };
    if scope.groups.is_empty() || store.reference_table("nice_group")?.is_empty() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for g in &scope.groups {
        let rows = store.reference("nice_group", g)?;
        let Some(row) = rows.first() else {
            anyhow::bail!(
                "similar-goods group {g} is not in the table loaded in the registry; check the code in \
                 the 类似商品和服务区分表 (groups of class {} begin with {})",
                &g[..2],
                &g[..2]
            );
        };
        out.push((g.clone(), row.fields.get("name").cloned().unwrap_or_default()));
    }
    Ok(out)
}

fn render(r: &MarkResults, names: &[(String, String)]) {
    let mut keys = vec![format!("key {}", r.query.key)];
    keys.extend(r.query.pinyin.as_ref().map(|p| format!("pinyin {p}")));
    if !r.query.phonetic.is_empty() {
        keys.push(format!("phonetic {}", r.query.phonetic.join("/")));
    }
    println!("{} ({})", r.query.text, keys.join(", "));
    if !r.scope.is_empty() {
        let classes: Vec<&str> = r.scope.classes.iter().map(String::as_str).collect();
        println!("Nice classes {}", classes.join(", "));
    }
    for (g, name) in names {
        println!("group {g} {name}");
    }
    println!("{} candidates", r.total);
    for (i, c) in r.candidates.iter().enumerate() {
        let why: Vec<String> = c.reasons.iter().map(|x| format!("{}: {}", matcher_name(x.matcher), x.detail)).collect();
        println!(
            "\n{:>3}. {:.3}  {}  {}  [{}] {}",
            i + 1,
            c.similarity,
            c.mark,
            c.id,
            c.classes.join(","),
            c.status.as_deref().unwrap_or("")
        );
        println!("     {}", why.join("; "));
    }
}

/// The matcher's name as in the JSON output.
fn matcher_name(m: silkport_search::marks::Matcher) -> String {
    serde_json::to_value(m).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}
