//! A page: one Markdown file of the space, read and parsed, not yet rendered.

use super::front_matter::{self, FrontMatter};
use crate::error::{line_starts as line_starts_of, Diagnostic, LineCol, LineIndex};
use crate::gitbook::{self, Heading, Node};
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// One Markdown page, loaded and parsed.
#[derive(Debug, Clone)]
pub struct Page {
    /// Path relative to the space, `/`-separated (`guides/setup.md`).
    pub source: String,
    /// Path of the generated file relative to the output (`guides/setup.html`).
    pub output: String,
    /// The path links use, relative to the output: `output`, or with pretty
    /// URLs its folder (`guides/setup/`, `` for the home page).
    pub link: String,
    /// The whole file, BOM removed and line endings normalised to `\n`.
    pub text: String,
    /// Byte offset of the body (after the front matter) in `text`.
    pub body_start: usize,
    pub meta: FrontMatter,
    /// The front matter could not be read: the page shows this instead of its body.
    pub failure: Option<String>,
    /// GitBook blocks and Markdown runs of the body.
    pub nodes: Vec<Node>,
    /// The page title: its leading `# H1`, else the navigation title, else the file name.
    pub title: String,
    /// End (body offset) of the leading H1 that gave the title; rendering skips it.
    pub title_end: Option<usize>,
    /// Headings in document order with their ids.
    pub headings: Vec<Heading>,
    /// Every id a link may point at: heading and tab ids, their aliases and
    /// ids in raw HTML.
    pub anchors: HashSet<String>,
    /// Anchors written with capitals, by their lowercase form: a link that
    /// differs only in case (`#Provider` for `id="Provider"` or `id="provider"`)
    /// lands, as it does on GitBook.
    pub anchors_by_case: HashMap<String, String>,
    /// Each tab's GitBook anchor, by the body offset of its `{% tab %}` tag.
    pub tab_ids: Vec<(usize, String)>,
    /// `[label]: url` definitions, shared by all Markdown runs of the page.
    pub link_references: HashMap<String, (String, String)>,
    /// Footnote labels defined anywhere in the page.
    pub footnote_labels: HashSet<String>,
    /// Index of the page's space in `Site::spaces` (0 in a site of one space).
    pub space: usize,
    /// Made by quire (API pages from a spec), with no file of its own.
    pub generated: bool,
    /// When the page last changed, `YYYY-MM-DD` (see `history`).
    pub updated: Option<String>,
    /// The scripts of the whole file, counted once: the page's language and
    /// its space's are guessed from them.
    pub tally: crate::content::language::Tally,
    /// Where the lines of `text` start, computed for the first diagnostic:
    /// one scan of the text however many findings it has.
    line_starts: OnceLock<Vec<usize>>,
}

