//! `corridor`, the command line of a Corridor node.
//!
//! This crate owns the terminal: arguments, progress bars, what is printed
//! and exit codes. It composes the library crates (`formats` reads files,
//! `store` keeps reports, `model` describes them) and holds no logic of
//! its own beyond presenting their results to a person. It is the only crate
//! that prints. Commands that work on files alone never open a store.

mod cases;
mod casework;
mod casework_render;
mod clustering;
mod demo;
mod export;
mod import;
mod link;
mod mrz;
mod network;
mod node;
mod output;
mod pprl;
mod render;
mod resolve;
mod review;
mod scenario;
mod screen;
mod serve;
mod stats;
mod store_network;

use std::path::PathBuf;
use std::process::ExitCode;

/// mimalloc returns freed memory to the system and keeps per-thread heaps
/// small: linkage of a million records peaks far lower than with the
/// system allocator, whose arenas hold on to what the stages freed. Built
/// without transparent huge pages (`no_thp`): a fault then zeroes 4 KiB,
/// not 2 MiB, and on the 2-core machine the benchmarks run on that took a
/// full resolution of the large scenario from 60 s to 44 s (17 s of it
/// the kernel zeroing pages). Its default purge delay (10 ms) also beat
/// returning freed pages at once (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{Parser, Subcommand};
use corridor_store::Store;

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
    /// Create an empty store and the node's key (does nothing to an existing one).
    #[command(
        after_help = "The node runs for one agency (default GBR-BSC): its users see every report \
the node holds; other agencies see what the policy releases to them. The node key is written \
beside the store (STORE.key, readable by its owner only) and never into it: back it up.\n\n\
Examples:\n  corridor init\n  corridor --db /srv/corridor/node.db init --agency SRB-MUP\n  CORRIDOR_DB=node.db corridor init"
    )]
    Init {
        /// The agency this node runs for (set once).
        #[arg(long)]
        agency: Option<String>,
    },

    /// The agency directory: list it, or add a partner.
    #[command(subcommand)]
    Agency(AgencyCommand),

    /// The node's users: list them, or add one with a role.
    #[command(subcommand)]
    User(UserCommand),

    /// API tokens: create (shown once), list, revoke.
    #[command(subcommand)]
    Token(TokenCommand),

    /// The audit log: verify its hash chain, or list entries.
    #[command(subcommand)]
    Audit(AuditCommand),

    /// Returns cases: the stored cases (import, open, event, show, list, propose, release) and the what-ifs (check, ledger, hubs: no store needed).
    #[command(subcommand)]
    Cases(cases::Command),

    /// Serve the HTTP/JSON API (/v1) on loopback by default.
    #[command(
        after_help = "Every path but /v1/health and /v1/openapi.json needs `Authorization: Bearer \
TOKEN` (from `corridor token create`); an optional X-Purpose header is recorded in the audit. \
Logs go to stderr, one line a request, with no tokens and no personal data. Stop with Ctrl-C or \
SIGTERM: requests in flight finish first.\n\nExamples:\n  corridor serve\n  corridor serve --listen 127.0.0.1:8443"
    )]
    Serve(serve::ServeArgs),

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
        #[arg(long, conflicts_with = "for_agency")]
        include_protected: bool,
        /// Only what this partner agency may see, as it may see it (protected people pseudonymised).
        #[arg(long = "for", value_name = "AGENCY")]
        for_agency: Option<String>,
        /// jsonl: Corridor's report format (re-imports); ftm: FollowTheMoney entities; ftm-csv: FollowTheMoney statements.
        #[arg(long, value_enum, default_value = "jsonl")]
        format: export::Format,
    },

    /// Generate a medium scenario, import and resolve it, print a summary and its brokers (--serve: then the API).
    #[command(
        after_help = "Generates the same medium scenario every time (seed 2025) into a \
temporary directory, or --scenario-dir, creates the store if needed and imports the reports, \
and its returns cases on the asylum side (`corridor cases`; never as reports), printing the \
cases by stage and the deadlines due on the scenario's last day (idempotent: running it twice \
changes nothing). Never asks anything.\n\nExamples:\n  \
corridor demo\n  corridor --db demo.db demo --scenario-dir demo-scenario"
    )]
    Demo {
        /// Keep the generated scenario here instead of a temporary directory.
        #[arg(long)]
        scenario_dir: Option<PathBuf>,
        /// Then serve the API on 127.0.0.1:8080 with a demo analyst's token (until Ctrl-C).
        #[arg(long)]
        serve: bool,
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

    /// Encode people as keyed Bloom filters for privacy-preserving linkage with one partner.
    #[command(
        after_help = "Writes a .clk file: each record's id and a keyed Bloom-filter encoding \
of its names (in any script, through their Latin form and matching key), date of birth, sex, \
nationality and whatever else the columns hold (inferred from their names as for `corridor \
link`, or set in a settings file's [columns]). No name, no date and no key is in the file. Both \
partners encode with the same key file (at least 16 random bytes, exchanged securely) and the \
same schema; --as and --for name the pair so that its key is the pair's own. With \
--from-store, the store's person mentions releasable to the partner are encoded; protected \
people (victims, witnesses, informants, returnees) never are. docs/pprl.md.\n\nExamples:\n  \
corridor encode --key-file pair.key --in uk.csv --id rec_id --out uk.clk\n  \
corridor encode --key-file pair.key --in uk.csv --id rec_id --as GBR-BSC --for SRB-MUP --out uk.clk\n  \
corridor encode --key-file pair.key --from-store --as GBR-BSC --for SRB-MUP --out for-srb.clk"
    )]
    Encode(pprl::EncodeArgs),

    /// Link two .clk files into one-to-one matches (no key and no store needed).
    #[command(
        after_help = "Compares every pair that can reach the threshold by the Dice \
similarity of their encodings and accepts one-to-one matches greedily, most similar first. \
pairs.csv lists left_id,right_id,similarity (left ids from the first file). Files encoded with \
different schemas or for different pairs are refused.\n\nExamples:\n  \
corridor link-encoded uk.clk srb.clk --out pairs.csv\n  \
corridor link-encoded uk.clk srb.clk --out pairs.csv --threshold 0.8"
    )]
    LinkEncoded(pprl::LinkEncodedArgs),

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

    /// Network analysis of an edge list: communities, brokers, disruption, route structure.
    #[command(
        after_help = "Works on --edges FILE.csv (source,target[,weight]) with optional \
--nodes FILE.csv (id,role,stage); no store needed. Contract and definitions: docs/network.md.\n\n\
Examples:\n  corridor network communities --edges calls.csv --format csv\n  \
corridor network brokers --edges calls.csv --top 10\n  \
corridor network disrupt --edges calls.csv --strategy betweenness --steps 5 --no-recovery --format json"
    )]
    Network(network::NetworkArgs),

    /// Resolve the store's mentions into entities (who is the same man, which phone is which).
    #[command(
        after_help = "Persons are linked with the engine of `corridor link` (names in any \
script, dates, sex, nationality, the phones and documents they hold) and clustered into \
entities, each saved with the pairs that joined it; phones, documents, vehicles, accounts and \
organisations are one entity per normalised identifier. The first run trains the model; later \
runs are incremental: only the mentions imported since are compared, with the kept model, and \
the result equals a relink of everything with that model (--relink). --retrain trains anew on \
everything. Reviewers' decisions (`corridor review`, `split`, `undo`) are applied in every run. \
Protected people (victims, witnesses, informants, returnees) are never resolved.\n\nExamples:\n  \
corridor resolve\n  corridor resolve --retrain\n  corridor show E-3F9A12C4D0"
    )]
    Resolve {
        /// Train the model anew and link every mention.
        #[arg(long, conflicts_with = "relink")]
        retrain: bool,
        /// Link every mention again with the kept model.
        #[arg(long)]
        relink: bool,
    },

    /// Every resolved mention and its entity, as CSV (mention,kind,entity).
    #[command(
        after_help = "For scripts and evaluation: one row per resolved mention, persons first. \
Protected people are never resolved, so never listed.\n\nExamples:\n  corridor entities > entities.csv\n  \
corridor entities --out entities.csv"
    )]
    Entities {
        /// Write here instead of stdout.
        #[arg(long)]
        out: Option<PathBuf>,
    },

    /// The review queue: pairs the model is unsure of, for a person to decide.
    #[command(
        after_help = "Pairs with a match probability between 0.1 and 0.9 wait here, closest \
to even odds first. A decision (same, different, skip) is recorded with who made it and when, \
applies at once to the pair and its entities, and is kept through every later run. --blind \
hides the model's score so that it does not anchor the reviewer.\n\nExamples:\n  \
corridor review\n  corridor review --blind --limit 10\n  \
corridor review show 'SRB-MUP-2025-000101#p1' 'MKD-MVR-2025-000033#p2' --blind\n  \
corridor review decide 'SRB-MUP-2025-000101#p1' 'MKD-MVR-2025-000033#p2' same --by a.petrovic\n  \
corridor review history"
    )]
    Review {
        #[command(subcommand)]
        command: Option<ReviewCommand>,
        /// At most this many pairs listed.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Do not show the model's scores.
        #[arg(long)]
        blind: bool,
    },

    /// Split mentions off a person entity that wrongly joined them.
    #[command(
        after_help = "The named mentions become an entity of their own and are kept apart \
from the rest in every later run, until the split is undone (`corridor undo ID`).\n\n\
Example:\n  corridor split E-3F9A12C4D0 'HRV-MUP-2025-000412#p2' --by j.horvat --note 'different father'"
    )]
    Split {
        entity: String,
        /// The mentions (REPORT#ref) to detach.
        #[arg(required = true)]
        mentions: Vec<String>,
        /// Who decides (default: CORRIDOR_USER, else the login name).
        #[arg(long)]
        by: Option<String>,
        #[arg(long)]
        note: Option<String>,
    },

    /// Withdraw a review decision (a split, a same, a different, or an undo).
    #[command(
        after_help = "The decision stays in the history, marked undone; entities return to \
what they would be without it.\n\nExample:\n  corridor undo 17 --by j.horvat"
    )]
    Undo {
        decision: i64,
        #[arg(long)]
        by: Option<String>,
        #[arg(long)]
        note: Option<String>,
    },

    /// Generate a realistic route scenario with its ground truth (no store needed).
    #[command(
        after_help = "Writes one JSON Lines file of reports per agency directly in DIR \
(import them all, in any order), the ground truth in DIR/truth/ (never import it), the \
stolen and lost document list in DIR/lists/ and the returns cases of the people it lands at \
Dover in DIR/cases/ (import with `corridor cases import`, never as reports). The same seed and size always give the same \
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

