//! The checks of one sighting on its own: the zone's form, the zone
//! against what was recorded, expiry, specimens, national numbers, the
//! stolen and lost list.

use super::names::{self, Name, Verdict};
use super::{
    same_state, DocumentKind, Finding, Holder, Indicator, PartialDate, Severity, Sighting,
};
use crate::codes::{classify, CodeKind};
use crate::date::Date;
use crate::national::{self, NationalNumber, Scheme};
use crate::stolen_lost::{normalise_number, StolenLostList};
use crate::validate::{Fields, Problem, Validation};

/// Numbers of published specimen documents, and what each is.
const SPECIMEN_NUMBERS: &[(&str, &str)] = &[
    ("L898902C3", "the specimen passport of ICAO Doc 9303 Part 4"),
    (
        "D23145890",
        "the specimen identity card of ICAO Doc 9303 Parts 5 and 6",
    ),
    ("L8988901C", "the specimen visa of ICAO Doc 9303 Part 7"),
    (
        "C01X0006H",
        "Germany's specimen passport (Erika Mustermann)",
    ),
    (
        "C01X00T47",
        "Germany's specimen passport (Erika Mustermann)",
    ),
    (
        "T22000129",
        "Germany's specimen identity card (Erika Mustermann)",
    ),
];

/// What published specimen document a number is, if it is one (spaces,
/// dashes and case ignored; a number of more than nine characters counts
/// if it begins with one, as a zone's optional data runs on after it).
/// Many people carry copies of the same specimen, so its number identifies
/// nobody.
pub fn specimen_number(number: &str) -> Option<&'static str> {
    let n = normalise_number(number);
    SPECIMEN_NUMBERS
        .iter()
        .find(|(specimen, _)| n == *specimen || (n.len() > 9 && n.starts_with(specimen)))
        .map(|(_, what)| *what)
}

/// Words that specimen documents print as a name ("specimen" in English
/// and Czech; the German and Austrian specimen surnames).
const SPECIMEN_WORDS: &[&str] = &["SPECIMEN", "VZOR", "MUSTERMANN", "MUSTERFRAU"];

/// Names of published specimens, surname and given names: real people
/// bear them too, so alone they are only medium.
const SPECIMEN_NAMES: &[(&str, &str, &str)] = &[
    ("ERIKSSON", "ANNA MARIA", "ICAO Doc 9303's specimen holder"),
    (
        "STEVENSON",
        "PETER JOHN",
        "ICAO Doc 9303 Part 5's example holder",
    ),
];

struct Out<'f> {
    sighting: usize,
    findings: &'f mut Vec<Finding>,
}

impl Out<'_> {
    fn push(
        &mut self,
        indicator: Indicator,
        severity: Severity,
        evidence: String,
        codes: Vec<String>,
    ) {
        self.findings.push(Finding {
            sighting: self.sighting,
            indicator,
            severity,
            evidence,
            codes,
            related: Vec::new(),
        });
    }
}

pub(super) fn screen(
    index: usize,
    s: &Sighting,
    zone: Option<&Validation<'_>>,
    list: Option<&StolenLostList>,
    findings: &mut Vec<Finding>,
) {
    let mut out = Out {
        sighting: index,
        findings,
    };
    let fields = zone.and_then(|z| z.fields.as_ref());
    if let Some(z) = zone {
        zone_form(z, &mut out);
    }
    specimen(s, fields, &mut out);
    if let Some(f) = fields {
        for h in &s.holders {
            holder_against_zone(h, f, &mut out);
        }
        record_against_zone(s, f, &mut out);
    }
    issuing_state_not_nationality(s, fields, &mut out);
    expired(s, fields, &mut out);
    national_numbers(s, fields, &mut out);
    if let Some(list) = list {
        stolen_lost(s, fields, list, &mut out);
    }
}

