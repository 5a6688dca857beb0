//! Community detection by the Leiden algorithm (Traag, Waltman & van Eck
//! 2019): fast local moving of nodes, refinement of each community into
//! well-connected parts, aggregation of the refined parts, repeated until
//! nothing moves.
//!
//! Both quality functions are written as one: a node `i` has a *mass*
//! `a_i` and moving it into community `C` gains
//! `w(i, C) − λ · a_i · A_C`, where `w(i, C)` is the weight of its edges
//! into `C` and `A_C` the mass of `C`. Modularity with resolution `γ`
//! takes `a_i` = the node's strength and `λ = γ / 2m`; the Constant Potts
//! Model takes `a_i` = the number of original nodes and `λ = γ`.
//!
//! Every random choice (the order nodes are visited in, the choice among
//! refinement merges) comes from one ChaCha8 generator seeded by the
//! caller, so a seed and a graph always give the same partition.

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::csr::{Graph, NodeId};

/// What a good partition is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Quality {
    /// Newman–Girvan modularity with a resolution (1 is the classic).
    Modularity { resolution: f64 },
    /// The Constant Potts Model: communities denser than `resolution`.
    Cpm { resolution: f64 },
}

/// How to run Leiden.
#[derive(Clone, Copy, Debug)]
pub struct LeidenOptions {
    pub quality: Quality,
    pub seed: u64,
    /// Run this many iterations; `None` repeats until an iteration changes
    /// nothing or improves the quality by less than 1e-4 of itself (at most
    /// 50).
    pub iterations: Option<usize>,
    /// The randomness θ of refinement: merges are chosen with probability
    /// proportional to `exp(gain / θ)` (0.01 in the paper).
    pub randomness: f64,
}

impl Default for LeidenOptions {
    fn default() -> Self {
        LeidenOptions {
            quality: Quality::Modularity { resolution: 1.0 },
            seed: 42,
            iterations: None,
            randomness: 0.01,
        }
    }
}

/// A partition of a graph's nodes into communities.
#[derive(Clone, Debug, PartialEq)]
pub struct Partition {
    /// `membership[v]`: the community of node `v`. Communities are
    /// numbered by decreasing size, ties by their smallest node.
    pub membership: Vec<u32>,
    /// The number of communities.
    pub count: usize,
}

impl Partition {
    /// Renumbers arbitrary labels as documented on `membership`.
    pub fn from_labels(labels: &[u32]) -> Partition {
        let max = labels.iter().copied().max().map_or(0, |m| m as usize + 1);
        let mut size = vec![0usize; max];
        let mut first = vec![usize::MAX; max];
        for (v, &c) in labels.iter().enumerate() {
            size[c as usize] += 1;
            first[c as usize] = first[c as usize].min(v);
        }
        let mut used: Vec<usize> = (0..max).filter(|&c| size[c] > 0).collect();
        used.sort_by_key(|&c| (std::cmp::Reverse(size[c]), first[c]));
        let mut rename = vec![0u32; max];
        for (new, &old) in used.iter().enumerate() {
            rename[old] = new as u32;
        }
        Partition {
            membership: labels.iter().map(|&c| rename[c as usize]).collect(),
            count: used.len(),
        }
    }

    /// The members of every community.
    pub fn members(&self) -> Vec<Vec<NodeId>> {
        let mut members = vec![Vec::new(); self.count];
        for (v, &c) in self.membership.iter().enumerate() {
            members[c as usize].push(v as NodeId);
        }
        members
    }
}

/// Modularity of a partition: `Σ_c [ L_c / m − γ (K_c / 2m)² ]` with `L_c`
/// the weight of edges inside `c`, `K_c` the strength of its nodes and `m`
/// the total weight (igraph's and NetworkX's definition).
pub fn modularity(graph: &Graph, membership: &[u32], resolution: f64) -> f64 {
    let count = membership
        .iter()
        .copied()
        .max()
        .map_or(0, |m| m as usize + 1);
    let mut inside = vec![0.0; count];
    let mut strength = vec![0.0; count];
    let mut total = 0.0;
    for v in 0..graph.len() as NodeId {
        let c = membership[v as usize] as usize;
        for (u, w) in graph.edges_of(v) {
            strength[c] += w;
            total += w;
            if membership[u as usize] as usize == c {
                inside[c] += w;
            }
        }
    }
    if total == 0.0 {
        return 0.0;
    }
    // `total` is 2m and `inside` counts every edge twice.
    (0..count)
        .map(|c| inside[c] / total - resolution * (strength[c] / total).powi(2))
        .sum()
}

