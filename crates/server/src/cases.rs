//! The returns cases of the API: list and read cases, open one, record a
//! step (422 with the safeguards' reasons when one blocks it), and release
//! the minimum of a case to a state taking part in its return. `share`
//! decides who acts on a case (case officers of its agency) and what a
//! state receives; the store judges every step as it writes it and audits
//! the write in the same transaction. The operations are in
//! `api::OPERATIONS` with the others.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use chrono::NaiveDate;
use corridor_returns::caseload::{caseload, Filter};
use corridor_returns::file::{validate_event, CaseFile, CaseId, NewCase};
use corridor_returns::overview::{overview, Stage};
use corridor_returns::InputError;
use corridor_share::{release_case, Action, Caller, Policy, Purpose, Recipient};
use corridor_store::{Actor, CaseError, SqliteStore, Store, Transfer, Written};
use serde::Deserialize;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::api::{audit, permit};
use crate::{ApiError, Node};

fn actor(caller: &Caller, purpose: &Purpose) -> Actor {
    Actor {
        user: caller.user.clone(),
        agency: caller.agency.to_string(),
        purpose: purpose.as_str().to_owned(),
    }
}

/// The one answer for "no such case" and "another agency's case".
fn no_case(id: &str) -> ApiError {
    ApiError::NotFound(format!("no case {id} that your agency may see"))
}

/// The `?as_of=` of a request, or what was wrong with its query.
fn as_of_query(
    query: Result<Query<AsOf>, axum::extract::rejection::QueryRejection>,
) -> Result<AsOf, ApiError> {
    query
        .map(|Query(q)| q)
        .map_err(|e| ApiError::bad_request(format!("{e}; expected ?as_of=YYYY-MM-DD")))
}

/// The cases of `everyone` the caller's agency may take `action` on.
fn own_cases(
    policy: &Policy,
    caller: &Caller,
    action: Action,
    everyone: &[CaseFile],
) -> Vec<CaseFile> {
    everyone
        .iter()
        .filter(|c| policy.case_access(caller, action, &c.agency).is_ok())
        .cloned()
        .collect()
}

/// A case input error: malformed or mistyped JSON is 400, a well-formed
/// but inconsistent case 422, as for reports.
fn input_error(e: InputError) -> ApiError {
    match e {
        InputError::Format { .. } => {
            ApiError::bad_request(format!("{e}; docs/returns.md describes the fields"))
        }
        InputError::Invalid { .. } => ApiError::Invalid {
            message: e.to_string(),
            details: Vec::new(),
        },
    }
}

/// A store refusal as the caller sees it.
fn case_error(e: CaseError) -> ApiError {
    match e {
        CaseError::Refused { reasons, event, .. } => ApiError::Refused {
            message: match event {
                Some(i) => format!("events[{i}] is refused by the safeguards; nothing was stored"),
                None => "the step is refused by the safeguards; nothing was recorded".into(),
            },
            reasons,
        },
        CaseError::Invalid { error, .. } => input_error(error),
        CaseError::Conflict(_) => ApiError::Conflict(e.to_string()),
        CaseError::NotFound(id) => no_case(&id),
        CaseError::Store(s) => s.into(),
    }
}

/// The audit's word for a refused write.
fn outcome(e: &CaseError) -> &'static str {
    match e {
        CaseError::Refused { .. } => "refused",
        CaseError::Conflict(_) => "conflict",
        CaseError::NotFound(_) => "not_found",
        CaseError::Invalid { .. } => "invalid",
        CaseError::Store(_) => "error",
    }
}

