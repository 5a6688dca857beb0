//! Countries, as ISO 3166-1 alpha-3 codes plus the few codes the route needs
//! that ISO lacks.

use std::fmt;

use isocountry::CountryCode;

/// A country or nationality code: ISO 3166-1 alpha-3, or one of the codes
/// ICAO Doc 9303 and EU practice add (`XKX`/`RKS` Kosovo; `XXA` stateless;
/// `XXB`/`XXC` refugee; `XXX` unspecified; `UNK` unknown; `UTO` the ICAO
/// specimen state).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Country([u8; 3]);

/// Codes accepted beyond ISO 3166-1, with their ISO 3166-1 alpha-2 region
/// for telephone numbering where one exists.
const EXTRA: &[(&str, Option<&str>)] = &[
    ("XKX", Some("XK")),
    ("RKS", Some("XK")),
    ("XXA", None),
    ("XXB", None),
    ("XXC", None),
    ("XXX", None),
    ("UNK", None),
    // ICAO's specimen state, on sample documents and on forgeries copied
    // from them: accepted so that such a document can be recorded at all.
    ("UTO", None),
];

impl Country {
    pub fn parse(text: &str) -> Result<Self, String> {
        let known = text.len() == 3
            && (CountryCode::for_alpha3(text).is_ok() || EXTRA.iter().any(|(c, _)| *c == text));
        if known {
            let b = text.as_bytes();
            Ok(Country([b[0], b[1], b[2]]))
        } else {
            Err(format!(
                "expected an ISO 3166-1 alpha-3 country code in upper case such as SRB, GRC or AFG, found {text:?}"
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        // Only ASCII upper-case letters are ever stored.
        std::str::from_utf8(&self.0).unwrap_or("UNK")
    }

    /// ISO 3166-1 alpha-2 code, as telephone numbering plans use.
    pub fn alpha2(&self) -> Option<&'static str> {
        if let Some((_, region)) = EXTRA.iter().find(|(c, _)| *c == self.as_str()) {
            return *region;
        }
        CountryCode::for_alpha3(self.as_str())
            .ok()
            .map(|c| c.alpha2())
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn route_countries_parse() {
        for code in [
            "SRB", "MKD", "ALB", "BIH", "MNE", "BGR", "GRC", "FRA", "GBR", "TUR", "AFG", "SYR",
            "XKX",
        ] {
            assert_eq!(Country::parse(code).unwrap().as_str(), code);
        }
        assert_eq!(Country::parse("SRB").unwrap().alpha2(), Some("RS"));
        assert_eq!(Country::parse("XKX").unwrap().alpha2(), Some("XK"));
    }

    #[test]
    fn bad_codes_are_refused() {
        for bad in ["", "srb", "RS", "SERB", "QQQ"] {
            assert!(Country::parse(bad).is_err(), "{bad:?} accepted");
        }
    }
}
