//! Returns cases in the store: a case reads back as it was written, its
//! events are append-only, every recorded step has its audit entry (in the
//! same transaction), a step the safeguards refuse writes nothing, hubs'
//! occupancy is counted from the stored cases, and with the at-rest key
//! nothing of a case is in the database file in the clear. Then a property
//! test over random event sequences written through the store: no removal
//! is ever executed while a safeguard is open, and every executed step has
//! a rationale and an audit entry.

use corridor_returns::file::{CaseId, HubRecord, NewCase};
use corridor_returns::{check, Event};
use corridor_store::{Actor, CaseError, SqliteStore, Store, StoreError, Written};
use serde_json::{json, Value};

fn actor() -> Actor {
    Actor {
        user: "officer-7".into(),
        agency: "GBR-BSC".into(),
        purpose: "returns".into(),
    }
}

/// An event with who, legal basis and rationale filled in.
fn ev(mut v: Value) -> Event {
    for (k, text) in [
        ("by", "officer-7"),
        ("legal_basis", "Immigration Rules"),
        ("rationale", "reasons written down"),
    ] {
        if v.get(k).is_none() {
            v[k] = json!(text);
        }
    }
    serde_json::from_value(v).unwrap()
}

fn new_case(id: &str, events: Vec<Value>) -> NewCase {
    let v = json!({
        "id": id,
        "jurisdiction": "uk",
        "identity": {"given_names": "Karim", "family_name": "Haddad"},
        "person": {"date_of_birth": "1990-03-04", "sex": "male", "nationality": "IRQ"},
        "events": events.into_iter().map(|e| serde_json::to_value(ev(e)).unwrap()).collect::<Vec<_>>(),
    });
    NewCase::from_json(&v.to_string()).unwrap()
}

/// A case ready for removal to Iraq on 2025-03-01.
fn ready(id: &str) -> NewCase {
    new_case(
        id,
        vec![
            json!({"date": "2025-01-10", "kind": "arrival", "mode": "small_boat", "place": "Dover"}),
            json!({"date": "2025-01-11", "kind": "asylum_claim"}),
            json!({"date": "2025-02-01", "kind": "asylum_decision", "outcome": "refused"}),
            json!({"date": "2025-02-03", "kind": "return_decision",
                   "destination": {"type": "country_of_origin", "country": "IRQ"}}),
            json!({"date": "2025-02-03", "kind": "voluntary_departure_offered", "period_days": 14}),
            json!({"date": "2025-02-20", "kind": "monitor_assigned", "monitor": "ICIBI"}),
        ],
    )
}

fn store_with(cases: &[NewCase], hubs: &[HubRecord]) -> SqliteStore {
    let mut store = SqliteStore::in_memory().unwrap();
    let mut s = store.cases_session().unwrap();
    for h in hubs {
        s.put_hub(h, &actor()).unwrap();
    }
    for c in cases {
        assert_eq!(s.open_case(c, &actor()).unwrap(), Written::Added);
    }
    s.commit().unwrap();
    store
}

fn record(store: &mut SqliteStore, id: &str, e: Value) -> Result<u32, CaseError> {
    let mut s = store.cases_session().unwrap();
    let r = s.record_event(&CaseId::new(id).unwrap(), &ev(e), &actor());
    match r {
        Ok(recorded) => {
            s.commit().unwrap();
            Ok(recorded.seq)
        }
        Err(e) => Err(e),
    }
}

fn audit_count(store: &SqliteStore) -> u64 {
    store.verify_audit().unwrap().0
}

