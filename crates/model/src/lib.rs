//! The data model of Corridor, written down once.
//!
//! This crate owns the types every other crate speaks: a [`Report`] from an
//! agency, the entities it *mentions* (people, organisations, phones,
//! vehicles, travel documents, places, online accounts, payments), the
//! [`Link`]s between them, and the provenance each statement carries —
//! [`AgencyCode`], time, [`Evaluation`] (EU 4x4 or UK 3x5x2),
//! [`HandlingCode`] and [`Releasability`]. A person's [`Role`] in a report is
//! data, and [`Role::is_protected`] is the flag the rest of Corridor keys its
//! protections on.
//!
//! Types are built only through validating constructors ([`Report::from_wire`]
//! and the `parse` functions), so a value of a model type is always valid:
//! an H3 handling code always states its restriction, a link always joins
//! mentions of kinds it may join, a day of birth never comes without its
//! month. The [`wire`] module is the loose, serde-facing shape of the same
//! data, used by every import and export.
//!
//! This crate must never do I/O, know about storage, HTTP or the terminal,
//! or decide who may see what: it describes data, it does not move it.

pub mod agency;
pub mod country;
pub mod entity;
pub mod error;
pub mod grading;
pub mod handling;
pub mod link;
pub mod report;
pub mod values;
pub mod wire;

pub use agency::{AgencyCode, AgencyInfo};
pub use country::Country;
pub use entity::{
    Entity, EntityKind, Mention, MentionRef, OnlineAccount, Organisation, Payment, Person, Phone,
    Place, Role, Subject, SuspectFunction, TravelDocument, Vehicle, Withheld,
};
pub use error::{FieldError, FieldPath};
pub use grading::Evaluation;
pub use handling::{HandlingCode, Releasability};
pub use link::{Link, LinkKind};
pub use report::{fields_of, EventTime, Report, ReportId, ReportKind};
