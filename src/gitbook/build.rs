//! Pass 2: build the tree from the tags the scanner finds.
//!
//! End tags are matched against an explicit stack of open blocks (never
//! recursion) into a flat, pre-order list of entries, which is then
//! assembled into the tree iteratively. Markdown leaves are the gaps between
//! tags. Malformed input is recovered from, with warnings:
//!
//! - An unclosed container closes at the end of its parent (or of the page),
//!   one that holds items (`tabs` of `tab`s) after its last item; a block
//!   whose end tag is optional stays standalone when none follows.
//! - A stray end tag is dropped.
//! - `else`/`elif` outside any open `{% if %}` are kept as markers.
//! - `dedent`: an opening tag that begins its line (after whitespace), or
//!   follows a list item's marker alone on it (`1. {% hint %}`), sets its
//!   children's dedent to its column; any other opening tag passes on its
//!   parent's dedent (top level: 0).

use std::collections::HashMap;

use super::bytes::Span;
use super::lexer::{self, RawTag};
use super::tags::{is_item, item_of, parse_args, tag_kind, TagKind, BRANCH_PARENT, END_PREFIX};
use super::tree::{Block, Node, Parsed, Text, Warning};

/// Parse GitBook block tags in `text`. Never fails; malformed input yields
/// warnings.
pub fn parse(text: &str) -> Parsed {
    let mut builder = Builder::new(text);
    lexer::scan(text, |tag| builder.tag(tag));
    builder.finish()
}

/// What the tree needs of an opening tag.
struct OpenTag {
    span: Span,
    name: Span,
    raw: Span,
    indent: Option<usize>,
}

enum Entry {
    Leaf(Span),
    /// An opening tag (index into `Builder::opens`), one past the entry index
    /// of its last descendant, and the span of its end tag.
    Blk {
        tag: usize,
        end: usize,
        close: Option<Span>,
    },
}

struct OpenRec<'a> {
    entry: usize,
    open: Span,
    name: &'a str,
    optional: bool,
    /// For a container of items (`tabs`): the name of its items.
    items: Option<&'static str>,
    /// One past the last entry of its last item closed so far.
    last_item_end: Option<usize>,
    /// For a block whose end tag is optional: the last item (`tab`, `step`)
    /// closed directly inside it, and where it ends.
    item_inside: Option<(&'a str, usize)>,
}

fn push_leaf(text: &str, entries: &mut Vec<Entry>, start: usize, end: usize) {
    if start < end
        && !text.as_bytes()[start..end]
            .iter()
            .all(u8::is_ascii_whitespace)
    {
        entries.push(Entry::Leaf(start..end));
    }
}

/// FNV-1a. Tag names are short and come from the page being built, so a fast
/// unkeyed hash is fine here (SipHash cost a quarter of the build time).
#[derive(Default)]
struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// Open block name -> its depths on the open-block stack, innermost last.
type NameMap<'a> = HashMap<&'a str, Vec<usize>, std::hash::BuildHasherDefault<Fnv>>;

fn pop_name(by_name: &mut NameMap, name: &str) {
    if let Some(v) = by_name.get_mut(name) {
        v.pop();
    }
}

/// Pop an open block that met no end tag: optional-end blocks become standalone
/// (their would-be body goes back to the parent); containers of items end
/// after their last item; other containers are closed here. A warning says
/// where. Returns the entry index the block now ends at.
fn close_unclosed(
    entries: &mut [Entry],
    warnings: &mut Vec<Warning>,
    rec: &OpenRec,
    closing_parent: Option<&str>,
) -> usize {
    let end_at = if rec.optional {
        rec.entry + 1
    } else {
        let (end_at, message) = match (rec.items.zip(rec.last_item_end), closing_parent) {
            (Some((item, end)), _) => (
                end,
                format!(
                    "unclosed `{{% {} %}}`: closed after its last `{{% {item} %}}`",
                    rec.name
                ),
            ),
            (None, Some(parent)) => (
                entries.len(),
                format!(
                    "unclosed `{{% {} %}}`: closed at the end of its parent `{{% {} %}}`",
                    rec.name, parent
                ),
            ),
            (None, None) => (
                entries.len(),
                format!(
                    "unclosed `{{% {} %}}`: closed at the end of the page",
                    rec.name
                ),
            ),
        };
        warnings.push(Warning {
            span: rec.open.clone(),
            message,
        });
        end_at
    };
    if let Entry::Blk { end, .. } = &mut entries[rec.entry] {
        *end = end_at;
    }
    end_at
}

/// Pass 2, fed tag by tag: matches end tags against an explicit stack of open
/// blocks and records a flat, pre-order entry list.
struct Builder<'a> {
    text: &'a str,
    entries: Vec<Entry>,
    /// Opening tags, referred to by `Entry::Blk::tag`.
    opens: Vec<OpenTag>,
    warnings: Vec<Warning>,
    stack: Vec<OpenRec<'a>>,
    by_name: NameMap<'a>,
    /// End of the last tag's region: the next leaf starts here.
    cursor: usize,
}

impl<'a> Builder<'a> {
    fn new(text: &'a str) -> Self {
        Builder {
            text,
            entries: Vec::new(),
            opens: Vec::new(),
            warnings: Vec::new(),
            stack: Vec::new(),
            by_name: NameMap::default(),
            cursor: 0,
        }
    }

    fn tag(&mut self, tag: RawTag) {
        let text = self.text;
        push_leaf(text, &mut self.entries, self.cursor, tag.region.start);
        self.cursor = tag.region.end;
        let name = &text[tag.name.clone()];

        if let Some(target) = name.strip_prefix(END_PREFIX).filter(|t| !t.is_empty()) {
            self.end_tag(name, target, tag.span);
            return;
        }

        let kind = tag_kind(name);
        let idx = self.entries.len();
        let open = OpenTag {
            span: tag.span.clone(),
            name: tag.name,
            raw: tag.raw,
            indent: tag.indent,
        };
        let standalone = Entry::Blk {
            tag: self.opens.len(),
            end: idx + 1,
            close: None,
        };
        match kind {
            TagKind::Standalone => self.entries.push(standalone),
            TagKind::Branch => {
                if self.by_name.get(BRANCH_PARENT).is_none_or(|v| v.is_empty()) {
                    self.warnings.push(Warning {
                        span: tag.span.clone(),
                        message: format!(
                            "`{{% {name} %}}` outside `{{% {BRANCH_PARENT} %}}`: kept as a marker"
                        ),
                    });
                }
                self.entries.push(standalone);
            }
            TagKind::Container | TagKind::OptionalEnd | TagKind::Unknown => {
                if kind == TagKind::Unknown {
                    self.warnings.push(Warning {
                        span: tag.span.clone(),
                        message: format!("unknown tag `{{% {name} %}}`: its body is rendered"),
                    });
                }
                self.entries.push(Entry::Blk {
                    tag: self.opens.len(),
                    end: usize::MAX,
                    close: None,
                });
                self.by_name.entry(name).or_default().push(self.stack.len());
                self.stack.push(OpenRec {
                    entry: idx,
                    open: tag.span,
                    name,
                    optional: kind != TagKind::Container,
                    items: item_of(name),
                    last_item_end: None,
                    item_inside: None,
                });
            }
        }
        self.opens.push(open);
    }

