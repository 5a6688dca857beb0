//! `corridor review`, `corridor split`, `corridor undo`: people correcting
//! resolution, and the record of who decided what and when.
//!
//! Pairs the model is unsure of (a match probability in the review band)
//! wait in a queue. A reviewer sees both mentions side by side — as the
//! agencies wrote them, in their scripts, and as the engine compares them
//! — optionally without the score (blind review, so the model's opinion
//! does not anchor theirs), and decides: the same person, not the same, or
//! skip. Decisions are appended to the store, never changed; each one
//! overrides the model for its pair and its cluster at once and in every
//! later run. A wrong merge is split; a split (or any decision) is undone
//! by another decision, so the history is whole.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::process::ExitCode;

use anyhow::{bail, Context};
use corridor_resolve::{FieldKind, Model};
use corridor_store::{Action, Decision, PersonMention, Store, PERSON_VALUES};

use crate::clustering::active;
use crate::resolve::{recluster, KINDS};

/// Pairs with a match probability in this band go to review: the model
/// cannot tell them with nine-to-one confidence either way.
pub const REVIEW_LOW: f64 = 0.1;
pub const REVIEW_HIGH: f64 = 0.9;

/// Who is deciding: `--by`, else `CORRIDOR_USER`, else the login name.
pub fn reviewer(by: Option<String>) -> anyhow::Result<String> {
    by.or_else(|| std::env::var("CORRIDOR_USER").ok())
        .or_else(|| std::env::var("USER").ok())
        .filter(|s| !s.trim().is_empty())
        .context("who is deciding? give --by NAME (or set CORRIDOR_USER)")
}

fn no_resolution() -> anyhow::Error {
    anyhow::anyhow!("nothing is resolved in this store yet; run `corridor resolve` first")
}

/// The queue: undecided pairs in the review band, closest to even odds
/// first, skipped ones last.
pub fn list(store: &dyn Store, limit: usize, blind: bool) -> anyhow::Result<ExitCode> {
    if store.resolution_model()?.is_none() {
        return Err(no_resolution());
    }
    let queue = queue(store, limit)?;
    if queue.is_empty() {
        println!("the review queue is empty");
        return Ok(ExitCode::SUCCESS);
    }
    for (i, (q, skipped)) in queue.iter().enumerate() {
        let score = if blind {
            String::new()
        } else {
            format!("  probability {:.3}", q.pair.probability)
        };
        let skipped = if *skipped { "  (skipped before)" } else { "" };
        println!("{:>3}. {}  {}{score}{skipped}", i + 1, q.a, q.b);
    }
    println!(
        "\nlook at a pair: corridor review show A B{}\ndecide: corridor review decide A B same|different|skip",
        if blind { " --blind" } else { "" }
    );
    Ok(ExitCode::SUCCESS)
}

fn queue(
    store: &dyn Store,
    limit: usize,
) -> anyhow::Result<Vec<(corridor_store::QueuedPair, bool)>> {
    let decisions = store.decisions()?;
    let in_force = active(&decisions);
    let key = |a: &str, b: &str| {
        if a <= b {
            (a.to_owned(), b.to_owned())
        } else {
            (b.to_owned(), a.to_owned())
        }
    };
    let mut decided = HashSet::new();
    let mut skipped = HashSet::new();
    for d in &in_force {
        if let (Some(a), Some(b)) = (&d.a, &d.b) {
            match d.action {
                Action::Skip => skipped.insert(key(a, b)),
                _ => decided.insert(key(a, b)),
            };
        }
    }
    let pairs = store.uncertain_pairs(
        REVIEW_LOW,
        REVIEW_HIGH,
        limit + decided.len() + skipped.len(),
    )?;
    let mut out: Vec<_> = pairs
        .into_iter()
        .filter(|q| !decided.contains(&key(&q.a, &q.b)))
        .map(|q| {
            let s = skipped.contains(&key(&q.a, &q.b));
            (q, s)
        })
        .collect();
    out.sort_by_key(|(_, s)| *s);
    out.truncate(limit);
    Ok(out)
}

