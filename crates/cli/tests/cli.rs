//! Drives the real `corridor` binary the way an analyst would.

use std::path::{Path, PathBuf};

use predicates::prelude::*;

mod common;
use common::Node;

impl Node {
    fn stats(&self, db: &str) -> String {
        self.ok(&["--db", db, "stats"])
    }

    /// A store holding the hand-written example reports.
    fn with_examples(&self) {
        self.ok(&["init"]);
        self.ok(&["import", repo_file("examples/demo.jsonl").to_str().unwrap()]);
    }
}

fn repo_file(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(rel)
}

const GOOD_1: &str = r#"{"id":"GRC-HP-2025-1","kind":"arrest","agency":"GRC-HP","occurred_at":"2025-01-06","evaluation":"B3","handling":"H0","entities":[{"ref":"p1","type":"person","role":"suspect","given_name":"Νίκος","family_name":"Παπαδόπουλος"}]}"#;
const GOOD_3: &str = r#"{"id":"GRC-HP-2025-3","kind":"arrest","agency":"GRC-HP","occurred_at":"2025-02-08","evaluation":"B3","handling":"H0"}"#;
const BAD_2: &str = r#"{"id":"GRC-HP-2025-2","kind":"arrest","agency":"GRC-HP","occurred_at":"2025-01-07","evaluation":"B3","handling":"H0","entities":[{"ref":"p1","type":"person","role":"suspect","birth_date":"31.02.1985"}]}"#;

#[test]
fn the_demo_generates_imports_and_summarises_a_scenario_and_is_idempotent() {
    let node = Node::new();
    let first = node.ok(&["demo", "--scenario-dir", "demo-scenario"]);
    assert!(
        first.contains("Corridor demo") && first.contains("person names by script"),
        "{first}"
    );
    for script in ["cyrillic", "greek", "latin"] {
        assert!(
            first.contains(script),
            "{script} missing from the summary: {first}"
        );
    }
    assert!(node.path("corridor.db").exists());
    assert!(node.path("demo-scenario/truth/mentions.jsonl").exists());
    let stats = node.stats("corridor.db");
    assert!(stats.contains("reports by month"));
    // The returns cases go to the asylum side, not among the reports.
    assert!(node.path("demo-scenario/cases/cases.jsonl").exists());
    let cases = first
        .lines()
        .find(|l| l.starts_with("Returns cases"))
        .unwrap_or_else(|| panic!("no cases summary: {first}"));
    assert!(
        cases.contains("200 on 2025-12-31")
            && cases.contains("asylum_claim")
            && cases.contains("deadlines due within 14 days"),
        "{cases}"
    );
    // The brokers it ranks are the scenario's key players (heads, stage
    // organisers, brokers between networks): every one of the top 5%, and
    // half of those ranked within the top tenth.
    let brokers = node.ok(&["network", "brokers", "--format", "csv"]);
    let ranks = common::key_player_ranks(
        &node.path("demo-scenario"),
        &brokers,
        &node.ok(&["entities"]),
    );
    let rows = brokers.lines().count() - 1;
    let places = rows / 20;
    assert!(ranks.len() > 30 && places >= 5, "{ranks:?} of {rows}");
    assert_eq!(
        ranks.iter().filter(|&&r| r < places).count(),
        places,
        "key players ranked {ranks:?} of {rows}"
    );
    assert!(ranks[ranks.len() / 2] < rows / 10, "{ranks:?} of {rows}");
    let again = node.ok(&["demo", "--scenario-dir", "demo-scenario"]);
    assert!(again.contains("(0 added"), "{again}");
    assert_eq!(node.stats("corridor.db"), stats);
    assert!(
        again.contains(cases),
        "the cases are imported once: {again}"
    );
}

