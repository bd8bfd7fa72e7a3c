//! Deterministic benchmark space generator for quire.
//!
//! Writes a synthetic GitBook space (README.md, SUMMARY.md, folders of pages)
//! that exercises the dialect quire reads: front matter, mixed English and
//! Traditional Chinese prose, tables, code, lists, hints, steppers, tabs,
//! relative links with anchors, and file names with spaces and CJK text. At
//! realistic frequencies, pages also carry code blocks with titles,
//! expandable sections, figures, embeds, page cards, file downloads,
//! includes, footnotes, task lists, coloured text, emoji and math; the
//! images, files and include files they refer to are written too.
//!
//! With `--plain`, the same prose is written with every GitBook construct
//! turned into plain Markdown (hints become block quotes, tabs and steps
//! become labelled sections, includes are inlined, figures become images),
//! for comparing quire with generators that do not read GitBook's dialect.
//!
//! Usage: gen-space --pages N --out DIR [--seed S] [--plain] [--force]
//!
//! Uses the standard library only, so it can be built with plain `rustc`.
//! The output depends only on the arguments: there is no clock, no hash map
//! iteration and a self-contained PRNG, so runs are byte-identical.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

const USAGE: &str = "usage: gen-space --pages N --out DIR [--seed S] [--plain] [--force]

  --pages N   number of Markdown pages to write (including README.md), N >= 1
  --out DIR   output folder; must be missing or empty
  --seed S    PRNG seed (default 1); same arguments give byte-identical output
  --plain     same prose, with every GitBook tag turned into plain Markdown
  --force     replace DIR if it holds a previous gen-space output (.gen-space marker)";

/// Written into the output folder so `--force` only ever deletes our own output.
const MARKER: &str = ".gen-space";

// Independent PRNG streams, so that changing how one part consumes random
// numbers does not reshuffle everything else.
const STREAM_STRUCTURE: u64 = 1;
const STREAM_OUTLINE: u64 = 2;
const STREAM_BODY: u64 = 3;

// ---------------------------------------------------------------------------
// Word lists (own vocabulary; a few hundred English and Chinese entries).
// Heading-bound words avoid digits, hyphens, underscores and apostrophes so the
// anchor slug of every heading is unambiguous.
// ---------------------------------------------------------------------------

#[rustfmt::skip]
const EN_NOUNS: &[&str] = &[
    "account", "token", "webhook", "contact", "channel", "message", "segment", "campaign",
    "report", "dashboard", "workspace", "project", "member", "role", "permission", "policy",
    "request", "response", "endpoint", "payload", "header", "field", "record", "event",
    "trigger", "rule", "filter", "query", "index", "cache", "queue", "worker", "job",
    "schedule", "template", "variable", "secret", "credential", "session", "cookie", "domain",
    "certificate", "proxy", "gateway", "region", "cluster", "node", "replica", "backup",
    "snapshot", "volume", "bucket", "file", "folder", "export", "import", "integration",
    "plugin", "extension", "connector", "pipeline", "stage", "build", "release", "deployment",
    "environment", "version", "branch", "commit", "review", "comment", "label", "tag",
    "audience", "profile", "attribute", "property", "identifier", "timestamp", "timezone",
    "locale", "language", "currency", "invoice", "payment", "subscription", "plan", "quota",
    "limit", "threshold", "metric", "alert", "incident", "log", "trace", "span", "sample",
    "batch", "script", "command", "option", "flag", "parameter", "argument", "setting",
    "preference", "notification", "reminder", "ticket", "customer", "user", "admin", "owner",
    "team", "organization", "partner", "vendor", "store", "product", "order", "coupon",
    "inventory", "shipment", "widget", "form", "survey", "button", "link", "page", "site",
    "theme", "layout", "search", "result", "error", "status", "task", "handler", "mapping",
];

#[rustfmt::skip]
const EN_VERBS: &[&str] = &[
    "updates", "stores", "returns", "creates", "deletes", "validates", "rejects", "accepts",
    "caches", "syncs", "exports", "imports", "schedules", "triggers", "sends", "receives",
    "retries", "refreshes", "merges", "splits", "filters", "sorts", "groups", "maps", "renders",
    "parses", "encodes", "decodes", "signs", "verifies", "tracks", "records", "reports",
    "notifies", "blocks", "allows", "limits", "reads", "writes", "loads", "indexes", "resolves",
    "routes", "forwards", "publishes", "archives", "restores", "migrates", "normalizes",
    "overrides", "inherits", "requires", "supports", "includes", "exposes", "displays", "hides",
    "checks", "copies", "links",
];

/// Imperative verbs for titles, step headings and command names.
#[rustfmt::skip]
const EN_IMPERATIVES: &[&str] = &[
    "Configure", "Enable", "Disable", "Install", "Upgrade", "Connect", "Create", "Delete",
    "Rename", "Export", "Import", "Verify", "Troubleshoot", "Monitor", "Schedule", "Migrate",
    "Rotate", "Restore", "Review", "Manage", "Invite", "Archive", "Publish", "Sync", "Test",
    "Debug", "Deploy", "Tune", "Limit", "Filter", "Map", "Share", "Set up", "Clean up",
];

#[rustfmt::skip]
const EN_GERUNDS: &[&str] = &[
    "Managing", "Configuring", "Importing", "Exporting", "Debugging", "Monitoring",
    "Scheduling", "Migrating", "Rotating", "Filtering", "Mapping", "Sharing", "Testing",
    "Publishing", "Archiving", "Tracking", "Securing", "Scaling",
];

#[rustfmt::skip]
const EN_ADJECTIVES: &[&str] = &[
    "active", "archived", "custom", "default", "empty", "expired", "external", "global",
    "internal", "invalid", "legacy", "local", "manual", "missing", "nested", "optional",
    "pending", "primary", "private", "public", "recent", "remote", "required", "scheduled",
    "secondary", "secure", "shared", "stale", "static", "temporary", "unique", "unverified",
    "valid", "verified", "dynamic", "automatic", "incremental", "partial", "full", "bulk",
    "daily", "weekly", "monthly", "new", "existing", "duplicate", "inactive", "encrypted",
    "signed", "cached", "hidden", "visible", "regional", "outdated", "consistent", "slow",
];

#[rustfmt::skip]
const EN_ADVERBS: &[&str] = &[
    "automatically", "immediately", "silently", "eventually", "usually", "rarely", "safely",
    "quickly", "manually", "periodically", "asynchronously", "correctly", "directly", "only",
    "already", "still",
];

#[rustfmt::skip]
const EN_OPENERS: &[&str] = &[
    "In most cases,", "By default,", "If necessary,", "Afterwards,", "For example,",
    "In practice,", "As a rule,", "Optionally,", "Once enabled,", "During migration,",
    "On the free plan,", "Behind the scenes,", "At the moment,", "In this release,",
];

/// Trailing clauses; `{n}` is a noun, `{a}` an adjective.
#[rustfmt::skip]
const EN_MODIFIERS: &[&str] = &[
    "for every {n}", "before the {n} expires", "in the {n} settings", "without a valid {n}",
    "after the {n} is saved", "when the {n} changes", "within the same {n}",
    "unless the {n} is {a}", "through the {n} API", "across all {n}s", "per {n}",
    "on each {n} request", "while the {n} is {a}", "as soon as the {n} arrives",
    "if the {n} is {a}", "from the {a} {n}", "so the {n} stays {a}",
];

#[rustfmt::skip]
const EN_ID_SUFFIXES: &[&str] = &[
    "id", "count", "name", "at", "url", "key", "type", "status", "limit", "ids",
];

/// Headings that recur across real spaces, which also produces duplicate
/// heading text inside a page.
#[rustfmt::skip]
const COMMON_HEADINGS: &[&str] = &[
    "Overview", "Prerequisites", "Examples", "Troubleshooting", "Limitations", "Notes",
    "Best practices", "Known issues", "Related topics", "FAQ", "Expected vs actual",
    "Root cause and solution", "常見問題", "注意事項", "設定方式",
];

#[rustfmt::skip]
const HEADING_QUALIFIERS: &[&str] = &[
    "beta", "legacy", "optional", "advanced", "deprecated", "preview", "進階", "舊版",
];

/// Opening headings of hint blocks; never used for section headings.
#[rustfmt::skip]
const HINT_TITLES: &[&str] = &[
    "Before you begin", "Good to know", "Heads up", "Important", "Tip", "Permissions required",
    "Plan availability", "Data retention", "Behaviour change", "提示", "重要提醒",
];

const TAB_SETS: &[&[(&str, &str)]] = &[
    &[("macOS", "bash"), ("Windows", "bash"), ("Linux", "bash")],
    &[("cURL", "bash"), ("Python", "python")],
    &[("YAML", "yaml"), ("JSON", "json")],
    &[("Cloud", ""), ("Self-hosted", "")],
    &[("English", ""), ("中文", "")],
    &[("Request", "bash"), ("Response", "json")],
];

#[rustfmt::skip]
const ICONS: &[&str] = &[
    "book", "rocket", "gear", "shield-check", "circle-info", "code", "bolt", "user-group",
    "chart-line", "plug",
];

#[rustfmt::skip]
const TABLE_HEADERS: &[&str] = &[
    "Field", "Type", "Required", "Default", "Description", "Example", "Since", "欄位", "說明",
    "Status", "Scope", "Limit",
];

#[rustfmt::skip]
const TERMS: &[&str] = &[
    "API", "Webhook", "Token", "SDK", "CLI", "JSON", "YAML", "OAuth", "SSO", "CSV", "URL",
    "Dashboard", "Workspace", "LINE", "Email", "SMS",
];

#[rustfmt::skip]
const ZH_NOUNS: &[&str] = &[
    "聯絡人", "訊息", "帳號", "權限", "標籤", "通知", "報表", "資料", "欄位", "頻道", "會員", "活動", "條件", "範本", "設定",
    "檔案", "資料夾", "使用者", "管理員", "團隊", "組織", "專案", "工作區", "金鑰", "憑證", "網域", "伺服器", "排程", "佇列",
    "紀錄", "日誌", "事件", "規則", "篩選器", "查詢", "索引", "快取", "版本", "分支", "環境", "部署", "備份", "快照", "儲存空間",
    "流量", "額度", "上限", "門檻", "指標", "警示", "客戶", "訂單", "商品", "庫存", "發票", "付款", "訂閱", "方案", "優惠券",
    "問卷", "表單", "按鈕", "連結", "頁面", "網站", "應用程式", "介面", "後台", "儀表板", "參數", "變數", "回應", "請求", "格式",
    "時區", "語言", "幣別", "名單", "分眾", "受眾", "推播", "簡訊", "電子郵件", "好友", "群組", "角色", "政策", "流程", "步驟",
    "狀態", "結果", "錯誤", "原因", "問題", "功能", "服務", "系統", "平台", "工具", "模組", "外掛", "整合", "指南", "說明",
    "文件",
];

