//! `corridor export`: every report as JSON Lines — protected content
//! withheld unless a full backup is asked for, or, for a partner, only what
//! the policy releases to it, as it releases it.

use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use corridor_formats::export::{ExportFormat, ExportWriter};
use corridor_model::AgencyCode;
use corridor_share::Policy;
use corridor_store::Store;

/// What an export holds.
pub enum What {
    /// Every report; protected people withheld unless `include_protected`.
    All { include_protected: bool },
    /// What the agency may see, through the policy point.
    For(Policy, AgencyCode),
}

/// The shape of an export's lines (`corridor_formats::export`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Corridor's report format (docs/formats.md): re-imports as it is.
    Jsonl,
    /// FollowTheMoney entities, one JSON object a line.
    Ftm,
    /// FollowTheMoney statements as CSV, one property value a row.
    FtmCsv,
}

impl From<Format> for ExportFormat {
    fn from(f: Format) -> ExportFormat {
        match f {
            Format::Jsonl => ExportFormat::Jsonl,
            Format::Ftm => ExportFormat::Ftm,
            Format::FtmCsv => ExportFormat::FtmCsv,
        }
    }
}

/// Counts of one export.
#[derive(Default)]
struct Counts {
    written: u64,
    /// Reports written with protected content withheld or pseudonymised.
    altered: u64,
    /// Reports the partner may not see.
    left_out: u64,
}

pub fn run(
    store: &dyn Store,
    out: Option<&Path>,
    what: What,
    format: Format,
) -> anyhow::Result<ExitCode> {
    let counts = match out {
        None => {
            let stdout = std::io::stdout();
            let mut w = BufWriter::new(stdout.lock());
            let counts = write_all(store, &mut w, &what, format)?;
            w.flush()?;
            counts
        }
        Some(path) => crate::output::write_file(path, |w| write_all(store, w, &what, format))?,
    };
    let note = match &what {
        What::All {
            include_protected: true,
        } => "protected people included (full backup)".to_owned(),
        What::All { .. } if counts.altered > 0 => format!(
            "protected content withheld in {} of them; --include-protected for a full backup",
            counts.altered
        ),
        What::All { .. } => "none mentions a protected person".to_owned(),
        What::For(_, agency) => format!(
            "for {agency}: protected people pseudonymised in {}; {} reports not releasable to {agency} left out",
            counts.altered, counts.left_out
        ),
    };
    eprintln!("exported {} reports; {note}", counts.written);
    Ok(ExitCode::SUCCESS)
}

fn write_all(
    store: &dyn Store,
    w: &mut dyn Write,
    what: &What,
    format: Format,
) -> anyhow::Result<Counts> {
    let mut counts = Counts::default();
    let mut io_error = None;
    let mut sink = ExportWriter::new(format.into(), w)?;
    store.for_each_report(&mut |report| {
        let protected = !report.protected_refs().is_empty();
        let (out, changed) = match what {
            What::All {
                include_protected: true,
            } => (report, false),
            What::All { .. } => (report.withholding_protected(), protected),
            What::For(policy, agency) => {
                let full = policy.release(agency, &report) == corridor_share::Release::Full;
                match policy.view(agency, &report) {
                    Ok(view) => (view, protected && !full),
                    Err(_) => {
                        counts.left_out += 1;
                        return Ok(());
                    }
                }
            }
        };
        counts.written += 1;
        counts.altered += u64::from(changed);
        if io_error.is_none() {
            io_error = sink.write(&out).err();
        }
        Ok(())
    })?;
    match io_error.map_or_else(|| sink.finish().err(), Some) {
        Some(e) => Err(anyhow::Error::new(e).context("cannot write the export")),
        None => Ok(counts),
    }
}
