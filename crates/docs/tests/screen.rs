//! Screening checked against vectors: every `tests/data/screen/NAME.json`
//! (sightings, and a stolen and lost list where the case needs one) has its
//! findings in `NAME.expected` beside it, one line each. Regenerate with
//! `UPDATE_EXPECT=1 cargo test -p corridor-docs --test screen` and review
//! the diff. A case marked `"no_high": true` holds only genuine documents:
//! none may get a high finding, whatever the expected file says.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use corridor_docs::date::Date;
use corridor_docs::national::Sex;
use corridor_docs::screen::{
    screen, DocumentKind, Finding, Holder, Indicator, PartialDate, Severity, Sighting,
};
use corridor_docs::stolen_lost::StolenLostList;
use proptest::prelude::*;
use serde_json::Value;

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_owned)
}

fn date(v: &Value, key: &str) -> Option<PartialDate> {
    text(v, key).map(|t| PartialDate::parse(&t).unwrap_or_else(|| panic!("{key}: {t}")))
}

fn holder(v: &Value) -> Holder {
    Holder {
        given_name: text(v, "given_name"),
        family_name: text(v, "family_name"),
        full_name: text(v, "full_name"),
        aliases: v
            .get("aliases")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default(),
        birth_date: date(v, "birth_date"),
        sex: text(v, "sex").and_then(|s| match s.as_str() {
            "M" => Some(Sex::Male),
            "F" => Some(Sex::Female),
            _ => None,
        }),
        nationality: text(v, "nationality"),
        national_number: text(v, "national_number"),
    }
}

fn sighting(v: &Value) -> Sighting {
    let seen_on = text(v, "seen_on")
        .and_then(|d| Date::parse_iso(&d))
        .unwrap();
    let mut s = Sighting::new(text(v, "source").unwrap(), seen_on);
    s.kind = text(v, "type").and_then(|t| DocumentKind::parse(&t));
    s.number = text(v, "number");
    s.issuing_state = text(v, "issuing_state");
    s.expiry_date = date(v, "expiry_date");
    s.mrz = text(v, "mrz");
    s.withheld = v.get("withheld").and_then(Value::as_bool).unwrap_or(false);
    s.holders = v
        .get("holders")
        .and_then(Value::as_array)
        .map(|hs| hs.iter().map(holder).collect())
        .unwrap_or_default();
    s
}

fn render(sightings: &[Sighting], findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        let related: Vec<&str> = f
            .related
            .iter()
            .map(|&i| sightings[i].source.as_str())
            .collect();
        writeln!(
            out,
            "{} {} {} codes={:?} related={:?}: {}",
            sightings[f.sighting].source, f.severity, f.indicator, f.codes, related, f.evidence
        )
        .unwrap();
    }
    out
}

fn cases() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/screen");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    v.sort();
    v
}

fn load(path: &Path) -> (Value, Vec<Sighting>, Option<StolenLostList>) {
    let case: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let sightings: Vec<Sighting> = case["sightings"]
        .as_array()
        .unwrap()
        .iter()
        .map(sighting)
        .collect();
    let list = text(&case, "stolen_lost").map(|t| StolenLostList::parse(&t).unwrap());
    (case, sightings, list)
}

