//! Rendering one page: the block tree walked, each Markdown run's events
//! adjusted and written with pulldown-cmark's HTML writer.

use super::links::{self, Resolved};
use super::{autolink, html, inline, MAX_BLOCK_DEPTH, OPTIONS};
use crate::content::page::Page;
use crate::content::Site;
use crate::error::Diagnostic;
use crate::gitbook::{Block, Node, Text};
use pulldown_cmark::{BrokenLink, CodeBlockKind, CowStr, Event, LinkType, Parser, Tag, TagEnd};
use std::borrow::Cow;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// The HTML of a page body and what rendering found wrong.
#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    pub diagnostics: Vec<Diagnostic>,
}

/// Render a page's body. `shown` is the page's path for diagnostics.
pub fn render(page: &Page, site: &Site, shown: &Path) -> Rendered {
    let space_prefix = shown
        .to_str()
        .and_then(|s| s.strip_suffix(page.source.as_str()))
        .map(PathBuf::from)
        .unwrap_or_default();
    let mut renderer = PageRenderer {
        page,
        doc: page,
        site,
        shown: shown.to_path_buf(),
        space_prefix,
        include_stack: vec![],
        diagnostics: vec![],
        warned_depth: false,
        footnotes: vec![],
        generated_ids: 0,
        footnote_uses: Default::default(),
        footnotes_html: String::new(),
        warned_conditional: false,
    };
    let mut html = String::with_capacity(page.body().len() * 3 / 2);
    if let Some(message) = &page.failure {
        html.push_str(&format!(
            "<div class=\"build-error\" role=\"alert\"><p><strong>This page could not be built.</strong></p><pre>{}</pre></div>\n",
            html::escape(message)
        ));
    } else {
        renderer.render_nodes(&page.nodes, 0, &mut html);
        if !renderer.footnotes_html.is_empty() {
            html.push_str("<section class=\"footnotes\" aria-label=\"Footnotes\">\n");
            html.push_str(&renderer.footnotes_html);
            html.push_str("</section>\n");
        }
    }
    Rendered {
        html,
        diagnostics: renderer.diagnostics,
    }
}

pub(super) struct PageRenderer<'a> {
    /// The page being rendered: its output path is where links start from.
    pub(super) page: &'a Page,
    /// The document whose text is being rendered: the page, or a file it includes.
    pub(super) doc: &'a Page,
    pub(super) site: &'a Site,
    /// The path of `doc` in diagnostics.
    pub(super) shown: PathBuf,
    /// Folder that diagnostics paths are relative to, as seen from the space.
    pub(super) space_prefix: PathBuf,
    /// Includes being expanded, outermost first, to detect cycles.
    pub(super) include_stack: Vec<String>,
    pub(super) diagnostics: Vec<Diagnostic>,
    warned_depth: bool,
    /// Footnote labels in order of first use, numbered across the whole page
    /// (blocks split a page into several Markdown runs).
    footnotes: Vec<String>,
    generated_ids: usize,
    /// Rendered footnote definitions, listed at the end of the page.
    footnotes_html: String,
    /// How often each footnote has been referenced so far.
    footnote_uses: std::collections::HashMap<String, usize>,
    /// Conditional content is reported once per page.
    pub(super) warned_conditional: bool,
}

