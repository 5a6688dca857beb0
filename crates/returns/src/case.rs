//! The case as the engine reads it: the person, the dated events of the
//! case history, and the step someone proposes to take next.
//!
//! Every type here is plain data that deserialises from the documented
//! JSON (docs/returns.md) and rejects fields it does not know, so that a
//! misspelt safeguard (`"suspensiv": true`) is an error rather than a
//! silently missing fact.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::profile::Jurisdiction;

/// An ISO 3166-1 alpha-3 country code, upper case (`"ALB"`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Country(String);

impl Country {
    /// Accepts three ASCII letters in either case and stores them upper case.
    pub fn new(code: &str) -> Result<Self, String> {
        if code.len() == 3 && code.bytes().all(|b| b.is_ascii_alphabetic()) {
            Ok(Country(code.to_ascii_uppercase()))
        } else {
            Err(format!(
                "expected an ISO 3166-1 alpha-3 country code such as \"ALB\", found {code:?}"
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Country {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        Country::new(&s)
    }
}

impl From<Country> for String {
    fn from(c: Country) -> String {
        c.0
    }
}

impl std::fmt::Display for Country {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A returns case as it stood: who the person is and what has happened.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseHistory {
    pub jurisdiction: Jurisdiction,
    pub person: Person,
    /// In any order; the engine sorts them by date (stable, so events of
    /// the same day keep the order given).
    #[serde(default)]
    pub events: Vec<Event>,
    /// Destination risks added to the built-in list (never replacing it: a
    /// what-if cannot switch a safeguard off).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub destination_risks: Vec<DestinationRisk>,
    /// Return hubs a step may name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hubs: Vec<Hub>,
}

/// The person's attributes as recorded at the start of the case. Events may
/// change what is known later (an age assessment, a vulnerability
/// assessment, a trafficking identification).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<NaiveDate>,
    /// The stated age is disputed: the person is treated as a minor until an
    /// `age_assessment` event says otherwise.
    #[serde(default)]
    pub age_disputed: bool,
    /// Arrived without a responsible adult: a claim to be an unaccompanied
    /// minor. Treated as a minor unless the date of birth or an age
    /// assessment shows an adult.
    #[serde(default)]
    pub unaccompanied: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<Sex>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nationality: Option<Country>,
    #[serde(default)]
    pub vulnerabilities: Vec<Vulnerability>,
    #[serde(default)]
    pub family_members: Vec<FamilyMember>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Male,
    Female,
    X,
}

/// The vulnerable groups of Return Directive Art. 3(9), with trafficking
/// split into identified and presumed (Council of Europe Convention Art. 10).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Vulnerability {
    TraffickingVictim,
    PresumedTraffickingVictim,
    TortureVictim,
    SeriousViolenceVictim,
    SeriousIllness,
    MentalDisorder,
    Disability,
    Pregnancy,
    Elderly,
    SingleParentWithMinors,
}

impl Vulnerability {
    pub fn is_trafficking(self) -> bool {
        matches!(
            self,
            Vulnerability::TraffickingVictim | Vulnerability::PresumedTraffickingVictim
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Vulnerability::TraffickingVictim => "trafficking_victim",
            Vulnerability::PresumedTraffickingVictim => "presumed_trafficking_victim",
            Vulnerability::TortureVictim => "torture_victim",
            Vulnerability::SeriousViolenceVictim => "serious_violence_victim",
            Vulnerability::SeriousIllness => "serious_illness",
            Vulnerability::MentalDisorder => "mental_disorder",
            Vulnerability::Disability => "disability",
            Vulnerability::Pregnancy => "pregnancy",
            Vulnerability::Elderly => "elderly",
            Vulnerability::SingleParentWithMinors => "single_parent_with_minors",
        }
    }
}

/// A family member the family-unity rule protects.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FamilyMember {
    /// Referred to by `accompanied_by` in a proposed removal.
    pub id: String,
    pub relationship: Relationship,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<NaiveDate>,
    /// Present in the territory (only present members can be split off).
    #[serde(default = "yes")]
    pub in_territory: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relationship {
    Spouse,
    Partner,
    Child,
    Parent,
    Sibling,
    Other,
}

/// One recorded transition of the case: when, who, on what legal basis and
/// why, plus what happened (`kind` and its fields).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(try_from = "Map<String, Value>")]
pub struct Event {
    pub date: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_basis: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rationale: Option<String>,
    #[serde(flatten)]
    pub kind: EventKind,
}

/// The fields every event and every proposed step carries.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Common {
    date: NaiveDate,
    #[serde(default)]
    by: Option<String>,
    #[serde(default)]
    legal_basis: Option<String>,
    #[serde(default)]
    rationale: Option<String>,
}

const COMMON_FIELDS: [&str; 4] = ["date", "by", "legal_basis", "rationale"];

/// Splits an object into the common fields and the `kind` with its own
/// fields, and reads each with `deny_unknown_fields`, so that an error
/// names the offending field.
fn split_common<K: serde::de::DeserializeOwned>(
    map: Map<String, Value>,
) -> Result<(Common, K), String> {
    let kind = match map.get("kind") {
        Some(Value::String(k)) => format!("{k}: "),
        _ => String::new(),
    };
    let (common, rest): (Map<String, Value>, Map<String, Value>) = map
        .into_iter()
        .partition(|(k, _)| COMMON_FIELDS.contains(&k.as_str()));
    let common: Common = read(Value::Object(common))?;
    let step: K = read(Value::Object(rest)).map_err(|e| {
        // An error about the kind itself needs no kind in front of it.
        if e.starts_with("kind: ") {
            e
        } else {
            format!("{kind}{e}")
        }
    })?;
    Ok((common, step))
}

fn read<T: serde::de::DeserializeOwned>(v: Value) -> Result<T, String> {
    serde_path_to_error::deserialize(v).map_err(|e| {
        let path = e.path().to_string();
        let message = with_hint(&e.into_inner().to_string());
        if path == "." {
            message
        } else {
            format!("{path}: {message}")
        }
    })
}

/// chrono's parse errors do not say what a date should look like.
pub(crate) fn with_hint(message: &str) -> String {
    let date_error = [
        "input is out of range",
        "input contains invalid characters",
        "premature end of input",
        "trailing input",
        "input is not enough",
    ]
    .iter()
    .any(|m| message.contains(m));
    if date_error {
        format!("{message} (expected a date as YYYY-MM-DD)")
    } else {
        message.to_owned()
    }
}

impl TryFrom<Map<String, Value>> for Event {
    type Error = String;
    fn try_from(map: Map<String, Value>) -> Result<Self, String> {
        let (c, kind) = split_common::<EventKind>(map)?;
        Ok(Event {
            date: c.date,
            by: c.by,
            legal_basis: c.legal_basis,
            rationale: c.rationale,
            kind,
        })
    }
}

/// What happened. Every kind, with its fields, is documented in
/// docs/returns.md.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum EventKind {
    Arrival {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        place: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        mode: Option<ArrivalMode>,
    },
    AsylumClaim {},
    AsylumDecision {
        outcome: AsylumOutcome,
    },
    AppealLodged {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reference: Option<String>,
        against: AppealAgainst,
        suspensive: bool,
    },
    AppealDecided {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reference: Option<String>,
        outcome: AppealOutcome,
    },
    SuspensiveEffectRequested {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reference: Option<String>,
    },
    SuspensiveEffectDecided {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reference: Option<String>,
        granted: bool,
    },
    NonRefoulementClaim {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        destination: Option<Country>,
    },
    NonRefoulementDecided {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        destination: Option<Country>,
        upheld: bool,
    },
    Rule39InterimMeasure {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        application: Option<String>,
    },
    Rule39Lifted {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        application: Option<String>,
    },
    ReturnDecision {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        destination: Option<Destination>,
        /// Return Directive Art. 7(4): why no period for voluntary departure
        /// is granted (risk of absconding, manifestly unfounded application,
        /// danger to public security).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        voluntary_departure_exception: Option<String>,
    },
    EntryBan {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        years: Option<u32>,
    },
    VoluntaryDepartureOffered {
        period_days: u32,
    },
    VoluntaryDepartureDeclined {},
    Identification {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        nationality: Option<Country>,
    },
    TravelDocumentObtained {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        issuer: Option<Country>,
        /// The document the person is to travel on, when it is known: what
        /// the country of return needs to admit them.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        document: Option<ReturnDocument>,
    },
    AgeAssessment {
        outcome: AgeOutcome,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        date_of_birth: Option<NaiveDate>,
    },
    VulnerabilityAssessment {
        findings: Vec<Vulnerability>,
    },
    TraffickingIdentification {
        status: TraffickingStatus,
    },
    FamilyAssessment {
        split_acceptable: bool,
    },
    DetentionOrdered {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        until: Option<NaiveDate>,
    },
    DetentionExtended {
        until: NaiveDate,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        ground: Option<ExtensionGround>,
    },
    JudicialReview {
        outcome: ReviewOutcome,
    },
    DetentionEnded {},
    AlternativeToDetention {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        measure: Option<String>,
    },
    MonitorAssigned {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        monitor: Option<String>,
    },
    CourtOrder {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        court: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reference: Option<String>,
        /// Rule codes the order overrides.
        overrides: Vec<String>,
        /// Last day the order has effect (open-ended if absent).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        until: Option<NaiveDate>,
    },
    RemovalScheduled {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        destination: Option<Destination>,
        #[serde(default, skip_serializing_if = "RemovalMode::is_forced")]
        mode: RemovalMode,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        accompanied_by: Vec<String>,
        /// The removal operation's reference (a flight, a transfer), the one
        /// thing of the operation a country of return is told.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        operation: Option<String>,
    },
    RemovalExecuted {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        destination: Option<Destination>,
        #[serde(default, skip_serializing_if = "RemovalMode::is_forced")]
        mode: RemovalMode,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        accompanied_by: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        operation: Option<String>,
    },
    /// The UK refers the person to France under the "one in, one out"
    /// arrangement (starts the answer clock).
    OneInOneOutReferral {},
    /// France's answer to the referral; an acceptance starts the removal
    /// clock.
    OneInOneOutAnswer {
        accepted: bool,
    },
    Outcome {
        result: String,
    },
}

/// The document a person is to travel on for their return.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReturnDocument {
    pub kind: ReturnDocumentKind,
    pub number: String,
    pub issuing_state: Country,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReturnDocumentKind {
    Passport,
    IdentityCard,
    /// An emergency travel document or laissez-passer issued for the return.
    EmergencyTravelDocument,
    /// The EU standard travel document for return (Regulation (EU) 2016/1953).
    EuTravelDocument,
}

impl EventKind {
    /// The event's `kind` as written (`removal_executed`).
    pub fn name(&self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v["kind"].as_str().map(str::to_owned))
            .unwrap_or_default()
    }
}

