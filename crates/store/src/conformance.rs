//! The conformance suite every backend must pass. Each check takes a fresh, empty store;
//! `tests/sqlite.rs` and `tests/postgres.rs` run all of them.

use crate::{Count, Incoming, LedgerSubject, NewAudit, NewUser, Store, UserChange};
use silkport_model::{
    ClassScheme, Classification, Date, EventKind, EventRecord, EventTally, Lang, LegalEvent, LocalizedText, Party,
    PartyRole, PubKey, RefRecord, Right, RightId, RightKind,
};

/// A named check over a fresh store.
pub type Check = (&'static str, fn(&mut dyn Store));

pub const CHECKS: &[Check] = &[
    ("schema_is_latest", schema_is_latest),
    ("insert_then_get_round_trips", insert_then_get_round_trips),
    ("reingest_changes_nothing", reingest_changes_nothing),
    ("newer_version_updates_older_fills_gaps", newer_version_updates_older_fills_gaps),
    ("reingest_after_merges_changes_nothing", reingest_after_merges_changes_nothing),
    ("stub_is_absorbed_either_order", stub_is_absorbed_either_order),
    ("events_attach_by_number_and_dedupe", events_attach_by_number_and_dedupe),
    ("resolve_accepts_variants", resolve_accepts_variants),
    ("references_upsert", references_upsert),
    ("stats_count_by_kind_office_year_language", stats_count_by_kind_office_year_language),
    ("failed_batch_leaves_no_trace", failed_batch_leaves_no_trace),
    ("child_rows_follow_updates", child_rows_follow_updates),
    // ---- ledger (transparency log, issue 4) ----
    ("ledger_outbox_follows_every_write", ledger_outbox_follows_every_write),
    ("ledger_settle_keeps_rows_changed_since_read", ledger_settle_keeps_rows_changed_since_read),
    ("ledger_rolled_back_batch_queues_nothing", ledger_rolled_back_batch_queues_nothing),
    ("ledger_event_and_right_pages", ledger_event_and_right_pages),
    // ---- end ledger ----
    ("rights_page_streams_in_id_order", rights_page_streams_in_id_order),
    // ---- analytics (patent navigation, issue 5) ----
    ("facts_pages_carry_columns_and_children", facts_pages_carry_columns_and_children),
    ("facts_follow_updates", facts_follow_updates),
    ("facts_page_ends_and_a_second_reader", facts_page_ends_and_a_second_reader),
    ("event_tallies_by_year_kind_province", event_tallies_by_year_kind_province),
    ("reference_table_lists_every_row", reference_table_lists_every_row),
    // ---- end analytics ----
    // ---- accounts (portal, issue 6) ----
    ("accounts_users_insert_find_update", accounts_users_insert_find_update),
    ("accounts_holder_names_claim_verify_unbind", accounts_holder_names_claim_verify_unbind),
    ("accounts_sessions_expire_and_end_with_the_user", accounts_sessions_expire_and_end_with_the_user),
    ("accounts_tokens_issue_find_revoke", accounts_tokens_issue_find_revoke),
    ("accounts_audit_pages_newest_first", accounts_audit_pages_newest_first),
    // ---- end accounts ----
];

fn cn_right(id: &str, title: &str, rev: &str) -> Right {
    let mut r = Right::new(RightId::parse(id).unwrap(), RightKind::InventionPatent, "CN", "test");
    r.application = silkport_model::AppNumber::parse("CN201410005532.4").ok();
    r.lang = Some(Lang::ZH);
    r.texts.titles.push(LocalizedText::new(Lang::ZH, title));
    r.dates.filing = Date::parse("2014-01-06").ok();
    r.dates.publication = Date::parse("2017-03-15").ok();
    r.classifications.push(Classification::new(ClassScheme::Ipc, "H04L29/12", true).unwrap());
    r.parties.push(Party::new(PartyRole::Applicant, Lang::ZH, "广东东研网络科技股份有限公司"));
    r.source.revision = Some(rev.to_string());
    r
}

fn put(store: &mut dyn Store, items: Vec<Incoming>) -> crate::BatchOutcome {
    store.apply(items).expect("apply")
}

fn right(r: Right) -> Incoming {
    Incoming::Right(Box::new(r))
}

fn schema_is_latest(store: &mut dyn Store) {
    assert_eq!(store.schema_version().unwrap(), crate::LATEST_VERSION);
}

fn insert_then_get_round_trips(store: &mut dyn Store) {
    let r = cn_right("CN103701956B", "一种OLT与ONU之间进行扩展通信的实现方法", "20170315");
    let out = put(store, vec![right(r.clone())]);
    assert_eq!(out.rights.inserted, 1);
    let got = store.get(&r.id).unwrap().expect("stored");
    assert_eq!(got, r);
    assert!(store.get(&RightId::parse("CN999B").unwrap()).unwrap().is_none());
}

fn reingest_changes_nothing(store: &mut dyn Store) {
    let batch = || vec![right(cn_right("CN1A", "a", "1")), right(cn_right("CN2A", "b", "1"))];
    assert_eq!(put(store, batch()).rights.inserted, 2);
    let again = put(store, batch());
    assert_eq!((again.rights.inserted, again.rights.updated, again.rights.unchanged), (0, 0, 2));
}

fn newer_version_updates_older_fills_gaps(store: &mut dyn Store) {
    put(store, vec![right(cn_right("CN3A", "old", "20170101"))]);
    let out = put(store, vec![right(cn_right("CN3A", "new", "20170201"))]);
    assert_eq!(out.rights.updated, 1);
    let mut older = cn_right("CN3A", "ancient", "20160101");
    older.texts.abstracts.push(LocalizedText::new(Lang::ZH, "摘要"));
    put(store, vec![right(older)]);
    let got = store.get(&RightId::parse("CN3A").unwrap()).unwrap().unwrap();
    assert_eq!(got.title(), Some("new"));
    assert_eq!(got.texts.abstracts[0].text, "摘要");
}

/// Re-ingest is recognised two ways: a right stored verbatim from one record keeps that
/// document and no fingerprint; a merged right keeps the fingerprint of its last record.
fn reingest_after_merges_changes_nothing(store: &mut dyn Store) {
    let stored = |store: &mut dyn Store, id: &str| store.load_rights(&[id.to_string()]).unwrap().remove(0);
    let (v1, v2) = (cn_right("CN4A", "first", "20170101"), cn_right("CN4A", "second", "20170201"));
    put(store, vec![right(v1.clone())]);
    let s = stored(store, "CN4A");
    assert!(s.input_hash.is_empty(), "stored verbatim: no fingerprint");
    assert_eq!(s.doc.as_deref(), Some(crate::row::encode(&v1).unwrap().as_str()));
    assert_eq!(put(store, vec![right(v1.clone())]).rights.unchanged, 1);
    assert_eq!(put(store, vec![right(v2.clone())]).rights.updated, 1);
    let s = stored(store, "CN4A");
    assert_eq!(s.input_hash, crate::row::input_hash(&crate::row::encode(&v2).unwrap()));
    assert_eq!(s.doc, None);
    for again in [v2, v1] {
        let out = put(store, vec![right(again)]).rights;
        assert_eq!((out.inserted, out.updated, out.unchanged), (0, 0, 1));
    }
    // A full document, then a stub merged into it within one batch, then each again.
    let (full, stub) = (us_full("US6000001B1"), us_stub("US6000001", "STUB"));
    assert_eq!(put(store, vec![right(full.clone()), right(stub.clone())]).rights.inserted, 1);
    for again in [vec![right(full.clone())], vec![right(stub.clone())], vec![right(full), right(stub)]] {
        let out = put(store, again).rights;
        assert_eq!((out.inserted, out.updated), (0, 0));
    }
    assert_eq!(store.get(&RightId::parse("US6000001B1").unwrap()).unwrap().unwrap().title(), Some("Full title"));
}

fn us_stub(number: &str, title: &str) -> Right {
    let mut s = Right::new(RightId::parse(number).unwrap(), RightKind::InventionPatent, "US", "stub-test");
    s.source.stub = true;
    s.texts.titles.push(LocalizedText::new(Lang::EN, title));
    s
}

fn us_full(id: &str) -> Right {
    let mut f = Right::new(RightId::parse(id).unwrap(), RightKind::InventionPatent, "US", "full-test");
    f.texts.titles.push(LocalizedText::new(Lang::EN, "Full title"));
    f.lang = Some(Lang::EN);
    f
}

fn stub_is_absorbed_either_order(store: &mut dyn Store) {
    // Stub first, then the full document: one right remains, under the full id.
    put(store, vec![right(us_stub("US8087209", "STUB TITLE"))]);
    put(store, vec![right(us_full("US8087209B2"))]);
    assert!(store.get(&RightId::parse("US8087209").unwrap()).unwrap().is_none());
    let got = store.get(&RightId::parse("US8087209B2").unwrap()).unwrap().unwrap();
    assert_eq!(got.title(), Some("Full title"));
    // Full document first, then a stub: the stub merges into it, nothing new appears.
    put(store, vec![right(us_full("US7000001B1"))]);
    let out = put(store, vec![right(us_stub("US7000001", "STUB"))]);
    assert_eq!(out.rights.inserted, 0);
    assert!(store.get(&RightId::parse("US7000001").unwrap()).unwrap().is_none());
    assert_eq!(store.stats().unwrap().rights, 2);
}

fn event(key: &str, kind: EventKind, date: &str) -> LegalEvent {
    let mut e = LegalEvent::new(key, kind, Date::parse(date).ok());
    e.parties.push(Party::new(PartyRole::Pledgee, Lang::EN, "GOLDMAN SACHS BANK USA"));
    e.reference = Some("048811/0679".into());
    e
}

fn events_attach_by_number_and_dedupe(store: &mut dyn Store) {
    let by_pub = EventRecord {
        publication: Some(PubKey("US8087209".into())),
        application: None,
        event: event("k1", EventKind::Pledge, "2019-02-15"),
    };
    let by_app = EventRecord {
        publication: None,
        application: Some("CN201410005532".into()),
        event: event("k2", EventKind::Transfer, "2018-01-01"),
    };
    let items = || vec![Incoming::Event(Box::new(by_pub.clone())), Incoming::Event(Box::new(by_app.clone()))];
    assert_eq!(put(store, items()).events.inserted, 2);
    assert_eq!(put(store, items()).events.unchanged, 2);
    // The same conveyance from a second source with more detail fills gaps once.
    let mut detailed = by_pub.clone();
    detailed.event.description = Some("SECURITY INTEREST".into());
    assert_eq!(put(store, vec![Incoming::Event(Box::new(detailed.clone()))]).events.updated, 1);
    assert_eq!(put(store, vec![Incoming::Event(Box::new(by_pub.clone()))]).events.unchanged, 1);
    assert_eq!(put(store, vec![Incoming::Event(Box::new(detailed))]).events.unchanged, 1);
    put(store, vec![right(us_full("US8087209B2")), right(cn_right("CN103701956B", "t", "1"))]);
    let us = store.get(&RightId::parse("US8087209B2").unwrap()).unwrap().unwrap();
    assert_eq!(us.events.len(), 1);
    assert_eq!(us.events[0].kind, EventKind::Pledge);
    let cn = store.get(&RightId::parse("CN103701956B").unwrap()).unwrap().unwrap();
    assert_eq!(cn.events[0].key, "k2");
    // Events carried inside a right are stored under its id and come back with it.
    let mut r = cn_right("CN5A", "x", "1");
    r.application = None;
    r.events.push(event("k3", EventKind::Grant, "2017-05-01"));
    put(store, vec![right(r)]);
    assert_eq!(store.get(&RightId::parse("CN5A").unwrap()).unwrap().unwrap().events.len(), 1);
}

fn resolve_accepts_variants(store: &mut dyn Store) {
    put(store, vec![right(us_full("US8087209B2")), right(cn_right("CN103701956B", "t", "1"))]);
    for variant in ["US 8,087,209 B2", "US08087209B2", "us8087209b2", "US8087209"] {
        let ids = store.resolve(variant).unwrap();
        assert_eq!(ids.len(), 1, "{variant}");
        assert_eq!(ids[0].as_str(), "US8087209B2");
    }
    assert_eq!(store.resolve("CN201410005532.4").unwrap()[0].as_str(), "CN103701956B");
    assert!(store.resolve("EP1234567A1").unwrap().is_empty());
}

fn references_upsert(store: &mut dyn Store) {
    let rec =
        |title: &str| Incoming::Reference(RefRecord::new("ipc", "H01M10/0525", Some(Lang::EN)).field("title", title));
    assert_eq!(put(store, vec![rec("Rocking-chair batteries")]).references.inserted, 1);
    assert_eq!(put(store, vec![rec("Rocking-chair batteries")]).references.unchanged, 1);
    // Another source of the same row: new fields fill gaps, conflicting ones keep the
    // stored value, so ingesting both sources in any order and again converges.
    let richer =
        RefRecord::new("ipc", "H01M10/0525", Some(Lang::EN)).field("title", "Li-ion").field("level", "subgroup");
    assert_eq!(put(store, vec![Incoming::Reference(richer.clone())]).references.updated, 1);
    assert_eq!(put(store, vec![Incoming::Reference(richer)]).references.unchanged, 1);
    assert_eq!(put(store, vec![rec("Rocking-chair batteries")]).references.unchanged, 1);
    let got = store.reference("ipc", "H01M10/0525").unwrap();
    assert_eq!(got[0].fields["title"], "Rocking-chair batteries");
    assert_eq!(got[0].fields["level"], "subgroup");
}

fn stats_count_by_kind_office_year_language(store: &mut dyn Store) {
    let mut tm = Right::new(RightId::registered("CN", "TM", "12345").unwrap(), RightKind::Trademark, "CN", "test");
    tm.texts.titles.push(LocalizedText::new(Lang::ZH, "丝路"));
    tm.synthetic = true;
    put(store, vec![right(cn_right("CN1A", "a", "1")), right(us_full("US1B1")), right(tm)]);
    let s = store.stats().unwrap();
    assert_eq!(s.rights, 3);
    assert_eq!(s.synthetic, 1);
    let has = |rows: &[crate::Count], key: &str, count: i64| rows.iter().any(|c| c.key == key && c.count == count);
    assert!(has(&s.by_kind, "invention_patent", 2));
    assert!(has(&s.by_kind, "trademark", 1));
    assert!(has(&s.by_office, "CN", 2));
    assert!(has(&s.by_year, "2014", 1));
    assert!(has(&s.by_language, "zh", 2));
}

fn failed_batch_leaves_no_trace(store: &mut dyn Store) {
    put(store, vec![right(cn_right("CN1A", "a", "1"))]);
    store.begin().unwrap();
    store.put_rights(&[crate::RightRow::new(&cn_right("CN2A", "b", "1"), "h".into()).unwrap()]).unwrap();
    store.rollback().unwrap();
    assert!(store.get(&RightId::parse("CN2A").unwrap()).unwrap().is_none());
    assert!(store.get(&RightId::parse("CN1A").unwrap()).unwrap().is_some());
}

fn child_rows_follow_updates(store: &mut dyn Store) {
    put(store, vec![right(cn_right("CN1A", "a", "1"))]);
    let mut newer = cn_right("CN1A", "a", "2");
    newer.classifications = vec![Classification::new(ClassScheme::Ipc, "A61K31/00", true).unwrap()];
    put(store, vec![right(newer)]);
    let facts = store.facts_page(None, 10).unwrap();
    let symbols: Vec<&str> = facts.iter().flat_map(|f| f.classes.iter().map(|c| c.symbol.as_str())).collect();
    assert_eq!(symbols, ["A61K31/00"]);
}

// ---- ledger (transparency log, issue 4) ----

fn pending_keys(store: &mut dyn Store) -> Vec<(LedgerSubject, String)> {
    store.ledger_pending(1000).unwrap().into_iter().map(|p| (p.subject, p.key)).collect()
}

/// A pledge; `detail` fills the description, a gap a second source may fill later.
fn pledge_record(key: &str, detail: &str) -> Incoming {
    let mut e = event(key, EventKind::Pledge, "2019-02-15");
    e.parties = vec![Party::new(PartyRole::Pledgee, Lang::EN, "BANK")];
    e.description = Some(detail.to_string()).filter(|d| !d.is_empty());
    Incoming::Event(Box::new(EventRecord {
        publication: Some(PubKey("US8087209".into())),
        application: None,
        event: e,
    }))
}

fn ledger_outbox_follows_every_write(store: &mut dyn Store) {
    put(store, vec![right(cn_right("CN1A", "a", "1")), pledge_record("k1", "")]);
    let queued = pending_keys(store);
    assert!(queued.contains(&(LedgerSubject::Right, "CN1A".into())), "{queued:?}");
    assert!(queued.contains(&(LedgerSubject::Event, "k1".into())), "{queued:?}");
    assert_eq!(store.ledger_pending_count().unwrap(), 2);
    // An unchanged re-ingest queues nothing new: same rows, same sequence numbers.
    let before = store.ledger_pending(10).unwrap();
    put(store, vec![right(cn_right("CN1A", "a", "1")), pledge_record("k1", "")]);
    assert_eq!(store.ledger_pending(10).unwrap(), before);
    // A change re-queues its subject behind everything else.
    put(store, vec![pledge_record("k1", "executed 2019-02-14")]);
    let after = store.ledger_pending(10).unwrap();
    assert_eq!(after.len(), 2);
    assert_eq!(after.last().unwrap().key, "k1");
    assert!(after.last().unwrap().seq > before.iter().map(|p| p.seq).max().unwrap(), "{before:?} {after:?}");
}

fn ledger_settle_keeps_rows_changed_since_read(store: &mut dyn Store) {
    put(store, vec![pledge_record("k1", ""), pledge_record("k2", "")]);
    let read = store.ledger_pending(10).unwrap();
    assert_eq!(read.len(), 2);
    // k2 changes after the ledger read the queue: its row must survive the settlement.
    put(store, vec![pledge_record("k2", "executed 2019-02-14")]);
    let logged = vec![
        crate::Logged { reference: "k1".into(), index: 0, leaf: "aa".into() },
        crate::Logged { reference: "k2".into(), index: 1, leaf: "bb".into() },
    ];
    store.ledger_settle(&logged, &read).unwrap();
    assert_eq!(pending_keys(store), vec![(LedgerSubject::Event, "k2".to_string())]);
    assert_eq!(store.ledger_last_index().unwrap(), Some(1));
    let got = store.ledger_logged(&["k2".into(), "k1".into(), "nope".into()]).unwrap();
    let mut got: Vec<(String, u64, String)> = got.into_iter().map(|l| (l.reference, l.index, l.leaf)).collect();
    got.sort();
    assert_eq!(got, vec![("k1".into(), 0, "aa".into()), ("k2".into(), 1, "bb".into())]);
    // A later entry of the same reference replaces the record.
    store.ledger_settle(&[crate::Logged { reference: "k2".into(), index: 2, leaf: "cc".into() }], &[]).unwrap();
    assert_eq!(store.ledger_logged(&["k2".into()]).unwrap()[0].leaf, "cc");
    assert_eq!(store.ledger_last_index().unwrap(), Some(2));
}

fn ledger_rolled_back_batch_queues_nothing(store: &mut dyn Store) {
    assert_eq!(store.ledger_last_index().unwrap(), None);
    store.begin().unwrap();
    store.ledger_mark(LedgerSubject::Event, &["k9".into(), "k9".into()]).unwrap();
    store.rollback().unwrap();
    assert!(pending_keys(store).is_empty());
}

fn ledger_event_and_right_pages(store: &mut dyn Store) {
    put(
        store,
        vec![
            right(us_stub("US8087209", "STUB")),
            right(cn_right("CN1A", "a", "1")),
            right(cn_right("CN2A", "b", "1")),
            pledge_record("k2", ""),
            pledge_record("k1", ""),
        ],
    );
    assert_eq!(store.full_right_ids_page(None, 10).unwrap(), ["CN1A", "CN2A"]);
    assert_eq!(store.full_right_ids_page(Some("CN1A"), 10).unwrap(), ["CN2A"]);
    assert_eq!(store.full_right_ids_page(None, 1).unwrap(), ["CN1A"]);
    let page = store.events_page(None, 10).unwrap();
    assert_eq!(page.iter().map(|e| e.event.key.as_str()).collect::<Vec<_>>(), ["k1", "k2"]);
    assert_eq!(page[0].pub_key.as_deref(), Some("US8087209"));
    assert_eq!((page[0].right_id.as_deref(), page[0].app_key.as_deref()), (None, None));
    assert_eq!(store.events_page(Some("k1"), 10).unwrap().len(), 1);
    let by_key = store.events_by_key(&["k2".into(), "missing".into()]).unwrap();
    assert_eq!(by_key.len(), 1);
    assert_eq!(by_key[0].event.parties[0].name(), "BANK");
}
// ---- end ledger ----

fn rights_page_streams_in_id_order(store: &mut dyn Store) {
    assert!(store.rights_page(None, 10).unwrap().is_empty());
    let ids = ["CN5A", "CN1A", "CN3A", "CN2A", "CN4A"];
    put(store, ids.iter().map(|id| right(cn_right(id, id, "1"))).collect());
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let page = store.rights_page(after.as_deref(), 2).unwrap();
        assert!(page.len() <= 2);
        let Some(last) = page.last() else { break };
        after = Some(last.id.to_string());
        seen.extend(page);
    }
    let got: Vec<&str> = seen.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(got, ["CN1A", "CN2A", "CN3A", "CN4A", "CN5A"]);
    assert_eq!(seen[2], cn_right("CN3A", "CN3A", "1"));
    assert!(store.rights_page(Some("CN5A"), 2).unwrap().is_empty());
}

