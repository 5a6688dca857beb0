//! Reports: what an agency recorded, when, how it graded it and on what
//! conditions it may be used.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use chrono::{DateTime, FixedOffset, NaiveDate, SecondsFormat};

use crate::entity::{
    named_enum, DocumentType, Entity, Mention, MentionRef, OnlineAccount, Organisation, Payment,
    PaymentMethod, Person, Phone, Place, PlaceType, Role, Sex, Subject, SuspectFunction,
    TravelDocument, Vehicle, VehicleType, Withheld,
};
use crate::error::{FieldError, FieldPath};
use crate::values::{self, Coordinates, DocumentNumber, Money, PartialDate, PhoneNumber, Plate};
use crate::wire::{Decimal, List, WireEntity, WireLink, WireReport};
use crate::{
    AgencyCode, Country, EntityKind, Evaluation, HandlingCode, Link, LinkKind, Releasability,
};

/// A report's identifier, unique across the federation: 1–128 of
/// `A-Z a-z 0-9 . _ : / -`, starting with a letter or digit. Agencies
/// usually prefix their code: `SRB-MUP-2025-000123`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ReportId(String);

impl ReportId {
    pub fn parse(text: &str) -> Result<Self, String> {
        let ok = (1..=128).contains(&text.len())
            && text.starts_with(|c: char| c.is_ascii_alphanumeric())
            && text
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"._:/-".contains(&b));
        if ok {
            Ok(ReportId(text.to_owned()))
        } else {
            Err(format!(
                "expected a report id of 1 to 128 letters, digits and . _ : / - \
                 starting with a letter or digit (such as SRB-MUP-2025-000123), found {text:?}"
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ReportId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.0)
    }
}

named_enum! {
    /// What kind of event a report records.
    ReportKind {
        Interception = "interception",
        Arrest = "arrest",
        Crossing = "crossing",
        DocumentCheck = "document_check",
        OnlineAdvert = "online_advert",
        PatrolSighting = "patrol_sighting",
        DroneSighting = "drone_sighting",
        IntelligenceNote = "intelligence_note",
    }
}

/// When something happened: a calendar date, or an instant with the
/// reporter's UTC offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventTime {
    Date(NaiveDate),
    Instant(DateTime<FixedOffset>),
}

impl EventTime {
    /// Accepts `2025-03-14` or RFC 3339 (`2025-03-14T22:10:00Z`,
    /// `2025-03-14T23:10:00+01:00`).
    pub fn parse(text: &str) -> Result<Self, String> {
        if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            if text.len() == 10 {
                return Ok(EventTime::Date(d));
            }
        }
        DateTime::parse_from_rfc3339(text)
            .map(EventTime::Instant)
            .map_err(|_| {
                format!(
                    "expected a date (2025-03-14) or a date and time with its offset \
                     (2025-03-14T22:10:00Z or 2025-03-14T23:10:00+01:00), found {text:?}"
                )
            })
    }

    /// The calendar date in the reporter's own time zone.
    pub fn date(&self) -> NaiveDate {
        match self {
            EventTime::Date(d) => *d,
            EventTime::Instant(t) => t.date_naive(),
        }
    }

    /// `YYYY-MM`, the bucket statistics count by.
    pub fn month(&self) -> String {
        self.date().format("%Y-%m").to_string()
    }
}

impl fmt::Display for EventTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EventTime::Date(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            EventTime::Instant(t) => f.write_str(&t.to_rfc3339_opts(SecondsFormat::AutoSi, true)),
        }
    }
}

/// A report from an agency, with everything it mentions. Valid by
/// construction: built only by [`Report::from_wire`]. Its mentions are in
/// `ref` order and its links in (from, to, kind) order, whatever order they
/// were written in.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub id: ReportId,
    pub kind: ReportKind,
    pub agency: AgencyCode,
    pub occurred_at: EventTime,
    pub recorded_at: Option<EventTime>,
    pub evaluation: Evaluation,
    pub handling: HandlingCode,
    pub releasable_to: Releasability,
    pub summary: Option<String>,
    mentions: Vec<Mention>,
    links: Vec<Link>,
}

