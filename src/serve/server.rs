//! HTTP: axum on tokio, serving the current [`Snapshot`] and the reload events.
//!
//! 1. Refuse requests whose Host is not the bound address or localhost (a web
//!    page elsewhere could otherwise read the site through DNS rebinding).
//! 2. Map the URL to an output path: under `--base-path`, percent-decoded
//!    once, refusing `..`, encoded slashes, backslashes, NUL and absolute
//!    paths; folders get their `index.html`.
//! 3. Look the path up in the snapshot (memory, or a listed file of the
//!    space); inject the live-reload script into HTML; 404 with the site's
//!    `404.html` when it has one.
//! 4. `BASE__quire/events` streams reloads and build errors (server-sent events).

use super::snapshot::{Entry, Snapshot};
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Redirect, Response};
use futures_util::{stream, Stream, StreamExt};
use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use tokio::sync::broadcast;

/// The reserved path, under the base path, of the event stream.
pub(crate) const EVENTS_PATH: &str = "__quire/events";

/// Longer URLs are refused before any decoding.
const MAX_URL_LEN: usize = 4096;

/// The browser side of live reload: reloads keeping the scroll position, and
/// shows build errors over the page.
const RELOAD_SCRIPT: &str = include_str!("reload.js");

/// What the browser is told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Event {
    /// A new version of the pages is served.
    Reload(u64),
    /// The last build's errors (empty: none).
    Errors(Vec<String>),
    /// quire is stopping: end the streams so the server can close.
    Shutdown,
}

/// State shared by the request handlers and the rebuild loop.
pub(crate) struct Shared {
    snapshot: RwLock<Arc<Snapshot>>,
    events: broadcast::Sender<Event>,
    /// `/` or `/kb/`: always starts and ends with `/`.
    base: String,
    /// The `--host` the server is bound to.
    host: String,
    /// The space, canonical, for refusing symlinks that lead out of it.
    space: PathBuf,
}

impl Shared {
    pub(crate) fn new(snapshot: Snapshot, base: String, host: String, space: PathBuf) -> Shared {
        let (events, _) = broadcast::channel(64);
        let space = space.canonicalize().unwrap_or(space);
        Shared {
            snapshot: RwLock::new(Arc::new(snapshot)),
            events,
            base,
            host,
            space,
        }
    }

