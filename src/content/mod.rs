//! Loading: from a folder on disk to a [`Site`] whose pages are parsed.
//!
//! 1. Discover pages, files and includes (`discover`).
//! 2. Read and parse every page in parallel: front matter, GitBook blocks,
//!    headings and their ids (`page`, `front_matter`, `crate::gitbook`).
//! 3. Give each page and file its output path (`page::output_path`, `url`).
//! 4. Build the navigation from SUMMARY.md or from the folders (`summary`, `nav`).
//!
//! Everything is loaded before anything is rendered, because links need the
//! titles and anchors of every page.

pub mod dates;
pub(crate) mod discover;
pub(crate) mod front_matter;
pub(crate) mod history;
pub(crate) mod language;
pub(crate) mod named;
pub(crate) mod nav;
pub(crate) mod openapi;
pub mod page;
pub(crate) mod spaces;
pub(crate) mod summary;
pub(crate) mod tags;

use crate::config::Config;
use crate::error::Diagnostic;
use crate::text::url;
use anyhow::Result;
use nav::Nav;
use page::Page;
use rayon::prelude::*;
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

/// A file copied to the output as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaticFile {
    /// Path relative to the space.
    pub source: String,
    /// Path relative to the output.
    pub output: String,
    /// Size in bytes (shown on download cards).
    pub size: u64,
}

/// One space of a site: its own navigation, home page, language and variables.
#[derive(Debug, Clone)]
pub struct Space {
    /// Folder relative to the content; empty for a site of one space.
    pub dir: String,
    pub title: String,
    /// BCP 47 tag for `<html lang>`.
    pub language: String,
    /// The language was guessed from the pages (nothing set it), so an
    /// edit of a page may change it.
    pub language_guessed: bool,
    pub nav: Nav,
    /// The space's first page (its README), by page index.
    pub home: Option<usize>,
    /// Space variables from `.gitbook/vars.yaml`, for expressions.
    pub vars: serde_json::Map<String, serde_json::Value>,
    /// Tag labels and colours from `.gitbook/tags.yaml`.
    pub tags: tags::Tags,
    /// How dates read in the space's language. The theme's strings decide,
    /// so the build sets it once the theme is loaded; until then dates
    /// show as written.
    pub dates: dates::DateStyle,
}

/// Every page and file of a site, parsed and placed, with its navigation.
#[derive(Debug)]
pub struct Site {
    pub title: String,
    /// Shared, so that a copy of the site (for `quire serve`) costs little.
    pub pages: Vec<std::sync::Arc<Page>>,
    pub files: Vec<StaticFile>,
    /// One space, or several (languages, products) each with its own navigation.
    pub spaces: Vec<Space>,
    /// Files that pages include (`.gitbook/includes/…`), parsed like pages.
    pub includes: HashMap<String, Page>,
    page_by_source: HashMap<String, usize>,
    file_by_source: HashMap<String, usize>,
    /// Folders that contain pages or files, relative to the space.
    folders: HashSet<String>,
    /// The content folder on disk (API specs are read from it when used).
    space: std::path::PathBuf,
    /// `limits.max_file_mb` in bytes, for the API specs read when used.
    max_file_bytes: u64,
    /// API specs parsed on first use, shared by every page that renders them.
    specs: std::sync::Mutex<HashMap<String, Result<std::sync::Arc<serde_json::Value>, String>>>,
}

// By hand: the cache of parsed API specs is behind a lock. `quire serve`
// clones a site only to edit it while the search index still reads it.
impl Clone for Site {
    fn clone(&self) -> Site {
        let specs = self.specs.lock().unwrap_or_else(|e| e.into_inner()).clone();
        Site {
            title: self.title.clone(),
            pages: self.pages.clone(),
            files: self.files.clone(),
            spaces: self.spaces.clone(),
            includes: self.includes.clone(),
            page_by_source: self.page_by_source.clone(),
            file_by_source: self.file_by_source.clone(),
            folders: self.folders.clone(),
            space: self.space.clone(),
            max_file_bytes: self.max_file_bytes,
            specs: std::sync::Mutex::new(specs),
        }
    }
}

impl Site {
    pub fn page_by_source(&self, source: &str) -> Option<&Page> {
        self.page_by_source.get(source).map(|&i| &*self.pages[i])
    }

    pub fn page_index(&self, source: &str) -> Option<usize> {
        self.page_by_source.get(source).copied()
    }

    pub fn file_by_source(&self, source: &str) -> Option<&StaticFile> {
        self.file_by_source.get(source).map(|&i| &self.files[i])
    }

    /// Keep only the files of the space that `keep` accepts.
    pub fn retain_files(&mut self, keep: impl Fn(&StaticFile) -> bool) {
        self.files.retain(keep);
        self.file_by_source = self
            .files
            .iter()
            .enumerate()
            .map(|(i, f)| (f.source.clone(), i))
            .collect();
    }

    /// Whether `path` (relative to the space) is a folder with content.
    pub fn is_folder(&self, path: &str) -> bool {
        path.is_empty() || self.folders.contains(path)
    }

