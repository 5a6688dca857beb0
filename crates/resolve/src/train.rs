//! The Fellegi–Sunter model: u-probabilities from random pairs, then m and
//! u fitted to the candidate pairs by expectation–maximisation, without
//! labels; term frequencies for exact agreements on names and places.

// FxHash rather than SipHash: lookups are on the hot path. Crafted values
// that collide could slow a run down, never change what it finds.
use rustc_hash::FxHashMap as HashMap;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use rayon::prelude::*;

use crate::block::Candidates;
use crate::compare::{self, Comparison, ComparisonKind};
use crate::dataset::Dataset;
use crate::field::{FieldKind, Fields, Normalised, Row, Value};
use crate::{Contribution, Mode};

/// Random pairs sampled to estimate u.
const U_SAMPLES: usize = 400_000;
const EM_ITERATIONS: usize = 40;

/// A trained model. It serialises (serde) so that a store can keep it
/// and score later records exactly as it scored these.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
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
    /// For term-frequency comparisons: value (hashed) → share of records
    /// with it.
    pub tf: Vec<HashMap<u64, f64>>,
    /// For names: matching key (hashed) → share of records with it.
    pub tf_key: Vec<HashMap<u64, f64>>,
    /// u of the matching-key level among random pairs.
    pub u_random_key: Vec<f64>,
    /// implied_by[c] = (d, u): when comparison d agrees exactly, c's exact
    /// agreement is nearly implied (a city by its postcode), and its u
    /// given d is this.
    pub implied_by: Vec<Option<(usize, f64)>>,
    /// The nationality comparison, if there is one.
    pub nationality: Option<usize>,
    /// For names, when the pair agrees on nationality: (value, nationality)
    /// hashed together → share of that nationality's records with the
    /// value (and the same for matching keys). "Heba" is rare among all
    /// people and common among Syrian women.
    pub tf_nat: Vec<HashMap<u64, f64>>,
    pub tf_key_nat: Vec<HashMap<u64, f64>>,
    /// With a companions comparison: λ of the first scoring pass, whose
    /// accepted pairs say who is whose companion (`crate::companions`).
    #[serde(default)]
    pub first_pass_lambda: Option<f64>,
    /// The blocking rules as the training run planned them: later runs
    /// block exactly so, whatever the store has grown to.
    #[serde(default)]
    pub blocking: Vec<crate::block::Rule>,
}

/// Share of exact agreement, among pairs that agree on another field, above
/// which the agreement is taken as implied by it.
const IMPLIED: f64 = 0.8;

/// The most m may say of two dates that differ outright (not by a swap, a
/// typo or a missing part). EM fits m on blocks of people who share a name,
/// where namesakes — different people, different dates — pass for matches
/// with their dates "wrongly recorded"; left free, m for this level came
/// out near 4% on the scenario and let namesakes with dates decades apart
/// link. A person's date of birth differs outright in well under 1% of his
/// records in every source we measure on (FEBRL, the scenario's agencies).
const MAX_M_DATE_DIFFERENT: f64 = 0.01;

/// How much EM's m weighs against labelled pairs: as many labels as this
/// count as much as EM's estimate. A handful of decisions nudges m; a few
/// hundred dominate it.
const LABEL_PRIOR: f64 = 50.0;

/// Per comparison, how many pairs people decided are one person reach each
/// level.
fn labelled_levels(comparisons: &[Comparison], ev: &Evidence) -> Vec<Vec<f64>> {
    let mut counts: Vec<Vec<f64>> = comparisons
        .iter()
        .map(|c| vec![0.0; c.kind.levels()])
        .collect();
    let mut out = vec![0u8; comparisons.len()];
    for &(a, b) in ev.matches {
        if a as usize >= ev.data.len() || b as usize >= ev.data.len() || a == b {
            continue;
        }
        compare::levels_into(comparisons, &ev.data.row(a), &ev.data.row(b), &mut out);
        for (c, &l) in out.iter().enumerate() {
            counts[c][l as usize] += 1.0;
        }
    }
    counts
}

