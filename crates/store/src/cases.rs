//! Returns cases: return hubs, case files, their append-only events and
//! the record of transfers to states outside.
//!
//! Every event is validated (who, legal basis, rationale) and every step
//! the engine judges — a detention order or extension, a removal scheduled
//! or executed, a transfer to a hub — is checked by
//! `corridor_returns::check` on the case as stored at that moment, inside
//! the transaction that would write it, with the hubs' occupancy counted
//! from the stored cases on the step's date. A refused step writes nothing
//! and returns the engine's reasons. Every write appends its audit entry in
//! the same transaction, and an event row names its entry.

use std::collections::BTreeMap;

use chrono::{NaiveDate, Utc};
use corridor_returns::file::{
    engine_hubs, validate_event, CaseFile, CaseId, HubRecord, Identity, NewCase, RecordedEvent,
};
use corridor_returns::{check, DestinationRisk, Event, Jurisdiction, Person, Reason};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::seal::AtRestKey;
use crate::{AuditEntry, Result, StoreError};

/// Who writes: the audit entry of each write names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user: String,
    pub agency: String,
    pub purpose: String,
}

/// What a write did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    Added,
    /// The same content is already stored.
    Unchanged,
    /// A hub's description was replaced (its capacity changed).
    Replaced,
}

/// Why a case write was refused. Nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum CaseError {
    /// The safeguards engine blocks the step. `event` is its index among
    /// the events of the case being opened (`None` for one event).
    #[error("case {case}: the step is refused by the safeguards: {}", rules(.reasons))]
    Refused {
        case: String,
        event: Option<usize>,
        reasons: Vec<Reason>,
    },
    /// The case or event is not valid (a field named with its path).
    #[error("case {case}: {error}")]
    Invalid {
        case: String,
        error: corridor_returns::InputError,
    },
    #[error("case {0} is already stored with different content; a case file never changes: record further steps as events (`corridor cases event`)")]
    Conflict(String),
    #[error("no case {0}")]
    NotFound(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn rules(reasons: &[Reason]) -> String {
    reasons
        .iter()
        .map(|r| r.rule.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

impl From<rusqlite::Error> for CaseError {
    fn from(e: rusqlite::Error) -> Self {
        CaseError::Store(e.into())
    }
}

/// A release of a case's data to a state outside, as it is recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transfer {
    pub case: CaseId,
    /// `host_state`, `country_of_origin` or `third_country`.
    pub recipient_role: String,
    pub recipient_state: String,
    pub recipient_agency: Option<String>,
    pub legal_basis: String,
    /// The fields released, by name.
    pub fields: Vec<String>,
    pub body_sha256: String,
}

/// A recorded transfer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransferRecord {
    pub id: i64,
    pub at: String,
    pub by_user: String,
    pub audit_seq: i64,
    pub transfer: Transfer,
}

/// Writes to cases, in one transaction: nothing is kept until
/// [`CaseSession::commit`]; dropping the session rolls back.
pub trait CaseSession {
    /// Adds a hub, or replaces its description.
    fn put_hub(&mut self, hub: &HubRecord, actor: &Actor) -> Result<Written, CaseError>;
    /// Opens a case as the actor's agency, writing its events one by one in
    /// date order, each judged on the case as it stood before it.
    fn open_case(&mut self, case: &NewCase, actor: &Actor) -> Result<Written, CaseError>;
    /// Appends one event to a stored case, if the engine allows it.
    fn record_event(
        &mut self,
        case: &CaseId,
        event: &Event,
        actor: &Actor,
    ) -> Result<RecordedEvent, CaseError>;
    /// Records a release to a state outside; returns its id.
    fn record_transfer(&mut self, transfer: &Transfer, actor: &Actor) -> Result<i64, CaseError>;
    fn commit(self: Box<Self>) -> Result<()>;
}

/// The case file without its id, jurisdiction and events: the sealed part
/// of the `cases` row.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileBody {
    identity: Identity,
    person: Person,
    one_in_one_out: bool,
    destination_risks: Vec<DestinationRisk>,
}

pub(crate) struct SqliteCases<'a> {
    pub tx: Transaction<'a>,
    pub at_rest: Option<AtRestKey>,
    /// Every case, loaded when a step first needs the hubs' occupancy and
    /// kept up to date with this session's writes.
    pub cases: Option<BTreeMap<String, CaseFile>>,
}

