//! Rendering: parsed pages → complete HTML files.
//!
//! 1. Take each page's body as the markdown stage rendered it.
//! 2. Build its typed context (`context`): navigation with only the open
//!    branch (the full tree goes once into `nav.js`, so page size does not
//!    grow with the site), breadcrumbs, previous/next, outline.
//! 3. Fill the theme's templates (`theme`), whose recursion is bounded
//!    (`recursion`).

pub(crate) mod context;
pub(crate) mod hosting;
pub(crate) mod llms;
pub(crate) mod outputs;
pub(crate) mod print;
mod recursion;
pub(crate) mod reserved;
pub(crate) mod sidebar;
pub(crate) mod theme;
pub mod twin;

use crate::config::Config;
use crate::content::nav::{Nav, Target};
use crate::content::page::Page;
use crate::content::{Site, Space};
use crate::error::Diagnostic;
use crate::markdown::Rendered;
use crate::text::url;
use anyhow::Result;
use context::*;
use rayon::prelude::*;
pub(crate) use theme::Theme;

/// A generated file: its path in the output and its bytes.
#[derive(Clone)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Render every page of the site. Template failures are fatal (the theme is
/// broken for every page); content problems come back as diagnostics.
/// `bodies` holds every page's body, in page order.
pub fn render_site(
    site: &Site,
    bodies: &[Rendered],
    theme: &Theme,
    config: &Config,
) -> Result<(Vec<OutputFile>, Vec<Diagnostic>)> {
    let all: Vec<usize> = (0..site.pages.len()).collect();
    let (mut files, mut diagnostics) = render_pages(site, theme, config, &all, bodies)?;
    let (more, found) = site_files(site, theme, config)?;
    files.extend(more);
    diagnostics.extend(found);
    Ok((files, diagnostics))
}

/// What the site has besides its pages: the root redirect (without a home
/// page at the top), each space's navigation script, the theme's assets.
pub fn site_files(
    site: &Site,
    theme: &Theme,
    config: &Config,
) -> Result<(Vec<OutputFile>, Vec<Diagnostic>)> {
    let diagnostics = unknown_languages(site, theme, config);
    let mut files = vec![];
    if !site.pages.iter().any(|p| p.output == "index.html") {
        files.push(render_root_redirect(site, theme, config)?);
    }
    for space in &site.spaces {
        files.push(OutputFile {
            path: nav_script_path(space),
            bytes: nav_script(site, &space.nav, theme.strings_for(&space.language)).into_bytes(),
        });
    }
    for (name, bytes) in &theme.assets {
        files.push(OutputFile {
            path: format!("assets/{name}"),
            bytes: bytes.clone(),
        });
    }
    Ok((files, diagnostics))
}

/// A space whose language the theme has no strings for shows English ones.
fn unknown_languages(site: &Site, theme: &Theme, config: &Config) -> Vec<Diagnostic> {
    site.spaces
        .iter()
        .filter(|space| !theme.speaks(&space.language))
        .map(|space| {
            let at = if site.is_multi_space() {
                config.display_path(&config.space.join(&space.dir))
            } else {
                std::path::PathBuf::from(crate::config::CONFIG_FILE)
            };
            Diagnostic::warning(
                "language",
                at,
                format!(
                    "the theme has no interface strings for `{}`; English is shown (add themes/{}/i18n/{}.yaml)",
                    space.language, config.theme, space.language
                ),
            )
        })
        .collect()
}

/// Render only the pages at `indices`, exactly as [`render_site`] renders
/// them (`quire serve` re-renders an edited page this way), with their
/// bodies in `bodies`, in the same order. Returns one file per index, in
/// order, and what the templates found wrong (the bodies' own findings stay
/// in the bodies).
pub fn render_pages(
    site: &Site,
    theme: &Theme,
    config: &Config,
    indices: &[usize],
    bodies: &[Rendered],
) -> Result<(Vec<OutputFile>, Vec<Diagnostic>)> {
    let places = Places {
        positions: reading_positions(site),
        prints: print::paths(site, config),
    };
    let results: Vec<Result<(OutputFile, Option<Diagnostic>)>> = indices
        .par_iter()
        .zip(bodies)
        .map_init(PageContexts::default, |shared, (&i, body)| {
            render_page(site, &places, shared, i, body, theme, config)
        })
        .collect();
    let mut files = Vec::with_capacity(results.len() + 4);
    let mut diagnostics = vec![];
    for result in results {
        let (file, d) = result?;
        files.push(file);
        diagnostics.extend(d);
    }
    Ok((files, diagnostics))
}

