//! Smuggling networks: communities of the suspects, with everyone and
//! everything else placed beside the suspects they are tied to.
//!
//! On a network of people and objects, modularity groups a driver with the
//! migrants he carried: most nodes are migrants, and each journey is a
//! dense little star. Those are not the networks an analyst asks for. A
//! smuggling network is its smugglers, tied by what they share: so
//! communities are found on the **suspects' network**, where two suspects
//! are tied by
//!
//! - a link between them;
//! - anything or anyone both are linked to (a migrant both moved, a phone,
//!   a vehicle, a payment, the organisation both are named in), weighing
//!   the weaker of the two links;
//! - two objects that are linked, each to one of them (the driver's phone
//!   called the organiser's phone), weighing the weakest of the three links.
//!
//! The weights of every such tie add up. An intermediary tied to more than
//! [`MAX_SHARED`] suspects ties none of them: a migrant's journey passes a
//! handful of smugglers, one or two a stage, and a phone, car or document
//! is used by a few people; one shared by more is a hub (a public line, an
//! organisation's name in many notes) or two records resolved into one
//! (namesake migrants, common in large stores), and says nothing about who
//! works with whom.
//!
//! Modularity cannot tell apart communities whose ties to each other
//! exceed what their sizes predict against the whole graph's weight, and
//! that weight grows with every network in the store while a smuggling
//! network stays the size it is (the resolution limit, Fortunato &
//! Barthélemy 2007). So on the suspects' network the resolution follows
//! the square root of the ties' total weight `W`: it is multiplied by
//! `sqrt(W / W₀)` with `W₀` = [`SCALE_WEIGHT`], never by less than
//! [`MIN_SCALE`]. The scenario's large store (forty networks, `W` ≈
//! 63,000) is read at four times the resolution asked for, a medium one
//! (eight networks, `W` ≈ 1,300) at 0.57 times.
//!
//! Then every other node joins the community it is most strongly linked
//! to, nearest suspects first (breadth-first from the suspects; ties go to
//! the lower community), and what no path reaches from a suspect is
//! partitioned by itself, with the options as given.

use crate::csr::{Graph, NodeId};
use crate::io::Role;
use crate::leiden::{leiden, LeidenOptions, Partition, Quality};

/// An intermediary shared by more suspects than this ties none of them.
/// Measured on the scenario's truth (NMI of the communities against the
/// networks, resolution unscaled): on the large store 64 gave 0.928, 16
/// 0.932, 8 0.941, 6 0.949, 4 0.948; on five medium ones 6 changed one
/// (0.782 → 0.823) and none of the others.
pub const MAX_SHARED: usize = 6;

/// The total tie weight at which the suspects' network is read at the
/// resolution asked for; it is read at `sqrt(W / SCALE_WEIGHT)` times that
/// resolution (never less than [`MIN_SCALE`] times). A medium scenario's
/// suspects' ties weigh 1,300–1,400 (×0.57–0.59), the large one's 63,000
/// (×4.0). On the large store 2,000 to 8,000 gave NMI 0.985–0.992 (0.949
/// unscaled); on five medium ones the scaling took the mean from 0.830 to
/// 0.850 (better on four), the small one 0.601 → 0.627.
pub const SCALE_WEIGHT: f64 = 4_000.0;

/// The least the resolution is scaled by: a handful of suspects' ties
/// would otherwise bring it near 0, where modularity joins everything
/// connected.
pub const MIN_SCALE: f64 = 0.5;

