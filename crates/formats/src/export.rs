//! Writing reports out in one of the export formats: Corridor's own JSON
//! Lines (re-importable), FollowTheMoney entities, or FollowTheMoney
//! statements as CSV. One writer, for `corridor export` and the API.

use std::io::Write;

use corridor_model::Report;

/// The shape of an export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// Corridor's report format (docs/formats.md): re-imports as it is.
    Jsonl,
    /// FollowTheMoney entities, one JSON object a line.
    Ftm,
    /// FollowTheMoney statements as CSV, one property value a row.
    FtmCsv,
}

impl ExportFormat {
    /// `jsonl`, `ftm` or `ftm-csv`.
    pub fn parse(text: &str) -> Option<ExportFormat> {
        match text {
            "jsonl" => Some(ExportFormat::Jsonl),
            "ftm" => Some(ExportFormat::Ftm),
            "ftm-csv" => Some(ExportFormat::FtmCsv),
            _ => None,
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            ExportFormat::FtmCsv => "text/csv",
            _ => "application/x-ndjson",
        }
    }
}

/// Writes reports one after another in an export format.
pub struct ExportWriter<W: Write> {
    format: ExportFormat,
    sink: Sink<W>,
}

enum Sink<W: Write> {
    Lines(W),
    Csv(Box<csv::Writer<W>>),
}

fn io(e: csv::Error) -> std::io::Error {
    std::io::Error::other(e)
}

impl<W: Write> ExportWriter<W> {
    /// Starts an export (a CSV one with its header).
    pub fn new(format: ExportFormat, out: W) -> std::io::Result<Self> {
        let sink = match format {
            ExportFormat::FtmCsv => {
                let mut csv = csv::Writer::from_writer(out);
                csv.write_record(crate::ftm::CSV_HEADER).map_err(io)?;
                Sink::Csv(Box::new(csv))
            }
            _ => Sink::Lines(out),
        };
        Ok(ExportWriter { format, sink })
    }

    pub fn write(&mut self, report: &Report) -> std::io::Result<()> {
        match (&mut self.sink, self.format) {
            (Sink::Csv(csv), _) => crate::ftm::write_csv_rows(csv, report).map_err(io),
            (Sink::Lines(w), ExportFormat::Ftm) => crate::ftm::write_jsonl(w, report),
            (Sink::Lines(w), _) => crate::write_jsonl(w, report),
        }
    }

    /// Flushes what is buffered and hands the output back.
    pub fn finish(self) -> std::io::Result<W> {
        match self.sink {
            Sink::Lines(mut w) => {
                w.flush()?;
                Ok(w)
            }
            Sink::Csv(csv) => csv.into_inner().map_err(|e| e.into_error()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_round_trips_its_name_and_writes_something() {
        let wire: corridor_model::wire::WireReport = serde_json::from_str(
            r#"{"id":"GRC-HP-2025-1","kind":"arrest","agency":"GRC-HP","occurred_at":"2025-01-06","evaluation":"B3","handling":"H0","entities":[{"ref":"p1","type":"person","role":"suspect","given_name":"Nikos"}]}"#,
        )
        .unwrap();
        let report = Report::from_wire(&wire, &|_| true).unwrap();
        for (name, starts) in [
            ("jsonl", "{\"id\""),
            ("ftm", "{"),
            ("ftm-csv", "id,entity_id"),
        ] {
            let format = ExportFormat::parse(name).unwrap();
            let mut w = ExportWriter::new(format, Vec::new()).unwrap();
            w.write(&report).unwrap();
            let text = String::from_utf8(w.finish().unwrap()).unwrap();
            assert!(text.starts_with(starts), "{name}: {text}");
            assert!(text.contains("Nikos"), "{name}: {text}");
        }
        assert_eq!(ExportFormat::parse("xml"), None);
    }
}
