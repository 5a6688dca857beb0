//! Validation errors that name the field they are about.

use std::fmt;

/// Where in a report a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldPath {
    /// A top-level field of the report.
    Report(String),
    /// A field of the `index`th entity.
    Entity { index: usize, field: String },
    /// A field of the `index`th link.
    Link { index: usize, field: String },
}

impl FieldPath {
    /// The field name alone, without its position in the report.
    pub fn field(&self) -> &str {
        match self {
            FieldPath::Report(f)
            | FieldPath::Entity { field: f, .. }
            | FieldPath::Link { field: f, .. } => f,
        }
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldPath::Report(field) => f.write_str(field),
            FieldPath::Entity { index, field } => write!(f, "entities[{index}].{field}"),
            FieldPath::Link { index, field } => write!(f, "links[{index}].{field}"),
        }
    }
}

/// One thing wrong with one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub path: FieldPath,
    /// What was wrong and what was expected, as a sentence fragment that
    /// follows the field name: "expected …, found …".
    pub message: String,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}
