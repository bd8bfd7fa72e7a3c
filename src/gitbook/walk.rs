//! The block tree in document order, without recursion.

use super::tree::{Block, Node, Text};

/// A Markdown run with whether it sits inside a GitBook block.
pub(crate) struct Leaf<'a> {
    pub text: &'a Text,
    pub in_block: bool,
    /// A reader sees its text: not so inside `{% content-ref %}`, whose
    /// card shows the title of the page it names instead.
    pub shown: bool,
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

/// Markdown runs and tabs of a block tree in document order, without
/// recursion. A tab is one its set draws as a tab ([`tab_set`]): a
/// `{% tab %}` elsewhere has no panel to take the anchor.
pub(crate) fn document_order(nodes: &[Node]) -> Vec<Item<'_>> {
    let mut out = vec![];
    // Each level's children, whether inside a block, the name of the tabs
    // of the set they are in, and whether their text is shown.
    let mut stack: Vec<(std::slice::Iter<'_, Node>, bool, Option<&str>, bool)> =
        vec![(nodes.iter(), false, None, true)];
    while let Some((iter, in_block, tabs, shown)) = stack.last_mut() {
        let (in_block, tabs, shown) = (*in_block, *tabs, *shown);
        match iter.next() {
            Some(Node::Markdown(text)) => out.push(Item::Leaf(Leaf {
                text,
                in_block,
                shown,
            })),
            Some(Node::Block(block)) => {
                if tabs == Some(block.name.as_str()) {
                    out.push(Item::Tab(block));
                }
                let shown = shown && block.name != "content-ref";
                stack.push((block.children.iter(), true, tab_item(&block.name), shown));
            }
            None => {
                stack.pop();
            }
        }
    }
    out
}

/// What the tabs of a tab set are called, if `name` is one.
fn tab_item(name: &str) -> Option<&'static str> {
    match name {
        "tabs" | "code-tabs" => super::tags::item_of(name),
        _ => None,
    }
}

/// A tab set's children as the page shows them: its tabs, and what else
/// it holds, never lost: before the set up to the first tab, after it the
/// rest, run by run.
pub(crate) struct TabSet<'a> {
    /// What its tabs are called: `tab`, or `code-tabs-item` in `code-tabs`.
    pub(crate) item: &'static str,
    pub(crate) before: &'a [Node],
    pub(crate) tabs: Vec<&'a Block>,
    pub(crate) after: Vec<&'a [Node]>,
}

/// The parts of a `{% tabs %}` or `{% code-tabs %}` block.
pub(crate) fn tab_set(block: &Block) -> TabSet<'_> {
    let item = tab_item(&block.name).unwrap_or("tab");
    let is_tab = |n: &Node| matches!(n, Node::Block(b) if b.name == item);
    let first = block
        .children
        .iter()
        .position(is_tab)
        .unwrap_or(block.children.len());
    let (before, from_first) = block.children.split_at(first);
    TabSet {
        item,
        before,
        tabs: from_first
            .iter()
            .filter_map(Node::as_block)
            .filter(|b| b.name == item)
            .collect(),
        after: from_first
            .split(is_tab)
            .filter(|run| !run.is_empty())
            .collect(),
    }
}

/// The title a tab shows (and takes its anchor from).
pub(crate) fn tab_title(tab: &Block) -> Option<&str> {
    tab.attr("title").map(str::trim).filter(|t| !t.is_empty())
}
