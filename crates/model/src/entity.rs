//! What a report mentions: people and the things that tie them together.
//!
//! A [`Mention`] is one report's account of an entity, under a reference
//! local to that report (`p1`, `phone2`). Mentions of the same man in
//! different reports stay separate here; deciding they are one entity is
//! the resolver's job.

use std::fmt;

use crate::values::{Coordinates, DocumentNumber, Money, PartialDate, PhoneNumber, Plate};
use crate::{Country, Evaluation};

/// A reference to a mention, unique within its report: 1–64 of `A-Z a-z
/// 0-9 _ -`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MentionRef(String);

impl MentionRef {
    pub fn parse(text: &str) -> Result<Self, String> {
        if (1..=64).contains(&text.len())
            && text
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        {
            Ok(MentionRef(text.to_owned()))
        } else {
            Err(format!(
                "expected a reference of 1 to 64 letters, digits, _ or - (such as p1), found {text:?}"
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for MentionRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.0)
    }
}

macro_rules! named_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(text: &str) -> Result<Self, String> {
                match text {
                    $($text => Ok($name::$variant),)+
                    _ => Err(format!(
                        "expected one of {}, found {:?}",
                        [$($text),+].join(", "),
                        text
                    )),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.pad(self.as_str())
            }
        }
    };
}
pub(crate) use named_enum;

named_enum! {
    /// The kinds of entity a report can mention.
    EntityKind {
        Person = "person",
        Organisation = "organisation",
        Phone = "phone",
        Vehicle = "vehicle",
        Document = "document",
        Place = "place",
        Account = "account",
        Payment = "payment",
    }
}

named_enum! {
    /// A person's part in what a report describes.
    ///
    /// Smuggled migrants are not offenders. Victims, witnesses, informants
    /// and returnees are *protected*: their identities are withheld by
    /// default in every view, export and index (see [`Role::is_protected`]).
    Role {
        Suspect = "suspect",
        SmuggledMigrant = "smuggled_migrant",
        Victim = "victim",
        Witness = "witness",
        Informant = "informant",
        Returnee = "returnee",
    }
}

impl Role {
    /// True for people whose identity must not leave the node, or show in
    /// a view, unless someone entitled asks for it explicitly.
    pub fn is_protected(self) -> bool {
        matches!(
            self,
            Role::Victim | Role::Witness | Role::Informant | Role::Returnee
        )
    }

    /// True for people who may ever be analysed as a target. Only suspects.
    pub fn may_be_target(self) -> bool {
        self == Role::Suspect
    }
}

named_enum! {
    /// What a suspect does in a smuggling operation.
    SuspectFunction {
        Organiser = "organiser",
        Recruiter = "recruiter",
        Driver = "driver",
        Guide = "guide",
        BoatPilot = "boat_pilot",
        SafeHouseKeeper = "safe_house_keeper",
        MoneyHandler = "money_handler",
        DocumentForger = "document_forger",
        Lookout = "lookout",
        Broker = "broker",
    }
}

named_enum! {
    Sex {
        Male = "M",
        Female = "F",
        Unspecified = "X",
    }
}

named_enum! {
    DocumentType {
        Passport = "passport",
        IdentityCard = "identity_card",
        Visa = "visa",
        ResidencePermit = "residence_permit",
        TravelDocument = "travel_document",
        Other = "other",
    }
}

named_enum! {
    VehicleType {
        Car = "car",
        Van = "van",
        Truck = "truck",
        Bus = "bus",
        Motorcycle = "motorcycle",
        Boat = "boat",
        Other = "other",
    }
}

named_enum! {
    PlaceType {
        BorderCrossing = "border_crossing",
        City = "city",
        Village = "village",
        SafeHouse = "safe_house",
        Camp = "camp",
        Port = "port",
        Beach = "beach",
        Road = "road",
        Forest = "forest",
        Other = "other",
    }
}

named_enum! {
    PaymentMethod {
        Cash = "cash",
        Hawala = "hawala",
        BankTransfer = "bank_transfer",
        MoneyTransfer = "money_transfer",
        Crypto = "crypto",
        Other = "other",
    }
}

/// A person as one report describes them. Every name is optional (an
/// "unknown driver" is a person too); the role never is.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    /// Private with `function`, so that only a suspect ever has a function.
    role: Role,
    /// Only suspects have a function; the constructor refuses it otherwise.
    function: Option<SuspectFunction>,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    /// The name as written when it cannot be split into given and family.
    pub full_name: Option<String>,
    pub aliases: Vec<String>,
    pub birth_date: Option<PartialDate>,
    pub sex: Option<Sex>,
    pub nationality: Option<Country>,
}

impl Person {
    pub fn new(role: Role, function: Option<SuspectFunction>) -> Result<Self, String> {
        if function.is_some() && role != Role::Suspect {
            return Err(format!(
                "only a suspect has a function; this person's role is {role}"
            ));
        }
        Ok(Person {
            role,
            function,
            given_name: None,
            family_name: None,
            full_name: None,
            aliases: Vec::new(),
            birth_date: None,
            sex: None,
            nationality: None,
        })
    }

    pub fn role(&self) -> Role {
        self.role
    }

    pub fn function(&self) -> Option<SuspectFunction> {
        self.function
    }

    /// The name to show a person: given and family name, else the full name,
    /// else the first alias.
    pub fn display_name(&self) -> Option<String> {
        match (&self.given_name, &self.family_name) {
            (Some(g), Some(f)) => Some(format!("{g} {f}")),
            (Some(n), None) | (None, Some(n)) => Some(n.clone()),
            (None, None) => self
                .full_name
                .clone()
                .or_else(|| self.aliases.first().cloned()),
        }
    }