impl Page {
    /// The Markdown after the front matter.
    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }

    /// The anchor a link's fragment names: as written, else one that differs
    /// only in case.
    pub fn anchor(&self, fragment: &str) -> Option<String> {
        if self.anchors.contains(fragment) {
            return Some(fragment.to_string());
        }
        let lower = fragment.to_lowercase();
        if self.anchors.contains(&lower) {
            return Some(lower);
        }
        self.anchors_by_case.get(&lower).cloned()
    }

    /// A diagnostic at a byte offset of the body, located in the real file.
    pub fn diagnostic_at(&self, d: Diagnostic, body_offset: usize) -> Diagnostic {
        d.at(self.lines().locate(self.body_start + body_offset))
    }

    /// Lines and columns of the page's text.
    pub fn lines(&self) -> LineIndex<'_> {
        let starts = self.line_starts.get_or_init(|| line_starts_of(&self.text));
        LineIndex::with_starts(&self.text, starts)
    }

    /// A warning for each front-matter key that neither GitBook nor quire
    /// knows and that `allowed` (`front_matter.extra_keys`) does not list;
    /// past a few, one warning counts the rest.
    pub fn unknown_key_warnings(
        &self,
        allowed: &[String],
        shown_path: &std::path::Path,
    ) -> Vec<Diagnostic> {
        if self.meta.extra.is_empty() {
            return vec![];
        }
        let Ok(front_matter::Split {
            yaml: Some(yaml), ..
        }) = front_matter::split(&self.text)
        else {
            return vec![];
        };
        let unknown = front_matter::unknown_keys(&self.meta, yaml, allowed);
        // The YAML starts on the file's line 2.
        let warning = |line: usize, message: String| {
            Diagnostic::warning("unknown-key", shown_path, message).at(LineCol {
                line: line + 1,
                column: 1,
            })
        };
        let mut warnings: Vec<Diagnostic> = unknown
            .iter()
            .take(UNKNOWN_KEYS_NAMED)
            .map(|u| warning(u.line, unknown_key_message(u.key)))
            .collect();
        if let Some(first_unnamed) = unknown.get(UNKNOWN_KEYS_NAMED) {
            let more = unknown.len() - UNKNOWN_KEYS_NAMED;
            let message = format!("{more} more unknown front-matter keys, from this line on");
            warnings.push(warning(first_unnamed.line, message));
        }
        warnings
    }

    /// Read a page from its bytes. Never fails: problems become diagnostics
    /// and a page that shows them.
    pub fn parse(
        source: String,
        output: String,
        bytes: Vec<u8>,
        shown_path: &std::path::Path,
    ) -> (Page, Vec<Diagnostic>) {
        let mut diagnostics = vec![];
        let mut failure = None;
        let text = match decode(bytes) {
            Ok(text) => text,
            Err(message) => {
                diagnostics.push(Diagnostic::error("encoding", shown_path, &message));
                failure = Some(message);
                String::new()
            }
        };
        let (mut meta, body_start) = match read_front_matter(&text) {
            Ok(found) => found,
            Err(e) => {
                let message = format!("malformed front matter: {}", e.message);
                diagnostics.push(Diagnostic::error("front-matter", shown_path, &message).at(e.at));
                failure.get_or_insert(message);
                (FrontMatter::default(), front_matter_end(&text))
            }
        };
        let body = &text[body_start..];
        let parsed = gitbook::parse(body);
        // The language is told by what a reader reads: code, URLs and markup
        // would make a Chinese page with a long code sample read as English.
        let mut tally = crate::content::language::Tally::default();
        let scan = crate::gitbook::scan(body, &parsed.nodes, &mut |prose| tally.add(prose));
        if let Some(description) = &meta.description {
            tally.add(description);
        }
        let line_starts = OnceLock::new();
        let locate = |offset: usize| {
            let starts = line_starts.get_or_init(|| line_starts_of(&text));
            LineIndex::with_starts(&text, starts).locate(body_start + offset)
        };
        for w in &parsed.warnings {
            diagnostics
                .push(Diagnostic::warning("tag", shown_path, &w.message).at(locate(w.span.start)));
        }
        for (id, offset) in &scan.duplicate_ids {
            diagnostics.push(
                Diagnostic::warning(
                    "duplicate-id",
                    shown_path,
                    format!(
                        "id `{id}` is already used on this page; links to `#{id}` go to the first"
                    ),
                )
                .at(locate(*offset)),
            );
        }
        if let Some(d) = bad_language_tag(&mut meta, &text, shown_path) {
            diagnostics.push(d);
        }
        let fallback_title = file_title(&source);
        let page = Page {
            tally,
            source,
            link: output.clone(),
            output,
            title: scan.title.clone().map(|(t, _)| t).unwrap_or(fallback_title),
            title_end: scan.title.map(|(_, end)| end),
            body_start,
            meta,
            failure,
            nodes: parsed.nodes,
            headings: scan.headings,
            anchors_by_case: by_case(&scan.anchors),
            anchors: scan.anchors,
            tab_ids: scan.tab_ids,
            link_references: scan.link_references,
            footnote_labels: scan.footnote_labels,
            text,
            space: 0,
            generated: false,
            updated: None,
            line_starts,
        };
        (page, diagnostics)
    }
}

/// A front matter `lang:` that is no language tag is dropped with a
/// warning at its line: it would be written into `lang` attributes.
fn bad_language_tag(
    meta: &mut FrontMatter,
    text: &str,
    shown_path: &std::path::Path,
) -> Option<Diagnostic> {
    let tag = meta.lang.take()?;
    let tag = tag.trim();
    let normal = crate::content::spaces::normalise_language(tag);
    if crate::content::language::is_tag(&normal) {
        meta.lang = Some(normal);
        return None;
    }
    let line = text.find("\nlang:").map_or(0, |at| at + 1);
    Some(
        Diagnostic::warning(
            "language",
            shown_path,
            format!(
                "`lang: {}` is not a language tag (such as `en`, `zh-TW`, `ja`); the page's language is guessed from its text",
                tag.escape_debug()
            ),
        )
        .at_offset(text, line),
    )
}

/// Unknown front-matter keys named one by one in a page; a page of
/// thousands (generated metadata) gets one more warning that counts the rest.
const UNKNOWN_KEYS_NAMED: usize = 5;

