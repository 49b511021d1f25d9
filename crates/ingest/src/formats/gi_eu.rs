//! Geographical indications of the EU register (eAmbrosia export `gi_register.csv`) and the
//! UK spirits protected-names register (`Registered name,Class,…` CSV), one right per entry.
//! Also home of [`CsvTable`], the header-checked CSV reader the reference-data formats share.
//!
//! EU ids are `EU-GI-<file number>`. Rows whose file number names a procedure on a GI
//! (`PDO-AT-A0217-AM01`, `…-CANCEL`) are stubs of that GI with the procedure as events (see
//! [`eu_right`]). The UK register has no numbers: ids are `GB-GI-<slug of the name>`.
//!
//! Languages: a GI name is written in its own language and script, often followed by a
//! Latin transliteration (`平谷大桃 / Pinggu Da Tao`). A name with non-Latin parts that all
//! belong to one language gets those parts as its title in that language (Han → `zh`, Greek
//! → `el`, Cyrillic → the country's language…), and the Latin parts go to the attribute
//! `name_latin`. A Latin-script name is titled in the language of its country of origin when
//! the country (or every listed country) has one obvious language; otherwise `Right::lang`
//! stays unset and the title is stored under `en`, because a registered GI name is protected
//! and written as-is in English text too. The full name as registered is kept in
//! `registered_name` whenever the title differs from it.

use crate::{Context, Format, IngestError, Item, Position, RecordError, Sink, Stop};
use silkport_model::{
    ClassScheme, Classification, Date, EventKind, Lang, LegalEvent, LocalizedText, Right, RightId, RightKind, Status,
};
use std::collections::VecDeque;
use std::io::{BufRead, Read};

pub struct GiEu;

const NAME: &str = "gi-eu";

/// Header of the eAmbrosia export.
const EU_COLUMNS: [&str; 12] = [
    "file_number",
    "name",
    "gi_type",
    "status",
    "country",
    "product_type",
    "product_category",
    "application_date",
    "publication_date",
    "registration_date",
    "legal_instrument",
    "defra_register_group",
];

/// Header of the UK spirits register.
const UK_COLUMNS: [&str; 6] = [
    "Registered name",
    "Class",
    "Date of decision",
    "Protection type",
    "Country of origin",
    "Date of original registration",
];

impl Format for GiEu {
    fn name(&self) -> &'static str {
        NAME
    }
    fn describe(&self) -> &'static str {
        "EU geographical indications (eAmbrosia register export CSV) and the UK spirits protected-names register CSV"
    }
    fn sniff(&self, name: &str, head: &[u8]) -> bool {
        name.ends_with(".csv") && (header_starts(head, &EU_COLUMNS) || header_starts(head, &UK_COLUMNS))
    }
    fn parse(&self, input: &mut dyn BufRead, ctx: &Context, sink: &mut Sink) -> Result<(), IngestError> {
        let table = CsvTable::open(input, ctx, b',')?;
        let snapshot = file_date(&ctx.file);
        if table.has_columns(&EU_COLUMNS) {
            let cols = table.columns(ctx, EU_COLUMNS)?;
            table.for_each(ctx, sink, |rec, line, sink| {
                let f = cols.map(|i| field(rec, i));
                sink(eu_right(f, ctx, snapshot.as_deref()).map(|r| Item::Right(Box::new(r))).map_err(|m| at(line, m)))
            })
        } else {
            let cols = table.columns(ctx, UK_COLUMNS)?;
            table.for_each(ctx, sink, |rec, line, sink| {
                let f = cols.map(|i| field(rec, i));
                let item = match uk_footer(&f) {
                    Some(reason) => Ok(Item::Skipped(at(line, reason))),
                    None => {
                        uk_right(f, ctx, snapshot.as_deref()).map(|r| Item::Right(Box::new(r))).map_err(|m| at(line, m))
                    }
                };
                sink(item)
            })
        }
    }
}

fn at(line: u64, message: impl Into<String>) -> RecordError {
    RecordError::new(Position::Line(line), message)
}

