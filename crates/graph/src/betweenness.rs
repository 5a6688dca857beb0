//! Betweenness centrality: exact (Brandes 2001), on every core, and
//! sampled from pivots with an error bound; and global efficiency, which
//! the same breadth-first searches measure for free.
//!
//! Scores are *raw* and undirected: the betweenness of `v` is the sum over
//! unordered pairs `{s, t}` (neither of them `v`) of the fraction of
//! shortest `s`–`t` paths through `v`. [`normalise`] divides by the number
//! of such pairs.
//!
//! Sources are split into a fixed number of interleaved chunks whose
//! partial sums are added in chunk order, so a score does not depend on
//! the number of threads (bit for bit).

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use rand::seq::index::sample;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use crate::csr::{Graph, NodeId};

const CHUNKS: usize = 16;
const UNSEEN: u32 = u32::MAX;

/// Exact betweenness of every node. With `weighted`, an edge's weight is
/// a tie's strength and its length is `1 / weight`, so shortest paths run
/// along strong ties (Opsahl, Agneessens & Skvoretz 2010, α = 1); without,
/// every edge has length 1.
pub fn betweenness(graph: &Graph, weighted: bool) -> Vec<f64> {
    if weighted {
        let sources: Vec<NodeId> = (0..graph.len() as NodeId).collect();
        sum_chunks(graph, &sources, |ws, s, bc| {
            ws.dijkstra(graph, s);
            ws.accumulate_weighted(graph, s, bc);
            0.0
        })
        .0
        .into_iter()
        .map(|b| b / 2.0)
        .collect()
    } else {
        betweenness_and_efficiency(graph).betweenness
    }
}

/// Unweighted betweenness together with the graph's efficiency.
#[derive(Clone, Debug)]
pub struct AllPairs {
    /// Raw betweenness of every node.
    pub betweenness: Vec<f64>,
    /// `Σ 1/d(s,t)` over ordered pairs of distinct nodes joined by a path.
    pub inverse_distance_sum: f64,
}

impl AllPairs {
    /// Global efficiency (Latora & Marchiori 2001) over `nodes` nodes: the
    /// mean of `1/d(s,t)` over ordered pairs, unreachable pairs counting 0.
    /// Pass the original graph's node count to compare a damaged network
    /// with the whole.
    pub fn efficiency(&self, nodes: usize) -> f64 {
        if nodes < 2 {
            return 0.0;
        }
        self.inverse_distance_sum / (nodes as f64 * (nodes as f64 - 1.0))
    }
}

/// Exact unweighted betweenness and the sum of inverse distances, in one
/// breadth-first search per source.
///
/// A node of degree 1 (a *leaf*) is never on a path between two others,
/// and its paths are its neighbour's plus one edge; so it is not searched
/// from: its neighbour's dependencies count once more for each leaf, and
/// the neighbour gets the leaf's `|component| - 2` pairs (Baglioni et al.
/// 2012). Sparse criminal and planted graphs have many leaves.
pub fn betweenness_and_efficiency(graph: &Graph) -> AllPairs {
    if graph.len() < LOCALITY_FROM {
        return all_pairs(graph);
    }
    renumbered_all_pairs(graph)
}

fn renumbered_all_pairs(graph: &Graph) -> AllPairs {
    let order = graph.locality_order();
    let all = all_pairs(&graph.permuted(&order));
    AllPairs {
        betweenness: unpermute(&order, &all.betweenness),
        inverse_distance_sum: all.inverse_distance_sum,
    }
}

/// Graphs from this many nodes are renumbered in breadth-first order
/// before searching ([`Graph::locality_order`]).
const LOCALITY_FROM: usize = 4096;

/// `values[i]` belongs to node `order[i]`: back to the original ids.
fn unpermute(order: &[NodeId], values: &[f64]) -> Vec<f64> {
    let mut out = vec![0.0; values.len()];
    for (&v, &x) in order.iter().zip(values) {
        out[v as usize] = x;
    }
    out
}

