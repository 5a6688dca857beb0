//! Property tests over random case histories.
//!
//! A simulated live process receives random events (claims, appeals,
//! decisions, interim measures, trafficking identifications, court orders
//! naming random rules, absolute ones included) and random proposed steps;
//! it takes a step only when `check` allows it, and records it with the
//! step's own rationale. An oracle written independently of the engine
//! then confirms that no removal step was ever taken while an absolute
//! safeguard was open, and that every step taken carries a rationale.

use chrono::{Days, NaiveDate};
use corridor_returns::*;
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Action {
    Event(EventKind),
    Propose {
        kind: u8,
        destination: Option<Destination>,
        rationale: bool,
        accompanied: bool,
    },
}

fn country(c: &str) -> Country {
    Country::new(c).unwrap()
}

fn destination() -> impl Strategy<Value = Option<Destination>> {
    prop_oneof![
        Just(None),
        Just(Some(Destination::CountryOfOrigin {
            country: country("BGD")
        })),
        Just(Some(Destination::ThirdCountry {
            country: country("AFG")
        })),
        Just(Some(Destination::ReturnHub {
            hub: "gjader".into()
        })),
        Just(Some(Destination::ReturnHub {
            hub: "kigali".into()
        })),
    ]
}

fn codes() -> impl Strategy<Value = Vec<String>> {
    proptest::sample::subsequence(
        Rule::ALL
            .iter()
            .map(|r| r.code().to_owned())
            .collect::<Vec<_>>(),
        0..=Rule::ALL.len(),
    )
}

fn event() -> impl Strategy<Value = EventKind> {
    let reference = (0u8..3).prop_map(|n| Some(format!("A-{n}")));
    prop_oneof![
        Just(EventKind::AsylumClaim {}),
        prop_oneof![
            Just(AsylumOutcome::Granted),
            Just(AsylumOutcome::Refused),
            Just(AsylumOutcome::Inadmissible),
        ]
        .prop_map(|outcome| EventKind::AsylumDecision { outcome }),
        (reference.clone(), any::<bool>(), any::<bool>()).prop_map(|(reference, s, rd)| {
            EventKind::AppealLodged {
                reference,
                against: if rd {
                    AppealAgainst::ReturnDecision
                } else {
                    AppealAgainst::AsylumDecision
                },
                suspensive: s,
            }
        }),
        (reference.clone(), any::<bool>()).prop_map(|(reference, allowed)| {
            EventKind::AppealDecided {
                reference,
                outcome: if allowed {
                    AppealOutcome::Allowed
                } else {
                    AppealOutcome::Dismissed
                },
            }
        }),
        reference
            .clone()
            .prop_map(|reference| EventKind::SuspensiveEffectRequested { reference }),
        (reference, any::<bool>()).prop_map(|(reference, granted)| {
            EventKind::SuspensiveEffectDecided { reference, granted }
        }),
        Just(EventKind::NonRefoulementClaim { destination: None }),
        any::<bool>().prop_map(|upheld| EventKind::NonRefoulementDecided {
            destination: None,
            upheld
        }),
        Just(EventKind::Rule39InterimMeasure { application: None }),
        Just(EventKind::Rule39Lifted { application: None }),
        destination().prop_map(|destination| EventKind::ReturnDecision {
            destination,
            voluntary_departure_exception: None
        }),
        (0u32..40).prop_map(|period_days| EventKind::VoluntaryDepartureOffered { period_days }),
        Just(EventKind::VoluntaryDepartureDeclined {}),
        prop_oneof![
            Just(TraffickingStatus::Presumed),
            Just(TraffickingStatus::Identified),
            Just(TraffickingStatus::NotIdentified),
        ]
        .prop_map(|status| EventKind::TraffickingIdentification { status }),
        Just(EventKind::MonitorAssigned { monitor: None }),
        any::<bool>().prop_map(|split_acceptable| EventKind::FamilyAssessment { split_acceptable }),
        Just(EventKind::AgeAssessment {
            outcome: AgeOutcome::Adult,
            date_of_birth: None
        }),
        (codes(), proptest::option::of(0u64..60)).prop_map(|(overrides, days)| {
            EventKind::CourtOrder {
                court: None,
                reference: None,
                overrides,
                // Resolved against the event date when the action is applied.
                until: days.map(|d| NaiveDate::MIN + Days::new(d)),
            }
        }),
    ]
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        2 => event().prop_map(Action::Event),
        2 => (0u8..3, destination(), prop::bool::weighted(0.9), any::<bool>()).prop_map(
            |(kind, destination, rationale, accompanied)| Action::Propose {
                kind,
                destination,
                rationale,
                accompanied
            }
        ),
    ]
}

