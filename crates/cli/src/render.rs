//! `corridor show` and `corridor search`: reports and mentions for people
//! to read, with protected people withheld unless asked for.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::process::ExitCode;

use anyhow::bail;
use corridor_model::{Entity, Evaluation, Mention, MentionRef, Report, Subject};
use corridor_store::Store;

const WITHHELD: &str = "[withheld: protected; --reveal-protected to show]";

pub fn show(store: &dyn Store, id: &str, reveal: bool) -> anyhow::Result<ExitCode> {
    if !id.contains('#') {
        if let Some(entity) = store.entity(id)? {
            print!("{}", entity_text(store, &entity)?);
            return Ok(ExitCode::SUCCESS);
        }
    }
    let (report_id, reference) = match id.split_once('#') {
        Some((r, m)) => (r, Some(m)),
        None => (id, None),
    };
    let Some(report) = store.report(report_id)? else {
        bail!("no report {report_id:?} in this store; find ids with `corridor search TEXT`");
    };
    let protected = if reveal {
        BTreeSet::new()
    } else {
        report.protected_refs()
    };
    let text = match reference {
        None => report_text(&report, &protected),
        Some(r) => {
            let found = MentionRef::parse(r)
                .ok()
                .and_then(|r| report.mention(&r).cloned());
            let Some(mention) = found else {
                let refs: Vec<&str> = report
                    .mentions()
                    .iter()
                    .map(|m| m.reference.as_str())
                    .collect();
                bail!(
                    "report {report_id} has no mention {r:?}; its mentions are {}",
                    refs.join(", ")
                );
            };
            let mut text = mention_text(&report, &mention, &protected);
            if let Some(entity) = store.entity_of(id)? {
                let _ = writeln!(text, "\nresolved into {entity} (corridor show {entity})");
            }
            text
        }
    };
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}

pub fn search(store: &dyn Store, text: &str, limit: usize) -> anyhow::Result<ExitCode> {
    let hits = store.search(text, limit)?;
    if hits.is_empty() {
        println!("no mention matches {text:?}");
        return Ok(ExitCode::SUCCESS);
    }
    for h in &hits {
        let what = match &h.role {
            Some(role) => format!("{} ({role})", h.kind),
            None => h.kind.clone(),
        };
        let id = format!("{}#{}", h.report_id, h.reference);
        let label = h.label.as_deref().unwrap_or(WITHHELD);
        println!(
            "{id:<34} {what:<24} {label:<36} {} {}",
            h.agency, h.occurred_at
        );
    }
    if hits.len() == limit {
        println!("(first {limit} hits; --limit for more)");
    }
    Ok(ExitCode::SUCCESS)
}

fn report_text(r: &Report, protected: &BTreeSet<MentionRef>) -> String {
    let mut out = String::new();
    provenance(&mut out, r);
    if let Some(summary) = &r.summary {
        if protected.is_empty() {
            let _ = writeln!(out, "  {:<16}{summary}", "summary");
        } else {
            let _ = writeln!(out, "  {:<16}{WITHHELD}", "summary");
        }
    }
    let _ = writeln!(out, "\nmentions ({})", r.mentions().len());
    for m in r.mentions() {
        let _ = writeln!(
            out,
            "  {:<10} {:<14} {}",
            m.reference,
            m.subject.kind(),
            describe(m, protected)
        );
    }
    let _ = writeln!(out, "\nlinks ({})", r.links().len());
    for l in r.links() {
        let at = l.at.map(|d| format!("  ({d})")).unwrap_or_default();
        let _ = writeln!(out, "  {} --{}--> {}{at}", l.from, l.kind, l.to);
    }
    out
}

