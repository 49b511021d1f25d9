//! What the set is about: IPC composition at four levels and the 35 WIPO technology
//! fields (by main classification), the set's specialisation against the baseline
//! (revealed technological advantage), and white space.

use super::tally::{BaseTally, ClassCounts, SetTally};
use super::{share, TOP};
use crate::book::IpcBook;
use crate::catalogue::WIPO_FIELDS;
use rustc_hash::FxHashMap;
use serde::Serialize;

/// A strength: RTA at least this…
pub const STRENGTH_RTA: f64 = 1.2;
/// …on at least this many of the set's applications.
pub const STRENGTH_MIN_COUNT: u64 = 5;
/// A lag: a field holding at least this share of the baseline…
pub const LAG_MIN_BASE_SHARE: f64 = 0.01;
/// …where the set's RTA is at most this.
pub const LAG_RTA: f64 = 0.5;
/// White space is sought in subclasses with at least this many of the set's applications…
pub const WHITE_SPACE_MIN_SUBCLASS: u64 = 10;
/// …among groups with at most this many, next to a group with at least
/// `max(WHITE_SPACE_BUSY_MIN, WHITE_SPACE_BUSY_SHARE × subclass count)`.
pub const WHITE_SPACE_QUIET: u64 = 1;
pub const WHITE_SPACE_BUSY_MIN: u64 = 3;
pub const WHITE_SPACE_BUSY_SHARE: f64 = 0.1;

/// One IPC code or WIPO field with the set's and the baseline's counts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassRow {
    /// IPC code (`H01M`, `H01M10/00`) or WIPO field number (`12`).
    pub code: String,
    pub level: &'static str,
    pub title_zh: Option<String>,
    pub title_en: Option<String>,
    pub count: u64,
    /// Of the set's classified applications.
    pub share: f64,
    pub base_count: u64,
    pub base_share: f64,
    /// Revealed technological advantage: share / base share (none when the baseline has none).
    pub rta: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct IpcComposition {
    pub classified: u64,
    pub unclassified: u64,
    pub sections: Vec<ClassRow>,
    pub classes: Vec<ClassRow>,
    pub subclasses: Vec<ClassRow>,
    pub groups: Vec<ClassRow>,
    /// The 35 WIPO technology fields (empty when the registry lacks the concordance).
    pub fields: Vec<ClassRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Specialisation {
    /// IPC classes where the set is specialised (RTA ≥ `STRENGTH_RTA`, count ≥ `STRENGTH_MIN_COUNT`), by RTA.
    pub strengths: Vec<ClassRow>,
    /// IPC classes important in the baseline (share ≥ `LAG_MIN_BASE_SHARE`) where the set's RTA ≤ `LAG_RTA`, by base share.
    pub lags: Vec<ClassRow>,
    /// Every WIPO field with its RTA, by field number.
    pub fields: Vec<ClassRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct WhiteSpace {
    /// The quiet main group.
    pub group: String,
    pub title_zh: Option<String>,
    pub title_en: Option<String>,
    pub count: u64,
    /// Its busy neighbour in the scheme's order, and that neighbour's count.
    pub neighbour: String,
    pub neighbour_count: u64,
    /// The subclass's count in the set.
    pub subclass_count: u64,
    /// The quiet group's applications in the baseline: activity elsewhere.
    pub base_count: u64,
}

impl IpcComposition {
    pub fn rows_mut(&mut self) -> impl Iterator<Item = &mut ClassRow> {
        self.sections.iter_mut().chain(&mut self.classes).chain(&mut self.subclasses).chain(&mut self.groups)
    }
}

impl Specialisation {
    pub fn rows_mut(&mut self) -> impl Iterator<Item = &mut ClassRow> {
        self.strengths.iter_mut().chain(&mut self.lags)
    }
}

fn classified(c: &ClassCounts) -> u64 {
    c.total - c.unclassified
}

fn row(code: String, level: &'static str, count: u64, base_count: u64, set_total: u64, base_total: u64) -> ClassRow {
    let (s, b) = (share(count, set_total), share(base_count, base_total));
    ClassRow {
        code,
        level,
        title_zh: None,
        title_en: None,
        count,
        share: s,
        base_count,
        base_share: b,
        rta: (b > 0.0).then(|| s / b),
    }
}

/// Rows for every code the set has, by count.
fn level_rows(
    set: &FxHashMap<u32, u64>,
    base: &FxHashMap<u32, u64>,
    totals: (u64, u64),
    level: &'static str,
    ipc: &IpcBook,
) -> Vec<ClassRow> {
    let mut rows: Vec<ClassRow> = set
        .iter()
        .map(|(id, &n)| {
            row(ipc.codes.get(*id).to_string(), level, n, base.get(id).copied().unwrap_or(0), totals.0, totals.1)
        })
        .collect();
    rows.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.code.cmp(&b.code)));
    rows
}

fn field_rows(set: &ClassCounts, base: &ClassCounts) -> Vec<ClassRow> {
    if set.fields.is_empty() && base.fields.is_empty() {
        return Vec::new();
    }
    let totals = (classified(set), classified(base));
    WIPO_FIELDS
        .iter()
        .map(|(n, en, zh, _)| {
            let mut r = row(
                n.to_string(),
                "field",
                set.fields.get(n).copied().unwrap_or(0),
                base.fields.get(n).copied().unwrap_or(0),
                totals.0,
                totals.1,
            );
            (r.title_zh, r.title_en) = (Some(zh.to_string()), Some(en.to_string()));
            r
        })
        .collect()
}

