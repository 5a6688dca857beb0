//! Reading and checking a machine-readable zone exactly as a scanner or a
//! person gave it (ICAO Doc 9303 Parts 3–7).
//!
//! [`validate`] never fails and never panics: whatever the text, it returns
//! what could be read and every problem found, each with a machine-readable
//! code and a sentence for a person. The text is taken as it is: no
//! trimming, case folding or line-ending repair, so a carriage return, a
//! lower-case letter or a space is an illegal character.
//!
//! The zone's fields are borrowed from the text where they can be: only
//! names with inner fillers, long document numbers and text that is not
//! ASCII are copied.

use std::borrow::Cow;
use std::ops::Range;

use crate::codes::{classify, CodeKind};
use crate::date::Date;
use crate::mrz::{check_value, Format};

/// What a zone says and whether it is consistent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Validation<'a> {
    /// `None` when the lines fit none of the five layouts.
    pub format: Option<Format>,
    /// `None` when the format is unknown.
    pub fields: Option<Fields<'a>>,
    pub check_digits: CheckDigits,
    /// Failures and warnings, in the order the zone is read.
    pub problems: Vec<Problem<'a>>,
}

impl Validation<'_> {
    /// Whether the zone is well formed: shape, characters, check digits,
    /// dates and codes. Warnings (an expired document, a specimen or
    /// unknown code) do not make it invalid.
    pub fn is_valid(&self) -> bool {
        !self.problems.iter().any(Problem::is_failure)
    }

    pub fn failures(&self) -> impl Iterator<Item = &Problem<'_>> {
        self.problems.iter().filter(|p| p.is_failure())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Problem<'_>> {
        self.problems.iter().filter(|p| !p.is_failure())
    }
}

/// The fields of a zone as printed, fillers removed from their ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fields<'a> {
    /// `P`, `I`, `ID`, `V`…: the trailing filler of a one-letter code removed.
    pub document_code: Cow<'a, str>,
    /// The three characters as printed (`D<<`).
    pub issuing_state: Cow<'a, str>,
    /// `<` turned into spaces.
    pub surname: Cow<'a, str>,
    pub given_names: Cow<'a, str>,
    /// The name field is full to its last character, which is how the
    /// standard marks a name that may have been cut short.
    pub name_may_be_truncated: bool,
    /// The whole number, also when a TD1 or TD2 number longer than nine
    /// characters continues in the optional data.
    pub document_number: Cow<'a, str>,
    pub document_number_extended: bool,
    pub nationality: Cow<'a, str>,
    /// `None` when the date is not a date or only partly known.
    pub birth_date: Option<Date>,
    pub birth_date_raw: Cow<'a, str>,
    /// One character as printed.
    pub sex: Cow<'a, str>,
    pub expiry_date: Option<Date>,
    pub expiry_date_raw: Cow<'a, str>,
    /// The personal number (TD3) or optional data; without the continuation
    /// of a long document number.
    pub optional_data: Cow<'a, str>,
    /// TD1 only: the optional data of the second line.
    pub optional_data_2: Option<Cow<'a, str>>,
}

/// The check digits a layout has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CheckDigit {
    DocumentNumber,
    BirthDate,
    ExpiryDate,
    /// The personal number's (TD3).
    OptionalData,
    /// Over the number, dates and optional data together (TD1, TD2, TD3).
    Composite,
}

impl CheckDigit {
    pub const ALL: [CheckDigit; 5] = [
        CheckDigit::DocumentNumber,
        CheckDigit::BirthDate,
        CheckDigit::ExpiryDate,
        CheckDigit::OptionalData,
        CheckDigit::Composite,
    ];

    /// The name used in codes and output: `document_number`, `composite`…
    pub fn name(self) -> &'static str {
        match self {
            CheckDigit::DocumentNumber => "document_number",
            CheckDigit::BirthDate => "birth_date",
            CheckDigit::ExpiryDate => "expiry_date",
            CheckDigit::OptionalData => "optional_data",
            CheckDigit::Composite => "composite",
        }
    }

    fn what(self) -> &'static str {
        match self {
            CheckDigit::DocumentNumber => "the document number's check digit",
            CheckDigit::BirthDate => "the date of birth's check digit",
            CheckDigit::ExpiryDate => "the date of expiry's check digit",
            CheckDigit::OptionalData => "the personal number's check digit",
            CheckDigit::Composite => "the composite check digit",
        }
    }
}

