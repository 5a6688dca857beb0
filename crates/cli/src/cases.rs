//! `corridor cases check EVENTS.json`: the what-if checker of the returns
//! safeguards. The decision comes from `corridor_returns::check_json`, the
//! engine the live system uses; this module only reads the file and prints.
//! Format and exit codes: docs/returns.md.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
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
}

pub fn run(command: Command) -> anyhow::Result<ExitCode> {
    let Command::Check { file } = command;
    check(&file)
}

/// Prints the decision as one line of JSON on stdout. Exit 0 whether the
/// step is allowed or not; 2 if the input is not a valid case (the error,
/// naming the file and the place, goes to stderr); an unreadable file is an
/// error (exit 1).
pub fn check(path: &Path) -> anyhow::Result<ExitCode> {
    let input =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
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
