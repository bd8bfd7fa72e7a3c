//! Themes: the default theme is embedded in the binary; a project's
//! `themes/<name>/` overrides any template or asset file by file.

use anyhow::{Context, Result};
use std::collections::BTreeMap;
use std::path::Path;
use tera::Tera;

// `THEME_FILES`: every file of `themes/default/`, embedded by `build.rs`.
include!(concat!(env!("OUT_DIR"), "/theme_files.rs"));

/// The embedded files under `prefix` (`templates/`, `assets/`), by their path below it.
fn embedded(prefix: &str) -> impl Iterator<Item = (&'static str, &'static [u8])> + '_ {
    THEME_FILES
        .iter()
        .filter_map(move |(path, bytes)| path.strip_prefix(prefix).map(|rel| (rel, *bytes)))
}

/// Interface strings of one language, by key (`outline` → "On this page").
pub(crate) type Strings = BTreeMap<String, String>;

/// Compiled templates, interface strings and the asset files to publish.
pub struct Theme {
    pub tera: Tera,
    /// Asset path (under `assets/`) → bytes.
    pub assets: BTreeMap<String, Vec<u8>>,
    /// Interface strings by language tag (`en`, `zh-TW`), each complete:
    /// keys a translation lacks come from English.
    pub strings: BTreeMap<String, Strings>,
}

impl Theme {
    /// The theme a configuration names: its folder's files (templates and
    /// strings within `limits.max_file_mb`) over the default theme.
    pub fn for_config(config: &crate::config::Config) -> Result<Theme> {
        Self::load_limited(config.theme_dir.as_deref(), config.max_file_bytes())
    }

    /// The default theme with the files of `dir` (if any) laid over it.
    pub fn load(dir: Option<&Path>) -> Result<Theme> {
        let limit = crate::config::Limits::default().max_file_bytes();
        Self::load_limited(dir, limit)
    }

    /// [`Theme::load`], refusing templates and strings files over `limit` bytes.
    fn load_limited(dir: Option<&Path>, limit: u64) -> Result<Theme> {
        let mut templates: BTreeMap<String, String> = embedded("templates/")
            .map(|(n, t)| (n.to_string(), String::from_utf8_lossy(t).into_owned()))
            .collect();
        let mut assets: BTreeMap<String, Vec<u8>> = embedded("assets/")
            .map(|(n, b)| (n.to_string(), b.to_vec()))
            .collect();
        let mut strings = BTreeMap::new();
        for (name, bytes) in embedded("i18n/") {
            add_strings(&mut strings, name, &String::from_utf8_lossy(bytes))
                .with_context(|| format!("in the built-in theme's i18n/{name}"))?;
        }
        if let Some(dir) = dir {
            let read_text = |path: &Path| {
                crate::fs::read_text(path, limit)
                    .with_context(|| format!("failed to read `{}`", path.display()))
            };
            overlay(&dir.join("i18n"), &mut |rel, path| {
                let text = read_text(path)?;
                add_strings(&mut strings, &rel, &text)
                    .with_context(|| format!("in `{}`", path.display()))
            })?;
            overlay(&dir.join("templates"), &mut |rel, path| {
                templates.insert(rel, read_text(path)?);
                Ok(())
            })?;
            overlay(&dir.join("assets"), &mut |rel, path| {
                assets.insert(rel, crate::fs::read(path)?);
                Ok(())
            })?;
        }
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html"]);
        // Tera's own escaper also escapes `/`, which bloats every href.
        tera.set_escape_fn(|text| crate::text::html::escape(text).into_owned());
        tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| anyhow::anyhow!("{}", tera_error_chain(&e)))
            .context("the theme's templates do not compile")?;
        if let Some(cycle) = super::recursion::include_cycle(&tera) {
            anyhow::bail!(
                "the theme's template `{}` includes itself: {}",
                cycle[0],
                cycle.join(" → ")
            );
        }
        super::recursion::bound_depth(&mut tera);
        complete_from_english(&mut strings);
        Ok(Theme {
            tera,
            assets,
            strings,
        })
    }

    /// Whether some strings file serves `language` (its own, or one of the same language).
    pub fn speaks(&self, language: &str) -> bool {
        self.own_strings(language).is_some()
    }

    /// The strings for a language tag: its own file, else one of the same
    /// language (`zh-HK` → `zh-TW`), else English.
    pub fn strings_for(&self, language: &str) -> &Strings {
        self.own_strings(language)
            .or_else(|| self.strings.get("en"))
            .unwrap_or(&EMPTY)
    }

    /// The file for `language` exactly, else the first of the same primary language.
    fn own_strings(&self, language: &str) -> Option<&Strings> {
        use crate::content::language::primary;
        self.strings
            .iter()
            .find(|(tag, _)| tag.eq_ignore_ascii_case(language))
            .or_else(|| {
                self.strings
                    .iter()
                    .find(|(tag, _)| primary(tag) == primary(language))
            })
            .map(|(_, s)| s)
    }

    /// Render a template with a typed context.
    pub fn render(&self, template: &str, context: &impl serde::Serialize) -> Result<String> {
        let mut context = tera::Context::from_serialize(context)?;
        context.insert(super::recursion::DEPTH_VARIABLE, &0);
        self.render_context(template, &context)
    }

    /// Render a template with a context already made for Tera.
    pub(super) fn render_context(&self, template: &str, context: &tera::Context) -> Result<String> {
        self.tera
            .render(template, context)
            .map_err(|e| anyhow::anyhow!("template `{template}`: {}", tera_error_chain(&e)))
    }
}

