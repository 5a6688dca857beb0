//! How each agency writes what it saw: script, spelling, date and phone
//! formats — and the mistakes people make typing under pressure.

use chrono::{Datelike, NaiveDate};
use corridor_text::translit;
use rand::seq::IndexedRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::names::{self, Native};
use crate::world::Phone;

/// The writing an agency uses for one report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Writing {
    /// ASCII Latin, names in capitals when `upper` (UK, Frontex, Europol).
    Ascii {
        upper: bool,
    },
    SerbianLatin,
    SerbianCyrillic,
    MacedonianCyrillic,
    BulgarianCyrillic,
    Greek,
    Albanian,
    French,
}

impl Writing {
    pub fn of(agency: &str, rng: &mut ChaCha8Rng) -> Writing {
        match agency {
            "SRB-MUP" if rng.random_bool(0.6) => Writing::SerbianCyrillic,
            "SRB-MUP" | "BIH-GP" | "MNE-UP" => Writing::SerbianLatin,
            "MKD-MVR" => Writing::MacedonianCyrillic,
            "BGR-MVR" => Writing::BulgarianCyrillic,
            "GRC-HP" => Writing::Greek,
            "ALB-ASP" | "XKX-KP" => Writing::Albanian,
            "FRA-PAF" => Writing::French,
            "GBR-BSC" | "GBR-NCA" => Writing::Ascii {
                upper: rng.random_bool(0.5),
            },
            _ => Writing::Ascii { upper: false },
        }
    }
}

/// A name as `writing` renders it. `name` is written the way its bearer's
/// country writes it (`native`).
pub fn name(name: &str, native: Native, writing: Writing) -> String {
    let latin = || -> String {
        match native {
            Native::MacedonianCyrillic => translit::macedonian_to_latin(name),
            Native::BulgarianCyrillic => translit::bulgarian_to_latin(name),
            Native::Greek => translit::greek_to_latin(name),
            _ => name.to_owned(),
        }
    };
    let ascii = || ascii_title(&latin());
    // A foreign name in Serbo-Croatian spelling, as Balkan officers write it.
    let slavic = || match native {
        Native::Transliterated => translit::english_to_serbian_latin(name),
        Native::Albanian => albanian_to_serbian(name),
        Native::Turkish => turkish_to_serbian(name),
        Native::SerboCroatian => name.to_owned(),
        _ => latin(),
    };
    match writing {
        Writing::Ascii { upper: true } => ascii().to_uppercase(),
        Writing::Ascii { upper: false } => ascii(),
        Writing::French => latin(),
        Writing::SerbianLatin => slavic(),
        Writing::Albanian => match native {
            Native::Transliterated => {
                serbian_to_albanian(&translit::english_to_serbian_latin(name))
            }
            Native::Albanian | Native::Turkish => name.to_owned(),
            Native::SerboCroatian => name.to_owned(),
            _ => latin(),
        },
        Writing::SerbianCyrillic => match native {
            Native::MacedonianCyrillic | Native::BulgarianCyrillic => name.to_owned(),
            _ => translit::serbian_to_cyrillic(&slavic()),
        },
        Writing::MacedonianCyrillic => match native {
            Native::MacedonianCyrillic | Native::BulgarianCyrillic => name.to_owned(),
            _ => translit::macedonian_to_cyrillic(&slavic()),
        },
        Writing::BulgarianCyrillic => match native {
            Native::MacedonianCyrillic | Native::BulgarianCyrillic => name.to_owned(),
            _ => translit::bulgarian_to_cyrillic(&english_to_streamlined(&ascii())),
        },
        Writing::Greek => match native {
            Native::Greek => name.to_owned(),
            _ => translit::greek_from_latin(&ascii()),
        },
    }
}

/// Text in ASCII with each word capitalised, as UK and Frontex records
/// write names and places.
pub fn ascii_title(text: &str) -> String {
    corridor_text::fold(text)
        .split(' ')
        .map(title)
        .collect::<Vec<_>>()
        .join(" ")
}

fn title(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Letters the Bulgarian Streamlined System has no use for, respelled so
/// that the reverse transliteration has something to map.
fn english_to_streamlined(name: &str) -> String {
    let mut out = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let next_h = chars.get(i + 1).is_some_and(|n| *n == 'h' || *n == 'H');
        let upper = c.is_uppercase();
        let rep = match c.to_ascii_lowercase() {
            'j' => "dzh",
            'w' => "v",
            'q' => "k",
            'x' => "ks",
            'c' if !next_h => "k",
            _ => {
                out.push(c);
                continue;
            }
        };
        if upper {
            let mut r = rep.chars();
            out.extend(r.next().map(|f| f.to_ascii_uppercase()));
            out.extend(r);
        } else {
            out.push_str(rep);
        }
    }
    out
}

/// A Turkish name in Serbo-Croatian spelling (Şahin → Šahin, Aydın → Ajdin).
fn turkish_to_serbian(name: &str) -> String {
    name.chars()
        .flat_map(|c| -> Vec<char> {
            match c {
                'ş' => vec!['š'],
                'Ş' => vec!['Š'],
                'ç' => vec!['č'],
                'Ç' => vec!['Č'],
                'c' => vec!['d', 'ž'],
                'C' => vec!['D', 'ž'],
                'ğ' => vec![],
                'ı' => vec!['i'],
                'İ' => vec!['I'],
                'ö' => vec!['o'],
                'Ö' => vec!['O'],
                'ü' => vec!['u'],
                'Ü' => vec!['U'],
                'y' => vec!['j'],
                'Y' => vec!['J'],
                other => vec![other],
            }
        })
        .collect()
}

