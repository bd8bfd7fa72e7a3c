//! What a batch of changed paths asks to rebuild: a pure function.
//!
//! The watcher reports paths, not intentions. Editors save through temporary
//! files and renames (vim writes `4913` and `page.md~`, JetBrains
//! `page.md___jb_tmp___`), and a `git checkout` touches hundreds of files at
//! once. So the caller looks at each path once the batch has settled (is it a
//! file, a folder, or gone?) and [`plan`] decides from that final state and
//! what the current site holds, never from the order of the events.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// A path of the batch and what is there now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Change {
    pub path: PathBuf,
    pub state: PathState,
}

/// What is at a changed path once the batch has settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PathState {
    File,
    Folder,
    Missing,
}

/// Where the watched things are, and what the site currently holds.
#[derive(Debug, Clone, Default)]
pub(crate) struct Layout {
    /// The GitBook space.
    pub space: PathBuf,
    /// The output folder of `quire build`: never a source.
    pub output: PathBuf,
    /// `quire.yaml` (or `--config`), when there is one.
    pub config_file: Option<PathBuf>,
    pub theme_dir: Option<PathBuf>,
    /// The SUMMARY file, relative to the space.
    pub summary: String,
    /// Sources of the current pages, relative to the space.
    pub pages: HashSet<String>,
    /// Sources of the files served as they are.
    pub files: HashSet<String>,
    /// Sources of the include files (`.gitbook/includes/…`).
    pub includes: HashSet<String>,
    /// An include's source → the pages that name it.
    pub includers: HashMap<String, BTreeSet<String>>,
}

/// How much must be redone, from least to most.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Rebuild {
    /// Nothing quire reads changed.
    Nothing,
    /// Only files served as they are changed: the browser just reloads.
    Assets,
    /// The bodies of these pages (sources) changed.
    Pages(BTreeSet<String>),
    /// Pages, files or folders were added, removed or renamed, or something
    /// every page shows changed (SUMMARY, variables).
    Site,
    /// The configuration (`quire.yaml`, `.gitbook.yaml`) or the theme
    /// changed: reload them too.
    Everything,
}

/// What a batch asks for, and the paths that mattered (for the terminal).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Plan {
    pub rebuild: Rebuild,
    /// Changed paths that were not ignored, relative to the space where they
    /// are inside it.
    pub changed: Vec<String>,
}

/// Map a settled batch of changes to what must be rebuilt.
pub(crate) fn plan(batch: &[Change], layout: &Layout) -> Plan {
    let mut rebuild = Rebuild::Nothing;
    let mut changed = BTreeSet::new();
    for change in batch {
        let needed = classify(change, layout);
        if needed != Rebuild::Nothing {
            changed.insert(shown(&change.path, layout));
        }
        rebuild = merge(rebuild, needed);
    }
    Plan {
        rebuild,
        changed: changed.into_iter().collect(),
    }
}

/// Two needs as one: page sets add up, anything else takes the larger.
fn merge(a: Rebuild, b: Rebuild) -> Rebuild {
    match (a, b) {
        (Rebuild::Pages(mut a), Rebuild::Pages(b)) => {
            a.extend(b);
            Rebuild::Pages(a)
        }
        (a, b) => a.max(b),
    }
}

fn classify(change: &Change, layout: &Layout) -> Rebuild {
    let path = change.path.as_path();
    if is_editor_temporary(path) || path.starts_with(&layout.output) {
        return Rebuild::Nothing;
    }
    if layout.config_file.as_deref() == Some(path) {
        return Rebuild::Everything;
    }
    if layout
        .theme_dir
        .as_ref()
        .is_some_and(|t| path.starts_with(t))
    {
        return Rebuild::Everything;
    }
    match space_relative(path, &layout.space) {
        Some(rel) => classify_content(&rel, change.state, layout),
        None => Rebuild::Nothing,
    }
}

/// A path inside the space, as the site names its sources (`a/b.md`).
fn space_relative(path: &Path, space: &Path) -> Option<String> {
    let rel = path.strip_prefix(space).ok()?;
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    Some(parts?.join("/"))
}

