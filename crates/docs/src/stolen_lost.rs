//! A list of stolen, lost, revoked or otherwise invalid travel documents,
//! as a CSV text (INTERPOL SLTD extracts and national lists share this
//! shape): one document per row, a header naming the columns.
//!
//! ```text
//! document_number,issuing_state,document_type,reported_on,status
//! TU1150919,AFG,passport,2024-03-22,stolen
//! ```
//!
//! Only `document_number` is required; the other columns may be missing or
//! empty, and columns this module does not know are ignored. Numbers are
//! compared as the zone writes them: upper case, without spaces or dashes.
//! Reading never panics; a list with any bad row is refused whole, with
//! every problem located by line and column.

use std::collections::HashMap;
use std::fmt;

use crate::date::Date;

/// One listed document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedDocument {
    /// Upper-case letters and digits.
    pub number: String,
    /// The three-letter code, when the list gives one.
    pub issuing_state: Option<String>,
    /// As the list writes it (`passport`, `identity_card`…).
    pub document_type: Option<String>,
    pub reported_on: Option<Date>,
    /// `stolen`, `lost`, `revoked`…; `listed` when the list does not say.
    pub status: String,
    /// The line of the list it came from, counted from 1.
    pub line: usize,
}

/// A problem in a list, located by line (from 1) and column name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListProblem {
    pub line: usize,
    pub column: Option<String>,
    pub message: String,
}

impl fmt::Display for ListProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.column {
            Some(c) => write!(f, "line {}: {c}: {}", self.line, self.message),
            None => write!(f, "line {}: {}", self.line, self.message),
        }
    }
}

/// A stolen and lost document list, indexed by document number.
#[derive(Debug, Clone, Default)]
pub struct StolenLostList {
    by_number: HashMap<String, Vec<ListedDocument>>,
    len: usize,
}

const COLUMNS: [&str; 5] = [
    "document_number",
    "issuing_state",
    "document_type",
    "reported_on",
    "status",
];

impl StolenLostList {
    /// Reads a list. An empty text is an empty list. Any problem refuses the
    /// whole list, so that a half-read list is never mistaken for a complete
    /// one.
    pub fn parse(text: &str) -> Result<StolenLostList, Vec<ListProblem>> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut rows = text
            .split('\n')
            .map(|l| l.strip_suffix('\r').unwrap_or(l))
            .enumerate()
            .map(|(i, l)| (i + 1, l))
            .filter(|(_, l)| !l.trim().is_empty());
        let Some((header_line, header)) = rows.next() else {
            return Ok(StolenLostList::default());
        };
        let mut problems = Vec::new();
        let header: Vec<String> = match split_row(header) {
            Ok(cells) => cells.iter().map(|c| c.trim().to_lowercase()).collect(),
            Err(why) => {
                problems.push(ListProblem {
                    line: header_line,
                    column: None,
                    message: why,
                });
                return Err(problems);
            }
        };
        let position = |name: &str| header.iter().position(|h| h == name);
        let Some(number_at) = position("document_number") else {
            problems.push(ListProblem {
                line: header_line,
                column: None,
                message: format!(
                    "the header has no document_number column; the first line names the \
                     columns, such as {} (found {:?})",
                    COLUMNS.join(","),
                    header.join(",")
                ),
            });
            return Err(problems);
        };
        let state_at = position("issuing_state");
        let type_at = position("document_type");
        let date_at = position("reported_on");
        let status_at = position("status");

