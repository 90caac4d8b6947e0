-- Chat platforms: updates stored before they are acknowledged (processed once, kept a
-- while as "seen"), values the runtime generates once (the webhook secret), and whether
-- a person can be reached (they may block the bot).

CREATE TABLE inbound (
    source      TEXT NOT NULL,             -- telegram, whatsapp
    id          TEXT NOT NULL,             -- the platform's update or message id
    body        TEXT NOT NULL,
    received_at TEXT NOT NULL,
    done_at     TEXT,
    PRIMARY KEY (source, id)
) WITHOUT ROWID;
CREATE INDEX inbound_pending ON inbound(received_at) WHERE done_at IS NULL;

CREATE TABLE runtime_values (
    key         TEXT PRIMARY KEY,
    value       TEXT NOT NULL
) WITHOUT ROWID;

ALTER TABLE users ADD COLUMN unreachable_at TEXT;
ALTER TABLE users ADD COLUMN unreachable_reason TEXT;
