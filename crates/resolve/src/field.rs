//! What a column holds, and its values made comparable.

use corridor_text::{fold, matching_key, translit};

use crate::{Dataset, Record};

/// The kinds of column linkage understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FieldKind {
    GivenName,
    Surname,
    FullName,
    BirthDate,
    Sex,
    Nationality,
    Phone,
    Postcode,
    Address,
    City,
    StreetNumber,
    State,
}

impl FieldKind {
    pub fn describe(self) -> &'static str {
        match self {
            FieldKind::GivenName => "given name (any script, swaps with surname checked)",
            FieldKind::Surname => "surname (any script)",
            FieldKind::FullName => "full name (any script, any word order)",
            FieldKind::BirthDate => "date (partial dates, day/month swaps)",
            FieldKind::Sex => "sex (exact)",
            FieldKind::Nationality => "nationality (exact)",
            FieldKind::Phone => "phone (national number)",
            FieldKind::Postcode => "postcode (exact, one typo, district)",
            FieldKind::Address => "address (fuzzy text)",
            FieldKind::City => "city or suburb (fuzzy)",
            FieldKind::StreetNumber => "street number (exact)",
            FieldKind::State => "state or region (exact)",
        }
    }
}

/// The kind of a column, from its name; `None` for a column linkage does
/// not use.
pub fn infer_kind(column: &str) -> Option<FieldKind> {
    let c: String = column
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    Some(match c.as_str() {
        "givenname" | "firstname" | "forename" | "given" | "first" | "firstnames"
        | "givennames" => FieldKind::GivenName,
        "surname" | "lastname" | "familyname" | "last" | "family" => FieldKind::Surname,
        "name" | "fullname" | "personname" => FieldKind::FullName,
        "dateofbirth" | "dob" | "birthdate" | "birthday" | "born" | "dateofbirthdob" => {
            FieldKind::BirthDate
        }
        "sex" | "gender" => FieldKind::Sex,
        "nationality" | "citizenship" | "country" => FieldKind::Nationality,
        "phone" | "phonenumber" | "telephone" | "mobile" | "tel" | "msisdn" => FieldKind::Phone,
        "postcode" | "zip" | "zipcode" | "postalcode" => FieldKind::Postcode,
        "address" | "address1" | "address2" | "street" | "streetaddress" | "addressline1"
        | "addressline2" => FieldKind::Address,
        "suburb" | "city" | "town" | "locality" | "placeofbirth" => FieldKind::City,
        "streetnumber" | "housenumber" => FieldKind::StreetNumber,
        "state" | "region" | "province" => FieldKind::State,
        _ => return None,
    })
}

/// A value ready to compare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Missing,
    /// A name in folded Latin, and its matching key.
    Name {
        folded: String,
        key: String,
    },
    /// A date, possibly partial.
    Date {
        y: Option<i32>,
        m: Option<u32>,
        d: Option<u32>,
    },
    /// Folded text.
    Text(String),
}

impl Value {
    /// The text compared for exactness and term frequency.
    pub fn text(&self) -> Option<&str> {
        match self {
            Value::Name { folded, .. } | Value::Text(folded) => Some(folded),
            _ => None,
        }
    }
}

pub fn normalise_all(data: &Dataset) -> Vec<Vec<Value>> {
    data.records
        .iter()
        .map(|r| normalise_record(data, r))
        .collect()
}

pub fn normalise_record(data: &Dataset, r: &Record) -> Vec<Value> {
    data.kinds
        .iter()
        .zip(&r.values)
        .map(|(kind, raw)| match (kind, raw.as_deref().map(str::trim)) {
            (Some(kind), Some(raw)) if !raw.is_empty() => normalise(*kind, raw),
            _ => Value::Missing,
        })
        .collect()
}

/// Normalises one raw value of a column of `kind`. Idempotent on its
/// output's text (property-tested).
pub fn normalise(kind: FieldKind, raw: &str) -> Value {
    match kind {
        FieldKind::GivenName | FieldKind::Surname | FieldKind::FullName => {
            let folded = name_text(raw);
            if folded.is_empty() {
                return Value::Missing;
            }
            Value::Name {
                key: matching_key(raw),
                folded,
            }
        }
        FieldKind::BirthDate => date(raw),
        FieldKind::Phone => {
            let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
            // Compare national significant numbers: the last nine digits
            // are the same whether written with +381, 00381 or a trunk 0.
            let tail = &digits[digits.len().saturating_sub(9)..];
            if tail.len() < 5 {
                Value::Missing
            } else {
                Value::Text(tail.to_owned())
            }
        }
        FieldKind::Postcode | FieldKind::StreetNumber => {
            let t: String = fold(raw).chars().filter(|c| c.is_alphanumeric()).collect();
            if t.is_empty() {
                Value::Missing
            } else {
                Value::Text(t)
            }
        }
        _ => {
            let t = name_text(raw);
            if t.is_empty() {
                Value::Missing
            } else {
                Value::Text(t)
            }
        }
    }
}