fn zone_form(z: &Validation<'_>, out: &mut Out<'_>) {
    let failures: Vec<&Problem<'_>> = z.failures().collect();
    if !failures.is_empty() {
        let severe = failures.iter().any(|p| {
            matches!(
                p,
                Problem::CheckDigit { .. }
                    | Problem::IllegalCharacters { .. }
                    | Problem::LineCountOrLength { .. }
            )
        });
        let messages: Vec<String> = failures.iter().map(|p| p.message()).collect();
        out.push(
            Indicator::MrzInvalid,
            if severe {
                Severity::High
            } else {
                Severity::Medium
            },
            format!("the zone is not well formed: {}", messages.join("; ")),
            failures.iter().map(|p| p.code().into_owned()).collect(),
        );
    }
    let unknown: Vec<&Problem<'_>> = z
        .warnings()
        .filter(|p| matches!(p, Problem::UnknownCode { .. }))
        .collect();
    if !unknown.is_empty() {
        let messages: Vec<String> = unknown
            .iter()
            .map(|p| match p {
                Problem::UnknownCode { code, .. } if code.trim_end_matches('<') == "XKX" => {
                    format!("{} (Kosovo's documents print RKS)", p.message())
                }
                _ => p.message(),
            })
            .collect();
        out.push(
            Indicator::MrzUnknownCode,
            Severity::Low,
            messages.join("; "),
            unknown.iter().map(|p| p.code().into_owned()).collect(),
        );
    }
}

fn specimen(s: &Sighting, fields: Option<&Fields<'_>>, out: &mut Out<'_>) {
    let mut high = Vec::new();
    let mut medium = Vec::new();
    let mut states: Vec<(&str, &str)> = Vec::new();
    if let Some(f) = fields {
        states.push(("the zone's issuing state", &f.issuing_state));
        states.push(("the zone's nationality", &f.nationality));
    }
    if let Some(st) = &s.issuing_state {
        states.push(("the recorded issuing state", st));
    }
    for h in &s.holders {
        if let Some(n) = &h.nationality {
            states.push(("the holder's recorded nationality", n));
        }
    }
    for (what, code) in states {
        if code.trim_end_matches('<') == "UTO" {
            high.push(format!(
                "{what} is UTO, the specimen state Utopia of ICAO Doc 9303"
            ));
        }
    }
    let numbers = numbers_of(s, fields);
    for n in &numbers {
        if let Some(what) = specimen_number(n) {
            high.push(format!("the number {n} is that of {what}"));
        }
    }
    let mut names: Vec<(String, String)> = Vec::new();
    if let Some(f) = fields {
        names.push((f.surname.to_string(), f.given_names.to_string()));
    }
    for h in &s.holders {
        let upper = |v: &Option<String>| {
            v.as_deref()
                .map(corridor_text::translit::icao_mrz)
                .map(|n| n.replace('<', " "))
                .unwrap_or_default()
        };
        names.push((upper(&h.family_name), upper(&h.given_name)));
        names.push((upper(&h.full_name), String::new()));
    }
    for (surname, given) in &names {
        let word = surname
            .split(' ')
            .chain(given.split(' '))
            .find(|w| SPECIMEN_WORDS.contains(w));
        if let Some(w) = word {
            high.push(format!(
                "the name holds {w}, which specimen documents print"
            ));
        }
        let pair = SPECIMEN_NAMES
            .iter()
            .find(|(s, g, _)| surname == s && given == g);
        if let Some((s, g, who)) = pair {
            medium.push(format!("{s} {g} is the name of {who}"));
        }
    }
    high.dedup();
    medium.dedup();
    if !high.is_empty() {
        high.extend(medium);
        out.push(
            Indicator::Specimen,
            Severity::High,
            format!("a specimen document or a copy of one: {}", high.join("; ")),
            Vec::new(),
        );
    } else if !medium.is_empty() {
        out.push(
            Indicator::Specimen,
            Severity::Medium,
            format!(
                "possibly copied from a specimen: {}; real people bear this name too",
                medium.join("; ")
            ),
            Vec::new(),
        );
    }
}