// ---- analytics (patent navigation, issue 5) ----

/// A right for the facts checks: a Gansu applicant with an address, two inventors, two
/// IPC symbols (the second one main), three citations (one twice, one non-patent).
pub fn facts_fixture(id: &str) -> Right {
    let mut r = cn_right(id, "一种马铃薯淀粉加工方法", "20170315");
    r.dates.grant = Date::parse("2017-03-15").ok();
    r.status = Some(silkport_model::Status::Active);
    r.classifications = vec![
        Classification::new(ClassScheme::Ipc, "A23L19/12", false).unwrap(),
        Classification::new(ClassScheme::Ipc, "C08B30/04", true).unwrap(),
    ];
    r.parties = vec![
        Party::new(PartyRole::Applicant, Lang::ZH, "甘肃农业大学")
            .with_address(silkport_model::Address::chinese("甘肃省兰州市安宁区营门村1号", Some("730070"))),
        Party::new(PartyRole::Inventor, Lang::ZH, "张三"),
        Party::new(PartyRole::Inventor, Lang::ZH, "李四"),
    ];
    let patent = |raw: &str| silkport_model::Citation {
        target: silkport_model::CitationTarget::Patent {
            id: silkport_model::PublicationId::parse(raw).ok(),
            raw: raw.into(),
            date: None,
            name: None,
        },
        category: None,
        cited_by: Some("examiner".into()),
    };
    r.citations = vec![
        patent("US 8,087,209 B2"),
        patent("CN103701956B"),
        patent("US8087209B2"),
        silkport_model::Citation {
            target: silkport_model::CitationTarget::NonPatent { text: "Li, J. Potato starch (2010)".into() },
            category: None,
            cited_by: None,
        },
    ];
    r
}

