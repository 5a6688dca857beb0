//! Drives `corridor network` as scripts do: the two contract commands of
//! docs/network.md on the real Montagna meetings network (from
//! `../shared`, as in CI), and the errors a person gets.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

mod common;

fn shared() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/eval/networks/lcucav_criminal-nets")
}

/// The Montagna meetings network rewritten as a contract edge list (a
/// header, commas), in `dir`.
fn meetings_csv(dir: &Path) -> PathBuf {
    let text =
        std::fs::read_to_string(shared().join("dataset_Montagna_meetings_edgelist.csv")).unwrap();
    let mut csv = String::from("source,target,weight\n");
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let cells: Vec<&str> = line.split('\t').collect();
        csv.push_str(&format!("N{},N{},{}\n", cells[0], cells[1], cells[2]));
    }
    let path = dir.join("meetings.csv");
    std::fs::write(&path, csv).unwrap();
    path
}

fn corridor(dir: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    Command::cargo_bin("corridor")
        .unwrap()
        .current_dir(dir)
        .env_remove("CORRIDOR_DB")
        .arg("network")
        .args(args)
        .assert()
}

#[test]
fn disrupt_json_reproduces_the_published_montagna_curve() {
    let dir = tempfile::tempdir().unwrap();
    let edges = meetings_csv(dir.path());
    let out = corridor(
        dir.path(),
        &[
            "disrupt",
            "--edges",
            edges.to_str().unwrap(),
            "--strategy",
            "betweenness",
            "--steps",
            "5",
            "--no-recovery",
            "--format",
            "json",
        ],
    )
    .success()
    .get_output()
    .clone();
    let text = String::from_utf8(out.stdout.clone()).unwrap();
    assert!(text.starts_with(r#"{"steps":[{"removed":"N"#), "{text}");
    let doc: Value = serde_json::from_str(&text).unwrap();
    let steps = doc["steps"].as_array().unwrap();
    assert_eq!(doc.as_object().unwrap().len(), 1, "{doc}");
    let expected = [0.957, 0.739, 0.717, 0.500, 0.424];
    assert_eq!(steps.len(), 5);
    for (step, e) in steps.iter().zip(expected) {
        assert_eq!(step.as_object().unwrap().len(), 2, "{step}");
        assert!(step["removed"].as_str().unwrap().starts_with('N'));
        let f = step["lcc_fraction"].as_f64().unwrap();
        assert!((f - e).abs() < 5e-4, "{doc}");
    }
    // No store was opened.
    let files: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(files, ["meetings.csv"]);
}

#[test]
fn communities_csv_has_one_row_per_node_and_is_reproducible() {
    let dir = tempfile::tempdir().unwrap();
    let edges = meetings_csv(dir.path());
    let args = [
        "communities",
        "--edges",
        edges.to_str().unwrap(),
        "--format",
        "csv",
    ];
    let first = corridor(dir.path(), &args)
        .success()
        .get_output()
        .stdout
        .clone();
    let second = corridor(dir.path(), &args)
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(
        first, second,
        "the default seed makes communities reproducible"
    );
    let text = String::from_utf8(first).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("node,community"));
    let rows: Vec<(&str, u32)> = lines
        .map(|l| {
            let (node, c) = l.split_once(',').unwrap();
            (node, c.parse().unwrap())
        })
        .collect();
    let mut nodes: Vec<&str> = rows.iter().map(|r| r.0).collect();
    nodes.sort();
    nodes.dedup();
    assert_eq!(nodes.len(), rows.len(), "a node appears twice");
    assert_eq!(rows.len(), 101, "the meetings network has 101 people");
    let communities = rows.iter().map(|r| r.1).max().unwrap() + 1;
    assert!((5..40).contains(&communities), "{communities} communities");
}

#[test]
fn communities_by_consensus_keep_apart_small_groups_one_run_merges() {
    // Thirty five-person cells in a ring, each tied to the next by one
    // call: one Leiden run merges neighbouring cells (the resolution limit).
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("source,target\n");
    for c in 0..30u32 {
        for i in 0..5 {
            for j in i + 1..5 {
                csv.push_str(&format!("c{c}p{i},c{c}p{j}\n"));
            }
        }
        csv.push_str(&format!("c{c}p0,c{}p1\n", (c + 1) % 30));
    }
    std::fs::write(dir.path().join("cells.csv"), csv).unwrap();
    let communities = |extra: &[&str]| -> (Value, usize) {
        let mut args = vec!["communities", "--edges", "cells.csv", "--format", "json"];
        args.extend(extra);
        let out = corridor(dir.path(), &args)
            .success()
            .get_output()
            .stdout
            .clone();
        let doc: Value = serde_json::from_str(std::str::from_utf8(&out).unwrap()).unwrap();
        // Every community is whole cells.
        let mut cell_of = HashMap::new();
        for n in doc["nodes"].as_array().unwrap() {
            let node = n["node"].as_str().unwrap();
            let cell = node.split_once('p').unwrap().0.to_owned();
            let c = n["community"].as_u64().unwrap();
            assert_eq!(*cell_of.entry(cell).or_insert(c), c, "{doc}");
        }
        let count = doc["communities"].as_u64().unwrap() as usize;
        (doc, count)
    };
    let (agreed, by_consensus) = communities(&[]);
    assert_eq!(agreed["consensus"], 2, "{agreed}");
    let (plain, by_one_run) = communities(&["--consensus", "1"]);
    assert_eq!(plain["consensus"], 1);
    assert!(by_one_run < 30, "one run merges cells: {by_one_run}");
    assert!(
        by_consensus > by_one_run,
        "{by_consensus} communities by consensus, {by_one_run} by one run"
    );
    // CPM is one run whatever is asked.
    let (cpm, _) = communities(&["--quality", "cpm", "--resolution", "0.5"]);
    assert_eq!(cpm["consensus"], 1);
    corridor(
        dir.path(),
        &["communities", "--edges", "cells.csv", "--consensus", "0"],
    )
    .failure()
    .stderr(predicates::str::contains("--consensus"));
}

#[test]
fn every_format_of_every_subcommand_writes_something_readable() {
    let dir = tempfile::tempdir().unwrap();
    let edges = meetings_csv(dir.path());
    let e = edges.to_str().unwrap();
    for format in ["table", "json", "gexf", "graphml", "csv"] {
        for sub in ["communities", "brokers"] {
            let out = corridor(dir.path(), &[sub, "--edges", e, "--format", format])
                .success()
                .get_output()
                .stdout
                .clone();
            let text = String::from_utf8(out).unwrap();
            match format {
                "json" => drop(serde_json::from_str::<Value>(&text).unwrap()),
                "gexf" => assert!(
                    text.contains("<gexf")
                        && text.contains("title=\"broker_score\"")
                        && text.matches("<node ").count() == 101
                ),
                "graphml" => {
                    assert!(text.contains("<graphml") && text.matches("<node ").count() == 101)
                }
                _ => assert!(text.lines().count() > 5, "{sub} {format}: {text}"),
            }
        }
    }
    let out = corridor(
        dir.path(),
        &[
            "route", "--edges", e, "--from", "N12", "--to", "N47", "--format", "json",
        ],
    )
    .success()
    .get_output()
    .stdout
    .clone();
    let doc: Value = serde_json::from_slice(&out).unwrap();
    let path = doc["path"].as_array().unwrap();
    assert!(
        path.len() >= 3 && path[0] == "N12" && path[path.len() - 1] == "N47",
        "{doc}"
    );
}

#[test]
fn recovery_and_best_arrests_with_roles_and_stages() {
    let dir = tempfile::tempdir().unwrap();
    // Stage Evros: organisers o1, o2; o1's aides a1, a2; o2's aide a3.
    // Stage Gevgelija: organiser o3 with driver d1 who carries migrant m1.
    std::fs::write(
        dir.path().join("e.csv"),
        "source,target\no1,a1\no1,a2\no2,a3\no1,o3\no3,d1\nd1,m1\no2,o3\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("n.csv"),
        "id,role,stage\no1,organiser,Evros\no2,organiser,Evros\na1,driver,Evros\na2,guide,Evros\na3,driver,Evros\no3,organiser,Gevgelija\nd1,driver,Gevgelija\nm1,smuggled_migrant,Gevgelija\n",
    )
    .unwrap();
    let out = corridor(
        dir.path(),
        &[
            "disrupt",
            "--edges",
            "e.csv",
            "--nodes",
            "n.csv",
            "--strategy",
            "degree",
            "--steps",
            "1",
            "--format",
            "json",
        ],
    )
    .success()
    .get_output()
    .stdout
    .clone();
    let doc: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(doc["steps"][0]["removed"], "o1");
    assert_eq!(
        doc["steps"][0]["rewired"],
        serde_json::json!([["a1", "o2"], ["a2", "o2"]])
    );
    let out = corridor(
        dir.path(),
        &[
            "disrupt", "--edges", "e.csv", "--nodes", "n.csv", "--best", "7", "--format", "json",
        ],
    )
    .success()
    .get_output()
    .stdout
    .clone();
    let doc: Value = serde_json::from_slice(&out).unwrap();
    let arrests = doc["plan"]["arrests"].as_array().unwrap();
    assert!(
        !arrests.contains(&Value::from("m1")),
        "a migrant is never a target: {doc}"
    );
    // Without stages, recovery cannot be modelled: the error says what to do.
    corridor(dir.path(), &["disrupt", "--edges", "e.csv", "--steps", "1"])
        .failure()
        .stderr(predicates::str::contains("--no-recovery"));
}

#[test]
fn bad_edge_lists_are_located() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bad.csv"),
        "source,target,weight\na,b,1\nb,c,lots\n",
    )
    .unwrap();
    corridor(dir.path(), &["communities", "--edges", "bad.csv"])
        .failure()
        .stderr(predicates::str::contains(
            "bad.csv:3: weight: expected a positive number",
        ));
    std::fs::write(dir.path().join("wrong.csv"), "from,to\na,b\n").unwrap();
    corridor(dir.path(), &["communities", "--edges", "wrong.csv"])
        .failure()
        .stderr(predicates::str::contains(
            "wrong.csv:1: header: no column \"source\"",
        ));
    corridor(dir.path(), &["communities"])
        .failure()
        .stderr(predicates::str::contains("--edges"));
}

