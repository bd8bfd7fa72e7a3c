//! GitBook block tags (`{% hint style="info" %}…{% endhint %}`).
//!
//! GitBook's block tags are not CommonMark, so quire splits a page into a tree of
//! [`Block`]s and [`Node::Markdown`] leaves *before* pulldown-cmark sees the text.
//! Every node keeps byte spans into the original text so warnings can point at the
//! right line.
//!
//! The parser works in two linear passes, the second fed by the first:
//!
//! 1. **Scan.** Walk the text line by line, skipping code (fenced blocks, inline
//!    code spans, HTML `<pre>` regions), and collect every syntactically valid tag.
//!    A tag that stands alone on its line (possibly with other tags, only
//!    whitespace around) also owns that whole line, newline included.
//! 2. **Build.** Match end tags against an explicit stack of open blocks (never
//!    recursion), recover from malformed input with warnings, and assemble the
//!    tree iteratively. Markdown leaves are the gaps between tags.
//!
//! Nothing here panics on any input, and deep trees (tens of thousands of levels)
//! are cloned, compared and dropped without recursion.
//!
//! Finer points:
//!
//! - A line holding only tags ends a paragraph, like a blank line, a fence
//!   opener or a `<pre` line: an inline code span never runs across it, so a
//!   stray backtick in one tab cannot swallow the tags of the next.
//! - Code spans follow CommonMark: a backtick run closes at the next run of the
//!   same length within the paragraph; a backslash-escaped backtick opens
//!   nothing. `<pre` (any case, not `\<pre`) starts a literal region up to
//!   `</pre>`, or to the end of the text when unclosed, like an unclosed fence.
//!   Indented (4-space) code blocks and HTML comments are *not* literal: list
//!   items make indentation ambiguous without a full Markdown parse.
//! - The first `%}` on the line closes a tag, even inside a quoted value.
//! - `-` is Jinja whitespace control only when it touches `{%` / `%}`.
//! - `dedent`: an opening tag that begins its line (after whitespace) sets its
//!   children's dedent to that indentation; any other opening tag passes on its
//!   parent's dedent (top level: 0).
//! - `else`/`elif` outside any open `{% if %}` are kept as markers, with a
//!   warning.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

/// Byte offsets into the input text.
pub type Span = Range<usize>;

/// Tags that never have a body (`{% include "x.md" %}`). Any name starting with
/// [`INTEGRATION_PREFIX`] is standalone too.
pub const STANDALONE_TAGS: &[&str] = &["include", "page-ref"];

/// Tags whose end tag is optional: they are containers only when a matching end
/// tag follows before the end of the enclosing block. Unknown names behave the
/// same way (with a warning).
/// GitBook documents `openapi-operation` and `openapi-schemas` without a body,
/// but its exports often close them.
pub const OPTIONAL_END_TAGS: &[&str] = &["embed", "file", "openapi-operation", "openapi-schemas"];

/// Known tags that expect an end tag.
pub const CONTAINER_TAGS: &[&str] = &[
    "hint",
    "tabs",
    "tab",
    "stepper",
    "step",
    "code",
    "content-ref",
    "columns",
    "column",
    "updates",
    "update",
    "if",
    "prompt",
    "openapi",
    "swagger",
    "swagger-description",
    "swagger-parameter",
    "swagger-response",
    "api-method",
    "api-method-summary",
    "api-method-description",
    "api-method-spec",
    "api-method-request",
    "api-method-response",
    "api-method-path-parameters",
    "api-method-query-parameters",
    "api-method-headers",
    "api-method-body-parameters",
    "api-method-form-data-parameters",
    "api-method-parameter",
    "api-method-response-example",
    "api-method-response-example-description",
    "code-tabs",
    "code-tabs-item",
];

/// Standalone markers that split the body of a [`BRANCH_PARENT`] block.
pub const BRANCH_TAGS: &[&str] = &["else", "elif"];

/// The block inside which [`BRANCH_TAGS`] are expected.
pub const BRANCH_PARENT: &str = "if";

/// Integration blocks (`{% @github-files/github-code-block url="…" %}`).
pub const INTEGRATION_PREFIX: &str = "@";

/// A tag named `end<name>` closes the open block `<name>`.
pub const END_PREFIX: &str = "end";

/// How a tag name takes part in nesting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagKind {
    /// Expects an end tag ([`CONTAINER_TAGS`]).
    Container,
    /// Container only if a matching end tag follows ([`OPTIONAL_END_TAGS`]).
    OptionalEnd,
    /// Never has a body ([`STANDALONE_TAGS`], integration blocks).
    Standalone,
    /// `else`/`elif`: a standalone marker inside `{% if %}`.
    Branch,
    /// Not a known name: treated like [`TagKind::OptionalEnd`], with a warning.
    Unknown,
}

