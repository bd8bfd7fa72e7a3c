//! `quire build`.

use super::{exit, print_report};
use crate::cli::BuildArgs;

pub fn run(args: BuildArgs) -> anyhow::Result<i32> {
    let overrides = args.site.overrides(args.out);
    // Said even with -q: a build that pauses for minutes must say why.
    let wait = crate::write::LockWait {
        timeout: std::time::Duration::from_secs(if args.no_wait { 0 } else { args.wait_timeout }),
        notify: &|message| eprintln!("{message}"),
    };
    let mut summary = crate::build::build(&overrides, &wait)?;
    if args.strict {
        summary.fail_on_check_failures();
    }
    let report = &summary.report;
    print_report(report, args.verbosity.quiet);
    if !args.verbosity.quiet {
        let failures = summary.check_failures.len();
        eprintln!(
            "built {} pages and {} files into {} ({} warnings, {} errors) in {:.2}s; {failures} finding{} that `quire check` fails on",
            summary.pages,
            summary.files,
            summary.output.display(),
            report.warnings(),
            report.errors(),
            summary.elapsed.as_secs_f64(),
            if failures == 1 { "" } else { "s" },
        );
    }
    Ok(if report.errors() > 0 {
        exit::CONTENT_ERRORS
    } else {
        exit::OK
    })
}
