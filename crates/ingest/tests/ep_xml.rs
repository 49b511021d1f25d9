//! ep-xml against the real EPO publication-server documents in
//! `patents/ep_publication_server_xml/raw`. Expected values were read from the raw XML
//! (zcat + grep), not from the parser's output.

use silkport_ingest::formats::ep_xml::EpXml;
use silkport_ingest::{collect, collect_from, shared_data, Collected, Context, Format, Item, Position};
use silkport_model::{CitationTarget, ClassScheme, Lang, PartyRole, Right, Status};
use std::collections::HashMap;
use std::io::Read;
use std::path::PathBuf;

fn raw(name: &str) -> PathBuf {
    shared_data().join("patents/ep_publication_server_xml/raw").join(name)
}

/// The one right a single-document file holds.
fn only_right(name: &str) -> Right {
    let c = collect(&raw(name)).unwrap();
    assert!(c.errors.is_empty(), "{name}: {:?}", c.errors);
    let rights: Vec<&Right> = c.rights().collect();
    assert_eq!(rights.len(), 1, "{name}");
    rights[0].clone()
}

fn title(r: &Right, lang: Lang) -> &str {
    r.texts.title(lang).unwrap_or_default()
}

fn ipc(r: &Right) -> Vec<(&str, bool)> {
    r.classifications.iter().filter(|c| c.scheme == ClassScheme::Ipc).map(|c| (c.symbol.as_str(), c.main)).collect()
}

fn names(r: &Right, role: PartyRole) -> Vec<&str> {
    r.parties_in(role).map(|p| p.name()).collect()
}

fn claim_counts(r: &Right) -> Vec<(String, usize)> {
    r.texts.claims.iter().map(|c| (c.lang.to_string(), c.claims.len())).collect()
}

fn patent_citations(r: &Right) -> Vec<&str> {
    r.citations
        .iter()
        .filter_map(|c| match &c.target {
            CitationTarget::Patent { raw, .. } => Some(raw.as_str()),
            CitationTarget::NonPatent { .. } => None,
        })
        .collect()
}

fn date(r: Option<silkport_model::Date>) -> String {
    r.map(|d| d.to_string()).unwrap_or_default()
}

#[test]
fn first_ep_application_1978_dtd_1_1() {
    // application_v1-1-A1: id="EP78100007A1" doc-number="0000002", no XML declaration,
    // IPC edition 2 in B511/B512/B513, claims with blank num.
    let r = only_right("application_v1-1-A1.xml.gz");
    assert_eq!(r.id.as_str(), "EP2A1");
    assert_eq!(r.attributes["ep_document_id"], "EP78100007A1");
    assert_eq!(r.attributes["dtd_version"], "ep-patent-document-v1-1");
    assert_eq!(r.application.as_ref().unwrap().to_string(), "EP78100007.0");
    assert_eq!(date(r.dates.publication), "1978-12-20");
    assert_eq!(date(r.dates.filing), "1978-06-01");
    assert_eq!(r.dates.grant, None);
    assert_eq!(r.status, Some(Status::Pending));
    assert_eq!(r.lang, Some(Lang::DE));
    assert_eq!(r.source.revision.as_deref(), Some("19781220"));
    assert_eq!(
        title(&r, Lang::DE),
        "Tetrahydrofuran-Derivate, Verfahren zu ihrer Herstellung sowie ihre Verwendung als Herbizide."
    );
    assert_eq!(
        title(&r, Lang::EN),
        "Tetrahydrofurane derivatives, processes for their preparation and their use as herbicides"
    );
    assert!(title(&r, Lang::FR).starts_with("Dérivés du tétrahydrofuranne"));
    assert_eq!(ipc(&r), [("C07D307/12", true), ("C07D407/12", false), ("C07D307/42", false), ("A01N43/08", false)]);
    assert_eq!(names(&r, PartyRole::Applicant), ["BAYER AG"]);
    assert_eq!(names(&r, PartyRole::Inventor).len(), 4);
    assert_eq!(names(&r, PartyRole::Inventor)[0], "Schmidt, Thomas, Dr.");
    let bayer = r.parties_in(PartyRole::Applicant).next().unwrap().address.clone().unwrap();
    assert_eq!((bayer.city.as_deref(), bayer.country.as_deref()), (Some("51368 Leverkusen"), Some("DE")));
    assert_eq!(r.priorities.len(), 1);
    assert_eq!((r.priorities[0].country.as_str(), r.priorities[0].number.as_str()), ("DE", "2724675"));
    assert_eq!(date(r.priorities[0].date), "1977-06-01");
    assert_eq!(r.attributes["designated_states"], "BE CH DE FR GB NL SE");
    // Six German claims numbered from their ids (c-de-0001…); 3 to 6 refer to claim 1.
    assert_eq!(claim_counts(&r), [("de".to_string(), 6)]);
    let claims = &r.texts.claims[0].claims;
    assert_eq!(claims.iter().map(|c| c.num).collect::<Vec<_>>(), [1, 2, 3, 4, 5, 6]);
    assert_eq!(claims[2].depends_on, [1]);
    assert!(claims[2].text.contains("gemäß Anspruch 1"));
    assert_eq!(r.texts.abstracts.len(), 1);
    assert!(r.texts.abstracts[0].text.starts_with("Die vorliegende Erfindung betrifft neue Tetrahydrofuran-Derivate"));
    assert!(r.texts.descriptions[0].text.contains("(vergleiche DT-OS 2 328 340)"));
    assert!(r.citations.is_empty());
}

