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
/// whole: each later record is compared with its `NEIGHBOURS` nearest
/// earlier records on either side, in order of role and date of birth (a
/// sorted neighbourhood that only looks back, see [`look_back`]). A name
/// in three thousand reports is mostly one man's, and a chain of
/// neighbours joins his mentions at a fraction of the cost of every pair.
const MAX_BLOCK: usize = 2_000;
const NEIGHBOURS: usize = 5;

/// Pairs one rule may contribute: at least this many, or `PAIRS_PER_RECORD`
/// per record. A rule over it is refined; a refined rule still over it keeps
/// its smallest blocks up to it.
const MIN_RULE_PAIRS: usize = 200_000;
const PAIRS_PER_RECORD: usize = 4;

/// At most this many rules, refined ones included (one bit each in a mask).
const MAX_RULES: usize = 32;

/// One part of a blocking key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
            Part::Initial(f) | Part::Year(f) | Part::LongestWord(f) => self.of_value(row.value(f)),
            Part::TextsAnyOrder(a, b) => unordered(row.text_hash(a), row.text_hash(b)),
            Part::KeysAnyOrder(a, b) => unordered(row.key_hash(a), row.key_hash(b)),
        }
    }

    /// The hash of a part that reads one value's text.
    fn of_value(self, value: &Value) -> Option<u64> {
        match (self, value) {
            (Part::Initial(_), Value::Name { key, folded }) => key
                .chars()
                .next()
                .or_else(|| folded.chars().next())
                .map(|c| u64::from(c) + 1),
            (Part::Year(_), Value::Date { y: Some(y), .. }) => Some(*y as u64 + 1),
            (Part::LongestWord(_), Value::Name { key, .. }) => key
                .split(' ')
                .max_by_key(|w| w.len())
                .filter(|w| !w.is_empty())
                .map(crate::field::hash),
            _ => None,
        }
    }
}

/// Computes one rule's key for any record: the parts that read a value's
/// text (an initial, a year, a longest word) are worked out once per
/// distinct value of their column, not once per record.
struct Keyer<'a> {
    data: &'a Normalised<'a>,
    parts: Vec<(Part, Option<Vec<u64>>)>,
}

impl<'a> Keyer<'a> {
    fn new(data: &'a Normalised<'a>, parts: &[Part]) -> Keyer<'a> {
        let parts = parts
            .iter()
            .map(|&part| {
                let table = match part {
                    Part::Initial(f) | Part::Year(f) | Part::LongestWord(f) => Some(
                        data.distinct(f)
                            .iter()
                            .map(|v| part.of_value(v).unwrap_or(0))
                            .collect(),
                    ),
                    _ => None,
                };
                (part, table)
            })
            .collect();
        Keyer { data, parts }
    }

    /// The field of the first part and that part's value for each distinct
    /// value of the field (0: none), when the first part reads one field.
    fn first_part_values(&self) -> Option<(usize, Vec<u64>)> {
        let (part, table) = self.parts.first()?;
        match (part, table) {
            (Part::Initial(f) | Part::Year(f) | Part::LongestWord(f), Some(t)) => {
                Some((*f, t.clone()))
            }
            (Part::Text(f), _) => Some((*f, self.data.distinct_hashes(*f).0.to_vec())),
            (Part::Key(f), _) => Some((*f, self.data.distinct_hashes(*f).1.to_vec())),
            _ => None,
        }
    }

    fn key(&self, i: u32) -> Option<u64> {
        let row = self.data.row(i);
        let mut h = 0x5151_5151u64;
        for (part, table) in &self.parts {
            let v = match (table, part) {
                (Some(table), Part::Initial(f) | Part::Year(f) | Part::LongestWord(f)) => {
                    Some(table[self.data.cell(i, *f)]).filter(|&v| v != 0)
                }
                _ => part.hash(&row),
            };
            h = mix(h, v?);
        }
        Some(h)
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
/// A trained model keeps the rules as its run planned them (refinements
/// and how large a block is compared whole), so that later runs block
/// exactly as it did.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Rule {
    pub name: String,
    /// The rule this one refines, or its own name.
    pub base: String,
    pub(crate) parts: Vec<Part>,
    /// How many of `parts` are the rule's own; the rest refine it.
    pub(crate) own_parts: usize,
    /// For the rule left behind when a rule is refined: the refining
    /// parts. Its blocks compare only the records that lack every one of
    /// them (whom the refined rules cannot key), each with its nearest
    /// neighbours in the block.
    pub(crate) lacking: Vec<Part>,
    /// Blocks of at most this many records are compared whole; larger ones
    /// by neighbours (rules that train) or not at all (one name alone).
    pub(crate) whole_up_to: usize,
}

