//! Typed template contexts: what a theme's templates can use.
//!
//! Every URL in a context is relative to the page being rendered (`root`
//! leads back to the output root), so a site works under any sub-path and
//! from `file://`.

use super::theme::Theme;
use anyhow::Result;
use serde::Serialize;

/// Context of `page.html`.
#[derive(Debug, Serialize)]
pub(crate) struct PageContext<'a> {
    pub site: SiteInfo<'a>,
    pub page: PageInfo<'a>,
    /// Relative prefix from this page to the output root (`""`, `"../"`, ...).
    pub root: String,
    /// Interface strings in the page's language (`t.outline`).
    pub t: &'a super::theme::Strings,
    /// The navigation's markup (`sidebar`): the top level (for small sites),
    /// plus the branch that leads to this page with its siblings (a window
    /// of them on a level of many: `quire.js` draws the rest).
    pub nav_html: String,
    /// Whether `nav` holds every top-level entry; if not, scripts draw the
    /// full tree from `nav.js`.
    pub nav_complete: bool,
    pub breadcrumbs: Vec<Crumb>,
    pub prev: Option<PageLink>,
    pub next: Option<PageLink>,
    /// The page's h2/h3 headings outside blocks, for "On this page".
    pub outline: Vec<OutlineItem>,
    /// The page's space (the whole site when it has one space).
    pub space: SpaceInfo<'a>,
    /// Every space of a site of several, for the space switcher; empty otherwise.
    pub spaces: Vec<SpaceLink<'a>>,
}

/// The Tera context of `page.html`, kept from one page to the next by a
/// render thread: `site` and `t` are the same for every page of a space
/// (both follow its language), and converting the interface strings for
/// Tera cost more than any other part of a page's context (callgrind).
/// Each page replaces every other value.
#[derive(Default)]
pub(crate) struct PageContexts {
    /// The language `site` and `t` were made for.
    language: Option<String>,
    context: tera::Context,
}

impl PageContexts {
    /// Render `page.html` for `page`, exactly as [`Theme::render`] would,
    /// with the values all pages of a space share kept from the page before.
    pub(super) fn render(&mut self, theme: &Theme, page: &PageContext<'_>) -> Result<String> {
        if self.language.as_deref() != Some(page.site.language) {
            let mut context = tera::Context::new();
            context.insert("site", &page.site);
            context.insert("t", page.t);
            context.insert(super::recursion::DEPTH_VARIABLE, &0);
            *self = PageContexts {
                language: Some(page.site.language.to_string()),
                context,
            };
        }
        page.insert_own(&mut self.context);
        theme.render_context("page.html", &self.context)
    }
}

impl PageContext<'_> {
    /// Put into `context` every value but `site` and `t`, which all pages
    /// of a space share ([`PageContexts`]). The destructuring
    /// names every field, so a new one cannot be left out.
    pub(super) fn insert_own(&self, context: &mut tera::Context) {
        let PageContext {
            site: _,
            t: _,
            page,
            root,
            nav_html,
            nav_complete,
            breadcrumbs,
            prev,
            next,
            outline,
            space,
            spaces,
        } = self;
        context.insert("page", page);
        context.insert("root", root);
        context.insert("nav_html", nav_html);
        context.insert("nav_complete", nav_complete);
        context.insert("breadcrumbs", breadcrumbs);
        context.insert("prev", prev);
        context.insert("next", next);
        context.insert("outline", outline);
        context.insert("space", space);
        context.insert("spaces", spaces);
    }
}

/// The space of the page being rendered.
#[derive(Debug, Serialize)]
pub(crate) struct SpaceInfo<'a> {
    pub title: &'a str,
    pub language: &'a str,
    /// Its navigation script, relative to the output root (`nav.js`, `en/nav.js`).
    pub nav_script: String,
    /// Its search manifest, relative to the output root.
    pub search_manifest: String,
    /// Its home page, relative to this page.
    pub home: String,
    /// Its printable document (`print.html`), relative to this page; none
    /// when `outputs.print` is off.
    pub print: Option<String>,
}

/// An entry of the space switcher.
#[derive(Debug, Serialize)]
pub(crate) struct SpaceLink<'a> {
    pub title: &'a str,
    pub language: &'a str,
    /// The same page in that space when it exists, else its home; relative.
    pub href: String,
    pub current: bool,
}

