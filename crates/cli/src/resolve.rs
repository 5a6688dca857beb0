//! `corridor resolve`: the store's mentions resolved into entities.
//!
//! Persons by the linkage engine, saved with the pairs that joined them;
//! phones, documents, vehicles, accounts and organisations by their
//! normalised identifier. Three kinds of run:
//!
//! - **full** (the first run, or `--retrain`): every person mention read,
//!   the model trained, every candidate pair scored;
//! - **incremental** (the default once a model is kept): the mentions of
//!   reports imported since are scored against everyone with the kept model,
//!   only the pairs that touch them compared; the pairs kept from before are
//!   reused;
//! - **relink** (`--relink`): every pair scored again with the kept model —
//!   what an incremental run must equal, and the test of it.
//!
//! Every run ends by clustering the kept pairs under the reviewers'
//! decisions (same, different, splits; undone ones left out), so that a
//! decision survives every later run. Protected people (victims,
//! witnesses, informants, returnees) are never resolved: they are in no
//! index, and neither are the objects that identify only them.

use std::collections::{HashMap, HashSet};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use corridor_docs::screen::specimen_number;
use corridor_model::{Entity, LinkKind, Report, Role, Subject};
use corridor_resolve::{relink, Dataset, FieldKind, Mode, Model, Settings};
use corridor_store::{
    Action, Decision, ObjectMention, PersonMention, ResolutionUpdate, RunKind, Store, StoredPair,
    PERSON_VALUES,
};
use indicatif::{ProgressBar, ProgressStyle};
use sha2::{Digest, Sha256};

use crate::clustering;

/// The decision threshold: the linkage engine's Bayes decision point.
pub const THRESHOLD: f64 = corridor_resolve::DEFAULT_THRESHOLD;

/// Scored pairs below this probability are not kept: they neither join
/// entities nor need review.
const KEEP: f64 = 0.05;

/// The kinds of the person values, in `PERSON_VALUES` order.
pub const KINDS: [FieldKind; 9] = [
    FieldKind::GivenName,
    FieldKind::Surname,
    FieldKind::BirthDate,
    FieldKind::Sex,
    FieldKind::Nationality,
    FieldKind::Phone,
    FieldKind::Identifier,
    FieldKind::Role,
    FieldKind::Plate,
];

