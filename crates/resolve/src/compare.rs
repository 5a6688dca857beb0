//! Comparisons made of levels, as in Splink: each compares one field (or a
//! name pair, swap-aware) of two records and says how closely they agree.
//! Level 0 is always "a value is missing" and weighs nothing.

use crate::strings::{jaro_winkler, within_one_edit};

use crate::dataset::Dataset;
use crate::field::{FieldKind, Fields, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ComparisonKind {
    Name,
    FullName,
    Date,
    Postcode,
    Fuzzy,
    Email,
    Number,
    Exact,
    /// Role and function (`suspect:driver`): the same, the same role, or
    /// different roles.
    Role,
    /// The people written beside each record in its group (report): how
    /// many are the same people. Computed after a first scoring pass
    /// (`crate::companions`), never by [`level`].
    Companions,
}

impl ComparisonKind {
    pub fn level_names(self) -> &'static [&'static str] {
        match self {
            ComparisonKind::Name => &[
                "missing",
                "exact",
                "same matching key",
                "one edit",
                "Jaro-Winkler >= 0.92",
                "Jaro-Winkler >= 0.80",
                "different",
            ],
            ComparisonKind::FullName => &[
                "missing",
                "exact",
                "same matching key",
                "Jaro-Winkler >= 0.92 (words sorted)",
                "Jaro-Winkler >= 0.80 (words sorted)",
                "different",
            ],
            ComparisonKind::Date => &[
                "missing",
                "exact",
                "day and month swapped",
                "one digit differs",
                "agree where both are known (partial)",
                "partial, years within one",
                "different",
            ],
            ComparisonKind::Postcode => {
                &["missing", "exact", "one edit", "same district", "different"]
            }
            ComparisonKind::Fuzzy => &[
                "missing",
                "exact",
                "Jaro-Winkler >= 0.90",
                "Jaro-Winkler >= 0.75",
                "different",
            ],
            ComparisonKind::Email => &["missing", "exact", "same user name", "different"],
            ComparisonKind::Number => {
                &["missing", "exact", "within one", "within 10%", "different"]
            }
            ComparisonKind::Exact => &["missing", "exact", "different"],
            ComparisonKind::Role => &[
                "missing",
                "same role and function",
                "same role",
                "different roles",
            ],
            ComparisonKind::Companions => &[
                "no companions to compare",
                "two or more companions in common",
                "one companion in common",
                "no companion in common",
                "written in the same group",
            ],
        }
    }

    pub fn levels(self) -> usize {
        self.level_names().len()
    }
}

/// One comparison of the model.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Comparison {
    pub name: String,
    pub kind: ComparisonKind,
    pub field: usize,
    pub field_kind: FieldKind,
    /// For a given name: the surname field it may have been swapped with.
    pub swap_with: Option<usize>,
    /// Whether an exact agreement is weighed by how common the value is.
    pub term_frequency: bool,
}

/// The comparisons for the columns' kinds, in column order.
pub fn comparisons_for(data: &Dataset) -> Vec<Comparison> {
    let kinds: Vec<Option<FieldKind>> = data.columns().iter().map(|c| c.kind).collect();
    let surname = kinds.iter().position(|k| *k == Some(FieldKind::Surname));
    let given = kinds.iter().position(|k| *k == Some(FieldKind::GivenName));
    kinds
        .iter()
        .enumerate()
        .filter_map(|(field, kind)| {
            let kind = (*kind)?;
            let (ckind, tf, swap) = match kind {
                FieldKind::GivenName => (ComparisonKind::Name, true, surname),
                FieldKind::Surname => (ComparisonKind::Name, true, given),
                FieldKind::FullName => (ComparisonKind::FullName, false, None),
                FieldKind::BirthDate => (ComparisonKind::Date, false, None),
                FieldKind::Postcode => (ComparisonKind::Postcode, true, None),
                FieldKind::Email => (ComparisonKind::Email, false, None),
                // A phone a whole safe house uses is weak evidence that two
                // of its users are one man: weighed by how many use it.
                FieldKind::Phone => (ComparisonKind::Exact, true, None),
                // So is a van several drivers take turns at.
                FieldKind::Plate => (ComparisonKind::Exact, true, None),
                // "Both migrants" says little, "both boat pilots" much:
                // the exact level is weighed by how common the role is.
                FieldKind::Role => (ComparisonKind::Role, true, None),
                FieldKind::Group => (ComparisonKind::Companions, false, None),
                FieldKind::Address | FieldKind::City => {
                    (ComparisonKind::Fuzzy, kind == FieldKind::City, None)
                }
                FieldKind::StreetNumber => (ComparisonKind::Number, false, None),
                _ => (ComparisonKind::Exact, false, None),
            };
            Some(Comparison {
                name: data.columns()[field].name.clone(),
                kind: ckind,
                field,
                field_kind: kind,
                swap_with: swap,
                term_frequency: tf,
            })
        })
        .collect()
}

