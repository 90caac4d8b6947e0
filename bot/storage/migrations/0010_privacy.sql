-- A person's rights over their data: each request recorded with its time (no longer
-- linked to them once they asked for deletion); tickets anonymised (erased, or kept
-- past the policy's retention); files the bot keeps itself, with their owner, so an
-- erasure or retention can remove them from disk.

CREATE TABLE privacy_requests (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('see', 'copy', 'correct', 'delete', 'withdraw')),
    user_key    TEXT,                      -- NULL once the person's data was deleted
    at          TEXT NOT NULL
);

ALTER TABLE tickets ADD COLUMN anonymised_at TEXT;
CREATE INDEX tickets_to_retire ON tickets(closed_at) WHERE anonymised_at IS NULL;

CREATE TABLE kept_files (
    path        TEXT PRIMARY KEY,          -- under the data folder
    user_key    TEXT,                      -- NULL: nobody owns it, the sweep removes it
    kept_at     TEXT NOT NULL,
    expires_at  TEXT                       -- exports: removed after a day
) WITHOUT ROWID;
CREATE INDEX kept_files_by_owner ON kept_files(user_key);
