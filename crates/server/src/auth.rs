//! Who is calling: the bearer token, checked before routing; the purpose;
//! the per-token rate limit; and one log line per request with no secrets
//! and no personal data (the route's template, the user, the status).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use corridor_model::AgencyCode;
use corridor_share::{Caller, Purpose, UserRole};
use corridor_store::Store;

use crate::{ApiError, Node};

/// Paths anyone may read.
pub const PUBLIC: [&str; 2] = ["/v1/health", "/v1/openapi.json"];

/// The caller's token id, for the rate limit and the log.
#[derive(Debug, Clone)]
pub struct TokenId(pub String);

/// A fixed one-second window per token.
pub struct RateLimiter {
    per_second: u32,
    windows: Mutex<HashMap<String, (Instant, u32)>>,
}

impl RateLimiter {
    pub fn new(per_second: u32) -> Self {
        RateLimiter {
            per_second,
            windows: Mutex::new(HashMap::new()),
        }
    }

    fn admit(&self, token: &str) -> bool {
        let now = Instant::now();
        let Ok(mut windows) = self.windows.lock() else {
            return false;
        };
        let (start, count) = windows.entry(token.to_owned()).or_insert((now, 0));
        if now.duration_since(*start).as_secs() >= 1 {
            *start = now;
            *count = 0;
        }
        *count += 1;
        *count <= self.per_second
    }
}

fn bearer(req: &Request) -> Option<&str> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

fn purpose(req: &Request) -> Result<Purpose, ApiError> {
    match req.headers().get("x-purpose") {
        None => Ok(Purpose::default()),
        Some(v) => v
            .to_str()
            .map_err(|_| ApiError::bad_request("X-Purpose must be plain text"))
            .and_then(|t| {
                Purpose::parse(t).map_err(|e| ApiError::bad_request(format!("X-Purpose: {e}")))
            }),
    }
}

/// Tokens already looked up, valid until another connection commits to the
/// store (a `corridor token revoke`, a new user): then all are looked up
/// again. The server's own writes (audit entries) do not empty it.
#[derive(Default)]
pub struct TokenCache {
    inner: Mutex<(i64, HashMap<[u8; 32], CachedToken>)>,
}

impl TokenCache {
    /// Forgets every token: after this node itself revoked one (its own
    /// writes do not change the store's change counter).
    pub fn clear(&self) {
        if let Ok(mut cache) = self.inner.lock() {
            cache.1.clear();
        }
    }
}

/// Who a token names, and until when.
type CachedToken = (Caller, TokenId, DateTime<Utc>);

/// Resolves the token to a caller, or refuses with 401. Unknown, expired
/// and revoked tokens get the same answer.
fn caller(node: &Arc<Node>, token: String) -> Result<(Caller, TokenId), ApiError> {
    let hash = crate::identity::token_hash(&token);
    let cache_node = Arc::clone(node);
    node.with_store_now(move |store, _| {
        let version = store.changed_elsewhere()?;
        let mut cache = cache_node
            .tokens
            .inner
            .lock()
            .map_err(|_| ApiError::Internal("the token cache lock was poisoned".into()))?;
        if cache.0 != version {
            cache.1.clear();
            cache.0 = version;
        }
        if let Some((caller, id, expires)) = cache.1.get(&hash) {
            if *expires > Utc::now() {
                return Ok((caller.clone(), id.clone()));
            }
            return Err(ApiError::Unauthorized);
        }
        let Some((t, u)) = store.token_by_hash(&hash)? else {
            return Err(ApiError::Unauthorized);
        };
        let expires = DateTime::parse_from_rfc3339(&t.expires_at)
            .map(|at| at.with_timezone(&Utc))
            .ok();
        let Some(expires) = expires.filter(|at| *at > Utc::now()) else {
            return Err(ApiError::Unauthorized);
        };
        if t.revoked_at.is_some() {
            return Err(ApiError::Unauthorized);
        }
        let role = UserRole::parse(&u.role)
            .map_err(|e| ApiError::Internal(format!("user {}: {e}", u.name)))?;
        let agency = AgencyCode::parse(&u.agency)
            .map_err(|e| ApiError::Internal(format!("user {}: {e}", u.name)))?;
        let caller = Caller {
            user: u.name,
            agency,
            role,
        };
        let id = TokenId(t.id);
        cache.1.insert(hash, (caller.clone(), id.clone(), expires));
        Ok((caller, id))
    })
}

/// The layer in front of every route and of the fallback.
pub async fn authenticate(State(node): State<Arc<Node>>, mut req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    // The route's template, never the path as sent: a path can carry a
    // name someone typed.
    let route = req
        .extensions()
        .get::<axum::extract::MatchedPath>()
        .map_or("(no route)", |m| m.as_str())
        .to_owned();
    let mut user = String::from("-");
    let response = if PUBLIC.contains(&path.as_str()) {
        next.run(req).await
    } else {
        // Read from the request before any await: a request body is not
        // shared between threads.
        let token = bearer(&req).map(str::to_owned);
        let stated = purpose(&req);
        let checked = async {
            let token = token.ok_or(ApiError::Unauthorized)?;
            let (caller, token_id) = caller(&node, token)?;
            if !node.rate.admit(&token_id.0) {
                return Err(ApiError::TooManyRequests);
            }
            Ok((caller, token_id, stated?))
        }
        .await;
        match checked {
            Ok((caller, token_id, purpose)) => {
                user = caller.user.clone();
                req.extensions_mut().insert(caller);
                req.extensions_mut().insert(token_id);
                req.extensions_mut().insert(purpose);
                next.run(req).await
            }
            Err(e) => e.into_response(),
        }
    };
    tracing::info!(
        %method,
        route = %route,
        user = %user,
        status = response.status().as_u16(),
        us = started.elapsed().as_micros() as u64,
        "request"
    );
    response
}
