-- The daily comparison of the ledger with Meta's call analytics (docs/operations.md#ledger-reconciliation):
-- one row per UTC day, business account and direction. A day reconciled again replaces its rows.
CREATE TABLE ledger_reconciliations (
    day            DATE          NOT NULL,
    waba_id        TEXT          NOT NULL,
    direction      TEXT          NOT NULL CHECK (direction IN ('USER_INITIATED', 'BUSINESS_INITIATED')),
    meta_calls     BIGINT        NOT NULL,
    meta_cost      NUMERIC(38,9) NOT NULL,
    ledger_calls   BIGINT        NOT NULL,
    ledger_cost    NUMERIC(38,9) NOT NULL,
    -- the ledger's currency; Meta's analytics are in the account's currency, assumed the same
    currency       CHAR(3),
    matches        BOOLEAN       NOT NULL,
    checked_at     TIMESTAMPTZ   NOT NULL,
    PRIMARY KEY (day, waba_id, direction)
);
-- "the days that differ", newest first
CREATE INDEX ledger_reconciliations_differences_idx ON ledger_reconciliations (day DESC) WHERE NOT matches;