/// m re-estimated with labelled matches: the labels' share of each known
/// level, weighed against EM's by their number ([`LABEL_PRIOR`]). Missing
/// values (level 0) say nothing.
fn blend_labels(m: &mut [f64], counts: &[f64]) {
    let n: f64 = counts[1..].iter().sum();
    if n == 0.0 {
        return;
    }
    let em_known: f64 = m[1..].iter().sum::<f64>().max(1e-12);
    for l in 1..m.len() {
        let from_em = m[l] / em_known;
        let from_labels = counts[l] / n;
        m[l] = (from_em * LABEL_PRIOR + from_labels * n) / (LABEL_PRIOR + n) * em_known;
    }
}

/// Caps the last level's probability, sharing what it loses among the
/// other known levels in proportion.
fn cap_last(m: &mut [f64], cap: f64) {
    let last = m.len() - 1;
    if last < 2 || m[last] <= cap {
        return;
    }
    let rest: f64 = m[1..last].iter().sum();
    let scale = (1.0 - cap) / rest.max(1e-12);
    m[1..last].iter_mut().for_each(|x| *x *= scale);
    m[last] = cap;
}

/// Pairs of one blocking rule that EM looks at, at most.
const EM_PAIRS: usize = 150_000;

/// What training reads: the normalised records, the candidates and their
/// levels (one row of `comparisons.len()` levels per candidate).
pub(crate) struct Evidence<'a> {
    pub data: &'a Normalised<'a>,
    /// Whether name frequencies are also counted within each nationality
    /// ([`crate::Settings::frequencies_within_nationality`]).
    pub within_nationality: bool,
    pub mode: Mode,
    pub candidates: &'a Candidates,
    pub levels: &'a [u8],
    /// Pairs people decided are one person ([`crate::Settings::matches`]).
    pub matches: &'a [(u32, u32)],
}

impl Evidence<'_> {
    fn levels_of(&self, i: usize, n: usize) -> &[u8] {
        &self.levels[i * n..(i + 1) * n]
    }
}