/// What an unknown key's warning says: the known key it is likely a typo
/// of, or how to keep it quietly.
fn unknown_key_message(key: &str) -> String {
    let advice = match front_matter::closest_known_key(key) {
        Some(known) => format!("did you mean `{known}`?"),
        None => {
            "it is ignored (list it under `front_matter.extra_keys` in quire.yaml if it is yours)"
                .into()
        }
    };
    format!("unknown front-matter key `{}`; {advice}", shown_key(key))
}

/// A key as a message line shows it: control characters escaped, and a key
/// of pages of text cut short.
fn shown_key(key: &str) -> String {
    const LONGEST: usize = 60;
    let mut shown = String::new();
    for c in key.chars().take(LONGEST) {
        match c.is_control() {
            true => shown.extend(c.escape_debug()),
            false => shown.push(c),
        }
    }
    if key.chars().nth(LONGEST).is_some() {
        shown.push('…');
    }
    shown
}

/// The anchors that have capitals, by their lowercase form; of two that
/// differ only in case, the first in sorted order.
fn by_case(anchors: &HashSet<String>) -> HashMap<String, String> {
    let mut capitalised: Vec<&String> = anchors
        .iter()
        .filter(|a| a.chars().any(char::is_uppercase))
        .collect();
    capitalised.sort();
    let mut out = HashMap::new();
    for anchor in capitalised {
        out.entry(anchor.to_lowercase())
            .or_insert_with(|| anchor.clone());
    }
    out
}

/// UTF-8 text with the BOM removed and CRLF turned into LF. Line numbers do
/// not change, so diagnostics still point at the right line.
fn decode(bytes: Vec<u8>) -> Result<String, String> {
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "not valid UTF-8 at byte {}; save the file as UTF-8",
            e.utf8_error().valid_up_to()
        )
    })?;
    let text = match text.strip_prefix('\u{FEFF}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text
    })
}

fn read_front_matter(text: &str) -> Result<(FrontMatter, usize), front_matter::FrontMatterError> {
    let split = front_matter::split(text)?;
    let meta = match split.yaml {
        Some(yaml) => front_matter::parse(yaml)?,
        None => FrontMatter::default(),
    };
    Ok((meta, split.body_start))
}

/// Where the body starts when the front matter is broken: after its closing
/// line if there is one, else the whole file is shown as the body.
fn front_matter_end(text: &str) -> usize {
    front_matter::split(text).map(|s| s.body_start).unwrap_or(0)
}

/// A title from the file name: `README.md` is named after its folder.
pub fn file_title(source: &str) -> String {
    let mut parts = source.rsplit('/');
    let file = parts.next().unwrap_or(source);
    let stem = file
        .strip_suffix(".md")
        .or_else(|| file.strip_suffix(".MD"))
        .unwrap_or(file);
    if stem.eq_ignore_ascii_case("readme") {
        return parts
            .next()
            .map(|dir| dir.to_string())
            .unwrap_or_else(|| "Home".into());
    }
    stem.to_string()
}

