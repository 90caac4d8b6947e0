-- The branch office serving a ticket's city (its name), when the policy lists branches;
-- tickets per branch are counted off an index by date, as per channel (0017).
ALTER TABLE tickets ADD COLUMN branch TEXT;
CREATE INDEX tickets_by_created_branch ON tickets(created_at, kind, branch);
