//! Corridor's HTTP/JSON API (`/v1`). This crate owns the wire: routing,
//! bearer-token authentication (checked before routing, so an unknown path
//! answers 401 like any other without a valid token), purposes, request
//! limits, rate limits, and the OpenAPI document, which is built from the
//! same table that builds the routes. Every response that carries data is
//! the view the `share` policy point returns for the caller; every request
//! that touches data is appended to the audit log, in the same transaction
//! as any write it makes; returns cases are read and written only by the
//! case officers `share` lets through, and a refused step is a 422 with the
//! safeguards' reasons. It must never decide by itself what a caller may
//! see, never log a token, a search term or a field of a record, and never
//! answer differently for "does not exist" and "you may not see it".

mod api;
mod auth;
mod cases;
mod error;
pub mod identity;
mod openapi;
pub mod tls;

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

/// Everything a request handler needs: the store, the policy, the limits,
/// and what is cached of them.
pub struct Node {
    store: Mutex<SqliteStore>,
    policy: Policy,
    limits: Limits,
    rate: auth::RateLimiter,
    tokens: auth::TokenCache,
    /// Views of reports by (recipient agency, report id), as wire JSON, or
    /// `None` when the recipient may not see the report. Always valid:
    /// stored reports never change, and neither do the node's policy and
    /// keys while it runs. Only reports that exist are cached.
    views: ViewCache,
    entities: EntityCache,
}

/// Report views by (recipient agency, report id); see [`Node`].
type ViewCache = Mutex<std::collections::HashMap<(String, String), Option<Arc<serde_json::Value>>>>;

/// Resolved entities by id, valid while no other connection has committed
/// to the store (resolution runs in another process): the first number is
/// the store's change counter they were read at.
type EntityCache = Mutex<(
    i64,
    std::collections::HashMap<String, Option<Arc<corridor_store::EntityRecord>>>,
)>;

/// Views cached before the cache is emptied (a bound on memory, not a
/// correctness matter).
const MAX_CACHED_VIEWS: usize = 200_000;

impl Node {
    pub fn new(store: SqliteStore, policy: Policy, limits: Limits) -> Arc<Node> {
        Arc::new(Node {
            store: Mutex::new(store),
            policy,
            rate: auth::RateLimiter::new(limits.per_token_per_second),
            tokens: auth::TokenCache::default(),
            views: Mutex::new(std::collections::HashMap::new()),
            entities: Mutex::new((i64::MIN, std::collections::HashMap::new())),
            limits,
        })
    }

    /// Runs a short `f` (a lookup, one report, one entity) on the store
    /// right here: handing each request to another thread cost more than
    /// the work (a third of the time under load, measured). Long work uses
    /// [`Node::with_store`].
    fn with_store_now<T>(
        &self,
        f: impl FnOnce(&mut SqliteStore, &Policy) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let mut store = self
            .store
            .lock()
            .map_err(|_| ApiError::Internal("the store lock was poisoned".into()))?;
        f(&mut store, &self.policy)
    }

    /// Runs `f` on the store off the async threads: for work that may take
    /// long (a batch import, an export, the audit log).
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

/// Serves until `shutdown` completes, then finishes the requests in flight:
/// over TLS when given a configuration (`tls::config`), else plain HTTP.
pub async fn serve(
    listener: tokio::net::TcpListener,
    tls: Option<Arc<tokio_rustls::rustls::ServerConfig>>,
    node: Arc<Node>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = router(node).into_make_service();
    match tls {
        Some(config) => {
            let listener = tls::TlsListener::new(listener, config)?;
            axum::serve(listener, app)
                .with_graceful_shutdown(shutdown)
                .await
        }
        None => {
            axum::serve(listener, app)
                .with_graceful_shutdown(shutdown)
                .await
        }
    }
}
