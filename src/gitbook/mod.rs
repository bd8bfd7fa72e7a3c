//! GitBook's dialect below Markdown rendering: its block tags
//! (`{% hint %}…{% endhint %}`), its emphasis rules (`emphasis`), its
//! heading ids (`slug`) and a page's outline (`outline`).
//!
//! GitBook's block tags are not CommonMark, so quire splits a page into a tree
//! of [`Block`]s and [`Node::Markdown`] leaves *before* pulldown-cmark sees the
//! text. Every node keeps byte spans into the original text so warnings can
//! point at the right line. Two linear passes, the second fed by the first:
//!
//! 1. `lexer`: find tags outside code (fenced, inline, `<pre>`), with their
//!    byte spans.
//! 2. `build`: match end tags against an explicit stack of open blocks
//!    (unclosed blocks close at the end of their parent, stray end tags are
//!    dropped, each with a warning) and assemble the `tree` iteratively. The
//!    text between tags becomes Markdown leaves, dedented when the tags stood
//!    indented inside list items, with a map back to the original offsets.
//!
//! Beneath both: `tags` says what a tag name and its arguments mean, and
//! `bytes` holds the byte searches. Nothing here panics on any input, and
//! deep trees (tens of thousands of levels) are built, cloned, compared and
//! dropped without recursion.

mod build;
mod bytes;
pub(crate) mod emphasis;
mod lexer;
mod outline;
pub(crate) mod slug;
mod tags;
mod tree;
pub(crate) mod walk;

// The tree's types are the library's surface (the tests read it); the rest
// of the block-tag parser is used inside the crate only.
pub use build::parse;
pub use bytes::Span;
pub(crate) use bytes::{columns, ends_with_list_marker};
pub use outline::{scan, Heading, Scan, OPTIONS};
pub use tree::{Block, Node, Parsed, Text, Warning};
