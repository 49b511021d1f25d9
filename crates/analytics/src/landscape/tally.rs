//! The counters a landscape fills in its one pass. Application-level counts (applicants,
//! IPC, geography, life cycle) take each application once, at its first document;
//! publication and grant trends count every document.

use super::{
    ranked, years, Geography, KeyCount, PlaceCount, Scope, Spec, Trends, MIN_PUBLICATION_SPAN_YEARS,
    PUBLICATION_DELAY_MONTHS, TOP,
};
use crate::book::{Interner, Levels, NameBook};
use crate::catalogue::Catalogue;
use crate::names::OrgType;
use rustc_hash::{FxHashMap, FxHashSet, FxHasher};
use silkport_model::{cn_provinces, Date, PartyRole, RightFacts, RightKind, Status};
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};

/// Counts per IPC level and WIPO field, by main classification.
#[derive(Debug, Default, Clone)]
pub struct ClassCounts {
    pub total: u64,
    pub sections: FxHashMap<u32, u64>,
    pub classes: FxHashMap<u32, u64>,
    pub subclasses: FxHashMap<u32, u64>,
    pub groups: FxHashMap<u32, u64>,
    pub fields: FxHashMap<u8, u64>,
    /// Applications with no parsable IPC symbol.
    pub unclassified: u64,
}

impl ClassCounts {
    fn add(&mut self, main: Option<Levels>) {
        self.total += 1;
        let Some(l) = main else {
            self.unclassified += 1;
            return;
        };
        *self.sections.entry(l.section).or_default() += 1;
        let bump = |map: &mut FxHashMap<u32, u64>, id: Option<u32>| {
            if let Some(id) = id {
                *map.entry(id).or_default() += 1;
            }
        };
        bump(&mut self.classes, l.class);
        bump(&mut self.subclasses, l.subclass);
        bump(&mut self.groups, l.group);
        if l.field > 0 {
            *self.fields.entry(l.field).or_default() += 1;
        }
    }
}

/// The baseline: what the set is compared with.
#[derive(Debug, Default)]
pub struct BaseTally {
    seen: FxHashSet<u64>,
    pub classes: ClassCounts,
    pub filing: BTreeMap<u16, u64>,
}

impl BaseTally {
    pub fn push(&mut self, f: &RightFacts, main: Option<Levels>) {
        if !self.seen.insert(application_hash(f)) {
            return;
        }
        self.classes.add(main);
        if let Some(y) = filing_year(f) {
            *self.filing.entry(y).or_default() += 1;
        }
    }
}

/// What the set knows about one applicant (organisation key).
#[derive(Debug, Default, Clone)]
pub struct OwnerStats {
    pub count: u64,
    pub first_year: Option<u16>,
    pub last_year: Option<u16>,
    /// Where its first application seen places it (spelling ids into `SetTally::places`).
    pub country: Option<u32>,
    pub province: Option<u32>,
    pub city: Option<u32>,
}

/// Everything counted for the set.
#[derive(Debug, Default)]
pub struct SetTally {
    seen: FxHashSet<u64>,
    pub documents: u64,
    pub applications: u64,
    pub synthetic: u64,
    pub sources: FxHashMap<String, u64>,
    pub first_pub: Option<Date>,
    pub last_pub: Option<Date>,
    pub filing: BTreeMap<u16, u64>,
    pub publication: BTreeMap<u16, u64>,
    pub grant: BTreeMap<u16, u64>,
    pub kinds: FxHashMap<RightKind, u64>,
    pub status: FxHashMap<Option<Status>, u64>,
    pub classes: ClassCounts,
    /// Place names (countries, provinces, cities) interned.
    pub places: Interner,
    pub countries: FxHashMap<u32, u64>,
    pub provinces: FxHashMap<u32, u64>,
    pub cities: FxHashMap<u32, u64>,
    /// A city's Chinese name, by its English name's id.
    pub city_zh: FxHashMap<u32, u32>,
    pub owners: FxHashMap<u32, OwnerStats>,
    /// Applications per organisation type (each type once per application).
    pub types: FxHashMap<OrgType, u64>,
    /// How often each spelling was used for each organisation key.
    pub spellings: FxHashMap<(u32, u32), u32>,
    /// Inventor name (interned in `inventor_names`) and first owner key → applications.
    pub inventor_names: Interner,
    /// Whether each inventor name can be a person (not an organisation's name).
    inventor_is_person: Vec<bool>,
    pub inventors: FxHashMap<(u32, u32), u64>,
    pub inventor_mentions: u64,
    /// Pairs of owner keys (smaller first) on the same application.
    pub pairs: FxHashMap<(u32, u32), u64>,
    pub co_owned: u64,
    /// Organisation keys per filing year, for the life cycle.
    pub owner_years: FxHashSet<(u16, u32)>,
    /// (owner key, main subclass code, filing year) → applications, for early warning.
    pub owner_fields: FxHashMap<(u32, u32, u16), u64>,
    /// Documents citing, citations made, and the documents cited most by the set.
    pub citing: u64,
    pub citations: u64,
    pub cited_keys: Interner,
    pub cited_by_set: FxHashMap<u32, u64>,
    /// Set members cited anywhere in the registry: (forward citations, id, pub key, year).
    pub key_patents: Vec<(u32, String, String, Option<u16>)>,
    /// (citing id, cited key) for every citation the set makes; pairs within the set are the network.
    pub citation_pairs: Vec<(String, u32)>,
    /// Publication keys of set members, among those the registry cites.
    pub cited_members: FxHashSet<u32>,
}