fn facts_pages_carry_columns_and_children(store: &mut dyn Store) {
    let ids = ["CN1000001B", "CN1000002B", "CN1000003B", "CN1000004B", "CN1000005B"];
    put(store, ids.iter().map(|id| right(facts_fixture(id))).collect());
    put(store, vec![right(us_full("US7000001B1"))]);
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let page = store.facts_page(after.as_deref(), 2).unwrap();
        if page.is_empty() {
            break;
        }
        assert!(page.len() <= 2);
        after = page.last().map(|f| f.id.clone());
        seen.extend(page);
    }
    let got: Vec<&str> = seen.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(got, ["CN1000001B", "CN1000002B", "CN1000003B", "CN1000004B", "CN1000005B", "US7000001B1"]);
    let f = &seen[2];
    assert_eq!(f.pub_key.as_deref(), Some("CN1000003"));
    assert_eq!(f.app_key.as_deref(), Some("CN201410005532"));
    assert_eq!((f.kind, f.office.as_str()), (RightKind::InventionPatent, "CN"));
    assert_eq!(f.status, Some(silkport_model::Status::Active));
    assert_eq!(f.year, Some(2014));
    assert_eq!(f.filing, Date::parse("2014-01-06").ok());
    assert_eq!(f.publication, Date::parse("2017-03-15").ok());
    assert_eq!(f.grant, Date::parse("2017-03-15").ok());
    assert!(!f.stub && !f.synthetic);
    assert_eq!(f.source, "test");
    let classes: Vec<(&str, bool)> = f.classes.iter().map(|c| (c.symbol.as_str(), c.main)).collect();
    assert_eq!(classes, [("C08B30/04", true), ("A23L19/12", false)], "main classification first");
    assert_eq!(f.main_ipc(), Some("C08B30/04"));
    let parties: Vec<(PartyRole, &str)> = f.parties.iter().map(|p| (p.role, p.name.as_str())).collect();
    assert_eq!(
        parties,
        [(PartyRole::Applicant, "甘肃农业大学"), (PartyRole::Inventor, "张三"), (PartyRole::Inventor, "李四")]
    );
    let applicant = &f.parties[0];
    assert_eq!(
        (
            applicant.country.as_deref(),
            applicant.province.as_deref(),
            applicant.city.as_deref(),
            applicant.city_zh.as_deref()
        ),
        (Some("CN"), Some("Gansu"), Some("Lanzhou"), Some("兰州"))
    );
    assert_eq!(f.cites, ["CN103701956", "US8087209"], "publication keys, each once, non-patent left out");
    let mut cited = store.citation_counts().unwrap();
    cited.sort_by(|a, b| a.key.cmp(&b.key));
    assert_eq!(cited, [Count { key: "CN103701956".into(), count: 5 }, Count { key: "US8087209".into(), count: 5 }]);
    let us = &seen[5];
    assert!(us.classes.is_empty() && us.parties.is_empty() && us.cites.is_empty());
    assert!(store.facts_page(Some("US7000001B1"), 10).unwrap().is_empty());
}

