//! Markdown twins: every page as clean CommonMark/GFM beside its HTML, for
//! Markdown readers and AI assistants (`a/b.html` → `a/b.md`).
//!
//! 1. Start with the title as `# …` and the description as a paragraph;
//!    the front matter is left out.
//! 2. Walk the page's block tree (`page.nodes`) as the HTML renderer does.
//!    Markdown runs are copied as written, with a few edits (`leaf`): links
//!    between pages lead to the twins, images and files to their published
//!    paths, expressions become their values, expandables a bold summary.
//! 3. Blocks become plain Markdown: hints GFM alerts, steps and tabs
//!    headings, page links and embeds links, includes their content, API
//!    operations a heading, a table and code (`api`).
//!
//! What has no Markdown form keeps its content and is reported with the
//! kind `markdown-twin`, so that `quire check` names it.

mod api;
mod leaf;

pub(crate) use leaf::{escape_inline, link};

use crate::content::page::Page;
use crate::content::Site;
use crate::error::Diagnostic;
use crate::gitbook::{Block, Node, Text};
use crate::markdown::links::{self, Resolved};
use crate::markdown::{MAX_BLOCK_DEPTH, MAX_INCLUDED_BYTES, MAX_INCLUDE_DEPTH, MIN_INCLUDE_BYTES};
use crate::text::url;
use std::path::{Path, PathBuf};

/// The kind of finding for what a twin cannot say in Markdown.
pub const KIND: &str = "markdown-twin";

/// Where a page's twin goes: its URL with `.md` appended (`a/b.html` →
/// `a/b.md`; with pretty URLs `a/b/index.html` → `a/b.md`); the home page's
/// is `index.md`, so a root `index.md` page (`index/index.html`) keeps
/// `index/index.md`.
pub fn twin_path(page: &Page, pretty: bool) -> String {
    let output = page.output.as_str();
    match output.strip_suffix("/index.html") {
        Some(dir) if pretty && dir != "index" => format!("{dir}.md"),
        _ => match output.strip_suffix(".html") {
            Some(stem) => format!("{stem}.md"),
            None => format!("{output}.md"),
        },
    }
}

/// How twins are written for one build.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub pretty: bool,
    /// Links between pages lead to their twins; without twins (only
    /// `llms-full.txt` uses them) to the HTML pages.
    pub link_twins: bool,
}

/// The Markdown twin of page `index` and what could not be said in Markdown.
/// `shown` is the page's path for findings.
pub fn render(site: &Site, index: usize, style: Style, shown: &Path) -> (String, Vec<Diagnostic>) {
    let page = &*site.pages[index];
    let space_prefix = shown
        .to_str()
        .and_then(|s| s.strip_suffix(page.source.as_str()))
        .map(PathBuf::from)
        .unwrap_or_default();
    let mut writer = TwinWriter {
        site,
        page,
        doc: page,
        style,
        twin: twin_path(page, style.pretty),
        shown: shown.to_path_buf(),
        space_prefix,
        include_stack: vec![],
        included_bytes: 0,
        nesting: 0,
        warned_depth: false,
        diagnostics: vec![],
    };
    let mut out = format!("# {}\n\n", leaf::escape_inline(&page.title));
    if let Some(description) = page.meta.description.as_deref().map(str::trim) {
        if !description.is_empty() {
            // Text on the page: no link or HTML of its own in the twin.
            out.push_str(&leaf::escape_line_start(&leaf::escape_inline(description)));
            out.push_str("\n\n");
        }
    }
    match &page.failure {
        Some(message) => {
            out.push_str("> [!CAUTION]\n> This page could not be built.\n\n");
            out.push_str(&fence("text", message));
        }
        None => writer.nodes(&page.nodes, 0, 0, &mut out),
    }
    let mut out = tidy_blank_lines(out.trim_end());
    out.push('\n');
    (out, writer.diagnostics)
}

