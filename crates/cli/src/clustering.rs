//! Entities from the kept pairs under the reviewers' decisions, as
//! `corridor resolve`, `review`, `split` and `undo` save them.
//!
//! Clustering is local to a connected component of accepted pairs (and
//! `same` decisions): nothing outside a component can change how it
//! clusters. A run that adds mentions, or a decision, therefore clusters
//! again only the components it touches and reads from the store only what
//! those held before (their entities and joins); every other entity and
//! join stays exactly as stored. A full run or a relink clusters
//! everything.

use std::collections::{HashMap, HashSet};

use corridor_resolve::{
    clusters_constrained, clusters_of, Accepted, Constraints, Dataset, Join, ScoredPair,
};
use corridor_store::{Action, Decision, Store, StoredJoin};

use crate::resolve::{entity_id, THRESHOLD};

/// The entities of the mentions clustered, and the joins that hold them.
pub struct Outcome {
    /// Every position clustered (all of them, or the touched components'),
    /// in order, with its entity.
    pub assigned: Vec<(u32, String)>,
    pub joins: Vec<Join>,
    /// Whether `assigned` covers every mention.
    pub everything: bool,
}

/// Joins stored before that no longer hold (by their ends), and new ones.
pub type JoinsChanged = (Vec<(u32, u32)>, Vec<StoredJoin>);

/// The pairs a clustering reads: those kept in the store (packed, read
/// once) and this run's.
pub struct Pairs<'a> {
    stored: Vec<Vec<u8>>,
    new: &'a [ScoredPair],
    /// How many mentions the pairs may name.
    mentions: u32,
}

impl<'a> Pairs<'a> {
    /// This run's pairs, and the store's when a run keeps them.
    pub fn new(
        store: Option<&dyn Store>,
        new: &'a [ScoredPair],
        mentions: usize,
    ) -> anyhow::Result<Pairs<'a>> {
        let mut stored = Vec::new();
        if let Some(store) = store {
            store.for_each_resolution_pairs(&mut |chunk| {
                stored.push(chunk.to_vec());
                Ok(())
            })?;
        }
        Ok(Pairs {
            stored,
            new,
            mentions: mentions as u32,
        })
    }

    /// Each pair as (a, b, weight), the probability left to whoever needs it.
    /// A stored pair that names no mention of the run (a damaged store) is
    /// an error, not a panic.
    fn for_each_weight(&self, each: &mut dyn FnMut(u32, u32, f64)) -> anyhow::Result<()> {
        let mut outside = None;
        for chunk in &self.stored {
            corridor_store::for_each_packed_pair(chunk, &mut |a, b, w| {
                if a < b && b < self.mentions {
                    each(a, b, w);
                } else {
                    outside.get_or_insert((a, b));
                }
            })?;
            if let Some((a, b)) = outside {
                anyhow::bail!(
                    "the store keeps a pair of mentions {a} and {b}, outside the {} it resolved; run `corridor resolve --retrain`",
                    self.mentions
                );
            }
        }
        for p in self.new {
            each(p.a, p.b, p.weight);
        }
        Ok(())
    }

    fn for_each(&self, each: &mut dyn FnMut(ScoredPair)) -> anyhow::Result<()> {
        self.for_each_weight(&mut |a, b, weight| {
            each(ScoredPair {
                a,
                b,
                weight,
                probability: corridor_resolve::probability(weight),
            })
        })
    }
}

/// The match weight at the decision threshold: a pair is accepted when its
/// weight is at least this (log2 odds of the threshold probability).
fn accepting_weight() -> f64 {
    (THRESHOLD / (1.0 - THRESHOLD)).log2()
}

/// Clusters every mention of `data` from `pairs` under the decisions.
pub fn everything(
    data: &Dataset,
    pairs: &Pairs,
    decisions: &[Decision],
) -> anyhow::Result<Outcome> {
    let n = data.len();
    let in_force = active(decisions);
    let constraints = constraints(&in_force, &positions(data, &in_force));
    let mut all = Vec::new();
    pairs.for_each(&mut |p| all.push(p))?;
    let dates = corridor_resolve::birth_dates(data, 0..n as u32);
    let (roots, joins) = clusters_constrained(n, &all, THRESHOLD, &constraints, &dates);
    let members: Vec<u32> = (0..n as u32).collect();
    Ok(Outcome {
        assigned: name(data, &members, &roots),
        joins,
        everything: true,
    })
}