    /// The main page of a folder: its README (any case).
    pub fn folder_page(&self, dir: &str) -> Option<&Page> {
        ["README.md", "readme.md", "Readme.md"]
            .iter()
            .filter_map(|name| url::join(dir, name))
            .find_map(|source| self.page_by_source(&source))
    }

    /// A local OpenAPI/Swagger file (YAML or JSON), parsed once.
    pub fn spec(&self, source: &str) -> Result<std::sync::Arc<serde_json::Value>, String> {
        let mut specs = self.specs.lock().unwrap_or_else(|e| e.into_inner());
        let entry = specs.entry(source.to_string()).or_insert_with(|| {
            let path = self.space.join(source);
            let text =
                crate::fs::read_text(&path, self.max_file_bytes).map_err(|e| e.message(&path))?;
            // YAML is a superset of JSON: one parser reads both.
            crate::yaml::from_str::<serde_json::Value>(&text)
                .map(std::sync::Arc::new)
                .map_err(|e| format!("not a readable API spec: {}", e.message))
        });
        entry.clone()
    }

    /// A document that `{% include %}` may insert: an include file, or a page.
    pub fn includable(&self, source: &str) -> Option<&Page> {
        self.includes
            .get(source)
            .or_else(|| self.page_by_source(source))
    }

    /// The title a page has in navigation (its SUMMARY link text).
    pub fn nav_title(&self, page: usize) -> &str {
        summary_title(self.nav_of(page), page).unwrap_or(&self.pages[page].title)
    }

    /// The space a page belongs to.
    pub fn space_of(&self, page: usize) -> &Space {
        &self.spaces[self.pages[page].space]
    }

    /// The navigation a page is shown with: its space's.
    pub fn nav_of(&self, page: usize) -> &Nav {
        &self.space_of(page).nav
    }

    /// Whether the site has several spaces (or one space in a sub-folder).
    pub fn is_multi_space(&self) -> bool {
        self.spaces.len() > 1 || self.spaces.iter().any(|s| !s.dir.is_empty())
    }
}

/// What re-reading one page ([`Site::reload_page`]) changed.
#[derive(Debug)]
pub struct Reloaded {
    /// The page's index in `Site::pages` (unchanged).
    pub index: usize,
    /// Whether other pages show something of it that changed.
    pub reach: Reach,
    /// The page's diagnostics from reading it (rendering adds its own).
    pub diagnostics: Vec<Diagnostic>,
}

/// Which pages a re-read page's change shows on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// Only its own body changed: rendering this page again is enough.
    OnlyThisPage,
    /// Its title, heading ids, anchors or the front matter other pages show
    /// changed: navigation, mentions, cards or links elsewhere may differ.
    Dependents,
}

