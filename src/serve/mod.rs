//! `quire serve`: build in memory, serve, watch, rebuild, reload the browser.
//!
//! 1. Bind the port first, so a port in use fails before any work.
//! 2. Load the config and theme and render the pages in memory
//!    (`build::render_content`); serve them (`server`) and print
//!    `Serving at …`.
//! 3. Watch the sources (`watch`); each settled batch of changed paths is
//!    mapped to what must be rebuilt (`plan`).
//! 4. Rebuild on a thread of its own: pages first, swapped in and announced
//!    over server-sent events; the search index is computed on another
//!    thread and swapped in after, so neither the reload nor the next
//!    rebuild waits for it. A page whose source now has an error
//!    keeps its last good version and the browser shows the error over it.
//! 5. The loaded site stays in memory between rebuilds. A body edit (no
//!    change to what other pages show of the page) re-reads and re-renders
//!    that page alone (`incremental`); anything else renders the whole site.

mod connections;
mod content_folder;
mod incremental;
pub(crate) mod plan;
pub(crate) mod server;
pub(crate) mod snapshot;
pub(crate) mod watch;

use crate::build::{render_content, RenderedSite};
use crate::config::{Config, Overrides, CONFIG_FILE};
use crate::content::page::Page;
use crate::content::Site;
use crate::error::{Diagnostic, Report};
use crate::markdown::highlight_cache::Cache;
use crate::markdown::Section;
use crate::render::{OutputFile, Theme};
use anyhow::{bail, Context, Result};
use content_folder::{ContentFolder, Folder};
use plan::{Layout, Plan, Rebuild};
use server::{Event, Shared};
use snapshot::{Fresh, Snapshot};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::Write;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender};
use std::sync::Arc;
use std::time::{Duration, Instant};
use watch::{Root, WatchEvent};

/// How `quire serve` was asked to run.
#[derive(Debug, Clone)]
pub(crate) struct Options {
    pub overrides: Overrides,
    pub host: String,
    pub port: u16,
    /// Normalised by [`normalise_base_path`]: `/` or `/kb/`.
    pub base_path: String,
    pub open: bool,
    pub poll: bool,
    pub quiet: bool,
}

/// Serve until Ctrl-C or SIGTERM.
pub(crate) fn run(options: Options) -> Result<()> {
    let listener = bind(&options.host, options.port)?;
    let port = listener.local_addr()?.port();
    let mut session = Session::start(&options)?;
    let first = session.rendered_pages()?;
    let shared = Arc::new(Shared::new(
        Snapshot::default().next(Fresh::of(&first)),
        options.base_path.clone(),
        options.host.clone(),
        session.config.space.clone(),
    ));
    let (sender, batches) = std::sync::mpsc::channel();
    let watching = watch::start(&session.roots(), options.poll, sender)?;
    let space = &session.config.space;
    let shown = session.config.display_path(space);
    session.folder = Some(ContentFolder::new(watching, space, &shown));
    let url = format!(
        "http://{}:{port}{}",
        url_host(&options.host),
        options.base_path
    );
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the server's runtime")?;
    let listener = {
        let _entered = runtime.enter();
        tokio::net::TcpListener::from_std(listener)?
    };
    let searcher = start_search_worker(Arc::clone(&shared));
    let job = session.keep(first, shared.current().generation);
    // The receiver lives as long as the worker; a failed send loses one index.
    let _ = searcher.send(job);
    let rebuilder = Arc::clone(&shared);
    std::thread::spawn(move || session.rebuild_forever(&batches, &rebuilder, &searcher));
    announce(&url, options.open)?;
    runtime.block_on(serve_until_stopped(listener, shared))
}

/// `/`, `kb`, `/kb` and `/kb/` all become `/kb/`-style paths.
pub(crate) fn normalise_base_path(raw: &str) -> Result<String> {
    let trimmed = raw.trim_matches('/');
    let safe = trimmed
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-._~/".contains(&b));
    if !safe
        || trimmed
            .split('/')
            .any(|s| s.is_empty() || s == "." || s == "..")
    {
        if trimmed.is_empty() {
            return Ok("/".into());
        }
        bail!("--base-path `{raw}` must be a plain path like /kb/ (letters, digits, - . _ ~)");
    }
    Ok(format!("/{trimmed}/"))
}