/// `corridor review next`: the queue one pair at a time. Each pair is
/// shown as `review show` shows it; the answer is read from `input` (`s`
/// same, `d` different, `k` skip, `q` quit; the words work too) and
/// recorded as `review decide` records it. Ends at `q`, at the end of the
/// input, or when every pair left was already put in this session.
pub fn next(
    store: &mut dyn Store,
    blind: bool,
    by: String,
    input: &mut dyn std::io::BufRead,
) -> anyhow::Result<ExitCode> {
    if store.resolution_model()?.is_none() {
        return Err(no_resolution());
    }
    let mut seen: HashSet<(String, String)> = HashSet::new();
    let mut decided = 0u32;
    'pairs: loop {
        let Some((q, _)) = queue(store, seen.len() + 1)?
            .into_iter()
            .find(|(q, _)| !seen.contains(&(q.a.clone(), q.b.clone())))
        else {
            println!("the review queue is done for now");
            break;
        };
        seen.insert((q.a.clone(), q.b.clone()));
        show(store, &q.a, &q.b, blind)?;
        let verdict = loop {
            eprint!("same, different, skip or quit? [s/d/k/q] ");
            let mut line = String::new();
            if input.read_line(&mut line)? == 0 {
                eprintln!();
                break 'pairs;
            }
            match line.trim().to_ascii_lowercase().as_str() {
                "s" | "same" => break "same",
                "d" | "different" => break "different",
                "k" | "skip" => break "skip",
                "q" | "quit" => break 'pairs,
                other => eprintln!("{other:?}: answer s, d, k or q"),
            }
        };
        // A refused decision (a `same` an earlier `different` forbids) is
        // said and the session goes on.
        match decide(store, &q.a, &q.b, verdict, by.clone(), None) {
            Ok(_) => decided += u32::from(verdict != "skip"),
            Err(e) => eprintln!("not recorded: {e:#}"),
        }
        println!();
    }
    println!("{decided} pairs decided in this session");
    Ok(ExitCode::SUCCESS)
}

/// Both mentions side by side: as written and as compared, with the
/// reports' agencies and gradings; the model's score and its reasons
/// unless blind.
pub fn show(store: &dyn Store, a: &str, b: &str, blind: bool) -> anyhow::Result<ExitCode> {
    let model = load_model(store)?;
    let (pa, pb) = pair(store, a, b)?;
    let mut out = String::new();
    let _ = writeln!(out, "{:<16} {:<36} {}", "", pa.mention, pb.mention);
    let source = |m: &PersonMention| -> anyhow::Result<String> {
        let (report_id, _) = m.mention.split_once('#').unwrap_or((&m.mention, ""));
        Ok(match store.report(report_id)? {
            Some(r) => format!("{} {} {}", r.agency, r.occurred_at, r.evaluation),
            None => "(report missing)".into(),
        })
    };
    let _ = writeln!(
        out,
        "{:<16} {:<36} {}",
        "source",
        source(&pa)?,
        source(&pb)?
    );
    let _ = writeln!(out, "{:<16} {:<36} {}", "entity now", pa.entity, pb.entity);
    let _ = writeln!(out, "\nas written");
    for (c, name) in PERSON_VALUES.iter().enumerate() {
        let v = |m: &PersonMention| m.values[c].clone().unwrap_or_else(|| "—".into());
        let _ = writeln!(out, "  {:<14} {:<36} {}", name, v(&pa), v(&pb));
    }
    let _ = writeln!(out, "\nas compared");
    for (c, name) in PERSON_VALUES.iter().enumerate() {
        let kind = KINDS[c];
        let v = |m: &PersonMention| match m.values[c].as_deref() {
            None => "—".to_owned(),
            Some(raw) => compared(kind, raw),
        };
        let _ = writeln!(out, "  {:<14} {:<36} {}", name, v(&pa), v(&pb));
    }
    if blind {
        let _ = writeln!(out, "\n(blind review: the model's score is not shown)");
    } else {
        let (data, ia, ib) = crate::resolve::pair_dataset(store, &pa, &pb)?;
        let scored = corridor_resolve::score(&data, &model, ia, ib);
        let _ = writeln!(
            out,
            "\nthe model: match weight {:+.2}, probability {:.3}",
            scored.weight, scored.probability
        );
        for c in corridor_resolve::explain(&data, &model, ia, ib) {
            let _ = writeln!(
                out,
                "  {:>+7.2}  {:<16} {}",
                c.weight, c.comparison, c.level
            );
        }
    }
    let _ = writeln!(
        out,
        "\ndecide: corridor review decide {} {} same|different|skip",
        pa.mention, pb.mention
    );
    print!("{out}");
    Ok(ExitCode::SUCCESS)
}

fn compared(kind: FieldKind, raw: &str) -> String {
    match corridor_resolve::normalise(kind, raw) {
        corridor_resolve::Value::Name { folded, key } => format!("{folded} (key {key})"),
        corridor_resolve::Value::Text(t) => t,
        corridor_resolve::Value::Date { y, m, d } => {
            let part = |p: Option<u32>, w: usize| p.map_or("?".repeat(w), |p| format!("{p:0w$}"));
            format!(
                "{}-{}-{}",
                y.map_or("????".into(), |y| format!("{y:04}")),
                part(m, 2),
                part(d, 2)
            )
        }
        corridor_resolve::Value::Missing => "—".into(),
    }
}

