//! Probabilistic record linkage: is this the same man?
//!
//! This crate owns Fellegi–Sunter linkage across scripts: what a column
//! holds ([`FieldKind`], inferred from its name), how values are normalised
//! for comparison (names through `corridor-text` into Latin and a matching
//! key; dates that may be partial or have day and month swapped; phones as
//! national numbers), comparisons made of levels, blocking rules whose union
//! keeps recall on transliteration variants, u-probabilities from random
//! pairs, m-probabilities by EM without labels, term-frequency adjustment,
//! and clustering of accepted pairs with a guard against chaining. Every
//! score can be explained as a sum of contributions a person can read.
//!
//! It is pure: records in, decisions out. It must never touch storage,
//! files or the terminal, and never decide what a partner may see.

mod block;
mod cluster;
mod companions;
mod compare;
mod dataset;
mod field;
mod strings;
mod train;

use rayon::prelude::*;

pub use cluster::{
    birth_dates, clusters, clusters_constrained, clusters_of, clusters_with_joins, Accepted,
    Constraints, Join,
};
pub use compare::{Comparison, ComparisonKind};
pub use dataset::{Column, Dataset};
pub use field::{infer_kind, normalise, FieldKind, Value};
pub use train::Model;

/// Link two sources, or deduplicate one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Link,
    Dedupe,
}

/// What a person may set; everything else is inferred from the data.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Whether the default blocking rules for the columns' kinds are used.
    pub default_blocking: bool,
    /// More blocking rules: each a list of columns (by index) whose
    /// normalised values must all agree.
    pub blocking: Vec<Vec<usize>>,
    /// Pairs below this match probability are not kept in
    /// [`Linkage::pairs`] (they are still scored and counted).
    pub keep: f64,
    /// When a pair agrees on nationality, weigh its names by how common
    /// they are within that nationality ("Heba" is rare among all people,
    /// common among Syrian women). Measured: on the store's mentions, where
    /// many people of few nationalities recur, it lifts clustered F1 (large
    /// scenario 0.827 → 0.848); on the two-file cross-script set it costs
    /// recall (F1 0.683 → 0.642). On for `corridor resolve`, off by default.
    pub frequencies_within_nationality: bool,
    /// Pairs of records people decided are one person: labels that
    /// re-estimate m alongside EM when the model is trained.
    pub matches: Vec<(u32, u32)>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            default_blocking: true,
            blocking: Vec::new(),
            keep: 1e-3,
            frequencies_within_nationality: false,
            matches: Vec::new(),
        }
    }
}

/// A scored candidate pair (indices into the dataset's records, `a < b`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScoredPair {
    pub a: u32,
    pub b: u32,
    /// log2 of the Bayes factor, prior included.
    pub weight: f64,
    pub probability: f64,
}

/// What linkage produced.
pub struct Linkage {
    pub model: Model,
    /// The scored candidate pairs at or above [`Settings::keep`].
    pub pairs: Vec<ScoredPair>,
    /// Candidate pairs compared.
    pub candidates: u64,
    /// The blocking rules used, refined ones included.
    pub rules: Vec<String>,
    /// Rules refined and blocks skipped for their size, for people.
    pub notes: Vec<String>,
}

/// The default decision threshold on match probability. 0.5 is the Bayes
/// decision point: above it a pair is more likely a match than not under the
/// model the data trained, with no labels and equal costs for both errors.
pub const DEFAULT_THRESHOLD: f64 = 0.5;

/// Runs the whole linkage: normalise, block, compare, train, score.
pub fn link(
    data: &Dataset,
    mode: Mode,
    settings: &Settings,
    progress: &mut dyn FnMut(&str),
) -> Linkage {
    run(data, mode, settings, None, progress)
}

/// Links with a model trained before: the same blocking and comparisons as
/// [`link`], no training and no new prior, so that records added since are
/// scored exactly as a full run with this model would score them. Only the
/// candidate pairs with a record marked in `touching` are compared (all of
/// them when it is `None`): an incremental run compares what is new.
pub fn relink(
    data: &Dataset,
    mode: Mode,
    settings: &Settings,
    model: Model,
    touching: Option<&[bool]>,
    progress: &mut dyn FnMut(&str),
) -> Linkage {
    run(data, mode, settings, Some((model, touching)), progress)
}

