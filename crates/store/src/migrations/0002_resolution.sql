-- Corridor store, schema version 2: person resolution. Derived from the
-- reports by `corridor resolve` and replaced whole by each run (one
-- transaction). Protected people are never resolved, so never appear here.

CREATE TABLE resolution_runs (
    id          INTEGER PRIMARY KEY,
    finished_at TEXT NOT NULL,
    mentions    INTEGER NOT NULL,
    entities    INTEGER NOT NULL,
    threshold   REAL NOT NULL,
    prior       REAL NOT NULL
);

-- Every resolved person mention and the entity it belongs to.
CREATE TABLE person_entities (
    report_id TEXT NOT NULL,
    ref       TEXT NOT NULL,
    entity    TEXT NOT NULL,
    PRIMARY KEY (report_id, ref)
) WITHOUT ROWID;
CREATE INDEX person_entities_by_entity ON person_entities (entity);

-- The accepted pairs that joined an entity's mentions, with why: the
-- waterfall as JSON, [[comparison, level, log2 Bayes factor], ...].
CREATE TABLE entity_merges (
    entity      TEXT NOT NULL,
    a           TEXT NOT NULL,
    b           TEXT NOT NULL,
    weight      REAL NOT NULL,
    probability REAL NOT NULL,
    explanation TEXT NOT NULL
);
CREATE INDEX entity_merges_by_entity ON entity_merges (entity);
