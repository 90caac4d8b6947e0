-- Requests staff take for a person (at an interview, by phone, from a letter, at a branch
-- office): who took it (`channel` says how it came), and whether the person asked for no
-- WhatsApp messages about it (then nothing about it is sent to them).
ALTER TABLE tickets ADD COLUMN taken_by TEXT;
ALTER TABLE tickets ADD COLUMN quiet INTEGER NOT NULL DEFAULT 0;
