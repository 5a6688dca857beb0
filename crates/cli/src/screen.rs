//! `corridor screen`: fraud indicators on travel documents — every document
//! in the store, or one given on the command line. The screening itself is
//! `corridor_docs::screen`; this module gathers the documents, keeps
//! protected people's documents out of view unless asked, and presents the
//! findings. The JSON written by `--json` is documented in
//! `docs/screening.md`.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use corridor_docs::date::Date;
use corridor_docs::national::Sex as NumberSex;
use corridor_docs::screen::{
    screen, DocumentKind, Finding, Holder, PartialDate, Severity, Sighting,
};
use corridor_docs::stolen_lost::StolenLostList;
use corridor_model::entity::{DocumentType, Sex};
use corridor_model::{Entity, LinkKind, Person, Report, Subject, TravelDocument};
use corridor_store::Store;
use serde::Serialize;

use crate::mrz::{parse_date, today};

#[derive(clap::Args)]
#[command(group(
    clap::ArgGroup::new("document")
        .args(["mrz", "mrz_file", "number"])
        .multiple(true)
))]
pub struct Args {
    /// Write every finding shown as JSON to this file (format: docs/screening.md).
    #[arg(long, value_name = "FILE")]
    json: Option<PathBuf>,
    /// A stolen and lost document list: CSV with a header, at least document_number
    /// (issuing_state, document_type, reported_on, status are read when present).
    #[arg(long, value_name = "FILE")]
    stolen_lost: Option<PathBuf>,
    /// Show only findings of at least this severity: low, medium or high.
    #[arg(long, default_value = "low", value_parser = parse_severity)]
    min_severity: Severity,
    /// Show the findings on documents that identify protected people (victims,
    /// witnesses, informants, returnees); by default they are only counted.
    #[arg(long)]
    include_protected: bool,

    /// Screen this zone instead of the store: its lines joined by a line feed or
    /// by the two characters \n, or one --mrz per line.
    #[arg(long, value_name = "LINE")]
    mrz: Vec<String>,
    /// Screen the zone in this file instead of the store (its lines as they are;
    /// a final line break is ignored).
    #[arg(long, value_name = "FILE", conflicts_with = "mrz")]
    mrz_file: Option<PathBuf>,
    /// The document number as printed on the data page.
    #[arg(long)]
    number: Option<String>,
    /// passport, identity_card, visa, residence_permit, travel_document or other.
    #[arg(long, requires = "document", value_parser = parse_kind)]
    document_type: Option<DocumentKind>,
    /// The issuing state as printed (three letters, such as SRB).
    #[arg(long, requires = "document", value_parser = parse_country)]
    issuing_state: Option<String>,
    /// The date of expiry as printed (2031-04-30, 30.04.2031, 2031-04…).
    #[arg(long, requires = "document", value_parser = parse_partial_date)]
    expiry_date: Option<PartialDate>,
    /// The holder's given names, in any script.
    #[arg(long, requires = "document")]
    given_name: Option<String>,
    /// The holder's surname, in any script.
    #[arg(long, requires = "document")]
    family_name: Option<String>,
    /// The holder's whole name when it is not known which part is which.
    #[arg(long, requires = "document")]
    name: Option<String>,
    /// The holder's date of birth (1987-07-03, 03.07.1987, 1987…).
    #[arg(long, requires = "document", value_parser = parse_partial_date)]
    birth_date: Option<PartialDate>,
    /// M, F or X.
    #[arg(long, requires = "document", value_parser = parse_sex)]
    sex: Option<DeclaredSex>,
    /// The holder's nationality (three letters, such as AFG).
    #[arg(long, requires = "document", value_parser = parse_country)]
    nationality: Option<String>,
    /// A JMBG or EGN the holder declared.
    #[arg(long, requires = "document")]
    national_number: Option<String>,
    /// The date the document is screened as of: expiry and the century of two-digit
    /// years (YYYY-MM-DD; default today). Only for a document given on the command line.
    #[arg(long, requires = "document", value_parser = parse_date)]
    as_of: Option<Date>,
}

fn parse_severity(text: &str) -> Result<Severity, String> {
    Severity::parse(text).ok_or_else(|| format!("expected low, medium or high, found {text:?}"))
}