#[test]
fn a_case_reads_back_with_every_event_and_its_audit_entry() {
    let store = store_with(&[ready("C-1")], &[]);
    let case = store.case("GBR-BSC", "C-1").unwrap().unwrap();
    assert_eq!(case.agency, "GBR-BSC");
    assert_eq!(case.identity.family_name, "Haddad");
    assert_eq!(case.events.len(), 6);
    let entries = store.audit_entries(0, 100).unwrap();
    // One entry for the opening, one per event, each named by its event.
    assert_eq!(entries.len(), 7);
    for (i, r) in case.events.iter().enumerate() {
        assert_eq!(r.seq, i as u32 + 1);
        assert!(r.event.rationale.is_some());
        let entry = entries.iter().find(|e| e.seq == r.audit_seq).unwrap();
        assert_eq!(entry.entry.action, "case_event");
        assert_eq!(entry.entry.target, format!("case C-1 event {}", r.seq));
        assert_eq!(entry.entry.user, "officer-7");
    }
    assert_eq!(store.verify_audit().unwrap().1, None);
    assert!(store.case("GBR-BSC", "C-2").unwrap().is_none());
    assert_eq!(store.cases().unwrap().len(), 1);
}

#[test]
fn opening_the_same_case_again_changes_nothing_and_other_content_is_refused() {
    let mut store = store_with(&[ready("C-1")], &[]);
    let before = audit_count(&store);
    let mut s = store.cases_session().unwrap();
    assert_eq!(
        s.open_case(&ready("C-1"), &actor()).unwrap(),
        Written::Unchanged
    );
    let mut other = ready("C-1");
    other.identity.given_names = "Someone".into();
    assert!(matches!(s.open_case(&other, &actor()), Err(CaseError::Conflict(id)) if id == "C-1"));
    s.commit().unwrap();
    assert_eq!(audit_count(&store), before);
}

/// Each agency names its cases in its own space: another agency opening
/// the same id opens a case of its own — neither a conflict nor an
/// "unchanged" that would tell it the first agency's case exists — and
/// each reads, extends and releases only its own.
#[test]
fn one_agency_s_case_ids_say_nothing_of_another_s() {
    let mut store = store_with(&[ready("C-1")], &[]);
    let serbia = Actor {
        user: "officer-2".into(),
        agency: "SRB-MUP".into(),
        purpose: "returns".into(),
    };
    let mut theirs = ready("C-1");
    theirs.identity.given_names = "Someone".into();
    let mut s = store.cases_session().unwrap();
    assert_eq!(s.open_case(&theirs, &serbia).unwrap(), Written::Added);
    // The very content of the first agency's case is new to a third.
    let greece = Actor {
        agency: "GRC-HP".into(),
        ..serbia.clone()
    };
    assert_eq!(s.open_case(&ready("C-1"), &greece).unwrap(), Written::Added);
    s.commit().unwrap();
    let ours = store.case("GBR-BSC", "C-1").unwrap().unwrap();
    let other = store.case("SRB-MUP", "C-1").unwrap().unwrap();
    assert_eq!(ours.agency, "GBR-BSC");
    assert_eq!(other.agency, "SRB-MUP");
    assert_eq!(other.id.as_str(), "C-1");
    assert_ne!(ours.identity.given_names, other.identity.given_names);
    assert_eq!(store.cases().unwrap().len(), 3);
    // A step one agency records lands in its own case only.
    let before = ours.events.len();
    let mut s = store.cases_session().unwrap();
    let e = ev(json!({"date": "2025-03-01", "kind": "monitor_assigned", "monitor": "ICIBI"}));
    s.record_event(&CaseId::new("C-1").unwrap(), &e, &serbia)
        .unwrap();
    s.commit().unwrap();
    assert_eq!(
        store.case("GBR-BSC", "C-1").unwrap().unwrap().events.len(),
        before
    );
    assert_eq!(
        store.case("SRB-MUP", "C-1").unwrap().unwrap().events.len(),
        other.events.len() + 1
    );
    // An agency with no such case finds none.
    assert!(store.case("MKD-MVR", "C-1").unwrap().is_none());
}

#[test]
fn events_are_append_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.db");
    let (mut store, _) = SqliteStore::create(&path).unwrap();
    let mut s = store.cases_session().unwrap();
    s.open_case(&ready("C-1"), &actor()).unwrap();
    s.commit().unwrap();
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    for sql in [
        "UPDATE case_events SET date = '2024-01-01'",
        "DELETE FROM case_events",
        "UPDATE cases SET agency = 'SRB-MUP'",
        "DELETE FROM cases",
    ] {
        let err = conn.execute(sql, []).unwrap_err().to_string();
        assert!(
            err.contains("append-only") || err.contains("never"),
            "{sql}: {err}"
        );
    }
}

