-- Retention of the webhook event store. A settled event (DISPATCHED or IGNORED) keeps its payload
-- for wacall.webhook.payload-retention after it was received; then the payload is purged and
-- payload_purged_at says when. The row, and with it the dedupe key, stays until
-- wacall.webhook.dedupe-retention has passed too, so a redelivery is still recognised; then the row
-- is deleted. PENDING events (retries included) and FAILED ones (waiting for an operator) are never
-- purged: only a settled event may lose its payload.
ALTER TABLE webhook_events ALTER COLUMN payload DROP NOT NULL;
ALTER TABLE webhook_events ADD COLUMN payload_purged_at TIMESTAMPTZ;
ALTER TABLE webhook_events ADD CONSTRAINT webhook_events_payload_chk CHECK (
    (payload IS NULL) = (payload_purged_at IS NOT NULL)
    AND (payload IS NOT NULL OR status IN ('DISPATCHED', 'IGNORED')));

-- what the purge looks for, oldest first
CREATE INDEX webhook_events_settled_idx ON webhook_events (received_at) WHERE status IN ('DISPATCHED', 'IGNORED');
