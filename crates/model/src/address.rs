//! Chinese addresses: which province-level division and which city an address is in.
//! `甘肃省兰州市城关区…` → Gansu / Lanzhou. Used for regional patent navigation.

use pinyin::ToPinyin;
use serde::{Deserialize, Serialize};

/// Province-level divisions: Chinese name (without suffix), English name, and the first
/// two digits of their postcodes (for addresses that name only a city or district).
const PROVINCES: &[(&str, &str, &[&str])] = &[
    ("北京", "Beijing", &["10"]),
    ("天津", "Tianjin", &["30"]),
    ("河北", "Hebei", &["05", "06", "07"]),
    ("山西", "Shanxi", &["03", "04"]),
    ("内蒙古", "Inner Mongolia", &["01", "02"]),
    ("辽宁", "Liaoning", &["11", "12"]),
    ("吉林", "Jilin", &["13"]),
    ("黑龙江", "Heilongjiang", &["15", "16"]),
    ("上海", "Shanghai", &["20"]),
    ("江苏", "Jiangsu", &["21", "22"]),
    ("浙江", "Zhejiang", &["31", "32"]),
    ("安徽", "Anhui", &["23", "24"]),
    ("福建", "Fujian", &["35", "36"]),
    ("江西", "Jiangxi", &["33", "34"]),
    ("山东", "Shandong", &["25", "26", "27"]),
    ("河南", "Henan", &["45", "46", "47"]),
    ("湖北", "Hubei", &["43", "44"]),
    ("湖南", "Hunan", &["41", "42"]),
    ("广东", "Guangdong", &["51", "52"]),
    ("广西", "Guangxi", &["53", "54"]),
    ("海南", "Hainan", &["57"]),
    ("重庆", "Chongqing", &["40"]),
    ("四川", "Sichuan", &["61", "62", "63", "64"]),
    ("贵州", "Guizhou", &["55", "56"]),
    ("云南", "Yunnan", &["65", "66", "67"]),
    ("西藏", "Tibet", &["85", "86"]),
    ("陕西", "Shaanxi", &["71", "72"]),
    ("甘肃", "Gansu", &["73", "74"]),
    ("青海", "Qinghai", &["81"]),
    ("宁夏", "Ningxia", &["75"]),
    ("新疆", "Xinjiang", &["83", "84"]),
    ("香港", "Hong Kong", &[]),
    ("澳门", "Macao", &[]),
    ("台湾", "Taiwan", &[]),
];

/// Municipalities are both province and city.
const MUNICIPALITIES: [&str; 4] = ["北京", "天津", "上海", "重庆"];

/// Suffixes of province-level names, longest first so `维吾尔自治区` wins over `自治区`.
const PROVINCE_SUFFIXES: [&str; 7] = ["维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市"];

/// City names whose characters have several readings; the default reading is wrong.
const CITY_READINGS: &[(&str, &str)] = &[
    ("长沙", "Changsha"),
    ("长春", "Changchun"),
    ("长治", "Changzhi"),
    ("重庆", "Chongqing"),
    ("厦门", "Xiamen"),
    ("蚌埠", "Bengbu"),
    ("六安", "Lu'an"),
    ("丽水", "Lishui"),
    ("乐山", "Leshan"),
    ("东莞", "Dongguan"),
    ("朝阳", "Chaoyang"),
    ("大同", "Datong"),
    ("长治", "Changzhi"),
    ("西安", "Xi'an"),
    ("泰安", "Tai'an"),
    ("吉安", "Ji'an"),
    ("淮安", "Huai'an"),
    ("雅安", "Ya'an"),
    ("延安", "Yan'an"),
    ("兴安盟", "Hinggan League"),
    ("呼和浩特", "Hohhot"),
    ("乌鲁木齐", "Urumqi"),
    ("哈尔滨", "Harbin"),
    ("拉萨", "Lhasa"),
];

/// Large cities that addresses often name without their province.
const CITY_PROVINCE: &[(&str, &str)] = &[
    ("深圳", "广东"),
    ("广州", "广东"),
    ("东莞", "广东"),
    ("佛山", "广东"),
    ("珠海", "广东"),
    ("杭州", "浙江"),
    ("宁波", "浙江"),
    ("温州", "浙江"),
    ("南京", "江苏"),
    ("苏州", "江苏"),
    ("无锡", "江苏"),
    ("常州", "江苏"),
    ("成都", "四川"),
    ("武汉", "湖北"),
    ("西安", "陕西"),
    ("长沙", "湖南"),
    ("郑州", "河南"),
    ("济南", "山东"),
    ("青岛", "山东"),
    ("合肥", "安徽"),
    ("福州", "福建"),
    ("厦门", "福建"),
    ("沈阳", "辽宁"),
    ("大连", "辽宁"),
    ("哈尔滨", "黑龙江"),
    ("长春", "吉林"),
    ("昆明", "云南"),
    ("贵阳", "贵州"),
    ("南宁", "广西"),
    ("南昌", "江西"),
    ("太原", "山西"),
    ("石家庄", "河北"),
    ("兰州", "甘肃"),
    ("天水", "甘肃"),
    ("白银", "甘肃"),
    ("金昌", "甘肃"),
    ("嘉峪关", "甘肃"),
    ("酒泉", "甘肃"),
    ("张掖", "甘肃"),
    ("武威", "甘肃"),
    ("定西", "甘肃"),
    ("陇南", "甘肃"),
    ("平凉", "甘肃"),
    ("庆阳", "甘肃"),
    ("西宁", "青海"),
    ("银川", "宁夏"),
    ("乌鲁木齐", "新疆"),
    ("呼和浩特", "内蒙古"),
    ("海口", "海南"),
    ("拉萨", "西藏"),
];

