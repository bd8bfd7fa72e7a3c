//! `quire build` as a library call: the pipeline from a folder to a site.
//!
//! Each stage timed (`-v`), in this order:
//! 1. config: `quire.yaml` and `.gitbook.yaml` (`config`), and the theme;
//! 2. load: discover, parse and outline the pages, navigation, spaces
//!    (`content`);
//! 3. markdown: every page body rendered once (`markdown`);
//! 4. pages: the feeds and the printable documents from every body, then
//!    the theme's templates filled (`render`);
//! 5. hosting: sitemap, feeds, 404 page, redirects (`render::hosting`);
//! 6. search: the index of the bodies (`search`), built while 4's templates
//!    and 5 run;
//! 7. write: the output swapped in whole (`write`). Pages, Markdown twins
//!    and llms files are written into the staging folder as 4 and 5 make
//!    them, so that a large site never holds them all.
//!
//! Content problems are collected, never fatal; only a build that cannot
//! produce a site (bad config, broken theme, unwritable output) fails, and
//! then the previous output is left as it was.

use crate::config::{Config, Overrides};
use crate::content::dates::DateStyle;
use crate::content::Site;
use crate::error::Report;
use crate::markdown::highlight_cache::Cache;
use crate::markdown::{Rendered, Section};
use crate::render::{OutputFile, Theme};
use crate::timing::timed;
use crate::write::{LockWait, Staging};
use anyhow::Result;
use std::time::{Duration, Instant};

/// What a finished build did.
#[derive(Debug)]
pub(crate) struct BuildSummary {
    pub pages: usize,
    pub files: usize,
    pub report: Report,
    /// Indices into `report.diagnostics` of the findings `quire check` fails on.
    pub check_failures: Vec<usize>,
    pub elapsed: Duration,
    pub output: std::path::PathBuf,
}

impl BuildSummary {
    /// `build --strict`: what `quire check` fails on is an error of this build.
    pub(crate) fn fail_on_check_failures(&mut self) {
        for &i in &self.check_failures {
            self.report.diagnostics[i].severity = crate::error::Severity::Error;
        }
    }
}

/// A site rendered in memory: what `build` writes and checks inspect.
pub(crate) struct RenderedSite {
    pub config: Config,
    pub site: Site,
    /// Every page's text by section, in page order, as the markdown stage
    /// cut it: what search indexes. The bodies' HTML is let go once the
    /// pages and feeds are made, so a large site does not hold it twice.
    pub sections: Vec<Vec<Section>>,
    /// Generated files (pages, navigation script, theme assets, …); from
    /// `build`, only those not already written.
    pub files: Vec<OutputFile>,
    pub report: Report,
}

/// Where the build hands finished files as it makes them, in batches:
/// `build` writes them into its staging folder at once, so that a large
/// site's pages are not all held in memory; `render` and `serve` keep them.
pub(crate) type Sink<'s> = dyn FnMut(Vec<OutputFile>) -> Result<()> + Send + 's;

/// Pages rendered, then handed to the sink, per batch: small enough that a
/// batch's HTML is a few megabytes, large enough to keep every core busy.
const PAGES_PER_BATCH: usize = 256;

/// Load and render the site in `overrides.dir` without writing anything.
pub(crate) fn render(overrides: &Overrides) -> Result<RenderedSite> {
    let (config, warnings) = timed("config", || Config::load(overrides))?;
    let mut handed = vec![];
    let mut rendered = render_config(config, warnings, &Cache::default(), &mut |batch| {
        handed.extend(batch);
        Ok(())
    })?;
    handed.append(&mut rendered.files);
    rendered.files = handed;
    Ok(rendered)
}

/// Every stage, handing pages, twins and llms files to `out` as they are
/// made; the rest (navigation, assets, hosting and search files) comes back
/// in `files`. Search reads only the bodies' sections, so its index is built
/// while the pages are rendered and written.
fn render_config(
    config: Config,
    warnings: Vec<crate::error::Diagnostic>,
    highlights: &Cache,
    out: &mut Sink,
) -> Result<RenderedSite> {
    let theme = timed("theme", || Theme::for_config(&config))?;
    let (site, mut bodies, mut report) =
        load_and_render_markdown(&config, &theme, warnings, highlights)?;
    let sections: Vec<Vec<Section>> = bodies
        .iter_mut()
        .map(|body| std::mem::take(&mut body.sections))
        .collect();
    let mut handed = Handed::new(&site, out);
    let feeds = make_documents(&site, &bodies, &theme, &config, &mut report, &mut handed)?;
    // The index is built once the printable documents are written: made
    // together, the two held a large site's peak of memory.
    let (search_files, files) = rayon::join(
        || {
            timed("search", || {
                crate::search::output_files(&site, &config, &sections)
            })
        },
        || {
            make_pages(
                &site,
                &mut bodies,
                &theme,
                &config,
                &mut report,
                &mut handed,
                feeds,
            )
        },
    );
    drop(bodies);
    let files = files?;
    (handed.out)(search_files)?;
    report.sort();
    Ok(RenderedSite {
        config,
        site,
        sections,
        files,
        report,
    })
}

