package io.wacall.sandbox.analytics;

import io.wacall.sandbox.SandboxProperties;
import io.wacall.sandbox.webhook.CallDirection;
import io.wacall.sandbox.webhook.CallLeg;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.stereotype.Component;

/**
 * What Meta counts and bills for the calls the sandbox played, read back by {@code GET
 * /{WABA_ID}/call_analytics} (docs/meta-cloud-api.md#call-analytics). Every call that ends is one
 * call, at the time a ledger books it: when it connected (Meta's {@code start_time}), else when it
 * ended. A user-initiated call costs nothing; a business-initiated one is priced on the price list
 * {@code wacall.sandbox.billing} names ({@link PriceList}), at the business number's volume of the
 * month (UTC) in the market; without a price list, or to a market that cannot be called, it costs
 * nothing.
 *
 * <p>Kept in memory, the latest {@link #KEPT} calls.
 */
@Component
public class BilledCalls {
  /** Calls kept: the sandbox is for development, not for a year of traffic. */
  static final int KEPT = 100_000;

  /** One ended call as Meta's analytics see it. */
  public record BilledCall(String phoneNumberId, CallDirection direction, Instant at, long connectedSeconds,
      BigDecimal cost) {}

  private record Volume(String phoneNumberId, String market, LocalDate month) {}

  private final PriceList prices;
  private final Deque<BilledCall> calls = new ArrayDeque<>();
  private final Map<Volume, Long> billedPulses = new HashMap<>();

  public BilledCalls(SandboxProperties properties) {
    SandboxProperties.Billing billing = properties.billing();
    DefaultResourceLoader resources = new DefaultResourceLoader();
    this.prices = billing.priceList() == null ? null
        : PriceList.read(resources.getResource(billing.priceList()), resources.getResource(billing.marketMapping()));
  }

  /** Books a call that ended; {@code connectedAt} null when it never connected. */
  public synchronized BilledCall ended(CallLeg leg, Instant connectedAt, Instant endedAt) {
    // whole seconds, as the terminate webhook reports them
    Instant at = Instant.ofEpochSecond((connectedAt != null ? connectedAt : endedAt).getEpochSecond());
    long seconds = connectedAt == null ? 0 : endedAt.getEpochSecond() - connectedAt.getEpochSecond();
    BigDecimal cost = leg.direction() == CallDirection.BUSINESS_INITIATED ? charge(leg, at, seconds) : BigDecimal.ZERO;
    BilledCall call = new BilledCall(leg.phoneNumberId(), leg.direction(), at, seconds, cost);
    calls.addLast(call);
    if (calls.size() > KEPT) {
      calls.removeFirst();
    }
    return call;
  }

  /** The calls booked in [start, end) in these directions, oldest first. */
  public synchronized List<BilledCall> between(Instant start, Instant end, Set<CallDirection> directions) {
    return calls.stream()
        .filter(c -> !c.at().isBefore(start) && c.at().isBefore(end) && directions.contains(c.direction()))
        .toList();
  }

  private BigDecimal charge(CallLeg leg, Instant at, long seconds) {
    if (prices == null) {
      return BigDecimal.ZERO;
    }
    LocalDate month = LocalDate.ofInstant(at, ZoneOffset.UTC).withDayOfMonth(1);
    return prices.price(leg.waId(), seconds,
            market -> billedPulses.getOrDefault(new Volume(leg.phoneNumberId(), market, month), 0L))
        .map(price -> {
          billedPulses.merge(new Volume(leg.phoneNumberId(), price.market(), month), price.pulses(), Long::sum);
          return price.amount();
        })
        .orElse(BigDecimal.ZERO);
  }
}
