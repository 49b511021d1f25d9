//! IPC scheme titles as reference data (table `ipc`, keyed by canonical symbol such as
//! `H01M10/0525`, one row per language with fields `title`, `level` and, for English main
//! groups, the guidance `heading` printed above the title), from three TSV files: Chinese
//! titles (`symbol level title_zh`), WIPO English titles (headerless, 14-character symbols
//! `H01M0010052500`), and the two joined (`symbol level title_zh… title_en…`), which gives
//! the same keys and values as the single-language files. The Chinese and joined files were
//! written by a CSV writer (titles containing `"` are quoted); the WIPO list is raw text.
//! Also the WIPO IPC → technology field concordance (`Field_number,Sector_en,…,IPC_code`
//! CSV) as table `ipc_technology`, keyed by subclass (`F21H`) or main group (`H04N3/00`,
//! covering all its subgroups).
//!
//! Cleaning: the Chinese titles come from PDF text, with line-break spaces inside words
//! (`整 地`) and indentation dots (`· ·用阳离子增亮剂`); spaces between two CJK characters
//! (ideographs or CJK punctuation) and leading dots are removed, nothing else. English
//! titles have their whitespace collapsed, wrapped lines joined, and 14-character symbols
//! inside them made canonical (`A01G0003060000` → `A01G3/06`).

use super::util::for_each_line;
use crate::delimited::{field, header_starts, CsvTable};
use crate::{Context, Format, IngestError, Item, Position, RecordError, Sink};
use silkport_model::{IpcSymbol, Lang, RefRecord};
use std::io::BufRead;

pub struct Ipc;

const TECH_COLUMNS: [&str; 10] = [
    "Field_number",
    "Sector_en",
    "Sector_fr",
    "Sector_es",
    "Field_en",
    "Field_fr",
    "Field_es",
    "IPC_code",
    "Updated_on",
    "Remark",
];

/// Start of the header of the Chinese and the bilingual title files.
const ZH_HEADER: &str = "symbol\tlevel\ttitle_zh";

const LEVELS: [&str; 5] = ["section", "class", "subclass", "main_group", "subgroup"];

impl Format for Ipc {
    fn name(&self) -> &'static str {
        "ipc-scheme"
    }
    fn describe(&self) -> &'static str {
        "IPC scheme titles (Chinese, WIPO English and bilingual TSV) and the IPC → WIPO technology field concordance CSV"
    }
    fn sniff(&self, name: &str, head: &[u8]) -> bool {
        let tsv = name.ends_with(".tsv") || name.ends_with(".txt");
        (tsv && head.starts_with(ZH_HEADER.as_bytes()))
            || (tsv && name.contains("ipc") && is_wipo_title_list(head))
            || (name.ends_with(".csv") && header_starts(head, &TECH_COLUMNS[..8]))
    }
    fn parse(&self, input: &mut dyn BufRead, ctx: &Context, sink: &mut Sink) -> Result<(), IngestError> {
        let head = input.fill_buf().map_err(|source| IngestError::Io { path: ctx.file.clone(), source })?;
        if head.starts_with(ZH_HEADER.as_bytes()) {
            parse_titles(input, ctx, sink)
        } else if starts_like_wipo_titles(head) {
            parse_wipo_english(input, ctx, sink)
        } else {
            parse_technology(input, ctx, sink)
        }
    }
}

/// For sniffing: every complete line of the head is `symbol TAB title` with a WIPO-form
/// symbol, or a wrapped title's continuation (indented).
fn is_wipo_title_list(head: &[u8]) -> bool {
    let complete = match head.iter().rposition(|&b| b == b'\n') {
        Some(end) => &head[..end],
        None => return false,
    };
    complete.split(|&b| b == b'\n').all(|line| is_indented(line) || is_wipo_title_line(line))
}

