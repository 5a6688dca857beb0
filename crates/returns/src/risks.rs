//! The built-in list of destination risks, checked ex officio.
//!
//! A removal to a country on this list is refused whatever the case
//! history says, because non-refoulement does not wait for the person to
//! raise it. The list is short and each entry names its source; a
//! deployment adds its own entries with the case's `destination_risks`
//! (they are added to this list, never replace it). Review it whenever a
//! source is updated; docs/returns.md says how.

use crate::case::{Country, DestinationRisk};

/// `(country, reason, source)`.
const BUILT_IN: &[(&str, &str, &str)] = &[
    (
        "AFG",
        "UNHCR non-return advisory: forced returns to Afghanistan expose people to a real risk of serious harm",
        "UNHCR, Guidance Note on the International Protection Needs of People Fleeing Afghanistan (2022, updated 2023)",
    ),
    (
        "LBY",
        "return or transfer to Libya exposes people to torture, arbitrary detention and onward refoulement",
        "ECtHR (Grand Chamber), Hirsi Jamaa and Others v. Italy, no. 27765/09, 23 February 2012",
    ),
    (
        "RWA",
        "not a safe third country: real risk of onward refoulement of people transferred there",
        "UK Supreme Court, R (AAA) v Secretary of State for the Home Department [2023] UKSC 42",
    ),
    (
        "SDN",
        "UNHCR non-return advisory: armed conflict and generalised violence",
        "UNHCR, Position on Returns to Sudan (2023)",
    ),
    (
        "SYR",
        "UNHCR advises against forced returns while the situation remains unstable",
        "UNHCR, Position on Returns to the Syrian Arab Republic (December 2024)",
    ),
    (
        "UKR",
        "UNHCR non-return advisory: armed conflict",
        "UNHCR, Position on Returns to Ukraine (2022, updated 2024)",
    ),
];

/// The built-in entries.
pub fn built_in() -> Vec<DestinationRisk> {
    BUILT_IN
        .iter()
        .map(|(country, reason, source)| DestinationRisk {
            country: Country::new(country).expect("built-in country codes are valid"),
            reason: (*reason).to_owned(),
            source: (*source).to_owned(),
        })
        .collect()
}
