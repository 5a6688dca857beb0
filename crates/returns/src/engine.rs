//! The rule engine: one function per safeguard, each returning the reason
//! it blocks (or nothing), and `check`, which applies court orders and
//! collects the reasons.

use chrono::{Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::case::{
    AgeOutcome, CaseHistory, Country, Destination, Hub, ProposedStep, StepKind, TraffickingStatus,
    Vulnerability,
};
use crate::profile::Profile;
use crate::risks;
use crate::rule::Rule;
use crate::state::CaseState;

/// The engine's answer: `allowed` is true exactly when `reasons` is empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub allowed: bool,
    pub reasons: Vec<Reason>,
}

/// Why a step is blocked: the rule's code and a text that says what blocks
/// and what would unblock it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    pub rule: String,
    pub text: String,
}

/// Decides whether `proposed` may be taken in `case`, on the proposed date,
/// given the events recorded up to and including that date.
pub fn check(case: &CaseHistory, proposed: &ProposedStep) -> Decision {
    let ctx = Ctx::new(case, proposed);
    let mut reasons = Vec::new();
    for &rule in Rule::ALL {
        let Some(text) = ctx.evaluate(rule) else {
            continue;
        };
        if let Some(order) = ctx.state.override_for(rule.code(), ctx.on) {
            if rule.overridable() {
                continue;
            }
            reasons.push(Reason {
                rule: rule.code().to_owned(),
                text: format!(
                    "{text} The {} names {} as overridden, but a court order cannot override this rule.",
                    order.label,
                    rule.code()
                ),
            });
        } else {
            reasons.push(Reason {
                rule: rule.code().to_owned(),
                text,
            });
        }
    }
    Decision {
        allowed: reasons.is_empty(),
        reasons,
    }
}

/// Where a removal step would take the person.
enum Target<'a> {
    None,
    Country(Country),
    Hub(&'a Hub),
    UnknownHub(String),
}

/// Why a person is treated as a minor.
enum Minority {
    /// Date of birth (recorded or assessed) or an age assessment.
    Established(String),
    /// Age disputed and not yet assessed.
    Disputed,
    /// Claims to be an unaccompanied minor; no date of birth, no assessment.
    Unaccompanied,
}

struct Ctx<'a> {
    case: &'a CaseHistory,
    step: &'a ProposedStep,
    state: CaseState,
    profile: &'static Profile,
    on: NaiveDate,
    target: Target<'a>,
}

