//! Applicant names: one key per organisation however its filings spell it. Company-form
//! suffixes are dropped (股份有限公司, 有限公司, 集团, 株式会社; Inc., Corp., Co., Ltd.,
//! GmbH, AG, S.A., B.V.…), case, width and punctuation are folded, and translated names
//! are merged through a small alias table (`data/applicant_aliases.tsv`) whose every row
//! names a company that occurs in the data in more than one language.
//!
//! Also the organisation type of a name (university, institute, company, individual), by
//! the rule in docs/navigation.md.

use rustc_hash::FxHashMap;
use serde::Serialize;
use silkport_model::fold_name as fold;

/// Legal-form endings of Chinese, Japanese and Korean company names, longest first so the
/// longest match is removed.
const CJK_SUFFIXES: [&str; 9] = [
    "集团股份有限公司",
    "股份有限公司",
    "有限责任公司",
    "集团有限公司",
    "有限公司",
    "株式会社",
    "集团公司",
    "集团",
    "公司",
];

/// Legal-form words of company names in Latin script (after punctuation is removed), at
/// the end of a name; `KABUSHIKI KAISHA` and `THE` may also lead.
const LATIN_SUFFIXES: [&str; 31] = [
    "INCORPORATED",
    "CORPORATION",
    "AKTIENGESELLSCHAFT",
    "KABUSHIKI KAISHA",
    "COMPANY",
    "LIMITED",
    "GROUP",
    "GMBH",
    "CORP",
    "INC",
    "LTD",
    "LLC",
    "LLP",
    "PLC",
    "SARL",
    "SAS",
    "SPA",
    "SRL",
    "PTY",
    "KG",
    "CO",
    "AG",
    "SA",
    "SE",
    "BV",
    "NV",
    "KK",
    "AB",
    "AS",
    "OY",
    "LP",
];

/// The key of a name: width-, case- and punctuation-folded, legal forms removed.
pub fn normalise(name: &str) -> String {
    let folded = fold(name);
    let stripped = strip_legal_forms(&folded);
    if stripped.is_empty() {
        folded
    } else {
        stripped
    }
}

/// Removes legal-form endings (and leading `THE` / `KABUSHIKI KAISHA` / `株式会社`) until none is left.
fn strip_legal_forms(key: &str) -> String {
    let mut s = key.trim().to_string();
    loop {
        let before = s.len();
        for prefix in ["THE ", "KABUSHIKI KAISHA ", "株式会社"] {
            if let Some(rest) = s.strip_prefix(prefix) {
                s = rest.trim_start().to_string();
            }
        }
        if let Some(rest) = CJK_SUFFIXES.iter().find_map(|suf| s.strip_suffix(suf)) {
            s = rest.trim_end().to_string();
        }
        if let Some(rest) = LATIN_SUFFIXES.iter().find_map(|suf| strip_word_suffix(&s, suf)) {
            s = rest.to_string();
        }
        if s.len() == before || s.is_empty() {
            return s;
        }
    }
}

/// `s` without a final whole word `word` (`ACME CO` → `ACME`, `TACO` unchanged).
fn strip_word_suffix<'a>(s: &'a str, word: &str) -> Option<&'a str> {
    let rest = s.strip_suffix(word)?;
    rest.strip_suffix(' ').map(str::trim_end).filter(|r| !r.is_empty())
}

/// One row of the alias table: the canonical key and the names to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    pub key: String,
    pub name_en: String,
    pub name_zh: String,
}

/// Translated names of the same organisation, keyed by normalised name.
#[derive(Debug, Default)]
pub struct Aliases {
    by_key: FxHashMap<String, usize>,
    rows: Vec<Alias>,
}

const ALIAS_TABLE: &str = include_str!("../data/applicant_aliases.tsv");

impl Aliases {
    /// The table shipped with silkport.
    pub fn shipped() -> Aliases {
        Aliases::parse(ALIAS_TABLE)
    }

