//! `SUMMARY.md` → [`Summary`]: the navigation as GitBook writes it.
//!
//! 1. Parse the file with pulldown-cmark, keeping each event's byte offset.
//! 2. A leading `# H1` is the file's own title and is skipped.
//! 3. `## Group` headings open groups; lists (any depth) hold entries, each
//!    entry's first link gives its title and target; `***` is a separator.
//! 4. Problems carry the offset, turned into line:column when reported.
//! 5. Nesting stops at [`MAX_DEPTH`]: deeper entries follow their parent at
//!    that level, with a warning, so no later walk of the tree goes deep.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// Levels of nesting kept. GitBook's editor nests a few; a list deeper than
/// this is a mistake or an attack, and every walk of the navigation
/// (sidebar, breadcrumbs, twins) may then rely on a shallow tree.
pub(crate) const MAX_DEPTH: usize = 32;

/// The whole table of contents.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Summary {
    pub groups: Vec<Group>,
}

/// Entries under one `## Group` caption (the first group may have no caption).
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Group {
    pub title: Option<String>,
    /// `<a id>` given in the caption, if any.
    pub anchor: Option<String>,
    pub items: Vec<Item>,
}

/// One line of the navigation.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Item {
    Entry(Entry),
    Separator,
    /// A fenced `type: builtin:openapi` block: pages generated from a spec.
    OpenApi(OpenApiEntry),
}

/// `type: builtin:openapi` in SUMMARY.md: one page per tag of a spec, and a
/// page of its models when `props.models` is true.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct OpenApiEntry {
    /// The spec's name (`dependencies.spec.ref.spec`), or a path to it.
    pub spec: String,
    pub models: bool,
    /// Byte offset of the code block in SUMMARY.md.
    pub offset: usize,
}

/// A navigation entry and the entries nested under it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Entry {
    /// The link text, the page's title in navigation.
    pub title: String,
    /// The link destination as written (None for an item without a link).
    pub destination: Option<String>,
    /// The link's title attribute (`"Nav label"`).
    pub label: Option<String>,
    /// Byte offset of the entry's link in SUMMARY.md.
    pub offset: usize,
    pub children: Vec<Item>,
}

/// A problem at a byte offset of SUMMARY.md.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SummaryProblem {
    pub offset: usize,
    pub message: String,
}

/// Parse SUMMARY.md. Never fails: problems come back beside the result.
pub(crate) fn parse(text: &str) -> (Summary, Vec<SummaryProblem>) {
    let mut builder = Builder::default();
    let options = Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        builder.event(event, range);
    }
    builder.finish()
}

/// Entry being read: its list item is open.
#[derive(Debug, Default)]
struct OpenEntry {
    title: String,
    destination: Option<String>,
    label: Option<String>,
    offset: usize,
    children: Vec<Item>,
    in_link: bool,
    link_done: bool,
    /// A fenced block in the item, and its offset.
    code: Option<(String, usize)>,
    in_code: bool,
    /// Already written to its list: a list nested past [`MAX_DEPTH`] began
    /// in it, and its entries follow it instead of nesting.
    written: bool,
}

#[derive(Default)]
struct Builder {
    summary: Summary,
    problems: Vec<SummaryProblem>,
    /// Items of each open list, innermost last.
    lists: Vec<Vec<Item>>,
    /// Entries whose list item is open, innermost last.
    entries: Vec<OpenEntry>,
    /// Text of the heading being read, and whether it is a group caption.
    heading: Option<(String, bool, Option<String>)>,
    /// Lists open past [`MAX_DEPTH`]: their items go to the deepest kept list.
    flattened: usize,
}