        let mut list = StolenLostList::default();
        for (line, row) in rows {
            let cells = match split_row(row) {
                Ok(cells) => cells,
                Err(why) => {
                    problems.push(ListProblem {
                        line,
                        column: None,
                        message: why,
                    });
                    continue;
                }
            };
            let cell = |at: Option<usize>| {
                at.and_then(|i| cells.get(i))
                    .map(|c| c.trim())
                    .filter(|c| !c.is_empty())
            };
            let mut fail = |column: &str, message: String| {
                problems.push(ListProblem {
                    line,
                    column: Some(column.to_owned()),
                    message,
                })
            };
            let number = cell(Some(number_at)).map(normalise_number);
            let number = match number {
                Some(n)
                    if (2..=24).contains(&n.len())
                        && n.bytes().all(|b| b.is_ascii_alphanumeric()) =>
                {
                    n
                }
                _ => {
                    fail(
                        "document_number",
                        format!(
                            "expected 2 to 24 Latin letters and digits, found {:?}",
                            cell(Some(number_at)).unwrap_or("")
                        ),
                    );
                    continue;
                }
            };
            let issuing_state = cell(state_at).map(|s| s.to_ascii_uppercase());
            if let Some(s) = &issuing_state {
                if !(1..=3).contains(&s.len()) || !s.bytes().all(|b| b.is_ascii_uppercase()) {
                    fail(
                        "issuing_state",
                        format!("expected a code of one to three letters such as SRB, found {s:?}"),
                    );
                    continue;
                }
            }
            let reported_on = match cell(date_at) {
                None => None,
                Some(d) => match Date::parse_iso(d) {
                    Some(d) => Some(d),
                    None => {
                        fail(
                            "reported_on",
                            format!("expected a date as YYYY-MM-DD, found {d:?}"),
                        );
                        continue;
                    }
                },
            };
            let entry = ListedDocument {
                number: number.clone(),
                issuing_state,
                document_type: cell(type_at).map(str::to_owned),
                reported_on,
                status: cell(status_at)
                    .map(str::to_lowercase)
                    .unwrap_or_else(|| "listed".to_owned()),
                line,
            };
            list.by_number.entry(number).or_default().push(entry);
            list.len += 1;
        }
        if problems.is_empty() {
            Ok(list)
        } else {
            Err(problems)
        }
    }

    /// How many documents are listed.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The entries listing `number` (in any form: case, spaces and dashes
    /// do not matter), whatever their issuing state.
    pub fn entries(&self, number: &str) -> &[ListedDocument] {
        self.by_number
            .get(&normalise_number(number))
            .map_or(&[], Vec::as_slice)
    }
}

/// A document number as the zone writes it: upper case, no spaces or dashes.
pub fn normalise_number(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// The cells of one CSV row: commas separate, double quotes enclose a cell
/// that holds commas, `""` inside quotes is a quote.
fn split_row(row: &str) -> Result<Vec<String>, String> {
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut chars = row.chars().peekable();
    let mut quoted = false;
    let mut at_start = true;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (false, '"') if at_start => {
                quoted = true;
                at_start = false;
            }
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => {
                quoted = false;
                if !matches!(chars.peek(), None | Some(',')) {
                    return Err("a quoted cell must end at a comma or the end of the line".into());
                }
            }
            (false, ',') => {
                cells.push(std::mem::take(&mut cell));
                at_start = true;
            }
            (_, c) => {
                cell.push(c);
                if !c.is_whitespace() {
                    at_start = false;
                }
            }
        }
    }
    if quoted {
        return Err("a quoted cell is not closed; add the closing \"".into());
    }
    cells.push(cell);
    Ok(cells)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_is_read_and_looked_up_by_number() {
        let list = StolenLostList::parse(
            "document_number,issuing_state,document_type,reported_on,status\r\n\
             TU1150919,AFG,passport,2024-03-22,stolen\r\n\
             \"p9566-4768\",egy,,,\n",
        )
        .unwrap();
        assert_eq!(list.len(), 2);
        let e = &list.entries("tu 1150919")[0];
        assert_eq!(e.issuing_state.as_deref(), Some("AFG"));
        assert_eq!(e.reported_on, Date::new(2024, 3, 22));
        assert_eq!(e.line, 2);
        let e = &list.entries("P95664768")[0];
        assert_eq!(e.status, "listed");
        assert_eq!(e.issuing_state.as_deref(), Some("EGY"));
        assert!(list.entries("X1").is_empty());
        assert!(StolenLostList::parse("").unwrap().is_empty());
    }

    #[test]
    fn every_bad_row_is_reported_with_its_line_and_column() {
        let problems = StolenLostList::parse(
            "document_number,issuing_state,reported_on\nA1,AFG,2024-13-01\n!,AFG,\nB2,AF6,\n\"open,x\n",
        )
        .unwrap_err();
        let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(text.len(), 4, "{text:?}");
        assert!(text[0].starts_with("line 2: reported_on:"), "{text:?}");
        assert!(text[1].starts_with("line 3: document_number:"), "{text:?}");
        assert!(text[2].starts_with("line 4: issuing_state:"), "{text:?}");
        assert!(text[3].starts_with("line 5: a quoted cell"), "{text:?}");
        let no_number = StolenLostList::parse("number,state\nA1,AFG\n").unwrap_err();
        assert!(no_number[0].message.contains("document_number"));
    }
}
