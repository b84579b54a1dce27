package db.migration;

import io.wacall.backend.billing.DefaultRateCard;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Installs the shipped default rate card (version 1) from its data files, once, in Flyway's
 * transaction. A Java migration so that the card stays a CSV file checked by the same parser as an
 * upload, rather than a copy in SQL.
 */
public class V3__default_rate_card extends BaseJavaMigration {
  @Override
  public void migrate(Context context) {
    DefaultRateCard.install(new JdbcTemplate(new SingleConnectionDataSource(context.getConnection(), true)));
  }
}
