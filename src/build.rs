//! `quire build` as a library call: the pipeline from a folder to a site.
//!
//! config → content (discover, parse, navigate) → render → write, each step
//! timed. Content problems are collected, never fatal; only a build that
//! cannot produce a site (bad config, broken theme, unwritable output) fails,
//! and then the previous output is left as it was.

use crate::config::{Config, Overrides};
use crate::content::dates::DateStyle;
use crate::content::Site;
use crate::error::Report;
use crate::render::{OutputFile, Theme};
use crate::timing::timed;
use crate::write::{LockWait, Staging};
use anyhow::Result;
use std::time::{Duration, Instant};

/// What a finished build did.
#[derive(Debug)]
pub struct BuildSummary {
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
    pub fn fail_on_check_failures(&mut self) {
        for &i in &self.check_failures {
            self.report.diagnostics[i].severity = crate::error::Severity::Error;
        }
    }
}

/// A site rendered in memory: what `build` writes and checks inspect.
pub struct RenderedSite {
    pub config: Config,
    pub site: Site,
    /// Generated files (pages, navigation script, theme assets).
    pub files: Vec<OutputFile>,
    pub report: Report,
}

/// Load and render the site in `overrides.dir` without writing anything.
pub fn render(overrides: &Overrides) -> Result<RenderedSite> {
    let (config, warnings) = timed("config", || Config::load(overrides))?;
    render_config(config, warnings)
}

fn render_config(config: Config, warnings: Vec<crate::error::Diagnostic>) -> Result<RenderedSite> {
    let theme = timed("theme", || Theme::for_config(&config))?;
    let mut rendered = render_content(config, &theme, warnings)?;
    let search_files = timed("search", || render_search(&rendered));
    rendered.files.extend(search_files);
    Ok(rendered)
}

/// Load and render the pages of a site with an already loaded config and
/// theme, without the search files (see [`render_search`]). `warnings` are
/// the config's, put into the report. `quire serve` calls this on every
/// change so that the reload does not wait for the search index.
pub fn render_content(
    config: Config,
    theme: &Theme,
    warnings: Vec<crate::error::Diagnostic>,
) -> Result<RenderedSite> {
    let mut report = Report::default();
    report.extend(warnings);
    let (mut site, diagnostics) = timed("load", || crate::content::load(&config))?;
    report.extend(diagnostics);
    report.extend(crate::render::reserved::withhold_content(
        &mut site, theme, &config,
    ));
    for space in &mut site.spaces {
        space.dates = DateStyle::from_strings(theme.strings_for(&space.language));
    }
    crate::markdown::highlight_cache::begin_render(&config.space);
    let (mut files, diagnostics) = timed("render", || {
        crate::render::render_site(&site, theme, &config)
    })?;
    files.extend(crate::render::hosting::files(&site, &config));
    files.extend(crate::render::hosting::feeds(&site, &config, &files));
    if !files.iter().any(|f| f.path == "404.html") {
        files.push(crate::render::hosting::not_found_page(
            &site, theme, &config,
        )?);
    }
    report.extend(diagnostics);
    crate::render::reserved::yield_to_content(&mut files, &site);
    let taken: std::collections::HashSet<&str> = files
        .iter()
        .map(|f| f.path.as_str())
        .chain(site.files.iter().map(|f| f.output.as_str()))
        .collect();
    let (redirects, problems) =
        crate::render::hosting::redirect_pages(&site, theme, &config, &taken)?;
    files.extend(redirects);
    report.extend(problems);
    report.sort();
    // After the feeds and the 404 page, which render Markdown too.
    crate::markdown::highlight_cache::finish_render();
    Ok(RenderedSite {
        config,
        site,
        files,
        report,
    })
}

/// The search files of a site rendered by [`render_content`] (none when
/// search is disabled).
pub fn render_search(rendered: &RenderedSite) -> Vec<OutputFile> {
    crate::search::output_files(&rendered.site, &rendered.config, &rendered.files)
}

/// Build the site in `overrides.dir` and write it to its output folder,
/// waiting as `wait` says while another build writes the same folder.
pub fn build(overrides: &Overrides, wait: &LockWait) -> Result<BuildSummary> {
    let started = Instant::now();
    let (config, warnings) = timed("config", || Config::load(overrides))?;
    // Checked before the work, so a bad --out fails fast; dropped unused on
    // failure. It holds the output's lock until the swap.
    let staging = Staging::begin(&config.output, &config.space, wait)?;
    let rendered = render_config(config, warnings)?;
    let RenderedSite {
        config,
        site,
        files,
        mut report,
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