static EMPTY: Strings = BTreeMap::new();

/// Read `i18n/<tag>.yaml` (a map of key → text) over the strings of `<tag>`.
fn add_strings(all: &mut BTreeMap<String, Strings>, file: &str, text: &str) -> Result<()> {
    let Some(tag) = file.strip_suffix(".yaml").filter(|t| !t.contains('/')) else {
        return Ok(());
    };
    let read: Option<Strings> =
        crate::yaml::from_str(text).map_err(|e| anyhow::anyhow!("{}", e.message))?;
    all.entry(tag.to_string())
        .or_default()
        .extend(read.unwrap_or_default());
    Ok(())
}

/// A translation without some key shows the English text there.
fn complete_from_english(all: &mut BTreeMap<String, Strings>) {
    let english = all.get("en").cloned().unwrap_or_default();
    for strings in all.values_mut() {
        for (key, text) in &english {
            strings.entry(key.clone()).or_insert_with(|| text.clone());
        }
    }
}

/// Every file under `dir`, by its `/`-separated path relative to `dir`.
fn overlay(dir: &Path, add: &mut dyn FnMut(String, &Path) -> Result<()>) -> Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry =
            entry.with_context(|| format!("failed to read theme folder `{}`", dir.display()))?;
        if entry.file_type().is_file() {
            if let Some(rel) = crate::content::discover::relative_path(entry.path(), dir) {
                add(rel, entry.path())?;
            }
        }
    }
    Ok(())
}

