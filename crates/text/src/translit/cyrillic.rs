//! Cyrillic alphabets of the route and their official Latin forms.

use super::engine::{at_word_end, at_word_start, by_letter, lower, transliterate, with_digraphs};
use unicode_normalization::UnicodeNormalization;

/// Serbian Cyrillic to Gaj's Latin, letter for letter (`Љ` → `Lj`, or
/// `LJ` inside a word in capitals; `Џ` → `Dž`; `Ђ` → `Đ`; `Ћ` → `Ć`).
/// Letters outside the Serbian alphabet (`я`, `ѓ`) are left as they are.
pub fn serbian_to_latin(text: &str) -> String {
    transliterate(text, by_letter(serbian))
}

/// Gaj's Latin to Serbian Cyrillic; `lj`, `nj` and `dž` in any case (and
/// the single-character digraphs `ǉ`, `ǌ`, `ǆ`) become `љ`, `њ`, `џ`.
///
/// The reverse is not unique: a word spelt with `нј`, `лј` or `дж` in
/// Cyrillic (`конјугација`, `поджњети`) comes back with `њ`, `љ`, `џ`.
/// `dj` is kept as `дј`: it is an ASCII stand-in for `đ`, not a letter.
pub fn serbian_to_cyrillic(text: &str) -> String {
    transliterate(&nfc(text), with_digraphs(gaj_digraph, gaj_letter))
}

/// Macedonian Cyrillic to the official Macedonian romanisation: `ѓ` gj,
/// `ќ` kj, `ѕ` dz, `џ` dž, `љ` lj, `њ` nj, `ј` j, `ч` č, `ш` š, `ж` ž,
/// `ц` c, `х` h.
pub fn macedonian_to_latin(text: &str) -> String {
    transliterate(text, by_letter(macedonian))
}

/// The official Macedonian romanisation back to Cyrillic, digraphs (`gj`
/// `kj` `dz` `dž` `lj` `nj`) first. A Cyrillic `дз`, `гј`, `кј`, `лј` or
/// `нј` cannot be told from the digraph and comes back as one letter.
pub fn macedonian_to_cyrillic(text: &str) -> String {
    transliterate(
        &nfc(text),
        with_digraphs(macedonian_digraph, macedonian_latin_letter),
    )
}

/// Bulgarian Cyrillic to the Streamlined System of the 2009
/// Transliteration Act: `ж` zh, `ц` ts, `ч` ch, `ш` sh, `щ` sht, `ъ` a,
/// `ь` y, `ю` yu, `я` ya, `й` y, `х` h; `ия` at the end of a word is `ia`
/// (`София` → `Sofia`).
pub fn bulgarian_to_latin(text: &str) -> String {
    transliterate(text, |chars, at| {
        let final_ia = lower(chars[at]) == 'и'
            && chars.get(at + 1).is_some_and(|c| lower(*c) == 'я')
            && at_word_end(chars, at + 1);
        if final_ia {
            return Some((2, "ia"));
        }
        bulgarian(lower(chars[at])).map(|s| (1, s))
    })
}

/// The Streamlined System back to Bulgarian Cyrillic, taking the longest
/// match first (`sht` before `sh`), with a word-final `ia` read as `ия`.
///
/// The system loses two distinctions, so this is a best reading, not an
/// inverse: `a` is always `а`, never `ъ` (`Aglen` → `Аглен`, not `Ъглен`),
/// and `y` is always `й`, never `ь` (`Zhelyo` → `Жейо`, not `Жельо`).
/// Likewise `ts`, `sht`, `yu`, `ya` are always read as one letter.
pub fn bulgarian_to_cyrillic(text: &str) -> String {
    transliterate(&nfc(text), |chars, at| {
        let low = |k: usize| chars.get(at + k).map(|c| lower(*c));
        let (a, b, c) = (lower(chars[at]), low(1), low(2));
        if (a, b, c) == ('s', Some('h'), Some('t')) {
            return Some((3, "щ"));
        }
        if (a, b) == ('i', Some('a')) && at_word_end(chars, at + 1) {
            return Some((2, "ия"));
        }
        let pair = b.and_then(|b| streamlined_digraph(a, b)).map(|s| (2, s));
        pair.or_else(|| streamlined_letter(a).map(|s| (1, s)))
    })
}

/// Russian to Latin by the ICAO Doc 9303 table used in Russian passports
/// since 2013: `х` kh, `ц` ts, `ч` ch, `ш` sh, `щ` shch, `ъ` ie, `ы` y,
/// `ь` dropped, `э` e, `ю` iu, `я` ia, `ё` e, `й` i, `ж` zh.
pub fn russian_to_latin(text: &str) -> String {
    transliterate(text, by_letter(russian))
}