/// Classify an (opening) tag name.
pub fn tag_kind(name: &str) -> TagKind {
    if name.starts_with(INTEGRATION_PREFIX) || STANDALONE_TAGS.contains(&name) {
        TagKind::Standalone
    } else if BRANCH_TAGS.contains(&name) {
        TagKind::Branch
    } else if CONTAINER_TAGS.contains(&name) {
        TagKind::Container
    } else if OPTIONAL_END_TAGS.contains(&name) {
        TagKind::OptionalEnd
    } else {
        TagKind::Unknown
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Markdown(Text),
    Block(Block),
}

impl Node {
    pub fn as_block(&self) -> Option<&Block> {
        match self {
            Node::Block(b) => Some(b),
            Node::Markdown(_) => None,
        }
    }

    pub fn as_text(&self) -> Option<&Text> {
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
    pub fn source<'a>(&self, text: &'a str) -> Cow<'a, str> {
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
    pub fn to_original(&self, text: &str, offset: usize) -> usize {
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

/// Columns taken by a run of spaces and tabs (tab stops every 4 columns).
pub fn columns(ws: &[u8]) -> usize {
    ws.iter().fold(0, |col, &c| {
        if c == b'\t' {
            (col / 4 + 1) * 4
        } else {
            col + 1
        }
    })
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
    pub fn attr(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
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

/// Parse GitBook block tags in `text`. Never fails; malformed input yields
/// warnings.
pub fn parse(text: &str) -> Parsed {
    let mut scanner = Scanner::new(text);
    scanner.scan();
    scanner.out.finish()
}

// ---------------------------------------------------------------------------
// Pass 1: scanning
// ---------------------------------------------------------------------------

/// A syntactically valid tag found outside code.
#[derive(Debug, Clone)]
struct RawTag {
    /// `{% … %}`.
    span: Span,
    /// What the tag owns: its span, widened to the whole line (newline included)
    /// when the line holds only tags and whitespace.
    region: Span,
    /// The name, including `end` for end tags.
    name: Span,
    /// Argument text, trimmed.
    raw: Span,
    /// Columns of indentation when the tag is the first thing on its line.
    indent: Option<usize>,
}

/// The syntax of one tag, before it becomes a [`RawTag`].
struct TagSyntax {
    span: Span,
    name: Span,
    raw: Span,
}

/// Cached search for the next `%}`: answers never rescan text already scanned by
/// a query that started at or before the new one.
struct CloseFinder {
    from: usize,
    found: usize,
}

impl CloseFinder {
    fn new() -> Self {
        CloseFinder {
            from: usize::MAX,
            found: 0,
        }
    }

    /// Position of the next `%}` at or after `q`, or `hay.len()`.
    fn next(&mut self, hay: &[u8], q: usize) -> usize {
        if q >= self.from && q <= self.found {
            return self.found;
        }
        self.from = q;
        self.found = hay.len();
        let mut i = q;
        while let Some(off) = hay.get(i..).and_then(|rest| find_any(rest, [b'%'])) {
            if hay.get(i + off + 1) == Some(&b'}') {
                self.found = i + off;
                break;
            }
            i += off + 1;
        }
        self.found
    }
}

#[derive(Debug, Clone, Copy)]
struct Run {
    pos: usize,
    len: usize,
    escaped: bool,
}

enum LineKind {
    Blank,
    Fence(u8, usize),
    TagLine,
    Pre,
    Text,
}

struct Scanner<'a> {
    text: &'a str,
    b: &'a [u8],
    /// Receives the tags in order.
    out: Builder<'a>,
    /// Tags of the line being checked by `tag_line`.
    line_tags: Vec<RawTag>,
    /// For the main left-to-right walk.
    close_main: CloseFinder,
    /// For look-ahead while finding the end of a paragraph.
    close_ahead: CloseFinder,
    runs: Vec<Run>,
    /// `(run length, run index)`, sorted: finds the closer of a code span.
    order: Vec<(usize, usize)>,
    /// Code regions skipped, for tests.
    #[cfg(test)]
    code: Vec<Span>,
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\x0c')
}

fn is_name_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.' | b'/')
}

/// Index of the first byte of `hay` equal to one of `needles`, scanning eight
/// bytes at a time.
fn find_any<const N: usize>(hay: &[u8], needles: [u8; N]) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let mut chunks = hay.chunks_exact(8);
    let mut base = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        let mut hits = 0;
        for n in needles {
            let y = x ^ (LO * u64::from(n));
            // The lowest flagged byte is always a true zero byte of `y`.
            hits |= y.wrapping_sub(LO) & !y & HI;
        }
        if hits != 0 {
            return Some(base + (hits.trailing_zeros() / 8) as usize);
        }
        base += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|c| needles.contains(c))
        .map(|i| base + i)
}

fn line_end(b: &[u8], p: usize) -> usize {
    find_any(&b[p..], [b'\n']).map_or(b.len(), |i| p + i)
}

fn next_line(b: &[u8], le: usize) -> usize {
    if le < b.len() {
        le + 1
    } else {
        b.len()
    }
}

/// `<pre>` / `<pre attr…>` at `p`, not escaped with a backslash.
fn is_pre_open(b: &[u8], p: usize) -> bool {
    b.len() >= p + 4
        && b[p] == b'<'
        && b[p + 1..p + 4].eq_ignore_ascii_case(b"pre")
        && b.get(p + 4)
            .is_none_or(|&c| c == b'>' || c == b'/' || c.is_ascii_whitespace())
        && !(p > 0 && b[p - 1] == b'\\')
}

/// End of the `<pre>` region opened at `p`: just past the `>` of `</pre>`, or the
/// end of the text when it is not closed.
fn pre_end(b: &[u8], p: usize) -> usize {
    let mut i = p + 4;
    while let Some(off) = b.get(i..).and_then(|r| find_any(r, [b'<'])) {
        let lt = i + off;
        if b.len() >= lt + 5
            && b[lt + 1] == b'/'
            && b[lt + 2..lt + 5].eq_ignore_ascii_case(b"pre")
            && b.get(lt + 5)
                .is_none_or(|&c| c == b'>' || c.is_ascii_whitespace())
        {
            return b[lt + 5..]
                .iter()
                .position(|&c| c == b'>')
                .map_or(b.len(), |j| lt + 5 + j + 1);
        }
        i = lt + 1;
    }
    b.len()
}

/// Parse the tag syntax at `p` (which holds `{%`); the closing `%}` must come
/// before `le`, the end of the line.
fn parse_tag_at(
    text: &str,
    b: &[u8],
    p: usize,
    le: usize,
    finder: &mut CloseFinder,
) -> Option<TagSyntax> {
    let c = finder.next(b, p + 2);
    if c + 2 > le {
        return None;
    }
    let (mut a, mut z) = (p + 2, c);
    let trim = |a: &mut usize, z: &mut usize| {
        while *a < *z && is_space(b[*a]) {
            *a += 1;
        }
        while *z > *a && is_space(b[*z - 1]) {
            *z -= 1;
        }
    };
    // Jinja whitespace control: `{%- … -%}` (the dash touches the delimiter).
    if a < z && b[a] == b'-' {
        a += 1;
    }
    if a < z && b[z - 1] == b'-' {
        z -= 1;
    }
    trim(&mut a, &mut z);
    let start = a;
    let mut i = a;
    if i < z && b[i] == b'@' {
        i += 1;
        if !(i < z && is_name_byte(b[i])) {
            return None;
        }
    } else if !(i < z && (b[i].is_ascii_alphabetic() || b[i] == b'_')) {
        return None;
    }
    while i < z && is_name_byte(b[i]) {
        i += 1;
    }
    // `i` follows ASCII name bytes and `z` precedes ASCII bytes: both are char
    // boundaries.
    let rest = &text[i..z];
    let trimmed = rest.trim();
    let raw_start = i + (rest.len() - rest.trim_start().len());
    Some(TagSyntax {
        span: p..c + 2,
        name: start..i,
        raw: raw_start..raw_start + trimmed.len(),
    })
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str) -> Self {
        Scanner {
            text,
            b: text.as_bytes(),
            out: Builder::new(text),
            line_tags: Vec::new(),
            close_main: CloseFinder::new(),
            close_ahead: CloseFinder::new(),
            runs: Vec::new(),
            order: Vec::new(),
            #[cfg(test)]
            code: Vec::new(),
        }
    }

    fn scan(&mut self) {
        let b = self.b;
        let n = b.len();
        let mut pos = 0;
        while pos < n {
            if pos == 0 || b[pos - 1] == b'\n' {
                let le = line_end(b, pos);
                let next = next_line(b, le);
                match self.classify(pos, le, true) {
                    LineKind::Blank | LineKind::TagLine => {
                        pos = next;
                        continue;
                    }
                    LineKind::Fence(ch, len) => {
                        let end = self.skip_fence(next, ch, len);
                        #[cfg(test)]
                        self.code.push(pos..end);
                        pos = end;
                        continue;
                    }
                    LineKind::Pre | LineKind::Text => {}
                }
            }
            let pend = self.paragraph_end(pos);
            pos = self.scan_inline(pos, pend);
        }
    }

    /// Classify the line `[ls, le)`. With `emit`, a tag line's tags are recorded.
    fn classify(&mut self, ls: usize, le: usize, emit: bool) -> LineKind {
        let b = self.b;
        let mut i = ls;
        while i < le && matches!(b[i], b' ' | b'\t') {
            i += 1;
        }
        if b[i..le].iter().all(|&c| is_space(c)) {
            return LineKind::Blank;
        }
        match b[i] {
            ch @ (b'`' | b'~') => {
                let mut j = i;
                while j < le && b[j] == ch {
                    j += 1;
                }
                let len = j - i;
                if len >= 3 && !(ch == b'`' && b[j..le].contains(&b'`')) {
                    return LineKind::Fence(ch, len);
                }
            }
            b'{' if self.tag_line(ls, i, le, emit) => return LineKind::TagLine,
            b'<' if is_pre_open(b, i) => return LineKind::Pre,
            _ => {}
        }
        LineKind::Text
    }

    /// Whether `[first, le)` holds only tags and whitespace (at least one tag).
    fn tag_line(&mut self, ls: usize, first: usize, le: usize, emit: bool) -> bool {
        let (text, b) = (self.text, self.b);
        let finder = if emit {
            &mut self.close_main
        } else {
            &mut self.close_ahead
        };
        self.line_tags.clear();
        let mut i = first;
        loop {
            let tag = if i + 1 < le && b[i] == b'{' && b[i + 1] == b'%' {
                parse_tag_at(text, b, i, le, finder)
            } else {
                None
            };
            let Some(tag) = tag else {
                return false;
            };
            i = tag.span.end;
            if emit {
                self.line_tags.push(RawTag {
                    region: tag.span.clone(),
                    span: tag.span,
                    name: tag.name,
                    raw: tag.raw,
                    indent: None,
                });
            }
            while i < le && is_space(b[i]) {
                i += 1;
            }
            if i >= le {
                break;
            }
        }
        if emit {
            let next = next_line(b, le);
            if let Some(head) = self.line_tags.first_mut() {
                head.region.start = ls;
                head.indent = Some(columns(&b[ls..first]));
            }
            if let Some(last) = self.line_tags.last_mut() {
                last.region.end = next;
            }
            for tag in self.line_tags.drain(..) {
                self.out.tag(tag);
            }
        }
        true
    }

    /// Skip the body of a fenced code block whose body starts at `from`; returns
    /// the start of the line after the closing fence (or the end of the text).
    fn skip_fence(&self, from: usize, ch: u8, len: usize) -> usize {
        let b = self.b;
        let mut ls = from;
        while ls < b.len() {
            let le = line_end(b, ls);
            let mut i = ls;
            while i < le && matches!(b[i], b' ' | b'\t') {
                i += 1;
            }
            let mut j = i;
            while j < le && b[j] == ch {
                j += 1;
            }
            if j - i >= len && b[j..le].iter().all(|&c| is_space(c)) {
                return next_line(b, le);
            }
            ls = next_line(b, le);
        }
        b.len()
    }

    /// Start of the first line after `pos`'s line that ends the paragraph (blank
    /// line, fence, tag line, `<pre>` line), or the end of the text.
    fn paragraph_end(&mut self, pos: usize) -> usize {
        let b = self.b;
        let mut ls = next_line(b, line_end(b, pos));
        while ls < b.len() {
            let le = line_end(b, ls);
            match self.classify(ls, le, false) {
                LineKind::Text => ls = next_line(b, le),
                _ => return ls,
            }
        }
        b.len()
    }

    /// Find tags in the paragraph `[start, pend)`, skipping inline code and
    /// `<pre>` regions. Returns where scanning resumes (`pend`, or later when a
    /// `<pre>` region runs past the paragraph).
    fn scan_inline(&mut self, start: usize, pend: usize) -> usize {
        let (text, b) = (self.text, self.b);
        self.collect_runs(start, pend);
        let mut r = 0;
        let mut p = start;
        // (line start, line end, first non-blank, its column)
        let mut line: Option<(usize, usize, usize, usize)> = None;
        while p < pend {
            match find_any(&b[p..pend], [b'`', b'{', b'<']) {
                Some(off) => p += off,
                None => break,
            }
            match b[p] {
                b'`' => {
                    while r < self.runs.len() && self.runs[r].pos + self.runs[r].len <= p {
                        r += 1;
                    }
                    let Some(&run) = self.runs.get(r) else {
                        p += 1;
                        continue;
                    };
                    let run_end = run.pos + run.len;
                    let mut want = run_end - p;
                    if p == run.pos && run.escaped {
                        want -= 1;
                    }
                    let closer = if want == 0 {
                        None
                    } else {
                        let k = self.order.partition_point(|&e| e < (want, r + 1));
                        self.order
                            .get(k)
                            .filter(|&&(len, _)| len == want)
                            .map(|&(_, j)| j)
                    };
                    match closer {
                        Some(j) => {
                            #[cfg(test)]
                            self.code.push(p..self.runs[j].pos + self.runs[j].len);
                            p = self.runs[j].pos + self.runs[j].len;
                            r = j + 1;
                        }
                        None => {
                            p = run_end;
                            r += 1;
                        }
                    }
                }
                b'{' if p + 1 < pend && b[p + 1] == b'%' => {
                    let (_, le, first, col) = match line {
                        Some(l) if p >= l.0 && p <= l.1 => l,
                        _ => {
                            let ls = b[..p]
                                .iter()
                                .rposition(|&c| c == b'\n')
                                .map_or(0, |i| i + 1);
                            let le = line_end(b, p);
                            let mut first = ls;
                            while first < le && matches!(b[first], b' ' | b'\t') {
                                first += 1;
                            }
                            let l = (ls, le, first, columns(&b[ls..first]));
                            line = Some(l);
                            l
                        }
                    };
                    match parse_tag_at(text, b, p, le, &mut self.close_main) {
                        Some(tag) => {
                            p = tag.span.end;
                            self.out.tag(RawTag {
                                region: tag.span.clone(),
                                indent: (first == tag.span.start).then_some(col),
                                span: tag.span,
                                name: tag.name,
                                raw: tag.raw,
                            });
                        }
                        None => p += 2,
                    }
                }
                b'<' if is_pre_open(b, p) => {
                    let e = pre_end(b, p);
                    #[cfg(test)]
                    self.code.push(p..e);
                    if e > pend {
                        return e;
                    }
                    p = e;
                }
                _ => p += 1,
            }
        }
        pend
    }

    /// Record the backtick runs of `[start, pend)` and sort them for closer lookup.
    fn collect_runs(&mut self, start: usize, pend: usize) {
        let b = self.b;
        self.runs.clear();
        self.order.clear();
        let mut i = start;
        while i < pend {
            match find_any(&b[i..pend], [b'`']) {
                Some(off) => i += off,
                None => break,
            }
            let mut j = i;
            while j < pend && b[j] == b'`' {
                j += 1;
            }
            let mut slashes = 0;
            while i - slashes > start && b[i - slashes - 1] == b'\\' {
                slashes += 1;
            }
            self.runs.push(Run {
                pos: i,
                len: j - i,
                escaped: slashes % 2 == 1,
            });
            i = j;
        }
        if self.runs.len() > 1 {
            self.order
                .extend(self.runs.iter().enumerate().map(|(k, r)| (r.len, k)));
            self.order.sort_unstable();
        }
    }
}

