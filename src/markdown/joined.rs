//! Markdown runs as pulldown-cmark reads them, with the blocks written inside
//! a list item kept in it (issue 24 §5).
//!
//! GitBook keeps a block indented under a list item inside that item, and the
//! list goes on after it:
//!
//! ```text
//! 1. Open the editor.
//!
//!    {% hint style="info" %}
//!    The editor opens in a new tab.
//!    {% endhint %}
//! 2. Write the page.
//! ```
//!
//! The block tree cuts that list in two around the hint. A [`Run`] joins the
//! Markdown on both sides again, the block standing in as a one-line HTML
//! comment at the indentation the block was written at, so that CommonMark's
//! own list rules decide where it belongs. The join stands only when every
//! stand-in became an HTML block inside a list item; the event rewriter then
//! renders the block where its stand-in is, in document order (footnotes and
//! generated ids number as they did). Otherwise the leaves and blocks render
//! one after another, as before.
//!
//! A join that fails says how far it read ([`Run::join`]'s `Err`), and no
//! join starts inside that span again: a stand-in that lands outside a list
//! item read from an earlier leaf does so read from a later one too. The
//! stand-ins are checked as the run grows (after 1, 2, 4… of them), so a
//! failing join reads little past its first stray stand-in. Each node is
//! thus read a bounded number of times: time linear in the page (issue rt5
//! §3, 25 s for a 463 KB page of hints outside lists).

use crate::gitbook::OPTIONS;
use crate::gitbook::{columns, ends_with_list_marker, Block, Node, Text};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use std::borrow::Cow;

/// A block's stand-in: an HTML block of one line (CommonMark type 2), which
/// may interrupt a paragraph and ends on its own line.
const STAND_IN: &str = "<!---->\n";

/// One Markdown run: a leaf of the block tree, or leaves joined around the
/// blocks indented inside their list items.
pub(super) struct Run<'n> {
    /// Each part with where it starts in the run's source.
    parts: Vec<(usize, Part<'n>)>,
    /// The joined source; `None` for a single leaf, read from the body.
    joined: Option<String>,
    /// Nesting depth of the blocks' parent.
    depth: usize,
}

enum Part<'n> {
    Leaf(Text),
    Block(&'n Block),
}