/// Where pages end (two readers split a scan by these bounds) and a second connection that
/// reads the same facts.
fn facts_page_ends_and_a_second_reader(store: &mut dyn Store) {
    let ids = ["CN1000001B", "CN1000002B", "CN1000003B", "CN1000004B", "CN1000005B"];
    put(store, ids.iter().map(|id| right(facts_fixture(id))).collect());
    assert_eq!(store.facts_page_end(None, 2).unwrap().as_deref(), Some("CN1000002B"));
    assert_eq!(store.facts_page_end(Some("CN1000002B"), 3).unwrap().as_deref(), Some("CN1000005B"));
    assert_eq!(store.facts_page_end(Some("CN1000002B"), 4).unwrap(), None, "only three rights follow");
    assert_eq!(store.facts_page_end(Some("CN1000005B"), 1).unwrap(), None);
    let mut second = store.facts_reader().unwrap().expect("a registry on disk or on a server has a second connection");
    let page = second.facts_page(Some("CN1000002B"), 2).unwrap();
    let got: Vec<&str> = page.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(got, ["CN1000003B", "CN1000004B"]);
    assert_eq!(page[0], store.facts_page(Some("CN1000002B"), 1).unwrap()[0], "the same facts on both connections");
}

fn facts_follow_updates(store: &mut dyn Store) {
    put(store, vec![right(facts_fixture("CN1000001B"))]);
    let mut newer = facts_fixture("CN1000001B");
    newer.source.revision = Some("20180101".into());
    newer.citations.truncate(1);
    newer.parties.truncate(1);
    newer.dates.grant = Date::parse("2018-01-02").ok();
    put(store, vec![right(newer)]);
    let page = store.facts_page(None, 10).unwrap();
    assert_eq!(page.len(), 1);
    assert_eq!(page[0].cites, ["US8087209"]);
    assert_eq!(page[0].parties.len(), 1);
    assert_eq!(page[0].grant, Date::parse("2018-01-02").ok());
}

