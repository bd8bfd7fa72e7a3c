//! `quire serve` (issue 8): the real binary on a free port, spoken to over
//! plain TCP: pages with the reload script, traversal refused, an edit seen
//! as an event and new content, a broken edit as an error event while the
//! last good page stays, and SIGTERM stopping it cleanly.

use crate::util::{quire_command, Space};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

/// Generous: the machine may be busy compiling.
const PATIENCE: Duration = Duration::from_secs(20);

/// A running `quire serve`, killed when dropped.
struct Server {
    child: Child,
    /// `127.0.0.1:PORT`
    addr: String,
    /// The base path (`/` or `/kb/`).
    base: String,
    /// Lines of its standard error, as they arrive.
    stderr: Receiver<String>,
}

impl Server {
    fn start(space: &Space, args: &[&str]) -> Server {
        let mut child = quire_command()
            .arg("serve")
            .arg(space.path())
            .args(["--port", "0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("quire runs");
        let stderr = lines(child.stderr.take().expect("stderr"));
        let stdout = child.stdout.take().expect("stdout");
        let line = first_line(stdout);
        let url = line
            .strip_prefix("Serving at http://")
            .unwrap_or_else(|| panic!("unexpected first line: {line:?}"));
        let (addr, rest) = url.split_once('/').expect("a path");
        Server {
            child,
            addr: addr.to_string(),
            base: format!("/{rest}"),
            stderr,
        }
    }

    fn get(&self, path: &str) -> (u16, String) {
        self.get_with_host(path, &self.addr)
    }

    fn get_with_host(&self, path: &str, host: &str) -> (u16, String) {
        let text = request(&self.addr, path, host);
        let status = text
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("no status in {text:?}"));
        let body = text
            .split_once("\r\n\r\n")
            .map_or("", |(_, b)| b)
            .to_string();
        (status, body)
    }

    /// Lines of the event stream, as they arrive.
    fn events(&self) -> Receiver<String> {
        let mut stream = TcpStream::connect(&self.addr).expect("connect");
        let path = format!("{}__quire/events", self.base);
        write!(stream, "GET {path} HTTP/1.1\r\nHost: {}\r\n\r\n", self.addr).unwrap();
        lines(stream)
    }

    /// Wait for a line on its standard error that starts with `prefix`.
    fn wait_for_stderr(&self, prefix: &str) -> String {
        self.wait_for_stderr_line(|line| line.starts_with(prefix), prefix)
    }

    /// Wait for a line on its standard error that contains `text`.
    fn wait_for_stderr_containing(&self, text: &str) -> String {
        self.wait_for_stderr_line(|line| line.contains(text), text)
    }

    fn wait_for_stderr_line(&self, wanted: impl Fn(&str) -> bool, what: &str) -> String {
        let deadline = Instant::now() + PATIENCE;
        let mut seen = vec![];
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            let Ok(line) = self.stderr.recv_timeout(left) else {
                break;
            };
            if wanted(&line) {
                return line;
            }
            seen.push(line);
        }
        panic!("no stderr line with {what:?}; saw {seen:?}");
    }

