//! Data-driven tests: every input under `tests/data/` has an expected output
//! beside it (`NAME.expected` for a JSON Lines file, `expected.txt` in a CSV
//! directory). Each expected file lists the canonical JSON of every report
//! accepted and every problem reported. Regenerate with
//! `UPDATE_EXPECT=1 cargo test -p corridor-formats --test vectors` and review
//! the diff.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use corridor_formats::read_files;
use corridor_model::agency::BUILTIN_AGENCIES;
use corridor_model::AgencyCode;

fn known(a: &AgencyCode) -> bool {
    BUILTIN_AGENCIES.iter().any(|b| b.code == a.as_str())
}

fn run(paths: &[PathBuf]) -> String {
    let refs: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
    let mut out = String::new();
    let problems = read_files(
        &refs,
        &known,
        &mut |report, origin| {
            let json = serde_json::to_string(&report.to_wire()).unwrap();
            writeln!(out, "ok {origin}: {json}").unwrap();
            Ok(())
        },
        &mut |_| {},
    );
    for p in problems {
        writeln!(out, "error {p}").unwrap();
    }
    out
}

fn check(expected_path: &Path, actual: &str) {
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(expected_path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(expected_path).unwrap_or_else(|_| {
        panic!(
            "{} is missing; run with UPDATE_EXPECT=1",
            expected_path.display()
        )
    });
    assert_eq!(
        actual,
        expected,
        "output differs from {}",
        expected_path.display()
    );
}

fn entries(dir: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}

#[test]
fn jsonl_vectors() {
    let inputs: Vec<PathBuf> = entries("tests/data/jsonl")
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    assert!(inputs.len() >= 5);
    for input in inputs {
        let actual = run(std::slice::from_ref(&input));
        check(&input.with_extension("expected"), &actual);
    }
}

#[test]
fn csv_vectors_in_any_file_order() {
    for dir in entries("tests/data/csv") {
        let files: Vec<PathBuf> = entries(dir.to_str().unwrap())
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "csv"))
            .collect();
        let forward = run(&files);
        let mut reversed = files.clone();
        reversed.reverse();
        assert_eq!(
            run(&reversed),
            forward,
            "{}: file order changed the result",
            dir.display()
        );
        check(&dir.join("expected.txt"), &forward);
    }
}
