-- Tickets received per channel over a period (/stats, /report, /export): counted off an
-- index by date that holds the kind and the channel, never the table.
CREATE INDEX tickets_by_created_channel ON tickets(created_at, kind, channel);
