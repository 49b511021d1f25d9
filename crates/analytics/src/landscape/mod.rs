//! The patent landscape of a set of rights against a baseline set: trends, applicants,
//! inventors, collaboration, IPC composition and specialisation, geography, citations,
//! life cycle, white space, legal status and early warning.
//!
//! One pass over [`RightFacts`] feeds a [`Tally`] for the set and a lighter one for the
//! baseline; `finish` turns them into a [`Landscape`] (plain serialisable data, no titles
//! yet: [`Landscape::label`] adds IPC titles from the registry). The rules behind every
//! figure are in docs/navigation.md; the constants they use are here, named.

mod cites;
mod ipc;
mod lifecycle;
mod owners;
mod tally;
mod warning;

pub use cites::{CitationEdge, Citations, CitedDocument, KeyPatent};
pub use ipc::{ClassRow, IpcComposition, Specialisation, WhiteSpace};
pub use lifecycle::{LifeCycle, LifePoint, Phase};
pub use owners::{ApplicantRow, Collaboration, Edge, InventorRow};
pub use tally::incomplete_from;
pub use warning::Surge;

use crate::book::{IpcBook, NameBook};
use crate::catalogue::{ipc_titles, Catalogue};
use crate::filter::Filter;
use crate::names::Aliases;
use crate::AnalyticsError;
use serde::Serialize;
use silkport_model::{Date, RightFacts};
use silkport_store::Store;
use tally::{BaseTally, SetTally};

/// How many rows a ranking keeps (charts show fewer; the CSV has these).
pub const TOP: usize = 50;

/// Invention applications are published 18 months after filing (or priority), so filing
/// years that end less than this many months before the latest publication are incomplete.
pub const PUBLICATION_DELAY_MONTHS: u16 = 18;

/// A set whose publications (the middle 90 % of them) span fewer years than this is a
/// cross-section of one publication window: its filing years show publication delay, not
/// filing activity, so the life cycle and early warning are not determined.
pub const MIN_PUBLICATION_SPAN_YEARS: u16 = 3;