fn sha256(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

fn now() -> String {
    Utc::now().to_rfc3339()
}

fn audit(tx: &Transaction<'_>, actor: &Actor, action: &str, target: &str) -> Result<i64> {
    crate::node::append_audit(
        tx,
        &AuditEntry {
            at: now(),
            user: actor.user.clone(),
            agency: actor.agency.clone(),
            action: action.to_owned(),
            purpose: actor.purpose.clone(),
            target: target.to_owned(),
            result: "ok".to_owned(),
        },
    )
}

/// A clear column and a sealed one: with the key, only the sealed is kept.
fn seal(
    key: Option<&AtRestKey>,
    aad: &str,
    plain: String,
) -> Result<(Option<String>, Option<Vec<u8>>)> {
    match key {
        Some(k) => Ok((None, Some(k.seal(aad, &plain)?))),
        None => Ok((Some(plain), None)),
    }
}

fn open(
    key: Option<&AtRestKey>,
    aad: &str,
    clear: Option<String>,
    sealed: Option<Vec<u8>>,
) -> Result<String> {
    match (clear, sealed, key) {
        (Some(text), _, _) => Ok(text),
        (None, Some(s), Some(k)) => k.open(aad, &s),
        (None, _, _) => Err(StoreError::Sealed { id: aad.to_owned() }),
    }
}

fn corrupt(id: &str, why: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt {
        id: id.to_owned(),
        why: why.to_string(),
    }
}

/// Where a case is kept: each agency names its cases in its own space, so
/// that one agency's case ids say nothing of another's (opening `C-1` when
/// another agency has a `C-1` opens a case of one's own, not a conflict
/// that would tell the caller the other exists). Agency codes hold no `/`.
pub(crate) fn stored_id(agency: &str, id: &str) -> String {
    format!("{agency}/{id}")
}

/// Whether `step` may take the person to a return hub: a removal step
/// naming a hub or, naming no destination, in a case whose return decision
/// names one.
fn may_reach_hub(case: &CaseFile, step: &corridor_returns::ProposedStep) -> bool {
    use corridor_returns::{Destination, EventKind, StepKind};
    let hub = |d: &Option<Destination>| matches!(d, Some(Destination::ReturnHub { .. }));
    match &step.kind {
        StepKind::PlaceInHub { .. } => true,
        StepKind::ScheduleRemoval { destination, .. }
        | StepKind::ExecuteRemoval { destination, .. } => {
            hub(destination)
                || (destination.is_none()
                    && case.events.iter().any(|r| {
                        matches!(&r.event.kind, EventKind::ReturnDecision { destination, .. } if hub(destination))
                    }))
        }
        _ => false,
    }
}

/// Reads one stored case.
pub(crate) fn read_case(
    conn: &Connection,
    key: Option<&AtRestKey>,
    id: &str,
) -> Result<Option<CaseFile>> {
    type Row = (
        String,
        String,
        Option<String>,
        Option<Vec<u8>>,
        String,
        String,
    );
    let row: Option<Row> = conn
        .prepare_cached(
            "SELECT agency, jurisdiction, file, sealed, opened_at, opened_by FROM cases WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
        })
        .optional()?;
    let Some((agency, jurisdiction, file, sealed, opened_at, opened_by)) = row else {
        return Ok(None);
    };
    let stored = id;
    let id = stored
        .strip_prefix(&agency)
        .and_then(|rest| rest.strip_prefix('/'))
        .ok_or_else(|| corrupt(stored, "a case kept outside its agency's space"))?;
    let body = open(key, &format!("case:{id}"), file, sealed)?;
    let body: FileBody = serde_json::from_str(&body).map_err(|e| corrupt(id, e))?;
    let jurisdiction: Jurisdiction =
        serde_json::from_value(serde_json::Value::String(jurisdiction))
            .map_err(|e| corrupt(id, e))?;
    Ok(Some(CaseFile {
        id: CaseId::new(id).map_err(|e| corrupt(id, e))?,
        agency,
        jurisdiction,
        identity: body.identity,
        person: body.person,
        one_in_one_out: body.one_in_one_out,
        destination_risks: body.destination_risks,
        opened_at,
        opened_by,
        events: read_events(conn, key, stored, id)?,
    }))
}