#[test]
fn the_store_s_network_is_its_resolved_people_and_objects() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let run = |args: &[&str]| {
        let out = Command::cargo_bin("corridor")
            .unwrap()
            .current_dir(d)
            .env_remove("CORRIDOR_DB")
            .args(args)
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    assert!(run(&["scenario", "--seed", "5", "--size", "small", "--out", "sc"]).0);
    assert!(run(&["init"]).0);
    let files: Vec<String> = std::fs::read_dir(d.join("sc"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .map(|p| p.to_str().unwrap().to_owned())
        .collect();
    let mut import = vec!["import"];
    import.extend(files.iter().map(String::as_str));
    assert!(run(&import).0);
    // Before resolution there is no network to speak of, and it says so.
    let (ok, _, err) = run(&["network", "communities", "--format", "csv"]);
    assert!(!ok && err.contains("corridor resolve"), "{err}");
    assert!(run(&["resolve"]).0);
    let (ok, out, err) = run(&["network", "communities", "--format", "csv"]);
    assert!(ok, "{err}");
    assert!(out.starts_with("node,community\n"), "{out}");
    let nodes: Vec<&str> = out
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert!(nodes.len() > 50, "{} nodes", nodes.len());
    assert!(nodes.iter().any(|n| n.starts_with("E-")), "people");
    assert!(nodes.iter().any(|n| n.starts_with("PH-")), "phones");
    // The communities are the smuggling networks: scored against the
    // scenario's truth over the network members in the graph (0.63 here;
    // plain modularity over every node, which groups each driver with his
    // passengers, gave 0.46).
    let score = networks_nmi(d, &out, &run(&["entities"]).1);
    assert!(score > 0.55, "NMI {score}");
    // The brokers are the key players (heads, stage organisers, brokers
    // between networks): the top 5% of the ranking are all of them, and
    // half of those ranked are in the top fifth.
    let (ok, brokers, err) = run(&["network", "brokers", "--format", "csv"]);
    assert!(ok, "{err}");
    let ranks = common::key_player_ranks(&d.join("sc"), &brokers, &run(&["entities"]).1);
    let rows = brokers.lines().count() - 1;
    let places = (rows / 20).max(1);
    assert!(ranks.len() >= 5, "{ranks:?}");
    assert_eq!(
        ranks.iter().filter(|&&r| r < places).count(),
        places,
        "key players ranked {ranks:?} of {rows}"
    );
    assert!(ranks[ranks.len() / 2] < rows / 5, "{ranks:?} of {rows}");
    // Only suspects are ever targets: every arrest is a suspect's entity.
    let (ok, out, err) = run(&[
        "network",
        "disrupt",
        "--strategy",
        "role",
        "--steps",
        "3",
        "--format",
        "json",
    ]);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let members = run(&["entities"]).1;
    for step in v["steps"].as_array().unwrap() {
        let removed = step["removed"].as_str().unwrap();
        assert!(removed.starts_with("E-"), "{removed} is not a person");
        assert!(members.contains(removed));
    }
    // A time window keeps fewer reports; a bad day is refused.
    let (_, _, all) = run(&["network", "communities", "--format", "csv"]);
    let (ok, _, window) = run(&[
        "network",
        "communities",
        "--format",
        "csv",
        "--until",
        "2025-03-31",
    ]);
    let reports = |s: &str| -> u64 {
        s.split(" from ")
            .nth(1)
            .and_then(|r| r.split(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    assert!(!ok || reports(&window) < reports(&all), "{window} / {all}");
    let (ok, _, err) = run(&["network", "communities", "--since", "March"]);
    assert!(!ok && err.contains("YYYY-MM-DD"), "{err}");
}

/// NMI between the store's communities (`node,community` CSV) and the
/// scenario's truth networks in `dir/sc/truth`, over the truth networks'
/// members in the graph: each member takes the community of the entity
/// holding most of its mentions (`entities` CSV: mention,kind,entity).
fn networks_nmi(dir: &Path, communities: &str, entities: &str) -> f64 {
    let truth = dir.join("sc/truth");
    let lines = |f: &str| -> Vec<Value> {
        std::fs::read_to_string(truth.join(f))
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    let truth_of: HashMap<String, String> = lines("mentions.jsonl")
        .iter()
        .map(|m| {
            (
                m["mention"].as_str().unwrap().to_owned(),
                m["entity"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let mut network_of: HashMap<String, usize> = HashMap::new();
    for (i, n) in lines("networks.jsonl").iter().enumerate() {
        for stage in n["stages"].as_array().unwrap() {
            for m in stage["members"].as_array().unwrap() {
                network_of
                    .entry(m.as_str().unwrap().to_owned())
                    .or_insert(i);
            }
        }
    }
    let community: HashMap<&str, u32> = communities
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once(','))
        .map(|(n, c)| (n, c.parse().unwrap()))
        .collect();
    // (truth person, our entity) -> mentions.
    let mut votes: HashMap<(&str, &str), usize> = HashMap::new();
    for line in entities.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        if let Some(t) = truth_of.get(cells[0]) {
            *votes.entry((t.as_str(), cells[2])).or_default() += 1;
        }
    }
    let mut best: HashMap<&str, (usize, &str)> = HashMap::new();
    for (&(t, e), &n) in &votes {
        if network_of.contains_key(t) && community.contains_key(e) {
            let slot = best.entry(t).or_insert((n, e));
            if (n, std::cmp::Reverse(e)) > (slot.0, std::cmp::Reverse(slot.1)) {
                *slot = (n, e);
            }
        }
    }
    assert!(
        best.len() > 20,
        "{} network members in the graph",
        best.len()
    );
    let (truth, ours): (Vec<u32>, Vec<u32>) = best
        .iter()
        .map(|(t, (_, e))| (network_of[*t] as u32, community[e]))
        .unzip();
    corridor_graph::nmi(&truth, &ours)
}
