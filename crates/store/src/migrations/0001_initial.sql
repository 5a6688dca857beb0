-- Corridor store, schema version 1: agencies, reports and what they mention.
-- `reports.body` is the canonical wire form of the report and the source of
-- truth; every other report table is an index derived from it at import.

CREATE TABLE agencies (
    code    TEXT PRIMARY KEY,
    name    TEXT NOT NULL,
    country TEXT,
    builtin INTEGER NOT NULL
);

CREATE TABLE import_runs (
    id                INTEGER PRIMARY KEY,
    started_at        TEXT NOT NULL,
    finished_at       TEXT NOT NULL,
    reports_added     INTEGER NOT NULL,
    reports_unchanged INTEGER NOT NULL
);

CREATE TABLE reports (
    id           TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,
    agency       TEXT NOT NULL REFERENCES agencies(code),
    occurred_at  TEXT NOT NULL,
    month        TEXT NOT NULL,
    evaluation   TEXT NOT NULL,
    handling     TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    body         TEXT NOT NULL,
    import_run   INTEGER NOT NULL REFERENCES import_runs(id)
);

CREATE TABLE report_releasability (
    report_id TEXT NOT NULL REFERENCES reports(id),
    agency    TEXT NOT NULL REFERENCES agencies(code),
    PRIMARY KEY (report_id, agency)
) WITHOUT ROWID;

-- One row per mention. `label` is NULL for protected mentions: their names
-- never sit in a column that a query can list.
CREATE TABLE mentions (
    report_id TEXT NOT NULL REFERENCES reports(id),
    ref       TEXT NOT NULL,
    kind      TEXT NOT NULL,
    role      TEXT,
    protected INTEGER NOT NULL,
    withheld  INTEGER NOT NULL,
    label     TEXT,
    PRIMARY KEY (report_id, ref)
) WITHOUT ROWID;

-- Search keys: folded name words and exact identifiers. Never written for
-- protected mentions.
CREATE TABLE mention_keys (
    key       TEXT NOT NULL,
    report_id TEXT NOT NULL,
    ref       TEXT NOT NULL,
    PRIMARY KEY (key, report_id, ref)
) WITHOUT ROWID;

CREATE TABLE links (
    report_id TEXT NOT NULL REFERENCES reports(id),
    idx       INTEGER NOT NULL,
    from_ref  TEXT NOT NULL,
    to_ref    TEXT NOT NULL,
    kind      TEXT NOT NULL,
    PRIMARY KEY (report_id, idx)
) WITHOUT ROWID;
