//! The Fellegi–Sunter model: u-probabilities from random pairs, then m and
//! u fitted to the candidate pairs by expectation–maximisation, without
//! labels; term frequencies for exact agreements on names and places.

use std::collections::HashMap;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::compare::{self, Comparison};
use crate::field::Value;
use crate::{Contribution, Dataset, Mode};

/// Random pairs sampled to estimate u.
const U_SAMPLES: usize = 400_000;
const EM_ITERATIONS: usize = 40;

/// A trained model.
#[derive(Debug, Clone)]
pub struct Model {
    pub comparisons: Vec<Comparison>,
    /// m[c][level]: P(level | match).
    pub m: Vec<Vec<f64>>,
    /// u[c][level]: P(level | non-match) among the candidate pairs.
    pub u: Vec<Vec<f64>>,
    /// u of the exact level among random pairs, for term frequencies.
    pub u_random_exact: Vec<f64>,
    /// P(match) among the candidate pairs.
    pub lambda: f64,
    /// For term-frequency comparisons: value → share of records with it.
    pub tf: Vec<HashMap<String, f64>>,
}

pub fn train(comparisons: &[Comparison], values: &[Vec<Value>], data: &Dataset, mode: Mode, candidate_levels: &[Vec<u8>]) -> Model {
    let u_random = sample_u(comparisons, values, data, mode);
    let u_random_exact = u_random.iter().map(|u| u[1]).collect();
    let mut m: Vec<Vec<f64>> = comparisons.iter().map(|c| initial_m(c.kind.levels())).collect();
    let mut u = u_random.clone();
    let mut lambda = 0.1;
    for _ in 0..EM_ITERATIONS {
        let (next_m, next_u, next_lambda) = em_step(&m, &u, lambda, candidate_levels);
        let change = (next_lambda - lambda).abs();
        (m, u, lambda) = (next_m, next_u, next_lambda);
        if change < 1e-7 {
            break;
        }
    }
    let tf = comparisons
        .iter()
        .map(|c| if c.term_frequency { term_frequencies(values, c.field) } else { HashMap::new() })
        .collect();
    Model { comparisons: comparisons.to_vec(), m, u, u_random_exact, lambda, tf }
}

fn initial_m(levels: usize) -> Vec<f64> {
    // Matches mostly agree: halve the mass at each lower level.
    let mut m: Vec<f64> = (0..levels).map(|l| if l == 0 { 0.0 } else { 0.5f64.powi(l as i32) }).collect();
    let total: f64 = m.iter().sum();
    m.iter_mut().for_each(|x| *x /= total);
    m
}

fn sample_u(comparisons: &[Comparison], values: &[Vec<Value>], data: &Dataset, mode: Mode) -> Vec<Vec<f64>> {
    let mut rng = ChaCha8Rng::seed_from_u64(0x5EED);
    let left: Vec<usize> = (0..values.len()).filter(|&i| mode == Mode::Dedupe || data.records[i].source == 0).collect();
    let right: Vec<usize> = (0..values.len()).filter(|&i| mode == Mode::Dedupe || data.records[i].source == 1).collect();
    let mut counts: Vec<Vec<f64>> = comparisons.iter().map(|c| vec![0.0; c.kind.levels()]).collect();
    if left.is_empty() || right.is_empty() {
        return counts.into_iter().map(|c| smooth(&c)).collect();
    }
    let possible = left.len() as f64 * right.len() as f64;
    let samples = U_SAMPLES.min(possible as usize);
    for _ in 0..samples {
        let a = left[rng.random_range(0..left.len())];
        let b = right[rng.random_range(0..right.len())];
        if a == b {
            continue;
        }
        for (c, l) in compare::levels(comparisons, &values[a], &values[b]).into_iter().enumerate() {
            counts[c][l as usize] += 1.0;
        }
    }
    counts.into_iter().map(|c| smooth(&c)).collect()
}

/// Probabilities over the non-missing levels, with one pseudo-count each so
/// that no level is impossible.
fn smooth(counts: &[f64]) -> Vec<f64> {
    let total: f64 = counts[1..].iter().map(|c| c + 1.0).sum();
    std::iter::once(0.0).chain(counts[1..].iter().map(|c| (c + 1.0) / total)).collect()
}

