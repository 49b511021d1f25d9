//! The canonical ledger entry, version 1 (docs/ledger-entry-format.md): one rights change
//! as deterministic UTF-8 lines. The log itself treats entries as opaque bytes; this module
//! only fixes how a change of a right's state becomes those bytes, with plain strings and
//! hashes and no dependency on the registry's types.

use std::collections::BTreeSet;

use crate::hash::Hash;
use crate::{Result, TlogError};

/// The first line of every version-1 entry.
pub const ENTRY_V1: &str = "silkport/ledger-entry/v1";
/// Entries must fit a C2SP entry bundle's uint16 length prefix.
pub const MAX_ENTRY_BYTES: usize = 65_535;

/// Event types registered for version 1. Other tokens are accepted, so that adding an event
/// type does not need a new version, but these are the ones silkport writes.
pub const EVENT_TYPES: &[&str] =
    &["registration", "grant", "transfer", "licence", "pledge", "release", "status", "valuation", "evidence"];

/// A party to the change, by role (`assignor`, `assignee`, `licensor`, `pledgee`, …).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EntryParty {
    pub role: String,
    pub name: String,
}

/// One change of a right's state.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Entry {
    /// The registry's canonical right id, e.g. `US8087209B2`.
    pub right: String,
    /// The event type, a lowercase token such as `transfer`.
    pub event: String,
    /// The legal date of the change, `YYYY-MM-DD`.
    pub date: String,
    /// The registry's deterministic event key, when the change comes from a source record.
    pub reference: Option<String>,
    /// The parties; encoded sorted by role then name.
    pub parties: Vec<EntryParty>,
    /// Further facts by key (`status granted`, `reel-frame 012345/0678`); sorted by key.
    pub attrs: Vec<(String, String)>,
    /// SHA-256 digests of the documents behind the change; the documents stay off the log.
    pub docs: Vec<Hash>,
}

impl Entry {
    /// The canonical bytes: fixed line order, repeated lines sorted and unique, LF endings.
    pub fn encode(&self) -> Result<Vec<u8>> {
        check_token("right id", &self.right, false)?;
        check_token("event type", &self.event, true)?;
        check_date(&self.date)?;
        let mut out = format!("{ENTRY_V1}\nright {}\nevent {}\ndate {}\n", self.right, self.event, self.date);
        if let Some(r) = &self.reference {
            check_token("reference", r, false)?;
            out.push_str(&format!("ref {r}\n"));
        }
        for p in sorted_unique("party", &self.parties)? {
            check_token("party role", &p.role, true)?;
            check_text("party name", &p.name)?;
            out.push_str(&format!("party {} {}\n", p.role, p.name));
        }
        let keys: Vec<&String> = self.attrs.iter().map(|(k, _)| k).collect();
        sorted_unique("attribute key", &keys)?;
        let mut attrs: Vec<&(String, String)> = self.attrs.iter().collect();
        attrs.sort();
        for (k, v) in attrs {
            check_token("attribute key", k, true)?;
            check_text("attribute value", v)?;
            out.push_str(&format!("attr {k} {v}\n"));
        }
        for d in sorted_unique("document hash", &self.docs)? {
            out.push_str(&format!("doc sha256 {}\n", d.to_hex()));
        }
        if out.len() > MAX_ENTRY_BYTES {
            return Err(malformed(format!("entry is {} bytes, the limit is 65,535", out.len())));
        }
        Ok(out.into_bytes())
    }

