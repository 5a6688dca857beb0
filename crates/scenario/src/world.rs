//! The true world behind the reports: networks, the people in them, the
//! migrants they move, and the phones, documents and vehicles they use.

use chrono::NaiveDate;
use rand::seq::IndexedRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::geo::{Corridor, CORRIDORS};
use crate::names::{self, Native, Population, TRAVELLERS};

/// What a person is in the truth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// A member of a network, with a function and the stage they work.
    Smuggler {
        network: usize,
        function: &'static str,
        stage: usize,
    },
    /// A broker working for two networks.
    Broker {
        network: usize,
        other: usize,
    },
    Migrant {
        network: usize,
    },
    /// A trafficking victim among the migrants.
    Victim {
        network: usize,
    },
    Witness,
    Informant,
}

#[derive(Debug, Clone)]
pub struct Person {
    pub id: String,
    pub given: String,
    pub family: String,
    pub native: Native,
    pub sex: char,
    pub birth: NaiveDate,
    pub nationality: &'static str,
    pub part: Part,
    pub phones: Vec<usize>,
    pub documents: Vec<usize>,
    pub vehicles: Vec<usize>,
    /// Another person this one shares a common name with, on purpose.
    pub decoy_of: Option<usize>,
}

impl Person {
    pub fn is_organiser(&self) -> bool {
        matches!(
            self.part,
            Part::Smuggler {
                function: "organiser",
                ..
            }
        )
    }
}

#[derive(Debug, Clone)]
pub struct Phone {
    pub id: String,
    /// Country calling code without `+`.
    pub calling_code: &'static str,
    /// National significant number (no trunk 0).
    pub number: String,
    pub country: &'static str,
}

#[derive(Debug, Clone)]
pub struct Document {
    pub id: String,
    pub passport: bool,
    pub number: String,
    pub issuing_state: &'static str,
    pub holder: usize,
    pub expiry: NaiveDate,
}

#[derive(Debug, Clone)]
pub struct Vehicle {
    pub id: String,
    pub plate: String,
    pub country: &'static str,
    pub vehicle_type: &'static str,
    pub make: &'static str,
    pub colour: &'static str,
}

#[derive(Debug, Clone)]
pub struct Network {
    pub id: String,
    pub name: String,
    pub corridor: &'static Corridor,
    /// Members by stage; the first of each stage is its organiser.
    pub stages: Vec<Vec<usize>>,
    pub head: usize,
    pub brokers: Vec<usize>,
    pub accounts: Vec<(String, &'static str, String)>,
    pub price_eur: u32,
}

#[derive(Debug, Default)]
pub struct World {
    pub persons: Vec<Person>,
    pub phones: Vec<Phone>,
    pub documents: Vec<Document>,
    pub vehicles: Vec<Vehicle>,
    pub networks: Vec<Network>,
}

/// Calling codes and mobile prefixes of the countries on the route.
const MOBILE: &[(&str, &str, &[&str], usize)] = &[
    ("SRB", "381", &["60", "61", "62", "63", "64", "65", "66"], 7),
    ("MKD", "389", &["70", "71", "72", "75", "76", "77", "78"], 6),
    ("BGR", "359", &["87", "88", "89"], 7),
    (
        "GRC",
        "30",
        &["690", "693", "694", "695", "697", "698", "699"],
        7,
    ),
    ("ALB", "355", &["67", "68", "69"], 7),
    ("BIH", "387", &["61", "62", "63", "65", "66"], 6),
    ("XKX", "383", &["43", "44", "45", "49"], 6),
    ("MNE", "382", &["67", "68", "69"], 6),
    (
        "TUR",
        "90",
        &["530", "532", "533", "535", "542", "544", "555"],
        7,
    ),
    ("FRA", "33", &["6", "7"], 8),
    ("GBR", "44", &["7700", "7911", "7400", "7550"], 6),
    ("AFG", "93", &["70", "72", "78", "79"], 7),
    ("SYR", "963", &["93", "94", "95", "99"], 7),
    ("IRQ", "964", &["750", "770", "780"], 7),
];

pub fn calling_code(country: &str) -> Option<&'static str> {
    MOBILE.iter().find(|m| m.0 == country).map(|m| m.1)
}

