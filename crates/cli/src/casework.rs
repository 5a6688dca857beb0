//! The stored returns cases from the command line: `corridor cases import`,
//! `open`, `event`, `show`, `list`, `propose` and `release`. The store judges every
//! step with the safeguards engine as it writes it and audits every write;
//! `share` decides what a state outside receives. This module reads input,
//! names files and lines in errors, and prints. Formats: docs/returns.md.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use chrono::NaiveDate;
use corridor_returns::caseload::{caseload, Caseload, Filter};
use corridor_returns::file::{read_jsonl, validate_event, CaseFile, CaseId, CaseLine, NewCase};
use corridor_returns::overview::overview;
use corridor_returns::{Decision, Event, InputError, Reason};
use corridor_share::{release_case, Recipient};
use corridor_store::{CaseError, SqliteStore, Store, Transfer, Written};
use sha2::{Digest, Sha256};

use crate::cases::Input;

/// Exit status of a step the safeguards refuse.
const REFUSED: u8 = 3;

/// Exit status of input that is not valid (nothing stored).
const INVALID: u8 = 2;

fn invalid(lines: &[String]) -> ExitCode {
    for l in lines {
        eprintln!("error: {l}");
    }
    ExitCode::from(INVALID)
}

/// The words of a refusal: each rule and its text.
fn refusal(reasons: &[Reason]) -> String {
    reasons
        .iter()
        .map(|r| format!("{}: {}", r.rule, r.text))
        .collect::<Vec<_>>()
        .join(" | ")
}

/// A case error on line `line` of `file`, in the words of the file.
fn located(file: &str, line: usize, case: &NewCase, e: &CaseError) -> String {
    match e {
        CaseError::Refused {
            event: Some(i),
            reasons,
            ..
        } => {
            let ev = &case.events[*i];
            format!(
                "{file}:{line}: events[{i}] ({} on {}): refused by the safeguards: {}",
                ev.kind.name(),
                ev.date,
                refusal(reasons)
            )
        }
        CaseError::Invalid { error, .. } => format!("{file}:{line}: {error}"),
        other => format!("{file}:{line}: {other}"),
    }
}

/// `corridor cases import FILE`: hubs and cases, all or nothing.
pub fn import(db: &Path, path: &Path) -> anyhow::Result<ExitCode> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {name}"))?;
    let (lines, problems) = read_jsonl(&text);
    if !problems.is_empty() {
        let shown: Vec<String> = problems.iter().map(|p| format!("{name}:{p}")).collect();
        eprintln!("{name}: {} problem(s); nothing was stored", shown.len());
        return Ok(invalid(&shown));
    }
    let mut store = crate::node::open(db)?;
    match import_lines(&mut store, &name, &lines)? {
        Ok(summary) => {
            println!("{summary}");
            Ok(ExitCode::SUCCESS)
        }
        Err(shown) => {
            eprintln!("{name}: {} problem(s); nothing was stored", shown.len());
            Ok(invalid(&shown))
        }
    }
}

/// What an import did, in one line.
pub struct ImportSummary {
    pub file: String,
    pub hubs: (usize, usize),
    pub cases: (usize, usize),
    pub events: usize,
}

impl std::fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "imported {}: {} hubs ({} added or changed), {} cases ({} added, {} already stored), {} events written",
            self.file,
            self.hubs.0 + self.hubs.1,
            self.hubs.0,
            self.cases.0 + self.cases.1,
            self.cases.0,
            self.cases.1,
            self.events
        )
    }
}

/// Writes the lines of a cases file in one transaction: committed only if
/// every line is accepted; otherwise every problem, located.
pub fn import_lines(
    store: &mut SqliteStore,
    name: &str,
    lines: &[(usize, CaseLine)],
) -> anyhow::Result<Result<ImportSummary, Vec<String>>> {
    let actor = crate::node::local_actor(store)?;
    let mut session = store.cases_session()?;
    let mut shown = Vec::new();
    let mut summary = ImportSummary {
        file: name.to_owned(),
        hubs: (0, 0),
        cases: (0, 0),
        events: 0,
    };
    for (line, record) in lines {
        match record {
            CaseLine::Hub(hub) => match session.put_hub(hub, &actor) {
                Ok(Written::Unchanged) => summary.hubs.1 += 1,
                Ok(_) => summary.hubs.0 += 1,
                Err(CaseError::Store(e)) => return Err(e.into()),
                Err(e) => shown.push(format!("{name}:{line}: {e}")),
            },
            CaseLine::Case(case) => match session.open_case(case, &actor) {
                Ok(Written::Unchanged) => summary.cases.1 += 1,
                Ok(_) => {
                    summary.cases.0 += 1;
                    summary.events += case.events.len();
                }
                Err(CaseError::Store(e)) => return Err(e.into()),
                Err(e) => shown.push(located(name, *line, case, &e)),
            },
        }
    }
    if !shown.is_empty() {
        return Ok(Err(shown));
    }
    session.commit()?;
    Ok(Ok(summary))
}

