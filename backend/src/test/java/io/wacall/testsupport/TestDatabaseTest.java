package io.wacall.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

class TestDatabaseTest {
  @Test
  void aNewDatabaseHasTheMigratedSchema() {
    JdbcTemplate jdbc = new JdbcTemplate(TestDatabase.newDatabase());
    Integer tables = jdbc.queryForObject(
        "SELECT count(*) FROM information_schema.tables WHERE table_name IN "
            + "('webhook_events','call_permissions','permission_requests')", Integer.class);
    assertThat(tables).isEqualTo(3);
  }
}
