//! `corridor mrz check`: machine-readable zones from standard input, one
//! JSON object per zone on standard output. The contract scripts rely on is
//! `docs/mrz.md`; the checking itself is `corridor_docs::validate`.

use std::borrow::Cow;
use std::io::{self, BufRead, BufWriter, Write};
use std::process::ExitCode;

use anyhow::Context;
use clap::Subcommand;
use corridor_docs::date::Date;
use corridor_docs::mrz::Format;
use corridor_docs::national::{self, NationalNumber};
use corridor_docs::validate::{validate, CheckDigits, Fields, Validation};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};

#[derive(Subcommand)]
pub enum Command {
    /// Check zones read from standard input: one JSON object per zone on standard output.
    #[command(
        after_help = "Input: one zone per record, its lines joined by a line feed, \
records separated by a blank line; with --jsonl, one {\"mrz\": \"…\"} per line. Zones are \
taken exactly as given: a carriage return, a space or a lower-case letter is an illegal \
character. Output: one JSON object per record, in input order, also for records that cannot \
be read, and nothing else; `valid` is about the zone's form (shape, characters, check digits, \
dates, codes), so an expired document is valid with a warning. Exit status 0 unless standard \
input cannot be read. No store is opened. Contract: docs/mrz.md.\n\nExamples:\n  \
corridor mrz check < zones.txt\n  corridor mrz check --jsonl --as-of 2025-06-30 < zones.jsonl"
    )]
    Check {
        /// Read one {"mrz": "…"} object per line instead of blank-line-separated zones.
        #[arg(long)]
        jsonl: bool,
        /// Check as of this date (YYYY-MM-DD): decides expiry and the century of
        /// two-digit years. Default: today.
        #[arg(long, value_parser = parse_date)]
        as_of: Option<Date>,
    },
}

pub(crate) fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse_iso(text).ok_or_else(|| format!("expected a date as YYYY-MM-DD, found {text:?}"))
}

pub(crate) fn today() -> anyhow::Result<Date> {
    use chrono::Datelike;
    let now = chrono::Local::now().date_naive();
    Date::new(now.year(), now.month(), now.day()).context("today's date is not a date")
}

pub fn run(command: Command) -> anyhow::Result<ExitCode> {
    let Command::Check { jsonl, as_of } = command;
    let as_of = as_of.map_or_else(today, Ok)?;
    let input = io::stdin().lock();
    let mut out = BufWriter::new(io::stdout().lock());
    if jsonl {
        check_jsonl(input, &mut out, as_of)?;
    } else {
        check_records(input, &mut out, as_of)?;
    }
    out.flush().context("writing standard output")?;
    Ok(ExitCode::SUCCESS)
}

/// Zones separated by blank lines (lines holding nothing or only
/// whitespace, so that a CRLF file's empty `\r` lines still separate).
fn check_records(mut input: impl BufRead, out: &mut impl Write, as_of: Date) -> anyhow::Result<()> {
    let mut buf = Vec::new();
    let mut record = String::new();
    let mut open = false;
    loop {
        buf.clear();
        let n = input
            .read_until(b'\n', &mut buf)
            .context("reading standard input")?;
        if n == 0 {
            break;
        }
        if buf.last() == Some(&b'\n') {
            buf.pop();
        }
        // Bytes that are not UTF-8 become U+FFFD: an illegal character.
        let line = String::from_utf8_lossy(&buf);
        if line.chars().all(char::is_whitespace) {
            if open {
                write_zone(out, &record, as_of)?;
                record.clear();
                open = false;
            }
            continue;
        }
        if open {
            record.push('\n');
        }
        record.push_str(&line);
        open = true;
    }
    if open {
        write_zone(out, &record, as_of)?;
    }
    Ok(())
}

#[derive(Deserialize)]
struct JsonlRecord<'a> {
    #[serde(borrow)]
    mrz: Cow<'a, str>,
}

