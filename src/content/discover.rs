//! Discovery: which files of the space are pages, which are copied as they are.
//!
//! Walks the space with walkdir, in sorted order so builds are deterministic,
//! and skips what is not content: `.git/`, `node_modules/`, the output folder
//! and quire's own staging folders, paths matched by `.gitignore` files and by
//! `exclude` globs, and symlinks that lead outside the space. Markdown
//! files whose path has a dot-named part (`...with-secret-numbers.md`,
//! `.drafts/a.md`) are pages only when something names them
//! ([`Discovered::named_only`]).

use crate::config::Config;
use crate::error::Diagnostic;
use anyhow::Result;
use ignore::gitignore::{Gitignore, GitignoreBuilder};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use walkdir::{DirEntry, WalkDir};

/// Folders never walked into, wherever they are.
pub(crate) const SKIPPED_DIRS: &[&str] = &[".git", "node_modules", ".github", ".vscode", ".idea"];

/// Where GitBook keeps reusable snippets: they are included, not pages.
pub(crate) const INCLUDES_DIR: &str = ".gitbook/includes";

/// Files found in the space, as `/`-separated paths relative to it, sorted.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Discovered {
    /// Markdown pages.
    pub pages: Vec<String>,
    /// Files copied to the output (images, attachments, ...).
    pub files: Vec<String>,
    /// Markdown files under `.gitbook/includes/`.
    pub includes: Vec<String>,
    /// Markdown files with a dot-named part in their path, outside
    /// `.gitbook/`: built when SUMMARY.md or a built page names them, as on
    /// GitBook; otherwise a dot-named file is skipped and one in a dot-folder
    /// copied (see `content::named_pages`).
    pub named_only: Vec<String>,
}

/// Walk the space and sort what is found into pages, files and includes.
/// `skip` names files that describe the site (each space's SUMMARY.md,
/// `docs.yaml`) and are not published.
pub(crate) fn discover(config: &Config, skip: &[String]) -> Result<(Discovered, Vec<Diagnostic>)> {
    let output = canonical_or_self(&config.output);
    let space = canonical_or_self(&config.space);
    let mut ignores = IgnoreStack {
        limit: config.max_file_bytes(),
        ..Default::default()
    };
    let mut found = Discovered::default();
    let mut diagnostics = vec![];
    let walker = WalkDir::new(&space)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| keep_entry(e, &space, &output, &config.exclude, &mut ignores));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().map(|p| config.display_path(p)).unwrap_or_default();
                diagnostics.push(Diagnostic::warning("io", path, walk_error(&e)));
                continue;
            }
        };
        if entry.file_type().is_dir() {
            continue;
        }
        match classify(&entry, &space, config, skip) {
            Ok(Some((kind, rel))) => kind.push(&mut found, rel),
            Ok(None) => {}
            Err(message) => diagnostics.push(Diagnostic::warning(
                "io",
                config.display_path(entry.path()),
                message,
            )),
        }
    }
    for (path, message) in ignores.problems {
        diagnostics.push(Diagnostic::warning(
            "io",
            config.display_path(&path),
            message,
        ));
    }
    Ok((found, diagnostics))
}

enum Kind {
    Page,
    File,
    Include,
    NamedOnly,
}

impl Kind {
    fn push(self, found: &mut Discovered, rel: String) {
        match self {
            Kind::Page => found.pages.push(rel),
            Kind::File => found.files.push(rel),
            Kind::Include => found.includes.push(rel),
            Kind::NamedOnly => found.named_only.push(rel),
        }
    }
}

/// A walk error in words: walkdir's own text repeats the absolute path.
fn walk_error(e: &walkdir::Error) -> String {
    if e.loop_ancestor().is_some() {
        return "skipped: this folder links back to one that contains it".into();
    }
    match e.io_error() {
        Some(io) => format!("skipped: cannot read it: {io}"),
        None => format!("skipped: {e}"),
    }
}