/// Every stage but search, with an already loaded config and theme:
/// load → markdown → pages → hosting files. `warnings` are the config's,
/// put into the report. `quire serve` calls this on every change, and
/// builds the search index (`search::output_files`) after, so that the
/// reload does not wait for it.
pub(crate) fn render_content(
    config: Config,
    theme: &Theme,
    warnings: Vec<crate::error::Diagnostic>,
    highlights: &Cache,
) -> Result<RenderedSite> {
    let (site, mut bodies, mut report) =
        load_and_render_markdown(&config, theme, warnings, highlights)?;
    let mut handed = vec![];
    let mut files = make_files(
        &site,
        &mut bodies,
        theme,
        &config,
        &mut report,
        &mut |batch| {
            handed.extend(batch);
            Ok(())
        },
    )?;
    handed.append(&mut files);
    report.sort();
    let sections = bodies.into_iter().map(|body| body.sections).collect();
    Ok(RenderedSite {
        config,
        site,
        sections,
        files: handed,
        report,
    })
}

/// load → markdown: the site and every page's body, and their findings
/// after the config's `warnings`.
fn load_and_render_markdown(
    config: &Config,
    theme: &Theme,
    warnings: Vec<crate::error::Diagnostic>,
    highlights: &Cache,
) -> Result<(Site, Vec<Rendered>, Report)> {
    let mut report = Report::default();
    report.extend(warnings);
    let site = timed("load", || load(config, theme, &mut report))?;
    let bodies = timed("markdown", || {
        render_markdown(&site, config, highlights, &mut report)
    });
    Ok((site, bodies, report))
}

/// pages → hosting: the pages, twins and llms files go to `out` as they
/// are made; the other files come back. The bodies' HTML is let go as
/// their pages are made (the feeds and the printable documents, which
/// read it too, come first).
fn make_files(
    site: &Site,
    bodies: &mut [Rendered],
    theme: &Theme,
    config: &Config,
    report: &mut Report,
    out: &mut Sink,
) -> Result<Vec<OutputFile>> {
    let mut handed = Handed::new(site, out);
    let feeds = make_documents(site, bodies, theme, config, report, &mut handed)?;
    make_pages(site, bodies, theme, config, report, &mut handed, feeds)
}

/// What reads every body before the pages let them go: the feeds
/// (returned) and the printable documents (handed over).
fn make_documents(
    site: &Site,
    bodies: &[Rendered],
    theme: &Theme,
    config: &Config,
    report: &mut Report,
    handed: &mut Handed,
) -> Result<Vec<OutputFile>> {
    let feeds = timed("feeds", || {
        crate::render::hosting::feeds(site, config, bodies)
    });
    let (print, found) = timed("print", || {
        crate::render::outputs::print(site, config, theme, bodies)
    });
    handed.hand(print)?;
    report.extend(found);
    Ok(feeds)
}

/// The pages, then the hosting files; `feeds` join the files returned.
fn make_pages(
    site: &Site,
    bodies: &mut [Rendered],
    theme: &Theme,
    config: &Config,
    report: &mut Report,
    handed: &mut Handed,
    feeds: Vec<OutputFile>,
) -> Result<Vec<OutputFile>> {
    let mut files = timed("pages", || {
        render_pages(site, bodies, theme, config, report, handed)
    })?;
    files.extend(feeds);
    timed("hosting", || {
        add_hosting_files(site, theme, config, &mut files, report, handed)
    })?;
    Ok(files)
}

/// The sink, and the paths of what went into it: later files must not
/// take them.
struct Handed<'h, 's> {
    site: &'h Site,
    out: &'h mut Sink<'s>,
    paths: std::collections::HashSet<String>,
}

