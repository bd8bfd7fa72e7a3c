//! `quire init`: a new knowledge base from the files under `src/init/files/`,
//! or (`gitbook`) a `quire.yaml` for a GitBook export that already exists.
//!
//! Nothing is overwritten without `--force`: init first lists every file it
//! would write, and when one exists it changes nothing at all.

pub(crate) mod gitbook;

use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// Where quire's own sources live, for the links and the install script URL
/// in the files init writes.
pub(crate) const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

/// `quire.yaml` with every key, most commented out; `{{…}}` are filled in.
const CONFIG_TEMPLATE: &str = include_str!("files/quire.yaml");

/// The files of a new knowledge base: path under DIR, text.
const SCAFFOLD: &[(&str, &str)] = &[
    ("content/README.md", include_str!("files/content/README.md")),
    (
        "content/SUMMARY.md",
        include_str!("files/content/SUMMARY.md"),
    ),
    (
        "content/getting-started.md",
        include_str!("files/content/getting-started.md"),
    ),
    (
        "content/guides/README.md",
        include_str!("files/content/guides/README.md"),
    ),
    (
        "content/guides/write-a-page.md",
        include_str!("files/content/guides/write-a-page.md"),
    ),
    (".gitignore", include_str!("files/gitignore")),
    (
        ".github/workflows/publish.yml",
        include_str!("files/workflows/publish.yml"),
    ),
];

/// What init did, or why it did nothing.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// These files were written, relative to DIR, after `--force` removed
    /// the symlinks that stood in their way.
    Written {
        files: Vec<String>,
        replaced: Vec<Existing>,
    },
    /// These exist and would have been overwritten; nothing changed.
    WouldOverwrite(Vec<Existing>),
}

/// Something init would write over: a file, or a symlink (the file itself
/// or a folder on its way), which git can carry and aim anywhere.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Existing {
    /// Relative to DIR.
    pub path: String,
    /// What the symlink points to, when it is one.
    pub link_to: Option<PathBuf>,
    /// A folder on the way to files init writes, rather than one of them.
    pub folder: bool,
}

impl Existing {
    /// ` (a symlink to `…`)` for a link, else nothing: what messages add.
    pub(crate) fn link_note(&self) -> String {
        self.link_to
            .as_ref()
            .map(|to| format!(" (a symlink to `{}`)", to.display()))
            .unwrap_or_default()
    }
}

/// The values filled into `quire.yaml`.
pub(crate) struct Settings<'a> {
    pub title: &'a str,
    /// The content folder, relative to DIR.
    pub content: &'a str,
    pub language: &'a str,
}

/// Scaffold a knowledge base in `dir`, created if missing.
pub(crate) fn scaffold(dir: &Path, force: bool) -> Result<Outcome> {
    let title = dir_title(dir)?;
    let settings = Settings {
        title: &title,
        content: "content",
        language: "en",
    };
    let mut files = vec![("quire.yaml".to_string(), config_text(&settings))];
    files.extend(
        SCAFFOLD
            .iter()
            .map(|(path, text)| (path.to_string(), fill_links(text))),
    );
    write_all(dir, &files, force)
}

/// Write `files` under `dir`, or none of them when one exists and `force` is off.
/// `--force` removes a symlink in the way rather than writing through it.
pub(crate) fn write_all(dir: &Path, files: &[(String, String)], force: bool) -> Result<Outcome> {
    let existing = existing(dir, files);
    if !existing.is_empty() && !force {
        return Ok(Outcome::WouldOverwrite(existing));
    }
    let replaced: Vec<Existing> = existing
        .into_iter()
        .filter(|e| e.link_to.is_some())
        .collect();
    for link in &replaced {
        remove_link(&dir.join(&link.path))?;
    }
    for (path, text) in files {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create folder `{}`", parent.display()))?;
        }
        std::fs::write(&target, text)
            .with_context(|| format!("cannot write `{}`", target.display()))?;
    }
    Ok(Outcome::Written {
        files: files.iter().map(|(p, _)| p.clone()).collect(),
        replaced,
    })
}

