//! Stored cases as text for a person at a terminal: one case, or a list.

use std::fmt::Write as _;

use chrono::NaiveDate;
use corridor_returns::caseload::{Caseload, Filter, DEFAULT_ALERT_DAYS};
use corridor_returns::file::CaseFile;
use corridor_returns::overview::{Deadline, Overview};
use corridor_store::TransferRecord;

/// A value's name as the JSON formats write it (`emergency_travel_document`).
fn word<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn deadline(d: &Deadline) -> String {
    let when = match d.days_left {
        0 => "today".to_owned(),
        1 => "tomorrow".to_owned(),
        n if n > 1 => format!("in {n} days"),
        -1 => "passed yesterday".to_owned(),
        n => format!("passed {} days ago", -n),
    };
    format!("{}  {:<26} {when}", d.due, word(&d.kind))
}

fn or_dash<T: std::fmt::Display>(v: Option<T>) -> String {
    v.map_or_else(|| "-".to_owned(), |v| v.to_string())
}

/// One case: who, where it stands, its deadlines, its events, its transfers.
pub fn case(
    file: &CaseFile,
    o: &Overview,
    transfers: &[TransferRecord],
    as_of: NaiveDate,
) -> String {
    let mut out = String::new();
    let p = &file.person;
    let _ = writeln!(
        out,
        "case {} ({}, {}), opened {} by {}",
        file.id,
        file.agency,
        file.jurisdiction.profile().code,
        file.opened_at,
        file.opened_by
    );
    let hub = match (&o.in_hub, &o.planned_hub) {
        (Some(h), _) => format!("in hub {} since {}", h.hub, h.since),
        (None, Some(h)) if o.stage < corridor_returns::overview::Stage::InHub => {
            format!("heading for hub {h}")
        }
        _ => "no hub".to_owned(),
    };
    let _ = writeln!(
        out,
        "stage {} on {as_of}; detained since {}; {hub}",
        o.stage,
        or_dash(o.detained_since)
    );
    let _ = writeln!(
        out,
        "person: {} {}, born {}, nationality {}{}",
        file.identity.given_names,
        file.identity.family_name,
        or_dash(p.date_of_birth),
        or_dash(file.nationality(as_of)),
        if p.age_disputed { ", age disputed" } else { "" }
    );
    if let Some(d) = file.return_document(as_of) {
        let _ = writeln!(
            out,
            "document for return: {} {} ({}){}",
            word(&d.kind),
            d.number,
            d.issuing_state,
            d.expires
                .map(|e| format!(", expires {e}"))
                .unwrap_or_default()
        );
    }
    if !p.vulnerabilities.is_empty() {
        let v: Vec<&str> = p.vulnerabilities.iter().map(|v| v.as_str()).collect();
        let _ = writeln!(out, "vulnerabilities recorded: {}", v.join(", "));
    }
    for m in &p.family_members {
        let _ = writeln!(
            out,
            "family: {} ({}{})",
            m.id,
            word(&m.relationship),
            if m.in_territory {
                ", in the territory"
            } else {
                ", abroad"
            }
        );
    }
    if o.deadlines.is_empty() {
        let _ = writeln!(out, "deadlines: none running");
    } else {
        let _ = writeln!(out, "deadlines:");
        for d in &o.deadlines {
            let _ = writeln!(out, "  {}", deadline(d));
        }
    }
    let _ = writeln!(out, "events:");
    for r in &file.events {
        let e = &r.event;
        let _ = writeln!(
            out,
            "  {:>3}  {}  {:<28} by {}; legal basis: {}; rationale: {}",
            r.seq,
            e.date,
            e.kind.name(),
            or_dash(e.by.as_deref()),
            or_dash(e.legal_basis.as_deref()),
            or_dash(e.rationale.as_deref())
        );
    }
    if !transfers.is_empty() {
        let _ = writeln!(out, "transfers:");
        for t in transfers {
            let _ = writeln!(
                out,
                "  {:>3}  {}  to the {} {} by {}; legal basis: {}; fields: {}",
                t.id,
                t.at,
                t.transfer.recipient_role.replace('_', " "),
                t.transfer.recipient_state,
                t.by_user,
                t.transfer.legal_basis,
                t.transfer.fields.join(", ")
            );
        }
    }
    out
}

