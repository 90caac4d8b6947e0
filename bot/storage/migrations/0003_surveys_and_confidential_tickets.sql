-- Satisfaction surveys (one per ticket), their answers per question, and confidential tickets.

ALTER TABLE tickets ADD COLUMN confidential INTEGER NOT NULL DEFAULT 0;

CREATE TABLE surveys (
    id          INTEGER PRIMARY KEY,
    ticket_id   INTEGER NOT NULL UNIQUE REFERENCES tickets(id) ON DELETE CASCADE,
    status      TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'invited', 'answered', 'expired')),
    due_at      TEXT NOT NULL,
    invited_at  TEXT,
    reminded_at TEXT,
    expires_at  TEXT,
    answered_at TEXT
);
CREATE INDEX surveys_by_status ON surveys(status, due_at);

CREATE TABLE survey_answers (
    id          INTEGER PRIMARY KEY,
    ticket_id   INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    question    TEXT NOT NULL,
    score       REAL,                      -- ratings 1-5, yes = 1 / no = 0
    answer      TEXT,                      -- free text (the comment)
    channel     TEXT NOT NULL,
    service     TEXT,
    kind        TEXT NOT NULL,
    at          TEXT NOT NULL
);
CREATE INDEX survey_answers_by_time ON survey_answers(at, question);