fn run(
    data: &Dataset,
    mode: Mode,
    settings: &Settings,
    trained: Option<(Model, Option<&[bool]>)>,
    progress: &mut dyn FnMut(&str),
) -> Linkage {
    progress("normalising");
    // A run that compares only the pairs touching a few new records reads
    // each record's values where the dataset holds them.
    let few = matches!(&trained, Some((_, Some(_))));
    let normalised = if few {
        field::Normalised::by_column(data)
    } else {
        field::Normalised::new(data)
    };
    let comparisons = compare::comparisons_for(data);
    progress("blocking");
    let mut rules = if settings.default_blocking {
        block::default_rules(&normalised)
    } else {
        Vec::new()
    };
    for fields in &settings.blocking {
        let names: Vec<&str> = fields
            .iter()
            .map(|&f| data.columns()[f].name.as_str())
            .collect();
        rules.push(block::Rule::new(
            &names.join(" and "),
            fields.iter().map(|&f| block::Part::Text(f)).collect(),
        ));
    }
    let (plan, touching) = match &trained {
        Some((model, touching)) => (
            Some(&model.blocking[..]).filter(|p| !p.is_empty()),
            *touching,
        ),
        None => (None, None),
    };
    let candidates = block::candidates(&normalised, mode, rules, plan, touching);
    progress("comparing");
    let k = comparisons.len();
    let mut levels = vec![0u8; candidates.pairs.len() * k];
    if k > 0 {
        levels
            .par_chunks_mut(k * 4096)
            .zip(candidates.pairs.par_chunks(4096))
            .for_each(|(out, chunk)| {
                for (o, &(a, b)) in out.chunks_mut(k).zip(chunk) {
                    compare::levels_into(&comparisons, &normalised.row(a), &normalised.row(b), o);
                }
            });
    }
    let retrained = trained.is_none();
    let mut model = match trained {
        Some((model, _)) => model,
        None => {
            progress("training");
            let evidence = train::Evidence {
                data: &normalised,
                within_nationality: settings.frequencies_within_nationality,
                mode,
                candidates: &candidates,
                levels: &levels,
                matches: &settings.matches,
            };
            train::train(&comparisons, &evidence)
        }
    };
    progress("scoring");
    let scorer = train::Scorer::new(&model, &normalised);
    let mut evidence: Vec<f32> = candidates
        .pairs
        .par_iter()
        .enumerate()
        .map(|(i, &(a, b))| scorer.evidence(&levels[i * k..(i + 1) * k], a, b) as f32)
        .collect();
    drop(levels);
    if retrained {
        model.lambda = train::population_prior(data, mode, &evidence);
    }
    if let Some(c) = model.companions() {
        progress("companions");
        with_companions(
            &normalised,
            mode,
            &candidates.pairs,
            &mut evidence,
            &mut model,
            c,
            retrained,
        );
    }
    let prior = model.prior_weight();
    let pairs: Vec<ScoredPair> = candidates
        .pairs
        .par_iter()
        .zip(evidence.par_iter())
        .filter_map(|(&(a, b), &e)| {
            // Rounded to f32, as a store keeps it: a pair read back weighs
            // exactly what it weighed when scored.
            let weight = f64::from((prior + f64::from(e)) as f32);
            let probability = probability(weight);
            (probability >= settings.keep).then_some(ScoredPair {
                a,
                b,
                weight,
                probability,
            })
        })
        .collect();
    Linkage {
        model,
        pairs,
        candidates: candidates.pairs.len() as u64,
        rules: candidates.rules.iter().map(|r| r.name.clone()).collect(),
        notes: candidates.notes,
    }
}

