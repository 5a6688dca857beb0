//! The embedded SQLite backend.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::Utc;
use corridor_model::agency::BUILTIN_AGENCIES;
use corridor_model::wire::WireReport;
use corridor_model::{MentionRef, Report, ReportId};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, Transaction};

use crate::seal::AtRestKey;
use crate::{
    resolution, AgencyEntry, AuditBreak, AuditEntry, AuditRecord, Decision, EntityRecord, Hit,
    ImportSession, ImportSummary, PersonMention, Prepared, PutError, PutOutcome, QueuedPair,
    ResolutionHeader, ResolutionUpdate, Result, Stats, Store, StoreError, StoredJoin, TokenEntry,
    UserEntry, SCHEMA_VERSION,
};

/// Migrations in order; the store's version is the number applied.
const MIGRATIONS: &[(&str, &str)] = &[
    (
        "initial schema",
        include_str!("migrations/0001_initial.sql"),
    ),
    (
        "person resolution",
        include_str!("migrations/0002_resolution.sql"),
    ),
    (
        "incremental resolution and review",
        include_str!("migrations/0003_review.sql"),
    ),
    (
        "the node: users, tokens, audit",
        include_str!("migrations/0004_node.sql"),
    ),
    (
        "protected people sealed at rest",
        include_str!("migrations/0005_sealed.sql"),
    ),
    ("returns cases", include_str!("migrations/0006_cases.sql")),
    (
        "resolution by role, vehicle and companions",
        include_str!("migrations/0007_resolution_roles.sql"),
    ),
    (
        "each agency's cases in its own space",
        include_str!("migrations/0008_case_spaces.sql"),
    ),
];

// A migration for every schema version, and none beyond it.
const _: () = assert!(MIGRATIONS.len() == SCHEMA_VERSION as usize);

/// A Corridor store in one SQLite file.
pub struct SqliteStore {
    conn: Connection,
    path: PathBuf,
    /// The key protected content is sealed with; without it, reports that
    /// mention protected people are stored whole and read withheld.
    at_rest: Option<AtRestKey>,
}

impl SqliteStore {
    /// Creates a store at `path`, or opens the one there. Returns the store
    /// and whether it was created.
    pub fn create(path: &Path) -> Result<(SqliteStore, bool)> {
        let existed = path.exists();
        let conn = Connection::open(path)?;
        let mut store = SqliteStore {
            conn,
            path: path.to_owned(),
            at_rest: None,
        };
        store.prepare(!existed)?;
        Ok((store, !existed))
    }