    /// The version being served.
    pub(crate) fn current(&self) -> Arc<Snapshot> {
        self.snapshot
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Serve from now on the version `make` makes of the one served now.
    /// The lock is held while it does: search or late files the search
    /// worker applies meanwhile would otherwise be lost under a version made
    /// from the one before them. Requests wait that long, so `make` copies
    /// no more than the maps of what changed (the pages of a full render are
    /// copied before, into a `Fresh`).
    pub(crate) fn advance(&self, make: impl FnOnce(&Snapshot) -> Snapshot) -> Arc<Snapshot> {
        let mut slot = self.snapshot.write().unwrap_or_else(|e| e.into_inner());
        let next = Arc::new(make(&slot));
        *slot = Arc::clone(&next);
        next
    }

    /// Serve the search files of pages of `generation`, unless a newer
    /// index is already served.
    pub(crate) fn apply_search(&self, generation: u64, files: Vec<crate::render::OutputFile>) {
        let mut slot = self.snapshot.write().unwrap_or_else(|e| e.into_inner());
        if generation > slot.search_generation || slot.search.is_empty() {
            *slot = Arc::new(slot.with_search(generation, files));
        }
    }

    /// Serve `files`, made after the pages of `generation`, in place of
    /// theirs, unless newer pages are already served (their own job follows);
    /// whether they are served.
    pub(crate) fn apply_late_files(
        &self,
        generation: u64,
        files: Vec<crate::render::OutputFile>,
    ) -> bool {
        let mut slot = self.snapshot.write().unwrap_or_else(|e| e.into_inner());
        let current = generation == slot.generation;
        if current {
            *slot = Arc::new(slot.with_files(files));
        }
        current
    }

    /// Tell every open page.
    pub(crate) fn send(&self, event: Event) {
        // No receiver means no page is open: nothing to tell.
        let _ = self.events.send(event);
    }
}

/// The app: the event stream and the site under the base path.
pub(crate) fn router(shared: Arc<Shared>) -> axum::Router {
    let events = format!("{}{EVENTS_PATH}", shared.base);
    axum::Router::new()
        .route(&events, axum::routing::get(events_stream))
        .fallback(serve_site)
        .with_state(shared)
}

async fn serve_site(State(shared): State<Arc<Shared>>, headers: HeaderMap, uri: Uri) -> Response {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    if !host_allowed(host, &shared.host) {
        return plain(
            StatusCode::FORBIDDEN,
            "this server only answers to its own address",
        );
    }
    let snapshot = shared.current();
    match resolve(uri.path(), &shared.base) {
        Resolved::File(path) => serve_path(&shared, &snapshot, &path).await,
        Resolved::Redirect(to) => Redirect::temporary(&to).into_response(),
        Resolved::NotFound => not_found(&shared, &snapshot),
        Resolved::BadRequest => plain(StatusCode::BAD_REQUEST, "bad path"),
    }
}

async fn serve_path(shared: &Shared, snapshot: &Snapshot, path: &str) -> Response {
    match snapshot.get(path) {
        Some(Entry::Generated(bytes)) => file_response(shared, snapshot, path, bytes.clone()),
        Some(Entry::OnDisk(source)) => match read_inside(&shared.space, source).await {
            Some(bytes) => file_response(shared, snapshot, path, bytes),
            None => not_found(shared, snapshot),
        },
        None if snapshot.contains(&format!("{path}/index.html")) => {
            Redirect::temporary(&format!("{}{}/", shared.base, encode_path(path))).into_response()
        }
        None => not_found(shared, snapshot),
    }
}

/// A listed file of the space, unless it has become a symlink out of it.
async fn read_inside(space: &Path, source: &Path) -> Option<Bytes> {
    let real = tokio::fs::canonicalize(source).await.ok()?;
    if !real.starts_with(space) {
        return None;
    }
    // Only a regular file: a named pipe put in its place would hold a
    // blocking thread for good.
    let read = tokio::task::spawn_blocking(move || crate::fs::read_regular(&real, u64::MAX));
    read.await.ok()?.ok().map(Bytes::from)
}

fn file_response(shared: &Shared, snapshot: &Snapshot, path: &str, bytes: Bytes) -> Response {
    let content_type = content_type(path);
    let body = if content_type.starts_with("text/html") {
        Bytes::from(inject_reload(&bytes, &reload_tag(shared, snapshot)))
    } else {
        bytes
    };
    respond(StatusCode::OK, content_type, body)
}

fn not_found(shared: &Shared, snapshot: &Snapshot) -> Response {
    match snapshot.pages.get("404.html") {
        Some(page) => {
            let body = inject_reload(page, &reload_tag(shared, snapshot));
            respond(StatusCode::NOT_FOUND, content_type("404.html"), body.into())
        }
        None => plain(StatusCode::NOT_FOUND, "not found"),
    }
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    respond(
        status,
        "text/plain; charset=utf-8".into(),
        Bytes::from(text),
    )
}

fn respond(status: StatusCode, content_type: String, body: Bytes) -> Response {
    let headers = [
        (header::CONTENT_TYPE, content_type),
        // A preview always shows the latest build.
        (header::CACHE_CONTROL, "no-store".to_string()),
    ];
    (status, headers, Body::from(body)).into_response()
}

async fn events_stream(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
) -> Result<Sse<impl Stream<Item = Result<SseEvent, Infallible>>>, StatusCode> {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    if !host_allowed(host, &shared.host) {
        return Err(StatusCode::FORBIDDEN);
    }
    let receiver = shared.events.subscribe();
    let snapshot = shared.current();
    // A page served just before a rebuild learns at once that it is stale.
    let greeting = [
        SseEvent::default()
            .event("hello")
            .data(snapshot.generation.to_string()),
        sse_event(&Event::Errors(snapshot.errors.clone())),
    ];
    let updates = stream::unfold(receiver, |mut receiver| async move {
        loop {
            match receiver.recv().await {
                Ok(Event::Shutdown) | Err(broadcast::error::RecvError::Closed) => return None,
                Ok(event) => return Some((sse_event(&event), receiver)),
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
            }
        }
    });
    let all = stream::iter(greeting).chain(updates).map(Ok);
    Ok(Sse::new(all).keep_alive(KeepAlive::default()))
}

fn sse_event(event: &Event) -> SseEvent {
    match event {
        Event::Reload(generation) => SseEvent::default()
            .event("reload")
            .data(generation.to_string()),
        Event::Errors(errors) => SseEvent::default()
            .event("errors")
            .data(serde_json::to_string(errors).unwrap_or_else(|_| "[]".into())),
        Event::Shutdown => SseEvent::default().event("shutdown").data(""),
    }
}

/// Where a request path leads.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Resolved {
    /// An output path (`a/b.html`), decoded and safe.
    File(String),
    Redirect(String),
    NotFound,
    BadRequest,
}