/// One `{"mrz": "…"}` per line; blank lines are skipped, and a line that is
/// not such an object gets an object saying so.
fn check_jsonl(mut input: impl BufRead, out: &mut impl Write, as_of: Date) -> anyhow::Result<()> {
    let mut buf = Vec::new();
    let mut number = 0usize;
    loop {
        buf.clear();
        let n = input
            .read_until(b'\n', &mut buf)
            .context("reading standard input")?;
        if n == 0 {
            break;
        }
        number += 1;
        // A byte-order mark some editors put at the start of a file.
        let line = match buf.strip_prefix(b"\xEF\xBB\xBF") {
            Some(rest) if number == 1 => rest,
            _ => &buf[..],
        };
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice::<JsonlRecord>(line) {
            Ok(record) => write_zone(out, &record.mrz, as_of)?,
            Err(e) => {
                let (code, message) = match serde_json::from_slice::<serde_json::Value>(line) {
                    Err(e) => (
                        "structure:invalid_json",
                        format!("line {number} is not JSON: {e}"),
                    ),
                    Ok(_) => (
                        "structure:missing_mrz",
                        format!(
                            "line {number}: expected an object with the zone as a string in \
                             \"mrz\" ({e})"
                        ),
                    ),
                };
                write_line(out, &unreadable(code, message))?;
            }
        }
    }
    Ok(())
}

fn write_zone(out: &mut impl Write, zone: &str, as_of: Date) -> anyhow::Result<()> {
    let v = validate(zone, as_of);
    write_line(out, &Output::of(&v))
}

fn write_line(out: &mut impl Write, value: &Output) -> anyhow::Result<()> {
    serde_json::to_writer(&mut *out, value).context("writing standard output")?;
    out.write_all(b"\n").context("writing standard output")
}

/// The code of the expiry warning, reported as `expired` rather than in
/// `warnings`.
const EXPIRED: &str = "expiry_date:expired";

/// One line of output: the contract of docs/mrz.md.
#[derive(Serialize)]
struct Output<'a> {
    format: Option<&'static str>,
    valid: bool,
    fields: FieldsOut<'a>,
    check_digits: CheckDigitsOut,
    failing_checks: Vec<Cow<'static, str>>,
    /// Warnings about the zone itself (codes), the same whatever the date
    /// it is checked on.
    warnings: Vec<Cow<'static, str>>,
    /// Whether the document had expired on the as-of date: a warning of its
    /// own, since it depends on that date (its sentence is in `problems`).
    expired: bool,
    /// Every failing check and warning, with a sentence for a person.
    problems: Vec<ProblemOut>,
    /// A JMBG or EGN found in the optional data, decoded and compared.
    national_number: Option<NationalOut>,
}

impl<'a> Output<'a> {
    fn of(v: &'a Validation<'a>) -> Output<'a> {
        let national = v.fields.as_ref().and_then(|f| {
            national::in_zone(f).map(|n| NationalOut::of(&n, &f.birth_date_raw, &f.sex))
        });
        Output {
            format: v.format.map(format_name),
            valid: v.is_valid(),
            fields: FieldsOut::of(v.fields.as_ref()),
            check_digits: CheckDigitsOut(v.check_digits),
            failing_checks: v.failures().map(|p| p.code()).collect(),
            warnings: v
                .warnings()
                .map(|p| p.code())
                .filter(|c| c != EXPIRED)
                .collect(),
            expired: v.warnings().any(|p| p.code() == EXPIRED),
            problems: v
                .problems
                .iter()
                .map(|p| ProblemOut {
                    code: p.code(),
                    message: p.message(),
                })
                .collect(),
            national_number: national,
        }
    }
}

