-- A smaller history (issue 25 part 5). The transcript is kept one row per turn (what the
-- person wrote, and the list of what the bot answered, all at one time and about one
-- ticket) instead of one row per message, and each text the bot says, or a person agrees
-- to, is kept once in `texts`, however many people it was said to: policy texts and menus
-- were stored again for every person. `messages` becomes a view showing the transcript
-- one message a row, as it was stored before.
--
-- `texts.uses` counts the turns' replies and the consents that refer to a text, kept by
-- the triggers below; a text is deleted with the last of them, so erasing or retiring a
-- person's turns erases what was said only to them. `digest(body)` is the SQL function
-- `bot.storage.transcript.digest`, registered by the migrations' connection.

CREATE TABLE texts (
    id      INTEGER PRIMARY KEY,
    digest  TEXT NOT NULL UNIQUE,      -- what a text is looked up by (see digest above)
    body    TEXT NOT NULL,
    uses    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE turns (
    id          INTEGER PRIMARY KEY,
    user_key    TEXT NOT NULL,
    at          TEXT NOT NULL,
    text        TEXT,                      -- what the person wrote; NULL if nothing new
    payload     TEXT,                      -- JSON of what they wrote: option, attachments, location
    replies     TEXT NOT NULL DEFAULT '[]', -- JSON array of texts(id), in the order said
    ticket_id   INTEGER REFERENCES tickets(id) ON DELETE SET NULL
);
CREATE INDEX turns_by_user ON turns(user_key, id);
CREATE INDEX turns_by_ticket ON turns(ticket_id, id) WHERE ticket_id IS NOT NULL;

CREATE TRIGGER turn_says AFTER INSERT ON turns BEGIN
    UPDATE texts SET uses = uses + (SELECT count(*) FROM json_each(new.replies) r WHERE r.value = texts.id)
        WHERE id IN (SELECT value FROM json_each(new.replies));
END;
CREATE TRIGGER turn_forgotten AFTER DELETE ON turns BEGIN
    UPDATE texts SET uses = uses - (SELECT count(*) FROM json_each(old.replies) r WHERE r.value = texts.id)
        WHERE id IN (SELECT value FROM json_each(old.replies));
    DELETE FROM texts WHERE uses = 0 AND id IN (SELECT value FROM json_each(old.replies));
END;

INSERT OR IGNORE INTO texts (digest, body)
    SELECT digest(text), text FROM messages WHERE direction = 'out' ORDER BY id;
INSERT OR IGNORE INTO texts (digest, body) SELECT digest(text), text FROM consents ORDER BY id;

-- A turn begins at each message a person wrote, and at a reply of the bot's that does
-- not follow one of the same turn (same time, same ticket): it spoke first.
INSERT INTO turns (user_key, at, text, payload, replies, ticket_id)
WITH marked AS (
    SELECT id, user_key, direction, at, text, payload, ticket_id,
        direction = 'in' OR lag(id) OVER person IS NULL OR lag(at) OVER person IS NOT at
            OR lag(ticket_id) OVER person IS NOT ticket_id AS begins
    FROM messages WINDOW person AS (PARTITION BY user_key ORDER BY id)
), numbered AS (
    SELECT *, sum(begins) OVER (PARTITION BY user_key ORDER BY id) AS turn FROM marked
), gathered AS (
    SELECT n.id, n.user_key, n.direction, n.at, n.text, n.payload, n.ticket_id,
        row_number() OVER whole AS nth,
        json_group_array(x.id) FILTER (WHERE n.direction = 'out') OVER (
            whole ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) AS replies
    FROM numbered n LEFT JOIN texts x ON n.direction = 'out' AND x.digest = digest(n.text)
    WINDOW whole AS (PARTITION BY n.user_key, n.turn ORDER BY n.id)
)
SELECT user_key, at, CASE direction WHEN 'in' THEN text END,
    CASE direction WHEN 'in' THEN payload END, replies, ticket_id
FROM gathered WHERE nth = 1 ORDER BY id;

DROP TABLE messages;

CREATE VIEW messages (id, user_key, direction, at, text, payload, ticket_id) AS
    SELECT t.id * 1024, t.user_key, 'in', t.at, t.text, t.payload, t.ticket_id
        FROM turns t WHERE t.text IS NOT NULL
    UNION ALL
    SELECT t.id * 1024 + 1 + r.key, t.user_key, 'out', t.at, x.body, NULL, t.ticket_id
        FROM turns t CROSS JOIN json_each(t.replies) r CROSS JOIN texts x ON x.id = r.value;

-- A consent keeps the notice agreed to (or declined) as one of the texts.
CREATE TABLE consents_new (
    id          INTEGER PRIMARY KEY,
    user_key    TEXT NOT NULL REFERENCES users(user_key) ON DELETE CASCADE,
    at          TEXT NOT NULL,
    agreed      INTEGER NOT NULL,
    purpose     TEXT NOT NULL DEFAULT 'request',
    text_id     INTEGER NOT NULL REFERENCES texts(id)
);
CREATE TRIGGER consent_given AFTER INSERT ON consents_new BEGIN
    UPDATE texts SET uses = uses + 1 WHERE id = new.text_id;
END;
CREATE TRIGGER consent_forgotten AFTER DELETE ON consents_new BEGIN
    UPDATE texts SET uses = uses - 1 WHERE id = old.text_id;
    DELETE FROM texts WHERE uses = 0 AND id = old.text_id;
END;
INSERT INTO consents_new (id, user_key, at, agreed, purpose, text_id)
    SELECT c.id, c.user_key, c.at, c.agreed, c.purpose, x.id
    FROM consents c JOIN texts x ON x.digest = digest(c.text) ORDER BY c.id;
DROP TABLE consents;
ALTER TABLE consents_new RENAME TO consents;
CREATE INDEX consents_by_user ON consents(user_key, at);