/// Clusters again only the components holding one of `touched` (with the
/// pairs and decisions as they are now); the rest keep their entities.
pub fn touched(
    data: &Dataset,
    pairs: &Pairs,
    decisions: &[Decision],
    touched: &[u32],
) -> anyhow::Result<Outcome> {
    let n = data.len();
    let in_force = active(decisions);
    let constraints = constraints(&in_force, &positions(data, &in_force));
    let accepting = accepting_weight();
    let mut parent: Vec<u32> = (0..n as u32).collect();
    // The accepted pairs, decoded once: only they can join (the clustering
    // below keeps no other), and decoding every kept pair a second time
    // cost a third of this function.
    let mut accepted: Vec<(u32, u32, f64)> = Vec::new();
    pairs.for_each_weight(&mut |a, b, w| {
        if w >= accepting {
            union(&mut parent, a, b);
            accepted.push((a, b, w));
        }
    })?;
    for &(a, b) in &constraints.same {
        union(&mut parent, a, b);
    }
    let roots: HashSet<u32> = touched.iter().map(|&i| root(&mut parent, i)).collect();
    // The touched components' mentions, numbered from 0 for a clustering
    // of their own: nothing outside them can change how they cluster.
    let members: Vec<u32> = (0..n as u32)
        .filter(|&i| roots.contains(&root(&mut parent, i)))
        .collect();
    let mut local = vec![u32::MAX; n];
    for (k, &i) in members.iter().enumerate() {
        local[i as usize] = k as u32;
    }
    let inside = |a: u32| local[a as usize] != u32::MAX;
    let mut sub = Accepted::new(THRESHOLD);
    for &(a, b, weight) in &accepted {
        if inside(a) {
            sub.push(local[a as usize], local[b as usize], weight);
        }
    }
    let within = |(a, b): &(u32, u32)| inside(*a) && inside(*b);
    let to_local = |(a, b): &(u32, u32)| (local[*a as usize], local[*b as usize]);
    let constraints = Constraints {
        same: constraints
            .same
            .iter()
            .filter(|p| within(p))
            .map(to_local)
            .collect(),
        different: constraints
            .different
            .iter()
            .filter(|p| within(p))
            .map(to_local)
            .collect(),
    };
    let dates = corridor_resolve::birth_dates(data, members.iter().copied());
    let (ids, mut joins) = clusters_of(members.len(), sub, &constraints, &dates);
    for j in &mut joins {
        j.pair.a = members[j.pair.a as usize];
        j.pair.b = members[j.pair.b as usize];
    }
    let cluster: Vec<u32> = ids.iter().map(|&k| members[k as usize]).collect();
    let mut of = vec![0u32; n];
    for (k, &i) in members.iter().enumerate() {
        of[i as usize] = cluster[k];
    }
    Ok(Outcome {
        assigned: name(data, &members, &of),
        joins,
        everything: false,
    })
}

/// Each member's entity id: named after the smallest mention id of its
/// cluster, so the name does not depend on the order mentions arrived in.
fn name(data: &Dataset, members: &[u32], cluster: &[u32]) -> Vec<(u32, String)> {
    let mut smallest: HashMap<u32, &str> = HashMap::new();
    for &i in members {
        let id = data.id(i);
        smallest
            .entry(cluster[i as usize])
            .and_modify(|s| *s = (*s).min(id))
            .or_insert(id);
    }
    let names: HashMap<u32, String> = smallest
        .into_iter()
        .map(|(c, id)| (c, entity_id("E", id)))
        .collect();
    members
        .iter()
        .map(|&i| (i, names[&cluster[i as usize]].clone()))
        .collect()
}

impl Outcome {
    /// The joins as stored.
    pub fn stored_joins(&self) -> Vec<StoredJoin> {
        self.joins
            .iter()
            .map(|j| StoredJoin {
                a: j.pair.a,
                b: j.pair.b,
                weight: (!j.decided).then_some(j.pair.weight),
                probability: j.pair.probability,
                decided: j.decided,
            })
            .collect()
    }

    /// The entities the clustered mentions stored before (positions below
    /// `known`) had, as the store holds them: position and entity.
    pub fn before(&self, store: &dyn Store, known: usize) -> anyhow::Result<Vec<(u32, String)>> {
        let positions: Vec<u32> = self
            .assigned
            .iter()
            .map(|(i, _)| *i)
            .filter(|&i| (i as usize) < known)
            .collect();
        let entities = store.entities_at(&positions)?;
        Ok(positions.into_iter().zip(entities).collect())
    }

