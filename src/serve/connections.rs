//! Accepting connections: each one served by hyper's HTTP/1 with a deadline
//! for its request headers.
//!
//! `axum::serve` sets no timer, so a client that connects and sends nothing
//! (or half a request) holds its socket for ever; a few thousand of them use
//! up the process's file descriptors. Here every connection gets
//! [`HEADER_TIMEOUT`] to send each request's headers, including the wait for
//! the next request on a kept-alive connection. A response being streamed
//! (the reload events) is not a header wait and is never cut.

use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::watch;

/// How long a client may take to send a request's headers, or leave a
/// kept-alive connection idle, before the connection is closed. Browsers
/// open a new one when they need it.
pub(crate) const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// Serve `app` on `listener` until `stop` completes; then ask each open
/// connection to finish its response and close, and wait for them.
pub(crate) async fn serve(
    listener: TcpListener,
    app: axum::Router,
    stop: impl Future<Output = ()>,
) {
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT);
    let (closing, _) = watch::channel(());
    tokio::pin!(stop);
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut stop => break,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(error) => {
                pause_after(&error).await;
                continue;
            }
        };
        let service = TowerToHyperService::new(app.clone());
        let connection = http.serve_connection(TokioIo::new(stream), service);
        let mut told_to_close = closing.subscribe();
        tokio::spawn(async move {
            tokio::pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => return,
                _ = told_to_close.changed() => connection.as_mut().graceful_shutdown(),
            }
            let _ = connection.await;
        });
    }
    let _ = closing.send(());
    // Each connection's task holds a receiver until it ends.
    closing.closed().await;
}

/// Out of file descriptors (EMFILE, ENFILE): accepting again at once would
/// spin, so wait for connections to close. A connection that failed before
/// it was accepted (reset, aborted) is no reason to wait.
async fn pause_after(error: &std::io::Error) {
    use std::io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    if !matches!(
        error.kind(),
        ConnectionAborted | ConnectionRefused | ConnectionReset
    ) {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
