//! `print.html`: each space as one document to print or save as PDF, as
//! GitBook's PDF export and mdBook's `print.html` give.
//!
//! 1. Choose its path (`paths`): `print.html` at the space's root, or
//!    `print-space.html` when a page or file of the space is published
//!    there (that one wins, with a warning).
//! 2. Take the pages in SUMMARY order, then the space's pages outside it;
//!    `noIndex` pages are left out, `hidden` ones kept, as in
//!    `llms-full.txt`.
//! 3. Rewrite each page's rendered body for the document (`rewrite`):
//!    read by `quick` when it is in the shape quire writes, else by
//!    lol_html; both ask `place` what each start tag changes.
//! 4. Fill the theme's `print.html`: a cover (site title, space title,
//!    date), a table of contents in SUMMARY order, then the pages, each
//!    starting on a new sheet (the theme's print CSS).

mod place;
mod quick;
mod rewrite;

use super::context::DateView;
use super::{OutputFile, Theme};
use crate::config::Config;
use crate::content::nav::Target;
use crate::content::{Site, Space};
use crate::error::Diagnostic;
use crate::markdown::Rendered;
use crate::text::url;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, PoisonError};

/// The document's name at the root of a space.
pub(crate) const FILE: &str = "print.html";
/// Its name when a page or file of the space already is `print.html`.
pub(crate) const FALLBACK: &str = "print-space.html";

/// Where each space's document goes, by space index; `None` everywhere
/// when `outputs.print` is off, or for a space whose both names are taken.
pub(crate) fn paths(site: &Site, config: &Config) -> Vec<Option<String>> {
    if !config.outputs.print {
        return vec![None; site.spaces.len()];
    }
    let taken = taken_paths(site);
    site.spaces
        .iter()
        .map(|space| {
            [FILE, FALLBACK]
                .into_iter()
                .filter_map(|name| url::join(&space.dir, name))
                .find(|path| !taken.contains(path.as_str()))
        })
        .collect()
}

/// The output paths the space's own pages and files take.
fn taken_paths(site: &Site) -> HashSet<&str> {
    site.pages
        .iter()
        .map(|p| p.output.as_str())
        .chain(site.files.iter().map(|f| f.output.as_str()))
        .collect()
}

/// Every space's document, and a warning for each that had to give its
/// name up. `bodies[i]` is page `i`'s rendered body.
pub(crate) fn files(
    site: &Site,
    config: &Config,
    theme: &Theme,
    bodies: &[Rendered],
) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let mut files = vec![];
    let mut diagnostics = vec![];
    for (index, path) in paths(site, config).into_iter().enumerate() {
        let space = &site.spaces[index];
        if let Some(warning) = name_given_up(site, config, space, path.as_deref()) {
            diagnostics.push(warning);
        }
        let Some(path) = path else { continue };
        match document(site, config, theme, bodies, index, &path) {
            Ok((html, warnings)) => {
                diagnostics.extend(warnings);
                files.push(OutputFile {
                    path,
                    bytes: html.into_bytes(),
                });
            }
            Err(e) => diagnostics.push(Diagnostic::error(
                "theme",
                std::path::PathBuf::from(FILE),
                format!("the theme's `{FILE}` template failed, so `{path}` is not written: {e:#}"),
            )),
        }
    }
    (files, diagnostics)
}

/// The warning for a space whose `print.html` is one of its own pages or
/// files, naming that one and where the document went instead.
fn name_given_up(
    site: &Site,
    config: &Config,
    space: &Space,
    path: Option<&str>,
) -> Option<Diagnostic> {
    let wanted = url::join(&space.dir, FILE)?;
    if path == Some(wanted.as_str()) {
        return None;
    }
    let source = site
        .pages
        .iter()
        .find(|p| p.output == wanted)
        .map(|p| p.source.as_str())
        .or_else(|| {
            site.files
                .iter()
                .find(|f| f.output == wanted)
                .map(|f| f.source.as_str())
        })?;
    let instead = match path {
        Some(path) => format!("the space's printable document is written as `{path}`"),
        None => "the space's printable document is not written (`print-space.html` is taken too)"
            .to_string(),
    };
    Some(Diagnostic::warning(
        "reserved",
        config.display_path(&config.space.join(source)),
        format!("this is published as `{wanted}`, where quire puts the space's printable document; {instead}"),
    ))
}

