//! FollowTheMoney (FtM) output: a report's mentions and links as FtM
//! entities (JSON Lines, one `{"id", "schema", "properties"}` object a
//! line) or as FtM statements (CSV, one property value a row), the formats
//! Aleph, OpenSanctions' tools and `ftm` read.
//!
//! Mapping: person → `Person`; organisation → `Organization`; vehicle →
//! `Vehicle`; passport → `Passport`, other documents → `Identification`
//! (with `holder` from `holds_document`); place → `Address`; account →
//! `UserAccount` (`owner` from `uses_account`); payment → `Payment`
//! (`payer` from `paid`, `beneficiary` from `paid_to`). A phone has no FtM
//! schema: its number becomes the `phone` property of whoever `uses_phone`
//! it, and `called` becomes a `Call`. `member_of` → `Membership`,
//! `associate_of` → `Associate`; `smuggled`, `travelled_with`, `drives`
//! and `seen_at` → `UnknownLink` with the link type as `role`. Countries are
//! FtM's lower-case ISO alpha-2 codes. A withheld mention is an entity with
//! no properties but its kind.
//!
//! Provenance travels with every entity and statement: each JSON entity
//! carries `"corridor": {report, agency, occurred_at, evaluation, handling,
//! releasable_to, role}` beside FtM's keys (tools ignore unknown top-level
//! keys), and each CSV row ends with `report,agency,evaluation,handling`.
//! The evaluation is the statement's own when the report grades it apart.
//!
//! What goes in is what the caller decided may go out: this module writes a
//! report as given, and `share` decides which view of it that is.

use std::collections::BTreeMap;
use std::io::Write;

use corridor_model::{Country, Report};
use serde_json::{json, Map, Value};

/// FtM's header for statement CSV, then Corridor's provenance columns.
pub const CSV_HEADER: [&str; 17] = [
    "id",
    "entity_id",
    "canonical_id",
    "prop",
    "prop_type",
    "schema",
    "value",
    "dataset",
    "lang",
    "original_value",
    "external",
    "first_seen",
    "last_seen",
    "report",
    "agency",
    "evaluation",
    "handling",
];

const DATASET: &str = "corridor";

/// One FtM entity being built: schema, properties, provenance.
struct Ftm {
    id: String,
    schema: &'static str,
    props: BTreeMap<&'static str, Vec<String>>,
    evaluation: Option<String>,
    role: Option<String>,
}

impl Ftm {
    fn new(id: String, schema: &'static str) -> Ftm {
        Ftm {
            id,
            schema,
            props: BTreeMap::new(),
            evaluation: None,
            role: None,
        }
    }

    fn add(&mut self, prop: &'static str, value: Option<String>) {
        if let Some(v) = value.filter(|v| !v.trim().is_empty()) {
            let values = self.props.entry(prop).or_default();
            if !values.contains(&v) {
                values.push(v);
            }
        }
    }
}