fn parse_kind(text: &str) -> Result<DocumentKind, String> {
    let t = DocumentType::parse(text)?;
    DocumentKind::parse(t.as_str()).ok_or_else(|| format!("unknown document type {text:?}"))
}

fn parse_country(text: &str) -> Result<String, String> {
    corridor_model::Country::parse(text).map(|c| c.as_str().to_owned())
}

fn parse_partial_date(text: &str) -> Result<PartialDate, String> {
    let d = corridor_model::values::PartialDate::parse(text)?;
    partial(d).ok_or_else(|| format!("{text:?} is not a date"))
}

/// A sex as declared: `X` (unspecified) is not compared.
#[derive(Debug, Clone, Copy)]
struct DeclaredSex(Option<NumberSex>);

fn parse_sex(text: &str) -> Result<DeclaredSex, String> {
    Sex::parse(text).map(|s| DeclaredSex(number_sex(s)))
}

fn partial(d: corridor_model::values::PartialDate) -> Option<PartialDate> {
    PartialDate::new(d.year(), d.month(), d.day())
}

fn number_sex(s: Sex) -> Option<NumberSex> {
    match s {
        Sex::Male => Some(NumberSex::Male),
        Sex::Female => Some(NumberSex::Female),
        Sex::Unspecified => None,
    }
}

/// What the table and the JSON say about one screened document besides its
/// findings.
#[derive(Debug, Clone)]
struct Seen {
    report_id: Option<String>,
    mention: Option<String>,
    agency: Option<String>,
    kind: Option<DocumentKind>,
    number: Option<String>,
    issuing_state: Option<String>,
    protected: bool,
}

/// Documents gathered for screening, with what the summary counts.
#[derive(Default)]
struct Gathered {
    sightings: Vec<Sighting>,
    seen: Vec<Seen>,
    reports: u64,
    /// Documents a partner withheld before they reached this node: nothing
    /// to screen.
    arrived_withheld: u64,
}

pub fn run(db: &Path, args: Args) -> anyhow::Result<ExitCode> {
    // Refused before any work, rather than after the table is printed.
    if let Some(path) = &args.json {
        crate::output::directory_of(path)?;
    }
    let list = match &args.stolen_lost {
        Some(path) => Some(read_list(path)?),
        None => None,
    };
    let single = !args.mrz.is_empty() || args.mrz_file.is_some() || args.number.is_some();
    let gathered = if single {
        from_command_line(&args)?
    } else {
        let store = crate::node::open(db)?;
        from_store(&store)?
    };
    let findings = screen(&gathered.sightings, list.as_ref());
    let report = Screened::new(&gathered, &findings, &args, list.as_ref());
    let mut stdout = std::io::stdout().lock();
    report
        .print(&mut stdout, single)
        .context("writing standard output")?;
    if let Some(path) = &args.json {
        write_json(path, &report.json(single))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn read_list(path: &Path) -> anyhow::Result<StolenLostList> {
    let bytes = std::fs::read(path)
        .with_context(|| format!("cannot read the stolen and lost list {}", path.display()))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "{}: byte {} is not UTF-8; save the list as UTF-8 CSV",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })?;
    StolenLostList::parse(&text).map_err(|problems| {
        let lines: Vec<String> = problems
            .iter()
            .map(|p| format!("{}: {p}", path.display()))
            .collect();
        anyhow::anyhow!(
            "the stolen and lost list has {} problem{}; nothing was screened:\n{}\n\
             (the list is CSV with a header such as document_number,issuing_state,document_type,reported_on,status)",
            problems.len(),
            if problems.len() == 1 { "" } else { "s" },
            lines.join("\n")
        )
    })
}