/// The document's numbers, recorded and in the zone, as a zone writes them.
fn numbers_of(s: &Sighting, fields: Option<&Fields<'_>>) -> Vec<String> {
    let mut numbers: Vec<String> = Vec::new();
    let zone = fields
        .map(|f| normalise_number(&f.document_number))
        .filter(|n| !n.is_empty());
    let recorded = s
        .number
        .as_deref()
        .map(normalise_number)
        .filter(|n| !n.is_empty());
    for n in zone.into_iter().chain(recorded) {
        if !numbers.contains(&n) {
            numbers.push(n);
        }
    }
    numbers
}

fn holder_name(h: &Holder) -> Name {
    Name::recorded(
        h.given_name.as_deref(),
        h.family_name.as_deref(),
        h.full_name.as_deref(),
        &h.aliases,
    )
}

/// How a person reads a recorded name.
fn recorded_name_text(h: &Holder) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for p in [&h.given_name, &h.family_name, &h.full_name]
        .into_iter()
        .flatten()
    {
        parts.push(p);
    }
    parts.join(" ")
}

fn holder_against_zone(h: &Holder, f: &Fields<'_>, out: &mut Out<'_>) {
    let zone_name = Name::from_zone(&f.surname, &f.given_names, f.name_may_be_truncated);
    let recorded = holder_name(h);
    let shown = format!("{}, {}", f.surname, f.given_names);
    let who = recorded_name_text(h);
    match names::compare(&zone_name, &recorded) {
        Verdict::Compatible => {}
        Verdict::Entirely => out.push(
            Indicator::NameMismatch,
            Severity::High,
            format!(
                "the zone's name {shown} shares no name with the holder's recorded name {who:?}, \
                 in any transliteration"
            ),
            Vec::new(),
        ),
        Verdict::Surname {
            surname,
            instead,
            near,
            given_agree,
        } => out.push(
            Indicator::NameMismatch,
            if near || given_agree {
                Severity::Medium
            } else {
                Severity::High
            },
            format!(
                "the zone's surname {} is not in the holder's recorded name {who:?}, which has {} \
                 instead{} (zone: {shown})",
                surname.join(" "),
                instead.join(" "),
                if near {
                    ", a close spelling: a variant with slips, or another name"
                } else if given_agree {
                    "; the given names agree: a surname changed by marriage, a slip, or an \
                     altered surname"
                } else {
                    ", in no transliteration or spelling close to it"
                }
            ),
            Vec::new(),
        ),
        Verdict::GivenNames { given, instead } => out.push(
            Indicator::NameMismatch,
            Severity::Medium,
            format!(
                "the surname agrees but the zone's given names {} are not in the holder's \
                 recorded name {who:?}, which has {} instead: another member of the family's \
                 document?",
                given.join(" "),
                instead.join(" ")
            ),
            Vec::new(),
        ),
    }
    if let Some(recorded) = h.birth_date {
        birth_date(&f.birth_date_raw, f.birth_date, recorded, out);
    }
    if let (Some(sex), Some(zone)) = (h.sex, f.sex.chars().next()) {
        if matches!(zone, 'M' | 'F') && zone != sex.mrz() {
            out.push(
                Indicator::SexMismatch,
                Severity::High,
                format!(
                    "the zone says sex {zone} but the holder is recorded as {}",
                    sex.mrz()
                ),
                Vec::new(),
            );
        }
    }
    if let Some(n) = &h.nationality {
        let zone = f.nationality.trim_end_matches('<');
        if comparable_code(n) && comparable_code(zone) && !same_state(n, zone) {
            out.push(
                Indicator::NationalityMismatch,
                Severity::High,
                format!(
                    "the zone's nationality is {zone} but the holder's recorded nationality is {n}"
                ),
                Vec::new(),
            );
        }
    }
}

/// A code worth comparing: not empty, and not one that means "unknown".
fn comparable_code(code: &str) -> bool {
    let code = code.trim_end_matches('<');
    !code.is_empty() && !matches!(code, "XXX" | "UNK")
}

