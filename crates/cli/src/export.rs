//! `corridor export`: every report as JSON Lines, protected content withheld
//! unless a full backup is asked for.

use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use corridor_store::Store;

pub fn run(
    store: &dyn Store,
    out: Option<&Path>,
    include_protected: bool,
) -> anyhow::Result<ExitCode> {
    let (reports, withheld) = match out {
        None => {
            let stdout = std::io::stdout();
            let mut w = BufWriter::new(stdout.lock());
            let counts = write_all(store, &mut w, include_protected)?;
            w.flush()?;
            counts
        }
        Some(path) => {
            // Write beside the target and rename, so a failed export never
            // leaves a half-written file where a good one was.
            let dir = path
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            let tmp = tempfile::NamedTempFile::new_in(dir)
                .with_context(|| format!("cannot create a file in {}", dir.display()))?;
            let mut w = BufWriter::new(tmp);
            let counts = write_all(store, &mut w, include_protected)?;
            let tmp = w.into_inner().map_err(|e| e.into_error())?;
            tmp.persist(path)
                .with_context(|| format!("cannot write {}", path.display()))?;
            counts
        }
    };
    let note = if include_protected {
        "protected people included (full backup)".to_owned()
    } else if withheld > 0 {
        format!("protected content withheld in {withheld} of them; --include-protected for a full backup")
    } else {
        "none mentions a protected person".to_owned()
    };
    eprintln!("exported {reports} reports; {note}");
    Ok(ExitCode::SUCCESS)
}

fn write_all(
    store: &dyn Store,
    w: &mut dyn Write,
    include_protected: bool,
) -> anyhow::Result<(u64, u64)> {
    let (mut reports, mut withheld) = (0u64, 0u64);
    let mut io_error = None;
    store.for_each_report(&mut |report| {
        let report = if include_protected || report.protected_refs().is_empty() {
            report
        } else {
            withheld += 1;
            report.withholding_protected()
        };
        reports += 1;
        if io_error.is_none() {
            io_error = corridor_formats::write_jsonl(w, &report).err();
        }
        Ok(())
    })?;
    match io_error {
        Some(e) => Err(anyhow::Error::new(e).context("cannot write the export")),
        None => Ok((reports, withheld)),
    }
}