/// Each check digit of the layout, and whether it is right.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CheckDigits([Option<bool>; 5]);

impl CheckDigits {
    /// `None` when the layout has no such check digit.
    pub fn get(&self, which: CheckDigit) -> Option<bool> {
        self.0[which as usize]
    }

    /// The layout's check digits in the order of [`CheckDigit::ALL`].
    pub fn iter(&self) -> impl Iterator<Item = (CheckDigit, bool)> + '_ {
        CheckDigit::ALL
            .into_iter()
            .filter_map(|c| self.get(c).map(|ok| (c, ok)))
    }

    fn set(&mut self, which: CheckDigit, ok: bool) {
        self.0[which as usize] = Some(ok);
    }
}

/// A field whose value is wrong in itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    DocumentCode,
    IssuingState,
    DocumentNumber,
    Nationality,
    Sex,
}

impl Field {
    pub fn name(self) -> &'static str {
        match self {
            Field::DocumentCode => "document_code",
            Field::IssuingState => "issuing_state",
            Field::DocumentNumber => "document_number",
            Field::Nationality => "nationality",
            Field::Sex => "sex",
        }
    }

    fn what(self) -> &'static str {
        match self {
            Field::DocumentCode => "document code",
            Field::IssuingState => "issuing state",
            Field::DocumentNumber => "document number",
            Field::Nationality => "nationality",
            Field::Sex => "sex",
        }
    }
}

/// The two dates of a zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DateField {
    BirthDate,
    ExpiryDate,
}

impl DateField {
    pub fn name(self) -> &'static str {
        match self {
            DateField::BirthDate => "birth_date",
            DateField::ExpiryDate => "expiry_date",
        }
    }

    fn what(self) -> &'static str {
        match self {
            DateField::BirthDate => "date of birth",
            DateField::ExpiryDate => "date of expiry",
        }
    }
}

