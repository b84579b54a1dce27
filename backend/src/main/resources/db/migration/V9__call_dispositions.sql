-- The disposition is the API's to store, no longer the call workflow's: PUT /calls/{id}/disposition
-- writes the api_disposition_* columns (and disposition_tag) in one conditional UPDATE; the
-- workflow's snapshot upsert never touches them. disposition_tag stays the filter column, the tag
-- of the call's disposition: the API's write sets it, and a snapshot sets it only when it carries a
-- disposition set after the API's (runs started before this change may still get the
-- setDisposition update; the one set last is the call's).
ALTER TABLE call_records
    ADD COLUMN api_disposition_tag     TEXT,
    ADD COLUMN api_disposition_note    TEXT,
    ADD COLUMN api_disposition_set_by  TEXT,
    ADD COLUMN api_disposition_set_at  TIMESTAMPTZ,
    -- the call's end plus its business number's wrap-up, copied from the snapshot's wrapUpEndsAt:
    -- the API accepts a disposition for an ENDED call until then
    ADD COLUMN wrap_up_ends_at         TIMESTAMPTZ;

-- Calls recorded before: their window as their last snapshot has it (an ISO-8601 string; epoch
-- seconds, should a snapshot have been written with numeric dates).
UPDATE call_records SET wrap_up_ends_at = CASE jsonb_typeof(view -> 'wrapUpEndsAt')
        WHEN 'string' THEN (view ->> 'wrapUpEndsAt')::timestamptz
        WHEN 'number' THEN to_timestamp((view ->> 'wrapUpEndsAt')::double precision)
    END
WHERE jsonb_typeof(view -> 'wrapUpEndsAt') IN ('string', 'number');