fn from_command_line(args: &Args) -> anyhow::Result<Gathered> {
    let zone = match (&args.mrz_file, args.mrz.as_slice()) {
        (Some(path), _) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read the zone from {}", path.display()))?;
            let text = text.strip_suffix('\n').unwrap_or(&text);
            Some(text.strip_suffix('\r').unwrap_or(text).to_owned())
        }
        (None, []) => None,
        (None, [one]) => Some(one.replace("\\n", "\n")),
        (None, lines) => Some(lines.join("\n")),
    };
    let as_of = args.as_of.map_or_else(today, Ok)?;
    let mut s = Sighting::new("the document given", as_of);
    s.mrz = zone;
    s.kind = args.document_type;
    s.number = args.number.clone();
    s.issuing_state = args.issuing_state.clone();
    s.expiry_date = args.expiry_date;
    let holder = Holder {
        given_name: args.given_name.clone(),
        family_name: args.family_name.clone(),
        full_name: args.name.clone(),
        aliases: Vec::new(),
        birth_date: args.birth_date,
        sex: args.sex.and_then(|s| s.0),
        nationality: args.nationality.clone(),
        national_number: args.national_number.clone(),
    };
    if holder != Holder::default() {
        s.holders.push(holder);
    }
    let seen = Seen {
        report_id: None,
        mention: None,
        agency: None,
        kind: s.kind,
        number: s.number.clone(),
        issuing_state: s.issuing_state.clone(),
        protected: false,
    };
    Ok(Gathered {
        sightings: vec![s],
        seen: vec![seen],
        reports: 0,
        arrived_withheld: 0,
    })
}

fn from_store(store: &dyn Store) -> anyhow::Result<Gathered> {
    let mut g = Gathered::default();
    store.for_each_report(&mut |report| {
        g.reports += 1;
        gather_report(&report, &mut g);
        Ok(())
    })?;
    Ok(g)
}

fn gather_report(report: &Report, g: &mut Gathered) {
    let protected = report.protected_refs();
    let date = report.occurred_at.date();
    let Some(seen_on) = chrono_date(date) else {
        return;
    };
    for m in report.mentions() {
        let doc = match &m.subject {
            Subject::Disclosed(Entity::Document(d)) => d,
            Subject::Withheld(w) if w.kind() == corridor_model::EntityKind::Document => {
                g.arrived_withheld += 1;
                continue;
            }
            _ => continue,
        };
        let is_protected = protected.contains(&m.reference);
        let source = format!("{}#{}", report.id, m.reference);
        let mut s = Sighting::new(source, seen_on);
        fill_document(&mut s, doc);
        s.withheld = is_protected;
        s.holders = holders_of(report, &m.reference, is_protected, &protected);
        g.seen.push(Seen {
            report_id: Some(report.id.to_string()),
            mention: Some(m.reference.to_string()),
            agency: Some(report.agency.to_string()),
            kind: s.kind,
            number: s.number.clone(),
            issuing_state: s.issuing_state.clone(),
            protected: is_protected,
        });
        g.sightings.push(s);
    }
}

fn chrono_date(d: chrono::NaiveDate) -> Option<Date> {
    use chrono::Datelike;
    Date::new(d.year(), d.month(), d.day())
}

fn fill_document(s: &mut Sighting, d: &TravelDocument) {
    s.kind = DocumentKind::parse(d.document_type.as_str());
    s.number = Some(d.number.as_str().to_owned());
    s.issuing_state = d.issuing_state.map(|c| c.as_str().to_owned());
    s.expiry_date = d.expiry_date.and_then(partial);
    s.mrz = d.mrz.as_ref().map(|lines| lines.join("\n"));
}

/// The people a report says hold the document. A document that is not
/// itself protected is screened without the data of any protected holder,
/// so that its findings can never reveal them.
fn holders_of(
    report: &Report,
    document: &corridor_model::MentionRef,
    document_protected: bool,
    protected: &BTreeSet<corridor_model::MentionRef>,
) -> Vec<Holder> {
    report
        .links()
        .iter()
        .filter(|l| l.kind == LinkKind::HoldsDocument && &l.to == document)
        .filter(|l| document_protected || !protected.contains(&l.from))
        .filter_map(|l| match report.mention(&l.from).map(|m| &m.subject) {
            Some(Subject::Disclosed(Entity::Person(p))) => Some(holder(p)),
            _ => None,
        })
        .collect()
}

fn holder(p: &Person) -> Holder {
    Holder {
        given_name: p.given_name.clone(),
        family_name: p.family_name.clone(),
        full_name: p.full_name.clone(),
        aliases: p.aliases.clone(),
        birth_date: p.birth_date.and_then(partial),
        sex: p.sex.and_then(number_sex),
        nationality: p.nationality.map(|c| c.as_str().to_owned()),
        national_number: None,
    }
}

