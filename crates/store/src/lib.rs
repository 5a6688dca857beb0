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
//! Returns cases live here too, in tables of their own that no search,
//! resolution or export reads: every step the safeguards engine judges is
//! checked on the case as stored, inside the transaction that would write
//! it, and refused steps write nothing.
//!
//! This crate must never parse files, decide who may see what, or print:
//! it stores valid model values and gives them back.

mod cases;
mod node;
mod prepare;
mod resolution;
mod seal;
mod sqlite;

use std::collections::BTreeMap;

use corridor_model::{MentionRef, Report, ReportId};

pub use cases::{Actor, CaseError, CaseSession, Transfer, TransferRecord, Written};
pub use corridor_returns::file::{CaseFile, CaseId, HubRecord, NewCase, RecordedEvent};
pub use prepare::{MentionRow, Prepared};
pub use sqlite::SqliteStore;

/// The schema version this build of Corridor writes and reads.
pub const SCHEMA_VERSION: u32 = 8;

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
    /// Sealed content, and the store was opened without its key.
    #[error("{id} is sealed and this store was opened without its key; keep STORE.key (from `corridor init`) beside the store")]
    Sealed { id: String },
    /// A request the store cannot carry out, in words for the person who
    /// made it (an unknown agency, a name already taken).
    #[error("{0}")]
    Invalid(String),
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
    /// Appends an audit entry in the import's transaction: it is kept if
    /// and only if the import is.
    fn audit(&mut self, entry: &AuditEntry) -> Result<i64>;
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

/// The values resolution compares for a person mention, in this order.
pub const PERSON_VALUES: [&str; 9] = [
    "given_name",
    "surname",
    "date_of_birth",
    "sex",
    "nationality",
    "phone",
    "document",
    "role",
    "vehicle",
];

/// A person mention as resolution reads it: its position in the
/// resolution's dataset, its id (`REPORT#ref`), its entity and the values
/// compared (in [`PERSON_VALUES`] order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonMention {
    pub idx: u32,
    pub mention: String,
    pub entity: String,
    pub values: Vec<Option<String>>,
}

/// A scored candidate pair kept by resolution (dataset positions).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StoredPair {
    pub a: u32,
    pub b: u32,
    pub weight: f64,
    pub probability: f64,
}

/// A pair that joined two mentions into one entity: accepted by the model,
/// or decided by a person (then it has no weight).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StoredJoin {
    pub a: u32,
    pub b: u32,
    pub weight: Option<f64>,
    pub probability: f64,
    pub decided: bool,
}

/// A phone, document, vehicle, account or organisation mention and the
/// entity its normalised identifier makes it part of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectMention {
    pub mention: String,
    pub kind: String,
    pub entity: String,
}

/// How a resolution run came about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunKind {
    /// Every mention linked, the model trained anew.
    Full,
    /// Every mention linked with the kept model.
    Relink,
    /// New mentions linked with the kept model.
    Incremental,
    /// Decisions applied to the kept pairs.
    Recluster,
}

impl RunKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RunKind::Full => "full",
            RunKind::Relink => "relink",
            RunKind::Incremental => "incremental",
            RunKind::Recluster => "recluster",
        }
    }

    /// Whether the run replaces every stored mention, pair and join.
    pub fn replaces(self) -> bool {
        matches!(self, RunKind::Full | RunKind::Relink)
    }
}

/// What one resolution run changes, saved in one transaction. A full or
/// relink run replaces what is stored; the others add to it.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolutionUpdate {
    pub kind: RunKind,
    pub threshold: f64,
    pub prior: f64,
    /// The model, as JSON, when this run trained it.
    pub model: Option<String>,
    /// The last import run this resolution has read.
    pub last_import_run: i64,
    /// Mentions added (every mention, for a run that replaces).
    pub added: Vec<PersonMention>,
    /// The added mentions' values as the resolver packs them, for later
    /// runs to read back whole (opaque to the store).
    pub values: Vec<u8>,
    /// Stored mentions that moved to another entity.
    pub moved: Vec<(u32, String)>,
    pub pairs: Vec<StoredPair>,
    pub joins_removed: Vec<(u32, u32)>,
    pub joins_added: Vec<StoredJoin>,
    /// Object mentions added (every one, for a run that replaces).
    pub objects: Vec<ObjectMention>,
    /// Totals after the run, for the record of runs.
    pub mentions: u64,
    pub entities: u64,
    /// A reviewer's decision this run applies, recorded in the same
    /// transaction: a decision is never kept without the clustering it
    /// makes, nor the clustering without it.
    pub decision: Option<Decision>,
}

