//! Blocking: which pairs are worth comparing. A union of rules, each keeping
//! pairs that share a key; together they keep recall on typos,
//! transliteration variants and swapped names. A rule that would produce
//! too many pairs for the input's size (a date of birth among a million
//! people) is refined by a second key — each name's initial, the birth
//! year, the postcode — rather than dropped, so that large inputs keep the
//! rule's recall at a bounded cost.

use rayon::prelude::*;

use crate::field::{FieldKind, Fields, Normalised, Row, Value};
use crate::Mode;

/// Blocks larger than this, or past a rule's pair budget, are not compared
/// whole: each member is compared with its `WINDOW` neighbours in the
/// block, in order of role and date of birth (a sorted neighbourhood). A name in
/// three thousand reports is mostly one man's, and a chain of neighbours
/// joins his mentions at a fraction of the cost of every pair.
const MAX_BLOCK: usize = 2_000;
const WINDOW: usize = 5;

/// Pairs one rule may contribute: at least this many, or `PAIRS_PER_RECORD`
/// per record. A rule over it is refined; a refined rule still over it keeps
/// its smallest blocks up to it.
const MIN_RULE_PAIRS: usize = 200_000;
const PAIRS_PER_RECORD: usize = 4;

/// At most this many rules, refined ones included (one bit each in a mask).
const MAX_RULES: usize = 32;

/// One part of a blocking key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    /// The comparable text (a full date for dates).
    Text(usize),
    /// A name's matching key.
    Key(usize),
    /// The first letter of a name's matching key.
    Initial(usize),
    /// A date's year.
    Year(usize),
    /// Two names' texts in either order.
    TextsAnyOrder(usize, usize),
    /// Two names' matching keys in either order.
    KeysAnyOrder(usize, usize),
    /// The longest word of a name's matching key.
    LongestWord(usize),
}

impl Part {
    fn fields(self) -> Vec<usize> {
        match self {
            Part::Text(f)
            | Part::Key(f)
            | Part::Initial(f)
            | Part::Year(f)
            | Part::LongestWord(f) => vec![f],
            Part::TextsAnyOrder(a, b) | Part::KeysAnyOrder(a, b) => vec![a, b],
        }
    }

    fn hash(self, row: &Row) -> Option<u64> {
        let nonzero = |h: u64| (h != 0).then_some(h);
        match self {
            Part::Text(f) => nonzero(row.text_hash(f)),
            Part::Key(f) => nonzero(row.key_hash(f)),
            Part::Initial(f) => match row.value(f) {
                Value::Name { key, folded } => key
                    .chars()
                    .next()
                    .or_else(|| folded.chars().next())
                    .map(|c| u64::from(c) + 1),
                _ => None,
            },
            Part::Year(f) => match row.value(f) {
                Value::Date { y: Some(y), .. } => Some(*y as u64 + 1),
                _ => None,
            },
            Part::TextsAnyOrder(a, b) => unordered(row.text_hash(a), row.text_hash(b)),
            Part::KeysAnyOrder(a, b) => unordered(row.key_hash(a), row.key_hash(b)),
            Part::LongestWord(f) => match row.value(f) {
                Value::Name { key, .. } => key
                    .split(' ')
                    .max_by_key(|w| w.len())
                    .filter(|w| !w.is_empty())
                    .map(crate::field::hash),
                _ => None,
            },
        }
    }
}

fn fields_of(parts: &[Part]) -> Vec<usize> {
    let mut f: Vec<usize> = parts.iter().flat_map(|p| p.fields()).collect();
    f.sort_unstable();
    f.dedup();
    f
}

fn unordered(a: u64, b: u64) -> Option<u64> {
    (a != 0 && b != 0).then(|| mix(a.min(b), a.max(b)))
}

fn mix(a: u64, b: u64) -> u64 {
    (a ^ b.rotate_left(29))
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .max(1)
}

/// A blocking rule: a name for people and the parts its key is made of.
#[derive(Debug, Clone)]
pub(crate) struct Rule {
    pub name: String,
    /// The rule this one refines, or its own name.
    pub base: String,
    pub parts: Vec<Part>,
    /// How many of `parts` are the rule's own; the rest refine it.
    pub own_parts: usize,
    /// For the rule left behind when a rule is refined: the refining
    /// parts. Its blocks compare only the records that lack every one of
    /// them (whom the refined rules cannot key), each with its nearest
    /// neighbours in the block.
    pub lacking: Vec<Part>,
}

