//! Markdown twins (issue 28 §1): each GitBook construct as plain Markdown,
//! snapshots of the twin with its findings; every twin of the sample and of
//! the fixtures reads back as Markdown with no tag left outside code.

use crate::util::{quire, Space};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use quire::render::twin;
use std::path::Path;

/// A space with the page under test and pages to link to.
fn space_with(page: &str) -> Space {
    let space = Space::new();
    space
        .file("README.md", "# Home\n")
        .file("page.md", page)
        .file("guide/README.md", "# Guide\n\n## Overview\n")
        .file(
            "guide/install.md",
            "---\ndescription: How to install.\n---\n# Install the agent\n\n## Requirements\n",
        )
        .file("guide/with space.md", "# Spaced out\n")
        .file(".gitbook/assets/diagram.png", "png")
        .file(".gitbook/assets/guide.pdf", "pdf")
        .file(".gitbook/vars.yaml", "product: Lumen Desk\n")
        .file(
            ".gitbook/includes/hours.md",
            "---\ntitle: Hours\n---\nOpen **9–5** in <code class=\"expression\">space.vars.product</code>.\n\nSee [install](../../guide/install.md).\n",
        );
    space
}

/// The twin of `page.md` (pretty URLs or not), then its findings.
fn twin_of(space: &Space, pretty: bool) -> String {
    let (config, _) = quire::config::Config::load(&quire::config::Overrides {
        dir: space.path().to_path_buf(),
        ..Default::default()
    })
    .unwrap();
    let (mut site, _) = quire::content::load(&config).unwrap();
    if pretty {
        // As a build with `pretty_urls: true` places the pages.
        for page in &mut site.pages {
            let page = std::sync::Arc::make_mut(page);
            page.output = quire::content::page::output_path(&page.source, "README.md", true);
        }
    }
    let index = site.page_index("page.md").expect("page exists");
    let style = twin::Style {
        pretty,
        link_twins: true,
    };
    let (mut out, findings) = twin::render(&site, index, style, Path::new("page.md"));
    if !findings.is_empty() {
        out.push_str("\n--- findings ---\n");
        for finding in findings {
            out.push_str(&format!("{finding}\n"));
        }
    }
    out
}

fn twin(page: &str) -> String {
    twin_of(&space_with(page), false)
}

#[test]
fn title_and_description_open_the_twin_without_front_matter() {
    insta::assert_snapshot!(twin(
        "---\ndescription: >-\n  What to do when\n  a sync stalls.\nicon: book\n---\n# Sync stalls\n\nFirst paragraph.\n"
    ));
}

/// Issue 24 §5: a block on its item's marker line stays that item's first
/// content in the twin too, its body at the item's column.
#[test]
fn a_block_on_the_marker_line_stays_in_its_item() {
    let twin = twin(
        "# Steps\n\n1. {% hint style=\"warning\" %}\n   Back up first.\n   {% endhint %}\n2. Open the editor.\n",
    );
    assert!(
        twin.contains("1. > [!WARNING]\n   > Back up first.\n\n2. Open the editor.\n"),
        "{twin}"
    );
}

#[test]
fn hints_become_gfm_alerts() {
    insta::assert_snapshot!(twin(
        "# Hints\n\n{% hint style=\"info\" %}\nPlain **info**.\n{% endhint %}\n\n{% hint style=\"success\" %}\n### Saved\n\nIt worked.\n\n```sh\nquire build\n```\n{% endhint %}\n\n{% hint style=\"warning\" %}\nCareful.\n{% endhint %}\n\n{% hint style=\"danger\" %}\nStop.\n{% endhint %}\n\n* Item one\n\n  {% hint style=\"info\" %}\n  Indented in a list item.\n  {% endhint %}\n* Item two\n"
    ));
}

#[test]
fn steppers_become_numbered_step_headings() {
    insta::assert_snapshot!(twin(
        "# Steps\n\n## Reproduction\n\n{% stepper %}\n{% step %}\n### Open the app\n\nOpen it.\n{% endstep %}\n{% step %}\n**Click Sync**\n\nThen wait.\n{% endstep %}\n{% step %}\nNo title here.\n{% endstep %}\n{% endstepper %}\n"
    ));
}

