//! The smaller CN and CIS sources against the real files: listed companies, cnChemNER
//! chemistry patents, KPPatent-ZH abstracts, Rospatent search responses and the FIPS
//! software registry. Expected values were read from the sources by hand (`grep`, `zcat`,
//! `sed -n`), never from the parsers' output.

use silkport_ingest::{collect, detect_path, shared_data, Collected, IngestError, Item, Position, RecordError};
use silkport_model::{CitationTarget, ClassScheme, Date, Lang, PartyRole, Right, RightKind, Status};
use std::collections::{BTreeSet, HashMap};
use std::io::Write;
use std::path::PathBuf;

fn patents(rel: &str) -> PathBuf {
    shared_data().join("patents").join(rel)
}

fn load(rel: &str, format: &str) -> Collected {
    let path = patents(rel);
    assert_eq!(detect_path(&path).unwrap().name(), format, "{rel}");
    let c = collect(&path).unwrap();
    assert!(c.errors.is_empty(), "{rel}: {:?}", c.errors);
    c
}

fn date(s: &str) -> Option<Date> {
    Some(Date::parse(s).unwrap())
}

/// Names of one role, each as its names per language.
fn names(r: &Right, role: PartyRole) -> Vec<Vec<(String, String)>> {
    r.parties_in(role).map(|p| p.names.iter().map(|n| (n.lang.to_string(), n.text.clone())).collect()).collect()
}

fn temp(suffix: &str, content: &[u8]) -> tempfile::NamedTempFile {
    let mut f = tempfile::Builder::new().suffix(suffix).tempfile().unwrap();
    f.write_all(content).unwrap();
    f.flush().unwrap();
    f
}

fn error_positions(errors: &[RecordError]) -> Vec<Position> {
    errors.iter().map(|e| e.position).collect()
}

// --- listed companies -------------------------------------------------------------------

#[test]
fn listed_companies() {
    let c = load("cn_cnipa_bibliographic_2017/cn_listed_companies_stockcode_name.csv", "cn-listed");
    // `wc -l` is 4,401: the last of the 4,402 rows has no newline.
    assert_eq!(c.references().count(), 4402);
    let by_code: HashMap<&str, _> = c.references().map(|r| (r.key.as_str(), r)).collect();
    assert_eq!(by_code.len(), 4402, "codes are unique");
    // Line 1: `3,000001,平安银行股份有限公司,平安银行`
    let pingan = by_code["000001"];
    assert_eq!((pingan.table.as_str(), pingan.lang), ("listed_company", Some(Lang::ZH)));
    assert_eq!(pingan.fields["name"], "平安银行股份有限公司");
    assert_eq!(pingan.fields["short_name"], "平安银行");
    // Line 500: `608,0991,吉林通海高科技股份有限公司,通海高科` (leading zeros lost upstream).
    assert_eq!(by_code["000991"].fields["name"], "吉林通海高科技股份有限公司");
    // Last line: `140988,X17286,苏州宇邦新型材料股份有限公司,宇邦新材`
    assert_eq!(by_code["X17286"].fields["short_name"], "宇邦新材");
}

#[test]
fn listed_company_bad_rows() {
    let f = temp(".csv", "3,000001,平安银行股份有限公司,平安银行\n6,000002,万科企业股份有限公司,万科\n9,000003,金田实业\n11,ABC,某某股份有限公司,某某\n14,000004,国农科技股份有限公司,国农科技\n".as_bytes());
    assert_eq!(detect_path(f.path()).unwrap().name(), "cn-listed");
    let c = collect(f.path()).unwrap();
    assert_eq!(c.references().map(|r| r.key.as_str()).collect::<Vec<_>>(), ["000001", "000002", "000004"]);
    assert_eq!(error_positions(&c.errors), [Position::Line(3), Position::Line(4)]);
}

// --- cnChemNER ----------------------------------------------------------------------------

