//! Why an input could not be read, and where.

/// An input that is not a valid case: says what was wrong and where, as a
/// JSON path (`events[3].outcome`) or a line and column for syntax errors.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    /// Not JSON, or JSON that does not match the documented format.
    #[error("{path}: {message} (format: docs/returns.md)")]
    Format { path: String, message: String },
    /// Well-formed, but inconsistent (an unknown rule code, an unknown
    /// family member).
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
}