fn read_events(
    conn: &Connection,
    key: Option<&AtRestKey>,
    stored: &str,
    id: &str,
) -> Result<Vec<RecordedEvent>> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq, body, sealed, recorded_at, recorded_by, audit_seq FROM case_events
         WHERE case_id = ?1 ORDER BY seq",
    )?;
    let rows = stmt.query_map([stored], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, Option<String>>(1)?,
            r.get::<_, Option<Vec<u8>>>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, i64>(5)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (seq, body, sealed, recorded_at, recorded_by, audit_seq) = row?;
        let text = open(key, &format!("case:{id}#{seq}"), body, sealed)?;
        let event: Event = serde_json::from_str(&text).map_err(|e| corrupt(id, e))?;
        out.push(RecordedEvent {
            seq: seq as u32,
            recorded_at,
            recorded_by,
            audit_seq,
            event,
        });
    }
    Ok(out)
}

/// Every stored case, in id order.
pub(crate) fn read_cases(conn: &Connection, key: Option<&AtRestKey>) -> Result<Vec<CaseFile>> {
    let ids: Vec<String> = conn
        .prepare("SELECT id FROM cases ORDER BY id")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(c) = read_case(conn, key, &id)? {
            out.push(c);
        }
    }
    Ok(out)
}

pub(crate) fn read_hubs(conn: &Connection) -> Result<Vec<HubRecord>> {
    let mut stmt = conn.prepare_cached("SELECT id, body FROM return_hubs ORDER BY id")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (id, body) = row?;
        out.push(serde_json::from_str(&body).map_err(|e| corrupt(&id, e))?);
    }
    Ok(out)
}

pub(crate) fn read_transfers(conn: &Connection, case: &str) -> Result<Vec<TransferRecord>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, at, by_user, audit_seq, case_id, recipient_role, recipient_state,
                recipient_agency, legal_basis, fields, body_sha256
         FROM case_transfers WHERE case_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([case], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, i64>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
            r.get::<_, Option<String>>(7)?,
            r.get::<_, String>(8)?,
            r.get::<_, String>(9)?,
            r.get::<_, String>(10)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, at, by_user, audit_seq, case_id, role, state, agency, basis, fields, hash) = row?;
        out.push(TransferRecord {
            id,
            at,
            by_user,
            audit_seq,
            transfer: Transfer {
                case: CaseId::new(case_id.split_once('/').map_or(&case_id[..], |(_, id)| id))
                    .map_err(|e| corrupt(&case_id, e))?,
                recipient_role: role,
                recipient_state: state,
                recipient_agency: agency,
                legal_basis: basis,
                fields: serde_json::from_str(&fields).map_err(|e| corrupt(&case_id, e))?,
                body_sha256: hash,
            },
        });
    }
    Ok(out)
}