/// Collects field errors while a wire record is checked, so that every
/// problem of a record is reported at once.
struct Check {
    errors: Vec<FieldError>,
}

impl Check {
    fn take<T>(&mut self, path: FieldPath, result: Result<T, String>) -> Option<T> {
        result
            .map_err(|message| self.errors.push(FieldError { path, message }))
            .ok()
    }

    fn fail(&mut self, path: FieldPath, message: impl Into<String>) {
        self.errors.push(FieldError {
            path,
            message: message.into(),
        });
    }
}

const MAX_NAME: usize = 200;
const MAX_TEXT: usize = 20_000;

impl Report {
    /// Validates a wire report. `known_agency` says whether an agency code
    /// is in the node's directory. Returns every problem found, each naming
    /// its field.
    pub fn from_wire(
        w: &WireReport,
        known_agency: &dyn Fn(&AgencyCode) -> bool,
    ) -> Result<Report, Vec<FieldError>> {
        let mut c = Check { errors: Vec::new() };
        let top = |f: &str| FieldPath::Report(f.to_owned());
        let agency_of = |text: &str| {
            AgencyCode::parse(text).and_then(|a| {
                if known_agency(&a) {
                    Ok(a)
                } else {
                    Err(format!(
                        "agency {a} is not in this node's directory; add it first or check the code"
                    ))
                }
            })
        };
        let id = c.take(top("id"), required(&w.id).and_then(ReportId::parse));
        let kind = c.take(top("kind"), required(&w.kind).and_then(ReportKind::parse));
        let agency = c.take(top("agency"), required(&w.agency).and_then(agency_of));
        let occurred_at = c.take(
            top("occurred_at"),
            required(&w.occurred_at).and_then(EventTime::parse),
        );
        let recorded_at = c
            .take(
                top("recorded_at"),
                optional(&w.recorded_at, EventTime::parse),
            )
            .flatten();
        let evaluation = c.take(
            top("evaluation"),
            required(&w.evaluation).and_then(Evaluation::parse),
        );
        let handling = c.take(
            top("handling"),
            required(&w.handling)
                .and_then(|h| HandlingCode::parse(h, w.handling_restriction.as_deref())),
        );
        let mut partners = Vec::new();
        for (i, p) in w.releasable_to.0.iter().enumerate() {
            if let Some(a) = c.take(top(&format!("releasable_to[{i}]")), agency_of(p)) {
                partners.push(a);
            }
        }
        let summary = c
            .take(
                top("summary"),
                optional(&w.summary, |s| values::text(s, MAX_TEXT)),
            )
            .flatten();

        // Refs and types first, so that links are checked against every
        // entity the report declares, even one with a bad field.
        let mut kinds: BTreeMap<MentionRef, EntityKind> = BTreeMap::new();
        let mut heads = Vec::with_capacity(w.entities.len());
        for (index, we) in w.entities.iter().enumerate() {
            let at = |field: &str| FieldPath::Entity {
                index,
                field: field.to_owned(),
            };
            let reference = c.take(
                at("ref"),
                required(&we.reference).and_then(MentionRef::parse),
            );
            let kind = c.take(
                at("type"),
                required(&we.entity_type).and_then(EntityKind::parse),
            );
            if let (Some(r), Some(k)) = (&reference, kind) {
                if kinds.insert(r.clone(), k).is_some() {
                    c.fail(at("ref"), format!("ref {r} is used by an earlier entity of this report; refs must be unique"));
                }
            }
            heads.push(reference.zip(kind));
        }
        let mut mentions = Vec::with_capacity(w.entities.len());
        for (index, (we, head)) in w.entities.iter().zip(heads).enumerate() {
            if let Some(m) = head.and_then(|(r, k)| mention_from_wire(we, index, r, k, &mut c)) {
                mentions.push(m);
            }
        }
        let mut links = Vec::with_capacity(w.links.len());
        for (index, wl) in w.links.iter().enumerate() {
            if let Some(l) = link_from_wire(wl, index, &kinds, &mut c) {
                links.push(l);
            }
        }

        // Entities and links have no meaningful order; keeping them sorted
        // makes the canonical form, and so the content hash, independent of
        // the order rows were written in or files were given.
        mentions.sort_by(|a, b| a.reference.cmp(&b.reference));
        links.sort_by(|a, b| {
            (&a.from, &a.to, a.kind, a.at, &a.note).cmp(&(&b.from, &b.to, b.kind, b.at, &b.note))
        });
        match (id, kind, agency, occurred_at, evaluation, handling) {
            (
                Some(id),
                Some(kind),
                Some(agency),
                Some(occurred_at),
                Some(evaluation),
                Some(handling),
            ) if c.errors.is_empty() => Ok(Report {
                id,
                kind,
                agency,
                occurred_at,
                recorded_at,
                evaluation,
                handling,
                releasable_to: Releasability::new(partners),
                summary,
                mentions,
                links,
            }),
            _ => Err(c.errors),
        }
    }

