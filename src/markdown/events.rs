//! Adjusting the pulldown-cmark events of one Markdown run before they are
//! written: heading ids and anchors, links resolved (or marked broken),
//! mentions, bare URLs, math, emoji, footnotes gathered for the page end,
//! code blocks with line spans, expressions, GitBook's HTML forms (tables,
//! custom blocks, buttons, icons) and URLs in raw HTML.

use super::highlight::code_block_html;
use super::icons::IconTags;
use super::joined::Run;
use super::links::{self, Resolved};
use super::renderer::PageRenderer;
use super::{autolink, buttons, custom, inline, mermaid, tables};
use crate::gitbook::emphasis;
use crate::text::html;
use crate::text::html::UrlEdit;
use crate::text::url;
use pulldown_cmark::{CodeBlockKind, CowStr, Event, LinkType, Tag, TagEnd};
use std::borrow::Cow;
use std::ops::Range;

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
pub(super) struct EventRewriter<'r, 'a, 's> {
    renderer: &'r mut PageRenderer<'a>,
    run: &'r Run<'r>,
    /// The Markdown of this run, for what must be read raw (math).
    source: &'s str,
    events: Vec<Event<'s>>,
    /// Consecutive text, merged so that URLs split by escapes are found whole.
    /// Borrowed from the source while it is one event, as most text is.
    pending: Option<(Cow<'s, str>, usize)>,
    /// Where the merged text ends in the source.
    pending_end: usize,
    /// Inside `<code class="expression">`: the expression read so far.
    expression: Option<String>,
    /// Depth of footnote definitions being read, and their events.
    in_footnote: usize,
    footnote_events: Vec<Event<'s>>,
    /// Consecutive lines of an HTML block.
    pending_html: Option<(String, usize)>,
    /// `<i>` tags of inline HTML still open, and which became icons.
    icon_tags: IconTags,
    link: LinkState,
    image_depth: usize,
    in_code_block: bool,
    /// The language and text of the code block being read, and where it starts.
    code: Option<(String, String)>,
    code_start: usize,
    heading: Option<(u8, String)>,
    /// Inside a heading: the next `</a>` closes a dropped explicit anchor.
    drop_anchor_close: bool,
    /// Index just past the heading that opens the run, if it opens with one.
    title_end: Option<usize>,
    opens_with_heading: bool,
}

impl<'r, 'a, 's> EventRewriter<'r, 'a, 's> {
    pub(super) fn new(
        renderer: &'r mut PageRenderer<'a>,
        run: &'r Run<'r>,
        source: &'s str,
    ) -> Self {
        EventRewriter {
            renderer,
            run,
            source,
            events: Vec::new(),
            pending: None,
            pending_end: 0,
            expression: None,
            in_footnote: 0,
            footnote_events: Vec::new(),
            pending_html: None,
            icon_tags: IconTags::default(),
            link: LinkState::Outside,
            image_depth: 0,
            in_code_block: false,
            code: None,
            code_start: 0,
            heading: None,
            drop_anchor_close: false,
            title_end: None,
            opens_with_heading: false,
        }
    }

    /// A warning at an offset of this run, located in the document's file.
    fn warn(&mut self, start: usize, kind: &'static str, message: String) {
        let offset = self.body_offset(start);
        self.renderer.warn(kind, offset, message);
    }

    /// A block too long for GitBook's emphasis rules keeps CommonMark's.
    pub(super) fn warn_long_block(&mut self, start: usize) {
        let limit = emphasis::LONGEST_REPAIRED_BLOCK / 1024;
        let message = format!(
            "a block of more than {limit} KB: its emphasis follows CommonMark, not GitBook's rules beside CJK text; split it into paragraphs"
        );
        self.warn(start, "limit", message);
    }

    fn warn_target(&mut self, start: usize, kind: &'static str, message: String, target: &str) {
        let offset = self.body_offset(start);
        self.renderer.warn_target(kind, offset, message, target);
    }

    fn body_offset(&self, offset: usize) -> usize {
        self.run.to_original(self.renderer.doc.body(), offset)
    }

