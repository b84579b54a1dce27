package io.wacall.backend.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.wacall.testsupport.TestDatabase;
import java.time.Instant;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * V9 on a database that has calls already: each gets the wrap-up window its last snapshot
 * carries, so a call in wrap-up when the change ships can still get its disposition.
 */
class CallDispositionsMigrationTest {
  @Test
  void recordedCallsGetTheWindowOfTheirLastSnapshot() {
    PGSimpleDataSource database = new PGSimpleDataSource();
    database.setUrl(TestDatabase.jdbcUrl(TestDatabase.newDatabaseName()));
    database.setUser("postgres");
    database.setPassword("postgres");
    Flyway.configure().dataSource(database).target("8").load().migrate();
    JdbcClient jdbc = JdbcClient.create(database);
    call(jdbc, "inbound-call:iso", "{\"wrapUpEndsAt\":\"2026-06-01T11:00:00.250Z\"}");
    call(jdbc, "inbound-call:epoch", "{\"wrapUpEndsAt\":1780311600.5}");
    call(jdbc, "inbound-call:none", "{\"wrapUpEndsAt\":null}");
    call(jdbc, "inbound-call:absent", "{}");

    Flyway.configure().dataSource(database).load().migrate();

    assertThat(window(jdbc, "inbound-call:iso")).isEqualTo(Instant.parse("2026-06-01T11:00:00.250Z"));
    assertThat(window(jdbc, "inbound-call:epoch")).isEqualTo(Instant.ofEpochSecond(1780311600L, 500_000_000));
    assertThat(window(jdbc, "inbound-call:none")).isNull();
    assertThat(window(jdbc, "inbound-call:absent")).isNull();
    assertThat(jdbc.sql("SELECT count(*) FROM call_records WHERE api_disposition_set_at IS NOT NULL").query(Long.class).single())
        .isZero();
  }

  private static void call(JdbcClient jdbc, String id, String view) {
    jdbc.sql("""
            INSERT INTO call_records (id, direction, phone_number_id, status, view, version, updated_at)
            VALUES (:id, 'USER_INITIATED', 'pn-1', 'ENDED', CAST(:view AS jsonb), 1, now())""")
        .param("id", id).param("view", view).update();
  }

  private static Instant window(JdbcClient jdbc, String id) {
    return jdbc.sql("SELECT wrap_up_ends_at FROM call_records WHERE id = :id").param("id", id)
        .query((rs, n) -> Timestamps.read(rs, "wrap_up_ends_at")).list().get(0);
  }
}
