//! The node's own tables: its home agency, users, API tokens and the
//! hash-chained audit log.

use chrono::Utc;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use sha2::{Digest, Sha256};

use crate::{AuditBreak, AuditEntry, AuditRecord, Result, StoreError, TokenEntry, UserEntry};

pub fn home_agency(conn: &Connection) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT home_agency FROM node WHERE id = 1", [], |r| {
            r.get(0)
        })
        .optional()?)
}

pub fn set_home_agency(conn: &Connection, code: &str) -> Result<()> {
    known_agency(conn, code)?;
    conn.execute(
        "INSERT INTO node (id, home_agency) VALUES (1, ?1)
         ON CONFLICT (id) DO UPDATE SET home_agency = excluded.home_agency",
        [code],
    )?;
    Ok(())
}

fn known_agency(conn: &Connection, code: &str) -> Result<()> {
    let known: bool = conn.query_row(
        "SELECT count(*) > 0 FROM agencies WHERE code = ?1",
        [code],
        |r| r.get(0),
    )?;
    if known {
        Ok(())
    } else {
        Err(StoreError::Invalid(format!(
            "agency {code} is not in this node's directory; add it with `corridor agency add {code} --name ...`"
        )))
    }
}

pub fn add_agency(conn: &Connection, code: &str, name: &str, country: Option<&str>) -> Result<()> {
    let added = conn.execute(
        "INSERT INTO agencies (code, name, country, builtin) VALUES (?1, ?2, ?3, 0)
         ON CONFLICT (code) DO NOTHING",
        params![code, name, country],
    )?;
    if added == 0 {
        return Err(StoreError::Invalid(format!(
            "agency {code} is already in the directory"
        )));
    }
    Ok(())
}

pub fn add_user(conn: &Connection, name: &str, agency: &str, role: &str) -> Result<()> {
    known_agency(conn, agency)?;
    let added = conn.execute(
        "INSERT INTO users (name, agency, role, created_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (name) DO NOTHING",
        params![name, agency, role, Utc::now().to_rfc3339()],
    )?;
    if added == 0 {
        return Err(StoreError::Invalid(format!(
            "a user named {name} already exists; choose another name"
        )));
    }
    Ok(())
}

