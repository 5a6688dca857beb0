//! A realistic Western Balkan route scenario, with its ground truth.
//!
//! No real intelligence data is public, so Corridor's matching, document
//! screening and network analysis are measured on data generated here:
//! smuggling networks organised by route stage (an organiser and aides per
//! stage, about 15% organisers), brokers between networks, groups of
//! migrants moved along the real corridors over months, and the reports
//! eleven agencies write about what they see — each in its own script,
//! spelling, date and phone conventions, with typos, swapped names, partial
//! dates, decoys who share a common name, and planted document frauds.
//! Everything the reports hide is written to the truth files.
//!
//! This crate owns the world model and the rendering of reports. It returns
//! files as bytes and never writes to disk itself; the same seed and size
//! always give the same bytes. It must never be used as a source of real
//! data, and nothing it generates is imported by default except the reports.

mod cases;
mod events;
mod geo;
mod names;
mod render;
mod report;
mod world;

use std::collections::BTreeMap;
use std::io::Write;

use chrono::NaiveDate;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::json;

use crate::events::{key_players, month_start, Events};
use crate::report::Draft;
use crate::world::{Document, Part, Person, World};

pub use events::FRAUD_KINDS;

/// How big a scenario to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    /// Imports in seconds; a few thousand mentions.
    Small,
    /// Tens of thousands of mentions: the demo.
    Medium,
    /// At least a million mentions: the benchmarks.
    Large,
}

impl Size {
    pub fn parse(text: &str) -> Result<Size, String> {
        match text {
            "small" => Ok(Size::Small),
            "medium" => Ok(Size::Medium),
            "large" => Ok(Size::Large),
            _ => Err(format!("expected small, medium or large, found {text:?}")),
        }
    }

    /// (networks, months, groups per network and month).
    fn shape(self) -> (usize, u32, usize) {
        match self {
            Size::Small => (3, 6, 6),
            Size::Medium => (8, 12, 12),
            Size::Large => (40, 18, 80),
        }
    }
}

/// Counts of what a scenario holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub reports: u64,
    pub mentions: u64,
    pub links: u64,
    pub persons: u64,
    pub networks: u64,
    pub frauds: u64,
    /// Returns cases in `cases/cases.jsonl`.
    pub cases: u64,
}

/// A generated scenario: files by path relative to the output directory.
pub struct Scenario {
    pub files: Vec<(String, Vec<u8>)>,
    pub summary: Summary,
    /// Its last day: the report date of its returns cases.
    pub end: NaiveDate,
}

/// Generates the scenario for `seed` and `size`.
pub fn generate(seed: u64, size: Size) -> Scenario {
    let (networks, months, groups) = size.shape();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut world = World::default();
    world::build_networks(&mut world, &mut rng, networks);
    let mut out = Output::default();
    {
        let mut events = Events::new(&mut world, rng, &mut out);
        for month in 0..months {
            let start = month_start(month);
            for n in 0..networks {
                events.network_month(n, start);
                for _ in 0..groups {
                    let day = start + chrono::Duration::days(events.rng.random_range(0..28));
                    let size = events.rng.random_range(4..26);
                    events.journey(n, day, size);
                }
            }
        }
    }
    out.summary.persons = world.persons.len() as u64;
    out.summary.networks = world.networks.len() as u64;
    let end = month_start(months) - chrono::Duration::days(1);
    let cases = cases::generate(
        seed,
        &world,
        &out.arrivals,
        &out.returned_to_france,
        size,
        end,
    );
    out.summary.cases = cases.count;
    let summary = out.summary.clone();
    let mut files = out.into_files(&world);
    files.push(("cases/cases.jsonl".into(), cases.file));
    files.push(("truth/cases.jsonl".into(), cases.truth));
    Scenario {
        files,
        summary,
        end,
    }
}

/// The files being written, kept in memory.
#[derive(Default)]
pub(crate) struct Output {
    reports: BTreeMap<&'static str, Vec<u8>>,
    mentions: Vec<u8>,
    frauds: Vec<u8>,
    stolen: Vec<u8>,
    summary: Summary,
    /// People who landed at Dover, and the day: the returns cases start
    /// from them.
    pub(crate) arrivals: Vec<(usize, NaiveDate)>,
    /// People returned to France under "one in, one out", and the day.
    pub(crate) returned_to_france: Vec<(usize, NaiveDate)>,
}

impl Output {
    pub(crate) fn report(&mut self, draft: Draft) {
        let id = draft.report.id.clone().unwrap_or_default();
        let buf = self.reports.entry(draft.agency).or_default();
        // Writing to a Vec cannot fail.
        let _ = serde_json::to_writer(&mut *buf, &draft.report);
        buf.push(b'\n');
        for (reference, entity, kind) in &draft.truth {
            let line =
                json!({"mention": format!("{id}#{reference}"), "entity": entity, "kind": kind});
            let _ = writeln!(self.mentions, "{line}");
        }
        self.summary.reports += 1;
        self.summary.mentions += draft.report.entities.len() as u64;
        self.summary.links += draft.report.links.len() as u64;
    }

    pub(crate) fn fraud(
        &mut self,
        mention: &str,
        document: &str,
        kind: &str,
        detail: serde_json::Value,
    ) {
        let line =
            json!({"mention": mention, "document": document, "kind": kind, "detail": detail});
        let _ = writeln!(self.frauds, "{line}");
        self.summary.frauds += 1;
    }

