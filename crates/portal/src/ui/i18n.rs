//! The UI's languages and its one message table: every string the pages show, in Chinese
//! (zh-CN, the default) and English, side by side, so no string can exist in one language
//! only (the `messages!` macro makes each entry give both, and the compiler checks every
//! page uses only entries that exist). The Russian welcome has its own small table.
//!
//! The language of a request: `?lang=zh|en` (also remembered in the `lang` cookie), else the
//! cookie, else the first of `Accept-Language` that the UI speaks, else the configured default.

use axum::http::{header, HeaderMap};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UiLang {
    Zh,
    En,
}

impl UiLang {
    pub fn parse(s: &str) -> Option<UiLang> {
        let s = s.trim().to_ascii_lowercase();
        if s == "zh" || s.starts_with("zh-") {
            Some(UiLang::Zh)
        } else if s == "en" || s.starts_with("en-") {
            Some(UiLang::En)
        } else {
            None
        }
    }

    pub fn messages(self) -> &'static Messages {
        match self {
            UiLang::Zh => &ZH,
            UiLang::En => &EN,
        }
    }

    /// `zh` or `en`: the `lang` parameter and cookie.
    pub fn code(self) -> &'static str {
        match self {
            UiLang::Zh => "zh",
            UiLang::En => "en",
        }
    }

    /// The `<html lang>` value.
    pub fn html_lang(self) -> &'static str {
        match self {
            UiLang::Zh => "zh-CN",
            UiLang::En => "en",
        }
    }

    pub fn other(self) -> UiLang {
        match self {
            UiLang::Zh => UiLang::En,
            UiLang::En => UiLang::Zh,
        }
    }

    /// The model's language of texts in this language (to pick a right's title).
    pub fn model_lang(self) -> silkport_model::Lang {
        match self {
            UiLang::Zh => silkport_model::Lang::ZH,
            UiLang::En => silkport_model::Lang::EN,
        }
    }
}

/// The `lang` parameter of a query string, when it names a UI language.
pub fn from_query(query: Option<&str>) -> Option<UiLang> {
    query_param(query, "lang").and_then(|v| UiLang::parse(&v))
}

fn query_param(query: Option<&str>, name: &str) -> Option<String> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query?).ok()?;
    pairs.into_iter().rev().find(|(k, _)| k == name).map(|(_, v)| v)
}

/// Whether the request asks for the Russian welcome (`?lang=ru` on the home page).
pub fn wants_russian(path_and_query: &str) -> bool {
    let query = path_and_query.split_once('?').map(|(_, q)| q);
    query_param(query, "lang").is_some_and(|v| v.eq_ignore_ascii_case("ru"))
}

/// The cookie, else `Accept-Language` (in the order given, ignoring weights of 0), else
/// the default.
pub fn negotiate(headers: &HeaderMap, default: &str) -> UiLang {
    if let Some(l) = crate::auth::read_cookie(headers, "lang").and_then(UiLang::parse) {
        return l;
    }
    let accept = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let mut ranked: Vec<(f32, UiLang)> = accept
        .split(',')
        .filter_map(|part| {
            let mut it = part.split(';');
            let lang = UiLang::parse(it.next()?)?;
            let q = it.find_map(|p| p.trim().strip_prefix("q=")).and_then(|q| q.parse::<f32>().ok()).unwrap_or(1.0);
            (q > 0.0).then_some((q, lang))
        })
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
    ranked.first().map(|(_, l)| *l).or_else(|| UiLang::parse(default)).unwrap_or(UiLang::Zh)
}

/// The current page in another language: the same path and query with `lang` replaced.
pub fn switch_url(path_and_query: &str, lang: UiLang) -> String {
    let (path, query) = path_and_query.split_once('?').unwrap_or((path_and_query, ""));
    let mut pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap_or_default();
    pairs.retain(|(k, _)| k != "lang");
    pairs.push(("lang".into(), lang.code().into()));
    format!("{path}?{}", serde_urlencoded::to_string(&pairs).unwrap_or_default())
}

/// Fills the `{}` of a message, in order.
pub fn fill(template: &str, values: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut values = values.iter();
    let mut rest = template;
    while let Some(i) = rest.find("{}") {
        out.push_str(&rest[..i]);
        out.push_str(values.next().copied().unwrap_or(""));
        rest = &rest[i + 2..];
    }
    out.push_str(rest);
    out
}

type S = &'static str;
type Pairs = &'static [(&'static str, &'static str)];
type Triples = &'static [(&'static str, &'static str, &'static str)];
type List = &'static [&'static str];

/// Defines `Messages` and its two tables from entries `name: Type = zh, en;`.
macro_rules! messages {
    ($($key:ident : $ty:ty = $zh:expr, $en:expr;)*) => {
        pub struct Messages { $(pub $key: $ty,)* }
        pub static ZH: Messages = Messages { $($key: $zh,)* };
        pub static EN: Messages = Messages { $($key: $en,)* };
    };
}

/// The value for `key` in a list of pairs, else the key itself.
fn lookup(pairs: Pairs, key: &str) -> String {
    pairs.iter().find(|(k, _)| *k == key).map_or_else(|| key.to_string(), |(_, v)| v.to_string())
}