#[rustfmt::skip]
const ZH_VERBS: &[&str] = &[
    "建立", "更新", "刪除", "檢查", "確認", "設定", "開啟", "關閉", "選擇", "上傳", "下載", "匯入", "匯出", "同步", "儲存",
    "傳送", "接收", "重試", "驗證", "套用", "移除", "新增", "編輯", "查看", "搜尋", "排序", "合併", "複製", "停用", "啟用",
    "授權", "重新整理", "追蹤", "分析", "監控", "發布", "封存", "還原", "遷移", "調整", "比對", "篩選", "計算", "顯示", "隱藏",
    "指定", "綁定", "解除",
];

#[rustfmt::skip]
const ZH_ADJECTIVES: &[&str] = &[
    "新的", "舊的", "預設的", "自訂的", "必要的", "選填的", "有效的", "無效的", "過期的", "重複的", "完整的", "部分的", "公開的",
    "私人的", "共用的", "暫時的", "正式的", "測試用的", "最新的", "主要的",
];

/// Clause openers: conditional ones pair naturally with the comma clause after them.
#[rustfmt::skip]
const ZH_OPENERS: &[&str] = &[
    "如果", "當", "若", "一般來說，", "預設情況下，", "此外，", "因此，", "在大多數情況下，", "請注意，", "若有需要，", "完成後，", "例如，",
    "目前",
];

#[rustfmt::skip]
const ZH_AUX: &[&str] = &[
    "請先", "系統會", "您可以", "需要", "建議", "可能會", "不會", "將會", "必須", "可以直接", "會",
];

#[rustfmt::skip]
const ZH_ADVERBS: &[&str] = &[
    "自動", "立即", "定期", "手動", "同時", "再次", "逐一", "重新",
];

#[rustfmt::skip]
const ZH_TAILS: &[&str] = &[
    "即可", "為止", "後再試一次", "以避免錯誤", "以確保資料正確", "才會生效", "後生效", "並重新整理頁面",
];

// ---------------------------------------------------------------------------
// Assets, includes and inline decorations
// ---------------------------------------------------------------------------

/// Images written into `.gitbook/assets/`, named the way uploads end up:
/// with spaces and a ` (1)` suffix.
const FIGURES: &[&str] = &[
    "architecture overview.svg",
    "setup flow (1).svg",
    "dashboard.svg",
];

/// Downloadable files written into `.gitbook/assets/`.
const FILES: &[&str] = &[
    "sample-export.csv",
    "postman collection.json",
    "checklist.txt",
];

/// Include files written into `.gitbook/includes/`: (file name, title).
/// Their bodies come from `include_body`; none has a heading, so including
/// one never changes the anchors of a page.
const INCLUDES: &[(&str, &str)] = &[
    ("support-contact.md", "Support contact"),
    ("api-rate-limits.md", "API rate limits"),
    ("data-retention.md", "Data retention"),
    ("beta-notice.md", "Beta notice"),
];

/// Emoji shortcodes and what `--plain` writes instead.
#[rustfmt::skip]
const EMOJI: &[(&str, &str)] = &[
    ("rocket", "🚀"), ("warning", "⚠️"), ("bulb", "💡"), ("white_check_mark", "✅"), ("x", "❌"),
    ("lock", "🔒"), ("tada", "🎉"), ("memo", "📝"), ("house", "🏠"), ("gear", "⚙️"),
];

/// `<mark>` styles: plain colours and theme tokens, as the editor writes them.
#[rustfmt::skip]
const MARK_STYLES: &[&str] = &[
    "color:red;", "color:orange;", "color:green;", "color:blue;", "background-color:yellow;",
    "background-color:$primary;", "color:$danger;", "color:$warning;background-color:$primary;",
];

#[rustfmt::skip]
const MATH_INLINE: &[&str] = &[
    "E=mc^2", "O(n \\log n)", "2^{10} = 1024", "\\frac{n}{60}", "x_{t+1} = 2x_t", "\\sqrt{n}",
];

#[rustfmt::skip]
const MATH_BLOCK: &[&str] = &[
    "\\text{rate} = \\frac{\\text{delivered}}{\\text{sent}} \\times 100\\%",
    "t_{\\text{retry}} = \\min(2^{k} \\cdot 10, 3600)",
    "\\sum_{i=1}^{n} q_i \\le Q",
    "\\bar{x} = \\frac{1}{n}\\sum_{i=1}^{n} x_i",
];

/// Sites that `{% embed %}` blocks point at (besides YouTube).
#[rustfmt::skip]
const EMBED_SITES: &[&str] = &[
    "https://example.com/status", "https://example.com/changelog",
    "https://developers.example.com/reference", "https://community.example.com/latest",
];

// ---------------------------------------------------------------------------
// PRNG: splitmix64, tiny and with good enough statistics for test data.
// ---------------------------------------------------------------------------

fn mix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

struct Rng(u64);

impl Rng {
    /// A generator for one (stream, index) pair, e.g. the body of page 42.
    /// Deriving per page keeps a page's text independent of its neighbours.
    fn derive(seed: u64, stream: u64, index: u64) -> Rng {
        Rng(mix64(seed ^ mix64((stream << 48) ^ index)))
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix64(self.0)
    }

    /// Uniform in 0..n (modulo bias is irrelevant for test data).
    fn below(&mut self, n: usize) -> usize {
        debug_assert!(n > 0);
        (self.next() % n as u64) as usize
    }

    /// Uniform in lo..=hi.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    fn chance(&mut self, num: usize, den: usize) -> bool {
        self.below(den) < num
    }

    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }

    /// 0, 1 or 2 with probabilities 1/4, 1/2, 1/4: "about once per page".
    fn about_one(&mut self) -> usize {
        match self.below(4) {
            0 => 0,
            3 => 2,
            _ => 1,
        }
    }
}

// ---------------------------------------------------------------------------
// Text helpers
// ---------------------------------------------------------------------------

/// GitBook's heading anchor: lowercase, punctuation dropped, whitespace and
/// hyphens become one hyphen, trimmed; letters and digits of any script kept.
fn slug(text: &str) -> String {
    let mut out = String::new();
    let mut pending_hyphen = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if pending_hyphen && !out.is_empty() {
                out.push('-');
            }
            pending_hyphen = false;
            out.extend(c.to_lowercase());
        } else if c.is_whitespace() || c == '-' {
            pending_hyphen = true;
        }
    }
    out
}

/// Repeated slugs within a page get -1, -2, ... in document order.
fn dedupe_slugs(slugs: &[String]) -> Vec<String> {
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    slugs
        .iter()
        .map(|s| {
            let n = seen.entry(s.as_str()).or_insert(0);
            let out = if *n == 0 {
                s.clone()
            } else {
                format!("{s}-{n}")
            };
            *n += 1;
            out
        })
        .collect()
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn plural(noun: &str) -> String {
    let consonant_y = noun.ends_with('y')
        && !matches!(
            noun.as_bytes()[noun.len().saturating_sub(2)],
            b'a' | b'e' | b'o' | b'u'
        );
    if consonant_y {
        format!("{}ies", &noun[..noun.len() - 1])
    } else if noun.ends_with('s')
        || noun.ends_with('x')
        || noun.ends_with("ch")
        || noun.ends_with("sh")
    {
        format!("{noun}es")
    } else {
        format!("{noun}s")
    }
}

fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// Two different nouns, so titles never read "payload payloads".
fn two_nouns(rng: &mut Rng) -> (&'static str, &'static str) {
    let a = rng.pick(EN_NOUNS);
    loop {
        let b = rng.pick(EN_NOUNS);
        if b != a {
            return (a, b);
        }
    }
}

fn ident(rng: &mut Rng) -> String {
    format!("{}_{}", rng.pick(EN_NOUNS), rng.pick(EN_ID_SUFFIXES))
}

/// Relative link from one page file to another, both '/'-separated paths
/// from the space root.
fn rel_path(from: &str, to: &str) -> String {
    let mut from_dir: Vec<&str> = from.split('/').collect();
    from_dir.pop();
    let to_parts: Vec<&str> = to.split('/').collect();
    let to_dir_len = to_parts.len() - 1;
    let common = from_dir
        .iter()
        .zip(&to_parts[..to_dir_len])
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = "../".repeat(from_dir.len() - common);
    out.push_str(&to_parts[common..].join("/"));
    out
}

/// CommonMark destinations cannot contain spaces unless wrapped in <…>.
fn link_dest(target: &str) -> String {
    if target.contains(' ') {
        format!("<{target}>")
    } else {
        target.to_string()
    }
}

/// Folds text into indented lines for a YAML `>-` scalar.
fn fold_yaml(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            out.push_str("  ");
            out.push_str(&line);
            out.push('\n');
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push_str("  ");
        out.push_str(&line);
        out.push('\n');
    }
    out
}

// ---------------------------------------------------------------------------
// Names: titles, headings, folder and file names
// ---------------------------------------------------------------------------

fn zh_word_pair(rng: &mut Rng) -> String {
    format!("{}{}", rng.pick(ZH_NOUNS), rng.pick(ZH_NOUNS))
}

/// An English page title; the file name is derived from it.
fn en_title(rng: &mut Rng) -> String {
    let (n1, n2) = two_nouns(rng);
    match rng.below(8) {
        0 | 1 => format!(
            "{} {} {}",
            rng.pick(EN_IMPERATIVES),
            rng.pick(EN_ADJECTIVES),
            plural(n1)
        ),
        2 => format!("{} {} overview", capitalize(n1), n2),
        3 => format!("Troubleshooting {} {}", n1, plural(n2)),
        4 => format!("{} API reference", capitalize(n1)),
        5 => format!("{} {} (v{})", capitalize(n1), plural(n2), rng.range(1, 4)),
        6 => format!("FAQ: {} {}", n1, plural(n2)),
        _ => format!("{} {} {}", rng.pick(EN_GERUNDS), n1, plural(n2)),
    }
}

