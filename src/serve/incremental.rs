//! A body edit re-renders only the edited pages.
//!
//! 1. Re-read each changed page into the kept site (`Site::reload_page`).
//!    If any of them changed what other pages show (title, anchors, shown
//!    front matter), is included by another page, or is new, deleted or
//!    generated, give up: the caller renders the whole site.
//! 2. Render those pages alone (`render::render_pages`), exactly as a full
//!    render would.
//! 3. Replace their diagnostics in the site's report, their files (page,
//!    Markdown twin) in the kept files and the served snapshot, and announce
//!    the reload (or the errors). The search index and `llms-full.txt`
//!    follow on the search worker's thread. `print.html` waits for the next
//!    full render: it needs every page's rendered body, which is not kept.
//!
//! Edits to include files (`.gitbook/includes/…`) take the full path: the
//! includes are not re-read here.

use super::{count_pages, may_include, Including, Loaded, SearchJob, Session};
use crate::content::{Reach, Reloaded, Site};
use crate::error::Diagnostic;
use crate::render::OutputFile;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

/// Load-time diagnostics about a page that re-reading it does not produce
/// again: they belong to the site, so an edit keeps them.
const SITE_LEVEL_KINDS: &[&str] = &["output-path"];

impl Session {
    /// Re-render just the pages in `sources`, when their edits reach no other
    /// page. `None` means the whole site must be rendered.
    pub(super) fn rebuild_pages(
        &mut self,
        sources: &BTreeSet<String>,
        changed: &[String],
        shared: &super::Shared,
        started: Instant,
    ) -> Option<SearchJob> {
        if changed.iter().any(|c| self.layout.includes.contains(c)) {
            return None;
        }
        let loaded = self.loaded.as_mut()?;
        let site = Arc::make_mut(&mut loaded.site);
        let reloaded = reload_body_edits(site, &self.config, sources)?;
        let indices: Vec<usize> = reloaded.iter().map(|r| r.index).collect();
        if indices
            .iter()
            .any(|&i| is_included_elsewhere(site, &loaded.including, i))
        {
            return None;
        }
        let mut bodies =
            crate::markdown::render_bodies(site, &self.config, &self.highlights, &indices);
        let (files, render_diagnostics) =
            crate::render::render_pages(site, &self.theme, &self.config, &indices, &bodies)
                .map_err(|e| tracing::debug!("rendering the edited pages alone: {e:#}"))
                .ok()?;
        let (twins, twin_diagnostics) =
            crate::render::outputs::page_twins(site, &self.config, &indices);
        let fresh: Vec<Diagnostic> = reloaded
            .into_iter()
            .flat_map(|r| r.diagnostics)
            .chain(
                bodies
                    .iter_mut()
                    .flat_map(|b| std::mem::take(&mut b.diagnostics)),
            )
            .chain(render_diagnostics)
            .chain(twin_diagnostics)
            .collect();
        let shown = shown_paths(site, &self.config, &indices);
        replace_diagnostics(&mut loaded.report, &shown, &fresh);
        note_includes(loaded, &mut self.layout, &indices);
        let failing = failing(&files, &shown, &fresh);
        let files: Vec<OutputFile> = files.into_iter().chain(twins).collect();
        replace_files(&mut loaded.files, &files);
        for (&index, body) in indices.iter().zip(bodies) {
            loaded.sections[index] = Arc::new(body.sections);
        }
        let generation = publish_pages(shared, loaded, &files, &failing);
        let what = format!("rebuilt {}", count_pages(indices.len()));
        self.print_rebuilt(changed, &what, started);
        self.print_diagnostics(&fresh);
        let loaded = self.loaded.as_ref()?;
        Some(SearchJob {
            generation,
            site: Arc::clone(&loaded.site),
            config: self.config.clone(),
            sections: loaded.sections.clone(),
            llms: Some(LlmsRefresh {
                edited: indices,
                kept: loaded.files.clone(),
            }),
        })
    }
}