impl Event {
    /// The step the engine judges before this event may be recorded, if
    /// it is one: a detention order or extension, a removal scheduled or
    /// executed (an executed removal to a return hub is a placement in it).
    /// Every other event records what someone else decided or what
    /// happened, and is not the case officer's to refuse.
    pub fn as_step(&self) -> Option<ProposedStep> {
        let kind = match &self.kind {
            EventKind::DetentionOrdered { until } => StepKind::Detain { until: *until },
            EventKind::DetentionExtended { until, ground } => StepKind::ExtendDetention {
                until: *until,
                ground: *ground,
            },
            EventKind::RemovalScheduled {
                destination,
                mode,
                accompanied_by,
                ..
            } => StepKind::ScheduleRemoval {
                destination: destination.clone(),
                mode: *mode,
                accompanied_by: accompanied_by.clone(),
            },
            EventKind::RemovalExecuted {
                destination: Some(Destination::ReturnHub { hub }),
                accompanied_by,
                ..
            } => StepKind::PlaceInHub {
                hub: hub.clone(),
                accompanied_by: accompanied_by.clone(),
            },
            EventKind::RemovalExecuted {
                destination,
                mode,
                accompanied_by,
                ..
            } => StepKind::ExecuteRemoval {
                destination: destination.clone(),
                mode: *mode,
                accompanied_by: accompanied_by.clone(),
            },
            _ => return None,
        };
        Some(ProposedStep {
            date: self.date,
            by: self.by.clone(),
            legal_basis: self.legal_basis.clone(),
            rationale: self.rationale.clone(),
            kind,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ArrivalMode {
    SmallBoat,
    Lorry,
    Air,
    Land,
    Sea,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AsylumOutcome {
    Granted,
    Refused,
    Inadmissible,
    Withdrawn,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppealAgainst {
    AsylumDecision,
    ReturnDecision,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppealOutcome {
    Allowed,
    Dismissed,
    Withdrawn,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgeOutcome {
    Adult,
    Minor,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TraffickingStatus {
    /// Reasonable grounds to believe the person is a victim.
    Presumed,
    /// Identified as a victim (conclusive positive decision).
    Identified,
    /// Conclusive negative decision.
    NotIdentified,
}

/// Return Directive Art. 15(6): the only grounds for detention beyond the
/// initial period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExtensionGround {
    LackOfCooperation,
    DocumentationDelay,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewOutcome {
    DetentionUpheld,
    ReleaseOrdered,
}

/// Where a person is to be returned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Destination {
    CountryOfOrigin {
        country: Country,
    },
    ThirdCountry {
        country: Country,
    },
    /// A return hub; its host state comes from the case's `hubs`.
    ReturnHub {
        hub: String,
    },
}

/// A return hub in a third country.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hub {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub host_state: Country,
    pub capacity: u32,
    pub occupancy: u32,
    #[serde(default)]
    pub eligibility: HubEligibility,
}

/// Who a hub may receive, on top of the safeguards that always exclude
/// minors and vulnerable people.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HubEligibility {
    /// Sexes admitted; empty admits any.
    #[serde(default)]
    pub sexes: Vec<Sex>,
    /// Nationalities admitted (e.g. designated safe countries of origin);
    /// empty admits any.
    #[serde(default)]
    pub nationalities: Vec<Country>,
}

/// A destination where return exposes people to a real risk of serious
/// harm, checked ex officio on every removal step.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DestinationRisk {
    pub country: Country,
    pub reason: String,
    pub source: String,
}

/// The step someone proposes to take, with its date and the record every
/// transition must carry.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(try_from = "Map<String, Value>")]
pub struct ProposedStep {
    pub date: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_basis: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rationale: Option<String>,
    #[serde(flatten)]
    pub kind: StepKind,
}

impl TryFrom<Map<String, Value>> for ProposedStep {
    type Error = String;
    fn try_from(map: Map<String, Value>) -> Result<Self, String> {
        let (c, kind) = split_common::<StepKind>(map)?;
        Ok(ProposedStep {
            date: c.date,
            by: c.by,
            legal_basis: c.legal_basis,
            rationale: c.rationale,
            kind,
        })
    }
}

/// The steps the engine rules on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum StepKind {
    Detain {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        until: Option<NaiveDate>,
    },
    ExtendDetention {
        until: NaiveDate,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        ground: Option<ExtensionGround>,
    },
    ScheduleRemoval {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        destination: Option<Destination>,
        #[serde(default)]
        mode: RemovalMode,
        #[serde(default)]
        accompanied_by: Vec<String>,
    },
    ExecuteRemoval {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        destination: Option<Destination>,
        #[serde(default)]
        mode: RemovalMode,
        #[serde(default)]
        accompanied_by: Vec<String>,
    },
    /// Transfer to a return hub: a forced removal to the hub's host state.
    PlaceInHub {
        hub: String,
        #[serde(default)]
        accompanied_by: Vec<String>,
    },
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RemovalMode {
    #[default]
    Forced,
    Voluntary,
}

impl RemovalMode {
    pub fn is_forced(&self) -> bool {
        *self == RemovalMode::Forced
    }
}

impl StepKind {
    pub fn name(&self) -> &'static str {
        match self {
            StepKind::Detain { .. } => "detain",
            StepKind::ExtendDetention { .. } => "extend_detention",
            StepKind::ScheduleRemoval { .. } => "schedule_removal",
            StepKind::ExecuteRemoval { .. } => "execute_removal",
            StepKind::PlaceInHub { .. } => "place_in_hub",
        }
    }

    /// Steps that move the person out of the territory or prepare to.
    pub fn is_removal(&self) -> bool {
        !matches!(
            self,
            StepKind::Detain { .. } | StepKind::ExtendDetention { .. }
        )
    }

    /// Removal steps that do not rest on the person's consent.
    pub fn is_forced(&self) -> bool {
        match self {
            StepKind::ScheduleRemoval { mode, .. } | StepKind::ExecuteRemoval { mode, .. } => {
                *mode == RemovalMode::Forced
            }
            StepKind::PlaceInHub { .. } => true,
            _ => false,
        }
    }

    pub fn accompanied_by(&self) -> &[String] {
        match self {
            StepKind::ScheduleRemoval { accompanied_by, .. }
            | StepKind::ExecuteRemoval { accompanied_by, .. }
            | StepKind::PlaceInHub { accompanied_by, .. } => accompanied_by,
            _ => &[],
        }
    }
}
