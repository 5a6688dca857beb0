//! The readers face files from partners that may be hostile: whatever the
//! bytes, they must return reports or problems, never panic, and what they
//! accept must survive a write and a re-read unchanged.

use std::path::Path;

use corridor_formats::{read_jsonl, write_jsonl, CsvKind, CsvSet};
use corridor_model::{AgencyCode, Report};
use proptest::prelude::*;

fn any_agency(_: &AgencyCode) -> bool {
    true
}

const VALID: &str = include_str!("data/jsonl/valid_every_kind.jsonl");

fn read(bytes: &[u8]) -> (Vec<Report>, usize) {
    let mut reports = Vec::new();
    let problems = read_jsonl(
        Path::new("fuzz.jsonl"),
        bytes,
        &any_agency,
        &mut |r, _| {
            reports.push(r);
            Ok(())
        },
        &mut |_| {},
    );
    (reports, problems.len())
}

fn assert_round_trip(reports: &[Report]) {
    for r in reports {
        let mut line = Vec::new();
        write_jsonl(&mut line, r).unwrap();
        let (again, problems) = read(&line);
        assert_eq!(problems, 0, "{}", String::from_utf8_lossy(&line));
        assert_eq!(&again[0], r);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn jsonl_reader_survives_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let (reports, _) = read(&bytes);
        assert_round_trip(&reports);
    }

    #[test]
    fn jsonl_reader_survives_mutated_reports(
        at in 0usize..VALID.len(),
        len in 0usize..40,
        insert in "\\PC{0,12}",
    ) {
        let mut text = VALID.to_owned();
        let start = (0..=at).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(0);
        let end = (start + len..=text.len()).find(|i| text.is_char_boundary(*i)).unwrap_or(text.len());
        text.replace_range(start..end, &insert);
        let (reports, _) = read(text.as_bytes());
        assert_round_trip(&reports);
    }

    #[test]
    fn csv_reader_survives_any_text(
        kind in proptest::sample::select(CsvKind::ALL.to_vec()),
        header in proptest::sample::subsequence(vec!["id", "report_id", "ref", "kind", "agency", "role", "number", "lat", "aliases", "from", "to", "type", "withheld", "amount"], 0..8),
        body in "[a-zA-Z0-9,\"\n;.+ -]{0,400}",
    ) {
        let text = format!("{}\n{body}", header.join(","));
        let mut set = CsvSet::default();
        let _ = set.read(Path::new("fuzz.csv"), kind, text.as_bytes(), &mut |_| {});
        let mut reports = Vec::new();
        let _ = set.finish(&any_agency, &mut |r, _| { reports.push(r); Ok(()) });
        assert_round_trip(&reports);
    }
}

#[test]
fn overlong_lines_are_refused_without_loading_them() {
    let mut text = vec![b' '; 17 << 20];
    text.push(b'\n');
    text.extend_from_slice(VALID.lines().nth(1).unwrap().as_bytes());
    let (reports, problems) = read(&text);
    assert_eq!(problems, 1);
    assert_eq!(
        reports.len(),
        1,
        "the line after an overlong one is still read"
    );
}
