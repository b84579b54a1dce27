-- The calls of one business number with one outcome (a number's missed calls: a common view) had
-- no index holding both: a page walked the number's calls filtering the outcome, and its total
-- read a heap row per call counted (docs/performance.md). ListQueryPlanTest checks the plans.
CREATE INDEX call_records_number_outcome_idx ON call_records (phone_number_id, outcome, started_at DESC NULLS LAST, id);
