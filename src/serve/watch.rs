//! Watching: notify's debouncer turns a stream of file events into batches.
//!
//! 1. Watch the space recursively, the theme folder recursively, and the
//!    folder holding the config file (a single file's watch is lost when an
//!    editor saves it by renaming a new file over it). The space's parent
//!    folder is watched too, so that a space folder removed and made again,
//!    or replaced by a rename, is seen; `Watching::rewatch` then watches
//!    the new folder.
//! 2. The debouncer waits until nothing has happened for [`DEBOUNCE`], so a
//!    save through temporary files or a `git checkout` of hundreds of files
//!    arrives as one batch.
//! 3. Each batch is settled: every path is looked at once, now, giving the
//!    [`Change`]s that `plan` maps to a rebuild.

use super::plan::{Change, PathState};
use anyhow::{anyhow, Result};
use notify::event::{EventKind, MetadataKind, ModifyKind};
use notify::{PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};
use notify_debouncer_full::{new_debouncer_opt, DebounceEventResult, Debouncer, RecommendedCache};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

/// Quiet time after the last event before a batch is handed over.
pub(crate) const DEBOUNCE: Duration = Duration::from_millis(50);

/// How often `--poll` scans the watched folders.
const POLL_INTERVAL: Duration = Duration::from_millis(300);

/// What the watcher hands to the rebuild loop.
#[derive(Debug)]
pub(crate) enum WatchEvent {
    /// Paths that changed, settled.
    Batch(Vec<Change>),
    /// The watcher failed (explained for the user).
    Failed(String),
}

/// A folder to watch and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Root {
    pub path: PathBuf,
    pub recursive: bool,
}

/// Keeps the watcher running until dropped.
pub(crate) struct Watching {
    debouncer: Box<dyn Rewatch>,
}

impl Watching {
    /// Watch `root` afresh: the folder now at its path is not the one the
    /// watch was set on (removed and made again, or renamed into place).
    pub(crate) fn rewatch(&mut self, root: &Root) -> Result<()> {
        self.debouncer
            .rewatch(root)
            .map_err(|e| anyhow!("cannot watch `{}`: {}", root.path.display(), explain(&e)))
    }
}

/// A running debouncer, of either kind of watcher.
trait Rewatch: Send {
    fn rewatch(&mut self, root: &Root) -> notify::Result<()>;
}

impl<W: Watcher + Send + 'static> Rewatch for Debouncer<W, RecommendedCache> {
    fn rewatch(&mut self, root: &Root) -> notify::Result<()> {
        // The old folder's watch went with it: gone (an error here), or
        // following it to wherever it was renamed.
        let _ = self.unwatch(&root.path);
        self.watch(&root.path, root.mode())
    }
}

impl Root {
    fn mode(&self) -> RecursiveMode {
        if self.recursive {
            RecursiveMode::Recursive
        } else {
            RecursiveMode::NonRecursive
        }
    }
}

/// Start watching `roots`, sending each settled batch to `events`.
pub(crate) fn start(roots: &[Root], poll: bool, events: Sender<WatchEvent>) -> Result<Watching> {
    let debouncer: Box<dyn Rewatch> = if poll {
        let config = notify::Config::default().with_poll_interval(POLL_INTERVAL);
        Box::new(watch_with::<PollWatcher>(roots, events, config)?)
    } else {
        let config = notify::Config::default();
        Box::new(watch_with::<RecommendedWatcher>(roots, events, config)?)
    };
    Ok(Watching { debouncer })
}

fn watch_with<W: Watcher + Send + 'static>(
    roots: &[Root],
    events: Sender<WatchEvent>,
    config: notify::Config,
) -> Result<Debouncer<W, RecommendedCache>> {
    let handler = move |result: DebounceEventResult| {
        let event = match result {
            Ok(batch) => WatchEvent::Batch(settle(
                batch
                    .iter()
                    .filter(|e| is_change(&e.kind))
                    .flat_map(|e| e.paths.iter()),
            )),
            Err(errors) => {
                let errors: Vec<notify::Error> =
                    errors.into_iter().filter(|e| !is_gone(e)).collect();
                if errors.is_empty() {
                    return;
                }
                WatchEvent::Failed(explain_all(&errors))
            }
        };
        // The receiver is gone only while quire shuts down.
        let _ = events.send(event);
    };
    let mut debouncer =
        new_debouncer_opt::<_, W, _>(DEBOUNCE, None, handler, RecommendedCache::new(), config)
            .map_err(|e| anyhow!("cannot start watching files: {}", explain(&e)))?;
    for root in roots {
        debouncer
            .watch(&root.path, root.mode())
            .map_err(|e| anyhow!("cannot watch `{}`: {}", root.path.display(), explain(&e)))?;
    }
    Ok(debouncer)
}