    fn end_tag(&mut self, name: &str, target: &str, span: Span) {
        let Some(depth) = self.by_name.get(target).and_then(|v| v.last().copied()) else {
            self.warnings.push(Warning {
                span,
                message: format!(
                    "stray `{{% {name} %}}` matches no open `{{% {target} %}}`: ignored"
                ),
            });
            return;
        };
        while self.stack.len() > depth + 1 {
            if let Some(rec) = self.stack.pop() {
                self.pop_unclosed(rec, Some(target));
            }
        }
        if let Some(rec) = self.stack.pop() {
            pop_name(&mut self.by_name, rec.name);
            let len = self.entries.len();
            if let Entry::Blk { end, close, .. } = &mut self.entries[rec.entry] {
                *close = Some(span);
                *end = len;
            }
            self.note_closed(rec.name, len);
        }
    }

    /// Pop `rec`, which met no end tag: see [`close_unclosed`]. An item
    /// inside it, when it stays standalone, is its parent's now.
    fn pop_unclosed(&mut self, rec: OpenRec<'a>, closing_parent: Option<&str>) {
        pop_name(&mut self.by_name, rec.name);
        let end = close_unclosed(&mut self.entries, &mut self.warnings, &rec, closing_parent);
        self.note_closed(rec.name, end);
        if let (true, Some((item, end))) = (rec.optional, rec.item_inside) {
            self.note_closed(item, end);
        }
    }

    /// A block named `name` now ends at entry `end`: if it is an item of
    /// the block that holds it, that one's last item so far. Inside a block
    /// that may yet stay standalone (`{% embed %}` without an end tag), it
    /// is kept for the block around that one.
    fn note_closed(&mut self, name: &'a str, end: usize) {
        if let Some(parent) = self.stack.last_mut() {
            if parent.items == Some(name) {
                parent.last_item_end = Some(end);
            } else if parent.optional && is_item(name) {
                parent.item_inside = Some((name, end));
            }
        }
    }

    fn finish(mut self) -> Parsed {
        let text = self.text;
        push_leaf(text, &mut self.entries, self.cursor, text.len());
        while let Some(rec) = self.stack.pop() {
            self.pop_unclosed(rec, None);
        }
        self.warnings.sort_by_key(|w| w.span.start);
        Parsed {
            nodes: assemble(text, &self.opens, self.entries),
            warnings: self.warnings,
        }
    }
}

