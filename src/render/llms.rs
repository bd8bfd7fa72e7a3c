//! `llms.txt` and `llms-full.txt` (the llmstxt.org format) at the root of
//! each space, and for a site of several spaces an `llms.txt` at the site
//! root that lists them.
//!
//! - `llms.txt`: `# Title`, `> description`, then a `## Group` per SUMMARY
//!   group with a `- [Page](twin.md): description` line per page, in
//!   SUMMARY order. `noIndex` and `hidden` pages are left out.
//! - `llms-full.txt`: every page's Markdown twin in reading order, each
//!   under its title with its URL; `noIndex` pages are left out, `hidden`
//!   ones kept.
//!
//! Links are relative to the file, absolute with `base_url`; they lead to
//! the twins, or to the HTML pages when twins are turned off.

use super::twin::{escape_inline, link, twin_path};
use super::OutputFile;
use crate::config::Config;
use crate::content::nav::Target;
use crate::content::page::Page;
use crate::content::{Site, Space};
use crate::text::url;

/// The llms files of every space, and the site's list of spaces.
/// `twins[i]` is page `i`'s Markdown twin.
pub(crate) fn files(site: &Site, config: &Config, twins: &[impl AsRef<str>]) -> Vec<OutputFile> {
    let mut files = vec![];
    for (index, space) in site.spaces.iter().enumerate() {
        let list = in_space(space, "llms.txt");
        files.push(OutputFile {
            bytes: llms_txt(site, config, space, &list).into_bytes(),
            path: list,
        });
        files.push(full_file(site, config, index, twins));
    }
    let every_space_in_a_folder = site.spaces.iter().all(|s| !s.dir.is_empty());
    if site.is_multi_space() && every_space_in_a_folder {
        files.push(OutputFile {
            path: "llms.txt".into(),
            bytes: site_list(site, config).into_bytes(),
        });
    }
    files
}

/// The `llms-full.txt` of the space at `space`.
pub(crate) fn full_file(
    site: &Site,
    config: &Config,
    space: usize,
    twins: &[impl AsRef<str>],
) -> OutputFile {
    let path = in_space(&site.spaces[space], "llms-full.txt");
    OutputFile {
        bytes: llms_full(site, config, space, &path, twins).into_bytes(),
        path,
    }
}

/// The output path of the file `name` at a space's root.
fn in_space(space: &Space, name: &str) -> String {
    url::join(&space.dir, name).unwrap_or_else(|| name.into())
}

/// Whether `llms.txt` lists a page.
fn is_listed(page: &Page) -> bool {
    !page.meta.no_index && !page.meta.hidden
}

fn llms_txt(site: &Site, config: &Config, space: &Space, path: &str) -> String {
    let title = match site.is_multi_space() {
        true => &space.title,
        false => &site.title,
    };
    let mut out = format!("# {}\n\n", escape_inline(title));
    let home = space.home.map(|i| &*site.pages[i]);
    if let Some(description) = home.and_then(description) {
        out.push_str(&format!("> {description}\n\n"));
    }
    let nav = &space.nav;
    let mut listed = std::collections::HashSet::new();
    for group in &nav.groups {
        let mut lines = String::new();
        // Depth first, without recursion: SUMMARY nests without a bound.
        let mut stack: Vec<usize> = group.children.iter().rev().copied().collect();
        while let Some(node) = stack.pop() {
            let node = &nav.nodes[node];
            stack.extend(node.children.iter().rev());
            let (text, href, about) = match &node.target {
                Target::Page { page, anchor: None } => {
                    let page_ref = &*site.pages[*page];
                    if !is_listed(page_ref) || !listed.insert(*page) {
                        continue;
                    }
                    let href = page_href(config, path, page_ref);
                    (&node.title, href, description(page_ref))
                }
                Target::External(href) => (&node.title, href.clone(), None),
                _ => continue,
            };
            let about = about.map(|d| format!(": {d}")).unwrap_or_default();
            lines.push_str(&format!("- {}{about}\n", link(text, &href)));
        }
        if !lines.is_empty() {
            let caption = group.title.as_deref().unwrap_or("Docs");
            out.push_str(&format!("## {}\n\n{lines}\n", escape_inline(caption)));
        }
    }
    finish(out)
}

fn llms_full(
    site: &Site,
    config: &Config,
    space: usize,
    path: &str,
    twins: &[impl AsRef<str>],
) -> String {
    let nav = &site.spaces[space].nav;
    let in_nav: std::collections::HashSet<usize> = nav.order.iter().copied().collect();
    let rest =
        (0..site.pages.len()).filter(|i| site.pages[*i].space == space && !in_nav.contains(i));
    let pages: Vec<usize> = nav.order.iter().copied().chain(rest).collect();
    let size = pages.iter().map(|&i| twins[i].as_ref().len() + 64).sum();
    let mut out = String::with_capacity(size);
    for i in pages {
        let page = &*site.pages[i];
        if page.meta.no_index {
            continue;
        }
        let twin = twins[i].as_ref();
        let (title, body) = twin.split_once('\n').unwrap_or((twin, ""));
        let href = page_href(config, path, page);
        for part in [title, "\n\nSource: <", &href, ">\n", body, "\n"] {
            out.push_str(part);
        }
    }
    finish(out)
}

/// The site's `llms.txt`: one line per space, linking to its own.
fn site_list(site: &Site, config: &Config) -> String {
    let mut out = format!("# {}\n\n## Spaces\n\n", escape_inline(&site.title));
    for space in &site.spaces {
        let target = url::join(&space.dir, "llms.txt").unwrap_or_default();
        out.push_str(&format!(
            "- {}\n",
            link(&space.title, &href(config, "llms.txt", &target))
        ));
    }
    finish(out)
}

/// Where a page is read: its twin, or its HTML page when twins are off.
fn page_href(config: &Config, from: &str, page: &Page) -> String {
    match config.outputs.markdown {
        true => href(config, from, &twin_path(page, config.pretty_urls)),
        false => href(config, from, &page.link),
    }
}

/// A link from the file at `from` to the output path `to`: relative, or
/// absolute under `base_url`.
fn href(config: &Config, from: &str, to: &str) -> String {
    match config.base_url.as_deref() {
        Some(base) => format!("{}/{}", base.trim_end_matches('/'), url::encode_path(to)),
        None => url::relative(from, to),
    }
}

/// A page's description as text: authors write it as plain text, so no
/// link or HTML in it may become one in the list.
fn description(page: &Page) -> Option<String> {
    let description = escape_inline(page.meta.description.as_deref()?);
    (!description.is_empty()).then_some(description)
}

fn finish(mut out: String) -> String {
    let end = out.trim_end().len();
    out.truncate(end);
    out.push('\n');
    out
}
