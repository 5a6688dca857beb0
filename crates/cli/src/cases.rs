//! `corridor cases check EVENTS.json`: the what-if checker of the returns
//! safeguards; `corridor cases ledger LEDGER.json`: the UK–France "one in,
//! one out" ledger; `corridor cases hubs HUBS.json`: return-hub placement
//! proposals and occupancy. Every answer comes from `corridor_returns`, the
//! pure engine the live system uses; this module only reads the file,
//! picks the date and prints. The stored cases (`import`, `open`, `event`,
//! `show`, `list`, `propose`, `release`) are in `casework.rs`. Formats and exit codes:
//! docs/returns.md.

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
    /// Import return hubs and cases (JSON Lines) into the store, all or nothing.
    #[command(
        after_help = "One JSON object a line: {\"type\": \"hub\", \"id\", \"host_state\", \"capacity\", \
\"other_occupants\"?, \"eligibility\"?} or {\"type\": \"case\", \"id\", \"jurisdiction\", \"identity\", \"person\", \
\"events\", \"one_in_one_out\"?}. Every event records `by`, `legal_basis` and `rationale`; every step \
the safeguards judge (detention, a removal scheduled or executed, a transfer to a hub) is checked \
in date order on the case as it stood, and one refused step refuses the file. Every problem is \
printed as FILE:LINE: field: …, and if there is any, nothing is stored (exit 2). Importing the same \
file again changes nothing. Cases are never imported as reports: search, resolution and exports \
never see them. Format: docs/returns.md.\n\nExamples:\n  corridor cases import cases.jsonl\n  \
corridor cases import scenario/cases/cases.jsonl"
    )]
    Import {
        /// The hubs and cases (docs/returns.md, "Stored cases").
        file: PathBuf,
    },
    /// Open one case in the store (its history is checked as on import).
    #[command(
        after_help = "The case is one JSON object (a line of `cases import` without \"type\"). \
Exit 0 opened (or already there, unchanged), 2 invalid or refused (nothing stored), 1 if the \
file cannot be read or the store opened.\n\nExamples:\n  corridor cases open case.json\n  \
corridor cases open --json '{\"id\":\"C-1\",\"jurisdiction\":\"uk\",\"identity\":{\"given_names\":\"Karim\",\"family_name\":\"Haddad\"},\"person\":{}}'"
    )]
    Open {
        /// The case (JSON).
        #[arg(required_unless_present = "json", conflicts_with = "json")]
        file: Option<PathBuf>,
        /// The case given on the command line instead of a file.
        #[arg(long)]
        json: Option<String>,
    },
    /// Record a step in a stored case; refused, with the safeguards' reasons, when one blocks it.
    #[command(
        after_help = "The event is one JSON object: date, kind, its own fields, and by, \
legal_basis and rationale (required). Steps the safeguards judge are checked on the case as \
stored: when one blocks, nothing is written, the decision is printed on standard output as \
{\"allowed\": false, \"reasons\": [...]} and the exit status is 3. Exit 0 recorded, 2 invalid, \
1 the file or store cannot be read. Event kinds: docs/returns.md.\n\nExamples:\n  \
corridor cases event C-2025-000012 step.json\n  \
corridor cases event C-2025-000012 --json '{\"date\":\"2025-06-02\",\"kind\":\"removal_scheduled\",\"operation\":\"OP-0602\",\"by\":\"officer-7\",\"legal_basis\":\"Return Directive Art. 8\",\"rationale\":\"Appeal dismissed on 2025-05-30.\"}'"
    )]
    Event {
        /// The case's id (`corridor cases list` shows them).
        case: String,
        /// The event (JSON).
        #[arg(required_unless_present = "json", conflicts_with = "json")]
        file: Option<PathBuf>,
        /// The event given on the command line instead of a file.
        #[arg(long)]
        json: Option<String>,
    },
    /// Show a stored case: who, where it stands, its deadlines, every event, every transfer.
    #[command(
        after_help = "The case file is the asylum side's: it holds the asylum claim and its \
grounds. It is never shown to analysts or partners. --json prints {\"case\", \"overview\", \
\"transfers\"}.\n\nExamples:\n  corridor cases show C-2025-000012\n  \
corridor cases show C-2025-000012 --as-of 2025-06-01 --json"
    )]
    Show {
        /// The case's id.
        case: String,
        /// Where the case stood at the end of this day (default today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<NaiveDate>,
        #[arg(long)]
        json: bool,
    },
    /// List stored cases by stage, by deadline, by hub (with its occupancy).
    #[command(
        after_help = "Stages: arrived, asylum_claim, refused, appeal, protected, \
return_decision, removal_scheduled, in_hub, removed, closed. Deadlines: detention orders, the \
maximum of detention, judicial review, the appeal window, voluntary departure, the reflection \
period, and the one-in-one-out referral, answer and removal; --deadline-within DAYS keeps cases \
with one due within DAYS (those already passed included). --hub H keeps the cases in H or \
heading for it, and prints H's occupancy and lengths of stay. No names are listed.\n\n\
Examples:\n  corridor cases list\n  corridor cases list --stage appeal\n  \
corridor cases list --deadline-within 7 --as-of 2025-12-01\n  corridor cases list --hub hub-mkd --json"
    )]
    List {
        #[arg(long)]
        stage: Option<String>,
        #[arg(long, value_name = "DAYS")]
        deadline_within: Option<i64>,
        #[arg(long, value_name = "HUB")]
        hub: Option<String>,
        /// The report date (default today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<NaiveDate>,
        #[arg(long)]
        json: bool,
    },
    /// Propose return-hub placements for the stored cases awaiting removal (nothing is placed).
    #[command(
        after_help = "The cases with a return decision in force and no removal executed are \
tried, in id order, in the hub their return decision names first, then the others: a hub with \
a free place (counting every case placed there and its other occupants) whose placement the \
safeguards allow, with --by, --legal-basis and --rationale as the step's record, is proposed. \
Output: the proposals, the cases not placed with the reasons per hub, each hub's occupancy \
before and after (as `cases hubs`). A case officer then records the placement with `cases \
event` (a removal_executed to the hub), which is judged again.\n\nExamples:\n  \
corridor cases propose --as-of 2025-12-31 --by officer-7 --legal-basis 'UK-Kosovo hub arrangement Art. 4' \
--rationale 'Return decision final; voluntary departure declined.'\n  \
corridor cases propose --by officer-7 --legal-basis 'Art. 4' --rationale 'Final.' --json | jq '.proposals'"
    )]
    Propose {
        /// Who would take the placement steps.
        #[arg(long)]
        by: String,
        #[arg(long)]
        legal_basis: String,
        #[arg(long)]
        rationale: String,
        /// The day of the placements (default today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<NaiveDate>,
        #[arg(long)]
        json: bool,
    },
    /// Release the minimum of a case to a state taking part in its return (recorded as a transfer).
    #[command(
        after_help = "A hub's host state, the country of origin or a third country of return \
receives names, date of birth, nationality, the document for the return and the removal's date \
and operation reference (and, for a host state, the hub) — never that the person claimed \
asylum, nor anything of the asylum file. Every release needs --legal-basis and is recorded with \
it (a transfer and an audit entry); the country of origin is not contacted while a removal \
there would breach non-refoulement. The release is printed as JSON (or written to --out). \
Exit 0 released, 2 refused (the reason on standard error), 1 on other errors.\n\nExamples:\n  \
corridor cases release C-2025-000012 --host-state --legal-basis 'UK-Kosovo hub arrangement Art. 4'\n  \
corridor cases release C-2025-000012 --origin --legal-basis 'EU-Iraq readmission arrangement'\n  \
corridor cases release C-2025-000012 --to FRA-PAF --legal-basis 'UK-France agreement 2025 Art. 3' --out release.json"
    )]
    Release {
        /// The case's id.
        case: String,
        /// An agency (in the directory) of the state to receive it.
        #[arg(long, value_name = "AGENCY", conflicts_with_all = ["host_state", "origin"], required_unless_present_any = ["host_state", "origin"])]
        to: Option<String>,
        /// The host state of the hub the case is placed in or scheduled for.
        #[arg(long, conflicts_with = "origin")]
        host_state: bool,
        /// The person's country of origin.
        #[arg(long)]
        origin: bool,
        /// The legal basis of the transfer (recorded with it).
        #[arg(long)]
        legal_basis: String,
        /// The day of the release (default today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        on: Option<NaiveDate>,
        /// Write the release here instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

pub fn run(command: Command, db: &Path) -> anyhow::Result<ExitCode> {
    use crate::casework;
    match command {
        Command::Check { file } => check(&file),
        Command::Ledger { file, as_of } => ledger(&file, as_of),
        Command::Hubs { file, as_of } => hubs(&file, as_of),
        Command::Import { file } => casework::import(db, &file),
        Command::Open { file, json } => casework::open(db, &input(file, json)?),
        Command::Event { case, file, json } => casework::event(db, &case, &input(file, json)?),
        Command::Show { case, as_of, json } => {
            casework::show(db, &case, as_of.unwrap_or_else(today), json)
        }
        Command::List {
            stage,
            deadline_within,
            hub,
            as_of,
            json,
        } => {
            let stage = stage
                .map(|s| corridor_returns::overview::Stage::parse(&s))
                .transpose()
                .map_err(|e| anyhow::anyhow!("--stage: {e}"))?;
            let filter = corridor_returns::caseload::Filter {
                stage,
                deadline_within,
                hub,
            };
            casework::list(db, &filter, as_of.unwrap_or_else(today), json)
        }
        Command::Propose {
            by,
            legal_basis,
            rationale,
            as_of,
            json,
        } => {
            let record = corridor_returns::hubs::StepRecord {
                by: Some(by),
                legal_basis: Some(legal_basis),
                rationale: Some(rationale),
            };
            casework::propose(db, record, as_of.unwrap_or_else(today), json)
        }
        Command::Release {
            case,
            to,
            host_state,
            origin,
            legal_basis,
            on,
            out,
        } => {
            let to = match (to, host_state, origin) {
                (Some(a), _, _) => casework::To::Agency(a),
                (None, true, _) => casework::To::HostState,
                _ => casework::To::Origin,
            };
            let on = on.unwrap_or_else(today);
            casework::release(db, &case, &to, &legal_basis, on, out.as_deref())
        }
    }
}

/// A JSON input given as a file or on the command line, with the name to
/// put in front of its errors.
pub struct Input {
    pub name: String,
    pub text: String,
}

fn input(file: Option<PathBuf>, json: Option<String>) -> anyhow::Result<Input> {
    match (file, json) {
        (_, Some(text)) => Ok(Input {
            name: "--json".into(),
            text,
        }),
        (Some(f), None) => Ok(Input {
            name: f.display().to_string(),
            text: read(&f)?,
        }),
        (None, None) => anyhow::bail!("give a FILE or --json"),
    }
}

pub fn today() -> NaiveDate {
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