    /// Opens an existing store, applying any migrations it lacks.
    pub fn open(path: &Path) -> Result<SqliteStore> {
        if !path.is_file() {
            return Err(StoreError::Missing {
                path: path.display().to_string(),
            });
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        let mut store = SqliteStore {
            conn,
            path: path.to_owned(),
            at_rest: None,
        };
        store.prepare(false)?;
        Ok(store)
    }

    /// An in-memory store, for tests.
    pub fn in_memory() -> Result<SqliteStore> {
        let mut store = SqliteStore {
            conn: Connection::open_in_memory()?,
            path: ":memory:".into(),
            at_rest: None,
        };
        store.prepare(true)?;
        Ok(store)
    }

    /// Seals protected content with `key` from now on, and seals what an
    /// earlier version (or a store used without its key) stored whole: after
    /// this, no protected person's name is in the database file in the
    /// clear. Reads open sealed content with the key.
    pub fn with_at_rest_key(mut self, key: [u8; 32]) -> Result<SqliteStore> {
        let key = AtRestKey::new(key);
        let tx = self.conn.transaction()?;
        let unsealed: Vec<(String, String)> = tx
            .prepare(
                "SELECT id, body FROM reports WHERE sealed IS NULL
                 AND id IN (SELECT report_id FROM mentions WHERE protected = 1)",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        if !unsealed.is_empty() {
            // Overwrite the pages the clear bodies leave, not just free them.
            tx.pragma_update(None, "secure_delete", "ON")?;
        }
        for (id, body) in unsealed {
            let report = decode(&id, &body)?;
            let (withheld, _) = crate::canonical_body(&report.withholding_protected());
            tx.execute(
                "UPDATE reports SET body = ?2, sealed = ?3 WHERE id = ?1",
                params![id, withheld, key.seal(&id, &body)?],
            )?;
        }
        tx.commit()?;
        self.at_rest = Some(key);
        Ok(self)
    }

    /// The body to read: sealed content opened when the key is at hand,
    /// else the form stored in the clear.
    fn readable(&self, id: &str, body: String, sealed: Option<Vec<u8>>) -> Result<String> {
        match (sealed, &self.at_rest) {
            (Some(sealed), Some(key)) => key.open(id, &sealed),
            _ => Ok(body),
        }
    }

    fn prepare(&mut self, fresh: bool) -> Result<()> {
        let display = self.path.display().to_string();
        let not_a_store = |why: String| StoreError::NotAStore {
            path: display.clone(),
            why,
        };
        // Reading the header is the first access: a non-SQLite file fails here.
        self.conn
            .pragma_update(None, "foreign_keys", "ON")
            .map_err(|e| not_a_store(e.to_string()))?;
        self.conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| {
                r.get::<_, i64>(0)
            })
            .map_err(|e| not_a_store(e.to_string()))?;
        if self.conn.path().is_some_and(|p| !p.is_empty()) {
            self.conn.pragma_update(None, "journal_mode", "WAL")?;
            self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        }
        // A large import touches index pages all over the file; with
        // SQLite's default 2 MiB cache it spills and re-reads them
        // constantly. The cache grows only as far as it is used.
        self.conn.pragma_update(None, "cache_size", -262_144)?;
        self.conn.pragma_update(None, "temp_store", "MEMORY")?;
        // Reads through a memory map rather than a read call per page: the
        // resolution's kept pairs alone are a hundred megabytes.
        self.conn.pragma_update(None, "mmap_size", 1_i64 << 30)?;
        // `rarray(?)`: a list of positions as one parameter.
        rusqlite::vtab::array::load_module(&self.conn)?;
        // Room for every statement a long-running server repeats: rusqlite
        // keeps 16 by default, and a server cycling through more re-parsed
        // them on every request.
        self.conn.set_prepared_statement_cache_capacity(128);
        let has_table: bool = self.conn.query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'",
            [],
            |r| r.get::<_, i64>(0).map(|n| n > 0),
        )?;
        if !has_table {
            let empty: bool =
                self.conn
                    .query_row("SELECT count(*) = 0 FROM sqlite_master", [], |r| r.get(0))?;
            if !fresh && !empty {
                return Err(not_a_store(
                    "it has tables but no schema_migrations table".into(),
                ));
            }
            self.conn.execute_batch(
                "CREATE TABLE schema_migrations (
                     version     INTEGER PRIMARY KEY,
                     description TEXT NOT NULL,
                     applied_at  TEXT NOT NULL
                 );",
            )?;
        }
        let version = self.schema_version()?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                path: display,
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        self.migrate(version)
    }

    fn migrate(&mut self, from: u32) -> Result<()> {
        for (i, (description, sql)) in MIGRATIONS.iter().enumerate().skip(from as usize) {
            let tx = self.conn.transaction()?;
            tx.execute_batch(sql)?;
            if i == 0 {
                seed_agencies(&tx)?;
            }
            tx.execute(
                "INSERT INTO schema_migrations (version, description, applied_at) VALUES (?1, ?2, ?3)",
                params![i as i64 + 1, description, Utc::now().to_rfc3339()],
            )?;
            tx.commit()?;
        }
        Ok(())
    }

    fn counts(&self, sql: &str) -> Result<std::collections::BTreeMap<String, u64>> {
        let mut stmt = self.conn.prepare(sql)?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn count(&self, sql: &str) -> Result<u64> {
        Ok(self.conn.query_row(sql, [], |r| r.get::<_, i64>(0))? as u64)
    }

    fn scripts(&self) -> Result<std::collections::BTreeMap<String, u64>> {
        let mut counts = std::collections::BTreeMap::new();
        let mut stmt = self
            .conn
            .prepare("SELECT label, protected FROM mentions WHERE kind = 'person'")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let label: Option<String> = row.get(0)?;
            let script = match (label, row.get::<_, bool>(1)?) {
                (_, true) => "withheld",
                (Some(label), false) => corridor_text::Script::of(&label).as_str(),
                (None, false) => "none",
            };
            *counts.entry(script.to_owned()).or_insert(0) += 1;
        }
        Ok(counts)
    }

    /// Mentions that have, for every one of `keys`, a search key it is a
    /// prefix of. Candidates come from the first key's range.
    fn matching(&self, keys: &[String]) -> Result<Vec<(String, String)>> {
        // Word keys match as prefixes; name keys (`~…`) exactly.
        let upper = |k: &str| {
            if k.starts_with('~') {
                format!("{k}\u{1}")
            } else {
                format!("{k}\u{10FFFF}")
            }
        };
        let mut first = self.conn.prepare_cached(
            "SELECT DISTINCT report_id, ref FROM mention_keys
             WHERE key >= ?1 AND key < ?2 ORDER BY report_id, ref",
        )?;
        let mut also = self.conn.prepare_cached(
            "SELECT 1 FROM mention_keys WHERE report_id = ?1 AND ref = ?2
             AND key >= ?3 AND key < ?4 LIMIT 1",
        )?;
        let candidates = first
            .query_map(params![keys[0], upper(&keys[0])], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut out = Vec::new();
        for (report_id, reference) in candidates {
            let mut all = true;
            for k in &keys[1..] {
                all = all && also.exists(params![report_id, reference, k, upper(k)])?;
            }
            if all {
                out.push((report_id, reference));
            }
        }
        Ok(out)
    }
}

