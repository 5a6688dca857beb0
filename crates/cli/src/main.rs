//! `corridor`, the command line of a Corridor node.
//!
//! This crate owns the terminal: arguments, progress bars, what is printed
//! and exit codes. It composes the library crates (`formats` reads files,
//! `store` keeps reports, `model` describes them) and holds no logic of
//! its own beyond presenting their results to a person. It is the only crate
//! that prints. Commands that work on files alone never open a store.

mod demo;
mod export;
mod import;
mod link;
mod mrz;
mod render;
mod resolve;
mod scenario;
mod screen;
mod stats;

use std::path::PathBuf;
use std::process::ExitCode;

/// mimalloc returns freed memory to the system and keeps per-thread heaps
/// small: linkage of a million records peaks far lower than with the
/// system allocator, whose arenas hold on to what the stages freed.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (option 15 of mimalloc 2, which the
/// lock file pins): 0 returns freed pages at once rather than after 10 ms,
/// so that one stage's peak does not stack on the next one's.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

use clap::{Parser, Subcommand};
use corridor_store::{SqliteStore, Store};

#[derive(Parser)]
#[command(
    name = "corridor",
    version,
    about = "Corridor: disrupt smuggling networks, screen documents and manage returns, sharing safely between partner agencies",
    after_help = "Examples:\n  corridor demo                      load the example data set and print a summary\n  corridor init                      create ./corridor.db\n  corridor import reports.jsonl      import reports (all or nothing)\n  corridor stats                     counts by agency, kind and month\n  corridor search 'al hasan'         find mentions by name or identifier\n  corridor show SRB-MUP-2025-000101  show a report, or REPORT#ref for one mention"
)]
struct Cli {
    /// The store to use.
    #[arg(
        long,
        global = true,
        env = "CORRIDOR_DB",
        default_value = "corridor.db"
    )]
    db: PathBuf,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create an empty store (does nothing to an existing one).
    #[command(
        after_help = "Examples:\n  corridor init\n  corridor --db /srv/corridor/node.db init\n  CORRIDOR_DB=node.db corridor init"
    )]
    Init,

    /// Import reports from JSON Lines and CSV files, all or nothing.
    #[command(
        after_help = "Every problem in every file is reported with its file, line and field, \
and if there is any, nothing is stored. Re-importing reports already stored changes nothing. \
File formats: docs/formats.md.\n\nExamples:\n  corridor import examples/demo.jsonl\n  \
corridor import reports.csv persons.csv phones.csv links.csv\n  corridor import srb-2025-03.reports.csv srb-2025-03.persons.csv"
    )]
    Import {
        /// Files to import: .jsonl / .ndjson, or .csv named after their kind.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },

    /// Counts of reports by agency, kind and month, and of what they mention.
    #[command(
        after_help = "The output has no timings and no paths, so two stores with the same \
reports print the same.\n\nExample:\n  corridor stats"
    )]
    Stats,

    /// Show a report, or one mention as REPORT#REF.
    #[command(
        after_help = "Protected people (victims, witnesses, informants, returnees) and the \
phones, documents, accounts and vehicles that identify them are shown withheld unless \
--reveal-protected is given.\n\nExamples:\n  corridor show SRB-MUP-2025-000101\n  corridor show 'SRB-MUP-2025-000101#p1'"
    )]
    Show {
        /// A report id, or REPORT#REF for a mention.
        id: String,
        /// Show protected people's identities.
        #[arg(long)]
        reveal_protected: bool,
    },

    /// Find mentions by name (any script, accents and case ignored) or identifier.
    #[command(
        after_help = "Every word must match the start of a name word. Protected people are \
never in the search index.\n\nExamples:\n  corridor search hasan\n  corridor search 'mohamad al'\n  \
corridor search '+381 64 1234567'\n  corridor search BG4512AX"
    )]
    Search {
        text: String,
        /// At most this many hits.
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },

    /// Write every report as JSON Lines, to stdout or a file.
    #[command(
        after_help = "By default protected people's identities, and objects that identify \
them, are withheld (the mentions stay, marked withheld, so counts are kept). A full backup needs \
--include-protected. The output re-imports into an empty store with identical `corridor stats`.\n\n\
Examples:\n  corridor export > reports.jsonl\n  corridor export --out backup.jsonl --include-protected"
    )]
    Export {
        /// Write here instead of stdout (replaced whole, never left half-written).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Include protected people's identities (a full backup).
        #[arg(long)]
        include_protected: bool,
    },

    /// Generate a medium scenario, import it into the store and print a summary.
    #[command(
        after_help = "Generates the same medium scenario every time (seed 2025) into a \
temporary directory, or --scenario-dir, creates the store if needed and imports the reports \
(idempotent: running it twice changes nothing). Never asks anything.\n\nExamples:\n  \
corridor demo\n  corridor --db demo.db demo --scenario-dir demo-scenario"
    )]
    Demo {
        /// Keep the generated scenario here instead of a temporary directory.
        #[arg(long)]
        scenario_dir: Option<PathBuf>,
    },

    /// Link two CSV files of people, or deduplicate one (no store needed).
    #[command(
        after_help = "Comparisons are inferred from column names (given_name/first_name, \
surname/last_name, date_of_birth/dob, sex, nationality, phone, email, postcode, address, \
suburb/city, street_number, state) and printed; a settings file (--config, docs/linking.md) can \
say what any column holds, add blocking rules and set the threshold. Names may be in any script; \
dates as dd/mm/yyyy, dd.mm.yyyy, yyyy-mm-dd, yyyymmdd or a year. pairs.csv lists the accepted \
matches (left_id,right_id,match_weight,match_probability); clusters.csv every record's cluster.\n\n\
Examples:\n  corridor link --left uk.csv --right srb.csv --id rec_id --out pairs.csv\n  \
corridor link --left people.csv --id rec_id --out pairs.csv --clusters clusters.csv --explain 5\n  \
corridor link --left a.csv --right b.csv --id id --out pairs.csv --config settings.toml"
    )]
    Link {
        #[arg(long)]
        left: PathBuf,
        /// The second file; without it, --left is deduplicated.
        #[arg(long)]
        right: Option<PathBuf>,
        /// The column holding each record's id.
        #[arg(long)]
        id: String,
        /// A settings file: column kinds, blocking rules, threshold (docs/linking.md).
        #[arg(long)]
        config: Option<PathBuf>,
        /// Accept pairs at or above this match probability (default 0.5, or the settings file's).
        #[arg(long)]
        threshold: Option<f64>,
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        clusters: Option<PathBuf>,
        /// Print the waterfall of this many accepted pairs nearest the threshold.
        #[arg(long, default_value_t = 0)]
        explain: usize,
        /// Print the waterfall of this pair of ids (LEFT_ID,RIGHT_ID); repeatable.
        #[arg(long = "explain-pair")]
        explain_pair: Vec<String>,
    },

    /// Check machine-readable zones (MRZ) of travel documents (no store needed).
    #[command(subcommand)]
    Mrz(mrz::Command),

    /// Screen travel documents for fraud indicators: every one in the store, or one given here.
    #[command(
        after_help = "Each finding names its indicator (mrz_invalid, mrz_name_mismatch, \
mrz_birth_date_mismatch, expired, number_other_identity, specimen, national_number_inconsistent, \
stolen_lost…), the evidence and a severity (high: a contradiction nothing innocent explains). \
Names are compared across scripts and transliterations. Documents that identify protected people \
are only counted unless --include-protected is given. With --mrz, --mrz-file or --number, the one \
document given is screened and no store is opened. Exit status 0 whatever is found. Indicators \
and the JSON: docs/screening.md.\n\nExamples:\n  corridor screen\n  \
corridor screen --min-severity high --stolen-lost lists/stolen_lost.csv --json findings.json\n  \
corridor screen --mrz 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<' \\\n    \
--mrz 'L898902C36UTO7408122F1204159ZE184226B<<<<<10' --name 'Anna Maria Eriksson' --birth-date 1974-08-12"
    )]
    Screen(screen::Args),

    /// Resolve the store's person mentions into entities (who is the same man).
    #[command(
        after_help = "Links every person mention in the store with the linkage engine of \
`corridor link` (names in any script, dates, sex, nationality, the phones they use), clusters \
them into entities and saves each entity with the pairs that joined it and why. Replaces the \
previous resolution in one transaction. Protected people (victims, witnesses, informants, \
returnees) are never resolved. Show an entity with `corridor show E-…`.\n\nExamples:\n  \
corridor resolve\n  corridor show E-3F9A12C4D0"
    )]
    Resolve,

    /// Generate a realistic route scenario with its ground truth (no store needed).
    #[command(
        after_help = "Writes one JSON Lines file of reports per agency directly in DIR \
(import them all, in any order), the ground truth in DIR/truth/ (never import it) and the \
stolen and lost document list in DIR/lists/. The same seed and size always give the same \
bytes. Sizes: small (thousands of mentions), medium (tens of thousands), large (over a \
million).\n\nExamples:\n  corridor scenario --seed 7 --size small --out scenario\n  \
corridor scenario --seed 1 --size large --out /data/large && corridor import /data/large/*.jsonl"
    )]
    Scenario {
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// small, medium or large.
        #[arg(long, default_value = "small")]
        size: String,
        /// The directory to write (created if missing).
        #[arg(long)]
        out: PathBuf,
    },
}