/// One blank line where several follow each other (blocks dropped between
/// them leave more), except inside fenced code.
fn tidy_blank_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut fence: Option<(char, usize)> = None;
    let mut blank = false;
    for line in text.split_inclusive('\n') {
        let is_blank = line.trim().is_empty();
        if fence.is_none() && is_blank && blank {
            continue;
        }
        blank = is_blank;
        out.push_str(line);
        let marker = line.trim_start_matches([' ', '\t', '>']);
        let Some(c) = marker.chars().next().filter(|c| *c == '`' || *c == '~') else {
            continue;
        };
        let run = marker.chars().take_while(|m| *m == c).count();
        fence = match fence {
            None if run >= 3 => Some((c, run)),
            Some((open, len)) if open == c && run >= len && marker[run..].trim().is_empty() => None,
            other => other,
        };
    }
    out
}

/// A fenced code block of `code`, with a fence longer than any in it.
pub(crate) fn fence(language: &str, code: &str) -> String {
    let longest = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let ticks = "`".repeat(longest.max(2) + 1);
    let newline = if code.ends_with('\n') { "" } else { "\n" };
    format!("{ticks}{language}\n{code}{newline}{ticks}\n")
}

pub(crate) struct TwinWriter<'a> {
    site: &'a Site,
    /// The page whose twin is written: links start from its twin.
    page: &'a Page,
    /// The document whose text is walked: the page, or a file it includes.
    doc: &'a Page,
    style: Style,
    /// The twin's path in the output.
    twin: String,
    /// The path of `doc` in findings.
    shown: PathBuf,
    /// Folder that findings' paths are relative to, as seen from the space.
    space_prefix: PathBuf,
    /// Includes being expanded, outermost first, to stop cycles.
    include_stack: Vec<String>,
    /// Text added to the page by includes and expressions so far.
    included_bytes: usize,
    /// Headings written for enclosing steps, tabs and updates: one more
    /// level for each.
    nesting: u8,
    warned_depth: bool,
    diagnostics: Vec<Diagnostic>,
}

