//! `quire build` as a library call: the pipeline from a folder to a site.
//!
//! Each stage timed (`-v`), in this order:
//! 1. config: `quire.yaml` and `.gitbook.yaml` (`config`), and the theme;
//! 2. load: discover, parse and outline the pages, navigation, spaces
//!    (`content`);
//! 3. markdown: every page body rendered once (`markdown`);
//! 4. pages: the theme's templates filled (`render`);
//! 5. hosting: sitemap, feeds, 404 page, redirects (`render::hosting`);
//! 6. search: the index of the bodies (`search`);
//! 7. write: the output swapped in whole (`write`).
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
    /// Generated files (pages, navigation script, theme assets).
    pub files: Vec<OutputFile>,
    pub report: Report,
}

/// Load and render the site in `overrides.dir` without writing anything.
pub(crate) fn render(overrides: &Overrides) -> Result<RenderedSite> {
    let (config, warnings) = timed("config", || Config::load(overrides))?;
    render_config(config, warnings, &Cache::default())
}

fn render_config(
    config: Config,
    warnings: Vec<crate::error::Diagnostic>,
    highlights: &Cache,
) -> Result<RenderedSite> {
    let theme = timed("theme", || Theme::for_config(&config))?;
    let mut rendered = render_content(config, &theme, warnings, highlights)?;
    let search_files = timed("search", || render_search(&rendered));
    rendered.files.extend(search_files);
    Ok(rendered)
}

/// Every stage but search, with an already loaded config and theme:
/// load → markdown → pages → hosting files. `warnings` are the config's,
/// put into the report. `quire serve` calls this on every change, and
/// [`render_search`] after, so that the reload does not wait for the
/// search index.
pub(crate) fn render_content(
    config: Config,
    theme: &Theme,
    warnings: Vec<crate::error::Diagnostic>,
    highlights: &Cache,
) -> Result<RenderedSite> {
    let mut report = Report::default();
    report.extend(warnings);
    let site = timed("load", || load(&config, theme, &mut report))?;
    let bodies = timed("markdown", || {
        render_markdown(&site, &config, highlights, &mut report)
    });
    let mut files = timed("pages", || {
        render_pages(&site, &bodies, theme, &config, &mut report)
    })?;
    timed("hosting", || {
        add_hosting_files(&site, &bodies, theme, &config, &mut files, &mut report)
    })?;
    report.sort();
    let sections = bodies.into_iter().map(|body| body.sections).collect();
    Ok(RenderedSite {
        config,
        site,
        sections,
        files,
        report,
    })
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

/// The theme's page template filled for every page, the navigation script
/// and the theme's assets.
fn render_pages(
    site: &Site,
    bodies: &[Rendered],
    theme: &Theme,
    config: &Config,
    report: &mut Report,
) -> Result<Vec<OutputFile>> {
    let (files, diagnostics) = crate::render::render_site(site, bodies, theme, config)?;
    report.extend(diagnostics);
    Ok(files)
}

/// What a static host reads beside the pages: sitemap and robots, the
/// Markdown twins and llms.txt files, feeds, the 404 page, and the redirect
/// pages (which yield to content).
fn add_hosting_files(
    site: &Site,
    bodies: &[Rendered],
    theme: &Theme,
    config: &Config,
    files: &mut Vec<OutputFile>,
    report: &mut Report,
) -> Result<()> {
    use crate::render::{hosting, reserved};
    files.extend(hosting::files(site, config));
    // Markdown twins and llms.txt, before redirects take the paths left.
    let (outputs, found) = timed("outputs", || crate::render::outputs::files(site, config));
    files.extend(outputs);
    report.extend(found);
    files.extend(hosting::feeds(site, config, bodies));
    if !files.iter().any(|f| f.path == "404.html") {
        files.push(hosting::not_found_page(site, theme, config)?);
    }
    reserved::yield_to_content(files, site);
    let taken: std::collections::HashSet<&str> = files
        .iter()
        .map(|f| f.path.as_str())
        .chain(site.files.iter().map(|f| f.output.as_str()))
        .collect();
    let (redirects, problems) = hosting::redirect_pages(site, theme, config, &taken)?;
    files.extend(redirects);
    report.extend(problems);
    Ok(())
}

/// The search files of a site rendered by [`render_content`] (none when
/// search is disabled).
pub(crate) fn render_search(rendered: &RenderedSite) -> Vec<OutputFile> {
    crate::search::output_files(&rendered.site, &rendered.config, &rendered.sections)
}

/// Build the site in `overrides.dir` and write it to its output folder,
/// waiting as `wait` says while another build writes the same folder.
pub(crate) fn build(overrides: &Overrides, wait: &LockWait) -> Result<BuildSummary> {
    let started = Instant::now();
    let (config, warnings) = timed("config", || Config::load(overrides))?;
    // Checked before the work, so a bad --out fails fast; dropped unused on
    // failure. It holds the output's lock until the swap.
    let staging = Staging::begin(&config.output, &config.space, wait)?;
    let rendered = render_config(config, warnings, &Cache::default())?;
    let RenderedSite {
        config,
        site,
        files,
        mut report,
        ..
    } = rendered;
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
