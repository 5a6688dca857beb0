//! Any bytes as rows of people to link (comma-separated given name, surname,
//! date of birth, phone, postcode, city): normalising, blocking, training and
//! scoring must never panic, and every probability must be a probability.
#![no_main]

use corridor_resolve::{clusters, link, Dataset, FieldKind, Mode, Settings};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let kinds = [FieldKind::GivenName, FieldKind::Surname, FieldKind::BirthDate, FieldKind::Phone, FieldKind::Postcode, FieldKind::City];
    let mut dataset = Dataset::new(kinds.iter().map(|k| (format!("{k:?}"), Some(*k))));
    for (i, line) in text.lines().take(200).enumerate() {
        dataset.push(i.to_string(), (i % 2) as u8, line.split(',').map(Some));
    }
    let n = dataset.len();
    for mode in [Mode::Dedupe, Mode::Link] {
        let linkage = link(&dataset, mode, &Settings::default(), &mut |_| {});
        for p in &linkage.pairs {
            assert!((0.0..=1.0).contains(&p.probability), "{}", p.probability);
        }
        assert_eq!(clusters(n, &linkage.pairs, 0.5).len(), n);
    }
});