impl Rule {
    pub(crate) fn new(name: &str, parts: Vec<Part>) -> Rule {
        Rule {
            name: name.to_owned(),
            base: name.to_owned(),
            own_parts: parts.len(),
            parts,
            lacking: Vec::new(),
        }
    }

    /// Whether record `row` has none of the parts the rule was refined by.
    fn lacks_refiners(&self, row: &Row) -> bool {
        self.lacking.iter().all(|p| p.hash(row).is_none())
    }

    /// Every field the key reads.
    pub fn fields(&self) -> Vec<usize> {
        fields_of(&self.parts)
    }

    /// The fields of the rule's own parts: those its pairs agree on by
    /// construction. A refinement (an initial, a birth year) only narrows
    /// a field, so EM still fits that field's comparison on the rule's
    /// pairs — otherwise a store whose every rule is refined would train
    /// nothing.
    pub fn own_fields(&self) -> Vec<usize> {
        fields_of(&self.parts[..self.own_parts])
    }

    fn key(&self, row: &Row) -> Option<u64> {
        let mut h = 0x5151_5151u64;
        for part in &self.parts {
            h = mix(h, part.hash(row)?);
        }
        Some(h)
    }

    /// Rules on one name alone are for recall only: their blocks are full
    /// of different people who share a common name, and EM on them mistakes
    /// people of one population for one person. Every other rule also
    /// trains.
    pub fn trains(&self) -> bool {
        !matches!(
            self.base.as_str(),
            "surname" | "surname key" | "given name" | "given name key"
        )
    }
}

fn field_of(data: &Normalised, kind: FieldKind) -> Option<usize> {
    data.data()
        .columns()
        .iter()
        .position(|c| c.kind == Some(kind))
}

/// The default rules for the columns at hand.
pub(crate) fn default_rules(data: &Normalised) -> Vec<Rule> {
    let mut rules = Vec::new();
    let given = field_of(data, FieldKind::GivenName);
    let surname = field_of(data, FieldKind::Surname);
    let full = field_of(data, FieldKind::FullName);
    if let Some(s) = surname {
        rules.push(Rule::new("surname", vec![Part::Text(s)]));
        rules.push(Rule::new("surname key", vec![Part::Key(s)]));
    }
    if let Some(g) = given {
        rules.push(Rule::new("given name", vec![Part::Text(g)]));
        rules.push(Rule::new("given name key", vec![Part::Key(g)]));
    }
    if let (Some(g), Some(s)) = (given, surname) {
        // Both names in either order: catches swaps and blocks common
        // surnames finely; by matching key, in any script too.
        rules.push(Rule::new(
            "names in any order",
            vec![Part::TextsAnyOrder(g, s)],
        ));
        rules.push(Rule::new(
            "name keys in any order",
            vec![Part::KeysAnyOrder(g, s)],
        ));
    }
    if let Some(f) = full {
        rules.push(Rule::new("full name key", vec![Part::Key(f)]));
        rules.push(Rule::new("longest name word", vec![Part::LongestWord(f)]));
    }
    for (kind, name) in [
        (FieldKind::BirthDate, "date of birth"),
        (FieldKind::Postcode, "postcode"),
        (FieldKind::Phone, "phone"),
        (FieldKind::Email, "email"),
        (FieldKind::Identifier, "identifier"),
        (FieldKind::Address, "address"),
    ] {
        if let Some(i) = field_of(data, kind) {
            rules.push(Rule::new(name, vec![Part::Text(i)]));
        }
    }
    if let (Some(c), Some(n)) = (
        field_of(data, FieldKind::City),
        field_of(data, FieldKind::StreetNumber),
    ) {
        rules.push(Rule::new(
            "city and street number",
            vec![Part::Text(c), Part::Text(n)],
        ));
    }
    rules
}

