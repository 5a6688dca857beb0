//! The `/v1` operations: one table documents them, `routes` serves them.

use std::collections::BTreeSet;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use chrono::Utc;
use corridor_formats::export::{ExportFormat, ExportWriter};
use corridor_model::{AgencyCode, Report};
use corridor_share::{Action, Caller, Policy, Purpose};
use corridor_store::{AuditEntry, Prepared, PutError, SqliteStore, Store};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::openapi::{Operation, Param};
use crate::{auth, ApiError, Node};

const ID: Param = Param {
    name: "id",
    location: "path",
    required: true,
    description: "The id",
    kind: "string",
    min: None,
    max: None,
};

/// Every operation of the API. `routes` serves exactly these.
pub const OPERATIONS: &[Operation] = &[
    Operation {
        method: "get",
        path: "/v1/health",
        summary: "Whether the node is up (public)",
        needs: None,
        params: &[],
        body: None,
        responses: &[(200, "the node is up")],
    },
    Operation {
        method: "get",
        path: "/v1/openapi.json",
        summary: "This document (public)",
        needs: None,
        params: &[],
        body: None,
        responses: &[(200, "the OpenAPI document")],
    },
    Operation {
        method: "post",
        path: "/v1/reports",
        summary: "Store one report (wire form, docs/formats.md); written as the caller's agency",
        needs: Some("create_report"),
        params: &[],
        body: Some("application/json"),
        responses: &[
            (201, "stored"),
            (200, "already stored with the same content"),
            (409, "another report with this id is stored"),
            (422, "the report is invalid; every problem is listed"),
        ],
    },
    Operation {
        method: "post",
        path: "/v1/reports/batch",
        summary: "Store reports given as JSON Lines (any content type), all or nothing",
        needs: Some("import_reports"),
        params: &[],
        body: Some("text/plain"),
        responses: &[
            (200, "stored"),
            (409, "a report conflicts with a stored one"),
            (422, "invalid reports; every problem with its line"),
        ],
    },
    Operation {
        method: "get",
        path: "/v1/reports/{id}",
        summary: "A report as the caller's agency may see it",
        needs: Some("read_report"),
        params: &[ID],
        body: None,
        responses: &[
            (200, "the report"),
            (404, "no such report visible to the caller"),
        ],
    },
    Operation {
        method: "get",
        path: "/v1/entities",
        summary: "Find mentions by name or identifier (any script), with their resolved entity",
        needs: Some("search_entities"),
        params: &[
            Param {
                name: "q",
                location: "query",
                required: true,
                description: "What to find: 1-200 characters",
                kind: "string",
                min: Some(1),
                max: Some(200),
            },
            Param {
                name: "limit",
                location: "query",
                required: false,
                description: "At most this many hits (1-200, default 50)",
                kind: "integer",
                min: Some(1),
                max: Some(200),
            },
        ],
        body: None,
        responses: &[(200, "the hits the caller's agency may see")],
    },
    Operation {
        method: "get",
        path: "/v1/entities/{id}",
        summary:
            "A resolved entity: the mentions the caller's agency may see and why they were joined",
        needs: Some("read_entity"),
        params: &[ID],
        body: None,
        responses: &[
            (200, "the entity"),
            (404, "no such entity visible to the caller"),
        ],
    },
    Operation {
        method: "get",
        path: "/v1/entities/{id}/links",
        summary: "The links reported between the entity's visible mentions and other mentions, with the other end's entity",
        needs: Some("read_links"),
        params: &[ID],
        body: None,
        responses: &[(200, "the links"), (404, "no such entity visible to the caller")],
    },
    Operation {
        method: "get",
        path: "/v1/exports/{id}",
        summary: "What a partner agency may see: Corridor's reports (JSON Lines), FollowTheMoney entities (JSON Lines) or FollowTheMoney statements (CSV)",
        needs: Some("export_for_partner"),
        params: &[
            Param {
                name: "id",
                location: "path",
                required: true,
                description: "The partner agency's code",
                kind: "string",
                min: None,
                max: None,
            },
            Param {
                name: "format",
                location: "query",
                required: false,
                description: "jsonl (default), ftm or ftm-csv",
                kind: "string",
                min: None,
                max: None,
            },
        ],
        body: None,
        responses: &[
            (200, "the export (application/x-ndjson)"),
            (404, "no such agency"),
        ],
    },
    Operation {
        method: "get",
        path: "/v1/audit",
        summary: "Audit entries, oldest first (auditors only: they hold search terms)",
        needs: Some("read_audit"),
        params: &[
            Param {
                name: "after",
                location: "query",
                required: false,
                description: "Entries after this sequence number (default 0)",
                kind: "integer",
                min: Some(0),
                max: None,
            },
            Param {
                name: "limit",
                location: "query",
                required: false,
                description: "At most this many (1-1000, default 100)",
                kind: "integer",
                min: Some(1),
                max: Some(1000),
            },
        ],
        body: None,
        responses: &[(200, "the entries and whether the chain is intact")],
    },
    Operation {
        method: "get",
        path: "/v1/admin/agencies",
        summary: "The agency directory",
        needs: Some("administer"),
        params: &[],
        body: None,
        responses: &[(200, "the agencies")],
    },
    Operation {
        method: "post",
        path: "/v1/admin/agencies",
        summary: "Add a partner to the agency directory (the node's own agency only): {code, name, country?}",
        needs: Some("administer"),
        params: &[],
        body: Some("application/json"),
        responses: &[(201, "added"), (409, "already in the directory")],
    },
    Operation {
        method: "post",
        path: "/v1/admin/users",
        summary: "Add a user of your agency (any agency for the node's own): {name, agency, role}",
        needs: Some("administer"),
        params: &[],
        body: Some("application/json"),
        responses: &[(201, "added"), (409, "the name is taken")],
    },
    Operation {
        method: "post",
        path: "/v1/admin/tokens",
        summary: "Issue a token for a user of your agency: {user, days?}; the token is in this answer only",
        needs: Some("administer"),
        params: &[],
        body: Some("application/json"),
        responses: &[(201, "issued: {id, token, expires_at}")],
    },
    Operation {
        method: "delete",
        path: "/v1/admin/tokens/{id}",
        summary: "Revoke a token of a user of your agency",
        needs: Some("administer"),
        params: &[ID],
        body: None,
        responses: &[(200, "revoked"), (404, "no such token of your agency")],
    },
    Operation {
        method: "get",
        path: "/v1/admin/users",
        summary: "The node's users and their roles",
        needs: Some("administer"),
        params: &[],
        body: None,
        responses: &[(200, "the users")],
    },
    Operation {
        method: "get",
        path: "/v1/cases",
        summary: "Returns cases of the caller's agency by stage, deadline or hub (no names), with a hub's occupancy and lengths of stay",
        needs: Some("read_case"),
        params: &[
            Param {
                name: "stage",
                location: "query",
                required: false,
                description: "arrived, asylum_claim, refused, appeal, protected, return_decision, removal_scheduled, in_hub, removed or closed",
                kind: "string",
                min: None,
                max: None,
            },
            Param {
                name: "deadline_within",
                location: "query",
                required: false,
                description: "Only cases with a deadline due within this many days (passed ones included)",
                kind: "integer",
                min: Some(0),
                max: Some(3660),
            },
            Param {
                name: "hub",
                location: "query",
                required: false,
                description: "Only cases in this hub or heading for it; adds the hub's occupancy",
                kind: "string",
                min: None,
                max: None,
            },
            AS_OF,
        ],
        body: None,
        responses: &[(200, "the cases and the counts by stage")],
    },
    Operation {
        method: "post",
        path: "/v1/cases",
        summary: "Open a case as the caller's agency (docs/returns.md, \"Stored cases\"); every step of its history is judged by the safeguards",
        needs: Some("write_case"),
        params: &[],
        body: Some("application/json"),
        responses: &[
            (201, "opened"),
            (200, "already stored with the same content"),
            (409, "another case of the caller's agency with this id is stored"),
            (422, "invalid, or a step of its history refused by the safeguards (with their reasons)"),
        ],
    },
    Operation {
        method: "get",
        path: "/v1/cases/{id}",
        summary: "A case of the caller's agency: identity, every event, where it stands, its deadlines, its transfers",
        needs: Some("read_case"),
        params: &[ID, AS_OF],
        body: None,
        responses: &[(200, "the case"), (404, "no such case of the caller's agency")],
    },
    Operation {
        method: "post",
        path: "/v1/cases/{id}/events",
        summary: "Record a step (date, kind, by, legal_basis, rationale); a step the safeguards block is refused and nothing is written",
        needs: Some("write_case"),
        params: &[ID],
        body: Some("application/json"),
        responses: &[
            (201, "recorded"),
            (404, "no such case of the caller's agency"),
            (422, "invalid, or refused by the safeguards (with their reasons)"),
        ],
    },
    Operation {
        method: "post",
        path: "/v1/returns/check",
        summary: "The what-if checker: a case history with a proposed step (docs/returns.md) in, {allowed, reasons: [{rule, text}]} out; the live system's engine, nothing stored",
        needs: Some("read_case"),
        params: &[],
        body: Some("application/json"),
        responses: &[
            (200, "the decision"),
            (400, "not a case history (the field and what to do)"),
            (422, "a case history that does not hold together"),
        ],
    },
    Operation {
        method: "post",
        path: "/v1/returns/ledger",
        summary: "The UK-France \"one in, one out\" ledger: dated events per person in (docs/returns.md); deadlines, alerts before they lapse and the balance out",
        needs: Some("read_case"),
        params: &[AS_OF],
        body: Some("application/json"),
        responses: &[
            (200, "the ledger's report"),
            (400, "not a ledger (the field and what to do)"),
            (422, "a ledger that does not hold together"),
        ],
    },
    Operation {
        method: "get",
        path: "/v1/returns/hubs",
        summary: "Every return hub: host state, capacity, eligibility and occupancy on as_of (a count from every agency's stored cases, never whose)",
        needs: Some("read_case"),
        params: &[AS_OF],
        body: None,
        responses: &[(200, "the hubs")],
    },
    Operation {
        method: "post",
        path: "/v1/returns/hubs",
        summary: "Add a return hub or replace its description (docs/returns.md): the node's own administrators",
        needs: Some("administer"),
        params: &[],
        body: Some("application/json"),
        responses: &[
            (201, "added"),
            (200, "replaced or unchanged"),
            (400, "not a hub"),
            (422, "a hub that does not hold together"),
        ],
    },
    Operation {
        method: "post",
        path: "/v1/returns/hub-proposals",
        summary: "Hub placements for the caller's agency's stored cases awaiting removal, within capacity and the safeguards, for the record {by, legal_basis, rationale} given; nothing is placed",
        needs: Some("write_case"),
        params: &[AS_OF],
        body: Some("application/json"),
        responses: &[
            (200, "the proposals, with every hub's occupancy"),
            (400, "not a step record"),
        ],
    },
    Operation {
        method: "post",
        path: "/v1/cases/{id}/releases",
        summary: "Release the minimum of a case to a state taking part in its return: {to: host_state | country_of_origin | AGENCY, legal_basis, on?}; recorded as a transfer",
        needs: Some("release_case"),
        params: &[ID],
        body: Some("application/json"),
        responses: &[
            (201, "the release: names, date of birth, nationality, document, removal date and operation (never asylum data)"),
            (404, "no such case of the caller's agency"),
            (422, "refused: no legal basis, not a party to the return, or the country of origin may not be contacted"),
        ],
    },
];

