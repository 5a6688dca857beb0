//! What a column holds, and its values made comparable.

use corridor_text::{fold, matching_key, translit};

use crate::dataset::Dataset;

/// The kinds of column linkage understands.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum FieldKind {
    GivenName,
    Surname,
    FullName,
    BirthDate,
    Sex,
    Nationality,
    Phone,
    Email,
    Postcode,
    Address,
    City,
    StreetNumber,
    State,
    /// Any other identifier compared exactly (a passport number).
    Identifier,
    /// A registration plate: compared by its letters and digits, weighed
    /// by how many records carry it (a van several drivers use).
    Plate,
    /// What the record says the person was: `role` or `role:function`
    /// (`suspect:driver`, `smuggled_migrant`), weighed by how common it is.
    Role,
    /// The group a record was written in (a report, a household): not
    /// compared itself; the people written beside a record are its
    /// companions, and two records whose companions are the same people
    /// are likely one person too.
    Group,
}

impl FieldKind {
    pub fn describe(self) -> &'static str {
        match self {
            FieldKind::GivenName => "given name (any script, swaps with surname checked)",
            FieldKind::Surname => "surname (any script)",
            FieldKind::FullName => "full name (any script, any word order)",
            FieldKind::BirthDate => "date (partial dates, day/month swaps)",
            FieldKind::Sex => "sex (exact)",
            FieldKind::Nationality => "nationality (exact)",
            FieldKind::Phone => "phone (national number)",
            FieldKind::Email => "email (exact, same user name)",
            FieldKind::Postcode => "postcode (exact, one typo, district)",
            FieldKind::Address => "address (fuzzy text)",
            FieldKind::City => "city or suburb (fuzzy)",
            FieldKind::StreetNumber => "street number (exact, within one, within 10%)",
            FieldKind::State => "state or region (exact)",
            FieldKind::Identifier => "identifier (exact)",
            FieldKind::Plate => "registration plate (letters and digits, any script)",
            FieldKind::Role => "role and function (exact, same role)",
            FieldKind::Group => "group (report or household: its other members compared)",
        }
    }

    /// Every kind with the name a settings file gives it.
    pub const NAMED: [(&'static str, FieldKind); 18] = [
        ("given_name", FieldKind::GivenName),
        ("surname", FieldKind::Surname),
        ("full_name", FieldKind::FullName),
        ("date_of_birth", FieldKind::BirthDate),
        ("sex", FieldKind::Sex),
        ("nationality", FieldKind::Nationality),
        ("phone", FieldKind::Phone),
        ("email", FieldKind::Email),
        ("postcode", FieldKind::Postcode),
        ("address", FieldKind::Address),
        ("city", FieldKind::City),
        ("street_number", FieldKind::StreetNumber),
        ("state", FieldKind::State),
        ("identifier", FieldKind::Identifier),
        ("place_of_birth", FieldKind::City),
        ("plate", FieldKind::Plate),
        ("role", FieldKind::Role),
        ("group", FieldKind::Group),
    ];

    /// The kind a settings file names, if any.
    pub fn from_name(name: &str) -> Option<FieldKind> {
        FieldKind::NAMED
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, k)| *k)
    }
}

/// The kind of a column, from its name; `None` for a column linkage does
/// not use.
pub fn infer_kind(column: &str) -> Option<FieldKind> {
    let c: String = column
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    Some(match c.as_str() {
        "givenname" | "firstname" | "forename" | "given" | "first" | "firstnames"
        | "givennames" => FieldKind::GivenName,
        "surname" | "lastname" | "familyname" | "last" | "family" => FieldKind::Surname,
        "name" | "fullname" | "personname" => FieldKind::FullName,
        "dateofbirth" | "dob" | "birthdate" | "birthday" | "born" | "dateofbirthdob" => {
            FieldKind::BirthDate
        }
        "sex" | "gender" => FieldKind::Sex,
        "nationality" | "citizenship" | "country" => FieldKind::Nationality,
        "phone" | "phonenumber" | "telephone" | "mobile" | "tel" | "msisdn" => FieldKind::Phone,
        "email" | "emailaddress" | "mail" => FieldKind::Email,
        "postcode" | "zip" | "zipcode" | "postalcode" => FieldKind::Postcode,
        "address" | "address1" | "address2" | "street" | "streetaddress" | "addressline1"
        | "addressline2" => FieldKind::Address,
        "suburb" | "city" | "town" | "locality" | "placeofbirth" => FieldKind::City,
        "streetnumber" | "housenumber" => FieldKind::StreetNumber,
        "state" | "region" | "province" => FieldKind::State,
        "plate" | "registration" | "numberplate" | "licenceplate" | "licenseplate" => {
            FieldKind::Plate
        }
        "role" => FieldKind::Role,
        "group" | "household" | "householdid" | "groupid" => FieldKind::Group,
        _ => return None,
    })
}

