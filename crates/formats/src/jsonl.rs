//! JSON Lines: one self-contained report per line.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use corridor_model::wire::WireReport;
use corridor_model::{AgencyCode, Report};

use crate::{Origin, Problem};

/// Longest line read; a longer one is reported, not loaded into memory.
const MAX_LINE_BYTES: u64 = 16 << 20;

/// Reads a JSON Lines file, handing each valid report to `sink`. Blank lines
/// are skipped. Returns the problems found, in line order.
pub fn read_jsonl(
    path: &Path,
    input: impl Read,
    known_agency: &dyn Fn(&AgencyCode) -> bool,
    sink: &mut dyn FnMut(Report, &Origin) -> Result<(), String>,
    progress: &mut dyn FnMut(u64),
) -> Vec<Problem> {
    let mut reader = BufReader::with_capacity(1 << 16, input);
    let mut problems = Vec::new();
    let mut buf = Vec::new();
    let mut origin = Origin {
        file: path.display().to_string(),
        line: 0,
    };
    let mut bytes_read = 0u64;
    loop {
        buf.clear();
        origin.line += 1;
        let n = match (&mut reader)
            .take(MAX_LINE_BYTES + 1)
            .read_until(b'\n', &mut buf)
        {
            Ok(0) => break,
            Ok(n) => n as u64,
            Err(e) => {
                problems.push(Problem::at(
                    &origin,
                    None,
                    format!("cannot read the file: {e}"),
                ));
                break;
            }
        };
        bytes_read += n;
        if n > MAX_LINE_BYTES && buf.last() != Some(&b'\n') {
            problems.push(Problem::at(
                &origin,
                None,
                format!(
                    "line is longer than {} MiB; split the report",
                    MAX_LINE_BYTES >> 20
                ),
            ));
            match skip_rest_of_line(&mut reader) {
                Ok(skipped) => bytes_read += skipped,
                Err(e) => {
                    problems.push(Problem::at(
                        &origin,
                        None,
                        format!("cannot read the file: {e}"),
                    ));
                    break;
                }
            }
            continue;
        }
        progress(bytes_read);
        let mut line = buf.as_slice();
        if origin.line == 1 {
            line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
        }
        let Ok(text) = std::str::from_utf8(line) else {
            problems.push(Problem::at(
                &origin,
                None,
                "is not valid UTF-8; save the file as UTF-8",
            ));
            continue;
        };
        let text = text.trim_end_matches(['\n', '\r']);
        if text.trim().is_empty() {
            continue;
        }
        match parse_line(text, known_agency) {
            Ok(report) => {
                if let Err(message) = sink(report, &origin) {
                    problems.push(Problem::at(&origin, None, message));
                }
            }
            Err(found) => problems.extend(
                found
                    .into_iter()
                    .map(|(field, message)| Problem::at(&origin, field, message)),
            ),
        }
    }
    problems
}

fn skip_rest_of_line(reader: &mut impl BufRead) -> std::io::Result<u64> {
    let mut skipped = 0u64;
    loop {
        let available = reader.fill_buf()?;
        if available.is_empty() {
            return Ok(skipped);
        }
        match available.iter().position(|&b| b == b'\n') {
            Some(i) => {
                reader.consume(i + 1);
                return Ok(skipped + i as u64 + 1);
            }
            None => {
                let len = available.len();
                reader.consume(len);
                skipped += len as u64;
            }
        }
    }
}

type Found = Vec<(Option<String>, String)>;