fn load_model(store: &dyn Store) -> anyhow::Result<Model> {
    let json = store.resolution_model()?.ok_or_else(no_resolution)?;
    serde_json::from_str(&json)
        .context("the kept resolution model does not read; run `corridor resolve --retrain`")
}

fn pair(store: &dyn Store, a: &str, b: &str) -> anyhow::Result<(PersonMention, PersonMention)> {
    if a == b {
        bail!("{a} was given twice; a decision is about two different mentions");
    }
    let found = store.person_mentions(&[a.to_owned(), b.to_owned()])?;
    let get = |id: &str| {
        found.iter().find(|m| m.mention == id).cloned().with_context(|| {
            format!(
                "{id} is not a resolved person mention (REPORT#ref); protected people are never resolved, and mentions imported since the last run need `corridor resolve`"
            )
        })
    };
    Ok((get(a)?, get(b)?))
}

/// Records a decision on a pair and applies it at once.
pub fn decide(
    store: &mut dyn Store,
    a: &str,
    b: &str,
    verdict: &str,
    by: String,
    note: Option<String>,
) -> anyhow::Result<ExitCode> {
    let action = match verdict {
        "same" => Action::Same,
        "different" | "not-same" | "not_the_same" => Action::Different,
        "skip" => Action::Skip,
        other => bail!("{other:?} is not a decision; decide `same`, `different` or `skip`"),
    };
    let (pa, pb) = pair(store, a, b)?;
    if action == Action::Same && pa.entity != pb.entity {
        // A same decision that a split or a different keeps apart would
        // silently do nothing: say so instead.
        let decisions = store.decisions()?;
        for d in active(&decisions) {
            let apart = match d.action {
                Action::Different => {
                    let x = [d.a.as_deref(), d.b.as_deref()];
                    x.contains(&Some(a)) && x.contains(&Some(b))
                }
                Action::Split => {
                    (d.kept.iter().any(|m| m == a) && d.detached.iter().any(|m| m == b))
                        || (d.kept.iter().any(|m| m == b) && d.detached.iter().any(|m| m == a))
                }
                _ => false,
            };
            if apart {
                bail!(
                    "decision {} ({} by {} at {}) keeps {a} and {b} apart; undo it first with `corridor undo {}`",
                    d.id,
                    d.action.as_str(),
                    d.decided_by,
                    d.decided_at,
                    d.id
                );
            }
        }
    }
    let (id, moved) = recluster(
        store,
        Decision {
            id: 0,
            decided_at: String::new(),
            decided_by: by,
            action,
            a: Some(pa.mention.clone()),
            b: Some(pb.mention.clone()),
            entity: None,
            kept: Vec::new(),
            detached: Vec::new(),
            undoes: None,
            note,
        },
    )?;
    let id = id.unwrap_or_default();
    let now = store.entity_of(&pa.mention)?.unwrap_or_default();
    let other = store.entity_of(&pb.mention)?.unwrap_or_default();
    println!(
        "decision {id}: {} {} {}; {moved} mentions moved; now {} is in {now} and {} in {other}",
        pa.mention,
        action.as_str(),
        pb.mention,
        pa.mention,
        pb.mention
    );
    Ok(ExitCode::SUCCESS)
}

/// Splits the given mentions off their entity into one of their own.
pub fn split(
    store: &mut dyn Store,
    entity: &str,
    detach: &[String],
    by: String,
    note: Option<String>,
) -> anyhow::Result<ExitCode> {
    let Some(record) = store.entity(entity)? else {
        bail!("no entity {entity:?} in this store; find one with `corridor show REPORT#ref`");
    };
    if record.kind != "person" {
        bail!(
            "{entity} is a {}: objects are one entity per identifier and are not split",
            record.kind
        );
    }
    let members: HashSet<&str> = record.members.iter().map(String::as_str).collect();
    for m in detach {
        if !members.contains(m.as_str()) {
            bail!(
                "{m} is not a mention of {entity}; its mentions are {}",
                record.members.join(", ")
            );
        }
    }
    let detached: Vec<String> = {
        let mut d = detach.to_vec();
        d.sort();
        d.dedup();
        d
    };
    let kept: Vec<String> = record
        .members
        .iter()
        .filter(|m| !detached.contains(m))
        .cloned()
        .collect();
    if kept.is_empty() {
        bail!(
            "that would detach every mention of {entity}; name the mentions that are someone else"
        );
    }
    let (id, moved) = recluster(
        store,
        Decision {
            id: 0,
            decided_at: String::new(),
            decided_by: by,
            action: Action::Split,
            a: None,
            b: None,
            entity: Some(entity.to_owned()),
            kept: kept.clone(),
            detached: detached.clone(),
            undoes: None,
            note,
        },
    )?;
    let id = id.unwrap_or_default();
    let mut now: Vec<String> = Vec::new();
    for m in kept.iter().chain(&detached) {
        if let Some(e) = store.entity_of(m)? {
            if !now.contains(&e) {
                now.push(e);
            }
        }
    }
    println!(
        "decision {id}: split {entity}; {moved} mentions moved; its mentions are now in {} (undo with `corridor undo {id}`)",
        now.join(", ")
    );
    Ok(ExitCode::SUCCESS)
}

