//! Rendering one page: the block tree walked, each Markdown run's events
//! adjusted and written with pulldown-cmark's HTML writer.

use super::events::EventRewriter;
use super::highlight_cache::Cache;
use super::renderer::PageRenderer;
use super::sections::{sections, Section};
use super::{joined, MAX_BLOCK_DEPTH};
use crate::config::Config;
use crate::content::page::Page;
use crate::content::Site;
use crate::error::Diagnostic;
use crate::gitbook::OPTIONS;
use crate::gitbook::{emphasis, Block, Node, Text};
use crate::text::html;
use pulldown_cmark::{BrokenLink, CowStr, Parser};
use rayon::prelude::*;
use std::borrow::Cow;
use std::path::Path;

/// A page body as markdown made it: what the theme's page template shows,
/// what search indexes, and what rendering found wrong.
#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    /// The body's text, cut at its headings.
    pub sections: Vec<Section>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Render the bodies of the pages at `indices`, in parallel, in order.
pub fn render_bodies(
    site: &Site,
    config: &Config,
    highlights: &Cache,
    indices: &[usize],
) -> Vec<Rendered> {
    indices
        .par_iter()
        .map(|&i| {
            let page = &site.pages[i];
            let shown = config.display_path(&config.space.join(&page.source));
            render_guarded(page, site, &shown, highlights)
        })
        .collect()
}

/// A bug in quire must cost one page, not the site: a panic while rendering
/// a body becomes an error on that page, and every other page is still built.
fn render_guarded(page: &Page, site: &Site, shown: &Path, highlights: &Cache) -> Rendered {
    let attempt = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        render(page, site, shown, highlights)
    }));
    attempt.unwrap_or_else(|panic| {
        let message = crate::error::panic_message(&*panic);
        Rendered {
            html: format!(
                "<div class=\"build-error\" role=\"alert\"><p><strong>This page could not be built.</strong></p><pre>internal error: {}</pre></div>\n",
                html::escape(&message)
            ),
            sections: vec![],
            diagnostics: vec![Diagnostic::error(
                "internal",
                shown,
                format!("internal error while rendering this page ({message}); the rest of the site was built; please report this"),
            )],
        }
    })
}

/// Render a page's body. `shown` is the page's path for diagnostics.
pub fn render(page: &Page, site: &Site, shown: &Path, highlights: &Cache) -> Rendered {
    tracing::trace!("markdown: {}", page.source);
    let mut renderer = PageRenderer::new(page, site, shown, highlights);
    let mut html = String::with_capacity(page.body().len() * 3 / 2);
    if let Some(message) = &page.failure {
        html.push_str(&format!(
            "<div class=\"build-error\" role=\"alert\"><p><strong>This page could not be built.</strong></p><pre>{}</pre></div>\n",
            html::escape(message)
        ));
        return Rendered {
            sections: sections(page, &html),
            html,
            diagnostics: renderer.diagnostics,
        };
    }
    renderer.render_nodes(&page.nodes, 0, &mut html);
    if !renderer.footnotes_html.is_empty() {
        let start = html.len();
        html.push_str("<section class=\"footnotes\" aria-label=\"Footnotes\">\n");
        html.push_str(&renderer.footnotes_html);
        html.push_str("</section>\n");
        renderer.body_text.html(&html[start..]);
    }
    Rendered {
        sections: renderer.body_text.finish(page, &html),
        html,
        diagnostics: renderer.diagnostics,
    }
}

