//! Nice classes and China's similar-goods groups (类似群) for trademark search: which
//! classes and groups a right covers (a mark's Nice classifications; a GI's product class
//! through the concordance in `data/gi_product_nice.tsv`), and the scope a search is
//! restricted to.
//!
//! A group code is four digits whose first two are its class (`3001` is in class 30). A
//! right that names a class without groups covers every group of it, so a search in group
//! 3001 also finds marks designating "class 30" with no group given.

use crate::SearchError;
use serde::Serialize;
use silkport_model::{ClassScheme, Right};
use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

/// The classes and groups a right covers, as indexed: class numbers (`30`) and group
/// codes (`3001`); a class without groups is also listed among the groups as `30`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Coverage {
    pub classes: BTreeSet<String>,
    pub groups: BTreeSet<String>,
}

impl Coverage {
    pub fn of(r: &Right) -> Coverage {
        let mut c = Coverage::default();
        for cl in &r.classifications {
            match cl.scheme {
                ClassScheme::Nice => c.add(&cl.symbol),
                ClassScheme::Product => {
                    for code in concordance(&cl.symbol) {
                        c.add(code);
                    }
                }
                _ => {}
            }
        }
        let with_groups: BTreeSet<String> = c.groups.iter().map(|g| g[..2].to_string()).collect();
        for class in &c.classes {
            if !with_groups.contains(class) {
                c.groups.insert(class.clone());
            }
        }
        c
    }

    /// Adds a class (`30`, `3`, `03`) or a group (`3001`); anything else is ignored.
    fn add(&mut self, symbol: &str) {
        match parse_code(symbol) {
            Some(Code::Class(n)) => {
                self.classes.insert(class_key(n));
            }
            Some(Code::Group(n, g)) => {
                self.classes.insert(class_key(n));
                self.groups.insert(g);
            }
            None => {}
        }
    }
}

enum Code {
    Class(u8),
    Group(u8, String),
}

fn parse_code(symbol: &str) -> Option<Code> {
    let s = symbol.trim();
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match s.len() {
        1 | 2 => s.parse().ok().filter(|n| (1..=45).contains(n)).map(Code::Class),
        4 => s[..2].parse().ok().filter(|n| (1..=45).contains(n)).map(|n| Code::Group(n, s.to_string())),
        _ => None,
    }
}

/// Class keys are written with two digits, as the group codes begin (`03`, `30`).
fn class_key(n: u8) -> String {
    format!("{n:02}")
}

/// The Nice groups or classes of a GI product class (`1.6`, `wine`, `spirit:9`).
fn concordance(symbol: &str) -> &'static [&'static str] {
    static TABLE: OnceLock<HashMap<String, Vec<&'static str>>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        include_str!("../../data/gi_product_nice.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let mut cols = l.split('\t');
                Some((cols.next()?.to_string(), cols.next()?.split_whitespace().collect()))
            })
            .collect()
    });
    let wildcard = symbol.split_once(':').map(|(scheme, _)| format!("{scheme}:*"));
    table.get(symbol).or_else(|| wildcard.and_then(|w| table.get(&w))).map(Vec::as_slice).unwrap_or(&[])
}

/// What a trademark search is restricted to: these classes, these groups (with the
/// class-only marks of their classes). Empty: every class.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct NiceScope {
    pub classes: BTreeSet<String>,
    pub groups: BTreeSet<String>,
}

impl NiceScope {
    /// Reads `--class` values (1 to 45) and `--group` values (4 digits, class first). A
    /// group's class need not be given again; a class given with groups of it is narrowed
    /// to those groups.
    pub fn parse(classes: &[String], groups: &[String]) -> Result<NiceScope, SearchError> {
        let mut scope = NiceScope::default();
        for c in classes {
            match parse_code(c) {
                Some(Code::Class(n)) => scope.classes.insert(class_key(n)),
                _ => {
                    return Err(SearchError::Request(format!(
                        "Nice class {c:?} is not a class number: give 1 to 45 (e.g. --class 30) / 尼斯分类须为 1 至 45"
                    )))
                }
            };
        }
        for g in groups {
            match parse_code(g) {
                Some(Code::Group(n, code)) => {
                    scope.classes.insert(class_key(n));
                    scope.groups.insert(code);
                }
                _ => {
                    return Err(SearchError::Request(format!(
                        "similar-goods group {g:?} is not a group code: give four digits, the class first (e.g. --group 3001 for class 30) / 类似群编码为四位数字"
                    )))
                }
            }
        }
        Ok(scope)
    }

    pub fn is_empty(&self) -> bool {
        self.classes.is_empty()
    }

    /// The index terms of `nice` and `nice_group` any of which puts a right in scope.
    pub fn terms(&self) -> (Vec<String>, Vec<String>) {
        let grouped: BTreeSet<&str> = self.groups.iter().map(|g| &g[..2]).collect();
        let classes = self.classes.iter().filter(|c| !grouped.contains(c.as_str())).cloned().collect();
        let mut groups: Vec<String> = self.groups.iter().cloned().collect();
        groups.extend(grouped.iter().map(|c| c.to_string()));
        (classes, groups)
    }

    /// Whether a covered right shares a group with the scope (`Some(false)`: only its class).
    pub fn same_group(&self, c: &Coverage) -> Option<bool> {
        if self.groups.is_empty() {
            return None;
        }
        Some(self.groups.iter().any(|g| c.groups.contains(g)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use silkport_model::{Classification, RightId, RightKind};

    fn right(scheme: ClassScheme, symbols: &[&str]) -> Right {
        let id = RightId::registered("XX", "TM", "1").unwrap();
        let mut r = Right::new(id, RightKind::Trademark, "CN", "test");
        r.classifications = symbols.iter().map(|s| Classification::new(scheme, s, false).unwrap()).collect();
        r
    }

    #[test]
    fn marks_and_gis_are_covered_by_classes_and_groups() {
        let c = Coverage::of(&right(ClassScheme::Nice, &["30", "3001", "3"]));
        assert_eq!(c.classes, BTreeSet::from(["03".into(), "30".into()]));
        // Class 3 has no group given, so it stands for all of its groups.
        assert_eq!(c.groups, BTreeSet::from(["03".into(), "3001".into()]));
        // EU class 1.6 (fruit and vegetables) → fresh fruit 3105 among others.
        let gi = Coverage::of(&right(ClassScheme::Product, &["1.6"]));
        assert!(gi.groups.contains("3105") && gi.classes.contains("29") && gi.classes.contains("31"));
        assert_eq!(Coverage::of(&right(ClassScheme::Product, &["spirit:9"])).groups, BTreeSet::from(["3301".into()]));
        assert!(Coverage::of(&right(ClassScheme::Product, &["handicraft"])).classes.is_empty());
    }

    #[test]
    fn scope_parsing_says_what_to_give() {
        let s = NiceScope::parse(&["31".into()], &["3001".into()]).unwrap();
        assert_eq!(s.terms(), (vec!["31".to_string()], vec!["3001".to_string(), "30".to_string()]));
        let e = NiceScope::parse(&["46".into()], &[]).unwrap_err().to_string();
        assert!(e.contains("1 to 45"), "{e}");
        let e = NiceScope::parse(&[], &["301".into()]).unwrap_err().to_string();
        assert!(e.contains("four digits"), "{e}");
    }
}
