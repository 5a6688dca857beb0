//! PageRank.

use rayon::prelude::*;

use crate::csr::Graph;

/// PageRank of every node, summing to 1: the stationary distribution of a
/// walk that follows an edge with probability `damping` (0.85 is usual),
/// choosing among a node's edges in proportion to their weight when
/// `weighted`, and otherwise jumps to a node chosen uniformly. A node with
/// no edge jumps. Iterates until the L1 change is below `1e-10` or 1,000
/// rounds. Each round reads neighbours' values (pull), so the result does
/// not depend on the number of threads.
pub fn pagerank(graph: &Graph, damping: f64, weighted: bool) -> Vec<f64> {
    let n = graph.len();
    if n == 0 {
        return Vec::new();
    }
    let out: Vec<f64> = (0..n as u32)
        .into_par_iter()
        .map(|v| {
            if weighted {
                graph.strength(v)
            } else {
                graph.degree(v) as f64
            }
        })
        .collect();
    let uniform = 1.0 / n as f64;
    let mut rank = vec![uniform; n];
    let mut share = vec![0.0; n];
    for _ in 0..1000 {
        let dangling: f64 = rank
            .iter()
            .zip(&out)
            .filter(|(_, &o)| o == 0.0)
            .map(|(r, _)| r)
            .sum();
        share
            .par_iter_mut()
            .zip(rank.par_iter().zip(&out))
            .for_each(|(s, (&r, &o))| *s = if o > 0.0 { r / o } else { 0.0 });
        let base = (1.0 - damping) * uniform + damping * dangling * uniform;
        let next: Vec<f64> = (0..n as u32)
            .into_par_iter()
            .map(|v| {
                let inflow: f64 = if weighted {
                    graph.edges_of(v).map(|(u, w)| share[u as usize] * w).sum()
                } else {
                    graph.neighbours(v).iter().map(|&u| share[u as usize]).sum()
                };
                base + damping * inflow
            })
            .collect();
        let change: f64 = next.iter().zip(&rank).map(|(a, b)| (a - b).abs()).sum();
        rank = next;
        if change < 1e-10 {
            break;
        }
    }
    rank
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn star_centre_ranks_highest_and_ranks_sum_to_one() {
        let g = Graph::from_edges(5, (1..4).map(|i| (0, i, 1.0)));
        let r = pagerank(&g, 0.85, false);
        assert!((r.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        assert!(r[0] > r[1] && (r[1] - r[2]).abs() < 1e-12);
        // Node 4 has no edge: it only receives jumps.
        assert!(r[4] < r[1]);
    }
}
