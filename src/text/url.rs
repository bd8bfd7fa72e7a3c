//! Paths and URLs inside a site: joining, relative hrefs, percent-encoding.
//!
//! Every URL quire writes is relative, so the same output works under any
//! sub-path and from `file://`. Paths are `/`-separated strings relative to
//! the space (sources) or to the output (pages and files).

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};
use std::borrow::Cow;
use std::path::Path;

/// Characters escaped in a path segment of an href. Non-ASCII is always
/// escaped; `/` is kept because it separates segments. `:` is escaped
/// because a relative href whose first segment has one reads as a scheme
/// (`javascript:x.html`, `FAQ: billing.html`). Escaping it everywhere rather
/// than prefixing `./` also covers the site-root paths the scripts put after
/// their root prefix, which is empty at the top (nav.js, search shards).
const PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b':')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'|')
    .add(b'\\')
    .add(b'^')
    .add(b'[')
    .add(b']');

/// Characters escaped in a fragment (`#id`).
const FRAGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'`')
    .add(b'%');

/// A URL with a scheme (`https:`, `mailto:`) or protocol-relative (`//host`).
pub(crate) fn is_external(url: &str) -> bool {
    if url.starts_with("//") {
        return true;
    }
    match url.find(':') {
        Some(colon) => {
            let scheme = &url[..colon];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
        }
        None => false,
    }
}

/// What a link or image that would run a script points at instead: a URL
/// that is valid, loads nothing and says why.
pub(crate) const NEUTRAL: &str = "about:invalid#unsafe-url";

/// A URL that runs a script when followed or loaded: `javascript:`,
/// `vbscript:`, or a `data:` URL that is not an image (`data:text/html`).
/// Read the way browsers read it: tabs and line breaks anywhere are ignored,
/// as are leading spaces and control characters, and case does not matter.
pub(crate) fn is_script_url(url: &str) -> bool {
    let cleaned: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take(16)
        .flat_map(char::to_lowercase)
        .collect();
    cleaned.starts_with("javascript:")
        || cleaned.starts_with("vbscript:")
        || (cleaned.starts_with("data:") && !cleaned.starts_with("data:image/"))
}

/// A URL written in configuration (a `base_url`, a redirect's target) that
/// would run a script however it is spelled: as written, percent-encoded,
/// or behind HTML character references (`&#106;avascript:`).
pub(crate) fn is_script_url_in_any_spelling(url: &str) -> bool {
    let decoded = decode(url);
    is_script_url(url)
        || is_script_url(&decoded)
        || is_script_url(&crate::text::html::decode_attribute(&decoded))
}

/// A URL as a message shows it: its first 40 characters, control
/// characters (a tab, a line break) escaped, since they are part of how a
/// script URL is disguised.
pub(crate) fn for_message(url: &str) -> String {
    let mut shown = String::new();
    for c in url.chars().take(40) {
        if c.is_control() {
            shown.extend(c.escape_debug());
        } else {
            shown.push(c);
        }
    }
    shown
}

/// `path#fragment` → (`path`, `fragment`); a query string is dropped from the path.
pub(crate) fn split_fragment(url: &str) -> (&str, Option<&str>) {
    let (path, fragment) = match url.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (url, None),
    };
    let path = path.split_once('?').map_or(path, |(p, _)| p);
    (path, fragment)
}

/// Percent-decode, leaving invalid sequences as they are.
pub(crate) fn decode(text: &str) -> Cow<'_, str> {
    percent_decode_str(text).decode_utf8_lossy()
}