/// Returns (title, file stem). About 1 in 50 pages gets a Chinese name with a
/// space, used verbatim as the file name, to exercise path encoding.
fn page_title_and_stem(rng: &mut Rng, taken: &mut BTreeSet<String>) -> (String, String) {
    let (title, stem) = if rng.chance(1, 50) {
        let t = if rng.chance(1, 2) {
            format!("{} {}", zh_word_pair(rng), rng.pick(TERMS))
        } else {
            format!("{} {}", rng.pick(ZH_NOUNS), zh_word_pair(rng))
        };
        (t.clone(), t)
    } else {
        let en = en_title(rng);
        let stem = slug(&en);
        // Mixed-language titles are common in Taiwanese docs; the file name
        // keeps the English part only, as a translator-renamed page would.
        let title = if rng.chance(1, 10) {
            format!("{en} {}", zh_word_pair(rng))
        } else {
            en
        };
        (title, stem)
    };
    (title, unique_name(stem, taken))
}

/// Appends -2, -3, ... until the name is free in its folder.
fn unique_name(base: String, taken: &mut BTreeSet<String>) -> String {
    let mut name = base.clone();
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("{base}-{n}");
        n += 1;
    }
    taken.insert(name.clone());
    name
}

/// Returns (title, directory name). Every 16th folder, starting with the
/// third, has a Chinese name with a space: a fixed rule rather than a coin
/// flip so that even small spaces (a few hundred pages) contain one.
fn folder_title_and_dir(
    rng: &mut Rng,
    index: usize,
    taken: &mut BTreeSet<String>,
) -> (String, String) {
    if index % 16 == 2 {
        let title = format!("{} {}", zh_word_pair(rng), rng.pick(ZH_NOUNS));
        let dir = unique_name(title.clone(), taken);
        return (dir.clone(), dir);
    }
    let title = match rng.below(3) {
        0 => format!(
            "{} {}",
            capitalize(rng.pick(EN_NOUNS)),
            plural(rng.pick(EN_NOUNS))
        ),
        1 => format!("{} {}", rng.pick(EN_GERUNDS), plural(rng.pick(EN_NOUNS))),
        _ => format!(
            "{} {}",
            capitalize(rng.pick(EN_ADJECTIVES)),
            plural(rng.pick(EN_NOUNS))
        ),
    };
    let base = slug(&title);
    let dir = unique_name(base.clone(), taken);
    // Keep titles distinct too when the directory name had to be numbered.
    if dir != base {
        let n = &dir[base.len() + 1..];
        return (format!("{title} {n}"), dir);
    }
    (title, dir)
}

fn group_name(rng: &mut Rng, taken: &mut BTreeSet<String>) -> String {
    let base = match rng.below(5) {
        0 => format!(
            "{} {}",
            capitalize(rng.pick(EN_ADJECTIVES)),
            plural(rng.pick(EN_NOUNS))
        ),
        1 => format!(
            "{} and {}",
            capitalize(&plural(rng.pick(EN_NOUNS))),
            plural(rng.pick(EN_NOUNS))
        ),
        2 => format!(
            "{}{}",
            rng.pick(ZH_NOUNS),
            rng.pick(&["指南", "參考", "管理", "整合"])
        ),
        _ => format!("{} {}", rng.pick(EN_GERUNDS), plural(rng.pick(EN_NOUNS))),
    };
    unique_name(base, taken)
}

/// A `##` heading. Punctuation only appears surrounded by spaces or as
/// parentheses/question marks, so the slug rule has a single reading.
fn section_heading(rng: &mut Rng) -> String {
    let (n1, n2) = two_nouns(rng);
    match rng.below(20) {
        0..=3 => rng.pick(COMMON_HEADINGS).to_string(),
        4..=7 => format!("{} {}", capitalize(rng.pick(EN_ADJECTIVES)), plural(n1)),
        8..=10 => format!("{} {}", rng.pick(EN_GERUNDS), plural(n1)),
        11 | 12 => format!(
            "{} {} ({})",
            capitalize(n1),
            plural(n2),
            rng.pick(HEADING_QUALIFIERS)
        ),
        13 => format!("{} / {}", capitalize(n1), n2),
        14 => format!("{} {} - {}", capitalize(n1), n2, rng.pick(EN_ADJECTIVES)),
        15 => format!("Why is the {n1} {}?", rng.pick(EN_ADJECTIVES)),
        16 => format!("{}{}", rng.pick(ZH_NOUNS), rng.pick(ZH_NOUNS)),
        17 => format!("{}與{}", rng.pick(ZH_NOUNS), rng.pick(ZH_NOUNS)),
        18 => format!("{} {}", rng.pick(TERMS), rng.pick(ZH_NOUNS)),
        _ => format!(
            "{} {} and {}",
            capitalize(n1),
            plural(n2),
            plural(rng.pick(EN_NOUNS))
        ),
    }
}

/// A `###` heading: more often one of the recurring names.
fn subsection_heading(rng: &mut Rng) -> String {
    if rng.chance(2, 5) {
        rng.pick(COMMON_HEADINGS).to_string()
    } else {
        section_heading(rng)
    }
}

/// Step headings inside steppers: imperative phrases that the section
/// generator never produces (rejection in `block_heading` guarantees it).
fn step_title(rng: &mut Rng) -> String {
    format!("{} the {}", rng.pick(EN_IMPERATIVES), rng.pick(EN_NOUNS))
}

// ---------------------------------------------------------------------------
// Space plan: groups, folders, pages and each page's heading outline
// ---------------------------------------------------------------------------

struct Section {
    heading: String,
    subs: Vec<String>,
}

struct Page {
    /// '/'-separated path from the space root.
    path: String,
    title: String,
    /// Nesting level in SUMMARY.md: 0 folder README, 1 page, 2 sub-page.
    depth: usize,
    folder: Option<usize>,
    sections: Vec<Section>,
    /// Final anchors of all `##`/`###` headings, in order, after dedupe.
    anchors: Vec<String>,
    /// Texts of those headings, parallel to `anchors`, used as link text.
    anchor_texts: Vec<String>,
    /// Base slugs of the title and section headings: headings inside GitBook
    /// blocks must avoid them, so anchors are the same whether or not a
    /// renderer counts block headings when numbering duplicates.
    reserved: BTreeSet<String>,
}

impl Page {
    fn new(path: String, title: String, depth: usize, folder: Option<usize>) -> Page {
        Page {
            path,
            title,
            depth,
            folder,
            sections: Vec::new(),
            anchors: Vec::new(),
            anchor_texts: Vec::new(),
            reserved: BTreeSet::new(),
        }
    }
}

struct Folder {
    group: usize,
    /// Page index range; `first` is the folder's README.md.
    first: usize,
    end: usize,
}

struct Space {
    pages: Vec<Page>,
    folders: Vec<Folder>,
    groups: Vec<String>,
}

fn plan_space(n: usize, seed: u64) -> Space {
    let mut rng = Rng::derive(seed, STREAM_STRUCTURE, 0);
    let mut pages = vec![Page::new("README.md".into(), "Home".into(), 0, None)];
    let mut folders: Vec<Folder> = Vec::new();
    let mut groups: Vec<String> = Vec::new();
    let mut folder_dirs = BTreeSet::new();
    let mut group_names = BTreeSet::new();
    let mut folders_left_in_group = 0;
    let mut remaining = n - 1;
    while remaining > 0 {
        if folders_left_in_group == 0 {
            groups.push(group_name(&mut rng, &mut group_names));
            folders_left_in_group = rng.range(4, 6);
        }
        let size = folder_size(&mut rng, remaining);
        remaining -= size;
        let index = folders.len();
        let (title, dir) = folder_title_and_dir(&mut rng, index, &mut folder_dirs);
        let first = pages.len();
        pages.push(Page::new(format!("{dir}/README.md"), title, 0, Some(index)));
        plan_folder_pages(&mut rng, &dir, size - 1, index, &mut pages);
        folders.push(Folder {
            group: groups.len() - 1,
            first,
            end: pages.len(),
        });
        folders_left_in_group -= 1;
    }
    for (i, page) in pages.iter_mut().enumerate() {
        plan_outline(page, &mut Rng::derive(seed, STREAM_OUTLINE, i as u64));
    }
    Space {
        pages,
        folders,
        groups,
    }
}

/// About 40 pages per folder; the last folder absorbs the remainder rather
/// than leaving a tiny one.
fn folder_size(rng: &mut Rng, remaining: usize) -> usize {
    if remaining <= 50 {
        return remaining;
    }
    rng.range(30, 50).min(remaining - 15)
}

/// Fills a folder with `slots` pages; 1 in 8 pages gets one or two sub-pages.
fn plan_folder_pages(rng: &mut Rng, dir: &str, slots: usize, folder: usize, pages: &mut Vec<Page>) {
    // One namespace for file stems and sub-folder names, so `x.md` and `x/` never clash.
    let mut taken = BTreeSet::from(["README".to_string(), "readme".to_string()]);
    let mut left = slots;
    while left > 0 {
        left -= 1;
        let (title, stem) = page_title_and_stem(rng, &mut taken);
        let kids = if left > 0 && rng.chance(1, 8) {
            rng.range(1, 2).min(left)
        } else {
            0
        };
        if kids == 0 {
            pages.push(Page::new(
                format!("{dir}/{stem}.md"),
                title,
                1,
                Some(folder),
            ));
            continue;
        }
        // GitBook writes a parent either as `x.md` beside `x/` or as `x/README.md`.
        let parent = if rng.chance(1, 2) {
            format!("{dir}/{stem}/README.md")
        } else {
            format!("{dir}/{stem}.md")
        };
        pages.push(Page::new(parent, title, 1, Some(folder)));
        let mut kid_taken = BTreeSet::from(["README".to_string(), "readme".to_string()]);
        for _ in 0..kids {
            let (t, s) = page_title_and_stem(rng, &mut kid_taken);
            pages.push(Page::new(
                format!("{dir}/{stem}/{s}.md"),
                t,
                2,
                Some(folder),
            ));
        }
        left -= kids;
    }
}

