-- Where each desk post went on the staff's chat platform, so a card is edited in place
-- (also after a restart) and a reply to any post of a ticket finds its ticket.

CREATE TABLE desk_posts (
    chat        INTEGER NOT NULL,
    message_id  INTEGER NOT NULL,
    ticket      TEXT NOT NULL,
    kind        TEXT NOT NULL,             -- card, thread, alert, prompt
    PRIMARY KEY (chat, message_id)
) WITHOUT ROWID;
CREATE INDEX desk_posts_by_ticket ON desk_posts(ticket, chat, kind);