fn settings() -> Settings {
    Settings {
        frequencies_within_nationality: true,
        keep: KEEP,
        ..Settings::default()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// Incremental when a model is kept, full otherwise.
    Default,
    Retrain,
    Relink,
}

pub fn run(store: &mut dyn Store, how: How) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let bar = Stages::new(started);
    let header = store.resolution_header()?;
    let kind = match (&header, how) {
        (None, _) | (_, How::Retrain) => RunKind::Full,
        (Some(_), How::Relink) => RunKind::Relink,
        (Some(_), How::Default) => RunKind::Incremental,
    };
    let last_import_run = store.last_import_run()?;
    bar.stage("reading mentions");
    // Known mentions keep their positions; new ones follow in report order.
    let kept = header.as_ref().filter(|_| kind != RunKind::Full);
    let packed = match kept {
        Some(_) => kept_values(store)?,
        None => Vec::new(),
    };
    let after = match (kept, kind) {
        (Some(h), RunKind::Incremental) => h.last_import_run,
        _ => 0,
    };
    let mut objects = Vec::new();
    let mut withheld = 0u64;
    let mut fresh: Vec<(String, Vec<Option<String>>)> = Vec::new();
    // The kept mentions are unpacked on one core while the new reports are
    // read and the model parsed on the other.
    let (data, model) = std::thread::scope(|scope| -> anyhow::Result<(Dataset, Option<Model>)> {
        let unpacking = scope.spawn(|| unpack_kept(&packed, kept));
        store.for_each_report_after(after, &mut |report| {
            withheld += persons(&report, &mut fresh);
            objects.extend(object_mentions(&report));
            Ok(())
        })?;
        let model: Option<Model> = match kept {
            Some(h) => Some(serde_json::from_str(&h.model).context(
                "the kept resolution model does not read; run `corridor resolve --retrain`",
            )?),
            None => None,
        };
        let data = unpacking
            .join()
            .map_err(|_| anyhow::anyhow!("unpacking the kept mentions failed"))??;
        Ok((data, model))
    })?;
    drop(packed);
    let mut data = data;
    let known = data.len();
    if kind == RunKind::Relink {
        fresh = unknown_mentions(&data, fresh)?;
    }
    for (mention, values) in &fresh {
        push_person(&mut data, mention, values);
    }
    data.shrink();
    let n = data.len();
    let decisions = store.decisions()?;
    let mut say = |stage: &str| bar.stage(stage);
    let (pairs, model_json, prior) = match model {
        None => {
            // Reviewers' "same" decisions are labels for m.
            let position: HashMap<&str, u32> = (0..n as u32).map(|i| (data.id(i), i)).collect();
            let same: Vec<&Decision> = clustering::active(&decisions)
                .into_iter()
                .filter(|d| d.action == Action::Same)
                .collect();
            let settings = Settings {
                matches: clustering::constraints(&same, &position).same,
                ..settings()
            };
            let linkage = corridor_resolve::link(&data, Mode::Dedupe, &settings, &mut say);
            let json = serde_json::to_string(&linkage.model)?;
            (linkage.pairs, Some(json), linkage.model.lambda)
        }
        Some(model) => {
            let prior = model.lambda;
            let touching: Vec<bool> = (0..n).map(|i| i >= known).collect();
            let pairs = match kind {
                RunKind::Incremental if n == known => Vec::new(),
                RunKind::Incremental => {
                    relink(
                        &data,
                        Mode::Dedupe,
                        &settings(),
                        model,
                        Some(&touching),
                        &mut say,
                    )
                    .pairs
                }
                _ => relink(&data, Mode::Dedupe, &settings(), model, None, &mut say).pairs,
            };
            (pairs, None, prior)
        }
    };
    bar.stage("clustering");
    let incremental = kind == RunKind::Incremental;
    let stored = incremental.then_some(&*store);
    let all = clustering::Pairs::new(stored, &pairs, n)?;
    let outcome = if incremental {
        let new: Vec<u32> = (known as u32..n as u32).collect();
        clustering::touched(&data, &all, &decisions, &new)?
    } else {
        clustering::everything(&data, &all, &decisions)?
    };
    bar.stage("saving");
    let before = match kept {
        Some(_) => outcome.before(&*store, known)?,
        None => Vec::new(),
    };
    let moved = outcome.moved(&before);
    let (joins_removed, joins_added) = outcome.joins_changed(stored)?;
    let entities = entities_after(&outcome, kept, &before);
    let from = if kind.replaces() { 0 } else { known };
    let update = ResolutionUpdate {
        kind,
        threshold: THRESHOLD,
        prior,
        model: model_json,
        last_import_run,
        added: added(&data, &outcome, from),
        values: data.pack(from),
        moved: if kind.replaces() {
            Vec::new()
        } else {
            moved.clone()
        },
        pairs: pairs
            .iter()
            .map(|p| StoredPair {
                a: p.a,
                b: p.b,
                weight: p.weight,
                probability: p.probability,
            })
            .collect(),
        joins_removed,
        joins_added,
        objects,
        mentions: n as u64,
        entities: entities as u64,
        decision: None,
    };
    store.save_resolution(&update)?;
    bar.done();
    let sizes = if outcome.everything {
        let (merged, largest) = outcome.sizes();
        format!(" ({merged} of them from more than one mention, the largest {largest})")
    } else {
        String::new()
    };
    println!(
        "{} run: resolved {} person mentions ({} new) into {} entities{sizes}; {} mentions moved to another entity; {} objects resolved; {} protected mentions left out; {:.1} s",
        kind.as_str(),
        n,
        n - known,
        entities,
        moved.len(),
        update.objects.len(),
        withheld,
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

/// The kept mentions' values as the store packed them, chunk by chunk.
fn kept_values(store: &dyn Store) -> anyhow::Result<Vec<Vec<u8>>> {
    let mut chunks = Vec::new();
    store.for_each_resolution_values(&mut |chunk| {
        chunks.push(chunk.to_vec());
        Ok(())
    })?;
    Ok(chunks)
}

/// The dataset of the kept mentions, in position order.
fn unpack_kept(
    chunks: &[Vec<u8>],
    header: Option<&corridor_store::ResolutionHeader>,
) -> anyhow::Result<Dataset> {
    let mut data = person_dataset();
    let Some(header) = header else {
        return Ok(data);
    };
    for chunk in chunks {
        data.append_packed(chunk).map_err(|why| {
            anyhow::anyhow!(
                "the store's resolved mentions do not read ({why}); run `corridor resolve --retrain`"
            )
        })?;
    }
    if data.len() as u64 != header.mentions {
        anyhow::bail!(
            "the store keeps the values of {} resolved mentions, its last run resolved {}; run `corridor resolve --retrain`",
            data.len(),
            header.mentions
        );
    }
    Ok(data)
}

/// For a relink, which reads every report again: the mentions not yet
/// resolved. A known mention must read as it was resolved.
fn unknown_mentions(
    data: &Dataset,
    fresh: Vec<(String, Vec<Option<String>>)>,
) -> anyhow::Result<Vec<(String, Vec<Option<String>>)>> {
    let known: HashMap<&str, u32> = (0..data.len() as u32).map(|i| (data.id(i), i)).collect();
    let mut new = Vec::new();
    for (mention, values) in fresh {
        match known.get(mention.as_str()) {
            Some(&i) => {
                let same = values.iter().enumerate().all(|(c, v)| {
                    data.raw(i, c) == v.as_deref().map(str::trim).filter(|v| !v.is_empty())
                });
                if !same {
                    anyhow::bail!(
                        "mention {mention} reads differently from when it was resolved; run `corridor resolve --retrain`"
                    );
                }
            }
            None => new.push((mention, values)),
        }
    }
    Ok(new)
}

/// The mentions from position `from` on, with their entities, as stored.
fn added(data: &Dataset, outcome: &clustering::Outcome, from: usize) -> Vec<PersonMention> {
    let entity: HashMap<u32, &str> = outcome
        .assigned
        .iter()
        .filter(|(i, _)| *i as usize >= from)
        .map(|(i, e)| (*i, e.as_str()))
        .collect();
    (from..data.len())
        .map(|i| PersonMention {
            idx: i as u32,
            mention: data.id(i as u32).to_owned(),
            entity: entity
                .get(&(i as u32))
                .copied()
                .unwrap_or_default()
                .to_owned(),
            values: (0..PERSON_VALUES.len())
                .map(|c| data.raw(i as u32, c).map(str::to_owned))
                .collect(),
        })
        .collect()
}

/// How many person entities there are after a run: counted whole when
/// everything was clustered; else the stored count, less the entities the
/// touched components held before, plus those they hold now.
fn entities_after(
    outcome: &clustering::Outcome,
    kept: Option<&corridor_store::ResolutionHeader>,
    before: &[(u32, String)],
) -> usize {
    match kept.filter(|_| !outcome.everything) {
        None => outcome.entities(),
        Some(h) => {
            let held: HashSet<&str> = before.iter().map(|(_, e)| e.as_str()).collect();
            h.entities as usize - held.len() + outcome.entities()
        }
    }
}

/// `corridor entities`: every resolved mention and its entity, as CSV.
pub fn list(store: &dyn Store, out: Option<&std::path::Path>) -> anyhow::Result<ExitCode> {
    let rows = store.entity_members()?;
    let write = |sink: &mut dyn std::io::Write| -> anyhow::Result<()> {
        let mut w = csv::Writer::from_writer(sink);
        w.write_record(["mention", "kind", "entity"])?;
        for (mention, kind, entity) in rows {
            w.write_record([mention, kind, entity])?;
        }
        w.flush()?;
        Ok(())
    };
    match out {
        Some(path) => crate::output::write_file(path, write)?,
        None => write(&mut std::io::stdout().lock())?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Records `decision` and applies every decision in force to the kept
/// pairs of the components it touches, in one transaction: what `corridor
/// review`, `split` and `undo` call. Returns the decision's id and how many
/// mentions moved.
pub fn recluster(store: &mut dyn Store, decision: Decision) -> anyhow::Result<(Option<i64>, u64)> {
    let Some(header) = store.resolution_header()? else {
        return Ok((Some(store.record_decision(&decision)?), 0));
    };
    let mut data = unpack_kept(&kept_values(store)?, Some(&header))?;
    data.shrink();
    let mut decisions = store.decisions()?;
    // The id the store will give it: decisions are never deleted, so the
    // next is one past the last.
    let next = decisions.iter().map(|d| d.id).max().unwrap_or(0) + 1;
    decisions.push(Decision {
        id: next,
        ..decision.clone()
    });
    let position: HashMap<&str, u32> = (0..data.len() as u32).map(|i| (data.id(i), i)).collect();
    let touched: Vec<u32> = clustering::named_by(&decisions[decisions.len() - 1], &decisions)
        .iter()
        .filter_map(|m| position.get(m.as_str()).copied())
        .collect();
    let pairs = clustering::Pairs::new(Some(&*store), &[], data.len())?;
    let outcome = clustering::touched(&data, &pairs, &decisions, &touched)?;
    let known = data.len();
    let before = outcome.before(&*store, known)?;
    let moved = outcome.moved(&before);
    let (joins_removed, joins_added) = outcome.joins_changed(Some(&*store))?;
    let entities = entities_after(&outcome, Some(&header), &before);
    let update = ResolutionUpdate {
        kind: RunKind::Recluster,
        threshold: THRESHOLD,
        prior: header.prior,
        model: None,
        last_import_run: header.last_import_run,
        added: Vec::new(),
        values: Vec::new(),
        moved,
        pairs: Vec::new(),
        joins_removed,
        joins_added,
        objects: Vec::new(),
        mentions: known as u64,
        entities: entities as u64,
        decision: Some(decision),
    };
    let moved = update.moved.len() as u64;
    let id = store.save_resolution(&update)?;
    Ok((id, moved))
}

/// An empty dataset of person values, in `PERSON_VALUES` order, then the
/// group of people moved together that each mention is one of: the
/// smuggled migrants of one report (the others beside a migrant are its
/// companions, and groups are seen together again along the route).
/// Suspects named together (an arrested man and his associate) are no
/// such group.
pub fn person_dataset() -> Dataset {
    Dataset::new(
        PERSON_VALUES
            .iter()
            .zip(KINDS)
            .map(|(name, kind)| ((*name).to_owned(), Some(kind)))
            .chain([("report".to_owned(), Some(FieldKind::Group))]),
    )
}

/// Two resolved mentions and everyone resolved in their reports, as a
/// [`person_dataset`], and the two mentions' positions in it: what a pair
/// needs to be scored and explained as a run scored it (the people beside
/// each mention are its companions).
pub fn pair_dataset(
    store: &dyn Store,
    a: &PersonMention,
    b: &PersonMention,
) -> anyhow::Result<(Dataset, u32, u32)> {
    let report = |m: &PersonMention| m.mention.split_once('#').map_or("", |(r, _)| r).to_owned();
    let (ra, rb) = (report(a), report(b));
    let mut members = store.report_person_mentions(&[&ra, &rb])?;
    for m in [a, b] {
        if !members.iter().any(|x| x.mention == m.mention) {
            members.push(m.clone());
        }
    }
    let mut data = person_dataset();
    for m in &members {
        push_person(&mut data, &m.mention, &m.values);
    }
    let at = |m: &PersonMention| {
        members
            .iter()
            .position(|x| x.mention == m.mention)
            .map_or(0, |i| i as u32)
    };
    Ok((data, at(a), at(b)))
}

/// Adds a person mention (`REPORT#ref`, values in `PERSON_VALUES` order)
/// to a [`person_dataset`].
pub fn push_person(data: &mut Dataset, mention: &str, values: &[Option<String>]) {
    let report = mention.split_once('#').map_or(mention, |(r, _)| r);
    let moved = values.get(ROLE).and_then(|r| r.as_deref()) == Some(Role::SmuggledMigrant.as_str());
    data.push(
        mention.to_owned(),
        0,
        values
            .iter()
            .map(|v| v.as_deref())
            .chain(std::iter::once(moved.then_some(report))),
    );
}

/// The position of the role in `PERSON_VALUES`.
const ROLE: usize = 7;

/// The run's stages: a spinner on a terminal, timed lines on stderr
/// otherwise (a log shows where the time went).
struct Stages {
    bar: ProgressBar,
    started: Instant,
    terminal: bool,
}

impl Stages {
    fn new(started: Instant) -> Stages {
        use std::io::IsTerminal;
        let bar = ProgressBar::new_spinner();
        bar.set_style(
            ProgressStyle::with_template("{spinner} {elapsed:>4} {msg}")
                .expect("a fixed template parses"),
        );
        bar.enable_steady_tick(std::time::Duration::from_millis(200));
        Stages {
            bar,
            started,
            terminal: std::io::stderr().is_terminal(),
        }
    }

    fn stage(&self, what: &str) {
        if self.terminal {
            self.bar.set_message(what.to_owned());
        } else {
            eprintln!("{what}… ({:.1} s)", self.started.elapsed().as_secs_f64());
        }
    }

    fn done(&self) {
        self.bar.finish_and_clear();
    }
}

/// `PREFIX-` and ten hex digits of the hash of what names the entity.
pub fn entity_id(prefix: &str, name: &str) -> String {
    let digest = Sha256::digest(name.as_bytes());
    let hex: String = digest[..5].iter().map(|b| format!("{b:02X}")).collect();
    format!("{prefix}-{hex}")
}

/// Adds a report's resolvable person mentions to `rows` (id and values in
/// `PERSON_VALUES` order); returns how many protected ones it left out.
pub fn persons(report: &Report, rows: &mut Vec<(String, Vec<Option<String>>)>) -> u64 {
    let protected = report.protected_refs();
    let mut left_out = 0;
    for mention in report.mentions() {
        let Subject::Disclosed(Entity::Person(person)) = &mention.subject else {
            if mention.subject.is_protected_person() {
                left_out += 1;
            }
            continue;
        };
        if protected.contains(&mention.reference) {
            left_out += 1;
            continue;
        }
        let (given, surname) = match (&person.given_name, &person.family_name, &person.full_name) {
            (None, None, Some(full)) => split_full_name(full),
            (g, s, _) => (g.clone(), s.clone()),
        };
        let linked = |kind: LinkKind| {
            report
                .links()
                .iter()
                .filter(move |l| l.kind == kind && l.from == mention.reference)
                .filter_map(|l| report.mention(&l.to).map(|m| &m.subject))
        };
        let phone = linked(LinkKind::UsesPhone).find_map(|s| match s {
            Subject::Disclosed(Entity::Phone(p)) => {
                Some(p.number.e164().unwrap_or(p.number.written()).to_owned())
            }
            _ => None,
        });
        // A specimen's number is on many people's copies: it tells them
        // apart no better than no document.
        let document = linked(LinkKind::HoldsDocument).find_map(|s| match s {
            Subject::Disclosed(Entity::Document(d))
                if specimen_number(d.number.as_str()).is_none() =>
            {
                Some(d.number.as_str().to_owned())
            }
            _ => None,
        });
        let vehicle = linked(LinkKind::Drives).find_map(|s| match s {
            Subject::Disclosed(Entity::Vehicle(v)) => v.plate.as_ref().map(|p| p.key().to_owned()),
            _ => None,
        });
        let role = match person.function() {
            Some(f) => format!("{}:{}", person.role(), f),
            None => person.role().to_string(),
        };
        rows.push((
            format!("{}#{}", report.id, mention.reference),
            vec![
                given,
                surname,
                person.birth_date.map(|d| d.to_string()),
                person.sex.map(|s| s.to_string()),
                person.nationality.map(|c| c.to_string()),
                phone,
                document,
                Some(role),
                vehicle,
            ],
        ));
    }
    left_out
}

/// A report's phones, documents, vehicles, accounts and organisations with
/// the entity their normalised identifier makes them part of. Objects that
/// identify only protected people are left out, as the people are.
pub fn object_mentions(report: &Report) -> Vec<ObjectMention> {
    let protected = report.protected_refs();
    report
        .mentions()
        .iter()
        .filter(|m| !protected.contains(&m.reference))
        .filter_map(|m| {
            let Subject::Disclosed(entity) = &m.subject else {
                return None;
            };
            let (kind, prefix, key) = match entity {
                Entity::Phone(p) => ("phone", "PH", p.number.key()),
                Entity::Vehicle(v) => ("vehicle", "VH", v.plate.as_ref()?.key().to_owned()),
                Entity::Document(d) => (
                    "document",
                    "DC",
                    match d.issuing_state {
                        // Every copy of a specimen is a document of its own.
                        _ if specimen_number(d.number.as_str()).is_some() => {
                            format!("specimen:{}#{}", report.id, m.reference)
                        }
                        Some(c) => format!("{c}:{}", d.number.as_str()),
                        None => d.number.as_str().to_owned(),
                    },
                ),
                Entity::Account(a) => (
                    "account",
                    "AC",
                    format!(
                        "{}:{}",
                        a.platform.to_lowercase(),
                        a.handle.trim_start_matches('@').to_lowercase()
                    ),
                ),
                Entity::Organisation(o) => {
                    ("organisation", "OR", corridor_text::matching_key(&o.name))
                }
                _ => return None,
            };
            (!key.is_empty()).then(|| ObjectMention {
                mention: format!("{}#{}", report.id, m.reference),
                kind: kind.to_owned(),
                entity: entity_id(prefix, &format!("{kind}:{key}")),
            })
        })
        .collect()
}

/// A name written whole, split into a given name and a surname: the last
/// word is the surname, with the particles before it (`Al Hasan`, `van
/// der Berg`). The comparison reads given name and surname either way
/// round, so a name written surname first still meets its other records.
pub(crate) fn split_full_name(full: &str) -> (Option<String>, Option<String>) {
    const PARTICLES: [&str; 14] = [
        "al", "el", "ul", "abd", "abdul", "abu", "bin", "ibn", "ben", "van", "von", "der", "de",
        "da",
    ];
    let words: Vec<&str> = full.split_whitespace().collect();
    if words.len() < 2 {
        return (None, words.first().map(|w| (*w).to_owned()));
    }
    let mut cut = words.len() - 1;
    while cut > 1 {
        let before = corridor_text::fold(&corridor_text::translit::to_latin(words[cut - 1]));
        if PARTICLES.contains(&before.trim_matches(|c: char| !c.is_alphanumeric())) {
            cut -= 1;
        } else {
            break;
        }
    }
    (Some(words[..cut].join(" ")), Some(words[cut..].join(" ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_names_split_before_their_particles() {
        let s = |full: &str| split_full_name(full);
        assert_eq!(
            s("Mohamad Al Hassan"),
            (Some("Mohamad".into()), Some("Al Hassan".into()))
        );
        assert_eq!(
            s("Мухамед Ал Хасан"),
            (Some("Мухамед".into()), Some("Ал Хасан".into()))
        );
        assert_eq!(
            s("Dragan Petrović"),
            (Some("Dragan".into()), Some("Petrović".into()))
        );
        assert_eq!(s("Ali"), (None, Some("Ali".into())));
    }
}