/// Why a page could not be re-read in place; the caller reloads the site.
#[derive(Debug, thiserror::Error)]
pub enum ReloadError {
    #[error("`{0}` is not a page of the site")]
    UnknownPage(String),
    #[error("`{0}` is generated from an API spec, not read from a file")]
    Generated(String),
    #[error(transparent)]
    Unreadable(#[from] anyhow::Error),
}

impl Site {
    /// Read one page again from disk, the way [`load`] reads it (same parser,
    /// same output path, same space), and put it in place of the old one.
    /// A new, deleted or generated page is an error: only a full [`load`]
    /// can place it.
    pub fn reload_page(&mut self, config: &Config, source: &str) -> Result<Reloaded, ReloadError> {
        let index = self
            .page_index(source)
            .ok_or_else(|| ReloadError::UnknownPage(source.to_string()))?;
        let old = &self.pages[index];
        if old.generated {
            return Err(ReloadError::Generated(source.to_string()));
        }
        let path = config.space.join(source);
        let bytes = crate::fs::read_regular(&path, config.max_file_bytes())
            .map_err(|e| anyhow::anyhow!(e.message(&path)))?;
        let shown = config.display_path(&path);
        let (mut page, diagnostics) =
            parse_guarded(config, source, old.output.clone(), bytes, &shown);
        // Just saved, so newer than any commit.
        page.updated = history::file_date(&path);
        page.space = old.space;
        let old_space = old.space;
        page.link = old.link.clone();
        if page.title_end.is_none() {
            if let Some(title) = summary_title(self.nav_of(index), index) {
                page.title = title.to_string();
            }
        }
        let mut reach = match shown_elsewhere_changed(old, &page) {
            true => Reach::Dependents,
            false => Reach::OnlyThisPage,
        };
        self.pages[index] = std::sync::Arc::new(page);
        if self.space_language_changed(old_space) {
            reach = Reach::Dependents;
        }
        Ok(Reloaded {
            index,
            reach,
            diagnostics,
        })
    }
}

impl Site {
    /// Whether the guessed language of a space no longer matches its pages
    /// (every page of the space shows it, in `<html lang>` and its strings).
    fn space_language_changed(&self, space: usize) -> bool {
        let space_now = &self.spaces[space];
        space_now.language_guessed
            && guessed_language(self.pages.iter().map(|p| &**p), space) != space_now.language
    }
}

/// Whether anything of a page that other pages show differs: its title (in
/// navigation, breadcrumbs, previous/next, mentions, the space's title), its
/// headings' ids and texts (links `page.md#id` and their labels), its
/// anchors (link checks), and the front matter shown or obeyed elsewhere.
fn shown_elsewhere_changed(old: &Page, new: &Page) -> bool {
    let heading_links = |p: &Page| -> Vec<(String, String)> {
        p.headings
            .iter()
            .map(|h| (h.id.clone(), h.text.clone()))
            .collect()
    };
    old.title != new.title
        || old.title_end.is_some() != new.title_end.is_some()
        || old.anchors != new.anchors
        || heading_links(old) != heading_links(new)
        || old.meta.hidden != new.meta.hidden
        || old.meta.description != new.meta.description
        || old.meta.no_index != new.meta.no_index
}

/// Load the site described by `config`. Content problems come back as
/// diagnostics; only a site that cannot be read at all is an error.
pub fn load(config: &Config) -> Result<(Site, Vec<Diagnostic>)> {
    let mut diagnostics = vec![];
    let mut space = discover_space(config, &mut diagnostics)?;
    let mut pages = read_pages_and_dates(config, &mut space, &mut diagnostics);
    let api = add_api_pages(config, &space, &mut pages, &mut diagnostics);
    place_pages(config, &space, &mut pages, &mut diagnostics);
    let page_by_source: HashMap<String, usize> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.source.clone(), i))
        .collect();
    let (includes, include_diagnostics) =
        read_pages(config, &space.found.includes, &space.root_readme);
    diagnostics.extend(include_diagnostics);
    let (files, file_diagnostics) = place_files(config, &space.found.files, &pages);
    diagnostics.extend(file_diagnostics);
    let site_spaces = load_spaces(
        config,
        &space,
        &pages,
        &page_by_source,
        &api,
        &mut diagnostics,
    );
    title_untitled_pages_from_navigation(&mut pages, &site_spaces);
    let site = Site {
        title: title_of_site(config, &space, &pages, &site_spaces),
        folders: folders_of(&space.found),
        file_by_source: files
            .iter()
            .enumerate()
            .map(|(i, f)| (f.source.clone(), i))
            .collect(),
        pages: pages.into_iter().map(std::sync::Arc::new).collect(),
        files,
        spaces: site_spaces,
        includes: includes
            .into_iter()
            .map(|p| (p.source.clone(), p))
            .collect(),
        page_by_source,
        space: config.space.clone(),
        max_file_bytes: config.max_file_bytes(),
        specs: Default::default(),
    };
    Ok((site, diagnostics))
}

/// What the walk of the space found, before any page is read.
struct FoundSpace {
    layout: spaces::Layout,
    found: discover::Discovered,
    /// The source of the page at the site's `index.html`.
    root_readme: String,
    /// Each space's SUMMARY.md, when it has one.
    summaries: Vec<Option<SummaryFile>>,
    /// Dot-named pages that a SUMMARY.md lists (built, as on GitBook).
    listed: Vec<String>,
}

/// Find the spaces, walk the folder and read each SUMMARY.md.
fn discover_space(config: &Config, diagnostics: &mut Vec<Diagnostic>) -> Result<FoundSpace> {
    let (layout, layout_diagnostics) = spaces::find(config);
    diagnostics.extend(layout_diagnostics);
    let (mut found, discover_diagnostics) =
        discover::discover(config, &site_files(config, &layout))?;
    diagnostics.extend(discover_diagnostics);
    diagnostics.extend(discover::normalization_twins(config, &found));
    diagnostics.extend(drop_pages_outside_spaces(config, &layout, &mut found.pages));
    let root_readme = if layout.is_multi() {
        // Each space's README is its own folder's index.html.
        config.readme.clone()
    } else {
        root_readme(config, &found.pages)
    };
    let (summaries, summary_diagnostics) = read_summaries(config, &layout);
    diagnostics.extend(summary_diagnostics);
    let mut listed = vec![];
    for summary in summaries.iter().flatten() {
        let base = url::parent(&summary.source);
        listed.extend(named::take_listed(
            &summary.text,
            base,
            &mut found.named_only,
        ));
    }
    diagnostics.extend(drop_pages_outside_spaces(config, &layout, &mut listed));
    Ok(FoundSpace {
        layout,
        found,
        root_readme,
        summaries,
        listed,
    })
}

