//! KPPatent-ZH keyphrase sets: Chinese patent abstracts (and, in the test split, titles and
//! claims) with gold keyphrases, as JSONL (`doc_idx`, `split`, `abstract`, `keyphrases`) or
//! as the source repository's instruction-tuning JSON array (`instruction`, `input`
//! = `摘要：…`, `output` = comma-joined keyphrases).
//!
//! The documents carry no publication number. They are a known-item search evaluation set, so
//! each gets an id anyone can rebuild from the file: `CN-KP-<split>-<doc_idx>`, where
//! `doc_idx` is the JSONL field (else the 0-based line number) or, in the array file, the
//! 0-based position (the 3,024
//! elements of `data_A.json` are the 3,024 JSONL rows in the same order).

use super::util::json_array;
use crate::{Context, Format, IngestError, Item, Position, RecordError, Sink};
use serde_json::Value;
use silkport_model::{Claim, ClaimSet, Lang, LocalizedText, Right, RightId, RightKind};
use std::collections::HashMap;
use std::io::BufRead;

pub struct KpPatent;

const NAME: &str = "kppatent";

/// The instruction every element of the array form carries.
const INSTRUCTION_MARK: &str = "生成该专利的关键词";

/// The label in front of the abstract in the array form's `input`.
const ABSTRACT_LABEL: &str = "摘要：";

impl Format for KpPatent {
    fn name(&self) -> &'static str {
        NAME
    }
    fn describe(&self) -> &'static str {
        "KPPatent-ZH Chinese patent abstracts with keyphrases (JSONL or instruction JSON array)"
    }
    fn sniff(&self, _name: &str, head: &[u8]) -> bool {
        let has = |s| crate::detect::contains(head, s);
        match head.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'{') => has("\"keyphrases\"") && has("\"abstract\""),
            Some(b'[') => has("\"instruction\"") && has(INSTRUCTION_MARK) && has(ABSTRACT_LABEL),
            _ => false,
        }
    }
    fn parse(&self, input: &mut dyn BufRead, ctx: &Context, sink: &mut Sink) -> Result<(), IngestError> {
        let head = input.fill_buf().map_err(|source| IngestError::Io { path: ctx.file.clone(), source })?;
        let is_array = head.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[');
        let mut seen = SeenAbstracts::default();
        if is_array {
            let split = array_split(&ctx.file);
            json_array(input, ctx, sink, |n, v| {
                let doc = instruction_doc(&v, n - 1, split)?;
                Ok(Item::Right(Box::new(doc.into_right(&ctx.file, &mut seen)?)))
            })
        } else {
            parse_jsonl(input, ctx, sink, &mut seen)
        }
    }
}

fn parse_jsonl(
    input: &mut dyn BufRead,
    ctx: &Context,
    sink: &mut Sink,
    seen: &mut SeenAbstracts,
) -> Result<(), IngestError> {
    let mut buf = Vec::new();
    let mut line = 0u64;
    loop {
        buf.clear();
        line += 1;
        match input.read_until(b'\n', &mut buf) {
            Ok(0) => return Ok(()),
            Ok(_) => {}
            Err(e) => {
                sink(Err(RecordError::new(Position::Line(line), format!("input unreadable from here on: {e}"))))?;
                return Ok(());
            }
        }
        if buf.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let item = serde_json::from_slice::<Value>(&buf)
            .map_err(|e| format!("not a JSON object: {e}"))
            .and_then(|v| jsonl_doc(&v, line))
            .and_then(|doc| doc.into_right(&ctx.file, seen))
            .map(|r| Item::Right(Box::new(r)))
            .map_err(|m| RecordError::new(Position::Line(line), m));
        sink(item)?;
    }
}

/// One document in either form.
struct KpDoc {
    split: String,
    idx: u64,
    title: Option<String>,
    abstract_: String,
    claims: Vec<String>,
    keyphrases: Vec<String>,
}

fn jsonl_doc(v: &Value, line: u64) -> Result<KpDoc, String> {
    let idx = match v.get("doc_idx") {
        Some(i) => i.as_u64().ok_or("`doc_idx` is not a number")?,
        None => line - 1,
    };
    let split = v.get("split").and_then(Value::as_str).unwrap_or("train").trim();
    let abstract_ = v.get("abstract").and_then(Value::as_str).ok_or("no `abstract` string")?;
    Ok(KpDoc {
        split: split.to_string(),
        idx,
        title: v.get("title").and_then(Value::as_str).map(str::to_string),
        abstract_: abstract_.to_string(),
        claims: strings(v.get("claims")),
        keyphrases: strings(v.get("keyphrases")),
    })
}

fn instruction_doc(v: &Value, idx: u64, split: &str) -> Result<KpDoc, String> {
    let input = v.get("input").and_then(Value::as_str).ok_or("no `input` string")?.trim();
    let abstract_ =
        input.strip_prefix(ABSTRACT_LABEL).ok_or_else(|| format!("`input` does not start with {ABSTRACT_LABEL}"))?;
    let output = v.get("output").and_then(Value::as_str).unwrap_or("");
    Ok(KpDoc {
        split: split.to_string(),
        idx,
        title: None,
        abstract_: abstract_.to_string(),
        claims: vec![],
        keyphrases: output.split(',').map(str::trim).filter(|k| !k.is_empty()).map(str::to_string).collect(),
    })
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter().filter_map(Value::as_str).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
        })
        .unwrap_or_default()
}

