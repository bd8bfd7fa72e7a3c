//! End-to-end tests: one binary, a module per feature. Each test builds a
//! small space in a temporary folder with the real `quire` binary or the
//! library, then looks at what was written.

mod build;
mod check;
// Tests of the harness features (Cargo.toml [features]): run with
// `cargo test --release --all-features`.
#[cfg(feature = "corpus")]
mod corpus;
mod escapes;
#[cfg(feature = "fuzzing")]
mod fuzz_corpus;
mod hostile;
mod init;
mod layers;
mod limits;
mod llms;
mod lock;
mod markdown;
// Mermaid drawn at build time: `cargo test --release --all-features`.
#[cfg(feature = "mermaid")]
mod mermaid;
mod messages;
mod openapi;
mod print;
#[cfg(feature = "fuzzing")]
mod properties;
mod search;
// File modes, and fake binaries that are shell scripts.
#[cfg(unix)]
mod release;
mod scaling;
mod schemes;
mod serve;
mod spaces;
mod twin;
mod util;