/// One row of the eAmbrosia export. A file number with a procedure suffix
/// (`PDO-AT-A0217-AM01` amendment, `…-CANCEL` cancellation) is a procedure on the GI
/// `PDO-AT-A0217`, not a GI of its own: it becomes a stub of that GI carrying the
/// procedure's steps as events, so the GI's own status and dates stay as registered.
fn eu_right(f: [&str; 12], ctx: &Context, snapshot: Option<&str>) -> Result<Right, String> {
    let [file_number, name, gi_type, status, country, product_type, category, applied, published, registered, instrument, group] =
        f;
    let (base, procedure) = split_file_number(file_number)?;
    let id = RightId::registered("EU", "GI", base).map_err(|e| e.to_string())?;
    let mut r = Right::new(id, RightKind::GeographicalIndication, "EU", NAME);
    r.registration = Some(base.to_string());
    let steps = [(applied, "application_date"), (published, "publication_date"), (registered, "registration_date")];
    let [applied, published, registered] = steps.map(|(v, column)| dmy(v, column));
    let (applied, published, registered) = (applied?, published?, registered?);
    set_name(&mut r, name, country)?;
    r.classifications = product_classes(product_type, category);
    r.source.file = Some(ctx.file.clone());
    match procedure {
        None => {
            r.status = Some(eu_status(status)?);
            r.dates.filing = applied;
            r.dates.publication = published;
            r.dates.grant = registered;
            r.source.revision = snapshot.map(str::to_string).or_else(|| latest_date(&r));
            put(&mut r.attributes, "register_status", status);
            put(&mut r.attributes, "legal_instrument", instrument);
        }
        Some(procedure) => {
            eu_status(status)?;
            r.source.stub = true;
            r.events = procedure_events(file_number, procedure, [applied, published, registered]);
            r.source.revision = r.events.iter().filter_map(|e| e.date).max().map(compact_date);
        }
    }
    let a = &mut r.attributes;
    put(a, "gi_type", gi_type_code(gi_type));
    put(a, "product_type", product_type);
    put(a, "product_category", category);
    put(a, "register_group", group);
    Ok(r)
}

/// `PDO-AT-A0217-AM01` → (`PDO-AT-A0217`, `AM01`): type, country, number, then the
/// procedure, if any.
fn split_file_number(file_number: &str) -> Result<(&str, Option<&str>), String> {
    let bad = || format!("file_number {file_number:?} is not TYPE-COUNTRY-NUMBER (expected e.g. PDO-IT-0001)");
    let mut dashes = file_number.match_indices('-').map(|(i, _)| i);
    let (_, second) = (dashes.next().ok_or_else(bad)?, dashes.next().ok_or_else(bad)?);
    let number_end = dashes.next().unwrap_or(file_number.len());
    let number = &file_number[second + 1..number_end];
    if !number.bytes().any(|b| b.is_ascii_digit()) || number.contains(char::is_whitespace) {
        return Err(bad());
    }
    let procedure = file_number.get(number_end + 1..).map(str::trim).filter(|p| !p.is_empty());
    Ok((&file_number[..number_end], procedure))
}

/// One event per dated step of an amendment or cancellation procedure, keyed by its file
/// number and step.
fn procedure_events(file_number: &str, procedure: &str, dates: [Option<Date>; 3]) -> Vec<LegalEvent> {
    let cancel = procedure.starts_with("CANCEL");
    let what = if cancel { "cancellation".to_string() } else { format!("amendment {procedure} of the specification") };
    let steps = [("applied", "application for"), ("published", "publication of"), ("approved", "approval of")];
    steps
        .iter()
        .zip(dates)
        .filter_map(|((step, verb), date)| {
            let kind = if cancel && *step == "approved" { EventKind::Invalidation } else { EventKind::Other };
            let mut e = LegalEvent::new(format!("{NAME}:{file_number}:{step}"), kind, Some(date?));
            e.code = Some(procedure.to_string());
            e.authority = Some("EU".to_string());
            e.description = Some(format!("{verb} {what}"));
            e.reference = Some(file_number.to_string());
            Some(e)
        })
        .collect()
}

