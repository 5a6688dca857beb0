//! Companions: the people written beside a record in its group (the other
//! migrants of an interception, the money handler named with the head).
//!
//! Groups travel together, so the same people are seen together again:
//! two records of one man usually have companions who are the same people
//! too, and two namesakes in different boats do not. After a first scoring
//! pass, each candidate pair's companions are counted — how many of the
//! people beside one record the first pass accepted as one of the people
//! beside the other — and that count is a comparison of its own, with m
//! fitted by EM with every other comparison's evidence held fixed, and u
//! from random pairs. Only companions of the same role count (a driver's
//! companions are other suspects, not the migrants he drove).
//!
//! Only candidate pairs count as companion pairs: an incremental run, which
//! compares only the pairs touching new records, finds every companion
//! pair of a new record among them (a new record's group is new), so it
//! counts exactly what a full run would.

// FxHash rather than SipHash: lookups are on the hot path. Crafted values
// that collide could slow a run down, never change what it finds.
use rustc_hash::FxHashMap as HashMap;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use crate::compare::role_of;
use crate::field::{FieldKind, Normalised};

/// Levels of the companions comparison (`ComparisonKind::Companions`).
pub(crate) const NONE_TO_COMPARE: u8 = 0;
const TWO_OR_MORE: u8 = 1;
const ONE: u8 = 2;
const NO_COMPANION: u8 = 3;
const SAME_GROUP: u8 = 4;
const LEVELS: usize = 5;

const U_SAMPLES: usize = 400_000;
const EM_ITERATIONS: usize = 30;

/// Each record's group and role, and whether anyone of its role is
/// written beside it.
pub(crate) struct Groups {
    /// The index of the record's group value (0: no group).
    group: Vec<u32>,
    /// The hash of the record's role, without its function (0: none).
    class: Vec<u64>,
    /// Whether another record of the same role is in the record's group.
    accompanied: Vec<bool>,
}

impl Groups {
    pub(crate) fn new(data: &Normalised, group_field: usize) -> Groups {
        let role_field = data
            .data()
            .columns()
            .iter()
            .position(|c| c.kind == Some(FieldKind::Role));
        let class_of_value: Vec<u64> = match role_field {
            Some(f) => data
                .distinct(f)
                .iter()
                .map(|v| v.text().map_or(0, |t| crate::field::hash(role_of(t))))
                .collect(),
            None => Vec::new(),
        };
        let n = data.len() as u32;
        let group: Vec<u32> = (0..n).map(|i| data.cell(i, group_field) as u32).collect();
        let class: Vec<u64> = (0..n)
            .map(|i| role_field.map_or(0, |f| class_of_value[data.cell(i, f)]))
            .collect();
        let mut sizes: HashMap<(u32, u64), u32> = HashMap::default();
        for i in 0..n as usize {
            if group[i] != 0 {
                *sizes.entry((group[i], class[i])).or_default() += 1;
            }
        }
        let accompanied = (0..n as usize)
            .map(|i| group[i] != 0 && sizes[&(group[i], class[i])] > 1)
            .collect();
        Groups {
            group,
            class,
            accompanied,
        }
    }

    /// The pairs accepted by the first pass between records of two
    /// different groups, by the pair of groups.
    pub(crate) fn index(&self, accepted: impl Iterator<Item = (u32, u32)>) -> Accepted {
        let mut between: HashMap<(u32, u32), Vec<(u32, u32)>> = HashMap::default();
        for (x, y) in accepted {
            let (gx, gy) = (self.group[x as usize], self.group[y as usize]);
            if gx == 0 || gy == 0 || gx == gy {
                continue;
            }
            let (x, y, gx, gy) = if gx < gy {
                (x, y, gx, gy)
            } else {
                (y, x, gy, gx)
            };
            between.entry((gx, gy)).or_default().push((x, y));
        }
        Accepted { between }
    }

    /// The companions level of records `a` and `b`.
    pub(crate) fn level(&self, accepted: &Accepted, a: u32, b: u32) -> u8 {
        let (ga, gb) = (self.group[a as usize], self.group[b as usize]);
        if ga == 0 || gb == 0 {
            return NONE_TO_COMPARE;
        }
        if ga == gb {
            return SAME_GROUP;
        }
        if !self.accompanied[a as usize] || !self.accompanied[b as usize] {
            return NONE_TO_COMPARE;
        }
        let (a, b, ga, gb) = if ga < gb {
            (a, b, ga, gb)
        } else {
            (b, a, gb, ga)
        };
        let Some(pairs) = accepted.between.get(&(ga, gb)) else {
            return NO_COMPANION;
        };
        let (ca, cb) = (self.class[a as usize], self.class[b as usize]);
        let mut xs = Vec::new();
        let mut ys = Vec::new();
        for &(x, y) in pairs {
            if x != a && y != b && self.class[x as usize] == ca && self.class[y as usize] == cb {
                xs.push(x);
                ys.push(y);
            }
        }
        level_of_count(distinct(xs).min(distinct(ys)))
    }

    /// u: the levels of random pairs of records that both have a group.
    pub(crate) fn sample_u(&self, accepted: &Accepted) -> Vec<f64> {
        let grouped: Vec<u32> = (0..self.group.len() as u32)
            .filter(|&i| self.group[i as usize] != 0)
            .collect();
        let mut counts = vec![0.0; LEVELS];
        if grouped.len() > 1 {
            let mut rng = ChaCha8Rng::seed_from_u64(0xC0_4A11);
            let pairs: Vec<(u32, u32)> = (0..U_SAMPLES)
                .map(|_| {
                    (
                        grouped[rng.random_range(0..grouped.len())],
                        grouped[rng.random_range(0..grouped.len())],
                    )
                })
                .filter(|(a, b)| a != b)
                .collect();
            let levels: Vec<u8> = pairs
                .par_iter()
                .map(|&(a, b)| self.level(accepted, a, b))
                .collect();
            for l in levels {
                counts[l as usize] += 1.0;
            }
        }
        crate::train::smooth(&counts)
    }
}

