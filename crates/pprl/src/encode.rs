//! Tokens of a value, and the keyed Bloom filter they are hashed into.
//!
//! Values are normalised by `corridor-resolve` exactly as `corridor link`
//! compares them (names into folded Latin from any script, with their
//! matching key; partial dates; sex and nationality codes; national phone
//! numbers), then cut into tokens. Each token is hashed by SipHash-1-3
//! under its field's own key, and the 64-bit result seeds a SplitMix64
//! stream that picks the token's `k` bit positions ("random hashing"): no
//! two tokens' positions are related, which is what double hashing's
//! arithmetic progressions gave away to the Niedermeyer et al. attack.

use corridor_resolve::{normalise, FieldKind, Value};
use siphasher::sip::SipHasher13;
use std::hash::Hasher;

use crate::key::PairKey;
use crate::schema::{kind_name, FieldSpec, Schema};

/// Which key a token is hashed under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Salt {
    /// The field's own key: a token of one field never sets the bits the
    /// same token would in another field.
    Field,
    /// The key shared by every name field: a given name recorded as the
    /// surname (FEBRL swaps a tenth of them; agencies write Arabic names
    /// in either order) still sets the same bits.
    Name,
}

/// One token of a value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Token {
    pub salt: Salt,
    /// A word of a name's matching key (weighted by `key_hashes`), not a
    /// q-gram or part of a value (weighted by `hashes`).
    pub key: bool,
    pub text: String,
}

/// The tokens of one raw value of a field, for tests and for people
/// checking what is encoded. The encoder uses the same tokenisation.
pub fn tokens(spec: &FieldSpec, raw: &str) -> Vec<Token> {
    let mut out = Tokens::default();
    tokenise(spec, raw, &mut out);
    out.iter()
        .map(|(salt, bytes)| Token {
            salt,
            key: bytes.first() == Some(&b'k'),
            text: String::from_utf8_lossy(bytes).into_owned(),
        })
        .collect()
}

/// Tokens written into one reusable buffer: no allocation per token.
#[derive(Default)]
struct Tokens {
    bytes: Vec<u8>,
    spans: Vec<(u32, u32, Salt)>,
    current: usize,
}

impl Tokens {
    fn clear(&mut self) {
        self.bytes.clear();
        self.spans.clear();
    }

    fn start(&mut self, tag: u8) {
        self.current = self.bytes.len();
        self.bytes.push(tag);
    }

    fn push(&mut self, s: &[u8]) {
        self.bytes.extend_from_slice(s);
    }

    fn end(&mut self, salt: Salt) {
        self.spans
            .push((self.current as u32, self.bytes.len() as u32, salt));
    }

    fn whole(&mut self, tag: u8, s: &[u8], salt: Salt) {
        self.start(tag);
        self.push(s);
        self.end(salt);
    }

    fn iter(&self) -> impl Iterator<Item = (Salt, &[u8])> {
        self.spans
            .iter()
            .map(|&(a, b, salt)| (salt, &self.bytes[a as usize..b as usize]))
    }
}

/// `corridor_resolve::normalise`, with a shortcut for ASCII text.
///
/// Most records of most partners are ASCII, and for ASCII a name's or a
/// place's folded Latin form is its lower case with anything that is not a
/// letter or digit as one space: no transliteration table and no Unicode
/// decomposition to consult (they were four fifths of encoding time). The
/// property test `ascii_shortcut_is_resolves_normalisation` holds this to
/// `normalise` on any ASCII input.
pub(crate) fn normalised(kind: FieldKind, raw: &str) -> Value {
    if !raw.is_ascii() {
        return normalise(kind, raw);
    }
    match kind {
        FieldKind::GivenName | FieldKind::Surname | FieldKind::FullName => {
            let folded = ascii_words(raw);
            if folded.is_empty() {
                Value::Missing
            } else {
                Value::Name {
                    key: corridor_text::matching_key(raw),
                    folded,
                }
            }
        }
        FieldKind::Address | FieldKind::City | FieldKind::State => {
            let t = ascii_words(raw);
            if t.is_empty() {
                Value::Missing
            } else {
                Value::Text(t)
            }
        }
        _ => normalise(kind, raw),
    }
}