#[test]
fn chem_document_with_number() {
    let c = load("cn_chem_patents_cnchemner/raw/train__data_15.json.gz", "cn-chem");
    assert_eq!(c.rights().count(), 50);
    // Element 0: id 15424, updateTime "2025-04-24 03:24:26", text
    // "cn115667145b#高纯度锂盐水溶液的制造方法\n技术领域本发明涉及高纯度锂盐水溶液的制造方法。\n背景技术近年来,…",
    // ending "…符号说明无符号。"; `json.loads(entity)` has 241 spans.
    let r = c.right("CN115667145B");
    assert_eq!(r.kind, RightKind::InventionPatent);
    assert_eq!(r.status, Some(Status::Active));
    assert_eq!(r.lang, Some(Lang::ZH));
    assert_eq!(r.texts.title(Lang::ZH), Some("高纯度锂盐水溶液的制造方法"));
    let d = &r.texts.descriptions[0];
    assert_eq!(d.lang, Lang::ZH);
    assert!(d.text.starts_with("技术领域本发明涉及高纯度锂盐水溶液的制造方法。\n背景技术近年来,"), "{}", &d.text[..60]);
    assert!(d.text.ends_with("符号说明无符号。"));
    assert_eq!(r.attributes["cnchemner_id"], "15424");
    assert_eq!(r.attributes["cnchemner_split"], "train");
    assert_eq!(r.attributes["ner_entities"], "241");
    assert_eq!(r.source.revision.as_deref(), Some("20250424032426"));
    assert!(r.texts.claims.is_empty() && r.classifications.is_empty());
}

#[test]
fn chem_document_without_number_and_the_totals() {
    let files: Vec<PathBuf> = std::fs::read_dir(patents("cn_chem_patents_cnchemner/raw"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".json.gz"))
        .collect();
    assert_eq!(files.len(), 10);
    let mut docs = 0;
    let mut ids = BTreeSet::new();
    let mut numbered = 0;
    for path in &files {
        let c = collect(path).unwrap();
        assert!(c.errors.is_empty());
        for r in c.rights() {
            docs += 1;
            numbered += usize::from(r.publication.is_some());
            ids.insert(r.id.to_string());
            if r.id.as_str() == "CN-CHEM-15024" {
                // test__data_23 element 0: id 15024, no number, text
                // "一种铁基金属复合氧化物催化剂及其制备和应用\r\n技术领域\r\n本发明涉及催化技术领域,…" (CRLF lines).
                assert_eq!(r.texts.title(Lang::ZH), Some("一种铁基金属复合氧化物催化剂及其制备和应用"));
                assert!(r.texts.descriptions[0].text.starts_with("技术领域\n本发明涉及催化技术领域,具体地说,"));
                assert_eq!(r.publication, None);
                assert_eq!(r.status, None);
                assert_eq!(r.attributes["cnchemner_split"], "test");
                assert_eq!(r.attributes["ner_entities"], "85");
            }
        }
    }
    // Manifest: 500 docs, 487 with a number (482 unique); the 13 without get CN-CHEM-<id>.
    assert_eq!((docs, numbered), (500, 487));
    assert_eq!(ids.len(), 482 + 13);
    assert!(ids.contains("CN-CHEM-15024"));
}

