//! Resolution and review in SQLite: what `corridor resolve` keeps between
//! runs, and the append-only record of what reviewers decided.

use chrono::Utc;
use rusqlite::{params, Connection, OptionalExtension};

use crate::{
    Action, Decision, EntityJoin, EntityRecord, PersonMention, QueuedPair, ResolutionState,
    ResolutionUpdate, Result, StoreError, StoredJoin, StoredPair,
};

fn split(mention: &str) -> (&str, &str) {
    mention.split_once('#').unwrap_or((mention, ""))
}

pub(crate) fn save(conn: &mut Connection, u: &ResolutionUpdate) -> Result<Option<i64>> {
    let tx = conn.transaction()?;
    let decision = match &u.decision {
        Some(d) => Some(insert_decision(&tx, d)?),
        None => None,
    };
    if u.kind.replaces() {
        tx.execute_batch(
            "DELETE FROM person_mentions; DELETE FROM resolution_pairs; DELETE FROM entity_joins;
             DELETE FROM object_entities;",
        )?;
    }
    {
        let mut add = tx.prepare_cached(
            "INSERT INTO person_mentions (idx, report_id, ref, entity, given_name, surname,
                 birth_date, sex, nationality, phone, document, role, vehicle)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        )?;
        for m in &u.added {
            let (report_id, reference) = split(&m.mention);
            let v = |i: usize| m.values.get(i).cloned().flatten();
            add.execute(params![
                m.idx,
                report_id,
                reference,
                m.entity,
                v(0),
                v(1),
                v(2),
                v(3),
                v(4),
                v(5),
                v(6),
                v(7),
                v(8)
            ])?;
        }
        let mut moved =
            tx.prepare_cached("UPDATE person_mentions SET entity = ?2 WHERE idx = ?1")?;
        for (idx, entity) in &u.moved {
            moved.execute(params![idx, entity])?;
        }
        let mut gone = tx.prepare_cached("DELETE FROM entity_joins WHERE a = ?1 AND b = ?2")?;
        for (a, b) in &u.joins_removed {
            gone.execute(params![a, b])?;
        }
        let mut join = tx.prepare_cached(
            "INSERT OR REPLACE INTO entity_joins (a, b, weight, probability, decided)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for j in &u.joins_added {
            join.execute(params![j.a, j.b, j.weight, j.probability, j.decided])?;
        }
        let mut object = tx.prepare_cached(
            "INSERT OR REPLACE INTO object_entities (report_id, ref, kind, entity)
             VALUES (?1, ?2, ?3, ?4)",
        )?;
        for o in &u.objects {
            let (report_id, reference) = split(&o.mention);
            object.execute(params![report_id, reference, o.kind, o.entity])?;
        }
    }
    if !u.pairs.is_empty() || u.kind.replaces() {
        let mut packed = if u.kind.replaces() {
            Vec::new()
        } else {
            stored_pairs(&tx)?
        };
        packed.reserve(u.pairs.len() * PAIR_BYTES);
        for p in &u.pairs {
            packed.extend_from_slice(&p.a.to_le_bytes());
            packed.extend_from_slice(&p.b.to_le_bytes());
            packed.extend_from_slice(&p.weight.to_le_bytes());
        }
        tx.execute(
            "INSERT OR REPLACE INTO resolution_pairs (id, pairs) VALUES (1, ?1)",
            [packed],
        )?;
    }
    tx.execute(
        "INSERT INTO resolution_runs (finished_at, kind, mentions, entities, threshold, prior,
             last_import_run)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            Utc::now().to_rfc3339(),
            u.kind.as_str(),
            u.mentions as i64,
            u.entities as i64,
            u.threshold,
            u.prior,
            u.last_import_run
        ],
    )?;
    if let Some(model) = &u.model {
        let run = tx.last_insert_rowid();
        tx.execute(
            "INSERT OR REPLACE INTO resolution_model (id, trained, model) VALUES (1, ?1, ?2)",
            params![run, model],
        )?;
    }
    tx.commit()?;
    Ok(decision)
}

