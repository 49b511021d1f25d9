//! Chinese help (`silkport --help` in a zh locale, or with `SILKPORT_LANG=zh`): the clap
//! command tree is built from `args.rs` as usual, then every about and help text is replaced
//! from the table below. The table is keyed by command path and argument id, and a test
//! walks the whole tree so that a new command or flag without a Chinese text fails CI.

use clap::Command;

/// Whether help should be Chinese: `SILKPORT_LANG` decides when set, else the locale
/// variables in POSIX order of precedence (`LC_ALL`, `LC_MESSAGES`, `LANG`).
pub fn wanted() -> bool {
    let chosen = ["SILKPORT_LANG", "LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|name| std::env::var(name).ok().filter(|v| !v.is_empty()));
    chosen.is_some_and(|v| v.to_ascii_lowercase().starts_with("zh"))
}

/// `path` is the subcommand path joined by spaces ("" for the top level, "ledger sync");
/// `arg` is the argument's id, or "" for the command's own about text.
const TEXTS: &[(&str, &str, &str)] = &[
    ("", "", "silkport：丝绸之路国际知识产权港（Silk Road International IP Port）。"),
    ("", "data", "数据目录，存放内嵌的 SQLite 注册库。"),
    ("", "database_url", "使用 PostgreSQL 而不是内嵌的 SQLite（postgres://user@host:port/db）。"),
    ("ingest", "", "把各局数据文件或目录导入注册库（自动识别格式，透明读取 .gz）。"),
    ("ingest", "paths", "文件或目录（递归查找）。"),
    ("ingest", "json", "以 JSON 输出汇总（格式稳定，见 docs/cli-json.md）。"),
    ("ingest", "formats", "列出 silkport 能读取的格式后退出。"),
    ("ingest", "no_index", "不更新检索索引（之后可用 `silkport reindex` 重建）。"),
    ("get", "", "显示一项权利的全部字段、各语言文本和法律事件时间线。"),
    (
        "get",
        "id",
        "任意公开号写法（US 8,087,209 B2、US08087209B2）、申请号（CN201410005532.4）或登记号（EU-GI-PDO-IT-0628）。",
    ),
    ("get", "json", "以 JSON 输出记录（通用 JSONL 记录格式，含事件）。"),
    ("stats", "", "按权利类型、受理局、年份和语言统计数量。"),
    ("stats", "json", "以 JSON 输出。"),
    ("navigate", "", "专利导航报告（GB/T 39551-2020）：一个自包含的 HTML 页面，含图表、表格、方法说明和每个图表的数据。"),
    ("navigate", "kind", "报告类型：regional（区域）、industry（产业）、enterprise（企业）或 rd（研发）。"),
    ("navigate", "region", "省或市，中文或英文（甘肃、Gansu、兰州）；区域类报告必填。"),
    ("navigate", "ipc", "IPC 前缀（H01M、H01M10/），可重复；产业类和研发类报告必填。"),
    ("navigate", "applicant", "申请人名称（任意写法，按规范化名称匹配）；企业类报告必填。"),
    ("navigate", "years", "申请年份：2017 或 2010-2017。"),
    ("navigate", "query", "检索式（检索语言，需要检索索引）。"),
    ("navigate", "out", "HTML 报告的输出路径。"),
    ("navigate", "lang", "报告语言：zh（中文）或 en（英文）。"),
    ("navigate", "json", "同时以 JSON 输出报告数据（见 docs/cli-json.md）。"),
    ("indicators", "", "中国或某省的逐年知识产权统计指标，来自注册库和 `silkport ingest` 导入的官方统计表。"),
    ("indicators", "region", "中国（默认）或某省，中文或英文（甘肃、Gansu）。"),
    ("indicators", "year", "只看这一年。"),
    ("indicators", "json", "以 JSON 输出指标（见 docs/cli-json.md）。"),
    ("indicators", "html", "同时写出一个自包含的 HTML 页面，每个指标一张图。"),
    ("indicators", "lang", "文字和 HTML 页面的语言：zh（中文）或 en（英文）。"),
    ("demo", "", "生成确定性的合成演示数据并导入，然后显示其内容。"),
    ("demo", "size", "生成的权利数量。"),
    ("demo", "seed", "随机种子：相同的种子和数量总是生成相同的数据。"),
    ("demo", "json", "以 JSON 输出。"),
    ("demo", "no_index", "不更新检索索引（之后可用 `silkport reindex` 重建）。"),
    ("search", "", "用审查员检索语言（docs/query-language.md）或自由文本检索注册库。"),
    ("search", "query", "检索式：自由文本，或字段代码与运算符（TI=、IPC=H01M*、AND、ADJ2、PD=2010..2015…）。"),
    ("search", "lang", "只要含此语言文本的文献（ISO 639-1：zh、en、de…）。"),
    ("search", "limit", "每页命中数。"),
    ("search", "offset", "跳过的命中数（本页从其后开始）。"),
    ("search", "sort", "排序：相关度，或公开日（最新或最早在前）。"),
    ("search", "plain", "把检索式当作普通词语：不识别运算符、字段代码和截词。"),
    ("search", "no_translate", "只检索检索式本身的语言（不使用跨语言词典）。"),
    ("search", "group_family", "每个专利族一条命中（族内最佳文献及其他命中的成员）；--limit 和 --offset 按族计数。"),
    ("search", "json", "以 JSON 输出结果（见 docs/cli-json.md）。"),
    ("tm-search", "", "商标检索：按尼斯分类和类似群，对可能与某商标冲突的商标和地理标志排序（精确、前缀、模糊、拼音和音近匹配；docs/trademark-search.md）。"),
    ("tm-search", "mark", "申请的商标文字：丝路驼铃、Silu、Champagne。"),
    ("tm-search", "classes", "尼斯分类（1 至 45），可重复；不给 --class 和 --group 时检索所有类别。"),
    ("tm-search", "groups", "类似群（四位数字，如 3001），可重复。"),
    ("tm-search", "limit", "显示的候选数量。"),
    ("tm-search", "json", "以 JSON 输出候选及其理由（见 docs/cli-json.md）。"),
    ("similar", "", "相似文献：与某项权利或一段任意支持语言的文字相似的文献（现有技术候选）。"),
    ("similar", "id", "作为出发点的权利（任意号码写法）；或用 --text。"),
    ("similar", "text", "以一段文字代替权利作为出发点。"),
    ("similar", "lang", "这段文字的语言（ISO 639-1）；不给则自动判断。"),
    ("similar", "limit", "结果数量。"),
    ("similar", "no_translate", "只用原文的语言（不使用跨语言词典）。"),
    ("similar", "json", "以 JSON 输出结果及其依据的词（见 docs/cli-json.md）。"),
    ("export", "", "把检索式的全部结果（不设上限）以 JSON Lines 或 CSV 流式导出。"),
    ("export", "query", "检索式，与 `silkport search` 相同。"),
    ("export", "format", "导出格式：jsonl 或 csv。"),
    ("export", "out", "写入此文件而不是标准输出。"),
    ("export", "sort", "行的顺序：按索引顺序（常量内存流式输出）、相关度、最新或最早。"),
    ("export", "lang", "只要含此语言文本的文献（ISO 639-1）。"),
    ("export", "plain", "把检索式当作普通词语。"),
    ("export", "no_translate", "只检索检索式本身的语言。"),
    ("reindex", "", "从注册库重建检索索引。"),
    ("reindex", "json", "以 JSON 输出。"),
    ("eval", "", "在开发集上评测检索质量（Recall@10、MRR@10；本系统与 BM25 基线）。"),
    ("eval", "shared", "含 eval/ 和 patents/ 的共享数据目录。"),
    ("eval", "json", "以 JSON 输出。"),
    ("ledger", "", "可验证的权利账本：把注册库的变更记入日志，管理密钥，查看一项权利的历史。"),
    ("ledger init", "", "创建账本：在数据目录下建立透明日志和新的 Ed25519 密钥（权限 0600）。"),
    ("ledger init", "origin", "日志的来源名，也是密钥名：不带协议的 URL，如 ipport.example/ledger。"),
    ("ledger init", "json", "以 JSON 输出。"),
    ("ledger sync", "", "先与日志核对，再把尚未记入日志的注册库变更全部记入。"),
    ("ledger sync", "batch", "每批的排队变更数（每批一次追加和一次注册库事务）。"),
    ("ledger sync", "json", "以 JSON 输出。"),
    ("ledger status", "", "日志大小、检查点、密钥和注册库中排队的变更。"),
    ("ledger status", "json", "以 JSON 输出。"),
    ("ledger history", "", "日志所记载的一项权利的历史。"),
    ("ledger history", "id", "权利号（任意写法）。"),
    ("ledger history", "json", "以 JSON 输出。"),
    ("ledger rotate-key", "", "更换日志的签名密钥（旧公钥仍用于验证旧的收据）。"),
    ("audit", "", "从日志重新推导每项权利的历史，报告注册库与之不一致之处。"),
    ("audit", "json", "以 JSON 输出。"),
    ("receipt", "", "把一条日志记录连同其包含证明和见证最多的检查点导出为自包含的存证收据（docs/ledger.md）。"),
    ("receipt", "id", "日志序号、事件键或记录引用（grant:US8087209B2）。"),
    ("receipt", "out", "收据的写入路径（JSON）。"),
    ("verify", "", "用受信任的密钥离线验证存证收据，并说明验证了什么。"),
    ("verify", "receipt", "收据文件。"),
    ("verify", "log_keys", "日志的公钥：密钥字符串，或每行一个密钥的文件（当前和已停用的密钥）。可重复。"),
    ("verify", "witness_keys", "受信任见证者的公钥（密钥字符串或文件）。可重复。"),
    ("verify", "quorum", "至少要有多少个不同的受信任见证者联署（默认：给出的全部）。"),
    ("verify", "json", "以 JSON 输出。"),
    ("user", "", "门户账户：创建账户（密码自动生成，只显示一次）。"),
    ("user add", "", "创建账户，生成的密码只在标准输出显示一次。"),
    ("user add", "name", "用户名：3 至 64 个字母、数字、'.'、'-'、'_'。"),
    ("user add", "role", "角色：holder（权利人）、bank（银行）、examiner（审查员）或 admin（管理员）。"),
    ("user add", "display_name", "门户中显示的名称（默认为用户名）。"),
    ("serve", "", "启动门户：网页界面、JSON 接口（/api/v1）和账本的瓦片（/log/）。"),
    ("serve", "addr", "监听地址。"),
    ("serve", "import_root", "导入任务只能读取此目录下的文件（默认：无，只接受上传）。"),
    ("serve", "insecure_cookies", "会话 Cookie 不带 `Secure`（仅用于非本机的纯 HTTP 开发环境）。"),
    ("serve", "pool", "保持打开的存储连接数（SQLite 默认 4，PostgreSQL 默认 8）。"),
    ("serve", "demo", "注册库为空时导入演示数据（并建立索引）；没有账户时为每个角色创建演示账户（密码写入 DATA/demo-accounts.txt，权限 0600）。"),
    ("serve", "demo_size", "演示数据的规模（与 --demo 一起使用）。"),
    ("serve", "trusted_proxies", "门户前面的反向代理（IP 地址）：限流时以其 X-Forwarded-For 头认定客户端。可重复。"),
    ("serve", "origins", "用户访问门户所用的源（https://ipport.example），允许从此提交表单；默认为请求自身的 Host。可重复。"),
    ("serve-log", "", "通过 HTTP 提供透明日志（C2SP tlog-tiles），并持续把注册库的变更记入日志。"),
    ("serve-log", "addr", "监听地址。"),
    ("serve-log", "witness_keys", "日志保存其联署的见证者（密钥字符串或文件）。可重复。"),
    ("serve-log", "sync_interval_ms", "把注册库排队变更记入日志的间隔，毫秒（0：只在启动时）。"),
    ("serve-log", "push_witnesses", "把每个新检查点推送到此见证者的 C2SP tlog-witness 接口并保存其联署（其密钥须在 --witness-key 中）。可重复。"),
    ("witness", "", "作为见证者跟踪日志：对照上次联署的检查点核验每个新检查点并联署；发现回滚或分叉视图时报警（退出码 3）。"),
    ("witness", "log", "日志的 URL 前缀（/checkpoint 和 /tile/ 所在处）。"),
    ("witness", "log_key", "日志的公钥（密钥字符串或文件；其名称即日志来源名）。"),
    ("witness", "state", "见证者的目录：其密钥（0600）和状态，重启后保留。"),
    ("witness", "name", "见证者密钥的名称，首次生成密钥时使用。"),
    ("witness", "once", "只轮询一次后退出。"),
    ("witness", "interval_ms", "轮询间隔，毫秒。"),
    ("witness", "listen", "同时在此地址上应答 C2SP tlog-witness add-checkpoint 请求。"),
];

/// clap's own strings, the same for every command.
const HELP: &str = "显示帮助";
const VERSION: &str = "显示版本";
const HELP_COMMAND: &str = "显示本帮助，或给定子命令的帮助";
const TEMPLATE: &str = "{about-with-newline}\n用法 Usage: {usage}\n\n{all-args}{after-help}";

fn text(path: &str, arg: &str) -> Option<&'static str> {
    TEXTS.iter().find(|(p, a, _)| *p == path && *a == arg).map(|(_, _, t)| *t)
}

