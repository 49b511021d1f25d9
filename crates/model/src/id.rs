//! Identifiers per WIPO ST.3 (office codes), ST.16 (kind codes) and ST.13 (application
//! numbers), as parsed newtypes. The canonical publication id is country code + number
//! without leading zeros + kind code: `US8087209B2`, `EP3782854A1`, `CN103701956B`.

use crate::ModelError;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

/// Letter series that US numbers carry in front of their digits (designs, reissues,
/// plant patents, statutory invention registrations, X-patents).
const US_SERIES_PREFIXES: [&str; 6] = ["RE", "PP", "AI", "D", "H", "T"];

/// A publication number: `US8087209B2`. The kind code may be absent when a source
/// names a patent by number only (`US 8,087,209`); such ids are looked up by [`PubKey`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PublicationId {
    country: String,
    number: String,
    kind: Option<String>,
}

/// A publication id without its kind code (`US8087209`): what assignment and legal-event
/// records use to name a patent, and how the registry joins events to rights.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PubKey(pub String);

impl PublicationId {
    pub fn new(country: &str, number: &str, kind: Option<&str>) -> Result<Self, ModelError> {
        let joined = format!("{country}{number}{}", kind.unwrap_or(""));
        let id = Self::parse(&joined)?;
        if id.country != country.trim().to_ascii_uppercase() {
            return Err(pub_err(&joined, "country code and number run together"));
        }
        Ok(id)
    }

    pub fn country(&self) -> &str {
        &self.country
    }
    pub fn number(&self) -> &str {
        &self.number
    }
    pub fn kind(&self) -> Option<&str> {
        self.kind.as_deref()
    }
    pub fn key(&self) -> PubKey {
        PubKey(concat(&self.country, &self.number))
    }
    pub fn with_kind(&self, kind: &str) -> Result<Self, ModelError> {
        Self::new(&self.country, &self.number, Some(kind))
    }

    /// Accepts the common variants: `US 8,087,209 B2`, `US08087209B2`, `EP 3 782 854 A1`,
    /// `US-8087209-B2`, `WO 2014/059282 A1`, `US2022/0240350 A1`, `USD0435854S1`.
    pub fn parse(input: &str) -> Result<Self, ModelError> {
        let compact = compact_upper(input);
        if !compact.is_ascii() {
            return Err(pub_err(input, "non-ASCII characters"));
        }
        if compact.len() < 3 || !compact.as_bytes()[..2].iter().all(u8::is_ascii_alphabetic) {
            return Err(pub_err(input, "must start with a two-letter office code"));
        }
        let country = compact[..2].to_string();
        let rest = &compact[2..];
        let (series, rest) = split_series(&country, rest);
        let digits_end = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
        let (digits, kind) = rest.split_at(digits_end);
        if digits.is_empty() {
            return Err(pub_err(input, "no digits after the office code"));
        }
        let kind = parse_kind(input, kind)?;
        let trimmed = digits.trim_start_matches('0');
        if trimmed.is_empty() {
            return Err(pub_err(input, "number is all zeros"));
        }
        Ok(PublicationId { country, number: concat(series, trimmed), kind })
    }
}

/// The number without separators, upper-cased; borrowed when it is already so (office
/// bulk files write it compact, and this runs for every record).
fn compact_upper(input: &str) -> Cow<'_, str> {
    if input.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) {
        return Cow::Borrowed(input);
    }
    let compact = input
        .chars()
        .filter(|c| !matches!(c, ' ' | ',' | '-' | '/' | '.' | '_' | '\u{a0}'))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    Cow::Owned(compact)
}

/// Splits a US letter series (`D`, `RE`, `PP`…) off the front of the number.
fn split_series<'a>(country: &str, rest: &'a str) -> (&'a str, &'a str) {
    if country != "US" {
        return ("", rest);
    }
    for p in US_SERIES_PREFIXES {
        if let Some(after) = rest.strip_prefix(p) {
            if after.starts_with(|c: char| c.is_ascii_digit()) {
                return (&rest[..p.len()], after);
            }
        }
    }
    ("", rest)
}

