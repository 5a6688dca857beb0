-- Corridor store, schema version 4: the node — whose it is, its users and
-- their tokens, and the audit log.

-- One row: the agency that runs this node (it sees every report it holds).
CREATE TABLE node (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    home_agency TEXT NOT NULL REFERENCES agencies(code)
);

CREATE TABLE users (
    name        TEXT PRIMARY KEY,
    agency      TEXT NOT NULL REFERENCES agencies(code),
    -- analyst, border_officer, case_officer, liaison, auditor
    role        TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

-- API tokens. The token itself is shown once and never stored: only its
-- SHA-256. `id` is a short public name for revoking it.
CREATE TABLE tokens (
    id          TEXT PRIMARY KEY,
    user_name   TEXT NOT NULL REFERENCES users(name),
    hash        BLOB NOT NULL UNIQUE,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    revoked_at  TEXT
);

-- Every read and write, hash-chained: each entry's hash covers its content
-- and the previous entry's hash, so a changed, deleted, inserted or moved
-- entry breaks the chain at that point (`corridor audit verify`).
CREATE TABLE audit_log (
    seq         INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    user_name   TEXT NOT NULL,
    agency      TEXT NOT NULL,
    action      TEXT NOT NULL,
    purpose     TEXT NOT NULL,
    target      TEXT NOT NULL,
    result      TEXT NOT NULL,
    prev        BLOB NOT NULL,
    hash        BLOB NOT NULL
);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