impl PageRenderer<'_> {
    pub(super) fn render_nodes(&mut self, nodes: &[Node], depth: usize, out: &mut String) {
        self.render_nodes_joining_after(nodes, 0, depth, out);
    }

    /// `render_nodes`, no join starting in the first `no_join` nodes (a
    /// failed join read them already).
    fn render_nodes_joining_after(
        &mut self,
        nodes: &[Node],
        mut no_join: usize,
        depth: usize,
        out: &mut String,
    ) {
        let mut at = 0;
        while let Some(node) = nodes.get(at) {
            // Depth 0 is the page body itself, whose text is gathered.
            let (rendered, read) = match node {
                Node::Markdown(text) => {
                    self.run_in_body = depth == 0;
                    self.render_markdown(text, &nodes[at + 1..], depth, no_join == 0, None, out)
                }
                Node::Block(block) if depth >= MAX_BLOCK_DEPTH => {
                    self.render_flat(block, out);
                    (1, 0)
                }
                Node::Block(block) => {
                    let start = out.len();
                    self.render_block(block, depth + 1, out);
                    if depth == 0 {
                        self.body_text.html(&out[start..]);
                    }
                    (1, 0)
                }
            };
            at += rendered;
            no_join = no_join.saturating_sub(rendered).max(read);
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
        let (rendered, read) = match nodes.first() {
            Some(Node::Markdown(text)) => {
                self.render_markdown(text, &nodes[1..], depth, true, Some(&mut title), &mut body)
            }
            _ => (0, 0),
        };
        self.render_nodes_joining_after(&nodes[rendered..], read, depth, &mut body);
        (Some(title).filter(|t| !t.is_empty()), body)
    }

    /// Render a Markdown leaf, joined with the blocks written inside its list
    /// items among the nodes that follow it (`rest`) and the Markdown after
    /// them; returns how many nodes it rendered, the leaf included, and in
    /// how many of the nodes after those a failed join read (`join` false:
    /// none is tried).
    fn render_markdown(
        &mut self,
        leaf: &Text,
        rest: &[Node],
        depth: usize,
        join: bool,
        title: Option<&mut String>,
        out: &mut String,
    ) -> (usize, usize) {
        let first = self.without_title(leaf);
        let run = if join && depth < MAX_BLOCK_DEPTH {
            joined::Run::join(self.doc.body(), &first, rest, depth)
        } else {
            Err(0)
        };
        match run {
            Ok(run) => {
                let count = run.nodes();
                self.render_run(&run, title, out);
                (count, 0)
            }
            Err(read) => {
                self.render_run(&joined::Run::leaf(first, depth), title, out);
                (1, read)
            }
        }
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
        for leaf in crate::gitbook::walk::leaves(&block.children) {
            let text = self.without_title(leaf.text);
            self.render_run(&joined::Run::leaf(text, 0), None, out);
        }
    }

    /// The page title (leading H1) is shown by the theme, not in the body:
    /// the leaf that holds it starts after it.
    fn without_title(&self, text: &Text) -> Text {
        let title_end = self
            .doc
            .title_end
            .filter(|_| std::ptr::eq(self.doc, self.page));
        match title_end {
            Some(end) if text.span.start < end && end <= text.span.end && text.dedent == 0 => {
                Text {
                    span: end..text.span.end,
                    dedent: 0,
                }
            }
            _ => text.clone(),
        }
    }

    /// Render one Markdown run. With `title`, a heading that opens the run is
    /// written there instead of into `out`.
    fn render_run(&mut self, run: &joined::Run, title: Option<&mut String>, out: &mut String) {
        // The blocks this run renders inside it are not in the body itself.
        let in_body = std::mem::take(&mut self.run_in_body);
        let own = run.source(self.doc.body());
        // Footnotes defined in another run of the page (GitBook puts them at
        // the end, after blocks) get stub definitions past the run's end, so
        // pulldown-cmark links the references; the stubs are not rendered.
        let stubs = footnote_stubs(&own, &self.doc.footnote_labels);
        let source: Cow<'_, str> = if stubs.is_empty() {
            own
        } else {
            Cow::Owned(format!("{own}{stubs}"))
        };
        let run_end = source.len() - stubs.len();
        // Reference definitions anywhere in the page serve every Markdown run.
        let page = self.doc;
        let mut references = |link: BrokenLink<'_>| {
            let (dest, title) = page.link_references.get(&link.reference.to_lowercase())?;
            Some((CowStr::from(dest.clone()), CowStr::from(title.clone())))
        };
        let parser = Parser::new_with_broken_link_callback(&source, OPTIONS, Some(&mut references));
        let mut events = EventRewriter::new(self, run, &source[..run_end]);
        let mut adjusted = emphasis::adjust(parser.into_offset_iter(), &source);
        for (event, range) in adjusted.by_ref() {
            if range.start < run_end {
                events.push(event, range);
            }
        }
        for &start in adjusted.too_long().iter().filter(|&&start| start < run_end) {
            events.warn_long_block(start);
        }
        let (events, title_end) = events.finish();
        match (title, title_end) {
            (Some(title), Some(end)) => {
                let mut events = events;
                let rest = events.split_off(end);
                pulldown_cmark::html::push_html(title, events.into_iter());
                pulldown_cmark::html::push_html(out, rest.into_iter());
            }
            _ => {
                if in_body {
                    self.body_text.events(&events);
                }
                pulldown_cmark::html::push_html(out, events.into_iter());
            }
        }
    }
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
