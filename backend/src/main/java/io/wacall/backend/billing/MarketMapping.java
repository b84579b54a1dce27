package io.wacall.backend.billing;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which rate-card market each region belongs to: the named markets, the "Rest of ..." groups, and
 * a fallback market (region {@code *}, "Other" in the shipped file) for every region not listed.
 * Data, not code: read from a CSV {@code region,market} and stored with each rate card.
 */
public final class MarketMapping {
  /** The region code that names the market of every region not listed. */
  public static final String ANY_OTHER_REGION = "*";

  private static final Set<String> KNOWN_REGIONS = knownRegions();

  private final Map<String, String> marketByRegion;
  private final String fallbackMarket;
  private final List<String> markets;
  private final Map<String, String> marketByLowerCaseName;

  private MarketMapping(Map<String, String> marketByRegion, String fallbackMarket) {
    this.marketByRegion = Collections.unmodifiableMap(new LinkedHashMap<>(marketByRegion));
    this.fallbackMarket = fallbackMarket;
    Set<String> names = new LinkedHashSet<>(marketByRegion.values());
    names.add(fallbackMarket);
    this.markets = List.copyOf(names);
    Map<String, String> lower = new LinkedHashMap<>();
    for (String name : markets) {
      lower.put(name.toLowerCase(Locale.ROOT), name);
    }
    this.marketByLowerCaseName = lower;
  }

  /** A mapping from its entries, the fallback under {@link #ANY_OTHER_REGION}. */
  public static MarketMapping of(Map<String, String> entries) {
    String fallback = entries.get(ANY_OTHER_REGION);
    if (fallback == null || fallback.isBlank()) {
      throw new IllegalArgumentException("the mapping needs a market for region '*' (every other region)");
    }
    Map<String, String> regions = new LinkedHashMap<>(entries);
    regions.remove(ANY_OTHER_REGION);
    return new MarketMapping(regions, fallback);
  }

  /** Reads a {@code region,market} CSV ('#' comment lines allowed), checking every region code. */
  public static MarketMapping parse(String text) {
    Map<String, String> entries = new LinkedHashMap<>();
    Map<String, Integer> lineOf = new LinkedHashMap<>();
    boolean header = true;
    for (Csv.Line line : Csv.lines(text)) {
      if (!line.isData()) {
        continue;
      }
      List<String> fields = Csv.fields(line.text());
      if (header) {
        if (!fields.equals(List.of("region", "market"))) {
          throw new IllegalArgumentException("line " + line.number() + ": expected the header region,market");
        }
        header = false;
        continue;
      }
      if (fields.size() != 2 || fields.get(1).isEmpty()) {
        throw new IllegalArgumentException("line " + line.number() + ": expected region,market");
      }
      String region = fields.get(0).toUpperCase(Locale.ROOT);
      if (!region.equals(ANY_OTHER_REGION) && !KNOWN_REGIONS.contains(region)) {
        throw new IllegalArgumentException(
            "line " + line.number() + ": '" + fields.get(0) + "' is not a region libphonenumber knows");
      }
      Integer first = lineOf.putIfAbsent(region, line.number());
      if (first != null) {
        throw new IllegalArgumentException(
            "line " + line.number() + ": region " + region + " is already mapped on line " + first);
      }
      entries.put(region, fields.get(1));
    }
    return of(entries);
  }

  /** Reads a mapping from the classpath, e.g. {@code billing/market-regions.csv}. */
  public static MarketMapping fromClasspath(String path) {
    return parse(DefaultRateCard.readClasspath(path));
  }

  /** The market of a region (its fallback market when the region is not listed). */
  public String marketOf(String region) {
    return marketByRegion.getOrDefault(region, fallbackMarket);
  }

  /** The canonical name of a market, matched without regard to case. */
  public Optional<String> canonicalMarket(String name) {
    return Optional.ofNullable(marketByLowerCaseName.get(name.strip().toLowerCase(Locale.ROOT)));
  }

  /** Every market, in the order the mapping names them, the fallback market last. */
  public List<String> markets() {
    return markets;
  }

  public String fallbackMarket() {
    return fallbackMarket;
  }

  /** Every entry, the fallback under {@link #ANY_OTHER_REGION}, in file order. */
  public Map<String, String> entries() {
    Map<String, String> all = new LinkedHashMap<>(marketByRegion);
    all.put(ANY_OTHER_REGION, fallbackMarket);
    return all;
  }

  /** The regions of each market (the fallback market lists {@code *}). */
  public Map<String, List<String>> regionsByMarket() {
    Map<String, List<String>> byMarket = new LinkedHashMap<>();
    for (String market : markets) {
      byMarket.put(market, new ArrayList<>());
    }
    entries().forEach((region, market) -> byMarket.get(market).add(region));
    return byMarket;
  }

  private static Set<String> knownRegions() {
    Set<String> regions = new LinkedHashSet<>(PhoneNumberUtil.getInstance().getSupportedRegions());
    regions.add(PhoneNumberUtil.REGION_CODE_FOR_NON_GEO_ENTITY);
    return Set.copyOf(regions);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof MarketMapping m && m.entries().equals(entries());
  }

  @Override
  public int hashCode() {
    return entries().hashCode();
  }
}
