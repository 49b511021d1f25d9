//! `silkport get`: one right, whole.

use crate::render;
use anyhow::bail;
use silkport_model::RightId;
use silkport_store::Store;
use std::process::ExitCode;

pub fn run(mut store: Box<dyn Store>, input: &str, json: bool) -> anyhow::Result<ExitCode> {
    let id = resolve_one(store.as_mut(), input)?;
    let Some(right) = store.get(&id)? else { bail!("{id} disappeared while reading; run the command again") };
    if json {
        println!("{}", serde_json::to_string_pretty(&right)?);
    } else {
        render::right(&right);
    }
    Ok(ExitCode::SUCCESS)
}

/// The one right an identifier the user typed means, or an error that says what to do.
pub fn resolve_one(store: &mut dyn Store, input: &str) -> anyhow::Result<RightId> {
    let ids = store.resolve(input)?;
    match ids.as_slice() {
        [] => bail!(
            "no right matches {input:?}; check the number (e.g. US8087209B2, CN201410005532.4), \
             or run `silkport stats` to see what is loaded"
        ),
        [one] => Ok(one.clone()),
        many => {
            let list: Vec<String> = many.iter().map(|i| i.to_string()).collect();
            bail!("{input:?} matches {} rights: {}; ask for one of them by its full id", many.len(), list.join(", "))
        }
    }
}