fn event_tallies_by_year_kind_province(store: &mut dyn Store) {
    let mut r = facts_fixture("CN1000001B");
    r.events.push(event("t1", EventKind::Transfer, "2019-02-15"));
    r.events.push(event("t2", EventKind::Transfer, "2019-07-01"));
    r.events.push(event("f1", EventKind::FeePaid, "2019-07-01"));
    put(store, vec![right(r), right(us_full("US8087209B2"))]);
    // An event naming its right by publication number only, as USPTO assignments do.
    let by_pub = EventRecord {
        publication: Some(PubKey("US8087209".into())),
        application: None,
        event: event("p1", EventKind::Pledge, "2020-01-01"),
    };
    put(store, vec![Incoming::Event(Box::new(by_pub))]);
    let mut got = store.event_tallies().unwrap();
    got.sort_by_key(|t| (t.year, t.event));
    let tally = |year, event, province: Option<&str>, count| EventTally {
        year: Some(year),
        event,
        right_kind: Some(RightKind::InventionPatent),
        province: province.map(str::to_string),
        count,
    };
    assert_eq!(got, [tally(2019, EventKind::Transfer, Some("Gansu"), 2), tally(2020, EventKind::Pledge, None, 1)]);
}

fn reference_table_lists_every_row(store: &mut dyn Store) {
    let row = |key: &str, lang: Lang, title: &str| {
        Incoming::Reference(RefRecord::new("ipc", key, Some(lang)).field("title", title))
    };
    put(
        store,
        vec![
            row("H04L", Lang::ZH, "数字信息的传输"),
            row("H04L", Lang::EN, "Transmission of digital information"),
            row("A01B", Lang::EN, "Soil working"),
            Incoming::Reference(RefRecord::new("nice_class", "1", Some(Lang::EN)).field("title", "Chemicals")),
        ],
    );
    let got: Vec<(String, Option<Lang>)> =
        store.reference_table("ipc").unwrap().into_iter().map(|r| (r.key, r.lang)).collect();
    assert_eq!(
        got,
        [
            ("A01B".to_string(), Some(Lang::EN)),
            ("H04L".to_string(), Some(Lang::EN)),
            ("H04L".to_string(), Some(Lang::ZH))
        ]
    );
    assert!(store.reference_table("nothing").unwrap().is_empty());
}
// ---- end analytics ----