const AS_OF: Param = Param {
    name: "as_of",
    location: "query",
    required: false,
    description: "The report date, YYYY-MM-DD (default today)",
    kind: "string",
    min: None,
    max: None,
};

pub fn routes(node: Arc<Node>) -> Router {
    let document = Arc::new(crate::openapi::document(OPERATIONS));
    let api = Router::new()
        .route(
            "/v1/health",
            get(|| async { Json(json!({"status": "ok"})) }),
        )
        .route(
            "/v1/openapi.json",
            get(move || {
                let d = Arc::clone(&document);
                async move { Json((*d).clone()) }
            }),
        )
        .route("/v1/reports", post(create_report))
        .route("/v1/reports/batch", post(import_batch))
        .route("/v1/reports/{id}", get(read_report))
        .route("/v1/entities", get(search))
        .route("/v1/entities/{id}", get(read_entity))
        .route("/v1/entities/{id}/links", get(read_links))
        .route("/v1/exports/{id}", get(export))
        .route("/v1/audit", get(audit_log))
        .route("/v1/admin/agencies", get(agencies).post(add_agency))
        .route("/v1/admin/users", get(users).post(add_user))
        .route("/v1/admin/tokens", post(issue_token))
        .route("/v1/admin/tokens/{id}", axum::routing::delete(revoke_token))
        .route(
            "/v1/cases",
            get(crate::cases::list).post(crate::cases::create),
        )
        .route("/v1/cases/{id}", get(crate::cases::read))
        .route("/v1/cases/{id}/events", post(crate::cases::record))
        .route("/v1/cases/{id}/releases", post(crate::cases::release))
        .route("/v1/returns/check", post(crate::cases::check))
        .route(
            "/v1/returns/hubs",
            get(crate::cases::hubs).post(crate::cases::put_hub),
        )
        .route("/v1/returns/ledger", post(crate::cases::ledger))
        .route("/v1/returns/hub-proposals", post(crate::cases::proposals))
        .fallback(|| async {
            ApiError::NotFound("no such path; /v1/openapi.json lists them".into())
        })
        .method_not_allowed_fallback(|| async {
            ApiError::bad_request(
                "this path does not take that method; /v1/openapi.json lists them",
            )
        });
    api.layer(axum::middleware::from_fn_with_state(
        Arc::clone(&node),
        auth::authenticate,
    ))
    .layer(DefaultBodyLimit::max(node.limits.body_bytes))
    .layer(tower_http::timeout::TimeoutLayer::with_status_code(
        StatusCode::SERVICE_UNAVAILABLE,
        node.limits.timeout,
    ))
    .with_state(node)
}