fn ascii_words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for word in raw
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().map(|c| c.to_ascii_lowercase()));
    }
    out
}

fn tokenise(spec: &FieldSpec, raw: &str, out: &mut Tokens) {
    if raw.trim().is_empty() {
        return;
    }
    let value = normalised(spec.kind, raw);
    match (spec.kind, &value) {
        (_, Value::Missing) | (FieldKind::Group, _) => {}
        (
            FieldKind::GivenName | FieldKind::Surname | FieldKind::FullName,
            Value::Name { folded, key },
        ) => {
            grams(folded, spec.q, Salt::Name, out);
            for word in key.split(' ').filter(|w| !w.is_empty()) {
                out.whole(b'k', word.as_bytes(), Salt::Name);
            }
        }
        (_, Value::Date { y, m, d }) => date(*y, *m, *d, out),
        (FieldKind::Sex | FieldKind::Nationality | FieldKind::State | FieldKind::Role, v) => {
            if let Some(t) = v.text() {
                out.whole(b'w', t.as_bytes(), Salt::Field);
            }
        }
        (
            FieldKind::Phone
            | FieldKind::Postcode
            | FieldKind::StreetNumber
            | FieldKind::Identifier
            | FieldKind::Plate,
            v,
        ) => {
            if let Some(t) = v.text() {
                out.whole(b'w', t.as_bytes(), Salt::Field);
                positional(t, out);
                grams(t, spec.q, Salt::Field, out);
            }
        }
        (_, v) => {
            if let Some(t) = v.text() {
                grams(t, spec.q, Salt::Field, out);
            }
        }
    }
}

/// q-grams of each word padded with `_`, so that word order does not
/// matter and first and last letters count: `ana` → `_a an na a_`.
fn grams(text: &str, q: usize, salt: Salt, out: &mut Tokens) {
    let q = q.max(1);
    let mut padded: Vec<char> = Vec::with_capacity(32);
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        padded.clear();
        padded.push('_');
        padded.extend(word.chars());
        padded.push('_');
        if padded.len() < q {
            out.start(b'g');
            for c in &padded {
                out.push(c.encode_utf8(&mut [0; 4]).as_bytes());
            }
            out.end(salt);
            continue;
        }
        for w in padded.windows(q) {
            out.start(b'g');
            for c in w {
                out.push(c.encode_utf8(&mut [0; 4]).as_bytes());
            }
            out.end(salt);
        }
    }
}

/// Each character with its place: one mistyped digit of a postcode or a
/// phone number keeps the others.
fn positional(text: &str, out: &mut Tokens) {
    for (i, c) in text.chars().enumerate().take(32) {
        out.start(b'p');
        out.push(&[i as u8]);
        out.push(c.encode_utf8(&mut [0; 4]).as_bytes());
        out.end(Salt::Field);
    }
}

/// A date's year, the year's digits in place, year and month, the whole
/// date, and the year with the unordered pair of day and month: a partial
/// date still shares its year (and month); a day and month written the
/// other way round still share the pair; one mistyped digit of the year keeps three in
/// place. Day and month are never tokens without the year: two namesakes
/// born on the same day of different years must not look alike.
fn date(y: Option<i32>, m: Option<u32>, d: Option<u32>, out: &mut Tokens) {
    let Some(y) = y else { return };
    let yb = format!("{y:04}");
    out.whole(b'y', yb.as_bytes(), Salt::Field);
    for (i, c) in yb.bytes().enumerate() {
        out.whole(b'Y', &[i as u8, c], Salt::Field);
    }
    if let Some(m) = m {
        out.start(b'M');
        out.push(yb.as_bytes());
        out.push(&[m as u8]);
        out.end(Salt::Field);
        if let Some(d) = d {
            let (lo, hi) = if m <= d { (m, d) } else { (d, m) };
            out.start(b'u');
            out.push(yb.as_bytes());
            out.push(&[lo as u8, hi as u8]);
            out.end(Salt::Field);
            out.start(b'D');
            out.push(yb.as_bytes());
            out.push(&[m as u8, d as u8]);
            out.end(Salt::Field);
        }
    }
}