    pub(super) fn push(&mut self, event: Event<'s>, range: Range<usize>) {
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
                    Some((text, _)) => text.to_mut().push_str(t),
                    None => self.pending = Some((cow_of(t), range.start)),
                }
                self.pending_end = range.end;
                return;
            }
            // A soft break inside merged text is a newline either way; merging
            // lets `$$…$$` and URLs be found across lines.
            Event::SoftBreak if self.pending.is_some() => {
                if let Some((text, _)) = &mut self.pending {
                    text.to_mut().push('\n');
                }
                return;
            }
            Event::Html(_) if self.run.block_at(range.start).is_some() => {
                self.flush_text();
                self.flush_html();
                self.joined_block(range.start);
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
                self.code_start = range.start;
                self.code = Some((code_language(&kind), String::new()));
            }
            Event::End(TagEnd::CodeBlock) => {
                self.in_code_block = false;
                if let Some((language, code)) = self.code.take() {
                    let html = if language == "mermaid" {
                        self.mermaid_figure(&code)
                    } else {
                        code_block_html(self.renderer.highlights, &language, &code)
                    };
                    self.emit(Event::Html(CowStr::from(html)));
                }
            }
            Event::InlineHtml(h) => self.inline_html(h, range.start),
            // pulldown-cmark writes a bare checkbox, which has no name for a
            // screen reader: "Done, checkbox, checked", then the item's text.
            Event::TaskListMarker(checked) => self.emit(Event::InlineHtml(CowStr::from(format!(
                "<input type=\"checkbox\" disabled aria-label=\"Done\"{}>\n",
                if checked { " checked" } else { "" }
            )))),
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

    /// A Mermaid fence: drawn, or its source with a warning at the line
    /// the renderer names.
    fn mermaid_figure(&mut self, code: &str) -> String {
        let highlights = self.renderer.highlights;
        let renderer = &mut *self.renderer;
        let figure = mermaid::figure(highlights, || renderer.next_number(), code);
        if let Some(problem) = figure.problem {
            // The fence is line 0 of the diagram: its lines follow one to one.
            let at = mermaid::line_start(self.source, self.code_start, problem.line);
            self.warn(at, "mermaid", problem.message);
        }
        figure.html
    }

    /// A block written inside a list item, rendered where its stand-in is.
    fn joined_block(&mut self, start: usize) {
        let Some(block) = self.run.block_at(start) else {
            return;
        };
        let mut html = String::new();
        self.renderer
            .render_block(block, self.run.depth() + 1, &mut html);
        self.emit(Event::Html(CowStr::from(html)));
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
        // Most runs have no entity: keep the text rather than copy it.
        let stripped = owned(inline::strip_export_artefacts(&text));
        let text = stripped.map_or(text, Cow::Owned);
        if !matches!(self.link, LinkState::Outside) || self.image_depth > 0 {
            let replaced = owned(inline::emoji_shortcodes(&text));
            self.emit(Event::Text(cow_str(replaced.map_or(text, Cow::Owned))));
            return;
        }
        let mut raw_formulas = self.raw_formulas(start, &text).into_iter();
        let pieces = inline::split_math(&text);
        // Nearly all text is one piece without math: handed on without a copy.
        if let [inline::Piece::Text(range)] = pieces.as_slice() {
            if range.len() == text.len() {
                self.emit_linked_text(text);
                return;
            }
        }
        for piece in pieces {
            match piece {
                inline::Piece::Text(range) => {
                    self.emit_linked_text(Cow::Owned(text[range].to_string()))
                }
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
        // Most runs have no formula: none to look for in the source.
        if !processed.contains('$') {
            return vec![];
        }
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
            self.warn(
                start,
                "math",
                format!("formula `{}`: {error}", excerpt(latex.trim(), 40)),
            );
        }
        html
    }

    /// Plain text with emoji shortcodes replaced and bare URLs linked.
    fn emit_linked_text(&mut self, text: Cow<'s, str>) {
        let replaced = owned(inline::emoji_shortcodes(&text));
        let text = replaced.map_or(text, Cow::Owned);
        let urls = autolink::find_urls(&text);
        if urls.is_empty() {
            if !text.is_empty() {
                self.emit(Event::Text(cow_str(text)));
            }
            return;
        }
        let mut at = 0;
        for range in urls {
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
        let html = match html::gitbook_pre(&html) {
            Some(pre) => pre,
            None => self.render_html_forms(&html, start),
        };
        let html = self.rewrite_html(CowStr::from(html), start);
        self.emit(Event::Html(html));
    }

    /// GitBook's HTML forms in an HTML block: typed and card tables, custom
    /// blocks, then icons and buttons tag by tag.
    fn render_html_forms(&mut self, block: &str, start: usize) -> String {
        let mut warnings = vec![];
        let block = tables::render_tables(block, &*self.renderer, &mut warnings)
            .map_or(Cow::Borrowed(block), Cow::Owned);
        let block = custom::render_custom(&block, &mut warnings).map_or(block, Cow::Owned);
        for message in warnings {
            self.warn(start, "html", message);
        }
        let mut unknown = vec![];
        let block = decorate_tags(&block, &mut IconTags::default(), &mut unknown).into_owned();
        self.warn_unknown_icons(start, unknown);
        block
    }

    fn warn_unknown_icons(&mut self, start: usize, names: Vec<String>) {
        for name in names {
            self.warn(
                start,
                "icon",
                format!("icon `{name}` is not in Font Awesome Free; its fallback text is shown"),
            );
        }
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
        let (id, alias) = match page.headings.binary_search_by_key(&offset, |h| h.offset) {
            Ok(i) => (
                page.headings[i].id.clone(),
                page.headings[i].alias.as_deref(),
            ),
            // Every heading was scanned at load time; a miss would be a bug, not bad input.
            Err(_) => ("section".to_string(), None),
        };
        if self.events.is_empty() {
            self.opens_with_heading = true;
        }
        // quire's earlier id stays as a second anchor, so old links still land.
        let alias = alias
            .map(|a| {
                format!(
                    "<span class=\"anchor-alias\" id=\"{}\"></span>",
                    html::escape(a)
                )
            })
            .unwrap_or_default();
        self.emit(Event::Html(CowStr::from(format!(
            "<h{level} id=\"{}\">{alias}",
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
        let autolink = matches!(link_type, LinkType::Autolink | LinkType::Email);
        let resolved = if autolink && !url::is_script_url(&dest) {
            Resolved::Keep
        } else {
            self.warn_script_url(start, &dest);
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
            Resolved::Href {
                href,
                page,
                anchor,
                missing_anchor,
            } => {
                if let Some(missing) = missing_anchor {
                    self.warn_target(
                        start,
                        missing.kind,
                        format!("broken link `{dest}`: {}", missing.reason),
                        &dest,
                    );
                }
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
            Resolved::Broken(broken) => {
                self.warn_target(
                    start,
                    broken.kind,
                    format!("broken link `{dest}`: {}", broken.reason),
                    &dest,
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
        self.renderer.target_title(page, anchor)
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
        let mut unknown = vec![];
        let h = match decorate_tags(&h, &mut self.icon_tags, &mut unknown) {
            Cow::Owned(decorated) => CowStr::from(decorated),
            Cow::Borrowed(_) => h,
        };
        self.warn_unknown_icons(start, unknown);
        let h = self.rewrite_html(h, start);
        self.emit(Event::InlineHtml(h));
    }

    /// `<code class="expression">space.vars.x</code>`: the variable's value
    /// from `.gitbook/vars.yaml` (`space.vars`) or the page's `vars:`.
    fn end_expression(&mut self, start: usize) {
        let expression = self.expression.take().unwrap_or_default();
        let name = expression.trim();
        let value = super::expression_value(self.renderer.site, self.renderer.page, name);
        let text = match value {
            Some(text) if !super::fits_added_text(&mut self.renderer.included_bytes, &text) => {
                self.refuse_expression(start, name);
                name.to_string()
            }
            Some(text) => text,
            None => {
                self.warn(start, "expression", format!("expression `{name}` has no value; define it in `.gitbook/vars.yaml` or the page's `vars:`"));
                name.to_string()
            }
        };
        self.emit(Event::Text(CowStr::from(text)));
        self.emit(Event::InlineHtml(CowStr::from("</code>")));
    }

    /// An error at the first expression past the page's budget of added
    /// text; the rest show their names without one each.
    fn refuse_expression(&mut self, start: usize, name: &str) {
        if std::mem::replace(&mut self.renderer.refused_expression, true) {
            return;
        }
        let offset = self.body_offset(start);
        let message = format!(
            "expression `{name}`: the page's includes and expressions would add more than {} MB; shown as its name",
            super::MAX_INCLUDED_BYTES >> 20
        );
        self.renderer.error("expression", offset, message);
    }

    /// A link or image whose URL would run a script is written leading
    /// nowhere (`links::resolve`); the author hears why.
    fn warn_script_url(&mut self, start: usize, dest: &str) {
        if let Some(message) = links::script_url_warning(dest) {
            self.warn_target(start, "unsafe-link", message, dest);
        }
    }

    /// Rewrite `src`/`href` URLs in raw HTML to their output paths, as
    /// Markdown links are, and send every URL attribute that would run a
    /// script nowhere. A link GitBook exported as broken (a card's or a
    /// button's `/broken/pages/…`) loses its `href`.
    fn rewrite_html(&mut self, h: CowStr<'s>, start: usize) -> CowStr<'s> {
        let renderer = &*self.renderer;
        // (kind, message, target), reported once the renderer is free again.
        let mut findings = vec![];
        let rewritten = html::rewrite_urls(&h, |url, used| {
            let dest = html::decode_attribute(url);
            if let Some(message) = links::script_url_warning(&dest) {
                findings.push(("unsafe-link", message, dest.to_string()));
                return UrlEdit::Replace(crate::text::url::NEUTRAL.to_string());
            }
            if used == html::UrlUse::Other {
                return UrlEdit::Keep;
            }
            match renderer.resolve(&dest) {
                Resolved::Href {
                    href,
                    missing_anchor,
                    ..
                } => {
                    if let Some(why) = missing_anchor {
                        findings.push((
                            why.kind,
                            format!("broken link `{url}` in HTML: {}", why.reason),
                            url.to_string(),
                        ));
                    }
                    UrlEdit::Replace(href)
                }
                Resolved::Broken(why) => {
                    let exported = why.kind == links::EXPORTED_BROKEN;
                    findings.push((
                        why.kind,
                        format!("broken link `{url}` in HTML: {}", why.reason),
                        url.to_string(),
                    ));
                    match exported && used == html::UrlUse::Href {
                        true => UrlEdit::Remove,
                        false => UrlEdit::Keep,
                    }
                }
                Resolved::Keep => UrlEdit::Keep,
            }
        })
        .into_owned();
        for (kind, message, target) in findings {
            self.warn_target(start, kind, message, &target);
        }
        if rewritten == *h {
            h
        } else {
            CowStr::from(rewritten)
        }
    }

    fn rewrite_file_url(&mut self, dest: CowStr<'s>, start: usize) -> CowStr<'s> {
        self.warn_script_url(start, &dest);
        match self.renderer.resolve(&dest) {
            Resolved::Href { href, .. } => CowStr::from(href),
            Resolved::Broken(broken) => {
                self.warn_target(
                    start,
                    "missing-file",
                    format!("missing image `{dest}`: {}", broken.reason),
                    &dest,
                );
                dest
            }
            Resolved::Keep => dest,
        }
    }

    pub(super) fn finish(mut self) -> (Vec<Event<'s>>, Option<usize>) {
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
pub(crate) fn is_expression_open(html: &str) -> bool {
    html.starts_with("<code")
        && html::attribute(html, "class")
            .is_some_and(|c| c.split_whitespace().any(|w| w == "expression"))
}

/// The language of a fenced block: the first word of its info string.
/// The start of a formula for a message: a 50,000-character one must not
/// make a 50,000-character line.
fn excerpt(text: &str, chars: usize) -> Cow<'_, str> {
    match text.char_indices().nth(chars) {
        None => Cow::Borrowed(text),
        Some((end, _)) => Cow::Owned(format!("{}…", &text[..end])),
    }
}

/// An event's text as pending text: borrowed when pulldown-cmark lent it
/// from the source, so that a lone text event is never copied.
fn cow_of<'s>(text: &CowStr<'s>) -> Cow<'s, str> {
    match text {
        CowStr::Borrowed(s) => Cow::Borrowed(*s),
        other => Cow::Owned(other.to_string()),
    }
}

/// Pending text as an event's text, without a copy.
fn cow_str(text: Cow<'_, str>) -> CowStr<'_> {
    match text {
        Cow::Borrowed(s) => CowStr::Borrowed(s),
        Cow::Owned(s) => CowStr::from(s),
    }
}

/// The text an edit returning `Cow` wrote, when it changed anything.
fn owned(text: Cow<'_, str>) -> Option<String> {
    match text {
        Cow::Owned(s) => Some(s),
        Cow::Borrowed(_) => None,
    }
}

fn code_language(kind: &CodeBlockKind) -> String {
    match kind {
        CodeBlockKind::Fenced(info) => info.split([' ', ',', '{']).next().unwrap_or("").to_string(),
        CodeBlockKind::Indented => String::new(),
    }
}

/// Icons (`<i class="fa-…">`) and buttons, one tag at a time; names of
/// icons missing from the set are added to `unknown`.
fn decorate_tags<'h>(
    fragment: &'h str,
    icon_tags: &mut IconTags,
    unknown: &mut Vec<String>,
) -> Cow<'h, str> {
    html::map_tags(fragment, |tag, token| {
        icon_tags
            .rewrite(tag, token, unknown)
            .or_else(|| buttons::rewrite(tag, token))
    })
}

impl tables::Pages for PageRenderer<'_> {
    fn page_title(&self, url: &str) -> Option<String> {
        match self.resolve(&html::decode_attribute(url)) {
            Resolved::Href {
                page: Some(page),
                anchor,
                ..
            } => Some(self.target_title(page, anchor.as_deref())),
            _ => None,
        }
    }
}
