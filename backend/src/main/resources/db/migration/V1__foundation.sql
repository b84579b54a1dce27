-- Foundation schema: the webhook event store and the call-permission read model.
-- Flyway in the activities module is the one owner of the schema.

-- Every webhook event that passed the signature check, one row per event (a POST may carry several).
-- dedupe_key makes a redelivered event a no-op; status drives the dispatcher's retry loop.
CREATE TABLE webhook_events (
    id               BIGSERIAL PRIMARY KEY,
    dedupe_key       TEXT        NOT NULL UNIQUE,
    kind             TEXT        NOT NULL,
    phone_number_id  TEXT,
    wa_id            TEXT,
    event_timestamp  TIMESTAMPTZ,
    payload          JSONB       NOT NULL,
    status           TEXT        NOT NULL,
    attempts         INTEGER     NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_error       TEXT,
    received_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    dispatched_at    TIMESTAMPTZ,
    CONSTRAINT webhook_events_status_chk CHECK (status IN ('PENDING', 'DISPATCHED', 'IGNORED', 'FAILED'))
);
CREATE INDEX webhook_events_pending_idx ON webhook_events (next_attempt_at) WHERE status = 'PENDING';

-- Read model of the CallPermission workflows, written by an activity after every transition.
-- version is the workflow's own transition counter: a late write of an older snapshot is ignored.
CREATE TABLE call_permissions (
    phone_number_id          TEXT        NOT NULL,
    wa_id                    TEXT        NOT NULL,
    status                   TEXT        NOT NULL,
    permanent                BOOLEAN     NOT NULL DEFAULT FALSE,
    expires_at               TIMESTAMPTZ,
    pending_request_id       TEXT,
    pending_request_expires_at TIMESTAMPTZ,
    request_log              JSONB       NOT NULL DEFAULT '[]',
    next_request_allowed_at  TIMESTAMPTZ,
    consecutive_unanswered   INTEGER     NOT NULL DEFAULT 0,
    version                  BIGINT      NOT NULL,
    workflow_run_id          TEXT,
    updated_at               TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (phone_number_id, wa_id)
);
CREATE INDEX call_permissions_status_idx ON call_permissions (phone_number_id, status);

-- Every permission request message we sent, so that message-status webhooks (which carry only the
-- wamid and the recipient) can be told apart from the CRM's ordinary messages.
CREATE TABLE permission_requests (
    message_id       TEXT        PRIMARY KEY,
    phone_number_id  TEXT        NOT NULL,
    wa_id            TEXT        NOT NULL,
    sent_at          TIMESTAMPTZ NOT NULL,
    expires_at       TIMESTAMPTZ NOT NULL,
    delivery_status  TEXT        NOT NULL DEFAULT 'SENT',
    delivery_updated_at TIMESTAMPTZ
);
CREATE INDEX permission_requests_pair_idx ON permission_requests (phone_number_id, wa_id);
