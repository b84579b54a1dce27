package io.wacall.backend.billing;

import io.wacall.workflows.billing.Pulses;
import io.wacall.workflows.billing.VolumeTiers;
import io.wacall.workflows.billing.VolumeTiers.Tier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One version of the rate card, immutable: the rates of each market by volume tier, and the
 * region-to-market mapping it was uploaded with. Prices calls in memory; the repository keeps it.
 */
public final class RateCard {

  /** A market's tiers, ascending and starting at 0; none when the market is N/A. */
  public record MarketRates(String market, List<Tier> tiers) {
    public MarketRates {
      tiers = List.copyOf(tiers);
    }

    public boolean callable() {
      return !tiers.isEmpty();
    }
  }

  private final long version;
  private final Instant effectiveFrom;
  private final String currency;
  private final String source;
  private final Instant createdAt;
  private final MarketMapping mapping;
  private final Map<String, MarketRates> rates;

  public RateCard(long version, Instant effectiveFrom, String currency, String source,
      Instant createdAt, MarketMapping mapping, List<RateCardCsv.Line> lines) {
    this.version = version;
    this.effectiveFrom = effectiveFrom;
    this.currency = currency;
    this.source = source;
    this.createdAt = createdAt;
    this.mapping = mapping;
    Map<String, List<Tier>> tiers = new LinkedHashMap<>();
    // In the mapping's market order, so listings read the same whatever the upload's line order.
    for (String market : mapping.markets()) {
      for (RateCardCsv.Line line : lines) {
        if (line.market().equals(market)) {
          List<Tier> list = tiers.computeIfAbsent(market, m -> new ArrayList<>());
          if (line.ratePerMinute() != null) {
            list.add(new Tier(line.tierFromMinutes(), line.ratePerMinute()));
          }
        }
      }
    }
    Map<String, MarketRates> byMarket = new LinkedHashMap<>();
    tiers.forEach((market, list) -> {
      list.sort(Comparator.comparingLong(Tier::fromMinutes));
      byMarket.put(market, new MarketRates(market, list));
    });
    this.rates = Collections.unmodifiableMap(byMarket);
  }

  /**
   * Prices a business-initiated call to a number of {@code region}.
   *
   * @param connectedSeconds the call's connected time
   * @param pulsesBefore the business's billed pulses in the call's market this month before it
   */
  public Rating rate(String region, long connectedSeconds, long pulsesBefore) {
    String market = mapping.marketOf(region);
    long pulses = Pulses.forDuration(connectedSeconds);
    MarketRates marketRates = rates.get(market);
    if (marketRates == null) {
      return notCallable(region, market, pulses, "rate card " + version + " has no rate for " + market);
    }
    if (!marketRates.callable()) {
      return notCallable(region, market, pulses, market + " is N/A on rate card " + version
          + ": business-initiated calls to it cannot be placed");
    }
    int index = VolumeTiers.select(marketRates.tiers(), pulsesBefore, pulses);
    Tier tier = marketRates.tiers().get(index);
    return new Rating(region, market, true, null, pulses, tier.ratePerMinute(),
        Pulses.amount(tier.ratePerMinute(), pulses), currency, version, index + 1, tier.fromMinutes());
  }

  private Rating notCallable(String region, String market, long pulses, String reason) {
    return new Rating(region, market, false, reason, pulses, null, null, currency, version, null, null);
  }

  public long version() {
    return version;
  }

  public Instant effectiveFrom() {
    return effectiveFrom;
  }

  public String currency() {
    return currency;
  }

  public String source() {
    return source;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public MarketMapping mapping() {
    return mapping;
  }

  /** The markets the card names, in the mapping's order. A market absent here cannot be called. */
  public Map<String, MarketRates> rates() {
    return rates;
  }

  public Optional<MarketRates> ratesFor(String market) {
    return Optional.ofNullable(rates.get(market));
  }
}