#[test]
fn chem_truncated_array_keeps_the_documents_before_the_break() {
    let doc = |id: u32, text: &str| {
        format!(
            r#"{{"createBy":null,"createTime":"2025-04-16 14:08:52","updateBy":null,"updateTime":"2025-04-24 03:24:26","id":{id},"text":"{text}","entity":"[]"}}"#
        )
    };
    let content = format!(
        "[{},{},{},{}",
        doc(1, "cn115667145b#标题一\\n技术领域本发明"),
        r#"{"createBy":null,"updateTime":"x","id":2}"#,
        doc(3, "cn115667146b#标题三\\n技术领域"),
        &doc(4, "cn115667147b#标题四")[..40]
    );
    let f = temp(".json", content.as_bytes());
    assert_eq!(detect_path(f.path()).unwrap().name(), "cn-chem");
    let c = collect(f.path()).unwrap();
    assert_eq!(c.rights().map(|r| r.id.to_string()).collect::<Vec<_>>(), ["CN115667145B", "CN115667146B"]);
    assert_eq!(error_positions(&c.errors), [Position::Record(2), Position::Record(4)]);
    assert!(c.errors[0].message.contains("no `text`"));
    assert!(c.errors[1].message.contains("JSON unreadable"));

    // Not an array at all: the file as a whole is refused.
    let g = temp(".json", br#"{"createBy":null,"updateTime":"x","text":"t"}"#);
    let cn_chem = silkport_ingest::formats::cn_chem::CnChem;
    let ctx = silkport_ingest::Context { file: "x.json".into() };
    let mut input = silkport_ingest::open(g.path()).unwrap();
    let result = silkport_ingest::Format::parse(&cn_chem, &mut input, &ctx, &mut |_| Ok(()));
    assert!(matches!(result, Err(IngestError::Malformed { .. })), "{result:?}");
}

// --- KPPatent-ZH --------------------------------------------------------------------------

#[test]
fn keyphrase_abstracts() {
    let c = load("cn_kppatent_zh_keyphrases/kppatent_train_abstract_keyphrases.jsonl", "kppatent");
    assert_eq!(c.rights().count(), 3024);
    // Line 1: {"doc_idx": 0, "split": "train", "abstract": "本申请涉及使用近红外光谱法评估牙齿表面上的聚合物沉积的方法，…",
    // "keyphrases": ["吡咯烷酮", "洁齿", "聚合物", "羧甲基", "聚乙烯", "近红外", "纤维素"]}
    let r = c.right("CN-KP-train-0");
    assert_eq!(r.office, "CN");
    assert_eq!(r.lang, Some(Lang::ZH));
    assert_eq!(r.status, None);
    assert_eq!(r.publication, None);
    assert!(r.texts.abstracts[0].text.starts_with("本申请涉及使用近红外光谱法评估牙齿表面上的聚合物沉积的方法，"));
    assert!(r.texts.abstracts[0].text.ends_with("确定所述测试聚合物在所述测试样品上的沉积和保留程度。"));
    assert_eq!(r.attributes["keyphrases"], "吡咯烷酮,洁齿,聚合物,羧甲基,聚乙烯,近红外,纤维素");
    assert_eq!(r.attributes["kppatent_doc_idx"], "0");
    assert!(r.texts.titles.is_empty() && r.texts.claims.is_empty());
    // Last line: doc_idx 3023.
    assert!(c.right("CN-KP-train-3023").texts.abstracts[0].text.starts_with("本发明涉及一种用于机动车的致动设备(1)"));
    // doc_idx 161 and 162 have the same abstract ("本发明涉及防盗锁技术领域，特别为一种多功能智能报警防盗锁。…").
    assert_eq!(c.right("CN-KP-train-162").attributes["same_abstract_as"], "CN-KP-train-161");
    assert!(!c.right("CN-KP-train-161").attributes.contains_key("same_abstract_as"));
    // Python over the file: 61 lines repeat an earlier abstract.
    assert_eq!(c.rights().filter(|r| r.attributes.contains_key("same_abstract_as")).count(), 61);
}

#[test]
fn keyphrase_array_file_gives_the_same_records() {
    // raw/data_A.json is the source of the JSONL: the same 3,024 abstracts (after `摘要：`)
    // and comma-joined keyphrases in the same order, so the ids agree.
    let array = load("cn_kppatent_zh_keyphrases/raw/data_A.json.gz", "kppatent");
    let lines = load("cn_kppatent_zh_keyphrases/kppatent_train_abstract_keyphrases.jsonl", "kppatent");
    let key =
        |r: &Right| (r.id.to_string(), r.texts.abstracts[0].text.clone(), r.attributes.get("keyphrases").cloned());
    let a: Vec<_> = array.rights().map(key).collect();
    let b: Vec<_> = lines.rights().map(key).collect();
    assert_eq!(a.len(), 3024);
    assert!(a == b, "first difference: {:?}", a.iter().zip(&b).find(|(x, y)| x != y));
}

#[test]
fn keyphrase_bad_lines() {
    let f = temp(
        ".jsonl",
        "{\"doc_idx\": 0, \"split\": \"train\", \"abstract\": \"一种装置。\", \"keyphrases\": [\"装置\"]}\n{\"doc_idx\": 1, \"split\": \"train\", \"abstr\n{\"doc_idx\": 2, \"split\": \"train\", \"keyphrases\": []}\n\n{\"doc_idx\": 3, \"split\": \"test\", \"title\": \"标题\", \"abstract\": \"一种方法。\", \"claims\": [\"1. 一种方法。\", \"2. 根据权利要求1所述的方法。\"], \"keyphrases\": [\"方法\"]}\n".as_bytes(),
    );
    assert_eq!(detect_path(f.path()).unwrap().name(), "kppatent");
    let c = collect(f.path()).unwrap();
    assert_eq!(c.rights().map(|r| r.id.to_string()).collect::<Vec<_>>(), ["CN-KP-train-0", "CN-KP-test-3"]);
    assert_eq!(error_positions(&c.errors), [Position::Line(2), Position::Line(3)]);
    let test = c.right("CN-KP-test-3");
    assert_eq!(test.texts.title(Lang::ZH), Some("标题"));
    let claims = &test.texts.claims[0].claims;
    assert_eq!((claims[1].num, claims[1].depends_on.as_slice()), (2, &[1][..]));
}

// --- Rospatent ------------------------------------------------------------------------------

#[test]
fn rospatent_ukrainian_patent_in_three_languages() {
    let c = load("rospatent_cis_and_fips/rospatent_search_response_RU_EA_UA.json", "rospatent");
    assert_eq!(c.rights().count(), 10);
    // hits[0]: UA 0000028083 C2, published 2000.10.16, application 97062738 filed 1997.06.10,
    // IPC F02K9/00, titles ru/en/uk, applicant "Омельяненко Юрий Петрович (UA)" /
    // "Omelianenko Yurii Petrovych (UA)" / "Омеляненко Юрій Петрович (UA)".
    let r = c.right("UA28083C2");
    assert_eq!((r.office.as_str(), r.kind), ("UA", RightKind::InventionPatent));
    assert_eq!(r.lang, Some(Lang::parse("uk").unwrap()));
    assert_eq!(r.texts.title(Lang::RU), Some("РАКЕТА СО СТАБИЛИЗАТОРОМ В СОПЛЕ"));
    assert_eq!(r.texts.title(Lang::EN), Some("ROCKET WITH STABILIZATION IN NOZZLE"));
    assert_eq!(r.texts.title(Lang::parse("uk").unwrap()), Some("РАКЕТА З СТАБІЛІЗАТОРОМ В СОПЛІ"));
    assert_eq!(r.application.as_ref().unwrap().to_string(), "UA97062738");
    assert_eq!(r.dates.filing, date("1997-06-10"));
    assert_eq!(r.dates.publication, date("2000-10-16"));
    assert_eq!(r.dates.grant, date("2000-10-16"));
    assert_eq!(r.attributes["rights_start_date"], "2000.10.16");
    assert_eq!(r.attributes["rospatent_id"], "UA0000028083C2_20001016");
    assert_eq!(r.classifications.len(), 1);
    assert_eq!((r.classifications[0].symbol.as_str(), r.classifications[0].main), ("F02K9/00", true));
    let pair = |l: &str, t: &str| (l.to_string(), t.to_string());
    assert_eq!(
        names(r, PartyRole::Applicant),
        [vec![
            pair("uk", "Омеляненко Юрій Петрович"),
            pair("en", "Omelianenko Yurii Petrovych"),
            pair("ru", "Омельяненко Юрий Петрович")
        ]]
    );
    // The uk inventor is written "*, Омеляненко Юрій Петрович (UA)"; the ru one "Емельяненко…".
    assert_eq!(names(r, PartyRole::Inventor)[0][0], pair("uk", "Омеляненко Юрій Петрович"));
    assert_eq!(names(r, PartyRole::Inventor)[0][2], pair("ru", "Емельяненко Юрий Петрович"));
    assert_eq!(r.parties_in(PartyRole::Assignee).count(), 1);
    assert_eq!(r.parties[0].country(), Some("UA"));
    // snippet.description starts "Недостатком <em>ракеты</em> является расположение перьев стабилизатора".
    assert!(r.texts.descriptions[0].text.starts_with("Недостатком ракеты является расположение перьев стабилизатора"));
    assert_eq!(r.source.revision.as_deref(), Some("20001016"));
}

#[test]
fn rospatent_russian_patent_citations() {
    let c = load("rospatent_cis_and_fips/rospatent_search_response_RU_EA_UA.json", "rospatent");
    // RU 2590760 C2: application "2014131398/11" filed 2014.07.29; 13 parsed citations in
    // biblio.ru.citations_parsed, 10 naming a document (first "US 4568040 A1, 04.02.1986."),
    // 3 plain text; no applicant, inventor and patentee "Староверов Николай Евгеньевич (RU)".
    let r = c.right("RU2590760C2");
    assert_eq!(r.application.as_ref().unwrap().to_string(), "RU2014131398");
    assert_eq!(r.attributes["app_number_raw"], "2014131398/11");
    assert_eq!(r.lang, Some(Lang::RU));
    assert_eq!(r.citations.len(), 13);
    let patents: Vec<_> = r
        .citations
        .iter()
        .filter_map(|c| match &c.target {
            CitationTarget::Patent { id, date, .. } => Some((id.as_ref().unwrap().to_string(), *date)),
            _ => None,
        })
        .collect();
    assert_eq!(patents.len(), 10);
    assert_eq!(patents[0], ("US4568040A1".to_string(), date("1986-02-04")));
    assert!(r.attributes["citations_raw"].starts_with("US 4568040 A1, 04.02.1986. GB 2430994 A, 11.04.2007."));
    assert_eq!(r.parties_in(PartyRole::Applicant).count(), 0);
    assert_eq!(names(r, PartyRole::Inventor)[0][0].1, "Староверов Николай Евгеньевич");
    assert_eq!(names(r, PartyRole::Inventor)[0][1].1, "Staroverov Nikolaj Evgenevich");

    // EA 0000018694 B1: priority RU 2009146155 of 2009.12.15, five IPC codes, and the
    // citation string "RU-C1-2341762 RU-C1-2191986 JP-A-2003139500 US-B1-6276277 GB-A1-982767".
    let ea = c.right("EA18694B1");
    assert_eq!(ea.priorities.len(), 1);
    assert_eq!((ea.priorities[0].country.as_str(), ea.priorities[0].number.as_str()), ("RU", "2009146155"));
    assert_eq!(ea.priorities[0].date, date("2009-12-15"));
    assert_eq!(ea.classifications.iter().filter(|c| c.scheme == ClassScheme::Ipc).count(), 5);
    let cited: Vec<String> = ea
        .citations
        .iter()
        .filter_map(|c| match &c.target {
            CitationTarget::Patent { id, .. } => id.as_ref().map(ToString::to_string),
            _ => None,
        })
        .collect();
    assert_eq!(cited, ["RU2341762C1", "RU2191986C1", "JP2003139500A", "US6276277B1", "GB982767A1"]);
}

#[test]
fn rospatent_second_response() {
    let c = load("rospatent_cis_and_fips/rospatent_search_response_lamp_UA_BY_EA_TJ.json", "rospatent");
    assert_eq!(c.rights().count(), 10);
    let offices = c.rights().fold(HashMap::new(), |mut m: HashMap<String, usize>, r| {
        *m.entry(r.office.clone()).or_default() += 1;
        m
    });
    assert_eq!(offices, HashMap::from([("UA".into(), 5), ("EA".into(), 2), ("BY".into(), 2), ("TJ".into(), 1)]));
    // UA 0000012609 A: "ГАЗОРАЗРЯДНАЯ ЛАМПА" / "GAS-DISCHARGE TUBE" / "ГАЗОРОЗРЯДНА ЛАМПА",
    // application 94107164 filed 1994.10.06, published 1997.02.28, IPC H01J17/38.
    let ua = c.right("UA12609A");
    assert_eq!(ua.texts.title(Lang::RU), Some("ГАЗОРАЗРЯДНАЯ ЛАМПА"));
    assert_eq!(ua.texts.title(Lang::EN), Some("GAS-DISCHARGE TUBE"));
    assert_eq!(ua.texts.title(Lang::parse("uk").unwrap()), Some("ГАЗОРОЗРЯДНА ЛАМПА"));
    assert_eq!(ua.dates.filing, date("1994-10-06"));
    assert_eq!(ua.dates.grant, None);
    assert_eq!(ua.classifications[0].symbol, "H01J17/38");
    // UA 0000014946 A: two applicants, in the same order in ru, en and uk.
    let two = c.right("UA14946A");
    let applicants = names(two, PartyRole::Applicant);
    assert_eq!(applicants.len(), 2);
    assert_eq!(applicants[0][1].1, "Zaporizhia Motor-Car Works, Production Association AvtoZAZ");
    assert_eq!(
        applicants[1][2].1,
        "Киевский государственный исследовательский-экспериментальный завод географического приборостроения (КДДЕЗГП)"
    );
    // TJ 0000000254 C: Tajik title "ЛАМПАИ ТЕРАПЕВТӢ"; priority DE G9413075.2U listed three times.
    let tj = c.right("TJ254C");
    assert_eq!(tj.texts.title(Lang::parse("tg").unwrap()), Some("ЛАМПАИ ТЕРАПЕВТӢ"));
    assert_eq!(tj.texts.title(Lang::RU), Some("ТЕРАПЕВТИЧЕСКАЯ ЛАМПА"));
    assert_eq!(tj.priorities.len(), 1);
    assert_eq!(tj.priorities[0].country, "DE");
    assert_eq!(names(tj, PartyRole::Inventor)[0][2], ("tg".to_string(), "Боллетер Хейнс".to_string()));
    assert_eq!(tj.parties[0].country(), Some("CH"));
}

#[test]
fn rospatent_bad_hits() {
    let content = r#"{"total": 3, "hits": [
        {"common": {"publishing_office": "RU", "document_number": "2590760", "kind": "C2", "publication_date": "2016.07.10"}, "biblio": {"ru": {"title": "Т"}}},
        {"biblio": {"ru": {"title": "нет common"}}},
        {"common": {"publishing_office": "RU", "document_number": "2652024", "kind": "C1", "publication_date": "2018.13.24"}, "biblio": {}},
        {"common": {"publishing_office": "RU", "document_number": "2482436", "kind": "C1"}, "biblio": {"ru": {"title": "Т"}}}
    ]}"#;
    let f = temp(".json", content.as_bytes());
    assert_eq!(detect_path(f.path()).unwrap().name(), "rospatent");
    let c = collect(f.path()).unwrap();
    assert_eq!(c.rights().map(|r| r.id.to_string()).collect::<Vec<_>>(), ["RU2590760C2", "RU2482436C1"]);
    assert_eq!(error_positions(&c.errors), [Position::Record(2), Position::Record(3)]);
    assert!(c.errors[1].message.contains("2018.13.24"));

    let truncated = temp(".json", &content.as_bytes()[..300]);
    let result = collect(truncated.path());
    assert!(matches!(result, Err(IngestError::Malformed { .. })), "{result:?}");
}