    /// Every line on its standard error during `period`.
    fn stderr_during(&self, period: Duration) -> Vec<String> {
        let deadline = Instant::now() + period;
        let mut lines = vec![];
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.stderr.recv_timeout(left) {
                Ok(line) => lines.push(line),
                Err(_) => break,
            }
        }
        lines
    }

    /// A served page without the generation number in its reload script.
    fn get_page(&self, path: &str) -> String {
        let (status, body) = self.get(path);
        assert_eq!(status, 200, "{path}");
        const ATTRIBUTE: &str = "data-quire-generation=\"";
        let Some(start) = body.find(ATTRIBUTE) else {
            return body;
        };
        let value = start + ATTRIBUTE.len();
        let end = value + body[value..].find('"').expect("a closing quote");
        format!("{}{}", &body[..value], &body[end..])
    }

    /// Wait until the page's body contains `text`.
    fn wait_for_page(&self, path: &str, text: &str) -> String {
        let started = Instant::now();
        loop {
            let (status, body) = self.get(path);
            if status == 200 && body.contains(text) {
                return body;
            }
            assert!(started.elapsed() < PATIENCE, "{path} never showed {text:?}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One GET to `addr` with this Host header: the whole response, as text.
fn request(addr: &str, path: &str, host: &str) -> String {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    String::from_utf8_lossy(&response).into_owned()
}

/// The lines read from `from` on a thread of their own.
fn lines(from: impl Read + Send + 'static) -> Receiver<String> {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(from).lines() {
            let Ok(line) = line else { return };
            if sender.send(line).is_err() {
                return;
            }
        }
    });
    receiver
}

fn first_line(stdout: impl Read + Send + 'static) -> String {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = sender.send(line);
    });
    receiver
        .recv_timeout(PATIENCE)
        .expect("`Serving at` in time")
        .trim_end()
        .to_string()
}

/// Wait for an event line starting with `prefix`; returns the data line after it.
fn wait_for_event(events: &Receiver<String>, name: &str) -> String {
    let deadline = Instant::now() + PATIENCE;
    let mut seen = vec![];
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        let Ok(line) = events.recv_timeout(left) else {
            break;
        };
        if line == format!("event: {name}") {
            let data = events.recv_timeout(PATIENCE).unwrap_or_default();
            return data.trim_start_matches("data: ").to_string();
        }
        seen.push(line);
    }
    panic!("no `{name}` event; saw {seen:?}");
}

