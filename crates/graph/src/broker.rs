//! Brokers: people whose ties span communities.

use crate::csr::Graph;

/// The participation coefficient of every node (Guimerà & Amaral 2005):
/// `1 − Σ_c (w_ic / w_i)²`, where `w_ic` is the weight of the node's edges
/// into community `c` and `w_i` of all its edges. 0 for a node whose ties
/// all stay in one community (or who has none); it approaches 1 as the
/// ties spread evenly over many communities.
pub fn participation(graph: &Graph, membership: &[u32]) -> Vec<f64> {
    let count = membership
        .iter()
        .copied()
        .max()
        .map_or(0, |m| m as usize + 1);
    let mut by_community = vec![0.0; count];
    let mut touched = Vec::new();
    (0..graph.len() as u32)
        .map(|v| {
            let total = graph.strength(v);
            if total == 0.0 {
                return 0.0;
            }
            for (u, w) in graph.edges_of(v) {
                let c = membership[u as usize] as usize;
                if by_community[c] == 0.0 {
                    touched.push(c);
                }
                by_community[c] += w;
            }
            let concentration: f64 = touched
                .drain(..)
                .map(|c| {
                    let share = by_community[c] / total;
                    by_community[c] = 0.0;
                    share * share
                })
                .sum();
            1.0 - concentration
        })
        .collect()
}

/// The broker score of every node: its normalised betweenness times its
/// participation coefficient. High for a node that both lies on many
/// shortest paths and spreads its ties over several communities — the
/// person who connects groups, not the centre of one. Pass the
/// betweenness (raw, as [`crate::betweenness::betweenness`] gives it) and
/// the communities.
pub fn broker_scores(graph: &Graph, betweenness: &[f64], membership: &[u32]) -> Vec<f64> {
    let normalised = crate::betweenness::normalise(betweenness);
    participation(graph, membership)
        .into_iter()
        .zip(normalised)
        .map(|(p, b)| p * b)
        .collect()
}

/// Betweenness between suspects: for every unordered pair of nodes marked
/// in `among`, the fraction of their shortest paths through each node, the
/// paths never running through a node marked in `closed` (Brandes 2001,
/// from the marked sources only, dependencies counted for marked targets
/// only). Unweighted. Sources are summed in a fixed order of chunks, so the
/// result does not depend on the number of threads.
pub fn betweenness_among(graph: &Graph, among: &[bool], closed: &[bool]) -> Vec<f64> {
    use rayon::prelude::*;
    let n = graph.len();
    let sources: Vec<u32> = (0..n as u32).filter(|&v| among[v as usize]).collect();
    let chunk = sources.len().div_ceil(16).max(1);
    let partial: Vec<Vec<f64>> = sources
        .par_chunks(chunk)
        .map(|chunk| {
            let mut bc = vec![0.0; n];
            let mut sigma = vec![0.0f64; n];
            let mut dist = vec![u32::MAX; n];
            let mut delta = vec![0.0f64; n];
            let mut order: Vec<u32> = Vec::new();
            for &s in chunk {
                for &v in &order {
                    sigma[v as usize] = 0.0;
                    dist[v as usize] = u32::MAX;
                    delta[v as usize] = 0.0;
                }
                order.clear();
                sigma[s as usize] = 1.0;
                dist[s as usize] = 0;
                order.push(s);
                let mut head = 0;
                while head < order.len() {
                    let v = order[head];
                    head += 1;
                    // A closed node ends a path; it carries none on.
                    if v != s && closed[v as usize] {
                        continue;
                    }
                    for &w in graph.neighbours(v) {
                        if dist[w as usize] == u32::MAX {
                            dist[w as usize] = dist[v as usize] + 1;
                            order.push(w);
                        }
                        if dist[w as usize] == dist[v as usize] + 1 {
                            sigma[w as usize] += sigma[v as usize];
                        }
                    }
                }
                for &w in order.iter().rev() {
                    let wi = w as usize;
                    let carried = f64::from(u8::from(among[wi])) + delta[wi];
                    if w != s && (among[wi] || !closed[wi]) {
                        // w's predecessors on shortest paths from s.
                        for &v in graph.neighbours(w) {
                            let vi = v as usize;
                            if dist[vi] != u32::MAX
                                && dist[vi] + 1 == dist[wi]
                                && (v == s || !closed[vi])
                            {
                                delta[vi] += sigma[vi] / sigma[wi] * carried;
                            }
                        }
                    }
                    if w != s {
                        bc[wi] += delta[wi];
                    }
                }
            }
            bc
        })
        .collect();
    let mut total = vec![0.0; n];
    for part in partial {
        for (t, p) in total.iter_mut().zip(part) {
            *t += p;
        }
    }
    // Each unordered pair was searched from both ends.
    total.into_iter().map(|b| b / 2.0).collect()
}