/// A value ready to compare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Missing,
    /// A text and its key: a name in folded Latin and its matching key,
    /// or an email address and its user name.
    Name {
        folded: String,
        key: String,
    },
    /// A date, possibly partial.
    Date {
        y: Option<i32>,
        m: Option<u32>,
        d: Option<u32>,
    },
    /// Folded text.
    Text(String),
}

impl Value {
    /// The text compared for exactness and term frequency.
    pub fn text(&self) -> Option<&str> {
        match self {
            Value::Name { folded, .. } | Value::Text(folded) => Some(folded),
            _ => None,
        }
    }

    /// The hash of [`Value::text`], or of a full date; 0 for none.
    pub(crate) fn text_hash(&self) -> u64 {
        match self {
            Value::Date {
                y: Some(y),
                m: Some(m),
                d: Some(d),
            } => hash(&format!("{y}{m:02}{d:02}")),
            _ => self.text().map_or(0, hash),
        }
    }

    /// The hash of a name's matching key; 0 for none.
    pub(crate) fn key_hash(&self) -> u64 {
        match self {
            Value::Name { key, .. } if !key.is_empty() => hash(key),
            _ => 0,
        }
    }
}

/// Every record's values made comparable, each distinct raw value of a
/// column normalised and hashed once.
pub(crate) struct Normalised<'a> {
    data: &'a Dataset,
    columns: Vec<NormalisedColumn>,
    /// Each record's value index per column, record by record: comparing
    /// a pair reads one cache line per record, not one per column. Empty
    /// when laid out by column ([`Normalised::by_column`]).
    cells: Vec<u32>,
    /// Each record's text and key hashes per column, record by record:
    /// exact agreement is seen without reading the values. Empty when
    /// laid out by column.
    hashes: Vec<[u64; 2]>,
    width: usize,
}

struct NormalisedColumn {
    values: Vec<Value>,
    /// Hash of the comparable text, and of a name's matching key; 0 when
    /// there is none.
    text: Vec<u64>,
    key: Vec<u64>,
}

