//! The tree a page's tags make: [`Block`]s around [`Node::Markdown`] leaves,
//! every node with byte spans into the original text so that warnings point
//! at the right line.
//!
//! Trees can be tens of thousands of levels deep (one `{% hint %}` inside
//! the next), so `Block`'s `Clone`, `PartialEq` and `Drop` walk them with an
//! explicit stack, never by recursion.

use std::borrow::Cow;

use super::bytes::{find_any, Span};

#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Markdown(Text),
    Block(Block),
}

/// Shorthands for walking trees by hand (tests, the Markdown twins).
impl Node {
    pub(crate) fn as_block(&self) -> Option<&Block> {
        match self {
            Node::Block(b) => Some(b),
            Node::Markdown(_) => None,
        }
    }

    #[cfg(test)]
    pub(crate) fn as_text(&self) -> Option<&Text> {
        match self {
            Node::Markdown(t) => Some(t),
            Node::Block(_) => None,
        }
    }
}

/// A run of Markdown between tags. `dedent` = number of columns of leading
/// whitespace to strip from every line (the indentation of the enclosing tag when
/// that tag began its line, e.g. inside a list item); 0 otherwise.
#[derive(Debug, Clone, PartialEq)]
pub struct Text {
    pub span: Span,
    pub dedent: usize,
}

/// One line of a [`Text`] after dedenting: `pad` spaces (left over from a
/// partially stripped tab) followed by the original bytes `keep`.
struct Segment {
    pad: usize,
    keep: Span,
}

impl Text {
    /// The Markdown source of this run with `dedent` applied (borrowed when
    /// `dedent == 0`).
    ///
    /// Up to `dedent` columns of leading spaces/tabs are removed from every line
    /// that starts inside the span (a span that begins mid-line, after an inline
    /// tag, keeps its first partial line as is). A tab advances to the next
    /// multiple of 4; when it would cross the `dedent` column it is removed and
    /// replaced by the spaces beyond that column.
    pub(crate) fn source<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let s = &text[self.span.clone()];
        if self.dedent == 0 {
            return Cow::Borrowed(s);
        }
        let mut out = String::with_capacity(s.len());
        for seg in self.segments(text) {
            out.extend(std::iter::repeat_n(' ', seg.pad));
            out.push_str(&text[seg.keep]);
        }
        Cow::Owned(out)
    }

    /// Map a byte offset inside `self.source(text)` back to a byte offset in
    /// `text`. Padding spaces map to the tab they replace; offsets at or past the
    /// end map to `span.end`.
    pub(crate) fn to_original(&self, text: &str, offset: usize) -> usize {
        if self.dedent == 0 {
            return self.span.start.saturating_add(offset).min(self.span.end);
        }
        let mut out = 0;
        for seg in self.segments(text) {
            let len = seg.pad + seg.keep.len();
            if offset < out + len {
                let k = offset - out;
                return if k < seg.pad {
                    seg.keep.start - 1
                } else {
                    seg.keep.start + (k - seg.pad)
                };
            }
            out += len;
        }
        self.span.end
    }

    fn segments<'t>(&self, text: &'t str) -> impl Iterator<Item = Segment> + 't {
        let b = text.as_bytes();
        let end = self.span.end.min(b.len());
        let mut pos = self.span.start.min(end);
        let mut at_line_start = pos == 0 || b[pos - 1] == b'\n';
        let dedent = self.dedent;
        std::iter::from_fn(move || {
            if pos >= end {
                return None;
            }
            let le = match find_any(&b[pos..end], [b'\n']) {
                Some(i) => pos + i + 1,
                None => end,
            };
            let (strip, pad) = if at_line_start {
                strip_indent(&b[pos..le], dedent)
            } else {
                (0, 0)
            };
            let seg = Segment {
                pad,
                keep: pos + strip..le,
            };
            pos = le;
            at_line_start = true;
            Some(seg)
        })
    }
}

/// Bytes to strip and spaces to pad when removing `dedent` columns from `line`.
fn strip_indent(line: &[u8], dedent: usize) -> (usize, usize) {
    let mut col = 0;
    let mut i = 0;
    while col < dedent && i < line.len() {
        match line[i] {
            b' ' => {
                col += 1;
                i += 1;
            }
            b'\t' => {
                let next = (col / 4 + 1) * 4;
                i += 1;
                if next > dedent {
                    return (i, next - dedent);
                }
                col = next;
            }
            _ => break,
        }
    }
    (i, 0)
}

