//! The build lock: one build at a time stages and swaps a given output.
//!
//! Builds into one `--out` at the same time removed each other's staging
//! folders and swapped in turn: the marker file could vanish (every later
//! build then refused the folder) and pages could come from one build and
//! `index.html` from another. A build now holds an exclusive advisory lock
//! on `.<name>.quire-lock` beside the output from before it stages until
//! the swap is done; a second build waits for it, saying so, or gives up.
//!
//! The lock is the operating system's (std's `File::lock`: `flock` on Unix,
//! `LockFileEx` on Windows), so a build that is killed releases it with its
//! process: the file stays, empty, and never blocks anyone. It is never
//! deleted, because a build waiting on a deleted file's lock would not
//! exclude one that creates the file anew.

use anyhow::{bail, Context, Result};
use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// End of the lock file's name: `.output.quire-lock` beside `output/`.
pub const LOCK_SUFFIX: &str = ".quire-lock";

/// How often a waiting build tries the lock again.
const RETRY: Duration = Duration::from_millis(50);

/// What a build does when another one holds the lock of its output.
pub struct LockWait<'a> {
    /// How long to wait; zero fails at once (`--no-wait`).
    pub timeout: Duration,
    /// Told once, when the build starts to wait (stderr, in `quire build`).
    pub notify: &'a dyn Fn(&str),
}

impl LockWait<'_> {
    /// Fail at once, telling no one (tests and library callers).
    pub const NO_WAIT: LockWait<'static> = LockWait {
        timeout: Duration::ZERO,
        notify: &|_| {},
    };
}

/// The held lock of an output folder; released when dropped.
#[derive(Debug)]
pub struct OutputLock {
    _file: File,
}

impl OutputLock {
    /// Take the lock of `target` (whose parent folder exists), waiting as
    /// `wait` says.
    pub fn acquire(target: &Path, wait: &LockWait) -> Result<OutputLock> {
        let path = lock_path(target);
        let file = open(&path)?;
        let started = Instant::now();
        let mut told = false;
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(OutputLock { _file: file }),
                Err(TryLockError::Error(e)) => {
                    return Err(e).with_context(|| format!("cannot lock `{}`", path.display()))
                }
                Err(TryLockError::WouldBlock) => {}
            }
            if wait.timeout.is_zero() {
                bail!(
                    "another build is writing `{}`; not waiting (--no-wait)",
                    target.display()
                );
            }
            if started.elapsed() >= wait.timeout {
                bail!(
                    "another build was still writing `{}` after {} s (--wait-timeout); this build wrote nothing",
                    target.display(),
                    wait.timeout.as_secs()
                );
            }
            if !std::mem::replace(&mut told, true) {
                (wait.notify)(&format!(
                    "waiting for another build writing `{}` to finish (up to {} s, --wait-timeout)",
                    target.display(),
                    wait.timeout.as_secs()
                ));
            }
            std::thread::sleep(RETRY.min(wait.timeout.saturating_sub(started.elapsed())));
        }
    }
}

/// `.output.quire-lock` beside `output`.
pub fn lock_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    target.with_file_name(format!(".{name}{LOCK_SUFFIX}"))
}

/// Open the lock file, creating it empty. It is only locked, never written,
/// so reading suffices: a lock file another user's build created can be
/// locked by anyone who may read it. On Linux a symlink in its place is
/// refused rather than followed, so the lock cannot be made to create a
/// file elsewhere.
fn open(path: &Path) -> Result<File> {
    let opened = with_no_follow(OpenOptions::new().read(true)).open(path);
    let opened = match opened {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            with_no_follow(OpenOptions::new().write(true).create(true).truncate(false)).open(path)
        }
        other => other,
    };
    opened.with_context(|| format!("cannot open the build lock `{}`", path.display()))
}

fn with_no_follow(options: &mut OpenOptions) -> &mut OpenOptions {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32);
    }
    options
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lock_file_is_beside_the_output() {
        assert_eq!(
            lock_path(Path::new("/site/out")),
            Path::new("/site/.out.quire-lock")
        );
    }

    #[test]
    fn a_held_lock_fails_at_once_without_waiting_and_is_free_once_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("output");
        let held = OutputLock::acquire(&target, &LockWait::NO_WAIT).unwrap();
        let err = OutputLock::acquire(&target, &LockWait::NO_WAIT).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "another build is writing `{}`; not waiting (--no-wait)",
                target.display()
            )
        );
        drop(held);
        assert!(OutputLock::acquire(&target, &LockWait::NO_WAIT).is_ok());
    }
}