    pub fn mentions(&self) -> &[Mention] {
        &self.mentions
    }

    pub fn links(&self) -> &[Link] {
        &self.links
    }

    pub fn mention(&self, reference: &MentionRef) -> Option<&Mention> {
        self.mentions.iter().find(|m| &m.reference == reference)
    }

    /// True when the report mentions a protected person.
    pub fn mentions_protected_person(&self) -> bool {
        self.mentions
            .iter()
            .any(|m| m.subject.is_protected_person())
    }

    /// The refs of the mentions whose content is withheld by default: every
    /// protected person, every object (phone, document, account, vehicle)
    /// that only protected people are linked to by an identifying link — a
    /// victim's phone number identifies the victim — and every place only
    /// they (or those objects) were seen at.
    pub fn protected_refs(&self) -> BTreeSet<MentionRef> {
        let mut protected: BTreeSet<MentionRef> = self
            .mentions
            .iter()
            .filter(|m| m.subject.is_protected_person())
            .map(|m| m.reference.clone())
            .collect();
        let mut holders: BTreeMap<&MentionRef, (bool, bool)> = BTreeMap::new();
        for l in self.links.iter().filter(|l| l.kind.identifies_person()) {
            let (by_protected, by_other) = holders.entry(&l.to).or_default();
            if protected.contains(&l.from) {
                *by_protected = true;
            } else {
                *by_other = true;
            }
        }
        let objects: Vec<MentionRef> = holders
            .into_iter()
            .filter(|(_, (by_protected, by_other))| *by_protected && !*by_other)
            .map(|(r, _)| r.clone())
            .collect();
        protected.extend(objects);
        // Where only they (or their phones, cars…) were seen: a victim's
        // safe house identifies the victim.
        let mut places: BTreeMap<&MentionRef, (bool, bool)> = BTreeMap::new();
        for l in self.links.iter().filter(|l| l.kind == LinkKind::SeenAt) {
            let (by_protected, by_other) = places.entry(&l.to).or_default();
            if protected.contains(&l.from) {
                *by_protected = true;
            } else {
                *by_other = true;
            }
        }
        let places: Vec<MentionRef> = places
            .into_iter()
            .filter(|(_, (by_protected, by_other))| *by_protected && !*by_other)
            .map(|(r, _)| r.clone())
            .collect();
        protected.extend(places);
        protected
    }

    /// A copy with protected content withheld: the mentions of
    /// [`Report::protected_refs`] keep only their kind and role, links that
    /// touch them lose their notes, and the summary (free text that may name
    /// anyone) is dropped when anything was withheld. Counts of reports,
    /// mentions and links are unchanged.
    pub fn withholding_protected(&self) -> Report {
        self.replacing_protected(|m| {
            Subject::Withheld(match m.subject.role() {
                Some(role) => Withheld::Person { role },
                None => Withheld::Other(m.subject.kind()),
            })
        })
    }

