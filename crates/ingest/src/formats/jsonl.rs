//! The generic import format (docs/jsonl-format.md): one silkport `Right` per line, as the
//! model's JSON, with its legal events inside. For users and other systems to load data
//! silkport has no parser for.
//!
//! On import `source.format` becomes `jsonl` and `source.file` the file read (`revision`
//! and `stub` are kept), `publication` is filled from a publication-number `id` when absent,
//! and IPC/CPC symbols are made canonical. A line that does not parse is reported with its
//! line number, the field it failed in (`dates.filing`) and serde's message; the next line
//! is read as usual. Unknown fields are ignored, so newer writers stay readable.

use super::util::for_each_line;
use crate::{Context, Format, IngestError, Item, Position, RecordError, Sink};
use silkport_model::{ClassScheme, Classification, Right};
use std::io::BufRead;

pub struct Jsonl;

const NAME: &str = "jsonl";

impl Format for Jsonl {
    fn name(&self) -> &'static str {
        NAME
    }
    fn describe(&self) -> &'static str {
        "generic import: one silkport Right per line as JSON (docs/jsonl-format.md)"
    }
    /// A `.jsonl` file whose first line is an object with the top-level keys `id`, `kind`
    /// and `source`. A first line longer than the sniffed head need only show `id`, `kind`
    /// and `office` (the model writes `source` near the end).
    fn sniff(&self, name: &str, head: &[u8]) -> bool {
        if !name.ends_with(".jsonl") {
            return false;
        }
        let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        let (line, complete) = match head.iter().position(|&b| b == b'\n') {
            Some(end) => (&head[..end], true),
            None => (head, false),
        };
        if !line.trim_ascii_start().starts_with(b"{") {
            return false;
        }
        let keys = top_level_keys(line);
        let has = |k: &str| keys.iter().any(|x| x == k);
        has("id") && has("kind") && (has("source") || (!complete && has("office")))
    }
    fn parse(&self, input: &mut dyn BufRead, ctx: &Context, sink: &mut Sink) -> Result<(), IngestError> {
        for_each_line(input, ctx, |line, n| {
            if line.trim_ascii().is_empty() {
                return Ok(());
            }
            let item = read_right(line, ctx).map(|r| Item::Right(Box::new(r)));
            Ok(sink(item.map_err(|m| RecordError::new(Position::Line(n), m)))?)
        })
    }
}

/// One line as a right, or what is wrong with it.
fn read_right(line: &[u8], ctx: &Context) -> Result<Right, String> {
    let mut right: Right = serde_json::from_slice(line).map_err(|e| describe_error(line, &e))?;
    right.source.format = NAME.to_string();
    right.source.file = Some(ctx.file.clone());
    if right.publication.is_none() {
        right.publication = right.id.publication();
    }
    for (i, c) in right.classifications.iter_mut().enumerate() {
        if matches!(c.scheme, ClassScheme::Ipc | ClassScheme::Cpc) {
            let canonical = Classification::new(c.scheme, &c.symbol, c.main)
                .map_err(|e| format!("field `classifications[{i}].symbol`: {e}"))?;
            c.symbol = canonical.symbol;
        }
    }
    if let Some(i) = right.events.iter().position(|e| e.key.trim().is_empty()) {
        return Err(format!("field `events[{i}].key`: empty (each event needs a unique, stable key)"));
    }
    Ok(right)
}

/// serde's message with the field path it failed at and the column:
/// ``field `dates.filing`: invalid date "2014-13-06" (…) (column 88)``.
fn describe_error(line: &[u8], e: &serde_json::Error) -> String {
    let full = e.to_string();
    let message = full.rsplit_once(" at line ").map_or(full.as_str(), |(m, _)| m);
    let column = e.column();
    let path = path_at(line, column, message.starts_with("missing field"));
    match (e.classify(), path.is_empty()) {
        (serde_json::error::Category::Data, false) => format!("field `{path}`: {message} (column {column})"),
        (serde_json::error::Category::Data, true) => format!("{message} (column {column})"),
        _ => format!("not a JSON object: {message} (column {column})"),
    }
}

/// A container open at some point of a JSON text.
enum Frame {
    /// An object and the key whose value is being read.
    Object(Option<String>),
    /// An array and the index of the element being read.
    Array(usize),
}

/// The field path (`texts.claims[0].claims[2].num`) at a 1-based byte column of a
/// one-line JSON text: the last byte serde read. When that byte closes an object, the error
/// is about the object's last value, or (`missing`) about the object itself.
fn path_at(json: &[u8], column: usize, missing: bool) -> String {
    let end = column.min(json.len());
    let closes = end > 0 && matches!(json[end - 1], b'}' | b']');
    let mut frames = walk(json, if closes { end - 1 } else { end }, |_, _| {});
    if closes && missing {
        if let Some(Frame::Object(key)) = frames.last_mut() {
            *key = None;
        }
    }
    let mut path = String::new();
    for f in &frames {
        match f {
            Frame::Object(Some(key)) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Object(None) => {}
            Frame::Array(i) => path.push_str(&format!("[{i}]")),
        }
    }
    path
}

/// The keys of the outermost object (as far as `json` goes).
fn top_level_keys(json: &[u8]) -> Vec<String> {
    let mut keys = Vec::new();
    walk(json, json.len(), |depth, key| {
        if depth == 1 {
            keys.push(key.to_string());
        }
    });
    keys
}

