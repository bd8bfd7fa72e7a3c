//! The block tree in document order, without recursion.

use super::tree::{Block, Node, Text};

/// A Markdown run with whether it sits inside a GitBook block.
pub(crate) struct Leaf<'a> {
    pub text: &'a Text,
    pub in_block: bool,
}

/// What a page's walk meets in document order: Markdown, and the tabs
/// whose titles are anchors too.
pub(crate) enum Item<'a> {
    Leaf(Leaf<'a>),
    Tab(&'a Block),
}

/// Every Markdown run of a block tree in document order, without recursion.
pub(crate) fn leaves(nodes: &[Node]) -> Vec<Leaf<'_>> {
    document_order(nodes)
        .into_iter()
        .filter_map(|item| match item {
            Item::Leaf(leaf) => Some(leaf),
            Item::Tab(_) => None,
        })
        .collect()
}

/// Markdown runs and tabs of a block tree in document order, without recursion.
pub(crate) fn document_order(nodes: &[Node]) -> Vec<Item<'_>> {
    let mut out = vec![];
    let mut stack: Vec<(std::slice::Iter<'_, Node>, bool)> = vec![(nodes.iter(), false)];
    while let Some((iter, in_block)) = stack.last_mut() {
        let in_block = *in_block;
        match iter.next() {
            Some(Node::Markdown(text)) => out.push(Item::Leaf(Leaf { text, in_block })),
            Some(Node::Block(block)) => {
                if is_tab(&block.name) {
                    out.push(Item::Tab(block));
                }
                stack.push((block.children.iter(), true));
            }
            None => {
                stack.pop();
            }
        }
    }
    out
}

/// A tab of `{% tabs %}` or of legacy `{% code-tabs %}`.
pub(crate) fn is_tab(name: &str) -> bool {
    name == "tab" || name == "code-tabs-item"
}

/// The title a tab shows (and takes its anchor from).
pub(crate) fn tab_title(tab: &Block) -> Option<&str> {
    tab.attr("title").map(str::trim).filter(|t| !t.is_empty())
}
