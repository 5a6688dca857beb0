//! The check across sightings: one document number and issuing state seen
//! under different identities.
//!
//! Sightings of one number are put into identities: a sighting joins the
//! first identity none of whose sightings it contradicts (another name
//! that no transliteration or spelling reconciles, another date of birth,
//! another sex). One identity is the normal case. With more, the sightings
//! that are alone in their identity against one seen repeatedly are the
//! likely impostors (high); the identity seen most is likely the rightful
//! holder's (low). Where the counts tie, a side whose sightings show
//! another sign (a zone that fails, a state that issues to foreigners, a
//! name that differs) against a side that shows none is the likely
//! impostor (high, and the clean side low); where nothing tells them
//! apart, every side is medium.

use std::collections::BTreeMap;

use super::names::{self, Name, Verdict};
use super::single::zone_date_parts;
use super::{same_state, Finding, Indicator, Severity, Sighting};
use crate::national::Sex;
use crate::stolen_lost::normalise_number;
use crate::validate::Validation;

/// Specimen numbers are flagged as such; every copy of a specimen has
/// "another identity", and saying so again adds nothing.
const SKIP: &[&str] = &["L898902C3", "D23145890", "L8988901C"];

/// Who a sighting says the document belongs to: the zone's data where
/// there is a zone (the document speaks for itself), else its holder's.
struct Identity {
    name: Name,
    birth: Option<[Option<u32>; 3]>,
    birth_text: Option<String>,
    sex: Option<Sex>,
    nationality: Option<String>,
}

impl Identity {
    fn of(s: &Sighting, zone: Option<&Validation<'_>>) -> Identity {
        if let Some(f) = zone.and_then(|z| z.fields.as_ref()) {
            if !f.surname.trim().is_empty() || !f.given_names.trim().is_empty() {
                return Identity {
                    name: Name::from_zone(&f.surname, &f.given_names, f.name_may_be_truncated),
                    birth: zone_date_parts(&f.birth_date_raw),
                    birth_text: Some(match f.birth_date {
                        Some(d) => d.to_string(),
                        None => f.birth_date_raw.to_string(),
                    }),
                    sex: match f.sex.as_ref() {
                        "M" => Some(Sex::Male),
                        "F" => Some(Sex::Female),
                        _ => None,
                    },
                    nationality: known_code(&f.nationality),
                };
            }
        }
        let holder = s.holders.first();
        Identity {
            name: holder
                .map(|h| {
                    Name::recorded(
                        h.given_name.as_deref(),
                        h.family_name.as_deref(),
                        h.full_name.as_deref(),
                        &h.aliases,
                    )
                })
                .unwrap_or_default(),
            birth: holder
                .and_then(|h| h.birth_date)
                .map(|d| [Some(d.year().rem_euclid(100) as u32), d.month(), d.day()]),
            birth_text: holder.and_then(|h| h.birth_date).map(|d| d.to_string()),
            sex: holder.and_then(|h| h.sex),
            nationality: holder.and_then(|h| h.nationality.as_deref().and_then(known_code)),
        }
    }

    /// What contradicts `other`, if anything.
    fn contradicts(&self, other: &Identity) -> Vec<&'static str> {
        let mut what = Vec::new();
        let verdicts = [
            names::compare(&self.name, &other.name),
            names::compare(&other.name, &self.name),
        ];
        if verdicts.iter().any(Verdict::is_contradiction) {
            what.push("name");
        } else if verdicts
            .iter()
            .any(|v| matches!(v, Verdict::GivenNames { .. }))
        {
            what.push("given names");
        }
        if let (Some(a), Some(b)) = (self.birth, other.birth) {
            if (0..3).any(|i| matches!((a[i], b[i]), (Some(x), Some(y)) if x != y)) {
                what.push("date of birth");
            }
        }
        if let (Some(a), Some(b)) = (self.sex, other.sex) {
            if a != b {
                what.push("sex");
            }
        }
        if let (Some(a), Some(b)) = (&self.nationality, &other.nationality) {
            if !same_state(a, b) {
                what.push("nationality");
            }
        }
        what
    }

    fn describe(&self) -> String {
        let mut text = if self.name.is_empty() {
            "an unnamed holder".to_owned()
        } else {
            self.name.display()
        };
        if let Some(b) = &self.birth_text {
            text.push_str(&format!(", born {b}"));
        }
        if let Some(s) = self.sex {
            text.push_str(&format!(", sex {}", s.mrz()));
        }
        if let Some(n) = &self.nationality {
            text.push_str(&format!(", {n}"));
        }
        text
    }
}

