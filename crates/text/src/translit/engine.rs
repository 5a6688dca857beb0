//! The machinery shared by the table-driven transliterators: walking a
//! string with look-ahead and carrying the case of the source over to a
//! replacement that may be longer or shorter than what it replaces.

use unicode_normalization::char::is_combining_mark;

/// A rule looks at `chars[at..]` and either claims a number of characters
/// (at least one) with their lower-case replacement, or declines, in which
/// case the character is copied unchanged.
pub(super) type Claim = Option<(usize, &'static str)>;

/// Lower case of a single character, or the character itself when its
/// lower case is not one character (`İ`), so that tables keyed on one
/// character never see a decomposed form.
pub(super) fn lower(c: char) -> char {
    let mut lowered = c.to_lowercase();
    match (lowered.next(), lowered.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// Letters and the marks on them make up words; everything else separates.
pub(super) fn is_word_char(c: char) -> bool {
    c.is_alphabetic() || is_combining_mark(c)
}

pub(super) fn at_word_start(chars: &[char], at: usize) -> bool {
    at == 0 || !is_word_char(chars[at - 1])
}

pub(super) fn at_word_end(chars: &[char], at: usize) -> bool {
    chars.get(at + 1).is_none_or(|c| !is_word_char(*c))
}

/// For each character, whether it sits in a word written in capitals.
///
/// A one-letter capital is taken as a capitalised word, not as a shout:
/// `Љ` alone becomes `Lj`, while `ЉУБА` becomes `LJUBA`.
pub(super) fn capital_words(chars: &[char]) -> Vec<bool> {
    let mut flags = vec![false; chars.len()];
    let mut start = 0;
    while start < chars.len() {
        if !is_word_char(chars[start]) {
            start += 1;
            continue;
        }
        let end = chars[start..]
            .iter()
            .position(|c| !is_word_char(*c))
            .map_or(chars.len(), |n| start + n);
        let word = &chars[start..end];
        let capitals = word.iter().filter(|c| c.is_uppercase()).count();
        let shouted = capitals >= 2 && !word.iter().any(|c| c.is_lowercase());
        flags[start..end].fill(shouted);
        start = end;
    }
    flags
}

/// Appends `lower` in the case of the letter it replaces: as is for a
/// small letter, all in capitals inside a capitalised word, else with only
/// its first letter raised (`Љ` → `Lj`, `Щ` → `Sht`).
pub(super) fn push_cased(out: &mut String, lower: &str, capital: bool, shouted: bool) {
    if !capital {
        out.push_str(lower);
    } else if shouted {
        out.extend(lower.chars().flat_map(char::to_uppercase));
    } else {
        let mut rest = lower.chars();
        if let Some(first) = rest.next() {
            out.extend(first.to_uppercase());
            out.push_str(rest.as_str());
        }
    }
}

/// Runs `rule` over `text` from left to right.
pub(super) fn transliterate(text: &str, rule: impl Fn(&[char], usize) -> Claim) -> String {
    let chars: Vec<char> = text.chars().collect();
    let shouted = capital_words(&chars);
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    let mut at = 0;
    while at < chars.len() {
        match rule(&chars, at) {
            Some((taken, replacement)) => {
                push_cased(&mut out, replacement, chars[at].is_uppercase(), shouted[at]);
                at += taken.clamp(1, chars.len() - at);
            }
            None => {
                out.push(chars[at]);
                at += 1;
            }
        }
    }
    out
}

/// A rule for alphabets whose letters each stand alone.
pub(super) fn by_letter(
    table: fn(char) -> Option<&'static str>,
) -> impl Fn(&[char], usize) -> Claim {
    move |chars, at| table(lower(chars[at])).map(|s| (1, s))
}

/// A rule for Latin alphabets with two-letter digraphs (`lj`, `dž`),
/// matched before single letters whatever the case of either letter.
pub(super) fn with_digraphs(
    digraph: fn(char, char) -> Option<&'static str>,
    letter: fn(char) -> Option<&'static str>,
) -> impl Fn(&[char], usize) -> Claim {
    move |chars, at| {
        let first = lower(chars[at]);
        let pair = chars.get(at + 1).and_then(|c| digraph(first, lower(*c)));
        pair.map(|s| (2, s))
            .or_else(|| letter(first).map(|s| (1, s)))
    }
}