/// The stored resolution's summary: enough to know how the last run ended
/// and to score later mentions as it did. The rest is read in parts.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolutionHeader {
    pub threshold: f64,
    pub prior: f64,
    pub model: String,
    pub last_import_run: i64,
    /// Resolved mentions: positions are `0..mentions`.
    pub mentions: u64,
    /// Person entities they make.
    pub entities: u64,
}

/// Kept pairs packed: `CRP1`, then per pair the change in `a` from the
/// pair before (zig-zag LEB128), `b - a` (LEB128) and the weight as an
/// f32 (little-endian). Pairs come sorted by `a` from the resolver, so most
/// take 6 or 7 bytes instead of 16. Weights are kept as the resolver
/// rounded them (to f32), so a pair reads back exactly as it was scored.
pub fn pack_pairs(pairs: &[StoredPair]) -> Vec<u8> {
    let mut out = Vec::with_capacity(4 + pairs.len() * 7);
    out.extend_from_slice(PAIRS_MAGIC);
    let mut previous = 0i64;
    for p in pairs {
        let delta = i64::from(p.a) - previous;
        put_varint(&mut out, ((delta << 1) ^ (delta >> 63)) as u64);
        put_varint(&mut out, u64::from(p.b.wrapping_sub(p.a)));
        out.extend_from_slice(&(p.weight as f32).to_le_bytes());
        previous = i64::from(p.a);
    }
    out
}

const PAIRS_MAGIC: &[u8] = b"CRP1";

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Calls `each(a, b, weight)` for every pair of a chunk packed by
/// [`pack_pairs`]; an error if the bytes are not such a chunk.
pub fn for_each_packed_pair(bytes: &[u8], each: &mut dyn FnMut(u32, u32, f64)) -> Result<()> {
    let corrupt = |why: &str| StoreError::Corrupt {
        id: "resolution_pairs".into(),
        why: why.to_owned(),
    };
    let rest = bytes
        .strip_prefix(PAIRS_MAGIC)
        .ok_or_else(|| corrupt("not a chunk of packed pairs"))?;
    let mut at = 0usize;
    let varint = |at: &mut usize| -> Option<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = *rest.get(*at)?;
            *at += 1;
            v |= u64::from(b & 0x7F) << shift;
            if b & 0x80 == 0 {
                return Some(v);
            }
        }
        None
    };
    let mut a = 0i64;
    while at < rest.len() {
        let z = varint(&mut at).ok_or_else(|| corrupt("a pair ends early"))?;
        a += ((z >> 1) as i64) ^ -((z & 1) as i64);
        let gap = varint(&mut at).ok_or_else(|| corrupt("a pair ends early"))?;
        let w = rest
            .get(at..at + 4)
            .ok_or_else(|| corrupt("a pair ends early"))?;
        at += 4;
        let weight = f64::from(f32::from_le_bytes([w[0], w[1], w[2], w[3]]));
        let second = u32::try_from(a)
            .ok()
            .zip(u32::try_from(gap).ok())
            .and_then(|(first, gap)| Some((first, first.checked_add(gap)?)));
        let Some((first, second)) = second else {
            return Err(corrupt("a position out of range"));
        };
        each(first, second, weight);
    }
    Ok(())
}

/// The pairs of a packed chunk, with their probabilities.
pub fn unpack_pairs(bytes: &[u8]) -> Result<Vec<StoredPair>> {
    let mut out = Vec::new();
    for_each_packed_pair(bytes, &mut |a, b, weight| {
        out.push(StoredPair {
            a,
            b,
            weight,
            probability: 1.0 / (1.0 + (-weight).exp2()),
        })
    })?;
    Ok(out)
}

/// A resolved entity: its mentions (`REPORT#ref`, in order) and, for
/// persons, the pairs that joined them, strongest first.
#[derive(Debug, Clone, PartialEq)]
pub struct EntityRecord {
    pub id: String,
    /// `person`, or the kind of object.
    pub kind: String,
    pub members: Vec<String>,
    pub joins: Vec<EntityJoin>,
}