/// Appends the request to the audit log.
pub(crate) fn audit(
    store: &mut SqliteStore,
    caller: &Caller,
    purpose: &Purpose,
    action: Action,
    target: &str,
    result: &str,
) -> Result<(), ApiError> {
    store.append_audit(&entry(caller, purpose, action, target, result))?;
    Ok(())
}

fn entry(
    caller: &Caller,
    purpose: &Purpose,
    action: Action,
    target: &str,
    result: &str,
) -> AuditEntry {
    AuditEntry {
        at: Utc::now().to_rfc3339(),
        user: caller.user.clone(),
        agency: caller.agency.to_string(),
        action: action.as_str().to_owned(),
        purpose: purpose.as_str().to_owned(),
        target: target.chars().take(200).collect(),
        result: result.to_owned(),
    }
}

/// The role check, audited when it refuses.
pub(crate) fn permit(
    store: &mut SqliteStore,
    policy: &Policy,
    caller: &Caller,
    purpose: &Purpose,
    action: Action,
    target: &str,
) -> Result<(), ApiError> {
    policy.permits(caller, action).map_err(|why| {
        if let Err(e) = audit(store, caller, purpose, action, target, "forbidden") {
            return e;
        }
        ApiError::Forbidden(why.to_string())
    })
}

/// The one answer for "no such report" and "not yours to see".
fn no_report(id: &str) -> ApiError {
    ApiError::NotFound(format!("no report {id} that your agency may see"))
}

async fn read_report(
    State(node): State<Arc<Node>>,
    Extension(caller): Extension<Caller>,
    Extension(purpose): Extension<Purpose>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    node.with_store_now(move |store, policy| {
        permit(store, policy, &caller, &purpose, Action::ReadReport, &id)?;
        let view = store.report(&id)?.map(|r| policy.view(&caller.agency, &r));
        let (result, answer) = match view {
            None => ("not_found", Err(no_report(&id))),
            Some(Err(_)) => ("denied", Err(no_report(&id))),
            Some(Ok(v)) => ("ok", Ok(Json(wire_json(&v)?))),
        };
        audit(store, &caller, &purpose, Action::ReadReport, &id, result)?;
        answer
    })
}

fn wire_json(report: &Report) -> Result<Value, ApiError> {
    serde_json::to_value(report.to_wire()).map_err(|e| ApiError::Internal(e.to_string()))
}

/// Whether the caller's agency may write a report of `author`: its own,
/// or anyone's when it runs the node (loading a partner's export).
fn may_write_as(policy: &Policy, caller: &Caller, author: &AgencyCode) -> bool {
    caller.agency == *author || caller.agency == *policy.home()
}

fn known_agencies(store: &SqliteStore) -> Result<BTreeSet<String>, ApiError> {
    Ok(store.agencies()?.into_iter().map(|a| a.code).collect())
}

async fn create_report(
    State(node): State<Arc<Node>>,
    Extension(caller): Extension<Caller>,
    Extension(purpose): Extension<Purpose>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let wire: corridor_model::wire::WireReport = serde_json::from_slice(&body).map_err(|e| {
        ApiError::bad_request(format!(
            "the body is not a report: {e}; docs/formats.md describes the fields"
        ))
    })?;
    node.with_store_now(move |store, policy| {
        let target = wire.id.clone().unwrap_or_default();
        permit(store, policy, &caller, &purpose, Action::CreateReport, &target)?;
        let known = known_agencies(store)?;
        let report = Report::from_wire(&wire, &|a| known.contains(a.as_str())).map_err(|errors| {
            ApiError::Invalid {
                message: format!("the report has {} problem(s); nothing was stored", errors.len()),
                details: errors.iter().map(|e| e.to_string()).collect(),
            }
        })?;
        if !may_write_as(policy, &caller, &report.agency) {
            audit(store, &caller, &purpose, Action::CreateReport, &target, "forbidden")?;
            return Err(ApiError::Forbidden(format!(
                "your agency is {}; a report is written as your own agency ({} is another)",
                caller.agency, report.agency
            )));
        }
        let prepared = Prepared::new(report);
        let mut session = store.import()?;
        let outcome = match session.put(&prepared) {
            Ok(o) => o,
            Err(PutError::Conflict { id }) => {
                drop(session);
                audit(store, &caller, &purpose, Action::CreateReport, &id, "conflict")?;
                return Err(ApiError::Conflict(format!(
                    "report {id} is already stored with different content; stored reports never change: issue a new report that corrects it"
                )));
            }
            Err(PutError::Store(e)) => return Err(e.into()),
        };
        let added = outcome == corridor_store::PutOutcome::Added;
        let result = if added { "ok" } else { "unchanged" };
        session.audit(&entry(&caller, &purpose, Action::CreateReport, &target, result))?;
        session.commit()?;
        let status = if added { StatusCode::CREATED } else { StatusCode::OK };
        Ok((status, Json(json!({"id": target, "stored": result}))).into_response())
    })
}

