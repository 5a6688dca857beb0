//! Clustering accepted pairs into entities, with a guard against chaining,
//! and people's decisions over the model's.

use rayon::prelude::*;

use crate::ScoredPair;

/// Clusters that would grow past this size join only when a second accepted
/// pair between them confirms the first; two clusters both larger than it
/// join only on a pair that is also near-certain (p ≥ 0.99). One wrong pair
/// must not weld two people's records together. Measured on the scenario
/// (large, seed 1 / medium, seed 2025): requiring the near-certain pair for
/// every growth past this size left the busiest suspects in pieces of
/// eight (clustered F1 0.854 / 0.818); asking it only of two large clusters
/// gives 0.874 / 0.858; dropping it altogether, 0.839 (precision 0.84).
const GUARDED_SIZE: usize = 8;

/// What reviewers decided, as constraints on clustering. A decision
/// overrides the model for its pair and for the clusters the pair is in:
/// `same` records end in one cluster whatever their score, `different`
/// records never do, however strong the chain between them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Constraints {
    pub same: Vec<(u32, u32)>,
    pub different: Vec<(u32, u32)>,
}

/// A join that made a cluster: a scored pair the model accepted, or a pair
/// a person decided was one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Join {
    pub pair: ScoredPair,
    pub decided: bool,
}

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
    let (ids, joins) = clusters_constrained(n, pairs, threshold, &Constraints::default(), &[]);
    (ids, joins.into_iter().map(|j| j.pair).collect())
}

/// [`clusters_with_joins`] under people's decisions: first every `same`
/// pair is joined (in the order given, unless a `different` forbids it),
/// then the model's pairs strongest first, none of them joining two
/// clusters that a `different` keeps apart. The result depends only on the
/// pairs and the constraints, not on their order in memory.
///
/// `birth_dates` (each record's date of birth as `yyyymmdd`, `yyyy0000`
/// for a year alone, 0 when not known; empty when there are none) keeps
/// apart two clusters whose every recorded full date of birth differs
/// outright from every one of the other — not by a swap of day and month,
/// nor by one digit — or whose every year of birth is more than a year
/// from every one of the other (a year alone is often worked out from an
/// age). A person
/// has one date of birth: two men of one name, each with his own date in
/// most of his records, are not joined through the records that give no
/// date at all. A reviewer's `same` still joins them.
pub fn clusters_constrained(
    n: usize,
    pairs: &[ScoredPair],
    threshold: f64,
    constraints: &Constraints,
    birth_dates: &[u32],
) -> (Vec<u32>, Vec<Join>) {
    let mut accepted = Accepted::new(threshold);
    for p in pairs {
        accepted.push(p.a, p.b, p.weight);
    }
    clusters_of(n, accepted, constraints, birth_dates)
}

/// The pairs at or above a threshold, kept compact (16 bytes each) and
/// sorted strongest first for [`clusters_of`]: a store's millions of kept
/// pairs need not become millions of [`ScoredPair`]s to be clustered.
pub struct Accepted {
    /// The weight's bits in total order, inverted (strongest first), then
    /// a and b: (a, b) breaks ties, so the order is total. Sorting plain
    /// keys rather than references to pairs: sorting millions of those
    /// spent its time on cache misses.
    order: Vec<(u64, u64)>,
    at_least: f64,
}

impl Accepted {
    pub fn new(threshold: f64) -> Accepted {
        Accepted {
            order: Vec::new(),
            at_least: (threshold / (1.0 - threshold)).log2(),
        }
    }

    /// Adds a pair (`a < b`) if its weight reaches the threshold.
    pub fn push(&mut self, a: u32, b: u32, weight: f64) {
        if weight >= self.at_least {
            self.order
                .push((!ordered_bits(weight), (u64::from(a) << 32) | u64::from(b)));
        }
    }

    fn pair(&(w, ab): &(u64, u64)) -> (u32, u32, f64) {
        ((ab >> 32) as u32, ab as u32, from_ordered_bits(!w))
    }
}