/// Encodes records under one schema and one pair key.
pub struct Encoder {
    schema: Schema,
    /// Per field: its own SipHash key.
    field_keys: Vec<(u64, u64)>,
    name_key: (u64, u64),
    /// For balancing: where each of the 2×bits positions goes.
    permutation: Vec<u32>,
}

fn sip_key(k: [u8; 16]) -> (u64, u64) {
    let (a, b) = k.split_at(8);
    (
        u64::from_le_bytes(a.try_into().expect("8 bytes")),
        u64::from_le_bytes(b.try_into().expect("8 bytes")),
    )
}

fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A uniform index below `n` from 64 random bits (Lemire's multiply-shift).
fn below(x: u64, n: usize) -> usize {
    ((u128::from(x) * n as u128) >> 64) as usize
}

/// Words of the longest filter a schema allows (16,384 bits).
const MAX_WORDS: usize = 16384 / 64;

thread_local! {
    static SCRATCH: std::cell::RefCell<Tokens> = std::cell::RefCell::new(Tokens::default());
}

impl Encoder {
    pub fn new(schema: Schema, key: &PairKey) -> Encoder {
        let field_keys = schema
            .fields
            .iter()
            .map(|f| sip_key(key.subkey(&format!("field {}", kind_name(f.kind)))))
            .collect();
        let name_key = sip_key(key.subkey("names"));
        let permutation = if schema.hardening.balance {
            let n = schema.output_bits();
            let mut p: Vec<u32> = (0..n as u32).collect();
            let (k0, k1) = sip_key(key.subkey("balance permutation"));
            let mut state = k0 ^ k1.rotate_left(32);
            for i in (1..n).rev() {
                let j = below(splitmix(&mut state), i + 1);
                p.swap(i, j);
            }
            p
        } else {
            Vec::new()
        };
        Encoder {
            schema,
            field_keys,
            name_key,
            permutation,
        }
    }

    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    /// 64-bit words per encoding.
    pub fn words(&self) -> usize {
        self.schema.output_bits() / 64
    }

    /// Encodes one record: `values` holds (field index in the schema, raw
    /// value) pairs; a field may appear more than once (two address lines)
    /// or not at all (missing). Writes [`Encoder::words`] words to `out`.
    pub fn encode_into(&self, values: &[(usize, &str)], out: &mut [u64]) {
        let mut positions = Vec::new();
        for &(field, raw) in values {
            self.positions(field, raw, &mut positions);
        }
        self.encode_positions(&positions, out);
    }

    /// Appends the filter positions one raw value of a field sets.
    pub(crate) fn positions(&self, field: usize, raw: &str, out: &mut Vec<u16>) {
        let bits = self.schema.bits;
        let spec = &self.schema.fields[field];
        SCRATCH.with(|scratch| {
            let mut tokens = scratch.borrow_mut();
            tokens.clear();
            tokenise(spec, raw, &mut tokens);
            for (salt, bytes) in tokens.iter() {
                let key = match salt {
                    Salt::Field => self.field_keys[field],
                    Salt::Name => self.name_key,
                };
                // Only names have key words, and only they start with `k`.
                let k = if salt == Salt::Name && bytes[0] == b'k' {
                    spec.key_hashes
                } else {
                    spec.hashes
                };
                if k == 0 {
                    continue;
                }
                let mut h = SipHasher13::new_with_keys(key.0, key.1);
                h.write(bytes);
                let mut state = h.finish();
                for _ in 0..k {
                    out.push(below(splitmix(&mut state), bits) as u16);
                }
            }
        });
    }

    /// The hardened encoding of a filter given by its set positions.
    pub(crate) fn encode_positions(&self, positions: &[u16], out: &mut [u64]) {
        let mut filter = [0u64; MAX_WORDS];
        let filter = &mut filter[..self.schema.bits / 64];
        for &pos in positions {
            filter[pos as usize / 64] |= 1 << (pos % 64);
        }
        self.harden(filter, out);
    }

    /// Encodes one record into a new vector.
    pub fn encode(&self, values: &[(usize, &str)]) -> Vec<u64> {
        let mut out = vec![0u64; self.words()];
        self.encode_into(values, &mut out);
        out
    }

    fn harden(&self, filter: &[u64], out: &mut [u64]) {
        let folded: &[u64] = if self.schema.hardening.xor_fold {
            let half = filter.len() / 2;
            let (a, b) = filter.split_at(half);
            let target = if self.schema.hardening.balance {
                &mut out[..half]
            } else {
                &mut out[..]
            };
            for ((t, x), y) in target.iter_mut().zip(a).zip(b) {
                *t = x ^ y;
            }
            if !self.schema.hardening.balance {
                return;
            }
            &out[..half]
        } else if self.schema.hardening.balance {
            out[..filter.len()].copy_from_slice(filter);
            &out[..filter.len()]
        } else {
            out.copy_from_slice(filter);
            return;
        };
        // Balance: the filter and its complement, permuted. Every encoding
        // then has exactly half its bits set, so the count of set bits says
        // nothing about how long or common a name is.
        let n = folded.len() * 64;
        let mut doubled = vec![0u64; out.len()];
        for i in 0..n {
            let bit = (folded[i / 64] >> (i % 64)) & 1;
            let (a, b) = (
                self.permutation[i] as usize,
                self.permutation[i + n] as usize,
            );
            if bit == 1 {
                doubled[a / 64] |= 1 << (a % 64);
            } else {
                doubled[b / 64] |= 1 << (b % 64);
            }
        }
        out.copy_from_slice(&doubled);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(kind: FieldKind) -> FieldSpec {
        Schema::for_kinds(&[kind]).unwrap().fields[0]
    }

    #[test]
    fn names_in_three_scripts_share_their_key_words() {
        let key = |raw: &str| -> Vec<Token> {
            tokens(&spec(FieldKind::FullName), raw)
                .into_iter()
                .filter(|t| t.key)
                .collect()
        };
        assert_eq!(key("Мухамед Ал Хасан"), key("MOHAMAD ALHASSAN"));
        assert_eq!(key("Μοχάμεντ Αλ Χασάν"), key("Muhammad Al-Hassan"));
    }

    #[test]
    fn dates_in_any_form_give_the_same_tokens() {
        let s = spec(FieldKind::BirthDate);
        assert_eq!(tokens(&s, "1987-07-03"), tokens(&s, "03.07.1987."));
        assert_eq!(tokens(&s, "19870703"), tokens(&s, "3/7/1987"));
        assert!(tokens(&s, "yesterday").is_empty());
        let partial = tokens(&s, "1987");
        assert!(partial.iter().all(|t| tokens(&s, "1987-07-03").contains(t)));
    }

    proptest::proptest! {
        #[test]
        fn ascii_shortcut_is_resolves_normalisation(raw in "[ -~]{0,24}", k in 0usize..FieldKind::NAMED.len()) {
            let kind = FieldKind::NAMED[k].1;
            proptest::prop_assert_eq!(normalised(kind, &raw), normalise(kind, &raw));
        }
    }

    #[test]
    fn bigrams_are_padded_per_word() {
        let t: Vec<String> = tokens(&spec(FieldKind::Address), "Ana")
            .into_iter()
            .map(|t| t.text)
            .collect();
        assert_eq!(t, ["g_a", "gan", "gna", "ga_"]);
    }
}