/// `findings` holds the findings of each sighting alone; those of this
/// check are added to it.
/// A nationality worth comparing: not empty, not "unknown" or
/// "unspecified".
fn known_code(code: &str) -> Option<String> {
    let code = code.trim_end_matches('<');
    (!code.is_empty() && !matches!(code, "XXX" | "UNK")).then(|| code.to_owned())
}

pub(super) fn screen(
    sightings: &[Sighting],
    zones: &[Option<Validation<'_>>],
    findings: &mut Vec<Finding>,
) {
    let mut suspicious = vec![false; sightings.len()];
    for f in findings.iter() {
        let telling = !matches!(f.indicator, Indicator::Expired | Indicator::MrzUnknownCode);
        if telling && f.severity >= Severity::Medium {
            suspicious[f.sighting] = true;
        }
    }
    for (number, members) in by_number(sightings, zones) {
        if members.len() < 2 || SKIP.contains(&number.as_str()) {
            continue;
        }
        for group in by_state(sightings, zones, &members) {
            if group.len() >= 2 {
                identities(&number, sightings, zones, &group, &suspicious, findings);
            }
        }
    }
}

/// Sightings by document number (the zone's, and the recorded one when it
/// differs).
fn by_number(
    sightings: &[Sighting],
    zones: &[Option<Validation<'_>>],
) -> BTreeMap<String, Vec<usize>> {
    let mut map: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, s) in sightings.iter().enumerate() {
        let zone = zones[i]
            .as_ref()
            .and_then(|z| z.fields.as_ref())
            .map(|f| normalise_number(&f.document_number));
        let recorded = s.number.as_deref().map(normalise_number);
        let mut numbers: Vec<String> = zone
            .into_iter()
            .chain(recorded)
            .filter(|n| n.len() >= 2)
            .collect();
        numbers.dedup();
        for n in numbers {
            map.entry(n).or_default().push(i);
        }
    }
    map
}

fn state_of(s: &Sighting, zone: Option<&Validation<'_>>) -> Option<String> {
    zone.and_then(|z| z.fields.as_ref())
        .map(|f| f.issuing_state.trim_end_matches('<').to_owned())
        .filter(|st| !st.is_empty())
        .or_else(|| s.issuing_state.clone())
}

/// The sightings of one number split by issuing state: the same number
/// from two states is two documents. A sighting whose state is unknown is
/// compared with each.
fn by_state(
    sightings: &[Sighting],
    zones: &[Option<Validation<'_>>],
    members: &[usize],
) -> Vec<Vec<usize>> {
    let mut states: Vec<String> = Vec::new();
    let mut unknown = Vec::new();
    for &i in members {
        match state_of(&sightings[i], zones[i].as_ref()) {
            Some(st) => {
                if !states.iter().any(|known| same_state(known, &st)) {
                    states.push(st);
                }
            }
            None => unknown.push(i),
        }
    }
    if states.len() <= 1 {
        return vec![members.to_vec()];
    }
    states
        .iter()
        .map(|st| {
            members
                .iter()
                .copied()
                .filter(|&i| {
                    state_of(&sightings[i], zones[i].as_ref())
                        .is_none_or(|own| same_state(&own, st))
                })
                .collect()
        })
        .collect()
}

fn identities(
    number: &str,
    sightings: &[Sighting],
    zones: &[Option<Validation<'_>>],
    group: &[usize],
    suspicious: &[bool],
    findings: &mut Vec<Finding>,
) {
    let ids: Vec<Identity> = group
        .iter()
        .map(|&i| Identity::of(&sightings[i], zones[i].as_ref()))
        .collect();
    // In the order seen, so that the grouping does not depend on input order.
    let mut order: Vec<usize> = (0..group.len()).collect();
    order.sort_by_key(|&k| {
        let s = &sightings[group[k]];
        (s.seen_on, s.source.as_str(), group[k])
    });
    let mut clusters: Vec<Vec<usize>> = Vec::new();
    for k in order {
        let home = clusters
            .iter_mut()
            .find(|c| c.iter().all(|&o| ids[k].contradicts(&ids[o]).is_empty()));
        match home {
            Some(c) => c.push(k),
            None => clusters.push(vec![k]),
        }
    }
    if clusters.len() < 2 {
        return;
    }
    let largest = clusters.iter().map(Vec::len).max().unwrap_or(0);
    let leaders = clusters.iter().filter(|c| c.len() == largest).count();
    let marked = |c: &Vec<usize>| c.iter().any(|&k| suspicious[group[k]]);
    let tied = |c: &Vec<usize>| c.len() == largest && leaders > 1;
    let tied_marked = clusters.iter().filter(|c| tied(c) && marked(c)).count();
    let tied_clean = clusters.iter().filter(|c| tied(c) && !marked(c)).count();
    let state = state_of(&sightings[group[0]], zones[group[0]].as_ref())
        .map(|st| format!(" ({st})"))
        .unwrap_or_default();
    for (c, cluster) in clusters.iter().enumerate() {
        let (severity, reading) = if cluster.len() == 1 && largest >= 2 {
            (
                Severity::High,
                "the other identity was seen repeatedly: this one is likely not the document's holder",
            )
        } else if cluster.len() == largest && leaders == 1 {
            (
                Severity::Low,
                "this identity is the one seen most: the others are likely impostors",
            )
        } else if tied(cluster) && marked(cluster) && tied_clean > 0 {
            (
                Severity::High,
                "this sighting shows other signs of fraud and another identity's do not: this \
                 one is likely not the document's holder",
            )
        } else if tied(cluster) && tied_marked > 0 && tied_clean == 1 {
            (
                Severity::Low,
                "the other identities' sightings show other signs of fraud and this one's do \
                 not: this is likely the document's holder",
            )
        } else {
            (
                Severity::Medium,
                "nothing tells which is the document's holder",
            )
        };
        for &k in cluster {
            let mut related = Vec::new();
            let mut seen = Vec::new();
            let mut what: Vec<&str> = Vec::new();
            for (o, other) in clusters.iter().enumerate() {
                if o == c {
                    continue;
                }
                for &j in other {
                    let differs = ids[k].contradicts(&ids[j]);
                    if differs.is_empty() {
                        continue;
                    }
                    for d in differs {
                        if !what.contains(&d) {
                            what.push(d);
                        }
                    }
                    let s = &sightings[group[j]];
                    related.push(group[j]);
                    seen.push(if s.withheld {
                        format!(
                            "{} on {} under an identity withheld to protect a person",
                            s.source, s.seen_on
                        )
                    } else {
                        format!("{} on {} as {}", s.source, s.seen_on, ids[j].describe())
                    });
                }
            }
            if related.is_empty() {
                continue;
            }
            let own = ids[k].describe();
            findings.push(Finding {
                sighting: group[k],
                indicator: Indicator::NumberOtherIdentity,
                severity,
                evidence: format!(
                    "document {number}{state}, here {own}, was also seen under another {} at {}; {reading}",
                    what.join(" and "),
                    seen.join("; ")
                ),
                codes: what.iter().map(|w| format!("differs:{}", w.replace(' ', "_"))).collect(),
                related,
            });
        }
    }
}