async fn import_batch(
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
            Action::ImportReports,
            "batch",
        )?;
        let known = known_agencies(store)?;
        let mut reports = Vec::new();
        let mut refused = Vec::new();
        let problems = corridor_formats::read_jsonl(
            std::path::Path::new("body"),
            &body[..],
            &|a| known.contains(a.as_str()),
            &mut |report, origin| {
                if may_write_as(policy, &caller, &report.agency) {
                    reports.push(Prepared::new(report));
                } else {
                    refused.push(format!(
                        "body:{}: report of {}: your agency writes only its own reports",
                        origin.line, report.agency
                    ));
                }
                Ok(())
            },
            &mut |_| {},
        );
        if !problems.is_empty() || !refused.is_empty() {
            let mut details: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
            details.extend(refused);
            let shown: Vec<String> = details.iter().take(100).cloned().collect();
            return Err(ApiError::Invalid {
                message: format!(
                    "{} problem(s){}; nothing was stored",
                    details.len(),
                    if details.len() > 100 {
                        " (the first 100 listed)"
                    } else {
                        ""
                    }
                ),
                details: shown,
            });
        }
        let mut session = store.import()?;
        for prepared in &reports {
            match session.put(prepared) {
                Ok(_) => {}
                Err(PutError::Conflict { id }) => {
                    return Err(ApiError::Conflict(format!(
                        "report {id} is already stored with different content; nothing was stored"
                    )))
                }
                Err(PutError::Store(e)) => return Err(e.into()),
            }
        }
        let target = format!("{} reports", reports.len());
        session.audit(&entry(
            &caller,
            &purpose,
            Action::ImportReports,
            &target,
            "ok",
        ))?;
        let summary = session.commit()?;
        Ok(Json(
            json!({"added": summary.added, "unchanged": summary.unchanged}),
        ))
    })
    .await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SearchQuery {
    q: Option<String>,
    limit: Option<usize>,
}

/// Views of reports for one recipient, through the node's cache.
struct Reports<'a> {
    node: &'a Node,
    store: &'a SqliteStore,
    policy: &'a Policy,
    recipient: &'a AgencyCode,
}

impl Reports<'_> {
    /// The report as the recipient may see it (its wire JSON), if at all.
    fn view(&mut self, id: &str) -> Result<Option<Arc<Value>>, ApiError> {
        let key = (self.recipient.to_string(), id.to_owned());
        if let Some(hit) = self
            .node
            .views
            .lock()
            .ok()
            .and_then(|v| v.get(&key).cloned())
        {
            return Ok(hit);
        }
        let Some(report) = self.store.report(id)? else {
            return Ok(None);
        };
        let view = match self.policy.view(self.recipient, &report) {
            Ok(v) => Some(Arc::new(wire_json(&v)?)),
            Err(_) => None,
        };
        if let Ok(mut views) = self.node.views.lock() {
            if views.len() >= crate::MAX_CACHED_VIEWS {
                views.clear();
            }
            views.insert(key, view.clone());
        }
        Ok(view)
    }
}

/// One entity of a report's wire JSON, by its ref.
fn entity_of_view<'v>(view: &'v Value, reference: &str) -> Option<&'v Value> {
    view["entities"]
        .as_array()
        .and_then(|es| es.iter().find(|e| e["ref"] == reference))
}

async fn search(
    State(node): State<Arc<Node>>,
    Extension(caller): Extension<Caller>,
    Extension(purpose): Extension<Purpose>,
    query: Result<Query<SearchQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let Query(query) =
        query.map_err(|e| ApiError::bad_request(format!("{e}; expected ?q=TEXT[&limit=N]")))?;
    let q = query.q.unwrap_or_default();
    let q = q.trim().to_owned();
    if q.is_empty() || q.chars().count() > 200 {
        return Err(ApiError::bad_request(
            "q must be 1 to 200 characters: a name or an identifier",
        ));
    }
    let limit = query.limit.unwrap_or(50);
    if !(1..=200).contains(&limit) {
        return Err(ApiError::bad_request("limit must be 1 to 200"));
    }
    let node_ref: &Node = &node;
    node.with_store_now(move |store, policy| {
        permit(store, policy, &caller, &purpose, Action::SearchEntities, &q)?;
        let hits = store.search(&q, limit * 4)?;
        let mut reports = Reports {
            node: node_ref,
            store,
            policy,
            recipient: &caller.agency,
        };
        let mut out = Vec::new();
        for hit in hits {
            if out.len() == limit {
                break;
            }
            let Some(view) = reports.view(hit.report_id.as_str())? else {
                continue;
            };
            // Withheld or pseudonymised in this view: not a hit to show.
            let Some(subject) = entity_of_view(&view, hit.reference.as_str()) else {
                continue;
            };
            if subject.get("withheld").is_some() || is_protected_role(subject) {
                continue;
            }
            let mention_id = format!("{}#{}", hit.report_id, hit.reference);
            let entity = mention_piece(&mut reports, &mention_id)?;
            out.push(json!({
                "mention": mention_id,
                "kind": hit.kind,
                "role": hit.role,
                "label": hit.label,
                "agency": hit.agency,
                "occurred_at": hit.occurred_at,
                "entity": entity,
            }));
        }
        let result = format!("ok {}", out.len());
        audit(
            store,
            &caller,
            &purpose,
            Action::SearchEntities,
            &q,
            &result,
        )?;
        Ok(Json(json!({"hits": out})))
    })
}

