//! CSV: one file per kind of record. A report's row is in a reports file;
//! its entities and links are rows of other files that name it in
//! `report_id`. Files may come in any order, so rows are gathered first and
//! reports assembled and validated once every file of a run is read.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use corridor_model::wire::{WireEntity, WireLink, WireReport};
use corridor_model::{fields_of, AgencyCode, EntityKind, FieldPath, Report};

use crate::{Origin, Problem};

/// What one CSV file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvKind {
    Reports,
    Entities(EntityKind),
    Links,
}

const REPORT_COLUMNS: &[&str] = &[
    "id",
    "kind",
    "agency",
    "occurred_at",
    "recorded_at",
    "evaluation",
    "handling",
    "handling_restriction",
    "releasable_to",
    "summary",
];
const ENTITY_COMMON_COLUMNS: &[&str] = &["report_id", "ref", "withheld", "evaluation"];
const LINK_COLUMNS: &[&str] = &[
    "report_id",
    "from",
    "to",
    "type",
    "at",
    "evaluation",
    "note",
];

impl CsvKind {
    pub const ALL: &'static [CsvKind] = &[
        CsvKind::Reports,
        CsvKind::Entities(EntityKind::Person),
        CsvKind::Entities(EntityKind::Organisation),
        CsvKind::Entities(EntityKind::Phone),
        CsvKind::Entities(EntityKind::Vehicle),
        CsvKind::Entities(EntityKind::Document),
        CsvKind::Entities(EntityKind::Place),
        CsvKind::Entities(EntityKind::Account),
        CsvKind::Entities(EntityKind::Payment),
        CsvKind::Links,
    ];

    /// The plural that names files of this kind.
    pub fn name(self) -> &'static str {
        match self {
            CsvKind::Reports => "reports",
            CsvKind::Links => "links",
            CsvKind::Entities(kind) => match kind {
                EntityKind::Person => "persons",
                EntityKind::Organisation => "organisations",
                EntityKind::Phone => "phones",
                EntityKind::Vehicle => "vehicles",
                EntityKind::Document => "documents",
                EntityKind::Place => "places",
                EntityKind::Account => "accounts",
                EntityKind::Payment => "payments",
            },
        }
    }

    /// The kind named by a file stem: `persons`, or a prefix joined by `.`,
    /// `_` or `-` (`srb-2025-03.persons`).
    pub fn from_stem(stem: &str) -> Option<CsvKind> {
        CsvKind::ALL.iter().copied().find(|k| {
            let name = k.name();
            stem == name
                || stem.strip_suffix(name).is_some_and(|prefix| {
                    prefix.ends_with('.') || prefix.ends_with('_') || prefix.ends_with('-')
                })
        })
    }

    /// The columns a file of this kind may have, in documented order.
    pub fn columns(self) -> Vec<&'static str> {
        match self {
            CsvKind::Reports => REPORT_COLUMNS.to_vec(),
            CsvKind::Links => LINK_COLUMNS.to_vec(),
            CsvKind::Entities(kind) => {
                let mut cols = ENTITY_COMMON_COLUMNS.to_vec();
                cols.extend_from_slice(fields_of(kind));
                cols
            }
        }
    }

    fn key_column(self) -> &'static str {
        match self {
            CsvKind::Reports => "id",
            _ => "report_id",
        }
    }
}

#[derive(Default)]
struct Pending {
    report: Option<(WireReport, Origin)>,
    entities: Vec<(WireEntity, Origin)>,
    links: Vec<(WireLink, Origin)>,
}

/// The rows of the CSV files of one run, gathered by report.
#[derive(Default)]
pub struct CsvSet {
    pending: HashMap<String, Pending>,
    /// Report ids in the order their first row was read.
    order: Vec<String>,
}

