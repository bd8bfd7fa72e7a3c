//! Output paths that belong to quire, and content that would land on them.
//!
//! 1. Before rendering, a file of the space whose output path is one of
//!    quire's own scripts, styles or search files (`nav.js`,
//!    `assets/quire.css`, `search/manifest.js`, …) is withheld with a
//!    warning: navigation and search must not break because a space holds a
//!    file of that name.
//! 2. After rendering, every other generated file a file of the space also
//!    claims (`robots.txt`, `sitemap.xml`, `404.html`) gives way: the space
//!    put it there on purpose. Each path is then written exactly once.

use super::{nav_script_path, OutputFile, Theme};
use crate::config::Config;
use crate::content::Site;
use crate::error::Diagnostic;
use std::collections::HashSet;

/// Withhold the files of the space that would replace quire's own; one
/// warning at each.
pub(crate) fn withhold_content(site: &mut Site, theme: &Theme, config: &Config) -> Vec<Diagnostic> {
    let own: HashSet<String> = site
        .spaces
        .iter()
        .map(nav_script_path)
        .chain(theme.assets.keys().map(|name| format!("assets/{name}")))
        .collect();
    let is_own = |output: &str| own.contains(output) || is_search_file(output);
    let warnings = site
        .files
        .iter()
        .filter(|f| is_own(&f.output))
        .map(|file| {
            let at = config.display_path(&config.space.join(&file.source));
            Diagnostic::warning(
                "reserved",
                at,
                format!(
                    "`{}` is where quire writes its own script, style or search file; that one is published, not this file (rename it)",
                    file.output
                ),
            )
        })
        .collect();
    site.retain_files(|f| !is_own(&f.output));
    warnings
}

/// The search index's files: scripts under `search/` (one folder per space
/// below it in a site of several), named by their contents.
fn is_search_file(output: &str) -> bool {
    output.starts_with("search/") && output.ends_with(".js")
}

/// Drop the generated files that a file of the space replaces on purpose.
pub(crate) fn yield_to_content(files: &mut Vec<OutputFile>, site: &Site) {
    let claimed: HashSet<&str> = site.files.iter().map(|f| f.output.as_str()).collect();
    files.retain(|f| !claimed.contains(f.path.as_str()));
}

#[cfg(test)]
mod tests {
    use super::is_search_file;

    #[test]
    fn search_files_are_scripts_under_search() {
        assert!(is_search_file("search/manifest.js"));
        assert!(is_search_file("search/zh-TW/terms-0a1b.js"));
        assert!(!is_search_file("search/README.html"));
        assert!(!is_search_file("search/screenshot.png"));
        assert!(!is_search_file("guides/search/manifest.js"));
    }
}
