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

#[cfg(test)]
mod tests {
    use super::*;

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