fn bind(host: &str, port: u16) -> Result<std::net::TcpListener> {
    let listener = std::net::TcpListener::bind((host, port)).map_err(|e| match e.kind() {
        std::io::ErrorKind::AddrInUse => anyhow::anyhow!(
            "port {port} on {host} is already in use; pick another with --port, or --port 0 for a free one"
        ),
        _ => anyhow::anyhow!("cannot listen on {host}:{port}: {e}"),
    })?;
    listener.set_nonblocking(true)?;
    Ok(listener)
}

fn url_host(host: &str) -> String {
    if host.contains(':') {
        format!("[{host}]")
    } else {
        host.to_string()
    }
}

/// The one line on stdout, flushed: tools and tests wait for it.
fn announce(url: &str, open: bool) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "Serving at {url}")?;
    stdout.flush()?;
    if open {
        open_browser(url);
    }
    Ok(())
}

fn open_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    if let Err(e) = std::process::Command::new(command.0)
        .args(&command.1)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        eprintln!(
            "warning: could not open a browser ({}: {e}); open {url}",
            command.0
        );
    }
}

async fn serve_until_stopped(listener: tokio::net::TcpListener, shared: Arc<Shared>) -> Result<()> {
    let app = server::router(Arc::clone(&shared));
    let stopping = Arc::new(tokio::sync::Notify::new());
    let signalled = Arc::clone(&stopping);
    let graceful = async move {
        stop_signal().await;
        shared.send(Event::Shutdown);
        signalled.notify_one();
    };
    let serving = connections::serve(listener, app, graceful);
    // Open connections get a moment to finish; then quire stops regardless.
    let deadline = async {
        stopping.notified().await;
        tokio::time::sleep(Duration::from_secs(2)).await;
    };
    tokio::select! {
        () = serving => Ok(()),
        () = deadline => Ok(()),
    }
}

/// Ctrl-C, or SIGTERM on Unix.
async fn stop_signal() {
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut stream) => {
                stream.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}

/// The parsed config and theme, kept between rebuilds, and what the site holds.
struct Session {
    overrides: Overrides,
    quiet: bool,
    config: Config,
    config_warnings: Vec<Diagnostic>,
    theme: Theme,
    /// Highlighted code, kept for every rebuild.
    highlights: Cache,
    layout: Layout,
    /// Printed diagnostics, so a rebuild prints only new warnings.
    shown: HashSet<String>,
    /// The site of the last render, with the pages re-rendered since.
    loaded: Option<Loaded>,
    /// The space's folder and its watch, once watching has started.
    folder: Option<ContentFolder>,
}

/// A rendered site kept between rebuilds. The site and its files are shared
/// with the search worker; an edit while it still reads them edits a copy.
struct Loaded {
    site: Arc<Site>,
    /// Generated files (pages, navigation scripts, theme assets), each
    /// shared so that a search job costs no copy of them.
    files: Vec<Arc<OutputFile>>,
    /// Every page's text by section, in page order, shared with the search
    /// worker.
    sections: Vec<Arc<Vec<Section>>>,
    report: Report,
    /// Pages whose text has an `{% include`: those that may include a page.
    including: Vec<Including>,
}

/// A page with `{% include` tags, and their text: an edit checks whether
/// they name the edited page without reading every such page again.
struct Including {
    page: usize,
    tags: IncludeTags,
}

impl Including {
    /// Page `page` with `text`, if it has an include tag.
    fn of(page: usize, text: &str) -> Option<Including> {
        text.contains(INCLUDE_TAG).then(|| Including {
            page,
            tags: IncludeTags::of(text),
        })
    }
}

impl Session {
    fn start(options: &Options) -> Result<Session> {
        let (config, config_warnings) = Config::load(&options.overrides)?;
        let theme = Theme::for_config(&config)?;
        Ok(Session {
            overrides: options.overrides.clone(),
            quiet: options.quiet,
            config,
            config_warnings,
            theme,
            highlights: Cache::default(),
            layout: Layout::default(),
            shown: HashSet::new(),
            loaded: None,
            folder: None,
        })
    }

    /// The first render: every diagnostic is printed, like `quire build`.
    fn rendered_pages(&mut self) -> Result<RenderedSite> {
        let rendered = self.render()?;
        self.print_diagnostics(&rendered.report.diagnostics);
        Ok(rendered)
    }

