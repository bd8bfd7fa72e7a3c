//! Configuration: `quire.yaml` (strict) and GitBook's `.gitbook.yaml` (tolerant).
//!
//! 1. Decide whether DIR is a project (it has `quire.yaml`) or a bare GitBook space.
//! 2. Read `quire.yaml`, rejecting unknown keys with the key and file named.
//! 3. Read `.gitbook.yaml` in the content folder: `root`, `structure`, `redirects`;
//!    oddities (empty file, keys hidden behind U+200B) become warnings.
//! 4. Resolve every path so later stages only see absolute, checked paths.

use crate::error::{Diagnostic, FatalAt};
use crate::yaml;
use anyhow::{bail, Context, Result};
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The file name that makes a folder a quire project.
pub const CONFIG_FILE: &str = "quire.yaml";

/// `quire.yaml` exactly as written; every key optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    title: Option<String>,
    content: Option<PathBuf>,
    output: Option<PathBuf>,
    theme: Option<String>,
    language: Option<String>,
    base_url: Option<String>,
    search: Option<SearchConfig>,
    edit_url: Option<String>,
    pretty_urls: Option<bool>,
    #[serde(default)]
    exclude: Vec<String>,
    /// `quire check` severities by finding kind.
    #[serde(default)]
    check: BTreeMap<String, CheckLevel>,
    limits: Option<Limits>,
    front_matter: Option<FrontMatterConfig>,
    outputs: Option<OutputsConfig>,
}

/// `outputs:` in `quire.yaml`: what is written beside the HTML pages.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct OutputsConfig {
    /// A Markdown twin of every page (`a/b.html` → `a/b.md`).
    pub markdown: bool,
    /// `llms.txt` and `llms-full.txt` at the root of each space.
    pub llms: bool,
    /// `print.html`: each space as one printable document.
    pub print: bool,
}

impl Default for OutputsConfig {
    fn default() -> Self {
        OutputsConfig {
            markdown: true,
            llms: true,
            print: true,
        }
    }
}

/// `front_matter:` in `quire.yaml`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct FrontMatterConfig {
    /// The project's own front-matter keys: accepted without an
    /// `unknown-key` warning.
    pub extra_keys: Vec<String>,
}

/// What `quire check` makes of a kind of finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CheckLevel {
    Error,
    Warning,
    Off,
}

/// `search:` in `quire.yaml`.
#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct SearchConfig {
    pub enabled: bool,
    /// Pages are split into search sections at headings up to this level.
    pub split_level: u8,
    /// Globs of pages (relative to the content) left out of the index.
    pub exclude: Vec<String>,
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig {
            enabled: true,
            split_level: 3,
            exclude: vec![],
        }
    }
}

/// `limits:` in `quire.yaml`: how large an input may be.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// Files that quire parses (pages, includes, SUMMARY.md, YAML, API
    /// specs) larger than this many megabytes are refused. Copied files
    /// (images, videos, PDFs) have no limit.
    pub max_file_mb: u64,
}

/// `limits.max_file_mb` when quire.yaml does not set it; also the limit of
/// quire.yaml itself, read before its limits are known.
pub const DEFAULT_MAX_FILE_MB: u64 = 32;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_mb: DEFAULT_MAX_FILE_MB,
        }
    }
}

impl Limits {
    /// `max_file_mb` in bytes.
    pub fn max_file_bytes(&self) -> u64 {
        self.max_file_mb.saturating_mul(1024 * 1024)
    }
}

/// What the command line says about where things are.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// The folder given on the command line (`.` by default).
    pub dir: PathBuf,
    /// `--out`, relative to the working directory.
    pub out: Option<PathBuf>,
    /// `--config`.
    pub config: Option<PathBuf>,
    /// `--base-url`.
    pub base_url: Option<String>,
    /// Read DIR as a bare GitBook space even when it has a `quire.yaml`
    /// (`quire init --from-gitbook --force` replaces that file).
    pub bare: bool,
}

