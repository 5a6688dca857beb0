//! The asylum wall as a matrix: every role × (the case's own agency,
//! another) × case action, and every case situation × recipient × legal
//! basis, against `tests/data/cases.tsv` (rewrite with `BLESS=1` and review
//! the diff). Then a property test that plants marker strings in every
//! field of the asylum file and every free text of a case, releases it to
//! every recipient, and greps every released body: no marker, no asylum
//! word, and no field beyond the allow-list ever leaves.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use chrono::NaiveDate;
use corridor_model::AgencyCode;
use corridor_returns::file::{CaseFile, HubRecord, NewCase};
use corridor_returns::Country;
use corridor_share::{release_case, Action, Caller, Policy, PseudonymKey, Recipient, UserRole};
use proptest::prelude::*;
use serde_json::{json, Value};

const HOME: &str = "GBR-BSC";

fn agency(code: &str) -> AgencyCode {
    AgencyCode::parse(code).unwrap()
}

fn check_table(name: &str, actual: &str) {
    let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&path, actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    if expected != actual {
        let first = expected
            .lines()
            .zip(actual.lines())
            .find(|(e, a)| e != a)
            .map(|(e, a)| format!("expected {e:?}\n   found {a:?}"))
            .unwrap_or_else(|| "the tables differ in length".into());
        panic!("{name} differs from the policy:\n{first}\n(BLESS=1 rewrites it)");
    }
}

/// Free texts of a case: each is planted with a marker by the property
/// test; none may ever reach a state outside.
#[derive(Clone)]
struct Texts {
    by: String,
    basis: String,
    rationale: String,
    place: String,
    reference: String,
    court: String,
    monitor: String,
    measure: String,
    result: String,
    exception: String,
    member: String,
    risk: String,
}

impl Texts {
    fn plain() -> Texts {
        Texts {
            by: "asylum caseworker 12".into(),
            basis: "Refugee Convention Art. 1A".into(),
            rationale: "The claim of persecution was not credible.".into(),
            place: "Dover".into(),
            reference: "A-1".into(),
            court: "First-tier Tribunal".into(),
            monitor: "ICIBI".into(),
            measure: "reporting weekly".into(),
            result: "removed".into(),
            exception: "risk of absconding".into(),
            member: "F1".into(),
            risk: "civil war".into(),
        }
    }

    fn all(&self) -> Vec<&String> {
        vec![
            &self.by,
            &self.basis,
            &self.rationale,
            &self.place,
            &self.reference,
            &self.court,
            &self.monitor,
            &self.measure,
            &self.result,
            &self.exception,
            &self.member,
            &self.risk,
        ]
    }
}

/// The events every situation starts from: a claim refused, an appeal
/// dismissed, the grounds of each written down.
fn history(t: &Texts) -> Vec<Value> {
    vec![
        json!({"date": "2025-01-10", "kind": "arrival", "mode": "small_boat", "place": t.place}),
        json!({"date": "2025-01-11", "kind": "asylum_claim"}),
        json!({"date": "2025-01-12", "kind": "vulnerability_assessment", "findings": []}),
        json!({"date": "2025-02-01", "kind": "asylum_decision", "outcome": "refused"}),
        json!({"date": "2025-02-03", "kind": "appeal_lodged", "reference": t.reference,
               "against": "asylum_decision", "suspensive": true}),
        json!({"date": "2025-02-20", "kind": "appeal_decided", "reference": t.reference, "outcome": "dismissed"}),
        json!({"date": "2025-02-21", "kind": "court_order", "court": t.court, "reference": t.reference,
               "overrides": ["FAMILY_SPLIT_UNASSESSED"]}),
        json!({"date": "2025-02-21", "kind": "alternative_to_detention", "measure": t.measure}),
        json!({"date": "2025-02-21", "kind": "family_assessment", "split_acceptable": true}),
    ]
}

fn to_origin(t: &Texts) -> Value {
    json!({"date": "2025-02-22", "kind": "return_decision",
           "destination": {"type": "country_of_origin", "country": "IRQ"},
           "voluntary_departure_exception": t.exception})
}

fn to_hub() -> Value {
    json!({"date": "2025-02-22", "kind": "return_decision",
           "destination": {"type": "return_hub", "hub": "hub-srb"}})
}

fn to_france() -> Value {
    json!({"date": "2025-02-22", "kind": "return_decision",
           "destination": {"type": "third_country", "country": "FRA"}})
}

fn monitor(t: &Texts) -> Value {
    json!({"date": "2025-02-25", "kind": "monitor_assigned", "monitor": t.monitor})
}

