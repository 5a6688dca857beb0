//! Where a case stands, table-driven: every file in `tests/data/overview/`
//! is a case history with a report date and the stage, hub and deadlines
//! expected, `{"about", "input": {"jurisdiction", "person", "events",
//! "one_in_one_out", "as_of"}, "expected": …}`. `UPDATE_EXPECT=1` rewrites
//! the expectations from the answers (then read the diff). Then the case
//! file: its validation names the field, and the cases file its line.

use std::path::{Path, PathBuf};

use corridor_returns::file::{read_jsonl, CaseLine, NewCase};
use corridor_returns::overview::{overview, Stage};
use corridor_returns::CaseHistory;
use serde_json::{json, Value};

fn data_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/overview");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_case_stands_where_its_file_says() {
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failures = Vec::new();
    let mut stages = std::collections::BTreeSet::new();
    for path in data_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        let mut file: Value = serde_json::from_str(&text).unwrap();
        let input = &file["input"];
        let case = CaseHistory {
            jurisdiction: serde_json::from_value(input["jurisdiction"].clone()).unwrap(),
            person: serde_json::from_value(input["person"].clone()).unwrap(),
            events: serde_json::from_value(input["events"].clone()).unwrap(),
            destination_risks: vec![],
            hubs: vec![],
        };
        let oioo = input["one_in_one_out"].as_bool().unwrap();
        let as_of = input["as_of"].as_str().unwrap().parse().unwrap();
        let got = serde_json::to_value(overview(&case, oioo, as_of)).unwrap();
        stages.insert(got["stage"].as_str().unwrap().to_owned());
        if update {
            file["expected"] = got;
            std::fs::write(&path, serde_json::to_string_pretty(&file).unwrap() + "\n").unwrap();
        } else if file["expected"] != got {
            failures.push(format!(
                "{}: expected {}, found {got}",
                path.display(),
                file["expected"]
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The table shows every stage.
    for s in Stage::ALL {
        assert!(stages.contains(s.as_str()), "no case in stage {s}");
    }
}

fn case_json() -> Value {
    json!({
        "id": "C-1", "jurisdiction": "uk",
        "identity": {"given_names": "Karim", "family_name": "Haddad"},
        "person": {"date_of_birth": "1990-03-04"},
        "events": [{"date": "2025-01-10", "kind": "arrival", "by": "Border Force",
                    "legal_basis": "Immigration Act 1971", "rationale": "Landed at Dover."}]
    })
}

fn error(v: Value) -> String {
    NewCase::from_json(&v.to_string()).unwrap_err().to_string()
}

#[test]
fn a_case_file_is_refused_with_the_field_named() {
    assert!(NewCase::from_json(&case_json().to_string()).is_ok());
    let mut v = case_json();
    v["events"][0]
        .as_object_mut()
        .unwrap()
        .remove("legal_basis");
    let e = error(v);
    assert!(e.starts_with("events[0].legal_basis: missing"), "{e}");
    let mut v = case_json();
    v["identity"]["family_name"] = json!(" ");
    assert!(error(v).starts_with("identity.family_name"));
    let mut v = case_json();
    v["id"] = json!("C 1; drop");
    assert!(error(v).starts_with("id:"));
    let mut v = case_json();
    v["events"][0]["kind"] = json!("removal_executed");
    v["events"][0]["operation"] = json!("asylum claim refused");
    assert!(error(v).starts_with("events[0].operation"));
    let mut v = case_json();
    v["events"][0]["kind"] = json!("removal_executed");
    v["events"][0]["accompanied_by"] = json!(["F9"]);
    assert!(error(v).starts_with("events[0].accompanied_by[0]"));
    let mut v = case_json();
    v["colour"] = json!("red");
    assert!(error(v).contains("unknown field `colour`"));
}

#[test]
fn a_cases_file_names_the_line_of_every_problem() {
    let hub = r#"{"type":"hub","id":"hub-mkd","host_state":"MKD","capacity":40}"#;
    let good = format!("{{\"type\":\"case\",{}", &case_json().to_string()[1..]);
    let text = [
        hub,
        "",
        &good,
        r#"{"type":"person"}"#,
        "{not json",
        r#"{"type":"hub","id":"hub-0","host_state":"MKD","capacity":0}"#,
    ]
    .join("\n");
    let (lines, problems) = read_jsonl(&text);
    assert_eq!(lines.len(), 2);
    assert!(matches!(lines[0], (1, CaseLine::Hub(_))));
    assert!(matches!(lines[1], (3, CaseLine::Case(_))));
    let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(shown.len(), 3, "{shown:?}");
    assert!(shown[0].starts_with("4: type:"), "{shown:?}");
    assert!(shown[1].starts_with("5: line 1 column"), "{shown:?}");
    assert!(shown[2].starts_with("6: capacity"), "{shown:?}");
}