/// A list of cases, its hub if asked, and the counts.
pub fn list(load: &Caseload, filter: &Filter) -> String {
    let mut out = String::new();
    if let Some(h) = &load.hub {
        let _ =
            writeln!(
            out,
            "hub {} ({}{}): {} of {} places taken on {} ({} of them cases of this node), {} free",
            h.id,
            h.host_state,
            h.name.as_deref().map(|n| format!(", {n}")).unwrap_or_default(),
            h.occupancy,
            h.capacity,
            load.as_of,
            h.listed,
            h.capacity.saturating_sub(h.occupancy)
        );
        let s = &h.length_of_stay;
        let stays = |label: &str, st: &corridor_returns::hubs::StayStats| match (
            st.median_days,
            st.max_days,
        ) {
            (Some(median), Some(max)) => {
                format!("{} {label} (median {median} days, longest {max})", st.count)
            }
            _ => format!("no {label}"),
        };
        let _ = writeln!(
            out,
            "  stays of this node's cases: {}; {}",
            stays("current", &s.current),
            stays("completed", &s.completed)
        );
    }
    let _ = writeln!(
        out,
        "{:<18} {:<18} {:<11} {:<14} next deadline",
        "case", "stage", "detained", "hub"
    );
    for r in &load.cases {
        let heading = r
            .planned_hub
            .as_ref()
            .filter(|_| r.stage < corridor_returns::overview::Stage::InHub)
            .map(|h| format!("→ {h}"));
        let hub = r.in_hub.clone().or(heading).unwrap_or_else(|| "-".into());
        let next = r.deadlines.first().map(deadline).unwrap_or_default();
        let _ = writeln!(
            out,
            "{:<18} {:<18} {:<11} {:<14} {next}",
            r.id,
            r.stage.as_str(),
            or_dash(r.detained_since),
            hub
        );
    }
    let stages: Vec<String> = load
        .by_stage
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(s, n)| format!("{s} {n}"))
        .collect();
    let _ = writeln!(
        out,
        "{} cases ({}); {} deadlines due within {} days, as of {}",
        load.cases.len(),
        if stages.is_empty() {
            "none".to_owned()
        } else {
            stages.join(", ")
        },
        load.deadlines_due,
        filter.deadline_within.unwrap_or(DEFAULT_ALERT_DAYS),
        load.as_of
    );
    out
}

/// Placement proposals: each proposal, each case not placed with the
/// rules that block it in each hub, and each hub's places.
pub fn proposals(report: &corridor_returns::hubs::HubsReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "placement proposals on {} (nothing is placed):",
        report.as_of
    );
    for p in &report.proposals {
        let _ = writeln!(out, "  {:<18} → {} ({})", p.case, p.hub, p.host_state);
    }
    for n in &report.not_placed {
        let tried: Vec<String> = n
            .tried
            .iter()
            .map(|t| {
                if t.full {
                    format!("{} full", t.hub)
                } else {
                    let rules: Vec<&str> = t.reasons.iter().map(|r| r.rule.as_str()).collect();
                    format!("{}: {}", t.hub, rules.join(", "))
                }
            })
            .collect();
        let _ = writeln!(out, "  {:<18} not placed: {}", n.case, tried.join("; "));
    }
    for h in &report.hubs {
        let _ = writeln!(
            out,
            "hub {} ({}): {} of {} places taken, {} after the proposals, {} free",
            h.id, h.host_state, h.occupancy, h.capacity, h.occupancy_after, h.free_after
        );
    }
    out
}