/// What every page's context needs from the whole site, found once.
struct Places {
    /// Each page's position in its space's reading order.
    positions: Vec<Option<usize>>,
    /// Each space's printable document, when written.
    prints: Vec<Option<String>>,
}

fn render_page(
    site: &Site,
    places: &Places,
    shared: &mut PageContexts,
    index: usize,
    body: &Rendered,
    theme: &Theme,
    config: &Config,
) -> Result<(OutputFile, Option<Diagnostic>)> {
    let page = &site.pages[index];
    let shown = config.display_path(&config.space.join(&page.source));
    let (nav, nav_complete) = nav_view(site, index);
    let space = site.space_of(index);
    let t = theme.strings_for(&space.language);
    let labels = sidebar::Labels {
        subpages: t.get("subpages").map_or("", String::as_str),
        external: t.get("external").map_or("", String::as_str),
    };
    let context = PageContext {
        site: site_info(site, config, theme, &space.language),
        page: page_info(page, &body.html, config, space),
        root: url::root_prefix(&page.output),
        t,
        nav_html: sidebar::nav_html(&nav, &labels),
        nav_complete,
        breadcrumbs: breadcrumbs(site, index),
        prev: neighbour(site, &places.positions, index, -1),
        next: neighbour(site, &places.positions, index, 1),
        outline: outline(page),
        space: space_info(site, index, &places.prints),
        spaces: space_links(site, index),
    };
    let html = shared.render(theme, &context)?;
    let icon_missing = unknown_page_icon(page, &shown, context.page.icon_svg.is_some());
    Ok((
        OutputFile {
            path: page.output.clone(),
            bytes: html.into_bytes(),
        },
        icon_missing,
    ))
}

/// A front matter `icon:` that Font Awesome Free lacks is drawn as nothing,
/// with the same warning as an icon in the text, at its line.
fn unknown_page_icon(page: &Page, shown: &std::path::Path, drawn: bool) -> Option<Diagnostic> {
    let name = page.meta.icon.as_deref().filter(|_| !drawn)?;
    let line = page.text[..page.body_start]
        .find("\nicon:")
        .map_or(0, |at| at + 1);
    Some(
        Diagnostic::warning(
            "icon",
            shown,
            format!("icon `{name}` is not in Font Awesome Free; the page is shown without it"),
        )
        .at_offset(&page.text, line),
    )
}

fn site_info<'a>(
    site: &'a Site,
    config: &'a Config,
    theme: &Theme,
    language: &'a str,
) -> SiteInfo<'a> {
    SiteInfo {
        title: &site.title,
        language,
        base_url: config.base_url.as_deref(),
        search: config.search.enabled,
        generator: concat!("quire ", env!("CARGO_PKG_VERSION")),
        custom_css: theme.assets.contains_key(CUSTOM_CSS),
    }
}

/// A project's stylesheet (`themes/<name>/assets/custom.css`), loaded after
/// the theme's own, so it can change the colour variables and nothing else.
pub const CUSTOM_CSS: &str = "custom.css";