/// Where a page's HTML goes: `a/b.md` → `a/b.html` (with pretty URLs
/// `a/b/index.html`); a folder's readme → `index.html` in that folder.
/// Dot-named parts lose their dots, as published files do.
pub fn output_path(source: &str, root_readme: &str, pretty: bool) -> String {
    if source == root_readme {
        return "index.html".into();
    }
    let source = &*crate::text::url::published_file_path(source);
    let (dir, file) = match source.rsplit_once('/') {
        Some((dir, file)) => (Some(dir), file),
        None => (None, source),
    };
    let is_readme = file.eq_ignore_ascii_case("readme.md");
    let name = if is_readme {
        "index.html".to_string()
    } else {
        let stem = file
            .get(..file.len().saturating_sub(3))
            .filter(|_| file.to_ascii_lowercase().ends_with(".md"))
            .unwrap_or(file);
        if pretty {
            format!("{stem}/index.html")
        } else {
            format!("{stem}.html")
        }
    };
    match dir {
        Some(dir) => format!("{dir}/{name}"),
        None => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unknown_key_lines(text: &str, allowed: &[String]) -> Vec<String> {
        let (page, _) = Page::parse("p.md".into(), "p.html".into(), text.into(), "p.md".as_ref());
        page.unknown_key_warnings(allowed, "p.md".as_ref())
            .iter()
            .map(|d| d.to_string())
            .collect()
    }

    #[test]
    fn unknown_keys_are_warnings_at_their_line_in_the_file() {
        let text = "---\ndescripton: Lost\nicon: book\nowner: ops\n---\n# P\n";
        assert_eq!(
            unknown_key_lines(text, &[]),
            [
                "p.md:2:1: warning[unknown-key]: unknown front-matter key `descripton`; did you mean `description`?",
                "p.md:4:1: warning[unknown-key]: unknown front-matter key `owner`; it is ignored (list it under `front_matter.extra_keys` in quire.yaml if it is yours)",
            ]
        );
        assert_eq!(unknown_key_lines(text, &["owner".into()]).len(), 1);
        assert!(unknown_key_lines("# No front matter\n", &[]).is_empty());
    }

    #[test]
    fn thousands_of_unknown_keys_are_named_five_then_counted() {
        let keys: String = (0..20_000).map(|i| format!("k{i}: x\n")).collect();
        let lines = unknown_key_lines(&format!("---\n{keys}---\n"), &[]);
        assert_eq!(lines.len(), 6);
        assert!(
            lines[0].starts_with("p.md:2:1: warning[unknown-key]: unknown front-matter key `k0`;")
        );
        assert_eq!(
            lines[5],
            "p.md:7:1: warning[unknown-key]: 19995 more unknown front-matter keys, from this line on"
        );
    }

    #[test]
    fn keys_are_shown_on_one_short_line() {
        assert_eq!(shown_key("a\nb\u{7}"), "a\\nb\\u{7}");
        assert_eq!(shown_key("客服's key"), "客服's key");
        let long = shown_key(&"x".repeat(1000));
        assert_eq!(long, format!("{}…", "x".repeat(60)));
    }

    #[test]
    fn output_paths_follow_gitbook_layout() {
        assert_eq!(output_path("README.md", "README.md", false), "index.html");
        assert_eq!(output_path("a/b.md", "README.md", false), "a/b.html");
        assert_eq!(
            output_path("a/README.md", "README.md", false),
            "a/index.html"
        );
        assert_eq!(
            output_path("a/readme.md", "README.md", false),
            "a/index.html"
        );
        assert_eq!(output_path("intro.md", "intro.md", false), "index.html");
        assert_eq!(
            output_path("docs/intro.md", "docs/intro.md", false),
            "index.html"
        );
        assert_eq!(
            output_path("常見問題/登入 失敗.md", "README.md", false),
            "常見問題/登入 失敗.html"
        );
        assert_eq!(output_path("a/B.MD", "README.md", false), "a/B.html");
        assert_eq!(
            output_path("a/...with-secret-numbers.md", "README.md", false),
            "a/with-secret-numbers.html"
        );
    }

    #[test]
    fn pretty_output_paths_are_folders() {
        assert_eq!(output_path("a/b.md", "README.md", true), "a/b/index.html");
        assert_eq!(
            output_path("a/README.md", "README.md", true),
            "a/index.html"
        );
        assert_eq!(output_path("README.md", "README.md", true), "index.html");
        assert_eq!(output_path("intro.md", "intro.md", true), "index.html");
        assert_eq!(output_path("常見.md", "README.md", true), "常見/index.html");
    }

    #[test]
    fn file_titles() {
        assert_eq!(file_title("guides/setup-linux.md"), "setup-linux");
        assert_eq!(file_title("guides/README.md"), "guides");
        assert_eq!(file_title("README.md"), "Home");
    }

    #[test]
    fn malformed_front_matter_is_an_error_at_the_real_line_and_the_page_still_exists() {
        let text = "---\ndescription: fine\nhidden: [oops\n---\n# Title\n\nBody\n";
        let (page, diagnostics) = Page::parse(
            "p.md".into(),
            "p.html".into(),
            text.as_bytes().to_vec(),
            "p.md".as_ref(),
        );
        assert_eq!(diagnostics.len(), 1);
        let d = &diagnostics[0];
        assert!(d.is_error());
        assert!(d.to_string().starts_with("p.md:"), "{d}");
        assert!(d.at.unwrap().line >= 3, "{d}");
        assert!(page.failure.is_some());
        assert_eq!(page.title, "Title");
    }

    #[test]
    fn bom_and_crlf_are_normalised() {
        let (page, diagnostics) = Page::parse(
            "p.md".into(),
            "p.html".into(),
            "\u{FEFF}---\r\ndescription: x\r\n---\r\n# T\r\n"
                .as_bytes()
                .to_vec(),
            "p.md".as_ref(),
        );
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(page.meta.description.as_deref(), Some("x"));
        assert_eq!(page.title, "T");
    }

    #[test]
    fn invalid_utf8_names_the_byte() {
        let (page, diagnostics) = Page::parse(
            "p.md".into(),
            "p.html".into(),
            b"# ok\n\xff\xfe".to_vec(),
            "p.md".as_ref(),
        );
        assert!(
            diagnostics[0].message.contains("byte 5"),
            "{:?}",
            diagnostics[0]
        );
        assert!(page.failure.is_some());
    }
}