/// What `llms-full.txt` is made again from after an edit, on the search
/// worker: at 10,000 pages it is 64 MB, too much to rewrite before the reload.
pub(super) struct LlmsRefresh {
    /// The pages re-rendered: only their spaces' files change.
    edited: Vec<usize>,
    /// The site's files after the edit, with every page's twin.
    kept: Vec<Arc<OutputFile>>,
}

impl LlmsRefresh {
    /// `llms-full.txt` of the edited pages' spaces, from every page's twin,
    /// where the site publishes it (a space's own file stays in place of the
    /// generated one). `llms.txt` stays as it is: an edit that changes what
    /// it lists (titles, descriptions, hidden pages) renders the whole site.
    pub(super) fn files(&self, site: &Site, config: &crate::config::Config) -> Vec<OutputFile> {
        let written: HashMap<&str, &[u8]> = self
            .kept
            .iter()
            .map(|f| (f.path.as_str(), f.bytes.as_slice()))
            .collect();
        crate::render::outputs::llms_full_after_edit(site, config, &self.edited, &written)
            .into_iter()
            .filter(|f| written.contains_key(f.path.as_str()))
            .collect()
    }
}

/// Pages edited since their spaces' `llms-full.txt` was last served: the
/// edits of a job skipped for a newer one, or whose files came after newer
/// pages were served, go to the next job's refresh, which alone would
/// remake only its own pages' spaces.
#[derive(Debug, Default)]
pub(super) struct UnservedEdits(BTreeSet<usize>);

impl UnservedEdits {
    /// A job's refresh was not served (skipped, or too late). `None`: a
    /// full render, which served every space's files with its pages.
    pub(super) fn keep(&mut self, refresh: Option<&LlmsRefresh>) {
        match refresh {
            Some(refresh) => self.0.extend(&refresh.edited),
            None => self.0.clear(),
        }
    }

    /// The refresh about to run covers the unserved edits too.
    pub(super) fn hand_to(&mut self, refresh: Option<&mut LlmsRefresh>) {
        let unserved = std::mem::take(&mut self.0);
        if let Some(refresh) = refresh {
            let mut edited: BTreeSet<usize> = unserved;
            edited.extend(&refresh.edited);
            refresh.edited = edited.into_iter().collect();
        }
    }
}

/// Re-read every page of `sources`; `None` as soon as one cannot be re-read
/// in place or its edit reaches other pages.
fn reload_body_edits(
    site: &mut Site,
    config: &crate::config::Config,
    sources: &BTreeSet<String>,
) -> Option<Vec<Reloaded>> {
    let mut reloaded = Vec::with_capacity(sources.len());
    for source in sources {
        match site.reload_page(config, source) {
            Ok(r) if r.reach == Reach::OnlyThisPage => reloaded.push(r),
            Ok(_) => return None,
            Err(e) => {
                tracing::debug!("{e:#}: the whole site is rendered");
                return None;
            }
        }
    }
    Some(reloaded)
}

/// Whether another page may `{% include %}` this one (pages are includable).
fn is_included_elsewhere(site: &Site, including: &[Including], page: usize) -> bool {
    let source = &site.pages[page].source;
    including
        .iter()
        .any(|other| other.page != page && other.tags.may_name(source))
}

/// Each page's path as its diagnostics name it, by index of `indices`.
fn shown_paths(site: &Site, config: &crate::config::Config, indices: &[usize]) -> Vec<PathBuf> {
    indices
        .iter()
        .map(|&i| config.display_path(&config.space.join(&site.pages[i].source)))
        .collect()
}

/// The pages' old diagnostics go (but the site's own about them), the new come in.
fn replace_diagnostics(report: &mut crate::error::Report, shown: &[PathBuf], fresh: &[Diagnostic]) {
    report
        .diagnostics
        .retain(|d| SITE_LEVEL_KINDS.contains(&d.kind) || !shown.contains(&d.path));
    report.extend(fresh.iter().cloned());
    report.sort();
}

