-- The members of the staff group who have acted there: staff after a restart too, and
-- shown by name on cards and in the audit trail.

CREATE TABLE staff_members (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    seen_at     TEXT NOT NULL
) WITHOUT ROWID;
