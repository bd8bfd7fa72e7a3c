//! Sites of several spaces: which folders of the content are spaces, with
//! their titles and languages.
//!
//! A site is one space unless the content says otherwise, in this order:
//! 1. `docs.yaml` lists the spaces (`spaces:` or `sections:`, each with
//!    `content.directory` or `directory`, and optional `title`, `language`);
//! 2. `LANGS.md` (the older GitBook form) lists language folders as links;
//! 3. without a top-level SUMMARY.md, two or more sub-folders that each have
//!    their own SUMMARY.md are the spaces (`en/`, `zh_TW/`, `jp/`).
//!
//! Each space keeps its own SUMMARY.md, README.md and `.gitbook/` folder.

use crate::config::Config;
use crate::error::Diagnostic;
use serde::Deserialize;

/// One space of the site, as declared or found; resolved further in `load`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SpaceDef {
    /// Folder relative to the content, `/`-separated, no trailing slash;
    /// empty for a site of one space.
    pub dir: String,
    pub title: Option<String>,
    /// BCP 47 tag (`zh-TW`); `None` uses the site's `language`.
    pub language: Option<String>,
}

impl SpaceDef {
    /// `path` (relative to the content) inside this space's folder, or the folder itself.
    pub(crate) fn path(&self, path: &str) -> String {
        if self.dir.is_empty() {
            path.to_string()
        } else {
            format!("{}/{path}", self.dir)
        }
    }

    /// Whether a content path lies inside this space.
    pub(crate) fn contains(&self, source: &str) -> bool {
        self.dir.is_empty()
            || source
                .strip_prefix(&self.dir)
                .is_some_and(|rest| rest.starts_with('/'))
    }
}

/// The spaces of a site and the files that declared them.
#[derive(Debug, Default)]
pub(crate) struct Layout {
    pub spaces: Vec<SpaceDef>,
    /// A site title from `docs.yaml`.
    pub title: Option<String>,
    /// Files that describe the site rather than belong to it (`docs.yaml`, `LANGS.md`).
    pub site_files: Vec<String>,
}

impl Layout {
    fn single() -> Layout {
        Layout {
            spaces: vec![SpaceDef {
                dir: String::new(),
                title: None,
                language: None,
            }],
            ..Default::default()
        }
    }

    pub(crate) fn is_multi(&self) -> bool {
        self.spaces.len() > 1 || self.spaces.iter().any(|s| !s.dir.is_empty())
    }

    /// The space a content path belongs to: the one with the longest folder.
    pub(crate) fn space_of(&self, source: &str) -> Option<usize> {
        self.spaces
            .iter()
            .enumerate()
            .filter(|(_, s)| s.contains(source))
            .max_by_key(|(_, s)| s.dir.len())
            .map(|(i, _)| i)
    }
}

pub(crate) const DOCS_YAML: &str = "docs.yaml";
pub(crate) const LANGS_MD: &str = "LANGS.md";

/// Find the spaces of the site in `config.space`.
pub(crate) fn find(config: &Config) -> (Layout, Vec<Diagnostic>) {
    let content = &config.space;
    let docs = content.join(DOCS_YAML);
    if docs.is_file() {
        let (layout, diagnostics) = from_docs_yaml(config, &docs);
        if !layout.spaces.is_empty() {
            return (layout, diagnostics);
        }
        let mut single = Layout::single();
        single.site_files.push(DOCS_YAML.into());
        return (single, diagnostics);
    }
    let langs = content.join(LANGS_MD);
    let mut diagnostics = vec![];
    if langs.is_file() && !content.join(&config.summary).is_file() {
        match crate::fs::read_text(&langs, config.max_file_bytes()) {
            Ok(text) => {
                let mut layout = from_langs_md(&text, |dir| content.join(dir).is_dir());
                if !layout.spaces.is_empty() {
                    layout.site_files.push(LANGS_MD.into());
                    return (layout, vec![]);
                }
            }
            Err(e) => diagnostics.push(Diagnostic::warning(
                "config",
                config.display_path(&langs),
                format!("ignored: {}", e.message(&langs)),
            )),
        }
    }
    if !content.join(&config.summary).is_file() {
        let spaces = folders_with_summaries(config);
        if spaces.len() >= 2 {
            return (
                Layout {
                    spaces,
                    ..Default::default()
                },
                diagnostics,
            );
        }
    }
    (Layout::single(), diagnostics)
}

#[derive(Debug, Deserialize)]
struct DocsYaml {
    title: Option<String>,
    #[serde(default, alias = "sections")]
    spaces: Vec<DocsEntry>,
}

#[derive(Debug, Deserialize)]
struct DocsEntry {
    title: Option<String>,
    language: Option<String>,
    directory: Option<String>,
    content: Option<DocsContent>,
}

#[derive(Debug, Deserialize)]
struct DocsContent {
    directory: Option<String>,
}

