//! The UK–France "one in, one out" ledger: the worked example of
//! docs/returns.md (tests/data/ledger/), its hand-checked numbers, input
//! errors, and properties over random ledgers. Run with `UPDATE_EXPECT=1`
//! to rewrite the expected output (then read the diff).

use std::path::Path;

use chrono::{Days, NaiveDate};
use corridor_returns::one_in_one_out::*;
use proptest::prelude::*;
use serde_json::Value;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn data(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/ledger")
        .join(name)
}

fn worked_example() -> LedgerReport {
    let input = std::fs::read_to_string(data("worked_example.json")).unwrap();
    ledger_json(&input, None).unwrap()
}

#[test]
fn the_worked_example_reproduces_its_expected_output() {
    let got = serde_json::to_value(worked_example()).unwrap();
    let path = data("worked_example.expected.json");
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&path, serde_json::to_string_pretty(&got).unwrap() + "\n").unwrap();
    }
    let want: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(got, want, "{}", serde_json::to_string_pretty(&got).unwrap());
}

fn person<'a>(r: &'a LedgerReport, id: &str) -> &'a PersonState {
    r.people.iter().find(|p| p.id == id).unwrap()
}

/// The numbers of docs/returns.md ("Worked example"), computed by hand.
#[test]
fn the_worked_example_matches_the_hand_computation() {
    let r = worked_example();
    assert_eq!(r.as_of, d("2026-02-02"));

    // Balance: 42 returned and 23 admitted brought forward (20 Oct 2025),
    // then P01 and R01 on 20 Nov, P10 on 4 Dec, R02 on 18 Dec, P04 on
    // 15 Jan; P10's admission is barred and not counted.
    assert_eq!((r.balance.returned, r.balance.admitted), (45, 25));
    assert_eq!(r.balance.balance, 20);
    let history: Vec<(NaiveDate, i64, i64, i64)> = r
        .balance
        .history
        .iter()
        .map(|h| (h.date, h.returned, h.admitted, h.balance))
        .collect();
    assert_eq!(
        history,
        vec![
            (d("2025-10-20"), 42, 23, 19),
            (d("2025-11-20"), 43, 24, 19),
            (d("2025-12-04"), 44, 24, 20),
            (d("2025-12-18"), 44, 25, 19),
            (d("2026-01-15"), 45, 25, 20),
        ]
    );

    // Statuses.
    let status = |id| person(&r, id).status;
    assert_eq!(status("P01"), Status::Removed);
    assert_eq!(status("P02"), Status::AwaitingRemoval);
    assert_eq!(status("P03"), Status::RemovalLapsed);
    assert_eq!(status("P04"), Status::Removed);
    assert_eq!(status("P05"), Status::Refused);
    assert_eq!(status("P06"), Status::ReferralLapsed);
    assert_eq!(status("P07"), Status::AwaitingReferral);
    assert_eq!(status("P08"), Status::AnswerOverdue);
    assert_eq!(status("P09"), Status::AwaitingAnswer);
    assert_eq!(status("P10"), Status::Removed);
    assert_eq!(status("R01"), Status::Admitted);
    assert_eq!(status("R02"), Status::Admitted);
    assert_eq!(status("R03"), Status::Applied);

    // Deadlines: arrival + 3 days, referral + 14 days, acceptance + 3
    // calendar months (30 Nov + 3 months clamps to 28 Feb).
    let p02 = person(&r, "P02");
    assert_eq!(p02.deadlines.referral_by, Some(d("2025-10-25")));
    assert_eq!(p02.deadlines.answer_by, Some(d("2025-11-10")));
    assert_eq!(p02.deadlines.removal_by, Some(d("2026-02-14")));
    assert_eq!(p02.referral.unwrap().in_time, Some(false));
    assert_eq!(p02.answer.unwrap().in_time, Some(false));
    assert_eq!(
        person(&r, "P04").deadlines.removal_by,
        Some(d("2026-02-28"))
    );
    assert_eq!(
        person(&r, "P03").deadlines.removal_by,
        Some(d("2026-01-31"))
    );
    let p01 = person(&r, "P01");
    assert_eq!(p01.removal.unwrap().in_time, Some(true));
    assert!(p01.barred);
    // P07's referral on 3 Feb is after as_of: not yet known.
    assert_eq!(person(&r, "P07").referral, None);

    // Lapses.
    let lapses: Vec<(&str, Deadline, NaiveDate, Option<NaiveDate>)> = r
        .people
        .iter()
        .flat_map(|p| {
            p.lapses
                .iter()
                .map(move |l| (p.id.as_str(), l.deadline, l.due, l.taken_late))
        })
        .collect();
    assert_eq!(
        lapses,
        vec![
            (
                "P02",
                Deadline::Referral,
                d("2025-10-25"),
                Some(d("2025-10-27"))
            ),
            (
                "P02",
                Deadline::Answer,
                d("2025-11-10"),
                Some(d("2025-11-14"))
            ),
            ("P03", Deadline::Removal, d("2026-01-31"), None),
            ("P06", Deadline::Referral, d("2026-01-31"), None),
            ("P08", Deadline::Answer, d("2026-01-31"), None),
        ]
    );

    // Alerts: lapsed ones, then those due within 2 / 3 / 14 days.
    let alerts: Vec<(&str, Deadline, NaiveDate, i64, AlertStatus)> = r
        .alerts
        .iter()
        .map(|a| (a.person.as_str(), a.deadline, a.due, a.days_left, a.status))
        .collect();
    assert_eq!(
        alerts,
        vec![
            (
                "P03",
                Deadline::Removal,
                d("2026-01-31"),
                -2,
                AlertStatus::Lapsed
            ),
            (
                "P06",
                Deadline::Referral,
                d("2026-01-31"),
                -2,
                AlertStatus::Lapsed
            ),
            (
                "P08",
                Deadline::Answer,
                d("2026-01-31"),
                -2,
                AlertStatus::Lapsed
            ),
            (
                "P07",
                Deadline::Referral,
                d("2026-02-03"),
                1,
                AlertStatus::DueSoon
            ),
            (
                "P09",
                Deadline::Answer,
                d("2026-02-04"),
                2,
                AlertStatus::DueSoon
            ),
            (
                "P02",
                Deadline::Removal,
                d("2026-02-14"),
                12,
                AlertStatus::DueSoon
            ),
        ]
    );

    // The bar: P10 was returned on 4 Dec and then applied and was admitted.
    let codes: Vec<(&str, &str)> = r
        .issues
        .iter()
        .map(|i| (i.person.as_str(), i.issue.code))
        .collect();
    assert_eq!(
        codes,
        vec![
            ("P10", "BARRED_FROM_ROUTE"),
            ("P10", "ADMISSION_OF_BARRED_PERSON")
        ]
    );
    let p10 = person(&r, "P10");
    assert_eq!(p10.admission, None);
    assert!(p10.route_applications[0].barred);
}