/// Withdraws a decision (a split, a same, a different — or an undo).
pub fn undo(
    store: &mut dyn Store,
    target: i64,
    by: String,
    note: Option<String>,
) -> anyhow::Result<ExitCode> {
    let decisions = store.decisions()?;
    let Some(d) = decisions.iter().find(|d| d.id == target) else {
        bail!("no decision {target}; list them with `corridor review history`");
    };
    if !active(&decisions).iter().any(|a| a.id == target) && d.action != Action::Undo {
        bail!("decision {target} is not in force (it was undone); undo the undo to restore it");
    }
    let (id, moved) = recluster(
        store,
        Decision {
            id: 0,
            decided_at: String::new(),
            decided_by: by,
            action: Action::Undo,
            a: None,
            b: None,
            entity: None,
            kept: Vec::new(),
            detached: Vec::new(),
            undoes: Some(target),
            note,
        },
    )?;
    let id = id.unwrap_or_default();
    println!(
        "decision {id}: undid decision {target} ({}); {moved} mentions moved",
        d.action.as_str()
    );
    Ok(ExitCode::SUCCESS)
}

/// Every decision (or those touching one entity's mentions), oldest first.
pub fn history(store: &dyn Store, entity: Option<&str>) -> anyhow::Result<ExitCode> {
    let decisions = store.decisions()?;
    let lines = history_lines(store, &decisions, entity)?;
    if lines.is_empty() {
        println!("no decisions recorded");
    }
    for l in lines {
        println!("{l}");
    }
    Ok(ExitCode::SUCCESS)
}

/// The decisions touching an entity's mentions (all, without one), as
/// lines for people: id, when, who, what, and whether still in force.
pub fn history_lines(
    store: &dyn Store,
    decisions: &[Decision],
    entity: Option<&str>,
) -> anyhow::Result<Vec<String>> {
    let members: Option<HashSet<String>> = match entity {
        Some(e) => store.entity(e)?.map(|r| r.members.into_iter().collect()),
        None => None,
    };
    let in_force: HashSet<i64> = active(decisions).iter().map(|d| d.id).collect();
    let by_id: HashMap<i64, &Decision> = decisions.iter().map(|d| (d.id, d)).collect();
    let touches = |d: &Decision| -> bool {
        let Some(members) = &members else { return true };
        let mut mentions = d.a.iter().chain(&d.b).chain(&d.kept).chain(&d.detached);
        mentions.any(|m| members.contains(m)) || d.entity.as_deref() == entity
    };
    let mut out = Vec::new();
    for d in decisions {
        let relevant = touches(d)
            || d.undoes
                .and_then(|t| by_id.get(&t))
                .is_some_and(|t| touches(t));
        if !relevant {
            continue;
        }
        let what = match d.action {
            Action::Same | Action::Different | Action::Skip => format!(
                "{} {} {}",
                d.a.as_deref().unwrap_or("?"),
                d.action.as_str(),
                d.b.as_deref().unwrap_or("?")
            ),
            Action::Split => format!(
                "split {}: detached {}",
                d.entity.as_deref().unwrap_or("?"),
                d.detached.join(", ")
            ),
            Action::Undo => format!("undo decision {}", d.undoes.unwrap_or_default()),
        };
        let state = if d.action == Action::Undo || in_force.contains(&d.id) {
            ""
        } else {
            " (undone)"
        };
        let note = d
            .note
            .as_deref()
            .map(|n| format!(" — {n}"))
            .unwrap_or_default();
        out.push(format!(
            "{:>4}  {}  {:<12} {what}{state}{note}",
            d.id, d.decided_at, d.decided_by
        ));
    }
    Ok(out)
}
