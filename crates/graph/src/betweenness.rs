//! Betweenness centrality: exact (Brandes 2001), on every core, and
//! sampled from pivots with an error bound; and global efficiency, which
//! the same breadth-first searches measure for free.
//!
//! Scores are *raw* and undirected: the betweenness of `v` is the sum over
//! unordered pairs `{s, t}` (neither of them `v`) of the fraction of
//! shortest `s`–`t` paths through `v`. [`normalise`] divides by the number
//! of such pairs.
//!
//! Sources are split into a fixed number of chunks whose partial sums are
//! added in chunk order, so a score does not depend on the number of
//! threads (bit for bit). Exact unweighted betweenness searches from
//! [`batch::LANES`] sources at a time (`batch`), falling back to one
//! source at a time ([`Bfs`]) when a graph's distances are too long for a
//! batch; sampled betweenness searches one pivot at a time.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use rand::seq::index::sample;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use crate::csr::{Graph, NodeId};

mod batch;

const CHUNKS: usize = 16;
const UNSEEN: u32 = u32::MAX;

/// Exact betweenness of every node. With `weighted`, an edge's weight is
/// a tie's strength and its length is `1 / weight`, so shortest paths run
/// along strong ties (Opsahl, Agneessens & Skvoretz 2010, α = 1); without,
/// every edge has length 1.
pub fn betweenness(graph: &Graph, weighted: bool) -> Vec<f64> {
    if weighted {
        let sources: Vec<NodeId> = (0..graph.len() as NodeId).collect();
        let n = graph.len();
        sum_chunks(
            n,
            &sources,
            1,
            |_| 0,
            || Dijkstra::new(n),
            |ws, s, bc| {
                ws.dijkstra(graph, s);
                ws.accumulate_weighted(graph, s, bc);
                0.0
            },
        )
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
    let (betweenness, sums) = renumbered(graph, |_| true, |_| 0, 1);
    AllPairs {
        betweenness,
        inverse_distance_sum: sums[0],
    }
}

/// Unweighted betweenness of the nodes of some connected components only,
/// and each component's sum of inverse distances: the searches run from
/// the sources in components `c` with `redo[c]`, so the scores of nodes in
/// other components come out 0 (and their sums 0). Used by the disruption
/// simulation, where a removal leaves all but a few components as they
/// were. `label` numbers the components `0..redo.len()`.
pub(crate) fn betweenness_of_components(
    graph: &Graph,
    label: &[u32],
    redo: &[bool],
) -> (Vec<f64>, Vec<f64>) {
    renumbered(
        graph,
        |v| redo[label[v as usize] as usize],
        |v| label[v as usize] as usize,
        redo.len(),
    )
}

/// Graphs from this many nodes are renumbered in breadth-first order
/// before searching ([`Graph::locality_order`]).
const LOCALITY_FROM: usize = 4096;

/// [`all_pairs`], on large graphs after renumbering them for locality;
/// `include` and `group` take the caller's node ids.
fn renumbered(
    graph: &Graph,
    include: impl Fn(NodeId) -> bool + Sync,
    group: impl Fn(NodeId) -> usize + Sync,
    groups: usize,
) -> (Vec<f64>, Vec<f64>) {
    if graph.len() < LOCALITY_FROM {
        return all_pairs(graph, include, group, groups);
    }
    let order = graph.locality_order();
    let (betweenness, sums) = all_pairs(
        &graph.permuted(&order),
        |v| include(order[v as usize]),
        |v| group(order[v as usize]),
        groups,
    );
    (unpermute(&order, &betweenness), sums)
}

/// `values[i]` belongs to node `order[i]`: back to the original ids.
fn unpermute(order: &[NodeId], values: &[f64]) -> Vec<f64> {
    let mut out = vec![0.0; values.len()];
    for (&v, &x) in order.iter().zip(values) {
        out[v as usize] = x;
    }
    out
}

/// Brandes from every non-leaf source `s` with `include(s)`: raw
/// betweenness, and the inverse-distance sums of the sources added up by
/// `group(s)` (in `0..groups`).
fn all_pairs(
    graph: &Graph,
    include: impl Fn(NodeId) -> bool + Sync,
    group: impl Fn(NodeId) -> usize + Sync,
    groups: usize,
) -> (Vec<f64>, Vec<f64>) {
    let batched = distance_bound(graph) <= batch::MAX;
    all_pairs_with(graph, include, group, groups, batched)
}

/// [`all_pairs`] in batches of sources, or one source at a time.
fn all_pairs_with(
    graph: &Graph,
    include: impl Fn(NodeId) -> bool + Sync,
    group: impl Fn(NodeId) -> usize + Sync,
    groups: usize,
    batched: bool,
) -> (Vec<f64>, Vec<f64>) {
    let n = graph.len();
    let leaf = |v: NodeId| graph.degree(v) == 1 && graph.degree(graph.neighbours(v)[0]) > 1;
    let mut leaves = vec![0u32; n];
    let mut sources = Vec::with_capacity(n);
    for v in 0..n as NodeId {
        if !include(v) {
            continue;
        }
        if leaf(v) {
            leaves[graph.neighbours(v)[0] as usize] += 1;
        } else if graph.degree(v) > 0 {
            sources.push(v);
        }
    }
    let (sums, inverse_distances) = if batched {
        sum_batches(n, &sources, groups, &group, |ws, batch, bc| {
            let mut weight = [1.0; batch::LANES];
            for (w, &s) in weight.iter_mut().zip(batch) {
                *w += f64::from(leaves[s as usize]);
            }
            let lanes = ws.run(graph, batch, &weight, bc);
            let mut eff = [0.0; batch::LANES];
            for ((e, lane), &s) in eff.iter_mut().zip(&lanes).zip(batch) {
                *e = lane.inverse_distances;
                let k = f64::from(leaves[s as usize]);
                if k > 0.0 {
                    bc[s as usize] += k * (lane.reached as f64 - 2.0);
                    // From a leaf every distance is one longer, and the
                    // leaf itself (at distance 1 from s) is not its own
                    // target.
                    *e += k * (lane.shifted - 0.5);
                }
            }
            eff
        })
    } else {
        with_level_type!(graph, L => sum_chunks(
            n,
            &sources,
            groups,
            &group,
            || Bfs::<L>::new(n),
            |ws, s, bc| {
                ws.search(graph, s);
                let k = f64::from(leaves[s as usize]);
                let mut eff = ws.accumulate(graph, s, 1.0 + k, bc);
                if k > 0.0 {
                    bc[s as usize] += k * (ws.reached().len() as f64 - 2.0);
                    // From a leaf every distance is one longer, and the
                    // leaf itself (at distance 1 from s) is not its own
                    // target.
                    let shifted: f64 = ws
                        .reached()
                        .iter()
                        .map(|&t| 1.0 / (f64::from(ws.dist[t as usize].get()) + 1.0))
                        .sum();
                    eff += k * (shifted - 0.5);
                }
                ws.reset();
                eff
            },
        ))
    };
    (
        sums.into_iter().map(|b| b / 2.0).collect(),
        inverse_distances,
    )
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
    let (sums, _) = with_level_type!(&local, L => sum_chunks(
        n,
        &sources,
        1,
        |_| 0,
        || Bfs::<L>::new(n),
        |ws, s, bc| {
            ws.search(&local, s);
            ws.accumulate(&local, s, 1.0, bc);
            ws.reset();
            0.0
        },
    ));
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
/// scalars `search` returned, summed by `group` of the source (in
/// `0..groups`). Each chunk makes its buffers once (`workspace`) and
/// reuses them for all its sources.
fn sum_chunks<W, F>(
    n: usize,
    sources: &[NodeId],
    groups: usize,
    group: impl Fn(NodeId) -> usize + Sync,
    workspace: impl Fn() -> W + Sync,
    search: F,
) -> (Vec<f64>, Vec<f64>)
where
    F: Fn(&mut W, NodeId, &mut [f64]) -> f64 + Sync,
{
    let chunks = CHUNKS.min(sources.len()).max(1);
    let partial: Vec<(Vec<f64>, Vec<f64>)> = (0..chunks)
        .into_par_iter()
        .map(|c| {
            let mut ws = workspace();
            let mut bc = vec![0.0; n];
            let mut scalars = vec![0.0; groups];
            for &s in sources.iter().skip(c).step_by(chunks) {
                scalars[group(s)] += search(&mut ws, s, &mut bc);
            }
            (bc, scalars)
        })
        .collect();
    add_in_order(n, groups, partial)
}

/// Adds the partial sums of the blocks in block order, so that the result
/// is the same whatever the thread count.
fn add_in_order(
    n: usize,
    groups: usize,
    partial: Vec<(Vec<f64>, Vec<f64>)>,
) -> (Vec<f64>, Vec<f64>) {
    let mut total = vec![0.0; n];
    let mut scalars = vec![0.0; groups];
    for (bc, s) in partial {
        for (t, b) in total.iter_mut().zip(bc) {
            *t += b;
        }
        for (t, x) in scalars.iter_mut().zip(s) {
            *t += x;
        }
    }
    (total, scalars)
}

/// Runs `search` on the sources in batches of [`batch::LANES`]: the
/// sources are cut into `CHUNKS` contiguous blocks (neighbours in the
/// locality order, so a batch's searches overlap), each searched batch
/// after batch with its own buffers and partial sums, which are added in
/// block order; returns the summed vectors and the per-source scalars
/// `search` returned, summed by `group` of the source.
fn sum_batches<F>(
    n: usize,
    sources: &[NodeId],
    groups: usize,
    group: impl Fn(NodeId) -> usize + Sync,
    search: F,
) -> (Vec<f64>, Vec<f64>)
where
    F: Fn(&mut batch::Batch, &[NodeId], &mut [f64]) -> [f64; batch::LANES] + Sync,
{
    let block = sources.len().div_ceil(CHUNKS).max(1);
    let partial: Vec<(Vec<f64>, Vec<f64>)> = sources
        .par_chunks(block)
        .map(|block| {
            let mut ws = batch::Batch::new(n);
            let mut bc = vec![0.0; n];
            let mut scalars = vec![0.0; groups];
            for batch in block.chunks(batch::LANES) {
                let found = search(&mut ws, batch, &mut bc);
                for (&s, x) in batch.iter().zip(found) {
                    scalars[group(s)] += x;
                }
            }
            (bc, scalars)
        })
        .collect();
    add_in_order(n, groups, partial)
}

/// A breadth-first distance, stored in the narrowest type that holds every
/// distance of the graph (see [`with_level_type!`]): the searches test a
/// neighbour's distance for every edge, and a `u8` array of 20,000 nodes
/// stays in the 32 KB first-level cache where `u32` would not.
trait Level: Copy + Eq + Send {
    const UNSEEN: Self;
    /// Distances up to `MAX` (and `MAX + 1`, computed but never stored)
    /// fit beside `UNSEEN`.
    const MAX: u32;
    fn of(d: u32) -> Self;
    fn get(self) -> u32;
}

macro_rules! level {
    ($t:ty) => {
        impl Level for $t {
            const UNSEEN: $t = <$t>::MAX;
            const MAX: u32 = <$t>::MAX as u32 - 2;
            #[inline(always)]
            fn of(d: u32) -> $t {
                d as $t
            }
            #[inline(always)]
            fn get(self) -> u32 {
                u32::from(self)
            }
        }
    };
}
level!(u8);
level!(u16);
level!(u32);

/// Evaluates `$body` with the type `$l` bound to the narrowest [`Level`]
/// that holds the distances of `$graph`.
macro_rules! with_level_type {
    ($graph:expr, $l:ident => $body:expr) => {{
        let bound = distance_bound($graph);
        if bound <= <u8 as Level>::MAX {
            type $l = u8;
            $body
        } else if bound <= <u16 as Level>::MAX {
            type $l = u16;
            $body
        } else {
            type $l = u32;
            $body
        }
    }};
}
use with_level_type;

/// An upper bound on every finite distance of the graph: twice the
/// largest eccentricity of one node per component (the diameter of a
/// component is at most twice any of its nodes' eccentricity). One
/// breadth-first sweep.
fn distance_bound(graph: &Graph) -> u32 {
    let n = graph.len();
    let mut dist = vec![u32::MAX; n];
    let mut queue: Vec<NodeId> = Vec::new();
    let mut bound = 0;
    for start in 0..n as NodeId {
        if dist[start as usize] != u32::MAX {
            continue;
        }
        dist[start as usize] = 0;
        queue.clear();
        queue.push(start);
        let mut head = 0;
        while head < queue.len() {
            let v = queue[head];
            head += 1;
            let d = dist[v as usize];
            bound = bound.max(2 * d);
            for &u in graph.neighbours(v) {
                if dist[u as usize] == u32::MAX {
                    dist[u as usize] = d + 1;
                    queue.push(u);
                }
            }
        }
    }
    bound
}

/// One chunk's buffers for unweighted single-source searches (Brandes),
/// reused from source to source; only the distances of the nodes a search
/// reached are reset after it. Used by sampled betweenness, and by exact
/// betweenness on graphs with distances too long for [`batch::Batch`].
///
/// Written for speed:
/// - no predecessor lists: the backward pass finds a node's successors
///   by scanning its row for neighbours one level further away;
/// - the queue is the visit order, and the level boundaries in it are
///   kept, so the backward pass walks it in reverse without a stack, and
///   skips the scans of the deepest level, which has no successors;
/// - distances in their own narrow array ([`Level`]), which every edge
///   reads, and one `f64` per node that holds σ (the number of shortest
///   paths) in the forward pass and is overwritten by
///   `coef = (1 + δ) / σ` in the backward pass: a node's successors are
///   all finished before it, so nothing reads its σ after that.
struct Bfs<L> {
    dist: Vec<L>,
    value: Vec<f64>,
    /// Nodes in the order they were reached: `order[..reached]`.
    order: Vec<NodeId>,
    reached: usize,
    /// Where the deepest level starts in `order`.
    deepest: usize,
}

impl<L: Level> Bfs<L> {
    fn new(n: usize) -> Bfs<L> {
        Bfs {
            dist: vec![L::UNSEEN; n],
            value: vec![0.0; n],
            order: vec![0; n],
            reached: 0,
            deepest: 0,
        }
    }

    /// Breadth-first search from `s`, level by level: distances, path
    /// counts (σ, in `value`), order.
    fn search(&mut self, graph: &Graph, s: NodeId) {
        let (offsets, targets) = graph.rows();
        let dist = &mut self.dist[..];
        let value = &mut self.value[..];
        let order = &mut self.order[..];
        order[0] = s;
        dist[s as usize] = L::of(0);
        value[s as usize] = 1.0;
        let (mut head, mut tail) = (0, 1);
        let mut level = 0;
        while head < tail {
            self.deepest = head;
            let end = tail;
            let next = L::of(level + 1);
            while head < end {
                let v = order[head] as usize;
                head += 1;
                let sv = value[v];
                for &u in &targets[offsets[v]..offsets[v + 1]] {
                    let u = u as usize;
                    let du = dist[u];
                    if du == L::UNSEEN {
                        dist[u] = next;
                        value[u] = sv;
                        order[tail] = u as NodeId;
                        tail += 1;
                    } else if du == next {
                        value[u] += sv;
                    }
                }
            }
            level += 1;
        }
        self.reached = tail;
    }

    /// Brandes' accumulation after [`Bfs::search`], pulled rather than
    /// pushed: each node, latest first, sums over its successors `w`
    /// `(1 + δ(w)) / σ(w)`, so the only write is its own. Adds
    /// `weight × δ_s(v)` to `bc[v]`; returns `Σ_t 1/d(s,t)`.
    fn accumulate(&mut self, graph: &Graph, s: NodeId, weight: f64, bc: &mut [f64]) -> f64 {
        let (offsets, targets) = graph.rows();
        let (dist, value) = (&self.dist, &mut self.value);
        let mut eff = 0.0;
        for (i, &v) in self.order[..self.reached].iter().enumerate().rev() {
            let v = v as usize;
            let dv = dist[v].get();
            if i >= self.deepest {
                // No successors: δ = 0, and bc[v] gains nothing (`s` is
                // here only when it reaches nobody).
                value[v] = 1.0 / value[v];
                if v != s as usize {
                    eff += 1.0 / f64::from(dv);
                }
                continue;
            }
            let next = L::of(dv + 1);
            let mut acc = 0.0;
            for &w in &targets[offsets[v]..offsets[v + 1]] {
                let w = w as usize;
                if dist[w] == next {
                    acc += value[w];
                }
            }
            let sigma = value[v];
            let delta = sigma * acc;
            value[v] = (1.0 + delta) / sigma;
            if v != s as usize {
                eff += 1.0 / f64::from(dv);
                bc[v] += weight * delta;
            }
        }
        eff
    }

    /// The nodes the last search reached, in order.
    fn reached(&self) -> &[NodeId] {
        &self.order[..self.reached]
    }

    fn reset(&mut self) {
        for &w in &self.order[..self.reached] {
            self.dist[w as usize] = L::UNSEEN;
        }
    }
}

/// One chunk's buffers for weighted single-source searches.
struct Dijkstra {
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

impl Dijkstra {
    fn new(n: usize) -> Dijkstra {
        Dijkstra {
            dist: vec![UNSEEN; n],
            length: Vec::new(),
            sigma: vec![0.0; n],
            delta: vec![0.0; n],
            order: Vec::with_capacity(n),
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

    /// Back-propagation after [`Dijkstra::dijkstra`]; resets the buffers.
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
        let direct = all_pairs(&g, |_| true, |_| 0, 1);
        assert!(distance_bound(&g) <= batch::MAX);
        let order = g.locality_order();
        let permuted = all_pairs(&g.permuted(&order), |_| true, |_| 0, 1);
        let renumbered = unpermute(&order, &permuted.0);
        for (a, b) in direct.0.iter().zip(&renumbered) {
            assert!((a - b).abs() <= 1e-9 * a.abs().max(1.0), "{a} vs {b}");
        }
        let relative = (direct.1[0] / permuted.1[0] - 1.0).abs();
        assert!(relative < 1e-12);
    }

    /// A random graph: `n` nodes, `m` random edges, a few isolated nodes
    /// and pendant paths (leaves, and distances longer than a ring's).
    fn random_graph(n: u32, m: usize, seed: u64) -> Graph {
        use rand::Rng;
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let core = n * 3 / 4;
        let mut edges: Vec<(NodeId, NodeId, f64)> = (0..m)
            .map(|_| (rng.random_range(0..core), rng.random_range(0..core), 1.0))
            .collect();
        for v in core..n - 3 {
            edges.push((v, rng.random_range(0..v), 1.0));
        }
        Graph::from_edges(n as usize, edges)
    }

    fn assert_close(a: &[f64], b: &[f64]) {
        for (x, y) in a.iter().zip(b) {
            assert!((x - y).abs() <= 1e-12 * x.abs().max(1.0), "{x} vs {y}");
        }
    }

    #[test]
    fn batches_of_sources_agree_with_one_source_at_a_time() {
        for (n, m, seed) in [(3, 2, 0), (40, 60, 1), (300, 700, 2), (1000, 1500, 3)] {
            let g = random_graph(n, m, seed);
            let one = all_pairs_with(&g, |_| true, |_| 0, 1, false);
            let batched = all_pairs_with(&g, |_| true, |_| 0, 1, true);
            assert_close(&one.0, &batched.0);
            assert_close(&one.1, &batched.1);
            // Only some components, with their sums apart.
            let parts = crate::components::components(&g);
            let redo: Vec<bool> = (0..parts.count()).map(|c| c % 2 == 0).collect();
            let label = &parts.label;
            let part = all_pairs(
                &g,
                |v| redo[label[v as usize] as usize],
                |v| label[v as usize] as usize,
                redo.len(),
            );
            for v in 0..g.len() {
                let expected = if redo[label[v] as usize] {
                    one.0[v]
                } else {
                    0.0
                };
                assert!((part.0[v] - expected).abs() <= 1e-12 * expected.max(1.0));
            }
            let total: f64 = part.1.iter().sum::<f64>() + {
                let rest = all_pairs(&g, |v| !redo[label[v as usize] as usize], |_| 0, 1);
                rest.1[0]
            };
            assert!((total / one.1[0] - 1.0).abs() < 1e-12);
        }
    }

    #[test]
    fn scores_do_not_depend_on_the_number_of_threads() {
        let g = random_graph(1500, 3600, 7);
        let run = |threads| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| {
                    let all = betweenness_and_efficiency(&g);
                    (all.betweenness, all.inverse_distance_sum)
                })
        };
        let one = run(1);
        assert_eq!(one, run(2));
        assert_eq!(one, run(3));
    }

    #[test]
    fn long_paths_are_searched_one_source_at_a_time() {
        // Distances up to 599: too long for a batch's bytes.
        let n = 600;
        let path = Graph::from_edges(n, (0..n as NodeId - 1).map(|v| (v, v + 1, 1.0)));
        assert!(distance_bound(&path) > batch::MAX);
        let b = betweenness(&path, false);
        for (i, &x) in b.iter().enumerate() {
            assert_eq!(x, (i * (n - 1 - i)) as f64);
        }
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
