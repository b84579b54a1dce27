-- The events of one call are dispatched in the order they came (a connect before its statuses,
-- those before the terminate), also when an earlier one is waiting out a retry backoff.
--
-- call_key: the call an event belongs to (the wacid of CALL and CALL_STATUS events), NULL for
-- every other kind. A claim takes an event with a call key only when no earlier event of that call
-- is still PENDING outside the same claim (WebhookEventStore.claim).
ALTER TABLE webhook_events ADD COLUMN call_key TEXT;

-- Events stored before this migration and not settled yet: their dedupe key is
-- call:{wacid}:{event} or callstatus:{wacid}:{status}.
UPDATE webhook_events SET call_key = split_part(dedupe_key, ':', 2)
WHERE status = 'PENDING' AND kind IN ('CALL', 'CALL_STATUS');

-- "Is an earlier event of this call still pending?", asked for every call event a claim takes.
CREATE INDEX webhook_events_pending_call_idx ON webhook_events (call_key, id)
    WHERE status = 'PENDING' AND call_key IS NOT NULL;