impl TwinWriter<'_> {
    /// Write `nodes`, whose Markdown runs are dedented by `dedent` columns.
    fn nodes(&mut self, nodes: &[Node], depth: usize, dedent: usize, out: &mut String) {
        for node in nodes {
            match node {
                Node::Markdown(text) => self.markdown(text, out),
                Node::Block(block) if depth >= MAX_BLOCK_DEPTH => self.flat(block, out),
                Node::Block(block) => {
                    let (inner_dedent, indent) = self.indentation(block, dedent);
                    let mut inner = String::new();
                    self.block(block, depth + 1, inner_dedent, &mut inner);
                    push_block(out, &inner, indent);
                }
            }
        }
    }

    /// A Markdown run, copied with its edits; blank lines that open it are
    /// dropped after a block, which already ends with one.
    fn markdown(&mut self, text: &Text, out: &mut String) {
        let written = leaf::rewrite(self, text);
        let written = if out.is_empty() || out.ends_with("\n\n") {
            skip_blank_lines(&written)
        } else {
            &written
        };
        out.push_str(written);
    }

    /// The dedent of a block's children, and how far the block itself is
    /// indented inside its parent (a block in a list item stays in it).
    fn indentation(&self, block: &Block, dedent: usize) -> (usize, usize) {
        let body = self.doc.body();
        let start = block.open.start.min(body.len());
        let line_start = body[..start].rfind('\n').map_or(0, |i| i + 1);
        let before = &body[line_start..start];
        // On a line of its own, or first in a list item (`1. {% hint %}`).
        let own_line = before.chars().all(|c| c == ' ' || c == '\t');
        if !own_line && !crate::gitbook::ends_with_list_marker(before) {
            return (dedent, 0);
        }
        let columns = crate::gitbook::columns(before.as_bytes());
        (columns, columns.saturating_sub(dedent))
    }

    /// Too deep to nest safely: the Markdown of the whole subtree in order.
    fn flat(&mut self, block: &Block, out: &mut String) {
        if !std::mem::replace(&mut self.warned_depth, true) {
            let message = format!(
                "blocks nested deeper than {MAX_BLOCK_DEPTH} levels are written without their structure in the Markdown twin"
            );
            self.warn(block.open.start, message);
        }
        for leaf in crate::gitbook::walk::leaves(&block.children) {
            self.markdown(leaf.text, out);
            ensure_blank_line(out);
        }
    }

    fn block(&mut self, block: &Block, depth: usize, dedent: usize, out: &mut String) {
        match block.name.as_str() {
            "hint" => self.hint(block, depth, dedent, out),
            "stepper" => self.stepper(&block.children, depth, dedent, out),
            "step" => self.stepper(
                std::slice::from_ref(&Node::Block(block.clone())),
                depth,
                dedent,
                out,
            ),
            "tabs" | "code-tabs" => self.tabs(block, depth, dedent, out),
            "code" => self.code(block, depth, dedent, out),
            "include" => self.include(block, depth, out),
            "content-ref" | "page-ref" => self.page_link(block, depth, dedent, out),
            "file" => self.attachment(block, "src", depth, dedent, out),
            "embed" => self.attachment(block, "url", depth, dedent, out),
            "openapi" | "openapi-operation" => self.openapi(block, out),
            "openapi-schemas" => self.openapi_schemas(block, out),
            "swagger" | "api-method" => self.legacy_api(block, depth, dedent, out),
            "swagger-parameter" | "api-method-parameter" => {
                self.parameter(block, depth, dedent, out)
            }
            "swagger-response" | "api-method-response-example" => {
                self.response(block, depth, dedent, out)
            }
            "update" => self.update(block, depth, dedent, out),
            "prompt" => self.prompt(block, depth, dedent, out),
            name if name.starts_with('@') => self.integration(block, out),
            "else" | "elif" => {}
            // Containers whose frame has no meaning in Markdown: their content.
            "columns"
            | "column"
            | "updates"
            | "if"
            | "swagger-description"
            | "api-method-summary"
            | "api-method-description"
            | "api-method-response-example-description"
            | "api-method-spec"
            | "api-method-request"
            | "api-method-response"
            | "api-method-path-parameters"
            | "api-method-query-parameters"
            | "api-method-headers"
            | "api-method-body-parameters"
            | "api-method-form-data-parameters" => self.nodes(&block.children, depth, dedent, out),
            name => {
                let message = format!(
                    "`{{% {name} %}}` has no Markdown form; the Markdown twin keeps only its content"
                );
                self.warn(block.open.start, message);
                self.nodes(&block.children, depth, dedent, out);
            }
        }
    }

    /// A hint as a GFM alert: `> [!NOTE]`, `> [!TIP]`, `> [!WARNING]`, `> [!CAUTION]`.
    fn hint(&mut self, block: &Block, depth: usize, dedent: usize, out: &mut String) {
        let kind = match block.attr("style").unwrap_or("info") {
            "success" => "TIP",
            "warning" => "WARNING",
            "danger" => "CAUTION",
            _ => "NOTE",
        };
        let mut inner = String::new();
        self.nodes(&block.children, depth, dedent, &mut inner);
        out.push_str(&format!("> [!{kind}]\n"));
        out.push_str(&quote(inner.trim_matches('\n')));
    }

    /// Steps as numbered headings: `### 1. Title`, the step's own heading
    /// (if it opens with one) as the title.
    fn stepper(&mut self, steps: &[Node], depth: usize, dedent: usize, out: &mut String) {
        let level = self.heading_level(steps.first().map_or(0, node_start));
        self.nesting += 1;
        for (i, step) in steps.iter().enumerate() {
            let children = match step {
                Node::Block(b) if b.name == "step" => &b.children[..],
                other => std::slice::from_ref(other),
            };
            let (title, rest) = self.titled(children);
            let title = title.map(|t| format!(" {t}")).unwrap_or_default();
            out.push_str(&format!("{} {}.{title}\n\n", "#".repeat(level), i + 1));
            self.nodes(rest.as_deref().unwrap_or(children), depth, dedent, out);
            ensure_blank_line(out);
        }
        self.nesting -= 1;
    }

    /// Tabs as a heading per tab, then its content; other content of the
    /// block before or after them, as on the page.
    fn tabs(&mut self, block: &Block, depth: usize, dedent: usize, out: &mut String) {
        let level = self.heading_level(block.open.start);
        let set = crate::gitbook::walk::tab_set(block);
        if !set.before.is_empty() {
            self.nodes(set.before, depth, dedent, out);
            ensure_blank_line(out);
        }
        self.nesting += 1;
        for (i, tab) in set.tabs.iter().enumerate() {
            let title = crate::gitbook::walk::tab_title(tab)
                .map(leaf::escape_inline)
                .unwrap_or_else(|| format!("Tab {}", i + 1));
            out.push_str(&format!("{} {title}\n\n", "#".repeat(level)));
            self.nodes(&tab.children, depth, dedent, out);
            ensure_blank_line(out);
        }
        self.nesting -= 1;
        for run in set.after {
            self.nodes(run, depth, dedent, out);
            ensure_blank_line(out);
        }
    }

    /// `{% code title %}`: the title as a bold line above the code.
    fn code(&mut self, block: &Block, depth: usize, dedent: usize, out: &mut String) {
        if let Some(title) = block.attr("title").filter(|t| !t.trim().is_empty()) {
            out.push_str(&format!("**{}**\n\n", leaf::escape_inline(title.trim())));
        }
        self.nodes(&block.children, depth, dedent, out);
    }

    /// `{% include %}`: the file's content in place, bounded as on the page
    /// (the page's render reports what is refused).
    fn include(&mut self, block: &Block, depth: usize, out: &mut String) {
        let Some(path) = block.include_path() else {
            return;
        };
        let Some(source) = url::join(url::parent(&self.doc.source), &url::decode(path)) else {
            return;
        };
        let Some(doc) = self.site.includable(&source) else {
            return;
        };
        let cost = doc.body().len().max(MIN_INCLUDE_BYTES);
        let refused = source == self.page.source
            || self.include_stack.contains(&source)
            || self.include_stack.len() >= MAX_INCLUDE_DEPTH
            || self.included_bytes + cost > MAX_INCLUDED_BYTES;
        if refused {
            return;
        }
        self.included_bytes += cost;
        let saved_doc = std::mem::replace(&mut self.doc, doc);
        let saved_shown = std::mem::replace(&mut self.shown, self.space_prefix.join(&source));
        self.include_stack.push(source);
        self.nodes(&doc.nodes, depth, 0, out);
        self.include_stack.pop();
        self.doc = saved_doc;
        self.shown = saved_shown;
    }

    /// `{% content-ref %}`, `{% page-ref %}`: a link to the page, by its title.
    fn page_link(&mut self, block: &Block, depth: usize, dedent: usize, out: &mut String) {
        let target = block
            .attr("url")
            .or(block.attr("page"))
            .or(block.args.first().map(String::as_str));
        let Some(target) = target else {
            return self.nodes(&block.children, depth, dedent, out);
        };
        let title = match links::resolve(target, self.doc, &self.twin, self.site) {
            Resolved::Href { page: Some(i), .. } => self.site.pages[i].title.clone(),
            Resolved::Href { .. } | Resolved::Keep => file_name(target).to_string(),
            // GitBook's fallback in the body says what the link was.
            Resolved::Broken(_) => return self.nodes(&block.children, depth, dedent, out),
        };
        let href = self
            .href(target, false)
            .unwrap_or_else(|| target.to_string());
        out.push_str(&leaf::link(&title, &href));
        out.push('\n');
    }

    /// `{% file src %}` and `{% embed url %}`: a link, then the caption.
    fn attachment(
        &mut self,
        block: &Block,
        attr: &str,
        depth: usize,
        dedent: usize,
        out: &mut String,
    ) {
        let target = block.attr(attr).or(block.args.first().map(String::as_str));
        if let Some(target) = target.filter(|t| !t.trim().is_empty()) {
            let text = block.attr("caption").unwrap_or(if attr == "src" {
                file_name(target)
            } else {
                target
            });
            let href = self
                .href(target, attr == "src")
                .unwrap_or_else(|| target.to_string());
            out.push_str(&leaf::link(text, &href));
            out.push_str("\n\n");
        }
        self.nodes(&block.children, depth, dedent, out);
    }

    /// `{% update date %}` of `{% updates %}`: the date as a heading.
    fn update(&mut self, block: &Block, depth: usize, dedent: usize, out: &mut String) {
        let level = self.heading_level(block.open.start);
        if let Some(date) = block.attr("date").filter(|d| !d.trim().is_empty()) {
            out.push_str(&format!(
                "{} {}\n\n",
                "#".repeat(level),
                leaf::escape_inline(date)
            ));
        }
        self.nesting += 1;
        self.nodes(&block.children, depth, dedent, out);
        self.nesting -= 1;
    }

    /// `{% prompt description %}`: the description in bold, then the prompt.
    fn prompt(&mut self, block: &Block, depth: usize, dedent: usize, out: &mut String) {
        if let Some(description) = block.attr("description").filter(|d| !d.trim().is_empty()) {
            out.push_str(&format!(
                "**{}**\n\n",
                leaf::escape_inline(description.trim())
            ));
        }
        self.nodes(&block.children, depth, dedent, out);
    }

    /// `{% @vendor/block url %}`: a link to what it shows.
    fn integration(&mut self, block: &Block, out: &mut String) {
        let target = block.attr("url").or(block.attr("src"));
        match target.filter(|t| !t.trim().is_empty()) {
            Some(target) => {
                let href = self
                    .href(target, false)
                    .unwrap_or_else(|| target.to_string());
                out.push_str(&leaf::link(target, &href));
                out.push('\n');
            }
            None => {
                let message = format!(
                    "`{{% {} %}}` names no URL; the Markdown twin leaves it out",
                    block.name
                );
                self.warn(block.open.start, message);
            }
        }
    }

    /// A step's or a block's leading heading, as inline Markdown, and the
    /// children without it.
    fn titled(&self, children: &[Node]) -> (Option<String>, Option<Vec<Node>>) {
        let Some(Node::Markdown(text)) = children.first() else {
            return (None, None);
        };
        let source = text.source(self.doc.body());
        let Some((title, end)) = leading_heading(&source).or_else(|| leading_bold_line(&source))
        else {
            return (None, None);
        };
        // The rest of the run, from the end of the heading line.
        let original_end = text.to_original(self.doc.body(), end);
        let mut rest = children.to_vec();
        rest[0] = Node::Markdown(Text {
            span: original_end.min(text.span.end)..text.span.end,
            dedent: text.dedent,
        });
        (Some(title), Some(rest))
    }

    /// The level of a heading the twin adds for a block at `offset`: one
    /// below the section it is in, one more per enclosing step or tab.
    fn heading_level(&self, offset: usize) -> usize {
        let headings = &self.doc.headings;
        let before = headings.partition_point(|h| h.offset < offset);
        let section = headings[..before]
            .iter()
            .rev()
            .find(|h| !h.in_block)
            .map_or(1, |h| h.level as usize);
        (section + 1 + self.nesting as usize).clamp(2, 6)
    }

    /// The href a link written as `dest` gets in the twin; `None` to keep
    /// it as written (external, or broken: the page's render reports it).
    pub(crate) fn href(&self, dest: &str, is_image: bool) -> Option<String> {
        match links::resolve(dest, self.doc, &self.twin, self.site) {
            Resolved::Href {
                href,
                page: Some(page),
                ..
            } if self.style.link_twins && !is_image => {
                let fragment = href.split_once('#').map(|(_, f)| f);
                let target = twin_path(&self.site.pages[page], self.style.pretty);
                let mut href = match fragment {
                    Some(_) if target == self.twin => String::new(),
                    _ => url::relative(&self.twin, &target),
                };
                if let Some(fragment) = fragment {
                    href.push('#');
                    href.push_str(fragment);
                }
                Some(href)
            }
            Resolved::Href { href, .. } => Some(href),
            Resolved::Keep | Resolved::Broken(_) => None,
        }
    }

    /// A `markdown-twin` finding at a byte offset of the current document.
    pub(crate) fn warn(&mut self, body_offset: usize, message: String) {
        let d = Diagnostic::warning(KIND, &self.shown, message);
        self.diagnostics
            .push(self.doc.diagnostic_at(d, body_offset));
    }
}