/// ST.16 kind codes are one letter, optionally followed by one digit (`B2`, `A`, `S1`).
fn parse_kind(input: &str, kind: &str) -> Result<Option<String>, ModelError> {
    let b = kind.as_bytes();
    match b {
        [] => Ok(None),
        [l] if l.is_ascii_alphabetic() => Ok(Some(kind.to_string())),
        [l, d] if l.is_ascii_alphabetic() && d.is_ascii_digit() => Ok(Some(kind.to_string())),
        _ => Err(pub_err(input, "kind code must be a letter and at most one digit")),
    }
}

fn pub_err(input: &str, reason: &'static str) -> ModelError {
    ModelError::PublicationId { input: input.to_string(), reason }
}

impl fmt::Display for PublicationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Three plain writes: `write!` with arguments costs several times more, and ids are
        // printed for every right ingested.
        f.write_str(&self.country)?;
        f.write_str(&self.number)?;
        f.write_str(self.kind.as_deref().unwrap_or(""))
    }
}

impl FromStr for PublicationId {
    type Err = ModelError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

/// An application number per ST.13 as the office writes it, normalised: `CN201410005532.4`
/// (with its check digit), `US12345678`, `EP13844704`. Leading zeros are kept because US
/// series codes (`09/876,543`) begin with them.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AppNumber {
    country: String,
    number: String,
    check: Option<char>,
}

impl AppNumber {
    pub fn parse(input: &str) -> Result<Self, ModelError> {
        let bad = |reason| ModelError::AppNumber { input: input.to_string(), reason };
        let s: String = input
            .chars()
            .filter(|c| !matches!(c, ' ' | ',' | '/' | '-' | '\u{a0}'))
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if !s.is_ascii() || s.len() < 4 || !s.as_bytes()[..2].iter().all(u8::is_ascii_alphabetic) {
            return Err(bad("must start with a two-letter office code"));
        }
        let (body, check) = match s[2..].split_once('.') {
            Some((b, c)) if c.len() == 1 => (b.to_string(), c.chars().next()),
            Some(_) => return Err(bad("check character after the dot must be one character")),
            None => (s[2..].to_string(), None),
        };
        if body.is_empty() || !body.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(bad("number must be letters and digits"));
        }
        if !body.bytes().any(|b| b.is_ascii_digit()) {
            return Err(bad("number has no digits"));
        }
        Ok(AppNumber { country: s[..2].to_string(), number: body, check })
    }

    /// Builds from a country and an office-local number (`"US"`, `"12/345,678"`).
    pub fn from_parts(country: &str, number: &str) -> Result<Self, ModelError> {
        Self::parse(&format!("{}{}", country.trim(), number.trim()))
    }

    pub fn country(&self) -> &str {
        &self.country
    }

    /// The join key without the check character: `CN201410005532`.
    pub fn key(&self) -> String {
        concat(&self.country, &self.number)
    }
}

impl fmt::Display for AppNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use fmt::Write;
        f.write_str(&self.country)?;
        f.write_str(&self.number)?;
        match self.check {
            Some(c) => {
                f.write_char('.')?;
                f.write_char(c)
            }
            None => Ok(()),
        }
    }
}

/// The registry's primary key for a right. For patents it is the canonical publication id
/// (`CN103701956B`); for rights without a publication number it is
/// `<office>-<scheme>-<number>`, e.g. `EU-GI-PDO-IT-0628` or `RU-SW-2009610001`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RightId(String);

impl RightId {
    pub fn parse(input: &str) -> Result<Self, ModelError> {
        let s = input.trim();
        let bad = |reason| ModelError::RightId { input: input.to_string(), reason };
        if s.is_empty() || s.len() > 128 {
            return Err(bad("must be 1 to 128 characters"));
        }
        if s.chars().any(char::is_control) {
            return Err(bad("must not contain control characters"));
        }
        if let Some((office, rest)) = s.split_once('-').filter(|_| !s.contains(char::is_whitespace)) {
            if office.len() == 2 && office.bytes().all(|b| b.is_ascii_uppercase()) && !rest.is_empty() {
                return Ok(RightId(s.to_string()));
            }
        }
        PublicationId::parse(s)
            .map(RightId::from)
            .map_err(|_| bad("neither a publication number nor OFFICE-SCHEME-NUMBER"))
    }

