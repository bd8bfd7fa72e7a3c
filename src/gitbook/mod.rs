//! GitBook's block tags (`{% hint %}…{% endhint %}`), parsed before Markdown.
//!
//! 1. Find tags outside code (fenced, inline, `<pre>`), with their byte spans.
//! 2. Build a tree of blocks iteratively: unclosed blocks close at the end of
//!    their parent, stray end tags are dropped, each with a warning.
//! 3. The text between tags becomes Markdown leaves, dedented when the tags
//!    stood indented inside list items, with a map back to the original offsets.

mod blocks;

pub use blocks::*;
