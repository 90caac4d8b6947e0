-- When a ticket's field visit is to be (a stored moment, UTC), while one is scheduled:
-- a visit scheduled again tells the person which time it replaces, and the card shows it.

ALTER TABLE tickets ADD COLUMN visit_at TEXT;
