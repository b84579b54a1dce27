package io.wacall.backend.billing;

import io.wacall.backend.store.Timestamps;
import io.wacall.contract.call.view.CallDirection;
import io.wacall.workflows.billing.ChargeRecord;
import io.wacall.workflows.billing.ChargeRequest;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The billing ledger: one row per call, priced on the card in effect when the call connected, and
 * the business number's month-to-date volume in the market, both written in one transaction.
 *
 * <p>Exactly one row per call id, whatever the concurrency: the primary key decides between racing
 * writers ({@code ON CONFLICT DO NOTHING}), and a loser compares its figures with the winner's row.
 * Exact volume under concurrency: a business-initiated call locks its (number, market, month) volume
 * row before reading it, so the calls of one market are priced one after the other, each against the
 * volume of every call committed before it.
 */
@Repository
public class ChargeLedger {
  private static final String COLUMNS = """
      call_id, direction, phone_number_id, region, market, connected_at, connected_seconds, pulses,
      rate_per_minute, amount, currency, rate_card_version, tier, tier_from_minutes, charged_at""";

  private final JdbcClient sql;
  private final TransactionTemplate transactions;
  private final RateCardRepository cards;
  private final ZoneId volumeZone;
  private final Clock clock;

  @Autowired
  public ChargeLedger(DataSource dataSource, PlatformTransactionManager transactionManager,
      RateCardRepository cards, BillingProperties properties, ObjectProvider<Clock> clock) {
    this(dataSource, transactionManager, cards, properties.volumeZone(), clock.getIfAvailable(Clock::systemUTC));
  }

  public ChargeLedger(DataSource dataSource, PlatformTransactionManager transactionManager,
      RateCardRepository cards, ZoneId volumeZone, Clock clock) {
    this.sql = JdbcClient.create(dataSource);
    this.transactions = new TransactionTemplate(transactionManager);
    this.cards = cards;
    this.volumeZone = volumeZone;
    this.clock = clock;
  }

  /**
   * Prices and records a call, or returns its row if it is already recorded with the same figures.
   *
   * @throws BillingException a request that cannot be recorded (see its subclasses)
   */
  public ChargeRecord record(ChargeRequest request) {
    validate(request);
    // TIMESTAMPTZ keeps microseconds: compare what is stored with what is stored.
    Instant connectedAt = request.connectedAt().truncatedTo(ChronoUnit.MICROS);
    boolean billable = request.direction() == CallDirection.BUSINESS_INITIATED;
    String region = region(request.customerNumber(), billable);
    RateCard card = cards.inEffectAt(connectedAt).orElseThrow(() -> new BillingException.NoRateCard(
        "no rate card was in effect at " + connectedAt));
    String market = region == null ? null : card.mapping().marketOf(region);
    if (billable) {
      // Fail before touching the volume: the call cannot be priced, whatever the volume.
      Rating probe = card.rate(region, 0, 0);
      if (!probe.callable()) {
        throw new BillingException.MarketNotCallable(probe.reason());
      }
    }
    LocalDate month = volumeMonth(connectedAt);
    Figures figures = new Figures(request.direction(), request.phoneNumberId(), region, connectedAt,
        request.connectedSeconds());

    return transactions.execute(status -> {
      Optional<ChargeRecord> existing = find(request.callId());
      if (existing.isPresent()) {
        return sameOrConflict(existing.get(), figures);
      }
      ChargeRecord row;
      if (billable) {
        long pulsesBefore = lockVolume(request.phoneNumberId(), market, month);
        Rating rating = card.rate(region, request.connectedSeconds(), pulsesBefore);
        row = new ChargeRecord(request.callId(), request.direction(), request.phoneNumberId(), region,
            market, connectedAt, request.connectedSeconds(), rating.pulses(),
            Money.normalize(rating.ratePerMinute()), Money.normalize(rating.amount()), rating.currency(),
            card.version(), rating.tier(), rating.tierFromMinutes(), now());
      } else {
        // Free, but recorded, so that the ledger lists every call; it adds nothing to the volume.
        row = new ChargeRecord(request.callId(), request.direction(), request.phoneNumberId(), region,
            market, connectedAt, request.connectedSeconds(), 0, BigDecimal.ZERO, BigDecimal.ZERO,
            card.currency(), card.version(), null, null, now());
      }
      if (!insert(row, month)) {
        // Another attempt for the same call committed first: this one writes nothing.
        return sameOrConflict(find(request.callId()).orElseThrow(), figures);
      }
      if (billable) {
        sql.sql("""
                UPDATE billing_volumes SET billed_pulses = billed_pulses + :pulses
                WHERE phone_number_id = :phoneNumberId AND market = :market AND volume_month = :month""")
            .param("pulses", row.pulses())
            .param("phoneNumberId", row.phoneNumberId())
            .param("market", market)
            .param("month", month)
            .update();
      }
      return row;
    });
  }

  /** The row of a call, if it has one. */
  public Optional<ChargeRecord> find(String callId) {
    return sql.sql("SELECT " + COLUMNS + " FROM billing_charges WHERE call_id = :callId")
        .param("callId", callId)
        .query(ChargeLedger::charge)
        .optional();
  }

