//! Return hubs: placement proposals that respect capacity and every
//! safeguard, and occupancy and length-of-stay reports, as one pure
//! function of the hubs, the cases and a date.
//!
//! A proposal is made only where the hub has a free place (counting the
//! proposals already made) and the safeguards engine, asked about a
//! `place_in_hub` step on that date, allows it. Capacity is enforced here
//! independently of the engine, so a court order lifting `HUB_CAPACITY`
//! in a case never makes a proposal overfill a hub. Format:
//! docs/returns.md ("`corridor cases hubs`").

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::case::{
    CaseHistory, Country, Destination, DestinationRisk, Event, EventKind, Hub, Person,
    ProposedStep, StepKind,
};
use crate::engine::{check, Reason};
use crate::error::InputError;
use crate::profile::Jurisdiction;

/// The input of `corridor cases hubs`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HubsRequest {
    /// Free text describing the file; ignored.
    #[serde(default)]
    pub about: Option<String>,
    /// The date of the proposals and the reports; the caller may override it.
    #[serde(default)]
    pub as_of: Option<NaiveDate>,
    /// `occupancy` is every place taken on `as_of`, including the listed
    /// cases placed there.
    pub hubs: Vec<Hub>,
    /// Who would take the placement steps, on what basis and why; the
    /// engine blocks every proposal without them (`RATIONALE_MISSING`).
    #[serde(default)]
    pub record: StepRecord,
    pub cases: Vec<HubCase>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepRecord {
    #[serde(default)]
    pub by: Option<String>,
    #[serde(default)]
    pub legal_basis: Option<String>,
    #[serde(default)]
    pub rationale: Option<String>,
}

/// A case as the engine reads it, with an id; its hubs are the file's.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HubCase {
    pub id: String,
    pub jurisdiction: Jurisdiction,
    pub person: Person,
    #[serde(default)]
    pub events: Vec<Event>,
    #[serde(default)]
    pub destination_risks: Vec<DestinationRisk>,
}

impl HubsRequest {
    /// Reads and validates: unique hub and case ids, known rule codes in
    /// court orders, every placement in a listed hub, and no hub holding
    /// more listed cases than its `occupancy`.
    pub fn from_json(input: &str) -> Result<HubsRequest, InputError> {
        let request: HubsRequest = crate::parse(input)?;
        let invalid = |path: String, message: String| InputError::Invalid { path, message };
        let mut ids = BTreeSet::new();
        for (i, h) in request.hubs.iter().enumerate() {
            if !ids.insert(h.id.as_str()) {
                return Err(invalid(
                    format!("hubs[{i}].id"),
                    format!("{:?} appears twice", h.id),
                ));
            }
        }
        let mut ids = BTreeSet::new();
        for (i, c) in request.cases.iter().enumerate() {
            if !ids.insert(c.id.as_str()) {
                return Err(invalid(
                    format!("cases[{i}].id"),
                    format!("{:?} appears twice", c.id),
                ));
            }
            crate::validate_court_orders(&c.events, &format!("cases[{i}].events"))?;
        }
        Ok(request)
    }
}