impl SqliteCases<'_> {
    fn key(&self) -> Option<&AtRestKey> {
        self.at_rest.as_ref()
    }

    /// Every case as this transaction sees it, loaded once.
    fn all(&mut self) -> Result<&mut BTreeMap<String, CaseFile>> {
        if self.cases.is_none() {
            let loaded = read_cases(&self.tx, self.at_rest.as_ref())?
                .into_iter()
                .map(|c| (stored_id(&c.agency, c.id.as_str()), c))
                .collect();
            self.cases = Some(loaded);
        }
        Ok(self.cases.as_mut().expect("just loaded"))
    }

    /// The engine's answer for `event` as the next event of `case`; `None`
    /// when the event is not a step the engine judges.
    fn judge(&mut self, case: &CaseFile, event: &Event) -> Result<Option<Vec<Reason>>> {
        let Some(step) = event.as_step() else {
            return Ok(None);
        };
        let hubs = read_hubs(&self.tx)?;
        let on: NaiveDate = event.date;
        // Counting a hub's occupancy reads every case: only for a step
        // that may take the person to a hub, where HUB_CAPACITY applies.
        let hubs = if may_reach_hub(case, &step) {
            let others = self.all()?;
            engine_hubs(
                &hubs,
                others
                    .values()
                    .filter(|c| c.id != case.id || c.agency != case.agency),
                on,
            )
        } else {
            engine_hubs(&hubs, std::iter::empty(), on)
        };
        let decision = check(&case.history(hubs), &step);
        Ok((!decision.allowed).then_some(decision.reasons))
    }

    /// Writes `event` as the next event of `case` (already judged).
    fn append(
        &mut self,
        case: &mut CaseFile,
        event: &Event,
        actor: &Actor,
    ) -> Result<RecordedEvent> {
        let seq = case.events.len() as u32 + 1;
        let id = case.id.as_str();
        let stored = stored_id(&case.agency, id);
        let audit_seq = audit(
            &self.tx,
            actor,
            "case_event",
            &format!("case {id} event {seq}"),
        )?;
        let body = serde_json::to_string(event).expect("an event always serialises");
        let (clear, sealed) = seal(self.key(), &format!("case:{id}#{seq}"), body)?;
        let recorded = RecordedEvent {
            seq,
            recorded_at: now(),
            recorded_by: actor.user.clone(),
            audit_seq,
            event: event.clone(),
        };
        self.tx
            .prepare_cached(
                "INSERT INTO case_events (case_id, seq, date, body, sealed, recorded_at, recorded_by, audit_seq)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                stored,
                seq,
                event.date.to_string(),
                clear,
                sealed,
                recorded.recorded_at,
                recorded.recorded_by,
                audit_seq
            ])?;
        case.events.push(recorded.clone());
        if let Some(all) = self.cases.as_mut() {
            all.insert(stored, case.clone());
        }
        Ok(recorded)
    }

    fn insert_file(&mut self, new: &NewCase, hash: &str, actor: &Actor) -> Result<CaseFile> {
        let id = new.id.as_str();
        audit(&self.tx, actor, "case_open", &format!("case {id}"))?;
        let body = FileBody {
            identity: new.identity.clone(),
            person: new.person.clone(),
            one_in_one_out: new.one_in_one_out,
            destination_risks: new.destination_risks.clone(),
        };
        let text = serde_json::to_string(&body).expect("a case file always serialises");
        let (clear, sealed) = seal(self.key(), &format!("case:{id}"), text)?;
        let jurisdiction = new.jurisdiction.profile().code;
        let opened_at = now();
        self.tx
            .prepare_cached(
                "INSERT INTO cases (id, agency, jurisdiction, content_hash, file, sealed, opened_at, opened_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                stored_id(&actor.agency, id),
                actor.agency,
                jurisdiction,
                hash,
                clear,
                sealed,
                opened_at,
                actor.user
            ])?;
        let file = CaseFile {
            id: new.id.clone(),
            agency: actor.agency.clone(),
            jurisdiction: new.jurisdiction,
            identity: body.identity,
            person: body.person,
            one_in_one_out: body.one_in_one_out,
            destination_risks: body.destination_risks,
            opened_at,
            opened_by: actor.user.clone(),
            events: Vec::new(),
        };
        if let Some(all) = self.cases.as_mut() {
            all.insert(stored_id(&actor.agency, id), file.clone());
        }
        Ok(file)
    }
}

impl SqliteCases<'_> {
    /// The case row, then its events in date order (same-day events in the
    /// order given), each judged on the history before it, as it would have
    /// been when it was taken.
    fn write_case(
        &mut self,
        new: &NewCase,
        hash: &str,
        actor: &Actor,
    ) -> Result<Written, CaseError> {
        let mut file = self.insert_file(new, hash, actor)?;
        let mut order: Vec<usize> = (0..new.events.len()).collect();
        order.sort_by_key(|&i| new.events[i].date);
        for i in order {
            let event = &new.events[i];
            if let Some(reasons) = self.judge(&file, event)? {
                return Err(CaseError::Refused {
                    case: new.id.to_string(),
                    event: Some(i),
                    reasons,
                });
            }
            self.append(&mut file, event, actor)?;
        }
        Ok(Written::Added)
    }
}

