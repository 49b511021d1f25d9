//! Parties to a right: applicants, assignees, inventors, agents, pledgees and others,
//! with names in several languages and an address.

use crate::address::{extract_cn_region, CnRegion};
use crate::text::{Lang, LocalizedText};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartyRole {
    Applicant,
    Assignee,
    Inventor,
    Agent,
    /// The creditor holding a pledge or security interest.
    Pledgee,
    /// The owner granting a pledge or security interest.
    Pledgor,
    Assignor,
    Licensee,
    Licensor,
    /// Registered holder of a mark, GI, copyright or plant variety.
    Holder,
    Author,
    Examiner,
}

impl PartyRole {
    pub fn as_str(self) -> &'static str {
        match self {
            PartyRole::Applicant => "applicant",
            PartyRole::Assignee => "assignee",
            PartyRole::Inventor => "inventor",
            PartyRole::Agent => "agent",
            PartyRole::Pledgee => "pledgee",
            PartyRole::Pledgor => "pledgor",
            PartyRole::Assignor => "assignor",
            PartyRole::Licensee => "licensee",
            PartyRole::Licensor => "licensor",
            PartyRole::Holder => "holder",
            PartyRole::Author => "author",
            PartyRole::Examiner => "examiner",
        }
    }

    pub const ALL: [PartyRole; 12] = [
        PartyRole::Applicant,
        PartyRole::Assignee,
        PartyRole::Inventor,
        PartyRole::Agent,
        PartyRole::Pledgee,
        PartyRole::Pledgor,
        PartyRole::Assignor,
        PartyRole::Licensee,
        PartyRole::Licensor,
        PartyRole::Holder,
        PartyRole::Author,
        PartyRole::Examiner,
    ];

    pub fn parse(s: &str) -> Option<PartyRole> {
        PartyRole::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    /// The address as written by the office.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postcode: Option<String>,
    /// ISO 3166 alpha-2 country code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Province and city of a Chinese address, derived from `text` and `postcode`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cn_region: Option<CnRegion>,
}

impl Address {
    /// A Chinese address, with its province and city extracted.
    pub fn chinese(text: &str, postcode: Option<&str>) -> Address {
        let postcode = postcode.map(str::trim).filter(|p| !p.is_empty() && *p != "0");
        let cn_region = extract_cn_region(text, postcode);
        Address {
            text: Some(text.trim().to_string()).filter(|t| !t.is_empty()),
            postcode: postcode.map(str::to_string),
            country: cn_region.as_ref().map(|_| "CN".to_string()),
            cn_region,
            ..Address::default()
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    pub role: PartyRole,
    /// The name in each language it is given in; the first is the name of record.
    pub names: Vec<LocalizedText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
    /// Legal person (company, university) rather than a natural person, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<bool>,
}

impl Party {
    pub fn new(role: PartyRole, lang: Lang, name: impl Into<String>) -> Party {
        Party { role, names: vec![LocalizedText::new(lang, name)], address: None, organisation: None }
    }

    pub fn with_address(mut self, address: Address) -> Party {
        self.address = Some(address);
        self
    }

    /// The name of record.
    pub fn name(&self) -> &str {
        self.names.first().map(|n| n.text.as_str()).unwrap_or("")
    }

    pub fn country(&self) -> Option<&str> {
        self.address.as_ref()?.country.as_deref()
    }
}

/// A party name folded for comparison (applicant statistics, ownership): full-width forms
/// to ASCII, ASCII upper case, brackets to `()`, dots and apostrophes dropped (`G.m.b.H.` → `GMBH`, `L'Oréal` → `LORÉAL`), other punctuation (`,"&-/` and the
/// like) to spaces, runs of spaces to one.
pub fn fold_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut space = false;
    for c in name.chars() {
        let c = match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            '【' | '〔' => '(',
            '】' | '〕' => ')',
            _ => c,
        };
        if matches!(c, '.' | '\'' | '’') {
            continue;
        }
        let c = c.to_ascii_uppercase();
        let keep = c.is_alphanumeric() || c == '(' || c == ')';
        if keep {
            if space && !out.is_empty() {
                out.push(' ');
            }
            out.push(c);
            space = false;
        } else {
            space = true;
        }
    }
    out
}