fn page_info<'a>(page: &'a Page, body: &'a str, config: &Config, space: &Space) -> PageInfo<'a> {
    let layout = &page.meta.layout;
    PageInfo {
        title: &page.title,
        description: page.meta.description.as_deref(),
        icon: page.meta.icon.as_deref(),
        icon_svg: page
            .meta
            .icon
            .as_deref()
            .and_then(crate::markdown::icon_svg),
        body,
        source: &page.source,
        path: &page.output,
        link: url::encode_path(&page.link),
        edit_url: config
            .edit_url
            .as_ref()
            .filter(|_| !page.generated)
            // A `#`, `?` or space in a file name would end the URL's path.
            .map(|t| t.replace("{path}", &url::encode_path(&page.source))),
        markdown: config
            .outputs
            .markdown
            .then(|| url::relative(&page.output, &twin::twin_path(page, config.pretty_urls))),
        updated: page.updated.as_ref().map(|iso| DateView {
            iso: iso.clone(),
            text: space.dates.format(iso),
        }),
        feed: hosting::feed_path(page, config).map(|f| url::relative(&page.output, &f)),
        wide: layout.width.as_deref() == Some("wide"),
        show_title: layout.title.visible,
        show_description: layout.description.visible,
        show_outline: layout.outline.visible,
        show_pagination: layout.pagination.visible,
        show_toc: layout.table_of_contents.visible,
        hidden: page.meta.hidden,
        language: page_language(page, &space.language),
    }
}

/// The language of a page when it differs from its space's: the one its
/// front matter names (`lang:`), else the one its text reads as
/// ([`Tally::other_than`](crate::content::language::Tally::other_than)).
fn page_language<'a>(page: &'a Page, space_language: &str) -> Option<&'a str> {
    if let Some(lang) = &page.meta.lang {
        return (!lang.eq_ignore_ascii_case(space_language)).then_some(lang.as_str());
    }
    page.tally.other_than(space_language)
}

/// Above this many top-level entries a page carries only its own branch;
/// the full tree comes from `nav.js`. Keeps page size independent of site size.
const INLINE_TOP_LEVEL_MAX: usize = 60;

/// Above this many entries an open branch is not written whole either: each
/// of thousands of siblings writing all the others made a build quadratic.
/// The page carries a window of the level around its own branch, and
/// `quire.js` draws the rest from `nav.js`.
const INLINE_LEVEL_MAX: usize = 60;

/// Entries a window holds before the one on the page's branch; the rest of
/// its `WINDOW` entries come after it.
const WINDOW_BEFORE: usize = 20;
const WINDOW: usize = 2 * WINDOW_BEFORE + 1;

/// The navigation as this page shows it without JavaScript: the top level
/// (when small) and the branch that leads to this page, with its siblings.
fn nav_view(site: &Site, page: usize) -> (Vec<NavGroupView<'_>>, bool) {
    let nav = site.nav_of(page);
    let trail = nav
        .node_of_page
        .get(&page)
        .map(|&n| nav.trail(n))
        .unwrap_or_default();
    let from = &site.pages[page].output;
    let top_level: usize = nav.groups.iter().map(|g| g.children.len()).sum();
    let complete = top_level <= INLINE_TOP_LEVEL_MAX;
    let groups = nav
        .groups
        .iter()
        .map(|group| NavGroupView {
            title: group.title.as_deref(),
            items: group
                .children
                .iter()
                .filter(|n| complete || trail.first() == Some(n))
                .filter_map(|&n| nav_item(site, nav, n, &trail, from))
                .collect(),
        })
        .filter(|g| !g.items.is_empty() || (complete && g.title.is_some()))
        .collect();
    (groups, complete)
}

fn nav_item<'a>(
    site: &Site,
    nav: &'a Nav,
    node: usize,
    trail: &[usize],
    from: &str,
) -> Option<NavItemView<'a>> {
    let n = &nav.nodes[node];
    let (kind, href) = match &n.target {
        Target::Page { page, anchor } => {
            if site.pages[*page].meta.hidden {
                return None;
            }
            let mut href = url::relative(from, &site.pages[*page].link);
            if let Some(a) = anchor {
                href = format!("{href}#{}", url::encode_fragment(a));
            }
            ("page", Some(href))
        }
        Target::External(u) => ("external", Some(u.clone())),
        Target::Caption => ("caption", None),
        Target::Separator => ("separator", None),
    };
    let on_trail = trail.iter().position(|&t| t == node);
    let open = on_trail.is_some();
    let (shown, windowed) = match on_trail {
        Some(depth) => open_level(site, nav, &n.children, trail.get(depth + 1).copied()),
        None => (&[][..], false),
    };
    let children = shown
        .iter()
        .filter_map(|&c| nav_item(site, nav, c, trail, from))
        .collect();
    Some(NavItemView {
        title: &n.title,
        href,
        label: n.label.as_deref(),
        kind,
        current: trail.last() == Some(&node),
        open,
        expandable: n.children.iter().any(|&c| is_visible(site, nav, c)),
        node,
        children,
        windowed,
    })
}