/// Join a relative path to a folder (both relative to the space), resolving
/// `.` and `..`. A leading `/` means the space root. `None` if the result
/// would leave the space.
pub(crate) fn join(dir: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = if path.starts_with('/') {
        vec![]
    } else {
        dir.split('/').filter(|p| !p.is_empty()).collect()
    };
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

/// The folder part of a path (`a/b.md` → `a`, `b.md` → ``).
pub(crate) fn parent(path: &str) -> &str {
    // A byte search: `/` is never part of a longer character.
    match memchr::memrchr(b'/', path.as_bytes()) {
        Some(at) => &path[..at],
        None => "",
    }
}

/// A relative href from the page at output path `from` to output path `to`,
/// percent-encoded.
pub(crate) fn relative(from: &str, to: &str) -> String {
    // Every page links to every navigation entry: no allocation but the href.
    let mut rest = to;
    let mut ups = 0;
    let mut shared = true;
    for folder in parent(from).split('/').filter(|p| !p.is_empty()) {
        if shared {
            // A folder of `to` (never its last part) that `from` is in too.
            match rest.split_once('/') {
                Some((first, after)) if first == folder => {
                    rest = after;
                    continue;
                }
                _ => shared = false,
            }
        }
        ups += 1;
    }
    // Sized once: most paths need no escape.
    let mut href = String::with_capacity(3 * ups + rest.len());
    for _ in 0..ups {
        href.push_str("../");
    }
    href.extend(utf8_percent_encode(rest, PATH));
    if href.is_empty() {
        // The folder the page is in (a pretty URL of its own folder).
        href.push_str("./");
    }
    href
}

/// The path links use for a page written at `output`: with pretty URLs a
/// folder's `index.html` is linked as the folder (`a/b/`, `` for the root),
/// which HTTP hosts answer with that file.
pub(crate) fn link_path(output: &str, pretty: bool) -> String {
    match output.strip_suffix("index.html") {
        Some(dir) if pretty && (dir.is_empty() || dir.ends_with('/')) => dir.to_string(),
        _ => output.to_string(),
    }
}

/// The prefix that leads from the page at `from` back to the output root (`../../`).
pub(crate) fn root_prefix(from: &str) -> String {
    "../".repeat(from.matches('/').count())
}

/// Percent-encode a `/`-separated path for an href.
pub(crate) fn encode_path(path: &str) -> String {
    utf8_percent_encode(path, PATH).to_string()
}

/// Percent-encode a fragment for an href.
pub(crate) fn encode_fragment(fragment: &str) -> String {
    utf8_percent_encode(fragment, FRAGMENT).to_string()
}

/// Where a file is published: each part of its path loses its leading dots
/// (`.gitbook/assets/x.png` → `gitbook/assets/x.png`, `...more.md` →
/// `more.md`), because several static hosts and the GitHub Pages artifact
/// drop paths that start with a dot.
pub(crate) fn published_file_path(source: &str) -> Cow<'_, str> {
    if !source.starts_with('.') && !source.contains("/.") {
        return Cow::Borrowed(source);
    }
    let parts: Vec<&str> = source
        .split('/')
        .map(|part| match part.trim_start_matches('.') {
            "" => part,
            rest => rest,
        })
        .collect();
    Cow::Owned(parts.join("/"))
}

