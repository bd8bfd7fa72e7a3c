//! `quire build` as a library call: the pipeline from a folder to a site.
//!
//! config → content (discover, parse, navigate) → render → write, each step
//! timed. Content problems are collected, never fatal; only a build that
//! cannot produce a site (bad config, broken theme, unwritable output) fails,
//! and then the previous output is left as it was.

use crate::config::{Config, Overrides};
use crate::error::Report;
use crate::render::Theme;
use crate::write::Staging;
use anyhow::Result;
use std::time::{Duration, Instant};
use tracing::info;

/// What a finished build did.
#[derive(Debug)]
pub struct BuildSummary {
    pub pages: usize,
    pub files: usize,
    pub report: Report,
    pub elapsed: Duration,
    pub output: std::path::PathBuf,
}

/// Build the site in `overrides.dir` and write it to its output folder.
pub fn build(overrides: &Overrides) -> Result<BuildSummary> {
    let started = Instant::now();
    let mut report = Report::default();
    let (config, warnings) = timed("config", || Config::load(overrides))?;
    report.extend(warnings);
    let theme = timed("theme", || Theme::load(config.theme_dir.as_deref()))?;
    // Checked before the work, so a bad --out fails fast; dropped unused on failure.
    let staging = Staging::begin(&config.output, &config.space)?;
    let (site, diagnostics) = timed("load", || crate::content::load(&config))?;
    report.extend(diagnostics);
    let (files, diagnostics) = timed("render", || {
        crate::render::render_site(&site, &theme, &config)
    })?;
    report.extend(diagnostics);
    timed("write", || {
        staging.write(&files, &site.files, &config.space)?;
        staging.commit()
    })?;
    report.sort();
    Ok(BuildSummary {
        pages: site.pages.len(),
        files: site.files.len(),
        report,
        elapsed: started.elapsed(),
        output: config.output.clone(),
    })
}

fn timed<T>(stage: &str, f: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let result = f();
    info!(
        "{stage}: {:.1} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );
    result
}
