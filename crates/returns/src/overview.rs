//! Where a case stands on a day: its stage in the lifecycle, whether the
//! person is detained or in a hub, and the deadlines running — detention
//! orders, the maximum of detention and its judicial review, the appeal
//! window, the voluntary departure period, the recovery and reflection
//! period, and the "one in, one out" referral, answer and removal. What
//! `corridor cases list` filters and `corridor cases show` prints.

use chrono::{Days, Months, NaiveDate};
use serde::Serialize;

use crate::case::{AsylumOutcome, CaseHistory, Event, EventKind, TraffickingStatus};
use crate::one_in_one_out;
use crate::state::CaseState;

/// The stage of a case, in lifecycle order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Nothing decided yet (an arrival, an identification).
    Arrived,
    /// An asylum claim is pending.
    AsylumClaim,
    /// The claim was refused, inadmissible or withdrawn; no return
    /// decision yet.
    Refused,
    /// An appeal is pending.
    Appeal,
    /// International protection was granted.
    Protected,
    /// A return decision is in force; no removal scheduled.
    ReturnDecision,
    /// A removal is scheduled.
    RemovalScheduled,
    /// The person is in a return hub.
    InHub,
    /// The person was removed.
    Removed,
    /// An outcome is recorded: the case is closed.
    Closed,
}

impl Stage {
    pub const ALL: [Stage; 10] = [
        Stage::Arrived,
        Stage::AsylumClaim,
        Stage::Refused,
        Stage::Appeal,
        Stage::Protected,
        Stage::ReturnDecision,
        Stage::RemovalScheduled,
        Stage::InHub,
        Stage::Removed,
        Stage::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Arrived => "arrived",
            Stage::AsylumClaim => "asylum_claim",
            Stage::Refused => "refused",
            Stage::Appeal => "appeal",
            Stage::Protected => "protected",
            Stage::ReturnDecision => "return_decision",
            Stage::RemovalScheduled => "removal_scheduled",
            Stage::InHub => "in_hub",
            Stage::Removed => "removed",
            Stage::Closed => "closed",
        }
    }

    pub fn parse(text: &str) -> Result<Stage, String> {
        Stage::ALL
            .into_iter()
            .find(|s| s.as_str() == text)
            .ok_or_else(|| {
                let all: Vec<&str> = Stage::ALL.iter().map(|s| s.as_str()).collect();
                format!("unknown stage {text:?}; expected one of {}", all.join(", "))
            })
    }
}

impl std::fmt::Display for Stage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A clock that runs on the case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKind {
    /// The running detention order ends (a new order or an extension is
    /// needed to keep the person detained).
    DetentionOrderEnds,
    /// The last day of detention the jurisdiction allows.
    DetentionMaximum,
    /// A judicial review of detention is due.
    JudicialReviewDue,
    /// The last day to appeal the latest asylum or return decision.
    AppealWindowCloses,
    /// The period for voluntary departure ends.
    VoluntaryDepartureEnds,
    /// The recovery and reflection period of a trafficking victim ends.
    ReflectionPeriodEnds,
    /// "One in, one out": the referral to France is due.
    OneInOneOutReferral,
    /// "One in, one out": France's answer is due.
    OneInOneOutAnswer,
    /// "One in, one out": the removal must take place by this day.
    OneInOneOutRemoval,
}

/// A deadline and the days left on the report date (0 on the day itself,
/// negative once it has passed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Deadline {
    pub kind: DeadlineKind,
    pub due: NaiveDate,
    pub days_left: i64,
}

/// A stay in a return hub.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HubStay {
    pub hub: String,
    pub since: NaiveDate,
}

/// Where a case stands at the end of a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Overview {
    pub stage: Stage,
    /// The start of the detention in force.
    pub detained_since: Option<NaiveDate>,
    /// The hub the person is in, and since when.
    pub in_hub: Option<HubStay>,
    /// The hub the latest return decision or scheduled removal names.
    pub planned_hub: Option<String>,
    /// Running deadlines, soonest first.
    pub deadlines: Vec<Deadline>,
}