/// The answer: proposals, the cases not placed and why, and per hub its
/// occupancy and lengths of stay.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HubsReport {
    pub as_of: NaiveDate,
    pub proposals: Vec<Proposal>,
    pub not_placed: Vec<NotPlaced>,
    /// Cases not considered: already in a hub, or closed.
    pub skipped: Vec<Skipped>,
    pub hubs: Vec<HubReport>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Proposal {
    pub case: String,
    pub hub: String,
    pub host_state: Country,
    pub date: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotPlaced {
    pub case: String,
    /// Every hub tried, in order, and why it could not take the person.
    pub tried: Vec<Tried>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tried {
    pub hub: String,
    /// No free place left (the engine was not asked).
    pub full: bool,
    /// The engine's reasons for blocking the placement.
    pub reasons: Vec<Reason>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub case: String,
    /// `in_hub` or `closed` (removed elsewhere, or an `outcome` recorded).
    pub reason: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HubReport {
    pub id: String,
    pub name: Option<String>,
    pub host_state: Country,
    pub capacity: u32,
    /// Places taken on `as_of`, as given.
    pub occupancy: u32,
    /// Of those, the listed cases placed there.
    pub listed: u32,
    pub proposed: u32,
    pub occupancy_after: u32,
    pub free_after: u32,
    pub current: Vec<Stay>,
    pub completed: Vec<Stay>,
    pub length_of_stay: LengthOfStay,
}

/// A stay in a hub: from the `removal_executed` to it until the person
/// left (`until`), or to `as_of` for a current stay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stay {
    pub case: String,
    pub since: NaiveDate,
    pub until: Option<NaiveDate>,
    pub days: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LengthOfStay {
    pub current: StayStats,
    pub completed: StayStats,
}

/// Days of stay: count, shortest, longest, mean (one decimal) and median
/// (the lower middle value when the count is even).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StayStats {
    pub count: usize,
    pub min_days: Option<i64>,
    pub max_days: Option<i64>,
    pub mean_days: Option<f64>,
    pub median_days: Option<i64>,
}

impl StayStats {
    fn of(stays: &[Stay]) -> StayStats {
        let mut days: Vec<i64> = stays.iter().map(|s| s.days).collect();
        days.sort_unstable();
        let count = days.len();
        StayStats {
            count,
            min_days: days.first().copied(),
            max_days: days.last().copied(),
            mean_days: (count > 0).then(|| {
                let mean = days.iter().sum::<i64>() as f64 / count as f64;
                (mean * 10.0).round() / 10.0
            }),
            median_days: (count > 0).then(|| days[(count - 1) / 2]),
        }
    }
}

/// Where a case stands with respect to hubs on a date.
struct Placement {
    current: Option<(String, NaiveDate)>,
    completed: Vec<(String, NaiveDate, NaiveDate)>,
    closed: bool,
    /// The hub the latest return decision names, if any.
    decided_hub: Option<String>,
}

/// Folds the events up to `as_of`: a `removal_executed` to a return hub
/// (named, or through the return decision's destination) starts a stay; a
/// later `removal_executed` elsewhere or an `outcome` ends it and closes
/// the case.
fn placement<'a>(events: impl IntoIterator<Item = &'a Event>, as_of: NaiveDate) -> Placement {
    let mut events: Vec<&Event> = events.into_iter().filter(|e| e.date <= as_of).collect();
    events.sort_by_key(|e| e.date);
    let mut p = Placement {
        current: None,
        completed: Vec::new(),
        closed: false,
        decided_hub: None,
    };
    let mut decided: Option<Destination> = None;
    for e in events {
        match &e.kind {
            EventKind::ReturnDecision { destination, .. } => {
                decided = destination.clone();
                p.decided_hub = match destination {
                    Some(Destination::ReturnHub { hub }) => Some(hub.clone()),
                    _ => None,
                };
            }
            EventKind::RemovalExecuted { destination, .. } => {
                let to = destination.clone().or_else(|| decided.clone());
                match to {
                    Some(Destination::ReturnHub { hub }) => {
                        if let Some((h, since)) = p.current.take() {
                            if h == hub {
                                p.current = Some((h, since));
                                continue;
                            }
                            p.completed.push((h, since, e.date));
                        }
                        p.current = Some((hub, e.date));
                        p.closed = false;
                    }
                    _ => {
                        if let Some((h, since)) = p.current.take() {
                            p.completed.push((h, since, e.date));
                        }
                        p.closed = true;
                    }
                }
            }
            EventKind::Outcome { .. } => {
                if let Some((h, since)) = p.current.take() {
                    p.completed.push((h, since, e.date));
                }
                p.closed = true;
            }
            _ => {}
        }
    }
    p
}

/// The hub a case's person is in at the end of `on`, and since when: a
/// `removal_executed` to a return hub starts a stay, a later removal
/// elsewhere or an `outcome` ends it.
pub fn current_stay<'a>(
    events: impl IntoIterator<Item = &'a Event>,
    on: NaiveDate,
) -> Option<(String, NaiveDate)> {
    placement(events, on).current
}

/// Reads a hubs file and reports on it as of `as_of`, else the file's
/// `as_of`; an error if neither gives a date.
pub fn hubs_json(input: &str, as_of: Option<NaiveDate>) -> Result<HubsReport, InputError> {
    let request = HubsRequest::from_json(input)?;
    let as_of = as_of.or(request.as_of).ok_or_else(|| InputError::Invalid {
        path: "as_of".to_owned(),
        message: "no date to report on: give `as_of` in the file or --as-of".to_owned(),
    })?;
    propose(&request, as_of)
}