/// A Chinese address's province and city, in Chinese and English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CnRegion {
    pub province_zh: String,
    pub province_en: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city_zh: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city_en: Option<String>,
}

/// Every province-level division as (Chinese name without suffix, English name): `甘肃`,
/// `Gansu`. For choosing a region by either name.
pub fn cn_provinces() -> impl Iterator<Item = (&'static str, &'static str)> {
    PROVINCES.iter().map(|(zh, en, _)| (*zh, *en))
}

/// Finds the province (from the address text, else a known city, else the postcode) and
/// the prefecture-level city of a Chinese address.
pub fn extract_cn_region(address: &str, postcode: Option<&str>) -> Option<CnRegion> {
    let text = address.trim_start_matches(|c: char| c.is_ascii_digit() || c.is_whitespace());
    let (province, after) = match province_prefix(text) {
        Some((p, rest)) => (p, rest),
        None => (province_from_city(text).or_else(|| province_from_postcode(postcode?))?, text),
    };
    let (_, en, _) = PROVINCES.iter().find(|(zh, _, _)| same_name(zh, province))?;
    let city = if MUNICIPALITIES.contains(&province) { Some(province.to_string()) } else { city_prefix(after) };
    Some(CnRegion {
        province_zh: province.to_string(),
        province_en: en.to_string(),
        city_en: city.as_deref().map(city_english),
        city_zh: city,
    })
}

fn province_prefix(text: &str) -> Option<(&'static str, &str)> {
    let (zh, _, _) = PROVINCES.iter().find(|(zh, _, _)| starts_with_name(text, zh))?;
    let rest = &text[zh.len()..];
    let rest = PROVINCE_SUFFIXES.iter().find_map(|s| rest.strip_prefix(s)).unwrap_or(rest);
    Some((zh, rest))
}

fn province_from_city(text: &str) -> Option<&'static str> {
    CITY_PROVINCE.iter().find(|(city, _)| starts_with_name(text, city)).map(|(_, p)| *p)
}

fn province_from_postcode(postcode: &str) -> Option<&'static str> {
    let p = postcode.trim();
    if p.len() != 6 || !p.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    PROVINCES.iter().find(|(_, _, prefixes)| prefixes.contains(&&p[..2])).map(|(zh, _, _)| *zh)
}

/// The city name before `市`, `州` (autonomous prefectures), `盟` or `地区`, if short enough
/// to be a city rather than a street.
fn city_prefix(text: &str) -> Option<String> {
    // One pass for the first marker: four `find`s were a tenth of this module's time.
    let pos = text.char_indices().find_map(|(i, c)| {
        let marker = match c {
            '市' | '盟' => true,
            '自' => text[i..].starts_with("自治州"),
            '地' => text[i..].starts_with("地区"),
            _ => false,
        };
        marker.then_some(i)
    })?;
    let name = &text[..pos];
    let chars = name.chars().count();
    ((2..=8).contains(&chars) && name.chars().all(is_han)).then(|| name.to_string())
}

/// `text.starts_with(name)` for the tables' names, with the first three bytes (one Han
/// character) compared inline first: a library `memcmp` call per table row was a third of
/// the time spent here.
#[inline]
fn starts_with_name(text: &str, name: &str) -> bool {
    match (text.as_bytes().first_chunk::<3>(), name.as_bytes().first_chunk::<3>()) {
        (Some(t), Some(n)) => t == n && text.starts_with(name),
        _ => text.starts_with(name),
    }
}

#[inline]
fn same_name(a: &str, b: &str) -> bool {
    a.len() == b.len() && starts_with_name(a, b)
}

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// English (pinyin) name of a city: `兰州` → `Lanzhou`.
fn city_english(zh: &str) -> String {
    if let Some((_, en)) = CITY_READINGS.iter().find(|(c, _)| same_name(c, zh)) {
        return en.to_string();
    }
    if let Some((_, en, _)) = PROVINCES.iter().find(|(p, _, _)| same_name(p, zh)) {
        return en.to_string();
    }
    let syllables: String = zh.to_pinyin().map(|p| p.map_or("", |p| p.plain())).collect();
    let mut chars = syllables.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => zh.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn region(addr: &str, post: Option<&str>) -> (String, Option<String>) {
        let r = extract_cn_region(addr, post).unwrap();
        (r.province_en, r.city_en)
    }

    #[test]
    fn province_and_city_from_real_cnipa_addresses() {
        assert_eq!(region("甘肃省兰州市城关区天水南路222号", None), ("Gansu".into(), Some("Lanzhou".into())));
        assert_eq!(
            region("广东省汕头市高新区科技中路6号创业大厦十二层", Some("515000")),
            ("Guangdong".into(), Some("Shantou".into()))
        );
        assert_eq!(region("北京市海淀区中关村", None), ("Beijing".into(), Some("Beijing".into())));
        assert_eq!(region("新疆维吾尔自治区乌鲁木齐市", None), ("Xinjiang".into(), Some("Urumqi".into())));
        assert_eq!(region("甘肃省天水市秦州区", None), ("Gansu".into(), Some("Tianshui".into())));
        assert_eq!(region("湖南省长沙市岳麓区", None), ("Hunan".into(), Some("Changsha".into())));
    }

    #[test]
    fn city_only_and_postcode_fallbacks() {
        assert_eq!(region("深圳市南山区科技园", None), ("Guangdong".into(), Some("Shenzhen".into())));
        assert_eq!(region("城关区某路1号", Some("730000")).0, "Gansu");
    }

    #[test]
    fn foreign_addresses_have_no_region() {
        assert!(extract_cn_region("韩国首尔", Some("0")).is_none());
        assert!(extract_cn_region("", None).is_none());
    }
}
