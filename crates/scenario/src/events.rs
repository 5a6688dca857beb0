//! What happens over the months: groups moved along corridors, and the
//! reports agencies write when they see part of it.

use chrono::{Datelike, Duration, NaiveDate};
use corridor_docs::mrz::{self, Format, MrzDate};
use corridor_docs::national;
use corridor_model::wire::{WireEntity, WireReport};
use corridor_text::translit;
use rand::seq::IndexedRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use serde_json::json;

use crate::geo::{place, Place, Stage};
use crate::names::ADVERTS;
use crate::render::Writing;
use crate::report::{place_name, releasability, Draft};
use crate::world::{Document, Part, Person, World};
use crate::Output;

/// The kinds of document fraud planted, each at least once.
pub const FRAUD_KINDS: &[&str] = &[
    "bad_check_digit",
    "altered_dates",
    "reused_number",
    "stolen",
    "specimen",
];

pub struct Events<'a> {
    pub world: &'a mut World,
    pub rng: ChaCha8Rng,
    pub out: &'a mut Output,
    seq: std::collections::BTreeMap<&'static str, u32>,
    document_checks: usize,
    payments: usize,
    /// Documents already written into a report in their holder's hands,
    /// in the order written: a reused number is taken from one of them, so
    /// that the number is on record under its rightful holder.
    seen_documents: Vec<usize>,
    /// A reused number is due but nothing was on record to reuse.
    reuse_pending: bool,
}

impl<'a> Events<'a> {
    pub fn new(world: &'a mut World, rng: ChaCha8Rng, out: &'a mut Output) -> Self {
        Events {
            world,
            rng,
            out,
            seq: Default::default(),
            document_checks: 0,
            payments: 0,
            seen_documents: Vec::new(),
            reuse_pending: false,
        }
    }

    /// A new report. `summary` may hold `{place}`, written as the report
    /// writes place names; Serbian Cyrillic reports get their text in Cyrillic.
    fn draft(
        &mut self,
        agency: &'static str,
        kind: &str,
        day: NaiveDate,
        summary: Option<String>,
        at: Option<&Place>,
    ) -> Draft {
        let n = self.seq.entry(agency).or_insert(0);
        *n += 1;
        let id = format!("{agency}-{}-{:06}", day.year(), n);
        let rng = &mut self.rng;
        let writing = Writing::of(agency, rng);
        let summary = summary.map(|text| {
            let text = if writing == Writing::SerbianCyrillic {
                translit::serbian_to_cyrillic(&text)
            } else {
                text
            };
            match at {
                Some(place) => text.replace("{place}", &place_name(place, writing)),
                None => text,
            }
        });
        let offset = match agency {
            "GRC-HP" | "BGR-MVR" => "+02:00",
            "GBR-BSC" | "GBR-NCA" => "Z",
            _ => "+01:00",
        };
        let occurred_at = if rng.random_bool(0.5) {
            day.format("%Y-%m-%d").to_string()
        } else {
            format!(
                "{}T{:02}:{:02}:00{offset}",
                day.format("%Y-%m-%d"),
                rng.random_range(0..24),
                rng.random_range(0..60)
            )
        };
        let (evaluation, handling) = if agency.starts_with("GBR") {
            (
                *["1/A/P", "1/B/P", "2/B/P", "2/C/P", "1/A/C"]
                    .choose(rng)
                    .unwrap_or(&"1/B/P"),
                *["H0", "H1", "H2"].choose(rng).unwrap_or(&"H2"),
            )
        } else {
            (
                *["A1", "A2", "B2", "B2", "B3", "C3", "X4"]
                    .choose(rng)
                    .unwrap_or(&"B2"),
                *["H0", "H1", "H2", "H2"].choose(rng).unwrap_or(&"H2"),
            )
        };
        let report = WireReport {
            id: Some(id),
            kind: Some(kind.to_owned()),
            agency: Some(agency.to_owned()),
            occurred_at: Some(occurred_at),
            evaluation: Some(evaluation.to_owned()),
            handling: Some(handling.to_owned()),
            releasable_to: releasability(agency, rng),
            summary,
            ..WireReport::default()
        };
        Draft::new(agency, writing, report)
    }

    fn finish(&mut self, draft: Draft) {
        self.out.report(draft);
    }

