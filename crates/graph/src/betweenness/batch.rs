//! Brandes from `LANES` sources at once, level by level, for the exact
//! unweighted all-pairs searches.
//!
//! Written by hand for speed: one search per source scans every edge
//! twice (forward and backward) with a data-dependent branch per edge,
//! and that is the whole cost of exact betweenness and of every
//! disruption step. Searching from `LANES` sources together, a node is
//! visited once per *distinct* distance it has from them rather than once
//! per source; with sources taken in breadth-first (locality) order the
//! sources of a batch are near each other, so a node's distances from
//! them mostly take one or two values, and each visit does the work of
//! every lane with branch-free per-lane arithmetic (`LANES`-wide arrays
//! the compiler vectorises) instead of unpredictable branches.
//!
//! Each lane computes what a single-source search computes: the same
//! distances, the same path counts σ (integers, added in another order,
//! so exactly equal below 2^53), and the same dependencies δ, summed over
//! the successors in row order as a single search sums them. Only the
//! order in which sources' dependencies are added into a node's score
//! differs, so scores can differ from one source at a time in the last
//! bits; they do not depend on the number of threads.

use crate::csr::{Graph, NodeId};

/// Sources searched together.
pub(super) const LANES: usize = 8;

const UNSEEN: u8 = u8::MAX;

/// The largest distance a batch can hold (`UNSEEN` and `MAX + 1` apart).
pub(super) const MAX: u32 = UNSEEN as u32 - 2;

/// A node's distances from the `LANES` sources are the bytes of one word
/// (lane `k` in bits `8k..8k + 8`), compared all at once with the
/// bit tricks below rather than lane by lane.
type Distances = u64;
const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;
const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
const ALL_UNSEEN: Distances = ONES * UNSEEN as u64;

/// `0xff` in each byte of `x` equal to `b`, `0x00` in the others (exact:
/// no carry crosses a byte).
#[inline(always)]
fn bytes_equal(x: Distances, b: u8) -> u64 {
    let t = x ^ (ONES * u64::from(b));
    let nonzero = ((t & LOW).wrapping_add(LOW) | t) & HIGH;
    ((!nonzero & HIGH) >> 7) * 0xff
}

/// Lane `k`'s byte of a byte mask as a 64-bit mask, for `f64` lanes:
/// `x & lane_mask(m, k)` is `if byte k { x } else { 0 }` without a
/// branch (the compiler turns `if` on floats into branches).
#[inline(always)]
fn lane_mask(m: u64, k: usize) -> u64 {
    (((m >> (8 * k)) as u8) as i8 as i64) as u64
}

/// What one lane's search found, besides the dependencies added to `bc`.
#[derive(Clone, Copy, Default)]
pub(super) struct Lane {
    /// `Σ_t 1/d(s,t)` over the nodes `t ≠ s` reached.
    pub inverse_distances: f64,
    /// `Σ_t 1/(d(s,t) + 1)` over the nodes reached, `s` included.
    pub shifted: f64,
    /// The number of nodes reached, `s` included.
    pub reached: usize,
}

/// One chunk's buffers, reused from batch to batch; only the nodes a
/// batch reached are reset after it.
pub(super) struct Batch {
    dist: Vec<Distances>,
    /// σ per lane in the forward pass, then `(1 + δ) / σ` once a node's
    /// lane is finished in the backward pass (its successors are finished
    /// before it, so nothing reads its σ after that).
    value: Vec<[f64; LANES]>,
    /// `levels[starts[d]..starts[d + 1]]`: the nodes at distance `d` from
    /// at least one of the sources.
    levels: Vec<NodeId>,
    starts: Vec<usize>,
}

impl Batch {
    pub(super) fn new(n: usize) -> Batch {
        Batch {
            dist: vec![ALL_UNSEEN; n],
            value: vec![[0.0; LANES]; n],
            // A node is in at most `LANES` levels (one per distinct
            // distance), and one slot more is written past the end.
            levels: vec![0; n * LANES + 1],
            starts: Vec::new(),
        }
    }

