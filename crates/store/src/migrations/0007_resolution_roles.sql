-- Corridor store, schema version 7: resolution compares what each person
-- was (role and function) and the vehicle they drove, and reads who was
-- written beside them in their report. The resolution tables are derived:
-- a store of version 6 needs one `corridor resolve --retrain`.
ALTER TABLE person_mentions ADD COLUMN role TEXT;
ALTER TABLE person_mentions ADD COLUMN vehicle TEXT;
DELETE FROM resolution_model;

-- The values of the resolved mentions as the resolver reads them, packed
-- (the resolver's own encoding), one chunk per run that added mentions:
-- positions first .. first + count - 1. A later run reads these instead of
-- every row of person_mentions.
CREATE TABLE resolution_values (
    id      INTEGER PRIMARY KEY,
    first   INTEGER NOT NULL,
    count   INTEGER NOT NULL,
    records BLOB NOT NULL
);

-- Kept pairs are appended one chunk per run, not rewritten whole.
DROP TABLE resolution_pairs;
CREATE TABLE resolution_pairs (
    id    INTEGER PRIMARY KEY,
    -- 16 bytes a pair: a, b (u32), weight (f64), little-endian.
    pairs BLOB NOT NULL
);