// ---------------------------------------------------------------------------
// Pass 2: building the tree
// ---------------------------------------------------------------------------

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
/// (their would-be body goes back to the parent); containers are closed here,
/// with a warning.
fn close_unclosed(
    entries: &mut [Entry],
    warnings: &mut Vec<Warning>,
    rec: &OpenRec,
    closing_parent: Option<&str>,
) {
    let len = entries.len();
    if let Entry::Blk { end, .. } = &mut entries[rec.entry] {
        if rec.optional {
            *end = rec.entry + 1;
        } else {
            *end = len;
            let message = match closing_parent {
                Some(parent) => format!(
                    "unclosed `{{% {} %}}`: closed at the end of its parent `{{% {} %}}`",
                    rec.name, parent
                ),
                None => format!(
                    "unclosed `{{% {} %}}`: closed at the end of the page",
                    rec.name
                ),
            };
            warnings.push(Warning {
                span: rec.open.clone(),
                message,
            });
        }
    }
}

/// Split the argument text of a tag into named attributes and positional args.
pub fn parse_args(raw: &str) -> (Vec<(String, String)>, Vec<String>) {
    let mut attrs = Vec::new();
    let mut args = Vec::new();
    let mut rest = raw;
    loop {
        rest = rest.trim_start();
        let Some(first) = rest.chars().next() else {
            break;
        };
        if is_open_quote(first) {
            let (value, after) = read_quoted(rest);
            args.push(value.to_owned());
            rest = after;
            continue;
        }
        let key_len = rest
            .bytes()
            .take_while(|&c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
            .count();
        if key_len > 0 {
            let after_key = rest[key_len..].trim_start();
            if let Some(v) = after_key.strip_prefix('=') {
                if !v.starts_with('=') {
                    let v = v.trim_start();
                    let (value, after) = match v.chars().next() {
                        Some(q) if is_open_quote(q) => read_quoted(v),
                        _ => {
                            let end = v.find(char::is_whitespace).unwrap_or(v.len());
                            (&v[..end], &v[end..])
                        }
                    };
                    attrs.push((rest[..key_len].to_owned(), value.to_owned()));
                    rest = after;
                    continue;
                }
            }
        }
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        args.push(rest[..end].to_owned());
        rest = &rest[end..];
    }
    (attrs, args)
}

fn is_open_quote(c: char) -> bool {
    matches!(c, '"' | '\'' | '“' | '”' | '„' | '‘' | '’')
}

/// `s` starts with a quote; returns the quoted value and the text after the
/// closing quote (the rest of `s` when the quote is not closed). Straight quotes
/// close only with the same quote; curly quotes close with any quote of their
/// family.
fn read_quoted(s: &str) -> (&str, &str) {
    let Some(open) = s.chars().next() else {
        return ("", s);
    };
    let body = &s[open.len_utf8()..];
    let closes = |c: char| match open {
        '"' => c == '"',
        '\'' => c == '\'',
        '“' | '”' | '„' => matches!(c, '”' | '“' | '"'),
        _ => matches!(c, '’' | '‘' | '\''),
    };
    match body.char_indices().find(|&(_, c)| closes(c)) {
        Some((i, c)) => (&body[..i], &body[i + c.len_utf8()..]),
        None => (body, ""),
    }
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
                pop_name(&mut self.by_name, rec.name);
                close_unclosed(&mut self.entries, &mut self.warnings, &rec, Some(target));
            }
        }
        if let Some(rec) = self.stack.pop() {
            pop_name(&mut self.by_name, rec.name);
            let len = self.entries.len();
            if let Entry::Blk { end, close, .. } = &mut self.entries[rec.entry] {
                *close = Some(span);
                *end = len;
            }
        }
    }

    fn finish(mut self) -> Parsed {
        let text = self.text;
        push_leaf(text, &mut self.entries, self.cursor, text.len());
        while let Some(rec) = self.stack.pop() {
            close_unclosed(&mut self.entries, &mut self.warnings, &rec, None);
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
        let mut scanner = Scanner::new(text);
        scanner.scan();
        let b = text.as_bytes();
        for span in &leaf_spans {
            for i in span.clone() {
                if b[i..].starts_with(b"{%")
                    && parse_tag_at(text, b, i, line_end(b, i), &mut CloseFinder::new()).is_some()
                {
                    assert!(
                        scanner.code.iter().any(|c| c.start <= i && i < c.end),
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

    /// `source` and `to_original` agree byte by byte.
    fn check_mapping(text: &str, t: &Text) {
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
    fn attribute_single_quotes_and_embedded_quotes() {
        let p = one("{% code title='main.rs' caption='say \"hi\"' %}\nx\n{% endcode %}");
        let b = first_block(&p);
        assert_eq!(b.attr("title"), Some("main.rs"));
        assert_eq!(b.attr("caption"), Some("say \"hi\""));
    }

    #[test]
    fn attribute_unquoted() {
        let p = one("{% swagger-parameter in=query name=limit required=true %}\nMax.\n{% endswagger-parameter %}");
        let b = first_block(&p);
        assert_eq!(b.attr("in"), Some("query"));
        assert_eq!(b.attr("name"), Some("limit"));
        assert_eq!(b.attr("required"), Some("true"));
        // Unquoted value directly before `%}`.
        let p = one("{% embed url=https://example.org/v?id=3%}");
        assert_eq!(
            first_block(&p).attr("url"),
            Some("https://example.org/v?id=3")
        );
    }

    #[test]
    fn attribute_curly_quotes() {
        let p = one("{% hint style=“danger” icon=”fire” %}\nHot.\n{% endhint %}");
        let b = first_block(&p);
        assert_eq!(b.attr("style"), Some("danger"));
        assert_eq!(b.attr("icon"), Some("fire"));
        let p = one("{% tab title=‘Linux’ %}\nx\n{% endtab %}");
        assert_eq!(first_block(&p).attr("title"), Some("Linux"));
        // A curly quote may be closed by a straight one; straight quotes keep
        // curly quotes inside them.
        let p = one("{% tab title=“A\" note=\"say “x”\" %}\nx\n{% endtab %}");
        let b = first_block(&p);
        assert_eq!(b.attr("title"), Some("A"));
        assert_eq!(b.attr("note"), Some("say “x”"));
    }

    #[test]
    fn attribute_edge_cases() {
        // Spaces around `=`, keys with `-`/`_`/digits, an unterminated quote,
        // an empty value, CJK values.
        let p = one("{% update date = \"2024-01-02\" x_1-y=\"\" title=\"版本 二\" tail=\"open %}");
        let b = first_block(&p);
        assert_eq!(b.attr("date"), Some("2024-01-02"));
        assert_eq!(b.attr("x_1-y"), Some(""));
        assert_eq!(b.attr("title"), Some("版本 二"));
        assert_eq!(b.attr("tail"), Some("open"));
        assert_eq!(b.attr("Title"), None, "lookup is case-sensitive");
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

        let (attrs, args) = parse_args("'one' two “three” k=v ../four.md");
        assert_eq!(args, vec!["one", "two", "three", "../four.md"]);
        assert_eq!(attrs, vec![("k".to_owned(), "v".to_owned())]);
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
        let p = one("{% if a == b %}x{% endif %}");
        assert_eq!(first_block(&p).raw, "a == b");
    }

    #[test]
    fn tag_spacing_variants() {
        for text in [
            "{%hint style=\"info\"%}\nA\n{%endhint%}",
            "{%- hint style=\"info\" -%}\nA\n{%- endhint -%}",
            "{%   hint    style=\"info\"   %}\nA\n{%  endhint  %}",
            "{%-hint style=\"info\"-%}\nA\n{%-endhint-%}",
            "\t{%\thint\tstyle=\"info\"\t%}\r\nA\r\n{% endhint %}\r\n",
        ] {
            let p = one(text);
            assert!(p.warnings.is_empty(), "{text:?}: {:?}", p.warnings);
            let b = first_block(&p);
            assert_eq!(b.name, "hint", "{text:?}");
            assert_eq!(b.attr("style"), Some("info"), "{text:?}");
            assert!(b.close.is_some(), "{text:?}");
            assert_eq!(src(text, &b.children[0]).trim_end(), "A", "{text:?}");
        }
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
        // `{%@%}` has no name: plain text.
        let p = one("{%@%} {% @ x %}");
        assert!(blocks(&p.nodes).is_empty());
    }

    #[test]
    fn tag_kinds() {
        assert_eq!(tag_kind("hint"), TagKind::Container);
        assert_eq!(
            tag_kind("api-method-response-example-description"),
            TagKind::Container
        );
        assert_eq!(tag_kind("include"), TagKind::Standalone);
        assert_eq!(tag_kind("@a/b"), TagKind::Standalone);
        assert_eq!(tag_kind("embed"), TagKind::OptionalEnd);
        assert_eq!(tag_kind("else"), TagKind::Branch);
        assert_eq!(tag_kind("Hint"), TagKind::Unknown);
        for list in [
            STANDALONE_TAGS,
            OPTIONAL_END_TAGS,
            CONTAINER_TAGS,
            BRANCH_TAGS,
        ] {
            for name in list {
                assert!(!name.starts_with(END_PREFIX), "{name}");
            }
        }
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
    fn invalid_tag_syntax_stays_text() {
        for text in [
            "{% hint style=\"info\"\n%}",
            "100{%} done",
            "{%%}",
            "{% %}",
            "{%~token%}",
            "{% 9lives %}",
            "{% -x %}",
            "{%- -%}",
            "{% {% %}",
            "{%",
            "%}",
            "{%\n",
            "{% hint",
        ] {
            let p = one(text);
            assert!(blocks(&p.nodes).is_empty(), "{text:?}");
            assert!(p.warnings.is_empty(), "{text:?}");
            assert!(p.nodes.len() <= 1);
        }
        // A broken `{%` before a valid tag on the same line.
        let p = one("{% {% hint %}x{% endhint %}");
        assert_eq!(first_block(&p).name, "hint");
    }

    #[test]
    fn warnings_are_sorted_by_position() {
        let p = one("{% tabs %}\n{% hint %}\n{% foo %}\n{% endbar %}\n");
        let starts: Vec<_> = p.warnings.iter().map(|w| w.span.start).collect();
        assert_eq!(p.warnings.len(), 4);
        assert!(starts.windows(2).all(|w| w[0] <= w[1]));
    }

    // -- code stays literal -----------------------------------------------------

    fn assert_literal(text: &str) -> Parsed {
        let p = one(text);
        assert!(p.warnings.is_empty(), "{text:?}: {:?}", p.warnings);
        p
    }

    #[test]
    fn fenced_code_is_literal() {
        let text = "```jinja\n{% raw %}\n{% for x in y %}\n{%~token%}\n```\n{% hint %}\nreal\n{% endhint %}\n";
        let p = assert_literal(text);
        assert_eq!(blocks(&p.nodes).len(), 1);
        assert_eq!(
            src(text, &p.nodes[0]),
            "```jinja\n{% raw %}\n{% for x in y %}\n{%~token%}\n```\n"
        );
        assert_eq!(first_block(&p).name, "hint");
    }

    #[test]
    fn tilde_fence_and_fence_lengths() {
        let text = "~~~~\n{% hint %}\n~~~\n```\n{% endhint %}\n~~~~~\n{% hint %}ok{% endhint %}";
        let p = assert_literal(text);
        assert_eq!(blocks(&p.nodes).len(), 1);
        let text = "````md\n```\n{% foo %}\n```\n````\nafter";
        let p = assert_literal(text);
        assert!(blocks(&p.nodes).is_empty());
        // Info strings with backticks are not fences.
        let p = one("```x`\n{% hint %}a{% endhint %}");
        assert_eq!(blocks(&p.nodes).len(), 1);
    }

    #[test]
    fn indented_fence_in_list_item() {
        let text = "1. Run:\n\n   ```bash\n   echo \"{% if x %}\"\n   ```\n2. {% hint %}in list{% endhint %}\n";
        let p = assert_literal(text);
        let b = blocks(&p.nodes);
        assert_eq!(b.len(), 1);
        assert_eq!(b[0].name, "hint");
    }

    #[test]
    fn unclosed_fence_runs_to_end() {
        let text = "{% hint %}\n```js\nconst t = '{% endhint %}';\n";
        let p = one(text);
        let b = first_block(&p);
        assert_eq!(b.close, None);
        assert_eq!(p.warnings.len(), 1);
        assert!(p.warnings[0].message.starts_with("unclosed `{% hint %}`"));
    }

    #[test]
    fn code_fence_inside_code_block_tag() {
        let text = "{% code title=\"t.liquid\" overflow=\"wrap\" %}\n```liquid\n{% for p in products %}{{ p }}{% endfor %}\n```\n{% endcode %}\n";
        let p = assert_literal(text);
        let code = first_block(&p);
        assert_eq!(code.attr("overflow"), Some("wrap"));
        assert_eq!(code.children.len(), 1);
        assert!(src(text, &code.children[0]).contains("{% for p in products %}"));
    }

    #[test]
    fn inline_code_is_literal() {
        let text = "Write `{% hint %}` or ``{% raw %}` inside`` to start. {% hint %}x{% endhint %}";
        let p = assert_literal(text);
        assert_eq!(blocks(&p.nodes).len(), 1);
        assert_eq!(
            src(text, &p.nodes[0]),
            "Write `{% hint %}` or ``{% raw %}` inside`` to start. "
        );
        // Code spans may continue on the next line of the same paragraph.
        let p = assert_literal("Use `a\n{% foo %} b` here");
        assert!(blocks(&p.nodes).is_empty());
    }

    #[test]
    fn unmatched_backticks_are_literal() {
        let text = "A lone ` tick {% hint %}x{% endhint %}\n";
        let p = one(text);
        assert!(p.warnings.is_empty());
        assert_eq!(blocks(&p.nodes).len(), 1);
        // Different run lengths do not match.
        let p = one("``a` {% hint %}x{% endhint %}");
        assert_eq!(blocks(&p.nodes).len(), 1);
        // An escaped backtick does not open a span.
        let p = one("\\`x {% hint %}x{% endhint %} `");
        assert_eq!(blocks(&p.nodes).len(), 1);
        // ...but an escaped backslash does not escape it.
        let p = assert_literal("\\\\`x {% hint %} `");
        assert!(blocks(&p.nodes).is_empty());
    }

    #[test]
    fn code_spans_stop_at_paragraph_breaks() {
        // A blank line ends the paragraph: the first backtick is literal.
        let text = "Odd ` tick\n\n{% hint %}\nbody `\n{% endhint %}\n";
        let p = one(text);
        assert!(p.warnings.is_empty());
        assert_eq!(blocks(&p.nodes).len(), 1);
        // So does a line holding only tags.
        let text = "{% tabs %}\n{% tab title=\"A\" %}\nRun `npm\n{% endtab %}\n{% tab title=\"B\" %}\nRun `yarn`\n{% endtab %}\n{% endtabs %}\n";
        let p = one(text);
        assert!(p.warnings.is_empty(), "{:?}", p.warnings);
        assert_eq!(first_block(&p).children.len(), 2);
    }

    #[test]
    fn pre_regions_are_literal() {
        let text = "<pre class=\"language-jinja\"><code>{% raw %}\n{% for a in b %}\n</code></pre>\n\n{% hint %}y{% endhint %}";
        let p = assert_literal(text);
        assert_eq!(blocks(&p.nodes).len(), 1);
        let p = assert_literal("Inline <PRE>{% foo %}</PRE> then {% hint %}y{% endhint %}");
        assert_eq!(blocks(&p.nodes).len(), 1);
        // Not `<pre`: `<prefix>`, escaped `\<pre>`.
        let p = one("<prefix>{% hint %}y{% endhint %}");
        assert_eq!(blocks(&p.nodes).len(), 1);
        let p = one("\\<pre>{% hint %}y{% endhint %}");
        assert_eq!(blocks(&p.nodes).len(), 1);
        // Unclosed: runs to the end.
        let p = assert_literal("<pre>\n{% hint %}\n\nmore {% foo %}");
        assert!(blocks(&p.nodes).is_empty());
        // A region ending mid-line hands over to normal scanning.
        let text = "a <pre>x\n\n{% foo %}</pre> {% hint %}y{% endhint %}";
        let p = assert_literal(text);
        assert_eq!(blocks(&p.nodes).len(), 1);
    }

    #[test]
    fn tags_in_html_attribute_text_are_still_tags() {
        // Only <pre> is special; other HTML is ordinary text.
        let p = one("<div>{% hint %}x{% endhint %}</div>");
        assert_eq!(blocks(&p.nodes).len(), 1);
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
        // Clone, compare and drop without recursion (tests run on 2 MiB stacks).
        let copy = p.nodes.clone();
        assert!(copy == p.nodes);
        drop(copy);
        drop(p);
    }

    #[test]
    fn deep_nesting_unclosed_inline() {
        let text = "{% hint %}".repeat(DEPTH) + "x";
        let p = parse(&text);
        assert_eq!(depth_of(&p.nodes), DEPTH);
        assert_eq!(p.warnings.len(), DEPTH);
        // Innermost leaf exists.
        let handle = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || drop(p))
            .unwrap();
        handle.join().unwrap();
    }

    #[test]
    fn deep_nesting_differs_at_the_bottom() {
        let a = parse(&("{% hint %}".repeat(DEPTH) + "x"));
        let b = parse(&("{% hint %}".repeat(DEPTH) + "y"));
        assert!(a.nodes == b.nodes, "same spans");
        let c = parse(&("{% hint %}".repeat(DEPTH) + "xy"));
        assert!(a.nodes != c.nodes);
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

    /// `cargo test --release -- --ignored --nocapture perf`
    #[test]
    #[ignore]
    fn perf_20_mb() {
        let page = sample_page();
        let mut text = String::with_capacity(21 << 20);
        while text.len() < 20 << 20 {
            text.push_str(&page);
        }
        // Best of three: the machine is shared.
        let mut best = std::time::Duration::MAX;
        for _ in 0..3 {
            let start = std::time::Instant::now();
            let p = parse(&text);
            let elapsed = start.elapsed();
            eprintln!(
                "parsed {} bytes into {} nodes in {elapsed:?}",
                text.len(),
                p.nodes.len()
            );
            assert!(p.warnings.is_empty());
            best = best.min(elapsed);
        }
        assert!(best.as_secs_f64() < 1.0, "{best:?}");
    }
}
