//! The asylum wall, and what a state outside receives of a returns case.
//!
//! Cases are the asylum side's: only case officers read or write them, and
//! only their own agency's ([`crate::Policy::case_access`]); no other role
//! ever gets an action on a case, so nothing of one reaches analysts,
//! border officers or liaison officers.
//!
//! A state that takes part in a return — the host state of a return hub,
//! the country of origin, a third country of return — receives
//! [`CaseRelease`]: the minimum its part needs, built field by field from
//! an allow-list (names, date of birth, nationality, the document for the
//! return, the removal's date and operation reference, and for a host
//! state the hub). Never the fact that the person claimed asylum, nor
//! anything of the asylum file (claims, decisions, appeals, grounds,
//! vulnerabilities, assessments, court orders, rationales, legal bases):
//! those fields are not copied, so no redaction can miss one. Every release
//! needs a legal basis; the country of origin is not contacted at all
//! while the engine would refuse a removal there on a ground of
//! non-refoulement (a pending claim, protection granted, a risk, Rule 39,
//! a trafficking victim's reflection period).

use chrono::NaiveDate;
use corridor_model::AgencyCode;
use corridor_returns::file::{CaseFile, HubRecord};
use corridor_returns::{
    check, CaseHistory, Country, Destination, EventKind, ProposedStep, RemovalMode, ReturnDocument,
    Rule, StepKind,
};
use serde::Serialize;

/// Who a case's data is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recipient {
    /// The host state of the hub the person is placed in or scheduled for.
    HostState,
    /// The person's country of origin (the nationality established).
    CountryOfOrigin,
    /// An agency of a state: it receives only if its state is a party to
    /// the return, in that part.
    Agency { code: AgencyCode, state: Country },
}

/// The part a recipient plays in the return.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RecipientRole {
    HostState,
    CountryOfOrigin,
    ThirdCountry,
}

impl RecipientRole {
    pub fn as_str(self) -> &'static str {
        match self {
            RecipientRole::HostState => "host_state",
            RecipientRole::CountryOfOrigin => "country_of_origin",
            RecipientRole::ThirdCountry => "third_country",
        }
    }
}

/// Why a release is refused. Shown to the case officer who asked, never
/// to the recipient.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReleaseDenied {
    #[error("a release to a state outside needs its legal basis (e.g. a readmission agreement, or GDPR Art. 49(1)(d)); give it")]
    NoLegalBasis,
    #[error("{state} is neither the country of origin, nor the host state of the hub, nor the third country this case returns to: a case is released only to a party to its return")]
    NotAParty { state: String },
    #[error("no removal to a return hub is scheduled or executed in this case, so there is no host state to inform")]
    NoHub,
    #[error(
        "the person's nationality is not established, so there is no country of origin to contact"
    )]
    NoOrigin,
    #[error("no removal to {state} is scheduled or executed in this case: there is nothing to tell it yet")]
    NoRemoval { state: String },
    #[error("the country of origin may not be contacted while a removal there would breach {rules}: contacting it could expose the person (Asylum Procedures Directive Art. 30)")]
    OriginUnsafe { rules: String },
}

impl ReleaseDenied {
    /// A stable code for the refusal.
    pub fn code(&self) -> &'static str {
        match self {
            ReleaseDenied::NoLegalBasis => "no_legal_basis",
            ReleaseDenied::NotAParty { .. } => "not_a_party",
            ReleaseDenied::NoHub => "no_hub",
            ReleaseDenied::NoOrigin => "no_origin",
            ReleaseDenied::NoRemoval { .. } => "no_removal",
            ReleaseDenied::OriginUnsafe { .. } => "origin_unsafe",
        }
    }
}