fn text(v: &Value, key: &str) -> Option<String> {
    match &v[key] {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn country(v: &Value, key: &str) -> Option<String> {
    text(v, key).map(|c| {
        Country::parse(&c)
            .ok()
            .and_then(|c| c.alpha2())
            .map(str::to_ascii_lowercase)
            .unwrap_or_else(|| c.to_ascii_lowercase())
    })
}

/// An FtM id for a mention: report and ref, in FtM's id alphabet.
fn entity_id(report: &str, reference: &str) -> String {
    format!("{report}-{reference}")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// The report's mentions and links as FtM entities.
fn build(report: &Report) -> Vec<Ftm> {
    let wire = serde_json::to_value(report.to_wire()).expect("wire reports always serialise");
    let rid = report.id.as_str();
    let mut out: Vec<Ftm> = Vec::new();
    let mut by_ref: BTreeMap<String, usize> = BTreeMap::new();
    let mut phones: BTreeMap<String, String> = BTreeMap::new();
    for e in wire["entities"].as_array().into_iter().flatten() {
        let Some(r) = text(e, "ref") else { continue };
        let kind = text(e, "type").unwrap_or_default();
        if kind == "phone" {
            if let Some(n) = text(e, "number") {
                phones.insert(r, n);
            }
            continue;
        }
        let schema = match kind.as_str() {
            "person" => "Person",
            "organisation" => "Organization",
            "vehicle" => "Vehicle",
            "document" if text(e, "document_type").as_deref() == Some("passport") => "Passport",
            "document" => "Identification",
            "place" => "Address",
            "account" => "UserAccount",
            "payment" => "Payment",
            _ => "Thing",
        };
        let mut f = Ftm::new(entity_id(rid, &r), schema);
        f.evaluation = text(e, "evaluation");
        f.role = text(e, "role");
        match kind.as_str() {
            "person" => {
                let composed = match (text(e, "given_name"), text(e, "family_name")) {
                    (Some(g), Some(s)) => Some(format!("{g} {s}")),
                    (g, s) => g.or(s),
                };
                f.add("name", text(e, "full_name").or(composed));
                f.add("firstName", text(e, "given_name"));
                f.add("lastName", text(e, "family_name"));
                for a in e["aliases"].as_array().into_iter().flatten() {
                    f.add("alias", a.as_str().map(str::to_owned));
                }
                f.add("birthDate", text(e, "birth_date"));
                f.add(
                    "gender",
                    text(e, "sex").map(|s| {
                        match s.as_str() {
                            "M" => "male",
                            "F" => "female",
                            _ => "other",
                        }
                        .to_owned()
                    }),
                );
                f.add("nationality", country(e, "nationality"));
            }
            "organisation" => {
                f.add("name", text(e, "name"));
                for a in e["aliases"].as_array().into_iter().flatten() {
                    f.add("alias", a.as_str().map(str::to_owned));
                }
            }
            "vehicle" => {
                f.add("registrationNumber", text(e, "plate"));
                f.add("type", text(e, "vehicle_type"));
                let model = match (text(e, "make"), text(e, "model")) {
                    (Some(a), Some(b)) => Some(format!("{a} {b}")),
                    (a, b) => a.or(b),
                };
                f.add("model", model);
                f.add("country", country(e, "country"));
                f.add("name", text(e, "plate"));
            }
            "document" => {
                f.add("number", text(e, "number"));
                f.add("type", text(e, "document_type"));
                f.add("country", country(e, "issuing_state"));
                f.add("endDate", text(e, "expiry_date"));
            }
            "place" => {
                f.add("full", text(e, "name"));
                f.add("country", country(e, "country"));
                f.add("latitude", text(e, "lat"));
                f.add("longitude", text(e, "lon"));
            }
            "account" => {
                f.add("username", text(e, "handle"));
                f.add("service", text(e, "platform"));
                f.add("website", text(e, "url"));
            }
            "payment" => {
                f.add("amount", text(e, "amount"));
                f.add("currency", text(e, "currency"));
                f.add("date", text(e, "date"));
                f.add("purpose", text(e, "method"));
            }
            _ => {}
        }
        by_ref.insert(r, out.len());
        out.push(f);
    }
    for (n, l) in wire["links"].as_array().into_iter().flatten().enumerate() {
        let (Some(from), Some(to), Some(kind)) = (text(l, "from"), text(l, "to"), text(l, "type"))
        else {
            continue;
        };
        let id = |r: &str| entity_id(rid, r);
        let mut set = |r: &str, prop: &'static str, value: String| {
            if let Some(&i) = by_ref.get(r) {
                out[i].add(prop, Some(value));
            }
        };
        let interval = match kind.as_str() {
            "uses_phone" => {
                if let Some(number) = phones.get(&to) {
                    set(&from, "phone", number.clone());
                }
                None
            }
            "holds_document" => {
                set(&to, "holder", id(&from));
                None
            }
            "uses_account" => {
                set(&to, "owner", id(&from));
                None
            }
            "paid" => {
                set(&to, "payer", id(&from));
                None
            }
            "paid_to" => {
                set(&from, "beneficiary", id(&to));
                None
            }
            "member_of" => Some(("Membership", "member", "organization")),
            "associate_of" => Some(("Associate", "person", "associate")),
            "called" => Some(("Call", "callerNumber", "receiverNumber")),
            _ => Some(("UnknownLink", "subject", "object")),
        };
        let Some((schema, a, b)) = interval else {
            continue;
        };
        let mut f = Ftm::new(format!("{}-link-{n}", entity_id(rid, "")), schema);
        if schema == "Call" {
            f.add(a, phones.get(&from).cloned());
            f.add(b, phones.get(&to).cloned());
        } else {
            f.add(a, Some(id(&from)));
            f.add(b, Some(id(&to)));
        }
        if schema == "UnknownLink" || schema == "Associate" {
            f.add("role", Some(kind.replace('_', " ")));
        }
        f.add(
            if schema == "Call" {
                "date"
            } else {
                "startDate"
            },
            text(l, "at"),
        );
        f.add("summary", text(l, "note"));
        f.evaluation = text(l, "evaluation");
        out.push(f);
    }
    out
}

/// The report as FtM entity objects, each with Corridor's provenance.
pub fn entities(report: &Report) -> Vec<Value> {
    let releasable: Vec<String> = report
        .releasable_to
        .partners()
        .map(|a| a.to_string())
        .collect();
    build(report)
        .into_iter()
        .map(|f| {
            let props: Map<String, Value> = f
                .props
                .into_iter()
                .map(|(k, v)| (k.to_owned(), json!(v)))
                .collect();
            json!({
                "id": f.id,
                "schema": f.schema,
                "properties": props,
                "datasets": [DATASET],
                "corridor": {
                    "report": report.id.as_str(),
                    "agency": report.agency.as_str(),
                    "occurred_at": report.occurred_at.to_string(),
                    "evaluation": f.evaluation.unwrap_or_else(|| report.evaluation.to_string()),
                    "handling": report.handling.code(),
                    "releasable_to": releasable,
                    "role": f.role,
                }
            })
        })
        .collect()
}

/// Writes the report's FtM entities as JSON Lines.
pub fn write_jsonl(out: &mut dyn Write, report: &Report) -> std::io::Result<()> {
    for e in entities(report) {
        serde_json::to_writer(&mut *out, &e)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// FtM's type of a property, as its statement CSV names it.
fn prop_type(prop: &str) -> &'static str {
    match prop {
        "name" | "firstName" | "lastName" | "alias" => "name",
        "birthDate" | "endDate" | "startDate" | "date" => "date",
        "nationality" | "country" => "country",
        "gender" => "gender",
        "phone" | "callerNumber" | "receiverNumber" => "phone",
        "holder" | "owner" | "payer" | "beneficiary" | "member" | "organization" | "person"
        | "associate" | "subject" | "object" => "entity",
        "number" | "registrationNumber" => "identifier",
        "amount" | "latitude" | "longitude" => "number",
        "website" => "url",
        _ => "string",
    }
}

/// Writes the report's statements as CSV rows (the header is
/// [`CSV_HEADER`], written once by the caller).
pub fn write_csv_rows<W: Write>(out: &mut csv::Writer<W>, report: &Report) -> csv::Result<()> {
    use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
    for e in entities(report) {
        let id = e["id"].as_str().unwrap_or_default();
        let schema = e["schema"].as_str().unwrap_or_default();
        let evaluation = e["corridor"]["evaluation"].as_str().unwrap_or_default();
        let props = e["properties"].as_object().cloned().unwrap_or_default();
        for (prop, values) in props {
            for value in values.as_array().into_iter().flatten() {
                let value = value.as_str().unwrap_or_default();
                let statement = format!(
                    "{:016x}",
                    BuildHasherDefault::<DefaultHasher>::default().hash_one((
                        id,
                        prop.as_str(),
                        value
                    ))
                );
                out.write_record([
                    statement.as_str(),
                    id,
                    id,
                    prop.as_str(),
                    prop_type(&prop),
                    schema,
                    value,
                    DATASET,
                    "",
                    "",
                    "false",
                    "",
                    "",
                    report.id.as_str(),
                    report.agency.as_str(),
                    evaluation,
                    report.handling.code(),
                ])?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(json: &str) -> Report {
        let wire: corridor_model::wire::WireReport = serde_json::from_str(json).unwrap();
        Report::from_wire(&wire, &|_| true).unwrap()
    }

    #[test]
    fn every_kind_maps_to_its_schema_with_provenance() {
        let r = report(
            include_str!("../tests/data/jsonl/valid_every_kind.jsonl")
                .lines()
                .next()
                .unwrap(),
        );
        let es = entities(&r);
        let by_id = |suffix: &str| {
            es.iter()
                .find(|e| e["id"].as_str().unwrap().ends_with(suffix))
                .unwrap_or_else(|| panic!("no {suffix}"))
                .clone()
        };
        let p1 = by_id("-p1");
        assert_eq!(p1["schema"], "Person");
        assert_eq!(p1["properties"]["nationality"], json!(["sy"]));
        assert_eq!(p1["properties"]["birthDate"], json!(["1987-07-03"]));
        assert!(p1["properties"]["phone"][0]
            .as_str()
            .unwrap()
            .contains("123"));
        assert_eq!(p1["corridor"]["evaluation"], "B2");
        assert_eq!(p1["corridor"]["handling"], "H3");
        assert_eq!(by_id("-d1")["schema"], "Passport");
        assert_eq!(by_id("-d1")["properties"]["holder"], json!([p1["id"]]));
        assert_eq!(by_id("-o1")["schema"], "Organization");
        assert_eq!(by_id("-v1")["schema"], "Vehicle");
        assert_eq!(by_id("-pl1")["schema"], "Address");
        assert_eq!(by_id("-a1")["schema"], "UserAccount");
        assert_eq!(by_id("-pay1")["properties"]["payer"], json!([p1["id"]]));
        let schemas: Vec<&str> = es.iter().map(|e| e["schema"].as_str().unwrap()).collect();
        for s in ["Membership", "Associate", "Call", "UnknownLink"] {
            assert!(schemas.contains(&s), "{s} missing from {schemas:?}");
        }
        let smuggled = es
            .iter()
            .find(|e| e["properties"]["role"] == json!(["smuggled"]))
            .unwrap();
        assert_eq!(
            smuggled["corridor"]["evaluation"], "1/A/P",
            "the link's own grade"
        );
        let mut csv = csv::Writer::from_writer(Vec::new());
        csv.write_record(CSV_HEADER).unwrap();
        write_csv_rows(&mut csv, &r).unwrap();
        let text = String::from_utf8(csv.into_inner().unwrap()).unwrap();
        assert!(text
            .lines()
            .any(|l| l.contains(",nationality,country,Person,sy,corridor,")));
        assert!(text.lines().skip(1).all(|l| l.ends_with(",H3")));
    }
}