/// Tera hides the useful part of an error in its source chain. A message
/// thrown on purpose (`throw`, and the depth bound) is said alone.
fn tera_error_chain(error: &tera::Error) -> String {
    let mut chain = vec![error.to_string()];
    let mut source = std::error::Error::source(error);
    while let Some(e) = source {
        chain.push(e.to_string());
        source = e.source();
    }
    match chain
        .iter()
        .position(|m| m == "Function call 'throw' failed")
    {
        Some(at) => chain[at + 1..].join(": "),
        None => chain.join(": "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::context::*;

    fn site() -> SiteInfo<'static> {
        SiteInfo {
            title: "Support <KB>",
            language: "zh-TW",
            base_url: Some("https://docs.example.com/kb/"),
            search: true,
            generator: "quire test",
            custom_css: false,
        }
    }

    fn item<'a>(
        title: &'a str,
        href: &str,
        node: usize,
        children: Vec<NavItemView<'a>>,
    ) -> NavItemView<'a> {
        NavItemView {
            title,
            href: Some(href.into()),
            label: None,
            kind: "page",
            current: title == "Current",
            open: !children.is_empty() || title == "Current",
            expandable: !children.is_empty(),
            node,
            children,
            windowed: false,
        }
    }

    fn page_context() -> PageContext<'static> {
        PageContext {
            site: site(),
            page: PageInfo {
                title: "Current",
                description: Some("A page about <things>."),
                icon: Some("book"),
                icon_svg: None,
                body: "<p id=\"body-marker\">Body</p>",
                source: "guide/current.md",
                path: "guide/current.html",
                link: "guide/current.html".into(),
                edit_url: Some("https://git.example.com/edit/guide/current.md".into()),
                markdown: Some("current.md".into()),
                updated: Some(DateView {
                    iso: "2026-03-02".into(),
                    text: "2026年3月2日".into(),
                }),
                feed: Some("current.atom".into()),
                wide: false,
                show_title: true,
                show_description: true,
                show_outline: true,
                show_pagination: true,
                show_toc: true,
                hidden: false,
                language: None,
            },
            root: "../".into(),
            t: Box::leak(Box::new(
                Theme::load(None).unwrap().strings_for("zh-TW").clone(),
            )),
            nav_html: crate::render::sidebar::nav_html(
                &[NavGroupView {
                    title: Some("指南 Guides"),
                    items: vec![item(
                        "Guide",
                        "index.html",
                        0,
                        vec![
                            item("Current", "current.html", 1, vec![]),
                            item("Sibling", "sibling.html", 2, vec![]),
                        ],
                    )],
                }],
                &crate::render::sidebar::Labels {
                    subpages: "：子頁面",
                    external: "（外部連結）",
                },
            ),
            nav_complete: true,
            breadcrumbs: vec![
                Crumb {
                    title: "指南 Guides".into(),
                    href: None,
                },
                Crumb {
                    title: "Guide".into(),
                    href: Some("index.html".into()),
                },
            ],
            prev: Some(PageLink {
                title: "Previous page".into(),
                href: "index.html".into(),
            }),
            next: Some(PageLink {
                title: "Next page".into(),
                href: "sibling.html".into(),
            }),
            outline: vec![
                OutlineItem {
                    level: 2,
                    id: "setup".into(),
                    text: "Setup".into(),
                },
                OutlineItem {
                    level: 3,
                    id: "step-1".into(),
                    text: "Step one".into(),
                },
            ],
            space: SpaceInfo {
                title: "繁體中文",
                language: "zh-TW",
                nav_script: "zh-TW/nav.js".into(),
                search_manifest: "search/zh-TW/manifest.js".into(),
                home: "index.html".into(),
                print: Some("../../zh-TW/print.html".into()),
            },
            spaces: vec![
                SpaceLink {
                    title: "English",
                    language: "en",
                    href: "../../en/guide/current.html".into(),
                    current: false,
                },
                SpaceLink {
                    title: "繁體中文",
                    language: "zh-TW",
                    href: "current.html".into(),
                    current: true,
                },
            ],
        }
    }

    #[test]
    fn every_template_renders_with_its_typed_context() {
        let theme = Theme::load(None).unwrap();
        let html = theme.render("page.html", &page_context()).unwrap();
        for expected in [
            "<html lang=\"zh-TW\"",
            "Support &lt;KB&gt;",
            "<p id=\"body-marker\">Body</p>",
            "A page about &lt;things&gt;.",
            "指南 Guides",
            "href=\"sibling.html\"",
            "aria-current=\"page\"",
            "href=\"#setup\"",
            "href=\"#step-1\"",
            "Previous page",
            "Next page",
            "../assets/quire.css",
            "../zh-TW/nav.js",
            "type=\"application/atom+xml\" href=\"current.atom\"",
            "data-search=\"search/zh-TW/manifest.js\"",
            "href=\"../../en/guide/current.html\" lang=\"en\"",
            "<span class=\"space-current\">繁體中文</span>",
            "<p class=\"outline-title\" id=\"outline-title\"><svg class=\"i\" viewBox=\"0 0 16 16\" aria-hidden=\"true\"><path d=\"M2 4h12M2 8h9M2 12h6\"/></svg>本頁內容</p>",
        ] {
            assert!(html.contains(expected), "page.html lacks {expected:?}");
        }
        let redirect = RedirectContext {
            site: site(),
            root: String::new(),
            title: "First page",
            href: "guide/first.html".into(),
        };
        let html = theme.render("redirect.html", &redirect).unwrap();
        assert!(html.contains("url=guide/first.html") && html.contains("First page"));
    }

    #[test]
    fn a_shared_page_context_renders_each_page_as_its_own_would() {
        let theme = Theme::load(None).unwrap();
        let first = page_context();
        let mut second = page_context();
        second.page.title = "Other";
        second.page.updated = None;
        second.prev = None;
        second.outline.clear();
        second.spaces.clear();
        // Another space, in another language: other `site` and `t`.
        let mut third = page_context();
        third.site.language = "en";
        third.t = Box::leak(Box::new(theme.strings_for("en").clone()));
        let mut shared = PageContexts::default();
        for context in [&first, &second, &first, &third] {
            assert_eq!(
                shared.render(&theme, context).unwrap(),
                theme.render("page.html", context).unwrap()
            );
        }
        assert!(shared
            .render(&theme, &third)
            .unwrap()
            .contains("On this page"));
    }

    #[test]
    fn strings_follow_the_language_and_fall_back_to_english() {
        let dir = crate::fs::temp_space(&[
            ("i18n/en.yaml", "outline: Contents\n"),
            ("i18n/fr.yaml", "outline: Sur cette page\n"),
        ]);
        let theme = Theme::load(Some(dir.path())).unwrap();
        assert!(theme.speaks("fr-CA") && theme.speaks("en-GB") && !theme.speaks("de"));
        assert_eq!(theme.strings_for("en")["outline"], "Contents");
        assert_eq!(theme.strings_for("en")["next"], "Next");
        assert_eq!(theme.strings_for("fr-CA")["outline"], "Sur cette page");
        // A key the project's translation lacks is English.
        assert_eq!(theme.strings_for("fr")["next"], "Next");
        assert_eq!(theme.strings_for("zh-tw")["outline"], "本頁內容");
        assert_eq!(theme.strings_for("de")["outline"], "Contents");
        std::fs::write(dir.path().join("i18n/fr.yaml"), "outline: [not, text]\n").unwrap();
        let error = Theme::load(Some(dir.path())).err().unwrap();
        assert!(format!("{error:#}").contains("fr.yaml"), "{error:#}");
    }

    #[test]
    fn every_shipped_translation_has_every_key_the_templates_use() {
        let theme = Theme::load(None).unwrap();
        let mut used = std::collections::BTreeSet::new();
        for (path, bytes) in embedded("templates/") {
            let text = String::from_utf8_lossy(bytes);
            for (i, _) in text.match_indices("t.") {
                let before = text[..i].chars().last();
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
                    continue;
                }
                let key: String = text[i + 2..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                used.insert((key, path));
            }
        }
        assert!(used.len() > 20, "{used:?}");
        let english: Vec<&String> = theme.strings["en"].keys().collect();
        for (language, strings) in &theme.strings {
            for (key, template) in &used {
                assert!(
                    strings.contains_key(key),
                    "{language} lacks `{key}` used by {template}"
                );
            }
            let own = embedded("i18n/")
                .find(|(name, _)| *name == format!("{language}.yaml"))
                .map(|(_, b)| {
                    crate::yaml::from_str::<Strings>(&String::from_utf8_lossy(b)).unwrap()
                })
                .unwrap();
            let missing: Vec<&&String> =
                english.iter().filter(|k| !own.contains_key(**k)).collect();
            assert!(missing.is_empty(), "i18n/{language}.yaml lacks {missing:?}");
        }
    }

    #[test]
    fn an_override_replaces_exactly_that_file() {
        let dir = crate::fs::temp_space(&[
            ("templates/redirect.html", "custom redirect to {{ href }}"),
            ("assets/quire.css", "body{}"),
            ("assets/extra/logo.svg", "<svg/>"),
        ]);
        let default = Theme::load(None).unwrap();
        let theme = Theme::load(Some(dir.path())).unwrap();
        let redirect = RedirectContext {
            site: site(),
            root: String::new(),
            title: "x",
            href: "a.html".into(),
        };
        assert_eq!(
            theme.render("redirect.html", &redirect).unwrap(),
            "custom redirect to a.html"
        );
        assert_eq!(
            theme.render("page.html", &page_context()).unwrap(),
            default.render("page.html", &page_context()).unwrap()
        );
        assert_eq!(theme.assets["quire.css"], b"body{}");
        assert_eq!(theme.assets["quire.js"], default.assets["quire.js"]);
        assert_eq!(theme.assets["extra/logo.svg"], b"<svg/>");
    }

    #[test]
    fn a_broken_override_is_a_clear_error() {
        let dir = crate::fs::temp_space(&[("templates/page.html", "{% if %}")]);
        let err = format!("{:#}", Theme::load(Some(dir.path())).err().unwrap());
        assert!(err.contains("page.html"), "{err}");
    }
}