/// The case as it stood at the end of `on` (events dated later are not
/// yet known). `one_in_one_out` adds the arrangement's deadlines.
pub fn overview(case: &CaseHistory, one_in_one_out: bool, on: NaiveDate) -> Overview {
    let state = CaseState::fold(case, on);
    let mut events: Vec<&Event> = case.events.iter().filter(|e| e.date <= on).collect();
    events.sort_by_key(|e| e.date);
    let in_hub = crate::hubs::current_stay(&case.events, on);
    let stage = stage(&state, &events, in_hub.is_some());
    let mut deadlines = Vec::new();
    let mut due = |kind, date: NaiveDate| {
        deadlines.push(Deadline {
            kind,
            due: date,
            days_left: (date - on).num_days(),
        })
    };
    let profile = case.jurisdiction.profile();
    if let Some(d) = &state.detention {
        if let Some(until) = d.until {
            due(DeadlineKind::DetentionOrderEnds, until);
        }
        if let Some(max) = profile.max_detention_months {
            if let Some(end) = d.start.checked_add_months(Months::new(max)) {
                let served = u64::try_from(state.detained_days_before).unwrap_or(0);
                due(DeadlineKind::DetentionMaximum, end - Days::new(served));
            }
        }
        if let Some(review) = d
            .last_review
            .checked_add_months(Months::new(profile.judicial_review_months))
        {
            due(DeadlineKind::JudicialReviewDue, review);
        }
    }
    let open = matches!(
        stage,
        Stage::Refused | Stage::ReturnDecision | Stage::RemovalScheduled
    );
    if let (true, Some(decided)) = (open, unappealed_decision(&events)) {
        let last = decided + Days::new(u64::from(profile.appeal_window_days));
        if on <= last {
            due(DeadlineKind::AppealWindowCloses, last);
        }
    }
    if let (Some((offered, days)), false) = (
        state.voluntary_departure,
        state.voluntary_departure_declined,
    ) {
        let last = offered + Days::new(u64::from(days));
        if on <= last && stage < Stage::InHub {
            due(DeadlineKind::VoluntaryDepartureEnds, last);
        }
    }
    if let Some(t) = &state.trafficking {
        if let (false, Some(since)) = (t.status == TraffickingStatus::NotIdentified, t.since) {
            let ends = since + Days::new(u64::from(profile.reflection_days));
            if on < ends {
                due(DeadlineKind::ReflectionPeriodEnds, ends);
            }
        }
    }
    if one_in_one_out {
        if let Some((kind, date)) = one_in_one_out_due(&events) {
            due(kind, date);
        }
    }
    deadlines.sort_by_key(|d| (d.due, d.kind));
    Overview {
        stage,
        detained_since: state.detention.as_ref().map(|d| d.start),
        in_hub: in_hub.map(|(hub, since)| HubStay { hub, since }),
        planned_hub: planned_hub(&events),
        deadlines,
    }
}

fn stage(state: &CaseState, events: &[&Event], in_hub: bool) -> Stage {
    let any = |f: fn(&EventKind) -> bool| events.iter().any(|e| f(&e.kind));
    if any(|k| matches!(k, EventKind::Outcome { .. })) {
        return Stage::Closed;
    }
    if in_hub {
        return Stage::InHub;
    }
    if any(|k| matches!(k, EventKind::RemovalExecuted { .. })) {
        return Stage::Removed;
    }
    if state.protection_granted.is_some() {
        return Stage::Protected;
    }
    if state.appeals.iter().any(|a| !a.decided) {
        return Stage::Appeal;
    }
    if state.asylum_pending_since.is_some() {
        return Stage::AsylumClaim;
    }
    if state.return_decision.is_some() {
        let scheduled = events
            .iter()
            .rev()
            .take_while(|e| !matches!(e.kind, EventKind::ReturnDecision { .. }))
            .any(|e| matches!(e.kind, EventKind::RemovalScheduled { .. }));
        return if scheduled {
            Stage::RemovalScheduled
        } else {
            Stage::ReturnDecision
        };
    }
    if any(|k| matches!(k, EventKind::AsylumDecision { .. })) {
        return Stage::Refused;
    }
    Stage::Arrived
}

/// The date of the latest refusal or return decision if no appeal was
/// lodged after it.
fn unappealed_decision(events: &[&Event]) -> Option<NaiveDate> {
    for e in events.iter().rev() {
        match &e.kind {
            EventKind::AppealLodged { .. } => return None,
            EventKind::ReturnDecision { .. } => return Some(e.date),
            EventKind::AsylumDecision { outcome } if *outcome != AsylumOutcome::Granted => {
                return Some(e.date)
            }
            _ => {}
        }
    }
    None
}

fn planned_hub(events: &[&Event]) -> Option<String> {
    use crate::case::Destination;
    events.iter().rev().find_map(|e| match &e.kind {
        EventKind::RemovalScheduled {
            destination: Some(d),
            ..
        }
        | EventKind::ReturnDecision {
            destination: Some(d),
            ..
        } => Some(match d {
            Destination::ReturnHub { hub } => Some(hub.clone()),
            _ => None,
        }),
        _ => None,
    })?
}

/// The one "one in, one out" step the person waits for, if any: the
/// referral (from the arrival), France's answer (from the referral) or the
/// removal (from the acceptance). A refusal or a removal ends the clocks.
fn one_in_one_out_due(events: &[&Event]) -> Option<(DeadlineKind, NaiveDate)> {
    let first = |f: fn(&EventKind) -> bool| events.iter().find(|e| f(&e.kind)).map(|e| e.date);
    let arrival = first(|k| matches!(k, EventKind::Arrival { .. }))?;
    let referral = first(|k| matches!(k, EventKind::OneInOneOutReferral {}));
    let answer = events.iter().find_map(|e| match e.kind {
        EventKind::OneInOneOutAnswer { accepted } => Some((e.date, accepted)),
        _ => None,
    });
    let removed = first(|k| matches!(k, EventKind::RemovalExecuted { .. }));
    let accepted = answer.filter(|a| a.1).map(|a| a.0);
    let d = one_in_one_out::deadlines(arrival, referral, accepted);
    match (referral, answer, removed) {
        (_, _, Some(_)) | (_, Some((_, false)), _) => None,
        (None, _, _) => Some((DeadlineKind::OneInOneOutReferral, d.referral_by)),
        (Some(_), None, _) => d.answer_by.map(|a| (DeadlineKind::OneInOneOutAnswer, a)),
        (Some(_), Some(_), None) => d.removal_by.map(|r| (DeadlineKind::OneInOneOutRemoval, r)),
    }
}
