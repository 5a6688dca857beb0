//! The safeguards of returns case management, as one pure rule engine.
//!
//! This crate owns the legal safeguards that decide whether a step in a
//! returns case (detention, scheduling or executing a removal, transfer to
//! a return hub) may be taken: it reads a case history (the person, the
//! dated events, the jurisdiction) and a proposed step, and answers
//! allowed or blocked with a readable reason per safeguard. It is pure: no
//! store, no clock, no I/O, no logging; the same function serves the live
//! system and the `corridor cases check` what-if. It must never let a court
//! order or any input lift non-refoulement or a Rule 39 interim measure,
//! never allow a step without its rationale, and never put personal or
//! asylum data into its output: reasons carry rule codes, dates, country
//! codes and references only, so they may be shown outside the asylum wall.
//! Beside the engine: the UK–France "one in, one out" ledger
//! ([`one_in_one_out`]), return-hub placement proposals and occupancy
//! reports ([`hubs`]), the case file the node keeps and its validation
//! ([`file`]), and where a case stands on a day: stage and running
//! deadlines ([`overview`]) — pure functions of their input and a date.
//! Formats and every rule: docs/returns.md.

mod case;
pub mod caseload;
mod engine;
mod error;
pub mod file;
pub mod hubs;
pub mod one_in_one_out;
pub mod overview;
mod profile;
mod risks;
mod rule;
mod state;

pub use case::*;
pub use engine::{check, Decision, Reason};
pub use error::InputError;
pub use profile::{Jurisdiction, Profile, EU_2008, EU_2025, UK};
pub use risks::built_in as built_in_destination_risks;
pub use rule::Rule;

use serde::Deserialize;

/// The what-if input: a case history and the step to check
/// (docs/returns.md, "Input").
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckRequest {
    pub jurisdiction: Jurisdiction,
    pub person: Person,
    #[serde(default)]
    pub events: Vec<Event>,
    pub proposed: ProposedStep,
    #[serde(default)]
    pub destination_risks: Vec<DestinationRisk>,
    #[serde(default)]
    pub hubs: Vec<Hub>,
}

impl CheckRequest {
    /// Reads and validates a request.
    pub fn from_json(input: &str) -> Result<CheckRequest, InputError> {
        let request: CheckRequest = parse(input)?;
        request.validate()?;
        Ok(request)
    }

    pub fn into_parts(self) -> (CaseHistory, ProposedStep) {
        let case = CaseHistory {
            jurisdiction: self.jurisdiction,
            person: self.person,
            events: self.events,
            destination_risks: self.destination_risks,
            hubs: self.hubs,
        };
        (case, self.proposed)
    }

    /// Cross-references serde cannot check.
    fn validate(&self) -> Result<(), InputError> {
        validate_court_orders(&self.events, "events")?;
        let known = |id: &String| self.person.family_members.iter().any(|m| &m.id == id);
        for (j, id) in self.proposed.kind.accompanied_by().iter().enumerate() {
            if !known(id) {
                return Err(InputError::Invalid {
                    path: format!("proposed.accompanied_by[{j}]"),
                    message: format!("{id:?} is not the id of one of person.family_members"),
                });
            }
        }
        Ok(())
    }
}

/// Reads a documented JSON input; errors name the field (a JSON path) or,
/// for syntax errors, the line and column.
pub(crate) fn parse<T: serde::de::DeserializeOwned>(input: &str) -> Result<T, InputError> {
    let de = &mut serde_json::Deserializer::from_str(input);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let path = if inner.is_syntax() || inner.is_eof() {
            format!("line {} column {}", inner.line(), inner.column())
        } else if path == "." {
            "input".to_owned()
        } else {
            path
        };
        InputError::Format {
            path,
            message: case::with_hint(&strip_position(&inner)),
        }
    })
}

/// Court orders may only name known rule codes.
pub(crate) fn validate_court_orders(events: &[Event], prefix: &str) -> Result<(), InputError> {
    for (i, e) in events.iter().enumerate() {
        if let EventKind::CourtOrder { overrides, .. } = &e.kind {
            for (j, code) in overrides.iter().enumerate() {
                if Rule::from_code(code).is_none() {
                    return Err(InputError::Invalid {
                        path: format!("{prefix}[{i}].overrides[{j}]"),
                        message: format!("unknown rule code {code:?} (codes: docs/returns.md)"),
                    });
                }
            }
        }
    }
    Ok(())
}

/// serde_json appends " at line L column C", meaningless for errors raised
/// while converting an already-parsed value; the path says where instead.
fn strip_position(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_owned(),
        None => s,
    }
}

/// Reads a what-if request (docs/returns.md) and checks its proposed step.
pub fn check_json(input: &str) -> Result<Decision, InputError> {
    let (case, proposed) = CheckRequest::from_json(input)?.into_parts();
    Ok(check(&case, &proposed))
}
