//! inpadoc-codes against the real EPO code table in
//! `rights/epo_inpadoc_legal_events_sample`. Expected rows were read with grep.

use silkport_ingest::formats::inpadoc_codes::InpadocCodes;
use silkport_ingest::{collect, collect_from, shared_data, Collected, Context, Format, Item, Position};
use silkport_model::{Lang, RefRecord};

fn table() -> Collected {
    let path =
        shared_data().join("rights/epo_inpadoc_legal_events_sample/inpadoc_legal_event_code_descriptions_2024w17.csv");
    collect(&path).unwrap()
}

fn find<'a>(c: &'a Collected, key: &str) -> &'a RefRecord {
    c.references().find(|r| r.key == key).unwrap_or_else(|| panic!("{key}"))
}

#[test]
fn every_code_of_every_authority() {
    let c = table();
    assert!(c.errors.is_empty(), "{:?}", c.errors);
    assert_eq!(c.references().count(), 4397);
    assert!(c.references().all(|r| r.table == "legal_event_code" && r.lang == Some(Lang::EN)));

    // Line 1736: EP,PG25,20071106,-,LAPSED IN A CONTRACTING STATE […],20190504,…,H,IP RIGHT CESSATION
    let pg25 = find(&c, "EP:PG25");
    assert_eq!(pg25.fields["authority"], "EP");
    assert_eq!(pg25.fields["code"], "PG25");
    assert_eq!(pg25.fields["influence"], "-");
    assert!(pg25.fields["description"].starts_with("LAPSED IN A CONTRACTING STATE"));
    assert_eq!(pg25.fields["class"], "H");
    assert_eq!(pg25.fields["class_description"], "IP RIGHT CESSATION");
    assert_eq!(pg25.fields["created"], "20071106");
    assert_eq!(pg25.fields["updated"], "20190504");
    assert!(!pg25.fields.contains_key("description_original"));

    // Line 757: CN,PE01 (pledge registration), no influence given.
    let pe01 = find(&c, "CN:PE01");
    assert_eq!(
        pe01.fields["description"],
        "ENTRY INTO FORCE OF THE REGISTRATION OF THE CONTRACT FOR PLEDGE OF PATENT RIGHT"
    );
    assert_eq!(pe01.fields["class"], "S");
    assert!(!pe01.fields.contains_key("influence"));

    // DE,8100: the original description is German.
    let de = find(&c, "DE:8100");
    assert_eq!(de.fields["description"], "PUBLICATION OF PATENT WITHOUT EARLIER PUBLICATION OF APPLICATION");
    assert_eq!(de.fields["description_original"], "BEKANNTMACHUNG DER ERTEILUNG OHNE VORHERIGE OFFENLEGUNG");
    assert_eq!(find(&c, "US:AS").fields["class_description"], "PARTY DATA CHANGE");
}

#[test]
fn short_rows_are_errors_with_lines() {
    let csv = "Authority,Event-code,Date Created,Influence,Description ENG,Last Update ENG,Description ORI,Last Update ORI,Event-class,Event-class Description\n\
               EP,PG25,20071106,-,LAPSED,20190504,LAPSED,20190504,H,IP RIGHT CESSATION\n\
               ,XX\n\
               US,AS,20040427,,ASSIGNMENT,20040427,ASSIGNMENT,20040427,R,PARTY DATA CHANGE\n";
    assert!(InpadocCodes.sniff("codes.csv", csv.as_bytes()));
    let Collected { items, errors } =
        collect_from(&InpadocCodes, &mut csv.as_bytes(), &Context { file: "codes.csv".into() }).unwrap();
    assert_eq!(items.len(), 2);
    assert!(matches!(&items[1], Item::Reference(r) if r.key == "US:AS"));
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].position, Position::Line(3));
    assert!(!InpadocCodes.sniff("x.csv", b"pub_number,kind,pub_date\n"));
}
