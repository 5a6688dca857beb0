//! `corridor scenario`: generate a realistic route scenario into a directory.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{bail, Context};
use corridor_scenario::{generate, Scenario, Size};

pub fn run(seed: u64, size: &str, out: &Path) -> anyhow::Result<ExitCode> {
    let size = Size::parse(size)
        .map_err(anyhow::Error::msg)
        .context("--size")?;
    let scenario = generate(seed, size);
    write(&scenario, out)?;
    let s = &scenario.summary;
    println!(
        "scenario seed {seed}: {} reports, {} mentions, {} links; {} people in {} networks; {} planted document frauds",
        s.reports, s.mentions, s.links, s.persons, s.networks, s.frauds
    );
    println!(
        "written to {} (import with: corridor import {}/*.jsonl; truth in {}/truth)",
        out.display(),
        out.display(),
        out.display()
    );
    println!(
        "{} returns cases in {}/cases/cases.jsonl (import with: corridor cases import; never as reports)",
        s.cases,
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Writes the scenario's files under `dir`. A directory that is not empty
/// must hold an earlier scenario (it has `truth/README.md`); its files are
/// replaced, so that every file directly in it stays importable.
pub fn write(scenario: &Scenario, dir: &Path) -> anyhow::Result<()> {
    if dir.exists() {
        let mut entries =
            std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?;
        if entries.next().is_some() && !dir.join("truth/README.md").is_file() {
            bail!(
                "{} is not empty and holds no earlier scenario; choose a new or empty directory",
                dir.display()
            );
        }
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            if path.is_file() && path.extension().is_some_and(|e| e == "jsonl" || e == "csv") {
                std::fs::remove_file(&path)
                    .with_context(|| format!("cannot remove {}", path.display()))?;
            }
        }
    }
    for (name, bytes) in &scenario.files {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}