/// Proposes placements on `as_of` and reports occupancy and stays.
///
/// Cases are taken in the order of the file; for each, the hub its return
/// decision names is tried first, then the others in the order of the
/// file; the first hub with a free place whose placement the engine allows
/// is proposed. Errors when a case is placed in a hub not listed, or a hub
/// holds more listed cases than its `occupancy` says.
pub fn propose(request: &HubsRequest, as_of: NaiveDate) -> Result<HubsReport, InputError> {
    let placements: Vec<Placement> = request
        .cases
        .iter()
        .map(|c| placement(&c.events, as_of))
        .collect();

    let mut listed: BTreeMap<&str, u32> = BTreeMap::new();
    for (i, (c, p)) in request.cases.iter().zip(&placements).enumerate() {
        let stays = p
            .current
            .iter()
            .map(|(h, _)| h)
            .chain(p.completed.iter().map(|(h, _, _)| h));
        for hub in stays {
            if !request.hubs.iter().any(|h| &h.id == hub) {
                return Err(InputError::Invalid {
                    path: format!("cases[{i}].events"),
                    message: format!(
                        "case {:?} was placed in hub {hub:?}, which is not among `hubs`",
                        c.id
                    ),
                });
            }
        }
        if let Some((h, _)) = &p.current {
            *listed.entry(h.as_str()).or_default() += 1;
        }
    }
    for (i, h) in request.hubs.iter().enumerate() {
        let n = listed.get(h.id.as_str()).copied().unwrap_or(0);
        if n > h.occupancy {
            return Err(InputError::Invalid {
                path: format!("hubs[{i}].occupancy"),
                message: format!(
                    "{n} listed cases are in hub {:?} on {as_of}, but its occupancy is {}",
                    h.id, h.occupancy
                ),
            });
        }
    }

    // The hubs as the engine will see them, occupancy growing with each
    // proposal.
    let mut hubs: Vec<Hub> = request.hubs.clone();
    let mut proposals = Vec::new();
    let mut not_placed = Vec::new();
    let mut skipped = Vec::new();

    for (case, p) in request.cases.iter().zip(&placements) {
        if p.current.is_some() || p.closed {
            skipped.push(Skipped {
                case: case.id.clone(),
                reason: if p.current.is_some() {
                    "in_hub"
                } else {
                    "closed"
                },
            });
            continue;
        }
        let mut order: Vec<usize> = (0..hubs.len()).collect();
        if let Some(first) = p
            .decided_hub
            .as_ref()
            .and_then(|d| hubs.iter().position(|h| &h.id == d))
        {
            order.retain(|&i| i != first);
            order.insert(0, first);
        }
        let mut tried = Vec::new();
        let mut chosen = None;
        for i in order {
            let hub = &hubs[i];
            if hub.occupancy >= hub.capacity {
                tried.push(Tried {
                    hub: hub.id.clone(),
                    full: true,
                    reasons: Vec::new(),
                });
                continue;
            }
            let history = CaseHistory {
                jurisdiction: case.jurisdiction,
                person: case.person.clone(),
                events: case.events.clone(),
                destination_risks: case.destination_risks.clone(),
                hubs: hubs.clone(),
            };
            let step = ProposedStep {
                date: as_of,
                by: request.record.by.clone(),
                legal_basis: request.record.legal_basis.clone(),
                rationale: request.record.rationale.clone(),
                kind: StepKind::PlaceInHub {
                    hub: hub.id.clone(),
                    accompanied_by: Vec::new(),
                },
            };
            let decision = check(&history, &step);
            if decision.allowed {
                chosen = Some(i);
                break;
            }
            tried.push(Tried {
                hub: hub.id.clone(),
                full: false,
                reasons: decision.reasons,
            });
        }
        match chosen {
            Some(i) => {
                hubs[i].occupancy += 1;
                proposals.push(Proposal {
                    case: case.id.clone(),
                    hub: hubs[i].id.clone(),
                    host_state: hubs[i].host_state.clone(),
                    date: as_of,
                });
            }
            None => not_placed.push(NotPlaced {
                case: case.id.clone(),
                tried,
            }),
        }
    }

    let reports = request
        .hubs
        .iter()
        .zip(&hubs)
        .map(|(before, after)| {
            let mut current = Vec::new();
            let mut completed = Vec::new();
            for (case, p) in request.cases.iter().zip(&placements) {
                if let Some((h, since)) = &p.current {
                    if h == &before.id {
                        current.push(Stay {
                            case: case.id.clone(),
                            since: *since,
                            until: None,
                            days: (as_of - *since).num_days(),
                        });
                    }
                }
                for (h, since, until) in &p.completed {
                    if h == &before.id {
                        completed.push(Stay {
                            case: case.id.clone(),
                            since: *since,
                            until: Some(*until),
                            days: (*until - *since).num_days(),
                        });
                    }
                }
            }
            HubReport {
                id: before.id.clone(),
                name: before.name.clone(),
                host_state: before.host_state.clone(),
                capacity: before.capacity,
                occupancy: before.occupancy,
                listed: listed.get(before.id.as_str()).copied().unwrap_or(0),
                proposed: after.occupancy - before.occupancy,
                occupancy_after: after.occupancy,
                free_after: after.capacity.saturating_sub(after.occupancy),
                length_of_stay: LengthOfStay {
                    current: StayStats::of(&current),
                    completed: StayStats::of(&completed),
                },
                current,
                completed,
            }
        })
        .collect();

    Ok(HubsReport {
        as_of,
        proposals,
        not_placed,
        skipped,
        hubs: reports,
    })
}
