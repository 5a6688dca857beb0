//! Return hubs: placement proposals and occupancy reports. The example in
//! tests/data/hubs/ with its expected output and hand-checked numbers,
//! input errors, and properties over random hubs and cases: capacity is
//! never exceeded and the safeguards engine allows every proposal. Run
//! with `UPDATE_EXPECT=1` to rewrite the expected output (then read the
//! diff).

use std::path::Path;

use chrono::NaiveDate;
use corridor_returns::hubs::*;
use corridor_returns::*;
use proptest::prelude::*;
use serde_json::Value;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn data(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/hubs")
        .join(name)
}

fn example_input() -> String {
    std::fs::read_to_string(data("example.json")).unwrap()
}

#[test]
fn the_example_reproduces_its_expected_output() {
    let got = serde_json::to_value(hubs_json(&example_input(), None).unwrap()).unwrap();
    let path = data("example.expected.json");
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&path, serde_json::to_string_pretty(&got).unwrap() + "\n").unwrap();
    }
    let want: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(got, want, "{}", serde_json::to_string_pretty(&got).unwrap());
}

/// The numbers of docs/returns.md, by hand: gjader has 1 free place (2 of
/// 3 taken), hub-b 2; C1 takes gjader's, C2 and C6 hub-b's; C3 (a minor),
/// C4 (pregnant), C5 (suspensive appeal) are blocked by safeguards and C7
/// finds both hubs full.
#[test]
fn the_example_matches_the_hand_computation() {
    let r = hubs_json(&example_input(), None).unwrap();
    assert_eq!(r.as_of, d("2025-07-10"));
    let proposals: Vec<(&str, &str)> = r
        .proposals
        .iter()
        .map(|p| (p.case.as_str(), p.hub.as_str()))
        .collect();
    assert_eq!(
        proposals,
        vec![("C1", "gjader"), ("C2", "hub-b"), ("C6", "hub-b")]
    );
    type Tries = Vec<(String, bool, Vec<String>)>;
    let blocked: Vec<(&str, Tries)> = r
        .not_placed
        .iter()
        .map(|n| {
            (
                n.case.as_str(),
                n.tried
                    .iter()
                    .map(|t| {
                        (
                            t.hub.clone(),
                            t.full,
                            t.reasons.iter().map(|r| r.rule.clone()).collect(),
                        )
                    })
                    .collect(),
            )
        })
        .collect();
    let s = |x: &str| x.to_owned();
    assert_eq!(
        blocked,
        vec![
            (
                "C3",
                vec![
                    (s("gjader"), true, vec![]),
                    (s("hub-b"), false, vec![s("HUB_EXCLUDED_MINOR")])
                ]
            ),
            (
                "C4",
                vec![
                    (s("hub-b"), false, vec![s("HUB_EXCLUDED_VULNERABLE")]),
                    (s("gjader"), true, vec![])
                ]
            ),
            (
                "C5",
                vec![
                    (s("gjader"), true, vec![]),
                    (s("hub-b"), false, vec![s("SUSPENSIVE_APPEAL_PENDING")])
                ]
            ),
            (
                "C7",
                vec![(s("gjader"), true, vec![]), (s("hub-b"), true, vec![])]
            ),
        ]
    );
    let skipped: Vec<(&str, &str)> = r
        .skipped
        .iter()
        .map(|x| (x.case.as_str(), x.reason))
        .collect();
    assert_eq!(skipped, vec![("H1", "in_hub"), ("H2", "closed")]);

    let gjader = &r.hubs[0];
    assert_eq!(
        (
            gjader.occupancy,
            gjader.listed,
            gjader.proposed,
            gjader.occupancy_after,
            gjader.free_after
        ),
        (2, 1, 1, 3, 0)
    );
    // H1 placed on 1 June: 39 days on 10 July. H2 stayed 1 May – 15 June.
    assert_eq!(gjader.current[0].days, 39);
    assert_eq!(gjader.completed[0].days, 45);
    assert_eq!(gjader.length_of_stay.current.max_days, Some(39));
    assert_eq!(gjader.length_of_stay.completed.mean_days, Some(45.0));
    let hub_b = &r.hubs[1];
    assert_eq!(
        (hub_b.proposed, hub_b.occupancy_after, hub_b.free_after),
        (2, 2, 0)
    );
    assert_eq!(hub_b.length_of_stay.current.count, 0);
}

#[test]
fn a_later_date_sees_the_stay_grow_and_the_appeal_still_pending() {
    let r = hubs_json(&example_input(), Some(d("2025-08-09"))).unwrap();
    assert_eq!(r.hubs[0].current[0].days, 69);
    assert!(r.not_placed.iter().any(|n| n.case == "C5"));
}

