//! Who files: the applicant ranking (organisations merged across spellings and
//! languages), applicant types, the inventor (talent) ranking, and the co-applicant network.

use super::tally::SetTally;
use super::{ranked, share, top_n, KeyCount, TOP};
use crate::book::NameBook;
use crate::names::OrgType;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct ApplicantRow {
    /// The organisation key all spellings normalise to.
    pub key: String,
    /// The spelling used most often.
    pub name: String,
    /// Names from the alias table, for organisations known in several languages.
    pub name_zh: Option<String>,
    pub name_en: Option<String>,
    pub org_type: OrgType,
    /// Applications naming it as an owner.
    pub count: u64,
    pub share: f64,
    pub first_year: Option<u16>,
    pub last_year: Option<u16>,
    pub country: Option<String>,
    pub province: Option<String>,
    pub city: Option<String>,
    pub province_zh: Option<String>,
    pub city_zh: Option<String>,
    /// Distinct spellings merged into this row.
    pub spellings: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct InventorRow {
    pub name: String,
    /// The first owner of the inventor's applications (name of record).
    pub affiliation: Option<String>,
    pub count: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Edge {
    pub a: String,
    pub b: String,
    pub count: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Collaboration {
    /// Applications with more than one owner.
    pub co_owned: u64,
    pub share: f64,
    /// Distinct pairs of co-owners.
    pub pairs: u64,
    /// The strongest ties, by joint applications.
    pub edges: Vec<Edge>,
}

/// The most used spelling of each organisation key, and how many spellings it has.
fn display_names(set: &SetTally, names: &NameBook) -> rustc_hash::FxHashMap<u32, (u32, u32, u32)> {
    // key → (best spelling, its uses, spellings)
    let mut best: rustc_hash::FxHashMap<u32, (u32, u32, u32)> = Default::default();
    for (&(key, raw), &uses) in &set.spellings {
        let e = best.entry(key).or_insert((raw, 0, 0));
        e.2 += 1;
        let better = uses > e.1 || (uses == e.1 && names.raw.get(raw) < names.raw.get(e.0));
        if better {
            (e.0, e.1) = (raw, uses);
        }
    }
    best
}

pub fn applicants(set: &SetTally, names: &NameBook) -> Vec<ApplicantRow> {
    let display = display_names(set, names);
    let mut keys: Vec<(&u32, &super::tally::OwnerStats)> = set.owners.iter().collect();
    top_n(&mut keys, TOP, |a, b| {
        b.1.count.cmp(&a.1.count).then_with(|| names.keys.get(*a.0).cmp(names.keys.get(*b.0)))
    });
    let place = |id: Option<u32>| id.map(|i| set.places.get(i).to_string());
    keys.into_iter()
        .map(|(&key, o)| {
            let (raw, _, spellings) = display.get(&key).copied().unwrap_or((0, 0, 0));
            let alias = names.aliases().get(names.keys.get(key));
            ApplicantRow {
                key: names.keys.get(key).to_string(),
                name: names.raw.get(raw).to_string(),
                name_zh: alias.map(|a| a.name_zh.clone()),
                name_en: alias.map(|a| a.name_en.clone()),
                org_type: names.org_type(raw),
                count: o.count,
                share: share(o.count, set.applications),
                first_year: o.first_year,
                last_year: o.last_year,
                country: place(o.country),
                province: place(o.province),
                city: place(o.city),
                province_zh: place(o.province).and_then(|p| set.place_zh(&p)),
                city_zh: place(o.city).and_then(|c| set.place_zh(&c)),
                spellings,
            }
        })
        .collect()
}

pub fn types(set: &SetTally) -> Vec<KeyCount> {
    ranked(set.types.iter().map(|(t, n)| (t.as_str().to_string(), *n)), set.applications, OrgType::ALL.len())
}

pub fn inventors(set: &SetTally, names: &NameBook) -> Vec<InventorRow> {
    let display = display_names(set, names);
    let mut rows: Vec<(&(u32, u32), &u64)> = set.inventors.iter().collect();
    top_n(&mut rows, TOP, |a, b| {
        b.1.cmp(a.1).then_with(|| set.inventor_names.get(a.0 .0).cmp(set.inventor_names.get(b.0 .0))).then(a.0.cmp(b.0))
    });
    rows.into_iter()
        .map(|(&(name, owner), &count)| InventorRow {
            name: set.inventor_names.get(name).to_string(),
            affiliation: display.get(&owner).map(|d| names.raw.get(d.0).to_string()),
            count,
        })
        .collect()
}

pub fn collaboration(set: &SetTally, names: &NameBook) -> Collaboration {
    let display = display_names(set, names);
    let name =
        |k: u32| display.get(&k).map_or_else(|| names.keys.get(k).to_string(), |d| names.raw.get(d.0).to_string());
    let mut pairs: Vec<(&(u32, u32), &u64)> = set.pairs.iter().collect();
    top_n(&mut pairs, TOP, |a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
    Collaboration {
        co_owned: set.co_owned,
        share: share(set.co_owned, set.applications),
        pairs: set.pairs.len() as u64,
        edges: pairs.into_iter().take(TOP).map(|(&(a, b), &count)| Edge { a: name(a), b: name(b), count }).collect(),
    }
}