/// The Constant Potts Model quality: `Σ_c [ L_c − γ n_c (n_c − 1) / 2 ]`.
pub fn cpm(graph: &Graph, membership: &[u32], resolution: f64) -> f64 {
    let count = membership
        .iter()
        .copied()
        .max()
        .map_or(0, |m| m as usize + 1);
    let mut inside = vec![0.0; count];
    let mut size = vec![0.0; count];
    for (a, b, w) in graph.edges() {
        if membership[a as usize] == membership[b as usize] {
            inside[membership[a as usize] as usize] += w;
        }
    }
    for &c in membership {
        size[c as usize] += 1.0;
    }
    (0..count)
        .map(|c| inside[c] - resolution * size[c] * (size[c] - 1.0) / 2.0)
        .sum()
}

/// Leiden communities of `graph`.
pub fn leiden(graph: &Graph, options: &LeidenOptions) -> Partition {
    let n = graph.len();
    let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
    let base = Level::from_graph(graph, options.quality);
    let lambda = match options.quality {
        Quality::Modularity { resolution } => {
            let total: f64 = base.mass.iter().sum();
            if total > 0.0 {
                resolution / total
            } else {
                0.0
            }
        }
        Quality::Cpm { resolution } => resolution,
    };
    let quality = |membership: &[u32]| match options.quality {
        Quality::Modularity { resolution } => modularity(graph, membership, resolution),
        Quality::Cpm { resolution } => cpm(graph, membership, resolution),
    };
    let mut membership: Vec<u32> = (0..n as u32).collect();
    let mut current = f64::NEG_INFINITY;
    let rounds = options.iterations.unwrap_or(50);
    for _ in 0..rounds {
        let next = iteration(&base, &membership, lambda, options.randomness, &mut rng);
        if options.iterations.is_none() {
            // Until stable: later iterations keep reshuffling a few nodes
            // between equally good communities on large graphs, so stop
            // when one no longer improves the quality by 1e-4 of itself.
            let better = quality(&next);
            let done = next == membership || better - current <= 1e-4 * better.abs();
            if better >= current {
                membership = next;
                current = better;
            }
            if done {
                break;
            }
        } else {
            membership = next;
        }
    }
    Partition::from_labels(&membership)
}

/// The runs [`consensus`] takes by default: two run in parallel on two
/// cores, and a third added little (BENCHMARKS.md).
pub const CONSENSUS_RUNS: usize = 2;

/// Leiden communities stabilised by consensus (Lancichinetti & Fortunato
/// 2012): `runs` Leiden runs of one iteration each, from seeds after
/// `options.seed`, in parallel; every edge's weight then multiplied by the
/// share of runs that put its two ends together (edges no run keeps inside
/// a community are dropped); Leiden with `options` on those weights; and
/// last one pass of local moves on the graph as given, each node to the
/// community modularity prefers (communities a move cut in two become two).
///
/// Modularity cannot tell apart, in a large graph, a small community from
/// its merger with a neighbour (the resolution limit), so one run's
/// mergers of small communities are partly chance: runs that disagree on
/// a merger weaken the edges behind it, and the final run keeps the small
/// communities apart. On the planted-partition graphs of
/// `../shared/eval/tools/gen_graph.py` two runs raise the NMI to the
/// planted partition by 0.01–0.02 and cost 0.0003–0.0005 of modularity
/// (BENCHMARKS.md). With `runs` < 2, or the Constant Potts Model (whose
/// resolution is a density of the weights as given), this is [`leiden`].
pub fn consensus(graph: &Graph, options: &LeidenOptions, runs: usize) -> Partition {
    use rayon::prelude::*;
    if runs < 2 || matches!(options.quality, Quality::Cpm { .. }) {
        return leiden(graph, options);
    }
    let partitions: Vec<Vec<u32>> = (0..runs as u64)
        .into_par_iter()
        .map(|i| {
            let one = LeidenOptions {
                seed: options.seed.wrapping_add(1 + i),
                iterations: Some(1),
                ..*options
            };
            leiden(graph, &one).membership
        })
        .collect();
    let agreed: Vec<(NodeId, NodeId, f64)> = graph
        .edges()
        .filter_map(|(a, b, w)| {
            let together = partitions
                .iter()
                .filter(|m| m[a as usize] == m[b as usize])
                .count();
            (together > 0).then(|| (a, b, w * together as f64 / runs as f64))
        })
        .collect();
    let mut membership = leiden(&Graph::from_edges(graph.len(), agreed), options).membership;
    // Last, every node where modularity on the graph as given wants it
    // (local moves only, which merge no communities), and any community a
    // move left in pieces split into them.
    let base = Level::from_graph(graph, options.quality);
    let total: f64 = base.mass.iter().sum();
    let resolution = match options.quality {
        Quality::Modularity { resolution } => resolution,
        Quality::Cpm { .. } => unreachable!("CPM returned above"),
    };
    let lambda = if total > 0.0 { resolution / total } else { 0.0 };
    let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
    move_nodes(&base, &mut membership, lambda, &mut rng);
    Partition::from_labels(&connected_parts(graph, &membership))
}