impl World {
    pub fn new_phone(&mut self, rng: &mut ChaCha8Rng, country: &'static str) -> usize {
        let (_, cc, prefixes, len) = MOBILE.iter().find(|m| m.0 == country).unwrap_or(&MOBILE[0]);
        let prefix = prefixes.choose(rng).copied().unwrap_or("6");
        let mut number = prefix.to_owned();
        for _ in 0..*len {
            number.push(char::from(b'0' + rng.random_range(0..10u8)));
        }
        let id = format!("E-PH-{:06}", self.phones.len() + 1);
        self.phones.push(Phone {
            id,
            calling_code: cc,
            number,
            country,
        });
        self.phones.len() - 1
    }

    pub fn new_document(
        &mut self,
        rng: &mut ChaCha8Rng,
        holder: usize,
        passport: bool,
        year: i32,
    ) -> usize {
        let state = self.persons[holder].nationality;
        let letters = b"ABCDEFGHJKLMNPRSTUVWXYZ";
        let mut number = String::new();
        let lead = if passport {
            1 + rng.random_range(0..2)
        } else {
            2
        };
        for _ in 0..lead {
            number.push(char::from(*letters.choose(rng).unwrap_or(&b'A')));
        }
        while number.len() < 9 {
            number.push(char::from(b'0' + rng.random_range(0..10u8)));
        }
        let expiry = NaiveDate::from_ymd_opt(
            year + rng.random_range(1..9),
            rng.random_range(1..13),
            rng.random_range(1..29),
        )
        .unwrap_or_default();
        let id = format!("E-D-{:06}", self.documents.len() + 1);
        self.documents.push(Document {
            id,
            passport,
            number,
            issuing_state: state,
            holder,
            expiry,
        });
        let d = self.documents.len() - 1;
        self.persons[holder].documents.push(d);
        d
    }

    pub fn new_vehicle(
        &mut self,
        rng: &mut ChaCha8Rng,
        country: &'static str,
        boat: bool,
    ) -> usize {
        let (vehicle_type, make) = if boat {
            ("boat", "inflatable")
        } else {
            *[
                ("van", "Mercedes-Benz"),
                ("van", "Volkswagen"),
                ("van", "Fiat"),
                ("car", "Škoda"),
                ("car", "Audi"),
                ("truck", "Volvo"),
                ("truck", "MAN"),
                ("car", "Opel"),
            ]
            .choose(rng)
            .unwrap_or(&("van", "Fiat"))
        };
        let colour = *["white", "grey", "black", "blue", "silver", "red"]
            .choose(rng)
            .unwrap_or(&"white");
        let plate = if boat {
            String::new()
        } else {
            plate(rng, country)
        };
        let id = format!("E-V-{:06}", self.vehicles.len() + 1);
        self.vehicles.push(Vehicle {
            id,
            plate,
            country,
            vehicle_type,
            make,
            colour,
        });
        self.vehicles.len() - 1
    }

    fn new_person(
        &mut self,
        rng: &mut ChaCha8Rng,
        pop: &Population,
        part: Part,
        age: (i32, i32),
    ) -> usize {
        let female = !pop.female.is_empty()
            && rng.random_bool(
                if matches!(
                    part,
                    Part::Migrant { .. } | Part::Victim { .. } | Part::Witness
                ) {
                    0.25
                } else {
                    0.05
                },
            );
        let given = if female { pop.female } else { pop.male }
            .choose(rng)
            .copied()
            .unwrap_or("X");
        let family = pop.family.choose(rng).copied().unwrap_or("X");
        let birth = NaiveDate::from_ymd_opt(
            2025 - rng.random_range(age.0..age.1),
            rng.random_range(1..13),
            rng.random_range(1..29),
        )
        .unwrap_or_default();
        let id = format!("E-P-{:06}", self.persons.len() + 1);
        self.persons.push(Person {
            id,
            given: given.to_owned(),
            family: family.to_owned(),
            native: pop.native,
            sex: if female { 'F' } else { 'M' },
            birth,
            nationality: pop.nationality,
            part,
            phones: Vec::new(),
            documents: Vec::new(),
            vehicles: Vec::new(),
            decoy_of: None,
        });
        self.persons.len() - 1
    }

