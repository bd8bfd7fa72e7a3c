//! Rendering one page: the block tree walked, each Markdown run's events
//! adjusted and written with pulldown-cmark's HTML writer.

use super::links::{self, Resolved};
use super::{autolink, html, MAX_BLOCK_DEPTH, OPTIONS};
use crate::content::page::Page;
use crate::content::Site;
use crate::error::Diagnostic;
use crate::gitbook::{Block, Node, Text};
use pulldown_cmark::{CowStr, Event, LinkType, Parser, Tag, TagEnd};
use std::ops::Range;
use std::path::Path;

/// The HTML of a page body and what rendering found wrong.
#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    pub diagnostics: Vec<Diagnostic>,
}

/// Render a page's body. `shown` is the page's path for diagnostics.
pub fn render(page: &Page, site: &Site, shown: &Path) -> Rendered {
    let mut renderer = PageRenderer {
        page,
        site,
        shown,
        diagnostics: vec![],
        warned_depth: false,
    };
    let mut html = String::with_capacity(page.body().len() * 3 / 2);
    if let Some(message) = &page.failure {
        html.push_str(&format!(
            "<div class=\"build-error\" role=\"alert\"><p><strong>This page could not be built.</strong></p><pre>{}</pre></div>\n",
            html::escape(message)
        ));
    } else {
        renderer.render_nodes(&page.nodes, 0, &mut html);
    }
    Rendered {
        html,
        diagnostics: renderer.diagnostics,
    }
}

pub(super) struct PageRenderer<'a> {
    pub(super) page: &'a Page,
    pub(super) site: &'a Site,
    shown: &'a Path,
    pub(super) diagnostics: Vec<Diagnostic>,
    warned_depth: bool,
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
                self.shown,
                format!("blocks nested deeper than {MAX_BLOCK_DEPTH} levels are shown without their frames"),
            );
            self.diagnostics
                .push(self.page.diagnostic_at(d, block.open.start));
        }
        for leaf in super::leaves(&block.children) {
            self.render_leaf(leaf.text, None, out);
        }
    }

    pub(super) fn warn(&mut self, kind: &'static str, body_offset: usize, message: String) {
        let d = Diagnostic::warning(kind, self.shown, message);
        self.diagnostics
            .push(self.page.diagnostic_at(d, body_offset));
    }

    /// Render one Markdown run. With `title`, a heading that opens the run is
    /// written there instead of into `out`.
    pub(super) fn render_leaf(
        &mut self,
        text: &Text,
        title: Option<&mut String>,
        out: &mut String,
    ) {
        let body = self.page.body();
        // The page title (leading H1) is shown by the theme, not in the body.
        let skipped;
        let text = match self.page.title_end {
            Some(end) if text.span.start < end && end <= text.span.end && text.dedent == 0 => {
                skipped = Text {
                    span: end..text.span.end,
                    dedent: 0,
                };
                &skipped
            }
            _ => text,
        };
        let source = text.source(body);
        let mut events = EventRewriter::new(self, text);
        for (event, range) in Parser::new_ext(&source, OPTIONS).into_offset_iter() {
            events.push(event, range);
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
    events: Vec<Event<'s>>,
    /// Consecutive text, merged so that URLs split by escapes are found whole.
    pending: Option<(String, usize)>,
    link: LinkState,
    image_depth: usize,
    in_code_block: bool,
    heading: Option<(u8, String)>,
    /// Inside a heading: the next `</a>` closes a dropped explicit anchor.
    drop_anchor_close: bool,
    /// Index just past the heading that opens the run, if it opens with one.
    title_end: Option<usize>,
    opens_with_heading: bool,
}

impl<'r, 'a, 's> EventRewriter<'r, 'a, 's> {
    fn new(renderer: &'r mut PageRenderer<'a>, text: &'r Text) -> Self {
        EventRewriter {
            renderer,
            text,
            events: Vec::new(),
            pending: None,
            link: LinkState::Outside,
            image_depth: 0,
            in_code_block: false,
            heading: None,
            drop_anchor_close: false,
            title_end: None,
            opens_with_heading: false,
        }
    }

    fn body_offset(&self, offset: usize) -> usize {
        self.text.to_original(self.renderer.page.body(), offset)
    }

    fn push(&mut self, event: Event<'s>, range: Range<usize>) {
        if let Event::Text(t) = &event {
            if !self.in_code_block {
                match &mut self.pending {
                    Some((text, _)) => text.push_str(t),
                    None => self.pending = Some((t.to_string(), range.start)),
                }
                return;
            }
        }
        self.flush_text();
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
                self.emit(Event::Start(Tag::CodeBlock(kind)));
            }
            Event::End(TagEnd::CodeBlock) => {
                self.in_code_block = false;
                self.emit(Event::End(TagEnd::CodeBlock));
            }
            Event::Html(h) => {
                let h = self.rewrite_html(h, range.start);
                self.emit(Event::Html(h));
            }
            Event::InlineHtml(h) => self.inline_html(h, range.start),
            other => self.emit(other),
        }
    }

    fn emit(&mut self, event: Event<'s>) {
        if matches!(self.link, LinkState::Mention(_)) && !matches!(event, Event::End(TagEnd::Link))
        {
            // A mention's own text is replaced by the target's title.
            return;
        }
        self.events.push(event);
    }

    fn flush_text(&mut self) {
        let Some((text, _start)) = self.pending.take() else {
            return;
        };
        let linkable = matches!(self.link, LinkState::Outside) && self.image_depth == 0;
        let urls = if linkable {
            autolink::find_urls(&text)
        } else {
            vec![]
        };
        if urls.is_empty() {
            self.emit(Event::Text(CowStr::from(text)));
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

    fn start_heading(&mut self, level: u8, start: usize) {
        let offset = self.body_offset(start);
        let page = self.renderer.page;
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
        if matches!(link_type, LinkType::Autolink | LinkType::Email) {
            self.link = LinkState::Normal;
            self.emit(Event::Start(Tag::Link {
                link_type,
                dest_url: dest,
                title,
                id,
            }));
            return;
        }
        let is_mention = title.as_ref() == "mention";
        match links::resolve(&dest, self.renderer.page, self.renderer.site) {
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
        let h = self.rewrite_html(h, start);
        self.emit(Event::InlineHtml(h));
    }

    /// Rewrite `src`/`href` URLs in raw HTML to their output paths.
    fn rewrite_html(&mut self, h: CowStr<'s>, start: usize) -> CowStr<'s> {
        let (page, site) = (self.renderer.page, self.renderer.site);
        let mut broken = vec![];
        let rewritten = html::rewrite_urls(&h, |url| {
            match links::resolve(&html_decode(url), page, site) {
                Resolved::Href { href, .. } => Some(href),
                Resolved::Broken(reason) => {
                    broken.push(format!("broken link `{url}` in HTML: {reason}"));
                    None
                }
                Resolved::Keep => None,
            }
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
        match links::resolve(&dest, self.renderer.page, self.renderer.site) {
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
        (self.events, self.title_end)
    }
}

/// GitBook escapes `&` in HTML attributes (`&#x26;`, `&amp;`); links need the real text.
fn html_decode(url: &str) -> String {
    url.replace("&#x26;", "&").replace("&amp;", "&")
}
