//! cnChemNER annotation exports: Chinese chemistry patents as a JSON array of documents
//! whose `text` is `<pub number>#<title>` then the description, with chemical-entity spans.

use super::util::{cn_status, json_array};
use crate::{Context, Format, IngestError, Item, Sink};
use serde::de;
use serde_json::Value;
use silkport_model::{Lang, LocalizedText, PublicationId, Right, RightId, RightKind};
use std::io::BufRead;

pub struct CnChem;

const NAME: &str = "cn-chem";

impl Format for CnChem {
    fn name(&self) -> &'static str {
        NAME
    }
    fn describe(&self) -> &'static str {
        "cnChemNER JSON export: Chinese chemistry patents, title and description (entity spans not loaded)"
    }
    /// The annotation platform's records open with its audit fields, then `id` and `text`;
    /// `entity` follows the (long) text, usually beyond the sniffed head.
    fn sniff(&self, _name: &str, head: &[u8]) -> bool {
        let has = |s| crate::detect::contains(head, s);
        head.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[')
            && has("\"createBy\"")
            && has("\"updateTime\"")
            && has("\"text\"")
    }
    fn parse(&self, input: &mut dyn BufRead, ctx: &Context, sink: &mut Sink) -> Result<(), IngestError> {
        let split = split_of(&ctx.file);
        json_array(input, ctx, sink, |_, doc| chem_doc(&doc, split, &ctx.file).map(|r| Item::Right(Box::new(r))))
    }
}

fn chem_doc(doc: &Value, split: Option<&str>, file: &str) -> Result<Right, String> {
    let text = doc.get("text").and_then(Value::as_str).ok_or("document has no `text` string")?;
    let platform_id =
        doc.get("id").and_then(|v| v.as_u64().map(|n| n.to_string()).or_else(|| v.as_str().map(str::to_string)));
    let (first_line, body) = text.split_once('\n').unwrap_or((text, ""));
    let (number, title) = match first_line.trim().split_once('#') {
        Some((number, title)) => (Some(number.trim()), title.trim()),
        None => (None, first_line.trim()),
    };
    let mut right = match number.filter(|n| !n.is_empty()) {
        Some(number) => {
            let id = PublicationId::parse(number).map_err(|e| format!("publication number: {e}"))?;
            let kind = id.kind().unwrap_or("").to_string();
            let mut r = Right::new(RightId::from(id), RightKind::from_patent_kind("CN", Some(&kind)), "CN", NAME);
            r.status = cn_status(&kind);
            r
        }
        // 13 documents (all in the test split) carry no number: the annotation platform's
        // document id is unique across all files and survives reordering, so it names them.
        None => {
            let pid = platform_id.as_deref().ok_or("document has neither a publication number nor an `id`")?;
            let id = RightId::registered("CN", "CHEM", pid).map_err(|e| e.to_string())?;
            Right::new(id, RightKind::InventionPatent, "CN", NAME)
        }
    };
    right.lang = Some(Lang::ZH);
    if !title.is_empty() {
        right.texts.titles.push(LocalizedText::new(Lang::ZH, title));
    }
    let description = body.replace("\r\n", "\n");
    let description = description.trim();
    if !description.is_empty() {
        // Section headings (技术领域, 背景技术, 发明内容, 附图说明, 具体实施方式) stay as their own lines.
        right.texts.descriptions.push(LocalizedText::new(Lang::ZH, description));
    }
    if let Some(pid) = platform_id {
        right.attributes.insert("cnchemner_id".into(), pid);
    }
    if let Some(split) = split {
        right.attributes.insert("cnchemner_split".into(), split.into());
    }
    if let Some(n) = entity_count(doc) {
        // The spans themselves (~150 per document) would dwarf the record; their offsets
        // refer to the raw text, which the description normalises.
        right.attributes.insert("ner_entities".into(), n.to_string());
    }
    right.source.file = Some(file.to_string());
    // The annotation's last edit orders the copies of a document found in several files.
    right.source.revision = doc.get("updateTime").and_then(Value::as_str).map(digits).filter(|d| !d.is_empty());
    Ok(right)
}

/// `entity` is a JSON array serialised into a string (or, tolerated, the array itself).
fn entity_count(doc: &Value) -> Option<usize> {
    match doc.get("entity")? {
        Value::String(s) => serde_json::from_str::<Vec<de::IgnoredAny>>(s).ok().map(|v| v.len()),
        Value::Array(a) => Some(a.len()),
        _ => None,
    }
}

/// `train__data_15.json` → `train` (the source repository's split).
fn split_of(file: &str) -> Option<&str> {
    let name = file.rsplit(['/', '\\']).next()?;
    let (split, _) = name.split_once("__")?;
    matches!(split, "train" | "valid" | "test").then_some(split)
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_from_file_names() {
        assert_eq!(split_of("/data/raw/train__data_15.json.gz"), Some("train"));
        assert_eq!(split_of("valid__data_26.json"), Some("valid"));
        assert_eq!(split_of("data.json"), None);
    }
}