fn person() -> impl Strategy<Value = Person> {
    let rare = || prop::bool::weighted(0.15);
    (rare(), rare(), rare(), rare()).prop_map(|(minor, disputed, tortured, family)| Person {
        date_of_birth: Some(if minor {
            d("2010-01-01")
        } else {
            d("1990-01-01")
        }),
        age_disputed: disputed,
        sex: Some(Sex::Male),
        nationality: Some(country("BGD")),
        vulnerabilities: if tortured {
            vec![Vulnerability::TortureVictim]
        } else {
            vec![]
        },
        family_members: if family {
            vec![FamilyMember {
                id: "F1".into(),
                relationship: Relationship::Spouse,
                date_of_birth: None,
                in_territory: true,
            }]
        } else {
            vec![]
        },
        ..Person::default()
    })
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn hubs() -> Vec<Hub> {
    let hub = |id: &str, host: &str| Hub {
        id: id.into(),
        name: None,
        host_state: country(host),
        capacity: 10,
        occupancy: 3,
        eligibility: HubEligibility::default(),
    };
    vec![hub("gjader", "ALB"), hub("kigali", "RWA")]
}

fn step(kind: u8, destination: Option<Destination>, accompanied: bool) -> StepKind {
    let accompanied_by = if accompanied {
        vec!["F1".to_owned()]
    } else {
        vec![]
    };
    match kind {
        0 => StepKind::ScheduleRemoval {
            destination,
            mode: RemovalMode::Forced,
            accompanied_by,
        },
        1 => StepKind::ExecuteRemoval {
            destination,
            mode: RemovalMode::Forced,
            accompanied_by,
        },
        _ => StepKind::PlaceInHub {
            hub: "gjader".into(),
            accompanied_by,
        },
    }
}

/// The absolute safeguards open on `on`, computed from the raw history
/// without the engine's state machine.
fn open_absolute(events: &[Event], on: NaiveDate, dest: Option<&str>) -> Vec<&'static str> {
    let mut open = Vec::new();
    let seen = events.iter().filter(|e| e.date <= on);
    let (mut asylum, mut nr, mut rule39, mut granted, mut nr_upheld) =
        (false, 0, false, false, false);
    let mut appeals: Vec<(Option<String>, AppealAgainst, bool, bool)> = Vec::new();
    let mut trafficking: Option<(TraffickingStatus, NaiveDate)> = None;
    for e in seen {
        match &e.kind {
            EventKind::AsylumClaim {} => asylum = true,
            EventKind::AsylumDecision { outcome } => {
                asylum = false;
                granted |= *outcome == AsylumOutcome::Granted;
            }
            EventKind::AppealLodged {
                reference,
                against,
                suspensive,
            } => appeals.push((reference.clone(), *against, *suspensive, false)),
            EventKind::AppealDecided { reference, outcome } => {
                if let Some(a) = appeals.iter_mut().rev().find(|a| !a.3 && &a.0 == reference) {
                    a.3 = true;
                    if *outcome == AppealOutcome::Allowed && a.1 == AppealAgainst::AsylumDecision {
                        asylum = true;
                    }
                }
            }
            EventKind::SuspensiveEffectDecided {
                reference,
                granted: true,
            } => {
                if let Some(a) = appeals.iter_mut().rev().find(|a| !a.3 && &a.0 == reference) {
                    a.2 = true;
                }
            }
            EventKind::NonRefoulementClaim { .. } => nr += 1,
            EventKind::NonRefoulementDecided { upheld, .. } => {
                nr = 0;
                nr_upheld |= *upheld;
            }
            EventKind::Rule39InterimMeasure { .. } => rule39 = true,
            EventKind::Rule39Lifted { .. } => rule39 = false,
            EventKind::TraffickingIdentification { status } => {
                trafficking = match (status, trafficking) {
                    (TraffickingStatus::NotIdentified, _) => None,
                    (TraffickingStatus::Presumed, Some((TraffickingStatus::Identified, s))) => {
                        Some((TraffickingStatus::Identified, s))
                    }
                    (s, Some((_, since))) => Some((*s, since)),
                    (s, None) => Some((*s, e.date)),
                };
            }
            _ => {}
        }
    }
    if asylum || nr > 0 {
        open.push("NON_REFOULEMENT_PENDING");
    }
    if granted || nr_upheld {
        open.push("NON_REFOULEMENT");
    }
    if rule39 {
        open.push("RULE39");
    }
    if let Some((status, since)) = trafficking {
        if status == TraffickingStatus::Presumed || on < since + Days::new(30) {
            open.push("REFLECTION_PERIOD");
        }
    }
    if matches!(dest, Some("AFG" | "RWA")) {
        open.push("DESTINATION_RISK");
    }
    let overridden = events.iter().any(|e| {
        e.date <= on
            && matches!(&e.kind, EventKind::CourtOrder { overrides, until, .. }
                if overrides.iter().any(|c| c == "SUSPENSIVE_APPEAL_PENDING")
                    && until.is_none_or(|u| on <= u))
    });
    if !overridden && appeals.iter().any(|a| a.2 && !a.3) {
        open.push("SUSPENSIVE_APPEAL_PENDING");
    }
    open
}

