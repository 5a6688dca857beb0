//! National identity numbers that encode facts a forger must keep
//! consistent with the document: the former Yugoslav JMBG / EMŠO (Serbia,
//! North Macedonia, Bosnia and Herzegovina, Montenegro, Slovenia, Croatia)
//! and the Bulgarian EGN. Building them (for the scenario), decoding and
//! checking them ([`check_jmbg`], [`check_egn`]), finding them in a zone's
//! optional data ([`in_zone`]) and comparing them with the zone's date of
//! birth and sex ([`compare_with_zone`]).

use std::fmt;

use crate::date::Date;
use crate::validate::Fields;

/// The JMBG check digit of its first 12 digits (`None` if not 12 digits).
pub fn jmbg_check(first12: &str) -> Option<u32> {
    let d: Vec<u32> = first12
        .chars()
        .map(|c| c.to_digit(10))
        .collect::<Option<_>>()?;
    if d.len() != 12 {
        return None;
    }
    let weights = [7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
    let sum: u32 = d.iter().zip(weights).map(|(a, w)| a * w).sum();
    let m = 11 - sum % 11;
    Some(if m > 9 { 0 } else { m })
}

/// A JMBG: `DDMMYYY` (last three digits of the year), region `RR`, serial
/// `BBB` (000–499 male, 500–999 female), check digit. `serial` is taken
/// modulo 500.
pub fn jmbg(year: i32, month: u32, day: u32, region: u32, female: bool, serial: u32) -> String {
    let serial = serial % 500 + if female { 500 } else { 0 };
    let first12 = format!(
        "{day:02}{month:02}{:03}{:02}{serial:03}",
        year.rem_euclid(1000),
        region % 100
    );
    let check = jmbg_check(&first12).unwrap_or(0);
    format!("{first12}{check}")
}

/// The EGN check digit of its first 9 digits.
pub fn egn_check(first9: &str) -> Option<u32> {
    let d: Vec<u32> = first9
        .chars()
        .map(|c| c.to_digit(10))
        .collect::<Option<_>>()?;
    if d.len() != 9 {
        return None;
    }
    let weights = [2, 4, 8, 5, 10, 9, 7, 3, 6];
    let r = d.iter().zip(weights).map(|(a, w)| a * w).sum::<u32>() % 11;
    Some(if r == 10 { 0 } else { r })
}

/// A Bulgarian EGN: `YYMMDD` with 40 added to the month for births from
/// 2000 (20 for the 1800s), three digits whose last is even for men and odd
/// for women, check digit.
pub fn egn(year: i32, month: u32, day: u32, female: bool, serial: u32) -> String {
    let month_code = month
        + if year >= 2000 {
            40
        } else if year < 1900 {
            20
        } else {
            0
        };
    let serial = (serial % 500) * 2 + u32::from(female);
    let first9 = format!(
        "{:02}{month_code:02}{day:02}{serial:03}",
        year.rem_euclid(100)
    );
    let check = egn_check(&first9).unwrap_or(0);
    format!("{first9}{check}")
}

/// The schemes of national number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scheme {
    /// Former Yugoslavia's unique master citizen number (JMBG; EMŠO in
    /// Slovenia, EMBG in North Macedonia): 13 digits.
    Jmbg,
    /// Bulgaria's unified civil number (ЕГН): 10 digits.
    Egn,
}

impl Scheme {
    pub fn name(self) -> &'static str {
        match self {
            Scheme::Jmbg => "jmbg",
            Scheme::Egn => "egn",
        }
    }

    fn what(self) -> &'static str {
        match self {
            Scheme::Jmbg => "JMBG",
            Scheme::Egn => "EGN",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    /// As the zone writes it.
    pub fn mrz(self) -> char {
        match self {
            Sex::Male => 'M',
            Sex::Female => 'F',
        }
    }
}

/// Where a number says its holder was registered at birth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    /// The digits as printed: `RR` of a JMBG, the three serial digits of an
    /// EGN.
    pub code: u32,
    /// The state or province: `Serbia (Vojvodina)`, `Bulgaria`.
    pub area: &'static str,
    /// The registration area, where known.
    pub name: Option<&'static str>,
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name {
            Some(name) => write!(f, "{name}, {}", self.area),
            None => f.write_str(self.area),
        }
    }
}