/// What is already at the paths of `files`: each file that exists, and
/// each symlink met on the way down from `dir`, once.
fn existing(dir: &Path, files: &[(String, String)]) -> Vec<Existing> {
    let mut found: Vec<Existing> = vec![];
    for (path, _) in files {
        let mut rel = String::new();
        for part in path.split('/') {
            if !rel.is_empty() {
                rel.push('/');
            }
            rel.push_str(part);
            let Ok(meta) = dir.join(&rel).symlink_metadata() else {
                break;
            };
            let link_to = meta
                .file_type()
                .is_symlink()
                .then(|| std::fs::read_link(dir.join(&rel)).unwrap_or_default());
            if (link_to.is_some() || rel == *path) && !found.iter().any(|e| e.path == rel) {
                let stop = link_to.is_some();
                found.push(Existing {
                    folder: rel != *path,
                    path: rel.clone(),
                    link_to,
                });
                if stop {
                    break;
                }
            }
        }
    }
    found
}

/// Remove a symlink itself, never what it points to (a link to a folder
/// is a directory entry of its own on Windows).
fn remove_link(path: &Path) -> Result<()> {
    std::fs::remove_file(path)
        .or_else(|_| std::fs::remove_dir(path))
        .with_context(|| format!("cannot remove the symlink `{}`", path.display()))
}

/// `quire.yaml` for these settings. Values are quoted as YAML strings, so a
/// title like `Help: FAQ` stays a title.
pub(crate) fn config_text(settings: &Settings) -> String {
    fill_links(CONFIG_TEMPLATE)
        .replace("{{title}}", &yaml_string(settings.title))
        .replace("{{content}}", &yaml_string(settings.content))
        .replace("{{language}}", &yaml_string(settings.language))
}

/// The repository's addresses and quire's version in a scaffold file.
fn fill_links(text: &str) -> String {
    let raw = REPOSITORY.replacen(
        "https://github.com/",
        "https://raw.githubusercontent.com/",
        1,
    );
    text.replace("{{readme}}", REPOSITORY)
        .replace("{{raw}}", &raw)
        .replace("{{version}}", env!("CARGO_PKG_VERSION"))
}

/// A YAML scalar for any text: plain when that reads back the same, else
/// double-quoted with JSON escapes (a subset of YAML's).
fn yaml_string(text: &str) -> String {
    let plain = !text.is_empty()
        && text.trim() == text
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || " -_./".contains(c) || !c.is_ascii())
        && crate::yaml::from_str::<Option<String>>(text)
            .ok()
            .flatten()
            .as_deref()
            == Some(text);
    if plain {
        text.to_string()
    } else {
        serde_json::to_string(text).unwrap_or_default()
    }
}

/// A site title from the folder's name (see [`title_from_name`]).
fn dir_title(dir: &Path) -> Result<String> {
    let absolute =
        std::path::absolute(dir).with_context(|| format!("bad path `{}`", dir.display()))?;
    let name = absolute
        .file_name()
        .map(|n| n.to_string_lossy().trim().to_string())
        .filter(|n| !n.is_empty());
    Ok(name.map_or_else(|| "Knowledge base".into(), |n| title_from_name(&n)))
}

/// A name with capitals is spelt as its author meant and kept; a single
/// short word is taken for an abbreviation (`kb` → "KB"); otherwise
/// separators become spaces and the first letter a capital (`help-desk` →
/// "Help desk").
fn title_from_name(name: &str) -> String {
    if name.chars().any(char::is_uppercase) {
        return name.to_string();
    }
    if name.chars().count() <= 3 && name.chars().all(char::is_alphabetic) {
        return name.to_uppercase();
    }
    let spaced = name.replace(['-', '_'], " ");
    let mut chars = spaced.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => name.to_string(),
    }
}

