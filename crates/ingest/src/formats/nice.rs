//! The Nice classification with China's similar-goods table (类似商品和服务区分表) as
//! reference data: `nice_class` (45 classes, English and Chinese headings, from
//! `nice_classes_en_zh.csv`), `nice_group` (类似群, 4-digit codes) and `nice_item` (goods and
//! services terms), from `goods_services_items_zh.csv` or the nested `all.json` tree it was
//! flattened from. Both give the same keys and fields, so loading both changes nothing,
//! except that only the tree has the four groups without items (1621, 1807, 2909, 3011).
//!
//! Item codes are not unique: the table gives one Nice basic number several Chinese terms
//! (纯碱 and 苏打灰 are both 010100) and lists some terms in two groups, so an item's key is
//! `group/code/term` (`0102/010100/纯碱`) and the code is also a field. One term still waits
//! for its code (`待定`); it is kept as written.
//!
//! `nice_classes_zh.csv`/`.json` only repeat the Chinese headings and are not claimed.

use crate::delimited::{field, header_starts, CsvTable};
use crate::detect::contains;
use crate::{Context, Format, IngestError, Item, Position, RecordError, Sink, Stop};
use serde::Deserialize;
use silkport_model::{Lang, RefRecord};
use std::collections::HashMap;
use std::io::{BufRead, Read};

pub struct Nice;

const ITEM_COLUMNS: [&str; 6] =
    ["nice_class", "class_label_zh", "similar_group_code", "similar_group_name", "item_code", "item_name_zh"];
const CLASS_COLUMNS: [&str; 6] =
    ["nice_class", "kind", "heading_en_ncses", "ncses_business_sector", "explanatory_note_en_wipo", "heading_zh"];

/// `all.json` is one JSON document (711 KB); it is read whole, up to this size.
const MAX_TREE_BYTES: u64 = 16 << 20;

impl Format for Nice {
    fn name(&self) -> &'static str {
        "nice"
    }
    fn describe(&self) -> &'static str {
        "Nice classes (EN/ZH headings CSV) and China's similar goods and services table (items CSV or JSON tree)"
    }
    fn sniff(&self, name: &str, head: &[u8]) -> bool {
        if name.ends_with(".json") {
            return is_tree(head);
        }
        name.ends_with(".csv") && (header_starts(head, &ITEM_COLUMNS) || header_starts(head, &CLASS_COLUMNS))
    }
    fn parse(&self, input: &mut dyn BufRead, ctx: &Context, sink: &mut Sink) -> Result<(), IngestError> {
        let head = input.fill_buf().map_err(|source| IngestError::Io { path: ctx.file.clone(), source })?;
        if head.trim_ascii_start().starts_with(b"[") {
            return parse_tree(input, ctx, sink);
        }
        let table = CsvTable::open(input, ctx, b',')?;
        if table.has_columns(&ITEM_COLUMNS) {
            let cols = table.columns(ctx, ITEM_COLUMNS)?;
            let mut groups = Groups::default();
            table.for_each(ctx, sink, |rec, line, sink| {
                let [class, _, group, group_name, code, name] = cols.map(|i| field(rec, i));
                let pos = Position::Line(line);
                groups.item(class, group, group_name, code, name, pos, sink)
            })
        } else {
            let cols = table.columns(ctx, CLASS_COLUMNS)?;
            table.for_each(ctx, sink, |rec, line, sink| {
                let f = cols.map(|i| field(rec, i));
                sink(class_record(f).map(Item::Reference).map_err(|m| RecordError::new(Position::Line(line), m)))
            })
        }
    }
}

/// The JSON tree starts with class 01 and its first group 0101.
fn is_tree(head: &[u8]) -> bool {
    head.trim_ascii_start().starts_with(b"[")
        && contains(head, "\"children\"")
        && contains(head, "\"code\":\"01\"")
        && contains(head, "\"code\":\"0101\"")
}

/// One row of the class table.
fn class_record(f: [&str; 6]) -> Result<RefRecord, String> {
    let [class, kind, heading_en, sector, note_en, heading_zh] = f;
    let class = class_number(class)?;
    // `第三十类 咖啡，茶…`: the class's Chinese name, then its heading.
    let (label_zh, heading_zh) = match heading_zh.split_once(' ') {
        Some((label, rest)) if label.starts_with('第') && label.ends_with('类') => (label, rest),
        _ => ("", heading_zh),
    };
    Ok(RefRecord::new("nice_class", class, None)
        .field("kind", kind)
        .field("heading_en", heading_en)
        .field("heading_zh", heading_zh)
        .field("label_zh", label_zh)
        .field("note_en", note_en)
        .field("sector", sector))
}