/// Something wrong with a zone: a failure makes it invalid, a warning does
/// not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem<'a> {
    /// A character outside `A`–`Z`, `0`–`9`, `<` (and `\n` between lines).
    IllegalCharacters {
        /// Where the first one is, counted from 1.
        line: usize,
        column: usize,
        first: char,
        count: usize,
    },
    /// The lines fit none of the layouts.
    LineCountOrLength {
        lines: usize,
        /// Characters in each of the first three lines.
        lengths: [usize; 3],
    },
    /// A check digit that does not match its field(s); `found` is the
    /// character printed (`None` if not ASCII).
    CheckDigit {
        which: CheckDigit,
        found: Option<char>,
        expected: char,
    },
    /// A date that is no date.
    Date { which: DateField, raw: Cow<'a, str> },
    /// A field whose value cannot be right.
    Field { which: Field, found: Cow<'a, str> },
    /// A code that is not a country (warning).
    SpecialCode {
        which: Field,
        code: Cow<'a, str>,
        meaning: &'static str,
    },
    /// A code in no list (warning).
    UnknownCode { which: Field, code: Cow<'a, str> },
    /// The document had expired on the as-of date (warning).
    Expired { expiry: Date, as_of: Date },
    /// Day, month or the whole date of birth given as unknown (warning).
    BirthDateIncomplete { raw: Cow<'a, str> },
}

impl Problem<'_> {
    pub fn is_failure(&self) -> bool {
        !matches!(
            self,
            Problem::SpecialCode { .. }
                | Problem::UnknownCode { .. }
                | Problem::Expired { .. }
                | Problem::BirthDateIncomplete { .. }
        )
    }

    /// The machine-readable code: `check_digit:composite`, `field:sex`,
    /// `issuing_state:special_code:UTO`, `expiry_date:expired`…
    pub fn code(&self) -> Cow<'static, str> {
        match self {
            Problem::IllegalCharacters { .. } => "structure:illegal_characters".into(),
            Problem::LineCountOrLength { .. } => "structure:line_count_or_length".into(),
            Problem::CheckDigit { which, .. } => format!("check_digit:{}", which.name()).into(),
            Problem::Date { which, .. } => format!("date:{}", which.name()).into(),
            Problem::Field { which, .. } => format!("field:{}", which.name()).into(),
            Problem::SpecialCode { which, code, .. } => {
                format!("{}:special_code:{code}", which.name()).into()
            }
            Problem::UnknownCode { which, code } => {
                format!("{}:unknown_code:{code}", which.name()).into()
            }
            Problem::Expired { .. } => "expiry_date:expired".into(),
            Problem::BirthDateIncomplete { .. } => "birth_date:incomplete".into(),
        }
    }

    /// A sentence for a person: what is wrong, where, and what it may mean.
    pub fn message(&self) -> String {
        match self {
            Problem::IllegalCharacters {
                line,
                column,
                first,
                count,
            } => {
                let more = if *count > 1 {
                    format!(" ({count} illegal characters in all)")
                } else {
                    String::new()
                };
                format!(
                    "line {line}, column {column}: {} is not allowed; a zone holds only A-Z, 0-9 \
                     and < (lines are joined by a line feed alone){more}",
                    describe(*first)
                )
            }
            Problem::LineCountOrLength { lines, lengths } => {
                let found = match lines {
                    1 => format!("1 line of {}", lengths[0]),
                    2 | 3 => {
                        let l = &lengths[..*lines];
                        let l: Vec<String> = l.iter().map(usize::to_string).collect();
                        format!("{lines} lines of {} characters", l.join(", "))
                    }
                    n => format!("{n} lines"),
                };
                format!(
                    "a zone has 3 lines of 30 characters (TD1), 2 of 36 (TD2, MRV-B) or 2 of 44 \
                     (TD3, MRV-A); this has {found}"
                )
            }
            Problem::CheckDigit {
                which,
                found,
                expected,
            } => {
                let found = match found {
                    Some(c) => format!("'{c}'"),
                    None => "a character outside A-Z, 0-9 and <".to_owned(),
                };
                format!(
                    "{} is {found} but the characters it covers give {expected}: one of them, or \
                     the check digit, was misread or altered",
                    which.what()
                )
            }
            Problem::Date { which, raw } => format!(
                "the {} {raw:?} is not a date (YYMMDD{})",
                which.what(),
                if *which == DateField::BirthDate {
                    ", with << for an unknown day or month"
                } else {
                    ""
                }
            ),
            Problem::Field { which, found } => match which {
                Field::Sex => format!(
                    "sex must be M, F or < (unspecified), found {found:?}; a document that \
                     prints X in its visual zone writes < in the machine-readable zone"
                ),
                Field::DocumentCode => format!(
                    "document code {found:?} does not fit the layout: P for a passport (TD3), \
                     V for a visa, A, C or I for a TD1 or TD2 card, then a letter or <"
                ),
                Field::DocumentNumber => "the document number is empty".to_owned(),
                Field::IssuingState | Field::Nationality => format!(
                    "{} {found:?} is not a code: one to three letters A-Z, padded with <",
                    which.what()
                ),
            },
            Problem::SpecialCode {
                which,
                code,
                meaning,
            } => format!("{} {code} is not a country but {meaning}", which.what()),
            Problem::UnknownCode { which, code } => format!(
                "{} {code} is neither an ISO 3166-1 country code nor one of ICAO's codes",
                which.what()
            ),
            Problem::Expired { expiry, as_of } => {
                format!("the document expired on {expiry} (checked as of {as_of})")
            }
            Problem::BirthDateIncomplete { raw } => {
                format!("the date of birth is only partly known ({raw})")
            }
        }
    }
}

fn describe(c: char) -> String {
    match c {
        '\r' => "a carriage return".to_owned(),
        '\t' => "a tab".to_owned(),
        ' ' => "a space".to_owned(),
        c if c.is_lowercase() => format!("lower-case {c:?}"),
        c if c.is_control() => format!("the control character U+{:04X}", c as u32),
        c => format!("{c:?} (U+{:04X})", c as u32),
    }
}

/// Where a field is: line, first and one-past-last column (from 0).
type Span = (usize, usize, usize);

/// Where each element of a layout is.
struct Layout {
    code: Span,
    state: Span,
    name: Span,
    number: Span,
    number_check: Span,
    nationality: Span,
    birth: Span,
    birth_check: Span,
    sex: Span,
    expiry: Span,
    expiry_check: Span,
    optional: Span,
    /// TD3's personal number check digit.
    optional_check: Option<Span>,
    optional_2: Option<Span>,
    /// The composite check digit and the spans it covers.
    composite: Option<(Span, &'static [Span])>,
    /// TD1 and TD2 may continue a long number in the optional data.
    long_numbers: bool,
}

const TD1: Layout = Layout {
    code: (0, 0, 2),
    state: (0, 2, 5),
    number: (0, 5, 14),
    number_check: (0, 14, 15),
    optional: (0, 15, 30),
    birth: (1, 0, 6),
    birth_check: (1, 6, 7),
    sex: (1, 7, 8),
    expiry: (1, 8, 14),
    expiry_check: (1, 14, 15),
    nationality: (1, 15, 18),
    optional_2: Some((1, 18, 29)),
    composite: Some((
        (1, 29, 30),
        &[(0, 5, 30), (1, 0, 7), (1, 8, 15), (1, 18, 29)],
    )),
    name: (2, 0, 30),
    optional_check: None,
    long_numbers: true,
};

/// TD2, TD3, MRV-A and MRV-B: the same up to the expiry check digit; they
/// differ in width, optional data and check digits after it.
macro_rules! two_lines {
    ($width:expr, $optional:expr, $optional_check:expr, $composite:expr, $long:expr) => {
        Layout {
            code: (0, 0, 2),
            state: (0, 2, 5),
            name: (0, 5, $width),
            number: (1, 0, 9),
            number_check: (1, 9, 10),
            nationality: (1, 10, 13),
            birth: (1, 13, 19),
            birth_check: (1, 19, 20),
            sex: (1, 20, 21),
            expiry: (1, 21, 27),
            expiry_check: (1, 27, 28),
            optional: $optional,
            optional_check: $optional_check,
            optional_2: None,
            composite: $composite,
            long_numbers: $long,
        }
    };
}

const TD2: Layout = two_lines!(
    36,
    (1, 28, 35),
    None,
    Some(((1, 35, 36), &[(1, 0, 10), (1, 13, 20), (1, 21, 35)])),
    true
);
const TD3: Layout = two_lines!(
    44,
    (1, 28, 42),
    Some((1, 42, 43)),
    Some(((1, 43, 44), &[(1, 0, 10), (1, 13, 20), (1, 21, 43)])),
    false
);
const MRV_A: Layout = two_lines!(44, (1, 28, 44), None, None, false);
const MRV_B: Layout = two_lines!(36, (1, 28, 36), None, None, false);

fn layout(format: Format) -> &'static Layout {
    match format {
        Format::Td1 => &TD1,
        Format::Td2 => &TD2,
        Format::Td3 => &TD3,
        Format::MrvA => &MRV_A,
        Format::MrvB => &MRV_B,
    }
}

/// Marks a character that is not ASCII in [`Zone::cells`].
const NOT_ASCII: u8 = 0xFF;

/// The zone's lines, one byte per character.
struct Zone<'a> {
    lines: [&'a str; 3],
    ascii: bool,
    cells: [[u8; 44]; 3],
}

impl<'a> Zone<'a> {
    fn new(lines: [&'a str; 3], count: usize) -> Zone<'a> {
        let ascii = lines.iter().all(|l| l.is_ascii());
        let mut cells = [[b'<'; 44]; 3];
        for (row, line) in cells.iter_mut().zip(&lines).take(count) {
            if ascii {
                row[..line.len()].copy_from_slice(line.as_bytes());
            } else {
                for (cell, c) in row.iter_mut().zip(line.chars()) {
                    *cell = if c.is_ascii() { c as u8 } else { NOT_ASCII };
                }
            }
        }
        Zone {
            lines,
            ascii,
            cells,
        }
    }

    fn cells(&self, (line, start, end): Span) -> &[u8] {
        &self.cells[line][start..end]
    }

    fn cell(&self, span: Span) -> u8 {
        self.cells[span.0][span.1]
    }

    fn text(&self, (line, start, end): Span) -> Cow<'a, str> {
        let line = self.lines[line];
        if self.ascii {
            Cow::Borrowed(&line[start..end])
        } else {
            Cow::Owned(line.chars().skip(start).take(end - start).collect())
        }
    }
}

/// Reads and checks `zone` (lines joined by `\n`) as of the date `as_of`,
/// which decides the century of two-digit years and whether the document
/// has expired.
pub fn validate(zone: &str, as_of: Date) -> Validation<'_> {
    let mut problems = Vec::new();
    if let Some(p) = illegal_characters(zone) {
        problems.push(p);
    }
    let mut lines = [""; 3];
    let mut lengths = [0usize; 3];
    let mut count = 0;
    for line in zone.split('\n') {
        if count < 3 {
            lines[count] = line;
            lengths[count] = if line.is_ascii() {
                line.len()
            } else {
                line.chars().count()
            };
        }
        count += 1;
    }
    let format = match (count, lengths) {
        (3, [30, 30, 30]) => Some(Format::Td1),
        (2, [36, 36, _]) if lines[0].starts_with('V') => Some(Format::MrvB),
        (2, [36, 36, _]) => Some(Format::Td2),
        (2, [44, 44, _]) if lines[0].starts_with('V') => Some(Format::MrvA),
        (2, [44, 44, _]) => Some(Format::Td3),
        _ => None,
    };
    let Some(format) = format else {
        problems.insert(
            0,
            Problem::LineCountOrLength {
                lines: count,
                lengths,
            },
        );
        return Validation {
            format: None,
            fields: None,
            check_digits: CheckDigits::default(),
            problems,
        };
    };
    let zone = Zone::new(lines, count);
    let mut reader = Reader {
        zone: &zone,
        layout: layout(format),
        format,
        as_of,
        check_digits: CheckDigits::default(),
        problems,
    };
    let fields = reader.read();
    Validation {
        format: Some(format),
        fields: Some(fields),
        check_digits: reader.check_digits,
        problems: reader.problems,
    }
}

fn illegal_characters(zone: &str) -> Option<Problem<'static>> {
    let legal = |b: u8| {
        (b.wrapping_sub(b'A') < 26) | (b.wrapping_sub(b'0') < 10) | (b == b'<') | (b == b'\n')
    };
    // Without short-circuits the common case, every byte legal, runs on
    // whole vectors of bytes at once.
    if zone.bytes().fold(true, |ok, b| ok & legal(b)) {
        return None;
    }
    let (mut line, mut column, mut first, mut count) = (1, 0, None, 0);
    for c in zone.chars() {
        if c == '\n' {
            line += 1;
            column = 0;
            continue;
        }
        column += 1;
        if !(c.is_ascii() && legal(c as u8)) {
            count += 1;
            first.get_or_insert((line, column, c));
        }
    }
    let (line, column, first) = first?;
    Some(Problem::IllegalCharacters {
        line,
        column,
        first,
        count,
    })
}

