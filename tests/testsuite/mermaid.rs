//! Mermaid fences drawn at build time (issue 24 §4, feature `mermaid`):
//! every family GitBook spaces use becomes inline SVG, a diagram that
//! cannot be drawn keeps its source with a warning at its line, ids stay
//! unique in the page, and the source stays for search and the twin.

use crate::util::{render_body, Space};
use std::collections::HashSet;
use std::time::Duration;

/// One diagram of each family quire promises, each with a label to find.
const FAMILIES: &[(&str, &str)] = &[
    (
        "flowchart",
        "flowchart LR\n  A[Open the editor] --> B{Saved?}\n  B -->|Yes| C[Publish]\n",
    ),
    (
        "sequence",
        "sequenceDiagram\n  participant U as Agent\n  U->>Server: Sign in\n  Server-->>U: Token\n",
    ),
    (
        "class",
        "classDiagram\n  class Ticket {\n    +String subject\n    +close()\n  }\n  Inbox --> Ticket\n",
    ),
    (
        "state",
        "stateDiagram-v2\n  [*] --> Draft\n  Draft --> Review : submit\n  Review --> [*]\n",
    ),
    (
        "er",
        "erDiagram\n  CUSTOMER ||--o{ ORDER : places\n",
    ),
    (
        "pie",
        "pie title Tickets by channel\n  \"Email\" : 42\n  \"Chat\" : 35\n",
    ),
    (
        "gantt",
        "gantt\n  title Release plan\n  dateFormat YYYY-MM-DD\n  section Docs\n  Write guide :a1, 2026-01-05, 7d\n",
    ),
];

/// A page with every family, then a broken flowchart whose third line is wrong.
fn page_with_every_family() -> String {
    let mut page = String::from("# Diagrams\n\n");
    for (family, source) in FAMILIES {
        page.push_str(&format!("## {family}\n\n```mermaid\n{source}```\n\n"));
    }
    page.push_str("## Broken\n\n```mermaid\nflowchart LR\n  A --> B\n  B --> (((\n```\n");
    page
}

fn space_with(page: &str) -> Space {
    let space = Space::new();
    space
        .file("README.md", "# Home\n")
        .file("page.md", page)
        .file(
            "SUMMARY.md",
            "# Summary\n\n* [Home](README.md)\n* [Page](page.md)\n",
        );
    space
}

/// The figures of a page, in order: (drawn, its HTML).
fn figures(html: &str) -> Vec<(bool, &str)> {
    html.split("<figure class=\"diagram diagram-mermaid")
        .skip(1)
        .map(|f| {
            let f = &f[..f.find("</figure>").expect("figure closes")];
            (f.starts_with(" diagram-drawn\""), f)
        })
        .collect()
}

#[test]
fn every_family_is_drawn_and_a_broken_diagram_keeps_its_source_with_a_warning() {
    let space = space_with(&page_with_every_family());
    let run = space.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = space.read_out("page.html");
    let figures = figures(&html);
    assert_eq!(figures.len(), FAMILIES.len() + 1);
    for ((family, _), (drawn, figure)) in FAMILIES.iter().zip(&figures) {
        assert!(drawn, "{family} is drawn: {figure}");
        assert!(figure.contains("<svg"), "{family}: {figure}");
        assert!(
            figure.contains("<summary>Diagram source (Mermaid)</summary>"),
            "{family} keeps its source"
        );
    }
    let (drawn, broken) = figures[FAMILIES.len()];
    assert!(!drawn && !broken.contains("<svg"), "{broken}");
    assert!(broken.contains("<figcaption>Diagram source (Mermaid)</figcaption>"));
    assert!(broken.contains("B --&gt; (((</span>"), "{broken}");
    // The line of the broken diagram that the renderer names.
    let line = 1 + page_with_every_family()
        .lines()
        .position(|l| l.contains("((("))
        .unwrap();
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("warning[mermaid]"))
        .collect();
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    let expected = format!("page.md:{line}:1: warning[mermaid]: Mermaid diagram not drawn: ");
    assert!(warnings[0].starts_with(&expected), "{}", warnings[0]);
    // `check` reports the same finding, as a warning.
    let check = space.run("check", &[]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(check
        .stderr
        .contains(&format!("page.md:{line}:1: warning[mermaid]")));
}