impl Messages {
    pub fn kind_label(&self, key: &str) -> String {
        lookup(self.kinds, key)
    }
    pub fn status_label(&self, key: &str) -> String {
        lookup(self.statuses, key)
    }
    pub fn language_label(&self, key: &str) -> String {
        lookup(self.languages, key)
    }
    pub fn role_label(&self, key: &str) -> String {
        lookup(self.party_roles, key)
    }
    pub fn event_label(&self, key: &str) -> String {
        lookup(self.events, key)
    }
    pub fn facet_name(&self, key: &str) -> String {
        lookup(self.facets, key)
    }
    pub fn cited_by_label(&self, key: &str) -> String {
        lookup(self.cited_by_kinds, key)
    }
    pub fn role_name(&self, key: &str) -> String {
        lookup(self.account_roles, key)
    }
    pub fn job_state(&self, key: &str) -> String {
        lookup(self.job_states, key)
    }
    pub fn matcher_label(&self, key: &str) -> String {
        lookup(self.matchers, key)
    }
}

messages! {
    lang_code: S = "zh-CN", "en";
    language_name: S = "中文", "English";
    site_name: S = "丝绸之路国际知识产权港", "Silk Road International IP Port";
    skip_to_content: S = "跳到正文", "Skip to content";
    nav_label: S = "主导航", "Main navigation";
    nav_search: S = "检索", "Search";
    nav_navigation: S = "专利导航", "Patent navigation";
    nav_trademarks: S = "商标近似查询", "Trademark check";
    nav_indicators: S = "统计指标", "Indicators";
    nav_verify: S = "回执验证", "Verify a receipt";
    nav_admin: S = "管理", "Administration";
    nav_account: S = "我的账户", "My account";
    login: S = "登录", "Sign in";
    logout: S = "退出", "Sign out";
    footer_text: S = "丝绸之路国际知识产权港开源软件 silkport · 数据来自各国知识产权局公开数据，演示数据均标注为合成数据。",
        "silkport, the open-source software of the Silk Road International IP Port · data from IP offices' public releases; demo data is marked synthetic.";
    footer_api: S = "开放接口（OpenAPI）", "API (OpenAPI)";
    back_home: S = "返回首页", "Back to the home page";

    home_title: S = "首页", "Home";
    home_lead: S = "知识产权港汇集专利、商标、地理标志、著作权和植物新品种等权利的登记数据，提供跨语言检索、专利导航、统计指标，以及可独立验证的权利变更账本。",
        "The IP Port brings together the registers of patents, trademarks, geographical indications, copyrights and plant varieties, with cross-lingual search, patent navigation, statistics and a ledger of rights changes anyone can verify.";
    home_registry: S = "注册库", "The registry";
    home_registry_counts: S = "共 {} 项权利，{} 条法律事件。", "{} rights and {} legal events.";
    home_by_kind: S = "按权利类型", "By kind of right";
    home_what_title: S = "可以做什么", "What you can do";
    home_card_search: S = "用审查员检索式或自然语言检索全部权利，中英文互检。", "Search every right with the examiner query language or plain words, across Chinese and English.";
    home_card_trademarks: S = "输入商标和尼斯分类、类似群，查找可能冲突的在先商标与地理标志及理由。", "Enter a mark with its Nice classes and groups: earlier marks and GIs that may conflict, with the reasons.";
    home_card_navigation: S = "按 GB/T 39551 生成区域、产业、企业、研发专利导航报告。", "Regional, industry, enterprise and R&D navigation reports after GB/T 39551.";
    home_card_indicators: S = "全国及各省知识产权统计指标与图表。", "IP statistics for China and its provinces, charted.";
    home_card_verify: S = "在浏览器中验证权利变更回执，无需信任本站。", "Verify a rights-change receipt in your browser, without trusting this site.";

    search_title: S = "检索", "Search";
    search_label: S = "检索式", "Query";
    search_placeholder: S = "例如：锂离子电池 负极，或 TI=battery AND PD>=2012", "e.g. lithium battery anode, or TI=锂电池 AND PD>=2012";
    search_hint: S = "可用自然语言，或字段代码与运算符（检索页下方有语法说明）。", "Plain words, or field codes and operators (the search page explains the syntax).";
    search_button: S = "检索", "Search";
    sort_label: S = "排序", "Sort";
    sort_relevance: S = "相关度", "Relevance";
    sort_newest: S = "公开日（新→旧）", "Newest first";
    sort_oldest: S = "公开日（旧→新）", "Oldest first";
    crosslingual: S = "跨语言检索（同时检索译文）", "Cross-lingual (also search translations)";
    search_error: S = "检索式有误：", "The query has an error:";
    results_count: S = "共 {} 条结果", "{} results";
    results_in_families: S = "共 {} 条结果，属于 {} 个同族", "{} results in {} families";
    group_family: S = "按同族合并", "Group by family";
    family_members: S = "同族中另有 {} 件命中：", "{} more of this family match:";
    export_all: S = "导出全部结果：", "Download every result:";
    no_results: S = "没有符合条件的结果。可去掉筛选条件或换用其他词语。", "Nothing matches. Remove a filter or try other words.";
    facets_title: S = "筛选", "Refine";
    filters_active: S = "当前筛选：", "Filters:";
    filter_remove: S = "去掉筛选 {}", "Remove the filter {}";
    pagination: S = "分页", "Pages";
    page_prev: S = "上一页", "Previous";
    page_next: S = "下一页", "Next";
    page_n: S = "第 {} 页", "Page {}";
    facets: Pairs = &[
        ("ipc_section", "IPC 部"), ("ipc_class", "IPC 大类"), ("ipc_subclass", "IPC 小类"), ("ipc_group", "IPC 大组"),
        ("applicant", "申请人/权利人"), ("country", "国家/局"), ("year", "申请年"), ("kind", "权利类型"),
        ("language", "文本语言"), ("status", "法律状态"),
    ], &[
        ("ipc_section", "IPC section"), ("ipc_class", "IPC class"), ("ipc_subclass", "IPC subclass"), ("ipc_group", "IPC main group"),
        ("applicant", "Applicant or holder"), ("country", "Country or office"), ("year", "Filing year"), ("kind", "Kind of right"),
        ("language", "Text language"), ("status", "Legal status"),
    ];
    syntax_title: S = "检索式语法", "Query syntax";
    syntax_intro: S = "不加语法的词语按相关度排序；字段代码写作 代码=值，运算符须大写。中文词总按连续字符串匹配（子词可检出）。",
        "Words without syntax are ranked by relevance; field codes are CODE=value and operators are upper case. A Chinese word always matches as a contiguous string.";
    syntax_codes: S = "字段代码", "Field codes";
    syntax_code: S = "代码", "Code";
    syntax_searches: S = "检索", "Searches";
    syntax_example: S = "示例", "Example";
    syntax_fields: Triples = &[
        ("TI", "标题", "TI=锂电池"), ("AB", "摘要", "AB=\"solid electrolyte\""), ("CL", "权利要求", "CL=(anode ADJ2 graphite)"),
        ("DESC", "说明书", "DESC=separator"), ("TXT", "全文（默认）", "TXT=氟苯"), ("PA", "申请人、专利权人、权利人", "PA=华为"),
        ("IN", "发明人、作者", "IN=Gozdz"), ("IPC", "IPC 分类（含下位组与截断）", "IPC=H01M10/05*"), ("CPC", "CPC 分类", "CPC=Y02E60/10"),
        ("PN", "公开号、注册号（任意写法）", "PN=US8088512"), ("AN", "申请号", "AN=CN201410005532.4"), ("PD", "公开（或授权）日", "PD=2010..2015"),
        ("AD", "申请日", "AD<2009"), ("PRD", "优先权日", "PRD=1997.."), ("CC", "国家或局", "CC=(US OR EP)"),
        ("KIND", "文献种类或权利类型", "KIND=trademark"), ("LANG", "文本语言", "LANG=zh"), ("STATUS", "法律状态", "STATUS=active"),
    ], &[
        ("TI", "title", "TI=battery"), ("AB", "abstract", "AB=\"solid electrolyte\""), ("CL", "claims", "CL=(anode ADJ2 graphite)"),
        ("DESC", "description", "DESC=separator"), ("TXT", "all text (the default)", "TXT=氟苯"), ("PA", "applicant, assignee or holder", "PA=\"A123 Systems\""),
        ("IN", "inventor or author", "IN=Gozdz"), ("IPC", "IPC, with hierarchy and truncation", "IPC=H01M10/05*"), ("CPC", "CPC, the same way", "CPC=Y02E60/10"),
        ("PN", "publication or register number, any variant", "PN=US8088512"), ("AN", "application number", "AN=US12140058"), ("PD", "publication (else grant) date", "PD=2010..2015"),
        ("AD", "application date", "AD<2009"), ("PRD", "priority date", "PRD=1997.."), ("CC", "country or office", "CC=(US OR EP)"),
        ("KIND", "kind code or kind of right", "KIND=trademark"), ("LANG", "language of any text", "LANG=zh"), ("STATUS", "legal status", "STATUS=active"),
    ];
    syntax_operators: S = "运算符", "Operators";
    syntax_query: S = "检索式", "Query";
    syntax_meaning: S = "含义", "Meaning";
    syntax_ops: Pairs = &[
        ("battery AND anode", "同时包含"), ("battery OR cell", "任一"), ("battery NOT lead", "包含前者且不含后者"),
        ("\"solid polymer electrolyte\"", "短语：按顺序相邻"), ("batter*  electroch?m*", "截断：* 任意字符，? 一个字符"),
        ("A ADJ2 B", "B 在 A 之后 2 个词（中文为字）以内"), ("A NEAR2 B", "2 个词以内，顺序不限"),
        ("A SENT B  /  A PARA B", "同一句 / 同一段（一项权利要求）"), ("battery CC=US PD=2010..2015", "并列的代码与日期为限定条件"),
    ], &[
        ("battery AND anode", "both"), ("battery OR cell", "either"), ("battery NOT lead", "the first without the second"),
        ("\"solid polymer electrolyte\"", "a phrase: these words in this order"), ("batter*  electroch?m*", "truncation: * any letters, ? one"),
        ("A ADJ2 B", "B within 2 words (characters in Chinese) after A"), ("A NEAR2 B", "within 2 words, either order"),
        ("A SENT B  /  A PARA B", "in one sentence / one paragraph (one claim)"), ("battery CC=US PD=2010..2015", "codes and dates next to words restrict"),
    ];
    syntax_more: S = "完整说明见 docs/query-language.md。", "The full description is docs/query-language.md.";

    kind: S = "权利类型", "Kind";
    count: S = "数量", "Count";
    kinds: Pairs = &[
        ("invention_patent", "发明专利"), ("utility_model", "实用新型"), ("design", "外观设计"), ("trademark", "商标"),
        ("geographical_indication", "地理标志"), ("copyright", "作品著作权"), ("software_copyright", "软件著作权"),
        ("plant_variety", "植物新品种"), ("ic_layout", "集成电路布图设计"),
    ], &[
        ("invention_patent", "Invention patent"), ("utility_model", "Utility model"), ("design", "Design"), ("trademark", "Trademark"),
        ("geographical_indication", "Geographical indication"), ("copyright", "Copyright"), ("software_copyright", "Software copyright"),
        ("plant_variety", "Plant variety"), ("ic_layout", "IC layout design"),
    ];
    statuses: Pairs = &[
        ("pending", "审查中"), ("active", "有效"), ("lapsed", "失效"), ("expired", "期满"), ("revoked", "无效/撤销"),
        ("withdrawn", "撤回"), ("refused", "驳回"),
    ], &[
        ("pending", "Pending"), ("active", "In force"), ("lapsed", "Lapsed"), ("expired", "Expired"), ("revoked", "Revoked"),
        ("withdrawn", "Withdrawn"), ("refused", "Refused"),
    ];
    languages: Pairs = &[
        ("zh", "中文"), ("en", "英文"), ("de", "德文"), ("fr", "法文"), ("ru", "俄文"), ("ja", "日文"), ("ko", "韩文"),
        ("es", "西班牙文"), ("ar", "阿拉伯文"), ("kk", "哈萨克文"), ("uz", "乌兹别克文"), ("tg", "塔吉克文"),
    ], &[
        ("zh", "Chinese"), ("en", "English"), ("de", "German"), ("fr", "French"), ("ru", "Russian"), ("ja", "Japanese"), ("ko", "Korean"),
        ("es", "Spanish"), ("ar", "Arabic"), ("kk", "Kazakh"), ("uz", "Uzbek"), ("tg", "Tajik"),
    ];
    party_roles: Pairs = &[
        ("applicant", "申请人"), ("assignee", "专利权人/受让人"), ("inventor", "发明人"), ("agent", "代理机构"), ("pledgee", "质权人"),
        ("pledgor", "出质人"), ("assignor", "转让人"), ("licensee", "被许可人"), ("licensor", "许可人"), ("holder", "权利人"),
        ("author", "作者"), ("examiner", "审查员"),
    ], &[
        ("applicant", "Applicant"), ("assignee", "Assignee"), ("inventor", "Inventor"), ("agent", "Agent"), ("pledgee", "Pledgee"),
        ("pledgor", "Pledgor"), ("assignor", "Assignor"), ("licensee", "Licensee"), ("licensor", "Licensor"), ("holder", "Holder"),
        ("author", "Author"), ("examiner", "Examiner"),
    ];
    events: Pairs = &[
        ("filing", "申请"), ("publication", "公开"), ("examination", "审查"), ("grant", "授权"), ("registration", "登记/注册"),
        ("fee_paid", "缴费"), ("fee_reminder", "缴费通知"), ("lapse", "失效"), ("restoration", "恢复"), ("transfer", "转让"),
        ("licence", "许可"), ("pledge", "质押"), ("release", "质押解除"), ("invalidation", "无效宣告"), ("expiry", "期满"),
        ("withdrawal", "撤回"), ("name_change", "更名"), ("merger", "合并"), ("correction", "更正"), ("other", "其他事件"),
        ("status", "状态变更"), ("name-change", "更名"), ("open-licence", "开放许可"),
    ], &[
        ("filing", "Filing"), ("publication", "Publication"), ("examination", "Examination"), ("grant", "Grant"), ("registration", "Registration"),
        ("fee_paid", "Fee paid"), ("fee_reminder", "Fee reminder"), ("lapse", "Lapse"), ("restoration", "Restoration"), ("transfer", "Transfer"),
        ("licence", "Licence"), ("pledge", "Pledge"), ("release", "Release of pledge"), ("invalidation", "Invalidation"), ("expiry", "Expiry"),
        ("withdrawal", "Withdrawal"), ("name_change", "Change of name"), ("merger", "Merger"), ("correction", "Correction"), ("other", "Other event"),
        ("status", "Change of status"), ("name-change", "Change of name"), ("open-licence", "Open licence"),
    ];
    cited_by_kinds: Pairs = &[("examiner", "审查员"), ("applicant", "申请人"), ("third_party", "第三方"), ("search_report", "检索报告")],
        &[("examiner", "Examiner"), ("applicant", "Applicant"), ("third_party", "Third party"), ("search_report", "Search report")];
    account_roles: Pairs = &[("visitor", "公众访客"), ("holder", "权利人"), ("bank", "银行"), ("examiner", "审查员/执法人员"), ("admin", "管理员")],
        &[("visitor", "Visitor"), ("holder", "Rights holder"), ("bank", "Bank"), ("examiner", "Examiner or officer"), ("admin", "Administrator")];

    record_contents: S = "本页目录", "On this page";
    record_biblio: S = "著录项目", "Bibliographic data";
    record_citations: S = "引文", "Citations";
    record_timeline: S = "事件时间线", "Events timeline";
    record_ledger: S = "账本与回执", "Ledger and receipts";
    synthetic_notice: S = "这是演示用的合成数据，并非任何官方登记。", "This is synthetic demo data, not an official record.";
    publication_number: S = "公开（公告）号", "Publication number";
    application_number: S = "申请号", "Application number";
    registration_number: S = "登记/注册号", "Registration number";
    office: S = "受理局", "Office";
    status: S = "法律状态", "Legal status";
    document_language: S = "文献语言", "Document language";
    date_filing: S = "申请日", "Filing date";
    date_publication: S = "公开日", "Publication date";
    date_grant: S = "授权/登记日", "Grant or registration date";
    date_expiry: S = "届满日", "Expiry date";
    priorities: S = "优先权", "Priorities";
    priority: S = "优先权", "Priority";
    classifications: S = "分类号", "Classification";
    main_class: S = "（主分类）", "(main)";
    family: S = "同族", "Family";
    family_id: S = "同族号", "Family id";
    source: S = "数据来源", "Source";
    attributes: S = "其他属性", "Other attributes";
    attribute: S = "属性", "Attribute";
    value: S = "值", "Value";
    texts_in: S = "{}文本", "Texts in {}";
    title: S = "标题", "Title";
    abstract_: S = "摘要", "Abstract";
    claims: S = "权利要求", "Claims";
    claim_n: S = "权利要求 {}", "Claim {}";
    claim_independent: S = "独立权利要求", "independent";
    claim_refers_to: S = "引用", "refers to";
    description: S = "说明书", "Description";
    n_chars: S = "{} 字符", "{} characters";
    cited_document: S = "被引文献", "Cited document";
    date: S = "日期", "Date";
    cited_name: S = "名称", "Name";
    category: S = "类别", "Category";
    cited_by: S = "引用方", "Cited by";
    non_patent: S = "非专利文献", "Non-patent literature";
    no_dates: S = "该记录没有日期信息。", "This record has no dates.";
    timeline_title: S = "{} 的事件时间线", "Events timeline of {}";
    timeline_desc: S = "按日期排列的 {} 个日期与法律事件，横轴为时间。", "{} dates and legal events in date order on a time axis.";
    timeline_caption: S = "每行一个日期或事件，位置对应日期；蓝色为权利本身的日期，橙色为转让、许可、质押等交易，灰色为程序事件。",
        "One row per date or event, placed at its date: blue for the right's own dates, orange for transfers, licences and pledges, grey for procedure.";
    timeline_more: S = "图中只画出前 {} 行，下表列出全部事件。", "The picture shows the first {} rows; the table lists every event.";
    events_table: S = "法律事件", "Legal events";
    event: S = "事件", "Event";
    details: S = "详情", "Details";
    undated: S = "无日期", "undated";
    amount: S = "金额", "Amount";
    reference: S = "参考号", "Reference";
    ledger_intro: S = "权利的每次状态变更都以规范条目追加到防篡改透明日志（RFC 9162 默克尔树，C2SP 签名检查点）。回执文件包含条目、包含证明和签名检查点，可离线验证。",
        "Every change of a right's state is appended as a canonical entry to a tamper-evident transparency log (RFC 9162 Merkle tree, C2SP signed checkpoints). A receipt file holds the entry, its inclusion proof and the signed checkpoint, and verifies offline.";
    ledger_none: S = "本门户没有账本。", "This portal has no ledger.";
    ledger_not_logged: S = "账本中尚无该权利的条目（权利在授权或登记后记入账本，新变更约数秒后记入）。", "The ledger has no entry for this right yet (rights are logged once granted or registered; new changes within seconds).";
    ledger_keys: S = "日志公钥：", "Log key:";
    log_index: S = "日志序号", "log index";
    download_receipt: S = "下载回执", "Download receipt";
    verify_in_browser: S = "在浏览器中验证", "Verify in the browser";
    verify_needs_js: S = "浏览器验证需要启用脚本；也可下载回执后用 silkport verify 离线验证。", "Verifying in the browser needs scripts; or download the receipt and run silkport verify offline.";

    v_format: S = "回执格式", "Receipt format";
    v_entry: S = "条目为规范形式", "The entry is canonical";
    v_leaf: S = "叶哈希 SHA-256(0x00‖条目)", "Leaf hash SHA-256(0x00‖entry)";
    v_checkpoint: S = "检查点：来源、树大小、根哈希", "Checkpoint: origin, tree size, root hash";
    v_signature: S = "日志对检查点的 Ed25519 签名（含密钥 ID 核对）", "The log's Ed25519 signature on the checkpoint (key ID recomputed)";
    v_inclusion: S = "包含证明：由叶哈希推算到根哈希（RFC 9162）", "Inclusion proof: from the leaf hash up to the root (RFC 9162)";
    v_witnesses: S = "见证联署", "Witness cosignatures";
    v_passed: S = "通过：", "Passed:";
    v_failed: S = "未通过：", "Failed:";
    v_verified: S = "验证通过：该条目确在签名检查点所承诺的日志中。", "Verified: this entry is in the log the signed checkpoint commits to.";
    v_not_verified: S = "验证未通过：不要信任该回执。", "Not verified: do not rely on this receipt.";
    v_size_differs: S = "回执的 tree_size {} 与检查点的 {} 不一致", "the receipt's tree_size {} differs from the checkpoint's {}";
    v_no_key: S = "没有名为 {} 的受信日志公钥", "no trusted log key is named {}";
    v_bad_key_id: S = "公钥的密钥 ID 与其内容不符：{}", "the key's ID does not match its key: {}";
    v_no_signature: S = "检查点没有受信日志公钥的有效签名", "no valid signature by a trusted log key";
    v_root_differs: S = "推算出的根 {} 与检查点的根 {} 不同", "the proof leads to root {}, the checkpoint has {}";
    v_inclusion_detail: S = "{} 个证明哈希，叶序号 {}，树大小 {}", "{} proof hashes, leaf {} of a tree of {}";
    v_not_witness_key: S = "不是 cosignature/v1 见证公钥：{}", "not a cosignature/v1 witness key: {}";
    v_quorum_missed: S = "{} 个见证联署有效，要求 {} 个", "{} witnesses cosigned, {} required";
    v_witness_detail: S = "{} 个受信见证联署（要求 {} 个）；检查点另有 {} 个签名", "{} trusted witnesses cosigned ({} required); the checkpoint carries {} other signatures";
    v_webcrypto: S = "WebCrypto", "WebCrypto";
    v_no_webcrypto: S = "此浏览器不支持 WebCrypto（需 HTTPS 或本机地址）", "this browser offers no WebCrypto (it needs HTTPS or a local address)";
    v_not_json: S = "回执不是有效的 JSON：", "The receipt is not valid JSON:";
    verify_title: S = "验证账本回执", "Verify a ledger receipt";
    verify_intro: S = "回执（silkport-receipt/v1）证明一条权利变更记录在本站的透明日志中。验证全部在您的浏览器中完成，不向任何服务器发送数据。",
        "A receipt (silkport-receipt/v1) proves that a change of a right is recorded in this site's transparency log. Verification runs entirely in your browser; nothing is sent anywhere.";
    verify_steps: List = &[
        "检查条目为规范形式，计算叶哈希 SHA-256(0x00‖条目)；",
        "用日志公钥（先由名称与公钥重算密钥 ID）验证检查点的 Ed25519 签名；",
        "按 RFC 9162 由包含证明从叶哈希推算根哈希，与检查点的根比较；",
        "如提供见证公钥，验证见证联署（cosignature/v1）并核对法定数。",
    ], &[
        "check the entry is canonical and compute its leaf hash SHA-256(0x00‖entry);",
        "verify the checkpoint's Ed25519 signature with the log key (its key ID recomputed from name and key);",
        "run the inclusion proof from the leaf hash up to a root (RFC 9162) and compare it with the checkpoint's;",
        "with witness keys, verify their cosignatures (cosignature/v1) and the quorum.",
    ];
    receipt_file: S = "回执文件", "Receipt file";
    receipt_json: S = "或粘贴回执内容（JSON）", "Or paste the receipt (JSON)";
    log_keys_label: S = "日志公钥（每行一个）", "Log keys (one per line)";
    log_keys_help: S = "已填入本站日志的公钥；也可从 ledger/log/log.pub 获取，或填入其他来源的公钥。", "This site's log keys are filled in; you may use keys from another source (ledger/log/log.pub).";
    witness_keys_label: S = "见证公钥（可选，每行一个）", "Witness keys (optional, one per line)";
    quorum_label: S = "见证法定数", "Witness quorum";
    verify_button: S = "验证", "Verify";

    nav_title: S = "专利导航", "Patent navigation";
    nav_intro: S = "依据 GB/T 39551-2020《专利导航指南》生成导航报告：趋势、申请人、技术构成、地域、引证与预警，图表下附数据表。",
        "Navigation reports after GB/T 39551-2020: trends, applicants, technology mix, geography, citations and early warning, each chart with its table.";
    nav_type: S = "报告类型", "Report type";
    nav_regional: S = "区域规划", "Regional";
    nav_regional_help: S = "某省或市与全国对比，需填地区", "a province or city against the nation; needs a region";
    nav_industry: S = "产业规划", "Industry";
    nav_industry_help: S = "某技术领域，需填 IPC", "a technology field; needs IPC";
    nav_enterprise: S = "企业经营", "Enterprise";
    nav_enterprise_help: S = "某企业及其竞争者，需填申请人", "an applicant and its competitors; needs an applicant";
    nav_rd: S = "研发活动", "R&D";
    nav_rd_help: S = "研发方向，需填 IPC", "research directions; needs IPC";
    nav_region: S = "地区", "Region";
    region_placeholder: S = "甘肃", "Gansu";
    nav_region_help: S = "省或市，中英文均可，如 甘肃、兰州、Gansu", "province or city, Chinese or English: 甘肃, 兰州, Gansu";
    nav_ipc: S = "IPC 分类", "IPC";
    nav_ipc_help: S = "一个或多个 IPC 前缀，用逗号分隔，如 H01M, A01B", "one or more IPC prefixes, separated by commas: H01M, A01B";
    nav_applicant: S = "申请人", "Applicant";
    nav_applicant_help: S = "任意写法，按规范化名称匹配", "any spelling; matched on the normalised name";
    nav_years: S = "申请年份", "Filing years";
    nav_years_help: S = "如 2017 或 2010-2020", "e.g. 2017 or 2010-2020";
    nav_submit: S = "生成报告", "Build the report";
    report_download: S = "下载报告（自包含 HTML）", "Download the report (self-contained HTML)";
    report_html_zh: S = "中文版", "Chinese";
    report_html_en: S = "英文版", "English";
    report_summary: S = "要点", "Summary";
    report_method: S = "方法说明", "Method";
    no_data: S = "无数据。", "No data.";
    rows_shown: S = "（显示前 {} 行，共 {} 行；完整数据见下载的报告）", "(first {} of {} rows; the downloaded report has all)";

    tm_title: S = "商标近似查询", "Trademark conflict check";
    tm_intro: S = "查找可能与所申请商标冲突的在先商标和地理标志：字形、拼音、音译、读音和拼写相近，限定于所选尼斯分类与类似群。结果仅供参考，不代替审查意见。",
        "Earlier marks and geographical indications that may conflict with a mark: same form, pinyin, transliteration, sound or close spelling, within the Nice classes and similar-goods groups chosen. A lead for examination, not a decision.";
    tm_mark: S = "商标", "Mark";
    tm_mark_help: S = "文字商标，中文、拼音或外文，如 丝路、Silu", "a word mark in Chinese, pinyin or another script: 丝路, Silu";
    tm_class: S = "尼斯分类", "Nice classes";
    tm_class_help: S = "1 至 45，可填多个，如 30, 35；留空为全部类别", "1 to 45, several allowed: 30, 35; empty for all classes";
    tm_group: S = "类似群", "Similar-goods groups (类似群)";
    tm_group_help: S = "四位编码，类别在前，如 3001 3002", "four digits, the class first: 3001 3002";
    tm_submit: S = "查询", "Check";
    tm_found: S = "范围内共 {} 件可能冲突，列出前 {} 件", "{} marks in scope may conflict; the first {} are listed";
    tm_compared: S = "比较用的形式：", "Compared as:";
    tm_pinyin: S = "拼音", "pinyin";
    tm_sound: S = "读音编码", "sound code";
    tm_scope: S = "范围：", "scope:";
    tm_all_classes: S = "全部类别", "all classes";
    tm_none: S = "范围内没有找到近似商标。", "No similar mark in this scope.";
    tm_candidate: S = "在先商标", "Earlier mark";
    tm_similarity: S = "近似度", "Similarity";
    tm_classes: S = "类别 / 类似群", "Classes / groups";
    tm_reasons: S = "理由", "Reasons";
    tm_same_group: S = "同一类似群", "same group";
    tm_other_group: S = "同类别、不同类似群", "same class, another group";
    tm_edits: S = "（{} 处差异）", "({} edits)";
    matchers: Pairs = &[
        ("exact", "文字相同"), ("pinyin", "拼音相同"), ("transliteration", "音译相同"), ("phonetic", "读音相同"),
        ("pinyin_loose", "拼音近似（易混读音）"), ("fuzzy", "拼写近似"), ("pinyin_fuzzy", "拼音拼写近似"), ("prefix", "前缀相同"),
        ("contains", "包含"),
    ], &[
        ("exact", "same mark"), ("pinyin", "same pinyin"), ("transliteration", "transliteration"), ("phonetic", "same sound"),
        ("pinyin_loose", "pinyin alike (sounds often confused)"), ("fuzzy", "close spelling"), ("pinyin_fuzzy", "close pinyin"), ("prefix", "same beginning"),
        ("contains", "contains"),
    ];
    similar_link: S = "相似文献", "Similar documents";
    similar_title: S = "与 {} 相似的文献", "Documents similar to {}";
    similar_terms: S = "据以比较的词语：", "Compared on the terms:";
    similar_score: S = "相似度得分", "score";
    similar_same_family: S = "同族", "same family";

    ind_title: S = "知识产权统计指标", "IP statistics indicators";
    ind_intro: S = "来自官方统计表和注册库的指标，按年份绘图；比率类指标与全国（或世界）对比。", "Indicators from the official statistics tables and the registry, by year; rates are compared with China (or the world).";
    ind_region: S = "地区", "Region";
    ind_region_help: S = "省份名称，留空为全国", "a province; empty for China";
    ind_year: S = "年份", "Year";
    ind_year_help: S = "只看某一年，可留空", "only one year; may be empty";
    ind_submit: S = "查看", "Show";

    login_title: S = "登录", "Sign in";
    login_already: S = "您已以 {} 的身份登录。", "You are signed in as {}.";
    login_hint: S = "公众访客无需登录即可检索和浏览。账户由管理员创建。", "Visitors can search and read without signing in. Accounts are created by administrators.";
    user_name: S = "用户名", "User name";
    password: S = "密码", "Password";
    display_name: S = "显示名称", "Display name";
    role: S = "角色", "Role";
    created: S = "创建时间", "Created";
    holder_names: S = "权利人名称", "Holder names";
    holder_names_help: S = "每行一个；管理员创建时即视为已核验", "one per line; verified at once when an administrator creates the user";
    verified: S = "已核验", "verified";
    unverified: S = "待核验", "awaiting verification";
    none: S = "无", "none";
    account_title: S = "我的账户", "My account";
    account_me: S = "账户信息", "Account";
    claim_holder_name: S = "申请绑定权利人名称", "Claim a holder name";
    claim_holder_help: S = "与登记簿中的权利人名称一致；管理员核验后生效", "as it appears in the register; it counts once an administrator verifies it";
    claim_button: S = "提交", "Claim";
    claim_done: S = "已提交，等待管理员核验。", "Claimed; an administrator will verify it.";
    tokens_title: S = "API 令牌", "API tokens";
    tokens_intro: S = "程序以 Authorization: Bearer 令牌 调用开放接口。令牌只在创建时显示一次。", "Programs call the API with Authorization: Bearer <token>. A token is shown once, when it is created.";
    tokens_none: S = "还没有令牌。", "No tokens yet.";
    token_label: S = "名称", "Label";
    token_days: S = "有效期（天）", "Valid for (days)";
    token_create: S = "创建令牌", "Create a token";
    token_created: S = "已创建令牌“{}”。请立即复制，离开本页后将无法再次查看：", "Token \"{}\" created. Copy it now; it will not be shown again:";
    token_copy: S = "新令牌", "New token";
    expires: S = "到期", "Expires";
    never: S = "永不", "never";
    state: S = "状态", "State";
    actions: S = "操作", "Actions";
    active: S = "有效", "active";
    revoked: S = "已撤销", "revoked";
    disabled: S = "已停用", "disabled";
    revoke: S = "撤销", "Revoke";
    revoke_named: S = "撤销令牌 {}", "Revoke the token {}";
    password_title: S = "修改密码", "Change password";
    password_current: S = "当前密码", "Current password";
    password_new: S = "新密码", "New password";
    password_policy: S = "至少 12 个字符，不能过于常见或包含用户名。修改后需重新登录。", "At least 12 characters, not a common password, not containing the user name. You sign in again afterwards.";
    password_rules: S = "至少 12 个字符，不能过于常见或包含用户名。", "At least 12 characters, not a common password, not containing the user name.";
    password_change: S = "修改密码", "Change password";

    admin_title: S = "系统管理", "Administration";
    admin_users: S = "用户", "Users";
    admin_create_user: S = "新建用户", "Create a user";
    admin_ingest: S = "数据导入任务", "Ingest jobs";
    admin_audit: S = "审计日志（最近）", "Audit log (latest)";
    admin_done_user: S = "用户已创建。", "The user was created.";
    admin_done_role: S = "角色已修改，该用户需重新登录。", "The role was changed; the user signs in again.";
    admin_done_holder: S = "权利人名称已核验。", "The holder name is verified.";
    admin_done_ingest: S = "导入任务已开始。", "The ingest job has started.";
    role_of: S = "{} 的角色", "Role of {}";
    change_role: S = "修改", "Change";
    change_role_of: S = "修改 {} 的角色", "Change the role of {}";
    verify_name: S = "核验", "Verify";
    verify_named: S = "核验权利人名称 {}", "Verify the holder name {}";
    jobs_none: S = "本次运行以来没有导入任务。", "No ingest jobs since the portal started.";
    job_source: S = "来源", "Source";
    job_started: S = "开始", "Started";
    job_progress: S = "进度", "Progress";
    job_progress_of: S = "任务 {} 的进度", "Progress of job {}";
    job_summary: S = "新增 {}，更新 {}，未变 {}，失败 {}", "{} new, {} updated, {} unchanged, {} failed";
    job_records: S = "记录数", "Records";
    job_states: Pairs = &[("running", "运行中"), ("done", "已完成"), ("failed", "失败")], &[("running", "running"), ("done", "done"), ("failed", "failed")];
    ingest_path: S = "导入路径", "Path to ingest";
    ingest_path_help: S = "导入目录 {} 之下的文件或目录（相对路径）", "a file or directory under the import root {} (relative)";
    ingest_start: S = "开始导入", "Start";
    ingest_no_root: S = "未配置导入目录：以 silkport serve --import-root 目录 启动后可在此导入，或通过接口上传文件。", "No import root: start with silkport serve --import-root DIR to ingest from here, or upload through the API.";
    when: S = "时间", "When";
    actor: S = "操作者", "Actor";
    action: S = "操作", "Action";
    subject: S = "对象", "Subject";

    error_not_found: S = "未找到", "Not found";
    error_unauthenticated: S = "需要登录", "Sign-in needed";
    error_forbidden: S = "无权访问", "Not allowed";
    error_rate_limited: S = "请求过于频繁", "Too many requests";
    error_bad_request: S = "请求有误", "The request is not valid";
    error_server: S = "服务器出错", "Server error";
    error_code: S = "错误代码", "Error code";
}

