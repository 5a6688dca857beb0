//! Drafting one report: mentions rendered in the agency's conventions, each
//! recorded in the ground truth with the entity it really is.

use std::collections::BTreeMap;

use corridor_model::wire::{List, WireEntity, WireLink, WireReport};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::geo::Place;
use crate::names::Native;
use crate::render::{self, Writing};
use crate::world::{Person, Phone, Vehicle};

/// A report being written, with its truth.
pub struct Draft {
    pub agency: &'static str,
    pub writing: Writing,
    pub report: WireReport,
    /// (ref, entity id, kind) of every mention.
    pub truth: Vec<(String, String, &'static str)>,
    by_entity: BTreeMap<String, String>,
    counters: BTreeMap<&'static str, usize>,
}

impl Draft {
    pub fn new(agency: &'static str, writing: Writing, report: WireReport) -> Draft {
        Draft {
            agency,
            writing,
            report,
            truth: Vec::new(),
            by_entity: BTreeMap::new(),
            counters: BTreeMap::new(),
        }
    }

    /// The ref of the entity's mention, mentioning it first if needed.
    fn mention(
        &mut self,
        entity: &str,
        kind: &'static str,
        prefix: &'static str,
        build: impl FnOnce() -> WireEntity,
    ) -> String {
        if let Some(r) = self.by_entity.get(entity) {
            return r.clone();
        }
        let n = self.counters.entry(prefix).or_insert(0);
        *n += 1;
        let reference = format!("{prefix}{n}");
        let mut wire = build();
        wire.reference = Some(reference.clone());
        wire.entity_type = Some(kind.to_owned());
        self.report.entities.push(wire);
        self.truth
            .push((reference.clone(), entity.to_owned(), kind));
        self.by_entity.insert(entity.to_owned(), reference.clone());
        reference
    }

    pub fn link(&mut self, from: &str, to: &str, kind: &str) {
        if from == to {
            return;
        }
        self.report.links.push(WireLink {
            from: Some(from.to_owned()),
            to: Some(to.to_owned()),
            link_type: Some(kind.to_owned()),
            ..WireLink::default()
        });
    }

    /// A person as this agency records them: name in its script and
    /// spelling, with the usual variants, mistakes and missing details.
    pub fn person(
        &mut self,
        rng: &mut ChaCha8Rng,
        p: &Person,
        role: &str,
        function: Option<&str>,
    ) -> String {
        let (agency, writing) = (self.agency, self.writing);
        let role = role.to_owned();
        let function = function.map(str::to_owned);
        let mut e = WireEntity {
            role: Some(role),
            function,
            ..WireEntity::default()
        };
        let variant = |word: &str, rng: &mut ChaCha8Rng| {
            if p.native == Native::Transliterated && rng.random_bool(0.6) {
                render::variant(word, rng)
            } else {
                word.to_owned()
            }
        };
        let mut given = render::name(&variant(&p.given, rng), p.native, writing);
        let mut family = render::name(&variant(&p.family, rng), p.native, writing);
        if rng.random_bool(0.06) {
            given = render::typo(&given, rng);
        }
        if rng.random_bool(0.06) {
            family = render::typo(&family, rng);
        }
        match rng.random_range(0..20) {
            // Swapped: the family name recorded as the given name.
            0 | 1 => (e.given_name, e.family_name) = (Some(family), Some(given)),
            2..=4 => e.full_name = Some(format!("{family} {given}")),
            5 => e.full_name = Some(format!("{given} {family}")),
            _ => (e.given_name, e.family_name) = (Some(given), Some(family)),
        }
        let known = rng.random_range(0..10);
        e.birth_date = match known {
            0 | 1 => None,
            2 => Some(p.birth.format("%Y").to_string()),
            _ => Some(render::date(p.birth, agency, rng)),
        };
        if rng.random_bool(0.9) {
            e.sex = Some(p.sex.to_string());
        }
        if rng.random_bool(0.85) {
            e.nationality = Some(p.nationality.to_owned());
        }
        self.mention(&p.id, "person", "p", || e)
    }

