-- WhatsApp through Twilio: the 24-hour window per person, what happened to each message
-- Twilio accepted, messages held until the person writes, and files the bot serves to
-- Twilio under an unguessable, expiring path.

CREATE TABLE whatsapp_windows (
    address         TEXT PRIMARY KEY,      -- the person's address as Twilio sends it
    last_inbound_at TEXT NOT NULL,         -- their last message: the window is 24 hours from it
    template_at     TEXT                   -- the update template sent since then, if any
) WITHOUT ROWID;

CREATE TABLE whatsapp_messages (
    sid         TEXT PRIMARY KEY,          -- Twilio's MessageSid (SM...)
    address     TEXT NOT NULL,
    sent_at     TEXT NOT NULL,
    status      TEXT NOT NULL,             -- queued, sent, delivered, read, failed, undelivered
    error_code  TEXT,
    body        TEXT,                      -- kept until delivered, to send again if refused
    updated_at  TEXT NOT NULL
) WITHOUT ROWID;

-- A message held outside the window waits here until the person writes back.
ALTER TABLE outbox ADD COLUMN held_at TEXT;
CREATE INDEX outbox_held ON outbox(channel, recipient) WHERE held_at IS NOT NULL;

CREATE TABLE shared_files (
    token       TEXT PRIMARY KEY,
    path        TEXT NOT NULL,             -- under the data folder
    media_type  TEXT NOT NULL,
    expires_at  TEXT NOT NULL
) WITHOUT ROWID;