    /// Rows of `canonical key \t English name \t Chinese name \t other spellings (;-separated)`;
    /// `#` starts a comment line. Every spelling is normalised like the names it meets.
    pub fn parse(text: &str) -> Aliases {
        let mut out = Aliases::default();
        for line in text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')) {
            let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
            let [key, en, zh, others] = [0, 1, 2, 3].map(|i| cols.get(i).copied().unwrap_or(""));
            let key = normalise(key);
            let row = out.rows.len();
            out.rows.push(Alias { key: key.clone(), name_en: en.to_string(), name_zh: zh.to_string() });
            for spelling in std::iter::once(key.as_str()).chain([en, zh]).chain(others.split(';')) {
                if !spelling.trim().is_empty() {
                    out.by_key.insert(normalise(spelling), row);
                }
            }
        }
        out
    }

    /// The canonical alias of a normalised key, if the table knows it.
    pub fn get(&self, key: &str) -> Option<&Alias> {
        self.by_key.get(key).map(|&i| &self.rows[i])
    }
}

/// What kind of body an applicant is, from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgType {
    University,
    Institute,
    Company,
    Hospital,
    Individual,
    Other,
}

impl OrgType {
    pub const ALL: [OrgType; 6] = [
        OrgType::University,
        OrgType::Institute,
        OrgType::Company,
        OrgType::Hospital,
        OrgType::Individual,
        OrgType::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OrgType::University => "university",
            OrgType::Institute => "institute",
            OrgType::Company => "company",
            OrgType::Hospital => "hospital",
            OrgType::Individual => "individual",
            OrgType::Other => "other",
        }
    }

    /// The first rule that matches: universities (大学, UNIVERSITY, COLLEGE, INSTITUTE OF
    /// TECHNOLOGY), institutes (研究院, 研究所, 科学院, 研究中心, 设计院, 实验室, RESEARCH,
    /// INSTITUT, LABORATOR), colleges (学院, 学校: after institutes, since 科学院 contains
    /// 学院) as universities, hospitals (医院, HOSPITAL), companies (公司,
    /// 集团, 厂, 企业, 株式会社, 合作社, or a Latin legal form), individuals (2–4 Han
    /// characters with nothing else, or `Surname, Given`), else other.
    pub fn of(name: &str) -> OrgType {
        // Most names (inventors above all) are Chinese: no case folding or Latin legal forms to look for.
        let latin = name.chars().any(|c| !is_han(c) && c.is_alphabetic());
        let heads = name.chars().filter_map(head_bit).fold(0, |m, b| m | b);
        if !latin && heads == 0 {
            // No word below can match (a Latin word needs a Latin letter): most personal names.
            return if is_person(name) { OrgType::Individual } else { OrgType::Other };
        }
        let upper = if latin { name.to_uppercase() } else { String::new() };
        let text = if latin { upper.as_str() } else { name };
        // A word is searched for only if the name has its first character (Chinese) or Latin letters.
        let has = |words: &[&str]| {
            words.iter().any(|w| {
                let fits = w.chars().next().and_then(head_bit).map_or(latin, |b| heads & b != 0);
                fits && text.contains(w)
            })
        };
        if has(&UNIVERSITY_WORDS) {
            OrgType::University
        } else if has(&INSTITUTE_WORDS) {
            OrgType::Institute
        } else if has(&COLLEGE_WORDS) {
            OrgType::University
        } else if has(&HOSPITAL_WORDS) {
            OrgType::Hospital
        } else if has(&COMPANY_WORDS) || (latin && is_latin_company(text)) {
            OrgType::Company
        } else if is_person(name) {
            OrgType::Individual
        } else {
            OrgType::Other
        }
    }
}

/// The words [`OrgType::of`] looks for, rule by rule (Latin ones upper case).
const UNIVERSITY_WORDS: [&str; 6] =
    ["大学", "UNIVERSITY", "UNIVERSITE", "UNIVERSITÄT", "COLLEGE", "INSTITUTE OF TECHNOLOGY"];
const INSTITUTE_WORDS: [&str; 9] =
    ["研究院", "研究所", "科学院", "研究中心", "设计院", "实验室", "RESEARCH", "INSTITUT", "LABORATOR"];
