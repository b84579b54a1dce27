package io.wacall.testsupport;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Fills the tables behind the list endpoints with {@link #ROWS} rows each, spread the way a busy
 * deployment spreads them (20 business numbers, 100 agents, a customer with a few calls, most
 * calls completed, a few failed), then ANALYZEs them: the planner works from real statistics, so
 * the plans {@link QueryPlans} checks are the ones it would choose in production, with no
 * {@code enable_seqscan = off} to force its hand.
 */
public final class ListTables {
  /** Enough rows that a sequential scan and a sort cost far more than an index walk of a page. */
  public static final int ROWS = 100_000;
  public static final int NUMBERS = 20;

  private ListTables() {}

  public static void fill(DataSource ds) {
    fill(ds, ROWS);
  }

  /** {@code rows} rows in each table (the benchmark's list section fills a million). */
  public static void fill(DataSource ds, int rows) {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      // the view is what the API answers with: a call as its record shows it (no timeline)
      s.execute("""
          INSERT INTO call_records (id, wacid, direction, phone_number_id, customer, agent_id, status, outcome,
              started_at, view, version, updated_at)
          SELECT id, wacid, direction, pnid, customer, agent, 'ENDED', outcome, started,
              jsonb_build_object('id', id, 'wacid', wacid, 'direction', direction, 'phoneNumberId', pnid,
                  'customer', customer, 'agentId', agent, 'status', 'ENDED', 'outcome', outcome,
                  'durationSeconds', 60, 'ringAttempts', '[]'::jsonb, 'timeline', '[]'::jsonb, 'version', 1),
              1, now()
          FROM (SELECT 'inbound-call:wacid.' || i AS id, 'wacid.' || i AS wacid,
                  CASE WHEN i %% 3 = 0 THEN 'BUSINESS_INITIATED' ELSE 'USER_INITIATED' END AS direction,
                  'pn' || (i %% %1$d) AS pnid, '55219' || (10000000 + i %% 20000) AS customer, 'a-' || (i %% 100) AS agent,
                  CASE WHEN i %% 50 = 0 THEN 'FAILED' WHEN i %% 7 = 0 THEN 'MISSED' ELSE 'COMPLETED' END AS outcome,
                  CASE WHEN i %% 500 = 0 THEN NULL ELSE now() - i * interval '10 seconds' END AS started
                FROM generate_series(1, %2$d) i) calls""".formatted(NUMBERS, rows));
      s.execute("""
          INSERT INTO call_permissions (phone_number_id, wa_id, status, permanent, expires_at, version, updated_at,
              last_change_at)
          SELECT 'pn' || (i %% %1$d), '55219' || (10000000 + i),
              (ARRAY['TEMPORARY','TEMPORARY','TEMPORARY','PERMANENT','NONE','NONE','NONE','DECLINED','EXPIRED','REVOKED'])[i %% 10 + 1],
              i %% 10 = 3,
              CASE WHEN i %% 10 < 3 THEN now() - i * interval '10 seconds' + interval '7 days' END,
              1, now() - i * interval '10 seconds', now() - i * interval '10 seconds'
          FROM generate_series(1, %2$d) i""".formatted(NUMBERS, rows));
      // the shipped rate card (a migration loads it) prices the rows
      s.execute("""
          INSERT INTO billing_charges (call_id, direction, phone_number_id, region, market, connected_at,
              connected_seconds, pulses, rate_per_minute, amount, currency, rate_card_version, volume_month, charged_at)
          SELECT 'inbound-call:wacid.' || i, 'BUSINESS_INITIATED', 'pn' || (i %% %1$d), 'BR', 'Brazil',
              now() - i * interval '10 seconds', 60, 10, 0.01, 0.01, 'USD', (SELECT min(version) FROM rate_cards), date_trunc('month', now())::date, now()
          FROM generate_series(1, %2$d) i""".formatted(NUMBERS, rows));
      s.execute("""
          INSERT INTO webhook_events (dedupe_key, kind, phone_number_id, wa_id, payload, event, status, received_at)
          SELECT 'key.' || i, (ARRAY['CALL','CALL_STATUS','PERMISSION_REPLY','MESSAGE_STATUS'])[i %% 4 + 1],
              'pn' || (i %% %1$d), '55219' || (10000000 + i %% 20000), '{}'::jsonb, '{}'::jsonb,
              CASE WHEN i %% 1000 = 0 THEN 'FAILED' WHEN i %% 200 = 0 THEN 'IGNORED' ELSE 'DISPATCHED' END,
              now() - (%2$d - i) * interval '1 second'
          FROM generate_series(1, %2$d) i""".formatted(NUMBERS, rows));
      s.execute("ANALYZE call_records, call_permissions, billing_charges, webhook_events");
    } catch (SQLException e) {
      throw new IllegalStateException("could not fill the list tables", e);
    }
  }
}