/// Site-wide values.
#[derive(Debug, Serialize)]
pub(crate) struct SiteInfo<'a> {
    pub title: &'a str,
    /// BCP 47 tag for `<html lang>`.
    pub language: &'a str,
    pub base_url: Option<&'a str>,
    pub search: bool,
    pub generator: &'static str,
    /// The theme has `assets/custom.css`, to load after `quire.css`.
    pub custom_css: bool,
}

/// The page being rendered.
#[derive(Debug, Serialize)]
pub(crate) struct PageInfo<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub icon: Option<&'a str>,
    /// The page's icon (front matter `icon:`) drawn as inline SVG, when
    /// Font Awesome Free has it.
    pub icon_svg: Option<String>,
    /// Rendered body HTML (already safe).
    pub body: &'a str,
    /// Source path relative to the space.
    pub source: &'a str,
    /// Output path relative to the output root.
    pub path: &'a str,
    /// The page's URL relative to the output root, percent-encoded
    /// (`guides/setup/` with pretty URLs); the canonical link is built from it.
    pub link: String,
    pub edit_url: Option<String>,
    /// The page's Markdown twin, relative to the page (when twins are written).
    pub markdown: Option<String>,
    /// When the page last changed: `iso` is `YYYY-MM-DD`, `text` the same
    /// date in the space's language.
    pub updated: Option<DateView>,
    /// The page's Atom feed (pages with `{% updates %}`, when the site has a
    /// `base_url`), relative to the page.
    pub feed: Option<String>,
    pub wide: bool,
    pub show_title: bool,
    pub show_description: bool,
    pub show_outline: bool,
    pub show_pagination: bool,
    pub show_toc: bool,
    pub hidden: bool,
    /// The language the page's text reads as when it is not the space's
    /// (a Chinese page in an English space): its title and body carry it as
    /// `lang`, for screen readers and the CJK typography of the theme.
    pub language: Option<&'a str>,
}

/// A date for `<time datetime="{{ iso }}">{{ text }}</time>`.
#[derive(Debug, Serialize)]
pub(crate) struct DateView {
    pub iso: String,
    pub text: String,
}

/// One group of the navigation (a SUMMARY `## Group`).
#[derive(Debug, Serialize)]
pub(crate) struct NavGroupView<'a> {
    pub title: Option<&'a str>,
    pub items: Vec<NavItemView<'a>>,
}

/// One navigation entry.
#[derive(Debug, Serialize)]
pub(crate) struct NavItemView<'a> {
    pub title: &'a str,
    /// Relative href; None for captions and separators.
    pub href: Option<String>,
    pub label: Option<&'a str>,
    /// `page`, `external`, `caption` or `separator`.
    pub kind: &'static str,
    /// This entry is the current page.
    pub current: bool,
    /// This entry is the current page or one of its ancestors.
    pub open: bool,
    /// It has children (maybe not included here: only open branches are).
    pub expandable: bool,
    /// Index of the entry in the space's navigation script (`nav.js`).
    pub node: usize,
    pub children: Vec<NavItemView<'a>>,
    /// `children` is a window of a wide open level; `quire.js` draws the
    /// whole level from `nav.js`.
    pub windowed: bool,
}

/// A breadcrumb: a group caption or an ancestor page.
#[derive(Debug, Serialize)]
pub(crate) struct Crumb {
    pub title: String,
    pub href: Option<String>,
}

/// Previous/next page.
#[derive(Debug, Serialize)]
pub(crate) struct PageLink {
    pub title: String,
    pub href: String,
}

/// An entry of "On this page".
#[derive(Debug, Serialize)]
pub(crate) struct OutlineItem {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// Context of `404.html`, the page a host shows for a missing URL.
#[derive(Debug, Serialize)]
pub(crate) struct NotFoundContext<'a> {
    pub site: SiteInfo<'a>,
    pub t: &'a super::theme::Strings,
    /// The site's home page: absolute with a `base_url` (the page is shown
    /// at any depth), else relative to the output root.
    pub home: String,
}

/// Context of `redirect.html` (the root index when the space has no README).
#[derive(Debug, Serialize)]
pub(crate) struct RedirectContext<'a> {
    pub site: SiteInfo<'a>,
    pub root: String,
    pub title: &'a str,
    pub href: String,
}