/// Picks 3–6 sections with 0–2 subsections each and computes their anchors.
fn plan_outline(page: &mut Page, rng: &mut Rng) {
    let title_slug = slug(&page.title);
    let not_title = |rng: &mut Rng, make: fn(&mut Rng) -> String| loop {
        let h = make(rng);
        if slug(&h) != title_slug {
            return h;
        }
    };
    for _ in 0..rng.range(3, 6) {
        let heading = not_title(rng, section_heading);
        let subs = (0..rng.range(0, 2))
            .map(|_| not_title(rng, subsection_heading))
            .collect();
        page.sections.push(Section { heading, subs });
    }
    // Now and then reuse an earlier heading verbatim so pages carry the
    // duplicate-anchor case (-1, -2) even without a common heading repeat.
    if rng.chance(1, 6) {
        let last = page.sections.len() - 1;
        let copy = page.sections[rng.below(last)].heading.clone();
        let subs = &mut page.sections[last].subs;
        match subs.last_mut() {
            Some(sub) => *sub = copy,
            None => subs.push(copy),
        }
    }
    let texts: Vec<String> = page
        .sections
        .iter()
        .flat_map(|s| std::iter::once(s.heading.clone()).chain(s.subs.iter().cloned()))
        .collect();
    let base: Vec<String> = texts.iter().map(|t| slug(t)).collect();
    page.reserved = base.iter().cloned().collect();
    page.reserved.insert(title_slug);
    page.anchors = dedupe_slugs(&base);
    page.anchor_texts = texts;
}

// ---------------------------------------------------------------------------
// SUMMARY.md
// ---------------------------------------------------------------------------

