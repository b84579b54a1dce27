-- The call read model: one row per call workflow, written by the RecordCall activity after every
-- change (version-guarded like call_permissions). The API lists and shows calls from here, never
-- from Temporal's visibility store; the webhook adapter finds a business-initiated call by wacid.
CREATE TABLE call_records (
    id                TEXT        PRIMARY KEY,          -- the workflow ID: inbound-call:{wacid} / outbound-call:{requestId}
    wacid             TEXT,
    direction         TEXT        NOT NULL CHECK (direction IN ('USER_INITIATED', 'BUSINESS_INITIATED')),
    phone_number_id   TEXT        NOT NULL,
    customer          TEXT,
    agent_id          TEXT,
    status            TEXT        NOT NULL,
    outcome           TEXT,
    started_at        TIMESTAMPTZ,
    answered_at       TIMESTAMPTZ,
    ended_at          TIMESTAMPTZ,
    duration_seconds  INTEGER,
    disposition_tag   TEXT,
    error_code        INTEGER,
    view              JSONB       NOT NULL,             -- the whole CallView: timeline, ring attempts, disposition
    version           BIGINT      NOT NULL,
    workflow_run_id   TEXT,
    updated_at        TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX call_records_wacid_idx ON call_records (wacid) WHERE wacid IS NOT NULL;
CREATE INDEX call_records_number_idx ON call_records (phone_number_id, started_at DESC);
CREATE INDEX call_records_customer_idx ON call_records (phone_number_id, customer, started_at DESC);
CREATE INDEX call_records_agent_idx ON call_records (agent_id, started_at DESC);