/// Keys that split a rule too coarse for the input: each name's initial,
/// the birth year, the postcode — those of other fields than the rule's.
fn refiners(data: &Normalised, rule: &Rule) -> Vec<(&'static str, Part)> {
    let own = rule.fields();
    [
        (FieldKind::GivenName, "given name initial", true),
        (FieldKind::Surname, "surname initial", true),
        (FieldKind::FullName, "name initial", true),
        (FieldKind::BirthDate, "birth year", false),
        (FieldKind::Postcode, "postcode", false),
    ]
    .into_iter()
    .filter_map(|(kind, name, initial)| {
        let f = field_of(data, kind)?;
        // A name and the other name's initial still make blocks of
        // namesakes; a rule on one name is split by what namesakes do not
        // share.
        let on_key = rule.parts.iter().any(|p| matches!(p, Part::Key(_)));
        if own.contains(&f)
            || (initial && !rule.trains())
            || (on_key && !rule.trains() && kind != FieldKind::Postcode)
        {
            return None;
        }
        let part = if initial {
            Part::Initial(f)
        } else if kind == FieldKind::BirthDate {
            Part::Year(f)
        } else {
            Part::Text(f)
        };
        Some((name, part))
    })
    .collect()
}

/// The candidate pairs (`a < b`) of the union of the rules, each once, with
/// a mask of the rules that kept it.
pub(crate) struct Candidates {
    pub rules: Vec<Rule>,
    pub pairs: Vec<(u32, u32)>,
    pub masks: Vec<u32>,
    /// Rules refined, pairs per rule, and blocks compared by neighbours,
    /// for people.
    pub notes: Vec<String>,
}

impl Candidates {
    /// Indices of the candidates rule `r` kept.
    pub fn of_rule(&self, r: usize) -> impl Iterator<Item = usize> + '_ {
        let bit = 1u32 << r;
        self.masks
            .iter()
            .enumerate()
            .filter(move |(_, m)| *m & bit != 0)
            .map(|(i, _)| i)
    }
}