fn compact_date(d: Date) -> String {
    d.to_string().replace('-', "")
}

/// One row of the UK spirits register. It has no register numbers, so the id is the
/// registered name made into a slug: stable for as long as the name is.
fn uk_right(f: [&str; 6], ctx: &Context, snapshot: Option<&str>) -> Result<Right, String> {
    let [name, class, decision, protection, country, original] = f;
    if name.is_empty() {
        return Err("Registered name is empty".into());
    }
    let id = RightId::registered("GB", "GI", &slug(name)).map_err(|e| e.to_string())?;
    let mut r = Right::new(id, RightKind::GeographicalIndication, "GB", NAME);
    r.status = Some(Status::Active);
    r.dates.grant = match decision {
        "" => None,
        d => Some(
            day_month_name_year(d)
                .ok_or_else(|| format!("Date of decision {d:?} is not a date (expected e.g. 1 Jan 2021)"))?,
        ),
    };
    set_name(&mut r, name, country)?;
    r.classifications = product_classes("Spirit drink", class);
    r.source.file = Some(ctx.file.clone());
    r.source.revision = snapshot.map(str::to_string).or_else(|| latest_date(&r));
    let original = dmy(original, "Date of original registration")?;
    let a = &mut r.attributes;
    put(a, "gi_type", gi_type_code(protection));
    put(a, "product_type", "Spirit drink");
    put(a, "product_category", class);
    if let Some(d) = original {
        put(a, "original_registration", &d.to_string());
    }
    Ok(r)
}

/// The export's last line (`1 to 242 of 242 products`) is a page footer, not an entry.
fn uk_footer(f: &[&str; 6]) -> Option<String> {
    let rest_empty = f[1..].iter().all(|v| v.is_empty());
    let footer = f[0].ends_with(" products") && f[0].starts_with(|c: char| c.is_ascii_digit());
    (rest_empty && footer).then(|| format!("page footer {:?}, not a register entry", f[0]))
}

fn eu_status(s: &str) -> Result<Status, String> {
    match s {
        "Registered" => Ok(Status::Active),
        "Applied" | "Published" => Ok(Status::Pending),
        "Rejected" => Ok(Status::Refused),
        "Cancelled" => Ok(Status::Revoked),
        "Withdrawn" => Ok(Status::Withdrawn),
        other => Err(format!("unknown status {other:?} (expected Registered, Applied, Published or Rejected)")),
    }
}

/// `Protected Designation of Origin (PDO)` → `PDO`.
fn gi_type_code(label: &str) -> &str {
    label.rsplit_once('(').and_then(|(_, code)| code.strip_suffix(')')).unwrap_or(label)
}

fn put(attrs: &mut std::collections::BTreeMap<String, String>, key: &str, value: &str) {
    if !value.is_empty() {
        attrs.insert(key.to_string(), value.to_string());
    }
}

/// A `DD/MM/YYYY` date from the named column; empty means unknown.
fn dmy(value: &str, column: &str) -> Result<Option<Date>, String> {
    if value.is_empty() {
        return Ok(None);
    }
    Date::parse(value).map(Some).map_err(|_| format!("{column} {value:?} is not a date (expected DD/MM/YYYY)"))
}

/// `1 Jan 2021`, as the UK register writes its decision dates.
fn day_month_name_year(s: &str) -> Option<Date> {
    const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let mut parts = s.split_whitespace();
    let (day, month, year) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let month = month.get(..3)?.to_ascii_lowercase();
    let m = MONTHS.iter().position(|x| *x == month)? as u8 + 1;
    Date::new(year.parse().ok()?, m, day.parse().ok()?)
}

/// A register snapshot date in the file name (`…_20210123.csv`), as `YYYYMMDD`.
fn file_date(file: &str) -> Option<String> {
    let name = file.rsplit(['/', '\\']).next().unwrap_or(file);
    let b = name.as_bytes();
    (0..b.len().saturating_sub(7))
        .filter(|&i| b[i..i + 8].iter().all(u8::is_ascii_digit))
        .filter(|&i| i == 0 || !b[i - 1].is_ascii_digit())
        .filter(|&i| b.get(i + 8).is_none_or(|c| !c.is_ascii_digit()))
        .find_map(|i| Date::parse(&name[i..i + 8]).ok())
        .map(compact_date)
}