fn em_step(m: &[Vec<f64>], u: &[Vec<f64>], lambda: f64, pairs: &[Vec<u8>]) -> (Vec<Vec<f64>>, Vec<Vec<f64>>, f64) {
    let mut m_counts: Vec<Vec<f64>> = m.iter().map(|x| vec![0.0; x.len()]).collect();
    let mut u_counts = m_counts.clone();
    let mut total_p = 0.0;
    let prior = (lambda / (1.0 - lambda)).log2();
    for levels in pairs {
        let w = prior + levels.iter().enumerate().map(|(c, &l)| bf(m[c][l as usize], u[c][l as usize], l)).sum::<f64>();
        let p = crate::probability(w);
        total_p += p;
        for (c, &l) in levels.iter().enumerate() {
            m_counts[c][l as usize] += p;
            u_counts[c][l as usize] += 1.0 - p;
        }
    }
    let n = pairs.len().max(1) as f64;
    let lambda = (total_p / n).clamp(1e-6, 1.0 - 1e-6);
    let normalise = |counts: Vec<Vec<f64>>| -> Vec<Vec<f64>> {
        counts
            .into_iter()
            .map(|c| {
                let total: f64 = c[1..].iter().map(|x| x + 1e-3).sum();
                std::iter::once(0.0).chain(c[1..].iter().map(|x| (x + 1e-3) / total)).collect()
            })
            .collect()
    };
    (normalise(m_counts), normalise(u_counts), lambda)
}

/// log2 Bayes factor of one level; a missing value weighs nothing.
fn bf(m: f64, u: f64, level: u8) -> f64 {
    if level == 0 {
        0.0
    } else {
        (m / u).log2()
    }
}

fn term_frequencies(values: &[Vec<Value>], field: usize) -> HashMap<String, f64> {
    let mut counts: HashMap<String, f64> = HashMap::new();
    let mut n = 0.0;
    for v in values {
        if let Some(t) = v[field].text() {
            *counts.entry(t.to_owned()).or_insert(0.0) += 1.0;
            n += 1.0;
        }
    }
    counts.values_mut().for_each(|c| *c /= n);
    counts
}

impl Model {
    /// The prior: log2 odds of a match among candidate pairs.
    pub fn prior_weight(&self) -> f64 {
        (self.lambda / (1.0 - self.lambda)).log2()
    }

    fn term_adjustment(&self, c: usize, level: u8, a: &Value) -> f64 {
        if level != 1 || !self.comparisons[c].term_frequency {
            return 0.0;
        }
        // An exact agreement on a rare value says more than on a common one:
        // scale by how much rarer the value is than the average agreement.
        match a.text().and_then(|t| self.tf[c].get(t)) {
            Some(&tf) if tf > 0.0 => (self.u_random_exact[c] / tf).log2().clamp(-6.0, 6.0),
            _ => 0.0,
        }
    }

    /// The match weight of a pair with these levels.
    pub fn weight(&self, levels: &[u8], a: &[Value], _b: &[Value]) -> f64 {
        self.prior_weight()
            + levels
                .iter()
                .enumerate()
                .map(|(c, &l)| {
                    bf(self.m[c][l as usize], self.u[c][l as usize], l) + self.term_adjustment(c, l, &a[self.comparisons[c].field])
                })
                .sum::<f64>()
    }

    pub(crate) fn contributions(&self, levels: &[u8], a: &[Value], b: &[Value], data: &Dataset, ia: u32, ib: u32) -> Vec<Contribution> {
        let raw = |i: u32, field: usize| data.records[i as usize].values[field].clone().unwrap_or_default();
        let mut out = vec![Contribution {
            comparison: "prior".into(),
            level: format!("P(match) among candidates = {:.4}", self.lambda),
            left: String::new(),
            right: String::new(),
            weight: self.prior_weight(),
        }];
        for (c, &l) in levels.iter().enumerate() {
            let comparison = &self.comparisons[c];
            let tf = self.term_adjustment(c, l, &a[comparison.field]);
            let mut level = comparison.kind.level_names()[l as usize].to_owned();
            if tf != 0.0 {
                level.push_str(&format!(" (value frequency adjusts {tf:+.2})"));
            }
            let _ = &b[comparison.field];
            out.push(Contribution {
                comparison: comparison.name.clone(),
                level,
                left: raw(ia, comparison.field),
                right: raw(ib, comparison.field),
                weight: bf(self.m[c][l as usize], self.u[c][l as usize], l) + tf,
            });
        }
        out
    }
}