    pub fn phone(&mut self, rng: &mut ChaCha8Rng, ph: &Phone, agency_country: &str) -> String {
        let (number, country) = render::phone(ph, agency_country, rng);
        self.mention(&ph.id, "phone", "ph", || WireEntity {
            number: Some(number),
            country: country.map(str::to_owned),
            ..WireEntity::default()
        })
    }

    pub fn vehicle(&mut self, v: &Vehicle) -> String {
        let writing = self.writing;
        self.mention(&v.id, "vehicle", "v", || WireEntity {
            plate: (!v.plate.is_empty()).then(|| render::plate(&v.plate, writing)),
            country: (!v.plate.is_empty()).then(|| v.country.to_owned()),
            vehicle_type: Some(v.vehicle_type.to_owned()),
            make: Some(v.make.to_owned()),
            colour: Some(v.colour.to_owned()),
            ..WireEntity::default()
        })
    }

    pub fn place(&mut self, place: &Place) -> String {
        let name = place_name(place, self.writing);
        self.mention(&format!("E-PL-{}", place.key), "place", "pl", || {
            WireEntity {
                name: Some(name),
                country: Some(place.country.to_owned()),
                place_type: Some(place.kind.to_owned()),
                lat: Some(place.lat),
                lon: Some(place.lon),
                ..WireEntity::default()
            }
        })
    }

    pub fn organisation(&mut self, id: &str, name: &str) -> String {
        self.mention(id, "organisation", "o", || WireEntity {
            name: Some(name.to_owned()),
            ..WireEntity::default()
        })
    }

    pub fn account(
        &mut self,
        id: &str,
        handle: &str,
        platform: &str,
        url: &str,
        at: bool,
    ) -> String {
        self.mention(id, "account", "a", || WireEntity {
            platform: Some(platform.to_owned()),
            handle: Some(if at {
                format!("@{handle}")
            } else {
                handle.to_owned()
            }),
            url: Some(url.to_owned()),
            ..WireEntity::default()
        })
    }

    pub fn payment(
        &mut self,
        id: String,
        amount: u32,
        currency: &str,
        method: &str,
        date: Option<String>,
    ) -> String {
        self.mention(&id, "payment", "pay", || WireEntity {
            amount: Some(corridor_model::wire::Decimal(amount.to_string())),
            currency: Some(currency.to_owned()),
            method: Some(method.to_owned()),
            date,
            ..WireEntity::default()
        })
    }

    pub fn document(&mut self, id: &str, wire: WireEntity) -> String {
        self.mention(id, "document", "d", || wire)
    }
}

/// A place's name as a report in `writing` gives it.
pub fn place_name(place: &Place, writing: Writing) -> String {
    match writing {
        Writing::SerbianCyrillic | Writing::MacedonianCyrillic | Writing::BulgarianCyrillic => {
            place.cyrillic.to_owned()
        }
        Writing::Greek => place.greek.to_owned(),
        Writing::Ascii { .. } => render::ascii_title(place.latin),
        _ => place.latin.to_owned(),
    }
}

/// The releasability a national agency usually gives an operational report.
pub fn releasability(agency: &str, rng: &mut ChaCha8Rng) -> List {
    let partners: &[&str] = match agency {
        "GBR-BSC" => &["FRONTEX", "FRA-PAF", "EUROPOL", "SRB-MUP", "MKD-MVR"],
        "FRONTEX" => &["GBR-BSC", "EUROPOL", "GRC-HP", "BGR-MVR", "SRB-MUP"],
        "EUROPOL" => &["FRONTEX", "GBR-BSC"],
        "FRA-PAF" => &["GBR-BSC", "FRONTEX", "EUROPOL"],
        _ => &["FRONTEX", "GBR-BSC", "EUROPOL"],
    };
    let n = rng.random_range(1..=partners.len());
    List(partners[..n].iter().map(|s| (*s).to_owned()).collect())
}