/// Read and parse every page in parallel, and date each by git's history,
/// read meanwhile on a thread of its own (not one of rayon's, which would
/// wait on git).
fn read_pages_and_dates(
    config: &Config,
    space: &mut FoundSpace,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Page> {
    // Dot-named pages are dated too, in case a link names them.
    let dated: Vec<String> = space
        .found
        .pages
        .iter()
        .chain(&space.found.named_only)
        .cloned()
        .collect();
    let listed = std::mem::take(&mut space.listed);
    let FoundSpace {
        layout,
        found,
        root_readme,
        ..
    } = space;
    let ((mut pages, page_diagnostics), git_dates) = std::thread::scope(|scope| {
        let git = scope.spawn(|| history::git_dates(&config.space, &dated));
        let mut read = read_pages(config, &found.pages, root_readme);
        let named = read_named_pages(config, layout, found, listed, root_readme, &read.0);
        read.0.extend(named.0);
        read.1.extend(named.1);
        (read, git.join().unwrap_or_default())
    });
    diagnostics.extend(page_diagnostics);
    for page in &mut pages {
        if let Some(date) = git_dates.get(&page.source) {
            page.updated = Some(date.clone());
        }
    }
    pages
}

/// Pages generated from the OpenAPI specs that SUMMARY.md lists.
fn add_api_pages(
    config: &Config,
    space: &FoundSpace,
    pages: &mut Vec<Page>,
    diagnostics: &mut Vec<Diagnostic>,
) -> ApiPages {
    let mut api = generate_api_pages(config, &space.summaries, &space.found);
    diagnostics.extend(std::mem::take(&mut api.diagnostics));
    for generated in std::mem::take(&mut api.pages) {
        let shown = config.display_path(&config.space.join(&generated.source));
        let output = page::output_path(&generated.source, &space.root_readme, config.pretty_urls);
        let (mut page, page_diagnostics) = parse_guarded(
            config,
            &generated.source,
            output,
            generated.text.into_bytes(),
            &shown,
        );
        page.generated = true;
        pages.push(page);
        diagnostics.extend(page_diagnostics);
    }
    api
}

/// Each page's space, its output path (unique) and the link to it.
fn place_pages(
    config: &Config,
    space: &FoundSpace,
    pages: &mut [Page],
    diagnostics: &mut Vec<Diagnostic>,
) {
    for page in pages.iter_mut() {
        page.space = space.layout.space_of(&page.source).unwrap_or(0);
    }
    diagnostics.extend(assign_unique_outputs(config, pages));
    for page in pages.iter_mut() {
        page.link = url::link_path(&page.output, config.pretty_urls);
    }
}

/// Each space with its navigation, home page and language.
fn load_spaces(
    config: &Config,
    space: &FoundSpace,
    pages: &[Page],
    page_by_source: &HashMap<String, usize>,
    api: &ApiPages,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Space> {
    let layout = &space.layout;
    let mut site_spaces = Vec::with_capacity(layout.spaces.len());
    for (index, def) in layout.spaces.iter().enumerate() {
        let readme = if layout.is_multi() {
            def.path(&config.readme)
        } else {
            space.root_readme.clone()
        };
        let space_pages = SpacePages {
            all: pages,
            by_source: page_by_source,
            summary: space.summaries[index].as_ref(),
            generated: &api.entries[index],
        };
        let (loaded, space_diagnostics) = load_space(config, def, index, &space_pages, &readme);
        site_spaces.push(loaded);
        diagnostics.extend(space_diagnostics);
    }
    site_spaces
}

/// Every folder that holds a page or a file.
fn folders_of(found: &discover::Discovered) -> HashSet<String> {
    found
        .pages
        .iter()
        .chain(&found.files)
        .flat_map(|p| ancestors(p))
        .collect()
}

/// The site's title: `quire.yaml`'s, else the spaces file's, else the home page's.
fn title_of_site(config: &Config, space: &FoundSpace, pages: &[Page], spaces: &[Space]) -> String {
    match (&config.title, &space.layout.title) {
        (None, Some(title)) => title.clone(),
        _ => site_title(config, pages, spaces[0].home),
    }
}

/// A page without a leading `# H1` is titled as SUMMARY.md names it, as on
/// GitBook, rather than after its file (`multiple-llms-debugging`).
fn title_untitled_pages_from_navigation(pages: &mut [Page], spaces: &[Space]) {
    for (index, page) in pages.iter_mut().enumerate() {
        if page.title_end.is_some() {
            continue;
        }
        if let Some(title) = summary_title(&spaces[page.space].nav, index) {
            page.title = title.to_string();
        }
    }
}

/// The link text SUMMARY.md gives a page, if it lists it with one.
fn summary_title(nav: &Nav, page: usize) -> Option<&str> {
    let node = &nav.nodes[*nav.node_of_page.get(&page)?];
    Some(node.title.as_str()).filter(|title| !title.trim().is_empty())
}

/// The dot-named pages that SUMMARY.md lists (`listed`) or a built page
/// links to, read; a link from one of them counts too. Those nothing names
/// are left as discovery would: skipped, or copied when only their folder is
/// dot-named. `found.pages` gains the pages read.
fn read_named_pages(
    config: &Config,
    layout: &spaces::Layout,
    found: &mut discover::Discovered,
    listed: Vec<String>,
    root_readme: &str,
    built: &[Page],
) -> (Vec<Page>, Vec<Diagnostic>) {
    let (mut pages, mut diagnostics) = read_pages(config, &listed, root_readme);
    found.pages.extend(listed);
    let take_linked = |from: &[Page], candidates: &mut Vec<String>| -> Vec<String> {
        from.iter()
            .flat_map(|page| named::take_linked(&page.text, &page.source, candidates))
            .collect()
    };
    let mut linked = take_linked(built, &mut found.named_only);
    linked.extend(take_linked(&pages, &mut found.named_only));
    // Each round reads what the last one found linked, and scans only that.
    loop {
        diagnostics.extend(drop_pages_outside_spaces(config, layout, &mut linked));
        if linked.is_empty() {
            break;
        }
        let (more, more_diagnostics) = read_pages(config, &linked, root_readme);
        diagnostics.extend(more_diagnostics);
        found.pages.append(&mut linked);
        linked = take_linked(&more, &mut found.named_only);
        pages.extend(more);
    }
    let in_dot_folder = |source: &String| {
        let name = source.rsplit('/').next().unwrap_or(source);
        !name.starts_with('.')
    };
    found
        .files
        .extend(found.named_only.drain(..).filter(in_dot_folder));
    found.files.sort();
    (pages, diagnostics)
}

/// Files that describe the site and are not published: each space's
/// SUMMARY.md, `docs.yaml`, `LANGS.md`.
fn site_files(config: &Config, layout: &spaces::Layout) -> Vec<String> {
    layout
        .spaces
        .iter()
        .map(|s| s.path(&config.summary))
        .chain(layout.site_files.iter().cloned())
        .collect()
}

/// In a site of several spaces, pages outside every space's folder are not
/// published. A README at the top is the repository's and goes quietly.
fn drop_pages_outside_spaces(
    config: &Config,
    layout: &spaces::Layout,
    pages: &mut Vec<String>,
) -> Vec<Diagnostic> {
    if !layout.is_multi() {
        return vec![];
    }
    let (kept, outside): (Vec<String>, Vec<String>) = std::mem::take(pages)
        .into_iter()
        .partition(|p| layout.space_of(p).is_some());
    *pages = kept;
    outside
        .iter()
        .filter(|p| !p.eq_ignore_ascii_case(&config.readme))
        .map(|p| {
            Diagnostic::warning(
                "outside-space",
                config.display_path(&config.space.join(p)),
                "not published: the page is outside every space of the site",
            )
        })
        .collect()
}

/// The pages a space's navigation is built from.
struct SpacePages<'a> {
    all: &'a [Page],
    by_source: &'a HashMap<String, usize>,
    /// The space's SUMMARY.md, when it has one.
    summary: Option<&'a SummaryFile>,
    /// Pages generated for the space's SUMMARY blocks.
    generated: &'a nav::GeneratedEntries,
}

/// A space's SUMMARY.md, read once for the pages it generates and for the
/// navigation.
struct SummaryFile {
    /// Path relative to the content.
    source: String,
    shown: std::path::PathBuf,
    /// BOM removed, line endings normalised.
    text: String,
}

/// Each space's SUMMARY.md, in the order of the spaces. One that cannot be
/// read is an error, and that space's navigation follows its folders.
fn read_summaries(
    config: &Config,
    layout: &spaces::Layout,
) -> (Vec<Option<SummaryFile>>, Vec<Diagnostic>) {
    let mut diagnostics = vec![];
    let summaries = layout
        .spaces
        .iter()
        .map(|def| {
            let source = def.path(&config.summary);
            let path = config.space.join(&source);
            if !path.is_file() {
                return None;
            }
            let shown = config.display_path(&path);
            let text = match crate::fs::read_text(&path, config.max_file_bytes()) {
                Ok(text) => text,
                Err(e) => {
                    diagnostics.push(Diagnostic::error("summary", &shown, e.message(&path)));
                    return None;
                }
            };
            let text = text
                .strip_prefix('\u{FEFF}')
                .unwrap_or(&text)
                .replace("\r\n", "\n");
            Some(SummaryFile {
                source,
                shown,
                text,
            })
        })
        .collect();
    (summaries, diagnostics)
}

/// API pages for the `builtin:openapi` blocks of every space's SUMMARY.md.
fn generate_api_pages(
    config: &Config,
    summaries: &[Option<SummaryFile>],
    found: &discover::Discovered,
) -> ApiPages {
    let taken: HashSet<String> = found.pages.iter().cloned().collect();
    let mut out = ApiPages::default();
    for summary in summaries {
        let generated = match summary {
            Some(s) if s.text.contains("builtin:openapi") => openapi::generate(
                &s.source,
                &s.text,
                &s.shown,
                &found.files,
                &taken,
                |source| {
                    let path = config.space.join(source);
                    crate::fs::read_text(&path, config.max_file_bytes())
                        .map_err(|e| e.message(&path))
                },
            ),
            _ => Default::default(),
        };
        out.pages.extend(generated.pages);
        out.entries.push(generated.entries);
        out.diagnostics.extend(generated.diagnostics);
    }
    out
}

#[derive(Default)]
struct ApiPages {
    pages: Vec<openapi::GeneratedPage>,
    /// By space.
    entries: Vec<nav::GeneratedEntries>,
    diagnostics: Vec<Diagnostic>,
}

/// One space's navigation, home, title, language and variables.
fn load_space(
    config: &Config,
    def: &spaces::SpaceDef,
    index: usize,
    pages: &SpacePages,
    readme: &str,
) -> (Space, Vec<Diagnostic>) {
    let (nav, mut diagnostics) = build_nav(config, def, index, pages, readme);
    let (page_by_source, pages) = (pages.by_source, pages.all);
    let home = page_by_source
        .get(readme)
        .copied()
        .or_else(|| nav.order.first().copied());
    let title = def
        .title
        .clone()
        .or_else(|| {
            let multi = !def.dir.is_empty();
            def.language
                .as_deref()
                .filter(|_| multi)
                .and_then(spaces::language_name)
                .map(str::to_string)
        })
        .or_else(|| {
            home.filter(|&h| pages[h].title_end.is_some())
                .map(|h| pages[h].title.clone())
        })
        .unwrap_or_else(|| def.dir.clone());
    let (vars, vars_diagnostics) = read_settings(config, &def.path(".gitbook/vars.yaml"), "vars");
    diagnostics.extend(vars_diagnostics);
    let (tag_file, tags_diagnostics) =
        read_settings::<serde_json::Value>(config, &def.path(".gitbook/tags.yaml"), "tag");
    diagnostics.extend(tags_diagnostics);
    let set_language = def.language.clone().or_else(|| config.language.clone());
    let space = Space {
        dir: def.dir.clone(),
        title,
        language_guessed: set_language.is_none(),
        language: def
            .language
            .clone()
            .or_else(|| config.language.clone())
            .unwrap_or_else(|| guessed_language(pages, index).to_string()),
        nav,
        home,
        vars: vars.unwrap_or_default(),
        tags: tag_file
            .map(|t| tags::Tags::from_value(&t))
            .unwrap_or_default(),
        dates: dates::DateStyle::default(),
    };
    (space, diagnostics)
}

/// What the pages of space `index` read as, the pages quire generates
/// (API references, in English) left out.
fn guessed_language<'a>(pages: impl IntoIterator<Item = &'a Page>, index: usize) -> &'static str {
    language::of_pages(
        pages
            .into_iter()
            .filter(|p| p.space == index && !p.generated)
            .map(|p| &p.tally),
    )
}