    /// Every name the report gives, for indexing.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        [&self.given_name, &self.family_name, &self.full_name]
            .into_iter()
            .flatten()
            .chain(self.aliases.iter())
            .map(String::as_str)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Organisation {
    pub name: String,
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Phone {
    pub number: PhoneNumber,
    /// The country a national number belongs to, when the report says.
    pub country: Option<Country>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Vehicle {
    pub plate: Option<Plate>,
    pub country: Option<Country>,
    pub vehicle_type: Option<VehicleType>,
    pub make: Option<String>,
    pub model: Option<String>,
    pub colour: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TravelDocument {
    pub document_type: DocumentType,
    pub number: DocumentNumber,
    pub issuing_state: Option<Country>,
    pub expiry_date: Option<PartialDate>,
    /// The machine-readable zone as read, one string per line.
    pub mrz: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub name: String,
    pub country: Option<Country>,
    pub place_type: Option<PlaceType>,
    pub coordinates: Option<Coordinates>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OnlineAccount {
    /// Platform name, lower case: `telegram`, `facebook`, `tiktok`…
    pub platform: String,
    pub handle: String,
    pub url: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Payment {
    pub money: Money,
    pub method: Option<PaymentMethod>,
    pub date: Option<PartialDate>,
}

/// An entity as described by one report.
#[derive(Debug, Clone, PartialEq)]
pub enum Entity {
    Person(Person),
    Organisation(Organisation),
    Phone(Phone),
    Vehicle(Vehicle),
    Document(TravelDocument),
    Place(Place),
    Account(OnlineAccount),
    Payment(Payment),
}

impl Entity {
    pub fn kind(&self) -> EntityKind {
        match self {
            Entity::Person(_) => EntityKind::Person,
            Entity::Organisation(_) => EntityKind::Organisation,
            Entity::Phone(_) => EntityKind::Phone,
            Entity::Vehicle(_) => EntityKind::Vehicle,
            Entity::Document(_) => EntityKind::Document,
            Entity::Place(_) => EntityKind::Place,
            Entity::Account(_) => EntityKind::Account,
            Entity::Payment(_) => EntityKind::Payment,
        }
    }

    /// A one-line description for people to read.
    pub fn label(&self) -> String {
        match self {
            Entity::Person(p) => p.display_name().unwrap_or_else(|| "(name unknown)".into()),
            Entity::Organisation(o) => o.name.clone(),
            Entity::Phone(p) => p.number.e164().unwrap_or(p.number.written()).to_owned(),
            Entity::Vehicle(v) => {
                let what = [&v.colour, &v.make, &v.model]
                    .into_iter()
                    .flatten()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(" ");
                match (&v.plate, what.is_empty()) {
                    (Some(p), true) => p.written().to_owned(),
                    (Some(p), false) => format!("{} ({what})", p.written()),
                    (None, false) => what,
                    (None, true) => "(vehicle, no plate)".into(),
                }
            }
            Entity::Document(d) => format!("{} {}", d.document_type, d.number.as_str()),
            Entity::Place(p) => match p.country {
                Some(c) => format!("{}, {c}", p.name),
                None => p.name.clone(),
            },
            Entity::Account(a) => format!("{}:@{}", a.platform, a.handle),
            Entity::Payment(p) => format!("{} {}", p.money.amount(), p.money.currency()),
        }
    }

    /// The identifiers an exact look-up finds this entity by: E.164 phone,
    /// plate key, document number, `platform:handle`.
    pub fn identifiers(&self) -> Vec<String> {
        match self {
            Entity::Phone(p) => vec![p.number.key()],
            Entity::Vehicle(v) => v.plate.iter().map(|p| p.key().to_owned()).collect(),
            Entity::Document(d) => vec![d.number.as_str().to_owned()],
            Entity::Account(a) => vec![format!("{}:{}", a.platform, a.handle.to_lowercase())],
            _ => Vec::new(),
        }
    }
}

/// A mention whose identifying content was withheld by policy before it
/// reached this node (for example a protected person in a partner's export).
/// What is left is the kind and, for a person, the role, so that counts and
/// the shape of the network survive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Withheld {
    Person { role: Role },
    Other(EntityKind),
}

impl Withheld {
    pub fn kind(self) -> EntityKind {
        match self {
            Withheld::Person { .. } => EntityKind::Person,
            Withheld::Other(kind) => kind,
        }
    }
}

/// The content of a mention: the entity as described, or the fact that it
/// was withheld.
#[derive(Debug, Clone, PartialEq)]
pub enum Subject {
    Disclosed(Entity),
    Withheld(Withheld),
}

impl Subject {
    pub fn kind(&self) -> EntityKind {
        match self {
            Subject::Disclosed(e) => e.kind(),
            Subject::Withheld(w) => w.kind(),
        }
    }

    /// The person's role, for mentions of people.
    pub fn role(&self) -> Option<Role> {
        match self {
            Subject::Disclosed(Entity::Person(p)) => Some(p.role()),
            Subject::Withheld(Withheld::Person { role }) => Some(*role),
            _ => None,
        }
    }

    /// True for a mention of a protected person.
    pub fn is_protected_person(&self) -> bool {
        self.role().is_some_and(Role::is_protected)
    }
}

/// One report's mention of an entity.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    pub reference: MentionRef,
    pub subject: Subject,
    /// A grade for this statement when it differs from the report's.
    pub evaluation: Option<Evaluation>,
}
