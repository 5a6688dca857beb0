//! MRZ validation checked against outside data — the MRZs of public MRZ
//! libraries' test suites and the ICAO specimens in
//! `../shared/eval/mrz/vectors.jsonl`, with their expected fields, check
//! digits, failing checks and warnings — and against the generator, by
//! property.
//!
//! The vectors carry no as-of date, and their expiry dates run from 1995 to
//! 2034, so no one date leaves them all unexpired: their `warnings` list
//! only what does not depend on the date (codes). They are read here as of
//! [`AS_OF`]; the `expiry_date:expired` warning is checked on its own,
//! against that date.

use std::collections::BTreeSet;

use corridor_docs::date::Date;
use corridor_docs::mrz::{generate, Document, Format, MrzDate};
use corridor_docs::validate::{validate, Fields, Validation};
use proptest::prelude::*;
use serde_json::Value;

const AS_OF: (i32, u32, u32) = (2025, 1, 1);

fn as_of() -> Date {
    Date::new(AS_OF.0, AS_OF.1, AS_OF.2).unwrap()
}

fn records(name: &str) -> Vec<Value> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/eval/mrz")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn format_name(format: Option<Format>) -> Option<&'static str> {
    format.map(|f| match f {
        Format::Td1 => "TD1",
        Format::Td2 => "TD2",
        Format::Td3 => "TD3",
        Format::MrvA => "MRVA",
        Format::MrvB => "MRVB",
    })
}

/// A field as the vectors name it; dates are the six characters.
fn field(fields: &Fields, name: &str) -> Option<Value> {
    let s = |v: &str| Some(Value::from(v));
    match name {
        "document_code" => s(&fields.document_code),
        "issuing_state" => s(&fields.issuing_state),
        "surname" => s(&fields.surname),
        "given_names" => s(&fields.given_names),
        "document_number" => s(&fields.document_number),
        "document_number_extended" => Some(fields.document_number_extended.into()),
        "nationality" => s(&fields.nationality),
        "birth_date" => s(&fields.birth_date_raw),
        "sex" => s(&fields.sex),
        "expiry_date" => s(&fields.expiry_date_raw),
        "optional_data" => s(&fields.optional_data),
        "optional_data_2" => fields.optional_data_2.as_deref().and_then(s),
        _ => None,
    }
}

fn strings(v: &Value) -> BTreeSet<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_owned())
        .collect()
}

/// Every difference between a vector and what the validator says.
fn differences(r: &Value, v: &Validation) -> Vec<String> {
    let mut out = Vec::new();
    let mut differ = |what: &str, expected: String, got: String| {
        if expected != got {
            out.push(format!("{what}: expected {expected}, got {got}"));
        }
    };
    differ(
        "format",
        r["format"].to_string(),
        format_name(v.format).map_or("null".into(), |f| format!("{f:?}")),
    );
    differ("valid", r["valid"].to_string(), v.is_valid().to_string());
    if let (Some(expected), Some(fields)) = (r["expected"].as_object(), &v.fields) {
        for (name, value) in expected {
            let got = field(fields, name).unwrap_or(Value::Null);
            differ(
                &format!("fields.{name}"),
                value.to_string(),
                got.to_string(),
            );
        }
    }
    let expected: BTreeSet<(String, bool)> = r["check_digits"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_bool().unwrap()))
        .collect();
    let got: BTreeSet<(String, bool)> = v
        .check_digits
        .iter()
        .map(|(c, ok)| (c.name().to_owned(), ok))
        .collect();
    differ("check_digits", format!("{expected:?}"), format!("{got:?}"));
    let got: BTreeSet<String> = v.failures().map(|p| p.code().into_owned()).collect();
    differ(
        "failing_checks",
        format!("{:?}", strings(&r["failing_checks"])),
        format!("{got:?}"),
    );
    let got: BTreeSet<String> = v
        .warnings()
        .map(|p| p.code().into_owned())
        .filter(|c| c != "expiry_date:expired")
        .collect();
    differ(
        "warnings",
        format!("{:?}", strings(&r["warnings"])),
        format!("{got:?}"),
    );
    let expired = v.warnings().any(|p| p.code() == "expiry_date:expired");
    let should = v
        .fields
        .as_ref()
        .and_then(|f| f.expiry_date)
        .is_some_and(|d| d < as_of());
    differ("expired", should.to_string(), expired.to_string());
    out
}

#[test]
fn the_evaluation_vectors_pass() {
    let vectors = records("vectors.jsonl");
    assert_eq!(vectors.len(), 48);
    let mut report = Vec::new();
    for (i, r) in vectors.iter().enumerate() {
        let mrz = r["mrz"].as_str().unwrap();
        let v = validate(mrz, as_of());
        for d in differences(r, &v) {
            report.push(format!("vector {} ({mrz:?}): {d}", i + 1));
        }
        for p in &v.problems {
            assert!(!p.message().is_empty());
        }
    }
    assert!(report.is_empty(), "\n{}", report.join("\n"));
}

