//! Any bytes as rows of people to link (comma-separated given name, surname,
//! date of birth, phone, postcode, city): normalising, blocking, training and
//! scoring must never panic, and every probability must be a probability.
#![no_main]

use corridor_resolve::{clusters, link, Dataset, FieldKind, Mode, Record};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let kinds = [FieldKind::GivenName, FieldKind::Surname, FieldKind::BirthDate, FieldKind::Phone, FieldKind::Postcode, FieldKind::City];
    let records: Vec<Record> = text
        .lines()
        .take(200)
        .enumerate()
        .map(|(i, line)| {
            let mut fields = line.split(',').map(|f| Some(f.to_owned()));
            Record {
                id: i.to_string(),
                source: (i % 2) as u8,
                values: kinds.iter().map(|_| fields.next().flatten()).collect(),
            }
        })
        .collect();
    let n = records.len();
    let data = Dataset {
        columns: kinds.iter().map(|k| format!("{k:?}")).collect(),
        kinds: kinds.iter().map(|k| Some(*k)).collect(),
        records,
    };
    for mode in [Mode::Dedupe, Mode::Link] {
        let linkage = link(&data, mode, &mut |_| {});
        for p in &linkage.pairs {
            assert!((0.0..=1.0).contains(&p.probability), "{}", p.probability);
        }
        assert_eq!(clusters(n, &linkage.pairs, 0.5).len(), n);
    }
});