fn scheduled(dest: Option<Value>) -> Value {
    let mut v =
        json!({"date": "2025-03-01", "kind": "removal_scheduled", "operation": "OP-2025-301"});
    if let Some(d) = dest {
        v["destination"] = d;
    }
    v
}

fn executed(dest: Option<Value>) -> Value {
    let mut v = scheduled(dest);
    v["kind"] = json!("removal_executed");
    v
}

/// Each situation: a name and the events after the shared history.
fn situations(t: &Texts) -> Vec<(&'static str, Vec<Value>)> {
    let doc = json!({"date": "2025-02-24", "kind": "travel_document_obtained", "issuer": "IRQ",
        "document": {"kind": "emergency_travel_document", "number": "ETD-778812", "issuing_state": "IRQ"}});
    vec![
        (
            "claim_pending",
            vec![json!({"date": "2025-02-21", "kind": "asylum_claim"})],
        ),
        (
            "protection_granted",
            vec![json!({"date": "2025-02-21", "kind": "asylum_decision", "outcome": "granted"})],
        ),
        (
            "rule39",
            vec![
                to_origin(t),
                json!({"date": "2025-02-23", "kind": "rule39_interim_measure", "application": t.reference}),
            ],
        ),
        (
            "trafficking_presumed",
            vec![
                to_origin(t),
                json!({"date": "2025-02-23", "kind": "trafficking_identification", "status": "presumed"}),
            ],
        ),
        ("return_decision_origin", vec![to_origin(t), doc.clone()]),
        (
            "scheduled_origin",
            vec![to_origin(t), doc.clone(), scheduled(None)],
        ),
        ("scheduled_hub", vec![to_hub(), monitor(t), scheduled(None)]),
        (
            "in_hub",
            vec![
                to_hub(),
                monitor(t),
                executed(Some(json!({"type": "return_hub", "hub": "hub-srb"}))),
            ],
        ),
        ("scheduled_france", vec![to_france(), scheduled(None)]),
        (
            "removed_origin",
            vec![
                to_origin(t),
                doc,
                monitor(t),
                executed(None),
                json!({"date": "2025-03-02", "kind": "outcome", "result": t.result}),
            ],
        ),
    ]
}

fn case(t: &Texts, name: &str, given: &str, family: &str) -> CaseFile {
    let extra = situations(t)
        .into_iter()
        .find(|(n, _)| *n == name)
        .unwrap()
        .1;
    let events: Vec<Value> = history(t)
        .into_iter()
        .chain(extra)
        .map(|mut e| {
            e["by"] = json!(t.by);
            e["legal_basis"] = json!(t.basis);
            e["rationale"] = json!(t.rationale);
            e
        })
        .collect();
    let v = json!({
        "id": "C-77", "jurisdiction": "uk",
        "identity": {"given_names": given, "family_name": family,
                     "document": {"kind": "passport", "number": "A1234567", "issuing_state": "IRQ"}},
        "person": {"date_of_birth": "1991-05-06", "sex": "male", "nationality": "IRQ",
                   "vulnerabilities": ["serious_illness"],
                   "family_members": [{"id": t.member, "relationship": "spouse", "in_territory": false}]},
        "destination_risks": [{"country": "YEM", "reason": t.risk, "source": t.risk}],
        "events": events,
    });
    NewCase::from_json(&v.to_string())
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .as_file(HOME, "officer-7")
}

fn hubs(t: &Texts) -> Vec<HubRecord> {
    vec![serde_json::from_value(json!({
        "id": "hub-srb", "name": t.place, "host_state": "SRB", "capacity": 50,
        "eligibility": {"sexes": ["male"]}
    }))
    .unwrap()]
}

fn recipients() -> Vec<(&'static str, Recipient)> {
    let agency_of = |code: &str, state: &str| Recipient::Agency {
        code: agency(code),
        state: Country::new(state).unwrap(),
    };
    vec![
        ("host_state", Recipient::HostState),
        ("country_of_origin", Recipient::CountryOfOrigin),
        ("SRB-MUP", agency_of("SRB-MUP", "SRB")),
        ("IRQ-MOI", agency_of("IRQ-MOI", "IRQ")),
        ("FRA-PAF", agency_of("FRA-PAF", "FRA")),
        ("MKD-MVR", agency_of("MKD-MVR", "MKD")),
    ]
}

fn on() -> NaiveDate {
    "2025-03-05".parse().unwrap()
}

