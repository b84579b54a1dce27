package io.wacall.backend.billing;

import io.wacall.backend.store.Timestamps;
import io.wacall.contract.call.view.CallDirection;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The ledger's side of the daily reconciliation and its stored results ({@code ledger_reconciliations}).
 */
@Repository
public class LedgerReconciliations {
  /** What the ledger holds for a UTC day and direction: its calls and what they cost. */
  public record LedgerDay(long calls, BigDecimal cost, String currency) {}

  /**
   * One compared row.
   *
   * @param matches the counts are equal and the costs within the configured tolerance
   */
  public record Row(LocalDate day, String wabaId, CallDirection direction, long metaCalls, BigDecimal metaCost,
      long ledgerCalls, BigDecimal ledgerCost, String currency, boolean matches, Instant checkedAt) {
    public BigDecimal costDifference() {
      return ledgerCost.subtract(metaCost);
    }
  }

  private final JdbcClient sql;

  public LedgerReconciliations(DataSource dataSource) {
    this.sql = JdbcClient.create(dataSource);
  }

  /**
   * The ledger's calls of one direction that connected on {@code day} (UTC), of the given business
   * numbers (empty: all).
   */
  public LedgerDay ledger(LocalDate day, CallDirection direction, Collection<String> phoneNumberIds) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("from", Timestamps.of(day.atStartOfDay(ZoneOffset.UTC).toInstant()));
    params.put("to", Timestamps.of(day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
    params.put("direction", direction.name());
    String numbers = "";
    if (!phoneNumberIds.isEmpty()) {
      numbers = " AND phone_number_id IN (:numbers)";
      params.put("numbers", List.copyOf(phoneNumberIds));
    }
    return sql.sql("SELECT count(*) AS calls, coalesce(sum(amount), 0) AS cost, min(currency) AS currency"
            + " FROM billing_charges WHERE connected_at >= :from AND connected_at < :to AND direction = :direction"
            + numbers)
        .params(params)
        .query((rs, i) -> new LedgerDay(rs.getLong("calls"), rs.getBigDecimal("cost"), rs.getString("currency")))
        .single();
  }

  /** Stores a row, replacing the one of the same day, account and direction. */
  public void save(Row row) {
    sql.sql("""
            INSERT INTO ledger_reconciliations (day, waba_id, direction, meta_calls, meta_cost, ledger_calls,
                ledger_cost, currency, matches, checked_at)
            VALUES (:day, :waba, :direction, :metaCalls, :metaCost, :ledgerCalls, :ledgerCost, :currency, :matches,
                :checkedAt)
            ON CONFLICT (day, waba_id, direction) DO UPDATE SET meta_calls = EXCLUDED.meta_calls,
                meta_cost = EXCLUDED.meta_cost, ledger_calls = EXCLUDED.ledger_calls,
                ledger_cost = EXCLUDED.ledger_cost, currency = EXCLUDED.currency, matches = EXCLUDED.matches,
                checked_at = EXCLUDED.checked_at""")
        .param("day", row.day())
        .param("waba", row.wabaId())
        .param("direction", row.direction().name())
        .param("metaCalls", row.metaCalls())
        .param("metaCost", row.metaCost())
        .param("ledgerCalls", row.ledgerCalls())
        .param("ledgerCost", row.ledgerCost())
        .param("currency", row.currency())
        .param("matches", row.matches())
        .param("checkedAt", Timestamps.of(row.checkedAt()))
        .update();
  }

  /** Rows of days in [from, to], newest day first; {@code differencesOnly} leaves out the matching ones. */
  public List<Row> list(LocalDate from, LocalDate to, boolean differencesOnly, int limit) {
    return sql.sql("SELECT * FROM ledger_reconciliations WHERE day >= :from AND day <= :to"
            + (differencesOnly ? " AND NOT matches" : "")
            + " ORDER BY day DESC, waba_id, direction LIMIT :limit")
        .param("from", from)
        .param("to", to)
        .param("limit", limit)
        .query((rs, i) -> new Row(rs.getObject("day", LocalDate.class), rs.getString("waba_id"),
            CallDirection.valueOf(rs.getString("direction")), rs.getLong("meta_calls"), rs.getBigDecimal("meta_cost"),
            rs.getLong("ledger_calls"), rs.getBigDecimal("ledger_cost"), rs.getString("currency"),
            rs.getBoolean("matches"), Timestamps.read(rs, "checked_at")))
        .list();
  }
}