/// What a file is, by its path. `Ok(None)` for files that are not published.
fn classify(
    entry: &DirEntry,
    space: &Path,
    config: &Config,
    skip: &[String],
) -> Result<Option<(Kind, String)>, String> {
    let rel = relative_path(entry.path(), space)
        .ok_or_else(|| "skipped: the file name is not valid UTF-8".to_string())?;
    if entry.path_is_symlink() {
        let target = std::fs::canonicalize(entry.path())
            .map_err(|e| format!("skipped broken symlink: {e}"))?;
        if !target.starts_with(space) {
            return Err("skipped: symlink leads outside the space".into());
        }
        let kind = std::fs::metadata(&target)
            .map_err(|e| format!("skipped broken symlink: {e}"))?
            .file_type();
        if kind.is_dir() {
            // Folders are not followed: a link to one could loop or repeat the space.
            return Err("skipped: symlink to a folder (not followed)".into());
        }
        if !kind.is_file() {
            return Err(not_regular("symlink to ", kind));
        }
    } else if !entry.file_type().is_file() {
        // Named pipes block whoever reads them and devices never end: by type,
        // whatever their name.
        return Err(not_regular("", entry.file_type()));
    }
    let name = entry.file_name().to_string_lossy();
    let is_markdown = name.to_ascii_lowercase().ends_with(".md");
    // Each space of a site has its own `.gitbook/` folder.
    let in_gitbook = gitbook_part(&rel);
    if in_gitbook.is_some_and(|p| p.starts_with(&format!("{INCLUDES_DIR}/"))) {
        return Ok(Some((
            if is_markdown {
                Kind::Include
            } else {
                Kind::File
            },
            rel,
        )));
    }
    // `.gitbook/` also holds settings (vars.yaml, tags.yaml): only its assets are published.
    if in_gitbook.is_some_and(|p| !p.starts_with(".gitbook/assets/")) {
        return Ok(None);
    }
    if rel == config.summary || rel == crate::config::CONFIG_FILE || skip.contains(&rel) {
        return Ok(None);
    }
    let has_dot_part = rel.split('/').any(|part| part.starts_with('.'));
    if is_markdown && has_dot_part && in_gitbook.is_none() {
        return Ok(Some((Kind::NamedOnly, rel)));
    }
    // Other dotfiles (.gitignore, .gitbook.yaml, .DS_Store) are tooling, not content.
    if name.starts_with('.') {
        return Ok(None);
    }
    if is_markdown && !has_dot_part {
        Ok(Some((Kind::Page, rel)))
    } else {
        Ok(Some((Kind::File, rel)))
    }
}

fn not_regular(what: &str, kind: std::fs::FileType) -> String {
    format!(
        "skipped: {what}{}, not a regular file",
        crate::fs::kind_name(kind)
    )
}

/// The part of a path from its `.gitbook/` folder on (`en/.gitbook/assets/a.png`
/// → `.gitbook/assets/a.png`).
fn gitbook_part(rel: &str) -> Option<&str> {
    if rel.starts_with(".gitbook/") {
        return Some(rel);
    }
    rel.find("/.gitbook/").map(|i| &rel[i + 1..])
}

fn keep_entry(
    entry: &DirEntry,
    space: &Path,
    output: &Path,
    excludes: &crate::config::Globs,
    ignores: &mut IgnoreStack,
) -> bool {
    let path = entry.path();
    if entry.depth() == 0 {
        ignores.load(path);
        return true;
    }
    let name = entry.file_name().to_string_lossy();
    let is_dir = entry.file_type().is_dir();
    if is_dir && (SKIPPED_DIRS.contains(&name.as_ref()) || path == output) {
        return false;
    }
    // Any folder quire wrote (an earlier `--out` inside the space) is output, not content.
    if is_dir && path.join(crate::fs::MARKER).is_file() {
        return false;
    }
    // Staging and retired folders of a build whose output lies inside the space.
    if name.contains(crate::fs::STAGING_TAG) {
        return false;
    }
    if let Some(rel) = relative_path(path, space) {
        if excludes.is_match(&rel) {
            return false;
        }
    }
    if ignores.is_ignored(path, is_dir) {
        return false;
    }
    if is_dir {
        ignores.load(path);
    }
    true
}

/// `.gitignore` matchers of the folders walked so far, keyed by folder.
#[derive(Default)]
struct IgnoreStack {
    by_dir: HashMap<PathBuf, Gitignore>,
    /// `limits.max_file_mb` in bytes.
    limit: u64,
    /// `.gitignore` files that could not be read, with why.
    problems: Vec<(PathBuf, String)>,
}

impl IgnoreStack {
    fn load(&mut self, dir: &Path) {
        let file = dir.join(".gitignore");
        if !file.is_file() {
            return;
        }
        // Read here rather than by the builder, which would read a file of
        // any size, or a named pipe put there meanwhile.
        let bytes = match crate::fs::read_regular(&file, self.limit) {
            Ok(bytes) => bytes,
            Err(e) => {
                let message = format!("ignored: {}", e.message(&file));
                self.problems.push((file, message));
                return;
            }
        };
        let text = String::from_utf8_lossy(&bytes);
        let mut builder = GitignoreBuilder::new(dir);
        for line in text.trim_start_matches('\u{feff}').lines() {
            // A malformed line is skipped, as git does; the rest still applies.
            let _ = builder.add_line(Some(file.clone()), line);
        }
        if let Ok(matcher) = builder.build() {
            self.by_dir.insert(dir.to_path_buf(), matcher);
        }
    }

    /// Git's rule: the deepest `.gitignore` with an opinion wins.
    fn is_ignored(&self, path: &Path, is_dir: bool) -> bool {
        let mut verdict = false;
        for dir in path
            .ancestors()
            .skip(1)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
        {
            if let Some(matcher) = self.by_dir.get(dir) {
                let m = matcher.matched(path, is_dir);
                if m.is_ignore() {
                    verdict = true;
                } else if m.is_whitelist() {
                    verdict = false;
                }
            }
        }
        verdict
    }
}

/// `path` relative to `base` with `/` separators, if it is valid UTF-8.
pub(crate) fn relative_path(path: &Path, base: &Path) -> Option<String> {
    let rel = path.strip_prefix(base).ok()?;
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    Some(parts?.join("/"))
}