impl<'h, 's> Handed<'h, 's> {
    fn new(site: &'h Site, out: &'h mut Sink<'s>) -> Self {
        Handed {
            site,
            out,
            paths: Default::default(),
        }
    }

    /// Hand `batch` over, but what a file of the space claims.
    fn hand(&mut self, mut batch: Vec<OutputFile>) -> Result<()> {
        crate::render::reserved::yield_to_content(&mut batch, self.site);
        self.paths.extend(batch.iter().map(|f| f.path.clone()));
        (self.out)(batch)
    }
}

/// Read the space: its pages parsed and outlined, navigation, spaces; pages
/// at paths the theme needs are set aside.
fn load(config: &Config, theme: &Theme, report: &mut Report) -> Result<Site> {
    let (mut site, diagnostics) = crate::content::load(config)?;
    report.extend(diagnostics);
    report.extend(crate::render::reserved::withhold_content(
        &mut site, theme, config,
    ));
    for space in &mut site.spaces {
        space.dates = DateStyle::from_strings(theme.strings_for(&space.language));
    }
    Ok(site)
}

/// Every page's body, rendered once; their findings go into the report.
fn render_markdown(
    site: &Site,
    config: &Config,
    highlights: &Cache,
    report: &mut Report,
) -> Vec<Rendered> {
    highlights.begin_render(&config.space);
    let all: Vec<usize> = (0..site.pages.len()).collect();
    let mut bodies = crate::markdown::render_bodies(site, config, highlights, &all);
    highlights.finish_render();
    for body in &mut bodies {
        report.extend(std::mem::take(&mut body.diagnostics));
    }
    bodies
}

/// The theme's page template filled for every page, handed over a batch
/// at a time (the next batch rendered while the last one is handed, its
/// bodies' HTML let go), then the navigation script and the theme's
/// assets, returned.
fn render_pages(
    site: &Site,
    bodies: &mut [Rendered],
    theme: &Theme,
    config: &Config,
    report: &mut Report,
    handed: &mut Handed,
) -> Result<Vec<OutputFile>> {
    let all: Vec<usize> = (0..site.pages.len()).collect();
    let mut done: Option<Vec<OutputFile>> = None;
    for (batch, indices) in all.chunks(PAGES_PER_BATCH).enumerate() {
        let from = batch * PAGES_PER_BATCH;
        let previous = done.take();
        let (handing, rendered) = rayon::join(
            || previous.map_or(Ok(()), |files| handed.hand(files)),
            || crate::render::render_pages(site, theme, config, indices, &bodies[from..]),
        );
        handing?;
        for body in &mut bodies[from..from + indices.len()] {
            body.html = String::new();
        }
        let (files, diagnostics) = rendered?;
        report.extend(diagnostics);
        done = Some(files);
    }
    if let Some(files) = done {
        handed.hand(files)?;
    }
    let (files, diagnostics) = crate::render::site_files(site, theme, config)?;
    report.extend(diagnostics);
    Ok(files)
}

/// What a static host reads beside the pages: sitemap and robots, the
/// Markdown twins and llms.txt files (handed over at once, being the
/// largest), the 404 page, and the redirect pages (which yield to
/// content).
fn add_hosting_files(
    site: &Site,
    theme: &Theme,
    config: &Config,
    files: &mut Vec<OutputFile>,
    report: &mut Report,
    handed: &mut Handed,
) -> Result<()> {
    use crate::render::{hosting, reserved};
    files.extend(hosting::files(site, config));
    // Markdown twins and llms.txt, before redirects take the paths left.
    let (outputs, found) = timed("outputs", || crate::render::outputs::files(site, config));
    handed.hand(outputs)?;
    report.extend(found);
    let has_404 = |path: &String| path == "404.html";
    if !files
        .iter()
        .map(|f| &f.path)
        .chain(&handed.paths)
        .any(has_404)
    {
        files.push(hosting::not_found_page(site, theme, config)?);
    }
    reserved::yield_to_content(files, site);
    let taken: std::collections::HashSet<&str> = files
        .iter()
        .map(|f| f.path.as_str())
        .chain(handed.paths.iter().map(String::as_str))
        .chain(site.files.iter().map(|f| f.output.as_str()))
        .collect();
    let (redirects, problems) = hosting::redirect_pages(site, theme, config, &taken)?;
    files.extend(redirects);
    report.extend(problems);
    Ok(())
}

