//! `corridor demo`: the example data set, loaded and summarised.

use std::path::Path;
use std::process::ExitCode;

use corridor_formats::{read_jsonl, Origin, Problem};
use corridor_model::{AgencyCode, Report};
use corridor_store::{SqliteStore, Store};

use crate::import::import_with;

/// The example reports, built into the binary so that the demo works from
/// any directory.
pub const DEMO_REPORTS: &str = include_str!("../../../examples/demo.jsonl");

fn read_demo(
    known: &dyn Fn(&AgencyCode) -> bool,
    sink: &mut dyn FnMut(Report, &Origin) -> Result<(), String>,
    progress: &mut dyn FnMut(u64),
) -> Vec<Problem> {
    let source = Path::new("examples/demo.jsonl (built in)");
    read_jsonl(source, DEMO_REPORTS.as_bytes(), known, sink, progress)
}

pub fn run(db: &Path) -> anyhow::Result<ExitCode> {
    let (mut store, created) = SqliteStore::create(db)?;
    let summary = match import_with(&mut store, DEMO_REPORTS.len() as u64, Box::new(read_demo))? {
        Ok(summary) => summary,
        Err(problems) => {
            let first = problems
                .first()
                .map(ToString::to_string)
                .unwrap_or_default();
            anyhow::bail!(
                "the store at {} refused the example data ({} problems; first: {first}); \
                 run the demo with --db pointing at a new file",
                db.display(),
                problems.len()
            );
        }
    };
    let stats = store.stats()?;
    println!("Corridor demo: example reports from the Western Balkan route");
    println!(
        "store {} ({}); {} example reports added, {} already there",
        db.display(),
        if created { "created" } else { "existing" },
        summary.added,
        summary.unchanged
    );
    println!();
    print!("{}", crate::stats::format(&stats));
    println!();
    println!("Next:");
    println!("  corridor search 'al hasan'             find mentions by name");
    println!("  corridor search '+381 64 1234567'      is this phone known?");
    println!("  corridor show SRB-MUP-2025-000101      a report with its mentions and links");
    println!("  corridor export --out reports.jsonl    protected people withheld by default");
    Ok(ExitCode::SUCCESS)
}