    /// One group's journey along a network's corridor, starting on `start`.
    pub fn journey(&mut self, network: usize, start: NaiveDate, size: usize) {
        let rng = &mut self.rng;
        let mut group: Vec<usize> = Vec::new();
        for _ in 0..size {
            let victim = rng.random_bool(0.02);
            group.push(self.world.new_migrant(rng, network, victim));
        }
        if self.rng.random_bool(0.08) && self.world.persons.len() > 50 {
            let of = self.rng.random_range(0..self.world.persons.len() - size);
            if matches!(self.world.persons[of].part, Part::Migrant { .. }) {
                group.push(self.world.new_decoy(&mut self.rng, of, network));
            }
        }
        let corridor = self.world.networks[network].corridor;
        let mut day = start;
        for (s, stage) in corridor.stages.iter().enumerate() {
            day += Duration::days(self.rng.random_range(2..9));
            if stage.country == "FRA" {
                self.channel(network, s, day, &group);
                continue;
            }
            let roll: f64 = self.rng.random();
            if stage.country == "TUR" {
                if roll < 0.3 {
                    self.sighting(network, s, stage, day, group.len());
                }
                continue;
            }
            if roll < 0.35 {
                self.interception(network, s, stage, day, &group);
            } else if roll < 0.50 {
                self.sighting(network, s, stage, day, group.len());
            } else if roll < 0.64 {
                // Drivers and guides cross checkpoints too, on their own papers.
                let who = if self.rng.random_bool(0.3) {
                    self.stage_member(network, s, &["driver", "guide"])
                } else {
                    *group.choose(&mut self.rng).unwrap_or(&group[0])
                };
                self.document_check(stage.agency, stage, day, who);
            } else if roll < 0.71 {
                self.arrest(network, s, stage, day);
            }
        }
    }

    fn stage_member(&mut self, network: usize, stage: usize, functions: &[&str]) -> usize {
        let members = &self.world.networks[network].stages[stage];
        let fitting: Vec<usize> = members
            .iter()
            .copied()
            .filter(|m| matches!(self.world.persons[*m].part, Part::Smuggler { function, .. } if functions.contains(&function)))
            .collect();
        *fitting
            .choose(&mut self.rng)
            .or(members.choose(&mut self.rng))
            .unwrap_or(&members[0])
    }

    fn interception(
        &mut self,
        network: usize,
        s: usize,
        stage: &Stage,
        day: NaiveDate,
        group: &[usize],
    ) {
        let at = place(
            stage
                .places
                .choose(&mut self.rng)
                .unwrap_or(&stage.places[0]),
        );
        let shown = group.len().min(self.rng.random_range(2..9));
        let text = template("interception", stage.agency, group.len());
        let mut d = self.draft(stage.agency, "interception", day, Some(text), Some(at));
        let driver = self.stage_member(network, s, &["driver"]);
        let world = &*self.world;
        let rng = &mut self.rng;
        let dp = suspect(&mut d, rng, &world.persons[driver]);
        let pl = d.place(at);
        d.link(&dp, &pl, "seen_at");
        if let Some(&v) = world.persons[driver].vehicles.first() {
            let vr = d.vehicle(&world.vehicles[v]);
            d.link(&dp, &vr, "drives");
            d.link(&vr, &pl, "seen_at");
        }
        if let Some(&ph) = world.persons[driver].phones.first() {
            if rng.random_bool(0.75) {
                let r = d.phone(rng, &world.phones[ph], stage.country);
                d.link(&dp, &r, "uses_phone");
                // The driver's calls to the stage organiser.
                let organiser = &world.persons[world.networks[network].stages[s][0]];
                if rng.random_bool(0.4) {
                    if let Some(&oph) = organiser.phones.first() {
                        let o = d.phone(rng, &world.phones[oph], stage.country);
                        d.link(&r, &o, "called");
                    }
                }
            }
        }
        for &m in &group[..shown] {
            let person = &world.persons[m];
            let role = if matches!(person.part, Part::Victim { .. }) {
                "victim"
            } else {
                "smuggled_migrant"
            };
            let mr = d.person(rng, person, role, None);
            d.link(&dp, &mr, "smuggled");
            if let Some(&ph) = person.phones.first() {
                if rng.random_bool(0.3) {
                    let r = d.phone(rng, &world.phones[ph], stage.country);
                    d.link(&mr, &r, "uses_phone");
                }
            }
        }
        self.finish(d);
    }