/// For choosing how to parse a claimed file: its first unindented line is a WIPO title.
fn starts_like_wipo_titles(head: &[u8]) -> bool {
    head.split(|&b| b == b'\n').find(|line| !is_indented(line)).is_some_and(is_wipo_title_line)
}

fn is_indented(line: &[u8]) -> bool {
    line.first().is_some_and(|b| b.is_ascii_whitespace())
}

fn is_wipo_title_line(line: &[u8]) -> bool {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let sym = line.split(|&b| b == b'\t').next().unwrap_or(b"");
    let wipo_length = matches!(sym.len(), 1 | 3 | 4 | 14);
    wipo_length && line.len() > sym.len() && std::str::from_utf8(sym).is_ok_and(|s| IpcSymbol::parse(s).is_ok())
}

/// A line as text, or the error to report for it.
fn utf8(line: &[u8], n: u64) -> Result<&str, RecordError> {
    std::str::from_utf8(line).map_err(|e| {
        RecordError::new(Position::Line(n), format!("not UTF-8 text (invalid byte at column {})", e.valid_up_to() + 1))
    })
}

/// The Chinese file, or the bilingual one when the header has a fourth (English) column.
fn parse_titles(input: &mut dyn BufRead, ctx: &Context, sink: &mut Sink) -> Result<(), IngestError> {
    // Written by a CSV writer: a title containing `"` is quoted, its quotes doubled.
    let table = CsvTable::open(input, ctx, b'\t')?;
    let [sym, level] = table.columns(ctx, ["symbol", "level"])?;
    let zh = table.column_starting("title_zh").ok_or_else(|| ctx.malformed("no title_zh column"))?;
    let en = table.column_starting("title_en");
    table.for_each(ctx, sink, |rec, line, sink| {
        let row = title_row(field(rec, sym), field(rec, level), rec.get(zh), en.and_then(|i| rec.get(i)));
        match row {
            Err(m) => sink(Err(at(line, m))),
            Ok((zh, en)) => {
                sink(Ok(Item::Reference(zh)))?;
                match en {
                    Some(en) => sink(Ok(Item::Reference(en))),
                    None => Ok(()),
                }
            }
        }
    })
}

fn at(n: u64, message: impl Into<String>) -> RecordError {
    RecordError::new(Position::Line(n), message)
}

/// One row of the Chinese or bilingual file: the Chinese record, and the English one when
/// the row has an English title.
fn title_row(
    sym: &str,
    level: &str,
    zh: Option<&str>,
    en: Option<&str>,
) -> Result<(RefRecord, Option<RefRecord>), String> {
    let zh = zh.ok_or("expected symbol, level and Chinese title separated by tabs")?;
    let key = canonical(sym)?;
    if !LEVELS.contains(&level) {
        return Err(format!("{key}: unknown level {level:?} (expected one of {LEVELS:?})"));
    }
    let zh_record =
        RefRecord::new("ipc", key.as_str(), Some(Lang::ZH)).field("title", clean_zh(zh)).field("level", level);
    let en = en.filter(|en| !en.trim().is_empty()).map(|en| {
        // The joined file writes a main group's guidance heading and title as `heading | title`.
        let (heading, title) = en.split_once(" | ").unwrap_or(("", en));
        english_record(&key, title, heading)
    });
    Ok((zh_record, en))
}

fn canonical(sym: &str) -> Result<String, String> {
    IpcSymbol::parse(sym).map(|s| s.to_string()).map_err(|e| e.to_string())
}

fn english_record(key: &str, title: &str, heading: &str) -> RefRecord {
    RefRecord::new("ipc", key, Some(Lang::EN))
        .field("title", clean_en(title))
        .field("heading", clean_en(heading))
        .field("level", level_of(key))
}

/// The level of a canonical symbol.
fn level_of(key: &str) -> &'static str {
    match key.len() {
        1 => "section",
        3 => "class",
        4 => "subclass",
        _ if key.ends_with("/00") => "main_group",
        _ => "subgroup",
    }
}