/// Whether an output path names a place inside the output: plain names
/// only, no `..`, no root or drive. Every stage already keeps its paths
/// inside; this is the last guard before the disk.
pub(crate) fn stays_inside(output: &str) -> bool {
    use std::path::Component;
    !output.is_empty()
        && Path::new(output)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `relative` as first written, with vectors of parts.
    fn relative_by_parts(from: &str, to: &str) -> String {
        let from_dir: Vec<&str> = parent(from).split('/').filter(|p| !p.is_empty()).collect();
        let to_parts: Vec<&str> = to.split('/').collect();
        let common = from_dir
            .iter()
            .zip(&to_parts)
            .take_while(|(a, b)| a == b)
            .count()
            .min(to_parts.len().saturating_sub(1));
        let mut href = "../".repeat(from_dir.len() - common);
        href.push_str(&encode_path(&to_parts[common..].join("/")));
        if href.is_empty() {
            href.push_str("./");
        }
        href
    }

    proptest::proptest! {
        #[test]
        fn relative_agrees_with_the_parts_version(
            from in "[ab/]{0,3}(/?[ab]{0,2}){0,3}(index.html|x.html)?",
            to in "[ab/]{0,3}(/?[ab ]{0,2}){0,3}(index.html|x.html|/)?"
        ) {
            proptest::prop_assert_eq!(relative(&from, &to), relative_by_parts(&from, &to));
        }
    }

    #[test]
    fn pretty_links_drop_index_html() {
        assert_eq!(link_path("a/b/index.html", true), "a/b/");
        assert_eq!(link_path("index.html", true), "");
        assert_eq!(link_path("a/myindex.html", true), "a/myindex.html");
        assert_eq!(link_path("a/index.html", false), "a/index.html");
        assert_eq!(link_path("a/b.html", true), "a/b.html");
    }

    #[test]
    fn recognises_script_urls_as_browsers_read_them() {
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " \u{1}javascript:alert(1)",
            "java\tscript:alert(1)",
            "jav\nascript:alert(1)",
            "vbscript:msgbox",
            "data:text/html,<script>alert(1)</script>",
            "DATA:text/html;base64,PHNjcmlwdD4=",
        ] {
            assert!(is_script_url(bad), "{bad:?}");
        }
        for good in [
            "https://example.com/javascript:x",
            "page.md#javascript:",
            "data:image/png;base64,iVBOR",
            "mailto:a@b.c",
            "javascript.md",
        ] {
            assert!(!is_script_url(good), "{good:?}");
        }
    }

    #[test]
    fn recognises_external_urls() {
        assert!(is_external("https://e.com"));
        assert!(is_external("mailto:a@b.c"));
        assert!(is_external("//cdn.example.com/x.js"));
        assert!(!is_external("page.md"));
        assert!(!is_external("../a:b.md"));
        assert!(!is_external("#anchor"));
    }

    #[test]
    fn joins_and_refuses_to_escape() {
        assert_eq!(join("a/b", "../c.md").as_deref(), Some("a/c.md"));
        assert_eq!(join("a", "./x/./y.md").as_deref(), Some("a/x/y.md"));
        assert_eq!(join("a/b", "/root.md").as_deref(), Some("root.md"));
        assert_eq!(join("a", "../../etc/passwd"), None);
    }

    #[test]
    fn relative_hrefs_between_output_paths() {
        assert_eq!(relative("index.html", "a/b.html"), "a/b.html");
        assert_eq!(relative("a/b.html", "index.html"), "../index.html");
        assert_eq!(relative("a/b/c.html", "a/x.html"), "../x.html");
        assert_eq!(relative("a/b.html", "a/c.html"), "c.html");
        assert_eq!(relative("a/b.html", "a/b.html"), "b.html");
        assert_eq!(
            relative("x.html", "常見問題/登入 失敗.html"),
            "%E5%B8%B8%E8%A6%8B%E5%95%8F%E9%A1%8C/%E7%99%BB%E5%85%A5%20%E5%A4%B1%E6%95%97.html"
        );
        assert_eq!(relative("a/index.html", "a/index.html"), "index.html");
        assert_eq!(relative("a/b/index.html", "a/b/"), "./");
        assert_eq!(relative("a/b/index.html", "a/"), "../");
        assert_eq!(relative("a/b/index.html", ""), "../../");
        assert_eq!(relative("index.html", ""), "./");
        assert_eq!(relative("index.html", "a/b/"), "a/b/");
        assert_eq!(relative("a/x/index.html", "a/b/"), "../b/");
        assert_eq!(
            relative("index.html", "javascript:alert(1).html"),
            "javascript%3Aalert(1).html"
        );
        assert_eq!(relative("a/x.html", "a/FAQ: b.html"), "FAQ%3A%20b.html");
        assert_eq!(relative("a/x.html", "b:c/d.html"), "../b%3Ac/d.html");
        assert_eq!(root_prefix("a/b/c.html"), "../../");
        assert_eq!(root_prefix("index.html"), "");
    }

    #[test]
    fn dot_folders_are_published_without_the_dot() {
        assert_eq!(
            published_file_path(".gitbook/assets/a b.png"),
            "gitbook/assets/a b.png"
        );
        assert_eq!(published_file_path("img/x.png"), "img/x.png");
        assert_eq!(
            published_file_path("a/...with-secret-numbers.md"),
            "a/with-secret-numbers.md"
        );
        assert_eq!(published_file_path(".drafts/..x/y.md"), "drafts/x/y.md");
    }

    #[test]
    fn splits_fragments_and_queries() {
        assert_eq!(split_fragment("a.md?x=1#y"), ("a.md", Some("y")));
        assert_eq!(split_fragment("#top"), ("", Some("top")));
    }
}
