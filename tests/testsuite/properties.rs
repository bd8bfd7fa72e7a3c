//! Property tests (proptest): pages assembled from the pieces writers use,
//! in any order and nesting, never panic when read or rendered, and every
//! tag the parser reports is found exactly where it says.

use proptest::prelude::*;

/// Fragments of real pages: tags (well formed, unclosed, stray, malformed),
/// Markdown, code fences, HTML and CJK text.
const PIECES: &[&str] = &[
    "{% hint style=\"info\" %}\n",
    "{% endhint %}\n",
    "{% tabs %}\n",
    "{% tab title=\"One\" %}\n",
    "{% endtab %}\n",
    "{% endtabs %}\n",
    "{% stepper %}\n{% step %}\n",
    "{% endstep %}\n{% endstepper %}\n",
    "{% code title=\"a.sh\" lineNumbers=\"true\" %}\n",
    "{% endcode %}\n",
    "{% embed url=\"https://example.com/v\" %}\n",
    "{% content-ref url=\"README.md\" %}\n[Home](README.md)\n{% endcontent-ref %}\n",
    "{% include \"../x.md\" %}\n",
    "{% if visitor.claims.plan %}\n",
    "{% endif %}\n",
    "{% unknown-tag %}\n",
    "{% hint style=\"warning\" ",
    "%}",
    "{%",
    "```bash\n",
    "```\n",
    "`{% hint %}` ",
    "# Title\n",
    "## Section\n",
    "Text with **bold** and [a link](guide/install.md#requirements).\n",
    "\\_escaped\\_ \\[x] ",
    "<details>\n<summary>More</summary>\n",
    "</details>\n",
    "<figure><img src=\"x.png\"><figcaption>c</figcaption></figure>\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\n",
    "> quote\n",
    "- item\n  - nested\n",
    "$$x^2$$ ",
    "中文內容，請參考 https://example.com/文件。\n",
    "\n",
    "    indented\n",
    "---\n",
    "![alt *a*](x.png \"t\") ",
    "Note[^1]. ",
    "[^1]: A note.\n\n    ## In a note\n",
    "## Heading <small>raw</small> &amp; *em*\n",
    "<h2 id=\"raw\">Raw heading</h2>\n",
    "<h2 id=\"section\">Raw with a heading's id</h2>\n",
    "<button>Copy</button> <span class=\"sr-only\">x</span> <!-- c > d --> ",
    "- [x] done\n",
    "text &am",
    "p; <b",
    "r> `code` a  \nb\n",
];

fn page() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..40).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn tag_spans_point_at_their_tags(text in page()) {
        // Panics (a failed position check included) fail the case.
        quire::fuzzing::tags(text.as_bytes());
    }

    /// Search text gathered while a body is written is what reading the
    /// body's HTML back gives, whatever the page holds.
    #[test]
    fn gathered_sections_are_those_read_back(text in page()) {
        quire::fuzzing::page_sections(text.as_bytes());
    }

    #[test]
    fn a_tag_read_again_from_its_span_is_the_same_tag(text in page()) {
        let parsed = quire::gitbook::parse(&text);
        for block in blocks(&parsed.nodes) {
            let source = &text[block.open.clone()];
            let again = quire::gitbook::parse(source);
            let first = blocks(&again.nodes).into_iter().next();
            let first = first.unwrap_or_else(|| panic!("{source:?} is no tag on its own"));
            prop_assert_eq!(&first.name, &block.name);
            prop_assert_eq!(&first.attrs, &block.attrs);
            prop_assert_eq!(&first.args, &block.args);
            prop_assert_eq!(first.open.clone(), 0..source.len());
        }
    }

    #[test]
    fn any_page_reads_and_renders_without_panicking(text in page()) {
        quire::fuzzing::page(text.as_bytes());
    }

    #[test]
    fn front_matter_of_any_text_reads_without_panicking(body in page(), yaml in "[a-z: \\-\\[\\]{}\"'\\n\\t&*!|>]{0,80}") {
        quire::fuzzing::front_matter(format!("---\n{yaml}\n---\n{body}").as_bytes());
    }
}

/// Every block of a tree, outermost first.
fn blocks(nodes: &[quire::gitbook::Node]) -> Vec<&quire::gitbook::Block> {
    let mut out = vec![];
    for node in nodes {
        if let quire::gitbook::Node::Block(block) = node {
            out.push(block);
            out.extend(blocks(&block.children));
        }
    }
    out
}

/// Pieces of raw HTML that spell URLs the ways browsers read them (issue 21).
const HTML_URL_PIECES: &[&str] = &[
    "<a href=\"",
    "<img src=",
    "<a/",
    "<form action='",
    "<svg><a xlink:href=",
    "<object data=",
    "srcset=\"a.png 1x, ",
    "ping=\"a ",
    "href=",
    "\"",
    "'",
    ">",
    " ",
    "\t",
    "\n",
    ",",
    "javascript:",
    "java",
    "script",
    ":",
    "&colon;",
    "&#106;",
    "&#x6A;",
    "&#0000106",
    "avascript:",
    "&NewLine;",
    "&#x09;",
    "&Tab;",
    "&amp;",
    "&",
    ";",
    "data:text/html,",
    "data:image/png,",
    "vbscript:",
    "alert(1)",
    "README.md",
    "#x",
];

/// Pieces of `.gitbook.yaml` redirect paths and targets.
const REDIRECT_PIECES: &[&str] = &[
    "..",
    ".",
    "/",
    "\\",
    "%2e",
    "%2E",
    "%2f",
    "%5c",
    "%00",
    "%25",
    ":",
    "C:",
    "old",
    "page",
    ".md",
    ".html",
    "README.md",
    "\n",
    "javascript:",
    "&#106;",
    "avascript:x",
    " ",
];

fn assembled(pieces: &'static [&'static str], most: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(pieces), 0..most).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    #[test]
    fn no_script_url_survives_the_html_filter(html in assembled(HTML_URL_PIECES, 24)) {
        quire::fuzzing::html_urls(html.as_bytes());
    }

    #[test]
    fn a_redirect_page_is_inside_the_output_or_refused(text in assembled(REDIRECT_PIECES, 16)) {
        quire::fuzzing::redirects(text.as_bytes());
    }
}
