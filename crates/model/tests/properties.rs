//! Property tests of the normalisers: they never panic, and a value's
//! canonical form parses back to the same value (idempotence).

use corridor_model::grading::Evaluation;
use corridor_model::values::{
    handle, plate_key, DocumentNumber, Money, PartialDate, PhoneNumber, Plate,
};
use corridor_model::{AgencyCode, Country, EventTime, MentionRef, ReportId};
use proptest::prelude::*;

proptest! {
    #[test]
    fn partial_dates_round_trip(y in 1900i32..=2100, m in proptest::option::of(1u32..=12), d in 1u32..=31) {
        let day = m.map(|_| d);
        if let Ok(date) = PartialDate::new(y, m, day) {
            prop_assert_eq!(PartialDate::parse(&date.to_string()), Ok(date));
            if let (Some(m), Some(d)) = (date.month(), date.day()) {
                let day_first = format!("{d:02}.{m:02}.{y}");
                prop_assert_eq!(PartialDate::parse(&day_first), Ok(date));
                let slashed = format!("{d}/{m}/{y}");
                prop_assert_eq!(PartialDate::parse(&slashed), Ok(date));
            }
        }
    }

    #[test]
    fn partial_date_parser_never_panics(s in "\\PC{0,16}|[0-9./-]{0,12}") {
        let _ = PartialDate::parse(&s);
    }

    #[test]
    fn phone_numbers_are_idempotent(s in "[+]?[0-9 ()./-]{0,24}", country in prop::sample::select(vec!["SRB", "MKD", "GRC", "BGR", "XKX", "GBR", "AFG"])) {
        let country = Country::parse(country).ok();
        if let Ok(p) = PhoneNumber::parse(&s, country) {
            let again = PhoneNumber::parse(p.written(), country).unwrap();
            prop_assert_eq!(&again, &p);
            if let Some(e) = p.e164() {
                let from_e164 = PhoneNumber::parse(e, None).unwrap();
                prop_assert_eq!(from_e164.e164(), Some(e));
            }
        }
    }

    #[test]
    fn phone_parser_never_panics(s in "\\PC{0,30}") {
        let _ = PhoneNumber::parse(&s, Country::parse("SRB").ok());
    }

    #[test]
    fn plate_keys_are_idempotent(s in "[A-Za-zА-Яа-яČĆŠŽĐ0-9 .-]{0,20}") {
        let key = plate_key(&s);
        prop_assert_eq!(plate_key(&key), key.clone());
        if let Ok(p) = Plate::parse(&s) {
            prop_assert_eq!(Plate::parse(p.written()).unwrap(), p.clone());
            let from_key = Plate::parse(p.key()).unwrap();
            prop_assert_eq!(from_key.key(), p.key());
        }
    }

    #[test]
    fn document_numbers_are_idempotent(s in "[A-Za-z0-9 -]{0,30}") {
        if let Ok(d) = DocumentNumber::parse(&s) {
            prop_assert_eq!(DocumentNumber::parse(d.as_str()), Ok(d.clone()));
        }
    }

    #[test]
    fn handles_are_idempotent(s in "@?\\PC{0,30}") {
        if let Ok(h) = handle(&s) {
            prop_assert_eq!(handle(&h), Ok(h.clone()));
        }
    }

    #[test]
    fn money_round_trips(units in 0i64..10_000_000_000, cur in "[A-Z]{3}") {
        let text = format!("{}.{:02}", units / 100, units % 100);
        let m = Money::parse(&text, &cur).unwrap();
        prop_assert_eq!(m.minor_units(), units);
        prop_assert_eq!(Money::parse(&m.amount(), m.currency()), Ok(m));
    }

    #[test]
    fn evaluations_round_trip(s in "[ABCX1-4/-]{0,3}|[1-3][A-E][PC]|[1-3]/[A-E]/[PC]") {
        if let Ok(e) = Evaluation::parse(&s) {
            prop_assert_eq!(Evaluation::parse(&e.to_string()), Ok(e));
        }
    }

    #[test]
    fn identifiers_never_panic_and_round_trip(s in "\\PC{0,40}") {
        if let Ok(id) = ReportId::parse(&s) { prop_assert_eq!(ReportId::parse(id.as_str()), Ok(id)); }
        if let Ok(r) = MentionRef::parse(&s) { prop_assert_eq!(MentionRef::parse(r.as_str()), Ok(r)); }
        if let Ok(a) = AgencyCode::parse(&s) { prop_assert_eq!(AgencyCode::parse(a.as_str()), Ok(a)); }
        if let Ok(c) = Country::parse(&s) { prop_assert_eq!(Country::parse(c.as_str()), Ok(c)); }
        if let Ok(t) = EventTime::parse(&s) { prop_assert_eq!(EventTime::parse(&t.to_string()), Ok(t)); }
    }

    #[test]
    fn event_times_round_trip(secs in 0i64..4_102_444_800, offset_quarters in -48i32..=56) {
        let offset = chrono::FixedOffset::east_opt(offset_quarters * 900).unwrap();
        let t = chrono::DateTime::from_timestamp(secs, 0).unwrap().with_timezone(&offset);
        let parsed = EventTime::parse(&t.to_rfc3339()).unwrap();
        prop_assert_eq!(EventTime::parse(&parsed.to_string()), Ok(parsed));
        prop_assert_eq!(parsed.date(), t.date_naive());
    }
}
