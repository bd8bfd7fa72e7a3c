//! Every space we own builds with no leaked tag text and no failed page:
//! the sample site, the fixtures, and the corpus spaces in `tests/corpus/`
//! (CJK, deliberately broken files, ...).

use std::path::{Path, PathBuf};

fn spaces() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dirs = vec![
        root.join("content"),
        root.join("tests/fixtures/basic"),
        root.join("tests/fixtures/seedlike"),
    ];
    if let Ok(entries) = std::fs::read_dir(root.join("tests/corpus")) {
        let mut corpus: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect();
        corpus.sort();
        dirs.extend(corpus);
    }
    dirs
}

#[test]
fn no_space_leaks_tags_or_fails_a_page() {
    for dir in spaces() {
        let report = quire::corpus::report(&dir);
        assert!(
            report.fatal.is_none(),
            "{}: {:?}",
            dir.display(),
            report.fatal
        );
        assert!(report.pages > 0, "{}: no pages", dir.display());
        assert_eq!(
            report.leaked_tags,
            0,
            "{}: tags leak in {:?}",
            dir.display(),
            report.leaking_pages
        );
        assert_eq!(report.failed_pages, 0, "{}", dir.display());
    }
}

#[test]
fn the_sample_site_builds_without_errors_or_broken_links() {
    let report = quire::corpus::report(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"));
    assert_eq!(report.errors, 0, "{report:?}");
    assert_eq!(report.broken_links, 0, "{report:?}");
}