/// Something wrong with a national number in itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NumberProblem {
    /// Not the scheme's count of digits.
    Shape { scheme: Scheme, found: String },
    /// The date it encodes does not exist.
    Date { scheme: Scheme, digits: String },
    /// A JMBG region code that was never assigned.
    Region { code: u32 },
    Checksum {
        scheme: Scheme,
        found: u32,
        expected: u32,
    },
}

impl NumberProblem {
    /// `jmbg:checksum`, `egn:date`…
    pub fn code(&self) -> String {
        let (scheme, what) = match self {
            NumberProblem::Shape { scheme, .. } => (*scheme, "format"),
            NumberProblem::Date { scheme, .. } => (*scheme, "date"),
            NumberProblem::Region { .. } => (Scheme::Jmbg, "region"),
            NumberProblem::Checksum { scheme, .. } => (*scheme, "checksum"),
        };
        format!("{}:{what}", scheme.name())
    }

    pub fn message(&self) -> String {
        match self {
            NumberProblem::Shape { scheme, found } => format!(
                "{} {found:?} is not {} digits",
                scheme.what(),
                if *scheme == Scheme::Jmbg { 13 } else { 10 }
            ),
            NumberProblem::Date { scheme, digits } => format!(
                "the date of birth the {} encodes ({digits}) does not exist",
                scheme.what()
            ),
            NumberProblem::Region { code } => {
                format!("JMBG region {code:02} was never assigned to a registration area")
            }
            NumberProblem::Checksum {
                scheme,
                found,
                expected,
            } => format!(
                "the {}'s last digit is {found} but its other digits give {expected}: the number \
                 was misread, mistyped or made up",
                scheme.what()
            ),
        }
    }
}

/// A national number decoded: what it says and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NationalNumber {
    pub scheme: Scheme,
    pub number: String,
    pub birth_date: Option<Date>,
    pub sex: Option<Sex>,
    pub region: Option<Region>,
    pub problems: Vec<NumberProblem>,
}

impl NationalNumber {
    pub fn is_valid(&self) -> bool {
        self.problems.is_empty()
    }
}

fn digits(text: &str, count: usize) -> Option<Vec<u32>> {
    let d: Vec<u32> = text
        .chars()
        .map(|c| c.to_digit(10))
        .collect::<Option<_>>()?;
    (d.len() == count).then_some(d)
}

fn number_of(d: &[u32]) -> u32 {
    d.iter().fold(0, |n, x| n * 10 + x)
}

/// Decodes and checks a JMBG / EMŠO: `DDMMYYY` (the year without its
/// thousands: 9xx is 1900s, 0xx 2000s), region `RR`, `BBB` (000–499 male,
/// 500–999 female), check digit.
pub fn check_jmbg(number: &str) -> NationalNumber {
    let mut n = NationalNumber {
        scheme: Scheme::Jmbg,
        number: number.to_owned(),
        birth_date: None,
        sex: None,
        region: None,
        problems: Vec::new(),
    };
    let Some(d) = digits(number, 13) else {
        n.problems.push(NumberProblem::Shape {
            scheme: Scheme::Jmbg,
            found: number.to_owned(),
        });
        return n;
    };
    let yyy = number_of(&d[4..7]) as i32;
    let year = yyy + if yyy >= 800 { 1000 } else { 2000 };
    n.birth_date = Date::new(year, number_of(&d[2..4]), number_of(&d[0..2]));
    if n.birth_date.is_none() {
        n.problems.push(NumberProblem::Date {
            scheme: Scheme::Jmbg,
            digits: number[0..7].to_owned(),
        });
    }
    let code = number_of(&d[7..9]);
    n.region = jmbg_region(code);
    if n.region.is_none() {
        n.problems.push(NumberProblem::Region { code });
    }
    n.sex = Some(if number_of(&d[9..12]) < 500 {
        Sex::Male
    } else {
        Sex::Female
    });
    let expected = jmbg_check(&number[..12]).unwrap_or(0);
    if d[12] != expected {
        n.problems.push(NumberProblem::Checksum {
            scheme: Scheme::Jmbg,
            found: d[12],
            expected,
        });
    }
    n
}