#[test]
fn grant_v1_5_1_in_french_with_three_claim_languages() {
    let r = only_right("grant_v1-5-1-B1-2.xml.gz");
    assert_eq!(r.id.as_str(), "EP2147172B1");
    assert_eq!(r.lang, Some(Lang::FR));
    assert_eq!(r.status, Some(Status::Active));
    assert_eq!(date(r.dates.publication), "2023-01-04");
    assert_eq!(date(r.dates.grant), "2023-01-04");
    assert_eq!(date(r.dates.filing), "2008-04-16");
    assert_eq!(r.application.as_ref().unwrap().to_string(), "EP08787967.2");
    assert_eq!(title(&r, Lang::FR), "LISSE POUR FAUSSE-PAROI A TOILE TENDUE");
    assert_eq!(title(&r, Lang::EN), "RAIL FOR STRETCHED CLOTH FALSE WALL");
    assert_eq!(title(&r, Lang::DE), "SCHIENE FÜR EINE TRENNWAND AUS GEDEHNTEM STOFF");
    assert_eq!(ipc(&r), [("E04B9/30", true)]);
    let cpc: Vec<_> = r.classifications.iter().filter(|c| c.scheme == ClassScheme::Cpc).collect();
    assert_eq!((cpc[0].symbol.as_str(), cpc[0].main), ("E04B9/303", true));
    assert_eq!(names(&r, PartyRole::Assignee), ["Normalu"]);
    assert_eq!(names(&r, PartyRole::Inventor), ["MEYER, Yves"]);
    assert_eq!(names(&r, PartyRole::Agent), ["IP Trust"]);
    assert!(names(&r, PartyRole::Applicant).is_empty());
    assert_eq!(claim_counts(&r), [("de".into(), 6), ("en".into(), 6), ("fr".into(), 6)]);
    let fr = &r.texts.claims.iter().find(|c| c.lang == Lang::FR).unwrap().claims;
    assert_eq!(fr[2].depends_on, [1, 2]); // "selon la revendication 1 ou la revendication 2"
    assert_eq!(fr[3].depends_on, [1, 2, 3]); // "selon l'une des revendications 1 à 3"
    let de = &r.texts.claims.iter().find(|c| c.lang == Lang::DE).unwrap().claims;
    assert_eq!(de[3].depends_on, [1, 2, 3]); // "nach einem der Ansprüche 1 bis 3"
                                             // 8 search-report citations (B561) and 4 in the reference list.
    let patents = patent_citations(&r);
    assert_eq!(patents.len(), 12);
    assert_eq!(patents[0], "EP-A- 0 320 349");
    let first = &r.citations[0];
    assert_eq!(first.cited_by.as_deref(), Some("search_report"));
    match &first.target {
        CitationTarget::Patent { id, .. } => assert_eq!(id.as_ref().unwrap().to_string(), "EP320349A"),
        other => panic!("{other:?}"),
    }
    assert_eq!(&patents[8..], ["FR2861769", "FR2202997", "GB1263090A", "DE810540C"]);
    assert_eq!(r.family.members, ["WO2008142298"]);
    assert_eq!(r.attributes["pct_application"], "FR2008000538");
    assert!(r.attributes["designated_states"].starts_with("AT BE BG CH"));
    assert!(r.texts.abstracts.is_empty());
    assert_eq!(r.texts.descriptions[0].lang, Lang::FR);
}

