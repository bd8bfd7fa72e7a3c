//! `quire init --from-gitbook DIR`: adopt a GitBook export (a git-synced
//! space) where it is. The space is found the way GitBook finds it
//! (`.gitbook.yaml` and its `root`, else `SUMMARY.md`), loaded once to see
//! that quire can build it, and described in a `quire.yaml`, the only file
//! written.

use super::{config_text, write_all, Outcome, Settings};
use crate::config::{Config, Overrides};
use crate::content::language;
use anyhow::{bail, Result};
use std::path::Path;

/// What was found in the export.
#[derive(Debug)]
pub(crate) struct Adoption {
    pub outcome: Outcome,
    /// The space's root after `.gitbook.yaml`, relative to DIR.
    pub root: String,
    pub summary: String,
    pub has_gitbook_yaml: bool,
    pub title: String,
    pub language: &'static str,
    pub pages: usize,
    pub spaces: usize,
}

/// Write `DIR/quire.yaml` for the GitBook space in `dir`.
pub(crate) fn adopt(dir: &Path, force: bool) -> Result<Adoption> {
    if !dir.is_dir() {
        bail!("`{}` is not a folder", dir.display());
    }
    let content = content_folder(dir)?;
    let (config, _) = Config::load(&Overrides {
        dir: dir.join(&content),
        bare: true,
        ..Default::default()
    })?;
    let (site, _) = crate::content::load(&config)?;
    if site.pages.is_empty() {
        bail!("`{}` has no Markdown pages", dir.join(&content).display());
    }
    // What the build would guess for a space of all the pages.
    let language = language::of_pages(site.pages.iter().filter(|p| !p.generated).map(|p| &p.tally));
    let relative = |path: &Path| {
        let rel = path.strip_prefix(dir.canonicalize()?).unwrap_or(path);
        anyhow::Ok(display(rel))
    };
    let root = relative(&config.space.canonicalize()?)?;
    let summary = if root == "." {
        config.summary.clone()
    } else {
        format!("{root}/{}", config.summary)
    };
    let text = config_text(&Settings {
        title: &site.title,
        content: &content,
        language,
    });
    let outcome = write_all(dir, &[("quire.yaml".to_string(), text)], force)?;
    Ok(Adoption {
        outcome,
        has_gitbook_yaml: dir.join(&content).join(".gitbook.yaml").is_file(),
        root,
        summary,
        title: site.title.clone(),
        language,
        pages: site.pages.len(),
        spaces: site.spaces.len(),
    })
}

/// The folder GitBook syncs: DIR itself when it has `.gitbook.yaml`, a
/// SUMMARY.md or README.md (or language folders, which the build finds);
/// else the one sub-folder that has `.gitbook.yaml` or SUMMARY.md.
fn content_folder(dir: &Path) -> Result<String> {
    let marks = |d: &Path| {
        d.join(".gitbook.yaml").is_file()
            || d.join("SUMMARY.md").is_file()
            || d.join("README.md").is_file()
    };
    if marks(dir) {
        return Ok(".".into());
    }
    let mut found: Vec<String> = std::fs::read_dir(dir)?
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| !name.starts_with('.') && name != "node_modules" && name != "output")
        .filter(|name| {
            let sub = dir.join(name);
            sub.join(".gitbook.yaml").is_file() || sub.join("SUMMARY.md").is_file()
        })
        .collect();
    found.sort();
    match found.len() {
        0 => bail!(
            "found no GitBook space in `{}`: no .gitbook.yaml, SUMMARY.md or README.md there or in a sub-folder",
            dir.display()
        ),
        1 => Ok(found.remove(0)),
        // Language folders (`en/`, `zh-TW/`): the site's spaces.
        _ => Ok(".".into()),
    }
}

fn display(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    if text.is_empty() {
        ".".into()
    } else {
        text
    }
}
