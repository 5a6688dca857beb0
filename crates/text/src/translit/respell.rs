//! Respelling English-style Latin transliterations of foreign names the
//! way Balkan officers write them. Neither direction is a standard; both
//! follow what is seen on police records, and both are lossy.

use super::engine::lower;
use crate::script::{letter_script, Script};
use unicode_normalization::UnicodeNormalization;

/// An English-style Latin spelling of a foreign name in Serbo-Croatian
/// Latin, as Serbian, Bosnian and Montenegrin police write it: `sh` š,
/// `ch` č, `zh` ž, `kh` h, `gh` g, `dh` d, `th` t, `ph` f, `j` dž, `w` v,
/// `q` k, `x` ks, `c` k, `ou`/`oo` u, `ee` i, doubled letters written
/// once (`Mohammed` → `Mohamed`). `y` next to a vowel is `j` (`Yusuf` →
/// `Jusuf`, `Ayman` → `Ajman`), elsewhere `i` (`Rahimy` → `Rahimi`).
///
/// Each word keeps its case: lower, capitalised or all capitals. Only
/// Latin words are touched. An `sh` or `kh` that is two sounds (`Is-haq`)
/// cannot be told from the digraph.
pub fn english_to_serbian_latin(text: &str) -> String {
    per_latin_word(text, |word| {
        let letters = collapse(long_vowels(word));
        let mut out = String::with_capacity(letters.len() + 2);
        let mut at = 0;
        while at < letters.len() {
            at += push_serbian(&letters, at, &mut out);
        }
        collapse(out.chars().collect()).into_iter().collect()
    })
}

/// A Latin-script (English-style) name written the way a Greek officer
/// writes a foreign name. Not a standard, and without accents: `th` θ,
/// `ch`/`kh`/`h` χ, `ph`/`f` φ, `ps` ψ, `x`/`ks` ξ, `sh`/`s` σ (ς at the
/// end of a word), `zh`/`z` ζ, `gh` γ, `dh` δ, `ou`/`oo`/`u`/`w` ου, `ee`
/// ι, `b` μπ, `d` ντ, `g` γκ at the start of a word and γ elsewhere, `j`
/// τζ, `c`/`q`/`k` κ, `v` β; `y` before a vowel at the start of a word or
/// after a vowel is γι (`Yusuf` → `Γιουσουφ`), elsewhere ι; an `i` that
/// follows `a`, `e` or `o` is written ϊ so that it is not read as one
/// vowel with it (`Hussein` → `Χουσεϊν`). Doubled letters are written
/// once. Serbo-Croatian `š ž č ć đ` are taken as `sh zh tsh tsh j`.
/// Each word keeps its case; only Latin words are touched.
pub fn greek_from_latin(text: &str) -> String {
    per_latin_word(text, |word| {
        let mut plain = Vec::with_capacity(word.len());
        word.iter().for_each(|c| spell_plain(*c, &mut plain));
        let letters = collapse(long_vowels(&plain));
        let mut out = String::with_capacity(letters.len() * 3);
        let mut at = 0;
        while at < letters.len() {
            at += push_greek(&letters, at, &mut out);
        }
        let mut greek = collapse(out.chars().collect());
        if greek.last() == Some(&'σ') {
            greek.pop();
            greek.push('ς');
        }
        greek.into_iter().collect()
    })
}

#[derive(Clone, Copy)]
enum Case {
    Lower,
    Capitalised,
    Capitals,
}

fn is_latin_letter(c: char) -> bool {
    letter_script(c) == Some(Script::Latin)
}

/// Runs `respell` on the lower-cased letters of each Latin word of `text`
/// and puts the word's case back on the result.
fn per_latin_word(text: &str, respell: impl Fn(&[char]) -> String) -> String {
    let chars: Vec<char> = text.nfc().collect();
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    let mut at = 0;
    while at < chars.len() {
        if !is_latin_letter(chars[at]) {
            out.push(chars[at]);
            at += 1;
            continue;
        }
        let end = chars[at..]
            .iter()
            .position(|c| !is_latin_letter(*c))
            .map_or(chars.len(), |n| at + n);
        let word = &chars[at..end];
        let lowered: Vec<char> = word.iter().map(|c| lower(*c)).collect();
        put_case(&mut out, &respell(&lowered), case_of(word));
        at = end;
    }
    out
}

fn case_of(word: &[char]) -> Case {
    let capitals = word.iter().filter(|c| c.is_uppercase()).count();
    if capitals >= 2 && !word.iter().any(|c| c.is_lowercase()) {
        Case::Capitals
    } else if word.first().is_some_and(|c| c.is_uppercase()) {
        Case::Capitalised
    } else {
        Case::Lower
    }
}

