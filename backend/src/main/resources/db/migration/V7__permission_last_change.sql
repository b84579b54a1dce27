-- The pair's last state change (a reply applied, at Meta's timestamp; a request sent; a grant or a
-- request that ended), written by the RecordPermission activity and only ever moved forward. A
-- signed permission reply older than it changes nothing: the webhook adapter ignores it, and a
-- fresh CallPermission run (the previous one completed) loads it before it applies anything.
ALTER TABLE call_permissions ADD COLUMN last_change_at TIMESTAMPTZ;

-- Pairs whose workflow has already completed (nothing left to remember: no grant, no pending
-- request, no request in the last 7 days) get the time of their final snapshot: their last change
-- was at or before it. Pairs still running are left unknown; their workflows write the real
-- instant with their next change.
UPDATE call_permissions SET last_change_at = updated_at
WHERE status IN ('NONE', 'DECLINED', 'EXPIRED', 'REVOKED')
  AND pending_request_id IS NULL
  AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements_text(request_log) AS sent(at)
                  WHERE sent.at::timestamptz > now() - interval '7 days');
