//! When each page last changed, for the footer's "last updated".
//!
//! In a git checkout it is the date of the last commit that touched the
//! file, read in one `git log` pass for the whole space (stopped as soon as
//! every page has its date). A page with uncommitted changes, a page git does
//! not know, and every page outside a checkout use the file's modification
//! time. Dates are `YYYY-MM-DD`, committer dates as git prints them; file
//! times are UTC.
//!
//! A repository's own configuration can name programs (`core.fsmonitor`,
//! filter drivers, `gpg.program`, pagers, external diffs), and whoever can
//! push content chooses it. So git is only asked to read history and trees,
//! never to look at the work tree: quire tells "changed since the last
//! commit" itself, by hashing each file as git hashes a blob.

use sha1::{Digest, Sha1};
use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::SystemTime;

/// Dates from git for the pages in `sources` (relative to `space`) that are
/// committed and unchanged since; empty when `space` is not in a git
/// checkout or git is not installed.
pub(crate) fn git_dates(space: &Path, sources: &[String]) -> HashMap<String, String> {
    let Some(committed) = committed_blobs(space) else {
        return HashMap::new();
    };
    let mut wanted: HashSet<&str> = sources
        .iter()
        .map(String::as_str)
        .filter(|source| unchanged(space, source, &committed))
        .collect();
    let mut dates = HashMap::new();
    if wanted.is_empty() {
        return dates;
    }
    let child = history_reader(space)
        .args([
            "log",
            "--no-show-signature",
            "--no-ext-diff",
            "--no-textconv",
        ])
        .args(["--format=%x1e%cs", "--name-only", "-z", "--no-renames"])
        .args(["--relative", "--", "."])
        .stdout(Stdio::piped())
        .spawn();
    let Ok(mut child) = child else {
        return dates;
    };
    let Some(stdout) = child.stdout.take() else {
        return dates;
    };
    let mut date = String::new();
    // Records end with NUL: a commit's "\x1eDATE" line glued to its first
    // file name, then one file name per record.
    for record in BufReader::new(stdout).split(0).map_while(Result::ok) {
        let mut text = String::from_utf8_lossy(&record).into_owned();
        if let Some(rest) = text.strip_prefix('\u{1e}') {
            let (day, first) = rest.split_once('\n').unwrap_or((rest, ""));
            date = day.trim().to_string();
            text = first.to_string();
        }
        let path = text.trim_start_matches('\n');
        if wanted.remove(path) {
            dates.insert(path.to_string(), date.clone());
            if wanted.is_empty() {
                break;
            }
        }
    }
    // Everything wanted is found: the rest of the history is not needed.
    let _ = child.kill();
    let _ = child.wait();
    dates
}

/// A committed file: its blob's size and object id (lowercase hex).
struct Blob {
    size: u64,
    id: String,
}

/// The files of the last commit under `space` (paths relative to it), from
/// the commit's tree alone; `None` outside a git checkout.
fn committed_blobs(space: &Path) -> Option<HashMap<String, Blob>> {
    let output = history_reader(space)
        .args(["ls-tree", "-r", "-z", "--long", "HEAD", "--", "."])
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    Some(
        output
            .stdout
            .split(|b| *b == 0)
            .filter_map(|entry| parse_tree_entry(&String::from_utf8_lossy(entry)))
            .collect(),
    )
}

/// "MODE blob ID    SIZE\tPATH", as `ls-tree --long` prints a file.
fn parse_tree_entry(entry: &str) -> Option<(String, Blob)> {
    let (meta, path) = entry.split_once('\t')?;
    let mut fields = meta.split_whitespace();
    let (_mode, kind, id, size) = (
        fields.next()?,
        fields.next()?,
        fields.next()?,
        fields.next()?,
    );
    let blob = Blob {
        size: size.parse().ok()?,
        id: id.to_ascii_lowercase(),
    };
    (kind == "blob").then(|| (path.to_string(), blob))
}

