//! quire turns a GitBook-style Markdown space into a static documentation site.
//!
//! The modules follow the pipeline: `config` → `content` (discover, front
//! matter, SUMMARY, pages) → `gitbook` (block tags) → `markdown` (HTML of a
//! page body) → `render` (theme templates) → `write` (atomic output), with
//! `build` running it, `serve` previewing it while editing, and `cmd`/`cli`
//! as the command line around it.

pub mod build;
pub mod check;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod content;
pub mod corpus;
pub mod error;
pub mod fs;
#[doc(hidden)]
pub mod fuzzing;
pub mod gitbook;
pub mod init;
pub mod markdown;
pub mod render;
pub mod search;
pub mod serve;
pub mod text;
pub mod timing;
pub mod write;
pub mod yaml;
