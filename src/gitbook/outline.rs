//! A page's outline the way GitBook reads it: its headings, the ids GitBook
//! gives them and the tabs, and every id a link may target. Loading needs
//! this for every page before any page is rendered (a link is checked
//! against the page it targets), so it is its own pass over the Markdown.

use super::emphasis;
use super::slug;
use super::tree::Node;
use super::walk::{document_order, tab_title, Item, Leaf};
use crate::text::html;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::{HashMap, HashSet};

/// GitBook's Markdown: GFM tables, footnotes, strikethrough and task lists.
/// Not heading attributes: GitBook has no `{#id}`, and with it on
/// `## GET /users/{id}` would lose text.
pub const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_TASKLISTS);

/// A heading of a page with its GitBook id.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    /// quire's earlier id for the heading, when it differs: a second anchor,
    /// so that links written for it still land.
    #[serde(skip)]
    pub alias: Option<String>,
    /// Plain text (markup dropped).
    pub text: String,
    /// Byte offset of the heading in the page body.
    #[serde(skip)]
    pub offset: usize,
    /// Inside a GitBook block (a step's or a hint's heading): not a page section.
    pub in_block: bool,
}

/// What loading needs to know of a page's Markdown before rendering.
#[derive(Debug, Default)]
pub struct Scan {
    pub headings: Vec<Heading>,
    pub anchors: HashSet<String>,
    /// The GitBook anchor of each tab, by the body offset of its `{% tab %}`.
    pub tab_ids: Vec<(usize, String)>,
    /// The leading `# H1`: its text and the body offset where it ends.
    pub title: Option<(String, usize)>,
    /// `[label]: url "title"` definitions of the page, by lowercased label.
    pub link_references: HashMap<String, (String, String)>,
    /// Labels of the page's footnote definitions (`[^label]: …`).
    pub footnote_labels: HashSet<String>,
    /// Ids written in HTML that an earlier heading or element already has,
    /// with the body offset of the second one.
    pub duplicate_ids: Vec<(String, usize)>,
}

/// An element that needs a generated id, in document order.
enum Target {
    /// Index into `Scan::headings`; its text, unless an explicit id was written.
    Heading(usize, Option<String>),
    /// A tab: the body offset of its tag and its title.
    Tab(usize, String),
}

/// Find headings, tabs, their ids, explicit ids in HTML and the title heading.
/// `prose` is handed the text a reader sees as prose (code, URLs, tag
/// attributes and markup left out), piece by piece, for the page's language.
///
/// Two passes: the walk collects what needs an id and every id written
/// explicitly; then ids are handed out in document order, so that a
/// generated id never takes one the page writes later.
pub fn scan(body: &str, nodes: &[Node], prose: &mut dyn FnMut(&str)) -> Scan {
    let mut scan = Scan::default();
    let mut slugger = slug::Slugger::default();
    let mut targets = vec![];
    for (index, item) in document_order(nodes).into_iter().enumerate() {
        match item {
            Item::Leaf(leaf) => {
                let found = Found {
                    scan: &mut scan,
                    slugger: &mut slugger,
                    targets: &mut targets,
                    prose: &mut *prose,
                };
                scan_leaf(body, &leaf, index, found)
            }
            Item::Tab(tab) => {
                let title = tab_title(tab).unwrap_or("Tab").to_string();
                targets.push(Target::Tab(tab.open.start, title));
            }
        }
    }
    assign_ids(&mut scan, &mut slugger, targets);
    scan
}

/// Where [`scan_leaf`] puts what it finds.
struct Found<'s> {
    scan: &'s mut Scan,
    slugger: &'s mut slug::Slugger,
    targets: &'s mut Vec<Target>,
    prose: &'s mut dyn FnMut(&str),
}

