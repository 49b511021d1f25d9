//! Small helpers several formats share: reading a stream line by line or as one JSON
//! array, dates in named columns and as revision strings, register text (markup, country
//! suffixes), and the status a Chinese kind code implies.

use crate::{Context, IngestError, Item, Position, RecordError, Sink, Stop};
use serde::de::{self, SeqAccess, Visitor};
use serde_json::Value;
use silkport_model::{Date, Status};
use std::io::BufRead;

// ---------------------------------------------------------------------------------------
// Streams.

/// Calls `f` with each line (without its line ending) and its 1-based number.
pub(crate) fn for_each_line(
    input: &mut dyn BufRead,
    ctx: &Context,
    mut f: impl FnMut(&[u8], u64) -> Result<(), IngestError>,
) -> Result<(), IngestError> {
    let mut buf = Vec::new();
    let mut n = 0;
    loop {
        buf.clear();
        let read =
            input.read_until(b'\n', &mut buf).map_err(|source| IngestError::Io { path: ctx.file.clone(), source })?;
        if read == 0 {
            return Ok(());
        }
        n += 1;
        let line = buf.strip_suffix(b"\n").unwrap_or(&buf);
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let line = if n == 1 { line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line) } else { line };
        f(line, n)?;
    }
}

/// Streams the elements of a file that is one top-level JSON array, handing each (with its
/// 1-based index) to `read` and pushing the result to the sink. Memory stays at one element.
/// A file that is not an array is `Malformed`; a syntax error inside the array (a truncated
/// file) is reported as a `RecordError` at the element where it broke, after everything
/// before it has been delivered.
pub(crate) fn json_array(
    input: &mut dyn BufRead,
    ctx: &Context,
    sink: &mut Sink,
    mut read: impl FnMut(u64, Value) -> Result<Item, String>,
) -> Result<(), IngestError> {
    let mut each = |n, v| sink(read(n, v).map_err(|m| record_error(n, m)));
    let mut walk = ArrayWalk { seen: 0, stopped: false, each: &mut each };
    let mut de = serde_json::Deserializer::from_reader(input);
    let result = de::Deserializer::deserialize_seq(&mut de, &mut walk).and_then(|()| de.end());
    let (seen, stopped) = (walk.seen, walk.stopped);
    match result {
        Ok(()) => Ok(()),
        Err(_) if stopped => Err(IngestError::Stopped),
        // Nothing read: not an array at all (or empty, or not JSON).
        Err(e) if seen == 0 && !e.is_io() => Err(ctx.malformed(format!("not a JSON array: {e}"))),
        Err(e) => {
            sink(Err(record_error(seen + 1, format!("JSON unreadable from here on: {e}"))))?;
            Ok(())
        }
    }
}

fn record_error(n: u64, message: String) -> RecordError {
    RecordError::new(Position::Record(n), message)
}

struct ArrayWalk<'f> {
    seen: u64,
    stopped: bool,
    each: &'f mut dyn FnMut(u64, Value) -> Result<(), Stop>,
}

impl<'de> Visitor<'de> for &mut ArrayWalk<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON array of documents")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(element) = seq.next_element::<Value>()? {
            self.seen += 1;
            if (self.each)(self.seen, element).is_err() {
                self.stopped = true;
                return Err(de::Error::custom("stopped by the consumer"));
            }
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------
// Values.

/// A date in a named column, `YYYYMMDD` or any form `Date::parse` reads.
pub(crate) fn date(column: &str, value: &str) -> Result<Date, String> {
    Date::parse(value).map_err(|_| format!("{column} `{value}` is not a date (expected YYYYMMDD)"))
}

/// Like [`date`], an empty value meaning unknown.
pub(crate) fn optional_date(column: &str, value: &str) -> Result<Option<Date>, String> {
    if value.is_empty() {
        Ok(None)
    } else {
        date(column, value).map(Some)
    }
}

/// `YYYYMMDD`, the revision string that orders versions.
pub(crate) fn compact_date(d: Date) -> String {
    format!("{:04}{:02}{:02}", d.year(), d.month(), d.day())
}

/// Status from a CN kind code: `A` publications (and their corrections) are pending
/// applications, `B`/`C` grants (and their corrections) are in force as far as the
/// publication says.
pub(crate) fn cn_status(kind: &str) -> Option<Status> {
    match kind.as_bytes().first() {
        Some(b'A') => Some(Status::Pending),
        Some(b'B' | b'C') => Some(Status::Active),
        _ => None,
    }
}

/// `Омельяненко Юрий Петрович (UA)` → (`Омельяненко Юрий Петрович`, `UA`): registers append
/// the party's country code in parentheses.
pub(crate) fn split_country_suffix(name: &str) -> (&str, Option<&str>) {
    let trimmed = name.trim();
    let Some(open) = trimmed.strip_suffix(')').and_then(|s| s.rfind('(')) else { return (trimmed, None) };
    let code = &trimmed[open + 1..trimmed.len() - 1];
    if code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase()) {
        (trimmed[..open].trim_end(), Some(code))
    } else {
        (trimmed, None)
    }
}

/// Removes markup such as `<em>…</em>` and `<br/>` from platform and registry text.
pub(crate) fn strip_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        match rest[open..].find('>') {
            Some(close) => rest = &rest[open + close + 1..],
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags() {
        assert_eq!(strip_tags("<em>РАКЕТА</em> СО СТАБИЛИЗАТОРОМ"), "РАКЕТА СО СТАБИЛИЗАТОРОМ");
        assert_eq!(strip_tags("<B><I></I></B>DV-1 Discovery v.5.4"), "DV-1 Discovery v.5.4");
        assert_eq!(strip_tags("a < b"), "a < b");
    }
}