impl PageRenderer<'_> {
    pub(super) fn render_nodes(&mut self, nodes: &[Node], depth: usize, out: &mut String) {
        for node in nodes {
            match node {
                Node::Markdown(text) => self.render_leaf(text, None, out),
                Node::Block(block) if depth >= MAX_BLOCK_DEPTH => self.render_flat(block, out),
                Node::Block(block) => self.render_block(block, depth + 1, out),
            }
        }
    }

    /// Render children, taking a heading that opens them out as a title.
    pub(super) fn render_titled(
        &mut self,
        nodes: &[Node],
        depth: usize,
    ) -> (Option<String>, String) {
        let mut title = String::new();
        let mut body = String::new();
        match nodes.split_first() {
            Some((Node::Markdown(text), rest)) => {
                self.render_leaf(text, Some(&mut title), &mut body);
                self.render_nodes(rest, depth, &mut body);
            }
            _ => self.render_nodes(nodes, depth, &mut body),
        }
        (Some(title).filter(|t| !t.is_empty()), body)
    }

    /// Too deep to nest safely: render the Markdown of the whole subtree in order.
    fn render_flat(&mut self, block: &Block, out: &mut String) {
        if !std::mem::replace(&mut self.warned_depth, true) {
            let d = Diagnostic::warning(
                "tag",
                &self.shown,
                format!("blocks nested deeper than {MAX_BLOCK_DEPTH} levels are shown without their frames"),
            );
            self.diagnostics
                .push(self.doc.diagnostic_at(d, block.open.start));
        }
        for leaf in super::leaves(&block.children) {
            self.render_leaf(leaf.text, None, out);
        }
    }

    /// A page-unique id for generated elements (`tabs-1`, `tabs-2`, ...).
    pub(super) fn next_id(&mut self, prefix: &str) -> String {
        self.generated_ids += 1;
        format!("{prefix}-{}", self.generated_ids)
    }

    /// Resolve a link written in the current document.
    pub(super) fn resolve(&self, dest: &str) -> Resolved {
        links::resolve(dest, self.doc, &self.page.output, self.site)
    }

    /// The number of a footnote label, given on first use.
    fn footnote_number(&mut self, label: &str) -> usize {
        match self.footnotes.iter().position(|l| l == label) {
            Some(i) => i + 1,
            None => {
                self.footnotes.push(label.to_string());
                self.footnotes.len()
            }
        }
    }

    pub(super) fn warn(&mut self, kind: &'static str, body_offset: usize, message: String) {
        let d = Diagnostic::warning(kind, &self.shown, message);
        self.diagnostics
            .push(self.doc.diagnostic_at(d, body_offset));
    }

    /// Render one Markdown run. With `title`, a heading that opens the run is
    /// written there instead of into `out`.
    pub(super) fn render_leaf(
        &mut self,
        text: &Text,
        title: Option<&mut String>,
        out: &mut String,
    ) {
        let body = self.doc.body();
        // The page title (leading H1) is shown by the theme, not in the body.
        let skipped;
        let title_end = self
            .doc
            .title_end
            .filter(|_| std::ptr::eq(self.doc, self.page));
        let text = match title_end {
            Some(end) if text.span.start < end && end <= text.span.end && text.dedent == 0 => {
                skipped = Text {
                    span: end..text.span.end,
                    dedent: 0,
                };
                &skipped
            }
            _ => text,
        };
        let own = text.source(body);
        // Footnotes defined in another run of the page (GitBook puts them at
        // the end, after blocks) get stub definitions past the run's end, so
        // pulldown-cmark links the references; the stubs are not rendered.
        let stubs = footnote_stubs(&own, &self.doc.footnote_labels);
        let source: Cow<'_, str> = if stubs.is_empty() {
            Cow::Borrowed(&own)
        } else {
            Cow::Owned(format!("{own}{stubs}"))
        };
        let run_end = own.len();
        // Reference definitions anywhere in the page serve every Markdown run.
        let page = self.doc;
        let mut references = |link: BrokenLink<'_>| {
            let (dest, title) = page.link_references.get(&link.reference.to_lowercase())?;
            Some((CowStr::from(dest.clone()), CowStr::from(title.clone())))
        };
        let parser = Parser::new_with_broken_link_callback(&source, OPTIONS, Some(&mut references));
        let mut events = EventRewriter::new(self, text, &source[..run_end]);
        for (event, range) in parser.into_offset_iter() {
            if range.start < run_end {
                events.push(event, range);
            }
        }
        let (events, title_end) = events.finish();
        match (title, title_end) {
            (Some(title), Some(end)) => {
                let mut events = events;
                let rest = events.split_off(end);
                pulldown_cmark::html::push_html(title, events.into_iter());
                pulldown_cmark::html::push_html(out, rest.into_iter());
            }
            _ => pulldown_cmark::html::push_html(out, events.into_iter()),
        }
    }
}

