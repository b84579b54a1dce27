package io.wacall.sandbox.analytics;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.io.Resource;

/**
 * The prices the sandbox's Meta bills business-initiated calls at, read from a rate card in Meta's
 * CSV form ({@code market,tier_from_minutes,rate_per_minute,currency}; {@code N/A} for a market that
 * cannot be called) and a region-to-market mapping ({@code region,market}; {@code *} for every
 * other region), the files a business gets from Meta (docs/meta-cloud-api.md#rate-cards). Meta's
 * rules, played here on their own and not with wacall's billing code: the market is the country of
 * the customer's number (by libphonenumber's number plan; a number of a range it does not know, in
 * the calling code's main country); a call is billed per started 6 seconds at a tenth of the per-minute rate;
 * a tier applies to the month's minutes beyond its bound, and a call that crosses a tier boundary
 * is billed entirely at the cheaper tier's rate.
 */
final class PriceList {
  private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
  private static final int PULSE_SECONDS = 6;
  private static final int PULSES_PER_MINUTE = 10;

  private record Tier(long fromPulses, BigDecimal ratePerMinute) {}

  /** A call priced: its pulses and amount, and the market whose month it adds to. */
  record Price(String market, long pulses, BigDecimal amount) {}

  private final Map<String, String> marketOfRegion;
  private final String marketOfOtherRegions;
  /** Ascending by bound; empty for a market that cannot be called. */
  private final Map<String, List<Tier>> tiers;

  private PriceList(Map<String, String> marketOfRegion, String marketOfOtherRegions, Map<String, List<Tier>> tiers) {
    this.marketOfRegion = marketOfRegion;
    this.marketOfOtherRegions = marketOfOtherRegions;
    this.tiers = tiers;
  }

  static PriceList read(Resource rateCard, Resource marketMapping) {
    Map<String, String> regions = new HashMap<>();
    String other = null;
    for (String[] row : rows(marketMapping, "region")) {
      if (row[0].equals("*")) {
        other = row[1];
      } else {
        regions.put(row[0].toUpperCase(Locale.ROOT), row[1]);
      }
    }
    Map<String, List<Tier>> tiers = new HashMap<>();
    for (String[] row : rows(rateCard, "market")) {
      List<Tier> market = tiers.computeIfAbsent(row[0], m -> new ArrayList<>());
      if (!row[2].equalsIgnoreCase("N/A")) {
        market.add(new Tier(Long.parseLong(row[1]) * PULSES_PER_MINUTE, new BigDecimal(row[2])));
      }
    }
    tiers.values().forEach(list -> list.sort(Comparator.comparingLong(Tier::fromPulses)));
    return new PriceList(regions, other, tiers);
  }

  /**
   * The price of a business-initiated call of {@code seconds} to {@code waId}, with {@code
   * pulsesBefore} billed in its market this month; empty when its market cannot be called or the
   * number has no country.
   */
  Optional<Price> price(String waId, long seconds, java.util.function.ToLongFunction<String> pulsesBefore) {
    String region;
    try {
      PhoneNumber number = PHONES.parse("+" + waId, "ZZ");
      // by number plan where a calling code is shared (+1 876 is Jamaica); a number of a range the
      // plan does not know (a drama number) is billed in the calling code's main country
      region = Optional.ofNullable(PHONES.getRegionCodeForNumber(number))
          .orElse(PHONES.getRegionCodeForCountryCode(number.getCountryCode()));
    } catch (NumberParseException e) {
      return Optional.empty();
    }
    if (PhoneNumberUtil.REGION_CODE_FOR_NON_GEO_ENTITY.equals(region) || "ZZ".equals(region)) {
      return Optional.empty();
    }
    String market = region == null ? null : marketOfRegion.getOrDefault(region, marketOfOtherRegions);
    List<Tier> marketTiers = market == null ? List.of() : tiers.getOrDefault(market, List.of());
    if (marketTiers.isEmpty()) {
      return Optional.empty();
    }
    long pulses = (seconds + PULSE_SECONDS - 1) / PULSE_SECONDS;
    long before = pulsesBefore.applyAsLong(market);
    // The call takes the month's pulses (before, before + pulses]: from the tier its first pulse falls
    // in (the last whose bound is at or below before) to the tier of its last one (the last whose
    // bound is below the end); the cheapest of those prices all of it.
    int first = 0;
    while (first + 1 < marketTiers.size() && marketTiers.get(first + 1).fromPulses() <= before) {
      first++;
    }
    BigDecimal rate = marketTiers.get(first).ratePerMinute();
    for (int i = first + 1; i < marketTiers.size() && marketTiers.get(i).fromPulses() < before + pulses; i++) {
      rate = rate.min(marketTiers.get(i).ratePerMinute());
    }
    return Optional.of(new Price(market, pulses, rate.multiply(BigDecimal.valueOf(pulses)).movePointLeft(1)));
  }

  private static List<String[]> rows(Resource resource, String header) {
    String text;
    try {
      text = resource.getContentAsString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the sandbox's price list " + resource, e);
    }
    List<String[]> rows = new ArrayList<>();
    for (String line : text.split("\\R")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith(header + ",")) {
        continue;
      }
      rows.add(trimmed.split("\\s*,\\s*"));
    }
    return rows;
  }
}