impl crate::CaseSession for SqliteCases<'_> {
    fn put_hub(&mut self, hub: &HubRecord, actor: &Actor) -> Result<Written, CaseError> {
        hub.validate().map_err(|error| CaseError::Invalid {
            case: format!("hub {}", hub.id),
            error,
        })?;
        let body = hub.canonical();
        let stored: Option<String> = self
            .tx
            .prepare_cached("SELECT body FROM return_hubs WHERE id = ?1")?
            .query_row([&hub.id], |r| r.get(0))
            .optional()?;
        let written = match stored {
            Some(b) if b == body => return Ok(Written::Unchanged),
            Some(_) => Written::Replaced,
            None => Written::Added,
        };
        audit(&self.tx, actor, "hub_put", &format!("hub {}", hub.id))?;
        self.tx.execute(
            "INSERT INTO return_hubs (id, body, created_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (id) DO UPDATE SET body = excluded.body",
            params![hub.id, body, now()],
        )?;
        Ok(written)
    }

    fn open_case(&mut self, new: &NewCase, actor: &Actor) -> Result<Written, CaseError> {
        let id = new.id.to_string();
        new.validate().map_err(|error| CaseError::Invalid {
            case: id.clone(),
            error,
        })?;
        let hash = sha256(&new.canonical());
        let stored: Option<String> = self
            .tx
            .prepare_cached("SELECT content_hash FROM cases WHERE id = ?1")?
            .query_row([stored_id(&actor.agency, &id)], |r| r.get(0))
            .optional()?;
        match stored {
            Some(h) if h == hash => return Ok(Written::Unchanged),
            Some(_) => return Err(CaseError::Conflict(id)),
            None => {}
        }
        // A case is written whole or not at all, even inside a larger
        // import that goes on to report the next lines' problems.
        self.tx.execute_batch("SAVEPOINT open_case")?;
        let opened = self.write_case(new, &hash, actor);
        if opened.is_err() {
            self.tx
                .execute_batch("ROLLBACK TO open_case; RELEASE open_case")?;
            if let Some(all) = self.cases.as_mut() {
                all.remove(&stored_id(&actor.agency, &id));
            }
        } else {
            self.tx.execute_batch("RELEASE open_case")?;
        }
        opened
    }

    fn record_event(
        &mut self,
        case: &CaseId,
        event: &Event,
        actor: &Actor,
    ) -> Result<RecordedEvent, CaseError> {
        let stored = stored_id(&actor.agency, case.as_str());
        let Some(mut file) = read_case(&self.tx, self.key(), &stored)? else {
            return Err(CaseError::NotFound(case.to_string()));
        };
        validate_event(&file.person, event, "event").map_err(|error| CaseError::Invalid {
            case: case.to_string(),
            error,
        })?;
        if let Some(reasons) = self.judge(&file, event)? {
            return Err(CaseError::Refused {
                case: case.to_string(),
                event: None,
                reasons,
            });
        }
        Ok(self.append(&mut file, event, actor)?)
    }

    fn record_transfer(&mut self, t: &Transfer, actor: &Actor) -> Result<i64, CaseError> {
        if t.legal_basis.trim().is_empty() {
            return Err(CaseError::Invalid {
                case: t.case.to_string(),
                error: corridor_returns::InputError::Invalid {
                    path: "legal_basis".into(),
                    message: "a transfer to a state outside needs its legal basis".into(),
                },
            });
        }
        let stored = stored_id(&actor.agency, t.case.as_str());
        let exists: bool = self.tx.query_row(
            "SELECT count(*) > 0 FROM cases WHERE id = ?1",
            [&stored],
            |r| r.get(0),
        )?;
        if !exists {
            return Err(CaseError::NotFound(t.case.to_string()));
        }
        let next: i64 = self.tx.query_row(
            "SELECT coalesce(max(id), 0) + 1 FROM case_transfers",
            [],
            |r| r.get(0),
        )?;
        let target = format!(
            "case {} transfer {next} to {} {}",
            t.case, t.recipient_role, t.recipient_state
        );
        let audit_seq = audit(&self.tx, actor, "case_release", &target)?;
        self.tx.execute(
            "INSERT INTO case_transfers (id, case_id, at, by_user, recipient_role, recipient_state,
                 recipient_agency, legal_basis, fields, body_sha256, audit_seq)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                next,
                stored,
                now(),
                actor.user,
                t.recipient_role,
                t.recipient_state,
                t.recipient_agency,
                t.legal_basis,
                serde_json::to_string(&t.fields).expect("strings serialise"),
                t.body_sha256,
                audit_seq
            ],
        )?;
        Ok(next)
    }

    fn commit(self: Box<Self>) -> Result<()> {
        self.tx.commit()?;
        Ok(())
    }
}
