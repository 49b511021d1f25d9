//! The demo world: a deterministic, synthetic but realistic registry for the quick start
//! and for scale benchmarks up to 10 million rights. Every right is marked `synthetic`
//! and uses identifiers no office issues (`CN99…`, `US99…`, `XX-…`), so it can never be
//! mistaken for, or collide with, real office data. The world describes the registry as on
//! a fixed day, [`AS_OF`]: nothing in it is dated later.

mod rng;
mod vocab;

pub use rng::Rng;
use silkport_model::{
    Address, AppNumber, ClassScheme, Classification, Currency, Date, EventKind, Lang, LegalEvent, LocalizedText, Money,
    Party, PartyRole, PublicationId, Right, RightId, RightKind, Status,
};
use vocab::*;

/// Generates the world's rights one at a time; the `n`th right depends only on the seed
/// and `n`, so any slice of the world can be regenerated independently.
pub struct World {
    seed: u64,
}

impl World {
    pub fn new(seed: u64) -> World {
        World { seed }
    }

    /// The rights `0..size`, lazily.
    pub fn rights(&self, size: u64) -> impl Iterator<Item = Right> + '_ {
        (0..size).map(move |n| self.right(n))
    }

    /// The `n`th right of the world.
    pub fn right(&self, n: u64) -> Right {
        let mut rng = Rng::new(self.seed ^ n.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let kind = pick_weighted(&mut rng, KINDS);
        let mut right = match kind {
            RightKind::Trademark => trademark(&mut rng, n),
            RightKind::GeographicalIndication => gi(&mut rng, n),
            RightKind::Copyright | RightKind::SoftwareCopyright => copyright(&mut rng, n, kind),
            RightKind::PlantVariety => plant_variety(&mut rng, n),
            RightKind::IcLayout => ic_layout(&mut rng, n),
            _ => patent(&mut rng, n, kind),
        };
        right.synthetic = true;
        right.source.format = "demo".into();
        right.source.revision = Some(format!("seed-{}", self.seed));
        add_life_events(&mut rng, &mut right);
        // Drawn last, so every other field of the nth right is what it was before
        // co-applicants existed.
        add_co_applicant(&mut rng, &mut right);
        settle_as_of(&mut right, as_of());
        right
    }
}

/// The day the demo world describes. Fixed rather than the clock's today, so that a seed
/// and a size always give the same world; every date of the world lies on or before it.
pub const AS_OF: (u16, u8, u8) = (2026, 9, 30);

fn as_of() -> Date {
    Date::new(AS_OF.0, AS_OF.1, AS_OF.2).expect("a valid date")
}

/// Removes what would lie after `day` (grants, fee payments, deals, releases, lapses) and
/// sets the status the right then has on that day: a register never shows the future.
/// Draws nothing from the generator, so every other field stays as generated.
fn settle_as_of(r: &mut Right, day: Date) {
    if r.dates.grant.is_some_and(|g| g > day) {
        r.dates.grant = None;
        r.dates.expiry = None;
    }
    r.events.retain(|e| e.date.is_none_or(|d| d <= day));
    let lapsed = r.events.iter().any(|e| e.kind == EventKind::Lapse);
    r.status = Some(match (r.dates.grant, r.dates.expiry) {
        (None, _) => Status::Pending,
        _ if lapsed => Status::Lapsed,
        (Some(_), Some(end)) if end <= day => Status::Expired,
        (Some(_), _) => Status::Active,
    });
}

fn pick_weighted<T: Copy>(rng: &mut Rng, table: &[(T, u32)]) -> T {
    let total: u32 = table.iter().map(|(_, w)| w).sum();
    let mut x = rng.below(total as u64) as u32;
    for (item, w) in table {
        if x < *w {
            return *item;
        }
        x -= w;
    }
    table[0].0
}

fn date_between(rng: &mut Rng, from_year: u16, to_year: u16) -> Date {
    let start = Date::new(from_year, 1, 1).map_or(0, Date::to_days);
    let end = Date::new(to_year, 12, 31).map_or(start, Date::to_days);
    let span = (end - start).max(1) as u64;
    Date::from_days(start + rng.below(span) as i64).unwrap_or(Date::new(2020, 1, 1).expect("valid"))
}

fn plus_days(d: Date, days: u64) -> Date {
    Date::from_days(d.to_days() + days as i64).unwrap_or(d)
}