/// An English title being read: WIPO's list repeats a main group's symbol, first for the
/// guidance heading printed above it and then for its title, and wraps long titles onto
/// indented lines.
struct PendingTitle {
    key: String,
    title: String,
    heading: String,
}

fn parse_wipo_english(input: &mut dyn BufRead, ctx: &Context, sink: &mut Sink) -> Result<(), IngestError> {
    let mut pending: Option<PendingTitle> = None;
    for_each_line(input, ctx, |line, n| {
        let text = match utf8(line, n) {
            Ok(t) => t,
            Err(e) => return Ok(sink(Err(e))?),
        };
        if text.trim().is_empty() {
            return Ok(());
        }
        if text.starts_with(char::is_whitespace) {
            match pending.as_mut() {
                Some(p) => join_wrapped(&mut p.title, text.trim()),
                None => sink(Err(at(n, "indented continuation line with no title before it")))?,
            }
            return Ok(());
        }
        let Some((sym, title)) = text.split_once('\t') else {
            return Ok(sink(Err(at(n, "expected an IPC symbol, a tab and its title")))?);
        };
        let key = match canonical(sym) {
            Ok(k) => k,
            Err(m) => return Ok(sink(Err(at(n, m)))?),
        };
        match pending.as_mut() {
            Some(p) if p.key == key => p.heading = std::mem::replace(&mut p.title, title.to_string()),
            _ => {
                let next = PendingTitle { key, title: title.to_string(), heading: String::new() };
                if let Some(done) = pending.replace(next) {
                    sink(Ok(Item::Reference(english_record(&done.key, &done.title, &done.heading))))?;
                }
            }
        }
        Ok(())
    })?;
    if let Some(done) = pending {
        sink(Ok(Item::Reference(english_record(&done.key, &done.title, &done.heading))))?;
    }
    Ok(())
}

/// Appends a wrapped line: directly after or before a dash (`E05B0077000000–E05B0085000000`),
/// else after a space.
fn join_wrapped(title: &mut String, more: &str) {
    let dash = |c: char| matches!(c, '-' | '–' | '—');
    if !(title.ends_with(dash) || more.starts_with(dash)) {
        title.push(' ');
    }
    title.push_str(more);
}

/// The concordance of IPC subclasses and main groups with WIPO's 35 technology fields.
fn parse_technology(input: &mut dyn BufRead, ctx: &Context, sink: &mut Sink) -> Result<(), IngestError> {
    let table = CsvTable::open(input, ctx, b',')?;
    let cols = table.columns(ctx, TECH_COLUMNS)?;
    table.for_each(ctx, sink, |rec, line, sink| {
        let [number, sector_en, sector_fr, sector_es, field_en, field_fr, field_es, ipc, updated, remark] =
            cols.map(|i| field(rec, i));
        let record = technology_key(ipc).map(|key| {
            RefRecord::new("ipc_technology", key, None)
                .field("field_number", number)
                .field("field_en", field_en)
                .field("field_fr", field_fr)
                .field("field_es", field_es)
                .field("sector_en", sector_en)
                .field("sector_fr", sector_fr)
                .field("sector_es", sector_es)
                .field("updated_on", updated)
                .field("remark", remark)
        });
        sink(record.map(Item::Reference).map_err(|m| at(line, m)))
    })
}

/// `F21H%` → `F21H`; `H04N   3/%` (main group 3 and its subgroups) → `H04N3/00`.
fn technology_key(pattern: &str) -> Result<String, String> {
    let code = pattern.trim().trim_end_matches('%').trim();
    let symbol = match code.strip_suffix('/') {
        Some(group) => IpcSymbol::parse(&format!("{group}/00")),
        None => IpcSymbol::parse(code),
    };
    symbol
        .map(|s| s.to_string())
        .map_err(|_| format!("IPC_code {pattern:?} is not an IPC subclass or main group pattern"))
}

