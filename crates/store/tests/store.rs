use corridor_model::wire::WireReport;
use corridor_model::Report;
use corridor_store::{
    Prepared, PutError, PutOutcome, SqliteStore, Store, StoreError, SCHEMA_VERSION,
};

fn report(json: &str) -> Report {
    let wire: WireReport = serde_json::from_str(json).unwrap();
    Report::from_wire(&wire, &|_| true).unwrap()
}

const R1: &str = r#"{"id":"SRB-MUP-2025-1","kind":"interception","agency":"SRB-MUP","occurred_at":"2025-01-14T03:40:00+01:00","evaluation":"B2","handling":"H2","releasable_to":["GBR-BSC"],
 "entities":[{"ref":"p1","type":"person","role":"suspect","given_name":"Мухамед","family_name":"Ал Хасан"},
             {"ref":"p2","type":"person","role":"suspect","given_name":"Dragan","family_name":"Petrović"},
             {"ref":"ph1","type":"phone","number":"064 123 4567","country":"SRB"},
             {"ref":"v1","type":"person","role":"victim","given_name":"Amina","family_name":"Hamed"},
             {"ref":"ph2","type":"phone","number":"+963 944 123 456"}],
 "links":[{"from":"p1","to":"ph1","type":"uses_phone"},{"from":"v1","to":"ph2","type":"uses_phone"}]}"#;
const R2: &str = r#"{"id":"GRC-HP-2025-2","kind":"arrest","agency":"GRC-HP","occurred_at":"2025-02-01","evaluation":"B3","handling":"H0"}"#;

#[test]
fn a_new_store_is_fully_migrated_and_knows_the_partners() {
    let store = SqliteStore::in_memory().unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let codes: Vec<String> = store
        .agencies()
        .unwrap()
        .into_iter()
        .map(|a| a.code)
        .collect();
    for code in [
        "GBR-BSC", "FRONTEX", "SRB-MUP", "MKD-MVR", "ALB-ASP", "BIH-GP", "XKX-KP", "MNE-UP",
        "BGR-MVR", "GRC-HP", "FRA-PAF",
    ] {
        assert!(codes.iter().any(|c| c == code), "{code} missing");
    }
    assert_eq!(store.stats().unwrap().reports, 0);
}

#[test]
fn reopening_a_store_keeps_its_data_and_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.db");
    let (mut store, created) = SqliteStore::create(&path).unwrap();
    assert!(created);
    let mut s = store.import().unwrap();
    s.put(&Prepared::new(report(R2))).unwrap();
    s.commit().unwrap();
    drop(store);
    let (again, created) = SqliteStore::create(&path).unwrap();
    assert!(!created);
    assert_eq!(again.stats().unwrap().reports, 1);
    assert_eq!(
        SqliteStore::open(&path).unwrap().schema_version().unwrap(),
        SCHEMA_VERSION
    );
}

#[test]
fn what_is_not_a_store_is_refused_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("none.db");
    assert!(matches!(
        SqliteStore::open(&missing),
        Err(StoreError::Missing { .. })
    ));
    assert!(!missing.exists(), "opening must not create a store");

    let text = dir.path().join("notes.txt");
    std::fs::write(
        &text,
        "these are notes, not a database, and long enough to have a header",
    )
    .unwrap();
    assert!(matches!(
        SqliteStore::open(&text),
        Err(StoreError::NotAStore { .. })
    ));

    let other = dir.path().join("other.db");
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE t (x)")
        .unwrap();
    assert!(matches!(
        SqliteStore::open(&other),
        Err(StoreError::NotAStore { .. })
    ));

    let newer = dir.path().join("newer.db");
    drop(SqliteStore::create(&newer).unwrap());
    rusqlite::Connection::open(&newer)
        .unwrap()
        .execute(
            "INSERT INTO schema_migrations VALUES (99, 'future', 'later')",
            [],
        )
        .unwrap();
    assert!(matches!(
        SqliteStore::open(&newer),
        Err(StoreError::TooNew { found: 99, .. })
    ));
}