    /// A copy in which every mention of [`Report::protected_refs`] is
    /// replaced by what `replace` makes of it (a withheld marker, a
    /// pseudonym), links that touch them lose their notes, and the summary
    /// is dropped when anything was replaced.
    pub fn replacing_protected(&self, mut replace: impl FnMut(&Mention) -> Subject) -> Report {
        let protected = self.protected_refs();
        if protected.is_empty() {
            return self.clone();
        }
        let mut out = self.clone();
        for m in &mut out.mentions {
            if protected.contains(&m.reference) {
                m.subject = replace(m);
            }
        }
        for l in &mut out.links {
            if protected.contains(&l.from) || protected.contains(&l.to) {
                l.note = None;
            }
        }
        out.summary = None;
        out
    }

    /// The wire form, as exports write it and as the store keeps it.
    pub fn to_wire(&self) -> WireReport {
        WireReport {
            id: Some(self.id.to_string()),
            kind: Some(self.kind.to_string()),
            agency: Some(self.agency.to_string()),
            occurred_at: Some(self.occurred_at.to_string()),
            recorded_at: self.recorded_at.map(|t| t.to_string()),
            evaluation: Some(self.evaluation.to_string()),
            handling: Some(self.handling.code().to_owned()),
            handling_restriction: self.handling.restriction().map(str::to_owned),
            releasable_to: List(
                self.releasable_to
                    .partners()
                    .map(|a| a.to_string())
                    .collect(),
            ),
            summary: self.summary.clone(),
            entities: self.mentions.iter().map(mention_to_wire).collect(),
            links: self.links.iter().map(link_to_wire).collect(),
        }
    }
}

fn required(value: &Option<String>) -> Result<&str, String> {
    value
        .as_deref()
        .ok_or_else(|| "is missing; this field is required".to_owned())
}

fn optional<T>(
    value: &Option<String>,
    parse: impl Fn(&str) -> Result<T, String>,
) -> Result<Option<T>, String> {
    value.as_deref().map(parse).transpose()
}

/// The fields that apply to each entity type, besides `ref`, `type`,
/// `withheld`, `evaluation` and (CSV) `report_id`.
pub fn fields_of(kind: EntityKind) -> &'static [&'static str] {
    match kind {
        EntityKind::Person => &[
            "role",
            "function",
            "given_name",
            "family_name",
            "full_name",
            "aliases",
            "birth_date",
            "sex",
            "nationality",
        ],
        EntityKind::Organisation => &["name", "aliases"],
        EntityKind::Phone => &["number", "country"],
        EntityKind::Vehicle => &[
            "plate",
            "country",
            "vehicle_type",
            "make",
            "model",
            "colour",
        ],
        EntityKind::Document => &[
            "document_type",
            "number",
            "issuing_state",
            "expiry_date",
            "mrz",
        ],
        EntityKind::Place => &["name", "country", "place_type", "lat", "lon"],
        EntityKind::Account => &["platform", "handle", "url"],
        EntityKind::Payment => &["amount", "currency", "method", "date"],
    }
}

/// The names of the kind-specific fields that `w` fills in.
fn present_fields(w: &WireEntity) -> Vec<&'static str> {
    let s = |name: &'static str, v: &Option<String>| v.as_ref().map(|_| name);
    [
        s("role", &w.role),
        s("function", &w.function),
        s("given_name", &w.given_name),
        s("family_name", &w.family_name),
        s("full_name", &w.full_name),
        (!w.aliases.is_empty()).then_some("aliases"),
        s("birth_date", &w.birth_date),
        s("sex", &w.sex),
        s("nationality", &w.nationality),
        s("name", &w.name),
        s("number", &w.number),
        s("country", &w.country),
        s("plate", &w.plate),
        s("vehicle_type", &w.vehicle_type),
        s("make", &w.make),
        s("model", &w.model),
        s("colour", &w.colour),
        s("document_type", &w.document_type),
        s("issuing_state", &w.issuing_state),
        s("expiry_date", &w.expiry_date),
        s("mrz", &w.mrz),
        s("place_type", &w.place_type),
        w.lat.map(|_| "lat"),
        w.lon.map(|_| "lon"),
        s("platform", &w.platform),
        s("handle", &w.handle),
        s("url", &w.url),
        w.amount.as_ref().map(|_| "amount"),
        s("currency", &w.currency),
        s("method", &w.method),
        s("date", &w.date),
    ]
    .into_iter()
    .flatten()
    .collect()
}