fn classify_content(rel: &str, state: PathState, layout: &Layout) -> Rebuild {
    if rel.is_empty() || is_skipped_folder(rel) {
        return Rebuild::Nothing;
    }
    // `.gitbook.yaml` is read with the config (root, structure, redirects).
    if rel == ".gitbook.yaml" {
        return Rebuild::Everything;
    }
    if rel == layout.summary || rel == ".gitbook/vars.yaml" {
        return Rebuild::Site;
    }
    if state == PathState::Folder {
        // A folder the site knows reports its files itself (polling sees its
        // time change on every save); a new one was created or moved in.
        return if holds_known_sources(rel, layout) {
            Rebuild::Nothing
        } else {
            Rebuild::Site
        };
    }
    if layout.includes.contains(rel) {
        return classify_include(rel, state, layout);
    }
    if layout.pages.contains(rel) {
        return classify_page(rel, state, layout);
    }
    if layout.files.contains(rel) {
        return match state {
            PathState::File => Rebuild::Assets,
            _ => Rebuild::Site,
        };
    }
    if holds_known_sources(rel, layout) {
        return Rebuild::Site;
    }
    classify_new(rel, state)
}

fn classify_page(rel: &str, state: PathState, layout: &Layout) -> Rebuild {
    if state != PathState::File {
        return Rebuild::Site;
    }
    let mut pages = layout.includers.get(rel).cloned().unwrap_or_default();
    pages.insert(rel.to_string());
    Rebuild::Pages(pages)
}

fn classify_include(rel: &str, state: PathState, layout: &Layout) -> Rebuild {
    match (state, layout.includers.get(rel)) {
        (PathState::File, Some(pages)) => Rebuild::Pages(pages.clone()),
        (PathState::File, None) => Rebuild::Nothing,
        _ => Rebuild::Site,
    }
}

/// A path the site does not know yet (or a deleted one it never had).
fn classify_new(rel: &str, state: PathState) -> Rebuild {
    let is_tooling = rel.starts_with(".gitbook/")
        && !rel.starts_with(".gitbook/assets/")
        && !rel.starts_with(".gitbook/includes/");
    let name = rel.rsplit('/').next().unwrap_or(rel);
    if state == PathState::Missing || is_tooling || name.starts_with('.') {
        return Rebuild::Nothing;
    }
    Rebuild::Site
}

/// A removed or renamed folder: some known source lives under it.
fn holds_known_sources(rel: &str, layout: &Layout) -> bool {
    let prefix = format!("{rel}/");
    [&layout.pages, &layout.files, &layout.includes]
        .iter()
        .any(|set| set.iter().any(|s| s.starts_with(&prefix)))
}

/// Folders discovery never walks into.
fn is_skipped_folder(rel: &str) -> bool {
    use crate::content::discover::SKIPPED_DIRS;
    rel.split('/').any(|part| SKIPPED_DIRS.contains(&part))
}

/// Files editors and tools write beside the real one while saving.
pub(crate) fn is_editor_temporary(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return true;
    };
    let lower = name.to_ascii_lowercase();
    let vim_swap = [".swp", ".swx", ".swo", ".swn"]
        .iter()
        .any(|s| lower.ends_with(s));
    // vim probes whether a folder is writable with `4913`, then 5036, …
    let vim_probe = !name.is_empty() && name.bytes().all(|b| b.is_ascii_digit());
    let emacs = name.starts_with(".#") || (name.starts_with('#') && name.ends_with('#'));
    let jetbrains = name.contains("___jb_tmp___") || name.contains("___jb_old___");
    let other = name.ends_with('~')
        || lower.ends_with(".tmp")
        || lower.ends_with(".crswap")
        || lower.ends_with(".kate-swp")
        || name.starts_with(".goutputstream-")
        || name == ".DS_Store";
    vim_swap || vim_probe || emacs || jetbrains || other
}