/// Without a snapshot date, an entry's latest procedure date orders its versions: each
/// step (application, publication, registration) adds a later date.
fn latest_date(r: &Right) -> Option<String> {
    let d = &r.dates;
    [d.filing, d.publication, d.grant].into_iter().flatten().max().map(compact_date)
}

/// Product classes: EU agricultural classes keep their number (`1.6`), spirit and
/// aromatised-wine categories are prefixed (`spirit:9`) because their numbers overlap the
/// agricultural ones, and wine is `wine`. `15. Vodka, 31. Flavoured vodka` gives two.
fn product_classes(product_type: &str, category: &str) -> Vec<Classification> {
    let prefix = match product_type {
        "Spirit drink" => "spirit:",
        "Aromatised wine" => "aromatised-wine:",
        _ => "",
    };
    let mut out = Vec::new();
    for part in split_categories(category) {
        let label = part.strip_prefix("Class ").unwrap_or(part);
        let num: &str = label.split([' ']).next().unwrap_or("").trim_end_matches('.');
        let numbered = !num.is_empty() && num.starts_with(|c: char| c.is_ascii_digit());
        let symbol = if numbered { format!("{prefix}{num}") } else { label.to_lowercase() };
        if let Ok(c) = Classification::new(ClassScheme::Product, &symbol, out.is_empty()) {
            out.push(c);
        }
    }
    out
}

/// Splits `15. Vodka, 31. Flavoured vodka` before each numbered category.
fn split_categories(s: &str) -> Vec<&str> {
    let mut cuts = vec![0];
    for (i, _) in s.match_indices(", ") {
        if s[i + 2..].starts_with(|c: char| c.is_ascii_digit()) {
            cuts.push(i);
        }
    }
    cuts.push(s.len());
    cuts.windows(2).map(|w| s[w[0]..w[1]].trim_start_matches(", ").trim()).filter(|p| !p.is_empty()).collect()
}

/// Sets the title, `lang`, country attributes and `name_latin` from the registered name.
fn set_name(r: &mut Right, name: &str, country: &str) -> Result<(), String> {
    let name = collapse_spaces(name);
    if name.is_empty() {
        return Err("name is empty".into());
    }
    let origin = Origin::of(country);
    let segments = split_names(&name);
    let (title, lang, latin) = match native_language(&segments, origin.lang) {
        Some(lang) => {
            let (native, latin): (Vec<&str>, Vec<&str>) =
                segments.iter().partition(|s| segment_language(s, origin.lang).is_some());
            (native.join(" / "), Some(lang), latin.join(" / "))
        }
        None => (name.clone(), origin.lang, String::new()),
    };
    r.lang = lang;
    r.texts.titles.push(LocalizedText::new(lang.unwrap_or(Lang::EN), title.as_str()));
    let a = &mut r.attributes;
    if title != name {
        put(a, "registered_name", &name);
    }
    put(a, "name_latin", &latin);
    put(a, "country", country);
    put(a, "country_codes", &origin.codes);
    Ok(())
}