    /// An id for a right identified by an office register number rather than a publication.
    pub fn registered(office: &str, scheme: &str, number: &str) -> Result<Self, ModelError> {
        Self::parse(&format!("{}-{}-{}", office.to_ascii_uppercase(), scheme, number.trim()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The publication id this right id spells, if it is one.
    pub fn publication(&self) -> Option<PublicationId> {
        if self.0.as_bytes().get(2) == Some(&b'-') {
            return None;
        }
        PublicationId::parse(&self.0).ok()
    }
}

impl From<PublicationId> for RightId {
    fn from(p: PublicationId) -> Self {
        RightId::from(&p)
    }
}

impl From<&PublicationId> for RightId {
    fn from(p: &PublicationId) -> Self {
        let mut id = p.key().0;
        id.push_str(p.kind().unwrap_or(""));
        RightId(id)
    }
}

impl fmt::Display for RightId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

macro_rules! serde_via_string {
    ($t:ty) => {
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                <$t>::parse(&s).map_err(serde::de::Error::custom)
            }
        }
    };
}
serde_via_string!(PublicationId);
serde_via_string!(AppNumber);

impl Serialize for RightId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}
impl<'de> Deserialize<'de> for RightId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        RightId::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// `a` then `b` in one allocation (keys are built for every right written; `format!`
/// costs several times more).
fn concat(a: &str, b: &str) -> String {
    let mut s = String::with_capacity(a.len() + b.len());
    s.push_str(a);
    s.push_str(b);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon(s: &str) -> String {
        PublicationId::parse(s).unwrap().to_string()
    }

    #[test]
    fn normalises_real_variants() {
        // Variants as they appear in USPTO XML (zero-padded doc-number), assignment records
        // (comma-grouped), EPO register printouts (spaced) and CNIPA TSV.
        assert_eq!(canon("US 8,087,209 B2"), "US8087209B2");
        assert_eq!(canon("US08087209B2"), "US8087209B2");
        assert_eq!(canon("us08087209b2"), "US8087209B2");
        assert_eq!(canon("EP 3 782 854 A1"), "EP3782854A1");
        assert_eq!(canon("EP3782854A1"), "EP3782854A1");
        assert_eq!(canon("CN103701956B"), "CN103701956B");
        assert_eq!(canon("US-8087209-B2"), "US8087209B2");
        assert_eq!(canon("WO 2014/059282 A1"), "WO2014059282A1");
        assert_eq!(canon("US2022/0240350 A1"), "US20220240350A1");
        assert_eq!(canon("US06982157B1"), "US6982157B1");
        assert_eq!(canon("USD0435854S1"), "USD435854S1");
        assert_eq!(canon("USRE042935E"), "USRE42935E");
        assert_eq!(canon("USPP017000P2"), "USPP17000P2");
        assert_eq!(canon("EP0000001A1"), "EP1A1");
    }

    #[test]
    fn number_without_kind_is_kept_kindless() {
        let p = PublicationId::parse("US 8,087,209").unwrap();
        assert_eq!(p.kind(), None);
        assert_eq!(p.key(), PubKey("US8087209".into()));
        assert_eq!(p.with_kind("B2").unwrap().to_string(), "US8087209B2");
    }

    #[test]
    fn rejects_garbage() {
        for s in ["", "8087209", "US", "USB2", "US0000B2", "US8087209B22X", "中国123", "U1"] {
            assert!(PublicationId::parse(s).is_err(), "{s}");
        }
    }

    #[test]
    fn application_numbers() {
        let a = AppNumber::parse("CN201410005532.4").unwrap();
        assert_eq!(a.to_string(), "CN201410005532.4");
        assert_eq!(a.key(), "CN201410005532");
        assert_eq!(AppNumber::parse("US 09/876,543").unwrap().to_string(), "US09876543");
        assert_eq!(AppNumber::from_parts("EP", "13844704").unwrap().key(), "EP13844704");
        assert!(AppNumber::parse("CN2014.45").is_err());
        assert!(AppNumber::parse("CN").is_err());
    }

    #[test]
    fn right_ids() {
        assert_eq!(RightId::parse("US 8,087,209 B2").unwrap().as_str(), "US8087209B2");
        assert_eq!(RightId::registered("eu", "GI", "PDO-IT-0628").unwrap().as_str(), "EU-GI-PDO-IT-0628");
        assert!(RightId::parse("EU-GI-PDO-IT-0628").unwrap().publication().is_none());
        assert!(RightId::parse("has space").is_err());
        let json = serde_json::to_string(&RightId::parse("CN103701956B").unwrap()).unwrap();
        assert_eq!(json, "\"CN103701956B\"");
    }
}