/// `01` or `1` → `1`; the classes are 1 to 45.
fn class_number(raw: &str) -> Result<String, String> {
    match raw.trim().parse::<u8>() {
        Ok(n @ 1..=45) => Ok(n.to_string()),
        _ => Err(format!("Nice class {raw:?} is not a class number (expected 1 to 45)")),
    }
}

/// The groups seen so far, so each is emitted once and a conflicting name is reported.
#[derive(Default)]
struct Groups {
    names: HashMap<String, String>,
}

impl Groups {
    /// Emits one term, preceded by its group the first time the group appears.
    #[allow(clippy::too_many_arguments)]
    fn item(
        &mut self,
        class: &str,
        group: &str,
        group_name: &str,
        code: &str,
        name: &str,
        pos: Position,
        sink: &mut Sink,
    ) -> Result<(), Stop> {
        let class = match self.group(class, group, group_name) {
            Err(m) => return sink(Err(RecordError::new(pos, m))),
            Ok((class, new_group)) => {
                if let Some(g) = new_group {
                    sink(Ok(Item::Reference(g)))?;
                }
                class
            }
        };
        if code.is_empty() || name.is_empty() {
            let m = format!("group {group}: item code {code:?} or term {name:?} is empty");
            return sink(Err(RecordError::new(pos, m)));
        }
        sink(Ok(Item::Reference(item_record(&class, group, code, name))))
    }

    /// Validates a group; returns its class number, and its record if not seen before.
    fn group(&mut self, class: &str, group: &str, name: &str) -> Result<(String, Option<RefRecord>), String> {
        let class = class_number(class)?;
        check_group_code(&class, group)?;
        match self.names.get(group) {
            Some(known) if known != name => Err(format!("group {group} is named {name:?} here but {known:?} before")),
            Some(_) => Ok((class, None)),
            None => {
                self.names.insert(group.to_string(), name.to_string());
                let record =
                    RefRecord::new("nice_group", group, Some(Lang::ZH)).field("class", &class).field("name", name);
                Ok((class, Some(record)))
            }
        }
    }
}

/// A similar group is four digits starting with its class (`3001` in class 30).
fn check_group_code(class: &str, group: &str) -> Result<(), String> {
    let digits = group.len() == 4 && group.bytes().all(|b| b.is_ascii_digit());
    if digits && group[..2].parse::<u8>().ok().map(|n| n.to_string()).as_deref() == Some(class) {
        Ok(())
    } else {
        Err(format!("similar group {group:?} is not a 4-digit code of class {class} (expected e.g. {class:0>2}01)"))
    }
}

fn item_record(class: &str, group: &str, code: &str, name: &str) -> RefRecord {
    RefRecord::new("nice_item", format!("{group}/{code}/{name}"), Some(Lang::ZH))
        .field("class", class)
        .field("group", group)
        .field("code", code)
        .field("name", name)
}

/// A node of the JSON tree: class → group → item.
#[derive(Deserialize)]
struct Node {
    #[serde(default)]
    code: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    children: Vec<Node>,
}

/// Reads the JSON tree (one document, capped at [`MAX_TREE_BYTES`]). Positions are the
/// 1-based index of the group or item in document order.
fn parse_tree(input: &mut dyn BufRead, ctx: &Context, sink: &mut Sink) -> Result<(), IngestError> {
    let mut bytes = Vec::new();
    input
        .take(MAX_TREE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| IngestError::Io { path: ctx.file.clone(), source })?;
    if bytes.len() as u64 > MAX_TREE_BYTES {
        return Err(ctx.malformed(format!("Nice JSON tree larger than {MAX_TREE_BYTES} bytes")));
    }
    let classes: Vec<Node> = serde_json::from_slice(&bytes)
        .map_err(|e| ctx.malformed(format!("not a Nice class → group → item JSON tree: {e}")))?;
    let mut groups = Groups::default();
    let mut n = 0;
    for class in &classes {
        for group in &class.children {
            n += 1;
            let (class_code, group_code, group_name) = (class.code.trim(), group.code.trim(), group.name.trim());
            if group.children.is_empty() {
                // Groups without terms exist only in the tree; they are still groups.
                match groups.group(class_code, group_code, group_name) {
                    Ok((_, Some(g))) => sink(Ok(Item::Reference(g)))?,
                    Ok((_, None)) => {}
                    Err(m) => sink(Err(RecordError::new(Position::Record(n), m)))?,
                }
            }
            for item in &group.children {
                n += 1;
                let pos = Position::Record(n);
                groups.item(class_code, group_code, group_name, item.code.trim(), item.name.trim(), pos, sink)?;
            }
        }
    }
    Ok(())
}
