//! `quire check`.

use super::exit;
use crate::check;
use crate::cli::{CheckArgs, CheckFormat};
use crate::error::Severity;

pub fn run(args: CheckArgs) -> anyhow::Result<i32> {
    let overrides = args.site.overrides(None);
    let rendered = crate::build::render(&overrides)?;
    let findings = check::findings(
        &rendered.site,
        &rendered.config,
        &rendered.report.diagnostics,
    );
    match args.format {
        CheckFormat::Human => findings.iter().for_each(|d| eprintln!("{d}")),
        CheckFormat::Github => findings
            .iter()
            .for_each(|d| println!("{}", check::github(d))),
        CheckFormat::Json => println!("{}", check::json(&findings)),
    }
    let errors = findings
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = findings.len() - errors;
    if !args.verbosity.quiet {
        eprintln!(
            "checked {} pages: {errors} errors, {warnings} warnings",
            rendered.site.pages.len()
        );
    }
    let failed = errors > 0 || (args.deny_warnings && warnings > 0);
    Ok(if failed {
        exit::CONTENT_ERRORS
    } else {
        exit::OK
    })
}
