//! Issue 22 §7: inputs whose cost grew with the square of their size. Each
//! test builds the large case, made here, and asserts its messages; how the
//! time grows is measured by `scripts/bench.py --scaling`, not here.

use crate::util::Space;

/// 40,000 broken links on one page: each finding is located without
/// scanning the page again (that took 45 s).
#[test]
fn forty_thousand_broken_links_are_each_reported() {
    const LINKS: usize = 40_000;
    let links: String = (0..LINKS)
        .map(|i| format!("[l{i}](gone{i}.md)\n"))
        .collect();
    let space = Space::new();
    space.file("README.md", &format!("# Home\n\n{links}"));
    let run = space.run("check", &["-q"]);
    assert_eq!(run.code, 1);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), LINKS);
    assert_eq!(
        lines[LINKS - 1],
        "README.md:40002:1: error[broken-link]: broken link `gone39999.md`: no page or file `gone39999.md` (gone39999.md)"
    );
}