struct Reader<'z, 'a> {
    zone: &'z Zone<'a>,
    layout: &'static Layout,
    format: Format,
    as_of: Date,
    check_digits: CheckDigits,
    problems: Vec<Problem<'a>>,
}

impl<'a> Reader<'_, 'a> {
    fn read(&mut self) -> Fields<'a> {
        let (zone, layout) = (self.zone, self.layout);
        let document_code = self.document_code();
        let issuing_state = self.code(Field::IssuingState, layout.state);
        let (surname, given_names, name_may_be_truncated) = names(zone.text(layout.name));
        let (document_number, document_number_extended, optional_data) = self.number();
        let nationality = self.code(Field::Nationality, layout.nationality);
        let birth_date = self.birth_date();
        let sex = zone.text(layout.sex);
        if !matches!(zone.cell(layout.sex), b'M' | b'F' | b'<') {
            self.problems.push(Problem::Field {
                which: Field::Sex,
                found: sex.clone(),
            });
        }
        let expiry_date = self.expiry_date();
        if let Some(span) = layout.optional_check {
            // An empty personal number may have < or 0 as its check digit.
            let empty = zone.cells(layout.optional).iter().all(|&b| b == b'<');
            let ok = empty && zone.cell(span) == b'<';
            self.check(CheckDigit::OptionalData, &[layout.optional], span, ok);
        }
        if let Some((span, pieces)) = layout.composite {
            self.check(CheckDigit::Composite, pieces, span, false);
        }
        self.order_problems();
        Fields {
            document_code,
            issuing_state,
            surname,
            given_names,
            name_may_be_truncated,
            document_number,
            document_number_extended,
            nationality,
            birth_date,
            birth_date_raw: zone.text(layout.birth),
            sex,
            expiry_date,
            expiry_date_raw: zone.text(layout.expiry),
            optional_data,
            optional_data_2: layout.optional_2.map(|s| trim_fillers(zone.text(s))),
        }
    }

    /// Checks the digit at `at` against `pieces`; `also_ok` accepts it
    /// whatever it is.
    fn check(&mut self, which: CheckDigit, pieces: &[Span], at: Span, also_ok: bool) {
        let expected = check_value(pieces.iter().map(|&s| self.zone.cells(s)));
        let found = self.zone.cell(at);
        let ok = also_ok || found == b'0' + expected;
        self.check_digits.set(which, ok);
        if !ok {
            self.problems.push(Problem::CheckDigit {
                which,
                found: (found != NOT_ASCII).then_some(char::from(found)),
                expected: char::from(b'0' + expected),
            });
        }
    }

    fn document_code(&mut self) -> Cow<'a, str> {
        let c = self.zone.cells(self.layout.code);
        let second = c[1] == b'<' || c[1].is_ascii_uppercase();
        let ok = match self.format {
            Format::Td1 | Format::Td2 => {
                matches!(c[0], b'A' | b'C' | b'I') && second && c[1] != b'V'
            }
            Format::Td3 => c[0] == b'P' && second,
            Format::MrvA | Format::MrvB => c[0] == b'V' && second,
        };
        let code = self.zone.text(self.layout.code);
        if !ok {
            self.problems.push(Problem::Field {
                which: Field::DocumentCode,
                found: code.clone(),
            });
        }
        trim_fillers(code)
    }

    /// An issuing state or nationality: one to three letters padded with
    /// fillers, then looked up.
    fn code(&mut self, which: Field, span: Span) -> Cow<'a, str> {
        let cells = self.zone.cells(span);
        let letters = cells.iter().take_while(|b| b.is_ascii_uppercase()).count();
        let text = self.zone.text(span);
        if letters == 0 || cells[letters..].iter().any(|&b| b != b'<') {
            self.problems.push(Problem::Field {
                which,
                found: text.clone(),
            });
            return text;
        }
        let code = trim_fillers(text.clone());
        match classify(&code) {
            CodeKind::Country | CodeKind::Recognised(_) => {}
            CodeKind::Special(meaning) => self.problems.push(Problem::SpecialCode {
                which,
                code,
                meaning,
            }),
            CodeKind::Unknown => self.problems.push(Problem::UnknownCode { which, code }),
        }
        text
    }

    /// The document number, whether it continues in the optional data, and
    /// the optional data that is left.
    fn number(&mut self) -> (Cow<'a, str>, bool, Cow<'a, str>) {
        let (zone, layout) = (self.zone, self.layout);
        let head = zone.cells(layout.number);
        let optional = zone.cells(layout.optional);
        let continued = layout.long_numbers
            && zone.cell(layout.number_check) == b'<'
            && head[head.len() - 1] != b'<'
            && optional[0] != b'<';
        if !continued {
            self.check(
                CheckDigit::DocumentNumber,
                &[layout.number],
                layout.number_check,
                false,
            );
            let number = trim_fillers(zone.text(layout.number));
            if number.is_empty() {
                self.problems.push(Problem::Field {
                    which: Field::DocumentNumber,
                    found: number.clone(),
                });
            }
            return (number, false, trim_fillers(zone.text(layout.optional)));
        }
        // Doc 9303 Parts 5 and 6: the rest of the number, its check digit
        // and a filler open the optional data.
        let (line, start, end) = layout.optional;
        let length = optional
            .iter()
            .position(|&b| b == b'<')
            .unwrap_or(optional.len());
        let rest = (line, start, start + length - 1);
        let check_at = (line, start + length - 1, start + length);
        self.check(
            CheckDigit::DocumentNumber,
            &[layout.number, rest],
            check_at,
            false,
        );
        let mut number = zone.text(layout.number).into_owned();
        number.push_str(&zone.text(rest));
        let left = (line, (start + length + 1).min(end), end);
        (Cow::Owned(number), true, trim_fillers(zone.text(left)))
    }

    fn birth_date(&mut self) -> Option<Date> {
        let layout = self.layout;
        self.check(
            CheckDigit::BirthDate,
            &[layout.birth],
            layout.birth_check,
            false,
        );
        let raw = self.zone.cells(layout.birth);
        match read_birth_date(raw, self.as_of) {
            BirthDate::Full(date) => Some(date),
            BirthDate::Partial => {
                self.problems.push(Problem::BirthDateIncomplete {
                    raw: self.zone.text(layout.birth),
                });
                None
            }
            BirthDate::Invalid => {
                self.problems.push(Problem::Date {
                    which: DateField::BirthDate,
                    raw: self.zone.text(layout.birth),
                });
                None
            }
        }
    }

    fn expiry_date(&mut self) -> Option<Date> {
        let layout = self.layout;
        self.check(
            CheckDigit::ExpiryDate,
            &[layout.expiry],
            layout.expiry_check,
            false,
        );
        let date = read_expiry_date(self.zone.cells(layout.expiry), self.as_of);
        match date {
            None => self.problems.push(Problem::Date {
                which: DateField::ExpiryDate,
                raw: self.zone.text(layout.expiry),
            }),
            Some(expiry) if expiry < self.as_of => self.problems.push(Problem::Expired {
                expiry,
                as_of: self.as_of,
            }),
            Some(_) => {}
        }
        date
    }

    /// Problems in a fixed order whatever the layout: structure, check
    /// digits, dates, fields, then warnings.
    fn order_problems(&mut self) {
        fn rank(p: &Problem) -> usize {
            match p {
                Problem::IllegalCharacters { .. } | Problem::LineCountOrLength { .. } => 0,
                Problem::CheckDigit { which, .. } => 1 + *which as usize,
                Problem::Date { .. } => 10,
                Problem::Field { .. } => 11,
                _ => 20,
            }
        }
        // Stable, so fields and warnings keep the order they are read in.
        self.problems.sort_by_key(rank);
    }
}

