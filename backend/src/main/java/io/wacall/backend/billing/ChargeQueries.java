package io.wacall.backend.billing;

import io.wacall.backend.store.Keyset;
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

  /**
   * A page of the ledger: {@code totalItems} counted up to {@link Keyset#TOTAL_CAP} ({@code
   * totalIsExact} false past it), both null on a page asked by cursor (its client has them from the
   * first page), and the cursor of the next page when there is one.
   */
  public record Page(List<ChargeRecord> items, int page, int size, Long totalItems, Boolean totalIsExact,
      boolean hasMore, String nextCursor) {}

  /** One market's month. Billed figures count business-initiated calls; calls counts every call. */
  public record MarketSummary(String market, String currency, long calls, long businessInitiatedCalls,
      long userInitiatedCalls, long pulses, BigDecimal billedMinutes, BigDecimal amount) {}

  private final JdbcClient sql;

  public ChargeQueries(DataSource dataSource) {
    this.sql = JdbcClient.create(dataSource);
  }

  public Page page(Filter filter, int page, int size) {
    return page(filter, page, null, size);
  }

  /** The page at {@code page}, or after {@code cursor} (a {@code nextCursor} of the same filters) when given. */
  public Page page(Filter filter, int page, String cursor, int size) {
    Map<String, Object> filters = new LinkedHashMap<>();
    String where = where(filter, filters);
    ListQuery.Where counted = new ListQuery.Where();
    if (!where.isEmpty()) {
      counted.and(where.substring(" WHERE ".length()));
    }
    filters.forEach(counted::param);
    Keyset.Total total = cursor == null ? Keyset.count(sql, "billing_charges", counted) : null;
    ListQuery q;
    if (cursor == null) {
      q = offsetQuery(filter, (long) page * size, size + 1);
    } else {
      List<String> key = Keyset.decode(cursor, LIST, filters, 2);
      if (key.get(0) == null || key.get(1) == null) {
        throw new Keyset.InvalidCursorException("cursor is not a cursor of this list: use the nextCursor of its previous page");
      }
      q = afterQuery(filter, Keyset.timestamp(key.get(0)), key.get(1), size + 1);
    }
    List<ChargeRecord> rows = sql.sql(q.sql()).params(q.params()).query(ChargeLedger::charge).list();
    Keyset.Slice<ChargeRecord> slice = Keyset.slice(rows, size,
        last -> Keyset.encode(LIST, filters, List.of(last.connectedAt().toString(), last.callId())));
    return new Page(slice.items(), page, size, total == null ? null : total.value(),
        total == null ? null : total.exact(), slice.hasMore(), slice.nextCursor());
  }

  private static final String LIST = "charges";

  /** A page's rows: an index walk in {@code (connected_at, call_id)} order (ListQueryPlanTest). */
  public static ListQuery pageQuery(Filter filter, int page, int size) {
    return offsetQuery(filter, (long) page * size, size);
  }

  private static ListQuery offsetQuery(Filter filter, long offset, int limit) {
    Map<String, Object> params = new LinkedHashMap<>();
    String where = where(filter, params);
    params.put("limit", limit);
    params.put("offset", offset);
    return new ListQuery("SELECT * FROM billing_charges" + where
        + " ORDER BY connected_at, call_id LIMIT :limit OFFSET :offset", params);
  }

  /** The {@code limit} rows after {@code (connectedAt, callId)}: one walk of the same index, from the key. */
  public static ListQuery afterQuery(Filter filter, Object connectedAt, String callId, int limit) {
    Map<String, Object> params = new LinkedHashMap<>();
    String where = where(filter, params);
    params.put("afterAt", connectedAt);
    params.put("afterId", callId);
    params.put("limit", limit);
    return new ListQuery("SELECT * FROM billing_charges" + where + (where.isEmpty() ? " WHERE " : " AND ")
        + "(connected_at, call_id) > (:afterAt, :afterId) ORDER BY connected_at, call_id LIMIT :limit", params);
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
