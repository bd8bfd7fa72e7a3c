//! The search index as written: what a result shows of each section.

use crate::util::Space;

/// Every row of the section shards, `[page, heading, anchor, text]`.
fn section_rows(space: &Space) -> Vec<serde_json::Value> {
    let dir = space.out().join("search");
    let mut rows = vec![];
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.starts_with("sections-") {
            continue;
        }
        let js = std::fs::read_to_string(&path).unwrap();
        let (_, body) = js.split_once("]=").unwrap();
        let shard: serde_json::Value =
            serde_json::from_str(body.trim_end().strip_suffix(';').unwrap()).unwrap();
        rows.extend(shard["docs"].as_array().unwrap().iter().cloned());
    }
    rows
}

/// The text shown for the section of `anchor` ("" for a page's own) whose
/// text starts with or holds `probe`.
fn shown<'a>(rows: &'a [serde_json::Value], anchor: &str, probe: &str) -> Option<&'a str> {
    rows.iter()
        .filter(|r| r[2] == anchor)
        .map(|r| r[3].as_str().unwrap())
        .find(|t| t.contains(probe))
}

#[test]
fn every_section_shows_text_even_without_its_own() {
    let space = Space::new();
    space
        .file("README.md", "# Home\n\nWelcome to the desk.\n")
        .file(
            "heading-first.md",
            "# Heading first\n\n## Before you start\n\nCheck the quorum lamp first.\n",
        )
        .file(
            "nested.md",
            "# Nested\n\nIntro.\n\n## Shortcuts\n\n### Desktop\n\nPress the walrus key.\n",
        )
        .file(
            "described.md",
            "---\ndescription: All about gizmos\n---\n# Described\n",
        )
        .file("bare.md", "# Bare title\n")
        .file(
            "SUMMARY.md",
            "# Summary\n\n* [Home](README.md)\n* [Heading first](heading-first.md)\n* [Nested](nested.md)\n* [Described](described.md)\n* [Bare](bare.md)\n",
        );
    let run = space.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows = section_rows(&space);
    assert_eq!(rows.len(), 8, "{rows:?}");
    for row in &rows {
        assert!(!row[3].as_str().unwrap().is_empty(), "empty text: {row}");
    }
    // A page that starts with a heading shows its first section's text,
    // which stays that section's too.
    let quorum: Vec<_> = rows
        .iter()
        .filter(|r| r[3] == "Check the quorum lamp first.")
        .map(|r| r[2].as_str().unwrap())
        .collect();
    assert_eq!(quorum, ["", "before-you-start"]);
    // An h2 right above its h3 shows the h3's text.
    assert_eq!(
        shown(&rows, "shortcuts", "walrus"),
        Some("Press the walrus key.")
    );
    // Without any text: the description, else the title.
    assert_eq!(shown(&rows, "", "gizmos"), Some("All about gizmos"));
    assert_eq!(shown(&rows, "", "Bare"), Some("Bare title"));
}

/// Issue 26: search indexes the bodies that markdown made, not text cut out
/// of the themed page. A project theme whose page template has none of the
/// default markup changes nothing in search, and each body is rendered once
/// (counted from the markdown stage's trace line per page).
#[test]
fn issue_26_a_page_template_of_its_own_changes_nothing_in_search() {
    let space = Space::new();
    space
        .file("quire.yaml", "title: Acme Help\ntheme: acme\n")
        .file(
            "content/SUMMARY.md",
            "* [Home](README.md)\n* [Setup](setup.md)\n",
        )
        .file("content/README.md", "# Home\n\nWelcome to the walrus desk.\n")
        .file(
            "content/setup.md",
            "# Setup\n\nIntro.\n\n## Install\n\nTurn the quorum dial.\n",
        )
        .file(
            "themes/acme/templates/page.html",
            "<!doctype html><html><body><main class=\"acme\"><section>{{ page.body | safe }}</section></main></body></html>\n",
        );
    let run = space.build_env(&[], &[("QUIRE_LOG", "quire::markdown=trace")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(space
        .read_out("setup.html")
        .contains("<main class=\"acme\"><section>"));
    let rows = section_rows(&space);
    assert_eq!(
        shown(&rows, "install", "quorum"),
        Some("Turn the quorum dial.")
    );
    assert_eq!(
        shown(&rows, "", "walrus"),
        Some("Welcome to the walrus desk.")
    );
    for source in ["README.md", "setup.md"] {
        let renders = run
            .stderr
            .lines()
            .filter(|l| l.ends_with(&format!("markdown: {source}")))
            .count();
        assert_eq!(
            renders, 1,
            "{source} rendered {renders} times:\n{}",
            run.stderr
        );
    }
}
