//! Privacy-preserving record linkage: which people do two partners both
//! hold, without either handing the other its files?
//!
//! This crate owns keyed Bloom-filter encodings of people (cryptographic
//! long-term keys, CLKs, after Schnell et al.): the schema that says which
//! fields are encoded and how ([`Schema`], [`SchemaSettings`]), the keys
//! two partners derive from a shared key file ([`PairKey`]), the encoder
//! ([`Encoder`]), the `.clk` file that carries encodings ([`ClkFile`]),
//! Sørensen–Dice comparison with the CPU's population count ([`dice`]),
//! and linkage of two sets of encodings into one-to-one matches
//! ([`link()`]). Names go through `corridor-text` and are normalised as
//! `corridor-resolve` normalises them, so `Мухамед Ал Хасан` and `MOHAMAD
//! ALHASSAN` set the same bits.
//!
//! It must never write plaintext (or key material) into an encoding or a
//! `.clk` file, never read the store, and never decide who may receive what
//! — which records a partner may get encodings of is the policy point's
//! decision, made before anything reaches the encoder. It does no I/O: it
//! turns values into bits and bytes into encodings, and the CLI reads and
//! writes the files. docs/pprl.md describes the schema, the keys and the
//! risks.

pub mod clk;
pub mod dice;
mod encode;
mod key;
mod link;
mod schema;

pub use clk::{ClkError, ClkFile};
pub use encode::{tokens, Encoder, Salt, Token};
pub use key::{pair_label, KeyError, PairKey, MIN_KEY_BYTES};
pub use link::{greedy, link, link_with, Linkage, Match, DEFAULT_THRESHOLD};
pub use schema::{
    kind_name, FieldOverride, FieldSpec, Hardening, Schema, SchemaError, SchemaSettings,
    DEFAULT_BITS, TOKENISER_VERSION,
};

use rayon::prelude::*;

impl Encoder {
    /// Encodes `n` records on every core: `values_of(i)` gives record `i`'s
    /// (field, raw value) pairs. Each distinct value of a field is
    /// normalised, tokenised and hashed once (names and places recur: FEBRL4's
    /// 10,000 records hold 1,768 given names), then each record's filter is
    /// the union of its values' positions. `progress` is told how many
    /// records each finished batch held. Returns `n × words()` words.
    pub fn encode_all<'a, F>(
        &self,
        n: usize,
        values_of: F,
        progress: &(dyn Fn(u64) + Sync),
    ) -> Vec<u64>
    where
        F: Fn(usize) -> Vec<(usize, &'a str)> + Sync,
    {
        use std::collections::HashMap;
        let mut distinct: HashMap<(usize, &'a str), u32> = HashMap::new();
        let mut values: Vec<(usize, &'a str)> = Vec::new();
        let mut records: Vec<Vec<u32>> = Vec::with_capacity(n);
        for i in 0..n {
            let record = values_of(i)
                .into_iter()
                .filter(|(_, raw)| !raw.trim().is_empty())
                .map(|v| {
                    *distinct.entry(v).or_insert_with(|| {
                        values.push(v);
                        (values.len() - 1) as u32
                    })
                })
                .collect();
            records.push(record);
        }
        drop(distinct);
        let positions: Vec<Vec<u16>> = values
            .par_iter()
            .map(|&(field, raw)| {
                let mut out = Vec::new();
                self.positions(field, raw, &mut out);
                out
            })
            .collect();
        let w = self.words();
        let mut out = vec![0u64; n * w];
        const BATCH: usize = 4096;
        out.par_chunks_mut(w * BATCH)
            .zip(records.par_chunks(BATCH))
            .for_each_init(Vec::new, |all, (chunk, recs)| {
                for (rec, values) in chunk.chunks_exact_mut(w).zip(recs) {
                    all.clear();
                    for &v in values {
                        all.extend_from_slice(&positions[v as usize]);
                    }
                    self.encode_positions(all, rec);
                }
                progress(recs.len() as u64);
            });
        out
    }

    /// A `.clk` file of these encodings under this encoder's schema.
    pub fn file(&self, pair: &str, ids: Vec<String>, words: Vec<u64>) -> ClkFile {
        ClkFile {
            bits: self.schema().output_bits() as u32,
            fingerprint: self.schema().fingerprint(),
            pair: pair.to_owned(),
            ids,
            words,
        }
    }
}