/// Key patents kept while scanning before the list is cut back to `TOP`.
const KEY_PATENT_BUFFER: usize = 4 * TOP;

/// A right with more owners than this is not paired (the pairs would be noise).
const MAX_PAIRED_OWNERS: usize = 20;

impl SetTally {
    pub fn push(
        &mut self,
        f: &RightFacts,
        main: Option<Levels>,
        owner_keys: &[(u32, u32)],
        names: &NameBook,
        catalogue: &Catalogue,
    ) {
        self.count_document(f);
        if !self.seen.insert(application_hash(f)) {
            return;
        }
        self.applications += 1;
        let year = filing_year(f);
        if let Some(y) = year {
            *self.filing.entry(y).or_default() += 1;
        }
        *self.kinds.entry(f.kind).or_default() += 1;
        *self.status.entry(f.status).or_default() += 1;
        self.classes.add(main);
        self.count_place(f);
        self.count_owners(f, owner_keys, year, main.and_then(|m| m.subclass));
        self.count_types(owner_keys, names);
        self.count_inventors(f, owner_keys);
        self.count_citations(f, year, catalogue);
    }

    fn count_document(&mut self, f: &RightFacts) {
        self.documents += 1;
        self.synthetic += u64::from(f.synthetic);
        match self.sources.get_mut(f.source.as_str()) {
            Some(n) => *n += 1,
            None => {
                self.sources.insert(f.source.clone(), 1);
            }
        }
        if let Some(p) = f.publication {
            *self.publication.entry(p.year()).or_default() += 1;
            self.first_pub = Some(self.first_pub.map_or(p, |d| d.min(p)));
            self.last_pub = Some(self.last_pub.map_or(p, |d| d.max(p)));
        }
        if let Some(g) = f.grant {
            *self.grant.entry(g.year()).or_default() += 1;
        }
    }

    fn count_place(&mut self, f: &RightFacts) {
        let first = f.owners().next();
        let country = first.and_then(|p| p.country.as_deref()).unwrap_or("unknown");
        let id = self.places.id(country);
        *self.countries.entry(id).or_default() += 1;
        if let Some(p) = first.and_then(|p| p.province.as_deref()) {
            let id = self.places.id(p);
            *self.provinces.entry(id).or_default() += 1;
        }
        if let Some(c) = first.and_then(|p| p.city.as_deref()) {
            let id = self.places.id(c);
            *self.cities.entry(id).or_default() += 1;
            if let Some(zh) = first.and_then(|p| p.city_zh.as_deref()) {
                let zh = self.places.id(zh);
                self.city_zh.insert(id, zh);
            }
        }
    }