// --- FIPS software registry ---------------------------------------------------------------

#[test]
fn fips_software_registrations() {
    let c = load("rospatent_cis_and_fips/fips_ru_software_registrations_evm.csv", "fips-software");
    assert_eq!(c.rights().count(), 885);
    // Row 1 (after a BOM): 940274,19940711,940178,,"Косарева Ю.А. (RU)\nУсов А.Ю. (RU)\nБондаренко В.С. (RU)",3,
    // "Общество с ограниченной ответственностью ""Фирма ПИЛОТ""",,«ПРОФИ-Т»,,19941220,4,true,http://www1.fips.ru/…DocNumber=940274
    let r = c.right("RU-SW-940274");
    assert_eq!((r.kind, r.office.as_str()), (RightKind::SoftwareCopyright, "RU"));
    assert_eq!(r.registration.as_deref(), Some("940274"));
    assert_eq!(r.publication, None);
    assert_eq!(r.status, Some(Status::Active));
    assert_eq!(r.lang, Some(Lang::RU));
    assert_eq!(r.dates.grant, date("1994-07-11"));
    assert_eq!(r.dates.publication, date("1994-12-20"));
    assert_eq!(r.dates.filing, None);
    assert_eq!(r.application.as_ref().unwrap().to_string(), "RU940178");
    assert_eq!(r.texts.title(Lang::RU), Some("«ПРОФИ-Т»"));
    let authors: Vec<&str> = r.parties_in(PartyRole::Author).map(|p| p.name()).collect();
    assert_eq!(authors, ["Косарева Ю.А.", "Усов А.Ю.", "Бондаренко В.С."]);
    assert!(r.parties_in(PartyRole::Author).all(|p| p.country() == Some("RU")));
    let holders: Vec<&str> = r.parties_in(PartyRole::Holder).map(|p| p.name()).collect();
    assert_eq!(holders, ["Общество с ограниченной ответственностью \"Фирма ПИЛОТ\""]);
    assert_eq!(r.attributes["publication_url"], "http://www1.fips.ru/fips_servl/fips_servlet?DB=EVM&DocNumber=940274");
    assert_eq!(r.attributes["bulletin_number"], "4");
    assert_eq!(r.source.revision.as_deref(), Some("19941220"));

    // 960028: two right holders on two lines.
    let two = c.right("RU-SW-960028");
    let holders: Vec<&str> = two.parties_in(PartyRole::Holder).map(|p| p.name()).collect();
    assert_eq!(
        holders,
        [
            "Общество с ограниченной ответственностью \"Фирма \"Элис\"",
            "Закрытое акционерное общество \"Консультант Плюс\""
        ]
    );
    assert_eq!(two.dates.filing, date("1996-08-27"));

    // 2000610106: application "0000990979" of 19991214, creation year 1999, contact "нет".
    let modern = c.right("RU-SW-2000610106");
    assert_eq!(modern.application.as_ref().unwrap().to_string(), "RU990979");
    assert_eq!(modern.attributes["creation_year"], "1999");
    assert!(!modern.attributes.contains_key("contact"));
    assert_eq!(modern.parties_in(PartyRole::Author).count(), 2);

    // 950108's name is "<br/>Автоматизированная банковская система ""Ва-Банк"" (""Ва-Банк"")".
    assert_eq!(
        c.right("RU-SW-950108").texts.title(Lang::RU),
        Some("Автоматизированная банковская система \"Ва-Банк\" (\"Ва-Банк\")")
    );
}

