//! silkport's HTTP server, a library of routers: `log::router` serves the transparency log
//! (C2SP tlog-tiles read API and cosignature intake), `witness::router` a witness's
//! tlog-witness endpoint. Each resource is its own `Router` so that the portal can mount
//! them beside its own; every route answers errors through [`ApiError`]'s one status table.

mod error;
pub mod log;
pub mod witness;

pub use error::{error_code, ApiError, ErrorCode, ERROR_CODES};

use std::net::SocketAddr;

/// Serves `router` on `addr` until the process ends, on a small multi-threaded runtime.
/// `on_bound` gets the bound address (useful with port 0) before the first request.
pub fn serve(addr: SocketAddr, router: axum::Router, on_bound: impl FnOnce(SocketAddr)) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_io().build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        on_bound(listener.local_addr()?);
        axum::serve(listener, router).await
    })
}
