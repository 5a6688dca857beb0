//! Comparing names across scripts, spellings and word orders: a zone's
//! name with the name an officer recorded, or two documents' names.
//!
//! Each word is compared in several written forms — as Doc 9303 writes it
//! in a zone ([`icao_mrz`]: `Мухамед` → `MUKHAMED`), in the Latin of the
//! South Slavic states for Cyrillic (`Хасан` → `HASAN`), as a Greek officer
//! meant a foreign name to sound (`Νταρουίς` → `DARUIS`), and reduced to
//! what every one of these scripts can write (no `h`, `sh` as `s`, `w` as
//! `u`) — and by its consonant skeletons ([`matching_key`], also read with
//! Albanian spelling: `Xhavid` is `Džavid`). Two words are:
//!
//! - the *same* when one of these agrees, allowing a typing slip (one edit
//!   in a word of four to seven letters, two in a longer one);
//! - *near* when they differ by a little more: a slip on top of a
//!   transliteration, or variants such as `Reza` and `Rida`, `Usman` and
//!   `Othman` (skeletons one edit apart, with `z`/`d` and `s`/`t` and the
//!   glides `h`, `v`, `y` not told apart; or spellings a third apart with
//!   the same first letter);
//! - otherwise *far*.
//!
//! A name is called different only when nothing reconciles it, because a
//! false alarm on a genuine traveller costs more than a weak sign missed.

use std::collections::BTreeSet;

use corridor_text::matching_key;
use corridor_text::translit::{icao_mrz, serbian_to_latin};
use corridor_text::Script;

/// Words that do not identify anyone on their own: articles, "son of",
/// and the particles of European surnames.
const PARTICLES: &[&str] = &[
    "AL", "EL", "UL", "AD", "AR", "AS", "AT", "AN", "AZ", "ASH", "ED", "ER", "ES", "EZ", "BIN",
    "IBN", "BEN", "BINT", "DE", "DA", "DI", "DO", "DOS", "DAS", "DEL", "DER", "DEN", "VAN", "VON",
    "LA", "LE",
];

/// How close two words are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Closeness {
    Far,
    Near,
    Same,
}

/// One word of a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Word {
    /// As a zone writes it: `A`–`Z` only. Shown in evidence.
    mrz: String,
    /// Every written form compared: `A`–`Z` only.
    forms: Vec<String>,
    /// Matching-key skeletons (`mhmd`); none when the word has none.
    skeletons: Vec<String>,
    /// The last word of a zone's name field that is full to its end: it
    /// may have been cut short, so a longer word starting with it matches.
    truncated: bool,
}

impl Word {
    fn new(text: &str) -> Option<Word> {
        let mrz = letters(&icao_mrz(text));
        if mrz.len() < 2 || PARTICLES.contains(&mrz.as_str()) {
            return None;
        }
        let mut forms = vec![mrz.clone()];
        match Script::of(text) {
            Script::Cyrillic => forms.push(letters(&icao_mrz(&serbian_to_latin(text)))),
            Script::Greek => forms.push(greek_sound(&mrz)),
            _ => {}
        }
        // An article written joined (`ALSHEIKH`, `Алшеикх`) as well as apart.
        let unjoined: Vec<String> = forms
            .iter()
            .filter(|f| f.len() >= 5 && (f.starts_with("AL") || f.starts_with("EL")))
            .map(|f| f[2..].to_owned())
            .collect();
        forms.extend(unjoined);
        let reduced: Vec<String> = forms.iter().map(|f| reduced(f)).collect();
        forms.extend(reduced);
        forms.retain(|f| !f.is_empty());
        forms.sort();
        forms.dedup();
        let mut skeletons = vec![matching_key(text)];
        if let Some(respelled) = albanian_respelling(text) {
            skeletons.push(matching_key(&respelled));
        }
        skeletons.retain(|s| !s.is_empty());
        skeletons.dedup();
        Some(Word {
            mrz,
            forms,
            skeletons,
            truncated: false,
        })
    }

    pub(crate) fn closeness(&self, other: &Word) -> Closeness {
        if self.is_same(other) {
            Closeness::Same
        } else if self.is_near(other) {
            Closeness::Near
        } else {
            Closeness::Far
        }
    }