/// Paths for messages: `dir/file` as the user wrote `dir`.
pub(crate) fn shown(dir: &Path, rel: &str) -> PathBuf {
    if dir == Path::new(".") {
        PathBuf::from(rel)
    } else {
        dir.join(rel)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Uncommenting every `# key:` line of the template gives a config
    /// that sets every key quire.yaml has, so the template cannot fall
    /// behind `config::ConfigFile`.
    #[test]
    fn the_config_template_shows_every_key_and_each_example_is_valid() {
        let text = config_text(&Settings {
            title: "Help: FAQ",
            content: "content",
            language: "zh-TW",
        });
        let uncommented: String = text
            .lines()
            .map(|line| match line.strip_prefix("# ") {
                Some(rest) if is_setting(rest) => rest.to_string(),
                _ => line.to_string(),
            })
            .collect::<Vec<_>>()
            .join("\n");
        assert!(
            crate::config::every_key_is_set(&uncommented).unwrap(),
            "{uncommented}"
        );
        assert!(text.contains("title: \"Help: FAQ\"\n"), "{text}");
        assert!(text.contains("language: zh-TW\n"));
        assert!(!text.contains("{{"), "{text}");
        assert!(text.lines().filter(|l| l.starts_with("# ")).count() > 30);
    }

    /// `key: …`, or an indented line of a nested example.
    fn is_setting(line: &str) -> bool {
        let key = line.split_once(':').is_some_and(|(k, _)| {
            !k.is_empty() && k.chars().all(|c| c.is_ascii_lowercase() || c == '_')
        });
        key || line.starts_with("  ")
    }

    #[test]
    fn yaml_strings_read_back_as_written() {
        for text in [
            "Docs",
            "IT help desk",
            "客服知識庫",
            "Help: FAQ",
            "yes",
            "null",
            "123",
            "- list",
            "a # b",
            "quote \" and \\ back",
            "",
            " padded ",
            "{braces}",
        ] {
            let written = yaml_string(text);
            let read: Option<String> = crate::yaml::from_str(&written).unwrap();
            assert_eq!(read.as_deref().unwrap_or(""), text, "{written}");
        }
        assert_eq!(yaml_string("IT help desk"), "IT help desk");
    }

    #[test]
    fn scaffold_files_have_no_placeholders_left() {
        for (path, text) in SCAFFOLD {
            // `${{ … }}` is GitHub's own expression syntax.
            let filled = fill_links(text).replace("${{", "");
            assert!(!filled.contains("{{"), "{path}");
        }
        let workflow = fill_links(SCAFFOLD.last().unwrap().1);
        assert!(workflow.contains(&format!("QUIRE_VERSION: \"{}\"", env!("CARGO_PKG_VERSION"))));
        assert!(workflow.contains(
            "https://raw.githubusercontent.com/quire-docs/quire/v${QUIRE_VERSION}/scripts/install-quire.sh"
        ));
    }

    #[test]
    fn titles_come_from_the_folder_name() {
        assert_eq!(
            dir_title(Path::new("/tmp/it-help_desk")).unwrap(),
            "It help desk"
        );
        assert_eq!(dir_title(Path::new("/tmp/客服")).unwrap(), "客服");
        assert_eq!(dir_title(Path::new("/tmp/kb")).unwrap(), "KB");
    }

    #[test]
    fn short_words_are_abbreviations_and_capitals_are_kept() {
        for (name, title) in [
            ("kb", "KB"),
            ("faq", "FAQ"),
            ("docs", "Docs"),
            ("help-desk", "Help desk"),
            ("it_help", "It help"),
            ("my-kb", "My kb"),
            ("v2", "V2"),
            ("Kb", "Kb"),
            ("HelpDesk", "HelpDesk"),
            ("IT-help", "IT-help"),
            ("-", "-"),
        ] {
            assert_eq!(title_from_name(name), title, "{name}");
        }
    }
}