fn mention_from_wire(
    w: &WireEntity,
    index: usize,
    reference: MentionRef,
    kind: EntityKind,
    c: &mut Check,
) -> Option<Mention> {
    let at = |field: &str| FieldPath::Entity {
        index,
        field: field.to_owned(),
    };
    let evaluation = c
        .take(at("evaluation"), optional(&w.evaluation, Evaluation::parse))
        .flatten();
    let allowed = fields_of(kind);
    let errors_before = c.errors.len();
    for field in present_fields(w) {
        if !allowed.contains(&field) {
            c.fail(
                at(field),
                format!(
                    "does not apply to a {kind}; a {kind} has {}",
                    allowed.join(", ")
                ),
            );
        } else if w.withheld && field != "role" {
            c.fail(at(field), "a withheld mention carries no identifying fields; remove it or set withheld to false");
        }
    }
    let subject = if w.withheld {
        if kind == EntityKind::Person {
            let role = c.take(at("role"), required(&w.role).and_then(Role::parse));
            role.map(|role| Subject::Withheld(Withheld::Person { role }))
        } else {
            Some(Subject::Withheld(Withheld::Other(kind)))
        }
    } else {
        entity_from_wire(w, kind, &at, c).map(Subject::Disclosed)
    };
    if c.errors.len() > errors_before {
        return None;
    }
    Some(Mention {
        reference,
        subject: subject?,
        evaluation,
    })
}

