//! What the server serves: one rendered site, held in memory.
//!
//! Generated files (pages, `nav.js`, theme assets) are bytes in memory; the
//! search files are kept apart because they arrive after the pages; files of
//! the space are served from disk, and only those the site lists, so the
//! server can never reach a file that is not part of the site.

use crate::build::RenderedSite;
use crate::error::Diagnostic;
use crate::render::OutputFile;
use axum::body::Bytes;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

/// One version of the site, as served.
#[derive(Debug, Default, Clone)]
pub(crate) struct Snapshot {
    /// Counts versions of the pages; a page served from an older one reloads.
    pub generation: u64,
    /// Generated files but search: output path → bytes.
    pub pages: Files,
    /// Search files of the last finished index.
    pub search: HashMap<String, Bytes>,
    /// The generation of the pages the search files were computed from.
    pub search_generation: u64,
    /// Files of the space: output path → file on disk. Shared between
    /// versions: only a full render changes them.
    pub statics: Arc<HashMap<String, PathBuf>>,
    /// Outputs rendered while their source had an error.
    pub broken: HashSet<String>,
    /// Errors of the last build, as `path:line:col: error[kind]: message`.
    pub errors: Vec<String>,
}

/// Generated files by output path: those of the last full render, shared
/// by the versions that follow it, and on top those rendered alone since.
/// A version after an edit copies only the second map: at 10,000 pages,
/// copying every path took longer than rendering the page.
#[derive(Debug, Default, Clone)]
pub(crate) struct Files {
    rendered: Arc<HashMap<String, Bytes>>,
    since: HashMap<String, Bytes>,
}

impl Files {
    fn new(rendered: HashMap<String, Bytes>) -> Files {
        Files {
            rendered: Arc::new(rendered),
            since: HashMap::new(),
        }
    }

    pub(crate) fn get(&self, path: &str) -> Option<&Bytes> {
        self.since.get(path).or_else(|| self.rendered.get(path))
    }

    fn insert(&mut self, path: String, bytes: Bytes) {
        self.since.insert(path, bytes);
    }
}

/// What a fresh render brings to the next version, copied out of it before
/// the served version is locked: at 10,000 pages the copy takes a while,
/// and requests would wait for it.
pub(crate) struct Fresh {
    pages: Files,
    statics: HashMap<String, PathBuf>,
    broken_outputs: Vec<String>,
    errors: Vec<String>,
}

impl Fresh {
    pub(crate) fn of(rendered: &RenderedSite) -> Fresh {
        Fresh {
            pages: Files::new(copy_files(&rendered.files)),
            statics: static_files(rendered),
            broken_outputs: broken_outputs(rendered),
            errors: error_lines(&rendered.report.diagnostics),
        }
    }
}

/// Something in the snapshot at an output path.
pub(crate) enum Entry<'a> {
    Generated(&'a Bytes),
    OnDisk(&'a PathBuf),
}

impl Snapshot {
    /// The file at an output path, if the site has one.
    pub(crate) fn get(&self, path: &str) -> Option<Entry<'_>> {
        if let Some(bytes) = self.pages.get(path).or_else(|| self.search.get(path)) {
            return Some(Entry::Generated(bytes));
        }
        self.statics.get(path).map(Entry::OnDisk)
    }

    /// Whether a path names a file of the site.
    pub(crate) fn contains(&self, path: &str) -> bool {
        self.get(path).is_some()
    }

    /// The next version from a fresh render (without its search files). A
    /// page whose source now has an error keeps its last good version, so a
    /// half-typed edit never replaces a working page.
    pub(crate) fn next(&self, fresh: Fresh) -> Snapshot {
        let Fresh {
            mut pages,
            statics,
            broken_outputs,
            errors,
        } = fresh;
        let mut broken = HashSet::new();
        for output in broken_outputs {
            self.keep_last_good(output, &mut pages, &mut broken);
        }
        Snapshot {
            generation: self.generation + 1,
            pages,
            search: self.search.clone(),
            search_generation: self.search_generation,
            statics: Arc::new(statics),
            broken,
            errors,
        }
    }

    /// The next version after re-rendering some pages alone: `files` replace
    /// theirs, except those in `failing` (their source has an error), which
    /// keep their last good version. `diagnostics` are the whole site's now.
    pub(crate) fn with_pages(
        &self,
        files: &[OutputFile],
        failing: &HashSet<String>,
        diagnostics: &[Diagnostic],
    ) -> Snapshot {
        let mut next = Snapshot {
            generation: self.generation + 1,
            errors: error_lines(diagnostics),
            ..self.clone()
        };
        for file in files {
            next.broken.remove(&file.path);
            let fresh = Bytes::copy_from_slice(&file.bytes);
            next.pages.insert(file.path.clone(), fresh);
            if failing.contains(&file.path) {
                self.keep_last_good(file.path.clone(), &mut next.pages, &mut next.broken);
            }
        }
        next
    }

    /// The same version with `files` in place of theirs: files made after
    /// the pages they come from, which no open page shows (no reload).
    pub(crate) fn with_files(&self, files: Vec<OutputFile>) -> Snapshot {
        let mut next = self.clone();
        for file in files {
            next.pages.insert(file.path, Bytes::from(file.bytes));
        }
        next
    }

    /// A page rendered while its source has an error: its last good version
    /// goes back in, or, without one, it is served broken.
    fn keep_last_good(&self, output: String, pages: &mut Files, broken: &mut HashSet<String>) {
        match self.last_good(&output) {
            Some(good) => {
                pages.insert(output, good.clone());
            }
            None => {
                broken.insert(output);
            }
        }
    }

    fn last_good(&self, output: &str) -> Option<&Bytes> {
        if self.broken.contains(output) {
            return None;
        }
        self.pages.get(output)
    }

    /// This version with a new search index, of the pages of `generation`.
    pub(crate) fn with_search(&self, generation: u64, files: Vec<OutputFile>) -> Snapshot {
        let search = files
            .into_iter()
            .map(|f| (f.path, Bytes::from(f.bytes)))
            .collect();
        Snapshot {
            search,
            search_generation: generation,
            ..self.clone()
        }
    }
}