#[test]
fn tabs_become_a_heading_per_tab() {
    insta::assert_snapshot!(twin(
        "# Tabs\n\n{% tabs %}\n{% tab title=\"macOS\" %}\nPress <kbd>⌘</kbd>.\n{% endtab %}\n{% tab title=\"Windows\" %}\n{% hint style=\"info\" %}\nInside a tab.\n{% endhint %}\n{% endtab %}\n{% tab %}\n```js\nx()\n```\n{% endtab %}\n{% endtabs %}\n\n{% code-tabs %}\n{% code-tabs-item title=\"a.py\" %}\n```py\nprint(1)\n```\n{% endcode-tabs-item %}\n{% endcode-tabs %}\n"
    ));
}

#[test]
fn tab_sets_keep_what_follows_or_surrounds_their_tabs() {
    insta::assert_snapshot!(twin(
        "# Tabs\n\n{% tabs %}\n{% tab title=\"Mac\" %}\nOpen Finder.\n{% endtab %}\n\n## Left open above\n\nShown after the set.\n\n{% tabs %}\nBefore any tab.\n{% tab title=\"One\" %}\nFirst.\n{% endtab %}\nBetween tabs.\n{% tab title=\"Two\" %}\nSecond.\n{% endtab %}\nAfter the tabs.\n{% endtabs %}\n"
    ));
}

#[test]
fn expandables_become_a_bold_summary_then_their_content() {
    insta::assert_snapshot!(twin(
        "# Details\n\n<details>\n\n<summary>Full <em>log</em> line</summary>\n\n```\nstatus=401\n```\n\n</details>\n\n<details open>\n<summary>為什麼？</summary>\n\n模擬登入會留下紀錄。\n\n</details>\n\n<details><summary>All in one</summary>text</details>\n"
    ));
}

#[test]
fn page_links_embeds_and_files_become_links() {
    insta::assert_snapshot!(twin(
        "# Links\n\n{% content-ref url=\"guide/install.md\" %}\n[install.md](guide/install.md)\n{% endcontent-ref %}\n\n{% content-ref url=\"guide/\" %}\n[guide](guide/)\n{% endcontent-ref %}\n\n{% page-ref page=\"guide/with space.md\" %}\n\n{% embed url=\"https://www.youtube.com/watch?v=abc\" %}\nA recording.\n{% endembed %}\n\n{% file src=\".gitbook/assets/guide.pdf\" %}\nThe printed guide.\n{% endfile %}\n\n{% @github-files/github-code-block url=\"https://github.com/o/r/blob/main/x.py\" %}\n"
    ));
}

#[test]
fn links_lead_to_twins_and_images_to_their_published_files() {
    let page = "# Links\n\nSee [install](guide/install.md#requirements), [the guide](guide/), [spaced](<guide/with space.md>), [home](README.md) and [here](#links).\n\n[install.md](guide/install.md \"mention\") and [ref][r].\n\n![diagram](.gitbook/assets/diagram.png) <img src=\".gitbook/assets/diagram.png\" alt=\"d\"> <a href=\"guide/install.md\">html</a>\n\n[Out](https://example.com/x.md) and [broken](missing.md).\n\n[r]: guide/install.md \"Install\"\n";
    insta::assert_snapshot!("links_plain", twin(page));
    insta::assert_snapshot!("links_pretty", twin_of(&space_with(page), true));
}

#[test]
fn includes_and_expressions_are_inlined() {
    insta::assert_snapshot!(twin(
        "---\nvars:\n  team: Support\n---\n# Includes\n\n{% include \".gitbook/includes/hours.md\" %}\n\nAsk <code class=\"expression\">page.vars.team</code> about <code class=\"expression\">space.vars.product</code>.\n\n{% include \"page.md\" %}\n"
    ));
}

#[test]
fn mermaid_math_code_and_code_wrappers_stay_markdown() {
    insta::assert_snapshot!(twin(
        "# Code\n\n{% code title=\"index.js\" lineNumbers=\"true\" %}\n```js\nconst a = '{% raw %}';\n```\n{% endcode %}\n\n```mermaid\ngraph TD; A-->B\n```\n\n$$\nE = mc^2\n$$\n\nInline $$a^2$$ and a stray {% tag that never closes.\n\n{% prompt description=\"Summarise\" %}\n```\nSummarise this ticket.\n```\n{% endprompt %}\n"
    ));
}