/// The space's home page: `structure.readme`, else `README.md` in any case.
fn root_readme(config: &Config, pages: &[String]) -> String {
    if pages.contains(&config.readme) {
        return config.readme.clone();
    }
    pages
        .iter()
        .find(|p| p.eq_ignore_ascii_case("readme.md"))
        .cloned()
        .unwrap_or_else(|| config.readme.clone())
}

fn read_pages(
    config: &Config,
    sources: &[String],
    root_readme: &str,
) -> (Vec<Page>, Vec<Diagnostic>) {
    let results: Vec<(Page, Vec<Diagnostic>)> = sources
        .par_iter()
        .map(|source| {
            let path = config.space.join(source);
            let shown = config.display_path(&path);
            let output = page::output_path(source, root_readme, config.pretty_urls);
            match crate::fs::read_regular(&path, config.max_file_bytes()) {
                Ok(bytes) => {
                    let (mut page, diagnostics) =
                        parse_guarded(config, source, output, bytes, &shown);
                    page.updated = history::file_date(&path);
                    (page, diagnostics)
                }
                Err(e) => {
                    let message = e.message(&path);
                    let (mut page, mut diagnostics) =
                        Page::parse(source.clone(), output, vec![], &shown);
                    diagnostics.push(Diagnostic::error("io", &shown, &message));
                    page.failure = Some(message);
                    (page, diagnostics)
                }
            }
        })
        .collect();
    let mut pages = Vec::with_capacity(results.len());
    let mut diagnostics = vec![];
    for (page, d) in results {
        pages.push(page);
        diagnostics.extend(d);
    }
    (pages, diagnostics)
}