/// A join of an entity, by mention ids.
#[derive(Debug, Clone, PartialEq)]
pub struct EntityJoin {
    pub a: String,
    pub b: String,
    pub weight: Option<f64>,
    pub probability: f64,
    pub decided: bool,
}

/// What a reviewer decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// The two mentions are one person.
    Same,
    /// They are not.
    Different,
    /// Not decided; the pair goes to the back of the queue.
    Skip,
    /// An entity split: mentions detached from the rest.
    Split,
    /// An earlier decision withdrawn.
    Undo,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Same => "same",
            Action::Different => "different",
            Action::Skip => "skip",
            Action::Split => "split",
            Action::Undo => "undo",
        }
    }

    pub fn parse(s: &str) -> Option<Action> {
        Some(match s {
            "same" => Action::Same,
            "different" => Action::Different,
            "skip" => Action::Skip,
            "split" => Action::Split,
            "undo" => Action::Undo,
            _ => return None,
        })
    }
}

/// A review decision as recorded (append-only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// Assigned by the store; ignored when recording.
    pub id: i64,
    /// Assigned by the store (UTC, RFC 3339); ignored when recording.
    pub decided_at: String,
    pub decided_by: String,
    pub action: Action,
    /// The pair (same, different, skip), as mention ids.
    pub a: Option<String>,
    pub b: Option<String>,
    /// The entity split, and its mentions kept and detached.
    pub entity: Option<String>,
    pub kept: Vec<String>,
    pub detached: Vec<String>,
    /// The decision an undo withdraws.
    pub undoes: Option<i64>,
    pub note: Option<String>,
}

/// A pair in the review queue, with its mentions' ids.
#[derive(Debug, Clone, PartialEq)]
pub struct QueuedPair {
    pub pair: StoredPair,
    pub a: String,
    pub b: String,
}

/// A user of the node (the role is the policy's name for it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserEntry {
    pub name: String,
    pub agency: String,
    pub role: String,
    pub created_at: String,
}

/// An API token as stored: never the token, only who holds it and when it
/// stops working.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenEntry {
    pub id: String,
    pub user: String,
    pub created_at: String,
    pub expires_at: String,
    pub revoked_at: Option<String>,
}

/// One action at the node, as the audit log keeps it. `target` names what
/// was acted on (a report id, a search's terms); `result` is `ok`,
/// `denied` or an error class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub at: String,
    pub user: String,
    pub agency: String,
    pub action: String,
    pub purpose: String,
    pub target: String,
    pub result: String,
}

/// An audit entry with its place in the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    pub seq: i64,
    pub entry: AuditEntry,
    pub prev: Vec<u8>,
    pub hash: Vec<u8>,
}