/// The entries of an open level the page writes, and whether they are only
/// a window of it: all of them up to `INLINE_LEVEL_MAX` visible ones, else
/// `WINDOW` visible ones around `next` (the page's branch) or, on the page's
/// own children, the first ones. Looks at a bounded number of entries
/// besides finding `next`, so each page costs little however wide the level.
fn open_level<'n>(
    site: &Site,
    nav: &Nav,
    children: &'n [usize],
    next: Option<usize>,
) -> (&'n [usize], bool) {
    let visible = |c: &&usize| is_visible(site, nav, **c);
    if children
        .iter()
        .filter(visible)
        .nth(INLINE_LEVEL_MAX)
        .is_none()
    {
        return (children, false);
    }
    let at = next
        .and_then(|next| children.iter().position(|&c| c == next))
        .unwrap_or(0);
    // The window is a contiguous run: hidden pages inside it are left out
    // when the entries are made, as everywhere else.
    let start = children[..at]
        .iter()
        .enumerate()
        .rev()
        .filter(|(_, c)| visible(c))
        .take(WINDOW_BEFORE)
        .last()
        .map_or(at, |(i, _)| i);
    let before = children[start..at].iter().filter(visible).count();
    let end = children[at..]
        .iter()
        .enumerate()
        .filter(|(_, c)| visible(c))
        .take(WINDOW - before)
        .last()
        .map_or(at, |(i, _)| at + i + 1);
    (&children[start..end], true)
}

/// The group caption and the ancestor entries of a page in the navigation.
pub(crate) fn breadcrumbs(site: &Site, page: usize) -> Vec<Crumb> {
    let nav = site.nav_of(page);
    let Some(&node) = nav.node_of_page.get(&page) else {
        return vec![];
    };
    let trail = nav.trail(node);
    let from = &site.pages[page].output;
    let mut crumbs = vec![];
    if let Some(title) = nav.group_of(trail[0]).and_then(|g| g.title.clone()) {
        push_crumb(&mut crumbs, Crumb { title, href: None });
    }
    for &n in &trail[..trail.len() - 1] {
        let href = match nav.nodes[n].target {
            Target::Page { page, .. } => Some(url::relative(from, &site.pages[page].link)),
            _ => None,
        };
        let title = nav.nodes[n].title.clone();
        push_crumb(&mut crumbs, Crumb { title, href });
    }
    crumbs
}

/// Add a step to a trail. A group caption and the page under it often share
/// their title ("Writing guide › Writing guide"): the same text twice in a row
/// is one step, the one with a link.
fn push_crumb(crumbs: &mut Vec<Crumb>, crumb: Crumb) {
    match crumbs.last_mut() {
        Some(last) if last.title == crumb.title => {
            if last.href.is_none() {
                last.href = crumb.href;
            }
        }
        _ => crumbs.push(crumb),
    }
}

/// Each page's position in its space's reading order, by page index.
fn reading_positions(site: &Site) -> Vec<Option<usize>> {
    let mut positions = vec![None; site.pages.len()];
    for (index, space) in site.spaces.iter().enumerate() {
        for (pos, &page) in space.nav.order.iter().enumerate() {
            if site.pages[page].space == index {
                positions[page] = Some(pos);
            }
        }
    }
    positions
}

/// Previous (`step` -1) or next (+1) visible page in reading order.
fn neighbour(
    site: &Site,
    positions: &[Option<usize>],
    page: usize,
    step: isize,
) -> Option<PageLink> {
    let order = &site.nav_of(page).order;
    let pos = positions[page]? as isize;
    let mut at = pos + step;
    while at >= 0 && (at as usize) < order.len() {
        let other = order[at as usize];
        if !site.pages[other].meta.hidden {
            return Some(PageLink {
                title: site.nav_title(other).to_string(),
                href: url::relative(&site.pages[page].output, &site.pages[other].link),
            });
        }
        at += step;
    }
    None
}

