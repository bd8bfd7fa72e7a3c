//! Issue 22 §6: builds into one output take turns. Six at once used to lose
//! the ownership marker (every later build then refused the folder) or mix
//! pages of two builds; now each holds `.<out>.quire-lock` from staging to
//! swap, and the others wait, or give up when told not to wait.

use crate::util::{quire_command, Run, Space};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

/// A space of `pages` pages, so that a build takes a moment.
fn space_of(pages: usize) -> Space {
    let space = Space::new();
    space.file("README.md", "# Home\n");
    for i in 0..pages {
        let next = (i + 1) % pages;
        space.file(
            &format!("p{i}.md"),
            &format!("# Page {i}\n\nText of page {i}; [next](p{next}.md).\n"),
        );
    }
    space
}

fn build_into(space: &Space, out: &Path, extra: &[&str]) -> std::process::Command {
    let mut command = quire_command();
    command
        .arg("build")
        .arg(space.path())
        .arg("--out")
        .arg(out)
        .args(extra);
    command
}

/// The lock a build of `out` takes, held here as another build would.
fn hold_lock(out: &Path) -> File {
    let name = out.file_name().unwrap().to_string_lossy();
    let path = out.with_file_name(format!(".{name}.quire-lock"));
    let file = File::options()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .unwrap();
    file.lock().unwrap();
    file
}

/// Six builds with different base URLs into one output, three times: every
/// build succeeds, the marker stays, and every page of the result comes
/// from the same build.
#[test]
fn concurrent_builds_into_one_output_take_turns() {
    let space = space_of(150);
    let out = space.path().join("site");
    for round in 0..3 {
        let builds: Vec<_> = (0..6)
            .map(|i| {
                let url = format!("https://b{i}.example.com/");
                build_into(&space, &out, &["--base-url", &url, "-q"])
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for build in builds {
            let run = Run::from(build.wait_with_output().unwrap());
            assert_eq!(run.code, 0, "round {round}: {}", run.stderr);
        }
        assert!(out.join(".quire-output").is_file(), "round {round}: marker");
        let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
        let base = (0..6)
            .map(|i| format!("https://b{i}.example.com/"))
            .find(|base| sitemap.contains(base.as_str()))
            .expect("a base URL in the sitemap");
        let pages = crate::util::snapshot_dir(&out);
        // Every page names its build's base URL (print.html names none).
        let html: Vec<_> = pages
            .iter()
            .filter(|(p, _)| p.ends_with(".html") && p != "print.html")
            .collect();
        assert!(html.len() > 150);
        for (page, bytes) in html {
            let text = String::from_utf8_lossy(bytes);
            assert!(
                text.contains(&base),
                "round {round}: {page} is not from {base}"
            );
        }
        let leftovers: Vec<PathBuf> = std::fs::read_dir(space.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.to_string_lossy().contains("quire-staging"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }
}

/// With `--no-wait`, a build of a locked output gives up at once (exit 2)
/// and leaves the previous output as it was; `--wait-timeout` gives up
/// after that long, saying first that it waits.
#[test]
fn a_locked_output_is_left_alone_without_waiting_or_after_the_timeout() {
    let space = space_of(3);
    let out = space.path().join("site");
    let first = Run::from(build_into(&space, &out, &[]).output().unwrap());
    assert_eq!(first.code, 0, "{}", first.stderr);
    let before = crate::util::snapshot_dir(&out);
    space.file("p0.md", "# Changed\n");
    let held = hold_lock(&out);
    let run = Run::from(build_into(&space, &out, &["--no-wait"]).output().unwrap());
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        format!(
            "error: another build is writing `{}`; not waiting (--no-wait)\n",
            out.display()
        )
    );
    let started = Instant::now();
    let run = Run::from(
        build_into(&space, &out, &["--wait-timeout", "1"])
            .output()
            .unwrap(),
    );
    assert!(started.elapsed() >= Duration::from_secs(1));
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        format!(
            "waiting for another build writing `{0}` to finish (up to 1 s, --wait-timeout)\n\
             error: another build was still writing `{0}` after 1 s (--wait-timeout); this build wrote nothing\n",
            out.display()
        )
    );
    assert_eq!(crate::util::snapshot_dir(&out), before);
    drop(held);
    let run = Run::from(build_into(&space, &out, &["--no-wait"]).output().unwrap());
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// A waiting build says so, even with `-q`, and goes on as soon as the
/// lock is free.
#[test]
fn a_waiting_build_goes_on_when_the_other_finishes() {
    let space = space_of(3);
    let out = space.path().join("site");
    let held = hold_lock(&out);
    let mut build = build_into(&space, &out, &["-q"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = std::io::BufReader::new(build.stderr.take().unwrap());
    let mut first_line = String::new();
    std::io::BufRead::read_line(&mut stderr, &mut first_line).unwrap();
    assert_eq!(
        first_line,
        format!(
            "waiting for another build writing `{}` to finish (up to 600 s, --wait-timeout)\n",
            out.display()
        )
    );
    drop(held);
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
    assert!(build.wait().unwrap().success(), "{rest}");
    assert_eq!(rest, "");
    assert!(out.join("index.html").is_file());
}

/// A build killed while it holds the lock leaves no lock behind: the
/// operating system releases it with the process.
#[cfg(unix)]
#[test]
fn a_killed_build_leaves_no_lock_behind() {
    let space = space_of(2000);
    let out = space.path().join("site");
    let lock = out.with_file_name(".site.quire-lock");
    let mut build = build_into(&space, &out, &["-q"]).spawn().unwrap();
    // Wait until the build holds the lock, then kill it.
    let held = loop {
        if let Ok(file) = File::open(&lock) {
            if matches!(file.try_lock(), Err(std::fs::TryLockError::WouldBlock)) {
                break true;
            }
        }
        if build.try_wait().unwrap().is_some() {
            break false;
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    build.kill().unwrap();
    build.wait().unwrap();
    assert!(held, "the build ended before it was seen holding the lock");
    let run = Run::from(
        build_into(&space, &out, &["--no-wait", "-q"])
            .output()
            .unwrap(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(out.join(".quire-output").is_file());
}
