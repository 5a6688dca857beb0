//! Handling codes and releasability: the conditions an agency attaches when
//! it writes a report.

use std::collections::BTreeSet;
use std::fmt;

use crate::AgencyCode;

/// Europol-style handling code.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum HandlingCode {
    /// H0: for the purpose of preventing and combating crime only.
    H0,
    /// H1: not to be used in judicial proceedings without the provider's
    /// permission.
    H1,
    /// H2: not to be passed on without the provider's permission.
    H2,
    /// H3: other restrictions, stated in text. The text is never empty.
    H3 { restriction: String },
}

impl HandlingCode {
    /// Builds a handling code from its code and, for H3 only, the stated
    /// restriction.
    pub fn parse(code: &str, restriction: Option<&str>) -> Result<Self, String> {
        let restriction = restriction.map(corridor_text::normalise);
        match (code, restriction) {
            ("H0", None) => Ok(HandlingCode::H0),
            ("H1", None) => Ok(HandlingCode::H1),
            ("H2", None) => Ok(HandlingCode::H2),
            ("H3", Some(r)) if !r.is_empty() => Ok(HandlingCode::H3 { restriction: r }),
            ("H3", _) => Err("H3 needs its restriction stated in handling_restriction".into()),
            ("H0" | "H1" | "H2", Some(_)) => Err(format!(
                "handling_restriction is only for H3; {code} has a fixed meaning, so remove it or use H3"
            )),
            _ => Err(format!("expected a handling code H0, H1, H2 or H3, found {code:?}")),
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            HandlingCode::H0 => "H0",
            HandlingCode::H1 => "H1",
            HandlingCode::H2 => "H2",
            HandlingCode::H3 { .. } => "H3",
        }
    }

    pub fn restriction(&self) -> Option<&str> {
        match self {
            HandlingCode::H3 { restriction } => Some(restriction),
            _ => None,
        }
    }
}

impl fmt::Display for HandlingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HandlingCode::H3 { restriction } => write!(f, "H3 ({restriction})"),
            other => f.write_str(other.code()),
        }
    }
}

/// Which partners, besides the reporting agency itself, may receive a
/// report. Empty means the originator only: nothing is releasable unless the
/// author said so.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Releasability(BTreeSet<AgencyCode>);

impl Releasability {
    pub fn new(partners: impl IntoIterator<Item = AgencyCode>) -> Self {
        Releasability(partners.into_iter().collect())
    }

    pub fn partners(&self) -> impl Iterator<Item = &AgencyCode> {
        self.0.iter()
    }

    pub fn allows(&self, partner: &AgencyCode) -> bool {
        self.0.contains(partner)
    }

    pub fn is_originator_only(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn h3_needs_a_restriction_and_only_h3_has_one() {
        assert!(HandlingCode::parse("H3", None).is_err());
        assert!(HandlingCode::parse("H3", Some("   ")).is_err());
        assert!(HandlingCode::parse("H1", Some("x")).is_err());
        assert!(HandlingCode::parse("H4", None).is_err());
        let h3 = HandlingCode::parse("H3", Some(" not to  Interpol ")).unwrap();
        assert_eq!(h3.restriction(), Some("not to Interpol"));
        assert_eq!(HandlingCode::parse("H2", None).unwrap().code(), "H2");
    }
}