/// Where a node starts in its document's body.
fn node_start(node: &Node) -> usize {
    match node {
        Node::Markdown(text) => text.span.start,
        Node::Block(block) => block.open.start,
    }
}

/// The last part of a path or URL, for a link's text.
fn file_name(target: &str) -> &str {
    let path = target.split(['#', '?']).next().unwrap_or(target);
    path.trim_end_matches('/')
        .rsplit('/')
        .next()
        .filter(|n| !n.is_empty())
        .unwrap_or(target)
}

/// A leading ATX heading of a Markdown run: its text and where its line ends.
fn leading_heading(source: &str) -> Option<(String, usize)> {
    let start = source.len() - skip_blank_lines(source).len();
    let line_end = source[start..]
        .find('\n')
        .map_or(source.len(), |i| start + i + 1);
    let line = source[start..line_end].trim();
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    if !(1..=6).contains(&hashes)
        || !matches!(line.as_bytes().get(hashes), Some(b' ' | b'\t') | None)
    {
        return None;
    }
    let text = line[hashes..].trim().trim_end_matches('#').trim_end();
    Some((text.to_string(), line_end))
}

/// A leading line that is all bold (`**Export the contacts**`), as GitBook
/// writes a step's title without a heading: its text and where it ends.
fn leading_bold_line(source: &str) -> Option<(String, usize)> {
    let start = source.len() - skip_blank_lines(source).len();
    let line_end = source[start..]
        .find('\n')
        .map_or(source.len(), |i| start + i + 1);
    let inner = source[start..line_end]
        .trim()
        .strip_prefix("**")?
        .strip_suffix("**")?;
    let whole = !inner.is_empty() && !inner.contains("**");
    whole.then(|| (inner.trim().to_string(), line_end))
}

