//! Any bytes as a machine-readable zone, checked as of a date taken from
//! the first bytes: the validator must never panic, must explain every
//! problem, and must agree with itself (a zone with no failure is valid,
//! a zone of unknown format has no fields). Any national number found in
//! the optional data is decoded and compared too.
#![no_main]

use corridor_docs::date::Date;
use corridor_docs::national;
use corridor_docs::validate::validate;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (year, rest) = match data {
        [a, b, rest @ ..] => (1800 + i32::from(u16::from_le_bytes([*a, *b]) % 500), rest),
        _ => (2025, data),
    };
    let as_of = Date::new(year, 6, 30).unwrap();
    let text = String::from_utf8_lossy(rest);
    let v = validate(&text, as_of);
    assert_eq!(v.format.is_none(), v.fields.is_none());
    assert_eq!(v.is_valid(), v.failures().next().is_none());
    for p in &v.problems {
        assert!(!p.code().is_empty());
        assert!(!p.message().is_empty());
    }
    if let Some(fields) = &v.fields {
        assert_eq!(fields.birth_date_raw.chars().count(), 6);
        assert_eq!(fields.expiry_date_raw.chars().count(), 6);
        if let Some(n) = national::in_zone(fields) {
            for p in &n.problems {
                assert!(!p.message().is_empty());
            }
            for m in national::compare_with_zone(&n, &fields.birth_date_raw, &fields.sex) {
                assert!(!m.message().is_empty());
            }
        }
    }
    let _ = national::check_jmbg(&text);
    let _ = national::check_egn(&text);
});
