-- A business number's calling settings at Meta, kept in step by wacall (issue 13; see
-- docs/meta-cloud-api.md#call-settings). One row per number that has ever had settings pushed.
--
-- desired:   Meta's `calling` object (snake_case) as an operator last set it through the API, without
--            callback_permission_status: phone_numbers.callback_requests_enabled is that one fact, and
--            the push reads it from there. Null: nothing set through wacall but the callback marker.
-- desired_revision: raised by every change of what is to be at Meta (settings or the callback
--            marker); the CallingSettings workflow pushes until synced_revision reaches it.
-- confirmed: Meta's `calling` object as Meta last showed it (read back with GET after a push, or
--            reported by an account_settings_update webhook); values wacall does not know are kept.
-- last_error_*: Meta's refusal (4xx) of a push, and the revision it refused.
CREATE TABLE calling_settings (
    phone_number_id     TEXT        PRIMARY KEY REFERENCES phone_numbers (phone_number_id) ON DELETE CASCADE,
    desired             JSONB,
    desired_revision    BIGINT      NOT NULL DEFAULT 0,
    desired_at          TIMESTAMPTZ,
    synced_revision     BIGINT      NOT NULL DEFAULT 0,
    confirmed           JSONB,
    confirmed_at        TIMESTAMPTZ,
    last_error_code     INTEGER,
    last_error_message  TEXT,
    last_error_revision BIGINT,
    last_error_at       TIMESTAMPTZ,
    CONSTRAINT calling_settings_desired_chk CHECK (desired IS NULL OR jsonb_typeof(desired) = 'object'),
    CONSTRAINT calling_settings_confirmed_chk CHECK (confirmed IS NULL OR jsonb_typeof(confirmed) = 'object'),
    CONSTRAINT calling_settings_revisions_chk CHECK (synced_revision >= 0 AND synced_revision <= desired_revision)
);

-- Meta's relaxed limits of public test numbers and sandbox accounts (25 permission requests a day,
-- 100 a week; the reminder after 5 unanswered calls, the revoke after 10) apply to a number whose
-- limits are TEST_NUMBER; every other number has Meta's standard limits.
ALTER TABLE phone_numbers ADD COLUMN limits TEXT NOT NULL DEFAULT 'STANDARD';
ALTER TABLE phone_numbers ADD CONSTRAINT phone_numbers_limits_chk CHECK (limits IN ('STANDARD', 'TEST_NUMBER'));