/// How two dates agree, compared on the parts both know (years by their
/// last two digits, as the zone writes them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dates {
    Agree,
    /// Day and month exchanged: a common slip between date conventions.
    Swapped,
    Differ,
}

fn compare_parts(a: [Option<u32>; 3], b: [Option<u32>; 3]) -> Dates {
    let differs = |i: usize| matches!((a[i], b[i]), (Some(x), Some(y)) if x != y);
    if !(0..3).any(differs) {
        return Dates::Agree;
    }
    let swapped = a[0] == b[0]
        && matches!((a[1], a[2], b[1], b[2]), (Some(am), Some(ad), Some(bm), Some(bd)) if am == bd && ad == bm);
    if swapped {
        Dates::Swapped
    } else {
        Dates::Differ
    }
}

/// `YYMMDD` with `<<` for unknown parts; `None` if not of that form or
/// not a possible month and day (the zone's own check reports that).
pub(super) fn zone_date_parts(raw: &str) -> Option<[Option<u32>; 3]> {
    let parts = crate::national::birth_parts(raw)?;
    let possible = parts[1].is_none_or(|m| (1..=12).contains(&m))
        && parts[2].is_none_or(|d| (1..=31).contains(&d));
    possible.then_some(parts)
}

fn shown_zone_date(raw: &str, read: Option<Date>) -> String {
    match read {
        Some(d) => format!("{d} ({raw})"),
        None => raw.to_owned(),
    }
}

fn birth_date(raw: &str, read: Option<Date>, recorded: PartialDate, out: &mut Out<'_>) {
    let Some(zone) = zone_date_parts(raw) else {
        return;
    };
    let shown = shown_zone_date(raw, read);
    match compare_parts(zone, recorded.parts()) {
        Dates::Agree => {}
        Dates::Swapped => out.push(
            Indicator::BirthDateMismatch,
            Severity::Medium,
            format!(
                "the zone's date of birth {shown} is the holder's recorded {recorded} with day and \
                 month exchanged: a slip between date conventions, or an alteration"
            ),
            Vec::new(),
        ),
        Dates::Differ => out.push(
            Indicator::BirthDateMismatch,
            Severity::High,
            format!("the zone's date of birth is {shown} but the holder's recorded date of birth is {recorded}"),
            Vec::new(),
        ),
    }
}

/// The document as recorded (number, issuing state, expiry, kind) against
/// its zone.
fn record_against_zone(s: &Sighting, f: &Fields<'_>, out: &mut Out<'_>) {
    if let Some(recorded) = s.number.as_deref().map(normalise_number) {
        number_against_zone(&recorded, f, out);
    }
    if let Some(st) = &s.issuing_state {
        let zone = f.issuing_state.trim_end_matches('<');
        if comparable_code(st) && comparable_code(zone) && !same_state(st, zone) {
            out.push(
                Indicator::IssuingStateMismatch,
                Severity::High,
                format!("the zone's issuing state is {zone} but the document is recorded as issued by {st}"),
                Vec::new(),
            );
        }
    }
    if let (Some(recorded), Some(zone)) = (s.expiry_date, zone_date_parts(&f.expiry_date_raw)) {
        let shown = shown_zone_date(&f.expiry_date_raw, f.expiry_date);
        match compare_parts(zone, recorded.parts()) {
            Dates::Agree => {}
            Dates::Swapped => out.push(
                Indicator::ExpiryDateMismatch,
                Severity::Medium,
                format!("the zone's date of expiry {shown} is the recorded {recorded} with day and month exchanged"),
                Vec::new(),
            ),
            Dates::Differ => out.push(
                Indicator::ExpiryDateMismatch,
                Severity::High,
                format!("the zone's date of expiry is {shown} but the document is recorded as expiring {recorded}"),
                Vec::new(),
            ),
        }
    }
    if let Some(kind) = s.kind {
        let code = f.document_code.as_ref();
        let fits = match kind {
            DocumentKind::Passport => code.starts_with('P'),
            DocumentKind::IdentityCard => code.starts_with(['I', 'A', 'C']),
            DocumentKind::Visa => code.starts_with('V'),
            DocumentKind::ResidencePermit | DocumentKind::TravelDocument | DocumentKind::Other => {
                true
            }
        };
        if !fits {
            out.push(
                Indicator::DocumentTypeMismatch,
                Severity::Medium,
                format!(
                    "the document is recorded as {} but its zone has document code {code}",
                    with_article(&kind.name().replace('_', " "))
                ),
                Vec::new(),
            );
        }
    }
}