    fn render(&mut self) -> Result<RenderedSite> {
        let rendered = render_content(
            self.config.clone(),
            &self.theme,
            self.config_warnings.clone(),
            &self.highlights,
        )?;
        self.layout = layout_of(&rendered, self.config_file());
        Ok(rendered)
    }

    /// Keep a full render for the next edit; returns its search job.
    fn keep(&mut self, rendered: RenderedSite, generation: u64) -> SearchJob {
        let including = (rendered.site.pages.iter().enumerate())
            .filter_map(|(i, page)| Including::of(i, &page.text))
            .collect();
        let loaded = Loaded {
            site: Arc::new(rendered.site),
            files: rendered.files.into_iter().map(Arc::new).collect(),
            sections: rendered.sections.into_iter().map(Arc::new).collect(),
            report: rendered.report,
            including,
        };
        let job = SearchJob {
            generation,
            site: Arc::clone(&loaded.site),
            config: rendered.config,
            sections: loaded.sections.clone(),
            llms: None,
        };
        self.loaded = Some(loaded);
        job
    }

    fn config_file(&self) -> PathBuf {
        match &self.overrides.config {
            Some(path) => std::path::absolute(path).unwrap_or_else(|_| path.clone()),
            None => self.config.root.join(CONFIG_FILE),
        }
    }

    /// The space, the theme folder and the config file's folder, each once,
    /// and the space's parent folder, where the space itself is replaced.
    fn roots(&self) -> Vec<Root> {
        let space = &self.config.space;
        let mut roots = vec![Root {
            path: space.clone(),
            recursive: true,
        }];
        if let Some(parent) = space.parent() {
            roots.push(Root {
                path: parent.to_path_buf(),
                recursive: false,
            });
        }
        if let Some(theme) = self
            .config
            .theme_dir
            .as_ref()
            .filter(|t| !t.starts_with(space))
        {
            roots.push(Root {
                path: theme.clone(),
                recursive: true,
            });
        }
        let config_file = self.config_file();
        if let Some(folder) = config_file
            .parent()
            .filter(|f| !f.starts_with(space) && Some(*f) != space.parent())
        {
            roots.push(Root {
                path: folder.to_path_buf(),
                recursive: false,
            });
        }
        roots
    }

    fn rebuild_forever(
        mut self,
        batches: &Receiver<WatchEvent>,
        shared: &Shared,
        searcher: &Sender<SearchJob>,
    ) {
        while let Ok(first) = batches.recv() {
            let mut changes = vec![];
            // Batches that queued up during the last rebuild become one rebuild.
            for event in std::iter::once(first).chain(batches.try_iter()) {
                match event {
                    WatchEvent::Batch(batch) => changes.extend(batch),
                    WatchEvent::Failed(message) => eprintln!("warning: watching files: {message}"),
                }
            }
            self.handle(&changes, shared, searcher);
        }
    }

    fn handle(&mut self, changes: &[plan::Change], shared: &Shared, searcher: &Sender<SearchJob>) {
        let Some(plan) = self.plan(changes) else {
            return;
        };
        let started = Instant::now();
        match plan.rebuild {
            Rebuild::Nothing => return,
            Rebuild::Assets => {
                shared.send(Event::Reload(shared.current().generation));
                self.print_rebuilt(&plan.changed, "reloaded", started);
                return;
            }
            Rebuild::Everything => {
                if let Err(e) = self.reload_config_and_theme() {
                    return report_fatal(shared, &e);
                }
            }
            Rebuild::Pages(ref sources) => {
                if let Some(job) = self.rebuild_pages(sources, &plan.changed, shared, started) {
                    let _ = searcher.send(job);
                    return;
                }
            }
            Rebuild::Site => {}
        }
        match self.render() {
            Ok(rendered) => {
                let generation = self.publish(shared, &plan.changed, &rendered, started);
                let job = self.keep(rendered, generation);
                let _ = searcher.send(job);
            }
            Err(e) => report_fatal(shared, &e),
        }
    }

