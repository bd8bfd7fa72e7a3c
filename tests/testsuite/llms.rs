//! `llms.txt` and `llms-full.txt` (issue 28 §2), in the llmstxt.org format.

use crate::util::Space;

/// A space with two SUMMARY groups, a hidden page and a `noIndex` page.
fn space() -> Space {
    let space = Space::new();
    space
        .file("README.md", "---\ndescription: Answers for the support team.\n---\n# Home\n\nWelcome.\n")
        .file(
            "SUMMARY.md",
            "# Table of contents\n\n* [Home](README.md)\n\n## Setup [guides]\n\n* [Install](setup/install.md \"Install it\")\n  * [Proxy](setup/proxy.md)\n  * [Proxy, again](setup/proxy.md#ports)\n* [Hidden](setup/hidden.md)\n* [Private](private.md)\n\n## Elsewhere\n\n* [Status](https://example.com/status)\n",
        )
        .file("setup/install.md", "---\ndescription: >-\n  How to install\n  the agent.\n---\n# Install the agent\n\nSee [proxy](proxy.md).\n")
        .file("setup/proxy.md", "# Proxy\n\n## Ports\n")
        .file("setup/hidden.md", "---\nhidden: true\n---\n# Hidden page\n\nStill searchable.\n")
        .file("private.md", "---\nnoIndex: true\n---\n# Private\n");
    space
}

#[test]
fn llms_txt_lists_the_groups_and_pages_in_summary_order() {
    let space = space();
    let run = space.build(&["-q"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        space.read_out("llms.txt"),
        "# Home\n\n> Answers for the support team.\n\n## Docs\n\n- [Home](index.md): Answers for the support team.\n\n## Setup \\[guides\\]\n\n- [Install](setup/install.md): How to install the agent.\n- [Proxy](setup/proxy.md)\n\n## Elsewhere\n\n- [Status](https://example.com/status)\n"
    );
}

#[test]
fn llms_full_txt_holds_every_twin_but_no_index_pages() {
    let space = space();
    space.build(&["-q"]);
    let full = space.read_out("llms-full.txt");
    let titles: Vec<&str> = full.lines().filter(|l| l.starts_with("# ")).collect();
    assert_eq!(
        titles,
        ["# Home", "# Install the agent", "# Proxy", "# Hidden page"],
        "{full}"
    );
    // A twin's links stay relative to the twin itself.
    assert!(full.contains("# Install the agent\n\nSource: <setup/install.md>\n\nHow to install the agent.\n\nSee [proxy](proxy.md)."), "{full}");
    assert!(!full.contains("Private"), "{full}");
}

#[test]
fn with_a_base_url_links_are_absolute_and_without_twins_they_lead_to_the_pages() {
    let space = space();
    space.build(&["-q", "--base-url", "https://kb.example.com/help/"]);
    let list = space.read_out("llms.txt");
    assert!(
        list.contains("- [Proxy](https://kb.example.com/help/setup/proxy.md)\n"),
        "{list}"
    );
    let full = space.read_out("llms-full.txt");
    assert!(
        full.contains("Source: <https://kb.example.com/help/setup/proxy.md>"),
        "{full}"
    );

    space.file(
        "quire.yaml",
        "content: .\npretty_urls: true\noutputs:\n  markdown: false\n",
    );
    let run = space.build(&["-q"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let list = space.read_out("llms.txt");
    assert!(list.contains("- [Proxy](setup/proxy/)\n"), "{list}");
    assert!(!space.out().join("setup/proxy.md").exists());
}

#[test]
fn llms_files_can_be_turned_off() {
    let space = space();
    space.file("quire.yaml", "content: .\noutputs: { llms: false }\n");
    let run = space.build(&["-q"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!space.out().join("llms.txt").exists());
    assert!(space.out().join("setup/proxy.md").exists());
}

#[test]
fn a_site_of_several_spaces_lists_them_at_its_root() {
    let space = Space::fixture("multilang");
    let run = space.build(&["-q"]);
    assert!(run.code != 2, "{}", run.stderr);
    let root = space.read_out("llms.txt");
    assert!(
        root.starts_with("# Harbor Help Center\n\n## Spaces\n\n- [English](en/llms.txt)\n"),
        "{root}"
    );
    assert!(root.contains("- [日本語](ja/llms.txt)\n"), "{root}");
    let english = space.read_out("en/llms.txt");
    assert!(english.starts_with("# English\n"), "{english}");
    assert!(
        english.contains("](setup/"),
        "links are relative to the space: {english}"
    );
    assert!(space.out().join("zh-TW/llms-full.txt").exists());
}

#[test]
fn the_sitemap_and_search_leave_out_twins_and_llms_files() {
    let space = space();
    space.build(&["-q", "--base-url", "https://kb.example.com/"]);
    let sitemap = space.read_out("sitemap.xml");
    assert!(sitemap.contains("setup/proxy.html"), "{sitemap}");
    assert!(
        !sitemap.contains(".md<") && !sitemap.contains("llms"),
        "{sitemap}"
    );
    let mut search = String::new();
    for entry in walkdir::WalkDir::new(space.out().join("search")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            search.push_str(&std::fs::read_to_string(entry.path()).unwrap());
        }
    }
    assert!(search.contains("proxy.html"), "the index links to pages");
    assert!(
        !search.contains("proxy.md") && !search.contains("llms"),
        "no twin in the index"
    );
}

/// Titles and descriptions come from authors: in llms.txt they stay text,
/// so the list keeps one link per page and no raw HTML.
#[test]
fn titles_and_descriptions_cannot_break_the_list() {
    let space = Space::new();
    space
        .file(
            "SUMMARY.md",
            "# Summary\n\n## Group <b>x</b>\n\n* [Home](README.md)\n* [Ends in \\\\](a.md)\n",
        )
        .file(
            "README.md",
            "---\ndescription: \"Go [there](javascript:alert(1)) <img src=x onerror=alert(2)>\"\n---\n# Home\n",
        )
        .file("a.md", "---\ndescription: \"*b* <script>alert(3)</script>\"\n---\n# A\n");
    let run = space.build(&["-q"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let list = space.read_out("llms.txt");
    let (mut links, mut html) = (vec![], vec![]);
    for event in pulldown_cmark::Parser::new(&list) {
        match event {
            pulldown_cmark::Event::Start(pulldown_cmark::Tag::Link { dest_url, .. }) => {
                links.push(dest_url.to_string())
            }
            pulldown_cmark::Event::Html(h) | pulldown_cmark::Event::InlineHtml(h) => {
                html.push(h.to_string())
            }
            _ => {}
        }
    }
    assert_eq!(links, ["index.md", "a.md"], "{list}");
    assert!(html.is_empty(), "{html:?} in\n{list}");
    assert!(list.contains("alert(3)"), "the text is kept: {list}");
}

#[test]
fn a_block_tag_in_a_description_is_written_as_no_tag() {
    let space = Space::new();
    space
        .file(
            "README.md",
            "---\ndescription: Home {% hint %} here.\n---\n# Home\n",
        )
        .file(
            "a.md",
            "---\ndescription: Page {% include \"x.md\" %}.\n---\n# A\n",
        );
    let run = space.build(&["-q"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let index = space.read_out("llms.txt");
    assert!(index.contains("> Home {\\% hint %} here."), "{index}");
    assert!(
        index.contains("): Page {\\% include \"x.md\" %}."),
        "{index}"
    );
    let full = space.read_out("llms-full.txt");
    assert!(full.contains("Page {\\% include"), "{full}");
    for text in [index, full] {
        assert!(!text.contains("{%"), "{text}");
    }
}
