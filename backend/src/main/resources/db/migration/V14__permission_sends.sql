-- A permission request is never sent twice (issue 10, bug 2).
--
-- The PlacePermissionRequest activity notes here, before it sends, that it is about to send (state
-- SENDING), and afterwards what became of it (SENT with Meta's wamid, or NOT_SENT when the request
-- surely never left). Temporal runs an activity at least once: when an attempt times out or its
-- worker dies, the next attempt finds the note. SENT: it answers the wamid again without sending;
-- SENDING: the previous attempt may have reached Meta, so it answers "sent, unconfirmed" without
-- sending; NOT_SENT (or no row): it sends.
--
-- send_key: the workflow run and the activity's id, the same for every attempt of one activity.
-- Rows are only needed while their activity may still run (minutes); the activity deletes rows
-- older than a day.
CREATE TABLE permission_sends (
    send_key        TEXT PRIMARY KEY,
    phone_number_id TEXT NOT NULL,
    wa_id           TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('SENDING', 'SENT', 'NOT_SENT')),
    message_id      TEXT,
    attempt         INTEGER NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX permission_sends_updated_at_idx ON permission_sends (updated_at);
