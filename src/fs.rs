//! `std::fs` wrappers whose errors name the file they were about.
//!
//! Files are read only when they are regular files: a named pipe blocks a
//! reader forever and a device never ends, and either may sit in a space
//! under any name. [`read_regular`] looks at the type before opening, opens
//! without blocking, and checks the type of what it opened before reading.

use anyhow::{Context, Result};
use std::fs::{File, FileType, Metadata};
use std::io::Read;
use std::path::Path;

/// Part of the name of the output's staging and retired folders, which
/// `write` makes and discovery skips.
pub const STAGING_TAG: &str = ".quire-staging-";

/// File that marks a folder as made by quire (`write`), so it may be
/// replaced and is never read as content.
pub const MARKER: &str = ".quire-output";

/// Why a file was not read.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ReadError {
    /// A folder, named pipe, device or socket where a file was expected.
    #[error("it is {0}, not a regular file")]
    NotRegular(&'static str),
    /// Over the size limit for files that quire parses.
    #[error("it is {}, over the limit of {} (`limits.max_file_mb` in quire.yaml)", megabytes(*size), megabytes(*limit))]
    TooLarge { size: u64, limit: u64 },
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

impl ReadError {
    /// The error for a diagnostic about `path`: read failures name the file
    /// as `std::fs` errors do, refusals say the file was not read.
    pub(crate) fn message(&self, path: &Path) -> String {
        match self {
            ReadError::Io(e) => format!("failed to read `{}`: {e}", path.display()),
            refused => format!("not read: {refused}"),
        }
    }

    /// Whether the file is simply not there.
    pub(crate) fn is_not_found(&self) -> bool {
        matches!(self, ReadError::Io(e) if e.kind() == std::io::ErrorKind::NotFound)
    }
}

/// A regular file's bytes, refused when it is larger than `limit` bytes.
pub(crate) fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let (file, meta) = open_regular(path)?;
    if meta.len() > limit {
        return Err(ReadError::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    // A file that grows while it is read is still cut off at the limit.
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    let size = bytes.len() as u64;
    if size > limit {
        return Err(ReadError::TooLarge { size, limit });
    }
    Ok(bytes)
}

/// Open a regular file for reading, with its metadata. Anything else is
/// refused by its type before it is opened, and again after (it may have
/// been swapped meanwhile): opened without blocking, so a named pipe with
/// no writer cannot hold the open.
pub(crate) fn open_regular(path: &Path) -> Result<(File, Metadata), ReadError> {
    let before = std::fs::metadata(path)?;
    if !before.is_file() {
        return Err(ReadError::NotRegular(kind_name(before.file_type())));
    }
    let file = open_nonblocking(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(kind_name(meta.file_type())));
    }
    Ok((file, meta))
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    // NOCTTY: a terminal device opened here must not become ours.
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    File::open(path)
}

/// What a file that is not a regular file is, in words.
pub(crate) fn kind_name(kind: FileType) -> &'static str {
    if kind.is_dir() {
        return "a folder";
    }
    if kind.is_symlink() {
        return "a symlink";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if kind.is_char_device() {
            return "a character device";
        }
        if kind.is_block_device() {
            return "a block device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    "a special file"
}

/// A size for messages: `100.0 MB` (binary megabytes, as the limit is set).
pub(crate) fn megabytes(bytes: u64) -> String {
    let mb = bytes as f64 / (1024.0 * 1024.0);
    if bytes.is_multiple_of(1024 * 1024) {
        format!("{mb:.0} MB")
    } else {
        format!("{mb:.1} MB")
    }
}

/// A regular file's text (UTF-8), refused when it is larger than `limit` bytes.
pub(crate) fn read_text(path: &Path, limit: u64) -> Result<String, ReadError> {
    String::from_utf8(read_regular(path, limit)?).map_err(|_| {
        // std::fs::read_to_string's words for it.
        let e = std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "stream did not contain valid UTF-8",
        );
        ReadError::Io(e)
    })
}

pub(crate) fn read(path: &Path) -> Result<Vec<u8>> {
    read_regular(path, u64::MAX).with_context(|| format!("failed to read `{}`", path.display()))
}

pub(crate) fn write(path: &Path, bytes: impl AsRef<[u8]>) -> Result<()> {
    std::fs::write(path, bytes).with_context(|| format!("failed to write `{}`", path.display()))
}

pub(crate) fn create_dir_all(path: &Path) -> Result<()> {
    std::fs::create_dir_all(path)
        .with_context(|| format!("failed to create folder `{}`", path.display()))
}

/// Copy a regular file (anything else is refused without being read),
/// keeping its permissions as `std::fs::copy` does.
pub(crate) fn copy(from: &Path, to: &Path) -> Result<()> {
    let copied = || -> Result<(), ReadError> {
        let (mut source, meta) = open_regular(from)?;
        let mut target = File::create(to)?;
        std::io::copy(&mut source, &mut target)?;
        target.set_permissions(meta.permissions())?;
        Ok(())
    };
    copied().with_context(|| format!("failed to copy `{}` to `{}`", from.display(), to.display()))
}

pub(crate) fn remove_dir_all(path: &Path) -> Result<()> {
    std::fs::remove_dir_all(path).with_context(|| format!("failed to remove `{}`", path.display()))
}

pub(crate) fn remove_file(path: &Path) -> Result<()> {
    std::fs::remove_file(path).with_context(|| format!("failed to remove `{}`", path.display()))
}

pub(crate) fn read_dir(path: &Path) -> Result<std::fs::ReadDir> {
    std::fs::read_dir(path).with_context(|| format!("failed to read `{}`", path.display()))
}

pub(crate) fn rename(from: &Path, to: &Path) -> Result<()> {
    std::fs::rename(from, to).with_context(|| {
        format!(
            "failed to rename `{}` to `{}`",
            from.display(),
            to.display()
        )
    })
}

/// A temporary folder holding `files` (path, text), folders created as
/// needed: the spaces that unit tests load.
#[cfg(test)]
pub(crate) fn temp_space(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (path, text) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().expect("a file in the folder")).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}
