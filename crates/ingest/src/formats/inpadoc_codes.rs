//! The EPO INPADOC legal-event code table (the OPS code list exported as CSV: authority,
//! code, influence, English and original descriptions, event class) as reference data:
//! table `legal_event_code`, keyed `AUTHORITY:CODE` (`EP:PG25`, `CN:PE01`), the authority
//! and code that `epo-ops` events carry.

use crate::delimited;
use crate::{Context, Format, IngestError, Item, Position, RecordError, Sink};
use silkport_model::{Lang, RefRecord};
use std::io::BufRead;

pub struct InpadocCodes;

const NAME: &str = "inpadoc-codes";
const HEADER: &str = "Authority,Event-code,Date Created,Influence,Description ENG";
pub const TABLE: &str = "legal_event_code";

/// CSV column → field name in the reference row.
const FIELDS: [(&str, &str); 8] = [
    ("Influence", "influence"),
    ("Description ENG", "description"),
    ("Description ORI", "description_original"),
    ("Event-class", "class"),
    ("Event-class Description", "class_description"),
    ("Date Created", "created"),
    ("Last Update ENG", "updated"),
    ("Last Update ORI", "updated_original"),
];

impl Format for InpadocCodes {
    fn name(&self) -> &'static str {
        NAME
    }
    fn describe(&self) -> &'static str {
        "EPO INPADOC legal-event code descriptions (CSV), loaded as reference table legal_event_code"
    }
    fn sniff(&self, _name: &str, head: &[u8]) -> bool {
        let head = head.strip_prefix("\u{feff}".as_bytes()).unwrap_or(head);
        head.starts_with(HEADER.as_bytes())
    }
    fn parse(&self, input: &mut dyn BufRead, ctx: &Context, sink: &mut Sink) -> Result<(), IngestError> {
        let malformed = |message: String| IngestError::Malformed { path: ctx.file.clone(), message };
        let mut reader = delimited::reader(csv::ReaderBuilder::new().has_headers(true).flexible(true), input);
        let headers = reader.headers().map_err(|e| malformed(format!("cannot read the CSV header: {e}")))?.clone();
        let column = |name: &str| headers.iter().position(|h| h.trim_start_matches('\u{feff}') == name);
        let (Some(authority), Some(code)) = (column("Authority"), column("Event-code")) else {
            return Err(malformed("no Authority and Event-code columns: not an INPADOC code table".into()));
        };
        let fields: Vec<(usize, &str)> = FIELDS.iter().filter_map(|(col, name)| Some((column(col)?, *name))).collect();
        let mut record = csv::StringRecord::new();
        loop {
            let line = delimited::line_here(&mut reader);
            match reader.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => sink(row(&record, authority, code, &fields, line))?,
                Err(e) => sink(Err(RecordError::new(Position::Line(line), format!("bad CSV row: {e}"))))?,
            }
        }
        Ok(())
    }
}

fn row(
    record: &csv::StringRecord,
    authority: usize,
    code: usize,
    fields: &[(usize, &str)],
    line: u64,
) -> Result<Item, RecordError> {
    let get = |i: usize| record.get(i).map(str::trim).unwrap_or("");
    let (authority, code) = (get(authority), get(code));
    if authority.is_empty() || code.is_empty() {
        return Err(RecordError::new(Position::Line(line), "row without Authority or Event-code"));
    }
    let mut r = RefRecord::new(TABLE, format!("{authority}:{code}"), Some(Lang::EN))
        .field("authority", authority)
        .field("code", code);
    for &(i, name) in fields {
        r = r.field(name, get(i));
    }
    // The original-language description is kept only where it says something else.
    if r.fields.get("description_original") == r.fields.get("description") {
        r.fields.remove("description_original");
        r.fields.remove("updated_original");
    }
    Ok(Item::Reference(r))
}