impl<'n> Run<'n> {
    /// A single leaf.
    pub(super) fn leaf(text: Text, depth: usize) -> Run<'n> {
        Run {
            parts: vec![(0, Part::Leaf(text))],
            joined: None,
            depth,
        }
    }

    /// `first` joined with the nodes after it, as far as each block there
    /// stands on lines of its own, indented deeper than the leaves. `Err`
    /// when no block joins or one would not land inside a list item, with
    /// how many nodes of `rest` no join may start in.
    pub(super) fn join(
        body: &str,
        first: &Text,
        rest: &'n [Node],
        depth: usize,
    ) -> Result<Run<'n>, usize> {
        let mut run = Run::leaf(first.clone(), depth);
        let mut source = first.source(body).into_owned();
        let (mut stand_ins, mut next_check) = (0usize, 1usize);
        for node in rest {
            match node {
                Node::Block(block) => {
                    match own_line_indent(body, block) {
                        Some(indent) if indent > first.dedent && source.ends_with('\n') => {
                            run.parts.push((source.len(), Part::Block(block)));
                            source.extend(std::iter::repeat_n(' ', indent - first.dedent));
                        }
                        // `1. {% hint %}`: the block is the item's first content.
                        None if ends_with_list_marker(&source) => {
                            run.parts.push((source.len(), Part::Block(block)));
                        }
                        _ => break,
                    }
                    source.push_str(STAND_IN);
                    stand_ins += 1;
                    if stand_ins == next_check {
                        // What precedes a stand-in alone decides where it lands.
                        if let Some(stray) = run.first_stray(&source) {
                            return Err(stray);
                        }
                        next_check *= 2;
                    }
                }
                Node::Markdown(text) => {
                    let line_start = text.span.start == 0
                        || body.as_bytes().get(text.span.start - 1) == Some(&b'\n');
                    if !line_start || text.dedent != first.dedent {
                        break;
                    }
                    run.parts.push((source.len(), Part::Leaf(text.clone())));
                    source.push_str(&text.source(body));
                }
            }
        }
        // A block after which nothing joined ends the run: its stand-in is
        // still the run's last line.
        if stand_ins == 0 {
            return Err(0);
        }
        if let Some(stray) = run.first_stray(&source) {
            return Err(stray);
        }
        if !run.keeps_headings(body, &source) {
            return Err(run.parts.len() - 1);
        }
        run.joined = Some(source);
        Ok(run)
    }

    /// How many nodes of the block tree the run holds.
    pub(super) fn nodes(&self) -> usize {
        self.parts.len()
    }

    pub(super) fn depth(&self) -> usize {
        self.depth
    }

    /// The Markdown pulldown-cmark reads.
    pub(super) fn source<'b>(&'b self, body: &'b str) -> Cow<'b, str> {
        match (&self.joined, self.parts.first()) {
            (Some(joined), _) => Cow::Borrowed(joined),
            (None, Some((_, Part::Leaf(text)))) => text.source(body),
            (None, _) => Cow::Borrowed(""),
        }
    }

    /// The block whose stand-in holds this offset of the run's source.
    pub(super) fn block_at(&self, offset: usize) -> Option<&'n Block> {
        match self.part_at(offset) {
            Some((_, Part::Block(block))) => Some(block),
            _ => None,
        }
    }

    /// Map an offset of the run's source back to the document's body.
    pub(super) fn to_original(&self, body: &str, offset: usize) -> usize {
        match self.part_at(offset) {
            Some((start, Part::Leaf(text))) => text.to_original(body, offset - start),
            Some((_, Part::Block(block))) => block.open.start,
            None => 0,
        }
    }

    fn part_at(&self, offset: usize) -> Option<(usize, &Part<'n>)> {
        let after = self.parts.partition_point(|(start, _)| *start <= offset);
        let (start, part) = self.parts.get(after.checked_sub(1)?)?;
        Some((*start, part))
    }

    /// Whether the joined source has its headings where each leaf read alone
    /// has them. The outline and heading ids are read leaf by leaf
    /// (`markdown::scan`): a join that makes a heading out of text that is
    /// indented code on its own would give it no id, so it is not made.
    fn keeps_headings(&self, body: &str, source: &str) -> bool {
        let mut alone = vec![];
        for (_, part) in &self.parts {
            if let Part::Leaf(text) = part {
                let own = text.source(body);
                alone.extend(heading_starts(&own).map(|at| text.to_original(body, at)));
            }
        }
        heading_starts(source)
            .map(|at| self.to_original(body, at))
            .eq(alone)
    }

    /// The first stand-in (its part's index, the leaf being 0) that did not
    /// become an HTML block of its own inside a list item (but text of a
    /// paragraph, a code block, or a block outside lists); `None` when all did.
    fn first_stray(&self, source: &str) -> Option<usize> {
        let mut landed = vec![];
        let mut items = 0usize;
        for (event, range) in Parser::new_ext(source, OPTIONS).into_offset_iter() {
            match event {
                Event::Start(Tag::Item) => items += 1,
                Event::End(TagEnd::Item) => items = items.saturating_sub(1),
                _ => {}
            }
            let Some(part) = self.part_index_at(range.start) else {
                continue;
            };
            if !matches!(self.parts[part].1, Part::Block(_)) {
                continue;
            }
            match event {
                Event::Html(_) if items > 0 => landed.push(part),
                Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => {}
                _ => return Some(part),
            }
        }
        let mut landed = landed.into_iter();
        (0..self.parts.len())
            .filter(|&i| matches!(self.parts[i].1, Part::Block(_)))
            .find(|&i| landed.next() != Some(i))
    }

    fn part_index_at(&self, offset: usize) -> Option<usize> {
        self.parts
            .partition_point(|(start, _)| *start <= offset)
            .checked_sub(1)
    }
}