/// Removes PDF-extraction artefacts from a Chinese title (see the module comment).
fn clean_zh(raw: &str) -> String {
    let text = raw.trim().trim_start_matches(|c: char| matches!(c, '·' | '•') || c.is_whitespace());
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if !c.is_whitespace() {
            out.push(c);
            continue;
        }
        while chars.next_if(|n| n.is_whitespace()).is_some() {}
        let joins_cjk = out.chars().next_back().is_some_and(is_cjk) && chars.peek().is_some_and(|&n| is_cjk(n));
        if !joins_cjk {
            out.push(' ');
        }
    }
    out
}

/// Han ideographs, CJK punctuation and fullwidth forms: never separated by spaces in Chinese.
fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
}

/// Collapses whitespace (including no-break spaces) and makes WIPO 14-character symbols in
/// the text canonical.
fn clean_en(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for word in raw.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    canonicalise_symbols(&out)
}

/// Rewrites every `A01G0003060000`-shaped token as `A01G3/06`.
fn canonicalise_symbols(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let (mut i, mut copied) = (0, 0);
    while i + 14 <= b.len() {
        let boundary_before = i == 0 || !b[i - 1].is_ascii_alphanumeric();
        let boundary_after = b.get(i + 14).is_none_or(|c| !c.is_ascii_alphanumeric());
        if boundary_before && boundary_after && is_wipo_symbol(&b[i..i + 14]) {
            if let Ok(sym) = IpcSymbol::parse(&text[i..i + 14]) {
                out.push_str(&text[copied..i]);
                out.push_str(&sym.to_string());
                copied = i + 14;
                i += 14;
                continue;
            }
        }
        i += 1;
    }
    out.push_str(&text[copied..]);
    out
}

fn is_wipo_symbol(s: &[u8]) -> bool {
    (b'A'..=b'H').contains(&s[0])
        && s[1..3].iter().all(u8::is_ascii_digit)
        && s[3].is_ascii_uppercase()
        && s[4..].iter().all(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_pdf_spaces_and_dots() {
        assert_eq!(clean_zh("可变换成整 地设备"), "可变换成整地设备");
        assert_eq!(clean_zh("· ·用阳离子增亮剂"), "用阳离子增亮剂");
        assert_eq!(clean_zh("（用于 播种、种植"), "（用于播种、种植");
        assert_eq!(clean_zh("整地入 A01D43/12"), "整地入 A01D43/12");
        assert_eq!(clean_zh("组 H10K10/80, H10K30/80 或"), "组 H10K10/80, H10K30/80 或");
    }

    #[test]
    fn english_symbols_and_wrapping() {
        assert_eq!(
            clean_en("Hand tools (edge trimmers for lawns A01G0003060000)"),
            "Hand tools (edge trimmers for lawns A01G3/06)"
        );
        assert_eq!(clean_en("Door\u{a0}arrangements  x"), "Door arrangements x");
        let mut t = "locks for vehicles E05B0077000000".to_string();
        join_wrapped(&mut t, "–");
        join_wrapped(&mut t, "E05B0085000000;door-operating mechanisms E05F)");
        assert_eq!(clean_en(&t), "locks for vehicles E05B77/00–E05B85/00;door-operating mechanisms E05F)");
    }

    #[test]
    fn technology_patterns() {
        assert_eq!(technology_key("F21H%").unwrap(), "F21H");
        assert_eq!(technology_key("H04N   3/%").unwrap(), "H04N3/00");
        assert_eq!(technology_key("A61K 101/%").unwrap(), "A61K101/00");
        assert!(technology_key("nonsense").is_err());
    }

    #[test]
    fn levels() {
        assert_eq!(level_of("H"), "section");
        assert_eq!(level_of("H01M10/00"), "main_group");
        assert_eq!(level_of("H01M10/0525"), "subgroup");
    }
}
