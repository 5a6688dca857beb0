//! How the words people write are written down and compared: names,
//! places, handles, across the scripts used on the Western Balkan route.
//!
//! This crate owns:
//!
//! - the stored form of free text ([`normalise`]) and the case- and
//!   accent-blind search form ([`fold`]);
//! - which script a text is in ([`Script`]);
//! - transliteration between Latin, Serbian, Macedonian, Bulgarian,
//!   Russian and Ukrainian Cyrillic, and Greek, by the official system of
//!   each country, plus the ICAO machine-readable-zone form
//!   ([`translit`]);
//! - the matching key under which spelling variants of Arabic-, Farsi-,
//!   Pashto-, Kurdish-, Turkish- and Urdu-origin names meet
//!   ([`matching_key`]).
//!
//! It must never do I/O, know about reports, entities or agencies, or make
//! a matching decision: it says how a string is written, and which strings
//! are worth comparing, never who is who. Every function is pure, takes any
//! string and never panics. Its only dependency is `unicode-normalization`.

mod key;
mod script;
pub mod translit;

pub use key::matching_key;
pub use script::Script;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Canonical stored form of free text: Unicode NFC, runs of whitespace
/// collapsed to one space, no leading or trailing space.
///
/// Stored values go through this so that the same name typed on two
/// keyboards (precomposed `Č` versus `C` + combining caron, a doubled space)
/// is stored identically. Case and accents are kept: they are evidence.
pub fn normalise(text: &str) -> String {
    collapse_whitespace(text.nfc())
}

/// Search key: [`normalise`], then case-folded and stripped of accents and
/// other combining marks, with letters that do not decompose (`ß`, `Đ`, `Ø`,
/// `Ł`, `Æ`, `Œ`, dotless `ı`) spelled out. `Šćepanović` and `SCEPANOVIC`
/// fold to the same key.
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        // Nothing to decompose or strip: the common case (document
        // numbers, phones, most names) without the Unicode tables.
        return collapse_whitespace(text.chars().map(|c| c.to_ascii_lowercase()));
    }
    let mut decomposed = String::with_capacity(text.len());
    for c in text.nfkd().filter(|c| !is_combining_mark(*c)) {
        match c {
            'ß' | 'ẞ' => decomposed.push_str("ss"),
            'Đ' | 'đ' | 'Ð' | 'ð' => decomposed.push('d'),
            'Ø' | 'ø' => decomposed.push('o'),
            'Ł' | 'ł' => decomposed.push('l'),
            'Æ' | 'æ' => decomposed.push_str("ae"),
            'Œ' | 'œ' => decomposed.push_str("oe"),
            'Þ' | 'þ' => decomposed.push_str("th"),
            'ı' => decomposed.push('i'),
            // Final sigma is a positional form of σ, not another letter.
            'ς' => decomposed.push('σ'),
            _ => decomposed.extend(c.to_lowercase()),
        }
    }
    // Lower-casing can itself produce combining marks (`İ` → `i̇`), so strip
    // once more after it, then compose what is left.
    collapse_whitespace(
        decomposed
            .nfkd()
            .filter(|c| !is_combining_mark(*c))
            .collect::<String>()
            .nfc(),
    )
}

/// True when `text` holds a character that has no place in a stored value:
/// a control character (other than ordinary whitespace) or a Unicode
/// non-character. Importers reject such values instead of storing them.
pub fn has_forbidden_chars(text: &str) -> bool {
    text.chars().any(|c| {
        (c.is_control() && !matches!(c, ' ' | '\t' | '\n' | '\r'))
            || matches!(c, '\u{FFFE}' | '\u{FFFF}' | '\u{FFFD}')
    })
}

fn collapse_whitespace(chars: impl Iterator<Item = char>) -> String {
    let mut out = String::new();
    let mut pending_space = false;
    for c in chars {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

/// The comparable form of a registration plate: letters and digits, upper
/// case, separators dropped, and the Cyrillic and Greek letters that plates
/// share with Latin read as Latin (a Bulgarian `СВ 1234 АК` is `CB1234AK`).
/// Idempotent.
pub fn plate_key(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '.' | '·' | '/'))
        .flat_map(char::to_uppercase)
        .map(|c| match c {
            'А' => 'A',
            'В' => 'B',
            'Е' => 'E',
            'К' => 'K',
            'М' => 'M',
            'Н' => 'H',
            'О' => 'O',
            'Р' => 'P',
            'С' => 'C',
            'Т' => 'T',
            'У' => 'Y',
            'Х' => 'X',
            'І' => 'I',
            'Ј' => 'J',
            // Greek plates use the Greek letters that look Latin.
            'Α' => 'A',
            'Β' => 'B',
            'Ε' => 'E',
            'Ζ' => 'Z',
            'Η' => 'H',
            'Ι' => 'I',
            'Κ' => 'K',
            'Μ' => 'M',
            'Ν' => 'N',
            'Ο' => 'O',
            'Ρ' => 'P',
            'Τ' => 'T',
            'Υ' => 'Y',
            'Χ' => 'X',
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalise_composes_and_collapses() {
        assert_eq!(
            normalise("  Mila\u{301}n \t  C\u{30C}olic  "),
            "Milán Čolic"
        );
    }

    #[test]
    fn fold_is_accent_and_case_blind() {
        assert_eq!(fold("Šćepanović"), "scepanovic");
        assert_eq!(fold("ĐORĐEVIĆ"), "dordevic");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("İstanbul"), "istanbul");
        assert_eq!(fold("Μοχάμεντ"), "μοχαμεντ");
    }

    #[test]
    fn forbidden_chars_are_found() {
        assert!(has_forbidden_chars("abc\u{0}"));
        assert!(has_forbidden_chars("a\u{7}b"));
        assert!(!has_forbidden_chars("Мухамед Ал Хасан"));
        assert!(!has_forbidden_chars("line one\nline two"));
    }
}
