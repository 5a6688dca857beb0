-- Corridor store, schema version 6: returns cases.
-- A case's file (identity, the person's attributes) and each of its events
-- are kept as JSON; with the node's at-rest key they are sealed
-- (XChaCha20-Poly1305, "case:ID" or "case:ID#SEQ" as associated data) and
-- the clear column is NULL, so a copied database file holds no name and
-- nothing of an asylum file. Nothing here is read by search, resolution or
-- exports: the intelligence side of the node never sees a case.

-- Return hubs. Occupancy is not stored: it is counted from the cases
-- placed there, plus `other_occupants` (people whose cases this node does
-- not hold).
CREATE TABLE return_hubs (
    id              TEXT PRIMARY KEY,
    body            TEXT NOT NULL,
    created_at      TEXT NOT NULL
);

CREATE TABLE cases (
    id              TEXT PRIMARY KEY,
    -- The agency whose case it is: only its case officers read it.
    agency          TEXT NOT NULL REFERENCES agencies(code),
    jurisdiction    TEXT NOT NULL,
    -- SHA-256 of the case as opened (its canonical form): opening the same
    -- case again changes nothing; different content under its id is refused.
    content_hash    TEXT NOT NULL,
    file            TEXT,
    sealed          BLOB,
    opened_at       TEXT NOT NULL,
    opened_by       TEXT NOT NULL,
    CHECK ((file IS NULL) <> (sealed IS NULL))
);

-- The case history, append-only: a step once recorded is never changed or
-- removed; a correction is a new event. Each event names the audit entry
-- written in its transaction.
CREATE TABLE case_events (
    case_id         TEXT NOT NULL REFERENCES cases(id),
    seq             INTEGER NOT NULL,
    date            TEXT NOT NULL,
    body            TEXT,
    sealed          BLOB,
    recorded_at     TEXT NOT NULL,
    recorded_by     TEXT NOT NULL,
    audit_seq       INTEGER NOT NULL REFERENCES audit_log(seq),
    PRIMARY KEY (case_id, seq),
    CHECK ((body IS NULL) <> (sealed IS NULL))
);

-- Every release of a case's data to a state outside (a hub's host state,
-- the country of origin, a third country of return), with its legal basis;
-- the released body itself is not kept, only its SHA-256 and the fields.
CREATE TABLE case_transfers (
    id              INTEGER PRIMARY KEY,
    case_id         TEXT NOT NULL REFERENCES cases(id),
    at              TEXT NOT NULL,
    by_user         TEXT NOT NULL,
    recipient_role  TEXT NOT NULL,
    recipient_state TEXT NOT NULL,
    recipient_agency TEXT,
    legal_basis     TEXT NOT NULL CHECK (length(trim(legal_basis)) > 0),
    fields          TEXT NOT NULL,
    body_sha256     TEXT NOT NULL,
    audit_seq       INTEGER NOT NULL REFERENCES audit_log(seq)
);

CREATE TRIGGER cases_never_change BEFORE UPDATE ON cases
BEGIN
    SELECT RAISE(ABORT, 'a case file is never changed: record an event instead');
END;
CREATE TRIGGER cases_never_go BEFORE DELETE ON cases
BEGIN
    SELECT RAISE(ABORT, 'a case file is never deleted');
END;
CREATE TRIGGER case_events_never_change BEFORE UPDATE ON case_events
BEGIN
    SELECT RAISE(ABORT, 'case events are append-only: record a new event instead');
END;
CREATE TRIGGER case_events_never_go BEFORE DELETE ON case_events
BEGIN
    SELECT RAISE(ABORT, 'case events are append-only: record a new event instead');
END;
CREATE TRIGGER case_transfers_never_change BEFORE UPDATE ON case_transfers
BEGIN
    SELECT RAISE(ABORT, 'the record of transfers is append-only');
END;
CREATE TRIGGER case_transfers_never_go BEFORE DELETE ON case_transfers
BEGIN
    SELECT RAISE(ABORT, 'the record of transfers is append-only');
END;
