//! Early warning: applicants whose filings in a field surge. For the last complete filing
//! year Y, an applicant's applications in a subclass (by main IPC) surge when there are
//! at least `SURGE_MIN` of them and at least `SURGE_FACTOR` times the mean of Y−1 and Y−2
//! (taken as at least 1). Ranked by the increase over that mean.

use super::lifecycle::Window;
use super::tally::SetTally;
use crate::book::{IpcBook, NameBook};
use serde::Serialize;

pub const SURGE_MIN: u64 = 5;
pub const SURGE_FACTOR: f64 = 2.0;
/// Surges listed.
pub const SURGES: usize = 20;

#[derive(Debug, Clone, Serialize)]
pub struct Surge {
    pub applicant: String,
    /// The subclass (`H01M`).
    pub field: String,
    pub field_zh: Option<String>,
    pub field_en: Option<String>,
    pub year: u16,
    pub count: u64,
    pub previous_mean: f64,
    pub ratio: f64,
}

pub fn surges(set: &SetTally, names: &NameBook, ipc: &IpcBook, window: Window) -> Vec<Surge> {
    let Some(y) = window.last_complete() else { return Vec::new() };
    let count = |k: u32, f: u32, year: u16| set.owner_fields.get(&(k, f, year)).copied().unwrap_or(0);
    let display = |k: u32| {
        set.spellings
            .iter()
            .filter(|((key, _), _)| *key == k)
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| names.raw.get(b.0 .1).cmp(names.raw.get(a.0 .1))))
            .map_or_else(|| names.keys.get(k).to_string(), |((_, raw), _)| names.raw.get(*raw).to_string())
    };
    let mut out: Vec<(f64, u32, u32, u64, f64)> = set
        .owner_fields
        .iter()
        .filter(|((_, _, year), &n)| *year == y && n >= SURGE_MIN)
        .filter_map(|(&(k, f, _), &n)| {
            let mean = (count(k, f, y - 1) + count(k, f, y - 2)) as f64 / 2.0;
            (n as f64 >= SURGE_FACTOR * mean.max(1.0)).then_some((n as f64 - mean, k, f, n, mean))
        })
        .collect();
    out.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(std::cmp::Ordering::Equal).then((a.1, a.2).cmp(&(b.1, b.2))));
    out.truncate(SURGES);
    out.into_iter()
        .map(|(_, k, f, n, mean)| Surge {
            applicant: display(k),
            field: ipc.codes.get(f).to_string(),
            field_zh: None,
            field_en: None,
            year: y,
            count: n,
            previous_mean: mean,
            ratio: n as f64 / mean.max(1.0),
        })
        .collect()
}