#[test]
fn vectors() {
    let paths = cases();
    assert!(paths.len() >= 6, "{paths:?}");
    for path in paths {
        let (case, sightings, list) = load(&path);
        let findings = screen(&sightings, list.as_ref());
        let actual = render(&sightings, &findings);
        if case.get("no_high").and_then(Value::as_bool) == Some(true) {
            let high: Vec<&Finding> = findings
                .iter()
                .filter(|f| f.severity == Severity::High)
                .collect();
            assert!(
                high.is_empty(),
                "{}: genuine documents flagged high:\n{}",
                path.display(),
                render(&sightings, &findings)
            );
        }
        let expected_path = path.with_extension("expected");
        if std::env::var_os("UPDATE_EXPECT").is_some() {
            std::fs::write(&expected_path, &actual).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_else(|_| {
            panic!(
                "{} is missing; run with UPDATE_EXPECT=1",
                expected_path.display()
            )
        });
        assert_eq!(
            actual,
            expected,
            "findings differ from {}",
            expected_path.display()
        );
    }
}

/// Every indicator has at least one vector that finds it.
#[test]
fn every_indicator_has_a_vector() {
    let mut found = std::collections::BTreeSet::new();
    for path in cases() {
        let (_, sightings, list) = load(&path);
        for f in screen(&sightings, list.as_ref()) {
            found.insert(f.indicator);
        }
    }
    let missing: Vec<Indicator> = Indicator::ALL
        .into_iter()
        .filter(|i| !found.contains(i))
        .collect();
    assert!(missing.is_empty(), "no vector finds {missing:?}");
}

/// The findings depend on what was seen, not on the order it is given in.
#[test]
fn findings_do_not_depend_on_input_order() {
    for path in cases() {
        let (_, sightings, list) = load(&path);
        let key = |ss: &[Sighting]| {
            let mut v: Vec<(String, Indicator, Severity)> = screen(ss, list.as_ref())
                .into_iter()
                .map(|f| (ss[f.sighting].source.clone(), f.indicator, f.severity))
                .collect();
            v.sort();
            v
        };
        let mut reversed = sightings.clone();
        reversed.reverse();
        assert_eq!(key(&sightings), key(&reversed), "{}", path.display());
    }
}

/// A protected sighting's identity never appears in another sighting's
/// evidence.
#[test]
fn withheld_sightings_are_never_named_elsewhere() {
    for path in cases() {
        let (_, sightings, list) = load(&path);
        for f in screen(&sightings, list.as_ref()) {
            for &r in &f.related {
                if sightings[r].withheld {
                    assert!(
                        f.evidence.contains("withheld to protect a person"),
                        "{}: {}",
                        path.display(),
                        f.evidence
                    );
                    assert!(!f.evidence.contains("BENALI"), "{}", f.evidence);
                }
            }
        }
    }
}

fn any_sighting() -> impl Strategy<Value = Sighting> {
    let field = || proptest::option::of(".{0,40}");
    (
        field(),
        field(),
        field(),
        field(),
        proptest::option::of("(1[0-9]{3}|20[0-9]{2})(-0[1-9](-[0-2][0-9])?)?"),
        proptest::option::of("[MF]"),
        proptest::option::of("[A-Z<]{0,4}"),
        field(),
        proptest::option::of(prop_oneof![
            ".{0,100}",
            "[A-Z0-9<]{44}\n[A-Z0-9<]{44}",
            "[A-Z0-9<]{30}\n[A-Z0-9<]{30}\n[A-Z0-9<]{30}",
            "[A-Z0-9<]{36}\n[A-Z0-9<]{36}",
        ]),
        proptest::option::of("[A-Z0-9 -]{0,14}"),
    )
        .prop_map(
            |(given, family, full, national, birth, sex, nationality, state, mrz, number)| {
                let mut s = Sighting::new("R#d", Date::new(2025, 6, 1).unwrap());
                s.mrz = mrz;
                s.number = number.or(national.clone());
                s.issuing_state = state;
                s.holders.push(Holder {
                    given_name: given,
                    family_name: family,
                    full_name: full,
                    aliases: Vec::new(),
                    birth_date: birth.and_then(|b| PartialDate::parse(&b)),
                    sex: sex.map(|s| if s == "M" { Sex::Male } else { Sex::Female }),
                    nationality,
                    national_number: national,
                });
                s
            },
        )
}

proptest! {
    /// Whatever a scanner, an officer or a forger wrote, screening returns
    /// findings and never panics; each finding is about a sighting given and
    /// says something.
    #[test]
    fn screening_never_panics(sightings in proptest::collection::vec(any_sighting(), 0..6)) {
        let findings = screen(&sightings, None);
        for f in &findings {
            prop_assert!(f.sighting < sightings.len());
            prop_assert!(!f.evidence.is_empty());
            prop_assert!(f.related.iter().all(|&r| r < sightings.len()));
        }
    }
}
