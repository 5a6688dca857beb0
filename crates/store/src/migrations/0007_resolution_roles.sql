-- Corridor store, schema version 7: resolution compares what each person
-- was (role and function) and the vehicle they drove, and reads who was
-- written beside them in their report. The resolution tables are derived:
-- a store of version 6 needs one `corridor resolve --retrain`.
ALTER TABLE person_mentions ADD COLUMN role TEXT;
ALTER TABLE person_mentions ADD COLUMN vehicle TEXT;
DELETE FROM resolution_model;
