package io.wacall.backend.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.wacall.contract.permission.view.PermissionStatus;
import io.wacall.testsupport.ListTables;
import io.wacall.testsupport.TestDatabase;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The permissions list as two merged index walks lists the same rows, in the same order, with the
 * same status and update time, as filtering and sorting every row as of then (the query it
 * replaced), on {@link ListTables#ROWS} pairs of which thousands are temporary grants lapsed by now
 * (business number pn0 has only temporary grants, about two in five of them lapsed).
 */
class PermissionListAsOfTest {
  private static final Instant NOW = Instant.now();
  private static JdbcClient jdbc;
  private static PermissionReadModel readModel;

  @BeforeAll
  static void fill() {
    DataSource db = TestDatabase.newDatabase();
    ListTables.fill(db);
    jdbc = JdbcClient.create(db);
    readModel = new PermissionReadModel(jdbc, new ObjectMapper().registerModule(new JavaTimeModule()));
  }

  @ParameterizedTest(name = "number {0}, status {1}, offset {2}")
  @CsvSource(nullValues = "-", value = {
      "-, -, 0", "-, -, 5000", "pn0, -, 0", "pn0, -, 3000", "-, EXPIRED, 0", "-, EXPIRED, 5000",
      "pn0, EXPIRED, 0", "pn0, EXPIRED, 1000", "-, TEMPORARY, 0", "pn0, TEMPORARY, 100", "-, PERMANENT, 2000"})
  void aPage_isThePageOfEveryRowAsOfNow(String phoneNumberId, PermissionStatus status, int offset) {
    List<String> listed = readModel.list(phoneNumberId, status, NOW, offset, 50).stream()
        .map(r -> r.phoneNumberId() + "/" + r.waId() + " " + r.status() + " " + r.updatedAt()).toList();

    List<String> expected = jdbc.sql("""
            SELECT * FROM (
              SELECT phone_number_id, wa_id,
                  CASE WHEN status = 'TEMPORARY' AND expires_at <= :asOf THEN 'EXPIRED' ELSE status END AS status,
                  CASE WHEN status = 'TEMPORARY' AND expires_at <= :asOf THEN GREATEST(updated_at, expires_at)
                       ELSE updated_at END AS updated_at
              FROM call_permissions) rows_as_of
            WHERE (CAST(:pnid AS text) IS NULL OR phone_number_id = :pnid)
              AND (CAST(:status AS text) IS NULL OR status = :status)
            ORDER BY updated_at DESC, phone_number_id, wa_id OFFSET :offset LIMIT 50""")
        .param("asOf", Timestamps.of(NOW)).param("pnid", phoneNumberId)
        .param("status", status == null ? null : status.name()).param("offset", offset)
        .query((rs, n) -> rs.getString("phone_number_id") + "/" + rs.getString("wa_id") + " " + rs.getString("status")
            + " " + Timestamps.read(rs, "updated_at"))
        .list();

    assertThat(expected).hasSize(50);
    assertThat(listed).containsExactlyElementsOf(expected);
    assertThat(readModel.count(phoneNumberId, status, NOW)).isEqualTo(jdbc.sql("""
            SELECT count(*) FROM call_permissions
            WHERE (CAST(:pnid AS text) IS NULL OR phone_number_id = :pnid)
              AND (CAST(:status AS text) IS NULL
                   OR CASE WHEN status = 'TEMPORARY' AND expires_at <= :asOf THEN 'EXPIRED' ELSE status END = :status)""")
        .param("asOf", Timestamps.of(NOW)).param("pnid", phoneNumberId)
        .param("status", status == null ? null : status.name()).query(Long.class).single());
  }
}