fn entity_from_wire(
    w: &WireEntity,
    kind: EntityKind,
    at: &dyn Fn(&str) -> FieldPath,
    c: &mut Check,
) -> Option<Entity> {
    let name = |c: &mut Check, field: &str, v: &Option<String>| {
        c.take(at(field), optional(v, |s| values::text(s, MAX_NAME)))
            .flatten()
    };
    let country = |c: &mut Check, field: &str, v: &Option<String>| {
        c.take(at(field), optional(v, Country::parse)).flatten()
    };
    let date = |c: &mut Check, field: &str, v: &Option<String>| {
        c.take(at(field), optional(v, PartialDate::parse)).flatten()
    };
    let aliases = |c: &mut Check, list: &List| -> Vec<String> {
        list.0
            .iter()
            .enumerate()
            .filter_map(|(i, a)| c.take(at(&format!("aliases[{i}]")), values::text(a, MAX_NAME)))
            .collect()
    };
    let entity = match kind {
        EntityKind::Person => {
            let role = c.take(at("role"), required(&w.role).and_then(Role::parse));
            let function = c
                .take(
                    at("function"),
                    optional(&w.function, SuspectFunction::parse),
                )
                .flatten();
            let mut person = role.and_then(|r| c.take(at("function"), Person::new(r, function)))?;
            person.given_name = name(c, "given_name", &w.given_name);
            person.family_name = name(c, "family_name", &w.family_name);
            person.full_name = name(c, "full_name", &w.full_name);
            person.aliases = aliases(c, &w.aliases);
            person.birth_date = date(c, "birth_date", &w.birth_date);
            person.sex = c.take(at("sex"), optional(&w.sex, Sex::parse)).flatten();
            person.nationality = country(c, "nationality", &w.nationality);
            Entity::Person(person)
        }
        EntityKind::Organisation => Entity::Organisation(Organisation {
            name: c.take(
                at("name"),
                required(&w.name).and_then(|s| values::text(s, MAX_NAME)),
            )?,
            aliases: aliases(c, &w.aliases),
        }),
        EntityKind::Phone => {
            let country = country(c, "country", &w.country);
            let number = c.take(
                at("number"),
                required(&w.number).and_then(|n| PhoneNumber::parse(n, country)),
            )?;
            Entity::Phone(Phone { number, country })
        }
        EntityKind::Vehicle => Entity::Vehicle(Vehicle {
            plate: c
                .take(at("plate"), optional(&w.plate, Plate::parse))
                .flatten(),
            country: country(c, "country", &w.country),
            vehicle_type: c
                .take(
                    at("vehicle_type"),
                    optional(&w.vehicle_type, VehicleType::parse),
                )
                .flatten(),
            make: name(c, "make", &w.make),
            model: name(c, "model", &w.model),
            colour: name(c, "colour", &w.colour),
        }),
        EntityKind::Document => Entity::Document(TravelDocument {
            document_type: c.take(
                at("document_type"),
                required(&w.document_type).and_then(DocumentType::parse),
            )?,
            number: c.take(
                at("number"),
                required(&w.number).and_then(DocumentNumber::parse),
            )?,
            issuing_state: country(c, "issuing_state", &w.issuing_state),
            expiry_date: date(c, "expiry_date", &w.expiry_date),
            mrz: c
                .take(at("mrz"), optional(&w.mrz, values::mrz_lines))
                .flatten(),
        }),
        EntityKind::Place => {
            let coordinates = match (w.lat, w.lon) {
                (Some(lat), Some(lon)) => c.take(at("lat"), Coordinates::new(lat, lon)),
                (None, None) => None,
                _ => {
                    c.fail(
                        at(if w.lat.is_some() { "lon" } else { "lat" }),
                        "lat and lon come together; give both or neither",
                    );
                    None
                }
            };
            Entity::Place(Place {
                name: c.take(
                    at("name"),
                    required(&w.name).and_then(|s| values::text(s, MAX_NAME)),
                )?,
                country: country(c, "country", &w.country),
                place_type: c
                    .take(at("place_type"), optional(&w.place_type, PlaceType::parse))
                    .flatten(),
                coordinates,
            })
        }
        EntityKind::Account => Entity::Account(OnlineAccount {
            platform: c.take(
                at("platform"),
                required(&w.platform)
                    .and_then(|p| values::text(p, 60))
                    .map(|p| p.to_lowercase()),
            )?,
            handle: c.take(at("handle"), required(&w.handle).and_then(values::handle))?,
            url: c
                .take(at("url"), optional(&w.url, |u| values::text(u, 2000)))
                .flatten(),
        }),
        EntityKind::Payment => {
            let amount = w
                .amount
                .as_ref()
                .map(|a| a.0.as_str())
                .ok_or_else(|| "is missing; this field is required".to_owned());
            let currency = c.take(at("currency"), required(&w.currency).map(str::to_owned));
            let money = match (amount, currency) {
                (Err(e), _) => {
                    c.fail(at("amount"), e);
                    None
                }
                (Ok(a), Some(cur)) => {
                    let field = if Money::parse(a, "EUR").is_err() {
                        "amount"
                    } else {
                        "currency"
                    };
                    c.take(at(field), Money::parse(a, &cur))
                }
                (Ok(_), None) => None,
            };
            Entity::Payment(Payment {
                money: money?,
                method: c
                    .take(at("method"), optional(&w.method, PaymentMethod::parse))
                    .flatten(),
                date: date(c, "date", &w.date),
            })
        }
    };
    Some(entity)
}

fn link_from_wire(
    w: &WireLink,
    index: usize,
    kinds: &BTreeMap<MentionRef, EntityKind>,
    c: &mut Check,
) -> Option<Link> {
    let at = |field: &str| FieldPath::Link {
        index,
        field: field.to_owned(),
    };
    let end = |field: &str, v: &Option<String>| {
        required(v)
            .and_then(MentionRef::parse)
            .and_then(|r| match kinds.get(&r) {
                Some(k) => Ok((r, *k)),
                None => Err(format!("no entity of this report has ref {r}")),
            })
            .map_err(|e| (at(field), e))
    };
    let from = end("from", &w.from).map_err(|(p, e)| c.fail(p, e)).ok();
    let to = end("to", &w.to).map_err(|(p, e)| c.fail(p, e)).ok();
    let kind = c.take(at("type"), required(&w.link_type).and_then(LinkKind::parse));
    let at_date = c
        .take(at("at"), optional(&w.at, PartialDate::parse))
        .flatten();
    let evaluation = c
        .take(at("evaluation"), optional(&w.evaluation, Evaluation::parse))
        .flatten();
    let note = c
        .take(at("note"), optional(&w.note, |s| values::text(s, MAX_TEXT)))
        .flatten();
    let ((from, from_kind), (to, to_kind), kind) = (from?, to?, kind?);
    if from == to {
        c.fail(
            at("to"),
            "a link joins two different entities; from and to are the same",
        );
        return None;
    }
    if !kind.allows(from_kind, to_kind) {
        c.fail(
            at("type"),
            format!(
                "{kind} runs {}, not from a {from_kind} to a {to_kind}",
                kind.expects()
            ),
        );
        return None;
    }
    Some(Link {
        from,
        to,
        kind,
        at: at_date,
        evaluation,
        note,
    })
}