/// Adds the companions comparison to the first pass's evidence: who is
/// beside each record is read from the pairs the first pass accepted; a
/// trained run fits its m and u, and solves the prior again.
fn with_companions(
    data: &field::Normalised,
    mode: Mode,
    pairs: &[(u32, u32)],
    evidence: &mut [f32],
    model: &mut Model,
    c: usize,
    retrained: bool,
) {
    if retrained {
        model.first_pass_lambda = Some(model.lambda);
    }
    let first = model.first_pass_prior();
    let groups = companions::Groups::new(data, model.comparisons[c].field);
    let accepted = pairs
        .iter()
        .zip(evidence.iter())
        .filter(|(_, &e)| first + f64::from(e) >= 0.0)
        .map(|(&p, _)| p);
    let index = groups.index(accepted);
    let levels: Vec<u8> = pairs
        .par_iter()
        .map(|&(a, b)| groups.level(&index, a, b))
        .collect();
    if retrained {
        model.u[c] = groups.sample_u(&index);
        model.m[c] = companions::fit_m(&levels, evidence, first, &model.u[c]);
    }
    let bayes: Vec<f32> = (0..model.m[c].len())
        .map(|l| train::bf(model.m[c][l], model.u[c][l], l as u8) as f32)
        .collect();
    evidence
        .par_iter_mut()
        .zip(levels.par_iter())
        .for_each(|(e, &l)| *e += bayes[l as usize]);
    if retrained {
        model.lambda = train::population_prior(data.data(), mode, evidence);
    }
}

/// The name of the level two raw values of a column of `kind` reach, for
/// tests and for people checking a comparison by hand.
pub fn level_name(kind: FieldKind, a: &str, b: &str) -> &'static str {
    let mut data = Dataset::new([("value".to_owned(), Some(kind))]);
    data.push("a", 0, [Some(a)]);
    let comparison = compare::comparisons_for(&data).remove(0);
    let level = compare::level(
        comparison.kind,
        &field::normalise(kind, a),
        &field::normalise(kind, b),
    );
    comparison.kind.level_names()[level as usize]
}

/// Match probability from a match weight (log2 odds).
pub fn probability(weight: f64) -> f64 {
    1.0 / (1.0 + (-weight).exp2())
}

/// One comparison's part in a pair's weight.
#[derive(Debug, Clone, PartialEq)]
pub struct Contribution {
    pub comparison: String,
    pub level: String,
    pub left: String,
    pub right: String,
    /// log2 Bayes factor.
    pub weight: f64,
}

/// The waterfall of a pair under a trained model: the prior, then each
/// comparison's contribution.
pub fn explain(data: &Dataset, model: &Model, a: u32, b: u32) -> Vec<Contribution> {
    let (levels, va) = pair_levels(data, model, a, b);
    let vb = field::normalise_record(data, b);
    model.contributions(&levels, (&va, &vb), data, a, b)
}

/// Scores any two records with a trained model, candidates or not.
pub fn score(data: &Dataset, model: &Model, a: u32, b: u32) -> ScoredPair {
    let (levels, va) = pair_levels(data, model, a, b);
    let vb = field::normalise_record(data, b);
    let weight = model.weight(&levels, va.as_slice(), vb.as_slice());
    ScoredPair {
        a,
        b,
        weight,
        probability: probability(weight),
    }
}

/// The levels of one pair, companions included (read from the other
/// records of both groups that `data` holds), and `a`'s values.
fn pair_levels(data: &Dataset, model: &Model, a: u32, b: u32) -> (Vec<u8>, Vec<field::Value>) {
    let va = field::normalise_record(data, a);
    let vb = field::normalise_record(data, b);
    let mut levels = compare::levels(&model.comparisons, va.as_slice(), vb.as_slice());
    if let Some(c) = model.companions() {
        let normalised = field::Normalised::new(data);
        let first = model.first_pass_prior();
        levels[c] =
            companions::level_of_pair(&normalised, model.comparisons[c].field, a, b, |x, y| {
                let vx = field::normalise_record(data, x);
                let vy = field::normalise_record(data, y);
                let l = compare::levels(&model.comparisons, vx.as_slice(), vy.as_slice());
                first + model.evidence(&l, vx.as_slice(), vy.as_slice())
            });
    }
    (levels, va)
}