/// The array form does not say its split: the repository's `data_A.json` is the train set
/// and `test_data_TAC.json` the test set.
fn array_split(file: &str) -> &'static str {
    let name = file.rsplit(['/', '\\']).next().unwrap_or(file).to_ascii_lowercase();
    if name.contains("test") {
        "test"
    } else {
        "train"
    }
}

/// Abstracts already read in this file, so a repeated one can point at its first copy (in
/// the train set 51 abstracts occur more than once, 61 repeats in all; a known-item search
/// may rightly find any copy).
#[derive(Default)]
struct SeenAbstracts(HashMap<String, String>);

impl KpDoc {
    fn into_right(self, file: &str, seen: &mut SeenAbstracts) -> Result<Right, String> {
        let abstract_ = self.abstract_.trim();
        if abstract_.is_empty() {
            return Err(format!("document {} has an empty abstract", self.idx));
        }
        let id = RightId::registered("CN", "KP", &format!("{}-{}", self.split, self.idx)).map_err(|e| e.to_string())?;
        let mut right = Right::new(id, RightKind::from_patent_kind("CN", None), "CN", NAME);
        right.lang = Some(Lang::ZH);
        if let Some(title) = self.title.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            right.texts.titles.push(LocalizedText::new(Lang::ZH, title));
        }
        right.texts.abstracts.push(LocalizedText::new(Lang::ZH, abstract_));
        if !self.claims.is_empty() {
            right.texts.claims.push(ClaimSet { lang: Lang::ZH, claims: claims(&self.claims) });
        }
        if !self.keyphrases.is_empty() {
            right.attributes.insert("keyphrases".into(), self.keyphrases.join(","));
        }
        right.attributes.insert("kppatent_split".into(), self.split);
        right.attributes.insert("kppatent_doc_idx".into(), self.idx.to_string());
        match seen.0.get(abstract_) {
            Some(first) => {
                right.attributes.insert("same_abstract_as".into(), first.clone());
            }
            None => {
                seen.0.insert(abstract_.to_string(), right.id.to_string());
            }
        }
        right.source.file = Some(file.to_string());
        Ok(right)
    }
}

/// Claims in order; a claim's own leading number (`2.`, `2、`) is used when present, and the
/// claims it refers back to (`根据权利要求1所述`, `权利要求1-3`, `权利要求1或2`) become `depends_on`.
fn claims(texts: &[String]) -> Vec<Claim> {
    texts
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let (num, body) = leading_number(text);
            let num = num.unwrap_or(i as u32 + 1);
            let mut depends_on = claim_references(body);
            depends_on.retain(|&d| d < num);
            Claim { num, text: body.to_string(), depends_on }
        })
        .collect()
}

fn leading_number(text: &str) -> (Option<u32>, &str) {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &text[digits..];
    let after = rest.strip_prefix(['.', '、', '．']).map(str::trim_start);
    match (text[..digits].parse().ok(), after) {
        (Some(n), Some(body)) => (Some(n), body),
        _ => (None, text),
    }
}

fn claim_references(text: &str) -> Vec<u32> {
    let mut out = Vec::new();
    for (pos, _) in text.match_indices("权利要求") {
        let mut rest = &text[pos + "权利要求".len()..];
        let mut prev: Option<u32> = None;
        let mut range = false;
        loop {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            if let Ok(n) = rest[..digits].parse::<u32>() {
                match prev.filter(|_| range) {
                    Some(p) if p < n && n - p < 100 => out.extend(p + 1..=n),
                    _ => out.push(n),
                }
                prev = Some(n);
                rest = &rest[digits..];
            }
            let Some(sep) = ["-", "~", "至", "到", "或", "、", "，", ","].iter().find(|s| rest.starts_with(**s))
            else {
                break;
            };
            range = matches!(*sep, "-" | "~" | "至" | "到");
            rest = &rest[sep.len()..];
            if !rest.starts_with(|c: char| c.is_ascii_digit()) {
                break;
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claim_dependencies() {
        assert_eq!(claim_references("根据权利要求1所述的装置，其特征在于"), [1]);
        assert_eq!(claim_references("根据权利要求1-3任一项所述的方法"), [1, 2, 3]);
        assert_eq!(claim_references("如权利要求1或2所述"), [1, 2]);
        assert_eq!(claim_references("一种装置，包括"), Vec::<u32>::new());
        let c = claims(&["1. 一种装置".into(), "2. 根据权利要求1所述的装置".into()]);
        assert_eq!(
            (c[1].num, c[1].depends_on.as_slice(), c[1].text.as_str()),
            (2, &[1][..], "根据权利要求1所述的装置")
        );
    }

    #[test]
    fn array_split_from_name() {
        assert_eq!(array_split("raw/data_A.json.gz"), "train");
        assert_eq!(array_split("raw/test_data_TAC.json"), "test");
    }
}