/// The pages a space's document prints, in order: SUMMARY's, then the
/// space's pages outside it; `noIndex` pages are left out.
fn printed_pages(site: &Site, space: usize) -> Vec<usize> {
    let nav = &site.spaces[space].nav;
    let in_nav: HashSet<usize> = nav.order.iter().copied().collect();
    let rest =
        (0..site.pages.len()).filter(|i| site.pages[*i].space == space && !in_nav.contains(i));
    let mut seen = HashSet::new();
    nav.order
        .iter()
        .copied()
        .chain(rest)
        .filter(|&i| !site.pages[i].meta.no_index && seen.insert(i))
        .collect()
}

#[derive(Serialize)]
struct PrintContext<'a> {
    site: super::context::SiteInfo<'a>,
    space: PrintSpace<'a>,
    root: String,
    t: &'a super::theme::Strings,
    date: DateView,
    contents: Vec<ContentsEntry<'a>>,
    pages: Vec<PrintedPage<'a>>,
}

#[derive(Serialize)]
struct PrintSpace<'a> {
    title: &'a str,
    language: &'a str,
}

/// A line of the table of contents: a group caption (no `href`) or a page.
#[derive(Serialize)]
struct ContentsEntry<'a> {
    title: &'a str,
    href: Option<String>,
    /// 0 for a caption, 1 for a top-level page, 2 below it, …
    depth: usize,
}

#[derive(Serialize)]
struct PrintedPage<'a> {
    id: String,
    title: &'a str,
    description: Option<&'a str>,
    language: Option<&'a str>,
    body: String,
}

fn document(
    site: &Site,
    config: &Config,
    theme: &Theme,
    bodies: &[Rendered],
    space_index: usize,
    path: &str,
) -> anyhow::Result<(String, Vec<Diagnostic>)> {
    let space = &site.spaces[space_index];
    let printed = printed_pages(site, space_index);
    let anchor = |number: usize, fragment: &str| site.pages[printed[number - 1]].anchor(fragment);
    let places = place::Places {
        doc: path,
        pages: page_places(site, config, &printed),
        anchor: &anchor,
    };
    // The template gets a marker in place of each body, and the bodies are
    // spliced in after: Tera copies its whole context, and at 10,000 pages
    // the bodies alone are over 100 MB.
    let markers = Markers::new();
    let pages: Vec<PrintedPage> = printed
        .iter()
        .enumerate()
        .map(|(n, &i)| {
            let page = &site.pages[i];
            PrintedPage {
                id: place::part_id(n + 1),
                title: site.nav_title(i),
                description: page.meta.description.as_deref(),
                language: super::page_language(page, &space.language),
                body: markers.body(n),
            }
        })
        .collect();
    let context = PrintContext {
        site: super::site_info(site, config, theme, &space.language),
        space: PrintSpace {
            title: &space.title,
            language: &space.language,
        },
        root: url::root_prefix(path),
        t: theme.strings_for(&space.language),
        date: cover_date(site, space, &printed),
        contents: contents(site, space, &printed),
        pages,
    };
    let frame = theme.render(FILE, &context)?;
    let left_open = Mutex::new(vec![]);
    let body = |n: usize| {
        let i = printed[n];
        let part = rewrite::part(&bodies[i].html, &site.pages[i].output, n + 1, &places);
        if !part.left_open.is_empty() || !part.closed_early.is_empty() {
            let at_end = (part.left_open, part.left_open_at);
            let early = (part.closed_early, part.closed_early_at);
            left_open
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push((i, at_end, early));
        }
        part.html
    };
    let html = splice_bodies(&frame, &markers, printed.len(), body).ok_or_else(|| {
        anyhow::anyhow!("the template must show each page's `body` once, in order")
    })?;
    let mut left_open = left_open
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner);
    left_open.sort_unstable();
    let warnings = left_open
        .into_iter()
        .flat_map(|(i, at_end, early)| {
            let at_end = (!at_end.0.is_empty()).then(|| {
                left_open_warning(
                    site,
                    config,
                    i,
                    at_end,
                    &format!("`{path}` closes it at the end of the page"),
                )
            });
            let early = (!early.0.is_empty()).then(|| {
                left_open_warning(
                    site,
                    config,
                    i,
                    early,
                    &format!("`{path}` closes it where the element around it ends"),
                )
            });
            at_end.into_iter().chain(early)
        })
        .collect();
    Ok((html, warnings))
}