/// Labels that split every community into its connected parts.
fn connected_parts(graph: &Graph, membership: &[u32]) -> Vec<u32> {
    let n = graph.len();
    let mut label = vec![u32::MAX; n];
    let mut next = 0u32;
    let mut stack = Vec::new();
    for start in 0..n as NodeId {
        if label[start as usize] != u32::MAX {
            continue;
        }
        label[start as usize] = next;
        stack.push(start);
        while let Some(v) = stack.pop() {
            for &u in graph.neighbours(v) {
                if label[u as usize] == u32::MAX && membership[u as usize] == membership[v as usize]
                {
                    label[u as usize] = next;
                    stack.push(u);
                }
            }
        }
        next += 1;
    }
    label
}

/// One Leiden iteration from an initial partition of the base graph.
fn iteration(
    base: &Level,
    initial: &[u32],
    lambda: f64,
    theta: f64,
    rng: &mut ChaCha8Rng,
) -> Vec<u32> {
    // `node_of[v]`: the level node holding original node v.
    let mut node_of: Vec<u32> = (0..base.len() as u32).collect();
    let mut level = base.clone();
    let mut community = compact(initial);
    loop {
        move_nodes(&level, &mut community, lambda, rng);
        let count = community.iter().copied().max().map_or(0, |m| m + 1) as usize;
        if count == level.len() {
            break;
        }
        let mut refined = refine(&level, &community, lambda, theta, rng);
        let mut parts = refined.iter().copied().max().map_or(0, |m| m + 1) as usize;
        if parts == level.len() {
            // Nothing merged within communities: aggregate the
            // communities themselves, or the loop would not shrink.
            refined = community.clone();
            parts = count;
        }
        let next_level = level.aggregate(&refined, parts);
        let mut next_community = vec![0u32; parts];
        for (v, &r) in refined.iter().enumerate() {
            next_community[r as usize] = community[v];
        }
        for slot in node_of.iter_mut() {
            *slot = refined[*slot as usize];
        }
        level = next_level;
        community = next_community;
    }
    node_of.iter().map(|&x| community[x as usize]).collect()
}

/// Labels renumbered 0.. in order of first appearance.
fn compact(labels: &[u32]) -> Vec<u32> {
    let max = labels.iter().copied().max().map_or(0, |m| m as usize + 1);
    let mut rename = vec![u32::MAX; max];
    let mut next = 0;
    labels
        .iter()
        .map(|&c| {
            if rename[c as usize] == u32::MAX {
                rename[c as usize] = next;
                next += 1;
            }
            rename[c as usize]
        })
        .collect()
}

/// A graph of (possibly aggregated) nodes with masses.
#[derive(Clone)]
struct Level {
    offsets: Vec<usize>,
    targets: Vec<u32>,
    weights: Vec<f64>,
    mass: Vec<f64>,
}

