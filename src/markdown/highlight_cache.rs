//! Highlighted code kept between builds.
//!
//! Highlighting is the costliest part of rendering (syntect's regexes run
//! at about 1 MB/s), yet a block's HTML depends only on its language, its
//! text and the quire binary. So every block highlighted is kept by
//! (language, code): in memory for the rebuilds of `quire serve`, and in a
//! file per space between runs (`QUIRE_CACHE_DIR`, else the user's cache
//! folder), so that `quire build` after `quire check` highlights nothing.
//!
//! The file is only a speed-up: a missing, foreign or damaged file is
//! ignored (it ends with a checksum), and it is written after the render
//! with the blocks that render used, so it never grows with blocks that are
//! gone. Its HTML goes into pages as it is: the cache folder must be
//! writable only by those who may change the site.
//!
//! What is there is still read as untrusted: only a regular file is opened
//! (a named pipe would block the build, a link to `/dev/zero` never ends),
//! and its header states its length, checked against the file's size
//! before the rest is read. Anything else is ignored and replaced.

use rustc_hash::{FxHashMap, FxHasher};
use std::hash::{Hash, Hasher};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, RwLock};

/// First bytes of a cache file; bump the digit when the layout changes.
const MAGIC: &[u8] = b"quire-highlight-cache 2\n";

/// The magic and the file's length in bytes (u64, little-endian).
const HEADER_LEN: usize = MAGIC.len() + 8;

/// The version of this binary, commit included: a cache written by another
/// build of quire may highlight differently.
const BINARY_VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (", env!("QUIRE_COMMIT"), ")");

/// Where the cache of the space at `space` lives: `None` when caching is
/// switched off or there is no cache folder.
fn cache_file(space: &Path) -> Option<PathBuf> {
    let folder = cache_folder(std::env::var_os("QUIRE_CACHE_DIR"))?;
    let space = space.canonicalize().unwrap_or_else(|_| space.to_path_buf());
    let mut hasher = FxHasher::default();
    space.hash(&mut hasher);
    Some(folder.join(format!("highlight-{:016x}.bin", hasher.finish())))
}

/// The folder of `QUIRE_CACHE_DIR` (empty: no cache), else the user's cache
/// folder. Unit tests render many throwaway spaces: they never write into
/// the developer's cache folder unless told where to.
fn cache_folder(variable: Option<std::ffi::OsString>) -> Option<PathBuf> {
    match variable {
        Some(dir) if dir.is_empty() => None,
        Some(dir) => Some(PathBuf::from(dir)),
        None if cfg!(test) => None,
        None => Some(dirs::cache_dir()?.join("quire")),
    }
}

/// Blocks by the hash of (language, code); the entry keeps both to confirm.
/// `quire build` makes one per run; `quire serve` keeps one for all its
/// rebuilds.
#[derive(Default)]
pub struct Cache {
    blocks: RwLock<FxHashMap<u64, Entry>>,
    file: Mutex<Option<PathBuf>>,
    /// Whether the blocks differ from the attached file's.
    changed: AtomicBool,
    hits: AtomicUsize,
    misses: AtomicUsize,
}

struct Entry {
    language: Box<str>,
    code: Box<str>,
    html: Arc<str>,
    used: AtomicBool,
}

impl Cache {
    /// Attach the cache file of the space at `space` (loading it unless it
    /// is already attached) and start a new render: blocks count as unused
    /// until highlighted again. Call before rendering a whole site.
    pub fn begin_render(&self, space: &Path) {
        self.begin(cache_file(space));
    }

    /// Write the blocks the last render used to the attached file, when
    /// they differ from what it holds. Failures are logged, never fatal.
    pub fn finish_render(&self) {
        let (hits, misses) = self.counts();
        tracing::info!("code blocks: {hits} highlighted before, {misses} highlighted now");
        if let Err(e) = self.persist() {
            tracing::debug!("highlight cache not written: {e}");
        }
    }