fn main() -> ExitCode {
    // SAFETY: sets a process-wide allocator option before any thread
    // starts; mimalloc documents options as settable at any time.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Init => {
            let (store, created) = SqliteStore::create(&cli.db)?;
            let verb = if created {
                "created"
            } else {
                "already exists:"
            };
            println!(
                "{verb} {} (schema version {})",
                cli.db.display(),
                store.schema_version()?
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Import { files } => import::run(&mut SqliteStore::open(&cli.db)?, &files),
        Command::Stats => {
            stats::print(&SqliteStore::open(&cli.db)?.stats()?);
            Ok(ExitCode::SUCCESS)
        }
        Command::Show {
            id,
            reveal_protected,
        } => render::show(&SqliteStore::open(&cli.db)?, &id, reveal_protected),
        Command::Search { text, limit } => {
            render::search(&SqliteStore::open(&cli.db)?, &text, limit)
        }
        Command::Export {
            out,
            include_protected,
        } => export::run(
            &SqliteStore::open(&cli.db)?,
            out.as_deref(),
            include_protected,
        ),
        Command::Demo { scenario_dir } => demo::run(&cli.db, scenario_dir.as_deref()),
        Command::Scenario { seed, size, out } => scenario::run(seed, &size, &out),
        Command::Resolve => resolve::run(&mut SqliteStore::open(&cli.db)?),
        Command::Mrz(command) => mrz::run(command),
        Command::Screen(args) => screen::run(&cli.db, args),
        Command::Link {
            left,
            right,
            id,
            config,
            threshold,
            out,
            clusters,
            explain,
            explain_pair,
        } => link::run(link::Args {
            left: &left,
            right: right.as_deref(),
            id: &id,
            config: config.as_deref(),
            threshold,
            out: &out,
            clusters: clusters.as_deref(),
            explain,
            explain_pairs: &explain_pair,
        }),
    }
}