/// `corridor cases open`: one case.
pub fn open(db: &Path, input: &Input) -> anyhow::Result<ExitCode> {
    let case = match NewCase::from_json(&input.text) {
        Ok(c) => c,
        Err(e) => return Ok(invalid(&[format!("{}: {e}", input.name)])),
    };
    let mut store = crate::node::open(db)?;
    let actor = crate::node::local_actor(&store)?;
    let mut session = store.cases_session()?;
    match session.open_case(&case, &actor) {
        Ok(written) => {
            session.commit()?;
            let what = if written == Written::Unchanged {
                "already stored, unchanged:"
            } else {
                "opened"
            };
            println!("{what} case {} with {} events", case.id, case.events.len());
            Ok(ExitCode::SUCCESS)
        }
        Err(CaseError::Store(e)) => Err(e.into()),
        Err(e) => Ok(invalid(&[located(&input.name, 1, &case, &e)])),
    }
}

/// `corridor cases event CASE`: one step, judged as it is written.
pub fn event(db: &Path, case: &str, input: &Input) -> anyhow::Result<ExitCode> {
    let id = CaseId::new(case).map_err(|e| anyhow::anyhow!("CASE: {e}"))?;
    let event: Event = match corridor_returns::file::event_from_json(&input.text) {
        Ok(e) => e,
        Err(e) => return Ok(invalid(&[format!("{}: {e}", input.name)])),
    };
    let mut store = crate::node::open(db)?;
    let home = crate::node::home(&store)?.to_string();
    let Some(file) = store.case(&home, id.as_str())? else {
        anyhow::bail!("no case {id}; `corridor cases list` shows the stored cases");
    };
    if let Err(e) = validate_event(&file.person, &event, "event") {
        return Ok(invalid(&[format!("{}: {}", input.name, strip_event(&e))]));
    }
    let actor = crate::node::local_actor(&store)?;
    let mut session = store.cases_session()?;
    match session.record_event(&id, &event, &actor) {
        Ok(recorded) => {
            session.commit()?;
            println!(
                "recorded event {} of case {id}: {} on {}",
                recorded.seq,
                event.kind.name(),
                event.date
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(CaseError::Refused { reasons, .. }) => {
            drop(session);
            let decision = Decision {
                allowed: false,
                reasons: reasons.clone(),
            };
            println!("{}", serde_json::to_string(&decision)?);
            eprintln!(
                "error: case {id}: {} on {} refused by the safeguards; nothing was recorded: {}",
                event.kind.name(),
                event.date,
                refusal(&reasons)
            );
            crate::node::local_audit(&mut store, "case_event", &format!("case {id}"), "refused")?;
            Ok(ExitCode::from(REFUSED))
        }
        Err(CaseError::Store(e)) => Err(e.into()),
        Err(e) => Ok(invalid(&[format!("{}: {e}", input.name)])),
    }
}

/// `event.rationale` reads better as `rationale` for a file holding one event.
fn strip_event(e: &InputError) -> String {
    e.to_string().replacen("event.", "", 1)
}

/// One of the node's own agency's cases.
fn stored(store: &SqliteStore, case: &str) -> anyhow::Result<CaseFile> {
    store
        .case(&crate::node::home(store)?.to_string(), case)?
        .with_context(|| format!("no case {case}; `corridor cases list` shows the stored cases"))
}

/// `corridor cases show CASE`.
pub fn show(db: &Path, case: &str, as_of: NaiveDate, json: bool) -> anyhow::Result<ExitCode> {
    let store = crate::node::open(db)?;
    let file = stored(&store, case)?;
    let o = overview(&file.history(Vec::new()), file.one_in_one_out, as_of);
    let transfers = store.transfers(&file.agency, case)?;
    if json {
        let transfers: Vec<serde_json::Value> = transfers
            .iter()
            .map(|t| {
                serde_json::json!({"id": t.id, "at": t.at, "by": t.by_user,
                    "recipient_role": t.transfer.recipient_role, "recipient_state": t.transfer.recipient_state,
                    "recipient_agency": t.transfer.recipient_agency, "legal_basis": t.transfer.legal_basis,
                    "fields": t.transfer.fields, "body_sha256": t.transfer.body_sha256})
            })
            .collect();
        let out = serde_json::json!({"case": file, "overview": o, "transfers": transfers});
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(ExitCode::SUCCESS);
    }
    print!(
        "{}",
        crate::casework_render::case(&file, &o, &transfers, as_of)
    );
    Ok(ExitCode::SUCCESS)
}

/// The caseload of the store on `as_of`.
pub fn load(store: &SqliteStore, filter: &Filter, as_of: NaiveDate) -> anyhow::Result<Caseload> {
    let cases = store.cases()?;
    let hubs = store.hubs()?;
    if let Some(h) = &filter.hub {
        if !hubs.iter().any(|x| &x.id == h) {
            anyhow::bail!(
                "no hub {h:?} in the store; hubs are imported with `corridor cases import`"
            );
        }
    }
    caseload(&cases, &cases, &hubs, filter, as_of).map_err(|e| anyhow::anyhow!("{e}"))
}

/// `corridor cases list`.
pub fn list(db: &Path, filter: &Filter, as_of: NaiveDate, json: bool) -> anyhow::Result<ExitCode> {
    let store = crate::node::open(db)?;
    let load = load(&store, filter, as_of)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&load)?);
    } else {
        print!("{}", crate::casework_render::list(&load, filter));
    }
    Ok(ExitCode::SUCCESS)
}

