//! Errors as the caller sees them: a status, a stable code, a sentence
//! saying what was wrong and what to do, and for invalid input every
//! problem found. Never a record's content beyond what the caller sent.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("a valid bearer token is required: send `Authorization: Bearer <token>` (tokens come from `corridor token create`)")]
    Unauthorized,
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{message}")]
    BadRequest {
        message: String,
        details: Vec<String>,
    },
    #[error("{message}")]
    Invalid {
        message: String,
        details: Vec<String>,
    },
    #[error("{0}")]
    Conflict(String),
    /// A returns step the safeguards block, or a release `share` refuses:
    /// 422 with the engine's reasons.
    #[error("{message}")]
    Refused {
        message: String,
        reasons: Vec<corridor_returns::Reason>,
    },
    #[error("too many requests for this token; slow down and retry after a second")]
    TooManyRequests,
    #[error("internal error; the node's log has the details")]
    Internal(String),
}

impl ApiError {
    pub fn bad_request(message: impl Into<String>) -> Self {
        ApiError::BadRequest {
            message: message.into(),
            details: Vec::new(),
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ApiError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::Refused { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            ApiError::Unauthorized => "unauthorized",
            ApiError::Forbidden(_) => "forbidden",
            ApiError::NotFound(_) => "not_found",
            ApiError::BadRequest { .. } => "bad_request",
            ApiError::Invalid { .. } => "invalid",
            ApiError::Conflict(_) => "conflict",
            ApiError::Refused { .. } => "refused",
            ApiError::TooManyRequests => "too_many_requests",
            ApiError::Internal(_) => "internal",
        }
    }
}

impl From<corridor_store::StoreError> for ApiError {
    fn from(e: corridor_store::StoreError) -> Self {
        match e {
            corridor_store::StoreError::Invalid(m) => ApiError::bad_request(m),
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(why) = &self {
            // The store's own words: ids and SQL errors, never field values.
            tracing::error!(error = %why, "internal error");
        }
        let details = match &self {
            ApiError::BadRequest { details, .. } | ApiError::Invalid { details, .. } => {
                details.clone()
            }
            _ => Vec::new(),
        };
        let mut body = json!({"error": self.code(), "message": self.to_string()});
        if !details.is_empty() {
            body["details"] = json!(details);
        }
        if let ApiError::Refused { reasons, .. } = &self {
            body["reasons"] = json!(reasons);
        }
        let mut response = (self.status(), axum::Json(body)).into_response();
        if matches!(self, ApiError::Unauthorized) {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"corridor\""),
            );
        }
        if matches!(self, ApiError::TooManyRequests) {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        response
    }
}
