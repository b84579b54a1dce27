-- Meta's quality restrictions of a business number's calling (issue 13): heavy negative feedback
-- pauses business-initiated and/or user-initiated calling for 7 days; a low pickup rate hides the
-- call button. Written from the account_update webhook; a restriction is in force while
-- expires_at is in the future (it lifts itself: nothing deletes it at expiry).
--
-- kind: BUSINESS_INITIATED, USER_INITIATED or CALL_BUTTON_HIDDEN (Meta's
-- RESTRICTED_BUSINESS_INITIATED_CALLING, RESTRICTED_USER_INITIATED_CALLING,
-- RESTRICTED_USER_INITIATED_CALLING_CALL_BUTTON_HIDDEN). A later webhook for the same kind never
-- shortens the restriction (a redelivered older one cannot lift a newer one).
CREATE TABLE calling_restrictions (
    phone_number_id TEXT        NOT NULL,
    kind            TEXT        NOT NULL CHECK (kind IN ('BUSINESS_INITIATED', 'USER_INITIATED', 'CALL_BUTTON_HIDDEN')),
    meta_type       TEXT        NOT NULL,
    expires_at      TIMESTAMPTZ NOT NULL,
    received_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (phone_number_id, kind)
);
