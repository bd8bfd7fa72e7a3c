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

/// A front matter of 100,000 nested `[` (200,000 characters with its
/// closings) is refused at the 129th, before the YAML parser's scan (which
/// took a minute); the page is still written, showing the error.
#[test]
fn deeply_nested_yaml_front_matter_is_cut_off() {
    let depth = 100_000;
    let yaml = format!("tags: {}{}", "[".repeat(depth), "]".repeat(depth));
    let space = Space::new();
    space
        .file("README.md", "# Home\n")
        .file("deep.md", &format!("---\n{yaml}\n---\n# Deep\n"));
    let run = space.build(&[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    crate::util::assert_reported(
        &run.stderr,
        &["deep.md:2:135: error[front-matter]: malformed front matter: `[` and `{` nested more than 128 levels deep\n"],
    );
    assert!(space
        .read_out("deep.html")
        .contains("nested more than 128 levels deep"));
}

/// 50,000 nested `{` in a formula: shown as written, with a warning whose
/// message quotes only the formula's start.
#[test]
fn deeply_nested_formula_is_shown_as_written() {
    let depth = 50_000;
    let formula = format!("{}x{}", "{".repeat(depth), "}".repeat(depth));
    let space = Space::new();
    space.file("README.md", &format!("# Home\n\n$${formula}$$\n"));
    let run = space.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let start = "{".repeat(40);
    crate::util::assert_reported(
        &run.stderr,
        &[&format!("README.md:3:1: warning[math]: formula `{start}…`: nested more than 64 levels deep (`{{`, `[`, `\\left`, `\\begin`); shown as written\n")],
    );
    let page = space.read_out("index.html");
    assert!(page.contains(&format!("<div class=\"math-display\"><code>{start}")));
}

/// Finding 1 of the red-team pass: a SUMMARY.md nested 3,000 levels (10 KB
/// on one line, or indented) overflowed the stack. Nesting stops at 32
/// levels with one warning at its line; every page is still built. (The
/// parser's own test nests 3,000 indented levels; 3,000 pages each showing
/// 3,000 siblings would make this test slow, not more telling.)
#[test]
fn a_summary_nested_three_thousand_levels_is_capped() {
    let on_one_line = format!("# Summary\n\n{}[P0](p0.md)\n", "* ".repeat(3000));
    let indented: String = (0..100)
        .map(|i| format!("{}* [P{i}](p{i}.md)\n", "  ".repeat(i)))
        .collect();
    for (summary, line) in [(on_one_line, 3), (format!("# Summary\n\n{indented}"), 35)] {
        let space = Space::new();
        space
            .file("README.md", "# Home\n")
            .file("SUMMARY.md", &summary);
        for i in 0..100 {
            space.file(&format!("p{i}.md"), &format!("# P{i}\n"));
        }
        let run = space.build_within(std::time::Duration::from_secs(120), &[]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        crate::util::assert_reported(
            &run.stderr,
            &[&format!(
                "SUMMARY.md:{line}:65: warning[summary]: entries nest deeper than 32 levels; the deeper ones are shown at level 32"
            )],
        );
        assert!(space.out().join("p0.html").is_file());
        let check = space.run("check", &["-q"]);
        assert_eq!(check.code, 0, "{}", check.stderr);
    }
}

/// Without SUMMARY.md the navigation follows the folders, which nest as
/// deep as paths allow (about 2,000 levels): the folders stop at the same
/// 32 levels as SUMMARY.md, deeper pages shown at the 32nd, with one
/// warning.
#[test]
fn folders_nested_a_hundred_levels_are_capped_in_the_navigation() {
    let space = Space::new();
    space.file("README.md", "# Home\n");
    let mut dir = String::new();
    for level in 1..=100 {
        dir.push_str(&format!("f{level}/"));
        space.file(&format!("{dir}p{level}.md"), &format!("# Page {level}\n"));
    }
    let run = space.build_within(std::time::Duration::from_secs(120), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("warning[nav]"))
        .collect();
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    assert!(
        warnings[0].ends_with(".md: warning[nav]: folders nest deeper than 32 levels; the pages below them are shown at level 32"),
        "{}",
        warnings[0]
    );
    let deepest = space.read_out(&format!("{dir}p100.html"));
    // The folder captions of the open trail: f1 … f31, then the pages.
    assert!(deepest.contains(">f31<"), "{deepest}");
    assert!(!deepest.contains(">f32<"), "{deepest}");
    assert!(deepest.contains("Page 100"));
    let check = space.run("check", &["-q"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
}

/// Finding 3: hints indented under paragraphs, outside any list, were each
/// joined again with everything after them (25 s for 8,000); a failed join
/// is not retried inside the span it read.
#[test]
fn sixteen_thousand_hints_outside_lists_render_in_linear_time() {
    let page: String = (0..16_000)
        .map(|i| format!("para {i}\n\n  {{% hint style=\"info\" %}}\n  x\n  {{% endhint %}}\n\n"))
        .collect();
    let space = Space::new();
    space
        .file("README.md", "# Home\n")
        .file("hints.md", &format!("# Hints\n\n{page}"));
    let run = space.build_within(std::time::Duration::from_secs(60), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = space.read_out("hints.html");
    assert_eq!(html.matches("class=\"hint hint-info").count(), 16_000);
    assert!(html.contains("para 15999"));
}

/// Finding 7: 20,000 `.gitbook.yaml` redirects were each searched for in
/// the file (139 s); the last one's warning still names its line.
#[test]
fn twenty_thousand_redirects_are_read_in_one_pass() {
    let mut yaml = String::from("redirects:\n");
    for i in 0..20_000 {
        yaml.push_str(&format!("  old/p{i}: README.md\n"));
    }
    yaml.push_str("  old/last: gone.md\n");
    let space = Space::new();
    space
        .file("README.md", "# Home\n")
        .file(".gitbook.yaml", &yaml);
    let run = space.build_within(std::time::Duration::from_secs(60), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    crate::util::assert_reported(
        &run.stderr,
        &[".gitbook.yaml:20002:3: warning[redirect]: redirect `old/last` → `gone.md`: no such page; not written"],
    );
    assert!(space.out().join("old/p19999.html").is_file());
}