    fn sighting(&mut self, network: usize, s: usize, stage: &Stage, day: NaiveDate, count: usize) {
        let at = place(
            stage
                .places
                .choose(&mut self.rng)
                .unwrap_or(&stage.places[0]),
        );
        let kind = if self.rng.random_bool(0.5) {
            "drone_sighting"
        } else {
            "patrol_sighting"
        };
        let agency = if self.rng.random_bool(0.6) {
            "FRONTEX"
        } else {
            stage.agency
        };
        let text = template(kind, agency, count);
        let mut d = self.draft(agency, kind, day, Some(text), Some(at));
        let pl = d.place(at);
        if self.rng.random_bool(0.4) {
            let guide = self.stage_member(network, s, &["guide"]);
            let gr = d.person(
                &mut self.rng,
                &self.world.persons[guide],
                "suspect",
                Some("guide"),
            );
            d.link(&gr, &pl, "seen_at");
        }
        self.finish(d);
    }

    fn arrest(&mut self, network: usize, s: usize, stage: &Stage, day: NaiveDate) {
        let at = place(
            stage
                .places
                .choose(&mut self.rng)
                .unwrap_or(&stage.places[0]),
        );
        let who = self.stage_member(
            network,
            s,
            &[
                "organiser",
                "recruiter",
                "money_handler",
                "safe_house_keeper",
                "driver",
                "guide",
            ],
        );
        let text = template("arrest", stage.agency, 1);
        let mut d = self.draft(stage.agency, "arrest", day, Some(text), Some(at));
        let world = &*self.world;
        let rng = &mut self.rng;
        let person = &world.persons[who];
        let pr = suspect(&mut d, rng, person);
        let pl = d.place(at);
        d.link(&pr, &pl, "seen_at");
        for &ph in &person.phones {
            let r = d.phone(rng, &world.phones[ph], stage.country);
            d.link(&pr, &r, "uses_phone");
        }
        if let Some(&doc) = person.documents.first() {
            if rng.random_bool(0.6) {
                let dr = d.document(
                    &world.documents[doc].id,
                    document_wire(world, &world.documents[doc], stage.agency, rng, None),
                );
                d.link(&pr, &dr, "holds_document");
                self.seen_documents.push(doc);
            }
        }
        if let Some(&w) = world.networks[network].stages[s]
            .iter()
            .find(|m| **m != who)
        {
            if rng.random_bool(0.5) {
                let wr = suspect(&mut d, rng, &world.persons[w]);
                d.link(&pr, &wr, "associate_of");
            }
        }
        // Now and then a witness identifies the arrested man.
        if rng.random_bool(0.08) {
            let witness = self
                .world
                .new_local(rng, local_of(stage.country), Part::Witness);
            let wr = d.person(rng, &self.world.persons[witness], "witness", None);
            d.link(&wr, &pr, "associate_of");
        }
        self.finish(d);
    }