fn render_summary(space: &Space) -> String {
    let mut out = String::from("# Table of contents\n\n* [Home](README.md)\n");
    let mut current_group = usize::MAX;
    for folder in &space.folders {
        if folder.group != current_group {
            current_group = folder.group;
            out.push_str(&format!("\n## {}\n\n", space.groups[current_group]));
        }
        for page in &space.pages[folder.first..folder.end] {
            let indent = "  ".repeat(page.depth);
            out.push_str(&format!(
                "{indent}* [{}]({})\n",
                page.title,
                link_dest(&page.path)
            ));
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Page bodies
// ---------------------------------------------------------------------------

/// Something placed in one slot (intro, section or subsection) of a page.
enum Feature {
    Table,
    Code,
    Bullets,
    Numbered,
    Tasks,
    Hint,
    Stepper,
    Tabs,
    Rule,
    Details,
    Figure,
    Embed,
    PageCard,
    File,
    Include,
    Math,
}

/// A sentence appended to a slot's first paragraph.
enum Inline {
    Link {
        target: usize,
        anchor: Option<usize>,
    },
    SelfAnchor(usize),
    BareUrl,
    Math,
}

struct PageWriter<'a> {
    space: &'a Space,
    me: usize,
    rng: Rng,
    out: String,
    /// Prose words written so far (Chinese counts one per word-list entry).
    words: usize,
    /// `--plain`: plain Markdown instead of GitBook blocks.
    plain: bool,
    /// This page colours some words with `<mark>`.
    marks: bool,
    /// This page starts some list items with an emoji.
    emoji: bool,
    /// Footnotes still to place, and the definitions of those placed.
    footnotes_left: usize,
    footnotes: Vec<String>,
}

fn render_page(space: &Space, index: usize, seed: u64, plain: bool) -> String {
    let mut w = PageWriter {
        space,
        me: index,
        rng: Rng::derive(seed, STREAM_BODY, index as u64),
        out: String::with_capacity(8192),
        words: 0,
        plain,
        marks: false,
        emoji: false,
        footnotes_left: 0,
        footnotes: Vec::new(),
    };
    w.write();
    w.out
}

impl PageWriter<'_> {
    fn page(&self) -> &Page {
        &self.space.pages[self.me]
    }

    fn deco(&self) -> Deco {
        Deco {
            on: true,
            mark: self.marks,
            plain: self.plain,
        }
    }

    fn write(&mut self) {
        let budget = self.rng.range(300, 800);
        // Page-wide habits: some writers colour words, some like emoji,
        // some add footnotes.
        self.marks = self.rng.chance(1, 6);
        self.emoji = self.rng.chance(1, 8);
        self.footnotes_left = if self.rng.chance(1, 8) {
            self.rng.range(1, 2)
        } else {
            0
        };
        self.front_matter();
        let title = self.page().title.clone();
        self.out.push_str(&format!("# {title}\n\n"));

        // Slots: the intro, then every section and subsection in order.
        let mut slots: Vec<Option<(usize, String)>> = vec![None];
        for s in &self.page().sections {
            slots.push(Some((2, s.heading.clone())));
            slots.extend(s.subs.iter().map(|h| Some((3, h.clone()))));
        }
        let (mut features, mut inlines, mut related) = self.plan_slots(slots.len());
        for (k, slot) in slots.iter().enumerate() {
            if let Some((level, text)) = slot {
                self.out
                    .push_str(&format!("{} {text}\n\n", "#".repeat(*level)));
            }
            let target = budget * (k + 1) / slots.len();
            let first_budget = target.saturating_sub(self.words).max(12);
            self.paragraph(first_budget, std::mem::take(&mut inlines[k]));
            if let Some(links) = related.take() {
                self.related_list(links);
            }
            for (j, f) in std::mem::take(&mut features[k]).into_iter().enumerate() {
                // Prose between blocks: two bullet lists separated only by a
                // blank line would merge into one list.
                if j > 0 {
                    self.paragraph(12, Vec::new());
                }
                self.feature(f);
            }
            while self.words < target {
                self.paragraph(target - self.words, Vec::new());
            }
        }
        // Footnote definitions go last, as GitBook writes them.
        for (i, def) in std::mem::take(&mut self.footnotes).iter().enumerate() {
            self.out.push_str(&format!("[^{}]: {def}\n\n", i + 1));
        }
    }

    fn front_matter(&mut self) {
        self.out.push_str("---\ndescription: >-\n");
        let text = if self.rng.chance(1, 5) {
            zh_sentence(&mut self.rng, Deco::NONE).0
        } else {
            let (a, _) = en_sentence(&mut self.rng, Deco::NONE);
            let (b, _) = en_sentence(&mut self.rng, Deco::NONE);
            format!("{a} {b}")
        };
        self.out.push_str(&fold_yaml(&text, 78));
        if self.rng.chance(1, 10) {
            let icon = self.rng.pick(ICONS);
            self.out.push_str(&format!("icon: {icon}\n"));
        }
        if self.me != 0 && self.rng.chance(1, 100) {
            self.out.push_str("hidden: true\n");
        }
        self.out.push_str("---\n\n");
    }

    /// Decides which slot gets which block and link. Returns per-slot
    /// features, per-slot inline sentences, and optionally a "Related" list.
    #[allow(clippy::type_complexity)]
    fn plan_slots(
        &mut self,
        n: usize,
    ) -> (Vec<Vec<Feature>>, Vec<Vec<Inline>>, Option<Vec<Inline>>) {
        let mut features: Vec<Vec<Feature>> = (0..n).map(|_| Vec::new()).collect();
        let mut inlines: Vec<Vec<Inline>> = (0..n).map(|_| Vec::new()).collect();
        let rng = &mut self.rng;
        let mut wanted = Vec::new();
        wanted.extend((0..rng.about_one()).map(|_| Feature::Table));
        wanted.extend((0..rng.range(1, 3)).map(|_| Feature::Code));
        wanted.extend((0..rng.range(1, 2)).map(|_| Feature::Bullets));
        wanted.extend((0..rng.below(2)).map(|_| Feature::Numbered));
        wanted.extend((0..rng.about_one()).map(|_| Feature::Hint));
        // Rarer blocks, at roughly the rates seen in real support spaces.
        let optional = [
            (1, 3, Feature::Stepper),
            (1, 4, Feature::Tabs),
            (1, 5, Feature::Rule),
            (1, 10, Feature::Tasks),
            (1, 5, Feature::Details),
            (1, 4, Feature::Figure),
            (1, 12, Feature::Embed),
            (1, 6, Feature::PageCard),
            (1, 20, Feature::File),
            (1, 15, Feature::Include),
            (1, 40, Feature::Math),
        ];
        for (num, den, f) in optional {
            if rng.chance(num, den) {
                wanted.push(f);
            }
        }
        for f in wanted {
            features[rng.below(n)].push(f);
        }

        let mut links = self.pick_links();
        let rng = &mut self.rng;
        let related = if links.len() >= 3 && rng.chance(1, 4) {
            Some(std::mem::take(&mut links))
        } else {
            None
        };
        for l in links {
            inlines[rng.below(n)].push(l);
        }
        for _ in 0..rng.below(3) {
            inlines[rng.below(n)].push(Inline::BareUrl);
        }
        if rng.chance(1, 30) {
            inlines[rng.below(n)].push(Inline::Math);
        }
        let own_anchors = self.space.pages[self.me].anchors.len();
        if own_anchors > 0 && self.rng.chance(1, 5) {
            let a = self.rng.below(own_anchors);
            inlines[0].push(Inline::SelfAnchor(a));
        }
        (features, inlines, related)
    }

    /// 2–5 links to other pages: half within the folder, half anywhere;
    /// 2 in 5 carry an anchor to a real heading of the target.
    fn pick_links(&mut self) -> Vec<Inline> {
        let total = self.space.pages.len();
        if total < 2 {
            return Vec::new();
        }
        let count = self.rng.range(2, 5);
        let (lo, hi) = match self.page().folder {
            Some(f) => (self.space.folders[f].first, self.space.folders[f].end),
            None => (0, total),
        };
        let mut links = Vec::with_capacity(count);
        while links.len() < count {
            let target = if hi - lo > 1 && self.rng.chance(1, 2) {
                self.rng.range(lo, hi - 1)
            } else {
                self.rng.below(total)
            };
            if target == self.me {
                continue;
            }
            let n_anchors = self.space.pages[target].anchors.len();
            let anchor = if n_anchors > 0 && self.rng.chance(2, 5) {
                Some(self.rng.below(n_anchors))
            } else {
                None
            };
            links.push(Inline::Link { target, anchor });
        }
        links
    }

    /// Markdown link text and destination for an inline reference.
    fn link_markup(&self, target: usize, anchor: Option<usize>) -> String {
        let page = &self.space.pages[target];
        let mut dest = if target == self.me {
            String::new()
        } else {
            rel_path(&self.page().path, &page.path)
        };
        let text = match anchor {
            Some(a) => {
                dest.push('#');
                dest.push_str(&page.anchors[a]);
                page.anchor_texts[a].clone()
            }
            None => page.title.clone(),
        };
        format!("[{text}]({})", link_dest(&dest))
    }

    fn inline_sentence(&mut self, item: &Inline, chinese: bool) -> String {
        match *item {
            Inline::Link { target, anchor } => {
                let link = self.link_markup(target, anchor);
                if chinese {
                    let lead = self
                        .rng
                        .pick(&["詳細說明請參考", "相關設定請見", "操作步驟請參閱"]);
                    format!("{lead} {link}。")
                } else {
                    let lead = self.rng.pick(&[
                        "For background, see",
                        "The steps are described in",
                        "Related settings live in",
                        "If this does not help, check",
                    ]);
                    format!("{lead} {link}.")
                }
            }
            Inline::SelfAnchor(a) => {
                let link = self.link_markup(self.me, Some(a));
                if chinese {
                    format!("請跳至 {link} 查看細節。")
                } else {
                    format!("Jump to {link} for the details.")
                }
            }
            Inline::BareUrl => {
                let url = format!("https://example.com/docs/{}", self.rng.pick(EN_NOUNS));
                // A space after the URL: GFM autolinks would swallow a full-width "。".
                if chinese {
                    format!("完整規格請見 {url} 的說明。")
                } else {
                    format!("The full schema is published at {url} for reference.")
                }
            }
            Inline::Math => {
                let formula = self.rng.pick(MATH_INLINE);
                let noun = self.rng.pick(EN_NOUNS);
                if chinese {
                    format!("每個 {noun} 的上限約為 $${formula}$$。")
                } else {
                    format!("The {noun} limit grows as $${formula}$$ in the worst case.")
                }
            }
        }
    }

    /// A paragraph of up to `max_words` prose words (at least one sentence);
    /// about 1 in 4 paragraphs is Chinese.
    fn paragraph(&mut self, max_words: usize, inlines: Vec<Inline>) {
        let chinese = self.rng.chance(1, 4);
        let mut sentences = Vec::new();
        let mut used = 0;
        let deco = self.deco();
        for _ in 0..self.rng.range(2, 5) {
            let (s, n) = if chinese {
                zh_sentence(&mut self.rng, deco)
            } else {
                en_sentence(&mut self.rng, deco)
            };
            sentences.push(s);
            used += n;
            if used >= max_words {
                break;
            }
        }
        for item in &inlines {
            sentences.push(self.inline_sentence(item, chinese));
        }
        if self.footnotes_left > 0 && self.rng.chance(1, 4) {
            self.footnotes_left -= 1;
            let note = if self.rng.chance(1, 3) {
                zh_sentence(&mut self.rng, Deco::NONE).0
            } else {
                en_sentence(&mut self.rng, Deco::NONE).0
            };
            self.footnotes.push(note);
            sentences[0].push_str(&format!("[^{}]", self.footnotes.len()));
        }
        self.words += used;
        let sep = if chinese { "" } else { " " };
        self.out.push_str(&sentences.join(sep));
        self.out.push_str("\n\n");
    }

    fn feature(&mut self, f: Feature) {
        match f {
            Feature::Table => self.table(),
            Feature::Code => {
                let lang = self.rng.pick(&["bash", "json", "yaml", "python"]);
                if self.rng.chance(1, 3) {
                    self.titled_code_block(lang);
                } else {
                    self.code_block(lang);
                }
            }
            Feature::Bullets => self.list(false),
            Feature::Numbered => self.list(true),
            Feature::Tasks => self.task_list(),
            Feature::Hint => self.hint(),
            Feature::Stepper => self.stepper(),
            Feature::Tabs => self.tabs(),
            Feature::Rule => self.out.push_str("***\n\n"),
            Feature::Details => self.details(),
            Feature::Figure => self.figure(),
            Feature::Embed => self.embed(),
            Feature::PageCard => self.page_card(),
            Feature::File => self.file(),
            Feature::Include => self.include(),
            Feature::Math => {
                let formula = self.rng.pick(MATH_BLOCK);
                self.out.push_str(&format!("$$\n{formula}\n$$\n\n"));
            }
        }
    }

    fn related_list(&mut self, links: Vec<Inline>) {
        self.out.push_str("Related pages:\n\n");
        for l in &links {
            if let Inline::Link { target, anchor } = *l {
                let m = self.link_markup(target, anchor);
                self.out.push_str(&format!("* {m}\n"));
            }
        }
        self.out.push('\n');
    }

    /// One list item's text: a short sentence, sometimes led by a bold label
    /// or, on pages whose writer likes them, an emoji.
    fn list_item(&mut self) -> String {
        let deco = self.deco();
        let (s, n) = if self.rng.chance(1, 5) {
            zh_sentence(&mut self.rng, deco)
        } else {
            en_sentence(&mut self.rng, deco)
        };
        self.words += n;
        let text = if self.rng.chance(1, 4) {
            let label = capitalize(self.rng.pick(EN_NOUNS));
            format!("**{label}**: {s}")
        } else {
            s
        };
        if self.emoji && self.rng.chance(1, 3) {
            let (code, glyph) = EMOJI[self.rng.below(EMOJI.len())];
            if self.plain {
                format!("{glyph} {text}")
            } else {
                format!(":{code}: {text}")
            }
        } else {
            text
        }
    }

    /// 3–6 checklist items, a third of them ticked.
    fn task_list(&mut self) {
        for _ in 0..self.rng.range(3, 6) {
            let done = if self.rng.chance(1, 3) { "x" } else { " " };
            let text = self.list_item();
            self.out.push_str(&format!("* [{done}] {text}\n"));
        }
        self.out.push('\n');
    }

    /// 3–6 items; a third of them carry 1–3 nested bullets.
    fn list(&mut self, numbered: bool) {
        let items = self.rng.range(3, 6);
        for i in 1..=items {
            let text = self.list_item();
            let (marker, child_indent) = if numbered {
                (format!("{i}."), "   ")
            } else {
                ("*".to_string(), "  ")
            };
            self.out.push_str(&format!("{marker} {text}\n"));
            if self.rng.chance(1, 3) {
                for _ in 0..self.rng.range(1, 3) {
                    let child = self.list_item();
                    self.out.push_str(&format!("{child_indent}* {child}\n"));
                }
            }
        }
        self.out.push('\n');
    }

    fn table(&mut self) {
        let cols = self.rng.range(3, 5);
        let rows = self.rng.range(3, 6);
        let mut headers: Vec<&str> = Vec::new();
        while headers.len() < cols {
            let h = self.rng.pick(TABLE_HEADERS);
            if !headers.contains(&h) {
                headers.push(h);
            }
        }
        self.out.push_str(&format!("| {} |\n", headers.join(" | ")));
        let seps: Vec<String> = headers
            .iter()
            .map(|h| "-".repeat(h.chars().count().max(3)))
            .collect();
        self.out.push_str(&format!("| {} |\n", seps.join(" | ")));
        for _ in 0..rows {
            let cells: Vec<String> = headers.iter().map(|h| self.table_cell(h)).collect();
            self.out.push_str(&format!("| {} |\n", cells.join(" | ")));
        }
        self.out.push('\n');
    }

    fn table_cell(&mut self, header: &str) -> String {
        let rng = &mut self.rng;
        match header {
            "Field" => format!("`{}`", ident(rng)),
            "Type" => rng
                .pick(&[
                    "string",
                    "integer",
                    "boolean",
                    "array",
                    "object",
                    "timestamp",
                ])
                .into(),
            "Required" => rng.pick(&["Yes", "No", "Optional"]).into(),
            "Default" => rng
                .pick(&["`null`", "`true`", "`false`", "`0`", "`100`", "—"])
                .into(),
            "Example" => format!("`\"{}-{}\"`", rng.pick(EN_NOUNS), rng.range(1, 999)),
            "Since" => format!("v{}.{}", rng.range(1, 4), rng.range(0, 12)),
            "欄位" => rng.pick(ZH_NOUNS).into(),
            "說明" => format!(
                "{}{}{}",
                rng.pick(ZH_AUX),
                rng.pick(ZH_VERBS),
                rng.pick(ZH_NOUNS)
            ),
            "Status" => rng.pick(&["GA", "Beta", "Deprecated", "Preview"]).into(),
            "Scope" => plural(rng.pick(EN_NOUNS)),
            "Limit" => format!("{} / min", rng.range(1, 100) * 10),
            _ => {
                // Description: a short phrase, sometimes with an escape or a line break.
                let mut s = format!(
                    "{} {}",
                    capitalize(rng.pick(EN_ADJECTIVES)),
                    rng.pick(EN_NOUNS)
                );
                if rng.chance(1, 4) {
                    s.push_str(&format!(" for `{}`", ident(rng)));
                }
                if rng.chance(1, 6) {
                    s.push_str(&format!("<br>Maps to {}", ident(rng).replace('_', "\\_")));
                }
                s
            }
        }
    }

    fn code_block(&mut self, lang: &str) {
        let lines = self.rng.range(3, 15);
        let body = match lang {
            "bash" => bash_lines(&mut self.rng, lines),
            "json" => json_lines(&mut self.rng, lines),
            "yaml" => yaml_lines(&mut self.rng, lines),
            _ => python_lines(&mut self.rng, lines),
        };
        self.out.push_str(&format!("```{lang}\n"));
        for line in body {
            self.out.push_str(&line);
            self.out.push('\n');
        }
        self.out.push_str("```\n\n");
    }

    /// A code block in a `{% code %}` wrapper: a title (usually), line
    /// numbers, wrapping, sometimes folded. Plain Markdown keeps the title as
    /// a bold line above the code.
    fn titled_code_block(&mut self, lang: &str) {
        let noun = self.rng.pick(EN_NOUNS);
        let title = if self.rng.chance(3, 4) {
            Some(match lang {
                "bash" => self
                    .rng
                    .pick(&["terminal", "setup.sh", "Shell"])
                    .to_string(),
                "json" => format!("{noun}.json"),
                "yaml" => format!("{noun}.yaml"),
                _ => format!("{noun}_{}.py", self.rng.pick(EN_NOUNS)),
            })
        } else {
            None
        };
        let wrap = self.rng.chance(1, 3);
        let numbers = self.rng.chance(1, 2);
        let expandable = self.rng.chance(1, 8);
        if self.plain {
            if let Some(t) = &title {
                self.out.push_str(&format!("**{t}**\n\n"));
            }
            self.code_block(lang);
            return;
        }
        let mut attrs = Vec::new();
        if let Some(t) = &title {
            attrs.push(format!("title=\"{t}\""));
        }
        if wrap {
            attrs.push("overflow=\"wrap\"".to_string());
        }
        if numbers || attrs.is_empty() {
            attrs.push("lineNumbers=\"true\"".to_string());
        }
        if expandable {
            attrs.push("expandable=\"true\"".to_string());
        }
        self.out
            .push_str(&format!("{{% code {} %}}\n", attrs.join(" ")));
        self.code_block(lang);
        self.trim_blank_line();
        self.out.push_str("{% endcode %}\n\n");
    }

    /// A `###` heading for use inside a block, never colliding with the
    /// page's own anchors; None if no free text turned up.
    fn block_heading(&mut self, make: fn(&mut Rng) -> String) -> Option<String> {
        for _ in 0..8 {
            let h = make(&mut self.rng);
            if !self.page().reserved.contains(&slug(&h)) {
                return Some(h);
            }
        }
        None
    }

    /// Turns everything written since `start` into a block quote (plain
    /// Markdown's stand-in for a hint).
    fn quote_from(&mut self, start: usize) {
        let body = self.out.split_off(start);
        for line in body.trim_end_matches('\n').lines() {
            if line.is_empty() {
                self.out.push_str(">\n");
            } else {
                self.out.push_str("> ");
                self.out.push_str(line);
                self.out.push('\n');
            }
        }
        self.out.push('\n');
    }

    fn hint(&mut self) {
        let style = self.rng.pick(&["info", "success", "warning", "danger"]);
        let start = self.out.len();
        if !self.plain {
            self.out
                .push_str(&format!("{{% hint style=\"{style}\" %}}\n"));
        }
        if self.rng.chance(1, 3) {
            if let Some(h) = self.block_heading(|r| r.pick(HINT_TITLES).to_string()) {
                if self.plain {
                    self.out.push_str(&format!("**{h}**\n\n"));
                } else {
                    self.out.push_str(&format!("### {h}\n\n"));
                }
            }
        } else if self.rng.chance(1, 2) {
            let label = self.rng.pick(HINT_TITLES);
            self.out.push_str(&format!("**{label}**\n\n"));
        }
        let words = self.rng.range(15, 40);
        self.paragraph(words, Vec::new());
        if self.plain {
            self.quote_from(start);
            return;
        }
        self.trim_blank_line();
        self.out.push_str("{% endhint %}\n\n");
    }

    fn stepper(&mut self) {
        if !self.plain {
            self.out.push_str("{% stepper %}\n");
        }
        let steps = self.rng.range(2, 4);
        for i in 0..steps {
            if !self.plain {
                self.out.push_str("{% step %}\n");
            }
            let heading = self.block_heading(step_title);
            match (&heading, self.plain) {
                (Some(h), false) => self.out.push_str(&format!("### {h}\n\n")),
                (Some(h), true) => self.out.push_str(&format!("**{}. {h}**\n\n", i + 1)),
                (None, true) => self.out.push_str(&format!("**Step {}**\n\n", i + 1)),
                (None, false) => {}
            }
            let words = self.rng.range(10, 30);
            self.paragraph(words, Vec::new());
            if self.rng.chance(1, 3) {
                let lang = self.rng.pick(&["bash", "yaml"]);
                self.code_block(lang);
            }
            if self.plain {
                continue;
            }
            self.trim_blank_line();
            self.out.push_str("{% endstep %}\n");
            if i + 1 < steps {
                self.out.push('\n');
            }
        }
        if !self.plain {
            self.out.push_str("{% endstepper %}\n\n");
        }
    }

    fn tabs(&mut self) {
        let set = TAB_SETS[self.rng.below(TAB_SETS.len())];
        if !self.plain {
            self.out.push_str("{% tabs %}\n");
        }
        for (title, lang) in set {
            if self.plain {
                self.out.push_str(&format!("**{title}**\n\n"));
            } else {
                self.out
                    .push_str(&format!("{{% tab title=\"{title}\" %}}\n"));
            }
            if lang.is_empty() {
                let words = self.rng.range(15, 40);
                self.paragraph(words, Vec::new());
            } else {
                self.code_block(lang);
            }
            if !self.plain {
                self.trim_blank_line();
                self.out.push_str("{% endtab %}\n");
            }
        }
        if !self.plain {
            self.out.push_str("{% endtabs %}\n\n");
        }
    }

    /// An expandable section: a question, an answer, sometimes code.
    fn details(&mut self) {
        let open = if self.rng.chance(1, 6) { " open" } else { "" };
        let summary = if self.rng.chance(1, 4) {
            let noun = self.rng.pick(ZH_NOUNS);
            let verb = self.rng.pick(ZH_VERBS);
            format!("為什麼{noun}沒有{verb}？")
        } else {
            let (n1, n2) = two_nouns(&mut self.rng);
            match self.rng.below(3) {
                0 => format!("Why is the {n1} {}?", self.rng.pick(EN_ADJECTIVES)),
                1 => format!(
                    "How do I {} the {n1} {n2}?",
                    self.rng.pick(EN_IMPERATIVES).to_lowercase()
                ),
                _ => format!(
                    "What happens to {} after {} {n2} update?",
                    plural(n1),
                    article(n2)
                ),
            }
        };
        self.out.push_str(&format!(
            "<details{open}>\n\n<summary>{summary}</summary>\n\n"
        ));
        let words = self.rng.range(15, 40);
        self.paragraph(words, Vec::new());
        if self.rng.chance(1, 3) {
            let lang = self.rng.pick(&["bash", "json"]);
            self.code_block(lang);
        }
        self.out.push_str("</details>\n\n");
    }

    /// An image with a caption, as the editor saves it: a `<figure>`,
    /// sometimes with a width, sometimes in an alignment or frame wrapper.
    fn figure(&mut self) {
        let asset = self.rng.pick(FIGURES);
        let src = rel_path(&self.page().path, &format!(".gitbook/assets/{asset}"));
        let (n1, n2) = two_nouns(&mut self.rng);
        let alt = format!("{} and {} flow", capitalize(n1), n2);
        let caption = if self.rng.chance(1, 4) {
            format!(
                "{}與{}的關係",
                self.rng.pick(ZH_NOUNS),
                self.rng.pick(ZH_NOUNS)
            )
        } else {
            format!("How the {n1} reaches the {n2}")
        };
        let width = match self.rng.below(3) {
            0 => String::new(),
            1 => " width=\"375\"".to_string(),
            _ => " width=\"640\"".to_string(),
        };
        let wrapper = self.rng.below(8);
        if self.plain {
            self.out
                .push_str(&format!("![{alt}]({})\n*{caption}*\n\n", link_dest(&src)));
            return;
        }
        let fig = format!(
            "<figure><img src=\"{src}\" alt=\"{alt}\"{width}><figcaption><p>{caption}</p></figcaption></figure>"
        );
        let line = match wrapper {
            0 => format!("<div align=\"left\">{fig}</div>"),
            1 => format!("<div data-with-frame=\"true\">{fig}</div>"),
            2 => format!("<div data-full-width=\"true\">{fig}</div>"),
            _ => fig,
        };
        self.out.push_str(&line);
        self.out.push_str("\n\n");
    }

    /// A video or a site shown as a card, with an optional caption.
    fn embed(&mut self) {
        const ID: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let url = if self.rng.chance(1, 2) {
            let id: String = (0..11)
                .map(|_| ID[self.rng.below(ID.len())] as char)
                .collect();
            format!("https://www.youtube.com/watch?v={id}")
        } else {
            self.rng.pick(EMBED_SITES).to_string()
        };
        let caption = if self.rng.chance(1, 2) {
            Some(en_sentence(&mut self.rng, Deco::NONE).0)
        } else {
            None
        };
        let block = match (&caption, self.plain) {
            (Some(c), true) => format!("[{c}]({url})"),
            (None, true) => format!("<{url}>"),
            (Some(c), false) => format!("{{% embed url=\"{url}\" %}}\n{c}\n{{% endembed %}}"),
            (None, false) => format!("{{% embed url=\"{url}\" %}}"),
        };
        self.out.push_str(&block);
        self.out.push_str("\n\n");
    }

    /// A card for another page; for a folder's README, half the time in the
    /// folder form (`url="../dir/"`).
    fn page_card(&mut self) {
        let total = self.space.pages.len();
        if total < 2 {
            return;
        }
        let target = loop {
            let t = self.rng.below(total);
            if t != self.me {
                break t;
            }
        };
        let to = &self.space.pages[target];
        let folder_form = self.rng.chance(1, 2);
        let mut dest = rel_path(&self.page().path, &to.path);
        if folder_form && dest.len() > "README.md".len() && dest.ends_with("/README.md") {
            dest.truncate(dest.len() - "README.md".len());
        }
        if self.plain {
            self.out
                .push_str(&format!("[{}]({})\n\n", to.title, link_dest(&dest)));
            return;
        }
        let label = dest.trim_end_matches('/').rsplit('/').next().unwrap_or("");
        self.out.push_str(&format!(
            "{{% content-ref url=\"{dest}\" %}}\n[{label}]({})\n{{% endcontent-ref %}}\n\n",
            link_dest(&dest)
        ));
    }

    /// A download card for a file in `.gitbook/assets/`.
    fn file(&mut self) {
        let asset = self.rng.pick(FILES);
        let src = rel_path(&self.page().path, &format!(".gitbook/assets/{asset}"));
        let caption = if self.rng.chance(2, 3) {
            Some(format!(
                "{} {} {}",
                capitalize(self.rng.pick(EN_ADJECTIVES)),
                self.rng.pick(EN_NOUNS),
                self.rng
                    .pick(&["template", "sample", "export", "checklist"])
            ))
        } else {
            None
        };
        let block = match (&caption, self.plain) {
            (Some(c), true) => format!("[{c}]({})", link_dest(&src)),
            (None, true) => format!("[{asset}]({})", link_dest(&src)),
            (Some(c), false) => format!("{{% file src=\"{src}\" %}}\n{c}\n{{% endfile %}}"),
            (None, false) => format!("{{% file src=\"{src}\" %}}"),
        };
        self.out.push_str(&block);
        self.out.push_str("\n\n");
    }

    /// A reusable block from `.gitbook/includes/`; plain Markdown gets its
    /// text in place.
    fn include(&mut self) {
        let i = self.rng.below(INCLUDES.len());
        if self.plain {
            self.out.push_str(&include_body(i, true));
            self.out.push('\n');
            return;
        }
        let src = rel_path(
            &self.page().path,
            &format!(".gitbook/includes/{}", INCLUDES[i].0),
        );
        self.out.push_str(&format!("{{% include \"{src}\" %}}\n\n"));
    }

    /// Closing tags sit directly under the block's last line, as GitBook writes them.
    fn trim_blank_line(&mut self) {
        if self.out.ends_with("\n\n") {
            self.out.pop();
        }
    }
}

// ---------------------------------------------------------------------------
// Prose
// ---------------------------------------------------------------------------

/// How prose may be formatted.
#[derive(Clone, Copy)]
struct Deco {
    /// Bold, italics, inline code and escapes.
    on: bool,
    /// Some nouns in coloured `<mark>` (pages that use colour at all).
    mark: bool,
    /// `--plain`: `<mark>` without GitBook's style attribute.
    plain: bool,
}

impl Deco {
    /// Unformatted text, for front matter.
    const NONE: Deco = Deco {
        on: false,
        mark: false,
        plain: false,
    };
}

/// `<mark>` around a word. The style is drawn in plain mode too, so both
/// modes consume the same random numbers.
fn mark(rng: &mut Rng, text: &str, plain: bool) -> String {
    let style = rng.pick(MARK_STYLES);
    if plain {
        format!("<mark>{text}</mark>")
    } else {
        format!("<mark style=\"{style}\">{text}</mark>")
    }
}

/// A noun, sometimes formatted: bold, italic, inline code, an escaped
/// identifier such as customer\_id, or coloured.
fn en_noun(rng: &mut Rng, deco: Deco) -> String {
    let noun = rng.pick(EN_NOUNS);
    if !deco.on {
        return noun.to_string();
    }
    match rng.below(100) {
        0..=5 => format!("**{noun}**"),
        6..=9 => format!("*{noun}*"),
        10..=15 => format!("`{}`", ident(rng)),
        16..=18 => ident(rng).replace('_', "\\_"),
        19..=22 if deco.mark => mark(rng, noun, deco.plain),
        _ => noun.to_string(),
    }
}

/// One English sentence and its word count.
fn en_sentence(rng: &mut Rng, deco: Deco) -> (String, usize) {
    let mut parts: Vec<String> = Vec::new();
    if rng.chance(1, 4) {
        parts.push(rng.pick(EN_OPENERS).to_string());
    }
    let subject = en_noun(rng, deco);
    parts.push(match rng.below(4) {
        0 => format!("the {subject}"),
        1 => format!("each {subject}"),
        2 => format!("your {} {subject}", rng.pick(EN_ADJECTIVES)),
        _ => format!("this {subject}"),
    });
    if rng.chance(1, 5) {
        parts.push(rng.pick(EN_ADVERBS).to_string());
    }
    parts.push(rng.pick(EN_VERBS).to_string());
    let object = en_noun(rng, deco);
    parts.push(match rng.below(4) {
        0 => format!("the {} {object}", rng.pick(EN_ADJECTIVES)),
        1 => {
            let noun = rng.pick(EN_NOUNS);
            format!("{} {noun} {object}", article(noun))
        }
        2 => format!("every {object}"),
        _ => format!("the {object}"),
    });
    if rng.chance(1, 2) {
        let m = rng.pick(EN_MODIFIERS);
        parts.push(
            m.replace("{n}", rng.pick(EN_NOUNS))
                .replace("{a}", rng.pick(EN_ADJECTIVES)),
        );
    }
    if deco.on && rng.chance(1, 40) {
        parts.push("(see \\[internal notes])".to_string());
    }
    let sentence = format!("{}.", capitalize(&parts.join(" ")));
    let words = sentence.split_whitespace().count();
    (sentence, words)
}

fn zh_noun(rng: &mut Rng, deco: Deco) -> String {
    let noun = rng.pick(ZH_NOUNS);
    if !deco.on {
        return noun.to_string();
    }
    match rng.below(100) {
        0..=6 => format!("**{noun}**"),
        // Inline code in Chinese text is set off by spaces, as writers do.
        7..=11 => format!(" `{}` ", ident(rng)),
        12..=15 if deco.mark => mark(rng, noun, deco.plain),
        _ => noun.to_string(),
    }
}

/// One Traditional Chinese sentence and its word count (one per list entry).
fn zh_sentence(rng: &mut Rng, deco: Deco) -> (String, usize) {
    let mut s = String::new();
    let words = match rng.below(4) {
        0 => {
            let opener = if rng.chance(1, 2) {
                rng.pick(ZH_OPENERS)
            } else {
                ""
            };
            s += opener;
            s += &zh_noun(rng, deco);
            s += "的";
            s += rng.pick(ZH_NOUNS);
            s += rng.pick(ZH_AUX);
            s += rng.pick(ZH_VERBS);
            s += &zh_noun(rng, deco);
            s += "，";
            s += rng.pick(ZH_AUX);
            s += rng.pick(ZH_VERBS);
            s += rng.pick(ZH_NOUNS);
            s += rng.pick(ZH_TAILS);
            10 + usize::from(!opener.is_empty())
        }
        1 => {
            s += "在";
            s += rng.pick(ZH_NOUNS);
            s += "頁面中，";
            s += rng.pick(ZH_AUX);
            s += rng.pick(ZH_VERBS);
            s += rng.pick(ZH_ADJECTIVES);
            s += &zh_noun(rng, deco);
            7
        }
        2 => {
            // English terms inside Chinese text get spaces around them.
            s += "請在 ";
            s += rng.pick(TERMS);
            s += " 的";
            s += rng.pick(ZH_NOUNS);
            s += "中";
            s += rng.pick(ZH_VERBS);
            s += &zh_noun(rng, deco);
            s += "，";
            s += rng.pick(ZH_TAILS);
            8
        }
        _ => {
            s += &zh_noun(rng, deco);
            s += rng.pick(ZH_AUX);
            s += rng.pick(ZH_ADVERBS);
            s += rng.pick(ZH_VERBS);
            s += rng.pick(ZH_NOUNS);
            s += "，但";
            s += rng.pick(ZH_NOUNS);
            s += "不會";
            s += rng.pick(ZH_VERBS);
            9
        }
    };
    s += "。";
    // Spaced inline code may land next to full-width punctuation; no space there.
    let s = s.trim().replace(" ，", "，").replace(" 。", "。");
    (s, words)
}

// ---------------------------------------------------------------------------
// Code samples: exactly `n` lines, plausible for their language.
// ---------------------------------------------------------------------------

fn value(rng: &mut Rng) -> String {
    match rng.below(5) {
        0 => format!("\"{}-{}\"", rng.pick(EN_NOUNS), rng.range(1, 9999)),
        1 => rng.range(0, 5000).to_string(),
        2 => rng.pick(&["true", "false"]).into(),
        3 => "null".into(),
        _ => format!("\"{}\"", rng.pick(EN_ADJECTIVES)),
    }
}

fn bash_lines(rng: &mut Rng, n: usize) -> Vec<String> {
    let mut out = vec![format!(
        "# {} the {}",
        rng.pick(EN_IMPERATIVES),
        rng.pick(EN_NOUNS)
    )];
    while out.len() < n {
        let noun = rng.pick(EN_NOUNS);
        out.push(match rng.below(6) {
            0 => format!(
                "export {}_{}=\"{}\"",
                noun.to_uppercase(),
                rng.pick(EN_ID_SUFFIXES).to_uppercase(),
                rng.range(100, 999)
            ),
            1 => format!(
                "curl -s https://api.example.com/v1/{} -H \"Authorization: Bearer $TOKEN\"",
                plural(noun)
            ),
            2 => format!(
                "acme {} {} --{} {}",
                rng.pick(EN_IMPERATIVES).to_lowercase().replace(' ', "-"),
                noun,
                rng.pick(EN_NOUNS),
                rng.range(1, 50)
            ),
            3 => format!("echo \"{noun} {}\"", rng.pick(EN_VERBS)),
            4 => format!("mkdir -p ./{}/{}", plural(noun), rng.pick(EN_NOUNS)),
            _ => format!(
                "grep -n \"{}\" logs/{noun}.log | tail -n {}",
                ident(rng),
                rng.range(5, 50)
            ),
        });
    }
    out
}

fn json_lines(rng: &mut Rng, n: usize) -> Vec<String> {
    let entries = n - 2;
    let mut out = vec!["{".to_string()];
    for i in 0..entries {
        let comma = if i + 1 < entries { "," } else { "" };
        out.push(format!("  \"{}\": {}{comma}", ident(rng), value(rng)));
    }
    out.push("}".to_string());
    out
}

/// Valid YAML: distinct top-level keys, each holding either a list or a
/// mapping (never both), with a scalar key to fill a last single line.
fn yaml_lines(rng: &mut Rng, n: usize) -> Vec<String> {
    let mut out = Vec::with_capacity(n);
    let mut keys = BTreeSet::new();
    while out.len() < n {
        let room = n - out.len();
        if room == 1 {
            out.push(format!("{}: {}", ident(rng), value(rng)));
            break;
        }
        let key = loop {
            let k = rng.pick(EN_NOUNS);
            if keys.insert(k) {
                break k;
            }
        };
        out.push(format!("{key}:"));
        let children = rng.range(1, 6).min(room - 1);
        let list = rng.chance(1, 4);
        for _ in 0..children {
            out.push(if list {
                format!("  - {}", rng.pick(EN_NOUNS))
            } else {
                format!("  {}: {}", ident(rng), value(rng))
            });
        }
    }
    out
}

fn python_lines(rng: &mut Rng, n: usize) -> Vec<String> {
    let noun = rng.pick(EN_NOUNS);
    let result = ident(rng);
    let mut out = vec![format!(
        "def {}_{noun}({noun}, {}=None):",
        rng.pick(EN_IMPERATIVES).to_lowercase().replace(' ', "_"),
        ident(rng)
    )];
    while out.len() < n - 1 {
        out.push(match rng.below(4) {
            0 => format!("    {} = {noun}.get(\"{}\")", ident(rng), ident(rng)),
            1 => format!(
                "    # {} {}",
                rng.pick(EN_VERBS),
                plural(rng.pick(EN_NOUNS))
            ),
            2 => format!("    print(f\"{} {{{noun}}}\")", rng.pick(EN_NOUNS)),
            _ => format!(
                "    {result} = {}",
                value(rng)
                    .replace("null", "None")
                    .replace("true", "True")
                    .replace("false", "False")
            ),
        });
    }
    out.push(format!("    return {noun}"));
    out
}

// ---------------------------------------------------------------------------
// Include files and assets
// ---------------------------------------------------------------------------

/// The text of include file `i` (without front matter). In plain mode it is
/// pasted into pages, so GitBook blocks in it become plain Markdown too.
fn include_body(i: usize, plain: bool) -> String {
    match INCLUDES[i].0 {
        "support-contact.md" => {
            "Still stuck? Open a ticket at https://example.com/support with the \
            workspace ID, the time the problem started (with its timezone) and a screenshot. \
            台灣時間週一至週五 09:00–18:00 有專人回覆。\n"
                .to_string()
        }
        "api-rate-limits.md" => "| Plan | Requests per minute | Burst |\n\
            | --- | --- | --- |\n\
            | Free | 60 | 10 |\n\
            | Pro | 600 | 100 |\n\
            | Enterprise | 6000 | 1000 |\n\
            \n\
            Requests over the limit get `429 Too Many Requests` and a `Retry-After` header.\n"
            .to_string(),
        "data-retention.md" => "Deleted records are kept for 30 days and can be restored by an \
            administrator. After 30 days they are removed from backups as well. \
            刪除的資料保留 30 天，期間內可由管理員還原。\n"
            .to_string(),
        _ => {
            let text = "**Beta**\n\nThis feature is in beta: its behaviour may change between \
                releases, and it is not covered by the uptime commitment.";
            if plain {
                format!("> {}\n", text.replace("\n\n", "\n>\n> "))
            } else {
                format!("{{% hint style=\"info\" %}}\n{text}\n{{% endhint %}}\n")
            }
        }
    }
}

/// A small SVG diagram: three boxes joined by arrows, titled after the file.
fn figure_svg(name: &str) -> String {
    let title = name.trim_end_matches(".svg");
    let mut boxes = String::new();
    for (i, label) in ["Client", "Gateway", "Worker"].iter().enumerate() {
        let x = 20 + i * 150;
        boxes.push_str(&format!(
            "  <rect x=\"{x}\" y=\"40\" width=\"110\" height=\"50\" rx=\"6\" fill=\"#e8f1ff\" stroke=\"#2e6be6\"/>\n\
             \x20 <text x=\"{}\" y=\"70\" font-size=\"14\" text-anchor=\"middle\">{label}</text>\n",
            x + 55
        ));
        if i < 2 {
            boxes.push_str(&format!(
                "  <path d=\"M{} 65 H{}\" stroke=\"#667085\" stroke-width=\"2\"/>\n",
                x + 112,
                x + 148
            ));
        }
    }
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"460\" height=\"130\" viewBox=\"0 0 460 130\">\n\
         \x20 <title>{title}</title>\n{boxes}</svg>\n"
    )
}