/// The level of every comparison for records `a` and `b`, into `out`.
pub(crate) fn levels_into<F: Fields + ?Sized>(
    comparisons: &[Comparison],
    a: &F,
    b: &F,
    out: &mut [u8],
) {
    for (o, c) in out.iter_mut().zip(comparisons) {
        if c.kind == ComparisonKind::Companions {
            // Not a comparison of the two records' own values: filled in
            // after the first scoring pass.
            *o = 0;
            continue;
        }
        let (ta, tb) = (a.text_hash(c.field), b.text_hash(c.field));
        *o = if ta != 0 && ta == tb {
            // The same text (or full date): exact, without reading either.
            1
        } else if c.kind == ComparisonKind::Email {
            // Emails are nearly unique, so their values are scattered in
            // memory: the user-name hash decides, with no read.
            let (ka, kb) = (a.key_hash(c.field), b.key_hash(c.field));
            if ta == 0 || tb == 0 {
                0
            } else if ka != 0 && ka == kb {
                2
            } else {
                3
            }
        } else {
            level(c.kind, a.value(c.field), b.value(c.field))
        };
    }
    // Given name and surname may be recorded the other way round: when the
    // crossed reading agrees better, it is the one that counts.
    let given = comparisons
        .iter()
        .position(|c| c.kind == ComparisonKind::Name && c.swap_with.is_some());
    if let Some(g) = given {
        let (gf, sf) = (
            comparisons[g].field,
            comparisons[g].swap_with.unwrap_or(comparisons[g].field),
        );
        if let Some(s) = comparisons
            .iter()
            .position(|c| c.field == sf)
            .filter(|&s| !(out[g] <= 2 && out[s] <= 2))
            // A swap is only read where a crossed name is close (exact,
            // same key or one edit): checking that first spares two fuzzy
            // comparisons on nearly every pair.
            .filter(|_| {
                close_names(a.value(gf), b.value(sf)) || close_names(a.value(sf), b.value(gf))
            })
        {
            let (x, y) = (
                name_level(a.value(gf), b.value(sf)),
                name_level(a.value(sf), b.value(gf)),
            );
            let score = |l: u8| if l == 0 { 4 } else { l };
            if score(x) + score(y) < score(out[g]) + score(out[s]) {
                // The better crossed agreement counts for the given name,
                // whichever record is read first, so scores are symmetric.
                let (better, worse) = if score(x) <= score(y) { (x, y) } else { (y, x) };
                out[g] = better;
                out[s] = worse;
            }
        }
    }
}

/// The level of every comparison for records `a` and `b`.
pub(crate) fn levels<F: Fields + ?Sized>(comparisons: &[Comparison], a: &F, b: &F) -> Vec<u8> {
    let mut out = vec![0; comparisons.len()];
    levels_into(comparisons, a, b, &mut out);
    out
}

pub fn level(kind: ComparisonKind, a: &Value, b: &Value) -> u8 {
    if matches!(a, Value::Missing) || matches!(b, Value::Missing) {
        return 0;
    }
    match kind {
        ComparisonKind::Name => name_level(a, b),
        ComparisonKind::FullName => full_name_level(a, b),
        ComparisonKind::Date => date_level(a, b),
        ComparisonKind::Postcode => postcode_level(a, b),
        ComparisonKind::Fuzzy => fuzzy_level(a, b),
        ComparisonKind::Email => email_level(a, b),
        ComparisonKind::Number => number_level(a, b),
        ComparisonKind::Exact => {
            if a.text() == b.text() {
                1
            } else {
                2
            }
        }
        ComparisonKind::Role => role_level(a, b),
        ComparisonKind::Companions => 0,
    }
}

/// The role before any function: `suspect` of `suspect:driver`.
pub(crate) fn role_of(text: &str) -> &str {
    text.split_once(':').map_or(text, |(role, _)| role)
}

fn role_level(a: &Value, b: &Value) -> u8 {
    let (Some(x), Some(y)) = (a.text(), b.text()) else {
        return 0;
    };
    if x == y {
        1
    } else if role_of(x) == role_of(y) {
        2
    } else {
        3
    }
}

/// The folded texts and matching keys of two names.
fn names<'a>(a: &'a Value, b: &'a Value) -> Option<(&'a str, &'a str, &'a str, &'a str)> {
    match (a, b) {
        (
            Value::Name {
                folded: fa,
                key: ka,
            },
            Value::Name {
                folded: fb,
                key: kb,
            },
        ) => Some((fa, fb, ka, kb)),
        _ => None,
    }
}

/// Exact, or the same matching key: the levels every name comparison starts with.
fn same_name(fa: &str, fb: &str, ka: &str, kb: &str) -> Option<u8> {
    if fa == fb {
        Some(1)
    } else if !ka.is_empty() && ka == kb {
        Some(2)
    } else {
        None
    }
}