// ---- accounts (portal, issue 6) ----
fn new_user(store: &mut dyn Store, name: &str, role: &str) -> i64 {
    let u = NewUser {
        name: name.into(),
        display_name: format!("{name} 显示名"),
        role: role.into(),
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
        created_at: 1_700_000_000,
    };
    store.user_insert(&u).unwrap().expect("new name")
}

fn accounts_users_insert_find_update(store: &mut dyn Store) {
    let a = new_user(store, "alice", "holder");
    let b = new_user(store, "bank-1", "bank");
    assert_ne!(a, b);
    let dup = NewUser {
        name: "alice".into(),
        display_name: "x".into(),
        role: "admin".into(),
        password_hash: "h".into(),
        created_at: 1,
    };
    assert_eq!(store.user_insert(&dup).unwrap(), None, "a taken name is refused");
    let got = store.user_by_name("alice").unwrap().unwrap();
    assert_eq!(
        (got.id, got.role.as_str(), got.display_name.as_str(), got.disabled),
        (a, "holder", "alice 显示名", false)
    );
    assert_eq!(got.created_at, 1_700_000_000);
    assert_eq!(store.user_by_id(b).unwrap().unwrap().name, "bank-1");
    assert!(store.user_by_name("nobody").unwrap().is_none());
    assert!(store.user_by_id(999_999).unwrap().is_none());
    let change = UserChange { role: Some("examiner".into()), disabled: Some(true), ..Default::default() };
    assert!(store.user_update(a, &change).unwrap());
    let got = store.user_by_id(a).unwrap().unwrap();
    assert_eq!((got.role.as_str(), got.disabled, got.display_name.as_str()), ("examiner", true, "alice 显示名"));
    assert!(!store.user_update(999_999, &change).unwrap());
    let names: Vec<String> = store.users().unwrap().into_iter().map(|u| u.name).collect();
    assert_eq!(names, ["alice", "bank-1"]);
}

