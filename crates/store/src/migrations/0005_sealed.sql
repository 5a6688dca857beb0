-- Corridor store, schema version 5: protected people sealed at rest.
-- A report that mentions a victim, witness, informant or returnee keeps in
-- `body` the form with their content withheld, and in `sealed` its full
-- canonical body encrypted (XChaCha20-Poly1305, the report id as
-- associated data) under the node's at-rest key, which lives beside the
-- store and never in it. A copied database file shows no protected name.
-- A store opened without the key reads the withheld form.
ALTER TABLE reports ADD COLUMN sealed BLOB;

-- The reports that mention protected people, found without a scan when a
-- store is opened with its key (what is not yet sealed gets sealed).
CREATE INDEX mentions_protected ON mentions (report_id) WHERE protected = 1;
