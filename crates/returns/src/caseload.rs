//! The caseload: stored cases seen by stage, by deadline and by hub, on a
//! report date. What `corridor cases list` prints and `GET /v1/cases`
//! answers; pure, like the rest of the crate.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::case::{Destination, EventKind};
use crate::error::InputError;
use crate::file::{engine_hubs, CaseFile, HubRecord};
use crate::hubs::{propose, HubCase, HubReport, HubsReport, HubsRequest, StepRecord};
use crate::overview::{overview, Deadline, Stage};

/// Which cases to list. Every condition given must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub stage: Option<Stage>,
    /// A deadline due within this many days of the report date (those
    /// already passed included).
    pub deadline_within: Option<i64>,
    /// In this hub, or heading for it.
    pub hub: Option<String>,
}

/// One case in a list: where it stands, without the person's identity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    pub id: String,
    pub jurisdiction: &'static str,
    pub stage: Stage,
    pub detained_since: Option<NaiveDate>,
    pub in_hub: Option<String>,
    pub in_hub_since: Option<NaiveDate>,
    pub planned_hub: Option<String>,
    pub deadlines: Vec<Deadline>,
}

/// The list and its counts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Caseload {
    pub as_of: NaiveDate,
    pub cases: Vec<Row>,
    /// Every stage with its count, over the listed cases.
    pub by_stage: BTreeMap<&'static str, usize>,
    /// Deadlines due within the filter's days (or 14), over the listed
    /// cases.
    pub deadlines_due: usize,
    /// The hub asked for: its occupancy and lengths of stay.
    pub hub: Option<HubReport>,
}

/// How many days ahead `deadlines_due` looks when the filter says none.
pub const DEFAULT_ALERT_DAYS: i64 = 14;

/// The cases `filter` keeps of `cases`, as they stood at the end of
/// `as_of`. A hub's occupancy counts `everyone` placed there (every case
/// of the node, whoever may see it); its stays list only `cases`.
pub fn caseload(
    cases: &[CaseFile],
    everyone: &[CaseFile],
    hubs: &[HubRecord],
    filter: &Filter,
    as_of: NaiveDate,
) -> Result<Caseload, InputError> {
    let mut rows = Vec::new();
    for case in cases {
        // Where a case stands does not depend on the hubs' occupancy.
        let o = overview(&case.history(Vec::new()), case.one_in_one_out, as_of);
        let row = Row {
            id: case.id.to_string(),
            jurisdiction: case.jurisdiction.profile().code,
            stage: o.stage,
            detained_since: o.detained_since,
            in_hub: o.in_hub.as_ref().map(|h| h.hub.clone()),
            in_hub_since: o.in_hub.as_ref().map(|h| h.since),
            planned_hub: o.planned_hub,
            deadlines: o.deadlines,
        };
        if keeps(filter, &row) {
            rows.push(row);
        }
    }
    let horizon = filter.deadline_within.unwrap_or(DEFAULT_ALERT_DAYS);
    let mut by_stage: BTreeMap<&'static str, usize> =
        Stage::ALL.iter().map(|s| (s.as_str(), 0)).collect();
    for r in &rows {
        *by_stage.entry(r.stage.as_str()).or_default() += 1;
    }
    let deadlines_due = rows
        .iter()
        .flat_map(|r| &r.deadlines)
        .filter(|d| d.days_left <= horizon)
        .count();
    let hub = match &filter.hub {
        Some(id) => hub_report(cases, everyone, hubs, id, as_of)?,
        None => None,
    };
    Ok(Caseload {
        as_of,
        cases: rows,
        by_stage,
        deadlines_due,
        hub,
    })
}

fn keeps(filter: &Filter, row: &Row) -> bool {
    filter.stage.is_none_or(|s| row.stage == s)
        && filter
            .deadline_within
            .is_none_or(|days| row.deadlines.iter().any(|d| d.days_left <= days))
        && filter.hub.as_ref().is_none_or(|h| {
            row.in_hub.as_ref() == Some(h)
                || (row.planned_hub.as_ref() == Some(h) && row.stage < Stage::InHub)
        })
}

/// A hub's occupancy (counted from the cases placed there, plus the
/// people whose cases this node does not hold) and the lengths of stay,
/// from the hubs report of [`crate::hubs`].
fn hub_report(
    cases: &[CaseFile],
    everyone: &[CaseFile],
    hubs: &[HubRecord],
    id: &str,
    as_of: NaiveDate,
) -> Result<Option<HubReport>, InputError> {
    if !hubs.iter().any(|h| h.id == id) {
        return Ok(None);
    }
    // Only cases that name a hub somewhere can have stayed in one.
    let stayed = |c: &&CaseFile| {
        c.events.iter().any(|r| {
            matches!(
                &r.event.kind,
                EventKind::RemovalExecuted {
                    destination: Some(Destination::ReturnHub { .. }),
                    ..
                } | EventKind::ReturnDecision {
                    destination: Some(Destination::ReturnHub { .. }),
                    ..
                }
            )
        })
    };
    let listed: Vec<&CaseFile> = cases.iter().filter(stayed).collect();
    let request = HubsRequest {
        about: None,
        as_of: Some(as_of),
        hubs: engine_hubs(hubs, everyone.iter(), as_of),
        // No record: nothing is proposed here, only counted.
        record: StepRecord::default(),
        cases: listed
            .iter()
            .map(|c| HubCase {
                id: c.id.to_string(),
                jurisdiction: c.jurisdiction,
                person: c.person.clone(),
                events: c.events(),
                destination_risks: c.destination_risks.clone(),
            })
            .collect(),
    };
    Ok(propose(&request, as_of)?
        .hubs
        .into_iter()
        .find(|h| h.id == id))
}

/// Placement proposals for the stored cases on `as_of`, as `hubs::propose`
/// makes them: the cases with a return decision in force and no removal
/// executed (stage `return_decision` or `removal_scheduled`), in id order,
/// each tried in the hub its return decision names first; a hub's
/// occupancy counts `everyone` placed there; every proposal within
/// capacity and allowed by the engine with `record` as the step's record.
/// Nothing is placed: a case officer records the placement as a
/// `removal_executed` to the hub, judged again then.
pub fn proposals(
    cases: &[CaseFile],
    everyone: &[CaseFile],
    hubs: &[HubRecord],
    record: StepRecord,
    as_of: NaiveDate,
) -> Result<HubsReport, InputError> {
    let waiting = cases.iter().filter(|c| {
        let o = overview(&c.history(Vec::new()), false, as_of);
        matches!(o.stage, Stage::ReturnDecision | Stage::RemovalScheduled)
    });
    let request = HubsRequest {
        about: None,
        as_of: Some(as_of),
        hubs: engine_hubs(hubs, everyone.iter(), as_of),
        record,
        cases: waiting
            .map(|c| HubCase {
                id: c.id.to_string(),
                jurisdiction: c.jurisdiction,
                person: c.person.clone(),
                events: c.events(),
                destination_risks: c.destination_risks.clone(),
            })
            .collect(),
    };
    propose(&request, as_of)
}