#[test]
fn an_import_dropped_without_commit_stores_nothing() {
    let mut store = SqliteStore::in_memory().unwrap();
    let mut s = store.import().unwrap();
    assert_eq!(
        s.put(&Prepared::new(report(R1))).unwrap(),
        PutOutcome::Added
    );
    drop(s);
    let stats = store.stats().unwrap();
    assert_eq!((stats.reports, stats.mentions, stats.links), (0, 0, 0));
    assert!(store.search("petrovic", 10).unwrap().is_empty());
}

#[test]
fn the_same_report_twice_changes_nothing_and_different_content_is_refused() {
    let mut store = SqliteStore::in_memory().unwrap();
    let mut s = store.import().unwrap();
    s.put(&Prepared::new(report(R1))).unwrap();
    assert_eq!(
        s.put(&Prepared::new(report(R1))).unwrap(),
        PutOutcome::Unchanged
    );
    s.commit().unwrap();
    let before = store.stats().unwrap();

    let mut s = store.import().unwrap();
    assert_eq!(
        s.put(&Prepared::new(report(R1))).unwrap(),
        PutOutcome::Unchanged
    );
    let changed = report(&R1.replace("Petrović", "Petrovic"));
    assert!(matches!(
        s.put(&Prepared::new(changed)),
        Err(PutError::Conflict { .. })
    ));
    drop(s);
    assert_eq!(store.stats().unwrap(), before);
    assert_eq!(store.report("SRB-MUP-2025-1").unwrap().unwrap(), report(R1));
}

#[test]
fn stats_count_by_agency_kind_month_and_role() {
    let mut store = SqliteStore::in_memory().unwrap();
    let mut s = store.import().unwrap();
    s.put(&Prepared::new(report(R1))).unwrap();
    s.put(&Prepared::new(report(R2))).unwrap();
    s.commit().unwrap();
    let st = store.stats().unwrap();
    assert_eq!((st.reports, st.mentions, st.links), (2, 5, 2));
    assert_eq!(st.reports_by_agency["SRB-MUP"], 1);
    assert_eq!(st.reports_by_month["2025-01"], 1);
    assert_eq!(st.reports_by_month["2025-02"], 1);
    assert_eq!(st.reports_by_kind["arrest"], 1);
    assert_eq!(st.persons_by_role["suspect"], 2);
    assert_eq!(st.persons_by_role["victim"], 1);
    // The victim and the phone only the victim uses.
    assert_eq!(st.protected_mentions, 2);
}

#[test]
fn search_is_blind_to_case_and_accents_and_never_finds_the_protected() {
    let mut store = SqliteStore::in_memory().unwrap();
    let mut s = store.import().unwrap();
    s.put(&Prepared::new(report(R1))).unwrap();
    s.commit().unwrap();
    let refs = |q: &str| -> Vec<String> {
        store
            .search(q, 10)
            .unwrap()
            .into_iter()
            .map(|h| h.reference.to_string())
            .collect()
    };
    assert_eq!(refs("PETROVIC"), ["p2"]);
    assert_eq!(refs("drag petr"), ["p2"]);
    assert_eq!(refs("ал хасан"), ["p1"]);
    // The same name in another script or transliteration.
    assert_eq!(refs("Muhammad Al-Hassan"), ["p1"]);
    assert_eq!(refs("Μουχαμέντ Αλ Χασάν"), ["p1"]);
    assert_eq!(refs("petrovich dragan"), ["p2"]);
    assert_eq!(refs("+381 64 123 4567"), ["ph1"]);
    assert_eq!(refs("064-123-4567"), ["ph1"]);
    assert!(refs("amina").is_empty());
    assert!(refs("hamed").is_empty());
    assert!(refs("+963944123456").is_empty());
    assert!(refs("nobody").is_empty());
}

#[test]
fn every_report_comes_back_in_id_order_exactly_as_stored() {
    let mut store = SqliteStore::in_memory().unwrap();
    let mut s = store.import().unwrap();
    s.put(&Prepared::new(report(R1))).unwrap();
    s.put(&Prepared::new(report(R2))).unwrap();
    s.commit().unwrap();
    let mut seen = Vec::new();
    store
        .for_each_report(&mut |r| {
            seen.push(r);
            Ok(())
        })
        .unwrap();
    assert_eq!(seen, vec![report(R2), report(R1)]);
}