/// Whether the file at `source` holds exactly what the last commit holds.
/// A file written through a filter or line-ending conversion differs from
/// its blob and so counts as changed: its own time is shown, never a guess.
fn unchanged(space: &Path, source: &str, committed: &HashMap<String, Blob>) -> bool {
    let Some(blob) = committed.get(source) else {
        return false;
    };
    // Object ids of SHA-256 repositories are 64 digits: not compared here.
    // Read as pages are read (regular files only), and a file larger than
    // its blob is not read at all.
    blob.id.len() == 40
        && crate::fs::read_regular(&space.join(source), blob.size)
            .is_ok_and(|bytes| bytes.len() as u64 == blob.size && blob_id(&bytes) == blob.id)
}

/// The SHA-1 object id git gives a blob with these bytes.
fn blob_id(bytes: &[u8]) -> String {
    let mut hasher = Sha1::new();
    hasher.update(format!("blob {}\0", bytes.len()));
    hasher.update(bytes);
    hasher
        .finalize()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// `git` in `dir`, set up to read objects and run nothing a repository's
/// or the system's configuration names: no system config, no fsmonitor,
/// no pager, no signature check, paths printed as they are.
fn history_reader(dir: &Path) -> Command {
    let mut git = Command::new("git");
    git.current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env_remove("GIT_EXTERNAL_DIFF")
        .args(["--no-pager", "--no-replace-objects"])
        .args(["-c", "core.fsmonitor=false", "-c", "core.quotePath=off"])
        .args(["-c", "log.showSignature=false"])
        .stdin(Stdio::null())
        .stderr(Stdio::null());
    git
}

/// The UTC date of a file's modification time.
pub(crate) fn file_date(path: &Path) -> Option<String> {
    let modified = std::fs::metadata(path).ok()?.modified().ok()?;
    let seconds = modified
        .duration_since(SystemTime::UNIX_EPOCH)
        .ok()?
        .as_secs();
    Some(date_of_day(seconds as i64 / 86_400))
}

/// Today's UTC date, `YYYY-MM-DD`.
pub(crate) fn today() -> String {
    let seconds = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    date_of_day(seconds as i64 / 86_400)
}

/// `YYYY-MM-DD` of a day counted from 1970-01-01 (proleptic Gregorian),
/// by splitting days into 400-year eras of 146,097 days.
fn date_of_day(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153; // March = 0
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_become_calendar_dates() {
        assert_eq!(date_of_day(0), "1970-01-01");
        assert_eq!(date_of_day(59), "1970-03-01");
        assert_eq!(date_of_day(11_016), "2000-02-29");
        assert_eq!(date_of_day(19_782), "2024-02-29");
        assert_eq!(date_of_day(20_787), "2026-11-30");
        assert_eq!(date_of_day(-1), "1969-12-31");
        // Every day of four centuries parses back as a real date, in order.
        let mut previous = String::new();
        for day in -36_524..109_572 {
            let date = date_of_day(day);
            assert!(crate::content::dates::parse_iso(&date).is_some(), "{date}");
            assert!(date > previous, "{date} after {previous}");
            previous = date;
        }
    }

    #[test]
    fn outside_a_checkout_git_gives_nothing() {
        let dir = crate::fs::temp_space(&[("a.md", "# A\n")]);
        // A temp folder may sit inside some checkout; make sure it does not.
        if committed_blobs(dir.path()).is_none() {
            assert!(git_dates(dir.path(), &["a.md".into()]).is_empty());
        }
        assert!(file_date(&dir.path().join("a.md")).is_some());
        assert!(file_date(&dir.path().join("missing.md")).is_none());
    }

    #[test]
    fn blobs_are_hashed_and_listed_as_git_does() {
        // `git hash-object` of nothing, and of "hello\n".
        assert_eq!(blob_id(b""), "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
        assert_eq!(
            blob_id(b"hello\n"),
            "ce013625030ba8dba906f756967f9e9ca394464a"
        );
        let (path, blob) = parse_tree_entry(
            "100644 blob ce013625030ba8dba906f756967f9e9ca394464a       6\tguides/a b.md",
        )
        .unwrap();
        assert_eq!((path.as_str(), blob.size), ("guides/a b.md", 6));
        assert!(parse_tree_entry("160000 commit 1234567890 -\tvendored").is_none());
        assert!(parse_tree_entry("garbage").is_none());
    }
}
