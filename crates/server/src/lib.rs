//! Corridor's HTTP/JSON API (`/v1`). This crate owns the wire: routing,
//! bearer-token authentication (checked before routing, so an unknown path
//! answers 401 like any other without a valid token), purposes, request
//! limits, rate limits, and the OpenAPI document, which is built from the
//! same table that builds the routes. Every response that carries data is
//! the view the `share` policy point returns for the caller; every request
//! that touches data is appended to the audit log, in the same transaction
//! as any write it makes. It must never decide by itself what a caller may
//! see, never log a token, a search term or a field of a record, and never
//! answer differently for "does not exist" and "you may not see it".

mod api;
mod auth;
mod error;
mod openapi;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use corridor_share::Policy;
use corridor_store::SqliteStore;

pub use error::ApiError;

/// Limits a node enforces on every request.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest request body, in bytes (batch imports included).
    pub body_bytes: usize,
    /// Longest a request may take before it is answered 503.
    pub timeout: Duration,
    /// Requests a token may make in one second.
    pub per_token_per_second: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            body_bytes: 16 << 20,
            timeout: Duration::from_secs(30),
            per_token_per_second: 20_000,
        }
    }
}

/// Everything a request handler needs: the store, the policy, the limits.
pub struct Node {
    store: Mutex<SqliteStore>,
    policy: Policy,
    limits: Limits,
    rate: auth::RateLimiter,
}

impl Node {
    pub fn new(store: SqliteStore, policy: Policy, limits: Limits) -> Arc<Node> {
        Arc::new(Node {
            store: Mutex::new(store),
            policy,
            rate: auth::RateLimiter::new(limits.per_token_per_second),
            limits,
        })
    }

    /// Runs `f` on the store off the async threads.
    async fn with_store<T: Send + 'static>(
        self: &Arc<Self>,
        f: impl FnOnce(&mut SqliteStore, &Policy) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let node = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let mut store = node
                .store
                .lock()
                .map_err(|_| ApiError::Internal("the store lock was poisoned".into()))?;
            f(&mut store, &node.policy)
        })
        .await
        .map_err(|_| ApiError::Internal("a request task failed".into()))?
    }
}

/// The API's router, with authentication, limits and the OpenAPI document.
pub fn router(node: Arc<Node>) -> axum::Router {
    api::routes(node)
}

/// Serves until `shutdown` completes, then finishes the requests in flight.
pub async fn serve(
    listener: tokio::net::TcpListener,
    node: Arc<Node>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = router(node).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
}