impl<'a> Normalised<'a> {
    /// Normalises every distinct value of every compared column, on every
    /// core, and lays each record's values and hashes out record by record
    /// (for comparing millions of pairs).
    pub(crate) fn new(data: &'a Dataset) -> Normalised<'a> {
        let mut n = Normalised::by_column(data);
        let width = n.width;
        n.cells = (0..data.len() as u32)
            .flat_map(|i| data.columns().iter().map(move |c| c.cell(i)))
            .collect();
        n.hashes = n
            .cells
            .iter()
            .enumerate()
            .map(|(x, &cell)| {
                let column = &n.columns[x % width.max(1)];
                [column.text[cell as usize], column.key[cell as usize]]
            })
            .collect();
        n
    }

    /// Normalises every distinct value, leaving each record's values where
    /// the dataset holds them, column by column: for a run that compares
    /// few pairs, laying out a million records is most of the work.
    pub(crate) fn by_column(data: &'a Dataset) -> Normalised<'a> {
        use rayon::prelude::*;
        let columns: Vec<NormalisedColumn> = data
            .columns()
            .iter()
            .map(|column| {
                let values: Vec<Value> = match column.kind {
                    Some(kind) => column
                        .distinct()
                        .par_iter()
                        .map(|raw| {
                            if raw.is_empty() {
                                Value::Missing
                            } else {
                                normalise(kind, raw)
                            }
                        })
                        .collect(),
                    None => vec![Value::Missing; column.distinct().len()],
                };
                NormalisedColumn {
                    text: values.iter().map(Value::text_hash).collect(),
                    key: values.iter().map(Value::key_hash).collect(),
                    values,
                }
            })
            .collect();
        Normalised {
            data,
            columns,
            cells: Vec::new(),
            hashes: Vec::new(),
            width: data.columns().len(),
        }
    }

    /// Record `i`'s index into column `field`'s distinct values.
    pub(crate) fn cell(&self, i: u32, field: usize) -> usize {
        if self.cells.is_empty() {
            self.data.columns()[field].cell(i) as usize
        } else {
            self.cells[i as usize * self.width + field] as usize
        }
    }

    /// Record `i`'s text and key hashes in `field`.
    fn hashes(&self, i: u32, field: usize) -> [u64; 2] {
        if self.hashes.is_empty() {
            let column = &self.columns[field];
            let cell = self.data.columns()[field].cell(i) as usize;
            [column.text[cell], column.key[cell]]
        } else {
            self.hashes[i as usize * self.width + field]
        }
    }

    /// The text and key hashes of a column's distinct values, in the order
    /// of [`Normalised::distinct`].
    pub(crate) fn distinct_hashes(&self, field: usize) -> (&[u64], &[u64]) {
        let c = &self.columns[field];
        (&c.text, &c.key)
    }

    /// The distinct normalised values of a column.
    pub(crate) fn distinct(&self, field: usize) -> &[Value] {
        &self.columns[field].values
    }

    pub(crate) fn len(&self) -> usize {
        self.data.len()
    }

    pub(crate) fn data(&self) -> &'a Dataset {
        self.data
    }

    /// One record of each distinct profile (the same comparable values in
    /// every field, from the same source), in record order. Frequencies
    /// and u are measured over these: a man in sixty reports is one person
    /// with a name, not sixty, and counting him sixty times makes his name
    /// look common and every other name rare.
    pub(crate) fn profiles(&self) -> Vec<u32> {
        let mut seen = rustc_hash::FxHashSet::default();
        (0..self.len() as u32)
            .filter(|&i| {
                let mut h = u64::from(self.data.source(i)) + 1;
                for f in 0..self.width {
                    h = (h ^ self.hashes(i, f)[0])
                        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
                        .rotate_left(17);
                }
                seen.insert(h)
            })
            .collect()
    }

    /// Record `i` as comparable fields.
    pub(crate) fn row(&self, i: u32) -> Row<'_> {
        Row { of: self, i }
    }
}

/// What comparisons and blocking read of a record: each field's value and
/// the hashes of its text and matching key.
pub(crate) trait Fields {
    fn value(&self, field: usize) -> &Value;
    fn text_hash(&self, field: usize) -> u64;
    fn key_hash(&self, field: usize) -> u64;
}

/// One record of a [`Normalised`] dataset.
#[derive(Clone, Copy)]
pub(crate) struct Row<'a> {
    of: &'a Normalised<'a>,
    i: u32,
}

impl Fields for Row<'_> {
    fn value(&self, field: usize) -> &Value {
        &self.of.columns[field].values[self.of.cell(self.i, field)]
    }
    fn text_hash(&self, field: usize) -> u64 {
        self.of.hashes(self.i, field)[0]
    }
    fn key_hash(&self, field: usize) -> u64 {
        self.of.hashes(self.i, field)[1]
    }
}

/// A record normalised on its own, to score or explain one pair.
impl Fields for [Value] {
    fn value(&self, field: usize) -> &Value {
        &self[field]
    }
    fn text_hash(&self, field: usize) -> u64 {
        self[field].text_hash()
    }
    fn key_hash(&self, field: usize) -> u64 {
        self[field].key_hash()
    }
}

/// Record `i`'s values, normalised on their own.
pub(crate) fn normalise_record(data: &Dataset, i: u32) -> Vec<Value> {
    data.columns()
        .iter()
        .enumerate()
        .map(|(c, column)| match (column.kind, data.raw(i, c)) {
            (Some(kind), Some(raw)) => normalise(kind, raw),
            _ => Value::Missing,
        })
        .collect()
}