#[test]
fn grant_v1_0_b1_with_claims_in_three_languages() {
    let r = only_right("grant_v1-0-B1-1.xml.gz");
    assert_eq!(r.id.as_str(), "EP640886B1");
    assert_eq!(r.attributes["dtd_version"], "ep-patent-document-v1-0");
    assert_eq!(title(&r, Lang::EN), "Electrophotographic apparatus and process cartridge");
    assert_eq!(title(&r, Lang::DE), "Elektrophotografisches Gerät und Prozesseinheit");
    assert_eq!(title(&r, Lang::FR), "Appareil électrophotographique et unité de traitement");
    assert_eq!(date(r.dates.publication), "2006-04-26");
    assert_eq!(date(r.dates.filing), "1994-08-29");
    assert_eq!(ipc(&r), [("G03G15/08", true), ("G03G5/147", false)]);
    assert_eq!(names(&r, PartyRole::Assignee), ["CANON KABUSHIKI KAISHA"]);
    assert_eq!(names(&r, PartyRole::Agent), ["TBK-Patent"]);
    assert_eq!(claim_counts(&r), [("de".into(), 10), ("en".into(), 10), ("fr".into(), 10)]);
    assert_eq!(patent_citations(&r), ["EP-A- 0 294 097", "EP-A- 0 300 426", "EP-A- 0 501 497", "GB-A- 2 167 199"]);
    assert_eq!(r.citations.len(), 6); // plus 2 B562 non-patent citations
    assert_eq!((r.priorities[0].country.as_str(), r.priorities[0].number.as_str()), ("JP", "23589493"));
    assert_eq!(r.attributes["designated_states"], "DE FR GB IT");
}

#[test]
fn bulletin_v1_0_application_without_texts_has_old_ipc() {
    // dtd-version ep-bulletin-v1-0: bibliographic data only; IPC 7 as " 7A 01B  45/00   A".
    let r = only_right("application_v1-0-A1-1.xml");
    assert_eq!(r.id.as_str(), "EP1605745A1");
    assert_eq!(r.lang, Some(Lang::FR));
    assert_eq!(title(&r, Lang::EN), "DEVICE FOR FILLING CARROTING HOLES IN A LAWN");
    assert_eq!(title(&r, Lang::FR), "DISPOSITIF POUR LE REMPLISSAGE DES TROUS DE CAROTTAGE D'UNE PELOUSE");
    assert_eq!(ipc(&r), [("A01B45/00", true)]);
    assert_eq!(names(&r, PartyRole::Applicant), ["Cuadrado, Jean-Claude"]);
    assert_eq!(names(&r, PartyRole::Inventor), ["Cuadrado, Jean-Claude"]);
    assert_eq!(names(&r, PartyRole::Agent), ["Gosse, Michel"]);
    assert_eq!(date(r.dates.filing), "2004-02-27");
    assert_eq!((r.priorities[0].country.as_str(), r.priorities[0].number.as_str()), ("FR", "0303587"));
    assert_eq!(r.family.members, ["WO2004086847"]);
    assert_eq!(r.attributes["extension_states"], "AL LT LV MK");
    assert!(r.texts.claims.is_empty() && r.texts.descriptions.is_empty());
}

#[test]
fn search_report_citations_carry_categories() {
    // v1.5.1 A1 whose search-report-data cites two documents, both category X.
    let r = only_right("application_v1-5-1-A1-3.xml.gz");
    assert_eq!(r.id.as_str(), "EP4114164A1");
    assert_eq!(r.lang, Some(Lang::DE));
    assert_eq!(title(&r, Lang::EN), "DETERMINING A QUALITY VALUE WHEN FITTING AN ELECTRICAL COMPONENT");
    assert_eq!(ipc(&r), [("H05K13/08", true)]);
    assert_eq!(names(&r, PartyRole::Applicant), ["Siemens Aktiengesellschaft"]);
    assert_eq!(names(&r, PartyRole::Inventor).len(), 9);
    assert_eq!(claim_counts(&r), [("de".into(), 15)]);
    assert_eq!(r.citations.len(), 2);
    for (c, (raw, name)) in r.citations.iter().zip([
        ("US2020068759A1", "CVIJETINOVIC MIKICA [US] ET AL"),
        ("EP3096596B1", "OMRON TATEISI ELECTRONICS CO [JP]"),
    ]) {
        assert_eq!(c.category.as_deref(), Some("X"));
        assert_eq!(c.cited_by.as_deref(), Some("search_report"));
        match &c.target {
            CitationTarget::Patent { id, raw: r, name: n, .. } => {
                assert_eq!((r.as_str(), n.as_deref()), (raw, Some(name)));
                assert_eq!(id.as_ref().unwrap().to_string(), raw);
            }
            other => panic!("{other:?}"),
        }
    }
    assert!(r.priorities.is_empty());
}

