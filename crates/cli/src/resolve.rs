//! `corridor resolve`: the store's person mentions resolved into entities
//! by the linkage engine, saved with why each pair was joined.
//!
//! This is the full run: every resolvable person mention is read, linked
//! and clustered, and the result replaces the previous one in one
//! transaction. Protected people (victims, witnesses, informants,
//! returnees) are never resolved: they are not in any index.

use std::collections::BTreeSet;
use std::process::ExitCode;
use std::time::Instant;

use corridor_model::{Entity, LinkKind, Report, Subject};
use corridor_resolve::{clusters_with_joins, explain, link, Dataset, FieldKind, Mode, Settings};
use corridor_store::{Merge, Resolution, Store};
use sha2::{Digest, Sha256};

/// The decision threshold: the linkage engine's Bayes decision point.
const THRESHOLD: f64 = corridor_resolve::DEFAULT_THRESHOLD;

const COLUMNS: [(&str, FieldKind); 6] = [
    ("given_name", FieldKind::GivenName),
    ("surname", FieldKind::Surname),
    ("date_of_birth", FieldKind::BirthDate),
    ("sex", FieldKind::Sex),
    ("nationality", FieldKind::Nationality),
    ("phone", FieldKind::Phone),
];

pub fn run(store: &mut dyn Store) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let say = |what: &str| eprintln!("{what}… ({:.1} s)", started.elapsed().as_secs_f64());
    say("reading person mentions");
    let mut data = Dataset::new(COLUMNS.map(|(name, kind)| (name.to_owned(), Some(kind))));
    let mut withheld = 0u64;
    store.for_each_report(&mut |report| {
        withheld += add_persons(&report, &mut data);
        Ok(())
    })?;
    data.shrink();
    let settings = Settings {
        frequencies_within_nationality: true,
        ..Settings::default()
    };
    let linkage = link(&data, Mode::Dedupe, &settings, &mut |stage| say(stage));
    say("clustering");
    let (roots, joins) = clusters_with_joins(data.len(), &linkage.pairs, THRESHOLD);
    let ids = entity_ids(&data, &roots);
    say("explaining merges");
    let merges = merges(&data, &linkage, &joins, &ids);
    let resolution = Resolution {
        threshold: THRESHOLD,
        prior: linkage.model.lambda,
        members: (0..data.len() as u32)
            .map(|i| (data.id(i).to_owned(), ids[i as usize].clone()))
            .collect(),
        merges,
    };
    say("saving");
    store.save_resolution(&resolution)?;
    let entities: BTreeSet<&str> = ids.iter().map(String::as_str).collect();
    let mut sizes = std::collections::HashMap::<&str, usize>::new();
    for id in &ids {
        *sizes.entry(id.as_str()).or_default() += 1;
    }
    let merged = sizes.values().filter(|&&n| n > 1).count();
    let largest = sizes.values().copied().max().unwrap_or(0);
    println!(
        "resolved {} person mentions into {} entities ({} of them from more than one mention, the largest {}); {} protected mentions left out; {:.1} s",
        data.len(),
        entities.len(),
        merged,
        largest,
        withheld,
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

/// Adds a report's resolvable person mentions to `data`; returns how many
/// protected ones it left out.
fn add_persons(report: &Report, data: &mut Dataset) -> u64 {
    let protected = report.protected_refs();
    let mut left_out = 0;
    for mention in report.mentions() {
        let Subject::Disclosed(Entity::Person(person)) = &mention.subject else {
            if mention.subject.is_protected_person() {
                left_out += 1;
            }
            continue;
        };
        if protected.contains(&mention.reference) {
            left_out += 1;
            continue;
        }
        let (given, surname) = match (&person.given_name, &person.family_name, &person.full_name) {
            (None, None, Some(full)) => split_full_name(full),
            (g, s, _) => (g.clone(), s.clone()),
        };
        let phone = report
            .links()
            .iter()
            .filter(|l| l.kind == LinkKind::UsesPhone && l.from == mention.reference)
            .find_map(|l| match report.mention(&l.to).map(|m| &m.subject) {
                Some(Subject::Disclosed(Entity::Phone(p))) => {
                    Some(p.number.e164().unwrap_or(p.number.written()).to_owned())
                }
                _ => None,
            });
        let values = [
            given,
            surname,
            person.birth_date.map(|d| d.to_string()),
            person.sex.map(|s| s.to_string()),
            person.nationality.map(|c| c.to_string()),
            phone,
        ];
        data.push(
            format!("{}#{}", report.id, mention.reference),
            0,
            values.iter().map(|v| v.as_deref()),
        );
    }
    left_out
}

/// A name written whole, split into a given name and a surname: the last
/// word is the surname, with the particles before it (`Al Hasan`, `van
/// der Berg`). The comparison reads given name and surname either way
/// round, so a name written surname first still meets its other records.
fn split_full_name(full: &str) -> (Option<String>, Option<String>) {
    const PARTICLES: [&str; 14] = [
        "al", "el", "ul", "abd", "abdul", "abu", "bin", "ibn", "ben", "van", "von", "der", "de",
        "da",
    ];
    let words: Vec<&str> = full.split_whitespace().collect();
    if words.len() < 2 {
        return (None, words.first().map(|w| (*w).to_owned()));
    }
    let mut cut = words.len() - 1;
    while cut > 1 {
        let before = corridor_text::fold(&corridor_text::translit::to_latin(words[cut - 1]));
        if PARTICLES.contains(&before.trim_matches(|c: char| !c.is_alphanumeric())) {
            cut -= 1;
        } else {
            break;
        }
    }
    (Some(words[..cut].join(" ")), Some(words[cut..].join(" ")))
}

/// Entity ids: `E-` and ten hex digits of the hash of the entity's first
/// mention, so that the same entity keeps its id from run to run.
fn entity_ids(data: &Dataset, roots: &[u32]) -> Vec<String> {
    roots
        .iter()
        .map(|&root| {
            let digest = Sha256::digest(data.id(root).as_bytes());
            let hex: String = digest[..5].iter().map(|b| format!("{b:02X}")).collect();
            format!("E-{hex}")
        })
        .collect()
}

/// The pairs that joined each entity's mentions — as clustering joined
/// them, strongest first, one per mention joined — with their waterfalls.
fn merges(
    data: &Dataset,
    linkage: &corridor_resolve::Linkage,
    joins: &[corridor_resolve::ScoredPair],
    ids: &[String],
) -> Vec<Merge> {
    joins
        .iter()
        .map(|p| {
            let steps: Vec<(String, String, f64)> = explain(data, linkage, p.a, p.b)
                .into_iter()
                .map(|c| (c.comparison, c.level, c.weight))
                .collect();
            Merge {
                entity: ids[p.a as usize].clone(),
                a: data.id(p.a).to_owned(),
                b: data.id(p.b).to_owned(),
                weight: p.weight,
                probability: p.probability,
                explanation: serde_json::to_string(&steps).unwrap_or_else(|_| "[]".into()),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_names_split_before_their_particles() {
        let s = |full: &str| split_full_name(full);
        assert_eq!(
            s("Mohamad Al Hassan"),
            (Some("Mohamad".into()), Some("Al Hassan".into()))
        );
        assert_eq!(
            s("Мухамед Ал Хасан"),
            (Some("Мухамед".into()), Some("Ал Хасан".into()))
        );
        assert_eq!(
            s("Dragan Petrović"),
            (Some("Dragan".into()), Some("Petrović".into()))
        );
        assert_eq!(s("Ali"), (None, Some("Ali".into())));
    }
}