fn accounts_holder_names_claim_verify_unbind(store: &mut dyn Store) {
    let admin = new_user(store, "admin", "admin");
    let h = new_user(store, "holder", "holder");
    store.holder_name_put(h, "兰州大学", None, 10).unwrap();
    store.holder_name_put(h, "Lanzhou University", None, 11).unwrap();
    let names = store.holder_names(h).unwrap();
    assert_eq!(names.len(), 2);
    assert!(names.iter().all(|n| n.verified_by.is_none()));
    store.holder_name_put(h, "兰州大学", Some(admin), 20).unwrap();
    let names = store.holder_names(h).unwrap();
    let lzu = names.iter().find(|n| n.name == "兰州大学").unwrap();
    assert_eq!((lzu.verified_by, lzu.at), (Some(admin), 20));
    assert!(store.holder_name_delete(h, "Lanzhou University").unwrap());
    assert!(!store.holder_name_delete(h, "Lanzhou University").unwrap());
    assert_eq!(store.holder_names(h).unwrap().len(), 1);
    assert!(store.holder_names(admin).unwrap().is_empty());
}

fn accounts_sessions_expire_and_end_with_the_user(store: &mut dyn Store) {
    let a = new_user(store, "alice", "holder");
    let b = new_user(store, "bob", "bank");
    store.session_insert("s-a1", a, 100, 200).unwrap();
    store.session_insert("s-a2", a, 100, 300).unwrap();
    store.session_insert("s-b", b, 100, 200).unwrap();
    assert_eq!(store.session_user("s-a1", 150).unwrap().unwrap().name, "alice");
    assert!(store.session_user("s-a1", 200).unwrap().is_none(), "expired at its expiry time");
    assert!(store.session_user("nope", 150).unwrap().is_none());
    assert_eq!(store.sessions_expire(200).unwrap(), 2);
    assert!(store.session_user("s-a2", 250).unwrap().is_some());
    store.user_update(a, &UserChange { disabled: Some(true), ..Default::default() }).unwrap();
    assert!(store.session_user("s-a2", 250).unwrap().is_none(), "a disabled user's session does not authenticate");
    store.user_update(a, &UserChange { disabled: Some(false), ..Default::default() }).unwrap();
    assert_eq!(store.sessions_delete_user(a).unwrap(), 1);
    assert!(store.session_user("s-a2", 250).unwrap().is_none());
    store.session_insert("s-b2", b, 100, 400).unwrap();
    store.session_delete("s-b2").unwrap();
    assert!(store.session_user("s-b2", 150).unwrap().is_none());
}