    /// A person who shares the given and family name of `of` but is someone
    /// else: the common-name decoys matching must not merge.
    pub fn new_decoy(&mut self, rng: &mut ChaCha8Rng, of: usize, network: usize) -> usize {
        let pop = traveller(rng);
        let p = self.new_person(rng, pop, Part::Migrant { network }, (18, 50));
        let (given, family, native) = {
            let o = &self.persons[of];
            (o.given.clone(), o.family.clone(), o.native)
        };
        let person = &mut self.persons[p];
        person.given = given;
        person.family = family;
        person.native = native;
        person.decoy_of = Some(of);
        p
    }

    pub fn new_migrant(&mut self, rng: &mut ChaCha8Rng, network: usize, victim: bool) -> usize {
        let pop = traveller(rng);
        let part = if victim {
            Part::Victim { network }
        } else {
            Part::Migrant { network }
        };
        let p = self.new_person(rng, pop, part, (16, 55));
        if rng.random_bool(0.6) {
            self.new_document(rng, p, true, 2024);
        }
        if rng.random_bool(0.5) {
            let country = self.persons[p].nationality;
            let country = if calling_code(country).is_some() {
                country
            } else {
                "TUR"
            };
            let ph = self.new_phone(rng, country);
            self.persons[p].phones.push(ph);
        }
        p
    }

    pub fn new_local(&mut self, rng: &mut ChaCha8Rng, country: &'static str, part: Part) -> usize {
        let p = self.new_person(rng, names::locals(country), part, (22, 60));
        let ph = self.new_phone(rng, country);
        self.persons[p].phones.push(ph);
        p
    }
}

fn traveller(rng: &mut ChaCha8Rng) -> &'static Population {
    let total: u32 = TRAVELLERS.iter().map(|t| t.0).sum();
    let mut pick = rng.random_range(0..total);
    for (weight, pop) in TRAVELLERS {
        if pick < *weight {
            return pop;
        }
        pick -= weight;
    }
    &TRAVELLERS[0].1
}

/// A registration plate in the country's format, in Latin letters (Bulgarian
/// and Greek reports write the look-alike letters of their own script).
fn plate(rng: &mut ChaCha8Rng, country: &str) -> String {
    let lookalike = b"ABEKMHOPCTX";
    let mut letters = |n: usize| -> String {
        (0..n)
            .map(|_| char::from(*lookalike.choose(rng).unwrap_or(&b'A')))
            .collect()
    };
    let l2 = letters(2);
    let l2b = letters(2);
    let l3 = letters(3);
    let mut digits = |n: usize| -> String {
        (0..n)
            .map(|_| char::from(b'0' + rng.random_range(0..10u8)))
            .collect()
    };
    match country {
        "SRB" => format!(
            "{} {}-{}",
            ["BG", "NS", "NI", "SU", "KG", "VR", "PI"][digits(1).parse::<usize>().unwrap_or(0) % 7],
            digits(3),
            l2
        ),
        "MKD" => format!(
            "{} {} {}",
            ["SK", "KU", "GV", "VE", "TE"][digits(1).parse::<usize>().unwrap_or(0) % 5],
            digits(4),
            l2
        ),
        "BGR" => format!(
            "{} {} {}",
            ["CB", "CA", "PB", "X", "E"][digits(1).parse::<usize>().unwrap_or(0) % 5],
            digits(4),
            l2b
        ),
        "GRC" => format!("{}-{}", l3, digits(4)),
        "ALB" => format!("AA {} {}", digits(3), l2),
        "BIH" => format!(
            "{}-{}-{}",
            digits(3),
            ["A", "E", "J", "K", "M", "O", "T"][digits(1).parse::<usize>().unwrap_or(0) % 7],
            digits(3)
        ),
        "XKX" => format!(
            "0{}-{}-{}",
            1 + digits(1).parse::<usize>().unwrap_or(0) % 7,
            digits(3),
            l2
        ),
        "MNE" => format!("PG {}{}", l2, digits(3)),
        "TUR" => format!(
            "{} {} {}",
            10 + digits(2).parse::<usize>().unwrap_or(24) % 80,
            l3,
            digits(3)
        ),
        "FRA" => format!("{}-{}-{}", l2, digits(3), l2b),
        _ => format!("{}{} {}", l2, digits(2), l3),
    }
}

/// The functions of a stage's aides, in the proportions the literature
/// reports (about 15% organisers, 85% aides).
const AIDES: &[&str] = &[
    "driver",
    "driver",
    "guide",
    "guide",
    "recruiter",
    "safe_house_keeper",
    "money_handler",
];