    /// What a batch asks for; everything when the content folder was
    /// replaced, and nothing while it is gone.
    fn plan(&mut self, changes: &[plan::Change]) -> Option<Plan> {
        let Some(folder) = &mut self.folder else {
            return Some(plan::plan(changes, &self.layout));
        };
        match folder.check(self.quiet) {
            Folder::Unchanged => Some(plan::plan(changes, &self.layout)),
            Folder::Missing => None,
            Folder::Replaced => Some(Plan {
                rebuild: Rebuild::Everything,
                changed: vec![folder.shown().to_string()],
            }),
        }
    }

    fn reload_config_and_theme(&mut self) -> Result<()> {
        let (config, warnings) = Config::load(&self.overrides)?;
        self.theme = Theme::for_config(&config)?;
        self.config = config;
        self.config_warnings = warnings;
        Ok(())
    }

    /// Swap the new pages in and tell the browsers; returns their generation.
    fn publish(
        &mut self,
        shared: &Shared,
        changed: &[String],
        rendered: &RenderedSite,
        started: Instant,
    ) -> u64 {
        let fresh = Fresh::of(rendered);
        let generation = swap_in(shared, |current| current.next(fresh));
        let what = format!("rebuilt {}", count_pages(rendered.site.pages.len()));
        self.print_rebuilt(changed, &what, started);
        self.print_diagnostics(&rendered.report.diagnostics);
        generation
    }

    fn print_rebuilt(&self, changed: &[String], what: &str, started: Instant) {
        if self.quiet {
            return;
        }
        let mut names = changed
            .iter()
            .take(3)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        if changed.len() > 3 {
            names.push_str(&format!(" and {} more", changed.len() - 3));
        }
        let took = started.elapsed().as_secs_f64() * 1000.0;
        eprintln!("changed {names}: {what} in {took:.0} ms");
    }

    /// Errors every time; warnings only the first time they appear.
    fn print_diagnostics(&mut self, diagnostics: &[Diagnostic]) {
        for d in diagnostics {
            let line = d.to_string();
            let is_new = self.shown.insert(line.clone());
            if d.is_error() || (is_new && !self.quiet) {
                eprintln!("{line}");
            }
        }
    }
}

/// Serve the next version and tell the browsers: reload, or show its
/// errors. Returns its generation.
fn swap_in(shared: &Shared, make: impl FnOnce(&Snapshot) -> Snapshot) -> u64 {
    let next = shared.advance(make);
    if next.errors.is_empty() {
        shared.send(Event::Reload(next.generation));
    } else {
        shared.send(Event::Errors(next.errors.clone()));
    }
    next.generation
}

/// `1 page`, `12 pages`.
fn count_pages(n: usize) -> String {
    match n {
        1 => "1 page".into(),
        n => format!("{n} pages"),
    }
}

/// A site to index, with the generation of the pages it was rendered as.
struct SearchJob {
    generation: u64,
    site: Arc<Site>,
    config: Config,
    sections: Vec<Arc<Vec<Section>>>,
    /// After an edit that rendered some pages alone.
    llms: Option<incremental::LlmsRefresh>,
}

/// The search index (and after an edit `llms-full.txt`) is computed on a
/// thread of its own, so neither the reload nor the next rebuild waits for
/// it (on a large site it takes much longer than the pages). Jobs that
/// queued up meanwhile are skipped for the latest one, which remakes
/// `llms-full.txt` for their edits too.
fn start_search_worker(shared: Arc<Shared>) -> Sender<SearchJob> {
    let (sender, jobs) = std::sync::mpsc::channel::<SearchJob>();
    // One thread of its own: on rayon's global pool its tasks would queue
    // ahead of the next rebuild's and slow it down several times.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .thread_name(|_| "quire-search".into())
        .build();
    std::thread::spawn(move || {
        let mut unserved = incremental::UnservedEdits::default();
        while let Ok(mut job) = jobs.recv() {
            for newer in jobs.try_iter() {
                unserved.keep(job.llms.as_ref());
                job = newer;
            }
            unserved.hand_to(job.llms.as_mut());
            let started = Instant::now();
            if let Some(llms) = &job.llms {
                let files = llms.files(&job.site, &job.config);
                if !shared.apply_late_files(job.generation, files) {
                    unserved.keep(Some(llms));
                }
            }
            let index = || crate::search::output_files(&job.site, &job.config, &job.sections);
            let files = match &pool {
                Ok(pool) => pool.install(index),
                Err(_) => index(),
            };
            let generation = job.generation;
            // Let go of the site first, so the next edit need not copy it.
            drop(job);
            shared.apply_search(generation, files);
            tracing::info!(
                "search index: {:.0} ms",
                started.elapsed().as_secs_f64() * 1000.0
            );
        }
    });
    sender
}