fn outline(page: &Page) -> Vec<OutlineItem> {
    page.headings
        .iter()
        .filter(|h| !h.in_block && (h.level == 2 || h.level == 3))
        .map(|h| OutlineItem {
            level: h.level,
            id: h.id.clone(),
            text: h.text.clone(),
        })
        .collect()
}

/// Without a README at the top, `index.html` sends the reader to the first
/// page (in a site of several spaces, the first space's home).
fn render_root_redirect(site: &Site, theme: &Theme, config: &Config) -> Result<OutputFile> {
    let space = &site.spaces[0];
    let first = space
        .home
        .or_else(|| space.nav.order.first().copied())
        .or(if site.pages.is_empty() { None } else { Some(0) });
    let (title, href) = match first {
        Some(p) => (
            site.nav_title(p),
            url::relative("index.html", &site.pages[p].link),
        ),
        None => (site.title.as_str(), String::new()),
    };
    let context = RedirectContext {
        site: site_info(site, config, theme, &space.language),
        root: String::new(),
        title,
        href,
    };
    Ok(OutputFile {
        path: "index.html".into(),
        bytes: theme.render("redirect.html", &context)?.into_bytes(),
    })
}

/// Hidden pages (`hidden: true`) are left out of navigation.
fn is_visible(site: &Site, nav: &Nav, node: usize) -> bool {
    !matches!(nav.nodes[node].target, Target::Page { page, .. } if site.pages[page].meta.hidden)
}

/// Where a space's navigation script goes: `nav.js` in its folder.
pub fn nav_script_path(space: &Space) -> String {
    url::join(&space.dir, "nav.js").unwrap_or_else(|| "nav.js".into())
}

/// Where a space's search manifest goes: `search/manifest.js`, or
/// `search/<folder>/manifest.js` in a site of several spaces.
pub fn search_dir(space: &Space) -> String {
    url::join("search", &space.dir).unwrap_or_else(|| "search".into())
}

fn space_info<'a>(site: &'a Site, page: usize, prints: &[Option<String>]) -> SpaceInfo<'a> {
    let space = site.space_of(page);
    let from = &site.pages[page].output;
    let print = prints[site.pages[page].space].as_deref();
    SpaceInfo {
        title: &space.title,
        language: &space.language,
        nav_script: url::encode_path(&nav_script_path(space)),
        search_manifest: url::encode_path(&format!("{}/manifest.js", search_dir(space))),
        home: match space.home {
            Some(home) => url::relative(from, &site.pages[home].link),
            None => format!("{}index.html", url::root_prefix(from)),
        },
        print: print.map(|path| url::relative(from, path)),
    }
}

/// The space switcher: each space's copy of this page (same path inside the
/// space) when it has one, else its home.
fn space_links(site: &Site, page: usize) -> Vec<SpaceLink<'_>> {
    if !site.is_multi_space() {
        return vec![];
    }
    let current = site.pages[page].space;
    let own = &site.spaces[current];
    let inner = site.pages[page]
        .source
        .strip_prefix(&own.dir)
        .map(|rest| rest.trim_start_matches('/'))
        .unwrap_or(&site.pages[page].source);
    let from = &site.pages[page].output;
    site.spaces
        .iter()
        .enumerate()
        .map(|(index, space)| {
            let twin = url::join(&space.dir, inner).and_then(|s| site.page_index(&s));
            let target = twin
                .filter(|&t| site.pages[t].space == index)
                .or(space.home);
            SpaceLink {
                title: &space.title,
                language: &space.language,
                href: match target {
                    Some(t) => url::relative(from, &site.pages[t].link),
                    None => format!("{}index.html", url::root_prefix(from)),
                },
                current: index == current,
            }
        })
        .collect()
}

