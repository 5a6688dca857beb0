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

// ---- the stored cases --------------------------------------------------------

/// The fixture: two hubs and five cases, with marker strings in every
/// field of the asylum files (grounds, decisions, appeals, assessments).
fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/cases/cases.jsonl")
}

/// Marker strings planted in the asylum files: no state outside, and
/// nothing on the intelligence side, may ever show one.
const ASYLUM_MARKERS: &[&str] = &[
    "Markergrounds",
    "Markerrefusal",
    "Markerdecisionmaker",
    "Markertribunal",
    "Markerappealgrounds",
    "Markerappealref",
    "Markerdismissal",
    "Markerclinician",
    "Markervulnerability",
    "Markermonitor",
];

fn node_with_cases() -> Node {
    let node = Node::new();
    node.ok(&["init"]);
    let out = node.ok(&["cases", "import", arg(&fixture())]);
    assert!(out.contains("5 cases (5 added"), "{out}");
    node
}

fn code(node: &Node, args: &[&str]) -> (i32, String, String) {
    let out = node.cmd().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn events_of(node: &Node, case: &str) -> usize {
    let out = node.ok(&["cases", "show", case, "--json"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    v["case"]["events"].as_array().unwrap().len()
}

#[test]
fn import_is_all_or_nothing_and_idempotent() {
    let node = node_with_cases();
    let again = node.ok(&["cases", "import", arg(&fixture())]);
    assert!(again.contains("0 added, 5 already stored"), "{again}");
    // A file with problems on three lines stores nothing and names each.
    let mut text = std::fs::read_to_string(fixture()).unwrap();
    text = text.replace("\"id\":\"C-2\"", "\"id\":\"C-12\"");
    text.push_str("{\"type\":\"case\",\"id\":\"C-13\"}\n");
    text.push_str("{\"type\":\"person\"}\n");
    // A removal while the claim is pending: refused by the safeguards.
    text.push_str(concat!(
        r#"{"type":"case","id":"C-14","jurisdiction":"uk","identity":{"given_names":"A","family_name":"B"},"person":{},"events":["#,
        r#"{"date":"2025-01-01","kind":"asylum_claim","by":"x","legal_basis":"y","rationale":"z"},"#,
        r#"{"date":"2025-01-05","kind":"removal_executed","destination":{"type":"country_of_origin","country":"IRQ"},"by":"x","legal_basis":"y","rationale":"z"}]}"#,
        "\n"
    ));
    let bad = node.write("bad.jsonl", &text);
    let (status, _, err) = code(&node, &["cases", "import", arg(&bad)]);
    assert_eq!(status, 2, "{err}");
    assert!(
        err.contains("bad.jsonl:8: "),
        "line of the case with no fields: {err}"
    );
    assert!(err.contains("bad.jsonl:9: type"), "{err}");
    let (status, _, err) = code(
        &node,
        &[
            "cases",
            "import",
            arg(&node.write(
                "bad2.jsonl",
                &text
                    .lines()
                    .filter(|l| !l.contains("C-13") && !l.contains("person\"}"))
                    .collect::<Vec<_>>()
                    .join("\n"),
            )),
        ],
    );
    assert_eq!(status, 2, "{err}");
    assert!(
        err.contains("bad2.jsonl:8: events[1] (removal_executed on 2025-01-05): refused by the safeguards: NON_REFOULEMENT_PENDING"),
        "{err}"
    );
    // Nothing of either file was stored: C-12 does not exist.
    let list = node.ok(&["cases", "list", "--as-of", "2025-06-01", "--json"]);
    let v: Value = serde_json::from_str(&list).unwrap();
    assert_eq!(v["cases"].as_array().unwrap().len(), 5);
    assert!(!list.contains("C-12"));
}

#[test]
fn list_shows_cases_by_stage_deadline_and_hub() {
    let node = node_with_cases();
    let ids = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["cases", "list", "--as-of", "2025-06-01", "--json"];
        all.extend_from_slice(args);
        let v: Value = serde_json::from_str(&node.ok(&all)).unwrap();
        v["cases"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(ids(&[]), ["C-1", "C-2", "C-3", "C-4", "C-5"]);
    assert_eq!(ids(&["--stage", "appeal"]), ["C-2"]);
    assert_eq!(ids(&["--stage", "in_hub"]), ["C-1"]);
    // The detention order of C-5 ends on 10 June; France's answer on C-4
    // is due by 12 June.
    assert_eq!(ids(&["--deadline-within", "10"]), ["C-5"]);
    assert_eq!(ids(&["--deadline-within", "14"]), ["C-4", "C-5"]);
    assert_eq!(ids(&["--hub", "hub-mkd"]), ["C-1"]);
    let v: Value = serde_json::from_str(&node.ok(&[
        "cases",
        "list",
        "--as-of",
        "2025-06-01",
        "--hub",
        "hub-mkd",
        "--json",
    ]))
    .unwrap();
    // One other occupant and C-1: the hub is full.
    assert_eq!(v["hub"]["occupancy"], 2);
    assert_eq!(v["hub"]["capacity"], 2);
    assert_eq!(v["hub"]["current"][0]["since"], "2025-03-22");
    let text = node.ok(&["cases", "list", "--as-of", "2025-06-01"]);
    assert!(
        text.contains("5 cases (appeal 1, arrived 1, asylum_claim 1, in_hub 1, return_decision 1)"),
        "{text}"
    );
    // No names in a list.
    assert!(!text.contains("Jaburi"));
    let (status, _, err) = code(&node, &["cases", "list", "--stage", "gone"]);
    assert_ne!(status, 0);
    assert!(err.contains("asylum_claim"), "the stages are named: {err}");
}

#[test]
fn a_step_is_recorded_or_refused_with_the_safeguards_reasons() {
    let node = node_with_cases();
    let step = |date: &str, kind: &str, extra: &str| {
        format!(
            r#"{{"date":"{date}","kind":"{kind}"{extra},"by":"officer-7","legal_basis":"Immigration and Asylum Act 1999 s.10","rationale":"Reasons written down."}}"#
        )
    };
    let before = events_of(&node, "C-2");
    let (status, out, err) = code(
        &node,
        &[
            "cases",
            "event",
            "C-2",
            "--json",
            &step("2025-05-01", "removal_executed", ""),
        ],
    );
    assert_eq!(status, 3, "{err}");
    let decision: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(decision["allowed"], false);
    assert!(out.contains("SUSPENSIVE_APPEAL_PENDING"), "{out}");
    assert!(err.contains("nothing was recorded"), "{err}");
    assert_eq!(
        events_of(&node, "C-2"),
        before,
        "a refused step writes nothing"
    );
    // The appeal is decided; then the removal may be scheduled.
    node.ok(&[
        "cases",
        "event",
        "C-2",
        "--json",
        &step(
            "2025-05-02",
            "appeal_decided",
            r#","reference":"PA/0001","outcome":"dismissed""#,
        ),
    ]);
    let file = node.write(
        "step.json",
        &step(
            "2025-05-03",
            "removal_scheduled",
            r#","operation":"OP-0503""#,
        ),
    );
    let out = node.ok(&["cases", "event", "C-2", arg(&file)]);
    assert!(
        out.contains("recorded event 9 of case C-2: removal_scheduled"),
        "{out}"
    );
    // A minor whose age is disputed is not detained.
    let (status, out, _) = code(
        &node,
        &[
            "cases",
            "event",
            "C-3",
            "--json",
            &step("2025-05-01", "detention_ordered", ""),
        ],
    );
    assert_eq!(status, 3);
    assert!(
        out.contains("MINOR_DETENTION") && out.contains("AGE_DISPUTED"),
        "{out}"
    );
    // An event without its rationale is invalid: exit 2, the field named.
    let (status, _, err) = code(
        &node,
        &[
            "cases",
            "event",
            "C-2",
            "--json",
            r#"{"date":"2025-05-04","kind":"entry_ban","by":"x","legal_basis":"y"}"#,
        ],
    );
    assert_eq!(status, 2);
    assert!(err.contains("--json: rationale: missing"), "{err}");
    let (status, _, err) = code(
        &node,
        &[
            "cases",
            "event",
            "C-9",
            "--json",
            &step("2025-05-04", "entry_ban", ""),
        ],
    );
    assert_eq!(status, 1);
    assert!(err.contains("no case C-9"), "{err}");
    // Every write and every refusal is in the audit, and the chain holds.
    let audit = node.ok(&["audit", "list", "--limit", "10000"]);
    assert!(
        audit.contains("case_event\tlocal\tcase C-2 event 9\tok"),
        "{audit}"
    );
    assert!(
        audit.contains("case_event\tlocal\tcase C-2\trefused"),
        "{audit}"
    );
    assert!(
        !audit.contains("Markergrounds"),
        "the audit names cases, not their content"
    );
    node.ok(&["audit", "verify"]);
}

#[test]
fn a_state_outside_receives_the_minimum_and_every_release_is_recorded() {
    let node = node_with_cases();
    let out = node.ok(&[
        "cases",
        "release",
        "C-1",
        "--host-state",
        "--legal-basis",
        "UK-North Macedonia hub arrangement Art. 4",
        "--on",
        "2025-04-01",
    ]);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["transfer"], 1);
    assert_eq!(v["recipient"]["role"], "host_state");
    assert_eq!(v["recipient"]["state"], "MKD");
    assert_eq!(v["person"]["family_name"], "Jaburi");
    assert_eq!(v["document"]["number"], "A7788123");
    assert_eq!(v["removal"]["operation"], "OP-0322");
    assert_eq!(v["hub"], "hub-mkd");
    let mut released = out.clone();
    // The same through an agency of that state, to a file.
    let file = node.path("release.json");
    node.ok(&[
        "cases",
        "release",
        "C-1",
        "--to",
        "MKD-MVR",
        "--legal-basis",
        "UK-North Macedonia hub arrangement Art. 4",
        "--on",
        "2025-04-01",
        "--out",
        arg(&file),
    ]);
    released.push_str(&std::fs::read_to_string(&file).unwrap());
    // The country of origin may be told nothing while a claim is pending…
    let (status, _, err) = code(
        &node,
        &[
            "cases",
            "release",
            "C-3",
            "--origin",
            "--legal-basis",
            "readmission",
            "--on",
            "2025-05-01",
        ],
    );
    assert_eq!(status, 2);
    assert!(err.contains("NON_REFOULEMENT_PENDING"), "{err}");
    // …nor a state that takes no part in the return; nor anyone without a legal basis.
    let (status, _, err) = code(
        &node,
        &[
            "cases",
            "release",
            "C-1",
            "--to",
            "SRB-MUP",
            "--legal-basis",
            "x",
            "--on",
            "2025-04-01",
        ],
    );
    assert_eq!(status, 2);
    assert!(err.contains("party to its return"), "{err}");
    let (status, _, err) = code(
        &node,
        &[
            "cases",
            "release",
            "C-1",
            "--host-state",
            "--legal-basis",
            " ",
            "--on",
            "2025-04-01",
        ],
    );
    assert_eq!(status, 2);
    assert!(err.contains("legal basis"), "{err}");
    let (status, _, _) = code(&node, &["cases", "release", "C-1", "--host-state"]);
    assert_eq!(status, 2, "clap requires --legal-basis");
    // After the refusal of C-2's claim and its appeal decided, Iraq may be
    // contacted for the travel document.
    node.ok(&["cases", "event", "C-2", "--json", r#"{"date":"2025-05-02","kind":"appeal_decided","reference":"PA/0001","outcome":"dismissed","by":"Markertribunal","legal_basis":"NIAA 2002","rationale":"Markerdismissal"}"#]);
    released.push_str(&node.ok(&[
        "cases",
        "release",
        "C-2",
        "--origin",
        "--legal-basis",
        "EU-Iraq readmission arrangement",
        "--on",
        "2025-05-03",
    ]));
    for marker in ASYLUM_MARKERS {
        assert!(!released.contains(marker), "{marker} released: {released}");
    }
    for word in [
        "asylum",
        "appeal",
        "claim",
        "refugee",
        "vulnerab",
        "legal_basis",
        "rationale",
    ] {
        assert!(
            !released.to_lowercase().contains(word),
            "{word} released: {released}"
        );
    }
    // Each release is a transfer with its legal basis, in the case and the audit.
    let shown: Value = serde_json::from_str(&node.ok(&["cases", "show", "C-1", "--json"])).unwrap();
    let transfers = shown["transfers"].as_array().unwrap();
    assert_eq!(transfers.len(), 2);
    assert_eq!(transfers[1]["recipient_agency"], "MKD-MVR");
    assert_eq!(
        transfers[0]["legal_basis"],
        "UK-North Macedonia hub arrangement Art. 4"
    );
    let audit = node.ok(&["audit", "list", "--limit", "10000"]);
    assert!(
        audit.contains("case_release\tlocal\tcase C-1 transfer 1 to host_state MKD\tok"),
        "{audit}"
    );
    assert!(
        audit.contains("case_release\tlocal\tcase C-3\trefused"),
        "{audit}"
    );
}

#[test]
fn no_case_reaches_the_intelligence_side() {
    let node = Node::new();
    node.ok(&["init"]);
    let reports = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/demo.jsonl");
    node.ok(&["import", arg(&reports)]);
    let stats = node.ok(&["stats"]);
    node.ok(&["cases", "import", arg(&fixture())]);
    assert_eq!(node.ok(&["stats"]), stats, "cases are not reports");
    // A copied database file shows nothing of a case (before the searches
    // below put their terms in the audit log).
    let mut bytes = std::fs::read(node.path("corridor.db")).unwrap();
    if let Ok(wal) = std::fs::read(node.path("corridor.db-wal")) {
        bytes.extend(wal);
    }
    for text in ASYLUM_MARKERS.iter().chain(&["Jaburi", "asylum_claim"]) {
        assert!(
            !bytes.windows(text.len()).any(|w| w == text.as_bytes()),
            "{text} is in the database file in the clear"
        );
    }
    node.ok(&["resolve"]);
    let mut seen = String::new();
    for q in [
        "Jaburi",
        "Idris",
        "Markergrounds",
        "Markertribunal",
        "C-1",
        "A7788123",
    ] {
        let out = node.ok(&["search", q]);
        assert_eq!(
            out.trim(),
            format!("no mention matches {q:?}"),
            "a case was found"
        );
    }
    seen.push_str(&node.ok(&["export"]));
    seen.push_str(&node.ok(&["export", "--include-protected"]));
    seen.push_str(&node.ok(&["export", "--for", "SRB-MUP", "--format", "ftm"]));
    seen.push_str(&node.ok(&["entities"]));
    for text in ASYLUM_MARKERS
        .iter()
        .chain(&["Jaburi", "A7788123", "Karimi", "C-1"])
    {
        assert!(!seen.contains(text), "{text} reached the intelligence side");
    }
}

#[test]
fn propose_places_no_one_and_respects_capacity_and_the_safeguards() {
    let node = node_with_cases();
    let propose = |node: &Node| -> Value {
        serde_json::from_str(&node.ok(&[
            "cases",
            "propose",
            "--as-of",
            "2025-06-01",
            "--by",
            "officer-7",
            "--legal-basis",
            "hub arrangement Art. 4",
            "--rationale",
            "Return decision final.",
            "--json",
        ]))
        .unwrap()
    };
    // C-5 awaits removal but no monitor covers a transfer yet.
    let before = propose(&node);
    assert_eq!(before["proposals"].as_array().unwrap().len(), 0, "{before}");
    assert!(before["not_placed"].to_string().contains("MONITOR_MISSING"));
    node.ok(&["cases", "event", "C-5", "--json", r#"{"date":"2025-05-30","kind":"monitor_assigned","by":"IMB","legal_basis":"Immigration Act 2016","rationale":"Monitor for the transfer."}"#]);
    let after = propose(&node);
    // hub-mkd is full (one other occupant and C-1): C-5 goes to hub-xkx.
    assert_eq!(
        after["proposals"],
        serde_json::json!([{"case": "C-5", "hub": "hub-xkx", "host_state": "XKX", "date": "2025-06-01"}]),
        "{after}"
    );
    assert_eq!(after["not_placed"].as_array().unwrap().len(), 0);
    // Nothing was placed.
    let list: Value = serde_json::from_str(&node.ok(&[
        "cases",
        "list",
        "--as-of",
        "2025-06-01",
        "--stage",
        "in_hub",
        "--json",
    ]))
    .unwrap();
    assert_eq!(list["cases"].as_array().unwrap().len(), 1);
}