/// `text` without the blank lines it starts with.
fn skip_blank_lines(text: &str) -> &str {
    let mut rest = text;
    while let Some(end) = rest.find('\n') {
        if !rest[..end].trim().is_empty() {
            break;
        }
        rest = &rest[end + 1..];
    }
    rest
}

/// End `out` with a blank line, so that what follows starts a block.
fn ensure_blank_line(out: &mut String) {
    if out.is_empty() {
        return;
    }
    let kept = out.trim_end_matches([' ', '\t', '\n']).len();
    out.truncate(kept);
    out.push_str("\n\n");
}

/// Append a block's Markdown on lines of its own, indented by `indent`;
/// after a list item's marker (`1. {% hint %}`), from the marker's line on.
fn push_block(out: &mut String, block: &str, indent: usize) {
    let block = block.trim_matches('\n');
    if block.trim().is_empty() {
        return;
    }
    let after_marker = crate::gitbook::ends_with_list_marker(out);
    if !after_marker {
        ensure_blank_line(out);
    }
    let pad = " ".repeat(indent);
    for (n, line) in block.split('\n').enumerate() {
        let on_marker_line = after_marker && n == 0;
        if !on_marker_line && !line.trim().is_empty() {
            out.push_str(&pad);
        }
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
}

/// Markdown as the content of a block quote.
fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for line in text.split('\n') {
        if line.is_empty() {
            out.push_str(">\n");
        } else {
            out.push_str("> ");
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twins_sit_at_the_url_with_md() {
        let page = |output: &str| {
            let (mut page, _) = Page::parse("x.md".into(), output.into(), vec![], "x.md".as_ref());
            page.output = output.into();
            page
        };
        assert_eq!(twin_path(&page("a/b.html"), false), "a/b.md");
        assert_eq!(twin_path(&page("index.html"), false), "index.md");
        assert_eq!(twin_path(&page("a/index.html"), false), "a/index.md");
        assert_eq!(twin_path(&page("a/b/index.html"), true), "a/b.md");
        assert_eq!(twin_path(&page("index.html"), true), "index.md");
        assert_eq!(twin_path(&page("index/index.html"), true), "index/index.md");
        assert_eq!(twin_path(&page("a/index/index.html"), true), "a/index.md");
    }

    #[test]
    fn blank_lines_are_tidied_outside_code() {
        let text = "a\n\n\n\nb\n```\nc\n\n\nd\n```\n\n\ne";
        assert_eq!(tidy_blank_lines(text), "a\n\nb\n```\nc\n\n\nd\n```\n\ne");
    }

    #[test]
    fn fences_are_longer_than_the_code_they_hold() {
        assert_eq!(fence("json", "{}"), "```json\n{}\n```\n");
        assert_eq!(fence("", "````\nx\n"), "`````\n````\nx\n`````\n");
    }

    #[test]
    fn leading_headings_are_step_titles() {
        assert_eq!(
            leading_heading("\n### Open the app\n\nText"),
            Some(("Open the app".into(), 18))
        );
        assert_eq!(leading_heading("Text\n## Later\n"), None);
        assert_eq!(leading_heading("#hashtag\n"), None);
        assert_eq!(
            leading_bold_line("**Export**\nText"),
            Some(("Export".into(), 11))
        );
        assert_eq!(leading_bold_line("**Bold** and not\n"), None);
    }
}