    fn channel(&mut self, network: usize, s: usize, day: NaiveDate, group: &[usize]) {
        let roll: f64 = self.rng.random();
        let beach = place(
            ["gravelines", "calais", "dunkerque"]
                .choose(&mut self.rng)
                .unwrap_or(&"gravelines"),
        );
        if roll < 0.35 {
            let text = template("interception", "FRA-PAF", group.len());
            let mut d = self.draft("FRA-PAF", "interception", day, Some(text), Some(beach));
            let pilot = self.stage_member(network, s, &["boat_pilot"]);
            let world = &*self.world;
            let rng = &mut self.rng;
            let pr = suspect(&mut d, rng, &world.persons[pilot]);
            let pl = d.place(beach);
            d.link(&pr, &pl, "seen_at");
            if let Some(&v) = world.persons[pilot].vehicles.first() {
                let vr = d.vehicle(&world.vehicles[v]);
                d.link(&pr, &vr, "drives");
            }
            for &m in group.iter().take(rng.random_range(1..6)) {
                let mr = d.person(rng, &world.persons[m], "smuggled_migrant", None);
                d.link(&pr, &mr, "smuggled");
            }
            self.finish(d);
        } else if roll < 0.7 {
            let dover = place("dover");
            let text = template("crossing", "GBR-BSC", group.len());
            let mut d = self.draft(
                "GBR-BSC",
                "crossing",
                day + Duration::days(1),
                Some(text),
                Some(dover),
            );
            let world = &*self.world;
            let rng = &mut self.rng;
            let pl = d.place(dover);
            let mut arrived = Vec::new();
            for &m in group.iter().take(rng.random_range(2..10)) {
                let mr = d.person(rng, &world.persons[m], "smuggled_migrant", None);
                d.link(&mr, &pl, "seen_at");
                if let Some(&doc) = world.persons[m].documents.first() {
                    if rng.random_bool(0.4) {
                        let dr = d.document(
                            &world.documents[doc].id,
                            document_wire(world, &world.documents[doc], "GBR-BSC", rng, None),
                        );
                        d.link(&mr, &dr, "holds_document");
                        self.seen_documents.push(doc);
                    }
                }
                arrived.push(m);
            }
            self.finish(d);
            // Recorded for the returns cases, which draw from a stream of
            // their own: the reports' stream is not touched.
            for &m in &arrived {
                self.out.arrivals.push((m, day + Duration::days(1)));
            }
            // Some are returned to France under the one-in, one-out arrangement.
            if let Some(&r) = arrived.first() {
                if self.rng.random_bool(0.15) {
                    let text = template("return", "GBR-BSC", 1);
                    let later = day + Duration::days(self.rng.random_range(20..60));
                    let mut d = self.draft(
                        "GBR-BSC",
                        "intelligence_note",
                        later,
                        Some(text),
                        Some(place("calais")),
                    );
                    let world = &*self.world;
                    let rr = d.person(&mut self.rng, &world.persons[r], "returnee", None);
                    let pl = d.place(place("calais"));
                    d.link(&rr, &pl, "seen_at");
                    self.finish(d);
                    self.out.returned_to_france.push((r, later));
                }
            }
        }
    }

    /// A document check; the first checks of a scenario plant one fraud of
    /// each kind, later ones now and then.
    pub fn document_check(
        &mut self,
        agency: &'static str,
        stage: &Stage,
        day: NaiveDate,
        who: usize,
    ) {
        let natural = if self.document_checks < FRAUD_KINDS.len() {
            Some(FRAUD_KINDS[self.document_checks])
        } else if self.rng.random_bool(0.12) {
            FRAUD_KINDS.choose(&mut self.rng).copied()
        } else {
            None
        };
        // A reuse that found nothing on record to reuse is planted at the
        // first later check that would plant nothing.
        let deferred = natural.is_none() && self.reuse_pending;
        let mut fraud = if deferred {
            Some("reused_number")
        } else {
            natural
        };
        self.document_checks += 1;
        let at = place(
            stage
                .places
                .choose(&mut self.rng)
                .unwrap_or(&stage.places[0]),
        );
        let text = template("document_check", agency, 1);
        let mut d = self.draft(agency, "document_check", day, Some(text), Some(at));
        let doc = match self.world.persons[who].documents.first() {
            Some(&doc) => doc,
            None => self.world.new_document(&mut self.rng, who, true, 2024),
        };
        let mut document = self.world.documents[doc].clone();
        let mut doc_entity = document.id.clone();
        let mut detail = serde_json::Value::Null;
        let mut burn: &[u32] = &[];
        match fraud {
            Some("reused_number") => {
                // The number of another person's document, under this identity.
                let drawn =
                    (!deferred).then(|| self.rng.random_range(0..self.world.documents.len()));
                let (source, dropped) = self.reuse_source(who, doc, drawn);
                burn = dropped;
                match source {
                    Some(other) => {
                        self.reuse_pending = false;
                        let source = self.world.documents[other].clone();
                        document.number = source.number.clone();
                        document.issuing_state = source.issuing_state;
                        doc_entity = source.id.clone();
                        detail = json!({"original_holder": self.world.persons[source.holder].id, "original_document": source.id});
                    }
                    None => {
                        // Nothing on record to reuse yet: planted later.
                        fraud = None;
                        self.reuse_pending = true;
                    }
                }
            }
            Some("specimen") => {
                document.number = "L898902C3".into();
                document.issuing_state = "UTO";
                doc_entity = format!("{}-specimen", document.id);
            }
            Some("stolen") => self.out.stolen(
                &document,
                &self.world.persons[document.holder],
                day - Duration::days(self.rng.random_range(30..400)),
            ),
            _ => {}
        }
        let world = &*self.world;
        let rng = &mut self.rng;
        let person = &world.persons[who];
        let role = match person.part {
            Part::Migrant { .. } => "smuggled_migrant",
            Part::Victim { .. } => "victim",
            Part::Witness => "witness",
            Part::Informant => "informant",
            _ => "suspect",
        };
        let function = (role == "suspect").then(|| function_of(person));
        let pr = d.person(rng, person, role, function);
        if fraud == Some("altered_dates") {
            // The officer records the date of birth the data page shows,
            // which the altered zone contradicts.
            let recorded = d
                .report
                .entities
                .iter_mut()
                .find(|e| e.reference.as_deref() == Some(pr.as_str()));
            if let Some(e) = recorded.filter(|e| e.birth_date.is_none()) {
                e.birth_date = Some(crate::render::date_as_written(person.birth, agency));
            }
        }
        for &bound in burn {
            let _: u32 = rng.random_range(0..bound);
        }
        let wire = document_wire(world, &document, agency, rng, fraud);
        let dr = d.document(&doc_entity, wire);
        d.link(&pr, &dr, "holds_document");
        let pl = d.place(at);
        d.link(&pr, &pl, "seen_at");
        if fraud.is_none() {
            self.seen_documents.push(doc);
        }
        if let Some(kind) = fraud {
            let mention = format!("{}#{dr}", d.report.id.as_deref().unwrap_or(""));
            self.out.fraud(&mention, &doc_entity, kind, detail);
        }
        self.finish(d);
    }

