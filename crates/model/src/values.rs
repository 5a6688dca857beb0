//! Value types with their normalisers. Each `parse` takes what an officer
//! wrote and returns the canonical value, or a sentence saying what was
//! expected. Normalisers are idempotent: parsing a value's canonical form
//! gives the same value (property-tested).

use std::fmt;

use chrono::{Datelike, NaiveDate};

use crate::Country;

/// Free text of bounded length: [`corridor_text::normalise`]d, non-empty,
/// free of control characters.
pub fn text(value: &str, max_chars: usize) -> Result<String, String> {
    if corridor_text::has_forbidden_chars(value) {
        return Err("contains a control character; remove it".into());
    }
    let clean = corridor_text::normalise(value);
    if clean.is_empty() {
        return Err("is empty; leave the field out instead".into());
    }
    let chars = clean.chars().count();
    if chars > max_chars {
        return Err(format!(
            "is {chars} characters long; at most {max_chars} are allowed"
        ));
    }
    Ok(clean)
}

/// A date that may be known only to the year or month, as dates of birth
/// often are. A day is never known without its month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    year: i32,
    month: Option<u32>,
    day: Option<u32>,
}

impl PartialDate {
    /// Accepts `1987`, `1987-07`, `1987-07-03`, and the day-first forms
    /// agencies on the route write: `03.07.1987`, `3.7.1987.`, `03/07/1987`,
    /// `07.1987`, `07/1987`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let err = || {
            format!(
                "expected a date as YYYY, YYYY-MM, YYYY-MM-DD, DD.MM.YYYY or DD/MM/YYYY, found {text:?}"
            )
        };
        let t = text.strip_suffix('.').unwrap_or(text);
        let parts: Vec<&str> = if t.contains('-') {
            t.split('-').collect()
        } else {
            let mut p: Vec<&str> = t.split(['.', '/']).collect();
            p.reverse();
            p
        };
        let number = |s: &str, max_len: usize| -> Option<u32> {
            (!s.is_empty() && s.len() <= max_len && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse().ok())
                .flatten()
        };
        let (year, month, day) = match parts.as_slice() {
            [y] => (number(y, 4), None, None),
            [y, m] => (number(y, 4), Some(number(m, 2).ok_or_else(err)?), None),
            [y, m, d] => (
                number(y, 4),
                Some(number(m, 2).ok_or_else(err)?),
                Some(number(d, 2).ok_or_else(err)?),
            ),
            _ => return Err(err()),
        };
        let year = year.filter(|_| parts[0].len() == 4).ok_or_else(err)? as i32;
        Self::new(year, month, day).map_err(|why| format!("{why} in {text:?}"))
    }

    pub fn new(year: i32, month: Option<u32>, day: Option<u32>) -> Result<Self, String> {
        if !(1900..=2100).contains(&year) {
            return Err(format!("year {year} is outside 1900-2100"));
        }
        if let Some(m) = month {
            if !(1..=12).contains(&m) {
                return Err(format!("month {m} does not exist"));
            }
        }
        match (month, day) {
            (None, Some(_)) => return Err("a day needs its month".into()),
            (Some(m), Some(d)) if NaiveDate::from_ymd_opt(year, m, d).is_none() => {
                return Err(format!("{year}-{m:02}-{d:02} is not a calendar date"));
            }
            _ => {}
        }
        Ok(PartialDate { year, month, day })
    }

    pub fn year(&self) -> i32 {
        self.year
    }

    pub fn month(&self) -> Option<u32> {
        self.month
    }

    pub fn day(&self) -> Option<u32> {
        self.day
    }

    /// The full date, when day and month are known.
    pub fn to_date(&self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, self.month?, self.day?)
    }
}

impl From<NaiveDate> for PartialDate {
    fn from(d: NaiveDate) -> Self {
        PartialDate {
            year: d.year(),
            month: Some(d.month()),
            day: Some(d.day()),
        }
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

/// A telephone number as written, with its E.164 form when it can be known.
///
/// A number written in international form (`+381…`, `00381…`) always has
/// an E.164 form. A national number (`064 123 4567`) has one only when the
/// country is given; otherwise it keeps only its digits, and matching later
/// compares national significant numbers.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PhoneNumber {
    written: String,
    e164: Option<String>,
}

impl PhoneNumber {
    pub fn parse(text: &str, country: Option<Country>) -> Result<Self, String> {
        let written = corridor_text::normalise(text);
        let allowed = |c: char| c.is_ascii_digit() || " +-./()".contains(c);
        let digits: String = written.chars().filter(char::is_ascii_digit).collect();
        let plus_ok = written.rfind('+').is_none_or(|i| i == 0);
        let international = written.starts_with('+') || digits.starts_with("00");
        // The country code and subscriber number, without a 00 prefix.
        let significant = match digits.strip_prefix("00") {
            Some(rest) if !written.starts_with('+') => rest,
            _ => digits.as_str(),
        };
        let length_ok = if international {
            (7..=15).contains(&significant.len()) && !significant.starts_with('0')
        } else {
            (5..=15).contains(&digits.len())
        };
        if !written.chars().all(allowed) || !plus_ok || !length_ok {
            return Err(format!(
                "expected a phone number: an international one (+ or 00, then 7 to 15 digits) \
                 or a national one of 5 to 15 digits, with spaces, dashes, dots or brackets between; found {text:?}"
            ));
        }
        let e164 = if international {
            let number = format!("+{significant}");
            Some(
                phonenumber::parse(None, &number)
                    .ok()
                    .filter(phonenumber::is_valid)
                    .map(|n| n.format().mode(phonenumber::Mode::E164).to_string())
                    .unwrap_or(number),
            )
        } else {
            country
                .and_then(|c| c.alpha2())
                .and_then(|region| region.parse::<phonenumber::country::Id>().ok())
                .and_then(|region| phonenumber::parse(Some(region), &digits).ok())
                .filter(phonenumber::is_valid)
                .map(|n| n.format().mode(phonenumber::Mode::E164).to_string())
        };
        Ok(PhoneNumber { written, e164 })
    }

