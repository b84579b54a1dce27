package io.wacall.backend.billing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The card a fresh database starts with (Flyway's V3): the markets of docs/meta-cloud-api.md#markets, with SAMPLE
 * rates, effective from the epoch so that every call has a card. Replace it by uploading the
 * business's current card from Meta.
 */
public final class DefaultRateCard {
  /** The shipped region-to-market mapping. */
  public static final String MARKET_MAPPING = "billing/market-regions.csv";
  /** The shipped rates: sample figures, see the file's header. */
  public static final String RATES = "billing/default-rate-card.csv";
  public static final Instant EFFECTIVE_FROM = Instant.EPOCH;
  public static final String SOURCE =
      "shipped default: SAMPLE rates (public third-party figures and placeholders), replace with your current card from Meta";

  private DefaultRateCard() {}

  /** Parses the shipped files and stores them as a card, inside the caller's transaction. */
  public static RateCard install(JdbcTemplate jdbc) {
    MarketMapping mapping = MarketMapping.fromClasspath(MARKET_MAPPING);
    var lines = RateCardCsv.parse(readClasspath(RATES), mapping);
    return new RateCardRepository(jdbc, TransactionOperations.withoutTransaction())
        .insert(EFFECTIVE_FROM, SOURCE, mapping, lines);
  }

  /** The shipped card in memory, as version 1, without a database (tools and benchmarks). */
  public static RateCard load() {
    MarketMapping mapping = MarketMapping.fromClasspath(MARKET_MAPPING);
    return new RateCard(1, EFFECTIVE_FROM, "USD", SOURCE, EFFECTIVE_FROM, mapping,
        RateCardCsv.parse(readClasspath(RATES), mapping));
  }

  static String readClasspath(String path) {
    try (InputStream in = DefaultRateCard.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing classpath resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }
}
