//! Corridor's file formats, at the edge where untrusted files come in.
//!
//! This crate owns reading reports from JSON Lines and CSV files — every
//! problem located by file, line and field — and writing them back out as
//! JSON Lines. It knows the shapes of files, not what a report means (that
//! is `corridor-model`) and not where reports go: readers hand each valid
//! report to a sink the caller supplies, so the caller decides whether a run
//! with problems stores anything (the CLI stores nothing). It must never
//! touch storage, the network or the terminal, and must never panic on any
//! input (fuzzed: `fuzz/`).
//!
//! The formats are documented in `docs/formats.md`.

mod csv_files;
pub mod export;
pub mod ftm;
mod jsonl;
mod problem;

use std::io::Write;
use std::path::Path;

use corridor_model::{AgencyCode, Report};

pub use csv_files::{CsvKind, CsvSet};
pub use jsonl::read_jsonl;
pub use problem::{Origin, Problem};

/// What a file holds, told from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// `.jsonl` or `.ndjson`: one self-contained report per line.
    JsonLines,
    /// `.csv`: one file per kind of record, the kind named in the file name.
    Csv(CsvKind),
}

impl FileKind {
    pub fn of(path: &Path) -> Result<FileKind, Problem> {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") {
            return Ok(FileKind::JsonLines);
        }
        if let Some(stem) = lower.strip_suffix(".csv") {
            return CsvKind::from_stem(stem)
                .map(FileKind::Csv)
                .ok_or_else(|| Problem::file(path, format!(
                    "cannot tell what this CSV file holds from its name; name it after its kind \
                     ({}), optionally with a prefix such as srb-2025-03.persons.csv",
                    CsvKind::ALL.iter().map(|k| format!("{}.csv", k.name())).collect::<Vec<_>>().join(", ")
                )));
        }
        Err(Problem::file(
            path,
            "unknown file type; give JSON Lines files as .jsonl or .ndjson and CSV files as .csv",
        ))
    }
}

/// Reads report files of any supported kind, in any order, and hands every
/// valid report to `sink` with where it came from. Returns every problem
/// found, sorted by file and line; a sink's refusal is a problem too.
///
/// JSON Lines reports reach the sink as they are read; CSV reports once all
/// files are read, because a report's rows may be spread over several files.
/// `progress` is told how many bytes have been read so far, in total.
pub fn read_files(
    paths: &[&Path],
    known_agency: &dyn Fn(&AgencyCode) -> bool,
    sink: &mut dyn FnMut(Report, &Origin) -> Result<(), String>,
    progress: &mut dyn FnMut(u64),
) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut csv = CsvSet::default();
    let mut done_bytes = 0u64;
    for path in paths {
        let kind = match FileKind::of(path) {
            Ok(kind) => kind,
            Err(p) => {
                problems.push(p);
                continue;
            }
        };
        let file = match std::fs::File::open(path) {
            Ok(f) => f,
            Err(e) => {
                problems.push(Problem::file(path, format!("cannot open: {e}")));
                continue;
            }
        };
        let base = done_bytes;
        let mut file_progress = |bytes: u64| {
            done_bytes = base + bytes;
            progress(done_bytes);
        };
        match kind {
            FileKind::JsonLines => problems.extend(read_jsonl(
                path,
                file,
                known_agency,
                sink,
                &mut file_progress,
            )),
            FileKind::Csv(kind) => problems.extend(csv.read(path, kind, file, &mut file_progress)),
        }
    }
    problems.extend(csv.finish(known_agency, sink));
    problems.sort();
    problems
}

/// Writes one report as a line of JSON Lines.
pub fn write_jsonl(out: &mut dyn Write, report: &Report) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, &report.to_wire())?;
    out.write_all(b"\n")
}