#[test]
fn only_a_case_officer_of_the_case_s_agency_acts_on_a_case() {
    let policy = Policy::new(agency(HOME), PseudonymKey::new([42; 32]));
    let mut table = String::from("# role\tcaller_agency\taction\toutcome\n");
    for role in UserRole::ALL {
        for caller_agency in [HOME, "SRB-MUP"] {
            let caller = Caller {
                user: "u".into(),
                agency: agency(caller_agency),
                role,
            };
            for action in [Action::ReadCase, Action::WriteCase, Action::ReleaseCase] {
                let outcome = match policy.case_access(&caller, action, HOME) {
                    Ok(()) => "allowed".to_owned(),
                    Err(why) => format!("denied: {why}"),
                };
                let whose = if caller_agency == HOME {
                    "own"
                } else {
                    "other"
                };
                writeln!(table, "{role}\t{whose}\t{action}\t{outcome}").unwrap();
            }
        }
    }
    // The wall: no role but case officers has any case action at all.
    for role in UserRole::ALL {
        let any = [Action::ReadCase, Action::WriteCase, Action::ReleaseCase]
            .into_iter()
            .any(|a| role.may(a));
        assert_eq!(any, role == UserRole::CaseOfficer, "{role}");
    }
    check_table("case_roles.tsv", &table);
}

#[test]
fn each_state_receives_what_its_table_says() {
    let t = Texts::plain();
    let mut table = String::from("# situation\trecipient\tlegal_basis\toutcome\n");
    for (name, _) in situations(&t) {
        let c = case(&t, name, "Karim", "Haddad");
        for (label, to) in recipients() {
            for basis in ["", "readmission agreement"] {
                let outcome = match release_case(&c, &hubs(&t), &to, basis, on()) {
                    Ok(r) => format!(
                        "released to {} {}: {}{}",
                        r.recipient.role.as_str(),
                        r.recipient.state,
                        r.fields().join(","),
                        r.removal
                            .as_ref()
                            .map(|x| format!(" removal={}", x.date))
                            .unwrap_or_default()
                    ),
                    Err(why) => format!("denied {}", why.code()),
                };
                let b = if basis.is_empty() { "none" } else { "given" };
                writeln!(table, "{name}\t{label}\t{b}\t{outcome}").unwrap();
            }
        }
    }
    check_table("case_release.tsv", &table);
}

/// Every key of a JSON value, at any depth.
fn keys(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                out.insert(k.clone());
                keys(x, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| keys(x, out)),
        _ => {}
    }
}

const ALLOWED_KEYS: [&str; 18] = [
    "recipient",
    "role",
    "state",
    "agency",
    "person",
    "given_names",
    "family_name",
    "date_of_birth",
    "nationality",
    "document",
    "kind",
    "number",
    "issuing_state",
    "expires",
    "removal",
    "date",
    "operation",
    "hub",
];

/// Words that would tell a state outside the person sought protection.
const ASYLUM_WORDS: [&str; 10] = [
    "asylum",
    "appeal",
    "claim",
    "refugee",
    "protection",
    "vulnerab",
    "traffick",
    "persecut",
    "refoulement",
    "tribunal",
];

fn marker(tag: &str, n: u32) -> String {
    let letters: String = format!("{n:08}")
        .bytes()
        .map(|d| (b'q' + (d - b'0')) as char)
        .collect();
    format!("Mk{tag}{letters}")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    /// Every situation, every recipient, markers in every free text.
    #[test]
    fn no_state_outside_ever_receives_an_asylum_marker(n in 0u32..100_000_000) {
        let m = |tag: &str| marker(tag, n);
        let t = Texts {
            by: m("By"), basis: m("Basis"), rationale: m("Rationale"), place: m("Place"),
            reference: m("Ref"), court: m("Court"), monitor: m("Monitor"), measure: m("Measure"),
            result: m("Result"), exception: m("Exception"), member: m("Member"), risk: m("Risk"),
        };
        let (given, family) = (m("Given"), m("Family"));
        let mut released = 0;
        for (name, _) in situations(&t) {
            let c = case(&t, name, &given, &family);
            for (_, to) in recipients() {
                let Ok(release) = release_case(&c, &hubs(&t), &to, "readmission agreement", on()) else {
                    continue;
                };
                released += 1;
                let body = serde_json::to_value(&release).unwrap();
                let text = body.to_string();
                for planted in t.all() {
                    prop_assert!(!text.contains(planted.as_str()), "{planted} released in {name}: {text}");
                }
                let lower = text.to_lowercase();
                for word in ASYLUM_WORDS {
                    prop_assert!(!lower.contains(word), "{word:?} released in {name}: {text}");
                }
                let mut found = BTreeSet::new();
                keys(&body, &mut found);
                for k in &found {
                    prop_assert!(ALLOWED_KEYS.contains(&k.as_str()), "field {k} released in {name}: {text}");
                }
                // What it needs for the return, it has.
                prop_assert!(text.contains(&given) && text.contains(&family));
            }
        }
        prop_assert_eq!(released, 17, "as many releases as case_release.tsv lists");
    }
}