impl Level {
    fn from_graph(graph: &Graph, quality: Quality) -> Level {
        let n = graph.len() as NodeId;
        let mut offsets = Vec::with_capacity(graph.len() + 1);
        let mut targets = Vec::with_capacity(graph.edge_count() * 2);
        let mut weights = Vec::with_capacity(graph.edge_count() * 2);
        offsets.push(0);
        for v in 0..n {
            targets.extend_from_slice(graph.neighbours(v));
            weights.extend_from_slice(graph.weights(v));
            offsets.push(targets.len());
        }
        let mass = (0..n)
            .map(|v| match quality {
                Quality::Modularity { .. } => graph.strength(v),
                Quality::Cpm { .. } => 1.0,
            })
            .collect();
        Level {
            offsets,
            targets,
            weights,
            mass,
        }
    }

    fn len(&self) -> usize {
        self.mass.len()
    }

    fn edges_of(&self, v: u32) -> impl Iterator<Item = (u32, f64)> + '_ {
        let range = self.offsets[v as usize]..self.offsets[v as usize + 1];
        self.targets[range.clone()]
            .iter()
            .copied()
            .zip(self.weights[range].iter().copied())
    }

    /// The graph of parts: `part[v]` in `0..parts`. Edges inside a part
    /// vanish (they no longer affect any move); edges between parts add up.
    fn aggregate(&self, part: &[u32], parts: usize) -> Level {
        let mut members = vec![Vec::new(); parts];
        for (v, &p) in part.iter().enumerate() {
            members[p as usize].push(v as u32);
        }
        let mut acc = vec![0.0; parts];
        let mut touched: Vec<u32> = Vec::new();
        let mut offsets = Vec::with_capacity(parts + 1);
        let mut targets = Vec::new();
        let mut weights = Vec::new();
        let mut mass = vec![0.0; parts];
        offsets.push(0);
        for (p, list) in members.iter().enumerate() {
            for &v in list {
                mass[p] += self.mass[v as usize];
                for (u, w) in self.edges_of(v) {
                    let q = part[u as usize];
                    if q as usize == p {
                        continue;
                    }
                    if acc[q as usize] == 0.0 {
                        touched.push(q);
                    }
                    acc[q as usize] += w;
                }
            }
            touched.sort_unstable();
            for &q in &touched {
                targets.push(q);
                weights.push(acc[q as usize]);
                acc[q as usize] = 0.0;
            }
            touched.clear();
            offsets.push(targets.len());
        }
        Level {
            offsets,
            targets,
            weights,
            mass,
        }
    }
}

/// Scratch space to sum a node's edge weights by community.
struct Tally {
    weight: Vec<f64>,
    seen: Vec<bool>,
    touched: Vec<u32>,
}

impl Tally {
    fn new(n: usize) -> Tally {
        Tally {
            weight: vec![0.0; n],
            seen: vec![false; n],
            touched: Vec::new(),
        }
    }

    fn add(&mut self, c: u32, w: f64) {
        if !self.seen[c as usize] {
            self.seen[c as usize] = true;
            self.touched.push(c);
        }
        self.weight[c as usize] += w;
    }

    fn clear(&mut self) {
        for &c in &self.touched {
            self.seen[c as usize] = false;
            self.weight[c as usize] = 0.0;
        }
        self.touched.clear();
    }
}

/// Fast local moving: visit nodes from a queue (random order first),
/// move each to the neighbouring community (or an empty one) that gains
/// most, and queue the neighbours left outside its new community.
fn move_nodes(level: &Level, community: &mut [u32], lambda: f64, rng: &mut ChaCha8Rng) {
    let n = level.len();
    let mut total = vec![0.0; n];
    let mut size = vec![0u32; n];
    for (v, &c) in community.iter().enumerate() {
        total[c as usize] += level.mass[v];
        size[c as usize] += 1;
    }
    let mut empty: Vec<u32> = (0..n as u32).filter(|&c| size[c as usize] == 0).collect();
    let mut order: Vec<u32> = (0..n as u32).collect();
    order.shuffle(rng);
    let mut queue: std::collections::VecDeque<u32> = order.into();
    let mut queued = vec![true; n];
    let mut tally = Tally::new(n);
    while let Some(v) = queue.pop_front() {
        queued[v as usize] = false;
        let current = community[v as usize];
        let a = level.mass[v as usize];
        for (u, w) in level.edges_of(v) {
            tally.add(community[u as usize], w);
        }
        total[current as usize] -= a;
        size[current as usize] -= 1;
        let gain =
            |c: u32, tally: &Tally| tally.weight[c as usize] - lambda * a * total[c as usize];
        let mut best = current;
        let mut best_gain = gain(current, &tally);
        for &c in &tally.touched {
            let g = gain(c, &tally);
            if g > best_gain + 1e-12 {
                best = c;
                best_gain = g;
            }
        }
        if best_gain < -1e-12 && size[current as usize] > 0 {
            if let Some(&e) = empty.last() {
                best = e;
            }
        }
        if size[current as usize] == 0 && best != current {
            empty.push(current);
        }
        if empty.last() == Some(&best) {
            empty.pop();
        }
        total[best as usize] += a;
        size[best as usize] += 1;
        tally.clear();
        if best != current {
            community[v as usize] = best;
            for (u, _) in level.edges_of(v) {
                if !queued[u as usize] && community[u as usize] != best {
                    queued[u as usize] = true;
                    queue.push_back(u);
                }
            }
        }
    }
    let compacted = compact(community);
    community.copy_from_slice(&compacted);
}

