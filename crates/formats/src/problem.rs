//! Problems found in input files, each located as precisely as the format
//! allows.

use std::fmt;
use std::path::Path;

/// Where a record came from: a file and a 1-based line.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Origin {
    pub file: String,
    pub line: u64,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// One problem with an input file: `file:line: field: what was wrong`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    pub file: String,
    /// 1-based line, when the problem is in one line.
    pub line: Option<u64>,
    /// The field (JSON path or CSV column) the problem is in.
    pub field: Option<String>,
    pub message: String,
}

impl Problem {
    pub fn file(path: &Path, message: impl Into<String>) -> Problem {
        Problem {
            file: path.display().to_string(),
            line: None,
            field: None,
            message: message.into(),
        }
    }

    pub fn at(origin: &Origin, field: Option<String>, message: impl Into<String>) -> Problem {
        Problem {
            file: origin.file.clone(),
            line: Some(origin.line),
            field,
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ": {field}")?;
        }
        write!(f, ": {}", self.message)
    }
}