/// The role check, then the case if the caller's agency may act on it;
/// an absent case and another agency's are audited and answered alike.
fn case_for(
    store: &mut SqliteStore,
    policy: &Policy,
    caller: &Caller,
    purpose: &Purpose,
    action: Action,
    id: &str,
) -> Result<CaseFile, ApiError> {
    permit(store, policy, caller, purpose, action, id)?;
    let found = store.case(caller.agency.as_str(), id)?;
    let (result, answer) = match found {
        None => ("not_found", Err(no_case(id))),
        Some(c) if policy.case_access(caller, action, &c.agency).is_err() => {
            ("denied", Err(no_case(id)))
        }
        Some(c) => return Ok(c),
    };
    audit(
        store,
        caller,
        purpose,
        action,
        &format!("case {id}"),
        result,
    )?;
    answer
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CasesQuery {
    stage: Option<String>,
    deadline_within: Option<i64>,
    hub: Option<String>,
    as_of: Option<String>,
}

fn date(text: Option<&str>, name: &str) -> Result<NaiveDate, ApiError> {
    match text {
        None => Ok(chrono::Utc::now().date_naive()),
        Some(t) => t
            .parse()
            .map_err(|_| ApiError::bad_request(format!("{name} must be a date YYYY-MM-DD"))),
    }
}

pub async fn list(
    State(node): State<Arc<Node>>,
    Extension(caller): Extension<Caller>,
    Extension(purpose): Extension<Purpose>,
    query: Result<Query<CasesQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let Query(q) = query.map_err(|e| {
        ApiError::bad_request(format!(
            "{e}; expected ?stage=S&deadline_within=DAYS&hub=H&as_of=YYYY-MM-DD"
        ))
    })?;
    let stage = q
        .stage
        .as_deref()
        .map(Stage::parse)
        .transpose()
        .map_err(|e| ApiError::bad_request(format!("stage: {e}")))?;
    if q.deadline_within.is_some_and(|d| !(0..=3660).contains(&d)) {
        return Err(ApiError::bad_request(
            "deadline_within must be 0 to 3660 days",
        ));
    }
    let as_of = date(q.as_of.as_deref(), "as_of")?;
    let filter = Filter {
        stage,
        deadline_within: q.deadline_within,
        hub: q.hub,
    };
    node.with_store(move |store, policy| {
        permit(store, policy, &caller, &purpose, Action::ReadCase, "cases")?;
        let everyone = store.cases()?;
        let own = own_cases(policy, &caller, Action::ReadCase, &everyone);
        let hubs = store.hubs()?;
        let load = caseload(&own, &everyone, &hubs, &filter, as_of)
            .map_err(|e| ApiError::Internal(e.to_string()))?;
        let result = format!("ok {}", load.cases.len());
        audit(store, &caller, &purpose, Action::ReadCase, "cases", &result)?;
        json_of(&load)
    })
    .await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AsOf {
    as_of: Option<String>,
}

pub async fn read(
    State(node): State<Arc<Node>>,
    Extension(caller): Extension<Caller>,
    Extension(purpose): Extension<Purpose>,
    Path(id): Path<String>,
    query: Result<Query<AsOf>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let q = as_of_query(query)?;
    let as_of = date(q.as_of.as_deref(), "as_of")?;
    node.with_store_now(move |store, policy| {
        let case = case_for(store, policy, &caller, &purpose, Action::ReadCase, &id)?;
        let o = overview(&case.history(Vec::new()), case.one_in_one_out, as_of);
        let transfers: Vec<Value> = store
            .transfers(&case.agency, &id)?
            .into_iter()
            .map(|t| {
                json!({"id": t.id, "at": t.at, "by": t.by_user,
                       "recipient_role": t.transfer.recipient_role,
                       "recipient_state": t.transfer.recipient_state,
                       "recipient_agency": t.transfer.recipient_agency,
                       "legal_basis": t.transfer.legal_basis, "fields": t.transfer.fields})
            })
            .collect();
        audit(
            store,
            &caller,
            &purpose,
            Action::ReadCase,
            &format!("case {id}"),
            "ok",
        )?;
        Ok(Json(
            json!({"case": case, "overview": o, "transfers": transfers}),
        ))
    })
}

pub async fn create(
    State(node): State<Arc<Node>>,
    Extension(caller): Extension<Caller>,
    Extension(purpose): Extension<Purpose>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let text = utf8(&body)?;
    let case = NewCase::from_json(text).map_err(input_error)?;
    node.with_store_now(move |store, policy| {
        let target = format!("case {}", case.id);
        permit(store, policy, &caller, &purpose, Action::WriteCase, &target)?;
        let mut session = store.cases_session()?;
        let written = session.open_case(&case, &actor(&caller, &purpose));
        let written = match written {
            Ok(w) => w,
            Err(e) => {
                drop(session);
                audit(
                    store,
                    &caller,
                    &purpose,
                    Action::WriteCase,
                    &target,
                    outcome(&e),
                )?;
                return Err(case_error(e));
            }
        };
        session.commit()?;
        let (status, stored) = match written {
            Written::Unchanged => (StatusCode::OK, "unchanged"),
            _ => (StatusCode::CREATED, "ok"),
        };
        Ok((
            status,
            Json(json!({"id": case.id, "stored": stored, "events": case.events.len()})),
        )
            .into_response())
    })
}

pub async fn record(
    State(node): State<Arc<Node>>,
    Extension(caller): Extension<Caller>,
    Extension(purpose): Extension<Purpose>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let text = utf8(&body)?;
    let event = corridor_returns::file::event_from_json(text).map_err(input_error)?;
    node.with_store_now(move |store, policy| {
        let case = case_for(store, policy, &caller, &purpose, Action::WriteCase, &id)?;
        validate_event(&case.person, &event, "body").map_err(input_error)?;
        let case_id = CaseId::new(&id).map_err(ApiError::bad_request)?;
        let mut session = store.cases_session()?;
        match session.record_event(&case_id, &event, &actor(&caller, &purpose)) {
            Ok(recorded) => {
                session.commit()?;
                Ok((
                    StatusCode::CREATED,
                    Json(
                        json!({"case": id, "seq": recorded.seq, "kind": event.kind.name(),
                                "date": event.date, "audit_seq": recorded.audit_seq}),
                    ),
                )
                    .into_response())
            }
            Err(e) => {
                drop(session);
                let target = format!("case {id}");
                audit(
                    store,
                    &caller,
                    &purpose,
                    Action::WriteCase,
                    &target,
                    outcome(&e),
                )?;
                Err(case_error(e))
            }
        }
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReleaseRequest {
    /// `host_state`, `country_of_origin`, or an agency code.
    to: String,
    legal_basis: String,
    on: Option<String>,
}

fn recipient(store: &SqliteStore, to: &str) -> Result<Recipient, ApiError> {
    match to {
        "host_state" => return Ok(Recipient::HostState),
        "country_of_origin" => return Ok(Recipient::CountryOfOrigin),
        _ => {}
    }
    let code = corridor_model::AgencyCode::parse(to).map_err(|e| {
        ApiError::bad_request(format!(
            "to: expected host_state, country_of_origin or an agency code: {e}"
        ))
    })?;
    let state = store
        .agencies()?
        .into_iter()
        .find(|a| a.code == code.as_str())
        .and_then(|a| a.country)
        .and_then(|c| corridor_returns::Country::new(&c).ok())
        .ok_or_else(|| {
            ApiError::bad_request(format!(
                "to: {to} is not the agency of a state in this node's directory"
            ))
        })?;
    Ok(Recipient::Agency { code, state })
}

pub async fn release(
    State(node): State<Arc<Node>>,
    Extension(caller): Extension<Caller>,
    Extension(purpose): Extension<Purpose>,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let req: ReleaseRequest = serde_json::from_slice(&bytes).map_err(|e| {
        ApiError::bad_request(format!("the body is not {{to, legal_basis, on?}}: {e}"))
    })?;
    let on = date(req.on.as_deref(), "on")?;
    node.with_store_now(move |store, policy| {
        let case = case_for(store, policy, &caller, &purpose, Action::ReleaseCase, &id)?;
        let to = recipient(store, &req.to)?;
        let hubs = store.hubs()?;
        let target = format!("case {id}");
        let release = match release_case(&case, &hubs, &to, &req.legal_basis, on) {
            Ok(r) => r,
            Err(why) => {
                audit(
                    store,
                    &caller,
                    &purpose,
                    Action::ReleaseCase,
                    &target,
                    "refused",
                )?;
                return Err(ApiError::Refused {
                    message: format!("release refused: {why}"),
                    reasons: Vec::new(),
                });
            }
        };
        let body = serde_json::to_value(&release).map_err(|e| ApiError::Internal(e.to_string()))?;
        let transfer = Transfer {
            case: case.id.clone(),
            recipient_role: release.recipient.role.as_str().to_owned(),
            recipient_state: release.recipient.state.to_string(),
            recipient_agency: release.recipient.agency.clone(),
            legal_basis: req.legal_basis.trim().to_owned(),
            fields: release.fields().iter().map(|f| (*f).to_owned()).collect(),
            body_sha256: hex::encode(Sha256::digest(body.to_string().as_bytes())),
        };
        let mut session = store.cases_session()?;
        let transfer_id = session
            .record_transfer(&transfer, &actor(&caller, &purpose))
            .map_err(case_error)?;
        session.commit()?;
        let mut shown = json!({"transfer": transfer_id});
        if let (Some(m), Value::Object(b)) = (shown.as_object_mut(), body) {
            m.extend(b);
        }
        Ok((StatusCode::CREATED, Json(shown)).into_response())
    })
}

fn utf8(body: &Bytes) -> Result<&str, ApiError> {
    std::str::from_utf8(body).map_err(|_| ApiError::bad_request("the body is not UTF-8 text"))
}

fn json_of<T: serde::Serialize>(value: &T) -> Result<Json<Value>, ApiError> {
    Ok(Json(
        serde_json::to_value(value).map_err(|e| ApiError::Internal(e.to_string()))?,
    ))
}

/// The what-if checker of `corridor cases check`: a case history (the
/// person's attributes and dated events) with a proposed step in, the
/// engine's `{"allowed", "reasons"}` out — the same engine as every stored
/// step. Nothing is read from or written to the cases; the call is audited.
pub async fn check(
    State(node): State<Arc<Node>>,
    Extension(caller): Extension<Caller>,
    Extension(purpose): Extension<Purpose>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    node.with_store(move |store, policy| {
        permit(
            store,
            policy,
            &caller,
            &purpose,
            Action::ReadCase,
            "what-if check",
        )?;
        let decision = corridor_returns::check_json(utf8(&body)?).map_err(input_error)?;
        let result = if decision.allowed {
            "ok allowed"
        } else {
            "ok refused"
        };
        audit(
            store,
            &caller,
            &purpose,
            Action::ReadCase,
            "what-if check",
            result,
        )?;
        json_of(&decision)
    })
    .await
}

/// The "one in, one out" ledger of `corridor cases ledger`: the dated
/// events per person in, deadlines, alerts and the balance out, as of
/// `?as_of=` (else the ledger's own date, else today).
pub async fn ledger(
    State(node): State<Arc<Node>>,
    Extension(caller): Extension<Caller>,
    Extension(purpose): Extension<Purpose>,
    query: Result<Query<AsOf>, axum::extract::rejection::QueryRejection>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    use corridor_returns::one_in_one_out::{report, Ledger};
    let q = as_of_query(query)?;
    let as_of = q
        .as_of
        .as_deref()
        .map(|d| date(Some(d), "as_of"))
        .transpose()?;
    node.with_store(move |store, policy| {
        permit(store, policy, &caller, &purpose, Action::ReadCase, "ledger")?;
        let ledger = Ledger::from_json(utf8(&body)?).map_err(input_error)?;
        let on = as_of
            .or(ledger.as_of)
            .unwrap_or_else(|| chrono::Utc::now().date_naive());
        let out = report(&ledger, on);
        audit(store, &caller, &purpose, Action::ReadCase, "ledger", "ok")?;
        json_of(&out)
    })
    .await
}

/// Hub placements proposed for the caller's agency's stored cases awaiting
/// removal, as `corridor cases propose`: within each hub's capacity (its
/// occupancy counted from every stored case), every proposal allowed by
/// the engine with the given record (`{"by", "legal_basis", "rationale"}`
/// of whoever would take the steps). Nothing is placed.
pub async fn proposals(
    State(node): State<Arc<Node>>,
    Extension(caller): Extension<Caller>,
    Extension(purpose): Extension<Purpose>,
    query: Result<Query<AsOf>, axum::extract::rejection::QueryRejection>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let q = as_of_query(query)?;
    let as_of = date(q.as_of.as_deref(), "as_of")?;
    node.with_store(move |store, policy| {
        permit(store, policy, &caller, &purpose, Action::WriteCase, "hub proposals")?;
        let record: corridor_returns::hubs::StepRecord = serde_json::from_str(utf8(&body)?)
            .map_err(|e| {
                ApiError::bad_request(format!(
                    "{e}; expected {{\"by\", \"legal_basis\", \"rationale\"}} of whoever would take the placement steps"
                ))
            })?;
        let everyone = store.cases()?;
        let own = own_cases(policy, &caller, Action::WriteCase, &everyone);
        let hubs = store.hubs()?;
        let report = corridor_returns::caseload::proposals(&own, &everyone, &hubs, record, as_of)
            .map_err(input_error)?;
        audit(store, &caller, &purpose, Action::WriteCase, "hub proposals", "ok")?;
        json_of(&report)
    })
    .await
}

/// Every return hub with its host state, capacity, eligibility and
/// occupancy on `?as_of=` (its `other_occupants` plus the stored cases of
/// any agency staying there: a count, never whose).
pub async fn hubs(
    State(node): State<Arc<Node>>,
    Extension(caller): Extension<Caller>,
    Extension(purpose): Extension<Purpose>,
    query: Result<Query<AsOf>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let q = as_of_query(query)?;
    let as_of = date(q.as_of.as_deref(), "as_of")?;
    node.with_store(move |store, policy| {
        permit(store, policy, &caller, &purpose, Action::ReadCase, "hubs")?;
        let everyone = store.cases()?;
        let hubs = corridor_returns::file::engine_hubs(&store.hubs()?, everyone.iter(), as_of);
        audit(store, &caller, &purpose, Action::ReadCase, "hubs", "ok")?;
        Ok(Json(json!({"as_of": as_of, "hubs": hubs})))
    })
    .await
}

/// Adds a return hub, or replaces its description (capacity, eligibility,
/// other occupants): the node's own administrators only, since every
/// agency's placements are judged against it.
pub async fn put_hub(
    State(node): State<Arc<Node>>,
    Extension(caller): Extension<Caller>,
    Extension(purpose): Extension<Purpose>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let mut value: Value = serde_json::from_str(utf8(&body)?)
        .map_err(|e| ApiError::bad_request(format!("{e}; docs/returns.md describes a hub")))?;
    // A line of a cases file carries its type; the API knows it.
    if let Some(o) = value.as_object_mut() {
        if o.get("type").and_then(Value::as_str) == Some("hub") {
            o.remove("type");
        }
    }
    let hub: corridor_returns::file::HubRecord = serde_json::from_value(value)
        .map_err(|e| ApiError::bad_request(format!("{e}; docs/returns.md describes a hub")))?;
    hub.validate().map_err(input_error)?;
    node.with_store_now(move |store, policy| {
        let target = format!("hub {}", hub.id);
        crate::api::manage(store, policy, &caller, &purpose, None, &target)?;
        let mut session = store.cases_session()?;
        let written = session
            .put_hub(&hub, &actor(&caller, &purpose))
            .map_err(case_error)?;
        session.commit()?;
        let (status, stored) = match written {
            Written::Added => (StatusCode::CREATED, "added"),
            Written::Replaced => (StatusCode::OK, "replaced"),
            Written::Unchanged => (StatusCode::OK, "unchanged"),
        };
        Ok((status, Json(json!({"id": hub.id, "stored": stored}))).into_response())
    })
}
