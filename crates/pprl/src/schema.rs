//! The schema: which fields are encoded, how, into how many bits.
//!
//! A schema is data. Its TOML form (the `[encoding]` table of a settings
//! file, docs/pprl.md) only overrides the defaults:
//!
//! ```toml
//! bits = 1024            # Bloom filter length before hardening, a multiple of 128
//! [hardening]
//! xor_fold = false       # fold the filter in half by XOR
//! balance = false        # append the complement and permute by a keyed permutation
//! [fields.surname]
//! q = 2                  # q-gram length of the folded Latin text
//! hashes = 8             # bits set per q-gram (the field's weight)
//! key_hashes = 10        # bits set per word of its matching key (names only)
//! ```
//!
//! The fields themselves come from the columns (their kinds, inferred as
//! `corridor link` infers them). Two encodings can be compared only when
//! their schemas are equal, which [`Schema::fingerprint`] checks.

use std::collections::BTreeMap;

use corridor_resolve::FieldKind;
use serde::Deserialize;
use sha2::{Digest, Sha256};

/// Bumped whenever tokenisation changes, so that encodings made by two
/// versions never look comparable.
pub const TOKENISER_VERSION: u32 = 3;

/// What a settings file may say about the encoding.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SchemaSettings {
    pub bits: Option<usize>,
    #[serde(default)]
    pub hardening: Hardening,
    /// Kind name (`given_name`, `date_of_birth`, …) → overrides.
    #[serde(default)]
    pub fields: BTreeMap<String, FieldOverride>,
}

#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Hardening {
    #[serde(default)]
    pub xor_fold: bool,
    #[serde(default)]
    pub balance: bool,
}

#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct FieldOverride {
    pub q: Option<usize>,
    pub hashes: Option<u32>,
    pub key_hashes: Option<u32>,
}

/// How one kind of field is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldSpec {
    pub kind: FieldKind,
    /// q-gram length.
    pub q: usize,
    /// Bits set per token of the field (its weight).
    pub hashes: u32,
    /// Bits set per word of a name's matching key, in a salt shared by all
    /// name fields so that swapped and cross-script names meet.
    pub key_hashes: u32,
}

/// A complete schema: every field encoded, in kind order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schema {
    pub bits: usize,
    pub hardening: Hardening,
    pub fields: Vec<FieldSpec>,
}

pub const DEFAULT_BITS: usize = 1024;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SchemaError {
    #[error("bits = {0}: the filter length must be a multiple of 128 between 128 and 16384")]
    Bits(usize),
    #[error("[fields.{0}]: not a kind of field; use one of {1}")]
    UnknownKind(String, String),
    #[error("[fields.{0}] q = {1}: q-grams are 1 to 4 characters long")]
    Q(String, usize),
    #[error("[fields.{0}] hashes = {1}: a field sets 0 to 64 bits per token")]
    Hashes(String, u32),
    #[error("no field to encode: name the columns given_name, surname, date_of_birth, sex, nationality, postcode… or say what they hold in the settings file's [columns]")]
    Empty,
}

/// The name a settings file gives a kind (the first one resolve lists).
pub fn kind_name(kind: FieldKind) -> &'static str {
    FieldKind::NAMED
        .iter()
        .find(|(_, k)| *k == kind)
        .map(|(n, _)| *n)
        .expect("every kind has a name")
}

/// The defaults, per kind: (q, hashes per token, hashes per key word).
///
/// Weights follow how much a token says: a name bigram little, a matching-
/// key word (a whole name's consonant skeleton) much, a part of the date of
/// birth most (a namesake born another year must fall below the threshold
/// on names, sex and nationality alone: on the cross-script set, weight 8
/// rather than 4 takes F1 at Dice 0.75 from 0.52 to 0.60; more makes two
/// strangers born the same day look alike); sex and state almost nothing. Low weights keep a 1,024-bit filter about a fifth full, where
/// two different people's filters share few bits by chance (the Dice of
/// unrelated FEBRL4 records is 0.32 at the median, 0.62 at the most,
/// against 0.47 and 0.70 with twice the weights). Measured on FEBRL4 and
/// the cross-script set (BENCHMARKS.md).
fn defaults(kind: FieldKind) -> FieldSpec {
    let (q, hashes, key_hashes) = match kind {
        FieldKind::GivenName | FieldKind::Surname | FieldKind::FullName => (2, 4, 8),
        FieldKind::BirthDate => (0, 8, 0),
        FieldKind::Sex => (0, 2, 0),
        FieldKind::Nationality => (0, 3, 0),
        FieldKind::Phone | FieldKind::Identifier | FieldKind::Email => (2, 3, 0),
        FieldKind::Postcode => (2, 4, 0),
        FieldKind::Address => (2, 2, 0),
        FieldKind::City => (2, 3, 0),
        FieldKind::StreetNumber => (1, 3, 0),
        FieldKind::State => (0, 1, 0),
        FieldKind::Plate => (2, 3, 0),
        FieldKind::Role => (0, 2, 0),
        // Who was written together is not a property of the person: a
        // group is never encoded.
        FieldKind::Group => (0, 0, 0),
    };
    FieldSpec {
        kind,
        q,
        hashes,
        key_hashes,
    }
}

