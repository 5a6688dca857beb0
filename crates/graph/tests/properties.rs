//! Algorithms checked against brute force and planted truth.

use std::collections::HashSet;

use corridor_graph::betweenness::{betweenness_and_efficiency, normalise};
use corridor_graph::{
    betweenness, components, leiden, modularity, nmi, sampled_betweenness, Graph, LeidenOptions,
    NodeId, Quality,
};
use proptest::prelude::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// A planted partition: `groups` communities of `size` nodes, each pair
/// joined with probability `p_in` inside a community and `p_out` across.
fn planted(groups: usize, size: usize, p_in: f64, p_out: f64, seed: u64) -> (Graph, Vec<u32>) {
    let n = groups * size;
    let truth: Vec<u32> = (0..n).map(|v| (v / size) as u32).collect();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut edges = Vec::new();
    for a in 0..n {
        for b in a + 1..n {
            let p = if truth[a] == truth[b] { p_in } else { p_out };
            if rng.random::<f64>() < p {
                edges.push((a as NodeId, b as NodeId, 1.0));
            }
        }
    }
    (Graph::from_edges(n, edges), truth)
}

#[test]
fn leiden_recovers_planted_partitions() {
    for seed in 0..5 {
        let (g, truth) = planted(12, 40, 0.25, 0.01, seed);
        let found = leiden(&g, &LeidenOptions::default());
        let score = nmi(&found.membership, &truth);
        assert!(score > 0.95, "seed {seed}: NMI {score}");
        assert!(
            modularity(&g, &found.membership, 1.0) >= modularity(&g, &truth, 1.0) - 1e-9,
            "seed {seed}: Leiden found a worse partition than the planted one"
        );
        let cpm = leiden(
            &g,
            &LeidenOptions {
                quality: Quality::Cpm { resolution: 0.1 },
                ..LeidenOptions::default()
            },
        );
        let score = nmi(&cpm.membership, &truth);
        assert!(score > 0.95, "seed {seed}: CPM NMI {score}");
    }
}

#[test]
fn leiden_communities_are_connected() {
    // Leiden's guarantee over Louvain: no community falls apart.
    let (g, _) = planted(20, 25, 0.2, 0.02, 9);
    let p = leiden(&g, &LeidenOptions::default());
    for members in p.members() {
        let sub = g.induced(&members);
        assert_eq!(
            components(&sub).count(),
            1,
            "a community of {} nodes is disconnected",
            members.len()
        );
    }
}

/// Betweenness by definition: for every pair, the share of shortest paths
/// through each node, from all-pairs distances and path counts.
#[allow(clippy::needless_range_loop)] // index loops read as the definition does
fn brute_betweenness(g: &Graph, weighted: bool) -> Vec<f64> {
    let n = g.len();
    let inf = f64::INFINITY;
    let mut d = vec![vec![inf; n]; n];
    for v in 0..n {
        d[v][v] = 0.0;
        for (u, w) in g.edges_of(v as NodeId) {
            d[v][u as usize] = if weighted { 1.0 / w } else { 1.0 };
        }
    }
    for k in 0..n {
        for i in 0..n {
            for j in 0..n {
                if d[i][k] + d[k][j] < d[i][j] - 1e-9 {
                    d[i][j] = d[i][k] + d[k][j];
                }
            }
        }
    }
    // Path counts: σ(s,t) = Σ over neighbours u of t on a shortest path of σ(s,u).
    let mut sigma = vec![vec![0.0; n]; n];
    for s in 0..n {
        let mut order: Vec<usize> = (0..n).filter(|&t| d[s][t] < inf).collect();
        order.sort_by(|&a, &b| d[s][a].total_cmp(&d[s][b]));
        sigma[s][s] = 1.0;
        for &t in &order[1..] {
            sigma[s][t] = g
                .edges_of(t as NodeId)
                .filter(|&(u, w)| {
                    same(
                        d[s][u as usize] + if weighted { 1.0 / w } else { 1.0 },
                        d[s][t],
                    )
                })
                .map(|(u, _)| sigma[s][u as usize])
                .sum();
        }
    }
    (0..n)
        .map(|v| {
            let mut total = 0.0;
            for s in 0..n {
                for t in s + 1..n {
                    if s != v && t != v && d[s][t] < inf && same(d[s][v] + d[v][t], d[s][t]) {
                        total += sigma[s][v] * sigma[v][t] / sigma[s][t];
                    }
                }
            }
            total
        })
        .collect()
}