/// Parse a page and name its unknown front-matter keys; a panic (a bug in
/// quire) becomes an error on that page only.
fn parse_guarded(
    config: &Config,
    source: &str,
    output: String,
    bytes: Vec<u8>,
    shown: &std::path::Path,
) -> (Page, Vec<Diagnostic>) {
    let attempt = std::panic::catch_unwind(|| {
        let (page, mut diagnostics) = Page::parse(source.to_string(), output.clone(), bytes, shown);
        diagnostics.extend(page.unknown_key_warnings(&config.front_matter.extra_keys, shown));
        (page, diagnostics)
    });
    attempt.unwrap_or_else(|panic| {
        let message = format!(
            "internal error while reading this page ({}); please report this",
            crate::error::panic_message(&*panic)
        );
        let (mut page, _) = Page::parse(source.to_string(), output, vec![], shown);
        page.failure = Some(message.clone());
        (page, vec![Diagnostic::error("internal", shown, message)])
    })
}

/// Two sources can map to one output (`a/README.md` and `a/index.md`); the
/// later one in path order gets a numbered name and a warning.
fn assign_unique_outputs(config: &Config, pages: &mut [Page]) -> Vec<Diagnostic> {
    let mut taken: HashMap<String, String> = HashMap::new();
    let mut diagnostics = vec![];
    // Readmes claim their index.html first.
    let mut order: Vec<usize> = (0..pages.len()).collect();
    order.sort_by_key(|&i| !pages[i].output.ends_with("index.html"));
    for i in order {
        let page = &mut pages[i];
        if let Some(owner) = taken.get(&page.output) {
            let renamed = (2..)
                .map(|n| numbered_output(&page.output, n, config.pretty_urls))
                .find(|o| !taken.contains_key(o))
                .expect("a free name");
            diagnostics.push(Diagnostic::warning(
                "output-path",
                config.display_path(&config.space.join(&page.source)),
                format!(
                    "`{}` is already the output of `{owner}`; written as `{renamed}`",
                    page.output
                ),
            ));
            page.output = renamed;
        }
        taken.insert(page.output.clone(), page.source.clone());
    }
    diagnostics.extend(case_collisions(config, pages));
    diagnostics
}

