-- Consent answers (PDPL: what was agreed to, and when) and the title a ticket was filed under.

CREATE TABLE consents (
    id          INTEGER PRIMARY KEY,
    user_key    TEXT NOT NULL REFERENCES users(user_key) ON DELETE CASCADE,
    at          TEXT NOT NULL,
    agreed      INTEGER NOT NULL,
    text        TEXT NOT NULL
);
CREATE INDEX consents_by_user ON consents(user_key, at);

ALTER TABLE tickets ADD COLUMN title TEXT NOT NULL DEFAULT '';
