//! The seed corpora (`fuzz/corpus/`) and the named regressions
//! (`fuzz/regressions/`), replayed on stable through the same entry points
//! the fuzz targets call (`quire::fuzzing`). Fuzzing itself runs outside CI,
//! on working corpora outside the repository: see `fuzz/README.md`.

use std::path::Path;

fn replay(target: &str, run: fn(&[u8])) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut replayed = 0;
    for folder in ["corpus", "regressions"] {
        let dir = root.join(folder).join(target);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            let bytes = std::fs::read(&path).unwrap();
            let outcome = std::panic::catch_unwind(|| run(&bytes));
            assert!(outcome.is_ok(), "{} panics", path.display());
            replayed += 1;
        }
    }
    assert!(replayed > 0, "no inputs for {target}");
}

#[test]
fn tag_parser_corpus() {
    replay("tags", quire::fuzzing::tags);
}

#[test]
fn front_matter_corpus() {
    replay("front_matter", quire::fuzzing::front_matter);
}

#[test]
fn summary_corpus() {
    replay("summary", quire::fuzzing::summary);
}

#[test]
fn page_corpus() {
    replay("page", quire::fuzzing::page);
}

#[test]
fn html_url_filter_corpus() {
    replay("html_urls", quire::fuzzing::html_urls);
}

#[test]
fn redirects_corpus() {
    replay("redirects", quire::fuzzing::redirects);
}

/// The seed is minimised with `cargo fuzz cmin`, not a dump of every input
/// fuzzing ever kept (which once made 96% of the repository's files).
#[test]
fn seed_corpus_stays_a_seed() {
    const MOST_FILES: usize = 500;
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    let files: usize = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|target| std::fs::read_dir(target.unwrap().path()).unwrap().count())
        .sum();
    assert!(
        files <= MOST_FILES,
        "fuzz/corpus holds {files} files, over {MOST_FILES}: minimise it (fuzz/README.md)"
    );
}
