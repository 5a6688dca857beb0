//! `corridor demo`: a medium scenario, generated, imported, resolved,
//! analysed and summarised, with its returns cases imported on the asylum
//! side; with `--serve`, the node's API on it.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use corridor_scenario::{generate, Size};
use corridor_store::Store;

/// The seed of the demo scenario: the same every time, so running the demo
/// twice changes nothing.
pub const DEMO_SEED: u64 = 2025;

pub fn run(db: &Path, scenario_dir: Option<&Path>, serve: bool) -> anyhow::Result<ExitCode> {
    let temp;
    let dir = match scenario_dir {
        Some(d) => d.to_owned(),
        None => {
            temp = tempfile::tempdir().context("cannot create a temporary directory")?;
            temp.path().join("scenario")
        }
    };
    eprintln!(
        "generating a medium scenario (seed {DEMO_SEED}) in {}",
        dir.display()
    );
    let scenario = generate(DEMO_SEED, Size::Medium);
    crate::scenario::write(&scenario, &dir)?;
    let files = report_files(&dir)?;
    let crate::node::Prepared {
        mut store, created, ..
    } = crate::node::prepare(db, None)?;
    let summary = match crate::import::import(&mut store, &files)? {
        Ok(summary) => summary,
        Err(problems) => {
            let first = problems
                .first()
                .map(ToString::to_string)
                .unwrap_or_default();
            anyhow::bail!(
                "the store at {} refused the scenario ({} problems; first: {first}); run the demo with --db pointing at a new file",
                db.display(),
                problems.len()
            );
        }
    };
    let stats = store.stats()?;
    let s = &scenario.summary;
    println!("Corridor demo: a generated Western Balkan route scenario");
    println!(
        "{} networks, {} people; {} reports from {} agencies ({} added to {}, {} already there)",
        s.networks,
        s.persons,
        s.reports,
        stats.reports_by_agency.len(),
        summary.added,
        db.display(),
        summary.unchanged
    );
    if created {
        println!("store {} created", db.display());
    }
    println!();
    print!("{}", crate::stats::format(&stats));
    println!();
    println!("Resolving who is who:");
    crate::resolve::run(&mut store, crate::resolve::How::Default)?;
    println!();
    println!("Brokers of the store's network (suspects only; migrants, victims and witnesses are never targets):");
    for (entity, score) in crate::network::top_brokers(db, 5)? {
        println!("  {entity}  broker score {score:.4}   corridor show {entity}");
    }
    println!();
    println!("{}", cases(&mut store, &dir, scenario.end)?);
    println!();
    if serve {
        return serve_demo(db, store);
    }
    println!("Next:");
    println!("  corridor demo --serve                  the same, then the API on http://127.0.0.1:8080/v1 with a demo token");
    println!("  corridor search 'al hasan'             find mentions by name, in any script");
    println!("  corridor search '+381 64'              phones starting with a number");
    println!("  corridor stats                         the counts above, again");
    println!("  corridor scenario --seed 7 --size small --out scenario/   a scenario of your own, with its truth");
    Ok(ExitCode::SUCCESS)
}

/// Imports the scenario's returns cases (never as reports) and sums them
/// up in one line: by stage, and the deadlines due, on the scenario's
/// last day.
fn cases(
    store: &mut corridor_store::SqliteStore,
    dir: &Path,
    as_of: chrono::NaiveDate,
) -> anyhow::Result<String> {
    let path = dir.join("cases/cases.jsonl");
    let name = path.display().to_string();
    let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {name}"))?;
    let (lines, problems) = corridor_returns::file::read_jsonl(&text);
    if let Some(p) = problems.first() {
        anyhow::bail!("{name}:{p}");
    }
    if let Err(shown) = crate::casework::import_lines(store, &name, &lines)? {
        anyhow::bail!(
            "the store refused the scenario's cases ({} problems; first: {}); run the demo with --db pointing at a new file",
            shown.len(),
            shown[0]
        );
    }
    let filter = corridor_returns::caseload::Filter::default();
    let load = crate::casework::load(store, &filter, as_of)?;
    let stages: Vec<String> = load
        .by_stage
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(s, n)| format!("{s} {n}"))
        .collect();
    Ok(format!(
        "Returns cases (the asylum side: never in search, resolution or exports): {} on {as_of}: {}; \
         {} deadlines due within {} days — corridor cases list --deadline-within {} --as-of {as_of}",
        load.cases.len(),
        stages.join(", "),
        load.deadlines_due,
        corridor_returns::caseload::DEFAULT_ALERT_DAYS,
        corridor_returns::caseload::DEFAULT_ALERT_DAYS,
    ))
}

/// A demo analyst of the node's agency and a fresh token for them, then the
/// API on loopback until Ctrl-C.
fn serve_demo(db: &Path, mut store: corridor_store::SqliteStore) -> anyhow::Result<ExitCode> {
    let home = crate::node::home(&store)?;
    if !store.users()?.iter().any(|u| u.name == "demo-analyst") {
        store.add_user("demo-analyst", home.as_str(), "analyst")?;
    }
    if !store.users()?.iter().any(|u| u.name == "demo-case-officer") {
        store.add_user("demo-case-officer", home.as_str(), "case_officer")?;
    }
    let issued = corridor_server::identity::issue_token(&mut store, "demo-analyst", 1)
        .map_err(anyhow::Error::msg)?;
    crate::node::local_audit(&mut store, "token_create", &issued.id, "ok")?;
    let casework = corridor_server::identity::issue_token(&mut store, "demo-case-officer", 1)
        .map_err(anyhow::Error::msg)?;
    crate::node::local_audit(&mut store, "token_create", &casework.id, "ok")?;
    drop(store);
    println!("A token for demo-analyst ({home}, analyst), valid one day:");
    println!("  export TOKEN={}", issued.token);
    println!(
        "  curl -H \"Authorization: Bearer $TOKEN\" 'http://127.0.0.1:8080/v1/entities?q=hasan'"
    );
    println!(
        "A token for demo-case-officer ({home}, case officer: the only role that sees cases):"
    );
    println!("  export CASE_TOKEN={}", casework.token);
    println!(
        "  curl -H \"Authorization: Bearer $CASE_TOKEN\" 'http://127.0.0.1:8080/v1/cases?deadline_within=14'"
    );
    crate::serve::run(db, crate::serve::ServeArgs::loopback())
}

/// The report files directly in `dir`, in name order.
fn report_files(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "jsonl" || e == "csv"))
        .collect();
    files.sort();
    Ok(files)
}
