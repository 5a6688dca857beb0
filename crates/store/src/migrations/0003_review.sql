-- Corridor store, schema version 3: resolution that is incremental,
-- reviewable and reversible. Resolution tables are derived from the
-- reports (a store upgraded from version 2 needs one `corridor resolve`);
-- review decisions are not derived: they are people's work, append-only.

DROP TABLE person_entities;
DROP TABLE entity_merges;
DROP TABLE resolution_runs;

CREATE TABLE resolution_runs (
    id              INTEGER PRIMARY KEY,
    finished_at     TEXT NOT NULL,
    -- full (model trained), relink (all pairs scored with the kept model),
    -- incremental (new mentions only) or recluster (decisions applied).
    kind            TEXT NOT NULL,
    mentions        INTEGER NOT NULL,
    entities        INTEGER NOT NULL,
    threshold       REAL NOT NULL,
    prior           REAL NOT NULL,
    -- The last import run whose reports this resolution has read.
    last_import_run INTEGER NOT NULL
);

-- The trained model (JSON), kept so that later runs score new mentions
-- exactly as the full run scored the rest. One row.
CREATE TABLE resolution_model (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    trained INTEGER NOT NULL REFERENCES resolution_runs(id),
    model   TEXT NOT NULL
);

-- Every resolved person mention, its position in the resolution's
-- dataset, the values compared, and its entity. Protected people are never
-- resolved and never appear here.
CREATE TABLE person_mentions (
    idx         INTEGER PRIMARY KEY,
    report_id   TEXT NOT NULL,
    ref         TEXT NOT NULL,
    entity      TEXT NOT NULL,
    given_name  TEXT,
    surname     TEXT,
    birth_date  TEXT,
    sex         TEXT,
    nationality TEXT,
    phone       TEXT,
    document    TEXT,
    UNIQUE (report_id, ref)
);
CREATE INDEX person_mentions_by_entity ON person_mentions (entity);

-- Scored candidate pairs worth keeping (the accepted and the uncertain):
-- what clustering and the review queue read. One row: the pairs packed,
-- 16 bytes each (a: u32, b: u32, weight: f64, little-endian), because a
-- large store keeps millions of them and reads them all on every run.
CREATE TABLE resolution_pairs (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    pairs BLOB NOT NULL
);

-- The pairs that joined each entity's mentions, as clustering joined them:
-- accepted by the model, or decided by a person (`decided` = 1).
CREATE TABLE entity_joins (
    a           INTEGER NOT NULL,
    b           INTEGER NOT NULL,
    weight      REAL,
    probability REAL NOT NULL,
    decided     INTEGER NOT NULL,
    PRIMARY KEY (a, b)
) WITHOUT ROWID;

-- Phones, documents, vehicles, accounts and organisations: mentions of the
-- same normalised identifier (or organisation name) are one entity.
CREATE TABLE object_entities (
    report_id TEXT NOT NULL,
    ref       TEXT NOT NULL,
    kind      TEXT NOT NULL,
    entity    TEXT NOT NULL,
    PRIMARY KEY (report_id, ref)
) WITHOUT ROWID;
CREATE INDEX object_entities_by_entity ON object_entities (entity);

-- What reviewers decided, append-only: same / different / skip on a pair
-- of mentions, split of an entity (the mentions kept and detached), undo
-- of an earlier decision. Decisions name mentions, not dataset positions,
-- so they survive every later run.
CREATE TABLE review_decisions (
    id         INTEGER PRIMARY KEY,
    decided_at TEXT NOT NULL,
    decided_by TEXT NOT NULL,
    action     TEXT NOT NULL CHECK (action IN ('same', 'different', 'skip', 'split', 'undo')),
    a          TEXT,
    b          TEXT,
    entity     TEXT,
    kept       TEXT,
    detached   TEXT,
    undoes     INTEGER REFERENCES review_decisions(id),
    note       TEXT
);
CREATE TRIGGER review_decisions_never_change BEFORE UPDATE ON review_decisions
BEGIN
    SELECT RAISE(ABORT, 'review decisions are append-only: record a new decision (undo) instead');
END;
CREATE TRIGGER review_decisions_never_go BEFORE DELETE ON review_decisions
BEGIN
    SELECT RAISE(ABORT, 'review decisions are append-only: record a new decision (undo) instead');
END;

-- Incremental runs read the reports of the imports after their last one.
CREATE INDEX reports_by_import_run ON reports (import_run);
