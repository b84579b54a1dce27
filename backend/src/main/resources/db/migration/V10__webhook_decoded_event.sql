-- One decode in the webhook adapter. Beside Meta's item (payload: kept as it came, for operators
-- and for the record), the intake stores the event as it decoded it, in event: the JSON of the
-- typed record its kind names (WebhookEventKind.eventType() in the API), written with the API's
-- ObjectMapper. The dispatcher reads that straight back into the record and routes it; it no
-- longer reads Meta's shape.
--
-- event is NULL on every row stored before this migration, and on an event that was malformed
-- when it came (stored FAILED, nothing to decode into): the dispatcher still decodes those from
-- payload, as it did before (rows may be PENDING during an upgrade, and an operator may requeue a
-- FAILED one). They are not converted here: that would repeat the parser's rules in SQL.
--
-- Retention purges event together with payload: an event is never kept without its payload.
ALTER TABLE webhook_events ADD COLUMN event JSONB;
ALTER TABLE webhook_events ADD CONSTRAINT webhook_events_event_chk CHECK (event IS NULL OR payload IS NOT NULL);
