//! Evaluation of a report or statement: how reliable the source is and how
//! credible the information.
//!
//! Two systems are in use on the route. EU partners (Europol, Frontex and the
//! national police) use the **4x4** system: source reliability A/B/C/X and
//! information accuracy 1/2/3/4. UK agencies use the **3x5x2** system of the
//! National Intelligence Model: source evaluation 1–3, intelligence
//! assessment A–E and a handling code P/C. Corridor stores what the author
//! wrote and never rewrites it; the mapping below is used only to compare or
//! sort statements graded in different systems, and is lossy by nature.
//!
//! | UK 3x5x2 | EU 4x4 | why |
//! |---|---|---|
//! | source 1 reliable | B | A asserts "no doubt"; 1 asserts only reliability |
//! | source 2 untested | X | reliability cannot be assessed |
//! | source 3 not reliable | C | |
//! | intelligence A known directly | 2 | known personally to the source |
//! | intelligence B indirectly, corroborated | 3 | not known personally, corroborated |
//! | intelligence C indirectly | 4 | cannot be corroborated |
//! | intelligence D not known | 4 | |
//! | intelligence E suspected false | 4 | and flagged by [`Evaluation::suspected_false`] |
//!
//! And back: A→1, B→1, C→3, X→2; 1→A, 2→A, 3→B, 4→C. The UK handling code
//! (P lawful sharing permitted, C permitted subject to conditions) has no
//! 4x4 counterpart; it is kept, and sharing decisions read it together with
//! the report's [`HandlingCode`](crate::HandlingCode).

use std::fmt;

/// EU 4x4 source reliability.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SourceReliability {
    /// No doubt of authenticity, trustworthiness and competence.
    A,
    /// Information from this source has in most instances proved reliable.
    B,
    /// Information from this source has in most instances proved unreliable.
    C,
    /// Reliability cannot be assessed.
    X,
}

/// EU 4x4 information accuracy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum InformationAccuracy {
    /// No doubt about its accuracy.
    One,
    /// Known personally to the source, not to the officer passing it on.
    Two,
    /// Not known personally to the source, corroborated by other information.
    Three,
    /// Not known personally to the source and cannot be corroborated.
    Four,
}

/// UK 3x5x2 source evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum UkSource {
    Reliable,
    Untested,
    NotReliable,
}

/// UK 3x5x2 intelligence assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum UkIntelligence {
    /// Known directly to the source.
    A,
    /// Known indirectly to the source but corroborated.
    B,
    /// Known indirectly to the source.
    C,
    /// Not known.
    D,
    /// Suspected to be false or malicious.
    E,
}

/// UK 3x5x2 handling code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum UkHandling {
    /// Lawful sharing permitted.
    P,
    /// Lawful sharing permitted subject to conditions.
    C,
}

/// An evaluation as its author wrote it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Evaluation {
    Eu {
        source: SourceReliability,
        information: InformationAccuracy,
    },
    Uk {
        source: UkSource,
        intelligence: UkIntelligence,
        handling: UkHandling,
    },
}

impl Evaluation {
    /// Parses `B2` (EU 4x4) or `1/A/P` (UK 3x5x2). Separators `/`, `-` and
    /// none are accepted; the canonical form is what [`Display`] writes.
    pub fn parse(text: &str) -> Result<Self, String> {
        let compact: String = text.chars().filter(|c| !matches!(c, '/' | '-')).collect();
        let chars: Vec<char> = compact.chars().collect();
        let parsed = match chars.as_slice() {
            [s, i] => eu_source(*s)
                .zip(eu_information(*i))
                .map(|(source, information)| Evaluation::Eu {
                    source,
                    information,
                }),
            [s, i, h] => uk_source(*s)
                .zip(uk_intelligence(*i))
                .zip(uk_handling(*h))
                .map(|((source, intelligence), handling)| Evaluation::Uk {
                    source,
                    intelligence,
                    handling,
                }),
            _ => None,
        };
        parsed.ok_or_else(|| {
            format!(
                "expected an EU 4x4 grade such as B2 (source A/B/C/X, information 1-4) \
                 or a UK 3x5x2 grade such as 1/A/P (source 1-3, intelligence A-E, handling P/C), found {text:?}"
            )
        })
    }

