-- Corridor store, schema version 8: each agency names its cases in its own
-- space. A case is kept under "AGENCY/ID", so that opening a case whose id
-- another agency also uses opens one's own, instead of a conflict that would
-- tell the caller the other agency's case exists. Cases stored before are
-- moved into their agency's space; what they say, and the seals over it
-- (bound to the case's own id), do not change.
PRAGMA defer_foreign_keys = ON;

DROP TRIGGER cases_never_change;
DROP TRIGGER case_events_never_change;
DROP TRIGGER case_transfers_never_change;

UPDATE case_events SET case_id =
    (SELECT c.agency || '/' || c.id FROM cases c WHERE c.id = case_events.case_id);
UPDATE case_transfers SET case_id =
    (SELECT c.agency || '/' || c.id FROM cases c WHERE c.id = case_transfers.case_id);
UPDATE cases SET id = agency || '/' || id;

CREATE TRIGGER cases_never_change BEFORE UPDATE ON cases
BEGIN
    SELECT RAISE(ABORT, 'a case file is never changed: record an event instead');
END;
CREATE TRIGGER case_events_never_change BEFORE UPDATE ON case_events
BEGIN
    SELECT RAISE(ABORT, 'case events are append-only: record a new event instead');
END;
CREATE TRIGGER case_transfers_never_change BEFORE UPDATE ON case_transfers
BEGIN
    SELECT RAISE(ABORT, 'the record of transfers is append-only');
END;
