//! Markdown the GitBook way: the stage that turns every loaded page into a
//! typed [`Rendered`] body, which the theme's templates (`render`) and the
//! search index (`search`) both read, so each body is rendered once.
//!
//! A page's outline (headings, ids, link targets) was read at load time
//! (`gitbook::scan`), so links to any page can be checked here.
//! `render_bodies` renders pages in parallel, a panic costing one page;
//! `render` walks one page's block tree: blocks become their HTML
//! (`blocks`, `embeds`, `layout`, `api`, sharing `renderer`'s state), Markdown
//! runs are parsed (`render`) and their events adjusted (`events`): heading
//! ids and anchors, links resolved to output pages (`links`), bare URLs
//! linked (`autolink`), math and emoji (`inline`), GitBook's HTML forms
//! rendered (`tables`, `custom`, `buttons`, `icons`), code highlighted
//! (`highlight`, kept in `highlight_cache`), Mermaid diagrams drawn
//! (`mermaid`, with the `mermaid` feature), then serialised by
//! pulldown-cmark's HTML writer. The body's text, cut at its headings, is
//! gathered as the body is written (`sections`).

pub(crate) mod api;
pub(crate) mod autolink;
mod blocks;
mod buttons;
mod custom;
mod embeds;
mod events;
mod highlight;
pub mod highlight_cache;
mod hints;
mod icons;
pub(crate) mod inline;
mod joined;
mod layout;
pub(crate) mod links;
mod mermaid;
mod render;
mod renderer;
mod sections;
mod tables;

/// GitBook's Markdown options, for tests that parse what quire writes.
pub use crate::gitbook::OPTIONS;
/// A content icon by its Font Awesome name, as inline SVG.
pub(crate) use icons::svg as icon_svg;
/// What the ids of a drawn diagram start with.
pub(crate) use mermaid::ID_PREFIX as DIAGRAM_ID_PREFIX;
pub use render::{render, render_bodies, Rendered};
pub use sections::{sections as read_sections, Section};

/// Blocks nested deeper than this are rendered as plain content, so that
/// hostile input cannot exhaust the stack.
pub const MAX_BLOCK_DEPTH: usize = 48;

/// Includes nested deeper than this are not expanded.
pub const MAX_INCLUDE_DEPTH: usize = 16;

/// The most text, in bytes, that includes and expressions may add to one
/// page. Includes without a cycle can still multiply: ten per file, eight
/// files deep, is 10⁸ copies; a megabyte variable can be used a million
/// times.
pub const MAX_INCLUDED_BYTES: usize = 16 << 20;

/// What an include counts toward [`MAX_INCLUDED_BYTES`] at least: a tiny
/// file included a million times is work too (at most 16,384 includes).
pub const MIN_INCLUDE_BYTES: usize = 1024;

/// The value of a GitBook expression (`space.vars.x` from
/// `.gitbook/vars.yaml`, `page.vars.x` from the page's `vars:`) as text.
pub fn expression_value(
    site: &crate::content::Site,
    page: &crate::content::page::Page,
    name: &str,
) -> Option<String> {
    let value = if let Some(key) = name.strip_prefix("space.vars.") {
        site.spaces[page.space].vars.get(key)
    } else if let Some(key) = name.strip_prefix("page.vars.") {
        page.meta.vars.get(key)
    } else {
        None
    };
    value.map(|value| match value {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    })
}

/// Count `value` against the page's budget of added text (`added` bytes
/// so far, at most [`MAX_INCLUDED_BYTES`]): whether it still fits.
pub(crate) fn fits_added_text(added: &mut usize, value: &str) -> bool {
    let fits = *added + value.len() <= MAX_INCLUDED_BYTES;
    if fits {
        *added += value.len();
    }
    fits
}

/// Whether raw HTML opens a GitBook expression (`<code class="expression">`).
pub fn is_expression_open(html: &str) -> bool {
    events::is_expression_open(html)
}
