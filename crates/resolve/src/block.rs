//! Blocking: which pairs are worth comparing. A union of rules, each keeping
//! pairs that share a key; together they keep recall on typos,
//! transliteration variants and swapped names.

use std::collections::HashMap;

use crate::field::{FieldKind, Value};
use crate::{Dataset, Mode};

/// Blocks larger than this are skipped (and reported): their pairs would
/// cost more than they find, and the other rules still reach their members.
const MAX_BLOCK: usize = 2_000;

/// Pairs one rule may contribute: at least this many, or `PAIRS_PER_RECORD`
/// per record. Past it the rule's largest blocks are skipped, so that a
/// common name in a million records cannot exhaust memory.
const MIN_RULE_PAIRS: usize = 200_000;
const PAIRS_PER_RECORD: usize = 4;

/// A blocking rule: its name, the fields its key is made of, and the key.
type Rule = (
    &'static str,
    Vec<usize>,
    Box<dyn Fn(&[Value]) -> Option<String>>,
);

/// Rules on one name alone are for recall only: their blocks are full of
/// different people who share a common name, and EM on them mistakes
/// people of one population for one person. Every other rule also trains.
fn trains(rule: &str) -> bool {
    !matches!(
        rule,
        "surname" | "surname key" | "given name" | "given name key"
    )
}

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
            Value::Date {
                y: Some(y),
                m: Some(m),
                d: Some(d),
            } => Some(format!("{y}{m:02}{d:02}")),
            _ => None,
        }
    };
    let mut rules: Vec<Rule> = Vec::new();
    let given = field_of(data, FieldKind::GivenName);
    let surname = field_of(data, FieldKind::Surname);
    let full = field_of(data, FieldKind::FullName);
    let dob = field_of(data, FieldKind::BirthDate);
    if let Some(s) = surname {
        rules.push(("surname", vec![s], Box::new(text(s))));
        rules.push(("surname key", vec![s], Box::new(key(s))));
    }
    if let Some(g) = given {
        rules.push(("given name", vec![g], Box::new(text(g))));
        rules.push(("given name key", vec![g], Box::new(key(g))));
    }
    if let (Some(g), Some(s)) = (given, surname) {
        // Both names in either order: catches swaps and blocks common
        // surnames finely.
        rules.push((
            "names in any order",
            vec![g, s],
            Box::new(move |v: &[Value]| {
                let (a, b) = (v[g].text()?, v[s].text()?);
                Some(if a < b {
                    format!("{a}|{b}")
                } else {
                    format!("{b}|{a}")
                })
            }),
        ));
        // The same, by matching key: both names in any script and order.
        rules.push((
            "name keys in any order",
            vec![g, s],
            Box::new(move |v: &[Value]| match (&v[g], &v[s]) {
                (Value::Name { key: a, .. }, Value::Name { key: b, .. })
                    if !a.is_empty() && !b.is_empty() =>
                {
                    Some(if a < b {
                        format!("{a}|{b}")
                    } else {
                        format!("{b}|{a}")
                    })
                }
                _ => None,
            }),
        ));
    }
    if let Some(f) = full {
        rules.push(("full name key", vec![f], Box::new(key(f))));
        rules.push((
            "longest name word",
            vec![f],
            Box::new(move |v: &[Value]| match &v[f] {
                // The longest word: the one least likely to be a particle.
                Value::Name { key, .. } => {
                    key.split(' ').max_by_key(|w| w.len()).map(str::to_owned)
                }
                _ => None,
            }),
        ));
    }
    if let Some(d) = dob {
        rules.push(("date of birth", vec![d], Box::new(date(d))));
    }
    for (kind, name) in [
        (FieldKind::Postcode, "postcode"),
        (FieldKind::Phone, "phone"),
        (FieldKind::Address, "address"),
    ] {
        if let Some(i) = field_of(data, kind) {
            rules.push((name, vec![i], Box::new(text(i))));
        }
    }
    if let (Some(c), Some(n)) = (
        field_of(data, FieldKind::City),
        field_of(data, FieldKind::StreetNumber),
    ) {
        rules.push((
            "city and street number",
            vec![c, n],
            Box::new(move |v: &[Value]| Some(format!("{}|{}", v[c].text()?, v[n].text()?))),
        ));
    }
    rules
}

/// The pairs one rule keeps, and the fields its key is made of.
pub struct Blocked {
    pub rule: &'static str,
    pub fields: Vec<usize>,
    pub pairs: Vec<(u32, u32)>,
    /// Whether m is trained on this rule's pairs.
    pub trains: bool,
}

/// The pairs each rule keeps (`a < b`), and the blocks skipped for their
/// size, as "rule=key (n records)".
pub fn blocks(data: &Dataset, values: &[Vec<Value>], mode: Mode) -> (Vec<Blocked>, Vec<String>) {
    let mut out = Vec::new();
    let mut skipped = Vec::new();
    for (name, fields, rule) in rules(data) {
        let mut groups: HashMap<String, Vec<u32>> = HashMap::new();
        for (i, v) in values.iter().enumerate() {
            if let Some(k) = rule(v) {
                groups.entry(k).or_default().push(i as u32);
            }
        }
        // Smallest blocks first: they are the most telling, and what the
        // budget leaves out is the largest.
        let mut keys: Vec<&String> = groups.keys().collect();
        keys.sort_by_key(|k| (groups[*k].len(), *k));
        let budget = MIN_RULE_PAIRS.max(PAIRS_PER_RECORD * values.len());
        let mut planned = 0usize;
        let mut pairs = Vec::new();
        for k in keys {
            let members = &groups[k];
            let block_pairs = members.len() * members.len().saturating_sub(1) / 2;
            if members.len() > MAX_BLOCK || planned + block_pairs > budget {
                skipped.push(format!("{name}={k} ({} records)", members.len()));
                continue;
            }
            planned += block_pairs;
            for (x, &a) in members.iter().enumerate() {
                for &b in &members[x + 1..] {
                    let cross = data.records[a as usize].source != data.records[b as usize].source;
                    if mode == Mode::Dedupe || cross {
                        pairs.push((a.min(b), a.max(b)));
                    }
                }
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        out.push(Blocked {
            rule: name,
            fields,
            pairs,
            trains: trains(name),
        });
    }
    (out, skipped)
}

/// The union of every rule's pairs, each once, in order.
pub fn union(blocks: &[Blocked]) -> Vec<(u32, u32)> {
    let mut all: Vec<(u32, u32)> = blocks
        .iter()
        .flat_map(|b| b.pairs.iter().copied())
        .collect();
    all.sort_unstable();
    all.dedup();
    all
}