fn seed_agencies(tx: &Transaction) -> Result<()> {
    let mut stmt =
        tx.prepare("INSERT INTO agencies (code, name, country, builtin) VALUES (?1, ?2, ?3, 1)")?;
    for a in BUILTIN_AGENCIES {
        stmt.execute(params![a.code, a.name, a.country])?;
    }
    Ok(())
}

fn decode(id: &str, body: &str) -> Result<Report> {
    let corrupt = |why: String| StoreError::Corrupt {
        id: id.to_owned(),
        why,
    };
    let wire: WireReport = serde_json::from_str(body).map_err(|e| corrupt(e.to_string()))?;
    Report::from_wire(&wire, &|_| true).map_err(|errors| {
        corrupt(
            errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; "),
        )
    })
}

impl Store for SqliteStore {
    fn schema_version(&self) -> Result<u32> {
        Ok(self.conn.query_row(
            "SELECT coalesce(max(version), 0) FROM schema_migrations",
            [],
            |r| r.get::<_, i64>(0),
        )? as u32)
    }

    fn agencies(&self) -> Result<Vec<AgencyEntry>> {
        let mut stmt = self
            .conn
            .prepare("SELECT code, name, country FROM agencies ORDER BY code")?;
        let rows = stmt.query_map([], |r| {
            Ok(AgencyEntry {
                code: r.get(0)?,
                name: r.get(1)?,
                country: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn import(&mut self) -> Result<Box<dyn ImportSession + '_>> {
        let started_at = Utc::now().to_rfc3339();
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO import_runs (started_at, finished_at, reports_added, reports_unchanged) VALUES (?1, ?1, 0, 0)",
            params![started_at],
        )?;
        let run = tx.last_insert_rowid();
        Ok(Box::new(SqliteImport {
            tx,
            run,
            summary: ImportSummary::default(),
            at_rest: self.at_rest.clone(),
        }))
    }

    fn stats(&self) -> Result<Stats> {
        Ok(Stats {
            reports: self.count("SELECT count(*) FROM reports")?,
            mentions: self.count("SELECT count(*) FROM mentions")?,
            links: self.count("SELECT count(*) FROM links")?,
            reports_by_agency: self
                .counts("SELECT agency, count(*) FROM reports GROUP BY agency")?,
            reports_by_kind: self.counts("SELECT kind, count(*) FROM reports GROUP BY kind")?,
            reports_by_month: self.counts("SELECT month, count(*) FROM reports GROUP BY month")?,
            mentions_by_kind: self.counts("SELECT kind, count(*) FROM mentions GROUP BY kind")?,
            persons_by_role: self.counts(
                "SELECT role, count(*) FROM mentions WHERE kind = 'person' GROUP BY role",
            )?,
            persons_by_script: self.scripts()?,
            protected_mentions: self.count("SELECT count(*) FROM mentions WHERE protected = 1")?,
        })
    }

    fn report(&self, id: &str) -> Result<Option<Report>> {
        let row: Option<(String, Option<Vec<u8>>)> = self
            .conn
            .prepare_cached("SELECT body, sealed FROM reports WHERE id = ?1")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        row.map(|(body, sealed)| decode(id, &self.readable(id, body, sealed)?))
            .transpose()
    }

    fn search(&self, text: &str, limit: usize) -> Result<Vec<Hit>> {
        let mut found: Vec<(String, String)> = Vec::new();
        let mut seen: BTreeSet<(String, String)> = BTreeSet::new();
        for keys in query_readings(text) {
            for hit in self.matching(&keys)? {
                if seen.insert(hit.clone()) {
                    found.push(hit);
                }
            }
        }
        let mut hit_stmt = self.conn.prepare_cached(
            "SELECT m.kind, m.role, m.label, r.agency, r.occurred_at FROM mentions m
             JOIN reports r ON r.id = m.report_id WHERE m.report_id = ?1 AND m.ref = ?2",
        )?;
        let mut hits = Vec::new();
        for (report_id, reference) in found.into_iter().take(limit) {
            let (kind, role, label, agency, occurred_at) = hit_stmt
                .query_row(params![report_id, reference], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                })?;
            hits.push(Hit {
                report_id: corrupt_id(ReportId::parse(&report_id), &report_id)?,
                reference: corrupt_id(MentionRef::parse(&reference), &report_id)?,
                kind,
                role,
                label,
                agency,
                occurred_at,
            });
        }
        Ok(hits)
    }

    fn save_resolution(&mut self, update: &ResolutionUpdate) -> Result<Option<i64>> {
        resolution::save(&mut self.conn, update)
    }

    fn resolution_header(&self) -> Result<Option<ResolutionHeader>> {
        resolution::header(&self.conn)
    }

    fn for_each_resolution_values(&self, each: &mut dyn FnMut(&[u8]) -> Result<()>) -> Result<()> {
        resolution::for_each_values(&self.conn, each)
    }

    fn for_each_resolution_pairs(&self, each: &mut dyn FnMut(&[u8]) -> Result<()>) -> Result<()> {
        resolution::for_each_pairs(&self.conn, each)
    }

    fn entities_at(&self, positions: &[u32]) -> Result<Vec<String>> {
        resolution::entities_at(&self.conn, positions)
    }

    fn joins_at(&self, positions: &[u32]) -> Result<Vec<StoredJoin>> {
        resolution::joins_at(&self.conn, positions)
    }

    fn resolution_model(&self) -> Result<Option<String>> {
        resolution::model(&self.conn)
    }

    fn person_mentions(&self, mentions: &[String]) -> Result<Vec<PersonMention>> {
        resolution::mentions(&self.conn, mentions)
    }

    fn report_person_mentions(&self, reports: &[&str]) -> Result<Vec<PersonMention>> {
        resolution::report_mentions(&self.conn, reports)
    }

    fn entity(&self, id: &str) -> Result<Option<EntityRecord>> {
        resolution::entity(&self.conn, id)
    }

    fn entity_of(&self, mention: &str) -> Result<Option<String>> {
        resolution::entity_of(&self.conn, mention)
    }

    fn entity_members(&self) -> Result<Vec<(String, String, String)>> {
        resolution::members(&self.conn)
    }

    fn uncertain_pairs(&self, low: f64, high: f64, limit: usize) -> Result<Vec<QueuedPair>> {
        resolution::uncertain(&self.conn, low, high, limit)
    }

    fn record_decision(&mut self, decision: &Decision) -> Result<i64> {
        resolution::record(&mut self.conn, decision)
    }

    fn decisions(&self) -> Result<Vec<Decision>> {
        resolution::decisions(&self.conn)
    }

    fn last_import_run(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT coalesce(max(id), 0) FROM import_runs", [], |r| {
                r.get(0)
            })?)
    }

    fn for_each_report_after(
        &self,
        run: i64,
        each: &mut dyn FnMut(Report) -> Result<()>,
    ) -> Result<()> {
        // By the import-run index: ordered by id alone, SQLite reads every
        // report to find the few imported since (325 MB on the large
        // scenario, for 1% of it).
        let mut stmt = self.conn.prepare(
            "SELECT id, body, sealed FROM reports INDEXED BY reports_by_import_run
             WHERE import_run > ?1 ORDER BY id",
        )?;
        let mut rows = stmt.query([run])?;
        while let Some(row) = rows.next()? {
            let id: String = row.get(0)?;
            let body = self.readable(&id, row.get(1)?, row.get(2)?)?;
            each(decode(&id, &body)?)?;
        }
        Ok(())
    }

    fn for_each_report(&self, each: &mut dyn FnMut(Report) -> Result<()>) -> Result<()> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, body, sealed FROM reports ORDER BY id")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let id: String = row.get(0)?;
            let body = self.readable(&id, row.get(1)?, row.get(2)?)?;
            each(decode(&id, &body)?)?;
        }
        Ok(())
    }

    fn home_agency(&self) -> Result<Option<String>> {
        crate::node::home_agency(&self.conn)
    }

    fn set_home_agency(&mut self, code: &str) -> Result<()> {
        crate::node::set_home_agency(&self.conn, code)
    }

    fn add_agency(&mut self, code: &str, name: &str, country: Option<&str>) -> Result<()> {
        crate::node::add_agency(&self.conn, code, name, country)
    }

    fn add_user(&mut self, name: &str, agency: &str, role: &str) -> Result<()> {
        crate::node::add_user(&self.conn, name, agency, role)
    }

    fn users(&self) -> Result<Vec<UserEntry>> {
        crate::node::users(&self.conn)
    }

    fn add_token(&mut self, id: &str, user: &str, hash: &[u8; 32], expires_at: &str) -> Result<()> {
        crate::node::add_token(&self.conn, id, user, hash, expires_at)
    }

    fn tokens(&self) -> Result<Vec<TokenEntry>> {
        crate::node::tokens(&self.conn)
    }

    fn token_by_hash(&self, hash: &[u8; 32]) -> Result<Option<(TokenEntry, UserEntry)>> {
        crate::node::token_by_hash(&self.conn, hash)
    }

    fn revoke_tokens(&mut self, id_or_user: &str) -> Result<usize> {
        crate::node::revoke(&self.conn, id_or_user)
    }

    fn append_audit(&mut self, entry: &AuditEntry) -> Result<i64> {
        let tx = self.conn.transaction()?;
        let seq = crate::node::append_audit(&tx, entry)?;
        tx.commit()?;
        Ok(seq)
    }

    fn audit_entries(&self, after: i64, limit: usize) -> Result<Vec<AuditRecord>> {
        crate::node::audit_entries(&self.conn, after, limit)
    }

    fn verify_audit(&self) -> Result<(u64, Option<AuditBreak>)> {
        crate::node::verify_audit(&self.conn)
    }

    fn changed_elsewhere(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    fn cases_session(&mut self) -> Result<Box<dyn crate::CaseSession + '_>> {
        // The write lock from the start: the cases a step is judged on are
        // the cases as stored when it is written, whoever else writes.
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        Ok(Box::new(crate::cases::SqliteCases {
            tx,
            at_rest: self.at_rest.clone(),
            cases: None,
        }))
    }

    fn case(&self, agency: &str, id: &str) -> Result<Option<crate::CaseFile>> {
        crate::cases::read_case(
            &self.conn,
            self.at_rest.as_ref(),
            &crate::cases::stored_id(agency, id),
        )
    }

    fn cases(&self) -> Result<Vec<crate::CaseFile>> {
        crate::cases::read_cases(&self.conn, self.at_rest.as_ref())
    }

    fn hubs(&self) -> Result<Vec<crate::HubRecord>> {
        crate::cases::read_hubs(&self.conn)
    }

    fn transfers(&self, agency: &str, case: &str) -> Result<Vec<crate::TransferRecord>> {
        crate::cases::read_transfers(&self.conn, &crate::cases::stored_id(agency, case))
    }
}