fn error(input: &str) -> String {
    hubs_json(input, Some(d("2025-07-10")))
        .unwrap_err()
        .to_string()
}

#[test]
fn input_errors_name_the_place() {
    let hub = r#"{"id":"h","host_state":"ALB","capacity":1,"occupancy":0}"#;
    let e = error(&format!(r#"{{"hubs":[{hub},{hub}],"cases":[]}}"#));
    assert!(e.starts_with("hubs[1].id"), "{e}");
    let e = error(&format!(
        r#"{{"hubs":[{hub}],"cases":[{{"id":"a","jurisdiction":"uk","person":{{}},"events":[
            {{"date":"2025-07-01","kind":"removal_executed","destination":{{"type":"return_hub","hub":"h"}}}}]}},
            {{"id":"b","jurisdiction":"uk","person":{{}},"events":[
            {{"date":"2025-07-01","kind":"removal_executed","destination":{{"type":"return_hub","hub":"h"}}}}]}}]}}"#
    ));
    assert!(e.starts_with("hubs[0].occupancy"), "{e}");
    let e = error(&format!(
        r#"{{"hubs":[{hub}],"cases":[{{"id":"a","jurisdiction":"uk","person":{{}},"events":[
            {{"date":"2025-07-01","kind":"removal_executed","destination":{{"type":"return_hub","hub":"x"}}}}]}}]}}"#
    ));
    assert!(e.contains("not among `hubs`"), "{e}");
    let e = error(&format!(
        r#"{{"hubs":[{hub}],"cases":[{{"id":"a","jurisdiction":"uk","person":{{}},"hubs":[]}}]}}"#
    ));
    assert!(e.contains("unknown field `hubs`"), "{e}");
    let e = error(&format!(
        r#"{{"hubs":[{hub}],"cases":[{{"id":"a","jurisdiction":"uk","person":{{}},"events":[
            {{"date":"2025-07-01","kind":"court_order","overrides":["HUB_CAPACTY"]}}]}}]}}"#
    ));
    assert!(e.starts_with("cases[0].events[0].overrides[0]"), "{e}");
}

/// A court order lifting HUB_CAPACITY in a case does not let a proposal
/// overfill a hub.
#[test]
fn a_court_order_does_not_overfill_a_hub() {
    let mut request = HubsRequest::from_json(&example_input()).unwrap();
    for c in &mut request.cases {
        c.events.push(
            serde_json::from_str(
                r#"{"date":"2025-07-02","kind":"court_order","overrides":["HUB_CAPACITY"]}"#,
            )
            .unwrap(),
        );
    }
    let r = propose(&request, d("2025-07-10")).unwrap();
    for h in &r.hubs {
        assert!(h.occupancy_after <= h.capacity, "{}", h.id);
    }
}

// ---- properties -------------------------------------------------------------

fn country(c: &str) -> Country {
    Country::new(c).unwrap()
}

fn hub_strategy(i: usize) -> impl Strategy<Value = Hub> {
    (
        0u32..4,
        0u32..5,
        any::<bool>(),
        proptest::sample::subsequence(vec!["BGD", "EGY", "TUN", "AFG"], 0..=4),
        prop_oneof![Just("ALB"), Just("MNE"), Just("LBY")],
    )
        .prop_map(move |(capacity, occupancy, men_only, nats, host)| Hub {
            id: format!("h{i}"),
            name: None,
            host_state: country(host),
            capacity,
            occupancy,
            eligibility: HubEligibility {
                sexes: if men_only { vec![Sex::Male] } else { vec![] },
                nationalities: nats.into_iter().map(country).collect(),
            },
        })
}