/// The interface strings the theme's scripts show (`quire.js`, `search.js`),
/// handed to them in each space's `nav.js`, which every page loads first.
const SCRIPT_STRINGS: &[&str] = &[
    "subpages",
    "external",
    "copy",
    "copied",
    "table",
    "more",
    "less",
    "no_results",
    "loading",
    "search_failed",
];

/// The whole navigation tree once, as a script every page can load (a
/// script, not JSON, so that it also loads from `file://`):
/// `window.quireNav = {groups: [{t, c}], nodes: [{t, l, k, h, c}]}` where
/// `t` is a title, `l` the SUMMARY link's own title (the entry's tooltip;
/// absent when it has none), `k` the kind (`page`, `external`, `caption`,
/// `separator`, `hidden`), `h` an href relative to the output root (absent
/// for captions and hidden pages), and `c` the indices of visible child
/// nodes.
fn nav_script(site: &Site, nav: &Nav, strings: &theme::Strings) -> String {
    #[derive(serde::Serialize)]
    struct Entry<'a> {
        t: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        l: Option<&'a str>,
        k: &'static str,
        #[serde(skip_serializing_if = "Option::is_none")]
        h: Option<String>,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        c: Vec<usize>,
    }
    let entries: Vec<Entry> = nav
        .nodes
        .iter()
        .map(|n| Entry {
            t: &n.title,
            l: n.label.as_deref(),
            k: match &n.target {
                Target::Page { page, .. } if site.pages[*page].meta.hidden => "hidden",
                Target::Page { .. } => "page",
                Target::External(_) => "external",
                Target::Caption => "caption",
                Target::Separator => "separator",
            },
            h: match &n.target {
                Target::Page { page, anchor } if !site.pages[*page].meta.hidden => {
                    let mut href = url::encode_path(&site.pages[*page].link);
                    if let Some(anchor) = anchor {
                        href = format!("{href}#{}", url::encode_fragment(anchor));
                    }
                    Some(href)
                }
                Target::External(u) => Some(u.clone()),
                _ => None,
            },
            c: n.children
                .iter()
                .copied()
                .filter(|&c| is_visible(site, nav, c))
                .collect(),
        })
        .collect();
    #[derive(serde::Serialize)]
    struct Group<'a> {
        #[serde(skip_serializing_if = "Option::is_none")]
        t: Option<&'a str>,
        c: &'a [usize],
    }
    let groups: Vec<Group> = nav
        .groups
        .iter()
        .map(|g| Group {
            t: g.title.as_deref(),
            c: &g.children,
        })
        .collect();
    let json = serde_json::json!({ "groups": groups, "nodes": entries }).to_string();
    let script_strings: std::collections::BTreeMap<&str, &str> = SCRIPT_STRINGS
        .iter()
        .filter_map(|&k| Some((k, strings.get(k)?.as_str())))
        .collect();
    let strings = serde_json::to_string(&script_strings).unwrap_or_else(|_| "{}".into());
    // `</script>` inside a title must not end an inline script if one embeds this.
    format!(
        "window.quireNav={};\nwindow.quireStrings={};\n",
        json.replace("</", "<\\/"),
        strings.replace("</", "<\\/")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Overrides;

    #[test]
    fn a_page_in_another_language_than_its_space_is_marked() {
        let page = |text: &str| {
            let shown = std::path::Path::new("p.md");
            Page::parse("p.md".into(), "p.html".into(), text.into(), shown).0
        };
        let chinese = page("# 聯絡人顯示名稱規則\n\n客戶最常問的問題之一是名稱為什麼不一樣。");
        let english = page("# Setup\n\nInstall the agent.");
        assert_eq!(page_language(&chinese, "en"), Some("zh-TW"));
        assert_eq!(page_language(&english, "zh-TW"), Some("en"));
        // The same language, or only another script of it, is left alone.
        assert_eq!(page_language(&chinese, "zh-TW"), None);
        assert_eq!(page_language(&chinese, "zh-Hans"), None);
        assert_eq!(page_language(&english, "en-GB"), None);
        // The front matter says better than the guess.
        let declared = page("---\nlang: zh_cn\n---\n# Setup\n\nInstall the agent.");
        assert_eq!(page_language(&declared, "en"), Some("zh-CN"));
        assert_eq!(page_language(&declared, "zh-CN"), None);
    }

    /// Issue 24 §6: a group caption and the page under it with one title.
    #[test]
    fn issue_24_repeated_breadcrumb_steps_collapse_into_the_linked_one() {
        let dir = crate::fs::temp_space(&[
            (
                "SUMMARY.md",
                "# Summary\n\n## Writing guide\n\n* [Writing guide](guide/README.md)\n  * [Hints](guide/hints.md)\n    * [Hints](guide/more.md)\n\n## Other\n\n* [Setup](setup.md)\n  * [Install](install.md)\n",
            ),
            ("guide/README.md", "# Writing guide\n"),
            ("guide/hints.md", "# Hints\n"),
            ("guide/more.md", "# More hints\n"),
            ("setup.md", "# Setup\n"),
            ("install.md", "# Install\n"),
        ]);
        let (config, _) = Config::load(&Overrides {
            dir: dir.path().to_path_buf(),
            ..Default::default()
        })
        .unwrap();
        let (site, _) = crate::content::load(&config).unwrap();
        let trail = |source: &str| -> Vec<(String, Option<String>)> {
            let page = site.page_index(source).unwrap();
            breadcrumbs(&site, page)
                .into_iter()
                .map(|c| (c.title, c.href))
                .collect()
        };
        let linked = |title: &str, href: &str| (title.to_string(), Some(href.to_string()));
        assert_eq!(
            trail("guide/hints.md"),
            [linked("Writing guide", "index.html")]
        );
        assert_eq!(
            trail("guide/more.md"),
            [
                linked("Writing guide", "index.html"),
                linked("Hints", "hints.html")
            ]
        );
        assert_eq!(
            trail("install.md"),
            [("Other".to_string(), None), linked("Setup", "setup.html")]
        );
    }

    #[test]
    fn one_page_renders_as_in_the_whole_site() {
        let dir = crate::fs::temp_space(&[
            ("README.md", "# Home\n\nSee [B](b.md#part)."),
            (
                "a.md",
                "# A\n\n{% content-ref url=\"b.md\" %}\n[b](b.md)\n{% endcontent-ref %}",
            ),
            (
                "b.md",
                "---\ndescription: About B\n---\n# B\n\n## Part\n\nback to [A](a.md)",
            ),
            ("c.md", "# C\n\n[missing](nowhere.md)"),
        ]);
        let (config, _) = Config::load(&Overrides {
            dir: dir.path().to_path_buf(),
            ..Default::default()
        })
        .unwrap();
        let (site, _) = crate::content::load(&config).unwrap();
        let theme = Theme::load(None).unwrap();
        let highlights = crate::markdown::highlight_cache::Cache::default();
        let every: Vec<usize> = (0..site.pages.len()).collect();
        let bodies = crate::markdown::render_bodies(&site, &config, &highlights, &every);
        let (all, _) = render_site(&site, &bodies, &theme, &config).unwrap();
        let all_diagnostics: Vec<&Diagnostic> =
            bodies.iter().flat_map(|b| &b.diagnostics).collect();
        assert!(!all_diagnostics.is_empty(), "c.md links nowhere");
        for source in ["a.md", "b.md", "c.md"] {
            let index = site.page_index(source).unwrap();
            let body = crate::markdown::render_bodies(&site, &config, &highlights, &[index]);
            let (one, _) = render_pages(&site, &theme, &config, &[index], &body).unwrap();
            let whole = all.iter().find(|f| f.path == one[0].path).unwrap();
            assert_eq!(one.len(), 1);
            assert!(one[0].bytes == whole.bytes, "{source} differs");
            let shown = std::path::Path::new(source);
            let expected: Vec<String> = all_diagnostics
                .iter()
                .filter(|d| d.path == shown)
                .map(|d| d.to_string())
                .collect();
            let got: Vec<String> = body[0].diagnostics.iter().map(|d| d.to_string()).collect();
            assert_eq!(got, expected);
        }
    }
}