fn destination_country(case: &CaseHistory, step: &StepKind) -> Option<String> {
    let dest = match step {
        StepKind::PlaceInHub { hub, .. } => Some(Destination::ReturnHub { hub: hub.clone() }),
        StepKind::ScheduleRemoval { destination, .. }
        | StepKind::ExecuteRemoval { destination, .. } => destination.clone().or_else(|| {
            case.events.iter().rev().find_map(|e| match &e.kind {
                EventKind::ReturnDecision { destination, .. } => Some(destination.clone()),
                _ => None,
            })?
        }),
        _ => None,
    }?;
    match dest {
        Destination::CountryOfOrigin { country } | Destination::ThirdCountry { country } => {
            Some(country.to_string())
        }
        Destination::ReturnHub { hub } => case
            .hubs
            .iter()
            .find(|h| h.id == hub)
            .map(|h| h.host_state.to_string()),
    }
}

fn json_of(case: &CaseHistory, step: &ProposedStep) -> String {
    let mut v = serde_json::to_value(case).unwrap();
    v["proposed"] = serde_json::to_value(step).unwrap();
    v.to_string()
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 400,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn no_removal_while_a_safeguard_is_open(
        jurisdiction in prop_oneof![Just(Jurisdiction::Eu2008), Just(Jurisdiction::Eu2025), Just(Jurisdiction::Uk)],
        person in person(),
        settled in prop::bool::weighted(0.7),
        actions in prop::collection::vec((0u64..12, action()), 1..40),
    ) {
        let mut case = CaseHistory {
            jurisdiction,
            person,
            events: vec![],
            destination_risks: vec![],
            hubs: hubs(),
        };
        let mut date = d("2025-01-01");
        let mut taken = 0;
        if settled {
            // Start from a case ready for removal, so that steps are taken
            // and the random events that follow have something to stop.
            let prefix = [
                EventKind::AsylumClaim {},
                EventKind::AsylumDecision { outcome: AsylumOutcome::Refused },
                EventKind::ReturnDecision {
                    destination: Some(Destination::CountryOfOrigin { country: country("BGD") }),
                    voluntary_departure_exception: None,
                },
                EventKind::VoluntaryDepartureOffered { period_days: 0 },
                EventKind::MonitorAssigned { monitor: None },
            ];
            for kind in prefix {
                case.events.push(Event { date, by: None, legal_basis: None, rationale: None, kind });
            }
            date = date + Days::new(1);
        }
        for (gap, action) in actions {
            date = date + Days::new(gap);
            match action {
                Action::Event(mut kind) => {
                    if let EventKind::CourtOrder { until: Some(u), .. } = &mut kind {
                        *u = date + Days::new((*u - NaiveDate::MIN).num_days() as u64);
                    }
                    case.events.push(Event { date, by: None, legal_basis: None, rationale: None, kind });
                }
                Action::Propose { kind, destination, rationale, accompanied } => {
                    let proposed = ProposedStep {
                        date,
                        by: Some("officer".into()),
                        legal_basis: Some("Art. 8".into()),
                        rationale: rationale.then(|| "reasons given".to_owned()),
                        kind: step(kind, destination, accompanied && !case.person.family_members.is_empty()),
                    };
                    let decision = check(&case, &proposed);
                    prop_assert_eq!(decision.allowed, decision.reasons.is_empty());
                    // The what-if path reads the same case to the same answer.
                    let via_json = check_json(&json_of(&case, &proposed)).unwrap();
                    prop_assert_eq!(&via_json, &decision);
                    if !decision.allowed {
                        continue;
                    }
                    let dest = destination_country(&case, &proposed.kind);
                    let open = open_absolute(&case.events, date, dest.as_deref());
                    prop_assert!(open.is_empty(), "step {:?} taken on {} while {:?} open", proposed.kind, date, open);
                    let destination = match &proposed.kind {
                        StepKind::PlaceInHub { hub, .. } => Some(Destination::ReturnHub { hub: hub.clone() }),
                        StepKind::ScheduleRemoval { destination, .. } | StepKind::ExecuteRemoval { destination, .. } => destination.clone(),
                        _ => None,
                    };
                    let kind = match proposed.kind {
                        StepKind::ScheduleRemoval { .. } => EventKind::RemovalScheduled { destination, mode: RemovalMode::Forced, accompanied_by: vec![], operation: None },
                        _ => EventKind::RemovalExecuted { destination, mode: RemovalMode::Forced, accompanied_by: vec![], operation: None },
                    };
                    taken += 1;
                    case.events.push(Event {
                        date,
                        by: proposed.by,
                        legal_basis: proposed.legal_basis,
                        rationale: proposed.rationale,
                        kind,
                    });
                }
            }
        }
        for e in &case.events {
            if matches!(e.kind, EventKind::RemovalExecuted { .. } | EventKind::RemovalScheduled { .. }) {
                prop_assert!(e.rationale.as_deref().is_some_and(|r| !r.trim().is_empty()));
            }
        }
        let _ = taken;
    }

    /// A court order never changes which absolute rules block, and lifts
    /// every overridable one it names.
    #[test]
    fn court_orders_lift_only_overridable_rules(
        person in person(),
        events in prop::collection::vec((0u64..12, event()), 0..30),
        kind in 0u8..3,
        destination in destination(),
    ) {
        let mut date = d("2025-01-01");
        let mut case = CaseHistory {
            jurisdiction: Jurisdiction::Eu2008,
            person,
            events: vec![],
            destination_risks: vec![],
            hubs: hubs(),
        };
        for (gap, kind) in events {
            date = date + Days::new(gap);
            if matches!(kind, EventKind::CourtOrder { .. }) {
                continue;
            }
            case.events.push(Event { date, by: None, legal_basis: None, rationale: None, kind });
        }
        let proposed = ProposedStep {
            date: date + Days::new(1),
            by: Some("officer".into()),
            legal_basis: Some("Art. 8".into()),
            rationale: Some("reasons".into()),
            kind: step(kind, destination, false),
        };
        let before = check(&case, &proposed);
        case.events.push(Event {
            date,
            by: None,
            legal_basis: None,
            rationale: None,
            kind: EventKind::CourtOrder {
                court: None,
                reference: None,
                overrides: Rule::ALL.iter().map(|r| r.code().to_owned()).collect(),
                until: None,
            },
        });
        let after = check(&case, &proposed);
        let absolute = |d: &Decision| -> Vec<String> {
            d.reasons
                .iter()
                .filter(|r| !Rule::from_code(&r.rule).unwrap().overridable())
                .map(|r| r.rule.clone())
                .collect()
        };
        prop_assert_eq!(absolute(&before), absolute(&after));
        prop_assert_eq!(after.reasons.len(), absolute(&after).len());
    }
}
