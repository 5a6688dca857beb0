//! The Fellegi–Sunter model: u-probabilities from random pairs, then m and
//! u fitted to the candidate pairs by expectation–maximisation, without
//! labels; term frequencies for exact agreements on names and places.

use std::collections::HashMap;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::block::Blocked;
use crate::compare::{self, Comparison, ComparisonKind};
use crate::field::FieldKind;
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
    /// u[c][level]: P(level | non-match), from random pairs.
    pub u: Vec<Vec<f64>>,
    /// u of the exact level among random pairs, for term frequencies.
    pub u_random_exact: Vec<f64>,
    /// P(two records drawn at random match).
    pub lambda: f64,
    /// For term-frequency comparisons: value → share of records with it.
    pub tf: Vec<HashMap<String, f64>>,
    /// For names: matching key → share of records with it.
    pub tf_key: Vec<HashMap<String, f64>>,
    /// u of the matching-key level among random pairs.
    pub u_random_key: Vec<f64>,
    /// implied_by[c] = (d, u): when comparison d agrees exactly, c's exact
    /// agreement is nearly implied (a city by its postcode), and its u
    /// given d is this.
    pub implied_by: Vec<Option<(usize, f64)>>,
}

/// Share of exact agreement, among pairs that agree on another field, above
/// which the agreement is taken as implied by it.
const IMPLIED: f64 = 0.8;

/// Pairs of one blocking rule that EM looks at, at most.
const EM_PAIRS: usize = 150_000;

/// Trains the model. u comes from random pairs. m is estimated by EM rule by
/// rule, as Splink does: on the pairs one blocking rule keeps, every
/// comparison except those of the rule's own fields (which agree by
/// construction there) is fitted, and each comparison's m is the mean over
/// the rules that could fit it. The prior is the share of all possible pairs
/// that match, solved so that it equals the expected number of matches among
/// the candidates.
pub fn train(
    comparisons: &[Comparison],
    values: &[Vec<Value>],
    data: &Dataset,
    mode: Mode,
    blocks: &[Blocked],
    candidates: &[(u32, u32)],
    candidate_levels: &[Vec<u8>],
) -> Model {
    let mut u = sample_u(comparisons, values, data, mode);
    condition_on_names(&mut u, comparisons, values, blocks);
    let u_random_exact = u.iter().map(|u| u[1]).collect();
    let u_random_key = u.iter().map(|u| u.get(2).copied().unwrap_or(0.0)).collect();
    let mut m_sum: Vec<Vec<f64>> = comparisons
        .iter()
        .map(|c| vec![0.0; c.kind.levels()])
        .collect();
    let mut m_sessions = vec![0.0f64; comparisons.len()];
    let implied_by = implied(comparisons, values, blocks);
    for block in blocks.iter().filter(|b| b.trains && b.pairs.len() >= 20) {
        let mut excluded = excluded_by(comparisons, &block.fields);
        // What the rule's key implies agrees by construction too.
        for (c, dep) in implied_by.iter().enumerate() {
            if let Some((d, _)) = dep {
                excluded[c] |= excluded[*d];
            }
        }
        let step = (block.pairs.len() / EM_PAIRS).max(1);
        let levels: Vec<&Vec<u8>> = block
            .pairs
            .iter()
            .step_by(step)
            .filter_map(|p| {
                candidates
                    .binary_search(p)
                    .ok()
                    .map(|i| &candidate_levels[i])
            })
            .collect();
        let (m, matches) = em(comparisons, &u, &excluded, &levels);
        // A rule whose blocks hold more matches says more about m.
        for (c, mc) in m.iter().enumerate().filter(|(c, _)| !excluded[*c]) {
            m_sessions[c] += matches;
            m_sum[c]
                .iter_mut()
                .zip(mc)
                .for_each(|(s, x)| *s += x * matches);
        }
    }
    let m: Vec<Vec<f64>> = comparisons
        .iter()
        .enumerate()
        .map(|(c, comparison)| {
            if m_sessions[c] < 1.0 {
                initial_m(comparison.kind.levels())
            } else {
                m_sum[c].iter().map(|x| x / m_sessions[c]).collect()
            }
        })
        .collect();
    // Given names and surnames share their frequencies: a name swapped into
    // the other field is as common as it ever was.
    let name_fields: Vec<usize> = comparisons
        .iter()
        .filter(|c| c.kind == ComparisonKind::Name)
        .map(|c| c.field)
        .collect();
    let fields_of = |c: &Comparison| {
        if c.kind == ComparisonKind::Name {
            name_fields.clone()
        } else {
            vec![c.field]
        }
    };
    let tf = comparisons
        .iter()
        .map(|c| {
            if c.term_frequency {
                term_frequencies(values, &fields_of(c))
            } else {
                HashMap::new()
            }
        })
        .collect();
    let tf_key = comparisons
        .iter()
        .map(|c| {
            if c.term_frequency && c.kind == ComparisonKind::Name {
                key_frequencies(values, &name_fields)
            } else {
                HashMap::new()
            }
        })
        .collect();
    let mut model = Model {
        comparisons: comparisons.to_vec(),
        m,
        u,
        u_random_exact,
        u_random_key,
        lambda: 0.0,
        tf,
        tf_key,
        implied_by,
    };
    model.lambda = population_prior(&model, data, mode, candidates, candidate_levels, values);
    model
}

