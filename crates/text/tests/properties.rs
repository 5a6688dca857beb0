use corridor_text::translit::*;
use corridor_text::{fold, matching_key, normalise, Script};
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

/// Spellings met on the route, in several scripts, none of them an `abd`
/// form written apart (those join the next word, so order matters there).
const NAMES: &[&str] = &[
    "Mohammed",
    "Muhammad",
    "Мухамед",
    "Μοχάμεντ",
    "Al-Hassan",
    "Hassan",
    "Хасан",
    "Χασάν",
    "el-Amrani",
    "Yusuf",
    "Јусуф",
    "Юсуф",
    "Γιουσούφ",
    "Omar",
    "Ibrahim",
    "Ибрахим",
    "bin",
    "Abdulrahman",
    "Абдурахман",
    "Sa'id",
    "Hüseyin",
    "Šćepanović",
    "Ђорђевић",
    "Ali",
    "al",
    "Mehmet",
    "Khalid",
    "Χαλίντ",
    "Rahimy",
    "Джамал",
    "Alexander",
    "Ash-Shami",
    "Ѓорѓи",
];

fn name_word() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(NAMES).prop_map(str::to_string),
        "[A-Z][a-z]{1,9}".prop_filter("an abd form joins the next word", |w| !w
            .to_lowercase()
            .starts_with("abd")),
        "[А-Я][а-я]{1,9}",
        "[Α-ΡΣ-Ω][α-ω]{1,9}",
    ]
}

fn name() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(name_word(), 1..5)
}

fn capitalise(word: &str, capital: bool) -> String {
    let mut letters = word.chars();
    match letters.next() {
        Some(first) if capital => first.to_uppercase().chain(letters).collect(),
        _ => word.to_string(),
    }
}

fn words(
    letters: &'static str,
    forbidden: &'static [&'static str],
) -> impl Strategy<Value = String> {
    prop::collection::vec((letters, any::<bool>()), 1..4)
        .prop_map(|words| {
            words
                .iter()
                .map(|(w, cap)| capitalise(w, *cap))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .prop_filter("ambiguous sequence", move |s| {
            let lower = s.to_lowercase();
            !forbidden.iter().any(|f| lower.contains(f))
        })
}

proptest! {
    #[test]
    fn matching_key_is_idempotent(s in "\\PC*") {
        let once = matching_key(&s);
        prop_assert_eq!(matching_key(&once), once.clone());
    }

    #[test]
    fn matching_key_is_idempotent_on_name_like_text(s in "([aeiouyAEIOUbdhklmnrsctzjgqwxAL]|abd|al|el|sh|kh|ts|dz|[ʿ'’ .,-]|[абвгджзийклмнопрстуфхцчшщъыьэюяђјљњћџѓќѕєїіґ]|[αβγδεζηθικλμνξοπρστυφχψωάέήίόύώϊϋΐΰς]|[ČćçđšžµΩǅİı]){0,24}") {
        let once = matching_key(&s);
        prop_assert_eq!(matching_key(&once), once.clone());
    }

    #[test]
    fn matching_key_is_idempotent_on_names(words in name()) {
        let once = matching_key(&words.join(" "));
        prop_assert_eq!(matching_key(&once), once.clone());
    }

    #[test]
    fn matching_key_ignores_word_order(words in name(), i in any::<prop::sample::Index>(), j in any::<prop::sample::Index>()) {
        let mut swapped = words.clone();
        swapped.swap(i.index(words.len()), j.index(words.len()));
        prop_assert_eq!(matching_key(&words.join(" ")), matching_key(&swapped.join(" ")));
    }

    #[test]
    fn serbian_cyrillic_round_trips(s in words("[абвгдђежзијклљмнњопрстћуфхцчџш]{1,10}", &["нј", "лј", "дж"])) {
        prop_assert_eq!(serbian_to_cyrillic(&serbian_to_latin(&s)), s);
    }

    #[test]
    fn serbian_latin_round_trips(s in words("(a|b|c|č|ć|d|dž|đ|e|f|g|h|i|j|k|l|lj|m|n|nj|o|p|r|s|š|t|u|v|z|ž){1,10}", &[])) {
        prop_assert_eq!(serbian_to_latin(&serbian_to_cyrillic(&s)), s);
    }

    #[test]
    fn icao_mrz_is_a_to_z_and_filler(s in "\\PC*") {
        let mrz = icao_mrz(&s);
        prop_assert!(mrz.chars().all(|c| c.is_ascii_uppercase() || c == '<'), "{:?}", mrz);
        prop_assert!(!mrz.starts_with('<') && !mrz.ends_with('<') && !mrz.contains("<<"), "{:?}", mrz);
    }

    #[test]
    fn nothing_panics(s in "\\PC*") {
        let all: [fn(&str) -> String; 14] = [
            serbian_to_latin, serbian_to_cyrillic, macedonian_to_latin, macedonian_to_cyrillic,
            bulgarian_to_latin, bulgarian_to_cyrillic, russian_to_latin, ukrainian_to_latin,
            greek_to_latin, greek_from_latin, english_to_serbian_latin, to_latin, icao_mrz,
            matching_key,
        ];
        for f in all {
            let _ = f(&s);
        }
        let _ = Script::of(&s).as_str();
    }

    #[test]
    fn letters_of_one_script_are_that_script(s in "[a-zA-Z]{1,8}|[а-яА-Я]{1,8}|[α-ωΑ-ΡΣ-Ω]{1,8}") {
        prop_assert!(matches!(Script::of(&s), Script::Latin | Script::Cyrillic | Script::Greek));
    }
}

proptest! {
    // The ASCII shortcuts of fold and to_latin change nothing: the same
    // text with one non-ASCII letter appended and stripped again goes the
    // long way.
    #[test]
    fn ascii_takes_the_short_way_to_the_same_place(s in "[ -~]{0,40}") {
        let long_way = |t: &str| {
            let folded = corridor_text::fold(&format!("{t}\u{e9}"));
            folded.strip_suffix('\u{e9}').or(folded.strip_suffix('e')).map(str::to_owned)
        };
        if let Some(expected) = long_way(&s) {
            // Trailing spaces collapse against the appended letter: compare
            // where the long way kept the text whole.
            if !s.ends_with(char::is_whitespace) {
                prop_assert_eq!(corridor_text::fold(&s), expected);
            }
        }
        let latin = corridor_text::translit::to_latin(&format!("{s}\u{436}"));
        prop_assert_eq!(latin.strip_suffix("zh"), Some(s.as_str()));
    }
}