/// Compiled `exclude` globs, relative to the content; a trailing `/` names
/// a folder. Compiled once, when the configuration is loaded.
#[derive(Debug, Clone, Default)]
pub struct Globs(GlobSet);

impl Globs {
    pub fn new(patterns: &[String]) -> Result<Globs> {
        let mut builder = GlobSetBuilder::new();
        for glob in patterns {
            let pattern = glob.trim_end_matches('/');
            builder
                .add(Glob::new(pattern).with_context(|| format!("bad `exclude` glob `{glob}`"))?);
        }
        Ok(Globs(builder.build()?))
    }

    pub fn is_match(&self, path: impl AsRef<Path>) -> bool {
        self.0.is_match(path)
    }
}

/// Resolved configuration of one build.
#[derive(Debug, Clone)]
pub struct Config {
    /// The folder the user pointed at; diagnostics are relative to it.
    pub root: PathBuf,
    /// The GitBook space: the content folder, after `.gitbook.yaml`'s `root`.
    pub space: PathBuf,
    /// Where the site is written.
    pub output: PathBuf,
    pub title: Option<String>,
    pub theme: String,
    /// A project's theme folder (`themes/<theme>/`), when it exists.
    pub theme_dir: Option<PathBuf>,
    /// BCP 47 language tag for `<html lang>` and the interface strings;
    /// without one, each space's is guessed from its pages.
    pub language: Option<String>,
    pub base_url: Option<String>,
    pub search: SearchConfig,
    pub edit_url: Option<String>,
    /// Pages at `a/b/index.html`, linked as `a/b/` (GitBook's URLs, for HTTP
    /// hosts) instead of `a/b.html` (which also works from `file://`).
    pub pretty_urls: bool,
    /// Paths discovery skips (`exclude`).
    pub exclude: Globs,
    /// Pages left out of the search index (`search.exclude`).
    pub search_exclude: Globs,
    /// File name of a folder's main page (`structure.readme`), default `README.md`.
    pub readme: String,
    /// The SUMMARY file, relative to the space (`structure.summary`).
    pub summary: String,
    /// `.gitbook.yaml` redirects, in the order written.
    pub redirects: Vec<Redirect>,
    /// `check:` severities by finding kind.
    pub check: BTreeMap<String, CheckLevel>,
    pub limits: Limits,
    pub front_matter: FrontMatterConfig,
    /// `outputs:`: Markdown twins, llms.txt, print.html.
    pub outputs: OutputsConfig,
}

