-- The directory of the calls slice: business numbers and their calling settings, agents, ring
-- groups; the customer conversation log; and the calls ringing for each agent right now.
-- Limits that are configuration (ring timeout bounds, blocked countries) are checked by the
-- application, not here, so a change of configuration needs no migration.

-- A WhatsApp business number, keyed by Meta's phone number id. country is derived from
-- display_number (libphonenumber) when it is written; whether the number may place
-- business-initiated calls is derived from country and configuration when it is read.
CREATE TABLE phone_numbers (
    phone_number_id           TEXT        PRIMARY KEY,
    display_number            TEXT        NOT NULL,
    country                   TEXT        NOT NULL,
    ring_timeout_seconds      INTEGER     NOT NULL DEFAULT 20,
    wrap_up_seconds           INTEGER     NOT NULL DEFAULT 3600,
    callback_requests_enabled BOOLEAN     NOT NULL DEFAULT FALSE,
    disposition_tags          JSONB       NOT NULL DEFAULT '["Resolved", "Follow-up Required", "No Answer"]',
    updated_at                TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT phone_numbers_display_number_chk CHECK (display_number ~ '^\+[1-9][0-9]{1,14}$'),
    CONSTRAINT phone_numbers_ring_timeout_chk CHECK (ring_timeout_seconds > 0),
    CONSTRAINT phone_numbers_wrap_up_chk CHECK (wrap_up_seconds >= 0),
    CONSTRAINT phone_numbers_disposition_tags_chk CHECK (jsonb_typeof(disposition_tags) = 'array')
);

CREATE TABLE agents (
    agent_id        TEXT        PRIMARY KEY,
    name            TEXT        NOT NULL,
    default_channel TEXT        NOT NULL DEFAULT 'WEB_APP',
    available       BOOLEAN     NOT NULL DEFAULT TRUE,
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT agents_default_channel_chk CHECK (default_channel IN ('WEB_APP', 'MOBILE_APP'))
);

-- A business number's ring group in ring order: position 0 is the primary, then the backups.
-- Replaced as a whole (delete and insert in one transaction, the number's row locked).
CREATE TABLE ring_group_members (
    phone_number_id TEXT    NOT NULL REFERENCES phone_numbers (phone_number_id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    agent_id        TEXT    NOT NULL REFERENCES agents (agent_id),
    PRIMARY KEY (phone_number_id, position),
    CONSTRAINT ring_group_members_agent_once UNIQUE (phone_number_id, agent_id),
    CONSTRAINT ring_group_members_position_chk CHECK (position >= 0)
);
CREATE INDEX ring_group_members_agent_idx ON ring_group_members (agent_id);

-- A customer's conversation log with a business number (missed calls and other call events),
-- written by the calls workflows' activities. (call_id, kind) is the idempotency key: an
-- activity retry writes once. An entry without a call_id is never deduplicated (NULLs differ).
-- No foreign keys: a log entry must never fail to be written because of the directory.
CREATE TABLE conversation_events (
    id              BIGSERIAL   PRIMARY KEY,
    phone_number_id TEXT        NOT NULL,
    wa_id           TEXT        NOT NULL,
    at              TIMESTAMPTZ NOT NULL,
    kind            TEXT        NOT NULL,
    call_id         TEXT,
    detail          JSONB       NOT NULL DEFAULT '{}',
    recorded_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT conversation_events_call_kind_uq UNIQUE (call_id, kind)
);
CREATE INDEX conversation_events_customer_idx ON conversation_events (phone_number_id, wa_id, at DESC, id DESC);

-- The calls ringing for an agent, which the agent's client polls. A row is written when the
-- workflow starts ringing a member and removed when that member's turn ends; ring_expires_at
-- bounds it anyway, so a row a failed activity left behind stops showing on its own.
CREATE TABLE agent_ringing (
    call_id         TEXT        NOT NULL,
    agent_id        TEXT        NOT NULL,
    phone_number_id TEXT        NOT NULL,
    from_number     TEXT        NOT NULL,
    ringing_since   TIMESTAMPTZ NOT NULL,
    ring_expires_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (call_id, agent_id)
);
CREATE INDEX agent_ringing_agent_idx ON agent_ringing (agent_id, ring_expires_at);
