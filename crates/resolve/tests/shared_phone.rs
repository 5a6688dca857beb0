//! One phone used by a whole safe house must not weld its users into one
//! person: a phone's agreement is weighed by how many records carry it.

use corridor_resolve::{clusters, link, Dataset, FieldKind, Mode, Settings};

#[test]
fn a_safe_house_phone_does_not_merge_its_users() {
    let mut data = Dataset::new([
        ("given_name".to_owned(), Some(FieldKind::GivenName)),
        ("surname".to_owned(), Some(FieldKind::Surname)),
        ("date_of_birth".to_owned(), Some(FieldKind::BirthDate)),
        ("phone".to_owned(), Some(FieldKind::Phone)),
    ]);
    let given = [
        "Ahmad", "Bilal", "Dawood", "Farid", "Ghulam", "Hamid", "Idris", "Jamal", "Karim", "Latif",
        "Mansur", "Nabil", "Omid", "Qasim", "Rahim", "Samir", "Tariq", "Wahid", "Yasin", "Zaki",
    ];
    let surnames = [
        "Rahimi", "Safi", "Noori", "Haidari", "Karimi", "Sultani", "Popal", "Wardak", "Amiri",
        "Hashimi",
    ];
    // Twenty people of one family name in the safe house, all on its phone.
    for (i, &g) in given.iter().enumerate() {
        let s = "Rahimi";
        data.push(
            format!("house-{i}"),
            0,
            [Some(g), Some(s), None, Some("+381 64 555 0101")],
        );
    }
    // A background population, each with a phone of their own, and some
    // people recorded twice.
    for i in 0..400 {
        let g = given[(i * 3) % given.len()];
        let s = surnames[(i * 11 + 3) % surnames.len()];
        let dob = format!("19{:02}-{:02}-{:02}", 60 + i % 40, 1 + i % 12, 1 + i % 28);
        let phone = format!("+381 63 {:07}", 1_000_000 + i);
        data.push(
            format!("p-{i}"),
            0,
            [Some(g), Some(s), Some(dob.as_str()), Some(phone.as_str())],
        );
        if i % 5 == 0 {
            data.push(
                format!("p-{i}-again"),
                0,
                [Some(g), Some(s), Some(dob.as_str()), Some(phone.as_str())],
            );
        }
    }
    let linkage = link(&data, Mode::Dedupe, &Settings::default(), &mut |_| {});
    let ids = clusters(data.len(), &linkage.pairs, 0.5);
    let house: Vec<u32> = (0..given.len() as u32).collect();
    let mut largest = std::collections::HashMap::<u32, usize>::new();
    for &i in &house {
        *largest.entry(ids[i as usize]).or_default() += 1;
    }
    let biggest = largest.values().copied().max().unwrap_or(0);
    assert!(
        biggest <= 1,
        "the safe house's users must stay apart; a cluster of {biggest} formed"
    );
    // People recorded twice still link.
    let p0 = data.position("p-0").unwrap();
    let again = data.position("p-0-again").unwrap();
    assert_eq!(ids[p0 as usize], ids[again as usize]);
}