impl Config {
    /// Load the configuration for `overrides.dir`. Problems that make a build
    /// impossible are errors; oddities GitBook tolerates come back as warnings.
    pub fn load(overrides: &Overrides) -> Result<(Config, Vec<Diagnostic>)> {
        let root = absolute(&overrides.dir)?;
        if !root.is_dir() {
            bail!("`{}` is not a folder", overrides.dir.display());
        }
        let config_path = match &overrides.config {
            Some(p) => Some(absolute(p)?),
            None if overrides.bare => None,
            None => Some(root.join(CONFIG_FILE)).filter(|p| p.is_file()),
        };
        let (file, text, base) = match &config_path {
            Some(path) => {
                let (file, text) = read_config_file(path, &root)?;
                (file, text, path.parent().unwrap_or(&root).to_path_buf())
            }
            None => (ConfigFile::default(), String::new(), root.clone()),
        };
        let is_project = config_path.is_some();
        let content = match (&file.content, is_project) {
            (Some(c), _) => base.join(c),
            (None, true) => base.join("content"),
            (None, false) => root.clone(),
        };
        if !content.is_dir() {
            bail!("content folder `{}` does not exist", content.display());
        }
        let output = match (&overrides.out, &file.output) {
            (Some(out), _) => absolute(out)?,
            (None, Some(out)) => base.join(out),
            (None, None) => root.join("output"),
        };
        let theme = file.theme.clone().unwrap_or_else(|| "default".into());
        let theme_dir = Some(base.join("themes").join(&theme)).filter(|d| d.is_dir());
        let limits = file.limits.clone().unwrap_or_default();
        if limits.max_file_mb == 0 {
            bail!("`limits.max_file_mb` in quire.yaml must be at least 1");
        }
        let (gitbook, mut warnings) = GitbookYaml::load(&content, &root, limits.max_file_bytes())?;
        if let (Some(path), None) = (&config_path, &theme_dir) {
            warnings.extend(missing_theme(&theme, path, &root, &text));
        }
        let space = gitbook.root;
        if !space.is_dir() {
            bail!(
                "`.gitbook.yaml` sets root to `{}`, which is not a folder",
                space.display()
            );
        }
        if let Some(base_url) = &overrides.base_url {
            if let Some(message) = script_url("--base-url", base_url) {
                bail!("{message}");
            }
        }
        let search = file.search.unwrap_or_default();
        // A bad glob is a configuration error now, not a surprise later.
        let search_exclude = Globs::new(&search.exclude).context("in `search.exclude`")?;
        let exclude = Globs::new(&file.exclude).context("in `exclude`")?;
        let config = Config {
            root,
            space,
            output,
            title: file.title,
            theme,
            theme_dir,
            language: file.language,
            base_url: overrides.base_url.clone().or(file.base_url),
            search,
            edit_url: file.edit_url,
            pretty_urls: file.pretty_urls.unwrap_or(false),
            exclude,
            search_exclude,
            readme: gitbook.readme,
            summary: gitbook.summary,
            redirects: gitbook.redirects,
            check: file.check,
            limits,
            front_matter: file.front_matter.unwrap_or_default(),
            outputs: file.outputs.unwrap_or_default(),
        };
        Ok((config, warnings))
    }

    /// The largest file quire parses, in bytes (`limits.max_file_mb`).
    pub fn max_file_bytes(&self) -> u64 {
        self.limits.max_file_bytes()
    }

    /// A path for messages: relative to the folder the user pointed at.
    pub fn display_path(&self, path: &Path) -> PathBuf {
        path.strip_prefix(&self.root).unwrap_or(path).to_path_buf()
    }
}

/// Whether `text` is a valid `quire.yaml` that sets every key there is
/// (for the test of the template `quire init` writes). The destructuring
/// lists every field, so adding a key without updating it fails to compile.
#[cfg(test)]
pub(crate) fn every_key_is_set(text: &str) -> Result<bool> {
    let file: ConfigFile = yaml::from_str::<Option<ConfigFile>>(text)
        .map_err(|e| anyhow::anyhow!("{:?}: {}", e.at, e.message))?
        .unwrap_or_default();
    let ConfigFile {
        title,
        content,
        output,
        theme,
        language,
        base_url,
        search,
        edit_url,
        pretty_urls,
        exclude,
        check,
        limits,
        front_matter,
        outputs,
    } = file;
    let search_complete = search.is_some_and(|s| !s.exclude.is_empty());
    Ok(title.is_some()
        && content.is_some()
        && output.is_some()
        && theme.is_some()
        && language.is_some()
        && base_url.is_some()
        && search_complete
        && edit_url.is_some()
        && pretty_urls.is_some()
        && !exclude.is_empty()
        && !check.is_empty()
        && limits.is_some()
        && front_matter.is_some_and(|f| !f.extra_keys.is_empty())
        && outputs.is_some())
}

/// `quire.yaml` read strictly, and its text; a problem is fatal, at its
/// line in the file as the user names it (relative to DIR).
fn read_config_file(path: &Path, root: &Path) -> Result<(ConfigFile, String)> {
    let limit = Limits::default().max_file_bytes();
    let text = crate::fs::read_text(path, limit)
        .with_context(|| format!("failed to read `{}`", path.display()))?;
    let parsed: Option<ConfigFile> = yaml::from_str(&text).map_err(|e| {
        let shown = path.strip_prefix(root).unwrap_or(path);
        FatalAt(Diagnostic::error("config", shown, e.message.clone()).at_opt(e.line_col()))
    })?;
    let file = parsed.unwrap_or_default();
    for (key, value) in [("base_url", &file.base_url), ("edit_url", &file.edit_url)] {
        if let Some(value) = value.as_deref() {
            if let Some(message) = script_url(&format!("`{key}`"), value) {
                let shown = path.strip_prefix(root).unwrap_or(path);
                let at = key_line(&text, key, 0);
                return Err(FatalAt(Diagnostic::error("config", shown, message).at_opt(at)).into());
            }
        }
    }
    Ok((file, text))
}

