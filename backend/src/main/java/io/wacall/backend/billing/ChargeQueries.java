package io.wacall.backend.billing;

import io.wacall.backend.store.ListQuery;
import io.wacall.backend.store.Timestamps;
import io.wacall.workflows.billing.ChargeRecord;
import io.wacall.workflows.billing.Pulses;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The read side of the ledger: listings, exports and the monthly summary. */
@Repository
public class ChargeQueries {
  private static final int EXPORT_BATCH = 1_000;

  /**
   * Which charges to list; every field optional. {@code from} and {@code to} select by the instant
   * the call connected (the one that picked its card and volume month), half-open: [from, to).
   */
  public record Filter(Instant from, Instant to, String phoneNumberId, String callId) {}

  public record Page(List<ChargeRecord> items, int page, int size, long totalItems) {}

  /** One market's month. Billed figures count business-initiated calls; calls counts every call. */
  public record MarketSummary(String market, String currency, long calls, long businessInitiatedCalls,
      long userInitiatedCalls, long pulses, BigDecimal billedMinutes, BigDecimal amount) {}

  private final JdbcClient sql;

  public ChargeQueries(DataSource dataSource) {
    this.sql = JdbcClient.create(dataSource);
  }

  public Page page(Filter filter, int page, int size) {
    Map<String, Object> params = new LinkedHashMap<>();
    String where = where(filter, params);
    long total = sql.sql("SELECT count(*) FROM billing_charges" + where).params(params)
        .query(Long.class).single();
    ListQuery q = pageQuery(filter, page, size);
    List<ChargeRecord> items = sql.sql(q.sql()).params(q.params()).query(ChargeLedger::charge).list();
    return new Page(items, page, size, total);
  }

  /** A page's rows: an index walk in {@code (connected_at, call_id)} order (ListQueryPlanTest). */
  public static ListQuery pageQuery(Filter filter, int page, int size) {
    Map<String, Object> params = new LinkedHashMap<>();
    String where = where(filter, params);
    params.put("limit", size);
    params.put("offset", (long) page * size);
    return new ListQuery("SELECT * FROM billing_charges" + where
        + " ORDER BY connected_at, call_id LIMIT :limit OFFSET :offset", params);
  }

  /** Every matching charge, oldest first, read in batches so that memory stays flat. */
  public void forEach(Filter filter, Consumer<ChargeRecord> sink) {
    Instant afterAt = null;
    String afterId = null;
    while (true) {
      Map<String, Object> params = new LinkedHashMap<>();
      String where = where(filter, params);
      if (afterAt != null) {
        where += (where.isEmpty() ? " WHERE " : " AND ") + "(connected_at, call_id) > (:afterAt, :afterId)";
        params.put("afterAt", Timestamps.of(afterAt));
        params.put("afterId", afterId);
      }
      params.put("limit", EXPORT_BATCH);
      List<ChargeRecord> batch = sql.sql("SELECT * FROM billing_charges" + where
              + " ORDER BY connected_at, call_id LIMIT :limit")
          .params(params)
          .query(ChargeLedger::charge)
          .list();
      batch.forEach(sink);
      if (batch.size() < EXPORT_BATCH) {
        return;
      }
      ChargeRecord last = batch.get(batch.size() - 1);
      afterAt = last.connectedAt();
      afterId = last.callId();
    }
  }

  /** Per market and currency, the month's calls, billed pulses and minutes, and amount. */
  public List<MarketSummary> summary(YearMonth month, String phoneNumberId) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("month", month.atDay(1));
    String byNumber = "";
    if (phoneNumberId != null) {
      byNumber = " AND phone_number_id = :phoneNumberId";
      params.put("phoneNumberId", phoneNumberId);
    }
    return sql.sql("""
            SELECT market, currency, count(*) AS calls,
                   count(*) FILTER (WHERE direction = 'BUSINESS_INITIATED') AS business_calls,
                   count(*) FILTER (WHERE direction = 'USER_INITIATED') AS user_calls,
                   coalesce(sum(pulses), 0) AS pulses, coalesce(sum(amount), 0) AS amount
            FROM billing_charges WHERE volume_month = :month""" + byNumber
            + " GROUP BY market, currency ORDER BY market NULLS LAST, currency")
        .params(params)
        .query((rs, n) -> new MarketSummary(rs.getString("market"), rs.getString("currency"),
            rs.getLong("calls"), rs.getLong("business_calls"), rs.getLong("user_calls"),
            rs.getLong("pulses"), Money.normalize(Pulses.minutes(rs.getLong("pulses"))),
            Money.normalize(rs.getBigDecimal("amount"))))
        .list();
  }

  /** A business number's billed pulses in a market this month (0 before its first call there). */
  public long monthToDatePulses(String phoneNumberId, String market, LocalDate month) {
    return sql.sql("""
            SELECT billed_pulses FROM billing_volumes
            WHERE phone_number_id = :p AND market = :m AND volume_month = :month""")
        .param("p", phoneNumberId)
        .param("m", market)
        .param("month", month)
        .query(Long.class)
        .optional()
        .orElse(0L);
  }

  private static String where(Filter filter, Map<String, Object> params) {
    StringBuilder where = new StringBuilder();
    if (filter.from() != null) {
      and(where).append("connected_at >= :from");
      params.put("from", Timestamps.of(filter.from()));
    }
    if (filter.to() != null) {
      and(where).append("connected_at < :to");
      params.put("to", Timestamps.of(filter.to()));
    }
    if (filter.phoneNumberId() != null) {
      and(where).append("phone_number_id = :phoneNumberId");
      params.put("phoneNumberId", filter.phoneNumberId());
    }
    if (filter.callId() != null) {
      and(where).append("call_id = :callId");
      params.put("callId", filter.callId());
    }
    return where.toString();
  }

  private static StringBuilder and(StringBuilder where) {
    return where.append(where.length() == 0 ? " WHERE " : " AND ");
  }
}