fn collapse_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Splits a name at ` / ` outside parentheses: `Сливенска перла (… / …) / Slivenska perla (…)`
/// has two names, each with an alternative inside its parentheses.
fn split_names(name: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    for (i, c) in name.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            '/' if depth <= 0 && name[..i].ends_with(' ') && name[i + 1..].starts_with(' ') => {
                out.push(name[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(name[start..].trim());
    out.retain(|s| !s.is_empty());
    out
}

/// The one language of a name's non-Latin parts, if it has some and they agree.
fn native_language(segments: &[&str], country: Option<Lang>) -> Option<Lang> {
    let mut found: Option<Lang> = None;
    for s in segments {
        match (segment_language(s, country), found) {
            (None, _) => {}
            (Some(None), _) => return None,
            (Some(Some(l)), None) => found = Some(l),
            (Some(Some(l)), Some(f)) if l == f => {}
            (Some(Some(_)), Some(_)) => return None,
        }
    }
    found
}

/// `None` for a Latin-script part; `Some(lang)` for a part in another script, with the
/// language when the script tells it.
fn segment_language(segment: &str, country: Option<Lang>) -> Option<Option<Lang>> {
    segment.chars().find_map(|c| script_language(c, country))
}

/// The language a letter's script implies: `None` for Latin letters and non-letters.
fn script_language(c: char, country: Option<Lang>) -> Option<Option<Lang>> {
    if !c.is_alphabetic() || is_latin(c) {
        return None;
    }
    let code = match c as u32 {
        0x0370..=0x03FF | 0x1F00..=0x1FFF => "el",
        0x0400..=0x052F => return Some(country.filter(|l| CYRILLIC_LANGS.contains(&l.as_str()))),
        0x0530..=0x058F => "hy",
        0x0590..=0x05FF => "he",
        0x0600..=0x06FF | 0x0750..=0x077F => "ar",
        0x0900..=0x097F => "hi",
        0x0E00..=0x0E7F => "th",
        0x0E80..=0x0EFF => "lo",
        0x10A0..=0x10FF => "ka",
        0x1780..=0x17FF => "km",
        0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF => "ko",
        0x3040..=0x30FF => "ja",
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF if country == Some(Lang::JA) => "ja",
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF => "zh",
        _ => return Some(None),
    };
    Some(Lang::parse(code).ok())
}

/// Languages written in Cyrillic, for telling which one a Cyrillic name is in.
const CYRILLIC_LANGS: [&str; 10] = ["bg", "ru", "mn", "sr", "uk", "mk", "be", "kk", "ky", "tg"];

fn is_latin(c: char) -> bool {
    (c as u32) < 0x0250 || ('\u{1E00}'..='\u{1EFF}').contains(&c)
}

/// Country names as the registers spell them, their ISO 3166 code, and the language a
/// Latin-script name from there is in, where one is obvious (not Belgium, Switzerland…).
const COUNTRIES: &[(&str, &str, Option<&str>)] = &[
    ("Andorra", "AD", Some("ca")),
    ("Armenia", "AM", Some("hy")),
    ("Austria", "AT", Some("de")),
    ("Belgium", "BE", None),
    ("Brazil", "BR", Some("pt")),
    ("Bulgaria", "BG", Some("bg")),
    ("Cambodia", "KH", Some("km")),
    ("Chile", "CL", Some("es")),
    ("China", "CN", Some("zh")),
    ("Colombia", "CO", Some("es")),
    ("Croatia", "HR", Some("hr")),
    ("Cyprus", "CY", Some("el")),
    ("Czechia", "CZ", Some("cs")),
    ("Denmark", "DK", Some("da")),
    ("Dominican Republic", "DO", Some("es")),
    ("Estonia", "EE", Some("et")),
    ("Finland", "FI", Some("fi")),
    ("France", "FR", Some("fr")),
    ("Germany", "DE", Some("de")),
    ("Greece", "GR", Some("el")),
    ("Guatemala", "GT", Some("es")),
    ("Guinea", "GN", Some("fr")),
    ("Guyana", "GY", Some("en")),
    ("Hungary", "HU", Some("hu")),
    ("India", "IN", None),
    ("Indonesia", "ID", Some("id")),
    ("Ireland", "IE", Some("en")),
    ("Italia", "IT", Some("it")),
    ("Italy", "IT", Some("it")),
    ("Japan", "JP", Some("ja")),
    ("Latvia", "LV", Some("lv")),
    ("Lithuania", "LT", Some("lt")),
    ("Luxembourg", "LU", None),
    ("Malta", "MT", None),
    ("Mexico", "MX", Some("es")),
    ("Mongolia", "MN", Some("mn")),
    ("Morocco", "MA", None),
    ("Netherlands", "NL", Some("nl")),
    ("Norway", "NO", Some("no")),
    ("Peru", "PE", Some("es")),
    ("Poland", "PL", Some("pl")),
    ("Portugal", "PT", Some("pt")),
    ("Romania", "RO", Some("ro")),
    ("Russian Federation", "RU", Some("ru")),
    ("Serbia", "RS", Some("sr")),
    ("Slovakia", "SK", Some("sk")),
    ("Slovenia", "SI", Some("sl")),
    ("South Africa", "ZA", None),
    ("Spain", "ES", Some("es")),
    ("Sri Lanka", "LK", None),
    ("Sweden", "SE", Some("sv")),
    ("Switzerland", "CH", None),
    ("Thailand", "TH", Some("th")),
    ("Trinidad and Tobago", "TT", Some("en")),
    ("Turkey", "TR", Some("tr")),
    ("United Kingdom", "GB", Some("en")),
    ("United States", "US", Some("en")),
    ("Viet nam", "VN", Some("vi")),
];

/// The country or countries of origin: ISO codes (`CZ,SK`) and their common language.
struct Origin {
    codes: String,
    lang: Option<Lang>,
}

impl Origin {
    fn of(country: &str) -> Origin {
        let mut codes: Vec<&str> = Vec::new();
        let mut langs: Vec<Option<&str>> = Vec::new();
        for name in country.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            match COUNTRIES.iter().find(|(n, _, _)| n.eq_ignore_ascii_case(name)) {
                Some((_, code, lang)) => {
                    codes.push(code);
                    langs.push(*lang);
                }
                None => langs.push(None),
            }
        }
        let first = langs.first().copied().flatten();
        let lang = first.filter(|l| langs.iter().all(|x| *x == Some(*l))).and_then(|l| Lang::parse(l).ok());
        let complete = codes.len() == langs.len();
        Origin { codes: if complete { codes.join(",") } else { String::new() }, lang }
    }
}

/// A stable id from a name: lowercase letters and digits of any script, other runs as `-`;
/// a name too long for an id is cut and given a hash of the whole name.
fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    const MAX: usize = 80;
    if out.len() > MAX {
        let mut cut = 64;
        while !out.is_char_boundary(cut) {
            cut -= 1;
        }
        out.truncate(cut);
        out = format!("{}-{:08x}", out.trim_end_matches('-'), fnv1a(name));
    }
    out
}

/// 32-bit FNV-1a: a fixed hash, unlike std's, so ids stay the same across builds.
fn fnv1a(s: &str) -> u32 {
    s.bytes().fold(0x811c_9dc5, |h, b| (h ^ b as u32).wrapping_mul(0x0100_0193))
}

// ---------------------------------------------------------------------------------------
// CSV reading shared by the reference-data formats (gi-eu, gi-india, nice, ipc-scheme).

/// True when the first line of `head` starts with these column names, comma-separated
/// (a UTF-8 byte-order mark is ignored).
pub(crate) fn header_starts(head: &[u8], columns: &[&str]) -> bool {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let line = head.split(|&b| b == b'\n').next().unwrap_or(b"");
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let mut fields = line.split(|&b| b == b',');
    columns.iter().all(|c| fields.next() == Some(c.as_bytes()))
}

/// The trimmed field `i` of a record, or `""` when the row is short.
pub(crate) fn field(rec: &csv::StringRecord, i: usize) -> &str {
    rec.get(i).unwrap_or("").trim()
}

/// A CSV file with a header row, read record by record.
pub(crate) struct CsvTable<'a> {
    reader: csv::Reader<NewlineIndex<'a>>,
    headers: csv::StringRecord,
}