const COLLEGE_WORDS: [&str; 2] = ["学院", "学校"];
const HOSPITAL_WORDS: [&str; 2] = ["医院", "HOSPITAL"];
const COMPANY_WORDS: [&str; 8] = ["公司", "集团", "厂", "企业", "株式会社", "合作社", "商行", "工作室"];

/// A bit for the first character of each Chinese word above: a name with none of them needs
/// no search for the words (a unit test checks every word's first character has one). A
/// `match`, as this runs for every character of every new name.
fn head_bit(c: char) -> Option<u32> {
    let i = match c {
        '大' => 0,
        '研' => 1,
        '科' => 2,
        '设' => 3,
        '实' => 4,
        '学' => 5,
        '医' => 6,
        '公' => 7,
        '集' => 8,
        '厂' => 9,
        '企' => 10,
        '株' => 11,
        '合' => 12,
        '商' => 13,
        '工' => 14,
        _ => return None,
    };
    Some(1 << i)
}

fn is_latin_company(upper: &str) -> bool {
    let folded = fold(upper);
    LATIN_SUFFIXES.iter().any(|suf| strip_word_suffix(&folded, suf).is_some() || folded.starts_with("KABUSHIKI KAISHA"))
}

/// `张三`, `欧阳修远` (2–4 Han characters) or `Lee, Kevin` (a comma between two name parts).
fn is_person(name: &str) -> bool {
    let n = name.trim();
    let han = n.chars().count();
    if (2..=4).contains(&han) && n.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) || c == '·') {
        return true;
    }
    matches!(n.split_once(','), Some((a, b)) if !a.trim().is_empty() && !b.trim().is_empty() && n.is_ascii())
}

/// Words of Chinese organisation names and their English, longest first where one
/// contains another; the English gloss of a name (see [`gloss`]) uses them.
const GLOSSARY: [(&str, &str); 60] = [
    ("中国农业科学院", "Chinese Academy of Agricultural Sciences"),
    ("中国科学院", "Chinese Academy of Sciences"),
    ("股份有限公司", "Co., Ltd."),
    ("有限责任公司", "Co., Ltd."),
    ("中医药大学", "University of Chinese Medicine"),
    ("师范大学", "Normal University"),
    ("理工大学", "University of Technology"),
    ("工业大学", "University of Technology"),
    ("科技大学", "University of Science and Technology"),
    ("交通大学", "Jiaotong University"),
    ("农业大学", "Agricultural University"),
    ("医科大学", "Medical University"),
    ("有限公司", "Co., Ltd."),
    ("研究中心", "Research Center"),
    ("化学物理", "Chemical Physics"),
    ("近代物理", "Modern Physics"),
    ("寒区旱区", "Cold and Arid Regions"),
    ("国家电网", "State Grid"),
    ("科学院", "Academy of Sciences"),
    ("研究院", "Research Institute"),
    ("研究所", "Institute"),
    ("设计院", "Design Institute"),
    ("实验室", "Laboratory"),
    ("新能源", "New Energy"),
    ("分公司", "Branch"),
    ("大学", "University"),
    ("学院", "College"),
    ("医院", "Hospital"),
    ("集团", "Group"),
    ("公司", "Company"),
    ("科技", "Technology"),
    ("技术", "Technology"),
    ("发展", "Development"),
    ("生物", "Biological"),
    ("化工", "Chemical"),
    ("能源", "Energy"),
    ("电力", "Electric Power"),
    ("材料", "Materials"),
    ("机械", "Machinery"),
    ("制造", "Manufacturing"),
    ("工程", "Engineering"),
    ("环境", "Environment"),
    ("农业", "Agriculture"),
    ("医药", "Pharmaceutical"),
    ("药业", "Pharmaceutical"),
    ("信息", "Information"),
    ("电子", "Electronics"),
    ("通信", "Communications"),
    ("网络", "Network"),
    ("兽医", "Veterinary"),
    ("畜牧", "Animal Husbandry"),
    ("国网", "State Grid"),
    ("中国", "China"),
    ("西北", "Northwest"),
    ("东北", "Northeast"),
    ("西南", "Southwest"),
    ("华北", "North China"),
    ("省", "Province"),
    ("市", "City"),
    ("与", "and"),
];

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || c == '〇'
}

