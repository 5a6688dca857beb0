//! Data-driven vectors in `tests/data/*.tsv`: one file per script or
//! function, tab-separated, `#` lines are comments. Every mismatch in every
//! file is collected, so one run shows all that is wrong.

use corridor_text::translit::*;
use corridor_text::{matching_key, Script};
use std::fmt::Write as _;
use std::path::PathBuf;

/// One line of a vector file: where it is and its columns.
struct Line {
    place: String,
    columns: Vec<String>,
}

fn read(file: &str) -> Result<Vec<Line>, String> {
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "data", file]
        .iter()
        .collect();
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(n, l)| Line {
            place: format!("{file}:{}", n + 1),
            columns: l
                .trim_end_matches('\r')
                .split('\t')
                .map(str::to_string)
                .collect(),
        })
        .collect();
    Ok(lines)
}

/// Collects mismatches across all files.
#[derive(Default)]
struct Report {
    failures: String,
    checked: usize,
}

impl Report {
    fn check(&mut self, place: &str, what: &str, input: &str, got: &str, expected: &str) {
        self.checked += 1;
        if got != expected {
            let _ = writeln!(
                self.failures,
                "{place}: {what}({input:?}) -> got {got:?}, expected {expected:?}"
            );
        }
    }

    fn fail(&mut self, message: String) {
        let _ = writeln!(self.failures, "{message}");
    }

    /// Runs `each` over the lines of `file` that have at least `columns`
    /// columns, reporting the others as malformed.
    fn file(
        &mut self,
        file: &str,
        columns: usize,
        mut each: impl FnMut(&mut Report, &str, &[String]),
    ) {
        match read(file) {
            Err(e) => self.fail(e),
            Ok(lines) if lines.is_empty() => self.fail(format!("{file}: no vectors")),
            Ok(lines) => {
                for line in lines {
                    if line.columns.len() < columns {
                        self.fail(format!(
                            "{}: expected {columns} tab-separated columns",
                            line.place
                        ));
                    } else {
                        each(self, &line.place, &line.columns);
                    }
                }
            }
        }
    }
}

type Translit = fn(&str) -> String;

fn one_way(report: &mut Report, file: &str, name: &str, f: Translit) {
    report.file(file, 2, |r, place, c| {
        r.check(place, name, &c[0], &f(&c[0]), &c[1])
    });
}

fn both_ways(report: &mut Report, file: &str, names: [&str; 2], there: Translit, back: Translit) {
    report.file(file, 2, |r, place, c| {
        r.check(place, names[0], &c[0], &there(&c[0]), &c[1]);
        r.check(place, names[1], &c[1], &back(&c[1]), &c[0]);
    });
}

#[test]
fn all_vectors() {
    let mut r = Report::default();
    both_ways(
        &mut r,
        "serbian.tsv",
        ["serbian_to_latin", "serbian_to_cyrillic"],
        serbian_to_latin,
        serbian_to_cyrillic,
    );
    both_ways(
        &mut r,
        "macedonian.tsv",
        ["macedonian_to_latin", "macedonian_to_cyrillic"],
        macedonian_to_latin,
        macedonian_to_cyrillic,
    );
    r.file("bulgarian.tsv", 2, |r, place, c| {
        r.check(
            place,
            "bulgarian_to_latin",
            &c[0],
            &bulgarian_to_latin(&c[0]),
            &c[1],
        );
        if c.get(2).map(String::as_str) == Some("both") {
            r.check(
                place,
                "bulgarian_to_cyrillic",
                &c[1],
                &bulgarian_to_cyrillic(&c[1]),
                &c[0],
            );
        }
    });
    one_way(&mut r, "russian.tsv", "russian_to_latin", russian_to_latin);
    one_way(
        &mut r,
        "ukrainian.tsv",
        "ukrainian_to_latin",
        ukrainian_to_latin,
    );
    one_way(&mut r, "greek.tsv", "greek_to_latin", greek_to_latin);
    one_way(
        &mut r,
        "greek_from_latin.tsv",
        "greek_from_latin",
        greek_from_latin,
    );
    one_way(
        &mut r,
        "english_to_serbian_latin.tsv",
        "english_to_serbian_latin",
        english_to_serbian_latin,
    );
    one_way(&mut r, "to_latin.tsv", "to_latin", to_latin);
    one_way(&mut r, "icao.tsv", "icao_mrz", icao_mrz);
    r.file("script.tsv", 2, |r, place, c| {
        r.check(
            place,
            "Script::of",
            &c[0],
            Script::of(&c[0]).as_str(),
            &c[1],
        )
    });
    r.file("matching_key.tsv", 2, |r, place, c| {
        r.check(place, "matching_key", &c[0], &matching_key(&c[0]), &c[1]);
        r.check(place, "matching_key", &c[1], &matching_key(&c[1]), &c[1]);
    });
    assert!(
        r.failures.is_empty(),
        "{} of {} checks failed:\n{}",
        r.failures.lines().count(),
        r.checked,
        r.failures
    );
}