/// The Russian welcome page's text.
pub struct Welcome {
    pub title: &'static str,
    pub skip: &'static str,
    pub heading: &'static str,
    pub lead: &'static str,
    pub languages: &'static str,
    pub to_zh: &'static str,
    pub to_en: &'static str,
    pub search: &'static str,
    pub search_text: &'static str,
    pub verify: &'static str,
    pub verify_text: &'static str,
}

pub static RU_WELCOME: Welcome = Welcome {
    title: "Добро пожаловать · Международный порт интеллектуальной собственности Шёлкового пути",
    skip: "Перейти к содержанию",
    heading: "Добро пожаловать в Международный порт интеллектуальной собственности Шёлкового пути",
    lead:
        "Порт объединяет реестры патентов, товарных знаков, географических указаний, авторских прав и сортов растений: \
           поиск на разных языках, патентная навигация, статистика и проверяемый журнал изменений прав.",
    languages: "Интерфейс портала доступен на китайском и английском языках.",
    to_zh: "Портал на китайском языке",
    to_en: "Портал на английском языке",
    search: "Поиск",
    search_text: "Поиск по всем правам (интерфейс на английском)",
    verify: "Проверка квитанции",
    verify_text: "Проверить квитанцию реестра прямо в браузере",
};

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn accept_language_and_cookie_choose_the_language() {
        let mut h = HeaderMap::new();
        assert_eq!(negotiate(&h, "zh"), UiLang::Zh);
        assert_eq!(negotiate(&h, "en"), UiLang::En);
        h.insert(header::ACCEPT_LANGUAGE, HeaderValue::from_static("ru;q=1, en-GB;q=0.8, zh-CN;q=0.5"));
        assert_eq!(negotiate(&h, "zh"), UiLang::En);
        h.insert(header::ACCEPT_LANGUAGE, HeaderValue::from_static("en;q=0, zh"));
        assert_eq!(negotiate(&h, "en"), UiLang::Zh);
        h.insert(header::COOKIE, HeaderValue::from_static("x=1; lang=en"));
        assert_eq!(negotiate(&h, "zh"), UiLang::En);
    }

    #[test]
    fn the_switch_keeps_the_query() {
        assert_eq!(
            switch_url("/search?q=%E7%94%B5%E6%B1%A0&lang=zh&page=2", UiLang::En),
            "/search?q=%E7%94%B5%E6%B1%A0&page=2&lang=en"
        );
        assert_eq!(switch_url("/", UiLang::Zh), "/?lang=zh");
        assert_eq!(from_query(Some("q=x&lang=en")), Some(UiLang::En));
        assert_eq!(from_query(Some("lang=ru")), None);
        assert!(wants_russian("/?lang=ru"));
    }

    #[test]
    fn both_tables_are_complete() {
        assert_eq!(fill("{} 与 {}", &["a", "b"]), "a 与 b");
        for (zh, en) in
            [(ZH.kinds, EN.kinds), (ZH.statuses, EN.statuses), (ZH.events, EN.events), (ZH.facets, EN.facets)]
        {
            let keys = |p: Pairs| p.iter().map(|(k, _)| *k).collect::<Vec<_>>();
            assert_eq!(keys(zh), keys(en));
        }
        assert_eq!(ZH.syntax_fields.len(), EN.syntax_fields.len());
        assert_eq!(ZH.verify_steps.len(), EN.verify_steps.len());
        // Every kind, status, event and party role of the model has a name in both languages.
        for k in silkport_model::RightKind::ALL {
            assert_ne!(ZH.kind_label(k.as_str()), k.as_str());
            assert_ne!(EN.kind_label(k.as_str()), k.as_str());
        }
        for e in silkport_model::EventKind::ALL {
            assert_ne!(ZH.event_label(e.as_str()), e.as_str());
        }
        for r in silkport_model::PartyRole::ALL {
            assert_ne!(ZH.role_label(r.as_str()), r.as_str());
        }
    }
}
