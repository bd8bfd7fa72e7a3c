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

/// Pages with what search reads text from: Markdown of every kind, raw
/// HTML, GitBook blocks (hints, tabs, code titles, steppers), an include,
/// images, footnotes, task lists and tables.
const GATHERED_PAGES: &[(&str, &str)] = &[
    (
        "prose.md",
        "# Prose\n\nIntro with *emphasis*, **strong**, ~~struck~~, `inline <code>` and a [link](blocks.md \"A title\").\nA soft break, a hard one  \nand entities &amp; &lt;tags&gt; &#x41; \\* escaped.\n\n## Lists <small>and</small> tables\n\n* [x] done\n* [ ] open\n  1. nested\n\n| Since | Type |\n| :---- | ---: |\n| v4.0 | `array` |\n\n> quoted\n\n---\n\n![Alt **text** not indexed](pic.png \"Pic\")\n\n### Code\n\n```bash\necho \"hi\" && ls\n```\n\n    indented code\n",
    ),
    (
        "blocks.md",
        "# Blocks\n\n{% hint style=\"info\" %}\n**Important**\n\nHint text.\n{% endhint %}\n\n## Tabs\n\n{% tabs %}\n{% tab title=\"Request\" %}\n```json\n{\"a\": 1}\n```\n{% endtab %}\n{% tab title=\"Response\" %}\nAnswer.\n{% endtab %}\n{% endtabs %}\n\n1. Step one.\n\n   {% hint style=\"warning\" %}\n   Inside a list.\n   {% endhint %}\n2. Step two.\n\n{% code title=\"run.sh\" %}\n```bash\nrun --now\n```\n{% endcode %}\n\n{% stepper %}\n{% step %}\n## Inside a step\n\nStep text.\n{% endstep %}\n{% endstepper %}\n\n{% include \".gitbook/includes/note.md\" %}\n\n## After\n\nThe end.\n",
    ),
    (
        "html.md",
        "# HTML\n\n<details>\n<summary>More</summary>\n\nHidden <b>text</b>.\n\n</details>\n\n<figure><img src=\"pic.png\" alt=\"x\"><figcaption><p>Caption</p></figcaption></figure>\n\n## Raw <span class=\"sr-only\">skipped</span> heading\n\nA <button>Copy</button> button, <i class=\"fa-gear\">gear</i>, a <span class=\"card-title\">card</span>.\n\n<!-- a comment > with a sign -->\n\n<pre>pre text</pre>\n\nFootnote[^1].\n\n[^1]: The note.\n",
    ),
    (
        "stray.md",
        "# Stray\n\nIntro.\n\n{% hint style=\"info\" %}\n<h2 id=\"later\">Raw heading</h2>\n\n<h3 id=\"later-1\">Another</h3>\n{% endhint %}\n\n## Later\n\nAfter.\n",
    ),
    (
        "footnote-heading.md",
        "# Footnote heading\n\nSee[^n].\n\n## Later\n\nText.\n\n[^n]: A note with a heading:\n\n    ## Not this\n\n#### In the note\n",
    ),
];

fn gathered_space() -> Space {
    let space = Space::new();
    let mut summary = String::from("# Summary\n\n");
    for (source, text) in GATHERED_PAGES {
        space.file(source, text);
        summary.push_str(&format!("* [{source}]({source})\n"));
    }
    space
        .file(".gitbook/includes/note.md", "Included **note**.\n")
        .file("pic.png", "png")
        .file("SUMMARY.md", &summary);
    space
}

/// The text search indexes is gathered while each body is written: for
/// every construct, the same sections as reading the body's HTML back.
#[test]
fn sections_gathered_while_rendering_are_those_read_back() {
    let space = gathered_space();
    let (config, _) = quire::config::Config::load(&quire::config::Overrides {
        dir: space.path().to_path_buf(),
        ..Default::default()
    })
    .unwrap();
    let (site, _) = quire::content::load(&config).unwrap();
    let highlights = quire::markdown::highlight_cache::Cache::default();
    for (source, _) in GATHERED_PAGES {
        let page = site.page_by_source(source).unwrap();
        let rendered =
            quire::markdown::render(page, &site, std::path::Path::new(source), &highlights);
        let read_back = quire::markdown::read_sections(page, &rendered.html);
        assert_eq!(rendered.sections, read_back, "{source}");
        assert!(read_back.len() > 1, "{source}: {read_back:?}");
    }
}

/// Only a page whose body is cut where its Markdown did not write (a
/// heading in a footnote, listed at the page end) is read back; raw HTML
/// headings in blocks (`stray.md`) cut nothing and are no reason to.
#[test]
fn search_text_is_read_back_only_where_gathering_cannot_tell() {
    let space = gathered_space();
    let run = space.build_env(&[], &[("QUIRE_LOG", "quire::markdown::sections=debug")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let read_back: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("read back from its HTML"))
        .collect();
    assert_eq!(read_back.len(), 1, "{}", run.stderr);
    assert!(
        read_back[0].contains("footnote-heading.md"),
        "{}",
        run.stderr
    );
    let rows = section_rows(&space);
    assert!(shown(&rows, "later", "Text").is_some(), "{rows:?}");
}