fn from_docs_yaml(config: &Config, path: &std::path::Path) -> (Layout, Vec<Diagnostic>) {
    let shown = config.display_path(path);
    let text = match crate::fs::read_text(path, config.max_file_bytes()) {
        Ok(text) => text,
        Err(e) => {
            return (
                Layout::default(),
                vec![Diagnostic::error("config", &shown, e.message(path))],
            )
        }
    };
    let parsed: DocsYaml = match crate::yaml::from_str::<Option<DocsYaml>>(&text) {
        Ok(Some(parsed)) => parsed,
        Ok(None) => return (Layout::default(), vec![]),
        Err(e) => {
            let d = Diagnostic::error(
                "config",
                &shown,
                format!("not a readable site structure: {}", e.message),
            )
            .at_opt(e.line_col());
            return (Layout::default(), vec![d]);
        }
    };
    let mut diagnostics = vec![];
    let mut spaces: Vec<SpaceDef> = vec![];
    for (n, entry) in parsed.spaces.into_iter().enumerate() {
        let dir = entry
            .content
            .and_then(|c| c.directory)
            .or(entry.directory)
            .unwrap_or_default();
        let problem = |message: String| {
            Diagnostic::warning(
                "config",
                &shown,
                format!("space {}: {message}; skipped", n + 1),
            )
        };
        let Some(dir) = clean_dir(&dir) else {
            diagnostics.push(problem(format!(
                "`{dir}` is not a folder inside the content"
            )));
            continue;
        };
        if !config.space.join(&dir).is_dir() {
            diagnostics.push(problem(format!("folder `{dir}` does not exist")));
            continue;
        }
        if spaces.iter().any(|s| s.dir == dir) {
            diagnostics.push(problem(format!("folder `{dir}` is listed twice")));
            continue;
        }
        spaces.push(SpaceDef {
            language: entry
                .language
                .as_deref()
                .map(normalise_language)
                .or_else(|| language_of_folder(&dir)),
            title: entry.title,
            dir,
        });
    }
    if spaces.is_empty() {
        diagnostics.push(Diagnostic::warning(
            "config",
            &shown,
            "lists no usable space; the content is built as one space",
        ));
    }
    let layout = Layout {
        spaces,
        title: parsed.title,
        site_files: vec![DOCS_YAML.into()],
    };
    (layout, diagnostics)
}

/// `./en/` → `en`; `None` for paths that leave the content or are empty.
fn clean_dir(dir: &str) -> Option<String> {
    let parts: Vec<&str> = dir
        .split(['/', '\\'])
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    if parts.is_empty() || parts.contains(&"..") {
        return None;
    }
    Some(parts.join("/"))
}

/// `* [English](en/)` lines of LANGS.md, for folders that exist.
fn from_langs_md(text: &str, exists: impl Fn(&str) -> bool) -> Layout {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut spaces: Vec<SpaceDef> = vec![];
    let mut link: Option<(String, String)> = None;
    for event in Parser::new(text) {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                link = Some((dest_url.to_string(), String::new()))
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, title)) = &mut link {
                    title.push_str(&t);
                }
            }
            Event::End(TagEnd::Link) => {
                let Some((dest, title)) = link.take() else {
                    continue;
                };
                let dest = dest.trim_end_matches("README.md");
                match clean_dir(dest) {
                    Some(dir) if exists(&dir) && !spaces.iter().any(|s| s.dir == dir) => spaces
                        .push(SpaceDef {
                            language: language_of_folder(&dir),
                            title: Some(title.trim().to_string()).filter(|t| !t.is_empty()),
                            dir,
                        }),
                    _ => {}
                }
            }
            _ => {}
        }
    }
    Layout {
        spaces,
        ..Default::default()
    }
}

/// Top-level folders with a SUMMARY.md of their own, in name order.
fn folders_with_summaries(config: &Config) -> Vec<SpaceDef> {
    let Ok(entries) = std::fs::read_dir(&config.space) else {
        return vec![];
    };
    let mut dirs: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().join(&config.summary).is_file())
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|name| !name.starts_with('.') && name != "node_modules")
        .filter(|name| !config.output.ends_with(name))
        .collect();
    dirs.sort();
    // The site's own language first (English unless set), so the default
    // space is the expected one.
    let language = config
        .language
        .as_deref()
        .unwrap_or("en")
        .to_ascii_lowercase();
    dirs.sort_by_key(|d| {
        language_of_folder(d).map(|l| l.to_ascii_lowercase()) != Some(language.clone())
    });
    dirs.into_iter()
        .map(|dir| SpaceDef {
            language: language_of_folder(&dir),
            title: None,
            dir,
        })
        .collect()
}