fn user_row(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<UserEntry> {
    Ok(UserEntry {
        name: r.get(at)?,
        agency: r.get(at + 1)?,
        role: r.get(at + 2)?,
        created_at: r.get(at + 3)?,
    })
}

pub fn users(conn: &Connection) -> Result<Vec<UserEntry>> {
    let mut stmt =
        conn.prepare("SELECT name, agency, role, created_at FROM users ORDER BY name")?;
    let rows = stmt.query_map([], |r| user_row(r, 0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn add_token(
    conn: &Connection,
    id: &str,
    user: &str,
    hash: &[u8; 32],
    expires_at: &str,
) -> Result<()> {
    let exists: bool = conn.query_row(
        "SELECT count(*) > 0 FROM users WHERE name = ?1",
        [user],
        |r| r.get(0),
    )?;
    if !exists {
        return Err(StoreError::Invalid(format!(
            "no user named {user}; add one with `corridor user add {user} --agency CODE --role ROLE`"
        )));
    }
    conn.execute(
        "INSERT INTO tokens (id, user_name, hash, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, user, &hash[..], Utc::now().to_rfc3339(), expires_at],
    )?;
    Ok(())
}

fn token_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<TokenEntry> {
    Ok(TokenEntry {
        id: r.get(0)?,
        user: r.get(1)?,
        created_at: r.get(2)?,
        expires_at: r.get(3)?,
        revoked_at: r.get(4)?,
    })
}

pub fn tokens(conn: &Connection) -> Result<Vec<TokenEntry>> {
    let mut stmt = conn.prepare(
        "SELECT id, user_name, created_at, expires_at, revoked_at FROM tokens ORDER BY created_at, id",
    )?;
    let rows = stmt.query_map([], token_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The token with this hash and its user, whether or not it is still
/// valid: the caller checks expiry and revocation.
pub fn token_by_hash(
    conn: &Connection,
    hash: &[u8; 32],
) -> Result<Option<(TokenEntry, UserEntry)>> {
    Ok(conn
        .prepare_cached(
            "SELECT t.id, t.user_name, t.created_at, t.expires_at, t.revoked_at,
                    u.name, u.agency, u.role, u.created_at
             FROM tokens t JOIN users u ON u.name = t.user_name WHERE t.hash = ?1",
        )?
        .query_row([&hash[..]], |r| Ok((token_row(r)?, user_row(r, 5)?)))
        .optional()?)
}

/// Revokes a token by its id, or every token of a user by the user's name.
/// Returns how many were revoked.
pub fn revoke(conn: &Connection, id_or_user: &str) -> Result<usize> {
    Ok(conn.execute(
        "UPDATE tokens SET revoked_at = ?2 WHERE revoked_at IS NULL AND (id = ?1 OR user_name = ?1)",
        params![id_or_user, Utc::now().to_rfc3339()],
    )?)
}

/// The hash of an entry: SHA-256 over the previous hash and every field,
/// each length-prefixed so that no two entries serialise alike.
fn entry_hash(prev: &[u8], seq: i64, e: &AuditEntry) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"corridor audit v1");
    h.update(prev);
    h.update(seq.to_be_bytes());
    for field in [
        &e.at, &e.user, &e.agency, &e.action, &e.purpose, &e.target, &e.result,
    ] {
        h.update((field.len() as u64).to_be_bytes());
        h.update(field.as_bytes());
    }
    h.finalize().into()
}

/// Appends an entry within `tx`; returns its sequence number.
pub fn append_audit(tx: &Transaction<'_>, entry: &AuditEntry) -> Result<i64> {
    let last: Option<(i64, Vec<u8>)> = tx
        .prepare_cached("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (seq, prev) = match last {
        Some((seq, hash)) => (seq + 1, hash),
        None => (1, vec![0u8; 32]),
    };
    let hash = entry_hash(&prev, seq, entry);
    tx.prepare_cached(
        "INSERT INTO audit_log (seq, at, user_name, agency, action, purpose, target, result, prev, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        seq,
        entry.at,
        entry.user,
        entry.agency,
        entry.action,
        entry.purpose,
        entry.target,
        entry.result,
        prev,
        &hash[..]
    ])?;
    Ok(seq)
}

fn record_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AuditRecord> {
    Ok(AuditRecord {
        seq: r.get(0)?,
        entry: AuditEntry {
            at: r.get(1)?,
            user: r.get(2)?,
            agency: r.get(3)?,
            action: r.get(4)?,
            purpose: r.get(5)?,
            target: r.get(6)?,
            result: r.get(7)?,
        },
        prev: r.get(8)?,
        hash: r.get(9)?,
    })
}

const RECORD_COLUMNS: &str =
    "seq, at, user_name, agency, action, purpose, target, result, prev, hash";

/// Entries after `after`, oldest first, at most `limit`.
pub fn audit_entries(conn: &Connection, after: i64, limit: usize) -> Result<Vec<AuditRecord>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {RECORD_COLUMNS} FROM audit_log WHERE seq > ?1 ORDER BY seq LIMIT ?2"
    ))?;
    let rows = stmt.query_map(params![after, limit as i64], record_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Walks the chain from the first entry; returns the number of entries and
/// the first break, if any. Reads in one transaction, so it sees one
/// consistent log while a server appends to it.
pub fn verify_audit(conn: &Connection) -> Result<(u64, Option<AuditBreak>)> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {RECORD_COLUMNS} FROM audit_log ORDER BY seq"
    ))?;
    let mut rows = stmt.query([])?;
    let mut expected_seq = 1i64;
    let mut prev = vec![0u8; 32];
    let mut count = 0u64;
    while let Some(row) = rows.next()? {
        let rec = record_row(row)?;
        count += 1;
        let broken = |why: String| Ok((count, Some(AuditBreak { seq: rec.seq, why })));
        if rec.seq != expected_seq {
            return broken(format!(
                "entry {} follows entry {}: entries {expected_seq}..{} are missing",
                rec.seq,
                expected_seq - 1,
                rec.seq - 1
            ));
        }
        if rec.prev != prev {
            return broken(format!(
                "entry {} does not follow entry {}: an entry was inserted, removed or moved here",
                rec.seq,
                rec.seq - 1
            ));
        }
        let hash = entry_hash(&rec.prev, rec.seq, &rec.entry);
        if rec.hash[..] != hash[..] {
            return broken(format!(
                "entry {} was changed after it was written (its hash does not match its content)",
                rec.seq
            ));
        }
        prev = rec.hash;
        expected_seq += 1;
    }
    Ok((count, None))
}
