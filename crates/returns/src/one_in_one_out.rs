//! The UK–France "one in, one out" arrangement: its deadlines, as pure
//! functions of dates, and the ledger built on them.
//!
//! A person arriving by small boat is referred to France within 3 days of
//! arrival, France answers within 14 days of the referral, and the removal
//! takes place within 3 months of France's acceptance or the obligation
//! lapses. In return the UK admits people through a reciprocal legal
//! route; a person returned under the arrangement is barred from that
//! route. The numbers are data here ([`REFERRAL_DAYS`], [`ANSWER_DAYS`],
//! [`REMOVAL_MONTHS`]) so a revised arrangement changes one place.
//!
//! The ledger ([`report`]) reads dated events per person and answers, as of
//! a date: each person's state (referred in time or late, answered in time
//! or late, lapsed, removed, admitted, barred), alerts for deadlines due
//! soon or already lapsed, and the running balance of returns against
//! admissions with its history. Rules and formats: docs/returns.md.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::InputError;

/// Days from arrival to the referral.
pub const REFERRAL_DAYS: u64 = 3;
/// Days from the referral to the partner's answer.
pub const ANSWER_DAYS: u64 = 14;
/// Months from acceptance to removal before the obligation lapses.
pub const REMOVAL_MONTHS: u32 = 3;

/// The last day for each step; a step on that day is in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Deadlines {
    pub referral_by: NaiveDate,
    /// Known once the referral is made.
    pub answer_by: Option<NaiveDate>,
    /// Known once the partner accepts.
    pub removal_by: Option<NaiveDate>,
}

/// The last day to remove a person France accepted on `accepted`: the same
/// day number 3 calendar months later, or the last day of that month when
/// it is shorter (31 August → 30 November; 30 November → 28 February).
pub fn removal_deadline(accepted: NaiveDate) -> Option<NaiveDate> {
    accepted.checked_add_months(Months::new(REMOVAL_MONTHS))
}

/// Deadlines for a case that arrived on `arrival`, referred on `referral`
/// and accepted on `accepted` (each if it happened).
pub fn deadlines(
    arrival: NaiveDate,
    referral: Option<NaiveDate>,
    accepted: Option<NaiveDate>,
) -> Deadlines {
    Deadlines {
        referral_by: arrival + Days::new(REFERRAL_DAYS),
        answer_by: referral.map(|r| r + Days::new(ANSWER_DAYS)),
        removal_by: accepted.and_then(removal_deadline),
    }
}

/// Whether the obligation to remove has lapsed on `on`: the partner
/// accepted, and the removal deadline has passed.
pub fn lapsed(accepted: NaiveDate, on: NaiveDate) -> bool {
    removal_deadline(accepted).is_none_or(|last| on > last)
}

// ---- the ledger -------------------------------------------------------------

/// The ledger input (docs/returns.md, "`corridor cases ledger`").
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ledger {
    /// Free text describing the file; ignored.
    #[serde(default)]
    pub about: Option<String>,
    /// The date to report on; the caller may override it.
    #[serde(default)]
    pub as_of: Option<NaiveDate>,
    /// How many days before a deadline an alert is raised.
    #[serde(default)]
    pub alert_days: AlertDays,
    /// Totals carried in from before the ledger starts.
    #[serde(default)]
    pub brought_forward: Option<BroughtForward>,
    pub people: Vec<LedgerPerson>,
}

/// Days before each deadline from which an open step raises an alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlertDays {
    #[serde(default = "default_referral_alert")]
    pub referral: u32,
    #[serde(default = "default_answer_alert")]
    pub answer: u32,
    #[serde(default = "default_removal_alert")]
    pub removal: u32,
}

fn default_referral_alert() -> u32 {
    2
}
fn default_answer_alert() -> u32 {
    3
}
fn default_removal_alert() -> u32 {
    14
}