/// Build the site in `overrides.dir` and write it to its output folder,
/// waiting as `wait` says while another build writes the same folder.
pub(crate) fn build(overrides: &Overrides, wait: &LockWait) -> Result<BuildSummary> {
    let started = Instant::now();
    let (config, warnings) = timed("config", || Config::load(overrides))?;
    // Checked before the work, so a bad --out fails fast; dropped unused on
    // failure. It holds the output's lock until the swap.
    let staging = Staging::begin(&config.output, &config.space, wait)?;
    let space = config.space.clone();
    let rendered = render_config(config, warnings, &Cache::default(), &mut |batch| {
        staging.write(&batch, &[], &space)
    })?;
    let RenderedSite {
        config,
        site,
        files,
        mut report,
        sections,
    } = rendered;
    drop(sections);
    // A build that CI runs alone must not hide what `quire check` would fail on.
    report.extend(crate::check::own_failures(&site, &config));
    report.sort();
    let check_failures = (0..report.diagnostics.len())
        .filter(|&i| crate::check::fails_on(&report.diagnostics[i], &config))
        .collect();
    timed("write", || {
        staging.write(&files, &site.files, &config.space)?;
        staging.commit()
    })?;
    Ok(BuildSummary {
        pages: site.pages.len(),
        files: site.files.len(),
        report,
        check_failures,
        elapsed: started.elapsed(),
        output: config.output.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pages, twins and llms files are written as they are made, in
    /// batches: a site of several batches gets every file, byte for byte
    /// what the same site rendered in memory holds, and nothing else.
    #[test]
    fn a_build_writes_what_the_site_rendered_in_memory_holds() {
        let pages = PAGES_PER_BATCH * 2 + 3;
        let mut files: Vec<(String, String)> = vec![
            ("README.md".into(), "# Home\n\nHello.\n".into()),
            ("404.md".into(), "# Not here\n".into()),
            ("robots.txt".into(), "User-agent: *\n".into()),
        ];
        let mut summary = String::from("# Summary\n\n* [Home](README.md)\n");
        for n in 0..pages {
            let path = format!("part-{}/page-{n}.md", n % 7);
            summary.push_str(&format!("* [Page {n}]({path})\n"));
            let text = format!(
                "# Page {n}\n\n## Part\n\nSee [the next](page-{}.md).\n",
                n + 7
            );
            files.push((path, text));
        }
        files.push(("SUMMARY.md".into(), summary));
        let borrowed: Vec<(&str, &str)> = files
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        let dir = crate::fs::temp_space(&borrowed);
        let out = tempfile::tempdir().unwrap();
        let overrides = Overrides {
            dir: dir.path().to_path_buf(),
            out: Some(out.path().join("site")),
            base_url: Some("https://example.org/docs/".into()),
            ..Default::default()
        };
        let in_memory = render(&overrides).unwrap();
        let built = build(&overrides, &LockWait::NO_WAIT).unwrap();
        let mut expected: Vec<(String, Vec<u8>)> = in_memory
            .files
            .iter()
            .map(|f| (f.path.clone(), f.bytes.clone()))
            .chain(in_memory.site.files.iter().map(|f| {
                let bytes = std::fs::read(dir.path().join(&f.source)).unwrap();
                (f.output.clone(), bytes)
            }))
            .collect();
        expected.sort();
        let mut written: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(&built.output)
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(&built.output).unwrap();
                let rel = rel.to_string_lossy().replace('\\', "/");
                (rel, std::fs::read(e.path()).unwrap())
            })
            .filter(|(rel, _)| rel != crate::fs::MARKER)
            .collect();
        written.sort();
        let paths = |files: &[(String, Vec<u8>)]| -> Vec<String> {
            files.iter().map(|f| f.0.clone()).collect()
        };
        assert_eq!(paths(&written), paths(&expected));
        for ((path, got), (_, want)) in written.iter().zip(&expected) {
            assert!(got == want, "{path} differs");
        }
        assert!(
            written.len() > 2 * pages,
            "pages and twins: {}",
            written.len()
        );
        // The space's own files win over generated ones of the same path.
        let page_404 =
            String::from_utf8_lossy(&written.iter().find(|f| f.0 == "404.html").unwrap().1)
                .into_owned();
        assert!(page_404.contains("Not here"), "{page_404}");
        let robots = written.iter().find(|f| f.0 == "robots.txt").unwrap();
        assert_eq!(robots.1, b"User-agent: *\n");
    }
}