/// The broker score of every node when roles are known: its betweenness
/// between suspects ([`betweenness_among`]) over the network without the
/// people who are never targets (a driver's passengers tie him to the
/// migrants' journey, not to other smugglers), normalised, raised by its
/// participation across the communities (`1 + p`). Organisers who tie their
/// stage's aides to the next stage, and brokers who tie networks, carry the
/// paths between suspects.
pub fn suspect_broker_scores(
    graph: &Graph,
    membership: &[u32],
    suspects: &[bool],
    never_targets: &[bool],
) -> Vec<f64> {
    let raw = betweenness_among(graph, suspects, never_targets);
    let normalised = crate::betweenness::normalise(&raw);
    participation(graph, membership)
        .into_iter()
        .zip(normalised)
        .map(|(p, b)| b * (1.0 + p))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn betweenness_among_all_is_betweenness() {
        let g = Graph::from_edges(
            6,
            [
                (0, 1, 1.0),
                (1, 2, 1.0),
                (2, 3, 1.0),
                (1, 4, 1.0),
                (4, 3, 1.0),
                (3, 5, 1.0),
            ],
        );
        let all = vec![true; 6];
        let none = vec![false; 6];
        let among = betweenness_among(&g, &all, &none);
        let exact = crate::betweenness::betweenness(&g, false);
        for v in 0..6 {
            assert!(
                (among[v] - exact[v]).abs() < 1e-9,
                "node {v}: {among:?} {exact:?}"
            );
        }
    }

    #[test]
    fn passengers_make_no_broker() {
        // Driver 0 with passengers 1..=4, who also rode with driver 5;
        // organiser 6 ties drivers 0 and 5 to money handler 7.
        let g = Graph::from_edges(
            8,
            [
                (0, 1, 1.0),
                (0, 2, 1.0),
                (0, 3, 1.0),
                (0, 4, 1.0),
                (5, 1, 1.0),
                (5, 2, 1.0),
                (6, 0, 1.0),
                (6, 5, 1.0),
                (6, 7, 1.0),
            ],
        );
        let suspects = [true, false, false, false, false, true, true, true];
        let migrants: Vec<bool> = suspects.iter().map(|s| !s).collect();
        let b = betweenness_among(&g, &suspects, &migrants);
        // Between the suspects 0, 5, 6, 7 only the organiser lies on paths.
        assert!(b[6] > 0.0);
        assert_eq!(b[0], 0.0);
        assert_eq!(b[1], 0.0);
        // Closed nodes are neither paths nor endpoints.
        let plain = crate::betweenness::betweenness(&g, false);
        assert!(plain[0] > plain[6], "{plain:?}");
    }

    #[test]
    fn a_node_between_two_groups_participates_most() {
        // 0-1-2 triangle, 3-4-5 triangle, 6 joined to 2 and 3.
        let g = Graph::from_edges(
            7,
            [
                (0, 1, 1.0),
                (1, 2, 1.0),
                (0, 2, 1.0),
                (3, 4, 1.0),
                (4, 5, 1.0),
                (3, 5, 1.0),
                (6, 2, 1.0),
                (6, 3, 1.0),
            ],
        );
        let membership = [0, 0, 0, 1, 1, 1, 2];
        let p = participation(&g, &membership);
        assert_eq!(p[0], 0.0);
        assert!((p[6] - 0.5).abs() < 1e-12);
        let b = crate::betweenness::betweenness(&g, false);
        let s = broker_scores(&g, &b, &membership);
        let best = (0..7).max_by(|&a, &b| s[a].total_cmp(&s[b])).unwrap();
        assert_eq!(best, 6);
    }
}
