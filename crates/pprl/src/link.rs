//! Linking two sets of encodings: every pair that can reach the threshold
//! compared by Dice, then a one-to-one assignment.

use rayon::prelude::*;

use crate::dice::{dice_from_counts, popcount, Kernel};

/// One accepted match: indices into the left and right encodings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Match {
    pub left: u32,
    pub right: u32,
    pub similarity: f64,
}

/// What linkage produced and what it cost.
#[derive(Debug)]
pub struct Linkage {
    /// The one-to-one matches, by descending similarity.
    pub matches: Vec<Match>,
    /// Pairs at or above the threshold before the assignment.
    pub candidates: u64,
    /// Pairs whose Dice coefficient was computed. Pairs the count filter
    /// ruled out were never compared and are not counted here.
    pub comparisons: u64,
    /// Pairs ruled out without comparing them.
    pub skipped: u64,
    pub kernel: Kernel,
}

/// The default threshold on Dice similarity, measured with the default
/// schema: different people's encodings reach 0.62 at the most on FEBRL4,
/// and a true match whose record lost or garbled three of its eight fields
/// falls to 0.6, so 0.62 keeps F1 at 0.9995 there with the one-to-one
/// assignment settling the rest. On data where namesakes abound and dates
/// are missing (the cross-script set), 0.75–0.8 is more precise; say so
/// with `--threshold`.
pub const DEFAULT_THRESHOLD: f64 = 0.62;

/// Rows of the left side a task takes: large enough that a tile of the
/// right side read from memory serves many rows.
const LEFT_CHUNK: usize = 256;
/// Right-side encodings per tile: 2,048 × 128 bytes stays in L2.
const RIGHT_TILE: usize = 2048;

/// Links `left` to `right` (each a run of `words`-word encodings).
///
/// Blocking on the encodings is the count filter: Dice ≥ t needs
/// `t·|a|/(2−t) ≤ |b| ≤ (2−t)·|a|/t`, so the right side is sorted by set
/// bits and each left encoding is compared only with the run that can
/// reach the threshold. It loses no match. (Balanced encodings all have the
/// same count; then every pair is compared.) Comparison runs on every core.
///
/// The assignment is greedy: pairs by descending similarity (ties by left
/// then right index), each accepted when neither record is taken yet. It
/// is what anonlink does, and within a factor of two of the optimal total
/// similarity; with one true match per record above the threshold and
/// non-matches far below, it is the optimal assignment.
pub fn link(
    left: &[u64],
    right: &[u64],
    words: usize,
    threshold: f64,
    progress: &(dyn Fn(u64) + Sync),
) -> Linkage {
    link_with(Kernel::detect(), left, right, words, threshold, progress)
}

/// [`link`] with a chosen kernel (for tests and measurements).
pub fn link_with(
    kernel: Kernel,
    left: &[u64],
    right: &[u64],
    words: usize,
    threshold: f64,
    progress: &(dyn Fn(u64) + Sync),
) -> Linkage {
    assert!(words > 0 && left.len().is_multiple_of(words) && right.len().is_multiple_of(words));
    let (nl, nr) = (left.len() / words, right.len() / words);
    // The right side in order of set bits, contiguous.
    let right_counts: Vec<u32> = right.chunks_exact(words).map(popcount).collect();
    let mut order: Vec<u32> = (0..nr as u32).collect();
    order.sort_by_key(|&j| (right_counts[j as usize], j));
    let sorted_counts: Vec<u32> = order.iter().map(|&j| right_counts[j as usize]).collect();
    let mut sorted = Vec::with_capacity(right.len());
    for &j in &order {
        sorted.extend_from_slice(&right[j as usize * words..(j as usize + 1) * words]);
    }
    let t = threshold.clamp(0.0, 1.0);
    let t_fixed = (t * 65536.0).floor() as u64;
    let results: Vec<(Vec<Match>, u64)> = left
        .par_chunks(words * LEFT_CHUNK)
        .enumerate()
        .map(|(chunk, rows)| {
            let first = chunk * LEFT_CHUNK;
            let n = rows.len() / words;
            let spans: Vec<(u32, usize, usize)> = rows
                .chunks_exact(words)
                .map(|a| {
                    let ca = popcount(a);
                    let (lo, hi) = count_range(ca, t);
                    let from = sorted_counts.partition_point(|&c| c < lo);
                    let to = sorted_counts.partition_point(|&c| c <= hi);
                    (ca, from, to.max(from))
                })
                .collect();
            let mut found = Vec::new();
            let mut compared = 0u64;
            let mut counts = vec![0u32; RIGHT_TILE];
            for tile in (0..nr).step_by(RIGHT_TILE) {
                let tile_end = (tile + RIGHT_TILE).min(nr);
                for (i, (a, &(ca, from, to))) in rows.chunks_exact(words).zip(&spans).enumerate() {
                    let (s, e) = (from.max(tile), to.min(tile_end));
                    if s >= e {
                        continue;
                    }
                    let out = &mut counts[..e - s];
                    kernel.counts(a, &sorted[s * words..e * words], out);
                    compared += (e - s) as u64;
                    for (k, (&common, &cb)) in out.iter().zip(&sorted_counts[s..e]).enumerate() {
                        // Dice ≥ t in integers, a hair loose (t rounded
                        // down to 1/65536); the few pairs that pass are
                        // checked exactly.
                        if (u64::from(common) << 17) < t_fixed * u64::from(ca + cb) {
                            continue;
                        }
                        let similarity = dice_from_counts(common, ca, cb);
                        if common > 0 && similarity >= t {
                            found.push(Match {
                                left: (first + i) as u32,
                                right: order[s + k],
                                similarity,
                            });
                        }
                    }
                }
            }
            progress(n as u64);
            (found, compared)
        })
        .collect();
    let comparisons: u64 = results.iter().map(|(_, c)| c).sum();
    let mut pairs: Vec<Match> = results.into_iter().flat_map(|(f, _)| f).collect();
    let candidates = pairs.len() as u64;
    let matches = greedy(&mut pairs, nl, nr);
    Linkage {
        matches,
        candidates,
        comparisons,
        skipped: (nl as u64 * nr as u64) - comparisons,
        kernel,
    }
}