/// Whether an event says something changed. Reads are events too (inotify
/// reports every open), and quire's own reads must not trigger a rebuild.
fn is_change(kind: &EventKind) -> bool {
    !matches!(
        kind,
        EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime))
    )
}

/// A path that vanished while it was looked at, or, with `--poll`, a
/// watched folder that is missing (reported on every scan): not a failure
/// of watching. The batch of the removal tells what changed, and the
/// session says once that the content folder is gone.
fn is_gone(error: &notify::Error) -> bool {
    match &error.kind {
        notify::ErrorKind::PathNotFound => true,
        notify::ErrorKind::Io(io) => io.kind() == std::io::ErrorKind::NotFound,
        _ => false,
    }
}

/// Each distinct path once, with what is there now.
pub(crate) fn settle<'a>(paths: impl Iterator<Item = &'a PathBuf>) -> Vec<Change> {
    let unique: BTreeSet<&PathBuf> = paths.collect();
    unique
        .into_iter()
        .map(|path| Change {
            path: path.clone(),
            state: state_of(path),
        })
        .collect()
}

fn state_of(path: &Path) -> PathState {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => PathState::Folder,
        Ok(_) => PathState::File,
        Err(_) => PathState::Missing,
    }
}

fn explain_all(errors: &[notify::Error]) -> String {
    let messages: BTreeSet<String> = errors.iter().map(explain).collect();
    messages.into_iter().collect::<Vec<_>>().join("; ")
}

/// A watcher error in words, with the fix for the inotify watch limit.
pub(crate) fn explain(error: &notify::Error) -> String {
    let is_limit = match &error.kind {
        notify::ErrorKind::MaxFilesWatch => true,
        notify::ErrorKind::Io(io) => io.raw_os_error() == Some(28), // ENOSPC
        _ => false,
    };
    if is_limit {
        return "the system's limit of inotify watches is reached (too many watched folders). \
            Raise it with `sudo sysctl fs.inotify.max_user_watches=524288` \
            (add `fs.inotify.max_user_watches=524288` to /etc/sysctl.conf to keep it), \
            or run `quire serve --poll`"
            .to_string();
    }
    error.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn watch_limit_error_names_the_fix() {
        let error = notify::Error::new(notify::ErrorKind::MaxFilesWatch);
        let text = explain(&error);
        assert!(text.contains("fs.inotify.max_user_watches"), "{text}");
        assert!(text.contains("--poll"), "{text}");
        let enospc = notify::Error::io(std::io::Error::from_raw_os_error(28));
        assert!(explain(&enospc).contains("sysctl"));
    }

    #[test]
    fn missing_paths_are_not_watch_failures() {
        let gone = std::io::Error::from(std::io::ErrorKind::NotFound);
        assert!(is_gone(&notify::Error::io(gone)));
        assert!(is_gone(&notify::Error::path_not_found()));
        let denied = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        assert!(!is_gone(&notify::Error::io(denied)));
        assert!(!is_gone(&notify::Error::new(
            notify::ErrorKind::MaxFilesWatch
        )));
    }

    #[test]
    fn reads_are_not_changes() {
        use notify::event::{AccessKind, CreateKind, RemoveKind};
        assert!(!is_change(&EventKind::Access(AccessKind::Any)));
        let atime = ModifyKind::Metadata(MetadataKind::AccessTime);
        assert!(!is_change(&EventKind::Modify(atime)));
        assert!(is_change(&EventKind::Create(CreateKind::File)));
        assert!(is_change(&EventKind::Remove(RemoveKind::Any)));
        assert!(is_change(&EventKind::Modify(ModifyKind::Any)));
    }

    #[test]
    fn settling_looks_at_each_path_once() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("page.md");
        std::fs::write(&page, "x").unwrap();
        let gone = dir.path().join("gone.md");
        let folder = dir.path().to_path_buf();
        let paths = [page.clone(), gone.clone(), page.clone(), folder.clone()];
        let changes = settle(paths.iter());
        assert_eq!(changes.len(), 3);
        let state = |p: &Path| changes.iter().find(|c| c.path == p).unwrap().state;
        assert_eq!(state(&page), PathState::File);
        assert_eq!(state(&gone), PathState::Missing);
        assert_eq!(state(&folder), PathState::Folder);
    }
}