/// The findings as shown: filtered by severity and protection, ordered
/// for reading, with the counts of what was left out.
struct Screened<'a> {
    gathered: &'a Gathered,
    shown: Vec<&'a Finding>,
    below: usize,
    withheld_findings: usize,
    withheld_documents: usize,
    min_severity: Severity,
    list_entries: Option<usize>,
}

impl<'a> Screened<'a> {
    fn new(
        gathered: &'a Gathered,
        findings: &'a [Finding],
        args: &Args,
        list: Option<&StolenLostList>,
    ) -> Screened<'a> {
        let mut shown = Vec::new();
        let (mut below, mut withheld_findings) = (0, 0);
        let mut withheld_documents = BTreeSet::new();
        for f in findings {
            if f.severity < args.min_severity {
                below += 1;
            } else if gathered.seen[f.sighting].protected && !args.include_protected {
                withheld_findings += 1;
                withheld_documents.insert(f.sighting);
            } else {
                shown.push(f);
            }
        }
        shown.sort_by(|a, b| {
            let key = |f: &Finding| {
                let s = &gathered.seen[f.sighting];
                (
                    std::cmp::Reverse(f.severity),
                    s.report_id.clone(),
                    s.mention.clone(),
                    f.indicator,
                )
            };
            key(a).cmp(&key(b))
        });
        Screened {
            gathered,
            shown,
            below,
            withheld_findings,
            withheld_documents: withheld_documents.len(),
            min_severity: args.min_severity,
            list_entries: list.map(StolenLostList::len),
        }
    }

    fn count(&self, severity: Severity) -> usize {
        self.shown.iter().filter(|f| f.severity == severity).count()
    }

    fn documents_flagged(&self) -> usize {
        self.shown
            .iter()
            .map(|f| f.sighting)
            .collect::<BTreeSet<_>>()
            .len()
    }

    fn print(&self, out: &mut impl Write, single: bool) -> std::io::Result<()> {
        for f in &self.shown {
            let s = &self.gathered.seen[f.sighting];
            let sighting = &self.gathered.sightings[f.sighting];
            let place = match (&s.report_id, &s.mention) {
                (Some(r), Some(m)) => format!("{r}#{m}"),
                _ => "(command line)".to_owned(),
            };
            writeln!(
                out,
                "{:<7} {:<30} {:<28} {} seen {}",
                f.severity.name(),
                f.indicator.code(),
                place,
                document_label(s),
                sighting.seen_on
            )?;
            writeln!(out, "        {}", f.evidence)?;
        }
        if !self.shown.is_empty() {
            writeln!(out)?;
        }
        let documents = self.gathered.sightings.len();
        let zones = self
            .gathered
            .sightings
            .iter()
            .filter(|s| s.mrz.is_some())
            .count();
        if single {
            writeln!(
                out,
                "screened 1 document{}: {}",
                if zones == 1 {
                    " with a zone"
                } else {
                    " without a zone"
                },
                self.totals()
            )?;
        } else {
            writeln!(
                out,
                "screened {documents} documents ({zones} with a zone) in {} reports: {}",
                self.gathered.reports,
                self.totals()
            )?;
        }
        if self.withheld_findings > 0 {
            writeln!(
                out,
                "withheld: {} finding{} on {} document{} of protected people (--include-protected to show)",
                self.withheld_findings,
                plural(self.withheld_findings),
                self.withheld_documents,
                plural(self.withheld_documents)
            )?;
        }
        if self.below > 0 {
            writeln!(
                out,
                "not shown: {} finding{} below {} (--min-severity)",
                self.below,
                plural(self.below),
                self.min_severity
            )?;
        }
        if self.gathered.arrived_withheld > 0 {
            writeln!(
                out,
                "not screened: {} document{} withheld by the partner that sent {}",
                self.gathered.arrived_withheld,
                plural(self.gathered.arrived_withheld as usize),
                if self.gathered.arrived_withheld == 1 {
                    "it"
                } else {
                    "them"
                }
            )?;
        }
        match self.list_entries {
            Some(n) => writeln!(
                out,
                "checked against a stolen and lost list of {n} document{}",
                plural(n)
            )?,
            None if !single => writeln!(out, "no stolen and lost list given (--stolen-lost FILE)")?,
            None => {}
        }
        Ok(())
    }

    fn totals(&self) -> String {
        if self.shown.is_empty() {
            return "no findings".to_owned();
        }
        format!(
            "{} high, {} medium, {} low finding{} on {} document{}",
            self.count(Severity::High),
            self.count(Severity::Medium),
            self.count(Severity::Low),
            plural(self.shown.len()),
            self.documents_flagged(),
            plural(self.documents_flagged())
        )
    }

    fn json(&self, single: bool) -> JsonOut<'_> {
        let seen = &self.gathered.seen;
        let label = |i: usize| {
            let s = &seen[i];
            match (&s.report_id, &s.mention) {
                (Some(r), Some(m)) => format!("{r}#{m}"),
                _ => "(command line)".to_owned(),
            }
        };
        JsonOut {
            source: if single { "command_line" } else { "store" },
            screened: Counts {
                documents: self.gathered.sightings.len(),
                with_zone: self
                    .gathered
                    .sightings
                    .iter()
                    .filter(|s| s.mrz.is_some())
                    .count(),
                reports: self.gathered.reports,
            },
            min_severity: self.min_severity.name(),
            stolen_lost_entries: self.list_entries,
            findings_by_severity: Severity::ALL
                .iter()
                .rev()
                .map(|s| (s.name(), self.count(*s)))
                .collect(),
            withheld: Withheld {
                findings: self.withheld_findings,
                documents: self.withheld_documents,
            },
            below_min_severity: self.below,
            arrived_withheld: self.gathered.arrived_withheld,
            findings: self
                .shown
                .iter()
                .map(|f| {
                    let s = &seen[f.sighting];
                    FindingOut {
                        report_id: s.report_id.as_deref(),
                        mention: s.mention.as_deref(),
                        agency: s.agency.as_deref(),
                        seen_on: self.gathered.sightings[f.sighting].seen_on.to_string(),
                        protected: s.protected,
                        document: DocumentOut {
                            document_type: s.kind.map(DocumentKind::name),
                            number: s.number.as_deref(),
                            issuing_state: s.issuing_state.as_deref(),
                        },
                        indicator: f.indicator.code(),
                        severity: f.severity.name(),
                        evidence: &f.evidence,
                        codes: &f.codes,
                        related: f.related.iter().map(|&i| label(i)).collect(),
                    }
                })
                .collect(),
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn document_label(s: &Seen) -> String {
    let kind = s
        .kind
        .map(|k| k.name().replace('_', " "))
        .unwrap_or_else(|| "document".into());
    let number = s.number.as_deref().unwrap_or("(no number)");
    match &s.issuing_state {
        Some(st) => format!("{kind} {number} {st}"),
        None => format!("{kind} {number}"),
    }
}

#[derive(Serialize)]
struct JsonOut<'a> {
    source: &'static str,
    screened: Counts,
    min_severity: &'static str,
    stolen_lost_entries: Option<usize>,
    findings_by_severity: std::collections::BTreeMap<&'static str, usize>,
    withheld: Withheld,
    below_min_severity: usize,
    arrived_withheld: u64,
    findings: Vec<FindingOut<'a>>,
}

#[derive(Serialize)]
struct Counts {
    documents: usize,
    with_zone: usize,
    reports: u64,
}

#[derive(Serialize)]
struct Withheld {
    findings: usize,
    documents: usize,
}

#[derive(Serialize)]
struct FindingOut<'a> {
    report_id: Option<&'a str>,
    mention: Option<&'a str>,
    agency: Option<&'a str>,
    seen_on: String,
    protected: bool,
    document: DocumentOut<'a>,
    indicator: &'static str,
    severity: &'static str,
    evidence: &'a str,
    codes: &'a [String],
    related: Vec<String>,
}

#[derive(Serialize)]
struct DocumentOut<'a> {
    #[serde(rename = "type")]
    document_type: Option<&'static str>,
    number: Option<&'a str>,
    issuing_state: Option<&'a str>,
}

/// Writes the report, all of it or none (see [`crate::output`]).
fn write_json(path: &Path, value: &JsonOut<'_>) -> anyhow::Result<()> {
    crate::output::write_file(path, |w| {
        serde_json::to_writer_pretty(&mut *w, value)?;
        writeln!(w)?;
        Ok(())
    })
    .with_context(|| format!("cannot write {}", path.display()))
}
