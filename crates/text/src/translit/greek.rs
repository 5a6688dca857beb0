//! Greek to Latin by ELOT 743 (the ISO 843 transcription used in Greek
//! passports), and a phonetic variant of it for the matching key.

use super::engine::{lower, push_cased};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// How to read Greek letter groups that stand for sounds Greek has no
/// letter for.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reading {
    /// ELOT 743 as written: `χ` ch, `ντ` nt, `μπ` mp, `γκ` gk.
    Elot,
    /// As the sounds a Greek officer meant when writing a foreign name:
    /// `χ` kh, `ντ` d, `μπ` b, `γκ` g, `τζ` dz, `γι` before a vowel y.
    Sound,
}

/// Greek to Latin by ELOT 743 / ISO 843 transcription, as in Greek
/// passports. Accents and breathings are dropped; `αι ει οι ου` are `ai ei
/// oi ou`; `αυ ευ ηυ` are `av ev iv` before a vowel or `β γ δ ζ λ μ ν ρ`
/// and `af ef if` otherwise (an accent on the first vowel or a diaeresis
/// on `υ` splits the pair: `Ταΰγετος` → `Taygetos`); `γ` before `γ ξ χ`
/// is `n` (`ng nx nch`), `γκ` is `gk`; `μπ` is `b` at the start or end of
/// a word and `mp` inside it; `ντ` is `nt`; `θ` th, `χ` ch, `ψ` ps, `ξ` x,
/// `η` i, `υ` y, `ω` o, `σ ς` s. Other characters are left as they are.
pub fn greek_to_latin(text: &str) -> String {
    transcribe(text, Reading::Elot)
}

#[derive(Clone, Copy)]
struct Letter {
    original: char,
    base: char,
    capital: bool,
    accent: bool,
    diaeresis: bool,
}

enum Item {
    Greek(Letter),
    Other(char),
}

impl Item {
    fn is_letter(&self) -> bool {
        match self {
            Item::Greek(_) => true,
            Item::Other(c) => c.is_alphabetic(),
        }
    }

    fn base(&self) -> Option<char> {
        match self {
            Item::Greek(l) => Some(l.base),
            Item::Other(_) => None,
        }
    }
}

pub(crate) fn transcribe(text: &str, reading: Reading) -> String {
    let items = parse(text);
    let shouted = capital_words(&items);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    while at < items.len() {
        match &items[at] {
            Item::Other(c) => {
                out.push(*c);
                at += 1;
            }
            Item::Greek(letter) => match unit(&items, at, reading) {
                Some((taken, latin)) => {
                    push_cased(&mut out, latin, letter.capital, shouted[at]);
                    at += taken;
                }
                None => {
                    out.push(letter.original);
                    at += 1;
                }
            },
        }
    }
    out
}

fn is_greek_letter(c: char) -> bool {
    matches!(c, '\u{0370}'..='\u{03FF}' | '\u{1F00}'..='\u{1FFF}') && c.is_alphabetic()
}

/// Splits precomposed letters into a base and the two marks that matter
/// for ELOT (accent, diaeresis); marks typed separately join the letter
/// before them. Other marks on Greek letters (breathings) are dropped.
fn parse(text: &str) -> Vec<Item> {
    let mut items: Vec<Item> = Vec::with_capacity(text.len());
    for c in text.chars() {
        if let (true, Some(Item::Greek(last))) = (is_combining_mark(c), items.last_mut()) {
            mark(last, c);
        } else if is_greek_letter(c) {
            items.push(Item::Greek(letter(c)));
        } else {
            items.push(Item::Other(c));
        }
    }
    items
}

fn letter(c: char) -> Letter {
    let mut parts = std::iter::once(c).nfd();
    let base = parts.next().unwrap_or(c);
    let mut letter = Letter {
        original: c,
        base: lower(base),
        capital: base.is_uppercase(),
        accent: false,
        diaeresis: false,
    };
    parts.for_each(|m| mark(&mut letter, m));
    letter
}

fn mark(letter: &mut Letter, mark: char) {
    match mark {
        '\u{0301}' | '\u{0300}' | '\u{0342}' => letter.accent = true,
        '\u{0308}' => letter.diaeresis = true,
        '\u{0344}' => {
            letter.accent = true;
            letter.diaeresis = true;
        }
        _ => {}
    }
}