/// The contents of a downloadable file in `.gitbook/assets/`.
fn file_contents(name: &str) -> String {
    match name.rsplit('.').next() {
        Some("csv") => "id,name,email,created_at\n\
            1001,Ada Lin,ada@example.com,2026-01-05T09:12:00+08:00\n\
            1002,Bruno Costa,bruno@example.com,2026-01-06T14:40:00+00:00\n\
            1003,陳怡君,yichun@example.com,2026-01-07T08:03:00+08:00\n"
            .to_string(),
        Some("json") => "{\n  \"info\": { \"name\": \"Example API\", \"schema\": \"v2.1\" },\n  \
            \"item\": [{ \"name\": \"List records\", \"request\": { \"method\": \"GET\", \
            \"url\": \"https://api.example.com/v1/records\" } }]\n}\n"
            .to_string(),
        _ => "[ ] Workspace ID in the ticket\n[ ] Timestamps with a timezone\n\
            [ ] Personal data replaced with [REDACTED]\n"
            .to_string(),
    }
}

// ---------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------

/// Ensures DIR is missing or empty; with --force, removes it only if it holds
/// our marker. Errors carry the exit code.
fn prepare_out_dir(dir: &Path, force: bool) -> Result<(), (u8, String)> {
    let shown = dir.display();
    match fs::read_dir(dir) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err((2, format!("cannot read {shown}: {e}"))),
        Ok(mut entries) => {
            if entries.next().is_none() {
                return Ok(());
            }
        }
    }
    let ours = dir.join(MARKER).is_file();
    let msg = match (force, ours) {
        (true, true) => {
            return fs::remove_dir_all(dir).map_err(|e| (1, format!("cannot remove {shown}: {e}")));
        }
        (true, false) => format!("refusing to delete {shown}: it has no {MARKER} marker"),
        (false, true) => format!("{shown} holds a previous output; pass --force to replace it"),
        (false, false) => format!("{shown} exists and is not empty; choose a new or empty folder"),
    };
    Err((2, msg))
}

