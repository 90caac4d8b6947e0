-- Supervisors' reports at any size: indexes for the figures (by week, by stage, surveys
-- sent) and for finding a person's tickets by ID or mobile; a log of full exports.

CREATE INDEX tickets_by_created ON tickets(created_at);
CREATE INDEX tickets_by_closed ON tickets(closed_at) WHERE closed_at IS NOT NULL;
CREATE INDEX tickets_by_kind_stage ON tickets(kind, stage);
CREATE INDEX tickets_by_national_id ON tickets(json_extract(data, '$.national_id'))
    WHERE json_extract(data, '$.national_id') IS NOT NULL;
CREATE INDEX tickets_by_mobile ON tickets(json_extract(data, '$.mobile'))
    WHERE json_extract(data, '$.mobile') IS NOT NULL;
CREATE INDEX surveys_by_invited ON surveys(invited_at) WHERE invited_at IS NOT NULL;

CREATE TABLE data_access (
    id          INTEGER PRIMARY KEY,
    staff       TEXT NOT NULL,
    what        TEXT NOT NULL,             -- e.g. "export 30 days, full"
    at          TEXT NOT NULL
);
