//! The text of a rendered body, cut at its headings: what search indexes,
//! read from the body markdown made rather than from a themed page, so a
//! theme's markup changes nothing in search.
//!
//! [`BodyText`] gathers it while the body is written: the Markdown runs of
//! the page itself give their text from their events (no HTML read back),
//! the blocks between them from the HTML they wrote. Where that could read
//! differently from the whole body (a piece ending inside a tag, a heading
//! cut elsewhere than the headings written), [`sections`] reads the body.

use crate::content::page::Page;
use crate::text::html::escape;
use crate::text::plain::{plain_text, prose_and_code, PlainText};
use pulldown_cmark::{Event, Tag, TagEnd};

/// The text of one part of a page body, tags dropped and white space
/// collapsed: the part before the first heading, or one heading's part up
/// to the next heading (of any level) outside GitBook blocks.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Section {
    /// Index of the heading in the page's `headings`; `None` for the part
    /// before the first heading.
    pub heading: Option<usize>,
    /// The text of the heading element as the body shows it.
    pub heading_text: String,
    /// The text after the heading, up to the next one, outside code blocks.
    pub text: String,
    /// The text of the code blocks after the heading, up to the next one.
    pub code: String,
}

/// The sections of a page's body HTML, read back from it: what rendering
/// gathers as it writes the body. A heading is looked for where its
/// element is written (`<hN id="…"`), in order; one that is not found (a
/// raw HTML heading the renderer left alone) cuts nothing.
pub fn sections(page: &Page, body: &str) -> Vec<Section> {
    let cuts = cuts(page, body);
    let first = cuts.first().map_or(body.len(), |c| c.1);
    let mut out = Vec::with_capacity(cuts.len() + 1);
    let (text, code) = prose_and_code(&body[..first]);
    out.push(Section {
        heading: None,
        heading_text: String::new(),
        text,
        code,
    });
    for (n, &(index, start, text_start)) in cuts.iter().enumerate() {
        let end = cuts.get(n + 1).map_or(body.len(), |c| c.1);
        let (text, code) = prose_and_code(&body[text_start..end]);
        out.push(Section {
            heading: Some(index),
            heading_text: plain_text(&body[start..text_start]),
            text,
            code,
        });
    }
    out
}

/// Where the body is cut: for each heading found, its index in the page's
/// `headings`, where its element starts and where its section's text starts.
fn cuts(page: &Page, body: &str) -> Vec<(usize, usize, usize)> {
    let mut cuts: Vec<(usize, usize, usize)> = vec![];
    let mut at = 0;
    for (index, h) in page.headings.iter().enumerate() {
        if h.in_block || !(1..=6).contains(&h.level) {
            continue;
        }
        let open = format!("<h{} id=\"{}\"", h.level, escape(&h.id));
        let Some(found) = find(&body[at..], &open).map(|p| at + p) else {
            continue;
        };
        let close = format!("</h{}>", h.level);
        let text_start =
            find(&body[found..], &close).map_or(found + open.len(), |p| found + p + close.len());
        cuts.push((index, found, text_start));
        at = text_start;
    }
    cuts
}

/// What a section's text buffer starts with: most sections are short.
const SECTION_CAPACITY: usize = 1024;

/// The sections of a page body, gathered while the body is written, in the
/// order its pieces are written to it.
pub(super) struct BodyText {
    /// The sections before the one being written; the index of each one's
    /// heading is told by [`cuts`] at the end.
    done: Vec<Section>,
    /// The text of the section being written, and of its heading.
    section: PlainText,
    heading_text: String,
    /// The heading element being written: its level and its text so far.
    heading: Option<(u8, PlainText)>,
    /// The level and `id` of each heading element the runs wrote, in order.
    openings: Vec<(u8, String)>,
    /// Other `<hN id="…"` in the HTML pieces (headings in blocks, raw HTML).
    strays: Vec<(u8, String)>,
    exact: bool,
}

impl Default for BodyText {
    fn default() -> Self {
        BodyText {
            done: vec![],
            section: PlainText::new(true, SECTION_CAPACITY),
            heading_text: String::new(),
            heading: None,
            openings: vec![],
            strays: vec![],
            exact: true,
        }
    }
}