/// Parses and validates one line: a report, or every problem with its field.
pub(crate) fn parse_line(
    text: &str,
    known_agency: &dyn Fn(&AgencyCode) -> bool,
) -> Result<Report, Found> {
    if !text.trim_start().starts_with('{') {
        let found: String = text.trim_start().chars().take(20).collect();
        return Err(vec![(
            None,
            format!("expected a JSON object (one report per line), found {found:?}"),
        )]);
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let wire: WireReport = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        // serde_path_to_error marks a position it cannot name with `?`.
        let path = e.path().to_string();
        let path = path.trim_end_matches('?').trim_end_matches('.');
        let field = (!path.is_empty()).then(|| path.to_owned());
        vec![(field, json_message(e.inner()))]
    })?;
    de.end().map_err(|e| vec![(None, json_message(&e))])?;
    let mut found: Found = Vec::new();
    for (i, e) in wire.entities.iter().enumerate() {
        if e.report_id.is_some() {
            found.push((
                Some(format!("entities[{i}].report_id")),
                "report_id is only for CSV entity files; in JSON Lines an entity belongs to the report on its line".into(),
            ));
        }
    }
    for (i, l) in wire.links.iter().enumerate() {
        if l.report_id.is_some() {
            found.push((
                Some(format!("links[{i}].report_id")),
                "report_id is only for CSV link files; in JSON Lines a link belongs to the report on its line".into(),
            ));
        }
    }
    match Report::from_wire(&wire, known_agency) {
        Ok(report) if found.is_empty() => Ok(report),
        Ok(_) => Err(found),
        Err(errors) => {
            found.extend(
                errors
                    .into_iter()
                    .map(|e| (Some(e.path.to_string()), e.message)),
            );
            Err(found)
        }
    }
}

/// serde_json's message with its position rewritten for a one-line record:
/// "… at line 1 column 45" becomes "… (column 45)".
fn json_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let message = text
        .rsplit_once(" at line ")
        .map_or(text.as_str(), |(m, _)| m);
    let what = match e.classify() {
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof => "invalid JSON: ",
        _ => "",
    };
    format!("{what}{message} (column {})", e.column())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(_: &AgencyCode) -> bool {
        true
    }

    fn read(text: &str) -> (Vec<Report>, Vec<Problem>) {
        let mut reports = Vec::new();
        let problems = read_jsonl(
            Path::new("t.jsonl"),
            text.as_bytes(),
            &known,
            &mut |r, _| {
                reports.push(r);
                Ok(())
            },
            &mut |_| {},
        );
        (reports, problems)
    }

    const GOOD: &str = r#"{"id":"R1","kind":"arrest","agency":"SRB-MUP","occurred_at":"2025-03-14","evaluation":"B2","handling":"H0"}"#;

    #[test]
    fn reports_every_bad_line_with_its_number() {
        let text = format!("{GOOD}\n{{\"id\":\n\n{}\n", GOOD.replace("B2", "Q9"));
        let (reports, problems) = read(&text);
        assert_eq!(reports.len(), 1);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert_eq!(problems[0].line, Some(2));
        assert!(
            problems[0].message.starts_with("invalid JSON"),
            "{}",
            problems[0]
        );
        assert_eq!(problems[1].line, Some(4));
        assert_eq!(problems[1].field.as_deref(), Some("evaluation"));
    }

    #[test]
    fn unknown_fields_are_named_with_their_path() {
        let text = GOOD.replace(
            "}",
            r#","entities":[{"ref":"p1","type":"person","role":"suspect","nmae":"x"}]}"#,
        );
        let (_, problems) = read(&text);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].field.as_deref(), Some("entities[0].nmae"));
        assert!(
            problems[0].message.contains("unknown field `nmae`"),
            "{}",
            problems[0]
        );
    }

    #[test]
    fn trailing_garbage_and_bad_utf8_are_problems() {
        let (r, p) = read(&format!("{GOOD} x"));
        assert!(r.is_empty() && p.len() == 1, "{p:?}");
        let mut bytes = GOOD.as_bytes().to_vec();
        bytes[10] = 0xFF;
        let problems = read_jsonl(
            Path::new("t"),
            &bytes[..],
            &known,
            &mut |_, _| Ok(()),
            &mut |_| {},
        );
        assert!(problems[0].message.contains("UTF-8"));
    }
}