impl Builder {
    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                self.heading = Some((String::new(), level != HeadingLevel::H1, None))
            }
            Event::End(TagEnd::Heading(_)) => self.end_heading(),
            Event::Start(Tag::List(_)) => self.start_list(range.start),
            Event::End(TagEnd::List(_)) => self.end_list(),
            Event::Start(Tag::Item) => self.start_item(range.start),
            Event::End(TagEnd::Item) => self.end_item(),
            Event::Start(Tag::Link {
                dest_url, title, ..
            }) => self.start_link(&dest_url, &title, range.start),
            Event::End(TagEnd::Link) => {
                if let Some(e) = self.entries.last_mut().filter(|e| e.in_link) {
                    e.in_link = false;
                    e.link_done = true;
                }
            }
            Event::Text(t) | Event::Code(t) => self.text(&t),
            Event::InlineHtml(html) | Event::Html(html) => self.html(&html),
            Event::Rule if self.lists.is_empty() => {
                self.current_group().items.push(Item::Separator)
            }
            Event::Start(Tag::CodeBlock(_)) => {
                if let Some(entry) = self.entries.last_mut() {
                    entry.code = Some((String::new(), range.start));
                    entry.in_code = true;
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(entry) = self.entries.last_mut() {
                    entry.in_code = false;
                }
            }
            _ => {}
        }
    }

    fn start_link(&mut self, dest: &str, title: &str, offset: usize) {
        let Some(entry) = self.entries.last_mut() else {
            return;
        };
        // Only an entry's first link counts; later ones are part of its text.
        if entry.link_done || entry.destination.is_some() {
            return;
        }
        // `[Draft]()`: an entry whose page is not written yet. Its text is
        // its title, and like an entry without a link it is a caption.
        if dest.trim().is_empty() {
            entry.offset = offset;
            entry.in_link = true;
            return;
        }
        entry.destination = Some(dest.to_string());
        entry.label = Some(title.to_string()).filter(|t| !t.is_empty());
        entry.offset = offset;
        entry.in_link = true;
    }

    fn text(&mut self, text: &str) {
        if let Some(entry) = self.entries.last_mut().filter(|e| e.in_code) {
            if let Some((code, _)) = &mut entry.code {
                code.push_str(text);
            }
            return;
        }
        if let Some((heading, _, _)) = &mut self.heading {
            heading.push_str(text);
        } else if let Some(entry) = self.entries.last_mut() {
            // Text outside the link counts only for entries without one.
            if entry.in_link || entry.destination.is_none() {
                entry.title.push_str(text);
            }
        }
    }

    fn html(&mut self, html: &str) {
        if let Some((_, _, anchor)) = &mut self.heading {
            if let Some(id) = crate::text::html::attribute(html, "id") {
                *anchor = Some(id);
            }
        }
    }

    fn end_heading(&mut self) {
        let Some((text, is_group, anchor)) = self.heading.take() else {
            return;
        };
        if is_group {
            self.summary.groups.push(Group {
                title: Some(text.trim().to_string()),
                anchor,
                items: vec![],
            });
        }
    }

    fn start_list(&mut self, offset: usize) {
        if self.lists.len() < MAX_DEPTH {
            return self.lists.push(Vec::new());
        }
        if self.flattened == 0 {
            self.problem(
                offset,
                &format!(
                    "entries nest deeper than {MAX_DEPTH} levels; the deeper ones are shown at level {MAX_DEPTH}"
                ),
            );
        }
        self.flattened += 1;
    }

    fn start_item(&mut self, offset: usize) {
        if self.flattened > 0 {
            // The entry this item is nested in goes first, as its list's
            // next item, so that reading order holds.
            self.write_open_parent();
        }
        self.entries.push(OpenEntry {
            offset,
            ..Default::default()
        });
    }

    fn write_open_parent(&mut self) {
        let Some(parent) = self.entries.last_mut().filter(|e| !e.written) else {
            return;
        };
        parent.written = true;
        if parent.destination.is_none() && parent.title.trim().is_empty() {
            // `* * * [x](x.md)`: a bare marker around the deeper item shows nothing.
            return;
        }
        let entry = Entry {
            title: parent.title.trim().to_string(),
            destination: parent.destination.clone(),
            label: parent.label.clone(),
            offset: parent.offset,
            children: vec![],
        };
        if let Some(list) = self.lists.last_mut() {
            list.push(Item::Entry(entry));
        }
    }

    fn end_list(&mut self) {
        if self.flattened > 0 {
            self.flattened -= 1;
            return;
        }
        let items = self.lists.pop().unwrap_or_default();
        // A list nested in an open entry holds that entry's children.
        if !self.entries.is_empty() && self.entries.len() == self.lists.len() {
            if let Some(parent) = self.entries.last_mut() {
                parent.children.extend(items);
                return;
            }
        }
        self.current_group().items.extend(items);
    }

    fn end_item(&mut self) {
        let Some(open) = self.entries.pop() else {
            return;
        };
        if open.written {
            return;
        }
        if let (None, Some((code, offset))) = (&open.destination, &open.code) {
            let item = match openapi_entry(code, *offset) {
                Ok(entry) => Item::OpenApi(entry),
                Err(message) => return self.problem(*offset, &message),
            };
            if let Some(list) = self.lists.last_mut() {
                list.push(item);
            }
            return;
        }
        if open.destination.is_none() {
            self.problem(
                open.offset,
                "this entry has no link; it is shown as a caption",
            );
        }
        let entry = Entry {
            title: open.title.trim().to_string(),
            destination: open.destination,
            label: open.label,
            offset: open.offset,
            children: open.children,
        };
        if let Some(list) = self.lists.last_mut() {
            list.push(Item::Entry(entry));
        }
    }

    fn current_group(&mut self) -> &mut Group {
        if self.summary.groups.is_empty() {
            self.summary.groups.push(Group::default());
        }
        self.summary
            .groups
            .last_mut()
            .expect("a group was just ensured")
    }

    fn problem(&mut self, offset: usize, message: &str) {
        self.problems.push(SummaryProblem {
            offset,
            message: message.to_string(),
        });
    }

    fn finish(self) -> (Summary, Vec<SummaryProblem>) {
        (self.summary, self.problems)
    }
}