/// FNV-1a: a stable 64-bit hash for blocking keys and frequency tables
/// (never 0, which stands for "no value").
pub(crate) fn hash(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h.max(1)
}

/// Normalises one raw value of a column of `kind`. Idempotent on its
/// output's text (property-tested).
pub fn normalise(kind: FieldKind, raw: &str) -> Value {
    match kind {
        FieldKind::GivenName | FieldKind::Surname | FieldKind::FullName => {
            let folded = name_text(raw);
            if folded.is_empty() {
                return Value::Missing;
            }
            Value::Name {
                key: matching_key(raw),
                folded,
            }
        }
        FieldKind::BirthDate => date(raw),
        FieldKind::Phone => {
            let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
            // Compare national significant numbers: the last nine digits
            // are the same whether written with +381, 00381 or a trunk 0.
            let tail = &digits[digits.len().saturating_sub(9)..];
            if tail.len() < 5 {
                Value::Missing
            } else {
                Value::Text(tail.to_owned())
            }
        }
        FieldKind::Email => {
            let t = raw.trim().to_lowercase();
            match t.split_once('@') {
                _ if t.is_empty() => Value::Missing,
                Some((user, _)) if !user.is_empty() => Value::Name {
                    key: user.to_owned(),
                    folded: t,
                },
                _ => Value::Text(t),
            }
        }
        FieldKind::Sex => match sex(&name_text(raw)) {
            Some(code) => Value::Text(code.to_owned()),
            None => Value::Missing,
        },
        FieldKind::Nationality => {
            let t = name_text(raw);
            if t.is_empty() {
                Value::Missing
            } else {
                Value::Text(nationality(&t).unwrap_or(t))
            }
        }
        FieldKind::Plate => {
            // Bulgarian and Greek plates are written in the look-alike
            // letters of their script: read as Latin they are the same.
            let t: String = corridor_text::plate_key(raw)
                .chars()
                .filter(|c| c.is_alphanumeric())
                .collect();
            if t.is_empty() {
                Value::Missing
            } else {
                Value::Text(t)
            }
        }
        // A group is its id as written: only whether two records share it
        // matters.
        FieldKind::Group => {
            let t = raw.trim();
            if t.is_empty() {
                Value::Missing
            } else {
                Value::Text(t.to_owned())
            }
        }
        FieldKind::Role => {
            let t: String = raw.trim().to_lowercase();
            if t.is_empty() {
                Value::Missing
            } else {
                Value::Text(t)
            }
        }
        FieldKind::Postcode | FieldKind::StreetNumber => {
            let t: String = fold(raw).chars().filter(|c| c.is_alphanumeric()).collect();
            if t.is_empty() {
                Value::Missing
            } else {
                Value::Text(t)
            }
        }
        _ => {
            let t = name_text(raw);
            if t.is_empty() {
                Value::Missing
            } else {
                Value::Text(t)
            }
        }
    }
}

/// Sex as `m`, `f` or `x`, from the forms agencies write: codes, English,
/// the route's languages in any script (`М`/`Ж`, `muški`, `Άρρεν`/`Θήλυ`).
/// Unknown text is missing rather than a value of its own.
fn sex(folded: &str) -> Option<&'static str> {
    const MALE: [&str; 12] = [
        "m", "male", "man", "muski", "musko", "mashki", "mazhki", "a", "arren", "arrhen", "erkek",
        "mashkull",
    ];
    const FEMALE: [&str; 14] = [
        "f", "female", "woman", "z", "zh", "zenski", "zensko", "zhenski", "zhenska", "th", "thily",
        "thili", "w", "kadin",
    ];
    if MALE.contains(&folded) {
        Some("m")
    } else if FEMALE.contains(&folded) {
        Some("f")
    } else if matches!(folded, "x" | "u" | "unknown" | "other") {
        Some("x")
    } else {
        None
    }
}