#[test]
fn the_check_digit_vectors_pass() {
    for r in records("checkdigit_vectors.jsonl") {
        let input = r["input"].as_str().unwrap();
        let expected = r["check_digit"].as_u64().unwrap() as u8;
        assert_eq!(
            corridor_docs::mrz::check_value([input.as_bytes()]),
            expected,
            "{input}"
        );
    }
}

#[test]
fn the_name_vectors_are_read_back() {
    for r in records("name_vectors.jsonl") {
        let line1 = r["line1"].as_str().unwrap();
        let zone = format!("{line1}\nL898902C36UTO7408122F1204159ZE184226B<<<<<10");
        let v = validate(&zone, as_of());
        assert!(v.is_valid(), "{zone}: {:?}", v.problems);
        let f = v.fields.unwrap();
        assert_eq!(f.surname, r["surname"].as_str().unwrap(), "{line1}");
        assert_eq!(f.given_names, r["given_names"].as_str().unwrap(), "{line1}");
    }
}

#[test]
fn shapes_and_characters_are_taken_exactly_as_given() {
    let good = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10";
    assert!(validate(good, as_of()).is_valid());
    let codes = |zone: &str| -> Vec<String> {
        validate(zone, as_of())
            .failures()
            .map(|p| p.code().into_owned())
            .collect()
    };
    let shape = "structure:line_count_or_length";
    let illegal = "structure:illegal_characters";
    assert_eq!(codes(&good.replace('\n', "\r\n")), [shape, illegal]);
    assert_eq!(codes(&format!("{good}\n")), [shape]);
    assert!(codes(&good.to_lowercase()).contains(&illegal.to_owned()));
    assert_eq!(codes(""), [shape]);
    let spaced = good.replace("ANNA<MARIA", "ANNA MARIA");
    let v = validate(&spaced, as_of());
    assert_eq!(v.format, Some(Format::Td3));
    assert!(
        v.problems[0].message().contains("column 20: a space"),
        "{}",
        v.problems[0].message()
    );
}

// --- properties -----------------------------------------------------------

fn code_for(format: Format) -> impl Strategy<Value = String> {
    let codes: &[&str] = match format {
        Format::Td1 | Format::Td2 => &["I", "ID", "IR", "A", "AC", "C", "IP"],
        Format::Td3 => &["P", "PO", "PD", "PS"],
        Format::MrvA | Format::MrvB => &["V", "VB", "VC", "VD"],
    };
    prop::sample::select(codes).prop_map(str::to_owned)
}

fn state() -> impl Strategy<Value = String> {
    prop::sample::select(
        &[
            "SRB", "MKD", "BIH", "MNE", "BGR", "GRC", "GBR", "D", "UTO", "XXA", "RKS", "TUR",
            "AFG", "ASU",
        ][..],
    )
    .prop_map(str::to_owned)
}

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Z]{1,12}( [A-Z]{1,10}){0,2}",
        prop::sample::select(
            &[
                "Шћепановић",
                "Παπαδόπουλος",
                "Müller-Lüdenscheidt",
                "O'Connor",
                ""
            ][..]
        )
        .prop_map(str::to_owned),
    ]
}

fn mrz_date(years: std::ops::RangeInclusive<i32>, partial: bool) -> impl Strategy<Value = MrzDate> {
    (years, 1u32..=12, 1u32..=31, 0..if partial { 8 } else { 1 }).prop_map(|(y, m, d, p)| {
        let d = d.min(corridor_docs::date::days_in_month(y, m));
        match p {
            1 => MrzDate::new(y, Some(m), None),
            2 => MrzDate::new(y, None, None),
            _ => MrzDate::new(y, Some(m), Some(d)),
        }
    })
}

fn document() -> impl Strategy<Value = Document> {
    prop::sample::select(
        &[
            Format::Td1,
            Format::Td2,
            Format::Td3,
            Format::MrvA,
            Format::MrvB,
        ][..],
    )
    .prop_flat_map(|format| {
        let long = matches!(format, Format::Td1 | Format::Td2);
        (
            (Just(format), code_for(format), state(), state()),
            (name(), name()),
            if long {
                "[A-Z0-9]{1,12}"
            } else {
                "[A-Z0-9]{1,9}"
            },
            (mrz_date(1926..=2024, true), mrz_date(2000..=2044, false)),
            prop::sample::select(&['M', 'F', '<'][..]),
            ("([A-Z0-9]{1,4}(<[A-Z0-9]{1,4}){0,2})?", "[A-Z0-9]{0,11}"),
        )
    })
    .prop_map(
        |(
            (format, code, issuing, nationality),
            (surname, given),
            number,
            (birth, expiry),
            sex,
            (opt, opt2),
        )| {
            Document {
                format,
                document_code: code,
                issuing_state: issuing,
                surname,
                given_names: given,
                document_number: number,
                nationality,
                birth_date: birth,
                sex,
                expiry_date: expiry,
                optional_data: opt,
                optional_data_2: if format == Format::Td1 {
                    opt2
                } else {
                    String::new()
                },
            }
        },
    )
}

