//! `corridor cases check | ledger | hubs`, run as the real binary on the
//! data files of crates/returns/tests/data: the JSON printed is the
//! engine's answer, exit codes follow docs/returns.md.

mod common;

use std::path::PathBuf;

use common::Node;
use serde_json::Value;

fn returns_data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../returns/tests/data")
        .join(name)
}

fn json_file(name: &str) -> Value {
    let text = std::fs::read_to_string(returns_data(name)).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn arg(p: &std::path::Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn check_prints_the_decision() {
    let node = Node::new();
    for (name, allowed, rule) in [
        ("hub_placement_allowed.json", true, None),
        (
            "suspensive_appeal_pending_blocked.json",
            false,
            Some("SUSPENSIVE_APPEAL_PENDING"),
        ),
    ] {
        let case = json_file(name);
        let file = node.write(name, &case["input"].to_string());
        let out = node.ok(&["cases", "check", arg(&file)]);
        assert_eq!(out.lines().count(), 1, "one line of JSON: {out}");
        let decision: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(decision["allowed"], allowed, "{name}: {out}");
        let rules: Vec<&str> = decision["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["rule"].as_str().unwrap())
            .collect();
        assert_eq!(rules, rule.into_iter().collect::<Vec<_>>(), "{name}");
    }
}

#[test]
fn ledger_reproduces_the_worked_example() {
    let node = Node::new();
    let input = returns_data("ledger/worked_example.json");
    let out = node.ok(&["cases", "ledger", arg(&input)]);
    let got: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(got, json_file("ledger/worked_example.expected.json"));
    assert_eq!(got["balance"]["returned"], 45);
    assert_eq!(got["balance"]["admitted"], 25);
    assert_eq!(got["balance"]["balance"], 20);
    assert_eq!(got["alerts"].as_array().unwrap().len(), 6);

    // --as-of overrides the file's date: a day later P07's referral is known.
    let out = node.ok(&["cases", "ledger", arg(&input), "--as-of", "2026-02-03"]);
    let got: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(got["as_of"], "2026-02-03");
    let p07 = got["people"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "P07")
        .unwrap();
    assert_eq!(p07["status"], "awaiting_answer");
}

#[test]
fn hubs_proposes_within_capacity_and_safeguards() {
    let node = Node::new();
    let input = returns_data("hubs/example.json");
    let out = node.ok(&["cases", "hubs", arg(&input)]);
    let got: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(got, json_file("hubs/example.expected.json"));
    let proposals: Vec<(&str, &str)> = got["proposals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["case"].as_str().unwrap(), p["hub"].as_str().unwrap()))
        .collect();
    assert_eq!(
        proposals,
        vec![("C1", "gjader"), ("C2", "hub-b"), ("C6", "hub-b")]
    );
    for h in got["hubs"].as_array().unwrap() {
        assert!(h["occupancy_after"].as_u64() <= h["capacity"].as_u64());
    }
}

#[test]
fn invalid_input_exits_2_and_names_the_place() {
    let node = Node::new();
    let bad = node.write(
        "ledger.json",
        r#"{"as_of":"2026-01-01","people":[{"id":"A","events":[{"date":"2025-01-01","kind":"deported"}]}]}"#,
    );
    let out = node
        .cmd()
        .args(["cases", "ledger", arg(&bad)])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("people[0].events[0]"), "{err}");

    let bad = node.write("hubs.json", r#"{"hubs":[],"cases":[],"extra":1}"#);
    let out = node
        .cmd()
        .args(["cases", "hubs", arg(&bad)])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));

    let out = node
        .cmd()
        .args(["cases", "ledger", "missing.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));

    let out = node
        .cmd()
        .args(["cases", "ledger", arg(&bad), "--as-of", "2026-13-01"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "clap rejects a bad date");
}