/// Writes every file and returns the total number of bytes written.
fn write_space(space: &Space, dir: &Path, args: &Args) -> io::Result<u64> {
    fs::create_dir_all(dir)?;
    let marker = format!(
        "generated by gen-space --pages {} --seed {}{}\n",
        args.pages,
        args.seed,
        if args.plain { " --plain" } else { "" }
    );
    fs::write(dir.join(MARKER), &marker)?;
    let summary = render_summary(space);
    fs::write(dir.join("SUMMARY.md"), &summary)?;
    let mut bytes = (marker.len() + summary.len()) as u64;
    // Images and downloads; plain Markdown links to the same files.
    let assets = dir.join(".gitbook").join("assets");
    fs::create_dir_all(&assets)?;
    for name in FIGURES {
        let svg = figure_svg(name);
        fs::write(assets.join(name), &svg)?;
        bytes += svg.len() as u64;
    }
    for name in FILES {
        let text = file_contents(name);
        fs::write(assets.join(name), &text)?;
        bytes += text.len() as u64;
    }
    // Include files; plain Markdown has their text pasted into the pages.
    if !args.plain {
        let includes = dir.join(".gitbook").join("includes");
        fs::create_dir_all(&includes)?;
        for (i, (name, title)) in INCLUDES.iter().enumerate() {
            let text = format!("---\ntitle: {title}\n---\n\n{}", include_body(i, false));
            fs::write(includes.join(name), &text)?;
            bytes += text.len() as u64;
        }
    }
    let dirs: BTreeSet<&str> = space
        .pages
        .iter()
        .filter_map(|p| p.path.rsplit_once('/').map(|(parent, _)| parent))
        .collect();
    for parent in dirs {
        fs::create_dir_all(dir.join(parent))?;
    }
    Ok(bytes + write_pages(space, dir, args.seed, args.plain)?)
}

