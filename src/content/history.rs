//! When each page last changed, for the footer's "last updated".
//!
//! In a git checkout it is the date of the last commit that touched the
//! file, read in one `git log` pass for the whole space (stopped as soon as
//! every page has its date). A page with uncommitted changes, a page git does
//! not know, and every page outside a checkout use the file's modification
//! time. Dates are `YYYY-MM-DD`, committer dates as git prints them; file
//! times are UTC.

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::SystemTime;

/// Dates from git for the pages in `sources` (relative to `space`) that are
/// committed and unchanged since; empty when `space` is not in a git
/// checkout or git is not installed.
pub fn git_dates(space: &Path, sources: &[String]) -> HashMap<String, String> {
    let Some(changed) = uncommitted(space) else {
        return HashMap::new();
    };
    let mut wanted: HashSet<&str> = sources
        .iter()
        .map(String::as_str)
        .filter(|s| !changed.contains(*s))
        .collect();
    let mut dates = HashMap::new();
    if wanted.is_empty() {
        return dates;
    }
    let child = Command::new("git")
        .args([
            "-c",
            "core.quotePath=off",
            "log",
            "--format=%x1e%cs",
            "--name-only",
        ])
        .args(["-z", "--no-renames", "--relative", "--", "."])
        .current_dir(space)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
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

/// Files under `space` (relative to it) that differ from the last commit or
/// that git does not track; `None` outside a git checkout.
fn uncommitted(space: &Path) -> Option<HashSet<String>> {
    let prefix = git(space, &["rev-parse", "--show-prefix"])?;
    let prefix = String::from_utf8_lossy(&prefix).trim().to_string();
    let status = git(
        space,
        &[
            "status",
            "--porcelain",
            "-z",
            "--untracked-files=all",
            "--no-renames",
            "--",
            ".",
        ],
    )?;
    Some(
        status
            .split(|b| *b == 0)
            .filter(|entry| entry.len() > 3)
            // "XY path", with the path relative to the repository's root.
            .map(|entry| String::from_utf8_lossy(&entry[3..]).into_owned())
            .filter_map(|path| path.strip_prefix(&prefix).map(str::to_string))
            .collect(),
    )
}

fn git(dir: &Path, args: &[&str]) -> Option<Vec<u8>> {
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        .stderr(Stdio::null())
        .output()
        .ok()?;
    output.status.success().then_some(output.stdout)
}

/// The UTC date of a file's modification time.
pub fn file_date(path: &Path) -> Option<String> {
    let modified = std::fs::metadata(path).ok()?.modified().ok()?;
    let seconds = modified
        .duration_since(SystemTime::UNIX_EPOCH)
        .ok()?
        .as_secs();
    Some(date_of_day(seconds as i64 / 86_400))
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
        if git(dir.path(), &["rev-parse", "--show-prefix"]).is_none() {
            assert!(git_dates(dir.path(), &["a.md".into()]).is_empty());
        }
        assert!(file_date(&dir.path().join("a.md")).is_some());
        assert!(file_date(&dir.path().join("missing.md")).is_none());
    }
}
