//! The audit chain detects every kind of tampering someone with the
//! database file could do: a flipped byte, a deleted entry, an inserted
//! entry, two swapped entries. The append-only triggers stop casual edits;
//! the tests drop them first, as an attacker with the file would.

use corridor_store::{AuditEntry, SqliteStore, Store};
use rusqlite::Connection;

fn entry(i: u32) -> AuditEntry {
    AuditEntry {
        at: format!("2026-11-22T08:{:02}:00Z", i % 60),
        user: format!("user{}", i % 3),
        agency: "GBR-BSC".into(),
        action: "read_entity".into(),
        purpose: "crime-prevention".into(),
        target: format!("E-{i:04}"),
        result: "ok".into(),
    }
}

/// A store with ten entries, and a raw connection to the same file with
/// the triggers dropped.
fn logged() -> (tempfile::TempDir, SqliteStore, Connection) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("node.db");
    let (mut store, _) = SqliteStore::create(&path).unwrap();
    for i in 1..=10 {
        assert_eq!(store.append_audit(&entry(i)).unwrap(), i as i64);
    }
    assert_eq!(store.verify_audit().unwrap(), (10, None));
    let raw = Connection::open(&path).unwrap();
    raw.execute_batch("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;")
        .unwrap();
    (dir, store, raw)
}

fn first_break(store: &SqliteStore) -> (i64, String) {
    let (_, broken) = store.verify_audit().unwrap();
    let b = broken.expect("the chain should be broken");
    (b.seq, b.why)
}

#[test]
fn the_log_refuses_updates_and_deletes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("node.db");
    let (mut store, _) = SqliteStore::create(&path).unwrap();
    store.append_audit(&entry(1)).unwrap();
    let raw = Connection::open(&path).unwrap();
    let err = raw
        .execute("UPDATE audit_log SET result = 'denied'", [])
        .unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
    assert!(raw.execute("DELETE FROM audit_log", []).is_err());
    assert_eq!(store.verify_audit().unwrap(), (1, None));
}

#[test]
fn a_flipped_byte_is_found_at_its_entry() {
    let (_d, store, raw) = logged();
    raw.execute("UPDATE audit_log SET target = 'E-0005' WHERE seq = 4", [])
        .unwrap();
    let (seq, why) = first_break(&store);
    assert_eq!(seq, 4);
    assert!(why.contains("changed"), "{why}");
}

#[test]
fn a_flipped_byte_in_a_hash_is_found() {
    let (_d, store, raw) = logged();
    raw.execute(
        "UPDATE audit_log SET hash = zeroblob(32) WHERE seq = 10",
        [],
    )
    .unwrap();
    assert_eq!(first_break(&store).0, 10);
    raw.execute("UPDATE audit_log SET hash = zeroblob(32) WHERE seq = 3", [])
        .unwrap();
    assert_eq!(first_break(&store).0, 3);
}

#[test]
fn a_deleted_entry_is_found_where_it_was() {
    let (_d, store, raw) = logged();
    raw.execute("DELETE FROM audit_log WHERE seq = 6", [])
        .unwrap();
    let (seq, why) = first_break(&store);
    assert_eq!(seq, 7);
    assert!(why.contains("missing"), "{why}");
}

#[test]
fn a_deleted_and_renumbered_entry_is_found() {
    let (_d, store, raw) = logged();
    raw.execute_batch(
        "DELETE FROM audit_log WHERE seq = 6;
         UPDATE audit_log SET seq = seq - 1 WHERE seq > 6;",
    )
    .unwrap();
    assert_eq!(first_break(&store).0, 6);
}

#[test]
fn an_inserted_entry_is_found() {
    let (_d, store, raw) = logged();
    // Make room after entry 3 and copy a well-formed entry in.
    raw.execute_batch(
        "UPDATE audit_log SET seq = seq + 100 WHERE seq > 3;
         UPDATE audit_log SET seq = seq - 99 WHERE seq > 100;
         INSERT INTO audit_log (seq, at, user_name, agency, action, purpose, target, result, prev, hash)
           SELECT 4, at, user_name, agency, action, purpose, 'E-9999', result, prev, hash FROM audit_log WHERE seq = 5;",
    )
    .unwrap();
    assert_eq!(first_break(&store).0, 4);
}

#[test]
fn two_swapped_entries_are_found() {
    let (_d, store, raw) = logged();
    raw.execute_batch(
        "UPDATE audit_log SET seq = 100 WHERE seq = 7;
         UPDATE audit_log SET seq = 7 WHERE seq = 8;
         UPDATE audit_log SET seq = 8 WHERE seq = 100;",
    )
    .unwrap();
    assert_eq!(first_break(&store).0, 7);
}