/// Comparisons whose evidence a rule's blocking already used or skews: the
/// rule's fields; both names when it uses either (they are read together,
/// swap-aware); and, on a block of people sharing a name, sex and
/// nationality, which names predict — left in, EM mistakes "same
/// nationality" for "same person".
fn excluded_by(comparisons: &[Comparison], fields: &[usize]) -> Vec<bool> {
    let is_name = |c: &Comparison| {
        matches!(
            c.field_kind,
            FieldKind::GivenName | FieldKind::Surname | FieldKind::FullName
        )
    };
    let uses_name = comparisons
        .iter()
        .any(|c| is_name(c) && fields.contains(&c.field));
    comparisons
        .iter()
        .map(|c| {
            fields.contains(&c.field)
                || (uses_name
                    && (is_name(c)
                        || matches!(c.field_kind, FieldKind::Sex | FieldKind::Nationality)))
        })
        .collect()
}

/// EM for m and the share of matches among `pairs`, with u fixed, over the
/// comparisons not excluded. Returns m and the expected number of matches.
fn em(
    comparisons: &[Comparison],
    u: &[Vec<f64>],
    excluded: &[bool],
    pairs: &[&Vec<u8>],
) -> (Vec<Vec<f64>>, f64) {
    let mut m: Vec<Vec<f64>> = comparisons
        .iter()
        .map(|c| initial_m(c.kind.levels()))
        .collect();
    let mut lambda = 0.1f64;
    for _ in 0..EM_ITERATIONS {
        let mut counts: Vec<Vec<f64>> = m.iter().map(|x| vec![0.0; x.len()]).collect();
        let mut total = 0.0;
        let prior = (lambda / (1.0 - lambda)).log2();
        for levels in pairs {
            let w = prior
                + levels
                    .iter()
                    .enumerate()
                    .filter(|(c, _)| !excluded[*c])
                    .map(|(c, &l)| bf(m[c][l as usize], u[c][l as usize], l))
                    .sum::<f64>();
            let p = crate::probability(w);
            total += p;
            for (c, &l) in levels.iter().enumerate() {
                counts[c][l as usize] += p;
            }
        }
        let next = (total / pairs.len().max(1) as f64).clamp(1e-6, 1.0 - 1e-6);
        m = counts.into_iter().map(|c| floored(&c)).collect();
        let change = (next - lambda).abs();
        lambda = next;
        if change < 1e-7 {
            break;
        }
    }
    (m, lambda * pairs.len() as f64)
}