    fn count_owners(&mut self, f: &RightFacts, owner_keys: &[(u32, u32)], year: Option<u16>, subclass: Option<u32>) {
        let first = f.owners().next();
        for &(raw, key) in owner_keys {
            *self.spellings.entry((key, raw)).or_default() += 1;
            let new = !self.owners.contains_key(&key);
            let o = self.owners.entry(key).or_default();
            o.count += 1;
            if let Some(y) = year {
                o.first_year = Some(o.first_year.map_or(y, |v| v.min(y)));
                o.last_year = Some(o.last_year.map_or(y, |v| v.max(y)));
                self.owner_years.insert((y, key));
                if let Some(sc) = subclass {
                    *self.owner_fields.entry((key, sc, y)).or_default() += 1;
                }
            }
            if let Some(p) = first.filter(|_| new) {
                let mut intern = |s: &Option<String>| s.as_deref().map(|s| self.places.id(s));
                let (c, pr, ci) = (intern(&p.country), intern(&p.province), intern(&p.city));
                let o = self.owners.get_mut(&key).expect("inserted above");
                (o.country, o.province, o.city) = (c, pr, ci);
            }
        }
        if owner_keys.len() > 1 {
            self.co_owned += 1;
            if owner_keys.len() <= MAX_PAIRED_OWNERS {
                for (i, a) in owner_keys.iter().enumerate() {
                    for b in &owner_keys[i + 1..] {
                        let pair = if a.1 < b.1 { (a.1, b.1) } else { (b.1, a.1) };
                        *self.pairs.entry(pair).or_default() += 1;
                    }
                }
            }
        }
    }

    fn count_types(&mut self, owner_keys: &[(u32, u32)], names: &NameBook) {
        let mut seen: [bool; OrgType::ALL.len()] = Default::default();
        for &(raw, _) in owner_keys {
            let t = names.org_type(raw);
            let i = OrgType::ALL.iter().position(|x| *x == t).unwrap_or(0);
            if !std::mem::replace(&mut seen[i], true) {
                *self.types.entry(t).or_default() += 1;
            }
        }
    }

    /// Inventors are told apart by name and first owner: two 张伟 at different applicants
    /// are two people. Organisations' names in the inventor field (some CNIPA rows put
    /// the applicant there) are not counted: inventors are people.
    fn count_inventors(&mut self, f: &RightFacts, owner_keys: &[(u32, u32)]) {
        let owner = owner_keys.first().map_or(u32::MAX, |o| o.1);
        for p in f.parties_in(PartyRole::Inventor) {
            let name = p.name.trim();
            if name.is_empty() {
                continue;
            }
            let id = self.inventor_names.id(name);
            if id as usize == self.inventor_is_person.len() {
                self.inventor_is_person.push(matches!(OrgType::of(name), OrgType::Individual | OrgType::Other));
            }
            if !self.inventor_is_person[id as usize] {
                continue;
            }
            *self.inventors.entry((id, owner)).or_default() += 1;
            self.inventor_mentions += 1;
        }
    }

    fn count_citations(&mut self, f: &RightFacts, year: Option<u16>, catalogue: &Catalogue) {
        if !f.cites.is_empty() {
            self.citing += 1;
            self.citations += f.cites.len() as u64;
            for c in &f.cites {
                let id = self.cited_keys.id(c);
                *self.cited_by_set.entry(id).or_default() += 1;
                self.citation_pairs.push((f.id.clone(), id));
            }
        }
        let Some(pk) = f.pub_key.as_deref() else { return };
        let Some(&forward) = catalogue.cited.get(pk) else { return };
        let id = self.cited_keys.id(pk);
        self.cited_members.insert(id);
        self.key_patents.push((forward, f.id.clone(), pk.to_string(), year));
        if self.key_patents.len() > KEY_PATENT_BUFFER {
            self.cut_key_patents();
        }
    }

    /// The baseline counts of a set that is its own baseline.
    pub fn as_base(&self) -> BaseTally {
        BaseTally { seen: FxHashSet::default(), classes: self.classes.clone(), filing: self.filing.clone() }
    }

    pub fn cut_key_patents(&mut self) {
        self.key_patents.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        self.key_patents.truncate(TOP);
    }

    /// Years spanned by the middle 90 % of the set's publications: a few old documents
    /// from another source do not make a one-window set look like a time series.
    fn publication_span(&self) -> u16 {
        let total: u64 = self.publication.values().sum();
        let (lo, hi) = (total / 20, total - total / 20);
        let (mut seen, mut first, mut last) = (0, None, None);
        for (&year, &n) in &self.publication {
            seen += n;
            if first.is_none() && seen > lo {
                first = Some(year);
            }
            if last.is_none() && seen >= hi {
                last = Some(year);
            }
        }
        match (first, last) {
            (Some(a), Some(b)) => b - a + 1,
            _ => 0,
        }
    }