fn accounts_tokens_issue_find_revoke(store: &mut dyn Store) {
    let a = new_user(store, "alice", "holder");
    let b = new_user(store, "bob", "bank");
    let t1 = store.token_insert("hash-1", a, "ci script", 100, None).unwrap();
    let t2 = store.token_insert("hash-2", a, "expiring", 100, Some(200)).unwrap();
    let (tok, user) = store.token_user("hash-1", 150).unwrap().unwrap();
    assert_eq!((tok.id, tok.label.as_str(), user.name.as_str()), (t1, "ci script", "alice"));
    assert!(store.token_user("hash-2", 150).unwrap().is_some());
    assert!(store.token_user("hash-2", 200).unwrap().is_none(), "expired");
    assert!(!store.token_revoke(b, t1, 160).unwrap(), "only the owner revokes");
    assert!(store.token_revoke(a, t1, 160).unwrap());
    assert!(!store.token_revoke(a, t1, 170).unwrap(), "already revoked");
    assert!(store.token_user("hash-1", 165).unwrap().is_none());
    let listed = store.tokens_of(a).unwrap();
    assert_eq!(listed.iter().map(|t| (t.id, t.revoked_at)).collect::<Vec<_>>(), [(t1, Some(160)), (t2, None)]);
    assert!(store.tokens_of(b).unwrap().is_empty());
}

fn accounts_audit_pages_newest_first(store: &mut dyn Store) {
    for i in 0..5 {
        let e = NewAudit {
            at: 1000 + i,
            actor_id: if i == 0 { None } else { Some(1) },
            actor: if i == 0 { "system".into() } else { "admin".into() },
            action: format!("action_{i}"),
            target: (i % 2 == 0).then(|| format!("user:{i}")),
            detail: format!("{{\"n\":{i}}}"),
        };
        store.audit_append(&e).unwrap();
    }
    let first = store.audit_page(None, 2).unwrap();
    assert_eq!(first.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(), ["action_4", "action_3"]);
    let next = store.audit_page(Some(first[1].id), 10).unwrap();
    assert_eq!(next.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(), ["action_2", "action_1", "action_0"]);
    let oldest = next.last().unwrap();
    assert_eq!((oldest.actor_id, oldest.actor.as_str(), oldest.target.as_deref()), (None, "system", Some("user:0")));
    assert_eq!((oldest.at, oldest.detail.as_str()), (1000, "{\"n\":0}"));
}
// ---- end accounts ----
