//! Patent families for result grouping.
//!
//! The registry knows families in pieces: an office family id (INPADOC, from EPO OPS),
//! publications listed as members or related documents, the application a publication
//! belongs to, and the priorities it claims. Each piece is a *link*: two documents sharing
//! a link are in one family, and families are the connected groups of the matching
//! documents (union–find at query time), so a pre-grant publication, its grant and the EP
//! and CN members that claim the same priority fall together even when no record lists
//! all of them. Links are indexed as 64-bit FNV-1a hashes in a multi-valued fast field.
//!
//! `search_families` ranks every match, groups them and pages the families, so `total`
//! (documents), `total_families` and every page agree whatever the offset. Its memory is
//! one small record per match (rank key, address, links), never the documents.

use crate::columns::{DateValues, U64Values};
use crate::index::SearchIndex;
use crate::schema::Fields;
use crate::search::{FacetValue, Hit, SearchRequest, Sort};
use crate::xlang::Dictionary;
use crate::SearchError;
use serde::Serialize;
use silkport_model::{PublicationId, Right};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader, TantivyDocument};

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

/// A hit standing for its family: the family's best-ranked matching document, with the
/// other matching members.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FamilyHit {
    #[serde(flatten)]
    pub hit: Hit,
    /// Ids of the other matching documents of the family, best-ranked first.
    pub family_members: Vec<String>,
}

/// Results grouped by family: `total` counts documents, `total_families` families, and
/// the page (offset, limit) is a page of families.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FamilyResults {
    pub total: usize,
    pub total_families: usize,
    pub hits: Vec<FamilyHit>,
    pub facets: BTreeMap<String, Vec<FacetValue>>,
}

/// One match: its rank key (score, or publication day) and family links.
struct Match {
    key: f32,
    addr: DocAddress,
    links: Vec<u64>,
}

impl SearchIndex {
    /// Runs a query and groups the matches into families: every match is ranked (by
    /// relevance or date), matches sharing a family link are joined, each family is ranked
    /// by its best match, and the requested page of families is returned.
    pub fn search_families(
        &self,
        req: &SearchRequest,
        dict: Option<&Dictionary>,
    ) -> Result<FamilyResults, SearchError> {
        let (query, highlights) = self.request_query(req, dict)?;
        let searcher = self.reader.searcher();
        let by_date = req.sort != Sort::Relevance;
        let mut matches = searcher.search(query.as_ref(), &AllLinks { by_date })?;
        let total = matches.len();
        // Best first; date ascending reverses the key.
        let sign = if req.sort == Sort::DateAsc { -1.0 } else { 1.0 };
        matches.sort_by(|a, b| (b.key * sign).total_cmp(&(a.key * sign)).then(a.addr.cmp(&b.addr)));
        let groups = group(&matches);
        let total_families = groups.len();
        let facets = if req.facets { self.facets(&searcher, query.as_ref())? } else { BTreeMap::new() };
        let mut hits = Vec::new();
        for members in groups.into_iter().skip(req.offset).take(req.limit) {
            let best = &matches[members[0]];
            let score = (!by_date).then_some(best.key);
            let hit = self.hit(&searcher, best.addr, score, req.snippets.then_some(&highlights))?;
            let mut others = Vec::with_capacity(members.len() - 1);
            for &m in &members[1..] {
                let doc: TantivyDocument = searcher.doc(matches[m].addr)?;
                use tantivy::schema::Value;
                others.extend(doc.get_first(self.fields.id).and_then(|v| v.as_str()).map(str::to_string));
            }
            hits.push(FamilyHit { hit, family_members: others });
        }
        Ok(FamilyResults { total, total_families, hits, facets })
    }
}

/// Families of ranked matches (union–find over shared links), each a list of indices in
/// rank order, the families in the order of their best member.
fn group(matches: &[Match]) -> Vec<Vec<usize>> {
    let mut parent: Vec<usize> = (0..matches.len()).collect();
    fn find(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    let mut owner: HashMap<u64, usize> = HashMap::new();
    for (i, m) in matches.iter().enumerate() {
        for l in &m.links {
            match owner.get(l) {
                Some(&j) => {
                    let (a, b) = (find(&mut parent, i), find(&mut parent, j));
                    // The better-ranked root (smaller index) stays the root.
                    let (lo, hi) = if a < b { (a, b) } else { (b, a) };
                    parent[hi] = lo;
                }
                None => {
                    owner.insert(*l, i);
                }
            }
        }
    }
    let mut by_root: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..matches.len() {
        let r = find(&mut parent, i);
        by_root.entry(r).or_default().push(i);
    }
    // Roots are each family's best member and BTreeMap orders them by rank.
    by_root.into_values().collect()
}

/// Collects every match with its rank key and family links.
struct AllLinks {
    by_date: bool,
}

struct AllLinksSegment {
    seg: SegmentOrdinal,
    links: U64Values,
    date: Option<DateValues>,
    out: Vec<Match>,
}

impl Collector for AllLinks {
    type Fruit = Vec<Match>;
    type Child = AllLinksSegment;

    fn for_segment(&self, seg: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<AllLinksSegment> {
        let date = self.by_date.then(|| DateValues::open(reader, "pd"));
        Ok(AllLinksSegment { seg, links: U64Values::open(reader, "family_links"), date, out: Vec::new() })
    }

    fn requires_scoring(&self) -> bool {
        !self.by_date
    }

    fn merge_fruits(&self, fruits: Vec<Vec<Match>>) -> tantivy::Result<Vec<Match>> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

impl SegmentCollector for AllLinksSegment {
    type Fruit = Vec<Match>;

    fn collect(&mut self, doc: DocId, score: Score) {
        let key = match &self.date {
            Some(d) => d.days(doc).map_or(f32::MIN, |x| x as f32),
            None => score,
        };
        let links = self.links.get(doc).collect();
        self.out.push(Match { key, addr: DocAddress::new(self.seg, doc), links });
    }

    fn harvest(self) -> Vec<Match> {
        self.out
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