    fn is_same(&self, other: &Word) -> bool {
        if self.skeletons.iter().any(|s| other.skeletons.contains(s)) {
            return true;
        }
        let cut = |a: &Word, b: &Word| a.truncated && a.mrz.len() >= 3 && b.mrz.starts_with(&a.mrz);
        if cut(self, other) || cut(other, self) {
            return true;
        }
        pairs(&self.forms, &other.forms).any(|(a, b)| {
            let allowed = match a.len().max(b.len()) {
                0..=3 => 0,
                4..=7 => 1,
                _ => 2,
            };
            within(a, b, allowed)
        })
    }

    fn is_near(&self, other: &Word) -> bool {
        let lossy = |w: &Word| w.skeletons.iter().map(|s| lossy(s)).collect::<Vec<_>>();
        let skeletons_near = pairs(&lossy(self), &lossy(other)).any(|(a, b)| {
            a.len().min(b.len()) >= 2 && a.as_bytes()[0] == b.as_bytes()[0] && within(a, b, 1)
        });
        skeletons_near
            || pairs(&self.forms, &other.forms).any(|(a, b)| {
                a.as_bytes().first() == b.as_bytes().first()
                    && within(a, b, (a.len().max(b.len()) / 3).max(2))
            })
    }

    pub(crate) fn as_mrz(&self) -> &str {
        &self.mrz
    }
}

fn pairs<'a>(a: &'a [String], b: &'a [String]) -> impl Iterator<Item = (&'a str, &'a str)> {
    a.iter()
        .flat_map(move |x| b.iter().map(move |y| (x.as_str(), y.as_str())))
}

fn letters(text: &str) -> String {
    text.chars().filter(char::is_ascii_uppercase).collect()
}

/// A Greek name's zone form (ELOT 743) read for the sounds a Greek officer
/// meant when writing a foreign name: `ΝΤ` d, `ΜΠ` b, `ΓΚ` g, `ΤΖ` j, `ΟΥ`
/// u, `Γ` before `Ι` or `Ε` y, `Χ` (ELOT `CH`) kh.
fn greek_sound(elot: &str) -> String {
    let b = elot.as_bytes();
    let mut out = String::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let next = b.get(i + 1).copied();
        let (text, step) = match (b[i], next) {
            (b'N', Some(b'T')) => ("D", 2),
            (b'M', Some(b'P')) => ("B", 2),
            (b'G', Some(b'K')) => ("G", 2),
            (b'T', Some(b'Z')) => ("J", 2),
            (b'O', Some(b'U')) => ("U", 2),
            (b'C', Some(b'H')) => ("KH", 2),
            (b'G', Some(b'I' | b'E')) => ("Y", 1),
            _ => ("", 1),
        };
        if text.is_empty() {
            out.push(char::from(b[i]));
        } else {
            out.push_str(text);
        }
        i += step;
    }
    out
}

/// What Latin, Cyrillic and Greek spellings of one foreign name share:
/// `SH` as `S`, `KH` as `K`, `W` as `U`, `Q` as `K`, `J` as `Y` (the
/// Slavic and Turkish reading), no `H`.
fn reduced(form: &str) -> String {
    form.replace("SH", "S")
        .replace("KH", "K")
        .replace('W', "U")
        .replace('Q', "K")
        .replace('J', "Y")
        .replace('H', "")
}

/// A skeleton that does not tell `z` from `d` nor `s` from `t` (the
/// consonants Arabic names are spelled with differently in Persian, Urdu
/// and Arabic: Reza and Rida, Usman and Othman), without the glides `h`,
/// `v`, `y`, and without a first vowel (`Ibrahim`, `Brahim`).
fn lossy(skeleton: &str) -> String {
    let s = skeleton
        .strip_prefix('a')
        .filter(|s| !s.is_empty())
        .unwrap_or(skeleton);
    s.chars()
        .enumerate()
        .filter(|(i, c)| *c != ' ' && (*i == 0 || !matches!(c, 'h' | 'v' | 'y')))
        .map(|(_, c)| match c {
            'z' => 'd',
            't' => 's',
            other => other,
        })
        .collect()
}

