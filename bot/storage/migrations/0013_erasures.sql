-- The ledger of erasures: who asked for their data to be deleted, and when, so the
-- erasure reaches the backups too, and a restored backup is erased again of everyone
-- deleted after it was taken. A person is named by a digest of their user key and the
-- moment they first wrote (both erased with them), never by anything that leads to them.

CREATE TABLE erasures (
    person      TEXT PRIMARY KEY,          -- sha256 hex of the user key and first_seen
    at          TEXT NOT NULL
) WITHOUT ROWID;