impl Rule {
    pub(crate) fn new(name: &str, parts: Vec<Part>) -> Rule {
        Rule {
            name: name.to_owned(),
            base: name.to_owned(),
            own_parts: parts.len(),
            parts,
            lacking: Vec::new(),
            whole_up_to: MAX_BLOCK,
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

/// The candidate pairs of the rules over `data`. Without a `plan`, the
/// rules are planned on `data` — refined where too coarse, and each given
/// the largest block size it compares whole within its budget — and
/// [`Candidates::rules`] is the plan; with one (a kept model's), its rules
/// are applied as they are. With `touching`, only the pairs with a marked
/// record are listed: the same pairs as the full list filtered afterwards,
/// at the cost of the blocks that hold a marked record.
pub(crate) fn candidates(
    data: &Normalised,
    mode: Mode,
    base: Vec<Rule>,
    plan: Option<&[Rule]>,
    touching: Option<&[bool]>,
) -> Candidates {
    let mut out = Candidates {
        rules: Vec::new(),
        pairs: Vec::new(),
        masks: Vec::new(),
        notes: Vec::new(),
    };
    let mut found_by_rule: Vec<Vec<(u32, u32)>> = Vec::new();
    match plan {
        Some(plan) => {
            for rule in plan {
                let keyed = match touching {
                    Some(t) => keys_touching(data, rule, t),
                    None => keys(data, rule),
                };
                found_by_rule.push(apply(data, mode, rule, &keyed, touching, &mut out.notes));
                out.rules.push(rule.clone());
            }
        }
        None => {
            let budget = MIN_RULE_PAIRS.max(PAIRS_PER_RECORD * data.len());
            let mut queue: Vec<(Rule, bool)> = base.into_iter().map(|r| (r, true)).collect();
            queue.reverse();
            while let Some((mut rule, may_refine)) = queue.pop() {
                if out.rules.len() == MAX_RULES {
                    out.notes
                        .push(format!("rule {} left out: too many rules", rule.name));
                    continue;
                }
                let keyed = keys(data, &rule);
                if rule.lacking.is_empty() {
                    let total: usize = groups(&keyed).map(|g| block_pairs(data, mode, g)).sum();
                    if total > budget && may_refine {
                        if let Some(refined) = refine(data, &rule, total, &mut out.notes) {
                            queue.extend(refined.into_iter().rev().map(|r| (r, false)));
                            continue;
                        }
                    }
                    // A rule on one name alone, even refined, mostly pairs
                    // namesakes: it gets a quarter of the budget, its
                    // rarest names first.
                    let budget = if rule.trains() { budget } else { budget / 4 };
                    rule.whole_up_to = whole_up_to(data, mode, &keyed, budget);
                }
                found_by_rule.push(apply(data, mode, &rule, &keyed, touching, &mut out.notes));
                out.rules.push(rule);
            }
        }
    }
    (out.pairs, out.masks) = merge(found_by_rule);
    out
}

/// The rules that replace one too coarse for the input: the rule left
/// behind for the records no refinement can key, then one per refining
/// key; `None` if nothing can refine it.
fn refine(
    data: &Normalised,
    rule: &Rule,
    total: usize,
    notes: &mut Vec<String>,
) -> Option<Vec<Rule>> {
    let refined = refiners(data, rule);
    if refined.is_empty() {
        return None;
    }
    let names: Vec<&str> = refined.iter().map(|(n, _)| *n).collect();
    notes.push(format!(
        "rule {} ({total} pairs) refined by {}",
        rule.name,
        names.join(", ")
    ));
    let mut rules = Vec::new();
    // Records the refinements cannot key (no birth year, no initial)
    // would be compared by this rule no more: they meet their neighbours
    // in its blocks instead.
    if rule.trains() {
        rules.push(Rule {
            name: format!(
                "{} (without {}: by neighbours)",
                rule.name,
                names.join(" or ")
            ),
            lacking: refined.iter().map(|(_, p)| *p).collect(),
            ..rule.clone()
        });
    }
    for (name, part) in refined {
        let mut parts = rule.parts.clone();
        parts.push(part);
        rules.push(Rule {
            name: format!("{} + {name}", rule.name),
            base: rule.base.clone(),
            own_parts: rule.own_parts,
            parts,
            lacking: Vec::new(),
            whole_up_to: MAX_BLOCK,
        });
    }
    Some(rules)
}

/// The largest block size whose blocks, with every smaller one, make no
/// more than `budget` pairs (and no more than [`MAX_BLOCK`]): smallest
/// blocks first, since they are the most telling, and what the budget
/// leaves out of full comparison is the largest. A larger block's first
/// `up_to` records are compared whole too ([`look_back`]) and count; its
/// later records' neighbours are bounded per record and do not.
fn whole_up_to(data: &Normalised, mode: Mode, keyed: &[(u64, u32)], budget: usize) -> usize {
    let mut sizes: Vec<(usize, usize)> = groups(keyed)
        .filter(|g| g.len() > 1)
        .map(|g| (g.len(), block_pairs(data, mode, g)))
        .collect();
    sizes.sort_unstable();
    let mut above = sizes.len();
    let mut planned = 0usize;
    let mut up_to = 1;
    for same in sizes.chunk_by(|x, y| x.0 == y.0) {
        let (len, pairs) = (same[0].0, same.iter().map(|s| s.1).sum::<usize>());
        above -= same.len();
        let firsts = above * (len * (len - 1) / 2);
        if len > MAX_BLOCK || planned + pairs + firsts > budget {
            break;
        }
        planned += pairs;
        up_to = len;
    }
    up_to
}

/// The pairs one planned rule makes, listed by [`look_back`]: blocks up to
/// the rule's size compared whole, the later records of larger ones with
/// their neighbours in role and date of birth (if the rule trains); a rule
/// left behind by refinements compares the records they cannot key with
/// their neighbours in role and arrival.
fn apply(
    data: &Normalised,
    mode: Mode,
    rule: &Rule,
    keyed: &[(u64, u32)],
    touching: Option<&[bool]>,
    notes: &mut Vec<String>,
) -> Vec<(u32, u32)> {
    let marked = |a: u32, b: u32| touching.is_none_or(|t| t[a as usize] || t[b as usize]);
    let any_marked =
        |g: &[(u64, u32)]| touching.is_none_or(|t| g.iter().any(|&(_, i)| t[i as usize]));
    let keep = |a: u32, b: u32| {
        marked(a, b) && (mode == Mode::Dedupe || data.data().source(a) != data.data().source(b))
    };
    let lacking = !rule.lacking.is_empty();
    let lacks = |i: u32| rule.lacks_refiners(&data.row(i));
    let blocks: Vec<Block> = groups(keyed)
        .filter(|g| g.len() > 1 && any_marked(g))
        .filter(|g| !lacking || g.iter().any(|&(_, i)| lacks(i)))
        .collect();
    let dob = field_of(data, FieldKind::BirthDate).filter(|_| !lacking);
    let role = field_of(data, FieldKind::Role);
    let hash = |f: Option<usize>, i: u32| f.map_or(0, |f| data.row(i).text_hash(f));
    let order = |i: u32| (hash(role, i), hash(dob, i));
    let (whole, neighbours) = if lacking {
        // Only pairs with an undated (or initial-less) record.
        (0, true)
    } else {
        // Not on a rule of one name alone: its large blocks are namesakes,
        // whom neighbours in date of birth do not join.
        (rule.whole_up_to, rule.trains())
    };
    let wanted = |a: u32, b: u32| keep(a, b) && (!lacking || lacks(a) || lacks(b));
    let larger = blocks.iter().filter(|g| g.len() > whole).count();
    let mut found: Vec<(u32, u32)> = blocks
        .par_iter()
        .flat_map_iter(|g| {
            let mut out = Vec::new();
            look_back(g, whole, neighbours, &order, &wanted, touching, &mut out);
            out
        })
        .collect();
    if larger > 0 && !lacking {
        notes.push(format!(
            "rule {}: {larger} blocks too large to compare whole; their records after the first {whole} compared with their {NEIGHBOURS} nearest earlier records on either side in role and date of birth",
            rule.name,
        ));
    }
    found.par_sort_unstable();
    found.dedup();
    notes.push(format!("rule {}: {} pairs", rule.name, found.len()));
    found
}

/// The pairs of one block (its records in arrival order), each listed at
/// the turn of its later record: while fewer than `whole` records came
/// before it, a record is compared with all of them; after, with its
/// [`NEIGHBOURS`] nearest earlier records on either side in `order` (then
/// arrival) if `neighbours`, else with none. What a record is compared with
/// depends only on the records that came before it, so that records added
/// later never take a pair away: runs over the reports as they arrive list
/// the same pairs as one run over them all.
fn look_back(
    block: &[(u64, u32)],
    whole: usize,
    neighbours: bool,
    order: &(dyn Fn(u32) -> (u64, u64) + Sync),
    wanted: &(dyn Fn(u32, u32) -> bool + Sync),
    touching: Option<&[bool]>,
    out: &mut Vec<(u32, u32)>,
) {
    // With marks, a record's turn lists pairs only if it or one before it
    // is marked.
    let first_marked = touching.map_or(0, |t| {
        block
            .iter()
            .position(|&(_, i)| t[i as usize])
            .unwrap_or(block.len())
    });
    let windowed = neighbours && block.len() > whole;
    // A turn while the block is small: every record before it.
    let every_earlier = |rank: usize, b: u32, out: &mut Vec<(u32, u32)>| {
        out.extend(
            block[..rank]
                .iter()
                .map(|&(_, a)| a)
                .filter(|&a| wanted(a, b))
                .map(|a| (a, b)),
        );
    };
    if touching.is_some() && windowed {
        // Few turns to take: the block sorted once, and each turn's
        // neighbours found by walking out from its place, past the records
        // that came after it.
        let mut sorted: Vec<((u64, u64), u32)> =
            block.iter().map(|&(_, i)| (order(i), i)).collect();
        sorted.sort_unstable();
        for (rank, &(_, b)) in block.iter().enumerate().skip(first_marked) {
            if rank < whole {
                every_earlier(rank, b, out);
                continue;
            }
            let at = sorted
                .binary_search(&(order(b), b))
                .expect("every member is in the sorted block");
            let before = sorted[..at]
                .iter()
                .rev()
                .filter(|x| x.1 < b)
                .take(NEIGHBOURS);
            let after = sorted[at + 1..].iter().filter(|x| x.1 < b).take(NEIGHBOURS);
            for &(_, a) in before.chain(after) {
                if wanted(a, b) {
                    out.push((a, b));
                }
            }
        }
        return;
    }
    let mut earlier = std::collections::BTreeSet::new();
    for (rank, &(_, b)) in block.iter().enumerate() {
        if rank < first_marked && !windowed {
            continue;
        }
        let sort = (order(b), b);
        if rank >= first_marked {
            if rank < whole {
                every_earlier(rank, b, out);
            } else if neighbours {
                let before = earlier.range(..sort).rev().take(NEIGHBOURS);
                let after = earlier.range(sort..).take(NEIGHBOURS);
                for &(_, a) in before.chain(after) {
                    if wanted(a, b) {
                        out.push((a, b));
                    }
                }
            }
        }
        if windowed {
            earlier.insert(sort);
        }
    }
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
    let keyer = Keyer::new(data, &rule.parts);
    let mut keyed: Vec<(u64, u32)> = (0..data.len() as u32)
        .into_par_iter()
        .filter_map(|i| keyer.key(i).map(|k| (k, i)))
        .collect();
    keyed.par_sort_unstable();
    keyed
}

/// The keys under `rule` of the records in blocks that hold a marked
/// record, sorted by key: the marked records' keys are found first, then
/// every record is keyed and kept if it shares one — no sort of everyone.
/// Where the rule's first part reads one column, a record whose value
/// there no marked record shares is passed over on its value's index
/// alone (a scan of one column, not a key for everyone).
fn keys_touching(data: &Normalised, rule: &Rule, touching: &[bool]) -> Vec<(u64, u32)> {
    let keyer = Keyer::new(data, &rule.parts);
    let marked: Vec<u32> = (0..data.len() as u32)
        .filter(|&i| touching[i as usize])
        .collect();
    let wanted: rustc_hash::FxHashSet<u64> = marked.iter().filter_map(|&i| keyer.key(i)).collect();
    if wanted.is_empty() {
        return Vec::new();
    }
    let passes: Option<(usize, Vec<bool>)> = keyer.first_part_values().map(|(f, per_value)| {
        let seen: rustc_hash::FxHashSet<u64> = marked
            .iter()
            .map(|&i| per_value[data.cell(i, f)])
            .filter(|&v| v != 0)
            .collect();
        (f, per_value.iter().map(|v| seen.contains(v)).collect())
    });
    let mut keyed: Vec<(u64, u32)> = (0..data.len() as u32)
        .into_par_iter()
        .filter(|&i| {
            passes
                .as_ref()
                .is_none_or(|(f, pass)| pass[data.cell(i, *f)])
        })
        .filter_map(|i| keyer.key(i).filter(|k| wanted.contains(k)).map(|k| (k, i)))
        .collect();
    keyed.par_sort_unstable();
    keyed
}

/// A block: the records of one key, with it.
type Block<'k> = &'k [(u64, u32)];

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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The pairs [`look_back`] lists for a block of `n` records whose
    /// order keys are `keys`, cut at `whole`, with `marks`.
    fn listed(keys: &[(u64, u64)], whole: usize, marks: Option<&[bool]>) -> Vec<(u32, u32)> {
        let block: Vec<(u64, u32)> = (0..keys.len() as u32).map(|i| (7, i)).collect();
        let order = |i: u32| keys[i as usize];
        let wanted = |a: u32, b: u32| marks.is_none_or(|t| t[a as usize] || t[b as usize]);
        let mut out = Vec::new();
        look_back(&block, whole, true, &order, &wanted, marks, &mut out);
        out.sort_unstable();
        out
    }

    proptest! {
        /// Records that arrive later never take a pair away from those
        /// before them, and listing only the pairs of marked records is
        /// listing everything and keeping theirs: what makes an
        /// incremental run equal a run over everything.
        #[test]
        fn later_records_never_take_a_pair_away(
            keys in prop::collection::vec((0u64..4, 0u64..6), 1..80),
            whole in 0usize..12,
            seen in 0usize..80,
            also in prop::collection::vec(any::<bool>(), 80),
        ) {
            let seen = seen.min(keys.len());
            let all = listed(&keys, whole, None);
            let before: Vec<(u32, u32)> = all
                .iter()
                .copied()
                .filter(|&(_, b)| (b as usize) < seen)
                .collect();
            prop_assert_eq!(listed(&keys[..seen], whole, None), before);
            // New records are marked, and any others a run asks about.
            let marks: Vec<bool> = (0..keys.len()).map(|i| i >= seen || also[i]).collect();
            let theirs: Vec<(u32, u32)> = all
                .iter()
                .copied()
                .filter(|&(a, b)| marks[a as usize] || marks[b as usize])
                .collect();
            prop_assert_eq!(listed(&keys, whole, Some(&marks)), theirs);
            // Each record is compared with at most every record before it
            // while the block is small, and with at most 2 × NEIGHBOURS
            // after.
            for b in 0..keys.len() as u32 {
                let n = all.iter().filter(|p| p.1 == b).count();
                let bound = if (b as usize) < whole { b as usize } else { 2 * NEIGHBOURS };
                prop_assert!(n <= bound, "record {} has {} earlier pairs", b, n);
            }
        }
    }
}