#[test]
fn a_scenario_needs_no_store_and_imports_whole_in_any_order() {
    let node = Node::new();
    node.ok(&["scenario", "--seed", "3", "--size", "small", "--out", "sc"]);
    assert!(
        !node.path("corridor.db").exists(),
        "scenario must not need or make a store"
    );
    let mut files: Vec<String> = std::fs::read_dir(node.path("sc"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| p.to_str().unwrap().to_owned())
        .collect();
    files.sort();
    node.ok(&["--db", "a.db", "init"]);
    let mut args = vec!["--db", "a.db", "import"];
    args.extend(files.iter().map(String::as_str));
    node.ok(&args);
    files.reverse();
    node.ok(&["--db", "b.db", "init"]);
    let mut args = vec!["--db", "b.db", "import"];
    args.extend(files.iter().map(String::as_str));
    node.ok(&args);
    assert_eq!(node.stats("a.db"), node.stats("b.db"));
    // Same seed, same bytes; a directory of other things is refused.
    node.ok(&["scenario", "--seed", "3", "--size", "small", "--out", "sc2"]);
    for f in std::fs::read_dir(node.path("sc")).unwrap() {
        let f = f.unwrap().path();
        if f.is_file() {
            assert_eq!(
                std::fs::read(&f).unwrap(),
                std::fs::read(node.path("sc2").join(f.file_name().unwrap())).unwrap()
            );
        }
    }
    node.write("other/notes.txt", "x");
    node.cmd()
        .args(["scenario", "--out", "other"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("not empty"));
}

#[test]
fn commands_that_need_a_store_say_how_to_get_one() {
    let node = Node::new();
    for args in [
        &["stats"][..],
        &["search", "x"],
        &["show", "R1"],
        &["export"],
        &["import", "x.jsonl"],
    ] {
        node.cmd().args(args).assert().failure().stderr(
            predicate::str::contains("no Corridor store at corridor.db")
                .and(predicate::str::contains("corridor init")),
        );
    }
    assert!(
        !node.path("corridor.db").exists(),
        "no command but init and demo creates a store"
    );
}

#[test]
fn init_creates_once_and_honours_db_and_the_environment() {
    let node = Node::new();
    node.cmd()
        .arg("init")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("created corridor.db"));
    node.cmd()
        .arg("init")
        .assert()
        .success()
        .stdout(predicate::str::contains("already exists"));
    node.cmd()
        .args(["--db", "other.db", "init"])
        .assert()
        .success();
    assert!(node.path("other.db").exists());
    node.cmd()
        .env("CORRIDOR_DB", "env.db")
        .arg("init")
        .assert()
        .success();
    assert!(node.path("env.db").exists());
}

#[test]
fn a_malformed_middle_line_fails_the_run_and_leaves_the_store_unchanged() {
    let node = Node::new();
    node.ok(&["init"]);
    let before = node.stats("corridor.db");
    let file = node.write("bad.jsonl", &format!("{GOOD_1}\n{BAD_2}\n{GOOD_3}\n"));
    node.cmd()
        .args(["import", file.to_str().unwrap()])
        .assert()
        .failure()
        .stderr(
            predicate::str::contains(
                "bad.jsonl:2: entities[0].birth_date: 1985-02-31 is not a calendar date",
            )
            .and(predicate::str::contains("nothing was imported")),
        );
    assert_eq!(node.stats("corridor.db"), before);
}

#[test]
fn every_bad_line_of_every_file_is_reported() {
    let node = Node::new();
    node.ok(&["init"]);
    let a = node.write("a.jsonl", &format!("{BAD_2}\n{GOOD_1}\n{{\n"));
    let b = node.write("b.persons.csv", "report_id,ref,role\nNOPE,p1,suspect\n");
    let out = node
        .cmd()
        .args(["import", a.to_str().unwrap(), b.to_str().unwrap()])
        .assert()
        .failure();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("a.jsonl:1: entities[0].birth_date"),
        "{stderr}"
    );
    assert!(stderr.contains("a.jsonl:3: invalid JSON"), "{stderr}");
    assert!(
        stderr.contains("b.persons.csv:2: report_id: report NOPE is not in any reports CSV file"),
        "{stderr}"
    );
    assert!(stderr.contains("3 problems in 2 files"), "{stderr}");
}

#[test]
fn reimporting_the_same_reports_changes_nothing_and_exits_zero() {
    let node = Node::new();
    node.ok(&["init"]);
    let file = node.write("good.jsonl", &format!("{GOOD_1}\n{GOOD_3}\n"));
    let first = node.ok(&["import", file.to_str().unwrap()]);
    assert!(first.starts_with("imported 2 reports"), "{first}");
    let stats = node.stats("corridor.db");
    let second = node.ok(&["import", file.to_str().unwrap()]);
    assert!(
        second.starts_with("imported 0 reports") && second.contains("2 already stored"),
        "{second}"
    );
    assert_eq!(node.stats("corridor.db"), stats);
}

#[test]
fn changed_content_under_a_stored_id_is_refused() {
    let node = Node::new();
    node.ok(&["init"]);
    let file = node.write("one.jsonl", GOOD_1);
    node.ok(&["import", file.to_str().unwrap()]);
    let changed = node.write(
        "changed.jsonl",
        &format!("{GOOD_3}\n{}", GOOD_1.replace("B3", "A1")),
    );
    node.cmd()
        .args(["import", changed.to_str().unwrap()])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "changed.jsonl:2: report GRC-HP-2025-1 is already stored, or was given earlier in this import, with different content",
        ));
    assert!(node
        .stats("corridor.db")
        .contains("reports                              1"));
}