enum BirthDate {
    Full(Date),
    /// `YYMM<<`, `YY<<<<` or `<<<<<<`.
    Partial,
    Invalid,
}

fn two_digits(cells: &[u8]) -> Option<u32> {
    match cells {
        [a @ b'0'..=b'9', b @ b'0'..=b'9'] => Some(u32::from(a - b'0') * 10 + u32::from(b - b'0')),
        _ => None,
    }
}

/// A date of birth is in the past: the latest year ending in its two
/// digits that puts it on or before `as_of`.
fn read_birth_date(raw: &[u8], as_of: Date) -> BirthDate {
    if raw == b"<<<<<<" {
        return BirthDate::Partial;
    }
    let Some(yy) = two_digits(&raw[0..2]) else {
        return BirthDate::Invalid;
    };
    let unknown = |r: Range<usize>| raw[r].iter().all(|&b| b == b'<');
    let month = two_digits(&raw[2..4]);
    let day = two_digits(&raw[4..6]);
    let century = as_of.year() - as_of.year().rem_euclid(100);
    let year_for = |month: u32, day: u32| {
        let year = century + yy as i32;
        if (year, month, day) > (as_of.year(), as_of.month(), as_of.day()) {
            year - 100
        } else {
            year
        }
    };
    match (month, day) {
        (Some(m), Some(d)) => {
            let year = year_for(m, d);
            Date::new(year, m, d).map_or(BirthDate::Invalid, BirthDate::Full)
        }
        (Some(m), None) if unknown(4..6) && (1..=12).contains(&m) => BirthDate::Partial,
        (None, None) if unknown(2..6) => BirthDate::Partial,
        _ => BirthDate::Invalid,
    }
}