    /// The grade in the EU 4x4 system (mapped when written in 3x5x2).
    pub fn to_eu(self) -> (SourceReliability, InformationAccuracy) {
        match self {
            Evaluation::Eu {
                source,
                information,
            } => (source, information),
            Evaluation::Uk {
                source,
                intelligence,
                ..
            } => {
                let s = match source {
                    UkSource::Reliable => SourceReliability::B,
                    UkSource::Untested => SourceReliability::X,
                    UkSource::NotReliable => SourceReliability::C,
                };
                let i = match intelligence {
                    UkIntelligence::A => InformationAccuracy::Two,
                    UkIntelligence::B => InformationAccuracy::Three,
                    UkIntelligence::C | UkIntelligence::D | UkIntelligence::E => {
                        InformationAccuracy::Four
                    }
                };
                (s, i)
            }
        }
    }

    /// The source and intelligence grades in the UK 3x5x2 system (mapped
    /// when written in 4x4). The handling letter is not mapped: 4x4 has none.
    pub fn to_uk(self) -> (UkSource, UkIntelligence) {
        match self {
            Evaluation::Uk {
                source,
                intelligence,
                ..
            } => (source, intelligence),
            Evaluation::Eu {
                source,
                information,
            } => {
                let s = match source {
                    SourceReliability::A | SourceReliability::B => UkSource::Reliable,
                    SourceReliability::C => UkSource::NotReliable,
                    SourceReliability::X => UkSource::Untested,
                };
                let i = match information {
                    InformationAccuracy::One | InformationAccuracy::Two => UkIntelligence::A,
                    InformationAccuracy::Three => UkIntelligence::B,
                    InformationAccuracy::Four => UkIntelligence::C,
                };
                (s, i)
            }
        }
    }

    /// True for UK intelligence graded E: suspected to be false or malicious.
    pub fn suspected_false(self) -> bool {
        matches!(
            self,
            Evaluation::Uk {
                intelligence: UkIntelligence::E,
                ..
            }
        )
    }
}

fn eu_source(c: char) -> Option<SourceReliability> {
    Some(match c {
        'A' => SourceReliability::A,
        'B' => SourceReliability::B,
        'C' => SourceReliability::C,
        'X' => SourceReliability::X,
        _ => return None,
    })
}

fn eu_information(c: char) -> Option<InformationAccuracy> {
    Some(match c {
        '1' => InformationAccuracy::One,
        '2' => InformationAccuracy::Two,
        '3' => InformationAccuracy::Three,
        '4' => InformationAccuracy::Four,
        _ => return None,
    })
}

fn uk_source(c: char) -> Option<UkSource> {
    Some(match c {
        '1' => UkSource::Reliable,
        '2' => UkSource::Untested,
        '3' => UkSource::NotReliable,
        _ => return None,
    })
}

fn uk_intelligence(c: char) -> Option<UkIntelligence> {
    Some(match c {
        'A' => UkIntelligence::A,
        'B' => UkIntelligence::B,
        'C' => UkIntelligence::C,
        'D' => UkIntelligence::D,
        'E' => UkIntelligence::E,
        _ => return None,
    })
}

fn uk_handling(c: char) -> Option<UkHandling> {
    Some(match c {
        'P' => UkHandling::P,
        'C' => UkHandling::C,
        _ => return None,
    })
}

impl fmt::Display for Evaluation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Evaluation::Eu {
                source,
                information,
            } => {
                let i = *information as u8 + 1;
                write!(f, "{source:?}{i}")
            }
            Evaluation::Uk {
                source,
                intelligence,
                handling,
            } => {
                let s = *source as u8 + 1;
                write!(f, "{s}/{intelligence:?}/{handling:?}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_both_systems_and_writes_canonically() {
        for (input, canonical) in [
            ("B2", "B2"),
            ("X4", "X4"),
            ("A-1", "A1"),
            ("1/A/P", "1/A/P"),
            ("3EC", "3/E/C"),
            ("2-b-p", ""),
        ] {
            match Evaluation::parse(input) {
                Ok(e) => assert_eq!(e.to_string(), canonical, "{input}"),
                Err(_) => assert!(canonical.is_empty(), "{input} refused"),
            }
        }
        for bad in ["", "B", "B5", "D2", "4/A/P", "1/F/P", "1/A/H", "B22"] {
            assert!(Evaluation::parse(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn mapping_is_documented_one() {
        let uk = Evaluation::parse("1/A/P").unwrap();
        assert_eq!(uk.to_eu(), (SourceReliability::B, InformationAccuracy::Two));
        let eu = Evaluation::parse("C3").unwrap();
        assert_eq!(eu.to_uk(), (UkSource::NotReliable, UkIntelligence::B));
        assert!(Evaluation::parse("2/E/C").unwrap().suspected_false());
    }
}