pub fn composition(set: &SetTally, base: &BaseTally, ipc: &IpcBook) -> IpcComposition {
    let (s, b) = (&set.classes, &base.classes);
    let totals = (classified(s), classified(b));
    let top = |mut v: Vec<ClassRow>| {
        v.truncate(TOP);
        v
    };
    IpcComposition {
        classified: totals.0,
        unclassified: s.unclassified,
        sections: level_rows(&s.sections, &b.sections, totals, "section", ipc),
        classes: top(level_rows(&s.classes, &b.classes, totals, "class", ipc)),
        subclasses: top(level_rows(&s.subclasses, &b.subclasses, totals, "subclass", ipc)),
        groups: top(level_rows(&s.groups, &b.groups, totals, "group", ipc)),
        fields: field_rows(s, b),
    }
}

pub fn specialisation(set: &SetTally, base: &BaseTally, ipc: &IpcBook) -> Specialisation {
    let (s, b) = (&set.classes, &base.classes);
    let totals = (classified(s), classified(b));
    let classes = level_rows(&s.classes, &b.classes, totals, "class", ipc);
    let mut strengths: Vec<ClassRow> = classes
        .iter()
        .filter(|r| r.count >= STRENGTH_MIN_COUNT && r.rta.is_some_and(|x| x >= STRENGTH_RTA))
        .cloned()
        .collect();
    strengths
        .sort_by(|a, b| b.rta.partial_cmp(&a.rta).unwrap_or(std::cmp::Ordering::Equal).then(b.count.cmp(&a.count)));
    // Lags include baseline classes the set has none of.
    let mut lags: Vec<ClassRow> = b
        .classes
        .iter()
        .map(|(id, &bn)| {
            row(
                ipc.codes.get(*id).to_string(),
                "class",
                s.classes.get(id).copied().unwrap_or(0),
                bn,
                totals.0,
                totals.1,
            )
        })
        .filter(|r| r.base_share >= LAG_MIN_BASE_SHARE && r.rta.is_some_and(|x| x <= LAG_RTA))
        .collect();
    lags.sort_by(|a, b| b.base_count.cmp(&a.base_count).then_with(|| a.code.cmp(&b.code)));
    strengths.truncate(TOP);
    lags.truncate(TOP);
    Specialisation { strengths, lags, fields: field_rows(s, b) }
}

/// `H01M10/00` → (`H01M`, 10).
fn group_parts(code: &str) -> Option<(&str, u32)> {
    let (head, _) = code.split_once('/')?;
    Some((head.get(..4)?, head.get(4..)?.parse().ok()?))
}

pub fn white_space(set: &SetTally, base: &BaseTally, ipc: &IpcBook) -> Vec<WhiteSpace> {
    let count_of =
        |m: &FxHashMap<u32, u64>, code: &str| ipc.codes.find(code).and_then(|id| m.get(&id)).copied().unwrap_or(0);
    // Every main group the set or the baseline knows, by subclass, in the scheme's order.
    let mut by_subclass: FxHashMap<&str, Vec<(u32, &str)>> = FxHashMap::default();
    for id in set.classes.groups.keys().chain(base.classes.groups.keys()) {
        let code = ipc.codes.get(*id);
        if let Some((sub, n)) = group_parts(code) {
            by_subclass.entry(sub).or_default().push((n, code));
        }
    }
    let mut out = Vec::new();
    for (sub, mut groups) in by_subclass {
        let sub_count = count_of(&set.classes.subclasses, sub);
        if sub_count < WHITE_SPACE_MIN_SUBCLASS {
            continue;
        }
        groups.sort();
        groups.dedup();
        let busy = WHITE_SPACE_BUSY_MIN.max((WHITE_SPACE_BUSY_SHARE * sub_count as f64).ceil() as u64);
        let counts: Vec<u64> = groups.iter().map(|(_, c)| count_of(&set.classes.groups, c)).collect();
        for (i, &(_, code)) in groups.iter().enumerate() {
            if counts[i] > WHITE_SPACE_QUIET {
                continue;
            }
            let neighbours = [i.checked_sub(1), Some(i + 1)].into_iter().flatten().filter(|&j| j < groups.len());
            if let Some(j) = neighbours.filter(|&j| counts[j] >= busy).max_by_key(|&j| counts[j]) {
                out.push(WhiteSpace {
                    group: code.to_string(),
                    title_zh: None,
                    title_en: None,
                    count: counts[i],
                    neighbour: groups[j].1.to_string(),
                    neighbour_count: counts[j],
                    subclass_count: sub_count,
                    base_count: count_of(&base.classes.groups, code),
                });
            }
        }
    }
    out.sort_by(|a, b| {
        b.base_count
            .cmp(&a.base_count)
            .then(b.neighbour_count.cmp(&a.neighbour_count))
            .then_with(|| a.group.cmp(&b.group))
    });
    out.truncate(TOP);
    out
}