    /// Searches from `sources` (at most `LANES`, distinct; graph
    /// distances at most [`MAX`]), adds `weight[k] × δ_{sources[k]}(v)` to
    /// `bc[v]` and returns what each lane found.
    pub(super) fn run(
        &mut self,
        graph: &Graph,
        sources: &[NodeId],
        weight: &[f64; LANES],
        bc: &mut [f64],
    ) -> [Lane; LANES] {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the processor has AVX2, checked just above.
            return unsafe { self.run_avx2(graph, sources, weight, bc) };
        }
        self.run_portable(graph, sources, weight, bc)
    }

    /// [`Batch::run`] compiled for AVX2, whose 4-lane `f64` vectors do the
    /// per-lane arithmetic in half the instructions of the baseline SSE2
    /// (same operations, so the same results bit for bit).
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn run_avx2(
        &mut self,
        graph: &Graph,
        sources: &[NodeId],
        weight: &[f64; LANES],
        bc: &mut [f64],
    ) -> [Lane; LANES] {
        self.run_portable(graph, sources, weight, bc)
    }

    #[inline(always)]
    fn run_portable(
        &mut self,
        graph: &Graph,
        sources: &[NodeId],
        weight: &[f64; LANES],
        bc: &mut [f64],
    ) -> [Lane; LANES] {
        self.search(graph, sources);
        let lanes = self.accumulate(graph, weight, bc);
        let reached = *self.starts.last().expect("a level");
        for &v in &self.levels[..reached] {
            self.dist[v as usize] = ALL_UNSEEN;
            self.value[v as usize] = [0.0; LANES];
        }
        lanes
    }

    /// The forward pass, one level at a time for all lanes: distances and
    /// path counts σ. A lane's new node gets `0.0 + σ(v) = σ(v)` (values
    /// are 0 until reached) and the other lanes `+ 0.0`, without a branch
    /// per lane; an edge to a node at no active lane's next level (back or
    /// across, about half of them) skips the node's values altogether, so
    /// its cache line is neither read nor dirtied — one branch per edge is
    /// cheaper than that memory traffic (a pass over the 100,000-edge
    /// disruption graph: 11.4 s → 8.5 s).
    #[inline(always)]
    fn search(&mut self, graph: &Graph, sources: &[NodeId]) {
        let (offsets, targets) = graph.rows();
        let (dist, value) = (&mut self.dist[..], &mut self.value[..]);
        let levels = &mut self.levels[..];
        self.starts.clear();
        self.starts.push(0);
        for (k, &s) in sources.iter().enumerate() {
            levels[k] = s;
            dist[s as usize] &= !(0xff << (8 * k));
            value[s as usize][k] = 1.0;
        }
        let mut len = sources.len();
        let mut level = 0u8;
        let mut lo = 0;
        while lo < len {
            let hi = len;
            self.starts.push(hi);
            let next = level + 1;
            let next_word = ONES * u64::from(next);
            for i in lo..hi {
                let v = levels[i] as usize;
                let sv = value[v];
                let act = bytes_equal(dist[v], level);
                for &u in &targets[offsets[v]..offsets[v + 1]] {
                    let u = u as usize;
                    let du = dist[u];
                    let unseen = bytes_equal(du, UNSEEN);
                    let is_next = bytes_equal(du, next);
                    let new = act & unseen;
                    let on = act & (unseen | is_next);
                    dist[u] = (du & !new) | (next_word & new);
                    if on != 0 {
                        let su = &mut value[u];
                        for k in 0..LANES {
                            su[k] += f64::from_bits(sv[k].to_bits() & lane_mask(on, k));
                        }
                    }
                    // `u` joins the next level when a lane reaches it
                    // first and it was at no lane's next level already:
                    // written always, kept only then (no branch).
                    levels[len] = u as NodeId;
                    len += usize::from(new != 0 && is_next == 0);
                }
            }
            lo = hi;
            level += 1;
        }
    }

    /// The backward pass, deepest level first; per node, each lane at this
    /// level sums `(1 + δ(w)) / σ(w)` over its successors `w` in row order,
    /// as a single-source search does.
    #[inline(always)]
    fn accumulate(
        &mut self,
        graph: &Graph,
        weight: &[f64; LANES],
        bc: &mut [f64],
    ) -> [Lane; LANES] {
        let (offsets, targets) = graph.rows();
        let (dist, value) = (&self.dist[..], &mut self.value[..]);
        let mut lanes = [Lane::default(); LANES];
        let depth = self.starts.len() - 1;
        for level in (0..depth).rev() {
            let next = level as u8 + 1;
            let inverse = if level > 0 { 1.0 / level as f64 } else { 0.0 };
            let shifted = 1.0 / (level as f64 + 1.0);
            for i in (self.starts[level]..self.starts[level + 1]).rev() {
                let v = self.levels[i] as usize;
                let mut acc = [0.0; LANES];
                let here = bytes_equal(dist[v], level as u8);
                // The deepest level has no successors.
                if level + 1 < depth {
                    for &w in &targets[offsets[v]..offsets[v + 1]] {
                        let w = w as usize;
                        let on = bytes_equal(dist[w], next) & here;
                        if on == 0 {
                            continue;
                        }
                        let cw = &value[w];
                        for k in 0..LANES {
                            acc[k] += f64::from_bits(cw[k].to_bits() & lane_mask(on, k));
                        }
                    }
                }
                let sigma = value[v];
                let mut out = sigma;
                for k in 0..LANES {
                    if lane_mask(here, k) == 0 {
                        continue;
                    }
                    let delta = sigma[k] * acc[k];
                    out[k] = (1.0 + delta) / sigma[k];
                    let lane = &mut lanes[k];
                    lane.shifted += shifted;
                    lane.reached += 1;
                    if level > 0 {
                        lane.inverse_distances += inverse;
                        bc[v] += weight[k] * delta;
                    }
                }
                value[v] = out;
            }
        }
        lanes
    }
}
