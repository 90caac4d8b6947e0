-- The desk set up in chat: staff and supervisors an admin named with /staff add and
-- /supervisor add, those removed (who stay out even while in the staff group), and the
-- usernames seen in the staff chats, so "/staff add @name" finds the member meant.

CREATE TABLE desk_roles (
    id          TEXT PRIMARY KEY,
    role        TEXT NOT NULL CHECK (role IN ('staff', 'supervisor', 'removed')),
    named_by    TEXT NOT NULL,
    named_at    TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE telegram_usernames (
    username    TEXT PRIMARY KEY,
    id          TEXT NOT NULL,
    seen_at     TEXT NOT NULL
) WITHOUT ROWID;
