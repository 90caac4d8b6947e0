-- The desk at a million tickets: /open and /overdue count and list open tickets off
-- indexes of open tickets alone that hold every column they test (stage, due date,
-- whether confidential), so a count never reads the table and a page reads only the
-- lines it shows. The index of every ticket by stage and due date, closed ones included,
-- gives way to one of open tickets.

DROP INDEX tickets_open_by_age;
CREATE INDEX tickets_open_by_age ON tickets(created_at, stage, due_at, confidential)
    WHERE stage != 'closed';
CREATE INDEX tickets_open_by_stage_age ON tickets(stage, created_at, confidential)
    WHERE stage != 'closed';
DROP INDEX tickets_open_by_due;
CREATE INDEX tickets_open_by_due ON tickets(stage, due_at, confidential)
    WHERE stage != 'closed';

-- Survey answers by time hold their scores too: the figures of a period average them off
-- the index alone.
DROP INDEX survey_answers_by_time;
CREATE INDEX survey_answers_by_time ON survey_answers(at, question, score);

-- Durations by whole hour, then by when they started (or ended): a period's median is
-- found by counting each hour's tickets of the period off the index, then reading the
-- one or two values in the middle hour in order; the indexes by duration alone go.
DROP INDEX tickets_by_first_response;
DROP INDEX tickets_by_resolution;
CREATE INDEX tickets_first_response_by_hour
    ON tickets(CAST(first_response_hours AS INTEGER), created_at, first_response_hours)
    WHERE first_response_hours IS NOT NULL;
CREATE INDEX tickets_resolution_by_hour
    ON tickets(CAST(resolution_hours AS INTEGER), closed_at, resolution_hours)
    WHERE resolution_hours IS NOT NULL;
