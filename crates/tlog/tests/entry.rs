//! The canonical ledger entry, version 1 (docs/ledger-entry-format.md).

use silkport_tlog::{Entry, EntryParty, Hash, TlogError};

fn party(role: &str, name: &str) -> EntryParty {
    EntryParty { role: role.into(), name: name.into() }
}

fn example() -> Entry {
    Entry {
        right: "US8087209B2".into(),
        event: "transfer".into(),
        date: "2012-03-27".into(),
        reference: Some("uspto-assignment:027987/0413".into()),
        parties: vec![
            party("assignor", "SMITH, JOHN"),
            party("assignee", "深圳市某某科技有限公司"),
            party("assignor", "DOE, JANE"),
        ],
        attrs: vec![("reel-frame".into(), "027987/0413".into())],
        docs: vec![Hash([0xab; 32])],
    }
}

/// The example of docs/ledger-entry-format.md, byte for byte.
const EXAMPLE: &str = "silkport/ledger-entry/v1
right US8087209B2
event transfer
date 2012-03-27
ref uspto-assignment:027987/0413
party assignee 深圳市某某科技有限公司
party assignor DOE, JANE
party assignor SMITH, JOHN
attr reel-frame 027987/0413
doc sha256 abababababababababababababababababababababababababababababababab
";

#[test]
fn encodes_canonically_and_round_trips() {
    let bytes = example().encode().unwrap();
    assert_eq!(String::from_utf8(bytes.clone()).unwrap(), EXAMPLE);
    let decoded = Entry::decode(&bytes).unwrap();
    assert_eq!(decoded.encode().unwrap(), bytes);
    // The order parties and documents are given in does not change the bytes.
    let mut shuffled = example();
    shuffled.parties.reverse();
    assert_eq!(shuffled.encode().unwrap(), bytes);
    let minimal =
        Entry { right: "CN990000000005U".into(), event: "grant".into(), date: "2020-02-29".into(), ..Entry::default() };
    assert_eq!(
        minimal.encode().unwrap(),
        b"silkport/ledger-entry/v1\nright CN990000000005U\nevent grant\ndate 2020-02-29\n"
    );
}

#[test]
fn refuses_non_canonical_bytes() {
    let bad = [
        EXAMPLE.replace(
            "party assignor DOE, JANE\nparty assignor SMITH, JOHN\n",
            "party assignor SMITH, JOHN\nparty assignor DOE, JANE\n",
        ),
        EXAMPLE.replace('\n', "\r\n"),
        EXAMPLE.trim_end().to_string(),
        EXAMPLE.replace("ledger-entry/v1", "ledger-entry/v2"),
        EXAMPLE.replace("event transfer", "event Transfer"),
        EXAMPLE.replace("date 2012-03-27", "date 2013-02-29"),
        EXAMPLE.replace("date 2012-03-27", "date 2012-3-27"),
        EXAMPLE.replace("right US8087209B2\nevent transfer", "event transfer\nright US8087209B2"),
        EXAMPLE.replace("party assignor DOE, JANE", "party assignor  DOE, JANE"),
        EXAMPLE.replace("abab\n", "ABAB\n"),
        format!("{EXAMPLE}ref again\n"),
        format!("{EXAMPLE}extra line\n"),
        EXAMPLE.replace("attr reel-frame 027987/0413\n", "attr reel-frame 027987/0413\nattr reel-frame 1\n"),
    ];
    for b in bad {
        assert!(matches!(Entry::decode(b.as_bytes()), Err(TlogError::MalformedEntry(_))), "accepted {b:?}");
    }
}

#[test]
fn refuses_invalid_values() {
    let cases: [fn(&mut Entry); 10] = [
        |e| e.right = "US 8087209".into(),
        |e| e.right.clear(),
        |e| e.event = "trans fer".into(),
        |e| e.date = "2012-13-01".into(),
        |e| e.parties.push(party("assignee", " leading space")),
        |e| e.parties.push(party("assignee", "line\nbreak")),
        |e| e.parties.push(party("assignor", "DOE, JANE")),
        |e| e.docs.push(Hash([0xab; 32])),
        |e| e.attrs.push(("reel-frame".into(), "other".into())),
        |e| e.parties.push(party("assignee", &"x".repeat(70_000))),
    ];
    for (i, spoil) in cases.iter().enumerate() {
        let mut e = example();
        spoil(&mut e);
        assert!(e.encode().is_err(), "case {i} encoded");
    }
}
