//! Corridor's storage.
//!
//! This crate owns persistence: the [`Store`] interface every backend
//! implements, the embedded SQLite backend ([`SqliteStore`], the default: no
//! server to set up), and the versioned schema migrations. Imports are
//! transactions: an [`ImportSession`] stores nothing until it is committed,
//! and a session dropped without commit leaves the store exactly as it was.
//! A stored report is immutable; importing the same report again changes
//! nothing, and importing different content under a stored id is refused.
//!
//! This crate must never parse files, decide who may see what, or print:
//! it stores valid model values and gives them back.

mod prepare;
mod sqlite;

use std::collections::BTreeMap;

use corridor_model::{MentionRef, Report, ReportId};

pub use prepare::{MentionRow, Prepared};
pub use sqlite::SqliteStore;

/// The schema version this build of Corridor writes and reads.
pub const SCHEMA_VERSION: u32 = 2;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no Corridor store at {path}; create one with `corridor init` (or point --db / CORRIDOR_DB at an existing store)")]
    Missing { path: String },
    #[error(
        "{path} is not a Corridor store ({why}); point --db at a store made by `corridor init`"
    )]
    NotAStore { path: String, why: String },
    #[error("{path} has schema version {found}, newer than this Corridor supports ({supported}); upgrade Corridor")]
    TooNew {
        path: String,
        found: u32,
        supported: u32,
    },
    #[error("stored report {id} no longer validates ({why}); the store may have been edited outside Corridor")]
    Corrupt { id: String, why: String },
    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// What happened to one report given to an import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PutOutcome {
    Added,
    /// The same report, with the same content, is already stored.
    Unchanged,
}

/// Why an import refused one report.
#[derive(Debug, thiserror::Error)]
pub enum PutError {
    #[error("report {id} is already stored, or was given earlier in this import, with different content; stored reports are never changed: issue a new report with a new id that corrects it")]
    Conflict { id: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Totals of one committed import.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub added: u64,
    pub unchanged: u64,
    pub mentions_added: u64,
    pub links_added: u64,
}

/// An import in progress. Nothing is visible to others, or kept, until
/// [`ImportSession::commit`].
pub trait ImportSession {
    fn put(&mut self, report: &Prepared) -> Result<PutOutcome, PutError>;
    fn commit(self: Box<Self>) -> Result<ImportSummary>;
}

/// Counts over the whole store. Every map is ordered, so printing it is
/// deterministic.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    pub reports: u64,
    pub mentions: u64,
    pub links: u64,
    pub reports_by_agency: BTreeMap<String, u64>,
    pub reports_by_kind: BTreeMap<String, u64>,
    pub reports_by_month: BTreeMap<String, u64>,
    pub mentions_by_kind: BTreeMap<String, u64>,
    pub persons_by_role: BTreeMap<String, u64>,
    /// The script person names are written in (`withheld` for protected
    /// people, whose names are not in the index).
    pub persons_by_script: BTreeMap<String, u64>,
    pub protected_mentions: u64,
}

/// A search hit: one mention. Protected mentions have no label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub report_id: ReportId,
    pub reference: MentionRef,
    pub kind: String,
    pub role: Option<String>,
    pub label: Option<String>,
    pub agency: String,
    pub occurred_at: String,
}

/// An agency in the node's directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyEntry {
    pub code: String,
    pub name: String,
    pub country: Option<String>,
}

/// A resolution of person mentions into entities, as `corridor resolve`
/// saves it: replaces the previous one whole.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Resolution {
    pub threshold: f64,
    /// P(two random mentions are one person), as the model trained it.
    pub prior: f64,
    /// Every resolved mention (`REPORT#ref`) and its entity id.
    pub members: Vec<(String, String)>,
    /// The pairs that joined the mentions of entities.
    pub merges: Vec<Merge>,
}

/// One accepted pair that joined two mentions into an entity, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Merge {
    pub entity: String,
    /// Mentions as `REPORT#ref`.
    pub a: String,
    pub b: String,
    pub weight: f64,
    pub probability: f64,
    /// The waterfall, JSON: `[[comparison, level, weight], …]`.
    pub explanation: String,
}

/// A resolved entity: its mentions (`REPORT#ref`, in order) and merges,
/// strongest first.
#[derive(Debug, Clone, PartialEq)]
pub struct EntityRecord {
    pub id: String,
    pub members: Vec<String>,
    pub merges: Vec<Merge>,
}

/// What every storage backend offers. SQLite implements it now; a
/// PostgreSQL backend for shared deployments implements the same.
pub trait Store {
    /// The schema version of the open store.
    fn schema_version(&self) -> Result<u32>;
    fn agencies(&self) -> Result<Vec<AgencyEntry>>;
    /// Starts a transactional import.
    fn import(&mut self) -> Result<Box<dyn ImportSession + '_>>;
    fn stats(&self) -> Result<Stats>;
    fn report(&self, id: &str) -> Result<Option<Report>>;
    /// Mentions whose names or identifiers match every word of `text`
    /// (case- and accent-blind, word prefixes), then those whose names have
    /// the same matching key in any script or transliteration. Protected
    /// mentions are never in the index and so never found.
    fn search(&self, text: &str, limit: usize) -> Result<Vec<Hit>>;
    /// Replaces the stored resolution of persons with this one, in one
    /// transaction.
    fn save_resolution(&mut self, resolution: &Resolution) -> Result<()>;
    /// A resolved entity, if the id names one.
    fn entity(&self, id: &str) -> Result<Option<EntityRecord>>;
    /// The entity a mention (`REPORT#ref`) was resolved into, if any.
    fn entity_of(&self, mention: &str) -> Result<Option<String>>;
    /// Calls `each` with every report, in id order.
    fn for_each_report(&self, each: &mut dyn FnMut(Report) -> Result<()>) -> Result<()>;
}

/// The canonical stored form of a report, and its content hash.
pub fn canonical_body(report: &Report) -> (String, String) {
    use sha2::{Digest, Sha256};
    let body = serde_json::to_string(&report.to_wire()).expect("wire reports always serialise");
    let hash = hex::encode(Sha256::digest(body.as_bytes()));
    (body, hash)
}