/// Renders and writes all pages on a few threads. File creation dominates
/// on slow disks, and every page depends only on (seed, index), so the
/// output is the same whatever thread writes it.
fn write_pages(space: &Space, dir: &Path, seed: u64, plain: bool) -> io::Result<u64> {
    const CHUNK: usize = 64;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    let next = AtomicUsize::new(0);
    let total = space.pages.len();
    let worker = || -> io::Result<u64> {
        let mut bytes = 0;
        loop {
            let start = next.fetch_add(CHUNK, Ordering::Relaxed);
            if start >= total {
                return Ok(bytes);
            }
            for i in start..(start + CHUNK).min(total) {
                let text = render_page(space, i, seed, plain);
                fs::write(dir.join(&space.pages[i].path), &text)?;
                bytes += text.len() as u64;
            }
        }
    };
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads).map(|_| s.spawn(worker)).collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("writer thread panicked"))
            .sum()
    })
}

// ---------------------------------------------------------------------------
// CLI
// ---------------------------------------------------------------------------

struct Args {
    pages: usize,
    out: PathBuf,
    seed: u64,
    plain: bool,
    force: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut pages = None;
    let mut out = None;
    let mut seed = 1u64;
    let mut plain = false;
    let mut force = false;
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        // Accept both `--flag value` and `--flag=value`.
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let mut value = |name: &str| {
            inline
                .clone()
                .or_else(|| it.next())
                .ok_or(format!("{name} needs a value"))
        };
        match flag.as_str() {
            "--pages" => {
                let v = value("--pages")?;
                pages = Some(
                    v.parse::<usize>()
                        .map_err(|_| format!("--pages: `{v}` is not a number"))?,
                );
            }
            "--out" => out = Some(PathBuf::from(value("--out")?)),
            "--seed" => {
                let v = value("--seed")?;
                seed = v
                    .parse()
                    .map_err(|_| format!("--seed: `{v}` is not a number"))?;
            }
            "--plain" => plain = true,
            "--force" => force = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            _ => return Err(format!("unknown argument `{arg}`")),
        }
    }
    let pages = pages.ok_or("--pages is required")?;
    if pages == 0 {
        return Err("--pages must be at least 1".into());
    }
    let out = out.ok_or("--out is required")?;
    Ok(Args {
        pages,
        out,
        seed,
        plain,
        force,
    })
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(msg) => {
            eprintln!("gen-space: {msg}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    if let Err((code, msg)) = prepare_out_dir(&args.out, args.force) {
        eprintln!("gen-space: {msg}");
        return ExitCode::from(code);
    }
    let start = Instant::now();
    let space = plan_space(args.pages, args.seed);
    match write_space(&space, &args.out, &args) {
        Ok(bytes) => {
            eprintln!(
                "gen-space: {} pages, {} folders, {} bytes in {} ({:.2} s)",
                space.pages.len(),
                space.folders.len(),
                bytes,
                args.out.display(),
                start.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen-space: writing {}: {e}", args.out.display());
            ExitCode::from(1)
        }
    }
}