#[test]
fn export_reimports_into_an_empty_store_with_identical_stats() {
    let node = Node::new();
    node.with_examples();
    let stats = node.stats("corridor.db");
    for (name, extra) in [
        ("withheld.jsonl", None),
        ("full.jsonl", Some("--include-protected")),
    ] {
        let mut args = vec!["export", "--out", name];
        args.extend(extra);
        node.ok(&args);
        let db = format!("{name}.db");
        node.ok(&["--db", &db, "init"]);
        node.ok(&["--db", &db, "import", name]);
        assert_eq!(node.stats(&db), stats, "{name}");
    }
    // A full backup is exact: exporting the restored store gives the same bytes.
    node.ok(&[
        "--db",
        "full.jsonl.db",
        "export",
        "--out",
        "again.jsonl",
        "--include-protected",
    ]);
    assert_eq!(
        std::fs::read(node.path("again.jsonl")).unwrap(),
        std::fs::read(node.path("full.jsonl")).unwrap()
    );
    // Stdout and --out agree.
    let stdout = node.ok(&["export"]);
    assert_eq!(
        stdout.as_bytes(),
        std::fs::read(node.path("withheld.jsonl")).unwrap()
    );
}

#[test]
fn protected_people_are_withheld_by_default_everywhere() {
    let node = Node::new();
    node.with_examples();
    let export = node.ok(&["export"]);
    let full = node.ok(&["export", "--include-protected"]);
    for secret in [
        "Khalil",
        "Амина",
        "Петреска",
        "+44 7700 900123",
        "UKTD0049812",
        "+963 944 123 456",
    ] {
        assert!(!export.contains(secret), "default export leaks {secret}");
        assert!(full.contains(secret), "full export lacks {secret}");
    }
    assert!(node
        .ok(&["search", "khalil"])
        .contains("no mention matches"));
    assert!(node
        .ok(&["search", "+447700900123"])
        .contains("no mention matches"));
    let shown = node.ok(&["show", "GBR-BSC-2025-0071"]);
    assert!(
        !shown.contains("Khalil") && shown.contains("withheld"),
        "{shown}"
    );
    let revealed = node.ok(&["show", "GBR-BSC-2025-0071", "--reveal-protected"]);
    assert!(revealed.contains("Samir Khalil"), "{revealed}");
}