/// Every page links to `base_url` and `edit_url`: one that would run a
/// script is a configuration error, not a link to neutralise page by page.
/// The message, when `value` (named `what`) is such a URL.
fn script_url(what: &str, value: &str) -> Option<String> {
    crate::text::url::is_script_url_in_any_spelling(value).then(|| {
        let shown = crate::text::url::for_message(value);
        format!("{what} is `{shown}`, a URL that would run a script; give an http(s) URL")
    })
}

/// `theme: house` with no `themes/house/` folder: a typo, or a folder not
/// committed. The built-in theme still builds the site, so it is a warning,
/// at the `theme:` line.
fn missing_theme(theme: &str, path: &Path, root: &Path, text: &str) -> Option<Diagnostic> {
    if theme == "default" {
        return None;
    }
    let line = key_line(text, "theme", 0);
    let shown = path.strip_prefix(root).unwrap_or(path);
    Some(
        Diagnostic::warning(
            "config",
            shown,
            format!("theme `{theme}` has no folder `themes/{theme}/`; the built-in theme is used"),
        )
        .at_opt(line),
    )
}

fn absolute(path: &Path) -> Result<PathBuf> {
    std::path::absolute(path).with_context(|| format!("bad path `{}`", path.display()))
}

/// The parts of `.gitbook.yaml` quire uses, with GitBook's defaults applied.
#[derive(Debug)]
struct GitbookYaml {
    root: PathBuf,
    /// `root` as written, for messages.
    root_written: String,
    readme: String,
    summary: String,
    redirects: Vec<Redirect>,
}

/// One entry of `.gitbook.yaml` `redirects:`, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    /// The old path (`old/page`).
    pub from: String,
    /// The page it leads to, relative to the space (`new/page.md`).
    pub to: String,
    /// Where the entry is in `.gitbook.yaml`.
    pub at: Option<crate::error::LineCol>,
}

impl GitbookYaml {
    fn load(content: &Path, root: &Path, limit: u64) -> Result<(GitbookYaml, Vec<Diagnostic>)> {
        let path = content.join(".gitbook.yaml");
        let mut config = GitbookYaml {
            root: content.to_path_buf(),
            root_written: ".".into(),
            readme: "README.md".into(),
            summary: "SUMMARY.md".into(),
            redirects: vec![],
        };
        if !path.is_file() {
            return Ok((config, vec![]));
        }
        let shown = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
        let text = crate::fs::read_text(&path, limit)
            .with_context(|| format!("failed to read `{}`", path.display()))?;
        let mut warnings = vec![];
        let value: yaml::Value = match yaml::from_str(&text) {
            Ok(v) => v,
            Err(e) => {
                let d = Diagnostic::warning(
                    "gitbook-yaml",
                    &shown,
                    format!("ignored, not valid YAML: {}", e.message),
                )
                .at_opt(e.line_col());
                return Ok((config, vec![d]));
            }
        };
        let map = match value {
            yaml::Value::Mapping(m) => m,
            yaml::Value::Null => {
                warnings.push(Diagnostic::warning(
                    "gitbook-yaml",
                    &shown,
                    "the file is empty; GitBook's defaults apply",
                ));
                return Ok((config, warnings));
            }
            _ => {
                warnings.push(Diagnostic::warning(
                    "gitbook-yaml",
                    &shown,
                    "expected a mapping of keys; GitBook's defaults apply",
                ));
                return Ok((config, warnings));
            }
        };
        for (key, value) in &map {
            let Some(key) = key.as_str() else { continue };
            match key {
                "root" => {
                    if let Some(r) = value.as_str() {
                        config.root = content.join(r.trim_start_matches("./"));
                        config.root_written = r.to_string();
                    }
                }
                "structure" => config.read_structure(value),
                "redirects" => config.read_redirects(value, &text),
                k if k.starts_with('\u{200B}') => warnings.push(Diagnostic::warning(
                    "gitbook-yaml",
                    &shown,
                    format!(
                        "key `{}` starts with an invisible zero-width space, so GitBook ignores it too; defaults apply",
                        k.trim_start_matches('\u{200B}')
                    ),
                )),
                _ => {}
            }
        }
        config.stay_inside(content, &shown, &text)?;
        Ok((config, warnings))
    }