    /// The HTML of (language, code): kept, or made by `highlight` and kept.
    /// `None` (not highlighted) is not kept: finding that out is cheap.
    pub(crate) fn get_or_insert(
        &self,
        language: &str,
        code: &str,
        highlight: impl FnOnce() -> Option<String>,
    ) -> Option<Arc<str>> {
        let key = key(language, code);
        if let Some(entry) = self.read().get(&key) {
            if &*entry.language == language && &*entry.code == code {
                entry.used.store(true, Ordering::Relaxed);
                self.hits.fetch_add(1, Ordering::Relaxed);
                return Some(Arc::clone(&entry.html));
            }
        }
        let html: Arc<str> = highlight()?.into();
        self.misses.fetch_add(1, Ordering::Relaxed);
        let entry = Entry {
            language: language.into(),
            code: code.into(),
            html: Arc::clone(&html),
            used: AtomicBool::new(true),
        };
        self.write().insert(key, entry);
        self.changed.store(true, Ordering::Relaxed);
        Some(html)
    }

    fn begin(&self, file: Option<PathBuf>) {
        // Without a stamp for this binary, no file can be trusted.
        let file = file.filter(|_| stamp().is_some());
        let mut attached = self.file.lock().unwrap_or_else(|e| e.into_inner());
        if *attached != file {
            if let Some(path) = &file {
                self.load(path);
            }
            *attached = file;
        }
        for entry in self.write().values() {
            entry.used.store(false, Ordering::Relaxed);
        }
        self.hits.store(0, Ordering::Relaxed);
        self.misses.store(0, Ordering::Relaxed);
    }

    /// Add the blocks of the file at `path`, if it is a cache of this binary.
    /// Anything else found there is replaced after the render.
    fn load(&self, path: &Path) {
        let entries = match read_file(path) {
            Ok(None) => return,
            Ok(Some(bytes)) => parse(&bytes)
                .map(|entries| self.insert_unused(&entries))
                .ok_or_else(|| "not a complete cache of this quire binary".to_string()),
            Err(why) => Err(why),
        };
        if let Err(why) = entries {
            tracing::debug!(
                "ignoring the highlight cache {}: {why}; it is replaced",
                path.display()
            );
            self.changed.store(true, Ordering::Relaxed);
        }
    }

    /// Keep cached blocks, unused until a render asks for them.
    fn insert_unused(&self, entries: &[(&str, &str, &str)]) {
        let mut blocks = self.write();
        for &(language, code, html) in entries {
            blocks.entry(key(language, code)).or_insert_with(|| Entry {
                language: language.into(),
                code: code.into(),
                html: html.into(),
                used: AtomicBool::new(false),
            });
        }
    }

    /// Drop the blocks the last render did not use and, when the kept set
    /// changed, write it to the attached file (atomically, via a rename).
    fn persist(&self) -> std::io::Result<()> {
        let dropped = {
            let mut blocks = self.write();
            let before = blocks.len();
            blocks.retain(|_, e| e.used.load(Ordering::Relaxed));
            blocks.len() != before
        };
        let changed = self.changed.swap(false, Ordering::Relaxed) || dropped;
        let file = self.file.lock().unwrap_or_else(|e| e.into_inner()).clone();
        let Some(path) = file.filter(|_| changed) else {
            return Ok(());
        };
        let written = write_atomically(&path, &self.serialise()?);
        if written.is_err() {
            // Try again after the next render.
            self.changed.store(true, Ordering::Relaxed);
        }
        written
    }

    /// The file's bytes (see [`encode`]), blocks sorted so that equal
    /// caches are equal files.
    fn serialise(&self) -> std::io::Result<Vec<u8>> {
        let blocks = self.read();
        let mut entries: Vec<&Entry> = blocks.values().collect();
        entries.sort_by(|a, b| (&a.language, &a.code).cmp(&(&b.language, &b.code)));
        let fields = entries.iter().map(|e| (&*e.language, &*e.code, &*e.html));
        encode(stamp().unwrap_or_default(), fields)
    }