/// Where the audit chain breaks, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditBreak {
    pub seq: i64,
    pub why: String,
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
    /// Saves what a resolution run changed, in one transaction; returns the
    /// id given to the update's decision, if it has one.
    fn save_resolution(&mut self, update: &ResolutionUpdate) -> Result<Option<i64>>;
    /// The stored resolution's summary, if `corridor resolve` has run.
    fn resolution_header(&self) -> Result<Option<ResolutionHeader>>;
    /// The resolved mentions' values as the resolver packed them
    /// ([`ResolutionUpdate::values`]), chunk by chunk in position order.
    fn for_each_resolution_values(&self, each: &mut dyn FnMut(&[u8]) -> Result<()>) -> Result<()>;
    /// The kept pairs, packed ([`pack_pairs`]), chunk by chunk.
    fn for_each_resolution_pairs(&self, each: &mut dyn FnMut(&[u8]) -> Result<()>) -> Result<()>;
    /// The entity of the mention at each of these positions, in order.
    fn entities_at(&self, positions: &[u32]) -> Result<Vec<String>>;
    /// The joins whose first mention is at one of these positions.
    fn joins_at(&self, positions: &[u32]) -> Result<Vec<StoredJoin>>;
    /// The kept model (JSON), if any.
    fn resolution_model(&self) -> Result<Option<String>>;
    /// The stored person mentions with these ids (unknown ids left out).
    fn person_mentions(&self, mentions: &[String]) -> Result<Vec<PersonMention>>;
    /// The stored person mentions of these reports, in position order.
    fn report_person_mentions(&self, reports: &[&str]) -> Result<Vec<PersonMention>>;
    /// A resolved entity, person or object, if the id names one.
    fn entity(&self, id: &str) -> Result<Option<EntityRecord>>;
    /// The entity a mention (`REPORT#ref`) was resolved into, if any.
    fn entity_of(&self, mention: &str) -> Result<Option<String>>;
    /// Every resolved mention: its id, kind (`person` or the object's) and
    /// entity, persons first, each part in mention order.
    fn entity_members(&self) -> Result<Vec<(String, String, String)>>;
    /// Kept pairs with a probability in `[low, high)`, closest to even
    /// odds first.
    fn uncertain_pairs(&self, low: f64, high: f64, limit: usize) -> Result<Vec<QueuedPair>>;
    /// Records a decision; returns its id.
    fn record_decision(&mut self, decision: &Decision) -> Result<i64>;
    /// Every decision, oldest first.
    fn decisions(&self) -> Result<Vec<Decision>>;
    /// The newest import run (0 before any import).
    fn last_import_run(&self) -> Result<i64>;
    /// Calls `each` with every report of an import run after `run`, in id
    /// order.
    fn for_each_report_after(
        &self,
        run: i64,
        each: &mut dyn FnMut(Report) -> Result<()>,
    ) -> Result<()>;
    /// Calls `each` with every report, in id order.
    fn for_each_report(&self, each: &mut dyn FnMut(Report) -> Result<()>) -> Result<()>;

    /// The agency that runs this node, once `corridor init` has set it.
    fn home_agency(&self) -> Result<Option<String>>;
    /// Sets the node's agency (which must be in the directory).
    fn set_home_agency(&mut self, code: &str) -> Result<()>;
    /// Adds a partner to the agency directory.
    fn add_agency(&mut self, code: &str, name: &str, country: Option<&str>) -> Result<()>;
    fn add_user(&mut self, name: &str, agency: &str, role: &str) -> Result<()>;
    fn users(&self) -> Result<Vec<UserEntry>>;
    /// Stores a token's SHA-256 under a public id.
    fn add_token(&mut self, id: &str, user: &str, hash: &[u8; 32], expires_at: &str) -> Result<()>;
    fn tokens(&self) -> Result<Vec<TokenEntry>>;
    /// The token with this SHA-256 and its user, valid or not.
    fn token_by_hash(&self, hash: &[u8; 32]) -> Result<Option<(TokenEntry, UserEntry)>>;
    /// Revokes a token by id, or all of a user's by the user's name;
    /// returns how many.
    fn revoke_tokens(&mut self, id_or_user: &str) -> Result<usize>;
    /// Appends to the audit log in a transaction of its own.
    fn append_audit(&mut self, entry: &AuditEntry) -> Result<i64>;
    /// Audit entries after `after`, oldest first.
    fn audit_entries(&self, after: i64, limit: usize) -> Result<Vec<AuditRecord>>;
    /// Walks the audit chain: how many entries, and the first break.
    fn verify_audit(&self) -> Result<(u64, Option<AuditBreak>)>;
    /// A number that changes whenever another connection or process has
    /// committed to the store since the last call from this one: what a
    /// long-running server checks before trusting what it cached.
    fn changed_elsewhere(&self) -> Result<i64>;

    /// Starts a transaction of case writes (hubs, cases, events, transfers).
    fn cases_session(&mut self) -> Result<Box<dyn CaseSession + '_>>;
    /// A stored case of `agency`'s, with its events in the order they were
    /// written. Each agency names its cases in its own space: another
    /// agency's case of the same id is not this one.
    fn case(&self, agency: &str, id: &str) -> Result<Option<CaseFile>>;
    /// Every stored case, by agency and id.
    fn cases(&self) -> Result<Vec<CaseFile>>;
    /// Every return hub, in id order.
    fn hubs(&self) -> Result<Vec<HubRecord>>;
    /// The transfers recorded for a case of `agency`'s, oldest first.
    fn transfers(&self, agency: &str, case: &str) -> Result<Vec<TransferRecord>>;
}

/// The canonical stored form of a report, and its content hash.
pub fn canonical_body(report: &Report) -> (String, String) {
    use sha2::{Digest, Sha256};
    let body = serde_json::to_string(&report.to_wire()).expect("wire reports always serialise");
    let hash = hex::encode(Sha256::digest(body.as_bytes()));
    (body, hash)
}