/// [`clusters_constrained`] of pairs already filtered by [`Accepted`].
pub fn clusters_of(
    n: usize,
    mut accepted: Accepted,
    constraints: &Constraints,
    birth_dates: &[u32],
) -> (Vec<u32>, Vec<Join>) {
    let mut forest = Forest::new(n, birth_dates);
    for &(a, b) in &constraints.different {
        if a != b {
            forest.apart[a as usize].push(b);
            forest.apart[b as usize].push(a);
        }
    }
    let mut joins = Vec::new();
    for &(a, b) in &constraints.same {
        let (ra, rb) = (forest.find(a), forest.find(b));
        if ra != rb && !forest.kept_apart(ra, rb) {
            forest.union(ra, rb);
            joins.push(Join {
                pair: ScoredPair {
                    a: a.min(b),
                    b: a.max(b),
                    weight: f64::INFINITY,
                    probability: 1.0,
                },
                decided: true,
            });
        }
    }
    accepted.order.par_sort_unstable();
    let neighbours = Neighbours::new(n, &accepted.order);
    // p >= 0.99 as a weight.
    let near_certain = (0.99f64 / 0.01).log2();
    for key in &accepted.order {
        let (a, b, weight) = Accepted::pair(key);
        let (ra, rb) = (forest.find(a), forest.find(b));
        if ra == rb || forest.kept_apart(ra, rb) {
            continue;
        }
        if forest.size[ra as usize] + forest.size[rb as usize] > GUARDED_SIZE {
            // A small cluster (a few mentions of a variant spelling) joins
            // a larger one when a second accepted pair confirms it; two
            // large clusters join only on a near-certain, confirmed pair.
            let small = forest.size[ra as usize].min(forest.size[rb as usize]);
            if small > GUARDED_SIZE && weight < near_certain {
                continue;
            }
            let confirmed = neighbours
                .of(a)
                .iter()
                .any(|&x| x != b && forest.find_ro(x) == rb)
                || neighbours
                    .of(b)
                    .iter()
                    .any(|&x| x != a && forest.find_ro(x) == ra);
            if !confirmed {
                continue;
            }
        }
        if forest.born_apart(ra, rb) {
            continue;
        }
        forest.union(ra, rb);
        joins.push(Join {
            pair: ScoredPair {
                a,
                b,
                weight,
                probability: crate::probability(weight),
            },
            decided: false,
        });
    }
    let roots: Vec<u32> = (0..n as u32).map(|i| forest.find(i)).collect();
    // Name each cluster by its smallest member, so ids do not depend on
    // merge order.
    let mut smallest = vec![u32::MAX; n];
    for (i, &r) in roots.iter().enumerate() {
        smallest[r as usize] = smallest[r as usize].min(i as u32);
    }
    let ids = roots.iter().map(|&r| smallest[r as usize]).collect();
    (ids, joins)
}

/// An f64's bits, mapped so that unsigned order is the float's total order.
fn ordered_bits(x: f64) -> u64 {
    let bits = x.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | (1 << 63)
    }
}

fn from_ordered_bits(bits: u64) -> f64 {
    f64::from_bits(if bits >> 63 == 1 {
        bits & !(1 << 63)
    } else {
        !bits
    })
}

/// Each record's accepted partners, in one array.
struct Neighbours {
    start: Vec<u32>,
    of: Vec<u32>,
}

impl Neighbours {
    fn new(n: usize, pairs: &[(u64, u64)]) -> Neighbours {
        let ends = |&(_, ab): &(u64, u64)| ((ab >> 32) as u32, ab as u32);
        let mut start = vec![0u32; n + 1];
        for p in pairs {
            let (a, b) = ends(p);
            start[a as usize + 1] += 1;
            start[b as usize + 1] += 1;
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        let mut fill = start.clone();
        let mut of = vec![0u32; start[n] as usize];
        for p in pairs {
            let (a, b) = ends(p);
            for (x, y) in [(a, b), (b, a)] {
                of[fill[x as usize] as usize] = y;
                fill[x as usize] += 1;
            }
        }
        Neighbours { start, of }
    }

    fn of(&self, x: u32) -> &[u32] {
        &self.of[self.start[x as usize] as usize..self.start[x as usize + 1] as usize]
    }
}

/// Distinct dates of birth a cluster keeps, at most: enough for a
/// person's typos and swaps.
const MAX_DATES: usize = 16;

/// Union–find with, per root, the records its members must stay apart
/// from and the distinct full dates of birth its members give.
struct Forest {
    parent: Vec<u32>,
    size: Vec<usize>,
    apart: Vec<Vec<u32>>,
    dates: Vec<Vec<u32>>,
}

impl Forest {
    fn new(n: usize, birth_dates: &[u32]) -> Forest {
        Forest {
            parent: (0..n as u32).collect(),
            size: vec![1; n],
            apart: vec![Vec::new(); n],
            dates: (0..n)
                .map(|i| match birth_dates.get(i) {
                    Some(&d) if d != 0 => vec![d],
                    _ => Vec::new(),
                })
                .collect(),
        }
    }