/// Probabilities over the non-missing levels from expected counts, none
/// below 0.1%: no disagreement is ever treated as impossible for a match,
/// since any field can be mistyped.
fn floored(counts: &[f64]) -> Vec<f64> {
    let sum: f64 = counts[1..].iter().sum::<f64>().max(1e-12);
    let raw: Vec<f64> = counts[1..].iter().map(|x| (x / sum).max(1e-3)).collect();
    let total: f64 = raw.iter().sum();
    std::iter::once(0.0)
        .chain(raw.iter().map(|x| x / total))
        .collect()
}

/// The prior share of matches among all possible pairs, λ, such that
/// λ × (all pairs) equals the expected matches among the candidates.
fn population_prior(
    model: &Model,
    data: &Dataset,
    mode: Mode,
    candidates: &[(u32, u32)],
    levels: &[Vec<u8>],
    values: &[Vec<Value>],
) -> f64 {
    let n = data.records.len() as f64;
    let left = data.records.iter().filter(|r| r.source == 0).count() as f64;
    let possible = match mode {
        Mode::Dedupe => n * (n - 1.0) / 2.0,
        Mode::Link => left * (n - left),
    }
    .max(1.0);
    let evidence: Vec<f64> = candidates
        .iter()
        .zip(levels)
        .map(|(&(a, b), l)| model.evidence(l, &values[a as usize], &values[b as usize]))
        .collect();
    let mut lambda = (n / 2.0 / possible).clamp(1e-12, 0.5);
    for _ in 0..50 {
        let prior = (lambda / (1.0 - lambda)).log2();
        let expected: f64 = evidence.iter().map(|e| crate::probability(prior + e)).sum();
        let next = (expected / possible).clamp(1e-12, 0.5);
        if (next - lambda).abs() < lambda * 1e-6 {
            lambda = next;
            break;
        }
        lambda = next;
    }
    lambda
}

fn initial_m(levels: usize) -> Vec<f64> {
    // Matches mostly agree: halve the mass at each lower level.
    let mut m: Vec<f64> = (0..levels)
        .map(|l| if l == 0 { 0.0 } else { 0.5f64.powi(l as i32) })
        .collect();
    let total: f64 = m.iter().sum();
    m.iter_mut().for_each(|x| *x /= total);
    m
}

fn sample_u(
    comparisons: &[Comparison],
    values: &[Vec<Value>],
    data: &Dataset,
    mode: Mode,
) -> Vec<Vec<f64>> {
    let mut rng = ChaCha8Rng::seed_from_u64(0x5EED);
    let left: Vec<usize> = (0..values.len())
        .filter(|&i| mode == Mode::Dedupe || data.records[i].source == 0)
        .collect();
    let right: Vec<usize> = (0..values.len())
        .filter(|&i| mode == Mode::Dedupe || data.records[i].source == 1)
        .collect();
    let mut counts: Vec<Vec<f64>> = comparisons
        .iter()
        .map(|c| vec![0.0; c.kind.levels()])
        .collect();
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
        for (c, l) in compare::levels(comparisons, &values[a], &values[b])
            .into_iter()
            .enumerate()
        {
            counts[c][l as usize] += 1.0;
        }
    }
    counts.into_iter().map(|c| smooth(&c)).collect()
}

