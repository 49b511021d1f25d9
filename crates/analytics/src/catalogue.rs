//! What a landscape looks up beside the rights: the IPC→technology-field concordance and
//! IPC titles (reference tables `ipc_technology` and `ipc`), and how often the registry
//! cites each document. Loaded from the store once per report, or built by hand in tests.

use crate::AnalyticsError;
use rustc_hash::FxHashMap;
use silkport_model::Lang;
use silkport_store::Store;

/// The 35 technology fields of the WIPO IPC–technology concordance (Schmoch 2008): number,
/// English and Chinese name, sector. The numbers and English names are those of the
/// `ipc_technology` reference table; the Chinese names are their usual translation.
pub const WIPO_FIELDS: [(u8, &str, &str, Sector); 35] = [
    (1, "Electrical machinery, apparatus, energy", "电机、电气装置、电能", Sector::Electrical),
    (2, "Audio-visual technology", "视听技术", Sector::Electrical),
    (3, "Telecommunications", "电信", Sector::Electrical),
    (4, "Digital communication", "数字通信", Sector::Electrical),
    (5, "Basic communication processes", "基本通信程序", Sector::Electrical),
    (6, "Computer technology", "计算机技术", Sector::Electrical),
    (7, "IT methods for management", "管理用信息技术方法", Sector::Electrical),
    (8, "Semiconductors", "半导体", Sector::Electrical),
    (9, "Optics", "光学", Sector::Instruments),
    (10, "Measurement", "测量", Sector::Instruments),
    (11, "Analysis of biological materials", "生物材料分析", Sector::Instruments),
    (12, "Control", "控制", Sector::Instruments),
    (13, "Medical technology", "医学技术", Sector::Instruments),
    (14, "Organic fine chemistry", "有机精细化学", Sector::Chemistry),
    (15, "Biotechnology", "生物技术", Sector::Chemistry),
    (16, "Pharmaceuticals", "药品", Sector::Chemistry),
    (17, "Macromolecular chemistry, polymers", "高分子化学、聚合物", Sector::Chemistry),
    (18, "Food chemistry", "食品化学", Sector::Chemistry),
    (19, "Basic materials chemistry", "基础材料化学", Sector::Chemistry),
    (20, "Materials, metallurgy", "材料、冶金", Sector::Chemistry),
    (21, "Surface technology, coating", "表面技术、涂层", Sector::Chemistry),
    (22, "Micro-structural and nano-technology", "微观结构和纳米技术", Sector::Chemistry),
    (23, "Chemical engineering", "化学工程", Sector::Chemistry),
    (24, "Environmental technology", "环境技术", Sector::Chemistry),
    (25, "Handling", "装卸", Sector::Mechanical),
    (26, "Machine tools", "机床", Sector::Mechanical),
    (27, "Engines, pumps, turbines", "发动机、泵、涡轮机", Sector::Mechanical),
    (28, "Textile and paper machines", "纺织和造纸机械", Sector::Mechanical),
    (29, "Other special machines", "其他专用机械", Sector::Mechanical),
    (30, "Thermal processes and apparatus", "热工过程和器具", Sector::Mechanical),
    (31, "Mechanical elements", "机械零部件", Sector::Mechanical),
    (32, "Transport", "运输", Sector::Mechanical),
    (33, "Furniture, games", "家具、游戏", Sector::Other),
    (34, "Other consumer goods", "其他消费品", Sector::Other),
    (35, "Civil engineering", "土木工程", Sector::Other),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sector {
    Electrical,
    Instruments,
    Chemistry,
    Mechanical,
    Other,
}

/// A WIPO field's name in a report language (Chinese for `zh`, else English).
pub fn field_name(field: u8, lang: Lang) -> &'static str {
    match WIPO_FIELDS.iter().find(|f| f.0 == field) {
        Some(f) if lang == Lang::ZH => f.2,
        Some(f) => f.1,
        None => "",
    }
}

/// Reference data a landscape uses.
#[derive(Debug, Default)]
pub struct Catalogue {
    /// Concordance key (subclass `A01B` or main group `A61K31/00`) → field number.
    concordance: FxHashMap<String, u8>,
    /// Forward citations by publication key.
    pub cited: FxHashMap<String, u32>,
}

impl Catalogue {
    /// The concordance and citation counts from the registry. Without an `ipc_technology`
    /// table (`silkport ingest` of the IPC scheme files loads it) fields stay unknown.
    pub fn load(store: &mut dyn Store) -> Result<Catalogue, AnalyticsError> {
        let mut c = Catalogue::default();
        for row in store.reference_table("ipc_technology")? {
            if let Some(n) = row.fields.get("field_number").and_then(|n| n.parse::<u8>().ok()) {
                c.concordance.insert(row.key, n);
            }
        }
        for count in store.citation_counts()? {
            c.cited.insert(count.key, u32::try_from(count.count).unwrap_or(u32::MAX));
        }
        Ok(c)
    }

    /// For tests: a concordance given as `(key, field)` pairs.
    pub fn with_concordance(pairs: &[(&str, u8)]) -> Catalogue {
        Catalogue { concordance: pairs.iter().map(|(k, f)| (k.to_string(), *f)).collect(), ..Catalogue::default() }
    }

    pub fn has_concordance(&self) -> bool {
        !self.concordance.is_empty()
    }

    /// The field of a symbol: its main group's entry, else its subclass's; 0 when unknown.
    pub fn wipo_field(&self, main_group: Option<&str>, subclass: Option<&str>) -> u8 {
        let by = |k: Option<&str>| k.and_then(|k| self.concordance.get(k)).copied();
        by(main_group).or_else(|| by(subclass)).unwrap_or(0)
    }
}

/// IPC titles in Chinese and English from the registry's `ipc` reference table, looked up
/// for the symbols a report shows.
pub fn ipc_titles(store: &mut dyn Store, code: &str) -> Result<(Option<String>, Option<String>), AnalyticsError> {
    let mut out = (None, None);
    for row in store.reference("ipc", code)? {
        let title = row.fields.get("title").cloned();
        match row.lang {
            Some(l) if l == Lang::ZH => out.0 = title,
            Some(l) if l == Lang::EN => out.1 = title,
            _ => {}
        }
    }
    Ok(out)
}