/// Headings, footnotes, link definitions, explicit ids and prose of one
/// Markdown run.
fn scan_leaf(body: &str, leaf: &Leaf<'_>, index: usize, found: Found<'_>) {
    let Found {
        scan,
        slugger,
        targets,
        prose,
    } = found;
    let mut unseen = |_: &str| {};
    let prose: &mut dyn FnMut(&str) = if leaf.shown { prose } else { &mut unseen };
    let source = leaf.text.source(body);
    let mut heading: Option<(u8, usize, String, Option<String>)> = None;
    // GitBook drops images from heading ids, alt text included.
    let mut image_depth = 0usize;
    let mut in_code_block = false;
    let mut parser = Parser::new_ext(&source, OPTIONS).into_offset_iter();
    for (event, range) in emphasis::adjust_headings(parser.by_ref(), &source) {
        // An HTML block's lines carry its text; an inline tag has none.
        if let Event::Html(h) = &event {
            prose(&crate::text::plain::prose_and_code(h).0);
        }
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::Start(Tag::Image { .. }) => image_depth += 1,
            Event::Start(Tag::FootnoteDefinition(label)) => {
                scan.footnote_labels.insert(label.to_string());
            }
            Event::End(TagEnd::Image) => image_depth = image_depth.saturating_sub(1),
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some((level_number(level), range.start, String::new(), None));
            }
            Event::End(TagEnd::Heading(_)) => {
                let Some((level, start, text, explicit)) = heading.take() else {
                    continue;
                };
                if index == 0
                    && scan.headings.is_empty()
                    && level == 1
                    && !leaf.in_block
                    && is_title_position(&source, start)
                {
                    let end = leaf.text.to_original(body, range.end);
                    scan.title = Some((text.trim().to_string(), end));
                }
                let generate = explicit.is_none().then(|| text.clone());
                targets.push(Target::Heading(scan.headings.len(), generate));
                scan.headings.push(Heading {
                    level,
                    id: explicit.unwrap_or_default(),
                    alias: None,
                    text: text.trim().to_string(),
                    offset: leaf.text.to_original(body, start),
                    in_block: leaf.in_block,
                });
            }
            Event::Text(t) if !in_code_block => {
                if let (Some((_, _, text, _)), 0) = (&mut heading, image_depth) {
                    text.push_str(&t);
                }
                prose(&t);
            }
            Event::Code(t) if image_depth == 0 => {
                if let Some((_, _, text, _)) = &mut heading {
                    text.push_str(&t);
                }
            }
            Event::InlineHtml(h) | Event::Html(h) => {
                if let Some((_, _, _, explicit)) = &mut heading {
                    if let Some(id) = html::attribute(&h, "id") {
                        *explicit = Some(id);
                    }
                }
                for id in html::ids(&h) {
                    if slugger.is_taken(id) {
                        let offset = leaf.text.to_original(body, range.start);
                        scan.duplicate_ids.push((id.to_string(), offset));
                    }
                    slugger.reserve(id);
                    scan.anchors.insert(id.to_string());
                }
            }
            _ => {}
        }
    }
    for (label, definition) in parser.reference_definitions().iter() {
        scan.link_references
            .entry(label.to_lowercase())
            .or_insert_with(|| {
                (
                    definition.dest.to_string(),
                    definition.title.as_deref().unwrap_or("").to_string(),
                )
            });
    }
}

/// Generated ids in document order, then quire's earlier ids as aliases
/// where they differ and are free.
fn assign_ids(scan: &mut Scan, slugger: &mut slug::Slugger, targets: Vec<Target>) {
    let mut legacy = slug::LegacySlugger::default();
    for target in targets {
        match target {
            Target::Heading(i, Some(text)) => {
                let heading = &mut scan.headings[i];
                heading.id = slugger.unique(&text);
                heading.alias = Some(legacy.unique(&text));
                scan.anchors.insert(heading.id.clone());
            }
            Target::Heading(i, None) => {
                scan.anchors.insert(scan.headings[i].id.clone());
            }
            Target::Tab(offset, title) => {
                let id = slugger.unique(&title);
                scan.anchors.insert(id.clone());
                scan.tab_ids.push((offset, id));
            }
        }
    }
    for heading in &mut scan.headings {
        heading.alias = heading
            .alias
            .take()
            .filter(|alias| *alias != heading.id && !slugger.is_taken(alias));
        if let Some(alias) = &heading.alias {
            slugger.reserve(alias);
            scan.anchors.insert(alias.clone());
        }
    }
}

/// A heading is the page title only when nothing but blank lines precede it.
fn is_title_position(source: &str, start: usize) -> bool {
    source[..start].trim().is_empty()
}