  /** The month (its first day, in the volume zone) an instant's volume counts in. */
  public LocalDate volumeMonth(Instant at) {
    return YearMonth.from(at.atZone(volumeZone)).atDay(1);
  }

  public ZoneId volumeZone() {
    return volumeZone;
  }

  private String region(String customerNumber, boolean billable) {
    try {
      return PhoneRegions.regionOf(customerNumber);
    } catch (BillingException.InvalidPhoneNumber e) {
      if (billable) {
        throw new BillingException.InvalidPhoneNumber("the customer's number: " + e.getMessage());
      }
      // A free call still gets its row; without a region it just has no market.
      return null;
    }
  }

  private long lockVolume(String phoneNumberId, String market, LocalDate month) {
    sql.sql("""
            INSERT INTO billing_volumes (phone_number_id, market, volume_month) VALUES (:p, :m, :month)
            ON CONFLICT DO NOTHING""")
        .param("p", phoneNumberId)
        .param("m", market)
        .param("month", month)
        .update();
    return sql.sql("""
            SELECT billed_pulses FROM billing_volumes
            WHERE phone_number_id = :p AND market = :m AND volume_month = :month FOR UPDATE""")
        .param("p", phoneNumberId)
        .param("m", market)
        .param("month", month)
        .query(Long.class)
        .single();
  }

  private boolean insert(ChargeRecord row, LocalDate month) {
    return sql.sql("INSERT INTO billing_charges (" + COLUMNS + ", volume_month) VALUES ("
            + ":callId, :direction, :phoneNumberId, :region, :market, :connectedAt, :connectedSeconds,"
            + " :pulses, :rate, :amount, :currency, :cardVersion, :tier, :tierFrom, :chargedAt, :month)"
            + " ON CONFLICT (call_id) DO NOTHING")
        .param("callId", row.callId())
        .param("direction", row.direction().name())
        .param("phoneNumberId", row.phoneNumberId())
        .param("region", row.region())
        .param("market", row.market())
        .param("connectedAt", Timestamps.of(row.connectedAt()))
        .param("connectedSeconds", row.connectedSeconds())
        .param("pulses", row.pulses())
        .param("rate", row.ratePerMinute())
        .param("amount", row.amount())
        .param("currency", row.currency())
        .param("cardVersion", row.rateCardVersion())
        .param("tier", row.tier())
        .param("tierFrom", row.tierFromMinutes())
        .param("chargedAt", Timestamps.of(row.chargedAt()))
        .param("month", month)
        .update() == 1;
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  /** What makes two attempts the same call: the figures the price was computed from. */
  private record Figures(CallDirection direction, String phoneNumberId, String region, Instant connectedAt,
      long connectedSeconds) {}

  private static ChargeRecord sameOrConflict(ChargeRecord stored, Figures asked) {
    List<String> differences = new ArrayList<>();
    differ(differences, "direction", stored.direction(), asked.direction());
    differ(differences, "phoneNumberId", stored.phoneNumberId(), asked.phoneNumberId());
    differ(differences, "region", stored.region(), asked.region());
    differ(differences, "connectedAt", stored.connectedAt(), asked.connectedAt());
    differ(differences, "connectedSeconds", stored.connectedSeconds(), asked.connectedSeconds());
    if (differences.isEmpty()) {
      return stored;
    }
    throw new BillingException.ChargeConflict("call " + stored.callId()
        + " is already charged with different figures (" + String.join("; ", differences)
        + "); the ledger row is never overwritten");
  }

  private static void differ(List<String> differences, String field, Object stored, Object asked) {
    if (!Objects.equals(stored, asked)) {
      differences.add(field + " stored " + stored + ", now " + asked);
    }
  }

  private static void validate(ChargeRequest request) {
    List<String> problems = new ArrayList<>();
    if (request == null) {
      throw new BillingException.InvalidChargeRequest("no charge request");
    }
    if (request.callId() == null || request.callId().isBlank()) {
      problems.add("callId is required");
    }
    if (request.direction() == null) {
      problems.add("direction is required");
    }
    if (request.phoneNumberId() == null || request.phoneNumberId().isBlank()) {
      problems.add("phoneNumberId is required");
    }
    if (request.connectedAt() == null) {
      problems.add("connectedAt is required");
    }
    if (request.connectedSeconds() < 0) {
      problems.add("connectedSeconds cannot be negative (" + request.connectedSeconds() + ")");
    }
    if (!problems.isEmpty()) {
      throw new BillingException.InvalidChargeRequest(String.join("; ", problems));
    }
  }

  static ChargeRecord charge(ResultSet rs, int row) throws SQLException {
    return new ChargeRecord(
        rs.getString("call_id"),
        CallDirection.valueOf(rs.getString("direction")),
        rs.getString("phone_number_id"),
        rs.getString("region"),
        rs.getString("market"),
        Timestamps.read(rs, "connected_at"),
        rs.getLong("connected_seconds"),
        rs.getLong("pulses"),
        Money.normalize(rs.getBigDecimal("rate_per_minute")),
        Money.normalize(rs.getBigDecimal("amount")),
        rs.getString("currency"),
        rs.getLong("rate_card_version"),
        (Integer) rs.getObject("tier"),
        rs.getObject("tier_from_minutes") == null ? null : rs.getLong("tier_from_minutes"),
        Timestamps.read(rs, "charged_at"));
  }
}