/// The entity, from the node's cache while the store has not changed
/// elsewhere since it was read.
fn cached_entity(
    node: &Node,
    store: &SqliteStore,
    id: &str,
) -> Result<Option<Arc<corridor_store::EntityRecord>>, ApiError> {
    let version = store.changed_elsewhere()?;
    let mut cache = node
        .entities
        .lock()
        .map_err(|_| ApiError::Internal("the entity cache lock was poisoned".into()))?;
    if cache.0 != version {
        cache.1.clear();
        cache.0 = version;
    }
    if let Some(hit) = cache.1.get(id) {
        return Ok(hit.clone());
    }
    let record = store.entity(id)?.map(Arc::new);
    if cache.1.len() >= crate::MAX_CACHED_VIEWS {
        cache.1.clear();
    }
    cache.1.insert(id.to_owned(), record.clone());
    Ok(record)
}

/// A person whose role is protected (in a view, shown as a pseudonym).
fn is_protected_role(subject: &Value) -> bool {
    subject["role"]
        .as_str()
        .and_then(|r| corridor_model::Role::parse(r).ok())
        .is_some_and(corridor_model::Role::is_protected)
}

/// The members of an entity the recipient may see: each with its report's
/// view, in the entity's order.
struct Visible {
    member: String,
    report: String,
    reference: String,
    view: Arc<Value>,
}

fn visible_members(
    reports: &mut Reports<'_>,
    record: &corridor_store::EntityRecord,
) -> Result<Vec<Visible>, ApiError> {
    let mut out = Vec::new();
    for member in &record.members {
        let Some((report, reference)) = member.split_once('#') else {
            continue;
        };
        let Some(view) = reports.view(report)? else {
            continue;
        };
        match entity_of_view(&view, reference) {
            Some(subject) if subject.get("withheld").is_none() => {}
            _ => continue,
        }
        out.push(Visible {
            member: member.clone(),
            report: report.to_owned(),
            reference: reference.to_owned(),
            view,
        });
    }
    Ok(out)
}