fn level_number(level: HeadingLevel) -> u8 {
    level as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan_text(body: &str) -> Scan {
        let parsed = crate::gitbook::build::parse(body);
        scan(body, &parsed.nodes, &mut |_| {})
    }

    #[test]
    fn ids_follow_document_order_through_blocks() {
        let body = "# Title\n\n## Setup\n\n{% stepper %}\n{% step %}\n### Step\n\nOne\n{% endstep %}\n{% step %}\n### Step\n\nTwo\n{% endstep %}\n{% endstepper %}\n\n## Setup\n";
        let s = scan_text(body);
        let ids: Vec<_> = s
            .headings
            .iter()
            .map(|h| (h.id.as_str(), h.in_block))
            .collect();
        assert_eq!(
            ids,
            [
                ("title", false),
                ("setup", false),
                ("step", true),
                ("step-1", true),
                ("setup-1", false)
            ]
        );
        assert_eq!(s.title.as_ref().map(|t| t.0.as_str()), Some("Title"));
        assert_eq!(
            &body[s.headings[2].offset..s.headings[2].offset + 8],
            "### Step"
        );
    }

    #[test]
    fn explicit_anchor_wins_and_html_ids_are_targets() {
        let s = scan_text("## Hello <a href=\"#hi\" id=\"hi\"></a>\n\n<div id=\"box\">x</div>\n\n## `code` and **bold**\n");
        assert_eq!(s.headings[0].id, "hi");
        assert_eq!(s.headings[1].id, "code-and-bold");
        assert!(s.anchors.contains("box"));
        assert!(s.title.is_none());
    }

    #[test]
    fn ids_written_twice_are_reported_where_the_second_is() {
        let body = "## Setup\n\n<div id=\"box\">x</div>\n\nText <span id=\"box\"></span> and <a id=\"setup\"></a>\n\n## Other <a id=\"new\"></a>\n";
        let s = scan_text(body);
        let found: Vec<(&str, &str)> = s
            .duplicate_ids
            .iter()
            .map(|(id, at)| (id.as_str(), &body[*at..*at + 5]))
            .collect();
        // The heading yields `setup` to the id written for it and takes `setup-1`.
        assert_eq!(found, [("box", "<span")]);
        assert_eq!(s.headings[0].id, "setup-1");
    }

    /// Issue 22 §7: ids stay unique, suffixes skip every id the page has.
    #[test]
    fn issue_22_repeated_headings_get_ids_no_other_element_has() {
        let mut body = "## Setup!\n\n".repeat(10_000);
        body.push_str("## setup-1\n\n## Setup 1\n\nText <a id=\"setup\"></a>\n");
        let s = scan_text(&body);
        let ids: HashSet<&str> = s.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids.len(), 10_002, "every heading has an id of its own");
        assert!(
            !ids.contains("setup"),
            "the explicit `setup` stays the anchor's"
        );
        assert_eq!(s.headings[0].id, "setup-1");
        assert_eq!(s.headings[9_999].id, "setup-10000");
        assert_eq!(s.headings[10_000].id, "setup-1-1");
        assert_eq!(s.headings[10_001].id, "setup-1-2");
    }

    #[test]
    fn tabs_take_gitbook_anchors_in_document_order() {
        let body = "## CLI\n\n{% tabs %}\n{% tab title=\"网页 App\" %}\nA\n{% endtab %}\n{% tab title=\"CLI\" %}\nB\n{% endtab %}\n{% endtabs %}\n\n## 网页 App\n";
        let s = scan_text(body);
        let tabs: Vec<&str> = s.tab_ids.iter().map(|(_, id)| id.as_str()).collect();
        assert_eq!(tabs, ["wang-ye-app", "cli-1"]);
        assert_eq!(s.headings[1].id, "wang-ye-app-1");
        // quire's earlier id stays reachable as an alias.
        assert_eq!(s.headings[1].alias.as_deref(), Some("网页-app"));
        assert!(s.anchors.contains("网页-app") && s.anchors.contains("cli-1"));
    }

    /// Only a tab its set draws as one has a panel to carry an anchor: not
    /// a `{% tab %}` outside any set, nor one of the other kind of set.
    #[test]
    fn only_tabs_drawn_as_tabs_take_anchors() {
        let body = "{% tab title=\"Alone\" %}\nA\n{% endtab %}\n\n{% code-tabs %}\n{% code-tabs-item title=\"main.py\" %}\nB\n{% endcode-tabs-item %}\n{% tab title=\"Odd\" %}\nC\n{% endtab %}\n{% endcode-tabs %}\n";
        let s = scan_text(body);
        let tabs: Vec<&str> = s.tab_ids.iter().map(|(_, id)| id.as_str()).collect();
        assert_eq!(tabs, ["main.py"]);
        assert!(!s.anchors.contains("alone") && !s.anchors.contains("odd"));
    }

    #[test]
    fn a_later_h1_is_not_the_title() {
        let s = scan_text("Intro text\n\n# Not title\n");
        assert!(s.title.is_none());
    }
}
