//! A returns case as the node keeps it, the *case file*: the identity a
//! return needs, the person's attributes as the engine reads them, and the
//! dated events, each recorded with who wrote it, when, and its audit
//! entry. Also the return hubs the node knows, the JSON Lines format
//! `corridor cases import` reads, and the checks every event passes before
//! it is written (who took the step, on what legal basis and why).
//!
//! Everything here is plain data and validation; storing it is the store's
//! job, and deciding what of it leaves the node is `share`'s.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::case::{
    CaseHistory, Country, DestinationRisk, Event, EventKind, Hub, HubEligibility, Person,
    ReturnDocument,
};
use crate::error::InputError;
use crate::profile::Jurisdiction;

/// An id a person types and other records cite: a case, a hub, an
/// operation. 1 to 64 letters, digits, `-`, `_`, `.` or `/`, starting with
/// a letter or digit. Kept this narrow so that no free text (a name, a
/// ground of appeal) can travel in one.
fn check_reference(text: &str) -> Result<(), String> {
    let ok = !text.is_empty()
        && text.len() <= 64
        && text.starts_with(|c: char| c.is_ascii_alphanumeric())
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "expected 1 to 64 letters, digits, - _ . or /, starting with a letter or digit, found {text:?}"
        ))
    }
}

/// A case's id.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CaseId(String);