fn corrupt_id<T>(parsed: std::result::Result<T, String>, id: &str) -> Result<T> {
    parsed.map_err(|why| StoreError::Corrupt {
        id: id.to_owned(),
        why,
    })
}

struct SqliteImport<'a> {
    tx: Transaction<'a>,
    run: i64,
    summary: ImportSummary,
    at_rest: Option<AtRestKey>,
}

impl ImportSession for SqliteImport<'_> {
    fn put(&mut self, prepared: &Prepared) -> Result<PutOutcome, PutError> {
        let report = prepared.report();
        let id = report.id.as_str();
        let stored: Option<String> = self
            .tx
            .prepare_cached("SELECT content_hash FROM reports WHERE id = ?1")
            .and_then(|mut s| s.query_row([id], |r| r.get(0)).optional())
            .map_err(StoreError::from)?;
        match stored {
            Some(h) if h == prepared.hash => {
                self.summary.unchanged += 1;
                Ok(PutOutcome::Unchanged)
            }
            Some(_) => Err(PutError::Conflict { id: id.to_owned() }),
            None => {
                insert(&self.tx, prepared, self.run, self.at_rest.as_ref())?;
                self.summary.added += 1;
                self.summary.mentions_added += report.mentions().len() as u64;
                self.summary.links_added += report.links().len() as u64;
                Ok(PutOutcome::Added)
            }
        }
    }

    fn audit(&mut self, entry: &AuditEntry) -> Result<i64> {
        crate::node::append_audit(&self.tx, entry)
    }

    fn commit(self: Box<Self>) -> Result<ImportSummary> {
        let SqliteImport {
            tx, run, summary, ..
        } = *self;
        tx.execute(
            "UPDATE import_runs SET finished_at = ?1, reports_added = ?2, reports_unchanged = ?3 WHERE id = ?4",
            params![Utc::now().to_rfc3339(), summary.added as i64, summary.unchanged as i64, run],
        )?;
        tx.commit()?;
        Ok(summary)
    }
}