/// Which comparisons another one implies: among the pairs of a one-field
/// rule (pairs agreeing on that field), a comparison that agrees exactly in
/// more than 80% of them is implied by it. Counting both would count one
/// fact twice — a city and its postcode.
fn implied(
    comparisons: &[Comparison],
    values: &[Vec<Value>],
    blocks: &[Blocked],
) -> Vec<Option<(usize, f64)>> {
    let mut out = vec![None; comparisons.len()];
    for block in blocks
        .iter()
        .filter(|b| b.fields.len() == 1 && b.pairs.len() >= 100)
    {
        let Some(d) = comparisons.iter().position(|c| c.field == block.fields[0]) else {
            continue;
        };
        let step = (block.pairs.len() / 50_000).max(1);
        for (c, comparison) in comparisons.iter().enumerate() {
            if c == d || out[c].is_some() || comparison.kind == ComparisonKind::Name {
                continue;
            }
            let (mut exact, mut known) = (0.0, 0.0);
            for &(a, b) in block.pairs.iter().step_by(step) {
                let level = compare::level(
                    comparison.kind,
                    &values[a as usize][comparison.field],
                    &values[b as usize][comparison.field],
                );
                if level != 0 {
                    known += 1.0;
                    exact += f64::from(u8::from(level == 1));
                }
            }
            if known >= 50.0 && exact / known > IMPLIED {
                out[c] = Some((d, (exact / known).min(0.999)));
            }
        }
    }
    out
}

/// Sex and nationality are predicted by names: two different people both
/// named Mohammad are far likelier than two random people to share sex and
/// nationality. Since candidates nearly always share a name, u for those
/// comparisons is measured among pairs that share a name key, so that their
/// agreement is not counted twice.
fn condition_on_names(
    u: &mut [Vec<f64>],
    comparisons: &[Comparison],
    values: &[Vec<Value>],
    blocks: &[Blocked],
) {
    let predicted: Vec<usize> = (0..comparisons.len())
        .filter(|&c| {
            matches!(
                comparisons[c].field_kind,
                FieldKind::Sex | FieldKind::Nationality
            )
        })
        .collect();
    let sharing: Vec<&(u32, u32)> = blocks
        .iter()
        .filter(|b| matches!(b.rule, "given name key" | "surname key"))
        .flat_map(|b| b.pairs.iter())
        .collect();
    if predicted.is_empty() || sharing.len() < 1_000 {
        return;
    }
    let step = (sharing.len() / U_SAMPLES).max(1);
    for &c in &predicted {
        let comparison = &comparisons[c];
        let mut counts = vec![0.0; comparison.kind.levels()];
        for &&(a, b) in sharing.iter().step_by(step) {
            let level = compare::level(
                comparison.kind,
                &values[a as usize][comparison.field],
                &values[b as usize][comparison.field],
            );
            counts[level as usize] += 1.0;
        }
        u[c] = smooth(&counts);
    }
}

/// Probabilities over the non-missing levels, with one pseudo-count each so
/// that no level is impossible.
fn smooth(counts: &[f64]) -> Vec<f64> {
    let total: f64 = counts[1..].iter().map(|c| c + 1.0).sum();
    std::iter::once(0.0)
        .chain(counts[1..].iter().map(|c| (c + 1.0) / total))
        .collect()
}

/// log2 Bayes factor of one level; a missing value weighs nothing.
fn bf(m: f64, u: f64, level: u8) -> f64 {
    if level == 0 {
        0.0
    } else {
        (m / u).log2()
    }
}

fn key_frequencies(values: &[Vec<Value>], fields: &[usize]) -> HashMap<String, f64> {
    frequencies(values, fields, |v| match v {
        Value::Name { key, .. } => Some(key.clone()),
        _ => None,
    })
}

fn term_frequencies(values: &[Vec<Value>], fields: &[usize]) -> HashMap<String, f64> {
    frequencies(values, fields, |v| v.text().map(str::to_owned))
}

/// The share of records that have each value in any of `fields`: for names
/// read swap-aware, the chance that a random record carries the name in
/// either place.
fn frequencies(
    values: &[Vec<Value>],
    fields: &[usize],
    value: impl Fn(&Value) -> Option<String>,
) -> HashMap<String, f64> {
    let mut counts: HashMap<String, f64> = HashMap::new();
    let mut records = 0.0;
    for v in values {
        let mut seen: Vec<String> = fields.iter().filter_map(|&f| value(&v[f])).collect();
        seen.sort_unstable();
        seen.dedup();
        if !seen.is_empty() {
            records += 1.0;
        }
        for s in seen {
            *counts.entry(s).or_insert(0.0) += 1.0;
        }
    }
    counts.values_mut().for_each(|c| *c /= records);
    counts
}

