//! `corridor import`: files in, one transaction, every problem reported.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use corridor_formats::{read_files, Origin, Problem};
use corridor_model::{AgencyCode, Report};
use corridor_store::{ImportSummary, Prepared, PutError, Store};
use indicatif::{ProgressBar, ProgressStyle};

/// Reports handed from the reading thread to the storing one at a time.
const BATCH: usize = 256;

/// Problems printed before the rest are only counted.
const MAX_PRINTED: usize = 200;

pub fn run(store: &mut dyn Store, files: &[PathBuf]) -> anyhow::Result<ExitCode> {
    match import(store, files)? {
        Ok(summary) => {
            println!(
                "imported {} reports ({} mentions, {} links) from {} file{}; {} already stored and unchanged",
                summary.added,
                summary.mentions_added,
                summary.links_added,
                files.len(),
                if files.len() == 1 { "" } else { "s" },
                summary.unchanged,
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(problems) => {
            for p in problems.iter().take(MAX_PRINTED) {
                eprintln!("error: {p}");
            }
            if problems.len() > MAX_PRINTED {
                eprintln!("… and {} more problems", problems.len() - MAX_PRINTED);
            }
            let mut files_with: Vec<&str> = problems.iter().map(|p| p.file.as_str()).collect();
            files_with.dedup();
            eprintln!(
                "error: {} problem{} in {} file{}; nothing was imported and the store is unchanged. \
                 Fix the lines above and run the import again.",
                problems.len(),
                if problems.len() == 1 { "" } else { "s" },
                files_with.len(),
                if files_with.len() == 1 { "" } else { "s" },
            );
            Ok(ExitCode::FAILURE)
        }
    }
}

/// The report reader of one import: hands every valid report to the sink,
/// tells progress in bytes, returns the problems found.
pub type Reader<'a> = dyn FnOnce(
        &dyn Fn(&AgencyCode) -> bool,
        &mut dyn FnMut(Report, &Origin) -> Result<(), String>,
        &mut dyn FnMut(u64),
    ) -> Vec<Problem>
    + Send
    + 'a;

/// Imports `files` in one transaction: the summary when every report was
/// valid and stored, or every problem found (and nothing stored).
pub fn import(
    store: &mut dyn Store,
    files: &[PathBuf],
) -> anyhow::Result<Result<ImportSummary, Vec<Problem>>> {
    let total: u64 = files
        .iter()
        .filter_map(|f| f.metadata().ok())
        .map(|m| m.len())
        .sum();
    let paths: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    import_with(
        store,
        total,
        Box::new(|known, sink, progress| read_files(&paths, known, sink, progress)),
    )
}

/// Imports what `reader` reads, in one transaction.
///
/// Reading and validating run on their own thread, storing on this one, so
/// that a large import keeps both cores busy; a bounded channel between them
/// keeps memory flat.
pub fn import_with(
    store: &mut dyn Store,
    total_bytes: u64,
    reader: Box<Reader<'_>>,
) -> anyhow::Result<Result<ImportSummary, Vec<Problem>>> {
    let known: Vec<AgencyCode> = store
        .agencies()?
        .into_iter()
        .filter_map(|a| AgencyCode::parse(&a.code).ok())
        .collect();
    let bar = progress_bar(total_bytes);
    let mut session = store.import()?;
    // Reports travel in batches: one hand-over per report would spend more
    // time waking threads than storing.
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<(Prepared, Origin)>>(16);
    let mut problems = Vec::new();
    let mut fatal = None;
    std::thread::scope(|scope| {
        let reading = scope.spawn(|| {
            let tx = tx;
            let mut batch = Vec::with_capacity(BATCH);
            let found = reader(
                &|a| known.contains(a),
                &mut |report, origin| {
                    // Canonical form, hash and search keys are worked out
                    // here, off the storing thread.
                    batch.push((Prepared::new(report), origin.clone()));
                    if batch.len() == BATCH {
                        // The receiver only goes away after a fatal store
                        // error, which is reported on its own.
                        let _ = tx.send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)));
                    }
                    Ok(())
                },
                &mut |bytes| bar.set_position(bytes),
            );
            let _ = tx.send(batch);
            found
        });
        for (report, origin) in rx.into_iter().flatten() {
            match session.put(&report) {
                Ok(_) => {}
                Err(conflict @ PutError::Conflict { .. }) => {
                    problems.push(Problem::at(&origin, None, conflict.to_string()));
                }
                Err(PutError::Store(e)) => {
                    fatal = Some(e);
                    break;
                }
            }
        }
        match reading.join() {
            Ok(found) => problems.extend(found),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    });
    bar.finish_and_clear();
    if let Some(e) = fatal {
        return Err(e.into());
    }
    if !problems.is_empty() {
        problems.sort();
        // Dropping the session rolls the transaction back.
        drop(session);
        return Ok(Err(problems));
    }
    Ok(Ok(session.commit()?))
}

fn progress_bar(total: u64) -> ProgressBar {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() || total < (4 << 20) {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:40}] {bytes}/{total_bytes} ({eta} left)")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.set_message("importing");
    bar
}