/// Refinement: within each community, start from singletons and merge
/// well-connected nodes into well-connected parts, choosing randomly
/// among merges that do not lower the quality (weights `exp(gain / θ)`).
fn refine(
    level: &Level,
    community: &[u32],
    lambda: f64,
    theta: f64,
    rng: &mut ChaCha8Rng,
) -> Vec<u32> {
    let n = level.len();
    let count = community.iter().copied().max().map_or(0, |m| m + 1) as usize;
    let mut members = vec![Vec::new(); count];
    let mut community_mass = vec![0.0; count];
    for (v, &c) in community.iter().enumerate() {
        members[c as usize].push(v as u32);
        community_mass[c as usize] += level.mass[v];
    }
    let mut part: Vec<u32> = (0..n as u32).collect();
    let mut part_mass: Vec<f64> = level.mass.clone();
    let mut part_size = vec![1u32; n];
    // Weight from each part to the rest of its community.
    let mut external = vec![0.0; n];
    for v in 0..n as u32 {
        external[v as usize] = level
            .edges_of(v)
            .filter(|&(u, _)| community[u as usize] == community[v as usize])
            .map(|(_, w)| w)
            .sum();
    }
    let mut tally = Tally::new(n);
    let mut candidates: Vec<(u32, f64)> = Vec::new();
    for (c, list) in members.iter().enumerate() {
        let mut list = list.clone();
        list.shuffle(rng);
        let total = community_mass[c];
        for &v in &list {
            if part_size[v as usize] != 1 || part[v as usize] != v {
                continue;
            }
            let a = level.mass[v as usize];
            if external[v as usize] < lambda * a * (total - a) {
                continue; // not well connected to its community
            }
            for (u, w) in level.edges_of(v) {
                if community[u as usize] == c as u32 {
                    tally.add(part[u as usize], w);
                }
            }
            candidates.clear();
            let mut max_gain = 0.0f64;
            for &p in &tally.touched {
                if p == v {
                    continue;
                }
                let pm = part_mass[p as usize];
                if external[p as usize] < lambda * pm * (total - pm) {
                    continue; // the part is not well connected
                }
                let gain = tally.weight[p as usize] - lambda * a * pm;
                if gain >= 0.0 {
                    candidates.push((p, gain));
                    max_gain = max_gain.max(gain);
                }
            }
            if !candidates.is_empty() {
                // Staying alone gains 0 and is one of the choices.
                let stay = (-max_gain / theta).exp();
                let weights: Vec<f64> = candidates
                    .iter()
                    .map(|&(_, g)| ((g - max_gain) / theta).exp())
                    .collect();
                let sum: f64 = weights.iter().sum::<f64>() + stay;
                let mut pick = rng.random::<f64>() * sum;
                let mut chosen = None;
                for (k, &w) in weights.iter().enumerate() {
                    if pick < w {
                        chosen = Some(candidates[k].0);
                        break;
                    }
                    pick -= w;
                }
                if let Some(p) = chosen {
                    let to_part = tally.weight[p as usize];
                    part[v as usize] = p;
                    part_mass[p as usize] += a;
                    part_size[p as usize] += 1;
                    part_size[v as usize] = 0;
                    external[p as usize] += external[v as usize] - 2.0 * to_part;
                }
            }
            tally.clear();
        }
    }
    compact(&part)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two_cliques() -> Graph {
        let mut edges = Vec::new();
        for base in [0u32, 5] {
            for i in 0..5 {
                for j in i + 1..5 {
                    edges.push((base + i, base + j, 1.0));
                }
            }
        }
        edges.push((4, 5, 1.0));
        Graph::from_edges(10, edges)
    }

    #[test]
    fn two_cliques_joined_by_an_edge_are_two_communities() {
        let g = two_cliques();
        let p = leiden(&g, &LeidenOptions::default());
        assert_eq!(p.count, 2);
        assert_eq!(p.membership, [0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
        let q = modularity(&g, &p.membership, 1.0);
        assert!((q - 0.4523809523809524).abs() < 1e-12, "{q}");
        let cpm_p = leiden(
            &g,
            &LeidenOptions {
                quality: Quality::Cpm { resolution: 0.5 },
                ..LeidenOptions::default()
            },
        );
        assert_eq!(cpm_p.membership, p.membership);
    }

    #[test]
    fn same_seed_same_partition() {
        let g = two_cliques();
        let a = leiden(
            &g,
            &LeidenOptions {
                seed: 7,
                ..LeidenOptions::default()
            },
        );
        let b = leiden(
            &g,
            &LeidenOptions {
                seed: 7,
                ..LeidenOptions::default()
            },
        );
        assert_eq!(a, b);
    }

    /// Thirty five-node cliques in a ring, each tied to the next by one
    /// edge: the resolution limit's own example (Fortunato & Barthélemy
    /// 2007), where modularity gains by merging neighbouring cliques.
    fn ring_of_cliques() -> Graph {
        let (cliques, size) = (30u32, 5u32);
        let mut edges = Vec::new();
        for c in 0..cliques {
            let base = c * size;
            for i in 0..size {
                for j in i + 1..size {
                    edges.push((base + i, base + j, 1.0));
                }
            }
            edges.push((base, (base + size + 1) % (cliques * size), 1.0));
        }
        Graph::from_edges((cliques * size) as usize, edges)
    }

    #[test]
    fn consensus_keeps_apart_what_single_runs_merge_by_chance() {
        let g = ring_of_cliques();
        let options = LeidenOptions::default();
        let single = leiden(&g, &options);
        let agreed = consensus(&g, &options, 2);
        let cliques: Vec<u32> = (0..150).map(|v| v / 5).collect();
        // Every community is whole cliques, in both.
        for p in [&single, &agreed] {
            for v in 0..150 {
                assert_eq!(p.membership[v], p.membership[v / 5 * 5], "{p:?}");
            }
        }
        assert!(
            single.count < 30,
            "one run merges cliques: {}",
            single.count
        );
        assert!(
            crate::nmi(&agreed.membership, &cliques) > crate::nmi(&single.membership, &cliques),
            "{} communities by consensus, {} by one run",
            agreed.count,
            single.count
        );
        // Deterministic, and one run or CPM is plain Leiden.
        assert_eq!(consensus(&g, &options, 2), agreed);
        assert_eq!(consensus(&g, &options, 1), single);
        let cpm = LeidenOptions {
            quality: Quality::Cpm { resolution: 0.5 },
            ..options
        };
        assert_eq!(consensus(&g, &cpm, 3), leiden(&g, &cpm));
    }

    #[test]
    fn a_community_in_pieces_becomes_its_pieces() {
        // 0-1 and 2-3 are linked, 4 alone; one label for all five.
        let g = Graph::from_edges(5, [(0, 1, 1.0), (2, 3, 1.0)]);
        let parts = Partition::from_labels(&connected_parts(&g, &[0; 5]));
        assert_eq!(parts.count, 3);
        assert_eq!(parts.membership[0], parts.membership[1]);
        assert_eq!(parts.membership[2], parts.membership[3]);
        assert_ne!(parts.membership[0], parts.membership[2]);
        // Two labels on a linked pair stay two.
        let apart = connected_parts(&g, &[0, 1, 0, 0, 0]);
        assert_ne!(apart[0], apart[1]);
    }
}