/// Languages recognised in folder names, with aliases real spaces use.
const LANGUAGES: &[(&str, &str, &str)] = &[
    // (folder name, BCP 47 tag, name in that language)
    ("en", "en", "English"),
    ("zh-tw", "zh-TW", "繁體中文"),
    ("zh-hant", "zh-TW", "繁體中文"),
    ("tw", "zh-TW", "繁體中文"),
    ("zh-hk", "zh-HK", "繁體中文（香港）"),
    ("zh-cn", "zh-CN", "简体中文"),
    ("zh-hans", "zh-CN", "简体中文"),
    ("cn", "zh-CN", "简体中文"),
    ("zh", "zh-CN", "简体中文"),
    ("ja", "ja", "日本語"),
    ("jp", "ja", "日本語"),
    ("ko", "ko", "한국어"),
    ("kr", "ko", "한국어"),
    ("fr", "fr", "Français"),
    ("de", "de", "Deutsch"),
    ("es", "es", "Español"),
    ("pt", "pt", "Português"),
    ("pt-br", "pt-BR", "Português (Brasil)"),
    ("it", "it", "Italiano"),
    ("nl", "nl", "Nederlands"),
    ("ru", "ru", "Русский"),
    ("uk", "uk", "Українська"),
    ("pl", "pl", "Polski"),
    ("tr", "tr", "Türkçe"),
    ("vi", "vi", "Tiếng Việt"),
    ("th", "th", "ไทย"),
    ("id", "id", "Bahasa Indonesia"),
    ("ms", "ms", "Bahasa Melayu"),
    ("hi", "hi", "हिन्दी"),
    ("ar", "ar", "العربية"),
    ("he", "he", "עברית"),
];

/// The language a folder is named after (`zh_CN` → `zh-CN`, `jp` → `ja`).
pub(crate) fn language_of_folder(dir: &str) -> Option<String> {
    let key = dir
        .rsplit('/')
        .next()?
        .to_ascii_lowercase()
        .replace('_', "-");
    LANGUAGES
        .iter()
        .find(|(name, _, _)| *name == key)
        .map(|(_, tag, _)| tag.to_string())
}

/// A tag as written (`zh_tw`, `EN-us`) in its usual form (`zh-TW`, `en-US`).
pub(crate) fn normalise_language(tag: &str) -> String {
    let tag = tag.trim().replace('_', "-");
    if let Some(known) = language_of_folder(&tag) {
        return known;
    }
    let mut parts = tag.split('-');
    let mut out = parts.next().unwrap_or_default().to_ascii_lowercase();
    for part in parts {
        out.push('-');
        if part.len() == 2 {
            out.push_str(&part.to_ascii_uppercase());
        } else {
            out.push_str(part);
        }
    }
    out
}

/// A language's own name (`繁體中文` for `zh-TW`), for the space switcher.
pub(crate) fn language_name(tag: &str) -> Option<&'static str> {
    LANGUAGES
        .iter()
        .find(|(_, t, _)| t.eq_ignore_ascii_case(tag))
        .map(|(_, _, name)| *name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_names_become_language_tags() {
        assert_eq!(language_of_folder("zh_CN").as_deref(), Some("zh-CN"));
        assert_eq!(language_of_folder("zh-tw").as_deref(), Some("zh-TW"));
        assert_eq!(language_of_folder("jp").as_deref(), Some("ja"));
        assert_eq!(language_of_folder("docs/en").as_deref(), Some("en"));
        assert_eq!(language_of_folder("api"), None);
        assert_eq!(language_of_folder("guides"), None);
    }

    #[test]
    fn tags_are_normalised() {
        assert_eq!(normalise_language("zh_tw"), "zh-TW");
        assert_eq!(normalise_language("EN-us"), "en-US");
        assert_eq!(normalise_language("sr-Latn"), "sr-Latn");
        assert_eq!(language_name("zh-TW"), Some("繁體中文"));
        assert_eq!(language_name("xx"), None);
    }

    #[test]
    fn dirs_are_cleaned_and_may_not_escape() {
        assert_eq!(clean_dir("./en/").as_deref(), Some("en"));
        assert_eq!(clean_dir("docs/zh"), Some("docs/zh".into()));
        assert_eq!(clean_dir("../elsewhere"), None);
        assert_eq!(clean_dir("./"), None);
    }

    #[test]
    fn langs_md_lists_existing_folders_once() {
        let text = "# Languages\n\n* [English](en/)\n* [繁體中文](zh_TW/README.md)\n* [Gone](fr/)\n* [Again](en/)\n";
        let layout = from_langs_md(text, |d| d == "en" || d == "zh_TW");
        let dirs: Vec<_> = layout
            .spaces
            .iter()
            .map(|s| (s.dir.as_str(), s.title.as_deref(), s.language.as_deref()))
            .collect();
        assert_eq!(
            dirs,
            [
                ("en", Some("English"), Some("en")),
                ("zh_TW", Some("繁體中文"), Some("zh-TW"))
            ]
        );
    }

    #[test]
    fn a_page_belongs_to_the_space_with_the_longest_folder() {
        let def = |dir: &str| SpaceDef {
            dir: dir.into(),
            title: None,
            language: None,
        };
        let layout = Layout {
            spaces: vec![def("docs"), def("docs/zh"), def("en")],
            ..Default::default()
        };
        assert_eq!(layout.space_of("docs/zh/a.md"), Some(1));
        assert_eq!(layout.space_of("docs/a.md"), Some(0));
        assert_eq!(layout.space_of("en/README.md"), Some(2));
        assert_eq!(layout.space_of("english/a.md"), None);
        assert_eq!(layout.space_of("README.md"), None);
    }
}