/// Communities of a network whose people have roles (see the module
/// documentation). `role[v]` is node `v`'s role: suspects are the nodes
/// communities are built around, [`Role::Unknown`] nodes are objects (the
/// inner links of a three-step tie run between objects only), and people
/// who are never targets are carried along like objects. Without any
/// suspect this is [`leiden`] on the whole graph.
///
/// # Panics
/// If `role` is not one per node.
pub fn suspect_communities(graph: &Graph, role: &[Role], options: &LeidenOptions) -> Partition {
    assert_eq!(role.len(), graph.len(), "one role per node");
    let n = graph.len();
    let suspects: Vec<NodeId> = (0..n as NodeId)
        .filter(|&v| role[v as usize].is_suspect())
        .collect();
    if suspects.is_empty() {
        return leiden(graph, options);
    }
    let mut index = vec![NodeId::MAX; n];
    for (i, &v) in suspects.iter().enumerate() {
        index[v as usize] = i as NodeId;
    }
    let ties = suspect_ties(graph, role, &index, true);
    let projected = Graph::from_edges(suspects.len(), ties);
    let inner = leiden(&projected, &scaled(&projected, options));

    let mut label = vec![u32::MAX; n];
    for (i, &v) in suspects.iter().enumerate() {
        label[v as usize] = inner.membership[i];
    }
    spread(graph, &mut label, suspects);
    let rest: Vec<NodeId> = (0..n as NodeId)
        .filter(|&v| label[v as usize] == u32::MAX)
        .collect();
    if !rest.is_empty() {
        let outer = leiden(&graph.induced(&rest), options);
        let offset = inner.count as u32;
        for (i, &v) in rest.iter().enumerate() {
            label[v as usize] = offset + outer.membership[i];
        }
    }
    Partition::from_labels(&label)
}

/// `options` with the modularity resolution scaled to the suspects'
/// network's weight (see the module documentation); CPM is scale-free
/// already.
fn scaled(projected: &Graph, options: &LeidenOptions) -> LeidenOptions {
    let total: f64 = projected.edges().map(|(_, _, w)| w).sum();
    let factor = (total / SCALE_WEIGHT).sqrt().max(MIN_SCALE);
    let mut scaled = *options;
    if let Quality::Modularity { resolution } = options.quality {
        scaled.quality = Quality::Modularity {
            resolution: resolution * factor,
        };
    }
    scaled
}

/// The suspects' ties as edges between their indices (`index[v]`, or
/// `NodeId::MAX` for a node that is not a suspect); repeated pairs are
/// summed by [`Graph::from_edges`]. Without `through_people`, people who
/// are never targets tie nobody: only links and objects do.
pub(crate) fn suspect_ties(
    graph: &Graph,
    role: &[Role],
    index: &[NodeId],
    through_people: bool,
) -> Vec<(NodeId, NodeId, f64)> {
    let n = graph.len();
    // Each node's suspect neighbours, with the link's weight.
    let suspects_of = |x: NodeId| -> Vec<(NodeId, f64)> {
        graph
            .edges_of(x)
            .filter(|&(u, _)| index[u as usize] != NodeId::MAX)
            .map(|(u, w)| (index[u as usize], w))
            .collect()
    };
    let shared: Vec<Vec<(NodeId, f64)>> = (0..n as NodeId)
        .map(|x| {
            if index[x as usize] != NodeId::MAX
                || (!through_people && role[x as usize] == Role::NotTarget)
            {
                return Vec::new();
            }
            let s = suspects_of(x);
            if s.len() > MAX_SHARED {
                Vec::new()
            } else {
                s
            }
        })
        .collect();
    let mut ties = Vec::new();
    for x in 0..n as NodeId {
        let i = index[x as usize];
        if i != NodeId::MAX {
            // Direct links, once per pair.
            ties.extend(
                suspects_of(x)
                    .into_iter()
                    .filter(|&(j, _)| i < j)
                    .map(|(j, w)| (i, j, w)),
            );
            continue;
        }
        let s = &shared[x as usize];
        for (k, &(a, wa)) in s.iter().enumerate() {
            for &(b, wb) in &s[k + 1..] {
                ties.push((a, b, wa.min(wb)));
            }
        }
        if role[x as usize] != Role::Unknown {
            continue;
        }
        for (y, wxy) in graph.edges_of(x) {
            if y <= x || role[y as usize] != Role::Unknown {
                continue;
            }
            for &(a, wa) in s {
                for &(b, wb) in &shared[y as usize] {
                    if a != b {
                        ties.push((a, b, wa.min(wxy).min(wb)));
                    }
                }
            }
        }
    }
    ties
}

