//! Table-driven tests: every file in `tests/data/` is a case history with a
//! proposed step and the decision expected, `{"input": …, "expected":
//! {"allowed": bool, "rules": [CODE, …]}}` (`about` optional). Run with
//! `UPDATE_EXPECT=1` to rewrite the expectations from the engine's answers
//! (then read the diff before keeping it).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use corridor_returns::{check_json, Rule};
use serde_json::Value;

fn data_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

fn load(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn every_case_decides_as_expected() {
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failures = Vec::new();
    let files = data_files();
    assert!(
        files.len() >= 50,
        "expected the table of cases in tests/data"
    );
    for path in &files {
        let mut case = load(path);
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let input = case["input"].to_string();
        let decision = match check_json(&input) {
            Ok(d) => d,
            Err(e) => {
                failures.push(format!("{name}: input rejected: {e}"));
                continue;
            }
        };
        assert_eq!(decision.allowed, decision.reasons.is_empty(), "{name}");
        for r in &decision.reasons {
            assert!(Rule::from_code(&r.rule).is_some(), "{name}: {}", r.rule);
            assert!(r.text.len() > 40, "{name}: {} has no readable text", r.rule);
        }
        let got: BTreeSet<&str> = decision.reasons.iter().map(|r| r.rule.as_str()).collect();
        let want: BTreeSet<&str> = case["expected"]["rules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let allowed = case["expected"]["allowed"].as_bool().unwrap();
        if got != want || allowed != decision.allowed {
            failures.push(format!(
                "{name}: expected allowed={allowed} {want:?}, got allowed={} {got:?}\n{}",
                decision.allowed,
                serde_json::to_string_pretty(&decision).unwrap()
            ));
            if update {
                case["expected"] = serde_json::json!({"allowed": decision.allowed, "rules": got});
                let text = serde_json::to_string_pretty(&case).unwrap() + "\n";
                std::fs::write(path, text).unwrap();
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Every safeguard has a case where it blocks; every overridable one has a
/// case where a court order lifts it; every absolute one a case where a
/// court order tries and fails.
#[test]
fn the_table_covers_every_rule() {
    let mut blocked = BTreeSet::new();
    let mut overridden = BTreeSet::new();
    let mut refused_override = BTreeSet::new();
    for path in data_files() {
        let case = load(&path);
        let rules: Vec<String> = case["expected"]["rules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect();
        let orders: Vec<String> = case["input"]["events"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|e| e["kind"] == "court_order")
            .flat_map(|e| e["overrides"].as_array().unwrap().clone())
            .map(|v| v.as_str().unwrap().to_owned())
            .collect();
        for code in &orders {
            if rules.contains(code) {
                refused_override.insert(code.clone());
            } else if case["expected"]["allowed"] == true {
                overridden.insert(code.clone());
            }
        }
        blocked.extend(rules);
    }
    for rule in Rule::ALL {
        let code = rule.code().to_owned();
        assert!(blocked.contains(&code), "no case where {code} blocks");
        if rule.overridable() {
            assert!(
                overridden.contains(&code),
                "no case where a court order lifts {code}"
            );
        }
    }
    for absolute in [
        "NON_REFOULEMENT",
        "NON_REFOULEMENT_PENDING",
        "RULE39",
        "DESTINATION_RISK",
    ] {
        assert!(!Rule::from_code(absolute).unwrap().overridable());
        assert!(
            refused_override.contains(absolute),
            "no case where a court order fails to lift {absolute}"
        );
    }
}

#[test]
fn docs_describe_every_rule_and_event_kind() {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/returns.md");
    let text = std::fs::read_to_string(&docs).unwrap();
    for rule in Rule::ALL {
        assert!(
            text.contains(&format!("`{}`", rule.code())),
            "docs/returns.md misses {rule}"
        );
    }
    for path in data_files() {
        let case = load(&path);
        let kinds = case["input"]["events"]
            .as_array()
            .into_iter()
            .flatten()
            .chain([&case["input"]["proposed"]])
            .map(|e| e["kind"].as_str().unwrap().to_owned());
        for kind in kinds {
            assert!(
                text.contains(&format!("`{kind}`")),
                "docs/returns.md misses {kind}"
            );
        }
    }
}

#[test]
fn the_example_in_the_docs_is_allowed() {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/returns.md");
    let text = std::fs::read_to_string(&docs).unwrap();
    let after = &text[text.find("### Full example").unwrap()..];
    let start = after.find("```json").unwrap() + "```json".len();
    let end = start + after[start..].find("```").unwrap();
    let decision = check_json(&after[start..end]).unwrap();
    assert!(decision.allowed, "{decision:?}");
}