#[test]
fn openapi_operations_become_a_heading_a_table_and_code() {
    let space = space_with(
        "# API\n\n{% openapi src=\"pets.yaml\" path=\"/pets/{id}\" method=\"get\" %}\n[pets](pets.yaml)\n{% endopenapi %}\n\n{% openapi-schemas spec=\"pets\" schemas=\"Pet\" %}\n[pets](pets.yaml)\n{% endopenapi-schemas %}\n\n{% openapi src=\"https://example.com/api.yaml\" path=\"/x\" method=\"post\" %}\n{% endopenapi %}\n\n{% swagger method=\"get\" path=\"/v2/c/{uid}\" baseUrl=\"https://api.example.com\" summary=\"Get one\" %}\n{% swagger-parameter in=\"path\" name=\"uid\" type=\"string\" required=\"true\" %}\nThe contact's id\n{% endswagger-parameter %}\n{% swagger-response status=\"200: OK\" description=\"Found\" %}\n```json\n{}\n```\n{% endswagger-response %}\n{% endswagger %}\n",
    );
    space.file(
        "pets.yaml",
        "openapi: 3.0.0\ninfo: {title: Pets, version: '1'}\npaths:\n  /pets/{id}:\n    get:\n      summary: Get a pet\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: integer}, description: \"The pet | its id\"}\n      responses:\n        '200':\n          description: The pet\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Pet'}\n              example: {id: 1, name: Rex}\ncomponents:\n  schemas:\n    Pet:\n      type: object\n      required: [id]\n      properties:\n        id: {type: integer}\n        name: {type: string, description: Its name}\n",
    );
    insta::assert_snapshot!(twin_of(&space, false));
}

#[test]
fn blocks_without_a_markdown_form_are_findings_at_their_line() {
    insta::assert_snapshot!(twin(
        "# Odd\n\n{% columns %}\n{% column %}\nLeft.\n{% endcolumn %}\n{% column %}\nRight.\n{% endcolumn %}\n{% endcolumns %}\n\n{% sparkle %}\nKept.\n{% endsparkle %}\n\n{% @vendor/widget %}\n"
    ));
}

/// Where `{%` occurs in `text` outside code spans and code blocks.
fn tags_outside_code(text: &str) -> Vec<usize> {
    let mut code: Vec<std::ops::Range<usize>> = vec![];
    let mut block_start = None;
    let options = quire::markdown::OPTIONS;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
            Event::Code(_) => code.push(range),
            Event::Start(Tag::CodeBlock(_)) => block_start = Some(range.start),
            Event::End(TagEnd::CodeBlock) => {
                code.push(block_start.take().unwrap_or(range.start)..range.end)
            }
            _ => {}
        }
    }
    text.match_indices("{%")
        .map(|(at, _)| at)
        .filter(|at| !code.iter().any(|r| r.contains(at)))
        .collect()
}

/// Every `.md` file under `out`, checked to read back as Markdown with no
/// GitBook tag outside code; returns how many there were.
fn assert_twins_are_clean(out: &Path) -> usize {
    let mut count = 0;
    for entry in walkdir::WalkDir::new(out) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        assert!(
            text.starts_with("# "),
            "{}: no title",
            entry.path().display()
        );
        let found = tags_outside_code(&text);
        assert!(
            found.is_empty(),
            "{}: `{{%` outside code at bytes {found:?}:\n{text}",
            entry.path().display()
        );
        count += 1;
    }
    count
}

#[test]
fn twins_of_the_sample_and_every_fixture_have_no_tag_outside_code() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let run = quire(
        root,
        &[
            "build",
            root.to_str().unwrap(),
            "--out",
            out.path().to_str().unwrap(),
            "-q",
        ],
    );
    assert!(run.code == 0, "{}", run.stderr);
    let pages = assert_twins_are_clean(out.path());
    assert!(pages >= 20, "the sample has a twin per page, found {pages}");
    for fixture in std::fs::read_dir(root.join("tests/fixtures")).unwrap() {
        let name = fixture.unwrap().file_name();
        let space = Space::fixture(name.to_str().unwrap());
        let run = space.build(&["-q"]);
        assert!(run.code != 2, "{name:?}: {}", run.stderr);
        assert!(
            assert_twins_are_clean(&space.out()) > 0,
            "{name:?} has twins"
        );
    }
}