/// A nationality as an ISO 3166-1 alpha-3 code (lower case), from a code,
/// an English name or demonym, or the route's languages in any script
/// (folded Latin: `Сирија` → `sirija`, `Συρία` → `syria`), or any ISO
/// alpha-2 code.
fn nationality(folded: &str) -> Option<String> {
    const NAMES: &[(&str, &[&str])] = &[
        (
            "afg",
            &[
                "af",
                "afghanistan",
                "afghan",
                "avganistan",
                "afganistan",
                "afghanistan",
                "afganistanas",
                "afgan",
                "avganistanac",
                "afganec",
            ],
        ),
        (
            "syr",
            &[
                "sy", "syria", "syrian", "sirija", "siria", "sirijac", "sirie", "syrie", "siriets",
            ],
        ),
        (
            "irq",
            &[
                "iq",
                "iraq",
                "iraqi",
                "irak",
                "iracanin",
                "irakchanin",
                "irakinos",
            ],
        ),
        (
            "irn",
            &["ir", "iran", "iranian", "iranac", "iranets", "iranos"],
        ),
        (
            "pak",
            &[
                "pk",
                "pakistan",
                "pakistani",
                "pakistanac",
                "pakistanets",
                "pakistanos",
            ],
        ),
        (
            "tur",
            &[
                "tr", "turkey", "turkiye", "turkish", "turska", "turtsiia", "turtsiya", "tourkia",
                "turcin", "turchin", "tourkos",
            ],
        ),
        (
            "mar",
            &[
                "ma",
                "morocco",
                "moroccan",
                "maroko",
                "marok",
                "marokanac",
                "marokos",
                "marokko",
            ],
        ),
        (
            "dza",
            &[
                "dz", "algeria", "algerian", "alzir", "alzhir", "algerie", "algeria",
            ],
        ),
        ("tun", &["tn", "tunisia", "tunisian", "tunis", "tynisia"]),
        (
            "egy",
            &["eg", "egypt", "egyptian", "egipat", "egipet", "aigyptos"],
        ),
        ("bgd", &["bd", "bangladesh", "bangladeshi", "banglades"]),
        ("ind", &["in", "india", "indian", "indija", "indiia"]),
        ("eri", &["er", "eritrea", "eritrean", "eritreja"]),
        ("som", &["so", "somalia", "somali", "somalija"]),
        (
            "srb",
            &[
                "rs", "serbia", "serbian", "srbija", "sarbiia", "servia", "srbin",
            ],
        ),
        (
            "mkd",
            &[
                "mk",
                "north macedonia",
                "macedonia",
                "macedonian",
                "makedonija",
                "severna makedonija",
                "makedoniia",
                "boreia makedonia",
            ],
        ),
        (
            "bgr",
            &[
                "bg",
                "bulgaria",
                "bulgarian",
                "bugarska",
                "balgariia",
                "voulgaria",
            ],
        ),
        (
            "grc",
            &[
                "gr", "greece", "greek", "grcka", "gartsiia", "ellada", "ellas", "hellas",
            ],
        ),
        (
            "alb",
            &[
                "al",
                "albania",
                "albanian",
                "albanija",
                "shqiperi",
                "shqiperia",
                "albaniia",
                "alvania",
            ],
        ),
        (
            "bih",
            &[
                "ba",
                "bosnia",
                "bosnia and herzegovina",
                "bosna i hercegovina",
                "bih",
                "bosna",
            ],
        ),
        (
            "mne",
            &[
                "me",
                "montenegro",
                "montenegrin",
                "crna gora",
                "cherna gora",
                "mavrovouni",
            ],
        ),
        ("xkx", &["xk", "rks", "kosovo", "kosova", "kosovan"]),
        (
            "hrv",
            &["hr", "croatia", "croatian", "hrvatska", "kharvatiia"],
        ),
        (
            "hun",
            &[
                "hu",
                "hungary",
                "hungarian",
                "madarska",
                "ungariia",
                "magyarorszag",
            ],
        ),
        (
            "rou",
            &["ro", "romania", "romanian", "rumunija", "rumaniia"],
        ),
        (
            "gbr",
            &[
                "gb",
                "uk",
                "united kingdom",
                "british",
                "great britain",
                "velika britanija",
            ],
        ),
    ];
    if let Some((code, _)) = NAMES
        .iter()
        .find(|(code, names)| *code == folded || names.contains(&folded))
    {
        return Some((*code).to_owned());
    }
    if folded.len() == 2 {
        return isocountry::CountryCode::for_alpha2_caseless(folded)
            .ok()
            .map(|c| c.alpha3().to_lowercase());
    }
    None
}