/// Albanian and Serbo-Croatian spellings of the same sounds.
const ALBANIAN_SERBIAN: &[(&str, &str)] = &[
    ("xh", "dž"),
    ("Xh", "Dž"),
    ("sh", "š"),
    ("Sh", "Š"),
    ("zh", "ž"),
    ("ç", "č"),
    ("Ç", "Č"),
    ("gj", "đ"),
    ("Gj", "Đ"),
    ("q", "ć"),
];

fn albanian_to_serbian(name: &str) -> String {
    let respelled = ALBANIAN_SERBIAN
        .iter()
        .fold(name.to_owned(), |n, (sq, sr)| n.replace(sq, sr));
    respelled.replace('ë', "e")
}

fn serbian_to_albanian(name: &str) -> String {
    ALBANIAN_SERBIAN
        .iter()
        .fold(name.to_owned(), |n, (sq, sr)| n.replace(sr, sq))
}

/// A name word in one of its transliteration variants (or itself).
pub fn variant(word: &str, rng: &mut ChaCha8Rng) -> String {
    match names::variants(word) {
        [] => word.to_owned(),
        vs => vs.choose(rng).copied().unwrap_or(word).to_owned(),
    }
}

/// One typing mistake in a word of more than three letters: a letter
/// dropped, doubled, swapped with the next, or replaced by a neighbour.
pub fn typo(word: &str, rng: &mut ChaCha8Rng) -> String {
    let mut chars: Vec<char> = word.chars().collect();
    if chars.len() < 4 {
        return word.to_owned();
    }
    let i = rng.random_range(1..chars.len() - 1);
    match rng.random_range(0..4) {
        0 => {
            chars.remove(i);
        }
        1 => chars.insert(i, chars[i]),
        2 => chars.swap(i, i + 1),
        _ => chars[i] = chars[i - 1],
    }
    chars.into_iter().collect()
}

/// A date of birth in the agency's own format.
pub fn date(d: NaiveDate, agency: &str, rng: &mut ChaCha8Rng) -> String {
    // Some Serbian officers end a date with a dot, as Serbian writes it.
    let dot = agency == "SRB-MUP" && rng.random_bool(0.3);
    let mut text = date_as_written(d, agency);
    if dot {
        text.push('.');
    }
    text
}

/// A date in the agency's own format, without the optional final dot.
pub fn date_as_written(d: NaiveDate, agency: &str) -> String {
    match agency {
        "SRB-MUP" | "MKD-MVR" | "BGR-MVR" | "BIH-GP" | "MNE-UP" | "ALB-ASP" => {
            format!("{:02}.{:02}.{}", d.day(), d.month(), d.year())
        }
        "GRC-HP" | "FRA-PAF" | "XKX-KP" => format!("{:02}/{:02}/{}", d.day(), d.month(), d.year()),
        _ => d.format("%Y-%m-%d").to_string(),
    }
}

/// A phone number as an officer writes it: local with or without the
/// country noted, or international in one of its usual spacings.
pub fn phone(
    p: &Phone,
    agency_country: &str,
    rng: &mut ChaCha8Rng,
) -> (String, Option<&'static str>) {
    let n = &p.number;
    let split = n
        .len()
        .min(2 + usize::from(p.country == "GRC" || p.country == "TUR"));
    let (a, b) = n.split_at(split);
    let (b1, b2) = b.split_at(b.len() / 2);
    let local = p.country == agency_country && rng.random_bool(0.6);
    if local {
        let text = match rng.random_range(0..3) {
            0 => format!("0{a} {b1} {b2}"),
            1 => format!("0{a}/{b}"),
            _ => format!("0{a}{b}"),
        };
        // Greek and French numbers have no trunk 0 in front of a mobile.
        let text = if matches!(p.country, "GRC") {
            text.trim_start_matches('0').to_owned()
        } else {
            text
        };
        let country = rng.random_bool(0.8).then_some(p.country);
        (text, country)
    } else {
        let cc = p.calling_code;
        let text = match rng.random_range(0..3) {
            0 => format!("+{cc} {a} {b}"),
            1 => format!("+{cc}{n}"),
            _ => format!("00{cc} {a} {b1} {b2}"),
        };
        (text, None)
    }
}

/// A plate in the writing of the report: Bulgarian reports write the
/// Cyrillic look-alike letters, Greek reports the Greek ones.
pub fn plate(plate: &str, writing: Writing) -> String {
    let map: &[(char, char)] = match writing {
        Writing::BulgarianCyrillic | Writing::MacedonianCyrillic => &[
            ('A', 'А'),
            ('B', 'В'),
            ('E', 'Е'),
            ('K', 'К'),
            ('M', 'М'),
            ('H', 'Н'),
            ('O', 'О'),
            ('P', 'Р'),
            ('C', 'С'),
            ('T', 'Т'),
            ('X', 'Х'),
        ],
        Writing::Greek => &[
            ('A', 'Α'),
            ('B', 'Β'),
            ('E', 'Ε'),
            ('K', 'Κ'),
            ('M', 'Μ'),
            ('H', 'Η'),
            ('O', 'Ο'),
            ('P', 'Ρ'),
            ('T', 'Τ'),
            ('X', 'Χ'),
        ],
        _ => &[],
    };
    plate
        .chars()
        .map(|c| map.iter().find(|(l, _)| *l == c).map_or(c, |(_, o)| *o))
        .collect()
}
