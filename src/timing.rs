//! How long each stage of a build takes, logged with `-v`.

use std::time::Instant;
use tracing::info;

/// Run one stage, logging how long it took (`-v`).
pub(crate) fn timed<T>(stage: &str, f: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let result = f();
    info!(
        "{stage}: {:.1} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );
    result
}
