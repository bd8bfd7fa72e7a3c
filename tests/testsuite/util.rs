//! Test harness: a temporary space, built with the real binary.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A GitBook space (or project) in a temporary folder.
pub struct Space {
    dir: tempfile::TempDir,
}

/// What one run of `quire` did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// The `quire` binary under test, with the highlight cache off: throwaway
/// spaces stay out of the user's cache folder (tests of the cache name a
/// folder with `.env`).
pub fn quire_command() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_quire"));
    command.env("QUIRE_CACHE_DIR", "");
    command
}

/// Run `quire <args…>` in `cwd`.
pub fn quire<S: AsRef<std::ffi::OsStr>>(cwd: &Path, args: &[S]) -> Run {
    quire_env(cwd, args, &[])
}

pub fn quire_env<S: AsRef<std::ffi::OsStr>>(cwd: &Path, args: &[S], env: &[(&str, &str)]) -> Run {
    let output = quire_command()
        .args(args)
        .current_dir(cwd)
        .envs(env.iter().copied())
        .output()
        .expect("quire runs");
    Run::from(output)
}

/// Run `quire <args…>` in `cwd`, killed (and the test failed) if it is
/// still running after `limit`: for inputs that used to hang it.
pub fn quire_within<S: AsRef<std::ffi::OsStr>>(
    cwd: &Path,
    args: &[S],
    env: &[(&str, &str)],
    limit: Duration,
) -> Run {
    let mut child = quire_command()
        .args(args)
        .current_dir(cwd)
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("quire runs");
    let stdout = drain(child.stdout.take().expect("piped"));
    let stderr = drain(child.stderr.take().expect("piped"));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("quire waited for") {
            break Some(status);
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let (stdout, stderr) = (stdout.join().unwrap(), stderr.join().unwrap());
    let Some(status) = status else {
        panic!("quire was still running after {limit:?}; it said:\n{stderr}");
    };
    Run {
        code: status.code().unwrap_or(-1),
        stdout,
        stderr,
    }
}

/// Read a pipe to its end on a thread of its own.
fn drain(mut pipe: impl Read + Send + 'static) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut bytes = vec![];
        let _ = pipe.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

impl From<std::process::Output> for Run {
    fn from(output: std::process::Output) -> Run {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

impl Space {
    /// An empty space.
    pub fn new() -> Space {
        Space {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// A copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> Space {
        let space = Space::new();
        let from = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        copy_dir(&from, space.path());
        space
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Write a file (folders created as needed).
    pub fn file(&self, rel: &str, text: &str) -> &Space {
        let path = self.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    /// Run `quire build <space> <args…>` with the working directory in the space.
    pub fn build(&self, args: &[&str]) -> Run {
        self.build_env(args, &[])
    }

    pub fn build_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        self.run_env("build", args, env)
    }

    /// `quire build`, failing the test if it runs longer than `limit`.
    pub fn build_within(&self, limit: Duration, args: &[&str]) -> Run {
        self.build_within_env(limit, args, &[])
    }

    pub fn build_within_env(&self, limit: Duration, args: &[&str], env: &[(&str, &str)]) -> Run {
        let path = self.path().to_str().expect("UTF-8 temp path");
        let all: Vec<&str> = ["build", path]
            .into_iter()
            .chain(args.iter().copied())
            .collect();
        quire_within(self.path(), &all, env, limit)
    }

    /// Run `quire <command> <space> <args…>` with the working directory in the space.
    pub fn run(&self, command: &str, args: &[&str]) -> Run {
        self.run_env(command, args, &[])
    }

    fn run_env(&self, command: &str, args: &[&str], env: &[(&str, &str)]) -> Run {
        let path = self.path().to_str().expect("UTF-8 temp path");
        let all: Vec<&str> = [command, path]
            .into_iter()
            .chain(args.iter().copied())
            .collect();
        quire_env(self.path(), &all, env)
    }

    /// Default output folder of a space.
    pub fn out(&self) -> PathBuf {
        self.path().join("output")
    }

    /// A generated file's text.
    pub fn read_out(&self, rel: &str) -> String {
        std::fs::read_to_string(self.out().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }
}

/// Every expected line appears in a run's messages.
pub fn assert_reported(stderr: &str, expected: &[&str]) {
    for line in expected {
        assert!(stderr.contains(line), "missing {line:?} in:\n{stderr}");
    }
}

/// Recursively copy a folder.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir`, relative and sorted, with its bytes.
pub fn snapshot_dir(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// The `href` values of `<a>` elements and `src` of `<img>` in a page (rough, for tests).
pub fn links(html: &str) -> Vec<String> {
    let mut out = vec![];
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let end = rest.find('"').unwrap();
            out.push(decode_entities(&rest[..end]));
        }
    }
    out
}

fn decode_entities(s: &str) -> String {
    s.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
}

/// Assert that every internal link of every written page leads to a written
/// file (links to other hosts, `mailto:` and same-page anchors aside);
/// returns how many were checked.
pub fn assert_internal_links_resolve(out: &Path) -> usize {
    check_internal_links(out, false)
}

/// The same for a site of pretty URLs: a link to a folder (`a/b/`, `./`, `../`)
/// is answered with its `index.html`, as HTTP hosts do.
pub fn assert_pretty_links_resolve(out: &Path) -> usize {
    check_internal_links(out, true)
}

fn check_internal_links(out: &Path, folders: bool) -> usize {
    let mut checked = 0;
    for (rel, bytes) in snapshot_dir(out) {
        if !rel.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        let page_dir = Path::new(&rel).parent().unwrap().to_path_buf();
        for link in links(&html) {
            if link.contains("://") || link.starts_with('#') || link.starts_with("mailto:") {
                continue;
            }
            let path = link.split('#').next().unwrap();
            let decoded = percent_encoding::percent_decode_str(path)
                .decode_utf8()
                .unwrap();
            let mut target = out.join(&page_dir).join(decoded.as_ref());
            if folders && (decoded.is_empty() || decoded.ends_with('/')) {
                target.push("index.html");
            }
            assert!(
                target.is_file(),
                "{rel}: link `{link}` → {} missing",
                target.display()
            );
            checked += 1;
        }
    }
    checked
}

/// The body HTML of a page: what the Markdown stage produced, without the theme.
pub fn render_page(space: &Space, source: &str) -> (String, Vec<String>) {
    let (rendered, load_diagnostics) = render_body(space, source);
    // Loading reports on every file; rendering only on this page and what it includes.
    let diagnostics = load_diagnostics
        .iter()
        .chain(&rendered.diagnostics)
        .map(|d| d.to_string())
        .collect();
    (rendered.html, diagnostics)
}

/// A page's rendered body (HTML, search sections, findings), and the
/// findings of loading its file.
pub fn render_body(
    space: &Space,
    source: &str,
) -> (quire::markdown::Rendered, Vec<quire::error::Diagnostic>) {
    let (config, _) = quire::config::Config::load(&quire::config::Overrides {
        dir: space.path().to_path_buf(),
        ..Default::default()
    })
    .unwrap();
    let (site, load_diagnostics) = quire::content::load(&config).unwrap();
    let page = site.page_by_source(source).expect("page exists");
    let highlights = quire::markdown::highlight_cache::Cache::default();
    let rendered = quire::markdown::render(page, &site, Path::new(source), &highlights);
    let load_diagnostics = load_diagnostics
        .into_iter()
        .filter(|d| d.path == Path::new(source))
        .collect();
    (rendered, load_diagnostics)
}