impl CaseId {
    pub fn new(text: &str) -> Result<CaseId, String> {
        check_reference(text)?;
        Ok(CaseId(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for CaseId {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        CaseId::new(&s)
    }
}

impl From<CaseId> for String {
    fn from(c: CaseId) -> String {
        c.0
    }
}

impl std::fmt::Display for CaseId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Who the person is, as far as a return needs it: names and the document
/// they hold. Date of birth and nationality are the person's (`person`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Identity {
    pub given_names: String,
    pub family_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<ReturnDocument>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A case as it is opened: a line of `corridor cases import`, the file of
/// `corridor cases open`, the body of `POST /v1/cases`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewCase {
    pub id: CaseId,
    pub jurisdiction: Jurisdiction,
    pub identity: Identity,
    pub person: Person,
    /// The arrival is handled under the UK–France "one in, one out"
    /// arrangement: its referral, answer and removal deadlines apply.
    #[serde(default, skip_serializing_if = "is_false")]
    pub one_in_one_out: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub destination_risks: Vec<DestinationRisk>,
    /// The history so far, in any order; each event is checked as it is
    /// written, in date order.
    #[serde(default)]
    pub events: Vec<Event>,
}

impl NewCase {
    /// Reads and validates one case (JSON), naming the field on error.
    pub fn from_json(input: &str) -> Result<NewCase, InputError> {
        let case: NewCase = crate::parse(input)?;
        case.validate()?;
        Ok(case)
    }

    /// What serde cannot check: names given, court orders naming known
    /// rules, and every event recording who, on what basis and why.
    pub fn validate(&self) -> Result<(), InputError> {
        for (field, value) in [
            ("identity.given_names", &self.identity.given_names),
            ("identity.family_name", &self.identity.family_name),
        ] {
            if value.trim().is_empty() || value.chars().count() > 200 {
                return Err(invalid(field, "expected 1 to 200 characters"));
            }
        }
        if let Some(d) = &self.identity.document {
            check_document(d, "identity.document")?;
        }
        let mut ids = std::collections::BTreeSet::new();
        for (i, m) in self.person.family_members.iter().enumerate() {
            let path = format!("person.family_members[{i}].id");
            check_reference(&m.id).map_err(|e| invalid(&path, &e))?;
            if !ids.insert(m.id.as_str()) {
                return Err(invalid(&path, &format!("{:?} appears twice", m.id)));
            }
        }
        crate::validate_court_orders(&self.events, "events")?;
        for (i, e) in self.events.iter().enumerate() {
            validate_event(&self.person, e, &format!("events[{i}]"))?;
        }
        Ok(())
    }

    /// The case as it will read once opened by `agency`, every event
    /// recorded by `by` — without judging any step: the store judges them
    /// when it writes the case. For what-ifs and tests.
    pub fn as_file(&self, agency: &str, by: &str) -> CaseFile {
        CaseFile {
            id: self.id.clone(),
            agency: agency.to_owned(),
            jurisdiction: self.jurisdiction,
            identity: self.identity.clone(),
            person: self.person.clone(),
            one_in_one_out: self.one_in_one_out,
            destination_risks: self.destination_risks.clone(),
            opened_at: String::new(),
            opened_by: by.to_owned(),
            events: self
                .events
                .iter()
                .enumerate()
                .map(|(i, e)| RecordedEvent {
                    seq: i as u32 + 1,
                    recorded_at: String::new(),
                    recorded_by: by.to_owned(),
                    audit_seq: 0,
                    event: e.clone(),
                })
                .collect(),
        }
    }

    /// The case's canonical form: the same content always gives the same
    /// text, whatever the order fields were written in.
    pub fn canonical(&self) -> String {
        serde_json::to_string(self).expect("a case always serialises")
    }
}

fn invalid(path: &str, message: &str) -> InputError {
    InputError::Invalid {
        path: path.to_owned(),
        message: message.to_owned(),
    }
}

fn check_document(d: &ReturnDocument, path: &str) -> Result<(), InputError> {
    let ok = !d.number.is_empty()
        && d.number.len() <= 30
        && d.number
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '<');
    if ok {
        Ok(())
    } else {
        Err(invalid(
            &format!("{path}.number"),
            &format!(
                "expected 1 to 30 letters, digits, - or <, found {:?}",
                d.number
            ),
        ))
    }
}

/// Reads one event (JSON), naming the field on error; validate it with
/// [`validate_event`] against the case it is for.
pub fn event_from_json(input: &str) -> Result<Event, InputError> {
    crate::parse(input)
}

/// Checks one event before it is written: `by`, `legal_basis` and
/// `rationale` given (every transition records them), references well
/// formed, family members known, court orders naming known rules.
pub fn validate_event(person: &Person, e: &Event, path: &str) -> Result<(), InputError> {
    for (field, value) in [
        ("by", &e.by),
        ("legal_basis", &e.legal_basis),
        ("rationale", &e.rationale),
    ] {
        if value.as_deref().is_none_or(|v| v.trim().is_empty()) {
            return Err(invalid(
                &format!("{path}.{field}"),
                "missing: every step of a case records who took it (`by`), on what legal basis \
                 (`legal_basis`) and why (`rationale`)",
            ));
        }
    }
    crate::validate_court_orders(std::slice::from_ref(e), path).map_err(|err| match err {
        InputError::Invalid { path: p, message } => InputError::Invalid {
            path: p.replacen(&format!("{path}[0]"), path, 1),
            message,
        },
        other => other,
    })?;
    match &e.kind {
        EventKind::RemovalScheduled {
            operation,
            accompanied_by,
            ..
        }
        | EventKind::RemovalExecuted {
            operation,
            accompanied_by,
            ..
        } => {
            if let Some(op) = operation {
                check_reference(op).map_err(|m| invalid(&format!("{path}.operation"), &m))?;
            }
            for (j, id) in accompanied_by.iter().enumerate() {
                if !person.family_members.iter().any(|m| &m.id == id) {
                    return Err(invalid(
                        &format!("{path}.accompanied_by[{j}]"),
                        &format!("{id:?} is not the id of one of person.family_members"),
                    ));
                }
            }
        }
        EventKind::TravelDocumentObtained {
            document: Some(d), ..
        } => check_document(d, &format!("{path}.document"))?,
        _ => {}
    }
    Ok(())
}

/// A stored event: its place in the case (from 1), who wrote it and when,
/// the audit entry written with it, and the event.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RecordedEvent {
    pub seq: u32,
    pub recorded_at: String,
    pub recorded_by: String,
    pub audit_seq: i64,
    pub event: Event,
}

/// A stored case.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CaseFile {
    pub id: CaseId,
    /// The agency whose case it is: only its case officers read it.
    pub agency: String,
    pub jurisdiction: Jurisdiction,
    pub identity: Identity,
    pub person: Person,
    pub one_in_one_out: bool,
    pub destination_risks: Vec<DestinationRisk>,
    pub opened_at: String,
    pub opened_by: String,
    /// In the order they were written.
    pub events: Vec<RecordedEvent>,
}

impl CaseFile {
    /// The events, in the order they were written.
    pub fn events(&self) -> Vec<Event> {
        self.events.iter().map(|r| r.event.clone()).collect()
    }

    /// The case as the engine reads it, with the hubs a step may name.
    pub fn history(&self, hubs: Vec<Hub>) -> CaseHistory {
        CaseHistory {
            jurisdiction: self.jurisdiction,
            person: self.person.clone(),
            events: self.events(),
            destination_risks: self.destination_risks.clone(),
            hubs,
        }
    }

