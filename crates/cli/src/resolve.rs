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
use corridor_model::{Entity, LinkKind, Report, Role, Subject};
use corridor_resolve::{
    clusters_constrained, relink, Constraints, Dataset, FieldKind, Join, Mode, Model, ScoredPair,
    Settings,
};
use corridor_store::{
    Action, Decision, ObjectMention, PersonMention, ResolutionState, ResolutionUpdate, RunKind,
    Store, StoredJoin, StoredPair, PERSON_VALUES,
};
use indicatif::{ProgressBar, ProgressStyle};
use sha2::{Digest, Sha256};

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
    let state = store.resolution_state()?;
    let kind = match (&state, how) {
        (None, _) | (_, How::Retrain) => RunKind::Full,
        (Some(_), How::Relink) => RunKind::Relink,
        (Some(_), How::Default) => RunKind::Incremental,
    };
    let last_import_run = store.last_import_run()?;
    bar.stage("reading mentions");
    // Known mentions keep their positions; new ones follow in report order.
    let (mut rows, known) = match (&state, kind) {
        (Some(s), RunKind::Incremental | RunKind::Relink) => (
            s.mentions
                .iter()
                .map(|m| (m.mention.clone(), m.values.clone()))
                .collect(),
            s.mentions.len(),
        ),
        _ => (Vec::new(), 0),
    };
    let after = match (&state, kind) {
        (Some(s), RunKind::Incremental) => s.last_import_run,
        _ => 0,
    };
    let mut objects = Vec::new();
    let mut withheld = 0u64;
    let mut fresh: Vec<(String, Vec<Option<String>>)> = Vec::new();
    store.for_each_report_after(after, &mut |report| {
        withheld += persons(&report, &mut fresh);
        objects.extend(object_mentions(&report));
        Ok(())
    })?;
    if kind == RunKind::Relink {
        // Every mention read again: the known ones must read as stored.
        let known_ids: HashMap<&str, usize> = rows
            .iter()
            .enumerate()
            .map(|(i, (m, _))| (m.as_str(), i))
            .collect();
        let mut new = Vec::new();
        for (mention, values) in fresh {
            match known_ids.get(mention.as_str()) {
                Some(&i) if rows[i].1 == values => {}
                Some(_) => anyhow::bail!(
                    "mention {mention} reads differently from when it was resolved; run `corridor resolve --retrain`"
                ),
                None => new.push((mention, values)),
            }
        }
        rows.extend(new);
    } else {
        rows.extend(fresh);
    }
    let model: Option<Model> = match (&state, kind) {
        (Some(s), RunKind::Incremental | RunKind::Relink) => {
            Some(serde_json::from_str(&s.model).context(
                "the kept resolution model does not read; run `corridor resolve --retrain`",
            )?)
        }
        _ => None,
    };
    let mut data = person_dataset();
    for (mention, values) in &rows {
        push_person(&mut data, mention, values);
    }
    data.shrink();
    let n = data.len();
    let decisions = store.decisions()?;
    let mut say = |stage: &str| bar.stage(stage);
    let (pairs, model_json, prior) = match (kind, model) {
        (RunKind::Full, _) | (_, None) => {
            // Reviewers' "same" decisions are labels for m.
            let position: HashMap<&str, u32> = (0..n as u32).map(|i| (data.id(i), i)).collect();
            let same: Vec<&Decision> = active(&decisions)
                .into_iter()
                .filter(|d| d.action == Action::Same)
                .collect();
            let settings = Settings {
                matches: constraints(&same, &position).same,
                ..settings()
            };
            let linkage = corridor_resolve::link(&data, Mode::Dedupe, &settings, &mut say);
            let json = serde_json::to_string(&linkage.model)?;
            let prior = linkage.model.lambda;
            (linkage.pairs, Some(json), prior)
        }
        (RunKind::Relink, Some(model)) => {
            let prior = model.lambda;
            let linkage = relink(&data, Mode::Dedupe, &settings(), model, None, &mut say);
            (linkage.pairs, None, prior)
        }
        (_, Some(model)) => {
            let prior = model.lambda;
            let touching: Vec<bool> = (0..n).map(|i| i >= known).collect();
            let mut pairs: Vec<ScoredPair> = if n > known {
                relink(
                    &data,
                    Mode::Dedupe,
                    &settings(),
                    model,
                    Some(&touching),
                    &mut say,
                )
                .pairs
            } else {
                Vec::new()
            };
            let stored = state.as_ref().map_or(&[][..], |s| &s.pairs[..]);
            pairs.extend(stored.iter().map(|p| ScoredPair {
                a: p.a,
                b: p.b,
                weight: p.weight,
                probability: p.probability,
            }));
            (pairs, None, prior)
        }
    };
    bar.stage("clustering");
    let kept = match (&state, kind) {
        (Some(s), RunKind::Incremental) => Some((s, known)),
        _ => None,
    };
    let outcome = cluster(&data, &pairs, &decisions, kept);
    bar.stage("saving");
    let new_pairs: Vec<StoredPair> = pairs
        .iter()
        .filter(|p| kind != RunKind::Incremental || p.a as usize >= known || p.b as usize >= known)
        .map(|p| StoredPair {
            a: p.a,
            b: p.b,
            weight: p.weight,
            probability: p.probability,
        })
        .collect();
    let from = if kind.replaces() { 0 } else { known };
    let update = outcome.update(
        kind,
        state.as_ref().filter(|_| !kind.replaces()),
        &data,
        from,
        new_pairs,
        prior,
        model_json,
        last_import_run,
        objects,
    );
    store.save_resolution(&update)?;
    bar.done();
    println!(
        "{} run: resolved {} person mentions ({} new) into {} entities ({} of them from more than one mention, the largest {}); {} mentions moved to another entity; {} objects resolved; {} protected mentions left out; {:.1} s",
        kind.as_str(),
        n,
        n - from,
        outcome.entities,
        outcome.merged,
        outcome.largest,
        update.moved.len(),
        update.objects.len(),
        withheld,
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
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

/// Records `decision` (if any) and applies every decision in force to the
/// kept pairs, in one transaction: what `corridor review`, `split` and
/// `undo` call. Returns the decision's id and how many mentions moved.
pub fn recluster(
    store: &mut dyn Store,
    decision: Option<Decision>,
) -> anyhow::Result<(Option<i64>, u64)> {
    let Some(state) = store.resolution_state()? else {
        let id = match &decision {
            Some(d) => Some(store.record_decision(d)?),
            None => None,
        };
        return Ok((id, 0));
    };
    let mut data = person_dataset();
    for m in &state.mentions {
        push_person(&mut data, &m.mention, &m.values);
    }
    let pairs: Vec<ScoredPair> = state
        .pairs
        .iter()
        .map(|p| ScoredPair {
            a: p.a,
            b: p.b,
            weight: p.weight,
            probability: p.probability,
        })
        .collect();
    let mut decisions = store.decisions()?;
    if let Some(d) = &decision {
        // The id the store will give it: decisions are never deleted, so
        // the next is one past the last.
        let next = decisions.iter().map(|d| d.id).max().unwrap_or(0) + 1;
        decisions.push(Decision {
            id: next,
            ..d.clone()
        });
    }
    let outcome = cluster(&data, &pairs, &decisions, None);
    let mut update = outcome.update(
        RunKind::Recluster,
        Some(&state),
        &data,
        data.len(),
        Vec::new(),
        state.prior,
        None,
        state.last_import_run,
        Vec::new(),
    );
    update.decision = decision;
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

/// Entities made from the pairs under the decisions.
struct Outcome {
    /// Entity id of each mention (dataset order).
    ids: Vec<String>,
    joins: Vec<Join>,
    entities: usize,
    merged: usize,
    largest: usize,
}

/// Entities from the pairs under the decisions. With `kept` (an
/// incremental run: the stored state and how many of `data`'s mentions it
/// holds), only the connected components that hold a new mention are
/// clustered again — clustering is local to a component, so the others
/// keep their entities and joins exactly.
fn cluster(
    data: &Dataset,
    pairs: &[ScoredPair],
    decisions: &[Decision],
    kept: Option<(&ResolutionState, usize)>,
) -> Outcome {
    let n = data.len();
    let position: HashMap<&str, u32> = (0..n as u32).map(|i| (data.id(i), i)).collect();
    let mut constraints = constraints(&active(decisions), &position);
    let (pairs, untouched): (Vec<ScoredPair>, Option<Vec<bool>>) = match kept {
        None => (pairs.to_vec(), None),
        Some((_, known)) => {
            let mut parent: Vec<u32> = (0..n as u32).collect();
            let accepted = pairs.iter().filter(|p| p.probability >= THRESHOLD);
            for (a, b) in accepted
                .map(|p| (p.a, p.b))
                .chain(constraints.same.iter().copied())
            {
                let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
                parent[ra.max(rb) as usize] = ra.min(rb);
            }
            let mut touched_root = vec![false; n];
            for i in known..n {
                let r = root(&mut parent, i as u32);
                touched_root[r as usize] = true;
            }
            let untouched: Vec<bool> = (0..n as u32)
                .map(|i| !touched_root[root(&mut parent, i) as usize])
                .collect();
            let touches = |a: u32| !untouched[a as usize];
            constraints.same.retain(|&(a, _)| touches(a));
            constraints
                .different
                .retain(|&(a, b)| touches(a) || touches(b));
            let sub = pairs.iter().filter(|p| touches(p.a)).copied().collect();
            (sub, Some(untouched))
        }
    };
    let dates = corridor_resolve::birth_dates(data);
    let (roots, mut joins) = clusters_constrained(n, &pairs, THRESHOLD, &constraints, &dates);
    // An entity is named after its smallest mention id: the name does not
    // depend on the order mentions arrived in.
    let mut smallest: HashMap<u32, &str> = HashMap::new();
    for (i, &r) in roots.iter().enumerate() {
        let id = data.id(i as u32);
        smallest
            .entry(r)
            .and_modify(|s| *s = (*s).min(id))
            .or_insert(id);
    }
    let names: HashMap<u32, String> = smallest
        .into_iter()
        .map(|(r, id)| (r, entity_id("E", id)))
        .collect();
    let mut ids: Vec<String> = roots.iter().map(|r| names[r].clone()).collect();
    if let (Some((state, _)), Some(untouched)) = (kept, &untouched) {
        for m in &state.mentions {
            if untouched[m.idx as usize] {
                ids[m.idx as usize] = m.entity.clone();
            }
        }
        joins.extend(
            state
                .joins
                .iter()
                .filter(|j| untouched[j.a as usize])
                .map(|j| Join {
                    pair: ScoredPair {
                        a: j.a,
                        b: j.b,
                        weight: j.weight.unwrap_or(f64::INFINITY),
                        probability: j.probability,
                    },
                    decided: j.decided,
                }),
        );
    }
    let mut sizes: HashMap<&str, usize> = HashMap::new();
    for id in &ids {
        *sizes.entry(id.as_str()).or_default() += 1;
    }
    let (entities, merged, largest) = (
        sizes.len(),
        sizes.values().filter(|&&s| s > 1).count(),
        sizes.values().copied().max().unwrap_or(0),
    );
    Outcome {
        ids,
        joins,
        entities,
        merged,
        largest,
    }
}

fn root(parent: &mut [u32], mut x: u32) -> u32 {
    while parent[x as usize] != x {
        parent[x as usize] = parent[parent[x as usize] as usize];
        x = parent[x as usize];
    }
    x
}

impl Outcome {
    /// What changed against `state` (everything, without one), mentions
    /// from position `from` on being new.
    #[allow(clippy::too_many_arguments)]
    fn update(
        &self,
        kind: RunKind,
        state: Option<&ResolutionState>,
        data: &Dataset,
        from: usize,
        pairs: Vec<StoredPair>,
        prior: f64,
        model: Option<String>,
        last_import_run: i64,
        objects: Vec<ObjectMention>,
    ) -> ResolutionUpdate {
        let added = (from..data.len())
            .map(|i| PersonMention {
                idx: i as u32,
                mention: data.id(i as u32).to_owned(),
                entity: self.ids[i].clone(),
                values: (0..PERSON_VALUES.len())
                    .map(|c| data.raw(i as u32, c).map(str::to_owned))
                    .collect(),
            })
            .collect();
        let moved = state
            .map(|s| {
                s.mentions
                    .iter()
                    .filter(|m| m.entity != self.ids[m.idx as usize])
                    .map(|m| (m.idx, self.ids[m.idx as usize].clone()))
                    .collect()
            })
            .unwrap_or_default();
        let joins: Vec<StoredJoin> = self
            .joins
            .iter()
            .map(|j| StoredJoin {
                a: j.pair.a,
                b: j.pair.b,
                weight: (!j.decided).then_some(j.pair.weight),
                probability: j.pair.probability,
                decided: j.decided,
            })
            .collect();
        let (joins_removed, joins_added) = match state {
            None => (Vec::new(), joins),
            Some(s) => {
                let now: HashSet<(u32, u32, bool)> =
                    joins.iter().map(|j| (j.a, j.b, j.decided)).collect();
                let before: HashSet<(u32, u32, bool)> =
                    s.joins.iter().map(|j| (j.a, j.b, j.decided)).collect();
                (
                    s.joins
                        .iter()
                        .filter(|j| !now.contains(&(j.a, j.b, j.decided)))
                        .map(|j| (j.a, j.b))
                        .collect(),
                    joins
                        .into_iter()
                        .filter(|j| !before.contains(&(j.a, j.b, j.decided)))
                        .collect(),
                )
            }
        };
        ResolutionUpdate {
            kind,
            threshold: THRESHOLD,
            prior,
            model,
            last_import_run,
            added,
            moved,
            pairs,
            joins_removed,
            joins_added,
            objects,
            mentions: data.len() as u64,
            entities: self.entities as u64,
            decision: None,
        }
    }
}

/// The decisions in force: every one not withdrawn by an undo in force.
pub fn active(decisions: &[Decision]) -> Vec<&Decision> {
    let mut withdrawn = HashSet::new();
    for d in decisions.iter().rev() {
        if withdrawn.contains(&d.id) {
            continue;
        }
        if let (Action::Undo, Some(target)) = (d.action, d.undoes) {
            withdrawn.insert(target);
        }
    }
    decisions
        .iter()
        .filter(|d| !withdrawn.contains(&d.id) && d.action != Action::Undo)
        .collect()
}

fn constraints(decisions: &[&Decision], position: &HashMap<&str, u32>) -> Constraints {
    let at = |m: &Option<String>| m.as_deref().and_then(|m| position.get(m).copied());
    let mut c = Constraints::default();
    for d in decisions {
        match d.action {
            Action::Same | Action::Different => {
                if let (Some(a), Some(b)) = (at(&d.a), at(&d.b)) {
                    if d.action == Action::Same {
                        c.same.push((a, b));
                    } else {
                        c.different.push((a, b));
                    }
                }
            }
            Action::Split => {
                // Two entities: the kept mentions together, the detached
                // together, none of one with any of the other.
                let at_all = |ms: &[String]| -> Vec<u32> {
                    ms.iter()
                        .filter_map(|m| position.get(m.as_str()).copied())
                        .collect()
                };
                let (kept, detached) = (at_all(&d.kept), at_all(&d.detached));
                for group in [&kept, &detached] {
                    c.same.extend(group.windows(2).map(|w| (w[0], w[1])));
                }
                for &x in &detached {
                    c.different.extend(kept.iter().map(|&k| (k, x)));
                }
            }
            Action::Skip | Action::Undo => {}
        }
    }
    c
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
        let document = linked(LinkKind::HoldsDocument).find_map(|s| match s {
            Subject::Disclosed(Entity::Document(d)) => Some(d.number.as_str().to_owned()),
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

    fn decision(id: i64, action: Action, undoes: Option<i64>) -> Decision {
        Decision {
            id,
            decided_at: String::new(),
            decided_by: "t".into(),
            action,
            a: None,
            b: None,
            entity: None,
            kept: vec![],
            detached: vec![],
            undoes,
            note: None,
        }
    }

    #[test]
    fn an_undo_withdraws_and_an_undone_undo_restores() {
        let ids = |d: &[Decision]| active(d).iter().map(|d| d.id).collect::<Vec<_>>();
        let split = decision(1, Action::Split, None);
        let undo = decision(2, Action::Undo, Some(1));
        let redo = decision(3, Action::Undo, Some(2));
        assert_eq!(ids(std::slice::from_ref(&split)), vec![1]);
        assert_eq!(ids(&[split.clone(), undo.clone()]), Vec::<i64>::new());
        assert_eq!(ids(&[split, undo, redo]), vec![1]);
    }
}
