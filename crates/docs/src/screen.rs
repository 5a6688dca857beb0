//! Screening travel documents for signs of fraud.
//!
//! A [`Sighting`] is one record of a document: what was read from it (its
//! number, issuing state, expiry, machine-readable zone), the data of the
//! person it was linked to (names in any script, date of birth, sex,
//! nationality, a national number), and when it was seen. [`screen`] looks
//! at every sighting alone — is the zone well formed, does it agree with
//! the recorded data, had the document expired, is it a specimen, does a
//! national number in it agree, is it on a stolen and lost list — and at
//! all of them together: the same number under two identities. Each
//! [`Finding`] names its [`Indicator`], the evidence as a sentence naming
//! the values, and a [`Severity`].
//!
//! Severities are calibrated so that a genuine document never gets a high
//! one from how it was recorded: transliteration, spelling variants,
//! swapped or partial names, dates known only to the year, missing fields
//! and long TD1/TD2 numbers are reconciled, not flagged. High means a
//! contradiction nothing innocent explains; medium, one that could still
//! have an innocent cause; low, something to know.
//!
//! This module is pure: sightings in, findings out. What a sighting's
//! source is (a report, a scan at a desk) is the caller's; it is only named
//! in evidence sentences, and never for a sighting marked
//! [`Sighting::withheld`].

mod across;
mod names;
mod single;

pub use single::specimen_number;

use std::fmt;

use crate::date::Date;
use crate::national::Sex;
use crate::stolen_lost::StolenLostList;
use crate::validate::{validate, Validation};

/// A date that may be known only to the year, or the year and month, as
/// dates of birth often are. A day never comes without its month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    year: i32,
    month: Option<u32>,
    day: Option<u32>,
}

impl PartialDate {
    /// `None` when the month or day does not exist, or a day is given
    /// without its month.
    pub fn new(year: i32, month: Option<u32>, day: Option<u32>) -> Option<PartialDate> {
        match (month, day) {
            (None, Some(_)) => None,
            (Some(m), None) if !(1..=12).contains(&m) => None,
            (Some(m), Some(d)) if Date::new(year, m, d).is_none() => None,
            _ => Some(PartialDate { year, month, day }),
        }
    }

    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<PartialDate> {
        let number = |s: &str, len: usize| {
            (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse::<u32>().ok())
                .flatten()
        };
        let parts: Vec<&str> = text.split('-').collect();
        let (year, month, day) = match parts.as_slice() {
            [y] => (number(y, 4)?, None, None),
            [y, m] => (number(y, 4)?, Some(number(m, 2)?), None),
            [y, m, d] => (number(y, 4)?, Some(number(m, 2)?), Some(number(d, 2)?)),
            _ => return None,
        };
        PartialDate::new(year as i32, month, day)
    }

    pub fn year(&self) -> i32 {
        self.year
    }

    pub fn month(&self) -> Option<u32> {
        self.month
    }

    pub fn day(&self) -> Option<u32> {
        self.day
    }

    /// The last day the date can be: itself, or the end of its month or year.
    fn last_day(&self) -> Option<Date> {
        let month = self.month.unwrap_or(12);
        let day = self
            .day
            .unwrap_or_else(|| crate::date::days_in_month(self.year, month));
        Date::new(self.year, month, day)
    }

    /// Year (two digits, as a zone writes it), month and day, where known.
    fn parts(&self) -> [Option<u32>; 3] {
        [Some(self.year.rem_euclid(100) as u32), self.month, self.day]
    }
}

