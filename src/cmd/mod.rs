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

/// Whether to colour a stream: escape codes mean something to a terminal
/// only (in a pipe or a CI log they are noise), and `NO_COLOR` set to
/// anything but the empty string turns colour off (no-color.org).
pub fn wants_colour(is_terminal: bool, no_color: Option<&std::ffi::OsStr>) -> bool {
    is_terminal && no_color.is_none_or(|value| value.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;

    #[test]
    fn colour_only_on_a_terminal_without_no_color() {
        assert!(wants_colour(true, None));
        assert!(wants_colour(true, Some(OsStr::new(""))));
        assert!(!wants_colour(true, Some(OsStr::new("1"))));
        assert!(!wants_colour(false, None));
        assert!(!wants_colour(false, Some(OsStr::new("1"))));
    }
}