fn with_article(noun: &str) -> String {
    let article = if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {noun}")
}

/// Letters and digits that a person typing a number confuses.
fn confusable(c: u8) -> u8 {
    match c {
        b'O' | b'Q' | b'D' => b'0',
        b'I' | b'L' => b'1',
        b'Z' => b'2',
        b'S' => b'5',
        b'B' => b'8',
        b'G' => b'6',
        other => other,
    }
}

fn number_against_zone(recorded: &str, f: &Fields<'_>, out: &mut Out<'_>) {
    let zone = normalise_number(&f.document_number);
    if recorded.is_empty() || zone.is_empty() || recorded == zone {
        return;
    }
    // The number recorded with its check digit after it.
    if recorded.len() == zone.len() + 1
        && recorded.starts_with(zone.as_str())
        && recorded.ends_with(crate::mrz::check_digit(&zone))
    {
        return;
    }
    let looks_alike = recorded.len() == zone.len()
        && recorded
            .bytes()
            .zip(zone.bytes())
            .all(|(a, b)| confusable(a) == confusable(b));
    let (severity, why) = if looks_alike {
        (
            Severity::Low,
            "they differ only in characters that look alike (O and 0, I and 1…)",
        )
    } else if names::within(recorded, &zone, 1) {
        (
            Severity::Medium,
            "one character differs: a typing slip, or an altered number",
        )
    } else {
        (Severity::High, "they are different numbers")
    };
    out.push(
        Indicator::DocumentNumberMismatch,
        severity,
        format!("the zone's document number is {zone} but the document is recorded as {recorded}: {why}"),
        Vec::new(),
    );
}

fn issuing_state_not_nationality(s: &Sighting, fields: Option<&Fields<'_>>, out: &mut Out<'_>) {
    let national_kind = |code: &str| code.starts_with('P') || code.starts_with('I');
    let (state, nationality, whose) = match fields {
        Some(f) if national_kind(&f.document_code) => (
            f.issuing_state.trim_end_matches('<').to_owned(),
            f.nationality.trim_end_matches('<').to_owned(),
            "the zone's",
        ),
        Some(_) => return,
        None => {
            let national = matches!(
                s.kind,
                Some(DocumentKind::Passport | DocumentKind::IdentityCard)
            );
            let nationality = s.holders.iter().find_map(|h| h.nationality.clone());
            match (&s.issuing_state, nationality) {
                (Some(st), Some(n)) if national => (st.clone(), n, "the holder's recorded"),
                _ => return,
            }
        }
    };
    let country = |c: &str| classify(c) == CodeKind::Country;
    if country(&state) && country(&nationality) && !same_state(&state, &nationality) {
        out.push(
            Indicator::IssuingStateNotNationality,
            Severity::Medium,
            format!(
                "a national passport or identity card issued by {state}, but {whose} nationality \
                 is {nationality}: states issue these to their own nationals"
            ),
            Vec::new(),
        );
    }
}

fn expired(s: &Sighting, fields: Option<&Fields<'_>>, out: &mut Out<'_>) {
    let (expiry, shown) = match (fields.and_then(|f| f.expiry_date), s.expiry_date) {
        (Some(d), _) => (d, format!("{d} (zone)")),
        (None, Some(p)) => match p.last_day() {
            Some(d) => (d, p.to_string()),
            None => return,
        },
        (None, None) => return,
    };
    if expiry < s.seen_on {
        out.push(
            Indicator::Expired,
            Severity::Medium,
            format!(
                "the document expired on {shown}, before it was seen on {}",
                s.seen_on
            ),
            vec!["expiry_date:expired".to_owned()],
        );
    }
}