    pub(crate) fn stolen(&mut self, doc: &Document, _holder: &Person, reported_on: NaiveDate) {
        if self.stolen.is_empty() {
            self.stolen.extend_from_slice(
                b"document_number,issuing_state,document_type,reported_on,status\n",
            );
        }
        let kind = if doc.passport {
            "passport"
        } else {
            "identity_card"
        };
        let _ = writeln!(
            self.stolen,
            "{},{},{kind},{},stolen",
            doc.number,
            doc.issuing_state,
            reported_on.format("%Y-%m-%d")
        );
    }

    fn into_files(self, world: &World) -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<(String, Vec<u8>)> = self
            .reports
            .into_iter()
            .map(|(agency, bytes)| (format!("{}.jsonl", agency.to_lowercase()), bytes))
            .collect();
        files.push(("truth/mentions.jsonl".into(), self.mentions));
        files.push(("truth/persons.jsonl".into(), persons_truth(world)));
        files.push(("truth/networks.jsonl".into(), networks_truth(world)));
        files.push(("truth/objects.jsonl".into(), objects_truth(world)));
        files.push(("truth/frauds.jsonl".into(), self.frauds));
        files.push(("truth/README.md".into(), TRUTH_README.as_bytes().to_vec()));
        files.push(("lists/stolen_lost.csv".into(), self.stolen));
        files
    }
}

const TRUTH_README: &str = include_str!("truth_readme.md");

fn persons_truth(world: &World) -> Vec<u8> {
    let mut out = Vec::new();
    for p in &world.persons {
        let (category, network, function, stage) = match p.part {
            Part::Smuggler {
                network,
                function,
                stage,
            } => ("smuggler", Some(network), Some(function), Some(stage)),
            Part::Broker { network, .. } => ("broker", Some(network), Some("broker"), None),
            Part::Migrant { network } => ("migrant", Some(network), None, None),
            Part::Victim { network } => ("victim", Some(network), None, None),
            Part::Witness => ("witness", None, None, None),
            Part::Informant => ("informant", None, None, None),
        };
        let networks: Vec<String> = match p.part {
            Part::Broker { network, other } => vec![
                world.networks[network].id.clone(),
                world.networks[other].id.clone(),
            ],
            _ => network
                .map(|n| world.networks[n].id.clone())
                .into_iter()
                .collect(),
        };
        let line = json!({
            "entity": p.id,
            "given_name": p.given,
            "family_name": p.family,
            "sex": p.sex.to_string(),
            "birth_date": p.birth.format("%Y-%m-%d").to_string(),
            "nationality": p.nationality,
            "category": category,
            "networks": networks,
            "function": function,
            "stage": stage,
            "organiser": p.is_organiser(),
            "decoy_of": p.decoy_of.map(|d| world.persons[d].id.clone()),
            "phones": p.phones.iter().map(|i| world.phones[*i].id.clone()).collect::<Vec<_>>(),
            "documents": p.documents.iter().map(|i| world.documents[*i].id.clone()).collect::<Vec<_>>(),
            "vehicles": p.vehicles.iter().map(|i| world.vehicles[*i].id.clone()).collect::<Vec<_>>(),
        });
        let _ = writeln!(out, "{line}");
    }
    out
}

fn networks_truth(world: &World) -> Vec<u8> {
    let mut out = Vec::new();
    for (n, net) in world.networks.iter().enumerate() {
        let stages: Vec<serde_json::Value> = net
            .stages
            .iter()
            .zip(net.corridor.stages)
            .map(|(members, stage)| {
                json!({
                    "country": stage.country,
                    "organiser": world.persons[members[0]].id,
                    "members": members.iter().map(|m| world.persons[*m].id.clone()).collect::<Vec<_>>(),
                })
            })
            .collect();
        let line = json!({
            "network": net.id,
            "name": net.name,
            "organisation_entity": format!("E-O-{}", net.id),
            "corridor": net.corridor.name,
            "head": world.persons[net.head].id,
            "stages": stages,
            "brokers": net.brokers.iter().map(|b| world.persons[*b].id.clone()).collect::<Vec<_>>(),
            "key_players": key_players(world, n),
            "accounts": net.accounts.iter().map(|(h, p, _)| format!("{p}:{h}")).collect::<Vec<_>>(),
            "price_eur": net.price_eur,
        });
        let _ = writeln!(out, "{line}");
    }
    out
}

fn objects_truth(world: &World) -> Vec<u8> {
    let mut out = Vec::new();
    for ph in &world.phones {
        let _ = writeln!(
            out,
            "{}",
            json!({"entity": ph.id, "kind": "phone", "e164": format!("+{}{}", ph.calling_code, ph.number)})
        );
    }
    for d in &world.documents {
        let _ = writeln!(
            out,
            "{}",
            json!({"entity": d.id, "kind": "document", "number": d.number, "issuing_state": d.issuing_state, "holder": world.persons[d.holder].id})
        );
    }
    for v in &world.vehicles {
        let _ = writeln!(
            out,
            "{}",
            json!({"entity": v.id, "kind": "vehicle", "plate": v.plate, "country": v.country})
        );
    }
    out
}
