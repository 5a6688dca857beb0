//! Blocking: which pairs are worth comparing. A union of rules, each keeping
//! pairs that share a key; together they keep recall on typos,
//! transliteration variants and swapped names.

use std::collections::HashMap;

use crate::field::{FieldKind, Value};
use crate::{Dataset, Mode};

/// Blocks larger than this are skipped (and reported): their pairs would
/// cost more than they find, and the other rules still reach their members.
const MAX_BLOCK: usize = 2_000;

type Rule = (&'static str, Box<dyn Fn(&[Value]) -> Option<String>>);

fn field_of(data: &Dataset, kind: FieldKind) -> Option<usize> {
    data.kinds.iter().position(|k| *k == Some(kind))
}

fn rules(data: &Dataset) -> Vec<Rule> {
    let text = |i: usize| move |v: &[Value]| v[i].text().map(str::to_owned);
    let key = |i: usize| {
        move |v: &[Value]| match &v[i] {
            Value::Name { key, .. } if !key.is_empty() => Some(key.clone()),
            _ => None,
        }
    };
    let date = |i: usize| {
        move |v: &[Value]| match v[i] {
            Value::Date { y: Some(y), m: Some(m), d: Some(d) } => Some(format!("{y}{m:02}{d:02}")),
            _ => None,
        }
    };
    let mut rules: Vec<Rule> = Vec::new();
    let given = field_of(data, FieldKind::GivenName);
    let surname = field_of(data, FieldKind::Surname);
    let full = field_of(data, FieldKind::FullName);
    let dob = field_of(data, FieldKind::BirthDate);
    if let Some(s) = surname {
        rules.push(("surname", Box::new(text(s))));
        rules.push(("surname key", Box::new(key(s))));
    }
    if let Some(g) = given {
        rules.push(("given name", Box::new(text(g))));
        rules.push(("given name key", Box::new(key(g))));
    }
    if let (Some(g), Some(s)) = (given, surname) {
        // Both names in either order: catches swaps and blocks common
        // surnames finely.
        rules.push((
            "names in any order",
            Box::new(move |v: &[Value]| {
                let (a, b) = (v[g].text()?, v[s].text()?);
                Some(if a < b { format!("{a}|{b}") } else { format!("{b}|{a}") })
            }),
        ));
    }
    if let Some(f) = full {
        rules.push(("full name key", Box::new(key(f))));
        rules.push((
            "each name word",
            Box::new(move |v: &[Value]| match &v[f] {
                // The longest word: the one least likely to be a particle.
                Value::Name { key, .. } => key.split(' ').max_by_key(|w| w.len()).map(str::to_owned),
                _ => None,
            }),
        ));
    }
    if let Some(d) = dob {
        rules.push(("date of birth", Box::new(date(d))));
    }
    for (kind, name) in [
        (FieldKind::Postcode, "postcode"),
        (FieldKind::Phone, "phone"),
        (FieldKind::Address, "address"),
    ] {
        if let Some(i) = field_of(data, kind) {
            rules.push((name, Box::new(text(i))));
        }
    }
    if let (Some(c), Some(n)) = (field_of(data, FieldKind::City), field_of(data, FieldKind::StreetNumber)) {
        rules.push((
            "city and street number",
            Box::new(move |v: &[Value]| Some(format!("{}|{}", v[c].text()?, v[n].text()?))),
        ));
    }
    rules
}

/// The candidate pairs `(a, b)`, `a < b`, each once; and the blocks skipped
/// for their size, as "rule=key (n records)".
pub fn candidates(data: &Dataset, values: &[Vec<Value>], mode: Mode) -> (Vec<(u32, u32)>, Vec<String>) {
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    let mut skipped = Vec::new();
    for (name, rule) in rules(data) {
        let mut blocks: HashMap<String, Vec<u32>> = HashMap::new();
        for (i, v) in values.iter().enumerate() {
            if let Some(k) = rule(v) {
                blocks.entry(k).or_default().push(i as u32);
            }
        }
        let mut keys: Vec<&String> = blocks.keys().collect();
        keys.sort();
        for k in keys {
            let members = &blocks[k];
            if members.len() > MAX_BLOCK {
                skipped.push(format!("{name}={k} ({} records)", members.len()));
                continue;
            }
            for (x, &a) in members.iter().enumerate() {
                for &b in &members[x + 1..] {
                    let cross = data.records[a as usize].source != data.records[b as usize].source;
                    if mode == Mode::Dedupe || cross {
                        pairs.push((a.min(b), a.max(b)));
                    }
                }
            }
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    (pairs, skipped)
}