/// The registration areas of the JMBG's `RR` digits.
fn jmbg_region(code: u32) -> Option<Region> {
    let (area, name) = match code {
        0..=9 => ("a foreign or naturalised citizen's register", None),
        10 => ("Bosnia and Herzegovina", Some("Banja Luka")),
        11 => ("Bosnia and Herzegovina", Some("Bihać")),
        12 => ("Bosnia and Herzegovina", Some("Doboj")),
        13 => ("Bosnia and Herzegovina", Some("Goražde")),
        14 => ("Bosnia and Herzegovina", Some("Livno")),
        15 => ("Bosnia and Herzegovina", Some("Mostar")),
        16 => ("Bosnia and Herzegovina", Some("Prijedor")),
        17 => ("Bosnia and Herzegovina", Some("Sarajevo")),
        18 => ("Bosnia and Herzegovina", Some("Tuzla")),
        19 => ("Bosnia and Herzegovina", Some("Zenica")),
        21 => ("Montenegro", Some("Podgorica")),
        20..=29 => ("Montenegro", None),
        33 => ("Croatia", Some("Zagreb")),
        30..=39 => ("Croatia", None),
        41 => ("North Macedonia", Some("Bitola")),
        42 => ("North Macedonia", Some("Kumanovo")),
        43 => ("North Macedonia", Some("Ohrid")),
        44 => ("North Macedonia", Some("Prilep")),
        45 => ("North Macedonia", Some("Skopje")),
        46 => ("North Macedonia", Some("Strumica")),
        47 => ("North Macedonia", Some("Tetovo")),
        48 => ("North Macedonia", Some("Veles")),
        49 => ("North Macedonia", Some("Štip")),
        40 => ("North Macedonia", None),
        50..=59 => ("Slovenia", None),
        71 => ("Serbia", Some("Belgrade")),
        72 => ("Serbia", Some("Šumadija and Pomoravlje")),
        73 => ("Serbia", Some("Niš")),
        74 => ("Serbia", Some("South Morava")),
        75 => ("Serbia", Some("Zaječar")),
        76 => ("Serbia", Some("Podunavlje")),
        77 => ("Serbia", Some("Podrinje and Kolubara")),
        78 => ("Serbia", Some("Kraljevo")),
        79 => ("Serbia", Some("Užice")),
        70 => ("Serbia", None),
        80 => ("Serbia (Vojvodina)", Some("Novi Sad")),
        81 => ("Serbia (Vojvodina)", Some("Sombor")),
        82 => ("Serbia (Vojvodina)", Some("Subotica")),
        85 => ("Serbia (Vojvodina)", Some("Zrenjanin")),
        86 => ("Serbia (Vojvodina)", Some("Pančevo")),
        87 => ("Serbia (Vojvodina)", Some("Kikinda")),
        88 => ("Serbia (Vojvodina)", Some("Ruma")),
        89 => ("Serbia (Vojvodina)", Some("Sremska Mitrovica")),
        83 | 84 => ("Serbia (Vojvodina)", None),
        91 => ("Kosovo", Some("Priština")),
        92 => ("Kosovo", Some("Kosovska Mitrovica")),
        93 => ("Kosovo", Some("Peć")),
        94 => ("Kosovo", Some("Đakovica")),
        95 => ("Kosovo", Some("Prizren")),
        96 => ("Kosovo", Some("Gnjilane")),
        90..=99 => ("Kosovo", None),
        _ => return None,
    };
    Some(Region { code, area, name })
}

/// Decodes and checks an EGN: `YYMMDD` with 20 added to the month for the
/// 1800s and 40 for the 2000s, three digits whose last is even for a man
/// and odd for a woman, check digit.
pub fn check_egn(number: &str) -> NationalNumber {
    let mut n = NationalNumber {
        scheme: Scheme::Egn,
        number: number.to_owned(),
        birth_date: None,
        sex: None,
        region: None,
        problems: Vec::new(),
    };
    let Some(d) = digits(number, 10) else {
        n.problems.push(NumberProblem::Shape {
            scheme: Scheme::Egn,
            found: number.to_owned(),
        });
        return n;
    };
    let yy = number_of(&d[0..2]) as i32;
    let (century, month) = match number_of(&d[2..4]) {
        m @ 41..=52 => (2000, m - 40),
        m @ 21..=32 => (1800, m - 20),
        m => (1900, m),
    };
    n.birth_date = Date::new(century + yy, month, number_of(&d[4..6]));
    if n.birth_date.is_none() {
        n.problems.push(NumberProblem::Date {
            scheme: Scheme::Egn,
            digits: number[0..6].to_owned(),
        });
    }
    n.sex = Some(if d[8] % 2 == 0 {
        Sex::Male
    } else {
        Sex::Female
    });
    n.region = Some(egn_region(number_of(&d[6..9])));
    let expected = egn_check(&number[..9]).unwrap_or(0);
    if d[9] != expected {
        n.problems.push(NumberProblem::Checksum {
            scheme: Scheme::Egn,
            found: d[9],
            expected,
        });
    }
    n
}

