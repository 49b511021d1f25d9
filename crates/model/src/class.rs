//! Classifications: IPC and CPC (with their hierarchy), Locarno (designs), Nice (marks),
//! and national schemes kept verbatim (USPC).

use crate::ModelError;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClassScheme {
    Ipc,
    Cpc,
    Locarno,
    Nice,
    Uspc,
    /// EU agricultural product classes (1.1 … 2.x), wine and spirit categories of GIs.
    Product,
}

impl ClassScheme {
    pub fn as_str(self) -> &'static str {
        match self {
            ClassScheme::Ipc => "ipc",
            ClassScheme::Cpc => "cpc",
            ClassScheme::Locarno => "locarno",
            ClassScheme::Nice => "nice",
            ClassScheme::Uspc => "uspc",
            ClassScheme::Product => "product",
        }
    }

    pub const ALL: [ClassScheme; 6] = [
        ClassScheme::Ipc,
        ClassScheme::Cpc,
        ClassScheme::Locarno,
        ClassScheme::Nice,
        ClassScheme::Uspc,
        ClassScheme::Product,
    ];

    pub fn parse(s: &str) -> Option<ClassScheme> {
        ClassScheme::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// One classification of a right. `symbol` is canonical for IPC/CPC (`H01M10/0525`),
/// `12-08` for Locarno, the class number (`30`) or similar-group code (`3001`) for Nice.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Classification {
    pub scheme: ClassScheme,
    pub symbol: String,
    /// The main (first, inventive) classification of the right.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub main: bool,
}

impl Classification {
    /// IPC or CPC, parsed and made canonical; other schemes are trimmed verbatim.
    pub fn new(scheme: ClassScheme, symbol: &str, main: bool) -> Result<Self, ModelError> {
        let symbol = match scheme {
            // Office data mostly spells symbols canonically already; parsing and printing
            // them again was a tenth of the CNIPA parser's time.
            ClassScheme::Ipc | ClassScheme::Cpc if is_canonical_ipc(symbol) => symbol.to_string(),
            ClassScheme::Ipc | ClassScheme::Cpc => IpcSymbol::parse(symbol)?.to_string(),
            _ => {
                let s = symbol.trim();
                if s.is_empty() {
                    return Err(ModelError::Classification { scheme: scheme.as_str(), input: symbol.into() });
                }
                s.to_string()
            }
        };
        Ok(Classification { scheme, symbol, main })
    }
}

/// An IPC/CPC symbol split into its levels: section `H`, class `01`, subclass `M`,
/// main group `10`, subgroup `0525`. Shorter symbols (`H01M`, `H01`) stop at their level.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IpcSymbol {
    section: char,
    class: Option<String>,
    subclass: Option<char>,
    group: Option<(String, String)>,
}

impl IpcSymbol {
    /// Accepts `H01M 10/0525`, `H01M0010052500` (WIPO 14-character form), `H01M10/0525`,
    /// `H01M 10/05 (2010.01)` and shorter prefixes such as `H01M` and `H`.
    pub fn parse(input: &str) -> Result<Self, ModelError> {
        let bad = || ModelError::Classification { scheme: "IPC", input: input.to_string() };
        let head = input.split('(').next().unwrap_or("");
        let s: String = head.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
        let b = s.as_bytes();
        let section = *b.first().ok_or_else(bad)? as char;
        if !('A'..='H').contains(&section) && section != 'Y' {
            return Err(bad());
        }
        if b.len() == 1 {
            return Ok(IpcSymbol { section, class: None, subclass: None, group: None });
        }
        let class = s.get(1..3).filter(|c| c.bytes().all(|x| x.is_ascii_digit())).ok_or_else(bad)?;
        let subclass = match b.get(3) {
            None => return Ok(IpcSymbol { section, class: Some(class.into()), subclass: None, group: None }),
            Some(c) if c.is_ascii_uppercase() => *c as char,
            _ => return Err(bad()),
        };
        let rest = &s[4..];
        let group = if rest.is_empty() { None } else { Some(parse_group(rest).ok_or_else(bad)?) };
        Ok(IpcSymbol { section, class: Some(class.into()), subclass: Some(subclass), group })
    }

    pub fn section(&self) -> String {
        self.section.to_string()
    }
    pub fn class(&self) -> Option<String> {
        Some(format!("{}{}", self.section, self.class.as_ref()?))
    }
    pub fn subclass(&self) -> Option<String> {
        Some(format!("{}{}", self.class()?, self.subclass?))
    }
    /// The main group, `H01M10/00`.
    pub fn main_group(&self) -> Option<String> {
        let (g, _) = self.group.as_ref()?;
        Some(format!("{}{}/00", self.subclass()?, g))
    }

    /// Every ancestor from section down to this symbol, for hierarchical search and facets.
    pub fn hierarchy(&self) -> Vec<String> {
        let mut out = vec![self.section()];
        out.extend(self.class());
        out.extend(self.subclass());
        out.extend(self.main_group());
        if self.group.as_ref().is_some_and(|(_, sub)| sub != "00") {
            out.push(self.to_string());
        }
        out
    }
}