    /// (hits, misses) since the render began; blocks left plain are neither.
    fn counts(&self) -> (usize, usize) {
        (
            self.hits.load(Ordering::Relaxed),
            self.misses.load(Ordering::Relaxed),
        )
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, FxHashMap<u64, Entry>> {
        self.blocks.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, FxHashMap<u64, Entry>> {
        self.blocks.write().unwrap_or_else(|e| e.into_inner())
    }
}

/// Write `bytes` to `path` through a temporary file of this writer alone
/// (several processes, even with the same PID in containers, may share the
/// cache folder), renamed over it.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    static WRITES: AtomicUsize = AtomicUsize::new(0);
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder)?;
    }
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let temporary = path.with_extension(format!(
        "tmp-{}-{nanos}-{}",
        std::process::id(),
        WRITES.fetch_add(1, Ordering::Relaxed)
    ));
    let written = std::fs::File::create_new(&temporary)
        .and_then(|mut file| file.write_all(bytes))
        .and_then(|()| std::fs::rename(&temporary, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}

/// A cache file: magic, the file's length, the stamp, (language, code,
/// html) fields, and a checksum of all that.
fn encode<'e>(
    stamp: &str,
    entries: impl Iterator<Item = (&'e str, &'e str, &'e str)>,
) -> std::io::Result<Vec<u8>> {
    let mut out = MAGIC.to_vec();
    out.extend_from_slice(&[0; 8]);
    write_field(&mut out, stamp.as_bytes())?;
    for (language, code, html) in entries {
        write_field(&mut out, language.as_bytes())?;
        write_field(&mut out, code.as_bytes())?;
        write_field(&mut out, html.as_bytes())?;
    }
    let length = out.len() as u64 + 8;
    out[MAGIC.len()..HEADER_LEN].copy_from_slice(&length.to_le_bytes());
    let checksum = checksum(&out);
    out.extend_from_slice(&checksum.to_le_bytes());
    Ok(out)
}

/// The bytes of the cache file at `path`: `None` when there is none, and
/// why not when something else is there. Only a regular file is opened
/// (without blocking), and only one as long as its header says is read.
fn read_file(path: &Path) -> Result<Option<Vec<u8>>, String> {
    let (mut file, meta) = match crate::fs::open_regular(path) {
        Ok(opened) => opened,
        Err(e) if e.is_not_found() => return Ok(None),
        Err(e) => return Err(e.to_string()),
    };
    let mut header = [0; HEADER_LEN];
    file.read_exact(&mut header)
        .map_err(|_| "shorter than a header".to_string())?;
    let (magic, length) = header.split_at(MAGIC.len());
    if magic != MAGIC {
        return Err("not a highlight cache of this version".into());
    }
    let length = u64::from_le_bytes(length.try_into().expect("8 bytes"));
    let rest = length.checked_sub(HEADER_LEN as u64);
    let Some(rest) = rest.filter(|_| length == meta.len()) else {
        return Err(format!(
            "its header says {length} bytes, but it has {}",
            meta.len()
        ));
    };
    let mut bytes = header.to_vec();
    file.take(rest)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    Ok(Some(bytes))
}

fn checksum(bytes: &[u8]) -> u64 {
    let mut hasher = FxHasher::default();
    hasher.write(bytes);
    hasher.finish()
}

fn key(language: &str, code: &str) -> u64 {
    let mut hasher = FxHasher::default();
    language.hash(&mut hasher);
    code.hash(&mut hasher);
    hasher.finish()
}

/// What the cached HTML depends on besides the block: this binary, by its
/// version and commit, size and modification time, so a rebuilt or
/// reinstalled quire (other sources, other versions of syntect and its
/// syntaxes) starts a new cache. `None` when the binary cannot be looked at.
fn stamp() -> Option<&'static str> {
    static STAMP: OnceLock<Option<String>> = OnceLock::new();
    STAMP
        .get_or_init(|| {
            let binary = std::env::current_exe().and_then(std::fs::metadata).ok()?;
            let time = binary.modified().ok()?;
            let nanos = time.duration_since(std::time::UNIX_EPOCH).ok()?.as_nanos();
            Some(format!("{} {} {nanos}", BINARY_VERSION, binary.len()))
        })
        .as_deref()
}

fn write_field(out: &mut impl Write, bytes: &[u8]) -> std::io::Result<()> {
    let length = u32::try_from(bytes.len()).map_err(std::io::Error::other)?;
    out.write_all(&length.to_le_bytes())?;
    out.write_all(bytes)
}

/// The (language, code, html) triples of a cache file, or `None` when it is
/// not a complete cache written by this binary.
fn parse(bytes: &[u8]) -> Option<Vec<(&str, &str, &str)>> {
    let (body, sum) = bytes.split_last_chunk::<8>()?;
    if checksum(body) != u64::from_le_bytes(*sum) {
        return None;
    }
    let (length, mut rest) = body.strip_prefix(MAGIC)?.split_first_chunk::<8>()?;
    if u64::from_le_bytes(*length) != bytes.len() as u64 {
        return None;
    }
    if Some(read_field(&mut rest)?) != stamp() {
        return None;
    }
    let mut entries = Vec::new();
    while !rest.is_empty() {
        entries.push((
            read_field(&mut rest)?,
            read_field(&mut rest)?,
            read_field(&mut rest)?,
        ));
    }
    Some(entries)
}