#[test]
fn a_refused_step_writes_nothing_and_says_why() {
    let mut store = store_with(&[ready("C-1")], &[]);
    // An appeal is pending: no removal.
    record(
        &mut store,
        "C-1",
        json!({"date": "2025-02-10", "kind": "appeal_lodged", "reference": "A-1",
               "against": "asylum_decision", "suspensive": true}),
    )
    .unwrap();
    let events = store.case("GBR-BSC", "C-1").unwrap().unwrap().events.len();
    let audited = audit_count(&store);
    let err = record(
        &mut store,
        "C-1",
        json!({"date": "2025-03-01", "kind": "removal_executed"}),
    )
    .unwrap_err();
    match err {
        CaseError::Refused { case, reasons, .. } => {
            assert_eq!(case, "C-1");
            assert!(
                reasons
                    .iter()
                    .any(|r| r.rule == "SUSPENSIVE_APPEAL_PENDING"),
                "{reasons:?}"
            );
        }
        other => panic!("{other}"),
    }
    assert_eq!(
        store.case("GBR-BSC", "C-1").unwrap().unwrap().events.len(),
        events
    );
    assert_eq!(audit_count(&store), audited);
    // Decided, the same step is allowed and recorded.
    record(
        &mut store,
        "C-1",
        json!({"date": "2025-02-25", "kind": "appeal_decided", "reference": "A-1", "outcome": "dismissed"}),
    )
    .unwrap();
    let seq = record(
        &mut store,
        "C-1",
        json!({"date": "2025-03-01", "kind": "removal_executed", "operation": "OP-2025-031"}),
    )
    .unwrap();
    assert_eq!(seq as usize, events + 2);
}

#[test]
fn an_event_without_its_record_is_invalid_and_writes_nothing() {
    let mut store = store_with(&[ready("C-1")], &[]);
    let audited = audit_count(&store);
    let mut s = store.cases_session().unwrap();
    let mut e = ev(json!({"date": "2025-02-10", "kind": "entry_ban", "years": 5}));
    e.rationale = Some("  ".into());
    let err = s
        .record_event(&CaseId::new("C-1").unwrap(), &e, &actor())
        .unwrap_err();
    assert!(err.to_string().contains("event.rationale"), "{err}");
    let err = s
        .record_event(
            &CaseId::new("C-9").unwrap(),
            &ev(json!({"date": "2025-02-10", "kind": "entry_ban"})),
            &actor(),
        )
        .unwrap_err();
    assert!(matches!(err, CaseError::NotFound(_)));
    s.commit().unwrap();
    assert_eq!(audit_count(&store), audited);
    // A case whose history holds a removal the safeguards refuse is not
    // opened at all, and the error names the event.
    let mut bad = ready("C-2");
    bad.events.push(ev(
        json!({"date": "2025-01-20", "kind": "removal_executed"}),
    ));
    let mut s = store.cases_session().unwrap();
    match s.open_case(&bad, &actor()) {
        Err(CaseError::Refused { event, reasons, .. }) => {
            assert_eq!(event, Some(6));
            assert!(reasons.iter().any(|r| r.rule == "NON_REFOULEMENT_PENDING"));
        }
        other => panic!("{other:?}"),
    }
    drop(s);
    assert!(store.case("GBR-BSC", "C-2").unwrap().is_none());
}

fn hub(capacity: u32, others: u32) -> HubRecord {
    serde_json::from_value(json!({
        "id": "hub-mkd", "name": "Return hub North Macedonia", "host_state": "MKD",
        "capacity": capacity, "other_occupants": others,
        "eligibility": {"sexes": ["male"]}
    }))
    .unwrap()
}