    fn known_by(&self, on: NaiveDate) -> impl Iterator<Item = &Event> {
        self.events
            .iter()
            .map(|r| &r.event)
            .filter(move |e| e.date <= on)
    }

    /// The nationality established by the latest identification, else the
    /// one recorded.
    pub fn nationality(&self, on: NaiveDate) -> Option<&Country> {
        self.known_by(on)
            .filter_map(|e| match &e.kind {
                EventKind::Identification { nationality } => nationality.as_ref(),
                _ => None,
            })
            .last()
            .or(self.person.nationality.as_ref())
    }

    /// The document for the return: the latest one obtained for it, else
    /// the one the person holds.
    pub fn return_document(&self, on: NaiveDate) -> Option<&ReturnDocument> {
        self.known_by(on)
            .filter_map(|e| match &e.kind {
                EventKind::TravelDocumentObtained { document, .. } => document.as_ref(),
                _ => None,
            })
            .last()
            .or(self.identity.document.as_ref())
    }
}

/// A return hub as the node keeps it. Its occupancy is never typed in: it
/// is counted from the cases placed there on the day in question, plus
/// `other_occupants` (people there whose cases this node does not hold).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HubRecord {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub host_state: Country,
    pub capacity: u32,
    #[serde(default)]
    pub other_occupants: u32,
    #[serde(default)]
    pub eligibility: HubEligibility,
}

impl HubRecord {
    pub fn validate(&self) -> Result<(), InputError> {
        check_reference(&self.id).map_err(|m| invalid("id", &m))?;
        if self.capacity == 0 {
            return Err(invalid("capacity", "a hub has at least one place"));
        }
        Ok(())
    }

    /// The canonical form, for "already stored" and "conflict".
    pub fn canonical(&self) -> String {
        serde_json::to_string(self).expect("a hub always serialises")
    }
}

/// The hubs as the engine sees them at the end of `on`: each with its
/// occupancy counted from `cases` (every case but the one being judged).
pub fn engine_hubs<'a>(
    hubs: &[HubRecord],
    cases: impl Iterator<Item = &'a CaseFile>,
    on: NaiveDate,
) -> Vec<Hub> {
    let mut occupied: std::collections::BTreeMap<String, u32> = Default::default();
    for case in cases {
        let events = case.events.iter().map(|r| &r.event);
        if let Some((hub, _)) = crate::hubs::current_stay(events, on) {
            *occupied.entry(hub).or_default() += 1;
        }
    }
    hubs.iter()
        .map(|h| Hub {
            id: h.id.clone(),
            name: h.name.clone(),
            host_state: h.host_state.clone(),
            capacity: h.capacity,
            occupancy: h.other_occupants + occupied.get(&h.id).copied().unwrap_or(0),
            eligibility: h.eligibility.clone(),
        })
        .collect()
}

/// One line of a cases file.
#[derive(Debug, Clone)]
pub enum CaseLine {
    Hub(HubRecord),
    Case(Box<NewCase>),
}

/// A problem on one line of a cases file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineProblem {
    pub line: usize,
    pub error: InputError,
}

impl std::fmt::Display for LineProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.line, self.error)
    }
}

/// Reads a cases file (JSON Lines: one `{"type": "hub", …}` or
/// `{"type": "case", …}` a line; blank lines are skipped). Returns every
/// valid line and every problem, each with its line number, so that a
/// file is refused with all its problems at once.
pub fn read_jsonl(text: &str) -> (Vec<(usize, CaseLine)>, Vec<LineProblem>) {
    let mut lines = Vec::new();
    let mut problems = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match read_line(line) {
            Ok(l) => lines.push((i + 1, l)),
            Err(error) => problems.push(LineProblem { line: i + 1, error }),
        }
    }
    (lines, problems)
}

fn read_line(line: &str) -> Result<CaseLine, InputError> {
    let mut map: Map<String, Value> = crate::parse(line)?;
    let kind = match map.remove("type") {
        Some(Value::String(k)) => k,
        _ => {
            return Err(InputError::Format {
                path: "type".into(),
                message: "expected \"hub\" or \"case\"".into(),
            })
        }
    };
    let rest = Value::Object(map).to_string();
    match kind.as_str() {
        "hub" => {
            let hub: HubRecord = crate::parse(&rest)?;
            hub.validate()?;
            Ok(CaseLine::Hub(hub))
        }
        "case" => Ok(CaseLine::Case(Box::new(NewCase::from_json(&rest)?))),
        other => Err(InputError::Format {
            path: "type".into(),
            message: format!("expected \"hub\" or \"case\", found {other:?}"),
        }),
    }
}