/// Turn the flat entry list into a tree, iteratively.
fn assemble(text: &str, opens: &[OpenTag], entries: Vec<Entry>) -> Vec<Node> {
    fn attach(stack: &mut [(Block, usize, usize)], root: &mut Vec<Node>, node: Node) {
        match stack.last_mut() {
            Some(top) => top.0.children.push(node),
            None => root.push(node),
        }
    }
    // First pass: count direct children so every Vec is allocated once.
    let mut counts = vec![0u32; entries.len()];
    let mut root_len = 0;
    let mut open: Vec<(usize, usize)> = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        while open.last().is_some_and(|&(_, end)| end <= i) {
            open.pop();
        }
        match open.last() {
            Some(&(parent, _)) => counts[parent] += 1,
            None => root_len += 1,
        }
        if let Entry::Blk { end, .. } = *entry {
            if end > i + 1 {
                open.push((i, end));
            }
        }
    }
    drop(open);

    let mut root = Vec::with_capacity(root_len);
    // (block, end, dedent of its children)
    let mut stack: Vec<(Block, usize, usize)> = Vec::new();
    for (i, entry) in entries.into_iter().enumerate() {
        while stack.last().is_some_and(|top| top.1 <= i) {
            if let Some((block, _, _)) = stack.pop() {
                attach(&mut stack, &mut root, Node::Block(block));
            }
        }
        let dedent = stack.last().map_or(0, |top| top.2);
        match entry {
            Entry::Leaf(span) => {
                attach(&mut stack, &mut root, Node::Markdown(Text { span, dedent }));
            }
            Entry::Blk { tag, end, close } => {
                let tag = &opens[tag];
                let raw = &text[tag.raw.clone()];
                let (attrs, args) = parse_args(raw);
                let block = Block {
                    name: text[tag.name.clone()].to_owned(),
                    attrs,
                    args,
                    raw: raw.to_owned(),
                    open: tag.span.clone(),
                    close,
                    children: Vec::with_capacity(counts[i] as usize),
                };
                if end <= i + 1 {
                    attach(&mut stack, &mut root, Node::Block(block));
                } else {
                    stack.push((block, end, tag.indent.unwrap_or(dedent)));
                }
            }
        }
    }
    while let Some((block, _, _)) = stack.pop() {
        attach(&mut stack, &mut root, Node::Block(block));
    }
    root
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gitbook::lexer::tests::{code_regions, tag_syntax_at};
    use crate::gitbook::tree::tests::check_mapping;
    use std::borrow::Cow;

    // -- helpers ------------------------------------------------------------

    fn blocks(nodes: &[Node]) -> Vec<&Block> {
        nodes.iter().filter_map(Node::as_block).collect()
    }

    /// The single top-level block of `text`, checking invariants on the way.
    fn one(text: &str) -> Parsed {
        let p = parse(text);
        check_invariants(text, &p);
        p
    }

    fn first_block(p: &Parsed) -> &Block {
        blocks(&p.nodes)[0]
    }

    fn src<'a>(text: &'a str, node: &Node) -> Cow<'a, str> {
        node.as_text().expect("a Markdown leaf").source(text)
    }

    fn messages(p: &Parsed) -> Vec<&str> {
        p.warnings.iter().map(|w| w.message.as_str()).collect()
    }

    fn ok_span(text: &str, s: &Span) -> bool {
        s.start <= s.end
            && s.end <= text.len()
            && text.is_char_boundary(s.start)
            && text.is_char_boundary(s.end)
    }

    /// Structural checks that hold for every input.
    fn check_invariants(text: &str, p: &Parsed) {
        for w in &p.warnings {
            assert!(ok_span(text, &w.span), "warning span {:?}", w.span);
        }
        assert!(p
            .warnings
            .windows(2)
            .all(|w| w[0].span.start <= w[1].span.start));
        // Pre-order walk: open, children…, close. Every span must be valid and
        // start at or after the end of the previous one: children sit inside
        // their parents and leaves never overlap tags.
        enum Work<'n> {
            Node(&'n Node),
            Close(&'n Span),
        }
        let mut work: Vec<Work> = p.nodes.iter().rev().map(Work::Node).collect();
        let mut prev_end = 0;
        let mut leaf_spans = Vec::new();
        while let Some(item) = work.pop() {
            let span = match item {
                Work::Node(Node::Markdown(t)) => {
                    assert!(t.span.start < t.span.end, "empty leaf {:?}", t.span);
                    assert!(ok_span(text, &t.span), "leaf span {:?}", t.span);
                    assert!(
                        !text[t.span.clone()]
                            .bytes()
                            .all(|c| c.is_ascii_whitespace()),
                        "blank leaf {:?}",
                        t.span
                    );
                    check_mapping(text, t);
                    leaf_spans.push(t.span.clone());
                    &t.span
                }
                Work::Node(Node::Block(b)) => {
                    assert!(ok_span(text, &b.open), "open span {:?}", b.open);
                    let tag = &text[b.open.clone()];
                    assert!(tag.starts_with("{%") && tag.ends_with("%}"), "{tag:?}");
                    assert!(tag.contains(b.name.as_str()));
                    if let Some(close) = &b.close {
                        assert!(ok_span(text, close), "close span {close:?}");
                        let end = &text[close.clone()];
                        assert!(end.contains(&format!("end{}", b.name)), "{end:?}");
                        work.push(Work::Close(close));
                    }
                    work.extend(b.children.iter().rev().map(Work::Node));
                    &b.open
                }
                Work::Close(span) => span,
            };
            assert!(span.start >= prev_end, "{span:?} starts before {prev_end}");
            prev_end = span.end;
        }
        // No tag text in a leaf: every `{%` in a leaf that would form a valid
        // tag lies inside a code region the scanner skipped.
        let code = code_regions(text);
        let b = text.as_bytes();
        for span in &leaf_spans {
            for i in span.clone() {
                if tag_syntax_at(text, i) {
                    assert!(
                        code.iter().any(|c| c.start <= i && i < c.end),
                        "tag text at {i} in leaf {:?} of {text:?}",
                        &text[span.clone()]
                    );
                }
            }
        }
        // A leaf made of whole lines parses on its own to Markdown only.
        for span in leaf_spans {
            let whole_lines = (span.start == 0 || b[span.start - 1] == b'\n')
                && (span.end == text.len() || b[span.end - 1] == b'\n');
            if !whole_lines {
                continue;
            }
            let leaf = &text[span];
            let again = parse(leaf);
            assert!(
                again.warnings.is_empty() && again.nodes.iter().all(|n| n.as_text().is_some()),
                "leaf {leaf:?} still holds tags: {again:?}"
            );
        }
    }

    // -- attributes and arguments -------------------------------------------

    #[test]
    fn attribute_double_quotes() {
        let text = "{% hint style=\"warning\" icon=\"bolt\" %}\nCareful.\n{% endhint %}\n";
        let p = one(text);
        let b = first_block(&p);
        assert_eq!(b.name, "hint");
        assert_eq!(b.attr("style"), Some("warning"));
        assert_eq!(b.attr("icon"), Some("bolt"));
        assert_eq!(b.attrs[0].0, "style");
        assert_eq!(b.attrs[1].0, "icon");
        assert!(b.args.is_empty());
        assert_eq!(b.raw, "style=\"warning\" icon=\"bolt\"");
        assert!(p.warnings.is_empty());
    }

    #[test]
    fn attribute_unquoted() {
        let p = one("{% swagger-parameter in=query name=limit required=true %}\nMax.\n{% endswagger-parameter %}");
        let b = first_block(&p);
        assert_eq!(b.attr("in"), Some("query"));
        assert_eq!(b.attr("name"), Some("limit"));
        assert_eq!(b.attr("required"), Some("true"));
        // Unquoted value directly before `%}`: the value stops at the tag's end.
        let p = one("{% embed url=https://example.org/v?id=3%}");
        assert_eq!(
            first_block(&p).attr("url"),
            Some("https://example.org/v?id=3")
        );
    }

    #[test]
    fn positional_args() {
        let p = one("{% include \"../.gitbook/includes/shared-note.md\" %}\n");
        let b = first_block(&p);
        assert_eq!(b.name, "include");
        assert_eq!(b.args, vec!["../.gitbook/includes/shared-note.md"]);
        assert!(b.attrs.is_empty());
        assert_eq!(b.close, None);

        let p = one("{% swagger method=\"get\" path=\"/pets\" baseUrl=\"https://api\" summary=\"List\" %}\n{% endswagger %}");
        let b = first_block(&p);
        assert_eq!(b.attr("baseUrl"), Some("https://api"));
        assert_eq!(b.attr("summary"), Some("List"));
    }

    #[test]
    fn raw_argument_text_for_conditions() {
        let text = "{% if visitor.claims.unsigned.beta %}\nBeta only.\n{% endif %}\n";
        let p = one(text);
        let b = first_block(&p);
        assert_eq!(b.name, "if");
        assert_eq!(b.raw, "visitor.claims.unsigned.beta");
        assert_eq!(b.args, vec!["visitor.claims.unsigned.beta"]);
        assert!(p.warnings.is_empty());
    }

    #[test]
    fn integration_blocks_are_standalone() {
        let text = "{% @github-files/github-code-block url=\"https://github.com/o/r/blob/main/a.rs\" %}\nAfter.\n";
        let p = one(text);
        assert!(p.warnings.is_empty());
        let b = first_block(&p);
        assert_eq!(b.name, "@github-files/github-code-block");
        assert_eq!(b.attr("url"), Some("https://github.com/o/r/blob/main/a.rs"));
        assert!(b.children.is_empty());
        assert_eq!(src(text, &p.nodes[1]), "After.\n");
    }

    // -- layout ----------------------------------------------------------------

    #[test]
    fn tag_lines_own_their_whole_line() {
        let text = "Intro line\n  {% hint style=\"info\" %}  \nBody\n{% endhint %}\nOutro\n";
        let p = one(text);
        assert_eq!(p.nodes.len(), 3);
        assert_eq!(src(text, &p.nodes[0]), "Intro line\n");
        let b = p.nodes[1].as_block().unwrap();
        assert_eq!(&text[b.open.clone()], "{% hint style=\"info\" %}");
        assert_eq!(&text[b.close.clone().unwrap()], "{% endhint %}");
        assert_eq!(b.children.len(), 1);
        assert_eq!(src(text, &b.children[0]), "Body\n");
        assert_eq!(src(text, &p.nodes[2]), "Outro\n");
    }

    #[test]
    fn several_tags_on_one_line() {
        let text = "{% tabs %}{% tab title=\"A\" %}\nalpha\n{% endtab %} {% tab title=\"B\" %}\nbeta\n{% endtab %}{% endtabs %}\n";
        let p = one(text);
        assert!(p.warnings.is_empty());
        assert_eq!(p.nodes.len(), 1);
        let tabs = first_block(&p);
        let tab = blocks(&tabs.children);
        assert_eq!(tabs.children.len(), 2, "no blank leaves between tabs");
        assert_eq!(tab[0].attr("title"), Some("A"));
        assert_eq!(src(text, &tab[0].children[0]), "alpha\n");
        assert_eq!(src(text, &tab[1].children[0]), "beta\n");
    }

    #[test]
    fn inline_tags_on_one_line() {
        let text = "{% tabs %}\n{% tab title=\"A\" %} Body text {% endtab %}\n{% tab title=\"B\" %}Other{% endtab %}\n{% endtabs %}\n";
        let p = one(text);
        assert!(p.warnings.is_empty(), "{:?}", p.warnings);
        let tabs = first_block(&p);
        let tab = blocks(&tabs.children);
        assert_eq!(tab.len(), 2);
        assert_eq!(
            tabs.children.len(),
            2,
            "the newlines after inline end tags are blank"
        );
        assert_eq!(src(text, &tab[0].children[0]), " Body text ");
        assert_eq!(src(text, &tab[1].children[0]), "Other");
        assert_eq!(&text[tab[1].close.clone().unwrap()], "{% endtab %}");
    }

    #[test]
    fn inline_tags_inside_paragraph() {
        let text = "See {% embed url=\"https://v.example/1\" %} and {% file src=\"a.pdf\" %}Guide{% endfile %} now.";
        let p = one(text);
        assert!(p.warnings.is_empty());
        let names: Vec<_> = blocks(&p.nodes).iter().map(|b| b.name.as_str()).collect();
        assert_eq!(names, vec!["embed", "file"]);
        let file = blocks(&p.nodes)[1];
        assert_eq!(src(text, &file.children[0]), "Guide");
        assert_eq!(src(text, &p.nodes[0]), "See ");
        assert_eq!(src(text, p.nodes.last().unwrap()), " now.");
    }

    #[test]
    fn indented_tags_in_list_items() {
        let text = "* First\n  {% hint style=\"info\" %}\n  Hint body\n\n  ```sh\n    indented more\n  ```\n  {% endhint %}\n* Second\n";
        let p = one(text);
        assert!(p.warnings.is_empty());
        assert_eq!(src(text, &p.nodes[0]), "* First\n");
        let hint = p.nodes[1].as_block().unwrap();
        assert_eq!(&text[hint.open.clone()], "{% hint style=\"info\" %}");
        let body = hint.children[0].as_text().unwrap();
        assert_eq!(body.dedent, 2);
        assert_eq!(
            body.source(text),
            "Hint body\n\n```sh\n  indented more\n```\n"
        );
        check_mapping(text, body);
        // Spot checks of the mapping.
        let s = body.source(text);
        let k = s.find("indented").unwrap();
        assert_eq!(body.to_original(text, k), text.find("indented").unwrap());
        assert_eq!(body.to_original(text, 0), text.find("Hint body").unwrap());
        assert_eq!(src(text, &p.nodes[2]), "* Second\n");
    }

    #[test]
    fn nested_indented_tags_and_inherited_dedent() {
        let text = "1. Step\n   {% tabs %}\n   {% tab title=\"Mac\" %} brew install x\n   more\n   {% endtab %}\n   {% endtabs %}\n";
        let p = one(text);
        assert!(p.warnings.is_empty());
        let tabs = p.nodes[1].as_block().unwrap();
        let tab = tabs.children[0].as_block().unwrap();
        let body = tab.children[0].as_text().unwrap();
        assert_eq!(body.dedent, 3);
        // The first, partial line is left alone; later lines are dedented.
        assert_eq!(body.source(text), " brew install x\nmore\n");
        check_mapping(text, body);
    }

    #[test]
    fn dedent_with_tabs() {
        let text = "\t{% hint %}\n\tTabbed\n  \tMixed\n      Six\n\t{% endhint %}\n";
        let p = one(text);
        let body = first_block(&p).children[0].as_text().unwrap();
        assert_eq!(body.dedent, 4);
        assert_eq!(body.source(text), "Tabbed\nMixed\n  Six\n");
        check_mapping(text, body);

        // A tab that crosses the dedent column leaves its extra columns as spaces.
        let text = "  {% hint %}\n\tdeep\n \tx\n  {% endhint %}";
        let p = one(text);
        let body = first_block(&p).children[0].as_text().unwrap();
        assert_eq!(body.dedent, 2);
        assert_eq!(body.source(text), "  deep\n  x\n");
        check_mapping(text, body);
        let tab = text.find('\t').unwrap();
        assert_eq!(body.to_original(text, 0), tab);
        assert_eq!(body.to_original(text, 1), tab);
        assert_eq!(body.to_original(text, 2), tab + 1);
    }

    #[test]
    fn to_original_on_every_byte_of_samples() {
        let samples = [
            "- 清單\n    {% hint style=\"info\" %}\n    第一行 text\n  short\n\n\t\ttabbed 中文\n    {% endhint %}\n",
            "   {% code %}\n   ```\n   代码 `x`\n   ```\n   {% endcode %}",
            "{% tabs %}\n  {% tab title=\"甲\" %}\n    甲的內容\n  {% endtab %}\n{% endtabs %}",
        ];
        let mut checked = 0;
        for text in samples {
            let p = one(text);
            let mut stack: Vec<&Node> = p.nodes.iter().collect();
            while let Some(node) = stack.pop() {
                match node {
                    Node::Markdown(t) => {
                        check_mapping(text, t);
                        if t.dedent > 0 {
                            checked += 1;
                        }
                    }
                    Node::Block(b) => stack.extend(&b.children),
                }
            }
        }
        assert!(checked >= 3);
    }

    #[test]
    fn nesting_depth_four() {
        let text = "{% tabs %}\n{% tab title=\"Rust\" %}\n{% hint style=\"success\" %}\nTip:\n{% code title=\"main.rs\" lineNumbers=\"true\" %}\n```rust\nfn main() {}\n```\n{% endcode %}\n{% endhint %}\n{% endtab %}\n{% endtabs %}\n";
        let p = one(text);
        assert!(p.warnings.is_empty());
        let tabs = first_block(&p);
        let tab = blocks(&tabs.children)[0];
        let hint = blocks(&tab.children)[0];
        assert_eq!(hint.attr("style"), Some("success"));
        let code = blocks(&hint.children)[0];
        assert_eq!(code.attr("lineNumbers"), Some("true"));
        assert_eq!(src(text, &hint.children[0]), "Tip:\n");
        assert_eq!(src(text, &code.children[0]), "```rust\nfn main() {}\n```\n");
    }

    #[test]
    fn stepper_with_three_steps() {
        let text = "## Walkthrough\n\n{% stepper %}\n{% step %}\n### Step one\n\nOpen the panel.\n{% endstep %}\n\n{% step %}\n### Step two\n\nPick a file.\n{% endstep %}\n\n{% step %}\n### Step three\n\nPress **Save**.\n{% endstep %}\n{% endstepper %}\n";
        let p = one(text);
        assert!(p.warnings.is_empty());
        let stepper = first_block(&p);
        assert_eq!(stepper.name, "stepper");
        assert_eq!(
            stepper.children.len(),
            3,
            "blank lines between steps are dropped"
        );
        for (i, step) in blocks(&stepper.children).into_iter().enumerate() {
            assert_eq!(step.name, "step");
            assert_eq!(step.children.len(), 1);
            let body = src(text, &step.children[0]);
            assert!(body.starts_with("### Step"), "step {i}: {body:?}");
        }
        assert_eq!(
            src(text, &blocks(&stepper.children)[2].children[0]),
            "### Step three\n\nPress **Save**.\n"
        );
    }

    #[test]
    fn content_ref_and_end_prefix() {
        let text = "{% content-ref url=\"guides/\" %}\n[guides](guides/)\n{% endcontent-ref %}\n";
        let p = one(text);
        assert!(p.warnings.is_empty());
        let b = first_block(&p);
        assert_eq!(b.name, "content-ref");
        assert_eq!(b.attr("url"), Some("guides/"));
        assert_eq!(&text[b.close.clone().unwrap()], "{% endcontent-ref %}");
    }

    #[test]
    fn empty_leaves_are_omitted() {
        let p = one("{% hint %}\n   \n\t\n{% endhint %}\n\n   \n");
        assert_eq!(p.nodes.len(), 1);
        assert!(first_block(&p).children.is_empty());
        assert!(one("").nodes.is_empty());
        assert!(one(" \n\n").nodes.is_empty());
    }

    #[test]
    fn cjk_text() {
        let text = "說明：{% hint style=\"info\" %}提示{% endhint %}結束\n{% tabs %}\n{% tab title=\"繁體中文\" %}\n內容 `程式碼`\n{% endtab %}\n{% endtabs %}";
        let p = one(text);
        assert!(p.warnings.is_empty());
        assert_eq!(src(text, &p.nodes[0]), "說明：");
        let hint = p.nodes[1].as_block().unwrap();
        assert_eq!(src(text, &hint.children[0]), "提示");
        assert_eq!(src(text, &p.nodes[2]), "結束\n");
        let tab = p.nodes[3].as_block().unwrap().children[0]
            .as_block()
            .unwrap();
        assert_eq!(tab.attr("title"), Some("繁體中文"));
        assert_eq!(src(text, &tab.children[0]), "內容 `程式碼`\n");
    }

    // -- optional end tags, standalone tags, branches ---------------------------

    #[test]
    fn embed_with_and_without_end_tag() {
        let text = "{% embed url=\"https://a\" %}\nA caption\n{% endembed %}\n{% embed url=\"https://b\" %}\nNot a caption\n";
        let p = one(text);
        assert!(p.warnings.is_empty());
        let e = blocks(&p.nodes);
        assert_eq!(e.len(), 2);
        assert_eq!(src(text, &e[0].children[0]), "A caption\n");
        assert!(e[0].close.is_some());
        assert!(e[1].children.is_empty());
        assert_eq!(e[1].close, None);
        assert_eq!(src(text, &p.nodes[2]), "Not a caption\n");
    }

    #[test]
    fn optional_end_does_not_cross_its_parent() {
        let text =
            "{% hint %}\n{% embed url=\"u\" %}\nIn hint\n{% endhint %}\nafter\n{% endembed %}\n";
        let p = one(text);
        let hint = first_block(&p);
        assert_eq!(hint.name, "hint");
        assert!(hint.close.is_some());
        assert_eq!(hint.children.len(), 2);
        assert!(hint.children[0].as_block().unwrap().children.is_empty());
        assert_eq!(src(text, &hint.children[1]), "In hint\n");
        // The later `{% endembed %}` no longer matches anything.
        assert_eq!(
            messages(&p),
            vec!["stray `{% endembed %}` matches no open `{% embed %}`: ignored"]
        );
    }

    #[test]
    fn nested_optional_blocks_pick_nearest_end() {
        let text = "{% file src=\"a\" %}{% file src=\"b\" %}cap{% endfile %}tail";
        let p = one(text);
        assert!(p.warnings.is_empty());
        let files = blocks(&p.nodes);
        assert_eq!(files.len(), 2);
        assert_eq!(files[0].attr("src"), Some("a"));
        assert!(files[0].children.is_empty());
        assert_eq!(src(text, &files[1].children[0]), "cap");
        assert_eq!(src(text, p.nodes.last().unwrap()), "tail");
    }

    #[test]
    fn standalone_tags_never_take_a_body() {
        let text = "{% include \"a.md\" %}\nText\n{% endinclude %}\n{% page-ref page=\"b.md\" %}\n{% openapi-operation spec=\"s\" path=\"/p\" method=\"get\" %}\n{% openapi-schemas spec=\"s\" schemas=\"Pet\" %}";
        let p = one(text);
        let names: Vec<_> = blocks(&p.nodes).iter().map(|b| b.name.clone()).collect();
        assert_eq!(
            names,
            vec![
                "include",
                "page-ref",
                "openapi-operation",
                "openapi-schemas"
            ]
        );
        assert!(blocks(&p.nodes)
            .iter()
            .all(|b| b.children.is_empty() && b.close.is_none()));
        assert_eq!(
            messages(&p),
            vec!["stray `{% endinclude %}` matches no open `{% include %}`: ignored"]
        );
    }

    #[test]
    fn else_and_elif_inside_if() {
        let text = "{% if visitor.a %}\nA\n{% elif visitor.b %}\nB\n{% else %}\nC\n{% endif %}\n";
        let p = one(text);
        assert!(p.warnings.is_empty(), "{:?}", p.warnings);
        let b = first_block(&p);
        let kinds: Vec<String> = b
            .children
            .iter()
            .map(|n| match n {
                Node::Block(b) => format!("<{} {}>", b.name, b.raw),
                Node::Markdown(t) => t.source(text).trim().to_owned(),
            })
            .collect();
        assert_eq!(kinds, vec!["A", "<elif visitor.b>", "B", "<else >", "C"]);
        // Also fine deeper inside the `if`.
        let p = one("{% if x %}{% hint %}{% else %}{% endhint %}{% endif %}");
        assert!(p.warnings.is_empty());
        // Outside an `if`: kept, with a warning.
        let text = "a\n{% else %}\nb";
        let p = one(text);
        assert_eq!(first_block(&p).name, "else");
        assert_eq!(p.warnings.len(), 1);
        assert_eq!(p.warnings[0].span, 2..12);
        assert!(p.warnings[0]
            .message
            .contains("`{% else %}` outside `{% if %}`"));
    }

    // -- malformed input -------------------------------------------------------

    #[test]
    fn unclosed_container_at_end_of_page() {
        let text = "Before\n{% hint style=\"danger\" %}\nNever closed\n";
        let p = one(text);
        let b = first_block(&p);
        assert_eq!(b.close, None);
        assert_eq!(src(text, &b.children[0]), "Never closed\n");
        assert_eq!(p.warnings.len(), 1);
        assert_eq!(p.warnings[0].span, b.open);
        assert_eq!(
            &text[p.warnings[0].span.clone()],
            "{% hint style=\"danger\" %}"
        );
        assert_eq!(
            p.warnings[0].message,
            "unclosed `{% hint %}`: closed at the end of the page"
        );
    }

    #[test]
    fn unclosed_containers_closed_by_outer_end_tag() {
        let text =
            "{% tabs %}\n{% tab title=\"A\" %}\nOne\n{% hint %}\nTwo\n{% endtabs %}\nThree\n";
        let p = one(text);
        let tabs = first_block(&p);
        assert_eq!(&text[tabs.close.clone().unwrap()], "{% endtabs %}");
        let tab = tabs.children[0].as_block().unwrap();
        assert_eq!(tab.close, None);
        let hint = blocks(&tab.children)[0];
        assert_eq!(hint.close, None);
        assert_eq!(src(text, &hint.children[0]), "Two\n");
        assert_eq!(src(text, &p.nodes[1]), "Three\n");
        assert_eq!(
            messages(&p),
            vec![
                "unclosed `{% tab %}`: closed at the end of its parent `{% tabs %}`",
                "unclosed `{% hint %}`: closed at the end of its parent `{% tabs %}`",
            ]
        );
        assert_eq!(p.warnings[0].span, tab.open);
        assert_eq!(p.warnings[1].span, hint.open);
    }

    /// A tab set left open ends after its last tab, so that what follows
    /// stays the page's (a tab set shows nothing else).
    #[test]
    fn unclosed_item_containers_end_after_their_last_item() {
        let text = "{% tabs %}\n{% tab title=\"A\" %}\nOne\n{% endtab %}\n{% tab title=\"B\" %}\nTwo\n{% endtab %}\n## After\n\n{% hint %}\nHint\n{% endhint %}\nLast\n";
        let p = one(text);
        let tabs = first_block(&p);
        assert_eq!(tabs.close, None);
        assert_eq!(blocks(&tabs.children).len(), 2);
        assert_eq!(tabs.children.len(), 2, "only the tabs are inside");
        assert_eq!(src(text, &p.nodes[1]), "## After\n\n");
        assert_eq!(p.nodes[2].as_block().unwrap().name, "hint");
        assert_eq!(src(text, &p.nodes[3]), "Last\n");
        assert_eq!(
            messages(&p),
            vec!["unclosed `{% tabs %}`: closed after its last `{% tab %}`"]
        );
        assert_eq!(p.warnings[0].span, tabs.open);

        // The same where an enclosing block's end tag comes first, for
        // steppers too; a tab left open itself still holds what follows it.
        let text = "{% hint %}\n{% stepper %}\n{% step %}\nS\n{% endstep %}\nInside hint\n{% endhint %}\n{% tabs %}\n{% tab title=\"A\" %}\nStill in A\n";
        let p = one(text);
        let hint = first_block(&p);
        let stepper = hint.children[0].as_block().unwrap();
        assert_eq!(stepper.children.len(), 1);
        assert_eq!(src(text, &hint.children[1]), "Inside hint\n");
        let tabs = blocks(&p.nodes)[1];
        let tab = tabs.children[0].as_block().unwrap();
        assert_eq!(src(text, &tab.children[0]), "Still in A\n");
        assert_eq!(
            messages(&p),
            vec![
                "unclosed `{% stepper %}`: closed after its last `{% step %}`",
                "unclosed `{% tabs %}`: closed after its last `{% tab %}`",
                "unclosed `{% tab %}`: closed at the end of the page",
            ]
        );

        // Without any tab, the set holds the rest of the page, as before.
        let p = one("{% tabs %}\nNo tab\n");
        assert_eq!(first_block(&p).children.len(), 1);
        assert_eq!(
            messages(&p),
            vec!["unclosed `{% tabs %}`: closed at the end of the page"]
        );
    }

    /// A block whose end tag is optional, left standalone between two
    /// tabs, does not split the set: the tab after it is still the set's.
    #[test]
    fn an_item_after_a_standalone_block_is_still_the_sets() {
        let text = "{% tabs %}\n{% tab title=\"A\" %}\nOne\n{% endtab %}\n{% embed url=\"https://example.com\" %}\n{% tab title=\"B\" %}\nTwo\n{% endtab %}\n## After\n";
        let p = one(text);
        let tabs = first_block(&p);
        let names: Vec<&str> = blocks(&tabs.children)
            .iter()
            .map(|b| b.name.as_str())
            .collect();
        assert_eq!(names, ["tab", "embed", "tab"]);
        assert_eq!(p.nodes.len(), 2);
        assert_eq!(src(text, &p.nodes[1]), "## After\n");
        // Closed by its end tag, the block holds the tab: the set ends
        // after the tab before it.
        let text = "{% tabs %}\n{% tab title=\"A\" %}\nOne\n{% endtab %}\n{% embed url=\"https://example.com\" %}\n{% tab title=\"B\" %}\nTwo\n{% endtab %}\n{% endembed %}\nAfter\n";
        let p = one(text);
        assert_eq!(first_block(&p).children.len(), 1);
        assert_eq!(blocks(&p.nodes)[1].name, "embed");
    }

    /// Many tab sets left open, each after the last: every one ends after
    /// its own tab, in one pass (no rescanning of what follows).
    #[test]
    fn many_unclosed_tab_sets_end_one_after_another() {
        let one_set = "{% tabs %}{% tab title=\"T\" %}x{% endtab %}text ";
        let text = one_set.repeat(DEPTH);
        let p = one(&text);
        assert_eq!(blocks(&p.nodes).len(), DEPTH);
        assert_eq!(p.nodes.len(), 2 * DEPTH);
        assert_eq!(p.warnings.len(), DEPTH);
    }

    #[test]
    fn tab_without_title_is_not_an_error() {
        let p = one("{% tabs %}\n{% tab %}\nx\n{% endtab %}\n{% endtabs %}");
        assert!(p.warnings.is_empty());
        assert!(first_block(&p).children[0]
            .as_block()
            .unwrap()
            .attrs
            .is_empty());
    }

    #[test]
    fn stray_end_tag_is_dropped() {
        let text = "{% tabs %}\n{% tab title=\"A\" %}\nx\n{% endtab %}\n{% endtabs %}\n{% endtabs %}\nAfter\n";
        let p = one(text);
        assert_eq!(p.nodes.len(), 2);
        assert_eq!(
            src(text, &p.nodes[1]),
            "After\n",
            "the stray tag's line is not Markdown"
        );
        assert_eq!(p.warnings.len(), 1);
        let second = text.rfind("{% endtabs %}").unwrap();
        assert_eq!(p.warnings[0].span, second..second + "{% endtabs %}".len());
        assert_eq!(
            p.warnings[0].message,
            "stray `{% endtabs %}` matches no open `{% tabs %}`: ignored"
        );
        // Inline stray tag.
        let text = "a {% endhint %} b";
        let p = one(text);
        assert_eq!(p.nodes.len(), 2);
        assert_eq!(p.warnings[0].span, 2..15);
    }

    #[test]
    fn unknown_tags() {
        let text = "{% spoiler kind=\"x\" %}\nHidden\n{% endspoiler %}\n{% badge %}\nAfter\n";
        let p = one(text);
        let b = blocks(&p.nodes);
        assert_eq!(b[0].name, "spoiler");
        assert_eq!(src(text, &b[0].children[0]), "Hidden\n");
        assert!(b[0].close.is_some());
        assert_eq!(b[1].name, "badge");
        assert!(b[1].children.is_empty(), "no end tag: standalone");
        assert_eq!(
            messages(&p),
            vec![
                "unknown tag `{% spoiler %}`: its body is rendered",
                "unknown tag `{% badge %}`: its body is rendered",
            ]
        );
        assert_eq!(p.warnings[0].span, b[0].open);
        assert_eq!(p.warnings[1].span, b[1].open);
        // `{% end %}` is not an end tag, just an unknown name.
        let p = one("{% end %}");
        assert_eq!(first_block(&p).name, "end");
    }

    #[test]
    fn warnings_are_sorted_by_position() {
        let p = one("{% tabs %}\n{% hint %}\n{% foo %}\n{% endbar %}\n");
        let starts: Vec<_> = p.warnings.iter().map(|w| w.span.start).collect();
        assert_eq!(p.warnings.len(), 4);
        assert!(starts.windows(2).all(|w| w[0] <= w[1]));
    }

    // -- code stays in the Markdown ----------------------------------------------

    #[test]
    fn code_stays_in_the_markdown_leaves() {
        let text = "Write `{% hint %}` or\n```\n{% raw %}\n```\n{% hint %}x{% endhint %}";
        let p = one(text);
        assert!(p.warnings.is_empty(), "{:?}", p.warnings);
        assert_eq!(
            src(text, &p.nodes[0]),
            "Write `{% hint %}` or\n```\n{% raw %}\n```\n"
        );
        assert_eq!(first_block(&p).name, "hint");
        // A fence left open swallows the end tag: the block is unclosed.
        let p = one("{% hint %}\n```js\nconst t = '{% endhint %}';\n");
        assert_eq!(first_block(&p).close, None);
        assert_eq!(
            messages(&p),
            vec!["unclosed `{% hint %}`: closed at the end of the page"]
        );
    }

    // -- robustness ----------------------------------------------------------------

    const DEPTH: usize = 20_000;

    fn depth_of(nodes: &[Node]) -> usize {
        let mut depth = 0;
        let mut level = nodes;
        while let Some(b) = level.iter().find_map(Node::as_block) {
            depth += 1;
            level = &b.children;
        }
        depth
    }

    #[test]
    fn deep_nesting_closed() {
        let mut text = String::new();
        for _ in 0..DEPTH {
            text.push_str("{% hint %}\n");
        }
        text.push_str("core\n");
        for _ in 0..DEPTH {
            text.push_str("{% endhint %}\n");
        }
        let p = parse(&text);
        assert!(p.warnings.is_empty());
        assert_eq!(depth_of(&p.nodes), DEPTH);
    }

    #[test]
    fn deep_nesting_unclosed_inline() {
        let text = "{% hint %}".repeat(DEPTH) + "x";
        let p = parse(&text);
        assert_eq!(depth_of(&p.nodes), DEPTH);
        assert_eq!(p.warnings.len(), DEPTH);
        let mut innermost = &p.nodes;
        while let Some(Node::Block(b)) = innermost.first() {
            innermost = &b.children;
        }
        assert_eq!(src(&text, &innermost[0]), "x");
    }

    #[test]
    fn many_optional_blocks_without_end() {
        let text = "{% embed url=x %}{% foo %}".repeat(DEPTH / 2) + "tail";
        let p = parse(&text);
        assert_eq!(p.nodes.len(), DEPTH + 1);
        assert_eq!(p.warnings.len(), DEPTH / 2);
    }

    #[test]
    fn pathological_inputs_finish() {
        // Each would be quadratic in a naive parser.
        let inputs = [
            "{%".repeat(100_000),
            "{% a".repeat(50_000),
            (1..500)
                .map(|k| "`".repeat(k) + " {% hint %} ")
                .collect::<String>(),
            "{% hint %}".repeat(30_000) + &"{% endtabs %}".repeat(30_000),
            "<pre ".repeat(50_000),
            "x <pre>a</pre> `".repeat(30_000),
            "{% x %}{% y %} z\n".repeat(20_000),
            "\\`".repeat(100_000),
            "```\n".repeat(50_000),
        ];
        for text in &inputs {
            let p = parse(text);
            assert!(p.nodes.len() <= text.len());
        }
    }

    /// xorshift64*, deterministic.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    #[test]
    fn fuzz_random_fragments() {
        const FRAGMENTS: &[&str] = &[
            "{%",
            "%}",
            "{% hint %}",
            "{% endhint %}",
            "{% hint style=\"info\" %}",
            "{% tabs %}",
            "{% endtabs %}",
            "{% tab title=“A” %}",
            "{% endtab %}",
            "{% embed url=x %}",
            "{% endembed %}",
            "{% include \"a.md\" %}",
            "{% foo %}",
            "{% endfoo %}",
            "{% if a.b %}",
            "{% else %}",
            "{% endif %}",
            "{%- code -%}",
            "{% endcode %}",
            "{% @o/b u='1' %}",
            "{%~t%}",
            "```",
            "~~~",
            "`",
            "``",
            "\n",
            "\n\n",
            "  ",
            "\t",
            "\r\n",
            "中文",
            "提示",
            "\"",
            "“",
            "”",
            "'",
            "<pre>",
            "</pre>",
            "\\",
            "x",
            "* ",
            "- ",
            "=",
            "{",
            "}",
            "%",
            "@",
            "end",
            "hint",
            "<",
            ">",
            "é",
        ];
        // FUZZ_ITERS / FUZZ_SEED widen the search when run by hand.
        let env = |k: &str, d: u64| {
            std::env::var(k)
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(d)
        };
        let mut rng = Rng(env("FUZZ_SEED", 0x9E37_79B9_7F4A_7C15) | 1);
        for _ in 0..env("FUZZ_ITERS", 6_000) {
            let mut text = String::new();
            for _ in 0..rng.below(40) {
                text.push_str(FRAGMENTS[rng.below(FRAGMENTS.len())]);
            }
            let p = parse(&text);
            if std::env::var("FUZZ_SHOW").is_ok() {
                eprintln!("{text:?}");
            }
            check_invariants(&text, &p);
            // Every dedent > 0 leaf was checked by check_invariants; also try
            // an arbitrary dedent on the whole text.
            let t = Text {
                span: 0..text.len(),
                dedent: rng.below(9),
            };
            check_mapping(&text, &t);
        }
    }

    #[test]
    fn no_tag_text_in_leaves_of_a_realistic_page() {
        let text = sample_page();
        let p = one(&text);
        assert!(p.warnings.is_empty(), "{:?}", p.warnings);
        let names: Vec<_> = blocks(&p.nodes).iter().map(|b| b.name.as_str()).collect();
        assert_eq!(
            names,
            vec!["hint", "tabs", "stepper", "content-ref", "embed", "code"]
        );
    }

    fn sample_page() -> String {
        [
            "---\ndescription: >-\n  A page used to exercise the parser.\n---\n\n# 設定指南 Setup\n\n",
            "Install the tool. 使用 `{% raw %}` in templates.\n\n",
            "{% hint style=\"warning\" %}\n**Heads up**\n\nBack up first.\n{% endhint %}\n\n",
            "{% tabs %}\n{% tab title=\"macOS\" %}\n```bash\nbrew install q # {% nope %}\n```\n{% endtab %}\n\n",
            "{% tab title=\"Windows\" %}\n* Open a shell\n  {% hint style=\"info\" %}\n  Run as admin.\n  {% endhint %}\n{% endtab %}\n{% endtabs %}\n\n",
            "{% stepper %}\n{% step %}\n### Step\n\nFirst.\n{% endstep %}\n\n{% step %}\n### Step\n\nSecond.\n{% endstep %}\n{% endstepper %}\n\n",
            "{% content-ref url=\"next.md\" %}\n[next.md](next.md)\n{% endcontent-ref %}\n\n",
            "{% embed url=\"https://video.example/v/1\" %}\n\n",
            "<pre class=\"language-yaml\"><code class=\"lang-yaml\">key: \"{% x %}\"\n</code></pre>\n\n",
            "{% code title=\"a.py\" %}\n~~~python\nprint('{%')\n~~~\n{% endcode %}\n\n| a | b |\n|---|---|\n| `{%` | 中文 |\n",
        ]
        .concat()
    }
}
