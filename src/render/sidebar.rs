//! The sidebar's navigation markup, written directly rather than by a
//! template: it is the largest part of every page, and a recursive Tera
//! macro for it cost more than the rest of the page together (see the
//! commit that introduced this file). Themes restyle it with CSS; the
//! markup is the contract `quire.js` relies on to draw collapsed branches.

use super::context::{NavGroupView, NavItemView};
use crate::text::html::escape;

const CHEVRON: &str =
    r#"<svg class="i" viewBox="0 0 16 16" aria-hidden="true"><path d="m6 4 4 4-4 4"/></svg>"#;
const EXTERNAL: &str = r#"<svg class="i i-ext" viewBox="0 0 16 16" aria-hidden="true"><path d="M6 3H3v10h10v-3M9 2h5v5M14 2 7 9"/></svg>"#;

/// Screen-reader labels of the navigation, in the page's language.
pub(crate) struct Labels<'a> {
    /// Appended to a title on its branch toggle (": sub-pages").
    pub subpages: &'a str,
    /// After an external link's title (" (external)").
    pub external: &'a str,
}

/// The groups of a page's navigation, each a titled list of entries.
pub(crate) fn nav_html(groups: &[NavGroupView<'_>], labels: &Labels) -> String {
    let mut out = String::with_capacity(4096);
    for group in groups {
        out.push_str("<div class=\"nav-group\">\n");
        if let Some(title) = &group.title {
            out.push_str("<p class=\"nav-group-title\">");
            out.push_str(&escape(title));
            out.push_str("</p>\n");
        }
        out.push_str("<ul class=\"nav-list\">\n");
        items(&group.items, labels, &mut out);
        out.push_str("</ul>\n</div>\n");
    }
    out
}

fn items(items: &[NavItemView<'_>], labels: &Labels, out: &mut String) {
    for item in items {
        if item.kind == "separator" {
            out.push_str("<li class=\"nav-sep\" aria-hidden=\"true\" data-node=\"");
            push_number(out, item.node);
            out.push_str("\"></li>\n");
        } else {
            entry(item, labels, out);
        }
    }
}

/// One entry: its row (link, toggle or caption), then its list of children
/// when it has any (empty when collapsed, a window of them when there are
/// many: `quire.js` fills it from `nav.js`).
fn entry(item: &NavItemView<'_>, labels: &Labels, out: &mut String) {
    let branch = item.expandable && (!item.open || !item.children.is_empty());
    let title = escape(item.title);
    out.push_str("<li class=\"nav-item");
    if item.current {
        out.push_str(" is-current");
    }
    if item.open {
        out.push_str(" is-open");
    }
    out.push_str("\" data-node=\"");
    push_number(out, item.node);
    out.push_str("\">\n<div class=\"nav-row\">");
    match &item.href {
        Some(href) => {
            out.push_str("<a class=\"nav-link\" href=\"");
            out.push_str(&escape(href));
            out.push('"');
            if item.current {
                out.push_str(" aria-current=\"page\"");
            }
            if let Some(label) = &item.label {
                out.push_str(" title=\"");
                out.push_str(&escape(label));
                out.push('"');
            }
            out.push('>');
            out.push_str(&title);
            if item.kind == "external" {
                out.push_str(EXTERNAL);
                out.push_str("<span class=\"sr-only\">");
                out.push_str(&escape(labels.external));
                out.push_str("</span>");
            }
            out.push_str("</a>");
            if branch {
                toggle(item, "nav-toggle", out);
                out.push_str("<span class=\"sr-only\">");
                out.push_str(&title);
                out.push_str(&escape(labels.subpages));
                out.push_str("</span>");
                out.push_str(CHEVRON);
                out.push_str("</button>");
            }
        }
        None if branch => {
            toggle(item, "nav-link nav-toggle nav-caption", out);
            out.push_str(&title);
            out.push_str(CHEVRON);
            out.push_str("</button>");
        }
        None => {
            out.push_str("<span class=\"nav-link nav-caption\">");
            out.push_str(&title);
            out.push_str("</span>");
        }
    }
    out.push_str("</div>\n");
    if branch {
        out.push_str("<ul class=\"nav-list\" id=\"nav-");
        push_number(out, item.node);
        out.push('"');
        if !item.open {
            out.push_str(" hidden");
        }
        if item.windowed {
            out.push_str(" data-partial");
        }
        out.push_str(">\n");
        if item.open {
            items(&item.children, labels, out);
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</li>\n");
}

/// The opening tag of the button that opens and closes an entry's branch.
fn toggle(item: &NavItemView<'_>, class: &str, out: &mut String) {
    out.push_str("<button type=\"button\" class=\"");
    out.push_str(class);
    out.push_str("\" aria-expanded=\"");
    out.push_str(if item.open { "true" } else { "false" });
    out.push_str("\" aria-controls=\"nav-");
    push_number(out, item.node);
    out.push_str("\" data-node=\"");
    push_number(out, item.node);
    out.push_str("\">");
}

/// Every entry carries its node number: written without `core::fmt`, whose
/// machinery cost more than the rest of the entry (callgrind).
fn push_number(out: &mut String, n: usize) {
    out.push_str(itoa::Buffer::new().format(n));
}