    /// Whether the clusters' dates of birth say they are two people. When
    /// both give full dates, those decide: none of one is compatible with
    /// any of the other's (a year alone beside them is never a wildcard:
    /// "1989" beside 1989-10-25 does not make a cluster one with
    /// 1989-03-12). Otherwise every year of one (from a full date or a
    /// year alone) is more than a year from every year of the other.
    fn born_apart(&self, ra: u32, rb: u32) -> bool {
        let (x, y) = (&self.dates[ra as usize], &self.dates[rb as usize]);
        let full = |d: &u32| !d.is_multiple_of(10_000);
        if x.iter().any(full) && y.iter().any(full) {
            // Full dates on both sides decide, with their typo tolerance:
            // a year alone beside them is no wildcard.
            return !x.iter().filter(|d| full(d)).any(|&d| {
                y.iter()
                    .filter(|e| full(e))
                    .any(|&e| dates_compatible(d, e))
            });
        }
        // A year alone fits anything within a year of it.
        !x.is_empty()
            && !y.is_empty()
            && !x
                .iter()
                .any(|&d| y.iter().any(|&e| (d / 10_000).abs_diff(e / 10_000) <= 1))
    }

    fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            self.parent[x as usize] = self.parent[self.parent[x as usize] as usize];
            x = self.parent[x as usize];
        }
        x
    }

    fn find_ro(&self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            x = self.parent[x as usize];
        }
        x
    }

    /// Whether a decision keeps the clusters of roots `ra` and `rb` apart.
    fn kept_apart(&self, ra: u32, rb: u32) -> bool {
        let (small, other) = if self.apart[ra as usize].len() <= self.apart[rb as usize].len() {
            (ra, rb)
        } else {
            (rb, ra)
        };
        self.apart[small as usize]
            .iter()
            .any(|&x| self.find_ro(x) == other)
    }

    fn union(&mut self, ra: u32, rb: u32) {
        let (big, small) = if self.size[ra as usize] >= self.size[rb as usize] {
            (ra, rb)
        } else {
            (rb, ra)
        };
        self.parent[small as usize] = big;
        self.size[big as usize] += self.size[small as usize];
        let moved = std::mem::take(&mut self.apart[small as usize]);
        self.apart[big as usize].extend(moved);
        for d in std::mem::take(&mut self.dates[small as usize]) {
            let kept = &mut self.dates[big as usize];
            if kept.len() < MAX_DATES && !kept.contains(&d) {
                kept.push(d);
            }
        }
    }
}

/// Two full dates (`yyyymmdd`) that may be one person's: the same, day and
/// month swapped, or one digit apart — the levels of the date comparison
/// short of "different". (Years alone are compared in `born_apart`.)
fn dates_compatible(x: u32, y: u32) -> bool {
    let swapped = |d: u32| (d / 10_000) * 10_000 + (d % 100) * 100 + (d / 100) % 100;
    if x == y || swapped(x) == y {
        return true;
    }
    // Eight digits each: one substitution, or two adjacent digits
    // transposed.
    let digits = |mut d: u32| {
        let mut out = [0u8; 8];
        for slot in out.iter_mut().rev() {
            *slot = (d % 10) as u8;
            d /= 10;
        }
        out
    };
    let (a, b) = (digits(x), digits(y));
    let mut differ = (0..8).filter(|&i| a[i] != b[i]);
    match (differ.next(), differ.next(), differ.next()) {
        (Some(_), None, _) => true,
        (Some(i), Some(j), None) => j == i + 1 && a[i] == b[j] && a[j] == b[i],
        _ => false,
    }
}

