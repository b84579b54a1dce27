-- The calls of one business number with one outcome (a number's missed calls: a common view) had
-- no index holding both: a page walked the number's calls filtering the outcome, and its total
-- read a heap row per call counted (docs/performance.md). ListQueryPlanTest checks the plans.
CREATE INDEX call_records_number_outcome_idx ON call_records (phone_number_id, outcome, started_at DESC NULLS LAST, id);

-- Housekeeping (RecordRetention): each purge cuts by a time column and walks its index.
-- permission_requests: a row per request sent, kept until its retention after the request expired
CREATE INDEX permission_requests_expires_idx ON permission_requests (expires_at);
-- conversation_events: only purged when the business sets a retention (call_records cut by
-- started_at, which call_records_started_idx holds)
CREATE INDEX conversation_events_at_idx ON conversation_events (at);
