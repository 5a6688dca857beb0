//! `corridor export`: every report as JSON Lines, protected content withheld
//! unless a full backup is asked for.

use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

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
        Some(path) => crate::output::write_file(path, |w| {
            write_all(store, &mut BufWriter::new(w), include_protected)
        })?,
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
