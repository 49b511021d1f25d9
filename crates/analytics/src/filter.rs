//! The set a landscape covers: rights selected by region (the first owner's province or
//! city), IPC prefix, applicant, kind, year range and office. The search crate's query
//! results will plug in beside these as a set of ids.

use crate::names::normalise;
use crate::AnalyticsError;
use serde::Serialize;
use silkport_model::{cn_provinces, extract_cn_region, IpcSymbol, RightFacts, RightKind};

/// A Chinese region: a province, or a city within one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Region {
    /// English name as the registry stores it (`Gansu`).
    pub province: String,
    pub province_zh: String,
    pub city: Option<String>,
    pub city_zh: Option<String>,
}

impl Region {
    /// A province or city by Chinese or English name: `甘肃`, `甘肃省`, `Gansu`, `兰州`,
    /// `兰州市`. English city names are matched as the registry spells them (pinyin).
    pub fn parse(input: &str) -> Result<Region, AnalyticsError> {
        let t = input.trim();
        let bad = || AnalyticsError::Region { input: input.to_string() };
        if t.is_empty() {
            return Err(bad());
        }
        if let Some((zh, en)) = cn_provinces().find(|(zh, en)| en.eq_ignore_ascii_case(t) || *zh == t) {
            return Ok(Region { province: en.into(), province_zh: zh.into(), city: None, city_zh: None });
        }
        if t.is_ascii() {
            return Err(bad());
        }
        // `甘肃省兰州市` names its province; a bare city (`兰州`) is found as `兰州市`.
        let text = if cn_provinces().any(|(zh, _)| t.starts_with(zh)) || t.ends_with('市') {
            t.to_string()
        } else {
            format!("{t}市")
        };
        let r = extract_cn_region(&text, None).ok_or_else(bad)?;
        Ok(Region { province: r.province_en, province_zh: r.province_zh, city: r.city_en, city_zh: r.city_zh })
    }

    /// The right's region is its first owner's (see `RightFacts::home_province`).
    fn matches(&self, f: &RightFacts) -> bool {
        let Some(owner) = f.owners().next() else { return false };
        owner.province.as_deref() == Some(self.province.as_str())
            && self.city.as_ref().is_none_or(|c| owner.city.as_deref().is_some_and(|oc| oc.eq_ignore_ascii_case(c)))
    }

    /// `甘肃` / `Gansu`, or `甘肃 兰州` / `Gansu Lanzhou`.
    pub fn label(&self, zh: bool) -> String {
        match (zh, &self.city, &self.city_zh) {
            (true, _, Some(c)) => format!("{}{}", self.province_zh, c),
            (true, _, None) => self.province_zh.clone(),
            (false, Some(c), _) => format!("{c}, {}", self.province),
            (false, None, _) => self.province.clone(),
        }
    }
}

/// Which rights a landscape covers. Every condition given must hold; an empty filter
/// covers every patent (invention patents and utility models) in the registry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Filter {
    pub region: Option<Region>,
    /// Only rights whose first owner has a Chinese address (the nation, for comparisons).
    pub domestic: bool,
    /// IPC prefixes (`H01M`, `H01M10/`); a right matches if any of its symbols starts with one.
    pub ipc: Vec<String>,
    /// A normalised applicant name; a right matches if an owner's key contains it.
    pub applicant: Option<String>,
    /// Right kinds; empty means invention patents and utility models.
    pub kinds: Vec<RightKind>,
    /// Statistics years (filing, else publication, else grant), inclusive.
    pub years: Option<(u16, u16)>,
    pub office: Option<String>,
}

/// Kinds a patent landscape covers unless told otherwise.
pub const PATENT_KINDS: [RightKind; 2] = [RightKind::InventionPatent, RightKind::UtilityModel];

impl Filter {
    /// Every patent of the registry.
    pub fn all() -> Filter {
        Filter::default()
    }

    /// Rights whose first owner is in China (any province): the national baseline.
    pub fn nation() -> Filter {
        Filter { domestic: true, ..Filter::default() }
    }

    pub fn with_region(mut self, input: &str) -> Result<Filter, AnalyticsError> {
        if ["china", "全国", "中国", "cn"].contains(&input.trim().to_lowercase().as_str()) {
            self.domestic = true;
        } else {
            self.region = Some(Region::parse(input)?);
        }
        Ok(self)
    }