/// Map a raw (still percent-encoded) request path to an output path.
pub(crate) fn resolve(raw: &str, base: &str) -> Resolved {
    if raw.len() > MAX_URL_LEN {
        return Resolved::BadRequest;
    }
    let Some(rest) = raw.strip_prefix(base) else {
        return if raw == "/" || raw == base.trim_end_matches('/') {
            Resolved::Redirect(base.to_string())
        } else {
            Resolved::NotFound
        };
    };
    match decode_path(rest) {
        Some(path) if path.is_empty() || path.ends_with('/') => {
            Resolved::File(format!("{path}index.html"))
        }
        Some(path) => Resolved::File(path),
        None => Resolved::BadRequest,
    }
}

/// Percent-decode a path relative to the site root once, or refuse it.
pub(crate) fn decode_path(rest: &str) -> Option<String> {
    let lower = rest.to_ascii_lowercase();
    if ["%2f", "%5c", "%00"].iter().any(|e| lower.contains(e)) {
        return None;
    }
    let decoded = percent_encoding::percent_decode_str(rest)
        .decode_utf8()
        .ok()?;
    if decoded.starts_with('/') || decoded.contains(['\\', '\0']) {
        return None;
    }
    let segments: Vec<&str> = decoded.split('/').collect();
    let last = segments.len() - 1;
    // A `:` is a plain character of a name (`FAQ: billing.html`): paths are
    // looked up among the site's files, never opened as given. Only a
    // drive (`C:`) is refused, as nothing of a site is named like one.
    let is_drive =
        |s: &str| s.len() == 2 && s.ends_with(':') && s.as_bytes()[0].is_ascii_alphabetic();
    let bad_segment = segments.iter().enumerate().any(|(i, s)| {
        *s == ".." || *s == "." || (i == 0 && is_drive(s)) || (s.is_empty() && i != last)
    });
    (!bad_segment).then(|| decoded.into_owned())
}

/// Percent-encode an output path for a `Location` header.
fn encode_path(path: &str) -> String {
    const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~')
        .remove(b'/');
    percent_encoding::utf8_percent_encode(path, SEGMENT).to_string()
}

/// Whether a request's Host header names this server.
pub(crate) fn host_allowed(host_header: Option<&str>, bound: &str) -> bool {
    let Some(header) = host_header else {
        return true; // HTTP/1.0 clients; a browser always sends one
    };
    if bound == "0.0.0.0" || bound == "::" {
        return true; // serving every interface was asked for
    }
    let name = strip_port(header).trim_matches(['[', ']']);
    let bound = bound.trim_matches(['[', ']']);
    ["localhost", "127.0.0.1", "::1", bound]
        .iter()
        .any(|allowed| name.eq_ignore_ascii_case(allowed))
}

fn strip_port(host: &str) -> &str {
    if let Some(end) = host.strip_prefix('[').and_then(|h| h.find(']')) {
        return &host[..end + 2];
    }
    match host.rsplit_once(':') {
        Some((name, port)) if !name.contains(':') && port.bytes().all(|b| b.is_ascii_digit()) => {
            name
        }
        _ => host,
    }
}

