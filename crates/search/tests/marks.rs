//! Trademark search on real names: the EU/UK GI registers (eAmbrosia export and the UK
//! spirits register) and India's GI register, plus the demo world's trademarks. Expected
//! ids were read from the CSV files (`grep` on `gi_register.csv`, `india_registered_gi.csv`):
//! PDO-CN-0628 is `平谷大桃 / Pinggu Da Tao` (class 1.6, fruit), PDO-CN-0621 `龙井茶 /
//! Longjing cha` (1.8), PDO-FR-A1359 `Champagne` (wine), PDO-FR-0131 `Roquefort` (1.3,
//! cheese), PDO-IT-0067 `Prosciutto di Parma` (1.2, meat), India's no. 1 `Darjeeling Tea`.

use silkport_search::marks::nice::NiceScope;
use silkport_search::marks::{MarkQuery, MarkResults, Matcher};
use silkport_search::{RightSink, SearchIndex};
use std::sync::OnceLock;

fn index() -> &'static SearchIndex {
    static INDEX: OnceLock<SearchIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let rights = silkport_ingest::shared_data().join("rights");
        let files = [
            "gi_eu_uk_register_eambrosia_export/gi_register.csv",
            "gi_eu_uk_register_eambrosia_export/uk_spirits_protected_names_register_20210123.csv",
            "gi_india_registered/india_registered_gi.csv",
        ];
        let index = SearchIndex::in_ram().unwrap();
        let mut w = index.writer().unwrap();
        for f in files {
            let c = silkport_ingest::collect(&rights.join(f)).unwrap();
            // Procedure rows are stubs of their GI; the registry merges them, here they are left out.
            w.put(&c.rights().filter(|r| !r.source.stub).cloned().collect::<Vec<_>>()).unwrap();
        }
        let world = silkport_demo::World::new(2018);
        w.put(&(0..3000).map(|n| world.right(n)).collect::<Vec<_>>()).unwrap();
        w.commit().unwrap();
        index
    })
}

fn search(mark: &str, classes: &[&str], groups: &[&str]) -> MarkResults {
    let own = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let scope = NiceScope::parse(&own(classes), &own(groups)).unwrap();
    index().trademark_search(&MarkQuery { mark: mark.into(), scope, limit: 20 }).unwrap()
}

fn first(r: &MarkResults) -> (&str, Vec<Matcher>) {
    let c = r.candidates.first().unwrap_or_else(|| panic!("no candidate for {:?}", r.query));
    (c.id.as_str(), c.reasons.iter().map(|x| x.matcher).collect())
}

#[test]
fn exact_fuzzy_prefix_and_containment() {
    let r = search("CHAMPAGNE", &["33"], &[]);
    assert_eq!(first(&r), ("EU-GI-PDO-FR-A1359", vec![Matcher::Exact]));
    assert_eq!(r.candidates[0].similarity, 1.0);
    let r = search("Champagme", &["33"], &[]);
    assert_eq!(first(&r).0, "EU-GI-PDO-FR-A1359");
    let fuzzy = r.candidates[0].reasons.iter().find(|x| x.matcher == Matcher::Fuzzy).expect("fuzzy");
    assert_eq!(fuzzy.distance, Some(1));
    let r = search("Parma", &["29"], &[]);
    let ids: Vec<&str> = r.candidates.iter().map(|c| c.id.as_str()).collect();
    assert!(ids.contains(&"EU-GI-PDO-IT-0067"), "{ids:?}");
    assert!(r
        .candidates
        .iter()
        .all(|c| c.reasons.iter().any(|x| x.matcher == Matcher::Contains || x.matcher == Matcher::Prefix)));
    // 龙井 is the beginning of 龙井茶 (shown in the query's script, not as Longjing cha).
    let r = search("龙井", &[], &[]);
    let c = r.candidates.iter().find(|c| c.id == "EU-GI-PDO-CN-0621").expect("龙井茶");
    assert_eq!((c.mark.as_str(), c.reasons[0].matcher), ("龙井茶", Matcher::Prefix));
}