impl Default for AlertDays {
    fn default() -> Self {
        AlertDays {
            referral: default_referral_alert(),
            answer: default_answer_alert(),
            removal: default_removal_alert(),
        }
    }
}

/// Totals returned and admitted up to and including `date`, from a source
/// outside the ledger (e.g. published Home Office figures).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BroughtForward {
    pub date: NaiveDate,
    pub returned: u32,
    pub admitted: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// One person's dated events, under a pseudonymous id (the same id on both
/// sides of the arrangement: matching identities is not the ledger's job).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LedgerPerson {
    pub id: String,
    #[serde(default)]
    pub events: Vec<LedgerEvent>,
}

/// What happened to a person, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum LedgerEvent {
    /// Arrival in the UK by small boat: starts the referral clock.
    Arrival { date: NaiveDate },
    /// The UK refers the person to France: starts the answer clock.
    Referral { date: NaiveDate },
    /// France's answer; an acceptance starts the removal clock.
    Answer { date: NaiveDate, accepted: bool },
    /// The person was returned to France.
    Removal { date: NaiveDate },
    /// The person applied to the reciprocal legal route.
    RouteApplication { date: NaiveDate },
    /// The person was admitted to the UK through the reciprocal route.
    Admission { date: NaiveDate },
}

impl LedgerEvent {
    pub fn date(&self) -> NaiveDate {
        match self {
            LedgerEvent::Arrival { date }
            | LedgerEvent::Referral { date }
            | LedgerEvent::Answer { date, .. }
            | LedgerEvent::Removal { date }
            | LedgerEvent::RouteApplication { date }
            | LedgerEvent::Admission { date } => *date,
        }
    }

    fn name(&self) -> &'static str {
        match self {
            LedgerEvent::Arrival { .. } => "arrival",
            LedgerEvent::Referral { .. } => "referral",
            LedgerEvent::Answer { .. } => "answer",
            LedgerEvent::Removal { .. } => "removal",
            LedgerEvent::RouteApplication { .. } => "route_application",
            LedgerEvent::Admission { .. } => "admission",
        }
    }
}

impl Ledger {
    /// Reads and validates a ledger: person ids are unique, and nothing the
    /// balance counts is dated on or before the brought-forward date (it
    /// would be counted twice).
    pub fn from_json(input: &str) -> Result<Ledger, InputError> {
        let ledger: Ledger = crate::parse(input)?;
        let mut seen = BTreeSet::new();
        for (i, p) in ledger.people.iter().enumerate() {
            if !seen.insert(p.id.as_str()) {
                return Err(InputError::Invalid {
                    path: format!("people[{i}].id"),
                    message: format!("{:?} appears twice; one entry per person", p.id),
                });
            }
            let Some(bf) = &ledger.brought_forward else {
                continue;
            };
            for (j, e) in p.events.iter().enumerate() {
                let counted = matches!(
                    e,
                    LedgerEvent::Removal { .. } | LedgerEvent::Admission { .. }
                );
                if counted && e.date() <= bf.date {
                    return Err(InputError::Invalid {
                        path: format!("people[{i}].events[{j}]"),
                        message: format!(
                            "{} dated {} is on or before brought_forward.date ({}): it is already \
                             in the brought-forward totals",
                            e.name(),
                            e.date(),
                            bf.date
                        ),
                    });
                }
            }
        }
        Ok(ledger)
    }
}

/// The ledger as it stood at the end of `as_of`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LedgerReport {
    pub as_of: NaiveDate,
    pub rules: LedgerRules,
    pub people: Vec<PersonState>,
    pub alerts: Vec<Alert>,
    pub issues: Vec<PersonIssue>,
    pub balance: Balance,
}

/// The deadline rules the report applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LedgerRules {
    pub referral_days: u64,
    pub answer_days: u64,
    pub removal_months: u32,
    pub alert_days: AlertDays,
}

