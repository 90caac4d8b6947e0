-- The jobs sweep at the same cost at any size: files that expire, and the delivery
-- records it forgets after a month (sent or given-up replies, handled platform updates),
-- each indexed alone, so forgetting never scans the tables inside a write.

CREATE INDEX kept_files_expiring ON kept_files(expires_at) WHERE expires_at IS NOT NULL;
CREATE INDEX outbox_sent ON outbox(sent_at) WHERE sent_at IS NOT NULL;
CREATE INDEX outbox_given_up ON outbox(given_up_at) WHERE given_up_at IS NOT NULL;
CREATE INDEX inbound_done ON inbound(done_at) WHERE done_at IS NOT NULL;