    fn read_structure(&mut self, value: &yaml::Value) {
        if let Some(r) = value.get("readme").and_then(|v| v.as_str()) {
            self.readme = r.trim_start_matches("./").to_string();
        }
        if let Some(s) = value.get("summary").and_then(|v| v.as_str()) {
            self.summary = s.trim_start_matches("./").to_string();
        }
    }

    fn read_redirects(&mut self, value: &yaml::Value, text: &str) {
        let Some(map) = value.as_mapping() else {
            return;
        };
        let section = key_line(text, "redirects", 0).map_or(0, |at| at.line);
        // One pass for all: thousands of redirects each searched for would
        // read the file once per redirect.
        let lines = key_lines(text, section);
        for (from, to) in map {
            if let (Some(from), Some(to)) = (from.as_str(), to.as_str()) {
                self.redirects.push(Redirect {
                    from: from.to_string(),
                    to: to.to_string(),
                    at: lines.get(from).copied(),
                });
            }
        }
    }

    /// `root`, `structure.readme` and `structure.summary` must lead, after
    /// symlinks, to places inside the folder that holds `.gitbook.yaml`:
    /// whoever writes the file may not publish or read what lies beside
    /// the repository (`root: ../`, `root: /`).
    fn stay_inside(&self, folder: &Path, shown: &Path, text: &str) -> Result<()> {
        let structure = key_line(text, "structure", 0).map_or(0, |at| at.line);
        let checks = [
            (
                "root",
                PathBuf::from(&self.root_written),
                self.root.clone(),
                key_line(text, "root", 0),
            ),
            (
                "readme",
                PathBuf::from(&self.readme),
                self.root.join(&self.readme),
                key_line(text, "readme", structure),
            ),
            (
                "summary",
                PathBuf::from(&self.summary),
                self.root.join(&self.summary),
                key_line(text, "summary", structure),
            ),
        ];
        for (key, written, path, at) in checks {
            if let Some(real) = outside(&path, folder) {
                let at = at.map(|at| format!(":{}:{}", at.line, at.column));
                bail!(
                    "{}{}: `{key}: {}` leads outside the folder that holds `.gitbook.yaml`, to `{}`; quire reads only what is inside it",
                    shown.display(),
                    at.unwrap_or_default(),
                    written.display(),
                    real.display()
                );
            }
        }
        Ok(())
    }
}

/// Where `path` really leads when that is outside `folder`: by its `.` and
/// `..` first, then, when it exists, after following symlinks.
fn outside(path: &Path, folder: &Path) -> Option<PathBuf> {
    let folder = normalize(folder);
    let lexical = normalize(path);
    if !lexical.starts_with(&folder) {
        return Some(lexical);
    }
    let real = std::fs::canonicalize(path).ok()?;
    // Missing: nothing to read there, and later steps say so.
    let real_folder = std::fs::canonicalize(&folder).ok()?;
    (!real.starts_with(real_folder)).then_some(real)
}