fn small_space() -> Space {
    let space = Space::new();
    space
        .file("README.md", "# Home\n\nWelcome.\n")
        .file("SUMMARY.md", "* [Home](README.md)\n* [Guide](guide.md)\n")
        .file("guide.md", "# Guide\n\nFirst version.\n")
        .file(
            ".gitbook/assets/logo.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        );
    space
}

#[test]
fn serves_pages_with_the_reload_script_only_when_served() {
    let space = small_space();
    let server = Server::start(&space, &[]);
    assert_eq!(server.base, "/");
    let (status, home) = server.get("/");
    assert_eq!(status, 200);
    assert!(home.contains("Welcome."), "{home}");
    assert!(home.contains("__quire/events"), "no reload script");
    let script = home.find("data-quire-events").unwrap();
    assert!(script < home.rfind("</body>").unwrap());
    let (status, svg) = server.get("/gitbook/assets/logo.svg");
    assert_eq!(status, 200);
    assert!(svg.starts_with("<svg") && !svg.contains("quire/events"));
    // `quire build` output never has it.
    assert_eq!(space.build(&[]).code, 0);
    assert!(!space.read_out("index.html").contains("__quire"));
}

#[test]
fn refuses_traversal_foreign_hosts_and_files_outside_the_site() {
    let space = small_space();
    let server = Server::start(&space, &[]);
    for path in [
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/%252e%252e/%252e%252e/etc/passwd",
        "/..%2f..%2f..%2fetc%2fpasswd",
        "/..\\..\\..\\etc\\passwd",
        "/SUMMARY.md",
        // Sources are not served (`/guide.md` is the page's Markdown twin, an output).
        "/README.md",
        "/.gitbook/assets/logo.svg",
        "/output/index.html",
    ] {
        let (status, body) = server.get(path);
        assert!(status == 400 || status == 404, "{path}: {status}");
        assert!(
            !body.contains("root:") && !body.contains("# Home"),
            "{path}"
        );
    }
    let long = format!("/{}", "a".repeat(10_000));
    let (status, _) = server.get(&long);
    assert!(status == 400 || status == 414 || status == 431, "{status}");
    let (status, _) = server.get_with_host("/", "attacker.example");
    assert_eq!(status, 403);
    let (status, _) = server.get_with_host("/", "localhost");
    assert_eq!(status, 200);
}

#[test]
fn base_path_serves_the_site_under_it() {
    let space = small_space();
    let server = Server::start(&space, &["--base-path", "kb"]);
    assert_eq!(server.base, "/kb/");
    assert_eq!(server.get("/kb/guide.html").0, 200);
    assert_eq!(server.get("/guide.html").0, 404);
    assert_eq!(server.get("/").0, 307);
}

/// Issue 25 §3: a dot-named page listed in SUMMARY.md is served over HTTP
/// at its dot-free path, where the home page's link leads; the source path
/// is not served.
#[test]
fn dot_named_pages_are_served_where_links_lead() {
    let space = Space::fixture("dot-named");
    let server = Server::start(&space, &[]);
    let home = server.get_page("/");
    let href = "importing/with-secret-numbers.html#the-numbers";
    assert!(home.contains(&format!("href=\"{href}\"")), "{home}");
    let page = server.get_page("/importing/with-secret-numbers.html");
    assert!(page.contains("id=\"the-numbers\""), "{page}");
    assert_eq!(server.get("/importing/appendix.html").0, 200);
    assert_eq!(server.get("/importing/...with-secret-numbers.html").0, 404);
    assert_eq!(server.get("/importing/unnamed.html").0, 404);
}

#[test]
fn edit_sends_reload_and_serves_new_content() {
    let space = small_space();
    let server = Server::start(&space, &[]);
    let events = server.events();
    wait_for_event(&events, "hello");
    space.file("guide.md", "# Guide\n\nSecond version.\n");
    wait_for_event(&events, "reload");
    server.wait_for_page("/guide.html", "Second version.");
}

#[test]
fn broken_front_matter_sends_errors_and_keeps_the_last_good_page() {
    let space = small_space();
    let server = Server::start(&space, &[]);
    let events = server.events();
    wait_for_event(&events, "hello");
    space.file(
        "guide.md",
        "---\ntitle: [oops\n---\n# Guide\n\nBroken version.\n",
    );
    let errors = wait_for_event(&events, "errors");
    let errors = if errors == "[]" {
        wait_for_event(&events, "errors")
    } else {
        errors
    };
    assert!(errors.contains("guide.md:2"), "{errors}");
    let (_, page) = server.get("/guide.html");
    assert!(page.contains("First version.") && !page.contains("Broken version."));
    space.file("guide.md", "# Guide\n\nFixed version.\n");
    wait_for_event(&events, "reload");
    server.wait_for_page("/guide.html", "Fixed version.");
    // Both edits changed the body only: the page alone was rebuilt each time.
    let broken = server.wait_for_stderr("changed guide.md");
    let fixed = server.wait_for_stderr("changed guide.md");
    assert!(broken.contains(": rebuilt 1 page in "), "{broken}");
    assert!(fixed.contains(": rebuilt 1 page in "), "{fixed}");
}

/// Three pages, navigation from the folders (page titles), and links.
fn linked_space() -> Space {
    let space = Space::new();
    space
        .file("README.md", "# Home\n\nRead the [guide](guide.md#setup).\n")
        .file("guide.md", "# Guide\n\n## Setup\n\nFirst version.\n")
        .file("other.md", "# Other\n\nSee [the guide](guide.md).\n");
    space
}

#[test]
fn body_edit_rebuilds_one_page_and_leaves_the_others_alone() {
    let space = linked_space();
    let server = Server::start(&space, &[]);
    let events = server.events();
    wait_for_event(&events, "hello");
    let home = server.get_page("/");
    let other = server.get_page("/other.html");
    space.file("guide.md", "# Guide\n\n## Setup\n\nSecond version.\n");
    wait_for_event(&events, "reload");
    server.wait_for_page("/guide.html", "Second version.");
    let line = server.wait_for_stderr("changed guide.md");
    assert!(line.contains(": rebuilt 1 page in "), "{line}");
    // Its Markdown twin follows (issue 28).
    server.wait_for_page("/guide.md", "Second version.");
    assert_eq!(server.get_page("/"), home);
    assert_eq!(server.get_page("/other.html"), other);
}

/// A page another page includes is no page alone: its edit renders the
/// site, also when the include was written while serving.
#[test]
fn body_edit_of_an_included_page_renders_its_includer() {
    let space = linked_space();
    let server = Server::start(&space, &[]);
    let events = server.events();
    wait_for_event(&events, "hello");
    space.file(
        "other.md",
        "# Other\n\nSee [the guide](guide.md).\n\n{% include \"guide.md\" %}\n",
    );
    wait_for_event(&events, "reload");
    let line = server.wait_for_stderr("changed other.md");
    assert!(line.contains(": rebuilt 1 page in "), "{line}");
    server.wait_for_page("/other.html", "First version.");
    space.file("guide.md", "# Guide\n\n## Setup\n\nSecond version.\n");
    wait_for_event(&events, "reload");
    let line = server.wait_for_stderr("changed guide.md");
    assert!(line.contains(": rebuilt 3 pages in "), "{line}");
    server.wait_for_page("/other.html", "Second version.");
}

/// Issue 28: llms-full.txt holds every twin, so a body edit that renders
/// one page alone writes it again too; llms.txt follows a new description.
#[test]
fn body_edit_refreshes_llms_full_txt_and_llms_txt() {
    let space = linked_space();
    space.file(
        "other.md",
        "---\ndescription: Old words.\n---\n# Other\n\nSee [the guide](guide.md).\n",
    );
    let server = Server::start(&space, &[]);
    let events = server.events();
    wait_for_event(&events, "hello");
    assert!(server.get_page("/llms-full.txt").contains("First version."));
    assert!(server.get_page("/llms.txt").contains("Old words."));
    space.file("guide.md", "# Guide\n\n## Setup\n\nSecond version.\n");
    wait_for_event(&events, "reload");
    let line = server.wait_for_stderr("changed guide.md");
    assert!(line.contains(": rebuilt 1 page in "), "{line}");
    let full = server.wait_for_page("/llms-full.txt", "Second version.");
    assert!(!full.contains("First version."), "{full}");
    assert!(full.contains("See [the guide](guide.md)."), "{full}");

    space.file(
        "other.md",
        "---\ndescription: New words.\n---\n# Other\n\nSee [the guide](guide.md).\n",
    );
    wait_for_event(&events, "reload");
    server.wait_for_page("/llms.txt", "New words.");
}

#[test]
fn title_edit_renders_the_navigation_of_every_page() {
    let space = linked_space();
    let server = Server::start(&space, &[]);
    let events = server.events();
    wait_for_event(&events, "hello");
    assert!(server.get_page("/other.html").contains(">Guide<"));
    space.file("guide.md", "# Handbook\n\n## Setup\n\nFirst version.\n");
    wait_for_event(&events, "reload");
    server.wait_for_page("/other.html", ">Handbook<");
    let line = server.wait_for_stderr("changed guide.md");
    assert!(line.contains(": rebuilt 3 pages in "), "{line}");
}

#[test]
fn port_in_use_is_a_clear_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let space = small_space();
    let output = quire_command()
        .args(["serve", "--port", &port])
        .arg(space.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("already in use") && stderr.contains("--port"),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn sigterm_stops_it_cleanly() {
    let space = small_space();
    let mut server = Server::start(&space, &[]);
    let _events = server.events();
    assert_eq!(server.get("/").0, 200);
    let pid = server.child.id().to_string();
    let killed = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(killed.success());
    let started = Instant::now();
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(started.elapsed() < PATIENCE, "still running after SIGTERM");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(0));
}

#[test]
fn slow_and_idle_clients_do_not_stop_it_answering_others() {
    let space = small_space();
    let server = Server::start(&space, &[]);
    // Loopback unless asked otherwise.
    assert!(server.addr.starts_with("127.0.0.1:"), "{}", server.addr);
    // Clients that connect and send half a request, or nothing, and wait.
    let mut idle = vec![];
    for n in 0..300 {
        let mut stream = TcpStream::connect(&server.addr).expect("connect");
        if n % 2 == 0 {
            let _ = stream.write_all(b"GET / HTTP/1.1\r\nHost: ");
        }
        idle.push(stream);
    }
    // Many at once, each a full request.
    let started = Instant::now();
    let workers: Vec<_> = (0..32)
        .map(|_| {
            let addr = server.addr.clone();
            std::thread::spawn(move || request(&addr, "/guide.html", &addr))
        })
        .collect();
    for worker in workers {
        let response = worker.join().unwrap();
        assert!(response.starts_with("HTTP/1.1 200"), "{response}");
        assert!(response.contains("First version."));
    }
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    let (status, _) = server.get("/");
    assert_eq!(status, 200);
    drop(idle);
}

/// Issue 23: serve's log has no colour codes when it goes to a pipe.
#[test]
fn issue_23_log_has_no_colour_codes_when_piped() {
    let space = small_space();
    let server = Server::start(&space, &["-v"]);
    let line = server.wait_for_stderr_containing("INFO");
    assert!(!line.contains('\u{1b}'), "{line:?}");
}

/// Issue 22 §9: a client that connects and sends nothing, or half a
/// request's headers, is disconnected after the header timeout (10 s), so
/// idle sockets cannot use up the server's file descriptors. The event
/// stream, once its request is read, is not cut.
#[test]
fn clients_that_never_finish_their_headers_are_disconnected() {
    let space = small_space();
    let server = Server::start(&space, &[]);
    let events = server.events();
    wait_for_event(&events, "hello");
    let silent = TcpStream::connect(&server.addr).expect("connect");
    let mut half = TcpStream::connect(&server.addr).expect("connect");
    half.write_all(b"GET / HTTP/1.1\r\nHost: ").unwrap();
    let started = Instant::now();
    for mut stream in [silent, half] {
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        let mut rest = vec![];
        stream
            .read_to_end(&mut rest)
            .expect("closed by the server, not timed out here");
        assert!(rest.is_empty(), "{}", String::from_utf8_lossy(&rest));
    }
    let waited = started.elapsed();
    assert!(waited >= Duration::from_secs(9), "closed early: {waited:?}");
    // The event stream outlived the timeout.
    space.file("guide.md", "# Guide\n\nSecond version.\n");
    wait_for_event(&events, "reload");
}

/// A project (`quire.yaml` beside `content/`) for the tests of a replaced
/// content folder.
fn project() -> Space {
    let space = Space::new();
    space
        .file("quire.yaml", "title: Kb\n")
        .file("content/README.md", "# Home\n\nFirst version.\n");
    space
}

/// Issue 22 §8: `rm -rf content` and a restore. The folder's watch went
/// with it, and the old site was served for ever; now the removal is said
/// once, the last site stays served meanwhile, and the new folder is
/// watched and built.
#[test]
fn a_removed_and_restored_content_folder_is_watched_again() {
    let space = project();
    let server = Server::start(&space, &[]);
    let content = space.path().join("content");
    std::fs::remove_dir_all(&content).unwrap();
    assert_eq!(
        server.wait_for_stderr("content folder"),
        "content folder `content` is gone; serving the last site until it is back"
    );
    server.wait_for_page("/", "First version.");
    space.file("content/README.md", "# Home\n\nRestored.\n");
    assert_eq!(
        server.wait_for_stderr("content folder"),
        "content folder `content` is back; watching it again"
    );
    server.wait_for_page("/", "Restored.");
    // Watched again: an edit shows.
    space.file("content/README.md", "# Home\n\nEdited.\n");
    server.wait_for_page("/", "Edited.");
}

/// Another folder renamed into the content folder's place: the new one is
/// watched and built, and edits in the old one (renamed away) are ignored.
#[test]
fn a_folder_renamed_into_place_is_watched_instead() {
    let space = project();
    space.file("staged/README.md", "# Home\n\nStaged.\n");
    let server = Server::start(&space, &[]);
    let content = space.path().join("content");
    let old = space.path().join("content.old");
    std::fs::rename(&content, &old).unwrap();
    std::fs::rename(space.path().join("staged"), &content).unwrap();
    // One batch (replaced), or two if a debounce tick fell between the renames.
    let line = server.wait_for_stderr("content folder `content` ");
    assert!(
        line == "content folder `content` was replaced; watching the new one"
            || line == "content folder `content` is gone; serving the last site until it is back",
        "{line}"
    );
    server.wait_for_page("/", "Staged.");
    space.file("content.old/README.md", "# Home\n\nOld folder edited.\n");
    space.file("content/README.md", "# Home\n\nNew folder edited.\n");
    server.wait_for_page("/", "New folder edited.");
    let (_, home) = server.get("/");
    assert!(!home.contains("Old folder edited."));
}

/// With `--poll`, a missing content folder was a warning on every scan
/// (every 300 ms); now it is said once, and the folder is found again.
#[test]
fn with_poll_a_missing_content_folder_is_said_once() {
    let space = project();
    let server = Server::start(&space, &["--poll"]);
    let content = space.path().join("content");
    let aside = space.path().join("aside");
    std::fs::rename(&content, &aside).unwrap();
    let lines = server.stderr_during(Duration::from_secs(3));
    assert_eq!(
        lines,
        ["content folder `content` is gone; serving the last site until it is back"]
    );
    std::fs::write(aside.join("README.md"), "# Home\n\nBack.\n").unwrap();
    std::fs::rename(&aside, &content).unwrap();
    assert_eq!(
        server.wait_for_stderr("content folder"),
        "content folder `content` is back; watching it again"
    );
    server.wait_for_page("/", "Back.");
}

/// Edits in two spaces, saved one after the other while the search worker
/// is still indexing the first build (a space of 3,000 pages): the job of
/// the first edit is skipped for the second's, which must remake both
/// spaces' `llms-full.txt`, not only its own (without that, the English
/// one stayed stale until the next full render).
#[test]
fn edits_in_two_spaces_both_reach_their_llms_full_txt() {
    let space = Space::new();
    space
        .file(
            "docs.yaml",
            "spaces:\n  - language: en\n    content: {directory: en}\n  - language: ja\n    content: {directory: ja}\n",
        )
        .file("en/README.md", "# Home\n\nFirst English words.\n")
        .file("ja/README.md", "# ホーム\n\n最初の言葉。\n");
    // Words that differ from page to page, so that the index takes a while
    // (about 1.6 s on a 2-core machine) and both edits land inside it.
    for n in 0..3000usize {
        let words: Vec<String> = (0..300usize)
            .map(|i| format!("w{}x", (n * 7919 + i * 104_729) % 1_000_003))
            .collect();
        space.file(
            &format!("en/p{n}.md"),
            &format!("# Page {n}\n\n{}\n", words.join(" ")),
        );
    }
    let server = Server::start(&space, &[]);
    let events = server.events();
    wait_for_event(&events, "hello");
    space.file("en/README.md", "# Home\n\nSecond English words.\n");
    wait_for_event(&events, "reload");
    space.file("ja/README.md", "# ホーム\n\n二番目の言葉。\n");
    wait_for_event(&events, "reload");
    server.wait_for_page("/ja/llms-full.txt", "二番目の言葉。");
    server.wait_for_page("/en/llms-full.txt", "Second English words.");
}