fn mrz_name(s: &str) -> String {
    corridor_text::translit::icao_mrz(s).replace('<', " ")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn every_generated_zone_validates_and_reads_back(doc in document()) {
        let Ok(lines) = generate(&doc) else {
            // The optional data did not fit beside a long number.
            return Ok(());
        };
        let zone = lines.join("\n");
        let v = validate(&zone, as_of());
        prop_assert!(v.is_valid(), "{zone}\n{:?}", v.problems);
        let f = v.fields.unwrap();
        prop_assert_eq!(f.document_code.as_ref(), doc.document_code.as_str());
        prop_assert_eq!(f.issuing_state.trim_end_matches('<'), doc.issuing_state.as_str());
        prop_assert_eq!(f.nationality.trim_end_matches('<'), doc.nationality.as_str());
        prop_assert_eq!(f.document_number.as_ref(), doc.document_number.as_str());
        prop_assert_eq!(f.document_number_extended, doc.document_number.len() > 9);
        prop_assert_eq!(f.birth_date_raw.as_ref(), doc.birth_date.as_str());
        prop_assert_eq!(f.expiry_date_raw.as_ref(), doc.expiry_date.as_str());
        let full = |d: &MrzDate| {
            let s = d.as_str();
            (!s.contains('<')).then_some(s.to_owned())
        };
        let ymd = |d: Option<Date>| d.map(|d| format!("{:02}{:02}{:02}", d.year() % 100, d.month(), d.day()));
        prop_assert_eq!(ymd(f.birth_date), full(&doc.birth_date));
        prop_assert_eq!(ymd(f.expiry_date), full(&doc.expiry_date));
        prop_assert_eq!(f.sex.as_ref(), doc.sex.to_string());
        prop_assert_eq!(f.optional_data.as_ref(), doc.optional_data.as_str());
        prop_assert_eq!(f.optional_data_2.as_deref().unwrap_or(""), doc.optional_data_2.as_str());
        let (surname, given) = (mrz_name(&doc.surname), mrz_name(&doc.given_names));
        let width = match doc.format {
            Format::Td1 => 30,
            other => other.line_length() - 5,
        };
        // A truncated name cannot read back whole.
        if surname.len() + 2 + given.len() <= width {
            prop_assert_eq!(f.surname.as_ref(), surname.as_str());
            prop_assert_eq!(f.given_names.as_ref(), given.as_str());
        }
    }

}

proptest! {
    // Each case tries every position with 40 replacements.
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn every_single_character_corruption_is_caught_or_shows(doc in document()) {
        let Ok(lines) = generate(&doc) else {
            return Ok(());
        };
        let zone = lines.join("\n");
        let original = validate(&zone, as_of());
        prop_assert!(original.is_valid());
        let chars: Vec<char> = zone.chars().collect();
        let replacements = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<a \r\u{C9}";
        for (at, &was) in chars.iter().enumerate() {
            if was == '\n' {
                continue;
            }
            for by in replacements.chars().filter(|&c| c != was) {
                let mut corrupt = chars.clone();
                corrupt[at] = by;
                let corrupt: String = corrupt.into_iter().collect();
                let v = validate(&corrupt, as_of());
                // Doc 9303 allows 0 or < as the check digit of an empty
                // personal number: swapping them changes nothing.
                let personal_check = doc.format == Format::Td3
                    && at == 45 + 42
                    && matches!((was, by), ('<', '0') | ('0', '<'));
                prop_assert!(
                    !v.is_valid() || v.fields != original.fields || personal_check,
                    "{corrupt:?} ({was:?} -> {by:?} at {at}) passes unnoticed"
                );
            }
        }
    }
}

#[test]
fn any_text_is_read_without_panicking() {
    let samples = [
        "\n".to_owned(),
        "\n\n".to_owned(),
        "<<<<".to_owned(),
        "\u{0}".to_owned(),
        "Ж\nЖ".to_owned(),
        "é".repeat(44) + "\n" + &"é".repeat(44),
        "é".repeat(30) + "\n" + &"é".repeat(30) + "\n" + &"é".repeat(30),
    ];
    for s in samples {
        let v = validate(&s, as_of());
        assert!(!v.is_valid());
        for p in &v.problems {
            assert!(!p.message().is_empty());
        }
    }
}