    /// The document a reused number is taken from: one already on record
    /// in another holder's hands, so that the reuse shows in the reports;
    /// `None` if there is none yet. `drawn` is the document the reuse drew
    /// (none when a deferred reuse is planted). Also the random draws to
    /// drop before the document is written: `document_wire` draws for the
    /// optional data of some states' identity cards, and a source that
    /// draws what the natural course would have, or the end of it, keeps
    /// every later report as it was.
    fn reuse_source(
        &self,
        who: usize,
        own: usize,
        drawn: Option<usize>,
    ) -> (Option<usize>, &'static [u32]) {
        let docs = &self.world.documents;
        let passport = docs[own].passport;
        let draws = |d: usize| -> &'static [u32] {
            match (passport, docs[d].issuing_state) {
                (false, "SRB" | "MKD" | "BIH" | "MNE") => &[9, 500],
                (false, "BGR") => &[500],
                _ => &[],
            }
        };
        let natural = match drawn {
            Some(d) if docs[d].holder != who => d,
            _ => own,
        };
        let expected = draws(natural);
        let seen = &self.seen_documents;
        let start = drawn.unwrap_or(self.document_checks);
        let candidates = || {
            (0..seen.len())
                .map(move |k| seen[(start + k) % seen.len()])
                .filter(|&d| docs[d].holder != who)
        };
        let source = candidates()
            .find(|&d| draws(d) == expected)
            .or_else(|| candidates().find(|&d| expected.ends_with(draws(d))));
        let written = draws(source.unwrap_or(own));
        let dropped: &'static [u32] = if expected.ends_with(written) {
            &expected[..expected.len() - written.len()]
        } else {
            &[]
        };
        (source, dropped)
    }

    /// What a network does in a month besides moving groups: adverts,
    /// intelligence on its head and money, an informant's word.
    pub fn network_month(&mut self, network: usize, month_start: NaiveDate) {
        let day = month_start + Duration::days(self.rng.random_range(0..27));
        if self.rng.random_bool(0.7) {
            self.advert(network, day);
        }
        if self.rng.random_bool(0.4) {
            self.intelligence(network, day + Duration::days(1));
        }
        if self.rng.random_bool(0.1) {
            self.informant(network, day + Duration::days(2));
        }
    }

    fn advert(&mut self, network: usize, day: NaiveDate) {
        let agency = *["GBR-BSC", "FRONTEX", "SRB-MUP", "EUROPOL"]
            .choose(&mut self.rng)
            .unwrap_or(&"GBR-BSC");
        let (lang, text) = *ADVERTS.choose(&mut self.rng).unwrap_or(&ADVERTS[0]);
        let stage = 1.min(self.world.networks[network].stages.len() - 1);
        let recruiter = self.stage_member(network, stage, &["recruiter"]);
        let phone = self.world.phones[self.world.persons[recruiter].phones[0]].clone();
        let net = self.world.networks[network].clone();
        let written = format!("+{} {}", phone.calling_code, phone.number);
        let (currency, price) = if self.rng.random_bool(0.2) {
            ("GBP", net.price_eur * 85 / 100)
        } else {
            ("EUR", net.price_eur)
        };
        let first = place(net.corridor.stages[stage].places[0]);
        let body = text
            .replace("{price}", &price.to_string())
            .replace("{currency}", currency)
            .replace("{phone}", &written)
            .replace("{place}", first.latin);
        let mut d = self.draft(
            agency,
            "online_advert",
            day,
            Some(format!("[{lang}] {body}")),
            None,
        );
        let rng = &mut self.rng;
        let (handle, platform, url) = &net.accounts[rng.random_range(0..net.accounts.len())];
        let ar = d.account(
            &format!("E-A-{}-{platform}", net.id),
            handle,
            platform,
            url,
            rng.random_bool(0.5),
        );
        d.phone(rng, &phone, "");
        self.payments += 1;
        d.payment(
            format!("E-PAY-{:06}", self.payments),
            price,
            currency,
            "cash",
            None,
        );
        let pl = d.place(first);
        d.link(&ar, &pl, "seen_at");
        self.finish(d);
    }

    fn intelligence(&mut self, network: usize, day: NaiveDate) {
        let agency = *["GBR-BSC", "EUROPOL", "FRONTEX"]
            .choose(&mut self.rng)
            .unwrap_or(&"EUROPOL");
        let text = template("intelligence_note", agency, 0);
        let mut d = self.draft(agency, "intelligence_note", day, Some(text), None);
        let world = &*self.world;
        let rng = &mut self.rng;
        let net = &world.networks[network];
        let org = d.organisation(&format!("E-O-{}", net.id), &net.name);
        let head = &world.persons[net.head];
        let hr = d.person(rng, head, "suspect", Some("organiser"));
        d.link(&hr, &org, "member_of");
        for &ph in &head.phones {
            let r = d.phone(rng, &world.phones[ph], "");
            d.link(&hr, &r, "uses_phone");
        }
        let s = rng.random_range(0..net.stages.len());
        let money = net.stages[s]
            .iter()
            .copied()
            .find(|m| {
                matches!(
                    world.persons[*m].part,
                    Part::Smuggler {
                        function: "money_handler",
                        ..
                    }
                )
            })
            .unwrap_or(net.stages[s][0]);
        let mr = suspect(&mut d, rng, &world.persons[money]);
        d.link(&mr, &org, "member_of");
        self.payments += 1;
        let amount = rng.random_range(10..80) * 1000;
        let pay = d.payment(
            format!("E-PAY-{:06}", self.payments),
            amount,
            "EUR",
            "hawala",
            Some(day.format("%Y-%m").to_string()),
        );
        d.link(&hr, &pay, "paid");
        d.link(&pay, &mr, "paid_to");
        if let Some(&b) = net.brokers.first() {
            if rng.random_bool(0.6) {
                let br = d.person(rng, &world.persons[b], "suspect", Some("broker"));
                d.link(&br, &hr, "associate_of");
                if let Some(&ph) = world.persons[b].phones.first() {
                    let r = d.phone(rng, &world.phones[ph], "");
                    d.link(&br, &r, "uses_phone");
                }
            }
        }
        self.finish(d);
    }

    fn informant(&mut self, network: usize, day: NaiveDate) {
        let rng = &mut self.rng;
        let informant = self.world.new_migrant(rng, network, false);
        self.world.persons[informant].part = Part::Informant;
        let text = template("informant", "GBR-BSC", 0);
        let mut d = self.draft("GBR-BSC", "intelligence_note", day, Some(text), None);
        d.report.handling = Some("H3".into());
        d.report.handling_restriction = Some("Source protection: not to be disseminated beyond analysts; no operational use without GBR-BSC consent".into());
        let world = &*self.world;
        let rng = &mut self.rng;
        let ir = d.person(rng, &world.persons[informant], "informant", None);
        let head = &world.persons[world.networks[network].head];
        let hr = d.person(rng, head, "suspect", Some("organiser"));
        d.link(&ir, &hr, "associate_of");
        if let Some(&ph) = head.phones.last() {
            let r = d.phone(rng, &world.phones[ph], "");
            d.link(&hr, &r, "uses_phone");
        }
        self.finish(d);
    }
}