/// The Content-Type of an output path, with a charset for text.
pub(crate) fn content_type(path: &str) -> String {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let essence = mime.essence_str();
    let is_text = mime.type_() == mime_guess::mime::TEXT
        || [
            "application/javascript",
            "application/json",
            "image/svg+xml",
        ]
        .contains(&essence);
    match essence {
        "application/javascript" => "text/javascript; charset=utf-8".into(),
        _ if is_text => format!("{essence}; charset=utf-8"),
        _ => essence.to_string(),
    }
}

fn reload_tag(shared: &Shared, snapshot: &Snapshot) -> String {
    format!(
        "<script data-quire-events=\"{}{EVENTS_PATH}\" data-quire-generation=\"{}\">{RELOAD_SCRIPT}</script>",
        shared.base, snapshot.generation
    )
}

/// The page with `tag` inserted before its last `</body>` (appended without one).
pub(crate) fn inject_reload(html: &[u8], tag: &str) -> Vec<u8> {
    let at = find_last_ignore_case(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_last_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    (0..=haystack.len().checked_sub(needle.len())?)
        .rev()
        .find(|&i| haystack[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str) -> Resolved {
        Resolved::File(path.into())
    }

    /// `llms-full.txt` made after an edit must not replace the one of a
    /// newer render: that render's own job brings the right one.
    #[test]
    fn late_files_apply_only_to_the_pages_they_were_made_after() {
        let late = |text: &str| {
            vec![crate::render::OutputFile {
                path: "llms-full.txt".into(),
                bytes: text.into(),
            }]
        };
        let served = |shared: &Shared| shared.current().pages.get("llms-full.txt").cloned();
        let shared = Shared::new(
            Snapshot::default(),
            "/".into(),
            "127.0.0.1".into(),
            ".".into(),
        );
        shared.advance(|_| Snapshot {
            generation: 2,
            ..Snapshot::default()
        });
        assert!(!shared.apply_late_files(1, late("older")));
        assert_eq!(served(&shared), None);
        assert!(shared.apply_late_files(2, late("fresh")));
        assert_eq!(served(&shared).as_deref(), Some(&b"fresh"[..]));
        assert_eq!(shared.current().generation, 2, "no new version, no reload");
    }

    /// Search files the worker applies while the next version is being
    /// made stay served in it.
    #[test]
    fn search_files_applied_while_a_version_is_made_are_kept() {
        let shared = Arc::new(Shared::new(
            Snapshot::default(),
            "/".into(),
            "127.0.0.1".into(),
            ".".into(),
        ));
        let (started, making) = std::sync::mpsc::channel();
        let worker = {
            let shared = Arc::clone(&shared);
            std::thread::spawn(move || {
                making.recv().unwrap();
                let index = crate::render::OutputFile {
                    path: "search/index.json".into(),
                    bytes: b"{}".to_vec(),
                };
                shared.apply_search(1, vec![index]);
            })
        };
        shared.advance(|current| {
            started.send(()).unwrap();
            // The worker now applies its files, or waits to.
            std::thread::sleep(std::time::Duration::from_millis(100));
            Snapshot {
                generation: current.generation + 1,
                ..current.clone()
            }
        });
        worker.join().unwrap();
        let served = shared.current();
        assert_eq!(served.generation, 1);
        assert!(served.search.contains_key("search/index.json"));
    }

    #[test]
    fn folders_get_their_index() {
        assert_eq!(resolve("/", "/"), file("index.html"));
        assert_eq!(resolve("/guides/", "/"), file("guides/index.html"));
        assert_eq!(resolve("/a/b.html", "/"), file("a/b.html"));
    }

    #[test]
    fn percent_encoding_is_decoded_once() {
        assert_eq!(resolve("/my%20page.html", "/"), file("my page.html"));
        assert_eq!(resolve("/%E5%B8%B8%E8%A6%8B.html", "/"), file("常見.html"));
        // Decoded once: `%252e` stays the literal name `%2e`, which no output has.
        assert_eq!(resolve("/%252e%252e/x", "/"), file("%2e%2e/x"));
        // Names with `:`, as `build` publishes them and links to them.
        assert_eq!(resolve("/note:v2.html", "/"), file("note:v2.html"));
        assert_eq!(resolve("/a/note%3Av2.html", "/"), file("a/note:v2.html"));
        assert_eq!(
            resolve("/FAQ%3A%20billing.html", "/"),
            file("FAQ: billing.html")
        );
    }

    #[test]
    fn traversal_is_refused_in_every_spelling() {
        for raw in [
            "/../etc/passwd",
            "/a/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/%2E%2E/etc/passwd",
            "/..%2fetc%2fpasswd",
            "/..%2Fetc",
            "/..%5cetc",
            "/..\\etc\\passwd",
            "/a/%2e%2e%5c%2e%2e%5cetc",
            "//etc/passwd",
            "/%2fetc/passwd",
            "/C:/Windows/win.ini",
            "/a/./b.html",
            "/page.html%00.png",
            "/a//b.html",
            "/%ff%fe.html",
        ] {
            assert_eq!(resolve(raw, "/"), Resolved::BadRequest, "{raw}");
        }
    }

    #[test]
    fn very_long_urls_are_refused() {
        let long = format!("/{}", "a/".repeat(5000));
        assert_eq!(resolve(&long, "/"), Resolved::BadRequest);
    }

    #[test]
    fn base_path_prefixes_the_site() {
        assert_eq!(resolve("/kb/", "/kb/"), file("index.html"));
        assert_eq!(resolve("/kb/a.html", "/kb/"), file("a.html"));
        assert_eq!(resolve("/kb", "/kb/"), Resolved::Redirect("/kb/".into()));
        assert_eq!(resolve("/", "/kb/"), Resolved::Redirect("/kb/".into()));
        assert_eq!(resolve("/a.html", "/kb/"), Resolved::NotFound);
        assert_eq!(resolve("/kbx/a.html", "/kb/"), Resolved::NotFound);
        assert_eq!(resolve("/kb/../a.html", "/kb/"), Resolved::BadRequest);
    }

    #[test]
    fn only_own_host_names_are_answered() {
        for ok in [
            "localhost:3000",
            "127.0.0.1:3000",
            "[::1]:3000",
            "LOCALHOST",
            "127.0.0.1",
        ] {
            assert!(host_allowed(Some(ok), "127.0.0.1"), "{ok}");
        }
        for bad in [
            "evil.example:3000",
            "evil.example",
            "127.0.0.1.evil.example",
        ] {
            assert!(!host_allowed(Some(bad), "127.0.0.1"), "{bad}");
        }
        assert!(host_allowed(Some("docs-box:3000"), "docs-box"));
        assert!(host_allowed(Some("anything:3000"), "0.0.0.0"));
        assert!(host_allowed(None, "127.0.0.1"));
    }

    #[test]
    fn content_types_carry_a_charset_for_text() {
        assert_eq!(content_type("a/b.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("assets/quire.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("nav.js"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("img.svg"), "image/svg+xml; charset=utf-8");
        assert_eq!(content_type("img.png"), "image/png");
        assert_eq!(content_type("doc.pdf"), "application/pdf");
        assert_eq!(content_type("no-extension"), "application/octet-stream");
    }

    #[test]
    fn script_goes_before_the_last_body_end() {
        let html = b"<html><body><p>x</p></body></html>";
        let out = String::from_utf8(inject_reload(html, "<script></script>")).unwrap();
        assert_eq!(out, "<html><body><p>x</p><script></script></body></html>");
        let upper = String::from_utf8(inject_reload(b"<p>a</BODY>", "<s>")).unwrap();
        assert_eq!(upper, "<p>a<s></BODY>");
        let fragment = String::from_utf8(inject_reload(b"<p>a</p>", "<s>")).unwrap();
        assert_eq!(fragment, "<p>a</p><s>");
    }
}