/// Builds the networks: each works a corridor, with an organiser and aides
/// per stage, a head, online accounts, and brokers shared with a neighbour.
pub fn build_networks(world: &mut World, rng: &mut ChaCha8Rng, count: usize) {
    for n in 0..count {
        let corridor = &CORRIDORS[n % CORRIDORS.len()];
        let mut stages = Vec::new();
        for (s, stage) in corridor.stages.iter().enumerate() {
            let mut members = Vec::new();
            let local = if stage.country == "FRA" {
                "IRQ"
            } else {
                stage.country
            };
            // The stage organiser is often of the migrants' own origin.
            let organiser = if local == "IRQ" || rng.random_bool(0.4) {
                let pop = traveller(rng);
                let p = world.new_person(
                    rng,
                    pop,
                    Part::Smuggler {
                        network: n,
                        function: "organiser",
                        stage: s,
                    },
                    (25, 55),
                );
                let country = if stage.country == "FRA" {
                    "FRA"
                } else {
                    stage.country
                };
                let ph = world.new_phone(
                    rng,
                    if calling_code(country).is_some() {
                        country
                    } else {
                        "SRB"
                    },
                );
                world.persons[p].phones.push(ph);
                p
            } else {
                world.new_local(
                    rng,
                    local_country(local),
                    Part::Smuggler {
                        network: n,
                        function: "organiser",
                        stage: s,
                    },
                )
            };
            members.push(organiser);
            let aides = rng.random_range(5..8);
            for _ in 0..aides {
                let function = if stage.country == "FRA" {
                    *["boat_pilot", "guide", "driver", "money_handler"]
                        .choose(rng)
                        .unwrap_or(&"guide")
                } else {
                    *AIDES.choose(rng).unwrap_or(&"driver")
                };
                let part = Part::Smuggler {
                    network: n,
                    function,
                    stage: s,
                };
                let p = if stage.country == "FRA" {
                    let pop = traveller(rng);
                    let p = world.new_person(rng, pop, part, (20, 45));
                    let ph = world.new_phone(rng, "FRA");
                    world.persons[p].phones.push(ph);
                    p
                } else {
                    world.new_local(rng, local_country(local), part)
                };
                if function == "driver" || function == "boat_pilot" {
                    let v = world.new_vehicle(
                        rng,
                        local_country(stage.country),
                        function == "boat_pilot",
                    );
                    world.persons[p].vehicles.push(v);
                }
                if rng.random_bool(0.5) {
                    world.new_document(rng, p, false, 2024);
                }
                members.push(p);
            }
            stages.push(members);
        }
        let head = stages[0][0];
        if world.persons[head].phones.len() < 2 {
            let ph = world.new_phone(rng, "SRB");
            world.persons[head].phones.push(ph);
        }
        world.new_document(rng, head, true, 2024);
        let handle_root = [
            "balkan_trip",
            "safe_road",
            "europe_way",
            "uk_boat",
            "road_to_eu",
            "germany_trip",
            "sahil_safar",
        ][n % 7];
        let accounts = vec![
            (
                format!("{handle_root}_{n}"),
                "telegram",
                format!("https://t.me/{handle_root}_{n}"),
            ),
            (
                format!("{handle_root}{n}.eu"),
                "tiktok",
                format!("https://www.tiktok.com/@{handle_root}{n}.eu"),
            ),
        ];
        let family = world.persons[head].family.clone();
        world.networks.push(Network {
            id: format!("N{:02}", n + 1),
            name: format!("{} network", corridor_text::translit::to_latin(&family)),
            corridor,
            stages,
            head,
            brokers: Vec::new(),
            accounts,
            price_eur: rng.random_range(25..70) * 100,
        });
    }
    // Brokers: a person who arranges hand-overs between two networks.
    for n in 0..count {
        let other = (n + 1) % count;
        if other == n {
            continue;
        }
        let pop = traveller(rng);
        let b = world.new_person(rng, pop, Part::Broker { network: n, other }, (30, 55));
        let ph = world.new_phone(rng, "SRB");
        world.persons[b].phones.push(ph);
        world.networks[n].brokers.push(b);
        world.networks[other].brokers.push(b);
    }
}

fn local_country(country: &'static str) -> &'static str {
    match country {
        "FRA" | "IRQ" => "TUR",
        other => other,
    }
}