/// How far ahead of the as-of date an expiry year may be read: passports
/// are valid for at most ten years, some identity cards for fifteen.
const EXPIRY_YEARS_AHEAD: i32 = 20;

/// A date of expiry is read in the hundred years that end
/// [`EXPIRY_YEARS_AHEAD`] years after `as_of`.
fn read_expiry_date(raw: &[u8], as_of: Date) -> Option<Date> {
    let yy = two_digits(&raw[0..2])? as i32;
    let month = two_digits(&raw[2..4])?;
    let day = two_digits(&raw[4..6])?;
    let mut year = as_of.year() - as_of.year().rem_euclid(100) + yy;
    if year > as_of.year() + EXPIRY_YEARS_AHEAD {
        year -= 100;
    } else if year <= as_of.year() + EXPIRY_YEARS_AHEAD - 100 {
        year += 100;
    }
    Date::new(year, month, day)
}

/// Surname and given names: the primary identifier ends at the first `<<`;
/// `<` within each becomes a space.
fn names(field: Cow<'_, str>) -> (Cow<'_, str>, Cow<'_, str>, bool) {
    let truncated = !field.ends_with('<');
    let (surname, given) = match field.as_bytes().windows(2).position(|w| w == b"<<") {
        Some(at) => (sub(&field, 0..at), sub(&field, at + 2..field.len())),
        None => (field.clone(), Cow::Borrowed("")),
    };
    (spaced(surname), spaced(given), truncated)
}