    pub fn written(&self) -> &str {
        &self.written
    }

    pub fn e164(&self) -> Option<&str> {
        self.e164.as_deref()
    }

    /// The identifier to index and compare: E.164 when known, else digits.
    pub fn key(&self) -> String {
        match &self.e164 {
            Some(e) => e.clone(),
            None => self.written.chars().filter(char::is_ascii_digit).collect(),
        }
    }
}

/// A vehicle registration plate as written and in its comparable form:
/// upper case, no separators, Cyrillic and Greek letters that plates share
/// with Latin written as Latin (`СВ 1234 АК`, `ΙΚΑ-1234` and their Latin
/// spellings compare equal).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Plate {
    written: String,
    key: String,
}

impl Plate {
    pub fn parse(text: &str) -> Result<Self, String> {
        let written = corridor_text::normalise(text);
        let key = plate_key(&written);
        let chars = key.chars().count();
        if !(2..=15).contains(&chars) || !key.chars().all(char::is_alphanumeric) {
            return Err(format!(
                "expected a registration plate of 2 to 15 letters and digits \
                 (spaces, dashes and dots between are fine), found {text:?}"
            ));
        }
        Ok(Plate { written, key })
    }

    pub fn written(&self) -> &str {
        &self.written
    }

    pub fn key(&self) -> &str {
        &self.key
    }
}

/// The comparable form of a plate (`corridor_text::plate_key`), here so
/// that callers of the model compare plates exactly as stored ones were
/// keyed.
pub use corridor_text::plate_key;

/// A travel-document number: upper-case Latin letters and digits, as in the
/// machine-readable zone. Spaces and dashes typed between are removed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DocumentNumber(String);

impl DocumentNumber {
    pub fn parse(text: &str) -> Result<Self, String> {
        let key: String = text
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if (2..=24).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_alphanumeric()) {
            Ok(DocumentNumber(key))
        } else {
            Err(format!(
                "expected a document number of 2 to 24 Latin letters and digits, found {text:?}"
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Shape check of a machine-readable zone: lines of `A-Z`, `0-9` and `<`,
/// in one of the ICAO 9303 layouts (TD1 3×30, TD2/MRV-B 2×36, TD3/MRV-A
/// 2×44). Check digits are the document screening's business, not the
/// model's: a forged MRZ is still data worth storing.
pub fn mrz_lines(text: &str) -> Result<Vec<String>, String> {
    let lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let shape_ok = matches!(
        (lines.len(), lines.first().map(String::len)),
        (3, Some(30)) | (2, Some(36)) | (2, Some(44))
    ) && lines.iter().all(|l| l.len() == lines[0].len());
    let alphabet_ok = lines.iter().all(|l| {
        l.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'<')
    });
    if shape_ok && alphabet_ok {
        Ok(lines)
    } else {
        Err(
            "expected an MRZ of 3 lines of 30, or 2 lines of 36 or 44 characters \
             (A-Z, 0-9 and <), lines separated by a newline"
                .into(),
        )
    }
}

/// An online-account handle without the leading `@`; compared
/// case-insensitively.
pub fn handle(text: &str) -> Result<String, String> {
    let t = text.trim();
    let t = t.trim_start_matches('@');
    if t.is_empty() || t.chars().any(char::is_whitespace) || corridor_text::has_forbidden_chars(t) {
        return Err(format!(
            "expected an account handle without spaces (a leading @ is fine), found {text:?}"
        ));
    }
    if t.chars().count() > 200 {
        return Err("is longer than 200 characters".into());
    }
    Ok(t.to_owned())
}

/// A sum of money in minor units (cents) of a currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Money {
    minor_units: i64,
    currency: [u8; 3],
}

impl Money {
    /// Parses a non-negative decimal amount with at most two decimals
    /// (`1500`, `1500.5`, `1500.50`) and an ISO 4217 currency code.
    pub fn parse(amount: &str, currency: &str) -> Result<Self, String> {
        let (whole, frac) = amount.split_once('.').unwrap_or((amount, ""));
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || whole.len() > 13 || frac.len() > 2 || !digits(whole) || !digits(frac)
        {
            return Err(format!(
                "expected an amount such as 1500 or 1500.50 (a dot for decimals, no thousands separator), found {amount:?}"
            ));
        }
        let cents: i64 = format!("{frac:0<2}").parse().unwrap_or(0);
        let minor_units = whole.parse::<i64>().map_err(|e| e.to_string())? * 100 + cents;
        let c = currency.as_bytes();
        if c.len() != 3 || !c.iter().all(u8::is_ascii_uppercase) {
            return Err(format!(
                "expected an ISO 4217 currency code such as EUR, GBP or USD, found {currency:?}"
            ));
        }
        Ok(Money {
            minor_units,
            currency: [c[0], c[1], c[2]],
        })
    }

    pub fn minor_units(&self) -> i64 {
        self.minor_units
    }

    pub fn currency(&self) -> &str {
        std::str::from_utf8(&self.currency).unwrap_or("XXX")
    }

    /// The amount as a decimal string with two decimals.
    pub fn amount(&self) -> String {
        format!("{}.{:02}", self.minor_units / 100, self.minor_units % 100)
    }
}

/// WGS 84 coordinates in decimal degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Coordinates {
    lat: f64,
    lon: f64,
}

impl Coordinates {
    pub fn new(lat: f64, lon: f64) -> Result<Self, String> {
        if !(lat.is_finite() && (-90.0..=90.0).contains(&lat)) {
            return Err(format!("latitude {lat} is outside -90..90"));
        }
        if !(lon.is_finite() && (-180.0..=180.0).contains(&lon)) {
            return Err(format!("longitude {lon} is outside -180..180"));
        }
        Ok(Coordinates { lat, lon })
    }