/// Whether `s` is already what `IpcSymbol::parse(s)?.to_string()` gives: `H`, `H01`,
/// `H01M`, or `H01M10/0525` with a main group of 1 to 6 digits without leading zeros (or `0`)
/// and a subgroup of 2 to 6 digits.
fn is_canonical_ipc(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |t: &[u8]| t.iter().all(u8::is_ascii_digit);
    let section_ok = b.first().is_some_and(|&c| (b'A'..=b'H').contains(&c) || c == b'Y');
    match b.len() {
        0 => false,
        1 => section_ok,
        2 => false,
        3 => section_ok && digits(&b[1..3]),
        _ if !(section_ok && digits(&b[1..3]) && b[3].is_ascii_uppercase()) => false,
        4 => true,
        _ => match s[4..].split_once('/') {
            Some((g, sub)) => {
                let group_ok = (1..=6).contains(&g.len()) && digits(g.as_bytes()) && (g == "0" || !g.starts_with('0'));
                group_ok && (2..=6).contains(&sub.len()) && digits(sub.as_bytes())
            }
            None => false,
        },
    }
}

/// Parses `10/0525`, or the 14-character form's `0010052500` (4-digit group, 6-digit subgroup).
fn parse_group(rest: &str) -> Option<(String, String)> {
    let (g, sub) = match rest.split_once('/') {
        Some(("", _)) | Some((_, "")) => return None,
        Some((g, sub)) => (g.to_string(), sub.to_string()),
        None if rest.len() == 10 && rest.bytes().all(|b| b.is_ascii_digit()) => {
            (rest[..4].to_string(), rest[4..].trim_end_matches('0').to_string())
        }
        None => return None,
    };
    let g = g.trim_start_matches('0');
    let g = if g.is_empty() { "0" } else { g };
    let mut sub = sub;
    while sub.len() < 2 {
        sub.push('0');
    }
    let ok = |t: &str| !t.is_empty() && t.len() <= 6 && t.bytes().all(|b| b.is_ascii_digit());
    (ok(g) && ok(&sub)).then(|| (g.to_string(), sub))
}

impl fmt::Display for IpcSymbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use fmt::Write;
        f.write_char(self.section)?;
        if let Some(c) = &self.class {
            f.write_str(c)?;
        }
        if let Some(sc) = self.subclass {
            f.write_char(sc)?;
        }
        if let Some((g, sub)) = &self.group {
            f.write_str(g)?;
            f.write_char('/')?;
            f.write_str(sub)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon(s: &str) -> String {
        IpcSymbol::parse(s).unwrap().to_string()
    }

    #[test]
    fn canonical_forms() {
        assert_eq!(canon("H01M 10/0525"), "H01M10/0525");
        assert_eq!(canon("H01M  10/0525 (2010.01)"), "H01M10/0525");
        assert_eq!(canon("H01M0010052500"), "H01M10/0525");
        assert_eq!(canon("A61K0031000000"), "A61K31/00");
        assert_eq!(canon("H04L29/12"), "H04L29/12");
        assert_eq!(canon("h04n 19/159"), "H04N19/159");
        assert_eq!(canon("H01M"), "H01M");
        assert_eq!(canon("C07"), "C07");
    }

    /// The shortcut for canonical symbols agrees with parsing and printing, on real
    /// spellings from the office files and on near misses.
    #[test]
    fn canonical_shortcut_agrees_with_parsing() {
        let inputs = [
            "H04N19/159",
            "H04L29/12",
            "A61K31/00",
            "H01M10/0525",
            "G06Q40/04",
            "H01L21/8238",
            "H",
            "C07",
            "H01M",
            "A01B1/00",
            "Y02E10/50",
            "F24F11/00",
            "C12N15/113",
            "H01M0010052500",
            "H01M 10/0525",
            "h04n19/159",
            "H01M10/5",
            "H01M010/0525",
            "H01M10/",
            "H01M/05",
            "H01M10/0525 (2010.01)",
            "I01M10/00",
            "H0",
            "H01",
            "H1M",
            "H01m",
            "H01M1234567/00",
            "H01M1/1234567",
            "H01M0/00",
            "H01M00/00",
            "",
            "H01M10/05a",
        ];
        for s in inputs {
            let slow = IpcSymbol::parse(s).map(|p| p.to_string()).ok();
            if is_canonical_ipc(s) {
                assert_eq!(slow.as_deref(), Some(s), "{s:?} taken as canonical");
            } else {
                assert_ne!(slow.as_deref(), Some(s), "{s:?} is canonical but not recognised");
            }
        }
    }

    #[test]
    fn hierarchy() {
        let s = IpcSymbol::parse("H01M10/0525").unwrap();
        assert_eq!(s.hierarchy(), ["H", "H01", "H01M", "H01M10/00", "H01M10/0525"]);
        assert_eq!(IpcSymbol::parse("A61K31/00").unwrap().hierarchy(), ["A", "A61", "A61K", "A61K31/00"]);
    }

    #[test]
    fn rejects_garbage() {
        for s in ["", "Z01M", "H1", "H01m10", "H01M10/", "H01M/05", "H01M10/1234567"] {
            assert!(IpcSymbol::parse(s).is_err(), "{s}");
        }
    }
}