fn numeral(c: char) -> Option<char> {
    "〇一二三四五六七八九".chars().position(|n| n == c).and_then(|d| char::from_digit(d as u32, 10))
}

fn pinyin_word(chars: &[char]) -> String {
    use pinyin::ToPinyin;
    let s: String = chars.iter().collect();
    let syllables: String = s.as_str().to_pinyin().map(|p| p.map_or("", |p| p.plain())).collect();
    let mut c = syllables.chars();
    c.next().map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

/// An English gloss of a Chinese name, for English reports: glossary words in English,
/// provinces by their English names, other Han characters in pinyin (two-character words;
/// a person's name as surname and given name). A machine transliteration, not an official
/// English name; names without Han characters are returned as they are.
pub fn gloss(name: &str) -> String {
    if !name.chars().any(is_han) {
        return name.to_string();
    }
    if OrgType::of(name) == OrgType::Individual {
        let chars: Vec<char> = name.trim().chars().filter(|c| is_han(*c)).collect();
        return format!("{} {}", pinyin_word(&chars[..1]), pinyin_word(&chars[1..])).trim().to_string();
    }
    let chars: Vec<char> = name.chars().collect();
    let mut words: Vec<String> = Vec::new();
    let mut run: Vec<char> = Vec::new();
    let flush = |run: &mut Vec<char>, words: &mut Vec<String>| {
        if run.len() > 1 && run.iter().all(|c| numeral(*c).is_some()) {
            // Numbers written in characters (四〇四) read as digits (404).
            words.push(run.iter().filter_map(|c| numeral(*c)).collect());
        } else {
            for w in run.chunks(2) {
                words.push(pinyin_word(w));
            }
        }
        run.clear();
    };
    let mut i = 0;
    while i < chars.len() {
        let rest: String = chars[i..].iter().collect();
        let known = GLOSSARY
            .iter()
            .map(|(zh, en)| (*zh, *en))
            .chain(silkport_model::cn_provinces())
            .find(|(zh, _)| rest.starts_with(zh));
        if let Some((zh, en)) = known {
            flush(&mut run, &mut words);
            words.push(en.to_string());
            i += zh.chars().count();
        } else if is_han(chars[i]) {
            let switches = run.last().is_some_and(|l| numeral(*l).is_some() != numeral(chars[i]).is_some());
            if switches {
                flush(&mut run, &mut words);
            }
            run.push(chars[i]);
            i += 1;
        } else {
            flush(&mut run, &mut words);
            let c = match chars[i] {
                '（' => '(',
                '）' => ')',
                '、' | '，' => ',',
                c => c,
            };
            if !c.is_whitespace() {
                words.push(c.to_string());
            }
            i += 1;
        }
    }
    flush(&mut run, &mut words);
    words.join(" ").replace(" ,", ",").replace("( ", "(").replace(" )", ")")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_heads_cover_every_chinese_word() {
        let words = UNIVERSITY_WORDS.iter().chain(&INSTITUTE_WORDS).chain(&COLLEGE_WORDS).chain(&HOSPITAL_WORDS);
        for w in words.chain(&COMPANY_WORDS).filter(|w| w.chars().any(is_han)) {
            assert!(w.chars().next().and_then(head_bit).is_some(), "{w}");
        }
        // Names without any head character, typed by the rules' later steps.
        assert_eq!(OrgType::of("张三"), OrgType::Individual);
        assert_eq!(OrgType::of("欧阳修远"), OrgType::Individual);
        assert_eq!(OrgType::of("兰州"), OrgType::Individual, "2-4 Han characters read as a person");
        assert_eq!(OrgType::of("甘肃省农业技术推广总站"), OrgType::Other);
        // …and with one: the words are still searched.
        assert_eq!(OrgType::of("王大学"), OrgType::University);
        assert_eq!(OrgType::of("王大明"), OrgType::Individual);
        assert_eq!(OrgType::of("兰州大成科技股份有限公司"), OrgType::Company);
        assert_eq!(OrgType::of("中国科学院兰州化学物理研究所"), OrgType::Institute);
        assert_eq!(OrgType::of("Lanzhou University 兰州大学"), OrgType::University);
        assert_eq!(OrgType::of("Acme Research Corp."), OrgType::Institute, "rules in order: institutes first");
    }

    #[test]
    fn company_forms_merge() {
        let same = |a: &str, b: &str| assert_eq!(normalise(a), normalise(b), "{a} / {b}");
        same("京东方科技集团股份有限公司", "京东方科技集团有限公司");
        same("京东方科技集团股份有限公司", "京东方科技有限责任公司");
        same("Google LLC", "GOOGLE LLC");
        same("Google LLC", "Google Inc.");
        same("Tesla Motors, Inc.", "TESLA MOTORS, INC.");
        same("Siemens Aktiengesellschaft", "SIEMENS AG");
        same("Matsushita Electric Industrial Co., Ltd.", "MATSUSHITA ELECTRIC INDUSTRIAL CO., LTD.");
        same("Aichi Co., Ltd.", "AICHI CORPORATION");
        same("Koninklijke Philips N.V.", "KONINKLIJKE PHILIPS NV");
        same("Robert Bosch GmbH", "ROBERT BOSCH G.M.B.H.");
        same("Nestec S.A.", "NESTEC SA");
        same("株式会社东芝", "东芝株式会社");
        same("Kabushiki Kaisha Toshiba", "Toshiba Corp.");
        same("ＡＢＣ科技有限公司", "ABC科技有限公司");
        assert_eq!(normalise("The Procter & Gamble Company"), "PROCTER GAMBLE");
        assert_eq!(normalise("兰州大学"), "兰州大学");
        assert_eq!(normalise("TACO"), "TACO");
        assert_eq!(normalise("有限公司"), "有限公司", "a name that is only a legal form stays");
    }

    #[test]
    fn aliases_join_translated_names() {
        let a = Aliases::shipped();
        let samsung_zh = a.get(&normalise("三星电子株式会社")).expect("zh");
        let samsung_en = a.get(&normalise("Samsung Electronics Co., Ltd.")).expect("en");
        assert_eq!(samsung_zh, samsung_en);
        assert_eq!(samsung_zh.name_zh, "三星电子");
        assert!(a.get(&normalise("兰州大学")).is_none());
    }

    #[test]
    fn english_glosses() {
        assert_eq!(gloss("兰州大学"), "Lanzhou University");
        assert_eq!(gloss("西北师范大学"), "Northwest Normal University");
        assert_eq!(
            gloss("中国科学院兰州化学物理研究所"),
            "Chinese Academy of Sciences Lanzhou Chemical Physics Institute"
        );
        assert_eq!(gloss("庆阳敦博科技发展有限公司"), "Qingyang Dunbo Technology Development Co., Ltd.");
        assert_eq!(gloss("甘肃省人民医院"), "Gansu Province Renmin Hospital");
        assert_eq!(gloss("张义兵"), "Zhang Yibing");
        assert_eq!(gloss("中核四〇四有限公司"), "Zhonghe 404 Co., Ltd.");
        assert_eq!(gloss("Google LLC"), "Google LLC");
    }

    #[test]
    fn organisation_types() {
        assert_eq!(OrgType::of("兰州大学"), OrgType::University);
        assert_eq!(OrgType::of("中国科学院兰州化学物理研究所"), OrgType::Institute);
        assert_eq!(OrgType::of("金川集团股份有限公司"), OrgType::Company);
        assert_eq!(OrgType::of("甘肃省人民医院"), OrgType::Hospital);
        assert_eq!(OrgType::of("张三"), OrgType::Individual);
        assert_eq!(OrgType::of("Lee, Kevin"), OrgType::Individual);
        assert_eq!(OrgType::of("Google LLC"), OrgType::Company);
        assert_eq!(OrgType::of("The Regents of the University of California"), OrgType::University);
    }
}