/// `corridor cases propose`: placements the hubs could take, none made.
pub fn propose(
    db: &Path,
    record: corridor_returns::hubs::StepRecord,
    as_of: NaiveDate,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let store = crate::node::open(db)?;
    let cases = store.cases()?;
    let hubs = store.hubs()?;
    let report = corridor_returns::caseload::proposals(&cases, &cases, &hubs, record, as_of)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", crate::casework_render::proposals(&report));
    }
    Ok(ExitCode::SUCCESS)
}

/// Who `corridor cases release` releases to.
pub enum To {
    Agency(String),
    HostState,
    Origin,
}

/// `corridor cases release`: the minimal release, recorded as a transfer
/// with its legal basis and audited, in one transaction.
pub fn release(
    db: &Path,
    case: &str,
    to: &To,
    legal_basis: &str,
    on: NaiveDate,
    out: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    let mut store = crate::node::open(db)?;
    let file = stored(&store, case)?;
    let recipient = match to {
        To::HostState => Recipient::HostState,
        To::Origin => Recipient::CountryOfOrigin,
        To::Agency(code) => agency_recipient(&store, code)?,
    };
    let hubs = store.hubs()?;
    let release = match release_case(&file, &hubs, &recipient, legal_basis, on) {
        Ok(r) => r,
        Err(why) => {
            eprintln!("error: case {case}: release refused: {why}");
            crate::node::local_audit(
                &mut store,
                "case_release",
                &format!("case {case}"),
                "refused",
            )?;
            return Ok(ExitCode::from(INVALID));
        }
    };
    let body = serde_json::to_value(&release)?;
    let transfer = Transfer {
        case: file.id.clone(),
        recipient_role: release.recipient.role.as_str().to_owned(),
        recipient_state: release.recipient.state.to_string(),
        recipient_agency: release.recipient.agency.clone(),
        legal_basis: legal_basis.trim().to_owned(),
        fields: release.fields().iter().map(|f| (*f).to_owned()).collect(),
        body_sha256: hex::encode(Sha256::digest(body.to_string().as_bytes())),
    };
    let actor = crate::node::local_actor(&store)?;
    let mut session = store.cases_session()?;
    let id = match session.record_transfer(&transfer, &actor) {
        Ok(id) => id,
        Err(CaseError::Store(e)) => return Err(e.into()),
        Err(e) => anyhow::bail!("{e}"),
    };
    session.commit()?;
    let mut shown = serde_json::json!({"transfer": id});
    if let (Some(m), serde_json::Value::Object(b)) = (shown.as_object_mut(), body) {
        m.extend(b);
    }
    let text = serde_json::to_string_pretty(&shown)? + "\n";
    match out {
        Some(path) => {
            crate::output::write_bytes(path, text.as_bytes())?;
            eprintln!(
                "transfer {id}: case {case} released to the {} {} ({} fields), written to {}",
                transfer.recipient_role.replace('_', " "),
                transfer.recipient_state,
                transfer.fields.len(),
                path.display()
            );
        }
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}

/// An agency of the directory as a recipient: its state is what matters.
fn agency_recipient(store: &SqliteStore, code: &str) -> anyhow::Result<Recipient> {
    let parsed =
        corridor_model::AgencyCode::parse(code).map_err(|e| anyhow::anyhow!("--to: {e}"))?;
    let entry = store
        .agencies()?
        .into_iter()
        .find(|a| a.code == parsed.as_str())
        .with_context(|| {
            format!("--to: agency {code} is not in the directory (`corridor agency list`)")
        })?;
    let state = entry
        .country
        .as_deref()
        .and_then(|c| corridor_returns::Country::new(c).ok())
        .with_context(|| {
            format!("--to: {code} is not a state's agency; a case is released only to a state taking part in the return")
        })?;
    Ok(Recipient::Agency {
        code: parsed,
        state,
    })
}