#[test]
fn the_date_moves_the_ledger() {
    let input = std::fs::read_to_string(data("worked_example.json")).unwrap();
    // A day later P07's referral (3 Feb, in time) is known, and the
    // balance has not changed.
    let r = ledger_json(&input, Some(d("2026-02-03"))).unwrap();
    let p07 = person(&r, "P07");
    assert_eq!(p07.status, Status::AwaitingAnswer);
    assert_eq!(p07.referral.unwrap().in_time, Some(true));
    assert_eq!(r.balance.balance, 20);
    // Before anything happened, only the brought-forward figures.
    let r = ledger_json(&input, Some(d("2025-10-20"))).unwrap();
    assert_eq!((r.balance.returned, r.balance.admitted), (42, 23));
    assert!(r.people.iter().all(|p| p.status == Status::NoEvents));
}

fn error(input: &str) -> String {
    ledger_json(input, Some(d("2026-01-01")))
        .unwrap_err()
        .to_string()
}

#[test]
fn input_errors_name_the_place() {
    let e = error(r#"{"people":[{"id":"A","events":[{"date":"2025-01-01","kind":"deported"}]}]}"#);
    assert!(e.starts_with("people[0].events[0]"), "{e}");
    assert!(e.contains("unknown variant `deported`"), "{e}");
    let e = error(r#"{"people":[{"id":"A"},{"id":"A"}]}"#);
    assert!(e.starts_with("people[1].id"), "{e}");
    let e = error(
        r#"{"brought_forward":{"date":"2025-10-20","returned":42,"admitted":23},
            "people":[{"id":"A","events":[{"date":"2025-10-20","kind":"removal"}]}]}"#,
    );
    assert!(e.starts_with("people[0].events[0]"), "{e}");
    assert!(e.contains("brought-forward"), "{e}");
    let e = error(r#"{"people":[{"id":"A","events":[{"date":"2025-01-01","kind":"answer"}]}]}"#);
    assert!(e.contains("missing field `accepted`"), "{e}");
    let e = ledger_json(r#"{"people":[]}"#, None)
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("as_of"), "{e}");
}

// ---- properties -------------------------------------------------------------

fn base() -> NaiveDate {
    d("2025-09-01")
}

fn day(n: u64) -> NaiveDate {
    base() + Days::new(n)
}

/// A person's events: a small-boat pipeline with random gaps (some
/// steps missing, some late), random route events, in random order.
fn person_events() -> impl Strategy<Value = Vec<LedgerEvent>> {
    (
        0u64..120,
        proptest::option::of(0u64..7),
        proptest::option::of((0u64..25, any::<bool>())),
        proptest::option::of(0u64..130),
        proptest::collection::vec((0u64..260, any::<bool>()), 0..3),
        any::<bool>(),
    )
        .prop_flat_map(|(arrival, referral, answer, removal, route, boat)| {
            let mut events = Vec::new();
            let mut t = arrival;
            if boat {
                events.push(LedgerEvent::Arrival { date: day(t) });
                if let Some(r) = referral {
                    t += r;
                    events.push(LedgerEvent::Referral { date: day(t) });
                    if let Some((a, accepted)) = answer {
                        t += a;
                        events.push(LedgerEvent::Answer {
                            date: day(t),
                            accepted,
                        });
                        if let (Some(m), true) = (removal, accepted) {
                            events.push(LedgerEvent::Removal { date: day(t + m) });
                        }
                    }
                }
            }
            for (when, admitted) in route {
                events.push(if admitted {
                    LedgerEvent::Admission { date: day(when) }
                } else {
                    LedgerEvent::RouteApplication { date: day(when) }
                });
            }
            Just(events).prop_shuffle()
        })
}

fn ledger() -> impl Strategy<Value = (Ledger, NaiveDate)> {
    (
        proptest::collection::vec(person_events(), 0..12),
        proptest::option::of((0u32..50, 0u32..50)),
        0u64..300,
        (0u32..5, 0u32..6, 0u32..30),
    )
        .prop_map(|(people, bf, as_of, (r, a, m))| {
            let ledger = Ledger {
                about: None,
                as_of: None,
                alert_days: AlertDays {
                    referral: r,
                    answer: a,
                    removal: m,
                },
                brought_forward: bf.map(|(returned, admitted)| BroughtForward {
                    date: base(),
                    returned,
                    admitted,
                    source: None,
                }),
                people: people
                    .into_iter()
                    .enumerate()
                    .map(|(i, events)| LedgerPerson {
                        id: format!("P{i}"),
                        events,
                    })
                    .collect(),
            };
            (ledger, day(as_of))
        })
}

fn first(
    events: &[LedgerEvent],
    as_of: NaiveDate,
    pick: fn(&LedgerEvent) -> bool,
) -> Option<NaiveDate> {
    events
        .iter()
        .filter(|e| pick(e) && e.date() <= as_of)
        .map(|e| e.date())
        .min()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// The balance is returned minus admitted, each counted from the raw
    /// events (a removal per person removed; an admission per person
    /// admitted before any removal), and the history ends at the totals.
    #[test]
    fn balance_is_returned_minus_admitted((ledger, as_of) in ledger()) {
        let r = report(&ledger, as_of);
        let (bf_r, bf_a) = ledger.brought_forward.as_ref().map_or((0, 0), |b| (i64::from(b.returned), i64::from(b.admitted)));
        let mut returned = bf_r;
        let mut admitted = bf_a;
        for p in &ledger.people {
            let removal = first(&p.events, as_of, |e| matches!(e, LedgerEvent::Removal { .. }));
            let admission = first(&p.events, as_of, |e| matches!(e, LedgerEvent::Admission { .. }));
            returned += i64::from(removal.is_some());
            admitted += i64::from(admission.is_some_and(|a| removal.is_none_or(|r| a < r)));
        }
        prop_assert_eq!(r.balance.returned, returned);
        prop_assert_eq!(r.balance.admitted, admitted);
        prop_assert_eq!(r.balance.balance, returned - admitted);
        let last = r.balance.history.last();
        prop_assert_eq!(last.map_or(0, |h| h.returned), if last.is_some() { returned } else { 0 });
        prop_assert_eq!(last.map_or(0, |h| h.balance), if last.is_some() { returned - admitted } else { 0 });
        for h in &r.balance.history {
            prop_assert_eq!(h.balance, h.returned - h.admitted);
            prop_assert!(h.date <= as_of || ledger.brought_forward.as_ref().is_some_and(|b| b.date == h.date));
        }
    }

    /// Nobody returned is ever admitted through the route: a counted
    /// admission is always before the person's removal, and every route
    /// application after a removal is marked barred.
    #[test]
    fn nobody_returned_is_admitted((ledger, as_of) in ledger()) {
        let r = report(&ledger, as_of);
        for p in &r.people {
            if let (Some(removal), Some(admission)) = (p.removal, p.admission) {
                prop_assert!(admission < removal.date, "{} admitted on {} after removal on {}", p.id, admission, removal.date);
            }
            if let Some(removal) = p.removal {
                prop_assert!(p.barred);
                prop_assert_ne!(p.status, Status::Admitted);
                for a in &p.route_applications {
                    prop_assert_eq!(a.barred, a.date >= removal.date);
                }
            }
        }
    }

    /// Every lapse is after its deadline: it is reported only once the
    /// deadline has passed, on the day after it, and only if the step was
    /// not taken by then.
    #[test]
    fn every_lapse_is_after_its_deadline((ledger, as_of) in ledger()) {
        let r = report(&ledger, as_of);
        for (p, input) in r.people.iter().zip(&ledger.people) {
            for l in &p.lapses {
                prop_assert!(l.lapsed_on > l.due);
                prop_assert!(as_of >= l.lapsed_on);
                let taken = match l.deadline {
                    Deadline::Referral => first(&input.events, as_of, |e| matches!(e, LedgerEvent::Referral { .. })),
                    Deadline::Answer => first(&input.events, as_of, |e| matches!(e, LedgerEvent::Answer { .. })),
                    Deadline::Removal => first(&input.events, as_of, |e| matches!(e, LedgerEvent::Removal { .. })),
                };
                prop_assert_eq!(taken, l.taken_late);
                prop_assert!(taken.is_none_or(|t| t > l.due));
            }
        }
        for a in &r.alerts {
            let horizon = match a.deadline {
                Deadline::Referral => ledger.alert_days.referral,
                Deadline::Answer => ledger.alert_days.answer,
                Deadline::Removal => ledger.alert_days.removal,
            };
            prop_assert_eq!(a.days_left, (a.due - as_of).num_days());
            prop_assert!(a.days_left <= i64::from(horizon));
            prop_assert_eq!(a.status == AlertStatus::Lapsed, a.days_left < 0);
        }
    }
}
