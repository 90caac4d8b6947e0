-- Consent is asked per purpose (each form has its own notice), and a person may
-- decline a satisfaction survey (recorded as such, for the share answered).

ALTER TABLE consents ADD COLUMN purpose TEXT NOT NULL DEFAULT 'request';

CREATE TABLE surveys_new (
    id          INTEGER PRIMARY KEY,
    ticket_id   INTEGER NOT NULL UNIQUE REFERENCES tickets(id) ON DELETE CASCADE,
    status      TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'invited', 'answered', 'expired', 'declined')),
    due_at      TEXT NOT NULL,
    invited_at  TEXT,
    reminded_at TEXT,
    expires_at  TEXT,
    answered_at TEXT
);
INSERT INTO surveys_new SELECT * FROM surveys;
DROP TABLE surveys;
ALTER TABLE surveys_new RENAME TO surveys;
CREATE INDEX surveys_by_status ON surveys(status, due_at);

CREATE INDEX messages_by_ticket ON messages(ticket_id, id) WHERE ticket_id IS NOT NULL;
