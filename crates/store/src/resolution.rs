//! Resolution and review in SQLite: what `corridor resolve` keeps between
//! runs, and the append-only record of what reviewers decided.

use chrono::Utc;
use rusqlite::{params, Connection, OptionalExtension};

use crate::{
    Action, Decision, EntityJoin, EntityRecord, PersonMention, QueuedPair, ResolutionHeader,
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
             DELETE FROM object_entities; DELETE FROM resolution_values;",
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
    if !u.pairs.is_empty() {
        // A chunk of its own: the pairs kept from before are not rewritten.
        tx.execute(
            "INSERT INTO resolution_pairs (pairs) VALUES (?1)",
            [crate::pack_pairs(&u.pairs)],
        )?;
    }
    if let Some(first) = u.added.first() {
        tx.execute(
            "INSERT INTO resolution_values (first, count, records) VALUES (?1, ?2, ?3)",
            params![first.idx, u.added.len() as i64, u.values],
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

pub(crate) fn header(conn: &Connection) -> Result<Option<ResolutionHeader>> {
    let Some(model) = model(conn)? else {
        return Ok(None);
    };
    let (threshold, prior, last_import_run, mentions, entities) = conn.query_row(
        "SELECT threshold, prior, last_import_run, mentions, entities FROM resolution_runs
         ORDER BY id DESC LIMIT 1",
        [],
        |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, i64>(4)?,
            ))
        },
    )?;
    Ok(Some(ResolutionHeader {
        threshold,
        prior,
        model,
        last_import_run,
        mentions: mentions as u64,
        entities: entities as u64,
    }))
}

pub(crate) fn for_each_values(
    conn: &Connection,
    each: &mut dyn FnMut(&[u8]) -> Result<()>,
) -> Result<()> {
    let mut stmt =
        conn.prepare("SELECT first, count, records FROM resolution_values ORDER BY first")?;
    let mut rows = stmt.query([])?;
    let mut next = 0i64;
    while let Some(row) = rows.next()? {
        let (first, count): (i64, i64) = (row.get(0)?, row.get(1)?);
        if first != next {
            return Err(StoreError::Corrupt {
                id: "resolution_values".into(),
                why: format!("the values of positions {next}..{first} are missing"),
            });
        }
        next = first + count;
        each(row.get_ref(2)?.as_blob().map_err(rusqlite::Error::from)?)?;
    }
    Ok(())
}

pub(crate) fn for_each_pairs(
    conn: &Connection,
    each: &mut dyn FnMut(&[u8]) -> Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare("SELECT pairs FROM resolution_pairs ORDER BY id")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        each(row.get_ref(0)?.as_blob().map_err(rusqlite::Error::from)?)?;
    }
    Ok(())
}

/// `positions` as an SQL array parameter.
fn positions_param(positions: &[u32]) -> std::rc::Rc<Vec<rusqlite::types::Value>> {
    std::rc::Rc::new(
        positions
            .iter()
            .map(|&p| rusqlite::types::Value::Integer(i64::from(p)))
            .collect(),
    )
}

pub(crate) fn entities_at(conn: &Connection, positions: &[u32]) -> Result<Vec<String>> {
    let mut stmt =
        conn.prepare("SELECT idx, entity FROM person_mentions WHERE idx IN rarray(?1)")?;
    let found: std::collections::HashMap<u32, String> = stmt
        .query_map([positions_param(positions)], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    positions
        .iter()
        .map(|p| {
            found.get(p).cloned().ok_or_else(|| StoreError::Corrupt {
                id: "person_mentions".into(),
                why: format!("no resolved mention at position {p}"),
            })
        })
        .collect()
}

pub(crate) fn joins_at(conn: &Connection, positions: &[u32]) -> Result<Vec<StoredJoin>> {
    let mut stmt = conn.prepare(
        "SELECT a, b, weight, probability, decided FROM entity_joins WHERE a IN rarray(?1)",
    )?;
    let joins = stmt
        .query_map([positions_param(positions)], |r| {
            Ok(StoredJoin {
                a: r.get(0)?,
                b: r.get(1)?,
                weight: r.get(2)?,
                probability: r.get(3)?,
                decided: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(joins)
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
    let mut band: Vec<StoredPair> = Vec::new();
    for_each_pairs(conn, &mut |chunk| {
        band.extend(
            crate::unpack_pairs(chunk)?
                .into_iter()
                .filter(|p| p.probability >= low && p.probability < high),
        );
        Ok(())
    })?;
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
