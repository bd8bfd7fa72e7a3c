//! quire turns a GitBook-style Markdown space into a static documentation site.
//!
//! ## Layers, from the bottom up
//!
//! Each module imports only modules listed before it (unit tests may drive
//! the whole pipeline); `tests/testsuite/layers.rs` holds the code to this.
//!
//! 1. `error`, `fs`, `yaml`, `text`, `timing`: findings with file and line,
//!    bounded file reading, YAML, HTML/plain/URL text, stage timing.
//! 2. `config`: `quire.yaml` and `.gitbook.yaml`, resolved.
//! 3. `gitbook`: the dialect: block tags, emphasis, heading ids, outlines.
//! 4. `content`: load: discover, front matter, SUMMARY, navigation, spaces.
//! 5. `markdown`: each page body rendered once into a typed `Rendered`.
//! 6. `render`: theme templates filled from the bodies; hosting files.
//! 7. `search`: the index of the bodies' sections.
//! 8. `write`: staging and the atomic swap of the output.
//! 9. `check`: what `quire check` fails on.
//! 10. `build`: the stages in order (load → markdown → pages → hosting →
//!     search → write).
//! 11. `serve`: watch, rebuild, serve and reload, beside build.
//! 12. `init`: new knowledge bases and adopted GitBook exports.
//! 13. `cli`, `cmd`: the command line.
//! 14. `corpus`, `fuzzing`: real-content and fuzzing harnesses for tests.
//!
//! The library's public surface is only what the binary, the fuzz targets,
//! the examples and the integration tests use; everything else is
//! `pub(crate)`, and `unreachable_pub` keeps it so.

#![warn(unreachable_pub)]

pub(crate) mod build;
pub(crate) mod check;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod content;
#[cfg(feature = "corpus")]
pub mod corpus;
pub mod error;
pub mod fs;
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing;
pub mod gitbook;
pub(crate) mod init;
pub mod markdown;
pub mod render;
pub(crate) mod search;
pub(crate) mod serve;
pub(crate) mod text;
pub(crate) mod timing;
pub mod write;
pub(crate) mod yaml;