/// Where the rewriter stands with respect to a link.
enum LinkState {
    Outside,
    /// An ordinary link: its text is written as is.
    Normal,
    /// A mention: its text is replaced by the target's title.
    Mention(String),
    /// A broken link: written as a `<span>`.
    Broken,
}

/// Adjusts the events of one Markdown run before they are written.
struct EventRewriter<'r, 'a, 's> {
    renderer: &'r mut PageRenderer<'a>,
    text: &'r Text,
    /// The Markdown of this run, for what must be read raw (math).
    source: &'s str,
    events: Vec<Event<'s>>,
    /// Consecutive text, merged so that URLs split by escapes are found whole.
    pending: Option<(String, usize)>,
    /// Where the merged text ends in the source.
    pending_end: usize,
    /// Inside `<code class="expression">`: the expression read so far.
    expression: Option<String>,
    /// Depth of footnote definitions being read, and their events.
    in_footnote: usize,
    footnote_events: Vec<Event<'s>>,
    /// Consecutive lines of an HTML block.
    pending_html: Option<(String, usize)>,
    link: LinkState,
    image_depth: usize,
    in_code_block: bool,
    /// The language and text of the code block being read.
    code: Option<(String, String)>,
    heading: Option<(u8, String)>,
    /// Inside a heading: the next `</a>` closes a dropped explicit anchor.
    drop_anchor_close: bool,
    /// Index just past the heading that opens the run, if it opens with one.
    title_end: Option<usize>,
    opens_with_heading: bool,
}

impl<'r, 'a, 's> EventRewriter<'r, 'a, 's> {
    fn new(renderer: &'r mut PageRenderer<'a>, text: &'r Text, source: &'s str) -> Self {
        EventRewriter {
            renderer,
            text,
            source,
            events: Vec::new(),
            pending: None,
            pending_end: 0,
            expression: None,
            in_footnote: 0,
            footnote_events: Vec::new(),
            pending_html: None,
            link: LinkState::Outside,
            image_depth: 0,
            in_code_block: false,
            code: None,
            heading: None,
            drop_anchor_close: false,
            title_end: None,
            opens_with_heading: false,
        }
    }

    fn body_offset(&self, offset: usize) -> usize {
        self.text.to_original(self.renderer.doc.body(), offset)
    }