fn national_numbers(s: &Sighting, fields: Option<&Fields<'_>>, out: &mut Out<'_>) {
    let mut evidence: Vec<String> = Vec::new();
    let mut codes: Vec<String> = Vec::new();
    let mut severity = Severity::Low;
    let mut note = |sev: Severity, code: String, text: String| {
        severity = severity.max(sev);
        if !codes.contains(&code) {
            codes.push(code);
            evidence.push(text);
        }
    };
    let in_zone = fields.and_then(national::in_zone);
    if let (Some(n), Some(f)) = (&in_zone, fields) {
        let what = format!(
            "the {} {} in the zone's optional data",
            scheme_name(n.scheme),
            n.number
        );
        for p in &n.problems {
            note(
                Severity::Medium,
                p.code(),
                format!("{what}: {}", p.message()),
            );
        }
        for m in national::compare_with_zone(n, &f.birth_date_raw, &f.sex) {
            note(
                Severity::High,
                m.code().to_owned(),
                format!("{what}: {}", m.message()),
            );
        }
        for h in &s.holders {
            against_holder(n, &what, h, &mut note);
        }
    }
    let state = fields
        .map(|f| f.issuing_state.trim_end_matches('<').to_owned())
        .or_else(|| s.issuing_state.clone());
    for h in &s.holders {
        let Some(declared) = h.national_number.as_deref() else {
            continue;
        };
        let digits: String = declared.chars().filter(|c| !c.is_whitespace()).collect();
        let scheme = state
            .as_deref()
            .and_then(national::scheme_of)
            .or(match digits.len() {
                13 => Some(Scheme::Jmbg),
                10 => Some(Scheme::Egn),
                _ => None,
            });
        let Some(scheme) = scheme else {
            continue;
        };
        let n = match scheme {
            Scheme::Jmbg => national::check_jmbg(&digits),
            Scheme::Egn => national::check_egn(&digits),
        };
        let what = format!("the declared {} {}", scheme_name(scheme), n.number);
        for p in &n.problems {
            note(
                Severity::Medium,
                p.code(),
                format!("{what}: {}", p.message()),
            );
        }
        if let Some(f) = fields {
            for m in national::compare_with_zone(&n, &f.birth_date_raw, &f.sex) {
                note(
                    Severity::High,
                    m.code().to_owned(),
                    format!("{what}: {}", m.message()),
                );
            }
        }
        if let Some(z) = &in_zone {
            if z.scheme == n.scheme && z.number != n.number {
                note(
                    Severity::High,
                    "national_number:differs".to_owned(),
                    format!("{what} is not the number {} in the zone", z.number),
                );
            }
        }
        against_holder(&n, &what, h, &mut note);
    }
    if !evidence.is_empty() {
        out.push(
            Indicator::NationalNumberInconsistent,
            severity,
            evidence.join("; "),
            codes,
        );
    }
}

fn scheme_name(scheme: Scheme) -> &'static str {
    match scheme {
        Scheme::Jmbg => "JMBG",
        Scheme::Egn => "EGN",
    }
}

/// A national number against the holder's recorded date of birth and sex.
fn against_holder(
    n: &NationalNumber,
    what: &str,
    h: &Holder,
    note: &mut impl FnMut(Severity, String, String),
) {
    if let (Some(encoded), Some(recorded)) = (n.birth_date, h.birth_date) {
        let number = PartialDate::from(encoded);
        // Here the number's full year is known, and so is the record's.
        let mut a = number.parts();
        let mut b = recorded.parts();
        a[0] = Some(encoded.year() as u32);
        b[0] = Some(recorded.year() as u32);
        if compare_parts(a, b) != Dates::Agree {
            note(
                Severity::High,
                "national_number:recorded_birth_date".to_owned(),
                format!(
                    "{what} says born {encoded}, the holder's recorded date of birth is {recorded}"
                ),
            );
        }
    }
    if let (Some(encoded), Some(recorded)) = (n.sex, h.sex) {
        if encoded != recorded {
            note(
                Severity::High,
                "national_number:recorded_sex".to_owned(),
                format!(
                    "{what} says sex {}, the holder is recorded as {}",
                    encoded.mrz(),
                    recorded.mrz()
                ),
            );
        }
    }
}