/// First-pass pairs accepted between two groups.
#[derive(Default)]
pub(crate) struct Accepted {
    between: HashMap<(u32, u32), Vec<(u32, u32)>>,
}

fn distinct(mut v: Vec<u32>) -> usize {
    v.sort_unstable();
    v.dedup();
    v.len()
}

fn level_of_count(n: usize) -> u8 {
    match n {
        0 => NO_COMPANION,
        1 => ONE,
        _ => TWO_OR_MORE,
    }
}

/// The companions level of two records of a dataset that holds their
/// groups' other records, scoring each possible companion pair with
/// `first_pass` (its match weight, prior included): what [`Groups::level`]
/// finds in a run, for explaining one pair.
pub(crate) fn level_of_pair(
    data: &Normalised,
    group_field: usize,
    a: u32,
    b: u32,
    first_pass: impl Fn(u32, u32) -> f64,
) -> u8 {
    let groups = Groups::new(data, group_field);
    let (ga, gb) = (groups.group[a as usize], groups.group[b as usize]);
    if ga == 0 || gb == 0 || ga == gb {
        return groups.level(&Accepted::default(), a, b);
    }
    let beside = |r: u32, g: u32| -> Vec<u32> {
        (0..data.len() as u32)
            .filter(|&i| {
                i != r
                    && groups.group[i as usize] == g
                    && groups.class[i as usize] == groups.class[r as usize]
            })
            .collect()
    };
    let (xs, ys) = (beside(a, ga), beside(b, gb));
    let accepted = xs
        .iter()
        .flat_map(|&x| ys.iter().map(move |&y| (x, y)))
        .filter(|&(x, y)| first_pass(x, y) >= 0.0);
    let index = groups.index(accepted);
    groups.level(&index, a, b)
}

/// First-pass log2 odds above which a pair is all but sure (p ≥ 0.999).
const SURE: f64 = 10.0;

/// Pairs all but sure that m is read from, at the least; with fewer, EM.
const SURE_PAIRS: f64 = 100.0;

/// m of the companions levels: their shares among the pairs the first
/// pass is all but sure of (a date of birth, names and more agree).
/// Whether a man's companions are seen with him again does not depend on
/// how fully a report records him, so these pairs' companions are any
/// match's. EM with the first pass's evidence held fixed is the fallback
/// for data with too few such pairs; where many namesakes share a name
/// and nothing else, that evidence overrates them, and EM takes their
/// lack of companions in common for a trait of matches (on the large
/// scenario EM put m of "no companion in common" at 0.67; the truth is
/// 0.30, and the sure pairs say 0.29).
pub(crate) fn fit_m(levels: &[u8], evidence: &[f32], prior: f64, u: &[f64]) -> Vec<f64> {
    let mut sure = [0.0f64; LEVELS];
    for (&l, &e) in levels.iter().zip(evidence) {
        if l != NONE_TO_COMPARE && prior + f64::from(e) >= SURE {
            sure[l as usize] += 1.0;
        }
    }
    if sure[1..].iter().sum::<f64>() >= SURE_PAIRS {
        return floored(&sure);
    }
    em_m(levels, evidence, prior, u)
}

/// Probabilities over the levels from counts, none below 0.1%: reports
/// list people in any order and any subset, so no level is impossible
/// for a match.
fn floored(counts: &[f64]) -> Vec<f64> {
    let total: f64 = counts[1..].iter().sum::<f64>().max(1e-12);
    let raw: Vec<f64> = counts[1..].iter().map(|c| (c / total).max(1e-3)).collect();
    let sum: f64 = raw.iter().sum();
    std::iter::once(0.0)
        .chain(raw.iter().map(|x| x / sum))
        .collect()
}

/// m by EM over the candidate pairs, every other comparison's evidence
/// (`evidence`, without the prior) held fixed.
fn em_m(levels: &[u8], evidence: &[f32], prior: f64, u: &[f64]) -> Vec<f64> {
    let mut m = vec![0.0, 0.6, 0.25, 0.1, 0.05];
    for _ in 0..EM_ITERATIONS {
        let bayes: Vec<f64> = (0..LEVELS)
            .map(|l| if l == 0 { 0.0 } else { (m[l] / u[l]).log2() })
            .collect();
        let counts = levels
            .par_iter()
            .zip(evidence.par_iter())
            .filter(|&(&l, _)| l != NONE_TO_COMPARE)
            .fold(
                || [0.0f64; LEVELS],
                |mut acc, (&l, &e)| {
                    acc[l as usize] += crate::probability(prior + f64::from(e) + bayes[l as usize]);
                    acc
                },
            )
            .reduce(
                || [0.0f64; LEVELS],
                |mut x, y| {
                    x.iter_mut().zip(y).for_each(|(a, b)| *a += b);
                    x
                },
            );
        if counts[1..].iter().sum::<f64>() <= 0.0 {
            break;
        }
        let next = floored(&counts);
        let change: f64 = next.iter().zip(&m).map(|(a, b)| (a - b).abs()).sum();
        m = next;
        if change < 1e-6 {
            break;
        }
    }
    m
}