/// The pieces of an entity a recipient sees: its visible members, held
/// together only by joins between visible members. A merge made through
/// a mention the recipient may not see is not shown as a merge: each side
/// is a piece of its own (ids `E-…~1`, `E-…~2`, in member order), so the
/// merge itself tells nothing of what was withheld. An object entity is one
/// piece: its members share the identifier each of them shows.
fn pieces(record: &corridor_store::EntityRecord, shown: Vec<Visible>) -> Vec<Vec<Visible>> {
    if record.kind != "person" || shown.len() < 2 {
        return if shown.is_empty() {
            Vec::new()
        } else {
            vec![shown]
        };
    }
    let index: std::collections::HashMap<&str, usize> = shown
        .iter()
        .enumerate()
        .map(|(i, v)| (v.member.as_str(), i))
        .collect();
    let mut parent: Vec<usize> = (0..shown.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for j in &record.joins {
        if let (Some(&a), Some(&b)) = (index.get(j.a.as_str()), index.get(j.b.as_str())) {
            let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
            parent[ra.max(rb)] = ra.min(rb);
        }
    }
    let roots: Vec<usize> = (0..shown.len()).map(|i| root(&mut parent, i)).collect();
    let mut out: Vec<Vec<Visible>> = Vec::new();
    let mut slot: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    for (i, v) in shown.into_iter().enumerate() {
        let k = *slot.entry(roots[i]).or_insert_with(|| {
            out.push(Vec::new());
            out.len() - 1
        });
        out[k].push(v);
    }
    out
}

/// `E-…` or `E-…~k`: the entity and which piece (1 when not said).
fn piece_of(id: &str) -> (&str, usize) {
    match id.rsplit_once('~') {
        Some((base, k)) => (base, k.parse().unwrap_or(0)),
        None => (id, 1),
    }
}

/// The id a recipient knows a piece by.
fn piece_id(base: &str, k: usize, count: usize) -> String {
    if count > 1 {
        format!("{base}~{k}")
    } else {
        base.to_owned()
    }
}

/// A piece as shown: its id, the whole entity, the piece's members.
type Piece = (String, Arc<corridor_store::EntityRecord>, Vec<Visible>);

/// The piece of `id` the recipient may see, with its id, or `None`.
fn visible_piece(reports: &mut Reports<'_>, id: &str) -> Result<Option<Piece>, ApiError> {
    let (base, k) = piece_of(id);
    let Some(record) = cached_entity(reports.node, reports.store, base)? else {
        return Ok(None);
    };
    let shown = visible_members(reports, &record)?;
    let mut all = pieces(&record, shown);
    let count = all.len();
    if k == 0 || k > count {
        return Ok(None);
    }
    let piece = all.swap_remove(k - 1);
    Ok(Some((piece_id(base, k, count), record, piece)))
}

/// The id under which the recipient sees the entity of a mention.
fn mention_piece(reports: &mut Reports<'_>, mention: &str) -> Result<Option<String>, ApiError> {
    let Some(base) = reports.store.entity_of(mention)? else {
        return Ok(None);
    };
    let Some(record) = cached_entity(reports.node, reports.store, &base)? else {
        return Ok(None);
    };
    let shown = visible_members(reports, &record)?;
    let all = pieces(&record, shown);
    let count = all.len();
    Ok(all
        .iter()
        .position(|p| p.iter().any(|v| v.member == mention))
        .map(|k| piece_id(&base, k + 1, count)))
}

/// The role check, then the piece of entity `id` the caller may see; an
/// entity that is absent or that the caller may not see is audited and
/// answered alike.
fn entity_for(
    node: &Node,
    store: &mut SqliteStore,
    policy: &Policy,
    caller: &Caller,
    purpose: &Purpose,
    action: Action,
    id: &str,
) -> Result<Piece, ApiError> {
    permit(store, policy, caller, purpose, action, id)?;
    let mut reports = Reports {
        node,
        store,
        policy,
        recipient: &caller.agency,
    };
    match visible_piece(&mut reports, id)? {
        Some(piece) => Ok(piece),
        None => {
            audit(store, caller, purpose, action, id, "not_found")?;
            Err(ApiError::NotFound(format!(
                "no entity {id} that your agency may see"
            )))
        }
    }
}

async fn read_entity(
    State(node): State<Arc<Node>>,
    Extension(caller): Extension<Caller>,
    Extension(purpose): Extension<Purpose>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let node_ref: &Node = &node;
    node.with_store_now(move |store, policy| {
        let home = caller.agency == *policy.home();
        let (shown_id, record, piece) =
            entity_for(node_ref, store, policy, &caller, &purpose, Action::ReadEntity, &id)?;
        let visible: BTreeSet<&str> = piece.iter().map(|v| v.member.as_str()).collect();
        let mentions: Vec<Value> = piece
            .iter()
            .map(|v| {
                json!({
                    "mention": v.member,
                    "agency": v.view["agency"],
                    "occurred_at": v.view["occurred_at"],
                    "evaluation": v.view["evaluation"],
                    "handling": v.view["handling"],
                    "entity": entity_of_view(&v.view, &v.reference),
                })
            })
            .collect();
        // Only joins between mentions the caller sees: the evidence for a
        // join it cannot see is not shown, and neither is the join.
        let joins: Vec<Value> = record
            .joins
            .iter()
            .filter(|j| visible.contains(j.a.as_str()) && visible.contains(j.b.as_str()))
            .map(|j| json!({"a": j.a, "b": j.b, "probability": j.probability, "weight": j.weight, "decided_by_reviewer": j.decided}))
            .collect();
        let mut answer = json!({
            "id": shown_id,
            "kind": record.kind,
            "mentions": mentions,
            "joins": joins,
        });
        // How much is not shown is itself withheld from partners.
        if home {
            answer["mentions_not_shown"] = json!(record.members.len() - visible.len());
        }
        audit(store, &caller, &purpose, Action::ReadEntity, &id, "ok")?;
        Ok(Json(answer))
    })
}

async fn read_links(
    State(node): State<Arc<Node>>,
    Extension(caller): Extension<Caller>,
    Extension(purpose): Extension<Purpose>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let node_ref: &Node = &node;
    node.with_store_now(move |store, policy| {
        let (shown_id, _, shown) = entity_for(
            node_ref,
            store,
            policy,
            &caller,
            &purpose,
            Action::ReadLinks,
            &id,
        )?;
        let mut reports = Reports {
            node: node_ref,
            store,
            policy,
            recipient: &caller.agency,
        };
        let mut links = Vec::new();
        for Visible {
            report: report_id,
            reference,
            view,
            ..
        } in &shown
        {
            let (report_id, reference) = (report_id.as_str(), reference.as_str());
            for link in view["links"].as_array().into_iter().flatten() {
                let (from, to) = (link["from"].as_str(), link["to"].as_str());
                let other = match (from, to) {
                    (Some(f), Some(t)) if f == reference => t,
                    (Some(f), Some(t)) if t == reference => f,
                    _ => continue,
                };
                let Some(end) = entity_of_view(view, other) else {
                    continue;
                };
                let other_mention = format!("{report_id}#{other}");
                // The other end's entity, unless it is shown withheld (a
                // protected person's phone): then not even its id.
                let other_entity = if end.get("withheld").is_some() || is_protected_role(end) {
                    None
                } else {
                    mention_piece(&mut reports, &other_mention)?
                };
                links.push(json!({
                    "report": report_id,
                    "agency": view["agency"],
                    "occurred_at": view["occurred_at"],
                    "evaluation": link.get("evaluation").unwrap_or(&view["evaluation"]),
                    "type": link["type"],
                    "from": format!("{report_id}#{}", from.unwrap_or_default()),
                    "to": format!("{report_id}#{}", to.unwrap_or_default()),
                    "other": end,
                    "other_entity": other_entity,
                }));
            }
        }
        audit(
            store,
            &caller,
            &purpose,
            Action::ReadLinks,
            &id,
            &format!("ok {}", links.len()),
        )?;
        Ok(Json(json!({"id": shown_id, "links": links})))
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExportQuery {
    format: Option<String>,
}

async fn export(
    State(node): State<Arc<Node>>,
    Extension(caller): Extension<Caller>,
    Extension(purpose): Extension<Purpose>,
    Path(partner): Path<String>,
    query: Result<Query<ExportQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(query) = query
        .map_err(|e| ApiError::bad_request(format!("{e}; expected ?format=jsonl|ftm|ftm-csv")))?;
    let name = query.format.as_deref().unwrap_or("jsonl");
    let Some(format) = ExportFormat::parse(name) else {
        return Err(ApiError::bad_request(format!(
            "format {name:?} is not one of jsonl, ftm, ftm-csv"
        )));
    };
    node.with_store(move |store, policy| {
        permit(
            store,
            policy,
            &caller,
            &purpose,
            Action::ExportForPartner,
            &partner,
        )?;
        let known = known_agencies(store)?;
        let Some(recipient) = AgencyCode::parse(&partner)
            .ok()
            .filter(|a| known.contains(a.as_str()))
        else {
            return Err(ApiError::NotFound(format!(
                "no agency {partner} in this node's directory"
            )));
        };
        let (body, count) = export_for(store, policy, &recipient, format)?;
        let media = format.media_type();
        audit(
            store,
            &caller,
            &purpose,
            Action::ExportForPartner,
            &partner,
            &format!("ok {count}"),
        )?;
        Ok(([(header::CONTENT_TYPE, media)], body).into_response())
    })
    .await
}

/// Every report the recipient may see, as it may see it.
pub fn export_for(
    store: &SqliteStore,
    policy: &Policy,
    recipient: &AgencyCode,
    format: ExportFormat,
) -> Result<(Vec<u8>, u64), ApiError> {
    let internal = |e: std::io::Error| ApiError::Internal(e.to_string());
    let mut out = ExportWriter::new(format, Vec::new()).map_err(internal)?;
    let mut count = 0u64;
    let mut failed = None;
    store.for_each_report(&mut |report| {
        if let Ok(view) = policy.view(recipient, &report) {
            count += 1;
            failed = failed.take().or(out.write(&view).err());
        }
        Ok(())
    })?;
    if let Some(e) = failed {
        return Err(internal(e));
    }
    Ok((out.finish().map_err(internal)?, count))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AuditQuery {
    after: Option<i64>,
    limit: Option<usize>,
}

async fn audit_log(
    State(node): State<Arc<Node>>,
    Extension(caller): Extension<Caller>,
    Extension(purpose): Extension<Purpose>,
    query: Result<Query<AuditQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let Query(query) =
        query.map_err(|e| ApiError::bad_request(format!("{e}; expected ?after=N&limit=N")))?;
    let after = query.after.unwrap_or(0);
    let limit = query.limit.unwrap_or(100);
    if !(1..=1000).contains(&limit) {
        return Err(ApiError::bad_request("limit must be 1 to 1000"));
    }
    node.with_store(move |store, policy| {
        permit(store, policy, &caller, &purpose, Action::ReadAudit, "audit")?;
        let entries: Vec<Value> = store
            .audit_entries(after, limit)?
            .into_iter()
            .map(|r| {
                let e = r.entry;
                json!({"seq": r.seq, "at": e.at, "user": e.user, "agency": e.agency, "action": e.action,
                       "purpose": e.purpose, "target": e.target, "result": e.result})
            })
            .collect();
        let (count, broken) = store.verify_audit()?;
        audit(store, &caller, &purpose, Action::ReadAudit, &format!("after {after}"), "ok")?;
        Ok(Json(json!({
            "entries": entries,
            "chain": {"entries": count, "intact": broken.is_none(), "first_break": broken.map(|b| json!({"seq": b.seq, "why": b.why}))}
        })))
    })
    .await
}

async fn agencies(
    State(node): State<Arc<Node>>,
    Extension(caller): Extension<Caller>,
    Extension(purpose): Extension<Purpose>,
) -> Result<Json<Value>, ApiError> {
    node.with_store_now(move |store, policy| {
        permit(
            store,
            policy,
            &caller,
            &purpose,
            Action::Administer,
            "agencies",
        )?;
        let list: Vec<Value> = store
            .agencies()?
            .into_iter()
            .map(|a| json!({"code": a.code, "name": a.name, "country": a.country}))
            .collect();
        audit(
            store,
            &caller,
            &purpose,
            Action::Administer,
            "agencies",
            "ok",
        )?;
        Ok(Json(
            json!({"home": policy.home().to_string(), "agencies": list}),
        ))
    })
}

async fn users(
    State(node): State<Arc<Node>>,
    Extension(caller): Extension<Caller>,
    Extension(purpose): Extension<Purpose>,
) -> Result<Json<Value>, ApiError> {
    node.with_store_now(move |store, policy| {
        permit(store, policy, &caller, &purpose, Action::Administer, "users")?;
        let list: Vec<Value> = store
            .users()?
            .into_iter()
            .map(|u| json!({"name": u.name, "agency": u.agency, "role": u.role, "created_at": u.created_at}))
            .collect();
        audit(store, &caller, &purpose, Action::Administer, "users", "ok")?;
        Ok(Json(json!({"users": list})))
    })
}

/// A JSON body of a declared shape, or a 400 that says what is wrong.
fn body<T: serde::de::DeserializeOwned>(bytes: &[u8], shape: &str) -> Result<T, ApiError> {
    serde_json::from_slice(bytes)
        .map_err(|e| ApiError::bad_request(format!("the body is not {shape}: {e}")))
}

fn parse_agency(code: &str) -> Result<AgencyCode, ApiError> {
    AgencyCode::parse(code).map_err(|e| ApiError::bad_request(format!("agency: {e}")))
}

/// The policy's answer to a management request, audited when it refuses.
pub(crate) fn manage(
    store: &mut SqliteStore,
    policy: &Policy,
    caller: &Caller,
    purpose: &Purpose,
    agency: Option<&AgencyCode>,
    target: &str,
) -> Result<(), ApiError> {
    policy.may_manage(caller, agency).map_err(|why| {
        if let Err(e) = audit(
            store,
            caller,
            purpose,
            Action::Administer,
            target,
            "forbidden",
        ) {
            return e;
        }
        ApiError::Forbidden(why.to_string())
    })
}

/// A store refusal (a name taken, an unknown agency) as a 409 or 400.
fn refused(e: corridor_store::StoreError) -> ApiError {
    match e {
        corridor_store::StoreError::Invalid(m) if m.contains("already") => ApiError::Conflict(m),
        other => other.into(),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewAgency {
    code: String,
    name: String,
    country: Option<String>,
}

async fn add_agency(
    State(node): State<Arc<Node>>,
    Extension(caller): Extension<Caller>,
    Extension(purpose): Extension<Purpose>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let new: NewAgency = body(&bytes, "{code, name, country?}")?;
    let code = parse_agency(&new.code)?;
    if new.name.trim().is_empty() || new.name.chars().count() > 200 {
        return Err(ApiError::bad_request("name must be 1 to 200 characters"));
    }
    if let Some(c) = &new.country {
        corridor_model::Country::parse(c)
            .map_err(|e| ApiError::bad_request(format!("country: {e}")))?;
    }
    node.with_store_now(move |store, policy| {
        let target = format!("agency {code}");
        manage(store, policy, &caller, &purpose, None, &target)?;
        store
            .add_agency(code.as_str(), new.name.trim(), new.country.as_deref())
            .map_err(refused)?;
        audit(store, &caller, &purpose, Action::Administer, &target, "ok")?;
        Ok((StatusCode::CREATED, Json(json!({"code": code.to_string()}))).into_response())
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewUser {
    name: String,
    agency: String,
    role: String,
}

async fn add_user(
    State(node): State<Arc<Node>>,
    Extension(caller): Extension<Caller>,
    Extension(purpose): Extension<Purpose>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let new: NewUser = body(&bytes, "{name, agency, role}")?;
    crate::identity::check_user_name(&new.name).map_err(ApiError::bad_request)?;
    let agency = parse_agency(&new.agency)?;
    let role = corridor_share::UserRole::parse(&new.role)
        .map_err(|e| ApiError::bad_request(format!("role: {e}")))?;
    node.with_store_now(move |store, policy| {
        let target = format!("user {}", new.name);
        manage(store, policy, &caller, &purpose, Some(&agency), &target)?;
        store
            .add_user(&new.name, agency.as_str(), role.as_str())
            .map_err(refused)?;
        audit(store, &caller, &purpose, Action::Administer, &target, "ok")?;
        Ok((
            StatusCode::CREATED,
            Json(json!({"name": new.name, "agency": agency.to_string(), "role": role.as_str()})),
        )
            .into_response())
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewToken {
    user: String,
    days: Option<u32>,
}

/// The agency of a user, if there is one.
fn agency_of(store: &SqliteStore, user: &str) -> Result<Option<AgencyCode>, ApiError> {
    Ok(store
        .users()?
        .into_iter()
        .find(|u| u.name == user)
        .and_then(|u| AgencyCode::parse(&u.agency).ok()))
}

async fn issue_token(
    State(node): State<Arc<Node>>,
    Extension(caller): Extension<Caller>,
    Extension(purpose): Extension<Purpose>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let new: NewToken = body(&bytes, "{user, days?}")?;
    node.with_store_now(move |store, policy| {
        let target = format!("token for {}", new.user);
        // An unknown user answers as one of another agency would.
        let agency = agency_of(store, &new.user)?;
        let Some(agency) = agency else {
            manage(store, policy, &caller, &purpose, None, &target)?;
            return Err(ApiError::NotFound(format!(
                "no user {} in your agency",
                new.user
            )));
        };
        manage(store, policy, &caller, &purpose, Some(&agency), &target)?;
        let days = new.days.unwrap_or(crate::identity::DEFAULT_TOKEN_DAYS);
        let issued =
            crate::identity::issue_token(store, &new.user, days).map_err(ApiError::bad_request)?;
        audit(
            store,
            &caller,
            &purpose,
            Action::Administer,
            &format!("{target}: {}", issued.id),
            "ok",
        )?;
        Ok((
            StatusCode::CREATED,
            Json(json!({"id": issued.id, "token": issued.token, "expires_at": issued.expires_at})),
        )
            .into_response())
    })
}

async fn revoke_token(
    State(node): State<Arc<Node>>,
    Extension(caller): Extension<Caller>,
    Extension(purpose): Extension<Purpose>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let node_ref: &Node = &node;
    node.with_store_now(move |store, policy| {
        let target = format!("revoke {id}");
        let owner = store
            .tokens()?
            .into_iter()
            .find(|t| t.id == id)
            .map(|t| t.user);
        let agency = match &owner {
            Some(user) => agency_of(store, user)?,
            None => None,
        };
        let not_found = || ApiError::NotFound(format!("no token {id} of your agency"));
        let Some(agency) = agency else {
            manage(store, policy, &caller, &purpose, None, &target)?;
            return Err(not_found());
        };
        if policy.may_manage(&caller, Some(&agency)).is_err() {
            // Another agency's token: it does not exist for the caller.
            permit(
                store,
                policy,
                &caller,
                &purpose,
                Action::Administer,
                &target,
            )?;
            audit(
                store,
                &caller,
                &purpose,
                Action::Administer,
                &target,
                "denied",
            )?;
            return Err(not_found());
        }
        let n = store.revoke_tokens(&id)?;
        node_ref.tokens.clear();
        audit(store, &caller, &purpose, Action::Administer, &target, "ok")?;
        Ok(Json(json!({"revoked": n})))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use corridor_store::{EntityJoin, EntityRecord};

    fn join(a: &str, b: &str) -> EntityJoin {
        EntityJoin {
            a: a.into(),
            b: b.into(),
            weight: Some(10.0),
            probability: 0.99,
            decided: false,
        }
    }

    fn visible(member: &str) -> Visible {
        let (report, reference) = member.split_once('#').unwrap();
        Visible {
            member: member.into(),
            report: report.into(),
            reference: reference.into(),
            view: Arc::new(json!({})),
        }
    }

    #[test]
    fn a_merge_through_a_hidden_mention_is_not_shown_as_a_merge() {
        // A — X — B, and B — C: X is not visible to the partner.
        let record = EntityRecord {
            id: "E-1".into(),
            kind: "person".into(),
            members: vec!["R1#a".into(), "R2#x".into(), "R3#b".into(), "R4#c".into()],
            joins: vec![
                join("R1#a", "R2#x"),
                join("R2#x", "R3#b"),
                join("R3#b", "R4#c"),
            ],
        };
        let shown = vec![visible("R1#a"), visible("R3#b"), visible("R4#c")];
        let got: Vec<Vec<String>> = pieces(&record, shown)
            .into_iter()
            .map(|p| p.into_iter().map(|v| v.member).collect())
            .collect();
        assert_eq!(
            got,
            vec![vec!["R1#a".to_owned()], vec!["R3#b".into(), "R4#c".into()]]
        );
        // Seen whole, it is one piece.
        let all = record.members.iter().map(|m| visible(m)).collect();
        assert_eq!(pieces(&record, all).len(), 1);
        // An object's members share what each shows: one piece.
        let phone = EntityRecord {
            kind: "phone".into(),
            joins: Vec::new(),
            ..record
        };
        assert_eq!(
            pieces(&phone, vec![visible("R1#a"), visible("R3#b")]).len(),
            1
        );
        assert_eq!(piece_of("E-1~2"), ("E-1", 2));
        assert_eq!(piece_of("E-1"), ("E-1", 1));
        assert_eq!(piece_of("E-1~x").1, 0, "not a piece: not found");
        assert_eq!(piece_id("E-1", 1, 1), "E-1");
        assert_eq!(piece_id("E-1", 2, 3), "E-1~2");
    }
}