/// The region a Bulgarian birth was registered in, from the serial digits
/// (ranges as allotted by the civil registration service).
fn egn_region(code: u32) -> Region {
    const AREAS: &[(u32, &str)] = &[
        (43, "Blagoevgrad"),
        (93, "Burgas"),
        (139, "Varna"),
        (169, "Veliko Tarnovo"),
        (183, "Vidin"),
        (217, "Vratsa"),
        (233, "Gabrovo"),
        (281, "Kardzhali"),
        (301, "Kyustendil"),
        (319, "Lovech"),
        (341, "Montana"),
        (377, "Pazardzhik"),
        (395, "Pernik"),
        (435, "Pleven"),
        (501, "Plovdiv"),
        (527, "Razgrad"),
        (555, "Ruse"),
        (575, "Silistra"),
        (601, "Sliven"),
        (623, "Smolyan"),
        (721, "Sofia (city)"),
        (751, "Sofia (province)"),
        (789, "Stara Zagora"),
        (821, "Dobrich"),
        (843, "Targovishte"),
        (871, "Haskovo"),
        (903, "Shumen"),
        (925, "Yambol"),
    ];
    let name = AREAS
        .iter()
        .find(|(last, _)| code <= *last)
        .map(|(_, n)| *n);
    Region {
        code,
        area: "Bulgaria",
        name,
    }
}

/// The scheme the documents of `issuing_state` (without fillers) carry.
pub fn scheme_of(issuing_state: &str) -> Option<Scheme> {
    match issuing_state {
        "SRB" | "MKD" | "BIH" | "MNE" | "SVN" | "HRV" => Some(Scheme::Jmbg),
        "BGR" => Some(Scheme::Egn),
        _ => None,
    }
}

/// The national number in a zone's optional data (or personal number), for
/// the issuing states whose documents carry one: the first run of exactly
/// the scheme's count of digits.
pub fn in_zone(fields: &Fields<'_>) -> Option<NationalNumber> {
    let scheme = scheme_of(fields.issuing_state.trim_end_matches('<'))?;
    let length = match scheme {
        Scheme::Jmbg => 13,
        Scheme::Egn => 10,
    };
    let run = std::iter::once(&fields.optional_data)
        .chain(fields.optional_data_2.as_ref())
        .flat_map(|text| text.split(|c: char| !c.is_ascii_digit()))
        .find(|run| run.len() == length)?;
    Some(match scheme {
        Scheme::Jmbg => check_jmbg(run),
        Scheme::Egn => check_egn(run),
    })
}

/// Where a national number and the zone disagree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mismatch {
    /// `number` is the date the number encodes, `zone` the zone's `YYMMDD`.
    BirthDate {
        number: Date,
        zone: String,
    },
    Sex {
        number: Sex,
        zone: char,
    },
}

impl Mismatch {
    /// `national_number:birth_date`, `national_number:sex`.
    pub fn code(&self) -> &'static str {
        match self {
            Mismatch::BirthDate { .. } => "national_number:birth_date",
            Mismatch::Sex { .. } => "national_number:sex",
        }
    }

    pub fn message(&self) -> String {
        match self {
            Mismatch::BirthDate { number, zone } => format!(
                "the national number says born {number}, the zone's date of birth is {zone}"
            ),
            Mismatch::Sex { number, zone } => format!(
                "the national number says sex {}, the zone says {zone}",
                number.mrz()
            ),
        }
    }
}

/// Compares what `number` encodes with a zone's date of birth (`YYMMDD`,
/// `<<` for unknown parts; only the known parts are compared, so the
/// zone's century never matters) and sex (`M`, `F`, or `<` for
/// unspecified, which is not compared).
pub fn compare_with_zone(number: &NationalNumber, birth_raw: &str, sex: &str) -> Vec<Mismatch> {
    let mut out = Vec::new();
    if let (Some(date), Some(parts)) = (number.birth_date, birth_parts(birth_raw)) {
        let encoded = [
            Some(date.year().rem_euclid(100) as u32),
            Some(date.month()),
            Some(date.day()),
        ];
        let differs = parts
            .iter()
            .zip(encoded)
            .any(|(zone, number)| zone.is_some() && *zone != number);
        if differs {
            out.push(Mismatch::BirthDate {
                number: date,
                zone: birth_raw.to_owned(),
            });
        }
    }
    if let (Some(number_sex), Some(zone)) = (number.sex, sex.chars().next()) {
        if matches!(zone, 'M' | 'F') && zone != number_sex.mrz() {
            out.push(Mismatch::Sex {
                number: number_sex,
                zone,
            });
        }
    }
    out
}