impl CsvSet {
    /// Reads one CSV file's rows. Returns the problems found in it.
    pub fn read(
        &mut self,
        path: &Path,
        kind: CsvKind,
        input: impl Read,
        progress: &mut dyn FnMut(u64),
    ) -> Vec<Problem> {
        let file = path.display().to_string();
        let mut problems = Vec::new();
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(input);
        let header_origin = Origin {
            file: file.clone(),
            line: 1,
        };
        let headers = match rdr.headers() {
            Ok(h) => h.clone(),
            Err(e) => {
                problems.push(Problem::at(&header_origin, None, csv_message(&e)));
                return problems;
            }
        };
        let allowed = kind.columns();
        for (i, h) in headers.iter().enumerate() {
            if !allowed.contains(&h) {
                problems.push(Problem::at(
                    &header_origin,
                    Some(h.to_owned()),
                    format!(
                        "is not a column of a {} file; its columns are {}",
                        kind.name(),
                        allowed.join(", ")
                    ),
                ));
            } else if headers.iter().take(i).any(|earlier| earlier == h) {
                problems.push(Problem::at(
                    &header_origin,
                    Some(h.to_owned()),
                    "appears twice in the header",
                ));
            }
        }
        if !headers.iter().any(|h| h == kind.key_column()) {
            problems.push(Problem::at(
                &header_origin,
                Some(kind.key_column().to_owned()),
                format!(
                    "column is missing; a {} file needs it in its header",
                    kind.name()
                ),
            ));
        }
        if !problems.is_empty() {
            return problems;
        }
        for record in rdr.records() {
            let record = match record {
                Ok(r) => r,
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line());
                    problems.push(Problem::at(
                        &Origin {
                            file: file.clone(),
                            line,
                        },
                        None,
                        csv_message(&e),
                    ));
                    if e.is_io_error() {
                        break;
                    }
                    continue;
                }
            };
            let origin = Origin {
                file: file.clone(),
                line: record.position().map_or(0, |p| p.line()),
            };
            if let Some(p) = record.position() {
                progress(p.byte());
            }
            if let Err(p) = self.add_row(kind, &headers, &record, origin) {
                problems.push(p);
            }
        }
        problems
    }

    fn add_row(
        &mut self,
        kind: CsvKind,
        headers: &csv::StringRecord,
        record: &csv::StringRecord,
        origin: Origin,
    ) -> Result<(), Problem> {
        let column_error = |e: csv::Error| {
            let field = match e.kind() {
                csv::ErrorKind::Deserialize { err, .. } => err
                    .field()
                    .and_then(|i| headers.get(i as usize))
                    .map(str::to_owned),
                _ => None,
            };
            Problem::at(&origin, field, csv_message(&e))
        };
        let key_missing = |column: &str| {
            Problem::at(
                &origin,
                Some(column.to_owned()),
                "is empty; every row names its report",
            )
        };
        match kind {
            CsvKind::Reports => {
                let wire: WireReport = record.deserialize(Some(headers)).map_err(column_error)?;
                let id = wire.id.clone().ok_or_else(|| key_missing("id"))?;
                let pending = self.entry(&id);
                if let Some((_, first)) = &pending.report {
                    return Err(Problem::at(
                        &origin,
                        Some("id".into()),
                        format!("report {id} is already defined at {first}; a report has one row"),
                    ));
                }
                pending.report = Some((wire, origin));
            }
            CsvKind::Entities(entity_kind) => {
                let mut wire: WireEntity =
                    record.deserialize(Some(headers)).map_err(column_error)?;
                wire.entity_type = Some(entity_kind.to_string());
                let id = wire
                    .report_id
                    .clone()
                    .ok_or_else(|| key_missing("report_id"))?;
                self.entry(&id).entities.push((wire, origin));
            }
            CsvKind::Links => {
                let wire: WireLink = record.deserialize(Some(headers)).map_err(column_error)?;
                let id = wire
                    .report_id
                    .clone()
                    .ok_or_else(|| key_missing("report_id"))?;
                self.entry(&id).links.push((wire, origin));
            }
        }
        Ok(())
    }

    fn entry(&mut self, id: &str) -> &mut Pending {
        if !self.pending.contains_key(id) {
            self.order.push(id.to_owned());
        }
        self.pending.entry(id.to_owned()).or_default()
    }

    /// Assembles and validates the gathered reports, handing each valid one
    /// to `sink`. Returns the problems, located at the rows they are in.
    pub fn finish(
        self,
        known_agency: &dyn Fn(&AgencyCode) -> bool,
        sink: &mut dyn FnMut(Report, &Origin) -> Result<(), String>,
    ) -> Vec<Problem> {
        let CsvSet { mut pending, order } = self;
        let mut problems = Vec::new();
        for id in order {
            let Some(Pending {
                report,
                entities,
                links,
            }) = pending.remove(&id)
            else {
                continue;
            };
            let Some((mut wire, report_origin)) = report else {
                let orphan = |origin: &Origin| {
                    Problem::at(
                        origin,
                        Some("report_id".into()),
                        format!(
                            "report {id} is not in any reports CSV file of this run; \
                         import a report's row together with its entities and links"
                        ),
                    )
                };
                problems.extend(entities.iter().map(|(_, o)| orphan(o)));
                problems.extend(links.iter().map(|(_, o)| orphan(o)));
                continue;
            };
            let (entity_rows, entity_origins): (Vec<_>, Vec<_>) = entities.into_iter().unzip();
            let (link_rows, link_origins): (Vec<_>, Vec<_>) = links.into_iter().unzip();
            wire.entities = entity_rows;
            wire.links = link_rows;
            match Report::from_wire(&wire, known_agency) {
                Ok(report) => {
                    if let Err(message) = sink(report, &report_origin) {
                        problems.push(Problem::at(&report_origin, None, message));
                    }
                }
                Err(errors) => problems.extend(errors.into_iter().map(|e| {
                    let origin = match &e.path {
                        FieldPath::Report(_) => &report_origin,
                        FieldPath::Entity { index, .. } => &entity_origins[*index],
                        FieldPath::Link { index, .. } => &link_origins[*index],
                    };
                    Problem::at(origin, Some(e.path.field().to_owned()), e.message)
                })),
            }
        }
        problems
    }
}

/// The csv crate's message without the position it repeats (we give it).
fn csv_message(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Deserialize { err, .. } => err.kind().to_string(),
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!(
            "has {len} fields but the header has {expected_len}; quote fields that contain commas"
        ),
        csv::ErrorKind::Utf8 { .. } => "is not valid UTF-8; save the file as UTF-8".into(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_told_from_names() {
        assert_eq!(
            CsvKind::from_stem("persons"),
            Some(CsvKind::Entities(EntityKind::Person))
        );
        assert_eq!(CsvKind::from_stem("srb-2025.links"), Some(CsvKind::Links));
        assert_eq!(CsvKind::from_stem("srb_reports"), Some(CsvKind::Reports));
        assert_eq!(CsvKind::from_stem("xpersons"), None);
        assert_eq!(CsvKind::from_stem("people"), None);
    }
}