/// Scans `json[..end]` (which may stop mid-value), calling `on_key` with each object key
/// and its depth, and returns the containers still open at `end`.
fn walk(json: &[u8], end: usize, mut on_key: impl FnMut(usize, &str)) -> Vec<Frame> {
    let mut stack: Vec<Frame> = Vec::new();
    let mut expect_key = false;
    let mut i = 0;
    while i < end {
        match json[i] {
            b'{' => {
                stack.push(Frame::Object(None));
                expect_key = true;
            }
            b'[' => stack.push(Frame::Array(0)),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array(index)) => *index += 1,
                Some(Frame::Object(_)) => expect_key = true,
                None => {}
            },
            b'"' => {
                let close = string_end(json, i + 1);
                if expect_key {
                    let key = String::from_utf8_lossy(&json[i + 1..close.min(json.len())]).into_owned();
                    on_key(stack.len(), &key);
                    if let Some(Frame::Object(k)) = stack.last_mut() {
                        *k = Some(key);
                    }
                    expect_key = false;
                }
                i = close + 1;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    stack
}

/// The index of the quote closing a string whose content starts at `start`.
fn string_end(json: &[u8], start: usize) -> usize {
    let mut i = start;
    while i < json.len() {
        match json[i] {
            b'\\' => i += 2,
            b'"' => return i,
            _ => i += 1,
        }
    }
    json.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_at_columns() {
        let json =
            br#"{"id":"X","texts":{"titles":[{"lang":"zh","text":"a"},{"lang":"zz1"}]},"dates":{"filing":"bad"}}"#;
        let col =
            |needle: &str| json.windows(needle.len()).position(|w| w == needle.as_bytes()).unwrap() + needle.len();
        assert_eq!(path_at(json, col(r#""zz1""#), false), "texts.titles[1].lang");
        assert_eq!(path_at(json, col(r#""bad""#), false), "dates.filing");
        assert_eq!(path_at(json, col(r#""bad"}"#), false), "dates.filing");
        assert_eq!(path_at(json, col(r#""zz1"}"#), true), "texts.titles[1]");
        assert_eq!(path_at(json, col(r#""X""#), false), "id");
    }

    #[test]
    fn keys_of_the_outer_object_only() {
        let keys = top_level_keys(br#"{"id":"a","dates":{"kind":"x"},"kind":"trademark","source":{"format":"jsonl"}}"#);
        assert_eq!(keys, ["id", "dates", "kind", "source"]);
        assert_eq!(top_level_keys(br#"{"id":"a\"b","kind":"x","off"#), ["id", "kind", "off"]);
    }

    #[test]
    fn sniffs_rights_only() {
        let line = br#"{"id":"CN1B","kind":"design","office":"CN","source":{"format":"jsonl"}}"#;
        let with_newline = [&line[..], b"\n"].concat();
        assert!(Jsonl.sniff("x.jsonl", &with_newline));
        assert!(!Jsonl.sniff("x.json", &with_newline));
        // A first line longer than the head: `source` comes late, `office` early.
        assert!(Jsonl.sniff("x.jsonl", br#"{"id":"CN1B","kind":"design","office":"CN","texts":{"titles":[{"#));
        assert!(!Jsonl.sniff("x.jsonl", br#"{"id":"CN1B","kind":"design","texts":{"titles":[{"#));
        // Complete first lines without `source`, or with the keys only nested, are not ours.
        assert!(!Jsonl.sniff("x.jsonl", b"{\"id\":\"1\",\"kind\":\"x\",\"office\":\"CN\"}\n"));
        assert!(!Jsonl.sniff("x.jsonl", b"{\"a\":{\"id\":1,\"kind\":2,\"source\":3}}\n"));
        assert!(!Jsonl.sniff("x.jsonl", b"[1,2]\n"));
    }

    #[test]
    fn errors_name_the_field() {
        let ctx = Context::default();
        let bad_date = br#"{"id":"CN103701956B","kind":"invention_patent","office":"CN","dates":{"filing":"2014-13-06"},"source":{"format":"x"}}"#;
        let m = read_right(bad_date, &ctx).unwrap_err();
        assert!(m.starts_with("field `dates.filing`: invalid date \"2014-13-06\""), "{m}");
        let missing = br#"{"id":"CN103701956B","office":"CN","source":{"format":"x"}}"#;
        assert!(read_right(missing, &ctx).unwrap_err().starts_with("missing field `kind`"));
        let no_text = br#"{"id":"CN1B","kind":"design","office":"CN","texts":{"titles":[{"lang":"zh"}]},"source":{"format":"x"}}"#;
        let m = read_right(no_text, &ctx).unwrap_err();
        assert!(m.starts_with("field `texts.titles[0]`: missing field `text`"), "{m}");
        let bad_ipc = br#"{"id":"CN1B","kind":"design","office":"CN","classifications":[{"scheme":"ipc","symbol":"Z99"}],"source":{"format":"x"}}"#;
        assert!(read_right(bad_ipc, &ctx).unwrap_err().starts_with("field `classifications[0].symbol`"));
        let m = read_right(b"{\"id\": ", &ctx).unwrap_err();
        assert!(m.starts_with("not a JSON object"), "{m}");
    }
}