/// A rebuild that produced nothing (a broken config or theme): the last good
/// site stays, and the error goes to the terminal and the browsers.
fn report_fatal(shared: &Shared, error: &anyhow::Error) {
    let message = crate::error::fatal_message(error);
    eprintln!("{message}");
    shared.send(Event::Errors(vec![message]));
}

/// What `plan` needs to know of the site being served.
fn layout_of(rendered: &RenderedSite, config_file: PathBuf) -> Layout {
    let site = &rendered.site;
    let config = &rendered.config;
    Layout {
        space: config.space.clone(),
        output: config.output.clone(),
        config_file: Some(config_file),
        theme_dir: config.theme_dir.clone(),
        summary: config.summary.clone(),
        pages: site.pages.iter().map(|p| p.source.clone()).collect(),
        files: site.files.iter().map(|f| f.source.clone()).collect(),
        includes: site.includes.keys().cloned().collect(),
        includers: includers(site),
    }
}

/// Include source → pages whose text names it in an `{% include %}` (by
/// file name: a superset, which only costs a page rendered for nothing).
fn includers(site: &Site) -> HashMap<String, BTreeSet<String>> {
    let mut map: HashMap<String, BTreeSet<String>> = HashMap::new();
    for page in site.pages.iter().filter(|p| p.text.contains(INCLUDE_TAG)) {
        for include in site.includes.keys() {
            if may_include(page, include) {
                map.entry(include.clone())
                    .or_default()
                    .insert(page.source.clone());
            }
        }
    }
    map
}

const INCLUDE_TAG: &str = "{% include";

/// Whether `page` may include `source`: one of its include tags names the
/// file (a superset of the real includes: the folder is not compared).
fn may_include(page: &Page, source: &str) -> bool {
    IncludeTags::of(&page.text).may_name(source)
}

/// The `{% include … %}` tags of a text, as written and percent-decoded,
/// each followed by a NUL, which no file name has.
struct IncludeTags(String);

impl IncludeTags {
    fn of(text: &str) -> IncludeTags {
        let mut tags = String::new();
        for (at, _) in text.match_indices(INCLUDE_TAG) {
            let rest = &text[at..];
            let tag = &rest[..rest.find("%}").unwrap_or(rest.len())];
            for form in [tag, &crate::text::url::decode(tag)] {
                tags.push_str(form);
                tags.push('\0');
            }
        }
        IncludeTags(tags)
    }

    /// Whether a tag names the file `source` (by file name).
    fn may_name(&self, source: &str) -> bool {
        let name = source.rsplit('/').next().unwrap_or(source);
        self.0.contains(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_paths_are_normalised() {
        assert_eq!(normalise_base_path("/").unwrap(), "/");
        assert_eq!(normalise_base_path("").unwrap(), "/");
        assert_eq!(normalise_base_path("kb").unwrap(), "/kb/");
        assert_eq!(normalise_base_path("/kb").unwrap(), "/kb/");
        assert_eq!(normalise_base_path("/docs/kb/").unwrap(), "/docs/kb/");
        assert!(normalise_base_path("/a/../b/").is_err());
        assert!(normalise_base_path("/a b/").is_err());
        assert!(normalise_base_path("/a//b/").is_err());
    }

    #[test]
    fn only_include_tags_that_name_a_file_may_include_it() {
        let text =
            "# P\n\nSee [a](a.md).\n\n{% include \"../.gitbook/includes/my%20hours.md\" %}\n";
        let (page, _) = Page::parse("p.md".into(), "p.html".into(), text.into(), "p.md".as_ref());
        assert!(may_include(&page, ".gitbook/includes/my hours.md"));
        assert!(may_include(&page, "other/my%20hours.md"));
        assert!(!may_include(&page, "a.md"));
    }

    #[test]
    fn ipv6_hosts_are_bracketed_in_urls() {
        assert_eq!(url_host("::1"), "[::1]");
        assert_eq!(url_host("127.0.0.1"), "127.0.0.1");
    }
}