/// Ukrainian to Latin by the national standard (Cabinet of Ministers
/// resolution 55 of 2010): `г` h, `ґ` g, `и` y, `і` i, `х` kh, `щ` shch,
/// `зг` zgh; `є ї й ю я` are `ye yi y yu ya` at the start of a word and
/// `ie i i iu ia` elsewhere; `ь` and the apostrophe are dropped.
pub fn ukrainian_to_latin(text: &str) -> String {
    transliterate(text, |chars, at| {
        let c = lower(chars[at]);
        if is_apostrophe(c) {
            let inside = at > 0
                && is_cyrillic_letter(chars[at - 1])
                && chars.get(at + 1).is_some_and(|n| is_cyrillic_letter(*n));
            return inside.then_some((1, ""));
        }
        if c == 'з' && chars.get(at + 1).is_some_and(|n| lower(*n) == 'г') {
            return Some((2, "zgh"));
        }
        let initial = ukrainian_word_start(chars, at);
        ukrainian(c, initial).map(|s| (1, s))
    })
}

/// Any Cyrillic to Latin for [`super::to_latin`]: the Russian ICAO table,
/// with the letters of the other alphabets in their own usual forms.
pub(crate) fn cyrillic_to_latin(text: &str) -> String {
    transliterate(text, |chars, at| {
        let c = lower(chars[at]);
        russian(c).or_else(|| other_cyrillic(c)).map(|s| (1, s))
    })
}

/// ICAO Doc 9303 Part 3 form of one Cyrillic letter, in lower case.
pub(crate) fn icao(c: char) -> Option<&'static str> {
    let c = lower(c);
    let extra = match c {
        'ђ' => "d",
        'ѓ' => "g",
        'є' => "ie",
        'ѕ' => "dz",
        'і' | 'ї' => "i",
        'ј' => "j",
        'љ' => "lj",
        'њ' => "nj",
        'ћ' => "c",
        'ќ' => "k",
        'ў' => "u",
        'џ' => "dz",
        'ґ' => "g",
        _ => return russian(c),
    };
    Some(extra)
}

fn nfc(text: &str) -> String {
    text.nfc().collect()
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}')
}

fn is_cyrillic_letter(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{052F}') && c.is_alphabetic()
}

/// After an apostrophe inside a word (`В'ячеслав`) a letter is not initial.
fn ukrainian_word_start(chars: &[char], at: usize) -> bool {
    if at_word_start(chars, at) {
        let after_apostrophe =
            at >= 2 && is_apostrophe(chars[at - 1]) && chars[at - 2].is_alphabetic();
        return !after_apostrophe;
    }
    false
}

/// Letters shared by Serbian and Macedonian Cyrillic.
fn south_slavic(c: char) -> Option<&'static str> {
    Some(match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'д' => "d",
        'е' => "e",
        'ж' => "ž",
        'з' => "z",
        'и' => "i",
        'ј' => "j",
        'к' => "k",
        'л' => "l",
        'љ' => "lj",
        'м' => "m",
        'н' => "n",
        'њ' => "nj",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' => "h",
        'ц' => "c",
        'ч' => "č",
        'џ' => "dž",
        'ш' => "š",
        _ => return None,
    })
}

fn serbian(c: char) -> Option<&'static str> {
    match c {
        'ђ' => Some("đ"),
        'ћ' => Some("ć"),
        _ => south_slavic(c),
    }
}

fn macedonian(c: char) -> Option<&'static str> {
    match c {
        'ѓ' => Some("gj"),
        'ќ' => Some("kj"),
        'ѕ' => Some("dz"),
        // Grave-accented forms only mark stress or tell homographs apart.
        'ѐ' => Some("e"),
        'ѝ' => Some("i"),
        _ => south_slavic(c),
    }
}

/// Latin letters shared by Gaj's alphabet and Macedonian romanisation.
fn south_slavic_latin(c: char) -> Option<&'static str> {
    Some(match c {
        'a' => "а",
        'b' => "б",
        'c' => "ц",
        'č' => "ч",
        'd' => "д",
        'e' => "е",
        'f' => "ф",
        'g' => "г",
        'h' => "х",
        'i' => "и",
        'j' => "ј",
        'k' => "к",
        'l' => "л",
        'm' => "м",
        'n' => "н",
        'o' => "о",
        'p' => "п",
        'r' => "р",
        's' => "с",
        'š' => "ш",
        't' => "т",
        'u' => "у",
        'v' => "в",
        'z' => "з",
        'ž' => "ж",
        'ǆ' => "џ",
        'ǉ' => "љ",
        'ǌ' => "њ",
        _ => return None,
    })
}