/// Keep the include bookkeeping true to the pages' new text.
fn note_includes(loaded: &mut Loaded, layout: &mut super::plan::Layout, indices: &[usize]) {
    for &i in indices {
        let page = &loaded.site.pages[i];
        loaded.including.retain(|other| other.page != i);
        loaded.including.extend(Including::of(i, &page.text));
        for (include, pages) in layout.includers.iter_mut() {
            pages.remove(&page.source);
            if may_include(page, include) {
                pages.insert(page.source.clone());
            }
        }
        for include in loaded.site.includes.keys() {
            if may_include(page, include) && !layout.includers.contains_key(include) {
                let pages = BTreeSet::from([page.source.clone()]);
                layout.includers.insert(include.clone(), pages);
            }
        }
    }
}

/// Put re-rendered files in place of their old versions.
fn replace_files(kept: &mut [Arc<OutputFile>], files: &[OutputFile]) {
    for file in files {
        if let Some(slot) = kept.iter_mut().find(|f| f.path == file.path) {
            *slot = Arc::new(file.clone());
        }
    }
}

/// Outputs of the re-rendered pages whose source has an error.
fn failing(files: &[OutputFile], shown: &[PathBuf], fresh: &[Diagnostic]) -> HashSet<String> {
    let erring: HashSet<&PathBuf> = fresh
        .iter()
        .filter(|d| d.is_error())
        .map(|d| &d.path)
        .collect();
    files
        .iter()
        .zip(shown)
        .filter(|(_, path)| erring.contains(path))
        .map(|(file, _)| file.path.clone())
        .collect()
}

/// Swap the pages into the served site and tell the browsers; returns the
/// new generation.
fn publish_pages(
    shared: &super::Shared,
    loaded: &Loaded,
    files: &[OutputFile],
    failing: &HashSet<String>,
) -> u64 {
    super::swap_in(shared, |current| {
        current.with_pages(files, failing, &loaded.report.diagnostics)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refresh(edited: &[usize]) -> LlmsRefresh {
        LlmsRefresh {
            edited: edited.to_vec(),
            kept: vec![],
        }
    }

    /// Edits of two spaces saved within one search job: the job that runs
    /// remakes both spaces' `llms-full.txt`, not only its own.
    #[test]
    fn edits_not_served_go_to_the_next_refresh() {
        let mut unserved = UnservedEdits::default();
        // A job skipped for a newer one.
        unserved.keep(Some(&refresh(&[4])));
        let mut next = refresh(&[9, 4]);
        unserved.hand_to(Some(&mut next));
        assert_eq!(next.edited, [4, 9]);
        // Its files came after newer pages were served: kept again, with
        // what it had taken over.
        unserved.keep(Some(&next));
        let mut last = refresh(&[2]);
        unserved.hand_to(Some(&mut last));
        assert_eq!(last.edited, [2, 4, 9]);
        // Handed over once only.
        let mut after = refresh(&[7]);
        unserved.hand_to(Some(&mut after));
        assert_eq!(after.edited, [7]);
    }

    /// A full render serves every space's files with its pages: edits
    /// before it are served.
    #[test]
    fn a_full_render_serves_every_edit_before_it() {
        let mut unserved = UnservedEdits::default();
        unserved.keep(Some(&refresh(&[4])));
        unserved.keep(None);
        let mut next = refresh(&[1]);
        unserved.hand_to(Some(&mut next));
        assert_eq!(next.edited, [1]);
        // A full render about to run takes nothing either.
        unserved.keep(Some(&refresh(&[3])));
        unserved.hand_to(None);
        let mut after = refresh(&[5]);
        unserved.hand_to(Some(&mut after));
        assert_eq!(after.edited, [5]);
    }
}