impl<'a> CsvTable<'a> {
    /// Reads the header row. A file without one is malformed.
    pub(crate) fn open(input: &'a mut dyn BufRead, ctx: &Context, delimiter: u8) -> Result<Self, IngestError> {
        let index = NewlineIndex { inner: input, read: 0, newlines: VecDeque::new(), counted: 0 };
        let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).from_reader(index);
        let headers = reader.headers().map_err(|e| malformed(ctx, format!("unreadable header row: {e}")))?.clone();
        if headers.iter().all(|h| h.trim().is_empty()) {
            return Err(malformed(ctx, "empty file: no header row".into()));
        }
        Ok(CsvTable { reader, headers })
    }

    pub(crate) fn headers(&self) -> &csv::StringRecord {
        &self.headers
    }

    pub(crate) fn has_columns(&self, names: &[&str]) -> bool {
        names.iter().all(|n| self.headers.iter().any(|h| h.trim() == *n))
    }

    /// The first column whose name starts with `prefix` (`title_zh` for `title_zh_2026.01`).
    pub(crate) fn column_starting(&self, prefix: &str) -> Option<usize> {
        self.headers.iter().position(|h| h.trim().starts_with(prefix))
    }

    /// The positions of the named columns, or a malformed-file error naming the missing one.
    pub(crate) fn columns<const N: usize>(&self, ctx: &Context, names: [&str; N]) -> Result<[usize; N], IngestError> {
        let mut out = [0; N];
        for (slot, name) in out.iter_mut().zip(names) {
            *slot = self.headers.iter().position(|h| h.trim() == name).ok_or_else(|| {
                let found: Vec<&str> = self.headers.iter().collect();
                malformed(ctx, format!("no column {name:?} in the header row (found {found:?})"))
            })?;
        }
        Ok(out)
    }

    /// Calls `row` with every record and the line it starts on. A record that is not valid
    /// CSV or UTF-8 becomes a `RecordError`; an I/O failure ends the file.
    pub(crate) fn for_each(
        mut self,
        ctx: &Context,
        sink: &mut Sink,
        mut row: impl FnMut(&csv::StringRecord, u64, &mut Sink) -> Result<(), Stop>,
    ) -> Result<(), IngestError> {
        let mut rec = csv::StringRecord::new();
        loop {
            match self.reader.read_record(&mut rec) {
                Ok(false) => return Ok(()),
                Ok(true) if rec.iter().all(|f| f.trim().is_empty()) => {}
                Ok(true) => {
                    let line = self.line_of(rec.position());
                    row(&rec, line, sink)?;
                }
                Err(e) => {
                    let line = self.line_of(e.position());
                    let message = match e.kind() {
                        csv::ErrorKind::Utf8 { err, .. } => {
                            format!("not UTF-8 text (column {}, after byte {})", err.field() + 1, err.valid_up_to())
                        }
                        _ => format!("unreadable CSV record: {e}"),
                    };
                    if let csv::ErrorKind::Io(source) = e.into_kind() {
                        return Err(IngestError::Io { path: ctx.file.clone(), source });
                    }
                    sink(Err(RecordError::new(Position::Line(line), message)))?;
                }
            }
        }
    }

    fn line_of(&mut self, pos: Option<&csv::Position>) -> u64 {
        pos.map_or(0, |p| self.reader.get_mut().line_at(p.byte()))
    }
}