/// Where pulldown-cmark starts a heading in this Markdown.
fn heading_starts(source: &str) -> impl Iterator<Item = usize> + '_ {
    Parser::new_ext(source, OPTIONS)
        .into_offset_iter()
        .filter_map(|(event, range)| {
            matches!(event, Event::Start(Tag::Heading { .. })).then_some(range.start)
        })
}

/// The columns of whitespace before a block's tag when nothing else precedes
/// it on its line.
fn own_line_indent(body: &str, block: &Block) -> Option<usize> {
    let at = block.open.start;
    let line_start = body[..at].rfind('\n').map_or(0, |i| i + 1);
    let prefix = &body.as_bytes()[line_start..at];
    prefix
        .iter()
        .all(|&b| b == b' ' || b == b'\t')
        .then(|| columns(prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn joined(body: &str) -> Option<(String, usize)> {
        let parsed = crate::gitbook::parse(body);
        let Some(Node::Markdown(first)) = parsed.nodes.first() else {
            return None;
        };
        let run = Run::join(body, first, &parsed.nodes[1..], 0).ok()?;
        Some((run.source(body).into_owned(), run.nodes()))
    }

    #[test]
    fn a_block_indented_in_an_item_joins_the_list_around_it() {
        let body =
            "1. Open.\n\n   {% hint style=\"info\" %}\n   Tip.\n   {% endhint %}\n2. Write.\n";
        assert_eq!(
            joined(body),
            Some(("1. Open.\n\n   <!---->\n2. Write.\n".to_string(), 3))
        );
    }

    #[test]
    fn a_block_on_its_items_marker_line_joins_the_list_around_it() {
        let body = "1. {% hint %}\n   Tip.\n   {% endhint %}\n2. Write.\n";
        assert_eq!(
            joined(body),
            Some(("1. <!---->\n2. Write.\n".to_string(), 3))
        );
    }

    #[test]
    fn blocks_outside_list_items_do_not_join() {
        // Not indented; indented but after a paragraph (it would be its text);
        // indented less than the item's text (after a blank line, outside it).
        for body in [
            "1. Open.\n\n{% hint %}\nTip.\n{% endhint %}\n2. Write.\n",
            "Intro.\n    {% hint %}\n    Tip.\n    {% endhint %}\nMore.\n",
            "10. Open.\n\n  {% hint %}\n  Tip.\n  {% endhint %}\n11. Write.\n",
            "```\n  {% hint %}\n  Tip.\n  {% endhint %}\n",
            // Joined, the indented text after the block would be a heading in
            // the item; read alone (as the outline is) it is code.
            "1.  Open.\n\n    {% hint %}\n    Tip.\n    {% endhint %}\n\n    #### Inside\n",
        ] {
            assert_eq!(joined(body), None, "{body}");
        }
    }

    #[test]
    fn offsets_map_back_through_leaves_and_stand_ins() {
        let body = "- a\n\n  {% hint %}\n  Tip.\n  {% endhint %}\n- b\n";
        let parsed = crate::gitbook::parse(body);
        let Some(Node::Markdown(first)) = parsed.nodes.first() else {
            panic!("a leaf first");
        };
        let run = Run::join(body, first, &parsed.nodes[1..], 0).unwrap();
        let source = run.source(body).into_owned();
        let b = source.find("- b").unwrap();
        assert_eq!(&body[run.to_original(body, b)..], "- b\n");
        let stand_in = source.find("<!--").unwrap();
        assert_eq!(
            run.to_original(body, stand_in),
            body.find("{% hint").unwrap()
        );
        assert!(run.block_at(stand_in).is_some());
        assert!(run.block_at(b).is_none());
    }
}