fn holder(rng: &mut Rng, role: PartyRole) -> Party {
    let (province, cities) = pick_weighted(rng, PROVINCES);
    let city = cities[rng.below(cities.len() as u64) as usize];
    let org = ORG_STEMS[rng.below(ORG_STEMS.len() as u64) as usize];
    let suffix = ORG_SUFFIXES[rng.below(ORG_SUFFIXES.len() as u64) as usize];
    let name = format!("{city}{org}{suffix}");
    let address =
        format!("{province}{city}市{}路{}号", ROADS[rng.below(ROADS.len() as u64) as usize], 1 + rng.below(300));
    let mut p = Party::new(role, Lang::ZH, name).with_address(Address::chinese(&address, None));
    p.organisation = Some(true);
    p
}

fn inventor(rng: &mut Rng) -> Party {
    let s = SURNAMES[rng.below(SURNAMES.len() as u64) as usize];
    let g = GIVEN[rng.below(GIVEN.len() as u64) as usize];
    let mut p = Party::new(PartyRole::Inventor, Lang::ZH, format!("{s}{g}"));
    p.organisation = Some(false);
    p
}

fn patent(rng: &mut Rng, n: u64, kind: RightKind) -> Right {
    let (office, lang) = pick_weighted(rng, PATENT_OFFICES);
    let granted = rng.below(100) < 55;
    let kind_code = match (kind, office, granted) {
        (RightKind::UtilityModel, _, _) => "U",
        (RightKind::Design, "US", _) => "S",
        (RightKind::Design, _, _) => "S",
        (_, "US", true) => "B2",
        (_, _, true) => "B",
        (_, _, false) => "A",
    };
    let number = format!("99{n:010}");
    let pubid = PublicationId::new(office, &number, Some(kind_code)).expect("synthetic ids are valid");
    let mut r = Right::new(RightId::from(pubid), kind, office, "demo");
    let filing = date_between(rng, 2005, 2024);
    let (topic_zh, topic_en, ipc) = TOPICS[rng.below(TOPICS.len() as u64) as usize];
    let form = FORMS[rng.below(FORMS.len() as u64) as usize];
    r.application = AppNumber::parse(&format!("{office}{}{:08}", filing.year(), n % 100_000_000)).ok();
    r.dates.filing = Some(filing);
    r.dates.publication = Some(plus_days(filing, 180 + rng.below(400)));
    if granted || kind != RightKind::InventionPatent {
        r.dates.grant = Some(plus_days(filing, 300 + rng.below(900)));
    }
    let term = if kind == RightKind::InventionPatent { 20 } else { 10 };
    r.dates.expiry = Some(filing.add_years(term));
    r.status = Some(if r.dates.grant.is_some() { Status::Active } else { Status::Pending });
    r.lang = Some(lang);
    r.texts.titles.push(LocalizedText::new(Lang::ZH, format!("{}{}", form.0, topic_zh)));
    r.texts.titles.push(LocalizedText::new(Lang::EN, format!("{} {}", form.1, topic_en)));
    r.texts.abstracts.push(LocalizedText::new(
        Lang::ZH,
        format!("本发明公开了{}{}，属于{}技术领域，结构简单，成本低，效率高。", form.0, topic_zh, topic_zh),
    ));
    let sub = format!("{ipc}{}/{:02}", 1 + rng.below(30), rng.below(10) * 2);
    r.classifications.extend(Classification::new(ClassScheme::Ipc, &sub, true));
    r.parties.push(holder(rng, PartyRole::Applicant));
    for _ in 0..1 + rng.below(3) {
        r.parties.push(inventor(rng));
    }
    r
}

fn registered(rng: &mut Rng, n: u64, kind: RightKind, scheme: &str, title: String) -> Right {
    let id = RightId::registered("XX", scheme, &format!("{n:010}")).expect("synthetic ids are valid");
    let mut r = Right::new(id, kind, "CN", "demo");
    r.registration = Some(format!("{scheme}{n:010}"));
    let filing = date_between(rng, 2005, 2024);
    r.dates.filing = Some(filing);
    r.dates.grant = Some(plus_days(filing, 200 + rng.below(400)));
    r.status = Some(Status::Active);
    r.lang = Some(Lang::ZH);
    r.texts.titles.push(LocalizedText::new(Lang::ZH, title));
    r.parties.push(holder(rng, PartyRole::Holder));
    r
}