impl BodyText {
    /// A piece of the body written as HTML (a block, the footnotes).
    pub(super) fn html(&mut self, html: &str) {
        if self.heading.is_some() {
            // Its end was not among the run's events: read the body.
            self.exact = false;
        }
        self.section.html(html);
        stray_openings(html, &mut self.strays);
    }

    /// Read the events of a Markdown run written to the body.
    pub(super) fn events(&mut self, events: &[Event<'_>]) {
        // Inside an image: its text is the `alt` attribute, not text.
        let mut image = 0usize;
        for event in events {
            if image > 0 {
                match event {
                    Event::Start(_) => image += 1,
                    Event::End(_) => image -= 1,
                    _ => {}
                }
                continue;
            }
            match event {
                Event::Text(text) | Event::Code(text) => self.writing().text(text),
                Event::SoftBreak => self.writing().text("\n"),
                Event::HardBreak | Event::Rule => self.writing().boundary(),
                Event::Html(html) | Event::InlineHtml(html) => self.fragment(html),
                Event::Start(Tag::Image { .. }) => {
                    self.writing().boundary();
                    image = 1;
                }
                Event::Start(tag) => match separates_words(tag.to_end()) {
                    Some(true) => self.writing().boundary(),
                    Some(false) => {}
                    None => self.exact = false,
                },
                Event::End(tag) => match separates_words(*tag) {
                    Some(true) => self.writing().boundary(),
                    Some(false) => {}
                    None => self.exact = false,
                },
                // The event rewriter writes these as HTML itself.
                _ => self.exact = false,
            }
        }
        if self.heading.is_some() {
            self.exact = false;
        }
    }

    /// The text being written to: the heading's, inside one.
    fn writing(&mut self) -> &mut PlainText {
        match &mut self.heading {
            Some((_, heading)) => heading,
            None => &mut self.section,
        }
    }

    /// A piece of HTML in a run: a heading element's start cuts the body
    /// there, the end of its element after the heading's text.
    fn fragment(&mut self, html: &str) {
        // Past the `<` of the element that opens a heading, if this is it.
        let mut from = 0;
        if self.heading.is_none() {
            let Some((level, id)) = opening(html) else {
                self.section.html(html);
                stray_openings(html, &mut self.strays);
                return;
            };
            self.openings.push((level, id.to_string()));
            let section =
                std::mem::replace(&mut self.section, PlainText::new(true, SECTION_CAPACITY));
            self.done_section(section);
            self.heading = Some((level, PlainText::new(false, 64)));
            from = 1;
        }
        let Some((level, heading)) = &mut self.heading else {
            return;
        };
        stray_openings(&html[from..], &mut self.strays);
        let close = [b'<', b'/', b'h', b'0' + *level, b'>'];
        let Some(end) = memchr::memmem::find(html.as_bytes(), &close).map(|p| p + close.len())
        else {
            heading.html(html);
            return;
        };
        heading.html(&html[..end]);
        if let Some((_, heading)) = self.heading.take() {
            self.exact &= heading.is_exact();
            self.heading_text = heading.finish().0;
        }
        self.section.html(&html[end..]);
    }

    /// The section being written is over.
    fn done_section(&mut self, section: PlainText) {
        self.exact &= section.is_exact();
        let (text, code) = section.finish();
        self.done.push(Section {
            heading: None,
            heading_text: std::mem::take(&mut self.heading_text),
            text,
            code,
        });
    }

    /// The sections of `body`, the page's body these pieces wrote: as
    /// gathered, when the headings cut it where [`sections`] would, else
    /// read from the body.
    pub(super) fn finish(mut self, page: &Page, body: &str) -> Vec<Section> {
        let section = std::mem::replace(&mut self.section, PlainText::new(true, 0));
        self.done_section(section);
        let headings = match self.exact && self.heading.is_none() {
            true => self.headings_cut(page),
            false => None,
        };
        let Some(headings) = headings else {
            tracing::debug!("search text of {} read back from its HTML", page.source);
            return sections(page, body);
        };
        for (section, index) in self.done[1..].iter_mut().zip(headings) {
            section.heading = Some(index);
        }
        self.done
    }
}

impl BodyText {
    /// The page's headings that cut the body where the runs wrote their
    /// elements, told without reading the body: [`cuts`] finds each
    /// heading's `<hN id="…"` first from the last cut on, and the only
    /// ones in the body are those the runs wrote (text is escaped,
    /// pulldown-cmark writes no heading) and the strays seen in HTML.
    /// This holds while every `<hN id="` of a body comes from one of the
    /// two: a renderer that writes heading elements any other way must
    /// record them as strays, or pages are cut wrongly.
    /// `None` when a stray could be found, or a heading written is not cut.
    fn headings_cut(&self, page: &Page) -> Option<Vec<usize>> {
        let written: std::collections::HashSet<(u8, &str)> = self
            .openings
            .iter()
            .chain(&self.strays)
            .map(|(level, id)| (*level, id.as_str()))
            .collect();
        let mut indices = Vec::with_capacity(self.openings.len());
        for (index, h) in page.headings.iter().enumerate() {
            if h.in_block || !(1..=6).contains(&h.level) {
                continue;
            }
            let id = escape(&h.id);
            let next = self.openings.get(indices.len());
            if next.is_some_and(|(level, next)| *level == h.level && *next == id) {
                indices.push(index);
            } else if written.contains(&(h.level, &*id)) {
                // Found elsewhere: a stray, or a later element than the next.
                return None;
            }
        }
        // A set, not a scan of the openings per stray: a page of thousands
        // of headings in and out of blocks made this quadratic.
        let opened: std::collections::HashSet<(u8, &str)> = self
            .openings
            .iter()
            .map(|(level, id)| (*level, id.as_str()))
            .collect();
        let strays_apart = self
            .strays
            .iter()
            .all(|(level, id)| !opened.contains(&(*level, id.as_str())));
        (indices.len() == self.openings.len() && strays_apart).then_some(indices)
    }
}

/// The level and raw `id` of the heading element `html` starts with, as
/// the event rewriter writes one (`<h2 id="…"`).
fn opening(html: &str) -> Option<(u8, &str)> {
    let level = heading_level(html)?;
    let rest = &html[" id=\"".len() + 3..];
    let end = memchr::memchr(b'"', rest.as_bytes())?;
    Some((level, &rest[..end]))
}

/// Every `<hN id="…"` in `html`, added to `out`.
fn stray_openings(html: &str, out: &mut Vec<(u8, String)>) {
    for at in memchr::memmem::find_iter(html.as_bytes(), b"<h") {
        // An id without its closing quote in the piece is none: the piece
        // ends inside the tag (not exact), or the id holds the tag's `>`,
        // which an escaped id never does.
        if let Some((level, id)) = opening(&html[at..]) {
            out.push((level, id.to_string()));
        }
    }
}

/// The level of the heading element `html` starts with, as the event
/// rewriter writes one (`<h2 id="…"`).
fn heading_level(html: &str) -> Option<u8> {
    match html.as_bytes() {
        [b'<', b'h', level @ b'1'..=b'6', rest @ ..] if rest.starts_with(b" id=\"") => {
            Some(level - b'0')
        }
        _ => None,
    }
}

/// Whether the element pulldown-cmark writes for `tag` (its start or its
/// end) separates words (a block), or not (inline); `None` for what the
/// event rewriter writes itself, which should not reach here.
fn separates_words(tag: TagEnd) -> Option<bool> {
    match tag {
        TagEnd::Paragraph
        | TagEnd::BlockQuote(_)
        | TagEnd::List(_)
        | TagEnd::Item
        | TagEnd::Table
        | TagEnd::TableHead
        | TagEnd::TableRow
        | TagEnd::TableCell
        | TagEnd::DefinitionList
        | TagEnd::DefinitionListTitle
        | TagEnd::DefinitionListDefinition => Some(true),
        TagEnd::Emphasis
        | TagEnd::Strong
        | TagEnd::Strikethrough
        | TagEnd::Superscript
        | TagEnd::Subscript
        | TagEnd::Link
        | TagEnd::HtmlBlock => Some(false),
        _ => None,
    }
}

/// Where `needle` first occurs in `haystack`. memmem rather than
/// `str::find`, whose two-way search was 3% of a build in the section
/// splitting alone; an ASCII needle's offset is a char boundary.
fn find(haystack: &str, needle: &str) -> Option<usize> {
    memchr::memmem::find(haystack.as_bytes(), needle.as_bytes())
}
