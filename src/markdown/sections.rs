//! The text of a rendered body, cut at its headings: what search indexes,
//! read from the body markdown made rather than from a themed page, so a
//! theme's markup changes nothing in search.

use crate::content::page::Page;
use crate::text::html::escape;
use crate::text::plain::{plain_text, prose_and_code};

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

/// The sections of a page's body HTML. A heading is looked for where its
/// element is written (`<hN id="…"`), in order; one that is not found (a
/// raw HTML heading the renderer left alone) cuts nothing.
pub(super) fn sections(page: &Page, body: &str) -> Vec<Section> {
    // (heading, where its element starts, where its section text starts)
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

/// Where `needle` first occurs in `haystack`. memmem rather than
/// `str::find`, whose two-way search was 3% of a build in the section
/// splitting alone; an ASCII needle's offset is a char boundary.
fn find(haystack: &str, needle: &str) -> Option<usize> {
    memchr::memmem::find(haystack.as_bytes(), needle.as_bytes())
}
