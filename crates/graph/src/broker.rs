//! Brokers: people whose ties span communities.

use crate::csr::{Graph, NodeId};
use crate::io::Role;

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

/// Burt's effective size of every node (1992), unweighted: its number of
/// neighbours less their redundancy, `n − 2t/n` for `n` neighbours with
/// `t` ties among them; 0 for a node without neighbours. A node whose
/// contacts know each other has little of it; one who alone ties contacts
/// that do not know each other — a structural hole — has as much as
/// contacts.
pub fn effective_size(graph: &Graph) -> Vec<f64> {
    let n = graph.len();
    let mut mark = vec![false; n];
    (0..n as NodeId)
        .map(|v| {
            let near = graph.neighbours(v);
            if near.is_empty() {
                return 0.0;
            }
            for &u in near {
                mark[u as usize] = true;
            }
            // Each tie among the neighbours, seen from both its ends.
            let seen: usize = near
                .iter()
                .map(|&u| {
                    graph
                        .neighbours(u)
                        .iter()
                        .filter(|&&w| mark[w as usize])
                        .count()
                })
                .sum();
            for &u in near {
                mark[u as usize] = false;
            }
            let k = near.len() as f64;
            k - seen as f64 / k
        })
        .collect()
}

/// The broker score of every node when roles are known: for a suspect, his
/// effective size ([`effective_size`]) among the suspects, tied by a link,
/// by an object both are linked to (a phone, a vehicle, a payment, the
/// organisation both are named in) or by two linked objects, one each (his
/// phone called the other's) — as in [`crate::suspect_communities`], but
/// never through people who are never targets (a driver's passengers tie
/// him to the migrants' journey, not to other smugglers) — raised by his
/// participation across the communities (`1 + p`); 0 for everyone and
/// everything else. The organiser whose drivers, guides and money handlers
/// know each other only through him has the most; a driver whose contacts
/// are his own stage's, who all know the organiser, little.
pub fn suspect_broker_scores(graph: &Graph, membership: &[u32], role: &[Role]) -> Vec<f64> {
    let n = graph.len();
    let suspects: Vec<NodeId> = (0..n as NodeId)
        .filter(|&v| role[v as usize].is_suspect())
        .collect();
    let mut index = vec![NodeId::MAX; n];
    for (i, &v) in suspects.iter().enumerate() {
        index[v as usize] = i as NodeId;
    }
    let ties = crate::networks::suspect_ties(graph, role, &index, false);
    let size = effective_size(&Graph::from_edges(suspects.len(), ties));
    let p = participation(graph, membership);
    let mut score = vec![0.0; n];
    for (i, &v) in suspects.iter().enumerate() {
        score[v as usize] = size[i] * (1.0 + p[v as usize]);
    }
    score
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn effective_size_is_contacts_less_their_redundancy() {
        // A star of four (0 the centre), and a triangle 4-5-6 with 7 on 6.
        let g = Graph::from_edges(
            8,
            [
                (0, 1, 1.0),
                (0, 2, 1.0),
                (0, 3, 1.0),
                (4, 5, 1.0),
                (5, 6, 1.0),
                (4, 6, 1.0),
                (6, 7, 1.0),
            ],
        );
        let e = effective_size(&g);
        assert_eq!(e[0], 3.0, "three contacts who do not know each other");
        assert_eq!(e[1], 1.0);
        // 4's two contacts know each other: 2 − 2·1/2.
        assert_eq!(e[4], 1.0);
        // 6: contacts 4, 5, 7 with one tie among them, 3 − 2/3.
        assert!((e[6] - 7.0 / 3.0).abs() < 1e-12, "{e:?}");
    }

    #[test]
    fn passengers_make_no_broker() {
        // Driver 0 with passengers 1..=4, who also rode with driver 5;
        // organiser 6 ties drivers 0 and 5 to money handler 7, and 7 to
        // driver 9 through phone 8.
        use Role::{Aide, MoneyHandler, NotTarget, Organiser, Unknown};
        let g = Graph::from_edges(
            10,
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
                (7, 8, 1.0),
                (9, 8, 1.0),
            ],
        );
        let role = [
            Aide,
            NotTarget,
            NotTarget,
            NotTarget,
            NotTarget,
            Aide,
            Organiser,
            MoneyHandler,
            Unknown,
            Aide,
        ];
        let s = suspect_broker_scores(&g, &[0; 10], &role);
        // The passengers tie the drivers to nobody: the organiser alone
        // holds 0, 5 and 7 together, and the phone ties 7 to 9.
        assert_eq!(s[6], 3.0, "{s:?}");
        assert_eq!(s[7], 2.0, "{s:?}");
        assert_eq!(s[0], 1.0, "{s:?}");
        assert_eq!(s[9], 1.0, "{s:?}");
        for v in [1, 2, 3, 4, 8] {
            assert_eq!(s[v], 0.0, "never a target, or an object: {s:?}");
        }
        // Over the whole graph the driver with most passengers leads.
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
