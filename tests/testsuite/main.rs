//! End-to-end tests: one binary, a module per feature. Each test builds a
//! small space in a temporary folder with the real `quire` binary or the
//! library, then looks at what was written.

mod build;
mod check;
mod corpus;
mod escapes;
mod fuzz_corpus;
mod hostile;
mod init;
mod layers;
mod limits;
mod lock;
mod markdown;
mod messages;
mod openapi;
mod properties;
mod search;
// File modes, and fake binaries that are shell scripts.
#[cfg(unix)]
mod release;
mod scaling;
mod serve;
mod spaces;
mod util;