/// Trains the model. u comes from random pairs. m is estimated by EM rule by
/// rule, as Splink does: on the pairs one blocking rule keeps, every
/// comparison except those of the rule's own fields (which agree by
/// construction there) is fitted, and each comparison's m is the mean over
/// the rules that could fit it. The prior is left at 0 for
/// [`population_prior`] to solve from the candidates' evidence.
pub(crate) fn train(comparisons: &[Comparison], ev: &Evidence) -> Model {
    let n = comparisons.len();
    let profiles = ev.data.profiles();
    let mut u = sample_u(comparisons, ev.data, &profiles, ev.mode);
    condition_on_names(&mut u, comparisons, ev);
    let u_random_exact = u.iter().map(|u| u[1]).collect();
    let u_random_key = u.iter().map(|u| u.get(2).copied().unwrap_or(0.0)).collect();
    let mut m_sum: Vec<Vec<f64>> = comparisons
        .iter()
        .map(|c| vec![0.0; c.kind.levels()])
        .collect();
    let mut m_sessions = vec![0.0f64; n];
    let implied_by = implied(comparisons, &u, ev);
    for (r, rule) in ev.candidates.rules.iter().enumerate() {
        if !rule.trains() {
            continue;
        }
        let members: Vec<usize> = ev.candidates.of_rule(r).collect();
        if members.len() < 20 {
            continue;
        }
        let mut excluded = excluded_by(comparisons, &rule.own_fields());
        // Companions are counted after this pass, and fitted then.
        for (c, comparison) in comparisons.iter().enumerate() {
            excluded[c] |= comparison.kind == ComparisonKind::Companions;
        }
        // What the rule's key implies agrees by construction too.
        for (c, dep) in implied_by.iter().enumerate() {
            if let Some((d, _)) = dep {
                excluded[c] |= excluded[*d];
            }
        }
        let step = (members.len() / EM_PAIRS).max(1);
        let levels: Vec<&[u8]> = members
            .iter()
            .step_by(step)
            .map(|&i| ev.levels_of(i, n))
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
    let labelled = labelled_levels(comparisons, ev);
    let m: Vec<Vec<f64>> = comparisons
        .iter()
        .enumerate()
        .map(|(c, comparison)| {
            let mut m = if m_sessions[c] < 1.0 {
                initial_m(comparison.kind.levels())
            } else {
                m_sum[c].iter().map(|x| x / m_sessions[c]).collect()
            };
            blend_labels(&mut m, &labelled[c]);
            if comparison.kind == ComparisonKind::Date {
                cap_last(&mut m, MAX_M_DATE_DIFFERENT);
            }
            m
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
                frequencies(ev.data, &profiles, &fields_of(c), |r, f| r.text_hash(f))
            } else {
                HashMap::default()
            }
        })
        .collect();
    let tf_key = comparisons
        .iter()
        .map(|c| {
            if c.term_frequency && c.kind == ComparisonKind::Name {
                frequencies(ev.data, &profiles, &name_fields, |r, f| r.key_hash(f))
            } else {
                HashMap::default()
            }
        })
        .collect();
    let nationality = comparisons
        .iter()
        .position(|c| c.field_kind == FieldKind::Nationality)
        .filter(|_| ev.within_nationality);
    let conditional = |key: bool| -> Vec<HashMap<u64, f64>> {
        comparisons
            .iter()
            .map(|c| match nationality {
                Some(n) if c.term_frequency && c.kind == ComparisonKind::Name => {
                    within_nationality(ev.data, &profiles, &name_fields, comparisons[n].field, key)
                }
                _ => HashMap::default(),
            })
            .collect()
    };
    let (tf_nat, tf_key_nat) = (conditional(false), conditional(true));
    // λ is set once the candidates' evidence is known (`population_prior`).
    Model {
        comparisons: comparisons.to_vec(),
        m,
        u,
        u_random_exact,
        u_random_key,
        lambda: 0.0,
        tf,
        tf_key,
        implied_by,
        nationality,
        tf_nat,
        tf_key_nat,
        first_pass_lambda: None,
        blocking: ev.candidates.rules.clone(),
    }
}

/// A name and a nationality hashed together, for the tables within a
/// nationality.
fn with_nationality(name: u64, nationality: u64) -> u64 {
    (name ^ nationality.rotate_left(31))
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .max(1)
}

/// The share of each nationality's distinct records that carry each name
/// (or name key) in any of `fields`.
fn within_nationality(
    data: &Normalised,
    profiles: &[u32],
    fields: &[usize],
    nationality: usize,
    key: bool,
) -> HashMap<u64, f64> {
    // (name, nationality) → (records, nationality); nationality → records.
    let mut counts: HashMap<u64, (f64, u64)> = HashMap::default();
    let mut totals: HashMap<u64, f64> = HashMap::default();
    let mut seen: Vec<u64> = Vec::new();
    for &i in profiles {
        let row = data.row(i);
        let n = row.text_hash(nationality);
        if n == 0 {
            continue;
        }
        seen.clear();
        seen.extend(
            fields
                .iter()
                .map(|&f| {
                    if key {
                        row.key_hash(f)
                    } else {
                        row.text_hash(f)
                    }
                })
                .filter(|&h| h != 0),
        );
        seen.sort_unstable();
        seen.dedup();
        if seen.is_empty() {
            continue;
        }
        *totals.entry(n).or_insert(0.0) += 1.0;
        for &v in &seen {
            counts.entry(with_nationality(v, n)).or_insert((0.0, n)).0 += 1.0;
        }
    }
    counts
        .into_iter()
        .map(|(k, (count, n))| (k, count / totals[&n]))
        .collect()
}