/// The set-bit counts a partner of an encoding with `ca` bits must have to
/// reach Dice `t`.
fn count_range(ca: u32, t: f64) -> (u32, u32) {
    if t <= 0.0 {
        return (0, u32::MAX);
    }
    let ca = f64::from(ca);
    // A hair of slack against rounding: the exact test is made on the pair.
    let lo = (t * ca / (2.0 - t) - 1e-9).ceil().max(0.0) as u32;
    let hi = ((2.0 - t) * ca / t + 1e-9).floor().min(f64::from(u32::MAX)) as u32;
    (lo, hi)
}

/// Greedy one-to-one assignment by descending similarity.
pub fn greedy(pairs: &mut [Match], nl: usize, nr: usize) -> Vec<Match> {
    pairs.sort_by(|x, y| {
        y.similarity
            .total_cmp(&x.similarity)
            .then(x.left.cmp(&y.left))
            .then(x.right.cmp(&y.right))
    });
    let (mut used_l, mut used_r) = (vec![false; nl], vec![false; nr]);
    let mut out = Vec::new();
    for p in pairs.iter() {
        let (l, r) = (p.left as usize, p.right as usize);
        if !used_l[l] && !used_r[r] {
            used_l[l] = true;
            used_r[r] = true;
            out.push(*p);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brute(left: &[u64], right: &[u64], words: usize, t: f64) -> Vec<(u32, u32)> {
        let mut out = Vec::new();
        for (i, a) in left.chunks(words).enumerate() {
            for (j, b) in right.chunks(words).enumerate() {
                let c = Kernel::Scalar.and_count(a, b);
                if dice_from_counts(c, popcount(a), popcount(b)) >= t && c > 0 {
                    out.push((i as u32, j as u32));
                }
            }
        }
        out
    }

    #[test]
    fn the_count_filter_loses_no_pair() {
        let mut state = 7u64;
        let mut next = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let x = state ^ (state >> 31);
            x & (x >> 3) & (state >> 7)
        };
        let words = 2;
        let left: Vec<u64> = (0..300 * words).map(|_| next()).collect();
        let mut right: Vec<u64> = (0..2500 * words).map(|_| next()).collect();
        right[..words * 5].copy_from_slice(&left[..words * 5]);
        for t in [0.0, 0.2, 0.3, 0.5, 0.9, 1.0] {
            let mut all = brute(&left, &right, words, t);
            let mut kept: Vec<Match> = Vec::new();
            let l = link_with(Kernel::Scalar, &left, &right, words, t, &|_| {});
            // Rebuild the candidates from a run without the assignment.
            for m in &l.matches {
                kept.push(*m);
            }
            assert_eq!(l.candidates as usize, all.len(), "threshold {t}");
            assert_eq!(l.comparisons + l.skipped, 300 * 2500);
            all.sort();
            assert!(kept
                .iter()
                .all(|m| all.binary_search(&(m.left, m.right)).is_ok()));
        }
    }

    #[test]
    fn greedy_takes_the_best_pair_first() {
        let m = |left, right, similarity| Match {
            left,
            right,
            similarity,
        };
        let mut pairs = vec![m(0, 0, 0.8), m(0, 1, 0.9), m(1, 1, 0.85), m(1, 0, 0.7)];
        let got = greedy(&mut pairs, 2, 2);
        assert_eq!(got, vec![m(0, 1, 0.9), m(1, 0, 0.7)]);
    }
}