/// The object for a record that holds no zone to check.
fn unreadable(code: &'static str, message: String) -> Output<'static> {
    Output {
        format: None,
        valid: false,
        fields: FieldsOut::of(None),
        check_digits: CheckDigitsOut(CheckDigits::default()),
        failing_checks: vec![code.into()],
        warnings: Vec::new(),
        expired: false,
        problems: vec![ProblemOut {
            code: code.into(),
            message,
        }],
        national_number: None,
    }
}

fn format_name(format: Format) -> &'static str {
    match format {
        Format::Td1 => "TD1",
        Format::Td2 => "TD2",
        Format::Td3 => "TD3",
        Format::MrvA => "MRVA",
        Format::MrvB => "MRVB",
    }
}

/// Every field, `null` when the zone's format is unknown.
#[derive(Serialize)]
struct FieldsOut<'a> {
    document_code: Option<&'a str>,
    issuing_state: Option<&'a str>,
    surname: Option<&'a str>,
    given_names: Option<&'a str>,
    name_may_be_truncated: Option<bool>,
    document_number: Option<&'a str>,
    document_number_extended: Option<bool>,
    nationality: Option<&'a str>,
    birth_date: Option<String>,
    birth_date_raw: Option<&'a str>,
    sex: Option<&'a str>,
    expiry_date: Option<String>,
    expiry_date_raw: Option<&'a str>,
    optional_data: Option<&'a str>,
    optional_data_2: Option<&'a str>,
}

impl<'a> FieldsOut<'a> {
    fn of(fields: Option<&'a Fields<'a>>) -> FieldsOut<'a> {
        let f = fields;
        FieldsOut {
            document_code: f.map(|f| &*f.document_code),
            issuing_state: f.map(|f| &*f.issuing_state),
            surname: f.map(|f| &*f.surname),
            given_names: f.map(|f| &*f.given_names),
            name_may_be_truncated: f.map(|f| f.name_may_be_truncated),
            document_number: f.map(|f| &*f.document_number),
            document_number_extended: f.map(|f| f.document_number_extended),
            nationality: f.map(|f| &*f.nationality),
            birth_date: f.and_then(|f| f.birth_date).map(|d| d.to_string()),
            birth_date_raw: f.map(|f| &*f.birth_date_raw),
            sex: f.map(|f| &*f.sex),
            expiry_date: f.and_then(|f| f.expiry_date).map(|d| d.to_string()),
            expiry_date_raw: f.map(|f| &*f.expiry_date_raw),
            optional_data: f.map(|f| &*f.optional_data),
            optional_data_2: f.and_then(|f| f.optional_data_2.as_deref()),
        }
    }
}

/// `{"document_number": true, …}` in the order the zone is read.
struct CheckDigitsOut(CheckDigits);

impl Serialize for CheckDigitsOut {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        for (which, ok) in self.0.iter() {
            map.serialize_entry(which.name(), &ok)?;
        }
        map.end()
    }
}

#[derive(Serialize)]
struct ProblemOut {
    code: Cow<'static, str>,
    message: String,
}

#[derive(Serialize)]
struct NationalOut {
    scheme: &'static str,
    number: String,
    birth_date: Option<String>,
    sex: Option<char>,
    region: Option<String>,
    /// The number is well formed and agrees with the zone.
    consistent: bool,
    problems: Vec<ProblemOut>,
}

impl NationalOut {
    fn of(n: &NationalNumber, birth_raw: &str, sex: &str) -> NationalOut {
        let mismatches = national::compare_with_zone(n, birth_raw, sex);
        let problems: Vec<ProblemOut> = n
            .problems
            .iter()
            .map(|p| ProblemOut {
                code: p.code().into(),
                message: p.message(),
            })
            .chain(mismatches.iter().map(|m| ProblemOut {
                code: m.code().into(),
                message: m.message(),
            }))
            .collect();
        NationalOut {
            scheme: n.scheme.name(),
            number: n.number.clone(),
            birth_date: n.birth_date.map(|d| d.to_string()),
            sex: n.sex.map(|s| s.mrz()),
            region: n.region.map(|r| r.to_string()),
            consistent: problems.is_empty(),
            problems,
        }
    }
}
