//! The report's language: Chinese (zh-CN) or English. Texts are written next to their use
//! as `lang.pick(zh, en)`; names of the model's values are here.

use crate::landscape::Phase;
use crate::names::OrgType;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportLang {
    Zh,
    En,
}

impl ReportLang {
    pub fn parse(s: &str) -> Option<ReportLang> {
        match s.to_ascii_lowercase().as_str() {
            "zh" | "zh-cn" | "cn" => Some(ReportLang::Zh),
            "en" => Some(ReportLang::En),
            _ => None,
        }
    }

    pub fn zh(self) -> bool {
        self == ReportLang::Zh
    }

    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        if self.zh() {
            zh
        } else {
            en
        }
    }

    /// The `lang` attribute of the page.
    pub fn html(self) -> &'static str {
        self.pick("zh-CN", "en")
    }

    /// Separator between items of a list in running text.
    pub fn list_sep(self) -> &'static str {
        self.pick("、", ", ")
    }

    pub fn kind(self, kind: &str) -> &'static str {
        match kind {
            "invention_patent" => self.pick("发明专利", "invention patents"),
            "utility_model" => self.pick("实用新型", "utility models"),
            "design" => self.pick("外观设计", "designs"),
            "trademark" => self.pick("商标", "trademarks"),
            "geographical_indication" => self.pick("地理标志", "geographical indications"),
            "copyright" => self.pick("作品著作权", "copyrights"),
            "software_copyright" => self.pick("软件著作权", "software copyrights"),
            "plant_variety" => self.pick("植物新品种", "plant varieties"),
            "ic_layout" => self.pick("集成电路布图设计", "IC layout designs"),
            _ => self.pick("其他", "other"),
        }
    }

    pub fn status(self, status: &str) -> &'static str {
        match status {
            "pending" => self.pick("审查中（公开未授权）", "pending (published, not granted)"),
            "active" => self.pick("有效（已授权）", "in force (granted)"),
            "lapsed" => self.pick("失效（未缴年费）", "lapsed (fees unpaid)"),
            "expired" => self.pick("期满终止", "expired"),
            "revoked" => self.pick("被宣告无效", "revoked"),
            "withdrawn" => self.pick("撤回", "withdrawn"),
            "refused" => self.pick("驳回", "refused"),
            _ => self.pick("未知", "unknown"),
        }
    }

    pub fn org_type(self, t: OrgType) -> &'static str {
        match t {
            OrgType::University => self.pick("高校", "universities"),
            OrgType::Institute => self.pick("科研院所", "research institutes"),
            OrgType::Company => self.pick("企业", "companies"),
            OrgType::Hospital => self.pick("医院", "hospitals"),
            OrgType::Individual => self.pick("个人", "individuals"),
            OrgType::Other => self.pick("其他机构", "other bodies"),
        }
    }

    pub fn org_type_str(self, s: &str) -> &'static str {
        OrgType::ALL.into_iter().find(|t| t.as_str() == s).map_or("", |t| self.org_type(t))
    }

    pub fn phase(self, p: Phase) -> &'static str {
        match p {
            Phase::Emerging => self.pick("萌芽期", "emerging"),
            Phase::Growth => self.pick("发展期", "growth"),
            Phase::Mature => self.pick("成熟期", "mature"),
            Phase::Decline => self.pick("衰退期", "decline"),
            Phase::Undetermined => self.pick("无法判定", "not determined"),
        }
    }

    pub fn report_kind(self, k: super::ReportKind) -> &'static str {
        use super::ReportKind::*;
        match k {
            Regional => self.pick("区域规划类专利导航报告", "Regional patent navigation report"),
            Industry => self.pick("产业规划类专利导航报告", "Industry patent navigation report"),
            Enterprise => self.pick("企业经营类专利导航报告", "Enterprise patent navigation report"),
            Rd => self.pick("研发活动类专利导航报告", "R&D patent navigation report"),
            Indicators => self.pick("知识产权统计指标", "IP statistics indicators"),
        }
    }
}