/// Year, month and day of a zone's `YYMMDD`, `None` for `<<`; `None` in
/// all if it is not of that form.
pub(crate) fn birth_parts(raw: &str) -> Option<[Option<u32>; 3]> {
    let b = raw.as_bytes();
    if b.len() != 6 {
        return None;
    }
    let mut parts = [None; 3];
    for (i, part) in parts.iter_mut().enumerate() {
        match (b[2 * i], b[2 * i + 1]) {
            (b'<', b'<') => {}
            (x @ b'0'..=b'9', y @ b'0'..=b'9') => {
                *part = Some(u32::from(x - b'0') * 10 + u32::from(y - b'0'))
            }
            _ => return None,
        }
    }
    Some(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jmbg_and_egn_carry_their_facts_and_check_digits() {
        let j = jmbg(1987, 7, 3, 71, false, 123);
        assert_eq!(&j[..9], "030798771");
        assert_eq!(j.len(), 13);
        assert_eq!(jmbg_check(&j[..12]), j[12..].parse().ok());
        // A widely used valid test number: 0101006500006.
        assert_eq!(jmbg_check("010100650000"), Some(6));
        let e = egn(2003, 5, 14, true, 17);
        assert_eq!(&e[..6], "034514");
        assert_eq!(e.as_bytes()[8] % 2, 1, "odd ninth digit for a woman");
        // A published valid example: 7523169263.
        assert_eq!(egn_check("752316926"), Some(3));
    }

    #[test]
    fn numbers_decode_to_their_facts() {
        let j = check_jmbg("0101006500006");
        assert!(j.is_valid(), "{:?}", j.problems);
        assert_eq!(j.birth_date, Date::new(2006, 1, 1));
        assert_eq!(j.sex, Some(Sex::Male), "serial 000");
        assert_eq!(j.region.unwrap().area, "Slovenia");
        let built = jmbg(1987, 7, 3, 71, false, 123);
        let j = check_jmbg(&built);
        assert!(j.is_valid());
        assert_eq!(j.birth_date, Date::new(1987, 7, 3));
        assert_eq!(j.sex, Some(Sex::Male));
        assert_eq!(j.region.unwrap().to_string(), "Belgrade, Serbia");

        let bad = check_jmbg("3102987710008");
        let codes: Vec<String> = bad.problems.iter().map(NumberProblem::code).collect();
        assert!(codes.contains(&"jmbg:date".to_owned()), "{codes:?}");
        assert!(codes.contains(&"jmbg:checksum".to_owned()), "{codes:?}");
        assert_eq!(check_jmbg("12345").problems[0].code(), "jmbg:format");
        assert_eq!(
            check_jmbg("0101006650007").problems[0].code(),
            "jmbg:region"
        );

        let e = check_egn("7523169263");
        assert!(e.is_valid(), "{:?}", e.problems);
        assert_eq!(e.birth_date, Date::new(1875, 3, 16));
        assert_eq!(e.sex, Some(Sex::Male), "even ninth digit");
        assert_eq!(e.region.unwrap().name, None, "926-999: elsewhere");
        assert_eq!(
            check_egn("8001010008").region.unwrap().name,
            Some("Blagoevgrad")
        );
        let built = egn(2003, 5, 14, true, 17);
        let e = check_egn(&built);
        assert!(e.is_valid());
        assert_eq!(e.birth_date, Date::new(2003, 5, 14));
        assert_eq!(e.sex, Some(Sex::Female));
        assert_eq!(check_egn("7502309263").problems[0].code(), "egn:date");
        assert_eq!(check_egn("752316926x").problems[0].code(), "egn:format");
    }

    #[test]
    fn numbers_are_compared_with_the_zone() {
        let j = check_jmbg(&jmbg(1987, 7, 3, 71, true, 1));
        assert!(compare_with_zone(&j, "870703", "F").is_empty());
        assert!(compare_with_zone(&j, "8707<<", "<").is_empty());
        let m = compare_with_zone(&j, "850703", "M");
        let codes: Vec<&str> = m.iter().map(Mismatch::code).collect();
        assert_eq!(codes, ["national_number:birth_date", "national_number:sex"]);
        assert!(m[0].message().contains("1987-07-03"), "{}", m[0].message());
    }
}
