//! Building machine-readable zones (ICAO Doc 9303 Parts 3–7).

use thiserror::Error;

/// The MRZ layouts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Identity card: 3 lines of 30.
    Td1,
    /// 2 lines of 36.
    Td2,
    /// Passport: 2 lines of 44.
    Td3,
    /// Visa, format A: 2 lines of 44.
    MrvA,
    /// Visa, format B: 2 lines of 36.
    MrvB,
}

impl Format {
    pub fn line_length(self) -> usize {
        match self {
            Format::Td1 => 30,
            Format::Td2 | Format::MrvB => 36,
            Format::Td3 | Format::MrvA => 44,
        }
    }

    pub fn lines(self) -> usize {
        if self == Format::Td1 {
            3
        } else {
            2
        }
    }

    /// Width of the name field.
    fn name_width(self) -> usize {
        match self {
            Format::Td1 => 30,
            other => other.line_length() - 5,
        }
    }
}

/// A date in the MRZ: `YYMMDD`, with `<<` for an unknown month or day (and
/// `<<<<<<` for an unknown date).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MrzDate(pub [u8; 6]);

impl MrzDate {
    /// From a year (full) and, where known, month and day.
    pub fn new(year: i32, month: Option<u32>, day: Option<u32>) -> MrzDate {
        let two = |n: Option<u32>| match n {
            Some(n) => [b'0' + (n / 10 % 10) as u8, b'0' + (n % 10) as u8],
            None => [b'<', b'<'],
        };
        let y = two(Some(year.rem_euclid(100) as u32));
        let m = two(month);
        let d = two(day.filter(|_| month.is_some()));
        MrzDate([y[0], y[1], m[0], m[1], d[0], d[1]])
    }

    pub const UNKNOWN: MrzDate = MrzDate(*b"<<<<<<");

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("<<<<<<")
    }
}

/// The data printed in a zone. Names may be in any script; they are
/// transliterated per Doc 9303 Part 3. Codes and numbers are written as they
/// go into the zone (upper-case Latin letters, digits, `<`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub format: Format,
    /// `P`, `PO`, `I`, `ID`, `V`, `VB`…: one or two characters.
    pub document_code: String,
    /// Three characters; shorter codes are padded with `<` (`D` → `D<<`).
    pub issuing_state: String,
    pub surname: String,
    pub given_names: String,
    pub document_number: String,
    pub nationality: String,
    pub birth_date: MrzDate,
    /// `M`, `F` or `<`.
    pub sex: char,
    pub expiry_date: MrzDate,
    /// Personal number (TD3), optional data (TD1 line 1, TD2, MRV).
    pub optional_data: String,
    /// TD1 line 2 optional data.
    pub optional_data_2: String,
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum MrzError {
    #[error("{field} {value:?} does not fit: at most {max} characters of A-Z, 0-9 and <")]
    DoesNotFit {
        field: &'static str,
        value: String,
        max: usize,
    },
    #[error("sex must be M, F or <, found {0:?}")]
    Sex(char),
    #[error("a document number longer than 9 characters only fits a TD1 or TD2 zone")]
    LongNumber,
}

/// The ICAO 9303 check digit of `text`: weights 7, 3, 1 repeating; digits
/// count as themselves, `A`–`Z` as 10–35, `<` (and anything else) as 0.
pub fn check_digit(text: &str) -> char {
    char::from(b'0' + check_value([text.as_bytes()]))
}

/// The check digit (0–9) of `pieces` read one after the other, as the
/// composite check digit reads several fields. The one implementation of
/// the algorithm: [`check_digit`] and the validator both use it.
pub fn check_value<'t>(pieces: impl IntoIterator<Item = &'t [u8]>) -> u8 {
    const WEIGHTS: [u32; 3] = [7, 3, 1];
    let mut sum = 0u32;
    let mut i = 0;
    for piece in pieces {
        for &b in piece {
            sum += u32::from(VALUES[usize::from(b)]) * WEIGHTS[i];
            i = if i == 2 { 0 } else { i + 1 };
        }
    }
    (sum % 10) as u8
}

/// What each byte counts for in a check digit.
const VALUES: [u8; 256] = {
    let mut v = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        v[b] = match b as u8 {
            c @ b'0'..=b'9' => c - b'0',
            c @ b'A'..=b'Z' => c - b'A' + 10,
            _ => 0,
        };
        b += 1;
    }
    v
};

