//! Issuing state and nationality codes of Doc 9303 Part 3: ISO 3166-1
//! alpha-3 (the list of the `isocountry` crate, which `corridor-model`'s
//! `Country` uses too) and the codes ICAO adds for what is not a country.

use std::sync::OnceLock;

use isocountry::CountryCode;

/// What a code in the zone stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeKind {
    /// An ISO 3166-1 alpha-3 country code.
    Country,
    /// One of ICAO's codes for what is not a country (an organisation, a
    /// British nationality category, a stateless person or refugee, the
    /// specimen state); the text says which.
    Special(&'static str),
    /// A code issued on real documents that is in neither list.
    Recognised(&'static str),
    /// Neither: a misreading, a forgery, or a code this list lacks.
    Unknown,
}

/// Doc 9303 Part 3's codes that are not ISO 3166-1 country codes, written as
/// in the zone without their filler (`D<<` is `D`).
pub const ICAO_SPECIAL_CODES: &[(&str, &str)] = &[
    (
        "D",
        "Germany (Doc 9303's one-letter code; DEU in ISO 3166-1)",
    ),
    ("EUE", "the European Union"),
    ("GBD", "a British Overseas Territories citizen"),
    ("GBN", "a British National (Overseas)"),
    ("GBO", "a British Overseas citizen"),
    ("GBP", "a British protected person"),
    ("GBS", "a British subject"),
    ("RKS", "Kosovo"),
    ("UNA", "a specialised agency of the United Nations"),
    (
        "UNK",
        "a resident of Kosovo to whom UNMIK issued the document",
    ),
    ("UNO", "the United Nations"),
    (
        "UTO",
        "Utopia, ICAO's specimen state: a sample document, not a real one",
    ),
    ("XBA", "the African Development Bank"),
    ("XCC", "the Caribbean Community"),
    ("XCE", "the Council of Europe"),
    ("XCO", "the Common Market for Eastern and Southern Africa"),
    ("XDC", "the Southern African Development Community"),
    ("XEC", "the Economic Community of West African States"),
    ("XES", "the Organisation of Eastern Caribbean States"),
    ("XIM", "the African Export-Import Bank"),
    ("XMP", "the Parliamentary Assembly of the Mediterranean"),
    ("XOM", "the Sovereign Military Order of Malta"),
    ("XPO", "INTERPOL"),
    ("XXA", "a stateless person"),
    ("XXB", "a refugee under the 1951 Convention"),
    ("XXC", "a refugee other than under the 1951 Convention"),
    ("XXX", "a person of unspecified nationality"),
];

/// Codes found on genuine documents that neither ISO nor Doc 9303 lists.
const RECOGNISED: &[(&str, &str)] = &[(
    "INP",
    "INTERPOL, as its travel documents write it (Doc 9303 lists XPO)",
)];

/// What `code` (without fillers) stands for.
pub fn classify(code: &str) -> CodeKind {
    if is_iso_alpha3(code) {
        return CodeKind::Country;
    }
    if let Some((_, what)) = ICAO_SPECIAL_CODES.iter().find(|(c, _)| *c == code) {
        return CodeKind::Special(what);
    }
    if let Some((_, what)) = RECOGNISED.iter().find(|(c, _)| *c == code) {
        return CodeKind::Recognised(what);
    }
    CodeKind::Unknown
}

/// Whether `code` is an ISO 3166-1 alpha-3 code: one bit per three-letter
/// code, set once from `isocountry`'s list, because a validator looks up two
/// codes per zone and a string search through the list cost a third of its
/// time.
fn is_iso_alpha3(code: &str) -> bool {
    static ISO: OnceLock<Vec<u64>> = OnceLock::new();
    let Some(index) = letters_index(code) else {
        return false;
    };
    let bits = ISO.get_or_init(|| {
        let mut bits = vec![0u64; 26 * 26 * 26 / 64 + 1];
        for country in CountryCode::iter() {
            if let Some(i) = letters_index(country.alpha3()) {
                bits[i / 64] |= 1 << (i % 64);
            }
        }
        bits
    });
    bits[index / 64] & (1 << (index % 64)) != 0
}

/// The place of a code of three letters `A`-`Z` among all such codes.
fn letters_index(code: &str) -> Option<usize> {
    match code.as_bytes() {
        [a, b, c] if [a, b, c].iter().all(|x| x.is_ascii_uppercase()) => {
            Some(usize::from(a - b'A') * 676 + usize::from(b - b'A') * 26 + usize::from(c - b'A'))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_classified() {
        for country in CountryCode::iter() {
            assert_eq!(classify(country.alpha3()), CodeKind::Country);
        }
        for code in [
            "SRB", "MKD", "BIH", "MNE", "BGR", "GRC", "DEU", "AFG", "ZWE", "ABW",
        ] {
            assert_eq!(classify(code), CodeKind::Country, "{code}");
        }
        for code in ["D", "UTO", "XXA", "RKS", "GBN", "EUE"] {
            assert!(matches!(classify(code), CodeKind::Special(_)), "{code}");
        }
        assert!(matches!(classify("INP"), CodeKind::Recognised(_)));
        for code in ["ASU", "BOS", "XKX", "", "GB", "UT0"] {
            assert_eq!(classify(code), CodeKind::Unknown, "{code}");
        }
    }
}
