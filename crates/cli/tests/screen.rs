//! Drives `corridor screen` as an analyst would: on a generated scenario
//! imported into a store, measured against the scenario's planted frauds
//! (`truth/frauds.jsonl`, read here and never by the product), and on one
//! document given on the command line.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn corridor(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("corridor").unwrap();
    c.current_dir(dir).env_remove("CORRIDOR_DB");
    c
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let out = corridor(dir)
        .args(args)
        .assert()
        .success()
        .get_output()
        .clone();
    String::from_utf8(out.stdout).unwrap()
}

/// A store holding a small scenario of `seed`; returns the scenario's
/// directory.
fn scenario_store(dir: &Path, seed: u64) -> PathBuf {
    let seed = seed.to_string();
    ok(
        dir,
        &[
            "scenario", "--seed", &seed, "--size", "small", "--out", "sc",
        ],
    );
    ok(dir, &["init"]);
    let sc = dir.join("sc");
    let mut files: Vec<String> = std::fs::read_dir(&sc)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .map(|p| p.to_str().unwrap().to_owned())
        .collect();
    files.sort();
    let mut args = vec!["import"];
    args.extend(files.iter().map(String::as_str));
    ok(dir, &args);
    sc
}

fn json_lines(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The indicators that find each kind of planted fraud.
fn matching(kind: &str) -> &'static [&'static str] {
    match kind {
        "bad_check_digit" => &["mrz_invalid"],
        "altered_dates" => &[
            "mrz_birth_date_mismatch",
            "national_number_inconsistent",
            "number_other_identity",
        ],
        "reused_number" => &["number_other_identity"],
        "stolen" => &["stolen_lost"],
        "specimen" => &["specimen"],
        other => panic!("a fraud kind this test does not know: {other}"),
    }
}

/// `(number, issuing state)` → the earliest date the scenario's list
/// reports it.
fn listed(sc: &Path) -> BTreeMap<(String, String), String> {
    let text = std::fs::read_to_string(sc.join("lists/stolen_lost.csv")).unwrap();
    let mut out = BTreeMap::new();
    for row in text.lines().skip(1).filter(|l| !l.is_empty()) {
        let cells: Vec<&str> = row.split(',').collect();
        let key = (cells[0].to_owned(), cells[1].to_owned());
        let date = cells[3].to_owned();
        let earliest = out.entry(key).or_insert_with(|| date.clone());
        if date < *earliest {
            *earliest = date;
        }
    }
    out
}

fn mention(f: &Value) -> String {
    format!(
        "{}#{}",
        f["report_id"].as_str().unwrap(),
        f["mention"].as_str().unwrap()
    )
}

fn severity_rank(s: &str) -> u8 {
    match s {
        "low" => 0,
        "medium" => 1,
        "high" => 2,
        other => panic!("severity {other}"),
    }
}

/// Every planted fraud is found by the indicator matching its kind, at
/// medium or high; no genuine document gets a high finding. A sighting of
/// a document on the stolen list on or after the day it was listed is not
/// genuine, planted or not: whoever carries it, it is a stolen document.
fn recall_and_false_alarms(seed: u64) {
    let dir = tempfile::tempdir().unwrap();
    let sc = scenario_store(dir.path(), seed);
    let out = ok(
        dir.path(),
        &[
            "screen",
            "--stolen-lost",
            "sc/lists/stolen_lost.csv",
            "--include-protected",
            "--json",
            "findings.json",
        ],
    );
    assert!(out.contains("screened "), "{out}");
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("findings.json")).unwrap())
            .unwrap();
    let findings = report["findings"].as_array().unwrap();
    let mut by_mention: BTreeMap<String, Vec<&Value>> = BTreeMap::new();
    for f in findings {
        by_mention.entry(mention(f)).or_default().push(f);
    }

    let frauds = json_lines(&sc.join("truth/frauds.jsonl"));
    assert!(frauds.len() >= 5, "the scenario plants every kind");
    let mut missed = Vec::new();
    for fraud in &frauds {
        let kind = fraud["kind"].as_str().unwrap();
        let at = fraud["mention"].as_str().unwrap();
        let found = by_mention.get(at).is_some_and(|fs| {
            fs.iter().any(|f| {
                matching(kind).contains(&f["indicator"].as_str().unwrap())
                    && severity_rank(f["severity"].as_str().unwrap()) >= 1
            })
        });
        if !found {
            missed.push(format!("{kind} at {at}: {:?}", by_mention.get(at)));
        }
    }
    let recall = 1.0 - missed.len() as f64 / frauds.len() as f64;
    assert!(
        recall >= 0.99,
        "seed {seed}: recall {recall:.3} of {} planted frauds; missed:\n{}",
        frauds.len(),
        missed.join("\n")
    );

    let planted: BTreeSet<&str> = frauds
        .iter()
        .map(|f| f["mention"].as_str().unwrap())
        .collect();
    let listed = listed(&sc);
    let false_alarms: Vec<String> = findings
        .iter()
        .filter(|f| f["severity"] == "high" && !planted.contains(mention(f).as_str()))
        .filter(|f| {
            let key = (
                f["document"]["number"].as_str().unwrap_or("").to_owned(),
                f["document"]["issuing_state"]
                    .as_str()
                    .unwrap_or("")
                    .to_owned(),
            );
            listed
                .get(&key)
                .is_none_or(|on| f["seen_on"].as_str().unwrap() < on.as_str())
        })
        .map(|f| format!("{} {}: {}", mention(f), f["indicator"], f["evidence"]))
        .collect();
    assert!(
        false_alarms.is_empty(),
        "seed {seed}: genuine documents flagged high:\n{}",
        false_alarms.join("\n")
    );
    assert!(
        report["screened"]["documents"].as_u64().unwrap() > 50,
        "{}",
        report["screened"]
    );

    // Without --include-protected, findings on documents that identify
    // protected people are counted, not shown.
    let out = ok(
        dir.path(),
        &[
            "screen",
            "--stolen-lost",
            "sc/lists/stolen_lost.csv",
            "--json",
            "shown.json",
        ],
    );
    let shown: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("shown.json")).unwrap())
            .unwrap();
    let protected: Vec<&Value> = findings.iter().filter(|f| f["protected"] == true).collect();
    assert_eq!(
        shown["withheld"]["findings"].as_u64().unwrap() as usize,
        protected.len()
    );
    assert_eq!(
        shown["findings"].as_array().unwrap().len() + protected.len(),
        findings.len()
    );
    assert!(shown["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["protected"] == false));
    let rows: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("high ") || l.starts_with("medium ") || l.starts_with("low "))
        .collect();
    for f in &protected {
        assert!(
            !rows
                .iter()
                .any(|r| r.contains(&format!(" {} ", mention(f)))),
            "a protected document's finding is in the table: {}",
            mention(f)
        );
    }
    if !protected.is_empty() {
        assert!(out.contains("withheld:"), "{out}");
    }
}