/// The model's weights laid out for scoring millions of pairs: each
/// level's log2 Bayes factor, and each distinct value's frequency
/// adjustment, looked up by index instead of hashed per pair. Gives the
/// same evidence as [`Model::evidence`].
pub(crate) struct Scorer<'a> {
    model: &'a Model,
    data: &'a Normalised<'a>,
    comparisons: &'a [Comparison],
    bayes: Vec<Vec<f64>>,
    /// For a comparison implied by another: that one, and the weight of
    /// agreeing on both.
    implied: Vec<Option<(usize, f64)>>,
    /// [c][distinct value]: adjustment at the exact level, and (names) at
    /// the matching-key level.
    tf_exact: Vec<Vec<f32>>,
    tf_key: Vec<Vec<f32>>,
    /// (names) at the near-miss levels.
    tf_near: Vec<Vec<f32>>,
}

impl<'a> Scorer<'a> {
    pub(crate) fn new(model: &'a Model, data: &'a Normalised<'a>) -> Scorer<'a> {
        let comparisons = &model.comparisons;
        let bayes = comparisons
            .iter()
            .enumerate()
            .map(|(c, comparison)| {
                (0..comparison.kind.levels())
                    .map(|l| bf(model.m[c][l], model.u[c][l], l as u8))
                    .collect()
            })
            .collect();
        let implied = model
            .implied_by
            .iter()
            .enumerate()
            .map(|(c, dep)| dep.map(|(d, u_given)| (d, (model.m[c][1] / u_given).log2())))
            .collect();
        let per_value = |level: u8| -> Vec<Vec<f32>> {
            comparisons
                .iter()
                .enumerate()
                .map(|(c, comparison)| {
                    if !comparison.term_frequency {
                        return Vec::new();
                    }
                    data.distinct(comparison.field)
                        .iter()
                        .map(|v| {
                            model.adjustment(c, level, v.text_hash(), v.key_hash(), None) as f32
                        })
                        .collect()
                })
                .collect()
        };
        Scorer {
            model,
            data,
            comparisons,
            bayes,
            implied,
            tf_exact: per_value(1),
            tf_key: per_value(2),
            tf_near: per_value(3),
        }
    }

    /// The evidence of a pair with these levels, `a` being its first record.
    pub(crate) fn evidence(&self, levels: &[u8], a: u32, b: u32) -> f64 {
        let (ra, rb) = (self.data.row(a), self.data.row(b));
        let mut sum = 0.0;
        for (c, &l) in levels.iter().enumerate() {
            if let Some((d, w)) = self.implied[c] {
                if l == 1 && levels[d] == 1 {
                    sum += w;
                    continue;
                }
            }
            sum += self.bayes[c][l as usize];
            if !self.comparisons[c].term_frequency || l == 0 {
                continue;
            }
            let field = agreeing_field(&self.comparisons[c], l, &ra, &rb);
            let within = self
                .model
                .nationality
                .filter(|&n| levels[n] == 1 && !self.model.tf_nat[c].is_empty());
            if within.is_some() || field != self.comparisons[c].field {
                // The value that agreed is the other name (a crossed
                // reading), or is weighed within the shared nationality:
                // looked up, not read from the per-value tables.
                sum += self.model.adjustment(
                    c,
                    l,
                    ra.text_hash(field),
                    ra.key_hash(field),
                    within.map(|n| ra.text_hash(self.comparisons[n].field)),
                );
                continue;
            }
            let table = match l {
                1 => &self.tf_exact[c],
                2 => &self.tf_key[c],
                3..=5 => &self.tf_near[c],
                _ => continue,
            };
            if !table.is_empty() {
                sum += f64::from(table[self.data.cell(a, field)]);
            }
        }
        sum
    }
}

/// The field of record `a` whose value agreed at `level` in comparison
/// `c`: its own, or, for a name read crossed with the other name (given
/// name and surname swapped in one record), the other name's — the value
/// whose frequency says how telling the agreement is.
fn agreeing_field<F: Fields + ?Sized>(c: &Comparison, level: u8, a: &F, b: &F) -> usize {
    let (f, Some(s)) = (c.field, c.swap_with) else {
        return c.field;
    };
    let hash = |r: &F, x: usize| match level {
        1 => r.text_hash(x),
        _ => r.key_hash(x),
    };
    if !matches!(level, 1 | 2) {
        return f;
    }
    let agrees = |x: usize| {
        let h = hash(a, x);
        h != 0 && (h == hash(b, f) || h == hash(b, s))
    };
    if !agrees(f) && agrees(s) {
        s
    } else {
        f
    }
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
    pairs: &[&[u8]],
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
        let bayes: Vec<Vec<f64>> = m
            .iter()
            .zip(u)
            .enumerate()
            .map(|(c, (m, u))| {
                (0..m.len())
                    .map(|l| {
                        if excluded[c] {
                            0.0
                        } else {
                            bf(m[l], u[l], l as u8)
                        }
                    })
                    .collect()
            })
            .collect();
        for levels in pairs {
            let w = prior
                + levels
                    .iter()
                    .enumerate()
                    .map(|(c, &l)| bayes[c][l as usize])
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
/// λ × (all pairs) equals the expected matches among the candidates, given
/// each candidate's evidence. The evidence is binned to 1/64 bit, so that
/// the fixed point costs the same for ten million candidates as for ten
/// thousand.
pub(crate) fn population_prior(data: &Dataset, mode: Mode, evidence: &[f32]) -> f64 {
    let n = data.len() as f64;
    let left = (0..data.len() as u32)
        .filter(|&i| data.source(i) == 0)
        .count() as f64;
    let possible = match mode {
        Mode::Dedupe => n * (n - 1.0) / 2.0,
        Mode::Link => left * (n - left),
    }
    .max(1.0);
    let mut histogram: HashMap<i64, f64> = HashMap::default();
    for &e in evidence {
        *histogram
            .entry((f64::from(e) * 64.0).round() as i64)
            .or_insert(0.0) += 1.0;
    }
    let evidence: Vec<(f64, f64)> = histogram
        .into_iter()
        .map(|(b, count)| (b as f64 / 64.0, count))
        .collect();
    let mut lambda = (n / 2.0 / possible).clamp(1e-12, 0.5);
    for _ in 0..50 {
        let prior = (lambda / (1.0 - lambda)).log2();
        let expected: f64 = evidence
            .iter()
            .map(|(e, count)| count * crate::probability(prior + e))
            .sum();
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
    // Matches mostly agree: halve the mass at each lower level, and rarely
    // disagree outright. This is also the model of a comparison no rule
    // could train.
    let mut m: Vec<f64> = (0..levels)
        .map(|l| match l {
            0 => 0.0,
            l if l + 1 == levels => 0.5f64.powi(l as i32) / 10.0,
            l => 0.5f64.powi(l as i32),
        })
        .collect();
    let total: f64 = m.iter().sum();
    m.iter_mut().for_each(|x| *x /= total);
    m
}

fn sample_u(
    comparisons: &[Comparison],
    data: &Normalised,
    profiles: &[u32],
    mode: Mode,
) -> Vec<Vec<f64>> {
    let mut rng = ChaCha8Rng::seed_from_u64(0x5EED);
    let d = data.data();
    let left: Vec<u32> = profiles
        .iter()
        .copied()
        .filter(|&i| mode == Mode::Dedupe || d.source(i) == 0)
        .collect();
    let right: Vec<u32> = profiles
        .iter()
        .copied()
        .filter(|&i| mode == Mode::Dedupe || d.source(i) == 1)
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
    let pairs: Vec<(u32, u32)> = (0..samples)
        .map(|_| {
            (
                left[rng.random_range(0..left.len())],
                right[rng.random_range(0..right.len())],
            )
        })
        .filter(|(a, b)| a != b)
        .collect();
    let k = comparisons.len();
    let levels: Vec<u8> = pairs
        .par_chunks(4096)
        .flat_map_iter(|chunk| {
            let mut out = vec![0u8; chunk.len() * k];
            for (o, &(a, b)) in out.chunks_mut(k).zip(chunk) {
                compare::levels_into(comparisons, &data.row(a), &data.row(b), o);
            }
            out
        })
        .collect();
    for row in levels.chunks(k) {
        for (c, &l) in row.iter().enumerate() {
            counts[c][l as usize] += 1.0;
        }
    }
    counts.into_iter().map(|c| smooth(&c)).collect()
}

/// Which comparisons another one implies: among pairs of records that
/// share a value of one field, a comparison that agrees exactly in more
/// than 80% of them is implied by it. Counting both would count one fact
/// twice — a city and its postcode. Measured on neighbours in each group of
/// records sharing the value, whatever the blocking.
fn implied(comparisons: &[Comparison], u: &[Vec<f64>], ev: &Evidence) -> Vec<Option<(usize, f64)>> {
    let mut out = vec![None; comparisons.len()];
    for (d, implier) in comparisons.iter().enumerate() {
        if matches!(
            implier.kind,
            ComparisonKind::Name
                | ComparisonKind::FullName
                | ComparisonKind::Date
                | ComparisonKind::Companions
        ) {
            continue;
        }
        let mut keyed: Vec<(u64, u32)> = (0..ev.data.len() as u32)
            .into_par_iter()
            .filter_map(|i| {
                let h = ev.data.row(i).text_hash(implier.field);
                (h != 0).then_some((h, i))
            })
            .collect();
        keyed.par_sort_unstable();
        let pairs: Vec<(u32, u32)> = keyed
            .windows(2)
            .filter(|w| w[0].0 == w[1].0)
            .map(|w| (w[0].1, w[1].1))
            .collect();
        if pairs.len() < 100 {
            continue;
        }
        let step = (pairs.len() / 50_000).max(1);
        for (c, comparison) in comparisons.iter().enumerate() {
            // A field most random pairs agree on (sex) agrees among any
            // pairs: that is no implication.
            if c == d
                || out[c].is_some()
                || matches!(
                    comparison.kind,
                    ComparisonKind::Name | ComparisonKind::Companions
                )
                || u[c][1] > 0.5
            {
                continue;
            }
            let (mut exact, mut known) = (0.0, 0.0);
            for &(a, b) in pairs.iter().step_by(step) {
                let level = compare::level(
                    comparison.kind,
                    ev.data.row(a).value(comparison.field),
                    ev.data.row(b).value(comparison.field),
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
fn condition_on_names(u: &mut [Vec<f64>], comparisons: &[Comparison], ev: &Evidence) {
    let predicted: Vec<usize> = (0..comparisons.len())
        .filter(|&c| {
            matches!(
                comparisons[c].field_kind,
                FieldKind::Sex | FieldKind::Nationality
            )
        })
        .collect();
    let sharing: Vec<usize> = ev
        .candidates
        .rules
        .iter()
        .enumerate()
        .filter(|(_, r)| matches!(r.base.as_str(), "given name key" | "surname key"))
        .flat_map(|(r, _)| ev.candidates.of_rule(r))
        .collect();
    if predicted.is_empty() || sharing.len() < 1_000 {
        return;
    }
    let step = (sharing.len() / U_SAMPLES).max(1);
    for &c in &predicted {
        let comparison = &comparisons[c];
        let mut counts = vec![0.0; comparison.kind.levels()];
        for &i in sharing.iter().step_by(step) {
            let (a, b) = ev.candidates.pairs[i];
            let level = compare::level(
                comparison.kind,
                ev.data.row(a).value(comparison.field),
                ev.data.row(b).value(comparison.field),
            );
            counts[level as usize] += 1.0;
        }
        u[c] = smooth(&counts);
    }
}

/// Probabilities over the non-missing levels, with one pseudo-count each so
/// that no level is impossible.
pub(crate) fn smooth(counts: &[f64]) -> Vec<f64> {
    let total: f64 = counts[1..].iter().map(|c| c + 1.0).sum();
    std::iter::once(0.0)
        .chain(counts[1..].iter().map(|c| (c + 1.0) / total))
        .collect()
}

fn log_odds(p: f64) -> f64 {
    (p / (1.0 - p)).log2()
}

/// log2 Bayes factor of one level; a missing value weighs nothing.
pub(crate) fn bf(m: f64, u: f64, level: u8) -> f64 {
    if level == 0 {
        0.0
    } else {
        (m / u).log2()
    }
}

/// The share of records that have each value in any of `fields`: for names
/// read swap-aware, the chance that a random record carries the name in
/// either place. Keyed by the value's hash; counted over distinct profiles,
/// as u is.
fn frequencies(
    data: &Normalised,
    profiles: &[u32],
    fields: &[usize],
    hash: impl Fn(&Row, usize) -> u64,
) -> HashMap<u64, f64> {
    let mut counts: HashMap<u64, f64> = HashMap::default();
    let mut records = 0.0;
    let mut seen: Vec<u64> = Vec::with_capacity(fields.len());
    for &i in profiles {
        let row = data.row(i);
        seen.clear();
        seen.extend(fields.iter().map(|&f| hash(&row, f)).filter(|&h| h != 0));
        seen.sort_unstable();
        seen.dedup();
        if !seen.is_empty() {
            records += 1.0;
        }
        for &s in &seen {
            *counts.entry(s).or_insert(0.0) += 1.0;
        }
    }
    counts.values_mut().for_each(|c| *c /= records);
    counts
}

impl Model {
    /// The prior: log2 odds that two random records match.
    pub fn prior_weight(&self) -> f64 {
        log_odds(self.lambda)
    }

    /// The prior of the first scoring pass: the pass without companions,
    /// whose accepted pairs say who is whose companion.
    pub(crate) fn first_pass_prior(&self) -> f64 {
        log_odds(self.first_pass_lambda.unwrap_or(self.lambda))
    }

    /// The companions comparison, if the model has one.
    pub(crate) fn companions(&self) -> Option<usize> {
        self.comparisons
            .iter()
            .position(|c| c.kind == ComparisonKind::Companions)
    }

    fn term_adjustment<F: Fields + ?Sized>(&self, c: usize, levels: &[u8], a: &F, b: &F) -> f64 {
        let field = agreeing_field(&self.comparisons[c], levels[c], a, b);
        let nationality = self
            .nationality
            .filter(|&n| levels[n] == 1)
            .map(|n| a.text_hash(self.comparisons[n].field));
        self.adjustment(
            c,
            levels[c],
            a.text_hash(field),
            a.key_hash(field),
            nationality,
        )
    }

    /// The frequency adjustment of comparison `c` at `level` for a value
    /// with these hashes; `nationality` is the hash of the nationality both
    /// records share, if they do.
    fn adjustment(
        &self,
        c: usize,
        level: u8,
        text: u64,
        key: u64,
        nationality: Option<u64>,
    ) -> f64 {
        if !self.comparisons[c].term_frequency {
            return 0.0;
        }
        // An agreement on a rare value says more than on a common one: scale
        // by how much rarer the value is than the average agreement. For
        // names this holds for the matching key too: "mhmd" is everyone.
        // Agreeing on nationality, a name is as rare as it is among that
        // nationality (the nationality's own agreement counted the rest).
        let within = |table: &HashMap<u64, f64>, value: u64| {
            nationality.and_then(|n| table.get(&with_nationality(value, n)).copied())
        };
        let name = self.comparisons[c].kind == ComparisonKind::Name;
        let (tf, u_average) = match level {
            1 => (
                within(&self.tf_nat[c], text).or(self.tf[c].get(&text).copied()),
                self.u_random_exact[c],
            ),
            2..=5 if name => (
                within(&self.tf_key_nat[c], key).or(self.tf_key[c].get(&key).copied()),
                self.u_random_key[c],
            ),
            _ => (None, 0.0),
        };
        let adjustment = match tf {
            Some(tf) if tf > 0.0 && u_average > 0.0 => (u_average / tf).log2().clamp(-6.0, 6.0),
            _ => 0.0,
        };
        // A near miss on a name (one edit, Jaro-Winkler) is weaker evidence
        // when the name's family is common — a misspelt "Yilmaz" is still
        // one of many Yilmazes — but never stronger when it is rare: a rare
        // name misspelt may be another name.
        if level >= 3 {
            adjustment.min(0.0)
        } else {
            adjustment
        }
    }

    /// The match weight of a pair with these levels.
    pub(crate) fn weight<F: Fields + ?Sized>(&self, levels: &[u8], a: &F, b: &F) -> f64 {
        self.prior_weight() + self.evidence(levels, a, b)
    }

    /// The comparisons' part of the weight, without the prior.
    pub(crate) fn evidence<F: Fields + ?Sized>(&self, levels: &[u8], a: &F, b: &F) -> f64 {
        (0..levels.len())
            .map(|c| self.contribution(c, levels, a, b))
            .sum::<f64>()
    }

    /// One comparison's log2 Bayes factor for a pair with these levels.
    fn contribution<F: Fields + ?Sized>(&self, c: usize, levels: &[u8], a: &F, b: &F) -> f64 {
        let l = levels[c];
        if let Some((d, u_given)) = self.implied_by[c] {
            if l == 1 && levels[d] == 1 {
                // Already counted by what implies it.
                return (self.m[c][1] / u_given).log2();
            }
        }
        bf(self.m[c][l as usize], self.u[c][l as usize], l) + self.term_adjustment(c, levels, a, b)
    }

    /// The waterfall of one pair: the prior, then each comparison.
    pub(crate) fn contributions(
        &self,
        levels: &[u8],
        (a, b): (&[Value], &[Value]),
        data: &Dataset,
        ia: u32,
        ib: u32,
    ) -> Vec<Contribution> {
        let raw = |i: u32, field: usize| data.raw(i, field).unwrap_or_default().to_owned();
        let mut out = vec![Contribution {
            comparison: "prior".into(),
            level: format!("P(two random records match) = {:.3e}", self.lambda),
            left: String::new(),
            right: String::new(),
            weight: self.prior_weight(),
        }];
        for (c, &l) in levels.iter().enumerate() {
            let comparison = &self.comparisons[c];
            let weight = self.contribution(c, levels, a, b);
            let mut level = comparison.kind.level_names()[l as usize].to_owned();
            match self.implied_by[c] {
                Some((d, _)) if l == 1 && levels[d] == 1 => {
                    level.push_str(&format!(" (implied by {})", self.comparisons[d].name));
                }
                _ => {
                    let tf = self.term_adjustment(c, levels, a, b);
                    if tf != 0.0 {
                        level.push_str(&format!(" (value frequency adjusts {tf:+.2})"));
                    }
                }
            }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_pull_m_towards_what_reviewers_saw_in_proportion_to_their_number() {
        // EM thinks matches agree exactly 90% of the time; reviewers' pairs
        // mostly differ by one edit.
        let em = vec![0.2, 0.72, 0.04, 0.04];
        let few = [0.0, 1.0, 9.0, 0.0];
        let many = [0.0, 10.0, 990.0, 0.0];
        let mut m_few = em.clone();
        blend_labels(&mut m_few, &few);
        let mut m_many = em.clone();
        blend_labels(&mut m_many, &many);
        // Missing stays as EM had it; the known levels still sum as before.
        for m in [&m_few, &m_many] {
            assert_eq!(m[0], 0.2);
            assert!((m.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        }
        assert!(m_few[2] > em[2] && m_few[2] < m_many[2]);
        assert!(m_many[2] > 0.7, "a thousand labels dominate: {m_many:?}");
        let mut unchanged = em.clone();
        blend_labels(&mut unchanged, &[5.0, 0.0, 0.0, 0.0]);
        assert_eq!(unchanged, em, "labels with the value missing say nothing");
    }
}
