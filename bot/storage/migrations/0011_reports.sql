-- Supervisors' reports at any size: durations stored when they end (first response,
-- resolution) so medians are read off an index; indexes for the figures (by week, by
-- stage, surveys sent, scores per question) and for finding a person's tickets by ID
-- or mobile; a log of full exports.

ALTER TABLE tickets ADD COLUMN first_response_hours REAL;
ALTER TABLE tickets ADD COLUMN resolution_hours REAL;
UPDATE tickets SET first_response_hours = (julianday(claimed_at) - julianday(created_at)) * 24
    WHERE claimed_at IS NOT NULL;
UPDATE tickets SET resolution_hours = (julianday(closed_at) - julianday(created_at)) * 24
    WHERE closed_at IS NOT NULL;
CREATE INDEX tickets_by_first_response ON tickets(first_response_hours)
    WHERE first_response_hours IS NOT NULL;
CREATE INDEX tickets_by_resolution ON tickets(resolution_hours)
    WHERE resolution_hours IS NOT NULL;
CREATE INDEX survey_answers_scores ON survey_answers(question, at, score);
CREATE INDEX survey_answers_by_ticket ON survey_answers(ticket_id);

CREATE INDEX tickets_by_created ON tickets(created_at, kind, first_response_hours);
CREATE INDEX tickets_by_closed ON tickets(closed_at, kind, resolution_hours)
    WHERE closed_at IS NOT NULL;
-- Open tickets are few beside the closed ones: indexes of them alone, for "stage != 'closed'".
CREATE INDEX tickets_open_by_age ON tickets(created_at) WHERE stage != 'closed';
CREATE INDEX tickets_open_by_stage ON tickets(stage, kind) WHERE stage != 'closed';
CREATE INDEX tickets_by_national_id ON tickets(json_extract(data, '$.national_id'))
    WHERE json_extract(data, '$.national_id') IS NOT NULL;
CREATE INDEX tickets_by_mobile ON tickets(json_extract(data, '$.mobile'))
    WHERE json_extract(data, '$.mobile') IS NOT NULL;
CREATE INDEX surveys_by_invited ON surveys(invited_at, status) WHERE invited_at IS NOT NULL;
CREATE INDEX surveys_to_remind ON surveys(invited_at) WHERE status = 'invited' AND reminded_at IS NULL;

CREATE TABLE data_access (
    id          INTEGER PRIMARY KEY,
    staff       TEXT NOT NULL,
    what        TEXT NOT NULL,             -- e.g. "export 30 days, full"
    at          TEXT NOT NULL
);

-- The highest reference, where the sequence of new ones resumes at start-up.
CREATE INDEX tickets_by_reference_order ON tickets(length(ref), ref);

-- Conversations with an unfinished form, for the reminder and expiry sweeps.
CREATE INDEX conversations_with_drafts ON conversations(updated_at)
    WHERE instr(state, '"drafts"') > 0;