/// Outputs that differ only in case (`Setup.html`, `setup.html`) overwrite
/// each other on macOS and Windows, where a team's readers may unpack the site.
fn case_collisions(config: &Config, pages: &[Page]) -> Vec<Diagnostic> {
    let mut seen: HashMap<String, &Page> = HashMap::new();
    let mut diagnostics = vec![];
    for page in pages {
        match seen.entry(page.output.to_lowercase()) {
            Entry::Occupied(first) => diagnostics.push(Diagnostic::warning(
                "output-path",
                config.display_path(&config.space.join(&page.source)),
                format!(
                    "`{}` differs from `{}` (from `{}`) only in case; on macOS and Windows one overwrites the other",
                    page.output,
                    first.get().output,
                    first.get().source
                ),
            )),
            Entry::Vacant(slot) => {
                slot.insert(page);
            }
        }
    }
    diagnostics
}

/// `a/b.html` → `a/b-2.html`; a pretty `a/b/index.html` → `a/b-2/index.html`.
fn numbered_output(output: &str, n: usize, pretty: bool) -> String {
    match output.strip_suffix("/index.html") {
        Some(dir) if pretty => format!("{dir}-{n}/index.html"),
        _ => format!("{}-{n}.html", output.trim_end_matches(".html")),
    }
}

fn place_files(
    config: &Config,
    sources: &[String],
    pages: &[Page],
) -> (Vec<StaticFile>, Vec<Diagnostic>) {
    let mut taken: HashSet<String> = pages.iter().map(|p| p.output.clone()).collect();
    let mut files = vec![];
    let mut diagnostics = vec![];
    for source in sources {
        let output = url::published_file_path(source).into_owned();
        if !taken.insert(output.clone()) {
            diagnostics.push(Diagnostic::warning(
                "output-path",
                config.display_path(&config.space.join(source)),
                format!("not copied: `{output}` is already written by another file or page"),
            ));
            continue;
        }
        let size = std::fs::metadata(config.space.join(source)).map_or(0, |m| m.len());
        files.push(StaticFile {
            source: source.clone(),
            output,
            size,
        });
    }
    (files, diagnostics)
}

/// A space's navigation: from its SUMMARY.md, else from its folders.
fn build_nav(
    config: &Config,
    def: &spaces::SpaceDef,
    index: usize,
    space_pages: &SpacePages,
    readme: &str,
) -> (Nav, Vec<Diagnostic>) {
    let pages = space_pages.all;
    if let Some(summary) = space_pages.summary {
        return nav::from_summary(
            &summary.text,
            &summary.source,
            &summary.shown,
            space_pages.by_source,
            space_pages.generated,
        );
    }
    // Paths relative to the space, so its folders are the top of the tree.
    let members: Vec<usize> = (0..pages.len())
        .filter(|&i| pages[i].space == index)
        .collect();
    let strip = |source: &str| -> String {
        match def.dir.is_empty() {
            true => source.to_string(),
            false => source[def.dir.len() + 1..].to_string(),
        }
    };
    let sources: Vec<String> = members.iter().map(|&i| strip(&pages[i].source)).collect();
    let titles: Vec<String> = members.iter().map(|&i| pages[i].title.clone()).collect();
    let (mut nav, capped) = nav::from_folders(&sources, &titles, &strip(readme));
    nav.renumber_pages(|local| members[local]);
    let warning = capped.map(|local| {
        Diagnostic::warning(
            "nav",
            config.display_path(&config.space.join(&pages[members[local]].source)),
            format!(
                "folders nest deeper than {} levels; the pages below them are shown at level {}",
                summary::MAX_DEPTH,
                summary::MAX_DEPTH
            ),
        )
    });
    (nav, warning.into_iter().collect())
}

/// `title` from quire.yaml, else the first space's home page title, else the folder name.
fn site_title(config: &Config, pages: &[Page], home: Option<usize>) -> String {
    if let Some(title) = &config.title {
        return title.clone();
    }
    if let Some(home) = home.filter(|&h| pages[h].title_end.is_some()) {
        return pages[home].title.clone();
    }
    config
        .space
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "Documentation".into())
}