fn spaced(part: Cow<'_, str>) -> Cow<'_, str> {
    let part = trim_fillers_both(part);
    if part.contains('<') {
        Cow::Owned(part.replace('<', " "))
    } else {
        part
    }
}

fn sub<'a>(text: &Cow<'a, str>, range: Range<usize>) -> Cow<'a, str> {
    match text {
        Cow::Borrowed(s) => Cow::Borrowed(&s[range]),
        Cow::Owned(s) => Cow::Owned(s[range].to_owned()),
    }
}

fn trim_fillers(text: Cow<'_, str>) -> Cow<'_, str> {
    let end = text.trim_end_matches('<').len();
    sub(&text, 0..end)
}

fn trim_fillers_both(text: Cow<'_, str>) -> Cow<'_, str> {
    let end = text.trim_end_matches('<').len();
    let start = end - text[..end].trim_start_matches('<').len();
    sub(&text, start..end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn as_of() -> Date {
        Date::new(2025, 1, 1).unwrap()
    }

    #[test]
    fn centuries_follow_the_as_of_date() {
        let birth = |raw: &[u8]| match read_birth_date(raw, as_of()) {
            BirthDate::Full(d) => d.to_string(),
            BirthDate::Partial => "partial".into(),
            BirthDate::Invalid => "invalid".into(),
        };
        assert_eq!(birth(b"250101"), "2025-01-01");
        assert_eq!(birth(b"250102"), "1925-01-02");
        assert_eq!(birth(b"000229"), "2000-02-29");
        assert_eq!(birth(b"680229"), "1968-02-29");
        assert_eq!(birth(b"690229"), "invalid");
        assert_eq!(birth(b"8712<<"), "partial");
        assert_eq!(birth(b"87<<<<"), "partial");
        assert_eq!(birth(b"<<<<<<"), "partial");
        assert_eq!(birth(b"87<<01"), "invalid");
        assert_eq!(birth(b"8713<<"), "invalid");
        let expiry = |raw: &[u8]| read_expiry_date(raw, as_of()).map(|d| d.to_string());
        assert_eq!(expiry(b"450101").as_deref(), Some("2045-01-01"));
        assert_eq!(expiry(b"460101").as_deref(), Some("1946-01-01"));
        assert_eq!(expiry(b"950712").as_deref(), Some("1995-07-12"));
        assert_eq!(expiry(b"<<<<<<"), None);
        assert_eq!(expiry(b"230229"), None);
    }

    #[test]
    fn names_split_at_the_first_double_filler() {
        let n = |s: &'static str| {
            let (a, b, t) = names(Cow::Borrowed(s));
            (a.into_owned(), b.into_owned(), t)
        };
        assert_eq!(
            n("ERIKSSON<<ANNA<MARIA<<<<<<"),
            ("ERIKSSON".into(), "ANNA MARIA".into(), false)
        );
        assert_eq!(
            n("<SPECIMEN1<<SPECIMEN2<<BAD<<<<"),
            ("SPECIMEN1".into(), "SPECIMEN2  BAD".into(), false)
        );
        assert_eq!(n("<<ANNA<<<"), ("".into(), "ANNA".into(), false));
        assert_eq!(n("ARKFREITH<<<<"), ("ARKFREITH".into(), "".into(), false));
        assert_eq!(
            n("CACADOR<DE<ARAUJO<<ANDRE<ESTEV"),
            ("CACADOR DE ARAUJO".into(), "ANDRE ESTEV".into(), true)
        );
    }

    #[test]
    fn text_that_is_not_ascii_is_located_and_read() {
        let zone = "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSÖN<<ANNA<MARIA<<<<<<<<<<";
        let v = validate(zone, as_of());
        assert_eq!(v.format, Some(Format::Td1));
        let fields = v.fields.as_ref().unwrap();
        assert_eq!(fields.surname, "ERIKSSÖN");
        assert_eq!(
            v.problems[0],
            Problem::IllegalCharacters {
                line: 3,
                column: 7,
                first: 'Ö',
                count: 1
            }
        );
        assert!(!v.is_valid());
    }
}
