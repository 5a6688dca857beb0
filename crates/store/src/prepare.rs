//! What a report becomes in any store, computed before storage is touched:
//! its canonical body and content hash, one row per mention (with the
//! protection decided once, here), and its search keys. Pure, so that an
//! import can prepare reports on one thread while another stores them.

use std::collections::BTreeSet;

use corridor_model::{Entity, Report, Subject};

/// A mention as the index tables hold it.
pub struct MentionRow {
    pub reference: String,
    pub kind: &'static str,
    pub role: Option<&'static str>,
    pub protected: bool,
    pub withheld: bool,
    /// `None` for protected, withheld and unnamed mentions.
    pub label: Option<String>,
}

/// A report ready to store.
pub struct Prepared {
    report: Report,
    /// The canonical body; for a report that mentions protected people, the
    /// form with their content withheld (what is stored in the clear).
    pub body: String,
    /// The full canonical body of a report that mentions protected people,
    /// for the store to seal with its at-rest key.
    pub protected_body: Option<String>,
    /// The hash of the full canonical body: the report's identity.
    pub hash: String,
    pub mentions: Vec<MentionRow>,
    /// (search key, mention ref). Never any for a protected mention.
    pub keys: Vec<(String, String)>,
}

impl Prepared {
    pub fn new(report: Report) -> Prepared {
        let (full, hash) = crate::canonical_body(&report);
        let protected = report.protected_refs();
        let (body, protected_body) = if protected.is_empty() {
            (full, None)
        } else {
            let (withheld, _) = crate::canonical_body(&report.withholding_protected());
            (withheld, Some(full))
        };
        let mut mentions = Vec::with_capacity(report.mentions().len());
        let mut keys = Vec::new();
        for m in report.mentions() {
            let is_protected = protected.contains(&m.reference);
            let (withheld, label) = match (&m.subject, is_protected) {
                (Subject::Withheld(_), _) => (true, None),
                (Subject::Disclosed(_), true) => (false, None),
                (Subject::Disclosed(e), false) => {
                    keys.extend(
                        index_keys(e)
                            .into_iter()
                            .map(|k| (k, m.reference.to_string())),
                    );
                    // An unnamed person has no label: nothing to show or count by script.
                    let label = match e {
                        Entity::Person(p) => p.display_name(),
                        _ => Some(e.label()),
                    };
                    (false, label)
                }
            };
            mentions.push(MentionRow {
                reference: m.reference.to_string(),
                kind: m.subject.kind().as_str(),
                role: m.subject.role().map(|r| r.as_str()),
                protected: is_protected,
                withheld,
                label,
            });
        }
        Prepared {
            report,
            body,
            protected_body,
            hash,
            mentions,
            keys,
        }
    }

    pub fn report(&self) -> &Report {
        &self.report
    }
}

/// The search keys of an entity: each folded word of its names, and its
/// identifiers (lower case; phones also as bare digits).
fn index_keys(e: &Entity) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    let names: Vec<&str> = match e {
        Entity::Person(p) => p.names().collect(),
        Entity::Organisation(o) => std::iter::once(o.name.as_str())
            .chain(o.aliases.iter().map(String::as_str))
            .collect(),
        _ => Vec::new(),
    };
    // Name keys, `~`-prefixed so they never meet a word key: the same name
    // in any script or transliteration has the same ones.
    for name in &names {
        keys.extend(
            corridor_text::matching_key(name)
                .split(' ')
                .filter(|t| !t.is_empty())
                .map(|t| format!("~{t}")),
        );
    }
    let mut words = |text: &str| {
        keys.extend(
            corridor_text::fold(text)
                .split(' ')
                .filter(|w| !w.is_empty())
                .map(str::to_owned),
        );
    };
    match e {
        Entity::Person(_) | Entity::Organisation(_) => names.iter().for_each(|n| words(n)),
        Entity::Place(p) => words(&p.name),
        Entity::Vehicle(v) => [&v.make, &v.model]
            .into_iter()
            .flatten()
            .for_each(|t| words(t)),
        Entity::Account(a) => words(&a.handle),
        Entity::Phone(_) | Entity::Document(_) | Entity::Payment(_) => {}
    }
    for id in e.identifiers() {
        keys.insert(id.to_lowercase());
    }
    if let Entity::Phone(p) = e {
        keys.insert(
            p.number
                .written()
                .chars()
                .filter(char::is_ascii_digit)
                .collect(),
        );
    }
    keys
}