fn gaj_letter(c: char) -> Option<&'static str> {
    match c {
        'đ' => Some("ђ"),
        'ć' => Some("ћ"),
        _ => south_slavic_latin(c),
    }
}

fn gaj_digraph(a: char, b: char) -> Option<&'static str> {
    match (a, b) {
        ('l', 'j') => Some("љ"),
        ('n', 'j') => Some("њ"),
        ('d', 'ž') => Some("џ"),
        _ => None,
    }
}

fn macedonian_latin_letter(c: char) -> Option<&'static str> {
    south_slavic_latin(c)
}

fn macedonian_digraph(a: char, b: char) -> Option<&'static str> {
    match (a, b) {
        ('g', 'j') => Some("ѓ"),
        ('k', 'j') => Some("ќ"),
        ('d', 'z') => Some("ѕ"),
        _ => gaj_digraph(a, b),
    }
}

fn bulgarian(c: char) -> Option<&'static str> {
    Some(match c {
        'ж' => "zh",
        'й' => "y",
        'х' => "h",
        'щ' => "sht",
        'ъ' => "a",
        'ь' => "y",
        'ю' => "yu",
        'я' => "ya",
        'ѝ' => "i",
        'ё' | 'ы' | 'э' => return None,
        _ => return russian(c),
    })
}

fn streamlined_digraph(a: char, b: char) -> Option<&'static str> {
    Some(match (a, b) {
        ('z', 'h') => "ж",
        ('t', 's') => "ц",
        ('c', 'h') => "ч",
        ('s', 'h') => "ш",
        ('y', 'u') => "ю",
        ('y', 'a') => "я",
        _ => return None,
    })
}

fn streamlined_letter(c: char) -> Option<&'static str> {
    Some(match c {
        'a' => "а",
        'b' => "б",
        'v' => "в",
        'g' => "г",
        'd' => "д",
        'e' => "е",
        'z' => "з",
        'i' => "и",
        'y' => "й",
        'k' => "к",
        'l' => "л",
        'm' => "м",
        'n' => "н",
        'o' => "о",
        'p' => "п",
        'r' => "р",
        's' => "с",
        't' => "т",
        'u' => "у",
        'f' => "ф",
        'h' => "х",
        _ => return None,
    })
}

fn russian(c: char) -> Option<&'static str> {
    Some(match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'д' => "d",
        'е' | 'ё' | 'э' => "e",
        'ж' => "zh",
        'з' => "z",
        'и' | 'й' => "i",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' => "ie",
        'ы' => "y",
        'ь' => "",
        'ю' => "iu",
        'я' => "ia",
        _ => return None,
    })
}

fn ukrainian(c: char, initial: bool) -> Option<&'static str> {
    let positional =
        |start: &'static str, inside: &'static str| if initial { start } else { inside };
    Some(match c {
        'г' => "h",
        'ґ' => "g",
        'е' => "e",
        'є' => positional("ye", "ie"),
        'и' => "y",
        'і' => "i",
        'ї' => positional("yi", "i"),
        'й' => positional("y", "i"),
        'ю' => positional("yu", "iu"),
        'я' => positional("ya", "ia"),
        'ё' | 'ъ' | 'ы' | 'э' => return None,
        _ => return russian(c),
    })
}

/// Letters of the other Cyrillic alphabets, in the Latin their own
/// countries use, for text whose language is not known.
fn other_cyrillic(c: char) -> Option<&'static str> {
    Some(match c {
        'ђ' => "đ",
        'ћ' => "ć",
        'ј' => "j",
        'љ' => "lj",
        'њ' => "nj",
        'џ' => "dž",
        'ѓ' => "gj",
        'ќ' => "kj",
        'ѕ' => "dz",
        'є' => "ie",
        'ї' | 'і' | 'ѝ' => "i",
        'ґ' => "g",
        'ў' => "u",
        'ѐ' => "e",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digraph_case_follows_the_word() {
        assert_eq!(serbian_to_latin("Љубиша ЉУБИША Џ"), "Ljubiša LJUBIŠA Dž");
        assert_eq!(serbian_to_cyrillic("LJUBIŠA Ljubiša lJ"), "ЉУБИША Љубиша љ");
    }
}