/// The candidate pairs of the rules over `data`. With `touching`, only the
/// pairs with a marked record are listed — the same pairs, with the same
/// refinements and blocks kept, as the full list filtered afterwards, at
/// the cost of the blocks that hold a marked record.
pub(crate) fn candidates(
    data: &Normalised,
    mode: Mode,
    base: Vec<Rule>,
    touching: Option<&[bool]>,
) -> Candidates {
    let marked = |a: u32, b: u32| touching.is_none_or(|t| t[a as usize] || t[b as usize]);
    let any_marked =
        |g: &[(u64, u32)]| touching.is_none_or(|t| g.iter().any(|&(_, i)| t[i as usize]));
    let budget = MIN_RULE_PAIRS.max(PAIRS_PER_RECORD * data.len());
    let mut rules: Vec<Rule> = Vec::new();
    let mut notes = Vec::new();
    let mut found_by_rule: Vec<Vec<(u32, u32)>> = Vec::new();
    let mut queue: Vec<(Rule, bool)> = base.into_iter().map(|r| (r, true)).collect();
    queue.reverse();
    while let Some((rule, may_refine)) = queue.pop() {
        if rules.len() == MAX_RULES {
            notes.push(format!("rule {} left out: too many rules", rule.name));
            continue;
        }
        let keyed = keys(data, &rule);
        if !rule.lacking.is_empty() {
            let found = lacking_neighbours(data, mode, &rule, &keyed, &marked);
            notes.push(format!("rule {}: {} pairs", rule.name, found.len()));
            found_by_rule.push(found);
            rules.push(rule);
            continue;
        }
        let total: usize = groups(&keyed).map(|g| block_pairs(data, mode, g)).sum();
        if total > budget && may_refine {
            let refined = refiners(data, &rule);
            if !refined.is_empty() {
                notes.push(format!(
                    "rule {} ({total} pairs) refined by {}",
                    rule.name,
                    refined
                        .iter()
                        .map(|(n, _)| *n)
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
                // Records the refinements cannot key (no birth year, no
                // initial) would be compared by this rule no more: they
                // meet their neighbours in its blocks instead.
                if rule.trains() {
                    queue.push((
                        Rule {
                            name: format!(
                                "{} (without {}: by neighbours)",
                                rule.name,
                                refined
                                    .iter()
                                    .map(|(n, _)| *n)
                                    .collect::<Vec<_>>()
                                    .join(" or ")
                            ),
                            lacking: refined.iter().map(|(_, p)| *p).collect(),
                            ..rule.clone()
                        },
                        false,
                    ));
                }
                for (name, part) in refined.into_iter().rev() {
                    let mut parts = rule.parts.clone();
                    parts.push(part);
                    queue.push((
                        Rule {
                            name: format!("{} + {name}", rule.name),
                            base: rule.base.clone(),
                            own_parts: rule.own_parts,
                            parts,
                            lacking: Vec::new(),
                        },
                        false,
                    ));
                }
                continue;
            }
        }
        // A rule on one name alone, even refined, mostly pairs namesakes:
        // it gets a quarter of the budget, its rarest names first.
        let budget = if rule.trains() { budget } else { budget / 4 };
        // Smallest blocks first: they are the most telling, and what the
        // budget leaves out of full comparison is the largest.
        let mut blocks: Vec<&[(u64, u32)]> = groups(&keyed).filter(|g| g.len() > 1).collect();
        blocks.sort_by_key(|g| (g.len(), g[0].0));
        let mut planned = 0usize;
        let mut kept: Vec<&[(u64, u32)]> = Vec::new();
        let mut windowed: Vec<&[(u64, u32)]> = Vec::new();
        for g in blocks {
            let n = block_pairs(data, mode, g);
            if g.len() > MAX_BLOCK || planned + n > budget {
                // Too large to compare whole: by neighbours, at most WINDOW
                // pairs per record and rule, whatever the input. Not on a
                // rule of one name alone: its large blocks are namesakes,
                // whom neighbours in date of birth do not join.
                if rule.trains() {
                    windowed.push(g);
                }
                continue;
            }
            planned += n;
            kept.push(g);
        }
        let mut found: Vec<(u32, u32)> = kept
            .par_iter()
            .filter(|g| any_marked(g))
            .flat_map_iter(|g| {
                let mut out = Vec::new();
                for (x, &(_, a)) in g.iter().enumerate() {
                    for &(_, b) in &g[x + 1..] {
                        if !marked(a, b) {
                            continue;
                        }
                        if mode == Mode::Dedupe || data.data().source(a) != data.data().source(b) {
                            out.push((a.min(b), a.max(b)));
                        }
                    }
                }
                out
            })
            .collect();
        if !windowed.is_empty() {
            notes.push(format!(
                "rule {}: {} blocks too large to compare whole (the largest {} records) compared by their {WINDOW} nearest neighbours in date of birth",
                rule.name,
                windowed.len(),
                windowed.iter().map(|g| g.len()).max().unwrap_or(0)
            ));
        }
        for g in windowed.into_iter().filter(|g| any_marked(g)) {
            let members = neighbour_order(data, g, true);
            for (x, &a) in members.iter().enumerate() {
                for &b in members[x + 1..].iter().take(WINDOW) {
                    if !marked(a, b) {
                        continue;
                    }
                    if mode == Mode::Dedupe || data.data().source(a) != data.data().source(b) {
                        found.push((a.min(b), a.max(b)));
                    }
                }
            }
        }
        found.par_sort_unstable();
        found.dedup();
        notes.push(format!("rule {}: {} pairs", rule.name, found.len()));
        found_by_rule.push(found);
        rules.push(rule);
    }
    let (pairs, masks) = merge(found_by_rule);
    Candidates {
        rules,
        pairs,
        masks,
        notes,
    }
}

/// A block's members in the order neighbours are read: by role, then (if
/// `by_date`) by date of birth, then as they came. A boat pilot's five
/// hundred mentions sit together among three thousand migrants of his
/// name, not one in six hundred.
fn neighbour_order(data: &Normalised, block: &[(u64, u32)], by_date: bool) -> Vec<u32> {
    let dob = field_of(data, FieldKind::BirthDate).filter(|_| by_date);
    let role = field_of(data, FieldKind::Role);
    let hash = |f: Option<usize>, i: u32| f.map_or(0, |f| data.row(i).text_hash(f));
    let mut members: Vec<(u64, u64, u32)> = block
        .iter()
        .map(|&(_, i)| (hash(role, i), hash(dob, i), i))
        .collect();
    members.sort_unstable();
    members.into_iter().map(|(_, _, i)| i).collect()
}

/// The pairs of a rule left behind by its refinements: in each block, every
/// record the refinements cannot key with its `WINDOW` nearest neighbours
/// on either side, by role and as they came ([`neighbour_order`]): an
/// undated mention meets the dated mentions of its role around it, not
/// only the other undated ones.
fn lacking_neighbours(
    data: &Normalised,
    mode: Mode,
    rule: &Rule,
    keyed: &[(u64, u32)],
    marked: &(dyn Fn(u32, u32) -> bool + Sync),
) -> Vec<(u32, u32)> {
    let blocks: Vec<&[(u64, u32)]> = groups(keyed).filter(|g| g.len() > 1).collect();
    let mut found: Vec<(u32, u32)> = blocks
        .par_iter()
        .filter(|g| g.iter().any(|&(_, i)| rule.lacks_refiners(&data.row(i))))
        .flat_map_iter(|g| {
            let members = neighbour_order(data, g, false);
            let mut out = Vec::new();
            for (x, &a) in members.iter().enumerate() {
                if !rule.lacks_refiners(&data.row(a)) {
                    continue;
                }
                let near = members[x.saturating_sub(WINDOW)..(x + 1 + WINDOW).min(members.len())]
                    .iter()
                    .copied()
                    .filter(|&b| b != a);
                for b in near {
                    if marked(a, b)
                        && (mode == Mode::Dedupe || data.data().source(a) != data.data().source(b))
                    {
                        out.push((a.min(b), a.max(b)));
                    }
                }
            }
            out
        })
        .collect();
    found.par_sort_unstable();
    found.dedup();
    found
}

/// The union of the rules' sorted pairs, each pair once with the bits of
/// the rules that kept it: one k-way merge, each rule's list freed as it
/// ends.
fn merge(found: Vec<Vec<(u32, u32)>>) -> (Vec<(u32, u32)>, Vec<u32>) {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    let total: usize = found.iter().map(Vec::len).sum();
    let mut pairs = Vec::with_capacity(total);
    let mut masks: Vec<u32> = Vec::with_capacity(total);
    let mut lists: Vec<std::vec::IntoIter<(u32, u32)>> =
        found.into_iter().map(Vec::into_iter).collect();
    let mut heap = BinaryHeap::new();
    for (r, list) in lists.iter_mut().enumerate() {
        if let Some(p) = list.next() {
            heap.push(Reverse((p, r)));
        }
    }
    while let Some(Reverse((p, r))) = heap.pop() {
        if pairs.last() == Some(&p) {
            *masks.last_mut().expect("masks follow pairs") |= 1 << r;
        } else {
            pairs.push(p);
            masks.push(1 << r);
        }
        if let Some(next) = lists[r].next() {
            heap.push(Reverse((next, r)));
        }
    }
    pairs.shrink_to_fit();
    masks.shrink_to_fit();
    (pairs, masks)
}

/// Every record's key under `rule`, sorted by key.
fn keys(data: &Normalised, rule: &Rule) -> Vec<(u64, u32)> {
    let mut keyed: Vec<(u64, u32)> = (0..data.len() as u32)
        .into_par_iter()
        .filter_map(|i| rule.key(&data.row(i)).map(|k| (k, i)))
        .collect();
    keyed.par_sort_unstable();
    keyed
}

/// Runs of equal keys.
fn groups(keyed: &[(u64, u32)]) -> impl Iterator<Item = &[(u64, u32)]> {
    keyed.chunk_by(|x, y| x.0 == y.0)
}

/// The pairs a block would make: all of them for a dedupe, those across
/// the two inputs for a link.
fn block_pairs(data: &Normalised, mode: Mode, g: &[(u64, u32)]) -> usize {
    match mode {
        Mode::Dedupe => g.len() * g.len().saturating_sub(1) / 2,
        Mode::Link => {
            let left = g
                .iter()
                .filter(|(_, i)| data.data().source(*i) == 0)
                .count();
            left * (g.len() - left)
        }
    }
}