#[test]
fn search_and_show_find_people_and_identifiers() {
    let node = Node::new();
    node.with_examples();
    let hits = node.ok(&["search", "+381 64 1234567"]);
    assert!(
        hits.contains("SRB-MUP-2025-000101#ph1") && hits.contains("GBR-BSC-2025-0042#ph1"),
        "{hits}"
    );
    let plate = node.ok(&["search", "CB 1234 AK"]);
    assert!(
        plate.contains("BGR-MVR-2025-1102#v1") && plate.contains("FRONTEX-2025-DC-0210#v1"),
        "{plate}"
    );
    let shown = node.ok(&["show", "SRB-MUP-2025-000101#p1"]);
    assert!(
        shown.contains("Мухамед Ал Хасан")
            && shown.contains("uses_phone")
            && shown.contains("SRB-MUP"),
        "{shown}"
    );
    node.cmd()
        .args(["show", "NOPE-1"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("no report \"NOPE-1\""));
    node.cmd()
        .args(["show", "SRB-MUP-2025-000101#zz"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("its mentions are"));
}

#[test]
fn csv_files_import_in_any_order_like_their_json_lines_twin() {
    let node = Node::new();
    let dir = repo_file("crates/formats/tests/data/csv/valid");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .map(|p| p.to_str().unwrap().to_owned())
        .collect();
    files.sort();
    node.ok(&["--db", "a.db", "init"]);
    node.ok(&["--db", "b.db", "init"]);
    let mut args = vec!["--db", "a.db", "import"];
    args.extend(files.iter().map(String::as_str));
    node.ok(&args);
    files.reverse();
    let mut args = vec!["--db", "b.db", "import"];
    args.extend(files.iter().map(String::as_str));
    node.ok(&args);
    assert_eq!(node.stats("a.db"), node.stats("b.db"));
    assert!(node
        .stats("a.db")
        .contains("reports                              2"));
    // The same reports as JSON Lines are recognised as already stored.
    node.ok(&[
        "--db",
        "a.db",
        "export",
        "--out",
        "a.jsonl",
        "--include-protected",
    ]);
    let again = node.ok(&["--db", "b.db", "import", "a.jsonl"]);
    assert!(again.contains("2 already stored"), "{again}");
}

#[test]
fn help_has_examples_for_every_command() {
    let node = Node::new();
    for cmd in [
        "init", "import", "stats", "show", "search", "export", "demo", "scenario",
    ] {
        node.cmd()
            .args([cmd, "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains("Example"));
    }
    for sub in [
        "check", "ledger", "hubs", "import", "open", "event", "show", "list", "propose", "release",
    ] {
        node.cmd()
            .args(["cases", sub, "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains("Example"));
    }
}

#[test]
fn link_finds_people_across_scripts_and_keeps_namesakes_apart() {
    let node = Node::new();
    let data = repo_file("crates/cli/tests/data/link");
    let (left, right) = (data.join("left.csv"), data.join("right.csv"));
    node.ok(&[
        "link",
        "--left",
        left.to_str().unwrap(),
        "--right",
        right.to_str().unwrap(),
        "--id",
        "rec_id",
        "--out",
        "pairs.csv",
        "--clusters",
        "clusters.csv",
    ]);
    assert!(
        !node.path("corridor.db").exists(),
        "link must not need or make a store"
    );
    let pairs = std::fs::read_to_string(node.path("pairs.csv")).unwrap();
    let mut lines = pairs.lines();
    assert_eq!(
        lines.next(),
        Some("left_id,right_id,match_weight,match_probability")
    );
    let found: Vec<(String, String)> = lines
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[0].to_owned(), f[1].to_owned())
        })
        .collect();
    let expected: Vec<(String, String)> = [
        ("uk-01", "srb-01"),
        ("uk-02", "srb-02"),
        ("uk-03", "grc-03"),
        ("uk-04", "mkd-04"),
        ("uk-05", "bgr-05"),
        ("uk-06", "grc-06"),
        ("uk-07", "bih-07"),
        ("uk-08", "alb-08"),
        ("uk-09", "fra-09"),
        ("uk-10", "srb-10"),
    ]
    .iter()
    .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
    .collect();
    assert_eq!(
        found, expected,
        "namesakes with other dates of birth must stay apart"
    );
    let clusters = std::fs::read_to_string(node.path("clusters.csv")).unwrap();
    assert!(clusters.starts_with("id,cluster_id\n"));
    assert_eq!(
        clusters.lines().count(),
        1 + 12 + 18,
        "every record is listed once"
    );
}

#[test]
fn link_explains_any_pair_and_refuses_bad_input_clearly() {
    let node = Node::new();
    let data = repo_file("crates/cli/tests/data/link");
    let left = data.join("left.csv");
    let right = data.join("right.csv");
    let out = node.ok(&[
        "link",
        "--left",
        left.to_str().unwrap(),
        "--right",
        right.to_str().unwrap(),
        "--id",
        "rec_id",
        "--out",
        "p.csv",
        "--explain-pair",
        "uk-01,srb-21",
    ]);
    assert!(
        out.contains("uk-01 ~ srb-21") && out.contains("date_of_birth") && out.contains("prior"),
        "{out}"
    );
    node.cmd()
        .args([
            "link",
            "--left",
            left.to_str().unwrap(),
            "--id",
            "nope",
            "--out",
            "p.csv",
        ])
        .assert()
        .failure()
        .stderr(
            predicate::str::contains("no column \"nope\" for --id")
                .and(predicate::str::contains("given_name")),
        );
    let dup = node.write("dup.csv", "rec_id,given_name\na,X\na,Y\n");
    node.cmd()
        .args([
            "link",
            "--left",
            dup.to_str().unwrap(),
            "--id",
            "rec_id",
            "--out",
            "p.csv",
        ])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "dup.csv:3: rec_id: \"a\" appears twice",
        ));
}

#[test]
fn link_reads_a_settings_file_and_names_its_mistakes() {
    let node = Node::new();
    let data = repo_file("crates/cli/tests/data/link");
    let (left, right) = (data.join("left.csv"), data.join("right.csv"));
    let run = |config: &std::path::Path| {
        node.cmd()
            .args([
                "link",
                "--left",
                left.to_str().unwrap(),
                "--right",
                right.to_str().unwrap(),
                "--id",
                "rec_id",
                "--out",
                "pairs.csv",
                "--config",
                config.to_str().unwrap(),
            ])
            .assert()
    };
    // Phone ignored, an extra blocking rule, a stricter threshold: the
    // links found are a subset of the default's, and stderr says what was
    // compared and ignored.
    let good = node.write(
        "settings.toml",
        "threshold = 0.9\n[columns]\nphone = \"ignore\"\n[blocking]\nrules = [[\"surname\", \"date_of_birth\"]]\n",
    );
    run(&good)
        .success()
        .stderr(predicate::str::contains("ignoring phone"));
    let pairs = std::fs::read_to_string(node.path("pairs.csv")).unwrap();
    assert!(pairs.lines().count() > 1, "{pairs}");
    for line in pairs.lines().skip(1) {
        let p: f64 = line.rsplit(',').next().unwrap().parse().unwrap();
        assert!(p >= 0.9, "{line}");
    }
    let unknown_kind = node.write("k.toml", "[columns]\nphone = \"telephone\"\n");
    run(&unknown_kind).failure().stderr(
        predicate::str::contains("phone = \"telephone\" is not a kind")
            .and(predicate::str::contains("given_name")),
    );
    let unknown_key = node.write("u.toml", "treshold = 0.9\n");
    run(&unknown_key)
        .failure()
        .stderr(predicate::str::contains("u.toml:1:").and(predicate::str::contains("treshold")));
    let bad_rule = node.write("r.toml", "[blocking]\nrules = [[\"shoe_size\"]]\n");
    run(&bad_rule).failure().stderr(predicate::str::contains(
        "\"shoe_size\" is not a compared column",
    ));
}

#[test]
fn resolve_turns_mentions_into_entities_that_show_why() {
    let node = Node::new();
    node.ok(&["scenario", "--seed", "5", "--size", "small", "--out", "sc"]);
    let mut files: Vec<String> = std::fs::read_dir(node.path("sc"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| p.to_str().unwrap().to_owned())
        .collect();
    files.sort();
    node.ok(&["init"]);
    let mut args = vec!["import"];
    args.extend(files.iter().map(String::as_str));
    node.ok(&args);
    let summary = node.ok(&["resolve"]);
    assert!(
        summary.contains("resolved") && summary.contains("entities"),
        "{summary}"
    );
    // Deterministic: a second run gives the same entities.
    let first = entities_of_some_mentions(&node);
    node.ok(&["resolve"]);
    assert_eq!(
        first,
        entities_of_some_mentions(&node),
        "the same store resolves the same way"
    );

    // The truth's most-mentioned suspect is one entity, shown with every
    // mention, its agency and grading, and why they were joined.
    let truth = std::fs::read_to_string(node.path("sc/truth/mentions.jsonl")).unwrap();
    let mut by_entity: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for line in truth.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        if v["kind"] == "person" {
            by_entity
                .entry(v["entity"].as_str().unwrap().to_owned())
                .or_default()
                .push(v["mention"].as_str().unwrap().to_owned());
        }
    }
    let busiest = by_entity.values().max_by_key(|m| m.len()).unwrap();
    let shown = node.ok(&["show", &busiest[0]]);
    let entity = shown
        .lines()
        .find_map(|l| l.strip_prefix("resolved into "))
        .and_then(|l| l.split_whitespace().next())
        .expect("a suspect's mention is resolved")
        .to_owned();
    let text = node.ok(&["show", &entity]);
    assert!(text.starts_with(&format!("entity {entity}")), "{text}");
    assert!(text.contains("why these mentions are one person"), "{text}");
    assert!(
        text.contains("prior") && text.contains("given_name"),
        "{text}"
    );
    let listed = busiest.iter().filter(|m| text.contains(m.as_str())).count();
    assert!(
        listed * 10 >= busiest.len() * 8,
        "most of the busiest suspect's {} mentions are in one entity, found {listed}",
        busiest.len()
    );

    // Protected people are never resolved: the victims the scenario
    // plants are withheld and have no entity.
    let mut protected_seen = 0;
    for line in truth.lines().filter(|l| l.contains("\"person\"")).take(400) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let shown = node.ok(&["show", v["mention"].as_str().unwrap()]);
        let is_protected = shown
            .lines()
            .any(|l| l.trim_start().starts_with("is ") && l.contains("[withheld: protected"));
        if is_protected {
            protected_seen += 1;
            assert!(!shown.contains("resolved into"), "{shown}");
        }
    }
    assert!(protected_seen > 0, "the check saw a protected mention");
}

/// The entity of the first forty person mentions, as `show` reports it.
fn entities_of_some_mentions(node: &Node) -> Vec<String> {
    let truth = std::fs::read_to_string(node.path("sc/truth/mentions.jsonl")).unwrap();
    truth
        .lines()
        .filter(|l| l.contains("\"person\""))
        .take(40)
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let shown = node.ok(&["show", v["mention"].as_str().unwrap()]);
            shown
                .lines()
                .find(|l| l.starts_with("resolved into"))
                .unwrap_or("")
                .to_owned()
        })
        .collect()
}