#[test]
fn b2_takes_grant_date_from_b450_and_lists_npl() {
    let r = only_right("grant_v1-2-B2.xml.gz");
    assert_eq!(r.id.as_str(), "EP430402B2");
    assert_eq!(date(r.dates.publication), "2008-03-05");
    assert_eq!(date(r.dates.grant), "1999-01-27");
    assert_eq!(names(&r, PartyRole::Inventor), ["Gray, Joe W.", "Tkachuk, Douglas", "Pinkel, Daniel"]);
    assert_eq!(r.priorities.len(), 2);
    assert_eq!(r.priorities[1].number, "497098");
    // B561 WO-A-90/05789 (written as WO1990005789), then the 4 reference-list patents;
    // the description cites some of them inline again, which are not repeated.
    let patents = patent_citations(&r);
    assert_eq!(patents, ["WO-A-90/05789", "US4683195A", "US4683202A", "US4800159A", "US389224A"]);
    match &r.citations[0].target {
        CitationTarget::Patent { id, .. } => assert_eq!(id.as_ref().unwrap().to_string(), "WO1990005789A"),
        other => panic!("{other:?}"),
    }
    // 9 non-patent citations in B562 and 154 in the reference list.
    assert_eq!(r.citations.len() - patents.len(), 9 + 154);
}

#[test]
fn stray_less_than_in_headings_is_repaired() {
    // The file has `<heading id="h0011"><First Embodiment</heading>`: not well-formed.
    let r = only_right("application_v1-5-1-A1-2.xml.gz");
    assert_eq!(r.id.as_str(), "EP3889521A1");
    assert_eq!(title(&r, Lang::EN), "CONTROL DEVICE AND AIR CONDITIONING DEVICE");
    assert_eq!(names(&r, PartyRole::Applicant), ["Hitachi-Johnson Controls Air Conditioning, Inc."]);
    assert_eq!(ipc(&r), [("F25B45/00", true)]);
    assert_eq!(claim_counts(&r), [("en".into(), 17)]);
    assert!(r.texts.descriptions[0].text.contains("\n<First Embodiment\n"));
}

#[test]
fn whole_collection_against_the_manifest() {
    let dir = shared_data().join("patents/ep_publication_server_xml/raw");
    let mut rights = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let c = collect(&entry.unwrap().path()).unwrap();
        assert!(c.errors.is_empty(), "{:?}", c.errors);
        rights.extend(c.rights().cloned());
    }
    let mut ids: Vec<&str> = rights.iter().map(|r| r.id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 68);
    let count = |f: &dyn Fn(&Right) -> bool| rights.iter().filter(|r| f(r)).count();
    let kinds: HashMap<&str, usize> = ["B1", "B2", "A1", "A2"]
        .into_iter()
        .map(|k| (k, count(&|r| r.publication.as_ref().unwrap().kind() == Some(k))))
        .collect();
    assert_eq!(kinds, HashMap::from([("B1", 19), ("B2", 16), ("A1", 17), ("A2", 16)]));
    assert_eq!(count(&|r| r.lang == Some(Lang::EN)), 51);
    assert_eq!(count(&|r| r.lang == Some(Lang::DE)), 12);
    assert_eq!(count(&|r| r.lang == Some(Lang::FR)), 5);
    assert_eq!(count(&|r| [Lang::DE, Lang::EN, Lang::FR].iter().all(|&l| r.texts.title(l).is_some())), 68);
    let three_lang_claims = |r: &Right| r.texts.claims.len() == 3;
    assert_eq!(count(&|r| r.status == Some(Status::Active) && three_lang_claims(r)), 35);
    assert_eq!(count(&|r| !r.texts.descriptions.is_empty()), 57);
    assert_eq!(count(&|r| !r.texts.abstracts.is_empty()), 22);
    assert_eq!(count(&|r| r.classifications.iter().any(|c| c.scheme == ClassScheme::Ipc && c.main)), 68);
    // The manifest's 735 patent citations count every <patcit> element: 349 in the
    // reference lists, 384 inline mentions of the same documents in the descriptions, and
    // 2 in a search report. Each cited document is kept once per citing document (351),
    // plus the 184 B561 search-report citations of B documents the manifest leaves out.
    let patents: usize = rights.iter().map(|r| patent_citations(r).len()).sum();
    assert_eq!(patents, 351 + 184);
    // The manifest's 423 parallel claim rows key claims by `num`; EP166996B2 numbers its
    // 15 claims with num="" and collapses to one row there. Per language there are 437.
    let grant_claims: usize = rights
        .iter()
        .filter(|r| r.status == Some(Status::Active))
        .filter_map(|r| r.texts.claims.iter().find(|c| c.lang == Lang::DE))
        .map(|c| c.claims.len())
        .sum();
    assert_eq!(grant_claims, 423 + 14);
}

