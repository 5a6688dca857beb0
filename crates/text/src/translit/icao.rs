//! The machine-readable zone form of a name (ICAO Doc 9303 Part 3).

use super::cyrillic;
use super::engine::lower;
use super::greek::greek_to_latin;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// A name as ICAO Doc 9303 Part 3 writes it in a machine-readable zone:
/// only `A`–`Z` and the filler `<`.
///
/// Latin letters lose their marks, except those the standard spells out:
/// `Ä Æ` AE, `Å` AA, `Ĳ` IJ, `Ö Ø Œ` OE, `Ü` UE, `ß` SS, `Þ` TH, `Ð Đ` D,
/// `Ł` L, `Ŋ` N, `ı` I. Cyrillic follows the ICAO table (the Russian
/// letters as in [`super::russian_to_latin`]; `Ђ` D, `Ѓ` G, `Є` IE, `Ѕ`
/// DZ, `І Ї` I, `Ј` J, `Љ` LJ, `Њ` NJ, `Ћ` C, `Ќ` K, `Ў` U, `Џ` DZ, `Ґ`
/// G; `Ь` dropped). Greek goes through [`super::greek_to_latin`] (ELOT
/// 743, as in Greek passports). Spaces and hyphens become one `<` per run;
/// apostrophes, commas, dots, digits and letters of other scripts are
/// dropped; no `<` is left at either end.
pub fn icao_mrz(text: &str) -> String {
    let latin = greek_to_latin(&text.nfc().collect::<String>());
    let mut out = String::with_capacity(latin.len());
    for c in latin.chars() {
        if is_filler(c) {
            if !out.is_empty() && !out.ends_with('<') {
                out.push('<');
            }
        } else {
            push_letters(c, &mut out);
        }
    }
    while out.ends_with('<') {
        out.pop();
    }
    out
}

fn is_filler(c: char) -> bool {
    c.is_whitespace() || matches!(c, '-' | '\u{2010}'..='\u{2015}')
}

fn push_letters(c: char, out: &mut String) {
    if let Some(spelled) = spelled_out(lower(c)) {
        out.push_str(spelled);
    } else if let Some(latin) = cyrillic::icao(c) {
        out.push_str(&latin.to_ascii_uppercase());
    } else {
        // What is left is a letter with marks to strip (or a Cyrillic
        // letter under a stress mark), or something with no MRZ form.
        for part in std::iter::once(c).nfkd().filter(|p| !is_combining_mark(*p)) {
            if part.is_ascii_alphabetic() {
                out.push(part.to_ascii_uppercase());
            } else if let Some(latin) = cyrillic::icao(part) {
                out.push_str(&latin.to_ascii_uppercase());
            }
        }
    }
}

fn spelled_out(c: char) -> Option<&'static str> {
    Some(match c {
        'ä' | 'æ' => "AE",
        'å' => "AA",
        'ĳ' => "IJ",
        'ö' | 'ø' | 'œ' => "OE",
        'ü' => "UE",
        'ß' => "SS",
        'þ' => "TH",
        'ð' | 'đ' => "D",
        'ł' => "L",
        'ŋ' => "N",
        'ı' => "I",
        _ => return None,
    })
}