#[test]
fn a_hub_s_occupancy_is_counted_from_the_cases_placed_there() {
    let mut store = store_with(&[ready("C-1"), ready("C-2")], &[hub(2, 1)]);
    let place = json!({"date": "2025-03-01", "kind": "removal_executed",
                       "destination": {"type": "return_hub", "hub": "hub-mkd"}});
    record(&mut store, "C-1", place.clone()).unwrap();
    // One other occupant and C-1: the hub is full for C-2.
    match record(&mut store, "C-2", place.clone()) {
        Err(CaseError::Refused { reasons, .. }) => {
            assert_eq!(reasons.len(), 1, "{reasons:?}");
            assert_eq!(reasons[0].rule, "HUB_CAPACITY");
        }
        other => panic!("{other:?}"),
    }
    // C-1 leaves for Iraq; a place is free again from that day.
    record(
        &mut store,
        "C-1",
        json!({"date": "2025-03-10", "kind": "monitor_assigned"}),
    )
    .unwrap();
    record(
        &mut store,
        "C-1",
        json!({"date": "2025-03-10", "kind": "removal_executed",
               "destination": {"type": "country_of_origin", "country": "IRQ"}}),
    )
    .unwrap();
    let mut later = place;
    later["date"] = json!("2025-03-11");
    record(&mut store, "C-2", later).unwrap();
    // A bigger hub replaces the description.
    let mut s = store.cases_session().unwrap();
    assert_eq!(s.put_hub(&hub(3, 1), &actor()).unwrap(), Written::Replaced);
    assert_eq!(s.put_hub(&hub(3, 1), &actor()).unwrap(), Written::Unchanged);
    s.commit().unwrap();
    assert_eq!(store.hubs().unwrap()[0].capacity, 3);
}

#[test]
fn with_the_at_rest_key_no_case_content_is_in_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.db");
    let (store, _) = SqliteStore::create(&path).unwrap();
    let mut store = store.with_at_rest_key([9; 32]).unwrap();
    let mut case = ready("C-1");
    case.identity.family_name = "Markerfamily".into();
    case.events[1].rationale = Some("Markergrounds of the claim".into());
    let mut s = store.cases_session().unwrap();
    s.open_case(&case, &actor()).unwrap();
    s.commit().unwrap();
    assert_eq!(
        store
            .case("GBR-BSC", "C-1")
            .unwrap()
            .unwrap()
            .identity
            .family_name,
        "Markerfamily"
    );
    drop(store);
    let mut bytes = std::fs::read(&path).unwrap();
    if let Ok(wal) = std::fs::read(dir.path().join("c.db-wal")) {
        bytes.extend(wal);
    }
    for marker in ["Markerfamily", "Markergrounds", "asylum_claim", "Haddad"] {
        assert!(
            !bytes.windows(marker.len()).any(|w| w == marker.as_bytes()),
            "{marker} is in the file in the clear"
        );
    }
    // Without the key the case cannot be read; with another, neither.
    let without = SqliteStore::open(&path).unwrap();
    assert!(matches!(
        without.case("GBR-BSC", "C-1"),
        Err(StoreError::Sealed { .. })
    ));
    let other = SqliteStore::open(&path)
        .unwrap()
        .with_at_rest_key([8; 32])
        .unwrap();
    assert!(other.case("GBR-BSC", "C-1").is_err());
}

#[test]
fn a_transfer_is_recorded_with_its_legal_basis_or_refused() {
    let mut store = store_with(&[ready("C-1")], &[]);
    let transfer = corridor_store::Transfer {
        case: CaseId::new("C-1").unwrap(),
        recipient_role: "country_of_origin".into(),
        recipient_state: "IRQ".into(),
        recipient_agency: None,
        legal_basis: "EU-Iraq readmission arrangement".into(),
        fields: vec!["person.given_names".into()],
        body_sha256: "ab".repeat(32),
    };
    let mut s = store.cases_session().unwrap();
    let id = s.record_transfer(&transfer, &actor()).unwrap();
    let mut none = transfer.clone();
    none.legal_basis = " ".into();
    assert!(s.record_transfer(&none, &actor()).is_err());
    s.commit().unwrap();
    let stored = store.transfers("GBR-BSC", "C-1").unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].id, id);
    assert_eq!(stored[0].transfer, transfer);
    let entry = store
        .audit_entries(stored[0].audit_seq - 1, 1)
        .unwrap()
        .remove(0);
    assert_eq!(entry.entry.action, "case_release");
}

