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
mod compare;
mod field;
mod train;

pub use cluster::clusters;
pub use compare::{Comparison, ComparisonKind};
pub use field::{infer_kind, normalise, FieldKind, Value};
pub use train::Model;

/// One record to link: an opaque id, which input it came from (0 or 1), and
/// its raw values in the order of the dataset's columns.
#[derive(Debug, Clone)]
pub struct Record {
    pub id: String,
    pub source: u8,
    pub values: Vec<Option<String>>,
}

/// Records and what their columns hold.
#[derive(Debug, Clone)]
pub struct Dataset {
    pub columns: Vec<String>,
    pub kinds: Vec<Option<FieldKind>>,
    pub records: Vec<Record>,
}

/// Link two sources, or deduplicate one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Link,
    Dedupe,
}

/// A scored candidate pair (indices into the dataset's records).
#[derive(Debug, Clone)]
pub struct ScoredPair {
    pub a: u32,
    pub b: u32,
    /// log2 of the Bayes factor, prior included.
    pub weight: f64,
    pub probability: f64,
    pub levels: Vec<u8>,
}

/// What linkage produced.
pub struct Linkage {
    pub model: Model,
    /// Every scored candidate pair.
    pub pairs: Vec<ScoredPair>,
    /// Candidate pairs compared, and blocks skipped for size.
    pub candidates: u64,
    pub skipped_blocks: Vec<String>,
}

/// The default decision threshold on match probability. 0.5 is the Bayes
/// decision point: above it a pair is more likely a match than not under the
/// model the data trained, with no labels and equal costs for both errors.
pub const DEFAULT_THRESHOLD: f64 = 0.5;

/// Runs the whole linkage: normalise, block, train, score.
pub fn link(data: &Dataset, mode: Mode, progress: &mut dyn FnMut(&str)) -> Linkage {
    progress("normalising");
    let normalised = field::normalise_all(data);
    let comparisons = compare::comparisons_for(&data.kinds, &data.columns);
    progress("blocking");
    let (blocks, skipped_blocks) = block::blocks(data, &normalised, mode);
    let candidates = block::union(&blocks);
    progress("comparing");
    let levels: Vec<Vec<u8>> = candidates
        .iter()
        .map(|&(a, b)| {
            compare::levels(
                &comparisons,
                &normalised[a as usize],
                &normalised[b as usize],
            )
        })
        .collect();
    progress("training");
    let model = train::train(
        &comparisons,
        &normalised,
        data,
        mode,
        &blocks,
        &candidates,
        &levels,
    );
    progress("scoring");
    let pairs = candidates
        .iter()
        .zip(levels)
        .map(|(&(a, b), levels)| {
            let weight = model.weight(&levels, &normalised[a as usize], &normalised[b as usize]);
            ScoredPair {
                a,
                b,
                weight,
                probability: probability(weight),
                levels,
            }
        })
        .collect();
    Linkage {
        model,
        pairs,
        candidates: candidates.len() as u64,
        skipped_blocks,
    }
}

/// The name of the level two raw values of a column of `kind` reach, for
/// tests and for people checking a comparison by hand.
pub fn level_name(kind: FieldKind, a: &str, b: &str) -> &'static str {
    let comparison = compare::comparisons_for(&[Some(kind)], &["value".to_owned()]).remove(0);
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

/// The waterfall of a pair: the prior, then each comparison's contribution.
pub fn explain(data: &Dataset, linkage: &Linkage, pair: &ScoredPair) -> Vec<Contribution> {
    let normalised_a = field::normalise_record(data, &data.records[pair.a as usize]);
    let normalised_b = field::normalise_record(data, &data.records[pair.b as usize]);
    linkage.model.contributions(
        &pair.levels,
        &normalised_a,
        &normalised_b,
        data,
        pair.a,
        pair.b,
    )
}

/// Scores any two records with the trained model, candidates or not.
pub fn score(data: &Dataset, linkage: &Linkage, a: u32, b: u32) -> ScoredPair {
    let va = field::normalise_record(data, &data.records[a as usize]);
    let vb = field::normalise_record(data, &data.records[b as usize]);
    let levels = compare::levels(&linkage.model.comparisons, &va, &vb);
    let weight = linkage.model.weight(&levels, &va, &vb);
    ScoredPair {
        a,
        b,
        weight,
        probability: probability(weight),
        levels,
    }
}