#[test]
fn the_check_names_what_a_twin_cannot_say() {
    let space = space_with("# Odd\n\nText.\n\n{% sparkle %}\nKept.\n{% endsparkle %}\n");
    let run = space.run("check", &[]);
    assert!(
        run.stderr
            .contains("page.md:5:1: warning[markdown-twin]: `{% sparkle %}` has no Markdown form"),
        "{}",
        run.stderr
    );
}

#[test]
fn twins_sit_beside_the_pages_and_can_be_turned_off() {
    let space = space_with("# Page\n\nSee [install](guide/install.md).\n");
    let run = space.build(&["-q"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(space
        .read_out("page.md")
        .contains("[install](guide/install.md)"));
    assert!(space.read_out("guide/index.md").starts_with("# Guide\n"));
    assert!(space.read_out("index.md").starts_with("# Home\n"));
    space.file("quire.yaml", "content: .\noutputs:\n  markdown: false\n");
    let run = space.build(&["-q"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!space.out().join("page.md").exists());
    assert!(space.out().join("page.html").exists());
}

/// `edit_url`'s `{path}` is a URL path: a `#`, `?` or space in a file name
/// must not cut the link to the editor short.
#[test]
fn edit_links_encode_the_file_path() {
    let space = Space::new();
    space
        .file(
            "quire.yaml",
            "content: .\nedit_url: https://git.example.com/edit/{path}\n",
        )
        .file("README.md", "# Home\n")
        .file("a/notes #1?.md", "# Notes\n");
    let run = space.build(&["-q"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = space.read_out("a/notes #1?.html");
    assert!(
        page.contains("href=\"https://git.example.com/edit/a/notes%20%231%3F.md\""),
        "{page}"
    );
}

/// With pretty URLs the home page is `index.html` and a root `index.md` is
/// `index/index.html`: both twins were `index.md`, one silently lost (and
/// written twice at once).
#[test]
fn a_root_index_page_keeps_a_twin_apart_from_the_home_page_with_pretty_urls() {
    let space = Space::new();
    space
        .file("quire.yaml", "content: .\npretty_urls: true\n")
        .file(
            "SUMMARY.md",
            "# Summary\n\n* [Home](README.md)\n* [Index](index.md)\n",
        )
        .file("README.md", "# Home\n\nHome text.\n")
        .file("index.md", "# Index page\n\nIndex text.\n");
    let run = space.build(&["-q"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(space.read_out("index.md").starts_with("# Home\n"));
    assert!(space
        .read_out("index/index.md")
        .starts_with("# Index page\n"));
    let page = space.read_out("index/index.html");
    assert!(page.contains("data-twin=\"index.md\""), "{page}");
    let list = space.read_out("llms.txt");
    assert!(list.contains("- [Index](index/index.md)\n"), "{list}");
}

/// The links and raw HTML of a twin, as a Markdown reader sees them.
fn links_and_html(markdown: &str) -> (Vec<String>, Vec<String>) {
    let (mut links, mut html) = (vec![], vec![]);
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => links.push(dest_url.to_string()),
            Event::Html(h) | Event::InlineHtml(h) => html.push(h.to_string()),
            _ => {}
        }
    }
    (links, html)
}

/// A description is text on the page; in the twin it must not turn into
/// a link that runs a script or into raw HTML.
#[test]
fn a_description_is_text_in_the_twin() {
    let out = twin(
        "---\ndescription: \"See [here](javascript:alert(1)) <img src=x onerror=alert(2)> a\\\\\"\n---\n# Page\n\nBody.\n",
    );
    let (links, html) = links_and_html(&out);
    assert!(
        links.is_empty() && html.is_empty(),
        "{links:?} {html:?} in\n{out}"
    );
    assert!(out.contains("alert(2)"), "the text is kept: {out}");
}

#[test]
fn a_block_tag_in_the_description_is_written_as_no_tag() {
    let twin = twin("---\ndescription: Use {% hint %} and {%endhint%}.\n---\n# Tags\n\nText.\n");
    assert!(
        twin.starts_with("# Tags\n\nUse {\\% hint %} and {\\%endhint%}.\n"),
        "{twin}"
    );
    assert!(!twin.contains("{%"), "{twin}");
}
