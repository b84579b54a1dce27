-- Indexes in the order of each list endpoint's ORDER BY, led by the column of each filter, so that
-- a page is an index walk that stops after offset + limit rows, also under a generic plan (the
-- lists build their WHERE from the filters given; ListQueryPlanTest checks every plan).

-- calls: ORDER BY started_at DESC NULLS LAST, id. The old indexes said "started_at DESC", which
-- sorts NULLs first and so could not serve the order.
DROP INDEX call_records_number_idx;
DROP INDEX call_records_customer_idx;
DROP INDEX call_records_agent_idx;
CREATE INDEX call_records_started_idx  ON call_records (started_at DESC NULLS LAST, id);
CREATE INDEX call_records_number_idx   ON call_records (phone_number_id, started_at DESC NULLS LAST, id);
-- a customer is one person: their calls are few, whichever business number they called
CREATE INDEX call_records_customer_idx ON call_records (customer, started_at DESC NULLS LAST, id);
CREATE INDEX call_records_agent_idx    ON call_records (agent_id, started_at DESC NULLS LAST, id);
-- FAILED or MISSED calls may be a small share: without it a page of them walks the whole list
CREATE INDEX call_records_outcome_idx  ON call_records (outcome, started_at DESC NULLS LAST, id);

-- permissions: ORDER BY updated_at DESC, phone_number_id, wa_id for the rows read as written, and
-- GREATEST(updated_at, expires_at) for temporary grants that have lapsed (read as EXPIRED).
DROP INDEX call_permissions_status_idx;
CREATE INDEX call_permissions_updated_idx ON call_permissions (updated_at DESC, phone_number_id, wa_id);
CREATE INDEX call_permissions_number_updated_idx ON call_permissions (phone_number_id, updated_at DESC, wa_id);
CREATE INDEX call_permissions_status_idx ON call_permissions (phone_number_id, status, updated_at DESC, wa_id);
CREATE INDEX call_permissions_status_only_idx ON call_permissions (status, updated_at DESC, phone_number_id, wa_id);
CREATE INDEX call_permissions_lapsing_idx ON call_permissions
    (GREATEST(updated_at, expires_at) DESC, phone_number_id, wa_id) WHERE status = 'TEMPORARY';
CREATE INDEX call_permissions_number_lapsing_idx ON call_permissions
    (phone_number_id, GREATEST(updated_at, expires_at) DESC, wa_id) WHERE status = 'TEMPORARY';

-- the ledger: ORDER BY connected_at, call_id (billing_charges_connected_idx serves the unfiltered list)
DROP INDEX billing_charges_number_idx;
CREATE INDEX billing_charges_number_idx ON billing_charges (phone_number_id, connected_at, call_id);

-- webhook events (operators): ORDER BY received_at DESC, id DESC
CREATE INDEX webhook_events_received_idx ON webhook_events (received_at, id);
CREATE INDEX webhook_events_status_received_idx ON webhook_events (status, received_at, id);
CREATE INDEX webhook_events_kind_received_idx ON webhook_events (kind, received_at, id);