fn case_strategy(i: usize) -> impl Strategy<Value = HubCase> {
    (
        prop_oneof![Just("BGD"), Just("EGY"), Just("TUN"), Just("AFG")],
        any::<bool>(),
        any::<bool>(),
        0u8..4,
        proptest::option::of(0usize..3),
    )
        .prop_map(move |(nat, male, minor, trouble, decided)| {
            let mut events: Vec<Event> = serde_json::from_value(serde_json::json!([
                {"date":"2025-03-01","kind":"return_decision"},
                {"date":"2025-03-01","kind":"voluntary_departure_offered","period_days":30},
                {"date":"2025-07-01","kind":"monitor_assigned"}
            ]))
            .unwrap();
            if let Some(h) = decided {
                events[0].kind = EventKind::ReturnDecision {
                    destination: Some(Destination::ReturnHub {
                        hub: format!("h{h}"),
                    }),
                    voluntary_departure_exception: None,
                };
            }
            let extra = match trouble {
                1 => Some(EventKind::AsylumClaim {}),
                2 => Some(EventKind::Rule39InterimMeasure { application: None }),
                3 => Some(EventKind::CourtOrder {
                    court: None,
                    reference: None,
                    overrides: vec!["HUB_CAPACITY".into(), "HUB_ELIGIBILITY".into()],
                    until: None,
                }),
                _ => None,
            };
            if let Some(kind) = extra {
                events.push(Event {
                    date: d("2025-06-01"),
                    by: None,
                    legal_basis: None,
                    rationale: None,
                    kind,
                });
            }
            HubCase {
                id: format!("c{i}"),
                jurisdiction: Jurisdiction::Eu2008,
                person: Person {
                    date_of_birth: Some(if minor {
                        d("2010-01-01")
                    } else {
                        d("1990-01-01")
                    }),
                    sex: Some(if male { Sex::Male } else { Sex::Female }),
                    nationality: Some(country(nat)),
                    ..Person::default()
                },
                events,
                destination_risks: vec![],
            }
        })
}

fn request() -> impl Strategy<Value = HubsRequest> {
    (
        (hub_strategy(0), hub_strategy(1), hub_strategy(2)),
        proptest::collection::vec(0usize..1, 0..10),
    )
        .prop_flat_map(|((a, b, c), n)| {
            let cases: Vec<_> = (0..n.len()).map(case_strategy).collect();
            (Just(vec![a, b, c]), cases)
        })
        .prop_map(|(hubs, cases)| HubsRequest {
            about: None,
            as_of: None,
            hubs,
            record: StepRecord {
                by: Some("officer".into()),
                legal_basis: Some("Art. 8".into()),
                rationale: Some("proposal".into()),
            },
            cases,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// No hub receives more proposals than its free places, and the
    /// engine allows every proposal when asked about it with the hub's
    /// occupancy as it was before the proposal.
    #[test]
    fn proposals_respect_capacity_and_safeguards(request in request()) {
        let on = d("2025-07-10");
        let r = propose(&request, on).unwrap();
        let mut occupancy: Vec<u32> = request.hubs.iter().map(|h| h.occupancy).collect();
        for p in &r.proposals {
            let i = request.hubs.iter().position(|h| h.id == p.hub).unwrap();
            prop_assert!(occupancy[i] < request.hubs[i].capacity, "{} overfilled", p.hub);
            let case = request.cases.iter().find(|c| c.id == p.case).unwrap();
            let mut hubs = request.hubs.clone();
            for (h, o) in hubs.iter_mut().zip(&occupancy) {
                h.occupancy = *o;
            }
            let history = CaseHistory {
                jurisdiction: case.jurisdiction,
                person: case.person.clone(),
                events: case.events.clone(),
                destination_risks: vec![],
                hubs,
            };
            let step = ProposedStep {
                date: on,
                by: Some("officer".into()),
                legal_basis: Some("Art. 8".into()),
                rationale: Some("proposal".into()),
                kind: StepKind::PlaceInHub { hub: p.hub.clone(), accompanied_by: vec![] },
            };
            let decision = check(&history, &step);
            prop_assert!(decision.allowed, "{} → {}: {:?}", p.case, p.hub, decision.reasons);
            // Independent of the engine: no minor, no pending claim, no
            // Rule 39, and the hub's own eligibility unless a court lifted it.
            prop_assert!(case.person.date_of_birth.unwrap() < d("2007-07-10"));
            let absolute = case.events.iter().any(|e| {
                matches!(e.kind, EventKind::AsylumClaim {} | EventKind::Rule39InterimMeasure { .. })
            });
            prop_assert!(!absolute, "{} has an absolute safeguard open", p.case);
            occupancy[i] += 1;
        }
        for (h, rep) in request.hubs.iter().zip(&r.hubs) {
            prop_assert!(rep.proposed <= h.capacity.saturating_sub(h.occupancy));
            prop_assert_eq!(rep.occupancy_after, h.occupancy + rep.proposed);
        }
        prop_assert_eq!(r.proposals.len() + r.not_placed.len() + r.skipped.len(), request.cases.len());
        for n in &r.not_placed {
            prop_assert_eq!(n.tried.len(), request.hubs.len());
            for t in &n.tried {
                prop_assert!(t.full == t.reasons.is_empty());
            }
        }
    }
}