fn same(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

fn arbitrary_graph() -> impl Strategy<Value = Graph> {
    (2usize..14).prop_flat_map(|n| {
        proptest::collection::vec(
            (
                0..n as NodeId,
                0..n as NodeId,
                prop::sample::select(vec![1.0, 2.0, 4.0]),
            ),
            0..40,
        )
        .prop_map(move |edges| Graph::from_edges(n, edges))
    })
}

fn close(a: &[f64], b: &[f64]) -> bool {
    a.iter()
        .zip(b)
        .all(|(x, y)| (x - y).abs() <= 1e-9 * (1.0 + x.abs()))
}

proptest! {
    #[test]
    fn betweenness_equals_brute_force(g in arbitrary_graph()) {
        let ours = betweenness(&g, false);
        let brute = brute_betweenness(&g, false);
        prop_assert!(close(&ours, &brute), "{ours:?} vs {brute:?}");
        let ours = betweenness(&g, true);
        let brute = brute_betweenness(&g, true);
        prop_assert!(close(&ours, &brute), "weighted {ours:?} vs {brute:?}");
    }

    #[test]
    fn efficiency_equals_brute_force(g in arbitrary_graph()) {
        let n = g.len();
        let brute: f64 = (0..n as NodeId)
            .map(|s| corridor_graph::paths::distances(&g, s).iter().filter(|&&d| d != 0 && d != u32::MAX).map(|&d| 1.0 / f64::from(d)).sum::<f64>())
            .sum();
        let ours = betweenness_and_efficiency(&g).inverse_distance_sum;
        prop_assert!((ours - brute).abs() < 1e-9, "{ours} vs {brute}");
    }

    #[test]
    fn components_agree_with_union_find(g in arbitrary_graph()) {
        let n = g.len();
        let mut parent: Vec<usize> = (0..n).collect();
        fn root(parent: &mut [usize], mut v: usize) -> usize {
            while parent[v] != v { parent[v] = parent[parent[v]]; v = parent[v]; }
            v
        }
        for (a, b, _) in g.edges() {
            let (ra, rb) = (root(&mut parent, a as usize), root(&mut parent, b as usize));
            parent[ra] = rb;
        }
        let c = components(&g);
        for a in 0..n {
            for b in 0..n {
                let same = root(&mut parent, a) == root(&mut parent, b);
                prop_assert_eq!(same, c.label[a] == c.label[b]);
            }
        }
        let roots: HashSet<usize> = (0..n).map(|v| root(&mut parent, v)).collect();
        prop_assert_eq!(roots.len(), c.count());
    }
}

#[test]
fn sampled_betweenness_finds_the_exact_top_nodes_within_its_bound() {
    // Preferential attachment: heavy-tailed degrees, like real networks.
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    let mut ends: Vec<NodeId> = vec![0, 1];
    let mut edges = vec![(0, 1, 1.0)];
    for v in 2..3000u32 {
        for _ in 0..2 {
            let u = ends[rng.random_range(0..ends.len())];
            edges.push((v, u, 1.0));
            ends.extend([v, u]);
        }
    }
    let g = Graph::from_edges(3000, edges);
    let exact = betweenness(&g, false);
    let sampled = sampled_betweenness(&g, 256, 1);
    let top = |scores: &[f64], k: usize| -> HashSet<usize> {
        let mut order: Vec<usize> = (0..scores.len()).collect();
        order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
        order.into_iter().take(k).collect()
    };
    let agree = top(&exact, 20)
        .intersection(&top(&sampled.betweenness, 20))
        .count();
    assert!(
        agree >= 16,
        "only {agree} of the exact top 20 in the sampled top 20"
    );
    let (e, s) = (normalise(&exact), normalise(&sampled.betweenness));
    let worst = e
        .iter()
        .zip(&s)
        .map(|(a, b)| (a - b).abs())
        .fold(0.0, f64::max);
    assert!(
        worst <= sampled.error,
        "error {worst} above the bound {}",
        sampled.error
    );
    // The same seed gives the same estimate; all pivots give the exact scores.
    assert_eq!(
        sampled_betweenness(&g, 256, 1).betweenness,
        sampled.betweenness
    );
    assert_eq!(sampled_betweenness(&g, g.len(), 1).betweenness, exact);
}