/// A settings file of a space (`.gitbook/vars.yaml`, `.gitbook/tags.yaml`).
/// Missing or empty is fine; unreadable is a warning at its line.
fn read_settings<T: serde::de::DeserializeOwned>(
    config: &Config,
    file: &str,
    kind: &'static str,
) -> (Option<T>, Vec<Diagnostic>) {
    let path = config.space.join(file);
    let text = match crate::fs::read_text(&path, config.max_file_bytes()) {
        Ok(text) => text,
        // Discovery has already warned about a named pipe or device there.
        Err(e) if e.is_not_found() || matches!(e, crate::fs::ReadError::NotRegular(_)) => {
            return (None, vec![])
        }
        Err(e) => {
            let d = Diagnostic::warning(
                kind,
                config.display_path(&path),
                format!("ignored: {}", e.message(&path)),
            );
            return (None, vec![d]);
        }
    };
    match crate::yaml::from_str::<Option<T>>(&text) {
        Ok(value) => (value, vec![]),
        Err(e) => {
            let d = Diagnostic::warning(
                kind,
                config.display_path(&path),
                format!("ignored: {}", e.message),
            )
            .at_opt(e.line_col());
            (None, vec![d])
        }
    }
}

/// `a/b/c.md` → [`a`, `a/b`].
pub(crate) fn ancestors(path: &str) -> Vec<String> {
    let mut out = vec![];
    let mut dir = url::parent(path);
    while !dir.is_empty() {
        out.push(dir.to_string());
        dir = url::parent(dir);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Overrides;

    use crate::fs::temp_space as space;

    /// Load a two-page space, rewrite `a.md` as `edited`, re-read it.
    fn reload_after(original: &str, edited: &str) -> (Site, Reloaded) {
        let dir = space(&[
            ("README.md", "# Home\n\nSee [A](a.md)."),
            ("a.md", original),
        ]);
        let (config, _) = Config::load(&Overrides {
            dir: dir.path().to_path_buf(),
            ..Default::default()
        })
        .unwrap();
        let (mut site, _) = load(&config).unwrap();
        std::fs::write(dir.path().join("a.md"), edited).unwrap();
        let reloaded = site.reload_page(&config, "a.md").unwrap();
        (site, reloaded)
    }

    #[test]
    fn body_only_edit_reaches_only_this_page() {
        let (site, reloaded) = reload_after("# A\n\n## Part\n\nold", "# A\n\n## Part\n\nnew text");
        assert_eq!(reloaded.reach, Reach::OnlyThisPage);
        let page = &site.pages[reloaded.index];
        assert_eq!(page.source, "a.md");
        assert_eq!(page.output, "a.html");
        assert!(page.body().contains("new text"));
    }

    #[test]
    fn title_change_reaches_dependents() {
        let (site, reloaded) = reload_after("# A\n\nbody", "# Renamed\n\nbody");
        assert_eq!(reloaded.reach, Reach::Dependents);
        assert_eq!(site.pages[reloaded.index].title, "Renamed");
    }

    #[test]
    fn anchor_added_or_removed_reaches_dependents() {
        let (_, added) = reload_after("# A\n\nbody", "# A\n\n## New part\n\nbody");
        assert_eq!(added.reach, Reach::Dependents);
        let (_, removed) = reload_after("# A\n\n<a id=\"x\"></a>body", "# A\n\nbody");
        assert_eq!(removed.reach, Reach::Dependents);
    }

    #[test]
    fn front_matter_shown_elsewhere_reaches_dependents() {
        let (_, hidden) = reload_after("# A\n\nbody", "---\nhidden: true\n---\n# A\n\nbody");
        assert_eq!(hidden.reach, Reach::Dependents);
        let (_, described) =
            reload_after("# A\n\nbody", "---\ndescription: About A\n---\n# A\n\nbody");
        assert_eq!(described.reach, Reach::Dependents);
    }

    #[test]
    fn broken_front_matter_is_reported_at_its_line() {
        let (site, reloaded) = reload_after("# A\n\nbody", "---\ntitle: [oops\n---\n# A\n\nbody");
        assert_eq!(reloaded.reach, Reach::OnlyThisPage);
        assert!(site.pages[reloaded.index].failure.is_some());
        let error = reloaded.diagnostics.iter().find(|d| d.is_error()).unwrap();
        assert!(error.to_string().starts_with("a.md:"), "{error}");
    }

    #[test]
    fn unknown_or_deleted_pages_are_not_reloaded() {
        let dir = space(&[("README.md", "# Home"), ("a.md", "# A")]);
        let (config, _) = Config::load(&Overrides {
            dir: dir.path().to_path_buf(),
            ..Default::default()
        })
        .unwrap();
        let (mut site, _) = load(&config).unwrap();
        assert!(matches!(
            site.reload_page(&config, "new.md"),
            Err(ReloadError::UnknownPage(_))
        ));
        std::fs::remove_file(dir.path().join("a.md")).unwrap();
        assert!(matches!(
            site.reload_page(&config, "a.md"),
            Err(ReloadError::Unreadable(_))
        ));
    }
}