    pub fn lat(&self) -> f64 {
        self.lat
    }

    pub fn lon(&self) -> f64 {
        self.lon
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_dates_in_the_forms_agencies_write() {
        for (input, canonical) in [
            ("1987", "1987"),
            ("1987-07", "1987-07"),
            ("1987-07-03", "1987-07-03"),
            ("03.07.1987", "1987-07-03"),
            ("3.7.1987.", "1987-07-03"),
            ("03/07/1987", "1987-07-03"),
            ("07.1987", "1987-07"),
            ("2000-02-29", "2000-02-29"),
        ] {
            assert_eq!(
                PartialDate::parse(input).unwrap().to_string(),
                canonical,
                "{input}"
            );
        }
        for bad in [
            "",
            "87",
            "1987-13",
            "1900-02-29",
            "31.04.1987",
            "1987-7-3x",
            "12345",
            "1800",
            "1987--03",
        ] {
            assert!(PartialDate::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn phones_become_e164_when_the_country_is_known() {
        let srb = Country::parse("SRB").unwrap();
        let local = PhoneNumber::parse("064 123 4567", Some(srb)).unwrap();
        assert_eq!(local.e164(), Some("+381641234567"));
        let intl = PhoneNumber::parse("+381 64 1234567", None).unwrap();
        assert_eq!(intl.e164(), Some("+381641234567"));
        let zeros = PhoneNumber::parse("00381641234567", None).unwrap();
        assert_eq!(zeros.key(), "+381641234567");
        let unknown = PhoneNumber::parse("064 123 4567", None).unwrap();
        assert_eq!(unknown.e164(), None);
        assert_eq!(unknown.key(), "0641234567");
        for bad in ["", "phone", "12", "+381+64", "064 123 4567 ext 2"] {
            assert!(PhoneNumber::parse(bad, None).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn plates_compare_across_scripts() {
        let cyr = Plate::parse("СВ 1234-АВ").unwrap();
        let lat = Plate::parse("cb1234ab").unwrap();
        assert_eq!(cyr.key(), lat.key());
        assert_eq!(cyr.written(), "СВ 1234-АВ");
        assert!(Plate::parse("!!").is_err());
    }

    #[test]
    fn money_in_minor_units() {
        let m = Money::parse("1500.5", "EUR").unwrap();
        assert_eq!(m.minor_units(), 150050);
        assert_eq!(m.amount(), "1500.50");
        for (a, c) in [
            ("1,500", "EUR"),
            ("-3", "EUR"),
            ("1.234", "EUR"),
            ("10", "eur"),
            ("", "EUR"),
        ] {
            assert!(Money::parse(a, c).is_err(), "{a} {c} accepted");
        }
    }

    #[test]
    fn mrz_shapes() {
        let td3 = format!(
            "{}\n{}",
            "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
            "L898902C36UTO7408122F1204159ZE184226B<<<<<10"
        );
        assert_eq!(mrz_lines(&td3).unwrap().len(), 2);
        assert!(mrz_lines("P<UTO").is_err());
        assert!(mrz_lines(&td3.to_lowercase()).is_err());
    }
}