fn trademark(rng: &mut Rng, n: u64) -> Right {
    let a = MARK_PARTS[rng.below(MARK_PARTS.len() as u64) as usize];
    let b = MARK_PARTS[rng.below(MARK_PARTS.len() as u64) as usize];
    let mut r = registered(rng, n, RightKind::Trademark, "TM", format!("{a}{b}"));
    let class = 1 + rng.below(45);
    r.classifications.extend(Classification::new(ClassScheme::Nice, &class.to_string(), true));
    if let Some(g) = r.dates.grant {
        r.dates.expiry = Some(g.add_years(10));
    }
    r
}

fn gi(rng: &mut Rng, n: u64) -> Right {
    let (place, product) = GI_PRODUCTS[rng.below(GI_PRODUCTS.len() as u64) as usize];
    let mut r = registered(rng, n, RightKind::GeographicalIndication, "GI", format!("{place}{product}"));
    r.classifications.extend(Classification::new(ClassScheme::Product, "agricultural", true));
    r
}

fn copyright(rng: &mut Rng, n: u64, kind: RightKind) -> Right {
    let (topic, _, _) = TOPICS[rng.below(TOPICS.len() as u64) as usize];
    let title = if kind == RightKind::SoftwareCopyright {
        format!("{topic}管理系统V{}.0", 1 + rng.below(5))
    } else {
        format!("{topic}图集")
    };
    let mut r = registered(rng, n, kind, "CR", title);
    r.parties.push(inventor(rng));
    if let Some(p) = r.parties.last_mut() {
        p.role = PartyRole::Author;
    }
    r
}

fn plant_variety(rng: &mut Rng, n: u64) -> Right {
    let crop = CROPS[rng.below(CROPS.len() as u64) as usize];
    let title = format!("陇{crop}{}号", 1 + rng.below(60));
    registered(rng, n, RightKind::PlantVariety, "PV", title)
}

fn ic_layout(rng: &mut Rng, n: u64) -> Right {
    let title = format!("{}位低功耗微控制器版图", [8, 16, 32, 64][rng.below(4) as usize]);
    let mut r = registered(rng, n, RightKind::IcLayout, "IC", title);
    if let Some(g) = r.dates.grant {
        r.dates.expiry = Some(g.add_years(10));
    }
    r
}

/// Percentage of patents filed jointly by two organisations.
const CO_APPLICANT_PERCENT: u64 = 12;

/// A second applicant on some patents, listed after the first, so landscapes have a
/// co-applicant network to draw.
fn add_co_applicant(rng: &mut Rng, r: &mut Right) {
    let patent = matches!(r.kind, RightKind::InventionPatent | RightKind::UtilityModel | RightKind::Design);
    if patent && rng.below(100) < CO_APPLICANT_PERCENT {
        r.parties.insert(1, holder(rng, PartyRole::Applicant));
    }
}

/// Fee payments, and for some rights a transfer, a licence deal, a pledge (and its
/// release), or a lapse, with amounts in integer minor units.
fn add_life_events(rng: &mut Rng, r: &mut Right) {
    let id = r.id.to_string();
    let Some(start) = r.dates.grant else { return };
    let owner = r.parties.first().map(|p| p.name().to_string()).unwrap_or_default();
    let years = 1 + rng.below(8);
    for y in 1..=years {
        // No renewal fees fall due after the term ends.
        if r.dates.expiry.is_some_and(|end| start.add_years(y as u16) >= end) {
            break;
        }
        let mut fee =
            LegalEvent::new(format!("demo:{id}:fee:{y}"), EventKind::FeePaid, Some(start.add_years(y as u16)));
        fee.amount = Some(Money { minor: (900 + 300 * y as i64) * 100, currency: Currency::CNY });
        r.events.push(fee);
    }
    let roll = rng.below(100);
    let when = plus_days(start, 200 + rng.below(2000));
    if roll < 12 {
        let mut e = deal(rng, &id, "transfer", EventKind::Transfer, when, &owner, PartyRole::Assignee);
        e.amount = Some(Money { minor: (50_000 + rng.below(5_000_000) as i64) * 100, currency: Currency::CNY });
        r.events.push(e);
    } else if roll < 20 {
        let mut e = deal(rng, &id, "licence", EventKind::Licence, when, &owner, PartyRole::Licensee);
        e.amount = Some(Money { minor: (10_000 + rng.below(800_000) as i64) * 100, currency: Currency::CNY });
        r.events.push(e);
    } else if roll < 26 {
        let bank = BANKS[rng.below(BANKS.len() as u64) as usize];
        let mut e = LegalEvent::new(format!("demo:{id}:pledge"), EventKind::Pledge, Some(when));
        e.parties.push(Party::new(PartyRole::Pledgor, Lang::ZH, owner.clone()));
        e.parties.push(Party::new(PartyRole::Pledgee, Lang::ZH, bank));
        e.amount = Some(Money { minor: (1_000_000 + rng.below(50_000_000) as i64) * 100, currency: Currency::CNY });
        e.code = Some("PE01".into());
        r.events.push(e);
        if rng.below(2) == 0 {
            let mut rel = LegalEvent::new(format!("demo:{id}:release"), EventKind::Release, Some(plus_days(when, 365)));
            rel.code = Some("PC01".into());
            rel.parties.push(Party::new(PartyRole::Pledgee, Lang::ZH, bank));
            r.events.push(rel);
        }
    } else if roll < 32 {
        let lapse = plus_days(start, 365 * (years + 1));
        r.events.push(LegalEvent::new(format!("demo:{id}:lapse"), EventKind::Lapse, Some(lapse)));
        r.status = Some(Status::Lapsed);
    }
}