/// What a state outside receives of a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseRelease {
    pub recipient: ReleasedTo,
    pub person: ReleasedPerson,
    pub document: Option<ReleasedDocument>,
    pub removal: Option<ReleasedRemoval>,
    /// The hub, for its host state only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hub: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReleasedTo {
    pub role: RecipientRole,
    pub state: Country,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agency: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReleasedPerson {
    pub given_names: String,
    pub family_name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub nationality: Option<Country>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReleasedDocument {
    pub kind: corridor_returns::ReturnDocumentKind,
    pub number: String,
    pub issuing_state: Country,
    pub expires: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReleasedRemoval {
    pub date: NaiveDate,
    pub operation: Option<String>,
}

impl CaseRelease {
    /// The fields released, by name (recorded with the transfer).
    pub fn fields(&self) -> Vec<&'static str> {
        let mut out = vec![
            "person.given_names",
            "person.family_name",
            "person.date_of_birth",
            "person.nationality",
        ];
        if self.document.is_some() {
            out.push("document");
        }
        if self.removal.is_some() {
            out.push("removal");
        }
        if self.hub.is_some() {
            out.push("hub");
        }
        out
    }
}

/// The removal the case is heading for on `on`: the latest scheduled or
/// executed removal, its destination (or the return decision's) and its
/// operation reference.
struct Plan {
    date: NaiveDate,
    destination: Option<Destination>,
    operation: Option<String>,
}

fn plan(case: &CaseFile, on: NaiveDate) -> Option<Plan> {
    let mut events: Vec<&corridor_returns::Event> = case
        .events
        .iter()
        .map(|r| &r.event)
        .filter(|e| e.date <= on)
        .collect();
    events.sort_by_key(|e| e.date);
    let mut decided = None;
    let mut plan = None;
    for e in events {
        match &e.kind {
            EventKind::ReturnDecision { destination, .. } => decided = destination.clone(),
            EventKind::RemovalScheduled {
                destination,
                operation,
                ..
            }
            | EventKind::RemovalExecuted {
                destination,
                operation,
                ..
            } => {
                plan = Some(Plan {
                    date: e.date,
                    destination: destination.clone().or_else(|| decided.clone()),
                    operation: operation.clone(),
                })
            }
            _ => {}
        }
    }
    plan
}

/// The state a destination takes the person to, with the hub if it is one.
fn state_of(d: &Destination, hubs: &[HubRecord]) -> Option<(Country, Option<String>)> {
    match d {
        Destination::CountryOfOrigin { country } | Destination::ThirdCountry { country } => {
            Some((country.clone(), None))
        }
        Destination::ReturnHub { hub } => hubs
            .iter()
            .find(|h| &h.id == hub)
            .map(|h| (h.host_state.clone(), Some(h.id.clone()))),
    }
}

/// The non-refoulement grounds, checked before the country of origin
/// learns anything of the person.
const ORIGIN_BARS: [Rule; 5] = [
    Rule::NonRefoulement,
    Rule::NonRefoulementPending,
    Rule::Rule39,
    Rule::DestinationRisk,
    Rule::ReflectionPeriod,
];

fn origin_bars(case: &CaseFile, origin: &Country, on: NaiveDate) -> Vec<&'static str> {
    let history: CaseHistory = case.history(Vec::new());
    let what_if = ProposedStep {
        date: on,
        by: Some("release check".into()),
        legal_basis: Some("release check".into()),
        rationale: Some("may the country of origin be contacted".into()),
        kind: StepKind::ScheduleRemoval {
            destination: Some(Destination::CountryOfOrigin {
                country: origin.clone(),
            }),
            mode: RemovalMode::Forced,
            accompanied_by: Vec::new(),
        },
    };
    let decision = check(&history, &what_if);
    ORIGIN_BARS
        .iter()
        .filter(|r| decision.reasons.iter().any(|x| x.rule == r.code()))
        .map(|r| r.code())
        .collect()
}

/// What `to` receives of `case` on `on`, released under `legal_basis`, or
/// why nothing. `hubs` are the node's (for host states).
pub fn release_case(
    case: &CaseFile,
    hubs: &[HubRecord],
    to: &Recipient,
    legal_basis: &str,
    on: NaiveDate,
) -> Result<CaseRelease, ReleaseDenied> {
    if legal_basis.trim().is_empty() {
        return Err(ReleaseDenied::NoLegalBasis);
    }
    let plan = plan(case, on);
    let planned = plan
        .as_ref()
        .and_then(|p| p.destination.as_ref())
        .and_then(|d| state_of(d, hubs).map(|s| (d, s)));
    let origin = case.nationality(on).cloned();
    let (role, state, agency) = match to {
        Recipient::HostState => match &planned {
            Some((Destination::ReturnHub { .. }, (state, _))) => {
                (RecipientRole::HostState, state.clone(), None)
            }
            _ => return Err(ReleaseDenied::NoHub),
        },
        Recipient::CountryOfOrigin => match &origin {
            Some(o) => (RecipientRole::CountryOfOrigin, o.clone(), None),
            None => return Err(ReleaseDenied::NoOrigin),
        },
        Recipient::Agency { code, state } => {
            let role = if origin.as_ref() == Some(state) {
                RecipientRole::CountryOfOrigin
            } else {
                match &planned {
                    Some((Destination::ReturnHub { .. }, (s, _))) if s == state => {
                        RecipientRole::HostState
                    }
                    Some((Destination::ThirdCountry { .. }, (s, _))) if s == state => {
                        RecipientRole::ThirdCountry
                    }
                    _ => {
                        return Err(ReleaseDenied::NotAParty {
                            state: state.to_string(),
                        })
                    }
                }
            };
            (role, state.clone(), Some(code.to_string()))
        }
    };
    if role == RecipientRole::CountryOfOrigin {
        let bars = origin_bars(case, &state, on);
        if !bars.is_empty() {
            return Err(ReleaseDenied::OriginUnsafe {
                rules: bars.join(", "),
            });
        }
    }
    // The removal is told only to the state it takes the person to.
    let heading_here = planned.as_ref().is_some_and(|(_, (s, _))| *s == state);
    let removal = plan
        .as_ref()
        .filter(|_| heading_here)
        .map(|p| ReleasedRemoval {
            date: p.date,
            operation: p.operation.clone(),
        });
    if role != RecipientRole::CountryOfOrigin && removal.is_none() {
        return Err(ReleaseDenied::NoRemoval {
            state: state.to_string(),
        });
    }
    let hub = match (&planned, role) {
        (Some((_, (_, Some(hub)))), RecipientRole::HostState) => Some(hub.clone()),
        _ => None,
    };
    Ok(CaseRelease {
        recipient: ReleasedTo {
            role,
            state,
            agency,
        },
        person: ReleasedPerson {
            given_names: case.identity.given_names.clone(),
            family_name: case.identity.family_name.clone(),
            date_of_birth: case.person.date_of_birth,
            nationality: origin,
        },
        document: case.return_document(on).map(document),
        removal,
        hub,
    })
}

fn document(d: &ReturnDocument) -> ReleasedDocument {
    ReleasedDocument {
        kind: d.kind,
        number: d.number.clone(),
        issuing_state: d.issuing_state.clone(),
        expires: d.expires,
    }
}