/// A network member as a report names them: a suspect with their function.
fn suspect(d: &mut Draft, rng: &mut ChaCha8Rng, p: &Person) -> String {
    d.person(rng, p, "suspect", Some(function_of(p)))
}

fn function_of(p: &Person) -> &'static str {
    match p.part {
        Part::Smuggler { function, .. } => function,
        Part::Broker { .. } => "broker",
        _ => "driver",
    }
}

fn local_of(country: &'static str) -> &'static str {
    if country == "FRA" {
        "TUR"
    } else {
        country
    }
}

/// A document mention as an agency records it, with its MRZ. `fraud`
/// decides what is wrong with it.
fn document_wire(
    world: &World,
    doc: &Document,
    agency: &str,
    rng: &mut ChaCha8Rng,
    fraud: Option<&str>,
) -> WireEntity {
    let holder = &world.persons[doc.holder];
    let latin = |s: &str| corridor_text::translit::to_latin(s);
    let birth = holder.birth;
    let mrz_birth = if fraud == Some("altered_dates") {
        MrzDate::new(
            birth.year() - rng.random_range(2..9),
            Some(birth.month()),
            Some(birth.day()),
        )
    } else {
        MrzDate::new(birth.year(), Some(birth.month()), Some(birth.day()))
    };
    let optional = if doc.passport {
        String::new()
    } else {
        match doc.issuing_state {
            "SRB" | "MKD" | "BIH" | "MNE" => national::jmbg(
                birth.year(),
                birth.month(),
                birth.day(),
                71 + rng.random_range(0..9),
                holder.sex == 'F',
                rng.random_range(0..500),
            ),
            "BGR" => national::egn(
                birth.year(),
                birth.month(),
                birth.day(),
                holder.sex == 'F',
                rng.random_range(0..500),
            ),
            _ => String::new(),
        }
    };
    let input = mrz::Document {
        format: if doc.passport {
            Format::Td3
        } else {
            Format::Td1
        },
        document_code: if doc.passport {
            "P".into()
        } else {
            "ID".into()
        },
        issuing_state: doc.issuing_state.into(),
        surname: latin(&holder.family),
        given_names: latin(&holder.given),
        document_number: doc.number.clone(),
        nationality: if fraud == Some("specimen") {
            "UTO".into()
        } else {
            holder.nationality.into()
        },
        birth_date: mrz_birth,
        sex: holder.sex,
        expiry_date: MrzDate::new(
            doc.expiry.year(),
            Some(doc.expiry.month()),
            Some(doc.expiry.day()),
        ),
        optional_data: optional,
        optional_data_2: String::new(),
    };
    let mut lines = mrz::generate(&input).unwrap_or_default();
    if fraud == Some("bad_check_digit") && lines.len() >= 2 {
        // Change the document number's check digit.
        let (line, pos) = if doc.passport { (1, 9) } else { (0, 14) };
        let old = lines[line].as_bytes()[pos];
        let new = if old == b'9' || old == b'<' {
            '0'
        } else {
            char::from(old + 1)
        };
        lines[line].replace_range(pos..pos + 1, &new.to_string());
    }
    WireEntity {
        document_type: Some(
            if doc.passport {
                "passport"
            } else {
                "identity_card"
            }
            .into(),
        ),
        number: Some(doc.number.clone()),
        issuing_state: Some(doc.issuing_state.into()),
        expiry_date: rng
            .random_bool(0.7)
            .then(|| crate::render::date(doc.expiry, agency, rng)),
        mrz: (!lines.is_empty() && rng.random_bool(0.9) || fraud.is_some())
            .then(|| lines.join("\n")),
        ..WireEntity::default()
    }
}

/// The free text of a report, in the agency's language.
fn template(kind: &str, agency: &str, n: usize) -> String {
    let lang = match agency {
        "SRB-MUP" | "BIH-GP" | "MNE-UP" => "sr",
        "MKD-MVR" => "mk",
        "BGR-MVR" => "bg",
        "GRC-HP" => "el",
        "ALB-ASP" | "XKX-KP" => "sq",
        "FRA-PAF" => "fr",
        _ => "en",
    };
    let t = match (kind, lang) {
        ("interception", "sr") => {
            "Presretnuto vozilo kod mesta {place} sa {n} migranata; vozač zadržan."
        }
        ("interception", "mk") => {
            "Пресретнато возило кај {place} со {n} мигранти; возачот е приведен."
        }
        ("interception", "bg") => {
            "Задържан автомобил край {place} с {n} мигранти; шофьорът е арестуван."
        }
        ("interception", "el") => {
            "Αναχαιτίστηκε όχημα κοντά σε {place} με {n} μετανάστες· ο οδηγός συνελήφθη."
        }
        ("interception", "sq") => {
            "U ndalua një automjet pranë {place} me {n} emigrantë; shoferi u arrestua."
        }
        ("interception", "fr") => {
            "Départ empêché près de {place} : {n} personnes ; le pilote présumé a été interpellé."
        }
        ("interception", _) => {
            "Vehicle intercepted near {place} carrying {n} migrants; driver detained."
        }
        ("patrol_sighting" | "drone_sighting", "sr") => {
            "Uočena grupa od oko {n} osoba kod mesta {place}."
        }
        ("patrol_sighting" | "drone_sighting", "mk") => {
            "Забележана група од околу {n} лица кај {place}."
        }
        ("patrol_sighting" | "drone_sighting", "bg") => {
            "Засечена група от около {n} души край {place}."
        }
        ("patrol_sighting" | "drone_sighting", "el") => {
            "Εντοπίστηκε ομάδα περίπου {n} ατόμων κοντά σε {place}."
        }
        ("patrol_sighting" | "drone_sighting", "sq") => {
            "U vërejt një grup prej rreth {n} personash pranë {place}."
        }
        ("patrol_sighting" | "drone_sighting", _) => {
            "A group of about {n} people was observed near {place}, led by a facilitator."
        }
        ("document_check", "sr") => "Kontrola putne isprave kod mesta {place}.",
        ("document_check", "mk") => "Проверка на патна исправа кај {place}.",
        ("document_check", "bg") => "Проверка на документ за пътуване край {place}.",
        ("document_check", "el") => "Έλεγχος ταξιδιωτικού εγγράφου σε {place}.",
        ("document_check", "sq") => "Kontroll i dokumentit të udhëtimit në {place}.",
        ("document_check", _) => "Travel document checked at {place}.",
        ("arrest", "sr") => "Uhapšen član kriminalne grupe u mestu {place}.",
        ("arrest", "mk") => "Уапсен член на криминална група во {place}.",
        ("arrest", "bg") => "Арестуван член на престъпна група в {place}.",
        ("arrest", "el") => "Σύλληψη μέλους εγκληματικής ομάδας σε {place}.",
        ("arrest", "sq") => "U arrestua një anëtar i grupit kriminal në {place}.",
        ("arrest", _) => "Member of a smuggling group arrested in {place}.",
        ("crossing", _) => {
            "Small boat intercepted in the Channel and brought to {place}; {n} people on board."
        }
        ("return", _) => "Returned to France under the UK-France arrangement via {place}.",
        ("informant", _) => "A source reports on the network's organiser and his current phone.",
        ("intelligence_note", _) => {
            "Analysis links the network's head, its money handler and hawala payments."
        }
        _ => "Report.",
    };
    t.replace("{n}", &n.to_string())
}

/// The stage organisers and heads count as key players; brokers too.
pub fn key_players(world: &World, network: usize) -> Vec<String> {
    let net = &world.networks[network];
    let mut ids: Vec<String> = std::iter::once(net.head)
        .chain(net.stages.iter().map(|s| s[0]))
        .chain(net.brokers.iter().copied())
        .map(|p| world.persons[p].id.clone())
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

pub fn month_start(month: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025 + (month / 12) as i32, month % 12 + 1, 1).unwrap_or_default()
}