impl<'a> Ctx<'a> {
    fn new(case: &'a CaseHistory, step: &'a ProposedStep) -> Ctx<'a> {
        let state = CaseState::fold(case, step.date);
        let destination: Option<Destination> = match &step.kind {
            StepKind::PlaceInHub { hub, .. } => Some(Destination::ReturnHub { hub: hub.clone() }),
            StepKind::ScheduleRemoval { destination, .. }
            | StepKind::ExecuteRemoval { destination, .. } => destination
                .clone()
                .or_else(|| state.return_decision.as_ref().and_then(|r| r.1.clone())),
            _ => None,
        };
        let target = resolve(case, destination);
        Ctx {
            case,
            step,
            profile: case.jurisdiction.profile(),
            on: step.date,
            state,
            target,
        }
    }

    fn evaluate(&self, rule: Rule) -> Option<String> {
        let removal = self.step.kind.is_removal();
        match rule {
            Rule::RationaleMissing => self.rationale_missing(),
            Rule::DestinationUnknown if removal => self.destination_unknown(),
            Rule::HubUnknown => self.hub_unknown(),
            Rule::NonRefoulement if removal => self.non_refoulement(),
            Rule::NonRefoulementPending if removal => self.non_refoulement_pending(),
            Rule::Rule39 if removal => self.rule39(),
            Rule::DestinationRisk if removal => self.destination_risk(),
            Rule::ReflectionPeriod if removal => self.reflection_period(),
            Rule::SuspensiveAppealPending if removal => self.suspensive_appeal(),
            Rule::SuspensiveEffectPending if removal => self.suspensive_effect(),
            Rule::ReturnDecisionMissing if removal => self.return_decision_missing(),
            Rule::VoluntaryDepartureNotOffered => self.voluntary_departure_not_offered(),
            Rule::VoluntaryDeparturePeriod => self.voluntary_departure_period(),
            Rule::MonitorMissing => self.monitor_missing(),
            Rule::FamilySplitUnassessed if removal => self.family_split(),
            Rule::HubExcludedMinor => self.hub_minor(),
            Rule::HubExcludedVulnerable => self.hub_vulnerable(),
            Rule::AgeDisputed => self.age_disputed(),
            Rule::HubEligibility => self.hub_eligibility(),
            Rule::HubCapacity => self.hub_capacity(),
            Rule::MinorDetention => self.minor_detention(),
            Rule::NotDetained => self.not_detained(),
            Rule::DetentionLimit => self.detention_limit(),
            Rule::DetentionExtensionGround => self.extension_ground(),
            Rule::JudicialReviewDue => self.judicial_review_due(),
            _ => None,
        }
    }

    // ---- record ------------------------------------------------------------

    fn rationale_missing(&self) -> Option<String> {
        let blank = |s: &Option<String>| s.as_deref().is_none_or(|s| s.trim().is_empty());
        let missing: Vec<&str> = [
            (&self.step.by, "`by` (who takes the step)"),
            (&self.step.legal_basis, "`legal_basis`"),
            (&self.step.rationale, "`rationale` (written reasons)"),
        ]
        .into_iter()
        .filter(|(v, _)| blank(v))
        .map(|(_, name)| name)
        .collect();
        (!missing.is_empty()).then(|| {
            format!(
                "The proposed {} does not record {}; every step of a case records who takes it, \
                 when, on what legal basis and why. Unblocked by: recording them.",
                self.step.kind.name(),
                missing.join(", ")
            )
        })
    }

    // ---- destination and non-refoulement ---------------------------------

    fn destination_country(&self) -> Option<&Country> {
        match &self.target {
            Target::Country(c) => Some(c),
            Target::Hub(h) => Some(&h.host_state),
            _ => None,
        }
    }

    fn destination_unknown(&self) -> Option<String> {
        matches!(self.target, Target::None).then(|| {
            format!(
                "The proposed {} names no destination and the return decision names none: \
                 non-refoulement cannot be checked. Unblocked by: naming the destination.",
                self.step.kind.name()
            )
        })
    }

    fn hub_unknown(&self) -> Option<String> {
        match &self.target {
            Target::UnknownHub(id) => Some(format!(
                "Return hub {id:?} is not among the case's hubs, so its host state cannot be \
                 checked for non-refoulement. Unblocked by: describing the hub in `hubs`."
            )),
            _ => None,
        }
    }

    fn non_refoulement(&self) -> Option<String> {
        let mut found = Vec::new();
        if let Some(d) = self.state.protection_granted {
            found.push(format!(
                "international protection was granted on {d}, so the person may not be removed"
            ));
        }
        let dest = self.destination_country();
        for (barred, d) in &self.state.nr_upheld {
            match barred {
                None => found.push(format!(
                    "a non-refoulement claim was upheld on {d} for every destination"
                )),
                Some(c) if Some(c) == dest => found.push(format!(
                    "a non-refoulement claim was upheld on {d} for {c}, the destination of this step"
                )),
                Some(_) => {}
            }
        }
        (!found.is_empty()).then(|| {
            format!(
                "Non-refoulement: {}. This is absolute; nothing overrides it.",
                found.join("; ")
            )
        })
    }

    fn non_refoulement_pending(&self) -> Option<String> {
        let mut found = Vec::new();
        if let Some(d) = self.state.asylum_pending_since {
            found.push(format!("an asylum claim (since {d}) is pending"));
        }
        for c in self.state.nr_claims.iter().filter(|c| c.pending) {
            match &c.destination {
                Some(dest) => found.push(format!(
                    "a non-refoulement claim against return to {dest}, lodged {}, is pending",
                    c.lodged
                )),
                None => found.push(format!(
                    "a non-refoulement claim lodged {} is pending",
                    c.lodged
                )),
            }
        }
        (!found.is_empty()).then(|| {
            format!(
                "{}: no removal step until it is decided. Unblocked by: a decision recorded \
                 in the case (asylum_decision, non_refoulement_decided); no court order \
                 overrides this.",
                capitalise(&found.join("; "))
            )
        })
    }

    fn rule39(&self) -> Option<String> {
        self.state.rule39_since.map(|d| {
            format!(
                "An interim measure of the European Court of Human Rights under Rule 39, \
                 indicated on {d}, is in force: no removal step. Unblocked by: only the Court \
                 lifting it (rule39_lifted); nothing else overrides it."
            )
        })
    }

    fn destination_risk(&self) -> Option<String> {
        let dest = self.destination_country()?;
        let risk = risks::built_in()
            .into_iter()
            .chain(self.case.destination_risks.iter().cloned())
            .find(|r| &r.country == dest)?;
        let place = match &self.target {
            Target::Hub(h) => format!("Return hub {:?} is hosted by {dest}, which", h.id),
            _ => format!("The destination {dest}"),
        };
        Some(format!(
            "{place} is on the list of destination risks: {} (source: {}). Checked ex officio; \
             nothing overrides it. Unblocked by: another destination, or the list changing \
             when its source does.",
            risk.reason, risk.source
        ))
    }

    fn reflection_period(&self) -> Option<String> {
        let t = self.state.trafficking.as_ref()?;
        let days = self.profile.reflection_days;
        match (t.status, t.since) {
            (TraffickingStatus::NotIdentified, _) => None,
            (_, None) => Some(format!(
                "The person is recorded as {} victim of trafficking but no dated \
                 trafficking_identification is recorded, so the recovery and reflection period \
                 of at least {days} days cannot be counted: no removal step. Unblocked by: \
                 recording the identification; the period runs from its date.",
                presumed_or_identified(t.status)
            )),
            (status, Some(since)) => {
                let ends = since + Days::new(u64::from(days));
                let running = self.on < ends;
                let presumed = status == TraffickingStatus::Presumed;
                if !running && !presumed {
                    return None;
                }
                let mut text = format!(
                    "The person is {} victim of trafficking since {since}: no removal step \
                     during the recovery and reflection period of at least {days} days",
                    presumed_or_identified(status)
                );
                if running {
                    text.push_str(&format!(
                        " (removal steps possible from {ends} at the earliest)"
                    ));
                }
                if presumed {
                    text.push_str(", nor before the identification is completed");
                }
                text.push_str(". No court order overrides this.");
                Some(text)
            }
        }
    }

    // ---- appeals and return decision -------------------------------------

    fn suspensive_appeal(&self) -> Option<String> {
        let pending: Vec<String> = self
            .state
            .appeals
            .iter()
            .filter(|a| a.suspensive && !a.decided)
            .map(|a| {
                let r = a
                    .reference
                    .as_deref()
                    .map(|r| format!(" {r}"))
                    .unwrap_or_default();
                format!(
                    "appeal{r} lodged {} against the {}",
                    a.lodged,
                    against(a.against)
                )
            })
            .collect();
        (!pending.is_empty()).then(|| {
            format!(
                "A suspensive appeal is pending ({}): no removal step until it is decided. \
                 Unblocked by: the appeal decision, or a court order recorded in the case \
                 overriding SUSPENSIVE_APPEAL_PENDING.",
                pending.join("; ")
            )
        })
    }

    fn suspensive_effect(&self) -> Option<String> {
        let pending: Vec<String> = self
            .state
            .suspensive_requests
            .iter()
            .filter(|r| r.pending)
            .map(|r| match &r.reference {
                Some(x) => format!("for appeal {x}, made {}", r.requested),
                None => format!("made {}", r.requested),
            })
            .collect();
        (!pending.is_empty()).then(|| {
            format!(
                "A request for suspensive effect is pending ({}): no removal step until it is \
                 decided. Unblocked by: suspensive_effect_decided, or a court order overriding \
                 SUSPENSIVE_EFFECT_PENDING.",
                pending.join("; ")
            )
        })
    }

    fn return_decision_missing(&self) -> Option<String> {
        self.state.return_decision.is_none().then(|| {
            "No return decision is in force (none recorded, or it was set aside on appeal): \
             removal enforces a return decision. Unblocked by: a return_decision event."
                .to_owned()
        })
    }

    fn voluntary_departure_not_offered(&self) -> Option<String> {
        if !self.step.kind.is_forced() || self.state.voluntary_departure.is_some() {
            return None;
        }
        let exception = self
            .state
            .return_decision
            .as_ref()
            .and_then(|r| r.2.as_ref());
        exception.is_none().then(|| {
            "Voluntary departure has not been offered: it comes before forced return. \
             Unblocked by: voluntary_departure_offered (and its period ending), a return \
             decision recording an Art. 7(4) exception, or a court order overriding \
             VOLUNTARY_DEPARTURE_NOT_OFFERED."
                .to_owned()
        })
    }

    fn voluntary_departure_period(&self) -> Option<String> {
        if !self.step.kind.is_forced() || self.state.voluntary_departure_declined {
            return None;
        }
        let (offered, days) = self.state.voluntary_departure?;
        let last = offered + Days::new(u64::from(days));
        (self.on <= last).then(|| {
            format!(
                "The period for voluntary departure offered on {offered} ({days} days) runs until \
                 {last}: no forced step before {}. Unblocked by: the period ending, the person \
                 declining (voluntary_departure_declined), or a court order overriding \
                 VOLUNTARY_DEPARTURE_PERIOD.",
                last + Days::new(1)
            )
        })
    }

    fn monitor_missing(&self) -> Option<String> {
        let forced_execution = match &self.step.kind {
            StepKind::ExecuteRemoval { .. } => self.step.kind.is_forced(),
            StepKind::PlaceInHub { .. } => true,
            _ => false,
        };
        (forced_execution && self.state.monitor_assigned.is_none()).then(|| {
            "No forced-return monitor is assigned to this removal operation. Unblocked by: \
             monitor_assigned, or a court order overriding MONITOR_MISSING."
                .to_owned()
        })
    }

    fn family_split(&self) -> Option<String> {
        let with = self.step.kind.accompanied_by();
        let left: Vec<String> = self
            .case
            .person
            .family_members
            .iter()
            .filter(|m| m.in_territory && !with.contains(&m.id))
            .map(|m| m.id.clone())
            .collect();
        if left.is_empty() {
            return None;
        }
        let left = left.join(", ");
        match self.state.family_assessment {
            Some((_, true)) => None,
            Some((d, false)) => Some(format!(
                "The step would separate the person from family members in the territory \
                 ({left}), and the family assessment of {d} found a separation not acceptable. \
                 Unblocked by: removing the family together (accompanied_by), a new assessment, \
                 or a court order overriding FAMILY_SPLIT_UNASSESSED."
            )),
            None => Some(format!(
                "The step would separate the person from family members in the territory \
                 ({left}) and no family assessment is recorded. Unblocked by: a \
                 family_assessment, removing the family together (accompanied_by), or a court \
                 order overriding FAMILY_SPLIT_UNASSESSED."
            )),
        }
    }

    // ---- hubs --------------------------------------------------------------

    fn hub(&self) -> Option<&'a Hub> {
        match self.target {
            Target::Hub(h) => Some(h),
            _ => None,
        }
    }

    fn to_hub(&self) -> bool {
        matches!(self.target, Target::Hub(_) | Target::UnknownHub(_))
    }

    fn hub_minor(&self) -> Option<String> {
        if !self.to_hub() {
            return None;
        }
        let why = match self.minority()? {
            Minority::Established(why) => why,
            Minority::Disputed => "the age is disputed and not yet assessed".to_owned(),
            Minority::Unaccompanied => {
                "an unaccompanied minor with no date of birth or age assessment".to_owned()
            }
        };
        Some(format!(
            "Minors are excluded from return hubs; the person is treated as a minor ({why}). \
             Route to: a best-interests and age assessment. Unblocked by: an age assessment \
             finding an adult, or a court order overriding HUB_EXCLUDED_MINOR."
        ))
    }

    fn hub_vulnerable(&self) -> Option<String> {
        if !self.to_hub() {
            return None;
        }
        let mut found: Vec<&str> = self
            .state
            .vulnerabilities
            .iter()
            .map(|v| v.as_str())
            .collect();
        match self.state.trafficking.as_ref().map(|t| t.status) {
            Some(TraffickingStatus::Identified) => found.insert(0, "trafficking_victim"),
            Some(TraffickingStatus::Presumed) => found.insert(0, "presumed_trafficking_victim"),
            _ => {}
        }
        if found.is_empty() {
            return None;
        }
        let route = match self.state.vulnerability_assessed {
            Some(d) => format!("the vulnerability assessment of {d} confirms it"),
            None => "no vulnerability assessment is recorded: route to one".to_owned(),
        };
        Some(format!(
            "Vulnerable people are excluded from return hubs ({}); {route}. Unblocked by: an \
             assessment finding no vulnerability, or a court order overriding \
             HUB_EXCLUDED_VULNERABLE.",
            found.join(", ")
        ))
    }

    fn age_disputed(&self) -> Option<String> {
        let matters = self.to_hub() || !self.step.kind.is_removal();
        (matters && matches!(self.minority(), Some(Minority::Disputed))).then(|| {
            format!(
                "The person's age is disputed and no age assessment is recorded: they are \
                 treated as a minor for this step ({}). Unblocked by: an age_assessment, or a court \
                 order overriding AGE_DISPUTED.",
                self.step.kind.name()
            )
        })
    }

    fn hub_eligibility(&self) -> Option<String> {
        let hub = self.hub()?;
        let rules = &hub.eligibility;
        let mut found = Vec::new();
        if !rules.sexes.is_empty() {
            match self.case.person.sex {
                Some(s) if rules.sexes.contains(&s) => {}
                Some(s) => found.push(format!("sex {} is not admitted", sex(s))),
                None => found.push("the person's sex is not recorded".to_owned()),
            }
        }
        if !rules.nationalities.is_empty() {
            match self.nationality() {
                Some(n) if rules.nationalities.contains(n) => {}
                Some(n) => found.push(format!("nationality {n} is not a designated one")),
                None => found.push("the person's nationality is not recorded".to_owned()),
            }
        }
        (!found.is_empty()).then(|| {
            format!(
                "Return hub {:?} does not admit this person: {}. Unblocked by: a hub whose rules \
                 admit them, or a court order overriding HUB_ELIGIBILITY.",
                hub.id,
                found.join("; ")
            )
        })
    }

    fn hub_capacity(&self) -> Option<String> {
        let hub = self.hub()?;
        (hub.occupancy >= hub.capacity).then(|| {
            format!(
                "Return hub {:?} is full ({} of {} places taken). Unblocked by: a place \
                 becoming free, or a court order overriding HUB_CAPACITY.",
                hub.id, hub.occupancy, hub.capacity
            )
        })
    }

    // ---- detention ---------------------------------------------------------

    fn minor_detention(&self) -> Option<String> {
        if self.step.kind.is_removal() {
            return None;
        }
        self.minority().map(|_| {
            "The person is treated as a minor: detention of minors is a measure of last \
             resort and needs a court's decision. Unblocked by: an age assessment finding an \
             adult, an alternative to detention, or a court order overriding MINOR_DETENTION."
                .to_owned()
        })
    }

    fn not_detained(&self) -> Option<String> {
        let extending = matches!(self.step.kind, StepKind::ExtendDetention { .. });
        (extending && self.state.detention.is_none()).then(|| {
            "The person is not detained on this date (no detention in force, or it ran out): \
             there is nothing to extend. A new detention needs a `detain` step."
                .to_owned()
        })
    }

    /// Days of detention already served on the step's date.
    fn served(&self) -> i64 {
        let current = self
            .state
            .detention
            .as_ref()
            .map_or(0, |d| (self.on - d.start).num_days().max(0));
        self.state.detained_days_before + current
    }

    /// `months` expressed in days, counted from the start of the current
    /// detention (or the step's date).
    fn months_in_days(&self, months: u32) -> i64 {
        let from = self.state.detention.as_ref().map_or(self.on, |d| d.start);
        from.checked_add_months(Months::new(months))
            .map_or(i64::MAX, |to| (to - from).num_days())
    }

    fn detention_limit(&self) -> Option<String> {
        let (until, total) = match &self.step.kind {
            StepKind::Detain { until } => (*until, until.map(|u| self.served() + days(self.on, u))),
            StepKind::ExtendDetention { until, .. } => {
                let d = self.state.detention.as_ref()?;
                (
                    Some(*until),
                    Some(self.state.detained_days_before + days(d.start, *until)),
                )
            }
            _ => return None,
        };
        let first_order = matches!(self.step.kind, StepKind::Detain { .. });
        let p = self.profile;
        let served = self.served();
        // The last day an order may run to, if `limit_days` in all.
        let latest = |limit_days: i64| self.on + Days::new((limit_days - served).max(0) as u64);
        let mut found = Vec::new();
        if let Some(max) = p.max_detention_months {
            let max_days = self.months_in_days(max);
            if served >= max_days {
                found.push(format!("the maximum of {max} months is used up"));
            } else if total.is_some_and(|t| t > max_days) {
                found.push(format!(
                    "it would exceed the maximum of {max} months (latest end date {})",
                    latest(max_days)
                ));
            }
        }
        if let (true, Some(initial)) = (first_order, p.initial_detention_months) {
            let initial_days = self.months_in_days(initial);
            if total.is_some_and(|t| t > initial_days) {
                found.push(format!(
                    "an order may run for at most {initial} months before an extension \
                     (latest end date {})",
                    latest(initial_days)
                ));
            }
        }
        if self
            .state
            .vulnerabilities
            .contains(&Vulnerability::Pregnancy)
        {
            let limit = if first_order {
                p.pregnancy_initial_days
            } else {
                p.pregnancy_max_days
            };
            if let Some(limit) = limit {
                if total.is_none_or(|t| t > i64::from(limit)) {
                    found.push(format!(
                        "a pregnant woman may be detained for at most {limit} days{} \
                         (latest end date {})",
                        if until.is_none() {
                            " and the order sets no end date"
                        } else {
                            ""
                        },
                        latest(i64::from(limit))
                    ));
                }
            }
        }
        (!found.is_empty()).then(|| {
            format!(
                "Detention time limit under {} ({} days served so far): {}. Unblocked by: a \
                 shorter order, an alternative to detention, or a court order overriding \
                 DETENTION_LIMIT.",
                p.name,
                served,
                found.join("; ")
            )
        })
    }

    fn extension_ground(&self) -> Option<String> {
        let StepKind::ExtendDetention {
            until,
            ground: None,
        } = &self.step.kind
        else {
            return None;
        };
        let d = self.state.detention.as_ref()?;
        let initial = self.profile.initial_detention_months?;
        let total = self.state.detained_days_before + days(d.start, *until);
        (self.profile.extension_needs_ground && total > self.months_in_days(initial)).then(|| {
            format!(
                "Detention beyond the initial {initial} months may be extended only for lack of \
                 cooperation or delays in obtaining documents (Art. 15(6)); the step names no \
                 ground. Unblocked by: `ground`, or a court order overriding \
                 DETENTION_EXTENSION_GROUND."
            )
        })
    }

    fn judicial_review_due(&self) -> Option<String> {
        if self.step.kind.is_removal() {
            return None;
        }
        let d = self.state.detention.as_ref()?;
        let months = self.profile.judicial_review_months;
        let due = d.last_review.checked_add_months(Months::new(months))?;
        (self.on > due).then(|| {
            format!(
                "Detention must be reviewed by a judicial authority at least every {months} \
                 months; the last review (or the start of detention) was on {}, so one was due \
                 by {due}. Unblocked by: a judicial_review upholding detention, or a court order \
                 overriding JUDICIAL_REVIEW_DUE.",
                d.last_review
            )
        })
    }

    // ---- the person --------------------------------------------------------

    fn nationality(&self) -> Option<&'a Country> {
        self.case
            .events
            .iter()
            .filter(|e| e.date <= self.on)
            .filter_map(|e| match &e.kind {
                crate::case::EventKind::Identification { nationality } => nationality.as_ref(),
                _ => None,
            })
            .next_back()
            .or(self.case.person.nationality.as_ref())
    }

    fn minority(&self) -> Option<Minority> {
        let p = &self.case.person;
        let minor_on = |dob: NaiveDate| self.on.years_since(dob).is_none_or(|y| y < 18);
        if let Some((d, outcome, dob)) = &self.state.age_assessment {
            return match (dob, outcome) {
                (Some(dob), _) => minor_on(*dob).then(|| {
                    Minority::Established(format!("assessed date of birth {dob} (assessment {d})"))
                }),
                (None, AgeOutcome::Minor) => {
                    Some(Minority::Established(format!("age assessment of {d}")))
                }
                (None, AgeOutcome::Adult) => None,
            };
        }
        if p.age_disputed {
            return Some(Minority::Disputed);
        }
        match p.date_of_birth {
            Some(dob) => {
                minor_on(dob).then(|| Minority::Established(format!("date of birth {dob}")))
            }
            None => p.unaccompanied.then_some(Minority::Unaccompanied),
        }
    }
}

fn resolve(case: &CaseHistory, destination: Option<Destination>) -> Target<'_> {
    match destination {
        None => Target::None,
        Some(Destination::CountryOfOrigin { country } | Destination::ThirdCountry { country }) => {
            Target::Country(country)
        }
        Some(Destination::ReturnHub { hub }) => match case.hubs.iter().find(|h| h.id == hub) {
            Some(h) => Target::Hub(h),
            None => Target::UnknownHub(hub),
        },
    }
}

fn days(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days().max(0)
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn presumed_or_identified(s: TraffickingStatus) -> &'static str {
    match s {
        TraffickingStatus::Presumed => "a presumed",
        _ => "an identified",
    }
}

fn against(a: crate::case::AppealAgainst) -> &'static str {
    match a {
        crate::case::AppealAgainst::AsylumDecision => "asylum decision",
        crate::case::AppealAgainst::ReturnDecision => "return decision",
        crate::case::AppealAgainst::Other => "decision",
    }
}

fn sex(s: crate::case::Sex) -> &'static str {
    match s {
        crate::case::Sex::Male => "male",
        crate::case::Sex::Female => "female",
        crate::case::Sex::X => "x",
    }
}