/// `a/b/../c` → `a/c` without touching the disk; `..` at the root stays
/// there, as the file system has it.
fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The line and column of the first `key:` (plain or quoted) at or after
/// line `from` of a YAML text: serde_yaml's values carry no positions, and
/// messages about `.gitbook.yaml` should name the line.
pub(crate) fn key_line(text: &str, key: &str, from: usize) -> Option<crate::error::LineCol> {
    text.lines()
        .enumerate()
        .skip(from.saturating_sub(1))
        .find_map(|(n, line)| {
            let body = line.trim_start();
            let rest = [key.to_string(), format!("\"{key}\""), format!("'{key}'")]
                .iter()
                .find_map(|k| body.strip_prefix(k.as_str()))?;
            rest.trim_start()
                .starts_with(':')
                .then(|| crate::error::LineCol {
                    line: n + 1,
                    column: line.chars().count() - body.chars().count() + 1,
                })
        })
}

/// The line and column of each `key:` (plain or quoted) at or after line
/// `from`, the first if a key is written twice: what [`key_line`] finds for
/// every key at once.
fn key_lines(text: &str, from: usize) -> std::collections::HashMap<&str, crate::error::LineCol> {
    let mut found = std::collections::HashMap::new();
    for (n, line) in text.lines().enumerate().skip(from.saturating_sub(1)) {
        let body = line.trim_start();
        let key = match body.chars().next() {
            Some(quote @ ('"' | '\'')) => body[1..]
                .split_once(quote)
                .filter(|(_, rest)| rest.trim_start().starts_with(':'))
                .map(|(key, _)| key),
            // A plain key ends at the first `:` that ends a word.
            _ => body
                .match_indices(':')
                .map(|(at, _)| at)
                .find(|&at| {
                    body[at + 1..]
                        .chars()
                        .next()
                        .is_none_or(char::is_whitespace)
                })
                .map(|at| body[..at].trim_end()),
        };
        if let Some(key) = key.filter(|k| !k.is_empty()) {
            found.entry(key).or_insert(crate::error::LineCol {
                line: n + 1,
                column: line.chars().count() - body.chars().count() + 1,
            });
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::fs::temp_space as dir_with;

    fn load(dir: &Path) -> Result<(Config, Vec<Diagnostic>)> {
        Config::load(&Overrides {
            dir: dir.to_path_buf(),
            ..Default::default()
        })
    }

    #[test]
    fn unknown_key_is_an_error_naming_key_and_file() {
        let dir = dir_with(&[
            ("quire.yaml", "title: X\ncolour: red\n"),
            ("content/README.md", ""),
        ]);
        let err = format!("{:#}", load(dir.path()).unwrap_err());
        assert!(err.contains("quire.yaml"), "{err}");
        assert!(err.contains("colour"), "{err}");
        assert!(err.contains(":2:1"), "{err}");
    }

    #[test]
    fn front_matter_extra_keys_are_read_and_a_misspelt_setting_refused() {
        let dir = dir_with(&[
            ("quire.yaml", "front_matter:\n  extra_keys: [owner]\n"),
            ("content/README.md", ""),
        ]);
        let (config, _) = load(dir.path()).unwrap();
        assert_eq!(config.front_matter.extra_keys, ["owner"]);
        let dir = dir_with(&[
            ("quire.yaml", "front_matter:\n  extra_key: [owner]\n"),
            ("content/README.md", ""),
        ]);
        let err = format!("{:#}", load(dir.path()).unwrap_err());
        assert!(
            err.contains("quire.yaml:2:3: front_matter: unknown field `extra_key`"),
            "{err}"
        );
    }

    #[test]
    fn folder_with_quire_yaml_is_a_project() {
        let dir = dir_with(&[("quire.yaml", "title: Docs\n"), ("content/README.md", "")]);
        let (config, _) = load(dir.path()).unwrap();
        assert_eq!(config.space, dir.path().join("content"));
        assert_eq!(config.output, dir.path().join("output"));
        assert_eq!(config.title.as_deref(), Some("Docs"));
    }

    #[test]
    fn folder_without_quire_yaml_is_a_space() {
        let dir = dir_with(&[("README.md", "# Hi")]);
        let (config, _) = load(dir.path()).unwrap();
        assert_eq!(config.space, dir.path());
        assert_eq!(config.output, dir.path().join("output"));
        assert_eq!(config.language, None);
    }

    #[test]
    fn gitbook_yaml_root_and_structure_are_honoured() {
        let dir = dir_with(&[
            (
                ".gitbook.yaml",
                "root: ./docs/\nstructure:\n  readme: intro.md\n  summary: toc.md\n",
            ),
            ("docs/intro.md", "# Intro"),
        ]);
        let (config, warnings) = load(dir.path()).unwrap();
        assert!(warnings.is_empty());
        assert_eq!(config.space, dir.path().join("docs/"));
        assert_eq!(config.readme, "intro.md");
        assert_eq!(config.summary, "toc.md");
    }

    #[test]
    fn gitbook_yaml_oddities_are_warnings() {
        let dir = dir_with(&[(".gitbook.yaml", "")]);
        let (_, warnings) = load(dir.path()).unwrap();
        assert!(warnings[0].message.contains("empty"));
        let dir = dir_with(&[(".gitbook.yaml", "\u{200B}root: ./docs\n")]);
        let (config, warnings) = load(dir.path()).unwrap();
        assert!(warnings[0].message.contains("zero-width"));
        assert_eq!(config.space, dir.path());
    }

    #[test]
    fn file_size_limit_is_32_megabytes_unless_set() {
        let dir = dir_with(&[("README.md", "# Hi")]);
        let (config, _) = load(dir.path()).unwrap();
        assert_eq!(config.max_file_bytes(), 32 << 20);
        let dir = dir_with(&[
            ("quire.yaml", "limits:\n  max_file_mb: 100\n"),
            ("content/README.md", ""),
        ]);
        let (config, _) = load(dir.path()).unwrap();
        assert_eq!(config.max_file_bytes(), 100 << 20);
    }

    #[test]
    fn keys_are_found_on_their_line_plain_or_quoted() {
        let text = "# c\nroot: ./docs\nstructure:\n  readme: a.md\nredirects:\n  \"old/page\": new.md\n  'x': y.md\n";
        let at = |key, from| key_line(text, key, from).map(|at| (at.line, at.column));
        assert_eq!(at("root", 0), Some((2, 1)));
        assert_eq!(at("readme", 3), Some((4, 3)));
        assert_eq!(at("old/page", 5), Some((6, 3)));
        assert_eq!(at("x", 5), Some((7, 3)));
        assert_eq!(at("summary", 0), None);
        // A key inside a value is not a key.
        assert_eq!(key_line("a: root: b\n", "root", 0), None);
        // All keys at once, as redirects read them, agree.
        let all = key_lines(text, 5);
        for key in ["old/page", "x"] {
            assert_eq!(all.get(key).copied(), key_line(text, key, 5), "{key}");
        }
        assert_eq!(all.get("root"), None);
        let colons = key_lines("redirects:\n  a:b/c: d.md\n  'q': r.md\n", 1);
        assert_eq!(
            colons.get("a:b/c").map(|at| (at.line, at.column)),
            Some((2, 3))
        );
    }

    #[test]
    fn gitbook_paths_that_leave_the_folder_are_fatal() {
        let dir = dir_with(&[
            (".gitbook.yaml", "structure:\n  summary: ../../toc.md\n"),
            ("README.md", "# Home"),
        ]);
        let err = format!("{:#}", load(dir.path()).unwrap_err());
        assert!(
            err.starts_with(".gitbook.yaml:2:3: `summary: ../../toc.md` leads outside"),
            "{err}"
        );
    }

    #[test]
    fn gitbook_root_that_does_not_exist_is_fatal() {
        let dir = dir_with(&[(".gitbook.yaml", "root: ./nowhere\n")]);
        let err = format!("{:#}", load(dir.path()).unwrap_err());
        assert!(err.contains("nowhere"), "{err}");
    }
}
