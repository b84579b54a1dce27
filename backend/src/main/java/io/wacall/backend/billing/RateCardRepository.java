package io.wacall.backend.billing;

import io.wacall.backend.store.Timestamps;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rate cards in PostgreSQL. A card is never changed once stored, so each version is read once and
 * kept in memory; which version is in effect is asked of the database every time, so a card
 * uploaded through one process is used by every other at once.
 */
@Repository
public class RateCardRepository {

  /** A card's header, for listings. */
  public record Summary(long version, Instant effectiveFrom, String currency, String source, Instant createdAt) {}

  private final JdbcTemplate jdbc;
  private final JdbcClient sql;
  private final TransactionOperations transactions;
  private final Map<Long, RateCard> byVersion = new ConcurrentHashMap<>();

  @Autowired
  public RateCardRepository(DataSource dataSource, PlatformTransactionManager transactionManager) {
    this(new JdbcTemplate(dataSource), new TransactionTemplate(transactionManager));
  }

  RateCardRepository(JdbcTemplate jdbc, TransactionOperations transactions) {
    this.jdbc = jdbc;
    this.sql = JdbcClient.create(jdbc);
    this.transactions = transactions;
  }

  /** Stores a validated card as the next version. */
  public RateCard insert(Instant effectiveFrom, String source, MarketMapping mapping, List<RateCardCsv.Line> lines) {
    if (lines.isEmpty()) {
      throw new IllegalArgumentException("a rate card needs at least one rate");
    }
    String currency = lines.get(0).currency();
    return transactions.execute(status -> {
      Summary header = sql.sql("""
              INSERT INTO rate_cards (effective_from, currency, source)
              VALUES (:effectiveFrom, :currency, :source)
              RETURNING version, effective_from, currency, source, created_at""")
          .param("effectiveFrom", Timestamps.of(effectiveFrom))
          .param("currency", currency)
          .param("source", source)
          .query(RateCardRepository::summary)
          .single();
      jdbc.batchUpdate("""
              INSERT INTO rate_card_rates (card_version, market, tier_from_minutes, rate_per_minute)
              VALUES (?, ?, ?, ?)""",
          lines, 500, (ps, line) -> {
            ps.setLong(1, header.version());
            ps.setString(2, line.market());
            ps.setLong(3, line.tierFromMinutes());
            ps.setBigDecimal(4, line.ratePerMinute());
          });
      List<Map.Entry<String, String>> regions = new ArrayList<>(mapping.entries().entrySet());
      jdbc.batchUpdate("INSERT INTO rate_card_regions (card_version, region, market) VALUES (?, ?, ?)",
          regions, 500, (ps, entry) -> {
            ps.setLong(1, header.version());
            ps.setString(2, entry.getKey());
            ps.setString(3, entry.getValue());
          });
      return new RateCard(header.version(), header.effectiveFrom(), currency, source, header.createdAt(),
          mapping, lines);
    });
  }

  /** The card in effect at an instant: the latest effective from at or before it, newest on a tie. */
  public Optional<RateCard> inEffectAt(Instant at) {
    return sql.sql("""
            SELECT version FROM rate_cards WHERE effective_from <= :at
            ORDER BY effective_from DESC, version DESC LIMIT 1""")
        .param("at", Timestamps.of(at))
        .query(Long.class)
        .optional()
        .flatMap(this::find);
  }

  public Optional<RateCard> find(long version) {
    RateCard cached = byVersion.get(version);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<RateCard> loaded = load(version);
    loaded.ifPresent(card -> byVersion.putIfAbsent(version, card));
    return loaded;
  }

  /** Every card, newest version first. */
  public List<Summary> list() {
    return sql.sql("""
            SELECT version, effective_from, currency, source, created_at
            FROM rate_cards ORDER BY version DESC""")
        .query(RateCardRepository::summary)
        .list();
  }

  private Optional<RateCard> load(long version) {
    Optional<Summary> header = sql.sql("""
            SELECT version, effective_from, currency, source, created_at
            FROM rate_cards WHERE version = :version""")
        .param("version", version)
        .query(RateCardRepository::summary)
        .optional();
    if (header.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> regions = new LinkedHashMap<>();
    sql.sql("SELECT region, market FROM rate_card_regions WHERE card_version = :version ORDER BY region")
        .param("version", version)
        .query(rs -> {
          regions.put(rs.getString("region"), rs.getString("market"));
        });
    String currency = header.get().currency();
    List<RateCardCsv.Line> lines = sql.sql("""
            SELECT market, tier_from_minutes, rate_per_minute FROM rate_card_rates
            WHERE card_version = :version ORDER BY market, tier_from_minutes""")
        .param("version", version)
        .query((rs, n) -> new RateCardCsv.Line(0, rs.getString("market"), rs.getLong("tier_from_minutes"),
            rate(rs.getBigDecimal("rate_per_minute")), currency))
        .list();
    Summary h = header.get();
    return Optional.of(new RateCard(h.version(), h.effectiveFrom(), h.currency(), h.source(), h.createdAt(),
        MarketMapping.of(regions), lines));
  }

  // NUMERIC(18,8) reads back with 8 decimal places; the card shows the rate as it was written.
  private static BigDecimal rate(BigDecimal stored) {
    return stored == null ? null : Money.normalize(stored);
  }

  private static Summary summary(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
    return new Summary(rs.getLong("version"), Timestamps.read(rs, "effective_from"),
        rs.getString("currency"), rs.getString("source"), Timestamps.read(rs, "created_at"));
  }
}