// ---- the property test ------------------------------------------------------

mod property {
    use super::*;
    use chrono::{Days, NaiveDate};
    use corridor_returns::*;
    use proptest::prelude::*;
    use proptest::strategy::ValueTree;

    #[derive(Debug, Clone)]
    pub enum Action {
        Event(EventKind),
        Step(EventKind),
    }

    fn destination() -> impl Strategy<Value = Option<Destination>> {
        let c = |s: &str| Country::new(s).unwrap();
        prop_oneof![
            Just(None),
            Just(Some(Destination::CountryOfOrigin { country: c("IRQ") })),
            Just(Some(Destination::ThirdCountry { country: c("AFG") })),
            Just(Some(Destination::ThirdCountry { country: c("FRA") })),
            Just(Some(Destination::ReturnHub {
                hub: "hub-mkd".into()
            })),
            Just(Some(Destination::ReturnHub {
                hub: "hub-unknown".into()
            })),
        ]
    }

    fn fact() -> impl Strategy<Value = EventKind> {
        let reference = (0u8..3).prop_map(|n| Some(format!("A-{n}")));
        prop_oneof![
            Just(EventKind::AsylumClaim {}),
            prop_oneof![
                Just(AsylumOutcome::Granted),
                Just(AsylumOutcome::Refused),
                Just(AsylumOutcome::Inadmissible)
            ]
            .prop_map(|outcome| EventKind::AsylumDecision { outcome }),
            (reference.clone(), any::<bool>()).prop_map(|(reference, suspensive)| {
                EventKind::AppealLodged {
                    reference,
                    against: AppealAgainst::AsylumDecision,
                    suspensive,
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
            (0u32..20).prop_map(|period_days| EventKind::VoluntaryDepartureOffered { period_days }),
            prop_oneof![
                Just(TraffickingStatus::Presumed),
                Just(TraffickingStatus::Identified),
                Just(TraffickingStatus::NotIdentified)
            ]
            .prop_map(|status| EventKind::TraffickingIdentification { status }),
            Just(EventKind::MonitorAssigned { monitor: None }),
            Just(EventKind::AgeAssessment {
                outcome: AgeOutcome::Adult,
                date_of_birth: None
            }),
            proptest::sample::subsequence(
                Rule::ALL
                    .iter()
                    .map(|r| r.code().to_owned())
                    .collect::<Vec<_>>(),
                0..4
            )
            .prop_map(|overrides| EventKind::CourtOrder {
                court: None,
                reference: None,
                overrides,
                until: None
            }),
        ]
    }

    fn step() -> impl Strategy<Value = EventKind> {
        let c = |s: &str| Country::new(s).unwrap();
        prop_oneof![
            destination().prop_map(|destination| EventKind::RemovalScheduled {
                destination,
                mode: RemovalMode::Forced,
                accompanied_by: vec![],
                operation: None
            }),
            (destination(), any::<bool>()).prop_map(|(destination, voluntary)| {
                EventKind::RemovalExecuted {
                    destination,
                    mode: if voluntary {
                        RemovalMode::Voluntary
                    } else {
                        RemovalMode::Forced
                    },
                    accompanied_by: vec![],
                    operation: None,
                }
            }),
            Just(EventKind::RemovalExecuted {
                destination: Some(Destination::ReturnHub {
                    hub: "hub-mkd".into()
                }),
                mode: RemovalMode::Forced,
                accompanied_by: vec![],
                operation: None
            }),
            (0u64..200).prop_map(|d| EventKind::DetentionOrdered {
                until: Some(NaiveDate::MIN + Days::new(d))
            }),
            Just(EventKind::RemovalExecuted {
                destination: Some(Destination::CountryOfOrigin { country: c("IRQ") }),
                mode: RemovalMode::Forced,
                accompanied_by: vec![],
                operation: None
            }),
        ]
    }

    fn action() -> impl Strategy<Value = (u64, Action, bool)> {
        (
            0u64..10,
            prop_oneof![
                3 => fact().prop_map(Action::Event),
                2 => step().prop_map(Action::Step),
            ],
            prop::bool::weighted(0.9),
        )
    }

    /// The absolute safeguards and suspensive appeals open on `on`, from
    /// the raw history, without the engine.
    fn open_safeguards(events: &[Event], on: NaiveDate, dest: Option<&str>) -> Vec<&'static str> {
        let mut open = Vec::new();
        let (mut asylum, mut nr, mut rule39, mut granted, mut upheld) =
            (false, 0, false, false, false);
        let mut appeals: Vec<(Option<String>, bool, bool)> = Vec::new();
        let mut trafficking: Option<(TraffickingStatus, NaiveDate)> = None;
        let mut sorted: Vec<&Event> = events.iter().filter(|e| e.date <= on).collect();
        sorted.sort_by_key(|e| e.date);
        for e in sorted {
            match &e.kind {
                EventKind::AsylumClaim {} => asylum = true,
                EventKind::AsylumDecision { outcome } => {
                    asylum = false;
                    granted |= *outcome == AsylumOutcome::Granted;
                }
                EventKind::AppealLodged {
                    reference,
                    suspensive,
                    ..
                } => appeals.push((reference.clone(), *suspensive, false)),
                EventKind::AppealDecided { reference, outcome } => {
                    if let Some(a) = appeals.iter_mut().rev().find(|a| !a.2 && &a.0 == reference) {
                        a.2 = true;
                        if *outcome == AppealOutcome::Allowed {
                            asylum = true;
                        }
                    }
                }
                EventKind::NonRefoulementClaim { .. } => nr += 1,
                EventKind::NonRefoulementDecided { upheld: u, .. } => {
                    nr = 0;
                    upheld |= *u;
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
                    }
                }
                _ => {}
            }
        }
        if asylum || nr > 0 {
            open.push("NON_REFOULEMENT_PENDING");
        }
        if granted || upheld {
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
        if dest == Some("AFG") {
            open.push("DESTINATION_RISK");
        }
        let lifted = events.iter().any(|e| {
            e.date <= on
                && matches!(&e.kind, EventKind::CourtOrder { overrides, .. }
                    if overrides.iter().any(|c| c == "SUSPENSIVE_APPEAL_PENDING"))
        });
        if !lifted && appeals.iter().any(|a| a.1 && !a.2) {
            open.push("SUSPENSIVE_APPEAL_PENDING");
        }
        open
    }

    /// Where an executed removal took the person, by country.
    fn destination_state(events: &[Event], e: &Event) -> Option<String> {
        let dest = match &e.kind {
            EventKind::RemovalExecuted { destination, .. }
            | EventKind::RemovalScheduled { destination, .. } => destination.clone(),
            _ => None,
        }
        .or_else(|| {
            events
                .iter()
                .filter(|x| x.date <= e.date)
                .filter_map(|x| match &x.kind {
                    EventKind::ReturnDecision { destination, .. } => Some(destination.clone()),
                    _ => None,
                })
                .next_back()
                .flatten()
        })?;
        match dest {
            Destination::CountryOfOrigin { country } | Destination::ThirdCountry { country } => {
                Some(country.to_string())
            }
            Destination::ReturnHub { hub } => (hub == "hub-mkd").then(|| "MKD".to_owned()),
        }
    }

    /// Writes a random sequence through the store as a case officer would
    /// (every step proposed is recorded if the store accepts it) and checks
    /// each accepted and refused write; returns how many removal steps
    /// were taken.
    fn run(
        settled: bool,
        others: u32,
        actions: Vec<(u64, Action, bool)>,
    ) -> Result<usize, TestCaseError> {
        let mut taken = 0;
        let mut store = store_with(&[], &[hub(3, others)]);
        let mut opening = new_case("C-P", vec![]);
        if settled {
            opening = ready("C-P");
        }
        let mut s = store.cases_session().unwrap();
        s.open_case(&opening, &actor()).unwrap();
        s.commit().unwrap();
        let mut date: NaiveDate = "2025-03-01".parse().unwrap();
        for (gap, action, with_rationale) in actions {
            date = date + Days::new(gap);
            let (kind, judged) = match action {
                Action::Event(k) => (k, false),
                Action::Step(EventKind::DetentionOrdered { until: Some(u) }) => (
                    EventKind::DetentionOrdered {
                        until: Some(date + Days::new((u - NaiveDate::MIN).num_days() as u64)),
                    },
                    true,
                ),
                Action::Step(k) => (k, true),
            };
            let mut event = Event {
                date,
                by: Some("officer-7".into()),
                legal_basis: Some("Art. 8".into()),
                rationale: with_rationale.then(|| "reasons given".to_owned()),
                kind,
            };
            if !with_rationale && !judged {
                event.rationale = None;
            }
            let before = store.case("GBR-BSC", "C-P").unwrap().unwrap();
            let audited = audit_count(&store);
            let mut s = store.cases_session().unwrap();
            let result = s.record_event(&CaseId::new("C-P").unwrap(), &event, &actor());
            match result {
                Ok(_) => s.commit().unwrap(),
                Err(_) => {
                    drop(s);
                    // Nothing written: not the event, not an audit entry.
                    let after = store.case("GBR-BSC", "C-P").unwrap().unwrap();
                    prop_assert_eq!(after.events.len(), before.events.len());
                    prop_assert_eq!(audit_count(&store), audited);
                    continue;
                }
            }
            prop_assert!(
                event.rationale.is_some(),
                "an event without a rationale was recorded"
            );
            if let Some(step) = event.as_step() {
                // The engine allowed it on the case as it was stored before.
                let hubs = corridor_returns::file::engine_hubs(
                    &store.hubs().unwrap(),
                    std::iter::empty(),
                    date,
                );
                prop_assert!(check(&before.history(hubs), &step).allowed);
                if step.kind.is_removal() {
                    taken += 1;
                    let history = before.events();
                    let dest = destination_state(&history, &event);
                    let open = open_safeguards(&history, date, dest.as_deref());
                    prop_assert!(
                        open.is_empty(),
                        "{:?} recorded on {} while {:?} open",
                        event.kind,
                        date,
                        open
                    );
                }
            }
        }
        // Every stored event has its rationale and its own audit entry.
        let case = store.case("GBR-BSC", "C-P").unwrap().unwrap();
        let entries = store.audit_entries(0, 100_000).unwrap();
        prop_assert_eq!(store.verify_audit().unwrap().1, None);
        for r in &case.events {
            prop_assert!(r
                .event
                .rationale
                .as_deref()
                .is_some_and(|t| !t.trim().is_empty()));
            let entry = entries.iter().find(|e| e.seq == r.audit_seq);
            let expected = format!("case C-P event {}", r.seq);
            prop_assert!(
                entry.is_some_and(|e| e.entry.target == expected),
                "no audit entry for event {}",
                r.seq
            );
        }
        Ok(taken)
    }

    /// Many sequences from a fixed seed: the property holds on each, and
    /// enough removals are taken for it to mean something.
    #[test]
    fn no_removal_is_executed_while_a_safeguard_is_open() {
        let mut runner = proptest::test_runner::TestRunner::new_with_rng(
            ProptestConfig {
                failure_persistence: None,
                ..ProptestConfig::default()
            },
            proptest::test_runner::TestRng::deterministic_rng(
                proptest::test_runner::RngAlgorithm::ChaCha,
            ),
        );
        let strategy = (
            prop::bool::weighted(0.75),
            0u32..3,
            prop::collection::vec(action(), 1..30),
        );
        let mut removals = 0;
        for _ in 0..200 {
            let tree = strategy.new_tree(&mut runner).unwrap();
            let (settled, others, actions) = tree.current();
            match run(settled, others, actions.clone()) {
                Ok(n) => removals += n,
                Err(e) => panic!("{e}\nsettled {settled}, others {others}, actions {actions:?}"),
            }
        }
        assert!(removals >= 100, "only {removals} removal steps were taken");
    }
}
