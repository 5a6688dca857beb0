//! Comparison vectors: `tests/data/levels.tsv` lists pairs of raw values and
//! the level their comparison must reach, and property tests check that
//! normalisation is idempotent and scores symmetric.

use corridor_resolve::{link, score, Dataset, FieldKind, Mode, Settings};
use proptest::prelude::*;

fn kind(name: &str) -> FieldKind {
    match name {
        "name" => FieldKind::Surname,
        "full_name" => FieldKind::FullName,
        "date" => FieldKind::BirthDate,
        "postcode" => FieldKind::Postcode,
        "city" => FieldKind::City,
        "phone" => FieldKind::Phone,
        "sex" => FieldKind::Sex,
        "nationality" => FieldKind::Nationality,
        "street_number" => FieldKind::StreetNumber,
        other => panic!("unknown kind {other}"),
    }
}

#[test]
fn levels_match_the_vectors() {
    let text = include_str!("data/levels.tsv");
    let mut failures = Vec::new();
    for (n, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty())
    {
        let f: Vec<&str> = line.split('\t').collect();
        let (k, a, b, expected) = (kind(f[0]), f[1], f[2], f[3]);
        let got = corridor_resolve::level_name(k, a, b);
        if got != expected {
            failures.push(format!(
                "levels.tsv:{}: {} {a:?} vs {b:?}: got {got:?}, expected {expected:?}",
                n + 1,
                f[0]
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn dataset(rows: &[(String, String, String)]) -> Dataset {
    let mut data = Dataset::new([
        ("given_name".to_owned(), Some(FieldKind::GivenName)),
        ("surname".to_owned(), Some(FieldKind::Surname)),
        ("dob".to_owned(), Some(FieldKind::BirthDate)),
    ]);
    for (i, (g, s, d)) in rows.iter().enumerate() {
        data.push(
            i.to_string(),
            0,
            [Some(g.as_str()), Some(s.as_str()), Some(d.as_str())],
        );
    }
    data
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn normalised_names_and_dates_are_fixed_points(s in "\\\\PC{0,30}", y in 1900i32..2030, m in 1u32..13, d in 1u32..29) {
        for k in [FieldKind::GivenName, FieldKind::City, FieldKind::Postcode] {
            // The comparable text is a fixed point (the matching key is
            // made from the raw value, which may say more than its folding).
            let once = corridor_resolve::normalise(k, &s);
            if let Some(t) = once.text() {
                let again = corridor_resolve::normalise(k, t);
                prop_assert_eq!(again.text(), Some(t));
            }
        }
        let iso = format!("{y:04}-{m:02}-{d:02}");
        let dotted = format!("{d:02}.{m:02}.{y:04}");
        prop_assert_eq!(corridor_resolve::normalise(FieldKind::BirthDate, &iso), corridor_resolve::normalise(FieldKind::BirthDate, &dotted));
    }

    #[test]
    fn dedupe_scores_are_symmetric(rows in proptest::collection::vec(
        (prop::sample::select(vec!["Mohamad", "Muhammad", "Мухамед", "Ali", "Dragan", "Драган", "Yusuf", "Jusuf"]),
         prop::sample::select(vec!["Al Hasan", "Alhassan", "Petrović", "Петровић", "Haidari", "Hajdari", "Safi"]),
         prop::sample::select(vec!["1987-07-03", "03.07.1987", "1987", "1990-01-02", "", "02.01.1990"])), 4..30)) {
        let rows: Vec<(String, String, String)> = rows.into_iter().map(|(a, b, c)| (a.to_owned(), b.to_owned(), c.to_owned())).collect();
        let data = dataset(&rows);
        let linkage = link(&data, Mode::Dedupe, &Settings::default(), &mut |_| {});
        for p in linkage.pairs.iter().take(50) {
            let ab = score(&data, &linkage.model, p.a, p.b).weight;
            let ba = score(&data, &linkage.model, p.b, p.a).weight;
            prop_assert!((ab - ba).abs() < 1e-9, "{} vs {}", ab, ba);
        }
    }
}
