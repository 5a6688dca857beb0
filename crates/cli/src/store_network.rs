//! The network in the store: resolved people and the phones, vehicles,
//! documents, accounts and organisations that tie them, with payments
//! between them, as one graph for `corridor network` when no `--edges` is
//! given.
//!
//! A node is a resolved entity (`E-…` for a person, `PH-`/`VH-`/`DC-`/
//! `AC-`/`OR-` for an object), or a payment mention. An edge is a link some
//! report states between two of them, weighted by the grading of the
//! statement (the link's own evaluation, else its report's): the weights of
//! every report stating it add up, so a link seen by three agencies at A1
//! outweighs one reported once by a C3 source. Protected people and what
//! identifies only them are never resolved, so they are not in it; smuggled
//! migrants are, as people who are never targets. A person's role is their
//! suspect function (organisers and money handlers apart) and their route
//! stage the country where they were most often seen. `--since`/`--until`
//! keep the reports of a time window.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use corridor_graph::{Network, NodeAttributes, Role};
use corridor_model::{Entity, Report, Subject};
use corridor_store::Store;

/// The weight of one statement from its evaluation: EU 4x4 (`B2`: source
/// reliability A–F, information 1–6) or UK 3x5x2 (`2/B/P`: source 1–3,
/// intelligence A–E, handling). 1.0 for A1 / 1/A, down to 0.09.
pub fn grade_weight(evaluation: &str) -> f64 {
    let letter = |c: char| match c {
        'A' => 1.0,
        'B' => 0.8,
        'C' => 0.6,
        'D' => 0.4,
        _ => 0.3,
    };
    let digit = |c: char| match c {
        '1' => 1.0,
        '2' => 0.8,
        '3' => 0.6,
        '4' => 0.4,
        _ => 0.3,
    };
    let chars: Vec<char> = evaluation.chars().collect();
    match chars.as_slice() {
        [s, i] if s.is_ascii_alphabetic() => letter(*s) * digit(*i),
        [s, '/', i, ..] => {
            let source = match s {
                '1' => 1.0,
                '2' => 0.7,
                _ => 0.4,
            };
            source * letter(*i)
        }
        _ => 0.5,
    }
}

/// A time window over reports' dates (`YYYY-MM-DD` prefixes compare as
/// text).
pub struct Window<'a> {
    pub since: Option<&'a str>,
    pub until: Option<&'a str>,
}

impl Window<'_> {
    fn holds(&self, report: &Report) -> bool {
        let day = report.occurred_at.to_string();
        let day = &day[..day.len().min(10)];
        self.since.is_none_or(|s| day >= s) && self.until.is_none_or(|u| day <= u)
    }
}

/// The store's network, its nodes' roles and stages, and how many reports
/// it was built from.
pub fn load(db: &Path, window: &Window<'_>) -> anyhow::Result<(Network, NodeAttributes, u64)> {
    let store = crate::node::open(db)?;
    if store.resolution_header()?.is_none() {
        anyhow::bail!(
            "the store's people are not resolved yet: run `corridor resolve` first (or pass --edges FILE.csv)"
        );
    }
    let entity_of: HashMap<String, String> = store
        .entity_members()?
        .into_iter()
        .map(|(mention, _, entity)| (mention, entity))
        .collect();
    let mut weights: BTreeMap<(String, String), f64> = BTreeMap::new();
    let mut roles: HashMap<String, Role> = HashMap::new();
    let mut seen_in: HashMap<String, BTreeMap<String, u32>> = HashMap::new();
    let mut reports = 0u64;
    store.for_each_report(&mut |report| {
        if !window.holds(&report) {
            return Ok(());
        }
        reports += 1;
        let node = |reference: &str| -> Option<String> {
            let mention = format!("{}#{reference}", report.id);
            if let Some(e) = entity_of.get(&mention) {
                return Some(e.clone());
            }
            match &report
                .mention(&corridor_model::MentionRef::parse(reference).ok()?)?
                .subject
            {
                Subject::Disclosed(Entity::Payment(_)) => Some(format!("PAY-{mention}")),
                _ => None,
            }
        };
        for m in report.mentions() {
            let Some(id) = node(m.reference.as_str()) else {
                continue;
            };
            if let Subject::Disclosed(Entity::Person(p)) = &m.subject {
                let role = match (p.role().may_be_target(), p.function()) {
                    (false, _) => Role::NotTarget,
                    (true, Some(f)) => Role::parse(f.as_str()).unwrap_or(Role::Aide),
                    (true, None) => Role::Aide,
                };
                let slot = roles.entry(id).or_insert(role);
                // The most telling role any report gives: organiser and
                // money handler over aide, any suspect over a migrant.
                let rank = |r: Role| match r {
                    Role::Organiser => 4,
                    Role::MoneyHandler => 3,
                    Role::Aide => 2,
                    Role::NotTarget => 1,
                    Role::Unknown => 0,
                };
                if rank(role) > rank(*slot) {
                    *slot = role;
                }
            }
        }
        for l in report.links() {
            let (Some(a), Some(b)) = (node(l.from.as_str()), node(l.to.as_str())) else {
                // A place: where the person was seen, for their stage.
                if l.kind == corridor_model::LinkKind::SeenAt {
                    if let (Some(who), Some(m)) = (node(l.from.as_str()), report.mention(&l.to)) {
                        if let Subject::Disclosed(Entity::Place(p)) = &m.subject {
                            if let Some(c) = p.country {
                                *seen_in
                                    .entry(who)
                                    .or_default()
                                    .entry(c.to_string())
                                    .or_default() += 1;
                            }
                        }
                    }
                }
                continue;
            };
            if a == b {
                continue;
            }
            let grade = l
                .evaluation
                .as_ref()
                .map(|e| e.to_string())
                .unwrap_or_else(|| report.evaluation.to_string());
            let key = if a < b { (a, b) } else { (b, a) };
            *weights.entry(key).or_default() += grade_weight(&grade);
        }
        Ok(())
    })?;
    let network = Network::from_named_edges(
        weights
            .iter()
            .map(|((a, b), w)| (a.as_str(), b.as_str(), *w)),
    );
    let mut attributes = NodeAttributes::none(network.names.len());
    let mut stage_index: BTreeMap<String, u32> = BTreeMap::new();
    for (v, name) in network.names.iter().enumerate() {
        if let Some(role) = roles.get(name) {
            attributes.role[v] = *role;
        }
        if let Some(countries) = seen_in.get(name) {
            if let Some((country, _)) = countries
                .iter()
                .max_by_key(|(c, n)| (**n, std::cmp::Reverse((*c).clone())))
            {
                let next = stage_index.len() as u32;
                let i = *stage_index.entry(country.clone()).or_insert_with(|| {
                    attributes.stage_names.push(country.clone());
                    next
                });
                attributes.stage[v] = Some(i);
            }
        }
    }
    Ok((network, attributes, reports))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn better_grades_weigh_more() {
        assert_eq!(grade_weight("A1"), 1.0);
        assert!(grade_weight("B2") > grade_weight("C3"));
        assert!(grade_weight("1/A/P") > grade_weight("3/C/P"));
        assert!(grade_weight("C3") > 0.0);
        assert_eq!(grade_weight("??"), 0.5);
    }
}