/// What to compute: the set, and the baseline it is compared with.
#[derive(Debug, Clone, Serialize)]
pub struct Spec {
    pub set: Filter,
    pub base: Filter,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct YearCount {
    pub year: u16,
    pub count: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeyCount {
    pub key: String,
    pub count: u64,
    pub share: f64,
}

/// How many rights the set and baseline hold, and what the data can say.
#[derive(Debug, Clone, Serialize)]
pub struct Scope {
    pub set: Filter,
    pub base: Filter,
    /// Rights read from the registry.
    pub scanned: u64,
    /// Publications (documents) in the set; A and B of one application are two.
    pub documents: u64,
    /// Applications in the set: documents sharing an application number count once.
    pub applications: u64,
    pub base_applications: u64,
    pub synthetic: u64,
    /// Documents per source format (`cnipa-tsv`, `uspto-xml`, `demo`).
    pub sources: Vec<KeyCount>,
    pub first_publication: Option<Date>,
    pub last_publication: Option<Date>,
    /// Filing years from this one on are incomplete (not all published yet).
    pub incomplete_from: Option<u16>,
    /// The middle 90 % of the set's publications span fewer than `MIN_PUBLICATION_SPAN_YEARS` years.
    pub single_window: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Trends {
    /// Applications by filing year (the statistics year when no filing date is known).
    pub filing: Vec<YearCount>,
    /// Documents by publication year.
    pub publication: Vec<YearCount>,
    /// Documents by grant year.
    pub grant: Vec<YearCount>,
    /// The baseline's applications by filing year, for the set's share of it.
    pub base_filing: Vec<YearCount>,
}

/// A place with its Chinese name where it is a Chinese province or city.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlaceCount {
    pub key: String,
    pub name_zh: Option<String>,
    pub count: u64,
    pub share: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Geography {
    /// The first owner's country (`unknown` when the source gives none).
    pub countries: Vec<PlaceCount>,
    /// Chinese first owners' provinces and cities (English names, with Chinese names).
    pub provinces: Vec<PlaceCount>,
    pub cities: Vec<PlaceCount>,
}

/// Everything the landscape found.
#[derive(Debug, Clone, Serialize)]
pub struct Landscape {
    pub scope: Scope,
    pub trends: Trends,
    pub kinds: Vec<KeyCount>,
    pub status: Vec<KeyCount>,
    pub applicants: Vec<ApplicantRow>,
    /// Applications per applicant type (an application with two owners of one type counts once).
    pub applicant_types: Vec<KeyCount>,
    pub inventors: Vec<InventorRow>,
    pub collaboration: Collaboration,
    pub ipc: IpcComposition,
    pub specialisation: Specialisation,
    pub white_space: Vec<WhiteSpace>,
    pub geography: Geography,
    pub citations: Citations,
    pub lifecycle: LifeCycle,
    pub early_warning: Vec<Surge>,
}

/// Computes a landscape from any facts: every right is offered to both the set and the baseline.
pub fn compute(
    facts: impl IntoIterator<Item = RightFacts>,
    spec: &Spec,
    catalogue: &Catalogue,
    aliases: Aliases,
) -> Landscape {
    let mut run = Run::new(spec, catalogue, aliases);
    for f in facts {
        run.push(&f);
    }
    run.finish()
}

/// Computes a landscape over the whole registry, reading facts a page at a time on a
/// second thread while this one counts.
pub fn from_store(store: &mut dyn Store, spec: &Spec) -> Result<Landscape, AnalyticsError> {
    let catalogue = Catalogue::load(store)?;
    let mut run = Run::new(spec, &catalogue, Aliases::shipped());
    crate::scan::each(store, |f| run.push(f))?;
    Ok(run.finish())
}

/// One landscape being computed.
pub struct Run<'a> {
    spec: &'a Spec,
    catalogue: &'a Catalogue,
    names: NameBook,
    ipc: IpcBook,
    set: SetTally,
    base: BaseTally,
    scanned: u64,
    owner_keys: Vec<(u32, u32)>,
    /// The baseline is the set itself (a full landscape): its counts are the set's, not counted twice.
    base_is_set: bool,
}

impl<'a> Run<'a> {
    pub fn new(spec: &'a Spec, catalogue: &'a Catalogue, aliases: Aliases) -> Run<'a> {
        Run {
            spec,
            catalogue,
            names: NameBook::new(aliases),
            ipc: IpcBook::default(),
            set: SetTally::default(),
            base: BaseTally::default(),
            scanned: 0,
            owner_keys: Vec::new(),
            base_is_set: spec.set == spec.base,
        }
    }

    pub fn push(&mut self, f: &RightFacts) {
        self.scanned += 1;
        self.owner_keys.clear();
        for p in f.owners() {
            let k = self.names.key(&p.name);
            if !self.owner_keys.iter().any(|o| o.1 == k.1) {
                self.owner_keys.push(k);
            }
        }
        let (names, keys) = (&self.names, &self.owner_keys);
        let owner_matches = |needle: &str| keys.iter().any(|(_, k)| names.keys.get(*k).contains(needle));
        let in_set = self.spec.set.matches(f, owner_matches);
        let in_base = !self.base_is_set
            && self.spec.base.matches(f, |needle| keys.iter().any(|(_, k)| names.keys.get(*k).contains(needle)));
        if !in_set && !in_base {
            return;
        }
        let main = f.main_ipc().and_then(|s| self.ipc.levels(s, self.catalogue));
        if in_base {
            self.base.push(f, main);
        }
        if in_set {
            self.set.push(f, main, &self.owner_keys, &self.names, self.catalogue);
        }
    }

    pub fn finish(mut self) -> Landscape {
        if self.base_is_set {
            self.base = self.set.as_base();
        }
        let scope = self.set.scope(self.spec, self.scanned, &self.base);
        let years = lifecycle::Window::of(&scope);
        Landscape {
            trends: self.set.trends(&self.base),
            kinds: self.set.kinds(),
            status: self.set.status(),
            applicants: owners::applicants(&self.set, &self.names),
            applicant_types: owners::types(&self.set),
            inventors: owners::inventors(&self.set, &self.names),
            collaboration: owners::collaboration(&self.set, &self.names),
            ipc: ipc::composition(&self.set, &self.base, &self.ipc),
            specialisation: ipc::specialisation(&self.set, &self.base, &self.ipc),
            white_space: ipc::white_space(&self.set, &self.base, &self.ipc),
            geography: self.set.geography(),
            citations: cites::citations(&self.set),
            lifecycle: lifecycle::life_cycle(&self.set, years),
            early_warning: warning::surges(&self.set, &self.names, &self.ipc, years),
            scope,
        }
    }
}

impl Landscape {
    /// Adds Chinese and English titles to every IPC code the landscape shows.
    pub fn label(&mut self, store: &mut dyn Store) -> Result<(), AnalyticsError> {
        let mut cache = rustc_hash::FxHashMap::default();
        let mut title = |code: &str| -> Result<(Option<String>, Option<String>), AnalyticsError> {
            if let Some(t) = cache.get(code) {
                return Ok(Clone::clone(t));
            }
            let t = ipc_titles(store, code)?;
            cache.insert(code.to_string(), t.clone());
            Ok(t)
        };
        for row in self.ipc.rows_mut().chain(self.specialisation.rows_mut()) {
            (row.title_zh, row.title_en) = title(&row.code)?;
        }
        for w in &mut self.white_space {
            (w.title_zh, w.title_en) = title(&w.group)?;
        }
        for s in &mut self.early_warning {
            (s.field_zh, s.field_en) = title(&s.field)?;
        }
        Ok(())
    }
}

/// Shares of a total, ordered by count (then key), at most `top` rows.
pub(crate) fn ranked(counts: impl IntoIterator<Item = (String, u64)>, total: u64, top: usize) -> Vec<KeyCount> {
    let mut rows: Vec<KeyCount> =
        counts.into_iter().map(|(key, count)| KeyCount { share: share(count, total), key, count }).collect();
    top_n(&mut rows, top, |a, b| b.count.cmp(&a.count).then_with(|| a.key.cmp(&b.key)));
    rows
}

/// The first `n` of `rows` in `order`, sorted; the rest dropped. Selects before sorting, so
/// ranking a few hundred thousand names costs a linear pass, not a full sort.
pub(crate) fn top_n<T>(rows: &mut Vec<T>, n: usize, mut order: impl FnMut(&T, &T) -> std::cmp::Ordering) {
    if rows.len() > n && n > 0 {
        rows.select_nth_unstable_by(n - 1, &mut order);
        rows.truncate(n);
    }
    rows.sort_by(order);
}

pub(crate) fn share(count: u64, total: u64) -> f64 {
    if total == 0 {
        0.0
    } else {
        count as f64 / total as f64
    }
}

pub(crate) fn years(map: &std::collections::BTreeMap<u16, u64>) -> Vec<YearCount> {
    map.iter().map(|(&year, &count)| YearCount { year, count }).collect()
}