impl SchemaSettings {
    /// The schema for columns of these kinds (repeats are one field).
    pub fn schema_for(&self, kinds: &[FieldKind]) -> Result<Schema, SchemaError> {
        let bits = self.bits.unwrap_or(DEFAULT_BITS);
        if !bits.is_multiple_of(128) || !(128..=16384).contains(&bits) {
            return Err(SchemaError::Bits(bits));
        }
        let mut by_kind: BTreeMap<FieldKind, FieldSpec> =
            kinds.iter().map(|&k| (k, defaults(k))).collect();
        for (name, o) in &self.fields {
            let kind = FieldKind::from_name(name).ok_or_else(|| {
                SchemaError::UnknownKind(name.clone(), FieldKind::NAMED.map(|(n, _)| n).join(", "))
            })?;
            if let Some(q) = o.q {
                if !(1..=4).contains(&q) {
                    return Err(SchemaError::Q(name.clone(), q));
                }
            }
            for h in [o.hashes, o.key_hashes].into_iter().flatten() {
                if h > 64 {
                    return Err(SchemaError::Hashes(name.clone(), h));
                }
            }
            // An override for a kind no column holds changes nothing.
            if let Some(spec) = by_kind.get_mut(&kind) {
                spec.q = o.q.unwrap_or(spec.q);
                spec.hashes = o.hashes.unwrap_or(spec.hashes);
                spec.key_hashes = o.key_hashes.unwrap_or(spec.key_hashes);
            }
        }
        if by_kind.is_empty() {
            return Err(SchemaError::Empty);
        }
        Ok(Schema {
            bits,
            hardening: self.hardening,
            fields: by_kind.into_values().collect(),
        })
    }
}

impl Schema {
    /// The default schema for these kinds.
    pub fn for_kinds(kinds: &[FieldKind]) -> Result<Schema, SchemaError> {
        SchemaSettings::default().schema_for(kinds)
    }

    /// Bits in an encoding after hardening.
    pub fn output_bits(&self) -> usize {
        let folded = if self.hardening.xor_fold {
            self.bits / 2
        } else {
            self.bits
        };
        if self.hardening.balance {
            folded * 2
        } else {
            folded
        }
    }

    /// The schema as canonical text: what [`Schema::fingerprint`] hashes,
    /// and what a person compares when two partners' schemas differ.
    pub fn canonical(&self) -> String {
        let mut s = format!(
            "corridor-pprl schema; tokeniser {TOKENISER_VERSION}; bits {}; xor_fold {}; balance {}",
            self.bits, self.hardening.xor_fold, self.hardening.balance
        );
        for f in &self.fields {
            s.push_str(&format!(
                "; {} q {} hashes {} key_hashes {}",
                kind_name(f.kind),
                f.q,
                f.hashes,
                f.key_hashes
            ));
        }
        s
    }

    /// SHA-256 of [`Schema::canonical`]: equal for equal schemas, and
    /// nothing about the key or the records.
    pub fn fingerprint(&self) -> [u8; 32] {
        Sha256::digest(self.canonical().as_bytes()).into()
    }

    /// The field a kind is encoded in.
    pub fn field_of(&self, kind: FieldKind) -> Option<usize> {
        self.fields.iter().position(|f| f.kind == kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_does_not_depend_on_column_order() {
        let a = Schema::for_kinds(&[FieldKind::Surname, FieldKind::GivenName]).unwrap();
        let b = Schema::for_kinds(&[FieldKind::GivenName, FieldKind::Surname, FieldKind::Surname])
            .unwrap();
        assert_eq!(a.fingerprint(), b.fingerprint());
        let c = Schema::for_kinds(&[FieldKind::GivenName]).unwrap();
        assert_ne!(a.fingerprint(), c.fingerprint());
    }

    #[test]
    fn settings_override_and_are_checked() {
        let s: SchemaSettings = toml::from_str(
            "bits = 512\n[hardening]\nxor_fold = true\n[fields.surname]\nhashes = 20\n",
        )
        .unwrap();
        let schema = s.schema_for(&[FieldKind::Surname]).unwrap();
        assert_eq!(schema.output_bits(), 256);
        assert_eq!(schema.fields[0].hashes, 20);
        let bad: SchemaSettings = toml::from_str("[fields.shoe_size]\nq = 2\n").unwrap();
        assert!(matches!(
            bad.schema_for(&[FieldKind::Surname]),
            Err(SchemaError::UnknownKind(..))
        ));
        let bits: SchemaSettings = toml::from_str("bits = 1000\n").unwrap();
        assert_eq!(
            bits.schema_for(&[FieldKind::Surname]),
            Err(SchemaError::Bits(1000))
        );
        assert!(toml::from_str::<SchemaSettings>("colour = 1\n").is_err());
    }
}