/// Counts the newlines the CSV reader consumes, so records get their true line numbers:
/// the csv crate's own `Position::line` is one short after every CRLF line ending. A
/// record's reported byte offset is its first byte, or the `\n` of the CRLF before it, so
/// its line is one more than the newlines up to and including that byte.
struct NewlineIndex<'a> {
    inner: &'a mut dyn BufRead,
    /// Bytes read so far.
    read: u64,
    /// Offsets of newlines read but not yet counted.
    newlines: VecDeque<u64>,
    /// Newlines counted (before the last record asked about).
    counted: u64,
}

impl NewlineIndex<'_> {
    /// The 1-based line of a record whose reported offset is `byte`; offsets must not
    /// decrease between calls.
    fn line_at(&mut self, byte: u64) -> u64 {
        while self.newlines.front().is_some_and(|&p| p <= byte) {
            self.newlines.pop_front();
            self.counted += 1;
        }
        self.counted + 1
    }
}

impl Read for NewlineIndex<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let start = self.read;
        let found = buf[..n].iter().enumerate().filter(|(_, &b)| b == b'\n').map(|(i, _)| start + i as u64);
        self.newlines.extend(found);
        self.read += n as u64;
        Ok(n)
    }
}

pub(crate) fn malformed(ctx: &Context, message: String) -> IngestError {
    IngestError::Malformed { path: ctx.file.clone(), message }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_split_outside_parentheses() {
        let n = "Сливенска перла (Сливенска гроздова ракия / Гроздова ракия от Сливен) / Slivenska perla (Slivenska grozdova rakya / Grozdova rakya from Sliven)";
        assert_eq!(split_names(n).len(), 2);
        assert_eq!(split_names("Piment d'Espelette / Piment d'Espelette - Ezpeletako Biperra").len(), 2);
        assert_eq!(split_names("AC/DC"), ["AC/DC"]);
    }

    #[test]
    fn title_language_from_script_then_country() {
        let lang_title = |name: &str, country: &str| {
            let mut r = Right::new(RightId::parse("EU-GI-X").unwrap(), RightKind::GeographicalIndication, "EU", NAME);
            set_name(&mut r, name, country).unwrap();
            (r.lang.map(|l| l.to_string()), r.texts.titles[0].lang.to_string(), r.texts.titles[0].text.clone())
        };
        assert_eq!(
            lang_title("平谷大桃 / Pinggu Da Tao", "China"),
            (Some("zh".into()), "zh".into(), "平谷大桃".into())
        );
        assert_eq!(lang_title("Russian Vodka / Русская водкa", "Russian Federation").2, "Русская водкa");
        assert_eq!(lang_title("Ouzo / Oύζο", "Cyprus, Greece").0.as_deref(), Some("el"));
        assert_eq!(lang_title("Steirische Käferbohne", "Austria").0.as_deref(), Some("de"));
        assert_eq!(
            lang_title("Genièvre / Jenever / Genever", "Belgium, Netherlands, France, Germany"),
            (None, "en".into(), "Genièvre / Jenever / Genever".into())
        );
        // Greek and Cyrillic in one name of many languages: no single native language.
        assert_eq!(lang_title("Fleur de sel / ανθό αλατιού / цвете сол", "Guinea").0.as_deref(), Some("fr"));
    }

    #[test]
    fn product_class_symbols() {
        let syms = |t, c| product_classes(t, c).into_iter().map(|c| c.symbol).collect::<Vec<_>>();
        assert_eq!(syms("Food", "Class 1.6. Fruit, vegetables and cereals fresh or processed"), ["1.6"]);
        assert_eq!(syms("Food", "Class 1.1 Fresh meat (and offal)"), ["1.1"]);
        assert_eq!(syms("Spirit drink", "15. Vodka, 31. Flavoured vodka"), ["spirit:15", "spirit:31"]);
        assert_eq!(syms("Spirit drink", "37a. Sloe-aromatised spirit drink or Pacharán"), ["spirit:37a"]);
        assert_eq!(syms("Wine", "Wine"), ["wine"]);
    }

    #[test]
    fn procedures_split_off_file_numbers() {
        assert_eq!(split_file_number("PDO-AT-A0217-AM01"), Ok(("PDO-AT-A0217", Some("AM01"))));
        assert_eq!(split_file_number("TSG-FI-0013-AM01 Minor"), Ok(("TSG-FI-0013", Some("AM01 Minor"))));
        assert_eq!(split_file_number("PDO-HR+SI-1041"), Ok(("PDO-HR+SI-1041", None)));
        assert!(split_file_number("PDO-IT").is_err());
        assert!(split_file_number("PDO-IT-X").is_err());
    }

    #[test]
    fn slugs_and_file_dates() {
        assert_eq!(slug("Aprikot trentino / Aprikot del Trentino"), "aprikot-trentino-aprikot-del-trentino");
        assert_eq!(slug("Ζιβανία / Zivania"), "ζιβανία-zivania");
        let long = slug(&"Herbal vodka from the North Podlasie Lowland ".repeat(3));
        assert!(long.len() <= 80 && long.len() > 64, "{long}");
        assert_eq!(file_date("a/uk_spirits_protected_names_register_20210123.csv").as_deref(), Some("20210123"));
        assert_eq!(file_date("gi_register.csv"), None);
        assert_eq!(day_month_name_year("1 Jan 2021"), Date::new(2021, 1, 1));
    }
}