/// Labels every node a path reaches from a labelled one, layer by layer:
/// a node takes the label its already labelled neighbours are linked to
/// most strongly (ties: the lower label).
fn spread(graph: &Graph, label: &mut [u32], mut frontier: Vec<NodeId>) {
    let mut queued = vec![false; graph.len()];
    let mut sums: Vec<(u32, f64)> = Vec::new();
    while !frontier.is_empty() {
        let mut next = Vec::new();
        for &v in &frontier {
            for &u in graph.neighbours(v) {
                if label[u as usize] == u32::MAX && !queued[u as usize] {
                    queued[u as usize] = true;
                    next.push(u);
                }
            }
        }
        next.sort_unstable();
        let chosen: Vec<u32> = next
            .iter()
            .map(|&u| {
                sums.clear();
                for (v, w) in graph.edges_of(u) {
                    let l = label[v as usize];
                    if l != u32::MAX {
                        sums.push((l, w));
                    }
                }
                sums.sort_unstable_by_key(|&(l, _)| l);
                let mut best = (u32::MAX, f64::NEG_INFINITY);
                let mut k = 0;
                while k < sums.len() {
                    let l = sums[k].0;
                    let mut total = 0.0;
                    while k < sums.len() && sums[k].0 == l {
                        total += sums[k].1;
                        k += 1;
                    }
                    if total > best.1 {
                        best = (l, total);
                    }
                }
                best.0
            })
            .collect();
        for (&u, l) in next.iter().zip(chosen) {
            label[u as usize] = l;
        }
        frontier = next;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: Role = Role::Aide;
    const M: Role = Role::NotTarget;
    const O: Role = Role::Unknown;

    /// Two rings of three smugglers, each ring tied only through the
    /// migrants its members moved and a phone call; each smuggler drove a
    /// carload of his own. Modularity on the whole graph makes a community
    /// of every carload; the suspects' network finds the two rings.
    fn two_rings() -> (Graph, Vec<Role>) {
        let mut role = vec![S; 6];
        let mut edges = Vec::new();
        let node = |r: Role, role: &mut Vec<Role>| {
            role.push(r);
            (role.len() - 1) as NodeId
        };
        for ring in [[0, 1, 2], [3, 4, 5]] {
            // A migrant moved by consecutive smugglers of the ring.
            for (a, b) in [(ring[0], ring[1]), (ring[1], ring[2])] {
                let m = node(M, &mut role);
                edges.push((a, m, 1.0));
                edges.push((b, m, 1.0));
            }
            // Ring[0]'s phone called ring[2]'s phone.
            let p = node(O, &mut role);
            let q = node(O, &mut role);
            edges.extend([(ring[0], p, 1.0), (p, q, 1.0), (q, ring[2], 1.0)]);
            for &s in &ring {
                for _ in 0..6 {
                    let m = node(M, &mut role);
                    edges.push((s, m, 1.0));
                }
            }
        }
        // One migrant who rode with both rings' first smugglers: a weak tie.
        let m = node(M, &mut role);
        edges.extend([(0, m, 0.2), (3, m, 0.2)]);
        (Graph::from_edges(role.len(), edges), role)
    }

    #[test]
    fn finds_the_rings_not_the_carloads() {
        let (g, role) = two_rings();
        let p = suspect_communities(&g, &role, &LeidenOptions::default());
        let m = &p.membership;
        assert_eq!(m[0], m[1]);
        assert_eq!(m[1], m[2]);
        assert_eq!(m[3], m[4]);
        assert_eq!(m[4], m[5]);
        assert_ne!(m[0], m[3]);
        // Every migrant sits with the smugglers who moved them.
        for v in 6..g.len() as NodeId {
            let nearest = g
                .edges_of(v)
                .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
                .map(|(u, _)| u)
                .unwrap();
            if role[nearest as usize] == S {
                assert_eq!(m[v as usize], m[nearest as usize], "node {v}");
            }
        }
        assert_eq!(p.count, 2);
        // Plain modularity splits the rings (the check that this test
        // could fail).
        let plain = leiden(&g, &LeidenOptions::default());
        assert!(plain.count > 2, "{}", plain.count);
    }

    #[test]
    fn a_line_shared_by_too_many_ties_nobody() {
        // Suspects 0..=MAX_SHARED all use phone P; 0 and 1 also moved
        // migrant M together.
        let k = MAX_SHARED + 1;
        let mut role = vec![S; k];
        role.push(O); // phone
        role.push(M); // migrant
        let p = k as NodeId;
        let m = p + 1;
        let mut edges: Vec<(NodeId, NodeId, f64)> = (0..k as NodeId).map(|s| (s, p, 1.0)).collect();
        edges.extend([(0, m, 1.0), (1, m, 1.0)]);
        let g = Graph::from_edges(role.len(), edges);
        let index: Vec<NodeId> = (0..g.len() as NodeId)
            .map(|v| if (v as usize) < k { v } else { NodeId::MAX })
            .collect();
        let ties = suspect_ties(&g, &role, &index, true);
        assert_eq!(ties, vec![(0, 1, 1.0)]);
        // Without ties through people, the migrant ties nobody either.
        assert_eq!(suspect_ties(&g, &role, &index, false), vec![]);
    }

    #[test]
    fn nodes_no_suspect_reaches_get_communities_of_their_own() {
        // Suspects 0-1 tied by migrant 2; migrants 3-4-5 a separate triangle.
        let role = vec![S, S, M, M, M, M];
        let g = Graph::from_edges(
            6,
            [
                (0, 2, 1.0),
                (1, 2, 1.0),
                (3, 4, 1.0),
                (4, 5, 1.0),
                (3, 5, 1.0),
            ],
        );
        let p = suspect_communities(&g, &role, &LeidenOptions::default());
        assert_eq!(p.membership[0], p.membership[2]);
        assert_eq!(p.membership[3], p.membership[5]);
        assert_ne!(p.membership[0], p.membership[3]);
        assert_eq!(p.count, 2);
    }

    #[test]
    fn the_resolution_follows_the_square_root_of_the_ties_weight() {
        let o = LeidenOptions::default();
        let at_scale =
            Graph::from_edges(3, [(0, 1, SCALE_WEIGHT / 2.0), (1, 2, SCALE_WEIGHT / 2.0)]);
        assert_eq!(scaled(&at_scale, &o).quality, o.quality);
        let light = Graph::from_edges(3, [(0, 1, 1.0), (1, 2, 1.0)]);
        assert_eq!(
            scaled(&light, &o).quality,
            Quality::Modularity {
                resolution: MIN_SCALE
            }
        );
        let heavy = Graph::from_edges(3, [(0, 1, 2.0 * SCALE_WEIGHT), (1, 2, 2.0 * SCALE_WEIGHT)]);
        match scaled(&heavy, &o).quality {
            Quality::Modularity { resolution } => assert!((resolution - 2.0).abs() < 1e-12),
            q => panic!("{q:?}"),
        }
        let cpm = LeidenOptions {
            quality: Quality::Cpm { resolution: 0.1 },
            ..o
        };
        assert_eq!(scaled(&heavy, &cpm).quality, cpm.quality);
    }

    #[test]
    fn without_suspects_it_is_leiden() {
        let (g, _) = two_rings();
        let role = vec![Role::Unknown; g.len()];
        let o = LeidenOptions::default();
        assert_eq!(suspect_communities(&g, &role, &o), leiden(&g, &o));
    }
}