fn put_case(out: &mut String, word: &str, case: Case) {
    match case {
        Case::Lower => out.push_str(word),
        Case::Capitals => out.push_str(&word.to_uppercase()),
        Case::Capitalised => {
            let mut rest = word.chars();
            if let Some(first) = rest.next() {
                out.extend(first.to_uppercase());
                out.push_str(rest.as_str());
            }
        }
    }
}

/// `ee` and `oo` are English spellings of one long vowel.
fn long_vowels(word: &[char]) -> Vec<char> {
    let mut out = Vec::with_capacity(word.len());
    let mut at = 0;
    while at < word.len() {
        match (word[at], word.get(at + 1)) {
            ('e', Some('e')) => out.push('i'),
            ('o', Some('o')) => out.push('u'),
            (c, _) => {
                out.push(c);
                at += 1;
                continue;
            }
        }
        at += 2;
    }
    out
}

fn collapse(mut letters: Vec<char>) -> Vec<char> {
    letters.dedup();
    letters
}

fn is_vowel(c: Option<char>) -> bool {
    c.is_some_and(|c| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u'))
}

fn neighbours(letters: &[char], at: usize) -> (Option<char>, Option<char>) {
    let before = at.checked_sub(1).map(|p| letters[p]);
    (before, letters.get(at + 1).copied())
}

fn push_serbian(letters: &[char], at: usize, out: &mut String) -> usize {
    let (before, after) = neighbours(letters, at);
    let (taken, sound) = match (letters[at], after) {
        ('s', Some('h')) => (2, "š"),
        ('c', Some('h')) => (2, "č"),
        ('z', Some('h')) => (2, "ž"),
        ('k', Some('h')) => (2, "h"),
        ('g', Some('h')) => (2, "g"),
        ('d', Some('h')) => (2, "d"),
        ('t', Some('h')) => (2, "t"),
        ('p', Some('h')) => (2, "f"),
        ('o', Some('u')) => (2, "u"),
        ('j', _) => (1, "dž"),
        ('y', _) if is_vowel(before) || is_vowel(after) => (1, "j"),
        ('y', _) => (1, "i"),
        ('w', _) => (1, "v"),
        ('q' | 'c', _) => (1, "k"),
        ('x', _) => (1, "ks"),
        (other, _) => {
            out.push(other);
            return 1;
        }
    };
    out.push_str(sound);
    taken
}

/// Letters outside English spelling, in the English spelling of their
/// sound, so that the Greek table only has to know English.
fn spell_plain(c: char, out: &mut Vec<char>) {
    let spelled = match c {
        'š' => "sh",
        'ž' => "zh",
        'č' | 'ć' => "tsh",
        'đ' => "j",
        'ð' => "dh",
        'þ' => "th",
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        'ø' => "o",
        'ł' => "l",
        'ı' => "i",
        'ŋ' => "ng",
        _ => {
            let base = std::iter::once(c).nfd().next().unwrap_or(c);
            out.push(if base.is_ascii_alphabetic() { base } else { c });
            return;
        }
    };
    out.extend(spelled.chars());
}

fn push_greek(letters: &[char], at: usize, out: &mut String) -> usize {
    let (before, after) = neighbours(letters, at);
    let pair = match (letters[at], after) {
        ('t', Some('h')) => "θ",
        ('c' | 'k', Some('h')) => "χ",
        ('p', Some('h')) => "φ",
        ('p', Some('s')) => "ψ",
        ('k', Some('s')) => "ξ",
        ('s', Some('h')) => "σ",
        ('z', Some('h')) => "ζ",
        ('g', Some('h')) => "γ",
        ('d', Some('h')) => "δ",
        ('o', Some('u')) => "ου",
        _ => "",
    };
    if !pair.is_empty() {
        out.push_str(pair);
        return 2;
    }
    let sound = match letters[at] {
        'a' => "α",
        'b' => "μπ",
        'c' | 'k' | 'q' => "κ",
        'd' => "ντ",
        'e' => "ε",
        'f' => "φ",
        'g' if at == 0 => "γκ",
        'g' => "γ",
        'h' => "χ",
        'i' => iota(before),
        'j' => "τζ",
        'l' => "λ",
        'm' => "μ",
        'n' => "ν",
        'o' => "ο",
        'p' => "π",
        'r' => "ρ",
        's' => "σ",
        't' => "τ",
        'u' | 'w' => "ου",
        'v' => "β",
        'x' => "ξ",
        'y' if is_vowel(after) && (at == 0 || is_vowel(before)) => "γι",
        'y' => iota(before),
        'z' => "ζ",
        other => {
            out.push(other);
            return 1;
        }
    };
    out.push_str(sound);
    1
}

/// After `a`, `e` or `o` a plain ι would make a Greek digraph (αι, ει, οι
/// read as one vowel), so the diaeresis keeps it a vowel of its own.
fn iota(before: Option<char>) -> &'static str {
    if matches!(before, Some('a' | 'e' | 'o')) {
        "ϊ"
    } else {
        "ι"
    }
}