fn all_pairs(graph: &Graph) -> AllPairs {
    let n = graph.len();
    let leaf = |v: NodeId| graph.degree(v) == 1 && graph.degree(graph.neighbours(v)[0]) > 1;
    let mut leaves = vec![0u32; n];
    let mut sources = Vec::with_capacity(n);
    for v in 0..n as NodeId {
        if leaf(v) {
            leaves[graph.neighbours(v)[0] as usize] += 1;
        } else if graph.degree(v) > 0 {
            sources.push(v);
        }
    }
    let (sums, inverse_distance_sum) = sum_chunks(graph, &sources, |ws, s, bc| {
        ws.bfs(graph, s);
        let k = f64::from(leaves[s as usize]);
        let mut eff = ws.accumulate_unweighted(graph, s, 1.0 + k, bc);
        if k > 0.0 {
            bc[s as usize] += k * (ws.order.len() as f64 - 2.0);
            // From a leaf every distance is one longer, and the leaf
            // itself (at distance 1 from s) is not its own target.
            let shifted: f64 = ws
                .order
                .iter()
                .map(|&t| 1.0 / (f64::from(ws.slots[t as usize].dist) + 1.0))
                .sum();
            eff += k * (shifted - 0.5);
        }
        ws.reset();
        eff
    });
    AllPairs {
        betweenness: sums.into_iter().map(|b| b / 2.0).collect(),
        inverse_distance_sum,
    }
}

/// Betweenness estimated from a sample of source nodes.
#[derive(Clone, Debug)]
pub struct Sampled {
    /// Estimated raw betweenness of every node (on the scale of
    /// [`betweenness`]).
    pub betweenness: Vec<f64>,
    /// The number of pivots (sources) searched from.
    pub pivots: usize,
    /// With probability at least `confidence`, every node's estimate,
    /// normalised as [`normalise`] does, is within `error` of the truth.
    pub error: f64,
    pub confidence: f64,
}

