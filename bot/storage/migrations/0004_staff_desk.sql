-- The staff desk: who claimed a ticket and when, permanent beneficiaries' reviews,
-- and overdue alerts (each threshold announced once).

ALTER TABLE tickets ADD COLUMN claimed_by TEXT;
ALTER TABLE tickets ADD COLUMN claimed_at TEXT;
ALTER TABLE tickets ADD COLUMN closed_at TEXT;
ALTER TABLE tickets ADD COLUMN permanent INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN next_review_at TEXT;
CREATE INDEX tickets_by_review ON tickets(next_review_at) WHERE permanent = 1;

CREATE TABLE ticket_alerts (
    ticket_id   INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    threshold   TEXT NOT NULL,             -- first_response, review
    at          TEXT NOT NULL,
    PRIMARY KEY (ticket_id, threshold)
) WITHOUT ROWID;