/// The command tree with Chinese help texts; anything missing from the table keeps its
/// English text (the test makes sure nothing is).
pub fn localize(mut cmd: Command) -> Command {
    cmd.build();
    localize_command(cmd, "")
}

fn localize_command(mut cmd: Command, path: &str) -> Command {
    let about = if cmd.get_name() == "help" && !path.is_empty() { Some(HELP_COMMAND) } else { text(path, "") };
    if let Some(about) = about {
        cmd = cmd.about(about);
    }
    cmd = cmd.help_template(TEMPLATE).subcommand_help_heading("命令 Commands");
    let ids: Vec<String> = cmd.get_arguments().map(|a| a.get_id().to_string()).collect();
    for id in ids {
        let zh = match id.as_str() {
            "help" => Some(HELP),
            "version" => Some(VERSION),
            _ => text(path, &id).or_else(|| text("", &id)),
        };
        cmd = cmd.mut_arg(id.as_str(), |arg| {
            let heading = if arg.is_positional() { "参数 Arguments" } else { "选项 Options" };
            let arg = arg.help_heading(heading);
            match zh {
                Some(zh) => arg.help(zh),
                None => arg,
            }
        });
    }
    let names: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_string()).collect();
    for name in names {
        let sub_path = if path.is_empty() { name.clone() } else { format!("{path} {name}") };
        cmd = cmd.mut_subcommand(name.as_str(), |sub| localize_command(sub, &sub_path));
    }
    cmd
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Every (command path, argument id) with help text in English, as the table keys them.
    fn english_keys(cmd: &Command, path: &str, out: &mut Vec<(String, String)>) {
        if path.is_empty() || cmd.get_about().is_some() {
            out.push((path.to_string(), String::new()));
        }
        for arg in cmd.get_arguments() {
            let id = arg.get_id().as_str();
            let global_copy = !path.is_empty() && arg.is_global_set();
            if !matches!(id, "help" | "version") && !global_copy {
                out.push((path.to_string(), id.to_string()));
            }
        }
        for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            let sub_path =
                if path.is_empty() { sub.get_name().to_string() } else { format!("{path} {}", sub.get_name()) };
            english_keys(sub, &sub_path, out);
        }
    }

    #[test]
    fn every_command_and_flag_has_a_chinese_text() {
        let mut cmd = crate::args::Args::command();
        cmd.build();
        let mut keys = Vec::new();
        english_keys(&cmd, "", &mut keys);
        let missing: Vec<_> = keys.iter().filter(|(p, a)| text(p, a).is_none()).collect();
        assert!(missing.is_empty(), "no Chinese help for (command, arg): {missing:?}");
        let stale: Vec<_> = TEXTS.iter().filter(|(p, a, _)| !keys.iter().any(|(kp, ka)| kp == p && ka == a)).collect();
        assert!(stale.is_empty(), "Chinese help for commands or flags that no longer exist: {stale:?}");
    }

    #[test]
    fn chinese_help_replaces_the_english_texts() {
        let mut cmd = localize(crate::args::Args::command());
        let top = cmd.render_help().to_string();
        assert!(top.contains("丝绸之路国际知识产权港"), "{top}");
        assert!(top.contains("命令 Commands"), "{top}");
        assert!(top.contains("把各局数据文件或目录导入注册库"), "{top}");
        let navigate = cmd.find_subcommand_mut("navigate").expect("navigate");
        let help = navigate.render_help().to_string();
        assert!(help.contains("报告类型：regional（区域）"), "{help}");
        assert!(help.contains("数据目录"), "the global flags are translated in subcommands too: {help}");
        assert!(!help.contains("Report type"), "{help}");
    }
}
