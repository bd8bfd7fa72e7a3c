//! Issue 22 §9: messages that named the wrong thing, or none. Each space is
//! made here, and each message is asserted whole.

use crate::util::Space;

/// A `quire.yaml` that cannot be read is fatal, and printed like every other
/// finding: relative path, line, column, then `error:`.
#[test]
fn fatal_config_errors_are_printed_like_findings() {
    let space = Space::new();
    space
        .file("quire.yaml", "title: [x\n")
        .file("content/README.md", "# Home\n");
    let run = space.build(&[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "quire.yaml:1:8: error[config]: title: invalid type: sequence, expected a string\n"
    );
    assert!(!space.out().exists());
    // `check` says the same.
    let run = space.run("check", &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "quire.yaml:1:8: error[config]: title: invalid type: sequence, expected a string\n"
    );
}

/// `[Draft]()` is an entry without a link, not the home page listed again;
/// every repeat of an entry names the line of the first.
#[test]
fn summary_repeats_name_the_first_line_and_empty_links_lead_nowhere() {
    let space = Space::new();
    space
        .file("README.md", "# Home\n")
        .file("guide.md", "# Guide\n")
        .file(
            "SUMMARY.md",
            "* [Home](README.md)\n* [Draft]()\n* [Guide](guide.md)\n* [Guide again](guide.md)\n* [Guide thrice](guide.md)\n",
        );
    let run = space.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let findings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("SUMMARY.md"))
        .collect();
    assert_eq!(
        findings,
        [
            "SUMMARY.md:2:3: warning[summary]: this entry has no link; it is shown as a caption",
            "SUMMARY.md:4:3: warning[summary]: `guide.md` is listed again (first on line 3)",
            "SUMMARY.md:5:3: warning[summary]: `guide.md` is listed again (first on line 3)",
        ]
    );
    let home = space.read_out("index.html");
    assert!(home.contains("Draft"), "the caption is in the navigation");
}

/// A file name with a line break (legal on Linux and macOS) keeps each
/// finding on one line, escaped as GitHub annotations escape it.
#[cfg(unix)]
#[test]
fn file_names_with_line_breaks_stay_on_one_line() {
    let space = Space::new();
    space
        .file("README.md", "# Home\n")
        .file("two\nlines.md", "# Two\n\n[x](gone.md)\n");
    let run = space.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    crate::util::assert_reported(
        &run.stderr,
        &["two%0Alines.md:3:1: warning[broken-link]: broken link `gone.md`: no page or file `gone.md` (gone.md)\n"],
    );
    let run = space.run("check", &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.stderr.lines().next(),
        Some("two%0Alines.md:3:1: error[broken-link]: broken link `gone.md`: no page or file `gone.md` (gone.md)")
    );
    let run = space.run("check", &["--format", "github"]);
    assert_eq!(
        run.stdout.lines().next(),
        Some("::error file=two%0Alines.md,line=3,col=1,title=quire broken-link::broken link `gone.md`: no page or file `gone.md` (gone.md)")
    );
}

/// `café.md` written once composed (NFC) and once decomposed (NFD): two
/// files on Linux, one on macOS.
#[test]
fn names_that_differ_only_in_normalization_are_a_warning() {
    let space = Space::new();
    let composed = "caf\u{e9}.md";
    let decomposed = "cafe\u{301}.md";
    space
        .file("README.md", "# Home\n")
        .file(composed, "# Composed\n");
    // Some file systems (macOS) take both names for one: then there is no
    // twin. The walk meets the decomposed name first (`e` sorts before `é`).
    std::fs::write(space.path().join(decomposed), "# Decomposed\n").unwrap();
    let names = std::fs::read_dir(space.path()).unwrap().count();
    if names < 3 {
        return;
    }
    let run = space.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    crate::util::assert_reported(
        &run.stderr,
        &[&format!(
            "{composed}: warning[output-path]: `{composed}` (NFC) and `{decomposed}` (NFD) are one name in two Unicode normalizations; on macOS one replaces the other, and links reach only one\n"
        )],
    );
}

/// `theme: house` without `themes/house/`: the built-in theme builds the
/// site, and the warning points at the line.
#[test]
fn a_theme_without_its_folder_is_a_warning() {
    let space = Space::new();
    space
        .file("quire.yaml", "title: Docs\ntheme: house\n")
        .file("content/README.md", "# Home\n");
    let run = space.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    crate::util::assert_reported(
        &run.stderr,
        &["quire.yaml:2:1: warning[config]: theme `house` has no folder `themes/house/`; the built-in theme is used\n"],
    );
    space.file("themes/house/.keep", "");
    let run = space.build(&[]);
    assert!(!run.stderr.contains("theme `house`"), "{}", run.stderr);
}