fn mention_to_wire(m: &Mention) -> WireEntity {
    let mut w = WireEntity {
        reference: Some(m.reference.to_string()),
        entity_type: Some(m.subject.kind().to_string()),
        evaluation: m.evaluation.map(|e| e.to_string()),
        ..WireEntity::default()
    };
    let s = |v: &Option<String>| v.clone();
    let c = |v: &Option<Country>| v.map(|c| c.to_string());
    match &m.subject {
        Subject::Withheld(withheld) => {
            w.withheld = true;
            if let Withheld::Person { role } = withheld {
                w.role = Some(role.to_string());
            }
        }
        Subject::Disclosed(Entity::Person(p)) => {
            w.role = Some(p.role().to_string());
            w.function = p.function().map(|f| f.to_string());
            w.given_name = s(&p.given_name);
            w.family_name = s(&p.family_name);
            w.full_name = s(&p.full_name);
            w.aliases = List(p.aliases.clone());
            w.birth_date = p.birth_date.map(|d| d.to_string());
            w.sex = p.sex.map(|x| x.to_string());
            w.nationality = c(&p.nationality);
        }
        Subject::Disclosed(Entity::Organisation(o)) => {
            w.name = Some(o.name.clone());
            w.aliases = List(o.aliases.clone());
        }
        Subject::Disclosed(Entity::Phone(p)) => {
            w.number = Some(p.number.written().to_owned());
            w.country = c(&p.country);
        }
        Subject::Disclosed(Entity::Vehicle(v)) => {
            w.plate = v.plate.as_ref().map(|p| p.written().to_owned());
            w.country = c(&v.country);
            w.vehicle_type = v.vehicle_type.map(|t| t.to_string());
            w.make = s(&v.make);
            w.model = s(&v.model);
            w.colour = s(&v.colour);
        }
        Subject::Disclosed(Entity::Document(d)) => {
            w.document_type = Some(d.document_type.to_string());
            w.number = Some(d.number.as_str().to_owned());
            w.issuing_state = c(&d.issuing_state);
            w.expiry_date = d.expiry_date.map(|x| x.to_string());
            w.mrz = d.mrz.as_ref().map(|lines| lines.join("\n"));
        }
        Subject::Disclosed(Entity::Place(p)) => {
            w.name = Some(p.name.clone());
            w.country = c(&p.country);
            w.place_type = p.place_type.map(|t| t.to_string());
            w.lat = p.coordinates.map(|x| x.lat());
            w.lon = p.coordinates.map(|x| x.lon());
        }
        Subject::Disclosed(Entity::Account(a)) => {
            w.platform = Some(a.platform.clone());
            w.handle = Some(a.handle.clone());
            w.url = s(&a.url);
        }
        Subject::Disclosed(Entity::Payment(p)) => {
            w.amount = Some(Decimal(p.money.amount()));
            w.currency = Some(p.money.currency().to_owned());
            w.method = p.method.map(|m| m.to_string());
            w.date = p.date.map(|d| d.to_string());
        }
    }
    w
}

fn link_to_wire(l: &Link) -> WireLink {
    WireLink {
        report_id: None,
        from: Some(l.from.to_string()),
        to: Some(l.to.to_string()),
        link_type: Some(l.kind.to_string()),
        at: l.at.map(|d| d.to_string()),
        evaluation: l.evaluation.map(|e| e.to_string()),
        note: l.note.clone(),
    }
}
