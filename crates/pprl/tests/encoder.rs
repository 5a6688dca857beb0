//! The encoder's properties, and pairs of records that must (or must not)
//! reach the default threshold (`tests/data/pairs.tsv`).

use corridor_pprl::dice::{dice_from_counts, popcount, Kernel};
use corridor_pprl::{Encoder, PairKey, Schema, DEFAULT_THRESHOLD};
use corridor_resolve::FieldKind;
use proptest::prelude::*;

const KINDS: [FieldKind; 5] = [
    FieldKind::GivenName,
    FieldKind::Surname,
    FieldKind::BirthDate,
    FieldKind::Sex,
    FieldKind::Nationality,
];

fn encoder(key: &[u8]) -> Encoder {
    let schema = Schema::for_kinds(&KINDS).unwrap();
    Encoder::new(
        schema,
        &PairKey::derive(key, Some(("GBR-BSC", "SRB-MUP"))).unwrap(),
    )
}

/// A record's values in the schema's field order (given, surname, date,
/// sex, nationality: the order of `FieldKind`).
fn encode(e: &Encoder, values: &[&str]) -> Vec<u64> {
    let record: Vec<(usize, &str)> = KINDS
        .iter()
        .zip(values)
        .map(|(&k, &v)| (e.schema().field_of(k).unwrap(), v))
        .collect();
    e.encode(&record)
}

fn dice(a: &[u64], b: &[u64]) -> f64 {
    dice_from_counts(Kernel::detect().and_count(a, b), popcount(a), popcount(b))
}

const KEY: &[u8] = b"a key of thirty-two bytes, no more";

#[test]
fn pairs_reach_the_threshold_as_expected() {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/pairs.tsv"))
            .unwrap();
    let e = encoder(KEY);
    for (n, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#'))
    {
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f.len(), 11, "line {}", n + 1);
        let similarity = dice(&encode(&e, &f[..5]), &encode(&e, &f[5..10]));
        let linked = similarity >= DEFAULT_THRESHOLD;
        assert_eq!(
            linked,
            f[10] == "match",
            "line {}: {line}: Dice {similarity:.3}",
            n + 1
        );
    }
}

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z]{2,10}( [A-Za-z]{2,10})?",
        "[А-Яа-я]{2,10}",
        "[Α-Ωα-ω]{2,10}",
        "[a-zčćšžđ' -]{0,12}",
    ]
}

fn date() -> impl Strategy<Value = String> {
    (1940u32..2010, 1u32..13, 1u32..29).prop_map(|(y, m, d)| format!("{y}-{m:02}-{d:02}"))
}

proptest! {
    #[test]
    fn the_same_key_gives_the_same_bits(given in name(), surname in name(), dob in date()) {
        let values = [given.as_str(), surname.as_str(), dob.as_str(), "F", "SYR"];
        let a = encode(&encoder(KEY), &values);
        let b = encode(&encoder(KEY), &values);
        prop_assert_eq!(&a, &b);
        // A record is at least its date: never empty.
        prop_assert!(popcount(&a) > 0);
    }

    #[test]
    fn another_key_gives_unrelated_bits(given in name(), surname in name(), dob in date()) {
        let values = [given.as_str(), surname.as_str(), dob.as_str(), "M", "AFG"];
        let a = encode(&encoder(KEY), &values);
        let b = encode(&encoder(b"another key of thirty-two bytes!!"), &values);
        // Unrelated filters a fifth full share about a fifth of their bits.
        prop_assert!(dice(&a, &b) < 0.5, "Dice {}", dice(&a, &b));
    }

    #[test]
    fn record_order_of_values_does_not_matter(given in name(), dob in date()) {
        let e = encoder(KEY);
        let g = e.schema().field_of(FieldKind::GivenName).unwrap();
        let d = e.schema().field_of(FieldKind::BirthDate).unwrap();
        prop_assert_eq!(
            e.encode(&[(g, given.as_str()), (d, dob.as_str())]),
            e.encode(&[(d, dob.as_str()), (g, given.as_str())])
        );
    }

    #[test]
    fn tokens_are_deterministic_and_never_empty(raw in ".{0,30}", k in 0usize..15) {
        let kind = FieldKind::NAMED[k].1;
        let spec = Schema::for_kinds(&[kind]).unwrap().fields[0];
        let a = corridor_pprl::tokens(&spec, &raw);
        prop_assert_eq!(&a, &corridor_pprl::tokens(&spec, &raw));
        prop_assert!(a.iter().all(|t| t.text.len() > 1));
    }

    #[test]
    fn encode_all_is_encode_record_by_record(rows in proptest::collection::vec((name(), date()), 1..40)) {
        let e = encoder(KEY);
        let g = e.schema().field_of(FieldKind::GivenName).unwrap();
        let d = e.schema().field_of(FieldKind::BirthDate).unwrap();
        let all = e.encode_all(rows.len(), |i| vec![(g, rows[i].0.as_str()), (d, rows[i].1.as_str())], &|_| {});
        for (i, (n, dob)) in rows.iter().enumerate() {
            prop_assert_eq!(&all[i * e.words()..(i + 1) * e.words()], &e.encode(&[(g, n.as_str()), (d, dob.as_str())])[..]);
        }
    }
}