/// Betweenness estimated from `pivots` source nodes drawn uniformly
/// without replacement with a seeded ChaCha8 generator (Brandes & Pich
/// 2007): each pivot's dependencies scaled by `n / pivots`. Exact when
/// `pivots >= n`.
///
/// The bound: a pivot's dependency on `v` divided by `n - 2` lies in
/// [0, 1] and its mean over all sources is `v`'s normalised betweenness
/// (up to the factor `(n-1)/n`). Hoeffding's inequality, which also holds
/// for sampling without replacement, and a union bound over the `n` nodes
/// give `error = sqrt(ln(2n / (1 - confidence)) / (2 pivots))` at
/// confidence 0.95. It is loose for the small scores of most nodes; its
/// use is to say how far an estimate can be trusted, and the ranking of
/// the top nodes agrees with exact far better (the tests and
/// `BENCHMARKS.md` measure it).
pub fn sampled_betweenness(graph: &Graph, pivots: usize, seed: u64) -> Sampled {
    let n = graph.len();
    if pivots >= n {
        return Sampled {
            betweenness: betweenness(graph, false),
            pivots: n,
            error: 0.0,
            confidence: 1.0,
        };
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let sources: Vec<NodeId> = sample(&mut rng, n, pivots)
        .into_iter()
        .map(|i| i as NodeId)
        .collect();
    let order = graph.locality_order();
    let mut new_id = vec![0; n];
    for (i, &v) in order.iter().enumerate() {
        new_id[v as usize] = i as NodeId;
    }
    let mut sources: Vec<NodeId> = sources.iter().map(|&s| new_id[s as usize]).collect();
    sources.sort_unstable();
    let local = graph.permuted(&order);
    let (sums, _) = sum_chunks(&local, &sources, |ws, s, bc| {
        ws.bfs(&local, s);
        ws.accumulate_unweighted(&local, s, 1.0, bc);
        ws.reset();
        0.0
    });
    let sums = unpermute(&order, &sums);
    let scale = n as f64 / pivots as f64 / 2.0;
    let confidence = 0.95;
    Sampled {
        betweenness: sums.into_iter().map(|b| b * scale).collect(),
        pivots,
        error: ((2.0 * n as f64 / (1.0 - confidence)).ln() / (2.0 * pivots as f64)).sqrt(),
        confidence,
    }
}

/// Raw scores divided by the number of pairs not involving the node,
/// `(n-1)(n-2)/2`: the fraction of all shortest-path pairs a node lies
/// between, in [0, 1].
pub fn normalise(scores: &[f64]) -> Vec<f64> {
    let n = scores.len() as f64;
    let pairs = ((n - 1.0) * (n - 2.0) / 2.0).max(1.0);
    scores.iter().map(|b| b / pairs).collect()
}

/// Runs `search` from every source, in `CHUNKS` interleaved chunks whose
/// partial results are added in order; returns the summed vectors and the
/// summed scalars `search` returned.
fn sum_chunks<F>(graph: &Graph, sources: &[NodeId], search: F) -> (Vec<f64>, f64)
where
    F: Fn(&mut Workspace, NodeId, &mut [f64]) -> f64 + Sync,
{
    let n = graph.len();
    let chunks = CHUNKS.min(sources.len()).max(1);
    let partial: Vec<(Vec<f64>, f64)> = (0..chunks)
        .into_par_iter()
        .map(|c| {
            let mut ws = Workspace::new(n);
            let mut bc = vec![0.0; n];
            let mut scalar = 0.0;
            for &s in sources.iter().skip(c).step_by(chunks) {
                scalar += search(&mut ws, s, &mut bc);
            }
            (bc, scalar)
        })
        .collect();
    let mut total = vec![0.0; n];
    let mut scalar = 0.0;
    for (bc, s) in partial {
        for (t, b) in total.iter_mut().zip(bc) {
            *t += b;
        }
        scalar += s;
    }
    (total, scalar)
}

/// What a breadth-first search keeps of a node, together so that one
/// cache line holds all of it.
#[derive(Clone, Copy)]
struct Slot {
    sigma: f64,
    coef: f64,
    dist: u32,
}

/// One thread's buffers for single-source searches.
struct Workspace {
    slots: Vec<Slot>,
    dist: Vec<u32>,
    length: Vec<f64>,
    sigma: Vec<f64>,
    delta: Vec<f64>,
    /// Nodes in the order they were settled.
    order: Vec<NodeId>,
}

#[derive(PartialEq)]
struct Length(f64);
impl Eq for Length {}
impl PartialOrd for Length {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Length {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

fn same_length(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-10 * a.abs().max(b.abs())
}

impl Workspace {
    fn new(n: usize) -> Workspace {
        Workspace {
            slots: vec![
                Slot {
                    sigma: 0.0,
                    coef: 0.0,
                    dist: UNSEEN,
                };
                n
            ],
            dist: vec![UNSEEN; n],
            length: Vec::new(),
            sigma: vec![0.0; n],
            delta: vec![0.0; n],
            order: Vec::with_capacity(n),
        }
    }

    /// Breadth-first search from `s`: distances, path counts, order.
    fn bfs(&mut self, graph: &Graph, s: NodeId) {
        let (slots, order) = (&mut self.slots, &mut self.order);
        order.clear();
        order.push(s);
        slots[s as usize].dist = 0;
        slots[s as usize].sigma = 1.0;
        let mut head = 0;
        while head < order.len() {
            let v = order[head];
            head += 1;
            let Slot {
                dist: dv,
                sigma: sv,
                ..
            } = slots[v as usize];
            for &u in graph.neighbours(v) {
                let slot = &mut slots[u as usize];
                if slot.dist == UNSEEN {
                    slot.dist = dv + 1;
                    slot.sigma = sv;
                    order.push(u);
                } else if slot.dist == dv + 1 {
                    slot.sigma += sv;
                }
            }
        }
    }

    /// Brandes' accumulation after [`Workspace::bfs`], pulled rather than
    /// pushed: each node, latest first, sums over its successors `w`
    /// `(1 + δ(w)) / σ(w)` (kept as `coef`), so the only write is its own.
    /// Adds `weight × δ_s(v)` to `bc[v]`; returns `Σ_t 1/d(s,t)`.
    fn accumulate_unweighted(
        &mut self,
        graph: &Graph,
        s: NodeId,
        weight: f64,
        bc: &mut [f64],
    ) -> f64 {
        let slots = &mut self.slots;
        let mut eff = 0.0;
        for &v in self.order.iter().rev() {
            let dv = slots[v as usize].dist;
            let mut acc = 0.0;
            for &w in graph.neighbours(v) {
                let slot = &slots[w as usize];
                if slot.dist == dv + 1 {
                    acc += slot.coef;
                }
            }
            let slot = &mut slots[v as usize];
            let delta = slot.sigma * acc;
            slot.coef = (1.0 + delta) / slot.sigma;
            if v != s {
                eff += 1.0 / f64::from(dv);
                bc[v as usize] += weight * delta;
            }
        }
        eff
    }

    fn reset(&mut self) {
        for &w in &self.order {
            self.slots[w as usize].dist = UNSEEN;
        }
    }

    /// Dijkstra from `s` with lengths `1 / weight`.
    fn dijkstra(&mut self, graph: &Graph, s: NodeId) {
        let n = graph.len();
        if self.length.len() != n {
            self.length = vec![f64::INFINITY; n];
        }
        self.order.clear();
        let mut heap = BinaryHeap::new();
        self.length[s as usize] = 0.0;
        self.sigma[s as usize] = 1.0;
        heap.push(Reverse((Length(0.0), s)));
        while let Some(Reverse((Length(d), v))) = heap.pop() {
            if self.dist[v as usize] == 0 || d > self.length[v as usize] {
                continue; // settled already, or a stale entry
            }
            self.dist[v as usize] = 0; // settled
            self.order.push(v);
            for (u, w) in graph.edges_of(v) {
                let candidate = d + 1.0 / w;
                let known = self.length[u as usize];
                if self.dist[u as usize] == 0 {
                    continue;
                }
                if known.is_infinite() || (candidate < known && !same_length(candidate, known)) {
                    self.length[u as usize] = candidate;
                    self.sigma[u as usize] = self.sigma[v as usize];
                    heap.push(Reverse((Length(candidate), u)));
                } else if same_length(candidate, known) {
                    self.sigma[u as usize] += self.sigma[v as usize];
                }
            }
        }
    }

    /// Back-propagation after [`Workspace::dijkstra`]; resets the buffers.
    fn accumulate_weighted(&mut self, graph: &Graph, s: NodeId, bc: &mut [f64]) {
        for &w in self.order.iter().rev() {
            let lw = self.length[w as usize];
            let coeff = (1.0 + self.delta[w as usize]) / self.sigma[w as usize];
            for (v, weight) in graph.edges_of(w) {
                let lv = self.length[v as usize];
                if lv < lw && same_length(lv + 1.0 / weight, lw) {
                    self.delta[v as usize] += self.sigma[v as usize] * coeff;
                }
            }
            if w != s {
                bc[w as usize] += self.delta[w as usize];
            }
        }
        for &w in &self.order {
            self.dist[w as usize] = UNSEEN;
            self.delta[w as usize] = 0.0;
            self.length[w as usize] = f64::INFINITY;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_and_star() {
        let path = Graph::from_edges(4, [(0, 1, 1.0), (1, 2, 1.0), (2, 3, 1.0)]);
        assert_eq!(betweenness(&path, false), [0.0, 2.0, 2.0, 0.0]);
        assert_eq!(betweenness(&path, true), [0.0, 2.0, 2.0, 0.0]);
        let star = Graph::from_edges(5, (1..5).map(|i| (0, i, 1.0)));
        assert_eq!(betweenness(&star, false)[0], 6.0);
        // Efficiency of a star: 4·3 leaf pairs at 1/2, 8 ordered centre pairs at 1.
        let all = betweenness_and_efficiency(&star);
        assert!((all.inverse_distance_sum - (12.0 * 0.5 + 8.0)).abs() < 1e-12);
    }

    #[test]
    fn renumbering_for_locality_changes_no_score() {
        // A ring with chords.
        let n = 300u32;
        let edges = (0..n).flat_map(|v| [(v, (v + 1) % n, 1.0), (v, (v * 7 + 3) % n, 1.0)]);
        let g = Graph::from_edges(n as usize, edges);
        let direct = all_pairs(&g);
        let renumbered = renumbered_all_pairs(&g);
        for (a, b) in direct.betweenness.iter().zip(&renumbered.betweenness) {
            assert!((a - b).abs() <= 1e-9 * a.abs().max(1.0), "{a} vs {b}");
        }
        let relative = (direct.inverse_distance_sum / renumbered.inverse_distance_sum - 1.0).abs();
        assert!(relative < 1e-12);
    }

    #[test]
    fn weights_are_strengths() {
        // A square 0-1-2-3-0: strong ties 0-1-2 make 1 the only broker of 0 and 2.
        let g = Graph::from_edges(4, [(0, 1, 4.0), (1, 2, 4.0), (2, 3, 1.0), (3, 0, 1.0)]);
        let b = betweenness(&g, true);
        assert!(b[1] > 0.9 && b[3] < 1e-9, "{b:?}");
        assert_eq!(betweenness(&g, false), [0.5, 0.5, 0.5, 0.5]);
    }
}
