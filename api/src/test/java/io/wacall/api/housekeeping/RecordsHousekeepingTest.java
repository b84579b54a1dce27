package io.wacall.api.housekeeping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wacall.backend.store.RecordRetention;
import io.wacall.backend.store.Timestamps;
import io.wacall.testsupport.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * On a real PostgreSQL: each table loses the rows past its retention and keeps the others; call
 * history is kept unless a retention is set; a run works in batches and leaves a backlog to the next.
 */
class RecordsHousekeepingTest {
  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private JdbcClient jdbc;
  private RecordRetention retention;

  @BeforeEach
  void fill() {
    jdbc = JdbcClient.create(TestDatabase.newDatabase());
    retention = new RecordRetention(jdbc);
    // permission requests that expired 40 days ago (3) and 10 days ago (1)
    jdbc.sql("""
        INSERT INTO permission_requests (message_id, phone_number_id, wa_id, sent_at, expires_at, delivery_status)
        SELECT 'wamid.' || i, 'pn', '55219' || i, CAST(:now AS timestamptz) - d, CAST(:now AS timestamptz) - d + interval '1 day',
            'SENT'
        FROM generate_series(1, 4) i, LATERAL (SELECT CASE WHEN i < 4 THEN interval '41 days' ELSE interval '11 days' END) x(d)
        """).param("now", Timestamps.of(NOW)).update();
    // calls 100 days old (2 ended, 1 still CONNECTED in its record) and 1 day old (ended); a line each
    jdbc.sql("""
        INSERT INTO call_records (id, direction, phone_number_id, customer, status, started_at, view, version, updated_at)
        VALUES ('old.1', 'USER_INITIATED', 'pn', '5521987650001', 'ENDED', :old, '{}', 1, :old),
               ('old.2', 'USER_INITIATED', 'pn', '5521987650001', 'REFUSED', :old, '{}', 1, :old),
               ('old.open', 'USER_INITIATED', 'pn', '5521987650001', 'CONNECTED', :old, '{}', 1, :old),
               ('new.1', 'USER_INITIATED', 'pn', '5521987650001', 'ENDED', :recent, '{}', 1, :recent)""")
        .param("old", Timestamps.of(NOW.minus(Duration.ofDays(100))))
        .param("recent", Timestamps.of(NOW.minus(Duration.ofDays(1)))).update();
    jdbc.sql("""
        INSERT INTO conversation_events (phone_number_id, wa_id, at, kind, call_id)
        SELECT 'pn', '5521987650001', started_at, 'CALL_ENDED', id FROM call_records""").update();
  }

  @Test
  void byDefault_onlyExpiredPermissionRequestsGo_andCallHistoryStays() {
    RecordsHousekeeping.Purged purged = new RecordsHousekeeping(retention, RetentionProperties.defaults(), CLOCK)
        .purgeDue();

    assertThat(purged).isEqualTo(new RecordsHousekeeping.Purged(3, 0, 0));
    assertThat(ids("SELECT message_id FROM permission_requests")).containsExactly("wamid.4");
    assertThat(count("call_records")).isEqualTo(4);
    assertThat(count("conversation_events")).isEqualTo(4);
  }

  @Test
  void withARetention_oldEndedCallsAndOldLinesGo() {
    RetentionProperties ninetyDays = new RetentionProperties(Duration.ofDays(30), Duration.ofDays(90),
        Duration.ofDays(90), Duration.ofHours(1), 1);

    RecordsHousekeeping.Purged purged = new RecordsHousekeeping(retention, ninetyDays, CLOCK).purgeDue();

    assertThat(purged).isEqualTo(new RecordsHousekeeping.Purged(3, 2, 3));
    assertThat(ids("SELECT id FROM call_records ORDER BY id")).containsExactly("new.1", "old.open");
    assertThat(ids("SELECT call_id FROM conversation_events")).containsExactly("new.1");
  }

  @Test
  void aRun_stopsAfterItsBatches_andTheNextTakesTheRest() {
    RetentionProperties oneAtATime = new RetentionProperties(Duration.ofDays(30), null, null, Duration.ofHours(1), 1);
    jdbc.sql("""
        INSERT INTO permission_requests (message_id, phone_number_id, wa_id, sent_at, expires_at, delivery_status)
        SELECT 'wamid.more.' || i, 'pn', '55218' || i, :old, :old, 'SENT' FROM generate_series(1, :n) i""")
        .param("old", Timestamps.of(NOW.minus(Duration.ofDays(60))))
        .param("n", RecordsHousekeeping.MAX_BATCHES_PER_RUN).update();
    RecordsHousekeeping housekeeping = new RecordsHousekeeping(retention, oneAtATime, CLOCK);

    assertThat(housekeeping.purgeDue().permissionRequests()).isEqualTo(RecordsHousekeeping.MAX_BATCHES_PER_RUN);
    assertThat(housekeeping.purgeDue().permissionRequests()).isEqualTo(3);
    assertThat(ids("SELECT message_id FROM permission_requests")).containsExactly("wamid.4");
  }

  @Test
  void aRetentionShorterThanAWeek_isRefused() {
    assertThatThrownBy(() -> new RetentionProperties(Duration.ofDays(30), Duration.ofDays(1), null,
        Duration.ofHours(1), 100)).hasMessageContaining("wacall.retention.call-records must be at least");
  }

  private java.util.List<String> ids(String sql) {
    return jdbc.sql(sql).query(String.class).list();
  }

  private long count(String table) {
    return jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single();
  }
}
