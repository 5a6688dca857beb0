//! Normalised mutual information between two partitions.

use std::collections::HashMap;

/// Normalised mutual information of two partitions of the same nodes
/// (`a[v]`, `b[v]`: the groups of node `v`): `2 I(A;B) / (H(A) + H(B))`,
/// the arithmetic-mean normalisation (Danon et al. 2005; igraph's and
/// scikit-learn's default). 1 for identical partitions up to renaming,
/// near 0 for independent ones; 1 when both put every node in one group.
///
/// # Panics
/// If the partitions have different lengths.
pub fn nmi(a: &[u32], b: &[u32]) -> f64 {
    assert_eq!(a.len(), b.len(), "partitions of different node sets");
    let n = a.len() as f64;
    if a.is_empty() {
        return 1.0;
    }
    let mut joint: HashMap<(u32, u32), f64> = HashMap::new();
    let mut count_a: HashMap<u32, f64> = HashMap::new();
    let mut count_b: HashMap<u32, f64> = HashMap::new();
    for (&x, &y) in a.iter().zip(b) {
        *joint.entry((x, y)).or_default() += 1.0;
        *count_a.entry(x).or_default() += 1.0;
        *count_b.entry(y).or_default() += 1.0;
    }
    let entropy = |counts: &HashMap<u32, f64>| -> f64 {
        counts.values().map(|&c| -(c / n) * (c / n).ln()).sum()
    };
    let (ha, hb) = (entropy(&count_a), entropy(&count_b));
    if ha + hb == 0.0 {
        return 1.0;
    }
    let mutual: f64 = joint
        .iter()
        .map(|(&(x, y), &c)| (c / n) * ((c * n) / (count_a[&x] * count_b[&y])).ln())
        .sum();
    (2.0 * mutual / (ha + hb)).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_up_to_renaming_is_one_and_independent_is_zero() {
        assert!((nmi(&[0, 0, 1, 1], &[5, 5, 2, 2]) - 1.0).abs() < 1e-12);
        assert!(nmi(&[0, 0, 1, 1], &[0, 1, 0, 1]).abs() < 1e-12);
        let partial = nmi(&[0, 0, 0, 1, 1, 1], &[0, 0, 1, 1, 1, 1]);
        assert!(partial > 0.2 && partial < 0.9, "{partial}");
    }
}
