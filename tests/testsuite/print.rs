//! `print.html`, each space as one printable document (issue 28 §3): a
//! cover, the contents, every page in SUMMARY order with its headings one
//! level down and its ids prefixed, links between pages kept inside the
//! document.

use crate::util::Space;
use std::collections::BTreeSet;

/// Two groups, a nested page with tabs, an expandable, an image and links,
/// a hidden page, a `noIndex` page and a page outside SUMMARY.
fn space() -> Space {
    let space = Space::new();
    space
        .file("README.md", "# Home\n\n## Welcome\n\nRead the [setup](guide/setup.md#ports) first.\n")
        .file(
            "SUMMARY.md",
            "# Table of contents\n\n* [Home](README.md)\n\n## Guides\n\n* [Set up](guide/setup.md)\n  * [Proxy](guide/proxy.md)\n* [Hidden](hidden.md)\n* [Private](private.md)\n",
        )
        .file(
            "guide/setup.md",
            "---\ndescription: Before the first ticket.\n---\n# Set up\n\n## Ports\n\nOpen port 443. Back [home](../README.md#welcome), on to the [proxy](proxy.md), [here](#ports), or [away](../private.md).\n\n![Diagram](../.gitbook/assets/flow.png)\n\n{% tabs %}\n{% tab title=\"macOS\" %}\n### Ports\n\nMac text.\n{% endtab %}\n\n{% tab title=\"Windows\" %}\nWindows text.\n{% endtab %}\n{% endtabs %}\n\n<details>\n<summary>More</summary>\n\nHidden text.\n\n</details>\n\n###### Deepest\n",
        )
        .file("guide/proxy.md", "# Proxy\n\n## Ports\n\nThe proxy's own ports.\n")
        .file("hidden.md", "---\nhidden: true\n---\n# Hidden page\n\n## Ports\n")
        .file("private.md", "---\nnoIndex: true\n---\n# Private\n")
        .file("extra.md", "# Outside SUMMARY\n")
        .file(".gitbook/assets/flow.png", "\u{89}PNG\r\n");
    space
}

/// The value of every `name="…"` attribute of an HTML text, in order.
fn attributes(html: &str, name: &str) -> Vec<String> {
    let needle = format!(" {name}=\"");
    html.match_indices(&needle)
        .map(|(at, _)| {
            let rest = &html[at + needle.len()..];
            rest[..rest.find('"').unwrap()].to_string()
        })
        .collect()
}

/// The text between `<tag …>` and `</tag>` of every such element.
fn texts(html: &str, open: &str, close: &str) -> Vec<String> {
    html.match_indices(open)
        .map(|(at, _)| {
            let rest = &html[at..];
            let start = rest.find('>').unwrap() + 1;
            rest[start..rest.find(close).unwrap()].to_string()
        })
        .collect()
}

/// No id twice, and every `#fragment` link names one that exists.
fn assert_ids_unique_and_links_resolve(html: &str) -> usize {
    let ids = attributes(html, "id");
    let mut seen = BTreeSet::new();
    let repeated: Vec<&String> = ids.iter().filter(|id| !seen.insert(*id)).collect();
    assert!(repeated.is_empty(), "ids used twice: {repeated:?}");
    let fragments: Vec<String> = attributes(html, "href")
        .into_iter()
        .filter_map(|href| href.strip_prefix('#').map(str::to_string))
        .collect();
    let dangling: Vec<&String> = fragments.iter().filter(|f| !seen.contains(*f)).collect();
    assert!(dangling.is_empty(), "links to no id: {dangling:?}");
    fragments.len()
}

/// The document with its date (today's, for files without a history) blanked.
fn stable(html: &str) -> String {
    let start = html.find("<time datetime=\"").unwrap();
    let end = start + html[start..].find("</time>").unwrap();
    format!("{}<time>DATE{}", &html[..start], &html[end..])
}