#[test]
fn fips_bad_rows() {
    let header = "\u{feff}registration number,registration date,application number,application date,authors,authors count,right holders,contact to third parties,program name,creation year,registration publish date,registration publish number,actual,publication URL\n";
    let rows = [
        "940436,19941006,940400,19940926,,1,\"ЗАО \"\"СП ПараГраф\"\" (RU)\",,Гарнитуры,,19941220,4,true,http://x\n",
        "940437,19941306,940401,19940926,,1,ЗАО,,Пакет,,19941220,4,true,http://x\n",
        "ABC,19941006,940401,19940926,,1,ЗАО,,Пакет,,19941220,4,true,http://x\n",
        "950092,19950315,950090,19950130,\"Зиновьев П.А. (RU)\nЖиляев А.И. (RU)\",2,ЗАО,,Система,1995,19950420,1,true,http://x\n",
    ];
    let f = temp(".csv", (header.to_string() + &rows.concat()).as_bytes());
    assert_eq!(detect_path(f.path()).unwrap().name(), "fips-software");
    let c = collect(f.path()).unwrap();
    assert_eq!(c.rights().map(|r| r.id.to_string()).collect::<Vec<_>>(), ["RU-SW-940436", "RU-SW-950092"]);
    assert_eq!(error_positions(&c.errors), [Position::Line(3), Position::Line(4)]);
    assert!(c.errors[0].message.contains("19941306"));
}