fn stolen_lost(
    s: &Sighting,
    fields: Option<&Fields<'_>>,
    list: &StolenLostList,
    out: &mut Out<'_>,
) {
    let state = fields
        .map(|f| f.issuing_state.trim_end_matches('<').to_owned())
        .filter(|st| !st.is_empty())
        .or_else(|| s.issuing_state.clone());
    let mut best: Option<(Severity, String)> = None;
    for number in numbers_of(s, fields) {
        for entry in list.entries(&number) {
            let state_known = match (&entry.issuing_state, &state) {
                (Some(listed), Some(st)) if !same_state(listed, st) => continue,
                (Some(_), Some(_)) => true,
                _ => false,
            };
            let listed_before = entry.reported_on.is_none_or(|d| d <= s.seen_on);
            let severity = if state_known && listed_before {
                Severity::High
            } else {
                Severity::Medium
            };
            let mut text = format!(
                "{number}{} is on the stolen and lost list (line {}): {}",
                entry
                    .issuing_state
                    .as_deref()
                    .map(|st| format!(" ({st})"))
                    .unwrap_or_default(),
                entry.line,
                entry.status
            );
            if let Some(d) = entry.reported_on {
                if listed_before {
                    text.push_str(&format!(
                        ", reported on {d}, before it was seen on {}",
                        s.seen_on
                    ));
                } else {
                    text.push_str(&format!(
                        ", reported on {d}, after it was seen on {}: the holder then may have been its owner",
                        s.seen_on
                    ));
                }
            }
            if !state_known {
                text.push_str("; the issuing state could not be compared");
            }
            if best.as_ref().is_none_or(|(sev, _)| severity > *sev) {
                best = Some((severity, text));
            }
        }
    }
    if let Some((severity, text)) = best {
        out.push(Indicator::StolenLost, severity, text, Vec::new());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specimen_numbers_are_known_however_written() {
        assert!(specimen_number("L898902C3").is_some());
        assert!(specimen_number("l89 8902-c3").is_some());
        // A zone's number field with optional data running on.
        assert!(specimen_number("L898902C36").is_some());
        assert!(specimen_number("C01X00T47").unwrap().contains("Germany"));
        assert_eq!(specimen_number("L898902C"), None);
        assert_eq!(specimen_number("P12345678"), None);
    }

    #[test]
    fn dates_compare_on_the_parts_both_know() {
        let p = |t: &str| PartialDate::parse(t).unwrap().parts();
        let z = |t: &str| zone_date_parts(t).unwrap();
        assert_eq!(compare_parts(z("870703"), p("1987-07-03")), Dates::Agree);
        assert_eq!(compare_parts(z("870703"), p("1987")), Dates::Agree);
        assert_eq!(compare_parts(z("87<<<<"), p("1987-07-03")), Dates::Agree);
        assert_eq!(compare_parts(z("870307"), p("1987-07-03")), Dates::Swapped);
        assert_eq!(compare_parts(z("850703"), p("1987-07-03")), Dates::Differ);
        assert_eq!(compare_parts(z("850703"), p("1987")), Dates::Differ);
        assert!(zone_date_parts("87070").is_none());
        assert!(zone_date_parts("871341").is_none());
        assert_eq!(zone_date_parts("8707<<"), Some([Some(87), Some(7), None]));
        assert!(zone_date_parts("8707AB").is_none());
    }
}
