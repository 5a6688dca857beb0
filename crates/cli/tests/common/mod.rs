//! What every test of the binary needs: a node in a temporary directory and
//! `corridor` run in it, with no store chosen by the environment and a
//! fixed user name for the audit log. Each test file adds its own helpers.

#![allow(dead_code)] // each test binary uses its own part of it

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub struct Node {
    pub dir: tempfile::TempDir,
}

impl Node {
    pub fn new() -> Node {
        Node {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes a file into the node's directory (parents made).
    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.path(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&p, text).unwrap();
        p
    }

    /// `corridor` run in the node's directory.
    pub fn cmd(&self) -> Command {
        Command::from_std(self.std_cmd())
    }

    /// The same, as a process to start and keep (a server).
    pub fn std_cmd(&self) -> std::process::Command {
        use assert_cmd::cargo::CommandCargoExt;
        let mut c = std::process::Command::cargo_bin("corridor").unwrap();
        c.current_dir(self.dir.path())
            .env_remove("CORRIDOR_DB")
            .env("USER", "tester")
            .env("CORRIDOR_USER", "tester");
        c
    }

    /// Success, standard output and standard error.
    pub fn run(&self, args: &[&str]) -> (bool, String, String) {
        let out = self.cmd().args(args).output().unwrap();
        (
            out.status.success(),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    }

    /// Standard output of a run that must succeed.
    pub fn ok(&self, args: &[&str]) -> String {
        let (ok, out, err) = self.run(args);
        assert!(ok, "corridor {args:?} failed: {err}");
        out
    }
}

/// Where the scenario's truth key players rank in `brokers --format csv`
/// (0 is first), sorted, for the scenario in directory `scenario`: each of our entities stands for the truth person
/// most of its mentions belong to, a key player for the first row that
/// stands for them.
pub fn key_player_ranks(scenario: &Path, brokers: &str, entities: &str) -> Vec<usize> {
    let truth = scenario.join("truth");
    let read = |f: &str| std::fs::read_to_string(truth.join(f)).unwrap();
    let truth_of: HashMap<String, String> = read("mentions.jsonl")
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .map(|m| {
            (
                m["mention"].as_str().unwrap().to_owned(),
                m["entity"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let mut votes: HashMap<&str, HashMap<&str, usize>> = HashMap::new();
    for line in entities.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        if let Some(t) = truth_of.get(cells[0]) {
            *votes
                .entry(cells[2])
                .or_default()
                .entry(t.as_str())
                .or_default() += 1;
        }
    }
    let stands_for = |e: &str| {
        votes.get(e).and_then(|v| {
            v.iter()
                .max_by_key(|(t, n)| (**n, std::cmp::Reverse(**t)))
                .map(|(t, _)| *t)
        })
    };
    let key_players: HashSet<String> = read("networks.jsonl")
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .flat_map(|n| {
            n["key_players"]
                .as_array()
                .unwrap()
                .iter()
                .map(|k| k.as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        })
        .collect();
    let mut lines = brokers.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let score = header.iter().position(|h| *h == "broker_score").unwrap();
    let mut rows: Vec<(f64, &str)> = lines
        .map(|l| {
            let cells: Vec<&str> = l.split(',').collect();
            (cells[score].parse().unwrap(), cells[0])
        })
        .collect();
    rows.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut seen = HashSet::new();
    let mut ranks: Vec<usize> = rows
        .iter()
        .enumerate()
        .filter_map(|(i, (_, e))| {
            let t = stands_for(e)?;
            (key_players.contains(t) && seen.insert(t)).then_some(i)
        })
        .collect();
    ranks.sort_unstable();
    ranks
}
