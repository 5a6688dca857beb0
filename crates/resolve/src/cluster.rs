//! Clustering accepted pairs into entities, with a guard against chaining.

use crate::ScoredPair;

/// A cluster larger than this grows only through pairs that are both very
/// likely and confirmed by a second link into the cluster: one wrong pair
/// must not weld two people's records together.
const GUARDED_SIZE: usize = 8;

/// Cluster ids (the smallest record index of each cluster) for `n` records
/// from the pairs at or above `threshold`.
pub fn clusters(n: usize, pairs: &[ScoredPair], threshold: f64) -> Vec<u32> {
    clusters_with_joins(n, pairs, threshold).0
}

/// [`clusters`], and the pairs that joined two clusters, in the order they
/// did (strongest first): one per record joined, the reason each cluster
/// holds together.
pub fn clusters_with_joins(
    n: usize,
    pairs: &[ScoredPair],
    threshold: f64,
) -> (Vec<u32>, Vec<ScoredPair>) {
    let mut parent: Vec<u32> = (0..n as u32).collect();
    let mut size = vec![1usize; n];
    let mut accepted: Vec<&ScoredPair> = pairs
        .iter()
        .filter(|p| p.probability >= threshold)
        .collect();
    accepted.sort_by(|x, y| {
        y.weight
            .total_cmp(&x.weight)
            .then((x.a, x.b).cmp(&(y.a, y.b)))
    });
    let mut neighbours: Vec<Vec<u32>> = vec![Vec::new(); n];
    for p in &accepted {
        neighbours[p.a as usize].push(p.b);
        neighbours[p.b as usize].push(p.a);
    }
    let mut joins = Vec::new();
    for p in accepted {
        let (ra, rb) = (find(&mut parent, p.a), find(&mut parent, p.b));
        if ra == rb {
            continue;
        }
        if size[ra as usize] + size[rb as usize] > GUARDED_SIZE {
            let confirmed = neighbours[p.a as usize]
                .iter()
                .filter(|&&x| x != p.b && find_ro(&parent, x) == rb)
                .count()
                + neighbours[p.b as usize]
                    .iter()
                    .filter(|&&x| x != p.a && find_ro(&parent, x) == ra)
                    .count();
            if p.probability < 0.99 || confirmed == 0 {
                continue;
            }
        }
        let (big, small) = if size[ra as usize] >= size[rb as usize] {
            (ra, rb)
        } else {
            (rb, ra)
        };
        parent[small as usize] = big;
        size[big as usize] += size[small as usize];
        joins.push(*p);
    }
    let roots: Vec<u32> = (0..n as u32).map(|i| find(&mut parent, i)).collect();
    // Name each cluster by its smallest member, so ids do not depend on
    // merge order.
    let mut smallest = vec![u32::MAX; n];
    for (i, &r) in roots.iter().enumerate() {
        smallest[r as usize] = smallest[r as usize].min(i as u32);
    }
    let ids = roots.iter().map(|&r| smallest[r as usize]).collect();
    (ids, joins)
}

fn find(parent: &mut [u32], mut x: u32) -> u32 {
    while parent[x as usize] != x {
        parent[x as usize] = parent[parent[x as usize] as usize];
        x = parent[x as usize];
    }
    x
}

fn find_ro(parent: &[u32], mut x: u32) -> u32 {
    while parent[x as usize] != x {
        x = parent[x as usize];
    }
    x
}