/// Builds the zone's lines for `doc`.
pub fn generate(doc: &Document) -> Result<Vec<String>, MrzError> {
    if !matches!(doc.sex, 'M' | 'F' | '<') {
        return Err(MrzError::Sex(doc.sex));
    }
    let width = doc.format.line_length();
    let code = field("document code", &doc.document_code, 2)?;
    let state = field("issuing state", &doc.issuing_state, 3)?;
    let nationality = field("nationality", &doc.nationality, 3)?;
    let name = name_field(&doc.surname, &doc.given_names, doc.format.name_width());
    let number = clean(&doc.document_number);
    let (birth, expiry) = (doc.birth_date.as_str(), doc.expiry_date.as_str());
    let lines = match doc.format {
        Format::Td1 => {
            let (number_part, optional) = long_number(&number, &doc.optional_data, 15)?;
            let line1 = format!("{code}{state}{number_part}{optional}");
            let optional2 = field("optional data 2", &doc.optional_data_2, 11)?;
            let mut line2 = format!(
                "{birth}{}{}{expiry}{}{nationality}{optional2}",
                check_digit(birth),
                doc.sex,
                check_digit(expiry)
            );
            let composite = format!(
                "{}{}{}{}",
                &line1[5..30],
                &line2[0..7],
                &line2[8..15],
                &line2[18..29]
            );
            line2.push(check_digit(&composite));
            vec![line1, line2, name]
        }
        Format::Td2 | Format::MrvB | Format::Td3 | Format::MrvA => {
            let line1 = format!("{code}{state}{name}");
            let optional_width = match doc.format {
                Format::Td2 => 7,
                Format::MrvB => 8,
                Format::Td3 => 14,
                _ => 16,
            };
            let (number_part, optional) = if doc.format == Format::Td2 {
                long_number(&number, &doc.optional_data, optional_width)?
            } else {
                if number.len() > 9 {
                    return Err(MrzError::LongNumber);
                }
                let n = pad(&number, 9);
                let cd = check_digit(&n);
                (
                    format!("{n}{cd}"),
                    field("optional data", &doc.optional_data, optional_width)?,
                )
            };
            let mut line2 = format!(
                "{number_part}{nationality}{birth}{}{}{expiry}{}{optional}",
                check_digit(birth),
                doc.sex,
                check_digit(expiry)
            );
            if doc.format == Format::Td3 {
                // The personal number's own check digit: `<` when it is empty.
                let personal = &line2[28..42];
                line2.push(if personal.bytes().all(|b| b == b'<') {
                    '<'
                } else {
                    check_digit(personal)
                });
            }
            if matches!(doc.format, Format::Td2 | Format::Td3) {
                let composite = format!(
                    "{}{}{}",
                    &line2[0..10],
                    &line2[13..20],
                    &line2[21..width - 1]
                );
                line2.push(check_digit(&composite));
            }
            vec![line1, line2]
        }
    };
    debug_assert!(lines.iter().all(|l| l.len() == width), "{lines:?}");
    Ok(lines)
}

/// The document number with its check digit, and the optional data field of
/// `width`. A number longer than 9 characters (TD1, TD2) puts `<` in the
/// check-digit position and continues in the optional data, followed by the
/// check digit of the whole number.
fn long_number(number: &str, optional: &str, width: usize) -> Result<(String, String), MrzError> {
    let optional = clean(optional);
    if number.len() <= 9 {
        let n = pad(number, 9);
        let cd = check_digit(&n);
        return Ok((format!("{n}{cd}"), fit("optional data", &optional, width)?));
    }
    // Doc 9303 Parts 5 and 6: the rest of the number, its check digit and
    // a filler, then any optional data.
    let (head, tail) = number.split_at(9);
    let extended = if optional.is_empty() {
        format!("{tail}{}", check_digit(number))
    } else {
        format!("{tail}{}<{optional}", check_digit(number))
    };
    Ok((
        format!("{head}<"),
        fit("document number", &extended, width)?,
    ))
}

/// The name field: primary identifier, `<<`, secondary identifier, each
/// transliterated, truncated to `width` so that the last character is a
/// letter, padded with `<`.
fn name_field(surname: &str, given: &str, width: usize) -> String {
    let surname = corridor_text::translit::icao_mrz(surname);
    let given = corridor_text::translit::icao_mrz(given);
    let mut name = if given.is_empty() {
        surname
    } else {
        format!("{surname}<<{given}")
    };
    if name.len() > width {
        name.truncate(width);
        name.truncate(name.trim_end_matches('<').len());
    }
    pad(&name, width)
}

fn clean(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect()
}

fn pad(text: &str, width: usize) -> String {
    format!("{text:<<width$}")
}

fn fit(name: &'static str, value: &str, max: usize) -> Result<String, MrzError> {
    let ok = value.len() <= max
        && value
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'<');
    if ok {
        Ok(pad(value, max))
    } else {
        Err(MrzError::DoesNotFit {
            field: name,
            value: value.to_owned(),
            max,
        })
    }
}

fn field(name: &'static str, value: &str, max: usize) -> Result<String, MrzError> {
    fit(name, &clean(value), max)
}