#[test]
fn print_html_holds_the_cover_the_contents_and_every_page_in_summary_order() {
    let space = space();
    let run = space.build(&["-q"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = space.read_out("print.html");
    let parts = texts(&html, "<h2 class=\"page-title\"", "</h2>");
    assert_eq!(
        parts,
        ["Home", "Set up", "Proxy", "Hidden", "Outside SUMMARY"],
        "SUMMARY order, then the page outside it; the noIndex page is left out"
    );
    let head_and_contents = attributes(&html[..html.find("<main").unwrap()], "href");
    let contents: Vec<&String> = head_and_contents
        .iter()
        .filter(|href| href.starts_with('#'))
        .collect();
    assert_eq!(contents, ["#p1", "#p2", "#p3", "#p4", "#p5"]);
    assert!(assert_ids_unique_and_links_resolve(&html) > 8);
    insta::assert_snapshot!(stable(&html));
}

#[test]
fn headings_go_down_a_level_and_links_stay_inside_the_document() {
    let space = space();
    space.build(&["-q"]);
    let html = space.read_out("print.html");
    // Three pages have a `## Ports`: each keeps its own id.
    let ports: Vec<String> = attributes(&html, "id")
        .into_iter()
        .filter(|id| id.contains("-ports"))
        .collect();
    assert_eq!(ports, ["p2-ports", "p2-ports-1", "p3-ports", "p4-ports"]);
    assert!(html.contains("<h3 id=\"p2-ports\">"), "{html}");
    assert!(
        html.contains("<h6 id=\"p2-deepest\">"),
        "h6 stays h6: {html}"
    );
    assert_eq!(
        html.matches("<h1").count(),
        1,
        "the cover holds the only h1"
    );
    for link in [
        "href=\"#p2-ports\">setup</a>",
        "href=\"#p1-welcome\">home</a>",
        "href=\"#p3\">proxy</a>",
        "href=\"#p2-ports\">here</a>",
        "href=\"private.html\">away</a>",
    ] {
        assert!(html.contains(link), "{link} in {html}");
    }
    assert!(html.contains("src=\"gitbook/assets/flow.png\""), "{html}");
    assert!(html.contains("<details open=\"\">"), "{html}");
    assert!(
        html.contains("<p class=\"tab-panel-title\">Windows</p>"),
        "{html}"
    );
}

#[test]
fn pages_link_the_document_and_sitemap_and_search_leave_it_out() {
    let space = space();
    space.build(&["-q", "--base-url", "https://kb.example.com/"]);
    let page = space.read_out("guide/setup.html");
    assert!(
        page.contains("<a class=\"page-action print-space\" href=\"../print.html\""),
        "{page}"
    );
    assert!(space.read_out("index.html").contains("href=\"print.html\""));
    assert!(!space.read_out("sitemap.xml").contains("print"));
    for entry in std::fs::read_dir(space.out().join("search")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        assert!(!text.contains("print.html") && !text.contains("p2-ports"));
    }
}

#[test]
fn with_pretty_urls_links_between_pages_still_lead_inside() {
    let space = space();
    space.file("quire.yaml", "content: .\npretty_urls: true\n");
    let run = space.build(&["-q"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = space.read_out("print.html");
    assert!(html.contains("href=\"#p3\">proxy</a>"), "{html}");
    assert!(html.contains("href=\"private/\">away</a>"), "{html}");
    assert!(html.contains("src=\"gitbook/assets/flow.png\""), "{html}");
    assert_ids_unique_and_links_resolve(&html);
    let page = space.read_out("guide/setup/index.html");
    assert!(page.contains("href=\"../../print.html\""), "{page}");
}

#[test]
fn a_page_at_print_html_wins_and_the_document_moves_aside() {
    let space = space();
    space.file("print.md", "# Printing guide\n");
    let run = space.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(space.read_out("print.html").contains("Printing guide"));
    let document = space.read_out("print-space.html");
    assert!(document.contains("class=\"print-cover\""));
    assert!(
        run.stderr.contains("print.md: warning[reserved]: this is published as `print.html`, where quire puts the space's printable document; the space's printable document is written as `print-space.html`"),
        "{}",
        run.stderr
    );
    let page = space.read_out("guide/setup.html");
    assert!(page.contains("href=\"../print-space.html\""), "{page}");
}

#[test]
fn each_space_of_a_site_prints_on_its_own() {
    let space = Space::new();
    space
        .file("quire.yaml", "title: Help\ncontent: .\n")
        .file("LANGS.md", "* [English](en/)\n* [日本語](ja/)\n")
        .file(
            "en/SUMMARY.md",
            "* [English](README.md)\n* [Guide](guide.md)\n",
        )
        .file(
            "en/README.md",
            "# English\n\n[Guide](guide.md#a), [Japanese](../ja/guide.md)\n",
        )
        .file("en/guide.md", "# Guide\n\n## A\n")
        .file(
            "ja/SUMMARY.md",
            "* [日本語](README.md)\n* [ガイド](guide.md)\n",
        )
        .file("ja/README.md", "# 日本語\n\n[ガイド](guide.md)\n")
        .file("ja/guide.md", "# ガイド\n\n## A\n");
    let run = space.build(&["-q"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!space.out().join("print.html").exists());
    for dir in ["en", "ja"] {
        let html = space.read_out(&format!("{dir}/print.html"));
        assert_ids_unique_and_links_resolve(&html);
        assert!(html.contains("href=\"../assets/quire.css\""), "{html}");
        assert!(html.contains("<p class=\"print-site\">Help</p>"), "{html}");
    }
    let en = space.read_out("en/print.html");
    assert!(en.contains("href=\"#p2-a\">Guide</a>"), "{en}");
    // Another space's page is not in this document: the link leads to it.
    assert!(
        en.contains("href=\"../ja/guide.html\">Japanese</a>"),
        "{en}"
    );
    assert!(space
        .read_out("ja/guide.html")
        .contains("href=\"print.html\""));
}

#[test]
fn print_can_be_turned_off() {
    let space = space();
    space.file("quire.yaml", "content: .\noutputs: { print: false }\n");
    let run = space.build(&["-q"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!space.out().join("print.html").exists());
    assert!(!space.out().join("print-space.html").exists());
    assert!(!space.read_out("guide/setup.html").contains("print-space"));
    space.file("quire.yaml", "content: .\noutputs: { prnt: false }\n");
    let run = space.build(&["-q"]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("`print`"), "{}", run.stderr);
}

/// A space of three pages, the second one's text after its title `two`,
/// the third one's `LAST PAGE TEXT`.
fn three_pages(two: &str) -> Space {
    let space = Space::new();
    space
        .file(
            "SUMMARY.md",
            "# Summary\n\n* [One](README.md)\n* [Two](two.md)\n* [Three](three.md)\n",
        )
        .file("README.md", "# One\n\nFirst.\n")
        .file("two.md", &format!("# Two\n\n{two}"))
        .file("three.md", "# Three\n\nLAST PAGE TEXT\n");
    space
}

#[test]
fn what_a_page_leaves_open_is_closed_before_the_next_page() {
    let kinds = [
        "textarea", "xmp", "style", "title", "template", "select", "iframe", "noembed", "noframes",
        "script", "noscript",
    ];
    for (opener, closer) in kinds
        .iter()
        .map(|tag| (format!("<{tag}>"), format!("</{tag}>")))
        .chain([
            ("<plaintext>".to_string(), "</xmp>".to_string()),
            ("<!--".to_string(), "-->".to_string()),
        ])
    {
        let space = three_pages(&format!("before\n\n{opener}\n\nafter it\n"));
        let run = space.build(&[]);
        assert_eq!(run.code, 0, "{opener}: {}", run.stderr);
        assert!(
            run.stderr.contains("two.md") && run.stderr.contains(&format!("`{opener}` open")),
            "{opener}: {}",
            run.stderr
        );
        let html = space.read_out("print.html");
        let opened = html.rfind(&opener.replace("plaintext", "xmp")).unwrap();
        let third = html.find("id=\"p3\"").expect("page 3's part");
        assert!(opened < third, "{opener}");
        // Raw text, a comment and what a template or select holds all end
        // at the first closer: page 3 comes after it.
        assert!(
            html[opened..third].contains(&closer),
            "{opener} is closed before page 3: {}",
            &html[opened..third]
        );
        assert!(html[third..].contains("LAST PAGE TEXT"), "{opener}");
    }
}

/// What a page leaves open inside an element that ends before it: lol_html
/// ends a `<template>` or `<select>` at the enclosing element's end tag, the
/// browser does not, so the document closes it there.
#[test]
fn a_template_or_select_left_open_inside_an_element_is_closed_where_that_ends() {
    for (opener, closer) in [
        ("<template>", "</template>"),
        ("<select><option>", "</select>"),
    ] {
        let space = three_pages(&format!(
            "<div>{opener}\n<p>inside</p>\n</div>\n\nafter it\n"
        ));
        let run = space.build(&[]);
        assert_eq!(run.code, 0, "{opener}: {}", run.stderr);
        let tag = &opener[..opener.find('>').unwrap() + 1];
        assert!(
            run.stderr.contains("two.md")
                && run.stderr.contains(&format!("`{tag}` open"))
                && run.stderr.contains("where the element around it ends"),
            "{opener}: {}",
            run.stderr
        );
        let html = space.read_out("print.html");
        let opened = html.find(opener).unwrap();
        let third = html.find("id=\"p3\"").expect("page 3's part");
        assert!(
            html[opened..third].contains(&format!("<p>inside</p>\n{closer}</div>")),
            "{opener} is closed before its div ends: {}",
            &html[opened..third]
        );
    }
}

/// Red-team leftover: inside a `<table>`, `<object>`, `<marquee>`,
/// `<applet>`, or where HTML comes back in SVG and MathML, the end of a
/// page's part closes nothing, and every later part was nested in it. The
/// document closes them, and the warning points at the line that opens one.
#[test]
fn a_scope_bound_left_open_is_closed_before_the_next_page() {
    for (opener, named, column, closers) in [
        ("<table><tr><td>", "<table>", 1, "</table>"),
        ("<object>", "<object>", 1, "</object>"),
        ("<marquee>", "<marquee>", 1, "</marquee>"),
        ("<applet>", "<applet>", 1, "</applet>"),
        (
            "<svg><foreignObject><div>",
            "<foreignObject>",
            6,
            "</div></foreignobject>",
        ),
        ("<math><mtext>", "<mtext>", 7, "</mtext>"),
    ] {
        let space = three_pages(&format!("before\n\n{opener}\n\nafter it\n"));
        let run = space.build(&[]);
        assert_eq!(run.code, 0, "{opener}: {}", run.stderr);
        assert!(
            run.stderr.contains(&format!(
                "two.md:5:{column}: warning[html]: this page's HTML leaves `{named}` open"
            )),
            "{opener}: {}",
            run.stderr
        );
        let html = space.read_out("print.html");
        let opened = html.find(opener).expect(opener);
        let third = html.find("id=\"p3\"").expect("page 3's part");
        assert!(
            html[opened..third].contains(closers),
            "{opener} is closed before page 3: {}",
            &html[opened..third]
        );
    }
}

/// Finding 10 of the red-team pass: a title holding what the body markers
/// looked like made the document fail as a broken template.
#[test]
fn a_title_that_looks_like_a_body_marker_is_printed_as_text() {
    let space = Space::new();
    space
        .file("SUMMARY.md", "# Summary\n\n* [Home](README.md)\n* [Odd \u{1}quire-print-body-1\u{1} title](a.md)\n* [B](b.md)\n")
        .file("README.md", "# Home\n")
        .file("a.md", "---\ndescription: \"\\x01quire-print-body-0\\x01\"\n---\n# A \u{1}quire-print-body-2\u{1}\n\nA text.\n")
        .file("b.md", "# B\n\nB text.\n");
    let run = space.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("error["), "{}", run.stderr);
    let html = space.read_out("print.html");
    let a = html.find("A text.").expect("page a printed");
    let b = html.find("B text.").expect("page b printed");
    assert!(a < b);
}
