//! One thin function per subcommand: arguments in, library calls, exit code out.

pub mod build;
pub mod check;
pub mod completions;
pub mod init;
pub mod serve;

use crate::error::Report;

/// Exit codes, a contract scripts rely on.
pub mod exit {
    /// Everything built.
    pub const OK: i32 = 0;
    /// Content errors: the site was written, bad pages included with their errors shown.
    pub const CONTENT_ERRORS: i32 = 1;
    /// Nothing could be built: bad arguments, config, theme or output.
    pub const FATAL: i32 = 2;
}

/// Print diagnostics to stderr, errors always, warnings unless quiet.
pub fn print_report(report: &Report, quiet: bool) {
    for d in &report.diagnostics {
        if d.is_error() || !quiet {
            eprintln!("{d}");
        }
    }
}