/// Each record's date of birth as `yyyymmdd`, or `yyyy0000` when only the
/// year is known (0 when not even that), from the dataset's date-of-birth
/// column: the `birth_dates` of [`clusters_constrained`].
pub fn birth_dates(data: &crate::Dataset, records: impl Iterator<Item = u32>) -> Vec<u32> {
    let column = data
        .columns()
        .iter()
        .position(|c| c.kind == Some(crate::FieldKind::BirthDate));
    records
        .map(|i| match column.and_then(|c| data.raw(i, c)) {
            Some(raw) => match crate::field::date(raw) {
                crate::Value::Date {
                    y: Some(y),
                    m: Some(m),
                    d: Some(d),
                } if y > 0 => y as u32 * 10_000 + m * 100 + d,
                crate::Value::Date { y: Some(y), .. } if y > 0 => y as u32 * 10_000,
                _ => 0,
            },
            None => 0,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(a: u32, b: u32, probability: f64) -> ScoredPair {
        ScoredPair {
            a,
            b,
            weight: (probability / (1.0 - probability)).log2(),
            probability,
        }
    }

    #[test]
    fn a_different_decision_breaks_a_chain() {
        let pairs = [pair(0, 1, 0.99), pair(1, 2, 0.98), pair(2, 3, 0.97)];
        let (free, _) = clusters_constrained(4, &pairs, 0.5, &Constraints::default(), &[]);
        assert_eq!(free, vec![0, 0, 0, 0]);
        let apart = Constraints {
            same: vec![],
            different: vec![(0, 3)],
        };
        let (ids, joins) = clusters_constrained(4, &pairs, 0.5, &apart, &[]);
        assert_ne!(ids[0], ids[3]);
        // The strongest pairs still joined; the weakest link gave way.
        assert_eq!(ids, vec![0, 0, 0, 3]);
        assert_eq!(joins.len(), 2);
    }

    #[test]
    fn a_same_decision_joins_below_the_threshold_unless_kept_apart() {
        let pairs = [pair(0, 1, 0.2)];
        let same = Constraints {
            same: vec![(0, 1)],
            different: vec![],
        };
        let (ids, joins) = clusters_constrained(3, &pairs, 0.5, &same, &[]);
        assert_eq!(ids, vec![0, 0, 2]);
        assert!(joins[0].decided);
        let both = Constraints {
            same: vec![(0, 1)],
            different: vec![(1, 0)],
        };
        assert_eq!(
            clusters_constrained(3, &pairs, 0.5, &both, &[]).0,
            vec![0, 1, 2]
        );
    }

    #[test]
    fn clusters_of_different_dates_of_birth_stay_apart() {
        // 0-1 one man born 1980-12-02, 3-4 another born 1973-07-09; 2
        // gives no date and matches both.
        let pairs = [
            pair(0, 1, 0.999),
            pair(3, 4, 0.999),
            pair(1, 2, 0.9),
            pair(2, 3, 0.89),
        ];
        let dates = [19801202, 19801202, 0, 19730709, 19730709];
        let (ids, _) = clusters_constrained(5, &pairs, 0.5, &Constraints::default(), &dates);
        assert_eq!(ids, vec![0, 0, 0, 3, 3]);
        // A typo, a swap of day and month: still one man.
        for other in [19801203, 19801202, 19800212] {
            let dates = [19801202, 19801202, 0, other, other];
            let (ids, _) = clusters_constrained(5, &pairs, 0.5, &Constraints::default(), &dates);
            assert_eq!(ids, vec![0; 5], "{other}");
        }
        // A year alone (from an age) keeps apart men born years apart,
        // and not a man whose age was a year out.
        let dates = [19800000, 19801202, 0, 19730000, 19730709];
        let (ids, _) = clusters_constrained(5, &pairs, 0.5, &Constraints::default(), &dates);
        assert_eq!(ids, vec![0, 0, 0, 3, 3]);
        let dates = [19810000, 19801202, 0, 19790000, 19801202];
        let (ids, _) = clusters_constrained(5, &pairs, 0.5, &Constraints::default(), &dates);
        assert_eq!(ids, vec![0; 5]);
        // A typo in a full date's year is still a typo.
        let dates = [19801202, 19801202, 0, 19851202, 19851202];
        let (ids, _) = clusters_constrained(5, &pairs, 0.5, &Constraints::default(), &dates);
        assert_eq!(ids, vec![0; 5]);
        // Nor is a year a wildcard for its dates: 1980-12-02 and
        // 1980-03-15 are two men, whatever "1980" stands beside them.
        let dates = [19801202, 19800000, 0, 19800315, 19800315];
        let (ids, _) = clusters_constrained(5, &pairs, 0.5, &Constraints::default(), &dates);
        assert_eq!(ids, vec![0, 0, 0, 3, 3]);
        // Without dates, the chain joins everyone.
        let (ids, _) = clusters_constrained(5, &pairs, 0.5, &Constraints::default(), &[]);
        assert_eq!(ids, vec![0; 5]);
    }
}
