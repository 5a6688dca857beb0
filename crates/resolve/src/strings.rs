//! String similarity on the hot path: "within one edit" and Jaro–Winkler.
//!
//! Written by hand because comparison is where linkage spends its time:
//! ten million candidate pairs make fifty million string comparisons, and
//! the general implementations allocate on every call (a hash map of the
//! alphabet for Damerau–Levenshtein, flag vectors for Jaro). Folded names
//! are ASCII and short, so Jaro keeps its flags in two 64-bit words; longer
//! or non-ASCII strings fall back to `strsim`. Property tests check both
//! against `strsim`.

/// Whether `a` and `b` are at most one edit apart: one substitution,
/// insertion, deletion, or transposition of adjacent characters (the
/// Damerau–Levenshtein distance is at most 1).
pub(crate) fn within_one_edit(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        within_one_edit_bytes(a.as_bytes(), b.as_bytes())
    } else {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        within_one_edit_bytes(&a, &b)
    }
}

fn within_one_edit_bytes<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    let (a, b) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if b.len() - a.len() > 1 {
        return false;
    }
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    if prefix == a.len() {
        // Equal, or one character appended.
        return true;
    }
    if a.len() == b.len() {
        let (ra, rb) = (&a[prefix + 1..], &b[prefix + 1..]);
        // One substitution, or an adjacent transposition.
        ra == rb
            || (prefix + 1 < a.len()
                && a[prefix] == b[prefix + 1]
                && a[prefix + 1] == b[prefix]
                && a[prefix + 2..] == b[prefix + 2..])
    } else {
        // One insertion into the shorter.
        a[prefix..] == b[prefix + 1..]
    }
}

/// Jaro–Winkler similarity, as `strsim::jaro_winkler` computes it.
pub(crate) fn jaro_winkler(a: &str, b: &str) -> f64 {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    if !(a.is_ascii() && b.is_ascii() && x.len() <= 64 && y.len() <= 64) {
        return strsim::jaro_winkler(a, b);
    }
    let sim = jaro(x, y);
    if sim <= 0.7 {
        // Winkler's boost is for strings already alike.
        return sim;
    }
    let prefix = x.iter().zip(y).take_while(|(p, q)| p == q).count().min(4);
    sim + 0.1 * prefix as f64 * (1.0 - sim)
}

fn jaro(a: &[u8], b: &[u8]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let window = (a.len().max(b.len()) / 2).saturating_sub(1);
    let (mut flags_a, mut flags_b) = (0u64, 0u64);
    let mut matches = 0usize;
    for (i, &ca) in a.iter().enumerate() {
        let lo = i.saturating_sub(window);
        let hi = (i + window + 1).min(b.len());
        for (j, &cb) in b.iter().enumerate().take(hi).skip(lo) {
            if flags_b & (1 << j) == 0 && ca == cb {
                flags_a |= 1 << i;
                flags_b |= 1 << j;
                matches += 1;
                break;
            }
        }
    }
    if matches == 0 {
        return 0.0;
    }
    let mut transpositions = 0usize;
    let mut j = 0usize;
    for (i, &ca) in a.iter().enumerate() {
        if flags_a & (1 << i) == 0 {
            continue;
        }
        while flags_b & (1 << j) == 0 {
            j += 1;
        }
        if ca != b[j] {
            transpositions += 1;
        }
        j += 1;
    }
    let m = matches as f64;
    let t = (transpositions / 2) as f64;
    (m / a.len() as f64 + m / b.len() as f64 + (m - t) / m) / 3.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn one_edit_cases() {
        for (a, b, expected) in [
            ("", "", true),
            ("a", "", true),
            ("petrovic", "petrovic", true),
            ("petrovic", "petrovič", true),
            ("petrovic", "petorvic", true),
            ("petrovic", "petrovi", true),
            ("petrovic", "ptrovic", true),
            ("petrovic", "pterovic", true),
            ("petrovic", "ptervoic", false),
            ("ab", "ba", true),
            ("abc", "cba", false),
            ("19870703", "19870730", true),
            ("19870703", "19780703", true),
            ("19870703", "19880704", false),
        ] {
            assert_eq!(within_one_edit(a, b), expected, "{a} {b}");
        }
    }

    proptest! {
        #[test]
        fn agrees_with_strsim(a in "[a-e ]{0,12}", b in "[a-e ]{0,12}") {
            prop_assert_eq!(
                within_one_edit(&a, &b),
                strsim::damerau_levenshtein(&a, &b) <= 1
            );
            let (ours, theirs) = (jaro_winkler(&a, &b), strsim::jaro_winkler(&a, &b));
            prop_assert!((ours - theirs).abs() < 1e-12, "{} vs {}", ours, theirs);
        }

        #[test]
        fn agrees_with_strsim_beyond_ascii(a in "\\PC{0,10}", b in "\\PC{0,10}") {
            prop_assert_eq!(
                within_one_edit(&a, &b),
                strsim::damerau_levenshtein(&a, &b) <= 1
            );
            let (ours, theirs) = (jaro_winkler(&a, &b), strsim::jaro_winkler(&a, &b));
            prop_assert!((ours - theirs).abs() < 1e-12);
        }
    }
}