fn canonical_or_self(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Paths that differ only in Unicode normalization (`café.md` saved on
/// macOS is decomposed, NFD; typed elsewhere it is composed, NFC). Linux
/// keeps both; macOS file systems take them for one file, so a checkout there
/// loses one, and a link reaches whichever its bytes name. The later path in
/// the walk's order gets the warning.
pub(crate) fn normalization_twins(config: &Config, found: &Discovered) -> Vec<Diagnostic> {
    use std::collections::hash_map::Entry;
    use unicode_normalization::UnicodeNormalization;
    let mut seen: HashMap<String, &str> = HashMap::new();
    let mut diagnostics = vec![];
    for path in found
        .pages
        .iter()
        .chain(&found.files)
        .chain(&found.includes)
    {
        // ASCII is its own normal form; only other text needs the work.
        let key = if path.is_ascii() {
            path.clone()
        } else {
            path.nfc().collect()
        };
        match seen.entry(key) {
            Entry::Occupied(first) => diagnostics.push(Diagnostic::warning(
                "output-path",
                config.display_path(&config.space.join(path)),
                format!(
                    "`{path}` ({}) and `{}` ({}) are one name in two Unicode normalizations; on macOS one replaces the other, and links reach only one",
                    normal_form(path),
                    first.get(),
                    normal_form(first.get()),
                ),
            )),
            Entry::Vacant(slot) => {
                slot.insert(path);
            }
        }
    }
    diagnostics
}

/// How a name is written, for the twins' warning.
fn normal_form(text: &str) -> &'static str {
    use unicode_normalization::{is_nfc, is_nfd};
    if is_nfc(text) {
        "NFC"
    } else if is_nfd(text) {
        "NFD"
    } else {
        "mixed"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Overrides;

    fn space(files: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for path in files {
            let (path, text) = path.split_once('=').unwrap_or((path, "x"));
            let p = dir.path().join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        dir
    }

    fn discover_in(dir: &Path) -> Discovered {
        let (config, _) = Config::load(&Overrides {
            dir: dir.to_path_buf(),
            ..Default::default()
        })
        .unwrap();
        discover(&config, &[]).unwrap().0
    }

    #[test]
    fn sorts_pages_files_and_includes() {
        let dir = space(&[
            "README.md",
            "SUMMARY.md",
            "guide/b.md",
            "guide/a.md",
            ".gitbook/assets/logo.png",
            ".gitbook/includes/note.md",
            ".gitbook/vars.yaml=product: x",
            ".gitbook/tags.yaml=",
            ".gitbook.yaml=",
            "notes.txt",
        ]);
        let found = discover_in(dir.path());
        assert_eq!(found.pages, ["README.md", "guide/a.md", "guide/b.md"]);
        assert_eq!(found.files, [".gitbook/assets/logo.png", "notes.txt"]);
        assert_eq!(found.includes, [".gitbook/includes/note.md"]);
    }

    #[test]
    fn dot_named_markdown_waits_to_be_named() {
        let dir = space(&[
            "README.md",
            "import/...with-secret-numbers.md",
            ".drafts/plan.md",
            ".drafts/diagram.png",
            ".gitbook/assets/notes.md",
            ".gitbook/includes/.hidden.md",
            ".DS_Store",
        ]);
        let found = discover_in(dir.path());
        assert_eq!(found.pages, ["README.md"]);
        assert_eq!(
            found.named_only,
            [".drafts/plan.md", "import/...with-secret-numbers.md"]
        );
        assert_eq!(
            found.files,
            [".drafts/diagram.png", ".gitbook/assets/notes.md"]
        );
        assert_eq!(found.includes, [".gitbook/includes/.hidden.md"]);
    }

    #[test]
    fn skips_git_node_modules_output_gitignore_and_excludes() {
        let dir = space(&[
            "README.md",
            ".git/HEAD",
            "node_modules/x/README.md",
            "output/index.md",
            ".gitignore=secret/\n*.tmp\n!keep.tmp\n",
            "secret/a.md",
            "x.tmp",
            "keep.tmp",
            "drafts/.gitignore=wip.md\n",
            "drafts/wip.md",
            "drafts/done.md",
            "quire.yaml=content: .\nexclude: [\"private/**\", \"*.bak\"]\n",
            "private/p.md",
            "old.bak",
        ]);
        let found = discover_in(dir.path());
        assert_eq!(found.pages, ["README.md", "drafts/done.md"]);
        assert_eq!(found.files, ["keep.tmp"]);
    }

    #[cfg(unix)]
    #[test]
    fn does_not_follow_symlinks_out_of_the_space() {
        let outside = space(&["secret.md=top secret"]);
        let dir = space(&["README.md"]);
        std::os::unix::fs::symlink(outside.path().join("secret.md"), dir.path().join("leak.md"))
            .unwrap();
        std::os::unix::fs::symlink(dir.path(), dir.path().join("loop")).unwrap();
        let found = discover_in(dir.path());
        assert_eq!(found.pages, ["README.md"]);
    }
}