#[test]
fn none_of_these_formats_claims_other_shared_files() {
    let mine = ["cnipa-tsv", "cn-listed", "cn-chem", "kppatent", "rospatent", "fips-software"];
    let mut claimed = BTreeSet::new();
    let mut stack = vec![shared_data()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(f) = detect_path(&path) {
                if mine.contains(&f.name()) {
                    claimed.insert(path.strip_prefix(shared_data()).unwrap().display().to_string());
                }
            }
        }
    }
    let mut expected: BTreeSet<String> = [
        "patents/cn_cnipa_bibliographic_2017/cn_bibliographic_2017.tsv.gz",
        "patents/cn_cnipa_bibliographic_2017/cn_listed_companies_stockcode_name.csv",
        "patents/cn_kppatent_zh_keyphrases/kppatent_train_abstract_keyphrases.jsonl",
        "patents/cn_kppatent_zh_keyphrases/raw/data_A.json.gz",
        "patents/rospatent_cis_and_fips/rospatent_search_response_RU_EA_UA.json",
        "patents/rospatent_cis_and_fips/rospatent_search_response_lamp_UA_BY_EA_TJ.json",
        "patents/rospatent_cis_and_fips/fips_ru_software_registrations_evm.csv",
    ]
    .map(String::from)
    .into();
    for n in [15, 16, 17, 18, 19, 20, 21, 22] {
        expected.insert(format!("patents/cn_chem_patents_cnchemner/raw/train__data_{n}.json.gz"));
    }
    expected.insert("patents/cn_chem_patents_cnchemner/raw/test__data_23.json.gz".into());
    expected.insert("patents/cn_chem_patents_cnchemner/raw/valid__data_26.json.gz".into());
    assert_eq!(claimed, expected);
}

#[test]
fn items_are_rights_or_references_only() {
    let c = load("cn_cnipa_bibliographic_2017/cn_listed_companies_stockcode_name.csv", "cn-listed");
    assert!(c.items.iter().all(|i| matches!(i, Item::Reference(_))));
}