impl From<Date> for PartialDate {
    fn from(d: Date) -> Self {
        PartialDate {
            year: d.year(),
            month: Some(d.month()),
            day: Some(d.day()),
        }
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

/// What kind of document a sighting says it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocumentKind {
    Passport,
    IdentityCard,
    Visa,
    ResidencePermit,
    TravelDocument,
    Other,
}

impl DocumentKind {
    /// `passport`, `identity_card`, `visa`, `residence_permit`,
    /// `travel_document`, `other`.
    pub fn parse(text: &str) -> Option<DocumentKind> {
        Some(match text {
            "passport" => DocumentKind::Passport,
            "identity_card" => DocumentKind::IdentityCard,
            "visa" => DocumentKind::Visa,
            "residence_permit" => DocumentKind::ResidencePermit,
            "travel_document" => DocumentKind::TravelDocument,
            "other" => DocumentKind::Other,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            DocumentKind::Passport => "passport",
            DocumentKind::IdentityCard => "identity_card",
            DocumentKind::Visa => "visa",
            DocumentKind::ResidencePermit => "residence_permit",
            DocumentKind::TravelDocument => "travel_document",
            DocumentKind::Other => "other",
        }
    }
}

/// The person a document was linked to, as recorded from the person or
/// from the document's visual zone. Every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Holder {
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    /// A name recorded whole, its parts unknown.
    pub full_name: Option<String>,
    pub aliases: Vec<String>,
    pub birth_date: Option<PartialDate>,
    /// `None` when not recorded or recorded as unspecified.
    pub sex: Option<Sex>,
    /// A three-letter code.
    pub nationality: Option<String>,
    /// A JMBG or EGN the person declared.
    pub national_number: Option<String>,
}

/// One record of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sighting {
    /// Where it was recorded, as the caller names it (`REPORT#ref`): used
    /// in the evidence of *other* sightings' findings.
    pub source: String,
    /// When it was seen: expiry is judged against it, and the zone's
    /// two-digit years are read relative to it.
    pub seen_on: Date,
    pub kind: Option<DocumentKind>,
    /// As recorded (case, spaces and dashes do not matter).
    pub number: Option<String>,
    pub issuing_state: Option<String>,
    pub expiry_date: Option<PartialDate>,
    /// The machine-readable zone, lines joined by `\n`, exactly as read.
    pub mrz: Option<String>,
    pub holders: Vec<Holder>,
    /// Its details must not appear in other sightings' evidence (it
    /// identifies a protected person).
    pub withheld: bool,
}

impl Sighting {
    pub fn new(source: impl Into<String>, seen_on: Date) -> Sighting {
        Sighting {
            source: source.into(),
            seen_on,
            kind: None,
            number: None,
            issuing_state: None,
            expiry_date: None,
            mrz: None,
            holders: Vec::new(),
            withheld: false,
        }
    }
}

/// How strongly a finding suggests fraud.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Worth knowing; innocent causes are common.
    Low,
    /// A contradiction that may still have an innocent cause.
    Medium,
    /// A contradiction nothing innocent explains.
    High,
}

impl Severity {
    pub const ALL: [Severity; 3] = [Severity::Low, Severity::Medium, Severity::High];

    pub fn name(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
        }
    }

    pub fn parse(text: &str) -> Option<Severity> {
        Severity::ALL.into_iter().find(|s| s.name() == text)
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}

/// What a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Indicator {
    /// The zone fails a check: shape, characters, a check digit, a date, a
    /// field's value.
    MrzInvalid,
    /// The zone's issuing state or nationality is in no list.
    MrzUnknownCode,
    /// The zone's name is not the recorded name.
    NameMismatch,
    BirthDateMismatch,
    SexMismatch,
    NationalityMismatch,
    /// The zone's number is not the recorded number.
    DocumentNumberMismatch,
    IssuingStateMismatch,
    ExpiryDateMismatch,
    /// The zone's layout is not the recorded kind of document.
    DocumentTypeMismatch,
    /// A national passport or identity card issued by a state other than
    /// its holder's nationality.
    IssuingStateNotNationality,
    /// Expired when it was seen.
    Expired,
    /// The same number and issuing state under another identity elsewhere.
    NumberOtherIdentity,
    /// A specimen document, or one copied from a specimen.
    Specimen,
    /// A national number (JMBG, EGN) that is invalid or disagrees with the
    /// date of birth or sex.
    NationalNumberInconsistent,
    /// On the stolen and lost document list.
    StolenLost,
}

impl Indicator {
    pub const ALL: [Indicator; 16] = [
        Indicator::MrzInvalid,
        Indicator::MrzUnknownCode,
        Indicator::NameMismatch,
        Indicator::BirthDateMismatch,
        Indicator::SexMismatch,
        Indicator::NationalityMismatch,
        Indicator::DocumentNumberMismatch,
        Indicator::IssuingStateMismatch,
        Indicator::ExpiryDateMismatch,
        Indicator::DocumentTypeMismatch,
        Indicator::IssuingStateNotNationality,
        Indicator::Expired,
        Indicator::NumberOtherIdentity,
        Indicator::Specimen,
        Indicator::NationalNumberInconsistent,
        Indicator::StolenLost,
    ];