/// Where a person stands in the arrangement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Nothing recorded on or before `as_of`.
    NoEvents,
    AwaitingReferral,
    /// Arrived, not referred, and the referral deadline has passed.
    ReferralLapsed,
    AwaitingAnswer,
    /// Referred, no answer, and the answer deadline has passed.
    AnswerOverdue,
    /// France refused: no removal under the arrangement.
    Refused,
    AwaitingRemoval,
    /// Accepted, not removed, and the 3 months have passed: the
    /// obligation has lapsed.
    RemovalLapsed,
    Removed,
    /// Applied to the reciprocal route (not admitted yet, not barred).
    Applied,
    Admitted,
}

/// One step taken, with whether it met its deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct StepTaken {
    pub date: NaiveDate,
    /// `None` when there was no deadline (e.g. a removal without an
    /// acceptance, a referral without a recorded arrival).
    pub in_time: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct AnswerTaken {
    pub date: NaiveDate,
    pub accepted: bool,
    pub in_time: Option<bool>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct PersonDeadlines {
    pub referral_by: Option<NaiveDate>,
    pub answer_by: Option<NaiveDate>,
    pub removal_by: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Deadline {
    Referral,
    Answer,
    Removal,
}

/// A deadline that passed without its step: `lapsed_on` is the first day
/// after `due`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Lapse {
    pub deadline: Deadline,
    pub due: NaiveDate,
    pub lapsed_on: NaiveDate,
    /// The step, if it was taken after all (late).
    pub taken_late: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RouteApplication {
    pub date: NaiveDate,
    /// Made after the person was returned: refused by the bar.
    pub barred: bool,
}

/// Something in a person's record that the arrangement does not allow or
/// that the ledger had to ignore.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Issue {
    pub code: &'static str,
    pub date: NaiveDate,
    pub text: String,
}

/// An issue with the person it concerns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonIssue {
    pub person: String,
    #[serde(flatten)]
    pub issue: Issue,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonState {
    pub id: String,
    pub status: Status,
    pub arrival: Option<NaiveDate>,
    pub deadlines: PersonDeadlines,
    pub referral: Option<StepTaken>,
    pub answer: Option<AnswerTaken>,
    pub removal: Option<StepTaken>,
    /// Counted admission through the reciprocal route.
    pub admission: Option<NaiveDate>,
    pub route_applications: Vec<RouteApplication>,
    /// Returned under the arrangement, hence barred from the route.
    pub barred: bool,
    pub lapses: Vec<Lapse>,
    pub issues: Vec<Issue>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertStatus {
    Lapsed,
    DueSoon,
}

/// An open deadline (its step not yet taken) that is due within the alert
/// horizon or has already passed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Alert {
    pub person: String,
    pub deadline: Deadline,
    pub due: NaiveDate,
    /// `due − as_of`: 0 on the last day, negative once lapsed.
    pub days_left: i64,
    pub status: AlertStatus,
}

/// Returns against admissions; `balance = returned − admitted`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Balance {
    pub returned: i64,
    pub admitted: i64,
    pub balance: i64,
    pub brought_forward: Option<BroughtForward>,
    /// One entry per day on which the totals changed (and one for the
    /// brought-forward date), with the running totals at the end of it.
    pub history: Vec<BalanceDay>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BalanceDay {
    pub date: NaiveDate,
    pub returned_that_day: i64,
    pub admitted_that_day: i64,
    pub returned: i64,
    pub admitted: i64,
    pub balance: i64,
}

/// Reads a ledger (docs/returns.md) and reports on it as of `as_of`, else
/// the file's `as_of`; an error if neither gives a date.
pub fn ledger_json(input: &str, as_of: Option<NaiveDate>) -> Result<LedgerReport, InputError> {
    let ledger = Ledger::from_json(input)?;
    let as_of = as_of.or(ledger.as_of).ok_or_else(|| InputError::Invalid {
        path: "as_of".to_owned(),
        message: "no date to report on: give `as_of` in the file or --as-of".to_owned(),
    })?;
    Ok(report(&ledger, as_of))
}

/// The ledger as it stood at the end of `as_of`: events dated later are
/// not yet known.
pub fn report(ledger: &Ledger, as_of: NaiveDate) -> LedgerReport {
    let people: Vec<PersonState> = ledger
        .people
        .iter()
        .map(|p| person_state(p, as_of))
        .collect();

    let mut alerts: Vec<Alert> = people
        .iter()
        .flat_map(|p| open_alerts(p, as_of, &ledger.alert_days))
        .collect();
    alerts.sort_by(|a, b| (a.due, &a.person, a.deadline).cmp(&(b.due, &b.person, b.deadline)));

    let issues = people
        .iter()
        .flat_map(|p| {
            p.issues.iter().map(|i| PersonIssue {
                person: p.id.clone(),
                issue: i.clone(),
            })
        })
        .collect();

    LedgerReport {
        as_of,
        rules: LedgerRules {
            referral_days: REFERRAL_DAYS,
            answer_days: ANSWER_DAYS,
            removal_months: REMOVAL_MONTHS,
            alert_days: ledger.alert_days,
        },
        balance: balance(&people, ledger.brought_forward.as_ref()),
        people,
        alerts,
        issues,
    }
}

fn issue(code: &'static str, date: NaiveDate, text: String) -> Issue {
    Issue { code, date, text }
}

fn person_state(person: &LedgerPerson, as_of: NaiveDate) -> PersonState {
    let mut events: Vec<&LedgerEvent> =
        person.events.iter().filter(|e| e.date() <= as_of).collect();
    events.sort_by_key(|e| e.date());

    let mut arrival = None;
    let mut referral = None;
    let mut answer: Option<(NaiveDate, bool)> = None;
    let mut removal = None;
    let mut admission = None;
    let mut applications = Vec::new();
    let mut issues = Vec::new();
    let duplicate = |e: &LedgerEvent, first: NaiveDate| {
        issue(
            "DUPLICATE_EVENT",
            e.date(),
            format!(
                "A second {} is recorded; the first, on {first}, counts.",
                e.name()
            ),
        )
    };

    // The bar applies from the day of the (first) removal, whatever the
    // order of that day's events.
    let removed_on = events
        .iter()
        .filter(|e| matches!(e, LedgerEvent::Removal { .. }))
        .map(|e| e.date())
        .min();
    let barred_on = |d: NaiveDate| removed_on.filter(|r| *r <= d);

    for e in events {
        let d = e.date();
        match e {
            LedgerEvent::Arrival { .. } => match arrival {
                Some(first) => issues.push(duplicate(e, first)),
                None => arrival = Some(d),
            },
            LedgerEvent::Referral { .. } => match referral {
                Some(first) => issues.push(duplicate(e, first)),
                None => {
                    if arrival.is_none() {
                        issues.push(issue(
                            "NO_ARRIVAL",
                            d,
                            "A referral without a recorded arrival: the referral deadline \
                             cannot be checked."
                                .to_owned(),
                        ));
                    }
                    referral = Some(d);
                }
            },
            LedgerEvent::Answer { accepted, .. } => match answer {
                Some((first, _)) => issues.push(duplicate(e, first)),
                None => {
                    if referral.is_none() {
                        issues.push(issue(
                            "NO_REFERRAL",
                            d,
                            "An answer from France without a recorded referral: the answer \
                             deadline cannot be checked."
                                .to_owned(),
                        ));
                    }
                    answer = Some((d, *accepted));
                }
            },
            LedgerEvent::Removal { .. } => match removal {
                Some(first) => issues.push(duplicate(e, first)),
                None => {
                    if answer.is_none_or(|(_, accepted)| !accepted) {
                        issues.push(issue(
                            "REMOVAL_WITHOUT_ACCEPTANCE",
                            d,
                            "A removal to France without France's recorded acceptance; it is \
                             counted in the balance because it took place."
                                .to_owned(),
                        ));
                    }
                    removal = Some(d);
                }
            },
            LedgerEvent::RouteApplication { .. } => {
                let barred = barred_on(d).is_some();
                if let Some(r) = barred_on(d) {
                    issues.push(issue(
                        "BARRED_FROM_ROUTE",
                        d,
                        format!(
                            "An application to the reciprocal route by a person returned to \
                             France on {r}: people returned under the arrangement are barred \
                             from the route."
                        ),
                    ));
                }
                applications.push(RouteApplication { date: d, barred });
            }
            LedgerEvent::Admission { .. } => {
                if let Some(r) = barred_on(d) {
                    issues.push(issue(
                        "ADMISSION_OF_BARRED_PERSON",
                        d,
                        format!(
                            "An admission through the reciprocal route of a person returned to \
                             France on {r}, who is barred from it: not counted in the balance."
                        ),
                    ));
                } else if let Some(first) = admission {
                    issues.push(duplicate(e, first));
                } else {
                    admission = Some(d);
                }
            }
        }
    }

    let accepted = answer.filter(|(_, a)| *a).map(|(d, _)| d);
    let deadlines = PersonDeadlines {
        referral_by: arrival.map(|a| a + Days::new(REFERRAL_DAYS)),
        answer_by: referral.map(|r| r + Days::new(ANSWER_DAYS)),
        removal_by: accepted.and_then(removal_deadline),
    };
    let in_time = |taken: NaiveDate, due: Option<NaiveDate>| due.map(|due| taken <= due);

    if let (Some(r), Some(due)) = (removal, deadlines.removal_by) {
        if r > due {
            issues.push(issue(
                "REMOVAL_AFTER_LAPSE",
                r,
                format!(
                    "A removal after the obligation lapsed on {}; it is counted in the balance \
                     because it took place.",
                    due + Days::new(1)
                ),
            ));
        }
    }

    let mut lapses = Vec::new();
    for (deadline, due, taken) in [
        (Deadline::Referral, deadlines.referral_by, referral),
        (Deadline::Answer, deadlines.answer_by, answer.map(|a| a.0)),
        (Deadline::Removal, deadlines.removal_by, removal),
    ] {
        let Some(due) = due else { continue };
        if as_of > due && taken.is_none_or(|t| t > due) {
            lapses.push(Lapse {
                deadline,
                due,
                lapsed_on: due + Days::new(1),
                taken_late: taken,
            });
        }
    }

    let past = |due: Option<NaiveDate>| due.is_some_and(|due| as_of > due);
    let status = if removal.is_some() {
        Status::Removed
    } else if admission.is_some() {
        Status::Admitted
    } else if !applications.is_empty() {
        Status::Applied
    } else if let Some((_, accepted)) = answer {
        match (accepted, past(deadlines.removal_by)) {
            (false, _) => Status::Refused,
            (true, true) => Status::RemovalLapsed,
            (true, false) => Status::AwaitingRemoval,
        }
    } else if referral.is_some() {
        if past(deadlines.answer_by) {
            Status::AnswerOverdue
        } else {
            Status::AwaitingAnswer
        }
    } else if arrival.is_some() {
        if past(deadlines.referral_by) {
            Status::ReferralLapsed
        } else {
            Status::AwaitingReferral
        }
    } else {
        Status::NoEvents
    };

    PersonState {
        id: person.id.clone(),
        status,
        arrival,
        referral: referral.map(|d| StepTaken {
            date: d,
            in_time: in_time(d, deadlines.referral_by),
        }),
        answer: answer.map(|(d, accepted)| AnswerTaken {
            date: d,
            accepted,
            in_time: in_time(d, deadlines.answer_by),
        }),
        removal: removal.map(|d| StepTaken {
            date: d,
            in_time: in_time(d, deadlines.removal_by),
        }),
        deadlines,
        admission,
        barred: removal.is_some(),
        route_applications: applications,
        lapses,
        issues,
    }
}

/// Alerts for the step each person is waiting for, if its deadline is
/// within the horizon or past. A person removed, admitted or applying to
/// the route waits for nothing.
fn open_alerts(p: &PersonState, as_of: NaiveDate, horizon: &AlertDays) -> Vec<Alert> {
    let open = match p.status {
        Status::AwaitingReferral | Status::ReferralLapsed => Some((
            Deadline::Referral,
            p.deadlines.referral_by,
            horizon.referral,
        )),
        Status::AwaitingAnswer | Status::AnswerOverdue => {
            Some((Deadline::Answer, p.deadlines.answer_by, horizon.answer))
        }
        Status::AwaitingRemoval | Status::RemovalLapsed => {
            Some((Deadline::Removal, p.deadlines.removal_by, horizon.removal))
        }
        _ => None,
    };
    let Some((deadline, Some(due), days)) = open else {
        return Vec::new();
    };
    let days_left = (due - as_of).num_days();
    if days_left > i64::from(days) {
        return Vec::new();
    }
    vec![Alert {
        person: p.id.clone(),
        deadline,
        due,
        days_left,
        status: if days_left < 0 {
            AlertStatus::Lapsed
        } else {
            AlertStatus::DueSoon
        },
    }]
}

fn balance(people: &[PersonState], bf: Option<&BroughtForward>) -> Balance {
    let mut days: BTreeMap<NaiveDate, (i64, i64)> = BTreeMap::new();
    for p in people {
        if let Some(r) = &p.removal {
            days.entry(r.date).or_default().0 += 1;
        }
        if let Some(a) = p.admission {
            days.entry(a).or_default().1 += 1;
        }
    }
    let (mut returned, mut admitted) =
        bf.map_or((0, 0), |b| (i64::from(b.returned), i64::from(b.admitted)));
    let mut history = Vec::new();
    if let Some(b) = bf {
        history.push(BalanceDay {
            date: b.date,
            returned_that_day: 0,
            admitted_that_day: 0,
            returned,
            admitted,
            balance: returned - admitted,
        });
    }
    for (date, (r, a)) in days {
        returned += r;
        admitted += a;
        history.push(BalanceDay {
            date,
            returned_that_day: r,
            admitted_that_day: a,
            returned,
            admitted,
            balance: returned - admitted,
        });
    }
    Balance {
        returned,
        admitted,
        balance: returned - admitted,
        brought_forward: bf.cloned(),
        history,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn deadlines_follow_the_arrangement() {
        let x = deadlines(
            d("2025-08-06"),
            Some(d("2025-08-08")),
            Some(d("2025-08-20")),
        );
        assert_eq!(x.referral_by, d("2025-08-09"));
        assert_eq!(x.answer_by, Some(d("2025-08-22")));
        assert_eq!(x.removal_by, Some(d("2025-11-20")));
        assert!(!lapsed(d("2025-08-20"), d("2025-11-20")));
        assert!(lapsed(d("2025-08-20"), d("2025-11-21")));
    }

    #[test]
    fn month_ends_clamp_to_the_last_day() {
        assert_eq!(removal_deadline(d("2025-08-31")), Some(d("2025-11-30")));
        assert_eq!(removal_deadline(d("2025-11-30")), Some(d("2026-02-28")));
        assert_eq!(removal_deadline(d("2027-11-30")), Some(d("2028-02-29")));
        assert_eq!(removal_deadline(d("2025-10-15")), Some(d("2026-01-15")));
    }

    #[test]
    fn unknown_steps_have_no_deadline_yet() {
        let x = deadlines(d("2025-08-06"), None, None);
        assert_eq!(x.answer_by, None);
        assert_eq!(x.removal_by, None);
    }
}