#[derive(Subcommand)]
enum ReviewCommand {
    /// Both mentions side by side, as written and as compared.
    Show {
        a: String,
        b: String,
        /// Do not show the model's score.
        #[arg(long)]
        blind: bool,
    },
    /// Record a decision: same, different or skip.
    Decide {
        a: String,
        b: String,
        /// same, different or skip.
        decision: String,
        /// Who decides (default: CORRIDOR_USER, else the login name).
        #[arg(long)]
        by: Option<String>,
        #[arg(long)]
        note: Option<String>,
    },
    /// Every decision, or those touching one entity, oldest first.
    History { entity: Option<String> },
    /// Work through the queue: each pair shown, then s(ame), d(ifferent), k (skip) or q(uit) read from standard input.
    Next {
        /// Do not show the model's score.
        #[arg(long)]
        blind: bool,
        /// Who decides (default: CORRIDOR_USER, else the login name).
        #[arg(long)]
        by: Option<String>,
    },
}

#[derive(Subcommand)]
enum AgencyCommand {
    /// Every agency the node knows.
    List,
    /// Add a partner agency (built-in partners are always there).
    Add {
        /// COUNTRY-ABBREV (e.g. HUN-ORFK) or one word for a supranational body.
        code: String,
        #[arg(long)]
        name: String,
        /// ISO 3166-1 alpha-3 of its state.
        #[arg(long)]
        country: Option<String>,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    List,
    /// Add a user of an agency with a role: analyst, border_officer, case_officer, liaison, auditor.
    Add {
        name: String,
        #[arg(long)]
        agency: String,
        #[arg(long)]
        role: String,
    },
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Create a token for a user; the token is the last line on stdout, shown once.
    Create {
        #[arg(long)]
        user: String,
        /// Days until it expires (1-366).
        #[arg(long, default_value_t = node::DEFAULT_TOKEN_DAYS)]
        days: u32,
    },
    /// Every token: id, user, expiry or revocation (never the token).
    List,
    /// Revoke a token by its id, or every token of a user by the user's name.
    Revoke { id_or_user: String },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Check the hash chain: exit 0 if intact, 1 naming the first bad entry.
    Verify,
    /// Entries after a sequence number, tab-separated.
    List {
        #[arg(long, default_value_t = 0)]
        after: i64,
        #[arg(long, default_value_t = 100)]
        limit: usize,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// The audit log's name for a local command that touches the store's data,
/// and what it touched; `None` for commands that read no records.
fn audited(command: &Command) -> Option<(&'static str, String)> {
    let list = |files: &[PathBuf]| {
        files
            .iter()
            .map(|f| f.display().to_string())
            .collect::<Vec<_>>()
            .join(" ")
    };
    Some(match command {
        Command::Import { files } => ("import", list(files)),
        Command::Show {
            id,
            reveal_protected,
        } => (
            if *reveal_protected {
                "show_revealing_protected"
            } else {
                "show"
            },
            id.clone(),
        ),
        Command::Search { text, .. } => ("search", text.clone()),
        Command::Export {
            for_agency,
            include_protected,
            ..
        } => match for_agency {
            Some(a) => ("export_for_partner", a.clone()),
            None if *include_protected => ("export_full_backup", String::new()),
            None => ("export", String::new()),
        },
        Command::Resolve { .. } => ("resolve", String::new()),
        Command::Entities { .. } => ("entities", String::new()),
        Command::Review { command, .. } => match command {
            Some(ReviewCommand::Decide { a, b, decision, .. }) => {
                ("review_decide", format!("{a} {b} {decision}"))
            }
            Some(ReviewCommand::Show { a, b, .. }) => ("review_show", format!("{a} {b}")),
            Some(ReviewCommand::Next { .. }) => ("review_next", String::new()),
            _ => ("review", String::new()),
        },
        Command::Split { entity, .. } => ("split", entity.clone()),
        // Reads of the asylum side's files; its writes are audited by the
        // store, in their own transactions.
        Command::Cases(cases::Command::Show { case, .. }) => ("case_show", case.clone()),
        Command::Cases(cases::Command::List { .. }) => ("case_list", String::new()),
        Command::Undo { decision, .. } => ("undo", decision.to_string()),
        _ => return None,
    })
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let audit = audited(&cli.command);
    let db = cli.db.clone();
    let outcome = dispatch(cli);
    if let Some((action, target)) = audit {
        let result = match &outcome {
            Ok(code) if *code == ExitCode::SUCCESS => "ok",
            Ok(_) => "failed",
            Err(_) => "error",
        };
        // A command that could not open the store touched nothing.
        if let Ok(mut store) = node::open(&db) {
            node::local_audit(&mut store, action, &target, result)?;
        }
    }
    outcome
}

fn dispatch(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Init { agency } => node::init(&cli.db, agency.as_deref()),
        Command::Agency(c) => match c {
            AgencyCommand::List => node::agency_list(&node::open(&cli.db)?),
            AgencyCommand::Add {
                code,
                name,
                country,
            } => node::agency_add(&mut node::open(&cli.db)?, &code, &name, country.as_deref()),
        },
        Command::User(c) => match c {
            UserCommand::List => node::user_list(&node::open(&cli.db)?),
            UserCommand::Add { name, agency, role } => {
                node::user_add(&mut node::open(&cli.db)?, &name, &agency, &role)
            }
        },
        Command::Token(c) => match c {
            TokenCommand::Create { user, days } => {
                node::token_create(&mut node::open(&cli.db)?, &user, days)
            }
            TokenCommand::List => node::token_list(&node::open(&cli.db)?),
            TokenCommand::Revoke { id_or_user } => {
                node::token_revoke(&mut node::open(&cli.db)?, &id_or_user)
            }
        },
        Command::Audit(c) => match c {
            AuditCommand::Verify => node::audit_verify(&node::open(&cli.db)?),
            AuditCommand::List { after, limit } => {
                node::audit_list(&node::open(&cli.db)?, after, limit)
            }
        },
        Command::Serve(args) => serve::run(&cli.db, args),
        Command::Cases(command) => cases::run(command, &cli.db),
        Command::Import { files } => import::run(&mut node::open(&cli.db)?, &files),
        Command::Stats => {
            stats::print(&node::open(&cli.db)?.stats()?);
            Ok(ExitCode::SUCCESS)
        }
        Command::Show {
            id,
            reveal_protected,
        } => render::show(&node::open(&cli.db)?, &id, reveal_protected),
        Command::Search { text, limit } => render::search(&node::open(&cli.db)?, &text, limit),
        Command::Export {
            out,
            include_protected,
            for_agency,
            format,
        } => {
            let store = node::open(&cli.db)?;
            let what = match for_agency {
                Some(code) => export::What::For(
                    node::policy(&store, &cli.db)?,
                    corridor_model::AgencyCode::parse(&code)
                        .map_err(|e| anyhow::anyhow!("--for: {e}"))?,
                ),
                None => export::What::All { include_protected },
            };
            export::run(&store, out.as_deref(), what, format)
        }
        Command::Demo {
            scenario_dir,
            serve,
        } => demo::run(&cli.db, scenario_dir.as_deref(), serve),
        Command::Scenario { seed, size, out } => scenario::run(seed, &size, &out),
        Command::Resolve { retrain, relink } => {
            let how = match (retrain, relink) {
                (true, _) => resolve::How::Retrain,
                (_, true) => resolve::How::Relink,
                _ => resolve::How::Default,
            };
            resolve::run(&mut node::open(&cli.db)?, how)
        }
        Command::Entities { out } => resolve::list(&node::open(&cli.db)?, out.as_deref()),
        Command::Review {
            command,
            limit,
            blind,
        } => {
            let mut store = node::open(&cli.db)?;
            match command {
                None => review::list(&store, limit, blind),
                Some(ReviewCommand::Show { a, b, blind: b2 }) => {
                    review::show(&store, &a, &b, blind || b2)
                }
                Some(ReviewCommand::Decide {
                    a,
                    b,
                    decision,
                    by,
                    note,
                }) => review::decide(&mut store, &a, &b, &decision, review::reviewer(by)?, note),
                Some(ReviewCommand::History { entity }) => {
                    review::history(&store, entity.as_deref())
                }
                Some(ReviewCommand::Next { blind: b2, by }) => review::next(
                    &mut store,
                    blind || b2,
                    review::reviewer(by)?,
                    &mut std::io::stdin().lock(),
                ),
            }
        }
        Command::Split {
            entity,
            mentions,
            by,
            note,
        } => review::split(
            &mut node::open(&cli.db)?,
            &entity,
            &mentions,
            review::reviewer(by)?,
            note,
        ),
        Command::Undo { decision, by, note } => review::undo(
            &mut node::open(&cli.db)?,
            decision,
            review::reviewer(by)?,
            note,
        ),
        Command::Mrz(command) => mrz::run(command),
        Command::Encode(args) => pprl::encode(&cli.db, args),
        Command::LinkEncoded(args) => pprl::link_encoded(args),
        Command::Screen(args) => screen::run(&cli.db, args),
        Command::Network(args) => network::run(args, &cli.db),
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