#[test]
fn a_small_scenario_s_frauds_are_found_without_false_alarms() {
    recall_and_false_alarms(5);
}

#[test]
fn another_scenario_s_too() {
    recall_and_false_alarms(11);
}

#[test]
fn min_severity_filters_the_table_and_the_json() {
    let dir = tempfile::tempdir().unwrap();
    scenario_store(dir.path(), 3);
    let out = ok(
        dir.path(),
        &["screen", "--min-severity", "high", "--json", "high.json"],
    );
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("high.json")).unwrap())
            .unwrap();
    let findings = report["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    assert!(findings.iter().all(|f| f["severity"] == "high"));
    assert!(report["below_min_severity"].as_u64().unwrap() > 0);
    assert!(out.contains("below high (--min-severity)"), "{out}");
    assert!(out.contains("no stolen and lost list given"), "{out}");
    assert!(
        !out.lines()
            .any(|l| l.starts_with("medium ") || l.starts_with("low ")),
        "{out}"
    );
}

const SPECIMEN: [&str; 2] = [
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
];

#[test]
fn one_document_on_the_command_line_needs_no_store() {
    let dir = tempfile::tempdir().unwrap();
    let out = ok(
        dir.path(),
        &[
            "screen",
            "--mrz",
            SPECIMEN[0],
            "--mrz",
            SPECIMEN[1],
            "--name",
            "Анна Мария Ериксон",
            "--birth-date",
            "12.08.1971",
            "--as-of",
            "2010-01-01",
            "--json",
            "one.json",
        ],
    );
    assert!(out.contains("specimen"), "{out}");
    assert!(out.contains("mrz_birth_date_mismatch"), "{out}");
    assert!(
        !out.contains("mrz_name_mismatch"),
        "Ериксон is Eriksson: {out}"
    );
    assert!(
        !out.contains("expired"),
        "as of 2010 the specimen was valid: {out}"
    );
    assert!(out.contains("screened 1 document with a zone"), "{out}");
    let entries: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(entries, ["one.json"], "no store is opened or made");
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("one.json")).unwrap())
            .unwrap();
    assert_eq!(report["source"], "command_line");
    let f = &report["findings"][0];
    assert_eq!(f["report_id"], Value::Null);
    assert_eq!(f["severity"], "high");

    // One --mrz holding the lines joined by the two characters \n.
    let joined = format!("{}\\n{}", SPECIMEN[0], SPECIMEN[1]);
    let out = ok(
        dir.path(),
        &["screen", "--mrz", &joined, "--number", "L898902C3"],
    );
    assert!(out.contains("specimen"), "{out}");
    assert!(!out.contains("mrz_invalid"), "{out}");

    // A zone cut short is reported, not a crash.
    let out = ok(dir.path(), &["screen", "--mrz", "P<UTOERIKSSON"]);
    assert!(out.contains("mrz_invalid"), "{out}");
}

#[test]
fn mistakes_are_explained() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    // A holder's data without a document to compare it with.
    let err = corridor(path)
        .args(["screen", "--birth-date", "1987-07-03"])
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(err).unwrap();
    assert!(err.contains("--mrz") || err.contains("--number"), "{err}");
    corridor(path)
        .args(["screen", "--min-severity", "severe"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("low, medium or high"));
    corridor(path)
        .args(["screen", "--number", "X1", "--birth-date", "31.02.1987"])
        .assert()
        .code(2);
    // No store.
    corridor(path)
        .args(["screen"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("corridor init"));
    // A list with a bad row: every problem, located, and nothing screened.
    std::fs::write(
        path.join("list.csv"),
        "document_number,issuing_state,reported_on\nA1234567,AFG,2024-13-01\n!,AFG,\n",
    )
    .unwrap();
    let err = corridor(path)
        .args([
            "screen",
            "--number",
            "A1234567",
            "--stolen-lost",
            "list.csv",
        ])
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(err).unwrap();
    assert!(err.contains("list.csv: line 2: reported_on"), "{err}");
    assert!(err.contains("list.csv: line 3: document_number"), "{err}");
    corridor(path)
        .args(["screen", "--number", "A1", "--stolen-lost", "missing.csv"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("missing.csv"));
    corridor(path)
        .args(["screen", "--number", "A1", "--json", "no/such/dir/out.json"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicates::str::contains("does not exist"));
}