/// The warning for page `i`, whose HTML leaves `open` open: the document
/// closes them (`closed`), the page itself still takes in what follows.
/// It points at the line of the first one's start tag (`written`) when the
/// page's source has that tag once.
fn left_open_warning(
    site: &Site,
    config: &Config,
    i: usize,
    (open, written): (Vec<String>, Option<String>),
    closed: &str,
) -> Diagnostic {
    let page = &site.pages[i];
    let open = open
        .iter()
        .map(|o| format!("`{o}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let warning = Diagnostic::warning(
        "html",
        config.display_path(&config.space.join(&page.source)),
        format!(
            "this page's HTML leaves {open} open, so the rest of the page is inside it; {closed}"
        ),
    );
    match written.and_then(|tag| only_place(&page.text, &tag)) {
        Some(at) => warning.at_offset(&page.text, at),
        None => warning,
    }
}

/// Where `needle` is in `text`, when it is there once.
fn only_place(text: &str, needle: &str) -> Option<usize> {
    let mut found = text.match_indices(needle).map(|(at, _)| at);
    let at = found.next()?;
    found.next().is_none().then_some(at)
}

/// What the template shows in place of each body. A number drawn anew for
/// every document keeps the markers apart from any text a page could bring
/// (a title may hold control characters, and any words).
struct Markers {
    /// How every marker starts.
    prefix: String,
}

impl Markers {
    fn new() -> Self {
        use std::hash::BuildHasher;
        let nonce = std::collections::hash_map::RandomState::new().hash_one("quire-print");
        Markers {
            prefix: format!("\u{1}quire-print-body-{nonce:016x}-"),
        }
    }

    /// The marker of the `n`th printed page's body (from 0).
    fn body(&self, n: usize) -> String {
        format!("{}{n}\u{1}", self.prefix)
    }
}

/// `frame` with each body marker replaced by its body, made a few hundred
/// at a time on every core and let go once copied in; `None` when the
/// markers are not each there once, in order.
fn splice_bodies(
    frame: &str,
    markers: &Markers,
    count: usize,
    body: impl Fn(usize) -> String + Sync,
) -> Option<String> {
    const CHUNK: usize = 256;
    if frame.matches(&markers.prefix).count() != count {
        return None;
    }
    let mut out = String::with_capacity(frame.len());
    let mut rest = frame;
    for from in (0..count).step_by(CHUNK) {
        let to = (from + CHUNK).min(count);
        let made: Vec<String> = (from..to).into_par_iter().map(&body).collect();
        for (n, html) in (from..to).zip(made) {
            let (before, after) = rest.split_once(&markers.body(n))?;
            out.push_str(before);
            out.push_str(&html);
            rest = after;
        }
    }
    out.push_str(rest);
    Some(out)
}

/// Every path a link of a printed page may use for another: its output,
/// its link path (`a/b/` with pretty URLs) and its Markdown twin.
fn page_places(site: &Site, config: &Config, printed: &[usize]) -> HashMap<String, usize> {
    let mut places = HashMap::with_capacity(printed.len() * 3);
    for (n, &i) in printed.iter().enumerate() {
        let page = &site.pages[i];
        places.insert(page.output.clone(), n + 1);
        places.insert(page.link.trim_end_matches('/').to_string(), n + 1);
        places.insert(super::twin::twin_path(page, config.pretty_urls), n + 1);
    }
    places
}

/// The date on the cover: the newest page's, so that the same sources
/// print the same document; today for pages without one.
fn cover_date(site: &Site, space: &Space, printed: &[usize]) -> DateView {
    let iso = printed
        .iter()
        .filter_map(|&i| site.pages[i].updated.as_deref())
        .max()
        .map_or_else(crate::content::history::today, str::to_string);
    DateView {
        text: space.dates.format(&iso),
        iso,
    }
}

/// The table of contents: SUMMARY's captions and pages, indented as there,
/// then the pages outside it; each line links to its part.
fn contents<'a>(site: &'a Site, space: &'a Space, printed: &[usize]) -> Vec<ContentsEntry<'a>> {
    let number: HashMap<usize, usize> = printed
        .iter()
        .enumerate()
        .map(|(n, &i)| (i, n + 1))
        .collect();
    let nav = &space.nav;
    let mut entries = vec![];
    let mut listed = HashSet::new();
    for group in &nav.groups {
        if let Some(title) = group.title.as_deref() {
            entries.push(ContentsEntry {
                title,
                href: None,
                depth: 0,
            });
        }
        // Depth first, without recursion: SUMMARY nests without a bound.
        let mut stack: Vec<(usize, usize)> = group.children.iter().rev().map(|&n| (n, 1)).collect();
        while let Some((node, depth)) = stack.pop() {
            stack.extend(
                nav.nodes[node]
                    .children
                    .iter()
                    .rev()
                    .map(|&c| (c, depth + 1)),
            );
            if let Target::Page { page, anchor: None } = nav.nodes[node].target {
                if let Some(&n) = number.get(&page).filter(|_| listed.insert(page)) {
                    entries.push(ContentsEntry {
                        title: &nav.nodes[node].title,
                        href: Some(format!("#{}", place::part_id(n))),
                        depth,
                    });
                }
            }
        }
    }
    for &i in printed.iter().filter(|i| !listed.contains(*i)) {
        entries.push(ContentsEntry {
            title: site.nav_title(i),
            href: Some(format!("#{}", place::part_id(number[&i]))),
            depth: 1,
        });
    }
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(markers: &Markers, order: &[usize]) -> String {
        let parts: Vec<String> = order
            .iter()
            .map(|&n| format!("<article>{}</article>", markers.body(n)))
            .collect();
        format!("<main>{}</main>", parts.concat())
    }

    #[test]
    fn bodies_are_spliced_in_place_of_their_markers_in_order() {
        let count = 600; // more than one chunk
        let markers = Markers::new();
        let order: Vec<usize> = (0..count).collect();
        let spliced = splice_bodies(&frame(&markers, &order), &markers, count, |n| {
            format!("<p>{n}</p>")
        })
        .unwrap();
        let expected: String = (0..count)
            .map(|n| format!("<article><p>{n}</p></article>"))
            .collect();
        assert_eq!(spliced, format!("<main>{expected}</main>"));
    }

    #[test]
    fn a_template_that_drops_repeats_or_reorders_bodies_is_refused() {
        let body = |n: usize| n.to_string();
        let m = Markers::new();
        let splice = |order: &[usize], count| splice_bodies(&frame(&m, order), &m, count, body);
        assert!(splice(&[0, 2], 3).is_none(), "dropped");
        assert!(splice(&[0, 1, 1], 2).is_none(), "repeated");
        assert!(splice(&[1, 0], 2).is_none(), "reordered");
    }

    #[test]
    fn a_marker_written_in_a_page_is_text_like_any_other() {
        let markers = Markers::new();
        let forged = "\u{1}quire-print-body-1\u{1}";
        assert!(!markers.body(1).contains(forged) && !forged.contains(&markers.prefix));
        let framed = format!("<h1>{forged}</h1>{}", frame(&markers, &[0, 1]));
        let spliced = splice_bodies(&framed, &markers, 2, |n| n.to_string()).unwrap();
        assert_eq!(
            spliced,
            format!("<h1>{forged}</h1><main><article>0</article><article>1</article></main>")
        );
        assert_ne!(Markers::new().prefix, markers.prefix, "drawn anew");
    }
}
