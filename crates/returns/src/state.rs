//! The case as it stands on a given day, folded from its events.
//!
//! Folding is total: any sequence of events yields a state (an appeal
//! decision without an appeal is simply ignored). The rules then read the
//! state; they never look at raw events.

use chrono::NaiveDate;

use crate::case::{
    AgeOutcome, AppealAgainst, AppealOutcome, AsylumOutcome, CaseHistory, Country, Destination,
    Event, EventKind, ReviewOutcome, TraffickingStatus, Vulnerability,
};

#[derive(Debug, Clone)]
pub(crate) struct Appeal {
    pub reference: Option<String>,
    pub against: AppealAgainst,
    pub lodged: NaiveDate,
    pub suspensive: bool,
    pub decided: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct SuspensiveRequest {
    pub reference: Option<String>,
    pub requested: NaiveDate,
    pub pending: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct NrClaim {
    pub destination: Option<Country>,
    pub lodged: NaiveDate,
    pub pending: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct CourtOrder {
    pub label: String,
    pub overrides: Vec<String>,
    pub until: Option<NaiveDate>,
}

#[derive(Debug, Clone)]
pub(crate) struct Detention {
    pub start: NaiveDate,
    pub until: Option<NaiveDate>,
    /// Start of detention or the last judicial review, whichever is later.
    pub last_review: NaiveDate,
}

#[derive(Debug, Clone)]
pub(crate) struct Trafficking {
    pub status: TraffickingStatus,
    /// First day there were reasonable grounds (or an identification).
    pub since: Option<NaiveDate>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct CaseState {
    pub asylum_pending_since: Option<NaiveDate>,
    pub protection_granted: Option<NaiveDate>,
    pub appeals: Vec<Appeal>,
    pub suspensive_requests: Vec<SuspensiveRequest>,
    pub nr_claims: Vec<NrClaim>,
    /// Destinations barred by an upheld non-refoulement claim, with the
    /// decision date; `None` bars every destination.
    pub nr_upheld: Vec<(Option<Country>, NaiveDate)>,
    pub rule39_since: Option<NaiveDate>,
    pub return_decision: Option<(NaiveDate, Option<Destination>, Option<String>)>,
    pub voluntary_departure: Option<(NaiveDate, u32)>,
    pub voluntary_departure_declined: bool,
    pub age_assessment: Option<(NaiveDate, AgeOutcome, Option<NaiveDate>)>,
    pub vulnerabilities: Vec<Vulnerability>,
    pub vulnerability_assessed: Option<NaiveDate>,
    pub trafficking: Option<Trafficking>,
    pub family_assessment: Option<(NaiveDate, bool)>,
    pub detention: Option<Detention>,
    /// Days of earlier, ended detention.
    pub detained_days_before: i64,
    pub monitor_assigned: Option<NaiveDate>,
    pub court_orders: Vec<CourtOrder>,
}

impl CaseState {
    /// The case as it stood at the end of `on`: events dated after it are
    /// not yet known.
    pub fn fold(case: &CaseHistory, on: NaiveDate) -> CaseState {
        let mut state = CaseState::from_person(case);
        let mut events: Vec<&Event> = case.events.iter().filter(|e| e.date <= on).collect();
        events.sort_by_key(|e| e.date);
        for e in events {
            state.close_lapsed_detention(e.date);
            state.apply(e);
        }
        state.close_lapsed_detention(on);
        state
    }

    fn from_person(case: &CaseHistory) -> CaseState {
        let p = &case.person;
        let trafficking = if p
            .vulnerabilities
            .contains(&Vulnerability::TraffickingVictim)
        {
            Some(TraffickingStatus::Identified)
        } else if p
            .vulnerabilities
            .contains(&Vulnerability::PresumedTraffickingVictim)
        {
            Some(TraffickingStatus::Presumed)
        } else {
            None
        };
        CaseState {
            vulnerabilities: non_trafficking(&p.vulnerabilities),
            trafficking: trafficking.map(|status| Trafficking {
                status,
                since: None,
            }),
            ..CaseState::default()
        }
    }

    /// A detention order that ran out ends on its last day.
    fn close_lapsed_detention(&mut self, day: NaiveDate) {
        if let Some(d) = &self.detention {
            if let Some(until) = d.until {
                if until < day {
                    self.end_detention(until);
                }
            }
        }
    }

    fn end_detention(&mut self, day: NaiveDate) {
        if let Some(d) = self.detention.take() {
            self.detained_days_before += (day - d.start).num_days().max(0);
        }
    }

    fn apply(&mut self, e: &Event) {
        let date = e.date;
        match &e.kind {
            EventKind::AsylumClaim {} => {
                self.asylum_pending_since.get_or_insert(date);
            }
            EventKind::AsylumDecision { outcome } => {
                self.asylum_pending_since = None;
                if *outcome == AsylumOutcome::Granted {
                    self.protection_granted = Some(date);
                }
            }
            EventKind::AppealLodged {
                reference,
                against,
                suspensive,
            } => self.appeals.push(Appeal {
                reference: reference.clone(),
                against: *against,
                lodged: date,
                suspensive: *suspensive,
                decided: false,
            }),
            EventKind::AppealDecided { reference, outcome } => {
                self.decide_appeal(reference.as_deref(), *outcome, date)
            }
            EventKind::SuspensiveEffectRequested { reference } => {
                self.suspensive_requests.push(SuspensiveRequest {
                    reference: reference.clone(),
                    requested: date,
                    pending: true,
                })
            }
            EventKind::SuspensiveEffectDecided { reference, granted } => {
                self.decide_suspensive_effect(reference.as_deref(), *granted)
            }
            EventKind::NonRefoulementClaim { destination } => self.nr_claims.push(NrClaim {
                destination: destination.clone(),
                lodged: date,
                pending: true,
            }),
            EventKind::NonRefoulementDecided {
                destination,
                upheld,
            } => self.decide_nr(destination.as_ref(), *upheld, date),
            EventKind::Rule39InterimMeasure { .. } => {
                self.rule39_since.get_or_insert(date);
            }
            EventKind::Rule39Lifted { .. } => self.rule39_since = None,
            EventKind::ReturnDecision {
                destination,
                voluntary_departure_exception,
            } => {
                self.return_decision = Some((
                    date,
                    destination.clone(),
                    voluntary_departure_exception.clone(),
                ))
            }
            EventKind::VoluntaryDepartureOffered { period_days } => {
                self.voluntary_departure = Some((date, *period_days));
                self.voluntary_departure_declined = false;
            }
            EventKind::VoluntaryDepartureDeclined {} => self.voluntary_departure_declined = true,
            EventKind::AgeAssessment {
                outcome,
                date_of_birth,
            } => self.age_assessment = Some((date, *outcome, *date_of_birth)),
            EventKind::VulnerabilityAssessment { findings } => {
                self.vulnerabilities = non_trafficking(findings);
                self.vulnerability_assessed = Some(date);
                if let Some(f) = findings.iter().find(|v| v.is_trafficking()) {
                    let status = if *f == Vulnerability::TraffickingVictim {
                        TraffickingStatus::Identified
                    } else {
                        TraffickingStatus::Presumed
                    };
                    self.record_trafficking(status, date);
                }
            }
            EventKind::TraffickingIdentification { status } => {
                self.record_trafficking(*status, date)
            }
            EventKind::FamilyAssessment { split_acceptable } => {
                self.family_assessment = Some((date, *split_acceptable))
            }
            EventKind::DetentionOrdered { until } => match &mut self.detention {
                Some(d) => d.until = *until,
                None => {
                    self.detention = Some(Detention {
                        start: date,
                        until: *until,
                        last_review: date,
                    })
                }
            },
            EventKind::DetentionExtended { until, .. } => {
                if let Some(d) = &mut self.detention {
                    d.until = Some(*until);
                }
            }
            EventKind::JudicialReview { outcome } => match outcome {
                ReviewOutcome::DetentionUpheld => {
                    if let Some(d) = &mut self.detention {
                        d.last_review = date;
                    }
                }
                ReviewOutcome::ReleaseOrdered => self.end_detention(date),
            },
            EventKind::DetentionEnded {} | EventKind::AlternativeToDetention { .. } => {
                self.end_detention(date)
            }
            EventKind::MonitorAssigned { .. } => {
                self.monitor_assigned.get_or_insert(date);
            }
            EventKind::CourtOrder {
                court,
                reference,
                overrides,
                until,
            } => self.court_orders.push(CourtOrder {
                label: court_order_label(court.as_deref(), reference.as_deref(), date),
                overrides: overrides.clone(),
                until: *until,
            }),
            EventKind::RemovalExecuted { .. } => {
                // The operation is over: the next one needs its own monitor.
                self.monitor_assigned = None;
                self.end_detention(date);
            }
            EventKind::Arrival { .. }
            | EventKind::EntryBan { .. }
            | EventKind::Identification { .. }
            | EventKind::TravelDocumentObtained { .. }
            | EventKind::RemovalScheduled { .. }
            | EventKind::OneInOneOutReferral {}
            | EventKind::OneInOneOutAnswer { .. }
            | EventKind::Outcome { .. } => {}
        }
    }

    fn record_trafficking(&mut self, status: TraffickingStatus, date: NaiveDate) {
        match status {
            TraffickingStatus::NotIdentified => {
                self.trafficking = Some(Trafficking {
                    status,
                    since: None,
                })
            }
            _ => {
                let since = self
                    .trafficking
                    .as_ref()
                    .filter(|t| t.status != TraffickingStatus::NotIdentified)
                    .and_then(|t| t.since)
                    .unwrap_or(date);
                // A conclusive identification is not undone by a later
                // presumption.
                let status = match &self.trafficking {
                    Some(t) if t.status == TraffickingStatus::Identified => t.status,
                    _ => status,
                };
                self.trafficking = Some(Trafficking {
                    status,
                    since: Some(since),
                });
            }
        }
    }

    /// The appeal a decision refers to: by reference, else the latest
    /// undecided one.
    fn find_appeal(&mut self, reference: Option<&str>) -> Option<&mut Appeal> {
        self.appeals
            .iter_mut()
            .rev()
            .filter(|a| !a.decided)
            .find(|a| reference.is_none() || a.reference.as_deref() == reference)
    }

    fn decide_appeal(&mut self, reference: Option<&str>, outcome: AppealOutcome, date: NaiveDate) {
        let Some(appeal) = self.find_appeal(reference) else {
            return;
        };
        appeal.decided = true;
        let (against, appeal_ref) = (appeal.against, appeal.reference.clone());
        // A request for suspensive effect falls with the appeal it serves.
        for r in &mut self.suspensive_requests {
            if r.pending && (r.reference.is_none() || r.reference == appeal_ref) {
                r.pending = false;
            }
        }
        if outcome == AppealOutcome::Allowed {
            match against {
                // The refusal is set aside: the claim is open again.
                AppealAgainst::AsylumDecision => self.asylum_pending_since = Some(date),
                AppealAgainst::ReturnDecision => self.return_decision = None,
                AppealAgainst::Other => {}
            }
        }
    }

    fn decide_suspensive_effect(&mut self, reference: Option<&str>, granted: bool) {
        if let Some(r) = self
            .suspensive_requests
            .iter_mut()
            .rev()
            .filter(|r| r.pending)
            .find(|r| reference.is_none() || r.reference.as_deref() == reference)
        {
            r.pending = false;
        }
        if granted {
            if let Some(a) = self.find_appeal(reference) {
                a.suspensive = true;
            }
        }
    }

    fn decide_nr(&mut self, destination: Option<&Country>, upheld: bool, date: NaiveDate) {
        for c in &mut self.nr_claims {
            if c.pending && (destination.is_none() || c.destination.as_ref() == destination) {
                c.pending = false;
            }
        }
        if upheld {
            self.nr_upheld.push((destination.cloned(), date));
        }
    }

    /// The court order in force on `on` that overrides `code`, if any.
    pub fn override_for(&self, code: &str, on: NaiveDate) -> Option<&CourtOrder> {
        self.court_orders
            .iter()
            .find(|o| o.until.is_none_or(|u| on <= u) && o.overrides.iter().any(|c| c == code))
    }
}

fn non_trafficking(v: &[Vulnerability]) -> Vec<Vulnerability> {
    v.iter().copied().filter(|v| !v.is_trafficking()).collect()
}

fn court_order_label(court: Option<&str>, reference: Option<&str>, date: NaiveDate) -> String {
    match (court, reference) {
        (Some(c), Some(r)) => format!("court order {r} of {c} ({date})"),
        (Some(c), None) => format!("court order of {c} ({date})"),
        (None, Some(r)) => format!("court order {r} ({date})"),
        (None, None) => format!("court order of {date}"),
    }
}