/// A word in Albanian spelling rewritten in Serbo-Croatian Latin, whose
/// sounds the matching key knows (`xh` dž, `gj` đ, `q` ć, `ç` č, `ë` e);
/// `None` when the word has none of these letters.
fn albanian_respelling(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    if !(lower.contains("xh")
        || lower.contains("gj")
        || lower.contains('q')
        || lower.contains('ç')
        || lower.contains('ë'))
    {
        return None;
    }
    Some(
        lower
            .replace("xh", "dž")
            .replace("gj", "đ")
            .replace('q', "ć")
            .replace('ç', "č")
            .replace('ë', "e"),
    )
}

/// A name in parts: a surname and given names (a zone, or an officer who
/// recorded them apart), or whole names whose parts are not known.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Name {
    pub(crate) surname: Vec<Word>,
    pub(crate) given: Vec<Word>,
    /// Full names as written, parts unknown.
    pub(crate) whole: Vec<Word>,
    /// Other names the person uses: they can reconcile a word, but a word
    /// of theirs missing from the other name proves nothing.
    aliases: Vec<Word>,
    /// Skeletons of each part taken whole (`Abd al-Rahman` → `abdrahman`).
    keys: BTreeSet<String>,
    surname_keys: BTreeSet<String>,
}

impl Name {
    /// A zone's name: surname and given names with `<` already spaces.
    pub(crate) fn from_zone(surname: &str, given: &str, truncated: bool) -> Name {
        let mut name = Name {
            surname: words(surname),
            given: words(given),
            ..Name::default()
        };
        if truncated {
            let last = if given.trim().is_empty() {
                name.surname.last_mut()
            } else {
                name.given.last_mut()
            };
            if let Some(w) = last {
                w.truncated = true;
            }
        }
        name.surname_keys = keys(surname);
        name.keys = name.surname_keys.union(&keys(given)).cloned().collect();
        name
    }

    /// A name as recorded: any part may be missing, in any script.
    pub(crate) fn recorded(
        given: Option<&str>,
        family: Option<&str>,
        full: Option<&str>,
        aliases: &[String],
    ) -> Name {
        let mut name = Name::default();
        for (text, part) in [
            (family, &mut name.surname),
            (given, &mut name.given),
            (full, &mut name.whole),
        ] {
            if let Some(t) = text {
                part.extend(words(t));
                name.keys.extend(keys(t));
            }
        }
        if let Some(f) = family {
            name.surname_keys = keys(f);
        }
        for a in aliases {
            name.aliases.extend(words(a));
            name.keys.extend(keys(a));
        }
        name
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.surname.is_empty() && self.given.is_empty() && self.whole.is_empty()
    }

    fn all(&self) -> impl Iterator<Item = &Word> {
        self.surname.iter().chain(&self.given).chain(&self.whole)
    }

    /// How well some word of this name reconciles `word`.
    fn best(&self, word: &Word) -> Closeness {
        if word.skeletons.iter().any(|s| self.keys.contains(s)) {
            return Closeness::Same;
        }
        self.all()
            .chain(&self.aliases)
            .map(|w| w.closeness(word))
            .max()
            .unwrap_or(Closeness::Far)
    }