    /// Adds an IPC prefix: `H`, `H01`, `H01M`, `H01M10`, `H01M10/` or a full symbol.
    pub fn with_ipc(mut self, input: &str) -> Result<Filter, AnalyticsError> {
        self.ipc.push(ipc_prefix(input)?);
        Ok(self)
    }

    pub fn with_applicant(mut self, input: &str) -> Filter {
        self.applicant = Some(normalise(input));
        self
    }

    /// `2017` or `2010-2017`.
    pub fn with_years(mut self, input: &str) -> Result<Filter, AnalyticsError> {
        let bad = || AnalyticsError::Years { input: input.to_string() };
        let year = |s: &str| s.trim().parse::<u16>().map_err(|_| bad());
        self.years = Some(match input.split_once('-') {
            Some((a, b)) => (year(a)?, year(b)?),
            None => (year(input)?, year(input)?),
        });
        Ok(self)
    }

    pub fn with_kind(mut self, input: &str) -> Result<Filter, AnalyticsError> {
        self.kinds.push(RightKind::parse(input.trim()).ok_or_else(|| AnalyticsError::Kind { input: input.into() })?);
        Ok(self)
    }

    /// Whether the right is in the set; `owner_matches` answers the applicant condition
    /// (the caller has the owners' normalised keys at hand).
    pub fn matches(&self, f: &RightFacts, owner_matches: impl FnOnce(&str) -> bool) -> bool {
        !f.stub
            && self.kind_matches(f.kind)
            && self.office.as_ref().is_none_or(|o| o == &f.office)
            && self.years.is_none_or(|(a, b)| f.year.is_some_and(|y| (a..=b).contains(&y)))
            && (!self.domestic || f.home_province().is_some())
            && self.region.as_ref().is_none_or(|r| r.matches(f))
            && (self.ipc.is_empty() || f.ipc().any(|c| self.ipc.iter().any(|p| c.symbol.starts_with(p.as_str()))))
            && self.applicant.as_ref().is_none_or(|a| owner_matches(a))
    }

    fn kind_matches(&self, kind: RightKind) -> bool {
        if self.kinds.is_empty() {
            PATENT_KINDS.contains(&kind)
        } else {
            self.kinds.contains(&kind)
        }
    }
}

/// The canonical start of IPC symbols: `h01m 10` → `H01M10/`, `H01M10/00` → `H01M10/00`.
fn ipc_prefix(input: &str) -> Result<String, AnalyticsError> {
    let compact: String = input.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
    let bad = || AnalyticsError::IpcPrefix { input: input.to_string() };
    let body = compact.strip_suffix('/').unwrap_or(&compact);
    if body.len() > 4 && !body.contains('/') {
        // A main group without its subgroup: `H01M10` must not match `H01M100/…`.
        let group = IpcSymbol::parse(&format!("{body}/00")).map_err(|_| bad())?.to_string();
        let head = group.split('/').next().unwrap_or(&group);
        return Ok(format!("{head}/"));
    }
    Ok(IpcSymbol::parse(body).map_err(|_| bad())?.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_by_either_name() {
        let g = Region::parse("甘肃").unwrap();
        assert_eq!((g.province.as_str(), g.city.as_deref()), ("Gansu", None));
        assert_eq!(Region::parse("gansu").unwrap(), g);
        assert_eq!(Region::parse("甘肃省").unwrap().province, "Gansu");
        let l = Region::parse("兰州").unwrap();
        assert_eq!((l.province.as_str(), l.city.as_deref()), ("Gansu", Some("Lanzhou")));
        assert_eq!(Region::parse("兰州市").unwrap(), l);
        assert_eq!(l.label(true), "甘肃兰州");
        assert!(Region::parse("Atlantis").is_err());
    }

    #[test]
    fn ipc_prefixes() {
        assert_eq!(ipc_prefix("h01m").unwrap(), "H01M");
        assert_eq!(ipc_prefix("H01M 10").unwrap(), "H01M10/");
        assert_eq!(ipc_prefix("H01M10/").unwrap(), "H01M10/");
        assert_eq!(ipc_prefix("H").unwrap(), "H");
        assert!(ipc_prefix("Z99").is_err());
    }

    #[test]
    fn years() {
        assert_eq!(Filter::all().with_years("2010-2017").unwrap().years, Some((2010, 2017)));
        assert_eq!(Filter::all().with_years("2017").unwrap().years, Some((2017, 2017)));
        assert!(Filter::all().with_years("x").is_err());
    }
}