/// A GitBook block tag and its body.
///
/// `Clone`, `PartialEq` and `Drop` are implemented without recursion, so
/// arbitrarily deep trees are safe to copy, compare and drop. (Because of the
/// `Drop` impl, fields cannot be moved out by destructuring; use
/// `std::mem::take`.) `Debug` is derived and does recurse.
#[derive(Debug)]
pub struct Block {
    /// `hint`, `tabs`, `@github-files/github-code-block`, …
    pub name: String,
    /// Named attributes in source order, values unquoted.
    pub attrs: Vec<(String, String)>,
    /// Positional arguments: `{% include "../x.md" %}` -> `["../x.md"]`.
    pub args: Vec<String>,
    /// The raw argument text after the name, trimmed (`visitor.a.b` for `{% if visitor.a.b %}`).
    pub raw: String,
    /// Span of the opening tag `{% … %}`.
    pub open: Span,
    /// Span of the matching end tag; `None` if standalone or unclosed.
    pub close: Option<Span>,
    pub children: Vec<Node>,
}

impl Block {
    /// The value of the first attribute named `key` (case-sensitive).
    pub(crate) fn attr(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The file an `{% include %}` names: its first argument or `path`.
    pub(crate) fn include_path(&self) -> Option<&str> {
        self.args.first().map(String::as_str).or(self.attr("path"))
    }

    fn shallow_clone(&self) -> Block {
        Block {
            name: self.name.clone(),
            attrs: self.attrs.clone(),
            args: self.args.clone(),
            raw: self.raw.clone(),
            open: self.open.clone(),
            close: self.close.clone(),
            children: Vec::with_capacity(self.children.len()),
        }
    }

    fn same_head(&self, other: &Block) -> bool {
        self.name == other.name
            && self.attrs == other.attrs
            && self.args == other.args
            && self.raw == other.raw
            && self.open == other.open
            && self.close == other.close
            && self.children.len() == other.children.len()
    }
}

impl Clone for Block {
    fn clone(&self) -> Self {
        // (source, copy under construction, next child index)
        let mut stack: Vec<(&Block, Block, usize)> = vec![(self, self.shallow_clone(), 0)];
        loop {
            let Some(top) = stack.last_mut() else {
                unreachable!("the clone stack always holds the root");
            };
            let (src, idx) = (top.0, top.2);
            match src.children.get(idx) {
                Some(Node::Markdown(t)) => {
                    top.2 += 1;
                    top.1.children.push(Node::Markdown(t.clone()));
                }
                Some(Node::Block(b)) => {
                    top.2 += 1;
                    stack.push((b, b.shallow_clone(), 0));
                }
                None => {
                    let Some((_, done, _)) = stack.pop() else {
                        unreachable!("the clone stack always holds the root");
                    };
                    match stack.last_mut() {
                        Some(parent) => parent.1.children.push(Node::Block(done)),
                        None => return done,
                    }
                }
            }
        }
    }
}

impl PartialEq for Block {
    fn eq(&self, other: &Self) -> bool {
        let mut stack = vec![(self, other)];
        while let Some((a, b)) = stack.pop() {
            if !a.same_head(b) {
                return false;
            }
            for (x, y) in a.children.iter().zip(&b.children) {
                match (x, y) {
                    (Node::Markdown(p), Node::Markdown(q)) => {
                        if p != q {
                            return false;
                        }
                    }
                    (Node::Block(p), Node::Block(q)) => stack.push((p, q)),
                    _ => return false,
                }
            }
        }
        true
    }
}

impl Drop for Block {
    fn drop(&mut self) {
        if !self.children.iter().any(|n| matches!(n, Node::Block(_))) {
            return;
        }
        let mut pending = std::mem::take(&mut self.children);
        while let Some(node) = pending.pop() {
            if let Node::Block(mut b) = node {
                pending.append(&mut b.children);
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    pub span: Span,
    pub message: String,
}

#[derive(Debug, Default, Clone)]
pub struct Parsed {
    pub nodes: Vec<Node>,
    /// Sorted by span start.
    pub warnings: Vec<Warning>,
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// `source` and `to_original` agree byte by byte.
    pub(in crate::gitbook) fn check_mapping(text: &str, t: &Text) {
        let s = t.source(text);
        if t.dedent == 0 {
            assert_eq!(s, &text[t.span.clone()]);
        }
        let (sb, tb) = (s.as_bytes(), text.as_bytes());
        let mut last = t.span.start;
        for (k, &byte) in sb.iter().enumerate() {
            let o = t.to_original(text, k);
            assert!(o >= last && o < t.span.end, "offset {k} -> {o}");
            assert!(
                tb[o] == byte || (tb[o] == b'\t' && byte == b' '),
                "offset {k} of {s:?} maps to {o}"
            );
            last = o;
        }
        assert_eq!(t.to_original(text, sb.len()), t.span.end);
    }

    #[test]
    fn text_without_dedent_is_a_plain_slice() {
        // Out-of-range offsets clamp to the end; dedent 0 is a plain offset.
        let t = Text {
            span: 2..5,
            dedent: 0,
        };
        assert_eq!(t.to_original("abcdefg", 1), 3);
        assert_eq!(t.to_original("abcdefg", 99), 5);
        assert_eq!(t.source("abcdefg"), "cde");
        assert!(matches!(t.source("abcdefg"), Cow::Borrowed(_)));
    }

    #[test]
    fn dedent_strips_columns_and_splits_tabs() {
        // The span starts mid-line (after an inline tag): that partial line
        // keeps its spaces. A tab that crosses the dedent column leaves its
        // extra columns as spaces, which map back to the tab.
        let text = "{% x %}  a\n    b\n\tc\n 中\n";
        let t = Text {
            span: 7..text.len(),
            dedent: 2,
        };
        assert_eq!(t.source(text), "  a\n  b\n  c\n中\n");
        check_mapping(text, &t);
        let tab = text.find('\t').unwrap();
        let c = t.source(text).find('c').unwrap();
        assert_eq!(t.to_original(text, c - 2), tab);
        assert_eq!(t.to_original(text, c - 1), tab);
        assert_eq!(t.to_original(text, c), tab + 1);
    }

    fn hint(children: Vec<Node>) -> Block {
        Block {
            name: "hint".to_owned(),
            attrs: vec![("style".to_owned(), "info".to_owned())],
            args: Vec::new(),
            raw: "style=\"info\"".to_owned(),
            open: 0..10,
            close: None,
            children,
        }
    }

    /// `depth` hints, one inside the next, around a leaf of `span`.
    fn tower(depth: usize, span: Span) -> Block {
        let mut block = hint(vec![Node::Markdown(Text { span, dedent: 0 })]);
        for _ in 1..depth {
            block = hint(vec![Node::Block(block)]);
        }
        block
    }

    #[test]
    fn deep_trees_clone_compare_and_drop_without_recursion() {
        const DEPTH: usize = 100_000;
        // On a 2 MiB stack, where recursion this deep would overflow.
        std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(|| {
                let a = tower(DEPTH, 3..4);
                let copy = a.clone();
                assert!(copy == a);
                assert!(a != tower(DEPTH, 3..5), "differs at the bottom");
                assert!(a != tower(DEPTH - 1, 3..4), "differs in depth");
                let mut renamed = a.clone();
                renamed.name = "tabs".to_owned();
                assert!(a != renamed, "differs at the top");
            })
            .unwrap()
            .join()
            .unwrap();
    }

    #[test]
    fn clone_keeps_every_child_in_order() {
        let leaf = |s: usize| {
            Node::Markdown(Text {
                span: s..s + 1,
                dedent: s % 3,
            })
        };
        let inner = hint(vec![leaf(1), leaf(2)]);
        let outer = hint(vec![leaf(0), Node::Block(inner), leaf(3)]);
        assert_eq!(outer.attr("style"), Some("info"));
        assert_eq!(outer.attr("Style"), None, "lookup is case-sensitive");
        let copy = outer.clone();
        assert_eq!(format!("{copy:?}"), format!("{outer:?}"));
    }
}