    fn push(&mut self, event: Event<'s>, range: Range<usize>) {
        match &event {
            Event::Text(t) if self.expression.is_some() => {
                if let Some(expression) = &mut self.expression {
                    expression.push_str(t);
                }
                return;
            }
            Event::Text(t) if self.code.is_some() => {
                if let Some((_, code)) = &mut self.code {
                    code.push_str(t);
                }
                return;
            }
            Event::Text(t) if !self.in_code_block => {
                match &mut self.pending {
                    Some((text, _)) => text.push_str(t),
                    None => self.pending = Some((t.to_string(), range.start)),
                }
                self.pending_end = range.end;
                return;
            }
            // A soft break inside merged text is a newline either way; merging
            // lets `$$…$$` and URLs be found across lines.
            Event::SoftBreak if self.pending.is_some() => {
                if let Some((text, _)) = &mut self.pending {
                    text.push('\n');
                }
                return;
            }
            Event::Html(h) => {
                self.flush_text();
                // pulldown-cmark gives an HTML block line by line; GitBook's
                // `<pre>` code form needs it whole.
                match &mut self.pending_html {
                    Some((html, _)) => html.push_str(h),
                    None => self.pending_html = Some((h.to_string(), range.start)),
                }
                return;
            }
            Event::End(TagEnd::Paragraph) if self.display_math() => return,
            _ => {}
        }
        self.flush_text();
        self.flush_html();
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                self.start_heading(level as u8, range.start)
            }
            Event::End(TagEnd::Heading(_)) => self.end_heading(),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => self.start_link(link_type, dest_url, title, id, range.start),
            Event::End(TagEnd::Link) => self.end_link(),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                self.image_depth += 1;
                let dest_url = self.rewrite_file_url(dest_url, range.start);
                self.emit(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::End(TagEnd::Image) => {
                self.image_depth = self.image_depth.saturating_sub(1);
                self.emit(Event::End(TagEnd::Image));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                self.in_code_block = true;
                self.code = Some((code_language(&kind), String::new()));
            }
            Event::End(TagEnd::CodeBlock) => {
                self.in_code_block = false;
                if let Some((language, code)) = self.code.take() {
                    let html = if language == "mermaid" {
                        mermaid_html(&code)
                    } else {
                        code_block_html(&language, &code)
                    };
                    self.emit(Event::Html(CowStr::from(html)));
                }
            }
            Event::InlineHtml(h) => self.inline_html(h, range.start),
            Event::FootnoteReference(label) => self.footnote_reference(&label),
            Event::Start(Tag::FootnoteDefinition(label)) => {
                self.in_footnote += 1;
                self.footnote_definition(&label);
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                self.emit(Event::Html(CowStr::from("</div>\n")));
                self.in_footnote = self.in_footnote.saturating_sub(1);
            }
            other => self.emit(other),
        }
    }

    fn emit(&mut self, event: Event<'s>) {
        if matches!(self.link, LinkState::Mention(_)) && !matches!(event, Event::End(TagEnd::Link))
        {
            // A mention's own text is replaced by the target's title.
            return;
        }
        // Footnote definitions are listed at the end of the page, as GitBook does.
        if self.in_footnote > 0 {
            self.footnote_events.push(event);
            return;
        }
        self.events.push(event);
    }

    fn flush_text(&mut self) {
        let Some((text, start)) = self.pending.take() else {
            return;
        };
        let text = inline::strip_export_artefacts(&text).into_owned();
        if !matches!(self.link, LinkState::Outside) || self.image_depth > 0 {
            self.emit(Event::Text(CowStr::from(
                inline::emoji_shortcodes(&text).into_owned(),
            )));
            return;
        }
        let mut raw_formulas = self.raw_formulas(start, &text).into_iter();
        for piece in inline::split_math(&text) {
            match piece {
                inline::Piece::Text(range) => self.emit_linked_text(&text[range]),
                inline::Piece::Math(range) => {
                    let latex = raw_formulas
                        .next()
                        .unwrap_or_else(|| text[range].to_string());
                    let html = self.math(&latex, false, start);
                    self.emit(Event::InlineHtml(CowStr::from(html)));
                }
            }
        }
    }

    /// The formulas of the pending text as written in the source: Markdown
    /// escapes (`\%`, `\_`) mean something else in LaTeX. Falls back to the
    /// processed text when the two disagree (an escaped `\$`).
    fn raw_formulas(&self, start: usize, processed: &str) -> Vec<String> {
        let raw = self
            .source
            .get(start..self.pending_end.max(start))
            .unwrap_or("");
        let formulas = |text: &str| -> Vec<String> {
            inline::split_math(text)
                .into_iter()
                .filter_map(|p| match p {
                    inline::Piece::Math(r) => Some(text[r].to_string()),
                    inline::Piece::Text(_) => None,
                })
                .collect()
        };
        let from_raw = formulas(raw);
        if from_raw.len() == formulas(processed).len() {
            from_raw
        } else {
            vec![]
        }
    }

    /// A paragraph that is only `$$…$$` is a display formula: it replaces the
    /// paragraph. Called at the paragraph's end; true if it did.
    fn display_math(&mut self) -> bool {
        let Some((text, start)) = &self.pending else {
            return false;
        };
        let (Some(latex), Some(Event::Start(Tag::Paragraph))) =
            (inline::only_math(text), self.events.last())
        else {
            return false;
        };
        let raw = self.raw_formulas(*start, text);
        let latex = raw.into_iter().next().unwrap_or_else(|| latex.to_string());
        let start = *start;
        self.pending = None;
        self.events.pop();
        let html = self.math(&latex, true, start);
        self.emit(Event::Html(CowStr::from(format!(
            "<div class=\"math-display\">{html}</div>\n"
        ))));
        true
    }

    fn math(&mut self, latex: &str, display: bool, start: usize) -> String {
        let (html, error) = inline::mathml(latex, display);
        if let Some(error) = error {
            let offset = self.body_offset(start);
            let error = error.lines().next().unwrap_or_default();
            self.renderer.warn(
                "math",
                offset,
                format!("formula `{}`: {error}", latex.trim()),
            );
        }
        html
    }

    /// Plain text with emoji shortcodes replaced and bare URLs linked.
    fn emit_linked_text(&mut self, text: &str) {
        let text = inline::emoji_shortcodes(text);
        let mut at = 0;
        for range in autolink::find_urls(&text) {
            if range.start > at {
                self.emit(Event::Text(CowStr::from(text[at..range.start].to_string())));
            }
            let url = &text[range.clone()];
            self.emit(Event::Start(Tag::Link {
                link_type: LinkType::Autolink,
                dest_url: CowStr::from(autolink::href(url)),
                title: CowStr::from(""),
                id: CowStr::from(""),
            }));
            self.emit(Event::Text(CowStr::from(url.to_string())));
            self.emit(Event::End(TagEnd::Link));
            at = range.end;
        }
        if at < text.len() {
            self.emit(Event::Text(CowStr::from(text[at..].to_string())));
        }
    }

    fn flush_html(&mut self) {
        let Some((html, start)) = self.pending_html.take() else {
            return;
        };
        let html = inline::strip_export_artefacts(&html);
        let html = html::theme_color_tokens(&html);
        let html = html::gitbook_pre(&html).map_or(html, Cow::Owned);
        let html = self.rewrite_html(CowStr::from(html.into_owned()), start);
        self.emit(Event::Html(html));
    }

    // Footnote ids get a prefix: pulldown-cmark would use the bare label
    // (`id="1"`), which can collide with a heading's id.
    fn footnote_reference(&mut self, label: &str) {
        let n = self.renderer.footnote_number(label);
        let id = html::escape(label);
        // The first reference is the one the definition links back to; later
        // ones get numbered ids so that ids stay unique.
        let uses = self
            .renderer
            .footnote_uses
            .entry(label.to_string())
            .or_insert(0);
        *uses += 1;
        let ref_id = if *uses == 1 {
            format!("fnref-{id}")
        } else {
            format!("fnref-{id}-{uses}")
        };
        self.emit(Event::InlineHtml(CowStr::from(format!(
            "<sup class=\"footnote-reference\"><a href=\"#fn-{id}\" id=\"{ref_id}\">{n}</a></sup>"
        ))));
    }

    fn footnote_definition(&mut self, label: &str) {
        let n = self.renderer.footnote_number(label);
        let id = html::escape(label);
        self.emit(Event::Html(CowStr::from(format!(
            "<div class=\"footnote-definition\" id=\"fn-{id}\"><sup class=\"footnote-definition-label\"><a href=\"#fnref-{id}\">{n}</a></sup>\n"
        ))));
    }

    fn start_heading(&mut self, level: u8, start: usize) {
        let offset = self.body_offset(start);
        let page = self.renderer.doc;
        let id = match page.headings.binary_search_by_key(&offset, |h| h.offset) {
            Ok(i) => page.headings[i].id.clone(),
            Err(_) => super::slug::slugify("section"),
        };
        if self.events.is_empty() {
            self.opens_with_heading = true;
        }
        self.emit(Event::Html(CowStr::from(format!(
            "<h{level} id=\"{}\">",
            html::escape(&id)
        ))));
        self.heading = Some((level, id));
    }

    fn end_heading(&mut self) {
        let Some((level, id)) = self.heading.take() else {
            return;
        };
        let id = html::escape(&id);
        self.emit(Event::Html(CowStr::from(format!(
            "<a class=\"heading-anchor\" href=\"#{id}\" aria-label=\"Link to this section\">#</a></h{level}>\n"
        ))));
        if self.opens_with_heading && self.title_end.is_none() {
            self.title_end = Some(self.events.len());
        }
    }

    fn start_link(
        &mut self,
        link_type: LinkType,
        dest: CowStr<'s>,
        title: CowStr<'s>,
        id: CowStr<'s>,
        start: usize,
    ) {
        // `<https://…>` and `<a@b.c>` are written out in full: nothing to resolve.
        let resolved = if matches!(link_type, LinkType::Autolink | LinkType::Email) {
            Resolved::Keep
        } else {
            self.renderer.resolve(&dest)
        };
        let is_mention = title.as_ref() == "mention";
        match resolved {
            Resolved::Keep => {
                self.link = LinkState::Normal;
                self.emit(Event::Start(Tag::Link {
                    link_type,
                    dest_url: dest,
                    title,
                    id,
                }));
            }
            Resolved::Href { href, page, anchor } => {
                let title = if is_mention { CowStr::from("") } else { title };
                self.emit(Event::Start(Tag::Link {
                    link_type,
                    dest_url: CowStr::from(href),
                    title,
                    id,
                }));
                self.link = match (is_mention, page) {
                    (true, Some(page)) => {
                        LinkState::Mention(self.mention_title(page, anchor.as_deref()))
                    }
                    _ => LinkState::Normal,
                };
            }
            Resolved::Broken(reason) => {
                let offset = self.body_offset(start);
                self.renderer.warn(
                    "broken-link",
                    offset,
                    format!("broken link `{dest}`: {reason}"),
                );
                self.emit(Event::Html(CowStr::from(format!(
                    "<span class=\"broken-link\" title=\"Broken link: {}\">",
                    html::escape(&dest)
                ))));
                self.link = LinkState::Broken;
            }
        }
    }

    fn end_link(&mut self) {
        match std::mem::replace(&mut self.link, LinkState::Outside) {
            LinkState::Mention(title) => {
                self.events.push(Event::Text(CowStr::from(title)));
                self.events.push(Event::End(TagEnd::Link));
            }
            LinkState::Broken => self.emit(Event::Html(CowStr::from("</span>"))),
            _ => self.emit(Event::End(TagEnd::Link)),
        }
    }

    /// A mention shows the target page's title, or the heading's for an anchor.
    fn mention_title(&self, page: usize, anchor: Option<&str>) -> String {
        let site = self.renderer.site;
        let target = &site.pages[page];
        anchor
            .and_then(|a| target.headings.iter().find(|h| h.id == a))
            .map(|h| h.text.clone())
            .unwrap_or_else(|| target.title.clone())
    }

    fn inline_html(&mut self, h: CowStr<'s>, start: usize) {
        if is_expression_open(&h) {
            self.expression = Some(String::new());
        } else if self.expression.is_some() && h.trim() == "</code>" {
            self.end_expression(start);
            return;
        }
        if self.heading.is_some() {
            // An explicit `<a id>` in a heading gave the heading its id; the
            // empty anchor itself would repeat that id.
            if h.starts_with("<a") && html::attribute(&h, "id").is_some() {
                self.drop_anchor_close = true;
                return;
            }
            if self.drop_anchor_close && h.trim() == "</a>" {
                self.drop_anchor_close = false;
                return;
            }
        }
        let h = match html::theme_color_tokens(&h) {
            Cow::Owned(replaced) => CowStr::from(replaced),
            Cow::Borrowed(_) => h,
        };
        let h = self.rewrite_html(h, start);
        self.emit(Event::InlineHtml(h));
    }

    /// `<code class="expression">space.vars.x</code>`: the variable's value
    /// from `.gitbook/vars.yaml` (`space.vars`) or the page's `vars:`.
    fn end_expression(&mut self, start: usize) {
        let expression = self.expression.take().unwrap_or_default();
        let name = expression.trim();
        let value = if let Some(key) = name.strip_prefix("space.vars.") {
            self.renderer.site.vars.get(key)
        } else if let Some(key) = name.strip_prefix("page.vars.") {
            self.renderer.page.meta.vars.get(key)
        } else {
            None
        };
        let text = match value {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
            None => {
                let offset = self.body_offset(start);
                self.renderer.warn("expression", offset, format!("expression `{name}` has no value; define it in `.gitbook/vars.yaml` or the page's `vars:`"));
                name.to_string()
            }
        };
        self.emit(Event::Text(CowStr::from(text)));
        self.emit(Event::InlineHtml(CowStr::from("</code>")));
    }

    /// Rewrite `src`/`href` URLs in raw HTML to their output paths.
    fn rewrite_html(&mut self, h: CowStr<'s>, start: usize) -> CowStr<'s> {
        let renderer = &*self.renderer;
        let mut broken = vec![];
        let rewritten = html::rewrite_urls(&h, |url| match renderer.resolve(&html_decode(url)) {
            Resolved::Href { href, .. } => Some(href),
            Resolved::Broken(reason) => {
                broken.push(format!("broken link `{url}` in HTML: {reason}"));
                None
            }
            Resolved::Keep => None,
        })
        .into_owned();
        let offset = self.body_offset(start);
        for message in broken {
            self.renderer.warn("broken-link", offset, message);
        }
        if rewritten == *h {
            h
        } else {
            CowStr::from(rewritten)
        }
    }

    fn rewrite_file_url(&mut self, dest: CowStr<'s>, start: usize) -> CowStr<'s> {
        match self.renderer.resolve(&dest) {
            Resolved::Href { href, .. } => CowStr::from(href),
            Resolved::Broken(reason) => {
                let offset = self.body_offset(start);
                self.renderer.warn(
                    "missing-file",
                    offset,
                    format!("missing image `{dest}`: {reason}"),
                );
                dest
            }
            Resolved::Keep => dest,
        }
    }

    fn finish(mut self) -> (Vec<Event<'s>>, Option<usize>) {
        self.flush_text();
        self.flush_html();
        if !self.footnote_events.is_empty() {
            let events = std::mem::take(&mut self.footnote_events);
            pulldown_cmark::html::push_html(&mut self.renderer.footnotes_html, events.into_iter());
        }
        (self.events, self.title_end)
    }
}

/// The opening tag of a GitBook expression: `<code class="expression">`.
fn is_expression_open(html: &str) -> bool {
    html.starts_with("<code")
        && html::attribute(html, "class")
            .is_some_and(|c| c.split_whitespace().any(|w| w == "expression"))
}

/// Stub definitions (`[^label]:`) for footnotes referenced in `run` but
/// defined elsewhere in the page.
fn footnote_stubs(run: &str, labels: &std::collections::HashSet<String>) -> String {
    if labels.is_empty() || !run.contains("[^") {
        return String::new();
    }
    let mut sorted: Vec<&String> = labels
        .iter()
        .filter(|l| run.contains(&format!("[^{l}]")) && !run.contains(&format!("[^{l}]:")))
        .collect();
    sorted.sort();
    sorted.iter().map(|l| format!("\n\n[^{l}]: stub")).collect()
}

/// The language of a fenced block: the first word of its info string.
fn code_language(kind: &CodeBlockKind) -> String {
    match kind {
        CodeBlockKind::Fenced(info) => info.split([' ', ',', '{']).next().unwrap_or("").to_string(),
        CodeBlockKind::Indented => String::new(),
    }
}

/// A code block with one `<span class="line">` per line, so themes can number
/// lines with CSS counters and highlight them.
pub(super) fn code_block_html(language: &str, code: &str) -> String {
    let mut out = String::with_capacity(code.len() + 64);
    out.push_str("<pre><code");
    if !language.is_empty() {
        out.push_str(&format!(" class=\"language-{}\"", html::escape(language)));
    }
    out.push('>');
    for line in code.strip_suffix('\n').unwrap_or(code).split('\n') {
        out.push_str("<span class=\"line\">");
        out.push_str(&html::escape(line));
        out.push_str("</span>\n");
    }
    out.push_str("</code></pre>\n");
    out
}

/// Mermaid diagrams are shown as their source in a labelled frame: drawing
/// them needs a large script, and quire ships nothing it would have to fetch
/// or load on every page (see the README). The source is readable and searchable.
fn mermaid_html(code: &str) -> String {
    format!(
        "<figure class=\"diagram diagram-mermaid\">\n{}<figcaption>Diagram source (Mermaid)</figcaption>\n</figure>\n",
        code_block_html("mermaid", code)
    )
}

/// GitBook escapes `&` in HTML attributes (`&#x26;`, `&amp;`); links need the real text.
fn html_decode(url: &str) -> String {
    url.replace("&#x26;", "&").replace("&amp;", "&")
}