/// A name or text in folded Latin with punctuation as spaces.
pub fn name_text(raw: &str) -> String {
    let latin = fold(&translit::to_latin(raw));
    let spaced: String = latin
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Parses the date forms agencies and spreadsheets use: `yyyy-mm-dd`,
/// `dd.mm.yyyy`, `dd/mm/yyyy`, `yyyymmdd`, `yyyy-mm`, `mm/yyyy`, a year.
/// Unparseable text is kept as missing rather than guessed.
pub fn date(raw: &str) -> Value {
    let t = raw.trim().trim_end_matches('.');
    let digits_only = t.chars().all(|c| c.is_ascii_digit());
    let num = |s: &str| s.parse::<u32>().ok();
    let (y, m, d) = if digits_only && t.len() == 8 {
        (num(&t[0..4]), num(&t[4..6]), num(&t[6..8]))
    } else if digits_only && t.len() == 4 {
        (num(t), None, None)
    } else {
        let parts: Vec<&str> = t
            .split(['-', '.', '/', ' '])
            .filter(|p| !p.is_empty())
            .collect();
        match parts.as_slice() {
            [a, b, c] if a.len() == 4 => (num(a), num(b), num(c)),
            [a, b, c] if c.len() == 4 => (num(c), num(b), num(a)),
            [a, b] if a.len() == 4 => (num(a), num(b), None),
            [a, b] if b.len() == 4 => (num(b), num(a), None),
            _ => (None, None, None),
        }
    };
    let y = y.filter(|y| (1800..=2100).contains(y)).map(|y| y as i32);
    let m = m.filter(|m| (1..=12).contains(m));
    let d = d.filter(|d| (1..=31).contains(d)).filter(|_| m.is_some());
    match y {
        Some(_) => Value::Date { y, m, d },
        None => Value::Missing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_every_form_agree() {
        let full = Value::Date {
            y: Some(1987),
            m: Some(7),
            d: Some(3),
        };
        for raw in [
            "1987-07-03",
            "03.07.1987",
            "03.07.1987.",
            "03/07/1987",
            "19870703",
            "3.7.1987",
        ] {
            assert_eq!(date(raw), full, "{raw}");
        }
        assert_eq!(
            date("1987"),
            Value::Date {
                y: Some(1987),
                m: None,
                d: None
            }
        );
        assert_eq!(
            date("07/1987"),
            Value::Date {
                y: Some(1987),
                m: Some(7),
                d: None
            }
        );
        assert_eq!(date("yesterday"), Value::Missing);
    }

    #[test]
    fn phones_compare_as_national_numbers() {
        let a = normalise(FieldKind::Phone, "064 123 4567");
        assert_eq!(a, normalise(FieldKind::Phone, "+381 64 1234567"));
        assert_eq!(a, normalise(FieldKind::Phone, "00381641234567"));
    }

    #[test]
    fn names_in_any_script_share_a_key() {
        let k = |s| match normalise(FieldKind::FullName, s) {
            Value::Name { key, .. } => key,
            other => panic!("{other:?}"),
        };
        assert_eq!(k("Мухамед Ал Хасан"), k("MOHAMAD ALHASSAN"));
        assert_eq!(k("Μοχάμεντ Αλ Χασάν"), k("Muhammad Al-Hassan"));
    }

    #[test]
    fn columns_are_recognised_by_their_usual_names() {
        assert_eq!(infer_kind("given_name"), Some(FieldKind::GivenName));
        assert_eq!(infer_kind("First Name"), Some(FieldKind::GivenName));
        assert_eq!(infer_kind("last_name"), Some(FieldKind::Surname));
        assert_eq!(infer_kind("DOB"), Some(FieldKind::BirthDate));
        assert_eq!(infer_kind("address_1"), Some(FieldKind::Address));
        assert_eq!(infer_kind("soc_sec_id"), None);
    }
}