fn mention_text(r: &Report, m: &Mention, protected: &BTreeSet<MentionRef>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "mention {}#{}", r.id, m.reference);
    let _ = writeln!(out, "  {:<16}{}", "kind", m.subject.kind());
    let _ = writeln!(out, "  {:<16}{}", "is", describe(m, protected));
    if let Some(e) = m.evaluation {
        let _ = writeln!(
            out,
            "  {:<16}{} (this statement)",
            "evaluation",
            evaluation(e)
        );
    }
    if !protected.contains(&m.reference) {
        if let Subject::Disclosed(e) = &m.subject {
            details(&mut out, e);
        }
    }
    let _ = writeln!(out, "\nfrom");
    provenance(&mut out, r);
    let _ = writeln!(out, "\nlinks");
    for l in r
        .links()
        .iter()
        .filter(|l| l.from == m.reference || l.to == m.reference)
    {
        let other = if l.from == m.reference {
            &l.to
        } else {
            &l.from
        };
        let arrow = if l.from == m.reference { "-->" } else { "<--" };
        let other_text = r
            .mention(other)
            .map(|o| describe(o, protected))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  {arrow} {:<16} {other}: {other_text}",
            l.kind.as_str()
        );
    }
    out
}

/// An entity: every mention with its agency, time and grading and what it
/// says of the person, then the pairs that joined them and why.
fn entity_text(store: &dyn Store, entity: &corridor_store::EntityRecord) -> anyhow::Result<String> {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "entity {} ({}) — {} mentions",
        entity.id,
        entity.kind,
        entity.members.len()
    );
    for member in &entity.members {
        let (report_id, reference) = member.split_once('#').unwrap_or((member, ""));
        let Some(report) = store.report(report_id)? else {
            continue;
        };
        let Some(mention) = MentionRef::parse(reference)
            .ok()
            .and_then(|r| report.mention(&r).cloned())
        else {
            continue;
        };
        let protected = report.protected_refs();
        let _ = writeln!(
            out,
            "\n  {member}  {}  {}  {} / {}",
            report.agency,
            report.occurred_at,
            evaluation(mention.evaluation.unwrap_or(report.evaluation)),
            report.handling
        );
        let _ = writeln!(out, "    {}", describe(&mention, &protected));
        if let Subject::Disclosed(e) = &mention.subject {
            let mut details_text = String::new();
            details(&mut details_text, e);
            for line in details_text.lines() {
                let _ = writeln!(out, "  {line}");
            }
        }
    }
    if !entity.joins.is_empty() {
        let _ = writeln!(out, "\nwhy these mentions are one {}", entity.kind);
    }
    let model: Option<corridor_resolve::Model> = match store.resolution_model()? {
        Some(json) if !entity.joins.is_empty() => serde_json::from_str(&json).ok(),
        _ => None,
    };
    for j in &entity.joins {
        match (j.decided, j.weight) {
            (true, _) | (_, None) => {
                let _ = writeln!(out, "\n  {} ~ {}: decided by a reviewer", j.a, j.b);
            }
            (false, Some(weight)) => {
                let _ = writeln!(
                    out,
                    "\n  {} ~ {}: match weight {weight:+.2}, probability {:.4}",
                    j.a, j.b, j.probability
                );
                if let Some(model) = &model {
                    for (comparison, level, weight) in waterfall(store, model, &j.a, &j.b)? {
                        let _ = writeln!(out, "    {weight:>+7.2}  {comparison:<16} {level}");
                    }
                }
            }
        }
    }
    let decisions = store.decisions()?;
    let history = crate::review::history_lines(store, &decisions, Some(&entity.id))?;
    if !history.is_empty() {
        let _ = writeln!(out, "\nreview history");
        for line in history {
            let _ = writeln!(out, "  {line}");
        }
    }
    Ok(out)
}

/// Why the model joined two person mentions: its waterfall under the kept
/// model, from the values resolution compared.
fn waterfall(
    store: &dyn Store,
    model: &corridor_resolve::Model,
    a: &str,
    b: &str,
) -> anyhow::Result<Vec<(String, String, f64)>> {
    let found = store.person_mentions(&[a.to_owned(), b.to_owned()])?;
    let (Some(ma), Some(mb)) = (
        found.iter().find(|m| m.mention == a),
        found.iter().find(|m| m.mention == b),
    ) else {
        return Ok(Vec::new());
    };
    let (data, ia, ib) = crate::resolve::pair_dataset(store, ma, mb)?;
    Ok(corridor_resolve::explain(&data, model, ia, ib)
        .into_iter()
        .map(|c| (c.comparison, c.level, c.weight))
        .collect())
}

