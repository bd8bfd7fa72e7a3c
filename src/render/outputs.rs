//! What a build writes beside the HTML pages for readers and machines, as
//! `outputs:` in quire.yaml says: a Markdown twin of every page (`twin`),
//! `llms.txt` / `llms-full.txt` (`llms`), and each space as one printable
//! document (`print`).

use super::{twin, OutputFile, Theme};
use crate::config::Config;
use crate::content::Site;
use crate::error::Diagnostic;
use crate::markdown::Rendered;
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};

/// Each space as one printable document (`bodies[i]` is page `i`'s body),
/// when `outputs.print` is on, and what could not be printed. Made while
/// the build still holds every body's HTML, before the pages let it go.
pub(crate) fn print(
    site: &Site,
    config: &Config,
    theme: &Theme,
    bodies: &[Rendered],
) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    match config.outputs.print {
        true => super::print::files(site, config, theme, bodies),
        false => (vec![], vec![]),
    }
}

/// The twins and llms files, and what could not be written as clean Markdown.
pub(crate) fn files(site: &Site, config: &Config) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let outputs = config.outputs;
    if !outputs.markdown && !outputs.llms {
        return (vec![], vec![]);
    }
    let all: Vec<usize> = (0..site.pages.len()).collect();
    let (twins, diagnostics) = render_twins(site, config, &all);
    let mut files = vec![];
    if outputs.llms {
        files.extend(super::llms::files(site, config, &twins));
    }
    if outputs.markdown {
        files.extend(twin_files(site, config, &all, twins));
    }
    (files, diagnostics)
}

/// The Markdown twins of the pages at `indices`, when twins are written:
/// `quire serve` rewrites those of the pages an edit re-renders.
pub(crate) fn page_twins(
    site: &Site,
    config: &Config,
    indices: &[usize],
) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    if !config.outputs.markdown {
        return (vec![], vec![]);
    }
    let (twins, diagnostics) = render_twins(site, config, indices);
    (twin_files(site, config, indices, twins), diagnostics)
}

/// `llms-full.txt` again for the spaces of the pages at `edited`, after
/// `quire serve` re-rendered them alone: each page's twin is borrowed from
/// `written` (the files the site holds by path, whose twins of the edited
/// pages are already the new ones), and rendered only where none is written
/// (twins turned off). `llms.txt` stays: it shows titles, descriptions and
/// what is listed, and an edit that changes those renders the whole site.
pub(crate) fn llms_full_after_edit(
    site: &Site,
    config: &Config,
    edited: &[usize],
    written: &HashMap<&str, &[u8]>,
) -> Vec<OutputFile> {
    if !config.outputs.llms {
        return vec![];
    }
    let spaces: BTreeSet<usize> = edited.iter().map(|&i| site.pages[i].space).collect();
    let style = style(config);
    // Borrowed, not copied: copying every twin cost more than the edit itself.
    let twins: Vec<Cow<str>> = (0..site.pages.len())
        .into_par_iter()
        .map(|i| {
            if !spaces.contains(&site.pages[i].space) {
                return Cow::Borrowed("");
            }
            let path = twin::twin_path(&site.pages[i], config.pretty_urls);
            match written.get(path.as_str()) {
                Some(bytes) => String::from_utf8_lossy(bytes),
                None => {
                    let shown = config.display_path(&config.space.join(&site.pages[i].source));
                    Cow::Owned(twin_guarded(site, i, style, &shown).0)
                }
            }
        })
        .collect();
    spaces
        .into_iter()
        .map(|space| super::llms::full_file(site, config, space, &twins))
        .collect()
}

fn style(config: &Config) -> twin::Style {
    twin::Style {
        pretty: config.pretty_urls,
        link_twins: config.outputs.markdown,
    }
}

fn twin_files(
    site: &Site,
    config: &Config,
    indices: &[usize],
    twins: Vec<String>,
) -> Vec<OutputFile> {
    indices
        .iter()
        .zip(twins)
        .map(|(&i, text)| OutputFile {
            path: twin::twin_path(&site.pages[i], config.pretty_urls),
            bytes: text.into_bytes(),
        })
        .collect()
}

/// The twins of the pages at `indices`, in parallel, and their findings.
fn render_twins(site: &Site, config: &Config, indices: &[usize]) -> (Vec<String>, Vec<Diagnostic>) {
    let style = style(config);
    let rendered: Vec<(String, Vec<Diagnostic>)> = indices
        .par_iter()
        .map(|&i| {
            let shown = config.display_path(&config.space.join(&site.pages[i].source));
            twin_guarded(site, i, style, &shown)
        })
        .collect();
    let mut diagnostics = vec![];
    let mut twins = Vec::with_capacity(rendered.len());
    for (text, found) in rendered {
        twins.push(text);
        diagnostics.extend(found);
    }
    (twins, diagnostics)
}

/// A twin, or a note in its place when writing it panicked: one page's
/// bug must not cost the site its build.
fn twin_guarded(
    site: &Site,
    index: usize,
    style: twin::Style,
    shown: &std::path::Path,
) -> (String, Vec<Diagnostic>) {
    let attempt = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        twin::render(site, index, style, shown)
    }));
    attempt.unwrap_or_else(|panic| {
        let message = crate::error::panic_message(&*panic);
        let text = format!("# {}\n\nThis page could not be written as Markdown.\n", site.pages[index].title);
        let d = Diagnostic::error(
            "internal",
            shown,
            format!("internal error while writing this page's Markdown twin ({message}); please report this"),
        );
        (text, vec![d])
    })
}