/// Read a fenced block of SUMMARY.md: only `type: builtin:openapi` is known.
fn openapi_entry(code: &str, offset: usize) -> Result<OpenApiEntry, String> {
    let value: serde_json::Value = crate::yaml::from_str(code)
        .map_err(|e| format!("unreadable block in SUMMARY.md: {}; skipped", e.message))?;
    let kind = value.get("type").and_then(|t| t.as_str()).unwrap_or("");
    if kind != "builtin:openapi" {
        return Err(format!(
            "unknown block `type: {kind}` in SUMMARY.md (only `builtin:openapi` is read); skipped"
        ));
    }
    let spec = value
        .pointer("/dependencies/spec/ref/spec")
        .or_else(|| value.get("spec"))
        .and_then(|s| s.as_str())
        .ok_or("`builtin:openapi` without `dependencies.spec.ref.spec`; skipped")?;
    let models = value
        .pointer("/props/models")
        .and_then(|m| m.as_bool())
        .unwrap_or(false);
    Ok(OpenApiEntry {
        spec: spec.to_string(),
        models,
        offset,
    })
}

impl Summary {
    /// Every entry, depth first, in reading order.
    pub(crate) fn entries(&self) -> Vec<&Entry> {
        let mut out = vec![];
        let mut stack: Vec<&Item> = vec![];
        for group in self.groups.iter().rev() {
            stack.extend(group.items.iter().rev());
        }
        while let Some(item) = stack.pop() {
            if let Item::Entry(entry) = item {
                out.push(entry);
                stack.extend(entry.children.iter().rev());
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn titles(items: &[Item]) -> Vec<String> {
        items
            .iter()
            .map(|i| match i {
                Item::Entry(e) => e.title.clone(),
                Item::Separator => "---".into(),
                Item::OpenApi(api) => format!("openapi:{}", api.spec),
            })
            .collect()
    }

    fn depth(items: &[Item]) -> usize {
        let mut deepest = 0;
        let mut stack: Vec<(&Item, usize)> = items.iter().map(|i| (i, 1)).collect();
        while let Some((item, level)) = stack.pop() {
            deepest = deepest.max(level);
            if let Item::Entry(e) = item {
                stack.extend(e.children.iter().map(|c| (c, level + 1)));
            }
        }
        deepest
    }

    #[test]
    fn nesting_stops_at_the_cap_with_one_warning_in_reading_order() {
        // Finding 1: 3,000 levels on one line, and 3,000 indented lines.
        let on_one_line = format!("# Summary\n\n{}[P](p.md)\n", "* ".repeat(3000));
        let indented: String = (0..3000)
            .map(|i| format!("{}* [P{i}](p{i}.md)\n", "  ".repeat(i)))
            .collect();
        for text in [on_one_line, indented] {
            let (summary, problems) = parse(&text);
            assert_eq!(depth(&summary.groups[0].items), MAX_DEPTH);
            let deep: Vec<&Entry> = summary.entries();
            let last = deep.last().expect("entries");
            assert!(last.destination.as_deref().unwrap().starts_with('p'));
            let capped: Vec<&SummaryProblem> = problems
                .iter()
                .filter(|p| p.message.contains("deeper than 32 levels"))
                .collect();
            assert_eq!(capped.len(), 1, "{problems:?}");
        }
        let indented: String = (0..40)
            .map(|i| format!("{}* [P{i}](p{i}.md)\n", "  ".repeat(i)))
            .collect();
        let (summary, problems) = parse(&indented);
        let order: Vec<&str> = summary.entries().iter().map(|e| e.title.as_str()).collect();
        let expected: Vec<String> = (0..40).map(|i| format!("P{i}")).collect();
        assert_eq!(order, expected);
        assert_eq!(problems[0].offset, indented.find("* [P32]").unwrap());
    }

    #[test]
    fn openapi_blocks_are_entries_and_other_blocks_are_problems() {
        let text = "* [API](api.md)\n  * ```yaml\n    type: builtin:openapi\n    props:\n      models: true\n    dependencies:\n      spec:\n        ref:\n          spec: billing\n    ```\n* ```yaml\n  type: builtin:unknown\n  ```\n* ```yaml\n  type: builtin:openapi\n  ```\n";
        let (summary, problems) = parse(text);
        let Item::Entry(api) = &summary.groups[0].items[0] else {
            panic!("{summary:?}")
        };
        assert_eq!(
            api.children,
            [Item::OpenApi(OpenApiEntry {
                spec: "billing".into(),
                models: true,
                offset: text.find("```yaml").unwrap(),
            })]
        );
        assert_eq!(titles(&summary.groups[0].items), ["API"]);
        let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "unknown block `type: builtin:unknown` in SUMMARY.md (only `builtin:openapi` is read); skipped",
                "`builtin:openapi` without `dependencies.spec.ref.spec`; skipped"
            ]
        );
    }

    #[test]
    fn reads_groups_nesting_labels_and_separators() {
        let text = "# Table of contents\n\n* [Home](README.md)\n\n## Guides <a href=\"#guides\" id=\"guides\"></a>\n\n* [Setup](guides/setup.md \"Set up\")\n  * [Linux](guides/linux.md)\n    * [Debian](guides/debian.md)\n* [Spaces](<guides/with space.md>)\n\n***\n\n## 常見問題\n\n- [FAQ](faq.md#top)\n- [Status](https://status.example.com)\n";
        let (summary, problems) = parse(text);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(summary.groups.len(), 3);
        assert_eq!(summary.groups[0].title, None);
        assert_eq!(titles(&summary.groups[0].items), ["Home"]);
        let guides = &summary.groups[1];
        assert_eq!(guides.title.as_deref(), Some("Guides"));
        assert_eq!(guides.anchor.as_deref(), Some("guides"));
        assert_eq!(titles(&guides.items), ["Setup", "Spaces", "---"]);
        let Item::Entry(setup) = &guides.items[0] else {
            panic!()
        };
        assert_eq!(setup.label.as_deref(), Some("Set up"));
        assert_eq!(setup.destination.as_deref(), Some("guides/setup.md"));
        let Item::Entry(linux) = &setup.children[0] else {
            panic!()
        };
        assert_eq!(titles(&linux.children), ["Debian"]);
        let Item::Entry(spaces) = &guides.items[1] else {
            panic!()
        };
        assert_eq!(spaces.destination.as_deref(), Some("guides/with space.md"));
        assert_eq!(summary.groups[2].title.as_deref(), Some("常見問題"));
        assert_eq!(summary.entries().len(), 7);
    }

    #[test]
    fn four_space_indentation_nests_too() {
        let (summary, _) = parse("* [A](a.md)\n    * [B](b.md)\n        * [C](c.md)\n");
        let Item::Entry(a) = &summary.groups[0].items[0] else {
            panic!()
        };
        let Item::Entry(b) = &a.children[0] else {
            panic!()
        };
        assert_eq!(titles(&b.children), ["C"]);
    }

    #[test]
    fn entry_without_link_is_reported_at_its_offset() {
        let text = "# TOC\n\n* [A](a.md)\n* Just text\n";
        let (summary, problems) = parse(text);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].offset, text.find("* Just").unwrap());
        assert_eq!(titles(&summary.groups[0].items), ["A", "Just text"]);
    }
}
