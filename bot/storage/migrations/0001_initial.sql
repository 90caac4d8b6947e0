-- People, their conversations, tickets and everything that comes in or goes out.

CREATE TABLE users (
    user_key    TEXT PRIMARY KEY,          -- channel:address
    channel     TEXT NOT NULL,
    address     TEXT NOT NULL,
    first_seen  TEXT NOT NULL,
    last_seen   TEXT NOT NULL
);

CREATE TABLE conversations (
    user_key    TEXT PRIMARY KEY REFERENCES users(user_key) ON DELETE CASCADE,
    state       TEXT NOT NULL,             -- JSON
    updated_at  TEXT NOT NULL
);

CREATE TABLE tickets (
    id          INTEGER PRIMARY KEY,
    ref         TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL,             -- request, complaint, suggestion, volunteer, inquiry
    user_key    TEXT REFERENCES users(user_key) ON DELETE SET NULL,
    channel     TEXT,
    stage       TEXT NOT NULL,
    service     TEXT,
    data        TEXT NOT NULL DEFAULT '{}',  -- JSON answers
    declaration TEXT,
    declared_at TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    due_at      TEXT
);
CREATE INDEX tickets_by_user ON tickets(user_key, created_at);
CREATE INDEX tickets_open_by_due ON tickets(stage, due_at);

CREATE TABLE ticket_events (
    id          INTEGER PRIMARY KEY,
    ticket_id   INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    stage       TEXT,
    note        TEXT
);
CREATE INDEX ticket_events_by_ticket ON ticket_events(ticket_id, at);

CREATE TABLE messages (
    id          INTEGER PRIMARY KEY,
    user_key    TEXT NOT NULL,
    direction   TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    at          TEXT NOT NULL,
    text        TEXT NOT NULL,
    payload     TEXT,                      -- JSON: options, attachments, location
    ticket_id   INTEGER REFERENCES tickets(id) ON DELETE SET NULL
);
CREATE INDEX messages_by_user ON messages(user_key, id);

CREATE TABLE inbox (
    user_key    TEXT NOT NULL,             -- ids are only unique per sender on some channels
    message_id  TEXT NOT NULL,
    seen_at     TEXT NOT NULL,
    PRIMARY KEY (user_key, message_id)
) WITHOUT ROWID;
CREATE INDEX inbox_by_age ON inbox(seen_at);

CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    channel         TEXT NOT NULL,
    recipient       TEXT NOT NULL,
    payload         TEXT NOT NULL,         -- JSON reply
    created_at      TEXT NOT NULL,
    next_attempt_at TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    sent_at         TEXT,
    given_up_at     TEXT,
    last_error      TEXT
);
CREATE INDEX outbox_pending ON outbox(id) WHERE sent_at IS NULL AND given_up_at IS NULL;