pub(crate) fn state(conn: &Connection) -> Result<Option<ResolutionState>> {
    let Some(model) = model(conn)? else {
        return Ok(None);
    };
    let (threshold, prior, last_import_run) = conn.query_row(
        "SELECT threshold, prior, last_import_run FROM resolution_runs ORDER BY id DESC LIMIT 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let mentions = select_mentions(conn, "ORDER BY idx", [])?;
    if mentions
        .iter()
        .enumerate()
        .any(|(i, m)| m.idx as usize != i)
    {
        return Err(StoreError::Corrupt {
            id: "person_mentions".into(),
            why: "mention positions are not contiguous".into(),
        });
    }
    let pairs = unpack(&stored_pairs(conn)?);
    let mut stmt = conn.prepare("SELECT a, b, weight, probability, decided FROM entity_joins")?;
    let joins = stmt
        .query_map([], |r| {
            Ok(StoredJoin {
                a: r.get(0)?,
                b: r.get(1)?,
                weight: r.get(2)?,
                probability: r.get(3)?,
                decided: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(ResolutionState {
        threshold,
        prior,
        model,
        last_import_run,
        mentions,
        pairs,
        joins,
    }))
}

/// Bytes of one packed pair: a and b (u32), the weight (f64).
const PAIR_BYTES: usize = 16;

fn stored_pairs(conn: &Connection) -> Result<Vec<u8>> {
    Ok(conn
        .query_row("SELECT pairs FROM resolution_pairs WHERE id = 1", [], |r| {
            r.get(0)
        })
        .optional()?
        .unwrap_or_default())
}

fn unpack(bytes: &[u8]) -> Vec<StoredPair> {
    bytes
        .chunks_exact(PAIR_BYTES)
        .map(|c| {
            let u32_at = |i: usize| u32::from_le_bytes(c[i..i + 4].try_into().expect("4 bytes"));
            let weight = f64::from_le_bytes(c[8..16].try_into().expect("8 bytes"));
            StoredPair {
                a: u32_at(0),
                b: u32_at(4),
                weight,
                probability: probability(weight),
            }
        })
        .collect()
}

/// Match probability from a match weight (log2 odds): the engine's
/// formula, so that a kept pair reads back exactly as it was scored.
fn probability(weight: f64) -> f64 {
    1.0 / (1.0 + (-weight).exp2())
}

pub(crate) fn model(conn: &Connection) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT model FROM resolution_model WHERE id = 1", [], |r| {
            r.get(0)
        })
        .optional()?)
}