fn capital_words(items: &[Item]) -> Vec<bool> {
    let mut flags = vec![false; items.len()];
    let mut start = 0;
    while start < items.len() {
        if !items[start].is_letter() {
            start += 1;
            continue;
        }
        let end = items[start..]
            .iter()
            .position(|i| !i.is_letter())
            .map_or(items.len(), |n| start + n);
        let (mut capitals, mut small) = (0, 0);
        for item in &items[start..end] {
            let capital = match item {
                Item::Greek(l) => l.capital,
                Item::Other(c) => c.is_uppercase(),
            };
            let lower_case = match item {
                Item::Greek(l) => !l.capital,
                Item::Other(c) => c.is_lowercase(),
            };
            capitals += usize::from(capital);
            small += usize::from(lower_case);
        }
        flags[start..end].fill(capitals >= 2 && small == 0);
        start = end;
    }
    flags
}

fn greek_at(items: &[Item], at: usize) -> Option<Letter> {
    match items.get(at) {
        Some(Item::Greek(l)) => Some(*l),
        _ => None,
    }
}

fn word_start(items: &[Item], at: usize) -> bool {
    at == 0 || !items[at - 1].is_letter()
}

fn word_end(items: &[Item], at: usize) -> bool {
    items.get(at + 1).is_none_or(|i| !i.is_letter())
}

/// The Latin for the letter group starting at `at` and how many letters it
/// takes, or `None` for a Greek letter outside the table.
fn unit(items: &[Item], at: usize, reading: Reading) -> Option<(usize, &'static str)> {
    let this = greek_at(items, at)?;
    let next = greek_at(items, at + 1);
    let pair = next.map(|n| (this.base, n.base));
    if let Some(found) = vowel_pair(items, at, this, next) {
        return Some(found);
    }
    if reading == Reading::Sound {
        if let Some(found) = sound_pair(items, at, pair) {
            return Some(found);
        }
    }
    match pair {
        Some(('γ', 'γ' | 'ξ' | 'χ')) => Some((1, "n")),
        Some(('μ', 'π')) if word_start(items, at) || word_end(items, at + 1) => Some((2, "b")),
        _ => single(this.base).map(|s| (1, s)),
    }
}

/// `ου`, and `αυ ευ ηυ` read as `v` or `f` by the sound that follows.
fn vowel_pair(
    items: &[Item],
    at: usize,
    this: Letter,
    next: Option<Letter>,
) -> Option<(usize, &'static str)> {
    // An accent on the first vowel or a diaeresis splits the pair.
    next.filter(|n| n.base == 'υ' && !n.diaeresis && !this.accent && !this.diaeresis)?;
    let voiced = items
        .get(at + 2)
        .and_then(Item::base)
        .is_some_and(|b| "αεηιουωβγδζλμνρ".contains(b));
    let latin = match (this.base, voiced) {
        ('ο', _) => "ou",
        ('α', true) => "av",
        ('α', false) => "af",
        ('ε', true) => "ev",
        ('ε', false) => "ef",
        ('η', true) => "iv",
        ('η', false) => "if",
        _ => return None,
    };
    Some((2, latin))
}

fn sound_pair(
    items: &[Item],
    at: usize,
    pair: Option<(char, char)>,
) -> Option<(usize, &'static str)> {
    if items.get(at).and_then(Item::base) == Some('χ') {
        return Some((1, "kh"));
    }
    let vowel_after = items
        .get(at + 2)
        .and_then(Item::base)
        .is_some_and(|b| "αεηοωυ".contains(b));
    Some(match pair? {
        ('ν', 'τ') => (2, "d"),
        ('μ', 'π') => (2, "b"),
        ('γ', 'κ') => (2, "g"),
        ('τ', 'ζ') => (2, "dz"),
        ('γ', 'ι') if vowel_after => (2, "y"),
        _ => return None,
    })
}

fn single(base: char) -> Option<&'static str> {
    Some(match base {
        'α' => "a",
        'β' | 'ϐ' => "v",
        'γ' => "g",
        'δ' => "d",
        'ε' | 'ϵ' => "e",
        'ζ' => "z",
        'η' | 'ι' => "i",
        'θ' | 'ϑ' => "th",
        'κ' | 'ϰ' => "k",
        'λ' => "l",
        'μ' => "m",
        'ν' => "n",
        'ξ' => "x",
        'ο' | 'ω' => "o",
        'π' | 'ϖ' => "p",
        'ρ' | 'ϱ' => "r",
        'σ' | 'ς' | 'ϲ' => "s",
        'τ' => "t",
        'υ' => "y",
        'φ' | 'ϕ' => "f",
        'χ' => "ch",
        'ψ' => "ps",
        _ => return None,
    })
}