    /// The name as a person reads it: surname first, as a zone does.
    pub(crate) fn display(&self) -> String {
        let join = |ws: &[Word]| ws.iter().map(Word::as_mrz).collect::<Vec<_>>().join(" ");
        [&self.surname, &self.given, &self.whole]
            .into_iter()
            .filter(|ws| !ws.is_empty())
            .map(|ws| join(ws))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// How a name compares with a reference name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Every difference is reconciled, or there is nothing to compare.
    Compatible,
    /// No word of one is in the other, or near one.
    Entirely,
    /// The reference's surname is not in the other name, which has a word
    /// of its own instead. `near`: a word of the other name is close to
    /// the surname (a variant or slips, or another name). `given_agree`:
    /// the given names are the same (a surname changed by marriage, a
    /// slip, or an altered surname).
    Surname {
        surname: Vec<String>,
        instead: Vec<String>,
        near: bool,
        given_agree: bool,
    },
    /// The surname is there, but no given name is, nor anything near one,
    /// and the other name has a word of its own instead.
    GivenNames {
        given: Vec<String>,
        instead: Vec<String>,
    },
}

impl Verdict {
    /// Whether no spelling makes the names one: nothing in common, or a
    /// surname that no word of the other name comes close to (even if the
    /// given names agree).
    pub(crate) fn is_contradiction(&self) -> bool {
        matches!(
            self,
            Verdict::Entirely | Verdict::Surname { near: false, .. }
        )
    }
}

/// Compares `other` with `reference` (a zone's name, or one document's).
pub(crate) fn compare(reference: &Name, other: &Name) -> Verdict {
    if reference.is_empty() || other.is_empty() {
        return Verdict::Compatible;
    }
    let part = |words: &[Word]| -> Closeness {
        words
            .iter()
            .map(|w| other.best(w))
            .max()
            .unwrap_or(Closeness::Same)
    };
    let mut surname = part(&reference.surname);
    if !reference.surname_keys.is_disjoint(&other.keys) {
        surname = Closeness::Same;
    }
    let given = part(&reference.given);
    let whole = part(&reference.whole);
    let others: Vec<(&Word, Closeness)> = other.all().map(|w| (w, reference.best(w))).collect();
    let any_close = |c: Closeness| {
        reference.all().any(|w| other.best(w) >= c) || others.iter().any(|(_, o)| *o >= c)
    };
    if !any_close(Closeness::Near) {
        return Verdict::Entirely;
    }
    let instead: Vec<String> = others
        .iter()
        .filter(|(_, c)| *c != Closeness::Same)
        .map(|(w, _)| w.mrz.clone())
        .collect();
    let instead_far = others.iter().any(|(_, c)| *c == Closeness::Far);
    let text = |ws: &[Word]| ws.iter().map(|w| w.mrz.clone()).collect::<Vec<_>>();
    let (surname_words, surname) = if reference.surname.is_empty() {
        (&reference.whole, whole)
    } else {
        (&reference.surname, surname)
    };
    if surname != Closeness::Same && !instead.is_empty() {
        return Verdict::Surname {
            surname: text(surname_words),
            near: surname == Closeness::Near || !instead_far,
            given_agree: !reference.given.is_empty() && given == Closeness::Same,
            instead,
        };
    }
    if given == Closeness::Far && instead_far {
        return Verdict::GivenNames {
            given: text(&reference.given),
            instead,
        };
    }
    Verdict::Compatible
}

/// The significant words of `text`.
fn words(text: &str) -> Vec<Word> {
    text.split(|c: char| c.is_whitespace() || matches!(c, '-' | '<' | ',' | '.' | '/'))
        .filter(|w| !w.is_empty())
        .filter_map(Word::new)
        .collect()
}

fn keys(text: &str) -> BTreeSet<String> {
    matching_key(text)
        .split(' ')
        .filter(|k| k.len() >= 2)
        .map(str::to_owned)
        .collect()
}

/// Whether `a` and `b` are at most `max` edits apart (insertions,
/// deletions, substitutions, and swaps of neighbours).
pub(crate) fn within(a: &str, b: &str, max: usize) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len().abs_diff(b.len()) > max {
        return false;
    }
    if a == b {
        return true;
    }
    if max == 0 {
        return false;
    }
    // Optimal string alignment distance, three rows.
    let mut before = vec![0usize; b.len() + 1];
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0usize; b.len() + 1];
    for i in 1..=a.len() {
        current[0] = i;
        let mut row_min = current[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            current[j] = d;
            row_min = row_min.min(d);
        }
        if row_min > max {
            return false;
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()] <= max
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zone(surname: &str, given: &str) -> Name {
        Name::from_zone(surname, given, false)
    }

    fn full(text: &str) -> Name {
        Name::recorded(None, None, Some(text), &[])
    }

    fn apart(given: &str, family: &str) -> Name {
        Name::recorded(Some(given), Some(family), None, &[])
    }

    #[test]
    fn transliterations_and_word_orders_are_compatible() {
        let z = zone("ALHASAN", "MUKHAMED");
        for recorded in [
            full("Мухамед Ал Хасан"),
            full("Muhamed al-Hasan"),
            full("Mohammed Al Hassan"),
            apart("Al Hasan", "Muhamed"),
            full("Μοχάμεντ Αλ Χασάν"),
            full("ALHASAN MUKHAMED"),
            full("Mukhamed Alhasan"),
        ] {
            assert_eq!(compare(&z, &recorded), Verdict::Compatible, "{recorded:?}");
        }
        for (z, recorded) in [
            (zone("HUSSAINI", "SAYED"), apart("Sayed", "Husaini")),
            (zone("RAHIMI", "NOOR"), apart("Noor", "Рахини")),
            (zone("ABDULRAHMAN", "OMAR"), full("Omar Abd al-Rahman")),
            (zone("DEMIR", "HUESEYIN"), apart("Hüseyin", "Demir")),
            (zone("DEMIR", "HUESEYIN"), full("Χουσεγίν Ντεμίρ")),
            (zone("DARWISH", "ABDULLAH"), full("Αμπντουλάχ Νταρουίς")),
            (zone("POPAL", "JAVID"), full("Xhavid Popal")),
            (zone("BENALI", "KHADIJA"), full("Hadixha Benali")),
            (zone("MOHAMMADI", "REZA"), full("RIDA MOHAMMADI")),
            (zone("MALIK", "USMAN"), full("MALIK OTHMAN")),
            (zone("YILMAZ", "AYSE"), full("Ајше Јиимаз")),
            (zone("AL SHEIKH", "OMAR"), full("Омар Алшеикх")),
        ] {
            assert_eq!(compare(&z, &recorded), Verdict::Compatible, "{recorded:?}");
        }
    }

    #[test]
    fn a_different_surname_or_name_is_not() {
        let z = zone("ALHASAN", "MUKHAMED");
        let v = compare(&z, &full("Мухамед Петровић"));
        assert!(
            matches!(
                v,
                Verdict::Surname {
                    near: false,
                    given_agree: true,
                    ..
                }
            ),
            "{v:?}"
        );
        assert!(compare(&z, &full("Иван Петровић")).is_contradiction());
        assert_eq!(compare(&z, &full("Ivan Petrov")), Verdict::Entirely);
        let v = compare(&zone("RAHIMI", "NOOR"), &apart("Jawad", "Karimi"));
        assert!(v.is_contradiction(), "{v:?}");
        // The given names agree: a surname changed by marriage, a slip, or
        // an altered surname.
        let v = compare(&zone("RAHIMI", "NOOR"), &apart("Noor", "Karimi"));
        assert!(
            matches!(
                v,
                Verdict::Surname {
                    given_agree: true,
                    near: false,
                    ..
                }
            ),
            "{v:?}"
        );
        assert!(v.is_contradiction());
        assert!(matches!(
            compare(&zone("RAHIMI", "NOOR"), &apart("Fatima", "Rahimi")),
            Verdict::GivenNames { .. }
        ));
        // A recorded given name alone that the zone's given names hold.
        assert_eq!(
            compare(
                &zone("RAHIMI", "NOOR"),
                &Name::recorded(Some("Noor"), None, None, &[])
            ),
            Verdict::Compatible
        );
    }

    #[test]
    fn a_near_surname_is_not_a_contradiction() {
        // Чаудри with a slip: a variant or a slip, or another name.
        let v = compare(&zone("CHAUDHRY", "HAMZA"), &full("Чаудди Хамза"));
        assert!(
            matches!(v, Verdict::Surname { near: true, .. } | Verdict::Compatible),
            "{v:?}"
        );
        assert!(!v.is_contradiction());
    }

    #[test]
    fn a_truncated_zone_name_matches_its_longer_form() {
        let z = Name::from_zone("ABDULRAHMAN", "MUHAMMADULL", true);
        assert_eq!(
            compare(&z, &apart("Muhammadullah", "Abdulrahman")),
            Verdict::Compatible
        );
    }

    #[test]
    fn greek_is_read_for_its_sounds() {
        assert_eq!(greek_sound("NTAROUIS"), "DARUIS");
        assert_eq!(greek_sound("AMPNTOULACH"), "ABDULAKH");
        assert_eq!(greek_sound("CHOUSEGIN"), "KHUSEYIN");
        assert_eq!(reduced("DARWISH"), "DARUIS");
    }

    #[test]
    fn edit_distance_counts_swaps_as_one() {
        assert!(within("RAHIMI", "RAHIMI", 0));
        assert!(within("RAHIMI", "RAHMII", 1));
        assert!(within("RAHIMI", "RAHIM", 1));
        assert!(!within("KARIMI", "RAHIMI", 1));
        assert!(within("KARIMI", "RAHIMI", 2));
        assert!(!within("", "ABC", 2));
    }
}