fn select_mentions<P: rusqlite::Params>(
    conn: &Connection,
    rest: &str,
    params: P,
) -> Result<Vec<PersonMention>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT idx, report_id, ref, entity, given_name, surname, birth_date, sex, nationality,
                phone, document, role, vehicle
         FROM person_mentions {rest}"
    ))?;
    let rows = stmt
        .query_map(params, |r| {
            Ok(PersonMention {
                idx: r.get(0)?,
                mention: format!("{}#{}", r.get::<_, String>(1)?, r.get::<_, String>(2)?),
                entity: r.get(3)?,
                values: (4..13)
                    .map(|i| r.get::<_, Option<String>>(i))
                    .collect::<rusqlite::Result<_>>()?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub(crate) fn report_mentions(conn: &Connection, reports: &[&str]) -> Result<Vec<PersonMention>> {
    let mut out = Vec::new();
    for report in reports {
        out.extend(select_mentions(
            conn,
            "WHERE report_id = ?1 ORDER BY idx",
            [report],
        )?);
    }
    out.sort_by_key(|m| m.idx);
    out.dedup_by_key(|m| m.idx);
    Ok(out)
}

pub(crate) fn mentions(conn: &Connection, ids: &[String]) -> Result<Vec<PersonMention>> {
    let mut out = Vec::new();
    for id in ids {
        let (report_id, reference) = split(id);
        out.extend(select_mentions(
            conn,
            "WHERE report_id = ?1 AND ref = ?2",
            params![report_id, reference],
        )?);
    }
    Ok(out)
}

pub(crate) fn entity(conn: &Connection, id: &str) -> Result<Option<EntityRecord>> {
    let people = select_mentions(conn, "WHERE entity = ?1 ORDER BY report_id, ref", [id])?;
    if people.is_empty() {
        let mut stmt = conn.prepare_cached(
            "SELECT report_id, ref, kind FROM object_entities WHERE entity = ?1
             ORDER BY report_id, ref",
        )?;
        let rows: Vec<(String, String)> = stmt
            .query_map([id], |r| {
                Ok((
                    format!("{}#{}", r.get::<_, String>(0)?, r.get::<_, String>(1)?),
                    r.get::<_, String>(2)?,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let Some(kind) = rows.first().map(|(_, k)| k.clone()) else {
            return Ok(None);
        };
        return Ok(Some(EntityRecord {
            id: id.to_owned(),
            kind,
            members: rows.into_iter().map(|(m, _)| m).collect(),
            joins: Vec::new(),
        }));
    }
    let mut stmt = conn.prepare_cached(
        "SELECT ma.report_id || '#' || ma.ref, mb.report_id || '#' || mb.ref,
                j.weight, j.probability, j.decided
         FROM entity_joins j
         JOIN person_mentions ma ON ma.idx = j.a
         JOIN person_mentions mb ON mb.idx = j.b
         WHERE ma.entity = ?1
         ORDER BY j.decided DESC, j.weight DESC, j.a, j.b",
    )?;
    let joins = stmt
        .query_map([id], |r| {
            Ok(EntityJoin {
                a: r.get(0)?,
                b: r.get(1)?,
                weight: r.get(2)?,
                probability: r.get(3)?,
                decided: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(EntityRecord {
        id: id.to_owned(),
        kind: "person".into(),
        members: people.into_iter().map(|m| m.mention).collect(),
        joins,
    }))
}

pub(crate) fn entity_of(conn: &Connection, mention: &str) -> Result<Option<String>> {
    let (report_id, reference) = split(mention);
    let person = conn
        .query_row(
            "SELECT entity FROM person_mentions WHERE report_id = ?1 AND ref = ?2",
            params![report_id, reference],
            |r| r.get(0),
        )
        .optional()?;
    if person.is_some() {
        return Ok(person);
    }
    Ok(conn
        .query_row(
            "SELECT entity FROM object_entities WHERE report_id = ?1 AND ref = ?2",
            params![report_id, reference],
            |r| r.get(0),
        )
        .optional()?)
}

pub(crate) fn members(conn: &Connection) -> Result<Vec<(String, String, String)>> {
    let mut stmt = conn.prepare(
        "SELECT mention, kind, entity FROM (
             SELECT report_id || '#' || ref AS mention, 'person' AS kind, entity, 0 AS part
             FROM person_mentions
             UNION ALL
             SELECT report_id || '#' || ref, kind, entity, 1 FROM object_entities)
         ORDER BY part, mention",
    )?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub(crate) fn uncertain(
    conn: &Connection,
    low: f64,
    high: f64,
    limit: usize,
) -> Result<Vec<QueuedPair>> {
    let mut band: Vec<StoredPair> = unpack(&stored_pairs(conn)?)
        .into_iter()
        .filter(|p| p.probability >= low && p.probability < high)
        .collect();
    band.sort_by(|x, y| {
        x.weight
            .abs()
            .total_cmp(&y.weight.abs())
            .then((x.a, x.b).cmp(&(y.a, y.b)))
    });
    band.truncate(limit);
    let mut stmt =
        conn.prepare_cached("SELECT report_id || '#' || ref FROM person_mentions WHERE idx = ?1")?;
    let mut id = |idx: u32| -> Result<String> { Ok(stmt.query_row([idx], |r| r.get(0))?) };
    band.into_iter()
        .map(|pair| {
            Ok(QueuedPair {
                a: id(pair.a)?,
                b: id(pair.b)?,
                pair,
            })
        })
        .collect()
}

pub(crate) fn record(conn: &mut Connection, d: &Decision) -> Result<i64> {
    insert_decision(conn, d)
}

fn insert_decision(conn: &Connection, d: &Decision) -> Result<i64> {
    let list = |v: &[String]| {
        (!v.is_empty()).then(|| serde_json::to_string(v).expect("strings serialise"))
    };
    conn.execute(
        "INSERT INTO review_decisions (decided_at, decided_by, action, a, b, entity, kept,
             detached, undoes, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            Utc::now().to_rfc3339(),
            d.decided_by,
            d.action.as_str(),
            d.a,
            d.b,
            d.entity,
            list(&d.kept),
            list(&d.detached),
            d.undoes,
            d.note
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

pub(crate) fn decisions(conn: &Connection) -> Result<Vec<Decision>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, decided_at, decided_by, action, a, b, entity, kept, detached, undoes, note
         FROM review_decisions ORDER BY id",
    )?;
    let rows: Vec<(Decision, String)> = stmt
        .query_map([], |r| {
            let list = |i: usize| -> rusqlite::Result<Vec<String>> {
                Ok(r.get::<_, Option<String>>(i)?
                    .and_then(|s| serde_json::from_str(&s).ok())
                    .unwrap_or_default())
            };
            Ok((
                Decision {
                    id: r.get(0)?,
                    decided_at: r.get(1)?,
                    decided_by: r.get(2)?,
                    action: Action::Skip,
                    a: r.get(4)?,
                    b: r.get(5)?,
                    entity: r.get(6)?,
                    kept: list(7)?,
                    detached: list(8)?,
                    undoes: r.get(9)?,
                    note: r.get(10)?,
                },
                r.get::<_, String>(3)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter()
        .map(|(mut d, action)| {
            d.action = Action::parse(&action).ok_or_else(|| StoreError::Corrupt {
                id: format!("review decision {}", d.id),
                why: format!("unknown action {action:?}"),
            })?;
            Ok(d)
        })
        .collect()
}