fn provenance(out: &mut String, r: &Report) {
    let _ = writeln!(out, "report {}", r.id);
    let _ = writeln!(out, "  {:<16}{}", "kind", r.kind);
    let _ = writeln!(out, "  {:<16}{}", "agency", r.agency);
    let _ = writeln!(out, "  {:<16}{}", "occurred at", r.occurred_at);
    if let Some(t) = r.recorded_at {
        let _ = writeln!(out, "  {:<16}{t}", "recorded at");
    }
    let _ = writeln!(out, "  {:<16}{}", "evaluation", evaluation(r.evaluation));
    let _ = writeln!(out, "  {:<16}{}", "handling", r.handling);
    let partners: Vec<String> = r
        .releasable_to
        .partners()
        .map(ToString::to_string)
        .collect();
    let releasable = if partners.is_empty() {
        "originator only".to_owned()
    } else {
        partners.join(", ")
    };
    let _ = writeln!(out, "  {:<16}{releasable}", "releasable to");
}

/// A grade as written; a UK 3x5x2 grade also in EU 4x4 terms, so that
/// grades from both systems can be compared at a glance.
fn evaluation(e: Evaluation) -> String {
    match e {
        Evaluation::Eu { .. } => e.to_string(),
        Evaluation::Uk { .. } => {
            let (s, i) = e.to_eu();
            format!("{e} (about {s:?}{} in EU 4x4)", i as u8 + 1)
        }
    }
}

/// One line about a mention.
fn describe(m: &Mention, protected: &BTreeSet<MentionRef>) -> String {
    let function = match &m.subject {
        Subject::Disclosed(Entity::Person(p)) => p.function().map(|f| format!(" ({f})")),
        _ => None,
    };
    let role = m
        .subject
        .role()
        .map(|r| format!("{r}{}: ", function.unwrap_or_default()))
        .unwrap_or_default();
    match &m.subject {
        Subject::Withheld(_) => format!("{role}[withheld by the provider]"),
        Subject::Disclosed(_) if protected.contains(&m.reference) => format!("{role}{WITHHELD}"),
        Subject::Disclosed(Entity::Person(p)) => {
            let mut s = role;
            s.push_str(&p.display_name().unwrap_or_else(|| "(name unknown)".into()));
            if let Some(d) = p.birth_date {
                let _ = write!(s, ", born {d}");
            }
            if let Some(n) = p.nationality {
                let _ = write!(s, ", {n}");
            }
            s
        }
        Subject::Disclosed(e) => e.label(),
    }
}

fn details(out: &mut String, e: &Entity) {
    let mut field = |name: &str, value: Option<String>| {
        if let Some(v) = value {
            let _ = writeln!(out, "  {name:<16}{v}");
        }
    };
    match e {
        Entity::Person(p) => {
            field("given name", p.given_name.clone());
            field("family name", p.family_name.clone());
            field("full name", p.full_name.clone());
            field(
                "aliases",
                (!p.aliases.is_empty()).then(|| p.aliases.join("; ")),
            );
            field("sex", p.sex.map(|s| s.to_string()));
        }
        Entity::Phone(p) => {
            field("written", Some(p.number.written().to_owned()));
            field("E.164", p.number.e164().map(str::to_owned));
        }
        Entity::Vehicle(v) => {
            field(
                "plate",
                v.plate
                    .as_ref()
                    .map(|p| format!("{} (key {})", p.written(), p.key())),
            );
            field("country", v.country.map(|c| c.to_string()));
            field("type", v.vehicle_type.map(|t| t.to_string()));
        }
        Entity::Document(d) => {
            field("issuing state", d.issuing_state.map(|c| c.to_string()));
            field("expires", d.expiry_date.map(|x| x.to_string()));
            field(
                "MRZ",
                d.mrz.as_ref().map(|l| l.join("\n                  ")),
            );
        }
        Entity::Place(p) => {
            field("type", p.place_type.map(|t| t.to_string()));
            field(
                "coordinates",
                p.coordinates
                    .map(|c| format!("{:.5}, {:.5}", c.lat(), c.lon())),
            );
        }
        Entity::Account(a) => field("url", a.url.clone()),
        Entity::Payment(p) => {
            field("method", p.method.map(|m| m.to_string()));
            field("date", p.date.map(|d| d.to_string()));
        }
        Entity::Organisation(o) => field(
            "aliases",
            (!o.aliases.is_empty()).then(|| o.aliases.join("; ")),
        ),
    }
}