fn read_field<'a>(rest: &mut &'a [u8]) -> Option<&'a str> {
    let (length, after) = rest.split_first_chunk::<4>()?;
    let length = usize::try_from(u32::from_le_bytes(*length)).ok()?;
    if after.len() < length {
        return None;
    }
    let (field, after) = after.split_at(length);
    *rest = after;
    std::str::from_utf8(field).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fake_highlight(code: &str) -> Option<String> {
        Some(format!("<b>{code}</b>"))
    }

    fn cache_in(dir: &Path) -> (Cache, PathBuf) {
        let cache = Cache::default();
        let file = dir.join("highlight-test.bin");
        cache.begin(Some(file.clone()));
        (cache, file)
    }

    fn tempdir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "quire-highlight-cache-{name}-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_block_is_highlighted_once_and_then_found() {
        let cache = Cache::default();
        let mut calls = 0;
        for _ in 0..3 {
            let html = cache.get_or_insert("bash", "ls\n", || {
                calls += 1;
                fake_highlight("ls")
            });
            assert_eq!(html.as_deref(), Some("<b>ls</b>"));
        }
        assert_eq!(calls, 1);
        assert_eq!(cache.counts(), (2, 1));
        // A block left plain is neither kept nor counted.
        assert_eq!(cache.get_or_insert("klingon", "x\n", || None), None);
        assert_eq!(cache.counts(), (2, 1));
        // Same code, another language: another block.
        let other = cache.get_or_insert("sh", "ls\n", || fake_highlight("sh"));
        assert_eq!(other.as_deref(), Some("<b>sh</b>"));
    }

    #[test]
    fn blocks_survive_a_new_process_through_the_file() {
        let dir = tempdir("survive");
        let (cache, file) = cache_in(&dir);
        cache.get_or_insert("json", "{}\n", || fake_highlight("{}"));
        cache.persist().unwrap();
        assert!(file.is_file());

        let (next, _) = cache_in(&dir);
        let html = next.get_or_insert("json", "{}\n", || panic!("should be cached"));
        assert_eq!(html.as_deref(), Some("<b>{}</b>"));
        assert_eq!(next.counts(), (1, 0));
    }

    #[test]
    fn only_the_blocks_of_the_last_render_are_written() {
        let dir = tempdir("prune");
        let (cache, file) = cache_in(&dir);
        cache.get_or_insert("yaml", "a: 1\n", || fake_highlight("old"));
        cache.persist().unwrap();
        cache.begin(Some(file.clone()));
        cache.get_or_insert("yaml", "a: 2\n", || fake_highlight("new"));
        cache.persist().unwrap();

        let bytes = std::fs::read(&file).unwrap();
        let entries = parse(&bytes).unwrap();
        assert_eq!(entries, vec![("yaml", "a: 2\n", "<b>new</b>")]);
    }

    #[test]
    fn an_unchanged_cache_is_not_rewritten() {
        let dir = tempdir("unchanged");
        let (cache, file) = cache_in(&dir);
        cache.get_or_insert("yaml", "a: 1\n", || fake_highlight("a"));
        cache.persist().unwrap();
        std::fs::remove_file(&file).unwrap();
        cache.begin(Some(file.clone()));
        cache.get_or_insert("yaml", "a: 1\n", || fake_highlight("a"));
        cache.persist().unwrap();
        assert!(
            !file.exists(),
            "a render of the same blocks wrote the file again"
        );
    }

    #[test]
    fn a_failed_write_is_tried_again_after_the_next_render() {
        let dir = tempdir("retry");
        let blocker = dir.join("folder");
        std::fs::write(&blocker, "a file where the folder should be").unwrap();
        let cache = Cache::default();
        let file = blocker.join("highlight-test.bin");
        cache.begin(Some(file.clone()));
        cache.get_or_insert("json", "[]\n", || fake_highlight("[]"));
        assert!(cache.persist().is_err());

        std::fs::remove_file(&blocker).unwrap();
        cache.begin(Some(file.clone()));
        cache.get_or_insert("json", "[]\n", || panic!("should be cached"));
        cache.persist().unwrap();
        assert!(parse(&std::fs::read(&file).unwrap()).is_some());
        let leftovers = std::fs::read_dir(&blocker).unwrap().count();
        assert_eq!(leftovers, 1, "temporary files left behind");
    }

    #[test]
    fn damaged_or_foreign_files_are_ignored() {
        let dir = tempdir("damaged");
        let (cache, file) = cache_in(&dir);
        cache.get_or_insert("bash", "echo hi\n", || fake_highlight("hi"));
        cache.persist().unwrap();
        let good = std::fs::read(&file).unwrap();

        let blocks = [("bash", "echo hi\n", "<b>hi</b>")];
        let foreign = encode("quire 0.0.1 (other) 1 2", blocks.into_iter()).unwrap();
        let stamp_end = HEADER_LEN + 4 + stamp().unwrap().len();
        // A byte changed in the middle: only the checksum can tell.
        let mut flipped = good.clone();
        flipped[stamp_end + 6] ^= 1;
        let damaged: Vec<Vec<u8>> = vec![
            good[..good.len() - 3].to_vec(),
            good[..MAGIC.len() + 2].to_vec(),
            b"not a cache".to_vec(),
            Vec::new(),
            foreign,
            flipped,
            [&good[..], &[0xff, 0xff, 0xff, 0xff, b'x']].concat(),
        ];
        for bytes in damaged {
            std::fs::write(&file, &bytes).unwrap();
            let (fresh, _) = cache_in(&dir);
            let mut highlighted = false;
            fresh.get_or_insert("bash", "echo hi\n", || {
                highlighted = true;
                fake_highlight("hi")
            });
            assert!(highlighted, "used a damaged cache: {bytes:?}");
        }
    }

    /// `read_file` on another thread: a read that blocks fails the test
    /// instead of hanging it.
    fn read_file_promptly(path: &Path) -> Result<Option<Vec<u8>>, String> {
        let (sender, receiver) = std::sync::mpsc::channel();
        let path = path.to_path_buf();
        std::thread::spawn(move || sender.send(read_file(&path)));
        receiver
            .recv_timeout(std::time::Duration::from_secs(30))
            .expect("reading the cache file blocked")
    }

    /// A named pipe, a device, and files whose size is not their header's
    /// are refused before their content is read, then replaced.
    #[cfg(unix)]
    #[test]
    fn only_a_regular_file_of_the_stated_size_is_read_and_others_are_replaced() {
        let dir = tempdir("hostile");
        let (cache, file) = cache_in(&dir);
        cache.get_or_insert("bash", "echo hi\n", || fake_highlight("hi"));
        cache.persist().unwrap();
        let good_len = std::fs::metadata(&file).unwrap().len();
        let sparse = |path: &Path, header: &[u8]| {
            std::fs::write(path, header).unwrap();
            let f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
            f.set_len(200 << 20).unwrap();
        };
        let good = std::fs::read(&file).unwrap();
        let make = |name: &str, path: &Path| match name {
            "pipe" => {
                let made = std::process::Command::new("mkfifo").arg(path).status();
                assert!(made.unwrap().success());
            }
            "zero" => std::os::unix::fs::symlink("/dev/zero", path).unwrap(),
            "longer" => sparse(path, &good),
            _ => sparse(path, b""),
        };
        let hostile = [
            (
                "pipe",
                "it is a named pipe (FIFO), not a regular file".to_string(),
            ),
            (
                "zero",
                "it is a character device, not a regular file".into(),
            ),
            (
                "longer",
                format!("its header says {good_len} bytes, but it has 209715200"),
            ),
            ("junk", "not a highlight cache of this version".into()),
        ];
        for (name, why) in hostile {
            std::fs::remove_file(&file).unwrap();
            make(name, &file);
            assert_eq!(read_file_promptly(&file), Err(why), "{name}");
            // Replaced even by a render that highlighted nothing new.
            let (fresh, _) = cache_in(&dir);
            fresh.persist().unwrap();
            let replaced = read_file_promptly(&file).unwrap().expect("a file");
            assert!(parse(&replaced).is_some(), "{name} was not replaced");
        }
    }

    #[test]
    fn the_variable_chooses_the_folder_or_switches_caching_off() {
        assert_eq!(
            cache_folder(Some("/ci/cache".into())),
            Some(PathBuf::from("/ci/cache"))
        );
        assert_eq!(cache_folder(Some("".into())), None);
    }
}
