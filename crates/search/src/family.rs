//! Patent families for result grouping.
//!
//! The registry knows families in pieces: an office family id (INPADOC, from EPO OPS),
//! publications listed as members or related documents, the application a publication
//! belongs to, and the priorities it claims. Each piece is a *link*: two documents sharing
//! a link are in one family, and families are the connected groups of the matching
//! documents (union–find at query time), so a pre-grant publication, its grant and the EP
//! and CN members that claim the same priority fall together even when no record lists
//! all of them. Links are indexed as 64-bit FNV-1a hashes in a multi-valued fast field.

use crate::schema::Fields;
use silkport_model::{PublicationId, Right};
use std::collections::BTreeSet;
use tantivy::TantivyDocument;

/// Priority numbers shorter than this (digits) are too vague to link documents.
const MIN_PRIORITY_DIGITS: usize = 4;

/// The family links of a right, as text (`F:` family id, `N:` publication key of itself
/// or a listed member, `A:` application, `P:` claimed priority).
pub fn links(r: &Right) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    if let Some(id) = &r.family.id {
        out.insert(format!("F:{id}"));
    }
    match r.pub_key() {
        Some(k) => out.insert(format!("N:{}", k.0)),
        None => out.insert(format!("N:{}", r.id.as_str())),
    };
    for m in &r.family.members {
        let key = PublicationId::parse(m).map(|p| p.key().0).unwrap_or_else(|_| m.to_ascii_uppercase());
        out.insert(format!("N:{key}"));
    }
    if let Some(a) = r.app_key() {
        out.insert(format!("A:{a}"));
    }
    for p in &r.priorities {
        let number: String = p.number.chars().filter(char::is_ascii_alphanumeric).collect();
        if number.chars().filter(char::is_ascii_digit).count() >= MIN_PRIORITY_DIGITS {
            out.insert(format!("P:{}{}", p.country.to_ascii_uppercase(), number.to_ascii_uppercase()));
        }
    }
    out
}

/// 64-bit FNV-1a: stable across builds and platforms, unlike the std hasher.
pub fn hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

pub fn add_fields(f: &Fields, r: &Right, d: &mut TantivyDocument) {
    for l in links(r) {
        d.add_u64(f.family_links, hash(&l));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use silkport_model::{AppNumber, Priority, RightId, RightKind};

    #[test]
    fn links_cover_family_id_members_application_and_priorities() {
        let id = RightId::from(PublicationId::parse("US9291047B2").unwrap());
        let mut r = Right::new(id, RightKind::InventionPatent, "US", "test");
        r.family.id = Some("50474376".into());
        r.family.members = vec!["US2014102795A1".into()];
        r.application = AppNumber::parse("US13650941").ok();
        r.priorities.push(Priority { country: "us".into(), number: "61/712,843".into(), date: None });
        r.priorities.push(Priority { country: "US".into(), number: "12".into(), date: None });
        let l = links(&r);
        assert!(l.contains("F:50474376") && l.contains("N:US9291047") && l.contains("N:US2014102795"), "{l:?}");
        assert!(l.contains("P:US61712843") && !l.iter().any(|x| x == "P:US12"), "{l:?}");
        assert!(l.iter().any(|x| x.starts_with("A:")), "{l:?}");
        assert_ne!(hash("N:US9291047"), hash("N:US9291048"));
    }
}