// A copy, not a move: the search index is computed from the same pages
// after they are served.
fn copy_files(files: &[OutputFile]) -> HashMap<String, Bytes> {
    files
        .iter()
        .map(|f| (f.path.clone(), Bytes::copy_from_slice(&f.bytes)))
        .collect()
}

fn static_files(rendered: &RenderedSite) -> HashMap<String, PathBuf> {
    let space = &rendered.config.space;
    rendered
        .site
        .files
        .iter()
        .map(|f| (f.output.clone(), space.join(&f.source)))
        .collect()
}

/// Outputs of the pages that have an error diagnostic.
fn broken_outputs(rendered: &RenderedSite) -> Vec<String> {
    let config = &rendered.config;
    let failing: HashSet<&std::path::Path> = rendered
        .report
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.path.as_path())
        .collect();
    rendered
        .site
        .pages
        .iter()
        .filter(|p| failing.contains(config.display_path(&config.space.join(&p.source)).as_path()))
        .map(|p| p.output.clone())
        .collect()
}

fn error_lines(diagnostics: &[Diagnostic]) -> Vec<String> {
    diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Overrides;

    use crate::fs::temp_space as space;

    fn render(dir: &std::path::Path) -> RenderedSite {
        crate::build::render(&Overrides {
            dir: dir.to_path_buf(),
            ..Default::default()
        })
        .unwrap()
    }

    fn page(snapshot: &Snapshot, path: &str) -> String {
        String::from_utf8_lossy(snapshot.pages.get(path).unwrap()).into_owned()
    }

    #[test]
    fn broken_page_keeps_its_last_good_version() {
        let dir = space(&[("README.md", "# Home\n\nfirst"), ("a.md", "# A\n\ngood")]);
        let first = Snapshot::default().next(Fresh::of(&render(dir.path())));
        assert!(first.errors.is_empty(), "{:?}", first.errors);
        std::fs::write(
            dir.path().join("a.md"),
            "---\ntitle: [oops\n---\n# A\n\nbad",
        )
        .unwrap();
        std::fs::write(dir.path().join("README.md"), "# Home\n\nsecond").unwrap();
        let second = first.next(Fresh::of(&render(dir.path())));
        assert_eq!(second.generation, 2);
        assert!(second.errors[0].starts_with("a.md:"), "{:?}", second.errors);
        assert!(page(&second, "a.html").contains("good"));
        assert!(page(&second, "index.html").contains("second"));
        std::fs::write(dir.path().join("a.md"), "# A\n\nfixed").unwrap();
        let third = second.next(Fresh::of(&render(dir.path())));
        assert!(third.errors.is_empty());
        assert!(page(&third, "a.html").contains("fixed"));
    }

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn pages_rendered_alone_replace_theirs_or_keep_the_last_good() {
        let dir = space(&[("README.md", "# Home\n\nfirst"), ("a.md", "# A\n\ngood")]);
        let first = Snapshot::default().next(Fresh::of(&render(dir.path())));
        let error = Diagnostic::error("front-matter", "a.md", "malformed");
        let failing = HashSet::from(["a.html".to_string()]);
        let broken = first.with_pages(&[file("a.html", "bad")], &failing, &[error]);
        assert_eq!(broken.generation, 2);
        assert!(page(&broken, "a.html").contains("good"));
        assert_eq!(broken.errors, ["a.md: error[front-matter]: malformed"]);
        assert_eq!(page(&broken, "index.html"), page(&first, "index.html"));
        let fixed = broken.with_pages(&[file("a.html", "fixed")], &HashSet::new(), &[]);
        assert_eq!(page(&fixed, "a.html"), "fixed");
        assert!(fixed.errors.is_empty() && fixed.broken.is_empty());
    }

    #[test]
    fn page_broken_from_the_start_is_served_with_its_error() {
        let dir = space(&[("README.md", "---\ntitle: [oops\n---\n# Home")]);
        let first = Snapshot::default().next(Fresh::of(&render(dir.path())));
        assert!(first.broken.contains("index.html"));
        assert!(first.contains("index.html"));
    }

    #[test]
    fn static_files_map_outputs_to_sources() {
        let dir = space(&[("README.md", "# Home"), (".gitbook/assets/a.png", "png")]);
        let first = Snapshot::default().next(Fresh::of(&render(dir.path())));
        match first.get("gitbook/assets/a.png") {
            Some(Entry::OnDisk(path)) => assert!(path.ends_with(".gitbook/assets/a.png")),
            _ => panic!("asset not listed"),
        }
        assert!(first.get(".gitbook/assets/a.png").is_none());
    }
}