    /// The machine-readable code: `mrz_invalid`, `number_other_identity`…
    pub fn code(self) -> &'static str {
        match self {
            Indicator::MrzInvalid => "mrz_invalid",
            Indicator::MrzUnknownCode => "mrz_unknown_code",
            Indicator::NameMismatch => "mrz_name_mismatch",
            Indicator::BirthDateMismatch => "mrz_birth_date_mismatch",
            Indicator::SexMismatch => "mrz_sex_mismatch",
            Indicator::NationalityMismatch => "mrz_nationality_mismatch",
            Indicator::DocumentNumberMismatch => "mrz_document_number_mismatch",
            Indicator::IssuingStateMismatch => "mrz_issuing_state_mismatch",
            Indicator::ExpiryDateMismatch => "mrz_expiry_date_mismatch",
            Indicator::DocumentTypeMismatch => "mrz_document_type_mismatch",
            Indicator::IssuingStateNotNationality => "issuing_state_not_nationality",
            Indicator::Expired => "expired",
            Indicator::NumberOtherIdentity => "number_other_identity",
            Indicator::Specimen => "specimen",
            Indicator::NationalNumberInconsistent => "national_number_inconsistent",
            Indicator::StolenLost => "stolen_lost",
        }
    }

    pub fn parse(text: &str) -> Option<Indicator> {
        Indicator::ALL.into_iter().find(|i| i.code() == text)
    }
}

impl fmt::Display for Indicator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.code())
    }
}

/// One indicator found on one sighting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The index of the sighting in the slice given to [`screen`].
    pub sighting: usize,
    pub indicator: Indicator,
    pub severity: Severity,
    /// A sentence for a person, naming the values compared.
    pub evidence: String,
    /// The machine-readable codes behind it, where there are any
    /// (`check_digit:composite`, `jmbg:checksum`, `national_number:sex`).
    pub codes: Vec<String>,
    /// Other sightings the evidence points to (indices).
    pub related: Vec<usize>,
}

/// Screens `sightings`, alone and against each other, and against `list`
/// when one is given. Findings come in sighting order, the most severe
/// first within a sighting; at most one finding per sighting and indicator.
pub fn screen(sightings: &[Sighting], list: Option<&StolenLostList>) -> Vec<Finding> {
    let zones: Vec<Option<Validation<'_>>> = sightings
        .iter()
        .map(|s| s.mrz.as_deref().map(|z| validate(z, s.seen_on)))
        .collect();
    let mut findings = Vec::new();
    for (i, (s, zone)) in sightings.iter().zip(&zones).enumerate() {
        single::screen(i, s, zone.as_ref(), list, &mut findings);
    }
    across::screen(sightings, &zones, &mut findings);
    findings.sort_by(|a, b| {
        (a.sighting, std::cmp::Reverse(a.severity), a.indicator).cmp(&(
            b.sighting,
            std::cmp::Reverse(b.severity),
            b.indicator,
        ))
    });
    findings.dedup_by(|later, earlier| {
        later.sighting == earlier.sighting && later.indicator == earlier.indicator
    });
    findings
}

/// Two codes that name the same state: `D` is Germany's one-letter code,
/// `RKS` the code Kosovo's documents print, `XKX` the code others use.
fn same_state(a: &str, b: &str) -> bool {
    fn canonical(code: &str) -> &str {
        match code.trim_end_matches('<') {
            "D" => "DEU",
            "RKS" => "XKX",
            other => other,
        }
    }
    canonical(a) == canonical(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_dates() {
        assert_eq!(PartialDate::parse("1987").unwrap().to_string(), "1987");
        assert_eq!(
            PartialDate::parse("1987-07").unwrap().to_string(),
            "1987-07"
        );
        assert_eq!(
            PartialDate::parse("2000-02-29").unwrap().to_string(),
            "2000-02-29"
        );
        for bad in [
            "",
            "87",
            "1987-13",
            "1900-02-29",
            "1987-7",
            "1987-07-03-01",
            "abcd",
        ] {
            assert!(PartialDate::parse(bad).is_none(), "{bad}");
        }
        assert!(PartialDate::new(1987, None, Some(3)).is_none());
        assert_eq!(
            PartialDate::parse("2024-02").unwrap().last_day(),
            Date::new(2024, 2, 29)
        );
    }

    #[test]
    fn state_codes_that_name_the_same_state() {
        assert!(same_state("D<<", "DEU"));
        assert!(same_state("RKS", "XKX"));
        assert!(!same_state("SRB", "MKD"));
    }
}
