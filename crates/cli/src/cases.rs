//! `corridor cases check EVENTS.json`: the what-if checker of the returns
//! safeguards; `corridor cases ledger LEDGER.json`: the UK–France "one in,
//! one out" ledger; `corridor cases hubs HUBS.json`: return-hub placement
//! proposals and occupancy. Every answer comes from `corridor_returns`, the
//! pure engine the live system uses; this module only reads the file,
//! picks the date and prints. Formats and exit codes: docs/returns.md.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use chrono::NaiveDate;
use clap::Subcommand;

#[derive(Subcommand)]
pub enum Command {
    /// Check a case's proposed step against every safeguard (no store needed).
    #[command(
        after_help = "Input: one JSON object with the jurisdiction, the person, the dated \
events and the proposed step. Output: one line of JSON on standard output, \
{\"allowed\": bool, \"reasons\": [{\"rule\": CODE, \"text\": …}]}. Exit status 0 whether the \
step is allowed or not, 2 if the file is not a valid case (the error names the field), 1 if it \
cannot be read. No store is opened. Format, event kinds and rule codes: docs/returns.md.\
\n\nExamples:\n  corridor cases check case.json\n  \
corridor cases check case.json | jq -r '.reasons[].rule'"
    )]
    Check {
        /// The case history with its proposed step (docs/returns.md).
        file: PathBuf,
    },
    /// Report the UK-France "one in, one out" ledger: deadlines, alerts, balance.
    #[command(
        after_help = "Input: one JSON object with `people`, each with dated events (arrival, \
referral, answer, removal, route_application, admission), and optionally `as_of`, `alert_days` and \
`brought_forward`. Output: one JSON document on standard output with each person's state, the \
alerts for deadlines due soon or lapsed, the issues found, and the balance of returns against \
admissions with its history. The date is --as-of, else the file's `as_of`, else today. Exit status \
0 when a report was printed, 2 if the file is not a valid ledger, 1 if it cannot be read. No store \
is opened. Format and deadline rules: docs/returns.md.\
\n\nExamples:\n  corridor cases ledger ledger.json --as-of 2025-12-01\n  \
corridor cases ledger ledger.json | jq '.alerts'"
    )]
    Ledger {
        /// The ledger of dated events per person (docs/returns.md).
        file: PathBuf,
        /// Report as the ledger stood at the end of this day (YYYY-MM-DD).
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<NaiveDate>,
    },
    /// Propose return-hub placements within capacity and safeguards; report occupancy and stays.
    #[command(
        after_help = "Input: one JSON object with `hubs` (host state, capacity, occupancy, \
eligibility), `cases` (each a case as `cases check` reads it, with an `id` and no proposed step), \
`record` (by, legal_basis, rationale of the placement steps) and optionally `as_of`. Output: one \
JSON document with the proposals, the cases not placed and the reasons per hub, and per hub its \
occupancy before and after and the lengths of stay. The date is --as-of, else the file's `as_of`, \
else today. Exit status 0 when a report was printed, 2 if the file is not valid, 1 if it cannot be \
read. No store is opened. Format: docs/returns.md.\
\n\nExamples:\n  corridor cases hubs hubs.json --as-of 2025-07-10\n  \
corridor cases hubs hubs.json | jq '.proposals'"
    )]
    Hubs {
        /// The hubs and the cases (docs/returns.md).
        file: PathBuf,
        /// Propose and report as of this day (YYYY-MM-DD).
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<NaiveDate>,
    },
}

pub fn run(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Check { file } => check(&file),
        Command::Ledger { file, as_of } => ledger(&file, as_of),
        Command::Hubs { file, as_of } => hubs(&file, as_of),
    }
}

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// Prints a report as pretty JSON on stdout (exit 0), or the input error
/// naming the file and the place on stderr (exit 2).
fn print<T: serde::Serialize>(
    path: &Path,
    result: Result<T, corridor_returns::InputError>,
) -> anyhow::Result<ExitCode> {
    match result {
        Ok(report) => {
            println!("{}", serde_json::to_string_pretty(&report)?);
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("error: {}: {e}", path.display());
            Ok(ExitCode::from(2))
        }
    }
}

fn read(path: &Path) -> anyhow::Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

/// `corridor cases ledger`: the date is `--as-of`, else the file's, else today.
pub fn ledger(path: &Path, as_of: Option<NaiveDate>) -> anyhow::Result<ExitCode> {
    use corridor_returns::one_in_one_out::{report, Ledger};
    let input = read(path)?;
    let result = Ledger::from_json(&input).map(|l| {
        let on = as_of.or(l.as_of).unwrap_or_else(today);
        report(&l, on)
    });
    print(path, result)
}

/// `corridor cases hubs`: the date is `--as-of`, else the file's, else today.
pub fn hubs(path: &Path, as_of: Option<NaiveDate>) -> anyhow::Result<ExitCode> {
    use corridor_returns::hubs::{propose, HubsRequest};
    let input = read(path)?;
    let result = HubsRequest::from_json(&input).and_then(|r| {
        let on = as_of.or(r.as_of).unwrap_or_else(today);
        propose(&r, on)
    });
    print(path, result)
}

/// Prints the decision as one line of JSON on stdout. Exit 0 whether the
/// step is allowed or not; 2 if the input is not a valid case (the error,
/// naming the file and the place, goes to stderr); an unreadable file is an
/// error (exit 1).
pub fn check(path: &Path) -> anyhow::Result<ExitCode> {
    let input = read(path)?;
    match corridor_returns::check_json(&input) {
        Ok(decision) => {
            println!("{}", serde_json::to_string(&decision)?);
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("error: {}: {e}", path.display());
            Ok(ExitCode::from(2))
        }
    }
}
