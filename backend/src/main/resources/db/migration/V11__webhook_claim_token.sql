-- Webhook dispatch under faults (issue 10, bug 6).
--
-- claim_id: the token of the claim that holds a PENDING event's lease, set by every claim (one
-- uuid per claim; a batch shares it). A dispatcher records an outcome (DISPATCHED, IGNORED,
-- FAILED, a retry) only where the token is still its own: one whose lease ran out and was taken
-- over by another dispatcher changes nothing. A retry or a postponement ends the claim (NULL
-- again). A dispatcher that stops gives its unfinished claims back (next_attempt_at = now(), token
-- kept, so a dispatch that was in flight may still record its outcome if nobody took the event).
-- NULL on rows stored before this migration and on rows never claimed.
ALTER TABLE webhook_events ADD COLUMN claim_id UUID;

-- Claims take call events first (CALL, CALL_STATUS: a caller is waiting), then every other kind,
-- each in received order (id). The expression must match WebhookEventStore's CLAIM_ORDER.
CREATE INDEX webhook_events_claim_order_idx ON webhook_events
    ((CASE WHEN kind IN ('CALL', 'CALL_STATUS') THEN 0 ELSE 1 END), id) WHERE status = 'PENDING';