    /// Parses canonical entry bytes. Anything that would not encode back to exactly the same
    /// bytes (another order, a duplicate, CRLF, a missing final newline) is rejected.
    pub fn decode(bytes: &[u8]) -> Result<Entry> {
        let text = std::str::from_utf8(bytes).map_err(|_| malformed("not UTF-8".into()))?;
        let body = text.strip_suffix('\n').ok_or_else(|| malformed("must end in a newline".into()))?;
        let mut lines = body.split('\n');
        if lines.next() != Some(ENTRY_V1) {
            return Err(malformed(format!("first line must be {ENTRY_V1}")));
        }
        let mut field = |name: &str| -> Result<String> {
            let line = lines.next().unwrap_or_default();
            line.strip_prefix(name)
                .and_then(|v| v.strip_prefix(' '))
                .map(str::to_string)
                .ok_or_else(|| malformed(format!("expected a {name} line")))
        };
        let mut entry =
            Entry { right: field("right")?, event: field("event")?, date: field("date")?, ..Entry::default() };
        for line in lines {
            let (kind, value) = line.split_once(' ').ok_or_else(|| malformed(format!("bad line {line:?}")))?;
            match kind {
                "ref" if entry.reference.is_none() => entry.reference = Some(value.into()),
                "party" => {
                    let (role, name) =
                        value.split_once(' ').ok_or_else(|| malformed("party needs a role and a name".into()))?;
                    entry.parties.push(EntryParty { role: role.into(), name: name.into() });
                }
                "attr" => {
                    let (k, v) =
                        value.split_once(' ').ok_or_else(|| malformed("attr needs a key and a value".into()))?;
                    entry.attrs.push((k.into(), v.into()));
                }
                "doc" => {
                    let hex = value.strip_prefix("sha256 ").ok_or_else(|| malformed("doc must be sha256".into()))?;
                    entry
                        .docs
                        .push(Hash::from_hex(hex).ok_or_else(|| malformed("doc hash must be 64 hex digits".into()))?);
                }
                _ => return Err(malformed(format!("unexpected line {line:?}"))),
            }
        }
        if entry.encode()? != bytes {
            return Err(malformed("not in canonical form".into()));
        }
        Ok(entry)
    }
}

fn malformed(detail: String) -> TlogError {
    TlogError::MalformedEntry(detail)
}

/// `items` sorted, or an error naming `what` if two are equal.
fn sorted_unique<'a, T: Ord>(what: &str, items: &'a [T]) -> Result<Vec<&'a T>> {
    let set: BTreeSet<&T> = items.iter().collect();
    if set.len() != items.len() {
        return Err(malformed(format!("duplicate {what}")));
    }
    Ok(set.into_iter().collect())
}

/// A token: non-empty, at most 256 bytes, no whitespace or control characters; `lower`
/// tokens are `[a-z][a-z0-9-]*`.
fn check_token(what: &str, s: &str, lower: bool) -> Result<()> {
    let ok = if lower {
        s.starts_with(|c: char| c.is_ascii_lowercase())
            && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    } else {
        !s.chars().any(|c| c.is_whitespace() || c.is_control())
    };
    if s.is_empty() || s.len() > 256 || !ok {
        return Err(malformed(format!("invalid {what} {s:?}")));
    }
    Ok(())
}

/// Free text (a name, a value): non-empty, no control characters, no leading or trailing
/// whitespace. Bytes are kept as given: silkport does not normalise Unicode here.
fn check_text(what: &str, s: &str) -> Result<()> {
    if s.is_empty() || s.chars().any(char::is_control) || s.trim() != s {
        return Err(malformed(format!("invalid {what} {s:?}")));
    }
    Ok(())
}

/// A real calendar date written `YYYY-MM-DD`.
fn check_date(s: &str) -> Result<()> {
    let bad = || malformed(format!("invalid date {s:?} (expected YYYY-MM-DD)"));
    let b = s.as_bytes();
    if !s.is_ascii() || b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return Err(bad());
    }
    let num = |r: std::ops::Range<usize>| {
        let part = &s[r];
        part.bytes().all(|c| c.is_ascii_digit()).then(|| part.parse::<u32>().ok()).flatten()
    };
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else { return Err(bad()) };
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    if !(1..=12).contains(&m) || d == 0 || d > days[m as usize - 1] {
        return Err(bad());
    }
    Ok(())
}
