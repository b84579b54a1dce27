package io.wacall.backend.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.wacall.backend.store.Timestamps;
import io.wacall.testsupport.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * V7 on a database that has pairs already: a pair whose workflow has completed gets the time of
 * its final snapshot as its last change; a pair whose workflow may still run is left unknown.
 */
class PermissionLastChangeMigrationTest {
  static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  @Test
  void completedPairsGetTheirFinalSnapshotTime_runningPairsStayUnknown() {
    PGSimpleDataSource database = new PGSimpleDataSource();
    database.setUrl(TestDatabase.jdbcUrl(TestDatabase.newDatabaseName()));
    database.setUser("postgres");
    database.setPassword("postgres");
    Flyway.configure().dataSource(database).target("6").load().migrate();
    JdbcClient jdbc = JdbcClient.create(database);
    Instant snapshot = NOW.minus(Duration.ofDays(3));
    pair(jdbc, "revoked-completed", "REVOKED", null, "[]", snapshot);
    pair(jdbc, "expired-old-requests", "EXPIRED", null, "[\"" + NOW.minus(Duration.ofDays(10)) + "\"]", snapshot);
    pair(jdbc, "revoked-recent-request", "REVOKED", null, "[\"" + NOW.minus(Duration.ofDays(1)) + "\"]", snapshot);
    pair(jdbc, "permanent", "PERMANENT", null, "[]", snapshot);
    pair(jdbc, "pending", "PENDING", "wamid.pending", "[\"" + NOW.minus(Duration.ofDays(1)) + "\"]", snapshot);

    Flyway.configure().dataSource(database).load().migrate();

    assertThat(lastChange(jdbc, "revoked-completed")).isEqualTo(snapshot);
    assertThat(lastChange(jdbc, "expired-old-requests")).isEqualTo(snapshot);
    assertThat(lastChange(jdbc, "revoked-recent-request")).isNull();
    assertThat(lastChange(jdbc, "permanent")).isNull();
    assertThat(lastChange(jdbc, "pending")).isNull();
  }

  private static void pair(JdbcClient jdbc, String waId, String status, String pendingId, String requestLog, Instant updatedAt) {
    jdbc.sql("""
            INSERT INTO call_permissions (phone_number_id, wa_id, status, pending_request_id, request_log, version,
                updated_at)
            VALUES ('pn-1', :waId, :status, :pendingId, CAST(:log AS jsonb), 1, :updatedAt)""")
        .param("waId", waId).param("status", status).param("pendingId", pendingId).param("log", requestLog)
        .param("updatedAt", Timestamps.of(updatedAt))
        .update();
  }

  private static Instant lastChange(JdbcClient jdbc, String waId) {
    return jdbc.sql("SELECT last_change_at FROM call_permissions WHERE wa_id = :waId").param("waId", waId)
        .query((rs, n) -> Timestamps.read(rs, "last_change_at")).list().get(0);
  }
}
