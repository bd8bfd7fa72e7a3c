//! GitBook's dialect below Markdown rendering: its block tags
//! (`{% hint %}…{% endhint %}`, here), its emphasis rules (`emphasis`), its
//! heading ids (`slug`) and a page's outline (`outline`).
//!
//! Block tags are parsed before Markdown:
//!
//! 1. Find tags outside code (fenced, inline, `<pre>`), with their byte spans.
//! 2. Build a tree of blocks iteratively: unclosed blocks close at the end of
//!    their parent, stray end tags are dropped, each with a warning.
//! 3. The text between tags becomes Markdown leaves, dedented when the tags
//!    stood indented inside list items, with a map back to the original offsets.

mod blocks;
pub mod emphasis;
mod outline;
pub mod slug;
pub mod walk;

pub use blocks::*;
pub use outline::{scan, Heading, Scan, OPTIONS};