impl Model {
    /// The prior: log2 odds that two random records match.
    pub fn prior_weight(&self) -> f64 {
        (self.lambda / (1.0 - self.lambda)).log2()
    }

    fn term_adjustment(&self, c: usize, level: u8, a: &Value) -> f64 {
        if !self.comparisons[c].term_frequency {
            return 0.0;
        }
        // An agreement on a rare value says more than on a common one: scale
        // by how much rarer the value is than the average agreement. For
        // names this holds for the matching key too: "mhmd" is everyone.
        let (tf, u_average) = match (level, a) {
            (1, _) => (
                a.text().and_then(|t| self.tf[c].get(t)),
                self.u_random_exact[c],
            ),
            (2, Value::Name { key, .. }) => (self.tf_key[c].get(key), self.u_random_key[c]),
            _ => (None, 0.0),
        };
        match tf {
            Some(&tf) if tf > 0.0 && u_average > 0.0 => (u_average / tf).log2().clamp(-6.0, 6.0),
            _ => 0.0,
        }
    }

    /// The match weight of a pair with these levels.
    pub fn weight(&self, levels: &[u8], a: &[Value], b: &[Value]) -> f64 {
        self.prior_weight() + self.evidence(levels, a, b)
    }

    /// The comparisons' part of the weight, without the prior.
    pub fn evidence(&self, levels: &[u8], a: &[Value], _b: &[Value]) -> f64 {
        (0..levels.len())
            .map(|c| self.contribution(c, levels, a))
            .sum::<f64>()
    }

    /// One comparison's log2 Bayes factor for a pair with these levels.
    fn contribution(&self, c: usize, levels: &[u8], a: &[Value]) -> f64 {
        let l = levels[c];
        if let Some((d, u_given)) = self.implied_by[c] {
            if l == 1 && levels[d] == 1 {
                // Already counted by what implies it.
                return (self.m[c][1] / u_given).log2();
            }
        }
        bf(self.m[c][l as usize], self.u[c][l as usize], l)
            + self.term_adjustment(c, l, &a[self.comparisons[c].field])
    }

    pub(crate) fn contributions(
        &self,
        levels: &[u8],
        a: &[Value],
        b: &[Value],
        data: &Dataset,
        ia: u32,
        ib: u32,
    ) -> Vec<Contribution> {
        let raw = |i: u32, field: usize| {
            data.records[i as usize].values[field]
                .clone()
                .unwrap_or_default()
        };
        let mut out = vec![Contribution {
            comparison: "prior".into(),
            level: format!("P(two random records match) = {:.3e}", self.lambda),
            left: String::new(),
            right: String::new(),
            weight: self.prior_weight(),
        }];
        for (c, &l) in levels.iter().enumerate() {
            let comparison = &self.comparisons[c];
            let weight = self.contribution(c, levels, a);
            let mut level = comparison.kind.level_names()[l as usize].to_owned();
            match self.implied_by[c] {
                Some((d, _)) if l == 1 && levels[d] == 1 => {
                    level.push_str(&format!(" (implied by {})", self.comparisons[d].name));
                }
                _ => {
                    let tf = self.term_adjustment(c, l, &a[comparison.field]);
                    if tf != 0.0 {
                        level.push_str(&format!(" (value frequency adjusts {tf:+.2})"));
                    }
                }
            }
            let _ = &b[comparison.field];
            out.push(Contribution {
                comparison: comparison.name.clone(),
                level,
                left: raw(ia, comparison.field),
                right: raw(ib, comparison.field),
                weight,
            });
        }
        out
    }
}