#[test]
fn pinyin_and_phonetic_matching() {
    // 古 and 谷 are both gu: a different mark in writing, the same in sound.
    let r = search("平古大桃", &["31"], &[]);
    let (id, why) = first(&r);
    assert_eq!((id, why[0]), ("EU-GI-PDO-CN-0628", Matcher::Pinyin));
    assert_eq!(r.candidates[0].pinyin.as_deref(), Some("ping gu da tao"));
    // The Latin spelling of the pinyin finds the Chinese name.
    let r = search("pinggudatao", &[], &[]);
    assert_eq!(first(&r).0, "EU-GI-PDO-CN-0628");
    // Double Metaphone: Shampain / Champagne (XMPN), Rokfort / Roquefort (RKFRT).
    assert_eq!(first(&search("Shampain", &["33"], &[])), ("EU-GI-PDO-FR-A1359", vec![Matcher::Phonetic]));
    assert_eq!(first(&search("Rokfort", &["29"], &[])), ("EU-GI-PDO-FR-0131", vec![Matcher::Phonetic]));
    let darjeeling = search("Darjeling Tea", &[], &[]);
    let (id, why) = first(&darjeeling);
    assert_eq!(id, "IN-GI-1");
    assert!(why.contains(&Matcher::Phonetic) && why.contains(&Matcher::Fuzzy), "{why:?}");
}

#[test]
fn nice_class_and_group_restrict() {
    // Champagne is a wine (class 33): not a conflict for class 29 goods.
    assert!(search("Champagne", &["29"], &[]).candidates.iter().all(|c| c.id != "EU-GI-PDO-FR-A1359"));
    // Prosciutto di Parma (meat, 2901) is in group 2901 and not in 2907 (dairy).
    let meat = search("Prosciutto di Parma", &[], &["2901"]);
    assert_eq!(first(&meat).0, "EU-GI-PDO-IT-0067");
    assert_eq!(meat.candidates[0].same_group, Some(true));
    assert!(search("Prosciutto di Parma", &[], &["2907"]).candidates.iter().all(|c| c.id != "EU-GI-PDO-IT-0067"));
}

#[test]
fn demo_marks_in_a_class_are_all_found() {
    // Oracle: take the demo world's first trademark; every demo trademark with its title and
    // class must come back as exact, and a group of that class finds them too (they
    // designate the class without groups).
    use silkport_model::{ClassScheme, RightKind};
    let world = silkport_demo::World::new(2018);
    let marks: Vec<_> = (0..3000).map(|n| world.right(n)).filter(|r| r.kind == RightKind::Trademark).collect();
    let class_of = |r: &silkport_model::Right| {
        r.classifications.iter().find(|c| c.scheme == ClassScheme::Nice).map(|c| c.symbol.clone())
    };
    let (title, class) = (marks[0].title().unwrap().to_string(), class_of(&marks[0]).unwrap());
    let expected: Vec<String> = marks
        .iter()
        .filter(|r| r.title() == Some(title.as_str()) && class_of(r).as_deref() == Some(class.as_str()))
        .map(|r| r.id.to_string())
        .collect();
    assert!(!expected.is_empty());
    let r = search(&title, &[&class], &[]);
    for id in &expected {
        let c = r.candidates.iter().find(|c| &c.id == id).unwrap_or_else(|| panic!("{id} missing"));
        assert_eq!(c.reasons[0].matcher, Matcher::Exact);
    }
    let group = format!("{:02}01", class.parse::<u8>().unwrap());
    let g = search(&title, &[], &[&group]);
    for id in &expected {
        let c = g.candidates.iter().find(|c| &c.id == id).unwrap_or_else(|| panic!("{id} missing in {group}"));
        assert_eq!(c.same_group, Some(false));
    }
}

#[test]
fn bad_requests_say_what_to_give() {
    let e = NiceScope::parse(&["0".into()], &[]).unwrap_err().to_string();
    assert!(e.contains("1 to 45"), "{e}");
    let scope = NiceScope::default();
    let e = index().trademark_search(&MarkQuery { mark: " ® ".into(), scope, limit: 5 }).unwrap_err().to_string();
    assert!(e.contains("no letter"), "{e}");
}