fn insert(
    tx: &Transaction,
    prepared: &Prepared,
    run: i64,
    at_rest: Option<&AtRestKey>,
) -> Result<()> {
    let report = prepared.report();
    let id = report.id.as_str();
    // With the key, a report that mentions protected people is kept in the
    // clear only in its withheld form; without it, whole.
    let (body, sealed) = match (&prepared.protected_body, at_rest) {
        (Some(full), Some(key)) => (prepared.body.as_str(), Some(key.seal(id, full)?)),
        (Some(full), None) => (full.as_str(), None),
        (None, _) => (prepared.body.as_str(), None),
    };
    tx.prepare_cached(
        "INSERT INTO reports (id, kind, agency, occurred_at, month, evaluation, handling, content_hash, body, import_run, sealed)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        id,
        report.kind.as_str(),
        report.agency.as_str(),
        report.occurred_at.to_string(),
        report.occurred_at.month(),
        report.evaluation.to_string(),
        report.handling.code(),
        prepared.hash,
        body,
        run,
        sealed
    ])?;
    let mut rel =
        tx.prepare_cached("INSERT INTO report_releasability (report_id, agency) VALUES (?1, ?2)")?;
    for partner in report.releasable_to.partners() {
        rel.execute(params![id, partner.as_str()])?;
    }
    let mut mention = tx.prepare_cached(
        "INSERT INTO mentions (report_id, ref, kind, role, protected, withheld, label) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for m in &prepared.mentions {
        mention.execute(params![
            id,
            m.reference,
            m.kind,
            m.role,
            m.protected,
            m.withheld,
            m.label
        ])?;
    }
    let mut key = tx.prepare_cached(
        "INSERT OR IGNORE INTO mention_keys (key, report_id, ref) VALUES (?1, ?2, ?3)",
    )?;
    for (k, reference) in &prepared.keys {
        key.execute(params![k, id, reference])?;
    }
    let mut link = tx.prepare_cached(
        "INSERT INTO links (report_id, idx, from_ref, to_ref, kind) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (i, l) in report.links().iter().enumerate() {
        link.execute(params![
            id,
            i as i64,
            l.from.as_str(),
            l.to.as_str(),
            l.kind.as_str()
        ])?;
    }
    Ok(())
}

/// The ways to read a search query, each a list of keys that must all
/// match, best first: its folded words (prefixes); for a query with digits,
/// such as a phone number or plate typed with spaces, the whole query as one
/// key; for a name, its matching-key tokens (exact), which find the name in
/// any script and transliteration.
fn query_readings(text: &str) -> Vec<Vec<String>> {
    let folded = corridor_text::fold(text);
    let words: Vec<String> = folded
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect();
    let compact: String = folded
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == '+')
        .collect();
    let mut readings = vec![words];
    if compact.chars().filter(char::is_ascii_digit).count() >= 3 && readings[0] != [compact.clone()]
    {
        readings.push(vec![compact]);
    }
    let name_keys: Vec<String> = corridor_text::matching_key(text)
        .split(' ')
        .filter(|t| !t.is_empty())
        .map(|t| format!("~{t}"))
        .collect();
    if !name_keys.is_empty() && !text.chars().any(|c| c.is_ascii_digit()) {
        readings.push(name_keys);
    }
    readings.retain(|r| !r.is_empty());
    readings
}
