//! India's registered geographical indications (`S.No,Geographical Indications,Goods,State,
//! State 2…State 7` CSV compiled from the GI Registry list), one right per row.
//!
//! The list has no application numbers or dates; `S.No` is its running number, so ids are
//! `IN-GI-<S.No>` and depend on this list's numbering. A number the list repeats (29 is
//! used twice) gets `-2`, `-3`… on its later rows so no GI is lost or merged into another.
//! Goods categories are normalised (Agriculture → Agricultural, Handicrafts → Handicraft,
//! Food stuff → Foodstuff, Natural → Natural Goods) and state spellings corrected; states go
//! to the attribute `states` (`; `-separated). Foreign GIs registered in India name their
//! country in the State column; that becomes `country` instead.

use crate::delimited::{field, header_starts, CsvTable};
use crate::{Context, Format, IngestError, Item, Position, RecordError, Sink};
use silkport_model::{ClassScheme, Classification, Lang, LocalizedText, Right, RightId, RightKind, Status};
use std::collections::HashMap;
use std::io::BufRead;

pub struct GiIndia;

const NAME: &str = "gi-india";

const COLUMNS: [&str; 10] = [
    "S.No",
    "Geographical Indications",
    "Goods",
    "State",
    "State 2",
    "State 3",
    "State 4",
    "State 5",
    "State 6",
    "State 7",
];

impl Format for GiIndia {
    fn name(&self) -> &'static str {
        NAME
    }
    fn describe(&self) -> &'static str {
        "India's registered geographical indications (S.No, name, goods category, states CSV)"
    }
    fn sniff(&self, name: &str, head: &[u8]) -> bool {
        (name.ends_with(".csv") || name.ends_with(".txt")) && header_starts(head, &COLUMNS[..4])
    }
    fn parse(&self, input: &mut dyn BufRead, ctx: &Context, sink: &mut Sink) -> Result<(), IngestError> {
        let table = CsvTable::open(input, ctx, b',')?;
        let cols = table.columns(ctx, COLUMNS)?;
        // How often each S.No was seen, to number repeats.
        let mut seen: HashMap<u32, u32> = HashMap::new();
        table.for_each(ctx, sink, |rec, line, sink| {
            let f = cols.map(|i| field(rec, i));
            let item = right(f, ctx, &mut seen).map(|r| Item::Right(Box::new(r)));
            sink(item.map_err(|m| RecordError::new(Position::Line(line), m)))
        })
    }
}

fn right(f: [&str; 10], ctx: &Context, seen: &mut HashMap<u32, u32>) -> Result<Right, String> {
    let [sno, name, goods, states @ ..] = f;
    let n: u32 =
        sno.parse().map_err(|_| format!("S.No {sno:?} is not a number (expected the list's running number)"))?;
    if name.is_empty() {
        return Err(format!("S.No {n}: the Geographical Indications name is empty"));
    }
    let count = seen.entry(n).or_insert(0);
    *count += 1;
    let number = if *count == 1 { n.to_string() } else { format!("{n}-{count}") };
    let id = RightId::registered("IN", "GI", &number).map_err(|e| e.to_string())?;
    let mut r = Right::new(id, RightKind::GeographicalIndication, "IN", NAME);
    r.status = Some(Status::Active);
    r.lang = Some(Lang::EN);
    r.texts.titles.push(LocalizedText::new(Lang::EN, name));
    r.source.file = Some(ctx.file.clone());
    let category = goods_category(goods);
    if let Ok(c) = Classification::new(ClassScheme::Product, &category.to_lowercase().replace(' ', "-"), true) {
        r.classifications.push(c);
    }
    let (indian, foreign): (Vec<&str>, Vec<&str>) =
        states.iter().filter(|s| !s.is_empty()).map(|s| state_name(s)).partition(|s| is_indian(s));
    let a = &mut r.attributes;
    a.insert("list_number".into(), n.to_string());
    if !category.is_empty() {
        a.insert("goods_category".into(), category.to_string());
    }
    if !indian.is_empty() {
        a.insert("states".into(), indian.join("; "));
    }
    let country = if foreign.is_empty() { "India".to_string() } else { foreign.join(", ") };
    a.insert("country".into(), country);
    Ok(r)
}

/// One spelling per goods category.
fn goods_category(raw: &str) -> &str {
    match raw.to_ascii_lowercase().as_str() {
        "agricultural" | "agriculture" => "Agricultural",
        "handicraft" | "handicrafts" => "Handicraft",
        "manufactured" => "Manufactured",
        "food stuff" | "food stuffs" | "foodstuff" | "foodstuffs" => "Foodstuff",
        "natural" | "natural goods" => "Natural Goods",
        _ => raw,
    }
}

/// States and union territories as the Registry names them now.
const STATES: [&str; 37] = [
    "Andaman and Nicobar Islands",
    "Andhra Pradesh",
    "Arunachal Pradesh",
    "Assam",
    "Bihar",
    "Chandigarh",
    "Chhattisgarh",
    "Dadara & Nagar Haveli",
    "Daman Diu",
    "Delhi",
    "Goa",
    "Gujarat",
    "Haryana",
    "Himachal Pradesh",
    "Jammu & Kashmir",
    "Jharkhand",
    "Karnataka",
    "Kerala",
    "Ladakh",
    "Lakshadweep",
    "Madhya Pradesh",
    "Maharashtra",
    "Manipur",
    "Meghalaya",
    "Mizoram",
    "Nagaland",
    "Odisha",
    "Pondicherry",
    "Punjab",
    "Rajasthan",
    "Sikkim",
    "Tamil Nadu",
    "Telangana",
    "Tripura",
    "Uttar Pradesh",
    "Uttarakhand",
    "West Bengal",
];

/// Misspellings and older names found in the list, with the name they stand for.
const STATE_ALIASES: [(&str, &str); 8] = [
    ("Tamilnadu", "Tamil Nadu"),
    ("Uttar Predesh", "Uttar Pradesh"),
    ("Uttarkhand", "Uttarakhand"),
    ("Uttaranchal", "Uttarakhand"),
    ("Chattisgarh", "Chhattisgarh"),
    ("Jammu and Kashmir", "Jammu & Kashmir"),
    ("Orissa", "Odisha"),
    ("Puducherry", "Pondicherry"),
];

/// A state's name of record: `Ladakh (UT)` → `Ladakh`, `Tamilnadu` → `Tamil Nadu`.
fn state_name(raw: &str) -> &str {
    let s = raw.strip_suffix("(UT)").map(str::trim).unwrap_or(raw);
    STATE_ALIASES.iter().find(|(alias, _)| alias.eq_ignore_ascii_case(s)).map_or(s, |(_, name)| name)
}

fn is_indian(state: &str) -> bool {
    STATES.contains(&state)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_and_states_are_normalised() {
        assert_eq!(goods_category("Handicrafts"), "Handicraft");
        assert_eq!(goods_category("Food stuff"), "Foodstuff");
        assert_eq!(state_name("Ladakh (UT)"), "Ladakh");
        assert_eq!(state_name("Jammu & Kashmir (UT)"), "Jammu & Kashmir");
        assert_eq!(state_name("Tamilnadu"), "Tamil Nadu");
        assert!(is_indian("West Bengal") && !is_indian("Italy"));
    }
}