fn deal(rng: &mut Rng, id: &str, what: &str, kind: EventKind, when: Date, owner: &str, to: PartyRole) -> LegalEvent {
    let mut e = LegalEvent::new(format!("demo:{id}:{what}"), kind, Some(when));
    let from_role = if kind == EventKind::Licence { PartyRole::Licensor } else { PartyRole::Assignor };
    e.parties.push(Party::new(from_role, Lang::ZH, owner));
    e.parties.push(holder(rng, to));
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_independent_of_order() {
        let w = World::new(7);
        let a: Vec<Right> = w.rights(50).collect();
        assert_eq!(a[37], w.right(37));
        assert_eq!(a, World::new(7).rights(50).collect::<Vec<_>>());
        assert_ne!(a[0], World::new(8).right(0));
    }

    #[test]
    fn every_kind_appears_and_all_are_synthetic() {
        let rights: Vec<Right> = World::new(1).rights(5000).collect();
        for kind in RightKind::ALL {
            assert!(rights.iter().any(|r| r.kind == kind), "{kind:?} missing");
        }
        assert!(rights.iter().all(|r| r.synthetic));
        let mut ids: Vec<_> = rights.iter().map(|r| r.id.to_string()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 5000);
        let kinds = [EventKind::Transfer, EventKind::Licence, EventKind::Pledge, EventKind::Release, EventKind::Lapse];
        for k in kinds {
            assert!(rights.iter().flat_map(|r| &r.events).any(|e| e.kind == k), "{k:?} missing");
        }
    }

    #[test]
    fn nothing_happens_after_the_world_date() {
        let day = as_of();
        let rights: Vec<Right> = World::new(2018).rights(5000).collect();
        let dates = rights.iter().flat_map(|r| {
            let d = &r.dates;
            [d.filing, d.publication, d.grant].into_iter().flatten().chain(r.events.iter().filter_map(|e| e.date))
        });
        assert!(dates.clone().all(|d| d <= day));
        assert!(dates.clone().any(|d| d.year() == 2026), "the world reaches into its last year");
        for r in &rights {
            let status = r.status.unwrap();
            assert_eq!(r.dates.grant.is_none(), status == Status::Pending, "{}", r.id);
            if status == Status::Expired {
                assert!(r.dates.expiry.unwrap() <= day);
            }
            if status == Status::Lapsed {
                assert!(r.events.iter().any(|e| e.kind == EventKind::Lapse));
            }
        }
        let expired = rights.iter().filter(|r| r.status == Some(Status::Expired)).count();
        assert!(expired > 0, "utility models filed in 2005-2016 have expired");
    }

    #[test]
    fn some_patents_have_two_applicants() {
        let rights: Vec<Right> = World::new(5).rights(2000).collect();
        let joint = rights.iter().filter(|r| r.parties_in(PartyRole::Applicant).count() == 2).count();
        let patents = rights.iter().filter(|r| r.kind == RightKind::InventionPatent).count();
        assert!(joint > patents / 20, "{joint} joint of {patents} invention patents");
    }

    #[test]
    fn parties_have_chinese_regions() {
        let r = World::new(3).rights(200).find(|r| r.kind == RightKind::InventionPatent).unwrap();
        let region = r.parties[0].address.as_ref().and_then(|a| a.cn_region.as_ref()).unwrap();
        assert!(!region.province_en.is_empty());
    }
}