#[test]
fn reingest_is_identical() {
    let a = collect(&raw("grant_v1-4-B2-1.xml.gz")).unwrap();
    let b = collect(&raw("grant_v1-4-B2-1.xml.gz")).unwrap();
    assert_eq!(a.items, b.items);
    let mut merged = a.rights().next().unwrap().clone();
    merged.merge(b.rights().next().unwrap().clone());
    assert_eq!(&merged, a.rights().next().unwrap());
}

fn parse_bytes(bytes: &[u8]) -> Collected {
    collect_from(&EpXml, &mut &bytes[..], &Context { file: "test.xml".into() }).unwrap()
}

fn raw_bytes(name: &str) -> Vec<u8> {
    let mut bytes = Vec::new();
    silkport_ingest::open(&raw(name)).unwrap().read_to_end(&mut bytes).unwrap();
    bytes
}

#[test]
fn truncated_and_garbled_documents_are_record_errors() {
    let full = raw_bytes("grant_v1-5-1-B1-2.xml.gz");
    let cut = &full[..full.len() / 2];
    // A truncated document, then a whole one (documents split at each `<?xml` line).
    let mut stream = cut.to_vec();
    stream.push(b'\n');
    stream.extend_from_slice(&full);
    let c = parse_bytes(&stream);
    assert_eq!(c.errors.len(), 1, "{:?}", c.errors);
    assert_eq!(c.errors[0].position, Position::Line(1));
    assert!(c.errors[0].message.contains("malformed XML"), "{}", c.errors[0].message);
    assert_eq!(c.rights().map(|r| r.id.as_str()).collect::<Vec<_>>(), ["EP2147172B1"]);
    assert!(matches!(c.items[0], Item::Right(_)));

    // Well-formed but with an unusable publication number.
    let bad = String::from_utf8(full.clone()).unwrap().replacen("doc-number=\"2147172\"", "doc-number=\"ABC\"", 1);
    let bad = bad.replacen("<B110>2147172</B110>", "<B110>ABC</B110>", 1);
    let c = parse_bytes(bad.as_bytes());
    assert_eq!(c.errors.len(), 1);
    assert!(c.errors[0].message.contains("bad publication number"), "{}", c.errors[0].message);

    // Not an ep-patent-document at all, and random bytes: errors, no panic.
    let c = parse_bytes(b"<?xml version=\"1.0\"?>\n<other/>\n");
    assert!(c.errors[0].message.contains("expected <ep-patent-document>"));
    let noise: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    let _ = parse_bytes(&noise);
}

#[test]
fn sniffs_only_publication_server_documents() {
    let head = raw_bytes("application_v1-1-A1.xml.gz");
    assert!(EpXml.sniff("application_v1-1-a1.xml", &head[..head.len().min(8192)]));
    let ops = std::fs::read(
        shared_data()
            .join("patents/epo_ops_exchange_xml/fixtures/published-data_publication_docdb_EP.2906782.A2_biblio.xml"),
    )
    .unwrap();
    assert!(!EpXml.sniff("x.xml", &ops));
}