/// The raw bodies in the file, as a copy of it would show them.
fn raw_bodies(path: &std::path::Path) -> String {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut stmt = conn.prepare("SELECT body FROM reports").unwrap();
    let bodies: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    bodies.join("\n")
}

#[test]
fn protected_people_are_sealed_once_the_key_is_given_and_read_back_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let key = [9u8; 32];
    // Stored before the key was given (an older store): whole, in the clear.
    let (mut store, _) = SqliteStore::create(&path).unwrap();
    let mut s = store.import().unwrap();
    s.put(&Prepared::new(report(R1))).unwrap();
    s.commit().unwrap();
    drop(store);
    assert!(raw_bodies(&path).contains("Amina"));
    // Opened with the key: sealed, and read back whole.
    let store = SqliteStore::open(&path)
        .unwrap()
        .with_at_rest_key(key)
        .unwrap();
    assert!(!raw_bodies(&path).contains("Amina"));
    assert!(
        !raw_bodies(&path).contains("944 123 456"),
        "the victim's phone too"
    );
    assert!(
        raw_bodies(&path).contains("Petrović"),
        "suspects stay readable"
    );
    let full = store.report("SRB-MUP-2025-1").unwrap().unwrap();
    assert_eq!(full, report(R1));
    // New imports with the key are sealed as they are stored; the same
    // report again is unchanged (its identity is its full content).
    let mut store = store;
    let mut s = store.import().unwrap();
    assert_eq!(
        s.put(&Prepared::new(report(R1))).unwrap(),
        PutOutcome::Unchanged
    );
    s.commit().unwrap();
    drop(store);
    // Without the key: the withheld form, never an error.
    let plain = SqliteStore::open(&path).unwrap();
    let withheld = plain.report("SRB-MUP-2025-1").unwrap().unwrap();
    assert_eq!(withheld, report(R1).withholding_protected());
    // Another node's key does not open it.
    let other = SqliteStore::open(&path)
        .unwrap()
        .with_at_rest_key([1u8; 32])
        .unwrap();
    let err = other.report("SRB-MUP-2025-1").unwrap_err().to_string();
    assert!(err.contains("does not open with this node's key"), "{err}");
}

mod packed_pairs {
    use corridor_store::{for_each_packed_pair, pack_pairs, StoredPair};
    use proptest::prelude::*;

    proptest! {
        /// Pairs in any order read back as packed, weights as the f32
        /// they were rounded to.
        #[test]
        fn pairs_read_back_as_packed(
            raw in prop::collection::vec((0u32..u32::MAX / 2, 1u32..1_000_000, -40.0f32..40.0), 0..60)
        ) {
            let pairs: Vec<StoredPair> = raw
                .iter()
                .map(|&(a, gap, w)| StoredPair { a, b: a + gap, weight: f64::from(w), probability: 0.0 })
                .collect();
            let mut read = Vec::new();
            for_each_packed_pair(&pack_pairs(&pairs), &mut |a, b, w| read.push((a, b, w))).unwrap();
            let want: Vec<(u32, u32, f64)> = pairs.iter().map(|p| (p.a, p.b, p.weight)).collect();
            prop_assert_eq!(read, want);
        }

        /// A damaged chunk is an error or reads as pairs, never a panic;
        /// every pair it yields has its second mention after its first.
        #[test]
        fn damaged_chunks_never_panic(
            raw in prop::collection::vec((0u32..1000, 1u32..1000, -40.0f32..40.0), 1..20),
            at in any::<prop::sample::Index>(),
            byte in any::<u8>(),
            cut in any::<prop::sample::Index>(),
        ) {
            let pairs: Vec<StoredPair> = raw
                .iter()
                .map(|&(a, gap, w)| StoredPair { a, b: a + gap, weight: f64::from(w), probability: 0.0 })
                .collect();
            let mut bytes = pack_pairs(&pairs);
            let i = at.index(bytes.len());
            bytes[i] = byte;
            bytes.truncate(cut.index(bytes.len() + 1));
            let _ = for_each_packed_pair(&bytes, &mut |a, b, _| assert!(a <= b, "{a} {b}"));
        }
    }
}
