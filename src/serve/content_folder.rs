//! The content folder itself, removed or replaced while serving.
//!
//! A watch follows a folder, not its path: after `rm -rf content` and a
//! restore, or a rename of another folder into its place, the old watch
//! reports nothing, and the site was served as it was, for ever, without a
//! word. The space's parent folder is watched as well, so such a change
//! arrives as a batch; before each batch is planned, the folder at the
//! space's path is compared with the one being watched:
//!
//! 1. Gone: say so once and keep serving the last site; nothing is rebuilt
//!    from a half-deleted folder.
//! 2. Another folder (or the same one, back): watch it afresh, say so, and
//!    rebuild everything, config and theme included.

use super::watch::{Root, Watching};
use file_id::FileId;
use std::path::Path;

/// The watched content folder, and which folder that is.
pub(super) struct ContentFolder {
    watching: Watching,
    root: Root,
    /// The folder the watch was set on.
    id: Option<FileId>,
    missing: bool,
    /// How messages name it: relative to DIR, or in full.
    shown: String,
}

/// What became of the content folder since the last look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Folder {
    Unchanged,
    Missing,
    /// A new folder is watched: everything must be rebuilt.
    Replaced,
}

impl ContentFolder {
    /// `watching` watches `space` (recursively) among its roots.
    pub(super) fn new(watching: Watching, space: &Path, shown: &Path) -> ContentFolder {
        let shown = match shown.as_os_str().is_empty() {
            true => space.display().to_string(),
            false => shown.display().to_string(),
        };
        ContentFolder {
            watching,
            root: Root {
                path: space.to_path_buf(),
                recursive: true,
            },
            id: file_id::get_file_id(space).ok(),
            missing: false,
            shown,
        }
    }

    /// The name messages give the folder.
    pub(super) fn shown(&self) -> &str {
        &self.shown
    }

    /// Look at the folder now, saying what changed (unless `quiet`).
    pub(super) fn check(&mut self, quiet: bool) -> Folder {
        let say = |line: &str| {
            if !quiet {
                eprintln!("{line}");
            }
        };
        let Ok(id) = file_id::get_file_id(&self.root.path) else {
            if !std::mem::replace(&mut self.missing, true) {
                say(&format!(
                    "content folder `{}` is gone; serving the last site until it is back",
                    self.shown
                ));
            }
            return Folder::Missing;
        };
        if self.id == Some(id) && !self.missing {
            return Folder::Unchanged;
        }
        let was_missing = std::mem::replace(&mut self.missing, false);
        self.id = Some(id);
        if let Err(e) = self.watching.rewatch(&self.root) {
            eprintln!("warning: watching files: {e:#}");
        }
        say(&if was_missing {
            format!("content folder `{}` is back; watching it again", self.shown)
        } else {
            format!(
                "content folder `{}` was replaced; watching the new one",
                self.shown
            )
        });
        Folder::Replaced
    }
}