/// `first` for Jaro–Winkler at least 0.92, the next level for 0.80, then different.
fn jaro_winkler_band(a: &str, b: &str, first: u8) -> u8 {
    let jw = jaro_winkler(a, b);
    if jw >= 0.92 {
        first
    } else if jw >= 0.80 {
        first + 1
    } else {
        first + 2
    }
}

/// Whether two names are exact, share a key or are one edit apart.
fn close_names(a: &Value, b: &Value) -> bool {
    names(a, b).is_some_and(|(fa, fb, ka, kb)| {
        same_name(fa, fb, ka, kb).is_some() || within_one_edit(fa, fb)
    })
}

fn name_level(a: &Value, b: &Value) -> u8 {
    let Some((fa, fb, ka, kb)) = names(a, b) else {
        return 0;
    };
    if let Some(level) = same_name(fa, fb, ka, kb) {
        level
    } else if within_one_edit(fa, fb) {
        3
    } else {
        jaro_winkler_band(fa, fb, 4)
    }
}

fn full_name_level(a: &Value, b: &Value) -> u8 {
    let Some((fa, fb, ka, kb)) = names(a, b) else {
        return 0;
    };
    if let Some(level) = same_name(fa, fb, ka, kb) {
        return level;
    }
    let sorted = |s: &str| {
        let mut w: Vec<&str> = s.split(' ').collect();
        w.sort_unstable();
        w.join(" ")
    };
    jaro_winkler_band(&sorted(fa), &sorted(fb), 3)
}

fn date_level(a: &Value, b: &Value) -> u8 {
    let (
        Value::Date {
            y: ya,
            m: ma,
            d: da,
        },
        Value::Date {
            y: yb,
            m: mb,
            d: db,
        },
    ) = (a, b)
    else {
        return 0;
    };
    // A full date as its eight digits, yyyymmdd, without allocating.
    let full = |y: &Option<i32>, m: &Option<u32>, d: &Option<u32>| {
        let n = ((*y)?.clamp(0, 9999) as u32) * 10_000 + (*m)? * 100 + (*d)?;
        let mut digits = [0u8; 8];
        let mut n = n;
        for slot in digits.iter_mut().rev() {
            *slot = b'0' + (n % 10) as u8;
            n /= 10;
        }
        Some(digits)
    };
    if let (Some(fa), Some(fb)) = (full(ya, ma, da), full(yb, mb, db)) {
        // Two full dates either agree, differ by a swap or a typo, or differ.
        return if fa == fb {
            1
        } else if ya == yb && ma == db && da == mb {
            2
        } else if within_one_edit(
            std::str::from_utf8(&fa).unwrap_or_default(),
            std::str::from_utf8(&fb).unwrap_or_default(),
        ) {
            3
        } else {
            6
        };
    }
    let agree = |x: Option<u32>, y: Option<u32>| x.is_none() || y.is_none() || x == y;
    if ya == yb && agree(*ma, *mb) && agree(*da, *db) {
        return 4;
    }
    match (ya, yb) {
        (Some(x), Some(y)) if (x - y).abs() <= 1 => 5,
        _ => 6,
    }
}

fn postcode_level(a: &Value, b: &Value) -> u8 {
    let (Some(x), Some(y)) = (a.text(), b.text()) else {
        return 0;
    };
    if x == y {
        1
    } else if within_one_edit(x, y) {
        2
    } else if district(x).is_some() && district(x) == district(y) {
        3
    } else {
        4
    }
}

/// A postcode without its last character.
fn district(code: &str) -> Option<&str> {
    let (last, _) = code.char_indices().last()?;
    (last >= 2).then(|| &code[..last])
}

fn fuzzy_level(a: &Value, b: &Value) -> u8 {
    let (Some(x), Some(y)) = (a.text(), b.text()) else {
        return 0;
    };
    if x == y {
        return 1;
    }
    let jw = jaro_winkler(x, y);
    if jw >= 0.90 {
        2
    } else if jw >= 0.75 {
        3
    } else {
        4
    }
}

fn email_level(a: &Value, b: &Value) -> u8 {
    let (Some(x), Some(y)) = (a.text(), b.text()) else {
        return 0;
    };
    let key = |v: &Value| match v {
        Value::Name { key, .. } => Some(key.clone()),
        _ => None,
    };
    if x == y {
        1
    } else if key(a).is_some() && key(a) == key(b) {
        2
    } else {
        3
    }
}

/// Numbers within a tolerance: a house number one off (the next door, a
/// misread digit) or within 10%; text that is not a number compares exactly.
fn number_level(a: &Value, b: &Value) -> u8 {
    let (Some(x), Some(y)) = (a.text(), b.text()) else {
        return 0;
    };
    if x == y {
        return 1;
    }
    match (x.parse::<u64>(), y.parse::<u64>()) {
        (Ok(p), Ok(q)) if p.abs_diff(q) <= 1 => 2,
        (Ok(p), Ok(q)) if p.abs_diff(q) * 10 <= p.max(q) => 3,
        _ => 4,
    }
}