fn shown(path: &Path, layout: &Layout) -> String {
    space_relative(path, &layout.space).unwrap_or_else(|| path.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout() -> Layout {
        let set = |items: &[&str]| items.iter().map(|s| s.to_string()).collect();
        let mut includers = HashMap::new();
        includers.insert(
            ".gitbook/includes/note.md".to_string(),
            BTreeSet::from(["guide.md".to_string(), "faq.md".to_string()]),
        );
        Layout {
            space: PathBuf::from("/p/content"),
            output: PathBuf::from("/p/content/output"),
            config_file: Some(PathBuf::from("/p/quire.yaml")),
            theme_dir: Some(PathBuf::from("/p/themes/house")),
            summary: "SUMMARY.md".into(),
            pages: set(&["README.md", "guide.md", "faq.md", "a/b.md"]),
            files: set(&[".gitbook/assets/logo.png", "a/file.pdf"]),
            includes: set(&[".gitbook/includes/note.md", ".gitbook/includes/unused.md"]),
            includers,
        }
    }

    fn file(path: &str) -> Change {
        at(path, PathState::File)
    }

    fn gone(path: &str) -> Change {
        at(path, PathState::Missing)
    }

    fn at(path: &str, state: PathState) -> Change {
        Change {
            path: PathBuf::from(path),
            state,
        }
    }

    fn rebuild(batch: &[Change]) -> Rebuild {
        plan(batch, &layout()).rebuild
    }

    fn pages(sources: &[&str]) -> Rebuild {
        Rebuild::Pages(sources.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn page_body_edit_rebuilds_that_page() {
        assert_eq!(
            rebuild(&[file("/p/content/guide.md")]),
            pages(&["guide.md"])
        );
        let plan = plan(&[file("/p/content/a/b.md")], &layout());
        assert_eq!(plan.changed, ["a/b.md"]);
    }

    #[test]
    fn vim_atomic_save_is_one_page_edit() {
        // `:w` with backupcopy=no: probe file, backup by rename, new file, backup removed.
        let batch = [
            gone("/p/content/4913"),
            gone("/p/content/guide.md~"),
            file("/p/content/guide.md"),
            file("/p/content/.guide.md.swp"),
            file("/p/content/.guide.md.swx"),
        ];
        assert_eq!(rebuild(&batch), pages(&["guide.md"]));
        assert_eq!(plan(&batch, &layout()).changed, ["guide.md"]);
    }

    #[test]
    fn vscode_and_jetbrains_saves_are_one_page_edit() {
        let vscode = [file("/p/content/faq.md")];
        assert_eq!(rebuild(&vscode), pages(&["faq.md"]));
        let jetbrains = [
            gone("/p/content/faq.md___jb_tmp___"),
            gone("/p/content/faq.md___jb_old___"),
            file("/p/content/faq.md"),
        ];
        assert_eq!(rebuild(&jetbrains), pages(&["faq.md"]));
        let emacs = [gone("/p/content/.#faq.md"), file("/p/content/faq.md")];
        assert_eq!(rebuild(&emacs), pages(&["faq.md"]));
    }

    #[test]
    fn two_pages_saved_together_are_both_rebuilt() {
        let batch = [file("/p/content/faq.md"), file("/p/content/guide.md")];
        assert_eq!(rebuild(&batch), pages(&["faq.md", "guide.md"]));
    }

    #[test]
    fn git_checkout_burst_is_one_site_rebuild() {
        let mut batch: Vec<Change> = (0..500)
            .map(|i| file(&format!("/p/content/gen/page-{i}.md")))
            .collect();
        batch.push(file("/p/content/guide.md"));
        batch.push(file("/p/content/.git/index.lock"));
        batch.push(file("/p/content/SUMMARY.md"));
        let plan = plan(&batch, &layout());
        assert_eq!(plan.rebuild, Rebuild::Site);
        assert_eq!(plan.changed.len(), 502);
    }

    #[test]
    fn created_deleted_and_renamed_pages_rebuild_the_site() {
        assert_eq!(rebuild(&[file("/p/content/new.md")]), Rebuild::Site);
        assert_eq!(rebuild(&[gone("/p/content/faq.md")]), Rebuild::Site);
        let rename = [gone("/p/content/faq.md"), file("/p/content/questions.md")];
        assert_eq!(rebuild(&rename), Rebuild::Site);
    }

    #[test]
    fn folders_created_removed_or_moved_in_rebuild_the_site() {
        let moved_in = at("/p/content/imported", PathState::Folder);
        assert_eq!(rebuild(&[moved_in]), Rebuild::Site);
        assert_eq!(rebuild(&[gone("/p/content/a")]), Rebuild::Site);
        let renamed = [gone("/p/content/a"), at("/p/content/z", PathState::Folder)];
        assert_eq!(rebuild(&renamed), Rebuild::Site);
    }

    #[test]
    fn a_known_folder_touched_by_a_save_inside_is_nothing_itself() {
        let touched = at("/p/content/a", PathState::Folder);
        assert_eq!(rebuild(std::slice::from_ref(&touched)), Rebuild::Nothing);
        let save = [
            touched,
            file("/p/content/a/b.md"),
            gone("/p/content/a/4913"),
        ];
        assert_eq!(rebuild(&save), pages(&["a/b.md"]));
    }

    #[test]
    fn summary_and_vars_rebuild_the_site() {
        for path in ["SUMMARY.md", ".gitbook/vars.yaml"] {
            let change = file(&format!("/p/content/{path}"));
            assert_eq!(rebuild(&[change]), Rebuild::Site, "{path}");
        }
    }

    #[test]
    fn gitbook_yaml_reloads_the_config() {
        let change = file("/p/content/.gitbook.yaml");
        assert_eq!(rebuild(&[change]), Rebuild::Everything);
    }

    #[test]
    fn include_edit_rebuilds_the_pages_that_include_it() {
        let note = file("/p/content/.gitbook/includes/note.md");
        assert_eq!(rebuild(&[note]), pages(&["faq.md", "guide.md"]));
        let unused = file("/p/content/.gitbook/includes/unused.md");
        assert_eq!(rebuild(&[unused]), Rebuild::Nothing);
        let new = file("/p/content/.gitbook/includes/new.md");
        assert_eq!(rebuild(&[new]), Rebuild::Site);
    }

    #[test]
    fn theme_and_config_reload_everything() {
        let template = file("/p/themes/house/templates/page.html");
        assert_eq!(rebuild(&[template]), Rebuild::Everything);
        let config = [file("/p/content/guide.md"), file("/p/quire.yaml")];
        assert_eq!(rebuild(&config), Rebuild::Everything);
    }

    #[test]
    fn asset_edit_only_reloads() {
        let logo = file("/p/content/.gitbook/assets/logo.png");
        assert_eq!(rebuild(&[logo]), Rebuild::Assets);
        let new_asset = file("/p/content/.gitbook/assets/new.png");
        assert_eq!(rebuild(&[new_asset]), Rebuild::Site);
    }

    #[test]
    fn output_git_and_files_outside_the_space_are_ignored() {
        let batch = [
            file("/p/content/output/index.html"),
            at("/p/content/output", PathState::Folder),
            file("/p/content/.git/HEAD"),
            file("/p/content/node_modules/x/index.js"),
            file("/p/README.md"),
            file("/p/content/.gitbook/tags.yaml"),
            file("/p/content/.DS_Store"),
            gone("/p/content/never-seen.png"),
        ];
        let plan = plan(&batch, &layout());
        assert_eq!(plan.rebuild, Rebuild::Nothing);
        assert!(plan.changed.is_empty(), "{:?}", plan.changed);
    }

    #[test]
    fn recognises_editor_temporaries() {
        for name in [
            "4913",
            "5036",
            ".page.md.swp",
            ".page.md.swx",
            "page.md~",
            ".#page.md",
            "#page.md#",
            "page.md.tmp",
            "page.md___jb_tmp___",
            "page.md___jb_old___",
            ".goutputstream-ABC123",
        ] {
            assert!(is_editor_temporary(Path::new(name)), "{name}");
        }
        for name in ["page.md", "logo.png", "2024-report.md", "SUMMARY.md"] {
            assert!(!is_editor_temporary(Path::new(name)), "{name}");
        }
    }
}