#[test]
fn ids_are_unique_in_a_page_and_apart_from_headings() {
    // Two copies of each diagram, and headings named like the diagrams' ids.
    let mut page = String::from("# Diagrams\n\n## Quire mermaid 1\n\n## Quire mermaid\n\n");
    for (_, source) in FAMILIES.iter().chain(FAMILIES) {
        page.push_str(&format!("```mermaid\n{source}```\n\n"));
    }
    let space = space_with(&page);
    let run = space.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = space.read_out("page.html");
    let ids: Vec<&str> = html
        .split(" id=\"")
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .collect();
    let mut seen = HashSet::new();
    let repeated: Vec<&&str> = ids.iter().filter(|id| !seen.insert(**id)).collect();
    assert!(repeated.is_empty(), "ids used twice: {repeated:?}");
    assert!(ids.contains(&"quire-mermaid-1") && ids.contains(&"quire-mermaid"));
    for n in 1..=2 * FAMILIES.len() {
        assert!(
            html.contains(&format!("<svg id=\"quire_mermaid-{n}-")),
            "diagram {n} is named"
        );
    }
    // Every reference inside a drawing names an id of the same drawing.
    for (_, figure) in figures(&html) {
        let own = figure.split("<svg id=\"").nth(1).unwrap();
        let own = &own[..own.find('"').unwrap()];
        for reference in figure.split("url(#").skip(1) {
            assert!(
                reference.starts_with(own),
                "{own}: url(#{}",
                &reference[..40]
            );
        }
    }
}

#[test]
fn the_same_source_draws_the_same_bytes() {
    let space = space_with(&page_with_every_family());
    assert_eq!(space.build(&[]).code, 0);
    let first = space.read_out("page.html");
    assert_eq!(space.build(&[]).code, 0);
    assert_eq!(first, space.read_out("page.html"));
}

#[test]
fn search_reads_the_source_and_the_twin_keeps_the_fence() {
    let space = space_with(&page_with_every_family());
    let (rendered, _) = render_body(&space, "page.md");
    let flowchart = rendered
        .sections
        .iter()
        .find(|s| s.heading_text == "flowchart")
        .expect("a section of the flowchart");
    assert!(flowchart.code.contains("Open the editor"), "{flowchart:?}");
    assert!(!flowchart.text.contains("Open the editor"), "{flowchart:?}");
    // The twin holds the fence as written.
    assert_eq!(space.build(&[]).code, 0);
    let twin = space.read_out("page.md");
    assert!(twin.contains("```mermaid\nflowchart LR\n  A[Open the editor] --> B{Saved?}\n"));
}

#[test]
fn a_diagram_past_the_bounds_is_refused_quickly_with_its_source() {
    // Over the size bound, and within it but with too many edges to lay out.
    let huge = (0..6_000)
        .map(|i| format!("  N{i} --> N{}\n", i + 1))
        .collect::<String>();
    let many = (0..4_100)
        .map(|i| format!("N{}-->N{}\n", i % 97, i % 89))
        .collect::<String>();
    assert!(many.len() < 48 * 1024, "{}", many.len());
    let page = format!(
        "# Big\n\n```mermaid\nflowchart TD\n{huge}```\n\n```mermaid\nflowchart TD\n{many}```\n"
    );
    let space = space_with(&page);
    let run = space.build_within(Duration::from_secs(60), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = space.read_out("page.html");
    assert!(figures(&html).iter().all(|(drawn, _)| !drawn));
    // Each at its fence: the bound is about the whole diagram.
    let fences: Vec<usize> = page
        .lines()
        .enumerate()
        .filter(|(_, l)| *l == "```mermaid")
        .map(|(n, _)| n + 1)
        .collect();
    crate::util::assert_reported(
        &run.stderr,
        &[
            &format!(
                "page.md:{}:1: warning[mermaid]: Mermaid diagram not drawn: its source is",
                fences[0]
            ),
            &format!(
                "page.md:{}:1: warning[mermaid]: Mermaid diagram not drawn: resource limit",
                fences[1]
            ),
        ],
    );
}