    /// The mentions (of those in `before`) now in another entity.
    pub fn moved(&self, before: &[(u32, String)]) -> Vec<(u32, String)> {
        let now: HashMap<u32, &str> = self
            .assigned
            .iter()
            .map(|(i, e)| (*i, e.as_str()))
            .collect();
        before
            .iter()
            .filter(|(i, was)| now.get(i).is_some_and(|e| *e != was))
            .map(|(i, _)| (*i, now[i].to_owned()))
            .collect()
    }

    /// The joins stored before that no longer hold, and the new ones: for
    /// an outcome of touched components, against what the store holds for
    /// them.
    pub fn joins_changed(&self, store: Option<&dyn Store>) -> anyhow::Result<JoinsChanged> {
        let now = self.stored_joins();
        let Some(store) = store else {
            return Ok((Vec::new(), now));
        };
        let positions: Vec<u32> = self.assigned.iter().map(|(i, _)| *i).collect();
        let before = store.joins_at(&positions)?;
        let key = |j: &StoredJoin| (j.a, j.b, j.decided);
        let now_keys: HashSet<(u32, u32, bool)> = now.iter().map(key).collect();
        let before_keys: HashSet<(u32, u32, bool)> = before.iter().map(key).collect();
        Ok((
            before
                .iter()
                .filter(|j| !now_keys.contains(&key(j)))
                .map(|j| (j.a, j.b))
                .collect(),
            now.into_iter()
                .filter(|j| !before_keys.contains(&key(j)))
                .collect(),
        ))
    }

    /// How many distinct entities the clustered mentions make.
    pub fn entities(&self) -> usize {
        self.assigned
            .iter()
            .map(|(_, e)| e.as_str())
            .collect::<HashSet<_>>()
            .len()
    }

    /// Entities of more than one mention, and the largest entity's size.
    pub fn sizes(&self) -> (usize, usize) {
        let mut sizes: HashMap<&str, usize> = HashMap::new();
        for (_, e) in &self.assigned {
            *sizes.entry(e.as_str()).or_default() += 1;
        }
        (
            sizes.values().filter(|&&s| s > 1).count(),
            sizes.values().copied().max().unwrap_or(0),
        )
    }
}

/// The positions of the mentions the decisions name.
fn positions<'a>(data: &'a Dataset, decisions: &[&Decision]) -> HashMap<&'a str, u32> {
    let named: HashSet<&str> = decisions
        .iter()
        .flat_map(|d| d.a.iter().chain(&d.b).chain(&d.kept).chain(&d.detached))
        .map(String::as_str)
        .collect();
    if named.is_empty() {
        return HashMap::new();
    }
    (0..data.len() as u32)
        .filter(|&i| named.contains(data.id(i)))
        .map(|i| (data.id(i), i))
        .collect()
}

fn root(parent: &mut [u32], mut x: u32) -> u32 {
    while parent[x as usize] != x {
        parent[x as usize] = parent[parent[x as usize] as usize];
        x = parent[x as usize];
    }
    x
}

fn union(parent: &mut [u32], a: u32, b: u32) {
    let (ra, rb) = (root(parent, a), root(parent, b));
    parent[ra.max(rb) as usize] = ra.min(rb);
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

/// The mentions a decision names, and those of the decisions an undo
/// withdraws or restores: where clustering may change when it is made.
pub fn named_by(decision: &Decision, decisions: &[Decision]) -> Vec<String> {
    let mut out = Vec::new();
    let mut next = Some(decision);
    let mut seen = HashSet::new();
    while let Some(d) = next {
        if !seen.insert(d.id) {
            break;
        }
        out.extend(
            d.a.iter()
                .chain(&d.b)
                .chain(&d.kept)
                .chain(&d.detached)
                .cloned(),
        );
        next = d
            .undoes
            .and_then(|target| decisions.iter().find(|x| x.id == target));
    }
    out
}

pub fn constraints(decisions: &[&Decision], position: &HashMap<&str, u32>) -> Constraints {
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

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn an_undo_names_the_mentions_of_what_it_withdraws() {
        let mut split = decision(1, Action::Split, None);
        split.kept = vec!["R#p1".into()];
        split.detached = vec!["R#p2".into()];
        let undo = decision(2, Action::Undo, Some(1));
        let redo = decision(3, Action::Undo, Some(2));
        let all = [split, undo, redo.clone()];
        assert_eq!(named_by(&redo, &all), vec!["R#p1", "R#p2"]);
    }
}
