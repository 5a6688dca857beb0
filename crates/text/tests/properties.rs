use corridor_text::{fold, normalise};
use proptest::prelude::*;

proptest! {
    #[test]
    fn normalise_is_idempotent(s in "\\PC*") {
        let once = normalise(&s);
        prop_assert_eq!(normalise(&once), once.clone());
        prop_assert!(!once.starts_with(' ') && !once.ends_with(' '));
        prop_assert!(!once.contains("  "));
    }

    #[test]
    fn fold_is_idempotent_and_lowercase(s in "\\PC*") {
        let once = fold(&s);
        prop_assert_eq!(fold(&once), once.clone());
        prop_assert!(!once.chars().any(|c| c.is_uppercase() && c.to_lowercase().next() != Some(c)));
    }

    #[test]
    fn fold_ignores_case_of_latin_cyrillic_greek(s in "[a-zA-Zа-яА-Яα-ωΑ-Ω ]{0,40}") {
        prop_assert_eq!(fold(&s.to_uppercase()), fold(&s.to_lowercase()));
    }
}
