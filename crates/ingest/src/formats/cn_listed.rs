//! China A-share listed companies (headerless CSV: row index, stock code, full name, short
//! name) as the `listed_company` reference table, keyed by stock code.

use crate::delimited;
use crate::{Context, Format, IngestError, Item, Position, RecordError, Sink};
use silkport_model::{Lang, RefRecord};
use std::io::BufRead;

pub struct CnListed;

const TABLE: &str = "listed_company";

impl Format for CnListed {
    fn name(&self) -> &'static str {
        "cn-listed"
    }
    fn describe(&self) -> &'static str {
        "China listed companies CSV (index, stock code, full name, short name) → listed_company table"
    }
    /// Headerless, so recognised by content: the first line and most of the others (the
    /// head ends mid-line, maybe mid-character) must be such rows.
    fn sniff(&self, _name: &str, head: &[u8]) -> bool {
        let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
        let valid = std::str::from_utf8(head).map_or_else(|e| &head[..e.valid_up_to()], str::as_bytes);
        let text = std::str::from_utf8(valid).unwrap_or("");
        let mut lines: Vec<&str> = text.lines().take(50).collect();
        if lines.len() > 1 && !text.ends_with('\n') {
            lines.pop();
        }
        let rows = lines.iter().filter(|l| is_company_row(l)).count();
        lines.first().is_some_and(|l| is_company_row(l)) && rows * 2 > lines.len()
    }
    fn parse(&self, input: &mut dyn BufRead, _ctx: &Context, sink: &mut Sink) -> Result<(), IngestError> {
        let mut reader = delimited::reader(csv::ReaderBuilder::new().has_headers(false).flexible(true), input);
        let mut rec = csv::StringRecord::new();
        loop {
            let line = delimited::line_here(&mut reader);
            match reader.read_record(&mut rec) {
                Ok(true) => {
                    sink(company(&rec).map(Item::Reference).map_err(|m| RecordError::new(Position::Line(line), m)))?
                }
                Ok(false) => break,
                // Invalid UTF-8 spoils one row; anything else (I/O) ends the file.
                Err(e) if matches!(e.kind(), csv::ErrorKind::Utf8 { .. }) => {
                    sink(Err(RecordError::new(Position::Line(line), format!("invalid UTF-8: {e}"))))?
                }
                Err(e) => {
                    sink(Err(RecordError::new(Position::Line(line), format!("input unreadable from here on: {e}"))))?;
                    break;
                }
            }
        }
        Ok(())
    }
}

/// `3,000001,平安银行股份有限公司,平安银行`: digits, a stock code, a Chinese full name, a short name.
fn is_company_row(line: &str) -> bool {
    let f: Vec<&str> = line.trim_end_matches('\r').split(',').collect();
    matches!(f.as_slice(), [index, code, full, short]
        if !index.is_empty() && index.bytes().all(|b| b.is_ascii_digit())
            && stock_code(code).is_some()
            && !full.is_ascii() && !short.trim().is_empty())
}

fn company(rec: &csv::StringRecord) -> Result<RefRecord, String> {
    if rec.len() != 4 {
        return Err(format!("row has {} fields, expected 4 (index, stock code, full name, short name)", rec.len()));
    }
    let (raw_code, full, short) = (&rec[1], rec[2].trim(), &rec[3]);
    let code = stock_code(raw_code).ok_or_else(|| format!("stock code `{raw_code}` is neither digits nor X+digits"))?;
    if full.is_empty() {
        return Err(format!("company {code} has no name"));
    }
    Ok(RefRecord::new(TABLE, code, Some(Lang::ZH)).field("name", full).field("short_name", short))
}

/// Exchange codes are six digits; the file has one that lost its leading zeros to a
/// spreadsheet (`0991` for 000991), so shorter numeric codes are padded. Codes like
/// `X17282` (companies the source lists without an exchange code) are kept as they are.
fn stock_code(raw: &str) -> Option<String> {
    let code = raw.trim();
    if !code.is_empty() && code.len() <= 6 && code.bytes().all(|b| b.is_ascii_digit()) {
        return Some(format!("{code:0>6}"));
    }
    let digits = code.strip_prefix('X')?;
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())).then(|| code.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        assert_eq!(stock_code("000001").as_deref(), Some("000001"));
        assert_eq!(stock_code("0991").as_deref(), Some("000991"));
        assert_eq!(stock_code("X17282").as_deref(), Some("X17282"));
        assert_eq!(stock_code("ABC"), None);
        assert_eq!(stock_code("1234567"), None);
    }

    #[test]
    fn sniffs_rows_not_other_csv() {
        let f = CnListed;
        assert!(
            f.sniff("x.csv", "3,000001,平安银行股份有限公司,平安银行\n6,000002,万科企业股份有限公司,万科".as_bytes())
        );
        assert!(!f.sniff("x.csv", b"registration number,registration date\n1,2\n"));
        assert!(!f.sniff("x.csv", b"1,2,3,4\n"));
    }
}