    pub fn scope(&self, spec: &Spec, scanned: u64, base: &BaseTally) -> Scope {
        let span = self.publication_span();
        Scope {
            set: spec.set.clone(),
            base: spec.base.clone(),
            scanned,
            documents: self.documents,
            applications: self.applications,
            base_applications: base.classes.total,
            synthetic: self.synthetic,
            sources: ranked(self.sources.iter().map(|(k, v)| (k.clone(), *v)), self.documents, TOP),
            first_publication: self.first_pub,
            last_publication: self.last_pub,
            incomplete_from: self.last_pub.map(incomplete_from),
            single_window: span < MIN_PUBLICATION_SPAN_YEARS,
        }
    }

    pub fn trends(&self, base: &BaseTally) -> Trends {
        Trends {
            filing: years(&self.filing),
            publication: years(&self.publication),
            grant: years(&self.grant),
            base_filing: years(&base.filing),
        }
    }

    pub fn kinds(&self) -> Vec<KeyCount> {
        ranked(self.kinds.iter().map(|(k, v)| (k.as_str().to_string(), *v)), self.applications, TOP)
    }

    pub fn status(&self) -> Vec<KeyCount> {
        let label = |s: &Option<Status>| s.map_or("unknown", |s| s.as_str()).to_string();
        ranked(self.status.iter().map(|(k, v)| (label(k), *v)), self.applications, TOP)
    }

    pub fn geography(&self) -> Geography {
        let rows = |m: &FxHashMap<u32, u64>, total: u64| -> Vec<PlaceCount> {
            ranked(m.iter().map(|(k, v)| (self.places.get(*k).to_string(), *v)), total, TOP)
                .into_iter()
                .map(|k| PlaceCount { name_zh: self.place_zh(&k.key), key: k.key, count: k.count, share: k.share })
                .collect()
        };
        Geography {
            countries: rows(&self.countries, self.applications),
            provinces: rows(&self.provinces, self.provinces.values().sum()),
            cities: rows(&self.cities, self.cities.values().sum()),
        }
    }

    /// The Chinese name of a province or city the set has seen (English name given).
    pub fn place_zh(&self, en: &str) -> Option<String> {
        if let Some((zh, _)) = cn_provinces().find(|(_, e)| *e == en) {
            return Some(zh.to_string());
        }
        let id = self.places.find(en)?;
        self.city_zh.get(&id).map(|zh| self.places.get(*zh).to_string())
    }
}

/// The first filing year not complete when the latest document was published.
pub fn incomplete_from(last_publication: Date) -> u16 {
    let months = last_publication.year() as i32 * 12 + last_publication.month() as i32 - 1;
    let covered = months - PUBLICATION_DELAY_MONTHS as i32;
    // Filings of year Y are all published once Y's December plus the delay has passed.
    let last_complete = (covered - 11).div_euclid(12);
    (last_complete + 1) as u16
}

/// Filing year, else the statistics year.
pub fn filing_year(f: &RightFacts) -> Option<u16> {
    f.filing.map(Date::year).or(f.year)
}

/// Documents of one application share their application key; without one a document
/// stands alone.
fn application_hash(f: &RightFacts) -> u64 {
    let mut h = FxHasher::default();
    match &f.app_key {
        Some(k) => (0u8, k).hash(&mut h),
        None => (1u8, &f.id).hash(&mut h),
    }
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_few_old_documents_do_not_widen_the_publication_window() {
        let span = |years: &[(u16, u64)]| {
            SetTally { publication: years.iter().copied().collect(), ..SetTally::default() }.publication_span()
        };
        assert_eq!(span(&[(2005, 2), (2010, 3), (2017, 95)]), 1);
        assert_eq!(span(&[(2005, 20), (2010, 30), (2017, 50)]), 13);
    }

    #[test]
    fn incomplete_years_follow_the_publication_delay() {
        // Published up to 2017-08-15: filings of 2015 were all out by 2017-06-30, 2016's not.
        assert_eq!(incomplete_from(Date::new(2017, 8, 15).unwrap()), 2016);
        assert_eq!(incomplete_from(Date::new(2017, 6, 30).unwrap()), 2016);
        assert_eq!(incomplete_from(Date::new(2017, 5, 31).unwrap()), 2015);
        assert_eq!(incomplete_from(Date::new(2026, 12, 31).unwrap()), 2025);
    }
}
