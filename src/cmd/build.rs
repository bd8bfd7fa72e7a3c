//! `quire build`.

use super::{exit, print_report};
use crate::cli::BuildArgs;

pub fn run(args: BuildArgs) -> anyhow::Result<i32> {
    let overrides = args.site.overrides(args.out);
    let summary = crate::build::build(&overrides)?;
    let report = &summary.report;
    print_report(report, args.verbosity.quiet);
    if !args.verbosity.quiet {
        eprintln!(
            "built {} pages and {} files into {} ({} warnings, {} errors) in {:.2}s",
            summary.pages,
            summary.files,
            summary.output.display(),
            report.warnings(),
            report.errors(),
            summary.elapsed.as_secs_f64()
        );
    }
    Ok(if report.errors() > 0 {
        exit::CONTENT_ERRORS
    } else {
        exit::OK
    })
}