/// A name or text in folded Latin with punctuation as spaces.
pub fn name_text(raw: &str) -> String {
    let latin = fold(&translit::to_latin(raw));
    let spaced: String = latin
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Parses the date forms agencies and spreadsheets use: `yyyy-mm-dd`,
/// `dd.mm.yyyy`, `dd/mm/yyyy`, `yyyymmdd`, `yyyy-mm`, `mm/yyyy`, a year.
/// Unparseable text is kept as missing rather than guessed.
pub fn date(raw: &str) -> Value {
    let t = raw.trim().trim_end_matches('.');
    let digits_only = t.chars().all(|c| c.is_ascii_digit());
    let num = |s: &str| s.parse::<u32>().ok();
    let (y, m, d) = if digits_only && t.len() == 8 {
        (num(&t[0..4]), num(&t[4..6]), num(&t[6..8]))
    } else if digits_only && t.len() == 4 {
        (num(t), None, None)
    } else {
        let parts: Vec<&str> = t
            .split(['-', '.', '/', ' '])
            .filter(|p| !p.is_empty())
            .collect();
        match parts.as_slice() {
            [a, b, c] if a.len() == 4 => (num(a), num(b), num(c)),
            [a, b, c] if c.len() == 4 => (num(c), num(b), num(a)),
            [a, b] if a.len() == 4 => (num(a), num(b), None),
            [a, b] if b.len() == 4 => (num(b), num(a), None),
            _ => (None, None, None),
        }
    };
    let y = y.filter(|y| (1800..=2100).contains(y)).map(|y| y as i32);
    let m = m.filter(|m| (1..=12).contains(m));
    let d = d.filter(|d| (1..=31).contains(d)).filter(|_| m.is_some());
    match y {
        Some(_) => Value::Date { y, m, d },
        None => Value::Missing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_every_form_agree() {
        let full = Value::Date {
            y: Some(1987),
            m: Some(7),
            d: Some(3),
        };
        for raw in [
            "1987-07-03",
            "03.07.1987",
            "03.07.1987.",
            "03/07/1987",
            "19870703",
            "3.7.1987",
        ] {
            assert_eq!(date(raw), full, "{raw}");
        }
        assert_eq!(
            date("1987"),
            Value::Date {
                y: Some(1987),
                m: None,
                d: None
            }
        );
        assert_eq!(
            date("07/1987"),
            Value::Date {
                y: Some(1987),
                m: Some(7),
                d: None
            }
        );
        assert_eq!(date("yesterday"), Value::Missing);
    }

    #[test]
    fn phones_compare_as_national_numbers() {
        let a = normalise(FieldKind::Phone, "064 123 4567");
        assert_eq!(a, normalise(FieldKind::Phone, "+381 64 1234567"));
        assert_eq!(a, normalise(FieldKind::Phone, "00381641234567"));
    }

    #[test]
    fn names_in_any_script_share_a_key() {
        let k = |s| match normalise(FieldKind::FullName, s) {
            Value::Name { key, .. } => key,
            other => panic!("{other:?}"),
        };
        assert_eq!(k("Мухамед Ал Хасан"), k("MOHAMAD ALHASSAN"));
        assert_eq!(k("Μοχάμεντ Αλ Χασάν"), k("Muhammad Al-Hassan"));
    }

    #[test]
    fn columns_are_recognised_by_their_usual_names() {
        assert_eq!(infer_kind("given_name"), Some(FieldKind::GivenName));
        assert_eq!(infer_kind("First Name"), Some(FieldKind::GivenName));
        assert_eq!(infer_kind("last_name"), Some(FieldKind::Surname));
        assert_eq!(infer_kind("DOB"), Some(FieldKind::BirthDate));
        assert_eq!(infer_kind("address_1"), Some(FieldKind::Address));
        assert_eq!(infer_kind("soc_sec_id"), None);
    }
}
